'use strict';
// `npm install` and `npm ci` in a checkout build dist/, so the README's `npm install && npm start` works on a fresh
// clone and `npm start` itself never builds. An install without the sources (a release tarball, the image's
// dependency layer) or without the dev toolchain (`--omit=dev`) has nothing to build and skips.
const { execSync } = require('node:child_process');
const { existsSync } = require('node:fs');

if (existsSync('src') && existsSync('node_modules/@nestjs/cli')) execSync('nest build', { stdio: 'inherit' });
