// How many refusals a source is answered (issue 20.3). A LOGIN refused at once — the secret checker
// has no room for it, or a limit holds its source back — was answered at once, and a sender that waits
// for its answers sent the next at once: 200 LOGINs kept in flight from one address made 8,000 such
// answers a second (31,000 under `--limits all`), which took the server's loop and the 2 cores from
// everyone else's secret checks. So each source is answered a burst of such refusals, then a few a
// second; the rest get no reply (§3: at most one datagram per datagram, so none is allowed) and the
// flood slows to the pace of its answers. A person, or a client retrying (0.5 s, doubling), never
// sees the difference: it is told once, and told again when it tries again later.
import { sourceKey } from './limits.js';

/** Refusals answered to one source at once… */
export const REFUSALS_ANSWERED_BURST = 10;
/** …then this many a second. */
export const REFUSALS_ANSWERED_PER_SECOND = 2;
/** Sources whose budget is kept (oldest out first: a forgotten one starts with a full burst). */
const MAX_SOURCES = 4096;

/** The request is refused with no answer: its source was answered refusals enough a moment ago. */
export class Unanswered extends Error {
  constructor(readonly reason: string) {
    super(`not answered (refusals to this source are rate-limited): ${reason}`);
  }
}

export class RefusalAnswers {
  private readonly budgets = new Map<string, { tokens: number; at: number }>();
  /** Refusals not answered (for tests and tools). */
  unanswered = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Whether a refusal to this IP's source may be answered now (and takes one of its budget if so). */
  answer(ip: string): boolean {
    const now = this.now();
    const key = sourceKey(ip);
    const b = this.budgets.get(key) ?? { tokens: REFUSALS_ANSWERED_BURST, at: now };
    b.tokens = Math.min(REFUSALS_ANSWERED_BURST, b.tokens + ((now - b.at) * REFUSALS_ANSWERED_PER_SECOND) / 1000);
    b.at = now;
    this.budgets.delete(key);
    this.budgets.set(key, b);
    if (this.budgets.size > MAX_SOURCES) this.budgets.delete(this.budgets.keys().next().value as string);
    if (b.tokens < 1) {
      this.unanswered++;
      return false;
    }
    b.tokens--;
    return true;
  }

  /** `reason` if it may be answered, else throws Unanswered (dispatch then sends nothing). */
  refusal(ip: string, reason: string): string {
    if (!this.answer(ip)) throw new Unanswered(reason);
    return reason;
  }
}
