import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assignmentOrder, nextFreeUsername, withSuffix } from '../identity/dedupe';
import { parseUsernameTemplate, renderUsername } from '../identity/username-template';
import { TenantEntity } from '../tenancy/tenant.entity';
import { accountHolders, findTenant, upn } from './account-holders';
import { ReservedUsernameEntity } from '../users/reserved-username.entity';
import { TenantUsernameEntity } from '../users/tenant-username.entity';
import { retire } from './username-review.service';
import { Publisher } from '../publication/publisher.service';

/** One person's generated username now, and what the tenant's format gives them today. */
export interface UsernameChange {
  sourcedId: string;
  role: string;
  name: string;
  before: string;
  after: string;
}

/**
 * What the tenant's format would make of each generated username today: after a person's name
 * changed (`usernames changes`) or the format changed (`usernames regenerate`). Nothing changes by
 * itself: `apply` renames, and only when asked. Corrections are never touched; a new name never
 * takes a name somebody holds, held, or an Entra account has.
 */
@Injectable()
export class UsernameChangesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: Publisher,
  ) {}

  /** Every person with a generated username, before and after, in assignment order. */
  async plan(tenantId: string): Promise<UsernameChange[]> {
    const manager = this.dataSource.manager;
    return this.planWith(manager, await findTenant(manager, tenantId));
  }

  /** Renames the people whose name differs in the plan; returns who was renamed. */
  async apply(tenantId: string, now = new Date()): Promise<UsernameChange[]> {
    return this.publisher.publish(
      async (manager) => {
        const tenant = await findTenant(manager, tenantId);
        const changes = (await this.planWith(manager, tenant)).filter((change) => change.before !== change.after);
        for (const change of changes) await this.rename(manager, tenantId, change, now);
        return changes;
      },
      { tenantIds: [tenantId], dataChanged: false, writtenAt: now.toISOString() },
    );
  }

  private async planWith(manager: EntityManager, tenant: TenantEntity): Promise<UsernameChange[]> {
    const template = parseUsernameTemplate(tenant.usernameFormat);
    const maxLength = tenant.usernameMaxLength;
    const holders = (await accountHolders(manager, tenant.id))
      .filter((h) => h.origin === 'generated')
      .sort(assignmentOrder);
    const taken = await this.takenNames(manager, tenant.id);
    return holders.map((holder) => {
      const base = renderUsername(template, { ...holder }, { maxLength });
      const keep = isVariantOf(holder.localPart, base, maxLength);
      const localPart = keep
        ? holder.localPart
        : nextFreeUsername(base, (name) => taken.has(`${holder.domain}|${name}`), maxLength);
      taken.add(`${holder.domain}|${localPart}`);
      return {
        sourcedId: holder.sourcedId,
        role: holder.role,
        name: `${holder.givenName} ${holder.familyName}`,
        before: upn(holder),
        after: upn({ ...holder, localPart }),
      };
    });
  }

  private async takenNames(manager: EntityManager, tenantId: string): Promise<Set<string>> {
    const select = { domain: true, localPart: true } as const;
    const [given, reserved] = await Promise.all([
      manager.find(TenantUsernameEntity, { select, where: { tenantId } }),
      manager.find(ReservedUsernameEntity, { select, where: { tenantId } }),
    ]);
    return new Set([...given, ...reserved].map((row) => `${row.domain}|${row.localPart}`));
  }

  private async rename(manager: EntityManager, tenantId: string, change: UsernameChange, now: Date) {
    const [localPart, domain = ''] = change.after.split('@');
    const [oldLocalPart] = change.before.split('@');
    await retire(manager, tenantId, { sourcedId: change.sourcedId, domain, localPart: oldLocalPart }, now);
    await manager.update(
      TenantUsernameEntity,
      { tenantId, userSourcedId: change.sourcedId },
      { localPart, renamedAt: now.toISOString() },
    );
  }
}

/** Whether `name` is `base` or one of its de-duplicated forms (`base2`, `base3`, …) under this length cap. */
export function isVariantOf(name: string, base: string, maxLength: number): boolean {
  if (name === base) return true;
  const digits = /[1-9]\d{0,5}$/.exec(name);
  return (
    digits !== null &&
    Number(digits[0]) >= 2 &&
    digits[0].length < maxLength &&
    withSuffix(base, Number(digits[0]), maxLength) === name
  );
}
