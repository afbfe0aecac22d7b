/** The `block` export of an instance: computes and scans one row block into the output buffer at `outPtr`. */
export type BlockRunner = (block: number, outPtr: number) => void;

/**
 * Claims row blocks from the shared counter `control[0]` and runs each one
 * with `run` into the output buffer at `outPtr`, marking block `b` done in
 * `control[2 + b]`, until the counter has passed the last block; returns how
 * many blocks this caller ran. Every thread of a first pass runs this loop on
 * the same counter: `Atomics.add` hands each block number to exactly one
 * claimer, so the blocks are shared without locks and faster threads take
 * more. Each claimer leaves the counter one past what it last claimed, so it
 * ends at `blocks + claimers`.
 *
 * The calling thread runs it directly ({@link WasmBlocks.claimBlocks}); every
 * worker runs it from its text (see {@link runParallel}), so it must stay
 * self-contained: no imports, and no names but its parameters and the global
 * `Atomics`.
 *
 * `O(blocks)` claims, plus the blocks it runs.
 *
 * @example
 * const control = new Int32Array(2 + 3);
 * const ran: number[] = [];
 * claimRowBlocks(control, 3, (b) => void ran.push(b), 0); // 3
 * ran; // [0, 1, 2]
 * control; // Int32Array [4, 0, 1, 1, 1]
 * @throws whatever `run` throws: the blocks finished before stay marked done, the one it failed in does not
 * (the calling thread's {@link WasmBlocks.runMissing} runs it).
 */
export function claimRowBlocks(control: Int32Array, blocks: number, run: BlockRunner, outPtr: number): number {
  let done = 0;
  for (let b = Atomics.add(control, 0, 1); b < blocks; b = Atomics.add(control, 0, 1)) {
    run(b, outPtr);
    Atomics.store(control, 2 + b, 1);
    done++;
  }
  return done;
}

/**
 * Runs, in this thread, every block of `control` (as {@link claimRowBlocks}
 * leaves it) not yet marked done, marking each; returns how many: after the
 * workers answered, this completes the blocks a failed one claimed but never
 * finished. `O(blocks)` plus the blocks it runs.
 *
 * @example
 * const control = new Int32Array([3, 0, 1, 0, 1]); // block 1 was claimed but not finished
 * runMissingBlocks(control, 3, (b) => void 0, 0); // 1 (block 1), and control[3] === 1
 * @throws whatever `run` throws.
 */
export function runMissingBlocks(control: Int32Array, blocks: number, run: BlockRunner, outPtr: number): number {
  let done = 0;
  for (let b = 0; b < blocks; b++) {
    if (Atomics.load(control, 2 + b) === 1) continue;
    run(b, outPtr);
    Atomics.store(control, 2 + b, 1);
    done++;
  }
  return done;
}
