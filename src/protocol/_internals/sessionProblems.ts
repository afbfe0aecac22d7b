import type { ProtocolViolationDetails } from '../protocolViolation.js';
import { excerpt } from '../protocolViolation.js';
import { findNonFiniteLiteral } from './nonFiniteLiteral.js';

/** A violation before the session adds the construction's name and the request it concerns. */
export type Problem = Omit<ProtocolViolationDetails, 'construction' | 'request' | 'requestLine'>;

/** How the command's process ended, as Node's `'exit'` event reports it. */
export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** The start of an unfinished output line: its length in bytes and its first bytes decoded. */
export interface PartialLine {
  readonly bytes: number;
  readonly text: string;
}

/** When the command was found gone: while a request was outstanding, or before one was sent. */
export type DeathMoment =
  | { readonly kind: 'answering'; readonly partial: PartialLine | undefined }
  | { readonly kind: 'between'; readonly lastId: number | undefined };

/** How the command ended: it never started (spawn failed), or it exited (`exit` undefined if not yet reported). */
export type ProcessEnd =
  | { readonly kind: 'unstarted'; readonly error: Error }
  | { readonly kind: 'ended'; readonly exit: ExitInfo | undefined };

const STDOUT_HINT = 'Stdout is reserved for protocol responses, one line per request; print diagnostics to stderr.';
const FLUSH_HINT =
  'If the implementation buffers its output, flush stdout after each response (Python: print(..., flush=True) or python3 -u; C: fflush(stdout)).';

/**
 * The parenthesised end of a process for a message: `' (killed by signal SIGKILL)'`,
 * `' (exit code 3)'`, or `''` when nothing is known. O(1).
 *
 * @example
 * describeExit({ code: 3, signal: null }); // ' (exit code 3)'
 * describeExit(undefined); // ''
 */
export function describeExit(info: ExitInfo | undefined): string {
  if (info === undefined) return '';
  if (info.signal !== null) return ` (killed by signal ${info.signal})`;
  if (info.code !== null) return ` (exit code ${info.code})`;
  return '';
}

/**
 * Why the command is gone, for a request outstanding when it died (`moment.kind === 'answering'`)
 * or sent after it died (`'between'`): a `crash` (spawn failure, signal, non-zero or unknown exit
 * code, with a hint for the shell's codes 126, 127 and 129-159) or an `exit` (code 0). O(1).
 *
 * @example
 * deathProblem({ kind: 'ended', exit: { code: 127, signal: null } }, { kind: 'between', lastId: undefined }).problem;
 * // 'crashed (exit code 127) before the first request was sent.'
 */
export function deathProblem(end: ProcessEnd, moment: DeathMoment): Problem {
  if (end.kind === 'unstarted')
    return { kind: 'crash', problem: `could not be started: ${end.error.message}.`, exitCode: null, signal: null };
  const { code, signal } = end.exit ?? { code: null, signal: null };
  const partial =
    moment.kind === 'answering' && moment.partial !== undefined && moment.partial.bytes > 0
      ? moment.partial
      : undefined;
  const when =
    moment.kind === 'answering'
      ? partial !== undefined
        ? `before finishing its response (it wrote ${partial.bytes} bytes without the final newline)`
        : 'before answering'
      : moment.lastId === undefined
        ? 'before the first request was sent'
        : `after answering request ${moment.lastId}, before this request was sent`;
  const output = partial !== undefined ? { output: excerpt(partial.text) } : {};
  if (signal !== null || (code !== null && code !== 0) || (code === null && signal === null)) {
    let hint = 'Its stderr, passed through above, may say why.';
    if (code === 127) hint = 'Exit code 127: the shell could not find the command.';
    if (code === 126) hint = 'Exit code 126: the command is not executable.';
    if (code !== null && code > 128 && code < 160)
      hint = `Exit code ${code}: the shell reports a command killed by signal ${code - 128} this way (137: SIGKILL, often out of memory; 139: SIGSEGV).`;
    return {
      kind: 'crash',
      problem: `crashed${describeExit(end.exit)} ${when}.`,
      exitCode: code,
      signal,
      hint,
      ...output,
    };
  }
  return {
    kind: 'exit',
    problem: `exited${describeExit(end.exit)} ${when}.`,
    exitCode: code,
    signal,
    hint: 'An implementation must keep answering requests until its stdin is closed.',
    ...output,
  };
}

/**
 * Output after a response, before the next request (`afterId` the last request answered, undefined
 * before any): a second response line (`wrong-id`, when `complete` and it parses as an object with
 * an `id`) or stray printing (`malformed-json`). O(length of `text`).
 *
 * @example
 * extraOutputProblem('{"id":1}', true, 1).kind; // 'wrong-id'
 * extraOutputProblem('debug: 3', true, 1).kind; // 'malformed-json'
 */
export function extraOutputProblem(text: string, complete: boolean, afterId: number | undefined): Problem {
  const after = afterId === undefined ? 'before any request' : `after answering request ${afterId}`;
  let id: unknown;
  if (complete) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'id' in parsed) id = parsed.id;
    } catch {
      id = undefined;
    }
  }
  if (id !== undefined)
    return {
      kind: 'wrong-id',
      problem: `wrote another response line (id ${JSON.stringify(id)}) ${after}; each request gets exactly one response line, in order.`,
      output: excerpt(text),
    };
  return {
    kind: 'malformed-json',
    problem: `wrote output to stdout ${after} that is not a response${complete ? '' : ' (an unfinished line)'}.`,
    output: excerpt(text),
    hint: STDOUT_HINT,
  };
}

/**
 * Explains a line `JSON.parse` rejected with `error`, naming a literal NaN or Infinity when there
 * is one, or an empty line. O(length of `text`).
 *
 * @example
 * malformedJsonProblem('{"WQ": NaN}', new SyntaxError('x')).problem.startsWith('wrote the literal NaN at column 8'); // true
 */
export function malformedJsonProblem(text: string, error: unknown): Problem {
  if (text.trim() === '')
    return { kind: 'malformed-json', problem: 'wrote an empty line instead of a response.', hint: STDOUT_HINT };
  const literal = findNonFiniteLiteral(text);
  if (literal !== undefined)
    return {
      kind: 'malformed-json',
      problem:
        `wrote the literal ${literal.token} at column ${literal.offset + 1} of its response, which is not JSON: ` +
        'the matrices have a non-finite entry (JSON has no NaN or Infinity).',
      output: excerpt(text.slice(Math.max(0, literal.offset - 40), literal.offset + 40)),
      hint: "Python's json.dumps writes NaN unless allow_nan=False; entries must be finite.",
    };
  const reason = (error instanceof Error ? error.message : String(error)).replace(
    /, ".*"(?:\.\.\.)? is not valid JSON$/s,
    '',
  );
  return {
    kind: 'malformed-json',
    problem: `wrote a line that is not valid JSON (${reason}).`,
    output: excerpt(text),
    hint: STDOUT_HINT,
  };
}

/**
 * No complete response line within `limit` ms. `exitedWhile` is set when the command itself had
 * exited (a process it started still holds its stdout); `partial` is the unfinished line, if any. O(1).
 *
 * @example
 * timeoutProblem(100, undefined, undefined).problem; // 'no complete response line within 100 ms.'
 */
export function timeoutProblem(
  limit: number,
  exitedWhile: ExitInfo | undefined,
  partial: PartialLine | undefined,
): Problem {
  const stillRunning =
    exitedWhile !== undefined
      ? ` (the command itself exited${describeExit(exitedWhile)}, but a process it started still holds its stdout)`
      : '';
  const written = partial !== undefined && partial.bytes > 0 ? partial : undefined;
  return {
    kind: 'timeout',
    problem:
      `no complete response line within ${limit} ms${stillRunning}` +
      (written !== undefined ? `; it had written ${written.bytes} bytes of a line without the final newline.` : '.'),
    ...(written !== undefined ? { output: excerpt(written.text) } : {}),
    hint: `It was killed. ${FLUSH_HINT}`,
  };
}

/**
 * A line longer than `maxLineBytes`, the most one response line may hold. O(1).
 *
 * @example
 * overflowProblem(10).problem; // 'wrote a line longer than 10 bytes, the most one response line may hold'
 */
export function overflowProblem(maxLineBytes: number): Problem {
  return {
    kind: 'malformed-json',
    problem: `wrote a line longer than ${maxLineBytes} bytes, the most one response line may hold`,
  };
}
