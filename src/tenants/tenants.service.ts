import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ApiClientEntity } from '../auth/api-client.entity';
import { chunks, rowsPerInsert } from '../database/batches';
import { OrgEntity } from '../orgs/org.entity';
import { findTenant, TenantError } from '../tenancy/find-tenant';
import { ENTRA_LOCAL_PART_MAX, validateMaxLength } from '../identity/upn-normalize';
import { DEFAULT_USERNAME_TEMPLATE, parseUsernameTemplate } from '../identity/username-template';
import { OrgNode, unmatchedReferences } from '../tenancy/org-tree';
import { TenantOrgEntity } from '../tenancy/tenant-org.entity';
import { TenantScopeEntity } from '../tenancy/tenant-scope.entity';
import { TenantDepartureEntity } from '../tenancy/tenant-departure.entity';
import { TenantActiveCountEntity } from '../tenancy/tenant-active-count.entity';
import { Publisher } from '../publication/publisher.service';
import { EMAIL_SOURCES, EmailSource, FUTURE_STUDENTS, FutureStudents, TenantEntity } from '../tenancy/tenant.entity';
import {
  DEFAULT_SCHOOL_YEAR_SWITCH,
  DEFAULT_TIME_ZONE,
  formatSwitchDate,
  parseSwitchDate,
  validateTimeZone,
} from '../calendar/school-calendar';
import { parseClassTitleTemplate } from '../classes/class-title-template';
import { TenantClassTitleEntity } from '../classes/tenant-class-title.entity';
import { ReservedUsernameEntity } from '../users/reserved-username.entity';
import { TenantUsernameEntity } from '../users/tenant-username.entity';
import { writeTransaction } from '../database/write-lock';
import { GradeMap } from '../sds-rules/grade-map';

export interface TenantInput {
  name?: string;
  entraTenantId?: string | null;
  allOrgs?: boolean;
  orgs?: string[];
  excludeOrgs?: string[];
  demographicsEnabled?: boolean;
  usernameFormat?: string;
  usernameMaxLength?: number;
  domain?: string | null;
  staffDomain?: string | null;
  studentDomain?: string | null;
  emailSource?: EmailSource;
  classTitleFormat?: string | null;
  futureStudents?: FutureStudents;
  timeZone?: string;
  schoolYearSwitch?: string;
  /** The mass-removal guard's threshold; null returns to the deployment's default. */
  guardPercent?: number | null;
  guardMinimum?: number | null;
  /** SIS grade → SDS grade level, as parseGradeMap read it; null serves grades as imported. */
  gradeMap?: GradeMap | null;
}

export interface TenantView extends Omit<TenantEntity, 'servingStamp'> {
  orgs: string[];
  excludeOrgs: string[];
  /** Resolved scope sizes, to check the selection did what was meant. */
  scope: { orgs: number; academicSessions: number };
  /** Org references that match no imported org (yet). */
  unmatched: string[];
}

const TENANT_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class TenantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: Publisher,
  ) {}

  async create(id: string, input: TenantInput, now = new Date()): Promise<TenantView> {
    if (!TENANT_ID.test(id))
      throw new TenantError(`tenant id '${id}': use 1-64 characters a-z, 0-9 and -, e.g. scholengroep-brugge`);
    if (!input.name?.trim()) throw new TenantError('--name is required');
    checkSelection(input);
    await this.publisher.publish(
      async (manager) => {
        if (await manager.getRepository(TenantEntity).existsBy({ id }))
          throw new TenantError(`tenant '${id}' already exists`, 'conflict');
        const stamp = now.toISOString();
        await manager.insert(TenantEntity, {
          id,
          name: input.name!.trim(),
          entraTenantId: normaliseGuid(input.entraTenantId),
          allOrgs: input.allOrgs ?? false,
          demographicsEnabled: input.demographicsEnabled ?? true,
          createdAt: stamp,
          updatedAt: stamp,
          usernameFormat: DEFAULT_USERNAME_TEMPLATE,
          usernameMaxLength: ENTRA_LOCAL_PART_MAX,
          domain: null,
          staffDomain: null,
          studentDomain: null,
          emailSource: 'sis',
          usersChangedAt: null,
          classTitleFormat: null,
          futureStudents: 'include',
          timeZone: DEFAULT_TIME_ZONE,
          schoolYearSwitch: DEFAULT_SCHOOL_YEAR_SWITCH,
          guardPercent: null,
          guardMinimum: null,
          gradeMap: input.gradeMap ?? null,
          ...usernameSettings(input),
          ...servingSettings(input),
          ...guardSettings(input),
        });
        await this.replaceOrgs(manager, id, input);
      },
      this.publishing(id, now),
    );
    return this.show(id);
  }

  async update(id: string, input: TenantInput, now = new Date()): Promise<TenantView> {
    const current = await this.show(id);
    if (input.name !== undefined && !input.name.trim()) throw new TenantError('--name cannot be empty');
    const selection = {
      allOrgs: input.orgs !== undefined ? false : (input.allOrgs ?? current.allOrgs),
      orgs: input.allOrgs ? [] : (input.orgs ?? current.orgs),
      excludeOrgs: input.excludeOrgs ?? current.excludeOrgs,
    };
    if (input.allOrgs && input.orgs?.length) throw new TenantError('--all-orgs and --orgs exclude each other');
    checkSelection(selection);
    await this.publisher.publish(
      async (manager) => {
        await manager.update(
          TenantEntity,
          { id },
          {
            ...(input.name !== undefined && { name: input.name.trim() }),
            ...(input.entraTenantId !== undefined && { entraTenantId: normaliseGuid(input.entraTenantId) }),
            ...(input.demographicsEnabled !== undefined && { demographicsEnabled: input.demographicsEnabled }),
            ...usernameSettings(input),
            ...servingSettings(input),
            ...guardSettings(input),
            ...(input.gradeMap !== undefined && { gradeMap: input.gradeMap }),
            ...(input.emailSource !== undefined &&
              input.emailSource !== current.emailSource && { usersChangedAt: now.toISOString() }),
            ...(changesTheView(input, current) && { viewChangedAt: now.toISOString() }),
            allOrgs: selection.allOrgs,
            updatedAt: now.toISOString(),
          },
        );
        await this.replaceOrgs(manager, id, selection);
      },
      this.publishing(id, now),
    );
    return this.show(id);
  }

  /** Deletes a tenant and its revoked clients; refused while it has an active client, which would be left with no tenant. */
  async delete(id: string): Promise<void> {
    await this.find(id);
    await writeTransaction(this.dataSource, ApiClientEntity, async (manager) => {
      const active = await manager.countBy(ApiClientEntity, { tenantId: id, revokedAt: IsNull() });
      if (active > 0)
        throw new TenantError(
          `tenant '${id}' still has ${active} active client(s): revoke them first (clients list --tenant ${id})`,
          'conflict',
        );
      await manager.delete(ApiClientEntity, { tenantId: id });
      await manager.delete(TenantScopeEntity, { tenantId: id });
      await manager.delete(TenantDepartureEntity, { tenantId: id });
      await manager.delete(TenantActiveCountEntity, { tenantId: id });
      await manager.delete(TenantUsernameEntity, { tenantId: id });
      await manager.delete(ReservedUsernameEntity, { tenantId: id });
      await manager.delete(TenantClassTitleEntity, { tenantId: id });
      await manager.delete(TenantOrgEntity, { tenantId: id });
      await manager.delete(TenantEntity, { id });
    });
  }

  /** A tenant's settings or scope changed: its view is derived and published with the change. */
  private publishing(id: string, now: Date) {
    return { tenantIds: [id], dataChanged: false, writtenAt: now.toISOString() };
  }

  async list(): Promise<TenantView[]> {
    const tenants = await this.dataSource.getRepository(TenantEntity).find({ order: { id: 'ASC' } });
    const known = await this.knownOrgs();
    return Promise.all(tenants.map((tenant) => this.view(tenant, known)));
  }

  async show(id: string): Promise<TenantView> {
    return this.view(await this.find(id), await this.knownOrgs());
  }

  private async view(tenant: TenantEntity, known: OrgNode[]): Promise<TenantView> {
    const refs = await this.dataSource
      .getRepository(TenantOrgEntity)
      .find({ where: { tenantId: tenant.id }, order: { orgRef: 'ASC' } });
    const scope = this.dataSource.getRepository(TenantScopeEntity);
    const orgs = refs.filter((ref) => !ref.excluded).map((ref) => ref.orgRef);
    const excludeOrgs = refs.filter((ref) => ref.excluded).map((ref) => ref.orgRef);
    const { servingStamp: _internal, ...settings } = tenant;
    return {
      ...settings,
      orgs,
      excludeOrgs,
      scope: {
        orgs: await scope.countBy({ tenantId: tenant.id, entityType: 'org' }),
        academicSessions: await scope.countBy({ tenantId: tenant.id, entityType: 'academicSession' }),
      },
      unmatched: unmatchedReferences(known, [...orgs, ...excludeOrgs]),
    };
  }

  private knownOrgs(): Promise<OrgNode[]> {
    return this.dataSource
      .getRepository(OrgEntity)
      .find({ select: { sourcedId: true, parentSourcedId: true, identifier: true } });
  }

  find(id: string): Promise<TenantEntity> {
    return findTenant(this.dataSource, id);
  }

  private async replaceOrgs(manager: EntityManager, tenantId: string, input: TenantInput) {
    await manager.delete(TenantOrgEntity, { tenantId });
    const rows = [
      ...(input.orgs ?? []).map((orgRef) => ({ tenantId, orgRef, excluded: false })),
      ...(input.excludeOrgs ?? []).map((orgRef) => ({ tenantId, orgRef, excluded: true })),
    ];
    for (const chunk of chunks(rows, rowsPerInsert(3))) await manager.insert(TenantOrgEntity, chunk);
  }
}

/** Settings that change served records, or bring records into the view, without changing them (scope: TenantScopeService). */
const VIEW_SETTINGS = [
  'timeZone',
  'schoolYearSwitch',
  'demographicsEnabled',
  'domain',
  'staffDomain',
  'studentDomain',
] as const;

function changesTheView(input: TenantInput, current: TenantView): boolean {
  // Holding future students back takes records out of the view; letting them in brings them in unchanged.
  const futureStudentsIn = input.futureStudents === 'include' && current.futureStudents === 'exclude';
  // A new grade map changes served grades: delta sync must see those users and classes again.
  const gradesChange =
    input.gradeMap !== undefined && JSON.stringify(input.gradeMap) !== JSON.stringify(current.gradeMap);
  return (
    futureStudentsIn ||
    gradesChange ||
    VIEW_SETTINGS.some((key) => input[key] !== undefined && input[key] !== current[key])
  );
}

/** The scope must be explicit: named orgs, or --all-orgs, never both and never neither. */
function checkSelection(input: TenantInput) {
  const named = (input.orgs ?? []).length > 0;
  if (input.allOrgs && named) throw new TenantError('--all-orgs and --orgs exclude each other');
  if (!input.allOrgs && !named) {
    throw new TenantError(
      'a tenant needs an explicit scope: --orgs <sourcedId|identifier>,… or --all-orgs (single-board deployments)',
    );
  }
  const overlap = (input.orgs ?? []).filter((ref) => (input.excludeOrgs ?? []).includes(ref));
  if (overlap.length > 0) throw new TenantError(`org ${overlap.join(', ')} is both included and excluded`);
}

const DOMAIN = /^(?=.{1,48}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The username settings given, checked. Changing them renames nobody: assigned usernames are
 * stored and never change by themselves (the SDS identity rules).
 */
function usernameSettings(input: TenantInput): Partial<TenantEntity> {
  try {
    if (input.usernameFormat !== undefined) parseUsernameTemplate(input.usernameFormat);
    if (input.usernameMaxLength !== undefined) validateMaxLength(input.usernameMaxLength);
  } catch (error) {
    throw new TenantError((error as Error).message);
  }
  const domain = (flag: string, value: string | null | undefined) => {
    if (value === undefined || value === null || value === '') return value === undefined ? undefined : null;
    const lower = value.trim().toLowerCase().replace(/^@/, '');
    if (!DOMAIN.test(lower))
      throw new TenantError(
        `${flag} '${value}' is not a domain such as school.be (at most 48 characters, Entra's limit after @)`,
      );
    return lower;
  };
  const settings: Partial<TenantEntity> = {
    usernameFormat: input.usernameFormat,
    usernameMaxLength: input.usernameMaxLength,
    domain: domain('--domain', input.domain),
    staffDomain: domain('--staff-domain', input.staffDomain),
    studentDomain: domain('--student-domain', input.studentDomain),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

/** Class titles, email and the calendar rules, checked; a changed class title format re-renders titles on refresh. */
function servingSettings(input: TenantInput): Partial<TenantEntity> {
  const oneOf = <T extends string>(flag: string, value: T | undefined, allowed: readonly T[]) => {
    if (value !== undefined && !allowed.includes(value))
      throw new TenantError(`${flag} takes ${allowed.join(' or ')}, got '${value}'`);
    return value;
  };
  try {
    if (input.classTitleFormat) parseClassTitleTemplate(input.classTitleFormat);
    const settings: Partial<TenantEntity> = {
      emailSource: oneOf('--email', input.emailSource, EMAIL_SOURCES),
      futureStudents: oneOf('--future-students', input.futureStudents, FUTURE_STUDENTS),
      classTitleFormat: input.classTitleFormat === undefined ? undefined : input.classTitleFormat || null,
      timeZone: input.timeZone === undefined ? undefined : validateTimeZone(input.timeZone),
      schoolYearSwitch:
        input.schoolYearSwitch === undefined ? undefined : formatSwitchDate(parseSwitchDate(input.schoolYearSwitch)),
    };
    return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  } catch (error) {
    if (error instanceof TenantError) throw error;
    throw new TenantError((error as Error).message);
  }
}

function normaliseGuid(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (!GUID.test(value))
    throw new TenantError(`--entra-tenant-id '${value}' is not a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47`);
  return value.toLowerCase();
}

/** The guard's threshold given, checked: a whole percentage of 0 to 100, a whole minimum of 0 or more. */
function guardSettings({ guardPercent, guardMinimum }: TenantInput): Partial<TenantEntity> {
  if (guardPercent != null && !(Number.isInteger(guardPercent) && guardPercent >= 0 && guardPercent <= 100))
    throw new TenantError(`--guard-percent takes a whole number from 0 to 100, got ${guardPercent}`);
  if (guardMinimum != null && !(Number.isInteger(guardMinimum) && guardMinimum >= 0))
    throw new TenantError(`--guard-minimum takes a whole number of 0 or more, got ${guardMinimum}`);
  return {
    ...(guardPercent !== undefined && { guardPercent }),
    ...(guardMinimum !== undefined && { guardMinimum }),
  };
}
