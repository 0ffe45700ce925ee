// What the tests of a house of several servers (PROTOCOL.md §9) share: the servers of a house on a
// real NATS cluster, started as processes, and UDP peers that retry as clients do (§3) — in a house a
// datagram that arrives while no server leads is lost by design — whose timeouts say what every
// server logged, the only view a failed run on CI gives of why.
import { SERVER_ENTRY, spawnListening, type ServerProcess } from './server.js';
import type { NatsCluster } from './nats.js';
import { UdpPeer } from './udp-peer.js';

/** A client's retry interval (§3's first retry is later; a test need not wait that long). */
export const RETRY_MS = 300;

export class HouseFixture {
  readonly procs: ServerProcess[] = [];
  private peers: UdpPeer[] = [];
  private houses = 0;

  constructor(private readonly cluster: () => NatsCluster) {}

  /** A new house name, so tests sharing one cluster never share a house. */
  newHouse(prefix = 'h'): string {
    return `${prefix}${++this.houses}`;
  }

  /** A server of `house` on the cluster, on a free UDP port, quiet, printing its events. */
  async server(house: string, extra: string[] = []): Promise<ServerProcess> {
    const args = ['--nats', this.cluster().urls, '--house', house, '--udp-port', '0', '--quiet', '--events'];
    // A server started while a node is down waits for NATS to elect leaders (house-nats.ts `patiently`).
    const p = await spawnListening(process.execPath, [...SERVER_ENTRY, ...args, ...extra], { timeoutMs: 90_000 });
    this.procs.push(p);
    return p;
  }

  /** A UDP peer of `s` whose requests are retried, closed after the test. */
  async peer(s: { udpPort: number }): Promise<UdpPeer> {
    const p = this.adopt(await UdpPeer.open(s));
    this.peers.push(p);
    return p;
  }

  /** Makes `p` (opened elsewhere, and closed there) retry and explain its timeouts with the servers' logs. */
  adopt(p: UdpPeer): UdpPeer {
    p.retryEveryMs = RETRY_MS;
    p.context = () => this.logs();
    return p;
  }

  /** The last lines each server wrote that are not events (its warnings and state changes). */
  logs(lines = 25): string {
    return this.procs
      .map((p, i) => {
        const text = p
          .output()
          .split('\n')
          .filter((l) => l && !l.startsWith('event '))
          .slice(-lines);
        return `--- server ${i + 1} (udp ${p.udpPort}) ---\n${text.join('\n')}`;
      })
      .join('\n');
  }

  /** afterEach: close the peers, SIGKILL the servers. */
  async clear(): Promise<void> {
    for (const p of this.peers.splice(0)) p.close();
    await Promise.all(this.procs.splice(0).map((p) => p.kill('SIGKILL')));
  }
}
