import { join } from 'node:path';
import type { CounterexampleRecord } from './counterexampleRecord.js';

/**
 * The file a record is kept in: `<corpus>/<property>--<construction>--seed<seed>.json`,
 * deterministic, so the same failure found twice overwrites itself instead of
 * piling up copies. `O(1)`.
 *
 * @example
 * recordPath('fixtures/counterexamples', record); // 'fixtures/counterexamples/theorem-at-dstar--negative-no-margin--seed42.json'
 */
export function recordPath(
  corpus: string,
  record: Pick<CounterexampleRecord, 'property' | 'construction' | 'run'>,
): string {
  const slug = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return join(corpus, `${slug(record.property)}--${slug(record.construction)}--seed${record.run.seed}.json`);
}
