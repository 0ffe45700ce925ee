// Shared pieces of the lifecycle tests: parties with a real UDP socket and a real TCP listener,
// valid/invalid card data; `eventually` (test/support/server.ts) for waiting on a condition.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ServerOptions } from '../../server/server.js';
import { readDurableStateWithHistory } from '../../server/store/log-store.js';
import type { Closure, DbDoc } from '../../server/state/model.js';
import { inProcessServer, type InProcessServer } from '../support/server.js';
import { TcpParty } from '../support/tcp-party.js';
import { UdpPeer } from '../support/udp-peer.js';

export { eventually } from '../support/server.js';

/** Luhn-valid test cards (the well-known Visa / Mastercard test numbers). */
export const BUYER_CARD = '4242424242424242';
export const SELLER_CARD = '5555555555554444';
/** Same digits as BUYER_CARD with the check digit changed: fails Luhn. */
export const BAD_LUHN_CARD = '4242424242424241';

const yy = (y: number): string => String(y % 100).padStart(2, '0');
/** January of next year: never expired, whatever today's date is. */
export const FUTURE_EXP = `01/${yy(new Date().getFullYear() + 1)}`;
/** December of last year: always expired. */
export const PAST_EXP = `12/${yy(new Date().getFullYear() - 1)}`;

export const SECRET = 'test-secret-0123456789';

export interface Party {
  name: string;
  udp: UdpPeer;
  tcp: TcpParty;
}

/** Tracks what a test opened so afterEach can close it all. */
export class Parties {
  private udps: UdpPeer[] = [];
  private tcps: TcpParty[] = [];

  async udp(server: { host?: string; udpPort: number }): Promise<UdpPeer> {
    const u = await UdpPeer.open(server);
    this.udps.push(u);
    return u;
  }

  async tcp(port = 0): Promise<TcpParty> {
    const t = await TcpParty.listen(port);
    this.tcps.push(t);
    return t;
  }

  /** Register `name` from a fresh UDP socket, with a fresh TCP listener as its TCP port. */
  async register(server: { host?: string; udpPort: number }, name: string, role: 'buyer' | 'seller'): Promise<Party> {
    const tcp = await this.tcp();
    const udp = await this.udp(server);
    const r = await udp.register(1, name, role, tcp.port, SECRET);
    if (r !== 'REGISTERED 1') throw new Error(`register ${name}: ${r}`);
    return { name, udp, tcp };
  }

  /** Close the UDP sockets (e.g. before a restart, the server is gone anyway). */
  closeUdp(): void {
    for (const u of this.udps) u.close();
    this.udps = [];
  }

  async closeAll(): Promise<void> {
    this.closeUdp();
    await Promise.all(this.tcps.map((t) => t.close()));
    this.tcps = [];
  }
}

/**
 * The parties a test file opens and the in-process servers its tests start, all closed after each
 * test. Call once, at the top level of the test file.
 */
export function lifecycleFixture(): {
  parties: Parties;
  start: (opts?: ServerOptions) => Promise<InProcessServer>;
  /** Start a server with the seller sam and the buyer bea registered on it. */
  samAndBea: (opts?: ServerOptions) => Promise<{ t: InProcessServer; sam: Party; bea: Party }>;
} {
  const parties = new Parties();
  let current: InProcessServer | null = null;
  afterEach(async () => {
    await parties.closeAll();
    await current?.close();
    current = null;
  });
  const start = async (opts?: ServerOptions): Promise<InProcessServer> => (current = await inProcessServer(opts));
  return {
    parties,
    start,
    async samAndBea(opts) {
      const t = await start(opts);
      const sam = await parties.register(t.server, 'sam', 'seller');
      const bea = await parties.register(t.server, 'bea', 'buyer');
      return { t, sam, bea };
    },
  };
}

/** The durable closure record of an item (db.json + change log + history archive, read-only). */
export function durableClosure(dbPath: string, item: string): Closure | undefined {
  const doc = durable(dbPath);
  return Object.values(doc.closures).find((c) => c.item === item);
}

/** Everything durable: the live state with the archived auctions (§8 History) folded back in. */
export function durable(dbPath: string): DbDoc {
  return readDurableStateWithHistory(dbPath);
}

/** INFORM_Res for an INFORM_Req line (echoing its RQ#). */
export function informRes(informReq: string, name: string, card: string, exp: string, address: string): string {
  const rq = informReq.split(' ')[1];
  return `INFORM_Res ${rq} ${name} ${card} ${exp} ${address}`.trimEnd();
}

/**
 * Every file in the db's directory (db.json, its change-log segments, the log, temp files) and in its
 * history archive (`db.json.history/<month>.jsonl`, listed as that relative path), with its text.
 */
export function filesBeside(dbPath: string): Array<{ file: string; text: string }> {
  const dir = path.dirname(dbPath);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(path.join(dir, f)).isFile())
    .map((f) => ({ file: f, text: readFileSync(path.join(dir, f), 'latin1') }));
}
