import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import {
  InvalidDataError,
  InvalidFilterFieldError,
  InvalidSelectionFieldError,
  OneRosterError,
} from '../errors/oneroster.errors';
import { refusedCharacter } from './request-text';

type Place = 'path' | 'query';

/** A refused character gets the code of its parameter's own parse errors: filter and fields have theirs. */
function errorFor(place: Place, parameter: string, message: string): OneRosterError {
  if (place === 'query' && parameter === 'filter') return new InvalidFilterFieldError(message);
  if (place === 'query' && parameter === 'fields') return new InvalidSelectionFieldError(message);
  return new InvalidDataError(message);
}

function checkText(place: Place, parameter: string, text: string, what: string): void {
  const found = refusedCharacter(text);
  if (!found) return;
  throw errorFor(
    place,
    parameter,
    `${what} holds ${found.codePoint} at position ${found.index}: ids and query parameters may not hold ` +
      'control characters (U+0000 to U+001F) or unpaired surrogates',
  );
}

/** A parameter's value as Express parsed it: a string, an array of them when repeated, or (qs) an object. */
function checkValue(place: Place, parameter: string, value: unknown): void {
  if (typeof value === 'string') return checkText(place, parameter, value, `${place} parameter ${parameter}`);
  if (Array.isArray(value)) return value.forEach((item) => checkValue(place, parameter, item));
  if (value && typeof value === 'object') checkEntries(place, value, parameter);
}

/** Names and values of parameters; nested ones count as their top-level parameter. */
function checkEntries(place: Place, entries: object, parent?: string): void {
  for (const [name, item] of Object.entries(entries)) {
    const parameter = parent ?? name;
    checkText(place, parameter, name, `a ${place} parameter name`);
    checkValue(place, parameter, item);
  }
}

/**
 * Refuses with 400 and the imsx envelope a path parameter (`:id`, `:schoolId`, …) or a query parameter
 * (`filter`, `sort`, `fields`, any other, and its name) that holds a character no record can hold (see
 * refusedCharacter), before a handler or the database sees it: the same answer on every database.
 * Registered as the global pipe, so every @Param and @Query of every route passes it before its own pipe.
 */
@Injectable()
export class RequestTextPipe implements PipeTransform {
  transform(value: unknown, { type, data }: ArgumentMetadata): unknown {
    if (type !== 'param' && type !== 'query') return value;
    const place: Place = type === 'param' ? 'path' : 'query';
    if (data) checkValue(place, data, value);
    else if (value && typeof value === 'object') checkEntries(place, value);
    return value;
  }
}
