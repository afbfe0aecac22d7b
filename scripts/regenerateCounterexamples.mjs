// Regenerates the shipped counterexample records, fixtures/counterexamples/*.json, the way they were
// made: `attnproof check --construction negative:<defect> --seed 42 --corpus fixtures/counterexamples`
// for every negative control, from the repository root (so each record's replay command names its
// path in the repository). Records keep their names (<property>--<construction>--seed42.json); a run
// that finds a different failure than the one recorded says so. Files this run did not write are
// listed at the end: they are stale (the property no longer fails) or made some other way.
//
//   npm run build && node scripts/regenerateCounterexamples.mjs
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { processIo } from '../dist/src/cli/cliIo.js';
import { run } from '../dist/src/cli/run.js';
import { namedConstructions } from '../dist/src/harness/constructions.js';

const CORPUS = 'fixtures/counterexamples';
const started = Date.now();
const controls = namedConstructions.filter((c) => c.negativeControl !== undefined).map((c) => c.name);
for (const name of controls) {
  process.stdout.write(`\n== ${name}\n`);
  const code = await run(['check', '--construction', name, '--seed', '42', '--corpus', CORPUS], processIo);
  if (code !== 1) {
    process.stderr.write(`${name}: exit ${code}, expected 1 (a negative control must be caught)\n`);
    process.exitCode = 1;
  }
}
const untouched = readdirSync(CORPUS).filter((f) => f.endsWith('.json') && statSync(join(CORPUS, f)).mtimeMs < started);
process.stdout.write(
  untouched.length === 0
    ? '\nevery record was rewritten\n'
    : `\nnot rewritten by this run:\n${untouched.map((f) => `  ${f}\n`).join('')}`,
);
