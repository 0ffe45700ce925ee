import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  DENIAL_FOR,
  INVISIBLE,
  LIMITS,
  TCP_COMMANDS,
  UDP_COMMANDS,
  cleanFreeText,
  format,
  formatMoney,
  luhnValid,
  money,
  redact,
  parse,
  parseDatagram,
} from './index.js';
import type { Channel, DenialType, Message, MessageType, ParseResult } from './index.js';

// ---- arbitraries for valid field values (PROTOCOL.md §2) -------------------------------------

const rq = fc.stringMatching(/^\d{1,10}$/);
const item = fc.stringMatching(/^[A-Za-z0-9_.-]{1,32}$/);
const account = item.filter((s) => s !== '-');
/** After_Item / Next_Item: an item name, or null (`-` on the wire, so an item called `-` cannot be one). */
const itemOrNone = fc.option(account, { nil: null });
const serverRq = fc.integer({ min: 0, max: 9_999_999_999 });
const role = fc.constantFrom('buyer' as const, 'seller' as const);
const ip = fc.oneof(fc.ipV4(), fc.ipV6());
const port = fc.integer({ min: 1, max: 65535 });
const secret = fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/);
const cookie = fc.stringMatching(/^[A-Za-z0-9_-]{1,128}$/);
const cents = fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: LIMITS.maxCents }));
const duration = fc.integer({ min: 1, max: LIMITS.maxDurationS });
const seconds = fc.integer({ min: 0, max: 9_999_999_999 });
const card = fc.stringMatching(/^\d{11,18}$/).map((body) => {
  for (let d = 0; d < 10; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable: one check digit always fits');
});
const expiry = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 }))
  .map(([m, y]) => `${String(m).padStart(2, '0')}/${String(y).padStart(2, '0')}`);

// A free-text character: anything but U+0020 (the separator), control characters and lone surrogates.
// Mostly ASCII, but the whole of Unicode (incl. U+00A0 and other non-separator spaces) is in play.
const textChar = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0xa0, max: 0x10ffff })
      .filter((c) => c < 0xd800 || c > 0xdfff)
      .filter((c) => !INVISIBLE.test(String.fromCodePoint(c)))
      .map((c) => String.fromCodePoint(c)),
  },
);
const word = fc.string({ unit: textChar, minLength: 1, maxLength: 12 });
/** Valid free text as parse() returns it: words joined by single spaces, 1-200 code points. */
const text = fc
  .array(word, { minLength: 1, maxLength: 30 })
  .map((ws) => ws.join(' '))
  .filter((s) => Array.from(s).length <= LIMITS.freeTextChars)
  .filter((s) => redact(s) === s); // a card-like run is kept redacted (issue 20.9): not the same text back

// DENIED answers an unknown command; every other denial word is some request's own (DENIAL_FOR).
const DENIALS = [...new Set([...Object.values(DENIAL_FOR), 'DENIED'])] as DenialType[];

const arbitraries: Record<MessageType, fc.Arbitrary<Message>> = {
  REGISTER: fc
    .record({
      rq,
      name: account,
      role,
      ip,
      udpPort: port,
      tcpPort: port,
      secret: fc.option(secret, { nil: undefined }),
      cookie: fc.option(cookie, { nil: undefined }),
    })
    .map(({ secret: s, cookie: c, ...rest }) => ({
      type: 'REGISTER' as const,
      ...rest,
      // [Secret [Cookie]]: a cookie only after a secret
      ...(s === undefined ? {} : { secret: s, ...(c === undefined ? {} : { cookie: c }) }),
    })),
  LOGIN: fc
    .record({
      rq,
      name: account,
      secret,
      ip,
      udpPort: port,
      tcpPort: port,
      cookie: fc.option(cookie, { nil: undefined }),
    })
    .map(({ cookie: c, ...r }) => ({ type: 'LOGIN' as const, ...r, ...(c === undefined ? {} : { cookie: c }) })),
  'DE-REGISTER': fc.record({ rq, name: account }).map((r) => ({ type: 'DE-REGISTER' as const, ...r })),
  LIST_ITEM: fc
    .record({ rq, item, description: text, startPrice: cents, duration })
    .map((r) => ({ type: 'LIST_ITEM' as const, ...r })),
  SUBSCRIBE: fc.record({ rq, item }).map((r) => ({ type: 'SUBSCRIBE' as const, ...r })),
  'DE-SUBSCRIBE': fc.record({ rq, item }).map((r) => ({ type: 'DE-SUBSCRIBE' as const, ...r })),
  BID: fc.record({ rq, item, amount: cents }).map((r) => ({ type: 'BID' as const, ...r })),
  MAX_BID: fc.record({ rq, item, maxAmount: cents }).map((r) => ({ type: 'MAX_BID' as const, ...r })),
  ACCEPT: fc.record({ rq, item, newPrice: cents }).map((r) => ({ type: 'ACCEPT' as const, ...r })),
  REFUSE: fc.record({ rq, item }).map((r) => ({ type: 'REFUSE' as const, ...r })),
  // Optional fields nest: After_Item only after Since_RQ.
  CATALOG: fc
    .record({ rq, since: fc.option(fc.tuple(serverRq, fc.option(itemOrNone, { nil: undefined })), { nil: undefined }) })
    .map(({ rq: q, since }) => ({
      type: 'CATALOG' as const,
      rq: q,
      ...(since === undefined ? {} : { sinceRq: since[0] }),
      ...(since?.[1] === undefined ? {} : { afterItem: since[1] }),
    })),
  WATCH: fc
    .record({ rq, cookie: fc.option(cookie, { nil: undefined }) })
    .map(({ rq: q, cookie: c }) => ({ type: 'WATCH' as const, rq: q, ...(c === undefined ? {} : { cookie: c }) })),
  REGISTERED: fc.record({ rq }).map((r) => ({ type: 'REGISTERED' as const, ...r })),
  LOGGED_IN: fc.record({ rq, role }).map((r) => ({ type: 'LOGGED_IN' as const, ...r })),
  'DE-REGISTERED': fc.record({ rq }).map((r) => ({ type: 'DE-REGISTERED' as const, ...r })),
  ITEM_LISTED: fc.record({ rq }).map((r) => ({ type: 'ITEM_LISTED' as const, ...r })),
  SUBSCRIBED: fc.record({ rq }).map((r) => ({ type: 'SUBSCRIBED' as const, ...r })),
  'DE-SUBSCRIBED': fc.record({ rq }).map((r) => ({ type: 'DE-SUBSCRIBED' as const, ...r })),
  BID_ACCEPTED: fc.record({ rq }).map((r) => ({ type: 'BID_ACCEPTED' as const, ...r })),
  MAX_BID_SET: fc
    .record({ rq, item, price: cents, leader: account })
    .map((r) => ({ type: 'MAX_BID_SET' as const, ...r })),
  REFUSED: fc.record({ rq, item }).map((r) => ({ type: 'REFUSED' as const, ...r })),
  CATALOG_END: fc
    .record({ rq, count: fc.integer({ min: 0, max: 32 }), total: seconds, nextItem: itemOrNone, watermark: serverRq })
    .map((r) => ({ type: 'CATALOG_END' as const, ...r })),
  CATALOG_ITEM: fc
    .record({
      rq,
      item,
      seller: account,
      currentPrice: cents,
      bids: seconds,
      leader: fc.option(account, { nil: null }),
      timeLeft: seconds,
      description: text,
    })
    .map((r) => ({ type: 'CATALOG_ITEM' as const, ...r })),
  'WATCH-CHALLENGE': fc.record({ rq, cookie }).map((r) => ({ type: 'WATCH-CHALLENGE' as const, ...r })),
  WATCHING: fc.record({ rq, seconds: duration }).map((r) => ({ type: 'WATCHING' as const, ...r })),
  ...(Object.fromEntries(
    DENIALS.map((type) => [type, fc.record({ rq, reason: text }).map((r) => ({ type, ...r }))]),
  ) as Record<DenialType, fc.Arbitrary<Message>>),
  AUCTION_ANNOUNCE: fc
    .record({ rq, item, description: text, currentPrice: cents, timeLeft: seconds })
    .map((r) => ({ type: 'AUCTION_ANNOUNCE' as const, ...r })),
  BID_UPDATE: fc
    .record({ rq, item, highestBid: cents, bidder: account, timeLeft: seconds })
    .map((r) => ({ type: 'BID_UPDATE' as const, ...r })),
  NEGOTIATE_REQ: fc
    .record({ rq, item, currentPrice: cents, timeLeft: seconds })
    .map((r) => ({ type: 'NEGOTIATE_REQ' as const, ...r })),
  PRICE_ADJUSTMENT: fc
    .record({ rq, item, newPrice: cents, timeLeft: seconds })
    .map((r) => ({ type: 'PRICE_ADJUSTMENT' as const, ...r })),
  AUCTION_CLOSED: fc
    .record({ rq, item, finalPrice: cents, winner: fc.option(account, { nil: null }) })
    .map((r) => ({ type: 'AUCTION_CLOSED' as const, ...r })),
  WINNER: fc.record({ rq, item, finalPrice: cents, seller: account }).map((r) => ({ type: 'WINNER' as const, ...r })),
  SOLD: fc.record({ rq, item, finalPrice: cents, buyer: account }).map((r) => ({ type: 'SOLD' as const, ...r })),
  INFORM_Req: fc.record({ rq, item, finalPrice: cents }).map((r) => ({ type: 'INFORM_Req' as const, ...r })),
  INFORM_Res: fc
    .record({ rq, name: account, card, expiry, address: text })
    .map((r) => ({ type: 'INFORM_Res' as const, ...r })),
  PURCHASE_COMPLETE: fc
    .record({ rq, item, finalPrice: cents })
    .map((r) => ({ type: 'PURCHASE_COMPLETE' as const, ...r })),
  Shipping_Info: fc
    .record({ rq, buyer: account, address: text })
    .map((r) => ({ type: 'Shipping_Info' as const, ...r })),
  CANCEL: fc.record({ rq, reason: text }).map((r) => ({ type: 'CANCEL' as const, ...r })),
  NON_OFFER: fc.record({ rq, item }).map((r) => ({ type: 'NON_OFFER' as const, ...r })),
};

const channelOf = (m: Message): Channel => (TCP_COMMANDS.has(m.type) ? 'tcp' : 'udp');
const ALL_WORDS = [...UDP_COMMANDS, ...TCP_COMMANDS];

/** ok, or an error shaped as messages.ts promises: the server builds denials straight from it. */
function expectWellFormed(r: ParseResult, channel: Channel): void {
  if (r.ok) return;
  const e = r.error;
  expect(e.rq).toMatch(/^\d{1,10}$/);
  expect(e.field.length).toBeGreaterThan(0);
  expect(e.reason.length).toBeGreaterThan(0);
  expect(e.message).toBe(`${e.field} ${e.reason}`);
  if (e.command !== undefined) expect((channel === 'udp' ? UDP_COMMANDS : TCP_COMMANDS).has(e.command)).toBe(true);
  // The message goes into a denial's free text as is: it must survive format() unchanged.
  expect(cleanFreeText(e.message)).toBe(e.message);
}

describe('round trips', () => {
  it.each(Object.keys(arbitraries) as MessageType[])('parse(format(m)) equals m for every %s', (type) => {
    fc.assert(
      fc.property(arbitraries[type], (m) => {
        expect(parse(format(m), channelOf(m))).toStrictEqual({ ok: true, msg: m });
      }),
      { numRuns: 200 },
    );
  });

  it('every UDP message fits in a datagram and parseDatagram reads it back', () => {
    const udpMessage = fc.oneof(...[...UDP_COMMANDS].map((t) => arbitraries[t]));
    fc.assert(
      fc.property(udpMessage, (m) => {
        const bytes = new TextEncoder().encode(format(m));
        expect(bytes.length).toBeLessThanOrEqual(LIMITS.udpDatagramBytes);
        expect(parseDatagram(bytes)).toStrictEqual({ ok: true, msg: m });
      }),
      { numRuns: 500 },
    );
  });

  it('any string as free text formats to something that parses, equal to its cleaned form', () => {
    const anyText = fc.string({
      unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
      maxLength: 300,
    });
    fc.assert(
      fc.property(rq, anyText, fc.constantFrom(...DENIALS), (q, reason, type) => {
        const r = parse(format({ type, rq: q, reason }));
        expect(r).toStrictEqual({ ok: true, msg: { type, rq: q, reason: cleanFreeText(reason) } });
      }),
    );
  });

  it('money survives formatMoney -> money for every amount in range', () => {
    fc.assert(fc.property(cents, (c) => expect(money(formatMoney(c))).toEqual({ ok: true, value: c })));
  });
});

describe('parse never throws', () => {
  // Lone surrogates included: JavaScript strings handed to parse() need not be well-formed UTF-16.
  const anyString = fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    maxLength: 200,
  });
  const token = fc.oneof(
    fc.constantFrom(...ALL_WORDS, 'REJECT', '-', '0', '5.00', '127.0.0.1', '::1', '4242424242424242', '12/30', 'buyer'),
    rq,
    item,
    word,
    fc.string({ maxLength: 8 }),
  );
  const sep = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '');
  /** Plausible-looking messages: a known word then a mix of valid and invalid tokens. */
  const tokenSoup = fc
    .tuple(
      fc.constantFrom(...ALL_WORDS),
      fc.array(fc.tuple(sep, token), { maxLength: 10 }),
      fc.constantFrom('', '\n', '\r\n'),
    )
    .map(([w, rest, end]) => w + rest.map(([s, t]) => s + t).join('') + end);
  const channel = fc.constantFrom<Channel>('udp', 'tcp');

  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(anyString, channel, (s, ch) => expectWellFormed(parse(s, ch), ch)),
      { numRuns: 1000 },
    );
  });

  it('on token soup built from real command words', () => {
    fc.assert(
      fc.property(tokenSoup, channel, (s, ch) => expectWellFormed(parse(s, ch), ch)),
      { numRuns: 2000 },
    );
  });

  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1600 }), (b) => expectWellFormed(parseDatagram(b), 'udp')),
      { numRuns: 500 },
    );
  });

  it('on token soup as bytes, truncated anywhere (possibly mid-character)', () => {
    fc.assert(
      fc.property(tokenSoup, fc.nat(), (s, cut) => {
        const bytes = new TextEncoder().encode(s);
        expectWellFormed(parseDatagram(bytes.subarray(0, cut % (bytes.length + 1))), 'udp');
      }),
      { numRuns: 1000 },
    );
  });

  it('valid messages with one token replaced still give ok or a well-formed error naming their command', () => {
    const anyMessage = fc.oneof(...Object.values(arbitraries));
    fc.assert(
      fc.property(anyMessage, fc.nat(), token, (m, at, replacement) => {
        const tokens = format(m).split(' ');
        const i = 1 + (at % (tokens.length - 1)); // keep the command word
        tokens[i] = replacement;
        const ch = channelOf(m);
        const r = parse(tokens.join(' '), ch);
        expectWellFormed(r, ch);
        if (!r.ok && r.error.field !== 'command') expect(r.error.command).toBe(m.type);
      }),
      { numRuns: 1000 },
    );
  });

  it('never echoes a card number in an error', () => {
    const digits = fc.stringMatching(/^\d{12,19}$/);
    fc.assert(
      fc.property(rq, account, digits, fc.constantFrom('12/30', '13/30', 'x'), (q, n, d, exp) => {
        const r = parse(`INFORM_Res ${q} ${n} ${d} ${exp} 1 Main St`, 'tcp');
        if (!r.ok) expect(JSON.stringify(r.error)).not.toContain(d);
      }),
    );
  });
});
