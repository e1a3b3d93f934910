import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { act, recordAct } from '../kernel/unit-of-work';
import type { ExamKeyAsk, ExamKeysOverview, HeldKeyView } from '../ipc/slices/exam-keys';
import { localDateOf } from '../ipc/zoned-time';
import { findStaff, fullName } from '../auth/pin-attempts';
import { packageById } from '../packages/package-rows';
import { readPpeConfig } from '../ppe/ppe-config';
import { pinnedPeers } from '../stations/peers';
import type { MemberSignature } from '../tokens/token-service';
import { liveRegistrationOf } from '../tokens/token-register';
import { buildKeyRequest } from './build-key-request';
import { examKeysOverview, heldKeyView } from './exam-key-overview';
import { heldExamKeys, recordExamKey } from './key-store';
import { examKeyRequestBytes } from './key-request';
import type { VerifiedExamKey } from './read-key-file';

/** What the service needs of the token capability: a signature by the member's token, verified against the register. */
export interface MemberSigner {
  sign(actor: Actor, staffId: number, pin: string, data: Uint8Array): Promise<MemberSignature>;
}

/**
 * The way to RCOI for a key (app-core wires main/exam-keys/rcoi-key-client.ts): sends the exact request bytes and
 * the token's signature over them, and returns the key file verified against the pinned RCOI key for this PPE and
 * package and checked to be the key the request asked for — or throws RCOI's refusal as an AppError
 * (EXAM_KEY_TOO_EARLY, EXAM_KEY_NOT_REGISTERED, …).
 */
export type AskRcoiForKey = (
  signed: { requestBytes: Buffer; tokenSignature: Buffer },
  expect: { regionCode: string; ppeCode: string; packageId: string },
) => Promise<VerifiedExamKey>;

export interface ExamKeyRequestInput {
  packageId: string;
  /** The GEK member (local staff id) whose token asks; they type its PIN. */
  staffId: number;
  tokenPin: string;
  ask: ExamKeyAsk;
}

/**
 * The key to the exam materials at HQ (issue 12, item 2). Whoever is signed in at HQ (the head, a GEK member, the
 * technical specialist) opens the screen; a GEK member with a registered token asks with the token and its PIN:
 * the request is built here (build-key-request.ts), signed by the token through the token capability (verified
 * against the registered key before it leaves), and sent to RCOI. What comes back is recorded, journaled
 * (`key.received`) and reported to RCOI (`key.received` in the outbox) in one act; a refusal — RCOI's,
 * the token's, a local check's — is journaled (`key.refused`) and nothing is recorded. No PIN is ever journaled.
 */
export class ExamKeyService {
  constructor(
    private readonly ctx: CoreContext,
    private readonly tokens: MemberSigner,
    private readonly askRcoi: AskRcoiForKey,
  ) {}

  overview(): ExamKeysOverview {
    return examKeysOverview(this.ctx.db, this.ctx.clock.now());
  }

  async request(actor: Actor, input: ExamKeyRequestInput): Promise<{ key: HeldKeyView; fresh: boolean }> {
    const db = this.ctx.db;
    const member = findStaff(db, input.staffId);
    const memberRef = { staffId: member.id, name: fullName(member) };
    try {
      const ppe = readPpeConfig(db);
      const pkg = packageById(db, input.packageId);
      if (!pkg || pkg.state !== 'downloaded') throw new AppError('PACKAGE_NOT_DOWNLOADED', { packageId: input.packageId });
      const exam = db
        .prepare<[number], { date: string; subjectCode: number }>('SELECT exam_date AS date, subject_code AS subjectCode FROM exam WHERE id = ?')
        .get(pkg.examId)!;
      const now = this.ctx.clock.now();
      if (exam.date !== localDateOf(now, ppe.timeZone)) throw new AppError('EXAM_KEY_NOT_EXAM_DAY', { date: exam.date });
      const registration = liveRegistrationOf(db, member.id);
      if (!registration) throw new AppError('TOKEN_NOT_REGISTERED');
      if (input.ask.kind === 'reserve') {
        const { roomCode, stationNumber } = input.ask;
        // The station must be one HQ set up for that room: reserve kits are granted to a station by its number.
        if (!pinnedPeers(db).some((p) => p.role === 'room' && p.room === roomCode && p.station === stationNumber)) {
          throw new AppError('TRANSFER_NO_ROOM_STATION', { room: roomCode });
        }
      }
      if (input.ask.kind === 'again' && !heldExamKeys(db, pkg.packageId).some((k) => k.keyId === (input.ask as { keyId: string }).keyId)) {
        throw new AppError('EXAM_KEY_UNKNOWN');
      }

      const request = buildKeyRequest(
        { ppe, packageId: pkg.packageId, exam, rcoiStaffId: rcoiStaffIdOf(db, member.id), tokenPublicKey: registration.publicKey, now },
        input.ask,
      );
      const requestBytes = examKeyRequestBytes(request);
      const signed = await this.tokens.sign(actor, member.id, input.tokenPin, requestBytes);
      const key = await this.askRcoi(
        { requestBytes, tokenSignature: signed.signature },
        { regionCode: ppe.regionCode, ppeCode: ppe.code, packageId: pkg.packageId },
      );
      // askRcoiForExamKey has checked the file: RCOI's signature, this PPE and package, and that it is the key asked for
      // (main, this reserve grant, or this key id again).
      const p = key.payload;
      const fresh = act(this.ctx, actor, (work) => {
        const isNew = recordExamKey(work.db, { ...key, source: 'rcoi' }, work.at);
        const grant = p.reserve.find((g) => g.sequence === p.sequence && p.kind === 'reserve');
        work.changed('examKeys');
        work.record('key.received', {
          packageId: p.packageId,
          keyId: p.keyId,
          kind: p.kind,
          sequence: p.sequence,
          ask: input.ask.kind,
          examDate: p.exam.date,
          subjectCode: p.exam.subjectCode,
          member: memberRef,
          reserve: grant ? { roomCode: grant.roomCode, stationNumber: grant.stationNumber, kits: grant.kits } : null,
          fresh: isNew,
        });
        // RCOI hears once that the key arrived; fetching the same file again changes nothing it needs to know.
        if (isNew) {
          work.send('key.received', {
            keyId: p.keyId,
            packageId: p.packageId,
            kind: p.kind,
            sequence: p.sequence,
            staffId: p.requestedBy.staffId,
            examDate: p.exam.date,
            subjectCode: p.exam.subjectCode,
            receivedAt: work.at.toISOString(),
          });
        }
        return isNew;
      });
      const held = heldExamKeys(db, p.packageId).find((k) => k.keyId === p.keyId)!;
      return { key: heldKeyView(db, held), fresh };
    } catch (e) {
      const error = e instanceof AppError ? e : new AppError('INTERNAL');
      recordAct(this.ctx, actor, 'key.refused', { packageId: input.packageId, ask: input.ask.kind, member: memberRef, error: error.toPayload() });
      throw error;
    }
  }
}

/** RCOI's id of a staff member: the distribution bundle's `staff[].id`, kept as `staff.external_id`. */
function rcoiStaffIdOf(db: CoreContext['db'], staffId: number): string {
  return db.prepare<[number], { id: string }>('SELECT external_id AS id FROM staff WHERE id = ?').get(staffId)!.id;
}
