import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { smallestDimension } from '../../src/bound/smallestDimension.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { liveChildCount } from '../../src/protocol/_internals/childRegistry.js';
import { ProtocolViolation, type ProtocolViolationKind } from '../../src/protocol/protocolViolation.js';
import {
  startStdioConstruction,
  type StdioConstruction,
  type StdioConstructionOptions,
} from '../../src/protocol/stdioConstruction.js';
import { verifyCertificate } from '../../src/verification/verifyCertificate.js';
import { fakeCommand, isAlive, sameBits, shiftTarget, waitUntil } from './helpers.js';

const PARAMS = { epsilon: 0.5, gamma: 0.5, d: 8, seed: 11 } as const;
const sessions: StdioConstruction[] = [];

function start(
  script: string,
  mode: string | undefined,
  options: Partial<StdioConstructionOptions> = {},
): StdioConstruction {
  const command = mode === undefined ? fakeCommand(script) : fakeCommand(script, mode);
  const session = startStdioConstruction(command, { timeoutMs: 5000, name: mode ?? script, ...options });
  sessions.push(session);
  return session;
}

/** The rejection of `promise`, which must be a ProtocolViolation of `kind`. */
async function violationOf(promise: Promise<unknown>, kind: ProtocolViolationKind): Promise<ProtocolViolation> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProtocolViolation);
  const violation = error as ProtocolViolation;
  expect(violation.kind, violation.message).toBe(kind);
  return violation;
}

/** Closes the session and checks that its process is gone. */
async function closeAndCheckGone(session: StdioConstruction): Promise<void> {
  const pid = session.pid as number;
  await session.close();
  expect(session.running).toBe(false);
  expect(isAlive(pid)).toBe(false);
}

afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
});

afterAll(() => {
  // Every process group the suite started has been reaped and forgotten.
  expect(liveChildCount()).toBe(0);
});

describe('a correct implementation over stdio', () => {
  it('answers with certificates the verifier accepts at d*, with fixed parameters (SPEC §5)', async () => {
    const session = start('correctImpl.mjs', 'projected');
    const epsilon = 0.9;
    const gamma = 0.9;
    // Two permutation targets (S = 1, kappa = 1) with the same L: the parameters must not depend on them.
    const W1 = shiftTarget(16, 1);
    const W2 = shiftTarget(16, 5);
    const d = smallestDimension({ L: 16, S: 1, epsilon, gamma, kappa: 1, delta: 0.1 });
    const params = { epsilon, gamma, d, seed: 2024 };
    const c1 = await session.construct(W1, params);
    const c2 = await session.construct(W2, params);
    expect([c1.X.rows, c1.X.cols, c1.WQ.rows, c1.WQ.cols, c1.WK.rows, c1.WK.cols]).toEqual([
      16,
      2 * d,
      2 * d,
      d,
      2 * d,
      d,
    ]);
    expect(c1.seed).toBe(2024);
    // The theorem promises success with probability >= 1 - delta = 0.9 at d*; the verifier decides exactly.
    expect(verifyCertificate(W1, c1, { epsilon, gamma }).status).toBe('pass');
    expect(verifyCertificate(W2, c2, { epsilon, gamma }).status).toBe('pass');
    // Same (L, d, seed), different targets: identical parameters, bit for bit (no tolerance: they are fixed).
    expect(sameBits(c2.WQ.data, c1.WQ.data)).toBe(true);
    expect(sameBits(c2.WK.data, c1.WK.data)).toBe(true);
    expect(sameBits(c2.X.data, c1.X.data)).toBe(false);
    expect(session.requestsSent).toBe(2);
    expect(session.brokenBy).toBeUndefined();
    await closeAndCheckGone(session);
  });

  it('queues concurrent calls, one request outstanding at a time, answers matched in order', async () => {
    const session = start('correctImpl.mjs', undefined);
    // Different L per call: a mismatched answer would be a wrong-shape violation.
    const results = await Promise.all([5, 9, 3, 7].map((L) => session.construct(shiftTarget(L, 1), PARAMS)));
    expect(results.map((c) => c.X.rows)).toEqual([5, 9, 3, 7]);
    expect(session.requestsSent).toBe(4);
    await closeAndCheckGone(session);
  });

  it('rejects bad parameters before sending anything, and keeps the session usable', async () => {
    const session = start('correctImpl.mjs', undefined);
    await expect(session.construct(shiftTarget(4, 1), { epsilon: 0.5, gamma: 0.5, d: 4 })).rejects.toThrow(
      InputTypeError,
    );
    await expect(session.construct(shiftTarget(4, 1), { ...PARAMS, S: 0 })).rejects.toThrow(/S = 0 but the target/);
    expect(session.requestsSent).toBe(0);
    expect((await session.construct(shiftTarget(4, 1), PARAMS)).X.rows).toBe(4);
    await closeAndCheckGone(session);
  });

  it('reads a large response (L = 1024, m = 2d = 1024: a ~20 MB line) quickly', async () => {
    const session = start('correctImpl.mjs', undefined, { timeoutMs: 15_000 });
    const started = performance.now();
    const cert = await session.construct(shiftTarget(1024, 3), { epsilon: 0.5, gamma: 0.5, d: 512, seed: 5 });
    const elapsed = performance.now() - started;
    expect([cert.X.rows, cert.X.cols]).toEqual([1024, 1024]);
    expect(cert.X.data.every(Number.isFinite)).toBe(true);
    // Generous for a 2-core machine; quadratic concatenation of ~300 chunks would take far longer.
    expect(elapsed).toBeLessThan(8000);
    await closeAndCheckGone(session);
  });

  it('is slow but within the limit: answered', async () => {
    const session = start('faultyImpl.mjs', 'slow', { timeoutMs: 2000 });
    expect((await session.construct(shiftTarget(4, 1), PARAMS)).X.rows).toBe(4);
    expect((await session.construct(shiftTarget(6, 1), PARAMS)).X.rows).toBe(6);
    await closeAndCheckGone(session);
  });
});

describe('implementations that break the protocol', () => {
  it('crash on request 2: "crash" with the exit code; later requests get the same violation', async () => {
    const session = start('faultyImpl.mjs', 'crash-on-2');
    const pid = session.pid as number;
    await session.construct(shiftTarget(4, 1), PARAMS);
    const violation = await violationOf(session.construct(shiftTarget(4, 2), PARAMS), 'crash');
    expect(violation.exitCode).toBe(7);
    expect(violation.request?.id).toBe(2);
    expect(violation.requestLine).toBe(JSON.stringify(violation.request));
    expect(violation.message).toMatch(/request 2 .*crashed \(exit code 7\) before answering/);
    expect(await session.construct(shiftTarget(4, 1), PARAMS).catch((e: unknown) => e)).toBe(violation);
    expect(session.brokenBy).toBe(violation);
    expect(isAlive(pid)).toBe(false);
  });

  it('hangs: "timeout" after the limit, and the process is killed', async () => {
    const session = start('faultyImpl.mjs', 'hang', { timeoutMs: 1000 });
    const pid = session.pid as number;
    const started = performance.now();
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'timeout');
    expect(performance.now() - started).toBeLessThan(2500);
    expect(violation.message).toMatch(/no complete response line within 1000 ms/);
    await waitUntil(() => !isAlive(pid), 1000);
    await closeAndCheckGone(session);
  });

  it('hangs after starting a process of its own: both are killed (process group)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attnproof-protocol-'));
    const pidFile = join(dir, 'grandchild.pid');
    const session = start('faultyImpl.mjs', 'hang-with-grandchild', {
      timeoutMs: 1000,
      env: { FAKE_PID_FILE: pidFile },
    });
    await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'timeout');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(Number.isInteger(grandchild) && grandchild > 0).toBe(true);
    await closeAndCheckGone(session);
    await waitUntil(() => !isAlive(grandchild), 1000);
  });

  it('writes a response without its newline and waits: "timeout" naming the unfinished line', async () => {
    const session = start('faultyImpl.mjs', 'no-newline', { timeoutMs: 1000 });
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'timeout');
    expect(violation.message).toMatch(/bytes of a line without the final newline/);
    expect(violation.output).toMatch(/^"\{\\"id\\":1/);
    await closeAndCheckGone(session);
  });

  it('writes a garbage line: "malformed-json" quoting it', async () => {
    const session = start('faultyImpl.mjs', 'garbage');
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'malformed-json');
    expect(violation.output).toBe('"this is not json"');
    expect(violation.message).toMatch(/print diagnostics to stderr/);
    await closeAndCheckGone(session);
  });

  it('prints a banner to stdout at start-up: read as the first response, "malformed-json"', async () => {
    const session = start('faultyImpl.mjs', 'banner');
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'malformed-json');
    expect(violation.request?.id).toBe(1);
    expect(violation.output).toMatch(/Loading model/);
    await closeAndCheckGone(session);
  });

  it('answers with another id: "wrong-id"', async () => {
    const session = start('faultyImpl.mjs', 'out-of-order');
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'wrong-id');
    expect(violation.message).toMatch(/id 2 but request 1 was the one outstanding/);
    await closeAndCheckGone(session);
  });

  it.each([
    ['short-x', /X has 3 rows but L = 4/],
    ['wide-wq', /WQ has 9 columns but the request asked for d = 8/],
    ['ragged', /X row 1 has 15 entries but row 0 has 16/],
  ])('%s: "wrong-shape", and the session goes on (the stream is still in step)', async (mode, pattern) => {
    const session = start('faultyImpl.mjs', mode);
    const first = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'wrong-shape');
    expect(first.message).toMatch(pattern);
    expect(session.running).toBe(true);
    const second = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'wrong-shape');
    expect(second.request?.id).toBe(2);
    expect(session.brokenBy).toBeUndefined();
    await closeAndCheckGone(session);
  });

  it('prints NaN literally: "malformed-json" naming NaN and where it is', async () => {
    const session = start('faultyImpl.mjs', 'nan');
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'malformed-json');
    expect(violation.message).toMatch(/literal NaN at column \d+/);
    expect(violation.output).toMatch(/NaN/);
    await closeAndCheckGone(session);
  });

  it.each([
    ['null', /WK row 2 column 0 is null/],
    ['overflow', /X row 1 column 0 is Infinity/],
  ])('writes %s where a number belongs: "non-finite"', async (mode, pattern) => {
    const session = start('faultyImpl.mjs', mode);
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'non-finite');
    expect(violation.message).toMatch(pattern);
    await closeAndCheckGone(session);
  });

  it('exits cleanly after the first response: the next request is "exit", not sent', async () => {
    const session = start('faultyImpl.mjs', 'exit-after-1');
    await session.construct(shiftTarget(4, 1), PARAMS);
    await waitUntil(() => !session.running, 2000);
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'exit');
    expect(violation.exitCode).toBe(0);
    expect(violation.message).toMatch(/after answering request 1, before this request was sent/);
    expect(session.requestsSent).toBe(1);
    await closeAndCheckGone(session);
  });

  it('exits cleanly after the first response, racing the second request: still "exit"', async () => {
    const session = start('faultyImpl.mjs', 'exit-after-1');
    const first = session.construct(shiftTarget(4, 1), PARAMS);
    const second = session.construct(shiftTarget(4, 2), PARAMS);
    await first;
    const violation = await violationOf(second, 'exit');
    expect(violation.request?.id).toBe(2);
    await closeAndCheckGone(session);
  });

  it('declines odd requests: "error-response" carrying the text; even ones are answered', async () => {
    const session = start('faultyImpl.mjs', 'error-on-odd');
    const declined = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'error-response');
    expect(declined.message).toMatch(/declined the request: "declined request 1"/);
    expect((await session.construct(shiftTarget(4, 1), PARAMS)).X.rows).toBe(4);
    await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'error-response');
    expect(session.brokenBy).toBeUndefined();
    await closeAndCheckGone(session);
  });

  it('writes two lines per request in one write: the request is rejected, "wrong-id"', async () => {
    const session = start('faultyImpl.mjs', 'two-lines');
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'wrong-id');
    expect(violation.request?.id).toBe(1);
    expect(violation.message).toMatch(/another response line \(id 1\) after answering request 1/);
    await closeAndCheckGone(session);
  });

  it('writes a second line later: noticed while idle, attributed to the request it followed', async () => {
    const session = start('faultyImpl.mjs', 'two-lines-later');
    await session.construct(shiftTarget(4, 1), PARAMS);
    await waitUntil(() => session.brokenBy !== undefined, 2000);
    expect(session.brokenBy?.kind).toBe('wrong-id');
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'wrong-id');
    expect(violation).toBe(session.brokenBy);
    expect(violation.request?.id).toBe(1);
    await closeAndCheckGone(session);
  });

  it('exits at start-up with code 3: "crash" with that code', async () => {
    const session = start('faultyImpl.mjs', 'exit-immediately');
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'crash');
    expect(violation.exitCode).toBe(3);
    await closeAndCheckGone(session);
  });

  it('dies of a signal: "crash", with the 128 + n exit code of the shell explained', async () => {
    const session = start('faultyImpl.mjs', 'killed');
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'crash');
    expect(violation.exitCode).toBe(137);
    expect(violation.message).toMatch(/killed by signal 9/);
    await closeAndCheckGone(session);
  });

  it('is not a command: "crash" with exit code 127 and a hint', async () => {
    const session = startStdioConstruction('attnproof-no-such-command-xyz', { timeoutMs: 5000, stderr: 'ignore' });
    sessions.push(session);
    const violation = await violationOf(session.construct(shiftTarget(4, 1), PARAMS), 'crash');
    expect(violation.exitCode).toBe(127);
    expect(violation.message).toMatch(/could not find the command/);
  });
});

describe('session life cycle', () => {
  it('closes during an outstanding request: the request is rejected (plain Error), the process killed after the grace period', async () => {
    const session = start('faultyImpl.mjs', 'hang', { timeoutMs: 10_000, closeGraceMs: 200 });
    const pid = session.pid as number;
    const pending = session.construct(shiftTarget(4, 1), PARAMS).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    await session.close();
    expect(performance.now() - started).toBeLessThan(1500);
    const error = await pending;
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ProtocolViolation);
    expect(isAlive(pid)).toBe(false);
    // Idempotent, and nothing is sent afterwards.
    await session.close();
    await expect(session.construct(shiftTarget(4, 1), PARAMS)).rejects.toThrow(/session is closed/);
    expect(session.requestsSent).toBe(1);
  });

  it('closes a well-behaved implementation by closing its stdin (it exits on its own)', async () => {
    const session = start('correctImpl.mjs', undefined, { closeGraceMs: 5000 });
    await session.construct(shiftTarget(4, 1), PARAMS);
    const started = performance.now();
    await closeAndCheckGone(session);
    // It exits on end of input, well before the 5 s grace period would force a kill.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses bad options up front', () => {
    expect(() => startStdioConstruction('', { timeoutMs: 1000 })).toThrow(InputTypeError);
    expect(() => startStdioConstruction('cat', { timeoutMs: 0 })).toThrow(InputRangeError);
    expect(() => startStdioConstruction('cat', { timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
    expect(() => startStdioConstruction('cat', { timeoutMs: 1000, cwd: '/no/such/dir' })).toThrow(/cwd/);
    expect(liveChildCount()).toBe(0);
  });
});
