// Abuse limits (PROTOCOL.md §5 "Address verification"): registrations per source IP (a burst, then a
// few a minute) and failed LOGINs per (source, name), per source and — for sources the account never
// logged in from — per name, each with a delay that grows. A limited request is refused before any
// secret is checked, so it costs a map lookup, not an scrypt.
//
// Lockout as denial of service (OWASP, issue 20.2): counting failures per name from any source let 8
// wrong tries from one stranger deny the owner's right secret for 40 s. Now a stranger's failures slow
// down that stranger (its (source, name) pair and its source); the per-name count, which stops a
// guess spread over many sources, only applies to sources the account has not logged in from, so
// the owner at an address it used before is never locked out by anyone else.
//
// A LOGIN counts as a failure when it is admitted to the secret check, not when the check ends
// (issue 20.3: a burst of 129 LOGINs from one IP was all queued before the first failure counted);
// a success takes its count back.
//
// Failures are counted per *name* whether or not an account has it, so the limit says nothing about
// which names exist (§5: one answer for an unknown name and a wrong secret). Every table is bounded
// (oldest entries out first), so a flood of distinct names or addresses cannot grow it without end.
import { isIP } from 'node:net';

/** Which sources the limits apply to: everyone, all but loopback (local tools, tests), or none. */
export type LimitScope = 'all' | 'remote' | 'off';

export const LIMITS = {
  /** REGISTERs per source IP: a burst of this many… */
  registerBurst: 5,
  /** …then one more every this many ms (3 a minute). */
  registerEveryMs: 20_000,
  /** Failed LOGINs for one name from one source before the delays start; the first delay, doubling up to the cap. */
  pairFree: 5,
  pairFirstDelayMs: 2_000,
  pairMaxDelayMs: 5 * 60_000,
  /** Failed LOGINs from one source (IP; /64 for IPv6), likewise (it may try several names before it is slowed). */
  ipFree: 10,
  ipFirstDelayMs: 1_000,
  ipMaxDelayMs: 15 * 60_000,
  /** Failed LOGINs for one name from sources it never logged in from (a guess spread over many sources). */
  nameFree: 20,
  nameFirstDelayMs: 1_000,
  nameMaxDelayMs: 5 * 60_000,
  /** Sources kept per account as ones it registered or logged in from (Account.knownFrom; most recent kept). */
  knownPerName: 8,
  /** A counter with no failure for this long is forgotten. */
  forgetMs: 15 * 60_000,
  /** Entries per table (oldest out first). */
  maxEntries: 100_000,
} as const;

/**
 * The source a limit or a fair share is kept for: the IPv4 address, or the /64 of an IPv6 one (one
 * host is routinely given a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function sourceKey(ip: string): string {
  const v4 = ip.replace(/^::ffff:/i, '');
  if (isIP(v4) === 4) return v4;
  if (isIP(ip) !== 6) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('%')[0].split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export function isLoopback(ip: string): boolean {
  const v4 = ip.replace(/^::ffff:/i, '');
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return ip === '::1';
}

/** A host to listen on that only this machine can reach (the server's `--addresses` default depends on it). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopback(host);
}

/** A table that forgets its oldest entries beyond `max` (Map keeps insertion order; touched entries move last). */
class Bounded<V> {
  private readonly m = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    return this.m.get(k);
  }
  set(k: string, v: V): void {
    this.m.delete(k);
    this.m.set(k, v);
    if (this.m.size > this.max) this.m.delete(this.m.keys().next().value as string);
  }
  delete(k: string): void {
    this.m.delete(k);
  }
  get size(): number {
    return this.m.size;
  }
}

interface Failures {
  count: number;
  last: number;
  /** No LOGIN is checked before this time. */
  until: number;
}

export class Limits {
  private readonly registrations = new Bounded<{ tokens: number; at: number }>(LIMITS.maxEntries);
  private readonly byPair = new Bounded<Failures>(LIMITS.maxEntries);
  private readonly byIp = new Bounded<Failures>(LIMITS.maxEntries);
  private readonly byName = new Bounded<Failures>(LIMITS.maxEntries);
  /** Requests refused by a limit (for stats and the flood tool). */
  refused = 0;

  constructor(
    private readonly scope: LimitScope,
    private readonly now: () => number,
  ) {}

  /** Whether limits apply to this IP (all sources, all but loopback, or none: `--limits`). */
  applies(ip: string): boolean {
    return this.scope === 'all' || (this.scope === 'remote' && !isLoopback(ip));
  }

  /** Takes one REGISTER from this IP (a token bucket); a reason if the IP is over its budget. */
  register(ip: string): string | null {
    if (!this.applies(ip)) return null;
    const now = this.now();
    const src = sourceKey(ip);
    const b = this.registrations.get(src) ?? { tokens: LIMITS.registerBurst, at: now };
    b.tokens = Math.min(LIMITS.registerBurst, b.tokens + (now - b.at) / LIMITS.registerEveryMs);
    b.at = now;
    this.registrations.set(src, b);
    if (b.tokens < 1) {
      this.refused++;
      const wait = Math.ceil(((1 - b.tokens) * LIMITS.registerEveryMs) / 1000);
      return `Too many registrations from this address, try again in ${wait} s`;
    }
    b.tokens--;
    return null;
  }

  /**
   * Before a LOGIN's secret is checked: a reason if it must wait (nothing counted then), or null, and
   * the attempt is counted as a failure at once (taken back by loginSucceeded). `known`: the source
   * is one the account logged in from before, so failures from elsewhere (the per-name count) never
   * hold it back.
   */
  loginAttempt(nameKey: string, ip: string, known: boolean): string | null {
    if (!this.applies(ip)) return null;
    const now = this.now();
    const src = sourceKey(ip);
    const pair = `${src} ${nameKey}`;
    const wait = (f: Failures | undefined): number => (f && f.until > now ? Math.ceil((f.until - now) / 1000) : 0);
    const forName = Math.max(
      wait(this.current(this.byPair, pair, now)),
      known ? 0 : wait(this.current(this.byName, nameKey, now)),
    );
    if (forName > 0) {
      this.refused++;
      return `Too many failed logins for this name, try again in ${forName} s`;
    }
    const forIp = wait(this.current(this.byIp, src, now));
    if (forIp > 0) {
      this.refused++;
      return `Too many failed logins from this address, try again in ${forIp} s`;
    }
    this.fail(this.byPair, pair, now, LIMITS.pairFree, LIMITS.pairFirstDelayMs, LIMITS.pairMaxDelayMs);
    this.fail(this.byIp, src, now, LIMITS.ipFree, LIMITS.ipFirstDelayMs, LIMITS.ipMaxDelayMs);
    if (!known) this.fail(this.byName, nameKey, now, LIMITS.nameFree, LIMITS.nameFirstDelayMs, LIMITS.nameMaxDelayMs);
    return null;
  }

  /**
   * A LOGIN admitted by loginAttempt (with the same `known`) succeeded: the (source, name) pair starts
   * afresh, the failure counted for the source and the name is taken back. (The source is known from
   * then on: the login change records it in Account.knownFrom.)
   */
  loginSucceeded(nameKey: string, ip: string, known: boolean): void {
    if (!this.applies(ip)) return;
    const src = sourceKey(ip);
    this.byPair.delete(`${src} ${nameKey}`);
    this.unfail(this.byIp, src, LIMITS.ipFree);
    if (!known) this.unfail(this.byName, nameKey, LIMITS.nameFree);
  }

  /** A LOGIN admitted by loginAttempt was never checked (the checker was full): its failure is taken back. */
  loginUnchecked(nameKey: string, ip: string, known: boolean): void {
    if (!this.applies(ip)) return;
    const src = sourceKey(ip);
    this.unfail(this.byPair, `${src} ${nameKey}`, LIMITS.pairFree);
    this.unfail(this.byIp, src, LIMITS.ipFree);
    if (!known) this.unfail(this.byName, nameKey, LIMITS.nameFree);
  }

  private current(t: Bounded<Failures>, k: string, now: number): Failures | undefined {
    const f = t.get(k);
    if (f && now - f.last > LIMITS.forgetMs && f.until <= now) {
      t.delete(k);
      return undefined;
    }
    return f;
  }

  private fail(t: Bounded<Failures>, k: string, now: number, free: number, first: number, max: number): void {
    const f = this.current(t, k, now) ?? { count: 0, last: now, until: 0 };
    f.count++;
    f.last = now;
    // The delay grows with every failure past the free ones: first, 2×first, 4×first … up to max.
    if (f.count > free) f.until = now + Math.min(max, first * 2 ** (f.count - free - 1));
    t.set(k, f);
  }

  /** Takes back one failure counted by `fail` (the attempt succeeded). */
  private unfail(t: Bounded<Failures>, k: string, free: number): void {
    const f = t.get(k);
    if (!f) return;
    f.count = Math.max(0, f.count - 1);
    if (f.count <= free) f.until = 0;
  }
}
