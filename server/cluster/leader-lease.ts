// One leader per house (PROTOCOL.md §9 Order): a lease in the house's KV bucket, renewed by its
// holder by compare-and-set on the revision it last wrote. Another server takes it over once the
// revision has not moved for `ttlMs` of its own clock (no clock is compared across machines). The
// lease only decides who *tries* to lead: safety comes from the change stream's fence
// (jetstream-store.ts), which refuses every batch of a writer once another has written.
import type { KV } from '@nats-io/kv';

const KEY = 'leader';

export interface LeaseOptions {
  ttlMs?: number;
  /** How often the lease is renewed or watched. */
  tickMs?: number;
  onGain: () => Promise<void>;
  onLose: (why: string) => Promise<void>;
  /**
   * The lease could not be renewed for a whole term (the bucket unreachable): stop answering requests,
   * but keep the lead, and `onResume` once a renewal goes through again. Without it, the lease is lost.
   */
  onSuspend?: (why: string) => void;
  onResume?: () => void;
  warn: (message: string) => void;
}

export class LeaderLease {
  /** The revision this server last wrote while it holds the lease. */
  private myRevision = 0;
  private held = false;
  private lastRenewed = 0;
  /** What this server last saw of another's lease, and since when (its own clock). */
  private observed = { revision: -1, since: 0 };
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** The takeover in progress (onGain): renewals go on meanwhile, so a slow catch-up keeps the lease. */
  private gaining: Promise<void> | null = null;
  private stopped = false;
  private readonly ttlMs: number;
  private readonly tickMs: number;
  private troubled = false;
  /** Held, but not renewed for a term: requests wait until a renewal goes through (or the lease is lost). */
  private suspended = false;

  constructor(
    private readonly kv: KV,
    readonly serverId: string,
    private readonly opts: LeaseOptions,
  ) {
    this.ttlMs = opts.ttlMs ?? 3000;
    this.tickMs = opts.tickMs ?? 500;
  }

  get holding(): boolean {
    return this.held;
  }

  /** Runs the first round (so a lone first server leads before it says it listens), then keeps going. */
  async start(): Promise<void> {
    await this.round();
    await this.gaining;
    const loop = (): void => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        this.running = this.round().finally(loop);
      }, this.tickMs);
    };
    loop();
  }

  private async round(): Promise<void> {
    try {
      if (this.held) await this.renew();
      else await this.contend();
      if (this.troubled) {
        this.troubled = false;
        this.opts.warn('leader lease: NATS answers again');
      }
    } catch (e) {
      if (!this.troubled) {
        this.troubled = true;
        this.opts.warn(`leader lease: cannot reach the house's KV bucket (${(e as Error).message})`);
      }
      // A contender counts the lease still only while the bucket answers it: the holder could not renew
      // meanwhile either, and gets the time to renew once the bucket is back (a NATS node killed cost
      // every leader its lead, and the house 9 s of hand-over on top of the bucket's own election).
      if (!this.held) this.observed = { revision: -1, since: 0 };
      const overdue = this.held && Date.now() - this.lastRenewed > this.ttlMs;
      if (overdue && this.opts.onSuspend) {
        // Another server may take the lease from now on: answer nothing until a renewal says it did not.
        if (!this.suspended) {
          this.suspended = true;
          this.opts.onSuspend('lease not renewed in time');
        }
      } else if (overdue) {
        // Never let a failure to step down escape the loop: an unhandled rejection ends the process.
        await this.lose('lease not renewed in time').catch((err: Error) =>
          this.opts.warn(`leader lease: ${err.message}`),
        );
      }
    }
  }

  private value(): string {
    return JSON.stringify({ id: this.serverId, at: Date.now() });
  }

  private async renew(): Promise<void> {
    try {
      this.myRevision = await this.kv.update(KEY, this.value(), this.myRevision);
    } catch (e) {
      if (!/wrong last sequence/i.test((e as Error).message)) throw e;
      // A renewal that timed out here may still have been stored: then the newer revision is our own.
      const now = await this.kv.get(KEY);
      const ours = now?.operation === 'PUT' && now.length > 0 && now.json<{ id?: string }>().id === this.serverId;
      if (!ours) return this.lose('another server holds the lease');
      this.myRevision = now.revision;
      return;
    }
    this.lastRenewed = Date.now();
    if (this.suspended) {
      this.suspended = false;
      this.opts.onResume?.();
    }
  }

  private async contend(): Promise<void> {
    const e = await this.kv.get(KEY);
    const free = !e || e.operation !== 'PUT' || e.length === 0;
    if (!free) {
      if (e.revision !== this.observed.revision) {
        this.observed = { revision: e.revision, since: Date.now() };
        return;
      }
      if (Date.now() - this.observed.since < this.ttlMs) return;
    }
    try {
      this.myRevision = free
        ? await this.kv.create(KEY, this.value())
        : await this.kv.update(KEY, this.value(), e.revision);
    } catch (err) {
      if (/wrong last sequence|exists/i.test((err as Error).message)) return; // another won this round
      throw err;
    }
    this.held = true;
    this.lastRenewed = Date.now();
    // Not awaited by the round: a takeover that waits on a stream still electing its leader (4–9 s on
    // nats-server 2.9) would otherwise let the lease lapse under it, and another server would take it
    // over only to wait the same way (chaos --cluster saw three such hand-overs in a row).
    this.gaining = this.opts
      .onGain()
      .catch((err: Error) => this.lose(`could not take over: ${err.message}`))
      .catch((err: Error) => this.opts.warn(`leader lease: ${err.message}`))
      .finally(() => {
        this.gaining = null;
      });
  }

  /** Held, but on hold: not renewed for a term (onSuspend told), until a renewal goes through (onResume). */
  get onHold(): boolean {
    return this.held && this.suspended;
  }

  /** Gives up leading (the store was fenced, or the lease could not be renewed); contends again later. */
  async lose(why: string): Promise<void> {
    if (!this.held) return;
    this.held = false;
    this.suspended = false;
    this.observed = { revision: -1, since: 0 };
    await this.opts.onLose(why);
  }

  /** Stops; a holder gives the lease up at once, so another server need not wait out the term. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running; // not the takeover in progress: it ends when the server closes its store
    if (this.held) {
      this.held = false;
      await this.kv.delete(KEY, { previousSeq: this.myRevision }).catch(() => undefined);
    }
  }
}
