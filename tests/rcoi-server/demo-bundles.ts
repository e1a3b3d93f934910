import { readFileSync } from 'node:fs';
import type { BundleParticipant, BundlePayload, BundleStaff } from '../../main/bundles/bundle-format';
import { demoDatasetSchema, type DemoDataset } from '../../main/demo/demo-dataset';
import { bundleIdFor, type BundleKey } from './bundle-key';
import { repoFile } from './repo-files';

type DemoExam = DemoDataset['exams'][number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function loadDemoDataset(file: string = repoFile('assets', 'demo', 'demo-ppe.json')): DemoDataset {
  return demoDatasetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** The calendar date (YYYY-MM-DD) at `now` in an IANA time zone: the PPE's "today", not the machine's. */
export function localDateIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Adds calendar days to a YYYY-MM-DD date; UTC arithmetic so no daylight-saving shift can skip or repeat a day. */
export function addDays(date: string, days: number): string {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const utc = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (utc.toISOString().slice(0, 10) !== date) throw new RangeError(`no such date: ${date}`);
  utc.setUTCDate(utc.getUTCDate() + days);
  return utc.toISOString().slice(0, 10);
}

export interface DemoBundleOptions {
  /** The PPE's local date taken as day 0 of the demo calendar. */
  today: string;
  issuedAt?: Date;
  version?: number;
}

/** The distribution bundle RCOI would send for one demo exam. */
export function buildDemoBundle(dataset: DemoDataset, exam: DemoExam, options: DemoBundleOptions): BundlePayload {
  const version = options.version ?? 1;
  const key: BundleKey = {
    regionCode: dataset.region.code,
    ppeCode: dataset.ppe.code,
    examDate: addDays(options.today, exam.dayOffset),
    subjectCode: exam.subjectCode,
    form: exam.form,
    version,
  };
  const participants = exam.seating.map((seat): BundleParticipant => {
    const person = pick(dataset.participants, seat.participant, 'participant');
    return {
      id: person.id,
      lastName: person.lastName,
      firstName: person.firstName,
      middleName: person.middleName,
      document: { series: person.document.series, number: person.document.number },
      auditoriumCode: seat.auditoriumCode,
      seat: seat.seat,
      specialConditions: [...seat.specialConditions],
    };
  });
  const staff = exam.staffAssignments.map((assignment): BundleStaff => {
    const person = pick(dataset.staff, assignment.staff, 'staff');
    return {
      id: person.id,
      lastName: person.lastName,
      firstName: person.firstName,
      middleName: person.middleName,
      // The role is the one for this exam day, which may differ from the person's usual one.
      roleCode: assignment.roleCode,
      auditoriumCode: assignment.auditoriumCode,
    };
  });
  return {
    bundleId: bundleIdFor(key),
    version,
    issuedAt: (options.issuedAt ?? new Date()).toISOString(),
    regionCode: key.regionCode,
    ppeCode: key.ppeCode,
    exam: { date: key.examDate, subjectCode: key.subjectCode, form: key.form },
    participants,
    staff,
  };
}

/** One bundle per demo exam, in the order of the data set. */
export function buildDemoBundles(dataset: DemoDataset, options: DemoBundleOptions): BundlePayload[] {
  return dataset.exams.map((exam) => buildDemoBundle(dataset, exam, options));
}

function pick<T>(list: readonly T[], index: number, what: string): T {
  const item = list[index];
  if (item === undefined) throw new RangeError(`demo data set: no ${what} at index ${index}`);
  return item;
}
