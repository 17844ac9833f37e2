import type { Node } from 'web-tree-sitter';
import { jsFamilyParser } from './syntax-trees.js';
import { joinPath } from './url-path.js';

/**
 * Routes of the fetch-style TypeScript servers, read from a real syntax tree (tree-sitter) because their idioms are
 * chains and nested calls a line regex misreads: Hono (`new Hono().basePath('/api')`, `app.get/post/on/all`,
 * `app.route('/v1', sub)`, `app.use('*', cors())`), Elysia (`new Elysia({ prefix }).get(…).group('/v1', (app) =>
 * app.post(…)).listen(3000)`, `.use(plugin)`, lifecycle hooks such as `.onError`), and h3 (`createRouter().get(…)`,
 * `app.use('/x', eventHandler(…))`, h3 v2 `new H3().get(…)`).
 *
 * A registration counts only on an application object the file creates (a constructor, possibly at the head of a
 * chain), on a variable derived from one (`const api = app.basePath('/api')`), on a parameter typed as one
 * (`(app: Hono) => …`), or on the parameter of an Elysia group callback: `client.get('/x')`, `request(app).get('/health')`
 * are not routes.
 */
export type TsServerFramework = 'hono' | 'elysia' | 'h3';

export interface TsRoute {
  method: string;
  /** The path with the prefixes known in this file (basePath, Elysia prefix and groups, in-file sub-app routes). */
  path: string;
  line: number;
  framework: TsServerFramework;
  /** The application variable the route is registered on. */
  receiver: string;
  /** The handler when it is named (last argument), as written. */
  handler?: string;
  /** Arguments between the path and the handler (`zValidator('json', schema)`, `auth`), by their callee or name. */
  middleware?: string[];
  /** Elysia: schema keys of the route's hook object (`body`, `query`, `params`), validated by the framework. */
  schema?: string[];
}

export interface TsMount {
  /** The full prefix the mounted application's routes get (the parent's prefix included). */
  prefix: string;
  line: number;
  /** The mounted value as written: an identifier imported from another module (`auth`, `users.routes`). */
  child: string;
  /** The application variable it is mounted on. */
  receiver: string;
}

export interface TsMiddleware {
  /** What is registered: the callee of a factory call (`cors`, `secureHeaders`), an identifier, or a hook name (`onError`). */
  name: string;
  line: number;
  /** The path pattern it is limited to (`/api/*`), when given. */
  path?: string;
}

export interface TsServerApp {
  name: string;
  framework: TsServerFramework;
  line: number;
  prefix: string;
}

export interface TsServerFacts {
  apps: TsServerApp[];
  routes: TsRoute[];
  mounts: TsMount[];
  middleware: TsMiddleware[];
}

/** Cheap text test for files worth parsing. */
export const TS_SERVER_CANDIDATE =
  /\bnew\s+(?:Hono|OpenAPIHono|Elysia|H3)\b|\bcreate(?:App|Router)\s*\(|\.createApp\s*\(|:\s*(?:Hono|OpenAPIHono|Elysia)\b/;

const VERBS = new Set(['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'all']);
const HOOKS = new Set([
  'onError',
  'notFound',
  'onRequest',
  'onBeforeHandle',
  'onAfterHandle',
  'onAfterResponse',
  'onTransform',
  'onParse',
  'derive',
  'resolve',
  'guard',
  'macro',
]);

interface Binding {
  framework: TsServerFramework;
  prefix: string;
}

const line = (n: Node): number => n.startPosition.row + 1;

/**
 * Express 4 (path-to-regexp 0.1) optional groups dropped: `/status(/hooks)?` is served at `/status` too, and that base
 * path is what the route is (a health check, a versioned route).
 */
export function withoutOptionalGroups(p: string): string {
  return p.replace(/\([^()]*\)\?/g, '');
}

/** The value of a string literal or a template without substitutions. */
function stringValue(n: Node | null | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'string') return n.text.slice(1, -1);
  if (n.type === 'template_string' && !n.namedChildren.some((c) => c?.type === 'template_substitution'))
    return n.text.slice(1, -1);
  return undefined;
}

/** A call's arguments, comments left out. */
export function args(call: Node): Node[] {
  const a = call.childForFieldName('arguments');
  return a ? (a.namedChildren.filter((c) => c && c.type !== 'comment') as Node[]) : [];
}

/** `cors()` → cors, `hono.cors()` → cors, `mw` → mw, `auth.required` → auth.required. */
function calleeName(n: Node): string {
  if (n.type === 'call_expression') {
    const f = n.childForFieldName('function');
    if (f?.type === 'member_expression') return f.childForFieldName('property')?.text ?? f.text;
    return f ? calleeName(f) : n.text.slice(0, 40);
  }
  if (n.type === 'await_expression') return calleeName(n.namedChildren[0]!);
  if (n.type === 'identifier' || n.type === 'member_expression') return n.text;
  if (n.type === 'arrow_function' || n.type === 'function_expression' || n.type === 'function') return '(inline)';
  return n.text.slice(0, 40);
}

/**
 * The names a route's middleware argument goes by: its callee, and for a wrapper around one function
 * (`asyncHandler(auth.admin)`, `catchAsync(requireAdmin)`) the wrapped function too.
 */
function middlewareNames(n: Node): string[] {
  const names = [calleeName(n)];
  if (n.type === 'call_expression' && n.childForFieldName('function')?.type === 'identifier') {
    const args = n.childForFieldName('arguments')?.namedChildren ?? [];
    const only = args.length === 1 ? args[0] : undefined;
    if (only && (only.type === 'identifier' || only.type === 'member_expression')) names.push(only.text);
  }
  return names;
}

/** The framework a constructor or factory call creates, and the prefix its options set. */
function constructed(n: Node, imports: Set<TsServerFramework>): Binding | undefined {
  if (n.type === 'new_expression') {
    const ctor = n.childForFieldName('constructor')?.text;
    const opts = n.childForFieldName('arguments')?.namedChildren[0];
    if (ctor === 'Hono' || ctor === 'OpenAPIHono') return { framework: 'hono', prefix: '' };
    if (ctor === 'Elysia') return { framework: 'elysia', prefix: optionPrefix(opts) };
    if (ctor === 'H3') return { framework: 'h3', prefix: '' };
    return undefined;
  }
  if (n.type === 'call_expression') {
    const f = n.childForFieldName('function');
    const name = f?.type === 'member_expression' ? f.childForFieldName('property')?.text : f?.text;
    // createApp() is h3's (and hono/factory's, usually as factory.createApp()); createRouter() is h3's.
    if (name === 'createRouter' && imports.has('h3')) return { framework: 'h3', prefix: '' };
    if (name === 'createApp') {
      if (f?.type === 'member_expression' && imports.has('hono')) return { framework: 'hono', prefix: '' };
      if (imports.has('h3')) return { framework: 'h3', prefix: '' };
      if (imports.has('hono')) return { framework: 'hono', prefix: '' };
    }
  }
  return undefined;
}

function optionPrefix(opts: Node | null | undefined): string {
  if (opts?.type !== 'object') return '';
  for (const p of opts.namedChildren) {
    if (p?.type !== 'pair') continue;
    if (p.childForFieldName('key')?.text === 'prefix') return stringValue(p.childForFieldName('value')) ?? '';
  }
  return '';
}

/** Which of the frameworks the file imports (or names in a type). */
function importedFrameworks(text: string): Set<TsServerFramework> {
  const out = new Set<TsServerFramework>();
  if (/["'](?:hono|@hono\/[\w-]+)(?:\/[\w-]+)*["']|\bHono\b/.test(text)) out.add('hono');
  if (/["']elysia["']|\bElysia\b/.test(text)) out.add('elysia');
  if (/["']h3["']|\bdefineEventHandler\b|\beventHandler\b/.test(text)) out.add('h3');
  return out;
}

export function tsServerRoutes(path: string, text: string): TsServerFacts {
  const out: TsServerFacts = { apps: [], routes: [], mounts: [], middleware: [] };
  if (!TS_SERVER_CANDIDATE.test(text)) return out;
  const imports = importedFrameworks(text);
  if (!imports.size) return out;
  let tree: ReturnType<ReturnType<typeof jsFamilyParser>['parse']>;
  try {
    tree = jsFamilyParser(path).parse(text);
  } catch {
    return out;
  }
  if (!tree) return out;
  try {
    collect(tree.rootNode, imports, out);
  } finally {
    tree.delete();
  }
  return out;
}

function collect(root: Node, imports: Set<TsServerFramework>, out: TsServerFacts): void {
  const vars = new Map<string, Binding>();
  /** Parameters bound to an application: typed parameters and Elysia group callbacks, with their scope. */
  const scoped: { name: string; start: number; end: number; binding: Binding }[] = [];

  const lookup = (name: string, at: number): Binding | undefined => {
    let best: (typeof scoped)[number] | undefined;
    for (const s of scoped)
      if (s.name === name && s.start <= at && at < s.end && (!best || s.start >= best.start)) best = s;
    return best?.binding ?? vars.get(name);
  };

  /** The application a chain starts from, with the prefix the chain adds (basePath). */
  const rootOf = (n: Node): { binding: Binding; name: string } | undefined => {
    switch (n.type) {
      case 'identifier':
      case 'this': {
        const b = lookup(n.text, n.startIndex);
        return b ? { binding: b, name: n.text } : undefined;
      }
      case 'parenthesized_expression':
      case 'non_null_expression':
      case 'as_expression':
      case 'satisfies_expression':
        return n.namedChildren[0] ? rootOf(n.namedChildren[0]) : undefined;
      case 'new_expression': {
        const b = constructed(n, imports);
        return b ? { binding: b, name: '(inline)' } : undefined;
      }
      case 'call_expression': {
        const direct = constructed(n, imports);
        if (direct) return { binding: direct, name: '(inline)' };
        const f = n.childForFieldName('function');
        if (f?.type !== 'member_expression') return undefined;
        const obj = f.childForFieldName('object');
        const inner = obj ? rootOf(obj) : undefined;
        if (!inner) return undefined;
        if (f.childForFieldName('property')?.text === 'basePath') {
          const p = stringValue(args(n)[0]);
          if (p !== undefined)
            return { binding: { ...inner.binding, prefix: joinPath(inner.binding.prefix, p) }, name: inner.name };
        }
        return inner;
      }
      default:
        return undefined;
    }
  };

  // Application variables, in document order (a derived variable follows the one it derives from).
  const declare = (n: Node): void => {
    if (n.type === 'variable_declarator') {
      const name = n.childForFieldName('name');
      const value = n.childForFieldName('value');
      if (name?.type === 'identifier' && value) {
        const r = rootOf(value);
        if (r) {
          vars.set(name.text, r.binding);
          if (r.name === '(inline)')
            out.apps.push({ name: name.text, framework: r.binding.framework, line: line(n), prefix: r.binding.prefix });
        }
      }
    }
    // Parameters typed as an application: (app: Hono), (app: Elysia), function routes(app: OpenAPIHono<Env>).
    if (n.type === 'required_parameter' || n.type === 'optional_parameter') {
      const type = n.childForFieldName('type')?.text.replace(/^:\s*/, '') ?? '';
      const fw = /^(?:Hono|OpenAPIHono)\b/.test(type)
        ? 'hono'
        : /^Elysia\b/.test(type)
          ? 'elysia'
          : /^(?:H3|App|Router)\b/.test(type) && imports.has('h3')
            ? 'h3'
            : undefined;
      const pattern = n.childForFieldName('pattern');
      const fn = n.parent?.parent;
      if (fw && pattern?.type === 'identifier' && fn)
        scoped.push({
          name: pattern.text,
          start: fn.startIndex,
          end: fn.endIndex,
          binding: { framework: fw, prefix: '' },
        });
    }
  };
  // In document order, a node before those inside it (the parser's own walk: far cheaper than one from JavaScript).
  for (const n of root.descendantsOfType(['variable_declarator', 'required_parameter', 'optional_parameter']))
    if (n) declare(n);

  /** Elysia .group('/v1', [hooks,] (app) => app.get(…)): the callback's parameter is the group. */
  const bindGroup = (call: Node, binding: Binding, prefix: string): void => {
    const cb = args(call).find((a) => a.type === 'arrow_function' || a.type === 'function_expression');
    const params = cb?.childForFieldName('parameters') ?? cb?.childForFieldName('parameter');
    const first =
      params?.type === 'identifier'
        ? params
        : (params?.namedChildren[0]?.childForFieldName('pattern') ?? params?.namedChildren[0]);
    if (cb && first?.type === 'identifier')
      scoped.push({
        name: first.text,
        start: cb.startIndex,
        end: cb.endIndex,
        binding: { framework: binding.framework, prefix: joinPath(binding.prefix, prefix) },
      });
  };

  /** In-file sub-applications: child variable → the parent it is mounted on and the mount path (with the parent's basePath). */
  const inFile = new Map<string, { parent: string; prefix: string }>();

  const visit = (n: Node): void => {
    const f = n.childForFieldName('function');
    if (f?.type === 'member_expression') {
      const prop = f.childForFieldName('property')?.text ?? '';
      const obj = f.childForFieldName('object');
      const r = obj ? rootOf(obj) : undefined;
      if (r) register(n, prop, r.binding, r.name, f.childForFieldName('property') ?? n);
    }
  };

  /** Registrations in source order: a chain is visited from its last call, so each is keyed by its method name's offset. */
  const order = new Map<object, number>();
  const register = (call: Node, prop: string, b: Binding, receiver: string, name: Node): void => {
    const a = args(call);
    const p0 = stringValue(a[0]);
    // In a chain the call starts where the chain starts: the registration is on the line of its method name.
    const at = line(name);
    const before = { routes: out.routes.length, middleware: out.middleware.length, mounts: out.mounts.length };
    registerAt(call, prop, b, receiver, a, p0, at);
    for (const r of out.routes.slice(before.routes)) order.set(r, name.startIndex);
    for (const m of out.middleware.slice(before.middleware)) order.set(m, name.startIndex);
    for (const m of out.mounts.slice(before.mounts)) order.set(m, name.startIndex);
  };
  const registerAt = (
    call: Node,
    prop: string,
    b: Binding,
    receiver: string,
    a: Node[],
    p0: string | undefined,
    at: number,
  ): void => {
    if (VERBS.has(prop) && p0 !== undefined) {
      pushRoute(prop === 'all' ? 'ANY' : prop.toUpperCase(), p0, a.slice(1), b, receiver, at);
      return;
    }
    // Hono app.on('GET' | ['GET', 'POST'], '/path', h); Elysia .route('GET', '/path', h).
    if ((prop === 'on' || prop === 'route') && a.length >= 3 && stringValue(a[1]) !== undefined) {
      const methods =
        a[0]!.type === 'array'
          ? a[0]!.namedChildren.map((m) => stringValue(m)).filter((m): m is string => !!m)
          : [stringValue(a[0]) ?? 'ANY'];
      for (const m of methods) pushRoute(m.toUpperCase(), stringValue(a[1])!, a.slice(2), b, receiver, at);
      return;
    }
    // Hono app.route('/v1', sub): a sub-application under a prefix.
    if (prop === 'route' && p0 !== undefined && a[1]) {
      const child = a[1].text;
      const prefix = joinPath(b.prefix, p0);
      if (vars.has(child) && child !== receiver) inFile.set(child, { parent: receiver, prefix });
      else out.mounts.push({ prefix, line: at, child, receiver });
      return;
    }
    // Hono/Elysia mount('/x', fetchHandler): every method under the prefix goes to another handler.
    if (prop === 'mount' && p0 !== undefined) {
      pushRoute('ANY', joinPath(p0, '*'), a.slice(1), b, receiver, at);
      return;
    }
    if (prop === 'group' && p0 !== undefined && b.framework === 'elysia') {
      bindGroup(call, b, p0);
      return;
    }
    if (prop === 'use') {
      const rest = p0 !== undefined ? a.slice(1) : a;
      // h3 v1: app.use('/api/health', eventHandler(…)) answers that path.
      if (
        b.framework === 'h3' &&
        p0 !== undefined &&
        rest.some((x) => /^(?:define)?EventHandler$/i.test(calleeName(x)))
      ) {
        pushRoute('ANY', p0, rest, b, receiver, at);
        return;
      }
      for (const x of rest) {
        const name = calleeName(x);
        out.middleware.push({ name, line: at, ...(p0 !== undefined ? { path: p0 } : {}) });
        // Elysia .use(plugin) inside a group: the plugin's routes get the group prefix.
        if (b.framework === 'elysia' && b.prefix && x.type === 'identifier' && !vars.has(x.text))
          out.mounts.push({ prefix: b.prefix, line: at, child: x.text, receiver });
      }
      return;
    }
    if (HOOKS.has(prop)) out.middleware.push({ name: prop, line: at });
  };

  const pushRoute = (method: string, path: string, rest: Node[], b: Binding, receiver: string, at: number): void => {
    let handlerNode = rest[rest.length - 1];
    let schema: string[] | undefined;
    // Elysia: (path, handler, { body: t.Object(…), beforeHandle }) — the hook object comes last.
    if (b.framework === 'elysia' && handlerNode?.type === 'object' && rest.length >= 2) {
      schema = handlerNode.namedChildren
        .filter((p) => p?.type === 'pair' || p?.type === 'shorthand_property_identifier')
        .map((p) => (p!.type === 'pair' ? (p!.childForFieldName('key')?.text ?? '') : p!.text))
        .filter((k) => /^(body|query|params|headers|cookie|response)$/.test(k));
      handlerNode = rest[rest.length - 2];
    }
    const between = rest.slice(0, handlerNode ? rest.indexOf(handlerNode) : 0);
    const handler =
      handlerNode && (handlerNode.type === 'identifier' || handlerNode.type === 'member_expression')
        ? handlerNode.text
        : undefined;
    out.routes.push({
      method,
      path: joinPath(b.prefix, withoutOptionalGroups(path)),
      line: at,
      framework: b.framework,
      receiver,
      ...(handler ? { handler } : {}),
      ...(between.length ? { middleware: between.flatMap(middlewareNames) } : {}),
      ...(schema?.length ? { schema } : {}),
    });
  };

  // Calls in document order, an outer call (the end of a chain) before the calls inside it.
  for (const n of root.descendantsOfType('call_expression')) if (n) visit(n);
  const byOrder = (x: object, y: object): number => (order.get(x) ?? 0) - (order.get(y) ?? 0);
  out.routes.sort(byOrder);
  out.middleware.sort(byOrder);
  out.mounts.sort(byOrder);
  // In-file sub-applications (app.route('/v1', v1) with v1 = new Hono() above): their routes take the mount prefix.
  const extra = (name: string, depth = 0): string => {
    const m = inFile.get(name);
    return m && depth < 10 ? joinPath(extra(m.parent, depth + 1), m.prefix) : '';
  };
  if (inFile.size) {
    for (const r of out.routes) if (inFile.has(r.receiver)) r.path = joinPath(extra(r.receiver), r.path);
    // A sub-application mounted in this file passes its own mounts on with the prefix.
    for (const m of out.mounts) if (inFile.has(m.receiver)) m.prefix = joinPath(extra(m.receiver), m.prefix);
  }
}
