// The held-out measure of issue #19: a minimal application in each modern TypeScript server framework or serverless
// platform — one server file (or route file) and its manifest — passes api.health with a health route and gets a gap
// (not n/a) without one. A gap for want of recognising the server would show here as n/a.
import { describe, expect, it } from 'vitest';
import { auditFiles } from '../helpers.js';

const pkg = (deps: Record<string, string>, scripts: Record<string, string> = {}): string =>
  JSON.stringify({ name: 'mini', private: true, type: 'module', scripts, dependencies: deps }, null, 2);

interface MinimalApp {
  /** The app with a health route. */
  withHealth: Record<string, string>;
  /** The same app with the health route taken out (another route left in its place). */
  withoutHealth: Record<string, string>;
}

const APPS: Record<string, MinimalApp> = {
  'Hono on Node': {
    withHealth: {
      'package.json': pkg({ hono: '4.6.0', '@hono/node-server': '1.13.0' }, { start: 'node src/index.js' }),
      'src/index.js': `import { Hono } from 'hono';\nimport { serve } from '@hono/node-server';\n\nconst app = new Hono();\napp.get('/health', (c) => c.text('ok'));\napp.get('/items', (c) => c.json([]));\n\nserve({ fetch: app.fetch, port: 3000 });\n`,
    },
    withoutHealth: {
      'package.json': pkg({ hono: '4.6.0', '@hono/node-server': '1.13.0' }, { start: 'node src/index.js' }),
      'src/index.js': `import { Hono } from 'hono';\nimport { serve } from '@hono/node-server';\n\nconst app = new Hono();\napp.get('/items', (c) => c.json([]));\n\nserve({ fetch: app.fetch, port: 3000 });\n`,
    },
  },
  'Hono on Bun': {
    withHealth: {
      'package.json': pkg({ hono: '4.6.0' }, { start: 'bun run src/index.ts' }),
      'src/index.ts': `import { Hono } from 'hono';\n\nconst app = new Hono();\napp.get('/healthz', (c) => c.text('ok'));\napp.post('/notes', async (c) => c.json(await c.req.json(), 201));\n\nexport default app;\n`,
    },
    withoutHealth: {
      'package.json': pkg({ hono: '4.6.0' }, { start: 'bun run src/index.ts' }),
      'src/index.ts': `import { Hono } from 'hono';\n\nconst app = new Hono();\napp.post('/notes', async (c) => c.json(await c.req.json(), 201));\n\nexport default app;\n`,
    },
  },
  Elysia: {
    withHealth: {
      'package.json': pkg({ elysia: '1.2.0' }, { start: 'bun run src/index.ts' }),
      'src/index.ts': `import { Elysia } from 'elysia';\n\nnew Elysia().get('/health', () => 'ok').get('/items', () => []).listen(3000);\n`,
    },
    withoutHealth: {
      'package.json': pkg({ elysia: '1.2.0' }, { start: 'bun run src/index.ts' }),
      'src/index.ts': `import { Elysia } from 'elysia';\n\nnew Elysia().get('/items', () => []).listen(3000);\n`,
    },
  },
  Nitro: {
    withHealth: {
      'package.json': pkg({ nitropack: '2.10.0' }, { build: 'nitro build' }),
      'nitro.config.ts': 'export default defineNitroConfig({});\n',
      'routes/health.get.ts': "export default defineEventHandler(() => 'ok');\n",
      'routes/items.get.ts': 'export default defineEventHandler(() => []);\n',
    },
    withoutHealth: {
      'package.json': pkg({ nitropack: '2.10.0' }, { build: 'nitro build' }),
      'nitro.config.ts': 'export default defineNitroConfig({});\n',
      'routes/items.get.ts': 'export default defineEventHandler(() => []);\n',
    },
  },
  Nuxt: {
    withHealth: {
      'package.json': pkg({ nuxt: '3.15.0' }, { build: 'nuxt build' }),
      'nuxt.config.ts': 'export default defineNuxtConfig({});\n',
      'server/api/health.get.ts': "export default defineEventHandler(() => ({ status: 'ok' }));\n",
      'server/api/items.get.ts': 'export default defineEventHandler(() => []);\n',
    },
    withoutHealth: {
      'package.json': pkg({ nuxt: '3.15.0' }, { build: 'nuxt build' }),
      'nuxt.config.ts': 'export default defineNuxtConfig({});\n',
      'server/api/items.get.ts': 'export default defineEventHandler(() => []);\n',
    },
  },
  SvelteKit: {
    withHealth: {
      'package.json': pkg({ '@sveltejs/kit': '2.16.0', '@sveltejs/adapter-node': '5.2.0' }, { build: 'vite build' }),
      'svelte.config.js':
        "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n",
      'src/routes/healthz/+server.ts': "export function GET() {\n  return new Response('ok');\n}\n",
      'src/routes/api/items/+server.ts': "import { json } from '@sveltejs/kit';\nexport const GET = () => json([]);\n",
    },
    withoutHealth: {
      'package.json': pkg({ '@sveltejs/kit': '2.16.0', '@sveltejs/adapter-node': '5.2.0' }, { build: 'vite build' }),
      'svelte.config.js':
        "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n",
      'src/routes/api/items/+server.ts': "import { json } from '@sveltejs/kit';\nexport const GET = () => json([]);\n",
    },
  },
  'React Router v7': {
    withHealth: {
      'package.json': pkg(
        { 'react-router': '7.1.0', '@react-router/node': '7.1.0', '@react-router/serve': '7.1.0' },
        { build: 'react-router build', start: 'react-router-serve ./build/server/index.js' },
      ),
      'app/routes.ts':
        "import { index, route } from '@react-router/dev/routes';\nexport default [index('routes/home.tsx'), route('healthcheck', 'routes/healthcheck.ts')];\n",
      'app/routes/home.tsx': 'export default function Home() {\n  return <h1>Home</h1>;\n}\n',
      'app/routes/healthcheck.ts': "export function loader() {\n  return new Response('ok');\n}\n",
    },
    withoutHealth: {
      'package.json': pkg(
        { 'react-router': '7.1.0', '@react-router/node': '7.1.0', '@react-router/serve': '7.1.0' },
        { build: 'react-router build', start: 'react-router-serve ./build/server/index.js' },
      ),
      'app/routes.ts':
        "import { index, route } from '@react-router/dev/routes';\nexport default [index('routes/home.tsx'), route('items', 'routes/items.ts')];\n",
      'app/routes/home.tsx': 'export default function Home() {\n  return <h1>Home</h1>;\n}\n',
      'app/routes/items.ts': 'export function loader() {\n  return Response.json([]);\n}\n',
    },
  },
  'Remix v2': {
    withHealth: {
      'package.json': pkg(
        { '@remix-run/node': '2.15.0', '@remix-run/react': '2.15.0', '@remix-run/serve': '2.15.0' },
        { build: 'remix vite:build', start: 'remix-serve ./build/server/index.js' },
      ),
      'app/routes/_index.tsx': 'export default function Index() {\n  return <h1>Home</h1>;\n}\n',
      'app/routes/healthcheck.ts': "export async function loader() {\n  return new Response('OK');\n}\n",
    },
    withoutHealth: {
      'package.json': pkg(
        { '@remix-run/node': '2.15.0', '@remix-run/react': '2.15.0', '@remix-run/serve': '2.15.0' },
        { build: 'remix vite:build', start: 'remix-serve ./build/server/index.js' },
      ),
      'app/routes/_index.tsx': 'export default function Index() {\n  return <h1>Home</h1>;\n}\n',
      'app/routes/api.items.ts': 'export async function loader() {\n  return Response.json([]);\n}\n',
    },
  },
  Astro: {
    withHealth: {
      'package.json': pkg({ astro: '5.1.0', '@astrojs/node': '9.0.0' }, { build: 'astro build' }),
      'astro.config.mjs':
        "import node from '@astrojs/node';\nexport default { output: 'server', adapter: node({ mode: 'standalone' }) };\n",
      'src/pages/health.ts': "export const GET = () => new Response('ok');\n",
      'src/pages/api/items.ts': 'export const GET = () => Response.json([]);\n',
    },
    withoutHealth: {
      'package.json': pkg({ astro: '5.1.0', '@astrojs/node': '9.0.0' }, { build: 'astro build' }),
      'astro.config.mjs':
        "import node from '@astrojs/node';\nexport default { output: 'server', adapter: node({ mode: 'standalone' }) };\n",
      'src/pages/api/items.ts': 'export const GET = () => Response.json([]);\n',
    },
  },
  'tRPC standalone': {
    withHealth: {
      'package.json': pkg({ '@trpc/server': '11.0.0', zod: '3.24.0' }, { start: 'node src/server.js' }),
      'src/server.js': `import { initTRPC } from '@trpc/server';\nimport { createHTTPServer } from '@trpc/server/adapters/standalone';\n\nconst t = initTRPC.create();\nconst appRouter = t.router({\n  healthcheck: t.procedure.query(() => 'ok'),\n  items: t.procedure.query(() => []),\n});\n\ncreateHTTPServer({ router: appRouter }).listen(3000);\n`,
    },
    withoutHealth: {
      'package.json': pkg({ '@trpc/server': '11.0.0', zod: '3.24.0' }, { start: 'node src/server.js' }),
      'src/server.js': `import { initTRPC } from '@trpc/server';\nimport { createHTTPServer } from '@trpc/server/adapters/standalone';\n\nconst t = initTRPC.create();\nconst appRouter = t.router({\n  items: t.procedure.query(() => []),\n});\n\ncreateHTTPServer({ router: appRouter }).listen(3000);\n`,
    },
  },
  'Next.js app router': {
    withHealth: {
      'package.json': pkg(
        { next: '15.1.0', react: '19.0.0', 'react-dom': '19.0.0' },
        { build: 'next build', start: 'next start' },
      ),
      'app/page.tsx': 'export default function Page() {\n  return <h1>Home</h1>;\n}\n',
      'app/api/health/route.ts': "export function GET() {\n  return Response.json({ status: 'ok' });\n}\n",
    },
    withoutHealth: {
      'package.json': pkg(
        { next: '15.1.0', react: '19.0.0', 'react-dom': '19.0.0' },
        { build: 'next build', start: 'next start' },
      ),
      'app/page.tsx': 'export default function Page() {\n  return <h1>Home</h1>;\n}\n',
      'app/api/items/route.ts': 'export function GET() {\n  return Response.json([]);\n}\n',
    },
  },
  'Next.js pages router': {
    withHealth: {
      'package.json': pkg(
        { next: '15.1.0', react: '19.0.0', 'react-dom': '19.0.0' },
        { build: 'next build', start: 'next start' },
      ),
      'pages/index.tsx': 'export default function Home() {\n  return <h1>Home</h1>;\n}\n',
      'pages/api/health.ts':
        "export default function handler(req, res) {\n  res.status(200).json({ status: 'ok' });\n}\n",
    },
    withoutHealth: {
      'package.json': pkg(
        { next: '15.1.0', react: '19.0.0', 'react-dom': '19.0.0' },
        { build: 'next build', start: 'next start' },
      ),
      'pages/index.tsx': 'export default function Home() {\n  return <h1>Home</h1>;\n}\n',
      'pages/api/items.ts': 'export default function handler(req, res) {\n  res.status(200).json([]);\n}\n',
    },
  },
  'AWS Lambda (serverless.yml)': {
    withHealth: {
      'package.json': pkg({}, { deploy: 'serverless deploy' }),
      'serverless.yml':
        'service: mini\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  health:\n    handler: src/health.handler\n    events:\n      - httpApi: GET /health\n  items:\n    handler: src/items.handler\n    events:\n      - httpApi: GET /items\n',
      'src/health.js': "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n",
      'src/items.js': "export const handler = async () => ({ statusCode: 200, body: '[]' });\n",
    },
    withoutHealth: {
      'package.json': pkg({}, { deploy: 'serverless deploy' }),
      'serverless.yml':
        'service: mini\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  items:\n    handler: src/items.handler\n    events:\n      - httpApi: GET /items\n',
      'src/items.js': "export const handler = async () => ({ statusCode: 200, body: '[]' });\n",
    },
  },
  'Vercel functions': {
    withHealth: {
      'package.json': pkg({ '@vercel/node': '3.2.0' }),
      'vercel.json': '{ "$schema": "https://openapi.vercel.sh/vercel.json" }\n',
      'api/health.ts': "export default function handler(req, res) {\n  res.status(200).send('ok');\n}\n",
      'api/items.ts': 'export default function handler(req, res) {\n  res.status(200).json([]);\n}\n',
    },
    withoutHealth: {
      'package.json': pkg({ '@vercel/node': '3.2.0' }),
      'vercel.json': '{ "$schema": "https://openapi.vercel.sh/vercel.json" }\n',
      'api/items.ts': 'export default function handler(req, res) {\n  res.status(200).json([]);\n}\n',
    },
  },
  'Netlify functions': {
    withHealth: {
      'package.json': pkg({ '@netlify/functions': '2.8.0' }),
      'netlify.toml': '[build]\npublish = "public"\n\n[functions]\ndirectory = "netlify/functions"\n',
      'netlify/functions/health.ts': "export default async () => new Response('ok');\n",
      'netlify/functions/items.ts': 'export default async () => Response.json([]);\n',
    },
    withoutHealth: {
      'package.json': pkg({ '@netlify/functions': '2.8.0' }),
      'netlify.toml': '[build]\npublish = "public"\n\n[functions]\ndirectory = "netlify/functions"\n',
      'netlify/functions/items.ts': 'export default async () => Response.json([]);\n',
    },
  },
  'Cloudflare Workers': {
    withHealth: {
      'package.json': pkg({}, { deploy: 'wrangler deploy' }),
      'wrangler.toml': 'name = "mini"\nmain = "src/index.ts"\ncompatibility_date = "2024-11-01"\n',
      'src/index.ts': `export default {\n  async fetch(request: Request): Promise<Response> {\n    const { pathname } = new URL(request.url);\n    if (pathname === '/health') return new Response('ok');\n    if (pathname === '/items') return Response.json([]);\n    return new Response('not found', { status: 404 });\n  },\n};\n`,
    },
    withoutHealth: {
      'package.json': pkg({}, { deploy: 'wrangler deploy' }),
      'wrangler.toml': 'name = "mini"\nmain = "src/index.ts"\ncompatibility_date = "2024-11-01"\n',
      'src/index.ts': `export default {\n  async fetch(request: Request): Promise<Response> {\n    const { pathname } = new URL(request.url);\n    if (pathname === '/items') return Response.json([]);\n    return new Response('not found', { status: 404 });\n  },\n};\n`,
    },
  },
  'Deno Deploy (Deno.serve)': {
    withHealth: {
      'deno.json': '{ "tasks": { "start": "deno run --allow-net main.ts" } }\n',
      'main.ts': `Deno.serve((req) => {\n  const { pathname } = new URL(req.url);\n  if (pathname === '/health') return new Response('ok');\n  if (pathname === '/items') return Response.json([]);\n  return new Response('not found', { status: 404 });\n});\n`,
    },
    withoutHealth: {
      'deno.json': '{ "tasks": { "start": "deno run --allow-net main.ts" } }\n',
      'main.ts': `Deno.serve((req) => {\n  const { pathname } = new URL(req.url);\n  if (pathname === '/items') return Response.json([]);\n  return new Response('not found', { status: 404 });\n});\n`,
    },
  },
};

/** The api.health verdicts of every component of an in-memory repository. */
function healthVerdicts(files: Record<string, string>): string[] {
  return auditFiles(files, ['api.health'])
    .filter((f) => f.ruleId === 'api.health')
    .map((f) => f.status);
}

describe('a minimal app per TypeScript server framework or serverless platform (issue #19)', () => {
  for (const [framework, app] of Object.entries(APPS)) {
    it(`${framework}: a health route passes api.health`, () => {
      expect(healthVerdicts(app.withHealth)).toEqual(['pass']);
    });
    it(`${framework}: without a health route api.health is a gap, not n/a`, () => {
      expect(healthVerdicts(app.withoutHealth)).toEqual(['gap']);
    });
  }
});
