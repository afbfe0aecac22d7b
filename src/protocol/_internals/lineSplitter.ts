/** Result of {@link LineSplitter.push}. */
export interface SplitResult {
  /** Complete lines, without their `\n`, in arrival order. */
  readonly lines: Buffer[];
  /** True when the partial line now held is longer than the limit (the bytes are dropped). */
  readonly overflow: boolean;
}

/**
 * Splits a byte stream into `\n`-terminated lines without quadratic copying:
 * chunks of an unfinished line are kept in a list and concatenated once, when
 * the newline arrives, so a line of `n` bytes costs `O(n)` however many chunks
 * it spans. Bytes are decoded only by the caller, after concatenation, so a
 * UTF-8 character split across chunks is never damaged.
 *
 * @example
 * const s = new LineSplitter(1 << 20);
 * s.push(Buffer.from('{"id":1}\n{"id"')).lines.map(String); // ['{"id":1}']
 * s.push(Buffer.from(':2}\n')).lines.map(String); // ['{"id":2}']
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;

  /** @param maxLineBytes longest line accepted; a longer one is reported as `overflow`. */
  constructor(private readonly maxLineBytes: number) {}

  /** Bytes of the current unfinished line. */
  get pendingBytes(): number {
    return this.size;
  }

  /** The start of the current unfinished line, decoded (at most `limit` bytes). */
  pendingText(limit: number): string {
    const head: Buffer[] = [];
    let taken = 0;
    for (const part of this.parts) {
      if (taken >= limit) break;
      const piece = part.subarray(0, limit - taken);
      head.push(piece);
      taken += piece.length;
    }
    return Buffer.concat(head).toString('utf8');
  }

  /** Adds `chunk`; returns the lines it completes. Amortised `O(chunk.length)`. */
  push(chunk: Buffer): SplitResult {
    const lines: Buffer[] = [];
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline < 0) break;
      const piece = chunk.subarray(start, newline);
      if (this.size + piece.length > this.maxLineBytes) {
        this.clear();
        return { lines, overflow: true };
      }
      lines.push(this.parts.length === 0 ? piece : Buffer.concat([...this.parts, piece], this.size + piece.length));
      this.clear();
      start = newline + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (this.size + rest.length > this.maxLineBytes) {
        this.clear();
        return { lines, overflow: true };
      }
      this.parts.push(rest);
      this.size += rest.length;
    }
    return { lines, overflow: false };
  }

  /** Forgets the unfinished line. */
  clear(): void {
    this.parts = [];
    this.size = 0;
  }
}
