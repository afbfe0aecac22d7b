/**
 * Benchmark of construction and verification (project issue 5), with NumPy
 * and ml-matrix side by side. Fixed seeds: the same run gives the same
 * problems on every machine.
 *
 *   node <build>/bench/verifyBench.js [--full] [--cases 4096x512,…] [--no-numpy] [--no-mlmatrix] [--no-memory] [--no-end-to-end] [--seed N] [--out FILE]
 *
 * Default grid: L ∈ {256, 1024, 2048, 4096} × d ∈ {64, 256, 512}; `--full` (or
 * `BENCH_FULL=1`): L ∈ {256, 1024, 4096, 16384} × d ∈ {64, 256, 512, 1024, 2048}
 * and the peak-memory run at L = 16384, d = 1024 (default: L = 4096, d = 512).
 * Prints tables and writes JSON to reports/bench/verify-<time>.json.
 *
 * Per case: `construct` (projected layout); `verifyCertificate` with the
 * WebAssembly kernel on one thread; `verifyCertificateParallel` and
 * `verifyFactorsParallel` (all cores); the JavaScript kernel and the
 * straightforward ml-matrix path where `L²·d <= 2^33`; and the NumPy twin
 * (bench/numpyVerify.py) on the same certificate and on the same `Q`, `K`;
 * the default verifier (float32 first pass) beside the float64 path forced.
 * Then, end to end, `attnproof verify` on `.npy` files against NumPy on the
 * same files (bench/endToEnd.ts).
 * Every timing is the best of the same number of repeats on both sides
 * (3 where `L²·d <= 2^33`, 2 up to `2^38`, else 1), inputs already in memory; the headline
 * pair (`verifyFactorsParallel` and the NumPy check) runs alternately.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { smallestDimension } from '../src/bound/smallestDimension.js';
import { construct } from '../src/construction/construct.js';
import { closeVerifierWorkers } from '../src/verification/_internals/kernel/runParallel.js';
import type { Verdict } from '../src/verification/verdict.js';
import { verifyCertificate } from '../src/verification/verifyCertificate.js';
import { verifyCertificateParallel } from '../src/verification/verifyCertificateParallel.js';
import { verifyFactors } from '../src/verification/verifyFactors.js';
import { verifyFactorsParallel } from '../src/verification/verifyFactorsParallel.js';
import { benchProblem, benchTarget } from './benchProblem.js';
import { mlMatrixVerify } from './mlMatrixVerify.js';
import { fitExponents } from './fitExponents.js';
import { builtCli, endToEnd, type EndToEndResult } from './endToEnd.js';
import { lastFloat32Pass } from '../src/verification/_internals/float32FirstPass.js';
import { probeNumpy, runNumpy, writeNumpyFiles, type NumpyResult } from './numpyBaseline.js';

interface Config {
  readonly full: boolean;
  readonly numpy: boolean;
  readonly mlMatrix: boolean;
  readonly memory: boolean;
  /** The end-to-end comparison of `attnproof verify` on .npy files (L = 4096, d = 512, S = 2); off with `--no-end-to-end`. */
  readonly endToEnd: boolean;
  readonly seed: number;
  readonly out: string | null;
  /** Only these `[L, d]` cases (`--cases 4096x512,16384x1024`); the theorem cases and memory run are skipped unless `--full`. */
  readonly cases: readonly (readonly [number, number])[] | null;
}

function parseArgs(argv: readonly string[]): Config {
  const value = (flag: string): string | undefined => {
    const k = argv.indexOf(flag);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  return {
    full: argv.includes('--full') || process.env['BENCH_FULL'] === '1',
    numpy: !argv.includes('--no-numpy'),
    mlMatrix: !argv.includes('--no-mlmatrix'),
    memory: !argv.includes('--no-memory'),
    endToEnd: !argv.includes('--no-end-to-end'),
    seed: Number(value('--seed') ?? 20240611),
    out: value('--out') ?? null,
    cases:
      value('--cases')
        ?.split(',')
        .map((c) => c.split('x').map(Number) as [number, number]) ?? null,
  };
}

/** Largest `L²·d` for the slow reference paths (JavaScript kernel, ml-matrix) and for 3 repeats. */
const REFERENCE_WORK = 2 ** 33;

async function bestOf<T>(repeats: number, run: () => T | Promise<T>): Promise<{ seconds: number; result: T }> {
  let best = Infinity;
  let result: T | undefined;
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    result = await run();
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return { seconds: best, result: result! };
}

/**
 * The fields of a verdict that every path must agree on: everything but the
 * error bounds, which differ between a certificate (its projections add
 * radii) and the factors `Q`, `K` themselves (exact, no radii).
 */
function essence(v: Verdict): string {
  const drop = <T extends { errorBound: number }>(w: T | null): Omit<T, 'errorBound'> | null => {
    if (w === null) return null;
    const { errorBound: _, ...rest } = w;
    return rest;
  };
  return JSON.stringify({
    status: v.status,
    worstRatioRow: drop(v.worstRatioRow),
    worstZeroRow: drop(v.worstZeroRow),
    rows: v.rows,
    refinedRows: v.refinedRows,
  });
}

/** Verdicts of one input (all from the certificate, or all from `Q`, `K`) must be identical, bounds included. */
const identical = (vs: readonly Verdict[]): boolean => vs.every((v) => JSON.stringify(v) === JSON.stringify(vs[0]));

/** NumPy agrees when status, worst rows and pairs match and the values agree to 1e-9 (they differ only by BLAS summation order). */
function numpyAgrees(v: Verdict, n: NumpyResult): boolean {
  const s = n.summary;
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return (
    s.status === v.status &&
    s.worstRatioRow.row === v.worstRatioRow.row &&
    close(s.worstSpread, v.worstSpread) &&
    (v.worstZeroRow === null
      ? s.worstZeroRow === null
      : s.worstZeroRow?.row === v.worstZeroRow.row && close(s.worstMargin!, v.worstMargin))
  );
}

interface CaseResult {
  L: number;
  d: number;
  gflop: number;
  constructSeconds: number;
  wasmOneThreadSeconds: number;
  certificateParallelSeconds: number;
  factorsParallelSeconds: number;
  /** The same with the float64 path forced (`kernel: 'wasm'`). */
  factorsFloat64Seconds: number;
  /** The same with the float32 first pass forced (`kernel: 'wasm32'`; the default is the int16 pass). */
  factorsFloat32Seconds: number;
  /** First pass of the last default run (int16, or float32 where it cannot run): rows recomputed whole in float64, and float64 dot products per other row. */
  wholeRowFraction: number | null;
  float64ProductsPerRow: number | null;
  gflopsParallel: number;
  jsKernelSeconds: number | null;
  mlMatrixSeconds: number | null;
  numpyCheckSeconds: number | null;
  numpyCertificateSeconds: number | null;
  ratioToNumpyCheck: number | null;
  ratioToNumpyCertificate: number | null;
  mlMatrixOverOurs: number | null;
  status: string;
  pathsAgree: boolean;
  numpyAgrees: boolean | null;
  repeats: number;
}

async function benchCase(
  L: number,
  d: number,
  config: Config,
  numpy: ReturnType<typeof probeNumpy>,
): Promise<CaseResult> {
  const problem = benchProblem(L, d, config.seed + L + d);
  const { target, cert, Q, K, epsilon, gamma } = problem;
  const precision = { epsilon, gamma };
  const work = L * L * d;
  const repeats = work <= REFERENCE_WORK ? 3 : work <= 2 ** 38 ? 2 : 1;
  const oneThread = await bestOf(repeats, () => verifyCertificate(target, cert, precision, { kernel: 'wasm' }));
  const certParallel = await bestOf(repeats, () => verifyCertificateParallel(target, cert, precision));
  // The headline comparison: ours and NumPy's run alternately (ours, NumPy, ours, NumPy, …), best
  // of each, so that load from other processes on the machine falls on both sides alike.
  let factorsParallel = { seconds: Infinity, result: null as unknown as Verdict };
  let factorsFloat64 = { seconds: Infinity, result: null as unknown as Verdict };
  let factorsFloat32 = { seconds: Infinity, result: null as unknown as Verdict };
  let pass = lastFloat32Pass();
  let n: NumpyResult | null = null;
  const files = config.numpy && numpy.available ? writeNumpyFiles(problem) : null;
  try {
    for (let r = 0; r < repeats; r++) {
      const ours = await bestOf(1, () => verifyFactorsParallel(target, Q, K, precision));
      if (ours.seconds < factorsParallel.seconds) factorsParallel = ours;
      pass = lastFloat32Pass();
      // The float64 path (the f64x2 kernel alone), for the speed-up and the bit-identical figures.
      const float64 = await bestOf(1, () => verifyFactorsParallel(target, Q, K, precision, { kernel: 'wasm' }));
      if (float64.seconds < factorsFloat64.seconds) factorsFloat64 = float64;
      // The float32 pass (this session's default before the int16 pass), for the speed-up of the int16 one.
      const float32 = await bestOf(1, () => verifyFactorsParallel(target, Q, K, precision, { kernel: 'wasm32' }));
      if (float32.seconds < factorsFloat32.seconds) factorsFloat32 = float32;
      if (files !== null) {
        const theirs = runNumpy(numpy, files, 1);
        n =
          n === null
            ? theirs
            : {
                ...theirs,
                checkSeconds: Math.min(n.checkSeconds, theirs.checkSeconds),
                certificateSeconds: Math.min(n.certificateSeconds, theirs.certificateSeconds),
              };
      }
    }
  } finally {
    files?.remove();
  }
  const certVerdicts = [oneThread.result, certParallel.result];
  const verdicts = [factorsParallel.result, factorsFloat64.result, factorsFloat32.result];
  let jsKernelSeconds: number | null = null;
  let mlMatrixSeconds: number | null = null;
  if (work <= REFERENCE_WORK) {
    const js = await bestOf(1, () => verifyFactors(target, Q, K, precision, { kernel: 'js' }));
    jsKernelSeconds = js.seconds;
    verdicts.push(js.result);
    if (config.mlMatrix) {
      const ml = await bestOf(1, () => mlMatrixVerify(target, Q, K, precision));
      mlMatrixSeconds = ml.seconds;
      verdicts.push(ml.result);
    }
  }
  const reference = factorsParallel.result;
  return {
    L,
    d,
    gflop: (2 * work) / 1e9,
    constructSeconds: problem.constructSeconds,
    wasmOneThreadSeconds: oneThread.seconds,
    certificateParallelSeconds: certParallel.seconds,
    factorsParallelSeconds: factorsParallel.seconds,
    factorsFloat64Seconds: factorsFloat64.seconds,
    factorsFloat32Seconds: factorsFloat32.seconds,
    wholeRowFraction: pass === null || pass.rows !== L ? null : pass.wholeRows / pass.rows,
    float64ProductsPerRow: pass === null || pass.rows !== L ? null : pass.float64Products / pass.rows,
    gflopsParallel: (2 * work) / 1e9 / factorsParallel.seconds,
    jsKernelSeconds,
    mlMatrixSeconds,
    numpyCheckSeconds: n?.checkSeconds ?? null,
    numpyCertificateSeconds: n?.certificateSeconds ?? null,
    ratioToNumpyCheck: n === null ? null : factorsParallel.seconds / n.checkSeconds,
    ratioToNumpyCertificate: n === null ? null : certParallel.seconds / n.certificateSeconds,
    mlMatrixOverOurs: mlMatrixSeconds === null ? null : mlMatrixSeconds / factorsParallel.seconds,
    status: reference.status,
    pathsAgree: identical(certVerdicts) && identical(verdicts) && essence(certVerdicts[0]!) === essence(reference),
    numpyAgrees: n === null ? null : numpyAgrees(reference, n),
    repeats,
  };
}

interface TheoremCase {
  L: number;
  d: number;
  boundSeconds: number;
  constructSeconds: number;
  verifySeconds: number;
  status: string;
}

/** A full theorem case: `d` from the bound for `delta = 0.1` (S = 1, kappa = 1, epsilon = gamma = 0.9), construction at that `d`, verification. */
async function theoremCase(L: number, seed: number): Promise<TheoremCase> {
  const params = { L, S: 1, epsilon: 0.9, gamma: 0.9, kappa: 1, delta: 0.1 };
  let started = performance.now();
  const d = smallestDimension(params);
  const boundSeconds = (performance.now() - started) / 1000;
  const target = benchTarget(L, 1, seed + L, 0);
  started = performance.now();
  const cert = construct(target, { epsilon: 0.9, gamma: 0.9, d, seed: seed + 1, layout: 'projected' });
  const constructSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const verdict = await verifyCertificateParallel(target, cert, { epsilon: 0.9, gamma: 0.9 });
  const verifySeconds = (performance.now() - started) / 1000;
  return { L, d, boundSeconds, constructSeconds, verifySeconds, status: verdict.status };
}

interface MemoryResult {
  L: number;
  d: number;
  kind: string;
  seconds: number;
  status: string;
  baselineRss: number;
  peakRss: number;
  qkBytes: number;
  peakOverQK: number;
  aboveBaselineOverQK: number;
}

function measureMemory(L: number, d: number, kind: 'factors' | 'certificate'): MemoryResult | string {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'peakMemory.js');
  const run = spawnSync(process.execPath, [script, String(L), String(d), kind], { encoding: 'utf8' });
  if (run.status !== 0) return `peak-memory child failed: ${run.stderr}`;
  return JSON.parse(run.stdout) as MemoryResult;
}

const fmt = (x: number | null, digits = 3): string => (x === null ? '—' : x.toFixed(digits));
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]): string => cells.map((x, c) => x.padStart(widths[c]!)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const config = parseArgs(process.argv.slice(2));
  const Ls = config.full ? [256, 1024, 4096, 16384] : [256, 1024, 2048, 4096];
  const ds = config.full ? [64, 256, 512, 1024, 2048] : [64, 256, 512];
  const numpy = probeNumpy();
  const machine = {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryBytes: totalmem(),
    loadAtStart: loadavg(),
    numpy: numpy.available ? numpy.numpyVersion : `not used: ${numpy.reason}`,
    unsetForNumpy: numpy.unset,
  };
  console.log(
    `attnproof verify benchmark — node ${machine.node}, ${machine.cores} cores (${machine.cpu}), ${config.full ? 'full' : 'default'} grid, seed ${config.seed}`,
  );
  console.log(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (other processes on the machine slow both sides)`,
  );
  if (!config.numpy) console.log('NumPy: skipped (--no-numpy)');
  else if (numpy.available)
    console.log(
      `NumPy ${numpy.numpyVersion} (${numpy.python}); unset for the NumPy child: ${numpy.unset.length > 0 ? numpy.unset.join(', ') : 'nothing (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE were not set)'}`,
    );
  else console.log(`NumPy: not available (${numpy.reason}); the NumPy columns are skipped`);

  // Warm-up: compiles the WebAssembly module and starts the worker pool.
  const warm = benchProblem(512, 64, 1);
  await verifyFactorsParallel(warm.target, warm.Q, warm.K, { epsilon: 0.5, gamma: 0.5 });

  const cases: CaseResult[] = [];
  let numpyInfo: Pick<NumpyResult, 'blasThreads' | 'blasConfig'> = {};
  const grid = config.cases ?? Ls.flatMap((L) => ds.map((d) => [L, d] as const));
  for (const [L, d] of grid) {
    const c = await benchCase(L, d, config, numpy);
    cases.push(c);
    process.stdout.write(
      `  L=${L} d=${d}: verify ${fmt(c.factorsParallelSeconds)} s (${fmt(c.gflopsParallel, 1)} GFLOP/s)${c.numpyCheckSeconds === null ? '' : `, NumPy ${fmt(c.numpyCheckSeconds)} s`}\n`,
    );
  }
  if (config.numpy && numpy.available) {
    // BLAS configuration, from one small run.
    const files = writeNumpyFiles(benchProblem(256, 64, 2));
    try {
      const info = runNumpy(numpy, files, 1);
      numpyInfo = { blasThreads: info.blasThreads, blasConfig: info.blasConfig };
    } finally {
      files.remove();
    }
  }
  if (numpyInfo.blasThreads !== undefined)
    console.log(`NumPy BLAS: ${numpyInfo.blasConfig ?? 'unknown'}, ${numpyInfo.blasThreads} threads`);

  console.log('\nVerification (seconds; best of `rep` runs; inputs in memory)');
  console.log(
    table(
      [
        'L',
        'd',
        'GFLOP',
        'construct',
        'wasm 1 thr',
        'cert ‖',
        'factors ‖',
        'f64 ‖',
        'f64/ours',
        'f32 ‖',
        'f32/ours',
        'whole rows',
        'f64 dots/row',
        'GFLOP/s',
        'JS kernel',
        'ml-matrix',
        'NumPy chk',
        'NumPy cert',
        'chk ratio',
        'cert ratio',
        'ml/ours',
        'status',
        'agree',
        'rep',
      ],
      cases.map((c) => [
        String(c.L),
        String(c.d),
        fmt(c.gflop, 2),
        fmt(c.constructSeconds),
        fmt(c.wasmOneThreadSeconds),
        fmt(c.certificateParallelSeconds),
        fmt(c.factorsParallelSeconds),
        fmt(c.factorsFloat64Seconds),
        fmt(c.factorsFloat64Seconds / c.factorsParallelSeconds, 2),
        fmt(c.factorsFloat32Seconds),
        fmt(c.factorsFloat32Seconds / c.factorsParallelSeconds, 2),
        c.wholeRowFraction === null ? '—' : `${(100 * c.wholeRowFraction).toFixed(2)} %`,
        fmt(c.float64ProductsPerRow, 2),
        fmt(c.gflopsParallel, 1),
        fmt(c.jsKernelSeconds),
        fmt(c.mlMatrixSeconds),
        fmt(c.numpyCheckSeconds),
        fmt(c.numpyCertificateSeconds),
        fmt(c.ratioToNumpyCheck, 2),
        fmt(c.ratioToNumpyCertificate, 2),
        fmt(c.mlMatrixOverOurs, 1),
        c.status,
        `${c.pathsAgree ? 'yes' : 'NO'}${c.numpyAgrees === null ? '' : c.numpyAgrees ? '/np yes' : '/np NO'}`,
        String(c.repeats),
      ]),
    ),
  );
  console.log(
    "‖ = calling thread + worker threads; factors ‖ is the default (int16 first pass), f64 ‖ the float64 path forced (kernel: 'wasm'), f32 ‖ the float32 pass forced (kernel: 'wasm32'), whole rows the share the default recomputed whole in float64.",
  );
  console.log(
    '‖ = calling thread + worker threads. chk ratio = factors ‖ / NumPy chk (Q, K given); cert ratio = cert ‖ / NumPy cert (NumPy projects X densely).',
  );

  const theoremLs = config.full ? [256, 1024, 4096, 16384] : config.cases !== null ? [] : [256, 1024, 4096];
  const theorem: TheoremCase[] = [];
  for (const L of theoremLs) theorem.push(await theoremCase(L, config.seed));
  console.log(
    '\nFull theorem case (S = 1, kappa = 1, epsilon = gamma = 0.9, delta = 0.1; d = smallest d with p(d) <= delta)',
  );
  console.log(
    table(
      ['L', 'd', 'bound', 'construct', 'verify ‖', 'status'],
      theorem.map((t) => [
        String(t.L),
        String(t.d),
        fmt(t.boundSeconds, 4),
        fmt(t.constructSeconds),
        fmt(t.verifySeconds),
        t.status,
      ]),
    ),
  );

  const fitPoints = cases
    .filter((c) => c.factorsParallelSeconds >= 0.05)
    .map((c) => ({ L: c.L, d: c.d, seconds: c.factorsParallelSeconds }));
  const fit = fitExponents(fitPoints);
  console.log(
    fit === null
      ? '\nExponents: not enough cases above 50 ms to fit'
      : `\nFitted time ~ L^${fit.b.toFixed(2)} · d^${fit.c.toFixed(2)} (factors ‖, ${fit.n} cases above 50 ms; L² d would be 2 and 1)`,
  );

  const memory: (MemoryResult | string)[] = [];
  if (config.memory && (config.cases === null || config.full)) {
    const [L, d] = config.full ? [16384, 1024] : [4096, 512];
    await closeVerifierWorkers();
    for (const kind of ['factors', 'certificate'] as const) memory.push(measureMemory(L, d, kind));
    console.log('\nPeak memory (separate process; resident set of the whole process, Node included)');
    for (const m of memory)
      console.log(
        typeof m === 'string'
          ? `  ${m}`
          : `  L=${m.L} d=${m.d} ${m.kind}: peak ${mib(m.peakRss)} = ${m.peakOverQK.toFixed(2)} × |Q|+|K| (${mib(m.qkBytes)}); above the start ${m.aboveBaselineOverQK.toFixed(2)} ×; ${fmt(m.seconds)} s, ${m.status}`,
      );
  }

  const endToEndResults: (EndToEndResult | string)[] = [];
  if (config.endToEnd) {
    const cli = builtCli();
    if (cli === null) endToEndResults.push('skipped: dist/src/cli/main.js not built (npm run build)');
    else endToEndResults.push(await endToEnd(4096, 512, 2, config.seed, numpy, 3, cli));
    console.log(
      '\nEnd to end: attnproof verify --target W.npy --x X.npy --wq WQ.npy --wk WK.npy --json, against NumPy on the same files (S = 2, median of 3, alternately)',
    );
    for (const e of endToEndResults)
      console.log(
        typeof e === 'string'
          ? `  ${e}`
          : `  L=${e.L} d=${e.d} S=${e.S}: verify ${fmt(e.verifySeconds)} s (whole process ${fmt(e.processSeconds)} s); NumPy check ${fmt(e.numpyCheckSeconds)} s, from the certificate ${fmt(e.numpyCertificateSeconds)} s; ratio to NumPy's check ${fmt(e.ratioToNumpyCheck, 2)}; ${e.status}; figures equal the float64 path's: ${e.equalsFloat64 ? 'yes' : 'NO'}`,
      );
  }

  const loadAtEnd = loadavg();
  console.log(`\nload average at end: ${loadAtEnd.map((x) => x.toFixed(2)).join(' ')}`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = config.out ?? join(process.cwd(), 'reports', 'bench', `verify-${stamp}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ machine: { ...machine, ...numpyInfo, loadAtEnd }, config, cases, theorem, fit, memory, endToEnd: endToEndResults }, null, 2)}\n`,
  );
  console.log(`\nJSON: ${out}`);
  await closeVerifierWorkers();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
