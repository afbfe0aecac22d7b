/**
 * Bytes handed out in order from one region of a buffer (a bump allocator,
 * 8-byte aligned), for the arrays the verifier's WebAssembly code reads and
 * writes in its memory: a region too small is reported, not overrun.
 */
export class MemoryArena {
  readonly buffer: ArrayBufferLike;
  private next: number;
  private readonly end: number;

  /**
   * The `bytes` bytes of `buffer` from byte `ptr`. `O(1)`.
   *
   * @example
   * const arena = new MemoryArena(new ArrayBuffer(64), 8, 32);
   * arena.take(4); // 8
   * arena.take(4); // 16 (8-byte aligned)
   * @throws {RangeError} when the region is not inside the buffer.
   */
  constructor(buffer: ArrayBufferLike, ptr: number, bytes: number) {
    if (!(
      Number.isInteger(ptr) &&
      Number.isInteger(bytes) &&
      ptr >= 0 &&
      bytes >= 0 &&
      ptr + bytes <= buffer.byteLength
    ))
      throw new RangeError(`the region ${ptr}..${ptr + bytes} is not inside a buffer of ${buffer.byteLength} bytes`);
    this.buffer = buffer;
    this.next = Math.ceil(ptr / 8) * 8;
    this.end = ptr + bytes;
  }

  /** Byte offset of `bytes` new bytes (contents unspecified), or −1 when the region has no room left. `O(1)`. */
  take(bytes: number): number {
    const at = this.next;
    if (at + bytes > this.end) return -1;
    this.next = Math.ceil((at + bytes) / 8) * 8;
    return at;
  }

  /** {@link take} as a `Uint8Array` over those bytes, or `null` when there is no room. `O(1)`. */
  bytes(bytes: number): Uint8Array | null {
    const at = this.take(bytes);
    return at < 0 ? null : new Uint8Array(this.buffer, at, bytes);
  }
}
