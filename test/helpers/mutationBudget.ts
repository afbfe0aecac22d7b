/**
 * Whether the tests run under mutation testing (test/stryker/vitest.config.ts sets
 * `ATTNPROOF_UNDER_MUTATION=1`). Stryker re-runs every test that covers a mutant, once per mutant, on
 * instrumented code several times slower than usual; the few seeded random-trial loops of the verifier's
 * tests dominated that cost (each verifier mutant re-ran about a minute of tests).
 */
export const UNDER_MUTATION = process.env.ATTNPROOF_UNDER_MUTATION === '1';

/**
 * The number of seeded random trials of a test: `full` normally, `underMutation` under mutation
 * testing — a smaller budget that still covers every outcome the test asserts it sees (each test states
 * which). The trials kept are the first ones, so a mutation-testing run checks a prefix of the same cases.
 */
export function trials(full: number, underMutation: number): number {
  return UNDER_MUTATION ? underMutation : full;
}
