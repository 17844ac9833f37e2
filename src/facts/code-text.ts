// Comments and string literals per language: one lexer masks them (offsets and line numbers kept), so every fact and
// rule asks the same question — "is this match code?" — the same way.
//
// Written here rather than taken from npm: the packages that strip comments (strip-comments, strip-comments-strings)
// remove text instead of masking it, know C-like or hash comments only, and none knows Python's triple-quoted strings,
// JS regex literals and template literals, or Go raw strings together; tree-sitter grammars would need an async WASM
// start-up in a synchronous engine and one grammar package per language for what this small scanner decides.

/** How a file's comments and strings are written. */
export type Syntax =
  | 'c'
  | 'rust'
  | 'csharp'
  | 'fsharp'
  | 'js'
  | 'go'
  | 'jvm'
  | 'python'
  | 'ruby'
  | 'php'
  | 'hash'
  | 'shell'
  | 'yaml'
  | 'sql'
  | 'markup'
  | 'razor'
  | 'none';

const SYNTAX_BY_LANGUAGE: Record<string, Syntax> = {
  javascript: 'js',
  typescript: 'js',
  go: 'go',
  java: 'jvm',
  kotlin: 'jvm',
  scala: 'jvm',
  groovy: 'jvm',
  rust: 'rust',
  csharp: 'csharp',
  fsharp: 'fsharp',
  swift: 'c',
  c: 'c',
  cpp: 'c',
  php: 'php',
  python: 'python',
  ruby: 'ruby',
  elixir: 'hash',
  shell: 'shell',
  sql: 'sql',
};

/** The syntax of a file: from its language, else from its name (configuration, build and container files). */
export function syntaxOf(path: string, language?: string): Syntax {
  if (path.endsWith('.razor')) return 'razor';
  if (language && SYNTAX_BY_LANGUAGE[language]) return SYNTAX_BY_LANGUAGE[language]!;
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (/\.ya?ml$/.test(base)) return 'yaml';
  if (/\.(xml|html?|vue|svelte|md|mdx)$/.test(base)) return 'markup';
  if (
    /\.(toml|ini|cfg|conf|properties|env|tf|hcl|rb|rake|gemspec|py)$|^(procfile|gemfile|makefile|rakefile)$|^\.env/.test(
      base,
    )
  )
    return 'hash';
  if (/^(dockerfile|containerfile)([.-].*)?$|\.dockerfile$/.test(base)) return 'shell';
  if (/\.(sh|bash)$/.test(base)) return 'shell';
  if (/\.(gradle|kts)$/.test(base)) return 'jvm';
  if (/\.(jsonc?|json5)$/.test(base)) return base.endsWith('.json') ? 'none' : 'c';
  return 'none';
}

/** The text with comments blanked (`code`), and with string, template and regex literals blanked too (`bare`). */
export interface MaskedText {
  code: string;
  bare: string;
}

type Span = [start: number, end: number];

/**
 * What a mask blanks, as sorted, merged `[start, end)` offset pairs: `comments` for `code`, `all` (comments and
 * literals) for `bare`. Kept instead of the masked texts, which would double a file's size in memory twice over: the
 * texts are built on demand (`applyMask`) and a position is tested with `inMask`.
 */
export interface MaskSpans {
  comments: Int32Array;
  all: Int32Array;
}

function merged(spans: readonly Span[]): Int32Array {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  // Indexed, each span read by position: a `for … of` destructuring spans allocates iterators and results per span
  // (every comment and string of every file read).
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]![0];
    const end = sorted[i]![1];
    if (end <= start) continue;
    const last = out.length - 1;
    if (last > 0 && start <= out[last]!) out[last] = Math.max(out[last]!, end);
    else out.push(start, end);
  }
  return Int32Array.from(out);
}

/** The text with the spans blanked (every character but line breaks becomes a space), as one flat string. */
export function applyMask(text: string, spans: Int32Array): string {
  if (!spans.length) return text;
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const start = spans[i]!;
    const end = Math.min(spans[i + 1]!, text.length);
    if (end <= start) continue;
    parts.push(text.slice(at, start));
    const inner = text.slice(start, end);
    parts.push(/[\r\n]/.test(inner) ? inner.replace(/[^\r\n]/g, ' ') : ' '.repeat(end - start));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** The span holding the offset, as its start and end (binary search). */
export function spanAt(spans: Int32Array, offset: number): [number, number] | undefined {
  let lo = 0;
  let hi = spans.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < spans[2 * mid]!) hi = mid - 1;
    else if (offset >= spans[2 * mid + 1]!) lo = mid + 1;
    else return [spans[2 * mid]!, spans[2 * mid + 1]!];
  }
  return undefined;
}

/** True when the offset lies in one of the spans. */
export function inMask(spans: Int32Array, offset: number): boolean {
  return spanAt(spans, offset) !== undefined;
}

// Syntaxes whose only comments are `//` to the end of the line and block comments from `/*` to the first `*` + `/`
// after it (not nested): see scan.
const C_COMMENTS_ONLY: ReadonlySet<Syntax> = new Set<Syntax>(['c', 'js', 'go', 'jvm', 'csharp']);

/**
 * False when no comment of a syntax in C_COMMENTS_ONLY can cover `offset`, found without lexing the text: a line
 * comment needs a `//` earlier on the offset's line, a block comment an opener before the offset that no closer after
 * it closes before the offset. True when one might (the lexer then decides), and always for other syntaxes.
 */
export function mayBeInComment(text: string, offset: number, syntax: Syntax): boolean {
  if (!C_COMMENTS_ONLY.has(syntax)) return true;
  const line = text.lastIndexOf('//', offset);
  if (line >= 0 && text.lastIndexOf('\n', offset - 1) < line) return true;
  const open = text.lastIndexOf('/*', offset);
  return open >= 0 && text.lastIndexOf('*/', offset - 2) < open + 2;
}

/** The spans a mask of this text blanks, or undefined when it blanks nothing. */
export function maskSpans(text: string, syntax: Syntax): MaskSpans | undefined {
  if (syntax === 'none') return undefined;
  if (syntax === 'razor') {
    // The markup is blanked like a comment; what is left (directives, @code blocks) is read as C#.
    const markup = razorMarkup(text);
    const cs = scan(applyMask(text, merged(markup)), 'csharp');
    const comments = [...markup, ...cs.comments];
    if (!comments.length && !cs.strings.length) return undefined;
    return { comments: merged(comments), all: merged([...comments, ...cs.strings]) };
  }
  const { comments, strings } = scan(text, syntax);
  // Rust unit tests live beside the code in `#[cfg(test)] mod tests { … }`: cargo builds them only for `cargo test`, so
  // they are no more the service's code than a comment is.
  if (syntax === 'rust' && mayHoldRustTests(text))
    comments.push(...rustTestItems(text, applyMask(text, merged([...comments, ...strings]))));
  if (!comments.length && !strings.length) return undefined;
  return { comments: merged(comments), all: merged([...comments, ...strings]) };
}

/** Masks comments and literals. Offsets and line breaks are kept, so line numbers and columns still hold. */
export function maskText(text: string, syntax: Syntax): MaskedText {
  const spans = maskSpans(text, syntax);
  if (!spans) return { code: text, bare: text };
  // String contents are blanked, their delimiters kept: `"…"` stays recognisably a string in `bare`.
  return { code: applyMask(text, spans.comments), bare: applyMask(text, spans.all) };
}

const JS_REGEX_BEFORE =
  /[(,=:[!&|?{};+\-*%~^]$|(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

/**
 * The triple-quoted literal at [from, end) stands as a statement: alone at the start of its line, nothing but a comment
 * after it, and not the continuation of an expression on the line before (an open bracket, a comma, an operator, an
 * assignment, a line continuation, or another string it would be concatenated with).
 */
function pyDocstring(text: string, from: number, end: number): boolean {
  let j = from - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  if (j >= 0 && text[j] !== '\n' && text[j] !== '\r') return false;
  while (j >= 0 && /\s/.test(text[j]!)) j--;
  if (j >= 0 && /[([{,=+\-*/%|&<>~\\"'@]/.test(text[j]!)) return false;
  const eol = text.indexOf('\n', end);
  return /^[ \t]*(?:#.*)?\r?$/.test(text.slice(end, eol < 0 ? text.length : eol));
}

/** A string prefix (r, b, f, u and pairs) right before a quote. */
const PY_PREFIX = /^[rbfuRBFU]{1,2}["']/;

/** [A-Za-z0-9_] by character code. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function scan(text: string, syntax: Syntax): { comments: Span[]; strings: Span[] } {
  const comments: Span[] = [];
  const strings: Span[] = [];
  const n = text.length;
  const cLike =
    syntax === 'c' ||
    syntax === 'js' ||
    syntax === 'go' ||
    syntax === 'jvm' ||
    syntax === 'php' ||
    syntax === 'rust' ||
    syntax === 'csharp';
  const hashComments =
    syntax === 'python' ||
    syntax === 'ruby' ||
    syntax === 'hash' ||
    syntax === 'shell' ||
    syntax === 'yaml' ||
    syntax === 'php';
  /** Rust and Python literals may start with a letter (b"…", r#"…"#, f'…'); no other syntax's literal or comment does. */
  const plainWords = syntax !== 'rust' && syntax !== 'python';
  let lineStart = true;
  /** Index of the first non-blank character of the current line, for "comment only at line start" syntaxes. */
  let i = 0;
  const endOfLine = (from: number): number => {
    const e = text.indexOf('\n', from);
    return e < 0 ? n : e;
  };
  /** A quoted literal that ends at its quote or at the end of the line (unterminated: the line only). */
  const lineString = (from: number, quote: string): number => {
    for (let j = from + 1; j < n; j++) {
      const c = text[j]!;
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === quote) return j + 1;
      if (c === '\n') return j;
    }
    return n;
  };
  /** A literal that may span lines and ends at `close` (escapes honoured unless raw). */
  const blockString = (from: number, open: number, close: string, raw = false): number => {
    for (let j = from + open; j < n; j++) {
      if (!raw && text[j] === '\\') {
        j++;
        continue;
      }
      if (text.startsWith(close, j)) return j + close.length;
    }
    return n;
  };
  /** A JS template literal, with `${ … }` code (and nested templates) inside: only the literal parts are string. */
  const template = (from: number): number => {
    let j = from + 1;
    let partStart = j;
    while (j < n) {
      const c = text[j]!;
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === '`') {
        strings.push([partStart, j]);
        return j + 1;
      }
      if (c === '$' && text[j + 1] === '{') {
        strings.push([partStart, j]);
        // Skip the expression, balancing braces and nested literals.
        let depth = 1;
        j += 2;
        while (j < n && depth > 0) {
          const d = text[j]!;
          if (d === '{') depth++;
          else if (d === '}') depth--;
          else if (d === '`') {
            j = template(j);
            continue;
          } else if (d === '"' || d === "'") {
            const e = lineString(j, d);
            strings.push([j + 1, Math.max(j + 1, e - 1)]);
            j = e;
            continue;
          }
          j++;
        }
        partStart = j;
        continue;
      }
      j++;
    }
    strings.push([partStart, n]);
    return n;
  };
  /** The closing slash of a JS regex literal starting at `from`, or -1 when the slash is a division (same line only). */
  const regexLiteral = (from: number): number => {
    let k = from - 1;
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
    const before = text.slice(Math.max(0, k - 10), k + 1);
    if (k >= 0 && text[k] !== '\n' && !JS_REGEX_BEFORE.test(before)) return -1;
    let inClass = false;
    for (let j = from + 1; j < n; j++) {
      const c = text[j]!;
      if (c === '\n') return -1;
      if (c === '\\') {
        j++;
        continue;
      }
      if (inClass) {
        if (c === ']') inClass = false;
      } else if (c === '[') inClass = true;
      else if (c === '/') return j;
    }
    return -1;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    // A letter, digit or underscore that continues a word starts nothing in any syntax (string prefixes such as
    // Python's r"…" and Rust's b"…" must start a word; every other opener is punctuation), and outside Rust and
    // Python no word character starts anything: the rest of the word is passed over at once, as one character at a
    // time would pass it.
    if (isWordCode(text.charCodeAt(i)) && (plainWords || (i > 0 && isWordCode(text.charCodeAt(i - 1))))) {
      lineStart = false;
      i++;
      while (i < n && isWordCode(text.charCodeAt(i))) i++;
      continue;
    }
    const atLineStart = lineStart;
    lineStart = false;
    // Comments.
    if (cLike && c === '/' && text[i + 1] === '/') {
      const e = endOfLine(i);
      comments.push([i, e]);
      i = e;
      continue;
    }
    if (syntax === 'rust' && c === '/' && text[i + 1] === '*') {
      // Rust block comments nest: /* a /* b */ c */ is one comment.
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (text[j] === '/' && text[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (text[j] === '*' && text[j + 1] === '/') {
          depth--;
          j += 2;
        } else j++;
      }
      comments.push([i, j]);
      i = j;
      continue;
    }
    if (syntax === 'fsharp' && ((c === '/' && text[i + 1] === '/') || (c === '(' && text[i + 1] === '*'))) {
      const end = fsharpComment(text, i);
      if (end > i) {
        comments.push([i, end]);
        i = end;
        continue;
      }
    }
    if ((cLike || syntax === 'sql') && c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      const end = e < 0 ? n : e + 2;
      comments.push([i, end]);
      i = end;
      continue;
    }
    if (syntax === 'sql' && c === '-' && text[i + 1] === '-') {
      const e = endOfLine(i);
      comments.push([i, e]);
      i = e;
      continue;
    }
    if (syntax === 'markup' && text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      const end = e < 0 ? n : e + 3;
      comments.push([i, end]);
      i = end;
      continue;
    }
    if (c === '#' && hashComments) {
      // Shell and YAML: a comment starts a word (`a#b`, `${#x}` and `url#frag` are not comments).
      const prev = i > 0 ? text[i - 1]! : '\n';
      const startsWord = prev === ' ' || prev === '\t' || prev === '\n' || prev === '\r';
      const isComment = syntax === 'shell' || syntax === 'yaml' ? startsWord : true;
      if (isComment && !(syntax === 'php' && text[i + 1] === '[')) {
        const e = endOfLine(i);
        comments.push([i, e]);
        i = e;
        continue;
      }
    }
    if (syntax === 'ruby' && atLineStart && text.startsWith('=begin', i)) {
      const e = text.indexOf('\n=end', i);
      const end = e < 0 ? n : endOfLine(e + 1);
      comments.push([i, end]);
      i = end;
      continue;
    }
    // Literals.
    if (syntax === 'rust' && (c === '"' || c === "'" || c === 'b' || c === 'r' || c === 'c')) {
      const end = rustLiteral(text, i, strings);
      if (end > i) {
        i = end;
        continue;
      }
      if (c === '"' || c === "'") {
        i++;
        continue;
      }
    }
    if ((syntax === 'csharp' || syntax === 'fsharp') && (c === '"' || c === "'" || c === '$' || c === '@')) {
      const end = (syntax === 'csharp' ? csharpLiteral : fsharpLiteral)(text, i, strings);
      if (end > i) {
        i = end;
        continue;
      }
      if (c === '"' || c === "'") {
        i++;
        continue;
      }
    }
    if (syntax === 'python' && (c === '"' || c === "'" || PY_PREFIX.test(text.slice(i, i + 3)))) {
      const m = /^([rbfuRBFU]{0,2})("""|'''|"|')/.exec(text.slice(i, i + 5));
      const prevWord = i > 0 && /[\w.]/.test(text[i - 1]!);
      if (m && !(m[1] && prevWord)) {
        const q = m[2]!;
        const start = i + m[1]!.length;
        const raw = /r/i.test(m[1]!);
        const end = q.length === 3 ? blockString(start, 3, q, raw) : lineString(start, q);
        // A docstring (a triple-quoted string standing as a statement of its own) is documentation, like a comment:
        // the examples in it (`print(resp)`, `requests.get(url)`) are not the module's code.
        if (q.length === 3 && !/f/i.test(m[1]!) && pyDocstring(text, i, end)) comments.push([i, end]);
        else strings.push([start + q.length, Math.max(start + q.length, end - q.length)]);
        i = end;
        continue;
      }
    }
    if (c === '"' || c === "'") {
      if (syntax === 'jvm' && text.startsWith('"""', i)) {
        const end = blockString(i, 3, '"""');
        strings.push([i + 3, Math.max(i + 3, end - 3)]);
        i = end;
        continue;
      }
      if (syntax === 'yaml' || syntax === 'hash' || syntax === 'markup' || syntax === 'none') {
        // Apostrophes in prose and YAML plain scalars (`it's`): only a quote that opens a value is a string.
        const prev = i > 0 ? text[i - 1]! : '\n';
        if (c === "'" && /\w/.test(prev)) {
          i++;
          continue;
        }
      }
      // Rust lifetimes ('a) and Ruby ?' are not strings: a quote that does not close on the line is left alone.
      const end = lineString(i, c);
      if (text[end - 1] !== c || end - 1 === i) {
        i++;
        continue;
      }
      strings.push([i + 1, end - 1]);
      i = end;
      continue;
    }
    if (c === '`') {
      if (syntax === 'js') {
        i = template(i);
        continue;
      }
      if (syntax === 'go' || syntax === 'shell') {
        const end = blockString(i, 1, '`', true);
        strings.push([i + 1, Math.max(i + 1, end - 1)]);
        i = end;
        continue;
      }
    }
    if (syntax === 'js' && c === '/') {
      const close = regexLiteral(i);
      if (close > 0) {
        strings.push([i + 1, close]);
        i = close + 1;
        continue;
      }
    }
    i++;
  }
  return { comments, strings };
}

/**
 * A Rust literal starting at `i` (strings may span lines; raw strings r"…", r#"…"#; byte and C strings; char literals
 * 'x', '\n', '\u{…}' — a quote that opens no char literal is a lifetime or label: `&'a str`, `'outer: loop`). Pushes
 * the literal's contents and returns its end, or `i` when none starts here.
 */
function rustLiteral(text: string, i: number, strings: Span[]): number {
  const prev = i > 0 ? text[i - 1]! : ' ';
  if (/[\w]/.test(prev)) return i;
  const m = /^(b|c|br|cr)?(r)?(#*)(["'])/.exec(text.slice(i, i + 40));
  if (!m) return i;
  const [whole, , raw, hashes, quote] = m;
  if (quote === "'") {
    if (raw || hashes) return i;
    // 'x' or an escape: '\n', '\'', '\u{1F600}', '\x7f'.
    const ch = /^'(?:\\(?:u\{[0-9a-fA-F]{1,6}\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'/u.exec(
      text.slice(i + whole!.length - 1, i + 20),
    );
    if (!ch) return i;
    const start = i + whole!.length;
    const end = start - 1 + ch[0].length;
    strings.push([start, end - 1]);
    return end;
  }
  if (hashes && !raw) return i;
  const start = i + whole!.length;
  if (raw) {
    const close = `"${hashes}`;
    const e = text.indexOf(close, start);
    const end = e < 0 ? text.length : e + close.length;
    strings.push([start, e < 0 ? text.length : e]);
    return end;
  }
  for (let j = start; j < text.length; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] === '"') {
      strings.push([start, j]);
      return j + 1;
    }
  }
  strings.push([start, text.length]);
  return text.length;
}

/**
 * A C# literal starting at `i`: "…" (one line, escapes), verbatim @"…" (lines, "" escapes), interpolated $"…" and
 * $@"…" (the holes are read as part of the string), raw """…""" (C# 11), and char literals. Pushes the contents and
 * returns the end, or `i` when none starts here.
 */
function csharpLiteral(text: string, i: number, strings: Span[]): number {
  const m = /^(\$*@?\$*)("""+|"|')/.exec(text.slice(i, i + 12));
  if (!m) return i;
  const [whole, prefix, quote] = m;
  const start = i + whole!.length;
  if (quote === "'") {
    if (prefix) return i;
    const ch = /^(?:\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{1,4}|.)|[^\\'\n])'/.exec(text.slice(start, start + 10));
    if (!ch) return i;
    strings.push([start, start + ch[0].length - 1]);
    return start + ch[0].length;
  }
  if (quote!.length >= 3) {
    const e = text.indexOf(quote!, start);
    strings.push([start, e < 0 ? text.length : e]);
    return e < 0 ? text.length : e + quote!.length;
  }
  const verbatim = prefix!.includes('@');
  for (let j = start; j < text.length; j++) {
    const c = text[j]!;
    if (verbatim) {
      if (c === '"') {
        if (text[j + 1] === '"') {
          j++;
          continue;
        }
        strings.push([start, j]);
        return j + 1;
      }
      continue;
    }
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '"') {
      strings.push([start, j]);
      return j + 1;
    }
    if (c === '\n') {
      strings.push([start, j]);
      return j;
    }
  }
  strings.push([start, text.length]);
  return text.length;
}

/**
 * An F# comment starting at `i`: `//` to the end of the line, or `(* … *)`, which nests. `(*)` is the multiplication
 * operator taken as a function, not a comment. Returns the end, or `i` when none starts here.
 */
function fsharpComment(text: string, i: number): number {
  if (text[i] === '/') {
    const e = text.indexOf('\n', i);
    return e < 0 ? text.length : e;
  }
  if (text[i + 2] === ')') return i;
  let depth = 1;
  let j = i + 2;
  while (j < text.length && depth > 0) {
    if (text[j] === '(' && text[j + 1] === '*') {
      depth++;
      j += 2;
    } else if (text[j] === '*' && text[j + 1] === ')') {
      depth--;
      j += 2;
    } else j++;
  }
  return j;
}

/**
 * An F# literal starting at `i`: "…" (escapes; it may span lines), verbatim @"…" ("" escapes), triple-quoted """…"""
 * (no escapes), interpolated $"…", $@"…" and $"""…""" (the holes are read as part of the string), and char literals
 * ('a', '\n'). A quote after a word character (`x'`) or before a name (`'T`, a type parameter) is no literal. Pushes
 * the contents and returns the end, or `i` when none starts here.
 */
function fsharpLiteral(text: string, i: number, strings: Span[]): number {
  const m = /^(\$?@?\$?)("""|"|')/.exec(text.slice(i, i + 6));
  if (!m) return i;
  const [whole, prefix, quote] = m;
  const start = i + whole!.length;
  if (quote === "'") {
    if (prefix || (i > 0 && isWordCode(text.charCodeAt(i - 1)))) return i;
    const ch = /^(?:\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-9]{3}|.)|[^\\'\n])'/.exec(text.slice(start, start + 12));
    if (!ch) return i;
    strings.push([start, start + ch[0].length - 1]);
    return start + ch[0].length;
  }
  if (quote === '"""') {
    const e = text.indexOf('"""', start);
    strings.push([start, e < 0 ? text.length : e]);
    return e < 0 ? text.length : e + 3;
  }
  const verbatim = prefix!.includes('@');
  for (let j = start; j < text.length; j++) {
    const c = text[j]!;
    if (!verbatim && c === '\\') {
      j++;
      continue;
    }
    if (c === '"') {
      if (verbatim && text[j + 1] === '"') {
        j++;
        continue;
      }
      strings.push([start, j]);
      return j + 1;
    }
  }
  strings.push([start, text.length]);
  return text.length;
}

/** Razor directives whose argument is C# (a type, an attribute, a namespace, an injected service). */
const RAZOR_DIRECTIVE =
  /^@(attribute|inject|using|inherits|implements|layout|namespace|typeparam|rendermode|page|model|preservewhitespace)\b/;

/**
 * The markup of a Razor component (.razor) as spans to blank: everything but the C# it compiles to — directive lines
 * (`@attribute [Authorize]` reads `[Authorize]`, `@inject IFoo Foo` reads `IFoo Foo`, `@using X` reads `using X`) and
 * the bodies of `@code { … }`, `@functions { … }` and `@{ … }` blocks, braces included. Razor comments `@* … *@` and
 * inline expressions in the markup (`@item.Name`, `@if (…) { <li> … }`) are markup here: they render, they do not
 * configure the component.
 */
export function razorMarkup(text: string): Span[] {
  const keep: Span[] = [];
  const n = text.length;
  let lineStart = true;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      continue;
    }
    if (c !== '@') {
      if (c !== ' ' && c !== '\t' && c !== '\r') lineStart = false;
      continue;
    }
    if (text[i + 1] === '*') {
      const e = text.indexOf('*@', i + 2);
      i = e < 0 ? n : e + 1;
      lineStart = false;
      continue;
    }
    const directive = lineStart ? RAZOR_DIRECTIVE.exec(text.slice(i, i + 24)) : null;
    if (directive) {
      const from = directive[1] === 'using' ? i + 1 : i + directive[0].length;
      const e = text.indexOf('\n', i);
      const end = e < 0 ? n : e;
      keep.push([from, end]);
      i = end - 1;
      continue;
    }
    const block = /^@(?:code|functions)?\s*\{/.exec(text.slice(i, i + 40));
    if (block) {
      const open = i + block[0].length - 1;
      const close = csharpBlockEnd(text, open);
      keep.push([open, close]);
      i = close - 1;
      lineStart = false;
      continue;
    }
    lineStart = false;
  }
  const out: Span[] = [];
  let at = 0;
  for (const [start, end] of keep) {
    if (start > at) out.push([at, start]);
    at = Math.max(at, end);
  }
  if (at < n) out.push([at, n]);
  return out;
}

/** The offset just past the `}` closing the C# block opened at `open` (literals and comments skipped), or the end. */
function csharpBlockEnd(text: string, open: number): number {
  let depth = 0;
  const ignored: Span[] = [];
  for (let j = open; j < text.length; j++) {
    const c = text[j]!;
    if (c === '/' && text[j + 1] === '/') {
      const e = text.indexOf('\n', j);
      if (e < 0) return text.length;
      j = e;
      continue;
    }
    if (c === '/' && text[j + 1] === '*') {
      const e = text.indexOf('*/', j + 2);
      if (e < 0) return text.length;
      j = e + 1;
      continue;
    }
    if (c === '"' || c === "'" || c === '$' || c === '@') {
      const end = csharpLiteral(text, j, ignored);
      if (end > j) {
        j = end - 1;
        continue;
      }
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j + 1;
  }
  return text.length;
}

/**
 * `#[cfg(test)]`, test modules gated on a feature too (`#[cfg(all(test, feature = "mbtiles"))]`), and items built for
 * this crate's tests or other crates' (`#[cfg(any(test, feature = "testsuite"))] pub fn from_mock(…)`).
 */
const RUST_TEST_CFG =
  /#\[\s*cfg\s*\(\s*(?:test|all\s*\(\s*test\s*,[^\]\n]*\)|all\s*\([^\]\n]*,\s*test\s*\)|any\s*\(\s*test\s*,\s*feature\s*=[^)\]\n]*\))\s*\)\s*\]/g;
/** The features of `any(test, feature = "…")` that only tests turn on (read in the text: the mask blanks literals). */
const RUST_TEST_FEATURE_ANY =
  /^#\[\s*cfg\s*\(\s*any\s*\(\s*test\s*,\s*feature\s*=\s*"(?:tests?|testing|testsuite|test[-_](?:utils?|support|helpers?|suite)|mocks?)"/;

/**
 * An inline module named for unit tests (`mod tests {`): with no `#[cfg(test)]` on it, still the crate's unit tests when
 * it holds test functions (their attribute builds them only under `cargo test`; the helpers beside them serve them).
 */
const RUST_TESTS_MOD = /^[ \t]*mod[ \t]+tests?[ \t]*\{/gm;
const RUST_TEST_FN = /#\[\s*(?:[\w:]+::)?test\s*[\](]/;

/** Whether a Rust file's text can hold an item compiled only for tests (a cheap test before rustTestItems). */
export function mayHoldRustTests(text: string): boolean {
  return (
    text.includes('cfg(test)') ||
    text.includes('cfg(all(test') ||
    text.includes(', test))') ||
    text.includes('cfg(any(test') ||
    text.includes('mod test')
  );
}

/** The offset just past the brace that closes the one opened at `open`, or -1. */
export function blockEnd(bare: string, open: number): number {
  let depth = 0;
  for (let k = open; k < bare.length; k++) {
    if (bare[k] === '{') depth++;
    else if (bare[k] === '}' && --depth === 0) return k + 1;
  }
  return -1;
}

/**
 * Items compiled only for tests: `#[cfg(test)]` followed by a module, function or impl block, as [start, end) spans
 * from the attribute to the closing brace. `bare` is the text with comments and literals blanked (for the braces).
 */
export function rustTestItems(text: string, bare?: string): Span[] {
  // Comments and literals blanked, the test items themselves kept (maskText blanks those too).
  const b =
    bare ??
    (() => {
      const { comments, strings } = scan(text, 'rust');
      return applyMask(text, merged([...comments, ...strings]));
    })();
  const out: Span[] = [];
  for (const m of b.matchAll(RUST_TEST_CFG)) {
    if (
      /^#\[\s*cfg\s*\(\s*any\b/.test(m[0]) &&
      !RUST_TEST_FEATURE_ANY.test(text.slice(m.index!, m.index! + m[0].length))
    )
      continue;
    // Other attributes may follow; then the item, whose body is the first `{` before any `;` (`mod tests;` has none).
    let i = m.index! + m[0].length;
    for (;;) {
      const attr = /^\s*#\[/.exec(b.slice(i, i + 200));
      if (!attr) break;
      const close = b.indexOf(']', i + attr[0].length);
      if (close < 0) break;
      i = close + 1;
    }
    if (!/^\s*(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?(?:mod|fn|impl|struct|enum|trait)\b/.test(b.slice(i, i + 120)))
      continue;
    let open = i;
    while (open < b.length && b[open] !== '{' && b[open] !== ';') open++;
    if (b[open] !== '{') continue;
    const end = blockEnd(b, open);
    if (end > 0) out.push([m.index!, end]);
  }
  for (const m of b.matchAll(RUST_TESTS_MOD)) {
    const open = m.index! + m[0].length - 1;
    const end = blockEnd(b, open);
    if (end > 0 && RUST_TEST_FN.test(b.slice(open, end))) out.push([m.index!, end]);
  }
  return out;
}
