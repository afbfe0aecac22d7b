/**
 * An implementation under test broke its contract in a way that is not a
 * property failure: it crashed, hung, or answered with something that is not
 * a certificate. The harness stops the run and the command line exits with 3
 * (SPEC §6). `breaksProtocol` is false for an implementation that declined a
 * request in an orderly way (an error response): that is a failure to
 * construct, judged by the properties like any other.
 */
export class ImplementationError extends Error {
  override readonly name: string = 'ImplementationError';
  /** True when the run cannot go on meaningfully (exit 3); false for an orderly refusal. */
  readonly breaksProtocol: boolean;
  constructor(message: string, breaksProtocol: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.breaksProtocol = breaksProtocol;
  }
}

/** True when `error` means the implementation broke the protocol (exit code 3). */
export function breaksProtocol(error: unknown): error is ImplementationError {
  return error instanceof ImplementationError && error.breaksProtocol;
}
