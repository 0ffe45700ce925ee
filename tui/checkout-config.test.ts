// The checkout pane's two settings outside the store: --inform-timeout (exact countdown) and the
// address remembered in the profile (never the card).
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from './cli-args.js';
import { emptyProfile, loadProfile, saveProfile, withAccount, withAddress } from './profile.js';

describe('--inform-timeout', () => {
  it("takes the server's answer deadline in seconds", () => {
    expect(parseArgs(['--inform-timeout', '60'])).toMatchObject({ kind: 'run', options: { informTimeoutS: 60 } });
    const none = parseArgs([]);
    expect(none.kind === 'run' && none.options.informTimeoutS).toBeUndefined();
    expect(parseArgs(['--inform-timeout', '0'])).toEqual({
      kind: 'error',
      message: '--inform-timeout must be seconds from 1 to 86400 (got "0")',
    });
    expect(parseArgs(['--inform-timeout', 'soon'])).toMatchObject({ kind: 'error' });
  });
});

describe('profile address', () => {
  it('remembers the checkout address per account (0600), and nothing else of the payment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profile-address-'));
    try {
      const path = join(dir, 'profile.json');
      const p = withAccount(emptyProfile(), { name: 'alice', role: 'buyer', secret: 'S'.repeat(32) });
      saveProfile(path, withAddress(p, 'ALICE', '12 Buyer Road'));
      expect(loadProfile(path).accounts[0]).toEqual({
        name: 'alice',
        role: 'buyer',
        secret: 'S'.repeat(32),
        address: '12 Buyer Road',
      });
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(readFileSync(path, 'utf8')).not.toMatch(/card|\d{12,}/i);
      expect(withAddress(p, 'nobody', 'x')).toBe(p);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
