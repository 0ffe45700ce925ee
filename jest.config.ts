/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// ESM + ts-jest: type checking comes from `tsc --noEmit` (isolatedModules), jest only transpiles.
// Three tiers, each its own project (`npm run test:unit` / `test:integration` / `test:e2e`):
// - unit: pure code and in-memory renders, no sockets, no child processes — seconds;
// - integration: the real server over real UDP/TCP on 127.0.0.1, real files, child processes;
// - e2e: the real TUI in a tmux pseudo-terminal against a real server.
const base = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.tsx?$': ['ts-jest', { useESM: true }] },
} satisfies Config;

const INTEGRATION = [
  '<rootDir>/test/**/*.test.ts?(x)',
  '<rootDir>/bench/bench.test.ts',
  '<rootDir>/demo/floor.test.ts',
];
const E2E = ['<rootDir>/tui/e2e/**/*.test.ts?(x)'];

const config: Config = {
  // Generous: tests await events and replies (WAIT_MS, scripts/lib/event-log.ts), so this is only reached
  // by a test that is stuck — never by one that is slow on a busy machine.
  testTimeout: 120_000,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{server,shared,tui,demo,bench,scripts}/**/*.test.ts?(x)'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '<rootDir>/tui/e2e/',
        '<rootDir>/bench/bench.test.ts',
        '<rootDir>/demo/floor.test.ts',
      ],
    },
    { ...base, displayName: 'integration', testMatch: INTEGRATION },
    { ...base, displayName: 'e2e', testMatch: E2E },
  ],
};
export default config;
