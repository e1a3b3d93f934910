import type { Db } from '../db/open-database';
import { heldExamKeys } from '../exam-keys/key-store';
import type { StepConfirmation } from '../ipc/dto';
import { currentPackages } from '../packages/package-rows';

/** The step the key's receipt does (confirmable-steps.ts): «Получение ключа доступа к ЭМ» at 09:30. */
export const KEY_STEP = 'key_release';

const GEK_MEMBER = 5;

/**
 * The key_release step done by the fact itself (issue 12): once HQ holds RCOI's main key file for the exam's package,
 * the step is done by the GEK member who asked for it with their token (`requestedBy`, RCOI's staff id, looked up in
 * the roster) at the moment the file was recorded — nobody has to press «Подтвердить» for what the key file proves.
 * Only HQ knows its exam's package (internet_package); elsewhere, and in training without RCOI, there is no such key
 * and the step is confirmed by hand as before. `station` is this station's number: the key is received here.
 */
export function keyReceipt(db: Db, examId: number, station: string): StepConfirmation | null {
  const pkg = currentPackages(db).get(examId);
  if (!pkg) return null;
  const main = heldExamKeys(db, pkg.packageId).find((k) => k.kind === 'main');
  if (!main) return null;
  const member = db
    .prepare<[string], { id: number; last_name: string; first_name: string; middle_name: string }>(
      'SELECT id, last_name, first_name, middle_name FROM staff WHERE external_id = ? ORDER BY id LIMIT 1',
    )
    .get(main.payload.requestedBy.staffId);
  return {
    atUtc: main.receivedAt,
    // A member RCOI knows but this roster does not: the step is still done, named by role (staff ids start at 1).
    staffId: member?.id ?? 0,
    roleCode: GEK_MEMBER,
    name: member ? { lastName: member.last_name, firstName: member.first_name, middleName: member.middle_name } : null,
    station,
  };
}
