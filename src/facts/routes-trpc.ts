import type { Node } from 'web-tree-sitter';
import { jsFamilyParser } from './syntax-trees.js';

/**
 * tRPC procedures, read from a syntax tree: router objects (`t.router({ … })`, `router({ … })`,
 * `createTRPCRouter({ … })`) whose entries are procedures (`publicProcedure.input(schema).query(…)`), nested plain
 * objects or inline routers (their key becomes a path segment), or routers defined elsewhere (`posts: postRouter`,
 * a mount: the other module's procedures take the key as prefix).
 *
 * A procedure is served at `<endpoint>/<path.to.procedure>` by whichever adapter the project uses (standalone, fetch,
 * Express, Next.js, Fastify, Lambda …); its route here is `/path/to/procedure` with GET for queries and POST for
 * mutations, so a `health` procedure is a health route.
 */
export interface TrpcRoute {
  method: string;
  path: string;
  line: number;
  /** query | mutation | subscription */
  kind: string;
  /** The procedure's chain calls `.input(…)`: its input is validated. */
  input: boolean;
}

export interface TrpcMount {
  prefix: string;
  line: number;
  /** The identifier of the router defined elsewhere. */
  child: string;
}

export interface TrpcFacts {
  routes: TrpcRoute[];
  mounts: TrpcMount[];
}

/** Cheap text test for files worth parsing. */
export const TRPC_CANDIDATE = /\b(?:[Rr]outer|createTRPCRouter|createRouter)\s*\(\s*\{/;
/** A file of a project that uses tRPC (the server package is imported). */
export const TRPC_IMPORT = /["']@trpc\/server(?:\/[\w/-]*)?["']/;

const ROUTER_CALLEE = /(?:^|\.)(?:router|createTRPCRouter|createRouter|mergeRouters|createTRPCProxyRouter)$/i;
const PROC_KIND = /\.(query|mutation|subscription)\s*\(/g;

function keyName(pair: Node): string | undefined {
  const k = pair.childForFieldName('key');
  if (!k) return undefined;
  if (k.type === 'property_identifier' || k.type === 'identifier') return k.text;
  if (k.type === 'string') return k.text.slice(1, -1);
  return undefined;
}

function routerObject(n: Node): Node | undefined {
  if (n.type !== 'call_expression') return undefined;
  const f = n.childForFieldName('function');
  if (!f || !ROUTER_CALLEE.test(f.text)) return undefined;
  const a = n.childForFieldName('arguments')?.namedChildren.find((c) => c && c.type !== 'comment');
  return a?.type === 'object' ? a : undefined;
}

const segment = (prefix: string, key: string): string => `${prefix}/${key}`;

function readObject(o: Node, prefix: string, out: TrpcFacts): void {
  for (const c of o.namedChildren) {
    if (!c) continue;
    if (c.type === 'shorthand_property_identifier') {
      out.mounts.push({ prefix: segment(prefix, c.text), line: c.startPosition.row + 1, child: c.text });
      continue;
    }
    if (c.type !== 'pair') continue;
    const key = keyName(c);
    const value = c.childForFieldName('value');
    if (!key || !value) continue;
    const line = c.startPosition.row + 1;
    const inner = value.type === 'object' ? value : routerObject(value);
    if (inner) {
      readObject(inner, segment(prefix, key), out);
      continue;
    }
    if (value.type === 'identifier' || value.type === 'member_expression') {
      out.mounts.push({ prefix: segment(prefix, key), line, child: value.text });
      continue;
    }
    // The procedure kind is the last .query/.mutation/.subscription of the chain (the resolver may call others).
    const head = value.type === 'call_expression' ? (value.childForFieldName('function')?.text ?? '') : value.text;
    const kinds = [...head.matchAll(PROC_KIND)].map((m) => m[1]!);
    const kindAtEnd = /\.(query|mutation|subscription)$/.exec(head)?.[1];
    const kind = kindAtEnd ?? kinds.pop();
    if (!kind && !/[Pp]rocedure\b/.test(value.text)) continue;
    out.routes.push({
      method: kind === 'mutation' ? 'POST' : kind === 'query' ? 'GET' : 'ANY',
      path: segment(prefix, key),
      line,
      kind: kind ?? 'procedure',
      input: /\.input\s*\(/.test(head),
    });
  }
}

export function trpcRoutes(file: string, text: string): TrpcFacts {
  const out: TrpcFacts = { routes: [], mounts: [] };
  const tree = jsFamilyParser(file).parse(text);
  if (!tree) return out;
  try {
    const visit = (n: Node): void => {
      const o = routerObject(n);
      if (o) {
        readObject(o, '', out);
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
