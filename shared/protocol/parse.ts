// Text -> typed message (PROTOCOL.md §1, §2, §5-§7). Driven by the codec table (table.ts): each
// command word maps to the ordered list of its fields; one generic routine splits the tokens, reads the
// (at most one) free-text field by counting fixed fields from both ends, and runs each field's parser.
// parse() never throws: every failure is a ParseError the server can turn into the right denial.

import * as F from './fields.js';
import type { Channel, Message, MessageType, ParseError, ParseResult } from './messages.js';
import { LIMITS } from './messages.js';
import { SPEC_TABLE, specOf, UDP_COMMANDS, usage, type FieldSpec } from './table.js';

// A Map over the table, for lookups: a first word like `__proto__` or `constructor` must not hit Object.prototype.
const SPECS: ReadonlyMap<string, { channel: Channel; fields: readonly FieldSpec[] }> = new Map(
  (Object.keys(SPEC_TABLE) as MessageType[]).map((t) => [t, specOf(t)]),
);

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
  const freeAt = fields.findIndex((f) => 'free' in f && f.free);
  const min = fields.filter((f) => !('optional' in f && f.optional)).length;
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
    if ('word' in f) {
      if (values[i] !== f.word) return failure(command, rq, f.name, `must be the word ${f.word}`);
      continue;
    }
    const r = f.type.parse(values[i]);
    if (!r.ok) return failure(command, rq, f.name, r.reason);
    msg[f.key] = r.value;
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
