#!/usr/bin/env node
// The API server of an installed release: `npx oneroster-sds-server` (docs/upgrading.md).
require('./launch.cjs').launch('main.js');
