import { InvalidArgumentError, type Command } from 'commander';
import { FRONTIER_PATTERNS, type FrontierPattern } from '../../frontier/frontierTarget.js';
import { renderFrontierSvg } from '../../frontier/renderFrontierSvg.js';
import { runFrontier, type FrontierResult, type FrontierRow } from '../../frontier/runFrontier.js';
import { constructionNamed } from '../../harness/constructions.js';
import { toJsonText } from '../../io/jsonText.js';
import type { CommandContext } from '../commandContext.js';
import { renderTable } from '../format/table.js';
import { choiceOption, realOption } from '../options.js';
import { openOutputs, reportWriter } from '../outputFile.js';
import { resolvePrecision } from '../precisionOptions.js';
import { DEFAULT_SEED, seedOption } from '../seedOption.js';

interface FrontierCliOptions {
  construction: string;
  S: number[];
  L: number[];
  pattern: FrontierPattern;
  epsilon: number;
  gamma?: number;
  kappa: number;
  seed: number;
  json?: boolean;
  svg?: string;
  stopAtFrontier?: boolean;
}

/** `--S 1,2,3` / `--L 1024,4096`: distinct integers in `[min, max]`. */
function integerList(min: number, max: number, example: string): (value: string) => number[] {
  return (value) => {
    const items = value.split(',').map((s) => s.trim());
    const numbers = items.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
    if (numbers.some((x) => !Number.isSafeInteger(x)))
      throw new InvalidArgumentError(`expected comma-separated integers such as ${example}, got "${value}"`);
    const out = numbers.find((x) => x < min || x > max);
    if (out !== undefined) throw new InvalidArgumentError(`every value must lie between ${min} and ${max}, got ${out}`);
    if (new Set(numbers).size !== numbers.length)
      throw new InvalidArgumentError(`a value is listed twice in "${value}"`);
    return numbers;
  };
}

/**
 * `attnproof frontier`: the precision frontier of a deterministic construction
 * (SPEC §7): per `S` and `L`, `d`, the certificate's bits, the exact verifier's
 * verdict, the achieved epsilon and gamma and the time; then the largest `L`
 * verified per `S`. `--json` prints one object `{format, construction, params,
 * rows, largest}`; `--svg` draws bits against `L`.
 */
export function registerFrontier(program: Command, context: CommandContext): void {
  program
    .command('frontier')
    .description(
      'the precision frontier of a deterministic construction (docs/theorem.md §7): per S and L, the bits its float64 certificate needs and whether the exact verifier still passes it',
    )
    .requiredOption('--construction <name>', 'lagrange-circle or lagrange-torus')
    .option(
      '--S <list>',
      'entries per row, comma-separated integers from 1 to 16',
      integerList(1, 16, '1,2,3'),
      [1, 2, 3],
    )
    .option(
      '--L <list>',
      'sequence lengths, comma-separated integers from 2 to 2^20',
      integerList(2, 2 ** 20, '1024,4096'),
      [1024, 4096, 16384, 65536],
    )
    .option(
      '--pattern <name>',
      `support of the rows: ${FRONTIER_PATTERNS.join(' or ')} (consecutive columns on the circle, 2×2 blocks on the torus)`,
      choiceOption(FRONTIER_PATTERNS),
      'random',
    )
    .option('--epsilon <e>', 'ratio precision epsilon > 0', realOption(0), 0.5)
    .option('--gamma <g>', 'zero level 0 < gamma < 1 (default: epsilon when epsilon < 1)', realOption(0))
    .option('--kappa <k>', 'dynamic range of the targets, >= 1', realOption(1, true), 2)
    .option('--seed <n>', 'seed of the targets (an integer, or "random")', seedOption, DEFAULT_SEED)
    .option(
      '--stop-at-frontier',
      'after the first length an S is not verified at, measure only d and bits at the longer ones (verdict not-run): beyond the frontier verification is slowest',
    )
    .option('--json', 'print one JSON object instead of the table')
    .option('--svg <file>', 'draw bits against L, one line per S ("-" for standard output)')
    .action(async (options: FrontierCliOptions) => {
      const precision = resolvePrecision(options);
      const [svg] = openOutputs(context.io, { json: options.json === true }, ['--svg', options.svg]);
      const construction = constructionNamed(options.construction);
      const say = reportWriter(context.io, [svg]);
      const result = await runFrontier(construction, {
        S: options.S,
        lengths: options.L,
        pattern: options.pattern,
        ...precision,
        kappa: options.kappa,
        seed: options.seed,
        ...(options.stopAtFrontier === true ? { stopAtFrontier: true } : {}),
        ...(context.io.interactive && options.json !== true
          ? {
              onRow: (r: FrontierRow) =>
                context.io.err(`  S = ${r.S}, L = ${r.L}: ${r.verdict} (${r.seconds.toFixed(1)} s)\n`),
            }
          : {}),
      });
      svg?.write(renderFrontierSvg(result));
      if (options.json === true) context.io.out(`${toJsonText(result)}\n`);
      else say(formatFrontier(result, options.svg));
    });
}

/** The human report: one row per `(S, L)`, then the largest `L` verified per `S`. */
function formatFrontier(result: FrontierResult, svg: string | undefined): string {
  const p = result.params;
  const rows = result.rows.map((r) => [
    r.S,
    r.L,
    r.pattern,
    r.d,
    Number(r.bits.toFixed(1)),
    r.verdict,
    r.achievedEpsilon ?? '-',
    r.achievedGamma ?? '-',
    Number(r.seconds.toFixed(2)),
  ]);
  const largest = result.largest
    .map(
      (l) =>
        `S = ${l.S}: ${l.largestL === null || l.bits === null ? 'none of the lengths' : `L = ${l.largestL} (${l.bits.toFixed(1)} bits)`}`,
    )
    .join('; ');
  return (
    `attnproof frontier: ${result.construction}; ${p.pattern} targets, kappa = ${p.kappa}; epsilon = ${p.epsilon}, gamma = ${p.gamma}; seed ${p.seed}\n` +
    renderTable(['S', 'L', 'pattern', 'd', 'bits', 'verdict', 'achieved eps', 'achieved gamma', 'seconds'], rows) +
    `largest L verified: ${largest}\n` +
    (svg !== undefined && svg !== '-' ? `picture: ${svg}\n` : '')
  );
}
