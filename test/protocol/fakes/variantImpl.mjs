// An outside implementation of the stdio protocol (SPEC §5), written independently of src/:
// `node variantImpl.mjs VARIANT [LAYOUT]`. LAYOUT is projected, fixed or auto (default: projected
// when d <= L, else fixed, whichever message is smaller). VARIANT is one of
//   correct | rademacher          the paper's construction (Gaussian or Rademacher G)
//   exact-support                 SPEC §7.3, correct and stronger than the paper's
//   normalise-by-max              B = Delta + ln(W / row max)
//   log-sign                      B = Delta − ln(W / row min)
//   log-doubled                   B = Delta + 2 ln(W / row min)
//   half-margin                   Delta reduced by rho/2
//   variance-2-over-d             G with variance 2/d
//   ninety-percent-columns        90 % of G's columns, rescaled (unbiased)
import { constructFromRequest, exactSupportFromRequest, serve, writeLine } from './fakeConstruction.mjs';

const VARIANTS = {
  correct: {},
  rademacher: { projection: 'rademacher' },
  'normalise-by-max': { normalise: 'max' },
  'log-sign': { logScale: -1 },
  'log-doubled': { logScale: 2 },
  'half-margin': { marginCut: 0.5 },
  'variance-2-over-d': { variance: 2 },
  'ninety-percent-columns': { usedFraction: 0.9 },
};

const [variant = 'correct', layout = 'auto'] = process.argv.slice(2);
if (variant !== 'exact-support' && !(variant in VARIANTS)) {
  process.stderr.write(`variantImpl.mjs: unknown variant ${variant}\n`);
  process.exit(2);
}

await serve(async (request) => {
  let response;
  try {
    const parts =
      variant === 'exact-support'
        ? exactSupportFromRequest(request, layout)
        : constructFromRequest(request, { ...VARIANTS[variant], layout });
    response = { id: request.id, ...parts };
  } catch (error) {
    response = { id: request.id, error: String(error) };
  }
  await writeLine(JSON.stringify(response));
});
