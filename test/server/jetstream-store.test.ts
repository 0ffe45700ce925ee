// The JetStream store of a house of several servers (PROTOCOL.md §9) on a real 3-node nats-server
// cluster (R3): the Store contract every store honours, then what only it must do — a second writer
// fences the first, and a replica follows what the writer makes durable.
import { FencedError, JetStreamStore } from '../../server/store/jetstream-store.js';
import { storeContract } from '../../server/store/store-contract.js';
import { describeWithNats, houseStores } from '../support/nats.js';

const { start, stop, connect, writer } = houseStores(3);
let houses = 0;
let lastHouse = '';

describeWithNats('JetStreamStore')('JetStreamStore on a 3-node cluster', () => {
  beforeAll(start);
  afterAll(stop);

  test('the house streams are R3 on three nodes', async () => {
    const c = await connect('replicas');
    expect(c.replicas).toBe(3);
    expect((await c.stream.jsm.streams.info(c.stream.stream)).config.num_replicas).toBe(3);
  });

  storeContract('JetStreamStore', async () => writer((lastHouse = `contract${++houses}`)), {
    reopen: async () => JetStreamStore.open((await connect(lastHouse)).stream),
  });

  test('a second writer fences the first: its next batch is refused and it stops', async () => {
    const a = await writer('fence');
    a.commit({ t: 'rq-lease', ceiling: 10 });
    await a.flush();
    const fatal = new Promise<Error>((resolve) => a.onFatal(resolve));
    const b = await writer('fence');
    expect(b.doc.rqCeiling).toBe(10);
    a.commit({ t: 'rq-lease', ceiling: 20 });
    expect(await fatal).toBeInstanceOf(FencedError);
    expect(a.durableSeq).toBeLessThan(a.lastSeq);
    b.commit({ t: 'rq-lease', ceiling: 30 });
    await b.flush();
    const again = await JetStreamStore.open((await connect('fence')).stream);
    expect(again.doc.rqCeiling).toBe(30); // the fenced change never reached the house
    await Promise.all([a.close(), b.close(), again.close()]);
  });

  test('a replica follows the writer, batch by batch', async () => {
    const w = await writer('follow');
    const r = await JetStreamStore.open((await connect('follow')).stream);
    const seen: number[] = [];
    const reached = new Promise<void>((resolve) =>
      r.follow((seq) => {
        seen.push(seq);
        if (seq >= w.lastSeq && w.lastSeq > 1) resolve();
      }),
    );
    for (let i = 1; i <= 20; i++) w.commit({ t: 'rq-lease', ceiling: i * 100 });
    await w.flush();
    await reached;
    expect(r.doc.rqCeiling).toBe(2000);
    expect(r.lastSeq).toBe(w.lastSeq);
    await Promise.all([w.close(), r.close()]);
  });
});
