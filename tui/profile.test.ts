import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultProfilePath,
  emptyProfile,
  findAccount,
  loadProfile,
  ProfileError,
  saveProfile,
  withAccount,
  withSubscriptions,
} from './profile.js';

const dir = mkdtempSync(join(tmpdir(), 'tui-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('profile', () => {
  it('lives in $XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultProfilePath({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/a')).toBe('/x/cfg/terminal-auction/profile.json');
    expect(defaultProfilePath({}, '/home/a')).toBe('/home/a/.config/terminal-auction/profile.json');
  });

  it('a missing file is an empty profile', () => {
    expect(loadProfile(join(dir, 'none.json'))).toEqual(emptyProfile());
  });

  it('saves with mode 0600 and reads back; accounts are found case-insensitively', () => {
    const path = join(dir, 'sub', 'profile.json');
    let p = withAccount(emptyProfile(), { name: 'Alice', role: 'buyer', secret: 'A'.repeat(32) });
    p = withSubscriptions(p, 'alice', '127.0.0.1:5000', ['lamp']);
    saveProfile(path, p);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const back = loadProfile(path);
    expect(back.last).toBe('Alice');
    expect(findAccount(back, 'ALICE')).toMatchObject({
      secret: 'A'.repeat(32),
      subscriptions: { '127.0.0.1:5000': ['lamp'] },
    });
  });

  it('a damaged profile is a clear error naming the file', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{ not json');
    expect(() => loadProfile(path)).toThrow(ProfileError);
    expect(() => loadProfile(path)).toThrow(/bad\.json is not valid JSON/);
    writeFileSync(path, JSON.stringify({ version: 1, accounts: [{ name: 'a', role: 'buyer', secret: 'short' }] }));
    expect(() => loadProfile(path)).toThrow(/account a has a bad secret/);
  });
});
