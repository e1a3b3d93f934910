import { z } from 'zod';
import { bundleParticipantSchema, bundleStaffSchema } from '../bundles/bundle-format';

/**
 * The demo exam point («учебный режим») shipped in assets/demo/demo-ppe.json. Exam dates are given as day
 * offsets from the day the demo is first started, so a fresh start always has an exam today and a few around it.
 */
export const demoExamSchema = z.object({
  dayOffset: z.number().int(),
  subjectCode: z.number().int().positive(),
  subjectName: z.string(),
  form: z.enum(['EGE', 'GVE']),
  period: z.enum(['early', 'main', 'additional']),
  dayKind: z.enum(['main', 'reserve']),
  durationMin: z.number().int().positive(),
  /** Whether the demo seeds this exam's distribution at once; the others arrive as bundles from RCOI. */
  seeded: z.boolean(),
  /** Which participants (by index into participants) sit this exam, and where. */
  seating: z.array(
    z.object({
      participant: z.number().int().min(0),
      auditoriumCode: z.string(),
      seat: z.string(),
      specialConditions: bundleParticipantSchema.shape.specialConditions,
    }),
  ),
  /** Staff assignments by index into staff. */
  staffAssignments: z.array(
    z.object({ staff: z.number().int().min(0), roleCode: z.number().int(), auditoriumCode: z.string().nullable() }),
  ),
});

export const demoDatasetSchema = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  ppe: z.object({ code: z.string(), name: z.string(), address: z.string(), timeZone: z.string() }),
  /** The demo RCOI's public signing key (base64 SPKI DER); its private half lives only with the reference server. */
  rcoiPublicKey: z.string(),
  rcoiUrl: z.string(),
  /** The reference server's demo enrolment code: the demo station enrols itself with it on first contact. */
  rcoiEnrolmentCode: z.string(),
  thisStation: z.string(),
  auditoriums: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      seats: z.number().int(),
      isHeadquarters: z.boolean(),
      specialConditions: z.boolean(),
    }),
  ),
  stations: z.array(
    z.object({
      number: z.string(),
      role: z.enum(['hq', 'authorization', 'organizer', 'scanning']),
      auditoriumCode: z.string(),
      isReserve: z.boolean(),
    }),
  ),
  /** Training PINs, by role code: printed on the sign-in screen in training mode. */
  trainingPins: z.record(z.string(), z.string()),
  staff: z.array(bundleStaffSchema.omit({ auditoriumCode: true })),
  participants: z.array(bundleParticipantSchema.pick({ id: true, lastName: true, firstName: true, middleName: true, document: true })),
  exams: z.array(demoExamSchema),
});
export type DemoDataset = z.infer<typeof demoDatasetSchema>;
