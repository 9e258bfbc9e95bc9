import { Brackets, ObjectLiteral, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import { InvalidFilterFieldError } from '../errors/oneroster.errors';
import { FilterExpression, FilterPredicate, parseFilter } from './filter-parser';
import { filterValue } from './filter-values';
import { FieldSpec, Ordering, Resource } from './resource';

const SQL_OPERATORS = { '=': '=', '!=': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=' } as const;

interface Condition {
  clause: string;
  parameters: ObjectLiteral;
}

function isOrdering(operator: string): operator is Ordering {
  return operator === '>' || operator === '>=' || operator === '<' || operator === '<=';
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_[]/g, (c) => `\\${c}`);
}

/** One predicate as a WHERE clause with bound parameters (never interpolated values). */
function predicateCondition(resource: Resource, predicate: FilterPredicate, name: string): Condition {
  const spec: FieldSpec | undefined = resource.fields[predicate.field];
  if (!spec) throw new InvalidFilterFieldError(`filter: unknown field "${predicate.field}" for ${resource.type}`);
  const value = filterValue(predicate.field, spec.kind, predicate.value);
  const column = spec.property;
  if (predicate.operator === '~') {
    if (spec.kind !== 'string')
      throw new InvalidFilterFieldError(`filter: ~ only applies to text fields, not ${predicate.field}`);
    // ~ is "contains"; we make it case-insensitive so it behaves the same on every database.
    return {
      clause: `LOWER(${column}) LIKE :${name} ESCAPE '\\'`,
      parameters: { [name]: `%${escapeLike(String(value).toLowerCase())}%` },
    };
  }
  if (spec.kind === 'boolean' && predicate.operator !== '=' && predicate.operator !== '!=') {
    throw new InvalidFilterFieldError(`filter: ${predicate.field} only takes = or !=`);
  }
  if (spec.equals && (predicate.operator === '=' || predicate.operator === '!=')) {
    const equals = spec.equals(`:${name}`);
    return { clause: predicate.operator === '=' ? `(${equals})` : `NOT (${equals})`, parameters: { [name]: value } };
  }
  const operator = SQL_OPERATORS[predicate.operator];
  if (spec.compare && isOrdering(operator))
    return { clause: `(${spec.compare(operator, `:${name}`, String(value))})`, parameters: { [name]: value } };
  const compare = `${column} ${operator} :${name}`;
  if (!spec.nullable) return { clause: compare, parameters: { [name]: value } };
  // An absent optional text reads as '' (so middleName!='x' keeps people without one); an absent
  // date or flag matches only !=.
  const nullMatches =
    spec.kind !== 'string'
      ? operator === '<>'
      : value === ''
        ? ['=', '<=', '>='].includes(operator)
        : ['<>', '<', '<='].includes(operator);
  const clause = nullMatches ? `(${column} IS NULL OR ${compare})` : `(${column} IS NOT NULL AND ${compare})`;
  return { clause, parameters: { [name]: value } };
}

/** Adds a parsed `filter` to a query as a bracketed AND/OR group. */
export function applyFilterExpression<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  resource: Resource,
  expression: FilterExpression,
): SelectQueryBuilder<T> {
  const conditions = expression.predicates.map((p, i) => predicateCondition(resource, p, `filter_${i}`));
  return qb.andWhere(
    new Brackets((group: WhereExpressionBuilder) => {
      conditions.forEach(({ clause, parameters }, i) =>
        i === 0 || expression.logic === 'AND' ? group.andWhere(clause, parameters) : group.orWhere(clause, parameters),
      );
    }),
  );
}

/** Parses and applies the raw `filter` parameter, if any. */
export function applyFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  resource: Resource,
  filter: string | undefined,
): SelectQueryBuilder<T> {
  return filter === undefined ? qb : applyFilterExpression(qb, resource, parseFilter(filter));
}
