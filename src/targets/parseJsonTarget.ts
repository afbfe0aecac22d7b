import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import { parseJsonText } from '../io/parseJsonText.js';
import { MAX_TARGET_ENTRIES, SparseTarget } from './sparseTarget.js';
import { quoteValue } from '../errors/quoteValue.js';

/**
 * Reads a target from its JSON form `{"L": n, "entries": [[i, j, w], ...]}`
 * (0-based indices, every positive entry listed once) and validates it per
 * SPEC §1. `O(n log n)` for `n` entries.
 *
 * @example
 * parseJsonTarget('{"L": 2, "entries": [[0, 1, 2], [1, 0, 1]]}').nnz; // 2
 * @throws {InputTypeError} for malformed JSON or a missing / mistyped field.
 * @throws {InputRangeError} for any invalid target (names row, column and entry).
 */
export function parseJsonTarget(text: string, source?: string, S?: number): SparseTarget {
  const file = source !== undefined ? { file: source } : {};
  // Every entry opens one bracket, and the entries array one more: more brackets than that, and the
  // target is refused before JSON.parse builds millions of small arrays (see MAX_TARGET_ENTRIES).
  if (bracketsExceed(text, MAX_TARGET_ENTRIES + 1))
    throw new InputRangeError(
      `lists more than ${MAX_TARGET_ENTRIES} entries (counted from its "[" brackets before parsing), the most a target may have`,
      { ...file, field: 'entries' },
    );
  const json = parseJsonText(text, source);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InputTypeError('a target must be a JSON object {"L": n, "entries": [[row, column, value], ...]}', file);
  const obj = json as Record<string, unknown>;
  if (!('L' in obj)) throw new InputTypeError('is missing', { ...file, field: 'L' });
  if (!('entries' in obj)) throw new InputTypeError('is missing', { ...file, field: 'entries' });
  if (typeof obj.L !== 'number')
    throw new InputTypeError(`must be an integer, got ${quoteValue(obj.L)}`, { ...file, field: 'L' });
  if (!Array.isArray(obj.entries))
    throw new InputTypeError('must be an array of [row, column, value]', { ...file, field: 'entries' });
  if (obj.entries.length > obj.L * obj.L)
    throw new InputRangeError(`has ${obj.entries.length} entries, more than L² = ${obj.L * obj.L}`, {
      ...file,
      field: 'entries',
    });
  return SparseTarget.fromEntries(obj.L, obj.entries as unknown[][], {
    ...(source !== undefined ? { source } : {}),
    ...(S !== undefined ? { S } : {}),
  });
}

/** Whether `text` has more than `limit` opening brackets; stops counting at `limit + 1`. `O(text.length)`. */
function bracketsExceed(text: string, limit: number): boolean {
  let count = 0;
  for (let at = text.indexOf('['); at !== -1; at = text.indexOf('[', at + 1)) if (++count > limit) return true;
  return false;
}
