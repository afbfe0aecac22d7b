import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/io/writeFileAtomic.js';
import { MAX_TEXT_BYTES, readInputFile } from '../../src/io/readInputFile.js';
import { loadTarget } from '../../src/io/loadTarget.js';
import { InputRangeError } from '../../src/errors/inputError.js';

describe('file input and output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attnproof-io-'));

  it('writes atomically, replacing the old file and leaving no temporary behind', () => {
    const path = join(dir, 'out.json');
    writeFileAtomic(path, 'old');
    writeFileAtomic(path, 'new contents');
    expect(readFileSync(path, 'utf8')).toBe('new contents');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes an iterable of chunks as one file, and abandons the write when the iterable throws', () => {
    const path = join(dir, 'chunks.json');
    writeFileAtomic(path, ['{"a":', '[1,2]', '}']);
    expect(readFileSync(path, 'utf8')).toBe('{"a":[1,2]}');
    function* failing(): Generator<string> {
      yield 'half of a new file';
      throw new RangeError('too long');
    }
    expect(() => writeFileAtomic(path, failing())).toThrow(/^too long$/);
    expect(readFileSync(path, 'utf8')).toBe('{"a":[1,2]}'); // the old file, whole
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves the old file intact when the write fails', () => {
    const path = join(dir, 'missing-dir', 'x.json');
    expect(() => writeFileAtomic(path, 'data')).toThrow();
  });

  it('reports missing files, directories and oversize files as bad input', () => {
    expect(() => readInputFile(join(dir, 'nope.json'))).toThrow(/nope\.json: cannot read the file \(no such file\)/);
    expect(() => readInputFile(dir)).toThrow(/is a directory/);
    const big = join(dir, 'big.json');
    writeFileSync(big, 'x'.repeat(100));
    expect(() => readInputFile(big, 10)).toThrow(/file is 100 bytes, over the limit of 10 bytes/);
  });

  it('refuses a text file longer than the longest string V8 can hold, from its size alone', () => {
    // A sparse file (no disk blocks): one byte over 2^29 − 24 is refused before any byte is read, where
    // decoding it would have failed half-way with ERR_STRING_TOO_LONG.
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, MAX_TEXT_BYTES + 1);
    expect(() => readInputFile(huge)).toThrow(
      new RegExp(`huge\\.json: file is ${MAX_TEXT_BYTES + 1} bytes, over the limit of ${2 ** 29 - 24} bytes$`),
    );
    expect(() => loadTarget(huge)).toThrow(/over the limit of 536870888 bytes/);
  });

  it('reads an endless text source only up to the limit, then refuses it (no hang)', () => {
    expect(() => readInputFile('/dev/zero', 1000)).toThrow(/^\/dev\/zero: file is over the limit of 1000 bytes$/);
  });

  it('chooses the reader by extension', () => {
    const json = join(dir, 'w.json');
    writeFileSync(json, '{"L": 2, "entries": [[0, 1, 1], [1, 0, 1]]}');
    expect(loadTarget(json).nnz).toBe(2);
    const mtx = join(dir, 'w.mtx');
    writeFileSync(mtx, '%%MatrixMarket matrix coordinate real general\n2 2 2\n1 2 1\n2 1 1\n');
    expect(loadTarget(mtx).nnz).toBe(2);
    expect(() => loadTarget(join(dir, 'w.csv'))).toThrow(InputRangeError);
  });
});
