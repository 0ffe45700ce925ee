import { describe, expect, it } from '@jest/globals';
import { hasColour, noColorRequested, stripColors } from './no-color.js';

describe('NO_COLOR', () => {
  it('is asked for by NO_COLOR set to anything but ""', () => {
    expect(noColorRequested({ NO_COLOR: '1' })).toBe(true);
    expect(noColorRequested({ NO_COLOR: 'yes' })).toBe(true);
    expect(noColorRequested({ NO_COLOR: '' })).toBe(false);
    expect(noColorRequested({})).toBe(false);
  });

  it.each<[string, string, string]>([
    ['a foreground colour', '\x1b[31mred\x1b[39m', 'red'],
    ['bright and background', '\x1b[91;44mx\x1b[49m', 'x'],
    ['bold kept, colour gone', '\x1b[1;32mok\x1b[0m', '\x1b[1mok\x1b[0m'],
    ['reverse kept', '\x1b[7;36m sel \x1b[27;39m', '\x1b[7m sel \x1b[27m'],
    ['256 colours', '\x1b[38;5;208mo\x1b[0m', 'o\x1b[0m'],
    ['truecolor', '\x1b[1;38;2;10;20;30;48;2;1;2;3mt\x1b[22m', '\x1b[1mt\x1b[22m'],
    ['colon form', '\x1b[38:2::1:2:3;4mu', '\x1b[4mu'],
    ['a reset stays', '\x1b[mz', '\x1b[mz'],
    ['cursor moves untouched', '\x1b[3;1Hline\x1b[K', '\x1b[3;1Hline\x1b[K'],
  ])('%s', (_what, input, output) => {
    expect(stripColors(input)).toBe(output);
    expect(hasColour(stripColors(input))).toBe(false);
  });
});
