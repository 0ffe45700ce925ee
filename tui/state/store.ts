// A small external store around the reducer (subscribe/getSnapshot for useSyncExternalStore), kept
// outside React. It owns the clock (a tick on every wall-clock second, and when the screen changes by
// itself: a row highlight ends, a price question arms)
// and coalesces renders: network and clock updates notify at most once per frame (50 ms: 20 frames a
// second), key presses and request results notify at once so the screen answers the keyboard quickly.
import type { Action, ActionType, AuctionState } from './model.js';
import { HIGHLIGHT_MS, NEGOTIATION_ARM_MS } from './model.js';
import { reducer } from './reducer.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StoreOptions {
  /** The state clock, ms since epoch (default Date.now). */
  now?: () => number;
  /** Monotonic clock for frame pacing (default performance.now). */
  monotonic?: () => number;
  /** Minimum time between two notifications caused by network or clock updates (default 50 ms). */
  frameMs?: number;
  timers?: Timers;
}

/**
 * Actions nobody is waiting on (network pushes, the clock, startup config): they wait for the next
 * frame slot. Everything else a person caused or is waiting for (keys, request results, a checkout
 * opening) is rendered at once.
 */
const PACED: ReadonlySet<ActionType> = new Set<ActionType>([
  'push',
  'catalog',
  'catalogProgress',
  'connection',
  'session',
  'notice',
  'tick',
  'checkoutEnded',
  'checkoutConfig',
]);

export function isUrgent(action: Action): boolean {
  return !PACED.has(action.type);
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** The next moment the screen changes by itself (a highlight ends, a price question arms), or null. */
export function nextWake(s: AuctionState): number | null {
  let next: number | null = null;
  const consider = (at: number) => {
    if (at > s.now && (next === null || at < next)) next = at;
  };
  const highlight = s.auctions.nextHighlightEnd(s.now, HIGHLIGHT_MS);
  if (highlight !== null) consider(highlight);
  if (s.modal?.kind === 'negotiate') consider(s.modal.openedAt + NEGOTIATION_ARM_MS);
  return next;
}

export class AuctionStore {
  private state: AuctionState;
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private readonly monotonic: () => number;
  private readonly frameMs: number;
  private readonly timers: Timers;
  private lastEmit = Number.NEGATIVE_INFINITY;
  private frameTimer: unknown = null;
  private clockTimer: unknown = null;
  /** When the armed clock timer fires (ms, state clock). */
  private clockAt = Number.POSITIVE_INFINITY;
  private clockRunning = false;
  /** Notifications sent so far (renders requested); for the benchmark and tests. */
  emitted = 0;

  constructor(initial: AuctionState, opts: StoreOptions = {}) {
    this.state = initial;
    this.now = opts.now ?? Date.now;
    this.monotonic = opts.monotonic ?? (() => performance.now());
    this.frameMs = opts.frameMs ?? 50;
    this.timers = opts.timers ?? defaultTimers;
  }

  readonly getSnapshot = (): AuctionState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  readonly dispatch = (action: Action): void => {
    const next = reducer(this.state, action, this.now());
    if (next === this.state) return;
    const prompted = next.modal !== this.state.modal;
    this.state = next;
    // A prompt that appeared may arm sooner than the next tick (the price question): wake for it.
    if (prompted && this.clockRunning) {
      const wake = nextWake(next);
      if (wake !== null && wake < this.clockAt) this.armClock();
    }
    if (isUrgent(action)) this.flush();
    else this.schedule();
  };

  /**
   * Starts ticking: on each wall-clock second, and when the screen changes by itself (a highlight ends, a price
   * question arms).
   */
  startClock(): void {
    if (this.clockRunning) return;
    this.clockRunning = true;
    this.armClock();
  }

  /** Stops the clock and any pending frame. */
  stop(): void {
    this.clockRunning = false;
    if (this.clockTimer !== null) this.timers.clearTimeout(this.clockTimer);
    if (this.frameTimer !== null) this.timers.clearTimeout(this.frameTimer);
    this.clockTimer = null;
    this.frameTimer = null;
  }

  private armClock(): void {
    if (!this.clockRunning) return;
    if (this.clockTimer !== null) this.timers.clearTimeout(this.clockTimer);
    const now = this.now();
    let at = now - (now % 1000) + 1000;
    const wake = nextWake(this.state);
    if (wake !== null && wake < at) at = wake;
    const ms = Math.max(1, at - now + 2);
    this.clockAt = now + ms;
    this.clockTimer = this.timers.setTimeout(() => {
      this.clockTimer = null;
      this.clockAt = Number.POSITIVE_INFINITY;
      this.dispatch({ type: 'tick' });
      this.armClock();
    }, ms);
  }

  private schedule(): void {
    if (this.frameTimer !== null) return;
    const since = this.monotonic() - this.lastEmit;
    if (since >= this.frameMs) {
      this.emit();
      return;
    }
    this.frameTimer = this.timers.setTimeout(() => {
      this.frameTimer = null;
      this.emit();
    }, this.frameMs - since);
  }

  private flush(): void {
    if (this.frameTimer !== null) {
      this.timers.clearTimeout(this.frameTimer);
      this.frameTimer = null;
    }
    this.emit();
  }

  private emit(): void {
    this.lastEmit = this.monotonic();
    this.emitted++;
    for (const listener of [...this.listeners]) listener();
  }
}
