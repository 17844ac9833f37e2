import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { lazy } from '../lazy.js';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { lineOfOffset, lineStarts } from '../repo/lines.js';
import { isUnder } from '../repo/view.js';
import { dotnetModel } from './dotnet.js';
import { gradleAppliedScripts } from './jvm-modules.js';
import type { Ecosystem } from './languages.js';

const xmlParser = lazy<typeof import('fast-xml-parser')>('fast-xml-parser');
const smolToml = lazy<typeof import('smol-toml')>('smol-toml');
const parseToml = (text: string): unknown => smolToml().parse(text);

export interface Dependency {
  ecosystem: Ecosystem;
  /** Normalised package name (lower-case for Python, as written elsewhere). */
  name: string;
  spec?: string;
  /** True when the spec pins one exact version (==, exact semver, a lockable tag). */
  pinned: boolean;
  dev: boolean;
  /** Go: marked `// indirect` in go.mod (required by another module, never chosen by the project). */
  indirect?: boolean;
  manifest: string;
  line?: number;
}

/** `^5.1.0`, `~5.2`, `5.1.3` → [5, 1]; ranges without a version (latest, *, workspace:) give undefined. */
export function minorOf(spec: string | undefined): [number, number] | undefined {
  const m = /(\d+)\.(\d+)/.exec(spec ?? '') ?? /^\D*(\d+)\s*$/.exec(spec ?? '');
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

export interface Manifest {
  path: string;
  ecosystem: Ecosystem;
  type:
    | 'package.json'
    | 'deno.json'
    | 'requirements'
    | 'pyproject'
    | 'pipfile'
    | 'setup.py'
    | 'setup.cfg'
    | 'environment.yml'
    | 'go.mod'
    | 'pom.xml'
    | 'gradle'
    | 'sbt'
    | 'gemfile'
    | 'gemspec'
    | 'cargo'
    | 'composer'
    | 'mix'
    | 'csproj';
  dependencies: Dependency[];
  /**
   * python: the commands installing the package creates (console/gui scripts of `[project.scripts]`,
   * `[tool.poetry.scripts]`, setup.cfg `[options.entry_points]` or setup.py `entry_points`) and the module each runs.
   */
  commands?: { name: string; module: string; line?: number }[];
  /** Parsed raw content for manifests with structure (package.json, pyproject, Cargo, composer). */
  raw?: Record<string, unknown>;
  /** requirements: written by pip-compile or `uv pip compile`, or pinned with hashes. */
  compiled?: boolean;
  /**
   * requirements `.in`: the compiled file that pins it, when that is not the `.txt` beside it — its header's command
   * names this input, or an input (named there, or beside it) that includes it with `-r`.
   */
  compiledInto?: string;
  /** gradle: the line that turns on `dependencyLocking`. */
  lockingLine?: number;
  /**
   * cargo: a library crate (src/lib.rs, no src/main.rs, src/bin/ or `[[bin]]`), built by the crates that depend on it
   * under their own Cargo.lock.
   */
  libraryCrate?: boolean;
  /**
   * pyproject/setup.py/setup.cfg: a distribution published as a library (its classifiers say so), locked by the
   * projects that install it.
   */
  libraryDistribution?: boolean;
  /** The uv workspace root a member's view mounts only to lock the member: it declares none of its dependencies. */
  lockOnly?: boolean;
  parseError?: string;
}

/** A lockfile (or dependency-locking file) and the ecosystem it locks. */
export interface Lockfile {
  path: string;
  ecosystem: Ecosystem;
  /** The tool that writes it: npm, yarn, pnpm, bun, poetry, uv, pipenv, pdm, pip-tools, go, cargo, bundler, composer, gradle, sbt, nuget, paket. */
  tool: string;
}

export interface ManifestFacts {
  manifests: Manifest[];
  /** Lockfiles anywhere in the tree (outside tests and vendored folders). */
  lockfiles: Lockfile[];
  /** The lockfile of the manifest's ecosystem in its folder or the nearest ancestor (workspaces), if any. */
  lockFor(manifest: Manifest): Lockfile | undefined;
  byEcosystem: Map<Ecosystem, Manifest[]>;
  dependencies: Dependency[];
  /** Production (non-dev) dependency names per ecosystem. */
  declared(ecosystem: Ecosystem, name: string): Dependency | undefined;
}

const MANIFEST_NAMES: [RegExp, Manifest['type'], Ecosystem][] = [
  [/^package\.json$/, 'package.json', 'node'],
  [/^deno\.jsonc?$/, 'deno.json', 'node'],
  [/^requirements([-_.][\w.-]+)?\.(txt|in)$/i, 'requirements', 'python'],
  [/^pyproject\.toml$/, 'pyproject', 'python'],
  [/^Pipfile$/, 'pipfile', 'python'],
  [/^setup\.py$/, 'setup.py', 'python'],
  [/^setup\.cfg$/, 'setup.cfg', 'python'],
  [/^environment\.ya?ml$/, 'environment.yml', 'python'],
  [/^go\.mod$/, 'go.mod', 'go'],
  [/^pom\.xml$/, 'pom.xml', 'jvm'],
  [/^build\.gradle(\.kts)?$/, 'gradle', 'jvm'],
  [/^build\.sbt$/, 'sbt', 'jvm'],
  [/^Gemfile$/, 'gemfile', 'ruby'],
  [/^[\w.-]+\.gemspec$/, 'gemspec', 'ruby'],
  [/^Cargo\.toml$/, 'cargo', 'rust'],
  [/^composer\.json$/, 'composer', 'php'],
  [/^mix\.exs$/, 'mix', 'elixir'],
  [/^[\w.-]+\.(?:cs|fs|vb)proj$/, 'csproj', 'dotnet'],
];

export function normalisePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The last manifest text lineOf split: a manifest's dependencies are located one after another in the same text. */
let lastSplit: { text: string; lines: string[] } | undefined;

function lineOf(text: string, needle: string | RegExp): number | undefined {
  if (lastSplit?.text !== text) lastSplit = { text, lines: text.split(/\r?\n/) };
  const lines = lastSplit.lines;
  const i = lines.findIndex((l) => (typeof needle === 'string' ? l.includes(needle) : needle.test(l)));
  return i >= 0 ? i + 1 : undefined;
}

/** The last text jsonKeyLine numbered and its line starts, for the keys of one manifest found one after another. */
let lastStarts: { text: string; starts: Int32Array } | undefined;

/** The 1-based line of offset `at` in `text`, as `text.split(/\r?\n/)` numbers its lines. */
function lineAtOffset(text: string, at: number): number {
  if (lastStarts?.text !== text) lastStarts = { text, starts: lineStarts(text) };
  return lineOfOffset(lastStarts.starts, at);
}

const SPACE = /\s/;

/**
 * The first line (1-based) of a JSON text where `"key"` is followed, on the same line, by optional white space and a
 * colon: the line found by testing each line of `text.split(/\r?\n/)` with the pattern `"<key>"\s*:`, found here by a
 * string search instead of a pattern compiled for each key and tested on every line before the key's (a
 * package.json's dependencies were located that way, one pattern each: dependencies × lines). A key holding a line
 * feed is on no line, as no split line can hold it.
 */
export function jsonKeyLine(text: string, key: string): number | undefined {
  if (key.includes('\n')) return undefined;
  const needle = `"${key}"`;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
    let j = at + needle.length;
    // White space within the line: a line feed, or a carriage return before one, ends it.
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 10 || (c === 13 && text.charCodeAt(j + 1) === 10) || !SPACE.test(text[j]!)) break;
    }
    if (text.charCodeAt(j) === 58) return lineAtOffset(text, at);
  }
  return undefined;
}

const EXACT_SEMVER = /^v?\d+\.\d+\.\d+([-+][\w.-]+)?$/;

function parsePackageJson(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'node', type: 'package.json', dependencies: [] };
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    m.raw = raw;
    const groups: [string, boolean][] = [
      ['dependencies', false],
      ['optionalDependencies', false],
      ['peerDependencies', false],
      ['devDependencies', true],
    ];
    for (const [key, dev] of groups) {
      const deps = raw[key];
      if (!deps || typeof deps !== 'object') continue;
      for (const [name, spec] of Object.entries(deps as Record<string, unknown>)) {
        const s = String(spec);
        m.dependencies.push({
          ecosystem: 'node',
          name,
          spec: s,
          pinned: EXACT_SEMVER.test(s),
          dev,
          manifest: p,
          line: jsonKeyLine(text, name),
        });
      }
    }
  } catch (e) {
    m.parseError = (e as Error).message;
  }
  return m;
}

/**
 * deno.json / deno.jsonc: the import map is the project's dependency list (`"@oak/oak": "jsr:@oak/oak@^17.1.0"`,
 * `"zod": "npm:zod@3.23.8"`); a version written in full pins it.
 */
function parseDenoJson(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'node', type: 'deno.json', dependencies: [] };
  try {
    // JSONC: comments (line and block) and trailing commas.
    const raw = parseJsonc(text, [], { allowTrailingComma: true }) as Record<string, unknown> | undefined;
    if (!raw || typeof raw !== 'object') throw new Error('not a JSON object');
    m.raw = raw;
    const imports = raw.imports;
    if (imports && typeof imports === 'object')
      for (const [key, spec] of Object.entries(imports as Record<string, unknown>)) {
        const s = String(spec);
        // Local folders mapped to a prefix (`"@/": "./src/"`) are not dependencies.
        if (/^\.{0,2}\//.test(s)) continue;
        m.dependencies.push({
          ecosystem: 'node',
          name: key.replace(/\/$/, ''),
          spec: s,
          pinned: /@v?\d+\.\d+\.\d+(?:[-+][\w.-]+)?(?:\/|$)/.test(s),
          dev: false,
          manifest: p,
          line: jsonKeyLine(text, key),
        });
      }
  } catch (e) {
    m.parseError = (e as Error).message;
  }
  return m;
}

/**
 * The tasks of a deno.json / deno.jsonc (`deno task <name>`): a string, or `{ "command": "...", "dependencies": [...] }`
 * since Deno 2. The start command of a Deno project is its `start` task, as `npm start` is a package's.
 */
export function denoTasks(text: string): Record<string, string> {
  const raw = parseJsonc(text, [], { allowTrailingComma: true }) as { tasks?: unknown } | undefined;
  const out: Record<string, string> = {};
  const tasks = raw?.tasks;
  if (!tasks || typeof tasks !== 'object') return out;
  for (const [name, value] of Object.entries(tasks as Record<string, unknown>)) {
    const cmd =
      typeof value === 'string'
        ? value
        : typeof (value as { command?: unknown } | null)?.command === 'string'
          ? String((value as { command: string }).command)
          : undefined;
    if (cmd) out[name] = cmd;
  }
  return out;
}

export function parseRequirementLine(raw: string): { name: string; spec: string; pinned: boolean } | undefined {
  const line = raw
    .replace(/\s+#.*$/, '')
    .replace(/\s*\\$/, '')
    .replace(/\s+--hash=\S+/g, '')
    .trim();
  if (!line || line.startsWith('#') || line.startsWith('-')) return undefined;
  if (/^(git\+|https?:|file:|\.|\/)/.test(line)) return undefined;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(line);
  if (!m) return undefined;
  const spec = (m[3] ?? '').split(';')[0]!.trim();
  const pinned = /^===?\s*[^,*\s]+$/.test(spec) && !spec.includes('*');
  return { name: normalisePythonName(m[1]!), spec, pinned };
}

function parseRequirements(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'python', type: 'requirements', dependencies: [] };
  if (/autogenerated by pip-compile|uv pip compile|--hash=sha256:/.test(text)) m.compiled = true;
  const dev = /(dev|test|lint|doc)/i.test(path.posix.basename(p));
  const lines = text.split(/\r?\n/);
  lines.forEach((l, i) => {
    const r = parseRequirementLine(l);
    if (r)
      m.dependencies.push({
        ecosystem: 'python',
        name: r.name,
        spec: r.spec,
        // A direct reference (`pkg @ https://…/v1.2.tar.gz`) is pinned when pip checks the archive's hash.
        pinned: r.pinned || (r.spec.startsWith('@') && hashedEntry(lines, i)),
        dev,
        manifest: p,
        line: i + 1,
        ...(m.compiled && compiledVia(lines, i) === 'transitive' ? { indirect: true } : {}),
      });
  });
  return m;
}

/**
 * What a compiled requirements file's annotation under the entry at line `i` says of it: pip-compile and `uv pip
 * compile` write `# via -r requirements.in` (or the pyproject, `setup.py`) under what the project asked for, and
 * `# via kombu` under what another package pulled in. Transitive when every source named is a package.
 */
function compiledVia(lines: string[], i: number): 'direct' | 'transitive' | undefined {
  let j = i;
  while (j < lines.length && lines[j]!.trimEnd().endsWith('\\')) j++;
  const first = /^\s*#\s*via\b(.*)$/.exec(lines[j + 1] ?? '');
  if (!first) return undefined;
  const sources = [first[1]!.trim()];
  for (let k = j + 2; k < lines.length; k++) {
    const more = /^\s*#\s{2,}(\S.*)$/.exec(lines[k]!);
    if (!more) break;
    sources.push(more[1]!.trim());
  }
  const named = sources.filter(Boolean);
  if (!named.length) return undefined;
  // A package name alone (`celery`, `django-allauth`, `apache-airflow[celery]`); anything else (`-r base.in`,
  // `-c constraints.txt`, `pyproject.toml`, `setup.py`, `readthedocs (pyproject.toml)`) is the project's own choice.
  return named.every((s) => /^[A-Za-z0-9][\w.-]*(?:\[[\w,.-]+\])?$/.test(s)) ? 'transitive' : 'direct';
}

/** Whether the requirement starting at line `i` carries a `--hash=` on it or on its continuation lines. */
function hashedEntry(lines: string[], i: number): boolean {
  for (let j = i; j < lines.length; j++) {
    if (lines[j]!.includes('--hash=')) return true;
    if (!lines[j]!.trimEnd().endsWith('\\')) return false;
  }
  return false;
}

function pep508(spec: string): { name: string; spec: string; pinned: boolean } | undefined {
  return parseRequirementLine(spec);
}

function parsePyproject(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'python', type: 'pyproject', dependencies: [] };
  try {
    const raw = parseToml(text) as Record<string, any>;
    m.raw = raw;
    const add = (name: string, spec: string, pinned: boolean, dev: boolean): void => {
      m.dependencies.push({
        ecosystem: 'python',
        name: normalisePythonName(name),
        spec,
        pinned,
        dev,
        manifest: p,
        line: lineOf(text, new RegExp(`^\\s*"?${escapeRegExp(name)}\\b`, 'i')),
      });
    };
    for (const d of (raw.project?.dependencies as string[] | undefined) ?? []) {
      const r = pep508(d);
      if (r) add(r.name, r.spec, r.pinned, false);
    }
    for (const [group, list] of Object.entries(
      (raw.project?.['optional-dependencies'] as Record<string, string[]>) ?? {},
    )) {
      for (const d of list ?? []) {
        const r = pep508(d);
        if (r) add(r.name, r.spec, r.pinned, /dev|test|lint|doc/i.test(group));
      }
    }
    for (const [group, list] of Object.entries((raw['dependency-groups'] as Record<string, unknown[]>) ?? {})) {
      for (const d of list ?? []) {
        const r = typeof d === 'string' ? pep508(d) : undefined;
        if (r) add(r.name, r.spec, r.pinned, /dev|test|lint|doc/i.test(group));
      }
    }
    const poetry = raw.tool?.poetry;
    const poetryDeps = (deps: Record<string, unknown> | undefined, dev: boolean): void => {
      for (const [name, spec] of Object.entries(deps ?? {})) {
        if (name.toLowerCase() === 'python') continue;
        const s = typeof spec === 'string' ? spec : String((spec as { version?: string })?.version ?? '');
        add(name, s, /^=?\d[\w.]*$/.test(s), dev);
      }
    };
    poetryDeps(poetry?.dependencies, false);
    poetryDeps(poetry?.['dev-dependencies'], true);
    for (const [g, v] of Object.entries(
      (poetry?.group as Record<string, { dependencies?: Record<string, unknown> }>) ?? {},
    )) {
      poetryDeps(v?.dependencies, g !== 'main');
    }
    const scripts: Record<string, unknown> = {
      ...(raw.project?.scripts ?? {}),
      ...(raw.project?.['gui-scripts'] ?? {}),
      ...(poetry?.scripts ?? {}),
    };
    for (const [name, target] of Object.entries(scripts)) {
      // Poetry also takes `{ reference = "module:func", type = "console" }` (or the older `callable`).
      const ref = typeof target === 'string' ? target : ((target as any)?.reference ?? (target as any)?.callable);
      const module = typeof ref === 'string' ? SCRIPT_MODULE.exec(ref)?.[1] : undefined;
      if (module)
        (m.commands ??= []).push({
          name,
          module,
          line: lineOf(text, new RegExp(`^\\s*"?${escapeRegExp(name)}"?\\s*=`)),
        });
    }
  } catch (e) {
    m.parseError = (e as Error).message;
  }
  return m;
}

function parsePipfile(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'python', type: 'pipfile', dependencies: [] };
  try {
    const raw = parseToml(text) as Record<string, any>;
    m.raw = raw;
    for (const [key, dev] of [
      ['packages', false],
      ['dev-packages', true],
    ] as const) {
      for (const [name, spec] of Object.entries((raw[key] as Record<string, unknown>) ?? {})) {
        const s = typeof spec === 'string' ? spec : String((spec as { version?: string })?.version ?? '*');
        m.dependencies.push({
          ecosystem: 'python',
          name: normalisePythonName(name),
          spec: s,
          pinned: /^==/.test(s),
          dev,
          manifest: p,
          line: lineOf(text, new RegExp(`^\\s*"?${escapeRegExp(name)}"?\\s*=`)),
        });
      }
    }
  } catch (e) {
    m.parseError = (e as Error).message;
  }
  return m;
}

/** `module.path:function` (setuptools/PEP 621 entry point syntax); the module is what the command imports. */
const SCRIPT_MODULE = /^\s*([A-Za-z_][\w.]*)\s*:\s*[A-Za-z_][\w.]*/;
/** `name = module:function` as a setup.cfg line or a setup.py list item. */
const SCRIPT_LINE = /^\s*["']?([\w.-]+)["']?\s*=\s*["']?([A-Za-z_][\w.]*\s*:\s*[A-Za-z_][\w.]*)/;

/**
 * Console/gui scripts of setup.py (`entry_points={"console_scripts": [...]}`: Python code, read by pattern) or setup.cfg
 * (`[options.entry_points]` with `console_scripts =` and indented `name = module:func` lines: an INI file, read by line).
 */
function setupScripts(text: string, type: 'setup.py' | 'setup.cfg'): NonNullable<Manifest['commands']> {
  const out: NonNullable<Manifest['commands']> = [];
  const add = (entry: string, line: number): void => {
    const t = SCRIPT_LINE.exec(entry);
    const module = t && SCRIPT_MODULE.exec(t[2]!)?.[1];
    if (t && module) out.push({ name: t[1]!, module, line });
  };
  if (type === 'setup.py') {
    const m = /["'](?:console_scripts|gui_scripts)["']\s*:\s*\[([\s\S]*?)\]/.exec(text);
    for (const s of m?.[1]?.matchAll(/["']([^"'\n]+)["']/g) ?? []) add(s[1]!, lineOf(text, s[1]!) ?? 1);
    return out;
  }
  let section = '';
  let inScripts = false;
  text.split('\n').forEach((line, i) => {
    const h = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (h) {
      section = h[1]!.trim();
      inScripts = false;
      return;
    }
    if (section !== 'options.entry_points') return;
    const key = /^(\w+)\s*=\s*(.*)$/.exec(line);
    if (key) {
      inScripts = key[1] === 'console_scripts' || key[1] === 'gui_scripts';
      if (inScripts && key[2]) add(key[2], i + 1);
      return;
    }
    if (inScripts && /^\s+\S/.test(line)) add(line, i + 1);
  });
  return out;
}

function parseSetupPy(p: string, text: string, type: 'setup.py' | 'setup.cfg'): Manifest {
  const m: Manifest = { path: p, ecosystem: 'python', type, dependencies: [] };
  const scripts = setupScripts(text, type);
  if (scripts.length) m.commands = scripts;
  const block =
    type === 'setup.py'
      ? /install_requires\s*=\s*\[([\s\S]*?)\]/.exec(text)?.[1]
      : /install_requires\s*=\s*\n((?:[ \t]+.+\n?)*)/.exec(text)?.[1];
  if (!block) return m;
  const items =
    type === 'setup.py'
      ? [...block.matchAll(/["']([^"']+)["']/g)].map((x) => x[1]!)
      : block.split(/\n/).map((s) => s.trim());
  for (const item of items) {
    const r = parseRequirementLine(item);
    if (r) m.dependencies.push({ ecosystem: 'python', ...r, dev: false, manifest: p, line: lineOf(text, item) });
  }
  return m;
}

/** The module path the go.mod in a folder declares (`module openreplay/backend`; a quoted path unquoted). */
export function goModulePath(repo: RepoIndex, dir = '.'): string | undefined {
  const text = repo.read(dir === '.' ? 'go.mod' : `${dir}/go.mod`);
  return text ? /^module\s+(\S+)/m.exec(text)?.[1]?.replace(/^["']|["']$/g, '') : undefined;
}

/**
 * The name a Go module path gives its project: its last element, skipping the major-version suffix of semantic import
 * versioning (`github.com/acme/shop/v4` is shop, not v4).
 */
export function goModuleName(modulePath: string): string | undefined {
  const parts = modulePath.split('/').filter(Boolean);
  if (parts.length > 1 && /^v\d+$/.test(parts[parts.length - 1]!)) parts.pop();
  return parts.pop();
}

function parseGoMod(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'go', type: 'go.mod', dependencies: [] };
  let inBlock = false;
  text.split(/\r?\n/).forEach((l, i) => {
    const line = l.replace(/\/\/.*$/, '').trim();
    if (/^require\s*\($/.test(line)) {
      inBlock = true;
      return;
    }
    if (inBlock && line === ')') {
      inBlock = false;
      return;
    }
    const r = inBlock ? /^(\S+)\s+(\S+)/.exec(line) : /^require\s+(\S+)\s+(\S+)/.exec(line);
    if (r)
      m.dependencies.push({
        ecosystem: 'go',
        name: r[1]!,
        spec: r[2]!,
        pinned: true,
        dev: false,
        ...(/\/\/\s*indirect\b/.test(l) ? { indirect: true } : {}),
        manifest: p,
        line: i + 1,
      });
  });
  const mod = /^module\s+(\S+)/m.exec(text);
  if (mod) m.raw = { module: mod[1] };
  return m;
}

function parsePom(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'jvm', type: 'pom.xml', dependencies: [] };
  try {
    const xml = new (xmlParser().XMLParser)({
      ignoreAttributes: true,
      isArray: (name) => name === 'dependency' || name === 'plugin',
    }).parse(text) as Record<string, any>;
    m.raw = xml;
    const project = xml.project ?? {};
    const collect = (deps: any[] | undefined): void => {
      for (const d of deps ?? []) {
        const name = `${d.groupId}:${d.artifactId}`;
        const version = d.version !== undefined ? String(d.version) : undefined;
        // Maven versions are exact unless written as a range ([1.0,2.0)) or the LATEST/RELEASE meta-versions.
        const pinned = !version || !(/^[[(]/.test(version.trim()) || /^(LATEST|RELEASE)$/.test(version.trim()));
        m.dependencies.push({
          ecosystem: 'jvm',
          name,
          spec: version,
          pinned,
          dev: d.scope === 'test',
          manifest: p,
          line: lineOf(text, `<artifactId>${d.artifactId}</artifactId>`),
        });
      }
    };
    collect(project.dependencies?.dependency);
    const plugins = project.build?.plugins?.plugin as any[] | undefined;
    for (const pl of plugins ?? []) {
      m.dependencies.push({
        ecosystem: 'jvm',
        name: `${pl.groupId ?? 'org.apache.maven.plugins'}:${pl.artifactId}`,
        spec: pl.version ? String(pl.version) : undefined,
        pinned: true,
        dev: true,
        manifest: p,
        line: lineOf(text, `<artifactId>${pl.artifactId}</artifactId>`),
      });
    }
  } catch (e) {
    m.parseError = (e as Error).message;
  }
  return m;
}

/** A Gradle version catalog's entries by accessor (`spring.starter.actuator` for `spring-starter-actuator`). */
interface GradleCatalog {
  libraries: Map<string, { module: string; version?: string }>;
  plugins: Map<string, { id: string; version?: string }>;
}

const catalogKey = (k: string): string => k.toLowerCase().replace(/[-_.]/g, '.');
const catalogCache = new WeakMap<RepoIndex, Map<string, GradleCatalog | undefined>>();

/**
 * The version catalog a build script reads as `libs.…`: gradle/libs.versions.toml beside the script or in a folder
 * above it (the root of the multi-module build).
 */
function gradleCatalog(repo: RepoIndex, script: string): GradleCatalog | undefined {
  return catalogOf(repo, script);
}

/** The plugin id a version-catalog accessor names (`libs.plugins.spotless` → com.diffplug.spotless) for a build script. */
export function gradleCatalogPluginId(repo: RepoIndex, script: string, accessor: string): string | undefined {
  return catalogOf(repo, script)?.plugins.get(catalogKey(accessor))?.id;
}

function catalogOf(view: RepoIndex, viewScript: string): GradleCatalog | undefined {
  // A component's view holds its own folder and the modules it mounts (`../container/build.gradle`), not the build's
  // root where the catalog lives: look it up in the whole repository.
  const repo = view.wholeRepo();
  const script = view.toRepo(viewScript);
  let cache = catalogCache.get(repo);
  if (!cache) catalogCache.set(repo, (cache = new Map()));
  for (let dir = path.posix.dirname(script); ; dir = path.posix.dirname(dir)) {
    if (!cache.has(dir)) cache.set(dir, catalogIn(repo, dir));
    const hit = cache.get(dir);
    if (hit || dir === '.' || dir === '/' || dir.startsWith('..')) return hit;
  }
}

/** The catalog of the build rooted at `dir`: gradle/libs.versions.toml, and entries its settings script declares. */
function catalogIn(repo: RepoIndex, dir: string): GradleCatalog | undefined {
  const at = (f: string) => (dir === '.' ? f : `${dir}/${f}`);
  const toml = readCatalog(repo.read(at('gradle/libs.versions.toml')));
  const settings = settingsCatalog(repo.read(at('settings.gradle')) ?? repo.read(at('settings.gradle.kts')));
  if (!toml || !settings) return toml ?? settings;
  for (const [k, v] of settings.libraries) if (!toml.libraries.has(k)) toml.libraries.set(k, v);
  for (const [k, v] of settings.plugins) if (!toml.plugins.has(k)) toml.plugins.set(k, v);
  return toml;
}

/**
 * A catalog declared in the settings script (`dependencyResolutionManagement { versionCatalogs { libs {
 * library('springDocUi', 'org.springdoc', 'springdoc-openapi-starter-webmvc-ui').version(v) } } }`, or
 * `library("x", "group:artifact:1.0")`, `plugin("x", "id").version("1.0")`): what `libs.springDocUi` names.
 */
function settingsCatalog(text: string | undefined): GradleCatalog | undefined {
  const start = text?.search(/\bversionCatalogs\s*\{/) ?? -1;
  if (!text || start < 0) return undefined;
  const out: GradleCatalog = { libraries: new Map(), plugins: new Map() };
  const literal = (v: string | undefined) => (v && !v.includes('$') ? v : undefined);
  const body = text.slice(start);
  for (const m of body.matchAll(
    /\blibrary\s*\(\s*["']([\w.-]+)["']\s*,\s*["']([^"':]+)(?::([^"':]+)(?::([^"']+))?)?["'](?:\s*,\s*["']([^"']+)["'])?\s*\)(?:\s*\.\s*version\s*\(\s*["']([^"']+)["'])?/g,
  )) {
    // library('alias', 'group', 'artifact') or library('alias', 'group:artifact:version').
    const module = m[5] ? `${m[2]}:${m[5]}` : m[3] ? `${m[2]}:${m[3]}` : undefined;
    if (module) out.libraries.set(catalogKey(m[1]!), { module, version: literal(m[5] ? m[6] : (m[4] ?? m[6])) });
  }
  for (const m of body.matchAll(
    /\bplugin\s*\(\s*["']([\w.-]+)["']\s*,\s*["']([\w.-]+)["']\s*\)(?:\s*\.\s*version\s*\(\s*["']([^"']+)["'])?/g,
  ))
    out.plugins.set(catalogKey(m[1]!), { id: m[2]!, version: literal(m[3]) });
  return out.libraries.size || out.plugins.size ? out : undefined;
}

function readCatalog(text: string | undefined): GradleCatalog | undefined {
  if (text === undefined) return undefined;
  let raw: Record<string, any>;
  try {
    raw = parseToml(text) as Record<string, any>;
  } catch {
    return undefined;
  }
  const versions = (raw.versions ?? {}) as Record<string, unknown>;
  const version = (v: any): string | undefined => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      if (typeof v.ref === 'string') {
        const r = versions[v.ref];
        return typeof r === 'string' ? r : undefined;
      }
      if (typeof v.strictly === 'string') return v.strictly;
      if (typeof v.require === 'string') return v.require;
      if (typeof v.prefer === 'string') return v.prefer;
    }
    return undefined;
  };
  const out: GradleCatalog = { libraries: new Map(), plugins: new Map() };
  for (const [k, v] of Object.entries((raw.libraries ?? {}) as Record<string, any>)) {
    if (typeof v === 'string') {
      const [g, a, ver] = v.split(':');
      if (g && a) out.libraries.set(catalogKey(k), { module: `${g}:${a}`, version: ver });
      continue;
    }
    const module = typeof v?.module === 'string' ? v.module : v?.group && v?.name ? `${v.group}:${v.name}` : undefined;
    if (module) out.libraries.set(catalogKey(k), { module, version: version(v.version) });
  }
  for (const [k, v] of Object.entries((raw.plugins ?? {}) as Record<string, any>)) {
    if (typeof v === 'string') {
      const [id, ver] = v.split(':');
      if (id) out.plugins.set(catalogKey(k), { id, version: ver });
    } else if (typeof v?.id === 'string') out.plugins.set(catalogKey(k), { id: v.id, version: version(v.version) });
  }
  return out;
}

function parseGradle(p: string, text: string, catalog?: GradleCatalog): Manifest {
  const m: Manifest = { path: p, ecosystem: 'jvm', type: 'gradle', dependencies: [] };
  // Version-catalog accessors: `implementation libs.spring.starter.actuator`, `implementation(libs.ktor.server.core)`,
  // `alias(libs.plugins.spring.boot)`; a bundle (`libs.bundles.x`) is left out.
  if (catalog)
    text.split(/\r?\n/).forEach((l, i) => {
      const dep =
        /^\s*(implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly|developmentOnly|annotationProcessor|kapt|ksp)\s*\(?\s*(?:platform\s*\(\s*)?libs\.([\w.]+)/.exec(
          l,
        );
      if (dep && !/^(?:bundles|versions|plugins)\./.test(dep[2]!)) {
        const lib = catalog.libraries.get(catalogKey(dep[2]!.replace(/\.get$/, '')));
        if (lib)
          m.dependencies.push({
            ecosystem: 'jvm',
            name: lib.module,
            spec: lib.version,
            pinned: !lib.version || !/[+[\]()]|latest\./i.test(lib.version),
            dev: dep[1]!.startsWith('test'),
            manifest: p,
            line: i + 1,
          });
      }
      const plug = /^\s*alias\s*\(\s*libs\.plugins\.([\w.]+)\s*\)/.exec(l);
      const pl = plug && catalog.plugins.get(catalogKey(plug[1]!));
      if (pl)
        m.dependencies.push({
          ecosystem: 'jvm',
          name: `plugin:${pl.id}`,
          spec: pl.version,
          pinned: true,
          dev: true,
          manifest: p,
          line: i + 1,
        });
    });
  const locking = text.split(/\r?\n/).findIndex((l) => /\bdependencyLocking\b/.test(l));
  if (locking >= 0) m.lockingLine = locking + 1;
  // Configurations the build declares itself (`configurations { micronaut }`, then `micronaut "io.micronaut:…"`, which
  // the build adds to the compile classpath) hold dependencies too.
  const custom = new Set<string>();
  for (const block of text.matchAll(/\bconfigurations\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g))
    for (const c of block[1]!.matchAll(/^\s*([A-Za-z]\w*)\s*(?:\{|\/\/|$)/gm))
      if (!/^(?:all|each|create|register|named|maybeCreate|getByName)$/.test(c[1]!)) custom.add(c[1]!);
  const names = [
    'implementation',
    'api',
    'compileOnly',
    'runtimeOnly',
    'testImplementation',
    'testRuntimeOnly',
    'developmentOnly',
    'annotationProcessor',
    'kapt',
    // The configurations Gradle removed in 7.0, still in the builds of older services (`compile "org.springframework.boot:…"`).
    'compile',
    'runtime',
    'testCompile',
    'testRuntime',
    'providedCompile',
    'providedRuntime',
    ...custom,
  ];
  const configs = [...new Set(names)].join('|');
  const re = new RegExp(`^\\s*(${configs})\\s*\\(?\\s*["']([^"':]+):([^"':]+)(?::([^"']+))?["']`);
  // Map notation: `implementation group: 'org.example', name: 'core', version: '1.2'` (Groovy), or
  // `implementation(group = "org.example", name = "core", version = "1.2")` (Kotlin).
  const byMap = new RegExp(
    `^\\s*(${configs})\\s*\\(?\\s*group\\s*[:=]\\s*["']([^"']+)["']\\s*,\\s*name\\s*[:=]\\s*["']([^"']+)["'](?:\\s*,\\s*version\\s*[:=]\\s*["']([^"']+)["'])?`,
  );
  // Groovy's varargs call over several lines: `implementation(` then one `'group:artifact'` string per line, `)`.
  const opens = new RegExp(`^\\s*(${configs})\\s*\\(\\s*(?:["'][^"']*["']\\s*,\\s*)?$`);
  let open: string | undefined;
  const dependency = (config: string, group: string, artifact: string, version: string | undefined, i: number) =>
    m.dependencies.push({
      ecosystem: 'jvm',
      name: `${group}:${artifact}`,
      spec: version,
      // A version written elsewhere (`${libs.versions.spring.get()}` from a version catalog, `$kotlinVersion`)
      // is judged by what is left once the interpolation is taken out: the call's parentheses are not a range.
      pinned: !!version && !/[+[\]()]|latest\./i.test(version.replace(/\$\{[^}]*\}|\$\w+/g, '')),
      dev: config.startsWith('test'),
      manifest: p,
      line: i + 1,
    });
  text.split(/\r?\n/).forEach((l, i) => {
    if (open) {
      const coords = /^\s*["']([^"':\s]+):([^"':\s]+)(?::([^"'\s]+))?["']\s*(,?)\s*(\)?)/.exec(l);
      if (coords) dependency(open, coords[1]!, coords[2]!, coords[3], i);
      // The call ends at its closing parenthesis, or at anything that is not one more argument.
      if (coords ? coords[5] || !coords[4] : !/^\s*(?:\/\/.*|project\s*\(.*\)\s*,?)?$/.test(l)) open = undefined;
      return;
    }
    if (opens.test(l)) open = opens.exec(l)![1]!;
    const r = re.exec(l) ?? byMap.exec(l);
    if (r) dependency(r[1]!, r[2]!, r[3]!, r[4], i);
    const plugin = /^\s*id\s*\(?\s*["']([\w.-]+)["']\)?(?:\s+version\s+["']([^"']+)["'])?/.exec(l);
    if (plugin)
      m.dependencies.push({
        ecosystem: 'jvm',
        name: `plugin:${plugin[1]}`,
        spec: plugin[2],
        pinned: true,
        dev: true,
        manifest: p,
        line: i + 1,
      });
  });
  return m;
}

function parseGemfile(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'ruby', type: 'gemfile', dependencies: [] };
  // Block depth inside a development/test group: nested `do … end` blocks (platforms, install_if) stay in the group.
  let devDepth = 0;
  text.split(/\r?\n/).forEach((l, i) => {
    if (devDepth === 0 && /^\s*group\s+.*(:development|:test)\b.*\bdo\b/.test(l)) devDepth = 1;
    else if (devDepth > 0 && /\bdo\s*(\|[^|]*\|)?\s*$/.test(l)) devDepth++;
    else if (devDepth > 0 && /^\s*end\b/.test(l)) devDepth--;
    const r = /^\s*gem\s+["']([^"']+)["'](?:\s*,\s*["']([^"']+)["'])?/.exec(l);
    if (r)
      m.dependencies.push({
        ecosystem: 'ruby',
        name: r[1]!,
        spec: r[2],
        pinned: !!r[2] && /^=?\s*\d/.test(r[2]),
        dev: devDepth > 0 || /group:\s*\[?:(development|test)/.test(l),
        manifest: p,
        line: i + 1,
      });
  });
  return m;
}

function parseGemspec(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'ruby', type: 'gemspec', dependencies: [] };
  text.split(/\r?\n/).forEach((l, i) => {
    const r = /\.add_(runtime_|development_)?dependency\s*\(?\s*["']([^"']+)["'](?:\s*,\s*["']([^"']+)["'])?/.exec(l);
    if (r)
      m.dependencies.push({
        ecosystem: 'ruby',
        name: r[2]!,
        spec: r[3],
        pinned: !!r[3] && /^=?\s*\d/.test(r[3]),
        dev: r[1] === 'development_',
        manifest: p,
        line: i + 1,
      });
  });
  return m;
}

function parseCargo(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'rust', type: 'cargo', dependencies: [] };
  try {
    const raw = parseToml(text) as Record<string, any>;
    m.raw = raw;
    const add = (table: unknown, dev: boolean, header?: RegExp): void => {
      // Lines are searched below the table's header when there is one (the same crate may sit in several tables).
      const from = header ? Math.max(0, (lineOf(text, header) ?? 1) - 1) : 0;
      const lines = text.split(/\r?\n/);
      for (const [name, spec] of Object.entries((table as Record<string, unknown>) ?? {})) {
        const s =
          typeof spec === 'string'
            ? spec
            : String(
                (spec as { version?: string; workspace?: boolean })?.version ??
                  ((spec as { workspace?: boolean })?.workspace ? 'workspace' : ''),
              );
        const re = new RegExp(`^\\s*"?${escapeRegExp(name)}"?\\s*(=|\\.)`);
        const i = lines.findIndex((l, k) => k >= from && re.test(l));
        m.dependencies.push({
          ecosystem: 'rust',
          name,
          spec: s,
          pinned: /^=/.test(s),
          dev,
          manifest: p,
          line: i >= 0 ? i + 1 : lineOf(text, re),
        });
      }
    };
    add(raw.dependencies, false, /^\s*\[dependencies\]/);
    add(raw['dev-dependencies'], true, /^\s*\[dev-dependencies\]/);
    add(raw['build-dependencies'], true, /^\s*\[build-dependencies\]/);
    // [target.'cfg(unix)'.dependencies]: platform-specific production dependencies.
    for (const t of Object.values((raw.target as Record<string, any>) ?? {})) {
      if (!t || typeof t !== 'object') continue;
      add(t.dependencies, false, /^\s*\[target\./);
      add(t['dev-dependencies'], true, /^\s*\[target\./);
    }
    // A workspace root's [workspace.dependencies] only declares versions members opt into with `workspace = true`:
    // they are recorded as development-scope so that no crate counts as used by the product through them alone.
    add(raw.workspace?.dependencies, true, /^\s*\[workspace\.dependencies\]/);
  } catch (e) {
    m.parseError = (e as Error).message;
  }
  return m;
}

function parseComposer(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'php', type: 'composer', dependencies: [] };
  try {
    const raw = JSON.parse(text) as Record<string, any>;
    m.raw = raw;
    for (const [key, dev] of [
      ['require', false],
      ['require-dev', true],
    ] as const) {
      for (const [name, spec] of Object.entries((raw[key] as Record<string, string>) ?? {})) {
        m.dependencies.push({
          ecosystem: 'php',
          name,
          spec,
          pinned: EXACT_SEMVER.test(spec),
          dev,
          manifest: p,
          line: lineOf(text, `"${name}"`),
        });
      }
    }
  } catch (e) {
    m.parseError = (e as Error).message;
  }
  return m;
}

/**
 * mix.exs: the `{:name, "~> 1.0", opts}` tuples of the deps list. `only: [:dev, :test]` (or `:test`) makes a
 * development dependency; `runtime: false` tools (credo, dialyxir) stay production-scope only when `only:` is absent.
 * Umbrella apps (`in_umbrella: true`) are local.
 */
function parseMix(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'elixir', type: 'mix', dependencies: [] };
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*defp?\s+deps\b/.test(l));
  const from = start >= 0 ? start : 0;
  const body = lines.slice(from).join('\n');
  for (const d of body.matchAll(/\{\s*:(\w+)\s*,([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/g)) {
    const rest = d[2]!;
    if (/\bin_umbrella:\s*true/.test(rest)) continue;
    const spec = /^\s*"([^"]*)"/.exec(rest)?.[1];
    const only = /\bonly:\s*(\[[^\]]*\]|:\w+)/.exec(rest)?.[1];
    const dev = !!only && !/:prod\b/.test(only);
    m.dependencies.push({
      ecosystem: 'elixir',
      name: d[1]!,
      spec,
      pinned: !!spec && /^(==\s*)?\d+\.\d+\.\d+$/.test(spec),
      dev,
      manifest: p,
      line: from + 1 + body.slice(0, d.index).split('\n').length - 1,
    });
  }
  return m;
}

/** A Python distribution whose trove classifiers file it under libraries (`Topic :: Software Development :: Libraries`). */
function withLibraryClassifier(m: Manifest, text: string): Manifest {
  if (/(?:["']|^\s*)Topic :: Software Development :: Libraries\b/m.test(text)) m.libraryDistribution = true;
  return m;
}

function parseManifest(repo: RepoIndex, p: string, type: Manifest['type'], ecosystem: Ecosystem): Manifest {
  const text = repo.read(p);
  if (text === undefined) return { path: p, ecosystem, type, dependencies: [], parseError: 'unreadable' };
  switch (type) {
    case 'package.json':
      return parsePackageJson(p, text);
    case 'deno.json':
      return parseDenoJson(p, text);
    case 'requirements':
      return parseRequirements(p, text);
    case 'pyproject':
      return withLibraryClassifier(parsePyproject(p, text), text);
    case 'pipfile':
      return parsePipfile(p, text);
    case 'setup.py':
    case 'setup.cfg':
      return withLibraryClassifier(parseSetupPy(p, text, type), text);
    case 'environment.yml':
      return { path: p, ecosystem, type, dependencies: [] };
    case 'go.mod':
      return parseGoMod(p, text);
    case 'pom.xml':
      return parsePom(p, text);
    case 'gradle': {
      const m = parseGradle(p, text, gradleCatalog(repo, p));
      // Scripts the build applies (`apply from: 'dependencies.gradle'`) declare the module's dependencies too.
      for (const script of gradleAppliedScripts(repo, p)) {
        const applied = repo.read(script);
        if (applied) m.dependencies.push(...parseGradle(script, applied, gradleCatalog(repo, p)).dependencies);
      }
      return m;
    }
    case 'sbt': {
      const m = parseSbt(p, text);
      // The build's own Scala sources under project/ (`object Dependencies { val catsCore = "org.typelevel" %% … }`,
      // imported by build.sbt) declare module IDs too.
      const dir = path.posix.dirname(p);
      const projectDir = dir === '.' ? 'project/' : `${dir}/project/`;
      for (const f of repo.files) {
        if (!f.path.startsWith(projectDir) || !/^[^/]+\.scala$/.test(f.path.slice(projectDir.length))) continue;
        const defined = repo.read(f.path);
        if (defined) m.dependencies.push(...parseSbt(f.path, defined).dependencies);
      }
      return m;
    }
    case 'gemfile':
      return parseGemfile(p, text);
    case 'gemspec':
      return parseGemspec(p, text);
    case 'cargo': {
      const m = parseCargo(p, text);
      const dir = path.posix.dirname(p);
      const prefix = dir === '.' ? '' : `${dir}/`;
      if (
        repo.has(`${prefix}src/lib.rs`) &&
        !repo.has(`${prefix}src/main.rs`) &&
        !repo.hasDir(`${prefix}src/bin`) &&
        !/^\s*\[\[bin\]\]/m.test(text)
      )
        m.libraryCrate = true;
      return m;
    }
    case 'composer':
      return parseComposer(p, text);
    case 'mix':
      return parseMix(p, text);
    case 'csproj':
      return parseProjectFile(repo, p);
  }
}

/**
 * A .NET project file: its package references (versions from Directory.Packages.props under central package
 * management), analyzers and build tools (PrivateAssets="all") and test projects as development dependencies.
 * NuGet versions are exact unless floating (`8.*`) or ranges (`[1.0,2.0)`).
 */
function parseProjectFile(repo: RepoIndex, p: string): Manifest {
  const project = dotnetModel(repo).projects.find((x) => x.path === p);
  const m: Manifest = { path: p, ecosystem: 'dotnet', type: 'csproj', dependencies: [] };
  if (!project) {
    m.parseError = 'not an MSBuild project file';
    return m;
  }
  m.raw = { sdk: project.sdk, kind: project.kind, props: project.props };
  for (const ref of project.packages)
    m.dependencies.push({
      ecosystem: 'dotnet',
      name: ref.name,
      spec: ref.version,
      pinned: !!ref.version && /^\[?\d[\w.-]*\]?$/.test(ref.version) && !ref.version.includes(','),
      dev: ref.privateAssets || project.kind === 'test',
      manifest: ref.file === p ? p : ref.file,
      line: ref.line,
    });
  return m;
}

const LOCKFILE_NAMES: [RegExp, Ecosystem, string][] = [
  [/^package-lock\.json$/, 'node', 'npm'],
  [/^npm-shrinkwrap\.json$/, 'node', 'npm'],
  [/^yarn\.lock$/, 'node', 'yarn'],
  [/^pnpm-lock\.ya?ml$/, 'node', 'pnpm'],
  [/^bun\.lockb?$/, 'node', 'bun'],
  [/^deno\.lock$/, 'node', 'deno'],
  [/^poetry\.lock$/, 'python', 'poetry'],
  [/^uv\.lock$/, 'python', 'uv'],
  [/^Pipfile\.lock$/, 'python', 'pipenv'],
  [/^pdm\.lock$/, 'python', 'pdm'],
  [/^pylock(\.[\w-]+)?\.toml$/, 'python', 'pylock'],
  [/^conda-lock\.ya?ml$/, 'python', 'conda-lock'],
  [/^go\.sum$/, 'go', 'go'],
  [/^Cargo\.lock$/, 'rust', 'cargo'],
  [/^Gemfile\.lock$/, 'ruby', 'bundler'],
  [/^composer\.lock$/, 'php', 'composer'],
  [/^mix\.lock$/, 'elixir', 'mix'],
  [/^gradle\.lockfile$/, 'jvm', 'gradle'],
  [/^buildscript-gradle\.lockfile$/, 'jvm', 'gradle'],
  [/^build\.sbt\.lock$/, 'jvm', 'sbt'],
  [/^packages\.lock\.json$/, 'dotnet', 'nuget'],
  // Paket resolves every group of paket.dependencies into paket.lock (exact versions, transitive ones too).
  [/^paket\.lock$/, 'dotnet', 'paket'],
];

export function detectManifests(repo: RepoIndex): ManifestFacts {
  const manifests: Manifest[] = [];
  const lockfiles: Lockfile[] = [];
  for (const f of repo.files) {
    if (f.isTest) continue;
    const base = path.posix.basename(f.path);
    const hit =
      MANIFEST_NAMES.find((name) => name[0].test(base)) ??
      (/(^|\/)requirements\/[\w.-]+\.(txt|in)$/.test(f.path) ? ([/./, 'requirements', 'python'] as const) : undefined);
    if (hit) {
      const m = parseManifest(repo, f.path, hit[1], hit[2]);
      // The uv workspace root a member's view mounts to lock it (`../pyproject.toml`): the root project (its
      // dependencies, its scripts) is not the member's.
      const root = m.raw as { tool?: { uv?: { workspace?: unknown } } } | undefined;
      if (f.path.startsWith('../') && root?.tool?.uv?.workspace) {
        m.dependencies = [];
        m.raw = { tool: root.tool };
        m.lockOnly = true;
      }
      manifests.push(m);
    }
    const lock = LOCKFILE_NAMES.find((name) => name[0].test(base));
    if (lock) lockfiles.push({ path: f.path, ecosystem: lock[1], tool: lock[2] });
  }
  markCompiledInputs(repo, manifests);
  // A component's view lists the workspace root's lockfile under `../` (src/repo/view.ts): the walk goes on up there.
  const outsideDepth = Math.max(0, ...lockfiles.map((l) => l.path.match(/^(\.\.\/)+/)?.[0].length ?? 0)) / 3;
  const lockFor = (m: Manifest): Lockfile | undefined => {
    let dir = path.posix.dirname(m.path);
    for (let up = 0; ; ) {
      const d = dir;
      const hit = lockfiles.find((l) => l.ecosystem === m.ecosystem && path.posix.dirname(l.path) === d);
      if (hit) return hit;
      if (dir === '.' || dir.startsWith('..')) {
        if (++up > outsideDepth) return undefined;
        dir = up === 1 ? '..' : `${dir}/..`;
      } else dir = path.posix.dirname(dir);
    }
  };
  const byEcosystem = new Map<Ecosystem, Manifest[]>();
  for (const m of manifests) byEcosystem.set(m.ecosystem, [...(byEcosystem.get(m.ecosystem) ?? []), m]);
  const dependencies = manifests.flatMap((m) => m.dependencies);
  const index = new Map<string, Dependency>();
  for (const d of dependencies) {
    const key = `${d.ecosystem}:${d.ecosystem === 'python' ? normalisePythonName(d.name) : d.name}`;
    if (!index.has(key) || (index.get(key)!.dev && !d.dev)) index.set(key, d);
  }
  return {
    manifests,
    lockfiles,
    lockFor,
    byEcosystem,
    dependencies,
    declared: (eco, name) => index.get(`${eco}:${eco === 'python' ? normalisePythonName(name) : name}`),
  };
}

/**
 * Marks each pip-compile input pinned by a compiled file kept elsewhere (`requirements/generated/prod.txt` whose header
 * reads `pip-compile --output-file=… requirements/source/prod.in`), and the inputs it, or the input beside a compiled
 * file, includes with `-r`.
 */
function markCompiledInputs(repo: RepoIndex, manifests: Manifest[]): void {
  const inputs = new Map(manifests.filter((m) => m.path.endsWith('.in')).map((m) => [m.path, m]));
  if (!inputs.size) return;
  for (const out of manifests) {
    if (!out.compiled || !out.path.endsWith('.txt')) continue;
    const header = /^#\s+(?:pip-compile|uv\s+pip\s+compile)\b.*$/m.exec(repo.read(out.path) ?? '')?.[0] ?? '';
    // The header may name a wrapper script (`# ./docker/compile_requirements.sh`) rather than the input beside it.
    const named = [...header.matchAll(/\s([\w./-]+\.in)\b/g)].map((m) => path.posix.normalize(m[1]!));
    const queue = [out.path.replace(/\.txt$/, '.in'), ...named];
    while (queue.length) {
      const input = inputs.get(queue.shift()!);
      if (!input || input.compiledInto) continue;
      input.compiledInto = out.path;
      const dir = path.posix.dirname(input.path);
      for (const m of (repo.read(input.path) ?? '').matchAll(/^\s*(?:-r|--requirement)[=\s]\s*(\S+\.in)\s*$/gm))
        queue.push(path.posix.join(dir, m[1]!));
    }
  }
}

/**
 * Folders of the local Python projects the uv project in `dir` depends on, directly or through each other (not under
 * `dir`): `[tool.uv.sources]` entries with a `path`, or `workspace = true` for a member of its workspace found by its
 * `[project] name`. Like a Cargo path crate, such a project is installed into the program's environment.
 */
export function uvLocalSources(repo: RepoIndex, dir: string): string[] {
  const pyproject = (d: string) => (d === '.' ? 'pyproject.toml' : `${d}/pyproject.toml`);
  const rawOf = (d: string): Record<string, any> | undefined => {
    try {
      return parseToml(repo.read(pyproject(d)) ?? '') as Record<string, any>;
    } catch {
      return undefined;
    }
  };
  let byName: Map<string, string> | undefined;
  const memberNamed = (name: string): string | undefined => {
    byName ??= new Map(
      repo
        .byName(/^pyproject\.toml$/)
        .map((f) => [rawOf(path.posix.dirname(f.path))?.project?.name, path.posix.dirname(f.path)] as const)
        .filter((e): e is [string, string] => typeof e[0] === 'string')
        .map(([n, d]) => [normalisePythonName(n), d]),
    );
    return byName.get(normalisePythonName(name));
  };
  const out: string[] = [];
  const seen = new Set([dir]);
  const queue = [dir];
  while (queue.length) {
    const d = queue.shift()!;
    const sources = rawOf(d)?.tool?.uv?.sources;
    if (!sources || typeof sources !== 'object') continue;
    for (const [name, src] of Object.entries(sources as Record<string, any>)) {
      const to =
        typeof src?.path === 'string'
          ? path.posix.normalize(path.posix.join(d, src.path))
          : src?.workspace === true
            ? memberNamed(name)
            : undefined;
      if (!to || seen.has(to) || to.startsWith('..') || !repo.has(pyproject(to))) continue;
      seen.add(to);
      queue.push(to);
      if (!isUnder(to, dir)) out.push(to);
    }
  }
  return out;
}

/** A workspace `members`/`exclude` glob (`crates/*`, `packages/**`) matched against a path relative to the root. */
function memberGlob(glob: string): RegExp {
  const clean = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  const body = clean
    .split(/(\*\*|\*|\?)/)
    .map((p) => (p === '**' ? '.*' : p === '*' ? '[^/]*' : p === '?' ? '[^/]' : escapeRegExp(p)))
    .join('');
  return new RegExp(`^${body}$`);
}

/**
 * What an Elixir umbrella app takes from its umbrella: the lock file and configuration its mix.exs points to
 * (`lockfile: "../../mix.lock"`, `config_path: "../../config/config.exs"`, whose folder holds runtime.exs), and the
 * umbrella's mix.exs beside that lock file.
 */
export function mixUmbrellaFiles(repo: RepoIndex, dir: string): string[] {
  if (dir === '.') return [];
  const mix = repo.read(`${dir}/mix.exs`);
  if (!mix) return [];
  const out: string[] = [];
  for (const [key, folder] of [
    ['lockfile', false],
    ['config_path', true],
  ] as const) {
    const rel = new RegExp(`\\b${key}:\\s*"([\\w./-]+)"`).exec(mix)?.[1];
    if (!rel) continue;
    const file = path.posix.normalize(path.posix.join(dir, rel));
    if (file.startsWith('..') || !repo.has(file)) continue;
    out.push(folder ? path.posix.dirname(file) : file);
    // The umbrella's own mix.exs beside the lock file declares the releases the apps ship in.
    const umbrella = path.posix.join(path.posix.dirname(file), 'mix.exs');
    if (!folder && /\bapps_path:/.test(repo.read(umbrella) ?? '')) out.push(umbrella);
  }
  return out;
}

/**
 * The files of the TOML workspaces (uv `[tool.uv.workspace]`, Cargo `[workspace]`) that lock a member folder: the
 * workspace root's manifest and its lockfile (uv.lock, Cargo.lock), which sit in an ancestor folder. A member has no
 * lockfile of its own — `uv lock` and `cargo` write one for the whole workspace. Node workspaces are read by
 * workspaceFolders (components.ts).
 */
export function tomlWorkspaceLocks(repo: RepoIndex, dir: string): string[] {
  const out: string[] = [];
  if (dir === '.') return out;
  for (let root = path.posix.dirname(dir); ; root = path.posix.dirname(root)) {
    const rel = root === '.' ? dir : dir.slice(root.length + 1);
    const at = (f: string) => (root === '.' ? f : `${root}/${f}`);
    for (const [manifest, lock, pick] of [
      ['pyproject.toml', 'uv.lock', (raw: any) => raw?.tool?.uv?.workspace],
      ['Cargo.toml', 'Cargo.lock', (raw: any) => raw?.workspace],
    ] as const) {
      if (!repo.has(at(manifest))) continue;
      let ws: { members?: unknown; exclude?: unknown } | undefined;
      try {
        ws = pick(parseToml(repo.read(at(manifest)) ?? '') as Record<string, any>);
      } catch {
        continue;
      }
      const globs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
      if (!globs(ws?.members).some((g) => memberGlob(g).test(rel))) continue;
      if (globs(ws?.exclude).some((g) => memberGlob(g).test(rel))) continue;
      out.push(at(manifest));
      if (repo.has(at(lock))) out.push(at(lock));
    }
    if (root === '.') return out;
  }
}

/**
 * build.sbt: module IDs written `"group" %% "artifact" % "1.2.3"` (`%%%` for Scala.js), the version a literal or a
 * `val` of the same file (`% pekkoVersion`, or `% V.http4s` from an `object V` of versions); a `% Test` or `% "test"`
 * configuration makes it a test dependency.
 */
function parseSbt(p: string, text: string): Manifest {
  const m: Manifest = { path: p, ecosystem: 'jvm', type: 'sbt', dependencies: [] };
  const vals = new Map(
    [...text.matchAll(/^\s*(?:lazy\s+)?val\s+(\w+)\s*=\s*"([^"\n]+)"/gm)].map((v) => [v[1]!, v[2]!] as const),
  );
  text.split(/\r?\n/).forEach((l, i) => {
    if (/^\s*\/\//.test(l)) return;
    for (const d of l.matchAll(
      /"([\w.-]+)"\s*%{1,3}\s*"([\w.-]+)"\s*%\s*(?:"([^"]+)"|(?:\w+\.)?(\w+))(?:\s*%\s*(?:"(\w+)"|(\w+)))?/g,
    )) {
      const version = d[3] ?? vals.get(d[4]!);
      const config = (d[5] ?? d[6] ?? '').toLowerCase();
      m.dependencies.push({
        ecosystem: 'jvm',
        name: `${d[1]}:${d[2]}`,
        spec: version,
        pinned: !!version && !/[+[\]()]|latest\./i.test(version),
        dev: config === 'test' || config === 'it',
        manifest: p,
        line: i + 1,
      });
    }
  });
  return m;
}

/**
 * The version a Gradle dependency names through a property (`"io.ktor:ktor-server-core:$ktorVersion"`): the value
 * its build script gives the name (`val ktorVersion = "3.1.2"`, `ext.ktorVersion = '2.3.4'`), else a gradle.properties
 * of the script's folder or an enclosing one (`ktor_version=3.0.3`, read by `val ktor_version: String by project`).
 * A literal spec is returned as it is.
 */
export function gradleSpecValue(repo: RepoIndex, dep: Dependency): string | undefined {
  const name = /^\$\{?(\w+)\}?$/.exec(dep.spec ?? '')?.[1];
  if (!name) return dep.spec;
  const key = escapeRegExp(name);
  const own = new RegExp(`\\b${key}\\s*=\\s*["']([^"'$]+)["']`).exec(repo.read(dep.manifest) ?? '');
  if (own) return own[1];
  for (let dir = path.posix.dirname(dep.manifest); ; dir = path.posix.dirname(dir)) {
    const props = repo.read(dir === '.' ? 'gradle.properties' : `${dir}/gradle.properties`) ?? '';
    const m = new RegExp(`^\\s*${key}\\s*[=:]\\s*([^\\s$]+)`, 'm').exec(props);
    if (m) return m[1];
    if (dir === '.' || dir === '/' || dir === '') return undefined;
  }
}
