import { temporaryDirectory as sharedTemporaryDirectory } from '../cli/helpers.js';
import { paperConstruction } from '../../src/construction/paperConstruction.js';
import { runSweep, type RunSweepOptions } from '../../src/sweep/runSweep.js';
import type { SweepResult } from '../../src/sweep/sweepResult.js';

/** A small, fast sweep: short lengths, few trials (each run well under a second). */
export const SMALL: RunSweepOptions = {
  lengths: [8, 16, 32],
  S: 1,
  epsilon: 0.9,
  gamma: 0.9,
  kappa: 1,
  trials: 7,
  seed: 5,
};

/** The unsharded small sweep, computed once per test file. */
let unsharded: Promise<SweepResult> | undefined;
export function smallSweep(): Promise<SweepResult> {
  return (unsharded ??= runSweep(paperConstruction, SMALL));
}

/** The in-process command-line helpers are shared with the CLI tests. */
export { cli, expectBadInput, type CliResult } from '../cli/helpers.js';

/** A temporary directory for the sweep tests, and a function that removes it. */
export const temporaryDirectory = (): { path: (name: string) => string; remove: () => void } =>
  sharedTemporaryDirectory('attnproof-sweep-');

/**
 * Checks that `text` is well-formed XML (the subset an SVG uses: a declaration,
 * elements, attributes in double quotes, character data, the five predefined
 * entities and numeric references) and returns the element names in document
 * order. Throws, naming the offset, at the first violation. `O(length)`.
 */
export function wellFormedXml(text: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  const entity = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
  const checkChars = (chunk: string, at: number): void => {
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === '<') throw new Error(`raw "<" in character data at ${at + i}`);
      if (chunk[i] === '&' && !entity.test(chunk.slice(i))) throw new Error(`bare "&" at ${at + i}`);
    }
  };
  let i = 0;
  if (text.startsWith('<?xml')) i = text.indexOf('?>') + 2;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open === -1) {
      checkChars(text.slice(i), i);
      break;
    }
    checkChars(text.slice(i, open), i);
    const close = text.indexOf('>', open);
    if (close === -1) throw new Error(`unterminated tag at ${open}`);
    const tag = text.slice(open + 1, close);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) throw new Error(`closing </${name}> does not match at ${open}`);
    } else {
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const match = /^([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<]*")*)\s*$/.exec(body);
      if (match === null) throw new Error(`malformed tag <${tag.slice(0, 60)}> at ${open}`);
      const attributes = [...match[2]!.matchAll(/([A-Za-z_:][\w:.-]*)="([^"]*)"/g)];
      const seen = new Set<string>();
      for (const [, name, value] of attributes) {
        if (seen.has(name!)) throw new Error(`attribute ${name} repeated at ${open}`);
        seen.add(name!);
        checkChars(value!, open);
      }
      names.push(match[1]!);
      if (stack.length === 0 && names.length > 1) throw new Error(`a second root element at ${open}`);
      if (!selfClosing) stack.push(match[1]!);
    }
    i = close + 1;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]}>`);
  if (names.length === 0) throw new Error('no root element');
  return names;
}
