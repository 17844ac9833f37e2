/** Offsets of line starts: read by index like an array (undefined past the end). */
export type LineStarts = ArrayLike<number>;

/**
 * Offsets at which each line of a text starts (index 0 is line 1), as 32-bit integers: kept for every file an audit
 * locates a line in, where an array of numbers took twice the memory (and its growth as much again).
 */
export function lineStarts(text: string): Int32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count);
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
  return starts;
}

/** 1-based line of a character offset, by binary search over lineStarts(). */
export function lineOfOffset(starts: LineStarts, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * A line-number function for a text that is not an indexed file (e.g. a rewritten template). The line starts are
 * found at the first offset asked: most texts scanned this way locate nothing.
 */
export function lineCounter(text: string): (offset: number) => number {
  let starts: Int32Array | undefined;
  return (offset) => lineOfOffset((starts ??= lineStarts(text)), offset);
}
