import { AppError } from '../kernel/app-error';
import type { HeldExamKey } from '../exam-keys/key-store';
import type { KeyRecipient } from '../exam-keys/key-file-format';
import { KeyUnwrapError, tokenKeyId, unwrapWithToken } from '../exam-keys/key-wrap';
import type { TokenDevices } from '../tokens/token-devices';
import { ASSUMED_PIN_TRIES, toAppError } from '../tokens/token-problem';
import { TokenError, type Token } from '../../native/token/token';

export interface Unwrapped {
  key: Buffer;
  file: HeldExamKey;
  recipient: KeyRecipient;
  serial: string;
}

/**
 * The package key out of a held key file with the GEK member's token (issue 12, item 3): the token is the one named by
 * serial, else the inserted token a recipient names by serial, else — with several inserted — the one whose public
 * key (readable before login on the usual tokens) is a recipient's `tokenKey`, else the only one inserted. Then one
 * login with the PIN, the token's public key matched to a recipient (SHA-256 of its SPKI), ECDH on the token
 * (unwrapWithToken), and always logout and close. A token that is no recipient, or whose unwrap fails the tag, is
 * EXAM_KEY_TOKEN_MISMATCH; the token's own states are its AppErrors (token-problem.ts). No PIN is logged anywhere.
 */
export async function unwrapOnToken(devices: TokenDevices, files: HeldExamKey[], serial: string | null, pin: string, wrongPins: Map<string, number>): Promise<Unwrapped> {
  const problem = (e: unknown, s: string | null) =>
    toAppError(e, { libraryPath: devices.library().path, pinTriesLeft: Math.max(1, ASSUMED_PIN_TRIES - (s ? (wrongPins.get(s) ?? 0) : 0)) });
  const { tokens, libraryError } = await devices.list();
  const present = tokens.map((t) => t.info).filter((t) => t.flags.tokenInitialized);
  const recipients = files.flatMap((file) => file.payload.recipients.map((recipient) => ({ file, recipient })));
  let candidates = serial !== null ? present.filter((t) => t.serial === serial) : present.filter((t) => recipients.some((r) => r.recipient.tokenSerial === t.serial));
  if (serial === null && candidates.length === 0) candidates = present;
  if (candidates.length === 0) throw libraryError !== null ? problem(libraryError, null) : new AppError('TOKEN_NOT_INSERTED');
  let chosen = candidates[0]!;
  if (candidates.length > 1) {
    for (const c of candidates) {
      if (await publicKeyMatches(devices, c.serial, recipients.map((r) => r.recipient.tokenKey))) {
        chosen = c;
        break;
      }
    }
  }
  let token: Token | null = null;
  try {
    token = await devices.open(chosen.serial);
    try {
      await token.login(pin);
      wrongPins.delete(chosen.serial);
    } catch (e) {
      if (e instanceof TokenError && e.code === 'PIN_INCORRECT') wrongPins.set(chosen.serial, (wrongPins.get(chosen.serial) ?? 0) + 1);
      throw e;
    }
    const tokenKey = tokenKeyId((await token.publicKey()).spkiDer);
    const match = recipients.find((r) => r.recipient.tokenKey === tokenKey);
    if (!match) throw new AppError('EXAM_KEY_TOKEN_MISMATCH');
    const key = await unwrapWithToken(match.recipient, match.file.payload.keyId, token);
    return { key, file: match.file, recipient: match.recipient, serial: chosen.serial };
  } catch (e) {
    if (e instanceof KeyUnwrapError) throw new AppError('EXAM_KEY_TOKEN_MISMATCH');
    throw problem(e, chosen.serial);
  } finally {
    if (token) {
      await token.logout().catch(() => undefined);
      await token.close().catch(() => undefined);
    }
  }
}

/** Whether a token's public key, read without login, is one of `keys`; false when it cannot be read so. */
async function publicKeyMatches(devices: TokenDevices, serial: string, keys: string[]): Promise<boolean> {
  let token: Token | null = null;
  try {
    token = await devices.open(serial);
    return keys.includes(tokenKeyId((await token.publicKey()).spkiDer));
  } catch {
    return false;
  } finally {
    await token?.close().catch(() => undefined);
  }
}
