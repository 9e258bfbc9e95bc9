import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { chunks, rowsPerInsert } from '../database/batches';
import { TenantEntity } from '../tenancy/tenant.entity';
import { accountHolders, findTenant, upn } from './account-holders';
import { entraNameOf, EntraProposals, proposeFromEntra } from './entra-proposals';
import { EntraAccount, parseEntraUsersCsv } from './entra-users-csv';
import { ReservedUsernameEntity } from '../users/reserved-username.entity';
import { writeTransaction } from '../database/write-lock';
import { ReviewFileError } from './username-review.service';

export interface ReservationReport {
  /** Accounts in the tenant's domains, now reserved. */
  reserved: number;
  /** Accounts in other domains, ignored. */
  otherDomains: number;
  skippedGuests: number;
  /** People whose generated username is an existing account of somebody with another name. */
  conflicts: { sourcedId: string; name: string; username: string; account: string }[];
  proposals: number;
  ambiguous: EntraProposals['ambiguous'];
}

/**
 * `usernames reserve`: the UPNs of a user export from the Entra admin center become names no
 * generated username may take. The file is a full snapshot: it replaces the previous one. People
 * whose name matches exactly one account get it proposed in the next review export.
 */
@Injectable()
export class EntraReservationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async reserve(tenantId: string, content: Buffer | string, now = new Date()): Promise<ReservationReport> {
    const parsed = parseEntraUsersCsv(content);
    if (parsed.problems.length > 0) throw new ReviewFileError(parsed.problems);
    return writeTransaction(this.dataSource, ReservedUsernameEntity, async (manager) => {
      const tenant = await findTenant(manager, tenantId);
      const domains = tenantDomains(tenant);
      // A tenant without a domain serves bare names: its accounts are reserved by local part alone.
      const ours =
        domains.size === 0
          ? uniqueBy(
              parsed.accounts.map((account) => ({ ...account, domain: '' })),
              (account) => account.localPart,
            )
          : parsed.accounts.filter((account) => domains.has(account.domain));
      await this.replace(manager, tenantId, ours, now);
      const holders = await accountHolders(manager, tenantId);
      const { proposed, ambiguous } = proposeFromEntra(holders, ours.map(entraNameOf));
      const byUpn = new Map(ours.map((account) => [upn(account), account]));
      const conflicts = holders.flatMap((holder) => {
        const account = holder.origin === 'generated' ? byUpn.get(upn(holder)) : undefined;
        const sameName =
          account &&
          `${account.givenName} ${account.surname}`.toLowerCase() ===
            `${holder.givenName} ${holder.familyName}`.toLowerCase();
        return account && !sameName
          ? [
              {
                sourcedId: holder.sourcedId,
                name: `${holder.givenName} ${holder.familyName}`,
                username: upn(holder),
                account: account.displayName || account.userPrincipalName,
              },
            ]
          : [];
      });
      return {
        reserved: ours.length,
        otherDomains: parsed.accounts.length - ours.length,
        skippedGuests: parsed.skippedGuests,
        conflicts,
        proposals: proposed.size,
        ambiguous,
      };
    });
  }

  /** Replaces the tenant's Entra reservations; a name already retired stays retired. */
  private async replace(manager: EntityManager, tenantId: string, accounts: EntraAccount[], now: Date) {
    await manager.delete(ReservedUsernameEntity, { tenantId, source: 'entra' });
    const retired = new Set(
      (
        await manager.find(ReservedUsernameEntity, { select: { domain: true, localPart: true }, where: { tenantId } })
      ).map((row) => `${row.domain}|${row.localPart}`),
    );
    const rows = accounts
      .filter((account) => !retired.has(`${account.domain}|${account.localPart}`))
      .map((account) => ({
        tenantId,
        ...entraNameOf(account),
        source: 'entra' as const,
        userSourcedId: null,
        displayName: account.displayName || null,
        createdAt: now.toISOString(),
      }));
    for (const chunk of chunks(rows, rowsPerInsert(9))) await manager.insert(ReservedUsernameEntity, chunk);
  }
}

function uniqueBy<T>(items: T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(keyOf(item)) && seen.add(keyOf(item)));
}

/** The domains a tenant's usernames live in; empty when it has none (then every account counts). */
function tenantDomains(tenant: TenantEntity): Set<string> {
  return new Set(
    [tenant.domain, tenant.staffDomain, tenant.studentDomain].filter((domain): domain is string => !!domain),
  );
}
