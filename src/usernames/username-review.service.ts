import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ENTRA_LOCAL_PART_MAX, isValidLocalPart } from '../identity/upn-normalize';
import { UsageError } from '../usage-error';
import { AccountHolder, accountHolders, findTenant, schoolsOfUsers } from './account-holders';
import { proposeFromEntra } from './entra-proposals';
import { ReservedUsernameEntity } from '../users/reserved-username.entity';
import { byReviewOrder, ReviewLine, reviewCsvHeader, reviewCsvLines, reviewRowOf, parseReviewCsv } from './review-csv';
import { TenantUsernameEntity } from '../users/tenant-username.entity';
import { Publisher } from '../publication/publisher.service';
import { UsernameAssigner } from '../publication/username-assigner.service';

/** A review file that cannot be applied: every reason, each with its line; nothing was changed. */
export class ReviewFileError extends UsageError {
  constructor(readonly problems: { line: number; message: string }[]) {
    super(
      `the file was not applied, nothing changed (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  line ${p.line}: ${p.message}`).join('\n'),
    );
  }
}

export interface CorrectionReport {
  corrected: number;
  cleared: number;
  unchanged: number;
  /** New generated names of people whose correction was cleared. */
  regenerated: number;
}

type Correction = { holder: AccountHolder; localPart: string; line: number };

/**
 * The username review round trip: export every person's username for the school to check, then
 * read back the corrections for people whose existing account has another name. A correction
 * wins over the format; a file with any wrong line changes nothing.
 */
@Injectable()
export class UsernameReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly assigner: UsernameAssigner,
    private readonly publisher: Publisher,
  ) {}

  /** The review CSV: UTF-8 with BOM, one line per student and staff member, by school and name. */
  async export(tenantId: string): Promise<string> {
    const manager = this.dataSource.manager;
    await findTenant(manager, tenantId);
    const [holders, schools, entra] = await Promise.all([
      accountHolders(manager, tenantId),
      schoolsOfUsers(manager, tenantId),
      manager.findBy(ReservedUsernameEntity, { tenantId, source: 'entra' }),
    ]);
    const { proposed } = proposeFromEntra(holders, entra);
    const rows = holders.map((holder) => reviewRowOf(holder, schools, proposed.get(holder.sourcedId) ?? ''));
    rows.sort(byReviewOrder);
    return reviewCsvHeader() + reviewCsvLines(rows);
  }

  /** Applies a returned review file, all or nothing. An empty correction keeps an earlier one unless `clearEmpty`. */
  async import(
    tenantId: string,
    content: Buffer | string,
    options: { clearEmpty?: boolean } = {},
    now = new Date(),
  ): Promise<CorrectionReport> {
    const tenant = await findTenant(this.dataSource.manager, tenantId);
    return this.publisher.publish(
      async (manager) => {
        const parsed = parseReviewCsv(content, { today: now });
        const holders = new Map((await accountHolders(manager, tenantId)).map((holder) => [holder.sourcedId, holder]));
        const problems = [...parsed.problems];
        const plan = await this.plan(manager, tenantId, parsed.lines, holders, options.clearEmpty ?? false, problems);
        if (problems.length > 0) throw new ReviewFileError(problems.sort((a, b) => a.line - b.line));
        for (const change of plan.corrections)
          await this.rename(manager, tenantId, change.holder, change.localPart, now);
        for (const holder of plan.clears) await this.clear(manager, tenantId, holder, now);
        return {
          corrected: plan.corrections.length,
          cleared: plan.clears.length,
          unchanged: parsed.lines.length - plan.corrections.length - plan.clears.length,
          regenerated: await this.assigner.assign(manager, tenant, now),
        };
      },
      { tenantIds: [tenantId], dataChanged: false, writtenAt: now.toISOString() },
    );
  }

  private async plan(
    manager: EntityManager,
    tenantId: string,
    lines: ReviewLine[],
    holders: Map<string, AccountHolder>,
    clearEmpty: boolean,
    problems: { line: number; message: string }[],
  ) {
    const holderOf = await this.nameHolders(manager, tenantId);
    const inFile = new Map<string, number>();
    const corrections: Correction[] = [];
    const clears: AccountHolder[] = [];
    for (const line of lines) {
      const holder = holders.get(line.id);
      if (!holder) {
        problems.push({
          line: line.line,
          message: `ID '${line.id}' is not a student or staff member of tenant '${tenantId}' with a username (see: usernames export)`,
        });
        continue;
      }
      if (line.correction === '') {
        if (clearEmpty && holder.origin === 'override') clears.push(holder);
        continue;
      }
      const localPart = this.checkCorrection(line, holder, holderOf, inFile, problems);
      if (localPart !== null && localPart !== holder.localPart)
        corrections.push({ holder, localPart, line: line.line });
    }
    return { corrections, clears };
  }

  /** The correction's local part, or null after adding the reason it cannot be used to `problems`. */
  private checkCorrection(
    line: ReviewLine,
    holder: AccountHolder,
    holderOf: Map<string, string>,
    inFile: Map<string, number>,
    problems: { line: number; message: string }[],
  ): string | null {
    const fail = (message: string) => (
      problems.push({ line: line.line, message: `corrected username '${line.correction}' ${message}` }),
      null
    );
    const [localPart, domain, extra] = line.correction.trim().toLowerCase().split('@');
    if (extra !== undefined) return fail("has more than one '@'");
    if (domain !== undefined && domain !== holder.domain) {
      return fail(
        holder.domain
          ? `is not in ${holder.domain}, the domain of ${holder.role} ${line.id}`
          : `has a domain, but tenant has none: give the part before '@'`,
      );
    }
    const invalid = isValidLocalPart(localPart, ENTRA_LOCAL_PART_MAX);
    if (invalid !== null) return fail(invalid);
    const key = `${holder.domain}|${localPart}`;
    const other = holderOf.get(key);
    if (other !== undefined && other !== holder.sourcedId)
      return fail(`is already the username of ${other}, or was, and is never given to somebody else`);
    const earlier = inFile.get(key);
    if (earlier !== undefined) return fail(`is also the correction on line ${earlier}`);
    inFile.set(key, line.line);
    return localPart;
  }

  /** `domain|localPart` → who holds or held the name (assigned names, and names retired from a person). */
  private async nameHolders(manager: EntityManager, tenantId: string): Promise<Map<string, string>> {
    const [assigned, retired] = await Promise.all([
      manager.find(TenantUsernameEntity, {
        select: { domain: true, localPart: true, userSourcedId: true },
        where: { tenantId },
      }),
      manager.find(ReservedUsernameEntity, {
        select: { domain: true, localPart: true, userSourcedId: true },
        where: { tenantId, source: 'retired' },
      }),
    ]);
    return new Map([...retired, ...assigned].map((row) => [`${row.domain}|${row.localPart}`, row.userSourcedId ?? '']));
  }

  private async rename(manager: EntityManager, tenantId: string, holder: AccountHolder, localPart: string, now: Date) {
    await retire(manager, tenantId, holder, now);
    await manager.update(
      TenantUsernameEntity,
      { tenantId, userSourcedId: holder.sourcedId },
      { localPart, origin: 'override', renamedAt: now.toISOString() },
    );
  }

  /** Drops a correction: the person gets a generated name again (assigned after the transaction). */
  private async clear(manager: EntityManager, tenantId: string, holder: AccountHolder, now: Date) {
    await retire(manager, tenantId, holder, now);
    await manager.delete(TenantUsernameEntity, { tenantId, userSourcedId: holder.sourcedId });
  }
}

/** Keeps a person's old name out of everyone else's reach. */
export async function retire(
  manager: EntityManager,
  tenantId: string,
  holder: { sourcedId: string; domain: string; localPart: string },
  now: Date,
) {
  const key = { tenantId, domain: holder.domain, localPart: holder.localPart };
  if (await manager.existsBy(ReservedUsernameEntity, key)) return;
  await manager.insert(ReservedUsernameEntity, {
    ...key,
    source: 'retired',
    userSourcedId: holder.sourcedId,
    givenName: null,
    surname: null,
    displayName: null,
    createdAt: now.toISOString(),
  });
}
