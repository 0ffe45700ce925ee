// Text -> typed message (PROTOCOL.md §1, §2, §5-§7). Table-driven: each command word maps to the
// ordered list of its fields; one generic routine splits the tokens, reads the (at most one) free-text
// field by counting fixed fields from both ends, and runs each field's parser from fields.ts.
// parse() never throws: every failure is a ParseError the server can turn into the right denial.

import * as F from './fields.js';
import type { FieldParser } from './fields.js';
import type { Channel, Message, MessageType, ParseError, ParseResult } from './messages.js';
import { LIMITS } from './messages.js';

interface FieldSpec {
  /** The protocol's name for the field, used in errors (`Start_Price`). */
  name: string;
  /** The property of the typed message; absent for a field that carries no value (REFUSE's REJECT). */
  key?: string;
  parse: FieldParser<unknown>;
  /** Free text: takes every token between the fixed fields before and after it. */
  free?: true;
  /** May be left out, only as the last field (REGISTER's Secret, WATCH's Cookie). */
  optional?: true;
}

interface CommandSpec {
  channel: Channel;
  fields: readonly FieldSpec[];
}

const field = (name: string, key: string, parse: FieldParser<unknown>): FieldSpec => ({ name, key, parse });
const freeText = (name: string, key: string): FieldSpec => ({ name, key, parse: F.freeText, free: true });
const optional = (spec: FieldSpec): FieldSpec => ({ ...spec, optional: true });

const RQ = field('RQ#', 'rq', F.rq);
const ITEM = field('Item_Name', 'item', F.name);
const TIME_LEFT = field('Time_Left', 'timeLeft', F.timeLeft);
const FINAL_PRICE = field('Final_Price', 'finalPrice', F.money);
const REJECT: FieldSpec = {
  name: 'REJECT',
  parse: (t) => (t === 'REJECT' ? { ok: true, value: t } : { ok: false, reason: 'must be the word REJECT' }),
};
// `-` is "nothing sold" (PROTOCOL.md §6), carried as null in the typed message.
const WINNER = field('Winner_Name', 'winner', (t) => (t === '-' ? { ok: true, value: null } : F.accountName(t)));

const udp = (...fields: FieldSpec[]): CommandSpec => ({ channel: 'udp', fields: [RQ, ...fields] });
const tcp = (...fields: FieldSpec[]): CommandSpec => ({ channel: 'tcp', fields: [RQ, ...fields] });
const denial = udp(freeText('Reason', 'reason'));

// A Record over MessageType, so adding a message type to messages.ts without a row here fails to compile.
const SPEC_TABLE: Record<MessageType, CommandSpec> = {
  // §5 requests
  REGISTER: udp(
    field('Name', 'name', F.accountName),
    field('Role', 'role', F.role),
    field('IP', 'ip', F.ip),
    field('UDP_Port', 'udpPort', F.port),
    field('TCP_Port', 'tcpPort', F.port),
    optional(field('Secret', 'secret', F.secret)),
  ),
  LOGIN: udp(
    field('Name', 'name', F.accountName),
    field('Secret', 'secret', F.secret),
    field('IP', 'ip', F.ip),
    field('UDP_Port', 'udpPort', F.port),
    field('TCP_Port', 'tcpPort', F.port),
  ),
  'DE-REGISTER': udp(field('Name', 'name', F.accountName)),
  LIST_ITEM: udp(
    ITEM,
    freeText('Description', 'description'),
    field('Start_Price', 'startPrice', F.money),
    field('Duration', 'duration', F.duration),
  ),
  SUBSCRIBE: udp(ITEM),
  'DE-SUBSCRIBE': udp(ITEM),
  BID: udp(ITEM, field('Amount', 'amount', F.money)),
  ACCEPT: udp(ITEM, field('New_Price', 'newPrice', F.money)),
  REFUSE: udp(ITEM, REJECT),
  CATALOG: udp(),
  WATCH: udp(optional(field('Cookie', 'cookie', F.cookie))),
  // §5 replies
  REGISTERED: udp(),
  LOGGED_IN: udp(field('Role', 'role', F.role)),
  'DE-REGISTERED': udp(),
  ITEM_LISTED: udp(),
  SUBSCRIBED: udp(),
  'DE-SUBSCRIBED': udp(),
  BID_ACCEPTED: udp(),
  REFUSED: udp(ITEM),
  CATALOG_END: udp(field('Count', 'count', F.count)),
  'WATCH-CHALLENGE': udp(field('Cookie', 'cookie', F.cookie)),
  // PROTOCOL.md gives Seconds no syntax; a watch lasts a positive number of seconds, so Duration's rule.
  WATCHING: udp(field('Seconds', 'seconds', F.duration)),
  'REGISTER-DENIED': denial,
  'LOGIN-DENIED': denial,
  'DE-REGISTER-DENIED': denial,
  'LIST-DENIED': denial,
  'SUBSCRIPTION-DENIED': denial,
  'DE-SUBSCRIBE-DENIED': denial,
  BID_REJECTED: denial,
  'NEGOTIATE-DENIED': denial,
  'WATCH-DENIED': denial,
  DENIED: denial,
  // §6 pushes
  AUCTION_ANNOUNCE: udp(
    ITEM,
    freeText('Description', 'description'),
    field('Current_Price', 'currentPrice', F.money),
    TIME_LEFT,
  ),
  BID_UPDATE: udp(
    ITEM,
    field('Highest_Bid', 'highestBid', F.money),
    field('Bidder_Name', 'bidder', F.accountName),
    TIME_LEFT,
  ),
  NEGOTIATE_REQ: udp(ITEM, field('Current_Price', 'currentPrice', F.money), TIME_LEFT),
  PRICE_ADJUSTMENT: udp(ITEM, field('New_Price', 'newPrice', F.money), TIME_LEFT),
  AUCTION_CLOSED: udp(ITEM, FINAL_PRICE, WINNER),
  // §7 closure and purchase
  WINNER: tcp(ITEM, FINAL_PRICE, field('Seller_Name', 'seller', F.accountName)),
  SOLD: tcp(ITEM, FINAL_PRICE, field('Buyer_Name', 'buyer', F.accountName)),
  INFORM_Req: tcp(ITEM, FINAL_PRICE),
  INFORM_Res: tcp(
    field('Name', 'name', F.accountName),
    field('CC#', 'card', F.card),
    field('CC_Exp_Date', 'expiry', F.expiry),
    freeText('Address', 'address'),
  ),
  PURCHASE_COMPLETE: tcp(ITEM, FINAL_PRICE),
  Shipping_Info: tcp(field('Buyer_Name', 'buyer', F.accountName), freeText('Buyer_Address', 'address')),
  CANCEL: tcp(freeText('Reason', 'reason')),
  NON_OFFER: tcp(ITEM),
};

// A Map, not the object, for lookups: a first word like `__proto__` or `constructor` must not hit Object.prototype.
const SPECS: ReadonlyMap<string, CommandSpec> = new Map(Object.entries(SPEC_TABLE));

/** The command words each channel accepts: UDP carries §5 and §6, TCP only §7. */
export const UDP_COMMANDS: ReadonlySet<MessageType> = wordsOf('udp');
export const TCP_COMMANDS: ReadonlySet<MessageType> = wordsOf('tcp');

function wordsOf(channel: Channel): ReadonlySet<MessageType> {
  return new Set((Object.keys(SPEC_TABLE) as MessageType[]).filter((w) => SPEC_TABLE[w].channel === channel));
}

/** The expected shape of a command, as used in token-count errors: `LIST_ITEM RQ# Item_Name Description Start_Price Duration`. */
export function usage(type: MessageType): string {
  const names = SPEC_TABLE[type].fields.map((f) => (f.optional ? `[${f.name}]` : f.name));
  return [type, ...names].join(' ');
}

function failure(
  command: MessageType | undefined,
  rq: string,
  field: string,
  reason: string,
): { ok: false; error: ParseError } {
  const error: ParseError = { rq, field, reason, message: `${field} ${reason}` };
  if (command !== undefined) error.command = command;
  return { ok: false, error };
}

/** Strips one trailing `\r\n` or `\n` (PROTOCOL.md §1); anything else stays and will fail a field. */
function stripNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/** Echo a bad command word only when it is plainly a word: never arbitrary bytes (or digits, which could be a card). */
function unknownCommandReason(word: string, channel: Channel): string {
  if (!/^[A-Za-z_-]{1,32}$/.test(word)) return 'is not a known command';
  const spec = SPECS.get(word);
  if (spec) return `"${word}" is only used on ${spec.channel.toUpperCase()}, not ${channel.toUpperCase()}`;
  const caseFixed = [...SPECS.keys()].find((w) => w.toLowerCase() === word.toLowerCase());
  if (caseFixed !== undefined) return `"${word}" is not known (command words are case-sensitive: ${caseFixed})`;
  return `"${word}" is not known`;
}

function parseTokens(text: string, channel: Channel): ParseResult {
  // Only U+0020 separates fields; split+filter treats runs of spaces as one and ignores spaces at
  // either end (a person typing into netcat often leaves one).
  const tokens = stripNewline(text)
    .split(' ')
    .filter((t) => t !== '');
  if (tokens.length === 0) return failure(undefined, '0', 'message', 'is empty');
  const [word, ...args] = tokens;
  const rq = args.length > 0 && F.rq(args[0]).ok ? args[0] : '0';

  const spec = SPECS.get(word);
  if (!spec || spec.channel !== channel) return failure(undefined, rq, 'command', unknownCommandReason(word, channel));
  const command = word as MessageType;

  const { fields } = spec;
  const freeAt = fields.findIndex((f) => f.free);
  const min = fields.filter((f) => !f.optional).length;
  const max = freeAt >= 0 ? Infinity : fields.length;
  if (args.length < min || args.length > max) {
    return failure(
      command,
      rq,
      'message',
      `has the wrong number of fields: ${command} needs ${usage(command).slice(command.length + 1)}`,
    );
  }

  // One token per field, except the free-text field, which gets everything between the fixed fields
  // before it and those after it, re-joined with single spaces.
  const values: string[] = [];
  if (freeAt >= 0) {
    const tailStart = args.length - (fields.length - freeAt - 1);
    values.push(...args.slice(0, freeAt), args.slice(freeAt, tailStart).join(' '), ...args.slice(tailStart));
  } else {
    values.push(...args);
  }

  const msg: Record<string, unknown> = { type: command };
  for (let i = 0; i < values.length; i++) {
    const f = fields[i];
    const r = f.parse(values[i]);
    if (!r.ok) return failure(command, rq, f.name, r.reason);
    if (f.key !== undefined) msg[f.key] = r.value;
  }
  // The table and messages.ts describe the same shapes; codec.test.ts checks every type against objects.
  return { ok: true, msg: msg as unknown as Message };
}

/**
 * Parses one message: a UDP datagram's text, or one TCP line (with or without its `\n`).
 * `channel` picks the vocabulary: 'udp' accepts §5 requests and replies and §6 pushes, 'tcp' only §7.
 */
export function parse(text: string, channel: Channel = 'udp'): ParseResult {
  try {
    return parseTokens(text, channel);
  } catch {
    // Last line of defence: parseTokens is not expected to throw, but the server must never crash on input.
    return failure(undefined, '0', 'message', 'could not be read');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * A datagram that is too long or not UTF-8 is still answered with its own command's denial and RQ#
 * when those can be read from its start, so a retrying client gets a reply it can match.
 */
function unreadable(bytes: Uint8Array, reason: string): ParseResult {
  const head = lenientUtf8
    .decode(bytes.subarray(0, 64))
    .split(' ')
    .filter((t) => t !== '');
  const known = head.length > 0 && UDP_COMMANDS.has(head[0] as MessageType);
  // Trust the second token only if it ended inside the prefix: a cut-off token could look like a short RQ#.
  const whole = head.length > 2 || bytes.length <= 64;
  const rq = whole && head.length > 1 && F.rq(head[1]).ok ? head[1] : '0';
  return failure(known ? (head[0] as MessageType) : undefined, rq, 'message', reason);
}

/** Parses one UDP datagram (PROTOCOL.md §1): at most 1400 bytes of UTF-8. */
export function parseDatagram(bytes: Uint8Array): ParseResult {
  try {
    if (bytes.length === 0) return failure(undefined, '0', 'message', 'is empty');
    if (bytes.length > LIMITS.udpDatagramBytes)
      return unreadable(bytes, `is longer than ${LIMITS.udpDatagramBytes} bytes`);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return unreadable(bytes, 'is not valid UTF-8');
    }
    return parse(text, 'udp');
  } catch {
    return failure(undefined, '0', 'message', 'could not be read');
  }
}
