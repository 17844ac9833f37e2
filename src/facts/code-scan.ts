// Small text scanners for facts that read call arguments and builder chains out of source code without a parser:
// balanced brackets with string awareness, good enough to tell `requests.get(url, timeout=5)` from `requests.get(url)`
// or to read a `WebClient.builder()...build()` chain. They never execute anything.

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSE = new Set([')', ']', '}']);

/**
 * The text between the bracket at `open` and its matching close (exclusive), skipping quoted strings;
 * undefined when it does not close within `max` characters.
 */
export function bracketBody(text: string, open: number, max = 4000): string | undefined {
  const stack: string[] = [];
  let quote: string | undefined;
  const end = Math.min(text.length, open + max);
  for (let i = open; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      continue;
    }
    if (OPEN[c]) stack.push(OPEN[c]!);
    else if (CLOSE.has(c)) {
      if (stack.pop() !== c) return undefined;
      if (!stack.length) return text.slice(open + 1, i);
    }
  }
  return undefined;
}

/** The arguments of a call whose name ends just before `from` (the next `(` at or after it, on the same statement). */
export function callArgs(text: string, from: number, max = 4000): string | undefined {
  const open = text.indexOf('(', from);
  if (open < 0 || /[;\n]/.test(text.slice(from, open).replace(/\n\s*\./g, ''))) return undefined;
  return bracketBody(text, open, max);
}

/**
 * The whole expression that starts at `start`: brackets are followed to their close and the expression continues
 * over method chains on the next lines (`.timeout(...)`, `.build()`), up to a `;` or a line that does not continue it.
 * Whole comment lines inside it are blanked (offsets kept): the chain goes on past them, a commented-out call is not
 * read.
 */
export function expressionAt(text: string, start: number, max = 3000): string {
  let depth = 0;
  let quote: string | undefined;
  let out = '';
  let from = start;
  const end = Math.min(text.length, start + max);
  for (let i = start; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (OPEN[c]) depth++;
    else if (CLOSE.has(c)) {
      depth--;
      if (depth < 0) return out + text.slice(from, i);
    } else if (depth === 0 && c === ';') return out + text.slice(from, i);
    else if (c === '\n') {
      let next = i + 1;
      for (let eol = text.indexOf('\n', next); eol >= 0 && eol < end && isCommentLine(text.slice(next, eol)); ) {
        next = eol + 1;
        eol = text.indexOf('\n', next);
      }
      // A chain that continues on the next line: `\n    .timeout(...)` (PHP `->timeout(...)`, Elixir `|> f()`) or a
      // trailing `.`/`\`/operator.
      if (
        depth === 0 &&
        !/^\s*(?:\.|\?\.|->|\?->|\|>)/.test(text.slice(next, next + 200)) &&
        !/[.\\,(]\s*$/.test(text.slice(Math.max(start, i - 3), i))
      )
        return out + text.slice(from, i);
      if (next > i + 1) {
        out += text.slice(from, i + 1) + text.slice(i + 1, next).replace(/[^\n]/g, ' ');
        from = next;
        i = next - 1;
      }
    }
  }
  return out + text.slice(from, end);
}

/** A line that is a comment in the common languages (#, //, /*, *, --, <!--). */
export function isCommentLine(line: string | undefined): boolean {
  const t = (line ?? '').trim();
  return (
    t.startsWith('#') ||
    t.startsWith('//') ||
    t.startsWith('/*') ||
    t.startsWith('* ') ||
    t === '*' ||
    t.startsWith('<!--') ||
    t.startsWith('--')
  );
}

/** A comment line in a configuration file: the common markers, and `;` (INI files). */
export function isConfigCommentLine(line: string | undefined): boolean {
  return isCommentLine(line) || (line ?? '').trimStart().startsWith(';');
}

/** The name a value is assigned to on the line before `offset` (`x = `, `const x = `, `x := `, `self.x = `, `@x = `). */
export function assignedName(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const m =
    /(?:^|[\s(,])(?:(?:const|let|var|val|final|private|public|protected|static|readonly)\s+)*(?:[\w<>?,](?:[\w<>?,\s]*[\w<>?,])?\s+)?((?:self\.|this\.|@)?[A-Za-z_$][\w$]*)\s*(?::[^=]*)?(?::=|=)\s*(?:new\s+|await\s+|&)?$/.exec(
      before,
    );
  return m?.[1];
}

/** Top-level comma-separated arguments of a bracket body (string- and bracket-aware), trimmed. */
export function splitArgs(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (OPEN[c]) depth++;
    else if (CLOSE.has(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = body.slice(start).trim();
  if (last || out.length) out.push(last);
  return out.filter((a, i) => a !== '' || i < out.length - 1);
}
