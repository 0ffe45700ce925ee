// The bidders of `npm run chaos` (bench/chaos.ts, and bench/chaos-cluster.ts for a house): one UDP
// socket each, one request outstanding, retransmitted unchanged (same text, same RQ#, same socket:
// PROTOCOL.md §3) until answered. With several servers a client sends to one of them and, as a real
// client with `--server A,B,…` does, moves to the next when that one stops answering (§9 Retries move).
import type dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { formatMoney } from '../shared/protocol/index.js';
import { HOST, openSocket } from './udp.js';

export interface BidRec {
  rq: string;
  item: string;
  cents: number;
  bidder: string;
  text: string;
  /** BID_ACCEPTED was seen (at any time). */
  acked: boolean;
  /** The first BID_REJECTED reason seen, if any. */
  rejected: string | null;
  /** A retry of this bid, sent after it was acknowledged and the server restarted, got BID_REJECTED. */
  rejectedOnRetry: string | null;
  firstSentAt: number;
  /** When BID_ACCEPTED first came (performance.now()), 0 before. */
  ackedAt?: number;
}

/** Pushes (§6): their RQ# is the server's, never an answer to ours. */
const PUSH = /^(BID_UPDATE|AUCTION_ANNOUNCE|AUCTION_CLOSED|PRICE_ADJUSTMENT|NEGOTIATE_REQ) /;

export class Client {
  private rqn = 1;
  readonly bids = new Map<string, BidRec>();
  /** The one request this client has outstanding, retransmitted until answered. */
  current: { rq: string; text: string; lastSent: number; tries: number; resolve: (reply: string) => void } | null =
    null;
  private waiting = new Map<string, (reply: string) => void>();
  retransmits = 0;
  /** Times this client moved to the next server. */
  moves = 0;
  /** When the last BID_ACCEPTED came (performance.now()): whether the house takes bids again. */
  lastAckAt = 0;
  /** Index in `ports` of the server this client sends to. */
  private at: number;

  constructor(
    readonly name: string,
    readonly sock: dgram.Socket,
    private readonly ports: readonly number[],
    home = 0,
  ) {
    this.at = home % ports.length;
    sock.on('message', (buf) => this.receive(buf.toString('utf8')));
    sock.on('error', () => undefined); // ICMP port unreachable while the server is down
  }

  static async open(name: string, ports: number | readonly number[], home = 0): Promise<Client> {
    return new Client(name, await openSocket(), typeof ports === 'number' ? [ports] : ports, home);
  }

  get udpPort(): number {
    return this.sock.address().port;
  }

  /** The server this client sends to now. */
  get serverPort(): number {
    return this.ports[this.at];
  }

  nextRq(): string {
    return String(this.rqn++);
  }

  send(text: string): void {
    this.sock.send(text, this.serverPort, HOST);
  }

  /** On to the next server (a no-op with one): the outstanding request is retried there. */
  move(): void {
    if (this.ports.length < 2) return;
    this.at = (this.at + 1) % this.ports.length;
    this.moves++;
  }

  /** Send and retransmit (the sweep does it) until a reply with this RQ# arrives. */
  request(text: string): Promise<string> {
    const rq = text.split(' ')[1];
    return new Promise((resolve) => {
      this.current = { rq, text, lastSent: performance.now(), tries: 1, resolve };
      this.send(text);
    });
  }

  /** Send once (a resend of an acknowledged bid), to `port` or the current server; receive() records the reply. */
  probe(text: string, onReply: (reply: string) => void, port = this.serverPort): void {
    this.waiting.set(text.split(' ')[1], onReply);
    this.sock.send(text, port, HOST);
  }

  private receive(text: string): void {
    if (PUSH.test(text)) return;
    const [word, rq] = text.split(' ');
    const rec = this.bids.get(rq);
    if (rec) {
      if (word === 'BID_ACCEPTED') {
        rec.acked = true;
        rec.ackedAt ??= performance.now();
        this.lastAckAt = performance.now();
      } else if (word === 'BID_REJECTED') {
        if (rec.acked) rec.rejectedOnRetry ??= text;
        else rec.rejected ??= text;
      }
    }
    const w = this.waiting.get(rq);
    if (w) {
      this.waiting.delete(rq);
      w(text);
    }
    const c = this.current;
    if (c && c.rq === rq) {
      this.current = null;
      c.resolve(text);
    }
  }

  close(): void {
    this.sock.close();
  }
}

/**
 * Closed-loop bidders, each on one item (round robin): a new bid for an item always names more than any
 * sent for it before, so an acknowledged amount can be checked against the final state. Runs until
 * `stopping()` says so; each bid is recorded in its client's `bids` before it is sent.
 */
export function bidLoops(clients: Client[], items: readonly string[], stopping: () => boolean): Array<Promise<void>> {
  const top = items.map(() => 100);
  return clients.map(async (c, i) => {
    const item = i % items.length;
    while (!stopping()) {
      const cents = ++top[item];
      const rq = c.nextRq();
      const text = `BID ${rq} ${items[item]} ${formatMoney(cents)}`;
      c.bids.set(rq, {
        rq,
        item: items[item],
        cents,
        bidder: c.name,
        text,
        acked: false,
        rejected: null,
        rejectedOnRetry: null,
        firstSentAt: performance.now(),
      });
      await c.request(text);
    }
  });
}
