import { InputRangeError } from '../errors/inputError.js';
import type { Precision } from '../precision/precision.js';

/**
 * The (epsilon, gamma) pair from the command line: `gamma` defaults to
 * `epsilon` when `epsilon < 1` (SPEC §2) and is required otherwise, since
 * `gamma` must stay below 1. `O(1)`.
 *
 * @throws {InputRangeError} naming `--gamma` when it is missing for `epsilon >= 1` or outside (0, 1).
 */
export function resolvePrecision(options: { epsilon: number; gamma?: number }): Precision {
  const { epsilon } = options;
  if (options.gamma === undefined) {
    if (epsilon >= 1)
      throw new InputRangeError(
        `is required when --epsilon >= 1 (got --epsilon ${epsilon}); gamma must lie in (0, 1)`,
        { field: '--gamma' },
      );
    return { epsilon, gamma: epsilon };
  }
  if (!(options.gamma > 0 && options.gamma < 1))
    throw new InputRangeError(`must lie strictly between 0 and 1, got ${options.gamma}`, { field: '--gamma' });
  return { epsilon, gamma: options.gamma };
}
