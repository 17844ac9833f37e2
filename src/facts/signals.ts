// Signals of a practice (a logger's JSON renderer, a tracing middleware, a retry policy) in production files: where
// each first appears, whether the service loads that file, and the commands that start the production process.
import type { FileMatch, GrepMatch } from '../repo/index.js';
import { prefilterOf } from '../repo/prefilter.js';
import type { Facts } from './index.js';
import { imageLayout, lookupImage } from './image-layout.js';

export interface Signal {
  /** Short name used in messages: 'structlog JSONRenderer', 'otelgin middleware'. */
  name: string;
  re: RegExp;
  /** Languages (RepoIndex language names) to search; source files only, tests excluded. */
  languages?: string[];
  /** Globs for non-source files (config, Dockerfiles, Procfiles, manifests). */
  include?: string | string[];
  note: string;
  confidence?: 'high' | 'low';
  /** The file must also match this (usually the library's import), so same-named calls elsewhere do not count. */
  fileRequires?: RegExp;
  /** The file must not match this (a job that switches off the retries its library would make by default). */
  fileExcludes?: RegExp;
}

export interface SignalHit {
  signal: Signal;
  match: GrepMatch;
  /** The file is loaded by the running service (or is configuration, which the framework reads). */
  wired: boolean;
}

export const PY = ['python'];
export const JS = ['javascript', 'typescript'];
export const GO = ['go'];
export const JVM = ['java', 'kotlin', 'scala', 'groovy'];
export const RB = ['ruby'];
export const RS = ['rust'];
/** .NET source: C# and F# call the same libraries by the same names (`UseSerilog`, `AddOpenTelemetry`, `UseSentry`). */
export const CS = ['csharp', 'fsharp'];
export const PHP = ['php'];
export const EX = ['elixir'];
export const SRC_LANGS = [...PY, ...JS, ...GO, ...JVM, ...RB, ...PHP, ...EX];

/** Where start commands live: Dockerfiles, Procfiles, compose files, package.json, shell scripts, Kubernetes manifests. */
export const START_FILES = [
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/Containerfile',
  '**/Procfile',
  '**/*compose*.{yml,yaml}',
  '**/package.json',
  '**/*.sh',
  '**/fly.toml',
  '**/*.{yml,yaml}',
];

/** CI definitions run tests and builds, not the service: their commands are not start commands. */
export const NOT_RUNTIME = [
  '**/node_modules/**',
  '.github/**',
  '.gitlab-ci.yml',
  '.circleci/**',
  'azure-pipelines.yml',
  '.buildkite/**',
  'bitbucket-pipelines.yml',
];

const DEV_START =
  /(^|\/)(Dockerfile|Containerfile)\.(dev|develop|development|local|debug|test|ci)$|(^|\/)\.devcontainer\/|docker-compose\.(dev|override|test)\.ya?ml$/i;

/** The file is loaded by the running service, or is configuration the platform reads (facts.liveness). */
export function isWired(facts: Facts, file: string): boolean {
  return facts.liveness.isLive(file);
}

/**
 * Every signal's first match per production file, each with its wiring status, in signal order.
 * Source files are scanned once per rule with a combined pattern of the signals for their language; only files that
 * match it run the individual signals (most files of a large repository match none). The first non-comment match per
 * file and signal is kept, so high-frequency patterns such as console.log stay cheap.
 */
export function findSignals(facts: Facts, signals: Signal[]): SignalHit[] {
  const perSignal: SignalHit[][] = signals.map(() => []);
  const scan = (s: Signal, i: number, path: string, text: string): void => {
    // The signal's first match in a repository file is found once per audit, whichever component's view asks (a
    // function of the patterns and the file's text).
    const first = facts.repo.fileMemo(signalKind(s), path, (): FileMatch | null => {
      if (s.fileRequires && !s.fileRequires.test(text)) return null;
      if (s.fileExcludes?.test(text)) return null;
      const pre = prefilterOf(s.re);
      if (pre && !facts.repo.prefilterPasses(pre, path, text)) return null;
      const flags = s.re.flags.replace(/[gy]/g, '');
      const re = new RegExp(s.re.source, `${flags.includes('m') ? flags : `${flags}m`}g`);
      const code = facts.code.text(path) ?? '';
      // Comments are blanked: the first match is the first in code. One inside a literal that runs over several lines
      // is text the program shows (a set-up snippet on an onboarding page), not code it runs.
      let m: RegExpExecArray | null;
      let at = 0;
      while ((m = re.exec(code))) {
        if (m[0].length === 0) re.lastIndex++;
        // Where the match's text begins (a leading `^\s*` may run over blanked comment lines).
        at = m.index + m[0].length - m[0].trimStart().length;
        if (!facts.code.inTextBlock(path, at)) break;
      }
      if (!m) return null;
      const line = facts.repo.lineAt(path, at);
      return { line, text: facts.repo.lineText(path, line) ?? '', groups: [...m].map((g) => g ?? '') };
    });
    if (!first) return;
    perSignal[i]!.push({
      signal: s,
      match: { path, line: first.line, text: first.text, groups: [...first.groups] },
      wired: isWired(facts, path),
    });
  };
  // Configuration and start-command signals: by path.
  signals.forEach((s, i) => {
    if (!s.include) return;
    for (const f of facts.repo.select({ include: s.include, exclude: NOT_RUNTIME })) {
      if (f.isTest || DEV_START.test(f.path)) continue;
      const text = facts.repo.read(f.path);
      if (text !== undefined) scan(s, i, f.path, text);
    }
  });
  // Source signals: one combined prefilter per language.
  const code = signals.map((s, i) => [s, i] as const).filter(([s]) => !s.include);
  const byLang = new Map<
    string,
    { list: (readonly [Signal, number])[]; any?: RegExp; pre?: RegExp; anyKind?: string }
  >();
  const langs = [...new Set(code.flatMap(([s]) => s.languages ?? SRC_LANGS))];
  for (const f of facts.repo.select({ languages: langs, kinds: ['source'] })) {
    if (f.isTest) continue;
    let entry = byLang.get(f.language!);
    if (!entry) {
      const list = code.filter(([s]) => (s.languages ?? SRC_LANGS).includes(f.language!));
      const plain = list.filter(([s]) => !s.re.flags.includes('i'));
      const any =
        plain.length === list.length && list.length
          ? new RegExp(list.map(([s]) => `(?:${s.re.source})`).join('|'), 'm')
          : undefined;
      // The union's fileMemo kind, made once: built per file, the union's long source was hashed again for each.
      entry = { list, any, pre: any && prefilterOf(any), anyKind: any && `signals:any\0${any.source}` };
      byLang.set(f.language!, entry);
    }
    if (!entry.list.length) continue;
    const text = facts.repo.read(f.path);
    if (text === undefined) continue;
    const { any, pre } = entry;
    // Asked alternative by alternative where the file's literals rule some out (RepoIndex.test): the same answer.
    if (
      any &&
      ((pre && !facts.repo.prefilterPasses(pre, f.path, text)) ||
        !facts.repo.fileMemo(entry.anyKind!, f.path, () => facts.repo.test(any, pre, f.path, text)))
    )
      continue;
    for (const [s, i] of entry.list) scan(s, i, f.path, text);
  }
  return perSignal.flat();
}

/** signalKind's answers, made once per signal: a kind built per file was a new string, hashed anew at every lookup. */
const signalKinds = new WeakMap<Signal, string>();

/** The fileMemo kind of a signal's first match: its pattern and the pattern its file must also match. */
function signalKind(s: Signal): string {
  let kind = signalKinds.get(s);
  if (kind === undefined) {
    kind = signalKindOf(s);
    signalKinds.set(s, kind);
  }
  return kind;
}

function signalKindOf(s: Signal): string {
  const req = s.fileRequires ? `${s.fileRequires.flags}/${s.fileRequires.source}` : '';
  const excl = s.fileExcludes ? `${s.fileExcludes.flags}/${s.fileExcludes.source}` : '';
  return `signal\0${s.re.flags}/${s.re.source}\0${req}\0${excl}`;
}

/** Test files that match a pattern (for "only in tests" findings). */
export function testOnlyMatch(facts: Facts, re: RegExp): GrepMatch | undefined {
  // A source-language file is of kind 'test' exactly when it is a test: search only those, up to the first match.
  return facts.repo.grepFirst(re, { languages: SRC_LANGS, kinds: ['test'] });
}

/**
 * The first match in a test file of any of `signals`, each read as findSignals reads it in production code: only in
 * files of its languages, and only in a file that meets its fileRequires / fileExcludes (Fastify's Sentry plugin is a
 * `.register(plugin, …)` only beside the plugin's import; an Elixir test's `Accounts.register(` or a Go pattern in a
 * Python test is nothing). Signals without languages (configuration files) are not test code. The first test file any
 * signal matches is taken, in index order, and in it the earliest line of the signals that apply to it. Each signal is
 * searched alone, so its prefilter applies (the union of many patterns has too many literals for one).
 */
export function testOnlySignalMatch(facts: Facts, signals: readonly Signal[]): GrepMatch | undefined {
  const code = signals.filter((s) => s.languages);
  const accepts = (s: Signal, path: string): boolean => {
    if (!s.fileRequires && !s.fileExcludes) return true;
    const text = facts.repo.read(path) ?? '';
    return (!s.fileRequires || s.fileRequires.test(text)) && !s.fileExcludes?.test(text);
  };
  const testFiles = (s: Signal): string[] =>
    facts.repo
      .select({ languages: s.languages, kinds: ['test'] })
      .filter((f) => accepts(s, f.path))
      .map((f) => f.path);
  const firstIn = (s: Signal, paths: string[]): GrepMatch | undefined =>
    paths.length ? facts.repo.grepFirst(new RegExp(s.re.source, 'm'), { paths }) : undefined;
  let order: Map<string, number> | undefined;
  let first: string | undefined;
  for (const s of code) {
    const m = firstIn(s, testFiles(s));
    if (!m) continue;
    order ??= new Map(facts.repo.select({ languages: SRC_LANGS, kinds: ['test'] }).map((f, i) => [f.path, i]));
    if (first === undefined || (order.get(m.path) ?? -1) < (order.get(first) ?? -1)) first = m.path;
  }
  if (first === undefined) return undefined;
  const file = facts.repo.get(first);
  let best: GrepMatch | undefined;
  for (const s of code) {
    if (!file || !s.languages?.includes(file.language ?? '') || !accepts(s, first)) continue;
    const m = firstIn(s, [first]);
    if (m && (!best || m.line < best.line)) best = m;
  }
  return best;
}

export interface StartCommand {
  path: string;
  line: number;
  text: string;
  /** For a line of a script an image starts: the Dockerfile's CMD/ENTRYPOINT that runs the script. */
  startedBy?: StartCommand;
}

/** A repository file that is a shell script: a `.sh` name, or an sh/bash/ash/dash shebang. */
function isShellScript(facts: Facts, file: string): boolean {
  if (file.endsWith('.sh')) return true;
  const first = facts.repo.lines(file)[0] ?? '';
  return /^#!\s*\/(?:usr\/)?bin\/(?:env\s+)?(?:ba|a|da)?sh\b/.test(first);
}

/**
 * Commands that start the production process: Dockerfile CMD/ENTRYPOINT (and the lines of the repository script they
 * run, e.g. an entrypoint.sh ending in `exec gunicorn ...`), s6-overlay and supervisord service definitions, Procfile
 * web/worker lines, package.json start.
 */
export function startCommands(facts: Facts): StartCommand[] {
  return facts.repo.memo('obs-signals:start-commands', () => startCommandsUncached(facts));
}

/**
 * Server and worker lines of a start script: the commands that run the long-lived process (also one kept in a variable
 * the script then runs: `cmd="exec gunicorn app:app"` … `eval "$cmd"`, or one behind its environment and nohup:
 * `NODE_ENV=production nohup node index.js &`). PHP's: php-fpm, the official images' `apache2-foreground`, and
 * artisan's long-lived commands (`runuser -u app -- php artisan queue:work &`). An OTP release's start command
 * (`bin/shop start`, `/app/_build/prod/rel/shop/bin/shop start`, a Distillery `foreground`), also as the last line of a
 * `su app -c "…"` string.
 */
const SCRIPT_SERVER =
  /^\s*(?:[A-Za-z_]\w*=[^\s"'=]*\s+)*(?:[A-Za-z_]\w*=["']?)?(?:exec\s+)?(?:nohup\s+)?(?:[\w/.-]*\/)?(?:s6-setuidgid\s+\w+\s+|gosu\s+\S+\s+|su-exec\s+\S+\s+|runuser\s+-u\s+\S+\s+--\s+)?(?:uvicorn|gunicorn|hypercorn|daphne|granian|uwsgi|waitress-serve|celery|puma|rails\s+s|bundle\s+exec|sidekiq|node|npm|java|python3?|flask|litestar|php-fpm[\d.]*|apache2-foreground|php\s+(?:[\w/.-]*\/)?artisan\s+(?:serve|octane:start|queue:work|horizon)|(?<=\bbin\/)[\w-]+\s+(?:start|foreground))\b/;

function startCommandsUncached(facts: Facts): StartCommand[] {
  const out: StartCommand[] = [];
  const scriptLines = (path: string, startedBy?: StartCommand): void => {
    facts.repo.lines(path).forEach((l, i) => {
      if (!/^\s*#/.test(l) && SCRIPT_SERVER.test(l))
        out.push({ path, line: i + 1, text: l.trim(), ...(startedBy ? { startedBy } : {}) });
    });
  };
  for (const d of facts.dockerfiles.production) {
    const stage = d.finalStage;
    // The image's layout, built once per Dockerfile when an instruction names an absolute path.
    let layoutOf: ReturnType<typeof imageLayout> | null = null;
    const layoutOnce = (): ReturnType<typeof imageLayout> => {
      if (layoutOf === null) layoutOf = imageLayout(facts.repo, d);
      return layoutOf;
    };
    for (const ins of stage?.instructions ?? []) {
      if (
        ins.keyword === 'CMD' ||
        ins.keyword === 'ENTRYPOINT' ||
        (ins.keyword === 'ENV' && /JAVA_TOOL_OPTIONS|JAVA_OPTS|NODE_OPTIONS/.test(ins.args))
      ) {
        const start = { path: d.path, line: ins.line, text: `${ins.keyword} ${ins.args}` };
        out.push(start);
        // ENTRYPOINT ["/app/bin/docker-entrypoint"] / CMD ./boot.sh: the script in the repository it names.
        if (ins.keyword !== 'ENV') {
          const scripted = new Set<string>();
          // A script copied in under another name (`COPY docker/scripts/startup.sh /usr/local/bin/start-app.sh`, then
          // `CMD ["/usr/local/bin/start-app.sh"]`, or without the extension: `/usr/local/bin/app-start`): the image's
          // layout says which repository file it is; one without `.sh` in the image counts when the file is a shell
          // script.
          const layout = /(?:^|["'\s[])\/[\w.-]/.test(ins.args) ? layoutOnce() : undefined;
          for (const m of layout ? ins.args.matchAll(/(?<![\w./-])(\/[\w./-]+)(?![\w./-])/g) : []) {
            const found = lookupImage(facts.repo, layout!, m[1]!);
            if (found.state !== 'file') continue;
            if (!m[1]!.endsWith('.sh') && !isShellScript(facts, found.repoPath)) continue;
            if (!scripted.has(found.repoPath)) {
              scripted.add(found.repoPath);
              scriptLines(found.repoPath, start);
            }
          }
          for (const m of ins.args.matchAll(
            /[\w./-]*?([\w.-]+\.sh|[\w-]*entrypoint[\w.-]*|boot|start|run)(?=["'\s,\]]|$)/g,
          )) {
            const base = m[1]!;
            const script = facts.repo.files.find(
              (f) => !f.isTest && (f.path === base || f.path.endsWith(`/${base}`)) && f.size < 200_000,
            );
            if (script && !scripted.has(script.path)) {
              scripted.add(script.path);
              scriptLines(script.path, start);
            }
          }
        }
      }
    }
  }
  // s6-overlay and supervisord start the services of images that run several processes.
  for (const f of facts.repo.files) {
    if (f.isTest) continue;
    if (/(^|\/)(?:s6-rc\.d|services\.d)\/[^/]+\/run$/.test(f.path)) scriptLines(f.path);
    else if (/(^|\/)supervisord?[^/]*\.conf$|(^|\/)supervisor\/[^/]+\.conf$/.test(f.path))
      facts.repo.lines(f.path).forEach((l, i) => {
        if (/^\s*command\s*=/.test(l)) out.push({ path: f.path, line: i + 1, text: l.trim() });
      });
  }
  for (const f of facts.repo.byName(/^Procfile$/)) {
    facts.repo.lines(f.path).forEach((l, i) => {
      if (!/^\s*(web|worker|app|api)\s*:/.test(l)) return;
      out.push({ path: f.path, line: i + 1, text: l.trim() });
      // web: ./script/server — the script's own server line.
      const script = /:\s*(?:\.\/)?((?:bin|script|scripts)\/[\w.-]+|[\w.-]+\.sh)\b/.exec(l)?.[1];
      if (script && facts.repo.has(script)) scriptLines(script);
    });
  }
  // A platform that starts the app itself names the command in its descriptor (render.yaml startCommand, App Engine
  // entrypoint, railway startCommand, DigitalOcean run_command, fly.toml [processes]).
  for (const t of facts.platform.service) {
    // A Fly configuration kept under another name (`deploy/fly/prod.toml`) is read as its fly.toml would be.
    if (
      t.platform !== 'fly' &&
      !/(^|\/)(render\.ya?ml|railway\.(json|toml)|app(\.[\w-]+)?\.ya?ml|fly(\.[\w-]+)?\.toml|\.do\/app\.ya?ml)$/.test(
        t.path,
      )
    )
      continue;
    facts.repo.lines(t.path).forEach((l, i) => {
      if (/^\s*-?\s*["']?(startCommand|start_command|run_command|entrypoint|web|app)["']?\s*[:=]\s*\S/.test(l))
        out.push({ path: t.path, line: i + 1, text: l.trim() });
    });
  }
  const pkg = facts.repo.has('package.json')
    ? (facts.repo.json('package.json') as { scripts?: Record<string, string> } | undefined)
    : undefined;
  for (const key of ['start', 'start:prod', 'serve']) {
    const script = pkg?.scripts?.[key];
    if (!script) continue;
    const line = facts.repo.lines('package.json').findIndex((l) => l.includes(`"${key}"`)) + 1;
    out.push({ path: 'package.json', line: line || 1, text: `"${key}": "${script}"` });
  }
  return out;
}

/** Whose resilience annotations: Resilience4j's, Spring Retry's, or Spring Framework 7's own. */
type SpringResilienceKind = 'resilience4j' | 'spring-retry' | 'spring-resilience';

/**
 * Spring proxies apply annotation-driven resilience (@Retry, @CircuitBreaker, @Retryable) only when AOP is on the
 * classpath (Resilience4j's Spring Boot starter needs spring-boot-starter-aop) and, for Spring Retry, @EnableRetry;
 * Spring Framework 7's own @Retryable needs @EnableResilientMethods.
 * Returns why annotations would be inert, or undefined when they are applied.
 */
export function springAnnotationsInert(facts: Facts, kind: SpringResilienceKind): string | undefined {
  // resilience.retries asks for every annotation hit, resilience.circuit-breaker once more: one answer per kind and audit.
  return facts.repo.memo(`obs-signals:spring-inert:${kind}`, () => springInertUncached(facts, kind));
}

function springInertUncached(facts: Facts, kind: SpringResilienceKind): string | undefined {
  // Spring Framework 7's own @Retryable is applied by the core container's proxies once switched on.
  if (kind === 'spring-resilience')
    return facts.repo.grepFirst(/@EnableResilientMethods\b/, { languages: JVM, kinds: ['source'] })
      ? undefined
      : '@EnableResilientMethods is missing, so Spring never applies @Retryable';
  const aop = facts.deps.declared(
    ['jvm', /^org\.springframework\.boot:spring-boot-starter-(?:aop|aspectj)$/],
    ['jvm', /^org\.aspectj:aspectjweaver$/],
  );
  if (kind === 'spring-retry') {
    const enabled = facts.repo.grepFirst(/@EnableRetry\b/, { languages: JVM, kinds: ['source'] });
    if (!enabled) return '@EnableRetry is missing, so Spring never applies @Retryable';
    if (!aop)
      return 'no AOP on the classpath (spring-boot-starter-aop / aspectjweaver), so @Retryable is never applied';
    return undefined;
  }
  return aop
    ? undefined
    : 'no AOP on the classpath (spring-boot-starter-aop / aspectjweaver), so Resilience4j annotations are never applied';
}

/** Where the service is seen to run on Deno rather than Node. */
export interface DenoRuntime {
  path: string;
  line: number;
  note: string;
}

/**
 * The service runs on Deno: a start command runs `deno run|serve|task`, the HTTP server is Oak or Deno.serve, or the
 * project is a deno.json project without a package.json. Messages then speak of Deno (its signal API, Deno.env,
 * deno.json) instead of Node's.
 */
export function denoRuntime(facts: Facts): DenoRuntime | undefined {
  return facts.repo.memo('obs-signals:deno-runtime', () => {
    const cmd = startCommands(facts).find((c) => /(?:^|[\s"'[,])deno\s+(?:run|serve|task)\b/.test(c.text));
    if (cmd) return { path: cmd.path, line: cmd.line, note: 'the start command runs Deno' };
    const config = ['deno.json', 'deno.jsonc'].find((p) => facts.repo.has(p));
    const task = config
      ? facts.repo.lines(config).findIndex((l) => /"start"\s*:\s*"[^"]*\bdeno\s+(?:run|serve)\b/.test(l))
      : -1;
    if (config && task >= 0) return { path: config, line: task + 1, note: `the ${config} start task runs Deno` };
    const server = facts.frameworks.get('deno') ?? facts.frameworks.get('oak');
    if (server)
      return {
        path: server.path,
        line: server.line,
        note: server.name === 'oak' ? 'an Oak application' : 'Deno.serve',
      };
    if (config && !facts.repo.has('package.json')) return { path: config, line: 1, note: 'a Deno project (deno.json)' };
    return undefined;
  });
}

/** A Deno signal listener (`Deno.addSignalListener('SIGTERM', …)`) in code the service runs, and whether it stops the server. */
export interface DenoSignalListener {
  hit: SignalHit;
  /** The listener (or the lines after it) aborts the signal the server listens with, or shuts the server down. */
  stopsServer: boolean;
}

const DENO_SIGNAL: Signal = {
  name: 'Deno.addSignalListener SIGTERM',
  re: /\bDeno\.addSignalListener\s*\(\s*["'](?:SIGTERM|SIGINT)["']/,
  languages: JS,
  note: 'Deno signal listener',
};
/** Oak app.listen({ signal }) and Deno.serve({ signal }) stop on abort(); Deno.serve's server also has shutdown(). */
const DENO_STOP =
  /\.abort\s*\(|\.shutdown\s*\(|\.close\s*\(|\.stop\s*\(|\.drain\s*\(|\.terminate\s*\(|closeServer|gracefulShutdown/;

export function denoSignalListeners(facts: Facts): DenoSignalListener[] {
  return findSignals(facts, [DENO_SIGNAL])
    .filter((h) => h.wired)
    .map((hit) => ({
      hit,
      stopsServer: DENO_STOP.test(
        facts.repo
          .lines(hit.match.path)
          .slice(hit.match.line - 1, hit.match.line + 15)
          .join('\n'),
      ),
    }));
}
