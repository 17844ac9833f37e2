/**
 * Text quoted from an audited repository is shown in terminals, Markdown and CI logs. Control characters (ANSI escape
 * sequences in a highlighted sample, a carriage return that overwrites the line; line breaks stay) and bidirectional
 * overrides (which reorder what a reader sees: "Trojan Source") would let the repository rewrite the report. They are
 * shown as escapes.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  if (!UNPRINTABLE.test(text)) return text;
  UNPRINTABLE.lastIndex = 0;
  return text.replace(UNPRINTABLE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
