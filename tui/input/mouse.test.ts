import { describe, expect, it } from '@jest/globals';
import { isMouseReport, parseMouse } from './mouse.js';

describe('parseMouse', () => {
  it.each([
    ['\x1b[<0;10;5M', { kind: 'press', button: 0, x: 10, y: 5 }],
    ['\x1b[<0;10;5m', { kind: 'release', button: 0, x: 10, y: 5 }],
    ['\x1b[<2;1;1M', { kind: 'press', button: 2, x: 1, y: 1 }],
    ['\x1b[<64;3;4M', { kind: 'wheel', delta: -1, x: 3, y: 4 }],
    ['\x1b[<65;3;4M', { kind: 'wheel', delta: 1, x: 3, y: 4 }],
    // Ctrl held (16): still the left button.
    ['\x1b[<16;7;8M', { kind: 'press', button: 0, x: 7, y: 8 }],
  ])('%j', (raw, event) => {
    expect(parseMouse(raw)).toEqual(event);
    expect(isMouseReport(raw)).toBe(true);
  });

  it.each([['\x1b[A'], ['j'], ['\x1b[<0;10M'], ['\x1b[<0;10;5X'], [undefined]])('%j is no mouse event', (raw) => {
    expect(parseMouse(raw)).toBeNull();
    expect(isMouseReport(raw)).toBe(false);
  });

  it('ignores motion but knows it for a mouse report', () => {
    expect(parseMouse('\x1b[<32;10;5M')).toBeNull();
    expect(isMouseReport('\x1b[<32;10;5M')).toBe(true);
  });
});
