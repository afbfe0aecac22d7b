import { defineConfig } from 'vitest/config';

// Vitest configuration for mutation testing only (stryker.config.json points here). It runs the in-process
// tests of test/**: not the statistical property suite of properties/ (minutes per run, and timing out under
// Stryker's instrumentation on a 2-core machine) and not the tests that execute the compiled dist/ build
// (which Stryker does not mutate, so they can never kill a mutant).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/cli/binary.test.ts', 'test/verification/distWorkers.test.ts', '**/node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
