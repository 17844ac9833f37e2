import { type FileMatch, type GrepMatch, type GrepOptions, NO_MATCHES, type RepoIndex } from '../repo/index.js';
import { prefilterFor, residualOf } from '../repo/prefilter.js';
import { escapeRegExp, inProse, isPatternSource } from '../repo/text.js';
import { enclosingDefinition, inAbstractBase, type Enclosing } from './code-structure.js';
import { applyMask, inMask, maskSpans, spanAt, syntaxOf, type MaskSpans } from './code-text.js';
import { isShippedScript } from './languages.js';

export type { Enclosing } from './code-structure.js';

/** A pattern for CodeFacts.scan: a regex, optionally only for files of some languages. */
export interface CodePattern {
  re: RegExp;
  languages?: readonly string[];
}

export interface CodeGrepOptions extends GrepOptions {
  /** Matches may start inside string, template and regex literals (default true: settings and paths live in strings). */
  strings?: boolean;
}

/** Code as opposed to comments (and, on request, literals): the one answer to "is this match code?". */
export interface CodeFacts {
  /** The file's text with comments blanked (and literals too with `strings: false`); offsets and lines unchanged. */
  text(path: string, opts?: { strings?: boolean }): string | undefined;
  /**
   * The lines of `text(path)` (`['']` for a file that cannot be read). The same array for the same file asked again in
   * a row (a fact's checks of one hit after another): read it, never change it.
   */
  lines(path: string): readonly string[];
  /**
   * Like RepoIndex.grep over the text with comments blanked: a match never starts or runs in a comment. With
   * `strings: false` it must also start outside string, template and regex literals (it may still read into one:
   * `throw new Error("not implemented")`).
   */
  grep(re: RegExp, opts?: CodeGrepOptions): GrepMatch[];
  grepFirst(re: RegExp, opts?: CodeGrepOptions): GrepMatch | undefined;
  /** True when the 1-based line holds code at the first non-blank character from `column` (0-based; default 0). */
  isCode(path: string, line: number, opts?: { column?: number; strings?: boolean }): boolean;
  /**
   * Every match of each pattern in the given files (one grep per pattern over the files of its languages), ordered
   * file by file (in the order given), then by pattern, then by line.
   */
  scan<P extends CodePattern>(
    patterns: readonly P[],
    files: readonly { path: string; language?: string }[],
    opts?: { strings?: boolean },
  ): { pattern: P; match: GrepMatch }[];
  /**
   * A grep hit that is a use in code: not on a comment line, not a pattern definition (regex source with escapes),
   * not prose in a string (`minWords` words or more in the quoted text around the match: 6; 30 with
   * `stringsAreCode`, for SQL and the like, which live in strings).
   */
  isCodeUse(hit: { path: string; line: number; groups: string[] }, opts?: { stringsAreCode?: boolean }): boolean;
  /**
   * The offset sits in a string or template literal that runs over several lines: a code sample, a prompt or a page
   * the program shows, not code it runs.
   */
  inTextBlock(path: string, offset: number): boolean;
  /** The named function or class around a line (see code-structure.ts). */
  enclosing(path: string, line: number, outer?: boolean): Enclosing | undefined;
  /** The line sits in an abstract method or class, an interface/Protocol/ABC, or a class other classes extend. */
  inAbstractBase(path: string, line: number): boolean;
  /** The classes declared as extending the named one (`class X(Name)`, `extends Name`, `< Name`, `: Name(`). */
  subclasses(name: string): { name: string; path: string; line: number }[];
  /**
   * The line sits in a branch taken when a feature is switched off (`if !cfg.Mail.Enabled {`, `if not
   * settings.SIGNUP_ENABLED:`, `unless feature_enabled?`, `if (config.disabled)`): answering "not available" there
   * is the switch working, not an unfinished feature.
   */
  behindFeatureSwitch(path: string, line: number): boolean;
}

/** A condition that is true when a feature or setting is off (`if DISABLE_VECTOR_DB:` and `disableSignup` included). */
const SWITCHED_OFF =
  /^\s*(?:\}\s*else\s+)?(?:if|elif|else\s+if|unless)\b[\s(]*(?:(?:!\s*|\bnot\s+)\(?[\w.$?]*(?:[Ee]nabled?|ENABLED?|[Aa]llow\w*|ALLOW\w*|[Ff]eature\w*|FEATURE\w*|[Aa]vailable|[Cc]onfigured|[Ss]upported)\w*\??\)?|[\w.$?]*(?:[Dd]isabled|DISABLED|DISABLE_[A-Z]|disable_[a-z]|disable[A-Z]|[Ee]nabled\??\s*(?:==|===|is)\s*(?:false|False|nil|None)))|^\s*unless\s+\(?[\w.$?]*(?:enabled|allow\w*|feature\w*|available|configured|supported)\w*\??/i;

/**
 * Python: a branch taken while a setting the feature needs is unset (`if settings.UPLOAD_URL is None or …:`,
 * `if not config.SMTP_HOST:`): the feature is off until it is configured.
 */
const SETTING_UNSET =
  /^\s*(?:if|elif)\s+(?:not\s+[\w.]*\b(?:settings|config|conf|cfg)\.[A-Z][A-Z0-9_]*\s*:|[\w.]*\b(?:settings|config|conf|cfg)\.[A-Z][A-Z0-9_]*\s+is\s+None\b)/;

/** How many masked texts (and characters in all) `text` keeps for the next call. */
const RECENT_MAX = 16;
const RECENT_MAX_CHARS = 2_000_000;

/** The character at the offset is blanked in the bare text but not in the code text: it is in a literal. */
function inLiteral(raw: string, m: MaskSpans, at: number): boolean {
  const c = raw[at];
  return c !== undefined && c !== '\r' && c !== '\n' && c !== ' ' && inMask(m.all, at) && !inMask(m.comments, at);
}

/**
 * One mask per repository file, shared by every component's view (the language and file name decide the syntax), kept
 * as the spans it blanks: `null` when it blanks nothing.
 */
export function fileMask(repo: RepoIndex, path: string): MaskSpans | null | undefined {
  return repo.fileMemo('code-mask', path, () => {
    const raw = repo.read(path);
    return raw === undefined ? undefined : (maskSpans(raw, syntaxOf(path, repo.get(path)?.language)) ?? null);
  });
}

export function detectCode(repo: RepoIndex): CodeFacts {
  const mask = (path: string): MaskSpans | null | undefined => fileMask(repo, path);
  // The masked texts last asked for: callers read a file's masked text several times in a row (a grep's matches, a
  // fact's passes), and the texts of every file kept for the whole audit would double the memory the contents take.
  const recent = new Map<string, string>();
  let recentChars = 0;
  const text = (path: string, opts: { strings?: boolean } = {}): string | undefined => {
    const m = mask(path);
    if (m === undefined) return undefined;
    const raw = repo.read(path)!;
    if (m === null) return raw;
    const key = `${opts.strings === false ? 'b' : 'c'}${path}`;
    let t = recent.get(key);
    if (t !== undefined) {
      recent.delete(key);
      recent.set(key, t);
      return t;
    }
    t = applyMask(raw, opts.strings === false ? m.all : m.comments);
    recent.set(key, t);
    recentChars += t.length;
    for (const [k, v] of recent) {
      if (recent.size <= 1 || (recent.size <= RECENT_MAX && recentChars <= RECENT_MAX_CHARS)) break;
      recent.delete(k);
      recentChars -= v.length;
    }
    return t;
  };
  let last: { text: string; lines: readonly string[] } | undefined;
  const lines = (path: string): readonly string[] => {
    const t = text(path) ?? '';
    if (last?.text !== t) last = { text: t, lines: t.split(/\r?\n/) };
    return last.lines;
  };
  const grep = (re: RegExp, opts: CodeGrepOptions = {}): GrepMatch[] => {
    const flags = re.flags.replace('g', '').replace('y', '');
    const test = new RegExp(re.source, flags.includes('m') ? flags : `${flags}m`);
    const global = new RegExp(re.source, `${test.flags}g`);
    const sticky = new RegExp(re.source, `${test.flags}y`);
    const files = repo.select(opts);
    const pre = prefilterFor(re, files.length);
    const rest = pre && residualOf(pre);
    const kind = `code-grep\0${opts.strings === false ? 'b' : 'c'}\0${test.flags}\0${re.source}`;
    const out: GrepMatch[] = [];
    for (const f of pre ? repo.candidates(files, pre) : files) {
      // The matches in a repository file are found once per audit, whichever component's view asks (a function of the
      // pattern, the file's text and its mask).
      const hits = repo.fileMemo(kind, f.path, (): readonly FileMatch[] => {
        const raw = repo.read(f.path);
        // Most files do not match at all: lex only those that do.
        if (raw === undefined || (rest && !rest.test(raw)) || !repo.test(test, pre, f.path, raw)) return NO_MATCHES;
        if (isShippedScript(repo, f.path)) return NO_MATCHES;
        const masks = mask(f.path);
        const code = text(f.path)!;
        const found: FileMatch[] = [];
        global.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = global.exec(code))) {
          if (m[0].length === 0) global.lastIndex++;
          // Where the match's text begins: a leading `^\s*` may run over blank and blanked (comment) lines.
          const lead = m.index + m[0].length - m[0].trimStart().length;
          // The match may read into a literal ("not implemented"), but must start in code.
          if (opts.strings === false && masks && inLiteral(raw, masks, lead)) continue;
          // The groups as written (a comment inside the match is blanked in the masked text).
          sticky.lastIndex = m.index;
          const orig = sticky.exec(raw) ?? m;
          const line = repo.lineAt(f.path, lead < code.length ? lead : m.index);
          found.push({ line, text: repo.lineText(f.path, line) ?? '', groups: [...orig].map((g) => g ?? '') });
        }
        return found.length ? found : NO_MATCHES;
      });
      for (const h of hits) {
        out.push({ path: f.path, line: h.line, text: h.text, groups: [...h.groups] });
        if (opts.limit && out.length >= opts.limit) return out;
      }
    }
    return out;
  };
  const isCode = (path: string, line: number, opts: { column?: number; strings?: boolean } = {}): boolean => {
    const m = mask(path);
    if (m === undefined) return false;
    const raw = repo.read(path)!;
    const s = repo.lineOffsets(path);
    const start = s[line - 1];
    if (start === undefined) return false;
    const end = s[line] ?? raw.length;
    // From the column (or the line's start) to the first non-blank character.
    const col = raw.slice(start + (opts.column ?? 0), end).search(/\S/);
    if (col < 0) return false;
    const at = start + (opts.column ?? 0) + col;
    // A blanked character is a comment (or a literal): code keeps its characters.
    return raw[at]!.trim() !== '' && !(m && inMask(opts.strings === false ? m.all : m.comments, at));
  };
  const scan = <P extends CodePattern>(
    patterns: readonly P[],
    files: readonly { path: string; language?: string }[],
    opts: { strings?: boolean } = {},
  ): { pattern: P; match: GrepMatch }[] => {
    const order = new Map(files.map((f, i) => [f.path, i]));
    const out: { pattern: P; match: GrepMatch; p: number }[] = [];
    patterns.forEach((pattern, p) => {
      const paths = files
        .filter((f) => !pattern.languages || (f.language !== undefined && pattern.languages.includes(f.language)))
        .map((f) => f.path);
      if (paths.length)
        for (const match of grep(pattern.re, { paths, strings: opts.strings })) out.push({ pattern, match, p });
    });
    out.sort((a, b) => order.get(a.match.path)! - order.get(b.match.path)! || a.p - b.p || a.match.line - b.match.line);
    return out.map(({ pattern, match }) => ({ pattern, match }));
  };
  const subclassSites = new Map<string, { name: string; path: string; line: number }[]>();
  const subclasses = (name: string): { name: string; path: string; line: number }[] => {
    let found = subclassSites.get(name);
    if (!found) {
      const n = escapeRegExp(name);
      // Kotlin declares the supertype after the primary constructor: `class NoAccess(⏎ msg: String,⏎) : Denied(msg)`.
      const sub = new RegExp(
        `class\\s+(\\w+)\\s*(?:\\([^)]*\\b${n}\\b|\\([^)]*\\)[ \\t]*:[ \\t]*${n}\\b|extends\\s+${n}\\b|<\\s*${n}\\b|:\\s*${n}\\b)`,
      );
      found = repo.grep(sub, { kinds: ['source'] }).map((m) => ({ name: m.groups[1]!, path: m.path, line: m.line }));
      subclassSites.set(name, found);
    }
    return found;
  };
  const isSubclassed = (name: string): boolean => subclasses(name).length > 0;
  return {
    text,
    lines,
    grep,
    grepFirst: (re, opts) => grep(re, { ...opts, limit: 1 })[0],
    isCode,
    isCodeUse: (hit, opts = {}) => {
      const line = repo.lines(hit.path)[hit.line - 1] ?? '';
      if (!isCode(hit.path, hit.line)) return false;
      return !isPatternSource(line) && !inProse(line, hit.groups[0] ?? '', opts.stringsAreCode ? 30 : 6);
    },
    scan,
    inTextBlock: (path, offset) => {
      const m = mask(path);
      const span = m && !inMask(m.comments, offset) ? spanAt(m.all, offset) : undefined;
      return !!span && /\n/.test(repo.read(path)!.slice(span[0], span[1]));
    },
    enclosing: (path, line, outer) => enclosingDefinition(repo, path, line, outer),
    inAbstractBase: (path, line) => inAbstractBase(repo, path, line, isSubclassed),
    subclasses,
    behindFeatureSwitch: (path, line) => {
      const lines = repo.lines(path);
      // The branch opens on one of the three lines above (a log or template call may come first).
      for (let i = line - 2; i >= 0 && i >= line - 4; i--) if (SWITCHED_OFF.test(lines[i] ?? '')) return true;
      // Python: the `if` the line's statement sits under, above a response spread over several lines.
      const indent = (l: string) => /^\s*/.exec(l)![0].length;
      const own = indent(lines[line - 1] ?? '');
      for (let i = line - 2; i >= 0 && i >= line - 12; i--) {
        const l = lines[i] ?? '';
        if (!l.trim() || indent(l) >= own) continue;
        if (!/:\s*(?:#.*)?$/.test(l)) continue;
        return SWITCHED_OFF.test(l) || SETTING_UNSET.test(l);
      }
      return false;
    },
  };
}
