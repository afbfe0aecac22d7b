export const MODULES: readonly string[];
export function moduleConfig(base: Record<string, unknown>, module: string, force: boolean): Record<string, unknown>;
export function parseArguments(argv: readonly string[]): { force: boolean; modules: string[] };
export function mergeReports(reports: ReadonlyArray<{ files: Record<string, unknown> }>): { files: Record<string, unknown> };
