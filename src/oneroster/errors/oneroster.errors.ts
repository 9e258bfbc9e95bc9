/** The imsx codeMinor values of OneRoster (OneRoster 1.1 REST binding, imsx_StatusInfo). */
export type CodeMinor =
  | 'invalid_filter_field'
  | 'invalid_selection_field'
  | 'invaliddata'
  | 'unauthorisedrequest'
  | 'forbidden'
  | 'server_busy'
  | 'unknownobject'
  | 'internal_server_error';

/** A request the OneRoster API refuses; rendered as the imsx envelope by OneRosterExceptionFilter. */
export abstract class OneRosterError extends Error {
  abstract readonly status: number;
  abstract readonly codeMinor: CodeMinor;
  /** Response headers the error calls for (WWW-Authenticate, Retry-After). */
  readonly headers: Readonly<Record<string, string>> = {};
}

/** Bad `filter`: syntax, unknown field, or a value that does not fit the field. */
export class InvalidFilterFieldError extends OneRosterError {
  readonly status = 400;
  readonly codeMinor = 'invalid_filter_field';
}

/** Unknown name in `fields`. */
export class InvalidSelectionFieldError extends OneRosterError {
  readonly status = 400;
  readonly codeMinor = 'invalid_selection_field';
}

/** Bad `limit`, `offset`, `sort` or `orderBy`. */
export class InvalidDataError extends OneRosterError {
  readonly status = 400;
  readonly codeMinor = 'invaliddata';
}

/** No record with that sourcedId (or none the caller may see). */
export class UnknownObjectError extends OneRosterError {
  readonly status = 404;
  readonly codeMinor = 'unknownobject';
  constructor(type: string, sourcedId: string) {
    super(`Unknown ${type}: ${sourcedId}`);
  }
}

/** No token, or one that is unknown, expired or revoked (RFC 6750 §3). */
export class UnauthorisedRequestError extends OneRosterError {
  readonly status = 401;
  readonly codeMinor = 'unauthorisedrequest';
  constructor(
    message: string,
    override readonly headers: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

/** A valid token without the scope the route needs. */
export class ForbiddenError extends OneRosterError {
  readonly status = 403;
  readonly codeMinor = 'forbidden';
  constructor(
    message: string,
    override readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Over the client's request rate; retry after the given seconds. */
export class ServerBusyError extends OneRosterError {
  readonly status = 429;
  readonly codeMinor = 'server_busy';
  override readonly headers: Readonly<Record<string, string>>;
  constructor(retryAfterSeconds: number) {
    super(`Too many requests from this client; retry in ${retryAfterSeconds} s`);
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}
