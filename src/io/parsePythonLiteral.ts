import { InputTypeError, type InputLocation } from '../errors/inputError.js';

/**
 * A value of the small subset of Python literals that a `.npy` header uses
 * (`repr` of a dict of strings, booleans and tuples of integers), tagged by
 * its Python type. Integers are `bigint` because a Python int is unbounded.
 */
export type PythonValue =
  | { readonly type: 'str'; readonly value: string }
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'None' }
  | { readonly type: 'tuple'; readonly items: readonly PythonValue[] }
  | { readonly type: 'list'; readonly items: readonly PythonValue[] }
  | { readonly type: 'dict'; readonly entries: readonly (readonly [PythonValue, PythonValue])[] };

/** Nesting deeper than this is refused (a header nests at most 3 levels), so no input can exhaust the stack. */
const MAX_DEPTH = 32;

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '0': '\0' };

/**
 * Parses one Python literal, as `ast.literal_eval` would, restricted to what
 * NumPy writes in a `.npy` header: strings in single or double quotes (with
 * the escapes `\\ \' \" \n \t \r \0`), decimal integers (optionally signed,
 * optionally with Python 2's `L` suffix), `True`, `False`, `None`, tuples
 * (`()`, `(3,)`, `(3, 4)`), lists and dicts, with trailing commas allowed.
 * Only whitespace may follow the value. Nesting is limited to 32 levels.
 * `O(n)` in the length of `text`, one pass without backtracking.
 *
 * @example
 * parsePythonLiteral("{'shape': (3, 4), }");
 * // { type: 'dict', entries: [[{ type: 'str', value: 'shape' }, { type: 'tuple', items: [{ type: 'int', value: 3n }, { type: 'int', value: 4n }] }]] }
 * @throws {InputTypeError} naming the character position (0-based) and what was expected there.
 */
export function parsePythonLiteral(text: string, location: InputLocation = {}): PythonValue {
  const parser = new LiteralParser(text, location);
  const value = parser.value(0);
  parser.skipSpace();
  if (parser.pos < text.length) parser.fail('unexpected text after the value');
  return value;
}

/**
 * The one-line Python form of a value, for error messages (`(3, 4)`, `'<i8'`);
 * control characters in strings are escaped as Python does, so the text is
 * always one printable line. `O(size)`.
 *
 * @example
 * pythonRepr({ type: 'tuple', items: [{ type: 'int', value: 3n }] }); // '(3,)'
 */
export function pythonRepr(value: PythonValue): string {
  switch (value.type) {
    case 'str':
      // eslint-disable-next-line no-control-regex -- control characters are what this expression finds
      return `'${value.value.replace(/[\\'\u0000-\u001f\u007f-\u009f]/g, escapeChar)}'`;
    case 'int':
      return value.value.toString();
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'None':
      return 'None';
    case 'tuple':
      return value.items.length === 1
        ? `(${pythonRepr(value.items[0]!)},)`
        : `(${value.items.map(pythonRepr).join(', ')})`;
    case 'list':
      return `[${value.items.map(pythonRepr).join(', ')}]`;
    case 'dict':
      return `{${value.entries.map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  }
}

/** Python's escape of one character in a string repr: `\\`, `\'`, `\n`, `\t`, `\r`, else `\xNN`. */
function escapeChar(c: string): string {
  if (c === '\\' || c === "'") return `\\${c}`;
  if (c === '\n') return '\\n';
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

class LiteralParser {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly location: InputLocation,
  ) {}

  fail(problem: string): never {
    const found =
      this.pos < this.text.length
        ? pythonRepr({ type: 'str', value: this.text.slice(this.pos, this.pos + 12) })
        : 'the end of the header';
    throw new InputTypeError(
      `header is not a valid Python literal: ${problem} at character ${this.pos} (found ${found})`,
      this.location,
    );
  }

  skipSpace(): void {
    while (this.pos < this.text.length && ' \t\n\r\f\v'.includes(this.text[this.pos]!)) this.pos++;
  }

  value(depth: number): PythonValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) this.fail('expected a value');
    if (c === "'" || c === '"') return { type: 'str', value: this.string(c) };
    if (c === '(') {
      // A parenthesised single value without a comma is that value, not a tuple: `(3)` is 3.
      const { items, trailingComma } = this.sequence(')', depth);
      return items.length === 1 && !trailingComma ? items[0]! : { type: 'tuple', items };
    }
    if (c === '[') return { type: 'list', items: this.sequence(']', depth).items };
    if (c === '{') return this.dict(depth);
    if (c === '-' || c === '+' || (c >= '0' && c <= '9')) return { type: 'int', value: this.integer() };
    for (const word of ['True', 'False', 'None'] as const) {
      if (this.text.startsWith(word, this.pos) && !/^[A-Za-z0-9_]/.test(this.text[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return word === 'None' ? { type: 'None' } : { type: 'bool', value: word === 'True' };
      }
    }
    return this.fail('expected a string, an integer, True, False, None, a tuple, a list or a dict');
  }

  private string(quote: string): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated string');
      this.pos++;
      if (c === quote) return out;
      if (c === '\\') {
        const e = this.text[this.pos];
        const replacement = e === undefined ? undefined : SIMPLE_ESCAPES[e];
        if (replacement === undefined) this.fail('unsupported escape in a string');
        out += replacement;
        this.pos++;
      } else out += c;
    }
  }

  private integer(): bigint {
    let sign = '';
    const c = this.text[this.pos];
    if (c === '-' || c === '+') {
      sign = c;
      this.pos++;
      this.skipSpace();
    }
    const start = this.pos;
    while (this.pos < this.text.length && isDigit(this.text[this.pos]!)) this.pos++;
    const digits = this.text.slice(start, this.pos);
    if (digits === '') this.fail('expected a decimal integer');
    if (digits.length > 1 && digits[0] === '0') this.fail('leading zeros are not allowed in a Python integer');
    // Python 2's long suffix (`3L`), which NumPy wrote under Python 2.
    if (this.text[this.pos] === 'L' || this.text[this.pos] === 'l') this.pos++;
    if (/^[A-Za-z0-9_.]/.test(this.text[this.pos] ?? '')) this.fail('expected a decimal integer');
    // Only the length decides whether the number is usable; BigInt of a long run of digits is
    // quadratic, so an absurd length is refused here (a dimension needs at most 16 digits).
    if (digits.length > 100) this.fail('integer with more than 100 digits');
    return BigInt(sign + digits);
  }

  private sequence(close: string, depth: number): { items: PythonValue[]; trailingComma: boolean } {
    this.pos++;
    const items: PythonValue[] = [];
    let trailingComma = false;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return { items, trailingComma };
      }
      items.push(this.value(depth + 1));
      this.skipSpace();
      trailingComma = false;
      if (this.text[this.pos] === ',') {
        this.pos++;
        trailingComma = true;
      } else if (this.text[this.pos] !== close) this.fail(`expected "," or "${close}"`);
    }
  }

  private dict(depth: number): PythonValue {
    this.pos++;
    const entries: [PythonValue, PythonValue][] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { type: 'dict', entries };
      }
      const key = this.value(depth + 1);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('expected ":" after a dict key');
      this.pos++;
      entries.push([key, this.value(depth + 1)]);
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}') this.fail('expected "," or "}"');
    }
  }
}
