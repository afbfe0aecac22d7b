import { writeFileAtomic } from '../io/writeFileAtomic.js';
import { parseJsonText } from '../io/parseJsonText.js';
import { readInputFile } from '../io/readInputFile.js';
import { parseRequest } from './parseRequest.js';
import type { ProtocolRequest } from './requestFor.js';

/**
 * Saves `request` to `path` atomically (see {@link writeFileAtomic}) as exactly
 * the line the harness sent, newline included, so the failure can be replayed
 * with `attnproof replay` or by hand: `python3 impl.py < request.json`.
 * `O(nnz)`.
 *
 * @example
 * saveRequest('failure-request.json', violation.request);
 * @throws {Error} the file-system error when the file cannot be written.
 */
export function saveRequest(path: string, request: ProtocolRequest): void {
  writeFileAtomic(path, `${JSON.stringify(request)}\n`);
}

/**
 * Reads and validates a request saved by {@link saveRequest} (any JSON text holding
 * one request object is accepted). `O(size)`.
 *
 * @example
 * loadRequest('failure-request.json').id; // 2
 * @throws {InputRangeError} when the file is missing or unreadable, or a field is out of range.
 * @throws {InputTypeError} for malformed JSON or a missing or mistyped field; the message names the file.
 */
export function loadRequest(path: string): ProtocolRequest {
  return parseRequest(parseJsonText(readInputFile(path), path), path);
}
