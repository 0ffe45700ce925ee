// A server's connection to its house on NATS JetStream (PROTOCOL.md §9): the change stream and the
// house's KV bucket (leader lease, house-wide settings, the WATCH cookie key), made on first use.
// R3 where the cluster has three nodes or more (a majority must store a change before it is replied
// to), R1 on a single node (to try it out).
import { setTimeout as pause } from 'node:timers/promises';
import { jetstream, jetstreamManager, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { HouseStream } from '../store/house-stream.js';
import { NatsUnreachableError } from './house-errors.js';

export interface HouseConnection {
  nc: NatsConnection;
  stream: HouseStream;
  kv: KV;
  /**
   * The same bucket for the leader lease, whose calls give up after 1.5 s, not 5: a renewal stuck on a
   * NATS node just killed must fail, and the next be tried through a live one, well inside the lease's
   * 3 s term.
   */
  leaseKv: KV;
  replicas: number;
  /** Subjects of the house: requests to the leader, datagrams for a server to send. */
  subjects: { requests: string; out: (serverId: string) => string; outAll: string };
  close(): Promise<void>;
}

/** A house name as NATS subjects and stream names allow it. */
export const HOUSE_NAME = /^[A-Za-z0-9_-]{1,32}$/;

async function withReplicas<T>(make: (replicas: number) => Promise<T>): Promise<{ value: T; replicas: number }> {
  try {
    return { value: await make(3), replicas: 3 };
  } catch (e) {
    // A single node (or a cluster of two) cannot hold three replicas: the house runs on what it has.
    const msg = (e as Error).message;
    if (!/replicas|insufficient resources|peers|non-clustered/i.test(msg)) throw e;
    return { value: await make(1), replicas: 1 };
  }
}

async function ensureStream(jsm: JetStreamManager, name: string, subject: string, replicas: number): Promise<void> {
  try {
    await jsm.streams.info(name);
    return; // kept as it was made: its replicas are the house's
  } catch (e) {
    if (!/not found/i.test((e as Error).message)) throw e;
  }
  await jsm.streams.add({
    name,
    subjects: [subject],
    num_replicas: replicas,
    storage: StorageType.File,
    // Two minutes: a re-sent batch (same Nats-Msg-Id) within the reply window is stored once.
    duplicate_window: 120 * 1_000_000_000,
  });
}

/** How long a server waits for a cluster electing its leaders before it gives up (at start). */
const PATIENCE_MS = 60_000;

/**
 * Retries what a cluster still electing its leaders times out on, for up to a minute; other errors at
 * once. nats-server 2.9 takes 4–9 s (its Raft election timeout) to elect a new leader for a stream, a
 * bucket or its meta group whose leader died, and a stream made meanwhile waits for the meta leader:
 * 13.6 s was measured for one, so a server started while one node of three is down needs more than
 * two 5 s timeouts (it once ended with a bare "timeout").
 */
export async function patiently<T>(what: () => Promise<T>): Promise<T> {
  const until = Date.now() + PATIENCE_MS;
  for (;;) {
    try {
      return await what();
    } catch (e) {
      const msg = (e as Error).message;
      if (!/timeout|no responders|leader/i.test(msg)) throw e;
      if (Date.now() > until) {
        throw new Error(
          `the house's NATS cluster did not answer for ${PATIENCE_MS / 1000} s (${msg}); is a majority of its nodes up?`,
        );
      }
      await pause(250);
    }
  }
}

export async function connectHouse(urls: readonly string[], house: string): Promise<HouseConnection> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: [...urls],
      name: `auction-server ${house}`,
      // Lost while running: keep trying for ever; what waits on it is held, never replied early.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 3000,
    });
  } catch (e) {
    throw new NatsUnreachableError(`cannot reach NATS at ${urls.join(',')} (${(e as Error).message})`);
  }
  try {
    const js = jetstream(nc, { timeout: 5000 });
    const jsm = await patiently(() => jetstreamManager(nc, { timeout: 5000 }));
    const streamName = `AUCTION_${house}`;
    const subject = `auction.${house}.changes`;
    const { replicas } = await patiently(() => withReplicas((r) => ensureStream(jsm, streamName, subject, r)));
    // Read through the bucket's stream leader, not any replica (`allow_direct`, the client's default): a
    // replica restarted after a SIGKILL can lag for long, and a lease read from it now at one revision,
    // now at another, never looks still for a term, so no server ever took over (chaos --cluster).
    const kv = await patiently(() =>
      new Kvm(js).create(`auction_${house}`, { replicas, history: 1, allow_direct: false }),
    );
    const leaseKv = await patiently(() => new Kvm(jetstream(nc, { timeout: 1500 })).open(`auction_${house}`));
    return {
      nc,
      stream: { js, jsm, stream: streamName, subject },
      kv,
      leaseKv,
      replicas,
      subjects: {
        requests: `auction.${house}.requests`,
        out: (id) => `auction.${house}.out.${id}`,
        outAll: `auction.${house}.out.all`,
      },
      close: async () => {
        await nc.drain().catch(() => nc.close());
      },
    };
  } catch (e) {
    await nc.close();
    const msg = (e as Error).message;
    if (/jetstream not enabled|503|no responders/i.test(msg)) {
      throw new NatsUnreachableError(`NATS at ${urls.join(',')} has no JetStream (start nats-server with -js): ${msg}`);
    }
    throw e;
  }
}
