// The one table of the wire codec (PROTOCOL.md §1, §2, §5-§7): for every command word, its channel and
// the ordered list of its fields, each with the protocol's name, the property of the typed message and
// a field type that both reads the token (fields.ts) and writes it. parse.ts and format.ts are generic
// routines over this table, so a message is described once: adding or changing a message is a row here
// (and its type in messages.ts), checked at compile time against that type.
import * as F from './fields.js';
import type { FieldParser } from './fields.js';
import type { Channel, Denial, DenialType, Message, MessageType } from './messages.js';

/** How one field's value is read from its token and written back. */
export interface FieldType<T> {
  parse: FieldParser<T>;
  /** The token for a value. Values are trusted (our own code made them), except free text, which is cleaned. */
  format(value: T): string;
}

/** A field that carries a value: `key` is the property of the typed message. */
export interface ValueField<K extends string = string, T = unknown> {
  /** The protocol's name for the field, used in errors and usage lines (`Start_Price`). */
  name: string;
  key: K;
  type: FieldType<T>;
  /** Free text: takes every token between the fixed fields before and after it (at most one per message). */
  free?: true;
  /**
   * May be left out. Optional fields come last and nest: each one needs the one before it
   * (`REGISTER … [Secret [Cookie]]`), so parse() fills them in order and format() stops at the first absent one.
   */
  optional?: true;
}

/** A fixed word that carries no value (REFUSE's `REJECT`). */
export interface WordField {
  name: string;
  word: string;
}

export type FieldSpec = ValueField | WordField;

export interface CommandSpec<M = Message> {
  channel: Channel;
  fields: ReadonlyArray<FieldOf<M>>;
}

/** The fields a row of message type M may hold: a property of M with a field type of that property's type. */
type FieldOf<M> =
  | { [K in Exclude<keyof M & string, 'type'>]-?: ValueField<K, Exclude<M[K], undefined>> }[Exclude<
      keyof M & string,
      'type'
    >]
  | WordField;

/** The typed message of a command word (every denial word shares the Denial shape). */
export type MessageOf<T extends MessageType> = T extends DenialType ? Denial : Extract<Message, { type: T }>;

// ---- field types -------------------------------------------------------------------------------

const asIs = (parse: FieldParser<string>): FieldType<string> => ({ parse, format: (v) => v });
const whole = (parse: FieldParser<number>): FieldType<number> => ({ parse, format: (v) => String(v) });

/** The field types of PROTOCOL.md §2, for rows here and in other modules' tables. */
export const FIELD = {
  rq: asIs(F.rq),
  name: asIs(F.name),
  account: asIs(F.accountName),
  role: { parse: F.role, format: (r) => r.toLowerCase() } satisfies FieldType<'buyer' | 'seller'>,
  ip: asIs(F.ip),
  port: whole(F.port),
  secret: asIs(F.secret),
  freeText: { parse: F.freeText, format: F.cleanFreeText } satisfies FieldType<string>,
  money: { parse: F.money, format: F.formatMoney } satisfies FieldType<number>,
  duration: whole(F.duration),
  timeLeft: whole(F.timeLeft),
  count: whole(F.count),
  cookie: asIs(F.cookie),
  card: asIs(F.card),
  expiry: asIs(F.expiry),
  /** Since_RQ, Watermark: a server RQ# (`0` = from the beginning), as a number. */
  serverRq: whole(F.serverRq),
  /** After_Item, Next_Item: an item name, or `-` for none (carried as null). */
  itemOrNone: {
    parse: (t) => (t === '-' ? { ok: true, value: null } : F.name(t)),
    format: (v) => v ?? '-',
  } satisfies FieldType<string | null>,
  /** An account name, or `-` for "nobody" (carried as null). */
  accountOrNone: {
    parse: (t) => (t === '-' ? { ok: true, value: null } : F.accountName(t)),
    format: (v) => v ?? '-',
  } satisfies FieldType<string | null>,
} as const;

// ---- row builders ------------------------------------------------------------------------------

export const field = <K extends string, T>(name: string, key: K, type: FieldType<T>): ValueField<K, T> => ({
  name,
  key,
  type,
});
export const freeTextField = <K extends string>(name: string, key: K): ValueField<K, string> => ({
  name,
  key,
  type: FIELD.freeText,
  free: true,
});
export const optional = <K extends string, T>(spec: ValueField<K, T>): ValueField<K, T> => ({
  ...spec,
  optional: true,
});
export const word = (w: string): WordField => ({ name: w, word: w });

const RQ = field('RQ#', 'rq', FIELD.rq);
const ITEM = field('Item_Name', 'item', FIELD.name);
const TIME_LEFT = field('Time_Left', 'timeLeft', FIELD.timeLeft);
const FINAL_PRICE = field('Final_Price', 'finalPrice', FIELD.money);

type Tail<M> = Array<FieldOf<M>>;
const udp = <M>(...fields: Tail<M>): CommandSpec<M> => ({ channel: 'udp', fields: [RQ as FieldOf<M>, ...fields] });
const tcp = <M>(...fields: Tail<M>): CommandSpec<M> => ({ channel: 'tcp', fields: [RQ as FieldOf<M>, ...fields] });
const denial: CommandSpec<Denial> = udp(freeTextField('Reason', 'reason'));

export type SpecTable = { [T in MessageType]: CommandSpec<MessageOf<T>> };

// A mapped type over MessageType: a message type in messages.ts without a row here fails to compile,
// and so does a row naming a property its message does not have, or giving it the wrong field type.
export const SPEC_TABLE: SpecTable = {
  // §5 requests
  REGISTER: udp(
    field('Name', 'name', FIELD.account),
    field('Role', 'role', FIELD.role),
    field('IP', 'ip', FIELD.ip),
    field('UDP_Port', 'udpPort', FIELD.port),
    field('TCP_Port', 'tcpPort', FIELD.port),
    optional(field('Secret', 'secret', FIELD.secret)),
    optional(field('Cookie', 'cookie', FIELD.cookie)),
  ),
  LOGIN: udp(
    field('Name', 'name', FIELD.account),
    field('Secret', 'secret', FIELD.secret),
    field('IP', 'ip', FIELD.ip),
    field('UDP_Port', 'udpPort', FIELD.port),
    field('TCP_Port', 'tcpPort', FIELD.port),
    optional(field('Cookie', 'cookie', FIELD.cookie)),
  ),
  'DE-REGISTER': udp(field('Name', 'name', FIELD.account)),
  LIST_ITEM: udp(
    ITEM,
    freeTextField('Description', 'description'),
    field('Start_Price', 'startPrice', FIELD.money),
    field('Duration', 'duration', FIELD.duration),
  ),
  SUBSCRIBE: udp(ITEM),
  'DE-SUBSCRIBE': udp(ITEM),
  BID: udp(ITEM, field('Amount', 'amount', FIELD.money)),
  MAX_BID: udp(ITEM, field('Max_Amount', 'maxAmount', FIELD.money)),
  ACCEPT: udp(ITEM, field('New_Price', 'newPrice', FIELD.money)),
  REFUSE: udp(ITEM, word('REJECT')),
  CATALOG: udp(
    optional(field('Since_RQ', 'sinceRq', FIELD.serverRq)),
    optional(field('After_Item', 'afterItem', FIELD.itemOrNone)),
  ),
  WATCH: udp(optional(field('Cookie', 'cookie', FIELD.cookie))),
  // §5 replies
  REGISTERED: udp(),
  LOGGED_IN: udp(field('Role', 'role', FIELD.role)),
  'DE-REGISTERED': udp(),
  ITEM_LISTED: udp(),
  SUBSCRIBED: udp(),
  'DE-SUBSCRIBED': udp(),
  BID_ACCEPTED: udp(),
  MAX_BID_SET: udp(ITEM, field('Price', 'price', FIELD.money), field('Leader_Name', 'leader', FIELD.account)),
  REFUSED: udp(ITEM),
  CATALOG_END: udp(
    field('Count', 'count', FIELD.count),
    field('Total', 'total', FIELD.count),
    field('Next_Item', 'nextItem', FIELD.itemOrNone),
    field('Watermark', 'watermark', FIELD.serverRq),
  ),
  // Description is the free text, last (PROTOCOL.md §6); `-` as Leader_Name is "no bid yet" (null).
  CATALOG_ITEM: udp(
    ITEM,
    field('Seller_Name', 'seller', FIELD.account),
    field('Current_Price', 'currentPrice', FIELD.money),
    field('Bids', 'bids', FIELD.count),
    field('Leader_Name', 'leader', FIELD.accountOrNone),
    TIME_LEFT,
    freeTextField('Description', 'description'),
  ),
  'WATCH-CHALLENGE': udp(field('Cookie', 'cookie', FIELD.cookie)),
  // PROTOCOL.md gives Seconds no syntax; a watch lasts a positive number of seconds, so Duration's rule.
  WATCHING: udp(field('Seconds', 'seconds', FIELD.duration)),
  'REGISTER-DENIED': denial,
  'LOGIN-DENIED': denial,
  'DE-REGISTER-DENIED': denial,
  'LIST-DENIED': denial,
  'SUBSCRIPTION-DENIED': denial,
  'DE-SUBSCRIBE-DENIED': denial,
  BID_REJECTED: denial,
  'NEGOTIATE-DENIED': denial,
  'WATCH-DENIED': denial,
  'CATALOG-DENIED': denial,
  DENIED: denial,
  // §6 pushes
  AUCTION_ANNOUNCE: udp(
    ITEM,
    freeTextField('Description', 'description'),
    field('Current_Price', 'currentPrice', FIELD.money),
    TIME_LEFT,
  ),
  BID_UPDATE: udp(
    ITEM,
    field('Highest_Bid', 'highestBid', FIELD.money),
    field('Bidder_Name', 'bidder', FIELD.account),
    TIME_LEFT,
  ),
  NEGOTIATE_REQ: udp(ITEM, field('Current_Price', 'currentPrice', FIELD.money), TIME_LEFT),
  PRICE_ADJUSTMENT: udp(ITEM, field('New_Price', 'newPrice', FIELD.money), TIME_LEFT),
  // `-` is "nothing sold" (PROTOCOL.md §6), carried as null in the typed message.
  AUCTION_CLOSED: udp(ITEM, FINAL_PRICE, field('Winner_Name', 'winner', FIELD.accountOrNone)),
  // §7 closure and purchase
  WINNER: tcp(ITEM, FINAL_PRICE, field('Seller_Name', 'seller', FIELD.account)),
  SOLD: tcp(ITEM, FINAL_PRICE, field('Buyer_Name', 'buyer', FIELD.account)),
  INFORM_Req: tcp(ITEM, FINAL_PRICE),
  INFORM_Res: tcp(
    field('Name', 'name', FIELD.account),
    field('CC#', 'card', FIELD.card),
    field('CC_Exp_Date', 'expiry', FIELD.expiry),
    freeTextField('Address', 'address'),
  ),
  PURCHASE_COMPLETE: tcp(ITEM, FINAL_PRICE),
  Shipping_Info: tcp(field('Buyer_Name', 'buyer', FIELD.account), freeTextField('Buyer_Address', 'address')),
  CANCEL: tcp(freeTextField('Reason', 'reason')),
  NON_OFFER: tcp(ITEM),
};

/** The row of a command word, with its fields as plain FieldSpecs (what the generic routines need). */
export function specOf(type: MessageType): { channel: Channel; fields: readonly FieldSpec[] } {
  return SPEC_TABLE[type];
}

/** The command words each channel accepts: UDP carries §5 and §6, TCP only §7. */
export const UDP_COMMANDS: ReadonlySet<MessageType> = wordsOf('udp');
export const TCP_COMMANDS: ReadonlySet<MessageType> = wordsOf('tcp');

function wordsOf(channel: Channel): ReadonlySet<MessageType> {
  return new Set((Object.keys(SPEC_TABLE) as MessageType[]).filter((w) => SPEC_TABLE[w].channel === channel));
}

/**
 * The expected shape of a command, as used in token-count errors:
 * `LIST_ITEM RQ# Item_Name Description Start_Price Duration`; nested optionals as `[Secret [Cookie]]`.
 */
export function usage(type: MessageType): string {
  return usageLine(type, specOf(type).fields);
}

/** usage() for any word and field list. */
export function usageLine(type: string, fields: readonly FieldSpec[]): string {
  const required = fields.filter((f) => !('optional' in f && f.optional)).map((f) => f.name);
  const optionals = fields.filter((f) => 'optional' in f && f.optional).map((f) => f.name);
  const tail = optionals.reduceRight((inner, n) => `[${n}${inner ? ` ${inner}` : ''}]`, '');
  return [type, ...required, ...(tail ? [tail] : [])].join(' ');
}
