import { describe, expect, it } from 'vitest';
import { tsServerRoutes } from '../../src/facts/routes-ts.js';

const paths = (file: string, text: string) => tsServerRoutes(file, text).routes.map((r) => `${r.method} ${r.path}`);

describe('tsServerRoutes', () => {
  it('Hono: basePath, chained registrations over several lines, on() with methods, in-file sub-apps', () => {
    const text = `import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { zValidator } from '@hono/zod-validator';
import { users } from './users';
const app = new Hono<{ Bindings: Env }>().basePath('/api');
const v1 = new Hono();
v1.get('/items', listItems)
  .post('/items', zValidator('json', itemSchema), async (c) => c.json(await create(c.req.valid('json'))));
app.use('*', cors({ origin: 'https://a.example' }));
app.get('/health', (c) => c.json({ ok: true }));
app.on(['PUT', 'PATCH'], '/things/:id', update);
app.route('/v1', v1);
app.route('/users', users);
app.onError((err, c) => c.json({ error: err.message }, 500));
export default app;
`;
    const facts = tsServerRoutes('src/index.ts', text);
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/items',
      'POST /api/v1/items',
      'GET /api/health',
      'PUT /api/things/:id',
      'PATCH /api/things/:id',
    ]);
    expect(facts.routes[1]!.middleware).toEqual(['zValidator']);
    expect(facts.routes[0]!.handler).toBe('listItems');
    expect(facts.routes[0]!.line).toBe(7);
    expect(facts.routes[1]!.line).toBe(8);
    expect(facts.mounts).toEqual([{ prefix: '/api/users', line: 13, child: 'users', receiver: 'app' }]);
    expect(facts.middleware.map((m) => `${m.name}@${m.line}${m.path ? ` ${m.path}` : ''}`)).toEqual([
      'cors@9 *',
      'onError@14',
    ]);
  });

  it('Elysia: prefix option, groups, hook objects with schemas, lifecycle hooks, listen at the end of the chain', () => {
    const text = `import { Elysia, t } from 'elysia';
import { cors } from '@elysiajs/cors';
export const app = new Elysia({ prefix: '/api' })
  .use(cors())
  .onError(({ error }) => error.message)
  .get('/health', () => ({ ok: true }))
  .group('/v1', (app) =>
    app
      .get('/users', () => [])
      .post('/users', ({ body }) => body, { body: t.Object({ name: t.String() }) })
  )
  .listen(3000);
`;
    const facts = tsServerRoutes('src/index.ts', text);
    expect(facts.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/health',
      'GET /api/v1/users',
      'POST /api/v1/users',
    ]);
    expect(facts.routes[2]!.schema).toEqual(['body']);
    expect(facts.middleware.map((m) => m.name)).toEqual(['cors', 'onError']);
  });

  it('only registrations on an application object count: clients and test requests do not', () => {
    const text = `import { Hono } from 'hono';
const client = hc<AppType>('/');
axios.get('/health');
request(app).get('/health');
export function register(app: Hono) {
  app.get('/ping', (c) => c.text('pong'));
}
`;
    expect(paths('src/routes.ts', text)).toEqual(['GET /ping']);
  });

  it('h3: createRouter routes and app.use with a path and an event handler', () => {
    const text = `import { createApp, createRouter, eventHandler, defineEventHandler } from 'h3';
export const app = createApp();
const router = createRouter()
  .get('/hello', defineEventHandler(() => 'hi'))
  .post('/items', defineEventHandler(async (event) => readBody(event)));
app.use('/healthz', eventHandler(() => 'ok'));
app.use(router);
`;
    expect(paths('server.ts', text)).toEqual(['GET /hello', 'POST /items', 'ANY /healthz']);
  });
});
