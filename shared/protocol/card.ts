// Payment-card helpers (PROTOCOL.md §2 CC#, CC_Exp_Date; §7 "card numbers are never written to disk
// or logs in full"). Pure: the clock is always passed in, so tests and the server agree on "now".

/** `MM/YY` with a real month; the date check needs a clock, so it lives in expiryError(). */
export const EXPIRY_RE = /^(0[1-9]|1[0-2])\/(\d\d)$/;

/** How far ahead an expiry may be: further than this is almost certainly a typo (`01/99`). */
const MAX_YEARS_AHEAD = 20;

/** Luhn checksum over a digit string; false for anything that is not all digits (or empty). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Why an `MM/YY` expiry is unacceptable at `now`, phrased to follow the field name
 * ("CC_Exp_Date has expired"), or null if it is fine. A card is valid through the end of its month,
 * so the current month is accepted. Months are counted in `now`'s local time zone (the server runs
 * in one zone; the client's own pre-check in checkout-session.ts uses local time too).
 * YY is read in the century that puts it nearest to now, so the code keeps working after 2099.
 */
export function expiryError(mmYY: string, now: Date): string | null {
  const m = EXPIRY_RE.exec(mmYY);
  if (!m) return 'must be MM/YY with a month from 01 to 12';
  const nowYear = now.getFullYear();
  let year = nowYear - (nowYear % 100) + Number(m[2]);
  if (year < nowYear - 50) year += 100;
  else if (year > nowYear + 50) year -= 100;
  const expiryMonth = year * 12 + Number(m[1]) - 1;
  const currentMonth = nowYear * 12 + now.getMonth();
  if (expiryMonth < currentMonth) return 'has expired';
  if (expiryMonth > currentMonth + MAX_YEARS_AHEAD * 12) return `is more than ${MAX_YEARS_AHEAD} years ahead`;
  return null;
}

/** The last four digits of a card number (non-digits such as spaces or dashes are ignored). */
export function lastFour(card: string): string {
  return card.replace(/\D/g, '').slice(-4);
}

/** For display: `•••• 4242`. Only the last four digits ever leave this function. */
export function maskCard(card: string): string {
  return `•••• ${lastFour(card)}`;
}

// A digit run, optionally grouped by single spaces or dashes ("4242 4242 4242 4242", "3782-822463-10005").
// Groups after a separator need 3+ digits: card groupings never have shorter ones, and it keeps the
// "12" of an expiry out of a card written just before it (`4242424242424242 12/30` in an INFORM_Res).
const DIGIT_RUN = /\d+(?:[ -]\d{3,})*/g;
const MIN_CARD_DIGITS = 12;

/**
 * Replaces every card-number-like run of 12 or more digits with `****1234` (its last four digits).
 * Call it on anything about to be logged. It errs towards redacting: runs longer than 19 digits are
 * redacted too (a card embedded in a longer run still leaks), and so is a long numeric id.
 */
export function redact(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    return digits.length >= MIN_CARD_DIGITS ? `****${digits.slice(-4)}` : run;
  });
}
