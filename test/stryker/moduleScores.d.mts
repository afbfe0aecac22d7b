/** Counts and score of one module in a Stryker report (see moduleScores.mjs). */
export interface ModuleScore {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  score: number;
}
export const GATED: Readonly<Record<string, number>>;
export function moduleScores(report: unknown): Map<string, ModuleScore>;
export function gateFailures(
  scores: ReadonlyMap<string, Pick<ModuleScore, 'score'>>,
  gated?: Readonly<Record<string, number>>,
): string[];
export function formatScores(
  scores: ReadonlyMap<string, ModuleScore>,
  gated?: Readonly<Record<string, number>>,
): string;
