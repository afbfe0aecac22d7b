import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, temporaryDirectory } from './helpers.js';

// Ctrl-C (SIGINT) or SIGTERM while a large certificate is being written must not leave the hidden
// temporary file of the atomic write behind (issue 13: a 42 MB `.tmp` was left). The real program runs
// as a child process; the test waits until the temporary file exists, then interrupts it.

const MAIN = resolve('dist/src/cli/main.js');
const tmp = temporaryDirectory('interrupt');
afterAll(() => tmp.remove());

async function interruptDuringWrite(
  signal: NodeJS.Signals,
): Promise<{ sawTemporary: boolean; exitSignal: NodeJS.Signals | null; left: string[]; folder: string }> {
  const folder = tmp.path(signal);
  const out = `${folder}/cert.json`;
  // Fixed layout at d = 6000 on the 256×256 target: about 70 MB of JSON, a write of about a second.
  const child = spawn(
    process.execPath,
    [
      MAIN,
      'construct',
      '--target',
      resolve(FIXTURES.random256),
      '--epsilon',
      0.5,
      '--d',
      6000,
      '--layout',
      'fixed',
      '--out',
      out,
    ].map(String),
    { stdio: 'ignore' },
  );
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, s) => done(s)));
  let sawTemporary = false;
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline && child.exitCode === null) {
    let names: string[] = [];
    try {
      names = readdirSync(folder);
    } catch {
      // the folder is created by the child before the run
    }
    if (names.some((n) => n.endsWith('.tmp') && statSync(`${folder}/${n}`).size > 0)) {
      sawTemporary = true;
      child.kill(signal);
      break;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const exitSignal = await exited;
  return { sawTemporary, exitSignal, left: readdirSync(folder).filter((n) => n.endsWith('.tmp')), folder };
}

/**
 * Calls `interrupt` once the process `pid` has used `seconds` of CPU time (user + system, all its threads:
 * /proc/<pid>/stat, in clock ticks of 1/100 s), polling every 20 ms; after `seconds` of wall time where
 * /proc cannot be read. Does nothing once the process is gone.
 */
async function interruptAfterCpuSeconds(
  pid: number | undefined,
  seconds: number,
  interrupt: () => void,
): Promise<void> {
  const started = performance.now();
  for (;;) {
    let cpu: number | undefined;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu = (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      if (existsSync('/proc/self/stat')) return; // the process has ended
    }
    if (cpu === undefined ? performance.now() - started >= seconds * 1000 : cpu >= seconds) return interrupt();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('interrupting a write', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during the write of a large certificate leaves no temporary file',
    async (signal) => {
      const result = await interruptDuringWrite(signal);
      expect(result.sawTemporary, 'the temporary file was seen, so the signal came during the write').toBe(true);
      expect(result.left).toEqual([]);
      // The signal is handled either between the temporary file's creation and the end of the write (the
      // cleanup removes the temporary file: no certificate) or, when the write and the rename finished before
      // the handler ran (a busy machine), after the rename: then the certificate is whole, whatever the exit.
      // Never a partial file under either name.
      const files = readdirSync(result.folder);
      if (files.length === 0) expect(result.exitSignal).toBe(signal);
      else {
        expect(files).toEqual(['cert.json']);
        const text = readFileSync(`${result.folder}/cert.json`, 'utf8');
        expect(text.endsWith('}\n') || text.endsWith('}')).toBe(true);
        expect(() => JSON.parse(text) as unknown).not.toThrow();
      }
    },
  );
});

describe('interrupting a progress bar', () => {
  it('Ctrl-C while a bar is drawn clears the line before the process ends (so the prompt starts clean)', async () => {
    const script = [
      `import { statusLine } from ${JSON.stringify(resolve('dist/src/cli/format/statusLine.js'))};`,
      'const line = statusLine({ out() {}, err: (t) => process.stderr.write(t), interactive: true });',
      "line.draw('[#####.....] 50%  L = 64');",
      "setTimeout(() => process.kill(process.pid, 'SIGINT'), 50);",
      'setTimeout(() => {}, 10_000);',
    ].join('\n');
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, s) => done(s)));
    expect(signal).toBe('SIGINT');
    expect(stderr).toBe('\r\x1b[2K[#####.....] 50%  L = 64\r\x1b[2K');
  });
});

/**
 * Runs `node args…`, sends it SIGINT once it has used `seconds` of CPU time (of wall time where /proc cannot
 * be read), and gives its exit code and standard error.
 */
async function interruptedAfterCpuSeconds(
  args: readonly string[],
  seconds: number,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  void interruptAfterCpuSeconds(child.pid, seconds, () => child.kill('SIGINT'));
  const code = await exited;
  return { code, stderr };
}

describe('interrupting a sweep', () => {
  it('the first Ctrl-C stops after the trial under way and keeps the lengths measured whole (exit 130)', async () => {
    const folder = tmp.path('sweep');
    const lengths = [8, 16, 4096, 8192];
    const args = [
      MAIN,
      'sweep',
      '--L',
      lengths.join(','),
      '--trials',
      '2',
      '--out',
      `${folder}/sweep.json`,
      '--svg',
      `${folder}/sweep.svg`,
    ];
    // L = 8 and 16 take milliseconds, 4096 and 8192 several seconds per trial: 1.5 s of the child's CPU time
    // (start-up about 0.3 s) lands inside the long lengths however busy the machine is.
    const { code, stderr } = await interruptedAfterCpuSeconds(args, 1.5);
    expect(code).toBe(130);
    expect(stderr).toContain('SIGINT: stopping after the trial under way');
    const kept = (
      JSON.parse(readFileSync(`${folder}/sweep.json`, 'utf8')) as {
        params: { lengths: number[] };
        rows: { L: number }[];
      }
    ).params.lengths;
    // What was kept is a proper prefix of the lengths asked for, each with its row; the picture is written too.
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(lengths.length);
    expect(kept).toEqual(lengths.slice(0, kept.length));
    expect(stderr).toContain(`interrupted: kept the ${kept.length} length(s) measured whole (L = ${kept.join(', ')})`);
    expect(readFileSync(`${folder}/sweep.svg`, 'utf8')).toContain('<svg');
  }, 120_000);
});

describe('interrupting a comparison of constructions', () => {
  it('the first Ctrl-C stops after the trial under way; before a second construction measured a length, nothing is written (exit 130)', async () => {
    const folder = tmp.path('comparison');
    const args = [
      MAIN,
      'sweep',
      '--construction',
      'paper,exact-support',
      '--L',
      '8,16,4096,8192',
      '--trials',
      '2',
      '--out',
      `${folder}/comparison.json`,
    ];
    // As above: 1.5 s of the child's CPU time lands in the paper construction's long lengths, the first of the two.
    const { code, stderr } = await interruptedAfterCpuSeconds(args, 1.5);
    expect(code).toBe(130);
    expect(stderr).toContain(
      'SIGINT: stopping after the trial under way; the lengths every construction measured whole are kept',
    );
    expect(stderr).toContain('interrupted before two constructions measured a length whole: nothing written');
    expect(existsSync(`${folder}/comparison.json`)).toBe(false);
  }, 120_000);
});
