import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The compiled package (`npm test` builds it first, see package.json "pretest").
const srcDir = new URL('../../src/verification/', import.meta.url);
const distDir = new URL('../../dist/src/', import.meta.url);
const distVerification = new URL('verification/', distDir);

/** Every verification source has a compiled twin at least as new as itself. */
function distIsFresh(): boolean {
  for (const file of readdirSync(srcDir).filter((f) => f.endsWith('.ts'))) {
    const compiled = new URL(file.replace(/\.ts$/, '.js'), distVerification);
    if (!existsSync(compiled)) return false;
    if (statSync(compiled).mtimeMs < statSync(new URL(file, srcDir)).mtimeMs) return false;
  }
  return true;
}

const script = `
import { verifyFactors, verifyFactorsParallel } from '${new URL('index.js', distDir).href}';
import { WasmLogits } from '${new URL('verification/_internals/kernel/wasmLogits.js', distDir).href}';
import { runParallel, startVerifierWorkers, warmInWorker } from '${new URL('verification/_internals/kernel/runParallel.js', distDir).href}';
import { ProjectionBlocks } from '${new URL('verification/_internals/kernel/projectionBlocks.js', distDir).href}';
import { projectInputsTogether, rowProjection } from '${new URL('verification/_internals/inputProjection.js', distDir).href}';
import { createRandom } from '${new URL('random/randomSource.js', distDir).href}';
import { fillGaussian } from '${new URL('random/gaussian.js', distDir).href}';
import { SparseTarget } from '${new URL('targets/sparseTarget.js', distDir).href}';
import { reserveFirstPassMemory } from '${new URL('verification/_internals/kernel/firstPassReservation.js', distDir).href}';
import { placeProjection, projectionArenaBytes } from '${new URL('verification/_internals/kernel/wasmProjection.js', distDir).href}';
import { projectionKernelModule } from '${new URL('verification/_internals/kernel/projectionKernelModule.js', distDir).href}';
const L = 300, d = 200;
const entries = [];
for (let i = 0; i < L; i++) entries.push([i, (7 * i) % L, 1], [i, (13 * i + 1) % L, 2]);
const W = SparseTarget.fromEntries(L, entries);
const random = createRandom(11);
const Q = { rows: L, cols: d, data: fillGaussian(random, new Float64Array(L * d), 1) };
const K = { rows: L, cols: d, data: fillGaussian(random, new Float64Array(L * d), 1) };
const ws = WasmLogits.create(W, Q, K, 1 / Math.sqrt(d), { blockRows: 16, slots: 2 });
const report = await runParallel(ws, { workers: 1, mainThread: false });
const precision = { epsilon: 0.5, gamma: 0.5 };
const sync = verifyFactors(W, Q, K, precision, { kernel: 'js' });
const parallel = await verifyFactorsParallel(W, Q, K, precision, { workers: 1 });
// The projections of a certificate by the worker alone, and a memory's pages touched by it.
const sharedZeros = (n) => new Float64Array(new SharedArrayBuffer(8 * n));
const X = { rows: L, cols: 50, data: fillGaussian(random, sharedZeros(L * 50), 1) };
const P = { rows: 50, cols: 20, data: fillGaussian(random, new Float64Array(50 * 20), 1) };
const job = rowProjection(X, [P], 64, sharedZeros, true);
const projection = await runParallel(new ProjectionBlocks(job, 2), { workers: 1, mainThread: false });
const expected = projectInputsTogether(X, [P])[0];
const sameProjection = job.products[0].out.every((v, k) => Object.is(v, expected.product.data[k]))
  && job.products[0].radius.every((v, k) => Object.is(v, expected.radius[k]));
// The same projection by the worker alone in WebAssembly, laid out in a first pass's reserved memory.
const reserved = reserveFirstPassMemory(W, 20, { blockRows: 16, slots: 2 }, 'float32', projectionArenaBytes(L, 50, 64, 2, 1, 20));
const wasmJob = rowProjection(X, [P], 64, sharedZeros, true, [reserved.q]);
const placed = placeProjection(wasmJob, projectionKernelModule(), reserved.memory, reserved.spare.ptr, reserved.spare.bytes, 2);
const wasmProjection = await runParallel(new ProjectionBlocks(placed.projection, 2, placed), { workers: 1, mainThread: false });
const wasmProduct = placed.projection.products[0];
const sameWasmProjection = wasmProduct.out.subarray(0, L * 20).every((v, k) => Object.is(v, expected.product.data[k]))
  && wasmProduct.radius.every((v, k) => Object.is(v, expected.radius[k]));
const touched = await warmInWorker(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }));
console.log(JSON.stringify({ report, same: JSON.stringify(sync) === JSON.stringify(parallel), status: sync.status, projection, sameProjection, wasmProjection, sameWasmProjection, touched }));
// A worker started but never given a job (as the command line starts them ahead of a check that may not come).
startVerifierWorkers(2);
// No closeVerifierWorkers(): idle workers, used or not, must not keep the process alive.
`;

describe('worker threads from the compiled package (dist/)', () => {
  it.skipIf(!distIsFresh())(
    'run from dist, agree with the synchronous verifier, and let the process exit by itself (needs a fresh `npm run build`)',
    () => {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        timeout: 60_000,
        cwd: fileURLToPath(new URL('../../', import.meta.url)),
      });
      expect(run.error).toBeUndefined(); // a timeout (a worker keeping the process alive) shows up here
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      type Report = { mainBlocks: number; workerBlocks: number[]; errors: string[] };
      const result = JSON.parse(run.stdout) as {
        report: Report;
        same: boolean;
        status: string;
        projection: Report;
        sameProjection: boolean;
        wasmProjection: Report;
        sameWasmProjection: boolean;
        touched: number;
      };
      expect(result.report).toEqual({ mainBlocks: 0, workerBlocks: [19], errors: [] }); // ceil(300 / 16) blocks, all by the worker
      expect(result.same).toBe(true);
      expect(result.projection).toEqual({ mainBlocks: 0, workerBlocks: [5], errors: [] }); // ceil(300 / 64) row blocks
      expect(result.sameProjection).toBe(true);
      expect(result.wasmProjection).toEqual({ mainBlocks: 0, workerBlocks: [5], errors: [] });
      expect(result.sameWasmProjection).toBe(true);
      expect(result.touched).toBe(16); // 64 KiB: 16 pages of 4 KiB
    },
  );
});
