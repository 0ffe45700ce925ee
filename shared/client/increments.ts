// How the client knows the server's bid increments (PROTOCOL.md §5, `--increments cent|ebay`). The
// protocol has no message that says which policy is in force, and this project keeps the wire contract,
// so the client core works it out, in this order of trust:
// 1. `option`: the user said so (ClientOptions.increments, e.g. a TUI flag) — never overridden;
// 2. `learned`: a BID_REJECTED for a too-low amount, whose reason our server words as
//    `… at least 10.50 (highest bid 10.00 + 0.50)`: the increment at that price, which tells the policy;
// 3. `observed`: a maximum answering a bid in the pushes — BID_UPDATEs with consecutive server RQ#s (so
//    nothing happened in between) where the previous leader comes back exactly one ebay increment above
//    the challenger (under `cent` an answer is never more than 0.01 above) — only ever upgrades from
//    `assumed`, and a later rejection corrects it;
// 4. `assumed`: `cent`, the default and the course rule, until one of the above says otherwise.
// A wrong guess costs little: a minimum computed too high is still a valid bid, one too low is refused
// with the reason that corrects it. Pure: no socket, no clock.
import { increment, minimumNextBid, type IncrementPolicy } from '../protocol/increments.js';
import { money } from '../protocol/fields.js';
import type { BidUpdate, Cents } from '../protocol/messages.js';

export type IncrementSource = 'option' | 'learned' | 'observed' | 'assumed';

export interface KnownIncrements {
  policy: IncrementPolicy;
  source: IncrementSource;
}

const TOO_LOW = /at least (\d+\.\d{2}) \(highest bid (\d+\.\d{2}) \+ (\d+\.\d{2})\)/;

/** The policy a BID_REJECTED reason reveals, or null when it says nothing about increments. */
export function policyFromRejection(reason: string): IncrementPolicy | null {
  const m = TOO_LOW.exec(reason);
  if (!m) return null;
  const highest = money(m[2]);
  const step = money(m[3]);
  if (!highest.ok || !step.ok) return null;
  if (step.value === increment('cent', highest.value)) return 'cent';
  if (step.value === increment('ebay', highest.value)) return 'ebay';
  return null;
}

export class IncrementTracker {
  private known: KnownIncrements;
  /** Per item: the last two BID_UPDATEs (RQ#, amount, bidder), to see a maximum answer. */
  private last = new Map<string, Array<{ rq: number; cents: Cents; bidder: string }>>();

  constructor(
    option: IncrementPolicy | undefined,
    private readonly onChange: (k: KnownIncrements) => void = () => undefined,
  ) {
    this.known = option ? { policy: option, source: 'option' } : { policy: 'cent', source: 'assumed' };
  }

  get current(): KnownIncrements {
    return this.known;
  }

  /** The least a new bid may be at this price (no bid yet: the price itself). */
  minimumBid(price: Cents, hasBid: boolean): Cents {
    return minimumNextBid(this.known.policy, price, hasBid);
  }

  /** A BID_REJECTED (to BID or MAX_BID). */
  rejected(reason: string): void {
    const policy = policyFromRejection(reason);
    if (policy && this.known.source !== 'option') this.set({ policy, source: 'learned' });
  }

  /** A BID_UPDATE push. */
  update(m: BidUpdate): void {
    const rq = Number(m.rq);
    const key = m.item.toLowerCase();
    const seen = [...(this.last.get(key) ?? []), { rq, cents: m.highestBid, bidder: m.bidder }].slice(-3);
    this.last.set(key, seen);
    if (this.known.source !== 'assumed' || seen.length < 3) return;
    const [before, challenger, answer] = seen;
    const gap = answer.cents - challenger.cents;
    if (
      answer.rq === challenger.rq + 1 &&
      answer.bidder.toLowerCase() === before.bidder.toLowerCase() &&
      challenger.bidder.toLowerCase() !== before.bidder.toLowerCase() &&
      gap > 1 &&
      gap === increment('ebay', challenger.cents)
    )
      this.set({ policy: 'ebay', source: 'observed' });
  }

  private set(k: KnownIncrements): void {
    if (k.policy === this.known.policy && k.source === this.known.source) return;
    this.known = k;
    this.onChange(k);
  }
}
