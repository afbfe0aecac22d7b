const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const cleanups = new Set<() => void>();
let installed = false;

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
  if (!installed) {
    installed = true;
    for (const signal of SIGNALS) process.on(signal, interrupted);
  }
  return () => void cleanups.delete(cleanup);
}

function interrupted(signal: NodeJS.Signals): void {
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
