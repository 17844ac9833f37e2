/**
 * The HTTP methods a Next.js App Router route file (`app/…/route.ts`) exports, however the export is written:
 *
 * - a declaration: `export async function GET(…)`, `export const POST = …`;
 * - an export list: `export { GET, POST }`, `export { handler as GET, handler as POST }` (the NextAuth v4 route),
 *   `export { GET } from './shared'`;
 * - a destructuring declaration: `export const { GET, POST } = handlers` (the Auth.js v5 route).
 *
 * Each method comes with the local name of its handler (the function or constant the file runs for it, when the file
 * declares one) and the offset that best shows it: the handler's own declaration in the file when there is one (the
 * `const GET = compose(protect, list)` an export list names), else the export.
 */

import { escapeRegExp } from '../repo/text.js';

export interface NextRouteExport {
  method: string;
  /** The local name the file gives the handler (`handler` in `export { handler as GET }`); the method for a declaration. */
  handler: string;
  offset: number;
}

const METHOD = /^(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$/;
const DECLARED =
  /^export\s+(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+|var\s+)(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\b/gm;
const EXPORT_LIST = /^export\s*\{([^{}]*)\}/gm;
const DESTRUCTURED = /^export\s+(?:const|let|var)\s*\{([^{}]*)\}\s*=/gm;

/** The local declaration of `name` in the file (`const GET =`, `function handler(`), if any. */
function declarationOf(text: string, name: string): number | undefined {
  if (!/^[\w$]+$/.test(name)) return undefined;
  const re = new RegExp(
    `^[ \\t]*(?:export\\s+)?(?:async\\s+)?(?:function\\s*\\*?\\s*|const\\s+|let\\s+|var\\s+)${escapeRegExp(name)}\\b`,
    'm',
  );
  return re.exec(text)?.index;
}

/** The member list of an export without its block and line comments. */
function withoutComments(list: string): string {
  return list.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
}

export function nextRouteExports(text: string): NextRouteExport[] {
  const out: NextRouteExport[] = [];
  const seen = new Set<string>();
  const add = (method: string, handler: string, offset: number): void => {
    if (seen.has(method)) return;
    seen.add(method);
    out.push({ method, handler, offset });
  };
  for (const m of text.matchAll(DECLARED)) add(m[1]!, m[1]!, m.index!);
  for (const m of text.matchAll(EXPORT_LIST)) {
    // Comments go before the list is split: one holding a comma (`// read, then list`) would split a member.
    for (const raw of withoutComments(m[1]!).split(',')) {
      const parts = raw.trim().split(/\s+/);
      // `{ GET }` or `{ handler as GET }`; a type-only member (`type Params`) is no handler.
      const [local, method] =
        parts.length === 1
          ? [parts[0]!, parts[0]!]
          : parts.length === 3 && parts[1] === 'as'
            ? [parts[0]!, parts[2]!]
            : [];
      if (!local || !method || !METHOD.test(method)) continue;
      add(method, local, declarationOf(text, local) ?? m.index!);
    }
  }
  for (const m of text.matchAll(DESTRUCTURED))
    for (const raw of withoutComments(m[1]!).split(',')) {
      // `{ GET, POST }`, or `{ handlers: { GET, POST } }` never reaches here (nested braces are not read).
      const name = raw.split(':').pop()!.trim();
      if (METHOD.test(name)) add(name, name, m.index!);
    }
  return out;
}
