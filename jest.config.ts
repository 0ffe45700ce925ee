/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// ESM + ts-jest: type checking comes from `tsc --noEmit` (isolatedModules), jest only transpiles.
const config: Config = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.tsx?$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/{server,shared,tui,bench,test}/**/*.test.ts?(x)'],
  testTimeout: 30000,
};
export default config;
