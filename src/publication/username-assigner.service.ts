import { Injectable } from '@nestjs/common';
import { EntityManager, EntityTarget } from 'typeorm';
import { DemographicsEntity } from '../demographics/demographics.entity';
import { assignmentOrder, AssignmentCandidate, UsernamePool } from '../identity/dedupe';
import {
  parseUsernameTemplate,
  renderUsername,
  templateUses,
  UsernamePerson,
  UsernameTemplate,
} from '../identity/username-template';
import { bulkInsert } from '../database/bulk-insert';
import { chunks } from '../database/batches';
import { flatRows } from '../oneroster/query/flat-rows';
import { userInScopeList } from '../tenancy/tenant-scope.conditions';
import { TenantEntity } from '../tenancy/tenant.entity';
import { UserEntity } from '../users/user.entity';
import { ReservedUsernameEntity } from '../users/reserved-username.entity';
import { TenantUsernameEntity } from '../users/tenant-username.entity';

/** Roles that get a Microsoft 365 account through SDS: its Staff and Students role groups. */
const STAFF_ROLES = ['teacher', 'administrator', 'aide', 'proctor'];
const ACCOUNT_ROLES = [...STAFF_ROLES, 'student'];
const BATCH = 1000;
/** The user columns a username template can read (UsernamePerson), birthDate aside. */
const PERSON_FIELDS = ['sourcedId', 'givenName', 'familyName', 'middleName', 'identifier', 'username'] as const;

/**
 * Gives every in-scope student and staff member of a tenant who has no username yet one from the
 * tenant's format, unique per domain. People arriving together are served in `assignmentOrder`
 * (staff first, then by sourcedId in code-unit order), so the result does not depend on the
 * database's collation. Nobody who has a name is touched.
 */
@Injectable()
export class UsernameAssigner {
  /**
   * Returns how many usernames were assigned, inside the caller's transaction. With `writtenAt`, an import's stamp,
   * only among the users it wrote: after an import that gave the tenant no new orgs, nobody else can be new to it.
   */
  async assign(manager: EntityManager, tenant: TenantEntity, now = new Date(), writtenAt?: string): Promise<number> {
    const waiting = (await this.withoutName(manager, tenant.id, writtenAt)).sort(assignmentOrder);
    if (waiting.length === 0) return 0; // the usual case after an import: nobody new, so no need to load every name
    const template = parseUsernameTemplate(tenant.usernameFormat);
    const taken = await this.takenNames(manager, tenant.id);
    for (const batch of chunks(waiting, BATCH)) {
      const people = await this.people(
        manager,
        batch.map((c) => c.sourcedId),
        template,
      );
      const rows = batch.map(({ sourcedId, role }) => {
        const domain = domainFor(tenant, role);
        const base = renderUsername(template, people.get(sourcedId)!, { maxLength: tenant.usernameMaxLength });
        const localPart = poolOf(taken, domain).claim(base, tenant.usernameMaxLength);
        return {
          tenantId: tenant.id,
          userSourcedId: sourcedId,
          domain,
          localPart,
          origin: 'generated' as const,
          assignedAt: now.toISOString(),
          renamedAt: null,
        };
      });
      await bulkInsert(manager, TenantUsernameEntity, rows);
    }
    return waiting.length;
  }

  /** Every name the tenant has handed out (leavers' included) or reserved (Entra accounts, retired names), per domain. */
  private async takenNames(manager: EntityManager, tenantId: string): Promise<Map<string, UsernamePool>> {
    const namesOf = (entity: EntityTarget<{ domain: string; localPart: string }>) =>
      flatRows(
        manager
          .createQueryBuilder(entity, 'name')
          .select(['name.domain', 'name.localPart'])
          .where('name.tenantId = :tenantId', { tenantId }),
      );
    const [given, reserved] = await Promise.all([namesOf(TenantUsernameEntity), namesOf(ReservedUsernameEntity)]);
    const taken = new Map<string, UsernamePool>();
    for (const row of [...given, ...reserved]) poolOf(taken, row.domain).add(row.localPart);
    return taken;
  }

  /**
   * In-scope students and staff, active, without a username in this tenant: only their keys, to
   * sort (a first import of 240,000 people holds these, not their records), read flat.
   */
  private async withoutName(
    manager: EntityManager,
    tenantId: string,
    writtenAt: string | undefined,
  ): Promise<AssignmentCandidate[]> {
    const qb = manager
      .createQueryBuilder(UserEntity, 'usr')
      .select(['usr.sourcedId', 'usr.role'])
      .where('usr.role IN (:...roles)', { roles: ACCOUNT_ROLES })
      .andWhere("usr.status = 'active'")
      .andWhere(
        (outer) =>
          `NOT EXISTS ${outer
            .subQuery()
            .select('1')
            .from(TenantUsernameEntity, 'named')
            .where('named.tenantId = :tenantId')
            .andWhere('named.userSourcedId = usr.sourcedId')
            .getQuery()}`,
        { tenantId },
      );
    if (writtenAt !== undefined) qb.andWhere('usr.dateLastModified = :writtenAt', { writtenAt });
    return flatRows(userInScopeList('usr.sourcedId')(qb, tenantId));
  }

  /**
   * What the template may use of each person, read flat: whole user entities took a third of a first import's names.
   * Birth dates only for a template with `{birthYear}` (a first import at 20,000 students read 20,000 for nothing).
   */
  private async people(
    manager: EntityManager,
    ids: string[],
    template: UsernameTemplate,
  ): Promise<Map<string, UsernamePerson>> {
    const [users, birthDates] = await Promise.all([
      flatRows(
        manager
          .createQueryBuilder(UserEntity, 'usr')
          .select(PERSON_FIELDS.map((field) => `usr.${field}`))
          .where('usr.sourcedId IN (:...ids)', { ids }),
      ),
      templateUses(template, 'birthYear') ? this.birthDates(manager, ids) : new Map<string, string | null>(),
    ]);
    return new Map(
      users.map((user) => [user.sourcedId, { ...user, birthDate: birthDates.get(user.sourcedId) ?? null }]),
    );
  }

  private async birthDates(manager: EntityManager, ids: string[]): Promise<Map<string, string | null>> {
    const demographics = await flatRows(
      manager
        .createQueryBuilder(DemographicsEntity, 'demo')
        .select(['demo.sourcedId', 'demo.birthDate'])
        .where('demo.sourcedId IN (:...ids)', { ids }),
    );
    return new Map(demographics.map((d) => [d.sourcedId, d.birthDate]));
  }
}

/** The names taken in a domain, created on first use. */
function poolOf(taken: Map<string, UsernamePool>, domain: string): UsernamePool {
  let pool = taken.get(domain);
  if (!pool) taken.set(domain, (pool = new UsernamePool()));
  return pool;
}

/** Staff and students may each have their own domain; '' when the tenant has none. */
export function domainFor(tenant: TenantEntity, role: string): string {
  const own = STAFF_ROLES.includes(role) ? tenant.staffDomain : tenant.studentDomain;
  return own ?? tenant.domain ?? '';
}
