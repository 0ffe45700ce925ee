import { describe, expect, it } from '@jest/globals';
import {
  FIELD,
  SPEC_TABLE,
  TCP_COMMANDS,
  UDP_COMMANDS,
  cleanFreeText,
  field,
  optional,
  usageLine,
  format,
  formatMoney,
  money,
  parse,
  parseDatagram,
  usage,
} from './index.js';
import type { Channel, CommandSpec, Message, MessageOf, MessageType, ParseError } from './index.js';
import * as F from './fields.js';

const CARD = '4242424242424242'; // Luhn-valid test card
const SECRET = 'abcdefghij_KLMNOP-123';

// The canonical wire form of every message type and the typed object it stands for: format(msg) must
// produce exactly `wire`, and parse(wire) must give back `msg`.
const CANONICAL: Array<[Channel, string, Message]> = [
  // §5 requests
  [
    'udp',
    `REGISTER 1 alice buyer 127.0.0.1 5001 6001 ${SECRET}`,
    {
      type: 'REGISTER',
      rq: '1',
      name: 'alice',
      role: 'buyer',
      ip: '127.0.0.1',
      udpPort: 5001,
      tcpPort: 6001,
      secret: SECRET,
    },
  ],
  [
    'udp',
    'REGISTER 2 bob seller ::1 5002 6002',
    { type: 'REGISTER', rq: '2', name: 'bob', role: 'seller', ip: '::1', udpPort: 5002, tcpPort: 6002 },
  ],
  [
    'udp',
    `REGISTER 1 alice buyer 127.0.0.1 5001 6001 ${SECRET} Zm9vYmFy-_0`,
    {
      type: 'REGISTER',
      rq: '1',
      name: 'alice',
      role: 'buyer',
      ip: '127.0.0.1',
      udpPort: 5001,
      tcpPort: 6001,
      secret: SECRET,
      cookie: 'Zm9vYmFy-_0',
    },
  ],
  [
    'udp',
    `LOGIN 3 alice ${SECRET} 10.0.0.2 65535 1`,
    { type: 'LOGIN', rq: '3', name: 'alice', secret: SECRET, ip: '10.0.0.2', udpPort: 65535, tcpPort: 1 },
  ],
  [
    'udp',
    `LOGIN 3 alice ${SECRET} 10.0.0.2 65535 1 Zm9vYmFy-_0`,
    {
      type: 'LOGIN',
      rq: '3',
      name: 'alice',
      secret: SECRET,
      ip: '10.0.0.2',
      udpPort: 65535,
      tcpPort: 1,
      cookie: 'Zm9vYmFy-_0',
    },
  ],
  ['udp', 'DE-REGISTER 007 alice', { type: 'DE-REGISTER', rq: '007', name: 'alice' }],
  [
    'udp',
    'LIST_ITEM 4 lamp A nice brass lamp 12.50 3600',
    { type: 'LIST_ITEM', rq: '4', item: 'lamp', description: 'A nice brass lamp', startPrice: 1250, duration: 3600 },
  ],
  ['udp', 'SUBSCRIBE 5 lamp', { type: 'SUBSCRIBE', rq: '5', item: 'lamp' }],
  ['udp', 'DE-SUBSCRIBE 6 lamp', { type: 'DE-SUBSCRIBE', rq: '6', item: 'lamp' }],
  ['udp', 'BID 7 lamp 13.00', { type: 'BID', rq: '7', item: 'lamp', amount: 1300 }],
  ['udp', 'MAX_BID 7 lamp 19.00', { type: 'MAX_BID', rq: '7', item: 'lamp', maxAmount: 1900 }],
  ['udp', 'ACCEPT 8 lamp 9.99', { type: 'ACCEPT', rq: '8', item: 'lamp', newPrice: 999 }],
  ['udp', 'REFUSE 9 lamp REJECT', { type: 'REFUSE', rq: '9', item: 'lamp' }],
  ['udp', 'CATALOG 10', { type: 'CATALOG', rq: '10' }],
  ['udp', 'CATALOG 10 0', { type: 'CATALOG', rq: '10', sinceRq: 0 }],
  ['udp', 'CATALOG 10 4711', { type: 'CATALOG', rq: '10', sinceRq: 4711 }],
  ['udp', 'CATALOG 10 0 lamp', { type: 'CATALOG', rq: '10', sinceRq: 0, afterItem: 'lamp' }],
  ['udp', 'CATALOG 10 4711 -', { type: 'CATALOG', rq: '10', sinceRq: 4711, afterItem: null }],
  ['udp', 'WATCH 11', { type: 'WATCH', rq: '11' }],
  ['udp', 'WATCH 12 c00kie-_X', { type: 'WATCH', rq: '12', cookie: 'c00kie-_X' }],
  // §5 replies
  ['udp', 'REGISTERED 1', { type: 'REGISTERED', rq: '1' }],
  ['udp', 'LOGGED_IN 3 seller', { type: 'LOGGED_IN', rq: '3', role: 'seller' }],
  ['udp', 'DE-REGISTERED 007', { type: 'DE-REGISTERED', rq: '007' }],
  ['udp', 'ITEM_LISTED 4', { type: 'ITEM_LISTED', rq: '4' }],
  ['udp', 'SUBSCRIBED 5', { type: 'SUBSCRIBED', rq: '5' }],
  ['udp', 'DE-SUBSCRIBED 6', { type: 'DE-SUBSCRIBED', rq: '6' }],
  ['udp', 'BID_ACCEPTED 7', { type: 'BID_ACCEPTED', rq: '7' }],
  [
    'udp',
    'MAX_BID_SET 7 lamp 13.01 alice',
    { type: 'MAX_BID_SET', rq: '7', item: 'lamp', price: 1301, leader: 'alice' },
  ],
  ['udp', 'REFUSED 9 lamp', { type: 'REFUSED', rq: '9', item: 'lamp' }],
  [
    'udp',
    'CATALOG_END 10 0 0 - 0',
    { type: 'CATALOG_END', rq: '10', count: 0, total: 0, nextItem: null, watermark: 0 },
  ],
  [
    'udp',
    'CATALOG_END 10 32 10000 Lamp-42 9876543210',
    { type: 'CATALOG_END', rq: '10', count: 32, total: 10_000, nextItem: 'Lamp-42', watermark: 9_876_543_210 },
  ],
  [
    'udp',
    'CATALOG_ITEM 10 lamp sam 13.00 4 alice 3599 A nice brass lamp',
    {
      type: 'CATALOG_ITEM',
      rq: '10',
      item: 'lamp',
      seller: 'sam',
      currentPrice: 1300,
      bids: 4,
      leader: 'alice',
      timeLeft: 3599,
      description: 'A nice brass lamp',
    },
  ],
  [
    'udp',
    'CATALOG_ITEM 10 vase sam 5.00 0 - 0 -',
    {
      type: 'CATALOG_ITEM',
      rq: '10',
      item: 'vase',
      seller: 'sam',
      currentPrice: 500,
      bids: 0,
      leader: null,
      timeLeft: 0,
      description: '-',
    },
  ],
  ['udp', 'WATCH-CHALLENGE 11 abc123', { type: 'WATCH-CHALLENGE', rq: '11', cookie: 'abc123' }],
  ['udp', 'WATCHING 12 60', { type: 'WATCHING', rq: '12', seconds: 60 }],
  ['udp', 'REGISTER-DENIED 1 Name is taken', { type: 'REGISTER-DENIED', rq: '1', reason: 'Name is taken' }],
  ['udp', 'LOGIN-DENIED 1 Wrong secret', { type: 'LOGIN-DENIED', rq: '1', reason: 'Wrong secret' }],
  ['udp', 'DE-REGISTER-DENIED 1 Not your name', { type: 'DE-REGISTER-DENIED', rq: '1', reason: 'Not your name' }],
  [
    'udp',
    'LIST-DENIED 7 Start_Price must be a positive amount with at most 2 decimals',
    { type: 'LIST-DENIED', rq: '7', reason: 'Start_Price must be a positive amount with at most 2 decimals' },
  ],
  [
    'udp',
    'SUBSCRIPTION-DENIED 1 No such open auction',
    { type: 'SUBSCRIPTION-DENIED', rq: '1', reason: 'No such open auction' },
  ],
  ['udp', 'DE-SUBSCRIBE-DENIED 1 Not subscribed', { type: 'DE-SUBSCRIBE-DENIED', rq: '1', reason: 'Not subscribed' }],
  [
    'udp',
    'BID_REJECTED 1 Amount must be at least 13.01',
    { type: 'BID_REJECTED', rq: '1', reason: 'Amount must be at least 13.01' },
  ],
  ['udp', 'NEGOTIATE-DENIED 1 Auction has a bid', { type: 'NEGOTIATE-DENIED', rq: '1', reason: 'Auction has a bid' }],
  ['udp', 'WATCH-DENIED 1 Too many watchers', { type: 'WATCH-DENIED', rq: '1', reason: 'Too many watchers' }],
  ['udp', 'CATALOG-DENIED 1 Address not verified', { type: 'CATALOG-DENIED', rq: '1', reason: 'Address not verified' }],
  ['udp', 'DENIED 0 command "FOO" is not known', { type: 'DENIED', rq: '0', reason: 'command "FOO" is not known' }],
  // §6 pushes
  [
    'udp',
    'AUCTION_ANNOUNCE 100 lamp A nice brass lamp 12.50 3599',
    {
      type: 'AUCTION_ANNOUNCE',
      rq: '100',
      item: 'lamp',
      description: 'A nice brass lamp',
      currentPrice: 1250,
      timeLeft: 3599,
    },
  ],
  [
    'udp',
    'BID_UPDATE 101 lamp 13.00 alice 0',
    { type: 'BID_UPDATE', rq: '101', item: 'lamp', highestBid: 1300, bidder: 'alice', timeLeft: 0 },
  ],
  [
    'udp',
    'NEGOTIATE_REQ 102 lamp 12.50 1800',
    { type: 'NEGOTIATE_REQ', rq: '102', item: 'lamp', currentPrice: 1250, timeLeft: 1800 },
  ],
  [
    'udp',
    'PRICE_ADJUSTMENT 8 lamp 9.99 1799',
    { type: 'PRICE_ADJUSTMENT', rq: '8', item: 'lamp', newPrice: 999, timeLeft: 1799 },
  ],
  [
    'udp',
    'AUCTION_CLOSED 103 lamp 13.00 alice',
    { type: 'AUCTION_CLOSED', rq: '103', item: 'lamp', finalPrice: 1300, winner: 'alice' },
  ],
  [
    'udp',
    'AUCTION_CLOSED 104 vase 5.00 -',
    { type: 'AUCTION_CLOSED', rq: '104', item: 'vase', finalPrice: 500, winner: null },
  ],
  // §7
  ['tcp', 'WINNER 105 lamp 13.00 bob', { type: 'WINNER', rq: '105', item: 'lamp', finalPrice: 1300, seller: 'bob' }],
  ['tcp', 'SOLD 105 lamp 13.00 alice', { type: 'SOLD', rq: '105', item: 'lamp', finalPrice: 1300, buyer: 'alice' }],
  ['tcp', 'INFORM_Req 106 lamp 13.00', { type: 'INFORM_Req', rq: '106', item: 'lamp', finalPrice: 1300 }],
  [
    'tcp',
    `INFORM_Res 106 alice ${CARD} 12/30 1 Main St, Montreal QC`,
    { type: 'INFORM_Res', rq: '106', name: 'alice', card: CARD, expiry: '12/30', address: '1 Main St, Montreal QC' },
  ],
  ['tcp', 'PURCHASE_COMPLETE 107 lamp 13.00', { type: 'PURCHASE_COMPLETE', rq: '107', item: 'lamp', finalPrice: 1300 }],
  [
    'tcp',
    'Shipping_Info 107 alice 1 Main St, Montreal QC',
    { type: 'Shipping_Info', rq: '107', buyer: 'alice', address: '1 Main St, Montreal QC' },
  ],
  ['tcp', 'CANCEL 108 Buyer card declined', { type: 'CANCEL', rq: '108', reason: 'Buyer card declined' }],
  ['tcp', 'NON_OFFER 109 vase', { type: 'NON_OFFER', rq: '109', item: 'vase' }],
];

describe('canonical forms', () => {
  it('cover every message type', () => {
    const covered = new Set(CANONICAL.map(([, , m]) => m.type));
    expect([...UDP_COMMANDS, ...TCP_COMMANDS].filter((t) => !covered.has(t))).toEqual([]);
  });

  it.each(CANONICAL)('%s: %s', (channel, wire, msg) => {
    expect(parse(wire, channel)).toStrictEqual({ ok: true, msg });
    expect(format(msg)).toBe(wire);
    expect(parse(format(msg), channel)).toStrictEqual({ ok: true, msg });
  });
});

// Inputs that are not canonical but valid, and the object each must give.
const LENIENT: Array<[string, Channel, string, Partial<Message>]> = [
  ['trailing \\n', 'udp', 'CATALOG 1\n', { type: 'CATALOG', rq: '1' }],
  ['trailing \\r\\n', 'tcp', 'NON_OFFER 1 vase\r\n', { type: 'NON_OFFER', rq: '1', item: 'vase' }],
  ['runs of spaces', 'udp', 'BID   7  lamp    13', { type: 'BID', rq: '7', item: 'lamp', amount: 1300 }],
  ['spaces at both ends of the line', 'udp', '  SUBSCRIBE 5 lamp  ', { type: 'SUBSCRIBE', rq: '5', item: 'lamp' }],
  ['Role in upper case', 'udp', 'REGISTER 1 alice BUYER 127.0.0.1 5001 6001', { role: 'buyer' }],
  ['Role in mixed case', 'udp', 'LOGGED_IN 1 SeLLer', { role: 'seller' }],
  [
    'free text with inner runs of spaces',
    'udp',
    'LIST_ITEM 4 lamp   A   nice    lamp   5 60',
    { description: 'A nice lamp', startPrice: 500 },
  ],
  [
    'free text that looks like the fixed fields',
    'udp',
    'LIST_ITEM 4 lamp 5 60 lamp 5.5 60',
    { description: '5 60 lamp', startPrice: 550 },
  ],
  ['free text of one token', 'tcp', 'CANCEL 1 timeout', { reason: 'timeout' }],
  ['free text "-"', 'tcp', 'CANCEL 1 -', { reason: '-' }],
  ['non-ASCII free text', 'tcp', 'CANCEL 1 carte refusée 💳', { reason: 'carte refusée 💳' }],
  ['no-break space is text, not a separator', 'tcp', 'CANCEL 1 \u00a0x\u00a0', { reason: '\u00a0x\u00a0' }],
  ['money without decimals', 'udp', 'BID 1 lamp 5', { amount: 500 }],
  ['money with one decimal', 'udp', 'BID 1 lamp 5.5', { amount: 550 }],
  ['money below 1', 'udp', 'BID 1 lamp 0.5', { amount: 50 }],
  ['money at the maximum', 'udp', 'BID 1 lamp 1000000000.00', { amount: 100_000_000_000 }],
  ['RQ# of 10 digits', 'udp', 'CATALOG 9999999999', { rq: '9999999999' }],
  ['IPv6 with zone id', 'udp', 'REGISTER 1 a seller fe80::1%eth0 5 6', { ip: 'fe80::1%eth0' }],
  ['longest Duration', 'udp', 'LIST_ITEM 1 x y 1 2592000', { duration: 2_592_000 }],
  ['19-digit card', 'tcp', 'INFORM_Res 1 a 4222222222222222224 01/30 here', { card: '4222222222222222224' }],
];

describe('lenient but valid input', () => {
  it.each(LENIENT)('%s', (_label, channel, wire, expected) => {
    const r = parse(wire, channel);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.msg).toMatchObject(expected);
  });

  it('a REGISTER without a Secret has no secret key at all', () => {
    const r = parse('REGISTER 2 bob seller ::1 5002 6002');
    expect(r.ok && 'secret' in r.msg).toBe(false);
  });
});

type Expect = Pick<ParseError, 'rq' | 'field'> & { command?: MessageType };

const INVALID: Array<[string, Channel, string, Expect]> = [
  // framing and command words
  ['empty', 'udp', '', { rq: '0', field: 'message' }],
  ['only spaces', 'udp', '   ', { rq: '0', field: 'message' }],
  ['only a newline', 'tcp', '\n', { rq: '0', field: 'message' }],
  ['unknown command, no RQ#', 'udp', 'HELLO', { rq: '0', field: 'command' }],
  ['unknown command, readable RQ#', 'udp', 'HELLO 42 x', { rq: '42', field: 'command' }],
  ['unknown command, bad RQ#', 'udp', 'HELLO x42', { rq: '0', field: 'command' }],
  ['command in wrong case', 'udp', 'bid 3 lamp 5', { rq: '3', field: 'command' }],
  ['__proto__ is not a command', 'udp', '__proto__ 1', { rq: '1', field: 'command' }],
  ['TCP word over UDP', 'udp', 'WINNER 1 lamp 5.00 bob', { rq: '1', field: 'command' }],
  ['UDP word over TCP', 'tcp', 'BID 1 lamp 5', { rq: '1', field: 'command' }],
  ['two trailing newlines', 'udp', 'CATALOG 1\n\n', { command: 'CATALOG', rq: '0', field: 'RQ#' }],
  ['a tab is not a separator', 'udp', 'CATALOG\t1', { rq: '0', field: 'command' }],
  // token counts
  ['CATALOG without RQ#', 'udp', 'CATALOG', { command: 'CATALOG', rq: '0', field: 'message' }],
  ['CATALOG with an extra token', 'udp', 'CATALOG 1 2 lamp x', { command: 'CATALOG', rq: '1', field: 'message' }],
  ['Since_RQ not a number', 'udp', 'CATALOG 1 lamp', { command: 'CATALOG', rq: '1', field: 'Since_RQ' }],
  ['Since_RQ of 11 digits', 'udp', 'CATALOG 1 12345678901', { command: 'CATALOG', rq: '1', field: 'Since_RQ' }],
  ['After_Item not a name', 'udp', 'CATALOG 1 0 l*mp', { command: 'CATALOG', rq: '1', field: 'After_Item' }],
  ['BID missing Amount', 'udp', 'BID 3 lamp', { command: 'BID', rq: '3', field: 'message' }],
  ['MAX_BID missing Max_Amount', 'udp', 'MAX_BID 3 lamp', { command: 'MAX_BID', rq: '3', field: 'message' }],
  ['MAX_BID with an extra token', 'udp', 'MAX_BID 3 lamp 5 6', { command: 'MAX_BID', rq: '3', field: 'message' }],
  [
    'MAX_BID_SET missing Leader_Name',
    'udp',
    'MAX_BID_SET 3 lamp 5.00',
    { command: 'MAX_BID_SET', rq: '3', field: 'message' },
  ],
  [
    'LIST_ITEM without Description',
    'udp',
    'LIST_ITEM 4 lamp 5 60',
    { command: 'LIST_ITEM', rq: '4', field: 'message' },
  ],
  [
    'REGISTER with 5 fields',
    'udp',
    'REGISTER 1 a buyer 127.0.0.1 5',
    { command: 'REGISTER', rq: '1', field: 'message' },
  ],
  [
    'REGISTER with 9 fields (no free text)',
    'udp',
    `REGISTER 1 a buyer 127.0.0.1 5 6 ${SECRET} cookie x`,
    { command: 'REGISTER', rq: '1', field: 'message' },
  ],
  [
    'LOGIN with 8 fields',
    'udp',
    `LOGIN 1 a ${SECRET} 127.0.0.1 5 6 cookie x`,
    { command: 'LOGIN', rq: '1', field: 'message' },
  ],
  [
    'REGISTER with a bad Cookie',
    'udp',
    `REGISTER 1 a buyer 127.0.0.1 5 6 ${SECRET} c*o`,
    { command: 'REGISTER', rq: '1', field: 'Cookie' },
  ],
  [
    'LOGIN with a bad Cookie',
    'udp',
    `LOGIN 1 a ${SECRET} 127.0.0.1 5 6 ${'c'.repeat(129)}`,
    { command: 'LOGIN', rq: '1', field: 'Cookie' },
  ],
  ['WATCH with 2 extra tokens', 'udp', 'WATCH 1 a b', { command: 'WATCH', rq: '1', field: 'message' }],
  ['CANCEL without Reason', 'tcp', 'CANCEL 1', { command: 'CANCEL', rq: '1', field: 'message' }],
  ['denial without Reason', 'udp', 'BID_REJECTED 1', { command: 'BID_REJECTED', rq: '1', field: 'message' }],
  // RQ#
  ['RQ# with a letter', 'udp', 'SUBSCRIBE 1a lamp', { command: 'SUBSCRIBE', rq: '0', field: 'RQ#' }],
  ['RQ# of 11 digits', 'udp', 'SUBSCRIBE 12345678901 lamp', { command: 'SUBSCRIBE', rq: '0', field: 'RQ#' }],
  ['negative RQ#', 'udp', 'SUBSCRIBE -1 lamp', { command: 'SUBSCRIBE', rq: '0', field: 'RQ#' }],
  // Name / Item_Name
  ['Name too long', 'udp', `DE-REGISTER 1 ${'a'.repeat(33)}`, { command: 'DE-REGISTER', rq: '1', field: 'Name' }],
  ['Name with a bad character', 'udp', 'DE-REGISTER 1 al!ce', { command: 'DE-REGISTER', rq: '1', field: 'Name' }],
  ['Name "-" is reserved', 'udp', 'REGISTER 1 - buyer 127.0.0.1 5 6', { command: 'REGISTER', rq: '1', field: 'Name' }],
  ['Item_Name with non-ASCII', 'udp', 'SUBSCRIBE 1 lämp', { command: 'SUBSCRIBE', rq: '1', field: 'Item_Name' }],
  ['MAX_BID Item_Name bad', 'udp', 'MAX_BID 1 l@mp 5', { command: 'MAX_BID', rq: '1', field: 'Item_Name' }],
  [
    'Leader_Name "-" is reserved',
    'udp',
    'MAX_BID_SET 1 lamp 5.00 -',
    { command: 'MAX_BID_SET', rq: '1', field: 'Leader_Name' },
  ],
  ['Bidder_Name bad', 'udp', 'BID_UPDATE 1 lamp 5.00 b@d 3', { command: 'BID_UPDATE', rq: '1', field: 'Bidder_Name' }],
  [
    'Winner_Name bad',
    'udp',
    'AUCTION_CLOSED 1 lamp 5.00 b@d',
    { command: 'AUCTION_CLOSED', rq: '1', field: 'Winner_Name' },
  ],
  ['Seller_Name bad', 'tcp', 'WINNER 1 lamp 5.00 -', { command: 'WINNER', rq: '1', field: 'Seller_Name' }],
  ['Buyer_Name bad', 'tcp', 'SOLD 1 lamp 5.00 b/d', { command: 'SOLD', rq: '1', field: 'Buyer_Name' }],
  // Role, IP, ports, Secret
  ['Role unknown', 'udp', 'REGISTER 1 a admin 127.0.0.1 5 6', { command: 'REGISTER', rq: '1', field: 'Role' }],
  ['Role in LOGGED_IN', 'udp', 'LOGGED_IN 1 buyers', { command: 'LOGGED_IN', rq: '1', field: 'Role' }],
  ['IP not an address', 'udp', 'REGISTER 1 a buyer localhost 5 6', { command: 'REGISTER', rq: '1', field: 'IP' }],
  ['IPv4 out of range', 'udp', 'REGISTER 1 a buyer 256.0.0.1 5 6', { command: 'REGISTER', rq: '1', field: 'IP' }],
  ['UDP_Port 0', 'udp', 'REGISTER 1 a buyer 127.0.0.1 0 6', { command: 'REGISTER', rq: '1', field: 'UDP_Port' }],
  [
    'TCP_Port 65536',
    'udp',
    'REGISTER 1 a buyer 127.0.0.1 5 65536',
    { command: 'REGISTER', rq: '1', field: 'TCP_Port' },
  ],
  [
    'TCP_Port not a number',
    'udp',
    `LOGIN 1 a ${SECRET} 127.0.0.1 5 x`,
    { command: 'LOGIN', rq: '1', field: 'TCP_Port' },
  ],
  [
    'Secret too short',
    'udp',
    'REGISTER 1 a buyer 127.0.0.1 5 6 short',
    { command: 'REGISTER', rq: '1', field: 'Secret' },
  ],
  ['Secret with a dot', 'udp', `LOGIN 1 a ${SECRET}. 127.0.0.1 5 6`, { command: 'LOGIN', rq: '1', field: 'Secret' }],
  // free text
  [
    'Description too long',
    'udp',
    `LIST_ITEM 1 lamp ${'x'.repeat(201)} 5 60`,
    { command: 'LIST_ITEM', rq: '1', field: 'Description' },
  ],
  [
    'Description with a tab',
    'udp',
    'LIST_ITEM 1 lamp a\tb 5 60',
    { command: 'LIST_ITEM', rq: '1', field: 'Description' },
  ],
  ['Reason with a stray \\r', 'tcp', 'CANCEL 1 oops\r\r\n', { command: 'CANCEL', rq: '1', field: 'Reason' }],
  [
    'Address with NUL',
    'tcp',
    `INFORM_Res 1 a ${CARD} 01/30 x\u0000y`,
    { command: 'INFORM_Res', rq: '1', field: 'Address' },
  ],
  [
    'Buyer_Address with DEL',
    'tcp',
    'Shipping_Info 1 a x\u007f',
    { command: 'Shipping_Info', rq: '1', field: 'Buyer_Address' },
  ],
  // money
  ['Start_Price 0', 'udp', 'LIST_ITEM 1 lamp d 0 60', { command: 'LIST_ITEM', rq: '1', field: 'Start_Price' }],
  ['Amount 0.00', 'udp', 'BID 1 lamp 0.00', { command: 'BID', rq: '1', field: 'Amount' }],
  ['Amount with 3 decimals', 'udp', 'BID 1 lamp 1.234', { command: 'BID', rq: '1', field: 'Amount' }],
  ['Amount in exponent form', 'udp', 'BID 1 lamp 1e3', { command: 'BID', rq: '1', field: 'Amount' }],
  ['Amount negative', 'udp', 'BID 1 lamp -1', { command: 'BID', rq: '1', field: 'Amount' }],
  ['Amount over the maximum', 'udp', 'BID 1 lamp 1000000000.01', { command: 'BID', rq: '1', field: 'Amount' }],
  ['Max_Amount 0', 'udp', 'MAX_BID 1 lamp 0', { command: 'MAX_BID', rq: '1', field: 'Max_Amount' }],
  ['Max_Amount with 3 decimals', 'udp', 'MAX_BID 1 lamp 1.005', { command: 'MAX_BID', rq: '1', field: 'Max_Amount' }],
  [
    'Max_Amount over the maximum',
    'udp',
    'MAX_BID 1 lamp 1000000000.01',
    { command: 'MAX_BID', rq: '1', field: 'Max_Amount' },
  ],
  ['Price bad', 'udp', 'MAX_BID_SET 1 lamp 1e3 alice', { command: 'MAX_BID_SET', rq: '1', field: 'Price' }],
  ['New_Price bad', 'udp', 'ACCEPT 1 lamp .5', { command: 'ACCEPT', rq: '1', field: 'New_Price' }],
  [
    'Current_Price bad',
    'udp',
    'NEGOTIATE_REQ 1 lamp 5. 3',
    { command: 'NEGOTIATE_REQ', rq: '1', field: 'Current_Price' },
  ],
  ['Highest_Bid bad', 'udp', 'BID_UPDATE 1 lamp +3 alice 3', { command: 'BID_UPDATE', rq: '1', field: 'Highest_Bid' }],
  ['Final_Price bad', 'tcp', 'INFORM_Req 1 lamp abc', { command: 'INFORM_Req', rq: '1', field: 'Final_Price' }],
  // seconds and counts
  ['Duration 0', 'udp', 'LIST_ITEM 1 lamp d 5 0', { command: 'LIST_ITEM', rq: '1', field: 'Duration' }],
  [
    'Duration over 30 days',
    'udp',
    'LIST_ITEM 1 lamp d 5 2592001',
    { command: 'LIST_ITEM', rq: '1', field: 'Duration' },
  ],
  ['Duration fractional', 'udp', 'LIST_ITEM 1 lamp d 5 1.5', { command: 'LIST_ITEM', rq: '1', field: 'Duration' }],
  [
    'Time_Left negative',
    'udp',
    'PRICE_ADJUSTMENT 1 lamp 5.00 -1',
    { command: 'PRICE_ADJUSTMENT', rq: '1', field: 'Time_Left' },
  ],
  ['Count not a number', 'udp', 'CATALOG_END 1 many 3 - 0', { command: 'CATALOG_END', rq: '1', field: 'Count' }],
  ['the 1.0 CATALOG_END', 'udp', 'CATALOG_END 1 3', { command: 'CATALOG_END', rq: '1', field: 'message' }],
  ['Total negative', 'udp', 'CATALOG_END 1 0 -1 - 0', { command: 'CATALOG_END', rq: '1', field: 'Total' }],
  ['Next_Item not a name', 'udp', 'CATALOG_END 1 0 0 a/b 0', { command: 'CATALOG_END', rq: '1', field: 'Next_Item' }],
  ['Watermark not an RQ#', 'udp', 'CATALOG_END 1 0 0 - x', { command: 'CATALOG_END', rq: '1', field: 'Watermark' }],
  [
    'CATALOG_ITEM Bids not a number',
    'udp',
    'CATALOG_ITEM 1 lamp sam 1.00 some - 5 A lamp',
    { command: 'CATALOG_ITEM', rq: '1', field: 'Bids' },
  ],
  [
    'CATALOG_ITEM without a description',
    'udp',
    'CATALOG_ITEM 1 lamp sam 1.00 0 - 5',
    { command: 'CATALOG_ITEM', rq: '1', field: 'message' },
  ],
  [
    'CATALOG_ITEM with a leader called -',
    'udp',
    'CATALOG_ITEM 1 lamp - 1.00 0 - 5 A lamp',
    { command: 'CATALOG_ITEM', rq: '1', field: 'Seller_Name' },
  ],
  ['Seconds 0', 'udp', 'WATCHING 1 0', { command: 'WATCHING', rq: '1', field: 'Seconds' }],
  // cookie, REJECT, card
  ['Cookie with a bad character', 'udp', 'WATCH 1 a+b', { command: 'WATCH', rq: '1', field: 'Cookie' }],
  [
    'Cookie too long',
    'udp',
    `WATCH-CHALLENGE 1 ${'c'.repeat(129)}`,
    { command: 'WATCH-CHALLENGE', rq: '1', field: 'Cookie' },
  ],
  ['REFUSE without the word REJECT', 'udp', 'REFUSE 1 lamp NO', { command: 'REFUSE', rq: '1', field: 'REJECT' }],
  ['REFUSE with lowercase reject', 'udp', 'REFUSE 1 lamp reject', { command: 'REFUSE', rq: '1', field: 'REJECT' }],
  [
    'CC# failing Luhn',
    'tcp',
    'INFORM_Res 1 a 4242424242424241 01/30 here',
    { command: 'INFORM_Res', rq: '1', field: 'CC#' },
  ],
  ['CC# too short', 'tcp', 'INFORM_Res 1 a 42424242424 01/30 here', { command: 'INFORM_Res', rq: '1', field: 'CC#' }],
  [
    'CC# with dashes',
    'tcp',
    'INFORM_Res 1 a 4242-4242-4242-4242 01/30 here',
    { command: 'INFORM_Res', rq: '1', field: 'CC#' },
  ],
  [
    'CC_Exp_Date month 13',
    'tcp',
    `INFORM_Res 1 a ${CARD} 13/30 here`,
    { command: 'INFORM_Res', rq: '1', field: 'CC_Exp_Date' },
  ],
  [
    'CC_Exp_Date with a 4-digit year',
    'tcp',
    `INFORM_Res 1 a ${CARD} 01/2030 here`,
    { command: 'INFORM_Res', rq: '1', field: 'CC_Exp_Date' },
  ],
];

describe('invalid input', () => {
  it.each(INVALID)('%s', (_label, channel, wire, expected) => {
    const r = parse(wire, channel);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const { error } = r;
    expect({ command: error.command, rq: error.rq, field: error.field }).toEqual({ command: undefined, ...expected });
    expect(error.message).toBe(`${error.field} ${error.reason}`);
    expect(error.reason.length).toBeGreaterThan(0);
  });

  it('reports the first bad field in wire order', () => {
    const r = parse('LIST_ITEM 1 b@d d 0 0');
    expect(!r.ok && r.error.field).toBe('Item_Name');
  });

  it('phrases reasons to follow the field name (the §3 example)', () => {
    const r = parse('LIST_ITEM 7 lamp d 1.234 60');
    expect(!r.ok && r.error.message).toBe('Start_Price must be a positive amount with at most 2 decimals');
  });

  it('lists the expected fields on a wrong token count', () => {
    const r = parse('LIST_ITEM 7 lamp');
    expect(!r.ok && r.error.message).toBe(
      'message has the wrong number of fields: LIST_ITEM needs RQ# Item_Name Description Start_Price Duration',
    );
    expect(usage('REGISTER')).toBe('REGISTER RQ# Name Role IP UDP_Port TCP_Port [Secret [Cookie]]');
    expect(usage('LOGIN')).toBe('LOGIN RQ# Name Secret IP UDP_Port TCP_Port [Cookie]');
  });

  it('hints at the right case for a miscased command, and names the channel on a mismatch', () => {
    const miscased = parse('catalog 1');
    expect(!miscased.ok && miscased.error.reason).toContain('CATALOG');
    const mismatch = parse('INFORM_Res 1 a b c d', 'udp');
    expect(!mismatch.ok && mismatch.error.reason).toContain('TCP');
  });

  it('never echoes a card number', () => {
    for (const wire of [
      'INFORM_Res 1 a 4242424242424241 01/30 x',
      'INFORM_Res 1 a 4242424242424241 01/30',
      '4242424242424241 1',
      'INFORM_Res 1 a 4242424242424242 99/99 x',
    ]) {
      const r = parse(wire, 'tcp');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(JSON.stringify(r.error)).not.toMatch(/424242424242/);
    }
  });

  it('does not throw on a non-string (JavaScript callers)', () => {
    const r = parse(undefined as unknown as string);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ rq: '0', field: 'message' });
  });
});

describe('parseDatagram', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('parses a UTF-8 datagram as UDP', () => {
    expect(parseDatagram(bytes('BID 7 lamp 13\r\n'))).toStrictEqual({
      ok: true,
      msg: { type: 'BID', rq: '7', item: 'lamp', amount: 1300 },
    });
    expect(parseDatagram(bytes('NON_OFFER 1 x')).ok).toBe(false);
  });

  it('rejects an empty datagram', () => {
    const r = parseDatagram(new Uint8Array(0));
    expect(!r.ok && r.error).toMatchObject({ rq: '0', field: 'message', message: 'message is empty' });
  });

  it('accepts exactly 1400 bytes and rejects 1401, keeping the command and RQ# for the denial', () => {
    const head = 'LIST_ITEM 9 lamp ';
    const tail = ' 5 60';
    const ok = bytes(head + 'd'.repeat(1400 - head.length - tail.length) + tail);
    expect(ok.length).toBe(1400);
    const okR = parseDatagram(ok);
    expect(!okR.ok && okR.error.field).toBe('Description'); // too long as free text, but read
    const big = bytes(head + 'd'.repeat(1401 - head.length - tail.length) + tail);
    const r = parseDatagram(big);
    expect(!r.ok && r.error).toMatchObject({
      command: 'LIST_ITEM',
      rq: '9',
      field: 'message',
      message: 'message is longer than 1400 bytes',
    });
  });

  it('rejects invalid UTF-8, keeping the command and RQ# when readable', () => {
    const bad = new Uint8Array([...bytes('BID 12 lamp '), 0xff, 0xfe]);
    const r = parseDatagram(bad);
    expect(!r.ok && r.error).toMatchObject({
      command: 'BID',
      rq: '12',
      field: 'message',
      message: 'message is not valid UTF-8',
    });
    const overlong = parseDatagram(new Uint8Array([0xc0, 0xaf]));
    expect(!overlong.ok && overlong.error).toMatchObject({ rq: '0', field: 'message' });
    expect(!overlong.ok && overlong.error.command).toBeUndefined();
  });

  it('does not trust an RQ# cut off at the end of the readable prefix', () => {
    const r = parseDatagram(
      new Uint8Array([...bytes(`FOO_${'X'.repeat(52)} 1234567`), ...bytes('890123'), 0xff, ...new Uint8Array(1400)]),
    );
    expect(!r.ok && r.error.rq).toBe('0');
  });
});

describe('format', () => {
  it('cleans free text so the output always parses', () => {
    expect(format({ type: 'CANCEL', rq: '1', reason: '  line one\nline\ttwo\r\n  ' })).toBe(
      'CANCEL 1 line one line two',
    );
    expect(format({ type: 'DENIED', rq: '0', reason: '' })).toBe('DENIED 0 -');
    expect(format({ type: 'DENIED', rq: '0', reason: ' \n\t ' })).toBe('DENIED 0 -');
    const long = format({
      type: 'LIST_ITEM',
      rq: '1',
      item: 'x',
      description: 'a '.repeat(150),
      startPrice: 100,
      duration: 5,
    });
    const r = parse(long);
    expect(r.ok && r.msg.type === 'LIST_ITEM' && r.msg.description.length).toBe(200 - 1); // cut at 200, trailing space trimmed
  });

  it('cuts free text by code points, never splitting an emoji', () => {
    const s = cleanFreeText('😀'.repeat(250));
    expect(Array.from(s)).toHaveLength(200);
    expect(s).toBe('😀'.repeat(200));
  });

  it('replaces lone surrogates (not encodable as UTF-8)', () => {
    expect(cleanFreeText('a\ud800b')).toBe('a b');
  });

  it('writes money with exactly two decimals and roles in lower case', () => {
    expect(format({ type: 'BID', rq: '1', item: 'x', amount: 5 })).toBe('BID 1 x 0.05');
    expect(format({ type: 'BID', rq: '1', item: 'x', amount: 100_000_000_000 })).toBe('BID 1 x 1000000000.00');
    expect(format({ type: 'LOGGED_IN', rq: '1', role: 'SELLER' as 'seller' })).toBe('LOGGED_IN 1 seller');
  });

  it('leaves out an empty optional Secret or Cookie rather than writing a trailing space', () => {
    expect(format({ type: 'WATCH', rq: '1', cookie: '' })).toBe('WATCH 1');
    expect(
      format({ type: 'REGISTER', rq: '1', name: 'a', role: 'buyer', ip: '::1', udpPort: 1, tcpPort: 2, secret: '' }),
    ).toBe('REGISTER 1 a buyer ::1 1 2');
  });
});

describe('the codec table', () => {
  it('has one row per message type, and parse and format both follow it', () => {
    expect(Object.keys(SPEC_TABLE).sort()).toEqual([...UDP_COMMANDS, ...TCP_COMMANDS].sort());
    // A row's field order is the wire order: format writes, and parse reads, the fields in that order.
    const row = SPEC_TABLE.MAX_BID.fields.map((f) => f.name);
    expect(row).toEqual(['RQ#', 'Item_Name', 'Max_Amount']);
    expect(format({ type: 'MAX_BID', rq: '3', item: 'x', maxAmount: 1 })).toBe('MAX_BID 3 x 0.01');
  });

  it('writes nested optional fields as [A [B]] in usage lines', () => {
    const fields = [
      field('RQ#', 'rq', FIELD.rq),
      optional(field('Secret', 'secret', FIELD.secret)),
      optional(field('Cookie', 'cookie', FIELD.cookie)),
    ];
    expect(usageLine('REGISTER', fields)).toBe('REGISTER RQ# [Secret [Cookie]]');
    expect(usageLine('WATCH', fields.slice(0, 1))).toBe('WATCH RQ#');
  });

  it('checks rows against messages.ts at compile time', () => {
    type Fields<T extends MessageType> = CommandSpec<MessageOf<T>>['fields'];
    // @ts-expect-error MAX_BID has no property `amount`
    const wrongKey: Fields<'MAX_BID'> = [field('X', 'amount', FIELD.money)];
    // @ts-expect-error `leader` is a string, not cents
    const wrongType: Fields<'MAX_BID_SET'> = [field('X', 'leader', FIELD.money)];
    const right: Fields<'MAX_BID_SET'> = [field('X', 'leader', FIELD.account)];
    expect([wrongKey, wrongType, right].map((f) => f.length)).toEqual([1, 1, 1]);
  });
});

describe('field parsers', () => {
  it.each([
    ['5', 500],
    ['5.0', 500],
    ['5.50', 550],
    ['0.5', 50],
    ['0.01', 1],
    ['05', 500],
    ['1000000000', 100_000_000_000],
  ])('money accepts %j', (s, cents) => {
    expect(money(s)).toEqual({ ok: true, value: cents });
  });

  it.each([
    '',
    '-1',
    '0',
    '0.00',
    '1.234',
    '1e3',
    'abc',
    ' 5',
    '5 ',
    '+3',
    '.5',
    '5.',
    '1,000',
    '0x10',
    'Infinity',
    'NaN',
    '1000000000.01',
    '9'.repeat(400),
  ])('money rejects %j', (s) => {
    const r = money(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^must /);
  });

  it('formatMoney always writes two fraction digits', () => {
    expect([0, 1, 10, 99, 100, 1250, 123456].map(formatMoney)).toEqual([
      '0.00',
      '0.01',
      '0.10',
      '0.99',
      '1.00',
      '12.50',
      '1234.56',
    ]);
  });

  it('parseMoney is money', () => {
    expect(F.parseMoney).toBe(F.money);
  });

  it('role lowercases any case but only ASCII letters', () => {
    expect(F.role('BuYeR')).toEqual({ ok: true, value: 'buyer' });
    expect(F.role('\u212Auyer').ok).toBe(false);
    expect(F.role('seller ').ok).toBe(false);
  });

  it('freeText counts code points and rejects control characters', () => {
    expect(F.freeText('😀'.repeat(200)).ok).toBe(true);
    expect(F.freeText('😀'.repeat(201)).ok).toBe(false);
    expect(F.freeText('').ok).toBe(false);
    expect(F.freeText('a\u0085b').ok).toBe(false); // C1 control (NEL)
  });

  // issue 20.12: characters that change how text is shown, not what it says, are refused precisely
  it.each([
    ['\u2028', 'must not contain line or paragraph separators (U+2028, U+2029)'],
    ['\u2029', 'must not contain line or paragraph separators (U+2028, U+2029)'],
    ...['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'].map((c) => [
      c,
      'must not contain bidirectional controls (U+202A-U+202E, U+2066-U+2069)',
    ]),
    ...['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2060', '\ufeff'].map((c) => [
      c,
      'must not contain zero-width characters (U+200B-U+200F, U+2060, U+FEFF)',
    ]),
  ])('free text with U+%s is refused', (c, reason) => {
    expect(F.freeText(`Brass${c}lamp`)).toEqual({ ok: false, reason });
    expect(F.cleanFreeText(`Brass${c}lamp`)).toBe('Brass lamp'); // and never formatted
  });

  it('a denial names the field and the rule: LIST_ITEM with a bidi override in its Description', () => {
    expect(parseDatagram(Buffer.from('LIST_ITEM 4 lamp Brass \u202egpj.exe 5.00 60'))).toMatchObject({
      ok: false,
      error: {
        command: 'LIST_ITEM',
        message: 'Description must not contain bidirectional controls (U+202A-U+202E, U+2066-U+2069)',
      },
    });
  });

  // issue 20.9: a card in any free-text field is kept only as its last four digits
  it.each([
    ['1 Main St 4242 4242 4242 4242', '1 Main St ****4242'],
    ['Flat 2B, 4242.4242.4242.4242', 'Flat 2B, ****4242'],
    ['Flat 2, 4242.4242.4242.4242', 'Flat ****4242'], // a number just before a card goes with it
    ['card ４２４２ ４２４２ ４２４２ ４２４２ thanks', 'card ****4242 thanks'],
    ['12 High St, 2nd floor, 10115 Berlin', '12 High St, 2nd floor, 10115 Berlin'],
  ])('free text %j is kept as %j', (input, kept) => {
    expect(F.freeText(input)).toEqual({ ok: true, value: kept });
    expect(F.cleanFreeText(input)).toBe(kept);
  });

  it('a card of one digit repeated is refused with its own reason; a real one is not', () => {
    for (const c of ['000000000000', '0000000000000000', '5555555555555555555'])
      expect(F.card(c)).toEqual({ ok: false, reason: 'must be a real card number, not one digit repeated' });
    expect(F.card('4111111111111111')).toEqual({ ok: true, value: '4111111111111111' });
    expect(F.card('4111111111111112')).toEqual({ ok: false, reason: 'must be 12 to 19 digits passing the Luhn check' });
  });

  it.each([
    ['rq', F.rq('0'), true],
    ['rq', F.rq(''), false],
    ['port', F.port('65535'), true],
    ['port', F.port('00080'), true],
    ['port', F.port('100000'), false],
    ['ip', F.ip('1.2.3.4'), true],
    ['ip', F.ip('01.2.3.4'), false],
    ['ip', F.ip('2001:db8::1'), true],
    ['secret', F.secret('a'.repeat(64)), true],
    ['secret', F.secret('a'.repeat(65)), false],
    ['cookie', F.cookie('a'.repeat(128)), true],
    ['cookie', F.cookie(''), false],
    ['timeLeft', F.timeLeft('0'), true],
    ['timeLeft', F.timeLeft('1.0'), false],
    ['count', F.count('0'), true],
    ['count', F.count('-0'), false],
    ['duration', F.duration('1'), true],
    ['card', F.card('4111111111111111'), true],
    ['card', F.card('41111111111111111111'), false],
    ['expiry', F.expiry('01/00'), true],
    ['expiry', F.expiry('00/30'), false],
    ['expiry', F.expiry('1/30'), false],
    ['name', F.name('-'), true],
    ['accountName', F.accountName('-'), false],
    ['accountName', F.accountName('a.b-c_D9'), true],
  ])('%s %#', (_f, r, ok) => {
    expect(r.ok).toBe(ok);
  });
});
