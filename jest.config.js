import { createDefaultEsmPreset } from 'ts-jest';

// Messages print local time; pin the zone so expectations hold on any laptop (zone handling has its own tests).
process.env.TZ = 'UTC';

const preset = createDefaultEsmPreset({ tsconfig: 'tsconfig.json' });

/** @type {import('jest').Config} */
export default {
  ...preset,
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // dynalite starts once for the whole run, on a free loopback port (see __tests__/setup/).
  globalSetup: '<rootDir>/__tests__/setup/global-setup.js',
  globalTeardown: '<rootDir>/__tests__/setup/global-teardown.js',
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 60_000,
};
