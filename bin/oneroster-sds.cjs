#!/usr/bin/env node
// The admin CLI of an installed release: `npx oneroster-sds <command>` (docs/operations.md).
require('./launch.cjs').launch('cli.js');
