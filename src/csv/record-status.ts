import { RecordStatus } from '../oneroster/rostering-record';
import { RowReader } from './row-reader';

export const RECORD_STATUSES = ['active', 'tobedeleted'] as const;

/** status: blank means active (the bulk convention); 1.0's `inactive` is read as tobedeleted. */
export function readStatus(row: RowReader): RecordStatus {
  const value = row.text('status');
  if (!value) return 'active';
  if (value.toLowerCase() === 'inactive') {
    row.note('status', "'inactive' is deprecated in OneRoster 1.1 and read as 'tobedeleted'");
    return 'tobedeleted';
  }
  return row.enumValue('status', RECORD_STATUSES, false) ?? 'active';
}
