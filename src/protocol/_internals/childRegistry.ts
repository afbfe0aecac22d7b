/**
 * Process groups of the implementations under test that are still alive, so
 * that none outlives the harness. Each implementation runs detached, as the
 * leader of its own process group, so `kill(-pid)` reaches it and anything it
 * started; the flip side is that a Ctrl-C typed in the terminal no longer
 * reaches it, hence the signal handlers below.
 *
 * - On `process.on('exit')` every live group gets SIGKILL (synchronously).
 * - While at least one group is alive, SIGINT, SIGTERM and SIGHUP kill the
 *   groups too; the handler then removes itself and, if nobody else listens
 *   for that signal, re-raises it so the default action (terminating the
 *   harness) still happens.
 */
const live = new Set<number>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let exitHookInstalled = false;
let signalHooksInstalled = false;

/** Sends `signal` to process group `pid`; true when it was delivered (false: already gone). */
export function killGroup(pid: number, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function killAll(): void {
  for (const pid of live) killGroup(pid);
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  removeSignalHooks();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installSignalHooks(): void {
  if (signalHooksInstalled) return;
  signalHooksInstalled = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function removeSignalHooks(): void {
  if (!signalHooksInstalled) return;
  signalHooksInstalled = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Records a live process group (the implementation's pid). */
export function registerChild(pid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killAll);
  }
  live.add(pid);
  installSignalHooks();
}

/** Forgets a process group once it is gone (and removes the signal hooks when none is left). */
export function unregisterChild(pid: number): void {
  live.delete(pid);
  if (live.size === 0) removeSignalHooks();
}

/** Number of process groups currently registered (for tests). */
export function liveChildCount(): number {
  return live.size;
}
