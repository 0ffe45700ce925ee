// The bid storm's load generator (issue 6), shared by `npm run bench` (bench/run.ts) and `npm run
// bench:cluster` (bench/cluster.ts): raw UDP peers speaking the shared codec, the setup of sellers,
// bidders, subscribers and watchers (each bound to one of the servers given), and the closed-loop storm.
import type dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { format, formatMoney, money, parseDatagram } from '../shared/protocol/index.js';
import type { Message } from '../shared/protocol/messages.js';
import type { RequestDraft } from '../shared/client/types.js';
import { percentile } from './stats.js';
import type { BenchConfig } from './args.js';

/** What the storm reads of a bench's configuration. */
export type StormConfig = Pick<
  BenchConfig,
  'bidders' | 'items' | 'subs' | 'watchers' | 'retryMs' | 'maxShare' | 'maxHeadroom'
>;
import { HOST, openSocket } from './udp.js';

// ---- small helpers ----------------------------------------------------------------------------

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** p50 / p99 / p99.9 of sorted values (ms), rounded to µs. */
export function percentiles(sorted: Float64Array): Percentiles {
  return {
    p50: round(percentile(sorted, 50), 3),
    p99: round(percentile(sorted, 99), 3),
    p999: round(percentile(sorted, 99.9), 3),
  };
}

export const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

/** utime+stime (seconds) and peak RSS (kB) of a process, from /proc. */
export function procStats(pid: number): { cpuS: number; hwmKb: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuS = (Number(rest[11]) + Number(rest[12])) / 100; // clock ticks (CLK_TCK = 100 on Linux)
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+)/.exec(status);
    return { cpuS, hwmKb: hwm ? Number(hwm[1]) : 0 };
  } catch {
    return null;
  }
}
// ---- load generator peers ---------------------------------------------------------------------

export interface BidRec {
  text: string;
  sentAt: number;
  replyAt: number;
  accepted: boolean | null;
  /** Arrival times of this bid's BID_UPDATEs. */
  upd: number[];
  /** The server the bid was sent through, and the arrival times of its BID_UPDATEs bound through another. */
  via: { port: number };
  cross: number[];
}

export class Peer {
  private rqn = 1;
  private waiting = new Map<string, (m: Message) => void>();
  /** The storm's bidder state: the one outstanding BID. */
  cur: { rq: string; rec: BidRec; lastSent: number } | null = null;
  /**
   * `floor`: an amount the next bid must exceed, when the reply tells one (MAX_BID_SET's price, a refusal's minimum).
   */
  onBidReply: ((p: Peer, accepted: boolean, t: number, floor: number) => void) | null = null;
  onUpdate: ((key: string, t: number, p: Peer) => void) | null = null;
  updates = 0;

  private constructor(
    readonly sock: dgram.Socket,
    readonly name: string,
    /** The server this peer sends through (and so is bound through, §9 Pushes). */
    readonly server: { port: number },
  ) {
    sock.on('message', (buf) => this.receive(buf));
    sock.on('error', () => undefined);
  }

  static async open(name: string, server: { port: number }, rcvBuf: number): Promise<Peer> {
    return new Peer(await openSocket(rcvBuf), name, server);
  }

  get port(): number {
    return this.sock.address().port;
  }
  nextRq(): string {
    return String(this.rqn++);
  }
  send(text: string): void {
    this.sock.send(text, this.server.port, HOST);
  }

  private receive(buf: Buffer): void {
    const t = performance.now();
    // Fast path for the flood of pushes: BID_UPDATE RQ# Item Highest_Bid Bidder Time_Left.
    if (buf[0] === 0x42 && buf[3] === 0x5f && buf.toString('latin1', 0, 11) === 'BID_UPDATE ') {
      this.updates++;
      // The key "Item_Name Highest_Bid" lies between the space after RQ# and the space after Highest_Bid.
      const afterRq = buf.indexOf(0x20, 11);
      const afterBid = buf.indexOf(0x20, buf.indexOf(0x20, afterRq + 1) + 1);
      this.onUpdate?.(buf.toString('latin1', afterRq + 1, afterBid), t, this);
      return;
    }
    const parsed = parseDatagram(buf);
    if (!parsed.ok) return;
    const m = parsed.msg;
    if (
      m.type === 'AUCTION_ANNOUNCE' ||
      m.type === 'BID_UPDATE' ||
      m.type === 'PRICE_ADJUSTMENT' ||
      m.type === 'AUCTION_CLOSED' ||
      m.type === 'NEGOTIATE_REQ'
    )
      return;
    const c = this.cur;
    if (c && m.rq === c.rq && (m.type === 'BID_ACCEPTED' || m.type === 'MAX_BID_SET' || m.type === 'BID_REJECTED')) {
      this.cur = null;
      c.rec.replyAt = t;
      c.rec.accepted = m.type !== 'BID_REJECTED';
      let floor = 0;
      if (m.type === 'MAX_BID_SET') floor = m.price;
      else if (m.type === 'BID_REJECTED') {
        const least = /at least (?:the current price )?(\d+\.\d\d)/.exec(m.reason);
        const cents = least ? money(least[1]) : null;
        if (cents?.ok) floor = cents.value - 1;
      }
      this.onBidReply?.(this, c.rec.accepted, t, floor);
      return;
    }
    const w = this.waiting.get(m.rq);
    if (w) {
      this.waiting.delete(m.rq);
      w(m);
    }
  }

  /** A setup request, retransmitted (same text, same RQ#) until answered. */
  async request(draft: RequestDraft, tries = 8, firstWaitMs = 250): Promise<Message> {
    const msg = { ...draft, rq: draft.rq ?? this.nextRq() };
    const text = format(msg);
    return new Promise<Message>((resolve, reject) => {
      let n = 0;
      let timer: NodeJS.Timeout;
      const go = (): void => {
        if (n++ >= tries) {
          this.waiting.delete(msg.rq);
          reject(new Error(`${this.name}: no reply to ${text}`));
          return;
        }
        this.send(text);
        timer = setTimeout(go, firstWaitMs * 2 ** Math.min(n - 1, 3));
      };
      this.waiting.set(msg.rq, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      go();
    });
  }

  close(): Promise<void> {
    return new Promise((r) => {
      try {
        this.sock.close(() => r());
      } catch {
        r();
      }
    });
  }
}

export async function inBatches<T>(xs: T[], size: number, fn: (x: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < xs.length; i += size) await Promise.all(xs.slice(i, i + size).map(fn));
}

export function expect(m: Message, type: string, what: string): void {
  if (m.type !== type) throw new Error(`${what}: expected ${type}, got ${format(m)}`);
}

export interface Load {
  sellers: Peer[];
  bidders: Peer[];
  subscribers: Peer[];
  watchers: Peer[];
  itemNames: string[];
  /** Distinct addresses that must get each BID_UPDATE of an item: its subscribers, its seller, the watchers. */
  audiencePerBid: number;
}

/** The peers that receive BID_UPDATEs: subscribers, sellers, watchers. */
export const audience = (load: Load): Peer[] => [...load.subscribers, ...load.sellers, ...load.watchers];

export async function closeLoad(load: Load): Promise<void> {
  for (const p of [...load.bidders, ...audience(load)]) await p.close();
}

/**
 * Opens and binds the storm's peers. With several servers (a house, PROTOCOL.md §9) the peers are spread
 * across them by their rank among the peers of the same item (bidder and subscriber i are on item
 * i % items), so every item has bidders and subscribers on every server and its pushes cross servers.
 */
export async function setupLoad(
  cfg: Pick<StormConfig, 'bidders' | 'items' | 'subs' | 'watchers'>,
  servers: { port: number } | Array<{ port: number }>,
  tag: string,
): Promise<Load> {
  const via = Array.isArray(servers) ? servers : [servers];
  const mk = (prefix: string, n: number, buf: number, perItem: boolean): Promise<Peer[]> =>
    Promise.all(
      Array.from({ length: n }, (_, i) =>
        Peer.open(`${prefix}${i}`, via[(perItem ? Math.floor(i / cfg.items) : i) % via.length], buf),
      ),
    );
  const sellers = await mk(`${tag}s`, cfg.items, 1 << 20, false);
  const bidders = await mk(`${tag}b`, cfg.bidders, 256 << 10, true);
  const subscribers = await mk(`${tag}u`, cfg.items * cfg.subs, 2 << 20, true);
  const watchers = await mk(`${tag}w`, cfg.watchers, 4 << 20, false);
  const itemNames = Array.from({ length: cfg.items }, (_, i) => `${tag}item${i}`);
  const register =
    (role: 'buyer' | 'seller') =>
    async (p: Peer): Promise<void> => {
      const r = await p.request({ type: 'REGISTER', name: p.name, role, ip: HOST, udpPort: p.port, tcpPort: 9 });
      expect(r, 'REGISTERED', `REGISTER ${p.name}`);
    };
  await inBatches(sellers, 50, register('seller'));
  await inBatches(
    sellers.map((p, i) => [p, i] as const),
    50,
    async ([p, i]) => {
      const r = await p.request({
        type: 'LIST_ITEM',
        item: itemNames[i],
        description: 'bench lot',
        startPrice: 100,
        duration: 3600,
      });
      expect(r, 'ITEM_LISTED', `LIST_ITEM ${itemNames[i]}`);
    },
  );
  await inBatches([...bidders, ...subscribers], 50, register('buyer'));
  await inBatches(
    subscribers.map((p, i) => [p, i % cfg.items] as const),
    50,
    async ([p, item]) => {
      const r = await p.request({ type: 'SUBSCRIBE', item: itemNames[item] });
      expect(r, 'SUBSCRIBED', `SUBSCRIBE ${p.name}`);
    },
  );
  for (const w of watchers) {
    const c = await w.request({ type: 'WATCH' });
    expect(c, 'WATCH-CHALLENGE', 'WATCH');
    const r = await w.request({ type: 'WATCH', cookie: (c as { cookie: string }).cookie });
    expect(r, 'WATCHING', 'WATCH with cookie');
  }
  await sleep(200); // let the setup's pushes (AUCTION_ANNOUNCEs) drain
  return { sellers, bidders, subscribers, watchers, itemNames, audiencePerBid: cfg.subs + 1 + cfg.watchers };
}

export interface Percentiles {
  p50: number;
  p99: number;
  p999: number;
}

/** What a storm measures, reported as is in each scenario's result. */
export interface StormMeasures {
  durationS: number;
  retransmits: number;
  accepted: number;
  rejected: number;
  unanswered: number;
  acceptedPerS: number;
  repliesPerS: number;
  latencyMs: Percentiles & { max: number };
  fanoutMs: Percentiles;
  updates: { expected: number; received: number; lostPct: number };
  loadgenCpuPct: number;
}

export interface StormResult extends StormMeasures {
  sent: number;
  /** Every BID_UPDATE the audience received during the storm, matched to a sent amount or not. */
  receivedAll: number;
  /** Every BID sent, by "Item_Name Amount" (the key BID_UPDATEs and stored bids are matched on). */
  bids: Map<string, BidRec>;
  /**
   * By the port of the server a bid went through: its reply → its BID_UPDATEs to the audience bound
   * through another server (none with one server).
   */
  crossFanoutMs: Map<number, Percentiles>;
}

/** The closed-loop storm. `killAtMs`: stop the storm at that moment and call onKill (the SIGKILL). */
export async function storm(
  cfg: StormConfig,
  load: Load,
  durationMs: number,
  opts: { killAtMs?: number; onKill?: () => void; maxima?: boolean } = {},
): Promise<StormResult> {
  // The storm with maxima: this share of the bidders sends MAX_BID (a maximum `maxHeadroom` cents above
  // its amount, so it answers the plain bids that follow), the others BID.
  const share = opts.maxima ? cfg.maxShare : 0;
  // Bidder i bids on item i % items; its rank among that item's bidders picks it, so every item has both kinds.
  const items = load.itemNames.length;
  const isMax = (i: number): boolean => {
    const j = Math.floor(i / items);
    return Math.floor((j + 1) * share) > Math.floor(j * share);
  };
  const maxBidders = new Set(load.bidders.filter((_, i) => isMax(i)));
  const updates0 = audience(load).reduce((n, p) => n + p.updates, 0);
  const bids = new Map<string, BidRec>();
  const top = load.itemNames.map(() => 100);
  let stopping = false;
  let retransmits = 0;
  const t0 = performance.now();
  const tEnd = t0 + durationMs;
  let acceptedInWindow = 0;
  let repliesInWindow = 0;
  const cpu0 = process.cpuUsage();

  // With maxima, amounts rise by 2 cents: a maximum answering a bid lands 1 cent above it, and the next
  // amount still beats that answer instead of being refused.
  const step = share > 0 ? 2 : 1;
  const fire = (p: Peer, item: number): void => {
    const cents = (top[item] += step);
    const rq = p.nextRq();
    const name = load.itemNames[item];
    const text = maxBidders.has(p)
      ? format({ type: 'MAX_BID', rq, item: name, maxAmount: cents + cfg.maxHeadroom })
      : format({ type: 'BID', rq, item: name, amount: cents });
    const now = performance.now();
    const rec: BidRec = { text, sentAt: now, replyAt: 0, accepted: null, upd: [], via: p.server, cross: [] };
    bids.set(`${load.itemNames[item]} ${formatMoney(cents)}`, rec); // amounts only rise: one record per BID
    p.cur = { rq, rec, lastSent: now };
    p.send(text);
  };
  const onUpdate = (key: string, t: number, to: Peer): void => {
    const r = bids.get(key);
    if (!r) return;
    r.upd.push(t);
    if (to.server !== r.via) r.cross.push(t);
  };
  let outstanding = 0;
  let drained: () => void = () => undefined;
  load.bidders.forEach((p, i) => {
    const item = i % load.itemNames.length;
    p.onBidReply = (peer, accepted, t, floor) => {
      // A maximum may have answered above our amounts: bid on from where the price is.
      if (floor > top[item]) top[item] = floor;
      if (t <= tEnd) {
        repliesInWindow++;
        if (accepted) acceptedInWindow++;
      }
      if (stopping || t >= tEnd) {
        if (--outstanding === 0) drained();
        return;
      }
      fire(peer, item);
    };
  });
  for (const p of audience(load)) p.onUpdate = onUpdate;

  // Retransmit unanswered BIDs (same text, same RQ#: the server answers a duplicate from its reply cache).
  const sweep = setInterval(
    () => {
      if (stopping) return;
      const now = performance.now();
      for (const p of load.bidders) {
        const c = p.cur;
        if (c && now - c.lastSent >= cfg.retryMs) {
          c.lastSent = now;
          retransmits++;
          p.send(c.rec.text);
        }
      }
    },
    Math.min(200, cfg.retryMs / 2),
  );

  outstanding = load.bidders.length;
  load.bidders.forEach((p, i) => fire(p, i % load.itemNames.length));
  const allDrained = new Promise<void>((r) => {
    drained = r;
  });
  if (opts.killAtMs !== undefined) {
    await sleep(opts.killAtMs);
    stopping = true;
    opts.onKill?.();
    await sleep(300);
  } else {
    await sleep(durationMs);
    // Let the outstanding bids finish (retransmitting as needed), then give the pushes a moment.
    await Promise.race([allDrained, sleep(cfg.retryMs * 4 + 1000)]);
    stopping = true;
    await sleep(500);
  }
  clearInterval(sweep);
  const wallMs = Math.min(performance.now(), opts.killAtMs !== undefined ? t0 + opts.killAtMs : tEnd) - t0;
  const cpu = process.cpuUsage(cpu0);
  for (const p of load.bidders) {
    p.onBidReply = null;
    p.cur = null;
  }
  for (const p of audience(load)) p.onUpdate = null;

  const all = [...bids.values()];
  const answered = all.filter((r) => r.accepted !== null);
  const lat = Float64Array.from(answered, (r) => r.replyAt - r.sentAt).sort();
  const accepted = answered.filter((r) => r.accepted);
  const fan: number[] = [];
  /** By the port of the server the bid went through; not clamped (a reply crossing servers can be the later). */
  const cross = new Map<number, number[]>();
  let received = 0;
  for (const r of accepted) {
    received += r.upd.length;
    for (const u of r.upd) fan.push(Math.max(0, u - r.replyAt));
    if (r.cross.length && !cross.has(r.via.port)) cross.set(r.via.port, []);
    for (const u of r.cross) cross.get(r.via.port)!.push(u - r.replyAt);
  }
  const fanSorted = Float64Array.from(fan).sort();
  // With maxima a request records 0, 1 or 2 bids (each one BID_UPDATE): scenario() counts them on disk.
  const expected = accepted.length * load.audiencePerBid;
  const receivedAll = audience(load).reduce((n, p) => n + p.updates, 0) - updates0;
  const durationS = wallMs / 1000;
  return {
    durationS: round(durationS, 3),
    sent: all.length,
    retransmits,
    accepted: accepted.length,
    rejected: answered.length - accepted.length,
    unanswered: all.length - answered.length,
    acceptedPerS: round(acceptedInWindow / durationS, 1),
    repliesPerS: round(repliesInWindow / durationS, 1),
    latencyMs: { ...percentiles(lat), max: round(lat.length ? lat[lat.length - 1] : 0, 3) },
    fanoutMs: percentiles(fanSorted),
    updates: {
      expected,
      received,
      lostPct: expected ? round((100 * Math.max(0, expected - received)) / expected, 4) : 0,
    },
    loadgenCpuPct: round((100 * (cpu.user + cpu.system)) / 1000 / wallMs, 1),
    bids,
    receivedAll,
    crossFanoutMs: new Map([...cross].map(([port, ms]) => [port, percentiles(Float64Array.from(ms).sort())])),
  };
}
