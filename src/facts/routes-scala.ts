// Scala routes: http4s' DSL (`case GET -> Root / "health" =>`) under the prefixes `Router("/api" -> routes)` mounts them
// at, and smithy4s operations (`@http(method: "GET", uri: "/api/health")` in .smithy models) served by
// `SimpleRestJsonBuilder.routes(impl)` for a service the Scala code implements.
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import type { ServiceRoute } from './service.js';
import { joinPath } from './url-path.js';

/** One http4s DSL case: its method and the segments after `Root` (`/ "api" / "users" / id`). */
const DSL_CASE =
  /\bcase\s+(?:\w+\s*@\s*)?(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s*->\s*Root((?:[ \t]*\/[ \t]*(?:"[^"\n]*"|\w+(?:\([^()\n]*\))?))*)/g;
/**
 * One mount of a `Router(…)`: `"/api" -> apiRoutes`, `"/v1" -> Routes.orders` (the definition's own name), or a prefix
 * kept in a `val` of the file (`prefixPath -> httpRoutes`).
 */
const ROUTER_MOUNT = /(?:"(\/[^"\n]*)"|(\w+))\s*->\s*(?:\w+\.)*(\w+)/g;
/** smithy4s serves the operations of an implemented service over http4s. */
const SMITHY4S_ROUTES = /\bSimpleRestJsonBuilder\s*(?:\.routes\s*\(|\(\s*\w+\s*\)\s*\.routes\s*\()/;

/** The path a DSL case matches: literal segments as written, extractors and variables as `:name`. */
function dslPath(segments: string): string {
  const parts = [...segments.matchAll(/\/[ \t]*(?:"([^"\n]*)"|(\w+)(?:\(\s*(\w*)[^()\n]*\))?)/g)].map((m) =>
    m[1] !== undefined ? m[1] : `:${m[3] || m[2]}`,
  );
  return `/${parts.join('/')}`;
}

/**
 * The names of the definitions (`val`, `def`, `lazy val`) enclosing a line, innermost first: each line above it that
 * is less indented than every line between them.
 */
function enclosingDefinitions(lines: string[], at: number): string[] {
  const names: string[] = [];
  let indent = Number.POSITIVE_INFINITY;
  for (let i = at; i >= 0; i--) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const own = line.length - line.trimStart().length;
    if (own >= indent) continue;
    indent = own;
    const def = /^\s*(?:(?:private|protected|override|lazy|final|implicit)\s+)*(?:val|def|var)\s+(\w+)/.exec(line);
    if (def) names.push(def[1]!);
    if (own === 0) break;
  }
  return names;
}

interface Mount {
  prefix: string;
  file: string;
  line: number;
  /** The mounted name is defined in the mounting file: it mounts that file's routes only. */
  local: boolean;
}

/** http4s DSL routes of the Scala files, with the prefixes the Routers of those files mount their definitions at. */
function http4sRoutes(repo: RepoIndex, files: string[]): ServiceRoute[] {
  const mounts = new Map<string, Mount[]>();
  const dsl: { method: string; path: string; file: string; line: number; within: string[] }[] = [];
  for (const file of files) {
    const text = repo.read(file) ?? '';
    if (!text.includes('org.http4s')) continue;
    const lines = repo.lines(file);
    for (const call of text.matchAll(/\bRouter\s*(?:\[\s*\w+\s*\])?\s*\(/g)) {
      const end = text.indexOf(')', call.index);
      const args = text.slice(call.index, end < 0 ? undefined : end);
      for (const m of args.matchAll(ROUTER_MOUNT)) {
        const prefix =
          m[1] ??
          new RegExp(`\\b(?:val|def)\\s+${escapeRegExp(m[2]!)}\\s*(?::\\s*String\\s*)?=\\s*"(\\/[^"\\n]*)"`).exec(
            text,
          )?.[1];
        if (!prefix) continue;
        const line = repo.lineAt(file, call.index + m.index);
        const local = new RegExp(`\\b(?:val|def)\\s+${escapeRegExp(m[3]!)}\\b`).test(text);
        mounts.set(m[3]!, [...(mounts.get(m[3]!) ?? []), { prefix, file, line, local }]);
      }
    }
    for (const m of text.matchAll(DSL_CASE)) {
      const line = repo.lineAt(file, m.index);
      dsl.push({
        method: m[1]!,
        path: dslPath(m[2]!),
        file,
        line,
        within: enclosingDefinitions(lines, line - 1),
      });
    }
  }
  const routes: ServiceRoute[] = [];
  const mounted = new Set<Mount>();
  for (const r of dsl) {
    const name = r.within.find((n) => mounts.has(n));
    // A name mounted in the route's own file is that file's definition (`Router(prefixPath -> httpRoutes)` in each);
    // another file's mount of a name it defines itself mounts its own routes.
    const all = name ? mounts.get(name)! : [];
    const own = all.filter((m) => m.file === r.file);
    const used = own.length ? own : all.filter((m) => !m.local);
    for (const m of used) mounted.add(m);
    for (const prefix of used.length ? used.map((m) => m.prefix) : ['']) {
      const path = joinPath(prefix, r.path);
      routes.push({
        method: r.method,
        path,
        fullPath: path,
        file: r.file,
        line: r.line,
        framework: 'http4s',
        reached: false,
      });
    }
  }
  // Routes made by a library and mounted by name (`Router("/metrics" -> prometheusRoutes)`): the mount is the route.
  for (const m of [...mounts.values()].flat())
    if (!mounted.has(m))
      routes.push({
        method: 'ANY',
        path: m.prefix,
        fullPath: m.prefix,
        file: m.file,
        line: m.line,
        framework: 'http4s',
        reached: false,
      });
  return routes;
}

/**
 * smithy4s: the `@http` operations of the Smithy services a Scala class implements (`extends HealthService[IO]`)
 * when the Scala code serves them with `SimpleRestJsonBuilder`; a service only called through a client is not served.
 * Each route is the operation's `@http` line, its handler the implementing method (`healthCheck`), reached with the
 * implementing class.
 */
function smithyRoutes(repo: RepoIndex, scala: string[], reachable: (p: string) => boolean): ServiceRoute[] {
  if (!scala.some((f) => SMITHY4S_ROUTES.test(repo.read(f) ?? ''))) return [];
  const routes: ServiceRoute[] = [];
  for (const model of repo.byName(/\.smithy$/)) {
    if (model.isTest) continue;
    const text = repo.read(model.path) ?? '';
    const operations = new Map<string, { method: string; uri: string; line: number }>();
    for (const m of text.matchAll(/^[ \t]*@http\s*\(([^)]*)\)/gm)) {
      const method = /\bmethod\s*:\s*"(\w+)"/.exec(m[1]!)?.[1];
      const uri = /\buri\s*:\s*"([^"]+)"/.exec(m[1]!)?.[1];
      const op = /^[ \t]*operation[ \t]+(\w+)/m.exec(text.slice(m.index))?.[1];
      if (method && uri && op)
        operations.set(op, { method: method.toUpperCase(), uri, line: repo.lineAt(model.path, m.index) });
    }
    for (const svc of text.matchAll(/^[ \t]*service[ \t]+(\w+)\s*\{[^}]*?\boperations\s*:\s*\[([^\]]*)\]/gm)) {
      const impl = new RegExp(`\\bextends\\s+(?:[\\w.]+\\.)?${escapeRegExp(svc[1]!)}\\s*\\[`);
      const implFile = scala.find((f) => impl.test(repo.read(f) ?? ''));
      if (!implFile) continue;
      for (const name of svc[2]!.match(/\w+/g) ?? []) {
        const op = operations.get(name);
        if (!op) continue;
        routes.push({
          method: op.method,
          path: op.uri,
          fullPath: op.uri,
          file: model.path,
          line: op.line,
          framework: 'smithy4s',
          handler: `${name[0]!.toLowerCase()}${name.slice(1)}`,
          reached: reachable(implFile),
        });
      }
    }
  }
  return routes;
}

export function scalaRoutes(repo: RepoIndex, files: string[], reachable: (p: string) => boolean): ServiceRoute[] {
  const scala = files.filter((f) => f.endsWith('.scala'));
  const routes = http4sRoutes(repo, scala);
  for (const r of routes) r.reached = reachable(r.file);
  return [...routes, ...smithyRoutes(repo, scala, reachable)];
}
