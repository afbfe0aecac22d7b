import { describe, expect, it } from 'vitest';
import { excerpt } from '../../src/protocol/protocolViolation.js';
import {
  deathProblem,
  describeExit,
  extraOutputProblem,
  malformedJsonProblem,
  overflowProblem,
  timeoutProblem,
} from '../../src/protocol/_internals/sessionProblems.js';

describe('describeExit', () => {
  it('names the signal before the code, and nothing when nothing is known', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe(' (killed by signal SIGKILL)');
    expect(describeExit({ code: 3, signal: null })).toBe(' (exit code 3)');
    expect(describeExit({ code: null, signal: null })).toBe('');
    expect(describeExit(undefined)).toBe('');
  });
});

describe('deathProblem', () => {
  it('a failed spawn is a crash with its error message', () => {
    const problem = deathProblem(
      { kind: 'unstarted', error: new Error('spawn /bin/sh ENOENT') },
      { kind: 'between', lastId: undefined },
    );
    expect(problem).toEqual({
      kind: 'crash',
      problem: 'could not be started: spawn /bin/sh ENOENT.',
      exitCode: null,
      signal: null,
    });
  });

  it('exit code 0 is an exit, anything else (or nothing known) a crash, with the shell codes explained', () => {
    const between = { kind: 'between', lastId: 4 } as const;
    const exit = deathProblem({ kind: 'ended', exit: { code: 0, signal: null } }, between);
    expect(exit.kind).toBe('exit');
    expect(exit.problem).toBe('exited (exit code 0) after answering request 4, before this request was sent.');
    expect(exit.hint).toMatch(/until its stdin is closed/);
    expect(deathProblem({ kind: 'ended', exit: { code: 127, signal: null } }, between).hint).toMatch(
      /could not find the command/,
    );
    expect(deathProblem({ kind: 'ended', exit: { code: 126, signal: null } }, between).hint).toMatch(/not executable/);
    expect(deathProblem({ kind: 'ended', exit: { code: 137, signal: null } }, between).hint).toMatch(
      /signal 9 .*137: SIGKILL/,
    );
    expect(deathProblem({ kind: 'ended', exit: { code: 160, signal: null } }, between).hint).toMatch(/stderr/);
    expect(deathProblem({ kind: 'ended', exit: { code: 128, signal: null } }, between).hint).toMatch(/stderr/);
    const killed = deathProblem({ kind: 'ended', exit: { code: null, signal: 'SIGSEGV' } }, between);
    expect(killed).toMatchObject({ kind: 'crash', exitCode: null, signal: 'SIGSEGV' });
    expect(killed.problem).toBe(
      'crashed (killed by signal SIGSEGV) after answering request 4, before this request was sent.',
    );
    expect(deathProblem({ kind: 'ended', exit: undefined }, { kind: 'between', lastId: undefined }).problem).toBe(
      'crashed before the first request was sent.',
    );
  });

  it('while answering, names the unfinished line and shows its start', () => {
    const exit = { kind: 'ended', exit: { code: 1, signal: null } } as const;
    expect(deathProblem(exit, { kind: 'answering', partial: undefined }).problem).toBe(
      'crashed (exit code 1) before answering.',
    );
    const partial = deathProblem(exit, { kind: 'answering', partial: { bytes: 7, text: '{"id":1' } });
    expect(partial.problem).toBe(
      'crashed (exit code 1) before finishing its response (it wrote 7 bytes without the final newline).',
    );
    expect(partial.output).toBe(excerpt('{"id":1'));
  });
});

describe('extraOutputProblem', () => {
  it('a complete line with an id is a second response; anything else is stray output', () => {
    const second = extraOutputProblem('{"id":2,"WQ":[]}', true, 1);
    expect(second.kind).toBe('wrong-id');
    expect(second.problem).toBe(
      'wrote another response line (id 2) after answering request 1; each request gets exactly one response line, in order.',
    );
    expect(extraOutputProblem('{"id":2', false, 1).kind).toBe('malformed-json');
    expect(extraOutputProblem('{"id":2', false, 1).problem).toBe(
      'wrote output to stdout after answering request 1 that is not a response (an unfinished line).',
    );
    expect(extraOutputProblem('[{"id":2}]', true, 1).kind).toBe('malformed-json');
    const stray = extraOutputProblem('loading model', true, undefined);
    expect(stray.problem).toBe('wrote output to stdout before any request that is not a response.');
    expect(stray.hint).toMatch(/stderr/);
  });
});

describe('malformedJsonProblem', () => {
  it('names an empty line, a NaN literal with its column, or the parser reason without the echoed text', () => {
    expect(malformedJsonProblem('  ', new SyntaxError('x')).problem).toBe('wrote an empty line instead of a response.');
    const nan = malformedJsonProblem('{"WQ": NaN}', new SyntaxError('x'));
    expect(nan.problem).toMatch(/^wrote the literal NaN at column 8 of its response/);
    let error: unknown;
    try {
      JSON.parse('{"id": 1,}');
    } catch (caught) {
      error = caught;
    }
    const bad = malformedJsonProblem('{"id": 1,}', error);
    expect(bad.problem).toMatch(/^wrote a line that is not valid JSON \(/);
    expect(bad.problem).not.toContain('is not valid JSON)');
    expect(bad.output).toBe(excerpt('{"id": 1,}'));
  });
});

describe('timeoutProblem and overflowProblem', () => {
  it('state the limit, a process left holding stdout, and the unfinished line', () => {
    expect(timeoutProblem(100, undefined, undefined)).toMatchObject({
      kind: 'timeout',
      problem: 'no complete response line within 100 ms.',
    });
    const held = timeoutProblem(50, { code: 0, signal: null }, { bytes: 3, text: '{"i' });
    expect(held.problem).toBe(
      'no complete response line within 50 ms (the command itself exited (exit code 0), but a process it started still holds its stdout); it had written 3 bytes of a line without the final newline.',
    );
    expect(held.output).toBe(excerpt('{"i'));
    expect(held.hint).toMatch(/^It was killed\. .*flush/);
    expect(overflowProblem(10)).toEqual({
      kind: 'malformed-json',
      problem: 'wrote a line longer than 10 bytes, the most one response line may hold',
    });
  });
});
