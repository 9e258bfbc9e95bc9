import { AccountHolder, upn } from './account-holders';
import { entraNameOf, proposeFromEntra } from './entra-proposals';
import { EntraAccount, nameKey } from './entra-users-csv';

/** What SDS attribute a person's username is matched against in Entra (the inbound flow's user matching). */
export const MATCH_TARGETS = ['upn', 'mail'] as const;
export type MatchTarget = (typeof MATCH_TARGETS)[number];

/**
 * What SDS will do with a person on its first run:
 * - `match`: an account with the person's identity exists and carries their name (or the school chose it);
 * - `create`: no account has it; SDS creates one;
 * - `existing account`: no account has the generated name, but one account carries the person's name: SDS would create
 *   a second account unless the school takes the proposed correction;
 * - `stranger`: the generated name is an account of somebody with another name;
 * - `collision`: two people would get one identity, or share a name that several accounts (or people) carry.
 */
export type PreviewStatus = 'match' | 'create' | 'existing account' | 'stranger' | 'collision';

export interface PreviewLine {
  status: PreviewStatus;
  /** The Entra account concerned, as the school knows it: display name and UPN. */
  account: string;
  /** A correction for the review file's `proposed correction` column. */
  proposed: string;
  note: string;
}

/** A person as SDS will see them: the holder, and the identity it matches on (UPN as served, or email). */
export interface PreviewPerson {
  holder: AccountHolder;
  identity: string;
}

const show = (account: EntraAccount) =>
  account.displayName ? `${account.displayName} <${account.userPrincipalName}>` : account.userPrincipalName;

/** Each person's outcome, by sourcedId, when SDS matches `people` to `accounts` on `target`. */
export function previewMatches(
  people: readonly PreviewPerson[],
  accounts: readonly EntraAccount[],
  target: MatchTarget,
): Map<string, PreviewLine> {
  const keyOf = (account: EntraAccount, bare: boolean) =>
    target === 'mail' ? account.mail : bare ? account.localPart : account.userPrincipalName;
  const accountOf = new Map<string, EntraAccount>();
  for (const account of accounts) {
    for (const bare of [false, true]) {
      const key = keyOf(account, bare);
      if (key && !accountOf.has(key)) accountOf.set(key, account);
    }
  }
  const sharing = new Map<string, string[]>();
  for (const { holder, identity } of people)
    if (identity) sharing.set(identity, [...(sharing.get(identity) ?? []), holder.sourcedId]);
  const holders = people.map((person) => person.holder);
  const { proposed, ambiguous } = proposeFromEntra(holders, accounts.map(entraNameOf));
  const unclear = new Map(ambiguous.map((a) => [a.sourcedId, a.accounts]));
  const result = new Map<string, PreviewLine>();
  for (const { holder, identity } of people) {
    const line = (status: PreviewStatus, account: string, note: string): PreviewLine => ({
      status,
      account,
      proposed: proposed.get(holder.sourcedId) ?? '',
      note,
    });
    const others = (sharing.get(identity) ?? []).filter((id) => id !== holder.sourcedId);
    const account = identity ? accountOf.get(identity) : undefined;
    if (!identity) result.set(holder.sourcedId, line('create', '', `no ${target} to match on: SDS cannot match`));
    else if (others.length > 0)
      result.set(
        holder.sourcedId,
        line('collision', account ? show(account) : '', `${identity} is also ${others.join(', ')}'s`),
      );
    else if (account && (holder.origin === 'override' || sameName(holder, account)))
      result.set(holder.sourcedId, line('match', show(account), `SDS matches ${identity}`));
    else if (account)
      result.set(holder.sourcedId, line('stranger', show(account), `${identity} is the account of somebody else`));
    else if (unclear.has(holder.sourcedId))
      result.set(
        holder.sourcedId,
        line(
          'collision',
          unclear.get(holder.sourcedId)!.join(' / '),
          'the name matches several accounts or people: choose',
        ),
      );
    else if (proposed.has(holder.sourcedId))
      result.set(
        holder.sourcedId,
        line('existing account', proposed.get(holder.sourcedId)!, 'SDS would create a second account'),
      );
    else result.set(holder.sourcedId, line('create', '', `SDS creates ${identity}`));
  }
  return result;
}

/** The identity SDS matches a person on: the username as served (UPN), or the email as served. */
export function identityOf(holder: AccountHolder, target: MatchTarget, usernameAsEmail: boolean): string {
  if (target === 'upn') return upn(holder).toLowerCase();
  const email = usernameAsEmail && holder.domain ? upn(holder) : (holder.email ?? '');
  return email.trim().toLowerCase();
}

function sameName(holder: AccountHolder, account: EntraAccount): boolean {
  const person = nameKey(holder.givenName, holder.familyName);
  return person !== '' && person === nameKey(account.givenName, account.surname);
}
