// The house's leader lease (server/cluster/leader-lease.ts, PROTOCOL.md §9 Order) on a real nats-server
// bucket. The bucket going away is injected in front of the real KV (its calls fail while `down`), as a
// NATS node killed under the bucket's leader makes them fail for the seconds of its election.
import type { KV } from '@nats-io/kv';
import { LeaderLease } from '../../server/cluster/leader-lease.js';
import { describeWithNats, houseStores } from '../support/nats.js';

const nats = houseStores(1);

/** The real bucket, whose calls fail while `down` is set. */
function flaky(kv: KV): { kv: KV; down: boolean } {
  const ctl = { down: false, kv: kv };
  ctl.kv = new Proxy(kv, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (ctl.down) return Promise.reject(new Error('timeout'));
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return ctl;
}

/** What one lease did, in order, and a way to wait for the next thing it does. */
function recorder() {
  const seen: string[] = [];
  const waiters: Array<{ what: string; resolve: () => void }> = [];
  const note = (what: string): void => {
    seen.push(what);
    for (const w of waiters.filter((x) => what.startsWith(x.what))) w.resolve();
  };
  const next = (what: string): Promise<void> =>
    new Promise((resolve) => {
      if (seen.some((s) => s.startsWith(what))) return resolve();
      waiters.push({ what, resolve });
    });
  return { seen, note, next };
}

describeWithNats('leader lease')('leader lease on a real bucket', () => {
  beforeAll(() => nats.start(), 30_000);
  afterAll(() => nats.stop());

  const leases: LeaderLease[] = [];
  afterEach(async () => {
    for (const l of leases.splice(0)) await l.stop();
  });

  const lease = (kv: KV, id: string, r: ReturnType<typeof recorder>, suspendable = true): LeaderLease => {
    const l = new LeaderLease(kv, id, {
      ttlMs: 600,
      tickMs: 100,
      onGain: async () => r.note('gain'),
      onLose: async (why) => r.note(`lose: ${why}`),
      ...(suspendable
        ? { onSuspend: (why: string) => r.note(`suspend: ${why}`), onResume: () => r.note('resume') }
        : {}),
      warn: () => undefined,
    });
    leases.push(l);
    return l;
  };

  test('a holder whose bucket goes away is put on hold, not deposed, and leads on once it is back', async () => {
    const conn = await nats.connect('lease1');
    const a = flaky(conn.leaseKv);
    const ra = recorder();
    const holder = lease(a.kv, 'A', ra);
    await holder.start();
    expect(holder.holding).toBe(true);

    a.down = true;
    await ra.next('suspend');
    a.down = false;
    await ra.next('resume');
    expect(ra.seen).toEqual(['gain', 'suspend: lease not renewed in time', 'resume']);
    expect(holder.holding).toBe(true);
  });

  test('without an on-hold handler the same outage loses the lease', async () => {
    const conn = await nats.connect('lease2');
    const a = flaky(conn.leaseKv);
    const ra = recorder();
    const holder = lease(a.kv, 'A', ra, false);
    await holder.start();
    a.down = true;
    await ra.next('lose');
    expect(ra.seen).toEqual(['gain', 'lose: lease not renewed in time']);
    expect(holder.holding).toBe(false);
  });

  test('a contender counts the lease still only while the bucket answers it: the holder back first keeps it', async () => {
    const conn = await nats.connect('lease3');
    const a = flaky(conn.leaseKv);
    const b = flaky(conn.leaseKv);
    const ra = recorder();
    const rb = recorder();
    const holder = lease(a.kv, 'A', ra);
    await holder.start();
    const contender = lease(b.kv, 'B', rb);
    await contender.start();

    // Both lose the bucket for three terms; the holder is put on hold.
    a.down = b.down = true;
    await ra.next('suspend');
    await new Promise((r) => setTimeout(r, 1800)); // the outage itself: what the lease must sit out
    // The contender's bucket answers first, by less than a term: long still before the outage, the
    // lease must not look still to it now (before, it took the lease the moment the bucket answered).
    b.down = false;
    await new Promise((r) => setTimeout(r, 250));
    a.down = false;
    await ra.next('resume');
    expect(contender.holding).toBe(false);
    expect(rb.seen).toEqual([]);
  });

  test('a holder cut off alone is deposed by a contender that still reaches the bucket', async () => {
    const conn = await nats.connect('lease4');
    const a = flaky(conn.leaseKv);
    const ra = recorder();
    const rb = recorder();
    const holder = lease(a.kv, 'A', ra);
    await holder.start();
    const contender = lease(conn.leaseKv, 'B', rb);
    await contender.start();

    a.down = true;
    await rb.next('gain');
    a.down = false;
    await ra.next('lose');
    expect(ra.seen).toEqual(['gain', 'suspend: lease not renewed in time', 'lose: another server holds the lease']);
    expect(holder.holding).toBe(false);
    expect(contender.holding).toBe(true);
  });
});
