import type { Db } from '../db/open-database';
import { stationFingerprint } from '../stations/station-keys';

// The register of GEK members' tokens (migration 0120, `gek_token`): who holds which token and since when. Rows are
// retired, never rewritten or deleted; the table's unique indexes keep one live token per member, serial and key.

export type TokenSource = 'bundle' | 'enrolled';

export interface TokenRegistration {
  id: number;
  staffId: number;
  staffName: string;
  serial: string | null;
  label: string | null;
  model: string | null;
  algorithm: string;
  /** base64 SPKI DER: what a signature by this member is verified against. */
  publicKey: string;
  certificate: string | null;
  keyId: string | null;
  simulated: boolean;
  source: TokenSource;
  bundleId: string | null;
  registeredAt: string;
  registeredBy: string | null;
  confirmedBy: string | null;
}

/** A registration to write: the stored row's facts, with the people as staff ids (the register names them). */
export type NewRegistration = Omit<TokenRegistration, 'id' | 'staffName' | 'registeredAt' | 'registeredBy' | 'confirmedBy'> & {
  registeredBy: number | null;
  confirmedBy: number | null;
};

/** What the screen and the journal show of a key: 5 groups of 4 digits, as the stations' fingerprints. */
export const keyFingerprint = (publicKeyBase64: string): string => stationFingerprint(publicKeyBase64);

interface Row {
  id: number;
  staff_id: number;
  staff_name: string;
  serial: string | null;
  label: string | null;
  model: string | null;
  algorithm: string;
  public_key: string;
  certificate: string | null;
  key_id: string | null;
  simulated: number;
  source: TokenSource;
  bundle_id: string | null;
  registered_at: string;
  registered_by_name: string | null;
  confirmed_by_name: string | null;
}

const name = (alias: string) => `trim(${alias}.last_name || ' ' || ${alias}.first_name || ' ' || ${alias}.middle_name)`;
const SELECT = `SELECT t.id, t.staff_id, ${name('s')} AS staff_name, t.serial, t.label, t.model, t.algorithm, t.public_key,
    t.certificate, t.key_id, t.simulated, t.source, t.bundle_id, t.registered_at,
    ${name('r')} AS registered_by_name, ${name('c')} AS confirmed_by_name
  FROM gek_token t JOIN staff s ON s.id = t.staff_id
  LEFT JOIN staff r ON r.id = t.registered_by LEFT JOIN staff c ON c.id = t.confirmed_by`;

function toRegistration(r: Row): TokenRegistration {
  return {
    id: r.id,
    staffId: r.staff_id,
    staffName: r.staff_name,
    serial: r.serial,
    label: r.label,
    model: r.model,
    algorithm: r.algorithm,
    publicKey: r.public_key,
    certificate: r.certificate,
    keyId: r.key_id,
    simulated: r.simulated === 1,
    source: r.source,
    bundleId: r.bundle_id,
    registeredAt: r.registered_at,
    registeredBy: r.registered_by_name,
    confirmedBy: r.confirmed_by_name,
  };
}

/** The live registrations (retired ones excluded), by member's name. */
export function liveRegistrations(db: Db): TokenRegistration[] {
  return db.prepare<[], Row>(`${SELECT} WHERE t.retired_at IS NULL ORDER BY staff_name, t.id`).all().map(toRegistration);
}

export function liveRegistrationOf(db: Db, staffId: number): TokenRegistration | null {
  const row = db.prepare<[number], Row>(`${SELECT} WHERE t.retired_at IS NULL AND t.staff_id = ?`).get(staffId);
  return row ? toRegistration(row) : null;
}

/** The live registration holding this serial or this key, whoever it belongs to. */
export function liveRegistrationHolding(db: Db, serial: string | null, publicKey: string | null): TokenRegistration | null {
  const row = db
    .prepare<[string | null, string | null], Row>(
      `${SELECT} WHERE t.retired_at IS NULL AND ((t.serial IS NOT NULL AND t.serial = ?) OR t.public_key = ?) ORDER BY t.id LIMIT 1`,
    )
    .get(serial, publicKey);
  return row ? toRegistration(row) : null;
}

/** Inside the act that journals it. The table refuses a second live token for a member, a serial or a key. */
export function insertRegistration(db: Db, r: NewRegistration, at: string): number {
  const result = db
    .prepare(
      `INSERT INTO gek_token (staff_id, serial, label, model, algorithm, public_key, certificate, key_id, simulated, source,
         bundle_id, registered_at, registered_by, confirmed_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      r.staffId,
      r.serial,
      r.label,
      r.model,
      r.algorithm,
      r.publicKey,
      r.certificate,
      r.keyId,
      r.simulated ? 1 : 0,
      r.source,
      r.bundleId,
      at,
      r.registeredBy,
      r.confirmedBy,
    );
  return Number(result.lastInsertRowid);
}

/** Retires a live registration (a replacement); the row stays for what its key signed before. */
export function retireRegistration(db: Db, id: number, at: string): void {
  db.prepare('UPDATE gek_token SET retired_at = ? WHERE id = ? AND retired_at IS NULL').run(at, id);
}

/**
 * A GEK member of this PPE: role 5 by the staff record (entered at set-up) or by an assignment in any distribution
 * bundle — a member of next week's exam may bring their token today.
 */
export function isGekMember(db: Db, staffId: number): boolean {
  const row = db
    .prepare<[number, number], { n: number }>(
      `SELECT (SELECT count(*) FROM staff WHERE id = ? AND role_code = 5 AND from_bundle = 0)
            + (SELECT count(*) FROM staff_assignment WHERE staff_id = ? AND role_code = 5) AS n`,
    )
    .get(staffId, staffId);
  return (row?.n ?? 0) > 0;
}

/** The GEK members of this PPE, for the enrolment form. */
export function gekMembers(db: Db): { staffId: number; name: string }[] {
  return db
    .prepare<[], { id: number; name: string }>(
      `SELECT s.id, ${name('s')} AS name FROM staff s
       WHERE (s.role_code = 5 AND s.from_bundle = 0) OR EXISTS (SELECT 1 FROM staff_assignment a WHERE a.staff_id = s.id AND a.role_code = 5)
       ORDER BY name`,
    )
    .all()
    .map((r) => ({ staffId: r.id, name: r.name }));
}

/** The PPE heads (role 1 by record or assignment), for the confirmation. */
export function ppeHeads(db: Db): { staffId: number; name: string }[] {
  return db
    .prepare<[], { id: number; name: string }>(
      `SELECT s.id, ${name('s')} AS name FROM staff s
       WHERE (s.role_code = 1 AND s.from_bundle = 0) OR EXISTS (SELECT 1 FROM staff_assignment a WHERE a.staff_id = s.id AND a.role_code = 1)
       ORDER BY name`,
    )
    .all()
    .map((r) => ({ staffId: r.id, name: r.name }));
}
