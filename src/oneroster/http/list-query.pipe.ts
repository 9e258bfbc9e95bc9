import { Injectable, PipeTransform } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { ListQuery, parseFields, parseListQuery } from '../query/list-query';

/** Turns a collection route's query string into a validated ListQuery (use with @Query()). */
@Injectable()
export class ListQueryPipe implements PipeTransform<Record<string, unknown>, ListQuery> {
  constructor(private readonly config: AppConfig) {}

  transform(raw: Record<string, unknown>): ListQuery {
    return parseListQuery(raw, this.config.maxPageSize);
  }
}

/** Reads `fields` for a single-object route (use with @Query()). */
@Injectable()
export class FieldsPipe implements PipeTransform<Record<string, unknown>, readonly string[] | undefined> {
  transform(raw: Record<string, unknown>): readonly string[] | undefined {
    return parseFields(raw);
  }
}
