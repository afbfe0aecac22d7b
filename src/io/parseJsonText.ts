import { InputTypeError } from '../errors/inputError.js';

/**
 * `JSON.parse` that reports a syntax error as one line naming the file, line
 * and column instead of a raw `SyntaxError`. `O(text.length)`.
 *
 * @example
 * parseJsonText('{"a": 1}'); // { a: 1 }
 * parseJsonText('{"a": }', 'W.json'); // throws "W.json: line 1: malformed JSON (…) at column 7"
 * @throws {InputTypeError} when `text` is not valid JSON.
 */
export function parseJsonText(text: string, source?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const file = source !== undefined ? { file: source } : {};
    if (position === null) throw new InputTypeError(`malformed JSON (${message})`, file);
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const reason = message.replace(/ in JSON at position \d+.*$/s, '');
    throw new InputTypeError(`malformed JSON (${reason}) at column ${column}`, { ...file, line });
  }
}
