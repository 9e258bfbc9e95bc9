import { InvalidSelectionFieldError } from '../errors/oneroster.errors';
import { Resource } from './resource';

/** Rejects names in `fields` the resource does not have (400 invalid_selection_field, as 1.2 says). */
export function checkSelectableFields(resource: Resource, fields: readonly string[] | undefined): void {
  const unknown = fields?.filter((name) => !resource.selectable.includes(name)) ?? [];
  if (unknown.length > 0) {
    throw new InvalidSelectionFieldError(`fields: unknown field(s) ${unknown.join(', ')} for ${resource.type}`);
  }
}

/** Keeps only the selected keys of a record, in the record's own key order. */
export function project<T extends object>(record: T, fields: readonly string[] | undefined): Partial<T> {
  if (!fields) return record;
  const wanted = new Set(fields);
  return Object.fromEntries(Object.entries(record).filter(([key]) => wanted.has(key))) as Partial<T>;
}
