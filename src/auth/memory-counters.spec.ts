import { describe, expect, it } from 'vitest';
import { windowAt } from './counter-store';
import { MemoryCounters } from './memory-counters';

const at = (instant: string) => new Date(instant);

describe('windowAt', () => {
  it('cuts time into windows aligned to the epoch, the same on every instance', () => {
    expect(windowAt(at('2026-11-23T10:05:20.123Z'), 60)).toEqual({
      start: '2026-11-23T10:05:00.000Z',
      end: at('2026-11-23T10:06:00.000Z'),
    });
    expect(windowAt(at('2026-11-23T10:14:59.999Z'), 900).start).toBe('2026-11-23T10:00:00.000Z');
    expect(windowAt(at('2026-11-23T10:15:00.000Z'), 900).start).toBe('2026-11-23T10:15:00.000Z');
  });
});

describe('MemoryCounters', () => {
  it('counts each key in its window and starts again at one in the next', async () => {
    const counters = new MemoryCounters();
    const now = at('2026-11-23T10:05:20Z');
    const minute = windowAt(now, 60);
    expect([await counters.add('a', minute, now), await counters.add('a', minute, now)]).toEqual([1, 2]);
    expect(await counters.add('b', minute, now)).toBe(1);
    expect([await counters.count('a', minute), await counters.count('c', minute)]).toEqual([2, 0]);
    const later = at('2026-11-23T10:06:01Z');
    const next = windowAt(later, 60);
    expect(await counters.count('a', next)).toBe(0);
    expect(await counters.add('a', next, later)).toBe(1);
    expect(await counters.count('b', next)).toBe(0);
  });
});
