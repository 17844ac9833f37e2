import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { obj } from './shape.js';

/**
 * Docker Bake files (`docker-bake.hcl`, `docker-bake.json`): the image builds a repository declares as named targets,
 * each with its context, Dockerfile, stage and tags, built by `docker buildx bake` or a bake action in CI.
 *
 * Read by hand rather than with an HCL library: bake targets are flat blocks of string and list attributes, and the
 * HCL parsers on npm are multi-megabyte Go/WASM builds with asynchronous APIs that the synchronous fact layer cannot
 * call. Expressions and functions are not evaluated; a value built from a variable keeps the variable's default.
 */
export interface BakeTarget {
  name: string;
  /** The bake file and the line of the `target "name"` block. */
  file: string;
  line: number;
  context?: string;
  dockerfile?: string;
  /** The Dockerfile stage built. */
  target?: string;
  tags: string[];
}

export interface BakeFile {
  path: string;
  targets: Map<string, BakeTarget>;
  groups: Map<string, string[]>;
}

const BAKE_FILE = /(?:^|\/)docker-bake(?:\.[\w-]+)*\.(?:hcl|json)$/;

/** The bake files of the repository: `docker-bake.hcl`, `docker-bake.override.hcl`, `docker-bake.json`. */
export function bakeFiles(repo: RepoIndex): BakeFile[] {
  return repo.memo('bake:files', () =>
    repo.files
      .filter((f) => BAKE_FILE.test(f.path))
      .map((f) => readBakeFile(repo, f.path))
      .filter((b): b is BakeFile => b !== undefined),
  );
}

interface RawTarget {
  line: number;
  attrs: Record<string, string | string[]>;
}

function readBakeFile(repo: RepoIndex, file: string): BakeFile | undefined {
  const text = repo.read(file);
  if (text === undefined) return undefined;
  const raw = file.endsWith('.json') ? jsonBlocks(text) : hclBlocks(text);
  if (!raw) return undefined;
  const targets = new Map<string, BakeTarget>();
  const resolve = (name: string, seen: Set<string>): Record<string, string | string[]> => {
    const t = raw.targets.get(name);
    if (!t || seen.has(name)) return {};
    seen.add(name);
    const inherits = t.attrs.inherits;
    const base: Record<string, string | string[]> = {};
    for (const parent of Array.isArray(inherits) ? inherits : []) Object.assign(base, resolve(parent, seen));
    return { ...base, ...t.attrs };
  };
  for (const [name, t] of raw.targets) {
    const a = resolve(name, new Set());
    const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
    const list = (k: string) =>
      Array.isArray(a[k]) ? (a[k] as string[]) : typeof a[k] === 'string' ? [a[k] as string] : [];
    targets.set(name, {
      name,
      file,
      line: t.line,
      ...(str('context') !== undefined ? { context: str('context')! } : {}),
      ...(str('dockerfile') !== undefined ? { dockerfile: str('dockerfile')! } : {}),
      ...(str('target') !== undefined ? { target: str('target')! } : {}),
      tags: list('tags'),
    });
  }
  return { path: file, targets, groups: raw.groups };
}

function jsonBlocks(text: string): { targets: Map<string, RawTarget>; groups: Map<string, string[]> } | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const targets = new Map<string, RawTarget>();
  const groups = new Map<string, string[]>();
  const lines = text.split('\n');
  const lineOf = (name: string) => lines.findIndex((l) => l.includes(`"${name}"`)) + 1 || 1;
  for (const [name, v] of Object.entries(obj(obj(doc).target))) {
    const attrs: Record<string, string | string[]> = {};
    for (const [k, x] of Object.entries(obj(v)))
      if (typeof x === 'string') attrs[k] = x;
      else if (Array.isArray(x)) attrs[k] = x.filter((e): e is string => typeof e === 'string');
    targets.set(name, { line: lineOf(name), attrs });
  }
  for (const [name, v] of Object.entries(obj(obj(doc).group))) {
    const t = obj(v).targets;
    groups.set(name, Array.isArray(t) ? t.filter((e): e is string => typeof e === 'string') : []);
  }
  return { targets, groups };
}

/** `variable "NAME" { default = "x" }`, `target "name" { … }` and `group "name" { targets = […] }` blocks. */
function hclBlocks(text: string) {
  const lines = text.split('\n');
  const targets = new Map<string, RawTarget>();
  const groups = new Map<string, string[]>();
  const defaults = new Map<string, string>();
  const blocks: { kind: string; name: string; line: number; body: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^\s*(target|group|variable)\s+"([^"]+)"\s*\{(.*)$/.exec(lines[i]!);
    if (!head) continue;
    // The block runs to its closing brace; strings are blanked before braces are counted (`"${VAR}"` holds braces).
    let depth = 1;
    const body: string[] = [];
    let rest = head[3]!;
    let j = i;
    for (;;) {
      for (const ch of rest.replace(/"(?:[^"\\]|\\.)*"/g, '""')) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
      body.push(rest);
      if (depth <= 0 || ++j >= lines.length) break;
      rest = lines[j]!;
    }
    blocks.push({ kind: head[1]!, name: head[2]!, line: i + 1, body: body.join('\n').replace(/\}\s*$/, '') });
    i = j;
  }
  for (const b of blocks) {
    if (b.kind !== 'variable') continue;
    const d = /(?:^|\n)\s*default\s*=\s*"([^"\n]*)"/.exec(b.body);
    if (d) defaults.set(b.name, d[1]!);
  }
  const expand = (s: string) => s.replace(/\$\{(\w+)\}/g, (m, v: string) => defaults.get(v) ?? m);
  const attrsOf = (body: string): Record<string, string | string[]> => {
    const attrs: Record<string, string | string[]> = {};
    for (const m of body.matchAll(/(?:^|\n)[ \t]*(\w+)[ \t]*=[ \t]*(?:"((?:[^"\\\n]|\\.)*)"|\[([^\]]*)\])/g)) {
      if (m[2] !== undefined) attrs[m[1]!] = expand(m[2]);
      else attrs[m[1]!] = [...m[3]!.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((x) => expand(x[1]!));
    }
    return attrs;
  };
  for (const b of blocks) {
    if (b.kind === 'target') targets.set(b.name, { line: b.line, attrs: attrsOf(b.body) });
    if (b.kind === 'group') {
      const t = attrsOf(b.body).targets;
      groups.set(b.name, Array.isArray(t) ? t : []);
    }
  }
  return { targets, groups };
}

/**
 * The targets a bake invocation builds: the named targets and groups (a group expands to its targets), or the
 * `default` group (else a target named `default`) when none is named. Paths are made repository-relative from the
 * folder bake runs in: context relative to it, the Dockerfile relative to the context.
 */
export function bakeBuilds(
  files: BakeFile[],
  names: string[],
  cwd = '.',
): { target: BakeTarget; context: string; dockerfile: string }[] {
  const out: { target: BakeTarget; context: string; dockerfile: string }[] = [];
  const seen = new Set<string>();
  const visit = (name: string, depth: number): void => {
    if (depth > 8) return;
    for (const f of files) {
      const g = f.groups.get(name);
      if (g) for (const n of g) visit(n, depth + 1);
      const t = f.targets.get(name);
      if (!t || seen.has(`${f.path}#${name}`)) continue;
      seen.add(`${f.path}#${name}`);
      const context = path.posix.normalize(path.posix.join(cwd, t.context ?? '.'));
      const dockerfile = path.posix.normalize(path.posix.join(context, t.dockerfile ?? 'Dockerfile'));
      out.push({ target: t, context, dockerfile });
    }
  };
  for (const n of names.length ? names : ['default']) visit(n, 0);
  return out;
}

/** A GitHub action that runs `docker buildx bake` (Docker's, Blacksmith's and Depot's; not its subactions). */
export const BAKE_ACTION = /^(?:docker|useblacksmith|depot)\/bake-action(?=@|$)/;
/** docker/build-push-action and its drop-in forks, which take the same `context`, `file`, `target` and `tags`. */
export const BUILD_PUSH_ACTION = /^(?:docker|useblacksmith|depot)\/build-push-action\b/;
/** A bake command line: `docker buildx bake`, `docker bake`, `depot bake`. */
export const BAKE_INVOCATION = /\b(?:docker\s+buildx\s+bake|docker\s+bake|depot\s+bake)\b/;
const BAKE_FLAGS_WITH_VALUE = /^(--set|--progress|--metadata-file|--builder|--allow|--call|--var)$/;

/**
 * The targets and bake files the words after `bake` name (`-f ci.hcl api worker`); undefined for `--print` and
 * `--list`, which show the definition without building anything. Names holding a variable are left out.
 */
export function bakeCommandArgs(w: string[]): { names: string[]; files: string[] } | undefined {
  if (w.some((x) => x === '--print' || x === '--list' || x.startsWith('--list='))) return undefined;
  const names: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < w.length; i++) {
    const x = w[i]!;
    if (x === '-f' || x === '--file') files.push(w[++i] ?? '');
    else if (x.startsWith('--file=')) files.push(x.slice(7));
    else if (BAKE_FLAGS_WITH_VALUE.test(x)) i++;
    else if (!x.startsWith('-') && !x.includes('$')) names.push(x);
  }
  return { names, files };
}

/** A comma- or line-separated action input (`targets: api,cli`), without values left to the workflow's expressions. */
export function actionList(v: unknown): string[] {
  return typeof v === 'string'
    ? v
        .split(/[\n,]/)
        .map((x) => x.trim())
        .filter((x) => x && !x.includes('${{') && !x.startsWith('#'))
    : [];
}

/**
 * The targets a bake action builds: its `targets:` input, or — for `targets: ${{ matrix.target }}` over the rows
 * docker/bake-action/subaction/matrix makes of a group in the same workflow — that group; none means the default group.
 */
export function bakeActionTargets(
  inputs: Record<string, unknown> | undefined,
  workflowSteps: readonly { uses?: string; with?: Record<string, unknown> }[],
): string[] {
  const named = actionList(inputs?.targets);
  if (named.length || !/\$\{\{\s*matrix\./.test(String(inputs?.targets ?? ''))) return named;
  const matrix = workflowSteps.find((s) => /^docker\/bake-action\/subaction\/matrix\b/.test(s.uses ?? ''));
  return actionList(matrix?.with?.target);
}
