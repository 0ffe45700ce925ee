// The index behind the paged, incremental CATALOG (PROTOCOL.md §5 Catalog): the open auctions in
// item-name order (case-insensitive), and the order in which their public state last changed. A page
// is then a binary search plus at most 32 steps for a full listing, and for `Since_RQ` a walk over the
// changes made since that RQ# only — an idle client's periodic repair costs O(changes), not
// O(auctions). Pure data: the house keeps it in step with the document.

/** A page of auction ids, in name order, and the After_Item of the next page (null after the last). */
export interface CatalogPage {
  ids: string[];
  nextItem: string | null;
}

interface Entry {
  /** Lowercase item name: the sort key (ordinal; names are ASCII, §2). */
  key: string;
  item: string;
  id: string;
}

const lower = (s: string): string => s.toLowerCase();

export class CatalogIndex {
  /** Open auctions, sorted by key. */
  private byName: Entry[] = [];
  /** Open auction id → RQ# of its last public change. */
  private rqOf = new Map<string, number>();
  private entries = new Map<string, Entry>();
  /** Every public change (RQ#, auction id), RQ# ascending; older entries of an id are stale. */
  private changes: Array<{ rq: number; id: string }> = [];

  get size(): number {
    return this.byName.length;
  }

  /** First position whose key is greater than `key` (after `key`), or ≥ it with `inclusive`. */
  private bound(key: string, inclusive: boolean): number {
    let lo = 0;
    let hi = this.byName.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.byName[mid].key;
      if (k < key || (!inclusive && k === key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** An auction opened (or is open at start) with its last public change's RQ#. */
  add(id: string, item: string, changeRq: number): void {
    if (this.rqOf.has(id)) return this.touch(id, changeRq);
    const e = { key: lower(item), item, id };
    this.byName.splice(this.bound(e.key, true), 0, e);
    this.entries.set(id, e);
    this.touch(id, changeRq);
  }

  /** An auction left the open set (closed). */
  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.rqOf.delete(id);
    this.entries.delete(id);
    const key = e.key;
    for (let i = this.bound(key, true); i < this.byName.length && this.byName[i].key === key; i++) {
      if (this.byName[i].id === id) {
        this.byName.splice(i, 1);
        break;
      }
    }
  }

  /** The auction's public state changed with this (fresh, increasing) server RQ#. */
  touch(id: string, changeRq: number): void {
    if (!this.entries.has(id)) return; // not open
    const last = this.changes.length ? this.changes[this.changes.length - 1].rq : -1;
    this.rqOf.set(id, changeRq);
    if (changeRq >= last) this.changes.push({ rq: changeRq, id });
    else this.rebuildChanges(); // out of order (only at start, from stored RQ#s): re-sort once
    if (this.changes.length > 2 * this.rqOf.size + 1024) this.rebuildChanges();
  }

  private rebuildChanges(): void {
    this.changes = [...this.rqOf].map(([id, rq]) => ({ rq, id })).sort((a, b) => a.rq - b.rq);
  }

  changeRqOf(id: string): number | undefined {
    return this.rqOf.get(id);
  }

  /**
   * One page: up to `limit` open auctions after `afterItem` (null: from the first), with `sinceRq` > 0
   * only those whose last public change has an RQ# greater than it.
   */
  page(sinceRq: number, afterItem: string | null, limit: number): CatalogPage {
    const start = afterItem === null ? 0 : this.bound(lower(afterItem), false);
    if (sinceRq <= 0) return this.finish(this.byName.slice(start, start + limit + 1), limit);
    // The auctions changed since sinceRq: from the change log, newest entry per id only.
    let lo = 0;
    let hi = this.changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.changes[mid].rq <= sinceRq) lo = mid + 1;
      else hi = mid;
    }
    const changedCount = this.changes.length - lo;
    if (changedCount === 0) return { ids: [], nextItem: null };
    const afterKey = afterItem === null ? null : lower(afterItem);
    if (changedCount > this.byName.length / 4) {
      // Most of the floor changed: walking the name order with a filter is cheaper than sorting.
      const picked: Entry[] = [];
      for (let i = start; i < this.byName.length && picked.length <= limit; i++) {
        const e = this.byName[i];
        if ((this.rqOf.get(e.id) ?? 0) > sinceRq) picked.push(e);
      }
      return this.finish(picked, limit);
    }
    const changed: Entry[] = [];
    for (let i = lo; i < this.changes.length; i++) {
      const c = this.changes[i];
      if (this.rqOf.get(c.id) !== c.rq) continue; // stale: changed again later, or closed
      const e = this.entries.get(c.id);
      if (e && (afterKey === null || e.key > afterKey)) changed.push(e);
    }
    changed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.finish(changed.slice(0, limit + 1), limit);
  }

  /** `picked` holds up to limit + 1 entries: the extra one only says that another page follows. */
  private finish(picked: Entry[], limit: number): CatalogPage {
    const page = picked.slice(0, limit);
    return {
      ids: page.map((e) => e.id),
      nextItem: picked.length > limit && page.length > 0 ? page[page.length - 1].item : null,
    };
  }
}
