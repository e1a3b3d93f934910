import { AppError, isAppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { act, recordAct } from '../kernel/unit-of-work';
import { heldExamKeys } from '../exam-keys/key-store';
import { packageKeyIdOf, type KeyVault } from './key-vault';
import type { KitReader } from './kit-reader';
import { copyPackageFromDrive, localCopyOf } from './local-package';
import { requirePrintingPlace } from './printing-place';
import type { PrintingDeps } from './printing-deps';
import { unwrapOnToken } from './token-unwrap';

/**
 * The GEK member activates the package key at this station (PRINTING.md «The key»): a held key file for this package,
 * the package's local copy (made now from the transfer drive if missing), the token and its PIN, the key checked
 * against the manifest and the room's packs read through once. The wrong PINs typed per token are counted here for
 * the whole run of the app, so the message can say how many tries a token has left before it locks itself.
 */
export class KeyActivation {
  private readonly wrongPins = new Map<string, number>();
  private activating: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly d: PrintingDeps,
    private readonly vault: KeyVault,
    private readonly reader: KitReader,
  ) {}

  /** Activation, one at a time (a double press must not ask the token twice). */
  activate(actor: Actor, tokenSerial: string | null, pin: string): Promise<{ activatedBy: string; kits: number }> {
    const run = this.activating.then(() => this.activateNow(actor, tokenSerial, pin));
    this.activating = run.catch(() => undefined);
    return run;
  }

  private async activateNow(actor: Actor, tokenSerial: string | null, pin: string): Promise<{ activatedBy: string; kits: number }> {
    const { ctx } = this.d;
    const place = requirePrintingPlace(ctx.db, ctx.clock.now());
    const pkg = place.pkg;
    const held = heldExamKeys(ctx.db, pkg.packageId);
    if (held.length === 0) throw new AppError('PRINTING_NO_KEY_FILE');
    let copied = false;
    if (!localCopyOf(ctx.db, pkg.packageId)) {
      const drive = this.d.transferDriveRoot();
      if (drive === null) throw new AppError('PRINTING_PACKAGE_NEEDS_DRIVE');
      await copyPackageFromDrive(ctx.db, this.d.crypto, this.d.dataDir, drive, pkg, ctx.clock.now());
      copied = true;
    }
    const manifest = await this.reader.manifest(pkg);
    // The key files name the package key they carry; one for another package is refused before the token is asked.
    const files = held.filter((k) => k.payload.packageKeyId === manifest.encryption.keyId);
    if (files.length === 0) throw new AppError('PRINTING_KEY_WRONG_PACKAGE');
    let unwrapped;
    try {
      unwrapped = await unwrapOnToken(this.d.tokens, files, tokenSerial, pin, this.wrongPins);
    } catch (e) {
      const error = isAppError(e) ? e : new AppError('INTERNAL');
      recordAct(ctx, actor, 'printing.key_refused', { packageId: pkg.packageId, tokenSerial, error: error.toPayload() });
      throw error;
    }
    const { key } = unwrapped;
    if (packageKeyIdOf(key) !== manifest.encryption.keyId) {
      key.fill(0);
      throw new AppError('PRINTING_KEY_WRONG_PACKAGE');
    }
    const member = memberName(ctx, unwrapped.recipient.staffId);
    const activatedAt = ctx.clock.now().toISOString();
    this.vault.keep({ packageId: pkg.packageId, keyId: unwrapped.file.payload.keyId, activatedBy: member, tokenSerial: unwrapped.serial, activatedAt }, key);
    this.reader.forget();
    let kits: number;
    try {
      // Reads the room's packs through once: a wrong key or a damaged pack shows now, not at the first kit.
      kits = (await this.reader.plan(place, manifest)).length;
    } catch (e) {
      this.vault.wipe();
      this.reader.forget();
      throw e;
    }
    act(ctx, actor, (work) => {
      work.record('printing.key_activated', {
        packageId: pkg.packageId,
        keyId: unwrapped.file.payload.keyId,
        member: { staffId: unwrapped.recipient.staffId, name: member },
        tokenSerial: unwrapped.serial,
        copied,
      });
      work.changed('printing');
    });
    return { activatedBy: member, kits };
  }
}

/** The GEK member as the journal and the screen name them: from `staff` by RCOI's id, else the id itself. */
function memberName(ctx: CoreContext, staffId: string): string {
  const row = ctx.db
    .prepare<[string], { name: string }>("SELECT trim(last_name || ' ' || first_name || ' ' || middle_name) AS name FROM staff WHERE external_id = ?")
    .get(staffId);
  return row?.name ?? staffId;
}
