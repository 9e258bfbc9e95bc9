import { AccountHolder, upn } from './account-holders';
import { EntraAccount, nameKey } from './entra-users-csv';
import { groupBy } from '../oneroster/record-json';

/** An Entra account as `usernames reserve` stored it. */
export interface EntraName {
  domain: string;
  localPart: string;
  givenName: string | null;
  surname: string | null;
}

/** The name parts of an exported Entra account that proposals and reservations keep. */
export function entraNameOf(account: EntraAccount): EntraName {
  return {
    domain: account.domain,
    localPart: account.localPart,
    givenName: account.givenName || null,
    surname: account.surname || null,
  };
}

export interface EntraProposals {
  /** sourcedId → the one existing account with the person's name, where it differs from their generated username. */
  proposed: Map<string, string>;
  /** People whose name matches several accounts, or who share their name with other people: left to the school. */
  ambiguous: { sourcedId: string; name: string; accounts: string[] }[];
}

/**
 * Matches people with a generated username to existing Entra accounts by given and family name.
 * Only a one-to-one match is proposed (never applied: the school copies it into the correction
 * column); a holder with a domain is matched only to accounts in that domain.
 */
export function proposeFromEntra(holders: readonly AccountHolder[], accounts: readonly EntraName[]): EntraProposals {
  // People and accounts without a name share the key '', which is never looked up below.
  const accountsByName = groupBy(accounts, (account) => nameKey(account.givenName ?? '', account.surname ?? ''));
  const holdersByName = groupBy(holders, (holder) => nameKey(holder.givenName, holder.familyName));
  const result: EntraProposals = { proposed: new Map(), ambiguous: [] };
  for (const holder of holders) {
    const key = nameKey(holder.givenName, holder.familyName);
    if (holder.origin !== 'generated' || key === '') continue;
    const matches = (accountsByName.get(key) ?? []).filter(
      (account) => holder.domain === '' || account.domain === holder.domain,
    );
    const names = matches.map((account) => (holder.domain === '' ? account.localPart : upn(account)));
    if (names.length === 0 || names.includes(upn(holder))) continue;
    if (names.length === 1 && holdersByName.get(key)!.length === 1) result.proposed.set(holder.sourcedId, names[0]);
    else
      result.ambiguous.push({
        sourcedId: holder.sourcedId,
        name: `${holder.givenName} ${holder.familyName}`,
        accounts: names,
      });
  }
  return result;
}
