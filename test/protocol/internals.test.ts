import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/protocol/_internals/lineSplitter.js';
import { findNonFiniteLiteral } from '../../src/protocol/_internals/nonFiniteLiteral.js';
import { excerpt, ProtocolViolation } from '../../src/protocol/protocolViolation.js';

describe('LineSplitter', () => {
  it('returns complete lines across and within chunks, keeping the unfinished rest', () => {
    const s = new LineSplitter(1000);
    expect(s.push(Buffer.from('ab')).lines).toEqual([]);
    expect(s.pendingBytes).toBe(2);
    expect(s.push(Buffer.from('c\nde\nf')).lines.map(String)).toEqual(['abc', 'de']);
    expect(s.pendingText(10)).toBe('f');
    expect(s.push(Buffer.from('\n\n')).lines.map(String)).toEqual(['f', '']);
    expect(s.pendingBytes).toBe(0);
  });

  it('never splits a UTF-8 character cut between chunks', () => {
    const bytes = Buffer.from('{"error":"κ too big"}\n');
    const cut = bytes.indexOf(0xba); // second byte of κ
    const s = new LineSplitter(1000);
    const lines = [...s.push(bytes.subarray(0, cut)).lines, ...s.push(bytes.subarray(cut)).lines];
    expect(lines.map(String)).toEqual(['{"error":"κ too big"}']);
  });

  it('reports a line over the limit, whether it is finished or not', () => {
    expect(new LineSplitter(4).push(Buffer.from('12345\n')).overflow).toBe(true);
    const s = new LineSplitter(4);
    expect(s.push(Buffer.from('123')).overflow).toBe(false);
    expect(s.push(Buffer.from('45')).overflow).toBe(true);
    expect(s.pendingBytes).toBe(0);
    expect(new LineSplitter(4).push(Buffer.from('1234\n')).overflow).toBe(false);
  });

  it('joins a line of many chunks in linear time (10 MB in 64 KiB chunks)', () => {
    const chunk = Buffer.alloc(65536, 0x31);
    const s = new LineSplitter(1 << 30);
    const started = performance.now();
    for (let k = 0; k < 160; k++) s.push(chunk);
    const { lines } = s.push(Buffer.from('\n'));
    expect(lines[0]?.length).toBe(160 * 65536);
    // Quadratic re-concatenation would copy ~800 MB here; linear joining takes a few ms. Loose bound for slow CI.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('findNonFiniteLiteral', () => {
  it.each([
    ['[1, NaN]', 'NaN', 4],
    ['[Infinity]', 'Infinity', 1],
    ['[1,-Infinity]', '-Infinity', 3],
    ['{"x": [nan, 1]}', 'nan', 7],
    ['[inf]', 'inf', 1],
  ])('finds the bare token in %s', (text, token, offset) => {
    expect(findNonFiniteLiteral(text)).toEqual({ token, offset });
  });

  it.each(['{"note": "NaN and Infinity"}', '{"a\\"NaN": 1}', '[1e-5, 2]', '{"information": 1}', 'banana', '[Nana]'])(
    'finds nothing in %s',
    (text) => {
      expect(findNonFiniteLiteral(text)).toBeUndefined();
    },
  );
});

describe('ProtocolViolation', () => {
  it('composes one paragraph naming the construction, request and problem', () => {
    const request = { id: 4, L: 8, S: 1, epsilon: 0.5, gamma: 0.5, kappa: 1, delta: 0.1, d: 16, seed: 2, entries: [] };
    const v = new ProtocolViolation({
      kind: 'crash',
      construction: 'impl.py',
      request,
      problem: 'crashed (exit code 1) before answering.',
      hint: 'See stderr.',
      exitCode: 1,
    });
    expect(v.message).toBe(
      'impl.py: request 4 (L = 8, d = 16, seed = 2): crashed (exit code 1) before answering. See stderr.',
    );
    expect(v.name).toBe('ProtocolViolation');
    expect(v).toBeInstanceOf(Error);
    expect(v.message).not.toContain('\n');
  });

  it('excerpts long output as a JSON string with the full length', () => {
    expect(excerpt('a\nb')).toBe('"a\\nb"');
    const long = excerpt('x'.repeat(5000));
    expect(long.length).toBeLessThan(260);
    expect(long).toMatch(/\(5000 characters in all\)$/);
  });
});
