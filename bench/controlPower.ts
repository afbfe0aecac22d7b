/**
 * Power of `attnproof check` against the negative controls: for each control,
 * the number of run seeds `1..N` in which the properties its `caughtBy` names
 * (at their default budgets, as `check` runs them) catch it, per property and
 * in all; a full `check` runs these and more, so it fails at least as often.
 * The paper's construction runs every property: its row counts false alarms.
 * Prints a Markdown table (the one in docs/statistics.md).
 *
 *   npx tsc -p bench/tsconfig.json && node reports/bench-build/bench/controlPower.js [--seeds 20] [--only NAME,NAME] [--shard K/N]
 *
 * No records are written. A cell `–` is a property the control does not claim
 * (not run). `--shard K/N` runs every N-th construction starting at K
 * (1-based), to use two processes. About 15 minutes for 13 × 20 on 2 idle cores.
 */
import { theoremProperties } from '../properties/index.js';
import { namedConstructions } from '../src/harness/constructions.js';
import { runSuite } from '../src/harness/runSuite.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const seeds = Number(option('--seeds') ?? 20);
const only = option('--only')?.split(',');
const [shard, shards] = (option('--shard') ?? '1/1').split('/').map(Number) as [number, number];
const constructions = namedConstructions.filter(
  (c, k) => (only === undefined || only.includes(c.name)) && k % shards === shard - 1,
);

const header = [
  'construction',
  `caught (of ${seeds} seeds)`,
  ...theoremProperties.map((p) => p.name),
  'seconds per run',
];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map((_, k) => (k === 0 ? '---' : '---:')).join('|')}|`);
for (const construction of constructions) {
  const caught = new Map<string, number>(theoremProperties.map((p) => [p.name, 0]));
  let failed = 0;
  const started = Date.now();
  const claimed = construction.negativeControl?.caughtBy;
  const properties =
    claimed === undefined ? theoremProperties : theoremProperties.filter((p) => claimed.includes(p.name));
  for (let seed = 1; seed <= seeds; seed++) {
    const report = await runSuite({
      properties,
      construction,
      seed,
      corpus: null,
      replayCommand: (path) => `attnproof replay ${path}`,
    });
    if (report.status === 'fail') failed++;
    for (const o of report.outcomes) if (o.status === 'fail') caught.set(o.property, caught.get(o.property)! + 1);
  }
  const seconds = (Date.now() - started) / 1000 / seeds;
  console.log(
    `| \`${construction.name}\` | ${failed}/${seeds} | ${theoremProperties.map((p) => (properties.includes(p) ? caught.get(p.name) : '–')).join(' | ')} | ${seconds.toFixed(1)} |`,
  );
}
