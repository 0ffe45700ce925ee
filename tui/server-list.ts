// `--server HOST:PORT[,HOST:PORT…]`: the server's UDP address, or the servers of one house (PROTOCOL.md
// §9) in the order the client tries them. Parsing and the one spelling used on screen and as the
// profile's key. Pure.
import type { FieldResult } from '../shared/protocol/index.js';
import { fields } from '../shared/protocol/index.js';
import { validate } from '../shared/cli/index.js';
import type { ServerAddress } from '../shared/client/types.js';

export const DEFAULT_SERVER = { host: '127.0.0.1', port: 5000 } as const;

/** `HOST:PORT`, `PORT`, `[v6]:PORT`; the port is the protocol's UDP_Port. */
export function parseServer(text: string): FieldResult<ServerAddress> {
  let host: string;
  let portText: string;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(text);
  if (v6) {
    [, host, portText] = v6;
  } else if (/^\d+$/.test(text)) {
    host = DEFAULT_SERVER.host;
    portText = text;
  } else {
    const i = text.lastIndexOf(':');
    if (i <= 0 || text.indexOf(':') !== i) return { ok: false, reason: 'must be HOST:PORT (e.g. 127.0.0.1:5000)' };
    host = text.slice(0, i);
    portText = text.slice(i + 1);
  }
  const port = fields.port(portText);
  if (!port.ok) return { ok: false, reason: `port ${port.reason}` };
  const h = validate.host(host);
  if (!h.ok) return { ok: false, reason: `host ${h.reason}` };
  return { ok: true, value: { host, port: port.value } };
}

/**
 * One address, or several separated by commas (spaces around them are allowed). A list names which entry
 * is wrong: an empty one (`a:1,,b:2`, a trailing comma), a bad one, the same server twice (`5000` is
 * 127.0.0.1:5000; host names compare in any case). One address gives exactly parseServer's errors.
 */
export function parseServers(text: string): FieldResult<ServerAddress[]> {
  const entries = text.split(',').map((e) => e.trim());
  if (entries.length === 1) {
    const one = parseServer(entries[0]);
    return one.ok ? { ok: true, value: [one.value] } : one;
  }
  const out: ServerAddress[] = [];
  const seen = new Map<string, number>();
  for (const [i, entry] of entries.entries()) {
    const n = i + 1;
    if (entry === '') return { ok: false, reason: `entry ${n} is empty: separate the servers with single commas` };
    const one = parseServer(entry);
    if (!one.ok) return { ok: false, reason: `entry ${n} "${entry}": ${one.reason}` };
    const key = formatServer(one.value).toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      return { ok: false, reason: `lists ${formatServer(one.value)} twice (entries ${first} and ${n})` };
    seen.set(key, n);
    out.push(one.value);
  }
  return { ok: true, value: out };
}

/** HOST:PORT as shown in the header and the log, and as the profile keys its subscriptions ([v6]:PORT). */
export function formatServer(s: ServerAddress): string {
  return `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`;
}
