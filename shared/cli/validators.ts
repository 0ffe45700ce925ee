// Validators for flag values. Where a flag carries a protocol field (a port, an account name, a role),
// the protocol's own parser (shared/protocol/fields.ts) decides, so a flag accepts exactly what the
// wire does. Reasons follow the flag's name: `--udp-port must be a port number from 0 to 65535`.
import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { fields, type FieldResult } from '../protocol/index.js';
import type { Validator } from './command-line.js';

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** UDP_Port (PROTOCOL.md §2), or 0 for "any free port" when binding. */
export const bindPort: Validator<number> = (text) => {
  if (text === '0') return ok(0);
  const p = fields.port(text);
  return p.ok ? p : fail('must be a port number from 0 to 65535');
};

export const port: Validator<number> = fields.port;
export const accountName: Validator<string> = fields.accountName;
export const role: Validator<'buyer' | 'seller'> = fields.role;

const HOSTNAME_RE =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An IP address (as the protocol's IP field) or a host name. */
export const host: Validator<string> = (text) =>
  isIP(text) !== 0 || HOSTNAME_RE.test(text) ? ok(text) : fail('must be a host name or an IP address');

/**
 * A number in [min, max]. `integer` for counts and whole seconds; `unit` names what it counts in the
 * reason ("whole seconds from 1 to 86400"). Plain decimal only: no exponent, sign, hex or spaces.
 */
export function number(opts: { min: number; max: number; integer?: boolean; unit?: string }): Validator<number> {
  const { min, max, integer = false } = opts;
  const what = opts.unit ? `${integer ? 'whole ' : ''}${opts.unit}` : integer ? 'a whole number' : 'a number';
  const reason = `must be ${what} from ${min} to ${max}`;
  const re = integer ? /^-?\d{1,15}$/ : /^-?\d{1,15}(\.\d{1,15})?$/;
  return (text) => {
    const n = re.test(text) ? Number(text) : NaN;
    return Number.isFinite(n) && n >= min && n <= max ? ok(n) : fail(reason);
  };
}

/** One of a fixed set of words (case-sensitive, as typed in docs). */
export function oneOf<T extends string>(...words: readonly T[]): Validator<T> {
  const reason = `must be ${words.length === 2 ? words.join(' or ') : `one of ${words.join(', ')}`}`;
  return (text) => ((words as readonly string[]).includes(text) ? ok(text as T) : fail(reason));
}

/** A comma-separated list, each item checked by `item`. */
export function listOf<T>(item: Validator<T>, what: string): Validator<T[]> {
  return (text) => {
    const out: T[] = [];
    for (const part of text.split(',')) {
      const r = item(part.trim());
      if (!r.ok) return fail(`must be a comma-separated list of ${what}`);
      out.push(r.value);
    }
    return ok(out);
  };
}

/** Any non-empty path. */
export const anyPath: Validator<string> = (text) => ok(text);

/**
 * A file to be created or opened in a directory that must already exist. A missing directory is
 * reported, not created: a typo in a data path should not quietly grow a new tree of directories.
 */
export const fileInExistingDir: Validator<string> = (text) => {
  const dir = path.dirname(path.resolve(text));
  if (!existsSync(dir)) return fail(`must be in an existing directory: ${dir} does not exist (create it first)`);
  if (!statSync(dir).isDirectory()) return fail(`must be in a directory: ${dir} is not one`);
  if (existsSync(text) && statSync(text).isDirectory()) return fail('must be a file, not a directory');
  return ok(text);
};
