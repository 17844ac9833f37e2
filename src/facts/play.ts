// Play Framework applications (Scala and Java): an sbt project enabling a Play plugin serves the routes of its
// conf/routes files through the controllers compiled from its app/ folder; Play writes no main of its own.
import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import type { ServiceRoute } from './service.js';
import { joinPath } from './url-path.js';

/** A Play plugin enabled on an sbt project (`enablePlugins(PlayScala, SbtDistributablesPlugin)`). */
const PLAY_PLUGIN = /\benablePlugins\s*\([^)]*\bPlay(?:Scala|Java|MinimalJava|Service|Web)\b/;
/** One route of a routes file: `GET /health controllers.Health.check()`, `->  /api  api.Routes` (an included router). */
const ROUTE_LINE = /^[ \t]*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|->)[ \t]+(\/\S*)[ \t]+@?([\w.$]+)/gm;

export interface PlayApp {
  /** The folder holding the application's conf/ and app/ (`''` at the repository root). */
  root: string;
  /** The build line enabling the Play plugin. */
  build: { path: string; line: number; text: string };
  /** The routes files under conf/ (`conf/routes`, `conf/prod.routes`). */
  routesFiles: string[];
}

/**
 * The Play applications of the repository: each folder with routes files under conf/, when a build.sbt there or above
 * it enables a Play plugin.
 */
export function playApps(repo: RepoIndex): PlayApp[] {
  return repo.memo('play:apps', () => findPlayApps(repo));
}

function findPlayApps(repo: RepoIndex): PlayApp[] {
  const builds = repo.byName(/^build\.sbt$/).flatMap((f) => {
    const text = repo.read(f.path) ?? '';
    const m = PLAY_PLUGIN.exec(text);
    if (!m) return [];
    const line = repo.lineAt(f.path, m.index);
    return [
      { dir: path.posix.dirname(f.path), build: { path: f.path, line, text: repo.lineText(f.path, line) ?? '' } },
    ];
  });
  if (!builds.length) return [];
  const apps = new Map<string, PlayApp>();
  for (const f of repo.byName(/^(?:routes|[\w-]+\.routes)$/)) {
    if (f.isTest || !/(?:^|\/)conf\/[^/]+$/.test(f.path)) continue;
    const root = path.posix.dirname(path.posix.dirname(f.path));
    const build = builds.find((b) => b.dir === '.' || root === b.dir || root.startsWith(`${b.dir}/`));
    if (!build) continue;
    const key = root === '.' ? '' : root;
    const app = apps.get(key) ?? { root: key, build: build.build, routesFiles: [] };
    app.routesFiles.push(f.path);
    apps.set(key, app);
  }
  return [...apps.values()];
}

/** The folder a Play application's code compiles from (`app/`, `notification/app/`). */
export const playAppDir = (app: PlayApp) => (app.root ? `${app.root}/app/` : 'app/');

/** The Play application whose app/ folder a file compiles in. */
export function inPlayApp(apps: PlayApp[], file: string): PlayApp | undefined {
  return apps.find((a) => file.startsWith(playAppDir(a)));
}

/** The controller class of a route's action (`Orders` of `controllers.Orders.show(id: Long)`). */
const controllerOf = (action: string) => action.split('.').slice(-2)[0]!;

/** The controller classes the routes files of an application name. */
export function playControllers(repo: RepoIndex, app: PlayApp): Set<string> {
  return new Set(
    app.routesFiles.flatMap((f) =>
      [...(repo.read(f) ?? '').matchAll(ROUTE_LINE)].filter((m) => m[1] !== '->').map((m) => controllerOf(m[3]!)),
    ),
  );
}

/**
 * The routes a Play application serves: those of its root router (conf/routes, or the one `play.http.router` names in
 * conf/application.conf, `prod.Routes` for conf/prod.routes) with the routers it includes under their prefixes
 * (`->  /api  api.Routes` reads conf/api.routes). A router of a library (`->  /  health.Routes` of bootstrap-play)
 * is itself a route at its prefix, its handler the router's package (`health`). Each route's handler is its controller
 * action; the route is a page when that controller renders Twirl templates.
 */
export function playRoutes(repo: RepoIndex, app: PlayApp, reached: boolean): ServiceRoute[] {
  const conf = app.root ? `${app.root}/conf` : 'conf';
  // `prod.Routes` is conf/prod.routes; `router.Routes` (Play's default package) or `Routes` is conf/routes.
  const packageOf = (router: string) => router.replace(/\.?Routes$/, '');
  const fileOf = (router: string) => {
    const pkg = packageOf(router);
    return pkg && pkg !== 'router' ? `${conf}/${pkg}.routes` : `${conf}/routes`;
  };
  const named = /^[ \t]*play\.http\.router[ \t]*=[ \t]*"?([\w.]+)"?/m.exec(repo.read(`${conf}/application.conf`) ?? '');
  const root = named ? fileOf(named[1]!) : `${conf}/routes`;
  // The controllers of the application by class name (Play's convention: a file named after its class).
  const controllers = new Map(
    repo.files
      .filter((f) => f.path.startsWith(playAppDir(app)) && /\.(?:scala|java)$/.test(f.path))
      .map((f) => [path.posix.basename(f.path).replace(/\.\w+$/, ''), f.path]),
  );
  // A controller importing Twirl templates renders the application's pages (looked up once per controller).
  const pages = new Map<string, boolean>();
  const rendersPages = (action: string) => {
    const cls = controllerOf(action);
    let renders = pages.get(cls);
    if (renders === undefined) {
      const file = controllers.get(cls);
      renders = !!file && /^[ \t]*import\s+views\.html\b/m.test(repo.read(file) ?? '');
      pages.set(cls, renders);
    }
    return renders;
  };
  const routes: ServiceRoute[] = [];
  const visit = (file: string, prefix: string, seen: Set<string>) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of (repo.read(file) ?? '').matchAll(ROUTE_LINE)) {
      const at = joinPath(prefix, m[2]!);
      const line = repo.lineAt(file, m.index);
      if (m[1] === '->') {
        const included = fileOf(m[3]!);
        if (app.routesFiles.includes(included)) visit(included, at, seen);
        else {
          // Named for its package (`health` of `health.Routes`), as a handler is.
          const handler = packageOf(m[3]!).split('.').pop()!;
          routes.push({ method: 'ANY', path: at, fullPath: at, file, line, framework: 'play', handler, reached });
        }
        continue;
      }
      const handler = m[3]!.split('.').pop();
      routes.push({
        method: m[1]!,
        path: m[2]!,
        fullPath: at,
        file,
        line,
        framework: 'play',
        ...(handler ? { handler } : {}),
        ...(rendersPages(m[3]!) ? { page: true } : {}),
        reached,
      });
    }
  };
  if (app.routesFiles.includes(root)) visit(root, '', new Set());
  else for (const f of app.routesFiles) visit(f, '', new Set());
  return routes;
}

/** Play's default filters as an application's configuration leaves them (Play 2.6+, the PlayFilters sbt plugin). */
export interface PlayHeaderFilters {
  /** The SecurityHeadersFilter, on by default: the build line of the app (or the conf line enabling it). */
  securityHeaders: { path: string; line: number; note: string };
  /** The CSPFilter, enabled by the configuration (it is off by default). */
  csp?: { path: string; line: number; note: string };
}

const FILTER_LIST_SET = /^[ \t]*play\.filters\.enabled[ \t]*[=:][ \t]*\[/;
const HEADERS_FILTER = /play\.filters\.headers\.SecurityHeadersFilter\b/;

/**
 * The security-header filters of the first Play application of the repository that keeps them: Play runs
 * `play.filters.enabled` (CSRFFilter, SecurityHeadersFilter, AllowedHostsFilter) unless the build disables the
 * PlayFilters plugin, `play.filters.disabled` names the filter, `play.filters.enabled = [ … ]` replaces the list without
 * it, or `play.http.filters` hands the chain to a class of its own (then only that class says, and it is not read).
 */
export function playHeaderFilters(repo: RepoIndex): PlayHeaderFilters | undefined {
  return repo.memo('play:header-filters', () => {
    for (const app of playApps(repo)) {
      if (/\bdisablePlugins\s*\([^)]*\bPlayFilters\b/.test(repo.read(app.build.path) ?? '')) continue;
      const conf = repo.glob(`${app.root ? `${app.root}/` : ''}conf/*.conf`).filter((f) => !f.isTest);
      let off = false;
      let enabledAt: { path: string; line: number } | undefined;
      let csp: { path: string; line: number } | undefined;
      for (const f of conf) {
        repo.lines(f.path).forEach((raw, i) => {
          const l = raw.replace(/^\s*(?:#|\/\/).*$/, '');
          if (/^[ \t]*play\.filters\.disabled[ \t]*\+=/.test(l) && HEADERS_FILTER.test(l)) off = true;
          if (/^[ \t]*play\.http\.filters[ \t]*[=:]/.test(l)) off = true;
          if (FILTER_LIST_SET.test(l)) {
            // The list replaced: the filter stays when the new list (on this line or the next few) names it.
            const list = repo
              .lines(f.path)
              .slice(i, i + 8)
              .join('\n')
              .replace(/\][\s\S]*$/, '');
            if (!HEADERS_FILTER.test(list)) off = true;
          }
          if (/^[ \t]*play\.filters\.enabled[ \t]*\+=/.test(l) && HEADERS_FILTER.test(l))
            enabledAt = { path: f.path, line: i + 1 };
          if (/^[ \t]*play\.filters\.enabled[ \t]*\+=[^\n]*play\.filters\.csp\.CSPFilter\b/.test(l))
            csp = { path: f.path, line: i + 1 };
        });
      }
      if (off && !enabledAt) continue;
      return {
        securityHeaders: enabledAt
          ? { ...enabledAt, note: 'Play SecurityHeadersFilter enabled' }
          : {
              path: app.build.path,
              line: app.build.line,
              note: "Play's default filters: SecurityHeadersFilter (X-Frame-Options, X-Content-Type-Options, Referrer-Policy) is enabled by default",
            },
        ...(csp ? { csp: { ...csp, note: 'Play CSPFilter enabled (Content-Security-Policy)' } } : {}),
      };
    }
    return undefined;
  });
}
