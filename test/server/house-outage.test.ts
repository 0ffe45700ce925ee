// A house (PROTOCOL.md §9) when part of it goes away, on a real 3-node nats-server cluster:
// - the leader dies in the middle of a closure (the seller has answered INFORM_Req, the buyer not yet):
//   the server that takes over carries the closure on from what the house recorded, and the sale
//   completes once (one SOLD, one transaction's worth of outcomes);
// - NATS loses its majority while a server runs: no bid is acknowledged while it cannot be stored, and
//   bidding resumes by itself once the nodes are back, though the leader gave its lease up meanwhile.
import { eventually } from '../support/server.js';
import { describeWithNats, startNatsCluster, type NatsCluster } from '../support/nats.js';
import { HouseFixture } from '../support/house.js';
import type { UdpPeer } from '../support/udp-peer.js';
import { BUYER_CARD, FUTURE_EXP, Parties, SELLER_CARD, informRes } from '../lifecycle/helpers.js';

let cluster: NatsCluster;
const house = new HouseFixture(() => cluster);
const parties = new Parties();
/** What a server of the house logs when NATS cannot store (stderr under --quiet: nowhere else to write). */
const WARNED = /warn .*(JetStream does not acknowledge|cannot reach the house's KV bucket)/;
const server = (name: string) => house.server(name);
const peer = (s: { udpPort: number }) => house.peer(s);
/** A party registered on `s` (its UDP peer retrying as a client does). */
const party = async (s: { udpPort: number }, name: string, role: 'buyer' | 'seller') => {
  const p = await parties.register(s, name, role);
  house.adopt(p.udp);
  return p;
};
/** The reply to `text` (retried), and when it came. */
const timed = async (p: UdpPeer, text: string, timeoutMs: number): Promise<{ reply: string; at: number }> => {
  const reply = await p.request(text, timeoutMs);
  return { reply, at: Date.now() };
};

describeWithNats('house outage')('a house when its leader or its NATS majority goes away', () => {
  beforeAll(async () => {
    cluster = await startNatsCluster(3);
  });
  afterEach(async () => {
    await house.clear();
    await parties.closeAll();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  test('the leader dies mid-closure: the next leader carries the closure on and the sale completes once', async () => {
    const name = house.newHouse('o');
    const a = await server(name); // the first server leads
    const b = await server(name);
    const sam = await party(a, 'sam', 'seller');
    const bea = await party(a, 'bea', 'buyer');
    // A few seconds: the auction closes on the wall clock while `a` leads.
    expect(await sam.udp.request('LIST_ITEM 2 vase Blue_vase 1.00 4')).toBe('ITEM_LISTED 2');
    expect(await bea.udp.request('BID 2 vase 3.00')).toBe('BID_ACCEPTED 2');
    const rq = (await bea.tcp.next(/^WINNER /, 20_000)).split(' ')[1];
    expect(await sam.tcp.next(/^SOLD /)).toBe(`SOLD ${rq} vase 3.00 bea`);
    await bea.tcp.next(/^INFORM_Req /); // bea says nothing yet
    sam.tcp.send(informRes(await sam.tcp.next(/^INFORM_Req /), 'sam', SELLER_CARD, FUTURE_EXP, '1 Seller St'));
    await a.events.closure('vase', 'answer', 'seller'); // sam's answer is stored in the house
    const beaConnections = bea.tcp.connections.length;
    await a.kill('SIGKILL');

    // `b` takes the lease and resumes the closure: bea is asked again, on a new connection, same RQ#.
    expect(await bea.tcp.next(/^WINNER /, 20_000)).toBe(`WINNER ${rq} vase 3.00 sam`);
    const req = await bea.tcp.next(/^INFORM_Req /);
    expect(req).toBe(`INFORM_Req ${rq} vase 3.00`);
    bea.tcp.send(informRes(req, 'bea', BUYER_CARD, FUTURE_EXP, '4 Buyer Way'));
    expect(await bea.tcp.next(/^PURCHASE_COMPLETE /)).toBe(`PURCHASE_COMPLETE ${rq} vase 3.00`);
    expect(await sam.tcp.next(/^Shipping_Info /)).toBe(`Shipping_Info ${rq} bea 4 Buyer Way`);
    await b.events.delivered('vase');
    expect(bea.tcp.connections.length).toBe(beaConnections + 1);
    // Told once: sam had answered, so the new leader sends him only the outcome.
    expect(sam.tcp.count('SOLD')).toBe(1);
    expect(sam.tcp.count('INFORM_Req')).toBe(1);
    expect(bea.tcp.count('PURCHASE_COMPLETE')).toBe(1);
  }, 60_000);

  test('NATS loses its majority: no bid is acknowledged until it is back, then bidding resumes by itself', async () => {
    const a = await server(house.newHouse('o'));
    const sam = await peer(a);
    expect(await sam.register(1, 'sam', 'seller')).toBe('REGISTERED 1');
    expect(await sam.request('LIST_ITEM 2 lamp Brass_lamp 1.00 600')).toBe('ITEM_LISTED 2');
    const ann = await peer(a);
    expect(await ann.register(1, 'ann', 'buyer')).toBe('REGISTERED 1');
    expect(await ann.request('BID 2 lamp 1.50')).toBe('BID_ACCEPTED 2');

    await Promise.all([cluster.kill(1), cluster.kill(2)]); // one node of three left: no R3 majority
    const pending = timed(ann, 'BID 3 lamp 2.00', 60_000);
    // The bid cannot be stored, so it is not acknowledged: the server says why in its log meanwhile.
    const before = a.output().length;
    await eventually(() => WARNED.test(a.output().slice(before)), 'a log line saying the house cannot store', 30_000);
    // The leader cannot renew its lease either: it is put on hold (it answers nothing, and never
    // gives up its store, whose reading again once ended the process on an unhandled "JetStream
    // system temporarily unavailable") and leads on once NATS is back, if no other server took over.
    await eventually(() => /on hold/.test(a.output().slice(before)), 'the leader on hold', 30_000);
    const exited = (): boolean => a.child.exitCode !== null || a.child.signalCode !== null;
    expect(exited()).toBe(false);
    const back = Date.now();
    await Promise.all([cluster.restart(1), cluster.restart(2)]);
    const { reply, at } = await pending; // a timeout names what the server logged
    expect(reply).toBe('BID_ACCEPTED 3');
    expect(at).toBeGreaterThanOrEqual(back);
    // Resumed for good: the next bid goes through at once, and the price is the acknowledged one.
    const r4 = await ann.request('BID 4 lamp 2.00');
    expect(r4).toMatch(/^BID_REJECTED 4 .*2\.00/);
    expect(await ann.request('BID 5 lamp 2.50')).toBe('BID_ACCEPTED 5');
  }, 120_000);
});
