import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimRowBlocks } from '../../src/verification/_internals/kernel/claimRowBlocks.js';
import { fuzzRuns } from '../helpers/fuzzRuns.js';

/** A fresh control array of `blocks` blocks: counter 0, entry 1 unused, no block done. */
const freshControl = (blocks: number): Int32Array => new Int32Array(2 + blocks);

/** The done marks `control[2 + b]`, as an array. */
const marks = (control: Int32Array): number[] => Array.from(control.subarray(2));

describe('claimRowBlocks: the loop the calling thread and every worker run on one shared counter', () => {
  it('alone, runs every block once, in order, into its buffer, marks each done and counts them', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.nat(1 << 20), (blocks, outPtr) => {
        const control = freshControl(blocks);
        const ran: [number, number][] = [];
        expect(claimRowBlocks(control, blocks, (b, out) => void ran.push([b, out]), outPtr)).toBe(blocks);
        expect(ran).toEqual(Array.from({ length: blocks }, (_, b) => [b, outPtr]));
        expect(marks(control)).toEqual(new Array(blocks).fill(1));
        // it claimed one number past the last block (the claim that told it to stop); entry 1 is not its
        expect(control[0]).toBe(blocks + 1);
        expect(control[1]).toBe(0);
      }),
      { seed: 1501, numRuns: fuzzRuns(0.5) },
    );
  });

  it('runs only the blocks not yet claimed, and none when the counter has passed the last block', () => {
    const control = freshControl(5);
    control[0] = 3; // blocks 0, 1 and 2 were claimed by others
    const ran: number[] = [];
    expect(claimRowBlocks(control, 5, (b) => void ran.push(b), 0)).toBe(2);
    expect(ran).toEqual([3, 4]);
    expect(marks(control)).toEqual([0, 0, 0, 1, 1]);
    expect(claimRowBlocks(control, 5, () => expect.unreachable('no block is left'), 0)).toBe(0);
    expect(control[0]).toBe(7); // each of the two claimers stopped one past the last block
  });

  it('two claimers sharing one counter run every block exactly once between them, each into its own buffer', () => {
    // The second claimer starts inside the first one's run of block `at` (as another thread would at any time)
    // and stops with an error in its run of block `at + 1 + stopAfter` (as a worker that fails), if it gets there.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.nat(40), fc.nat(40), (blocks, atRaw, stopAfter) => {
        const at = atRaw % blocks;
        const control = freshControl(blocks);
        const byFirst: number[] = [];
        const bySecond: number[] = [];
        let failedAt = -1;
        const second = (b: number, out: number): void => {
          expect(out).toBe(200);
          if (bySecond.length === stopAfter) {
            failedAt = b;
            throw new Error('stop');
          }
          bySecond.push(b);
        };
        let secondCount = -1;
        const first = (b: number, out: number): void => {
          expect(out).toBe(100);
          byFirst.push(b);
          if (b !== at) return;
          try {
            secondCount = claimRowBlocks(control, blocks, second, 200);
          } catch (error) {
            expect(error).toEqual(new Error('stop'));
          }
        };
        expect(claimRowBlocks(control, blocks, first, 100)).toBe(byFirst.length);
        const failed = failedAt >= 0 ? [failedAt] : [];
        // every block was handed to exactly one of them
        expect([...byFirst, ...bySecond, ...failed].sort((a, b) => a - b)).toEqual(
          Array.from({ length: blocks }, (_, b) => b),
        );
        // the second one took the blocks after `at`, in order, until it stopped
        expect(bySecond).toEqual(Array.from({ length: bySecond.length }, (_, k) => at + 1 + k));
        if (failedAt < 0) expect(secondCount).toBe(bySecond.length);
        // done marks: every block but the one a run failed in (the calling thread's runMissing redoes it)
        expect(marks(control)).toEqual(Array.from({ length: blocks }, (_, b) => (b === failedAt ? 0 : 1)));
        // each claimer that ran out stopped one past the last block; the failed one stopped at its block
        expect(control[0]).toBe(blocks + (failedAt >= 0 ? 1 : 2));
      }),
      { seed: 1502, numRuns: fuzzRuns(1) },
    );
  });

  it('passes on what run throws, leaving the blocks before it marked done and the failed one not', () => {
    const control = freshControl(4);
    const fail = (b: number): void => {
      if (b === 2) throw new RangeError('block 2');
    };
    expect(() => claimRowBlocks(control, 4, fail, 0)).toThrow(new RangeError('block 2'));
    expect(marks(control)).toEqual([1, 1, 0, 0]);
    expect(control[0]).toBe(3); // block 2 was claimed (no other claimer will take it)
  });
});
