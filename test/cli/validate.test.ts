import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/cliIo.js';
import { run } from '../../src/cli/run.js';

const FAKES = 'test/protocol/fakes';
const corpus = mkdtempSync(join(tmpdir(), 'attnproof-validate-'));

async function validate(...argv: string[]) {
  const io = memoryIo();
  // Defaults for the options the call does not give itself (an option may be given only once).
  const defaults = [
    ['--corpus', corpus],
    ['--timeout', '5'],
    ['--startup-timeout', '5'],
  ]
    .filter(([flag]) => !argv.includes(flag!))
    .flat();
  const code = await run(['validate', ...defaults, ...argv], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('attnproof validate', () => {
  it('passes a correct implementation in another process (exit 0)', async () => {
    const result = await validate('--impl', `node ${FAKES}/correctImpl.mjs`, '--runs', '10', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.verdict).toBe('pass');
    expect(report.properties.map((p: { name: string }) => p.name)).toEqual([
      'fixed-parameters',
      'theorem-at-dstar',
      'predicted-failure-rate-small',
      'paper-layout-laws',
    ]);
  });

  it('passes a correct JavaScript module (exit 0)', async () => {
    const result = await validate('--module', 'examples/js/attnImpl.mjs', '--runs', '10');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/PASS: 4 of 4 properties hold/);
  });

  it.each([
    ['crash-on-2', /crashed \(exit code 7\)/],
    ['hang', /no complete response line within 1000 ms/],
    ['garbage', /not JSON|malformed/i],
    // The saved request's path contains "id" too: match the violation's own words.
    ['out-of-order', /the response has id 2 but request 1 was the one outstanding/],
    ['short-x', /X/],
    ['nan', /NaN/],
  ])(
    'reports an implementation that breaks the protocol (%s) with exit 3 and a saved request',
    async (mode, problem) => {
      const result = await validate(
        '--impl',
        `node ${FAKES}/faultyImpl.mjs ${mode}`,
        '--timeout',
        '1',
        '--startup-timeout',
        '0',
      );
      expect(result.code).toBe(3);
      const paragraph = result.err.trim();
      expect(paragraph.split('\n')).toHaveLength(1);
      expect(paragraph).toMatch(problem);
      const saved = /saved to (\S+);/.exec(paragraph)?.[1];
      expect(saved).toBeDefined();
      expect(existsSync(saved!)).toBe(true);
      expect(paragraph).toContain(`attnproof replay --request ${saved} --impl "node ${FAKES}/faultyImpl.mjs ${mode}"`);
    },
  );

  it('an implementation that declines valid targets fails the properties (exit 1) with a replayable record', async () => {
    const result = await validate('--impl', `node ${FAKES}/faultyImpl.mjs error-on-odd`, '--runs', '5');
    expect(result.code).toBe(1);
    const replay = /replay: (attnproof replay (\S+))/.exec(result.out);
    expect(replay).not.toBeNull();
    const again = memoryIo();
    expect(await run(['replay', replay![2]!], again)).toBe(1);
  });

  it('catches parameters that depend on the target (exit 1, fixed-parameters fails, replayable)', async () => {
    const result = await validate('--impl', `node ${FAKES}/targetDependentImpl.mjs`, '--runs', '10', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    const fixed = report.properties.find((p: { name: string }) => p.name === 'fixed-parameters');
    expect(fixed.status).toBe('fail');
    expect(fixed.failure).toMatch(
      /WQ\[\d+\]\[\d+\] is .* for the first target but .* for the second.*the parameters depend on the target/,
    );
    const again = memoryIo();
    expect(await run(['replay', fixed.counterexample], again)).toBe(1);
    expect(again.stdout()).toContain(fixed.failure);
  });

  it("catches a construction correct in form but weaker than the paper's twice: G's law, and with --reference builtin its critical dimensions", async () => {
    const weak = `node ${FAKES}/weakImpl.mjs`;
    const laws = await validate('--impl', weak, '--property', 'paper-layout-laws', '--json');
    expect(laws.code).toBe(1);
    expect(JSON.parse(laws.out).properties[0].failure).toMatch(/entries ~ N\(0, 1\/d\) rejected/);
    const strict = await validate(
      '--impl',
      weak,
      '--reference',
      'builtin',
      '--property',
      'differential-strength',
      '--runs',
      '30',
      '--json',
    );
    expect(strict.code).toBe(1);
    const differential = JSON.parse(strict.out).properties.find(
      (p: { name: string }) => p.name === 'differential-strength',
    );
    expect(differential.status).toBe('fail');
    expect(differential.figures['p (implementation needs more)']).toBeLessThan(1e-6);
  });

  it('--property outside what validate runs is bad usage (exit 2, one line naming the option)', async () => {
    const result = await validate('--impl', `node ${FAKES}/correctImpl.mjs`, '--property', 'differential-strength');
    expect(result.code).toBe(2);
    expect(result.err.trim()).toMatch(
      /^attnproof: --property: unknown property "differential-strength".*needs --reference/,
    );
    expect((await validate('--impl', 'x', '--reference', 'no-such')).err).toMatch(
      /--reference: unknown construction "no-such"/,
    );
  });

  it('needs exactly one of --impl and --module (exit 2, one line)', async () => {
    for (const argv of [[], ['--impl', 'x', '--module', 'y']]) {
      const result = await validate(...argv);
      expect(result.code).toBe(2);
      expect(result.err.trim().split('\n')).toHaveLength(1);
    }
  });
});
