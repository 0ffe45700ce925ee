// `npm run demo -- --cluster`: the demo's own house of several servers (PROTOCOL.md §9) — a 3-node
// JetStream cluster on free loopback ports (scripts/lib/nats-cluster.ts, nats-server from PATH) and two
// server processes on it, each logging to its own file in the demo's dir. Separate processes, so that
// one can be SIGKILLed and the floor be seen to go on through the other.
import { join } from 'node:path';
import { hasNatsServer, startNatsCluster, type NatsCluster } from '../scripts/lib/nats-cluster.js';
import { spawnListening, type ServerProcess } from '../scripts/lib/processes.js';
import type { ServerAddress } from '../shared/client/types.js';

export interface DemoHouse {
  /** The servers' addresses, in start order (the first leads at start). */
  servers: ServerAddress[];
  natsUrls: string;
  /** SIGKILLs the next server still running, never the last one; its address, or null if one is left. */
  killOne(): Promise<ServerAddress | null>;
  /** The servers still running. */
  running(): ServerAddress[];
  stop(): Promise<void>;
}

/**
 * `serverCommand`: how a server process starts (node arguments before the server's flags): from the
 * source through tsx, or the built dist/auction-server.js.
 */
export async function startDemoHouse(opts: {
  servers: number;
  dir: string;
  cwd: string;
  serverCommand: string[];
}): Promise<DemoHouse> {
  if (!hasNatsServer())
    throw new Error('--cluster needs nats-server on PATH (apt-get install nats-server, or its release binary)');
  const nats: NatsCluster = await startNatsCluster(3);
  const procs: ServerProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(procs.map((p) => p.stop()));
    await nats.stop();
  };
  try {
    for (let i = 1; i <= opts.servers; i++) {
      const args = ['--nats', nats.urls, '--udp-port', '0', '--quiet', '--log-file', join(opts.dir, `server-${i}.log`)];
      procs.push(
        await spawnListening(process.execPath, [...opts.serverCommand, ...args], {
          cwd: opts.cwd,
          name: `house server ${i}`,
          maxOutput: 16 * 1024,
        }),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const address = (p: ServerProcess): ServerAddress => ({ host: p.host, port: p.udpPort });
  const alive = (): ServerProcess[] => procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  return {
    servers: procs.map(address),
    natsUrls: nats.urls,
    running: () => alive().map(address),
    killOne: async () => {
      const up = alive();
      if (up.length < 2) return null;
      await up[0].kill('SIGKILL');
      return address(up[0]);
    },
    stop,
  };
}
