// The facts behind api.docs, security.headers and security.authn, on small in-memory services.
import { describe, expect, it } from 'vitest';
import { describesFields } from '../../src/facts/api-docs.js';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const factsOf = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));
const fastapi = (ctor: string) =>
  factsOf({
    'requirements.txt': 'fastapi\nuvicorn\n',
    'main.py': [
      'from fastapi import FastAPI',
      '',
      ctor,
      '',
      '@app.get("/orders")',
      'def orders():',
      '    return []',
    ].join('\n'),
  }).apiDocs;
const express = (lines: string[], deps: Record<string, string> = {}, extra: Record<string, string> = {}) =>
  factsOf({
    'package.json': JSON.stringify({ name: 'a', main: 'server.js', dependencies: { express: '^4.19.0', ...deps } }),
    'server.js': [
      "const express = require('express');",
      'const app = express();',
      ...lines,
      "app.get('/orders', (req, res) => res.json([]));",
      'app.listen(3000);',
    ].join('\n'),
    ...extra,
  });

describe('facts: apiDocs', () => {
  it('FastAPI serves docs by default; docs_url=None switches them off; a setting from config makes them conditional', () => {
    expect(fastapi('app = FastAPI()').fastapi).toMatchObject({ state: 'default', app: { path: 'main.py', line: 3 } });
    expect(fastapi('app = FastAPI(\n    title="orders",\n    docs_url=None,\n)').fastapi).toMatchObject({
      state: 'disabled',
      line: 5,
      setting: 'docs_url=None',
    });
    expect(fastapi('app = FastAPI(docs_url=settings.docs_url)').fastapi).toMatchObject({
      state: 'conditional',
      setting: 'docs_url=settings.docs_url',
    });
  });

  it('an OpenAPI document in the repository is a spec file with its version; a package.json is not', () => {
    const docs = factsOf({
      'package.json': JSON.stringify({ name: 'a', openapi: '3.0.0' }),
      'api/openapi.yaml': 'openapi: 3.1.0\ninfo:\n  title: orders\n',
    }).apiDocs;
    expect(docs.spec).toEqual({ path: 'api/openapi.yaml', line: 1, version: 'OpenAPI 3.1.0' });
  });

  it('an openapiv2 generator counts only when protobuf definitions exist', () => {
    const gen = { 'buf.gen.yaml': 'version: v1\nplugins:\n  - plugin: openapiv2\n    out: gen/openapi\n' };
    expect(factsOf({ ...gen, 'api/orders.proto': 'syntax = "proto3";\n' }).apiDocs.protoGenerator).toMatchObject({
      path: 'buf.gen.yaml',
      line: 3,
    });
    expect(factsOf(gen).apiDocs.protoGenerator).toBeUndefined();
  });

  it('a Markdown reference counts when it names three routes the service serves, parameters written either way', () => {
    const routes = [
      "app.post('/v1/tasks', (req, res) => res.sendStatus(201));",
      "app.put('/v1/tasks/:id', (req, res) => res.sendStatus(204));",
    ];
    const reference =
      '# API\n\n## Create\n\n    POST /v1/tasks\n\n## GET /orders\n\n## Update\n\n- `PUT /v1/tasks/{task_id}`\n';
    expect(express(routes, {}, { 'docs/api.md': reference }).apiDocs.markdownReference).toMatchObject({
      path: 'docs/api.md',
      line: 5,
    });
    // The three listed together under one heading (a contributor's guide to the route patterns): no reference.
    const listed = '# Route patterns\n\n```\nPOST /v1/tasks\nGET /orders\nPUT /v1/tasks/{task_id}\n```\n';
    expect(express(routes, {}, { 'docs/api.md': listed }).apiDocs.markdownReference).toBeUndefined();
    // Two of the three endpoints are this service's: a third one it does not serve is no reference of its API.
    const partial = reference.replace('GET /orders', 'GET /v2/orders');
    expect(express(routes, {}, { 'docs/api.md': partial }).apiDocs.markdownReference).toBeUndefined();
  });

  it('ASP.NET Core OpenAPI is development-only when the calls serving it sit in an IsDevelopment() block or #if DEBUG', () => {
    const aspnet = (lines: string[]) =>
      factsOf({
        'Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
        'Program.cs': [
          'var builder = WebApplication.CreateBuilder(args);',
          ...lines,
          'app.MapGet("/orders", () => new[] { 1 });',
          'app.Run();',
        ].join('\n'),
      }).apiDocs.aspnet;
    const deep = ['', '    // a comment', '    builder.Logging.AddDebug();', '    builder.Logging.AddConsole();', ''];
    // Deeper than a few lines into the block.
    expect(
      aspnet([
        'if (builder.Environment.IsDevelopment())',
        '{',
        ...deep,
        '    builder.Services.AddOpenApi();',
        '}',
        'var app = builder.Build();',
        'if (app.Environment.IsDevelopment()) app.MapOpenApi();',
      ])?.devOnly,
    ).toBe(true);
    expect(
      aspnet(['#if DEBUG', 'builder.Services.AddOpenApi();', '#endif', 'var app = builder.Build();'])?.devOnly,
    ).toBe(true);
    // A guard in a comment guards nothing.
    expect(
      aspnet([
        'var app = builder.Build();',
        '// if (app.Environment.IsDevelopment())',
        '// {',
        'app.UseSwagger();',
        '// }',
      ])?.devOnly,
    ).toBe(false);
    // The generator registered outside the block serves nothing: the call that serves the document decides.
    expect(
      aspnet([
        'builder.Services.AddOpenApi();',
        'var app = builder.Build();',
        'if (app.Environment.IsDevelopment())',
        '{',
        ...deep,
        '    app.MapOpenApi();',
        '}',
      ])?.devOnly,
    ).toBe(true);
  });
});

describe('facts: describesFields', () => {
  it('an OpenAPI document or a CRD describes fields; a setting file sets them', () => {
    expect(
      describesFields(
        'openapi: 3.0.1\ncomponents:\n  schemas:\n    Stage:\n      properties:\n        autoRollback:\n',
      ),
    ).toBe(true);
    expect(describesFields('{\n  "swagger": "2.0",\n  "definitions": {}\n}\n')).toBe(true);
    expect(
      describesFields('apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  route:\n'),
    ).toBe(true);
    expect(describesFields('route:\n  receiver: oncall\nreceivers:\n  - name: oncall\n')).toBe(false);
    expect(describesFields('apiVersion: apps/v1\nkind: Deployment\n')).toBe(false);
  });
});

describe('facts: securityHeaders', () => {
  it('helmet as the service registers it is applied', () => {
    const sh = express(["import helmet from 'helmet';", 'app.use(helmet());'], { helmet: '^7.0.0' }).securityHeaders;
    expect(sh.applied).toMatchObject([{ label: 'helmet registered', site: { path: 'server.js', line: 4 } }]);
  });

  it('a header-setting function the app registers is project code that applies; unregistered, it is recorded', () => {
    const fn = [
      'function secure(req, res, next) {',
      "  res.setHeader('Strict-Transport-Security', 'max-age=63072000');",
      '  next();',
      '}',
    ];
    const wired = express([...fn, 'app.use(secure);']).securityHeaders;
    expect(wired.applied).toEqual([]);
    expect(wired.code).toMatchObject({ confidence: 'high', how: 'secure registered as middleware registration' });
    const lost = express(fn).securityHeaders;
    expect(lost.code).toBeUndefined();
    expect(lost.unregistered).toMatchObject([{ name: 'secure', site: { path: 'server.js', line: 4 } }]);
  });

  it('Django SecurityMiddleware in settings is the framework default', () => {
    const sh = factsOf({
      'requirements.txt': 'django\n',
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")\n',
      'site/settings.py': 'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n]\n',
      'site/urls.py': 'from django.urls import path\nurlpatterns = [path("orders/", view)]\n',
    }).securityHeaders;
    expect(sh.applied).toEqual([]);
    expect(sh.djangoSecurityMiddleware).toMatchObject({ path: 'site/settings.py', line: 2 });
  });
});

describe('facts: authn', () => {
  const fastapiAuth = (route: string) =>
    factsOf({
      'requirements.txt': 'fastapi\nuvicorn\npyjwt\n',
      'main.py': [
        'import jwt',
        'from fastapi import Depends, FastAPI, HTTPException',
        'app = FastAPI()',
        '',
        'def current_user(token: str):',
        '    claims = jwt.decode(token, KEY, algorithms=["HS256"])',
        '    return claims["sub"]',
        '',
        route,
        'def orders():',
        '    return []',
      ].join('\n'),
    }).authn;

  it('a dependency verifying a token is applied when a route depends on it', () => {
    const a = fastapiAuth('@app.get("/orders", dependencies=[Depends(current_user)])');
    expect(a.applied).toEqual([]);
    expect(a.code?.evidence[0]).toMatchObject({ path: 'main.py', line: 6 });
    expect(a.unregistered).toEqual([]);
  });

  it('the same dependency no route uses is recorded as never applied', () => {
    const a = fastapiAuth('@app.get("/orders")');
    expect(a.code).toBeUndefined();
    expect(a.unregistered).toMatchObject([{ name: 'current_user', site: { path: 'main.py', line: 6 } }]);
  });

  it('a Spring filter chain that permits every request is permitAll, not applied authentication', () => {
    const chain = (rule: string) =>
      factsOf({
        'pom.xml':
          '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-security</artifactId></dependency></dependencies></project>',
        'src/main/java/app/App.java':
          'package app;\n@SpringBootApplication\npublic class App { public static void main(String[] a) { SpringApplication.run(App.class, a); } }\n',
        'src/main/java/app/Security.java': [
          'package app;',
          '@Configuration',
          '@EnableWebSecurity',
          'public class Security {',
          '  @Bean SecurityFilterChain chain(HttpSecurity http) throws Exception {',
          `    return http.authorizeHttpRequests(a -> a.${rule}).build();`,
          '  }',
          '}',
        ].join('\n'),
      }).authn;
    const open = chain('anyRequest().permitAll()');
    expect(open.applied).toEqual([]);
    expect(open.permitAll).toMatchObject({ path: 'src/main/java/app/Security.java', line: 6 });
    const closed = chain('anyRequest().authenticated()');
    expect(closed.permitAll).toBeUndefined();
    expect(closed.applied.length).toBeGreaterThan(0);
  });
});

describe('facts: apiDocs, the application the service serves', () => {
  const service = (helper: string, extra: Record<string, string> = {}) =>
    factsOf({
      'requirements.txt': 'fastapi\nuvicorn\n',
      'main.py': [
        'import uvicorn',
        'from fastapi import FastAPI',
        'from helpers import stream_text',
        '',
        'def build():',
        '    app = FastAPI(docs_url=None)',
        '    app.add_api_route("/hello", lambda: stream_text("hi"))',
        '    return app',
        '',
        'if __name__ == "__main__":',
        '    uvicorn.run(build(), port=8000)',
      ].join('\n'),
      'helpers.py': helper,
      ...extra,
    }).apiDocs.fastapi;

  it('skips an app bound at the top of a helper module that nothing uses', () => {
    const helper = 'from fastapi import FastAPI\n\napp = FastAPI()\n\ndef stream_text(t):\n    return t\n';
    expect(service(helper)).toMatchObject({ state: 'disabled', app: { path: 'main.py', line: 6 } });
  });

  it('keeps a module app another file imports or the module itself uses', () => {
    const helper = 'from fastapi import FastAPI\n\napp = FastAPI()\n\ndef stream_text(t):\n    return t\n';
    expect(
      service(helper, { 'extra.py': 'from helpers import app\n\n@app.get("/x")\ndef x():\n    return 1\n' }),
    ).toMatchObject({
      app: { path: 'helpers.py', line: 3 },
    });
    const decorated =
      'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get("/t")\ndef stream_text(t):\n    return t\n';
    expect(service(decorated)).toMatchObject({ app: { path: 'helpers.py', line: 3 } });
  });
});
