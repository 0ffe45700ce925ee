// The user's profile: accounts with their secrets (mode 0600), the last one used, and per-server
// subscriptions. Lives in the user's config dir so the next launch logs in by itself.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Identity } from '../shared/client/types.js';
import { fields } from '../shared/protocol/index.js';

export interface ProfileAccount extends Identity {
  /** Subscribed item names by server address (`host:port`). */
  subscriptions?: Record<string, string[]>;
  /** The address last given at checkout (INFORM_Res), to prefill the next one. Never a card number. */
  address?: string;
}

export interface Profile {
  version: 1;
  /** Name of the account used last (logged in automatically when no --user is given). */
  last?: string;
  accounts: ProfileAccount[];
}

export class ProfileError extends Error {}

export function defaultProfilePath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'terminal-auction', 'profile.json');
}

export function emptyProfile(): Profile {
  return { version: 1, accounts: [] };
}

/** Reads the profile; a missing file is an empty profile, a damaged one is a ProfileError naming the file. */
export function loadProfile(path: string): Profile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyProfile();
    throw new ProfileError(`Cannot read the profile ${path}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ProfileError(
      `The profile ${path} is not valid JSON. Fix or remove it (it holds your account secrets), or use --profile PATH.`,
    );
  }
  const problem = validate(data);
  if (problem)
    throw new ProfileError(`The profile ${path} is damaged (${problem}). Fix or remove it, or use --profile PATH.`);
  return data as Profile;
}

function validate(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return 'not an object';
  const p = data as Partial<Profile>;
  if (p.version !== 1) return 'unknown version';
  if (!Array.isArray(p.accounts)) return 'no accounts list';
  for (const a of p.accounts) {
    if (typeof a !== 'object' || a === null) return 'an account is not an object';
    if (typeof a.name !== 'string' || !fields.accountName(a.name).ok) return 'an account has a bad name';
    if (a.role !== 'buyer' && a.role !== 'seller') return `account ${a.name} has a bad role`;
    if (typeof a.secret !== 'string' || !fields.secret(a.secret).ok) return `account ${a.name} has a bad secret`;
  }
  return null;
}

/** Writes the profile atomically, readable by the user only (0600, directory 0700). */
export function saveProfile(path: string, profile: Profile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(profile, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export function findAccount(profile: Profile, name: string): ProfileAccount | undefined {
  return profile.accounts.find((a) => a.name.toLowerCase() === name.toLowerCase());
}

/** Adds or replaces the account (by name) and makes it the last one used. */
export function withAccount(profile: Profile, account: ProfileAccount): Profile {
  const others = profile.accounts.filter((a) => a.name.toLowerCase() !== account.name.toLowerCase());
  return { ...profile, last: account.name, accounts: [...others, account] };
}

export function withSubscriptions(profile: Profile, name: string, server: string, items: string[]): Profile {
  const account = findAccount(profile, name);
  if (!account) return profile;
  return withAccount(profile, { ...account, subscriptions: { ...account.subscriptions, [server]: [...items] } });
}

/** Remembers the checkout address of an account (the card is never stored: only the address). */
export function withAddress(profile: Profile, name: string, address: string): Profile {
  const account = findAccount(profile, name);
  if (!account) return profile;
  return withAccount(profile, { ...account, address });
}
