import type { Command } from 'commander';
import { InputRangeError } from '../../errors/inputError.js';
import { boundJson } from '../format/boundJson.js';
import type { CommandContext } from '../commandContext.js';
import { renderTable } from '../format/table.js';
import { integerOption, openUnitOption, realOption } from '../options.js';
import { resolvePrecision } from '../precisionOptions.js';

interface BoundOptions {
  L: number;
  S: number;
  epsilon: number;
  gamma?: number;
  kappa: number;
  delta?: number;
  d?: number;
  json?: boolean;
}

/** `attnproof bound`: the closed-form constants and dimension of docs/theorem.md §4. */
export function registerBound(program: Command, context: CommandContext): void {
  program
    .command('bound')
    .description('the explicit bound of docs/theorem.md §4: d* for failure probability delta, and p(d) at a given d')
    .requiredOption('--L <n>', 'sequence length L >= 2', integerOption(2))
    .requiredOption('--S <n>', 'sparsity: positive entries per row and column', integerOption(1))
    .requiredOption('--epsilon <e>', 'ratio precision epsilon > 0', realOption(0))
    .option('--gamma <g>', 'zero level 0 < gamma < 1 (default: epsilon when epsilon < 1)', realOption(0))
    .option('--kappa <k>', 'dynamic range bound kappa >= 1', realOption(1, true), 1)
    .option(
      '--delta <p>',
      'failure probability 0 < delta < 1 that d* is given for (required unless --d is given)',
      openUnitOption(),
    )
    .option('--d <n>', 'also give p(d), the failure probability promised at this dimension', integerOption(1))
    .option('--json', 'print one JSON object (schema attnproof-bound/1: docs/formats.md)')
    .action((options: BoundOptions) => {
      const { epsilon, gamma } = resolvePrecision(options);
      if (options.delta === undefined && options.d === undefined)
        throw new InputRangeError(
          'is required unless --d is given (d* is the dimension for failure probability delta)',
          { field: '--delta' },
        );
      const summary = boundJson(
        { L: options.L, S: options.S, epsilon, gamma, kappa: options.kappa },
        options.delta,
        options.d,
      );
      if (options.json === true) {
        context.io.out(`${JSON.stringify(summary)}\n`);
        return;
      }
      const rows: (string | number)[][] = [
        ['rho', summary.rho, 'ln(1 + epsilon): the allowed spread of log-ratios (R1)'],
        ['Delta', summary.Delta, 'ln(1/gamma) + rho: margin of the logit target B'],
        ['R', summary.R, 'sqrt(S)(Delta + ln kappa): bound on the row norms of B'],
        ['tau', summary.tau, 'rho / (2R): relative inner-product tolerance'],
      ];
      if (options.delta !== undefined) {
        rows.push([
          'd*',
          summary.dStar ?? 'beyond 2^53',
          `closed-form dimension guaranteeing failure probability <= ${options.delta}`,
        ]);
        rows.push(['d exact', summary.dExact ?? 'beyond 2^53', `smallest d whose two-term p(d) <= ${options.delta}`]);
      }
      if (options.d !== undefined)
        rows.push([`p(${options.d})`, summary.pOfD ?? '-', `failure probability promised at d = ${options.d}`]);
      context.io.out(
        `Bound of docs/theorem.md §4 for L = ${options.L}, S = ${options.S}, epsilon = ${epsilon}, gamma = ${gamma}, kappa = ${options.kappa}${options.delta !== undefined ? `, delta = ${options.delta}` : ''}\n` +
          renderTable(['quantity', 'value', 'meaning'], rows),
      );
    });
}
