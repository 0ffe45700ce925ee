// Session logic of the client core: who we are to the server (REGISTER/LOGIN), whether it is
// answering (connecting / online / offline), and keeping the picture fresh (periodic CATALOG, WATCH
// renewals, re-LOGIN + resync when the server comes back). Given the servers of a house (PROTOCOL.md
// §9), it moves to the next one when the one it is on stops answering, and carries its session and
// its unanswered requests there. Sockets live in udp-transport.ts and checkout-session.ts; this file
// only decides what to send when, and where.
import dgram from 'node:dgram';
import { EventEmitter, once } from 'node:events';
import { isIPv6 } from 'node:net';
import { DENIAL_FOR } from '../protocol/messages.js';
import type { Cents, Denial, Push, Reply, Request, Role } from '../protocol/messages.js';
import { CatalogSync, type PageOutcome } from './catalog-sync.js';
import { CheckoutListener } from './checkout-session.js';
import type { CheckoutConversation } from './checkout-session.js';
import type {
  CatalogEntry,
  CatalogOutcome,
  CheckoutSession,
  ClientEvents,
  ClientOptions,
  ConnectionState,
  Identity,
  ReplyByRequest,
  RequestDraft,
  RequestOutcome,
  ServerAddress,
  SessionOutcome,
} from './types.js';
import { IncrementTracker, type KnownIncrements } from './increments.js';
import { UdpTransport } from './udp-transport.js';
import type { Exchange, SendOptions } from './udp-transport.js';

const DEFAULTS = { retryInitialMs: 500, retryTries: 5, catalogEveryMs: 15_000, probeEveryMs: 2_000 };
/** Renew a watch when this fraction of its `Seconds` has gone by. */
const WATCH_RENEW_AT = 2 / 3;
/** Pushes remembered to drop repeats (a NEGOTIATE_REQ is resent every 2 s with the same RQ#; replayed replies). */
const SEEN_PUSHES = 512;
/** Attempts at one CATALOG page whose lines went missing (CATALOG_END's Count larger than what arrived). */
const PAGE_ATTEMPTS = 4;
/** A Since_RQ beyond any server RQ#: the offline probe's CATALOG asks for an empty page (one small reply). */
const PROBE_SINCE = 9_999_999_999;
/** How long a WATCH-CHALLENGE cookie is reused for REGISTER/LOGIN; the server accepts it for at least 60 s. */
const PROOF_REUSE_MS = 30_000;
/** How long a request waits for a move to end, in its own retransmission times (see sendInHouse). */
const ARRIVAL_PATIENCE = 4;
/**
 * The requests that change something: in a house, one the server we were on never answered is sent again,
 * with its RQ# and text, to the next server (§9 Retries move: answered from the house's memory, never
 * executed twice). LOGIN, REGISTER, WATCH and CATALOG are not: the resync there does them afresh.
 */
const CARRIED_OVER: ReadonlySet<Request['type']> = new Set<Request['type']>([
  'BID',
  'MAX_BID',
  'LIST_ITEM',
  'ACCEPT',
  'REFUSE',
  'SUBSCRIBE',
  'DE-SUBSCRIBE',
  'DE-REGISTER',
]);

const DENIAL_TYPES: ReadonlySet<string> = new Set([...Object.values(DENIAL_FOR), 'DENIED']);
export function isDenial(reply: Reply): reply is Denial {
  return DENIAL_TYPES.has(reply.type);
}

export class AuctionClient extends EventEmitter<ClientEvents> {
  private readonly opts: Required<
    Pick<ClientOptions, 'retryInitialMs' | 'retryTries' | 'catalogEveryMs' | 'probeEveryMs'>
  > &
    ClientOptions;
  private readonly now: () => number;
  /** The servers of the house (usually one) and the one we are on. */
  private readonly servers: readonly ServerAddress[];
  private at = 0;
  /** Whether the server we are on has answered since we came to it (told with a move). */
  private answeredHere = false;
  /**
   * From a move until the resync on the new server has logged us in: requests that change something wait
   * for it (true) before they go there, so that server never sees them from an address it has not bound.
   */
  private arrival: { promise: Promise<boolean>; resolve: (arrived: boolean) => void } | null = null;
  /** After a move: subscribe again, and work out the address to announce again (resyncOnce). */
  private movedSinceResync = false;
  /** What this account is subscribed to (lowercase name → name), to subscribe to again after a move. */
  private readonly subscribed = new Map<string, string>();
  private transport: UdpTransport | null = null;
  private listener: CheckoutListener | null = null;
  private addr: { ip: string; udpPort: number; tcpPort: number } | null = null;
  private closed = false;

  private state: ConnectionState = 'connecting';
  private rtt: number | null = null;
  private identity: Identity | null;
  private current: { name: string; role: Role } | null = null;
  private readonly catalogSync: CatalogSync;

  private startup: Promise<SessionOutcome> | null = null;
  private resyncing: Promise<SessionOutcome> | null = null;
  private resyncAgain = false;

  private tickTimer: NodeJS.Timeout | null = null;
  private ticking = false;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  /** When the server was last heard from (a reply or a push), for the heartbeat. */
  private lastHeard = 0;

  private wantWatch: boolean;
  private watchCookie: string | undefined;
  private watchTimer: NodeJS.Timeout | null = null;
  /** The last WATCH-CHALLENGE cookie and when it came (see withAddressProof). */
  private proof: { cookie: string; at: number } | null = null;

  private readonly seenPushes = new Set<string>();
  private readonly incrementTracker: IncrementTracker;
  /** The maximum this client set on each item (by lowercase name), until the auction closes. */
  private readonly maxima = new Map<string, Cents>();
  /** The session moved to another terminal: no automatic LOGIN (resync) until takeSession(). */
  private sessionMoved = false;

  /**
   * new + start() + wait for the first session. Throws (after closing) if the login is denied; resolves offline if the
   * server is silent.
   */
  static async create(opts: ClientOptions): Promise<AuctionClient> {
    const client = new AuctionClient(opts);
    await client.start();
    const outcome = await client.ready();
    if (!outcome.ok && !outcome.timeout) {
      await client.close();
      throw new Error(`Could not log in as ${opts.identity?.name}: ${outcome.reason}`);
    }
    return client;
  }

  constructor(opts: ClientOptions) {
    super();
    // `??` rather than a spread: an option passed as undefined (e.g. from a CLI flag) keeps its default.
    this.opts = {
      ...opts,
      retryInitialMs: opts.retryInitialMs ?? DEFAULTS.retryInitialMs,
      retryTries: opts.retryTries ?? DEFAULTS.retryTries,
      catalogEveryMs: opts.catalogEveryMs ?? DEFAULTS.catalogEveryMs,
      probeEveryMs: opts.probeEveryMs ?? DEFAULTS.probeEveryMs,
    };
    this.now = opts.now ?? Date.now;
    this.servers = 'host' in opts.server ? [opts.server] : [...opts.server];
    if (this.servers.length === 0) throw new Error('AuctionClient: no server given');
    for (const item of opts.subscriptions ?? []) this.subscribed.set(item.toLowerCase(), item);
    this.identity = opts.identity ?? null;
    this.wantWatch = opts.watch ?? !opts.identity;
    this.incrementTracker = new IncrementTracker(opts.increments, (k) => this.emit('increments', k));
    this.catalogSync = new CatalogSync(
      (since, after) => this.catalogPage(since, after),
      this.now,
      (received, total) => this.emit('catalog-progress', { received, total }),
    );
  }

  /** Binds the UDP socket and the TCP listener, then starts the session in the background (see ready()). */
  async start(): Promise<void> {
    if (this.transport || this.closed) throw new Error('AuctionClient.start() may be called once');
    const bindHost = this.opts.bindHost ?? '127.0.0.1';
    const transport = await UdpTransport.open({
      bindHost,
      port: this.opts.udpPort ?? 0,
      server: this.servers[0],
      retryInitialMs: this.opts.retryInitialMs,
      retryTries: this.opts.retryTries,
      firstRq: this.opts.firstRq,
    });
    try {
      this.listener = await CheckoutListener.listen({
        host: bindHost,
        port: this.opts.tcpPort ?? 0,
        now: this.now,
        onCheckout: (s) => this.onCheckout(s),
        onNotice: (t) => this.notice(t),
      });
      const ip = isWildcard(bindHost) ? await localIpToward(this.servers[0], bindHost) : transport.address.ip;
      this.addr = { ip, udpPort: transport.address.port, tcpPort: this.listener.port };
    } catch (err) {
      await Promise.all([transport.close(), this.listener?.close()]);
      throw err;
    }
    this.transport = transport;
    transport.on('push', (m) => this.onPush(m));
    transport.on('notice', (t) => this.notice(t));
    this.startup = this.resync();
    this.scheduleTick(this.opts.catalogEveryMs);
    this.scheduleHeartbeat();
  }

  /** The startup sequence's outcome (LOGIN or REGISTER+LOGIN, WATCH, CATALOG). */
  ready(): Promise<SessionOutcome> {
    if (!this.startup) throw new Error('AuctionClient not started');
    return this.startup;
  }

  /** The server requests go to now (the first of the list until a move). */
  get server(): ServerAddress {
    return this.servers[this.at];
  }

  get connection(): { state: ConnectionState; rttMs: number | null } {
    return { state: this.state, rttMs: this.rtt };
  }

  /** The logged-in account, or null (spectator, not yet logged in, login denied). */
  get session(): { name: string; role: Role } | null {
    return this.current;
  }

  /** What REGISTER/LOGIN announce: the UDP socket's own address and the TCP listener's port. */
  get address(): { ip: string; udpPort: number; tcpPort: number } {
    if (!this.addr) throw new Error('AuctionClient not started');
    return this.addr;
  }

  /** Datagrams sent to and received from the server so far (UDP; the TCP checkout is not counted). */
  get datagrams(): { sent: number; received: number } {
    return this.transport ? { ...this.transport.datagrams } : { sent: 0, received: 0 };
  }

  /** The open auctions as of the last complete catalog sync (Time_Left counted down to now). */
  get catalogEntries(): CatalogEntry[] {
    return this.catalogSync.entries();
  }

  /** Checkout conversations whose connection is still open (for a UI that attaches late). */
  get checkouts(): CheckoutSession[] {
    return this.listener ? [...this.listener.sessions] : [];
  }

  /** Sends one request, retransmitting with the same RQ# and text, and resolves with its reply or a timeout. */
  async request<D extends RequestDraft>(
    draft: D,
    opts?: SendOptions,
  ): Promise<RequestOutcome<ReplyByRequest[D['type']]>> {
    const ex = await this.exchange(draft, opts);
    return ex.ok ? { ok: true, reply: ex.reply as ReplyByRequest[D['type']] } : ex;
  }

  // ---- account --------------------------------------------------------------------------------

  /**
   * REGISTER (creates the account; LOGIN opens the session — ensureSession() does both when asked to).
   * Like LOGIN it carries this address's WATCH cookie (§5 Address verification).
   */
  async register(identity: Identity): Promise<RequestOutcome<ReplyByRequest['REGISTER']>> {
    const a = this.address;
    return this.withAddressProof((cookie) =>
      this.request({
        type: 'REGISTER',
        name: identity.name,
        role: identity.role,
        ip: a.ip,
        udpPort: a.udpPort,
        tcpPort: a.tcpPort,
        secret: identity.secret,
        cookie,
      }),
    );
  }

  /** LOGIN; on success this identity is the one re-logged-in after a server restart. */
  async login(identity: Identity): Promise<RequestOutcome<ReplyByRequest['LOGIN']>> {
    const a = this.address;
    const out = await this.withAddressProof((cookie) =>
      this.request({
        type: 'LOGIN',
        name: identity.name,
        secret: identity.secret,
        ip: a.ip,
        udpPort: a.udpPort,
        tcpPort: a.tcpPort,
        cookie,
      }),
    );
    if (out.ok && out.reply.type === 'LOGGED_IN') {
      this.identity = identity;
      this.current = { name: identity.name, role: out.reply.role };
      this.emit('session', this.current);
    }
    return out;
  }

  /**
   * Makes sure we are logged in as the identity: LOGIN, and if that is denied and `register` was asked
   * for, REGISTER then LOGIN. A REGISTER that is denied too (the name exists: the LOGIN failed for
   * another reason, e.g. a wrong secret) reports the LOGIN's reason.
   */
  async ensureSession(): Promise<SessionOutcome> {
    const id = this.identity;
    if (!id) return { ok: true, session: null };
    const first = await this.login(id);
    if (!first.ok) return first;
    if (first.reply.type === 'LOGGED_IN') return { ok: true, session: this.current };
    const reason = first.reply.reason;
    if (this.opts.register) {
      const reg = await this.register(id);
      if (!reg.ok) return reg;
      if (reg.reply.type === 'REGISTERED') {
        const second = await this.login(id);
        if (!second.ok) return second;
        if (second.reply.type === 'LOGGED_IN') return { ok: true, session: this.current };
        return this.denied(`Login as ${id.name} denied: ${second.reply.reason}`, second.reply.reason);
      }
    }
    return this.denied(`Login as ${id.name} denied: ${reason}`, reason);
  }

  /** After 'sessionMoved': log in from here again (the other terminal loses the session in turn). */
  takeSession(): Promise<SessionOutcome> {
    this.sessionMoved = false;
    return this.ensureSession();
  }

  /** DE-REGISTER the logged-in account; on success the client is a spectator. */
  async deregister(): Promise<RequestOutcome<ReplyByRequest['DE-REGISTER']>> {
    const name = this.current?.name ?? this.identity?.name;
    if (!name) throw new Error('deregister(): not logged in');
    const out = await this.request({ type: 'DE-REGISTER', name });
    if (out.ok && out.reply.type === 'DE-REGISTERED') {
      this.current = null;
      this.identity = null;
      this.subscribed.clear();
    }
    return out;
  }

  // ---- auctions -------------------------------------------------------------------------------

  listItem(
    item: string,
    description: string,
    startCents: Cents,
    durationS: number,
  ): Promise<RequestOutcome<ReplyByRequest['LIST_ITEM']>> {
    return this.request({ type: 'LIST_ITEM', item, description, startPrice: startCents, duration: durationS });
  }

  /** SUBSCRIBE; the items subscribed to are subscribed to again after a move to another server. */
  async subscribe(item: string): Promise<RequestOutcome<ReplyByRequest['SUBSCRIBE']>> {
    const out = await this.request({ type: 'SUBSCRIBE', item });
    if (out.ok && out.reply.type === 'SUBSCRIBED') this.subscribed.set(item.toLowerCase(), item);
    return out;
  }

  async unsubscribe(item: string): Promise<RequestOutcome<ReplyByRequest['DE-SUBSCRIBE']>> {
    const out = await this.request({ type: 'DE-SUBSCRIBE', item });
    if (out.ok && out.reply.type === 'DE-SUBSCRIBED') this.subscribed.delete(item.toLowerCase());
    return out;
  }

  /** BID; `rq`: the RQ# of an unanswered BID to send again (the same text: never applied twice, §3). */
  bid(item: string, cents: Cents, rq?: string): Promise<RequestOutcome<ReplyByRequest['BID']>> {
    return this.request({ type: 'BID', item, amount: cents, rq });
  }

  /**
   * MAX_BID (§5 Maximum bids, v1.1): the most this buyer will pay for `item`; the server then bids for
   * it, just enough to lead. Retransmitted like bid() (the same RQ# and text: never applied twice). The
   * reply is MAX_BID_SET with the price and leader once the proxy has answered (the leader may be
   * someone else whose maximum is higher), or BID_REJECTED with a reason (below the minimum next bid,
   * not above your own maximum, …). On MAX_BID_SET the maximum is remembered: myMaximum(item).
   */
  async maxBid(item: string, cents: Cents, rq?: string): Promise<RequestOutcome<ReplyByRequest['MAX_BID']>> {
    const out = await this.request({ type: 'MAX_BID', item, maxAmount: cents, rq });
    if (out.ok && out.reply.type === 'MAX_BID_SET') this.maxima.set(item.toLowerCase(), cents);
    return out;
  }

  /** The maximum this client set on `item` (never sent to anyone else by the server), or null. */
  myMaximum(item: string): Cents | null {
    return this.maxima.get(item.toLowerCase()) ?? null;
  }

  /** The increment policy in force as far as the core knows, and how it knows (see increments.ts). */
  get increments(): KnownIncrements {
    return this.incrementTracker.current;
  }

  /** The least a new bid (or maximum) may be on an auction at `price`: the price itself while it has no bid. */
  minimumBid(price: Cents, hasBid: boolean): Cents {
    return this.incrementTracker.minimumBid(price, hasBid);
  }

  /**
   * Answers a NEGOTIATE_REQ (its RQ#) with a lower price. The PRICE_ADJUSTMENT reply is also emitted as a 'push', since
   * it is the item's new state.
   */
  async accept(negotiateRq: string, item: string, cents: Cents): Promise<RequestOutcome<ReplyByRequest['ACCEPT']>> {
    const out = await this.request({ type: 'ACCEPT', rq: negotiateRq, item, newPrice: cents });
    if (out.ok && out.reply.type === 'PRICE_ADJUSTMENT') this.onPush(out.reply);
    return out;
  }

  refuse(negotiateRq: string, item: string): Promise<RequestOutcome<ReplyByRequest['REFUSE']>> {
    return this.request({ type: 'REFUSE', rq: negotiateRq, item });
  }

  /**
   * A full CATALOG listing, page by page (§5 Catalog): each page is asked for once the previous one's
   * CATALOG_END has arrived, a page that arrives incomplete is asked for again on its own, and
   * 'catalog-progress' follows the pages. Emits 'catalog' when the listing is complete.
   */
  async catalog(): Promise<CatalogOutcome> {
    return this.finishSync(await this.catalogSync.full());
  }

  /**
   * The periodic repair: only the auctions changed since the last complete listing (`Since_RQ`), or a
   * full listing when there is none yet, or when the count then disagrees with the server's Total.
   */
  async repairCatalog(): Promise<CatalogOutcome> {
    return this.finishSync(await this.catalogSync.repair());
  }

  /**
   * 'catalog' after a full listing, and after a repair that changed something: an idle repair (nothing
   * changed, which is most of them) costs the listeners nothing, not a walk over every auction.
   */
  private finishSync(out: Awaited<ReturnType<CatalogSync['full']>>): CatalogOutcome {
    if (!out.ok) return out;
    if ('denial' in out) return { ok: true, reply: out.denial, entries: [], full: false };
    let entries: CatalogEntry[] | null = null;
    const list = (): CatalogEntry[] => (entries ??= out.entries());
    if (out.changed && this.listenerCount('catalog') > 0) this.emit('catalog', list());
    return {
      ok: true,
      reply: out.end,
      full: out.full,
      // Built on first use (a client core with no UI never pays for it).
      get entries() {
        return list();
      },
    };
  }

  /** One CATALOG page; asked for again (a fresh RQ#) while lines are missing from it. */
  private async catalogPage(sinceRq: number, afterItem: string | null): Promise<PageOutcome> {
    for (let attempt = 1; ; attempt++) {
      const ex = await this.exchange(
        sinceRq === 0 && afterItem === null ? { type: 'CATALOG' } : { type: 'CATALOG', sinceRq, afterItem },
      );
      if (!ex.ok) return ex;
      if (ex.reply.type !== 'CATALOG_END') return { ok: true, denial: ex.reply as Denial };
      if (ex.parts.length >= ex.reply.count) return { ok: true, items: ex.parts, end: ex.reply };
      if (attempt >= PAGE_ATTEMPTS) {
        this.notice(`A catalog page kept arriving incomplete (${ex.parts.length} of ${ex.reply.count} lines)`);
        return { ok: false, timeout: true };
      }
    }
  }

  /**
   * WATCH: asks for a cookie, answers the WATCH-CHALLENGE, and keeps renewing before `Seconds` run
   * out (also after a server restart) until unwatch() or close().
   */
  async watch(): Promise<RequestOutcome<ReplyByRequest['WATCH']>> {
    this.wantWatch = true;
    this.clearWatchTimer();
    let out: RequestOutcome<ReplyByRequest['WATCH']> = { ok: false, timeout: true };
    // A cookie from an earlier time bucket (or a restarted server) is challenged again: answer once more.
    for (let round = 0; round < 3; round++) {
      out = await this.request({ type: 'WATCH', cookie: this.watchCookie });
      if (!out.ok) return out; // offline: the resync after reconnecting watches again
      const reply = out.reply;
      if (reply.type === 'WATCH-CHALLENGE') {
        this.watchCookie = reply.cookie;
        continue;
      }
      if (reply.type === 'WATCHING') {
        // Renewal and resync may both have been watching: keep exactly one timer.
        this.clearWatchTimer();
        if (this.wantWatch && !this.closed) {
          this.watchTimer = setTimeout(
            () => {
              this.watchTimer = null;
              this.watch().catch((err: Error) => this.notice(`Watch renewal failed: ${err.message}`));
            },
            reply.seconds * 1000 * WATCH_RENEW_AT,
          );
        }
        return out;
      }
      this.notice(`Watch denied: ${reply.reason}`);
      return out;
    }
    this.notice('Watch not granted: the server kept challenging the cookie');
    return out;
  }

  /** Stops renewing the watch (it lapses on the server after its Seconds). */
  unwatch(): void {
    this.wantWatch = false;
    this.clearWatchTimer();
  }

  /** Closes both sockets and clears every timer; pending requests resolve as timed out. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.tickTimer = null;
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.clearWatchTimer();
    this.arrive(false);
    await Promise.all([this.transport?.close(), this.listener?.close()]);
  }

  // ---- internals ------------------------------------------------------------------------------

  /**
   * §5 Address verification: a WATCH without a cookie is answered with WATCH-CHALLENGE and this
   * address's cookie, which proves the address can receive. REGISTER and LOGIN always carry it, so the
   * client works against a server started with `--addresses verified` as well as `any`. The cookie is
   * reused for a while (the server honours it for 60–120 s); one the server no longer accepts (it
   * restarted with a new key) is fetched afresh and the request sent once more.
   */
  private async withAddressProof<R extends Reply>(
    send: (cookie: string | undefined) => Promise<RequestOutcome<R>>,
  ): Promise<RequestOutcome<R>> {
    let out = await send(await this.addressCookie());
    if (out.ok && isDenial(out.reply) && /address not verified/i.test(out.reply.reason)) {
      this.proof = null;
      out = await send(await this.addressCookie());
    }
    return out;
  }

  /** This address's cookie; undefined from a server that gives none (a course server: DENIED) or is silent. */
  private async addressCookie(): Promise<string | undefined> {
    if (this.proof && this.now() - this.proof.at < PROOF_REUSE_MS) return this.proof.cookie;
    const out = await this.request({ type: 'WATCH' });
    if (!out.ok || out.reply.type !== 'WATCH-CHALLENGE') return undefined;
    this.proof = { cookie: out.reply.cookie, at: this.now() };
    this.watchCookie ??= out.reply.cookie; // a watch() that follows needs no second challenge
    return out.reply.cookie;
  }

  /**
   * Every request goes through here: the reply (or silence) is what moves the connection state (and, in a
   * house, the client). `stay`: never carried to another server (the resync's own SUBSCRIBEs).
   */
  private async exchange(draft: RequestDraft, opts?: SendOptions, stay = false): Promise<Exchange> {
    if (!this.transport) throw new Error('AuctionClient not started');
    if (this.closed) return { ok: false, timeout: true };
    const carried = this.servers.length > 1 && !stay && CARRIED_OVER.has(draft.type);
    const ex = carried ? await this.sendInHouse(this.transport, draft, opts) : await this.transport.send(draft, opts);
    if (this.closed) return ex;
    if (!ex.ok) {
      // Moved: the new server is not to blame. (sendInHouse has moved on by itself already.)
      if (!carried && !ex.moved) this.silent();
      return ex;
    }
    this.lastHeard = this.now();
    this.answered(ex.rttMs);
    if (ex.reply.type === 'BID_REJECTED') this.incrementTracker.rejected(ex.reply.reason);
    // The server no longer binds our address to the account: another LOGIN moved it (§4), the same
    // account in another terminal. Logging in again by ourselves would take it back from there, and the
    // two would take turns: stop, say so, and wait for the user (takeSession()).
    // (A CATALOG from an address that is no longer bound is denied as not verified, §3: the same news.)
    const denied = isDenial(ex.reply) ? ex.reply.reason : null;
    const notVerified = denied !== null && /address not verified/i.test(denied) && draft.type === 'CATALOG';
    // Until the resync after a move has logged us in there, the new server not knowing us is no news.
    if (
      denied !== null &&
      this.current &&
      !this.arrival &&
      ((/not registered/i.test(denied) && draft.type !== 'LOGIN' && draft.type !== 'REGISTER') || notVerified)
    ) {
      const { name } = this.current;
      this.current = null;
      this.sessionMoved = true;
      this.emit('sessionMoved', { name });
    } else if (notVerified && this.wantWatch && !this.resyncing) {
      // §3: a spectator whose watch lapsed (or a restarted server): watch again, then CATALOG.
      void this.resync();
    }
    return ex;
  }

  /**
   * A request that changes something, in a house: sent to the server we are on; left unanswered there (that
   * server is silent: move on, or we moved meanwhile), it goes again with the same RQ# and text to the next
   * server once we are logged in there, for at most one round of the house. A move under way is waited for
   * first, so the new server never gets it from an address it has not bound yet, which it would deny as
   * Not registered.
   */
  private async sendInHouse(transport: UdpTransport, draft: RequestDraft, opts?: SendOptions): Promise<Exchange> {
    const d: RequestDraft = { ...draft, rq: draft.rq ?? transport.nextRq() };
    const tries = opts?.tries ?? this.opts.retryTries;
    // The resync there takes a few requests (LOGIN, maybe REGISTER, SUBSCRIBEs, CATALOG): a few times what one takes.
    const patienceMs = ARRIVAL_PATIENCE * (opts?.initialMs ?? this.opts.retryInitialMs) * (2 ** tries - 1);
    for (let servers = 1; ; servers++) {
      if (this.arrival && !(await this.arrived(patienceMs))) return { ok: false, timeout: true, rq: d.rq };
      if (this.closed) return { ok: false, timeout: true, rq: d.rq };
      const ex = await transport.send(d, opts);
      if (ex.ok || this.closed) return ex;
      if (!ex.moved) this.silent();
      if (servers >= this.servers.length) return { ok: false, timeout: true, rq: d.rq };
    }
  }

  /**
   * Waits for the move under way to end (true); false after `ms`, or once the client has been round the
   * whole house again without an answer (no server to send it to).
   */
  private arrived(ms: number): Promise<boolean> {
    const arrival = this.arrival;
    if (!arrival) return Promise.resolve(true);
    return new Promise((resolve) => {
      let moves = 0;
      const onMove = () => {
        if (++moves >= this.servers.length) done(false);
      };
      const timer = setTimeout(() => done(false), ms);
      const done = (arrived: boolean) => {
        clearTimeout(timer);
        this.off('server', onMove);
        resolve(arrived);
      };
      this.on('server', onMove);
      void arrival.promise.then(done);
    });
  }

  /** The move under way has ended: logged in on the new server (true), or the client is closing (false). */
  private arrive(arrived: boolean): void {
    const arrival = this.arrival;
    this.arrival = null;
    arrival?.resolve(arrived);
  }

  /** The server we are on did not answer: in a house, move to the next; alone, wait for it to come back. */
  private silent(): void {
    if (this.servers.length > 1) this.moveOn();
    else this.wentSilent();
  }

  /**
   * To the next server of the house (round robin), from the same socket. Offline until it answers; its
   * first answer starts the resync there (answered()): LOGIN, WATCH, SUBSCRIBE again, CATALOG. Requests
   * waiting for an answer come back `moved` from the transport and are sent there after it (sendInHouse).
   */
  private moveOn(): void {
    const transport = this.transport;
    if (!transport) return;
    const from = this.servers[this.at];
    const answered = this.answeredHere;
    this.at = (this.at + 1) % this.servers.length;
    this.answeredHere = false;
    this.movedSinceResync = true;
    if (!this.arrival) {
      let resolve: (arrived: boolean) => void = () => undefined;
      const promise = new Promise<boolean>((r) => (resolve = r));
      this.arrival = { promise, resolve };
    }
    this.wentSilent(); // offline (once), and a probe, now sent to the new server
    transport.moveTo(this.servers[this.at]);
    this.emit('server', { server: this.servers[this.at], from, answered });
  }

  private answered(rttMs: number | null): void {
    const was = this.state;
    this.answeredHere = true;
    if (rttMs !== null) this.rtt = Math.round(rttMs * 10) / 10;
    this.setState('online');
    if (was === 'offline') {
      this.notice('The server answers again');
      // Pushes are numbered by the server; after an outage (maybe a new db) start the repeat filter afresh.
      this.seenPushes.clear();
      this.catalogSync.invalidate(); // the server may have restarted: a full listing, not a repair
      void this.resync();
    }
  }

  private wentSilent(): void {
    if (this.state === 'offline') return;
    this.setState('offline');
    this.notice('The server does not answer');
    // Probe right away instead of waiting out the periodic CATALOG's period.
    if (!this.ticking) this.scheduleTick(0);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.emit('connection', { state, rttMs: this.rtt });
  }

  /** Re-LOGIN, re-WATCH, CATALOG. One at a time; a request for another while one runs repeats it once more. */
  private resync(): Promise<SessionOutcome> {
    this.resyncAgain = true;
    if (!this.resyncing) {
      this.resyncing = (async () => {
        let outcome: SessionOutcome;
        do {
          this.resyncAgain = false;
          const here = this.at;
          outcome = await this.resyncOnce();
          // Moved away meanwhile: this was the old server's resync; the new one's first answer starts its own.
          if (this.at !== here) outcome = { ok: false, timeout: true };
        } while (this.resyncAgain && !this.closed);
        if (outcome.ok || !outcome.timeout) this.arrive(true);
        return outcome;
      })()
        .catch((err: Error): SessionOutcome => {
          this.notice(`Resync failed: ${err.message}`);
          return { ok: false, timeout: false, reason: err.message };
        })
        .finally(() => {
          this.resyncing = null;
        });
    }
    return this.resyncing;
  }

  private async resyncOnce(): Promise<SessionOutcome> {
    const moved = this.movedSinceResync;
    const bindHost = this.opts.bindHost ?? '127.0.0.1';
    // A socket on a wildcard address announces the IP it sends from, which depends on the server's route.
    if (moved && this.addr && isWildcard(bindHost))
      this.addr = { ...this.addr, ip: await localIpToward(this.server, bindHost) };
    const session: SessionOutcome = this.sessionMoved ? { ok: true, session: null } : await this.ensureSession();
    if (!session.ok && session.timeout) return session;
    if (this.wantWatch) {
      const w = await this.watch();
      if (!w.ok) return w;
    }
    if (moved && this.current) {
      const r = await this.resubscribe();
      if (!r.ok) return r;
    }
    if (moved) this.movedSinceResync = false;
    const c = await this.catalog();
    if (!c.ok) return c;
    return session; // a denied login still leaves a working spectator view
  }

  /**
   * After a move: SUBSCRIBE again to every item we were subscribed to, since a server that is not of the
   * same house does not know (one of the house answers SUBSCRIBED again: it is idempotent). An item that
   * server has no open auction for is forgotten, with a notice.
   */
  private async resubscribe(): Promise<{ ok: true } | { ok: false; timeout: true }> {
    const items = [...this.subscribed.values()];
    const outs = await Promise.all(items.map((item) => this.exchange({ type: 'SUBSCRIBE', item }, undefined, true)));
    if (outs.some((ex) => !ex.ok)) return { ok: false, timeout: true };
    outs.forEach((ex, i) => {
      if (!ex.ok || ex.reply.type === 'SUBSCRIBED') return;
      this.subscribed.delete(items[i].toLowerCase());
      const { host, port } = this.server;
      const reason = isDenial(ex.reply) ? ex.reply.reason : ex.reply.type;
      this.notice(`No longer subscribed to ${items[i]}: ${host}:${port} refused it again (${reason})`);
    });
    return { ok: true };
  }

  /**
   * One chain of timers: the periodic repairing CATALOG while online, a one-shot probe right after
   * another while offline (each waits probeEveryMs for an answer).
   */
  private scheduleTick(ms: number): void {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.tickTimer = null;
    if (this.closed) return;
    if (this.state !== 'offline' && this.opts.catalogEveryMs <= 0) return;
    this.tickTimer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    this.tickTimer = null;
    this.ticking = true;
    try {
      if (this.state === 'offline') {
        // An answer flips us online, and that starts the resync (LOGIN, WATCH, CATALOG).
        await this.exchange({ type: 'CATALOG', sinceRq: PROBE_SINCE }, { tries: 1, initialMs: this.opts.probeEveryMs });
      } else {
        await this.repairCatalog();
      }
    } finally {
      this.ticking = false;
    }
    this.scheduleTick(this.state === 'offline' ? 0 : this.opts.catalogEveryMs);
  }

  /**
   * The heartbeat (opts.heartbeatMs): while online, a server silent for that long is asked whether it is
   * still there; no answer to the probe is wentSilent() at once. Offline, the tick's probe takes over.
   */
  private scheduleHeartbeat(): void {
    const every = this.opts.heartbeatMs ?? 0;
    if (every <= 0 || this.closed) return;
    // Due `every` after the server was last heard from, not on a fixed beat: silence is probed after
    // `every` at most, and the probe's two tries take 1.5 × every, so offline shows within 2.5 × every.
    const due = Math.max(0, this.lastHeard + every - this.now());
    this.heartbeatTimer = setTimeout(
      () => {
        this.heartbeatTimer = null;
        void (async () => {
          if (this.state === 'online' && this.now() - this.lastHeard >= every)
            await this.exchange({ type: 'CATALOG', sinceRq: PROBE_SINCE }, { tries: 2, initialMs: every / 2 });
        })()
          .catch(() => undefined) // a closing client: nothing to probe
          .finally(() => this.scheduleHeartbeat());
      },
      Math.max(due, every / 4),
    );
  }

  private onPush(m: Push): void {
    this.lastHeard = this.now();
    const key = `${m.type} ${m.rq}`;
    if (this.seenPushes.has(key)) return;
    if (m.type === 'AUCTION_CLOSED') this.catalogSync.closed(m.item);
    this.seenPushes.add(key);
    if (this.seenPushes.size > SEEN_PUSHES) this.seenPushes.delete(this.seenPushes.values().next().value as string);
    if (m.type === 'BID_UPDATE') this.incrementTracker.update(m);
    if (m.type === 'AUCTION_CLOSED') {
      this.maxima.delete(m.item.toLowerCase());
      this.subscribed.delete(m.item.toLowerCase());
    }
    this.emit('push', m);
  }

  private onCheckout(s: CheckoutConversation): void {
    this.emit('checkout', s);
    const pay = this.opts.autoInform;
    const name = this.current?.name ?? this.identity?.name;
    if (pay && name && s.opening.type !== 'NON_OFFER') {
      s.inform({ ...pay, name }).catch((err: Error) => this.notice(`Automatic INFORM_Res failed: ${err.message}`));
    }
  }

  private clearWatchTimer(): void {
    if (this.watchTimer) clearTimeout(this.watchTimer);
    this.watchTimer = null;
  }

  private denied(text: string, reason: string): SessionOutcome {
    this.notice(text);
    return { ok: false, timeout: false, reason };
  }

  private notice(text: string): void {
    this.emit('notice', text);
  }
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/**
 * The local IP the OS would send to the server from: what a socket bound to a wildcard address must
 * announce in REGISTER/LOGIN, since the server checks it against the datagram's source (PROTOCOL.md §2).
 */
async function localIpToward(server: { host: string; port: number }, bindHost: string): Promise<string> {
  const probe = dgram.createSocket(isIPv6(bindHost) ? 'udp6' : 'udp4');
  try {
    probe.connect(server.port, server.host);
    await once(probe, 'connect');
    return probe.address().address;
  } finally {
    probe.close();
  }
}
