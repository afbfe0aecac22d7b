import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doubleToHex, hexToDouble } from '../../src/harness/floatBits.js';
import {
  RECORD_FORMAT,
  listRecords,
  readRecord,
  recordTarget,
  recordedTargetOf,
  writeRecord,
  type CounterexampleRecord,
} from '../../src/harness/counterexampleRecord.js';
import { recordPath } from '../../src/harness/recordPath.js';
import { compactJson } from '../../src/io/jsonText.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';

describe('exact float bits', () => {
  it.each([1, -0, 0.1, 1e-300, 5e-324, 1.7976931348623157e308, Math.PI])('round-trips %d', (x) => {
    expect(Object.is(hexToDouble(doubleToHex(x)), x)).toBe(true);
  });
  it('writes 1 as the familiar pattern and refuses malformed hex', () => {
    expect(doubleToHex(1)).toBe('3ff0000000000000');
    expect(() => hexToDouble('3ff0')).toThrow(RangeError);
  });
});

describe('counterexample records', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attnproof-records-'));
  const target = SparseTarget.fromEntries(3, [
    [0, 1, 0.1 + 0.2],
    [1, 0, 1e-300],
    [2, 2, 7],
  ]);
  const record: CounterexampleRecord = {
    format: RECORD_FORMAT,
    versions: { attnproof: '0', fastCheck: '4', node: 'v20' },
    property: 'theorem-at-dstar',
    lemma: 'Theorem',
    construction: 'negative:no-margin',
    run: { seed: 42, path: '0:1', runs: 60 },
    parameters: { config: 'x' },
    target: recordTarget(target),
    failure: 'it failed',
    replay: 'attnproof replay x.json',
  };

  it('stores the target with exact bits and rebuilds the very same doubles', () => {
    const rebuilt = recordedTargetOf(record.target!);
    expect(Array.from(rebuilt.values)).toEqual(Array.from(target.values));
    expect(record.target!.valueBits[0]).toBe(doubleToHex(0.30000000000000004));
  });

  it('the bits win over the decimal form', () => {
    const tampered = { ...record.target!, entries: record.target!.entries.map(([i, j]) => [i, j, 123] as const) };
    expect(recordedTargetOf(tampered).values[0]).toBe(0.1 + 0.2);
  });

  it('writes, lists and reads records; the file name is deterministic', () => {
    const path = recordPath(dir, record);
    expect(path).toBe(join(dir, 'theorem-at-dstar--negative-no-margin--seed42.json'));
    writeRecord(path, record);
    expect(listRecords(dir)).toEqual([path]);
    expect(readRecord(path)).toEqual(JSON.parse(JSON.stringify(record)));
    // Compact: an entry stays on one line.
    expect(readFileSync(path, 'utf8')).toContain('[0, 1, 0.30000000000000004]');
  });

  it('says what a write replaced: nothing, the same failure (versions aside), or a different record', () => {
    const path = join(dir, 'replace', 'r.json');
    expect(writeRecord(path, record)).toBe('new');
    expect(
      writeRecord(path, {
        ...record,
        versions: { ...record.versions, node: 'v99' },
        replay: 'attnproof replay elsewhere.json',
      }),
    ).toBe('same');
    expect(writeRecord(path, { ...record, failure: 'it failed differently' })).toBe('replaced');
    expect(readRecord(path).failure).toBe('it failed differently');
    expect(
      writeRecord(path, { ...record, failure: 'it failed differently', run: { ...record.run, path: '0:2' } }),
    ).toBe('replaced');
  });

  it('reports a malformed record as bad input naming the field', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...record, format: 'other' }));
    expect(() => readRecord(bad)).toThrow(InputRangeError);
    expect(() => readRecord(bad)).toThrow(/format/);
    writeFileSync(bad, JSON.stringify({ ...record, run: { seed: 'x' } }));
    expect(() => readRecord(bad)).toThrow(InputTypeError);
    writeFileSync(bad, JSON.stringify({ ...record, target: { ...record.target, valueBits: ['zz'] } }));
    expect(() => recordedTargetOf(readRecord(bad).target!)).toThrow(/valueBits/);
  });

  it('an empty or missing corpus lists nothing', () => {
    expect(listRecords(join(dir, 'nope'))).toEqual([]);
  });
});

describe('compactJson', () => {
  it('keeps innermost arrays on one line and the values unchanged', () => {
    const value = {
      a: [
        [0, 1, 2.5],
        [3, 4, 5],
      ],
      s: ['x, y', 'z'],
      n: { m: [1] },
      inf: Infinity,
    };
    const text = compactJson(value);
    expect(text).toContain('[0, 1, 2.5]');
    expect(JSON.parse(text)).toEqual({ ...value, inf: 'Infinity' });
  });
});
