// Timers of open auctions: close at the stored close time (§5, §8 — also after a restart: an auction
// whose time passed while the server was down closes at start) and the one-time negotiation at half
// time, repeated every 2 s until answered or closed. When to act is the rules' (negotiationPhase),
// what to do the market's; this module only owns the timers. Time_Left is always derived from closesAt.
import type { Market } from './market.js';
import { negotiationDueAt, negotiationPhase } from './rules/auction-rules.js';
import type { Services } from './services.js';
import type { Auction } from './state/model.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

export class Scheduler {
  private timers = new Map<string, NodeJS.Timeout[]>();
  /** The pending NEGOTIATE_REQ repeat of each auction (one at a time, replaced on each repeat). */
  private repeats = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly s: Services,
    private readonly market: Market,
  ) {}

  /** Arm timers for every open auction (at start). */
  start(): void {
    for (const a of [...this.s.house.openAuctions()]) this.arm(a);
  }

  arm(a: Auction): void {
    this.clear(a.id);
    if (this.stopped || a.status !== 'open') return;
    const now = this.s.house.now();
    const ts: NodeJS.Timeout[] = [];
    const at = (when: number, fn: () => void): void => {
      const delay = Math.max(0, when - now);
      // Timers cap at ~24.8 days; a 30-day auction re-arms on the way.
      ts.push(delay > MAX_TIMER_MS ? setTimeout(() => this.arm(a), MAX_TIMER_MS) : setTimeout(fn, delay));
    };
    at(a.closesAt, () => this.close(a));
    const phase = negotiationPhase(a, now);
    if (phase === 'waiting' || phase === 'due') at(negotiationDueAt(a), () => this.askNegotiation(a));
    if (phase === 'asked') at(now, () => this.repeatNegotiation(a));
    this.timers.set(a.id, ts);
  }

  private clear(id: string): void {
    for (const t of this.timers.get(id) ?? []) clearTimeout(t);
    this.timers.delete(id);
    clearTimeout(this.repeats.get(id));
    this.repeats.delete(id);
  }

  /** §5 Negotiation: once per auction, at half time, with no bid. */
  private askNegotiation(a: Auction): void {
    const phase = negotiationPhase(a, this.s.house.now());
    // A timer may fire a little before the wall-clock time it was computed from: not yet due → re-arm.
    if (phase === 'waiting') return this.arm(a);
    if (phase !== 'due') return;
    this.market.askNegotiation(a);
    this.scheduleRepeat(a);
  }

  private repeatNegotiation(a: Auction): void {
    this.repeats.delete(a.id);
    if (this.stopped || !this.market.remindNegotiation(a)) return;
    this.scheduleRepeat(a);
  }

  private scheduleRepeat(a: Auction): void {
    if (this.stopped) return;
    clearTimeout(this.repeats.get(a.id));
    this.repeats.set(
      a.id,
      setTimeout(() => this.repeatNegotiation(a), this.s.house.config.negotiateRepeatMs),
    );
  }

  /** §5/§6/§7: close at the stored time (moved by a soft-close bid meanwhile: re-arm instead). */
  close(a: Auction): void {
    if (a.status !== 'open') return;
    if (this.s.house.now() < a.closesAt) return this.arm(a);
    this.clear(a.id);
    this.market.closeAuction(a);
  }

  stop(): void {
    this.stopped = true;
    for (const id of new Set([...this.timers.keys(), ...this.repeats.keys()])) this.clear(id);
  }
}
