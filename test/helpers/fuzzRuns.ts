/**
 * Budget of the fuzzing properties (test/io, test/certificates, test/protocol, test/generators/contracts): the number of runs of
 * a property at scale 1, from `ATTNPROOF_FUZZ_RUNS` (default 100, which keeps every fuzz file to a few
 * seconds in `npm test`). `ATTNPROOF_FUZZ_RUNS=20000 npx vitest run test/io` is a long session.
 *
 * @throws {RangeError} (at import) when the variable is set but is not a positive integer.
 */
export const FUZZ_RUNS = (() => {
  const raw = process.env.ATTNPROOF_FUZZ_RUNS;
  if (raw === undefined || raw === '') return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`ATTNPROOF_FUZZ_RUNS must be a positive integer, got "${raw}"`);
  return n;
})();

/** `FUZZ_RUNS` scaled by `factor` (a property that is cheaper or dearer per run than the default), at least 1. */
export function fuzzRuns(factor: number): number {
  return Math.max(1, Math.ceil(FUZZ_RUNS * factor));
}
