import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import { EnvSchema } from '../../src/config/env.schema';

/**
 * Settings whose values the deployment files must get right for the production shape (migrations on their own step,
 * database timeouts), checked as the schema would; the files' other values hold `${…}` placeholders.
 */
export const CHECKED_VALUES: Readonly<Record<string, RegExp>> = {
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

/** Names in `env` that the configuration schema does not know. */
export function unknownEnvKeys(env: Record<string, string>): string[] {
  const known = knownEnvKeys();
  return Object.keys(env).filter((key) => !known.has(key));
}

/** Values of CHECKED_VALUES the schema would refuse, as `NAME=value` lines. */
export function valueProblems(env: Record<string, string>): string[] {
  return Object.entries(CHECKED_VALUES)
    .filter(([key, pattern]) => key in env && !pattern.test(env[key]))
    .map(([key]) => `${key}=${env[key]}`);
}
