import { describe, expect, it } from 'vitest';
import { cli, expectBadInput, jsonOut } from './helpers.js';

// The reference table of SPEC §4: [L, S, epsilon, gamma, kappa, delta, d*].
const REFERENCE: readonly (readonly [number, number, number, number, number, number, number])[] = [
  [4096, 1, 0.9, 0.9, 1, 0.1, 564],
  [256, 1, 0.9, 0.9, 1, 0.1, 410],
  [64, 2, 0.5, 0.5, 2, 0.1, 7901],
  [1024, 4, 0.5, 0.5, 4, 0.01, 49020],
];

const ARGS = ['--L', 4096, '--S', 1, '--epsilon', 0.9, '--gamma', 0.9, '--kappa', 1, '--delta', 0.1] as const;

describe('attnproof bound', () => {
  it.each(REFERENCE)(
    '--json gives d* of the SPEC §4 reference row L=%i S=%i eps=%f gamma=%f kappa=%f delta=%f',
    async (L, S, epsilon, gamma, kappa, delta, dStar) => {
      const result = await cli(
        'bound',
        '--L',
        L,
        '--S',
        S,
        '--epsilon',
        epsilon,
        '--gamma',
        gamma,
        '--kappa',
        kappa,
        '--delta',
        delta,
        '--json',
      );
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      const out = jsonOut(result);
      expect(out.dStar).toBe(dStar);
      for (const key of ['tau', 'Delta', 'R']) expect(typeof out[key]).toBe('number');
      // The printed constants are the ones SPEC §4 defines: rho = ln(1+eps), Delta = ln(1/gamma) + rho,
      // R = sqrt(S)(Delta + ln kappa), tau = rho/(2R). Relative tolerance 1e-14: a handful of correctly
      // rounded operations on numbers of order 1 (each contributes at most 2^-53 relative error).
      const rho = Math.log1p(epsilon);
      const Delta = Math.log(1 / gamma) + rho;
      const R = Math.sqrt(S) * (Delta + Math.log(kappa));
      expect(Math.abs((out.Delta as number) - Delta)).toBeLessThanOrEqual(1e-14 * Delta);
      expect(Math.abs((out.R as number) - R)).toBeLessThanOrEqual(1e-14 * R);
      expect(Math.abs((out.tau as number) - rho / (2 * R))).toBeLessThanOrEqual(1e-14 * (rho / (2 * R)));
      expect(out.pOfD).toBeNull();
    },
  );

  it('defaults gamma to epsilon when epsilon < 1 (SPEC §2): same d* as giving it', async () => {
    const out = jsonOut(
      await cli('bound', '--L', 64, '--S', 2, '--epsilon', 0.5, '--kappa', 2, '--delta', 0.1, '--json'),
    );
    expect(out.gamma).toBe(0.5);
    expect(out.dStar).toBe(7901);
  });

  it('prints a human table by default', async () => {
    const result = await cli('bound', ...ARGS);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^quantity\s+value\s+meaning$/m);
    expect(result.stdout).toMatch(/^d\*\s+564\s/m);
    for (const name of ['rho', 'Delta', 'R', 'tau']) expect(result.stdout).toMatch(new RegExp(`^${name}\\s+\\d`, 'm'));
    expect(() => JSON.parse(result.stdout)).toThrow();
  });

  it('--d gives pOfD: at most delta at d >= d*, above delta well below d*', async () => {
    // p(d) is non-increasing in d and d* is defined by p(d*) <= delta, so these follow from SPEC §4.
    const above = jsonOut(await cli('bound', ...ARGS, '--d', 600, '--json'));
    expect(above.d).toBe(600);
    expect(above.pOfD as number).toBeGreaterThan(0);
    expect(above.pOfD as number).toBeLessThanOrEqual(0.1);
    const below = jsonOut(await cli('bound', ...ARGS, '--d', 400, '--json'));
    expect(below.pOfD as number).toBeGreaterThan(0.1);
    expect(below.pOfD as number).toBeLessThanOrEqual(1);
    const human = await cli('bound', ...ARGS, '--d', 400);
    expect(human.stdout).toMatch(/^p\(400\)\s+\S+/m);
  });

  it.each([1, 1.5, 100])('requires --gamma when epsilon = %f >= 1, naming --gamma in one line', async (epsilon) => {
    const result = await cli('bound', '--L', 4096, '--S', 1, '--epsilon', epsilon, '--delta', 0.1);
    expectBadInput(result, /--gamma/, /required/);
  });

  it.each([
    [['--L', 'x'], /--L/],
    [['--L', '1'], /--L/],
    [['--L', '12abc'], /--L/],
    [['--L', '2.5'], /--L/],
    [['--S', '0'], /--S/],
    [['--epsilon', '0'], /--epsilon/],
    [['--epsilon', '-1'], /--epsilon/],
    [['--epsilon', 'NaN'], /--epsilon/],
    [['--epsilon', '1e400'], /--epsilon/],
    [['--epsilon', ''], /--epsilon/],
    [['--gamma', '1'], /--gamma/],
    [['--gamma', '0'], /--gamma/],
    [['--gamma', 'Infinity'], /--gamma/],
    [['--kappa', '0.5'], /--kappa/],
    [['--delta', '0'], /--delta/],
    [['--delta', '1'], /--delta/],
    [['--delta', '1.5'], /--delta/],
    [['--d', '0'], /--d/],
    [['--d', '1.5'], /--d/],
  ] as const)('rejects %j in one line naming the option', async (override, option) => {
    // Start from a valid command and replace one option's value.
    const argv: (string | number)[] = [...ARGS];
    const at = argv.indexOf(override[0]);
    if (at >= 0) argv[at + 1] = override[1];
    else argv.push(...override);
    expectBadInput(await cli('bound', ...argv, '--json'), option);
  });

  it('rejects a missing required option in one line', async () => {
    expectBadInput(await cli('bound', '--L', 4096, '--S', 1, '--epsilon', 0.9), /--delta/);
  });
});
