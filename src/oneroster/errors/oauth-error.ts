/** RFC 6749 §5.2 error codes of the token endpoint. */
export type OAuthErrorCode =
  'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope' | 'slow_down';

/** A token-endpoint refusal, rendered as `{ error, error_description }` JSON (never the imsx envelope). */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    message: string,
    readonly status = code === 'invalid_client' ? 401 : code === 'slow_down' ? 429 : 400,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get body() {
    return { error: this.code, error_description: this.message };
  }
}

export const TOKEN_PATH = '/oauth/token';
export const AUTH_REALM = 'oneroster';
