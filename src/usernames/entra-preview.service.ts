import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { accountHolders, findTenant, schoolsOfUsers } from './account-holders';
import { identityOf, MatchTarget, PreviewStatus, previewMatches } from './entra-preview';
import { parseEntraUsersCsv } from './entra-users-csv';
import { byReviewOrder, reviewCsvHeader, reviewCsvLines, reviewRowOf } from './review-csv';
import { ReviewFileError } from './username-review.service';

export const PREVIEW_COLUMNS = ['SDS preview', 'Entra account', 'note'] as const;
const ORDER: PreviewStatus[] = ['collision', 'stranger', 'existing account', 'create', 'match'];

export interface MatchingPreview {
  /** The review CSV with the preview's columns: the school corrects it and sends it back to `usernames import`. */
  csv: string;
  counts: Record<PreviewStatus, number>;
}

/**
 * `usernames preview`: before SDS's first run, who will match an existing Entra account, who SDS will create, whose
 * generated name is a stranger's account and who would collide, under the tenant's identity rule (its domains, and
 * whether SDS matches the UPN or the mail). Reads the export only: nothing is stored.
 */
@Injectable()
export class EntraPreviewService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async preview(tenantId: string, content: Buffer | string, target: MatchTarget): Promise<MatchingPreview> {
    const parsed = parseEntraUsersCsv(content);
    if (parsed.problems.length > 0) throw new ReviewFileError(parsed.problems);
    const manager = this.dataSource.manager;
    const tenant = await findTenant(manager, tenantId);
    const [holders, schools] = await Promise.all([
      accountHolders(manager, tenantId),
      schoolsOfUsers(manager, tenantId),
    ]);
    const usernameAsEmail = tenant.emailSource === 'username';
    const people = holders.map((holder) => ({ holder, identity: identityOf(holder, target, usernameAsEmail) }));
    const outcome = previewMatches(people, parsed.accounts, target);
    const rows = holders.map((holder) => {
      const line = outcome.get(holder.sourcedId)!;
      const row = reviewRowOf(holder, schools, line.proposed);
      return { ...row, status: line.status, extra: [line.status, line.account, line.note] };
    });
    // What needs the school's eye first, then in the review file's order.
    rows.sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || byReviewOrder(a, b));
    const counts = Object.fromEntries(ORDER.map((status) => [status, 0])) as Record<PreviewStatus, number>;
    for (const row of rows) counts[row.status]++;
    return { csv: reviewCsvHeader(PREVIEW_COLUMNS) + reviewCsvLines(rows), counts };
  }
}
