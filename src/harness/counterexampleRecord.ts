import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import { compactJson } from '../io/jsonText.js';
import { parseJsonText } from '../io/parseJsonText.js';
import { readInputFile } from '../io/readInputFile.js';
import { writeFileAtomic } from '../io/writeFileAtomic.js';
import { SparseTarget } from '../targets/sparseTarget.js';
import { doubleToHex, hexToDouble } from './floatBits.js';
import { quoteValue } from '../errors/quoteValue.js';
import { ensureDirectory } from '../io/ensureDirectory.js';

/** Format tag of a counterexample record file. */
export const RECORD_FORMAT = 'attnproof-counterexample/1';

/** A target as stored in a record: entries with decimal values plus their exact IEEE-754 bits. */
export interface RecordedTarget {
  readonly L: number;
  /** `[row, column, value]`, 0-based; the decimal value is for people. */
  readonly entries: ReadonlyArray<readonly [number, number, number]>;
  /** The exact bits of each entry's value (16 hex digits, big-endian); these win on replay. */
  readonly valueBits: readonly string[];
}

/**
 * One failure of one property, with everything needed to replay it bit for
 * bit: the property, the construction under test, fast-check's seed and path
 * (for fast-check properties), the trial seed of the projection, the
 * parameters, and the shrunk case (its target with exact float bits).
 */
export interface CounterexampleRecord {
  readonly format: typeof RECORD_FORMAT;
  readonly versions: { readonly attnproof: string; readonly fastCheck: string; readonly node: string };
  /** Name of the property that failed (see `attnproof check`). */
  readonly property: string;
  /** The lemma of SPEC §4 the property checks. */
  readonly lemma: string;
  /** Name of the construction under test (`paper`, `negative:no-margin`, …). */
  readonly construction: string;
  /** Run seed, fast-check path and budget of the run that found it. */
  readonly run: { readonly seed: number; readonly path?: string; readonly runs: number };
  /** The property's parameters (epsilon, gamma, d, …) and, for fast-check properties, the shrunk case. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The shrunk target, when the case has one. */
  readonly target?: RecordedTarget;
  /** What went wrong, in one paragraph. */
  readonly failure: string;
  /** The one command that replays it. */
  readonly replay: string;
}

/** A target in record form (exact bits). `O(nnz)`. */
export function recordTarget(target: SparseTarget): RecordedTarget {
  const entries = target.entries();
  return { L: target.L, entries, valueBits: entries.map(([, , v]) => doubleToHex(v)) };
}

/**
 * The target of a record, rebuilt from the exact bits and validated.
 *
 * @throws {InputTypeError | InputRangeError} when the stored target is malformed.
 */
export function recordedTargetOf(recorded: RecordedTarget, source?: string): SparseTarget {
  const file = source !== undefined ? { file: source } : {};
  if (
    !Array.isArray(recorded.entries) ||
    !Array.isArray(recorded.valueBits) ||
    recorded.valueBits.length !== recorded.entries.length
  )
    throw new InputTypeError('target.entries and target.valueBits must be arrays of equal length', {
      ...file,
      field: 'target',
    });
  const entries = recorded.entries.map((e, k) => {
    const bits = recorded.valueBits[k];
    if (typeof bits !== 'string' || !/^[0-9a-f]{16}$/i.test(bits))
      throw new InputTypeError(`must be 16 hexadecimal digits, got ${quoteValue(bits)}`, {
        ...file,
        field: `target.valueBits[${k}]`,
      });
    return [e[0], e[1], hexToDouble(bits)] as const;
  });
  return SparseTarget.fromEntries(recorded.L, entries, {
    ...(source !== undefined ? { source } : {}),
    field: 'target.entries',
  });
}

/**
 * Reads and validates a record file.
 *
 * @throws {InputTypeError | InputRangeError} naming the file and field at fault.
 */
export function readRecord(path: string): CounterexampleRecord {
  const json = parseJsonText(readInputFile(path), path);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new InputTypeError('a counterexample record must be a JSON object', { file: path });
  const obj = json as Record<string, unknown>;
  if (obj.format !== RECORD_FORMAT)
    throw new InputRangeError(`format must be "${RECORD_FORMAT}", got ${quoteValue(obj.format)}`, {
      file: path,
      field: 'format',
    });
  for (const field of ['property', 'construction', 'failure'] as const)
    if (typeof obj[field] !== 'string') throw new InputTypeError('must be a string', { file: path, field });
  const run = obj.run as Record<string, unknown> | undefined;
  if (typeof run !== 'object' || run === null || !Number.isSafeInteger(run.seed) || !Number.isSafeInteger(run.runs))
    throw new InputTypeError('must be {"seed": integer, "runs": integer, "path"?: string}', {
      file: path,
      field: 'run',
    });
  if (typeof obj.parameters !== 'object' || obj.parameters === null)
    throw new InputTypeError('must be an object', { file: path, field: 'parameters' });
  return json as CounterexampleRecord;
}

/**
 * Writes `record` atomically as pretty JSON, creating its directory if need be, and says what was at
 * `path` before: nothing (`'new'`), the same failure (`'same'`: same property, construction, run,
 * parameters, target and failure text; versions may differ), or a different record (`'replaced'`),
 * which the caller reports, so that a record is never replaced silently. `O(size)`.
 *
 * @example
 * writeRecord('fixtures/counterexamples/x.json', record); // 'new'
 * @throws {InputRangeError} naming the file or folder when it cannot be written.
 */
export function writeRecord(path: string, record: CounterexampleRecord): 'new' | 'same' | 'replaced' {
  ensureDirectory(dirname(path));
  const text = `${compactJson(record)}\n`;
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  writeFileAtomic(path, text);
  if (before === undefined) return 'new';
  return sameFailure(before, record) ? 'same' : 'replaced';
}

/** Whether the record text `before` states the same failure as `record` (all but versions and replay). */
function sameFailure(before: string, record: CounterexampleRecord): boolean {
  try {
    const old = JSON.parse(before) as Record<string, unknown>;
    const key = (r: Record<string, unknown>): string =>
      JSON.stringify([r.property, r.construction, r.run, r.parameters, r.target, r.failure]);
    return key(old) === key(JSON.parse(compactJson(record)) as Record<string, unknown>);
  } catch {
    return false;
  }
}

/** The record files (`*.json`) of a corpus directory, sorted by name; empty when it does not exist. */
export function listRecords(directory: string): string[] {
  try {
    return readdirSync(directory)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(directory, f));
  } catch {
    return [];
  }
}
