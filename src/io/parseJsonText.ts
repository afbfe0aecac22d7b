import { InputTypeError } from '../errors/inputError.js';
import { locateJsonError } from './locateJsonError.js';

/**
 * `JSON.parse` that reports a syntax error as one line naming the file, line
 * and column instead of a raw `SyntaxError`. `O(text.length)`.
 *
 * @example
 * parseJsonText('{"a": 1}'); // { a: 1 }
 * parseJsonText('{"a": }', 'W.json'); // throws 'W.json: line 1: malformed JSON: unexpected "}" at column 7'
 * @throws {InputTypeError} when `text` is not valid JSON.
 */
export function parseJsonText(text: string, source?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const file = source !== undefined ? { file: source } : {};
    const offset = locateJsonError(text);
    if (offset < 0) throw new InputTypeError(`malformed JSON (${message})`, file);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const found = offset >= text.length ? 'end of input' : JSON.stringify(text.slice(offset, offset + 12));
    throw new InputTypeError(`malformed JSON: unexpected ${found} at column ${column}`, { ...file, line });
  }
}
