/**
 * A small, tolerant reader of HCL (Terraform) structure: blocks with their labels and lines, attributes, and the
 * literal values deployment checks need (strings, numbers, booleans, objects, lists, function calls such as
 * `jsonencode([...])`). Every other expression is kept as its raw text (`var.api_desired_count`,
 * `aws_ecs_task_definition.api.arn`). Nothing is evaluated beyond what `resolveHcl` substitutes from variable
 * defaults and locals.
 *
 * No maintained pure-JavaScript HCL parser exists on npm (the HashiCorp parser ships as Go compiled to WebAssembly,
 * several megabytes with an asynchronous start): reading the structure takes one linear pass over the text, and a
 * file that does not parse yields the blocks read before the error.
 */

export type HclValue =
  | { t: 'str'; v: string; line: number }
  | { t: 'num'; v: number; line: number }
  | { t: 'bool'; v: boolean; line: number }
  | { t: 'obj'; v: HclAttr[]; line: number }
  | { t: 'list'; v: HclValue[]; line: number }
  | { t: 'call'; name: string; args: HclValue[]; line: number }
  | { t: 'expr'; v: string; line: number };

export interface HclAttr {
  key: string;
  value: HclValue;
  line: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  line: number;
  attrs: HclAttr[];
  blocks: HclBlock[];
}

type TokenKind = 'ident' | 'str' | 'num' | 'punct' | 'nl' | 'other';
interface Token {
  k: TokenKind;
  /** The identifier, punctuation, number text, or a string's content (interpolations kept raw). */
  v: string;
  start: number;
  end: number;
  line: number;
}

/** Nesting deeper than this is read as raw text: no real configuration comes close. */
const MAX_DEPTH = 48;

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isIdentPart(c: string): boolean {
  return isIdentStart(c) || (c >= '0' && c <= '9') || c === '-';
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** The end of a quoted string starting at `i` (the opening quote), interpolations `${ … }` with their own strings skipped. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  let depth = 0;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (depth === 0 && c === '\n') return j;
    if ((c === '$' || c === '%') && text[j + 1] === '{') {
      depth++;
      j += 2;
      continue;
    }
    if (depth > 0 && c === '}') depth--;
    else if (depth > 0 && c === '"') {
      j = stringEnd(text, j);
      continue;
    } else if (depth === 0 && c === '"') return j + 1;
    j++;
  }
  return j;
}

const UNESCAPE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      out.push({ k: 'nl', v: '\n', start: i, end: i + 1, line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let j = i; j < stop; j++) if (text[j] === '\n') line++;
      i = stop;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      const raw = text.slice(i + 1, text[end - 1] === '"' ? end - 1 : end);
      out.push({ k: 'str', v: raw.replace(/\\([ntr"\\])/g, (_, e: string) => UNESCAPE[e]!), start: i, end, line });
      i = end;
    } else if (c === '<' && text[i + 1] === '<' && /^<<-?[A-Za-z_]\w*[ \t]*\r?\n/.test(text.slice(i, i + 80))) {
      const head = /^<<(-?)([A-Za-z_]\w*)[ \t]*\r?\n/.exec(text.slice(i, i + 80))!;
      const bodyStart = i + head[0].length;
      const close = new RegExp(`^[ \\t]*${head[2]}[ \\t]*$`, 'm');
      const rest = text.slice(bodyStart);
      const m = close.exec(rest);
      const bodyEnd = m ? bodyStart + m.index : n;
      const end = m ? bodyEnd + m[0].length : n;
      let body = text.slice(bodyStart, bodyEnd);
      if (head[1]) {
        const indents = body
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => /^[ \t]*/.exec(l)![0].length);
        const cut = indents.length ? Math.min(...indents) : 0;
        body = body
          .split('\n')
          .map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length)))
          .join('\n');
      }
      out.push({ k: 'str', v: body, start: i, end, line });
      for (let j = i; j < end; j++) if (text[j] === '\n') line++;
      i = end;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text[j]!)) j++;
      out.push({ k: 'ident', v: text.slice(i, j), start: i, end: j, line });
      i = j;
    } else if (isDigit(c)) {
      let j = i + 1;
      while (j < n && (isDigit(text[j]!) || text[j] === '.' || text[j] === 'e' || text[j] === 'E')) j++;
      out.push({ k: 'num', v: text.slice(i, j), start: i, end: j, line });
      i = j;
    } else if ('{}[]()=:,?.'.includes(c)) {
      // `==`, `=>` are operators, not an attribute's `=`.
      if (c === '=' && (text[i + 1] === '=' || text[i + 1] === '>')) {
        out.push({ k: 'other', v: text.slice(i, i + 2), start: i, end: i + 2, line });
        i += 2;
      } else {
        out.push({ k: 'punct', v: c, start: i, end: i + 1, line });
        i++;
      }
    } else {
      out.push({ k: 'other', v: c, start: i, end: i + 1, line });
      i++;
    }
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly text: string,
  ) {}

  private peek(o = 0): Token | undefined {
    return this.toks[this.i + o];
  }
  private is(v: string, o = 0): boolean {
    const t = this.peek(o);
    return !!t && t.k === 'punct' && t.v === v;
  }
  private skipNl(): void {
    while (this.peek()?.k === 'nl') this.i++;
  }

  /** A body: attributes and blocks until `}` (or the end). */
  body(depth: number): Pick<HclBlock, 'attrs' | 'blocks'> {
    const attrs: HclAttr[] = [];
    const blocks: HclBlock[] = [];
    for (;;) {
      this.skipNl();
      const t = this.peek();
      if (!t || this.is('}')) break;
      if ((t.k === 'ident' || t.k === 'str') && this.is('=', 1)) {
        this.i += 2;
        attrs.push({ key: t.v, value: this.expr(depth + 1), line: t.line });
        continue;
      }
      if (t.k === 'ident') {
        const labels: string[] = [];
        let j = 1;
        while (this.peek(j) && (this.peek(j)!.k === 'str' || this.peek(j)!.k === 'ident')) {
          labels.push(this.peek(j)!.v);
          j++;
        }
        if (this.is('{', j)) {
          this.i += j + 1;
          const inner = depth < MAX_DEPTH ? this.body(depth + 1) : this.skipBody();
          if (this.is('}')) this.i++;
          blocks.push({ type: t.v, labels, line: t.line, ...inner });
          continue;
        }
      }
      // Anything else: skip the line.
      while (this.peek() && this.peek()!.k !== 'nl' && !this.is('}')) this.i++;
    }
    return { attrs, blocks };
  }

  /** A body too deep to read: skipped, nothing kept. */
  private skipBody(): Pick<HclBlock, 'attrs' | 'blocks'> {
    this.skipTo('}');
    return { attrs: [], blocks: [] };
  }

  /** Skips to the bracket closing the one just opened (`{`, `[` or `(`), leaving it next. */
  private skipTo(close: string): void {
    let depth = 0;
    while (this.peek()) {
      const t = this.peek()!;
      if (t.k === 'punct' && '{[('.includes(t.v)) depth++;
      else if (t.k === 'punct' && '}])'.includes(t.v)) {
        if (depth === 0 && t.v === close) return;
        depth--;
      }
      this.i++;
    }
  }

  /** An expression up to a newline, `,` or closing bracket at its own level. */
  expr(depth: number): HclValue {
    const start = this.peek();
    if (!start) return { t: 'expr', v: '', line: 0 };
    const first = this.i;
    const value = depth < MAX_DEPTH ? this.primary(depth) : undefined;
    if (value && this.atEnd()) return value;
    // An operator, a conditional or a traversal follows: keep the whole expression as text.
    this.i = first;
    let level = 0;
    while (this.peek()) {
      const t = this.peek()!;
      if (level === 0 && (t.k === 'nl' || (t.k === 'punct' && (t.v === ',' || '}])'.includes(t.v))))) break;
      if (t.k === 'punct' && '{[('.includes(t.v)) level++;
      else if (t.k === 'punct' && '}])'.includes(t.v)) level--;
      this.i++;
    }
    const end = this.toks[this.i - 1]?.end ?? start.end;
    return { t: 'expr', v: this.text.slice(start.start, end).trim(), line: start.line };
  }

  private atEnd(): boolean {
    const t = this.peek();
    return !t || t.k === 'nl' || (t.k === 'punct' && (t.v === ',' || '}])'.includes(t.v)));
  }

  private primary(depth: number): HclValue | undefined {
    const t = this.peek()!;
    if (t.k === 'str') {
      this.i++;
      return { t: 'str', v: t.v, line: t.line };
    }
    if (t.k === 'num') {
      this.i++;
      return { t: 'num', v: Number(t.v), line: t.line };
    }
    if (t.k === 'other' && t.v === '-' && this.peek(1)?.k === 'num') {
      this.i += 2;
      return { t: 'num', v: -Number(this.toks[this.i - 1]!.v), line: t.line };
    }
    if (t.k === 'ident' && (t.v === 'true' || t.v === 'false')) {
      this.i++;
      return { t: 'bool', v: t.v === 'true', line: t.line };
    }
    if (t.k === 'ident' && this.is('(', 1)) {
      this.i += 2;
      const args = this.items(')', depth);
      return { t: 'call', name: t.v, args, line: t.line };
    }
    if (this.is('[')) {
      if (this.peek(1)?.k === 'ident' && this.peek(1)!.v === 'for') return undefined;
      this.i++;
      return { t: 'list', v: this.items(']', depth), line: t.line };
    }
    if (this.is('{')) {
      this.i++;
      this.skipNl();
      if (this.peek()?.k === 'ident' && this.peek()!.v === 'for') return undefined;
      return { t: 'obj', v: this.entries(depth), line: t.line };
    }
    return undefined;
  }

  /** List items or call arguments up to the closing bracket, which is consumed. */
  private items(close: string, depth: number): HclValue[] {
    const out: HclValue[] = [];
    for (;;) {
      this.skipNl();
      if (!this.peek()) return out;
      if (this.is(close)) {
        this.i++;
        return out;
      }
      if (this.is(',')) {
        this.i++;
        continue;
      }
      const before = this.i;
      out.push(this.expr(depth + 1));
      if (this.i === before) this.i++;
    }
  }

  /** Object entries (`key = value` or `key: value`) up to `}`, which is consumed. */
  private entries(depth: number): HclAttr[] {
    const out: HclAttr[] = [];
    for (;;) {
      this.skipNl();
      const t = this.peek();
      if (!t) return out;
      if (this.is('}')) {
        this.i++;
        return out;
      }
      if (this.is(',')) {
        this.i++;
        continue;
      }
      if ((t.k === 'ident' || t.k === 'str') && (this.is('=', 1) || this.is(':', 1))) {
        this.i += 2;
        out.push({ key: t.v, value: this.expr(depth + 1), line: t.line });
        continue;
      }
      // A computed key or something unreadable: skip to the end of the entry.
      while (this.peek() && !this.atEnd()) this.i++;
      if (this.peek()?.k === 'nl' || this.is(',')) this.i++;
      else if (this.is(']') || this.is(')')) this.i++;
    }
  }
}

/** The top-level blocks of an HCL file (`resource "aws_ecs_service" "api" { … }`, `variable`, `locals`, `module` …). */
export function parseHcl(text: string): HclBlock[] {
  try {
    const p = new Parser(tokenize(text), text);
    return p.body(0).blocks;
  } catch {
    return [];
  }
}

/** An attribute of a block or object by name. */
export function hclAttr(x: Pick<HclBlock, 'attrs'> | HclValue | undefined, key: string): HclAttr | undefined {
  if (!x) return undefined;
  const attrs = 'attrs' in x ? x.attrs : x.t === 'obj' ? x.v : [];
  return attrs.find((a) => a.key === key);
}

/** Nested blocks of a type (`template`, `containers`, `deployment_circuit_breaker`). */
export function hclBlocks(b: HclBlock | undefined, type: string): HclBlock[] {
  return b ? b.blocks.filter((x) => x.type === type) : [];
}

/** What `var.x` and `local.y` stand for in one module folder: variable defaults and locals. */
export interface HclScope {
  vars: Map<string, HclValue>;
  locals: Map<string, HclValue>;
}

export function hclScope(blocks: readonly HclBlock[]): HclScope {
  const vars = new Map<string, HclValue>();
  const locals = new Map<string, HclValue>();
  for (const b of blocks) {
    if (b.type === 'variable' && b.labels[0]) {
      const d = hclAttr(b, 'default');
      if (d) vars.set(b.labels[0], d.value);
    } else if (b.type === 'locals') for (const a of b.attrs) locals.set(a.key, a.value);
  }
  return { vars, locals };
}

const REF = /^(var|local)\.([A-Za-z_][\w-]*)$/;

/**
 * A value with variable defaults and locals substituted: `var.count` → its default, `"${var.image}:${local.tag}"` →
 * the string with each part that resolves filled in (parts that do not stay as written), `coalesce(a, b)` → the first
 * that resolves to something not empty.
 */
export function resolveHcl(v: HclValue | undefined, scope: HclScope, depth = 0): HclValue | undefined {
  if (!v || depth > 8) return v;
  if (v.t === 'expr') {
    const m = REF.exec(v.v.trim());
    if (!m) return v;
    const next = (m[1] === 'var' ? scope.vars : scope.locals).get(m[2]!);
    return next ? (resolveHcl(next, scope, depth + 1) ?? v) : v;
  }
  if (v.t === 'str' && v.v.includes('${')) {
    const s = v.v.replace(/\$\{\s*((?:var|local)\.[A-Za-z_][\w-]*)\s*\}/g, (whole, ref: string) => {
      const r = resolveHcl({ t: 'expr', v: ref, line: v.line }, scope, depth + 1);
      return r && (r.t === 'str' || r.t === 'num') ? String(r.v) : whole;
    });
    return { ...v, v: s };
  }
  if (v.t === 'call' && (v.name === 'coalesce' || v.name === 'try')) {
    for (const a of v.args) {
      const r = resolveHcl(a, scope, depth + 1);
      if (r && ((r.t === 'str' && r.v !== '') || r.t === 'num' || r.t === 'bool')) return r;
    }
  }
  return v;
}

/** A plain JavaScript value of an HCL literal (objects and lists included); undefined for expressions. */
export function hclPlain(v: HclValue | undefined): unknown {
  if (!v) return undefined;
  switch (v.t) {
    case 'str':
    case 'num':
    case 'bool':
      return v.v;
    case 'list':
      return v.v.map(hclPlain);
    case 'obj':
      return Object.fromEntries(v.v.map((a) => [a.key, hclPlain(a.value)]));
    default:
      return undefined;
  }
}
