import { VERSION } from '../../version.js';
import type { SuiteReport } from '../runSuite.js';

/**
 * The JSON report of a suite run (`--json`): verdict, seed, and per property
 * its lemma, status, runs, time, statistical figures and the path of its
 * counterexample record. `O(properties)`.
 */
export function suiteJson(report: SuiteReport): Record<string, unknown> {
  return {
    tool: 'attnproof',
    version: VERSION,
    verdict: report.status,
    seed: report.seed,
    construction: report.construction,
    seconds: report.seconds,
    properties: report.outcomes.map((o) => ({
      name: o.property,
      lemma: o.lemma,
      status: o.status,
      runs: o.runs,
      seconds: o.seconds,
      summary: o.summary,
      figures: o.figures,
      ...(o.status === 'fail' ? { failure: o.counterexample.failure, replay: o.counterexample.replay } : {}),
      ...(report.records[o.property] !== undefined ? { counterexample: report.records[o.property] } : {}),
    })),
    counterexamples: Object.values(report.records),
  };
}
