// A scripted stand-in for the client core (ClientPort + its events) for component tests and the benchmark.
import { EventEmitter } from 'node:events';
import type {
  CheckoutSession,
  ClientEvents,
  Identity,
  ReplyByRequest,
  RequestOutcome,
  SessionOutcome,
} from '../../shared/client/types.js';
import type { Cents } from '../../shared/protocol/index.js';
import type { ClientPort } from '../commands.js';

type Answer<K extends keyof ReplyByRequest> =
  RequestOutcome<ReplyByRequest[K]> | Promise<RequestOutcome<ReplyByRequest[K]>>;

export class FakeClient extends EventEmitter<ClientEvents> implements ClientPort {
  readonly calls: Array<{ op: string; args: unknown[] }> = [];
  /** Open checkout conversations, like AuctionClient.checkouts (see fake-checkout.ts to start one). */
  readonly checkouts: CheckoutSession[] = [];
  private rq = 100;
  /** Override per test: what each request answers. Defaults accept everything. */
  answerBid: (item: string, cents: Cents, rq?: string) => Answer<'BID'> = () =>
    this.ok({ type: 'BID_ACCEPTED', rq: this.next() });
  /** Default: the maximum leads at `price` (set it), as a first maximum on an auction with no bid does. */
  answerMaxBid: (item: string, cents: Cents, rq?: string) => Answer<'MAX_BID'> = (item) =>
    this.ok({ type: 'MAX_BID_SET', rq: this.next(), item, price: this.maxPrice, leader: this.maxLeader });
  /** What the default answerMaxBid says the price and leader are. */
  maxPrice: Cents = 0;
  maxLeader = 'alice';
  answerSubscribe: (item: string) => Answer<'SUBSCRIBE'> = () => this.ok({ type: 'SUBSCRIBED', rq: this.next() });
  answerUnsubscribe: (item: string) => Answer<'DE-SUBSCRIBE'> = () =>
    this.ok({ type: 'DE-SUBSCRIBED', rq: this.next() });
  answerRegister: (id: Identity) => Answer<'REGISTER'> = () => this.ok({ type: 'REGISTERED', rq: this.next() });
  answerListItem: (item: string, description: string, startCents: Cents, durationS: number) => Answer<'LIST_ITEM'> =
    () => this.ok({ type: 'ITEM_LISTED', rq: this.next() });
  /** Like the real client, an ACCEPT's PRICE_ADJUSTMENT reply is also emitted as a 'push'. */
  answerAccept: (rq: string, item: string, cents: Cents) => Answer<'ACCEPT'> = (rq, item, cents) =>
    this.ok({ type: 'PRICE_ADJUSTMENT', rq, item, newPrice: cents, timeLeft: 30 });
  answerRefuse: (rq: string, item: string) => Answer<'REFUSE'> = (rq, item) => this.ok({ type: 'REFUSED', rq, item });
  answerLogin: (id: Identity) => Answer<'LOGIN'> = (id) => {
    this.emit('session', { name: id.name, role: id.role });
    return this.ok({ type: 'LOGGED_IN', rq: this.next(), role: id.role });
  };

  next(): string {
    return String(this.rq++);
  }

  ok<R>(reply: R): RequestOutcome<R & ReplyByRequest[keyof ReplyByRequest]> {
    return { ok: true, reply } as RequestOutcome<R & ReplyByRequest[keyof ReplyByRequest]>;
  }

  /** `rq`: a resend of an unanswered request (recorded as a third argument). */
  async maxBid(item: string, cents: Cents, rq?: string) {
    this.calls.push({ op: 'maxBid', args: rq === undefined ? [item, cents] : [item, cents, rq] });
    return this.answerMaxBid(item, cents, rq);
  }

  async bid(item: string, cents: Cents, rq?: string) {
    this.calls.push({ op: 'bid', args: rq === undefined ? [item, cents] : [item, cents, rq] });
    return this.answerBid(item, cents, rq);
  }

  async subscribe(item: string) {
    this.calls.push({ op: 'subscribe', args: [item] });
    return this.answerSubscribe(item);
  }

  async unsubscribe(item: string) {
    this.calls.push({ op: 'unsubscribe', args: [item] });
    return this.answerUnsubscribe(item);
  }

  async register(identity: Identity) {
    this.calls.push({ op: 'register', args: [identity] });
    return this.answerRegister(identity);
  }

  async listItem(item: string, description: string, startCents: Cents, durationS: number) {
    this.calls.push({ op: 'listItem', args: [item, description, startCents, durationS] });
    return this.answerListItem(item, description, startCents, durationS);
  }

  async accept(negotiateRq: string, item: string, cents: Cents) {
    this.calls.push({ op: 'accept', args: [negotiateRq, item, cents] });
    const out = await this.answerAccept(negotiateRq, item, cents);
    if (out.ok && out.reply.type === 'PRICE_ADJUSTMENT') this.emit('push', out.reply);
    return out;
  }

  async refuse(negotiateRq: string, item: string) {
    this.calls.push({ op: 'refuse', args: [negotiateRq, item] });
    return this.answerRefuse(negotiateRq, item);
  }

  /** What takeSession() answers (default: logged in again as `identity`, if set). */
  answerTakeSession: () => SessionOutcome | Promise<SessionOutcome> = () => {
    const id = this.identity;
    if (!id) return { ok: true, session: null };
    this.emit('session', { name: id.name, role: id.role });
    return { ok: true, session: { name: id.name, role: id.role } };
  };
  /** The identity takeSession() logs in as. */
  identity: Identity | null = null;

  async takeSession() {
    this.calls.push({ op: 'takeSession', args: [] });
    return this.answerTakeSession();
  }

  async login(identity: Identity) {
    this.calls.push({ op: 'login', args: [identity] });
    return this.answerLogin(identity);
  }
}
