import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { TOKEN_PATH } from '../oneroster/errors/oauth-error';
import { ADMIN_SCOPE_DESCRIPTIONS } from '../auth/admin-scopes';
import { SCOPES } from '../oneroster/security/oauth-scopes';
import { COMPONENT_SCHEMAS } from './component-schemas';

export const OPENAPI_PATH = '/openapi.json';

/** The OpenAPI 3 document of the public API, built from the controllers' decorators, keys sorted so the committed file diffs cleanly. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('OneRoster 1.1 provider for Microsoft School Data Sync')
    .setDescription(
      'The OneRoster 1.1 rostering REST API (read-only), with OAuth 2.0 client credentials. Get a token at ' +
        `${TOKEN_PATH} with your client id and secret, then page through the collections. The admin API ` +
        '(/admin/v1, tag admin) takes tokens of admin clients only; its errors are RFC 9457 problem details.',
    )
    .setVersion('1.1')
    .addOAuth2(
      {
        type: 'oauth2',
        flows: {
          clientCredentials: {
            tokenUrl: TOKEN_PATH,
            scopes: {
              [SCOPES.rosterCore]: 'Collections and single records',
              [SCOPES.roster]: 'Everything in rostering, including nested routes',
              [SCOPES.demographics]: 'Demographics',
              ...ADMIN_SCOPE_DESCRIPTIONS,
            },
          },
        },
      },
      'oauth2',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method });
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...COMPONENT_SCHEMAS } };
  return sortKeys(document) as OpenAPIObject;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
