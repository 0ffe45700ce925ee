// `npm run cluster -- --servers N`: a local house of several servers (PROTOCOL.md §9) to try out — a
// 3-node JetStream cluster on free loopback ports (nats-server from PATH) plus N auction servers on it,
// their addresses printed; Ctrl-C stops everything.
import { hasNatsServer, startNatsCluster } from './lib/nats-cluster.js';
import { SERVER_ENTRY, spawnListening, type ServerProcess } from './lib/processes.js';

const i = process.argv.indexOf('--servers');
const n = i >= 0 ? Number(process.argv[i + 1]) : 2;
if (!Number.isInteger(n) || n < 1 || n > 16) {
  process.stderr.write('cluster: --servers must be a whole number from 1 to 16\n');
  process.exit(2);
}
if (!hasNatsServer()) {
  process.stderr.write('cluster: nats-server is not on PATH (apt-get install nats-server, or its release binary)\n');
  process.exit(1);
}
const nats = await startNatsCluster(3);
process.stdout.write(`NATS JetStream cluster: ${nats.urls}\n`);
const servers: ServerProcess[] = [];
const stop = async (): Promise<void> => {
  await Promise.all(servers.map((s) => s.stop()));
  await nats.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGHUP', () => void stop()); // the terminal closed: stop them all the same
try {
  for (let k = 0; k < n; k++) {
    const s = await spawnListening(process.execPath, [
      ...SERVER_ENTRY,
      '--nats',
      nats.urls,
      '--udp-port',
      '0',
      '--quiet',
    ]);
    servers.push(s);
    process.stdout.write(`server ${k + 1}: udp://${s.host}:${s.udpPort}\n`);
  }
} catch (e) {
  process.stderr.write(`cluster: ${(e as Error).message}\n`);
  await stop();
}
const list = servers.map((s) => `${s.host}:${s.udpPort}`).join(',');
process.stdout.write(`clients: --server ${list}\nCtrl-C stops them all.\n`);
