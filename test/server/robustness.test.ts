// Hostile input (§3: the server never crashes, hangs or loses state on any input).
import { inProcessServer, type InProcessServer } from '../support/server.js';

let t: InProcessServer;
beforeAll(async () => {
  t = await inProcessServer();
});
afterAll(async () => {
  await t.close();
});

test.each([
  ['garbage', 'hello world', /^DENIED 0 command "hello" is not known/],
  ['unknown command with RQ#', 'FROB 12 x', /^DENIED 12 /],
  ['a reply word sent to the server', 'BID_ACCEPTED 5', /^DENIED 5 BID_ACCEPTED is not a request/],
  ['lowercase command', 'bid 3 lamp 5', /^DENIED 3 .*case-sensitive: BID/],
  ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]), /^DENIED 0 /],
  ['oversized', Buffer.alloc(1401, 'A'), /^DENIED 0 /],
  [
    'oversized with a readable command',
    Buffer.concat([Buffer.from('BID 77 lamp '), Buffer.alloc(1400, '9')]),
    /^BID_REJECTED 77 /,
  ],
  ['control characters in free text', 'LIST_ITEM 8 lamp bad\u0007text 1 60', /^LIST-DENIED 8 /],
])('%s gets a denial', async (_name, payload, expected) => {
  const p = await t.peer();
  const reply = p.next(() => true);
  p.send(payload);
  expect(await reply).toMatch(expected);
});

test('an empty datagram is dropped, and the server keeps serving', async () => {
  const p = await t.peer();
  p.send(Buffer.alloc(0));
  expect(await p.request('CATALOG 5')).toMatch(/^CATALOG-DENIED 5 Address not verified/); // an answer: still serving
});

test('a burst of random bytes never stops the server', async () => {
  const p = await t.peer();
  let seed = 7;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  for (let i = 0; i < 300; i++) {
    const len = rnd() % 200;
    p.send(Buffer.from(Array.from({ length: len }, () => rnd() % 256)));
  }
  expect(await p.request('CATALOG 6')).toMatch(/^CATALOG-DENIED 6 /);
  expect(await p.register(7, 'survivor', 'buyer')).toBe('REGISTERED 7');
  expect(await p.request('CATALOG 8')).toMatch(/^CATALOG_END 8 0 0 - \d+$/);
});
