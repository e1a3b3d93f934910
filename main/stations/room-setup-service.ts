import { defaultStationCrypto } from '../crypto/station-crypto';
import { AppError } from '../kernel/app-error';
import type { Actor, CoreContext } from '../kernel/context';
import { readSetupState } from '../ppe/ppe-config';
import type { RoomSetupResult as RoomSetupResultDto, SetupFile } from '../ipc/slices/stations';
import type { KeyProtector } from '../sync/key-store';
import { listMoveFiles, takeMove } from './room-move';
import { takeRoomSetup, writeStationReply, type RoomSetupResult } from './room-setup';
import { describeSetupFile, readSetupFiles } from './room-setup-files';
import { driveSummary, type StationDrives } from './station-drives';

/**
 * The room station's side of its set-up, for the handlers: the drives, the set-up files on one, taking one (a fresh
 * station) or a move (a station set up), writing the reply again. The fresh-station calls answer only while the
 * station is not set up: once it is, they are refused, and a station never takes a second PPE's set-up.
 */
export class RoomSetupService {
  constructor(
    private readonly ctx: CoreContext,
    private readonly protector: KeyProtector,
    private readonly drives: StationDrives,
    /** Called once the station is set up: app-core starts what a set-up station runs (drives, anchors). */
    private readonly onSetUp: () => void,
  ) {}

  private notSetUpOnly(): void {
    if (readSetupState(this.ctx.db) !== 'notSetUp') throw new AppError('STATION_ALREADY_SET_UP');
  }

  async drivesNow() {
    this.notSetUpOnly();
    return { drives: (await this.drives.list()).map(driveSummary) };
  }

  async files(driveId: string): Promise<{ files: SetupFile[]; more: number }> {
    this.notSetUpOnly();
    const { files, more } = await readSetupFiles(defaultStationCrypto, await this.drives.mountPathOf(driveId));
    return { files: files.map(describeSetupFile), more };
  }

  async take(request: { driveId: string; file: string; hqFingerprint: string; staffExternalId: string; pin: string }): Promise<RoomSetupResultDto> {
    this.notSetUpOnly();
    const driveRoot = await this.drives.mountPathOf(request.driveId);
    const result = await takeRoomSetup(this.ctx, this.protector, { ...request, driveRoot });
    this.onSetUp();
    return toDto(result);
  }

  async writeReply(actor: Actor, driveId: string): Promise<{ file: string }> {
    return writeStationReply(this.ctx, this.protector, actor, await this.drives.mountPathOf(driveId));
  }

  async moveFiles(driveId: string): Promise<{ files: SetupFile[]; more: number }> {
    return listMoveFiles(this.ctx, this.protector, await this.drives.mountPathOf(driveId));
  }

  async takeMove(actor: Actor, request: { driveId: string; file: string; hqFingerprint: string }): Promise<RoomSetupResultDto> {
    const driveRoot = await this.drives.mountPathOf(request.driveId);
    return toDto(await takeMove(this.ctx, this.protector, actor, { ...request, driveRoot }));
  }
}

function toDto(r: RoomSetupResult): RoomSetupResultDto {
  return {
    station: r.station,
    room: r.room,
    isReserve: r.isReserve,
    fingerprint: r.fingerprint,
    hqFingerprint: r.hqFingerprint,
    replyFile: 'file' in r.reply ? r.reply.file : null,
    replyProblem: 'problem' in r.reply ? r.reply.problem : null,
  };
}
