/**
 * Makes the operating system back every page of `buffer` now, by an atomic
 * add of 0 to one 32-bit word in every 4 KiB (the smallest page size of
 * the platforms Node.js runs on): a write that changes nothing,
 * whatever other threads write meanwhile. A fresh memory's first write to
 * each page costs a page fault (about a microsecond, more inside a virtual
 * machine, and more again when two threads fault at once); a worker thread
 * with nothing else to do takes them ahead of the check (see
 * `warmFirstPass`). Self-contained: worker threads run it from its text (see
 * `runParallel`). Returns the pages touched. `O(bytes / 4096)`.
 *
 * @example
 * touchPages(new SharedArrayBuffer(65536)); // 16
 * @throws never.
 */
export function touchPages(buffer: SharedArrayBuffer): number {
  const words = new Int32Array(buffer, 0, Math.floor(buffer.byteLength / 4));
  let pages = 0;
  for (let w = 0; w < words.length; w += 1024, pages++) Atomics.add(words, w, 0);
  return pages;
}
