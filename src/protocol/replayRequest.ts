import type { Certificate } from '../certificates/certificate.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import { paramsOfRequest, targetOfRequest } from './parseRequest.js';
import { ProtocolViolation } from './protocolViolation.js';
import type { ProtocolParams, ProtocolRequest } from './requestFor.js';
import { startStdioConstruction, type StdioConstructionOptions } from './stdioConstruction.js';

/** What happened when a saved request was sent again. */
export type ReplayOutcome =
  | {
      readonly status: 'answered';
      /** The validated certificate; judge it with `verifyCertificate(target, certificate, params)`. */
      readonly certificate: Certificate;
      readonly target: SparseTarget;
      readonly params: ProtocolParams;
      /** Wall time from start of the command to the validated answer, in ms. */
      readonly elapsedMs: number;
    }
  | {
      readonly status: 'violation';
      readonly violation: ProtocolViolation;
      readonly target: SparseTarget;
      readonly params: ProtocolParams;
      readonly elapsedMs: number;
    };

/**
 * Starts `commandLine`, sends it the one saved `request` (with its own id), closes
 * the session and reports what happened: the validated certificate, or the
 * {@link ProtocolViolation} (including output written after the response, which a
 * replay waits for while closing). The target and parameters are rebuilt from the
 * request first, so a corrupted request is bad input, not a violation.
 * Complexity: one protocol exchange.
 *
 * @example
 * const outcome = await replayRequest('python3 impl.py', loadRequest('failure-request.json'), { timeoutMs: 10_000 });
 * outcome.status; // 'violation'
 * @throws {InputTypeError | InputRangeError} when the request's target or parameters are invalid,
 *   or an option is (see {@link startStdioConstruction}).
 */
export async function replayRequest(
  commandLine: string,
  request: ProtocolRequest,
  options: StdioConstructionOptions,
): Promise<ReplayOutcome> {
  const target = targetOfRequest(request);
  const params = paramsOfRequest(request);
  const started = performance.now();
  const session = startStdioConstruction(commandLine, options);
  let answer: { readonly certificate: Certificate } | { readonly violation: ProtocolViolation };
  try {
    answer = { certificate: await session.send(request) };
  } catch (error) {
    if (!(error instanceof ProtocolViolation)) throw error;
    answer = { violation: error };
  } finally {
    await session.close();
  }
  const elapsedMs = performance.now() - started;
  if ('violation' in answer) return { status: 'violation', violation: answer.violation, target, params, elapsedMs };
  // Output written after the response is only noticed while closing: it turns an answer into a violation.
  const trailing = session.brokenBy;
  if (trailing !== undefined) return { status: 'violation', violation: trailing, target, params, elapsedMs };
  return { status: 'answered', certificate: answer.certificate, target, params, elapsedMs };
}
