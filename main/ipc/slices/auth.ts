import { z } from 'zod';
import { channel, event } from '../channel';
import { code4, doneSchema, emptySchema, isoInstant, permissionSchema, personNameSchema, roleCodeSchema } from './common';

/** Signing in, sessions and PINs (main/auth). */

const pin = z.string().max(32);

export const signInStaffSchema = personNameSchema.extend({
  id: z.number().int(),
  roleCode: roleCodeSchema,
  hasPin: z.boolean(),
  lockedUntil: isoInstant.nullable(),
});
export type SignInStaff = z.infer<typeof signInStaffSchema>;

export const sessionStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('signedOut') }),
  z.object({
    state: z.enum(['active', 'locked']),
    staff: signInStaffSchema.pick({ id: true, lastName: true, firstName: true, middleName: true, roleCode: true }),
    permissions: z.array(permissionSchema),
    /** The day's assignments behind roleCode (empty: the base role); they bound which participants are shown. */
    duties: z.array(z.object({ examId: z.number().int(), roleCode: roleCodeSchema, auditoriumCode: code4.nullable() })),
    idleLockSeconds: z.number().int().positive(),
    signedInAt: isoInstant,
  }),
]);
export type SessionState = z.infer<typeof sessionStateSchema>;

export const authChannels = {
  'auth/staffList': channel({ access: 'public', request: emptySchema, response: z.array(signInStaffSchema) }),
  'auth/session': channel({ access: 'public', request: emptySchema, response: sessionStateSchema }),
  'auth/signIn': channel({
    access: 'public',
    request: z.object({ staffId: z.number().int().positive(), pin }).strict(),
    response: sessionStateSchema,
  }),
  'auth/unlock': channel({ access: 'locked', request: z.object({ pin }).strict(), response: sessionStateSchema }),
  // A PIN issued by someone else opens no session (PIN_CHANGE_REQUIRED): its owner replaces it here and is signed in.
  'auth/changePin': channel({
    access: 'public',
    request: z.object({ staffId: z.number().int().positive(), pin, newPin: pin }).strict(),
    response: sessionStateSchema,
  }),
  'auth/signOut': channel({ access: 'public', request: emptySchema, response: sessionStateSchema }),
  /** Sent by the renderer on a person's own input only (throttled): it keeps the session from the idle lock. */
  'auth/heartbeat': channel({ access: 'session', request: emptySchema, response: doneSchema }),
  /** The «Заблокировать» button: locks the caller's session now; journaled as auth.lock. */
  'auth/lock': channel({ access: 'session', request: emptySchema, response: sessionStateSchema }),
  'staff/setPin': channel({
    access: 'staff.managePins',
    request: z
      .object({
        staffId: z.number().int().positive(),
        pin,
        // The second person, with their own PIN: required for the PPE head's and GEK members' PINs.
        confirmation: z.object({ staffId: z.number().int().positive(), pin }).strict().optional(),
      })
      .strict(),
    response: doneSchema,
  }),
} as const;

export const authEvents = {
  // Sent only to the session it describes.
  'session/changed': event({ access: 'public', payload: sessionStateSchema }),
} as const;
