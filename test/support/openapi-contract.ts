import Ajv, { SchemaValidateFunction, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIRED_WITHOUT_FIELDS } from '../../src/oneroster/openapi/record-schema';

type Schema = Record<string, unknown>;

export interface DeclaredResponse {
  description: string;
  headers?: Record<string, { schema: Schema }>;
  content?: Record<string, { schema: Schema }>;
}

export interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  responses: Record<string, DeclaredResponse>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** What a test saw: supertest's response has these. */
export interface SeenResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export const COMMITTED_DOCUMENT = join(__dirname, '..', '..', 'openapi', 'oneroster-v1p1.json');

export function readCommittedDocument(): OpenApiDocument {
  return JSON.parse(readFileSync(COMMITTED_DOCUMENT, 'utf8')) as OpenApiDocument;
}

/** Keywords of OpenAPI 3.0 schemas that are no JSON Schema validation: `components` carries the $ref targets. */
const ANNOTATIONS = ['example', 'components'];

/** x-required-without-fields as a validation keyword: each listed property must be present. */
const requiredWithoutFields: SchemaValidateFunction = (names: string[], data: object) => {
  const missing = names.filter((name) => !(name in data));
  requiredWithoutFields.errors = missing.map((name) => ({
    keyword: REQUIRED_WITHOUT_FIELDS,
    params: { missingProperty: name },
    message: `must have ${name}, sent whenever fields= is absent`,
  }));
  return missing.length === 0;
};

/**
 * An Ajv that reads the document's schemas: `strict` so a misspelt keyword is an error, not ignored.
 * `complete` also enforces x-required-without-fields, for responses to requests without `fields`.
 */
function openApiAjv(complete: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addVocabulary(ANNOTATIONS);
  ajv.addKeyword(
    complete
      ? {
          keyword: REQUIRED_WITHOUT_FIELDS,
          type: 'object',
          schemaType: 'array',
          validate: requiredWithoutFields,
          errors: true,
        }
      : { keyword: REQUIRED_WITHOUT_FIELDS, schemaType: 'array' },
  );
  return ajv;
}

/** Checks real responses against what the OpenAPI document declares for their route and status. */
export class ResponseContract {
  private readonly ajv = { published: openApiAjv(false), complete: openApiAjv(true) };
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly document: OpenApiDocument) {}

  operation(method: string, template: string): Operation {
    const operation = this.document.paths[template]?.[method];
    if (!operation) throw new Error(`the document has no ${method} ${template}`);
    return operation;
  }

  /**
   * Everything wrong with a response (empty when it conforms): a status the operation does not
   * declare, a declared header missing or malformed, or a body outside the declared schema.
   * `complete`: the request had no `fields`, so every record must carry its always-sent properties.
   */
  problems(method: string, template: string, res: SeenResponse, complete: boolean): string[] {
    const declared = this.operation(method, template).responses[String(res.status)];
    if (!declared) return [`status ${res.status} is not declared (body ${JSON.stringify(res.body)})`];
    return [...this.headerProblems(declared, res), ...this.bodyProblems(declared, res, complete)];
  }

  /** The JSON schema of a declared response body. */
  bodySchema(method: string, template: string, status: number): Schema | undefined {
    return this.operation(method, template).responses[String(status)]?.content?.['application/json']?.schema;
  }

  /** Errors of `body` against `schema`, with the document's components in reach of its $refs. */
  validate(schema: Schema, body: unknown, complete: boolean): string[] {
    const key = `${complete} ${JSON.stringify(schema)}`;
    let validator = this.compiled.get(key);
    if (!validator) {
      validator = this.ajv[complete ? 'complete' : 'published'].compile({
        ...schema,
        components: this.document.components,
      });
      this.compiled.set(key, validator);
    }
    return validator(body)
      ? []
      : (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} (${e.schemaPath})`);
  }

  private headerProblems(declared: DeclaredResponse, res: SeenResponse): string[] {
    return Object.entries(declared.headers ?? {}).flatMap(([name, { schema }]) => {
      const value = res.headers[name.toLowerCase()];
      if (typeof value !== 'string') return [`header ${name} is missing`];
      const typed = schema.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
      return this.validate(schema, typed, false).map((problem) => `header ${name}: ${problem}`);
    });
  }

  private bodyProblems(declared: DeclaredResponse, res: SeenResponse, complete: boolean): string[] {
    const [type, body] = Object.entries(declared.content ?? {})[0] ?? [];
    if (!type || !body?.schema) return [];
    if (!String(res.headers['content-type']).startsWith(type))
      return [`content-type ${res.headers['content-type']} is not ${type}`];
    if (!type.endsWith('json')) return []; // a CSV download: its columns have tests of their own
    return this.validate(body.schema, res.body, complete).map((problem) => `body ${problem}`);
  }
}
