import { readFileSync } from 'node:fs';

interface Person {
  lastName: string;
  firstName: string;
  middleName: string;
}
interface DemoFile {
  staff: (Person & { roleCode: number })[];
  participants: (Person & { document: { series: string; number: string } })[];
  exams: { subjectName: string; dayOffset: number; seating: { participant: number; auditoriumCode: string }[] }[];
}

/** The demo PPE as shipped, so the tests name people and exams the way a person in front of the screen would. */
export const demo = JSON.parse(readFileSync(new URL('../../assets/demo/demo-ppe.json', import.meta.url), 'utf8')) as DemoFile;

export const fullName = (p: Person) => `${p.lastName} ${p.firstName} ${p.middleName}`;
export const staffWithRole = (roleCode: number) => demo.staff.find((s) => s.roleCode === roleCode)!;
