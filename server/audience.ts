// Who hears about an auction (§6): its subscribers, its seller (for some pushes) and every watcher,
// each address once. An auction's whole audience is cached between pushes (a storm of bids on one item
// fans out to the same addresses every time) and rebuilt only when a binding, its subscribers or the
// set of watchers changed, so a bid costs its datagrams, not a walk over every watcher (issue 20.4).
import { addrKey, type Addr, type AuctionHouse } from './house.js';
import type { Auction } from './state/model.js';
import type { Watchers } from './watchers.js';

/**
 * Subscribers, optionally the seller, and every watcher (unless `watchers: false`) — each address once.
 * `except` leaves out one address (e.g. the one that already got the same news as its reply).
 */
export function audience(
  house: AuctionHouse,
  watchers: Watchers,
  a: Auction,
  opts: { seller: boolean; watchers?: boolean; except?: Addr },
): Addr[] {
  const seen = new Set<string>();
  const out: Addr[] = [];
  if (opts.except) seen.add(addrKey(opts.except));
  const add = (addr: Addr | null): void => {
    if (!addr) return;
    const k = addrKey(addr);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(addr);
    }
  };
  for (const k of a.subscribers) {
    const acct = house.doc.accounts[k];
    if (acct) add(house.addressOf(acct));
  }
  if (opts.seller) {
    const seller = house.account(a.seller);
    if (seller) add(house.addressOf(seller));
  }
  if (opts.watchers !== false)
    for (const [k, addr] of watchers.active())
      if (!seen.has(k)) {
        seen.add(k);
        out.push(addr);
      }
  return out;
}

/**
 * The subscribers' and seller's addresses of an auction, and with them the watchers, cached. Valid
 * while no binding changed (house.bindingVersion), the subscriber list is the same (SUBSCRIBE pushes
 * onto it, DE-SUBSCRIBE replaces it) and no watcher came or went (watchers.version).
 */
interface Fixed {
  bindings: number;
  subs: string[];
  subsLen: number;
  addrs: Addr[];
  keys: Set<string>;
  watchers: number;
  all: Addr[];
}

export class AudienceCache {
  private fixed = new WeakMap<Auction, Fixed>();

  constructor(
    private readonly house: AuctionHouse,
    private readonly watchers: Watchers,
  ) {}

  /** Subscribers, seller and watchers of `a` (what a BID_UPDATE reaches): a shared list, not to be modified. */
  of(a: Auction): Addr[] {
    const bindings = this.house.bindingVersion;
    const live = this.watchers.active(); // drops ended watches first, so the version is current
    let f = this.fixed.get(a);
    if (!f || f.bindings !== bindings || f.subs !== a.subscribers || f.subsLen !== a.subscribers.length) {
      const addrs = audience(this.house, this.watchers, a, { seller: true, watchers: false });
      const keys = new Set(addrs.map(addrKey));
      f = { bindings, subs: a.subscribers, subsLen: a.subscribers.length, addrs, keys, watchers: -1, all: addrs };
      this.fixed.set(a, f);
    }
    if (f.watchers !== this.watchers.version) {
      const all = f.addrs.slice();
      for (const [k, addr] of live) if (!f.keys.has(k)) all.push(addr);
      f.all = all;
      f.watchers = this.watchers.version;
    }
    return f.all;
  }
}
