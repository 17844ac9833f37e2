import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { autoRoutePath, remixRoutePath } from '../../src/facts/routes-fs.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));
const routes = (files: Record<string, string>) =>
  facts(files).service.routes.map(
    (r) => `${r.method} ${r.fullPath}${r.page ? ' (page)' : ''}${r.reached ? '' : ' (unreached)'}`,
  );

describe('remixRoutePath', () => {
  it('reads Remix v2 flat routes, folder routes and remix-flat-routes + folders', () => {
    expect(remixRoutePath('_index.tsx')?.path).toBe('/');
    expect(remixRoutePath('users.$id.edit.tsx')?.path).toBe('/users/:id/edit');
    expect(remixRoutePath('users_.$id.tsx')?.path).toBe('/users/:id');
    expect(remixRoutePath('_auth.login.tsx')?.path).toBe('/login');
    expect(remixRoutePath('files.$.tsx')?.path).toBe('/files/*');
    expect(remixRoutePath('($lang).about.tsx')?.path).toBe('/:lang?/about');
    expect(remixRoutePath('sitemap[.]xml.ts')?.path).toBe('/sitemap.xml');
    expect(remixRoutePath('users.$id/route.tsx')?.path).toBe('/users/:id');
    expect(remixRoutePath('users.$id/avatar.tsx')).toBeNull();
    expect(remixRoutePath('api+/health.ts')?.path).toBe('/api/health');
    expect(remixRoutePath('_authenticated+/t.$teamUrl+/settings._index.tsx')?.path).toBe('/t/:teamUrl/settings');
    expect(remixRoutePath('api+/+helpers/format.ts')).toBeNull();
  });
});

describe('autoRoutePath', () => {
  it('reads react-router-auto-routes folders: each folder a segment, + folders and .server files skipped', () => {
    expect(autoRoutePath('resources/healthcheck.tsx')?.path).toBe('/resources/healthcheck');
    expect(autoRoutePath('_auth/login.tsx')?.path).toBe('/login');
    expect(autoRoutePath('people/$handle/posts/index.tsx')?.path).toBe('/people/:handle/posts');
    expect(autoRoutePath('people/$handle/posts/$postId_.edit.tsx')?.path).toBe('/people/:handle/posts/:postId/edit');
    expect(autoRoutePath('_auth/sso.$provider/index.ts')?.path).toBe('/sso/:provider');
    expect(autoRoutePath('_seo/robots[.]txt.ts')?.path).toBe('/robots.txt');
    expect(autoRoutePath('people/$handle/+parts/editor.tsx')).toBeNull();
    expect(autoRoutePath('_auth/login.server.ts')).toBeNull();
    expect(autoRoutePath('people/index.test.tsx')).toBeNull();
  });

  it('an app/routes.ts calling autoRoutes() registers the folder routes', () => {
    const r = routes({
      'package.json': JSON.stringify({
        dependencies: { '@react-router/node': '7.6.0', 'react-router-auto-routes': '0.2.0' },
      }),
      'app/root.tsx': 'export default function App() { return null; }\n',
      'app/routes.ts':
        "import { autoRoutes } from 'react-router-auto-routes';\nexport default autoRoutes({ ignoredRouteFiles: ['**/*.server.*'] });\n",
      'app/routes/status/ping.ts': "export async function loader() { return new Response('ok'); }\n",
      'app/routes/_auth/login.tsx':
        'export async function action() { return null; }\nexport default function Login() { return null; }\n',
      'app/routes/_auth/login.server.ts': 'export async function loader() { return null; }\n',
    });
    expect(r).toContain('GET /status/ping');
    expect(r).toContain('POST /login (page)');
    expect(r.some((x) => x.includes('login.server'))).toBe(false);
    expect(r).toHaveLength(2);
  });
});

describe('file-system routes', () => {
  it('NuxtHub before 0.10 builds for Cloudflare; from 0.10 it names no platform', () => {
    const nuxtHub = (version: string) =>
      facts({
        'package.json': JSON.stringify({ dependencies: { nuxt: '^4.1.0', '@nuxthub/core': version } }),
        'nuxt.config.ts': "export default defineNuxtConfig({ modules: ['@nuxthub/core'], hub: { kv: true } });\n",
        'server/api/ping.get.ts': "export default defineEventHandler(() => 'pong');\n",
      }).frameworks.get('nuxt')?.adapter;
    expect(nuxtHub('^0.9.1')).toBe('cloudflare-pages');
    expect(nuxtHub('^0.10.8')).toBeUndefined();
  });

  it('SvelteKit: +server.ts methods, page loads and actions, hooks as middleware; adapter-static is no server', () => {
    const app = {
      'package.json': JSON.stringify({
        devDependencies: { '@sveltejs/kit': '2.15.0', '@sveltejs/adapter-node': '5.2.0' },
      }),
      'svelte.config.js':
        "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n",
      'src/hooks.server.ts': 'export const handle = async ({ event, resolve }) => resolve(event);\n',
      'src/routes/(app)/api/items/[id]/+server.ts':
        'export async function GET() { return new Response(); }\nexport const DELETE = async () => new Response();\n',
      'src/routes/(app)/account/+page.server.ts':
        'export async function load() { return {}; }\nexport const actions = { default: async () => {} };\n',
      'src/routes/+page.svelte': '<h1>home</h1>\n',
    };
    const f = facts(app);
    expect(f.frameworks.get('sveltekit')?.adapter).toBe('@sveltejs/adapter-node');
    expect(routes(app).sort()).toEqual(
      [
        'DELETE /api/items/:id',
        'GET / (page)',
        'GET /account (page)',
        'GET /api/items/:id',
        'POST /account (page)',
      ].sort(),
    );
    expect(f.service.middleware).toEqual([
      expect.objectContaining({ name: 'handle', file: 'src/hooks.server.ts', reached: true }),
    ]);
    const staticSite = {
      ...app,
      'svelte.config.js':
        "import adapter from '@sveltejs/adapter-static';\nexport default { kit: { adapter: adapter() } };\n",
    };
    expect(facts(staticSite).frameworks.has('sveltekit')).toBe(false);
  });

  it('Nuxt and Nitro: server/api and server/routes with method suffixes, server middleware; ssr: false without server routes is static', () => {
    const app = {
      'package.json': JSON.stringify({ dependencies: { nuxt: '3.15.0' }, scripts: { build: 'nuxt build' } }),
      'nuxt.config.ts': "export default defineNuxtConfig({ nitro: { preset: 'node-server' } });\n",
      'server/api/orders/[id].get.ts':
        'export default defineEventHandler((event) => ({ id: getRouterParam(event, "id") }));\n',
      'server/api/orders/index.post.ts': 'export default defineEventHandler(async (event) => readBody(event));\n',
      'server/routes/healthz.ts': "export default defineEventHandler(() => 'ok');\n",
      'server/middleware/log.ts': 'export default defineEventHandler((event) => { console.log(event.path); });\n',
      'pages/index.vue': '<template><h1>shop</h1></template>\n',
    };
    const f = facts(app);
    expect(f.frameworks.get('nuxt')?.adapter).toBe('node-server');
    expect(routes(app).sort()).toEqual(
      ['ANY /healthz', 'GET / (page)', 'GET /api/orders/:id', 'POST /api/orders'].sort(),
    );
    expect(f.service.middleware.map((m) => m.name)).toEqual(['log']);
    const spa = {
      'package.json': JSON.stringify({ dependencies: { nuxt: '3.15.0' }, scripts: { build: 'nuxt generate' } }),
      'nuxt.config.ts': 'export default defineNuxtConfig({ ssr: false });\n',
      'pages/index.vue': '<template><h1>shop</h1></template>\n',
    };
    expect(facts(spa).frameworks.has('nuxt')).toBe(false);
  });

  it('Astro: endpoints and pages only with an SSR adapter', () => {
    const app = {
      'package.json': JSON.stringify({ dependencies: { astro: '5.1.0', '@astrojs/node': '9.0.0' } }),
      'astro.config.mjs':
        "import node from '@astrojs/node';\nexport default defineConfig({ output: 'server', adapter: node({ mode: 'standalone' }) });\n",
      'src/pages/index.astro': '---\n---\n<h1>hi</h1>\n',
      'src/pages/api/health.ts': "export const GET = () => new Response('ok');\n",
      'src/pages/feed.xml.ts': 'export async function GET() { return new Response(); }\n',
      'src/middleware.ts': 'export const onRequest = (ctx, next) => next();\n',
    };
    expect(routes(app).sort()).toEqual(['GET / (page)', 'GET /api/health', 'GET /feed.xml'].sort());
    expect(facts(app).service.middleware.map((m) => m.name)).toEqual(['onRequest']);
    const { 'astro.config.mjs': _, ...rest } = app;
    expect(facts({ ...rest, 'astro.config.mjs': 'export default defineConfig({});\n' }).frameworks.has('astro')).toBe(
      false,
    );
  });

  it('Fresh: route modules by path or routeOverride, handler methods, pages and their posts, _middleware lists', () => {
    const app = {
      'web/deno.json': JSON.stringify({ imports: { fresh: 'jsr:@fresh/core@^2.1.0' } }),
      'web/main.ts': 'import { App } from "fresh";\nexport const app = new App().fsRoutes();\n',
      'web/routes/index.tsx': 'export default function Home() { return <h1>hi</h1>; }\n',
      'web/routes/(marketing)/about.tsx': 'export default function About() { return <p>about</p>; }\n',
      'web/routes/users/[id].tsx':
        'export const handler = define.handlers({\n  GET(ctx) { return { data: {} }; },\n  async POST(ctx) { return ctx.redirect("/"); },\n});\nexport default define.page(() => <p />);\n',
      'web/routes/api/items.ts': 'export const handler = {\n  GET() { return Response.json([]); },\n};\n',
      'web/routes/proxy.ts': 'export const handler = (ctx) => fetch(ctx.req);\n',
      'web/routes/badge.ts':
        'export const handler = { GET() { return Response.json({}); } };\nexport const config = {\n  routeOverride: "/badge/@:scope",\n};\n',
      'web/routes/(_islands)/Counter.tsx': 'export default function Counter() { return <b />; }\n',
      'web/routes/_app.tsx': 'export default function App({ Component }) { return <Component />; }\n',
      'web/routes/_middleware.ts':
        'const timing = define.middleware((ctx) => ctx.next());\nconst headers = define.middleware((ctx) => ctx.next());\nexport const handler = [\n  timing,\n  headers,\n];\n',
    };
    expect(routes(app).sort()).toEqual(
      [
        'GET / (page)',
        'GET /about (page)',
        'GET /users/:id (page)',
        'POST /users/:id (page)',
        'GET /api/items',
        'ANY /proxy',
        'GET /badge/@:scope',
      ].sort(),
    );
    expect(facts(app).service.middleware.map((m) => m.name)).toEqual(['handler', 'timing', 'headers']);
  });

  it('Vercel functions under api/ and Netlify functions with config paths and redirects', () => {
    const vercel = {
      'package.json': JSON.stringify({ dependencies: { '@vercel/node': '3.2.0' } }),
      'api/health.ts': "export default function handler(req, res) { res.status(200).send('ok'); }\n",
      'api/users/[id].ts': 'export function GET(request: Request) { return Response.json({}); }\n',
      'api/_lib/db.ts': 'export const db = {};\n',
    };
    expect(routes(vercel).sort()).toEqual(['ANY /api/health', 'GET /api/users/:id']);
    const netlify = {
      'netlify.toml':
        '[build]\n  publish = "dist"\n[functions]\n  directory = "functions"\n[[redirects]]\n  from = "/api/*"\n  to = "/.netlify/functions/:splat"\n  status = 200\n',
      'functions/status.ts': "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n",
      'functions/orders/orders.ts':
        "export default async () => new Response('[]');\nexport const config = { path: '/v2/orders' };\n",
    };
    expect(routes(netlify).sort()).toEqual(['ANY /.netlify/functions/status', 'ANY /api/status', 'ANY /v2/orders']);
    expect(facts(netlify).liveness.isLive('functions/status.ts')).toBe(true);
  });
});
