// Helpers for the code.* rules: which production files are on live paths, and whether a class is an abstract base.
import type { GrepMatch, RuleContext } from '../../src/sdk/index.js';
import { enclosing, isLive } from './security-common.js';

/** Test utilities, mocks for tests/dev, stories and examples: not production code paths even when not under tests/. */
export const NON_PROD_PATH =
  /(^|\/)(testing|testutils?|test_?utils|test_?helpers?|testhelpers?|mocks?|__mocks__|fakes?|stubs?|stories|storybook|\.storybook|examples?|samples?|demo|scripts|seeds?|benchmarks?|e2e|cypress|playwright)\/|(^|\/)(testing|conftest|mock_?\w*|fakes?|factories)\.py$|\.stories\.[jt]sx?$|\.pb\.go$|_pb2(?:_grpc)?\.py$|_grpc\.pb\.go$|(^|\/)mock_\w+\.go$|(^|\/)db\/seeds\.rb$/i;

/** JVM package directories (com/example/demo) are not example folders. */
export function nonProdPath(p: string): boolean {
  return NON_PROD_PATH.test(p.replace(/(^|\/)src\/main\/(?:java|kotlin|scala|groovy)\/.*$/, '$1Main.java'));
}

export interface LiveFile {
  path: string;
  lang: string;
}

/** Production source files on live paths (reached from an entrypoint; every production file when none is found). */
export function liveFiles(ctx: RuleContext): LiveFile[] {
  // Both code.* rules scan the same list: compute it once per audit.
  return ctx.repo.memo('code-common:live-files', () =>
    ctx.repo.files
      .filter(
        (f) =>
          f.kind === 'source' && !f.isTest && !f.tooLarge && f.language && !nonProdPath(f.path) && isLive(ctx, f.path),
      )
      .map((f) => ({ path: f.path, lang: f.language! })),
  );
}

const COMMENT = /^\s*(#|\/\/|\*|\/\*)/;

export interface LiveMatch<P> {
  file: LiveFile;
  pattern: P;
  match: GrepMatch;
  /** The file's lines (shared by every match in the file) and the matched line. */
  lines: string[];
  text: string;
}

/**
 * Matches of the patterns in the live files (file by file, then in pattern order), outside comment lines,
 * string literals and JS/TS regex literals. One grep per pattern over the files of its languages.
 */
export function liveMatches<P extends { re: RegExp; langs?: string[] }>(
  ctx: RuleContext,
  files: LiveFile[],
  patterns: P[],
): LiveMatch<P>[] {
  const byPattern = patterns.map((p) => {
    const byFile = new Map<string, GrepMatch[]>();
    const paths = files.filter((f) => !p.langs || p.langs.includes(f.lang)).map((f) => f.path);
    if (!paths.length) return byFile;
    for (const m of ctx.repo.grep(p.re, { paths })) {
      const list = byFile.get(m.path);
      if (list) list.push(m);
      else byFile.set(m.path, [m]);
    }
    return byFile;
  });
  const out: LiveMatch<P>[] = [];
  for (const file of files) {
    if (!byPattern.some((b) => b.has(file.path))) continue;
    const lines = ctx.repo.lines(file.path);
    patterns.forEach((pattern, i) => {
      for (const match of byPattern[i]!.get(file.path) ?? []) {
        const text = lines[match.line - 1] ?? '';
        if (isCommentLine(text)) continue;
        const col = text.indexOf(match.groups[0]!.trim());
        if (col >= 0 && inStringLiteral(text, col)) continue;
        if ((file.lang === 'javascript' || file.lang === 'typescript') && inRegexLiteral(text, col)) continue;
        out.push({ file, pattern, match, lines, text });
      }
    });
  }
  return out;
}
const JS_REGEX_LITERAL =
  /(?<=[=(:,!&|?{}[;]\s*|^\s*|\breturn\s+)\/(?![/*])(?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+\/[dgimsuy]*/g;

/** True when the column sits inside a string literal opened earlier on the line (prose in docs strings is not code). */
export function inStringLiteral(line: string, column: number): boolean {
  let quote: string | undefined;
  for (let i = 0; i < column && i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
  }
  return quote !== undefined;
}

/** True when the column sits inside a JS/TS regex literal (a scanner's own patterns are not stubs or mocks). */
export function inRegexLiteral(line: string, column: number): boolean {
  for (const m of line.matchAll(JS_REGEX_LITERAL))
    if (column >= m.index! && column < m.index! + m[0].length) return true;
  return false;
}
export function isCommentLine(line: string | undefined): boolean {
  return COMMENT.test(line ?? '');
}

/** True when the line sits in an abstract method/class, a Protocol/ABC/interface, or a class that other classes extend. */
export function inAbstractBase(ctx: RuleContext, path: string, line: number): boolean {
  const lines = ctx.repo.lines(path);
  const lang = ctx.repo.get(path)?.language ?? '';
  const fn = enclosing(ctx, path, line);
  if (fn) {
    for (let j = fn.line - 2; j >= 0 && j >= fn.line - 4; j--) {
      if (/@(?:abc\.)?abstract\w*|@overload|@(?:typing\.)?override/.test(lines[j] ?? '')) return true;
    }
    if (/\babstract\b/.test(lines[fn.line - 1] ?? '')) return true;
  }
  // The class around the line (for indentation languages: a class line indented less than the line).
  const ind = (s: string): number => /^[ \t]*/.exec(s)![0].length;
  const own = ind(lines[line - 1] ?? '');
  for (let i = line - 1; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (
      (lang === 'python' || lang === 'ruby') &&
      l.trim() &&
      ind(l) === 0 &&
      !/^(?:class|module)\b/.test(l) &&
      !/^\s*@/.test(l) &&
      i < line - 1
    ) {
      if (/^(?:async\s+)?def\b/.test(l)) return false;
    }
    if ((lang === 'python' || lang === 'ruby') && l.trim() && ind(l) >= own) continue;
    const m =
      /^\s*(?:export\s+)?(?:default\s+)?(?:public\s+|open\s+)?(abstract\s+)?(?:class|interface|module)\s+(\w+)([^\n]*)/.exec(
        l,
      );
    if (!m) continue;
    if (
      m[1] ||
      /\b(ABC|ABCMeta|Protocol|Interface|metaclass\s*=\s*ABCMeta)\b/.test(m[3] ?? '') ||
      /^(Base|Abstract)|(Base|Interface|Protocol|Mixin)$/.test(m[2]!)
    )
      return true;
    if (/^\s*(?:interface|module)\b/.test(l)) return true;
    const name = m[2]!;
    // Subclassed elsewhere: `class X(Name)`, `extends Name`, `< Name`, `: Name(`.
    const sub = new RegExp(
      `class\\s+\\w+\\s*(?:\\([^)]*\\b${name}\\b|extends\\s+${name}\\b|<\\s*${name}\\b|:\\s*${name}\\b)`,
    );
    if (ctx.repo.memo(`code-common:subclassed:${name}`, () => !!ctx.repo.grepFirst(sub, { kinds: ['source'] })))
      return true;
    break;
  }
  return false;
}
