import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { memoryIo } from '../../src/cli/cliIo.js';
import { run } from '../../src/cli/run.js';

/** What one command-line run left behind. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `attnproof argv...` in-process (no child process) and collects exit code and output. */
export async function cli(...argv: (string | number)[]): Promise<CliResult> {
  const io = memoryIo();
  const code = await run(argv.map(String), io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

/** Parses the single JSON object a `--json` command printed on stdout. */
export function jsonOut(result: CliResult): Record<string, unknown> {
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/**
 * Asserts the bad-input contract of the issue: exit 2, nothing on stdout and
 * exactly one line on stderr (no stack-trace "at ..." frames), which matches
 * every pattern given (the file, the field/row/column, the problem).
 */
export function expectBadInput(result: CliResult, ...patterns: RegExp[]): void {
  expect(result.code, `stderr: ${result.stderr}`).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  const lines = result.stderr.slice(0, -1).split('\n');
  expect(lines, 'exactly one line on stderr').toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/internal error/);
  for (const p of patterns) expect(result.stderr).toMatch(p);
}

/**
 * A temporary directory, created on first use (so that a describe block whose tests are all filtered out
 * leaves nothing behind), and a function that removes it.
 */
export function temporaryDirectory(prefix: string): { path: (name: string) => string; remove: () => void } {
  let dir: string | undefined;
  return {
    path: (name) => join((dir ??= mkdtempSync(join(tmpdir(), `attnproof-${prefix}-`))), name),
    remove: () => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The JSON form of a certificate as read back from disk. */
export interface CertificateFile {
  X: number[][];
  WQ: number[][];
  WK: number[][];
  d: number;
  seed?: number;
  layout?: string;
  projection?: string;
  [extra: string]: unknown;
}

export function readJson<T = CertificateFile>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function writeJson(path: string, value: unknown): string {
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** Escapes a file path for use inside a RegExp. */
export function literal(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** The sample targets of fixtures/targets/ (paths relative to the repository root, where vitest runs). */
export const FIXTURES = {
  random256: 'fixtures/targets/random-256-s2.json',
  banded64: 'fixtures/targets/banded-64-s3.mtx',
  permutation8: 'fixtures/targets/permutation-8.json',
  bad: (name: string) => `fixtures/targets/bad/${name}`,
} as const;
