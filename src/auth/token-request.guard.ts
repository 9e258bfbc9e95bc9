import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { OAuthError } from '../oneroster/errors/oauth-error';

const PARAMETERS = ['grant_type', 'scope', 'client_id', 'client_secret'];

/**
 * Shape checks of RFC 6749 §3.2 and §4.4.2 before any secret is checked: a form-encoded body,
 * no parameter sent twice, a grant_type.
 */
@Injectable()
export class RequireFormBody implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.is('application/x-www-form-urlencoded')) {
      throw new OAuthError('invalid_request', 'the token request must be sent as application/x-www-form-urlencoded');
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    for (const name of PARAMETERS) {
      if (body[name] !== undefined && typeof body[name] !== 'string')
        throw new OAuthError('invalid_request', `parameter ${name} was sent more than once`);
    }
    if (!body.grant_type)
      throw new OAuthError('invalid_request', 'grant_type is required (grant_type=client_credentials)');
    return true;
  }
}
