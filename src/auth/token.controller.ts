import { Body, Controller, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { ApiClientEntity } from './api-client.entity';
import { ClientAuthGuard } from './client-auth.guard';
import { OAuthError, TOKEN_PATH } from '../oneroster/errors/oauth-error';
import { UNSERVED_SCOPES } from '../oneroster/security/oauth-scopes';
import { IssuedToken, TokensService } from './tokens.service';
import { TokenEndpointDocs } from './token-endpoint.docs';
import { RequireFormBody } from './token-request.guard';

/** POST /oauth/token: OAuth 2.0 client credentials grant (RFC 6749 §4.4). */
@Controller()
export class TokenController {
  constructor(private readonly tokens: TokensService) {}

  @Post(TOKEN_PATH.slice(1))
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @UseGuards(RequireFormBody, ClientAuthGuard)
  @TokenEndpointDocs()
  async token(
    @Req() req: Request & { user: ApiClientEntity },
    @Body() body: Record<string, string>,
  ): Promise<IssuedToken> {
    if (body.grant_type !== 'client_credentials') {
      throw new OAuthError(
        'unsupported_grant_type',
        `grant_type '${body.grant_type}' is not supported; use client_credentials`,
      );
    }
    const scopes = await this.scopesFor(req.user, body.scope);
    return this.tokens.issue(req.user, scopes);
  }

  /** No scope: everything the tenant offers (SDS sends none). A scope: a subset of that, or invalid_scope. */
  private async scopesFor(client: ApiClientEntity, requested: string | undefined): Promise<string[]> {
    const grantable = await this.tokens.grantable(client);
    if (requested === undefined || requested.trim() === '') return grantable;
    const asked = [...new Set(requested.split(' ').filter(Boolean))];
    const refused = asked.filter((scope) => !grantable.includes(scope));
    if (refused.length > 0) {
      const why = refused.some((s) => UNSERVED_SCOPES.includes(s))
        ? 'not served by this rostering provider'
        : 'not offered to this client';
      throw new OAuthError('invalid_scope', `scope ${refused.join(' ')}: ${why}; available: ${grantable.join(' ')}`);
    }
    return asked;
  }
}
