import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidFilterFieldError } from '../errors/oneroster.errors';
import { FilterExpression, FilterOperator, formatFilter, parseFilter } from './filter-parser';

const one = (field: string, operator: FilterOperator, value: string): FilterExpression => ({
  logic: 'AND',
  predicates: [{ field, operator, value }],
});

describe('parseFilter', () => {
  it.each([
    ["status='active'", one('status', '=', 'active')],
    ["dateLastModified>'2026-11-20T06:00:00.000Z'", one('dateLastModified', '>', '2026-11-20T06:00:00.000Z')],
    ["role!='student'", one('role', '!=', 'student')],
    ["startDate>='2026-09-01'", one('startDate', '>=', '2026-09-01')],
    ["endDate<'2027-01-01'", one('endDate', '<', '2027-01-01')],
    ["endDate<='2027-01-01'", one('endDate', '<=', '2027-01-01')],
    ["familyName~'broeck'", one('familyName', '~', 'broeck')],
    ["  givenName = 'Zoë'  ", one('givenName', '=', 'Zoë')],
    ["school.sourcedId='s-1'", one('school.sourcedId', '=', 's-1')],
    ["email=''", one('email', '=', '')],
    ["familyName='Van den Broeck'", one('familyName', '=', 'Van den Broeck')],
    ["familyName='D''Hondt'", one('familyName', '=', "D'Hondt")],
    ["familyName='O'Brien'", one('familyName', '=', "O'Brien")],
    ["title='a = b AND c'", one('title', '=', 'a = b AND c')],
    ["title='x' AND y'", one('title', '=', "x' AND y")],
    ["title='it''s'''", one('title', '=', "it's'")],
    // Typographic single quotes, as Microsoft's SDS documentation writes filters.
    ['status=’active’', one('status', '=', 'active')],
    ['status=‘active’', one('status', '=', 'active')],
    ["familyName=’O'Brien’", one('familyName', '=', "O'Brien")],
    ['familyName=‘O’Brien’', one('familyName', '=', 'O’Brien')],
    ['familyName=’D’’Hondt’', one('familyName', '=', 'D’Hondt')],
  ])('%s', (input, expected) => {
    expect(parseFilter(input)).toEqual(expected);
  });

  it('reads AND and OR chains of any length', () => {
    expect(parseFilter("role='teacher' AND status='active' AND givenName~'an'")).toEqual({
      logic: 'AND',
      predicates: [
        { field: 'role', operator: '=', value: 'teacher' },
        { field: 'status', operator: '=', value: 'active' },
        { field: 'givenName', operator: '~', value: 'an' },
      ],
    });
    expect(parseFilter("role='teacher'   OR   role='aide'").logic).toBe('OR');
  });

  it.each([
    ["role='a' AND role='b' OR role='c'", 'cannot be mixed'],
    ["role='a' and role='b'", 'upper case'],
    ['status=“active”', 'not double ones'],
    ['status=’active', 'closing quote'],
    ['status=active', 'single quotes'],
    ["status=='active'", 'single quotes'],
    ["status<>'active'", 'single quotes'],
    ["status 'active'", 'operator'],
    ["='active'", 'field name'],
    ["1status='active'", 'field name'],
    ["status='active", 'closing quote'],
    ["status='active' garbage", 'closing quote'],
    ["status='active' AND", 'closing quote'],
    ["status='active' AND ", 'closing quote'],
    ['', 'field name'],
  ])('%s is rejected (%s)', (input, message) => {
    expect(() => parseFilter(input)).toThrow(InvalidFilterFieldError);
    expect(() => parseFilter(input)).toThrow(message);
  });

  it('reads typographic and straight quotes mixed in one filter', () => {
    expect(parseFilter("role=’teacher’ AND status='active' AND givenName~‘an’")).toEqual({
      logic: 'AND',
      predicates: [
        { field: 'role', operator: '=', value: 'teacher' },
        { field: 'status', operator: '=', value: 'active' },
        { field: 'givenName', operator: '~', value: 'an' },
      ],
    });
  });

  it('reads any expression in typographic quotes as in straight ones', () => {
    const typographic = (expression: FilterExpression) =>
      expression.predicates
        .map(({ field, operator, value }) => `${field}${operator}’${value.replace(/[‘’]/g, (q) => q + q)}’`)
        .join(` ${expression.logic} `);
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("'", '’', '‘', ' AND x=’', 'O’Brien', ' OR '));
    const predicate = fc.record({
      field: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,15}$/),
      operator: fc.constantFrom<FilterOperator>('=', '!=', '>', '>=', '<', '<=', '~'),
      value,
    });
    const expression = fc.record({
      logic: fc.constantFrom<'AND' | 'OR'>('AND', 'OR'),
      predicates: fc.array(predicate, { minLength: 1, maxLength: 5 }),
    });
    fc.assert(
      fc.property(expression, (expr) => {
        expect(parseFilter(typographic(expr))).toEqual(parseFilter(formatFilter(expr)));
      }),
      { numRuns: 1000 },
    );
  });

  it('limits the number of predicates', () => {
    const predicates = (n: number) => Array.from({ length: n }, (_, i) => `f${i}='v'`).join(' AND ');
    expect(parseFilter(predicates(50)).predicates).toHaveLength(50);
    expect(() => parseFilter(predicates(51))).toThrow('more than 50');
  });

  it('any string gives an expression or InvalidFilterFieldError, nothing else', () => {
    const filterish = fc.stringMatching(/^[a-zA-Z.' =!<>~ANDOR’‘]{0,40}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), filterish), (input) => {
        try {
          const expression = parseFilter(input);
          expect(expression.predicates.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidFilterFieldError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('formatFilter and parseFilter round-trip any values, quotes and connectives included', () => {
    const field = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,15}$/);
    const operator = fc.constantFrom<FilterOperator>('=', '!=', '>', '>=', '<', '<=', '~');
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("'", "''", " AND x='", "O'Brien", ' OR '));
    const predicate = fc.record({ field, operator, value });
    const expression = fc.record({
      logic: fc.constantFrom<'AND' | 'OR'>('AND', 'OR'),
      predicates: fc.array(predicate, { minLength: 1, maxLength: 5 }),
    });
    fc.assert(
      fc.property(expression, (expr) => {
        const normalised = expr.predicates.length === 1 ? { ...expr, logic: 'AND' as const } : expr;
        expect(parseFilter(formatFilter(expr))).toEqual(normalised);
      }),
      { numRuns: 1000 },
    );
  });

  it('stays fast on long hostile input', () => {
    const started = process.hrtime.bigint();
    for (const input of ["a='" + "'x".repeat(5000), "a='" + "' AND ".repeat(2000), 'a'.repeat(19_000)]) {
      expect(() => parseFilter(input)).toThrow(InvalidFilterFieldError);
    }
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });
});
