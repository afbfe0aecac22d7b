/**
 * The exact IEEE-754 bits of a double as 16 hexadecimal digits (big-endian),
 * and back. Counterexample records store every target weight this way next to
 * its decimal form, so a replay in any language sees the very same number.
 *
 * @example
 * doubleToHex(1);                    // "3ff0000000000000"
 * hexToDouble('3ff0000000000000');   // 1
 */
export function doubleToHex(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/**
 * Inverse of {@link doubleToHex}. `O(1)`.
 *
 * @throws {RangeError} when `hex` is not exactly 16 hexadecimal digits.
 */
export function hexToDouble(hex: string): number {
  if (!/^[0-9a-f]{16}$/i.test(hex)) throw new RangeError(`expected 16 hexadecimal digits, got "${hex}"`);
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}
