import { refusedCharacter } from '../oneroster/http/request-text';

/** Longest client id or secret there is: ids are 32 hex characters, secrets 43, or an operator's own (32 or more). */
export const MAX_CREDENTIAL_LENGTH = 255;

/**
 * Whether a client id or secret presented at the token endpoint could be one this service issued or kept:
 * 1 to 255 characters, no control character or unpaired surrogate. Anything else fails as a wrong secret
 * does (401 invalid_client, counted against the client id and address) without reaching the database,
 * which may not store it (PostgreSQL refuses a NUL) or the slow hash (a 100 KB secret).
 */
export function isWellFormedCredential(value: string): boolean {
  return value.length > 0 && value.length <= MAX_CREDENTIAL_LENGTH && !refusedCharacter(value);
}
