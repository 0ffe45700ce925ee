// The whole server minus its socket, for the unit tier: the real dispatch, domain core, rules, outbox
// and an in-memory store, a clock the test moves by hand, and every datagram the server sends
// collected by destination. A test sends protocol text "from" an address and reads what came back —
// no sockets, no timers firing on their own (the scheduler is not started), milliseconds per case.
import { DEFAULT_COMMISSION } from '../../shared/protocol/settlement.js';
import { assembleServer, type Assembly } from '../assemble.js';
import { ServerEventBus } from '../events.js';
import { addrKey, type Addr, type HouseConfig } from '../house.js';
import { Logger } from '../log.js';
import { negotiationPhase } from '../rules/auction-rules.js';
import type { Change } from '../state/changes.js';
import { MemoryStore } from '../store/memory-store.js';
import type { Store } from '../store/store.js';

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

export class UnitServer {
  private t = T0;
  readonly now = (): number => this.t;
  readonly events = new ServerEventBus();
  readonly asm: Assembly;
  /** Every datagram sent, in order. */
  readonly sent: Array<{ to: string; text: string }> = [];
  /** Every change committed, in order (what the change log holds). */
  readonly changes: Change[] = [];
  private nextPort = 40_000;

  constructor(
    config: Partial<HouseConfig> = {},
    readonly store: Store = new MemoryStore(),
  ) {
    this.events.on('committed', ({ change }) => this.changes.push(structuredClone(change)));
    this.asm = assembleServer({
      store,
      config: {
        softCloseS: 0,
        commission: DEFAULT_COMMISSION,
        informTimeoutS: 120,
        watchSeconds: 60,
        maxWatchers: 100,
        maxListingsPerSeller: 1000,
        negotiateRepeatMs: 2000,
        increments: 'cent',
        addresses: 'any',
        limits: 'remote',
        ...config,
      },
      now: this.now,
      log: new Logger({ file: null, stdout: false }),
      events: this.events,
      send: (to, data) => this.sent.push({ to: addrKey(to), text: data.toString() }),
      replyCacheBytes: 1 << 20,
    });
    // No timer fires on its own here: tick() does what the scheduler's timers would, at the test's time.
    this.asm.scheduler.stop();
    // Nor does a closure connect out over TCP: closed auctions keep their closure record, unstarted.
    this.asm.closures.stop();
  }

  /** What the scheduler's timers would do now: ask negotiations that are due, close auctions whose time came. */
  tick(): void {
    for (const a of [...this.house.openAuctions()]) {
      if (negotiationPhase(a, this.t) === 'due') this.asm.market.askNegotiation(a);
      if (this.t >= a.closesAt) this.asm.market.closeAuction(a);
    }
  }

  get house() {
    return this.asm.services.house;
  }

  advance(ms: number): void {
    this.t += ms;
  }

  /** A fresh client address. */
  address(): Addr {
    return { ip: '127.0.0.1', port: this.nextPort++ };
  }

  /** An account bound to a fresh address (committed directly: no secret hashing in the unit tier). */
  account(name: string, role: 'buyer' | 'seller'): Addr {
    const addr = this.address();
    this.house.commit({ t: 'register', name, role, ip: addr.ip, udpPort: addr.port, tcpPort: 1, at: this.t });
    return addr;
  }

  /** Sends `text` from `from` through dispatch; returns what `from` was sent meanwhile (its replies and pushes). */
  request(from: Addr, text: string): string[] {
    const start = this.sent.length;
    this.asm.dispatch(Buffer.from(text), from);
    return this.sent
      .slice(start)
      .filter((d) => d.to === addrKey(from))
      .map((d) => d.text);
  }

  /** The one reply to `text` (the datagram carrying its RQ# that is not a push). */
  reply(from: Addr, text: string): string {
    const rq = text.split(' ')[1];
    const replies = this.request(from, text).filter((t) => t.split(' ')[1] === rq && !PUSH.test(t));
    if (replies.length !== 1) throw new Error(`expected one reply to "${text}", got ${JSON.stringify(replies)}`);
    return replies[0];
  }

  /** reply() for a store whose writes take time (LogStore): waits until the change is durable and the reply out. */
  async replyDurable(from: Addr, text: string): Promise<string> {
    const rq = text.split(' ')[1];
    const start = this.sent.length;
    this.asm.dispatch(Buffer.from(text), from);
    await this.store.flush();
    const replies = this.sent
      .slice(start)
      .filter((d) => d.to === addrKey(from) && d.text.split(' ')[1] === rq && !PUSH.test(d.text));
    if (replies.length !== 1) throw new Error(`expected one reply to "${text}", got ${JSON.stringify(replies)}`);
    return replies[0].text;
  }

  /** Everything `to` has been sent so far. */
  received(to: Addr): string[] {
    return this.sent.filter((d) => d.to === addrKey(to)).map((d) => d.text);
  }

  /** The BID_UPDATEs `to` has received, as "item amount bidder". */
  updates(to: Addr): string[] {
    return this.received(to)
      .filter((t) => t.startsWith('BID_UPDATE '))
      .map((t) => t.split(' ').slice(2, 5).join(' '));
  }

  /** A WATCH granted to a fresh address (the two-step cookie handshake). */
  watcher(): Addr {
    const addr = this.address();
    const cookie = this.reply(addr, 'WATCH 1').split(' ')[2];
    const w = this.reply(addr, `WATCH 2 ${cookie}`);
    if (!w.startsWith('WATCHING ')) throw new Error(w);
    return addr;
  }

  auction(item: string) {
    return this.house.unfinishedAuction(item);
  }
}

const PUSH = /^(AUCTION_ANNOUNCE|BID_UPDATE|NEGOTIATE_REQ|PRICE_ADJUSTMENT|AUCTION_CLOSED) /;
