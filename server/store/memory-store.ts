// A store with no disk: changes are "durable" the moment they are committed. Used by the benchmark's
// in-memory comparisons and as the second implementation the store contract tests run against.
import { applyChange, type Change } from '../state/changes.js';
import { emptyDoc, type DbDoc } from '../state/model.js';
import type { Store, StoreStats } from './store.js';

export class MemoryStore implements Store {
  readonly doc: DbDoc;
  lastSeq: number;
  private listeners: Array<(seq: number) => void> = [];
  private commits = 0;
  private archived = 0;

  constructor(doc: DbDoc = emptyDoc()) {
    this.doc = doc;
    this.lastSeq = doc.seq;
  }

  get durableSeq(): number {
    return this.lastSeq;
  }

  commit(change: Change): number {
    // No disk, so no archive: an archived auction simply leaves the document (benchmarks only).
    if (change.t === 'archive' && this.doc.auctions[change.auctionId]) this.archived++;
    applyChange(this.doc, change);
    this.doc.seq = ++this.lastSeq;
    this.commits++;
    for (const l of this.listeners) l(this.lastSeq);
    return this.lastSeq;
  }

  /** Nothing survives a restart here, so there is nothing to remember. */
  remember(): void {
    /* memory only */
  }
  recoverMemos(): void {
    /* none */
  }

  onDurable(listener: (seq: number) => void): void {
    this.listeners.push(listener);
  }
  onFatal(): void {
    /* memory never fails */
  }
  async flush(): Promise<void> {
    /* always durable */
  }
  stats(): StoreStats {
    return { commits: this.commits, writes: 0, snapshots: 0, archived: this.archived, snapshotBytes: 0, logBytes: 0 };
  }
  async close(): Promise<void> {
    /* nothing to release */
  }
}
