import { describe, expect, it } from '@jest/globals';
import { AmountGuard } from './amount-guard.js';
import { splitKeys } from './keys.js';

const drops = (g: AmountGuard, typed: string, now: number) => splitKeys(typed).map((ev) => g.drops(ev, now));

describe('AmountGuard: keys meant for an amount box that did not open', () => {
  it('drops the digits, point and Enter of an amount typed right after the refusal', () => {
    const g = new AmountGuard(1500);
    g.arm(1000);
    expect(drops(g, '400.5\r', 1100)).toEqual([true, true, true, true, true, true]);
  });

  it('each dropped key extends the moment; a pause ends it', () => {
    const g = new AmountGuard(1500);
    g.arm(1000);
    expect(drops(g, '4', 2400)).toEqual([true]);
    expect(drops(g, '0', 3800)).toEqual([true]);
    expect(drops(g, '3', 5400)).toEqual([false]);
  });

  it('any other key ends it and acts: j after the refusal moves, and the 2 after it switches the view', () => {
    const g = new AmountGuard(1500);
    g.arm(1000);
    expect(drops(g, 'j2', 1100)).toEqual([false, false]);
  });

  it('not armed: nothing is dropped', () => {
    expect(drops(new AmountGuard(1500), '12\r', 0)).toEqual([false, false, false]);
  });
});
