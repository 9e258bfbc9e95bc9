import { describe, expect, it } from 'vitest';
import { formatPhaseLine, parsePhaseLine, PhaseTimer } from './phase-timer';

describe('PhaseTimer', () => {
  it('adds up repeated phases, keeps first-run order and passes results and errors through', async () => {
    const timer = new PhaseTimer();
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    expect(await timer.time('read', async () => (await wait(20), 'rows'))).toBe('rows');
    await timer.time('apply', () => wait(15));
    await expect(
      timer.time('read', async () => {
        await wait(20);
        throw new Error('bad row');
      }),
    ).rejects.toThrow('bad row');
    const entries = timer.entries();
    expect(Object.keys(entries)).toEqual(['read', 'apply']);
    expect(entries.read).toBeGreaterThanOrEqual(0.03);
    // Rounded to the hundredth: 15 ms (a timer may fire a little early) reads as at least 0.01 s.
    expect(entries.apply).toBeGreaterThanOrEqual(0.01);
  });

  it('prints the phases on one line that reads back the same', () => {
    const phases = { 'staging users': 4.2, checks: 0.05, 'applying enrollments': 120 };
    const line = formatPhaseLine(phases);
    expect(line).toBe('Time by phase: staging users 4.20 s, checks 0.05 s, applying enrollments 120.00 s');
    expect(parsePhaseLine(`Imported.\n${line}\n`)).toEqual(phases);
    expect(parsePhaseLine('Imported.\n')).toEqual({});
  });
});
