import { Injectable } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { text } from 'node:stream/consumers';
import { ALL_ADMIN_SCOPES } from './admin-scopes';
import { ClientsService, IssuedCredentials } from './clients.service';

interface ClientOptions {
  tenant?: string;
  name?: string;
  secretStdin?: boolean;
  json?: boolean;
  admin?: boolean;
  scopes?: string[];
}

@Injectable()
abstract class ClientCommand extends CommandRunner {
  constructor(protected readonly clients: ClientsService) {
    super();
  }

  @Option({ flags: '--json', description: 'print one JSON document' })
  parseJson() {
    return true;
  }
}

@SubCommand({
  name: 'create',
  description: 'Create an API client for a tenant, or an admin client (--admin); prints its secret once',
})
export class ClientCreateCommand extends ClientCommand {
  async run(_args: string[], options: ClientOptions): Promise<void> {
    const secret = options.secretStdin ? (await text(process.stdin)).replace(/\r?\n$/, '') : undefined;
    printCredentials(await this.clients.issue(options, secret), options.json);
  }

  @Option({ flags: '--admin', description: 'a client of the admin API (/admin/v1), of no tenant' })
  parseAdmin() {
    return true;
  }

  @Option({
    flags: '--scopes <scopes>',
    description: `an admin client's scopes, comma-separated: ${ALL_ADMIN_SCOPES.join(',')} (default admin.read)`,
  })
  parseScopes(value: string) {
    return value.split(',').map((scope) => scope.trim());
  }

  @Option({ flags: '--tenant <id>', description: 'the tenant the client belongs to' })
  parseTenant(value: string) {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'what the client is for (default "School Data Sync")' })
  parseName(value: string) {
    return value;
  }

  @Option({
    flags: '--secret-stdin',
    description: 'read the secret from standard input (moving an existing SDS connection here)',
  })
  parseSecretStdin() {
    return true;
  }
}

@SubCommand({ name: 'list', description: 'List API clients (never their secrets)' })
export class ClientListCommand extends ClientCommand {
  async run(_args: string[], options: ClientOptions): Promise<void> {
    const clients = await this.clients.list(options.tenant);
    if (options.json) return void console.log(JSON.stringify(clients, null, 2));
    console.table(
      clients.map((c) => ({
        clientId: c.clientId,
        tenant: c.tenantId,
        name: c.name,
        scopes: c.adminScopes ?? '',
        state: c.state,
        created: c.createdAt,
        lastToken: c.lastTokenAt ?? '',
      })),
    );
  }

  @Option({ flags: '--tenant <id>', description: 'only the clients of this tenant' })
  parseTenant(value: string) {
    return value;
  }
}

@SubCommand({
  name: 'revoke',
  arguments: '<clientId>',
  description: 'Revoke a client: its secret and tokens stop working at once',
})
export class ClientRevokeCommand extends ClientCommand {
  async run([clientId]: string[], options: ClientOptions): Promise<void> {
    await this.clients.revoke(clientId);
    console.log(
      options.json ? JSON.stringify({ revoked: clientId }) : `Revoked ${clientId}; its tokens no longer work.`,
    );
  }
}

@SubCommand({
  name: 'rotate',
  arguments: '<clientId>',
  description: 'Give a client a new secret; the old one works until the grace period ends',
})
export class ClientRotateCommand extends ClientCommand {
  async run([clientId]: string[], options: ClientOptions): Promise<void> {
    printCredentials(await this.clients.rotate(clientId), options.json);
  }
}

@Command({
  name: 'clients',
  description: 'Manage OAuth2 API clients',
  subCommands: [ClientCreateCommand, ClientListCommand, ClientRevokeCommand, ClientRotateCommand],
})
export class ClientsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

function printCredentials(credentials: IssuedCredentials, json?: boolean) {
  if (json) return void console.log(JSON.stringify(credentials));
  if (credentials.scopes) console.log(`admin scopes:  ${credentials.scopes.join(' ')}`);
  else console.log(`tenant:        ${credentials.tenantId}`);
  console.log(`client id:     ${credentials.clientId}`);
  console.log(`client secret: ${credentials.clientSecret}`);
  if (credentials.previousSecretValidUntil)
    console.log(`The previous secret keeps working until ${credentials.previousSecretValidUntil}.`);
  console.log('Store the secret now: it is kept only as a hash and cannot be shown again.');
}
