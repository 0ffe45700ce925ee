// The reply cache of PROTOCOL.md §3 (duplicates answered without re-executing), kept off the V8 heap.
// Issue 20.5 / 21.3: with a Map of per-entry objects and strings the heap held ~370 B an entry and
// RSS followed the cap times the collector's growth factor (a 128 MB cap reached 656 MB). Here the
// entries are records in one byte ring of a fixed size, found through an open-addressing index of ring
// offsets (a Uint32Array): no JS object, string or Map entry per remembered request, nothing for the
// garbage collector to mark, and the cap bounds the two buffers, which are all the cache holds.
//
// A record never wraps around the end of the ring; the oldest leave first (from the tail) when a new
// one needs room or the index is ¾ full. An entry is a header record (key, account, time, its first
// texts) and, when texts come later than the next request's record (an async LOGIN), continuation
// records chained from it; a text that comes while the entry's last record is still the newest in the
// ring (the synchronous handlers: nearly all) is appended to that record in place. Continuations are
// younger than their header, so by the time one reaches the tail its entry is gone already.
//
// Header:       u32 length | u8 kind=1 | u8 key bytes | u8 account bytes | u8 texts | u32 next | f64 at
//               | u32 hash of the key | key | account | texts
// Continuation: u32 length | u8 kind=2 | u8 texts | u16 0 | u32 next | texts
// Padding:      u32 length | u8 kind=0 (the end of a lap too short for the next record; < 8 B: implied)
// A header whose entry was replaced or dropped gets kind 3: a handle on it sees at once it is not live.
// A text is u16 length | UTF-8 bytes; `next` is the distance to the continuation (0: none).

import { Buffer } from 'node:buffer';

const HEADER = 24;
const CONT = 12;
const KIND_PAD = 0;
const KIND_HEADER = 1;
const KIND_CONT = 2;
/** A header whose entry left the cache before its record left the ring (replaced or dropped). */
const KIND_DEAD = 3;
/** A lap's end shorter than this holds no padding record: the tail skips it. */
const MIN_RECORD = 8;
const MAX_TEXT = 0xffff;
const MAX_PER_RECORD = 0xff;
/**
 * The index's share of the cap: a slot (4 B) per 24 B of cap, ¾ of them usable, so the index limits
 * the entries only when they are smaller than ~27 B of ring each (a header alone is 24 + the key).
 */
const INDEX_SHARE = 6;
/** `find`'s answer for a key too long to be kept (never for a memo key: 22 characters). */
const NO_KEY = -2;
const MAX_LOAD = 0.75;

/**
 * One remembered request: a handle on its record in the ring (a short-lived object, made when a
 * request opens its entry or a duplicate finds it). `sinceSeq` is the handle's own (see Outbox).
 */
export class Remembered {
  /** The store's last seq when the request came: a request that commits something moves it. */
  sinceSeq = 0;
  /** Texts added through this handle. */
  private added = 0;
  /** Absolute ring position of the entry's last record (where a text is added). */
  last: number;

  constructor(
    readonly cache: ReplyCache,
    readonly key: string,
    readonly at: number,
    /** The account the request was made as ('' for none): see Outbox.remembered. */
    readonly account: string,
    /** Absolute ring position of the header record. */
    readonly pos: number,
  ) {
    this.last = pos;
  }

  /** Whether the entry is still in the cache (not evicted, not replaced by a newer one of its key). */
  get live(): boolean {
    return this.cache.holds(this);
  }

  get count(): number {
    return this.live ? this.cache.textsOf(this.pos).length : 0;
  }

  get texts(): string[] {
    return this.live ? this.cache.textsOf(this.pos) : [];
  }

  /** The first reply, if any. */
  get first(): string | undefined {
    return this.texts[0];
  }

  /** Add a reply; returns how many this handle has added (1: the request's first reply). */
  push(text: string): number {
    this.added++;
    this.cache.append(this, text);
    return this.added;
  }
}

export class ReplyCache {
  private readonly ring: Buffer;
  private readonly ringBytes: number;
  private readonly slots: Uint32Array;
  private readonly nSlots: number;
  private readonly maxEntries: number;
  /** Absolute positions: records live in [tail, head), at position % ringBytes. */
  private head = 0;
  private tail = 0;
  /** Where the newest record ends (== head unless a lap's end was skipped since). */
  private lastRecord = -1;
  private entries = 0;
  /** Entries evicted by the byte cap before their ttl (a sign the cap is too small for the load). */
  evictedEarly = 0;
  /** The key being looked up or opened, as bytes. */
  private readonly scratch = Buffer.allocUnsafe(1024);

  constructor(
    readonly ttlMs: number,
    readonly maxBytes: number,
    private readonly now: () => number,
  ) {
    this.nSlots = Math.max(64, Math.floor(maxBytes / INDEX_SHARE / 4));
    this.slots = new Uint32Array(this.nSlots);
    this.maxEntries = Math.floor(this.nSlots * MAX_LOAD);
    this.ringBytes = Math.max(256, maxBytes - this.nSlots * 4);
    // allocUnsafeSlow: outside the pool, and not zero-filled, so the kernel hands the pages over only
    // as records reach them (an empty cache costs no RSS; a full one costs its cap).
    this.ring = Buffer.allocUnsafeSlow(this.ringBytes);
  }

  /** Bytes held: the ring's records and the index. */
  get bytes(): number {
    return this.head - this.tail + this.nSlots * 4;
  }

  /** Entries of this cache. */
  get size(): number {
    return this.entries;
  }

  get(key: string): Remembered | undefined {
    const slot = this.find(key);
    if (slot < 0) return undefined;
    const r = this.ring;
    const off = this.slots[slot] - 1;
    const at = r.readDoubleLE(off + 12);
    if (this.now() - at > this.ttlMs) return undefined; // aged out, not yet evicted
    const n = r.readUInt8(off + 5);
    const accLen = r.readUInt8(off + 6);
    const account = accLen ? r.toString('utf8', off + HEADER + n, off + HEADER + n + accLen) : '';
    const e = new Remembered(this, key, at, account, this.absolute(off));
    e.last = this.lastOf(e.pos);
    return e;
  }

  /** Start remembering replies to this request; the returned entry fills as replies are sent. */
  open(key: string, at = this.now(), account = ''): Remembered {
    const acc = Buffer.byteLength(account);
    const old = this.find(key);
    if (old === NO_KEY || acc > 0xff) return new Remembered(this, key, at, account, -1); // never held
    if (old >= 0) this.unindex(old); // a newer entry takes the key; the old record ages out of the ring
    const n = Buffer.byteLength(key);
    if (n > 0xff) return new Remembered(this, key, at, account, -1);
    const h = this.keyHash;
    this.expire(at);
    const len = HEADER + n + acc;
    if (!this.room(len)) return new Remembered(this, key, at, account, -1);
    while (this.entries >= this.maxEntries && this.evictOne());
    const pos = this.head;
    const off = pos % this.ringBytes;
    const r = this.ring;
    r.writeUInt32LE(len, off);
    r.writeUInt8(KIND_HEADER, off + 4);
    r.writeUInt8(n, off + 5);
    r.writeUInt8(acc, off + 6);
    r.writeUInt8(0, off + 7);
    r.writeUInt32LE(0, off + 8);
    r.writeDoubleLE(at, off + 12);
    r.writeUInt32LE(h, off + 20);
    r.write(key, off + HEADER, n, 'utf8');
    if (acc) r.write(account, off + HEADER + n, acc, 'utf8');
    this.head += len;
    this.lastRecord = this.head;
    let i = h % this.nSlots;
    while (this.slots[i] !== 0) i = i + 1 === this.nSlots ? 0 : i + 1;
    this.slots[i] = off + 1;
    this.entries++;
    return new Remembered(this, key, at, account, pos);
  }

  private restoreExpiredAt = -Infinity;

  /**
   * What `open(key, at, account)` and one `push(prefix + text)` do, from bytes, as one record: a BID's
   * memo as the change log holds it (log-line.ts), put back at a restart without a string or a handle
   * per memo. The key is ASCII, so its hash over bytes is the one `find` takes over its characters.
   */
  restore(
    src: Buffer,
    keyAt: number,
    keyLen: number,
    accAt: number,
    accLen: number,
    at: number,
    prefix: Buffer,
    textAt: number,
    textLen: number,
  ): void {
    const textBytes = prefix.length + textLen;
    if (keyLen > 0xff || accLen > 0xff || textBytes > MAX_TEXT) return;
    let h = 0;
    for (let i = keyAt; i < keyAt + keyLen; i++) h = (h * 31 + src[i]) | 0;
    h = (h ^ (h >>> 16)) >>> 0;
    const r = this.ring;
    let i = h % this.nSlots;
    for (let v = this.slots[i]; v !== 0; v = this.slots[i]) {
      const off = v - 1;
      if (
        r.readUInt32LE(off + 20) === h &&
        r[off + 5] === keyLen &&
        src.compare(r, off + HEADER, off + HEADER + keyLen, keyAt, keyAt + keyLen) === 0
      ) {
        this.unindex(i); // a newer entry takes the key
        break;
      }
      i = i + 1 === this.nSlots ? 0 : i + 1;
    }
    // Memos come back oldest first: what aged out is let go once a second of their time, not per memo
    // (per memo it was half of the restore; `get` checks an entry's age anyway, `room` evicts as needed).
    if (at - this.restoreExpiredAt >= 1000) {
      this.expire(at);
      this.restoreExpiredAt = at;
    }
    const len = HEADER + keyLen + accLen + 2 + textBytes;
    if (!this.room(len)) return;
    while (this.entries >= this.maxEntries && this.evictOne());
    const off = this.head % this.ringBytes;
    r.writeUInt32LE(len, off);
    r[off + 4] = KIND_HEADER;
    r[off + 5] = keyLen;
    r[off + 6] = accLen;
    r[off + 7] = 1;
    r.writeUInt32LE(0, off + 8);
    r.writeDoubleLE(at, off + 12);
    r.writeUInt32LE(h, off + 20);
    // Byte by byte: these are a few bytes each, and Buffer.copy's own cost was most of the copying.
    let p = off + HEADER;
    for (let j = keyAt; j < keyAt + keyLen; j++) r[p++] = src[j];
    for (let j = accAt; j < accAt + accLen; j++) r[p++] = src[j];
    r[p++] = textBytes & 0xff;
    r[p++] = textBytes >>> 8;
    for (let j = 0; j < prefix.length; j++) r[p++] = prefix[j];
    for (let j = textAt; j < textAt + textLen; j++) r[p++] = src[j];
    this.head += len;
    this.lastRecord = this.head;
    i = h % this.nSlots;
    while (this.slots[i] !== 0) i = i + 1 === this.nSlots ? 0 : i + 1;
    this.slots[i] = off + 1;
    this.entries++;
  }

  /** Whether this handle's entry is the one the cache holds for its key. */
  holds(e: Remembered): boolean {
    return e.pos >= this.tail && this.ring.readUInt8((e.pos % this.ringBytes) + 4) === KIND_HEADER;
  }

  /** Add a text to a live entry (an evicted or replaced one's texts are not kept). */
  append(e: Remembered, text: string): void {
    if (!this.holds(e)) return;
    const r = this.ring;
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_TEXT) return this.drop(e); // never a reply of ours (§3: one datagram), but never half an entry
    const need = 2 + bytes;
    const lastOff = e.last % this.ringBytes;
    const nAt = lastOff + (r.readUInt8(lastOff + 4) === KIND_HEADER ? 7 : 5);
    const lastEnd = e.last + r.readUInt32LE(lastOff);
    // In place: the entry's last record is the newest in the ring and the text fits before the lap's end.
    if (
      lastEnd === this.lastRecord &&
      lastEnd === this.head &&
      r.readUInt8(nAt) < MAX_PER_RECORD &&
      (this.head % this.ringBytes) + need <= this.ringBytes &&
      this.room(need, e.pos)
    ) {
      const at = this.head % this.ringBytes;
      r.writeUInt16LE(bytes, at);
      r.write(text, at + 2, bytes, 'utf8');
      r.writeUInt32LE(r.readUInt32LE(lastOff) + need, lastOff);
      r.writeUInt8(r.readUInt8(nAt) + 1, nAt);
      this.head += need;
      this.lastRecord = this.head;
      return;
    }
    if (!this.room(CONT + need, e.pos) || e.pos < this.tail) return this.drop(e);
    const pos = this.head;
    const off = pos % this.ringBytes;
    r.writeUInt32LE(CONT + need, off);
    r.writeUInt8(KIND_CONT, off + 4);
    r.writeUInt8(1, off + 5);
    r.writeUInt16LE(0, off + 6);
    r.writeUInt32LE(0, off + 8);
    r.writeUInt16LE(bytes, off + CONT);
    r.write(text, off + CONT + 2, bytes, 'utf8');
    r.writeUInt32LE(pos - e.last, (e.last % this.ringBytes) + 8);
    this.head += CONT + need;
    this.lastRecord = this.head;
    e.last = pos;
  }

  /** The texts of the entry whose header is at `pos` (live), oldest first. */
  textsOf(pos: number): string[] {
    const r = this.ring;
    const out: string[] = [];
    let p = pos;
    for (;;) {
      const off = p % this.ringBytes;
      const header = r.readUInt8(off + 4) === KIND_HEADER;
      const n = r.readUInt8(off + (header ? 7 : 5));
      let at = off + (header ? HEADER + r.readUInt8(off + 5) + r.readUInt8(off + 6) : CONT);
      for (let i = 0; i < n; i++) {
        const len = r.readUInt16LE(at);
        out.push(r.toString('utf8', at + 2, at + 2 + len));
        at += 2 + len;
      }
      const next = r.readUInt32LE(off + 8);
      if (next === 0) return out;
      p += next;
    }
  }

  private lastOf(pos: number): number {
    let p = pos;
    for (;;) {
      const next = this.ring.readUInt32LE((p % this.ringBytes) + 8);
      if (next === 0) return p;
      p += next;
    }
  }

  /** Forget an entry (a text that could not be kept: never resend part of the replies). */
  private drop(e: Remembered): void {
    if (!this.holds(e)) return;
    const slot = this.find(e.key);
    if (slot >= 0) this.unindex(slot);
  }

  /** Delete this key's entry, if any (the other part of the cache opened it anew). */
  forget(key: string): void {
    const slot = this.find(key);
    if (slot >= 0) this.unindex(slot);
  }

  /**
   * Make room for a record of `len` bytes at the head (skipping a lap's end it does not fit in),
   * evicting from the tail. False if it can never fit, or (`keep`) it would evict that entry's header.
   */
  private room(len: number, keep = -1): boolean {
    if (len > this.ringBytes / 2) return false;
    const off = this.head % this.ringBytes;
    if (off + len > this.ringBytes) {
      const gap = this.ringBytes - off;
      while (this.head + gap + len - this.tail > this.ringBytes) if (!this.evictOne(keep)) return false;
      if (gap >= MIN_RECORD) {
        this.ring.writeUInt32LE(gap, off);
        this.ring.writeUInt8(KIND_PAD, off + 4);
      }
      this.head += gap;
    }
    while (this.head + len - this.tail > this.ringBytes) if (!this.evictOne(keep)) return false;
    return true;
  }

  /** Evict what has aged out from the tail (the oldest first), and what no entry needs any more. */
  private expire(now: number): void {
    const r = this.ring;
    while (this.tail < this.head) {
      const off = this.tail % this.ringBytes;
      if (this.ringBytes - off >= MIN_RECORD && r.readUInt8(off + 4) === KIND_HEADER) {
        if (now - r.readDoubleLE(off + 12) <= this.ttlMs) return;
      }
      this.evictOne();
    }
  }

  /** Evict the record at the tail; false if it is `keep`'s header. */
  private evictOne(keep = -1): boolean {
    if (this.tail >= this.head) return false;
    const r = this.ring;
    const off = this.tail % this.ringBytes;
    if (this.ringBytes - off < MIN_RECORD) {
      this.tail += this.ringBytes - off;
      return true;
    }
    if (this.tail === keep) return false;
    if (r.readUInt8(off + 4) === KIND_HEADER) {
      // Its slot, if the index still points at it (not if a newer entry took the key).
      let i = r.readUInt32LE(off + 20) % this.nSlots;
      for (let v = this.slots[i]; v !== 0; v = this.slots[i]) {
        if (v - 1 === off) {
          if (this.now() - r.readDoubleLE(off + 12) <= this.ttlMs) this.evictedEarly++;
          this.unindex(i);
          break;
        }
        i = i + 1 === this.nSlots ? 0 : i + 1;
      }
    }
    this.tail += r.readUInt32LE(off);
    return true;
  }

  /** The absolute position of a live record at ring offset `off`. */
  private absolute(off: number): number {
    const lap = this.head - (this.head % this.ringBytes);
    const p = lap + off;
    return p >= this.head ? p - this.ringBytes : p;
  }

  /** Set by `find`: the looked-up key's byte count (in the scratch) and hash. */
  private keyBytes = 0;
  private keyHash = 0;

  /** The slot holding this key, or -1 (NO_KEY if the key is too long to be kept). */
  private find(key: string): number {
    if (key.length > 0xff) return NO_KEY;
    // A multiplicative hash over the UTF-16 code units (digest keys are ASCII and random already).
    // No Math.imul: a product below 2^53 is exact, and Math.imul is 30x slower under jest's vm.
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
    h = (h ^ (h >>> 16)) >>> 0;
    this.keyHash = h;
    this.keyBytes = -1; // the key's bytes, written to the scratch only once a hash matches
    const r = this.ring;
    let i = h % this.nSlots;
    for (let v = this.slots[i]; v !== 0; v = this.slots[i]) {
      const off = v - 1;
      if (r.readUInt32LE(off + 20) === h) {
        if (this.keyBytes < 0) this.keyBytes = this.scratch.write(key, 0, 'utf8');
        const n = this.keyBytes;
        if (r.readUInt8(off + 5) === n && this.scratch.compare(r, off + HEADER, off + HEADER + n, 0, n) === 0) return i;
      }
      i = i + 1 === this.nSlots ? 0 : i + 1;
    }
    return -1;
  }

  /** Empty a slot, shifting later ones of the probe run back (linear probing needs no tombstones). */
  private unindex(slot: number): void {
    const s = this.slots;
    const m = this.nSlots;
    let i = slot;
    let j = slot;
    this.entries--;
    this.ring.writeUInt8(KIND_DEAD, s[slot] - 1 + 4);
    for (;;) {
      s[i] = 0;
      for (;;) {
        j = j + 1 === m ? 0 : j + 1;
        if (s[j] === 0) return;
        const home = this.ring.readUInt32LE(s[j] - 1 + 20) % m;
        // Move j back to i unless its home lies cyclically in (i, j].
        if (i <= j ? home <= i || home > j : home <= i && home > j) break;
      }
      s[i] = s[j];
      i = j;
    }
  }
}
