import type { Command } from 'commander';
import { toJsonText } from '../../io/jsonText.js';
import { loadCertificate } from '../../io/loadCertificate.js';
import { loadTarget } from '../../io/loadTarget.js';
import { verifyCertificate } from '../../verification/verifyCertificate.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCodes.js';
import { formatVerdict } from '../format/formatVerdict.js';
import { integerOption, realOption } from '../options.js';
import { resolvePrecision } from '../precisionOptions.js';

interface VerifyOptions {
  target: string;
  certificate: string;
  epsilon: number;
  gamma?: number;
  S?: number;
  json?: boolean;
}

/** `attnproof verify`: decide SPEC §2 for a certificate against a target. Exit 0 pass, 1 fail or inconclusive, 2 bad input. */
export function registerVerify(program: Command, context: CommandContext): void {
  program
    .command('verify')
    .description('decide whether a certificate (X, WQ, WK) (epsilon, gamma)-approximates a target (SPEC §2)')
    .requiredOption('--target <file>', 'target W as .json or .mtx')
    .requiredOption('--certificate <file>', 'certificate JSON {"X", "WQ", "WK", "d"}')
    .requiredOption('--epsilon <e>', 'ratio precision epsilon > 0', realOption(0))
    .option('--gamma <g>', 'zero level 0 < gamma < 1 (default: epsilon when epsilon < 1)', realOption(0))
    .option('--S <n>', 'sparsity bound to enforce on the target', integerOption(1))
    .option('--json', 'print one JSON object')
    .action((options: VerifyOptions) => {
      const precision = resolvePrecision(options);
      const target = loadTarget(options.target, options.S);
      const certificate = loadCertificate(options.certificate);
      const started = performance.now();
      const verdict = verifyCertificate(target, certificate, precision, { source: options.certificate });
      const seconds = (performance.now() - started) / 1000;
      if (options.json === true) context.io.out(`${toJsonText({ ...verdict, seconds })}\n`);
      else context.io.out(formatVerdict(verdict, `${options.certificate} against ${options.target}`));
      context.exit(verdict.status === 'pass' ? ExitCode.ok : ExitCode.failed);
    });
}
