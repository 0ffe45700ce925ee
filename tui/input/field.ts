// The one field editor every form uses: editField(value, event, rules) → the field's next value.
// Field kinds carry their typing rules; what a field does not take is refused with a reason, never
// silently rewritten (a money field keeps "12,5" as typed and says what is wrong with it, where the
// old box turned it into 125). The final checks reuse the codec's parsers (shared/protocol/fields.ts),
// the same rules the server applies. Pure: no React, no Ink; tested by table.
import { expiryError, fields, LIMITS } from '../../shared/protocol/index.js';
import { money } from '../format.js';
import type { Cents, FieldResult } from '../../shared/protocol/index.js';
import type { KeyEvent } from './keys.js';

export type FieldKind =
  /** An amount of dollars (PROTOCOL.md §2 Price/Amount): kept as typed, checked by parseAmount(). */
  | 'money'
  /** Digits only (a card number): spaces and dashes typed between groups are skipped, anything else refused. */
  | 'digits'
  /** MM/YY or MM/YYYY: digits, with the slash put in by itself. */
  | 'expiry'
  /**
   * An account or item name (at most 32 characters); what it may contain is the codec's name rule, named under the
   * field.
   */
  | 'name'
  /** Free text (description, address, filter): printable characters. */
  | 'text';

export interface FieldRules {
  kind: FieldKind;
  /** Longest value kept, in characters (defaults per kind). */
  max?: number;
  /**
   * The value is a prefill shown selected (an order ticket's suggested amount): the first character
   * typed replaces it; Backspace edits it instead.
   */
  selected?: boolean;
}

export interface FieldEdit {
  value: string;
  /** Why the key was not taken (the value is unchanged), for the field's hint line. */
  refused?: string;
}

/**
 * Money keeps what is typed past the box (amountProblem names it too long, and Enter sends nothing):
 * cutting it at the box made 20 digits a 16-digit bid (issue 19.4). Its max only bounds memory.
 */
const DEFAULT_MAX: Record<FieldKind, number> = { money: 64, digits: 19, expiry: 7, name: 32, text: 200 };

/** The longest amount the box takes: the most there is, $1,000,000,000.00, and a little room. */
export const MONEY_BOX_CHARS = 16;
const MOST = money(LIMITS.maxCents);

const chars = (s: string): string[] => Array.from(s);
const dropLast = (s: string): string => chars(s).slice(0, -1).join('');

/** The field after one key event, or null when the event is not an edit (Enter, Tab, arrows, Esc…). */
export function editField(value: string, ev: KeyEvent, rules: FieldRules): FieldEdit | null {
  const max = rules.max ?? DEFAULT_MAX[rules.kind];
  switch (ev.kind) {
    case 'backspace':
      return { value: rules.kind === 'expiry' ? formatExpiry(expiryDigits(value).slice(0, -1)) : dropLast(value) };
    case 'clear':
      return { value: '' };
    case 'char': {
      const base = rules.selected ? '' : value;
      const typed = typeChar(base, ev.char, rules.kind);
      if (typed.refused !== undefined) return { value, refused: typed.refused };
      if (chars(typed.value).length > max)
        return {
          value,
          refused: rules.kind === 'money' ? `is too long: at most ${MOST}` : `at most ${max} characters`,
        };
      return { value: typed.value };
    }
    default:
      return null;
  }
}

function typeChar(value: string, ch: string, kind: FieldKind): { value: string; refused?: string } {
  switch (kind) {
    case 'money':
      // Kept as typed, whatever it is: the problem is named under the field (parseAmount), never fixed up.
      return { value: value + ch };
    case 'digits':
      if (/\d/.test(ch)) return { value: value + ch };
      if (ch === ' ' || ch === '-') return { value };
      return { value, refused: 'digits only' };
    case 'expiry': {
      const digits = expiryDigits(value);
      if (ch === '/') {
        // "1/" means January: the month gets its leading zero.
        if (digits.length === 1) return { value: formatExpiry(`0${digits}`) };
        return { value };
      }
      if (!/\d/.test(ch)) return { value, refused: 'digits only: MM/YY or MM/YYYY' };
      if (digits.length >= 6) return { value, refused: 'MM/YY or MM/YYYY' };
      return { value: formatExpiry(digits + ch) };
    }
    case 'name':
    case 'text':
      return { value: value + ch };
  }
}

// ---- money (PROTOCOL.md §2: digits, at most one dot, at most 2 decimals; nothing else) -------------

/**
 * An amount as typed, exactly: what the box shows is what is sent. Anything but a plain amount is
 * refused with the problem named ("must not contain a comma: …"); the reasons follow a label
 * ("Amount", "New price"). The last word is the codec's money(), the server's own rule.
 */
export function parseAmount(text: string): FieldResult<Cents> {
  const problem = amountProblem(text, true);
  if (problem) return { ok: false, reason: problem };
  return fields.money(text);
}

/**
 * What is wrong with an amount typed so far, or null. `final` false (while typing) lets only the empty
 * box pass; "0" and "12." are named as you type, like every other problem (issue 19.4), though the
 * next key may still mend them. Limits read as money (`at most $1,000,000,000.00`), not the codec's
 * bare numbers.
 */
export function amountProblem(text: string, final: boolean): string | null {
  if (text === '') return final ? 'is empty: type an amount, like 12.50' : null;
  if (/\s/.test(text)) return 'must not contain spaces';
  // "1,200" is twelve hundred with its thousands grouped (a hurried hand, a paste): say what to type.
  // Any other comma is a decimal comma ("12,50"): the dot is the answer.
  if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(text)) {
    return `must not contain a comma: type ${text.replace(/,/g, '')}, without the thousands separator`;
  }
  if (text.includes(',')) return 'must not contain a comma: use a dot (12.50)';
  if (/^[+-]|[+-]/.test(text)) return 'must not have a sign (+ or -)';
  if (/[eE]/.test(text)) return 'must not use an exponent: type it in full (1000)';
  if (/[$€£¥¢]/u.test(text)) return 'must not include a currency sign';
  const bad = chars(text).find((c) => !/[0-9.]/.test(c));
  if (bad !== undefined) return `must be digits and one dot, like 12.50 (not "${bad}")`;
  if ((text.match(/\./g) ?? []).length > 1) return 'must have at most one decimal point';
  if (/\.\d{3,}$/.test(text)) return 'must have at most 2 decimals (cents)';
  if (text.startsWith('.')) return 'must have a digit before the dot (0.50)';
  if (text.endsWith('.')) return 'must have cents after the dot (12.50), or no dot';
  // The codec's own limits (§2), first by length so a long run of digits never reaches Number().
  const units = text.split('.')[0].replace(/^0+(?=\d)/, '');
  if (units.length > String(LIMITS.maxCents / 100).length) return `must be at most ${MOST}`;
  if (chars(text).length > MONEY_BOX_CHARS) return `is too long: at most ${MONEY_BOX_CHARS} characters`;
  const checked = fields.money(text);
  if (checked.ok) return null;
  if (/greater than 0/.test(checked.reason)) return `must be more than ${money(0)}`;
  return /at most/.test(checked.reason) ? `must be at most ${MOST}` : checked.reason;
}

// ---- expiry (CC_Exp_Date is MM/YY on the wire; people also type MM/YYYY) --------------------------

function expiryDigits(value: string): string {
  return value.replace(/\D/g, '');
}

/** Digits as shown: `12`, `12/2`, `12/29`, `12/2029`. */
function formatExpiry(digits: string): string {
  return digits.length > 2 ? `${digits.slice(0, 2)}/${digits.slice(2)}` : digits;
}

/** The wire form (MM/YY) of an expiry typed as MM/YY or MM/YYYY, or null when it is neither. */
export function wireExpiry(text: string): string | null {
  const m = /^(\d{2})\/(\d{2}|\d{4})$/.exec(text);
  if (!m) return null;
  if (m[2].length === 2) return text;
  // MM/YYYY: only this century's years have a YY the server will read the same way.
  if (!m[2].startsWith('20')) return null;
  return `${m[1]}/${m[2].slice(2)}`;
}

/**
 * What is wrong with an expiry as typed, or null. While typing (`final` false) an unfinished date is
 * not an error, and `MM/20` is not yet "expired": it may be the start of MM/20YY.
 */
export function expiryProblem(text: string, now: Date, final: boolean): string | null {
  const digits = expiryDigits(text);
  const month = Number(digits.slice(0, 2));
  if (digits.length >= 2 && (month < 1 || month > 12)) return 'must have a month from 01 to 12';
  const unfinished =
    digits.length < 4 || digits.length === 5 || (!final && digits.length === 4 && digits.endsWith('20'));
  if (unfinished) return final ? 'must be MM/YY or MM/YYYY' : null;
  const wire = wireExpiry(text);
  if (!wire) return 'must be MM/YY or MM/YYYY, in this century';
  // With four digits the year is known: the wire's YY would be read in the nearest century instead.
  if (digits.length === 6) {
    const months = Number(digits.slice(2)) * 12 + month - 1 - (now.getFullYear() * 12 + now.getMonth());
    if (months < 0) return 'has expired';
    if (months > 20 * 12) return 'is more than 20 years ahead';
  }
  return expiryError(wire, now);
}

// ---- the card number ---------------------------------------------------------------------------------

/** Digits in groups of four, as on the card: `4111 1111 1111 1111`. */
export function cardGroups(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}
