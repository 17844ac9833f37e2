// What committed environment files and configuration documents say: their entries, the .gitignore rule for .env
// files, a start-up guard against placeholder values, and the other places a project lists its variables.
import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { TOOLING_SEGMENT } from '../repo/classify.js';
import {
  CONFIG_SAMPLE,
  ENV_EXAMPLE,
  type EnvEntry,
  isDevEnvFile,
  isRealEnvFile,
  looksSecret,
  parseEnvLines,
} from './env-files.js';
import { GO_CONFIG_SOURCE } from './config.js';
import { isDevComposeFile } from './compose.js';
import type { Facts } from './index.js';
import { inExampleFolder } from './k8s.js';

export interface EnvLine {
  path: string;
  line: number;
}

/** A guide naming environment variables: the first line each is named on. */
export interface DocumentedVars {
  path: string;
  names: Map<string, number>;
}

export interface EnvContentFacts {
  /** The entries of an env-like file (dotenv, `export KEY=value`, YAML `key: value`); memoized. */
  entries(p: string): EnvEntry[];
  /**
   * Variables an example file shows commented out with their defaults (`# APP_PORT=80`): documented, not set. Only
   * upper-case names, so prose comments (`# Example: a,b`) are not read as variables.
   */
  commented(p: string): EnvEntry[];
  /** Env example files (.env.example, example.env …), shallowest first. */
  examples: string[];
  /** Annotated configuration samples (config.yml.example …). */
  samples: string[];
  /** The root .gitignore line that ignores .env files. */
  gitignored?: EnvLine;
  /**
   * Where a development stack loads a development-named env file (isDevEnvFile): the `env_file:` of a service in a
   * development compose file, or a `--env-file <it>` command (a CI job or a guide starting the development compose).
   */
  devStackLoader(p: string): EnvLine | undefined;
  /** Source code that refuses a placeholder value (change-me, placeholder, insecure) at start-up. */
  placeholderGuard(): EnvLine | undefined;
  /** The first guide (README, docs) naming at least three variables in a table, a list or a fenced sample .env. */
  documentedVars(): DocumentedVars | undefined;
  /**
   * The first guide section on configuration (a heading naming configuration, settings or options, its subsections
   * included) that lists at least five settings-file keys, each with its meaning (`* \`log_level\` (type: string) —
   * …`, `| \`inet\` | … |`): the reference of a service configured by a file. Failing that, a fenced TOML, YAML or INI
   * sample of the settings file (at least five keys) that a guide introduces as the configuration file to write
   * (`sample`: the keys are shown with values, their meaning left to the prose).
   */
  documentedSettings(): { path: string; line: number; count: number; sample?: boolean } | undefined;
  /** A real env file outside tests with at least three entries, none secret-looking: the example, as some templates ship it. */
  placeholderEnv(): { path: string; entries: EnvEntry[]; annotated?: boolean } | undefined;
  /** A Spring application config naming an environment variable (`${VAR:default}`). */
  springPlaceholder(): EnvLine | undefined;
  /** Rust config crate: the call loading layered files, and the committed settings files it can load. */
  layeredConfig(): { load: EnvLine; files: string[] } | undefined;
}

/** An env sample a test suite loads: `.env.test.example`, `.env.e2e.sample`, one under `e2e/`, `tests/`, `cypress/`. */
const TEST_SAMPLE =
  /(?:^|\/)\.?env\.(?:test|testing|e2e|ci)[._-]|(?:^|\/)(?:e2e|tests?|__tests__|cypress|playwright)\//i;

/** Conventional example names looked for in the folders above a component (a view lists only its own files). */
const ANCESTOR_EXAMPLES = [
  '.env.example',
  '.env.sample',
  '.env.template',
  '.env.tmpl',
  '.env.tpl',
  '.env.dist',
  'example.env',
  'env.example',
];

/** A markdown table row or list item naming an environment variable: `| DATABASE_URL | ...` or `- \`API_KEY\`: ...`. */
const DOC_VAR = /^\s*(?:\|\s*`?|[-*]\s+`)([A-Z][A-Z0-9]*_[A-Z0-9_]+)`?\s*(?:\||`?\s*[:—–-])/;
export const MIN_DOCUMENTED_VARS = 3;

const once = <T>(fn: () => T): (() => T) => {
  let v: { value: T } | undefined;
  return () => (v ??= { value: fn() }).value;
};

export function detectEnvContents(repo: RepoIndex, facts: Facts): EnvContentFacts {
  const parsed = new Map<string, EnvEntry[]>();
  const entries = (p: string): EnvEntry[] => {
    let e = parsed.get(p);
    if (!e) parsed.set(p, (e = parseEnvLines(repo.read(p) ?? '')));
    return e;
  };
  // A component's view also sees the env files of the folders above it (the repository root's .env.example or
  // placeholder .env that the compose stack and every service read), nearest first, after its own.
  const above = (names: string[]): string[] => {
    const depth = repo.base === '.' ? 0 : repo.base.split('/').length;
    const out: string[] = [];
    for (let k = 1; k <= depth; k++)
      for (const n of names) if (repo.has(`${'../'.repeat(k)}${n}`)) out.push(`${'../'.repeat(k)}${n}`);
    return out;
  };
  // A test suite's sample (`.env.test.example`, `e2e/.env.example`, an API collection's `test/Bruno/.env.sample`) lists
  // what the tests need, not what the service runs with: the service's own samples, then those above it.
  // CodeIgniter 4 ships its sample as `env` beside the `spark` command, copied to .env and edited.
  const own = repo.files
    .filter((f) => ENV_EXAMPLE.test(path.posix.basename(f.path)) || codeIgniterEnvSample(repo, f.path))
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length)
    .map((f) => f.path);
  const examples = [...own.filter((p) => !TEST_SAMPLE.test(p)), ...above(ANCESTOR_EXAMPLES)];
  // A test harness's configuration template (`…test/models/perf/configs/ctrl.yml.tmpl`) configures the tests, one in a
  // tooling folder (`hack/install-config.yaml.template`, a CI cluster's) the tooling. A Kubernetes object named as a
  // sample (an operator's `docs/snippets/generator-acr-example.yaml`, a resource to copy) is a resource of the API the
  // service manages, not its own settings. One in a hidden folder (`.dockerdev/.claude.json.example`, `.devcontainer/`)
  // configures a developer's environment or tools.
  const k8sObjects = new Set(facts.k8s.manifests);
  const ownSample = (p: string): boolean =>
    CONFIG_SAMPLE.test(path.posix.basename(p)) &&
    !k8sObjects.has(p) &&
    !productInputExample(p) &&
    !p
      .split('/')
      .slice(0, -1)
      .some((seg) => TOOLING_SEGMENT.test(seg) || seg.startsWith('.'));
  const samples = [
    ...repo.files.filter((f) => !f.isTest && ownSample(f.path)).map((f) => f.path),
    ...repo.files.filter((f) => !f.isTest && annotatedDefaults(repo, f.path)).map((f) => f.path),
  ];
  for (const p of annotatedConfigRead(repo, facts)) if (!samples.includes(p)) samples.push(p);
  const ignore = repo.grepFirst(/^\s*\/?\*?\.env\b/, { paths: ['.gitignore'] });
  // `--env-file x` flags anywhere in the repository, searched once per audit whichever env file is asked about.
  const envFileFlags = once(() => repo.grep(/--env-file[= ]+["']?([\w./-]+)/));
  return {
    entries,
    commented: (p: string) => commentedIn((repo.read(p) ?? '').split(/\r?\n/)),
    examples,
    samples,
    ...(ignore ? { gitignored: { path: ignore.path, line: ignore.line } } : {}),
    devStackLoader: (p: string) => {
      if (!isDevEnvFile(p)) return undefined;
      for (const svc of facts.compose.services)
        for (const e of svc.envFiles)
          if (e.path === p && isDevComposeFile(svc.file)) return { path: svc.file, line: e.line };
      const flag = envFileFlags().find(
        (h) => path.posix.normalize(h.groups[1]!) === p || h.groups[1]!.endsWith(`/${p}`),
      );
      return flag && { path: flag.path, line: flag.line };
    },
    placeholderGuard: once(() => {
      const guard = repo
        .grep(/\b(change-?(me|this|it)|placeholder|insecure)\b/i, { kinds: ['source'], limit: 50 })
        .find((h) =>
          /\b(raise|throw|panic|fatal|exit|abort|assert|ImproperlyConfigured)\b/i.test(
            repo
              .lines(h.path)
              .slice(Math.max(0, h.line - 3), h.line + 6)
              .join('\n'),
          ),
        );
      return guard && { path: guard.path, line: guard.line };
    }),
    documentedSettings: once(() => {
      const docs = repo
        .select({ include: ['**/*.{md,mdx,rst,adoc}', '**/README*'] })
        .filter((f) => facts.docs.has(f.path) && facts.docs.classify(f.path).role === 'guide');
      for (const f of docs) {
        const found = documentedKeys(repo, f.path);
        if (found) return { path: f.path, ...found };
      }
      for (const f of docs) {
        const found = sampleSettingsBlock(repo, f.path);
        if (found) return { path: f.path, ...found, sample: true };
      }
      return undefined;
    }),
    documentedVars: once(() => {
      const own = documentedIn(repo, facts);
      if (own || !facts.scope) return own;
      // A component's variables documented in the repository's docs outside its folder (a docs site beside the
      // backend): the table must name variables the component's code reads.
      // The first such document, not merely the first document listing variables (a CI script's README may come first).
      const parent = facts.scope.parent;
      const code = facts.code
        .grep(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/, {})
        .map((h) => h.text)
        .join('\n');
      const readsTwo = (d: DocumentedVars) =>
        [...d.names.keys()].filter((n) => new RegExp(`\\b${n}\\b`).test(code)).length >= 2;
      const elsewhere = documentedIn(parent.repo, parent, readsTwo);
      return elsewhere ? { path: repo.fromRepo(elsewhere.path), names: elsewhere.names } : undefined;
    }),
    placeholderEnv: once(() => {
      const own = repo.files.filter((x) => isRealEnvFile(x.path) && !x.isTest).map((x) => x.path);
      for (const p of [...own, ...above(['.env'])]) {
        const es = entries(p);
        if (es.length >= MIN_DOCUMENTED_VARS && !es.some((e) => looksSecret(e.key, e.value)))
          return { path: p, entries: es };
      }
      // A committed .env written as the operator's sample: a comment above most variables, set or shown commented
      // out (`# Default value: admin` / `export APP_ADMIN_USER=admin`). It documents the settings even when it also
      // sets a default password (security.secrets and config.no-committed-env judge that).
      for (const p of [...own, ...above(['.env'])]) {
        const lines = (repo.read(p) ?? '').split(/\r?\n/);
        const vars = [...entries(p), ...commentedIn(lines)];
        const explained = vars.filter((v) => {
          const prev = lines[v.line - 2] ?? '';
          return /^\s*#/.test(prev) && !/^\s*#+\s*(?:export\s+)?[A-Z][A-Z0-9_]*=/.test(prev);
        });
        if (vars.length >= MIN_DOCUMENTED_VARS && explained.length * 3 >= vars.length * 2)
          return { path: p, entries: vars, annotated: true };
      }
      return undefined;
    }),
    springPlaceholder: once(() => {
      const m = repo.grepFirst(/\$\{[A-Z][A-Z0-9_]+(:[^}]*)?\}/, {
        include: '**/src/main/resources/application*.{properties,yml,yaml}',
      });
      return m && { path: m.path, line: m.line };
    }),
    layeredConfig: once(() => {
      const layered = facts.code.grep(
        /\bconfig::File::(?:with_name|from)\s*\(|\bFile::with_name\s*\(|\bFile::from\s*\([^)]*\.join\s*\(|\bToml::file\s*\(|\bYaml::file\s*\(/,
        { languages: ['rust'] },
      )[0];
      if (!layered) return viperConfigFile(repo, facts) ?? goSettingsFile(repo, facts);
      const files = repo.files
        .filter(
          (f) =>
            /(^|\/)(?:config|configuration|settings)\/[\w.-]+\.(?:ya?ml|toml|json)$|(^|\/)(?:Rocket|config|settings|App)\.toml$/.test(
              f.path,
            ) &&
            !f.isTest &&
            !/(^|\/)\.cargo\//.test(f.path),
        )
        .map((f) => f.path);
      return files.length ? { load: { path: layered.path, line: layered.line }, files } : undefined;
    }),
  };
}

/**
 * Go viper: the settings file the service looks up by name (`viper.SetConfigName(configName)` with `configName =
 * "app"`) committed with every setting (`app.json`, `app.yaml`), which environment variables override.
 */
function viperConfigFile(repo: RepoIndex, facts: Facts): { load: EnvLine; files: string[] } | undefined {
  const call = facts.code.grep(/\bviper\.SetConfigName\s*\(\s*(?:"([\w.-]+)"|(\w+))\s*\)/, {
    languages: ['go'],
    kinds: ['source'],
  })[0];
  if (!call) return undefined;
  const name =
    call.groups[1] ||
    new RegExp(`\\b${call.groups[2]}\\s*=\\s*"([\\w.-]+)"`).exec(facts.code.text(call.path) ?? '')?.[1];
  if (!name) return undefined;
  const files = repo.files
    .filter((f) => !f.isTest && new RegExp(`(?:^|/)${escapeRegExp(name)}\\.(?:json|ya?ml|toml|env)$`).test(f.path))
    .map((f) => f.path);
  return files.length ? { load: { path: call.path, line: call.line }, files } : undefined;
}

/**
 * Go: the settings file the service loads by a literal name (`flag.String("config", "./config/local.yml", …)` read
 * with os.ReadFile, `cleanenv.ReadConfig(dir+"/config.yml", cfg)`, `godotenv.Load("app.env")`), committed with every
 * setting, which environment variables override. The file at that path from the root, else every committed file of
 * that name (one per command: `cmd/api/config.yml`, `cmd/worker/config.yml`).
 */
function goSettingsFile(repo: RepoIndex, facts: Facts): { load: EnvLine; files: string[] } | undefined {
  const calls = facts.code.grep(
    /\b(?:cleanenv\.ReadConfig|os\.ReadFile|ioutil\.ReadFile|flag\.String|viper\.SetConfigFile|godotenv\.(?:Load|Overload|Read))\s*\([^)\n]*"((?:\.?\/)?[\w./-]*\.(?:ya?ml|toml|json|env))"/,
    { languages: ['go'], kinds: ['source'] },
  );
  for (const call of calls) {
    if (!facts.liveness.isProductionPath(call.path)) continue;
    const literal = call.groups[1]!.replace(/^\.?\//, '');
    const base = literal.split('/').pop()!;
    const committed = repo.files.filter((f) => !f.isTest && f.kind !== 'source');
    const exact = committed.filter((f) => f.path === literal);
    const files = (exact.length ? exact : committed.filter((f) => f.path.split('/').pop() === base)).map((f) => f.path);
    if (files.length) return { load: { path: call.path, line: call.line }, files };
  }
  return goSettingsDirectory(repo, facts);
}

/**
 * Go: the settings folder a config source reads whole (Kratos' `flag.StringVar(&flagconf, "conf", "../../configs", …)`
 * handed to `config.New(config.WithSource(file.NewSource(flagconf)))`, go-micro's file source), named by the flag's
 * default. The default is relative to where the command is started; Kratos' layout starts it in its own folder
 * (`cmd/server`), so the folder is looked up from the command's file first, then from the root. The committed
 * settings files directly inside it are the sample.
 */
function goSettingsDirectory(repo: RepoIndex, facts: Facts): { load: EnvLine; files: string[] } | undefined {
  const calls = facts.code.grep(
    /\bflag\.String(?:Var)?\s*\([^)\n]*"(?:conf|config|configs|conf-dir|config-dir)"\s*,\s*"([\w./-]+)"/,
    {
      languages: ['go'],
      kinds: ['source'],
    },
  );
  for (const call of calls) {
    if (!facts.liveness.isProductionPath(call.path)) continue;
    // The file reads a config source (config.ts records it, with its import checked).
    if (!facts.config.reads.some((r) => r.path === call.path && r.via === GO_CONFIG_SOURCE)) continue;
    const literal = call.groups[1]!.replace(/\/+$/, '');
    if (/\.(?:ya?ml|toml|json|env)$/.test(literal)) continue;
    for (const dir of [path.posix.join(path.posix.dirname(call.path), literal), path.posix.normalize(literal)]) {
      // A default of `.` (or one resolving to the root) would make every root yaml/json file a settings sample.
      if (dir.startsWith('..') || dir === '.') continue;
      const files = repo.files
        .filter(
          (f) =>
            !f.isTest &&
            f.kind !== 'source' &&
            path.posix.dirname(f.path) === dir &&
            /\.(?:ya?ml|toml|json)$/.test(f.path),
        )
        .map((f) => f.path);
      if (files.length) return { load: { path: call.path, line: call.line }, files };
    }
  }
  return undefined;
}

/** Variables shown commented out with their defaults (`# APP_PORT=80`), upper-case names only. */
function commentedIn(lines: string[]): EnvEntry[] {
  return lines.flatMap((raw, i) => {
    const m = /^\s*#+\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=(\S*)\s*$/.exec(raw);
    return m ? [{ key: m[1]!, value: m[2]!, line: i + 1 }] : [];
  });
}

/** The first guide document naming at least MIN_DOCUMENTED_VARS environment variables (a table, a list, a sample .env). */
function documentedIn(
  repo: RepoIndex,
  facts: Facts,
  accept: (d: DocumentedVars) => boolean = () => true,
): DocumentedVars | undefined {
  // A status or planning document listing variables to add someday documents nothing yet; a test suite's guide
  // (`test/k6/readme.md`) documents the variables of its runs.
  const docs = repo
    .select({ include: ['**/*.{md,mdx,rst,adoc}', '**/README*'] })
    .filter((f) => facts.docs.classify(f.path).role === 'guide' && !TEST_SAMPLE.test(f.path));
  for (const f of docs) {
    const names = documentedNames(repo, f.path);
    if (names.size >= MIN_DOCUMENTED_VARS && accept({ path: f.path, names })) return { path: f.path, names };
  }
  // A Heroku app.json describes each variable the deploy button asks for (`"env": { "SECRET_KEY_BASE": {
  // "description": "…", "generator": "secret" } }`): a documented list of the settings.
  const manifest = repo.json('app.json') as { env?: Record<string, unknown> } | undefined;
  if (manifest?.env && typeof manifest.env === 'object') {
    const lines = repo.lines('app.json');
    const names = new Map<string, number>();
    for (const [k, v] of Object.entries(manifest.env))
      if (
        /^[A-Z][A-Z0-9_]*$/.test(k) &&
        v &&
        typeof v === 'object' &&
        typeof (v as { description?: unknown }).description === 'string'
      )
        names.set(k, lines.findIndex((l) => l.includes(`"${k}"`)) + 1 || 1);
    if (names.size >= MIN_DOCUMENTED_VARS && accept({ path: 'app.json', names })) return { path: 'app.json', names };
  }
  // A catalogue of the variables kept as PHP configuration (Appwrite's app/config/variables.php: `'name' =>
  // '_APP_ENV',` then `'description' => '…'` for each), from which the installer and the docs are generated.
  for (const f of repo.glob('**/config/*.php', { includeTests: false })) {
    if (!(repo.read(f.path) ?? '').includes('description')) continue;
    const lines = repo.lines(f.path);
    const names = new Map<string, number>();
    lines.forEach((l, i) => {
      const m = /^\s*['"]name['"]\s*=>\s*['"](_?[A-Z][A-Z0-9_]*)['"]/.exec(l);
      if (m && lines.slice(i + 1, i + 4).some((d) => /^\s*['"]description['"]\s*=>\s*['"][^'"]/.test(d)))
        names.set(m[1]!, i + 1);
    });
    if (names.size >= MIN_DOCUMENTED_VARS && accept({ path: f.path, names })) return { path: f.path, names };
  }
  return undefined;
}

const MIN_DOCUMENTED_KEYS = 5;
/** A list item or table row naming a lower-case settings key and saying what it is. */
const DOC_KEY = /^\s*(?:[-*]\s+|\|\s*)`([a-z][a-z0-9_.-]*)`\s*(?:\(|\||[:—–-]\s)/;

/** The settings keys a configuration section of a document lists (its first line and count), read once per file. */
function documentedKeys(repo: RepoIndex, p: string): { line: number; count: number } | undefined {
  return repo.fileMemo('doc-settings-keys', p, () => {
    const text = repo.read(p) ?? '';
    if (!/`[a-z][a-z0-9_.-]*`/.test(text)) return undefined;
    // The headings above the current line, by level: a key counts under any heading naming configuration.
    const stack: { level: number; config: boolean }[] = [];
    const keys = new Map<string, number>();
    let fenced = false;
    repo.lines(p).forEach((l, i) => {
      if (/^\s*(```|~~~)/.test(l)) fenced = !fenced;
      if (fenced) return;
      const h = /^(#{1,6})\s+(.*)$/.exec(l);
      if (h) {
        const level = h[1]!.length;
        while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
        stack.push({ level, config: /\b(?:config\w*|settings?|options)\b/i.test(h[2]!) });
        return;
      }
      if (!stack.some((x) => x.config)) return;
      const m = DOC_KEY.exec(l);
      if (m && !keys.has(m[1]!)) keys.set(m[1]!, i + 1);
    });
    return keys.size >= MIN_DOCUMENTED_KEYS ? { line: [...keys.values()][0]!, count: keys.size } : undefined;
  });
}

/** A fence opening a settings file's sample: TOML, YAML or INI. */
const SETTINGS_FENCE = /^\s*(?:```|~~~)\s*(?:toml|ya?ml|ini)\s*$/i;
/** A line introducing the block below it as the configuration file to write (`set up a configuration file in …:`). */
const INTRODUCES_SETTINGS = /\b(?:config(?:uration)?|settings)\s+file\b[^\n]*:\s*$/i;
/** A key set in a TOML, YAML or INI sample (`client-id = "…"`, `addr: ":3000"`), section headers left out. */
const SAMPLE_KEY = /^\s*([a-z][a-z0-9_.-]*)\s*[=:]/;

/**
 * A guide's fenced sample of the settings file, introduced as the configuration file to write by the last non-blank
 * line above the fence, with at least MIN_DOCUMENTED_KEYS keys (its first line and count), read once per file.
 */
function sampleSettingsBlock(repo: RepoIndex, p: string): { line: number; count: number } | undefined {
  return repo.fileMemo('doc-settings-sample', p, () => {
    const lines = repo.lines(p);
    let before = '';
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (SETTINGS_FENCE.test(l) && INTRODUCES_SETTINGS.test(before)) {
        const keys = new Map<string, number>();
        for (let j = i + 1; j < lines.length && !/^\s*(?:```|~~~)/.test(lines[j]!); j++) {
          const m = SAMPLE_KEY.exec(lines[j]!);
          if (m && !keys.has(m[1]!)) keys.set(m[1]!, j + 1);
        }
        if (keys.size >= MIN_DOCUMENTED_KEYS) return { line: i + 1, count: keys.size };
      }
      if (l.trim()) before = l;
    }
    return undefined;
  });
}

/** Any variable-like name (every name documentedNames takes contains one). */
const VAR_LIKE = /[A-Z][A-Z0-9]*_[A-Z0-9_]/;

/**
 * The environment variables a document names, each with its first line: a function of the document's text, read once
 * per repository file (every component's view asks, and asks its parent's documents too). Read-only for callers.
 */
function documentedNames(repo: RepoIndex, p: string): Map<string, number> {
  return repo.fileMemo('doc-env-vars', p, () => {
    const names = new Map<string, number>();
    if (!VAR_LIKE.test(repo.read(p) ?? '')) return names;
    let fenced = false;
    /** The header row of the table the line is in, when its columns name environment variables. */
    let envTable = false;
    let prev = '';
    /** Inside a fenced block, whether the command the line continues (after a `\`) began with a command word. */
    let commandArgs = false;
    repo.lines(p).forEach((l, i) => {
      if (/^\s*(```|~~~)/.test(l)) fenced = !fenced;
      const continues = fenced && /\\\s*$/.test(prev);
      if (!continues) commandArgs = fenced && !/^\s*(?:export\s+)?[A-Z][A-Z0-9_]*=/.test(l);
      const row = /^\s*\|/.test(l);
      if (row && !/^\s*\|/.test(prev))
        envTable = /\|\s*(?:env(?:ironment)?\s*(?:var(?:iable)?s?)?|variables?)\s*\|/i.test(l);
      prev = l;
      // A table row or list item naming a variable, a cell of a table whose column names the environment
      // variable (`| base-url | NTFY_BASE_URL | URL | … |`), or KEY=value lines inside a fenced block (a sample .env).
      // KEY=value lines continuing a command that began with a command word (`make test-e2e \` then
      // `  E2E_FILTER=smoke \`) are that command's arguments (make variables of a test run), not the service's settings;
      // assignments continuing assignments (`PORT=8080 \` then `./server`) still are.
      const m =
        DOC_VAR.exec(l) ??
        (row && envTable ? /\|\s*`?([A-Z][A-Z0-9]*_[A-Z0-9_]+)`?\s*\|/.exec(l) : null) ??
        (fenced && !(continues && commandArgs) ? /^\s*(?:export\s+)?([A-Z][A-Z0-9]*_[A-Z0-9_]+)=/.exec(l) : null);
      if (m && !names.has(m[1]!)) names.set(m[1]!, i + 1);
    });
    return names;
  });
}

/** A settings file's name written in the code that parses it (`os.path.join(here, "config.ini")`). */
const CONFIG_FILE_NAME = /["']([\w.-]+\.(?:ini|toml|ya?ml|cfg|conf))["']/g;

/**
 * The committed configuration file the service's own code parses at start (`configparser` reading the `config.ini`
 * beside it), kept as the documented template: a comment for most settings, values mostly left empty for the operator
 * or the environment to fill in. It is the config sample, under the name the code reads.
 */
function annotatedConfigRead(repo: RepoIndex, facts: Facts): string[] {
  const out: string[] = [];
  const readers = new Set(facts.config.reads.filter((r) => r.via === 'config file').map((r) => r.path));
  for (const reader of readers) {
    for (const m of (repo.read(reader) ?? '').matchAll(CONFIG_FILE_NAME)) {
      const beside = path.posix.join(path.posix.dirname(reader), m[1]!);
      const p = repo.has(beside) ? beside : repo.has(m[1]!) ? m[1]! : undefined;
      if (p && !out.includes(p) && !repo.get(p)?.isTest && documentedTemplate(repo.read(p) ?? '')) out.push(p);
    }
  }
  return out;
}

/** Settings each explained by a comment, at least half of them left empty (a template, not a deployment's values). */
function documentedTemplate(text: string): boolean {
  const lines = text.split('\n');
  const comments = lines.filter((l) => /^\s*(?:#|;)/.test(l)).length;
  const settings = lines.filter((l) => /^\s*[\w.-]+\s*[:=]/.test(l));
  const empty = settings.filter((l) => /^\s*[\w.-]+\s*[:=]\s*(?:["']{2})?\s*$/.test(l)).length;
  return settings.length >= 3 && comments >= 5 && comments >= settings.length && empty * 2 >= settings.length;
}

/**
 * In an examples folder, a file named `<thing>_example.yml` and not for settings is an example of the product's input
 * (Keep's `examples/workflows/slack_example.yml`); `examples/config-example.yml` is still a settings sample.
 */
function productInputExample(p: string): boolean {
  const base = path.posix.basename(p);
  return inExampleFolder(p) && /[-_](?:example|sample)\.\w+$/i.test(base) && !/conf|setting|env/i.test(base);
}

/**
 * A defaults file that documents the settings: `config/defaults.hjson`, `defaults.toml`, `config.defaults.yaml` (or a
 * reference configuration in docs/ or examples/: `docs/config.yml`), with
 * a comment line for most settings (at least five): every setting named, its default shown, its meaning explained —
 * what an env example gives, for a service configured by a file.
 */
function annotatedDefaults(repo: RepoIndex, p: string): boolean {
  const base = path.posix.basename(p);
  // A defaults file anywhere, or a reference configuration kept with the documentation or the examples
  // (`docs/config.yml` the configuration guide includes, `examples/settings.toml`).
  const defaults = /^(?:[\w-]+\.)?defaults?\.(?:hjson|ya?ml|toml|ini|conf|cfg)$/i.test(base);
  const reference =
    /^(?:config|configuration|settings|reference)\.(?:hjson|ya?ml|toml|ini|conf|cfg)$/i.test(base) &&
    /(^|\/)(?:docs?|examples?|samples?)\//i.test(p);
  if (!defaults && !reference) return false;
  const lines = (repo.read(p) ?? '').split('\n');
  const comments = lines.filter((l) => /^\s*(?:#|\/\/|;)/.test(l)).length;
  const settings = lines.filter((l) => /^\s*[\w.-]+\s*[:=]\s*\S/.test(l)).length;
  return comments >= 5 && settings >= 3 && comments * 2 >= settings;
}

/** CodeIgniter 4's environment sample: a file named `env` beside the framework's `spark` command. */
function codeIgniterEnvSample(repo: RepoIndex, p: string): boolean {
  if (path.posix.basename(p) !== 'env') return false;
  const dir = path.posix.dirname(p);
  return repo.has(dir === '.' ? 'spark' : `${dir}/spark`);
}
