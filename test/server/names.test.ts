// Names that are Object.prototype words are names like any other (issue 13 part 2), live, after a
// SIGKILL (the change log replayed) and after a clean stop (db.json read back).
import { spawnServer, tempDb, type ServerProcess } from '../support/server.js';
import { UdpPeer } from '../support/udp-peer.js';

const WORDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const secretOf = (w: string): string => `${w.replace(/_/g, 'x')}-secret-0123456789`;

const cleanups: Array<() => void> = [];
const peers: UdpPeer[] = [];
let server: ServerProcess | null = null;
afterAll(async () => {
  for (const p of peers) p.close();
  await server?.kill('SIGKILL');
  for (const c of cleanups) c();
});

async function peer(): Promise<UdpPeer> {
  const p = await UdpPeer.open(server!);
  peers.push(p);
  return p;
}

test('REGISTER and LOGIN of prototype words, across SIGKILL and a clean restart', async () => {
  const { args } = tempDb(cleanups);
  server = await spawnServer(args);
  const unknown = await peer();
  // not yet registered: the one answer of any unknown name, never "undefined registered …"
  for (const w of WORDS)
    expect(await unknown.request(`LOGIN 1 ${w} ${secretOf(w)} 127.0.0.1 ${unknown.port} 9`)).toBe(
      'LOGIN-DENIED 1 Unknown name or wrong secret',
    );
  for (const w of WORDS) {
    const p = await peer();
    expect(await p.register(1, w, 'buyer', 9, secretOf(w))).toBe('REGISTERED 1');
    expect(await p.register(2, w.toUpperCase(), 'buyer', 9, secretOf(w))).toBe(
      `REGISTER-DENIED 2 Name ${w.toUpperCase()} is already taken`,
    );
  }
  for (const [signal, round] of [
    ['SIGKILL', 1],
    ['SIGTERM', 2],
  ] as const) {
    await server.kill(signal);
    server = await spawnServer(args);
    for (const w of WORDS) {
      const p = await peer();
      expect(await p.request(`LOGIN ${round} ${w} ${secretOf(w)} 127.0.0.1 ${p.port} 9`)).toBe(
        `LOGGED_IN ${round} buyer`,
      );
      expect(await p.request(`LOGIN ${round + 10} ${w} wrong-secret-0123456789 127.0.0.1 ${p.port} 9`)).toBe(
        `LOGIN-DENIED ${round + 10} Unknown name or wrong secret`,
      );
    }
  }
  const fresh = await peer();
  expect(await fresh.register(1, 'isPrototypeOf', 'seller')).toBe('REGISTERED 1');
});
