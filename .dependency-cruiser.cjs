/**
 * The layering of src/, checked by `npm run boundaries` (part of `npm run lint`).
 *
 * Each tier may import the tiers below it, never one above it, and never a folder of its own tier
 * (features of one tier know nothing of each other). The ground floor (config, logging, database,
 * tenancy, the OneRoster kernel) imports no feature. docs/architecture.md explains each folder.
 */
const TIERS = [
  ['usage-error.ts', 'config', 'logging', 'csv-text', 'metrics'],
  ['database'],
  ['tenancy'],
  ['oneroster'],
  ['identity', 'calendar', 'health', 'audit'],
  ['orgs', 'courses', 'demographics', 'academic-sessions', 'sds-rules'],
  ['enrollments'],
  ['users'],
  ['classes', 'auth'],
  ['schools', 'publication'],
  ['usernames', 'tenants'],
  ['csv', 'check', 'report'],
  ['admin'],
  ['demo', 'openapi', 'monitoring'],
];

const folder = (name) => `^src/${name.replace(/\./g, '\\.')}${name.endsWith('.ts') ? '$' : '/'}`;
const anyOf = (names) => names.map(folder).join('|');

const layering = TIERS.flatMap((tier, level) => {
  const above = TIERS.slice(level + 1).flat();
  return tier.map((name) => ({
    name: `layer-${name.replace(/\.ts$/, '')}`,
    comment: `${name} (tier ${level}) imports only from lower tiers`,
    severity: 'error',
    from: { path: folder(name) },
    to: { path: anyOf([...above, ...tier.filter((peer) => peer !== name)]) },
  }));
});

// The composition roots (app.module, cli.module, entities, resource-modules, entry points) sit above every tier.
const tiered = TIERS.flat();

module.exports = {
  forbidden: [
    ...layering,
    {
      name: 'no-import-of-roots',
      comment: 'Only entry points and other roots import the composition roots at the top of src/',
      severity: 'error',
      from: { path: anyOf(tiered) },
      to: { path: '^src/[^/]+\\.ts$', pathNot: '^src/usage-error\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles between files',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'env-only-in-config',
      comment: 'Only src/config reads the environment schema',
      severity: 'error',
      from: { pathNot: '^src/config/' },
      to: { path: '^src/config/env\\.schema\\.ts$' },
    },
    {
      name: 'no-src-to-test',
      comment: 'Production code never imports tests or scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every relative import resolves to a file',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^[.]' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
