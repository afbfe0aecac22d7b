import { InputRangeError } from '../errors/inputError.js';
import { loadRequest } from '../protocol/saveRequest.js';
import { replayRequest } from '../protocol/replayRequest.js';
import { verifyCertificate } from '../verification/verifyCertificate.js';
import type { CommandContext } from './commandContext.js';
import { ExitCode } from './exitCodes.js';
import { formatVerdict } from './format/formatVerdict.js';

/**
 * `attnproof replay --request FILE --impl "<command>"`: sends one saved
 * request to the implementation again. Exit 3 when it breaks the protocol the
 * same way (the violation is printed), 1 when it answers but the answer fails
 * docs/theorem.md §2, 0 when it answers with a certificate that passes.
 */
export async function replaySavedRequest(
  path: string,
  impl: string | undefined,
  timeoutSeconds: number,
  context: CommandContext,
): Promise<void> {
  if (impl === undefined)
    throw new InputRangeError('--request needs --impl "<command>" to send it to', { field: '--impl' });
  const request = loadRequest(path);
  const outcome = await replayRequest(impl, request, { timeoutMs: timeoutSeconds * 1000, startupTimeoutMs: 30_000 });
  if (outcome.status === 'violation') {
    context.io.out(`BROKEN: ${outcome.violation.message}\n`);
    context.exit(ExitCode.implementationBroke);
    return;
  }
  const verdict = verifyCertificate(outcome.target, outcome.certificate, outcome.params);
  context.io.out(formatVerdict(verdict, `answer of ${impl} to request ${request.id} (${path})`));
  context.exit(verdict.status === 'pass' ? ExitCode.ok : ExitCode.failed);
}
