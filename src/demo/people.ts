import { asciiLocalPart, FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, TOWNS } from './flemish-names';
import { Prng } from './prng';

export interface PersonName {
  givenName: string;
  familyName: string;
  middleName?: string;
}

/** Names chosen on purpose, so every demo board has exact duplicates and the review example. */
export const PLANTED_NAMES = {
  duplicateStudent: { givenName: 'Bart', familyName: 'Swings' },
  reviewTeacher: { givenName: 'Evelien', familyName: 'Poppe' },
  duplicateTeacher: { givenName: 'Lotte', familyName: 'Maes' },
};

export function randomName(rng: Prng): PersonName {
  return {
    givenName: rng.pick(GIVEN_NAMES),
    familyName: rng.pick(FAMILY_NAMES),
    middleName: rng.chance(0.08) ? rng.pick(MIDDLE_NAMES) : undefined,
  };
}

/** A Belgian national-number-shaped identifier (YYMMDD + sequence + mod-97 check), stable per person. */
export function nationalNumber(birthDate: string, sequence: number): string {
  const base = `${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${String(sequence % 997).padStart(3, '0')}`;
  const born2000s = Number(birthDate.slice(0, 4)) >= 2000;
  const check = 97 - Number(BigInt(`${born2000s ? '2' : ''}${base}`) % 97n);
  return `${base}${String(check).padStart(2, '0')}`;
}

/** A birth date consistent with a Flemish grade (01 = six years old on 1 September). */
export function birthDateFor(rng: Prng, grade: number, startYear: number): string {
  const year = startYear - 5 - grade;
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function staffEmail(name: PersonName, domain: string, sequence: number): string {
  return `${asciiLocalPart(name.givenName)}.${asciiLocalPart(name.familyName)}${sequence}@${domain}`;
}

export function birthTown(rng: Prng): string {
  return rng.pick(TOWNS);
}
