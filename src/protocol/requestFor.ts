import type { ConstructionParams } from '../construction/constructionParams.js';
import { validateConstructionParams } from '../construction/constructionParams.js';
import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import { SparseTarget, type TargetEntry } from '../targets/sparseTarget.js';

/**
 * {@link ConstructionParams} plus the bounds a protocol request carries besides the
 * target (SPEC §5): the sparsity bound `S`, the dynamic-range bound `kappa` and the
 * failure probability `delta` the caller has in mind. All three are informational
 * for the implementation (it receives `d` explicitly); when absent they are taken
 * from the target (`S = target.sparsity`, `kappa = target.kappa`) or defaulted
 * (`delta =` {@link DEFAULT_PROTOCOL_DELTA}).
 */
export type ProtocolParams = ConstructionParams & {
  readonly S?: number;
  readonly kappa?: number;
  readonly delta?: number;
};

/** One request line of the stdio protocol, field for field as in SPEC §5. */
export interface ProtocolRequest {
  /** Request number; the response must carry the same one. */
  readonly id: number;
  readonly L: number;
  readonly S: number;
  readonly epsilon: number;
  readonly gamma: number;
  readonly kappa: number;
  readonly delta: number;
  readonly d: number;
  readonly seed: number;
  /** Every positive entry `[row, column, value]`, 0-based, row-major. */
  readonly entries: readonly TargetEntry[];
}

/** `delta` sent when the parameters carry none (the value used by `attnproof demo`). */
export const DEFAULT_PROTOCOL_DELTA = 0.1;

/**
 * The SPEC §5 request for `target` under `params`, numbered `id`.
 *
 * `S` defaults to the target's own sparsity and must be at least it; `kappa`
 * defaults to the target's dynamic range, capped at the largest double when the
 * ratio inside a row overflows (JSON has no Infinity; the entries themselves are
 * exact, so an implementation working with logarithms loses nothing). `layout`,
 * `projection` and `random` are not part of the protocol: the implementation
 * chooses its own layout and draws its own projection from `seed`.
 * Complexity `O(nnz)`.
 *
 * @example
 * const W = SparseTarget.fromEntries(2, [[0, 1, 2], [1, 0, 1]]);
 * requestFor(W, { epsilon: 0.5, gamma: 0.5, d: 8, seed: 3 }, 1);
 * // { id: 1, L: 2, S: 1, epsilon: 0.5, gamma: 0.5, kappa: 1, delta: 0.1, d: 8, seed: 3, entries: [[0, 1, 2], [1, 0, 1]] }
 * @throws {InputTypeError} when `target` is not a SparseTarget, `id` is not a non-negative safe
 *   integer, a parameter is mistyped, or `seed` is missing (a `random` source cannot be sent).
 * @throws {InputRangeError} for an out-of-range parameter, `S` below the target's sparsity,
 *   `kappa` not finite or below 1, or `delta` outside `(0, 1)`; `location.field` names it.
 */
export function requestFor(target: SparseTarget, params: ProtocolParams, id: number): ProtocolRequest {
  if (!(target instanceof SparseTarget)) throw new InputTypeError('must be a SparseTarget', { field: 'target' });
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0)
    throw new InputTypeError(`must be a non-negative safe integer, got ${String(id)}`, { field: 'id' });
  if (typeof params === 'object' && params !== null && params.seed === undefined)
    throw new InputTypeError(
      'is required: an implementation over the protocol draws its own projection from the seed',
      { field: 'seed' },
    );
  const valid = validateConstructionParams(params);
  const S = params.S ?? target.sparsity;
  if (typeof S !== 'number' || !Number.isSafeInteger(S))
    throw new InputTypeError(`must be an integer, got ${String(S)}`, { field: 'S' });
  if (S < target.sparsity)
    throw new InputRangeError(`S = ${S} but the target has a row or column with ${target.sparsity} positive entries`, {
      field: 'S',
    });
  const kappa = params.kappa ?? Math.min(target.kappa, Number.MAX_VALUE);
  if (typeof kappa !== 'number') throw new InputTypeError(`must be a number, got ${String(kappa)}`, { field: 'kappa' });
  if (!Number.isFinite(kappa) || kappa < 1)
    throw new InputRangeError(`must be finite and at least 1, got ${kappa}`, { field: 'kappa' });
  const delta = params.delta ?? DEFAULT_PROTOCOL_DELTA;
  if (typeof delta !== 'number') throw new InputTypeError(`must be a number, got ${String(delta)}`, { field: 'delta' });
  if (!(delta > 0 && delta < 1)) throw new InputRangeError(`must be in (0, 1), got ${delta}`, { field: 'delta' });
  return {
    id,
    L: target.L,
    S,
    epsilon: valid.epsilon,
    gamma: valid.gamma,
    kappa,
    delta,
    d: valid.d,
    seed: valid.seed as number,
    entries: target.entries(),
  };
}
