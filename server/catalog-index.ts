// The index behind the paged, incremental CATALOG (PROTOCOL.md §5 Catalog): the open auctions in
// item-name order (case-insensitive), and the order in which their public state last changed. A page
// is then a binary search plus at most 32 steps for a full listing, and for `Since_RQ` a walk over the
// changes made since that RQ# only — an idle client's periodic repair costs O(changes), not
// O(auctions). Pure data: the house keeps it in step with the document.
//
// Whatever the cursor, a page visits at most VISIT_BUDGET rows (issue 20.7: a flood of Since_RQ /
// After_Item cursors on 100,000 auctions cost 16 ms of CPU each, 30× a first page): a page that runs
// out of budget before it is full ends early with a Next_Item where the walk stopped, so the client
// carries on from there (§5: a page holds *up to* 32 rows; Next_Item says where the next starts).

/** A page of auction ids, in name order, and the After_Item of the next page (null after the last). */
export interface CatalogPage {
  ids: string[];
  nextItem: string | null;
}

/** Most rows (index entries) one page may look at, whatever its cursor. */
export const VISIT_BUDGET = 1024;

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
  /** Open auctions per seller (the `--max-listings-per-seller` limit). */
  private bySeller = new Map<string, number>();
  private sellerOf = new Map<string, string>();
  /** Rows the last page looked at (for the test that the work per page is bounded). */
  lastVisited = 0;

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
  add(id: string, item: string, changeRq: number, seller = ''): void {
    if (this.rqOf.has(id)) return this.touch(id, changeRq);
    const e = { key: lower(item), item, id };
    this.byName.splice(this.bound(e.key, true), 0, e);
    this.entries.set(id, e);
    const sk = lower(seller);
    this.sellerOf.set(id, sk);
    this.bySeller.set(sk, (this.bySeller.get(sk) ?? 0) + 1);
    this.touch(id, changeRq);
  }

  /** An auction left the open set (closed). */
  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.rqOf.delete(id);
    this.entries.delete(id);
    const sk = this.sellerOf.get(id) ?? '';
    this.sellerOf.delete(id);
    const n = (this.bySeller.get(sk) ?? 1) - 1;
    if (n > 0) this.bySeller.set(sk, n);
    else this.bySeller.delete(sk);
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

  /** Open auctions this seller (any case) has listed. */
  openBy(seller: string): number {
    return this.bySeller.get(lower(seller)) ?? 0;
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
    if (sinceRq <= 0) {
      const picked = this.byName.slice(start, start + limit + 1);
      this.lastVisited = picked.length;
      return this.finish(picked, limit);
    }
    // The auctions changed since sinceRq: from the change log, newest entry per id only.
    let lo = 0;
    let hi = this.changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.changes[mid].rq <= sinceRq) lo = mid + 1;
      else hi = mid;
    }
    const changedCount = this.changes.length - lo;
    this.lastVisited = 0;
    if (changedCount === 0) return { ids: [], nextItem: null };
    const afterKey = afterItem === null ? null : lower(afterItem);
    if (changedCount > VISIT_BUDGET) {
      // Many changes since sinceRq: walk the name order with a filter, at most VISIT_BUDGET rows. Out
      // of budget before the page is full: the page ends at the last row looked at (Next_Item).
      const picked: Entry[] = [];
      let i = start;
      for (; i < this.byName.length && picked.length <= limit && this.lastVisited < VISIT_BUDGET; i++) {
        const e = this.byName[i];
        this.lastVisited++;
        if ((this.rqOf.get(e.id) ?? 0) > sinceRq) picked.push(e);
      }
      if (picked.length <= limit && i < this.byName.length) {
        // Stopped by the budget: rows after byName[i - 1] are still to look at.
        return { ids: picked.map((e) => e.id), nextItem: this.byName[i - 1].item };
      }
      return this.finish(picked, limit);
    }
    // At most VISIT_BUDGET changes since sinceRq: those, newest entry per id, sorted by name.
    this.lastVisited = changedCount;
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
