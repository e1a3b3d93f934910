import { z } from 'zod';
import { HQ_KINDS, SETUP_SCHEME } from './hq-setup-protocol';

/**
 * What RCOI tells an HQ station at set-up (PROTOCOL.md, "Setting up an HQ station"): who the station is, the PPE it
 * serves, and RCOI's key. Shared by the station, which checks every field before anything is written, and the
 * reference server, which checks a PPE configuration with the same rules when a test registers one.
 */

// Names are shown on every screen and printed: no control characters, bounded length.
const name = (max: number) => z.string().min(1).max(max).regex(/^[^\p{Cc}]*$/u, 'no control characters');

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const setupAuditoriumSchema = z.strictObject({
  code: z.string().regex(/^\d{4}$/),
  name: name(200),
  seats: z.number().int().min(0).max(25),
  isHeadquarters: z.boolean(),
  specialConditions: z.boolean(),
});

/** The PPE's permanent staff: its head(s) (role 1) and technical specialist(s) (role 7) at least. */
export const setupStaffSchema = z.strictObject({
  id: z.string().min(1).max(64),
  lastName: name(100),
  firstName: name(100),
  middleName: z.string().max(100).regex(/^[^\p{Cc}]*$/u),
  roleCode: z.number().int().min(1).max(9),
});

/** The PPE's exam schedule: a distribution bundle is applied only to an exam listed here. */
export const setupExamSchema = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  subjectCode: z.number().int().positive(),
  subjectName: name(200),
  form: z.enum(['EGE', 'GVE']),
  period: z.enum(['early', 'main', 'additional']),
  dayKind: z.enum(['main', 'reserve']),
  durationMin: z.number().int().positive().max(24 * 60),
});

export const setupPpeSchema = z
  .strictObject({
    regionCode: z.string().regex(/^\d{2}$/),
    regionName: name(200),
    ppeCode: z.string().regex(/^\d{4}$/),
    name: name(300),
    address: name(300),
    timeZone: z.string().min(1).max(64).refine(isTimeZone, 'not an IANA time zone'),
    auditoriums: z.array(setupAuditoriumSchema).min(1).max(300),
    staff: z.array(setupStaffSchema).min(1).max(1000),
    exams: z.array(setupExamSchema).max(1000),
  })
  .refine((p) => p.auditoriums.filter((a) => a.isHeadquarters).length === 1, 'exactly one headquarters room')
  .refine((p) => new Set(p.auditoriums.map((a) => a.code)).size === p.auditoriums.length, 'room codes are unique')
  .refine((p) => new Set(p.staff.map((s) => s.id)).size === p.staff.length, 'staff ids are unique')
  .refine((p) => p.staff.some((s) => s.roleCode === 1) && p.staff.some((s) => s.roleCode === 7), 'a PPE head and a technical specialist')
  .refine((p) => new Set(p.exams.map((e) => `${e.date}|${e.subjectCode}|${e.form}`)).size === p.exams.length, 'exams are unique');
export type SetupPpe = z.infer<typeof setupPpeSchema>;

export const setupAnswerSchema = z.strictObject({
  protocol: z.literal(SETUP_SCHEME),
  stationId: z.string().min(1).max(128),
  stationNumber: z.string().regex(/^\d{1,12}$/),
  kind: z.enum(HQ_KINDS),
  /** base64 SPKI DER of RCOI's Ed25519 key: the key this station pins from now on. */
  rcoiPublicKey: z.string().min(1).max(4096),
  ppe: setupPpeSchema,
});
export type SetupAnswer = z.infer<typeof setupAnswerSchema>;

/** The request body (its exact bytes are MAC'd). `codeId` names the code without sending it. */
export const setupRequestSchema = z.strictObject({
  protocol: z.literal(SETUP_SCHEME),
  ppeCode: z.string().regex(/^\d{4}$/),
  codeId: z.string().regex(/^[0-9a-f]{64}$/),
  kind: z.enum(HQ_KINDS),
  publicKey: z.string().min(1).max(4096),
  nonce: z.string().regex(/^[0-9a-f]{32}$/),
});
export type SetupRequest = z.infer<typeof setupRequestSchema>;
