import type { DemoDataset } from '../../main/demo/demo-dataset';
import { packagePublicationDate } from '../../main/timeline/working-days';
import { addDays } from './demo-bundles';
import type { PackageSpec } from './package-builder';

type DemoExam = DemoDataset['exams'][number];

/** A room seats at most 25 participants in an exam (and the manifest allows at most 25 kits a room). */
const MAX_KITS_PER_ROOM = 25;

export interface DemoPackageOptions {
  /** The PPE's local date taken as day 0 of the demo calendar (as for the bundles). */
  today: string;
  bytesPerKit: number;
}

/**
 * The internet package RCOI would prepare for one demo exam: a kit per participant seated in each room (an exam
 * without seating gets a full room's worth in every exam room), reserve kits of 10 % of that, at least 5, and the
 * working-day publication date in the PPE's zone.
 */
export function demoPackageSpec(dataset: DemoDataset, exam: DemoExam, options: DemoPackageOptions): PackageSpec {
  const examDate = addDays(options.today, exam.dayOffset);
  const rooms = roomsOf(dataset, exam);
  const seated = rooms.reduce((n, r) => n + r.kits, 0);
  return {
    regionCode: dataset.region.code,
    ppeCode: dataset.ppe.code,
    exam: { date: examDate, subjectCode: exam.subjectCode, form: exam.form, dayKind: exam.dayKind },
    rooms,
    reserveKits: Math.max(5, Math.ceil(seated * 0.1)),
    bytesPerKit: options.bytesPerKit,
    availableFrom: packagePublicationDate(examDate, exam.dayKind),
    timeZone: dataset.ppe.timeZone,
  };
}

/** One package per demo exam still to come (today's included); an exam already sat needs none. */
export function buildDemoPackageSpecs(dataset: DemoDataset, options: DemoPackageOptions): PackageSpec[] {
  return dataset.exams.filter((exam) => exam.dayOffset >= 0).map((exam) => demoPackageSpec(dataset, exam, options));
}

function roomsOf(dataset: DemoDataset, exam: DemoExam): PackageSpec['rooms'] {
  if (exam.seating.length === 0) {
    return dataset.auditoriums
      .filter((a) => !a.isHeadquarters && a.seats > 0)
      .map((a) => ({ auditoriumCode: a.code, kits: Math.min(a.seats, MAX_KITS_PER_ROOM) }));
  }
  const seated = new Map<string, number>();
  for (const seat of exam.seating) seated.set(seat.auditoriumCode, (seated.get(seat.auditoriumCode) ?? 0) + 1);
  return [...seated]
    .sort(([a], [b]) => a.localeCompare(b))
    // Not capped: more than 25 seated in a room is a fault of the data set, which publishing then reports.
    .map(([auditoriumCode, kits]) => ({ auditoriumCode, kits }));
}
