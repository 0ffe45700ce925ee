import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { expiryError, lastFour, luhnValid, maskCard, redact, settlement } from './index.js';

describe('luhnValid', () => {
  it.each(['4242424242424242', '4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '0'])(
    'accepts %s',
    (n) => expect(luhnValid(n)).toBe(true),
  );
  it.each(['4242424242424241', '4111111111111112', '1', '', '4242 4242 4242 4242', '42424242424242a2', '٤٢٤٢'])(
    'rejects %j',
    (n) => expect(luhnValid(n)).toBe(false),
  );

  it('catches every single-digit typo', () => {
    const card = '4242424242424242';
    for (let i = 0; i < card.length; i++) {
      for (let d = 0; d <= 9; d++) {
        const typo = card.slice(0, i) + d + card.slice(i + 1);
        if (typo !== card) expect(luhnValid(typo)).toBe(false);
      }
    }
  });
});

describe('expiryError', () => {
  const now = new Date(2025, 5, 15); // 15 June 2025, local time

  it.each([
    ['06/25', null], // the current month is still valid
    ['07/25', null],
    ['12/30', null],
    ['06/45', null], // exactly 20 years ahead
    ['05/25', 'has expired'],
    ['12/24', 'has expired'],
    ['07/45', 'is more than 20 years ahead'],
    ['99/25', 'must be MM/YY with a month from 01 to 12'],
    ['00/26', 'must be MM/YY with a month from 01 to 12'],
    ['6/25', 'must be MM/YY with a month from 01 to 12'],
    ['06-25', 'must be MM/YY with a month from 01 to 12'],
    ['06/2025', 'must be MM/YY with a month from 01 to 12'],
    ['', 'must be MM/YY with a month from 01 to 12'],
  ])('%j -> %j', (mmYY, expected) => {
    expect(expiryError(mmYY, now)).toBe(expected);
  });

  it('works across a year boundary', () => {
    expect(expiryError('12/25', new Date(2025, 11, 31, 23, 59))).toBeNull();
    expect(expiryError('12/25', new Date(2026, 0, 1, 0, 0))).toBe('has expired');
    expect(expiryError('01/26', new Date(2026, 0, 1, 0, 0))).toBeNull();
  });

  it('reads YY in the century nearest to now', () => {
    const late = new Date(2098, 0, 1);
    expect(expiryError('01/00', late)).toBeNull(); // January 2100
    expect(expiryError('12/97', late)).toBe('has expired'); // 2097, not 2197
    expect(expiryError('01/99', new Date(2025, 0, 1))).toBe('has expired'); // 1999, not 2099
  });
});

describe('maskCard / lastFour', () => {
  it('shows the last four digits only', () => {
    expect(maskCard('4242424242424242')).toBe('•••• 4242');
    expect(maskCard('4000 0566 5566 5556')).toBe('•••• 5556');
    expect(lastFour('378282246310005')).toBe('0005');
    expect(lastFour('4242-4242-4242-1234')).toBe('1234');
  });
});

describe('redact', () => {
  it.each([
    ['INFORM_Res 5 alice 4242424242424242 12/30 1 Main St', 'INFORM_Res 5 alice ****4242 12/30 1 Main St'],
    ['card 4242 4242 4242 4242 ok', 'card ****4242 ok'],
    ['card 4242-4242-4242-4243.', 'card ****4243.'],
    ['amex 3782-822463-10005', 'amex ****0005'],
    ['two: 4111111111111111,5555555555554444', 'two: ****1111,****4444'],
    ['glued:x4242424242424242y', 'glued:x****4242y'],
    ['longer runs too: 12345678901234567890123', 'longer runs too: ****0123'],
    // issue 20.9: whatever separates the digits, in whatever groups, in whatever script
    ['dots 4242.4242.4242.4242', 'dots ****4242'],
    ['underscores 4242_4242_4242_4242', 'underscores ****4242'],
    ['slashes 4242/4242/4242/4242', 'slashes ****4242'],
    ['commas 4242,4242,4242,4242', 'commas ****4242'],
    ['comma and space 4242, 4242, 4242, 4242', 'comma and space ****4242'],
    ['no-break spaces 4242\u00a04242\u00a04242\u00a04242', 'no-break spaces ****4242'],
    ['narrow no-break 4242\u202f4242\u202f4242\u202f4242', 'narrow no-break ****4242'],
    ['two spaces 4242  4242  4242  4242', 'two spaces ****4242'],
    ['double dash 4242--4242--4242--4242', 'double dash ****4242'],
    ['digit pairs 42 42 42 42 42 42 42 42', 'digit pairs ****4242'],
    ['single digits 4 2 4 2 4 2 4 2 4 2 4 2 4 2 4 2', 'single digits ****4242'],
    ['uneven 4 24-2424/24 2424_2424', 'uneven ****2424'],
    ['full-width ４２４２４２４２４２４２４２４２', 'full-width ****4242'],
    ['full-width grouped ４２４２ ４２４２ ４２４２ ４２４３', 'full-width grouped ****4243'],
    [
      'Arabic-Indic \u0664\u0662\u0664\u0662\u0664\u0662\u0664\u0662\u0664\u0662\u0664\u0662\u0664\u0663',
      'Arabic-Indic ****4243',
    ],
    ['Devanagari \u096a\u0968\u096a\u0968\u096a\u0968\u096a\u0968\u096a\u0968\u096a\u0969', 'Devanagari ****4243'],
    [
      'mathematical \u{1d7d2}\u{1d7d0}\u{1d7d2}\u{1d7d0}\u{1d7d2}\u{1d7d0}\u{1d7d2}\u{1d7d0}\u{1d7d2}\u{1d7d0}\u{1d7d2}\u{1d7d1}',
      'mathematical ****4243',
    ],
    ['mixed scripts 4242 ４２４２ 4242 4242', 'mixed scripts ****4242'],
    ['a dotted chain is no address 123.123.123.123.1234', 'a dotted chain is no address ****1234'],
    ['a CATALOG cursor and a count CATALOG_END 1234567890 12', 'a CATALOG cursor and a count CATALOG_END ****9012'],
  ])('%j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'BID 1234567890 lamp 13.00', // a 10-digit RQ#
    '11 digits 12345678901',
    'eleven in pairs 42 42 42 42 42 4',
    'three characters break a run 424242 - 4242424242',
    'CATALOG_END 32 100000 - 123456', // "-" for no next item, between two numbers
    'expiry 12/30 and price 1000000000.00',
    'AUCTION_ANNOUNCE 12345 lamp Brass 123456.00 2592000', // a price and a duration
    'REGISTER 1 dave buyer 127.0.0.1 55203 9 ****************', // an address and two ports
    'listening on udp://192.168.100.200:65535 db=/tmp/x',
    '2026-12-06T00:26:12.456Z',
  ])('leaves %j alone', (input) => {
    expect(redact(input)).toBe(input);
  });

  it('never lets a card number through, however it is grouped and wherever it sits', () => {
    const digits = fc.stringMatching(/^\d{12,19}$/);
    const groupSizes = fc.array(fc.integer({ min: 3, max: 8 }), { minLength: 1, maxLength: 6 });
    const seps = fc.array(fc.constantFrom('', ' ', '-', '_', '/', ',', '\u00a0', ', ', '--', '\u3000'), {
      minLength: 7,
      maxLength: 7,
    });
    const filler = fc.string({ maxLength: 20 }).map((s) => s.replace(/\d/g, 'x'));
    fc.assert(
      fc.property(filler, digits, groupSizes, seps, filler, (before, card, sizes, sep, after) => {
        const groups: string[] = [];
        for (let at = 0, k = 0; at < card.length; k++) {
          let n = sizes[k % sizes.length];
          if (card.length - (at + n) < 3) n = card.length - at; // no short last group
          groups.push(card.slice(at, at + n));
          at += n;
        }
        const written = groups.map((g, i) => (i === 0 ? g : sep[i % sep.length] + g)).join('');
        const out = redact(before + written + after);
        expect(out).toBe(`${before}****${card.slice(-4)}${after}`);
        expect(out.replace(/\D/g, '')).not.toContain(card.slice(0, 12));
      }),
    );
  });

  it('leaves no run of 12+ digits (at most 2 separators apart) in anything', () => {
    // no dots: a dotted quad and an amount are kept on purpose (the tables above)
    const unit = fc.constantFrom('1', '2', ' ', '-', '/', ',', '\u00a0', '４', '*', 'a');
    const noisy = fc.string({ unit, maxLength: 200 });
    const run = /\p{Nd}(?:[^\p{L}\p{Nd}]{0,2}\p{Nd})*/gu;
    fc.assert(
      fc.property(noisy, (s) => {
        for (const [r] of redact(s).matchAll(run)) expect(r.replace(/\P{Nd}/gu, '').length).toBeLessThan(12);
      }),
    );
  });
});

describe('settlement (§7)', () => {
  it.each([
    [4001, 0.1, 3600, 401],
    [2500, 0.1, 2250, 250],
    [1, 0.1, 0, 1],
    [1000, 0.2, 800, 200],
    [999, 0, 999, 0],
  ])('%i cents at commission %f: seller credited %i, house keeps %i', (finalCents, commission, credited, house) => {
    expect(settlement(finalCents, commission)).toEqual({ charged: finalCents, credited, commissionCents: house });
  });
});
