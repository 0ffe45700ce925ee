import { describe, expect, it } from '@jest/globals';
import { ENTER, LEAVE } from './terminal.js';

const modes = (s: string, end: 'h' | 'l') =>
  s
    .split('\x1b[?')
    .slice(1)
    .filter((p) => p.match(/^\d+./)?.[0].endsWith(end))
    .map((p) => p.match(/^\d+/)?.[0]);

describe('full screen', () => {
  it('turns mouse reporting on with the alternate screen, and every private mode it sets off again on leaving', () => {
    expect(ENTER).toContain('\x1b[?1000h');
    expect(ENTER).toContain('\x1b[?1006h');
    const set = modes(ENTER, 'h');
    const reset = modes(LEAVE, 'l');
    // 25 (the cursor) is hidden with l and shown with h: the other way round.
    for (const mode of set.filter((m) => m !== '25')) expect(reset).toContain(mode);
    expect(LEAVE).toContain('\x1b[?25h');
  });
});
