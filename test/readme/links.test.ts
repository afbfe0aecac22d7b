import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Users have the repository and nothing else: every link of the README and of docs/ must point to a
// file in it (a link to ../shared/SPEC.md once pointed outside).
const PAGES = [
  'README.md',
  'docs/theorem.md',
  'docs/formats.md',
  'docs/sweep.md',
  'docs/statistics.md',
  'docs/robustness.md',
];

describe('links stay in the repository', () => {
  it.each(PAGES.filter((p) => existsSync(p)))('%s: every link names a file of the repository', (page) => {
    const text = readFileSync(page, 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !t.startsWith('#'));
    if (page === 'README.md') expect(targets.length).toBeGreaterThan(5); // the check is not vacuous
    for (const target of targets) {
      expect(target, `${page} links outside the repository`).not.toMatch(/^[a-z]+:|^\//);
      const file = join(dirname(page), target.replace(/#.*$/, ''));
      expect(file.startsWith('..'), `${page}: ${target} leaves the repository`).toBe(false);
      expect(existsSync(file), `${page}: ${target} does not exist`).toBe(true);
    }
  });

  it('LICENSE is the MIT license that package.json names', () => {
    expect((JSON.parse(readFileSync('package.json', 'utf8')) as { license: string }).license).toBe('MIT');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License\n/);
  });
});
