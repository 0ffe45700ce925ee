// Jest's side of the NATS helper (scripts/lib/nats-cluster.ts): a suite of the house of several servers
// (PROTOCOL.md §9) runs only where nats-server is — skipped with a warning on a person's machine, failed
// on CI, where a runner without it is broken (.ci/run installs it), as the e2e tier does with tmux.
import { onCi } from '../../scripts/lib/tmux.js';
import { hasNatsServer } from '../../scripts/lib/nats-cluster.js';

export * from '../../scripts/lib/nats-cluster.js';

export function describeWithNats(suite: string): jest.Describe {
  if (hasNatsServer()) return describe;
  if (onCi()) {
    throw new Error(
      `${suite}: nats-server is missing on CI (CI=${process.env.CI}); .ci/run installs it (apt-get install -y nats-server)`,
    );
  }
  console.warn(
    `${suite}: SKIPPED — nats-server is missing (apt-get install -y nats-server); this suite needs real nodes.`,
  );
  return describe.skip;
}
