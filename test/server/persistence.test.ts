// §8 durability with the real server process: a restart (even kill -9) loses no acknowledged change;
// a damaged db.json is refused and left untouched.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runServer, spawnServer, tempDb, tempDir } from '../support/server.js';
import { UdpPeer } from '../support/udp-peer.js';

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const c of cleanups) c();
});

test.each(['SIGTERM', 'SIGKILL'] as const)(
  'after %s and restart every acknowledged change is still there',
  async (signal) => {
    const { db, args } = tempDb(cleanups);
    let server = await spawnServer(args);
    let sam = await UdpPeer.open(server);
    let bea = await UdpPeer.open(server);
    expect(await sam.register(1, 'sam', 'seller', 1, 'sam-secret-0123456789')).toBe('REGISTERED 1');
    expect(await bea.register(1, 'bea', 'buyer', 1, 'bea-secret-0123456789')).toBe('REGISTERED 1');
    expect(await sam.request('LIST_ITEM 2 lamp Brass lamp 10.00 120')).toBe('ITEM_LISTED 2');
    expect(await bea.request('SUBSCRIBE 2 lamp')).toBe('SUBSCRIBED 2');
    expect(await bea.request('BID 3 lamp 12.50')).toBe('BID_ACCEPTED 3');
    const lastRq = Number((await bea.next(/^BID_UPDATE /)).split(' ')[1]);
    await server.kill(signal);
    sam.close();
    bea.close();

    server = await spawnServer(args);
    sam = await UdpPeer.open(server);
    bea = await UdpPeer.open(server);
    try {
      // accounts and secrets survived: both log in from new addresses
      expect(await sam.request(`LOGIN 1 sam sam-secret-0123456789 127.0.0.1 ${sam.port} 1`)).toBe('LOGGED_IN 1 seller');
      expect(await bea.request(`LOGIN 1 bea bea-secret-0123456789 127.0.0.1 ${bea.port} 1`)).toBe('LOGGED_IN 1 buyer');
      // the auction and its bid survived: catalog shows 12.50, and 12.50 no longer suffices
      const end = bea.next(/^CATALOG_END 2 /);
      bea.send('CATALOG 2');
      expect(await end).toMatch(/^CATALOG_END 2 1 1 - \d+$/);
      expect(bea.received.find((r) => r.startsWith('CATALOG_ITEM 2 '))).toMatch(
        /^CATALOG_ITEM 2 lamp sam 12\.50 1 bea (11\d|120) Brass lamp$/,
      );
      expect(await bea.request('BID 3 lamp 12.50')).toBe(
        'BID_REJECTED 3 Amount must be at least 12.51 (highest bid 12.50 + 0.01)',
      );
      // the subscription survived: a new bid is pushed to bea, with a server RQ# that went forward
      const update = bea.next(/^BID_UPDATE /);
      const other = await UdpPeer.open(server);
      await other.register(1, 'cy', 'buyer');
      expect(await other.request('BID 2 lamp 13')).toBe('BID_ACCEPTED 2');
      expect(Number((await update).split(' ')[1])).toBeGreaterThan(lastRq);
      other.close();
    } finally {
      sam.close();
      bea.close();
      await server.kill('SIGTERM');
    }
    // a clean stop folds everything into db.json, with the secret hashed, never in clear
    const doc = readFileSync(db, 'utf8');
    expect(JSON.parse(doc).auctions).toBeDefined();
    expect(doc).not.toContain('sam-secret-0123456789');
    expect(doc).toMatch(/scrypt\$/);
  },
);

test('a damaged db.json stops the server with a message naming it, and is left byte-for-byte intact', async () => {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const db = path.join(dir, 'db.json');
  writeFileSync(db, '{"format":"terminal-auction/1","seq":3,"accounts":{');
  const before = readFileSync(db);
  const { code, output } = await runServer(['--udp-port', '0', '--db', db]);
  expect(code).toBe(1);
  expect(output).toContain(`refusing to start: ${db}: is not valid JSON`);
  expect(readFileSync(db).equals(before)).toBe(true);
});

test('bad flags get a precise error and a hint to --help; --version and --help answer', async () => {
  const r = await runServer(['--udp-port', 'abc']);
  expect(r.code).toBe(2);
  expect(r.output).toBe(
    'auction-server: --udp-port must be a port number from 0 to 65535 (got "abc")\n' +
      'Try "auction-server --help" for the options.\n',
  );
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const missing = path.join(dir, 'missing');
  const noDir = await runServer(['--udp-port', '0', '--db', path.join(missing, 'db.json')]);
  expect(noDir.code).toBe(2);
  expect(noDir.output).toContain(`auction-server: --db must be in an existing directory: ${missing} does not exist`);
  expect(existsSync(missing)).toBe(false);
  expect(await runServer(['--version'])).toEqual({
    code: 0,
    output: expect.stringMatching(/^auction-server \d+\.\d+\.\d+\n$/),
  });
  const help = await runServer(['--help']);
  expect(help.code).toBe(0);
  expect(help.output).toMatch(/^Usage: auction-server \[options\]/);
  expect(help.output).toContain('docs/protocol.md');
});
