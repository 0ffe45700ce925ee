// Abuse limits (PROTOCOL.md §5 "Address verification"): registrations per source IP (a burst, then a
// few a minute) and failed LOGINs per name and per source IP, each with a delay that grows. A limited
// request is refused before any secret is checked, so it costs a map lookup, not an scrypt.
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
  /** Failed LOGINs for one name before the delays start, and the first delay, doubling up to the cap. */
  nameFree: 5,
  nameFirstDelayMs: 2_000,
  nameMaxDelayMs: 5 * 60_000,
  /** Failed LOGINs from one source IP, likewise (an IP may try several names before it is slowed down). */
  ipFree: 10,
  ipFirstDelayMs: 1_000,
  ipMaxDelayMs: 15 * 60_000,
  /** A counter with no failure for this long is forgotten. */
  forgetMs: 15 * 60_000,
  /** Entries per table (oldest out first). */
  maxEntries: 100_000,
} as const;

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
  private readonly byName = new Bounded<Failures>(LIMITS.maxEntries);
  private readonly byIp = new Bounded<Failures>(LIMITS.maxEntries);
  /** Requests refused by a limit (for stats and the flood tool). */
  refused = 0;

  constructor(
    private readonly scope: LimitScope,
    private readonly now: () => number,
  ) {}

  private applies(ip: string): boolean {
    return this.scope === 'all' || (this.scope === 'remote' && !isLoopback(ip));
  }

  /** Takes one REGISTER from this IP (a token bucket); a reason if the IP is over its budget. */
  register(ip: string): string | null {
    if (!this.applies(ip)) return null;
    const now = this.now();
    const b = this.registrations.get(ip) ?? { tokens: LIMITS.registerBurst, at: now };
    b.tokens = Math.min(LIMITS.registerBurst, b.tokens + (now - b.at) / LIMITS.registerEveryMs);
    b.at = now;
    this.registrations.set(ip, b);
    if (b.tokens < 1) {
      this.refused++;
      const wait = Math.ceil(((1 - b.tokens) * LIMITS.registerEveryMs) / 1000);
      return `Too many registrations from this address, try again in ${wait} s`;
    }
    b.tokens--;
    return null;
  }

  /** Before a LOGIN's secret is checked: a reason if this name or this IP must wait. */
  loginBlocked(nameKey: string, ip: string): string | null {
    if (!this.applies(ip)) return null;
    const now = this.now();
    const name = this.current(this.byName, nameKey, now);
    if (name && name.until > now) {
      this.refused++;
      return `Too many failed logins for this name, try again in ${Math.ceil((name.until - now) / 1000)} s`;
    }
    const addr = this.current(this.byIp, ip, now);
    if (addr && addr.until > now) {
      this.refused++;
      return `Too many failed logins from this address, try again in ${Math.ceil((addr.until - now) / 1000)} s`;
    }
    return null;
  }

  /** A LOGIN failed (unknown name or wrong secret): count it for the name and the IP. */
  loginFailed(nameKey: string, ip: string): void {
    if (!this.applies(ip)) return;
    const now = this.now();
    this.fail(this.byName, nameKey, now, LIMITS.nameFree, LIMITS.nameFirstDelayMs, LIMITS.nameMaxDelayMs);
    this.fail(this.byIp, ip, now, LIMITS.ipFree, LIMITS.ipFirstDelayMs, LIMITS.ipMaxDelayMs);
  }

  /** A LOGIN succeeded: the name starts afresh (the IP's count stands: it may be trying many names). */
  loginSucceeded(nameKey: string): void {
    this.byName.delete(nameKey);
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
}
