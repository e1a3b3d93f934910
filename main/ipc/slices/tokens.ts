import { z } from 'zod';
import { channel } from '../channel';
import { appErrorSchema } from '../errors';
import { emptySchema, isoInstant } from './common';

/** GEK members' tokens (main/tokens): what is inserted, who holds which token, enrolment, the check, the library. */

const personRef = z.object({ staffId: z.number().int(), name: z.string() });

/** A token inserted now, as it reports itself, and whom this PPE registered it to. */
export const connectedTokenSchema = z.object({
  serial: z.string(),
  label: z.string(),
  model: z.string(),
  manufacturer: z.string(),
  slotId: z.string(),
  /** A blank token in a free slot (SoftHSM offers one): not a GEK member's token. */
  initialized: z.boolean(),
  pinLocked: z.boolean(),
  pinCountLow: z.boolean(),
  pinFinalTry: z.boolean(),
  simulated: z.boolean(),
  /** The signing algorithms the token's mechanisms allow (C_GetMechanismInfo), best first; empty if none. */
  algorithms: z.array(z.string()),
  owner: personRef.nullable(),
  /** What went wrong reading this token's algorithms, if anything. */
  problem: appErrorSchema.nullable(),
});
export type ConnectedTokenView = z.infer<typeof connectedTokenSchema>;

export const tokenRegistrationSchema = z.object({
  id: z.number().int(),
  staffId: z.number().int(),
  name: z.string(),
  serial: z.string().nullable(),
  label: z.string().nullable(),
  algorithm: z.string(),
  keyFingerprint: z.string(),
  source: z.enum(['bundle', 'enrolled']),
  simulated: z.boolean(),
  since: isoInstant,
  registeredBy: z.string().nullable(),
  confirmedBy: z.string().nullable(),
});
export type TokenRegistrationView = z.infer<typeof tokenRegistrationSchema>;

export const tokenLibrarySchema = z.object({
  /** The library loaded (or tried); null when none is set and none of the known ones is installed. */
  path: z.string().nullable(),
  source: z.enum(['option', 'setting', 'known', 'none']),
  /** The technical specialist's setting, if any. */
  setting: z.string().nullable(),
  problem: appErrorSchema.nullable(),
});
export type TokenLibraryView = z.infer<typeof tokenLibrarySchema>;

export const tokensOverviewSchema = z.object({
  training: z.boolean(),
  /** The training tokens' PIN, in training mode only. */
  trainingPin: z.string().nullable(),
  library: tokenLibrarySchema,
  tokens: z.array(connectedTokenSchema),
  register: z.array(tokenRegistrationSchema),
  members: z.array(personRef),
  heads: z.array(personRef),
});
export type TokensOverview = z.infer<typeof tokensOverviewSchema>;

// A token PIN is the vendor's business (Rutoken's default is 12345678; letters are allowed): only its length is capped.
const tokenPin = z.string().min(1).max(64);

export const tokensChannels = {
  'tokens/overview': channel({ access: 'tokens.read', request: emptySchema, response: tokensOverviewSchema }),
  // The technical specialist registers a token to a GEK member at HQ: the member types the token's PIN, the PPE head
  // confirms with their own PIN. `replace` must be set to replace the member's current token (an explicit act).
  'tokens/enrol': channel({
    access: 'tokens.manage',
    request: z
      .object({
        staffId: z.number().int(),
        serial: z.string().min(1).max(64),
        tokenPin,
        confirmation: z.object({ staffId: z.number().int(), pin: z.string().min(1).max(16) }).strict().nullable(),
        replace: z.boolean(),
      })
      .strict(),
    response: tokenRegistrationSchema,
  }),
  // «Проверить токен»: the member's token signs a fresh challenge, verified against the registered key; journaled.
  'tokens/check': channel({
    access: 'tokens.read',
    request: z.object({ staffId: z.number().int(), tokenPin }).strict(),
    response: z.object({ serial: z.string(), algorithm: z.string(), keyFingerprint: z.string(), checkedAt: isoInstant }),
  }),
  // The PKCS#11 library path (null: back to the known places). The technical specialist's act, journaled.
  'tokens/setLibraryPath': channel({
    access: 'tokens.manage',
    request: z.object({ path: z.string().max(1024).nullable() }).strict(),
    response: tokenLibrarySchema,
  }),
} as const;
