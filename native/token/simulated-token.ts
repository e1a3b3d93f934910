import { createPublicKey, diffieHellman, generateKeyPairSync, sign as cryptoSign, type KeyObject } from 'node:crypto';
import type { SignatureAlgorithm, Token, TokenInfo, TokenProvider, TokenPublicKey, TokenSignature } from './token';
import { TokenError } from './token-error';

// СИМУЛЯЦИЯ. A software key standing in for the GEK member's token in the demo and in training mode, behind the same
// interface as a real token, so that training walks through the same screens: PIN entry, wrong PIN with the tries
// left, a locked token, a pulled token. It is marked everywhere: `simulated: true`, the label and the model say so,
// and its key is generated in memory (or given by the demo), never stored as if it were a GEK member's key. A
// signature from it proves nothing about a person; main must never accept a simulated token outside training mode.

export interface SimulatedTokenOptions {
  pin?: string;
  /** Wrong PINs in a row before the token locks (real tokens: usually 10; Rutoken's default is 10). */
  maxTries?: number;
  serial?: string;
  /** A fixed key for a reproducible demo; by default a fresh P-256 key per provider. */
  privateKey?: KeyObject;
}

export const SIMULATED_MODEL = 'СИМУЛЯЦИЯ';

export class SimulatedTokenProvider implements TokenProvider {
  readonly kind = 'simulated' as const;
  private readonly state: SimState;
  private present = true;

  constructor(options: SimulatedTokenOptions = {}) {
    const privateKey = options.privateKey ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    this.state = {
      pin: options.pin ?? '123456',
      maxTries: options.maxTries ?? 10,
      wrongInARow: 0,
      privateKey,
      serial: options.serial ?? 'SIM-0001',
      present: () => this.present,
    };
  }

  /** Training: the token is pulled out (every open session then answers REMOVED) or put back. */
  setPresent(present: boolean): void {
    this.present = present;
  }

  async list(): Promise<TokenInfo[]> {
    return this.present ? [infoOf(this.state)] : [];
  }

  async open(serial: string): Promise<Token> {
    if (!this.present || serial !== this.state.serial) throw new TokenError('NO_TOKEN', serial);
    return new SimulatedToken(this.state);
  }

  async close(): Promise<void> {}
}

interface SimState {
  pin: string;
  maxTries: number;
  wrongInARow: number;
  privateKey: KeyObject;
  serial: string;
  present: () => boolean;
}

function infoOf(s: SimState): TokenInfo {
  const left = s.maxTries - s.wrongInARow;
  return {
    slotId: '0',
    slotDescription: 'Учебный токен (симуляция)',
    removable: true,
    label: 'Учебный токен (симуляция)',
    serial: s.serial,
    model: SIMULATED_MODEL,
    manufacturer: 'Штаб ППЭ — учебный режим',
    flags: {
      loginRequired: true,
      tokenInitialized: true,
      userPinInitialized: true,
      userPinCountLow: s.wrongInARow > 0 && left > 0,
      userPinFinalTry: left === 1,
      userPinLocked: left <= 0,
      protectedAuthPath: false,
      writeProtected: false,
    },
    simulated: true,
  };
}

class SimulatedToken implements Token {
  private loggedIn = false;

  constructor(private readonly s: SimState) {}

  get info(): TokenInfo {
    return infoOf(this.s);
  }

  async login(pin: string): Promise<void> {
    this.present();
    if (this.s.wrongInARow >= this.s.maxTries) throw new TokenError('PIN_LOCKED', 'simulated');
    if (pin !== this.s.pin) {
      this.s.wrongInARow += 1;
      const left = this.s.maxTries - this.s.wrongInARow;
      if (left <= 0) throw new TokenError('PIN_LOCKED', 'simulated');
      throw new TokenError('PIN_INCORRECT', 'simulated', left === 1 ? 'last' : 'few');
    }
    this.s.wrongInARow = 0;
    this.loggedIn = true;
  }

  async algorithms(): Promise<SignatureAlgorithm[]> {
    this.present();
    return ['ECDSA-P256-SHA256'];
  }

  async publicKey(): Promise<TokenPublicKey> {
    this.present();
    const pub = createPublicKey(this.s.privateKey);
    const spkiDer = Buffer.from(pub.export({ format: 'der', type: 'spki' }));
    return {
      algorithm: 'ECDSA-P256-SHA256',
      spkiDer,
      spkiPem: String(pub.export({ format: 'pem', type: 'spki' })),
      keyId: 'simulated',
      label: 'Учебный ключ (симуляция)',
    };
  }

  async certificate(): Promise<Buffer | null> {
    this.present();
    return null;
  }

  async sign(data: Uint8Array): Promise<TokenSignature> {
    this.present();
    if (!this.loggedIn) throw new TokenError('NOT_LOGGED_IN');
    const signature = cryptoSign('sha256', data, { key: this.s.privateKey, dsaEncoding: 'ieee-p1363' });
    return { algorithm: 'ECDSA-P256-SHA256', format: 'raw-r-s', signature, keyId: 'simulated', hashedOn: 'app' };
  }

  async deriveSharedSecret(peerSpkiDer: Buffer): Promise<Buffer> {
    this.present();
    if (!this.loggedIn) throw new TokenError('NOT_LOGGED_IN');
    let peer: KeyObject;
    try {
      peer = createPublicKey({ key: peerSpkiDer, format: 'der', type: 'spki' });
    } catch (e) {
      throw new TokenError('FAILED', 'peer key is not an SPKI', null, { cause: e });
    }
    if (peer.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new TokenError('FAILED', 'peer key is not P-256');
    return diffieHellman({ privateKey: this.s.privateKey, publicKey: peer });
  }

  async logout(): Promise<void> {
    this.loggedIn = false;
  }

  async close(): Promise<void> {
    this.loggedIn = false;
  }

  private present(): void {
    if (!this.s.present()) {
      this.loggedIn = false;
      throw new TokenError('REMOVED', 'simulated');
    }
  }
}

