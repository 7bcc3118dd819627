/**
 * Text from a profile (or a cloud answer) reaches the terminal: control characters in it
 * could move the cursor, clear the screen, set the window title, or (bidi overrides) show
 * text in an order other than the bytes'. Every human output shows them escaped instead:
 * C0 codes but newline and tab, DEL, C1 codes, and the bidi embedding, override and isolate
 * characters (U+202A-U+202E, U+2066-U+2069). Escaping is idempotent: its output holds none.
 */

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escaped(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The text with every terminal control character shown as \xNN or \uNNNN. */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, escaped);
}
