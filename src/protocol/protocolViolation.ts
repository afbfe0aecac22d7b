import { ImplementationError } from '../errors/implementationError.js';
import type { ProtocolRequest } from './requestFor.js';

/**
 * What an implementation under test did wrong (SPEC §5):
 *
 * - `'crash'`: it died abnormally (non-zero exit code, killed by a signal, could not be
 *   started) while a request was outstanding or between requests; for a JS module,
 *   `construct` threw.
 * - `'exit'`: it exited cleanly (code 0) while requests remained: it must keep reading
 *   requests until its stdin is closed.
 * - `'timeout'`: no complete response line within the time limit.
 * - `'malformed-json'`: a line that is not JSON (including a literal `NaN` or `Infinity`,
 *   which JSON does not have), not a JSON object, or too long to hold.
 * - `'wrong-id'`: a response with a missing or different id, or output after the
 *   response (one line per request, in order).
 * - `'wrong-shape'`: `X`, `WQ`, `WK` missing, not arrays of arrays of numbers, ragged,
 *   or not `L×m`, `m×d`, `m×d` for the requested `L` and `d`.
 * - `'non-finite'`: a matrix entry that is NaN or ±Infinity (a JSON number too large
 *   for a double, or `null`, which `JSON.stringify` writes for NaN and ±Infinity).
 * - `'error-response'`: `{"id", "error"}`, the implementation declining the request;
 *   the harness decides whether that counts as a property failure.
 */
export type ProtocolViolationKind =
  'crash' | 'timeout' | 'malformed-json' | 'wrong-id' | 'wrong-shape' | 'non-finite' | 'error-response' | 'exit';

/** Everything a {@link ProtocolViolation} records. */
export interface ProtocolViolationDetails {
  readonly kind: ProtocolViolationKind;
  /** Name of the construction under test. */
  readonly construction: string;
  /** The request that caused it, for replay (absent only when none could be formed). */
  readonly request?: ProtocolRequest;
  /** The exact line sent (or that would be sent) for `request`, without the newline. */
  readonly requestLine?: string;
  /** What was wrong, in a sentence or two, without the request prefix. */
  readonly problem: string;
  /** The offending output, truncated (see {@link excerpt}). */
  readonly output?: string;
  /** Exit code when the implementation died (null when a signal ended it). */
  readonly exitCode?: number | null;
  /** Signal that ended the implementation, if any. */
  readonly signal?: string | null;
  /** A suggestion for the implementer (how to flush stdout, where to print diagnostics). */
  readonly hint?: string;
  /** The underlying error (an exception thrown by a JS module). */
  readonly cause?: unknown;
}

/**
 * An implementation under test broke the stdio protocol or the construction
 * contract (SPEC §5); the command line maps it to exit code 3. The message is
 * one paragraph naming the construction, the request id and what was wrong;
 * `request` and `requestLine` let the harness save the request for replay.
 *
 * @example
 * const v = new ProtocolViolation({ kind: 'timeout', construction: 'impl', problem: 'no response within 1000 ms' });
 * v.message; // 'impl: no response within 1000 ms.'
 */
export class ProtocolViolation extends ImplementationError {
  override readonly name = 'ProtocolViolation';
  readonly kind: ProtocolViolationKind;
  readonly construction: string;
  readonly request: ProtocolRequest | undefined;
  readonly requestLine: string | undefined;
  readonly problem: string;
  readonly output: string | undefined;
  readonly exitCode: number | null | undefined;
  readonly signal: string | null | undefined;
  readonly hint: string | undefined;

  constructor(details: ProtocolViolationDetails) {
    // An error response is the implementation declining in an orderly way: a failure to construct, not a broken protocol.
    super(
      composeMessage(details),
      details.kind !== 'error-response',
      details.cause !== undefined ? { cause: details.cause } : undefined,
    );
    this.kind = details.kind;
    this.construction = details.construction;
    this.request = details.request;
    this.requestLine = details.requestLine;
    this.problem = details.problem;
    this.output = details.output;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.hint = details.hint;
  }
}

function composeMessage(details: ProtocolViolationDetails): string {
  const { request } = details;
  const about =
    request === undefined ? '' : ` request ${request.id} (L = ${request.L}, d = ${request.d}, seed = ${request.seed}):`;
  const problem = /[.!?]$/.test(details.problem) ? details.problem : `${details.problem}.`;
  let text = `${details.construction}:${about} ${problem}`;
  if (details.output !== undefined) text += ` Output: ${details.output}.`;
  if (details.hint !== undefined) text += ` ${details.hint}`;
  return text;
}

/** Longest excerpt of offending output kept in a violation, in characters. */
export const EXCERPT_LENGTH = 200;

/**
 * `text` as a JSON string literal (so control characters and quotes are visible),
 * cut to about {@link EXCERPT_LENGTH} characters with the full length noted. `O(min(n, limit))`.
 *
 * @example
 * excerpt('hello'); // '"hello"'
 * excerpt('x'.repeat(1000)).endsWith('(1000 characters in all)'); // true
 */
export function excerpt(text: string, limit = EXCERPT_LENGTH): string {
  if (text.length <= limit) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, limit))}… (${text.length} characters in all)`;
}
