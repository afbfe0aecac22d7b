import type { SuiteReport } from '../runSuite.js';

const escapeXml = (s: string): string =>
  // eslint-disable-next-line no-control-regex -- control characters are what this expression finds
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!).replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd]/gu, '');

/**
 * A JUnit XML report of a suite run: one `<testsuite>` named after the
 * construction, one `<testcase>` per property (classname = lemma), a
 * `<failure>` with the failure paragraph and the replay command, `<skipped>`
 * for properties that do not apply. Readable by common CI systems. `O(size)`.
 */
export function suiteJunit(report: SuiteReport, suiteName = 'attnproof'): string {
  const failures = report.outcomes.filter((o) => o.status === 'fail').length;
  const skipped = report.outcomes.filter((o) => o.status === 'skipped').length;
  const cases = report.outcomes.map((o) => {
    const open = `  <testcase classname="${escapeXml(`${suiteName}.${o.lemma}`)}" name="${escapeXml(o.property)}" time="${o.seconds.toFixed(3)}">`;
    const props = Object.entries(o.figures).map(([k, v]) => `${k}=${String(v)}`).join('; ');
    const out = `    <system-out>${escapeXml(`${o.summary}${props === '' ? '' : `\n${props}`}`)}</system-out>`;
    if (o.status === 'fail') {
      const body = `${o.counterexample.failure}${o.counterexample.replay ? `\nreplay: ${o.counterexample.replay}` : ''}`;
      return `${open}\n    <failure message="${escapeXml(o.summary)}">${escapeXml(body)}</failure>\n${out}\n  </testcase>`;
    }
    if (o.status === 'skipped') return `${open}\n    <skipped message="${escapeXml(o.summary)}"/>\n  </testcase>`;
    return `${open}\n${out}\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(suiteName)}" tests="${report.outcomes.length}" failures="${failures}" skipped="${skipped}" time="${report.seconds.toFixed(3)}">`,
    `<testsuite name="${escapeXml(`${suiteName} (${report.construction}, seed ${report.seed})`)}" tests="${report.outcomes.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${report.seconds.toFixed(3)}">`,
    ...cases,
    '</testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
