import { onInterrupt } from '../../io/interruptCleanup.js';
import type { CliIo } from '../cliIo.js';

/** A line redrawn in place on a terminal (a progress bar). */
export interface StatusLine {
  /** Replaces the line with `text`; the empty text clears it (and the bar is done). */
  draw(text: string): void;
}

/**
 * A status line on standard error, redrawn in place with `\r` and erase-line. While something is drawn,
 * an interruption (Ctrl-C, SIGTERM) clears it first, so that the shell prompt does not land on a
 * half-drawn bar. For terminals only: the caller decides (`io.interactive`). `O(1)` per draw.
 *
 * @example
 * const line = statusLine(io);
 * line.draw('[###.....] 30%');
 * line.draw(''); // cleared
 * @throws never.
 */
export function statusLine(io: CliIo): StatusLine {
  let release: (() => void) | undefined;
  return {
    draw(text) {
      io.err(`\r\x1b[2K${text}`);
      if (text === '') {
        release?.();
        release = undefined;
      } else release ??= onInterrupt(() => io.err('\r\x1b[2K'));
    },
  };
}
