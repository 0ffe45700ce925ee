// §3 v1.1 "Unverified addresses" over real UDP: an address with no account bound to it and no live
// WATCH gets at most one datagram per datagram it sent, of at most 128 bytes — whatever it sends — so a
// forged source address can never be used to multiply traffic (issue 13 part 1). What it sends is
// logged as summarised noise.
import { readFileSync } from 'node:fs';
import { inProcessServer, type InProcessServer } from '../support/server.js';
import type { UdpPeer } from '../support/udp-peer.js';

let t: InProcessServer;
let clock = Date.now();
beforeAll(async () => {
  t = await inProcessServer({ now: () => clock });
  const s = await t.peer();
  await s.register(1, 'sam', 'seller');
  // enough open auctions that a CATALOG answered in full would be dozens of datagrams
  for (let i = 0; i < 40; i++)
    await s.request(`LIST_ITEM ${10 + i} lot${i} A lot with a long enough description ${i} 1.00 600`);
});
afterAll(async () => {
  await t.close();
});

let barriers = 900_000;
/**
 * Send one datagram from a socket; everything it brought back. Once its first answer came, a barrier (an
 * unknown command with a fresh RQ#, answered by one DENIED) follows from the same socket: the server reads
 * a socket's datagrams in order and sends what one causes (a CATALOG's lines, pushes) as it handles it, so
 * whatever came before the barrier's denial is all the first datagram brought — no sleep to guess it by.
 */
async function from(fresh: UdpPeer, payload: string | Buffer): Promise<string[]> {
  const start = fresh.received.length;
  const first = fresh.next(() => true, 30_000);
  fresh.send(payload);
  await first;
  const rq = String(barriers++);
  const barrier = fresh.next((x) => x.startsWith(`DENIED ${rq} `), 30_000);
  fresh.send(`BARRIER ${rq}`);
  await barrier;
  const got = fresh.received.slice(start);
  const at = got.findIndex((x) => x.startsWith(`DENIED ${rq} `));
  return got.slice(0, at);
}

const long = 'x'.repeat(300);
test.each([
  ['CATALOG', 'CATALOG 5', /^CATALOG-DENIED 5 Address not verified: WATCH or LOGIN first$/],
  ['BID', 'BID 6 lot1 5.00', /^BID_REJECTED 6 Not registered/],
  ['SUBSCRIBE', 'SUBSCRIBE 7 lot1', /^SUBSCRIPTION-DENIED 7 Not registered/],
  ['MAX_BID', 'MAX_BID 8 lot1 50.00', /^BID_REJECTED 8 Not registered/],
  ['LIST_ITEM', `LIST_ITEM 9 lamp ${'A long description. '.repeat(9)} 1.00 60`, /^LIST-DENIED 9 Not registered/],
  ['WATCH', 'WATCH 10', /^WATCH-CHALLENGE 10 [A-Za-z0-9_-]+$/],
  ['WATCH with a bad cookie', 'WATCH 11 AAAAAAAAAAAAAAAAAAAAAA', /^WATCH-CHALLENGE 11 /],
  ['garbage', `hello ${long}`, /^DENIED 0 command "hello" is not known$/],
  ['an unknown command with a long tail', `FROB 12 ${long}`, /^DENIED 12 /],
  ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]), /^DENIED 0 /],
  ['an oversized datagram', Buffer.alloc(1401, 'A'), /^DENIED 0 /],
  [
    'a REGISTER naming another address (a long denial)',
    'REGISTER 13 fake buyer 10.11.12.13 40000 9',
    /^REGISTER-DENIED 13 IP and UDP_Port must be/,
  ],
  [
    'a LOGIN naming another address',
    'LOGIN 14 sam some-secret-0123456789 10.11.12.13 40000 9',
    /^LOGIN-DENIED 14 IP and UDP_Port/,
  ],
  ['a reply word', 'BID_ACCEPTED 15', /^DENIED 15 /],
])('%s: one datagram of at most 128 bytes', async (_what, payload, expected) => {
  const fresh = await t.peer();
  const got = await from(fresh, payload);
  expect(got).toHaveLength(1);
  expect(got[0]).toMatch(expected);
  expect(Buffer.byteLength(got[0])).toBeLessThanOrEqual(128);
});

test('a verified address gets a whole CATALOG page; the same datagram once its watch lapsed, one denial', async () => {
  const p = await t.peer();
  const cookie = (await p.request('WATCH 1')).split(' ')[2];
  expect(await p.request(`WATCH 2 ${cookie}`)).toMatch(/^WATCHING 2 /);
  const all = await from(p, 'CATALOG 3');
  expect(all.length).toBeGreaterThan(30); // a page of up to 32 CATALOG_ITEMs and its CATALOG_END
  clock += 61_000; // the watch lapses: the address is unverified again
  const again = await from(p, 'CATALOG 3');
  expect(again).toEqual(['CATALOG-DENIED 3 Address not verified: WATCH or LOGIN first']);
});

test('a BID remembered for a verified address, replayed once it is unverified: only the one short reply', async () => {
  const p = await t.peer();
  await p.register(1, 'replayer', 'buyer');
  expect(await p.request('BID 2 lot2 1.00')).toBe('BID_ACCEPTED 2');
  const q = await t.peer(); // LOGIN elsewhere moves the binding: p is no longer verified
  expect(await q.request(`LOGIN 1 replayer test-secret-0123456789 127.0.0.1 ${q.port} 9`)).toBe('LOGGED_IN 1 buyer');
  expect(await from(p, 'BID 2 lot2 1.00')).toEqual(['BID_ACCEPTED 2']);
});

test('a REGISTER from an unverified address, retried: the remembered REGISTERED (it changed state), not "taken"', async () => {
  const p = await t.peer();
  const reg = `REGISTER 1 retrier buyer 127.0.0.1 ${p.port} 9 test-secret-0123456789`;
  expect(await p.request(reg)).toBe('REGISTERED 1');
  expect(await from(p, reg)).toEqual(['REGISTERED 1']);
});

test("an unverified source's datagrams are summarised in the log, not written one by one", async () => {
  const fresh = await t.peer();
  for (let i = 0; i < 500; i++) fresh.send(`BID ${1000 + i} lot1 ${i + 1}.00`);
  await fresh.next((x) => x.startsWith('BID_REJECTED 1499 '));
  await t.server.stop(); // closes the log: open summary windows are written out
  const log = readFileSync(t.server.logFile!, 'utf8');
  const lines = log.split('\n').filter((l) => / BID 1\d\d\d lot1 /.test(l));
  expect(lines.length).toBeLessThan(50);
  expect(log).toMatch(/… \d{3} more like this in the last \d+ s \(unverified BID\)/);
});
