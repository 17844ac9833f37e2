/** A line that defines a pattern (regex source with escapes, e.g. a linter's rule table): not a use of the practice. */
export function isPatternSource(line: string): boolean {
  return /\\[bsSdwW.(]/.test(line);
}

/** True when `matched` sits inside a quoted string of prose (`minWords` words or more): documentation, not code. */
export function inProse(line: string, matched: string, minWords = 6): boolean {
  const idx = line.indexOf(matched);
  if (idx < 0) return false;
  let open: string | undefined;
  let start = 0;
  for (let i = 0; i < idx; i++) {
    const c = line[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (open) {
      if (c === open) open = undefined;
    } else if (c === '"' || c === "'" || c === '`') {
      open = c;
      start = i + 1;
    }
  }
  if (!open) return false;
  const end = line.indexOf(open, idx + matched.length);
  const content = line.slice(start, end < 0 ? undefined : end);
  return content.trim().split(/\s+/).length >= minWords;
}

/** The string as a literal inside a regular expression: `a.b` → `a\.b`. The one escape helper. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
