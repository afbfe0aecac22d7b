/** Default corpus of counterexample records. */
export const DEFAULT_CORPUS = 'fixtures/counterexamples';
