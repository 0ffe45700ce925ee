// One pure parser per field type of PROTOCOL.md §2. Each takes one token (or, for free text, the
// re-joined tokens) and returns a value or a reason phrased to follow the field's name, so a caller
// can build `Start_Price must be a positive amount with at most 2 decimals` without knowing the rule.
// Reasons never echo the input: the input may be a card number, and denials travel back on the wire.
// Reasons are ASCII on purpose: course clients may print them with a non-UTF-8 terminal.

import { isIP } from 'node:net';
import { EXPIRY_RE, luhnValid, redact } from './card.js';
import type { Cents, Role } from './messages.js';
import { LIMITS } from './messages.js';

export type FieldResult<T> = { ok: true; value: T } | { ok: false; reason: string };
export type FieldParser<T> = (token: string) => FieldResult<T>;

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** RQ#: 1-10 decimal digits, kept as written ("007" stays "007") so a reply echoes it exactly. */
export function rq(token: string): FieldResult<string> {
  return /^\d{1,10}$/.test(token) ? ok(token) : fail('must be 1 to 10 decimal digits');
}

const NAME_RE = /^[A-Za-z0-9_.-]{1,32}$/;

/** Name, Item_Name: `[A-Za-z0-9_.-]{1,32}`. Case is kept; uniqueness (case-insensitive) is the server's job. */
export function name(token: string): FieldResult<string> {
  return NAME_RE.test(token) ? ok(token) : fail('must be 1 to 32 letters, digits, "_", "." or "-"');
}

/**
 * An account name (Name, Bidder_Name, Seller_Name, Buyer_Name, Winner_Name): like name(), but not `-`,
 * which AUCTION_CLOSED uses for "no winner". PROTOCOL.md's regex allows `-`; reserving it is our
 * addition so an account called `-` cannot be mistaken for "nothing sold".
 */
export function accountName(token: string): FieldResult<string> {
  if (token === '-') return fail('must not be "-" (it means "nobody")');
  return name(token);
}

/** Role: `buyer` or `seller`, any case in, lowercase out. */
export function role(token: string): FieldResult<Role> {
  // ASCII check first: toLowerCase() maps some non-ASCII letters (e.g. the Kelvin sign) to ASCII ones.
  const lower = /^[A-Za-z]+$/.test(token) ? token.toLowerCase() : '';
  return lower === 'buyer' || lower === 'seller' ? ok(lower) : fail('must be buyer or seller');
}

/** IP: an IPv4 dotted quad or an IPv6 literal, kept as written (not normalised). */
export function ip(token: string): FieldResult<string> {
  return isIP(token) !== 0 ? ok(token) : fail('must be an IPv4 or IPv6 address');
}

/** UDP_Port, TCP_Port: 1-65535. */
export function port(token: string): FieldResult<number> {
  const n = /^\d{1,5}$/.test(token) ? Number(token) : 0;
  return n >= 1 && n <= 65535 ? ok(n) : fail('must be a port number from 1 to 65535');
}

/** Secret (ext): `[A-Za-z0-9_-]{16,64}`. */
export function secret(token: string): FieldResult<string> {
  return /^[A-Za-z0-9_-]{16,64}$/.test(token) ? ok(token) : fail('must be 16 to 64 letters, digits, "_" or "-"');
}

// Cc: C0 controls, DEL, C1 controls. Cs: lone surrogates, which cannot be encoded as UTF-8 and would
// silently become U+FFFD on the wire.
const CONTROL_RE = /[\p{Cc}\p{Cs}]/u;

// Characters that change how text around them is shown, not what it says (issue 20.12): a line or
// paragraph separator starts a new line in many viewers (a forged log line), a bidi embedding, override
// or isolate reorders what follows (`U+202E` shows `gpj.exe` as `exe.jpg`), and a zero-width character
// or byte-order mark makes two different names look the same. Refused like control characters.
const LINE_SEPARATORS = /[\u2028\u2029]/;
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
const ZERO_WIDTH = /[\u200b-\u200f\u2060\ufeff]/;
/** All of them (not global: `test` keeps no state), for the formatter, the log (server/log.ts), tests. */
export const INVISIBLE = /[\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\ufeff]/;
const INVISIBLE_RUN = new RegExp(`${INVISIBLE.source}+`, 'g');

/** Why free text with one of those characters is refused (phrased to follow the field's name), or null. */
function invisibleReason(text: string): string | null {
  if (LINE_SEPARATORS.test(text)) return 'must not contain line or paragraph separators (U+2028, U+2029)';
  if (BIDI_CONTROLS.test(text)) return 'must not contain bidirectional controls (U+202A-U+202E, U+2066-U+2069)';
  if (ZERO_WIDTH.test(text)) return 'must not contain zero-width characters (U+200B-U+200F, U+2060, U+FEFF)';
  return null;
}

/**
 * Description, Address, Reason: 1-200 characters, no control characters, no line separators, bidi
 * controls or zero-width characters. "Characters" are Unicode
 * code points, so an emoji counts as one, not two UTF-16 units. A card number in free text (an
 * Address someone typed a card into) is redacted to `****1234` here, as it is parsed, so it is kept
 * nowhere in full: not in the change log, the history archive or a push (issue 20.9, §7).
 */
export function freeText(text: string): FieldResult<string> {
  if (CONTROL_RE.test(text)) return fail('must not contain control characters');
  const invisible = invisibleReason(text);
  if (invisible) return fail(invisible);
  let n = 0;
  for (const _ of text) n++;
  if (n < 1 || n > LIMITS.freeTextChars) return fail(`must be 1 to ${LIMITS.freeTextChars} characters`);
  return ok(redact(text));
}

const MONEY_RE = /^(\d+)(?:\.(\d{1,2}))?$/;
const MAX_UNITS = LIMITS.maxCents / 100;

/**
 * Price, Amount: decimal > 0, at most 2 fraction digits, at most 1,000,000,000; the value is integer
 * cents. Plain digits only: no sign, exponent, leading or trailing dot, or surrounding space
 * ("+3", "1e3", ".5", "5." are rejected). Leading zeros are harmless and accepted ("05.00" = 500).
 */
export function money(token: string): FieldResult<Cents> {
  const m = MONEY_RE.exec(token);
  if (!m) return fail('must be a positive amount with at most 2 decimals');
  const units = m[1].replace(/^0+(?=\d)/, '');
  // Length check first so a 1000-digit integer part never reaches Number() and loses precision.
  if (units.length > String(MAX_UNITS).length) return fail(`must be at most ${MAX_UNITS}`);
  const cents = Number(units) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (cents === 0) return fail('must be greater than 0');
  if (cents > LIMITS.maxCents) return fail(`must be at most ${MAX_UNITS}`);
  return ok(cents);
}

/** Alias: money() is the parser for every Price/Amount field. */
export const parseMoney = money;

/** Cents as the server writes them: always exactly 2 fraction digits (`1250` -> `12.50`). */
export function formatMoney(cents: Cents): string {
  const c = Math.round(cents);
  const sign = c < 0 ? '-' : '';
  const abs = Math.abs(c);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Whole non-negative seconds or counts; 10 digits keeps every value a safe integer. */
function wholeNumber(token: string): number | null {
  return /^\d{1,10}$/.test(token) ? Number(token) : null;
}

/** Duration: whole seconds, 1-2,592,000 (30 days). */
export function duration(token: string): FieldResult<number> {
  const n = wholeNumber(token);
  return n !== null && n >= 1 && n <= LIMITS.maxDurationS
    ? ok(n)
    : fail(`must be whole seconds from 1 to ${LIMITS.maxDurationS}`);
}

/** Time_Left: whole seconds >= 0 (0 once closed). */
export function timeLeft(token: string): FieldResult<number> {
  const n = wholeNumber(token);
  return n !== null ? ok(n) : fail('must be whole seconds, 0 or more');
}

/** Count (CATALOG_END): a whole number >= 0. */
export function count(token: string): FieldResult<number> {
  const n = wholeNumber(token);
  return n !== null ? ok(n) : fail('must be a whole number, 0 or more');
}

/** Since_RQ, Watermark (CATALOG, CATALOG_END): a server RQ# as a number, `0` for "from the beginning". */
export function serverRq(token: string): FieldResult<number> {
  const n = wholeNumber(token);
  return n !== null ? ok(n) : fail('must be a server RQ#: 1 to 10 decimal digits (0 = from the beginning)');
}

/**
 * Cookie (ext, WATCH / WATCH-CHALLENGE). PROTOCOL.md gives no syntax; we chose `[A-Za-z0-9_-]{1,128}`:
 * base64url, which is what an HMAC cookie is naturally encoded as, with room for a prefix such as a
 * time bucket, and no character that could be a field separator.
 */
export function cookie(token: string): FieldResult<string> {
  return /^[A-Za-z0-9_-]{1,128}$/.test(token) ? ok(token) : fail('must be 1 to 128 letters, digits, "_" or "-"');
}

/**
 * CC#: 12-19 digits passing the Luhn check. One generic reason for every failure: never hint at the
 * digits. But one digit repeated (`000000000000` passes Luhn) is a placeholder, not a card: our
 * addition (issue 20.9), with its own reason, which reveals nothing of a real card.
 */
export function card(token: string): FieldResult<string> {
  const generic = 'must be 12 to 19 digits passing the Luhn check';
  if (!/^\d{12,19}$/.test(token)) return fail(generic);
  if (/^(\d)\1*$/.test(token)) return fail('must be a real card number, not one digit repeated');
  return luhnValid(token) ? ok(token) : fail(generic);
}

/** CC_Exp_Date syntax only (`MM/YY`, month 01-12). "Not before the current month" is card.expiryError(). */
export function expiry(token: string): FieldResult<string> {
  return EXPIRY_RE.test(token) ? ok(token) : fail('must be MM/YY with a month from 01 to 12');
}

// Control characters (incl. \n \r \t) and lone surrogates: see freeText().
const CONTROL_RUN = /[\p{Cc}\p{Cs}]+/gu;

/** Trims U+0020 only, the one field separator; String#trim() would also eat e.g. U+00A0, which is text. */
function trimSpaces(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) === 32) start++;
  while (end > start && s.charCodeAt(end - 1) === 32) end--;
  return s.slice(start, end);
}

/**
 * Makes any string a valid free-text field (the formatter of Description, Address, Reason): control
 * characters and the invisible ones freeText() refuses become spaces, card numbers are redacted, runs
 * of spaces collapse (the parser re-joins tokens with single spaces anyway), both ends are trimmed, the
 * result is cut to 200 code points, and an empty result becomes `-` (the field cannot be empty). Free
 * text often comes from a person or an error message, so format() never emits a line parse() rejects.
 */
export function cleanFreeText(text: string): string {
  let s = trimSpaces(redact(text).replace(CONTROL_RUN, ' ').replace(INVISIBLE_RUN, ' ').replace(/ {2,}/g, ' '));
  const chars = Array.from(s);
  if (chars.length > LIMITS.freeTextChars) s = trimSpaces(chars.slice(0, LIMITS.freeTextChars).join(''));
  return s === '' ? '-' : s;
}
