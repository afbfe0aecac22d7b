import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every .ts file under `folder` (relative to the repository), recursively. */
function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file));
}

describe('the shape of the code', () => {
  it('no command imports another command: they share code through src/cli (format/, option groups)', () => {
    const commands = readdirSync(join(ROOT, 'src/cli/commands')).filter((file) => file.endsWith('.ts'));
    expect(commands.length).toBeGreaterThan(5);
    for (const file of commands) {
      const text = readFileSync(join(ROOT, 'src/cli/commands', file), 'utf8');
      expect(text, file).not.toMatch(/from\s+['"]\.\/[^'"]*['"]/);
    }
  });

  it('outside src/verification, the verifier is reached through its public entry (src/verification/index.ts), never its _internals', () => {
    const outside = [...sources('src'), ...sources('properties')].filter(
      (file) => !file.startsWith('src/verification/'),
    );
    expect(outside.length).toBeGreaterThan(100);
    const reaching = outside.filter((file) =>
      /from\s+['"][^'"]*verification\/_internals\//.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(reaching).toEqual([]);
  });

  it('no file in src/ or properties/ is over 400 lines', () => {
    const files = [...sources('src'), ...sources('properties')];
    expect(files.length).toBeGreaterThan(100);
    const long = files
      .map((file) => ({
        file: relative('.', file),
        lines: readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1,
      }))
      .filter(({ lines }) => lines > 400);
    expect(long).toEqual([]);
  });

  it('src/index.ts names its exports (no export *)', () => {
    const text = readFileSync(join(ROOT, 'src/index.ts'), 'utf8');
    expect(text).not.toMatch(/^export \*/m);
  });
});
