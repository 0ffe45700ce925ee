// Real nats-server nodes for tests, benchmarks and `npm run cluster` (PROTOCOL.md §9): one node, or a
// JetStream cluster of three on free loopback ports, each with its store_dir in a temp dir. Ready means
// every node's /healthz answers ok and the JetStream meta group has a leader (a stream created before
// that is refused). Not a test module: test/support/nats.ts adds the skip-or-fail rule for jest.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const NATS_SERVER = process.env.NATS_SERVER_BIN ?? 'nats-server';

/** Whether a nats-server binary runs here (PATH, or NATS_SERVER_BIN). */
export const hasNatsServer = (): boolean => spawnSync(NATS_SERVER, ['--version']).status === 0;

/** Whether `port` can be bound on 127.0.0.1 now (bound and released at once). */
const bindable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

/**
 * A free TCP port on 127.0.0.1 for a node to bind a moment later. Drawn below Linux's ephemeral range
 * (32768–60999): a port the kernel hands out (port 0) is just as likely handed next to some process's
 * outgoing connection — every server's NATS client makes them — in the gap before the node binds it,
 * and CI saw a node fail with "address already in use" that way.
 */
const handedOut = new Set<number>();
export async function freePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (handedOut.has(port)) continue; // not yet bound by the node it went to
    if (await bindable(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free TCP port on 127.0.0.1 in 20000–31999');
}

export interface NatsNode {
  name: string;
  clientPort: number;
  url: string;
  httpPort: number;
  clusterPort: number;
  child: ChildProcess | null;
  /** Everything the node wrote (its log goes to stderr). */
  output(): string;
}

export interface NatsCluster {
  nodes: NatsNode[];
  /** Every node's client URL, comma-separated: what `--nats` takes. */
  urls: string;
  /** SIGKILL one node (its store_dir stays, so `restart` brings it back with its data). */
  kill(i: number): Promise<void>;
  restart(i: number): Promise<void>;
  /**
   * Resolves once the cluster is whole again: every node up, the meta group and every stream led, and
   * each leader reporting all its followers current. A node's /healthz is ok well before that (it says
   * nothing of the followers): a fault injected then is a second fault on top of the first.
   */
  whole(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface Replica {
  name: string;
  current: boolean;
  /** Nanoseconds since the leader last heard from it. */
  active: number;
}
interface Jsz {
  meta_cluster?: { leader?: string; replicas?: Replica[] };
  account_details?: Array<{
    stream_detail?: Array<{ name: string; cluster?: { leader?: string; replicas?: Replica[] } }>;
  }>;
}

/** A leader's view of its followers: all there, current, and heard from in the last second. */
const followersOk = (reps: Replica[] | undefined, followers: number): boolean =>
  reps?.length === followers && reps.every((r) => r.current && r.active < 1e9);

/**
 * What keeps the cluster from being whole (null: nothing), from every node's /jsz. A node back from a
 * crash answers /healthz and lists no stream for seconds while its JetStream comes up (clients then get
 * "jetstream is not enabled"), and its leaders' views still show it current from before: so every node
 * must list every stream, with a leader, and each leader must have heard all its followers lately.
 */
async function notWhole(nodes: NatsNode[]): Promise<string | null> {
  const views = await Promise.all(
    nodes.map(async (n) => {
      const r = await fetch(`http://127.0.0.1:${n.httpPort}/jsz?accounts=true&streams=true`);
      return { n, j: (await r.json()) as Jsz };
    }),
  );
  const followers = nodes.length - 1;
  const streams = new Set(
    views.flatMap(({ j }) => (j.account_details ?? []).flatMap((a) => (a.stream_detail ?? []).map((d) => d.name))),
  );
  for (const { n, j } of views) {
    const meta = j.meta_cluster;
    if (!meta?.leader) return `${n.name} sees no meta leader`;
    if (meta.leader === n.name && !followersOk(meta.replicas, followers))
      return `meta group: a follower of ${n.name} is not current`;
    const mine = (j.account_details ?? []).flatMap((a) => a.stream_detail ?? []);
    if (mine.length < streams.size) return `${n.name} lists ${mine.length} of ${streams.size} streams`;
    for (const st of mine) {
      if (!st.cluster?.leader) return `stream ${st.name} has no leader on ${n.name}`;
      if (st.cluster.leader === n.name && !followersOk(st.cluster.replicas, followers))
        return `stream ${st.name}: a follower of ${n.name} is not current`;
    }
  }
  return null;
}

async function waitReady(node: NatsNode, clustered: boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    if (!node.child || node.child.exitCode !== null)
      throw new Error(`nats-server ${node.name} exited:\n${node.output()}`);
    try {
      const h = await fetch(`http://127.0.0.1:${node.httpPort}/healthz`);
      last = `healthz ${h.status}`;
      if (h.ok) {
        if (!clustered) return;
        const j = (await (await fetch(`http://127.0.0.1:${node.httpPort}/jsz`)).json()) as {
          meta_cluster?: { leader?: string };
        };
        if (j.meta_cluster?.leader) return;
        last = 'no JetStream meta leader yet';
      }
    } catch (e) {
      last = (e as Error).message;
    }
    // Polling a process we do not own the events of: its HTTP port is the only signal it gives.
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server ${node.name} not ready after ${timeoutMs} ms (${last}):\n${node.output()}`);
}

/** Starts `size` nodes (1, or 3 for a cluster) and resolves once all are ready. */
export async function startNatsCluster(size = 3, opts: { timeoutMs?: number } = {}): Promise<NatsCluster> {
  // Another process may still take a chosen port before its node binds it: then start over on new ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(size, opts);
    } catch (e) {
      if (attempt >= 3 || !/address already in use/.test((e as Error).message)) throw e;
    }
  }
}

async function startOnce(size: number, opts: { timeoutMs?: number }): Promise<NatsCluster> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nats-'));
  const nodes: NatsNode[] = [];
  const appenders: Array<(s: string) => void> = [];
  for (let i = 0; i < size; i++) {
    const clientPort = await freePort();
    let out = '';
    appenders.push((s) => (out = (out + s).slice(-20_000)));
    nodes.push({
      name: `n${i + 1}`,
      clientPort,
      url: `nats://127.0.0.1:${clientPort}`,
      httpPort: await freePort(),
      clusterPort: await freePort(),
      child: null,
      output: () => out,
    });
  }
  const confOf = (n: NatsNode): string => {
    const store = path.join(dir, n.name);
    mkdirSync(store, { recursive: true });
    const lines = [
      `server_name: ${n.name}`,
      `listen: 127.0.0.1:${n.clientPort}`,
      `http: 127.0.0.1:${n.httpPort}`,
      `jetstream { store_dir: ${JSON.stringify(store)} }`,
    ];
    if (size > 1) {
      const routes = nodes.filter((o) => o !== n).map((o) => `nats-route://127.0.0.1:${o.clusterPort}`);
      lines.push(`cluster { name: house, listen: 127.0.0.1:${n.clusterPort}, routes: [${routes.join(', ')}] }`);
    }
    const file = path.join(dir, `${n.name}.conf`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const confs = nodes.map(confOf);
  const launch = (i: number): void => {
    const n = nodes[i];
    const child = spawn(NATS_SERVER, ['-c', confs[i]], { stdio: ['ignore', 'pipe', 'pipe'] });
    const append = appenders[i];
    child.stdout.on('data', (b: Buffer) => append(b.toString()));
    child.stderr.on('data', (b: Buffer) => append(b.toString()));
    n.child = child;
  };
  const killNode = async (i: number): Promise<void> => {
    const c = nodes[i].child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((_, i) => killNode(i)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < size; i++) launch(i);
    await Promise.all(nodes.map((n) => waitReady(n, size > 1, timeoutMs)));
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    nodes,
    urls: nodes.map((n) => n.url).join(','),
    kill: killNode,
    restart: async (i) => {
      await killNode(i);
      launch(i);
      await waitReady(nodes[i], false, timeoutMs);
    },
    whole: async (ms = timeoutMs) => {
      if (size === 1) return; // no followers to wait for
      const until = Date.now() + ms;
      let last: string | null = 'not asked yet';
      while (Date.now() < until) {
        last = await notWhole(nodes).catch((e: Error) => e.message);
        if (last === null) return;
        // As in waitReady: the nodes' HTTP ports are the only signal they give.
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`NATS cluster not whole after ${ms} ms: ${last}`);
    },
    stop,
  };
}
