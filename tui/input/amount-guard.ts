// Keys meant for an amount box that is not there. `b400⏎` typed fast on a closed lot: the prompt does
// not open ("lamp is closed"), and without this the 4 switched to "my wins" and the Enter opened a
// prompt on another row (issue 19.2). The same when the prompt closed by itself under the typing (the
// auction closed). For a moment after that, the keys that type an amount are dropped instead of acting
// as market commands; any other key ends the moment and acts as typed. Pure: the caller gives the time.
import type { KeyEvent } from './keys.js';

/** How long after the refusal (or the last dropped key) amount keys are still dropped. */
export const AMOUNT_GUARD_MS = 1500;

/** Keys that type or edit an amount: digits, the decimal point, what a pasted amount carries, Enter. */
export function typesAmount(ev: KeyEvent): boolean {
  if (ev.kind === 'char') return /^[0-9.,$]$/.test(ev.char);
  return ev.kind === 'enter' || ev.kind === 'backspace' || ev.kind === 'clear';
}

export class AmountGuard {
  private until = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs = AMOUNT_GUARD_MS) {}

  /** An amount box was refused or went away at `at` (ms): amount keys until then + the window are dropped. */
  arm(at: number): void {
    this.until = Math.max(this.until, at + this.windowMs);
  }

  /** Whether to drop this key, typed at `now`. */
  drops(ev: KeyEvent, now: number): boolean {
    if (now > this.until) return false;
    if (typesAmount(ev)) {
      this.until = now + this.windowMs;
      return true;
    }
    this.until = Number.NEGATIVE_INFINITY;
    return false;
  }
}
