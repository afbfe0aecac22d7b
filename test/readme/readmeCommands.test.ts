import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/cliIo.js';
import { run } from '../../src/cli/run.js';
import { markdownCommands, workflowCommands, type DocumentedCommand } from './documentedCommands.js';

// Every attnproof command of README.md and of the CI example (examples/ci/attnproof.yml), as written,
// in a temporary working directory holding what a fresh clone has (copies of fixtures/targets and
// fixtures/counterexamples, a link to examples/): the fast ones run in full and must exit as the
// README says (0 unless a comment on the line says "exit N"); the slow ones are parsed only — every
// option and value checked, nothing run — for the reasons below. Nothing may be written into the
// repository (checked with git status).

const ROOT = resolve('.');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const WORKFLOW = readFileSync(join(ROOT, 'examples/ci/attnproof.yml'), 'utf8');

/** Commands parsed only, each with why running it here is not worth it or not possible. */
const PARSE_ONLY: ReadonlyArray<readonly [RegExp, string]> = [
  [/--runs 1000/, 'the nightly budget takes minutes; the same command at the default budget runs in full'],
  [/validate --impl "?python3/, 'needs python3 with NumPy, which the tests must never need (and takes about 20 s)'],
  [/^npx attnproof sweep/, 'the README sweep takes about 40 s; sweeps are run at small sizes in test/sweep/'],
  [/\.npy/, "the .npy files are the user's own, saved by the NumPy lines above the command"],
  [/replay --corpus fixtures\/counterexamples/, 'npm test runs exactly this command as its first step'],
];

function parseOnlyReason(c: DocumentedCommand): string | undefined {
  return PARSE_ONLY.find(([pattern]) => pattern.test(c.text))?.[1];
}

const readme = markdownCommands(README, 'README.md');
const workflow = workflowCommands(WORKFLOW, 'examples/ci/attnproof.yml', '1');

let work = '';
let statusBefore = '';
const gitStatus = (): string =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ROOT, encoding: 'utf8' });

beforeAll(() => {
  statusBefore = gitStatus();
  work = mkdtempSync(join(tmpdir(), 'attnproof-readme-'));
  cpSync(join(ROOT, 'fixtures/targets'), join(work, 'fixtures/targets'), { recursive: true });
  cpSync(join(ROOT, 'fixtures/counterexamples'), join(work, 'fixtures/counterexamples'), { recursive: true });
  symlinkSync(join(ROOT, 'examples'), join(work, 'examples'));
  process.chdir(work);
});

afterAll(() => {
  process.chdir(ROOT);
  rmSync(work, { recursive: true, force: true });
});

async function attnproof(c: DocumentedCommand, parseOnly: boolean): Promise<{ code: number; stderr: string }> {
  const io = memoryIo();
  const code = await run(c.argv, io, { parseOnly });
  return { code, stderr: io.stderr() };
}

describe('the documented commands', () => {
  it('are found: the README has its commands, the workflow its gate, shards and merge', () => {
    expect(readme.length).toBeGreaterThanOrEqual(13);
    expect(readme.map((c) => c.argv[0])).toEqual(
      expect.arrayContaining(['bound', 'construct', 'verify', 'check', 'replay', 'sweep', 'validate']),
    );
    expect(workflow.map((c) => c.argv[0])).toEqual(['check', 'sweep', 'merge']);
    expect(workflow[0]!.argv).toContain('--junit');
    expect(workflow[1]!.argv).toContain('--shard');
  });

  // In README order: construct writes cert.json before verify reads it.
  it.each(readme.map((c) => [c.text, c] as const))('README: %s', async (_text, c) => {
    const reason = parseOnlyReason(c);
    const parsed = await attnproof(c, true);
    expect(parsed.code, `${c.source}\n${parsed.stderr}`).toBe(0);
    if (reason !== undefined) return; // parsed only: see PARSE_ONLY
    const result = await attnproof(c, false);
    expect(result.code, `${c.source}\n${result.stderr}`).toBe(c.expectedExit);
  });

  it.each(workflow.map((c) => [c.text, c] as const))('CI workflow (parsed): %s', async (_text, c) => {
    const parsed = await attnproof(c, true);
    expect(parsed.code, `${c.source}\n${parsed.stderr}`).toBe(0);
  });

  it('a parse-only check still refuses what the real run refuses (so the check above can fail)', async () => {
    const bad = { argv: ['sweep', '--L', '16', '--trails', '2'], expectedExit: 0, source: 'made up', text: '' };
    expect((await attnproof(bad, true)).code).toBe(2);
    expect((await attnproof({ ...bad, argv: ['check', '--runs', 'many'] }, true)).code).toBe(2);
    expect((await attnproof({ ...bad, argv: ['construct', '--epsilon', '0.5'] }, true)).code).toBe(2); // --target and --out missing
  });

  it('no file in the repository has a name that looks like an option (a stray `--json` once was committed)', () => {
    const names = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    expect(names.filter((n) => n.startsWith('-') || n.includes('/-'))).toEqual([]);
  });

  it('wrote nothing into the repository', () => {
    expect(gitStatus()).toBe(statusBefore);
  });
});
