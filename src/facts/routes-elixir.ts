import type { RepoIndex } from '../repo/index.js';
import type { CodeFacts } from './code.js';
import { elixirModuleRefs } from './imports.js';
import type { ServiceMiddleware, ServiceRoute } from './service.js';
import { escapeRegExp } from '../repo/text.js';
import { joinPath } from './url-path.js';

/**
 * A Phoenix endpoint module, also through a library that wraps Phoenix.Endpoint and adds to it
 * (`use SiteEncrypt.Phoenix.Endpoint` for automatic certificates): one line of it, and the same in a file's text.
 */
export const PHOENIX_ENDPOINT = /^\s*use\s+(?:[A-Z]\w*\.)*Phoenix\.Endpoint\b/;
export const PHOENIX_ENDPOINT_IN = new RegExp(PHOENIX_ENDPOINT.source, 'm');

/**
 * Phoenix and Plug routes and middleware, read from router modules (`use Phoenix.Router`, `use Plug.Router`, or a
 * `use MyAppWeb, :router` helper) and endpoints (`use Phoenix.Endpoint`):
 * - `scope "/api", MyAppWeb do … end` blocks (nested, with `pipe_through [:api, :auth]`), verb macros
 *   (`get "/x", XController, :show`, with or without parentheses), `resources "/users", UserController, only: [...]`
 *   (nested resources under `/users/:user_id`), `live "/x", XLive`, `forward "/x", Plug`, and Plug.Router's
 *   `get "/x" do … end` / `match _`.
 * - Middleware: every `plug X` in an endpoint (global), and the plugs of each `pipeline :name do … end`; a route's
 *   `middleware` lists the pipelines it is piped through and their plugs (`:api`, `Guardian.Plug.VerifyHeader`).
 */
export interface ElixirServiceModel {
  routes: ServiceRoute[];
  middleware: ServiceMiddleware[];
}

const RESOURCE_ACTIONS: [string, string, string][] = [
  ['GET', '', 'index'],
  ['GET', '/new', 'new'],
  ['POST', '', 'create'],
  ['GET', '/:id', 'show'],
  ['GET', '/:id/edit', 'edit'],
  ['PATCH', '/:id', 'update'],
  ['PUT', '/:id', 'update'],
  ['DELETE', '/:id', 'delete'],
];

interface Frame {
  kind: 'scope' | 'pipeline' | 'resources' | 'block';
  prefix: string;
  pipes: string[];
  name?: string;
}

/** Counts of block openers (`do` at the end of a line, `fn … ->`) and `end`s on one line of code. */
function blockDelta(line: string): { opens: number; closes: number } {
  const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/#.*$/, '');
  const opens = (/\bdo\s*$/.test(code) ? 1 : 0) + (code.match(/\bfn\b/g)?.length ?? 0);
  const closes = code.match(/(?<![:.])\bend\b(?!:)/g)?.length ?? 0;
  return { opens, closes };
}

const VERB =
  /^\s*(get|post|put|patch|delete|options|head|match|live|forward|resources|resource)\b\s*\(?\s*(?::(\w+)\s*,\s*)?"([^"]*)"/;

/**
 * The plug Unplug runs when its condition holds (`plug Unplug, if: {…}, do: {Pow.Plug.RequireAuthenticated, …}`),
 * named by its `do:` option on the `plug` line or the lines of the same call.
 */
function unplugged(lines: string[], at: number): string | undefined {
  let call = lines[at]!;
  for (let k = at + 1; k < Math.min(lines.length, at + 8) && !/^\s*(?:plug|end)\b/.test(lines[k]!); k++)
    call += `\n${lines[k]}`;
  return /\bdo:\s*\{?\s*([A-Z][\w.]*)/.exec(call)?.[1];
}

function routerModel(
  file: string,
  text: string,
  isPlugRouter: boolean,
): ElixirServiceModel & { pipelines: Map<string, string[]> } {
  const routes: ServiceRoute[] = [];
  const middleware: ServiceMiddleware[] = [];
  const pipelines = new Map<string, string[]>();
  /** Pipelines that accept only HTML (`plug :accepts, ["html"]`): the browser pipeline of server-rendered pages. */
  const htmlPipelines = new Set<string>();
  const stack: Frame[] = [];
  const lines = text.split('\n');
  // The module each alias names, by the name it is used under (a name aliased again: the last one).
  const aliases = new Map(
    elixirModuleRefs(text)
      .filter((r) => r.keyword === 'alias')
      .map((r) => [r.name, r.module]),
  );
  /** A module plug under its full name, through the file's aliases (`plug RequireAdmin` after `alias MyWeb.Plugs.RequireAdmin`). */
  const fullName = (name: string): string => {
    const dot = name.indexOf('.');
    const full = aliases.get(dot < 0 ? name : name.slice(0, dot));
    return full ? full + (dot < 0 ? '' : name.slice(dot)) : name;
  };
  const pipesNow = (): string[] => stack.flatMap((f) => f.pipes);
  const prefixNow = (): string[] => stack.map((f) => f.prefix);
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    const { opens, closes } = blockDelta(line);
    const top = stack[stack.length - 1];
    let pushed: Frame | undefined;
    const scope = /^\s*scope\s*\(?\s*(?:"([^"]*)"|(?:path:\s*)?"([^"]*)")?/.exec(line);
    const pipeline = /^\s*pipeline\s*\(?\s*:(\w+)/.exec(line);
    const verb = VERB.exec(line);
    if (/^\s*scope\b/.test(line) && scope && /\bdo\s*$/.test(line.replace(/#.*$/, ''))) {
      pushed = { kind: 'scope', prefix: scope[1] ?? scope[2] ?? '', pipes: [] };
    } else if (pipeline && /\bdo\s*\)?\s*$/.test(line.replace(/#.*$/, ''))) {
      pushed = { kind: 'pipeline', prefix: '', pipes: [], name: pipeline[1] };
      pipelines.set(pipeline[1]!, []);
    } else if (/^\s*pipe_through\b/.test(line)) {
      // Pipelines by name (`:api`) and module plugs listed beside them (`pipe_through [:api, MyWeb.Plugs.RequireLogin]`),
      // a module under its full name.
      const names = [...line.replace(/#.*$/, '').matchAll(/(?<![\w.]):(\w+)|(?<![\w.:])([A-Z][\w.]*)/g)].map((m) =>
        m[1] !== undefined ? m[1] : fullName(m[2]!),
      );
      if (top) top.pipes.push(...names);
    } else if (/^\s*plug\b/.test(line)) {
      const plugged =
        /^\s*plug\s*\(?\s*(:\w+|[A-Z][\w.]*)/.exec(line)?.[1] ??
        (/^\s*plug\s*\(\s*$/.test(line) ? /^\s*(:\w+|[A-Z][\w.]*)/.exec(lines[i + 1] ?? '')?.[1] : undefined);
      const named = plugged === 'Unplug' ? (unplugged(lines, i) ?? plugged) : plugged;
      const name = named && !named.startsWith(':') ? fullName(named) : named;
      const inPipeline = stack.find((f) => f.kind === 'pipeline');
      const accepts = /^\s*plug\s*\(?\s*:accepts\s*,\s*\[([^\]]*)\]/.exec(line)?.[1];
      if (inPipeline && accepts && /"html"/.test(accepts) && !/"json"|"json-api"|"jsonapi"/.test(accepts))
        htmlPipelines.add(inPipeline.name!);
      if (name && inPipeline) pipelines.get(inPipeline.name!)!.push(name);
      else if (name && !stack.some((f) => f.kind === 'scope'))
        middleware.push({ name, file, line: i + 1, text: trimmed, reached: false });
    } else if (verb) {
      const [, v, plugVerb, p] = verb;
      const pipes = pipesNow();
      const base = {
        file,
        line: i + 1,
        framework: isPlugRouter ? 'plug' : 'phoenix',
        reached: false,
        ...(pipes.length ? { middleware: pipes } : {}),
      };
      const ctl = /"[^"]*"\s*,\s*([A-Z][\w.]*)/.exec(line)?.[1];
      const action = /,\s*:(\w+)/.exec(line.slice(line.indexOf('"', line.indexOf('"') + 1)))?.[1];
      if (v === 'resources' || v === 'resource') {
        const only = /\bonly:\s*\[([^\]]*)\]/.exec(line)?.[1];
        const except = /\bexcept:\s*\[([^\]]*)\]/.exec(line)?.[1];
        for (const [method, sub, act] of RESOURCE_ACTIONS) {
          if (only && !new RegExp(`:${act}\\b`).test(only)) continue;
          if (except && new RegExp(`:${act}\\b`).test(except)) continue;
          const subPath = v === 'resource' ? sub.replace('/:id', '') : sub;
          routes.push({
            ...base,
            method,
            path: joinPath(p!, subPath),
            handler: ctl ? `${ctl}.${act}` : undefined,
            fullPath: joinPath(...prefixNow(), p!, subPath),
          });
        }
        if (/\bdo\s*\)?\s*$/.test(line.replace(/#.*$/, '')))
          pushed = {
            kind: 'resources',
            prefix: `${p}/:${(p!.split('/').pop() ?? 'id').replace(/s$/, '')}_id`,
            pipes: [],
          };
      } else {
        const method = v === 'live' ? 'GET' : v === 'forward' || v === 'match' ? 'ANY' : v!.toUpperCase();
        routes.push({
          ...base,
          method: plugVerb && v === 'match' ? plugVerb.toUpperCase() : method,
          path: p!,
          handler: ctl ? (action ? `${ctl}.${action}` : ctl) : undefined,
          fullPath: joinPath(...prefixNow(), p!),
          ...(v === 'live' ? { page: true } : {}),
        });
      }
    }
    if (pushed) {
      stack.push(pushed);
      // The `do` that opened this frame is counted by blockDelta: push plain frames for any other openers.
      for (let k = 1; k < opens; k++) stack.push({ kind: 'block', prefix: '', pipes: [] });
    } else for (let k = 0; k < opens; k++) stack.push({ kind: 'block', prefix: '', pipes: [] });
    for (let k = 0; k < closes; k++) stack.pop();
  });
  // Pipelines' plugs run before the routes piped through them; a route piped through an HTML-only pipeline
  // (`pipe_through :browser`) serves pages.
  for (const r of routes) {
    if (!r.middleware) continue;
    if (r.middleware.some((p) => htmlPipelines.has(p))) r.page = true;
    r.middleware = r.middleware.flatMap((p) => (/^[A-Z]/.test(p) ? [p] : [`:${p}`, ...(pipelines.get(p) ?? [])]));
  }
  return { routes, middleware, pipelines };
}

export function elixirServiceModel(
  repo: RepoIndex,
  code: CodeFacts,
  files: string[],
  reachable: (p: string) => boolean,
): ElixirServiceModel {
  const routes: ServiceRoute[] = [];
  const middleware: ServiceMiddleware[] = [];
  for (const f of files) {
    if (!f.endsWith('.ex')) continue;
    const raw = repo.read(f) ?? '';
    const isEndpoint = PHOENIX_ENDPOINT_IN.test(raw);
    if (!isEndpoint && !/^\s*use\s+(?:Phoenix\.Router|Plug\.Router|[\w.]+,\s*:router)\b/m.test(raw)) continue;
    const text = code.text(f) ?? raw;
    const model = routerModel(f, text, /^\s*use\s+Plug\.Router\b/m.test(raw));
    if (!isEndpoint) routes.push(...model.routes);
    middleware.push(...model.middleware);
    if (raw.includes('request_path') || raw.includes('path_info')) routes.push(...pathPlugRoutes(f, text));
  }
  const moduleFile = elixirModuleFile(repo, files);
  // A module plug of the endpoint or router (`plug MyWeb.Plugs.Status`) whose `call` clauses answer one path each.
  for (const m of middleware) {
    const file = /^[A-Z]/.test(m.name) ? moduleFile(m.name) : undefined;
    const text = file ? (code.text(file) ?? repo.read(file) ?? '') : '';
    if (file && (text.includes('request_path') || text.includes('path_info')))
      routes.push(...pathPlugRoutes(file, text, new Set(['call'])));
  }
  for (const r of routes) r.reached = reachable(r.file);
  for (const m of middleware) m.reached = reachable(m.file);
  markFileResponses(repo, routes, moduleFile);
  return { routes, middleware };
}

/** A plug clause that matches one request path: `defp ping(%{request_path: "/ping"} = conn, _opts)`, `path_info: ["health"]`. */
const PATH_PLUG_CLAUSE =
  /^[ \t]*defp?[ \t]+(\w+)[ \t]*\([ \t]*%(?:(?:Plug\.)?Conn)?\{[^}\n]*?\b(?:request_path:[ \t]*"(\/[^"]*)"|path_info:[ \t]*\[([^\]\n]*)\])/gm;
const SENDS_RESPONSE = /\bsend_resp\s*\(|\|>\s*(?:json|text|send_resp)\s*\(|\bresp\s*\(/;

/**
 * Function plugs of an endpoint or router that answer one path themselves before the router runs (a liveness probe
 * written as `plug :ping` with `defp ping(%{request_path: "/ping"} = conn, _opts)` that sends 200 and halts): each
 * such clause of a plugged function serves that path.
 */
function pathPlugRoutes(
  file: string,
  text: string,
  plugged = new Set([...text.matchAll(/^\s*plug\s*\(?\s*:(\w+)/gm)].map((m) => m[1]!)),
): ServiceRoute[] {
  const out: ServiceRoute[] = [];
  const lines = text.split('\n');
  for (const m of text.matchAll(PATH_PLUG_CLAUSE)) {
    if (!plugged.has(m[1]!)) continue;
    const p = m[2] ?? `/${[...(m[3] ?? '').matchAll(/"([^"]*)"/g)].map((x) => x[1]).join('/')}`;
    if (p === '/' && !m[2]) continue;
    const line = text.slice(0, m.index).split('\n').length;
    // The clause, up to the next definition.
    const body: string[] = [];
    for (let i = line - 1; i < Math.min(lines.length, line + 15); i++) {
      if (i > line - 1 && /^\s*defp?\s/.test(lines[i]!)) break;
      body.push(lines[i]!);
    }
    if (!SENDS_RESPONSE.test(body.join('\n'))) continue;
    out.push({ method: 'ANY', path: p, fullPath: p, file, line, framework: 'phoenix', reached: false });
  }
  return out;
}

/**
 * A controller action that answers with a file, a download, a feed or a redirect (`send_file`, `send_download`,
 * `put_resp_content_type("application/rss+xml")`, `redirect(conn, to: …)`) and never with JSON is no API call: such
 * routes are marked as pages (media streams, RSS/OPML feeds, images served to podcast or feed readers).
 */
const FILE_RESPONSE =
  /\bsend_file\s*\(|\bsend_download\s*\(|\bput_resp_content_type\s*\(\s*(?:"(?:application\/(?:rss|atom|opml)\+xml|text\/(?:html|xml|calendar|csv)|application\/xml)|MIME\.from_path\b)|\bredirect\s*\(/;
const JSON_RESPONSE =
  /\bjson\s*\(|\brender\s*\(\s*conn\s*,\s*["']?[\w.]*json|application\/json|Jason\.encode|\bput_view\s*\(.*JSON/;

/** The production file that defines a module (by its full name or a trailing part of it), memoised. */
function elixirModuleFile(repo: RepoIndex, files: string[]): (mod: string) => string | undefined {
  const modules = new Map<string, string | undefined>();
  return (mod) => {
    if (!modules.has(mod)) {
      const re = new RegExp(`^\\s*defmodule\\s+(?:[\\w.]+\\.)?${escapeRegExp(mod)}\\s+do\\b`, 'm');
      modules.set(
        mod,
        files.find((f) => f.endsWith('.ex') && !repo.get(f)?.isTest && re.test(repo.read(f) ?? '')),
      );
    }
    return modules.get(mod);
  };
}

function markFileResponses(
  repo: RepoIndex,
  routes: ServiceRoute[],
  moduleFile: (mod: string) => string | undefined,
): void {
  for (const r of routes) {
    if (r.page || r.method !== 'GET' || !r.handler) continue;
    const m = /^((?:\w+\.)*\w+)\.([a-z_]\w*[?!]?)$/.exec(r.handler);
    if (!m) continue;
    const file = moduleFile(m[1]!);
    if (!file) continue;
    const lines = repo.lines(file);
    const start = lines.findIndex((l) => new RegExp(`^\\s*def\\s+${m[2]}\\b`).test(l));
    if (start < 0) continue;
    // The action's clauses, up to the next function that is not another clause of it.
    const body: string[] = [];
    for (let i = start; i < lines.length; i++) {
      const l = lines[i]!;
      if (i > start && /^\s*defp?\s+(\w+)/.test(l) && !new RegExp(`^\\s*def\\s+${m[2]}\\b`).test(l)) break;
      body.push(l);
    }
    const text = body.join('\n');
    if (FILE_RESPONSE.test(text) && !JSON_RESPONSE.test(text)) r.page = true;
  }
}
