import { toJsonText } from '../io/jsonText.js';
import { renderSweepSvg } from '../sweep/renderSweepSvg.js';
import type { SweepResult } from '../sweep/sweepResult.js';
import type { CommandContext } from './commandContext.js';
import { formatSweepReport } from './format/formatSweepReport.js';
import { reportWriter, type OutputFile } from './outputFile.js';

/**
 * Prints a sweep result (table or JSON) and writes the requested files, `outputs` being the `--out` (JSON)
 * and `--svg` (picture) files opened before the run (see `openOutputs`); shared by `sweep`, `merge` and
 * `demo`. The table goes to standard error when one of the files is standard output.
 */
export function emitSweep(
  result: SweepResult,
  options: { json: boolean; outputs: ReadonlyArray<OutputFile | undefined>; command: string },
  context: CommandContext,
): void {
  const [out, svg] = options.outputs;
  out?.write(`${toJsonText(result, 1)}\n`);
  svg?.write(renderSweepSvg(result));
  if (options.json) context.io.out(`${toJsonText(result)}\n`);
  else
    reportWriter(
      context.io,
      options.outputs,
    )(
      formatSweepReport(result, {
        command: options.command,
        ...(svg !== undefined ? { svg: svg.path } : {}),
        ...(out !== undefined ? { out: out.path } : {}),
      }),
    );
}
