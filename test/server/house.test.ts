// A house of several servers (PROTOCOL.md §9) on a real 3-node nats-server cluster (R3): two server
// processes with the same --nats are one house. A bid on one reaches a subscriber bound through the
// other (from that other server's address); a retry moved to the other server gets the remembered
// reply without running again; SIGKILL of the leader and the other server takes the bids within 10 s;
// SIGKILL of one NATS node loses no acknowledged bid. Also the start-up refusals.
import { runServer } from '../support/server.js';
import { describeWithNats, startNatsCluster, type NatsCluster } from '../support/nats.js';
import { HouseFixture } from '../support/house.js';
import { connectHouse } from '../../server/cluster/house-nats.js';
import { latestMarker } from '../../server/store/house-snapshot.js';

let cluster: NatsCluster;
const house = new HouseFixture(() => cluster);
const peer = (s: { udpPort: number }) => house.peer(s);
const server = (name: string, extra: string[] = []) => house.server(name, extra);
/** A house of two servers, the first leading, with a seller's open auction "lamp". */
const twoServers = async () => {
  const name = house.newHouse();
  const a = await server(name);
  const b = await server(name);
  const sam = await peer(a);
  expect(await sam.register(1, 'sam', 'seller')).toBe('REGISTERED 1');
  expect(await sam.request('LIST_ITEM 2 lamp Brass_lamp 1.00 600')).toBe('ITEM_LISTED 2');
  return { name, a, b, sam };
};

describeWithNats('house of several servers')('a house of several servers on a 3-node JetStream cluster', () => {
  beforeAll(async () => {
    cluster = await startNatsCluster(3);
  });
  afterEach(() => house.clear());
  afterAll(async () => {
    await cluster?.stop();
  });

  test('a bid through one server reaches a subscriber bound through the other, from that server', async () => {
    const { a, b } = await twoServers();
    const bob = await peer(b);
    expect(await bob.register(1, 'bob', 'buyer')).toBe('REGISTERED 1');
    expect(await bob.request('SUBSCRIBE 2 lamp')).toBe('SUBSCRIBED 2');
    const ann = await peer(a);
    expect(await ann.register(1, 'ann', 'buyer')).toBe('REGISTERED 1');
    const update = bob.next(/^BID_UPDATE \d+ lamp 1\.50 ann /);
    expect(await ann.request('BID 2 lamp 1.50')).toBe('BID_ACCEPTED 2');
    const text = await update;
    expect(bob.receivedFrom[bob.received.indexOf(text)]).toBe(b.udpPort);
    // Every reply bob got came from the server he talks to, none from the leader directly.
    expect(new Set(bob.receivedFrom)).toEqual(new Set([b.udpPort]));
  });

  test('a retry moved to the other server gets the remembered reply without running again', async () => {
    const { a, b } = await twoServers();
    const ann = await peer(a);
    expect(await ann.register(1, 'ann', 'buyer')).toBe('REGISTERED 1');
    expect(await ann.request('BID 2 lamp 1.50')).toBe('BID_ACCEPTED 2');
    ann.retarget(b);
    expect(await ann.request('BID 2 lamp 1.50')).toBe('BID_ACCEPTED 2'); // not "must exceed 1.50"
    expect(await ann.request('BID 3 lamp 1.50')).toMatch(/^BID_REJECTED 3 /); // the same amount, run anew
    // The leader's events reach us on its stdout, after the replies: a later bid's event marks that
    // every event of the retries (there must be none) has been read.
    expect(await ann.request('BID 4 lamp 2.00')).toBe('BID_ACCEPTED 4');
    await a.events.until('bid', (e) => e.cents === 200);
    expect(a.events.seen.filter((e) => e.name === 'bid')).toHaveLength(2);
  });

  test('SIGKILL of the leading server: the other takes bids within 10 s, none acknowledged is lost', async () => {
    const { a, b } = await twoServers();
    const ann = await peer(b);
    expect(await ann.register(1, 'ann', 'buyer')).toBe('REGISTERED 1');
    expect(await ann.request('BID 2 lamp 1.50')).toBe('BID_ACCEPTED 2');
    await a.kill('SIGKILL');
    const t0 = Date.now();
    expect(await ann.request('BID 3 lamp 2.00', 15_000)).toBe('BID_ACCEPTED 3');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await ann.request('BID 4 lamp 2.00')).toMatch(/^BID_REJECTED 4 .*2\.00/); // 2.00 is the price now
    await b.events.until('bid', (e) => e.cents === 200);
  });

  test('SIGKILL of one NATS node under bidding loses no acknowledged bid', async () => {
    const { name, a, b } = await twoServers();
    const buyers = [await peer(a), await peer(b)];
    expect(await buyers[0].register(1, 'ann', 'buyer')).toBe('REGISTERED 1');
    expect(await buyers[1].register(1, 'bob', 'buyer')).toBe('REGISTERED 1');
    const accepted: number[] = [];
    for (let i = 0; i < 40; i++) {
      if (i === 15) await cluster.kill(1); // one node of three: a majority is left
      const cents = 200 + i * 10;
      const r = await buyers[i % 2].request(`BID ${10 + i} lamp ${(cents / 100).toFixed(2)}`, 15_000);
      if (r.startsWith('BID_ACCEPTED')) accepted.push(cents);
    }
    expect(accepted).toHaveLength(40);
    // A third server replays the house from the stream: every acknowledged bid is there.
    const c = await server(name);
    const probe = await peer(c);
    expect(await probe.register(1, 'cy', 'buyer')).toBe('REGISTERED 1');
    expect(await probe.request('CATALOG 2')).toMatch(/^CATALOG_ITEM 2 lamp sam 5\.90 40 /);
    await cluster.restart(1);
  });

  test('with --snapshot-min-kb the follower stores the house snapshots, off the leader', async () => {
    const name = house.newHouse();
    const a = await server(name, ['--snapshot-min-kb', '1']);
    const b = await server(name, ['--snapshot-min-kb', '1']);
    const ids = [a, b].map((s) => /listening on \S+ server=(\S+)/.exec(s.output())?.[1]);
    expect(ids[0]).not.toBe(ids[1]);
    const sam = await peer(a);
    expect(await sam.register(1, 'sam', 'seller')).toBe('REGISTERED 1');
    expect(await sam.request('LIST_ITEM 2 lamp Brass_lamp 1.00 600')).toBe('ITEM_LISTED 2');
    const ann = await peer(a);
    expect(await ann.register(1, 'ann', 'buyer')).toBe('REGISTERED 1');
    const conn = await connectHouse(cluster.urls.split(','), name);
    try {
      // A bid's batch is ~200 bytes and the document ~2 KB: a snapshot is due every ten or so bids.
      let latest = null;
      for (let i = 0; i < 200 && !latest; i++) {
        expect(await ann.request(`BID ${10 + i} lamp ${(2 + i / 100).toFixed(2)}`)).toBe(`BID_ACCEPTED ${10 + i}`);
        // Times out (5 s) once, asked while the follower creates the R3 snapshot stream for its first snapshot.
        latest = await latestMarker(conn.stream).catch(() => null);
      }
      expect(latest?.marker.by).toBe(ids[1]); // b: a leads, being the first
    } finally {
      await conn.close();
    }
  });

  test('a server started with other house-wide settings refuses, naming the flag; no listening line', async () => {
    const name = house.newHouse();
    await server(name, ['--soft-close', '30']);
    const r = await runServer(['--nats', cluster.urls, '--house', name, '--udp-port', '0', '--soft-close', '0']);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/--soft-close 30 .*--soft-close 0/);
    expect(r.output).not.toMatch(/listening on/);
  });

  test('NATS unreachable at start: a clear message naming the URL, no listening line, exit non-zero', async () => {
    const r = await runServer(['--nats', 'nats://127.0.0.1:1', '--udp-port', '0']);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/cannot reach NATS at nats:\/\/127\.0\.0\.1:1/);
    expect(r.output).not.toMatch(/listening on|at .*\.ts:\d+/);
  });
});
