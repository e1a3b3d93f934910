import { AppError } from '../kernel/app-error';
import type { Work } from '../kernel/unit-of-work';
import type { BundleStaff } from '../bundles/bundle-format';
import { insertRegistration, keyFingerprint, liveRegistrationHolding, liveRegistrationOf, retireRegistration } from './token-register';

// Tokens that RCOI gives in the distribution bundle (staff[].token, bundle-format.ts): registered to the member inside
// the act that applies the bundle, so the lists and the tokens come in together or not at all. RCOI is the source of
// the member's key: a different key from RCOI replaces the one registered before (retired, journaled with it); the
// same key again changes nothing. A key or serial already held by ANOTHER member refuses the whole bundle — one token,
// one person — as a token given to anyone but a GEK member does.

/** Checks before anything is written: called with the rest of the bundle's checks. */
export function checkBundleTokens(staff: readonly BundleStaff[]): void {
  staff.forEach((s, i) => {
    if (s.token !== undefined && s.roleCode !== 5) {
      throw new AppError('BUNDLE_INVALID_CONTENT', { path: `staff.${i}.token`, detail: 'a token is given for GEK members only' });
    }
  });
}

/** Registers the bundle's tokens; inside the bundle's act, after its staff were written. Returns how many changed. */
export function registerBundleTokens(work: Work, bundleId: string, staff: readonly BundleStaff[]): number {
  let changed = 0;
  const at = work.at.toISOString();
  for (const s of staff) {
    const token = s.token;
    if (token === undefined) continue;
    const member = work.db
      .prepare<[string], { id: number; name: string }>(
        `SELECT id, trim(last_name || ' ' || first_name || ' ' || middle_name) AS name FROM staff WHERE external_id = ?`,
      )
      .get(s.id);
    if (!member) continue; // applyDistribution wrote every person of the bundle; nothing to attach a token to otherwise.
    const current = liveRegistrationOf(work.db, member.id);
    if (current?.publicKey === token.publicKey) continue;
    const holder = liveRegistrationHolding(work.db, token.serial, token.publicKey);
    if (holder && holder.staffId !== member.id) throw new AppError('TOKEN_REGISTERED_TO_OTHER');
    if (current) retireRegistration(work.db, current.id, at);
    insertRegistration(
      work.db,
      {
        staffId: member.id,
        serial: token.serial,
        label: token.label,
        model: null,
        algorithm: token.algorithm,
        publicKey: token.publicKey,
        certificate: null,
        keyId: null,
        simulated: false,
        source: 'bundle',
        bundleId,
        registeredBy: null,
        confirmedBy: null,
      },
      at,
    );
    work.record('token.registered', {
      staffId: member.id,
      staffName: member.name,
      serial: token.serial,
      label: token.label,
      algorithm: token.algorithm,
      keyFingerprint: keyFingerprint(token.publicKey),
      source: 'bundle',
      simulated: false,
      bundleId,
      confirmedBy: null,
      previous: current ? { serial: current.serial, keyFingerprint: keyFingerprint(current.publicKey) } : null,
    });
    changed++;
  }
  if (changed > 0) work.changed('tokens');
  return changed;
}
