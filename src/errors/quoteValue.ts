/** Longest quotation of a user's value in an error message (about one short line's worth). */
export const QUOTE_LIMIT = 60;

/**
 * `text` cut to at most `limit` characters (the cut ends in `...`), with line
 * breaks turned into spaces, so that a hostile value cannot flood or split the
 * one-line error message that quotes it. `O(min(text.length, limit))` after the
 * line-break scan.
 *
 * @example
 * clipText('abc'); // 'abc'
 * clipText('x'.repeat(100)).length; // 60
 * clipText('a\nb'); // 'a b'
 * @throws never.
 */
export function clipText(text: string, limit = QUOTE_LIMIT): string {
  const line = text.replace(/[\r\n\u2028\u2029]+/g, ' ');
  return line.length <= limit ? line : `${line.slice(0, limit - 3)}...`;
}

/**
 * A short printable form of any value for an error message: its JSON text (so
 * strings are quoted and `null` is visible), else `String(value)`, clipped by
 * {@link clipText}. Total: BigInt, cycles, objects without a prototype and
 * throwing `toJSON`/`toString` all give some text. `O(size of value)` for the
 * JSON text.
 *
 * @example
 * quoteValue('fixed'); // '"fixed"'
 * quoteValue([1, 2]); // '[1,2]'
 * quoteValue(undefined); // 'undefined'
 * quoteValue(10n); // '10'
 * quoteValue(new Array(100).fill(0)).length; // 60
 * @throws never.
 */
export function quoteValue(value: unknown, limit = QUOTE_LIMIT): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    try {
      text = String(value);
    } catch {
      text = `(${typeof value} that cannot be printed)`;
    }
  }
  return clipText(text, limit);
}

/**
 * One line describing a thrown value: `Name: message` for an `Error`, else
 * {@link quoteValue}; clipped to `limit`. Total: a value whose `name`,
 * `message` or `toString` throws still gives some text. `O(limit)`.
 *
 * @example
 * describeThrown(new RangeError('bad d')); // 'RangeError: bad d'
 * describeThrown('oops'); // '"oops"'
 * @throws never.
 */
export function describeThrown(error: unknown, limit = QUOTE_LIMIT): string {
  if (!(error instanceof Error)) return quoteValue(error, limit);
  try {
    return clipText(`${error.name}: ${error.message}`, limit);
  } catch {
    return `(${error.constructor?.name ?? 'Error'} that cannot be printed)`;
  }
}
