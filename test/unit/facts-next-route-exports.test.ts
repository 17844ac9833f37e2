import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { nextRouteExports } from '../../src/facts/next-route-exports.js';
import { RepoIndex } from '../../src/repo/index.js';

describe('Next.js route file exports', () => {
  it('reads declarations, as before', () => {
    const e = nextRouteExports('export async function GET() {}\nexport const POST = async () => {};\n');
    expect(e.map((x) => [x.method, x.handler, x.offset])).toEqual([
      ['GET', 'GET', 0],
      ['POST', 'POST', 31],
    ]);
  });

  it('reads an export list, citing the local declaration', () => {
    const text = 'const GET = compose(gate, list);\n\nexport { GET };\n';
    expect(nextRouteExports(text)).toEqual([{ method: 'GET', handler: 'GET', offset: 0 }]);
  });

  it('reads renamed members (the NextAuth v4 route) and re-exports', () => {
    const text =
      "const handler = NextAuth(options);\nexport { handler as GET, handler as POST };\nexport { PUT } from './shared';\n";
    const e = nextRouteExports(text);
    expect(e.map((x) => [x.method, x.handler])).toEqual([
      ['GET', 'handler'],
      ['POST', 'handler'],
      ['PUT', 'PUT'],
    ]);
    expect(e[0]!.offset).toBe(0);
    expect(e[2]!.offset).toBe(text.indexOf('export { PUT }'));
  });

  it('reads a destructuring export (the Auth.js v5 route)', () => {
    const e = nextRouteExports("import { handlers } from '@/auth';\nexport const { GET, POST } = handlers;\n");
    expect(e.map((x) => x.method)).toEqual(['GET', 'POST']);
  });

  it('reads members beside comments, even a comment holding a comma', () => {
    const list = 'const GET = read;\nexport {\n  GET, // reads, then lists\n  /* writes, once */ POST,\n};\n';
    expect(nextRouteExports(list).map((x) => x.method)).toEqual(['GET', 'POST']);
    const destructured = 'export const {\n  GET, // reads, then lists\n  /* writes */ POST,\n} = handlers;\n';
    expect(nextRouteExports(destructured).map((x) => x.method)).toEqual(['GET', 'POST']);
  });

  it('leaves out members that are no HTTP method, types and other exports', () => {
    const text = [
      'export { helper, runtime as dynamic };',
      'export type { GET } from "./types";',
      'export { type Params };',
      'export const { data } = load();',
    ].join('\n');
    expect(nextRouteExports(text)).toEqual([]);
  });

  it('gives the service model the routes of an export list', () => {
    const facts = new Facts(
      RepoIndex.fromMemory({
        'package.json': '{"dependencies":{"next":"15.0.0","react":"19.0.0"},"scripts":{"start":"next start"}}',
        'app/page.tsx': 'export default function P() { return null; }\n',
        'app/api/(v)/items/[id]/route.ts':
          'async function one() { return Response.json({}); }\nasync function drop() { return new Response(null); }\nexport { one as GET, drop as DELETE };\n',
      }),
    );
    const routes = facts.service.routes.filter((r) => r.framework === 'nextjs');
    expect(routes.map((r) => [r.method, r.path, r.handler, r.line])).toEqual([
      ['GET', '/api/items/[id]', 'one', 1],
      ['DELETE', '/api/items/[id]', 'drop', 2],
    ]);
  });

  it('applies a check composed into an exported handler, and not one composed into a helper no route runs', () => {
    const files = (route: string) =>
      new Facts(
        RepoIndex.fromMemory({
          'package.json':
            '{"dependencies":{"next":"15.0.0","react":"19.0.0","jsonwebtoken":"9.0.2"},"scripts":{"start":"next start"}}',
          'app/page.tsx': 'export default function P() { return null; }\n',
          'lib/chain.ts':
            'export const chain = (...s: any[]) => async (r: Request) => { for (const f of s) { const a = await f(r); if (a) return a; } };\n',
          'lib/gate.ts':
            "import jwt from 'jsonwebtoken';\nexport async function mustSignIn(r: Request) {\n  try {\n    jwt.verify(r.headers.get('authorization') ?? '', process.env.KEY as string);\n  } catch {\n    return new Response(null, { status: 401 });\n  }\n}\n",
          'app/api/notes/route.ts': route,
        }),
      );
    const composed = files(
      "import { chain } from '../../../lib/chain';\nimport { mustSignIn } from '../../../lib/gate';\nconst list = async () => Response.json([]);\nconst POST = chain(mustSignIn, list);\nexport { POST };\n",
    );
    expect(composed.authn.code?.how ?? '').toContain('composed into the POST handler');
    const helper = files(
      "import { chain } from '../../../lib/chain';\nimport { mustSignIn } from '../../../lib/gate';\nconst list = async () => Response.json([]);\nexport const guarded = chain(mustSignIn, list);\nexport { list as POST };\n",
    );
    expect(helper.authn.code?.how ?? '').not.toContain('composed');
  });
});
