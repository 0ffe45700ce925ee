// One server of a house of several servers (PROTOCOL.md §9), started with `--nats`. The design is one
// leader per house, the rest forwarding:
//
// - The leader (leader-lease.ts: a KV lease fenced by revision) runs the same assembly as a lone server
//   (assemble.ts: house, market, accounts, outbox, scheduler, closure runner) on a JetStreamStore in
//   writer mode: one order of bids per auction, one reply cache, one RQ# counter, closures run once.
// - Every other server is a replica: it follows the change stream (a warm document for a fast
//   takeover) and forwards each datagram it receives, with its source address, to the leader over NATS.
// - Replies and pushes go out through the server the address last sent a request to (§9 Pushes): the
//   leader remembers which server forwarded each address, and sends its datagrams through that
//   server's subject. An address the leader has not heard from since it took over (a subscriber that
//   only listens) is offered to every server; the one(s) that heard from it lately send it.
// - A takeover replays the stream's last batches, fences the old leader off, restores the reply memos
//   younger than the reply window (a retry moved to another server gets the remembered reply), and
//   resumes timers and closures from what the house recorded.
import { setTimeout as pause } from 'node:timers/promises';
import { nanoid } from 'nanoid';
import type { Subscription } from '@nats-io/transport-node';
import { assembleServer, type Assembly } from '../assemble.js';
import { ServerEventBus } from '../events.js';
import { addrKey, type Addr } from '../house.js';
import { REPLY_CACHE_DEFAULT_MB, REPLY_TTL_MS } from '../outbox.js';
import { DEFAULTS, houseConfig, serverLogger, type RunningServer, type ServerOptions } from '../server.js';
import { JetStreamStore } from '../store/jetstream-store.js';
import { bindUdp } from '../udp-adapter.js';
import { connectHouse, patiently } from './house-nats.js';
import { agreeOnSettings, houseWatchKey } from './house-settings.js';
import { ForwardBatcher, unbatch } from './forward-batcher.js';
import { LeaderLease } from './leader-lease.js';

/** A datagram crossing the house: its address, and (requests only) the server it came through. */
interface Forwarded {
  ip: string;
  port: number;
  via?: string;
  /** The datagram, base64. */
  d: string;
}

/** Addresses a server heard from, kept this long for pushes offered to every server. */
const SEEN_MS = 10 * 60_000;
const SEEN_MAX = 200_000;

export interface HouseServer extends RunningServer {
  /** This server's id in the house, and whether it leads now. */
  serverId: string;
  leading(): boolean;
}

export async function startHouseServer(opts: ServerOptions): Promise<HouseServer> {
  const now = opts.now ?? Date.now;
  const urls = opts.natsUrls ?? [];
  const house = opts.house ?? 'main';
  const logFile = opts.logFile ?? null;
  const log = serverLogger(opts, logFile, now);
  const config = houseConfig(opts);
  const events = opts.events ?? new ServerEventBus();
  const replyCacheBytes = (opts.replyCacheMb ?? REPLY_CACHE_DEFAULT_MB) * 1024 * 1024;
  const serverId = nanoid(10).replace(/[^A-Za-z0-9]/g, 'x');
  const warn = (text: string): void => log.warn('house', text);

  const conn = await connectHouse(urls, house); // throws NatsUnreachableError naming the URLs
  let udp: Awaited<ReturnType<typeof bindUdp>> | null = null;
  let lease: LeaderLease | null = null;
  /** Set once stop() began: a replica being reopened gives up. */
  let closing = false;
  try {
    await patiently(() => agreeOnSettings(conn.kv, house, config)); // throws HouseSettingsError naming the flag
    const watchKey = await patiently(() => houseWatchKey(conn.kv));
    const openReplica = () =>
      patiently(() =>
        JetStreamStore.open(conn.stream, {
          now,
          memoTtlMs: REPLY_TTL_MS,
          warn,
          // Given: a snapshot once that much is new (chaos gives a small one, so kills land during them),
          // stored by a replica where there is one, off the leader's commit path.
          ...(opts.snapshotMinKb !== undefined ? { snapshotEveryBytes: opts.snapshotMinKb * 1024 } : {}),
          replicaSnapshots: true,
          name: serverId,
        }),
      );
    let store = await openReplica();
    store.follow();

    // ---- where datagrams go ---------------------------------------------------------------------
    const seen = new Map<string, number>();
    const heard = (key: string): void => {
      seen.delete(key);
      seen.set(key, now());
      if (seen.size > SEEN_MAX) seen.delete(seen.keys().next().value as string);
    };
    const heardLately = (key: string): boolean => (seen.get(key) ?? 0) > now() - SEEN_MS;
    /** Leader only: address → the server it last sent a request through. */
    const routes = new Map<string, string>();
    const batcher = new ForwardBatcher<Forwarded>((subject, payload) => conn.nc.publish(subject, payload));
    const send = (to: Addr, data: string | Buffer): void => {
      const key = addrKey(to);
      const via = routes.get(key);
      if (via === serverId || (via === undefined && heardLately(key))) return udp?.send(to, data);
      const d = Buffer.from(data).toString('base64');
      batcher.add(via ? conn.subjects.out(via) : conn.subjects.outAll, { ip: to.ip, port: to.port, d });
    };
    const deliver = (msg: { json<T>(): T }, onlyIfHeard: boolean): void => {
      for (const f of unbatch<Forwarded>(msg.json())) {
        if (onlyIfHeard && !heardLately(`${f.ip}:${f.port}`)) continue;
        udp?.send({ ip: f.ip, port: f.port }, Buffer.from(f.d, 'base64'));
      }
    };
    conn.nc.subscribe(conn.subjects.out(serverId), { callback: (err, m) => void (err || deliver(m, false)) });
    conn.nc.subscribe(conn.subjects.outAll, { callback: (err, m) => void (err || deliver(m, true)) });

    // ---- leading --------------------------------------------------------------------------------
    let leader: { assembly: Assembly; requests: Subscription } | null = null;
    const dispatchAsLeader = (datagram: Buffer, from: Addr, via: string): void => {
      // On hold (the lease not renewed for a term): another server may lead by now, and a denial from
      // this one's state (sent at once, unlike a change, which waits for the stream and is fenced there)
      // could contradict it. Requests go unanswered until a renewal goes through; the client retries (§3).
      if (!leader || lease?.onHold) return;
      routes.set(addrKey(from), via);
      if (routes.size > SEEN_MAX) routes.delete(routes.keys().next().value as string);
      leader.assembly.dispatch(datagram, from);
    };
    const gain = async (): Promise<void> => {
      const t0 = Date.now();
      const mine = store;
      await mine.lead(); // catches up and fences any earlier leader off
      // The lease went meanwhile (lose closed this store and opened another), or the server stops.
      if (closing || store !== mine || !lease?.holding) return;
      const assembly = assembleServer({ store, config, now, log, events, send, replyCacheBytes, watchKey });
      const requests = conn.nc.subscribe(conn.subjects.requests, {
        callback: (err, m) => {
          if (err) return;
          for (const f of unbatch<Forwarded>(m.json())) {
            dispatchAsLeader(Buffer.from(f.d, 'base64'), { ip: f.ip, port: f.port }, f.via ?? serverId);
          }
        },
      });
      leader = { assembly, requests };
      store.onFatal((err) => void lease?.lose(`the house stream refused a write: ${err.message}`));
      assembly.scheduler.start(); // closes at once what came due while no server led
      assembly.closures.resumeAll(); // §9: a closure whose server died is carried on from what the house recorded
      log.info(
        `leading house "${house}" as ${serverId} (took ${Date.now() - t0} ms; change ${store.lastSeq}; ` +
          `${assembly.restored} remembered replies)`,
      );
    };
    const suspend = (why: string): void => {
      log.warn('house', `leading house "${house}" on hold: ${why}; requests wait until the lease is renewed`);
    };
    const resume = (): void => {
      log.info(`leading house "${house}" again: the lease is renewed`);
    };
    const lose = async (why: string): Promise<void> => {
      const was = leader;
      leader = null;
      routes.clear();
      if (was) {
        was.requests.unsubscribe();
        was.assembly.scheduler.stop();
        was.assembly.closures.stop();
      }
      log.warn('house', `no longer leading house "${house}": ${why}; following the leader`);
      // What this server applied but the house never stored goes with its document: start again from the stream.
      await store.close();
      // NATS may still be away (the lease is lost when its majority is): keep trying until it answers,
      // never give up with the store closed — a rejection here would end the process.
      for (let said = ''; ;) {
        try {
          store = await openReplica();
          break;
        } catch (e) {
          if (closing) return;
          const why = (e as Error).message;
          if (why !== said) warn(`cannot read the house stream yet (${why}); trying again every second`);
          said = why;
          await pause(1000);
        }
      }
      store.follow();
    };

    // ---- the socket -----------------------------------------------------------------------------
    const host = opts.host ?? DEFAULTS.host;
    udp = await bindUdp(
      host,
      opts.udpPort ?? DEFAULTS.udpPort,
      (datagram, from) => {
        heard(addrKey(from));
        if (leader) return dispatchAsLeader(datagram, from, serverId); // dropped while on hold
        // Not leading: to the leader, whoever it is now. Lost if none leads this instant: the client retries (§3).
        batcher.add(conn.subjects.requests, {
          ip: from.ip,
          port: from.port,
          via: serverId,
          d: datagram.toString('base64'),
        });
      },
      log,
    );
    const udpNow = udp;
    lease = new LeaderLease(conn.leaseKv, serverId, {
      onGain: gain,
      onLose: lose,
      onSuspend: suspend,
      onResume: resume,
      warn,
    });
    await lease.start();
    const leaseNow = lease;

    let stopping: Promise<void> | null = null;
    const stop = (): Promise<void> => {
      closing = true;
      stopping ??= (async () => {
        await leaseNow.stop(); // gives the lease up: another server takes over at once
        if (leader) {
          leader.requests.unsubscribe();
          leader.assembly.scheduler.stop();
          leader.assembly.closures.stop();
        }
        await udpNow.close();
        await store.close(); // its last replies are queued as it flushes
        batcher.flush(); // before NATS goes: the replies and forwarded requests of this last turn
        await conn.close();
        await log.close();
        events.emit('stopped');
      })();
      return stopping;
    };
    log.info(
      `listening on udp://${host}:${udpNow.port} house=${house} nats=${urls.join(',')} replicas=R${conn.replicas} ` +
        `server=${serverId} role=${leader ? 'leader' : 'follower'} addresses=${config.addresses} limits=${config.limits}`,
    );
    return {
      serverId,
      leading: () => leader !== null,
      host,
      udpPort: udpNow.port,
      dbPath: null,
      logFile,
      events,
      stats: () => {
        const a = leader?.assembly;
        return {
          ...store.stats(),
          lastSeq: store.lastSeq,
          durableSeq: store.durableSeq,
          sent: a?.services.outbox.sent ?? 0,
          backlog: a?.services.outbox.backlog ?? 0,
          replyCache: a ? a.services.outbox.cache.size + a.services.outbox.unverifiedCache.size : 0,
          watchers: a?.services.watchers.size ?? 0,
          accounts: Object.keys(store.doc.accounts).length,
          openAuctions: Object.values(store.doc.auctions).filter((x) => x.status === 'open').length,
          closuresActive: a?.closures.active ?? 0,
        };
      },
      flush: () => store.flush(),
      snapshot: () => structuredClone(store.doc),
      auction: (item) => {
        const a = Object.values(store.doc.auctions).find((x) => x.item.toLowerCase() === item.toLowerCase());
        return a ? structuredClone(a) : undefined;
      },
      rearmTimers: () => leader?.assembly.scheduler.start(),
      stop,
    };
  } catch (e) {
    await lease?.stop().catch(() => undefined);
    await udp?.close();
    await conn.close();
    await log.close();
    throw e;
  }
}
