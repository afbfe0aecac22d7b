import type { Command } from 'commander';
import { parseJsonText } from '../../io/parseJsonText.js';
import { readInputFile } from '../../io/readInputFile.js';
import { InputRangeError } from '../../errors/inputError.js';
import { mergeSweeps } from '../../sweep/mergeSweeps.js';
import { parseSweepResult } from '../../sweep/parseSweepResult.js';
import type { CommandContext } from '../commandContext.js';
import { emitSweep } from '../emitSweep.js';
import { openOutputs } from '../outputFile.js';

interface MergeOptions {
  json?: boolean;
  out?: string;
  svg?: string;
}

/**
 * `attnproof merge`: joins the outputs of `attnproof sweep --shard K/N` (all N
 * of them) into the result one unsharded run gives: the same rows, fit and
 * crossovers, bit for bit. Files of different sweeps, a shard given twice or
 * a missing shard are bad input (exit 2).
 */
export function registerMerge(program: Command, context: CommandContext): void {
  program
    .command('merge')
    .description(
      'combine the JSON outputs of sharded sweeps (attnproof sweep --shard K/N --json) into one result: table, --json, --svg',
    )
    .argument('<files...>', 'shard outputs of one sweep (sweep --json or --out)')
    .option('--json', 'print the merged result as one JSON object')
    .option('--out <file>', 'also write the merged JSON result to a file ("-" for standard output)')
    .option('--svg <file>', 'draw d against L (measured, fit, d*, d = L) into an SVG file')
    .action((files: string[], options: MergeOptions) => {
      const outputs = openOutputs(
        context.io,
        { json: options.json === true },
        ['--out', options.out],
        ['--svg', options.svg],
      );
      const results = files.map((file) => parseSweepResult(parseJsonText(readInputFile(file), file), file));
      const merged = mergeSweeps(results, files);
      if (!merged.complete) {
        const missing = Array.from({ length: merged.shards.count }, (_, k) => k + 1).filter(
          (k) => !merged.shards.included.includes(k),
        );
        throw new InputRangeError(
          `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${merged.shards.count} missing: give every shard's output`,
          { field: 'merge' },
        );
      }
      emitSweep(merged, { json: options.json === true, outputs, command: 'merge' }, context);
    });
}
