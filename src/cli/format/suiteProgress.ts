import type { CliIo } from '../cliIo.js';
import { statusLine } from './statusLine.js';

/**
 * A progress line on stderr for a suite run (terminals only): the property running, its share done,
 * and how many properties are finished; redrawn in place, cleared at the end or on Ctrl-C. `O(1)` per call.
 */
export function suiteProgress(io: CliIo, total?: number): (property: { name: string }, fraction: number) => void {
  const line = statusLine(io);
  const finished = new Set<string>();
  let last = '';
  const started = performance.now();
  return (property, fraction) => {
    if (fraction >= 1) finished.add(property.name);
    const count =
      total !== undefined
        ? ` (${finished.size} of ${total} done, ${Math.round((performance.now() - started) / 1000)} s)`
        : '';
    const text =
      fraction >= 1 && total !== undefined && finished.size >= total
        ? ''
        : `  ${property.name} ${Math.round(Math.min(fraction, 1) * 100)}%${count}`;
    if (text === last) return;
    last = text;
    line.draw(text);
  };
}
