import { dirname, join } from 'node:path';
import { ensureDirectory } from '../io/ensureDirectory.js';
import { ProtocolViolation } from '../protocol/protocolViolation.js';
import { saveRequest } from '../protocol/saveRequest.js';

/** Where and whether a command saves the request that broke an outside implementation. */
export interface BrokenRequestSaving {
  /** `--corpus`: the request goes to `<corpus>/requests/`. */
  readonly corpus: string;
  /** False with `--no-record`. */
  readonly record: boolean;
  /** `--impl`: the command line to replay against (requests of a `--module` are not saved). */
  readonly impl: string | undefined;
  readonly seed: number;
  /** Prefix of the saved file's name (`'sweep-'` keeps a sweep's requests apart from validate's). */
  readonly fileTag: string;
}

/**
 * The one line a command prints when an outside implementation broke the protocol (exit 3,
 * docs/theorem.md §6): what happened and, when the violation names its request and recording is
 * on, where that request was saved and the command that replays it (`otherwise` is appended when
 * nothing was saved). A request that cannot be saved is said so, not thrown. Newlines of the
 * message are folded so the paragraph stays one line. O(length of the request) for the save.
 *
 * @example
 * brokenProtocolParagraph('sweep', new Error('crashed (exit code 7) before answering.'), saving);
 * // 'attnproof sweep: the implementation broke the protocol. crashed (exit code 7) before answering.'
 */
export function brokenProtocolParagraph(
  command: string,
  error: Error,
  saving: BrokenRequestSaving,
  otherwise = '',
): string {
  let text = `attnproof ${command}: the implementation broke the protocol. ${error.message}`;
  if (error instanceof ProtocolViolation && error.request !== undefined && saving.record && saving.impl !== undefined) {
    const path = join(
      saving.corpus,
      'requests',
      `${saving.fileTag}${error.kind}-seed${saving.seed}-id${error.request.id}.json`,
    );
    try {
      ensureDirectory(dirname(path));
      saveRequest(path, error.request);
      text += ` The request was saved to ${path}; replay it with: attnproof replay --request ${path} --impl ${JSON.stringify(saving.impl)}`;
    } catch (cause) {
      text += ` (The request could not be saved to ${path}: ${cause instanceof Error ? cause.message : String(cause)}.)`;
    }
  } else text += otherwise;
  return text.replace(/\s*\n\s*/g, ' ');
}
