import { describe, expect, it } from 'vitest';
import { cli, expectBadInput, FIXTURES } from './helpers.js';

describe('bad usage gives exit 2 and one line', () => {
  it('unknown command, with the suggestion on the same line', async () => {
    expectBadInput(await cli('frobnicate'), /unknown command 'frobnicate'/);
    expectBadInput(await cli('boun'), /unknown command 'boun'/, /Did you mean bound\?/);
  });

  it.each([
    ['bound', '--L', 8, '--S', 1, '--epsilon', 0.5, '--delta', 0.1, '--nope'],
    ['construct', '--target', FIXTURES.permutation8, '--epsilon', 0.5, '--delta', 0.1, '--out', 'x.json', '--nope'],
    ['verify', '--target', FIXTURES.permutation8, '--certificate', 'c.json', '--epsilon', 0.5, '--nope'],
    ['demo', '--nope'],
  ])('unknown option of %s', async (...argv) => {
    expectBadInput(await cli(...argv), /unknown option --nope/);
  });

  it('a missing required option is named', async () => {
    expectBadInput(await cli('verify', '--target', FIXTURES.permutation8, '--epsilon', 0.5), /--certificate/);
    expectBadInput(
      await cli('construct', '--target', FIXTURES.permutation8, '--epsilon', 0.5, '--delta', 0.1),
      /--out/,
    );
  });

  it('a stray argument is rejected', async () => {
    expectBadInput(
      await cli('bound', '--L', 8, '--S', 1, '--epsilon', 0.5, '--delta', 0.1, 'extra'),
      /too many arguments/,
    );
  });

  it('bad choices for --layout and --projection are named', async () => {
    const base = ['construct', '--target', FIXTURES.permutation8, '--epsilon', 0.5, '--delta', 0.1, '--out', 'x.json'];
    expectBadInput(await cli(...base, '--layout', 'diagonal'), /--layout/, /projected, fixed/);
    expectBadInput(await cli(...base, '--projection', 'uniform'), /--projection/);
  });

  it('verify requires --gamma when epsilon >= 1', async () => {
    expectBadInput(
      await cli('verify', '--target', FIXTURES.permutation8, '--certificate', 'c.json', '--epsilon', 2),
      /--gamma/,
    );
  });

  it('no command at all prints the help on stderr and exits 2', async () => {
    const result = await cli();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Usage: attnproof/);
  });

  it('--help and help <command> exit 0 with the usage on stdout', async () => {
    for (const argv of [['--help'], ['help'], ['help', 'verify'], ['verify', '--help']]) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/Usage: attnproof/);
      expect(result.stderr).toBe('');
    }
  });
});
