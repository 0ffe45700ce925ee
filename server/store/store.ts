// Storage behind an interface (one contract test suite runs against every implementation).
// The state lives in memory; `commit` applies a change at once and makes it durable asynchronously.
// Replies wait for durability through `durableSeq` (see server/outbox.ts), so a reply is never sent
// for a change that a crash could still lose.
import type { Change } from '../state/changes.js';
import type { DbDoc } from '../state/model.js';

export interface StoreStats {
  /** Changes committed since open. */
  commits: number;
  /** Physical writes (each one fsync'd batch) since open. */
  writes: number;
  /** Snapshots of db.json written since open. */
  snapshots: number;
  /** Auctions moved to the history archive since open (§8). */
  archived: number;
  /** Size of db.json as last written or read, and of the live change log. */
  snapshotBytes: number;
  logBytes: number;
}

/**
 * The reply to a request that changed state (§3: remembered across a crash for the reply-cache window):
 * `key` is the request (source address + datagram text), `at` when it came, `texts` the replies sent.
 * A durable store writes it in the change record of the request's change, so it is on disk exactly
 * when the change is, and hands back those younger than the window at the next start.
 */
export interface ReplyMemo {
  key: string;
  at: number;
  texts: readonly string[];
}

/** Takes recovered reply memos one at a time (§3), so that no list of them is ever built. */
export type MemoSink = (key: string, at: number, texts: readonly string[]) => void;

export interface Store {
  /** The live document. Read it freely; mutate it only through `commit`. */
  readonly doc: DbDoc;
  /** Apply a change to `doc` now and queue it for durable storage; returns its sequence number. */
  commit(change: Change): number;
  /** Sequence number of the last committed change. */
  readonly lastSeq: number;
  /** Every change with a sequence number ≤ this is on disk. */
  readonly durableSeq: number;
  /** Called (synchronously, in order) whenever durableSeq advances. */
  onDurable(listener: (durableSeq: number) => void): void;
  /** Called if the disk refuses a write: the server must stop, since it can no longer keep promises. */
  onFatal(listener: (err: Error) => void): void;
  /**
   * Record the reply to a request whose change is the last one committed (see ReplyMemo). Call it
   * before the reply is queued: if the change was already on its way to disk, the memo takes a record
   * of its own, and the reply then waits for that one.
   */
  remember(memo: ReplyMemo): void;
  /**
   * Hands `sink` the replies recorded with changes younger than the reply-cache window that this store
   * holds from before it was opened (oldest first), once, and lets go of them. A LogStore hands them
   * over while it reads its log instead (LogStoreOptions.onRecoveredMemo): 300,000 of them held as
   * objects until the cache took them cost ~107 MB of RSS that V8 kept after they were freed.
   */
  recoverMemos(sink: MemoSink): void;
  /** Resolves once everything committed so far is durable. */
  flush(): Promise<void>;
  stats(): StoreStats;
  close(): Promise<void>;
}
