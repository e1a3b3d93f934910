import type { CoreContext } from '../kernel/context';
import type { AppInfo } from '../ipc/dto';
import { readPpeConfig, readSetting, readSetupState } from './ppe-config';

/** What the shell knows of itself, not of the exam point. */
export interface BuildInfo {
  appVersion: string;
  schemaVersion: number;
  transport: 'electron' | 'bridge';
}

/**
 * Who this station is: the app, the exam point it serves, its own number and room. Works on any station — one not
 * set up (or refusing to run) has no exam point to describe. Training PINs are shown only in training mode, where
 * they are printed on the sign-in screen on purpose.
 */
export function describeStation(ctx: CoreContext, build: BuildInfo): AppInfo {
  const setup = readSetupState(ctx.db);
  const ppe = setup === 'training' || setup === 'ready' ? readPpeConfig(ctx.db) : null;
  const stationNumber = readSetting(ctx.db, 'station_number');
  const station = stationNumber
    ? ctx.db
        .prepare<[string], { number: string; role: string; auditorium_code: string }>('SELECT number, role, auditorium_code FROM station WHERE number = ?')
        .get(stationNumber)
    : undefined;
  return {
    ...build,
    nowUtc: ctx.clock.now().toISOString(),
    setup,
    ppe: ppe && {
      code: ppe.code,
      name: ppe.name,
      address: ppe.address,
      regionCode: ppe.regionCode,
      regionName: ppe.regionName,
      timeZone: ppe.timeZone,
      trainingMode: ppe.trainingMode,
      trainingPins: ppe.trainingMode ? trainingPins(readSetting(ctx.db, 'training_pins')) : null,
      rcoiUrl: ppe.rcoiUrl,
    },
    station: station ? { number: station.number, role: station.role, auditoriumCode: station.auditorium_code } : null,
  };
}

function trainingPins(json: string | null): { roleCode: number; pin: string }[] | null {
  if (!json) return null;
  return Object.entries(JSON.parse(json) as Record<string, string>).map(([role, pin]) => ({ roleCode: Number(role), pin }));
}

/**
 * Which side of the exam point this station works on: 'room' for an organiser's station (a reserve one waits in the
 * HQ room until it is needed), 'hq' for the HQ, authorisation and scanning stations; null before set-up. A room
 * station works offline: internet packages, distribution lists and RCOI are HQ's business, and reach it on the
 * transfer drive.
 */
export function stationSideOf(db: CoreContext['db']): 'hq' | 'room' | null {
  const number = readSetting(db, 'station_number');
  if (!number) return null;
  const role = db.prepare<[string], { role: string }>('SELECT role FROM station WHERE number = ?').get(number)?.role;
  if (role === undefined) return null;
  return role === 'organizer' ? 'room' : 'hq';
}
