import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Verdict } from '../src/verification/verdict.js';
import { verifyCertificateParallel } from '../src/verification/verifyCertificateParallel.js';
import { benchProblem } from './benchProblem.js';
import { runNumpy, writeNumpyFiles, type NumpyProbe } from './numpyBaseline.js';
import { writeNpy } from './npyFile.js';

/** One end-to-end comparison: `attnproof verify` on `.npy` files against NumPy on the same files. */
export interface EndToEndResult {
  readonly L: number;
  readonly d: number;
  readonly S: number;
  /** Median of the runs: the verification time `attnproof verify --json` reports (projections and check, files already loaded). */
  readonly verifySeconds: number;
  /** Median of the runs: the whole `attnproof verify` process (start, reading the files, verification, output). */
  readonly processSeconds: number;
  /** Median of the runs: NumPy's check from `Q`, `K` and its check from the certificate (projections included). */
  readonly numpyCheckSeconds: number | null;
  readonly numpyCertificateSeconds: number | null;
  /** `verifySeconds / numpyCheckSeconds`. */
  readonly ratioToNumpyCheck: number | null;
  readonly runs: number;
  readonly status: string;
  /** The command line's verdict equals the float64 path's (`kernel: 'wasm'`) in every field. */
  readonly equalsFloat64: boolean;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The built command line (`dist/src/cli/main.js` of the repository), found by walking up from this file; `null` when not built. */
export function builtCli(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 8; up++) {
    const candidate = join(dir, 'dist', 'src', 'cli', 'main.js');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return null;
}

/**
 * `attnproof verify --target W.npy --x X.npy --wq WQ.npy --wk WK.npy --json` (the default kernel: the
 * float32 first pass) and the NumPy twin, alternately, `runs` times each on the same files; medians.
 * The command line's verdict is compared, field by field, with the float64 path's in this process.
 */
export async function endToEnd(
  L: number,
  d: number,
  S: number,
  seed: number,
  numpy: NumpyProbe,
  runs: number,
  cli: string,
): Promise<EndToEndResult> {
  const problem = benchProblem(L, d, seed, S);
  const files = writeNumpyFiles(problem);
  const { target, cert, epsilon, gamma } = problem;
  const dense = new Float64Array(L * L);
  for (const [i, j, w] of target.entries()) dense[i * L + j] = w;
  writeNpy(join(files.dir, 'W.npy'), dense, [L, L]);
  const verify: number[] = [],
    wall: number[] = [],
    npCheck: number[] = [],
    npCert: number[] = [];
  let verdict: (Verdict & { seconds?: number }) | null = null;
  try {
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      const args = [
        'verify',
        '--target',
        'W.npy',
        '--x',
        'X.npy',
        '--wq',
        'WQ.npy',
        '--wk',
        'WK.npy',
        '--epsilon',
        String(epsilon),
        '--gamma',
        String(gamma),
        '--json',
      ].map((a) => (a.endsWith('.npy') ? join(files.dir, a) : a));
      const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 });
      wall.push((performance.now() - started) / 1000);
      if (run.status !== 0 && run.status !== 1)
        throw new Error(`attnproof verify exited with ${run.status}: ${run.stderr}`);
      verdict = JSON.parse(run.stdout) as Verdict & { seconds: number };
      verify.push(verdict.seconds!);
      if (numpy.available) {
        const n = runNumpy(numpy, files, 1);
        npCheck.push(n.checkSeconds);
        npCert.push(n.certificateSeconds);
      }
    }
  } finally {
    files.remove();
  }
  const float64 = await verifyCertificateParallel(target, cert, { epsilon, gamma }, { kernel: 'wasm' });
  const { seconds: _, ...figures } = verdict!;
  const numpyCheckSeconds = npCheck.length > 0 ? median(npCheck) : null;
  return {
    L,
    d,
    S,
    verifySeconds: median(verify),
    processSeconds: median(wall),
    numpyCheckSeconds,
    numpyCertificateSeconds: npCert.length > 0 ? median(npCert) : null,
    ratioToNumpyCheck: numpyCheckSeconds === null ? null : median(verify) / numpyCheckSeconds,
    runs,
    status: float64.status,
    equalsFloat64: JSON.stringify(figures) === JSON.stringify(JSON.parse(JSON.stringify(float64))),
  };
}
