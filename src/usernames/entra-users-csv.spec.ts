import { describe, expect, it } from 'vitest';
import { nameKey, parseEntraUsersCsv } from './entra-users-csv';

// Modelled on the columns of a classic "Download users" export from the Entra admin center.
const CLASSIC_HEADER =
  'userPrincipalName,displayName,surname,mail,givenName,objectId,userType,jobTitle,department,accountEnabled,' +
  'usageLocation,streetAddress,state,country,officeLocation,city,postalCode,telephoneNumber,mobilePhone,' +
  'alternateEmailAddress,ageGroup,consentProvidedForMinor,legalAgeGroupClassification,companyName,creationType,' +
  'directorySynced,invitationState,identityIssuer,createdDateTime';

function classicRow(upn: string, displayName: string, surname: string, givenName: string, userType = 'Member'): string {
  const objectId = '6f1b2c3d-0000-4000-8000-00000000000a';
  const rest = ',,True,BE,,,,,,,,,,,,,,,,,,,2024-08-30T09:12:00Z';
  return [upn, displayName, surname, upn, givenName, objectId, userType, ''].join(',') + rest;
}

describe('parseEntraUsersCsv', () => {
  it('reads a real-looking export: BOM, quoted display names with commas, a guest, a bad UPN and a repeat', () => {
    const file =
      '\uFEFF' +
      [
        CLASSIC_HEADER,
        classicRow(' Emile.Dupont@SintJozef.be ', '"Dupont, Émile"', 'Dupont', 'Émile'),
        classicRow('jan_gmail.com#EXT#@sintjozef.onmicrosoft.com', 'Jan (guest)', '', '', 'Guest'),
        classicRow(
          'anne-marie.vandenbroeck@sintjozef.be',
          '"Van den Broeck, Anne-Marie ""Ann"""',
          'Van den Broeck',
          'Anne-Marie',
        ),
        classicRow('no-at-sign.sintjozef.be', 'Broken', '', ''),
        classicRow('EMILE.DUPONT@sintjozef.be', 'Dupont Émile (again)', 'Dupont', 'Émile'),
        classicRow('a@b@sintjozef.be', 'Two ats', '', ''),
        classicRow('', 'No UPN', '', ''),
        classicRow('@sintjozef.be', 'No local part', '', ''),
        '',
      ].join('\r\n');
    const parsed = parseEntraUsersCsv(Buffer.from(file, 'utf8'));
    expect(parsed.accounts).toEqual([
      {
        line: 2,
        userPrincipalName: 'emile.dupont@sintjozef.be',
        localPart: 'emile.dupont',
        domain: 'sintjozef.be',
        displayName: 'Dupont, Émile',
        givenName: 'Émile',
        surname: 'Dupont',
        mail: 'emile.dupont@sintjozef.be',
      },
      {
        line: 4,
        userPrincipalName: 'anne-marie.vandenbroeck@sintjozef.be',
        localPart: 'anne-marie.vandenbroeck',
        domain: 'sintjozef.be',
        displayName: 'Van den Broeck, Anne-Marie "Ann"',
        givenName: 'Anne-Marie',
        surname: 'Van den Broeck',
        mail: 'anne-marie.vandenbroeck@sintjozef.be',
      },
    ]);
    expect(parsed.skippedGuests).toBe(1);
    expect(parsed.problems).toEqual([
      {
        line: 5,
        message: "userPrincipalName 'no-at-sign.sintjozef.be' must have exactly one '@' with text on both sides",
      },
      { line: 7, message: "userPrincipalName 'a@b@sintjozef.be' must have exactly one '@' with text on both sides" },
      { line: 8, message: 'the userPrincipalName is empty' },
      { line: 9, message: "userPrincipalName '@sintjozef.be' must have exactly one '@' with text on both sides" },
    ]);
  });

  it('reads the newer portal spelling of the headers, in any case, with semicolons', () => {
    const file = [
      '\uFEFFDisplay name;USER PRINCIPAL NAME;First name;Last name;Object ID',
      'Zoë Peeters;zoe.peeters@school.be;Zoë;Peeters;1',
      ';;;;',
      'Jan;jan@school.be;;;2',
    ].join('\n');
    const parsed = parseEntraUsersCsv(file);
    expect(parsed.problems).toEqual([]);
    const summaries = parsed.accounts.map((a) => [a.line, a.userPrincipalName, a.displayName, a.givenName, a.surname]);
    expect(summaries).toEqual([
      [2, 'zoe.peeters@school.be', 'Zoë Peeters', 'Zoë', 'Peeters'],
      [4, 'jan@school.be', 'Jan', '', ''],
    ]);
  });

  it('needs only the userPrincipalName column', () => {
    const { accounts } = parseEntraUsersCsv('userprincipalname\nx@school.be\n');
    expect(accounts).toEqual([
      {
        line: 2,
        userPrincipalName: 'x@school.be',
        localPart: 'x',
        domain: 'school.be',
        displayName: '',
        givenName: '',
        surname: '',
        mail: '',
      },
    ]);
  });

  it('refuses a file without a userPrincipalName column on line 1', () => {
    expect(parseEntraUsersCsv('displayName,mail\nJan,jan@school.be\n')).toEqual({
      accounts: [],
      problems: [{ line: 1, message: "missing column 'userPrincipalName': the header has 'displayName', 'mail'" }],
      skippedGuests: 0,
    });
    expect(parseEntraUsersCsv('').problems).toEqual([
      { line: 1, message: "missing column 'userPrincipalName': the header line is empty" },
    ]);
  });

  it('gives physical line numbers after a display name spanning lines, and reports a quote never closed', () => {
    const parsed = parseEntraUsersCsv(
      'userPrincipalName,displayName\r\na@s.be,"two\r\nlines"\r\nb@s.be,x\r\nc@s.be,"open\r\n',
    );
    expect(parsed.accounts.map((account) => [account.line, account.localPart])).toEqual([
      [2, 'a'],
      [4, 'b'],
    ]);
    expect(parsed.problems).toEqual([{ line: 5, message: expect.stringContaining('never closed') }]);
  });
});

describe('nameKey', () => {
  it.each([
    ['Émile', 'Dupont', 'emile|dupont'],
    ['emile', 'DUPONT', 'emile|dupont'],
    ['Anne', 'Van den Broeck', 'anne|vandenbroeck'],
    ['Anne', 'vandenbroeck', 'anne|vandenbroeck'],
    ['Øystein', "D'Hondt", 'oystein|dhondt'],
    ['', 'Dupont', ''],
    ['Émile', '  ', ''],
    ['李', 'Dupont', ''],
  ])('(%j, %j) → %j', (givenName, familyName, key) => {
    expect(nameKey(givenName, familyName)).toBe(key);
  });
});
