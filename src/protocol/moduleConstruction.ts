import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Certificate } from '../certificates/certificate.js';
import type { ConstructionParams } from '../construction/constructionParams.js';
import { InputRangeError, InputTypeError } from '../errors/inputError.js';
import type { Construction } from '../construction/construction.js';
import type { SparseTarget } from '../targets/sparseTarget.js';
import { checkCertificateResponse } from './checkCertificateResponse.js';
import { ProtocolViolation, type ProtocolViolationDetails } from './protocolViolation.js';
import { requestFor, type ProtocolRequest } from './requestFor.js';
import { describeThrown, quoteValue } from '../errors/quoteValue.js';

/** Options of {@link loadModuleConstruction}. */
export interface ModuleConstructionOptions {
  /** Name in reports; default the module's exported `name`, else `module:<file name>`. */
  readonly name?: string;
  /**
   * Time limit for an asynchronous `construct` to settle, in ms (default: none). A
   * synchronous `construct` runs on the harness's own thread and cannot be interrupted.
   */
  readonly timeoutMs?: number;
}

type UserConstruct = (target: SparseTarget, params: ConstructionParams) => unknown;

/**
 * Loads a JavaScript module (ESM, or CommonJS through Node's interop) that exports
 * `construct(target, params)` (synchronous or returning a promise) and optionally
 * `name` and `logitTarget`, either as named exports or as properties of the default
 * export, and wraps it as a {@link Construction}.
 *
 * `construct` receives the {@link SparseTarget} and the parameters unchanged. Every
 * value it returns goes through {@link checkCertificateResponse}, the same check as a
 * stdio response (matrices as `number[][]` or `{rows, cols, data}`; `{error: text}`
 * declines), so a bad answer is a {@link ProtocolViolation} of the same kind; an
 * exception thrown by `construct` is a `'crash'` violation carrying it as `cause`.
 * A synchronous `construct` stays synchronous. Complexity: one dynamic import.
 *
 * @example
 * const impl = await loadModuleConstruction('examples/js/attnImpl.mjs');
 * impl.name; // 'attnImpl (JS example)'
 * (await impl.construct(W, { epsilon: 0.5, gamma: 0.5, d: 16, seed: 1 })).WQ.cols; // 16
 * @throws {InputRangeError} when the file does not exist or is a directory, or `timeoutMs` is not positive.
 * @throws {InputTypeError} when the module cannot be loaded (syntax error, failing top-level code)
 *   or does not export a `construct` function, or exports a `name` that is not a non-empty string
 *   or a `logitTarget` that is not a function; the message names the file.
 */
export async function loadModuleConstruction(
  path: string,
  options: ModuleConstructionOptions = {},
): Promise<Construction> {
  if (typeof path !== 'string' || path === '')
    throw new InputTypeError('must be a path to a JavaScript module', { field: 'module' });
  const file = { file: path };
  const timeoutMs = options.timeoutMs;
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0))
    throw new InputRangeError(`must be a positive finite number of milliseconds, got ${String(timeoutMs)}`, {
      field: 'timeoutMs',
    });
  const absolute = resolve(path);
  try {
    if (statSync(absolute).isDirectory())
      throw new InputRangeError('is a directory, expected a JavaScript module', file);
  } catch (error) {
    if (error instanceof InputRangeError) throw error;
    throw new InputRangeError('cannot read the module (no such file)', file);
  }
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    throw new InputTypeError(
      `cannot load the module (${error instanceof Error ? error.message : String(error)})`,
      file,
    );
  }
  const fallback = namespace.default;
  const exports: Record<string, unknown> =
    typeof namespace.construct === 'function'
      ? namespace
      : (typeof fallback === 'object' || typeof fallback === 'function') &&
          fallback !== null &&
          typeof (fallback as Record<string, unknown>).construct === 'function'
        ? (fallback as Record<string, unknown>)
        : {};
  if (typeof exports.construct !== 'function') {
    const found = Object.keys(namespace).filter((key) => key !== 'default');
    throw new InputTypeError(
      `must export a function construct(target, params); it exports ${found.length === 0 ? 'no named export' : found.join(', ')}`,
      { ...file, field: 'construct' },
    );
  }
  // A function used as the default export has its own `name` property (its identifier): only an object's counts.
  const exportedName = typeof exports === 'function' ? undefined : exports.name;
  if (exportedName !== undefined && (typeof exportedName !== 'string' || exportedName === ''))
    throw new InputTypeError(`must be a non-empty string, got ${quoteValue(exportedName)}`, { ...file, field: 'name' });
  const logitTarget = exports.logitTarget;
  if (logitTarget !== undefined && typeof logitTarget !== 'function')
    throw new InputTypeError('must be a function (target, precision) => LogitTarget when exported', {
      ...file,
      field: 'logitTarget',
    });
  const name = options.name ?? (exportedName as string | undefined) ?? `module:${basename(path)}`;
  const userConstruct = (exports.construct as UserConstruct).bind(exports);
  let counter = 0;

  function violation(
    details: Omit<ProtocolViolationDetails, 'construction' | 'request' | 'requestLine'>,
    request: ProtocolRequest | undefined,
  ): ProtocolViolation {
    return new ProtocolViolation({
      ...details,
      construction: name,
      ...(request !== undefined ? { request, requestLine: JSON.stringify(request) } : {}),
    });
  }

  function check(result: unknown, target: SparseTarget, params: ConstructionParams, id: number): Certificate {
    const verdict = checkCertificateResponse(result, {
      L: target.L,
      d: params.d,
      ...(params.seed !== undefined ? { seed: params.seed } : {}),
    });
    if (verdict.ok) return verdict.certificate;
    throw violation(
      { kind: verdict.kind, problem: `construct returned a bad certificate: ${verdict.problem}` },
      replayable(target, params, id),
    );
  }

  const construct = (target: SparseTarget, params: ConstructionParams): Certificate | Promise<Certificate> => {
    const id = ++counter;
    let result: unknown;
    try {
      result = userConstruct(target, params);
    } catch (error) {
      throw violation(threw(error), replayable(target, params, id));
    }
    if (!isThenable(result)) return check(result, target, params, id);
    return settle(result, timeoutMs).then(
      (value) => check(value, target, params, id),
      (error: unknown) => {
        if (error instanceof TimeoutSignal)
          throw violation(
            { kind: 'timeout', problem: `construct did not settle within ${timeoutMs} ms.` },
            replayable(target, params, id),
          );
        throw violation(threw(error), replayable(target, params, id));
      },
    );
  };

  return Object.freeze({
    name,
    construct,
    ...(typeof logitTarget === 'function'
      ? { logitTarget: logitTarget as NonNullable<Construction['logitTarget']> }
      : {}),
  });
}

/** The request a stdio implementation would have received, so the case can be saved and replayed; undefined when the params cannot form one (no seed). */
function replayable(target: SparseTarget, params: ConstructionParams, id: number): ProtocolRequest | undefined {
  try {
    return requestFor(target, params, id);
  } catch {
    return undefined;
  }
}

/** Longest quotation of what `construct` threw (its message is the user's best clue, so longer than a value). */
const THROWN_LIMIT = 300;

function threw(error: unknown): Omit<ProtocolViolationDetails, 'construction' | 'request' | 'requestLine'> {
  return { kind: 'crash', problem: `construct threw ${describeThrown(error, THROWN_LIMIT)}`, cause: error };
}

/** Whether `value` is a promise-like; a value whose `then` cannot even be read (a throwing Proxy) is not, and the response check refuses it. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
}

class TimeoutSignal {}

function settle(value: PromiseLike<unknown>, timeoutMs: number | undefined): Promise<unknown> {
  if (timeoutMs === undefined) return Promise.resolve(value);
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new TimeoutSignal()), timeoutMs);
    Promise.resolve(value).then(
      (v) => {
        clearTimeout(timer);
        resolvePromise(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
