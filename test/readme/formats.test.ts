import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, jsonOut, temporaryDirectory, writeJson } from '../cli/helpers.js';

// The examples of docs/formats.md are real: the certificate verifies (and fails (R2), as the text says),
// the record is the shipped file, the bound example has the keys bound --json prints.

const doc = readFileSync('docs/formats.md', 'utf8');
const blocks = [...doc.matchAll(/^```json\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
const tmp = temporaryDirectory('formats');
afterAll(() => tmp.remove());

describe('docs/formats.md examples', () => {
  it('the target and certificate examples: verify reads them and reports the (R2) failure the text states', async () => {
    const target = writeJson(tmp.path('t3.json'), JSON.parse(blocks[0]!));
    const certificate = writeJson(tmp.path('c3.json'), JSON.parse(blocks[1]!));
    const result = await cli('verify', '--target', target, '--certificate', certificate, '--epsilon', 0.5, '--json');
    expect(result.code, result.stderr).toBe(1);
    const verdict = jsonOut(result);
    expect(verdict.r1).toBe('holds');
    expect(verdict.r2).toBe('fails');
  });

  it('the record example is the shipped record, byte for byte', () => {
    const record = blocks.find((b) => b.includes('attnproof-counterexample/1'))!;
    expect(`${record}`).toBe(
      readFileSync('fixtures/counterexamples/theorem-at-dstar--negative-no-margin--seed42.json', 'utf8'),
    );
  });

  it('the bound example has exactly the keys, in order, that bound --json prints, and its values', async () => {
    const example = JSON.parse(blocks.find((b) => b.includes('attnproof-bound/1'))!) as Record<string, unknown>;
    const printed = jsonOut(
      await cli('bound', '--L', 4096, '--S', 1, '--epsilon', 0.9, '--delta', 0.1, '--d', 400, '--json'),
    );
    expect(Object.keys(example)).toEqual(Object.keys(printed));
    expect(example).toEqual(printed);
  });
});
