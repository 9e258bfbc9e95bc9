import { normalizeLocalPart } from '../identity/upn-normalize';
import { cellAt, CsvProblem, CsvRecord, findColumn, isBlank, missingColumnsMessage, readCsv } from './csv-dialect';

/** One member account from a Microsoft Entra admin center "Download users" export. */
export interface EntraAccount {
  /** 1-based physical line in the file; the header is line 1. */
  line: number;
  /** Lower-cased and trimmed. */
  userPrincipalName: string;
  localPart: string;
  domain: string;
  displayName: string;
  givenName: string;
  surname: string;
  /** The `mail` attribute, lower-cased; '' when the export has none. */
  mail: string;
}

export interface ParsedEntraUsers {
  /** One per userPrincipalName: a repeated one keeps its first line. */
  accounts: EntraAccount[];
  problems: CsvProblem[];
  /** Guest accounts (`#EXT#` in the userPrincipalName) left out: they are not school accounts. */
  skippedGuests: number;
}

/** Header names of the classic export (`givenName`) and of the newer portal (`First name`), compared by `headerKey`. */
const COLUMN_NAMES = {
  userPrincipalName: ['userPrincipalName'],
  displayName: ['displayName'],
  givenName: ['givenName', 'firstName'],
  surname: ['surname', 'lastName'],
  mail: ['mail'],
} as const;

const GUEST_MARKER = '#ext#';

type EntraColumns = Record<keyof typeof COLUMN_NAMES, number>;

/**
 * Reads a "Download users" CSV from the Microsoft Entra admin center (UTF-8 with a byte-order mark,
 * `,` or `;`). Only the userPrincipalName column is required. Never throws for bad content.
 */
export function parseEntraUsersCsv(content: Buffer | string): ParsedEntraUsers {
  const { records, problem } = readCsv(content);
  const [header, ...rows] = records;
  const columns = entraColumns(header?.cells ?? []);
  const parsed: ParsedEntraUsers = { accounts: [], problems: [], skippedGuests: 0 };
  if (columns.userPrincipalName < 0) {
    parsed.problems.push({ line: 1, message: missingColumnsMessage(['userPrincipalName'], header?.cells ?? []) });
  } else {
    readAccounts(rows, columns, parsed);
  }
  if (problem) parsed.problems.push(problem);
  return parsed;
}

/**
 * The key that matches an Entra account to a roster person by name: both names folded as a local
 * part is (`Émile` → `emile`, `Van den Broeck` → `vandenbroeck`), joined by `|`; '' when either
 * name has nothing left, since half a name would match the wrong people.
 */
export function nameKey(givenName: string, familyName: string): string {
  // Separators dropped too: Entra may hold "Anne Marie" where the SIS has "Anne-Marie".
  const given = normalizeLocalPart(givenName).replace(/[._-]/g, '');
  const family = normalizeLocalPart(familyName).replace(/[._-]/g, '');
  return given !== '' && family !== '' ? `${given}|${family}` : '';
}

function entraColumns(header: readonly string[]): EntraColumns {
  return {
    userPrincipalName: findColumn(header, COLUMN_NAMES.userPrincipalName),
    displayName: findColumn(header, COLUMN_NAMES.displayName),
    givenName: findColumn(header, COLUMN_NAMES.givenName),
    surname: findColumn(header, COLUMN_NAMES.surname),
    mail: findColumn(header, COLUMN_NAMES.mail),
  };
}

function readAccounts(rows: readonly CsvRecord[], columns: EntraColumns, parsed: ParsedEntraUsers): void {
  const seen = new Set<string>();
  for (const { line, cells } of rows) {
    if (isBlank(cells)) continue;
    const written = cellAt(cells, columns.userPrincipalName).trim();
    const userPrincipalName = written.toLowerCase();
    if (userPrincipalName.includes(GUEST_MARKER)) {
      parsed.skippedGuests++;
      continue;
    }
    const [localPart, domain, ...rest] = userPrincipalName.split('@');
    if (!localPart || !domain || rest.length > 0) {
      parsed.problems.push({ line, message: badUpnMessage(written) });
      continue;
    }
    if (seen.has(userPrincipalName)) continue;
    seen.add(userPrincipalName);
    parsed.accounts.push({
      line,
      userPrincipalName,
      localPart,
      domain,
      displayName: cellAt(cells, columns.displayName).trim(),
      givenName: cellAt(cells, columns.givenName).trim(),
      surname: cellAt(cells, columns.surname).trim(),
      mail: cellAt(cells, columns.mail).trim().toLowerCase(),
    });
  }
}

function badUpnMessage(written: string): string {
  if (written === '') return 'the userPrincipalName is empty';
  return `userPrincipalName '${written}' must have exactly one '@' with text on both sides`;
}
