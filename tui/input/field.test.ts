import { describe, expect, it } from '@jest/globals';
import type { FieldKind, FieldRules } from './field.js';
import { amountProblem, cardGroups, editField, expiryProblem, parseAmount, wireExpiry } from './field.js';
import type { KeyEvent } from './keys.js';
import { splitKeys } from './keys.js';

/** Types `keys` (a chunk, as Ink would hand it over) into a field that starts as `start`. */
function type(kind: FieldKind, keys: string, start = '', extra: Omit<FieldRules, 'kind'> = {}) {
  let value = start;
  let selected = extra.selected ?? false;
  const refused: string[] = [];
  for (const ev of splitKeys(keys)) {
    const edit = editField(value, ev, { ...extra, kind, selected });
    if (!edit) continue;
    if (edit.refused) refused.push(edit.refused);
    else selected = false;
    value = edit.value;
  }
  return { value, refused };
}

describe('editField: every kind', () => {
  it.each<[FieldKind, string, string, string, string[]]>([
    // kind, start, keys, value, refused
    ['money', '', '12.50', '12.50', []],
    ['money', '', '12,5', '12,5', []], // kept as typed: the problem is named, never fixed up
    ['money', '', '1e3', '1e3', []],
    ['money', '', '-5', '-5', []],
    ['money', '', '$50', '$50', []],
    ['money', '', '46.123', '46.123', []],
    ['money', '40.00', '45', '40.0045', []], // not selected: typing appends
    // Never cut at the box (issue 19.4): kept, and named too long by amountProblem.
    ['money', '', '12345678901234567890', '12345678901234567890', []],
    ['money', '', '1'.repeat(65), '1'.repeat(64), ['is too long: at most $1,000,000,000.00']],
    ['digits', '', '4111 1111-1111 1111', '4111111111111111', []],
    ['digits', '', '41x1', '411', ['digits only']],
    ['digits', '', '12345678901234567890', '1234567890123456789', ['at most 19 characters']],
    ['expiry', '', '1229', '12/29', []],
    ['expiry', '', '122029', '12/2029', []],
    ['expiry', '', '12/29', '12/29', []],
    ['expiry', '', '1/29', '01/29', []],
    ['expiry', '', '1220291', '12/2029', ['MM/YY or MM/YYYY']],
    ['expiry', '', '12a', '12', ['digits only: MM/YY or MM/YYYY']],
    ['name', '', 'alice_b.2', 'alice_b.2', []],
    ['name', '', 'a b', 'a b', []], // kept as typed: the codec's rule says what is wrong
    ['name', '', 'a/b', 'a/b', []], // the codec's rule names the problem; the field keeps it
    ['text', '', '12 Main St, Apt 4', '12 Main St, Apt 4', []],
    ['text', '', 'ünïcødé 🦆', 'ünïcødé 🦆', []],
  ])('%s: %j then %j gives %j', (kind, start, keys, value, refused) => {
    expect(type(kind, keys, start)).toEqual({ value, refused });
  });

  it.each<[FieldKind, string, string, string]>([
    ['money', '12.50', '\x7f', '12.5'],
    ['money', '12.50', '\x7f\x7f\x7f\x7f\x7f\x7f', ''],
    ['digits', '4111', '\x7f', '411'],
    ['expiry', '12/29', '\x7f', '12/2'],
    ['expiry', '12/2', '\x7f', '12'], // the slash goes with the digit after it
    ['expiry', '12/2029', '\x7f\x7f\x7f', '12/2'],
    ['name', 'alice', '\x7f', 'alic'],
    ['text', 'duck 🦆', '\x7f', 'duck '], // one code point
  ])('Backspace: %s %j then %j gives %j', (kind, start, keys, value) => {
    expect(type(kind, keys, start).value).toBe(value);
  });

  it.each<FieldKind>(['money', 'digits', 'expiry', 'name', 'text'])('Ctrl-U clears a %s field', (kind) => {
    expect(type(kind, '\x15', '12/29').value).toBe('');
    expect(type(kind, '12\x1534', '').value).toBe(kind === 'expiry' ? '34' : '34');
  });

  it('a selected prefill is replaced by the first character typed, edited by Backspace', () => {
    expect(type('money', '45', '40.00', { selected: true }).value).toBe('45');
    expect(type('money', '\x7f5', '9.00', { selected: true }).value).toBe('9.05');
    // A refused key leaves the prefill selected and in place.
    expect(type('digits', 'x', '1234', { selected: true })).toEqual({ value: '1234', refused: ['digits only'] });
  });

  it('is not an edit: Enter, Tab, Shift-Tab, arrows, Esc, Ctrl-letters', () => {
    const notEdits: KeyEvent[] = [
      { kind: 'enter' },
      { kind: 'tab' },
      { kind: 'backtab' },
      { kind: 'up' },
      { kind: 'left' },
      { kind: 'escape' },
      { kind: 'ctrl', char: 'c' },
    ];
    for (const ev of notEdits) expect(editField('12', ev, { kind: 'money' })).toBeNull();
  });
});

describe('money is exact (PROTOCOL.md §2)', () => {
  it.each<[string, number]>([
    ['12.50', 1250],
    ['12.5', 1250],
    ['12', 1200],
    ['0.01', 1],
    ['007', 700],
    ['1000000000', 100_000_000_000],
  ])('%j is %d cents', (text, cents) => {
    expect(parseAmount(text)).toEqual({ ok: true, value: cents });
  });

  it.each<[string, string]>([
    ['12,5', 'must not contain a comma: use a dot (12.50)'],
    ['1,000', 'must not contain a comma: type 1000, without the thousands separator'],
    ['12,345,678.50', 'must not contain a comma: type 12345678.50, without the thousands separator'],
    ['1,20', 'must not contain a comma: use a dot (12.50)'],
    ['1,2000', 'must not contain a comma: use a dot (12.50)'],
    ['1e3', 'must not use an exponent: type it in full (1000)'],
    ['1E12', 'must not use an exponent: type it in full (1000)'],
    ['-5', 'must not have a sign (+ or -)'],
    ['+5', 'must not have a sign (+ or -)'],
    ['$50', 'must not include a currency sign'],
    ['50€', 'must not include a currency sign'],
    ['46.123', 'must have at most 2 decimals (cents)'],
    ['1.2.3', 'must have at most one decimal point'],
    ['12 50', 'must not contain spaces'],
    ['12x', 'must be digits and one dot, like 12.50 (not "x")'],
    ['.5', 'must have a digit before the dot (0.50)'],
    ['5.', 'must have cents after the dot (12.50), or no dot'],
    ['', 'is empty: type an amount, like 12.50'],
    ['0', 'must be more than $0.00'],
    ['0.00', 'must be more than $0.00'],
    ['1000000000.01', 'must be at most $1,000,000,000.00'],
    ['99999999999', 'must be at most $1,000,000,000.00'],
    ['12345678901234567890', 'must be at most $1,000,000,000.00'],
    ['00000000000000012', 'is too long: at most 16 characters'],
  ])('%j is refused: %s', (text, reason) => {
    expect(parseAmount(text)).toEqual({ ok: false, reason });
  });

  it('while typing, only the empty box is not an error yet; 0, 20. and too many digits are named at once', () => {
    expect(amountProblem('', false)).toBeNull();
    expect(amountProblem('12.5', false)).toBeNull();
    expect(amountProblem('20.', false)).toBe('must have cents after the dot (12.50), or no dot');
    expect(amountProblem('0', false)).toBe('must be more than $0.00');
    expect(amountProblem('10000000000', false)).toBe('must be at most $1,000,000,000.00');
    expect(amountProblem('12,', false)).toMatch(/comma/);
  });
});

describe('expiry: MM/YY or MM/YYYY; the wire form is MM/YY', () => {
  const now = new Date(2026, 10, 15); // November 2026

  it.each<[string, string | null]>([
    ['12/29', '12/29'],
    ['12/2029', '12/29'],
    ['01/2100', null],
    ['1/29', null],
    ['12/291', null],
  ])('%j → %j', (typed, wire) => {
    expect(wireExpiry(typed)).toBe(wire);
  });

  it.each<[string, boolean, string | null]>([
    ['12/29', false, null],
    ['12/2029', false, null],
    ['11/26', true, null], // this month: still valid
    ['10/26', true, 'has expired'],
    ['12/2020', false, 'has expired'],
    ['12/20', false, null], // may be the start of 12/20YY
    ['12/20', true, 'has expired'],
    ['12/202', false, null],
    ['12/202', true, 'must be MM/YY or MM/YYYY'],
    ['13/29', false, 'must have a month from 01 to 12'],
    ['00', false, 'must have a month from 01 to 12'],
    ['12/1999', false, 'must be MM/YY or MM/YYYY, in this century'],
    ['12/2099', false, 'is more than 20 years ahead'],
    ['1', true, 'must be MM/YY or MM/YYYY'],
  ])('%j (final %s): %j', (typed, final, problem) => {
    expect(expiryProblem(typed, now, final)).toBe(problem);
  });
});

it('shows a card number in groups of four', () => {
  expect(cardGroups('4111111111111111')).toBe('4111 1111 1111 1111');
  expect(cardGroups('411111')).toBe('4111 11');
  expect(cardGroups('4111')).toBe('4111');
  expect(cardGroups('')).toBe('');
});
