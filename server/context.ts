// What a handler gets: the request, its source address, the account bound to that address (always
// there for requests that need one: dispatch checked, see access.ts), the domain core, and
// `reply` / `deny` / `answer`, which answer this request (and remember the answer for duplicates, §3).
import type { Reply, Request } from '../shared/protocol/messages.js';
import { DENIAL_FOR } from '../shared/protocol/messages.js';
import type { AccountFor } from './access.js';
import type { Accounts } from './accounts.js';
import type { Addr } from './house.js';
import type { Logger } from './log.js';
import type { Market } from './market.js';
import type { Outcome } from './outcome.js';
import type { Later, Outbox, Remembered } from './outbox.js';
import type { Services } from './services.js';

/** The services plus the domain core: what dispatch builds handler contexts from. */
export interface ServerParts extends Services {
  market: Market;
  accounts: Accounts;
}

export interface Ctx<M extends Request = Request> {
  readonly msg: M;
  readonly from: Addr;
  /** The account bound to the source address (§4); never undefined for requests that need one. */
  readonly account: AccountFor<M['type']>;
  readonly market: Market;
  readonly accounts: Accounts;
  readonly log: Logger;
  reply(reply: Reply): void;
  /** This command's own denial with a reason a person can act on. */
  deny(reason: string): void;
  /**
   * Answers with a domain operation's outcome: its denial, or `reply(value)` followed by the
   * effects the operation left for after the reply (pushes, timers) — a reply always goes first.
   */
  answer<T>(outcome: Outcome<T>, reply: (value: T) => Reply): void;
}

export type Handler<M extends Request> = (ctx: Ctx<M>) => void | Promise<void>;

/**
 * The handler context of one request: one object with a fixed shape and its methods on the prototype,
 * instead of a spread of the services plus closures for every datagram.
 */
export class RequestCtx<M extends Request> implements Ctx<M> {
  readonly market: Market;
  readonly accounts: Accounts;
  readonly log: Logger;
  private readonly outbox: Outbox;

  constructor(
    s: ServerParts,
    readonly msg: M,
    readonly from: Addr,
    readonly account: AccountFor<M['type']>,
    private readonly remember: Remembered | Later | null,
    /** Set for an unverified source (§3): its replies are logged as this noise category. */
    private readonly noise?: string,
    /** The request's size in bytes: an unverified source's reply is at most 3× it on the wire (§3). */
    private readonly requestBytes = Infinity,
  ) {
    this.market = s.market;
    this.accounts = s.accounts;
    this.log = s.log;
    this.outbox = s.outbox;
  }

  /** Replies sent so far: an unverified source gets one datagram per datagram (§3), never a second. */
  private replies = 0;

  reply(r: Reply): void {
    if (this.noise && this.replies > 0) return this.outbox.dropped(this.from, r, this.noise);
    this.replies++;
    this.outbox.reply(this.from, r, this.remember, this.noise, this.requestBytes);
  }

  deny(reason: string): void {
    this.reply({ type: DENIAL_FOR[this.msg.type], rq: this.msg.rq, reason });
  }

  answer<T>(outcome: Outcome<T>, reply: (value: T) => Reply): void {
    if (!outcome.ok) return this.deny(outcome.reason);
    this.reply(reply(outcome.value));
    outcome.after?.();
  }
}
