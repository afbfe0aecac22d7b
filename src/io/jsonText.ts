/**
 * Pretty JSON whose innermost arrays (of numbers, strings, booleans) stay on
 * one line, so a record's target reads as `[0, 5, 0.25]` per entry instead of
 * one number per line. Same values as `JSON.stringify`. `O(size)`.
 *
 * @example
 * compactJson({ entries: [[0, 1, 2]] }); // '{\n "entries": [\n  [0, 1, 2]\n ]\n}'
 */
export function compactJson(value: unknown): string {
  return toJsonText(value, 1).replace(
    /\[\s*((?:[^[\]{}"]|"(?:[^"\\]|\\.)*")*?)\s*\]/g,
    (_m, inner: string) => `[${inner.replace(/,\s+/g, ', ').trim()}]`,
  );
}

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
