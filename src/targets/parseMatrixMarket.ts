import { InputRangeError, InputTypeError, type InputLocation } from '../errors/inputError.js';
import { MAX_SEQUENCE_LENGTH, MAX_TARGET_ENTRIES, SparseTarget } from './sparseTarget.js';
import { clipText } from '../errors/quoteValue.js';

const HEADER = /^%%MatrixMarket\s+matrix\s+coordinate\s+(real|integer|pattern)\s+(general|symmetric)\s*$/i;
// A decimal number as Matrix Market writers produce it, plus the spellings of NaN and infinities
// (recognised so that they are rejected as values with a precise message rather than as syntax).
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = {
  nan: NaN,
  '+nan': NaN,
  '-nan': NaN,
  inf: Infinity,
  '+inf': Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-inf': -Infinity,
  '-infinity': -Infinity,
};

function parseValue(token: string): number | undefined {
  if (NUMBER.test(token)) return Number(token);
  // Own keys only: a token such as "constructor" must not find Object.prototype's members.
  const key = token.toLowerCase();
  return Object.hasOwn(SPECIAL, key) ? SPECIAL[key] : undefined;
}

/**
 * Reads a target from Matrix Market text: `coordinate` format, field `real`
 * (also `integer`, or `pattern` meaning every listed entry is 1), symmetry
 * `general` (also `symmetric`, whose lower triangle is mirrored), 1-based
 * indices. Lines starting with `%` are comments. Validates per SPEC §1;
 * error messages give the line number and the 1-based row and column of the
 * file. `O(n log n)` for `n` entries.
 *
 * @example
 * parseMatrixMarket('%%MatrixMarket matrix coordinate real general\n2 2 2\n1 2 0.5\n2 1 3\n').nnz; // 2
 * @throws {InputTypeError} for a missing or wrong header, a malformed size or entry line.
 * @throws {InputRangeError} for a non-square matrix, a declared size over the supported maximum,
 *   a wrong entry count, and every invalid target (naming line, row and column).
 */
export function parseMatrixMarket(text: string, source?: string, S?: number): SparseTarget {
  const file: InputLocation = source !== undefined ? { file: source } : {};
  // \r\n, \n and a lone \r (old Mac files) all end a line, so no \r is ever quoted in a message.
  const lines = text.split(/\r\n|\r|\n/);
  const header = lines[0] ?? '';
  const match = HEADER.exec(header.trim());
  if (match === null)
    throw new InputTypeError('expected the header "%%MatrixMarket matrix coordinate real general"', {
      ...file,
      line: 1,
    });
  const field = match[1]!.toLowerCase();
  const symmetric = match[2]!.toLowerCase() === 'symmetric';

  let k = 1;
  while (k < lines.length && (lines[k]!.startsWith('%') || lines[k]!.trim() === '')) k++;
  if (k >= lines.length) {
    const last = lines.length - (lines[lines.length - 1] === '' ? 1 : 0); // a final newline opens no line
    throw new InputTypeError(
      `missing the size line "rows columns entries": the file ends after line ${last} with only the header, comments and blank lines`,
      file,
    );
  }
  const sizeTokens = lines[k]!.trim().split(/\s+/);
  const size = sizeTokens.map(Number);
  if (sizeTokens.length !== 3 || size.some((v) => !Number.isInteger(v) || v < 0))
    throw new InputTypeError(
      `size line must be three non-negative integers "rows columns entries", got "${clipText(lines[k]!.trim())}"`,
      { ...file, line: k + 1 },
    );
  const [rows, cols, declared] = size as [number, number, number];
  if (rows !== cols)
    throw new InputRangeError(`matrix is ${rows}×${cols}; a target must be square (L×L)`, { ...file, line: k + 1 });
  if (rows > MAX_SEQUENCE_LENGTH)
    throw new InputRangeError(`declared size L = ${rows} exceeds the supported maximum ${MAX_SEQUENCE_LENGTH}`, {
      ...file,
      line: k + 1,
    });
  if (declared > rows * rows)
    throw new InputRangeError(`declares ${declared} entries, more than L² = ${rows * rows}`, { ...file, line: k + 1 });
  // A symmetric file stores each off-diagonal entry once and means two.
  if ((symmetric ? 2 : 1) * declared > MAX_TARGET_ENTRIES)
    throw new InputRangeError(
      `declares ${declared}${symmetric ? ' symmetric' : ''} entries, more than the ${MAX_TARGET_ENTRIES} a target may have${symmetric ? ' (each off-diagonal one counts twice)' : ''}`,
      { ...file, line: k + 1 },
    );

  const entries: [number, number, number][] = [];
  const lineOf: number[] = [];
  let listed = 0;
  const valueTokens = field === 'pattern' ? 2 : 3;
  for (k++; k < lines.length; k++) {
    const raw = lines[k]!.trim();
    if (raw === '' || raw.startsWith('%')) continue;
    const line = k + 1;
    const tokens = raw.split(/\s+/);
    if (tokens.length !== valueTokens)
      throw new InputTypeError(
        `expected ${valueTokens === 3 ? '"row column value"' : '"row column"'}, got "${clipText(raw)}"`,
        { ...file, line },
      );
    const r = Number(tokens[0]);
    const c = Number(tokens[1]);
    if (!Number.isInteger(r) || !Number.isInteger(c))
      throw new InputTypeError(`row and column must be integers, got "${clipText(`${tokens[0]} ${tokens[1]}`)}"`, {
        ...file,
        line,
      });
    const v = valueTokens === 3 ? parseValue(tokens[2]!) : 1;
    if (v === undefined)
      throw new InputTypeError(`value must be a number, got "${clipText(tokens[2]!)}"`, {
        ...file,
        line,
        row: r,
        column: c,
      });
    if (listed >= declared)
      throw new InputRangeError(`more entries than the ${declared} declared on the size line`, { ...file, line });
    listed++;
    entries.push([r, c, v]);
    lineOf.push(line);
    if (symmetric && r !== c) {
      entries.push([c, r, v]);
      lineOf.push(line);
    }
  }
  if (listed !== declared)
    throw new InputRangeError(`the size line declares ${declared} entries but the file lists ${listed}`, file);
  return SparseTarget.fromEntries(rows, entries, {
    ...(source !== undefined ? { source } : {}),
    ...(S !== undefined ? { S } : {}),
    indexBase: 1,
    describeEntry: (e) => ({ line: lineOf[e]! }),
  });
}
