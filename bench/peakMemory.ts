/**
 * Child process of the benchmark: peak memory of one parallel verification.
 * Usage: node peakMemory.js <L> <d> <factors|certificate>. Prints one JSON line.
 *
 * `factors`: Gaussian `Q`, `K` (`L×d`, seeded) and a target, then
 * `verifyFactorsParallel`. `certificate`: the construction's certificate
 * (`X` is `L×2d`), then `verifyCertificateParallel`. The peak resident set
 * size of the whole process (all threads, Node itself included) is compared
 * with the bytes of `Q` and `K` together, `2·L·d·8`.
 */
import { construct } from '../src/construction/construct.js';
import { denseMatrix } from '../src/matrix/denseMatrix.js';
import { fillGaussian } from '../src/random/gaussian.js';
import { createRandom } from '../src/random/randomSource.js';
import { verifyCertificateParallel } from '../src/verification/verifyCertificateParallel.js';
import { verifyFactorsParallel } from '../src/verification/verifyFactorsParallel.js';
import { benchTarget } from './benchProblem.js';

async function main(): Promise<void> {
  const L = Number(process.argv[2]);
  const d = Number(process.argv[3]);
  const kind = process.argv[4] ?? 'factors';
  const baselineRss = process.memoryUsage().rss;
  const target = benchTarget(L, 4, 7, 1);
  const precision = { epsilon: 0.5, gamma: 0.5 };
  let seconds: number;
  let status: string;
  if (kind === 'certificate') {
    const cert = construct(target, { ...precision, d, seed: 7, layout: 'projected' });
    const started = performance.now();
    status = (await verifyCertificateParallel(target, cert, precision)).status;
    seconds = (performance.now() - started) / 1000;
  } else {
    const random = createRandom(7);
    const Q = denseMatrix(L, d, fillGaussian(random, new Float64Array(L * d), 1 / Math.sqrt(d)));
    const K = denseMatrix(L, d, fillGaussian(random, new Float64Array(L * d), 1));
    const started = performance.now();
    status = (await verifyFactorsParallel(target, Q, K, precision)).status;
    seconds = (performance.now() - started) / 1000;
  }
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const qkBytes = 2 * L * d * 8;
  process.stdout.write(
    `${JSON.stringify({ L, d, kind, seconds, status, baselineRss, peakRss, qkBytes, peakOverQK: peakRss / qkBytes, aboveBaselineOverQK: (peakRss - baselineRss) / qkBytes })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
