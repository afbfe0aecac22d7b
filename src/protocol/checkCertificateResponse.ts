import type { Certificate, Layout, Projection } from '../certificates/certificate.js';
import type { DenseMatrix } from '../matrix/denseMatrix.js';
import type { ProtocolViolationKind } from './protocolViolation.js';
import { clipText, describeThrown, quoteValue } from '../errors/quoteValue.js';

/** What the response must match: the request's `L`, `d` and (over the protocol) its `id`. */
export interface ResponseExpectation {
  readonly L: number;
  readonly d: number;
  /** Required id; omitted for a JS module, whose answers carry none. */
  readonly id?: number;
  /** Seed recorded in the certificate (the request's). */
  readonly seed?: number;
}

/** Kinds of defect a single response can have (the rest concern the process). */
export type ResponseDefectKind = Extract<
  ProtocolViolationKind,
  'malformed-json' | 'wrong-id' | 'wrong-shape' | 'non-finite' | 'error-response'
>;

/** Outcome of {@link checkCertificateResponse}. */
export type ResponseCheck =
  | { readonly ok: true; readonly certificate: Certificate }
  | { readonly ok: false; readonly kind: ResponseDefectKind; readonly problem: string };

/** Longest quotation of an implementation's own reason for declining: its words, but never a flood. */
const DECLINE_LIMIT = 300;

type Packed = { readonly matrix: DenseMatrix; readonly nonFinite?: string } | { readonly problem: string };

/**
 * Validates one answer of an implementation under test and turns it into a
 * {@link Certificate}; the single check shared by the stdio protocol (a parsed
 * response line) and JS modules (the value `construct` returned), so both are
 * held to the same contract (SPEC §5):
 *
 * 1. a JSON object (else `'malformed-json'`);
 * 2. when `expected.id` is given, `id` equal to it (else `'wrong-id'`);
 * 3. `{"error": text}` is the implementation declining (`'error-response'`);
 * 4. `X`, `WQ`, `WK` present, each a nested array of numbers (`number[][]`) or a
 *    `DenseMatrix`-like `{rows, cols, data}`, rectangular, with `X` of `L` rows,
 *    `WQ` and `WK` of `m = X.cols` rows and `d` columns, and `d` equal to the
 *    requested one if the answer states it (else `'wrong-shape'`);
 * 5. every entry finite (else `'non-finite'`; `null`, which `JSON.stringify`
 *    writes for NaN and ±Infinity, counts as non-finite). Shape defects are
 *    reported before non-finite entries.
 *
 * Optional `layout` and `projection` are kept when valid; other extra fields are
 * ignored. The matrices are copied. Complexity `O(L·m + m·d)`.
 *
 * @example
 * checkCertificateResponse({ id: 1, X: [[1, 0], [0, 1]], WQ: [[1], [0]], WK: [[0], [1]] }, { id: 1, L: 2, d: 1 }).ok; // true
 * checkCertificateResponse({ id: 2, error: 'S too large' }, { id: 2, L: 2, d: 1 });
 * // { ok: false, kind: 'error-response', problem: 'the implementation declined the request: "S too large"' }
 * @throws never: every defect is returned.
 */
export function checkCertificateResponse(response: unknown, expected: ResponseExpectation): ResponseCheck {
  // A parsed JSON line cannot throw when read, but a JS module can return anything: a getter or a Proxy
  // that throws, a BigInt, an object without prototype. Reading such an answer is the answer's defect.
  try {
    return checkResponse(response, expected);
  } catch (error) {
    return { ok: false, kind: 'wrong-shape', problem: `reading the answer threw ${describeThrown(error)}` };
  }
}

function checkResponse(response: unknown, expected: ResponseExpectation): ResponseCheck {
  const defect = (kind: ResponseDefectKind, problem: string): ResponseCheck => ({ ok: false, kind, problem });
  if (typeof response !== 'object' || response === null || Array.isArray(response))
    return defect(
      'malformed-json',
      `the response is ${describeJsonType(response)}, not a JSON object {"id", "X", "WQ", "WK"}`,
    );
  const obj = response as Record<string, unknown>;
  if (expected.id !== undefined) {
    if (!('id' in obj)) return defect('wrong-id', `the response has no "id" (expected ${expected.id})`);
    if (obj.id !== expected.id)
      return defect(
        'wrong-id',
        `the response has id ${quoteValue(obj.id)} but request ${expected.id} was the one outstanding; responses must come one per request, in order, with the request's id`,
      );
  }
  if (obj.error !== undefined) {
    const text = typeof obj.error === 'string' ? clipText(obj.error, DECLINE_LIMIT) : quoteValue(obj.error);
    return defect('error-response', `the implementation declined the request: ${JSON.stringify(text)}`);
  }
  const packed: DenseMatrix[] = [];
  let nonFinite: string | undefined;
  for (const field of ['X', 'WQ', 'WK'] as const) {
    if (!(field in obj) || obj[field] === undefined)
      return defect('wrong-shape', `the response has no "${field}" (nor an "error")`);
    const result = packMatrix(obj[field], field);
    if ('problem' in result) return defect('wrong-shape', result.problem);
    nonFinite ??= result.nonFinite;
    packed.push(result.matrix);
  }
  const [X, WQ, WK] = packed as [DenseMatrix, DenseMatrix, DenseMatrix];
  const { L, d } = expected;
  if (X.rows !== L) return defect('wrong-shape', `X has ${X.rows} rows but L = ${L}`);
  if (X.cols < 1) return defect('wrong-shape', 'X has no columns (m must be at least 1)');
  if (WQ.rows !== X.cols) return defect('wrong-shape', `WQ has ${WQ.rows} rows but X has m = ${X.cols} columns`);
  if (WK.rows !== X.cols) return defect('wrong-shape', `WK has ${WK.rows} rows but X has m = ${X.cols} columns`);
  if (WQ.cols !== d) return defect('wrong-shape', `WQ has ${WQ.cols} columns but the request asked for d = ${d}`);
  if (WK.cols !== d) return defect('wrong-shape', `WK has ${WK.cols} columns but the request asked for d = ${d}`);
  if (obj.d !== undefined && obj.d !== d)
    return defect('wrong-shape', `the response states d = ${quoteValue(obj.d)} but the request asked for d = ${d}`);
  if (nonFinite !== undefined) return defect('non-finite', nonFinite);
  const layout = obj.layout === 'projected' || obj.layout === 'fixed' ? (obj.layout as Layout) : undefined;
  const projection =
    obj.projection === 'gaussian' || obj.projection === 'rademacher' ? (obj.projection as Projection) : undefined;
  return {
    ok: true,
    certificate: {
      X,
      WQ,
      WK,
      d,
      ...(expected.seed !== undefined ? { seed: expected.seed } : {}),
      ...(layout !== undefined ? { layout } : {}),
      ...(projection !== undefined ? { projection } : {}),
    },
  };
}

/** Packs a nested array or a DenseMatrix-like value, noting the first non-finite entry. */
function packMatrix(value: unknown, field: string): Packed {
  if (Array.isArray(value)) return packNested(value, field);
  if (typeof value === 'object' && value !== null && 'rows' in value && 'cols' in value && 'data' in value)
    return packDense(value as Record<string, unknown>, field);
  return { problem: `${field} is ${describeJsonType(value)}, not an array of rows (number[][])` };
}

function packNested(value: unknown[], field: string): Packed {
  const rows = value.length;
  if (rows === 0) return { problem: `${field} has no rows` };
  const first = value[0];
  if (!Array.isArray(first))
    return { problem: `${field} row 0 is ${describeJsonType(first)}, not an array of numbers` };
  const cols = first.length;
  const data = new Float64Array(rows * cols);
  let nonFinite: string | undefined;
  for (let i = 0; i < rows; i++) {
    const row = value[i];
    if (!Array.isArray(row))
      return { problem: `${field} row ${i} is ${describeJsonType(row)}, not an array of numbers` };
    if (row.length !== cols)
      return { problem: `${field} row ${i} has ${row.length} entries but row 0 has ${cols} (ragged)` };
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      const v: unknown = row[j];
      if (typeof v === 'number') {
        if (nonFinite === undefined && !Number.isFinite(v)) nonFinite = nonFiniteProblem(field, i, j, v);
        data[offset + j] = v;
      } else if (v === null) {
        nonFinite ??= `${field} row ${i} column ${j} is null (JSON.stringify writes NaN and ±Infinity as null); entries must be finite numbers`;
      } else {
        return { problem: `${field} row ${i} column ${j} is ${describeJsonType(v)}, not a number` };
      }
    }
  }
  return nonFinite === undefined ? { matrix: { rows, cols, data } } : { matrix: { rows, cols, data }, nonFinite };
}

function packDense(value: Record<string, unknown>, field: string): Packed {
  const { rows, cols, data } = value;
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 1)
    return { problem: `${field}.rows is ${quoteValue(rows)}, not a positive integer` };
  if (typeof cols !== 'number' || !Number.isSafeInteger(cols) || cols < 0)
    return { problem: `${field}.cols is ${quoteValue(cols)}, not a non-negative integer` };
  if (!(data instanceof Float64Array) && !Array.isArray(data))
    return { problem: `${field}.data is ${describeJsonType(data)}, not a Float64Array or an array of numbers` };
  if (data.length !== rows * cols)
    return { problem: `${field}.data has ${data.length} numbers but ${field} is ${rows}×${cols}` };
  const copy = new Float64Array(rows * cols);
  let nonFinite: string | undefined;
  for (let p = 0; p < copy.length; p++) {
    const v: unknown = data[p];
    if (typeof v !== 'number')
      return {
        problem: `${field} row ${Math.floor(p / cols)} column ${p % cols} is ${describeJsonType(v)}, not a number`,
      };
    if (nonFinite === undefined && !Number.isFinite(v))
      nonFinite = nonFiniteProblem(field, Math.floor(p / cols), p % cols, v);
    copy[p] = v;
  }
  const matrix = { rows, cols, data: copy };
  return nonFinite === undefined ? { matrix } : { matrix, nonFinite };
}

function nonFiniteProblem(field: string, i: number, j: number, v: number): string {
  const why = Number.isNaN(v) ? 'NaN' : `${v} (a number too large for a double reads as ±Infinity)`;
  return `${field} row ${i} column ${j} is ${why}; entries must be finite`;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${quoteValue(value)}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'missing';
  return `${typeof value} ${quoteValue(value)}`;
}
