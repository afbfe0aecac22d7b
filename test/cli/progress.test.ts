import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/cliIo.js';
import { suiteProgress } from '../../src/cli/format/suiteProgress.js';
import { sweepProgressBar } from '../../src/cli/format/sweepProgressBar.js';

const ERASE = '\r\x1b[2K';

describe('progress on a terminal', () => {
  it('check and validate: the property running, its share, properties done; cleared at the end', () => {
    const io = memoryIo();
    const progress = suiteProgress(io, 2);
    progress({ name: 'fixed-parameters' }, 0);
    progress({ name: 'fixed-parameters' }, 0.5);
    progress({ name: 'fixed-parameters' }, 1);
    progress({ name: 'theorem-at-dstar' }, 0.25);
    progress({ name: 'theorem-at-dstar' }, 1);
    const draws = io.stderr().split(ERASE).slice(1);
    expect(draws[0]).toMatch(/^ {2}fixed-parameters 0% \(0 of 2 done, \d+ s\)$/);
    expect(draws[1]).toMatch(/^ {2}fixed-parameters 50% \(0 of 2 done/);
    expect(draws).toContainEqual(expect.stringMatching(/^ {2}theorem-at-dstar 25% \(1 of 2 done/));
    expect(draws.at(-1)).toBe(''); // the last draw clears the line: the report starts on a clean line
  });

  it('sweep: the label counts the trials of the length being measured, not of all lengths', () => {
    const io = memoryIo();
    const bar = sweepProgressBar(io);
    bar({
      fraction: 0.5,
      L: 64,
      trialsDone: 25,
      trialsTotal: 40,
      lengthTrialsDone: 5,
      lengthTrialsTotal: 20,
      elapsedSeconds: 3,
    });
    expect(io.stderr()).toMatch(/L = 64, trial 5\/20 of this length/);
    bar({
      fraction: 1,
      L: 64,
      trialsDone: 40,
      trialsTotal: 40,
      lengthTrialsDone: 20,
      lengthTrialsTotal: 20,
      elapsedSeconds: 6,
    });
    expect(io.stderr().endsWith(ERASE)).toBe(true);
  });
});
