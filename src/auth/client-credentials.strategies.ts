import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BasicStrategy } from 'passport-http';
import { Strategy as ClientPasswordStrategy } from 'passport-oauth2-client-password';
import { ApiClientEntity } from './api-client.entity';
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
    super({ realm: 'oneroster' });
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
