import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTokenLibrary } from '../../native/token/module-paths';
import { Pkcs11TokenProvider } from '../../native/token/pkcs11-provider';
import { SimulatedTokenProvider } from '../../native/token/simulated-token';
import { TokenError, type Token, type TokenInfo, type TokenProvider } from '../../native/token/token';

// Which tokens this station can reach: PKCS#11 tokens through the library chosen per platform (the setting
// `token_library_path` overrides the known Rutoken/JaCarta places; a core option overrides both, for tests and a
// pinned deployment), and — in training mode only — two simulated tokens. The simulated provider is constructed
// only while the station is a training one: a real PPE never has one in memory, so no path can hand it a simulated
// token (the service and migration 0120 refuse one too).

export interface TokenOptions {
  /** A PKCS#11 library that wins over the setting (tests pass SoftHSM2's). Not subject to the setting's checks. */
  libraryPath?: string;
  /** Environment the library reads when it loads (SOFTHSM2_CONF for a private token store), set before it loads. */
  env?: Record<string, string>;
  /** The bound on each library call (native/token/pkcs11-host.ts). */
  timeoutMs?: number;
  /** Training mode offers simulated tokens unless this is false (tests of a real token in a training PPE). */
  simulated?: boolean;
  /** Test seam: wraps each provider as it is made (to pull a token out in the middle of an operation). */
  interpose?: (provider: TokenProvider) => TokenProvider;
}

/** The PIN of the training tokens, shown on the screen in training mode. */
export const SIMULATED_TOKEN_PIN = '123456';
const SIMULATED_SERIALS = ['SIM-0001', 'SIM-0002'];

export type LibrarySource = 'option' | 'setting' | 'known' | 'none';

export interface ConnectedToken {
  info: TokenInfo;
  provider: TokenProvider;
}

export class TokenDevices {
  private pkcs11: { path: string; provider: TokenProvider } | null = null;
  private simulated: TokenProvider[] | null = null;

  constructor(
    private readonly options: TokenOptions,
    private readonly deps: { dataDir: string; training: () => boolean; setting: () => string | null },
  ) {}

  /** The library the PKCS#11 provider loads, and where that choice came from. */
  library(): { path: string | null; source: LibrarySource } {
    if (this.options.libraryPath) return { path: this.options.libraryPath, source: 'option' };
    const setting = this.deps.setting();
    if (setting !== null) return { path: setting, source: 'setting' };
    const known = resolveTokenLibrary(null);
    return known === null ? { path: null, source: 'none' } : { path: known, source: 'known' };
  }

  /** Every token present now, and what went wrong with the library if it did (the simulated ones still list). */
  async list(): Promise<{ tokens: ConnectedToken[]; libraryError: unknown }> {
    const tokens: ConnectedToken[] = [];
    let libraryError: unknown = null;
    const { path } = this.library();
    const pkcs11 = path !== null && !existsSync(path) ? null : this.pkcs11Provider();
    if (path !== null && pkcs11 === null) {
      // The driver was removed (or the setting names a file that went away) after the library was loaded: say so,
      // naming the path, rather than go on with a library the next start would not find.
      await this.close();
      libraryError = new TokenError('LIBRARY_MISSING', path);
    } else if (pkcs11 === null) libraryError = new TokenError('LIBRARY_MISSING', 'no known token library installed');
    else {
      try {
        for (const info of await pkcs11.list()) tokens.push({ info, provider: pkcs11 });
      } catch (e) {
        libraryError = e;
      }
    }
    for (const provider of this.simulatedProviders()) {
      for (const info of await provider.list()) tokens.push({ info, provider });
    }
    return { tokens, libraryError };
  }

  /** Opens the token with this serial on whichever provider lists it (NO_TOKEN if none does). */
  async open(serial: string): Promise<Token> {
    for (const provider of this.simulatedProviders()) {
      if ((await provider.list()).some((t) => t.serial === serial)) return provider.open(serial);
    }
    const pkcs11 = this.pkcs11Provider();
    if (pkcs11 === null) throw new TokenError('LIBRARY_MISSING', 'no known token library installed');
    return pkcs11.open(serial);
  }

  /** Releases the library (after a change of the setting, and when the app closes). */
  async close(): Promise<void> {
    const current = this.pkcs11;
    this.pkcs11 = null;
    await current?.provider.close();
  }

  private pkcs11Provider(): TokenProvider | null {
    const { path } = this.library();
    if (path === null) return null;
    if (this.pkcs11?.path !== path) {
      void this.pkcs11?.provider.close();
      for (const [name, value] of Object.entries(this.options.env ?? {})) process.env[name] = value;
      const provider = new Pkcs11TokenProvider({ libraryPath: path, timeoutMs: this.options.timeoutMs });
      this.pkcs11 = { path, provider: this.options.interpose?.(provider) ?? provider };
    }
    return this.pkcs11.provider;
  }

  private simulatedProviders(): TokenProvider[] {
    if (this.options.simulated === false || !this.deps.training()) return [];
    this.simulated ??= SIMULATED_SERIALS.map((serial) => {
      const provider = new SimulatedTokenProvider({ serial, pin: SIMULATED_TOKEN_PIN, privateKey: this.trainingKey(serial) });
      return this.options.interpose?.(provider) ?? provider;
    });
    return this.simulated;
  }

  /**
   * A training token keeps its key across restarts, so a registration made in training still verifies tomorrow. The
   * key lives in the training station's data folder: it is a training key, and says so in its file name.
   */
  private trainingKey(serial: string): KeyObject {
    const dir = join(this.deps.dataDir, 'training-tokens');
    const file = join(dir, `${serial}.simulated-key.pem`);
    if (existsSync(file)) return createPrivateKey(readFileSync(file, 'utf8'));
    mkdirSync(dir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    return privateKey;
  }
}
