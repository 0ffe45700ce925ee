// The house's leader lease (server/cluster/leader-lease.ts, PROTOCOL.md §9 Order) on a real nats-server
// bucket. The bucket going away is injected in front of the real KV (its calls fail while `down`), as a
// NATS node killed under the bucket's leader makes them fail for the seconds of its election.
import type { KV } from '@nats-io/kv';
import { LeaderLease } from '../../server/cluster/leader-lease.js';
import { describeWithNats, houseStores } from '../support/nats.js';

const nats = houseStores(1);

interface Flaky {
  kv: KV;
  down: boolean;
  /** Resolves once `n` more calls have been answered (`ok`) or failed since it was asked. */
  calls(n: number, ok: boolean): Promise<void>;
}

/** The real bucket, whose calls fail while `down` is set. */
function flaky(kv: KV): Flaky {
  const count = { ok: 0, failed: 0 };
  const waiters: Array<{ ok: boolean; at: number; resolve: () => void }> = [];
  const tally = (ok: boolean): void => {
    const n = ok ? ++count.ok : ++count.failed;
    for (const w of waiters.filter((x) => x.ok === ok && n >= x.at)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  const ctl: Flaky = {
    down: false,
    kv,
    calls: (n, ok) => new Promise((resolve) => waiters.push({ ok, at: (ok ? count.ok : count.failed) + n, resolve })),
  };
  ctl.kv = new Proxy(kv, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        if (ctl.down) {
          tally(false);
          return Promise.reject(new Error('timeout'));
        }
        const r = (v as (...a: unknown[]) => unknown).apply(target, args);
        if (r instanceof Promise)
          void r.then(
            () => tally(true),
            () => undefined,
          );
        return r;
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

  /** A holder A (started first, so it holds the lease) and a contender B, each on its own view of one bucket. */
  const pair = async (name: string, bFlaky = true) => {
    const conn = await nats.connect(name);
    const a = flaky(conn.leaseKv);
    const b = bFlaky ? flaky(conn.leaseKv) : null;
    const ra = recorder();
    const rb = recorder();
    const holder = lease(a.kv, 'A', ra);
    await holder.start();
    const contender = lease(b?.kv ?? conn.leaseKv, 'B', rb);
    await contender.start();
    return { a, b, ra, rb, holder, contender };
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
    expect(holder.onHold).toBe(true);
    a.down = false;
    await ra.next('resume');
    expect(holder.onHold).toBe(false);
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
    const { a, b: bOrNull, ra, rb, contender } = await pair('lease3');
    const b = bOrNull!;

    // Both lose the bucket for three terms (the contender tries once a tick: 18 tries is 1.8 s, three
    // 600 ms terms); the holder is put on hold.
    a.down = b.down = true;
    await ra.next('suspend');
    await b.calls(18, false);
    // The contender's bucket answers first, for a couple of its reads: long still before the outage,
    // the lease must not look still to it now (before, it took the lease the moment the bucket answered).
    b.down = false;
    await b.calls(2, true);
    a.down = false;
    await ra.next('resume');
    expect(contender.holding).toBe(false);
    expect(rb.seen).toEqual([]);
  });

  test('a holder cut off alone is deposed by a contender that still reaches the bucket', async () => {
    const { a, ra, rb, holder, contender } = await pair('lease4', false);

    a.down = true;
    await rb.next('gain');
    a.down = false;
    await ra.next('lose');
    expect(ra.seen).toEqual(['gain', 'suspend: lease not renewed in time', 'lose: another server holds the lease']);
    expect(holder.holding).toBe(false);
    expect(contender.holding).toBe(true);
  });
});
