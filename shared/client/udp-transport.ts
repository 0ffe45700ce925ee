// UDP side of the client (PROTOCOL.md §1, §3): one socket that both sends requests and receives
// pushes, an RQ# counter, retransmission with the same RQ# and the same text, and the sorting of each
// incoming datagram into "the reply to one of my requests" or "a push".
import dgram from 'node:dgram';
import { EventEmitter, once } from 'node:events';
import { isIPv6 } from 'node:net';
import { performance } from 'node:perf_hooks';
import { format, parseDatagram } from '../protocol/index.js';
import type { CatalogItem, Message, MessageType, Push, Reply, Request } from '../protocol/messages.js';
import type { RequestDraft, ServerAddress } from './types.js';

/** The replies that close each request. DENIED (unknown command) can answer anything. */
const FINAL_REPLIES: Record<Request['type'], readonly MessageType[]> = {
  REGISTER: ['REGISTERED', 'REGISTER-DENIED'],
  LOGIN: ['LOGGED_IN', 'LOGIN-DENIED'],
  'DE-REGISTER': ['DE-REGISTERED', 'DE-REGISTER-DENIED'],
  LIST_ITEM: ['ITEM_LISTED', 'LIST-DENIED'],
  SUBSCRIBE: ['SUBSCRIBED', 'SUBSCRIPTION-DENIED'],
  'DE-SUBSCRIBE': ['DE-SUBSCRIBED', 'DE-SUBSCRIBE-DENIED'],
  BID: ['BID_ACCEPTED', 'BID_REJECTED'],
  MAX_BID: ['MAX_BID_SET', 'BID_REJECTED'],
  ACCEPT: ['PRICE_ADJUSTMENT', 'NEGOTIATE-DENIED'],
  REFUSE: ['REFUSED', 'NEGOTIATE-DENIED'],
  CATALOG: ['CATALOG_END', 'CATALOG-DENIED'],
  WATCH: ['WATCH-CHALLENGE', 'WATCHING', 'WATCH-DENIED'],
};

const PUSH_TYPES: ReadonlySet<MessageType> = new Set<MessageType>([
  'AUCTION_ANNOUNCE',
  'BID_UPDATE',
  'NEGOTIATE_REQ',
  'PRICE_ADJUSTMENT',
  'AUCTION_CLOSED',
]);

/** RQ# is 1–10 digits (§2): the counter wraps before it would need an 11th. */
const MAX_RQ = 9_999_999_999;
/** Receive buffer asked for (SO_RCVBUF). */
export const RECV_BUFFER_BYTES = 1024 * 1024;
/** How many finished CATALOG RQ#s to remember, so a late replayed catalog line is not taken for a new announcement. */
const RECENT_CATALOGS = 16;

export interface SendOptions {
  /** Transmissions in all, the first included. */
  tries?: number;
  /** Wait after the first transmission; doubled after each. */
  initialMs?: number;
}

export type Exchange =
  | {
      ok: true;
      reply: Reply;
      /** CATALOG_ITEM lines of a CATALOG page, in arrival order, one per item. */ parts: CatalogItem[];
      /** null when the request had to be retransmitted (Karn: the reply may answer any copy). */ rttMs: number | null;
    }
  | {
      ok: false;
      timeout: true;
      rq?: string;
      /** The client moved to another server before an answer came (moveTo): not the server's silence. */
      moved?: true;
    };

export interface UdpTransportOptions {
  bindHost: string;
  port: number;
  server: ServerAddress;
  retryInitialMs: number;
  retryTries: number;
  firstRq?: number;
}

interface TransportEvents {
  push: [Push];
  /**
   * A datagram that is neither a reply to an outstanding request nor a push: a late duplicate reply, an unknown RQ#.
   */
  stray: [Message];
  notice: [string];
}

interface Pending {
  rq: string;
  type: Request['type'];
  finals: readonly MessageType[];
  parts: Map<string, CatalogItem> | null;
  sentAt: number;
  retransmitted: boolean;
  timer: NodeJS.Timeout | null;
  done: (e: Exchange) => void;
}

export class UdpTransport extends EventEmitter<TransportEvents> {
  private readonly pending = new Map<string, Pending[]>();
  private readonly recentCatalogRqs: string[] = [];
  private nextRqValue: number;
  private closed = false;
  /** Where requests go: opts.server until moveTo(). */
  private target: ServerAddress;

  static async open(opts: UdpTransportOptions): Promise<UdpTransport> {
    const socket = dgram.createSocket(isIPv6(opts.bindHost) ? 'udp6' : 'udp4');
    socket.bind(opts.port, opts.bindHost);
    await once(socket, 'listening'); // rejects on a bind error
    // A CATALOG page is 33 datagrams in a burst: room for several, beyond the kernel's default. The
    // kernel caps the size at net.core.rmem_max without an error; a refusal is not fatal either.
    try {
      socket.setRecvBufferSize(RECV_BUFFER_BYTES);
    } catch {
      // keep the default
    }
    return new UdpTransport(socket, opts);
  }

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly opts: UdpTransportOptions,
  ) {
    super();
    this.target = opts.server;
    this.nextRqValue = opts.firstRq ?? 100_000_000 + Math.floor(Math.random() * 900_000_000);
    socket.on('message', (bytes) => this.receive(bytes));
    // An ICMP error or a send failure must not kill the client: retransmission covers it.
    socket.on('error', (err) =>
      this.emit('notice', `UDP socket error: ${(err as NodeJS.ErrnoException).code ?? err.message}`),
    );
  }

  /** The address the socket is bound to; what REGISTER/LOGIN must announce (§2). */
  get address(): { ip: string; port: number } {
    const a = this.socket.address();
    return { ip: a.address, port: a.port };
  }

  /** Datagrams this socket sent and received (what a client costs the network: bench:scale). */
  readonly datagrams = { sent: 0, received: 0 };

  /** The socket's receive buffer (SO_RCVBUF as the kernel reports it: twice what was granted). */
  get recvBufferSize(): number {
    return this.socket.getRecvBufferSize();
  }

  /** The server requests are sent to. */
  get server(): ServerAddress {
    return this.target;
  }

  /**
   * Sends from now on to `server` (a house of several servers, PROTOCOL.md §9), from the same socket: the
   * same source address, so a request sent again there with its RQ# and text is a duplicate the house
   * answers from memory. Every request still waiting for an answer resolves at once as `moved`, for the
   * caller to send again when it is ready (logged in there), rather than retransmitting into a server
   * that has not seen us yet.
   */
  moveTo(server: ServerAddress): void {
    this.target = server;
    for (const list of [...this.pending.values()])
      for (const p of [...list]) p.done({ ok: false, timeout: true, rq: p.rq, moved: true });
  }

  /** The next RQ# of this client's counter. */
  nextRq(): string {
    const rq = this.nextRqValue;
    this.nextRqValue = rq >= MAX_RQ ? 1 : rq + 1;
    return String(rq);
  }

  /**
   * Sends a request and retransmits the identical datagram until a reply with its RQ# arrives, or
   * until `tries` transmissions have each waited out their (doubling) turn.
   */
  send(draft: RequestDraft, opts: SendOptions = {}): Promise<Exchange> {
    const msg = { ...draft, rq: draft.rq ?? this.nextRq() };
    const bytes = Buffer.from(format(msg), 'utf8');
    const tries = opts.tries ?? this.opts.retryTries;
    let waitMs = opts.initialMs ?? this.opts.retryInitialMs;
    if (this.closed) return Promise.resolve({ ok: false, timeout: true });

    return new Promise<Exchange>((resolve) => {
      const p: Pending = {
        rq: msg.rq,
        type: msg.type,
        finals: FINAL_REPLIES[msg.type],
        parts: msg.type === 'CATALOG' ? new Map() : null,
        sentAt: performance.now(),
        retransmitted: false,
        timer: null,
        done: (e) => {
          if (p.timer) clearTimeout(p.timer);
          p.timer = null;
          this.forget(p);
          resolve(e);
        },
      };
      const list = this.pending.get(p.rq) ?? [];
      list.push(p);
      this.pending.set(p.rq, list);

      let sent = 0;
      const transmit = () => {
        if (sent > 0) p.retransmitted = true;
        sent++;
        this.datagrams.sent++;
        this.socket.send(bytes, this.target.port, this.target.host, () => {
          // Send errors (unreachable host, socket closing) are not fatal: the next try or the timeout follows.
        });
        p.timer = setTimeout(
          () => (sent < tries ? transmit() : p.done({ ok: false, timeout: true, rq: msg.rq })),
          waitMs,
        );
        waitMs *= 2;
      };
      transmit();
    });
  }

  /** Stops everything: outstanding requests resolve as timed out, the socket closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const list of [...this.pending.values()]) for (const p of [...list]) p.done({ ok: false, timeout: true });
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private forget(p: Pending): void {
    const list = this.pending.get(p.rq);
    if (!list) return;
    const rest = list.filter((q) => q !== p);
    if (rest.length) this.pending.set(p.rq, rest);
    else this.pending.delete(p.rq);
  }

  private receive(bytes: Buffer): void {
    this.datagrams.received++;
    const parsed = parseDatagram(bytes);
    if (!parsed.ok) {
      this.emit('notice', `Ignored a datagram from the server: ${parsed.error.message}`);
      return;
    }
    const msg = parsed.msg;
    const rq = msg.rq;
    for (const p of this.pending.get(rq) ?? []) {
      if (p.parts && msg.type === 'CATALOG_ITEM') {
        // Keyed by item: a retransmitted CATALOG is answered with the whole page again.
        p.parts.set(msg.item.toLowerCase(), msg);
        return;
      }
      if (p.finals.includes(msg.type) || msg.type === 'DENIED') {
        if (p.type === 'CATALOG') this.rememberCatalog(rq);
        p.done({
          ok: true,
          reply: msg as Reply,
          parts: p.parts ? [...p.parts.values()] : [],
          rttMs: p.retransmitted ? null : performance.now() - p.sentAt,
        });
        return;
      }
    }
    if (msg.type === 'CATALOG_ITEM' && this.recentCatalogRqs.includes(rq)) return; // late line of a finished CATALOG
    if (PUSH_TYPES.has(msg.type)) this.emit('push', msg as Push);
    else this.emit('stray', msg);
  }

  private rememberCatalog(rq: string): void {
    this.recentCatalogRqs.push(rq);
    if (this.recentCatalogRqs.length > RECENT_CATALOGS) this.recentCatalogRqs.shift();
  }
}
