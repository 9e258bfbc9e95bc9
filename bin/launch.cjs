'use strict';
// Runs dist/<entry> with the heap settings of `npm start`, `npm run cli` and the image: a capped old generation
// collects a large import's or a sweep's garbage early instead of growing (docs/performance.md). Heap flags already
// given (node's command line, NODE_OPTIONS) are kept as they are, so an operator raises the limit there; otherwise node
// is started once more with the flags, and the signals a scheduler or a shell sends are passed on to it.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const HEAP_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=16'];
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function heapFlagsGiven() {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((flag) => flag.startsWith('--max-old-space-size'));
}

function launch(entry) {
  const script = join(__dirname, '..', 'dist', entry);
  if (heapFlagsGiven()) return void require(script);
  const child = spawn(process.execPath, [...HEAP_FLAGS, script, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of FORWARDED_SIGNALS) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    // Ended by a signal: end the same way, so the caller sees what the command saw.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}

module.exports = { launch };
