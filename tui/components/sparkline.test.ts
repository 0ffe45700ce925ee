import { describe, expect, it } from '@jest/globals';
import { sparkline } from './sparkline.js';
import { fit, money, timeLeft } from '../format.js';

describe('sparkline', () => {
  it('scales from the lowest to the highest point, keeping the most recent ones', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 1, 9], 2)).toBe('▁█');
    expect(sparkline([3, 3], 5)).toBe('▄▄');
    expect(sparkline([], 5)).toBe('');
  });
});

describe('format', () => {
  it('money has thousands separators and 2 decimals', () => {
    expect(money(123456789)).toBe('$1,234,567.89');
    expect(money(5)).toBe('$0.05');
  });
  it('time left reads like a trader clock', () => {
    expect(timeLeft(9)).toBe('9s');
    expect(timeLeft(245)).toBe('4:05');
    expect(timeLeft(3720)).toBe('1h02m');
    expect(timeLeft(90_000)).toBe('1d01h');
  });
  it('fit cuts with an ellipsis and pads', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('ab', 4, 'right')).toBe('  ab');
  });
});
