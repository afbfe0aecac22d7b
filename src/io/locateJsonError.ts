const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/**
 * The offset of the first JSON syntax error in `text`, or `-1` when the text
 * is valid JSON. Used only after `JSON.parse` has failed, because Node 20's
 * messages do not always give a position. An iterative scanner (an explicit
 * stack instead of recursion), so deeply nested input cannot overflow it.
 * `O(text.length)`.
 *
 * @example
 * locateJsonError('{"a": }'); // 6
 * locateJsonError('[1, 2]');  // -1
 */
export function locateJsonError(text: string): number {
  let i = 0;
  const stack: Array<'object' | 'array'> = [];
  const skip = (): void => {
    WHITESPACE.lastIndex = i;
    WHITESPACE.exec(text);
    i = WHITESPACE.lastIndex;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    for (i++; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else return false;
      }
    }
    return false;
  };
  // Starts a value at i: true when a whole value (a scalar or an empty container) was read,
  // 'open' when a non-empty container was opened (its contents follow), false on an error.
  const begin = (): boolean | 'open' => {
    skip();
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c === '{' ? 'object' : 'array');
      i++;
      skip();
      if (text[i] !== (c === '{' ? '}' : ']')) return 'open';
      stack.pop();
      i++;
      return true;
    }
    if (c === '"') return string();
    for (const literal of ['true', 'false', 'null'])
      if (text.startsWith(literal, i)) return ((i += literal.length), true);
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text) !== null) return ((i = NUMBER.lastIndex), true);
    return false;
  };
  // An object member's key and colon.
  const key = (): boolean => {
    skip();
    if (!string()) return false;
    skip();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };
  let state = begin();
  for (;;) {
    if (state === false) return i;
    if (state === 'open') {
      state = stack[stack.length - 1] === 'object' && !key() ? false : begin();
      continue;
    }
    // A value is complete: what may follow depends on the enclosing container.
    skip();
    const top = stack[stack.length - 1];
    if (top === undefined) return i === text.length ? -1 : i;
    const c = text[i];
    if (c === ',') {
      i++;
      state = top === 'object' && !key() ? false : begin();
    } else if (c === (top === 'object' ? '}' : ']')) {
      stack.pop();
      i++;
    } else return i;
  }
}
