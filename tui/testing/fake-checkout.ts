// A scripted checkout conversation (the server's TCP side of PROTOCOL.md §7) for component tests:
// start() plays the opening as the client core would, the test then plays INFORM_Req and the outcome.
import { EventEmitter } from 'node:events';
import type { CheckoutSession } from '../../shared/client/types.js';
import { paymentProblem } from '../../shared/client/checkout-session.js';
import type {
  Cancel,
  InformReq,
  NonOffer,
  PurchaseComplete,
  ShippingInfo,
  Sold,
  Winner,
} from '../../shared/protocol/index.js';
import type { FakeClient } from './fake-client.js';

type FollowUp = InformReq | PurchaseComplete | ShippingInfo | Cancel;
export interface InformCall {
  rq: string;
  name: string;
  card: string;
  expiry: string;
  address: string;
}

let ids = 0;

export class FakeCheckout extends EventEmitter implements CheckoutSession {
  readonly id = `fake-checkout-${++ids}`;
  informReq: InformReq | null = null;
  /** What inform() would have written (INFORM_Res fields). */
  readonly sent: InformCall[] = [];
  /** Set to make inform() fail like a dropped connection. */
  failWith: string | null = null;
  private ended = false;

  constructor(
    readonly opening: Winner | Sold | NonOffer,
    private readonly client: FakeClient,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  /** Emits the client's 'checkout' event with this conversation, as the core does on the opening line. */
  start(): this {
    this.client.checkouts.push(this);
    this.client.emit('checkout', this);
    return this;
  }

  /** The server asks: INFORM_Req with the opening's RQ#, item and price. */
  ask(): InformReq {
    const o = this.opening as Winner | Sold;
    const req: InformReq = { type: 'INFORM_Req', rq: o.rq, item: o.item, finalPrice: o.finalPrice };
    this.receive(req);
    return req;
  }

  receive(msg: FollowUp): void {
    if (msg.type === 'INFORM_Req') this.informReq = msg;
    this.emit('message', msg);
  }

  end(why: 'closed' | 'error' = 'closed'): void {
    if (this.ended) return;
    this.ended = true;
    const i = this.client.checkouts.indexOf(this);
    if (i >= 0) this.client.checkouts.splice(i, 1);
    this.emit('end', why);
  }

  async inform(d: { name: string; card: string; expiry: string; address: string }): Promise<void> {
    const problem = paymentProblem(d, this.now());
    if (problem) throw new Error(`Not sent: ${problem}`);
    if (this.failWith) throw new Error(this.failWith);
    if (this.ended) throw new Error('The server closed the checkout connection');
    const req = this.informReq;
    if (!req) throw new Error('no INFORM_Req yet (the fake does not wait)');
    this.sent.push({ rq: req.rq, ...d });
  }

  close(): void {
    this.end('closed');
  }
}
