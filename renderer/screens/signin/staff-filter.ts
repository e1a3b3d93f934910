import type { SignInStaff } from '../../../main/ipc/dto';
import { fullName } from '../../format/names';

/** Case- and ё-insensitive, so «семен» finds «Семён». */
export function normalize(s: string): string {
  return s.toLocaleLowerCase('ru').replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

export function matches(person: SignInStaff, query: string): boolean {
  const q = normalize(query);
  return q === '' || normalize(fullName(person)).includes(q);
}

export interface RoleGroup {
  roleCode: number;
  people: SignInStaff[];
}

/** People by role in code order (head first), surnames alphabetical inside each role. */
export function groupByRole(people: readonly SignInStaff[]): RoleGroup[] {
  const groups = new Map<number, SignInStaff[]>();
  for (const p of people) {
    const list = groups.get(p.roleCode) ?? [];
    list.push(p);
    groups.set(p.roleCode, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([roleCode, list]) => ({
      roleCode,
      people: list.sort((a, b) => fullName(a).localeCompare(fullName(b), 'ru')),
    }));
}
