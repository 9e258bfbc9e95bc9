import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import { EnvSchema } from '../../src/config/env.schema';

/**
 * Settings the deployment files already pass although src/config/env.schema.ts may not declare them yet: they are
 * being added to the schema in parallel (schema migration on a separate `migrate` step, and database timeouts).
 * Allowed by name only, and only these; their values are checked by `pendingValueProblems`. Once the schema declares
 * them, this list is redundant and can go.
 */
export const PENDING_ENV_KEYS: Readonly<Record<string, RegExp>> = {
  MIGRATIONS_RUN: /^(true|false)$/,
  DATABASE_REQUEST_TIMEOUT_MS: /^\d+$/,
  DATABASE_CONNECT_TIMEOUT_MS: /^\d+$/,
};

/** The variables the app reads: every property of EnvSchema, decorated or initialised. */
export function knownEnvKeys(): Set<string> {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(EnvSchema, '', true, false)
    .map((m) => m.propertyName);
  return new Set([...validated, ...Object.keys(new EnvSchema())]);
}

/** Names in `env` that neither the configuration schema nor PENDING_ENV_KEYS knows. */
export function unknownEnvKeys(env: Record<string, string>): string[] {
  const known = knownEnvKeys();
  return Object.keys(env).filter((key) => !known.has(key) && !(key in PENDING_ENV_KEYS));
}

/** Values of pending settings the schema (once it has them) would refuse, as `NAME=value` lines. */
export function pendingValueProblems(env: Record<string, string>): string[] {
  return Object.entries(PENDING_ENV_KEYS)
    .filter(([key, pattern]) => key in env && !pattern.test(env[key]))
    .map(([key]) => `${key}=${env[key]}`);
}
