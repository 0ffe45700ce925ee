// The settings a house of several servers must agree on (PROTOCOL.md §9), kept in the house's KV
// bucket: the first server to start stores its own; every later one compares and refuses, naming the
// flag, if it was started with another value — a bid must not be accepted by one server and refused
// by another for a rule the operator set differently. Also the house's WATCH cookie key, made once.
import { randomBytes } from 'node:crypto';
import type { KV } from '@nats-io/kv';
import type { HouseConfig } from '../house.js';
import { HouseSettingsError } from './house-errors.js';

/** Each shared setting and the flag that sets it (the refusal names the flag). */
const SHARED: ReadonlyArray<[keyof HouseConfig, string]> = [
  ['increments', '--increments'],
  ['softCloseS', '--soft-close'],
  ['commission', '--commission'],
  ['informTimeoutS', '--inform-timeout'],
  ['negotiateRepeatMs', '--negotiate-repeat'],
  ['maxListingsPerSeller', '--max-listings-per-seller'],
  // The leader runs every request whichever server it came through, so these must agree too.
  ['addresses', '--addresses'],
  ['limits', '--limits'],
  ['watchSeconds', 'watch seconds'],
  ['maxWatchers', 'max watchers'],
];

/**
 * The entry another server just created. Two servers starting together: the second's create is refused
 * as "exists", yet its get may be answered by a replica that has not applied the first's write yet (KV
 * direct gets), and come back empty. Ask again for a few seconds rather than take it as missing.
 */
async function created(kv: KV, key: string): Promise<Awaited<ReturnType<KV['get']>>> {
  for (let i = 0; ; i++) {
    const entry = await kv.get(key);
    if ((entry && entry.length > 0) || i >= 50) return entry;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const SETTINGS_KEY = 'settings';
const WATCH_KEY = 'watch-cookie-key';

/** Stores this server's settings if the house has none yet; otherwise throws unless they are the house's. */
export async function agreeOnSettings(kv: KV, house: string, config: HouseConfig): Promise<void> {
  const mine = Object.fromEntries(SHARED.map(([k]) => [k, config[k]]));
  try {
    await kv.create(SETTINGS_KEY, JSON.stringify(mine));
    return;
  } catch (e) {
    if (!/wrong last sequence|exists/i.test((e as Error).message)) throw e;
  }
  const entry = await created(kv, SETTINGS_KEY);
  const theirs = entry ? (entry.json<Record<string, unknown>>() ?? {}) : {};
  for (const [k, flag] of SHARED) {
    if (k in theirs && theirs[k] !== config[k]) {
      throw new HouseSettingsError(
        `house "${house}" runs with ${flag} ${String(theirs[k])} but this server was started with ${flag} ${String(config[k])}; ` +
          "start it with the house's settings (every server of a house applies the same rules), or use another --house",
      );
    }
  }
}

/** The house's WATCH cookie key (§9: a cookie from one server is valid at every other), made by the first server. */
export async function houseWatchKey(kv: KV): Promise<Buffer> {
  try {
    await kv.create(WATCH_KEY, randomBytes(32).toString('base64'));
  } catch (e) {
    if (!/wrong last sequence|exists/i.test((e as Error).message)) throw e;
  }
  const entry = await created(kv, WATCH_KEY);
  if (!entry) throw new Error('the house lost its WATCH cookie key');
  return Buffer.from(entry.string(), 'base64');
}
