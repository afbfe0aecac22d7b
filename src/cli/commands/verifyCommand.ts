import type { Command } from 'commander';
import type { Certificate } from '../../certificates/certificate.js';
import { InputRangeError } from '../../errors/inputError.js';
import { toJsonText } from '../../io/jsonText.js';
import { loadCertificate } from '../../io/loadCertificate.js';
import { loadNpyCertificate } from '../../io/loadNpyCertificate.js';
import { loadTarget } from '../../io/loadTarget.js';
import { peekNpyShape } from '../../io/peekNpyShape.js';
import { startCheckWorkers, warmFirstPass, type LogitKernel } from '../../verification/index.js';
import { verifyCertificateParallel } from '../../verification/verifyCertificateParallel.js';
import type { CommandContext } from '../commandContext.js';
import { ExitCode } from '../exitCodes.js';
import { formatVerdict } from '../format/formatVerdict.js';
import { integerOption, realOption } from '../options.js';
import { kernelOption } from '../kernelOption.js';
import { resolvePrecision } from '../precisionOptions.js';

interface VerifyOptions {
  target: string;
  certificate?: string;
  x?: string;
  wq?: string;
  wk?: string;
  epsilon: number;
  gamma?: number;
  S?: number;
  kernel: LogitKernel;
  json?: boolean;
}

/**
 * `attnproof verify`: decide docs/theorem.md §2 for a certificate against a target. The certificate is either one
 * JSON file (`--certificate`) or three NumPy files (`--x`, `--wq`, `--wk`, with `d` = WQ's column count).
 * Exit 0 pass, 1 fail or inconclusive, 2 bad input.
 */
export function registerVerify(program: Command, context: CommandContext): void {
  program
    .command('verify')
    .description('decide whether a certificate (X, WQ, WK) (epsilon, gamma)-approximates a target (docs/theorem.md §2)')
    .requiredOption('--target <file>', 'target W as .json, .mtx, or .npy (dense L×L, zeros mean absent)')
    .option(
      '--certificate <file>',
      'certificate JSON {"X", "WQ", "WK", "d"} (required unless --x, --wq, --wk are given)',
    )
    .option('--x <file>', 'instead of --certificate: inputs X (L×m) as a .npy file (with --wq and --wk)')
    .option('--wq <file>', 'instead of --certificate: parameters WQ (m×d) as a .npy file')
    .option('--wk <file>', 'instead of --certificate: parameters WK (m×d) as a .npy file')
    .requiredOption('--epsilon <e>', 'ratio precision epsilon > 0', realOption(0))
    .option('--gamma <g>', 'zero level 0 < gamma < 1 (default: epsilon when epsilon < 1)', realOption(0))
    .option('--S <n>', 'sparsity bound to enforce on the target', integerOption(1))
    .option(...kernelOption())
    .option('--json', 'print one JSON object')
    .action(async (options: VerifyOptions) => {
      const npy = npyPaths(options);
      const precision = resolvePrecision(options);
      const kernel = { kernel: options.kernel };
      // Worker threads start before the files are read, so that their start-up overlaps the reading rather than
      // the check, when the .npy headers tell L (X's rows) and d (WQ's columns); else once the certificate is loaded.
      const X = npy === undefined ? undefined : peekNpyShape(npy.X);
      const WQ = npy === undefined ? undefined : peekNpyShape(npy.WQ);
      // And a worker touches the check's memory meanwhile (no page faults in the check).
      if (X !== undefined && WQ !== undefined && X[0] > 0 && WQ[1] > 0) {
        startCheckWorkers(X[0], WQ[1], kernel);
        warmFirstPass(X[0], WQ[1], kernel);
      }
      const target = loadTarget(options.target, options.S);
      const certificate: Certificate =
        npy === undefined ? loadCertificate(options.certificate!) : loadNpyCertificate(npy, target.L);
      const label = npy === undefined ? options.certificate! : `${npy.X}, ${npy.WQ}, ${npy.WK}`;
      const started = performance.now();
      // Or now, while the certificate is checked and projected, not during the first pass (none more if started above).
      if (Number.isInteger(certificate.d) && certificate.d > 0) startCheckWorkers(target.L, certificate.d, kernel);
      // Both cores and the WebAssembly kernel for large problems; small ones run in-thread. Same verdict either way.
      const verdict = await verifyCertificateParallel(
        target,
        certificate,
        precision,
        // The .npy reader has checked every entry of X, WQ and WK as it read them: no second scan.
        npy === undefined ? { source: options.certificate!, ...kernel } : { ...kernel, checkFinite: false },
      );
      const seconds = (performance.now() - started) / 1000;
      if (options.json === true) context.io.out(`${toJsonText({ ...verdict, seconds })}\n`);
      else context.io.out(formatVerdict(verdict, `${label} against ${options.target}`));
      context.exit(verdict.status === 'pass' ? ExitCode.ok : ExitCode.failed);
    });
}

/**
 * The three NumPy files when the certificate comes as `--x --wq --wk`, `undefined` when it comes as
 * `--certificate`; exactly one of the two ways must be given, and all three files for the second.
 */
function npyPaths(options: VerifyOptions): { X: string; WQ: string; WK: string } | undefined {
  const given = (['x', 'wq', 'wk'] as const).filter((k) => options[k] !== undefined);
  if (options.certificate !== undefined) {
    if (given.length > 0)
      throw new InputRangeError(
        `give either --certificate <file> or --x, --wq, --wk (.npy files), not both (got --${given.join(', --')} too)`,
        { field: '--certificate' },
      );
    if (options.certificate.toLowerCase().endsWith('.npy'))
      throw new InputRangeError(
        'expects a certificate JSON file; a certificate saved with NumPy is three files: give --x X.npy --wq WQ.npy --wk WK.npy',
        { file: options.certificate, field: '--certificate' },
      );
    return undefined;
  }
  if (given.length === 0)
    throw new InputRangeError('is required: give --certificate <file>, or --x, --wq, --wk (.npy files)', {
      field: '--certificate',
    });
  const missing = (['x', 'wq', 'wk'] as const).filter((k) => options[k] === undefined);
  if (missing.length > 0)
    throw new InputRangeError(
      `is required with --${given.join(', --')}: the certificate as .npy files needs all of --x, --wq, --wk`,
      { field: `--${missing[0]}` },
    );
  return { X: options.x!, WQ: options.wq!, WK: options.wk! };
}
