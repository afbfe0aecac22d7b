import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Vitest configuration for mutation testing only (stryker.config.json points here). It runs the in-process
// tests of test/**, except:
// - the statistical property suite of properties/ (minutes per run, and timing out under Stryker's
//   instrumentation on a 2-core machine);
// - the tests that execute the compiled dist/ build (which Stryker does not mutate, so they can never kill
//   a mutant);
// - the four end-to-end files that run whole commands or child processes for seconds per test
//   (in npm test: validate 43 s, construct → verify 10 s, stdio protocol 8 s, sweep CLI 7 s): every mutant
//   they reach would re-run them (perTest coverage). What they check of the mutated modules is checked by
//   the unit tests of test/verification, test/construction, test/bound, test/io and test/targets; the
//   scores are therefore a lower bound for the whole suite.
const SLOW_END_TO_END = [
  'test/cli/validate.test.ts',
  'test/cli/constructVerify.test.ts',
  'test/protocol/stdioConstruction.test.ts',
  'test/sweep/cli.test.ts',
];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/cli/binary.test.ts',
      'test/verification/distWorkers.test.ts',
      ...SLOW_END_TO_END,
      '**/node_modules/**',
    ],
    // The fuzzers (test/helpers/fuzzRuns.ts) at a tenth of their npm-test budget: under instrumentation every
    // run is many times slower, and the targeted tests, not the volume of random inputs, kill the mutants.
    // The seeded random-trial loops of the verifier's tests at their smaller budgets (test/helpers/mutationBudget.ts).
    env: { ATTNPROOF_FUZZ_RUNS: '10', ATTNPROOF_UNDER_MUTATION: '1' },
    // Inert stand-ins for Stryker's helpers in the verifier's worker threads, which run the (instrumented) text
    // of claimRowBlocks without its module: see instrumentationInWorkers.cjs.
    execArgv: ['--require', fileURLToPath(new URL('./instrumentationInWorkers.cjs', import.meta.url))],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
