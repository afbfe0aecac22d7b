// Preloaded (`--require`, see vitest.config.ts here) into every thread of a mutation-testing run, and inherited by
// the worker threads those threads start. Stryker rewrites each mutated function to call two helpers it declares at
// the top of the function's module: stryCov_9fa48 (coverage) and stryMutAct_9fa48 (is this mutant switched on?).
// The verifier's workers evaluate only the text of claimRowBlocks (src/verification/_internals/kernel/runParallel.ts),
// not its module, so without these globals every worker would fail on its first call, and the dry run with it.
// They are inert: in a worker no mutant is active and no coverage is kept (the workers run the original loop; the
// tests of the calling thread's path, which runs the same function, kill its mutants). In the instrumented modules
// themselves the module-level helpers shadow these globals.
'use strict';
globalThis.stryCov_9fa48 = function stryCov_9fa48() {};
globalThis.stryMutAct_9fa48 = function stryMutAct_9fa48() {
  return false;
};
