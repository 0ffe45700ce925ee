// Typed message -> wire text (PROTOCOL.md §5-§7). No trailing newline: TCP callers add "\n".
// Values are trusted to be valid (they come from our own code), except free text, which often comes
// from a person or an error message: it is cleaned so format() never emits a line parse() rejects.

import { formatMoney } from './fields.js';
import type { Message } from './messages.js';
import { LIMITS } from './messages.js';

// Control characters (incl. \n \r \t) and lone surrogates: see fields.freeText.
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
 * Makes any string a valid free-text field: control characters become spaces, runs of spaces
 * collapse (the parser re-joins tokens with single spaces anyway), both ends are trimmed, the result is
 * cut to 200 code points, and an empty result becomes `-` (the field cannot be empty).
 */
export function cleanFreeText(text: string): string {
  let s = trimSpaces(text.replace(CONTROL_RUN, ' ').replace(/ {2,}/g, ' '));
  const chars = Array.from(s);
  if (chars.length > LIMITS.freeTextChars) s = trimSpaces(chars.slice(0, LIMITS.freeTextChars).join(''));
  return s === '' ? '-' : s;
}

const line = (...parts: Array<string | number>): string => parts.join(' ');

/** The wire form of a message, without a line terminator. */
export function format(msg: Message): string {
  switch (msg.type) {
    // §5 requests
    case 'REGISTER': {
      const base = line(msg.type, msg.rq, msg.name, msg.role.toLowerCase(), msg.ip, msg.udpPort, msg.tcpPort);
      return msg.secret ? line(base, msg.secret) : base;
    }
    case 'LOGIN':
      return line(msg.type, msg.rq, msg.name, msg.secret, msg.ip, msg.udpPort, msg.tcpPort);
    case 'DE-REGISTER':
      return line(msg.type, msg.rq, msg.name);
    case 'LIST_ITEM':
      return line(
        msg.type,
        msg.rq,
        msg.item,
        cleanFreeText(msg.description),
        formatMoney(msg.startPrice),
        msg.duration,
      );
    case 'SUBSCRIBE':
    case 'DE-SUBSCRIBE':
      return line(msg.type, msg.rq, msg.item);
    case 'BID':
      return line(msg.type, msg.rq, msg.item, formatMoney(msg.amount));
    case 'ACCEPT':
      return line(msg.type, msg.rq, msg.item, formatMoney(msg.newPrice));
    case 'REFUSE':
      return line(msg.type, msg.rq, msg.item, 'REJECT');
    case 'CATALOG':
      return line(msg.type, msg.rq);
    case 'WATCH':
      return msg.cookie ? line(msg.type, msg.rq, msg.cookie) : line(msg.type, msg.rq);
    // §5 replies
    case 'REGISTERED':
    case 'DE-REGISTERED':
    case 'ITEM_LISTED':
    case 'SUBSCRIBED':
    case 'DE-SUBSCRIBED':
    case 'BID_ACCEPTED':
      return line(msg.type, msg.rq);
    case 'LOGGED_IN':
      return line(msg.type, msg.rq, msg.role.toLowerCase());
    case 'REFUSED':
      return line(msg.type, msg.rq, msg.item);
    case 'CATALOG_END':
      return line(msg.type, msg.rq, msg.count);
    case 'WATCH-CHALLENGE':
      return line(msg.type, msg.rq, msg.cookie);
    case 'WATCHING':
      return line(msg.type, msg.rq, msg.seconds);
    case 'REGISTER-DENIED':
    case 'LOGIN-DENIED':
    case 'DE-REGISTER-DENIED':
    case 'LIST-DENIED':
    case 'SUBSCRIPTION-DENIED':
    case 'DE-SUBSCRIBE-DENIED':
    case 'BID_REJECTED':
    case 'NEGOTIATE-DENIED':
    case 'WATCH-DENIED':
    case 'DENIED':
      return line(msg.type, msg.rq, cleanFreeText(msg.reason));
    // §6 pushes
    case 'AUCTION_ANNOUNCE':
      return line(
        msg.type,
        msg.rq,
        msg.item,
        cleanFreeText(msg.description),
        formatMoney(msg.currentPrice),
        msg.timeLeft,
      );
    case 'BID_UPDATE':
      return line(msg.type, msg.rq, msg.item, formatMoney(msg.highestBid), msg.bidder, msg.timeLeft);
    case 'NEGOTIATE_REQ':
      return line(msg.type, msg.rq, msg.item, formatMoney(msg.currentPrice), msg.timeLeft);
    case 'PRICE_ADJUSTMENT':
      return line(msg.type, msg.rq, msg.item, formatMoney(msg.newPrice), msg.timeLeft);
    case 'AUCTION_CLOSED':
      return line(msg.type, msg.rq, msg.item, formatMoney(msg.finalPrice), msg.winner ?? '-');
    // §7 closure and purchase
    case 'WINNER':
      return line(msg.type, msg.rq, msg.item, formatMoney(msg.finalPrice), msg.seller);
    case 'SOLD':
      return line(msg.type, msg.rq, msg.item, formatMoney(msg.finalPrice), msg.buyer);
    case 'INFORM_Req':
    case 'PURCHASE_COMPLETE':
      return line(msg.type, msg.rq, msg.item, formatMoney(msg.finalPrice));
    case 'INFORM_Res':
      return line(msg.type, msg.rq, msg.name, msg.card, msg.expiry, cleanFreeText(msg.address));
    case 'Shipping_Info':
      return line(msg.type, msg.rq, msg.buyer, cleanFreeText(msg.address));
    case 'CANCEL':
      return line(msg.type, msg.rq, cleanFreeText(msg.reason));
    case 'NON_OFFER':
      return line(msg.type, msg.rq, msg.item);
    default: {
      const unreachable: never = msg;
      throw new Error(`format: unknown message type ${String((unreachable as { type?: unknown }).type)}`);
    }
  }
}
