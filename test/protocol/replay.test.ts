import { describe, expect, it } from 'vitest';
import { requestFor } from '../../src/protocol/requestFor.js';
import { replayRequest } from '../../src/protocol/replayRequest.js';
import { startStdioConstruction } from '../../src/protocol/stdioConstruction.js';
import { fakeCommand, isAlive, REPO, shellQuote, shiftTarget } from './helpers.js';
import { join } from 'node:path';

const request = requestFor(shiftTarget(6, 2), { epsilon: 0.9, gamma: 0.9, d: 200, seed: 31 }, 17);

describe('replayRequest', () => {
  it('re-sends a saved request with its own id and returns the certificate, target and parameters', async () => {
    const outcome = await replayRequest(fakeCommand('correctImpl.mjs'), request, { timeoutMs: 5000 });
    expect(outcome.status).toBe('answered');
    if (outcome.status !== 'answered') return;
    expect(outcome.certificate.X.rows).toBe(6);
    expect(outcome.params).toEqual({ epsilon: 0.9, gamma: 0.9, d: 200, seed: 31, S: 1, kappa: 1, delta: 0.1 });
    // The target and parameters rebuilt from the request describe exactly that request.
    expect(requestFor(outcome.target, outcome.params, request.id)).toEqual(request);
    expect(outcome.elapsedMs).toBeGreaterThan(0);
  });

  it('reports the violation (here malformed JSON), and leaves nothing running', async () => {
    const outcome = await replayRequest(fakeCommand('faultyImpl.mjs', 'nan'), request, { timeoutMs: 5000 });
    expect(outcome.status).toBe('violation');
    if (outcome.status !== 'violation') return;
    expect(outcome.violation.kind).toBe('malformed-json');
    expect(outcome.violation.request).toEqual(request);
  });

  it('waits, while closing, for output written after the response', async () => {
    const outcome = await replayRequest(fakeCommand('faultyImpl.mjs', 'two-lines-later'), request, { timeoutMs: 5000 });
    expect(outcome.status).toBe('violation');
    if (outcome.status === 'violation') expect(outcome.violation.kind).toBe('wrong-id');
  });

  it('times out a hanging implementation within the limit', async () => {
    const started = performance.now();
    const outcome = await replayRequest(fakeCommand('faultyImpl.mjs', 'hang'), request, { timeoutMs: 800 });
    expect(performance.now() - started).toBeLessThan(2500);
    expect(outcome.status === 'violation' && outcome.violation.kind).toBe('timeout');
  });
});

describe('the JS example over stdio', () => {
  it('speaks the protocol when run as a script', async () => {
    const session = startStdioConstruction(
      [process.execPath, join(REPO, 'examples', 'js', 'attnImpl.mjs')].map(shellQuote).join(' '),
      { timeoutMs: 5000 },
    );
    const cert = await session.construct(shiftTarget(5, 1), { epsilon: 0.5, gamma: 0.5, d: 3, seed: 4 });
    expect([cert.X.rows, cert.X.cols, cert.WQ.cols]).toEqual([5, 6, 3]);
    const pid = session.pid as number;
    await session.close();
    expect(isAlive(pid)).toBe(false);
  });
});
