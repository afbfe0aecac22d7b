const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const cleanups = new Set<() => void>();
let installed = false;
let deferral: ((signal: NodeJS.Signals) => void) | undefined;

/**
 * Registers `cleanup` to run if the process is interrupted (SIGINT, SIGTERM, SIGHUP) while it is
 * registered, and returns the function that unregisters it. On a signal every registered cleanup runs
 * (a temporary file is removed, a half-drawn progress bar is cleared; errors are ignored), then the
 * signal is raised again with the default action, so the process ends as an interrupted process does
 * (status 130 for Ctrl-C). The handlers are installed at the first registration: a process that never
 * writes a file keeps the default, immediate, reaction to Ctrl-C. `O(1)`.
 *
 * @example
 * const done = onInterrupt(() => rmSync(temporary, { force: true }));
 * try { writeTheFile(); } finally { done(); }
 * @throws never.
 */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  install();
  return () => void cleanups.delete(cleanup);
}

/**
 * Lets a long run end gracefully on the first interruption: while registered, the first SIGINT,
 * SIGTERM or SIGHUP calls `onSignal` (once) instead of ending the process, so the run can stop after
 * its current step and keep what it has measured; a second signal ends the process as
 * {@link onInterrupt} describes (cleanups run, then the default action). Returns the function that
 * unregisters it (a no-op once it has fired). `O(1)`.
 *
 * @example
 * const stop = new AbortController();
 * const release = deferInterrupt(() => stop.abort());
 * try { await longRun({ signal: stop.signal }); } finally { release(); }
 * @throws never.
 */
export function deferInterrupt(onSignal: (signal: NodeJS.Signals) => void): () => void {
  deferral = onSignal;
  install();
  return () => {
    if (deferral === onSignal) deferral = undefined;
  };
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, interrupted);
}

function interrupted(signal: NodeJS.Signals): void {
  const graceful = deferral;
  if (graceful !== undefined) {
    // The first interruption of a run that can stop gracefully: it stops, the process lives on.
    deferral = undefined;
    graceful(signal);
    return;
  }
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // the process is ending: nothing better to do than the next cleanup
    }
  }
  cleanups.clear();
  for (const s of SIGNALS) process.removeListener(s, interrupted);
  installed = false;
  process.kill(process.pid, signal);
}
