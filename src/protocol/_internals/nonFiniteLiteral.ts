/** A bare `NaN`/`Infinity` token found in JSON-like text. */
export interface NonFiniteLiteral {
  /** The token as written (`NaN`, `-Infinity`, `nan`, `inf`, ...). */
  readonly token: string;
  /** 0-based offset of the token in the text. */
  readonly offset: number;
}

const TOKEN = /^-?(?:NaN|Infinity|nan|inf|Inf|NAN|INF)(?![A-Za-z0-9_])/;

/**
 * Finds the first bare `NaN`, `Infinity` or `-Infinity` (or their lower-case
 * spellings `nan`, `inf`) outside string literals: the way Python's
 * `json.dumps` (with its default `allow_nan=True`) and many hand-written
 * printers write non-finite numbers, none of which is JSON. Used only to explain
 * a parse failure. `O(n)`.
 *
 * @example
 * findNonFiniteLiteral('{"X": [[1, NaN]]}'); // { token: 'NaN', offset: 11 }
 * findNonFiniteLiteral('{"note": "NaN"}'); // undefined
 */
export function findNonFiniteLiteral(text: string): NonFiniteLiteral | undefined {
  let inString = false;
  for (let p = 0; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (inString) {
      if (c === 92)
        p++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    // Candidate starts: '-', 'N', 'n', 'I', 'i', not preceded by an identifier character.
    if (c === 45 || c === 78 || c === 110 || c === 73 || c === 105) {
      const before = p > 0 ? text.charCodeAt(p - 1) : 32;
      if (isWordChar(before)) continue;
      const match = TOKEN.exec(text.slice(p, p + 10));
      if (match !== null) return { token: match[0], offset: p };
    }
  }
  return undefined;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
