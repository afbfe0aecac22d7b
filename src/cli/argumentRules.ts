import type { Command, Option } from 'commander';

/**
 * Placeholders of options whose value is a file, folder, command line or name: such a value never starts
 * with `-`, so `--out --json` is a slip of the hand (a forgotten value), not a file named "--json".
 * (`--out -` alone means standard output; see `outputFile.ts`.)
 */
const WORD_PLACEHOLDERS = new Set(['file', 'dir', 'command', 'path', 'name', 'list', 'K/N']);

/** Placeholders of options that may be given several times, their values collected (`--L 16 --L 64`). */
const LIST_PLACEHOLDERS = new Set(['list']);

function placeholder(option: Option): string | undefined {
  return /[<[]([^>\]]+?)(?:\.\.\.)?[>\]]/.exec(option.flags)?.[1];
}

/** Whether an option collects repeated uses (variadic, or a comma list) instead of refusing them. */
function accumulates(option: Option): boolean {
  const p = placeholder(option);
  return option.variadic || (p !== undefined && LIST_PLACEHOLDERS.has(p));
}

/**
 * The first slip of the hand in the arguments of one command, as one line, or `undefined` when there is
 * none. Checked before commander parses, so that the first thing wrong is the thing reported:
 * - an unknown option, with the nearest known one (`--l` → `--L`, `--eps` → `--epsilon`);
 * - an option given twice (the last value would win silently), unless it collects a list;
 * - a file, folder or command option whose value is empty (`--out=`) or starts with `-` (`--svg --json`).
 * Tokens after `--` are operands. `O(args · options)`.
 *
 * @example
 * argumentSlip(boundCommand, ['--l', '64']); // 'unknown option --l (did you mean --L?)'
 * argumentSlip(boundCommand, ['--L', '64', '--L', '65']); // '--L is given twice; give it once'
 * @throws never.
 */
export function argumentSlip(command: Command, args: readonly string[]): string | undefined {
  const options = command.options as readonly Option[];
  const seen = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-') continue;
    const equals = token.startsWith('--') ? token.indexOf('=') : -1;
    const flag = equals >= 0 ? token.slice(0, equals) : token;
    if (flag === '--help' || flag === '-h') return undefined; // help wins over every slip
    const option = options.find((o) => o.long === flag || o.short === flag);
    if (option === undefined) {
      if (!flag.startsWith('--')) continue; // short clusters and negative numbers: commander decides
      const near = nearestFlag(flag, options);
      return `unknown option ${flag}${near !== undefined ? ` (did you mean ${near}?)` : ''}`;
    }
    const name = option.long ?? flag;
    if (seen.has(name) && !accumulates(option))
      return `${name} is given twice (${seen.get(name)} and ${token}${valueAfter(option, args, i, equals)}); give it once`;
    seen.set(name, `${token}${valueAfter(option, args, i, equals)}`);
    if (option.isBoolean()) continue;
    const value = equals >= 0 ? token.slice(equals + 1) : args[i + 1];
    if (equals < 0) i++;
    if (value === undefined) continue; // commander reports the missing value
    const p = placeholder(option);
    if (p === undefined || !WORD_PLACEHOLDERS.has(p)) continue;
    if (value === '')
      return `${name} needs a ${p === 'dir' ? 'folder' : p === 'command' ? 'command' : p === 'file' ? 'file name' : 'value'}, got an empty value`;
    if (value.startsWith('-') && value !== '-')
      return `${name} needs a ${p === 'dir' ? 'folder' : p}, got "${value}", which looks like an option: give the value right after ${name}`;
  }
  return undefined;
}

function valueAfter(option: Option, args: readonly string[], i: number, equals: number): string {
  if (option.isBoolean() || equals >= 0) return '';
  const next = args[i + 1];
  return next === undefined ? '' : ` ${next}`;
}

/**
 * The known long option nearest to an unknown `flag`: the same name in another case, else the one it is
 * the start of (`--eps`), else the one within a small edit distance (a third of the name, at least 1).
 * `O(options · name²)`.
 *
 * @example
 * nearestFlag('--l', boundCommand.options); // '--L'
 * nearestFlag('--eps', boundCommand.options); // '--epsilon'
 * nearestFlag('--zzzzzz', boundCommand.options); // undefined
 * @throws never.
 */
export function nearestFlag(flag: string, options: readonly Option[]): string | undefined {
  const longs = options.map((o) => o.long).filter((l): l is string => l !== undefined);
  const lower = flag.toLowerCase();
  const sameCase = longs.find((l) => l.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const prefixed = longs.filter((l) => flag.length >= 4 && l.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor((flag.length - 2) / 3));
  for (const l of longs) {
    const distance = editDistance(lower, l.toLowerCase());
    if (distance <= bestDistance && (best === undefined || distance < bestDistance)) {
      best = l;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. `O(a · b)`. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/**
 * Marks every mandatory option of `command` as such in its help text, `(required)` after the
 * description, so `--help` says what must be given. Idempotent. `O(options)`.
 */
export function markRequiredOptions(command: Command): void {
  for (const option of command.options as Option[]) {
    if (option.mandatory && !option.description.endsWith('(required)'))
      option.description = `${option.description} (required)`;
  }
}
