import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { brokenProtocolParagraph } from '../../src/cli/brokenProtocolParagraph.js';
import { ProtocolViolation } from '../../src/protocol/protocolViolation.js';
import { requestFor } from '../../src/protocol/requestFor.js';
import { SparseTarget } from '../../src/targets/sparseTarget.js';

const folder = mkdtempSync(join(tmpdir(), 'attnproof-broken-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const request = requestFor(
  SparseTarget.fromEntries(2, [
    [0, 0, 1],
    [1, 1, 1],
  ]),
  { epsilon: 0.5, gamma: 0.5, d: 4, seed: 3 },
  2,
);
const violation = new ProtocolViolation({
  kind: 'crash',
  construction: 'impl',
  request,
  problem: 'crashed (exit code 7)\nbefore answering.',
});

describe('brokenProtocolParagraph', () => {
  it('saves the request that broke the protocol and names the command that replays it, on one line', () => {
    const corpus = join(folder, 'corpus');
    const text = brokenProtocolParagraph('sweep', violation, {
      corpus,
      record: true,
      impl: 'node impl.mjs',
      seed: 9,
      fileTag: 'sweep-',
    });
    const path = join(corpus, 'requests', 'sweep-crash-seed9-id2.json');
    expect(text).toMatch(/^attnproof sweep: the implementation broke the protocol\. /);
    expect(text).toContain(
      `The request was saved to ${path}; replay it with: attnproof replay --request ${path} --impl "node impl.mjs"`,
    );
    expect(text).not.toContain('\n');
    expect(JSON.parse(readFileSync(path, 'utf8')).id).toBe(2);
  });

  it('saves nothing with --no-record, for a module, or for an error without a request; appends the alternative instead', () => {
    const corpus = join(folder, 'none');
    const noRecord = brokenProtocolParagraph(
      'validate',
      violation,
      { corpus, record: false, impl: 'x', seed: 1, fileTag: '' },
      ' Replay the run.',
    );
    expect(noRecord).toMatch(/ Replay the run\.$/);
    expect(noRecord).not.toContain('saved');
    expect(
      brokenProtocolParagraph('validate', violation, { corpus, record: true, impl: undefined, seed: 1, fileTag: '' }),
    ).not.toContain('saved');
    expect(
      brokenProtocolParagraph('validate', new Error('plain'), {
        corpus,
        record: true,
        impl: 'x',
        seed: 1,
        fileTag: '',
      }),
    ).toBe('attnproof validate: the implementation broke the protocol. plain');
  });

  it('says so when the request cannot be saved, instead of throwing', () => {
    const blocker = join(folder, 'a-file');
    writeFileSync(blocker, '');
    const text = brokenProtocolParagraph('sweep', violation, {
      corpus: blocker,
      record: true,
      impl: 'x',
      seed: 1,
      fileTag: '',
    });
    expect(text).toMatch(/\(The request could not be saved to .*crash-seed1-id2\.json: .*\.\)$/);
  });
});
