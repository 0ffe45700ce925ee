import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { LIMITS, LineDecoder, format, parse } from './index.js';
import type { LineResult, Message } from './index.js';

const enc = (s: string) => new TextEncoder().encode(s);
const ok = (line: string): LineResult => ({ ok: true, line });
const TOO_LONG = (max: number): LineResult => ({ ok: false, reason: `line is longer than ${max} bytes` });
const BAD_UTF8: LineResult = { ok: false, reason: 'line is not valid UTF-8' };

/** Feeds `bytes` in the given chunk sizes (cycled) and collects every result. */
function feed(decoder: LineDecoder, bytes: Uint8Array, sizes: number[] = [bytes.length || 1]): LineResult[] {
  const out: LineResult[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length]);
    out.push(...decoder.push(bytes.subarray(at, at + n)));
    at += n;
  }
  return out;
}

describe('LineDecoder', () => {
  it('emits one line per "\\n" and strips a trailing "\\r"', () => {
    const d = new LineDecoder();
    expect(d.push(enc('WINNER 1 lamp 5.00 bob\nINFORM_Req 2 lamp 5.00\r\n\nlast'))).toEqual([
      ok('WINNER 1 lamp 5.00 bob'),
      ok('INFORM_Req 2 lamp 5.00'),
      ok(''),
    ]);
    expect(d.pending()).toBe(4);
    expect(d.push(enc('\n'))).toEqual([ok('last')]);
    expect(d.pending()).toBe(0);
  });

  it('strips only one "\\r" and keeps one elsewhere in the line', () => {
    expect(new LineDecoder().push(enc('a\r\r\nb\rc\n'))).toEqual([ok('a\r'), ok('b\rc')]);
  });

  it('joins a line split across many chunks', () => {
    const d = new LineDecoder();
    expect(d.push(enc('CANCEL 1 '))).toEqual([]);
    expect(d.push(enc('buyer did'))).toEqual([]);
    expect(d.pending()).toBe(18);
    expect(d.push(enc(' not answer\r'))).toEqual([]);
    expect(d.push(enc('\nNON'))).toEqual([ok('CANCEL 1 buyer did not answer')]);
  });

  it('decodes a multi-byte character split across chunks, at every split point', () => {
    const text = 'é€😀 adresse: 東京';
    const bytes = enc(`${text}\n`);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new LineDecoder();
      const out = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))];
      expect(out).toEqual([ok(text)]);
    }
    expect(feed(new LineDecoder(), bytes, [1])).toEqual([ok(text)]);
  });

  it('accepts a line of exactly maxBytes (with "\\n" or "\\r\\n") and rejects maxBytes + 1', () => {
    const max = LIMITS.tcpLineBytes;
    const d = new LineDecoder();
    expect(d.push(enc(`${'a'.repeat(max)}\n`))).toEqual([ok('a'.repeat(max))]);
    expect(d.push(enc(`${'a'.repeat(max)}\r\n`))).toEqual([ok('a'.repeat(max))]);
    expect(d.push(enc(`${'a'.repeat(max + 1)}\n`))).toEqual([TOO_LONG(max)]);
    expect(d.push(enc(`${'a'.repeat(max)}\r\r\n`))).toEqual([TOO_LONG(max)]);
  });

  it('counts the limit in bytes, not characters', () => {
    const d = new LineDecoder(4);
    expect(d.push(enc('éé\n'))).toEqual([ok('éé')]);
    expect(d.push(enc('ééé\n'))).toEqual([TOO_LONG(4)]);
  });

  it('reports an over-long line before its "\\n" arrives, then discards up to it and resumes', () => {
    const d = new LineDecoder(8);
    expect(d.push(enc('123456789'))).toEqual([]); // 9 bytes: the last could still be the "\r" of "\r\n"
    expect(d.push(enc('0'))).toEqual([TOO_LONG(8)]);
    expect(d.pending()).toBe(0);
    expect(d.push(enc('x'.repeat(100_000)))).toEqual([]); // memory stays bounded: nothing is kept
    expect(d.pending()).toBe(0);
    expect(d.push(enc('yyy\nnext\n'))).toEqual([ok('next')]);
  });

  it('reports invalid UTF-8 once for its line and carries on with the next', () => {
    const d = new LineDecoder();
    const bad = new Uint8Array([0x61, 0xff, 0x62, 0x0a, ...enc('CANCEL 1 ok\n')]);
    expect(d.push(bad)).toEqual([BAD_UTF8, ok('CANCEL 1 ok')]);
    // A character cut off by the line end is invalid too.
    expect(d.push(new Uint8Array([0xe2, 0x82, 0x0a]))).toEqual([BAD_UTF8]);
  });

  it('does not depend on the caller keeping its buffer intact', () => {
    const d = new LineDecoder();
    const chunk = enc('hello');
    d.push(chunk);
    chunk.fill(0x21);
    expect(d.push(enc(' world\n'))).toEqual([ok('hello world')]);
  });

  it('accepts Node Buffers (what a socket delivers)', () => {
    expect(new LineDecoder().push(Buffer.from('NON_OFFER 1 vase\n'))).toEqual([ok('NON_OFFER 1 vase')]);
  });

  it('handles a large stream fed a byte at a time (the buffer is joined once per line, not per byte)', () => {
    const line = `CANCEL 1 ${'x'.repeat(LIMITS.tcpLineBytes - 9)}`;
    const stream = enc(`${line}\n`.repeat(100)); // ~400 KB
    const d = new LineDecoder();
    let lines = 0;
    for (let i = 0; i < stream.length; i++) lines += d.push(stream.subarray(i, i + 1)).filter((r) => r.ok).length;
    expect(lines).toBe(100);
  });

  it('matches a line-by-line model for any bytes and any chunking', () => {
    const max = 16;
    const strict = new TextDecoder('utf-8', { fatal: true });
    const model = (line: Uint8Array): LineResult => {
      const body = line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line;
      if (body.length > max) return TOO_LONG(max);
      try {
        return ok(strict.decode(body));
      } catch {
        return BAD_UTF8;
      }
    };
    // Lines: a mix of arbitrary bytes (no "\n") and UTF-8 text, some around the limit.
    const lineBytes = fc.oneof(
      fc.uint8Array({ maxLength: 24 }).map((b) => b.map((x) => (x === 0x0a ? 0x20 : x))),
      fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => enc(s.replaceAll('\n', ' '))),
      fc.constantFrom(
        enc('a'.repeat(max)),
        enc(`${'a'.repeat(max)}\r`),
        enc('a'.repeat(max + 1)),
        enc(`${'é'.repeat(8)}\r`),
      ),
    );
    fc.assert(
      fc.property(
        fc.array(lineBytes, { maxLength: 12 }),
        lineBytes,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }),
        (lines, unterminated, sizes) => {
          const stream = new Uint8Array(lines.reduce((n, l) => n + l.length + 1, 0) + unterminated.length);
          let at = 0;
          for (const l of lines) {
            stream.set(l, at);
            stream[at + l.length] = 0x0a;
            at += l.length + 1;
          }
          stream.set(unterminated, at);
          const d = new LineDecoder(max);
          const out = feed(d, stream, sizes);
          const expected = lines.map(model);
          if (unterminated.length > max + 1) expected.push(TOO_LONG(max)); // reported early, before its "\n"
          expect(out).toEqual(expected);
          expect(d.pending()).toBe(unterminated.length > max + 1 ? 0 : unterminated.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('carries formatted TCP messages intact through any chunking', () => {
    const messages: Message[] = [
      { type: 'WINNER', rq: '1', item: 'lamp', finalPrice: 1300, seller: 'bob' },
      {
        type: 'INFORM_Res',
        rq: '2',
        name: 'alice',
        card: '4242424242424242',
        expiry: '12/30',
        address: '1 rue Émile-Zola 😀',
      },
      { type: 'CANCEL', rq: '3', reason: 'timeout\nwith newline' },
    ];
    const stream = enc(messages.map((m) => `${format(m)}\n`).join(''));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }), (sizes) => {
        const lines = feed(new LineDecoder(), stream, sizes);
        expect(lines.map((r) => r.ok && parse(r.line, 'tcp').ok)).toEqual([true, true, true]);
      }),
    );
  });
});
