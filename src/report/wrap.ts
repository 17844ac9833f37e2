import { lazy } from '../lazy.js';

const stringWidthModule = lazy<typeof import('string-width')>('string-width');
const wrapAnsiModule = lazy<typeof import('wrap-ansi')>('wrap-ansi');

/** Below this many columns wrapping helps nobody: lines are left as they are. */
const MIN_WIDTH = 30;

/**
 * Wraps each line of a human-readable text to a terminal's width (ANSI colours kept). A continuation line takes the
 * line's own indentation plus two spaces, so evidence and messages stay visibly under their finding. Without a width
 * (not a terminal, a file, a terminal that reports no width) the text is returned as it is.
 */
export function wrapToWidth(text: string, width: number | undefined): string {
  if (!width || width < MIN_WIDTH) return text;
  const stringWidth = stringWidthModule().default;
  const wrapAnsi = wrapAnsiModule().default;
  return text
    .split('\n')
    .map((line) => {
      if (stringWidth(line) <= width) return line;
      const indent = /^ */.exec(line)![0];
      const hang = indent.length + 2 < width / 2 ? `${indent}  ` : '';
      const body = wrapAnsi(line.slice(indent.length), width - hang.length, { hard: true, trim: true });
      return body
        .split('\n')
        .map((part, i) => (i === 0 ? indent : hang) + part)
        .join('\n');
    })
    .join('\n');
}
