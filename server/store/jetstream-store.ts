// The house's state in a NATS JetStream stream (PROTOCOL.md §9): the same Store contract as the
// change log on disk, with the stream as the log. Changes are applied to the document at once and
// published in batches, one batch in flight at a time (group commit, as LogStore's fsync): a batch is
// durable when JetStream acknowledges it, which on an R3 stream means a majority of nodes stored it.
//
// Fencing: every batch is published with `Nats-Expected-Last-Sequence` = the stream sequence of the
// batch before it. Only one server writes (the leader, server/house/leader-lease.ts); a stale leader
// that still thinks it leads is refused ("wrong last sequence") as soon as the new one has written its
// first batch (`lead` writes one at once), and stops. `Nats-Msg-Id` makes a batch re-sent after a lost
// acknowledgement a duplicate, not a second copy.
//
// A replica (every server that does not lead) replays the stream and keeps following it, so a server
// taking over starts from a warm document and only catches up the last few batches.
import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { randomBytes } from 'node:crypto';
import { applyChange, type Change } from '../state/changes.js';
import { emptyDoc, type DbDoc } from '../state/model.js';
import type { MemoSink, ReplyMemo, Store, StoreStats } from './store.js';

/** One stream message: the changes `first`, `first + 1`, … and the reply memos riding on them (by index). */
interface Batch {
  first: number;
  c: Change[];
  m?: Array<{ i: number; key: string; at: number; texts: readonly string[] }>;
}

/** Where a house keeps its changes. */
export interface HouseStream {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  subject: string;
}

/** The stream refused a batch because another writer wrote first: this server no longer leads. */
export class FencedError extends Error {}

/** A batch stays well under JetStream's default 1 MB message limit. */
const MAX_BATCH_BYTES = 512 * 1024;
const MAX_BATCH_CHANGES = 4096;

export interface JetStreamStoreOptions {
  now?: () => number;
  /** Reply memos younger than this are handed back at open (§3: the reply window). */
  memoTtlMs?: number;
  /** Told when JetStream stops or resumes acknowledging (one line each way, not one per retry). */
  warn?: (message: string) => void;
  /** How long one publish may wait for its acknowledgement before it is re-sent. Default 5 s. */
  publishTimeoutMs?: number;
}

export class JetStreamStore implements Store {
  readonly doc: DbDoc = emptyDoc();
  lastSeq = 0;
  durableSeq = 0;
  /** The stream sequence of the last batch applied or acknowledged: what the next batch expects. */
  private streamSeq = 0;
  private mode: 'replica' | 'writer' | 'closed' = 'replica';
  private pending: Change[] = [];
  private pendingMemos: NonNullable<Batch['m']> = [];
  private inFlight: Promise<void> | null = null;
  private listeners: Array<(seq: number) => void> = [];
  private fatalListeners: Array<(err: Error) => void> = [];
  private flushWaiters: Array<{ seq: number; resolve: () => void }> = [];
  private memos: ReplyMemo[] = [];
  private following: ConsumerMessages | null = null;
  private followLoop: Promise<void> | null = null;
  private stopFollow = false;
  private commits = 0;
  private writes = 0;
  private bytes = 0;
  private troubled = false;
  private readonly now: () => number;
  private readonly memoTtlMs: number;
  private readonly writerId = randomBytes(9).toString('base64url');

  private constructor(
    private readonly hs: HouseStream,
    private readonly opts: JetStreamStoreOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.memoTtlMs = opts.memoTtlMs ?? 120_000;
  }

  /** A replica of the house: the stream replayed up to its present end. Call `lead` to write, `follow` to keep up. */
  static async open(hs: HouseStream, opts: JetStreamStoreOptions = {}): Promise<JetStreamStore> {
    const s = new JetStreamStore(hs, opts);
    await s.catchUp();
    return s;
  }

  /** The memos of the batches replayed and followed (a replica keeps only the window's worth). */
  recoverMemos(sink: MemoSink): void {
    const since = this.now() - this.memoTtlMs;
    for (const m of this.memos) if (m.at >= since) sink(m.key, m.at, m.texts);
    this.memos = [];
  }

  /** Applies one batch read from the stream (replay, or following the leader). */
  private applyBatch(b: Batch, streamSeq: number): void {
    if (b.first !== this.lastSeq + 1) {
      throw new Error(`house stream: batch ${streamSeq} starts at change ${b.first}, expected ${this.lastSeq + 1}`);
    }
    for (const c of b.c) applyChange(this.doc, c);
    this.lastSeq = this.durableSeq = b.first + b.c.length - 1;
    this.doc.seq = this.lastSeq;
    this.streamSeq = streamSeq;
    if (b.m) {
      const since = this.now() - this.memoTtlMs;
      for (const m of b.m) if (m.at >= since) this.memos.push({ key: m.key, at: m.at, texts: m.texts });
      // Bounded: only the reply window's worth is ever handed back, so older ones go as they age.
      if (this.memos.length > 4096 && this.memos[0].at < since) this.memos = this.memos.filter((m) => m.at >= since);
    }
  }

  private async lastStreamSeq(): Promise<number> {
    return (await this.hs.jsm.streams.info(this.hs.stream)).state.last_seq;
  }

  /** Reads the stream from where this replica is up to its present end. */
  private async catchUp(): Promise<void> {
    const end = await this.lastStreamSeq();
    if (this.streamSeq >= end) return;
    const consumer = await this.hs.js.consumers.get(this.hs.stream, {
      filter_subjects: this.hs.subject,
      opt_start_seq: this.streamSeq + 1,
      deliver_policy: DeliverPolicy.StartSequence,
    });
    const msgs = await consumer.consume();
    for await (const m of msgs) {
      if (m.seq > this.streamSeq) this.applyBatch(m.json<Batch>(), m.seq);
      if (m.seq >= end) break;
    }
    msgs.stop(); // not close(): that waits seconds on a consumer whose pull is still open
  }

  /**
   * Keeps applying the batches the leader writes, calling `onApplied` after each. Stops on `lead` or
   * `close`. (A replica is read by nothing but its own takeover: the leader serves every request.)
   */
  follow(onApplied: (lastSeq: number) => void = () => undefined): void {
    if (this.mode !== 'replica' || this.followLoop) return;
    this.stopFollow = false;
    this.followLoop = (async () => {
      const consumer = await this.hs.js.consumers.get(this.hs.stream, {
        filter_subjects: this.hs.subject,
        opt_start_seq: this.streamSeq + 1,
        deliver_policy: DeliverPolicy.StartSequence,
      });
      const msgs = await consumer.consume();
      this.following = msgs;
      // Asked to stop while the consumer was being made: it was not there to close then.
      if (this.stopFollow) msgs.stop();
      for await (const m of msgs) {
        if (m.seq <= this.streamSeq) continue;
        this.applyBatch(m.json<Batch>(), m.seq);
        onApplied(this.lastSeq);
      }
    })().catch((e: Error) => this.opts.warn?.(`house stream: following stopped: ${e.message}`));
  }

  private async stopFollowing(): Promise<void> {
    this.stopFollow = true;
    const f = this.following;
    this.following = null;
    f?.stop(); // not close(), which can wait seconds for the pull in flight
    await this.followLoop;
    this.followLoop = null;
  }

  /**
   * Becomes the house's writer: catches up to the stream's end and writes a first batch fenced on it,
   * so any earlier writer is refused from then on. Retries until its batch is the one after the end.
   */
  async lead(): Promise<void> {
    await this.stopFollowing();
    for (;;) {
      await this.catchUp();
      const batch: Batch = { first: this.lastSeq + 1, c: [{ t: 'memo' }] };
      try {
        const ack = await this.publish(batch);
        this.applyBatch(batch, ack);
        this.mode = 'writer';
        return;
      } catch (e) {
        if (!(e instanceof FencedError)) throw e;
      }
    }
  }

  get leading(): boolean {
    return this.mode === 'writer';
  }

  commit(change: Change): number {
    if (this.mode !== 'writer') throw new Error('this server does not lead the house: it cannot commit');
    applyChange(this.doc, change);
    this.doc.seq = ++this.lastSeq;
    this.pending.push(change);
    this.commits++;
    this.pump();
    return this.lastSeq;
  }

  remember(memo: ReplyMemo): void {
    // The memo rides with the last committed change if that one is still waiting; else a record of its own.
    if (this.pending.length === 0) this.commit({ t: 'memo' });
    this.pendingMemos.push({ i: this.pending.length - 1, key: memo.key, at: memo.at, texts: memo.texts });
  }

  /** Starts the next batch if none is in flight (after the current turn, so one turn's commits share it). */
  private pump(): void {
    if (this.inFlight || this.pending.length === 0 || this.mode !== 'writer') return;
    this.inFlight = Promise.resolve()
      .then(() => this.writeNext())
      .catch((e: Error) => this.fail(e))
      .finally(() => {
        this.inFlight = null;
        if (this.mode === 'writer') this.pump();
      });
  }

  private async writeNext(): Promise<void> {
    let n = Math.min(this.pending.length, MAX_BATCH_CHANGES);
    const batchOf = (k: number): Batch => {
      const memos = this.pendingMemos.filter((m) => m.i < k);
      return { first: this.durableSeq + 1, c: this.pending.slice(0, k), ...(memos.length ? { m: memos } : {}) };
    };
    let batch = batchOf(n);
    // Rare (a burst of long listings): halve until it fits; the rest goes in the next batch.
    while (n > 1 && Buffer.byteLength(JSON.stringify(batch)) > MAX_BATCH_BYTES) batch = batchOf((n = Math.ceil(n / 2)));
    const changes = this.pending.splice(0, n);
    this.pendingMemos = this.pendingMemos.filter((m) => m.i >= n).map((m) => ({ ...m, i: m.i - n }));
    const ack = await this.publish(batch);
    this.streamSeq = ack;
    this.durableSeq = batch.first + changes.length - 1;
    for (const l of this.listeners) l(this.durableSeq);
    const done = this.flushWaiters.filter((w) => w.seq <= this.durableSeq);
    this.flushWaiters = this.flushWaiters.filter((w) => w.seq > this.durableSeq);
    for (const w of done) w.resolve();
  }

  /**
   * Publishes one batch fenced on the stream's last sequence; resolves with its stream sequence. While
   * JetStream does not answer (a node lost, the cluster electing, NATS away) it re-sends the same batch
   * (same Msg-Id: stored once) until it is acknowledged — nothing waiting on it is replied meanwhile.
   */
  private async publish(batch: Batch): Promise<number> {
    const data = JSON.stringify(batch);
    for (;;) {
      if (this.mode === 'closed') throw new Error('store closed');
      try {
        const ack = await this.hs.js.publish(this.hs.subject, data, {
          // Unique to this writer and batch: another writer's batch of the same numbers is no duplicate of it.
          msgID: `${this.writerId}-${batch.first}`,
          expect: { lastSequence: this.streamSeq },
          timeout: this.opts.publishTimeoutMs ?? 5000,
        });
        this.writes++;
        this.bytes += data.length;
        if (this.troubled) {
          this.troubled = false;
          this.opts.warn?.('house stream: JetStream acknowledges again; replies resume');
        }
        return ack.seq;
      } catch (e) {
        const msg = (e as Error).message;
        if (/wrong last sequence/i.test(msg)) throw new FencedError(`another server wrote to the house (${msg})`);
        if (!this.troubled) {
          this.troubled = true;
          this.opts.warn?.(`house stream: JetStream does not acknowledge (${msg}); replies wait until it does`);
        }
        // A short pause so a NATS that is down is not hammered; the reconnect itself is the client's.
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private fail(err: Error): void {
    if (this.mode === 'closed') return;
    this.mode = 'closed';
    for (const l of this.fatalListeners) l(err);
  }

  onDurable(listener: (seq: number) => void): void {
    this.listeners.push(listener);
  }
  onFatal(listener: (err: Error) => void): void {
    this.fatalListeners.push(listener);
  }

  flush(): Promise<void> {
    if (this.durableSeq >= this.lastSeq) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push({ seq: this.lastSeq, resolve }));
  }

  stats(): StoreStats {
    return {
      commits: this.commits,
      writes: this.writes,
      snapshots: 0,
      archived: 0,
      snapshotBytes: 0,
      logBytes: this.bytes,
    };
  }

  async close(): Promise<void> {
    if (this.mode === 'writer') await Promise.race([this.flush(), new Promise((r) => setTimeout(r, 2000))]);
    this.mode = 'closed';
    await this.stopFollowing();
  }
}
