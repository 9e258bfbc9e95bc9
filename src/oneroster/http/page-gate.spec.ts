import { describe, expect, it } from 'vitest';
import { PageGate } from './page-gate';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PageGate', () => {
  it('lets `limit` in at once and the next one in, in turn, as each leaves', async () => {
    const gate = new PageGate(2);
    const order: string[] = [];
    const enter = (name: string) => gate.enter().then((leave) => (order.push(name), leave));
    const [a, b] = await Promise.all([enter('a'), enter('b')]);
    const c = enter('c');
    const d = enter('d');
    await settle();
    expect(order).toEqual(['a', 'b']);
    b();
    b(); // leaving twice lets only one in
    await settle();
    expect(order).toEqual(['a', 'b', 'c']);
    a();
    (await c)();
    (await d)();
    const e = await enter('e');
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
    e();
  });

  it('never lets more than `limit` in, whatever the order they leave in', async () => {
    const gate = new PageGate(3);
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const leave = await gate.enter();
        most = Math.max(most, ++inside);
        await new Promise((resolve) => setTimeout(resolve, (index * 7) % 5));
        inside--;
        leave();
      }),
    );
    expect(most).toBe(3);
  });

  it('lets one in at once by tryEnter only while there is room and nobody waits', async () => {
    const gate = new PageGate(2);
    const first = gate.tryEnter();
    const second = await gate.enter();
    expect(first).toBeDefined();
    expect(gate.tryEnter()).toBeUndefined();
    const waiting = gate.enter();
    first!();
    const third = await waiting;
    second();
    // Room again, and nobody waits.
    const fourth = gate.tryEnter();
    expect(fourth).toBeDefined();
    expect(gate.tryEnter()).toBeUndefined();
    third();
    fourth!();
  });
});
