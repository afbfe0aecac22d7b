import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import { fromNestedArrays, toNestedArrays, type DenseMatrix } from '../matrix/denseMatrix.js';
import { quoteValue } from '../errors/quoteValue.js';

/** How the construction splits inputs and parameters (SPEC §3, step 4). */
export type Layout = 'projected' | 'fixed';
/** Distribution of the projection matrix `G` (SPEC §3, step 3). */
export type Projection = 'gaussian' | 'rademacher';

/**
 * What a construction hands to a verifier: inputs `X` (`L×m`) and fixed
 * parameters `WQ`, `WK` (`m×d`) of one attention head, so that
 * `A = softmax_rows((X WQ)(X WK)^T / sqrt(d))`.
 */
export interface Certificate {
  readonly X: DenseMatrix;
  readonly WQ: DenseMatrix;
  readonly WK: DenseMatrix;
  /** Query dimension `d` (the column count of `WQ` and `WK`). */
  readonly d: number;
  /** Seed of the projection draw, when a seeded construction produced it. */
  readonly seed?: number;
  readonly layout?: Layout;
  readonly projection?: Projection;
}

/** The JSON form of a certificate (`cert.json`). */
export interface CertificateJson {
  X: number[][];
  WQ: number[][];
  WK: number[][];
  d: number;
  seed?: number;
  layout?: Layout;
  projection?: Projection;
}

/**
 * Checks that `X`, `WQ`, `WK` fit together: `X` is `L×m`, `WQ` and `WK` are
 * `m×d`, and `d` matches. `O(1)`.
 *
 * @throws {InputRangeError} naming the matrix whose shape is wrong.
 */
export function checkCertificateShapes(cert: Certificate, L?: number, source?: string): void {
  const file = source !== undefined ? { file: source } : {};
  const { X, WQ, WK, d } = cert;
  if (L !== undefined && X.rows !== L)
    throw new InputRangeError(`X has ${X.rows} rows but the target has L = ${L}`, { ...file, field: 'X' });
  if (WQ.rows !== X.cols)
    throw new InputRangeError(`WQ has ${WQ.rows} rows but X has m = ${X.cols} columns`, { ...file, field: 'WQ' });
  if (WK.rows !== X.cols)
    throw new InputRangeError(`WK has ${WK.rows} rows but X has m = ${X.cols} columns`, { ...file, field: 'WK' });
  if (WQ.cols !== WK.cols)
    throw new InputRangeError(`WQ has ${WQ.cols} columns but WK has ${WK.cols}; both must be m×d`, {
      ...file,
      field: 'WK',
    });
  if (WQ.cols !== d) throw new InputRangeError(`d = ${d} but WQ has ${WQ.cols} columns`, { ...file, field: 'd' });
  if (d < 1) throw new InputRangeError('d must be at least 1', { ...file, field: 'd' });
}

/**
 * Parses and validates the JSON form of a certificate (already `JSON.parse`d).
 * `d` may be omitted, in which case it is `WQ`'s column count.
 * `O(L·m + m·d)`.
 *
 * @throws {InputTypeError} for a missing or mistyped field.
 * @throws {InputRangeError} for non-finite entries, ragged rows or mismatched shapes; the message names field, row and column.
 */
export function parseCertificate(json: unknown, source?: string): Certificate {
  const file = source !== undefined ? { file: source } : {};
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InputTypeError('a certificate must be a JSON object with fields X, WQ, WK', file);
  const obj = json as Record<string, unknown>;
  for (const field of ['X', 'WQ', 'WK'] as const)
    if (!(field in obj)) throw new InputTypeError('is missing', { ...file, field });
  const X = fromNestedArrays(obj.X, { ...file, field: 'X' });
  const WQ = fromNestedArrays(obj.WQ, { ...file, field: 'WQ' });
  const WK = fromNestedArrays(obj.WK, { ...file, field: 'WK' });
  const d = obj.d === undefined ? WQ.cols : obj.d;
  if (typeof d !== 'number' || !Number.isInteger(d))
    throw new InputTypeError(`must be an integer, got ${quoteValue(d)}`, { ...file, field: 'd' });
  const seed = obj.seed;
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed)))
    throw new InputTypeError(`must be an integer, got ${quoteValue(seed)}`, { ...file, field: 'seed' });
  const layout = obj.layout;
  if (layout !== undefined && layout !== 'projected' && layout !== 'fixed')
    throw new InputRangeError(`must be "projected" or "fixed", got ${quoteValue(layout)}`, {
      ...file,
      field: 'layout',
    });
  const projection = obj.projection;
  if (projection !== undefined && projection !== 'gaussian' && projection !== 'rademacher')
    throw new InputRangeError(`must be "gaussian" or "rademacher", got ${quoteValue(projection)}`, {
      ...file,
      field: 'projection',
    });
  const cert: Certificate = {
    X,
    WQ,
    WK,
    d,
    ...(seed !== undefined ? { seed: seed as number } : {}),
    ...(layout !== undefined ? { layout: layout as Layout } : {}),
    ...(projection !== undefined ? { projection: projection as Projection } : {}),
  };
  checkCertificateShapes(cert, undefined, source);
  return cert;
}

/** The JSON form of `cert`; numbers are written with round-trip precision (JavaScript's shortest exact form). */
export function certificateToJson(cert: Certificate): CertificateJson {
  return {
    X: toNestedArrays(cert.X),
    WQ: toNestedArrays(cert.WQ),
    WK: toNestedArrays(cert.WK),
    d: cert.d,
    ...(cert.seed !== undefined ? { seed: cert.seed } : {}),
    ...(cert.layout !== undefined ? { layout: cert.layout } : {}),
    ...(cert.projection !== undefined ? { projection: cert.projection } : {}),
  };
}

/**
 * The JSON text of `cert` (the same bytes as `JSON.stringify(certificateToJson(cert))`)
 * as a sequence of chunks, one matrix row at a time, so that a certificate larger
 * than one JavaScript string can hold is still written whole (see
 * `writeFileAtomic`). `O(L·m + m·d)` in total, `O(m + d)` per chunk.
 *
 * @example
 * [...certificateJsonChunks(cert)].join('') === JSON.stringify(certificateToJson(cert)); // true
 * @throws never.
 */
export function* certificateJsonChunks(cert: Certificate): Generator<string, void, undefined> {
  const fields = [
    ['X', cert.X],
    ['WQ', cert.WQ],
    ['WK', cert.WK],
  ] as const;
  for (let f = 0; f < fields.length; f++) {
    const [name, M] = fields[f]!;
    yield `${f === 0 ? '{' : ','}"${name}":[`;
    for (let i = 0; i < M.rows; i++)
      yield `${i === 0 ? '' : ','}${JSON.stringify(Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols)))}`;
    yield ']';
  }
  const { X: _X, WQ: _WQ, WK: _WK, ...rest } = certificateToJson({ ...cert, X: EMPTY, WQ: EMPTY, WK: EMPTY });
  const tail = JSON.stringify(rest);
  yield tail === '{}' ? '}' : `,${tail.slice(1)}`;
}

const EMPTY = { rows: 0, cols: 0, data: new Float64Array(0) };
