// The server's events as tests see them, in process (RunningServer.events) or from a child process
// started with --events (one `event NAME JSON` line each on stdout): every event is kept from the start,
// and `until` resolves with the first one that matches — already seen or still to come — so a test
// awaits what happened instead of polling files. Domain events fire once their change is on disk.
import type { RunningServer, ServerEvents } from '../../server/server.js';
import { DOMAIN_EVENTS } from '../../server/events.js';

export type EventName = (typeof DOMAIN_EVENTS)[number] | 'watching';
export type EventOf<N extends EventName> = ServerEvents[N][0];

const RECORDED: readonly EventName[] = [...DOMAIN_EVENTS, 'watching'];

/**
 * How long a test waits for an event, a datagram or a line by default: generous, since a wait on something
 * that comes costs nothing, and a busy machine (two CPU burners beside the suite) must not fail a test.
 */
export const WAIT_MS = 30_000;

interface Waiter {
  name: EventName;
  match: (e: unknown) => boolean;
  resolve: (e: unknown) => void;
}

export class EventLog {
  readonly seen: Array<{ name: EventName; payload: unknown }> = [];
  private waiters: Waiter[] = [];

  /** Records every event of a bus (pass it to startServer to see its start too). */
  static of(bus: Pick<RunningServer, 'events'>['events']): EventLog {
    const log = new EventLog();
    for (const name of RECORDED) bus.on(name, (payload: unknown) => log.add(name, payload));
    return log;
  }

  /** Resolves once `n` events of `name` matching `match` have been seen in all. */
  async count<N extends EventName>(
    name: N,
    n: number,
    match: (e: EventOf<N>) => boolean = () => true,
    timeoutMs = WAIT_MS,
  ): Promise<void> {
    const m = match as (e: unknown) => boolean;
    let seen = 0;
    await this.until(name, (e) => m(e) && ++seen >= n, timeoutMs);
  }

  add(name: EventName, payload: unknown): void {
    this.seen.push({ name, payload });
    for (const w of [...this.waiters]) {
      if (w.name === name && w.match(payload)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(payload);
      }
    }
  }

  /** Feeds one stdout line of a server started with --events (other lines are ignored). */
  line(text: string): void {
    const m = /^event (\S+) (\{.*\})$/.exec(text);
    if (m && (RECORDED as readonly string[]).includes(m[1])) this.add(m[1] as EventName, JSON.parse(m[2]));
  }

  /** How many events were seen so far: pass it to until() to wait for one that comes after this point. */
  mark(): number {
    return this.seen.length;
  }

  /** The first `name` event (seen already — from `since` on — or to come) that matches. */
  until<N extends EventName>(
    name: N,
    match: (e: EventOf<N>) => boolean = () => true,
    timeoutMs = WAIT_MS,
    since = 0,
  ): Promise<EventOf<N>> {
    const m = match as (e: unknown) => boolean;
    const hit = this.seen.slice(since).find((e) => e.name === name && m(e.payload));
    if (hit) return Promise.resolve(hit.payload as EventOf<N>);
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        name,
        match: m,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e as EventOf<N>);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        const last = this.seen.filter((e) => e.name === name).slice(-5);
        reject(new Error(`no matching '${name}' event within ${timeoutMs} ms; last ones: ${JSON.stringify(last)}`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  /** A closure step of an item (§7), e.g. the buyer's answer or a final message delivered, on disk. */
  closure(
    item: string,
    step: EventOf<'closure'>['step'],
    party: 'buyer' | 'seller' | null = null,
    timeoutMs = WAIT_MS,
  ): Promise<EventOf<'closure'>> {
    return this.until(
      'closure',
      (e) => e.item === item && e.step === step && (party === null || e.party === party),
      timeoutMs,
    );
  }

  /** Both parties' final messages (or the seller's, with no buyer) delivered and recorded. */
  async delivered(item: string, parties: Array<'buyer' | 'seller'> = ['buyer', 'seller'], timeoutMs = WAIT_MS) {
    await Promise.all(parties.map((p) => this.closure(item, 'delivered', p, timeoutMs)));
  }
}
