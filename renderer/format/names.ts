export interface PersonName {
  lastName: string;
  firstName: string;
  middleName: string;
}

export function fullName(p: PersonName): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
}

const initial = (s: string) => (s ? `${s[0]!.toUpperCase()}.` : '');

/** «Иванов И. И.», with no-break spaces: initials are never wrapped away from the surname. */
export function shortName(p: PersonName): string {
  return [p.lastName, initial(p.firstName), initial(p.middleName)].filter(Boolean).join('\u00a0');
}

/** Male or female from the patronymic (-ич / -на, -оглы / -кызы); null when it does not tell. */
function genderOf(p: PersonName): 'm' | 'f' | null {
  const m = p.middleName.toLowerCase();
  if (m.endsWith('ич') || m.endsWith('оглы') || m.endsWith('улы')) return 'm';
  if (m.endsWith('на') || m.endsWith('кызы') || m.endsWith('кызы')) return 'f';
  return null;
}

const CONSONANT_END = /[бвгджзклмнпрстфхцчшщ]$/i;

/**
 * The surname in the dative case, for «Выдать новый PIN сотруднику Иванову И. И.?». Covers the regular
 * patterns; anything unusual (foreign, indeclinable, unknown gender) is left as written, which reads acceptably.
 */
export function dativeSurname(p: PersonName): string {
  const s = p.lastName;
  const gender = genderOf(p);
  if (!s || gender === null || s.includes('-')) return s;
  if (gender === 'm') {
    if (/(ов|ев|ёв|ин|ын)$/i.test(s)) return `${s}у`;
    if (/(ский|цкий|ий|ый|ой)$/i.test(s)) return `${s.slice(0, -2)}ому`;
    if (/ь$/i.test(s)) return `${s.slice(0, -1)}ю`;
    if (/й$/i.test(s)) return `${s.slice(0, -1)}ю`;
    if (CONSONANT_END.test(s)) return `${s}у`;
    return s;
  }
  if (/(ова|ева|ёва|ина|ына)$/i.test(s)) return `${s.slice(0, -1)}ой`;
  if (/(ская|цкая|ая)$/i.test(s)) return `${s.slice(0, -2)}ой`;
  return s;
}

/** «Иванову И. И.» — for Russian sentences that need the dative. */
export function shortNameDative(p: PersonName): string {
  return shortName({ ...p, lastName: dativeSurname(p) });
}
