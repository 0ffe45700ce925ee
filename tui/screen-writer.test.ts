import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { hasColour } from './no-color.js';
import { ScreenWriter } from './screen-writer.js';

class Terminal extends EventEmitter {
  columns = 20;
  rows = 5;
  out: string[] = [];
  write(s: string) {
    this.out.push(s);
    return true;
  }
}

describe('ScreenWriter', () => {
  it('paints the first frame whole, then only the lines that changed, at absolute positions', () => {
    const t = new Terminal();
    const w = new ScreenWriter(t as unknown as NodeJS.WriteStream);
    w.write('a\nb\nc');
    expect(t.out[0]).toContain('\x1b[2J');
    expect(t.out[0]).toContain('\x1b[1;1Ha');
    expect(t.out[0]).toContain('\x1b[3;1Hc');
    w.write('a\nB\nc');
    expect(t.out[1]).toBe('\x1b[?2026h\x1b[2;1HB\x1b[0m\x1b[K\x1b[?2026l');
    w.write('a\nB\nc');
    expect(t.out).toHaveLength(2); // nothing changed, nothing written
    w.write('a');
    expect(t.out[2]).toContain('\x1b[2;1H\x1b[0m\x1b[K'); // lines that went away are cleared
    expect(t.out[2]).toContain('\x1b[3;1H\x1b[0m\x1b[K');
  });

  it('repaints everything after a resize and never writes below the last row', () => {
    const t = new Terminal();
    const w = new ScreenWriter(t as unknown as NodeJS.WriteStream);
    let resized = 0;
    w.on('resize', () => resized++);
    w.write('1\n2');
    t.rows = 2;
    t.emit('resize');
    expect(resized).toBe(1);
    w.write('1\n2\n3\n4');
    expect(t.out[1]).toContain('\x1b[2J');
    expect(t.out[1]).not.toContain('\x1b[3;1H');
  });
});

it('under NO_COLOR writes frames with no colour codes, bold and reverse kept', () => {
  const out = new (class extends EventEmitter {
    columns = 40;
    rows = 5;
    written = '';
    write(s: string) {
      this.written += s;
      return true;
    }
  })();
  const w = new ScreenWriter(out as unknown as NodeJS.WriteStream, { colors: false });
  w.write('\x1b[1;31mSOLD\x1b[39;22m \x1b[7;36m▶ lamp\x1b[27;39m\n');
  expect(out.written).toContain('\x1b[1mSOLD\x1b[22m \x1b[7m▶ lamp\x1b[27m');
  expect(hasColour(out.written)).toBe(false);
});
