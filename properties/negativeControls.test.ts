import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../src/cli/cliIo.js';
import { run } from '../src/cli/run.js';
import { readRecord, recordedTargetOf } from '../src/harness/counterexampleRecord.js';
import { runSuite } from '../src/harness/runSuite.js';
import { negativeControls } from '../src/negativeControls/index.js';
import { propertyNamed } from './index.js';

/**
 * Negative controls: deliberately broken constructions. Each must be caught
 * by the properties it names, within the default budget, with a shrunk
 * counterexample written as a record whose replay fails again the same way.
 * A suite that cannot catch them is not testing the theorem.
 */
describe.each(negativeControls.map((c) => [c.name, c] as const))('negative control %s', (_name, control) => {
  const corpus = mkdtempSync(join(tmpdir(), 'attnproof-negative-'));
  afterAll(() => rmSync(corpus, { recursive: true, force: true }));

  it.each(control.negativeControl!.caughtBy.map((name) => [name] as const))(
    'is caught by %s, shrunk, recorded, and replayed',
    async (name) => {
      const property = propertyNamed(name);
      const report = await runSuite({
        properties: [property],
        construction: control,
        seed: 42,
        corpus,
        replayCommand: (path) => `attnproof replay ${path}`,
      });
      const outcome = report.outcomes[0]!;
      expect(outcome.status).toBe('fail');
      const path = report.records[name]!;
      expect(path).toBeDefined();
      const record = readRecord(path);
      expect(record.construction).toBe(control.name);
      expect(record.replay).toBe(`attnproof replay ${path}`);
      if (property.kind === 'fast-check') {
        // Shrunk: fast-check's path is recorded and the target is down to a handful of rows.
        expect(record.run.path).toMatch(/^\d+(:\d+)*$/);
        expect(recordedTargetOf(record.target!).L).toBeLessThanOrEqual(4);
      }
      // Replay through the command line: it fails again, with the same failure paragraph.
      const io = memoryIo();
      const code = await run(['replay', path], io);
      expect(code).toBe(1);
      expect(io.stdout()).toContain(record.failure);
      // The record on disk is complete JSON (written atomically).
      expect(() => JSON.parse(readFileSync(path, 'utf8'))).not.toThrow();
    },
  );
});
