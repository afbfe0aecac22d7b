/** One attnproof command as documented: its arguments (after `attnproof`), the exit code it states, where it is. */
export interface DocumentedCommand {
  readonly argv: readonly string[];
  readonly expectedExit: number;
  readonly source: string;
  readonly text: string;
}

/**
 * The words of a shell command line, as `sh` would split them: blanks separate, single and double
 * quotes group (without their quotes), `#` after a blank starts a comment. Enough for the documented
 * commands, which use no variables, globs or escapes.
 */
export function shellWords(line: string): { words: string[]; comment: string } {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unclosed quote in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) return { words, comment: line.slice(i + 1).trim() };
    else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return { words, comment: '' };
}

function command(line: string, source: string): DocumentedCommand | undefined {
  const { words, comment } = shellWords(line);
  const at = words[0] === 'npx' ? 1 : 0;
  if (words[at] !== 'attnproof') return undefined;
  const stated = /\bexit (\d)\b/.exec(comment);
  return {
    argv: words.slice(at + 1),
    expectedExit: stated === null ? 0 : Number(stated[1]),
    source,
    text: line.trim(),
  };
}

/** Every `npx attnproof …` command of the ```sh blocks of a Markdown text (continuation lines joined). */
export function markdownCommands(markdown: string, name: string): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  const blocks = markdown.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm);
  for (const block of blocks) {
    const lines = block[1]!.replace(/\\\n\s*/g, ' ').split('\n');
    for (const line of lines) {
      const c = command(line, `${name}: ${line.trim()}`);
      if (c !== undefined) found.push(c);
    }
  }
  return found;
}

/**
 * Every attnproof command of a GitHub Actions workflow's `run:` steps, with each `${{ matrix.x }}`
 * replaced by `matrixValue` (the commands are checked at parse level, one shard standing for all).
 */
export function workflowCommands(yaml: string, name: string, matrixValue: string): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  for (const match of yaml.matchAll(/^\s*-?\s*run:\s*(.+)$/gm)) {
    const line = match[1]!.replace(/\$\{\{\s*matrix\.\w+\s*\}\}/g, matrixValue);
    const c = command(line, `${name}: ${match[1]!.trim()}`);
    if (c !== undefined) found.push(c);
  }
  return found;
}
