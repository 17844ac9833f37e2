import type { Node } from 'web-tree-sitter';
import { joinPath as join } from './url-path.js';
import { args } from './routes-ts.js';
import { jsFamilyParser } from './syntax-trees.js';

/**
 * Remix 3's route maps, read from a syntax tree: `route({ … })` or `route('prefix', { … })` from `remix/routes` (the
 * fetch-router), whose entries are patterns by method (`health: get('/healthcheck')`, `signup: post('/signup')`),
 * `form('ticket')` (its page by GET, its action by POST), a bare pattern (any method) or a nested `route` (its prefix
 * joins the patterns inside). The router maps each entry to a controller's action by name, elsewhere. A GET entry
 * is taken for one of the application's pages, as the map is its site's tree; what its action renders is not read.
 */
export interface RemixRoute {
  method: string;
  path: string;
  line: number;
  page: boolean;
}

/** A file that builds a route map: it imports the route helpers. */
export const REMIX_ROUTES_IMPORT = /["'](?:remix\/(?:routes|fetch-router)|@remix-run\/fetch-router(?:\/routes)?)["']/;

const METHODS: Record<string, string[]> = {
  get: ['GET'],
  post: ['POST'],
  put: ['PUT'],
  patch: ['PATCH'],
  del: ['DELETE'],
  head: ['HEAD'],
  options: ['OPTIONS'],
  form: ['GET', 'POST'],
};

const stringValue = (n: Node | null | undefined): string | undefined =>
  n?.type === 'string' ? n.text.slice(1, -1) : undefined;

/** The callee's name and its arguments (comments left out) of a call. */
function call(n: Node): { name: string; args: Node[] } | undefined {
  if (n.type !== 'call_expression') return undefined;
  return { name: n.childForFieldName('function')?.text ?? '', args: args(n) };
}

/** A `route(…)` call's prefix and route object. */
function routeMap(n: Node): { prefix: string; map: Node } | undefined {
  const c = call(n);
  if (c?.name !== 'route') return undefined;
  const [first, second] = c.args;
  if (first?.type === 'object') return { prefix: '', map: first };
  const prefix = stringValue(first);
  return prefix !== undefined && second?.type === 'object' ? { prefix, map: second } : undefined;
}

function readMap(map: Node, prefix: string, out: RemixRoute[]): void {
  for (const pair of map.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const value = pair.childForFieldName('value');
    if (!value) continue;
    const line = pair.startPosition.row + 1;
    const inner = routeMap(value);
    if (inner) {
      readMap(inner.map, join(prefix, inner.prefix), out);
      continue;
    }
    const bare = stringValue(value);
    const c = bare === undefined ? call(value) : undefined;
    const pattern = bare ?? stringValue(c?.args[0]);
    const methods = bare !== undefined ? ['ANY'] : METHODS[c?.name ?? ''];
    if (pattern === undefined || !methods) continue;
    for (const method of methods) out.push({ method, path: join(prefix, pattern), line, page: method === 'GET' });
  }
}

export function remixRoutes(file: string, text: string): RemixRoute[] {
  const out: RemixRoute[] = [];
  const tree = jsFamilyParser(file).parse(text);
  if (!tree) return out;
  try {
    const visit = (n: Node): void => {
      const r = routeMap(n);
      if (r) {
        readMap(r.map, join('', r.prefix), out);
        return;
      }
      for (const c of n.namedChildren) if (c) visit(c);
    };
    visit(tree.rootNode);
  } finally {
    tree.delete();
  }
  return out;
}
