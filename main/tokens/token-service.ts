import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { act, recordAct } from '../kernel/unit-of-work';
import { checkPin, findStaff, fullName, type StaffAuthRow } from '../auth/pin-attempts';
import { roleOfTheDay } from '../auth/role-of-the-day';
import { readSetupState } from '../ppe/ppe-config';
import type { ConnectedTokenView, TokenLibraryView, TokenRegistrationView, TokensOverview } from '../ipc/slices/tokens';
import { TokenError, type Token, type TokenInfo, type TokenSignature } from '../../native/token/token';
import { SIMULATED_TOKEN_PIN, type TokenDevices } from './token-devices';
import { checkLibraryPath, readLibrarySetting, writeLibrarySetting } from './library-setting';
import { ASSUMED_PIN_TRIES, toAppError } from './token-problem';
import {
  gekMembers,
  insertRegistration,
  isGekMember,
  keyFingerprint,
  liveRegistrationHolding,
  liveRegistrationOf,
  liveRegistrations,
  ppeHeads,
  retireRegistration,
  type TokenRegistration,
} from './token-register';

/** A signature by a GEK member's registered token, verified against the registered key before it is returned. */
export interface MemberSignature extends TokenSignature {
  staffId: number;
  serial: string;
  /** The registered public key (base64 SPKI DER) the signature was verified against. */
  publicKey: string;
  registrationId: number;
}

export interface EnrolRequest {
  staffId: number;
  serial: string;
  tokenPin: string;
  confirmation: { staffId: number; pin: string } | null;
  replace: boolean;
}

type ConfirmerRefusal = 'confirmer_is_actor' | 'confirmer_is_member' | 'confirmer_role' | 'confirmer_pin_not_own';

/**
 * The GEK member's token as a capability of the app. Issue 12 calls `sign(actor, staffId, pin, data)` for the key
 * request, the key's activation and the acts; the screen «Токены ГЭК» calls the rest. Every token state becomes an
 * AppError whose message says what to do (token-problem.ts); nothing here crashes on a token, and no PIN is logged
 * or journaled.
 */
export class TokenService {
  /** Wrong PINs in a row per token serial, entered at this station: PKCS#11 tokens report no count of their own. */
  private readonly wrongPins = new Map<string, number>();
  /** The token operation in progress; the next waits for it (withToken). */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: CoreContext,
    private readonly devices: TokenDevices,
  ) {}

  private training(): boolean {
    return readSetupState(this.ctx.db) === 'training';
  }

  async overview(): Promise<TokensOverview> {
    const db = this.ctx.db;
    const register = liveRegistrations(db);
    const { tokens, libraryError } = await this.devices.list();
    const views: ConnectedTokenView[] = [];
    for (const { info, provider } of tokens) {
      let algorithms: string[] = [];
      let problem: AppError | null = null;
      if (info.flags.tokenInitialized) {
        let token: Token | null = null;
        try {
          token = await provider.open(info.serial);
          algorithms = await token.algorithms();
        } catch (e) {
          problem = this.problemOf(e);
        } finally {
          await token?.close().catch(() => undefined);
        }
      }
      const owner = register.find((r) => r.serial !== null && r.serial === info.serial);
      views.push({
        serial: info.serial,
        label: info.label,
        model: info.model,
        manufacturer: info.manufacturer,
        slotId: info.slotId,
        initialized: info.flags.tokenInitialized,
        pinLocked: info.flags.userPinLocked,
        pinCountLow: info.flags.userPinCountLow,
        pinFinalTry: info.flags.userPinFinalTry,
        simulated: info.simulated,
        algorithms,
        owner: owner ? { staffId: owner.staffId, name: owner.staffName } : null,
        problem: problem?.toPayload() ?? null,
      });
    }
    const training = this.training();
    return {
      training,
      trainingPin: training ? SIMULATED_TOKEN_PIN : null,
      library: this.libraryView(libraryError),
      tokens: views,
      register: register.map(registrationView),
      members: gekMembers(db).map((m) => ({ staffId: m.staffId, name: m.name })),
      heads: ppeHeads(db).map((m) => ({ staffId: m.staffId, name: m.name })),
    };
  }

  /**
   * Registers a token to a GEK member at HQ: the technical specialist acts, the member types the token's PIN (the
   * token signs a fresh challenge, verified against the key it reports), the PPE head confirms with their own PIN.
   */
  async enrol(actor: Actor, req: EnrolRequest): Promise<TokenRegistrationView> {
    const db = this.ctx.db;
    const member = findStaff(db, req.staffId);
    const refuse = (reason: string, code: AppError, confirmerId: number | null = null): never => {
      recordAct(this.ctx, actor, 'token.refused', { staffId: member.id, staffName: fullName(member), serial: req.serial, reason, confirmerId });
      throw code;
    };
    if (!isGekMember(db, member.id)) refuse('not_gek_member', new AppError('TOKEN_NOT_GEK_MEMBER'));
    if (req.confirmation === null) refuse('confirmation_required', new AppError('TOKEN_CONFIRMATION_REQUIRED'));
    const confirmation = req.confirmation!;
    const confirmer = findStaff(db, confirmation.staffId);
    const reason = this.confirmerRefusal(actor, member, confirmer);
    if (reason) refuse(reason, new AppError('TOKEN_CONFIRMER_INVALID', { reason }), confirmer.id);
    // The head proves it is them before the token is touched: a refused confirmation costs the token no PIN try.
    await checkPin(this.ctx, confirmer.id, confirmation.pin);

    const current = liveRegistrationOf(db, member.id);
    if (current && !req.replace) refuse('member_has_token', new AppError('TOKEN_MEMBER_HAS_TOKEN'));
    const bySerial = liveRegistrationHolding(db, req.serial, null);
    if (bySerial && bySerial.staffId !== member.id) refuse('registered_to_other', new AppError('TOKEN_REGISTERED_TO_OTHER'));

    const read = await this.withToken(req.serial, req.tokenPin, async (token) => {
      if (token.info.simulated && !this.training()) throw new AppError('TOKEN_SIMULATED_OUTSIDE_TRAINING');
      const publicKey = await token.publicKey();
      const certificate = await token.certificate();
      // The token proves it holds the key it reports: it signs a fresh challenge, checked here.
      const challenge = Buffer.concat([Buffer.from('ППЭ: регистрация токена члена ГЭК\n'), randomBytes(32)]);
      const signed = await token.sign(challenge);
      const spki = publicKey.spkiDer.toString('base64');
      if (!verifies(spki, signed, challenge)) throw new AppError('TOKEN_SIGNATURE_MISMATCH');
      return { info: token.info, publicKey, certificate, spki };
    });
    const byKey = liveRegistrationHolding(db, null, read.spki);
    if (byKey && byKey.staffId !== member.id) refuse('registered_to_other', new AppError('TOKEN_REGISTERED_TO_OTHER'));
    if (read.info.simulated && !this.training()) refuse('simulated_outside_training', new AppError('TOKEN_SIMULATED_OUTSIDE_TRAINING'));

    const id = act(this.ctx, actor, (work) => {
      const at = work.at.toISOString();
      const previous = liveRegistrationOf(work.db, member.id);
      if (previous) retireRegistration(work.db, previous.id, at);
      const newId = insertRegistration(
        work.db,
        {
          staffId: member.id,
          serial: read.info.serial,
          label: read.info.label || null,
          model: read.info.model || null,
          algorithm: read.publicKey.algorithm,
          publicKey: read.spki,
          certificate: read.certificate?.toString('base64') ?? null,
          keyId: read.publicKey.keyId,
          simulated: read.info.simulated,
          source: 'enrolled',
          bundleId: null,
          registeredBy: actor.staffId,
          confirmedBy: confirmer.id,
        },
        at,
      );
      work.changed('tokens');
      work.record('token.registered', {
        staffId: member.id,
        staffName: fullName(member),
        serial: read.info.serial,
        label: read.info.label || null,
        algorithm: read.publicKey.algorithm,
        keyFingerprint: keyFingerprint(read.spki),
        source: 'enrolled',
        simulated: read.info.simulated,
        bundleId: null,
        confirmedBy: { staffId: confirmer.id, name: fullName(confirmer) },
        previous: previous ? { serial: previous.serial, keyFingerprint: keyFingerprint(previous.publicKey) } : null,
      });
      return newId;
    });
    return registrationView(liveRegistrations(db).find((r) => r.id === id)!);
  }

  /** «Проверить токен»: a fresh challenge signed by the member's token and verified; the outcome is journaled. */
  async check(actor: Actor, staffId: number, pin: string): Promise<{ serial: string; algorithm: string; keyFingerprint: string; checkedAt: string }> {
    const member = findStaff(this.ctx.db, staffId);
    const registration = liveRegistrationOf(this.ctx.db, staffId);
    if (!registration) throw new AppError('TOKEN_NOT_REGISTERED');
    const challenge = Buffer.concat([Buffer.from('ППЭ: проверка токена члена ГЭК\n'), randomBytes(32)]);
    const fingerprint = keyFingerprint(registration.publicKey);
    try {
      const signed = await this.sign(actor, staffId, pin, challenge);
      const checkedAt = this.ctx.clock.now().toISOString();
      recordAct(this.ctx, actor, 'token.checked', {
        staffId,
        staffName: fullName(member),
        serial: signed.serial,
        keyFingerprint: fingerprint,
        ok: true,
        error: null,
      });
      return { serial: signed.serial, algorithm: signed.algorithm, keyFingerprint: fingerprint, checkedAt };
    } catch (e) {
      const error = e instanceof AppError ? e : this.problemOf(e);
      recordAct(this.ctx, actor, 'token.checked', {
        staffId,
        staffName: fullName(member),
        serial: registration.serial,
        keyFingerprint: fingerprint,
        ok: false,
        error: error.toPayload(),
      });
      throw error;
    }
  }

  /**
   * Signs `data` with the token registered to this GEK member: finds it among the tokens inserted, logs in with the
   * PIN, signs, and verifies the signature against the REGISTERED key before returning it — a token that answers
   * with another key's signature is refused (TOKEN_SIGNATURE_MISMATCH). The caller journals what was signed.
   */
  async sign(_actor: Actor, staffId: number, pin: string, data: Uint8Array): Promise<MemberSignature> {
    const registration = liveRegistrationOf(this.ctx.db, staffId);
    if (!registration) throw new AppError('TOKEN_NOT_REGISTERED');
    if (registration.simulated && !this.training()) throw new AppError('TOKEN_SIMULATED_OUTSIDE_TRAINING');
    const info = await this.findTokenOf(registration);
    return this.withToken(info.serial, pin, async (token) => {
      if (token.info.simulated && !this.training()) throw new AppError('TOKEN_SIMULATED_OUTSIDE_TRAINING');
      if (registration.serial === null) {
        // A key RCOI gave without a serial: the token must hold exactly that key.
        const pub = await token.publicKey();
        if (pub.spkiDer.toString('base64') !== registration.publicKey) throw new AppError('TOKEN_NOT_REGISTERED');
      }
      const signed = await token.sign(data);
      if (!verifies(registration.publicKey, signed, data)) throw new AppError('TOKEN_SIGNATURE_MISMATCH');
      return { ...signed, staffId, serial: info.serial, publicKey: registration.publicKey, registrationId: registration.id };
    });
  }

  /** The technical specialist's override of the library path; null goes back to the known places. */
  async setLibraryPath(actor: Actor, raw: string | null): Promise<TokenLibraryView> {
    if (actor.roleCode !== 7) throw new AppError('FORBIDDEN', { permission: 'tokens.manage' });
    const path = raw === null || raw.trim() === '' ? null : checkLibraryPath(raw);
    const previous = readLibrarySetting(this.ctx.db);
    act(this.ctx, actor, (work) => {
      writeLibrarySetting(work.db, path);
      work.changed('tokens');
      work.record('token.library_set', { path, previous });
    });
    await this.devices.close();
    const { libraryError } = await this.devices.list();
    return this.libraryView(libraryError);
  }

  /** Which inserted token is this member's: by its serial, or — for a key RCOI gave alone — the one unregistered token. */
  private async findTokenOf(registration: TokenRegistration): Promise<TokenInfo> {
    const { tokens, libraryError } = await this.devices.list();
    const present = tokens.map((t) => t.info).filter((t) => t.flags.tokenInitialized);
    if (registration.serial !== null) {
      const mine = present.find((t) => t.serial === registration.serial);
      if (mine) return mine;
    } else {
      const free = present.find((t) => liveRegistrationHolding(this.ctx.db, t.serial, null) === null);
      if (free) return free;
    }
    if (present.some((t) => liveRegistrationHolding(this.ctx.db, t.serial, null) !== null)) throw new AppError('TOKEN_REGISTERED_TO_OTHER');
    if (present.length > 0) throw new AppError('TOKEN_NOT_REGISTERED');
    if (libraryError !== null) throw this.problemOf(libraryError);
    throw new AppError('TOKEN_NOT_INSERTED');
  }

  /**
   * Opens the token, logs in (counting wrong PINs), runs `work`, and always logs out and closes the session. One
   * such operation at a time: a PKCS#11 login belongs to the token, not the session, so another operation's logout
   * would otherwise pull the login from under this one's C_Sign.
   */
  private withToken<T>(serial: string, pin: string, work: (token: Token) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.withTokenNow(serial, pin, work));
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async withTokenNow<T>(serial: string, pin: string, work: (token: Token) => Promise<T>): Promise<T> {
    let token: Token | null = null;
    try {
      token = await this.devices.open(serial);
      await this.login(token, serial, pin);
      return await work(token);
    } catch (e) {
      throw this.problemOf(e, serial);
    } finally {
      if (token) {
        await token.logout().catch(() => undefined);
        await token.close().catch(() => undefined);
      }
    }
  }

  private async login(token: Token, serial: string, pin: string): Promise<void> {
    try {
      await token.login(pin);
      this.wrongPins.delete(serial);
    } catch (e) {
      if (e instanceof TokenError && e.code === 'PIN_INCORRECT') this.wrongPins.set(serial, (this.wrongPins.get(serial) ?? 0) + 1);
      if (e instanceof TokenError && e.code === 'PIN_LOCKED') this.wrongPins.delete(serial);
      throw e;
    }
  }

  private problemOf(e: unknown, serial: string | null = null): AppError {
    const wrong = serial === null ? 0 : (this.wrongPins.get(serial) ?? 0);
    return toAppError(e, { libraryPath: this.devices.library().path, pinTriesLeft: Math.max(1, ASSUMED_PIN_TRIES - wrong) });
  }

  private libraryView(libraryError: unknown): TokenLibraryView {
    const { path, source } = this.devices.library();
    return {
      path,
      source,
      setting: readLibrarySetting(this.ctx.db),
      problem: libraryError === null ? null : this.problemOf(libraryError).toPayload(),
    };
  }

  /** The confirmer is a PPE head of the day (or by record), neither the actor nor the member, with a PIN of their own. */
  private confirmerRefusal(actor: Actor, member: StaffAuthRow, confirmer: StaffAuthRow): ConfirmerRefusal | null {
    if (confirmer.id === actor.staffId) return 'confirmer_is_actor';
    if (confirmer.id === member.id) return 'confirmer_is_member';
    const role = roleOfTheDay(this.ctx.db, confirmer.id, this.ctx.clock.now())?.roleCode ?? null;
    if (role !== 1) return 'confirmer_role';
    if (confirmer.must_change_pin) return 'confirmer_pin_not_own';
    return null;
  }
}

/** ECDSA P-256 raw r||s over SHA-256 against a base64 SPKI; any other algorithm is not verifiable here yet. */
function verifies(spkiBase64: string, signed: TokenSignature, data: Uint8Array): boolean {
  if (signed.algorithm !== 'ECDSA-P256-SHA256' || signed.format !== 'raw-r-s') return false;
  try {
    const key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
    return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signed.signature);
  } catch {
    return false;
  }
}

function registrationView(r: TokenRegistration): TokenRegistrationView {
  return {
    id: r.id,
    staffId: r.staffId,
    name: r.staffName,
    serial: r.serial,
    label: r.label,
    algorithm: r.algorithm,
    keyFingerprint: keyFingerprint(r.publicKey),
    source: r.source,
    simulated: r.simulated,
    since: r.registeredAt,
    registeredBy: r.registeredBy,
    confirmedBy: r.confirmedBy,
  };
}
