/** A JSON number token; the groups say whether it has a fraction or an exponent (then it is no integer literal). */
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** Index of the quote that closes the string literal opening at `start`. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\') i++;
    else if (c === '"') return i;
  }
  return text.length;
}

/**
 * JSON.parse, except that integer literals beyond Number.MAX_SAFE_INTEGER become strings of their exact
 * digits: Shopify ids exceed 2^53, and a float would silently turn them into a different id.
 */
export function parseJsonKeepingBigIntegers(text: string): unknown {
  // Parsed as-is first: it throws the SyntaxError for invalid JSON, and quoting tokens of an invalid text
  // could make it valid (`{12345678901234567890: 1}`).
  const plain: unknown = JSON.parse(text);
  const pieces: string[] = [];
  let copiedUpTo = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') {
      i = endOfString(text, i);
      continue;
    }
    if (c !== '-' && (c < '0' || c > '9')) continue;
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) continue;
    const [token, fraction, exponent] = match;
    if (fraction === undefined && exponent === undefined && !Number.isSafeInteger(Number(token))) {
      pieces.push(text.slice(copiedUpTo, i), `"${token}"`);
      copiedUpTo = i + token.length;
    }
    i += token.length - 1;
  }
  if (pieces.length === 0) return plain;
  pieces.push(text.slice(copiedUpTo));
  return JSON.parse(pieces.join('')) as unknown;
}
