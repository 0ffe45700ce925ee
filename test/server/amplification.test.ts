// Issue 20.10 over real UDP: to an unverified address (no account bound, no live WATCH) every reply is
// one datagram of at most 128 bytes and at most 3× the request on the wire, IPv4 and UDP headers
// counted: (reply + 28) ≤ 3 · (request + 28), the bound QUIC keeps before an address is validated.
// Checked over a table of shapes (1 byte, garbage, every request type bare and with fields) and a
// few hundred seeded random short datagrams, all from one unverified socket.
import { REQUEST_TYPES } from '../../shared/protocol/index.js';
import { seededRandom } from '../../shared/random.js';
import { inProcessServer, type InProcessServer } from '../support/server.js';
import type { UdpPeer } from '../support/udp-peer.js';

let t: InProcessServer;
let p: UdpPeer;
beforeAll(async () => {
  t = await inProcessServer();
  const s = await t.peer();
  await s.register(1, 'sam', 'seller');
  expect(await s.request('LIST_ITEM 2 lamp a red lamp 1.00 600')).toBe('ITEM_LISTED 2');
  p = await t.peer();
});
afterAll(async () => {
  await t.close();
});

const MARK = 'WATCH 987654'; // answered with a challenge only: the socket stays unverified

/**
 * What comes back for one datagram: everything received before the reply to a marker sent after it
 * (the server handles one source's datagrams in order; a LOGIN's reply waits for its secret check, so
 * the marker goes only once something came back or the request is known to be silent).
 */
async function repliesTo(payload: Buffer): Promise<string[]> {
  const start = p.received.length;
  const first = p.next(() => true, 3000).catch(() => null);
  p.send(payload);
  await first;
  const mark = p.next((x) => x.startsWith('WATCH-CHALLENGE 987654 '), 3000);
  p.send(MARK);
  await mark;
  return p.received.slice(start, -1);
}

const shapes: Array<string | Buffer> = [
  'x',
  ' ',
  '\n',
  '0',
  'é',
  Buffer.from([0xff]),
  Buffer.from([0x00]),
  Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]),
  'hello',
  'BID_ACCEPTED 1',
  'DENIED',
  ...REQUEST_TYPES.flatMap((type) => [type, `${type} `, `${type} 1`, `${type} 1 x`, `${type.toLowerCase()} 1`]),
  'LOGIN 1 sam',
  'LOGIN 1 sam s',
  'LOGIN 1 sam some-secret-0123456789 10.1.2.3 40000 9',
  'REGISTER 1 a b',
  'REGISTER 1 eve buyer 10.11.12.13 40000 9',
  'BID 1 lamp 5.00',
  'MAX_BID 1 lamp 9.00',
  'SUBSCRIBE 1 lamp',
  'CATALOG 1 0',
  'WATCH 1 AAAAAAAAAAAAAAAAAAAAAA',
  `FROB 12 ${'x'.repeat(300)}`,
  Buffer.alloc(1401, 'A'),
];
const rnd = seededRandom(20_10);
const alphabet = ' 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_-.abcdefghij';
for (let i = 0; i < 300; i++) {
  // a request word and a random tail, or a random tail alone; 1 to 27 bytes
  const len = 1 + Math.floor(rnd() * 24);
  let tail = '';
  for (let j = 0; j < len; j++) tail += alphabet[Math.floor(rnd() * alphabet.length)];
  const type = REQUEST_TYPES[Math.floor(rnd() * REQUEST_TYPES.length)];
  shapes.push(rnd() < 0.6 ? `${type} ${tail}`.slice(0, len + 3) : tail);
}

test('every reply to an unverified address is at most one datagram, ≤ 128 B and ≤ 3× the request on the wire', async () => {
  const over: string[] = [];
  let answered = 0;
  for (const shape of shapes) {
    const payload = typeof shape === 'string' ? Buffer.from(shape) : shape;
    const got = await repliesTo(payload);
    if (got.length > 0) answered++;
    const bytes = got.map((r) => Buffer.byteLength(r));
    const ok = got.length <= 1 && bytes.every((b) => b <= 128 && b + 28 <= 3 * (payload.length + 28));
    if (!ok)
      over.push(
        `${JSON.stringify(payload.toString('latin1').slice(0, 40))} (${payload.length} B) → ${JSON.stringify(got)}`,
      );
  }
  expect(over).toEqual([]);
  expect(answered).toBeGreaterThan(shapes.length * 0.9); // shortened, not silenced
});

test('a shortened denial still names its command and RQ#, and says why as far as it fits', async () => {
  const [reply] = await repliesTo(Buffer.from('LOGIN'));
  expect(reply).toMatch(/^LOGIN-DENIED 0 \S/);
  expect(Buffer.byteLength(reply) + 28).toBeLessThanOrEqual(3 * (5 + 28));
});
