// TCP side of the client (PROTOCOL.md §7): at auction closure the server connects to us and carries
// the purchase conversation on one connection. The listener decodes lines, opens a CheckoutSession on
// the first WINNER / SOLD / NON_OFFER, and answers INFORM_Req only through inform(). Card numbers
// go on the wire and nowhere else: no notice, error or exception here ever contains one.
import { EventEmitter, once } from 'node:events';
import net from 'node:net';
import { nanoid } from 'nanoid';
import {
  LineDecoder,
  accountName,
  card,
  expiryError,
  format,
  freeText,
  parse,
  type FieldResult,
} from '../protocol/index.js';
import type {
  Cancel,
  InformReq,
  NonOffer,
  PurchaseComplete,
  ShippingInfo,
  Sold,
  TcpMessage,
  Winner,
} from '../protocol/messages.js';
import type { CheckoutSession, PaymentDetails } from './types.js';

type Opening = Winner | Sold | NonOffer;
type FollowUp = InformReq | PurchaseComplete | ShippingInfo | Cancel;

interface ConversationEvents {
  message: [FollowUp];
  end: ['closed' | 'error'];
}

const OPENINGS: ReadonlySet<string> = new Set(['WINNER', 'SOLD', 'NON_OFFER']);
const FOLLOW_UPS: ReadonlySet<string> = new Set(['INFORM_Req', 'PURCHASE_COMPLETE', 'Shipping_Info', 'CANCEL']);

/** Why these payment details would make the server cancel the sale, or null if they would pass (§2, §7). */
export function paymentProblem(
  d: { name: string; card: string; expiry: string; address: string },
  nowMs: number,
): string | null {
  const reason = (r: FieldResult<string>): string | null => (r.ok ? null : r.reason);
  const checks: Array<[string, string | null]> = [
    ['CC#', reason(card(d.card))],
    ['CC_Exp_Date', expiryError(d.expiry, new Date(nowMs))],
    ['Address', reason(freeText(d.address.trim()))],
    ['Name', reason(accountName(d.name))],
  ];
  for (const [field, why] of checks) if (why) return `${field} ${why}`;
  return null;
}

/** One server-initiated purchase conversation. */
export class CheckoutConversation extends EventEmitter<ConversationEvents> implements CheckoutSession {
  readonly id = nanoid(10);
  informReq: InformReq | null = null;
  private readonly answered = new Set<string>();
  private ended: 'closed' | 'error' | null = null;

  constructor(
    readonly opening: Opening,
    private readonly socket: net.Socket,
    private readonly now: () => number,
  ) {
    super();
  }

  /** Called by the listener for each message after the opening. */
  receive(msg: FollowUp): void {
    if (msg.type === 'INFORM_Req') this.informReq = msg;
    this.emit('message', msg);
  }

  /** Called by the listener when the socket is gone. */
  finish(why: 'closed' | 'error'): void {
    if (this.ended) return;
    this.ended = why;
    this.emit('end', why);
  }

  async inform(details: PaymentDetails & { name: string }): Promise<void> {
    const problem = paymentProblem(details, this.now());
    if (problem) throw new Error(`Not sent: ${problem}`);
    const req = this.informReq ?? (await this.nextInformReq());
    if (this.answered.has(req.rq)) throw new Error(`INFORM_Req ${req.rq} was already answered`);
    this.answered.add(req.rq);
    const line =
      format({
        type: 'INFORM_Res',
        rq: req.rq,
        name: details.name,
        card: details.card,
        expiry: details.expiry,
        address: details.address.trim(),
      }) + '\n';
    await new Promise<void>((resolve, reject) => {
      this.socket.write(line, (err) =>
        err
          ? reject(new Error(`INFORM_Res not delivered: ${(err as NodeJS.ErrnoException).code ?? 'write failed'}`))
          : resolve(),
      );
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private nextInformReq(): Promise<InformReq> {
    if (this.ended) return Promise.reject(new Error('The server closed the checkout connection'));
    return new Promise((resolve, reject) => {
      const onMessage = (m: FollowUp) => {
        if (m.type !== 'INFORM_Req') return;
        this.off('end', onEnd);
        this.off('message', onMessage);
        resolve(m);
      };
      const onEnd = () => {
        this.off('message', onMessage);
        reject(new Error('The server closed the checkout connection before asking for payment details'));
      };
      this.on('message', onMessage);
      this.once('end', onEnd);
    });
  }
}

export interface CheckoutListenerOptions {
  host: string;
  port: number;
  now: () => number;
  onCheckout: (session: CheckoutConversation) => void;
  onNotice: (text: string) => void;
}

/** The TCP server the auction server connects out to. */
export class CheckoutListener {
  private readonly sockets = new Set<net.Socket>();
  readonly sessions = new Set<CheckoutConversation>();

  static async listen(opts: CheckoutListenerOptions): Promise<CheckoutListener> {
    const server = net.createServer();
    server.listen(opts.port, opts.host);
    await once(server, 'listening'); // rejects on a listen error
    return new CheckoutListener(server, opts);
  }

  private constructor(
    private readonly server: net.Server,
    private readonly opts: CheckoutListenerOptions,
  ) {
    server.on('connection', (socket) => this.accept(socket));
    server.on('error', (err) =>
      opts.onNotice(`TCP listener error: ${(err as NodeJS.ErrnoException).code ?? err.message}`),
    );
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Openings seen by this process, by RQ# (bounded: only recent closures can be resumed). */
  private readonly openings = new Map<string, Opening>();

  private remember(o: Opening): void {
    this.openings.delete(o.rq);
    this.openings.set(o.rq, o);
    if (this.openings.size > 200) this.openings.delete(this.openings.keys().next().value as string);
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    const decoder = new LineDecoder();
    let session: CheckoutConversation | null = null;
    let failed = false;
    let deferred = false; // a resumed outcome is queued: the end must follow it

    const onLine = (line: string) => {
      const parsed = parse(line, 'tcp');
      if (!parsed.ok) {
        this.opts.onNotice(`Ignored a checkout line: ${parsed.error.message}`);
        return;
      }
      const msg = parsed.msg as TcpMessage;
      if (!session) {
        // A party that has already answered hears only the outcome when the server reconnects (after a
        // dropped connection or a server restart, §7: never a second WINNER/SOLD). Reopen the
        // conversation this outcome belongs to, recognised by its RQ#, so the user still sees it.
        const earlier = OPENINGS.has(msg.type) ? null : this.openings.get((msg as FollowUp).rq);
        if (!OPENINGS.has(msg.type) && !earlier) {
          this.opts.onNotice(
            `Ignored ${msg.type} ${(msg as FollowUp).rq} before WINNER/SOLD/NON_OFFER on a checkout connection (no earlier checkout with that RQ#)`,
          );
          return;
        }
        const opening = earlier ?? (msg as Opening);
        this.remember(opening);
        session = new CheckoutConversation(opening, socket, this.opts.now);
        this.sessions.add(session);
        this.opts.onCheckout(session);
        if (earlier && FOLLOW_UPS.has(msg.type)) {
          // Deferred so that whoever takes the 'checkout' event (possibly after an await) hears it.
          const resumed = session;
          deferred = true;
          setImmediate(() => resumed.receive(msg as FollowUp));
        }
      } else if (FOLLOW_UPS.has(msg.type)) {
        session.receive(msg as FollowUp);
      } else {
        this.opts.onNotice(`Ignored an unexpected ${msg.type} on a checkout connection`);
      }
    };

    socket.on('data', (chunk) => {
      for (const r of decoder.push(chunk)) {
        if (r.ok) onLine(r.line);
        else this.opts.onNotice(`Ignored a checkout line: ${r.reason}`);
      }
    });
    socket.on('error', (err) => {
      failed = true;
      this.opts.onNotice(`Checkout connection error: ${(err as NodeJS.ErrnoException).code ?? 'socket error'}`);
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (session) {
        const s = session;
        this.sessions.delete(s);
        if (deferred) setImmediate(() => s.finish(failed ? 'error' : 'closed'));
        else s.finish(failed ? 'error' : 'closed');
      }
    });
  }
}
