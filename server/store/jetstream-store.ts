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
//
// Snapshots (house-snapshot.ts): every so many changes or bytes, a replica following the writer (with
// replicaSnapshots; else the writer) and, at a clean stop, the writer store the document as of batch S;
// the writer then (with purgeChanges only, see there) purges the batches up to S that are older than
// the reply window (those inside it keep their memos, §3). A
// replica opens from the latest complete snapshot, reads the window's batches before S for their memos
// only, and applies the rest. Purging keeps the stream's sequences counting: the fencing is unchanged.
import { DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import { randomBytes } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import { applyChange, type Change } from '../state/changes.js';
import { emptyDoc, type DbDoc } from '../state/model.js';
import {
  DamagedSnapshotError,
  latestMarker,
  loadLatestSnapshot,
  purgeBefore,
  writeSnapshot,
  type LatestMarker as Latest,
  type LoadedSnapshot,
} from './house-snapshot.js';
import type { HouseStream } from './house-stream.js';
import type { MemoSink, ReplyMemo, Store, StoreStats } from './store.js';

/** One stream message: the changes `first`, `first + 1`, … and the reply memos riding on them (by index). */
interface Batch {
  first: number;
  c: Change[];
  m?: Array<{ i: number; key: string; at: number; texts: readonly string[] }>;
}

/** The stream refused a batch because another writer wrote first: this server no longer leads. */
export class FencedError extends Error {}

/** The batches after this replica's position are gone (purged after a later snapshot). */
export class PurgedError extends Error {}

/**
 * The consumer delivered a batch past the next one although the stream still holds it. nats-server 2.9
 * does this from a replica that has just come back (a NATS node killed and restarted): chaos saw a
 * replica handed batch 7873 after 1657, and a server opening from a snapshot handed 13862 first when it
 * asked for 3 — the reply memos of 3–13861 were then missing, and retried bids were run again and
 * rejected. Passing: read again from the batch expected.
 */
export class SkippedError extends Error {}

/** Waits for `p` at most `ms`; the timer goes with it, so a clean stop leaves nothing pending behind. */
async function within(p: Promise<unknown> | null, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

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
  /** The writer snapshots after this many changes since the last snapshot (default 20,000)… */
  snapshotEveryChanges?: number;
  /** …or this many bytes of batches, whichever comes first. Default 0: off (`--snapshot-min-kb` turns them on). */
  snapshotEveryBytes?: number;
  /**
   * After a snapshot, purge the batches it covers that are older than the reply window. Default off:
   * on nats-server 2.9 (Debian's 2.9.10) a node restarted after a purge can come back with the stream's
   * head moved past the purge, and lead it so: `chaos --cluster --snapshot-kb 16` saw the stream start
   * at batch 1167, then 15197, where the writer had purged up to 3 — the reply memos in between were
   * gone, and 31–90 retried bids were run again and rejected. (nats-server #5054, in 2.10, mends a
   * catch-up of this kind; not tried here.) Without purging, snapshots only shorten a server's opening.
   * With replicaSnapshots only the writer's own snapshots purge (a replica never writes to the stream).
   */
  purgeChanges?: boolean;
  /**
   * Snapshots are the replicas' work (house-server sets this): a following replica stores one when due,
   * as of the batch it has just applied, and the writer only when none came for twice as long (a house
   * of one server, or its replicas away). This keeps the stringify of the whole document off the
   * leader's commit path: with the writer storing one every 16 KB, chaos --cluster took less than half
   * the bids. Default off: the writer stores them.
   */
  replicaSnapshots?: boolean;
  /** Who this store is, written in the markers of the snapshots it stores (house-server: its server id). */
  name?: string;
}

/** What opening cost: which snapshot it started from and how many batches it read. */
export interface OpenedFrom {
  snapshotSeq: number;
  batchesRead: number;
}

export class JetStreamStore implements Store {
  doc: DbDoc = emptyDoc();
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
  /** The latest snapshot this store knows of: its change-stream sequence and its marker's sequence. */
  private snapSeq = 0;
  private markerSeq = 0;
  /** The latest snapshot's first chunk (0: unknown): the next snapshot keeps it and drops what is older. */
  private snapFirstChunk = 0;
  private changesSinceSnap = 0;
  private bytesSinceSnap = 0;
  private snapshotting: Promise<void> | null = null;
  private snapshots = 0;
  /** Snapshots that failed since the last one stored: the first is told, the rest counted. */
  private snapshotFailures = 0;
  private snapshotBytes = 0;
  /** The writer asked whether a replica had stored a snapshot, and none had: it stores the next one due. */
  private snapshotChecked = false;
  /** Batches that carry memos, oldest first (their newest memo's time): where the reply window starts. */
  private memoMarks: Array<{ seq: number; at: number }> = [];
  readonly opened: OpenedFrom = { snapshotSeq: 0, batchesRead: 0 };

  private constructor(
    private readonly hs: HouseStream,
    private readonly opts: JetStreamStoreOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.memoTtlMs = opts.memoTtlMs ?? 120_000;
  }

  /** A replica of the house: the stream replayed up to its present end. Call `lead` to write, `follow` to keep up. */
  static async open(hs: HouseStream, opts: JetStreamStoreOptions = {}): Promise<JetStreamStore> {
    for (let tries = 1; ; tries++) {
      try {
        return await JetStreamStore.openOnce(hs, opts);
      } catch (e) {
        // A newer snapshot was stored and purged the batches after ours while we read: read it instead.
        // Or no snapshot was seen at all beside a purged stream: a NATS node just back answers for the
        // snapshot stream before it has caught up (chaos saw "batches 1–5543 were purged and no
        // snapshot covers them" at a server's start). Both pass: try again for up to 15 s.
        if (!(e instanceof PurgedError || e instanceof SkippedError) || tries >= 30) throw e;
        await pause(tries === 1 ? 0 : 500);
      }
    }
  }

  private static async openOnce(hs: HouseStream, opts: JetStreamStoreOptions): Promise<JetStreamStore> {
    const s = new JetStreamStore(hs, opts);
    await s.fromSnapshot();
    return s;
  }

  /** Starts this replica again from the latest snapshot (if any) and reads the stream after it. */
  private async fromSnapshot(): Promise<void> {
    let snap: LoadedSnapshot | null;
    try {
      snap = await loadLatestSnapshot(this.hs);
    } catch (e) {
      if (!(e instanceof DamagedSnapshotError)) throw e;
      // The change stream is whole (unless purgeChanges): slower, but right. The next snapshot mends it.
      this.opts.warn?.(`${e.message}; reading the change stream from its start instead`);
      snap = null;
    }
    let memoFrom: number | undefined;
    this.memos = [];
    this.memoMarks = [];
    if (snap) {
      this.doc = snap.doc;
      this.lastSeq = this.durableSeq = snap.marker.lastSeq;
      this.doc.seq = this.lastSeq;
      this.streamSeq = this.snapSeq = this.opened.snapshotSeq = snap.marker.streamSeq;
      this.markerSeq = snap.markerSeq;
      this.snapFirstChunk = Math.min(...snap.marker.chunks);
      this.snapshotBytes = snap.marker.bytes;
      this.changesSinceSnap = 0;
      memoFrom = snap.marker.memoFrom;
    }
    this.opened.batchesRead = await this.catchUp(memoFrom);
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
    this.changesSinceSnap += b.c.length;
    this.takeMemos(b, streamSeq);
  }

  /** Keeps a batch's memos still inside the reply window, and notes where the window's batches start. */
  private takeMemos(b: Batch, streamSeq: number): void {
    if (!b.m) return;
    const since = this.now() - this.memoTtlMs;
    let newest = 0;
    for (const m of b.m) {
      newest = Math.max(newest, m.at);
      if (m.at >= since) this.memos.push({ key: m.key, at: m.at, texts: m.texts });
    }
    this.markMemos(streamSeq, newest);
    // Bounded: only the reply window's worth is ever handed back, so older ones go as they age.
    if (this.memos.length > 4096 && this.memos[0].at < since) this.memos = this.memos.filter((m) => m.at >= since);
  }

  private markMemos(seq: number, at: number): void {
    this.memoMarks.push({ seq, at });
    const since = this.now() - this.memoTtlMs;
    // Dropped in bulk, not one shift per batch: the marks of the window are all that matter.
    if (this.memoMarks.length > 1024 && this.memoMarks[0].at < since) {
      this.memoMarks = this.memoMarks.filter((m) => m.at >= since);
    }
  }

  /**
   * Reads the stream from where this replica is up to its present end (from `memosFrom` when opened
   * from a snapshot: the batches up to the snapshot give their memos only). Returns the batches read.
   */
  private async catchUp(memosFrom?: number): Promise<number> {
    const { state } = await this.hs.jsm.streams.info(this.hs.stream);
    const end = state.last_seq;
    // Asked first, even of an empty stream: one purged to its end (a snapshot at its last batch, no memo
    // in the window) is not one this replica has read to its end. Taken for that, a replica left behind
    // tried to lead from its old position and was refused as fenced, again and again.
    if (state.first_seq > this.streamSeq + 1 && this.snapSeq < state.first_seq - 1) {
      throw new PurgedError(
        `house stream: batches ${this.streamSeq + 1}–${state.first_seq - 1} were purged and no snapshot covers them`,
      );
    }
    // Purged up to its end, and this replica is there (from the snapshot at it): nothing to read.
    if (state.messages === 0 || state.first_seq > end) return 0;
    const start = Math.max(state.first_seq, Math.min(memosFrom ?? Infinity, this.streamSeq + 1));
    if (start > end) return 0;
    const consumer = await this.hs.js.consumers.get(this.hs.stream, {
      filter_subjects: this.hs.subject,
      opt_start_seq: start,
      deliver_policy: DeliverPolicy.StartSequence,
    });
    const msgs = await consumer.consume();
    let read = 0;
    let expected = start;
    for await (const m of msgs) {
      if (m.seq < expected) continue; // delivered again: already read
      if (m.seq > expected && (await this.skipped(expected, m.seq))) {
        msgs.stop();
        throw new SkippedError(`house stream: batch ${m.seq} delivered when ${expected} was expected`);
      }
      expected = m.seq + 1;
      read++;
      if (m.seq > this.streamSeq) {
        const b = m.json<Batch>();
        // Purged between the stream's info and this read: a later snapshot covers the gap.
        if (b.first > this.lastSeq + 1) {
          msgs.stop();
          throw new PurgedError(`house stream: batch ${m.seq} starts at change ${b.first}, after ${this.lastSeq}`);
        }
        this.applyBatch(b, m.seq);
      } else if (m.seq >= start) this.takeMemos(m.json<Batch>(), m.seq);
      if (m.seq >= end) break;
    }
    msgs.stop(); // not close(): that waits seconds on a consumer whose pull is still open
    return read;
  }

  /**
   * Keeps applying the batches the leader writes, calling `onApplied` after each. Stops on `lead` or
   * `close`. (A replica is read by nothing but its own takeover: the leader serves every request.)
   */
  follow(onApplied: (lastSeq: number) => void = () => undefined): void {
    if (this.mode !== 'replica' || this.followLoop) return;
    this.stopFollow = false;
    this.followLoop = (async () => {
      let said = '';
      while (!this.stopFollow) {
        try {
          const ended = await this.followRound(onApplied, said);
          said = ended === 'skipped' ? ended : '';
          if (this.stopFollow) break;
          if (ended === 'skipped') await pause(250);
          else if (ended === 'purged') {
            this.opts.warn?.(`house stream: batches purged before this replica read them; reading the latest snapshot`);
            await this.fromSnapshot();
            onApplied(this.lastSeq);
          }
        } catch (e) {
          // NATS away, a node lost mid-read: a replica that stopped following here would take over one
          // day from a stale document and a stale window of memos. Try again; say so once per cause.
          const why = (e as Error).message;
          if (why !== said) this.opts.warn?.(`house stream: following interrupted (${why}); trying again`);
          said = why;
          await pause(1000);
        }
      }
    })();
  }

  /**
   * Applies what one consumer delivers, from the batch after this replica's, until it is stopped or
   * ends. `purged`: the next batch is gone (a snapshot covers it); `skipped`: the consumer passed a
   * batch the stream still holds (SkippedError); `ended`: stopped, or the consumer went.
   */
  private async followRound(
    onApplied: (lastSeq: number) => void,
    said: string,
  ): Promise<'purged' | 'skipped' | 'ended'> {
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
      if (m.seq > this.streamSeq + 1 && (await this.skipped(this.streamSeq + 1, m.seq))) {
        if (said !== 'skipped') {
          this.opts.warn?.(
            `house stream: batch ${m.seq} delivered when ${this.streamSeq + 1} was expected; reading again`,
          );
        }
        msgs.stop();
        return 'skipped';
      }
      const b = m.json<Batch>();
      // The writer purged batches this replica had not read yet (a snapshot covers them).
      if (b.first > this.lastSeq + 1) {
        msgs.stop();
        return 'purged';
      }
      this.applyBatch(b, m.seq);
      this.bytesSinceSnap += m.data.length;
      // Before onApplied, so that what it starts is under way (snapshotSettled) once it is told.
      if (this.opts.replicaSnapshots && this.snapshotDue(0)) this.replicaSnapshot(m.seq);
      onApplied(this.lastSeq);
    }
    return 'ended';
  }

  /**
   * Whether batch `expected` (batch `got` delivered in its place) was skipped by the consumer, not purged:
   * the stream still starts at or before it.
   */
  private async skipped(expected: number, got: number): Promise<boolean> {
    const { state } = await this.hs.jsm.streams.info(this.hs.stream);
    return state.first_seq <= expected && got > expected;
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
    let said = '';
    let fromSnapshot = false;
    let fenced = 0;
    for (;;) {
      if (this.mode === 'closed') throw new Error('store closed');
      try {
        if (fromSnapshot) await this.fromSnapshot();
        else await this.catchUp();
        fromSnapshot = false;
      } catch (e) {
        const msg = (e as Error).message;
        if (e instanceof PurgedError) {
          // This replica fell behind a purge (it stopped following for longer than the reply window):
          // it starts again from the latest snapshot, which covers what was purged.
          this.opts.warn?.(`house stream: ${msg}; reading the latest snapshot`);
          // Already from one: a NATS node just back may answer before it has the newest snapshot.
          if (fromSnapshot) await pause(250);
          fromSnapshot = true;
          continue;
        }
        // JetStream away for a moment (a node lost, the stream electing its leader): the takeover waits
        // for it rather than failing, which would hand the lease on to a server that waits the same way.
        if (msg !== said) this.opts.warn?.(`house stream: cannot catch up yet (${msg}); trying again`);
        said = msg;
        await pause(250);
        continue;
      }
      const batch: Batch = { first: this.lastSeq + 1, c: [{ t: 'memo' }] };
      try {
        const ack = await this.publish(batch);
        this.applyBatch(batch, ack);
        this.mode = 'writer';
        // A replica's own snapshot may be old: its first marker goes after the house's latest one. Not
        // awaited: asked while a first snapshot creates its stream, it waits 5 s, and requests with it; a
        // marker fenced meanwhile learns the chain anyway.
        void latestMarker(this.hs).then(
          (latest) => latest && this.chainOn(latest),
          () => undefined,
        );
        return;
      } catch (e) {
        if (!(e instanceof FencedError)) throw e;
        // Another writer wrote after our catch-up: read on and try again. More than a few times in a
        // row is no race but this replica misreading the stream: say so, and do not spin on it.
        if (++fenced >= 3) {
          if (fenced === 3) this.opts.warn?.(`house stream: refused ${fenced} times in a row (${e.message})`);
          await pause(250);
        }
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
    let data = JSON.stringify(batch); // once: what is measured is what is published
    // Rare (a burst of long listings): halve until it fits; the rest goes in the next batch.
    while (n > 1 && Buffer.byteLength(data) > MAX_BATCH_BYTES) {
      batch = batchOf((n = Math.ceil(n / 2)));
      data = JSON.stringify(batch);
    }
    // The document is exactly this batch's state only while nothing else waits: then it can be the snapshot.
    let snapshot: string | null = null;
    if (n === this.pending.length && this.snapshotDue(n)) {
      // Replicas store them: first ask (in the background) whether one did; if none did, the next one
      // due is stored here.
      if (this.opts.replicaSnapshots && !this.snapshotChecked) this.askLatestSnapshot();
      else snapshot = JSON.stringify(this.doc);
    }
    const changes = this.pending.splice(0, n);
    this.pendingMemos = this.pendingMemos.filter((m) => m.i >= n).map((m) => ({ ...m, i: m.i - n }));
    const ack = await this.publish(batch, data);
    this.streamSeq = ack;
    this.durableSeq = batch.first + changes.length - 1;
    this.changesSinceSnap += changes.length;
    if (batch.m) this.markMemos(ack, this.now());
    if (snapshot !== null) this.startSnapshot(snapshot, ack, this.durableSeq);
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
  private async publish(batch: Batch, data = JSON.stringify(batch)): Promise<number> {
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
        this.bytesSinceSnap += data.length;
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
        await pause(250);
      }
    }
  }

  /** Whether the batch of `n` changes about to be written should be snapshotted (counting its own changes). */
  private snapshotDue(n: number): boolean {
    const everyBytes = this.opts.snapshotEveryBytes ?? 0;
    if (everyBytes === 0 || this.snapshotting) return false;
    // With replicas storing them, the writer's turn comes only when they have been silent for twice as long.
    const k = this.mode === 'writer' && this.opts.replicaSnapshots ? 2 : 1;
    const everyChanges = this.opts.snapshotEveryChanges ?? 20_000;
    // By bytes, only once the batches since are as large as the last snapshot (as the change log on
    // disk, log-store.ts): the snapshot stream then grows no faster than the change stream. Without it,
    // replicas stored a 5 MB document every 16 KB of batches and a NATS node restarted under chaos never
    // caught up with the snapshot stream ("AUCTION_main_SNAP is not current").
    const bytesDue = this.bytesSinceSnap >= k * Math.max(everyBytes, this.snapshotBytes);
    return this.changesSinceSnap + n >= k * everyChanges || bytesDue;
  }

  /**
   * Due for a snapshot: asks (in the background) for the latest one, and takes it as this store's if
   * another server stored it since; if none did, the next batch due is stored here. Neither following
   * nor the commit path waits for the answer, nor for a timeout when NATS is slow to give it.
   */
  private askLatestSnapshot(): void {
    this.snapshotting = latestMarker(this.hs)
      .then((l) => {
        if (l && l.marker.streamSeq > this.snapSeq) this.adopt(l);
        else this.snapshotChecked = true;
      })
      .catch(() => {
        this.snapshotChecked = true; // tried here then, and a failure told there
      })
      .finally(() => {
        this.snapshotting = null;
      });
  }

  /**
   * A replica due for a snapshot: first asks whether another server stored one since (two replicas are
   * due at about the same batch); once asked and none did, stores one as of batch `streamSeq`, the one
   * it has just applied (the next due after the answer).
   */
  private replicaSnapshot(streamSeq: number): void {
    if (!this.snapshotChecked) this.askLatestSnapshot();
    else this.startSnapshot(JSON.stringify(this.doc), streamSeq, this.lastSeq);
  }

  /** The next marker goes after `l` (it is fenced on it) and keeps `l`'s snapshot whole. */
  private chainOn(l: Latest): void {
    this.markerSeq = l.seq;
    this.snapFirstChunk = Math.min(...l.marker.chunks);
  }

  /** Takes a snapshot another server stored as this one's latest: the next is due an interval after it. */
  private adopt(l: Latest): void {
    this.chainOn(l);
    this.snapSeq = Math.max(this.snapSeq, l.marker.streamSeq);
    this.snapshotBytes = l.marker.bytes;
    this.changesSinceSnap = Math.max(0, this.lastSeq - l.marker.lastSeq);
    this.bytesSinceSnap = 0; // not known: counted from here
  }

  private snapshotFailed(streamSeq: number, e: Error): void {
    // One line per streak of failures (NATS away fails one try every few changes), then one when stored.
    if (this.snapshotFailures++ === 0) {
      this.opts.warn?.(`house snapshot at batch ${streamSeq} not stored: ${e.message}; trying again later`);
    }
  }

  /**
   * Stores `json` (the document as of batch `streamSeq`, change `lastSeq`) in the background, then
   * purges the batches it covers that are older than the reply window. A failure only warns: the
   * stream is whole until a snapshot is stored, and the next one is tried after as many changes again.
   */
  private startSnapshot(json: string, streamSeq: number, lastSeq: number): void {
    this.changesSinceSnap = this.bytesSinceSnap = 0;
    this.snapshotChecked = false;
    const since = this.now() - this.memoTtlMs;
    const inWindow = this.memoMarks.find((m) => m.at >= since && m.seq <= streamSeq);
    const memoFrom = inWindow ? inWindow.seq : streamSeq + 1;
    const at = {
      id: `${this.writerId}-${streamSeq}`,
      streamSeq,
      lastSeq,
      memoFrom,
      ...(this.opts.name ? { by: this.opts.name } : {}),
    };
    this.snapshotting = (async () => {
      try {
        const stored = await writeSnapshot(this.hs, json, at, this.markerSeq, this.snapFirstChunk);
        this.markerSeq = stored.markerSeq;
        this.snapFirstChunk = stored.firstChunk;
      } catch (e) {
        // Fenced by another server's marker: learn where the chain is now, for the next try. As new as
        // this one (two replicas due at once): it is this one's snapshot too, and nothing failed.
        const latest = /wrong last sequence/i.test((e as Error).message) ? await latestMarker(this.hs) : null;
        if (latest && latest.marker.streamSeq >= streamSeq) return this.adopt(latest);
        if (latest) this.chainOn(latest);
        throw e;
      }
      this.snapSeq = streamSeq;
      if (this.snapshotFailures > 0) {
        this.opts.warn?.(`house snapshot at batch ${streamSeq} stored (${this.snapshotFailures} failed before it)`);
      }
      this.snapshotFailures = 0;
      this.snapshots++;
      this.snapshotBytes = json.length;
      if (this.mode === 'writer' && this.opts.purgeChanges) await purgeBefore(this.hs, this.hs.stream, memoFrom);
    })()
      .catch((e: Error) => this.snapshotFailed(streamSeq, e))
      .finally(() => {
        this.snapshotting = null;
      });
  }

  /** Resolves once the snapshot in progress (if any) is stored or has failed. */
  async snapshotSettled(): Promise<void> {
    await this.snapshotting;
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
      snapshots: this.snapshots,
      archived: 0,
      snapshotBytes: this.snapshotBytes,
      logBytes: this.bytes,
    };
  }

  async close(): Promise<void> {
    if (this.mode === 'writer') {
      await within(this.flush(), 2000);
      await this.snapshotting;
      // A clean stop: the next server opens from here. Only if everything committed is durable (the
      // document is then exactly the stream's state) and something changed since the last snapshot.
      const everyBytes = this.opts.snapshotEveryBytes ?? 0;
      if (everyBytes !== 0 && this.durableSeq === this.lastSeq && this.streamSeq > this.snapSeq) {
        this.startSnapshot(JSON.stringify(this.doc), this.streamSeq, this.lastSeq);
        await within(this.snapshotting, 5000);
      }
    }
    this.mode = 'closed';
    await this.stopFollowing();
    // A replica's snapshot on its way: let it land (or fail) before the caller closes the connection.
    await within(this.snapshotting, 5000);
  }
}
