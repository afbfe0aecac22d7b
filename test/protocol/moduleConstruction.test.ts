import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallestDimension } from '../../src/bound/smallestDimension.js';
import { InputRangeError, InputTypeError } from '../../src/errors/inputError.js';
import { loadModuleConstruction } from '../../src/protocol/moduleConstruction.js';
import { ProtocolViolation, type ProtocolViolationKind } from '../../src/protocol/protocolViolation.js';
import { verifyCertificate } from '../../src/verification/verifyCertificate.js';
import { REPO, sameBits, shiftTarget } from './helpers.js';

const PARAMS = { epsilon: 0.5, gamma: 0.5, d: 4, seed: 9 } as const;
const dir = mkdtempSync(join(tmpdir(), 'attnproof-modules-'));
let fileCount = 0;

/** Writes a module with `source` to a fresh file (fresh name: dynamic imports are cached by URL). */
function moduleFile(source: string, extension = 'mjs'): string {
  const path = join(dir, `impl${++fileCount}.${extension}`);
  writeFileSync(path, source);
  return path;
}

/** A module whose construct returns `body` (a JS expression over L and d) for every target. */
function answering(body: string): string {
  return moduleFile(`
    const identity = (rows, cols, offset) => Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => (r === c + offset ? 1 : 0)));
    export function construct(target, params) {
      const L = target.L, d = params.d;
      return ${body};
    }`);
}

const GOOD =
  '{ X: Array.from({ length: L }, () => new Array(2 * d).fill(0.5)), WQ: identity(2 * d, d, 0), WK: identity(2 * d, d, d) }';

/** Runs `call` (a synchronous construct throws, an asynchronous one rejects) and expects a violation of `kind`. */
async function violationOf(call: () => unknown, kind: ProtocolViolationKind): Promise<ProtocolViolation> {
  const error = await Promise.resolve()
    .then(call)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(ProtocolViolation);
  expect((error as ProtocolViolation).kind, (error as Error).message).toBe(kind);
  return error as ProtocolViolation;
}

describe('loadModuleConstruction', () => {
  it('loads the JS example: synchronous, verified at d*, parameters independent of the target', async () => {
    const impl = await loadModuleConstruction(join(REPO, 'examples', 'js', 'attnImpl.mjs'));
    expect(impl.name).toBe('attnImpl (JS example)');
    expect(impl.logitTarget).toBeUndefined();
    const epsilon = 0.9;
    const gamma = 0.9;
    const d = smallestDimension({ L: 16, S: 1, epsilon, gamma, kappa: 1, delta: 0.1 });
    const W1 = shiftTarget(16, 2);
    const W2 = shiftTarget(16, 7);
    const c1 = impl.construct(W1, { epsilon, gamma, d, seed: 77 });
    // A synchronous construct stays synchronous through the wrapper.
    expect(c1).not.toBeInstanceOf(Promise);
    const c2 = await impl.construct(W2, { epsilon, gamma, d, seed: 77 });
    const cert1 = await c1;
    // Success has probability >= 0.9 at d* by the theorem; the verifier decides exactly.
    expect(verifyCertificate(W1, cert1, { epsilon, gamma }).status).toBe('pass');
    expect(verifyCertificate(W2, c2, { epsilon, gamma }).status).toBe('pass');
    expect(sameBits(cert1.WQ.data, c2.WQ.data) && sameBits(cert1.WK.data, c2.WK.data)).toBe(true);
    expect(cert1.seed).toBe(77);
  });

  it('accepts async construct, CommonJS, and a default-exported object, with names', async () => {
    const esm = await loadModuleConstruction(
      moduleFile(
        `export const name = 'async-esm'; export async function construct(t, p) { return (await import(${JSON.stringify(answering(GOOD))})).construct(t, p); }`,
      ),
    );
    expect(esm.name).toBe('async-esm');
    const result = esm.construct(shiftTarget(3, 1), PARAMS);
    expect(result).toBeInstanceOf(Promise);
    expect((await result).X.rows).toBe(3);

    const cjs = await loadModuleConstruction(
      moduleFile(
        `const identity = (rows, cols, offset) => Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => (r === c + offset ? 1 : 0)));
         module.exports = { construct(target, params) { const L = target.L, d = params.d; return ${GOOD}; } };`,
        'cjs',
      ),
    );
    expect(cjs.name).toMatch(/^module:impl\d+\.cjs$/);
    expect((await cjs.construct(shiftTarget(5, 1), PARAMS)).WQ.cols).toBe(4);

    const byDefault = await loadModuleConstruction(
      moduleFile(
        `import { construct } from ${JSON.stringify(answering(GOOD))}; export default { name: 'default-object', construct, logitTarget: () => null };`,
      ),
    );
    expect(byDefault.name).toBe('default-object');
    expect(typeof byDefault.logitTarget).toBe('function');
    const named = await loadModuleConstruction(answering(GOOD), { name: 'override' });
    expect(named.name).toBe('override');
  });

  it('refuses what is not a construction module, naming the file', async () => {
    await expect(loadModuleConstruction(join(dir, 'missing.mjs'))).rejects.toThrow(InputRangeError);
    await expect(loadModuleConstruction(dir)).rejects.toThrow(/is a directory/);
    const noConstruct = moduleFile('export const build = () => 1;');
    await expect(loadModuleConstruction(noConstruct)).rejects.toThrow(
      new RegExp(
        `${noConstruct.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: construct: must export a function construct\\(target, params\\); it exports build`,
      ),
    );
    await expect(
      loadModuleConstruction(moduleFile('export function construct() {} export const name = 42;')),
    ).rejects.toThrow(/name: must be a non-empty string/);
    await expect(
      loadModuleConstruction(moduleFile('export function construct() {} export const logitTarget = 1;')),
    ).rejects.toThrow(/logitTarget: must be a function/);
    const broken = moduleFile('export function construct( {');
    await expect(loadModuleConstruction(broken)).rejects.toThrow(InputTypeError);
    await expect(loadModuleConstruction(broken)).rejects.toThrow(/cannot load the module/);
    await expect(loadModuleConstruction(answering(GOOD), { timeoutMs: 0 })).rejects.toThrow(/timeoutMs/);
  });

  it('checks every answer like a protocol response, with the same kinds', async () => {
    const target = shiftTarget(3, 1);
    const wrongRows = await loadModuleConstruction(answering(`{ ...${GOOD}, X: [[1, 2]] }`));
    const shape = await violationOf(() => wrongRows.construct(target, PARAMS), 'wrong-shape');
    expect(shape.message).toMatch(/construct returned a bad certificate: X has 1 rows but L = 3/);
    // The request a stdio implementation would have received, ready to be saved for replay.
    expect(shape.request).toMatchObject({ id: 1, L: 3, d: 4, seed: 9 });
    expect(shape.requestLine).toBe(JSON.stringify(shape.request));

    const nan = await loadModuleConstruction(answering(`(() => { const r = ${GOOD}; r.WK[1][2] = NaN; return r; })()`));
    expect((await violationOf(() => nan.construct(target, PARAMS), 'non-finite')).message).toMatch(
      /WK row 1 column 2 is NaN/,
    );

    const dense = await loadModuleConstruction(
      answering(
        `{ X: { rows: L, cols: 2 * d, data: new Float64Array(L * 2 * d).fill(Infinity) }, WQ: identity(2 * d, d, 0), WK: identity(2 * d, d, d) }`,
      ),
    );
    await violationOf(() => dense.construct(target, PARAMS), 'non-finite');

    const declines = await loadModuleConstruction(answering(`{ error: 'too dense for me' }`));
    expect((await violationOf(() => declines.construct(target, PARAMS), 'error-response')).message).toMatch(
      /too dense for me/,
    );

    const notObject = await loadModuleConstruction(answering('42'));
    await violationOf(() => notObject.construct(target, PARAMS), 'malformed-json');
  });

  it('turns an exception into a "crash" carrying it, and a promise that never settles into a "timeout"', async () => {
    const throws = await loadModuleConstruction(
      moduleFile(`export function construct() { throw new RangeError('boom'); }`),
    );
    const crash = await violationOf(() => throws.construct(shiftTarget(3, 1), PARAMS), 'crash');
    expect(crash.message).toMatch(/construct threw RangeError: boom/);
    expect((crash.cause as Error).message).toBe('boom');

    const rejects = await loadModuleConstruction(
      moduleFile(`export async function construct() { throw new Error('async boom'); }`),
    );
    await violationOf(() => rejects.construct(shiftTarget(3, 1), PARAMS), 'crash');

    const never = await loadModuleConstruction(
      moduleFile(`export function construct() { return new Promise(() => {}); }`),
      { timeoutMs: 200 },
    );
    const started = performance.now();
    await violationOf(() => never.construct(shiftTarget(3, 1), PARAMS), 'timeout');
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
