import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));
const routes = (f: Facts) =>
  f.service.routes.map((r) => `${r.method} ${r.fullPath} ${r.file}:${r.line}${r.reached ? '' : ' (unreached)'}`);

describe('Lambda functions', () => {
  it('serverless.yml: http, httpApi (object and string forms) and alb events route to the handler module', () => {
    const f = facts({
      'serverless.yml': [
        'service: shop',
        'provider: { name: aws, runtime: nodejs20.x }',
        'functions:',
        '  list:',
        '    handler: dist/handlers/items.list',
        '    events:',
        '      - http: { path: "items/{id}", method: get }',
        '  create:',
        '    handler: src/handlers/items.create',
        '    events:',
        "      - httpApi: 'POST /items'",
        '  everything:',
        '    handler: src/proxy.handler',
        '    events:',
        '      - alb: { listenerArn: arn, priority: 1, conditions: { path: "/legacy/*" } }',
        '  nightly:',
        '    handler: src/cron.run',
        '    events:',
        '      - schedule: rate(1 day)',
      ].join('\n'),
      'src/handlers/items.ts':
        'export const list = async () => ({ statusCode: 200 });\n\nexport async function create() { return { statusCode: 201 }; }\n',
      'src/proxy.js': 'exports.handler = async () => ({ statusCode: 200 });\n',
      'src/cron.ts': 'export const run = async () => {};\n',
    });
    expect(routes(f)).toEqual([
      'GET /items/:id src/handlers/items.ts:1',
      'POST /items src/handlers/items.ts:3',
      'ANY /legacy/* src/proxy.js:1',
    ]);
    expect(f.frameworks.has('aws-lambda')).toBe(true);
    expect(f.liveness.isLive('src/cron.ts')).toBe(true);
    expect(f.functions).toMatchObject({ only: true, platform: 'aws-lambda', path: 'serverless.yml' });
  });

  it('SAM: Api and HttpApi events under the function CodeUri (or the Globals one)', () => {
    const f = facts({
      'template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Globals:',
        '  Function:',
        '    CodeUri: app/',
        'Resources:',
        '  Health:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: status.handler',
        '      Events:',
        '        Probe: { Type: HttpApi, Properties: { Path: /healthz, Method: GET } }',
        '  Orders:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: orders/',
        '      Handler: index.handler',
        '      Events:',
        '        Api: { Type: Api, Properties: { Path: "/orders/{id}", Method: any } }',
      ].join('\n'),
      'app/status.mjs': 'export const handler = async () => ({ statusCode: 200 });\n',
      'orders/index.py': 'def handler(event, context):\n    return {"statusCode": 200}\n',
    });
    expect(routes(f)).toEqual(['GET /healthz app/status.mjs:1', 'ANY /orders/:id orders/index.py:1']);
  });

  it('a function without HTTP events is no HTTP service', () => {
    const f = facts({
      'serverless.yml':
        'service: jobs\nfunctions:\n  nightly:\n    handler: src/cron.run\n    events:\n      - schedule: rate(1 day)\n',
      'src/cron.ts': 'export const run = async () => {};\n',
    });
    expect(f.frameworks.has('aws-lambda')).toBe(false);
    expect(f.kind.servesHttp).toBe(false);
  });

  it('CDK: REST resources held in variables, HTTP API routes, a LambdaRestApi proxy; entry paths from cdk.json or __dirname', () => {
    const f = facts({
      'infra/cdk.json': '{ "app": "npx tsx bin/app.ts" }',
      'infra/lib/stack.ts': [
        "import { LambdaIntegration, LambdaRestApi, RestApi } from 'aws-cdk-lib/aws-apigateway';",
        "import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';",
        "import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';",
        "import * as lambda from 'aws-cdk-lib/aws-lambda';",
        "import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';",
        'export function build(stack: any) {',
        "  const getUser = new NodejsFunction(stack, 'GetUser', { entry: path.join(__dirname, '../../services/users/get.ts') });",
        "  const search = new NodejsFunction(stack, 'Search', { entry: 'src/search.ts', handler: 'run' });",
        "  const legacy = new lambda.Function(stack, 'Legacy', { code: lambda.Code.fromAsset('legacy'), handler: 'app.main' });",
        "  const api = new RestApi(stack, 'Api');",
        "  const users = api.root.addResource('users');",
        "  const user = users.addResource('{id}');",
        "  user.addMethod('GET', new LambdaIntegration(getUser));",
        "  const http = new HttpApi(stack, 'Http');",
        "  http.addRoutes({ path: '/search', methods: [HttpMethod.GET, HttpMethod.POST], integration: new HttpLambdaIntegration('S', search) });",
        "  new LambdaRestApi(stack, 'Legacy', { handler: legacy });",
        '}',
      ].join('\n'),
      'services/users/get.ts': 'export const handler = async () => ({ statusCode: 200 });\n',
      'infra/src/search.ts': '\nexport async function run() { return { statusCode: 200 }; }\n',
      'infra/legacy/app.js': 'exports.main = async () => ({ statusCode: 200 });\n',
    });
    expect(routes(f)).toEqual([
      'GET /users/:id services/users/get.ts:1',
      'GET /search infra/src/search.ts:2',
      'POST /search infra/src/search.ts:2',
      'ANY /* infra/legacy/app.js:1',
    ]);
    expect(f.functions).toMatchObject({ only: true, platform: 'aws-lambda' });
  });

  it('CDK functions without an API Gateway integration are no HTTP service', () => {
    const f = facts({
      'cdk.json': '{ "app": "npx tsx bin/app.ts" }',
      'lib/stack.ts':
        "import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';\nconst worker = new NodejsFunction(this, 'Worker', { entry: 'src/worker.ts' });\n",
      'src/worker.ts': 'export const handler = async () => {};\n',
    });
    expect(f.frameworks.has('aws-lambda')).toBe(false);
  });
});

describe('Lambda handlers without a descriptor', () => {
  it('an exported handler typed for API Gateway is a function; routes from the event path it compares', () => {
    const f = facts({
      'package.json': JSON.stringify({
        name: 'links',
        main: 'src/index.ts',
        dependencies: { '@aws-sdk/client-dynamodb': '3.600.0' },
      }),
      'src/index.ts': [
        "import type { APIGatewayProxyEventV2 } from 'aws-lambda';",
        'export const handler = async (event: APIGatewayProxyEventV2) => {',
        "  if (event.routeKey === 'GET /healthz') return { statusCode: 200, body: 'ok' };",
        "  if (event.rawPath === '/links') return { statusCode: 200, body: '[]' };",
        '  return { statusCode: 404 };',
        '};',
      ].join('\n'),
    });
    expect(routes(f).sort()).toEqual(['ANY /links src/index.ts:4', 'GET /healthz src/index.ts:3']);
    expect(f.kind.servesHttp).toBe(true);
    expect(f.functions).toMatchObject({ only: true, platform: 'aws-lambda' });
  });

  it('a CommonJS exports.handler reading the HTTP event serves whatever path API Gateway maps to it', () => {
    const f = facts({
      'index.js':
        "exports.handler = async (event) => {\n  const body = JSON.parse(event.body || '{}');\n  return { statusCode: 200, body: JSON.stringify(body) };\n};\n",
    });
    expect(routes(f)).toEqual(['ANY /* index.js:1']);
  });

  it('a queue consumer and a serverless-http wrapper are not hand-written HTTP handlers', () => {
    const f = facts({
      'consumer/index.js':
        'exports.handler = async (event) => {\n  for (const r of event.Records) console.log(r.body);\n};\n',
      'api/lambda.js':
        "const serverless = require('serverless-http');\nconst app = require('./app');\nexports.handler = serverless(app);\n",
    });
    expect(f.frameworks.has('aws-lambda')).toBe(false);
  });
});

describe('Supabase Edge Functions', () => {
  it('each folder under supabase/functions is a function at /functions/v1/<name>; _shared is not', () => {
    const f = facts({
      'supabase/config.toml': 'project_id = "demo"\n',
      'supabase/functions/_shared/cors.ts': "export const cors = { 'Access-Control-Allow-Origin': '*' };\n",
      'supabase/functions/stripe-webhook/index.ts':
        "import { cors } from '../_shared/cors.ts';\n\nDeno.serve(async (req) => new Response('ok', { headers: cors }));\n",
      'supabase/functions/health/index.ts': "Deno.serve(() => new Response('ok'));\n",
    });
    expect(routes(f).sort()).toEqual([
      'ANY /functions/v1/health supabase/functions/health/index.ts:1',
      'ANY /functions/v1/stripe-webhook supabase/functions/stripe-webhook/index.ts:3',
    ]);
    expect(f.functions).toMatchObject({ only: true, platform: 'supabase-functions' });
  });
});

describe('fetch handlers', () => {
  it('Cloudflare Worker: the wrangler main module, its pathname comparisons and switch cases', () => {
    const f = facts({
      'wrangler.toml': 'name = "edge"\nmain = "src/worker.ts"\n',
      'package.json': JSON.stringify({ devDependencies: { wrangler: '3.90.0' } }),
      'src/worker.ts': [
        'export default {',
        '  async fetch(req: Request): Promise<Response> {',
        '    const { pathname } = new URL(req.url);',
        "    if (pathname.startsWith('/api/')) return api(req);",
        '    switch (pathname) {',
        "      case '/status':",
        "        return new Response('ok');",
        '    }',
        "    return new Response('missing', { status: 404 });",
        '  },',
        '};',
      ].join('\n'),
    });
    expect(routes(f)).toEqual(['ANY /status src/worker.ts:6', 'ANY /api/* src/worker.ts:4']);
    expect(f.functions).toMatchObject({ only: true, platform: 'cloudflare-workers' });
  });

  it('Deno.serve with a hand-written handler is a server of its own (not functions without Deno Deploy)', () => {
    const f = facts({
      'deno.json': '{ "tasks": { "start": "deno run -A main.ts" } }',
      'main.ts':
        "Deno.serve((req) => {\n  const url = new URL(req.url);\n  if (url.pathname === '/healthz') return new Response('ok');\n  return new Response('hi');\n});\n",
    });
    expect(routes(f)).toEqual(['ANY /healthz main.ts:3']);
    expect(f.functions.only).toBe(false);
  });

  it('Bun.serve given type arguments for its sockets is a server of its own', () => {
    const f = facts({
      'package.json': JSON.stringify({ name: 'relay', private: true, scripts: { start: 'bun src/relay.ts' } }),
      'src/relay.ts':
        "type Seat = { room: string };\nBun.serve<Seat>({\n  fetch(req) {\n    if (new URL(req.url).pathname === '/healthz') return new Response('ok');\n    return new Response('no', { status: 404 });\n  },\n});\n",
    });
    expect(f.frameworks.has('bun')).toBe(true);
    expect(routes(f)).toEqual(['ANY /healthz src/relay.ts:4']);
  });

  it('a Bun.serve script under scripts/ is no service', () => {
    const f = facts({
      'package.json': JSON.stringify({ name: 'lib', main: 'index.js' }),
      'index.js': 'module.exports = () => 1;\n',
      'scripts/preview.ts': 'Bun.serve({ fetch: () => new Response("hi") });\n',
    });
    expect(f.frameworks.has('bun')).toBe(false);
  });
});

describe('Workers of event handlers only', () => {
  it('a Worker whose default export handles cron triggers and no request serves no HTTP, and still runs as functions', () => {
    const files = {
      'package.json': JSON.stringify({ name: 'poller', private: true, scripts: { deploy: 'wrangler deploy' } }),
      'wrangler.toml': 'name = "poller"\nmain = "src/index.ts"\n\n[triggers]\ncrons = ["* * * * *"]\n',
      'src/index.ts':
        'const poller = {\n  async scheduled(event: ScheduledController, env: Env) {\n    await fetch("https://example.com");\n  },\n};\n\nexport default poller;\n',
    };
    const cron = facts(files);
    expect(cron.kind.servesHttp).toBe(false);
    expect(cron.functions).toMatchObject({ only: true, platform: 'cloudflare-workers' });
    const both = facts({
      ...files,
      'src/index.ts':
        'export default {\n  async fetch(req: Request, env: Env): Promise<Response> {\n    return new Response("ok");\n  },\n  async scheduled() {},\n};\n',
    });
    expect(both.frameworks.has('cloudflare-workers')).toBe(true);
  });
});

describe('node:http servers', () => {
  it("a createServer of node:http is a server; its handler modules' req.url comparisons and pathname cases are routes", () => {
    const f = facts({
      'package.json': JSON.stringify({ name: 'relay', private: true, dependencies: { 'socket.io': '4.8.1' } }),
      'src/index.ts':
        "import { createServer } from 'node:http';\nimport { handle } from './handle';\nconst server = createServer();\nserver.on('request', handle);\nserver.listen(3002);\n",
      'src/handle.ts': [
        "import type { IncomingMessage, ServerResponse } from 'node:http';",
        'export function handle(req: IncomingMessage, res: ServerResponse) {',
        "  if (req.method === 'GET' && req.url === '/health') return res.end('ok');",
        "  if (req.method === 'POST' && req.url === '/api/rooms-closed') return res.end();",
        '  res.end();',
        '}',
      ].join('\n'),
      'src/other.ts': "export const isHome = (pathname: string) => pathname === '/home';\n",
    });
    expect(f.frameworks.has('node:http')).toBe(true);
    expect(routes(f)).toEqual(['GET /health src/handle.ts:3', 'POST /api/rooms-closed src/handle.ts:4']);
  });

  it('a switch on the parsed pathname of an https server, written with require', () => {
    const f = facts({
      'package.json': JSON.stringify({ name: 'tiles', private: true }),
      'server.js': [
        "const https = require('node:https');",
        'https.createServer(opts, (req, res) => {',
        "  const { pathname } = new URL(req.url, 'http://x');",
        '  switch (pathname) {',
        "    case '/tiles':",
        '      return res.end();',
        '  }',
        '}).listen(8443);',
      ].join('\n'),
    });
    expect(routes(f)).toEqual(['ANY /tiles server.js:5']);
  });

  it('no server: a loopback callback listener, a framework handed to createServer, a published library, Vite', () => {
    const loopback = facts({
      'package.json': JSON.stringify({ name: 'cli', bin: { cli: 'cli.js' } }),
      'cli.js':
        "const http = require('http');\nconst s = http.createServer((req, res) => res.end());\ns.listen(0, '127.0.0.1');\n",
    });
    expect(loopback.frameworks.has('node:http')).toBe(false);
    const express = facts({
      'package.json': JSON.stringify({ name: 'api', dependencies: { express: '4.21.0' } }),
      'server.js':
        "const http = require('http');\nconst app = require('express')();\nhttp.createServer(app).listen(3000);\n",
    });
    expect(express.frameworks.has('node:http')).toBe(false);
    const library = facts({
      'package.json': JSON.stringify({ name: '@acme/core', exports: { '.': './dist/index.js' } }),
      'src/httpServer.ts':
        "import { createServer } from 'node:http';\nexport class HttpServer { server = createServer((req, res) => res.end()); }\n",
    });
    expect(library.frameworks.has('node:http')).toBe(false);
    const vite = facts({
      'package.json': JSON.stringify({ name: 'site', private: true }),
      'dev.ts':
        "import { createServer } from 'vite';\nimport http from 'node:http';\nconst s = await createServer();\nhttp.get('http://x');\n",
    });
    expect(vite.frameworks.has('node:http')).toBe(false);
  });
});

describe('tRPC', () => {
  it('procedures are routes (queries GET, mutations POST), nested objects, routers of other modules and the adapter endpoint are prefixes', () => {
    const f = facts({
      'package.json': JSON.stringify({ dependencies: { '@trpc/server': '11.0.0', express: '4.21.0' } }),
      'src/trpc.ts':
        "import { initTRPC } from '@trpc/server';\nconst t = initTRPC.create();\nexport const router = t.router;\nexport const publicProcedure = t.procedure;\n",
      'src/users.ts': [
        "import { router, publicProcedure } from './trpc';",
        'export const usersRouter = router({',
        '  byId: publicProcedure',
        '    .input((v) => v)',
        '    .query(() => null),',
        '});',
      ].join('\n'),
      'src/app.ts': [
        "import { router, publicProcedure } from './trpc';",
        "import { usersRouter } from './users';",
        'export const appRouter = router({',
        '  users: usersRouter,',
        '  admin: {',
        '    purge: publicProcedure.mutation(() => true),',
        '  },',
        '});',
      ].join('\n'),
      'src/server.ts': [
        "import express from 'express';",
        "import { createExpressMiddleware } from '@trpc/server/adapters/express';",
        "import { appRouter } from './app';",
        'const app = express();',
        "app.use('/trpc', createExpressMiddleware({ router: appRouter }));",
        'app.listen(3000);',
      ].join('\n'),
    });
    expect(routes(f).filter((r) => r.includes('src/app.ts') || r.includes('src/users.ts'))).toEqual([
      'POST /trpc/admin/purge src/app.ts:6',
      'GET /trpc/users/byId src/users.ts:3',
    ]);
    expect(f.frameworks.has('trpc')).toBe(true);
  });

  it('a Vue router object is no tRPC router', () => {
    const f = facts({
      'package.json': JSON.stringify({ dependencies: { vue: '3.5.0', 'vue-router': '4.4.0' } }),
      'src/router.ts':
        "import { createRouter, createWebHistory } from 'vue-router';\nimport routes from './routes';\nexport default createRouter({ history: createWebHistory(), routes });\n",
      'src/routes.ts': 'export default [];\n',
    });
    expect(f.service.routes).toEqual([]);
    expect(f.frameworks.has('trpc')).toBe(false);
  });
});
