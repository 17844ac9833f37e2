import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import type { CiFacts } from './ci.js';
import { words } from './dockerfiles.js';
import { escapeRegExp } from '../repo/text.js';

/**
 * The values shell variables take in build and deploy commands, as far as the repository shows them, so that a
 * command written once for many services (`docker build --build-arg SERVICE=$svc`, `gcloud run deploy "$service"`)
 * can be traced to each service it builds or deploys. A variable is resolved from
 * - a `for VAR in a b c` loop around the command (words, or `dir/*` folders),
 * - a positional parameter of the script the command is in (`service="$1"`, or `$1` itself), taking the arguments of
 *   every call of that script (CI steps, Cloud Build steps, Makefiles and other scripts), each call binding all of
 *   its parameters together,
 * - plain assignments of a literal in the same file (`SERVICES=api`),
 * - a GitHub Actions matrix (`${{ matrix.service }}`).
 * Anything else (CI secrets, `$PROJECT_ID`) stays as written. Nothing is executed: this reads text only.
 */
export interface ShellValues {
  /** Every text the command `text` at `file:line` becomes with the variables the repository shows substituted. */
  expand(file: string, line: number, text: string): string[];
  /** The command that starts at `file:line`, with its backslash-continued lines joined. */
  command(file: string, line: number): string;
}

/** A call of a script: its arguments as written (shell words), and where. */
interface ScriptCall {
  args: string;
  file: string;
  line: number;
}

const MAX_EXPANSIONS = 64;
const MAX_DEPTH = 3;
const SCRIPT_FILE = /(^|\/)(Makefile|[\w.-]+\.mk|[\w.-]+\.sh|justfile|Taskfile\.ya?ml)$/;
const CLOUD_BUILD = /(^|\/)cloudbuild[\w.-]*\.ya?ml$/;
const VAR_REF = /\$\{\{\s*matrix\.([\w-]+)\s*\}\}|\$\{(\w+)(?::?-[^}]*)?\}|\$(\w+)/g;

export function shellValues(repo: RepoIndex, ci: CiFacts): ShellValues {
  const callsOf = new Map<string, ScriptCall[]>();

  /** Every call of `script` the repository shows. */
  const calls = (script: string): ScriptCall[] => {
    let out = callsOf.get(script);
    if (out) return out;
    out = [];
    callsOf.set(script, out);
    const ref = new RegExp(`(?:^|[\\s;&|("'=])(?:\\.\\/)?${escapeRegExp(script)}(?=$|[\\s;&|)"'])([^\\n;&|]*)`, 'g');
    const scan = (text: string, file: string, line: number) => {
      for (const m of text.matchAll(ref)) {
        // The call's own line (a CI step's script spans several): loops around it are read from there.
        const at = repo.lines(file).findIndex((l, i) => i >= line - 1 && l.includes(m[0]!.trim()));
        out!.push({ args: m[1]!.trim(), file, line: at >= 0 ? at + 1 : line });
      }
    };
    for (const s of ci.steps) if (s.run && s.state !== 'disabled') scan(s.run, s.path, s.line);
    for (const f of repo.files) {
      if (f.isTest || f.path === script) continue;
      if (SCRIPT_FILE.test(f.path) || f.path === 'package.json' || /\/package\.json$/.test(f.path))
        for (const hit of repo.grep(new RegExp(escapeRegExp(path.posix.basename(script))), { paths: [f.path] }))
          scan(command(f.path, hit.line), f.path, hit.line);
      if (CLOUD_BUILD.test(f.path)) out.push(...cloudBuildCalls(repo, f.path, script));
    }
    return out;
  };

  const command = (file: string, line: number): string => {
    const lines = repo.lines(file);
    let text = lines[line - 1] ?? '';
    for (let i = line; i < lines.length && /\\\s*$/.test(text); i++)
      text = `${text.replace(/\\\s*$/, ' ')}${lines[i]!.trim()}`;
    return text;
  };

  /** Values of a loop variable around `line`, of a literal assignment before it, or of a matrix key. */
  const localValues = (file: string, line: number, name: string, matrix: boolean): string[] | undefined => {
    if (matrix) return matrixValues(repo, file, name);
    const lines = repo.lines(file);
    // The nearest enclosing `for NAME in …`: walking up, every `done` passed closes one loop that does not enclose us.
    let open = 0;
    for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
      const l = lines[i]!;
      const loops = [...l.matchAll(/\bfor\s+(\w+)\s+in\s+([^;\n]*?)(?:;|\s+do\b|$)/g)];
      const done = (l.match(/\bdone\b/g) ?? []).length;
      // A one-line loop (`for x in a b; do …; done`) encloses only its own line.
      if (i === line - 1) {
        const own = loops.find((m) => m[1] === name);
        if (own) return loopWords(repo, own[2]!);
        continue;
      }
      if (done) open += done;
      for (const m of loops.reverse()) {
        if (open > 0) {
          open--;
          continue;
        }
        if (m[1] === name) return loopWords(repo, m[2]!);
      }
    }
    const assigned = new Set<string>();
    const assign = new RegExp(`^\\s*(?:export\\s+|readonly\\s+|local\\s+|declare\\s+(?:-\\w+\\s+)?)?${name}=(.*)$`);
    for (const l of lines.slice(0, line)) {
      const m = assign.exec(l);
      if (!m) continue;
      const v = words(m[1]!.replace(/\s+#.*$/, ''))[0] ?? '';
      if (/^\$\{?(\d)/.test(v)) return undefined; // a positional parameter: the caller's
      if (v && !/[$`(]/.test(v)) assigned.add(v);
    }
    return assigned.size ? [...assigned] : undefined;
  };

  /** The positional parameter a variable of `file` stands for (`service="$1"` → 1), or the number itself (`$1`). */
  const positional = (file: string, line: number, name: string): number | undefined => {
    if (/^\d$/.test(name)) return Number(name);
    const re = new RegExp(
      `^\\s*(?:export\\s+|readonly\\s+|local\\s+|declare\\s+(?:-\\w+\\s+)?)?${name}=["']?\\$\\{?(\\d)(?::?-[^}]*)?\\}?["']?\\s*(#.*)?$`,
    );
    for (const l of repo.lines(file).slice(0, line)) {
      const m = re.exec(l);
      if (m) return Number(m[1]);
    }
    return undefined;
  };

  const expand = (file: string, line: number, text: string, depth = 0): string[] => {
    const refs = [...text.matchAll(VAR_REF)].map((m) => ({
      whole: m[0]!,
      name: (m[1] ?? m[2] ?? m[3])!,
      matrix: m[1] !== undefined,
    }));
    if (!refs.length) return [text];
    const names = [...new Map(refs.map((r) => [`${r.matrix}:${r.name}`, r])).values()];
    // Variables bound by this file's callers are bound together, one call at a time.
    const byCaller = new Map<string, number>();
    const independent: { name: string; matrix: boolean; values: string[] }[] = [];
    for (const r of names) {
      const local = localValues(file, line, r.name, r.matrix);
      if (local?.length) {
        independent.push({ name: r.name, matrix: r.matrix, values: local });
        continue;
      }
      const k = r.matrix ? undefined : positional(file, line, r.name);
      if (k !== undefined && SCRIPT_FILE.test(file) && /\.sh$/.test(file)) byCaller.set(r.name, k);
    }
    let bindings: Record<string, string>[] = [{}];
    if (byCaller.size && depth < MAX_DEPTH) {
      const found: Record<string, string>[] = [];
      for (const c of calls(file)) {
        for (const expanded of expand(c.file, c.line, c.args, depth + 1)) {
          const args = words(expanded);
          const b: Record<string, string> = {};
          for (const [name, k] of byCaller) {
            const v = args[k - 1];
            if (v !== undefined && !v.includes('$')) b[name] = v;
          }
          if (Object.keys(b).length) found.push(b);
        }
      }
      if (found.length) bindings = found;
    }
    for (const v of independent) {
      const next: Record<string, string>[] = [];
      for (const b of bindings)
        for (const value of v.values) if (next.length < MAX_EXPANSIONS) next.push({ ...b, [key(v)]: value });
      bindings = next;
    }
    const out = new Set<string>();
    for (const b of bindings.slice(0, MAX_EXPANSIONS))
      out.add(
        text.replace(VAR_REF, (whole, matrixName?: string, braced?: string, bare?: string) => {
          const k = matrixName !== undefined ? `matrix:${matrixName}` : (braced ?? bare)!;
          return b[k] ?? whole;
        }),
      );
    return [...out];
  };

  return {
    expand: (file, line, text) => expand(file, line, text),
    command,
  };
}

const key = (v: { name: string; matrix: boolean }) => (v.matrix ? `matrix:${v.name}` : v.name);

/** The words of a `for … in` list; `dir/*` stands for the folders in dir. */
function loopWords(repo: RepoIndex, list: string): string[] {
  const out: string[] = [];
  for (const w of words(list)) {
    if (/[$`(]/.test(w)) return [];
    const glob = /^(?:\.\/)?([\w./-]*?)\/?\*\/?$/.exec(w);
    if (glob) {
      const base = glob[1]!.replace(/\/$/, '');
      const dirs = new Set<string>();
      for (const f of repo.files) {
        const rel = base ? (f.path.startsWith(`${base}/`) ? f.path.slice(base.length + 1) : undefined) : f.path;
        const seg = rel?.split('/');
        if (seg && seg.length > 1) dirs.add(base ? `${base}/${seg[0]}` : seg[0]!);
      }
      out.push(...[...dirs].sort());
    } else out.push(w);
  }
  return out;
}

/** Values of a GitHub Actions matrix key in a workflow: its list, and `include` entries. */
function matrixValues(repo: RepoIndex, file: string, name: string): string[] | undefined {
  const v = repo.yaml(file) as { jobs?: Record<string, { strategy?: { matrix?: Record<string, unknown> } }> };
  const out = new Set<string>();
  for (const job of Object.values(v?.jobs ?? {})) {
    const m = job?.strategy?.matrix;
    if (!m || typeof m !== 'object') continue;
    const list = m[name];
    if (Array.isArray(list))
      for (const x of list) if (typeof x === 'string' || typeof x === 'number') out.add(String(x));
    if (Array.isArray(m.include))
      for (const inc of m.include as Record<string, unknown>[]) {
        const x = inc?.[name];
        if (typeof x === 'string' || typeof x === 'number') out.add(String(x));
      }
  }
  return out.size ? [...out] : undefined;
}

/** Cloud Build steps that run `script` as their entrypoint (its `args` are the call's arguments) or in a shell. */
function cloudBuildCalls(repo: RepoIndex, file: string, script: string): ScriptCall[] {
  const v = repo.yaml(file) as { steps?: { entrypoint?: unknown; args?: unknown }[] } | undefined;
  if (!Array.isArray(v?.steps)) return [];
  const lines = repo.lines(file);
  const out: ScriptCall[] = [];
  const same = (x: unknown) => typeof x === 'string' && x.replace(/^\.\//, '') === script;
  let from = 0;
  for (const s of v.steps) {
    const args = Array.isArray(s?.args) ? s.args.map(String) : [];
    const quoted = (xs: string[]) => xs.map((x) => (/[\s"']/.test(x) ? `'${x}'` : x)).join(' ');
    let call: string | undefined;
    if (same(s?.entrypoint)) call = quoted(args);
    else if (same(args[0])) call = quoted(args.slice(1));
    else if (/^(ba)?sh$/.test(String(s?.entrypoint ?? '')) && args[0] === '-c') {
      const m = new RegExp(`(?:^|[\\s;&|])(?:\\.\\/)?${escapeRegExp(script)}(?=$|\\s)([^\\n;&|]*)`).exec(args[1] ?? '');
      if (m) call = m[1]!.trim();
    }
    // Steps are found in order: each one's line is the next line that names the script.
    const at = lines.findIndex((l, i) => i >= from && l.includes(path.posix.basename(script)));
    if (call === undefined) continue;
    if (at >= 0) from = at + 1;
    out.push({ args: call, file, line: at >= 0 ? at + 1 : 1 });
  }
  return out;
}
