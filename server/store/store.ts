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
  /** Resolves once everything committed so far is durable. */
  flush(): Promise<void>;
  stats(): StoreStats;
  close(): Promise<void>;
}
