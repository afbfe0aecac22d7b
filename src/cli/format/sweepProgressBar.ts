import type { SweepProgress } from '../../sweep/runSweep.js';
import type { CliIo } from '../cliIo.js';
import { statusLine } from './statusLine.js';

/**
 * A progress bar with a time estimate on stderr, redrawn in place at most ten
 * times a second: share of the expected work done, the length being measured,
 * elapsed time and the estimated time left (elapsed · (1 − f)/f, shown once a
 * few percent are done). For terminals only; the caller decides.
 */
export function sweepProgressBar(io: CliIo, width = 28): (progress: SweepProgress) => void {
  const bar = statusLine(io);
  let lastDraw = -Infinity;
  return (p) => {
    const now = performance.now();
    const finished = p.trialsDone === p.trialsTotal;
    if (!finished && now - lastDraw < 100) return;
    lastDraw = now;
    const filled = Math.round(p.fraction * width);
    const eta =
      p.fraction >= 0.02 && p.elapsedSeconds >= 1
        ? `, about ${clock((p.elapsedSeconds * (1 - p.fraction)) / p.fraction)} left`
        : '';
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(p.fraction * 100)).padStart(3)}%  L = ${p.L}, trial ${p.lengthTrialsDone}/${p.lengthTrialsTotal} of this length, ${clock(p.elapsedSeconds)} elapsed${eta}`;
    bar.draw(finished ? '' : line);
  };
}

/** Minutes and seconds, `m:ss`. */
function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
