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

const MIN_CARD_DIGITS = 12;

/**
 * A run of digits (any script's: \p{Nd}, so full-width ４２４２ too) with at most 2 characters that are
 * neither letters nor digits between any two of them: whatever a person puts between the groups of a
 * card (spaces, no-break spaces, dashes, dots, underscores, slashes, commas, ", ") and in whatever
 * groups (pairs included). A letter ends a run, and so do 3 such characters: ` - ` is the protocol's
 * "nobody" between two numbers (`CATALOG_END 32 100000 - 123456`).
 */
const DIGIT_RUN = /\p{Nd}(?:[^\p{L}\p{M}\p{Nd}]{0,2}\p{Nd})*/gu;
const GROUP = /\p{Nd}+/gu;
const DIGIT = /\p{Nd}/u;

/**
 * Whether `text` may hold a card-like run (at least 12 digits), cheaply: nearly every log line and
 * free-text field has fewer ASCII digits and nothing outside Latin, so it skips the regex.
 */
export function mayHoldCard(text: string): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++n >= MIN_CARD_DIGITS) return true;
    } else if (c >= 0x660) return true; // the first digit outside ASCII is U+0660 (Arabic-Indic zero)
  }
  return false;
}

/** A digit of any script as ASCII: NFKC maps full-width and mathematical digits; other scripts by offset. */
function asciiDigit(d: string): string {
  const n = d.normalize('NFKC');
  if (n.length === 1 && n >= '0' && n <= '9') return n;
  let cp = d.codePointAt(0)!;
  let v = 0; // a script's digits 0-9 are contiguous: count down to its zero
  while (v < 9 && DIGIT.test(String.fromCodePoint(cp - 1))) {
    cp--;
    v++;
  }
  return String(v);
}

const lastFourOf = (digits: string[]): string => digits.slice(-4).map(asciiDigit).join('');

const MAX_CARD_DIGITS = 19;

/**
 * Within one run: which spans to redact. The run's digit groups are joined left to right into spans,
 * and a span of 12 or more digits is redacted. A span that is already a card (12+ digits) takes no
 * group that would make it longer than a card, nor, after a group of 3+ digits, a group of 1-2 (so the
 * expiry after a card, `4242 4242 4242 4242 12/30`, and a second card after a comma stay apart; pairs,
 * `42 42 42 …`, go on joining). Two shapes that log lines hold all the time are kept and join nothing:
 * an IPv4 dotted quad (four groups of 1-3 digits ≤ 255 joined by dots, not part of a longer chain:
 * `127.0.0.1 55203` is an address and a port) and an amount as the protocol writes it (up to
 * 1000000000, a dot, two decimals, not part of a longer chain: `123456.00 2592000`, a price and a
 * duration).
 */
function redactRun(run: string): string {
  const groups = [...run.matchAll(GROUP)].map((m) => ({ at: m.index, text: m[0], digits: Array.from(m[0]) }));
  const sepBefore = (i: number): string =>
    i === 0 ? '' : run.slice(groups[i - 1].at + groups[i - 1].text.length, groups[i].at);
  const chained = (i: number): boolean => i < groups.length && sepBefore(i) === '.';
  const isQuadAt = (i: number): boolean => {
    if (i + 3 >= groups.length || chained(i) || chained(i + 4)) return false;
    for (let k = i; k <= i + 3; k++) {
      const g = groups[k];
      if (!/^[0-9]{1,3}$/.test(g.text) || Number(g.text) > 255) return false;
      if (k > i && !chained(k)) return false;
    }
    return true;
  };
  const isAmountAt = (i: number): boolean =>
    chained(i + 1) &&
    !chained(i) &&
    !chained(i + 2) &&
    /^[0-9]{1,10}$/.test(groups[i].text) &&
    Number(groups[i].text) <= 1_000_000_000 &&
    /^[0-9]{2}$/.test(groups[i + 1].text);
  let out = '';
  let done = 0; // run[0, done) is written
  let from = -1; // the first group of the span being joined
  let digits: string[] = [];
  const flush = (to: number): void => {
    if (from >= 0 && digits.length >= MIN_CARD_DIGITS) {
      const last = groups[to - 1];
      out += `${run.slice(done, groups[from].at)}****${lastFourOf(digits)}`;
      done = last.at + last.text.length;
    }
    from = -1;
    digits = [];
  };
  for (let i = 0; i < groups.length; i++) {
    const skip = isQuadAt(i) ? 4 : isAmountAt(i) ? 2 : 0;
    if (skip > 0) {
      flush(i);
      i += skip - 1;
      continue;
    }
    const n = groups[i].digits.length;
    if (from >= 0) {
      const joined = digits.length + n;
      const card = digits.length >= MIN_CARD_DIGITS;
      const apart = card
        ? joined > MAX_CARD_DIGITS || (n < 3 && groups[i - 1].digits.length >= 3)
        : n >= MIN_CARD_DIGITS && joined > MAX_CARD_DIGITS;
      if (apart) flush(i);
    }
    if (from < 0) from = i;
    digits = digits.concat(groups[i].digits);
  }
  flush(groups.length);
  return out + run.slice(done);
}

/**
 * Replaces every card-number-like run of 12 or more digits with `****1234` (its last four digits),
 * however its groups are separated and in whatever script its digits are (issue 20.9). Call it on
 * anything about to be logged or kept; every free-text field is redacted as it is parsed. It errs
 * towards redacting: runs longer than 19 digits are redacted too (a card embedded in a longer run still
 * leaks), and so are a long numeric id and several numbers in a row that add up to 12 digits.
 */
export function redact(text: string): string {
  if (!mayHoldCard(text)) return text;
  return text.replace(DIGIT_RUN, (run) => (run.length < MIN_CARD_DIGITS ? run : redactRun(run)));
}
