export const MODULES: readonly string[];
export interface MutationPart {
  readonly name: string;
  readonly module: string;
  readonly mutate: readonly string[];
}
export const PARTS: readonly MutationPart[];
export function partConfig(base: Record<string, unknown>, part: MutationPart, force: boolean): Record<string, unknown>;
export function parseArguments(argv: readonly string[]): { force: boolean; parts: string[] };
export function mergeReports(reports: ReadonlyArray<{ files: Record<string, unknown> }>): {
  files: Record<string, unknown>;
};
