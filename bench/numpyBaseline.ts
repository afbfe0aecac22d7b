import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchProblem } from './benchProblem.js';
import { writeNpy } from './npyFile.js';

/** Environment variables that can slow OpenBLAS down on this machine; removed for the NumPy child only. */
const UNSET_FOR_NUMPY = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'] as const;

/** What the benchmark knows about the NumPy side. */
export interface NumpyProbe {
  readonly available: boolean;
  /** Why NumPy is not used (when unavailable). */
  readonly reason?: string;
  readonly python?: string;
  readonly numpyVersion?: string;
  /** Variables of {@link UNSET_FOR_NUMPY} that were set here and were removed for the NumPy child. */
  readonly unset: readonly string[];
}

/** Result of one NumPy run of bench/numpyVerify.py. */
export interface NumpyResult {
  readonly checkSeconds: number;
  readonly certificateSeconds: number;
  readonly summary: {
    readonly status: string;
    readonly worstSpread: number;
    readonly worstRatioRow: { row: number; j: number; k: number };
    readonly worstMargin: number | null;
    readonly worstZeroRow: { row: number; j: number; k: number } | null;
    readonly blockRows: number;
  };
  readonly numpy: string;
  readonly blasThreads?: number;
  readonly blasConfig?: string;
}

function pythonEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of UNSET_FOR_NUMPY) delete env[name];
  return env;
}

/** The NumPy twin script, found by walking up from this file (works from the sources and from a build directory). */
export function numpyScript(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 8; up++) {
    const candidate = join(dir, 'bench', 'numpyVerify.py');
    if (existsSync(candidate)) return candidate;
    const here = join(dir, 'numpyVerify.py');
    if (existsSync(here)) return here;
    dir = dirname(dir);
  }
  return null;
}

/** Is `python3` with NumPy here? Which version? */
export function probeNumpy(python = process.env['BENCH_PYTHON'] ?? 'python3'): NumpyProbe {
  const unset = UNSET_FOR_NUMPY.filter((name) => process.env[name] !== undefined);
  if (numpyScript() === null) return { available: false, reason: 'bench/numpyVerify.py not found', unset };
  const probe = spawnSync(python, ['-c', 'import numpy; print(numpy.__version__)'], {
    encoding: 'utf8',
    env: pythonEnv(),
  });
  if (probe.error !== undefined)
    return { available: false, reason: `${python} not found (${probe.error.message})`, unset };
  if (probe.status !== 0)
    return {
      available: false,
      reason: `${python} has no NumPy (${probe.stderr.trim().split('\n').pop() ?? ''})`,
      unset,
    };
  return { available: true, python, numpyVersion: probe.stdout.trim(), unset };
}

/** A problem written out for the NumPy twin; {@link runNumpy} runs it, {@link NumpyFiles.remove} cleans up. */
export interface NumpyFiles {
  readonly dir: string;
  remove(): void;
}

/** Writes `problem` as `.npy` files (and meta.json) into a new temporary directory. `O(L·d)`. */
export function writeNumpyFiles(problem: BenchProblem): NumpyFiles {
  const dir = mkdtempSync(join(tmpdir(), 'attnproof-bench-'));
  const { cert, Q, K, target } = problem;
  writeFileSync(
    join(dir, 'meta.json'),
    JSON.stringify({ L: target.L, d: cert.d, epsilon: problem.epsilon, gamma: problem.gamma }),
  );
  writeNpy(join(dir, 'X.npy'), cert.X.data, [cert.X.rows, cert.X.cols]);
  writeNpy(join(dir, 'WQ.npy'), cert.WQ.data, [cert.WQ.rows, cert.WQ.cols]);
  writeNpy(join(dir, 'WK.npy'), cert.WK.data, [cert.WK.rows, cert.WK.cols]);
  writeNpy(join(dir, 'Q.npy'), Q.data, [Q.rows, Q.cols]);
  writeNpy(join(dir, 'K.npy'), K.data, [K.rows, K.cols]);
  writeNpy(join(dir, 'rowPtr.npy'), target.rowPtr, [target.rowPtr.length]);
  writeNpy(join(dir, 'colIdx.npy'), target.colIdx, [target.colIdx.length]);
  writeNpy(join(dir, 'logW.npy'), target.logValues, [target.logValues.length]);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the NumPy twin once on files from {@link writeNumpyFiles}; each of its timings is the best of `repeats` (inside one Python process). */
export function runNumpy(probe: NumpyProbe, files: NumpyFiles, repeats: number): NumpyResult {
  const script = numpyScript();
  if (!probe.available || script === null) throw new Error('NumPy is not available');
  const run = spawnSync(probe.python!, [script, files.dir, String(repeats)], {
    encoding: 'utf8',
    env: pythonEnv(),
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`NumPy run failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as NumpyResult;
}
