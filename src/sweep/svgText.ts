/**
 * Text helpers of the hand-written SVG pictures: `esc` makes text safe inside
 * elements and attributes, `coordinate` prints a coordinate with one decimal.
 * `O(text)`.
 *
 * @example
 * esc('d < L & more'); // 'd &lt; L &amp; more'
 * coordinate(12.345);   // '12.3'
 */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A coordinate with one decimal (see {@link esc}). */
export function coordinate(x: number): string {
  return x.toFixed(1);
}
