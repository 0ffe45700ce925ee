// The UDP transport against a fake server made of a real dgram socket: what goes on the wire when
// datagrams are lost, late, duplicated or not ours.
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { RECV_BUFFER_BYTES, UdpTransport } from '../../shared/client/udp-transport.js';
import type { Message } from '../../shared/protocol/messages.js';

interface Datagram {
  text: string;
  answer: (text: string) => void;
}

/** A UDP socket on 127.0.0.1 that hands every datagram to the test. */
async function fakeServer(onDatagram: (d: Datagram, n: number) => void) {
  const socket = dgram.createSocket('udp4');
  const seen: string[] = [];
  socket.on('message', (buf, from) => {
    const text = buf.toString('utf8');
    seen.push(text);
    onDatagram({ text, answer: (t) => socket.send(t, from.port, from.address) }, seen.length);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    port: socket.address().port,
    seen,
    send: (text: string, to: { ip: string; port: number }) => socket.send(text, to.port, to.ip),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

type FakeServer = Awaited<ReturnType<typeof fakeServer>>;

const rqOf = (text: string) => text.split(' ')[1];

function rmemMax(): number {
  try {
    return Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
  } catch {
    return 106_496; // not Linux: expect only a modest buffer
  }
}

describe('UdpTransport', () => {
  let server: FakeServer | null = null;
  let transport: UdpTransport | null = null;

  afterEach(async () => {
    await transport?.close();
    await server?.close();
    transport = null;
    server = null;
  });

  async function setup(onDatagram: (d: Datagram, n: number) => void, retry = { retryInitialMs: 40, retryTries: 5 }) {
    server = await fakeServer(onDatagram);
    transport = await UdpTransport.open({
      bindHost: '127.0.0.1',
      port: 0,
      server: { host: '127.0.0.1', port: server.port },
      firstRq: 41,
      ...retry,
    });
    return { server, transport };
  }

  test('the socket asks for a receive buffer that holds several CATALOG pages (33 datagrams each)', async () => {
    const { transport: t } = await setup(() => undefined);
    // Linux reports twice what it granted, capped by net.core.rmem_max (212992 by default, 4 MB here)
    expect(t.recvBufferSize).toBeGreaterThanOrEqual(Math.min(2 * RECV_BUFFER_BYTES, 2 * rmemMax()));
  });

  test('a lost request is retransmitted with the same RQ# and the same text', async () => {
    const { server: s, transport: t } = await setup((d, n) => {
      if (n === 1) return; // lost
      d.answer(`BID_ACCEPTED ${rqOf(d.text)}`);
    });
    const out = await t.send({ type: 'BID', item: 'lamp', amount: 1250 });
    expect(out).toMatchObject({ ok: true, reply: { type: 'BID_ACCEPTED', rq: '41' }, rttMs: null });
    expect(s.seen).toHaveLength(2);
    expect(s.seen[0]).toBe('BID 41 lamp 12.50');
    expect(s.seen[1]).toBe(s.seen[0]);
  });

  test('a reply on the first try gives a round-trip time; the counter moves on', async () => {
    const { transport: t } = await setup((d) => d.answer(`SUBSCRIBED ${rqOf(d.text)}`));
    const first = await t.send({ type: 'SUBSCRIBE', item: 'lamp' });
    const second = await t.send({ type: 'SUBSCRIBE', item: 'vase' });
    expect(first.ok && first.rttMs).toEqual(expect.any(Number));
    expect(first.ok && first.reply.rq).toBe('41');
    expect(second.ok && second.reply.rq).toBe('42');
  });

  test('a late reply answers the request once; the duplicate reply is a stray, not a second answer', async () => {
    const answers: Array<() => void> = [];
    const { server: s, transport: t } = await setup((d) => {
      answers.push(() => d.answer(`ITEM_LISTED ${rqOf(d.text)}`));
      // Answer both copies, but only once the retransmission has gone out: the reply to the first copy is late.
      if (answers.length === 2) answers.forEach((a) => a());
    });
    const strays: Message[] = [];
    const strayed = new Promise<void>((resolve) =>
      t.on('stray', (m) => {
        strays.push(m);
        resolve();
      }),
    );
    const out = await t.send({
      type: 'LIST_ITEM',
      item: 'lamp',
      description: 'a red lamp',
      startPrice: 500,
      duration: 60,
    });
    expect(out).toMatchObject({ ok: true, reply: { type: 'ITEM_LISTED', rq: '41' } });
    await strayed;
    expect(strays).toEqual([{ type: 'ITEM_LISTED', rq: '41' }]);
    expect(s.seen).toEqual(['LIST_ITEM 41 lamp a red lamp 5.00 60', 'LIST_ITEM 41 lamp a red lamp 5.00 60']);
  });

  test('datagrams with an unknown RQ# do not answer the request; pushes among them are emitted', async () => {
    const { transport: t } = await setup((d) => {
      const rq = rqOf(d.text);
      d.answer('BID_ACCEPTED 999');
      d.answer('BID_UPDATE 7 lamp 13.00 carol 55');
      d.answer(`BID_REJECTED ${rq} Amount must be at least 13.01`);
    });
    const strays: Message[] = [];
    const pushes: Message[] = [];
    t.on('stray', (m) => strays.push(m));
    t.on('push', (m) => pushes.push(m));
    const out = await t.send({ type: 'BID', item: 'lamp', amount: 1300 });
    expect(out).toMatchObject({
      ok: true,
      reply: { type: 'BID_REJECTED', rq: '41', reason: 'Amount must be at least 13.01' },
    });
    expect(strays).toEqual([{ type: 'BID_ACCEPTED', rq: '999' }]);
    expect(pushes).toEqual([
      { type: 'BID_UPDATE', rq: '7', item: 'lamp', highestBid: 1300, bidder: 'carol', timeLeft: 55 },
    ]);
  });

  test('a reply of the wrong kind for the RQ# is not taken as the answer', async () => {
    // An AUCTION_ANNOUNCE push whose server RQ# happens to equal our BID's RQ# is a push, not the BID's reply.
    const { transport: t } = await setup((d) => {
      const rq = rqOf(d.text);
      d.answer(`AUCTION_ANNOUNCE ${rq} vase blue vase 3.00 100`);
      d.answer(`BID_ACCEPTED ${rq}`);
    });
    const pushes: Message[] = [];
    t.on('push', (m) => pushes.push(m));
    const out = await t.send({ type: 'BID', item: 'lamp', amount: 1300 });
    expect(out).toMatchObject({ ok: true, reply: { type: 'BID_ACCEPTED' } });
    expect(pushes).toEqual([
      { type: 'AUCTION_ANNOUNCE', rq: '41', item: 'vase', description: 'blue vase', currentPrice: 300, timeLeft: 100 },
    ]);
  });

  test("ACCEPT is answered by a PRICE_ADJUSTMENT with the NEGOTIATE_REQ's RQ#", async () => {
    const { server: s, transport: t } = await setup((d) => {
      d.answer('PRICE_ADJUSTMENT 88 vase 2.00 30'); // a push about another auction
      d.answer(`PRICE_ADJUSTMENT ${rqOf(d.text)} lamp 4.00 30`);
    });
    const pushes: Message[] = [];
    t.on('push', (m) => pushes.push(m));
    const out = await t.send({ type: 'ACCEPT', rq: '77', item: 'lamp', newPrice: 400 });
    expect(s.seen).toEqual(['ACCEPT 77 lamp 4.00']);
    expect(out).toMatchObject({ ok: true, reply: { type: 'PRICE_ADJUSTMENT', rq: '77', item: 'lamp', newPrice: 400 } });
    expect(pushes).toEqual([expect.objectContaining({ type: 'PRICE_ADJUSTMENT', rq: '88' })]);
  });

  test('CATALOG collects its CATALOG_ITEM lines until CATALOG_END, once per item across a replay', async () => {
    const { transport: t } = await setup((d, n) => {
      const rq = rqOf(d.text);
      d.answer(`CATALOG_ITEM ${rq} lamp sam 5.00 0 - 60 red lamp`);
      d.answer(`CATALOG_ITEM ${rq} vase sam 3.00 2 bea 100 blue vase`);
      if (n === 2) d.answer(`CATALOG_END ${rq} 2 2 - 7`); // the first CATALOG_END is lost: the retransmission gets a replay
    });
    const out = await t.send({ type: 'CATALOG' });
    expect(out).toMatchObject({ ok: true, reply: { type: 'CATALOG_END', count: 2 } });
    expect(out.ok && out.parts.map((p) => [p.item, p.leader])).toEqual([
      ['lamp', null],
      ['vase', 'bea'],
    ]);
  });

  test('a late line of a finished CATALOG is not taken for a new announcement', async () => {
    let late: (() => void) | null = null;
    const { server: s, transport: t } = await setup((d) => {
      const rq = rqOf(d.text);
      if (d.text.startsWith('CATALOG')) {
        d.answer(`CATALOG_END ${rq} 0 0 - 7`);
        late = () => d.answer(`CATALOG_ITEM ${rq} lamp sam 5.00 0 - 60 red lamp`);
      } else {
        late?.();
        d.answer(`SUBSCRIBED ${rq}`);
      }
    });
    const pushes: Message[] = [];
    t.on('push', (m) => pushes.push(m));
    await t.send({ type: 'CATALOG' });
    await t.send({ type: 'SUBSCRIBE', item: 'lamp' }); // the late line is sent before this reply
    expect(s.seen).toHaveLength(2);
    expect(pushes).toEqual([]);
  });

  test('silence: all tries go out with the same text, then the request times out', async () => {
    const { server: s, transport: t } = await setup(() => {}, { retryInitialMs: 10, retryTries: 4 });
    const out = await t.send({ type: 'WATCH' });
    expect(out).toEqual({ ok: false, timeout: true, rq: '41' }); // the RQ# a resend must use (§3)
    expect(s.seen).toEqual(['WATCH 41', 'WATCH 41', 'WATCH 41', 'WATCH 41']);
  });

  test('garbage from the server is reported and ignored', async () => {
    const { transport: t } = await setup((d) => {
      d.answer('HELLO there');
      d.answer(`DE-SUBSCRIBED ${rqOf(d.text)}`);
    });
    const notices: string[] = [];
    t.on('notice', (n) => notices.push(n));
    const out = await t.send({ type: 'DE-SUBSCRIBE', item: 'lamp' });
    expect(out.ok).toBe(true);
    expect(notices).toHaveLength(1);
  });

  test('close() resolves outstanding requests as timed out', async () => {
    const { transport: t } = await setup(() => {});
    const pending = t.send({ type: 'CATALOG' });
    await t.close();
    await expect(pending).resolves.toEqual({ ok: false, timeout: true });
  });
});
