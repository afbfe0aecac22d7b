/** Exit codes of the command line (SPEC §6). */
export const ExitCode = {
  /** Everything checked holds. */
  ok: 0,
  /** A property failed (or a verdict was inconclusive): a counterexample was printed. */
  failed: 1,
  /** Bad usage or bad input: one clear message on stderr. */
  badInput: 2,
  /** The implementation under test broke the protocol, crashed or timed out. */
  implementationBroke: 3,
  /** A defect of attnproof itself (never expected; please report it). */
  internal: 4,
  /** Interrupted (Ctrl-C, SIGTERM) and stopped early: what was finished was written (128 + SIGINT's 2). */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
