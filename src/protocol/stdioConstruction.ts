import { statSync } from 'node:fs';
import type { Certificate } from '../certificates/certificate.js';
import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import type { Construction } from '../construction/construction.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import { StdioSession } from './_internals/stdioSession.js';
import type { ProtocolViolation } from './protocolViolation.js';
import type { ProtocolParams, ProtocolRequest } from './requestFor.js';

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
  if (typeof options !== 'object' || options === null)
    throw new InputTypeError('options must be an object with timeoutMs', { field: 'options' });
  checkMilliseconds(options.timeoutMs, 'timeoutMs', false);
  if (options.startupTimeoutMs !== undefined) checkMilliseconds(options.startupTimeoutMs, 'startupTimeoutMs', true);
  if (options.closeGraceMs !== undefined) checkMilliseconds(options.closeGraceMs, 'closeGraceMs', true);
  if (options.maxLineBytes !== undefined && (!Number.isSafeInteger(options.maxLineBytes) || options.maxLineBytes < 1))
    throw new InputRangeError(`must be a positive integer, got ${options.maxLineBytes}`, { field: 'maxLineBytes' });
  if (options.cwd !== undefined) {
    let isDirectory: boolean;
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
    throw new InputRangeError(
      `must be a ${zeroAllowed ? 'non-negative' : 'positive'} finite number of milliseconds, got ${String(value)}`,
      { field },
    );
}
