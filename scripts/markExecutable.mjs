// Marks the command line's entry point executable after `npm run build` (tsc writes it 0644): `npx attnproof` in a
// clone runs package.json's "bin" file directly, and npm does not link or chmod a project's own bin on `npm install`,
// so without this every `npx attnproof` command of the README failed with "Permission denied" on a fresh clone.
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const { bin } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
for (const file of Object.values(bin)) chmodSync(fileURLToPath(new URL(file, root)), 0o755);
