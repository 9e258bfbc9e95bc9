/** Given names heard in Flemish classrooms, diacritics and all. */
export const GIVEN_NAMES = [
  'Lotte',
  'Wout',
  'Febe',
  'Bart',
  'Evelien',
  'Noor',
  'Lars',
  'Emma',
  'Louis',
  'Olivia',
  'Arthur',
  'Mila',
  'Jules',
  'Ella',
  'Finn',
  'Lena',
  'Vic',
  'Fien',
  'Warre',
  'Marie',
  'Stan',
  'Nina',
  'Seppe',
  'Hanne',
  'Robbe',
  'Jana',
  'Anaïs',
  'Zoë',
  'Noémie',
  'Chloë',
  'Maëlle',
  'Inès',
  'Jürgen',
  'Ömer',
  'Çağla',
  'Søren',
  'Łukasz',
  'Éloïse',
  'Björn',
  'Ayşe',
  'Jérôme',
  'Renée',
  'Ibrahim',
  'Yasmina',
  'Mohamed',
  'Amélie',
  'Thijs',
  'Kato',
  'Rune',
  'Elif',
];

/** Family names, including particles and apostrophes that username rules must fold. */
export const FAMILY_NAMES = [
  'Peeters',
  'Janssens',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Goossens',
  'Wouters',
  'De Smet',
  'Dubois',
  'Lambert',
  'Dupont',
  'Vermeulen',
  'Van Damme',
  'Van den Broeck',
  "D'Hondt",
  'De Backer',
  'Pauwels',
  'Swings',
  'Poppe',
  'Öztürk',
  'Çelik',
  'Nowak',
  'Lefèvre',
  'Müller',
  'Van de Velde',
  'Verstraete',
  "O'Neill",
  'Desmet',
  'Verhoeven',
  'Coppens',
  'El Amrani',
  'Şahin',
  'Kowalczyk',
  'Aerts',
  'Bogaert',
  'Hermans',
  'Smets',
  'Van Acker',
  'De Clercq',
  'Geerts',
  'Cools',
  'Wuyts',
  'Segers',
  'Michiels',
  'Van Hoof',
  'Lemmens',
  'Claeys',
];

export const MIDDLE_NAMES = ['Maria', 'Jozef', 'Anna', 'Pieter', 'Louise', 'Karel', 'Elise'];

export const TOWNS = [
  'Gent',
  'Deinze',
  'Kortrijk',
  'Brugge',
  'Waregem',
  'Tielt',
  'Oudenaarde',
  'Nazareth',
  'Zulte',
  'Wevelgem',
];

export const SCHOOL_NAMES = [
  'Sint-Jozefscollege',
  'Atheneum',
  'Sint-Lodewijkscollege',
  'Vrije Basisschool De Regenboog',
  'GO! Basisschool De Wingerd',
  'Sint-Barbaracollege',
  'Onze-Lieve-Vrouwinstituut',
  'Klimop',
  'Sint-Vincentius',
  'Het Spoor',
  'De Bron',
  'Mariagaarde',
];

/** Subjects per level: [title, code]. Seven each, one scheduled class per subject per class group. */
export const SUBJECTS = {
  primary: [
    ['Nederlands', 'NED'],
    ['Wiskunde', 'WIS'],
    ['Frans', 'FRA'],
    ['Wereldoriëntatie', 'WO'],
    ['Muzische vorming', 'MUV'],
    ['Lichamelijke opvoeding', 'LO'],
    ['Levensbeschouwing', 'LEV'],
  ],
  secondary: [
    ['Nederlands', 'NED'],
    ['Wiskunde', 'WIS'],
    ['Frans', 'FRA'],
    ['Engels', 'ENG'],
    ['Geschiedenis', 'GES'],
    ['Natuurwetenschappen', 'NWE'],
    ['Lichamelijke opvoeding', 'LO'],
  ],
} as const;

/** Folds a name to a plain a-z e-mail local part (usernames proper get Entra's rules later). */
export function asciiLocalPart(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/ı/g, 'i')
    .replace(/[æÆ]/g, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
