// The validate side of the power table (docs/statistics.md): for each of the six bugs of issue 12
// as an outside implementation (test/protocol/fakes/variantImpl.mjs over the stdio protocol), the
// fraction of run seeds in which `attnproof validate --reference builtin` exits 1.
//   npm run build && node bench/validatePower.mjs [seeds=20] [bug ...]
// A run exits 1 as soon as one property fails, so each seed first runs the property expected to
// catch the bug alone (--property, same seed and budget as the full run: the properties draw from
// the run seed independently of each other); only if that one passes is the whole suite run.
// Prints one JSON line per (bug, seed) and a summary table; about 20 minutes on 2 shared cores.
import { spawnSync } from 'node:child_process';

const BUGS = {
  'normalise-by-max': 'theorem-at-dstar',
  'log-sign': 'theorem-at-dstar',
  'log-doubled': 'theorem-at-dstar',
  'half-margin': 'differential-strength',
  'variance-2-over-d': 'paper-layout-laws',
  'ninety-percent-columns': 'paper-layout-laws',
};
const [seedsArg, ...only] = process.argv.slice(2);
const seeds = Number(seedsArg ?? 20);
const validate = (bug, seed, property) => {
  const argv = [
    'dist/src/cli/main.js',
    'validate',
    '--impl',
    `node test/protocol/fakes/variantImpl.mjs ${bug}`,
    '--reference',
    'builtin',
    '--seed',
    String(seed),
    '--no-record',
    '--json',
  ];
  if (property !== undefined) argv.push('--property', property);
  const started = performance.now();
  const result = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const failed =
    result.status === 1
      ? JSON.parse(result.stdout)
          .properties.filter((p) => p.status === 'fail')
          .map((p) => p.name)
      : [];
  return { code: result.status, failed, seconds: (performance.now() - started) / 1000 };
};
const table = [];
for (const [bug, first] of Object.entries(BUGS)) {
  if (only.length > 0 && !only.includes(bug)) continue;
  let caught = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    let run = validate(bug, seed, first);
    if (run.code !== 1) run = validate(bug, seed);
    if (run.code === 1) caught++;
    console.log(JSON.stringify({ bug, seed, ...run }));
  }
  table.push({ bug, caught, seeds });
}
for (const { bug, caught, seeds: n } of table) console.log(`${bug.padEnd(24)} ${caught}/${n}`);
