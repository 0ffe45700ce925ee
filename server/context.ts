// What a handler gets: the house, the outbox, the requester's address and bound account, and
// `reply`/`deny`, which answer this request (and remember the answer for duplicates).
import type { Push, Reply, Request } from '../shared/protocol/messages.js';
import { DENIAL_FOR } from '../shared/protocol/messages.js';
import type { Account, Auction } from './state/model.js';
import { addrKey, type Addr, type AuctionHouse } from './house.js';
import type { Outbox, Remembered } from './outbox.js';
import type { Watchers } from './watchers.js';
import type { Logger } from './log.js';

/** Hooks into the parts of the server that run on their own (timers, TCP closures). */
export interface Lifecycle {
  /** An auction was listed or its close time moved: (re)arm its timers. */
  auctionChanged(a: Auction): void;
  /** An account (re)bound an address: retry at once any purchase waiting for it (§7). */
  partyOnline(name: string): void;
}

export interface Services {
  house: AuctionHouse;
  outbox: Outbox;
  watchers: Watchers;
  log: Logger;
  lifecycle: Lifecycle;
}

export interface Ctx<M extends Request = Request> extends Services {
  msg: M;
  from: Addr;
  /** The account bound to the source address (§4), if any. */
  account: Account | undefined;
  reply(reply: Reply): void;
  /** This command's own denial with a reason a person can act on. */
  deny(reason: string): void;
}

export type Handler<M extends Request> = (ctx: Ctx<M>) => void | Promise<void>;

/**
 * The handler context of one request: one object with a fixed shape and its methods on the prototype,
 * instead of a spread of the services plus two closures for every datagram.
 */
export class RequestCtx<M extends Request> implements Ctx<M> {
  readonly house: AuctionHouse;
  readonly outbox: Outbox;
  readonly watchers: Watchers;
  readonly log: Logger;
  readonly lifecycle: Lifecycle;
  readonly account: Account | undefined;

  constructor(
    s: Services,
    readonly msg: M,
    readonly from: Addr,
    private readonly remember: Remembered | null,
    /** Set for an unverified source (§3): its replies are logged as this noise category. */
    private readonly noise?: string,
  ) {
    this.house = s.house;
    this.outbox = s.outbox;
    this.watchers = s.watchers;
    this.log = s.log;
    this.lifecycle = s.lifecycle;
    this.account = s.house.accountAt(from);
  }

  reply(r: Reply): void {
    this.outbox.reply(this.from, r, this.remember, this.noise);
  }

  deny(reason: string): void {
    this.outbox.reply(
      this.from,
      { type: DENIAL_FOR[this.msg.type], rq: this.msg.rq, reason },
      this.remember,
      this.noise,
    );
  }
}

/**
 * Who hears about an auction (§6): its subscribers, optionally its seller, and every watcher (unless
 * `watchers: false`) — each address once. `except` leaves out one address (e.g. the one that already got the reply).
 */
export function audience(
  s: Pick<Services, 'house' | 'watchers'>,
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
    const acct = s.house.doc.accounts[k];
    if (acct) add(s.house.addressOf(acct));
  }
  if (opts.seller) {
    const seller = s.house.account(a.seller);
    if (seller) add(s.house.addressOf(seller));
  }
  if (opts.watchers !== false)
    for (const [k, addr] of s.watchers.active())
      if (!seen.has(k)) {
        seen.add(k);
        out.push(addr);
      }
  return out;
}

export function pushTo(s: Services, to: Addr[], build: (rq: string) => Push): void {
  if (to.length === 0) return;
  s.outbox.push(to, build(s.house.nextRq()));
}
