// The e2e tier's rule for a missing tmux (issue 21): skipped on a person's machine, a failure on CI.
import { describe, expect, it } from '@jest/globals';
import { onCi, tmuxTier } from './tmux.js';

describe('tmuxTier', () => {
  it('runs wherever tmux is, CI or not', () => {
    expect(tmuxTier(true, {})).toBe('run');
    expect(tmuxTier(true, { CI: 'true' })).toBe('run');
  });

  it('without tmux: fails on CI, skips elsewhere', () => {
    expect(tmuxTier(false, { CI: 'true' })).toBe('fail');
    expect(tmuxTier(false, { CI: '1' })).toBe('fail');
    expect(tmuxTier(false, { CI: 'github' })).toBe('fail');
    expect(tmuxTier(false, {})).toBe('skip');
    expect(tmuxTier(false, { CI: '' })).toBe('skip');
    expect(tmuxTier(false, { CI: 'false' })).toBe('skip');
    expect(tmuxTier(false, { CI: '0' })).toBe('skip');
  });

  it('reads CI from the environment it is given', () => {
    expect(onCi({ CI: 'true' })).toBe(true);
    expect(onCi({ NOT_CI: 'true' })).toBe(false);
  });
});
