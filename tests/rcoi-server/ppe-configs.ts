import type { DemoDataset } from '../../main/demo/demo-dataset';
import type { SetupPpe } from '../../main/stations/hq-setup-answer';
import { addDays } from './demo-bundles';

/** The PPE's permanent staff RCOI hands over at set-up: its head(s) and technical specialist(s). */
const PERMANENT_ROLES = new Set([1, 7]);

/**
 * The demo PPE (42/0412, assets/demo) as RCOI describes it to an HQ station at set-up: rooms, permanent staff and the
 * exam schedule dated from `today` (the PPE's local date), so that the bundles the demo publishes apply.
 */
export function demoPpeConfig(dataset: DemoDataset, today: string): SetupPpe {
  return {
    regionCode: dataset.region.code,
    regionName: dataset.region.name,
    ppeCode: dataset.ppe.code,
    name: dataset.ppe.name,
    address: dataset.ppe.address,
    timeZone: dataset.ppe.timeZone,
    auditoriums: dataset.auditoriums.map((a) => ({ ...a })),
    staff: dataset.staff
      .filter((s) => PERMANENT_ROLES.has(s.roleCode))
      .map((s) => ({ id: s.id, lastName: s.lastName, firstName: s.firstName, middleName: s.middleName, roleCode: s.roleCode })),
    exams: dataset.exams.map((e) => ({
      date: addDays(today, e.dayOffset),
      subjectCode: e.subjectCode,
      subjectName: e.subjectName,
      form: e.form,
      period: e.period,
      dayKind: e.dayKind,
      durationMin: e.durationMin,
    })),
  };
}
