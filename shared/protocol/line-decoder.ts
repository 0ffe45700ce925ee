// Incremental decoder for newline-framed TCP (PROTOCOL.md §1): bytes in, complete lines out. It knows
// nothing of sockets so it can be tested with any chunking. Works on bytes, not strings, so a UTF-8
// character split across two chunks is decoded only once the whole line is in, and the length limit
// is in bytes as the protocol states it.

import { LIMITS } from './messages.js';

export type LineResult = { ok: true; line: string } | { ok: false; reason: string };

const LF = 0x0a;
const CR = 0x0d;

export class LineDecoder {
  // The unfinished line is kept as a list of chunks and joined once, when its "\n" arrives: copying on
  // every push would make a line delivered byte by byte cost O(n^2).
  private parts: Uint8Array[] = [];
  private size = 0;
  /** After an over-long line was reported: drop bytes until the next "\n", then resume. */
  private discarding = false;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  /** `maxBytes` limits a line's content, not counting its "\n" or "\r\n". */
  constructor(private readonly maxBytes: number = LIMITS.tcpLineBytes) {}

  /** Feeds a chunk; returns the lines it completed (without "\n" / "\r\n"), in order. */
  push(chunk: Uint8Array): LineResult[] {
    const out: LineResult[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) {
        this.keep(chunk.subarray(start), out);
        break;
      }
      this.finish(chunk.subarray(start, nl), out);
      start = nl + 1;
    }
    return out;
  }

  /** Bytes of an unfinished line currently held. */
  pending(): number {
    return this.size;
  }

  private keep(bytes: Uint8Array, out: LineResult[]): void {
    if (this.discarding) return;
    // Copy: the caller may reuse its buffer after push() returns.
    this.parts.push(bytes.slice());
    this.size += bytes.length;
    // +1: the last byte may yet turn out to be the "\r" of a "\r\n". Reporting now, before the "\n",
    // keeps memory bounded against a peer that never sends one.
    if (this.size > this.maxBytes + 1) {
      out.push(this.tooLong());
      this.reset();
      this.discarding = true;
    }
  }

  private finish(tail: Uint8Array, out: LineResult[]): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    let bytes = tail;
    if (this.parts.length > 0) {
      bytes = new Uint8Array(this.size + tail.length);
      let at = 0;
      for (const p of this.parts) {
        bytes.set(p, at);
        at += p.length;
      }
      bytes.set(tail, at);
    }
    this.reset();
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length > this.maxBytes) {
      out.push(this.tooLong());
      return;
    }
    try {
      out.push({ ok: true, line: this.utf8.decode(bytes) });
    } catch {
      out.push({ ok: false, reason: 'line is not valid UTF-8' });
    }
  }

  private tooLong(): LineResult {
    return { ok: false, reason: `line is longer than ${this.maxBytes} bytes` };
  }

  private reset(): void {
    this.parts = [];
    this.size = 0;
  }
}
