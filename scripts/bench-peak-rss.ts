import { writeFileSync } from 'node:fs';

// Loaded with `node --require` into a measured child: its peak RSS (kB) is written to a file on exit.
const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
