/**
 * `JSON.stringify` for reports: non-finite numbers, which JSON cannot hold,
 * are written as the strings `"Infinity"`, `"-Infinity"` and `"NaN"` instead
 * of silently becoming `null`; typed arrays become plain arrays. `O(size)`.
 *
 * @example
 * toJsonText({ gamma: Infinity }); // '{"gamma":"Infinity"}'
 */
export function toJsonText(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    },
    indent,
  );
}
