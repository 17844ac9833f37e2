// Where a line sits in the code: the named function or class around it, and whether that is an abstract base.
import type { RepoIndex } from '../repo/index.js';

const DEF_RES: Record<string, RegExp> = {
  python: /^([ \t]*)(?:async\s+)?(?:def|class)\s+(\w+)/,
  javascript:
    /^([ \t]*)(?:export\s+)?(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\s*\*?\s*(\w+)|class\s+(\w+)|(?:const|let|var)\s+(\w+)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*(?::[^=]+)?=>|\([^)]*$|\w+\s*=>|[\w.]+(?:<[^>()]*>)?\(|new\s+[\w.]+(?:<[^>()]*>)?\([^\n]*(?:=>|\bfunction\b)|$))/,
  // `var currentUser = func(r *http.Request) (user, error) {`: a package-level function value is a definition too.
  go: /^()(?:func\s+(?:\([^)]*\)\s*)?(\w+)|var\s+(\w+)\s*=\s*func\s*\()/,
  java: /^([ \t]*)(?:public\s+|private\s+|protected\s+|abstract\s+|final\s+|open\s+|data\s+|internal\s+)*(?:class|object)\s+(\w+)/,
  ruby: /^([ \t]*)(?:def\s+(?:self\.)?(\w+[!?]?)|class\s+(\w+))/,
  // `pub(crate) async fn purge_old(…)`, `unsafe extern "C" fn cb(…)`: a function is a brace block like Go's.
  rust: /^([ \t]*)(?:pub(?:\([^)]*\))?\s+)?(?:(?:const|async|unsafe|extern\s+"[^"]*")\s+)*fn\s+(\w+)/,
  // `public static function mockClient(…)`, `final class HttpRequestService`: brace blocks, the nearest one above.
  php: /^([ \t]*)(?:(?:public|private|protected|static|final|abstract)\s+)*(?:function\s+&?(\w+)|(?:readonly\s+)?class\s+(\w+))/,
  // `def export(conn, params) do`, `defp check_access(user, note) do`: functions do not nest, so the nearest one above
  // is the one around the line (a module is the class).
  elixir: /^([ \t]*)(?:defp?\s+(\w+[!?]?)|defmodule\s+([\w.]+))/,
};
// `(?:…|\([^)]*$)`: an arrow function whose parameters continue on the next lines (`const create = (\n  db: Db,`).
// `const x = f(…)`, and `const x = new F(…)` when a callback starts on that line (`const worker = new Worker("emails",
// async (job) => { … })`): the definition around the callback's lines. `const client = new OpenAI({` holds no function,
// and `const rows = await db.x(…)` is a value, not a definition (its line must stay inside the function around it).
DEF_RES.typescript = DEF_RES.javascript!;
DEF_RES.kotlin = DEF_RES.java!;

/** Interface methods whose enclosing class is the thing that gets registered. */
const CLASS_METHODS =
  /^(canActivate|use|intercept|handle|dispatch|doFilterInternal|doFilter|preHandle|__call__|call|process_request|process_view|resolve|validate)$/;

export interface Enclosing {
  name: string;
  line: number;
  /** Python: the def carries a route or middleware decorator, so it is applied where it is defined. */
  decorated?: string;
}

/**
 * The named function or class around a line (nearest definition above with smaller indentation); `outer`: the one
 * around the definition on that line. For interface methods (canActivate, dispatch, doFilter …) the class.
 */
export function enclosingDefinition(repo: RepoIndex, path: string, line: number, outer = false): Enclosing | undefined {
  const lang = repo.get(path)?.language ?? '';
  const re = DEF_RES[lang];
  if (!re) return undefined;
  const lines = repo.lines(path);
  const indentOf = (s: string): number => /^[ \t]*/.exec(s)![0].replace(/\t/g, '    ').length;
  let limit = indentOf(lines[line - 1] ?? '') + (lang === 'python' || lang === 'ruby' ? 0 : 1);
  let found: Enclosing | undefined;
  for (let i = line - 1; i >= 0; i--) {
    const m = re.exec(lines[i] ?? '');
    if (!m) continue;
    const indent = indentOf(m[1] ?? '');
    if (lang === 'python' && indent >= limit && (i !== line - 1 || outer)) continue;
    // JS/TS: a declaration at the hit's own indentation is a sibling statement (const x = f(...)), not the function around it.
    if ((lang === 'javascript' || lang === 'typescript') && i !== line - 1 && indent >= limit - 1) continue;
    if (outer && (i === line - 1 || indent >= indentOf(lines[line - 1] ?? ''))) continue;
    const name = m.slice(2).find(Boolean);
    if (!name) continue;
    // JS/TS: a statement that ends before the line does not enclose it (`const schema = z.object({…})` above a route
    // registration): a line between at the definition's indentation, other than a chain continuation, the brace
    // that opens a class whose heritage clauses run over several lines, or the `): T => {` (`): T {`) that closes an
    // arrow function's (a function's) parameter list written one parameter a line, ends it.
    if (!found && (lang === 'javascript' || lang === 'typescript') && i !== line - 1) {
      const ended = lines
        .slice(i + 1, line - 1)
        .some(
          (l) =>
            l.trim() &&
            indentOf(l) <= indent &&
            !/^\s*(?:\.|\?\.|\)\s*\.|\{\s*$|\)\s*(?::[^=]*)?=>\s*\{?\s*$|\)\s*(?::[^={]*)?\{\s*$)/.test(l),
        );
      // A sibling statement (`const header = req.get(…)` in the function's body) says nothing of what holds the line:
      // only a definition less indented than it can still enclose the line.
      if (ended) {
        limit = indent + 1;
        continue;
      }
    }
    // Go: top-level functions close with a `}` in the first column; one that closed above the line (or a one-line
    // `func devMode() bool { return … }`) does not enclose it.
    if (
      !found &&
      lang === 'go' &&
      i !== line - 1 &&
      (/\}\s*$/.test(lines[i] ?? '') || lines.slice(i + 1, line - 1).some((l) => /^\}/.test(l)))
    )
      return undefined;
    if (!found) {
      found = { name, line: i + 1 };
      if (lang === 'python') {
        // A blueprint's `@bp.before_app_request` / `@bp.after_app_request` hook runs on every request of the app.
        for (let j = i - 1; j >= 0 && /^\s*@/.test(lines[j] ?? ''); j--) {
          const d =
            /^\s*@(\w+(?:\.\w+)*)\.(get|post|put|delete|patch|route|api_route|middleware|before_request|after_request|before_app_request|after_app_request|websocket)\b/.exec(
              lines[j] ?? '',
            );
          if (d) found.decorated = `${d[1]}.${d[2]}`;
        }
      }
      if (!CLASS_METHODS.test(name)) return found;
      limit = indent;
      continue;
    }
    if (/class\s/.test(lines[i] ?? '')) return { name, line: i + 1 };
  }
  return found;
}

/** A JS/TS class member opening a method body: `private async verifyWrapped(token: string) {`, `get(id) {`. */
const JS_METHOD_HEAD =
  /^[ \t]+(?:(?:public|private|protected|static|async|override)\s+)*#?([A-Za-z_$][\w$]*)\s*(?:<[^<>()\n]*>\s*)?\(/;
const NOT_A_METHOD = /^(?:if|for|while|switch|catch|return|function|await|new|super|typeof|do|else)$/;
/**
 * A call whose argument opens a block (`setTimeout(() => {`, `items.forEach(function (item) {`, `run(job, {`): it looks
 * like a method head by its name and `(`, but the `{` opens a callback or an object handed to the call.
 */
const CALL_OPENING_A_BLOCK = /=>|\bfunction\b|,\s*\{\s*$/;

/**
 * JS/TS: the method of the class `cls` (the definition enclosingDefinition found around the line) whose body holds
 * the line, walking up by indentation inside the class; undefined when the line is in the class body itself (a field).
 */
export function enclosingJsMethod(repo: RepoIndex, path: string, line: number, cls: Enclosing): Enclosing | undefined {
  const lines = repo.lines(path);
  if (!/\bclass\s/.test(lines[cls.line - 1] ?? '')) return undefined;
  const indentOf = (s: string): number => /^[ \t]*/.exec(s)![0].replace(/\t/g, '    ').length;
  const classIndent = indentOf(lines[cls.line - 1] ?? '');
  let limit = indentOf(lines[line - 1] ?? '');
  for (let i = line - 2; i >= cls.line; i--) {
    const l = lines[i] ?? '';
    if (!l.trim() || indentOf(l) >= limit) continue;
    if (indentOf(l) <= classIndent) return undefined;
    const m = JS_METHOD_HEAD.exec(l);
    if (m && !NOT_A_METHOD.test(m[1]!) && /[{(]\s*$/.test(l) && !CALL_OPENING_A_BLOCK.test(l))
      return { name: m[1]!, line: i + 1 };
    // `) {` (`): Promise<T> {`) closes a parameter list written one parameter a line: the head is further up.
    if (/^\s*\)/.test(l)) continue;
    limit = indentOf(l);
  }
  return undefined;
}

/**
 * True when the line sits in an abstract method or class, a Protocol/ABC/interface, or a class that other classes
 * extend (a stub there is meant to be overridden). `subclassed(name)` answers "does some class extend it?".
 */
export function inAbstractBase(
  repo: RepoIndex,
  path: string,
  line: number,
  subclassed: (name: string) => boolean,
): boolean {
  const lines = repo.lines(path);
  const lang = repo.get(path)?.language ?? '';
  const fn = enclosingDefinition(repo, path, line);
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
    if (subclassed(m[2]!)) return true;
    break;
  }
  return false;
}
