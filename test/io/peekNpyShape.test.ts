import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { peekNpyShape } from '../../src/io/peekNpyShape.js';
import { headerBytes, headerText, npyBytes } from './npyWriter.js';

const dir = mkdtempSync(join(tmpdir(), 'attnproof-peek-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('peekNpyShape: the declared shape from the header alone, or undefined', () => {
  it('reads [rows, cols] of a 2-D .npy file, whatever its data (none read), in every header version', () => {
    const data = new Float64Array(3 * 5).map((_, k) => k);
    expect(
      peekNpyShape(file('a.npy', npyBytes({ descr: '<f8', fortranOrder: false, shape: [3, 5], values: data }))),
    ).toEqual([3, 5]);
    expect(
      peekNpyShape(
        file('b.npy', npyBytes({ descr: '>f4', fortranOrder: true, shape: [5, 3], values: data }, { version: 2 })),
      ),
    ).toEqual([5, 3]);
  });

  it('gives undefined for a file shorter than its declared shape needs (plans are made on the shape: a huge one costs nothing)', () => {
    const full = npyBytes({ descr: '<f4', fortranOrder: false, shape: [3, 5], values: new Float64Array(15) });
    expect(peekNpyShape(file('full.npy', full))).toEqual([3, 5]);
    expect(peekNpyShape(file('short.npy', full.subarray(0, full.length - 1)))).toBeUndefined(); // one byte short
    const header = headerBytes(headerText({ descr: '<f8', fortranOrder: false, shape: [2 ** 40, 2 ** 20] }));
    expect(peekNpyShape(file('huge.npy', header))).toBeUndefined(); // the real read reports the truncation
  });

  it('gives undefined for what it cannot tell cheaply: missing, a directory, not .npy, not 2-D, a pipe', () => {
    expect(peekNpyShape(join(dir, 'missing.npy'))).toBeUndefined();
    expect(peekNpyShape(dir)).toBeUndefined();
    expect(peekNpyShape(file('text.npy', 'not numpy'))).toBeUndefined();
    const oneD = headerBytes(headerText({ descr: '<f8', fortranOrder: false, shape: [7] }));
    expect(peekNpyShape(file('d.npy', oneD))).toBeUndefined();
    expect(peekNpyShape('/dev/null')).toBeUndefined(); // a device, not a regular file: never read
  });
});
