import { describe, expect, it } from 'vitest';
import { nationalNumber } from './people';
import { Prng, stableId } from './prng';

describe('Prng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) =>
      Array.from(
        { length: 5 },
        (
          (rng) => () =>
            rng.next()
        )(new Prng(seed)),
      );
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('gives stable UUID-shaped ids per natural key', () => {
    expect(stableId(1, 'student', 0, 3)).toBe(stableId(1, 'student', 0, 3));
    expect(stableId(1, 'student', 0, 3)).not.toBe(stableId(2, 'student', 0, 3));
    expect(stableId(1, 'x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('nationalNumber', () => {
  it('carries a valid mod-97 check for people born after 2000', () => {
    const id = nationalNumber('2014-03-02', 17);
    expect(id).toMatch(/^140302017\d{2}$/);
    expect(97 - Number(BigInt(`2${id.slice(0, 9)}`) % 97n)).toBe(Number(id.slice(9)));
  });
});
