/**
 * The few Go `strconv` behaviours kube-apiserver shows to clients when it decodes query parameters:
 * `%q` quoting and `strconv.ParseInt` with its exact error text (`strconv.ParseInt: parsing "x":
 * invalid syntax`), which a 400 carries verbatim.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** Go's `strconv.Quote` (what `%q` prints): printable Unicode kept, control characters escaped. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const escape = ESCAPES[ch];
    if (escape !== undefined) out += escape;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** The outcome of a Go integer parse: the value, or the error text Go would print. */
export type GoIntResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: string };

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** `strconv.ParseInt(text, 10, 64)`: an optional sign then decimal digits, nothing else. */
export function parseGoInt64(text: string): GoIntResult {
  const fail = (why: string): GoIntResult => ({ ok: false, error: `strconv.ParseInt: parsing ${goQuote(text)}: ${why}` });
  if (!/^[+-]?\d+$/.test(text)) return fail('invalid syntax');
  const value = BigInt(text);
  if (value > INT64_MAX || value < INT64_MIN) return fail('value out of range');
  return { ok: true, value: Number(value) };
}
