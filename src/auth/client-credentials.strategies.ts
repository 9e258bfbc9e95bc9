import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BasicStrategy } from 'passport-http';
import { Strategy as ClientPasswordStrategy } from 'passport-oauth2-client-password';
import type { Request } from 'express';
import type { StrategyCreatedStatic } from 'passport';
import { ApiClientEntity } from './api-client.entity';
import { AUTH_REALM } from '../oneroster/errors/oauth-error';
import { ClientsService } from './clients.service';

/**
 * RFC 6749 §2.3.1: in `client_secret_basic` the id and secret are form-urlencoded before base64,
 * but many clients skip that. Try the decoded form and the raw one, so a secret with `:` or `%`
 * works either way (a raw `%` that is no valid escape simply fails to decode).
 */
export function basicCredentialForms(value: string): string[] {
  try {
    const decoded = decodeURIComponent(value.replace(/\+/g, ' '));
    return decoded === value ? [value] : [decoded, value];
  } catch {
    return [value];
  }
}

/** client_secret_basic: `Authorization: Basic base64(client_id:client_secret)`. */
@Injectable()
export class ClientSecretBasicStrategy extends PassportStrategy(BasicStrategy, 'client-secret-basic') {
  constructor(private readonly clients: ClientsService) {
    super({ realm: AUTH_REALM });
  }

  /**
   * passport-http splits the decoded credentials on every `:`, which cuts a secret that holds one;
   * RFC 7617 §2 splits at the first colon only, since a user-id cannot contain one.
   */
  override authenticate(req: Request): void {
    const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const verdict = this as unknown as StrategyCreatedStatic; // the actions passport adds to a running strategy
    if (colon < 1) return verdict.fail(`Basic realm="${AUTH_REALM}"`, 401);
    this.validate(decoded.slice(0, colon), decoded.slice(colon + 1)).then(
      (client) => (client ? verdict.success(client) : verdict.fail(`Basic realm="${AUTH_REALM}"`, 401)),
      (error: unknown) => verdict.error(error as Error),
    );
  }

  async validate(clientId: string, secret: string): Promise<ApiClientEntity | false> {
    for (const id of basicCredentialForms(clientId)) {
      const client = await this.clients.authenticate(id, basicCredentialForms(secret));
      if (client) return client;
    }
    return false;
  }
}

/** client_secret_post: `client_id` and `client_secret` in the form body. */
@Injectable()
export class ClientSecretPostStrategy extends PassportStrategy(ClientPasswordStrategy, 'client-secret-post') {
  constructor(private readonly clients: ClientsService) {
    super();
  }

  async validate(clientId: string, secret: string): Promise<ApiClientEntity | false> {
    return (await this.clients.authenticate(clientId, [secret])) ?? false;
  }
}
