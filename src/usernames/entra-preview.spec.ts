import { describe, expect, it } from 'vitest';
import { AccountHolder } from './account-holders';
import { identityOf, previewMatches } from './entra-preview';
import { EntraAccount } from './entra-users-csv';

const holder = (
  sourcedId: string,
  localPart: string,
  given: string,
  family: string,
  more: Partial<AccountHolder> = {},
) =>
  ({
    sourcedId,
    role: 'student',
    givenName: given,
    familyName: family,
    middleName: null,
    identifier: null,
    username: '',
    email: null,
    birthDate: null,
    domain: 'leerling.school.be',
    localPart,
    origin: 'generated',
    ...more,
  }) as AccountHolder;

const account = (upn: string, givenName: string, surname: string, mail = ''): EntraAccount => {
  const [localPart, domain] = upn.split('@');
  return {
    line: 2,
    userPrincipalName: upn,
    localPart,
    domain,
    displayName: `${givenName} ${surname}`,
    givenName,
    surname,
    mail,
  };
};

const ACCOUNTS = [
  account('emma.peeters@leerling.school.be', 'Emma', 'Peeters', 'emma.p@school.be'),
  account('lucas.maes@leerling.school.be', 'Lukas', 'Janssens'),
  account('noor.jacobs2@leerling.school.be', 'Noor', 'Jacobs'),
  account('lotte.wouters@leerling.school.be', 'Lotte', 'Wouters'),
  account('lotte.wouters1@leerling.school.be', 'Lotte', 'Wouters'),
];

describe('previewMatches', () => {
  const people = [
    holder('s1', 'emma.peeters', 'Emma', 'Peeters'),
    holder('s2', 'lucas.maes', 'Lucas', 'Maes'),
    holder('s3', 'noor.jacobs', 'Noor', 'Jacobs'),
    holder('s4', 'lotte.wouters2', 'Lotte', 'Wouters'),
    holder('s5', 'finn.claes', 'Finn', 'Claes'),
    holder('s6', 'lucas.maes', 'Lucas', 'Maes', { origin: 'override' }),
  ].map((h) => ({ holder: h, identity: identityOf(h, 'upn', false) }));

  it('tells who matches, who is created, whose name is a stranger and who collides', () => {
    const result = previewMatches(people.slice(0, 5), ACCOUNTS, 'upn');
    const status = (id: string) => result.get(id)!;
    expect(status('s1')).toMatchObject({ status: 'match', account: 'Emma Peeters <emma.peeters@leerling.school.be>' });
    expect(status('s2')).toMatchObject({
      status: 'stranger',
      account: 'Lukas Janssens <lucas.maes@leerling.school.be>',
    });
    expect(status('s3')).toMatchObject({
      status: 'existing account',
      account: 'noor.jacobs2@leerling.school.be',
      proposed: 'noor.jacobs2@leerling.school.be',
    });
    expect(status('s4')).toMatchObject({ status: 'collision', proposed: '' });
    expect(status('s4').account).toContain('lotte.wouters1@leerling.school.be');
    expect(status('s5')).toMatchObject({
      status: 'create',
      account: '',
      note: 'SDS creates finn.claes@leerling.school.be',
    });
  });

  it('calls two people with one identity a collision, each naming the other', () => {
    const result = previewMatches([people[1], people[5]], ACCOUNTS, 'upn');
    expect(result.get('s2')).toMatchObject({ status: 'collision', note: expect.stringContaining('s6') });
    expect(result.get('s6')).toMatchObject({ status: 'collision', note: expect.stringContaining('s2') });
  });

  it('keeps a correction the school made as a match, whatever name the account carries', () => {
    expect(previewMatches([people[5]], ACCOUNTS, 'upn').get('s6')).toMatchObject({ status: 'match' });
  });

  it('matches on mail when SDS is told to, with the SIS email or the username served as email', () => {
    const emma = holder('s1', 'emma.peeters', 'Emma', 'Peeters', { email: 'Emma.P@school.be' });
    const byMail = previewMatches([{ holder: emma, identity: identityOf(emma, 'mail', false) }], ACCOUNTS, 'mail');
    expect(byMail.get('s1')).toMatchObject({ status: 'match' });
    const asUsername = identityOf(emma, 'mail', true);
    expect(asUsername).toBe('emma.peeters@leerling.school.be');
    expect(previewMatches([{ holder: emma, identity: asUsername }], ACCOUNTS, 'mail').get('s1')).toMatchObject({
      status: 'create',
    });
    const noMail = holder('s9', 'x', 'X', 'Y');
    expect(
      previewMatches([{ holder: noMail, identity: identityOf(noMail, 'mail', false) }], ACCOUNTS, 'mail').get('s9'),
    ).toMatchObject({ status: 'create', note: 'no mail to match on: SDS cannot match' });
  });

  it('matches a tenant without a domain on the part before @', () => {
    const bare = holder('s1', 'emma.peeters', 'Emma', 'Peeters', { domain: '' });
    expect(
      previewMatches([{ holder: bare, identity: identityOf(bare, 'upn', false) }], ACCOUNTS, 'upn').get('s1'),
    ).toMatchObject({ status: 'match' });
  });
});
