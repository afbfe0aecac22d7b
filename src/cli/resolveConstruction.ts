import { constructionNamed } from '../harness/constructions.js';
import type { Construction } from '../construction/construction.js';
import { loadModuleConstruction } from '../protocol/moduleConstruction.js';
import { startStdioConstruction } from '../protocol/stdioConstruction.js';

/** A construction the command line opened, and how to release it. */
export interface OpenConstruction {
  readonly construction: Construction;
  /** Ends a child process, if one was started (idempotent, never throws). */
  close(): Promise<void>;
}

/** How long an outside implementation may take per request, and extra for the first. */
export interface ImplementationTimeouts {
  readonly timeoutMs: number;
  readonly startupTimeoutMs: number;
}

export const IMPL_PREFIX = 'impl:';
export const MODULE_PREFIX = 'module:';

/**
 * Opens the construction a name refers to: `impl:<command line>` starts an
 * outside implementation speaking the stdio protocol (SPEC §5),
 * `module:<path>` loads a JavaScript module exporting `construct`, anything
 * else is a built-in (`paper` or its alias `builtin`, `negative:…`). Records store these names, so
 * `attnproof replay` re-opens the same implementation a validation ran.
 *
 * @throws {InputRangeError | InputTypeError} for an unknown name or a bad module.
 */
export async function openConstruction(name: string, timeouts: ImplementationTimeouts): Promise<OpenConstruction> {
  if (name.startsWith(IMPL_PREFIX)) {
    const session = startStdioConstruction(name.slice(IMPL_PREFIX.length), { ...timeouts, name });
    return { construction: session, close: () => session.close() };
  }
  if (name.startsWith(MODULE_PREFIX)) {
    const construction = await loadModuleConstruction(name.slice(MODULE_PREFIX.length), {
      name,
      timeoutMs: timeouts.timeoutMs,
    });
    return { construction, close: async () => {} };
  }
  return { construction: constructionNamed(name), close: async () => {} };
}
