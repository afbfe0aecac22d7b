import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import { precisionLogs } from '../precision/precision.js';
import { SparseTarget, type TargetEntry } from '../targets/sparseTarget.js';
import type { ProtocolParams, ProtocolRequest } from './requestFor.js';
import { quoteValue } from '../errors/quoteValue.js';

/**
 * Validates a protocol request (already `JSON.parse`d), e.g. one saved for
 * replay: the inverse of {@link requestFor}'s serialisation. Field types and
 * ranges are checked here; the entries are checked by {@link targetOfRequest}.
 * `O(nnz)`.
 *
 * @example
 * parseRequest({ id: 1, L: 2, S: 1, epsilon: 0.5, gamma: 0.5, kappa: 1, delta: 0.1, d: 8, seed: 3, entries: [[0, 1, 2], [1, 0, 1]] }).d; // 8
 * @throws {InputTypeError} for a value that is not a JSON object, or a missing or mistyped field, naming it.
 * @throws {InputRangeError} for an out-of-range field (`L < 2`, `S < 1`, `epsilon <= 0`, `gamma` outside
 *   `(0, 1)`, `kappa < 1`, `delta` outside `(0, 1)`, `d < 1`), naming it.
 */
export function parseRequest(json: unknown, source?: string): ProtocolRequest {
  const file = source !== undefined ? { file: source } : {};
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InputTypeError(
      'a protocol request must be a JSON object {"id", "L", "S", "epsilon", "gamma", "kappa", "delta", "d", "seed", "entries"}',
      file,
    );
  const obj = json as Record<string, unknown>;
  const integer = (field: string, min: number): number => {
    const v = obj[field];
    if (v === undefined) throw new InputTypeError('is missing', { ...file, field });
    if (typeof v !== 'number' || !Number.isSafeInteger(v))
      throw new InputTypeError(`must be an integer, got ${quoteValue(v)}`, { ...file, field });
    if (v < min) throw new InputRangeError(`must be at least ${min}, got ${v}`, { ...file, field });
    return v;
  };
  const real = (field: string): number => {
    const v = obj[field];
    if (v === undefined) throw new InputTypeError('is missing', { ...file, field });
    if (typeof v !== 'number') throw new InputTypeError(`must be a number, got ${quoteValue(v)}`, { ...file, field });
    return v;
  };
  const id = integer('id', 0);
  const L = integer('L', 2);
  const S = integer('S', 1);
  const d = integer('d', 1);
  const seed = integer('seed', Number.MIN_SAFE_INTEGER);
  const { epsilon, gamma } = precisionLogs({ epsilon: real('epsilon'), gamma: real('gamma') });
  const kappa = real('kappa');
  if (!Number.isFinite(kappa) || kappa < 1)
    throw new InputRangeError(`must be finite and at least 1, got ${kappa}`, { ...file, field: 'kappa' });
  const delta = real('delta');
  if (!(delta > 0 && delta < 1))
    throw new InputRangeError(`must be in (0, 1), got ${delta}`, { ...file, field: 'delta' });
  const entries = obj.entries;
  if (!Array.isArray(entries))
    throw new InputTypeError('must be an array of [row, column, value]', { ...file, field: 'entries' });
  return { id, L, S, epsilon, gamma, kappa, delta, d, seed, entries: entries as TargetEntry[] };
}

/**
 * The target a request describes, validated (SPEC §1) with the request's `S` as
 * sparsity bound: the exact doubles of the entries come back bit for bit, since
 * JSON numbers written by `JSON.stringify` round-trip. `O(L + nnz log nnz)`.
 *
 * @example
 * targetOfRequest(parseRequest(saved)).nnz; // the number of entries sent
 * @throws {InputTypeError | InputRangeError} for a bad entry, naming `entries[k]`, its row and column.
 */
export function targetOfRequest(request: ProtocolRequest, source?: string): SparseTarget {
  return SparseTarget.fromEntries(request.L, request.entries, {
    S: request.S,
    ...(source !== undefined ? { source } : {}),
  });
}

/**
 * The parameters a request carries, as {@link ProtocolParams}: `requestFor(targetOfRequest(r),
 * paramsOfRequest(r), r.id)` gives back `r`. `O(1)`.
 *
 * @example
 * paramsOfRequest(request); // { epsilon: 0.5, gamma: 0.5, d: 8, seed: 3, S: 1, kappa: 1, delta: 0.1 }
 */
export function paramsOfRequest(request: ProtocolRequest): ProtocolParams {
  const { epsilon, gamma, d, seed, S, kappa, delta } = request;
  return { epsilon, gamma, d, seed, S, kappa, delta };
}
