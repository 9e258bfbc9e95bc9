import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idRange, packIds, unpackIds } from './served-ids';

const sourcedId = fc
  .string({ minLength: 1, maxLength: 40, unit: 'grapheme' })
  .filter((s) => !/[\x00-\x1f\x7f]/.test(s));

describe('served ids', () => {
  it('unpack to the ids packed, sorted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sourcedId, { maxLength: 200 }), async (ids) => {
        expect(await unpackIds(await packIds(ids))).toEqual([...ids].sort());
      }),
    );
  });

  it('are in their range, and nothing outside it is', () => {
    fc.assert(
      fc.property(fc.array(sourcedId, { minLength: 1, maxLength: 50 }), sourcedId, (ids, other) => {
        const { first, last } = idRange(ids)!;
        for (const id of ids) expect(first <= id && id <= last).toBe(true);
        if (other < first || other > last) expect(ids).not.toContain(other);
      }),
    );
    expect(idRange([])).toBeNull();
  });

  it('pack a 5,000-record page of typical ids into a few kilobytes', async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `usr-${String(i * 7).padStart(6, '0')}`);
    expect((await packIds(ids)).length).toBeLessThan(20_000);
  });
});
