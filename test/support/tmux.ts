// Jest's side of the tmux helper (scripts/lib/tmux.ts): an end-to-end suite runs only where tmux is.
import { hasTmux, tmuxTier } from '../../scripts/lib/tmux.js';

export * from '../../scripts/lib/tmux.js';

/**
 * `describe`, or `describe.skip` with a warning naming the suite when tmux is missing. Jest's
 * global `describe`, not an import from @jest/globals (ts-jest's globals are there in every test file).
 */
export function describeWithTmux(suite: string): jest.Describe {
  const tier = tmuxTier(hasTmux);
  if (tier === 'run') return describe;
  // On CI a missing tmux is a broken runner, not a reason to skip a tier: fail the run, loudly.
  if (tier === 'fail') {
    throw new Error(
      `${suite}: tmux is missing on CI (CI=${process.env.CI}); .ci/run installs it (apt-get install -y tmux)`,
    );
  }

  console.warn(
    `${suite}: SKIPPED — tmux is missing (apt-get install -y tmux); this end-to-end test needs a real terminal.`,
  );
  return describe.skip;
}
