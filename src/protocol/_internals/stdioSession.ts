import { spawn, type ChildProcess } from 'node:child_process';
import { constants as bufferConstants } from 'node:buffer';
import type { Certificate } from '../../certificates/certificate.js';
import type { SparseTarget } from '../../targets/sparseTarget.js';
import { checkCertificateResponse } from '../checkCertificateResponse.js';
import { excerpt, ProtocolViolation, type ProtocolViolationKind } from '../protocolViolation.js';
import { requestFor, type ProtocolParams, type ProtocolRequest } from '../requestFor.js';
import type { StdioConstruction, StdioConstructionOptions } from '../stdioConstruction.js';
import { killGroup, registerChild, unregisterChild } from './childRegistry.js';
import { LineSplitter } from './lineSplitter.js';
import {
  deathProblem,
  extraOutputProblem,
  malformedJsonProblem,
  overflowProblem,
  timeoutProblem,
  type DeathMoment,
  type ExitInfo,
  type PartialLine,
  type Problem,
} from './sessionProblems.js';
import { decode, type Answered, type Conversation, type Life, type Pending, type Sent } from './sessionState.js';

/** Violations after which the output stream can no longer be trusted: the process is killed. */
const FATAL: ReadonlySet<ProtocolViolationKind> = new Set(['crash', 'timeout', 'malformed-json', 'wrong-id', 'exit']);

/**
 * One running command spoken to over the stdio protocol (SPEC §5): the machinery behind
 * {@link startStdioConstruction}, which checks the arguments first. Two unions hold its state:
 * the conversation ({@link Conversation}) and the process ({@link Life}), which can end in any phase.
 */
export class StdioSession implements StdioConstruction {
  readonly name: string;
  readonly commandLine: string;
  private readonly timeoutMs: number;
  private readonly startupTimeoutMs: number;
  private readonly closeGraceMs: number;
  private readonly child: ChildProcess;
  private readonly splitter: LineSplitter;
  private readonly maxLineBytes: number;
  private conversation: Conversation = { phase: 'unsent', early: [] };
  private life: Life = { status: 'running' };
  private tail: Promise<unknown> = Promise.resolve();
  private closePromise: Promise<void> | undefined;
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
    for (const stream of [this.child.stdin, this.child.stdout])
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    this.child.stdin?.on('error', () => {
      // EPIPE / ECONNRESET: the command died or closed its stdin; 'exit' / 'close' or the timeout report it.
    });
    this.child.stdout?.on('error', () => {});
    this.child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.on('error', (error) => {
      // An error after a successful spawn (a failed kill) changes nothing; a failed spawn ends the session.
      if (this.child.pid === undefined && this.life.status === 'running') {
        this.life = { status: 'unstarted', error };
        this.onExited();
        this.onGone();
      }
    });
    this.child.on('exit', (code, signal) => {
      if (this.exitInfo !== undefined) return;
      this.life =
        this.life.status === 'gone'
          ? { status: 'gone', exit: { code, signal } }
          : { status: 'exited', exit: { code, signal } };
      this.onExited();
    });
    this.child.on('close', () => {
      if (this.life.status === 'gone' || this.life.status === 'unstarted') return;
      this.life = { status: 'gone', exit: this.life.status === 'exited' ? this.life.exit : undefined };
      this.onGone();
    });
  }

  get requestsSent(): number {
    return this.sent;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.pid !== undefined && !this.exited;
  }

  get brokenBy(): ProtocolViolation | undefined {
    return this.conversation.phase === 'broken' ? this.conversation.by : undefined;
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

  /** The last request written, if any. */
  private get lastSent(): Sent | undefined {
    const state = this.conversation;
    return state.phase === 'awaiting' ? state.pending : state.phase === 'idle' ? state.last : undefined;
  }

  /** How the process ended; undefined while no exit has been reported ({null, null} when it never started). */
  private get exitInfo(): ExitInfo | undefined {
    const life = this.life;
    return life.status === 'running'
      ? undefined
      : life.status === 'unstarted'
        ? { code: null, signal: null }
        : life.exit;
  }

  /** The process has exited (or never started); its stdout may still be open. */
  private get exited(): boolean {
    return this.exitInfo !== undefined;
  }

  private exchange(request: ProtocolRequest): Promise<Certificate> {
    if (this.closePromise !== undefined)
      return Promise.reject(new Error(`${this.name}: the session is closed; request ${request.id} was not sent`));
    const state = this.conversation;
    if (state.phase === 'broken') return Promise.reject(state.by);
    const line = JSON.stringify(request);
    if (this.life.status === 'running') return this.write(request, line, state.phase === 'unsent' ? state.early : []);
    const violation = this.violation(this.deathProblem({ kind: 'between', lastId: this.lastSent?.request.id }), {
      request,
      line,
    });
    this.breakWith(violation);
    return Promise.reject(violation);
  }

  /** Writes a request line and reads `early` (output that came before the first request) as its response. */
  private write(request: ProtocolRequest, line: string, early: readonly Buffer[]): Promise<Certificate> {
    return new Promise<Certificate>((resolve, reject) => {
      const limit = this.timeoutMs + (this.sent === 0 ? this.startupTimeoutMs : 0);
      const pending: Pending = { request, line, resolve, reject };
      pending.timer = setTimeout(() => this.onTimeout(pending, limit), limit);
      this.conversation = { phase: 'awaiting', pending };
      this.sent++;
      this.child.stdin?.write(`${line}\n`);
      if (early.length > 0) this.handleLines(early, false);
    });
  }

  private onData(chunk: Buffer): void {
    if (this.conversation.phase === 'broken') return; // the process is being killed; its output no longer matters
    const { lines, overflow } = this.splitter.push(chunk);
    this.handleLines(lines, overflow);
  }

  /** Dispatches complete lines: the response to the outstanding request, or output that should not be there. */
  private handleLines(lines: readonly Buffer[], overflow: boolean): void {
    let answered: Answered | undefined;
    for (const buffer of lines) {
      const state = this.conversation;
      if (state.phase === 'broken') return;
      if (state.phase === 'awaiting') {
        answered = this.onResponseLine(state.pending, buffer);
        continue;
      }
      if (answered !== undefined) {
        // A second line in the same read as the response: the request that caused it is known.
        this.rejectAnswered(answered, decode(buffer), true);
        return;
      }
      if (state.phase === 'unsent') {
        state.early.push(buffer);
        continue;
      }
      this.breakWith(this.violation(extraOutputProblem(decode(buffer), true, state.last.request.id), state.last));
      return;
    }
    if (overflow) {
      const problem = overflowProblem(this.maxLineBytes);
      const state = this.conversation;
      if (answered !== undefined) this.rejectAnswered(answered, '', false, problem);
      else if (state.phase === 'awaiting') this.fail(state.pending, problem);
      else if (state.phase !== 'broken') this.breakWith(this.violation(problem, this.lastSent));
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
      this.fail(pending, malformedJsonProblem(text, error));
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
    this.settle(pending);
    return { pending, certificate: check.certificate };
  }

  /** The outstanding request is answered (or given up): clear its timer and go idle. */
  private settle(pending: Pending): void {
    clearTimeout(pending.timer);
    const state = this.conversation;
    if (state.phase === 'awaiting' && state.pending === pending) this.conversation = { phase: 'idle', last: pending };
  }

  /** A response was valid but more output followed it in the same read. */
  private rejectAnswered(answered: Answered, extra: string, complete: boolean, problem?: Problem): void {
    const { pending } = answered;
    const violation = this.violation(problem ?? extraOutputProblem(extra, complete, pending.request.id), pending);
    this.breakWith(violation);
    pending.reject(violation);
  }

  private onTimeout(pending: Pending, limit: number): void {
    const state = this.conversation;
    if (state.phase !== 'awaiting' || state.pending !== pending) return;
    this.fail(pending, timeoutProblem(limit, this.exitInfo, this.partialLine()));
  }

  /** The process exited (or never started): kill what it left in its process group, wake close(). */
  private onExited(): void {
    const pid = this.child.pid;
    if (pid !== undefined) {
      // Whatever the command started in its process group goes with it.
      killGroup(pid);
      unregisterChild(pid);
    }
    for (const wake of this.exitWaiters.splice(0)) wake();
  }

  /** Stdout is closed and the process has exited: an outstanding request will never be answered. */
  private onGone(): void {
    const state = this.conversation;
    if (state.phase !== 'awaiting') return;
    const { pending } = state;
    if (this.closePromise !== undefined) {
      this.settle(pending);
      pending.reject(
        new Error(`${this.name}: the session was closed before request ${pending.request.id} was answered`),
      );
      return;
    }
    this.fail(pending, this.deathProblem({ kind: 'answering', partial: this.partialLine() }));
  }

  /** The unfinished line the command has written, if any. */
  private partialLine(): PartialLine | undefined {
    const bytes = this.splitter.pendingBytes;
    return bytes > 0 ? { bytes, text: this.splitter.pendingText(400) } : undefined;
  }

  private deathProblem(moment: DeathMoment): Problem {
    const life = this.life;
    return deathProblem(
      life.status === 'unstarted' ? { kind: 'unstarted', error: life.error } : { kind: 'ended', exit: this.exitInfo },
      moment,
    );
  }

  private fail(pending: Pending, problem: Problem): void {
    this.settle(pending);
    const violation = this.violation(problem, pending);
    if (FATAL.has(problem.kind)) this.breakWith(violation);
    pending.reject(violation);
  }

  private violation(problem: Problem, sent: Sent | undefined): ProtocolViolation {
    return new ProtocolViolation({
      ...problem,
      construction: this.name,
      ...(sent !== undefined ? { request: sent.request, requestLine: sent.line } : {}),
    });
  }

  /** The stream can no longer be trusted: remember why (the first reason) and kill the process group. */
  private breakWith(violation: ProtocolViolation): void {
    if (this.conversation.phase !== 'broken') this.conversation = { phase: 'broken', by: violation };
    this.splitter.clear();
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
    const state = this.conversation;
    if (state.phase === 'awaiting') {
      this.settle(state.pending);
      state.pending.reject(
        new Error(`${this.name}: the session was closed before request ${state.pending.request.id} was answered`),
      );
    }
  }
}
