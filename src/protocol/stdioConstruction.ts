import { spawn, type ChildProcess } from 'node:child_process';
import { constants as bufferConstants } from 'node:buffer';
import { statSync } from 'node:fs';
import type { Certificate } from '../certificates/certificate.js';
import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import type { Construction } from '../construction/construction.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import { killGroup, registerChild, unregisterChild } from './_internals/childRegistry.js';
import { LineSplitter } from './_internals/lineSplitter.js';
import { findNonFiniteLiteral } from './_internals/nonFiniteLiteral.js';
import { checkCertificateResponse } from './checkCertificateResponse.js';
import { excerpt, ProtocolViolation, type ProtocolViolationDetails, type ProtocolViolationKind } from './protocolViolation.js';
import { requestFor, type ProtocolParams, type ProtocolRequest } from './requestFor.js';

/** Options of {@link startStdioConstruction}. */
export interface StdioConstructionOptions {
  /** Time limit per request, from writing it to receiving the whole response line, in ms. */
  readonly timeoutMs: number;
  /** Name in reports; default the command line itself. */
  readonly name?: string;
  /** Working directory of the command; default the harness's. */
  readonly cwd?: string;
  /**
   * Variables added to the inherited environment (a value `undefined` removes one).
   * `PYTHONUNBUFFERED=1` is set by default so a Python implementation's `print`
   * reaches the pipe without an explicit flush; pass `{ PYTHONUNBUFFERED: undefined }` to drop it.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra time allowed for the first request, which also pays for start-up (imports, JIT). Default 0. */
  readonly startupTimeoutMs?: number;
  /** How long {@link StdioConstruction.close} waits after closing stdin before killing. Default 500 ms. */
  readonly closeGraceMs?: number;
  /** Where the command's stderr goes: `'inherit'` (default, passed through to the user) or `'ignore'`. Never parsed. */
  readonly stderr?: 'inherit' | 'ignore';
  /** Longest response line accepted, in bytes; default the longest string this Node can hold. */
  readonly maxLineBytes?: number;
}

/**
 * An implementation in another process, driven over the stdio protocol of
 * SPEC §5, as a {@link Construction}. Every failure of the
 * implementation is a {@link ProtocolViolation}.
 */
export interface StdioConstruction extends Construction {
  /**
   * Sends the request for `(target, params)` (see {@link requestFor}; ids are 1, 2, 3, ...
   * in call order) and resolves with the validated certificate. Concurrent calls are
   * queued: one request is outstanding at a time.
   */
  construct(target: SparseTarget, params: ProtocolParams): Promise<Certificate>;
  /** Sends a ready-made request (a saved one, for replay), with its own id. */
  send(request: ProtocolRequest): Promise<Certificate>;
  /**
   * Ends the session: closes the command's stdin, waits up to `closeGraceMs` for it to
   * exit, then kills its process group. Idempotent; never rejects. A request still
   * outstanding is rejected with a plain `Error` (closing was the harness's choice).
   */
  close(): Promise<void>;
  /** The command line as given. */
  readonly commandLine: string;
  /** Number of request lines written so far. */
  readonly requestsSent: number;
  /** Process id of the command (also its process group id); undefined if it could not be started. */
  readonly pid: number | undefined;
  /** True while the command's process has not exited. */
  readonly running: boolean;
  /**
   * The violation that ended the session, if one did (every later request is rejected
   * with it). Output written after the last response is only noticed here, not by a
   * request: check it after {@link close} to catch a trailing extra line.
   */
  readonly brokenBy: ProtocolViolation | undefined;
}

/** Violations after which the output stream can no longer be trusted: the process is killed. */
const FATAL: ReadonlySet<ProtocolViolationKind> = new Set(['crash', 'timeout', 'malformed-json', 'wrong-id', 'exit']);

const STDOUT_HINT = 'Stdout is reserved for protocol responses, one line per request; print diagnostics to stderr.';
const FLUSH_HINT =
  'If the implementation buffers its output, flush stdout after each response (Python: print(..., flush=True) or python3 -u; C: fflush(stdout)).';

/**
 * Starts `commandLine` once (through `/bin/sh -c`, so `"python3 impl.py --flag"`
 * works) and returns a {@link StdioConstruction} that talks to it in JSON Lines
 * (SPEC §5): one request line per `construct`, one response line back with the
 * same id, validated by {@link checkCertificateResponse}.
 *
 * Guarantees: no call hangs longer than its time limit; the command never
 * outlives the session (it runs as its own process group, which is killed with
 * SIGKILL on a timeout, on a violation that desynchronises the stream, on
 * `close()`, and when the harness exits); its stderr is passed through untouched.
 * A response of `n` bytes is read in `O(n)` (chunks are joined once).
 *
 * @example
 * const impl = startStdioConstruction('python3 examples/python/attn_impl.py', { timeoutMs: 10_000 });
 * const cert = await impl.construct(W, { epsilon: 0.5, gamma: 0.5, d: 64, seed: 1 });
 * cert.WQ.cols; // 64
 * await impl.close();
 * @throws {InputTypeError} when `commandLine` is not a non-empty string.
 * @throws {InputRangeError} when `timeoutMs` (or another time option) is not a positive finite
 *   number, or `cwd` is not a directory. Failures of the command itself are never thrown here:
 *   they reject the first request as a {@link ProtocolViolation}.
 */
export function startStdioConstruction(commandLine: string, options: StdioConstructionOptions): StdioConstruction {
  if (typeof commandLine !== 'string' || commandLine.trim() === '')
    throw new InputTypeError('must be a non-empty command line', { field: 'command' });
  if (typeof options !== 'object' || options === null) throw new InputTypeError('options must be an object with timeoutMs', { field: 'options' });
  checkMilliseconds(options.timeoutMs, 'timeoutMs', false);
  if (options.startupTimeoutMs !== undefined) checkMilliseconds(options.startupTimeoutMs, 'startupTimeoutMs', true);
  if (options.closeGraceMs !== undefined) checkMilliseconds(options.closeGraceMs, 'closeGraceMs', true);
  if (options.maxLineBytes !== undefined && (!Number.isSafeInteger(options.maxLineBytes) || options.maxLineBytes < 1))
    throw new InputRangeError(`must be a positive integer, got ${options.maxLineBytes}`, { field: 'maxLineBytes' });
  if (options.cwd !== undefined) {
    let isDirectory = false;
    try {
      isDirectory = statSync(options.cwd).isDirectory();
    } catch {
      isDirectory = false;
    }
    if (!isDirectory) throw new InputRangeError(`${JSON.stringify(options.cwd)} is not a directory`, { field: 'cwd' });
  }
  return new StdioSession(commandLine, options);
}

function checkMilliseconds(value: unknown, field: string, zeroAllowed: boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0))
    throw new InputRangeError(`must be a ${zeroAllowed ? 'non-negative' : 'positive'} finite number of milliseconds, got ${String(value)}`, { field });
}

interface Pending {
  readonly request: ProtocolRequest;
  readonly line: string;
  readonly resolve: (certificate: Certificate) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Answered {
  readonly pending: Pending;
  readonly certificate: Certificate;
}

type Problem = Omit<ProtocolViolationDetails, 'construction' | 'request' | 'requestLine'>;

class StdioSession implements StdioConstruction {
  readonly name: string;
  readonly commandLine: string;
  private readonly timeoutMs: number;
  private readonly startupTimeoutMs: number;
  private readonly closeGraceMs: number;
  private readonly child: ChildProcess;
  private readonly splitter: LineSplitter;
  private readonly maxLineBytes: number;
  private pending: Pending | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private spawnError: Error | undefined;
  private gone = false;
  private closing = false;
  private closePromise: Promise<void> | undefined;
  private broken: ProtocolViolation | undefined;
  /** Lines written before the first request; they are read as its response once it is sent. */
  private early: Buffer[] = [];
  private lastRequest: ProtocolRequest | undefined;
  private lastLine: string | undefined;
  private sent = 0;
  private nextId = 1;
  private exitWaiters: Array<() => void> = [];

  constructor(commandLine: string, options: StdioConstructionOptions) {
    this.commandLine = commandLine;
    this.name = options.name ?? commandLine;
    this.timeoutMs = options.timeoutMs;
    this.startupTimeoutMs = options.startupTimeoutMs ?? 0;
    this.closeGraceMs = options.closeGraceMs ?? 500;
    this.maxLineBytes = options.maxLineBytes ?? bufferConstants.MAX_STRING_LENGTH;
    this.splitter = new LineSplitter(this.maxLineBytes);
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...process.env, PYTHONUNBUFFERED: '1', ...options.env }))
      if (value !== undefined) env[key] = value;
    this.child = spawn('/bin/sh', ['-c', commandLine], {
      stdio: ['pipe', 'pipe', options.stderr ?? 'inherit'],
      detached: true,
      env,
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    });
    const pid = this.child.pid;
    if (pid !== undefined) registerChild(pid);
    // The session must not keep the harness alive by itself: only an outstanding request's
    // timer (or close()'s grace timer) does; the exit hook kills whatever is left.
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
    this.child.stdin?.on('error', () => {
      // EPIPE / ECONNRESET: the command died or closed its stdin; 'exit' / 'close' or the timeout report it.
    });
    this.child.stdout?.on('error', () => {});
    this.child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.on('error', (error) => {
      this.spawnError ??= error;
      if (this.child.pid === undefined) this.onExit(null, null);
    });
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    this.child.on('close', () => this.onGone());
  }

  get requestsSent(): number {
    return this.sent;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.pid !== undefined && this.exitInfo === undefined;
  }

  get brokenBy(): ProtocolViolation | undefined {
    return this.broken;
  }

  construct(target: SparseTarget, params: ProtocolParams): Promise<Certificate> {
    let request: ProtocolRequest;
    try {
      request = requestFor(target, params, this.nextId);
    } catch (error) {
      return Promise.reject(error);
    }
    this.nextId++;
    return this.send(request);
  }

  send(request: ProtocolRequest): Promise<Certificate> {
    const run = (): Promise<Certificate> => this.exchange(request);
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  close(): Promise<void> {
    this.closePromise ??= this.shutdown();
    return this.closePromise;
  }

  private get exited(): boolean {
    return this.exitInfo !== undefined;
  }

  private exchange(request: ProtocolRequest): Promise<Certificate> {
    if (this.closing) return Promise.reject(new Error(`${this.name}: the session is closed; request ${request.id} was not sent`));
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const line = JSON.stringify(request);
    if (this.exited || this.gone) {
      const violation = this.violation(this.deathProblem(false), request, line);
      this.breakWith(violation);
      return Promise.reject(violation);
    }
    return new Promise<Certificate>((resolve, reject) => {
      const limit = this.timeoutMs + (this.sent === 0 ? this.startupTimeoutMs : 0);
      const pending: Pending = { request, line, resolve, reject };
      pending.timer = setTimeout(() => this.onTimeout(pending, limit), limit);
      this.pending = pending;
      this.sent++;
      this.lastRequest = request;
      this.lastLine = line;
      this.child.stdin?.write(`${line}\n`);
      if (this.early.length > 0) {
        const early = this.early;
        this.early = [];
        this.handleLines(early, false);
      }
    });
  }

  private onData(chunk: Buffer): void {
    if (this.broken !== undefined) return; // the process is being killed; its output no longer matters
    const { lines, overflow } = this.splitter.push(chunk);
    this.handleLines(lines, overflow);
  }

  /** Dispatches complete lines: the response to the outstanding request, or output that should not be there. */
  private handleLines(lines: readonly Buffer[], overflow: boolean): void {
    let answered: Answered | undefined;
    for (const buffer of lines) {
      if (this.broken !== undefined) return;
      if (this.pending === undefined) {
        if (answered !== undefined) {
          // A second line in the same read as the response: the request that caused it is known.
          this.rejectAnswered(answered, decode(buffer), true);
          return;
        }
        if (this.sent === 0) {
          this.early.push(buffer);
          continue;
        }
        this.breakWith(this.extraOutput(decode(buffer), true, this.lastRequest, this.lastLine));
        return;
      }
      answered = this.onResponseLine(this.pending, buffer);
    }
    if (overflow) {
      const problem: Problem = {
        kind: 'malformed-json',
        problem: `wrote a line longer than ${this.maxLineBytes} bytes, the most one response line may hold`,
      };
      if (answered !== undefined) this.rejectAnswered(answered, '', false, problem);
      else if (this.pending !== undefined) this.fail(this.pending, problem);
      else if (this.broken === undefined) this.breakWith(this.violation(problem, this.lastRequest, this.lastLine));
      return;
    }
    if (answered === undefined) return;
    if (this.splitter.pendingBytes > 0) this.rejectAnswered(answered, this.splitter.pendingText(400), false);
    else answered.pending.resolve(answered.certificate);
  }

  /** Parses and checks a response line; returns the certificate, or fails the request and returns undefined. */
  private onResponseLine(pending: Pending, buffer: Buffer): Answered | undefined {
    const text = decode(buffer);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      this.fail(pending, malformedJson(text, error));
      return undefined;
    }
    const { request } = pending;
    const check = checkCertificateResponse(parsed, { id: request.id, L: request.L, d: request.d, seed: request.seed });
    if (!check.ok) {
      this.fail(pending, {
        kind: check.kind,
        problem: check.problem,
        ...(check.kind === 'error-response' || check.kind === 'non-finite' ? {} : { output: excerpt(text) }),
      });
      return undefined;
    }
    clearTimeout(pending.timer);
    this.pending = undefined;
    return { pending, certificate: check.certificate };
  }

  /** A response was valid but more output followed it in the same read. */
  private rejectAnswered(answered: Answered, extra: string, complete: boolean, problem?: Problem): void {
    const { request, line } = answered.pending;
    const violation = problem !== undefined ? this.violation(problem, request, line) : this.extraOutput(extra, complete, request, line);
    this.breakWith(violation);
    answered.pending.reject(violation);
  }

  /** Output after a response, before the next request: either a second response or stray printing. */
  private extraOutput(text: string, complete: boolean, request: ProtocolRequest | undefined, line: string | undefined): ProtocolViolation {
    const after = request === undefined ? 'before any request' : `after answering request ${request.id}`;
    let id: unknown;
    if (complete) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'id' in parsed) id = (parsed as { id: unknown }).id;
      } catch {
        id = undefined;
      }
    }
    const problem: Problem =
      id !== undefined
        ? {
            kind: 'wrong-id',
            problem: `wrote another response line (id ${JSON.stringify(id)}) ${after}; each request gets exactly one response line, in order.`,
            output: excerpt(text),
          }
        : {
            kind: 'malformed-json',
            problem: `wrote output to stdout ${after} that is not a response${complete ? '' : ' (an unfinished line)'}.`,
            output: excerpt(text),
            hint: STDOUT_HINT,
          };
    return this.violation(problem, request, line);
  }

  private onTimeout(pending: Pending, limit: number): void {
    if (this.pending !== pending) return;
    const partial = this.splitter.pendingBytes;
    const stillRunning = this.exited ? ` (the command itself exited${describeExit(this.exitInfo)}, but a process it started still holds its stdout)` : '';
    this.fail(pending, {
      kind: 'timeout',
      problem:
        `no complete response line within ${limit} ms${stillRunning}` +
        (partial > 0 ? `; it had written ${partial} bytes of a line without the final newline.` : '.'),
      ...(partial > 0 ? { output: excerpt(this.splitter.pendingText(400)) } : {}),
      hint: `It was killed. ${FLUSH_HINT}`,
    });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exitInfo !== undefined) return;
    this.exitInfo = { code, signal };
    const pid = this.child.pid;
    if (pid !== undefined) {
      // Whatever the command started in its process group goes with it.
      killGroup(pid);
      unregisterChild(pid);
    }
    for (const wake of this.exitWaiters.splice(0)) wake();
    if (pid === undefined) this.onGone();
  }

  /** Stdout is closed and the process has exited: an outstanding request will never be answered. */
  private onGone(): void {
    if (this.gone) return;
    this.gone = true;
    const pending = this.pending;
    if (pending === undefined) return;
    if (this.closing) {
      clearTimeout(pending.timer);
      this.pending = undefined;
      pending.reject(new Error(`${this.name}: the session was closed before request ${pending.request.id} was answered`));
      return;
    }
    this.fail(pending, this.deathProblem(true));
  }

  /** Why the command is gone, for a request outstanding when it died (`whileAnswering`) or sent after. */
  private deathProblem(whileAnswering: boolean): Problem {
    if (this.spawnError !== undefined && this.child.pid === undefined)
      return { kind: 'crash', problem: `could not be started: ${this.spawnError.message}.`, exitCode: null, signal: null };
    const { code, signal } = this.exitInfo ?? { code: null, signal: null };
    const partial = whileAnswering ? this.splitter.pendingBytes : 0;
    const when = whileAnswering
      ? partial > 0
        ? `before finishing its response (it wrote ${partial} bytes without the final newline)`
        : 'before answering'
      : this.lastRequest === undefined
        ? 'before the first request was sent'
        : `after answering request ${this.lastRequest.id}, before this request was sent`;
    const output = partial > 0 ? { output: excerpt(this.splitter.pendingText(400)) } : {};
    if (signal !== null || (code !== null && code !== 0) || (code === null && signal === null)) {
      let hint = 'Its stderr, passed through above, may say why.';
      if (code === 127) hint = 'Exit code 127: the shell could not find the command.';
      if (code === 126) hint = 'Exit code 126: the command is not executable.';
      if (code !== null && code > 128 && code < 160)
        hint = `Exit code ${code}: the shell reports a command killed by signal ${code - 128} this way (137: SIGKILL, often out of memory; 139: SIGSEGV).`;
      return { kind: 'crash', problem: `crashed${describeExit(this.exitInfo)} ${when}.`, exitCode: code, signal, hint, ...output };
    }
    return {
      kind: 'exit',
      problem: `exited${describeExit(this.exitInfo)} ${when}.`,
      exitCode: code,
      signal,
      hint: 'An implementation must keep answering requests until its stdin is closed.',
      ...output,
    };
  }

  private fail(pending: Pending, problem: Problem): void {
    clearTimeout(pending.timer);
    if (this.pending === pending) this.pending = undefined;
    const violation = this.violation(problem, pending.request, pending.line);
    if (FATAL.has(problem.kind)) this.breakWith(violation);
    pending.reject(violation);
  }

  private violation(problem: Problem, request: ProtocolRequest | undefined, line: string | undefined): ProtocolViolation {
    return new ProtocolViolation({
      ...problem,
      construction: this.name,
      ...(request !== undefined ? { request } : {}),
      ...(line !== undefined ? { requestLine: line } : {}),
    });
  }

  /** The stream can no longer be trusted: remember why and kill the process group. */
  private breakWith(violation: ProtocolViolation): void {
    this.broken ??= violation;
    this.splitter.clear();
    this.early = [];
    const pid = this.child.pid;
    if (pid !== undefined) killGroup(pid);
  }

  private waitForExit(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.exited) {
        resolve();
        return;
      }
      const timer = setTimeout(resolve, ms);
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    const pid = this.child.pid;
    if (!this.exited && pid !== undefined) {
      this.child.stdin?.end();
      await this.waitForExit(this.closeGraceMs);
      if (!this.exited) {
        killGroup(pid);
        await this.waitForExit(2000);
      }
    }
    if (pid !== undefined) {
      killGroup(pid);
      unregisterChild(pid);
    }
    // An outstanding request whose process is gone but whose stdout never closed.
    const pending = this.pending;
    if (pending !== undefined) {
      clearTimeout(pending.timer);
      this.pending = undefined;
      pending.reject(new Error(`${this.name}: the session was closed before request ${pending.request.id} was answered`));
    }
  }
}

/** A response line as text, without a trailing carriage return (tolerated from CRLF printers). */
function decode(buffer: Buffer): string {
  const text = buffer.toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

function describeExit(info: { code: number | null; signal: NodeJS.Signals | null } | undefined): string {
  if (info === undefined) return '';
  if (info.signal !== null) return ` (killed by signal ${info.signal})`;
  if (info.code !== null) return ` (exit code ${info.code})`;
  return '';
}

/** Explains a line `JSON.parse` rejected, naming a literal NaN or Infinity when there is one. */
function malformedJson(text: string, error: unknown): Problem {
  if (text.trim() === '') return { kind: 'malformed-json', problem: 'wrote an empty line instead of a response.', hint: STDOUT_HINT };
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
  const reason = (error instanceof Error ? error.message : String(error)).replace(/, ".*"(?:\.\.\.)? is not valid JSON$/s, '');
  return { kind: 'malformed-json', problem: `wrote a line that is not valid JSON (${reason}).`, output: excerpt(text), hint: STDOUT_HINT };
}
