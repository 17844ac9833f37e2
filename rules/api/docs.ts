import { defineRule, grepReached, type RuleContext } from '../../src/sdk/index.js';
import { firstLibrary, type LibSpec } from '../_lib/library-evidence.js';

const LIBS: LibSpec[] = [
  { label: 'drf-spectacular', deps: [['python', 'drf-spectacular']], imports: ['drf_spectacular'] },
  { label: 'drf-yasg', deps: [['python', 'drf-yasg']], imports: ['drf_yasg'] },
  { label: 'django-ninja (built-in OpenAPI)', deps: [['python', 'django-ninja']], imports: ['ninja'] },
  { label: 'flasgger', deps: [['python', 'flasgger']], imports: ['flasgger'] },
  { label: 'flask-smorest', deps: [['python', 'flask-smorest']], imports: ['flask_smorest'] },
  { label: 'APIFlask (built-in OpenAPI)', deps: [['python', 'apiflask']], imports: ['apiflask'] },
  { label: 'flask-restx (built-in Swagger)', deps: [['python', 'flask-restx']], imports: ['flask_restx'] },
  { label: 'spectree', deps: [['python', 'spectree']], imports: ['spectree'] },
  { label: 'apispec', deps: [['python', 'apispec']], imports: ['apispec'] },
  {
    label: '@nestjs/swagger',
    deps: [['node', '@nestjs/swagger']],
    imports: ['@nestjs/swagger'],
    usage: /SwaggerModule\.(setup|createDocument)/,
  },
  { label: 'swagger-ui-express', deps: [['node', 'swagger-ui-express']], imports: ['swagger-ui-express'] },
  {
    label: '@fastify/swagger',
    deps: [
      ['node', '@fastify/swagger'],
      ['node', 'fastify-swagger'],
    ],
    imports: ['@fastify/swagger', 'fastify-swagger'],
  },
  { label: 'hapi-swagger', deps: [['node', 'hapi-swagger']], imports: ['hapi-swagger'] },
  { label: 'swagger-jsdoc', deps: [['node', 'swagger-jsdoc']], imports: ['swagger-jsdoc'] },
  { label: 'koa2-swagger-ui', deps: [['node', 'koa2-swagger-ui']], imports: ['koa2-swagger-ui'] },
  { label: 'tsoa', deps: [['node', 'tsoa']], imports: ['tsoa'] },
  {
    label: '@hono/zod-openapi',
    deps: [['node', '@hono/zod-openapi']],
    imports: ['@hono/zod-openapi'],
    usage: /\.doc(?:31)?\(\s*["'`]|\.getOpenAPI(?:31)?Document\(/,
  },
  {
    label: 'hono-openapi',
    deps: [['node', 'hono-openapi']],
    imports: ['hono-openapi'],
    usage: /openAPISpecs\(|openAPIRouteHandler\(/,
  },
  { label: '@hono/swagger-ui', deps: [['node', '@hono/swagger-ui']], imports: ['@hono/swagger-ui'] },
  {
    label: '@elysiajs/swagger / @elysiajs/openapi',
    deps: [
      ['node', '@elysiajs/swagger'],
      ['node', '@elysiajs/openapi'],
    ],
    imports: ['@elysiajs/swagger', '@elysiajs/openapi'],
  },
  {
    label: 'trpc-openapi / trpc-to-openapi',
    deps: [
      ['node', 'trpc-openapi'],
      ['node', 'trpc-to-openapi'],
      ['node', '@trpc/openapi'],
    ],
    imports: ['trpc-openapi', 'trpc-to-openapi', '@trpc/openapi'],
    usage: /generateOpenApiDocument\(/,
  },
  {
    label: 'swaggo',
    deps: [
      ['go', 'github.com/swaggo/swag'],
      ['go', 'github.com/swaggo/http-swagger'],
      ['go', 'github.com/swaggo/gin-swagger'],
      ['go', 'github.com/swaggo/echo-swagger'],
    ],
    imports: [/^github\.com\/swaggo\//],
  },
  {
    label: 'huma (built-in OpenAPI)',
    deps: [['go', 'github.com/danielgtaylor/huma/v2']],
    imports: [/^github\.com\/danielgtaylor\/huma/],
  },
  {
    label: 'utoipa',
    deps: [['rust', 'utoipa']],
    imports: ['utoipa'],
    usage: /#\[derive\([^)]*\bOpenApi\b|\bOpenApiRouter\b/,
  },
  { label: 'aide', deps: [['rust', 'aide']], imports: ['aide'] },
  { label: 'poem-openapi', deps: [['rust', 'poem-openapi']], imports: ['poem_openapi'] },
  { label: 'rocket_okapi', deps: [['rust', 'rocket_okapi']], imports: ['rocket_okapi'] },
  { label: 'apistos', deps: [['rust', 'apistos']], imports: ['apistos'] },
  { label: 'paperclip', deps: [['rust', 'paperclip']], imports: ['paperclip'] },
];

/** ASP.NET Core OpenAPI generators are registered on the builder (their namespaces are rarely imported). */
const DOTNET_OPENAPI =
  /\.AddSwaggerGen\s*\(|\.AddOpenApi\s*\(|\.MapOpenApi\s*\(|\.AddOpenApiDocument\s*\(|\.AddSwaggerDocument\s*\(|\.UseSwagger\s*\(|\.UseOpenApi\s*\(|\.AddFastEndpoints\b[\s\S]{0,200}?SwaggerDocument|\.SwaggerDocument\s*\(/;

export default defineRule({
  meta: {
    id: 'api.docs',
    category: 'api',
    title: 'The HTTP API is described by OpenAPI docs',
    severity: 'low',
    level: 3,
    scope: 'component',
    requires: ['http'],
    docs: {
      why: 'Consumers integrate against a contract, not the source. An OpenAPI document (generated or written) makes the API discoverable, testable and diffable between releases.',
      how: 'FastAPI serves /docs and /openapi.json by default (framework default) unless the app sets docs_url=None or openapi_url=None. Otherwise looks for an OpenAPI generator used by reached code (drf-spectacular, drf-yasg, flasgger, flask-smorest, @nestjs/swagger, swagger-ui-express, @fastify/swagger, swaggo, springdoc-openapi, rswag, utoipa/aide/poem-openapi/rocket_okapi for Rust, Swashbuckle AddSwaggerGen / AddOpenApi+MapOpenApi / NSwag for ASP.NET Core: a spec generated only in Development still documents the contract) or an openapi/swagger spec file in the repository, or an OpenAPI generator run over the .proto definitions (protoc-gen-openapiv2 in buf.gen.yaml or a Makefile). A plain gRPC service is described by the .proto files of the services it registers.',
      fix: [
        'Generate the spec from the code or commit an openapi.yaml.',
        'Python: FastAPI serves /docs by default; Django REST framework: drf-spectacular; Flask: flask-smorest or apispec.',
        'Node: @nestjs/swagger, @fastify/swagger, or swagger-jsdoc with swagger-ui-express.',
        'Go: swaggo/swag annotations (or generate the server from an openapi.yaml with oapi-codegen).',
        'Spring: springdoc-openapi-starter-webmvc-ui.',
        'Ruby: rswag (Rails request specs generate the spec).',
        'Publish it with the service (/docs) or with the release.',
        'Rust: derive utoipa::OpenApi over the handlers (#[utoipa::path]) and serve it with utoipa-swagger-ui, or build the router with aide.',
        '.NET: builder.Services.AddOpenApi() and app.MapOpenApi() (.NET 9+), or Swashbuckle AddSwaggerGen/UseSwagger.',
      ],
      effort: 'S',
      links: ['https://spec.openapis.org/oas/latest.html'],
    },
    messages: {
      fastapi: 'FastAPI serves OpenAPI docs by default ({{where}}).',
      litestar: 'Litestar serves its OpenAPI schema and docs by default ({{where}}).',
      conditional:
        'FastAPI docs are switched by configuration ({{where}}); the OpenAPI schema is generated but hidden in some environments.',
      disabled: 'FastAPI docs are disabled ({{setting}}) and no OpenAPI spec is published otherwise.',
      library: 'OpenAPI docs are generated with {{library}}.',
      spec: 'OpenAPI spec {{file}}.',
      generated: 'An OpenAPI document is generated from the protobuf API definitions ({{file}}).',
      proto:
        'The gRPC API is described by its protobuf definitions ({{file}}), which clients generate their stubs from.',
      notWired: 'API docs are set up in {{file}} but never wired: no entrypoint imports that module.',
      unused: '{{library}} is declared but not used by any production source file.',
      missing: 'No OpenAPI spec or generated API docs.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['openapi', 'swagger', 'api documentation', 'api docs', 'api reference', 'redoc'],
  },
  check(ctx) {
    // A plain gRPC service: the .proto files are the API's contract and documentation.
    const protos = ctx.facts.grpc.definitions;
    if (ctx.facts.frameworks.grpcOnly && protos.length)
      return ctx.pass(
        protos.slice(0, 3).map((d) => ctx.at(d.path, d.line, d.note)),
        { messageId: 'proto', data: { file: protos[0]!.path } },
      );
    const { used, unwired, unused } = firstLibrary(ctx, LIBS);
    if (used) return ctx.pass(used.evidence, { messageId: 'library', data: { library: used.spec.label } });
    for (const [artifact, label] of [
      ['springdoc-openapi-starter-webmvc-ui', 'springdoc-openapi'],
      ['springdoc-openapi-starter-webflux-ui', 'springdoc-openapi'],
      ['springdoc-openapi-ui', 'springdoc-openapi'],
      ['springfox-boot-starter', 'springfox'],
      ['springfox-swagger2', 'springfox'],
    ] as const) {
      const d = ctx.facts.deps.declared(['jvm', artifact]);
      if (d)
        return ctx.pass(
          [ctx.at(d.manifest, d.line, `${label}: /v3/api-docs and Swagger UI are served by auto-configuration`)],
          { messageId: 'library', data: { library: label } },
        );
    }
    for (const gem of ['rswag', 'rswag-api', 'rswag-ui', 'grape-swagger', 'oas_rails', 'apipie-rails']) {
      const d = ctx.facts.deps.declared(['ruby', gem]) ?? ctx.facts.deps.declaredAnyScope(['ruby', gem]);
      if (d)
        return ctx.pass([ctx.at(d.manifest, d.line, `${gem} generates OpenAPI docs`)], {
          messageId: 'library',
          data: { library: gem },
        });
    }
    const aspnet = grepReached(ctx.facts, DOTNET_OPENAPI, ['csharp']);
    if (aspnet.length) {
      const devOnly = aspnet.every(
        (h) =>
          ctx.facts.service.middleware.some((m) => m.file === h.path && m.line === h.line && m.devOnly) ||
          devGuarded(ctx, h.path, h.line),
      );
      return ctx.pass(
        [
          ctx.at(
            aspnet[0]!.path,
            aspnet[0]!.line,
            `OpenAPI document generated (${aspnet[0]!.text.trim().slice(0, 60)})${devOnly ? ', served in Development only' : ''}`,
          ),
        ],
        {
          messageId: 'library',
          data: { library: 'ASP.NET Core OpenAPI (Swashbuckle / Microsoft.AspNetCore.OpenApi / NSwag)' },
        },
      );
    }
    const spec = specFile(ctx);
    if (spec)
      return ctx.pass([ctx.at(spec.path, spec.line, `${spec.version} document`)], {
        messageId: 'spec',
        data: { file: spec.path },
      });
    // gRPC APIs: the OpenAPI document is generated from the proto definitions (often into a vendored-looking folder
    // such as third_party/OpenAPI, which the audit does not read).
    const generator = ctx.repo
      .grep(/\b(?:protoc-gen-)?(?:openapiv2|openapiv3|connect-openapi|gnostic)\b|--openapiv2_out\b/, {
        include: [
          '**/buf.gen*.{yaml,yml}',
          '**/Makefile',
          '**/*.mk',
          '**/justfile',
          '**/Taskfile.{yml,yaml}',
          '**/*.sh',
        ],
        limit: 5,
      })
      .find((m) => !ctx.repo.get(m.path)?.isTest && !/^\s*#/.test(m.text));
    if (generator && ctx.repo.glob('**/*.proto')[0])
      return ctx.pass([ctx.at(generator.path, generator.line, 'OpenAPI generated from the protobuf API definitions')], {
        messageId: 'generated',
        data: { file: generator.path },
      });

    // FastAPI: docs at /docs, /redoc and /openapi.json unless switched off on the constructor.
    if (ctx.facts.frameworks.has('fastapi')) {
      const apps = grepReached(ctx.facts, /\bFastAPI\s*\(/, ['python']);
      for (const app of apps) {
        const call = constructorArgs(ctx, app.path, app.line);
        const off = /\b(docs_url|openapi_url)\s*=\s*None\b(?!\s+if\b)/.exec(call.text);
        const conditional = /\b(docs_url|openapi_url)\s*=\s*(?:[^,)\n]*\bif\b[^,)\n]*|(?!None\b|["'])[\w.]+)/.exec(
          call.text,
        );
        if (off && !(off[1] === 'docs_url' && /redoc_url\s*=\s*["']/.test(call.text))) {
          return ctx.gap(
            'disabled',
            [
              ctx.at(
                app.path,
                lineOf(ctx, app.path, app.line, off[0]),
                `${off[0]}: the interactive docs are switched off`,
              ),
            ],
            { data: { setting: off[0] } },
          );
        }
        if (conditional) {
          return ctx.pass(
            [
              ctx.at(
                app.path,
                lineOf(ctx, app.path, app.line, conditional[0]),
                `${conditional[0].trim()}: docs depend on configuration`,
              ),
            ],
            { messageId: 'conditional', data: { where: `${app.path}:${app.line}` }, confidence: 'low' },
          );
        }
      }
      const app = apps[0] ?? ctx.repo.grepFirst(/\bFastAPI\s*\(/, { languages: ['python'], kinds: ['source'] });
      if (app)
        return ctx.pass(
          [
            ctx.at(
              app.path,
              app.line,
              'FastAPI() without docs_url=None/openapi_url=None: /docs and /openapi.json are served (framework default)',
            ),
          ],
          { messageId: 'fastapi', data: { where: `${app.path}:${app.line}` } },
        );
    }
    // Litestar serves its OpenAPI schema (/schema, with a UI) unless openapi_config=None.
    if (ctx.facts.frameworks.has('litestar')) {
      const app = grepReached(ctx.facts, /\bLitestar\s*\(|\bOpenAPIConfig\s*\(/, ['python'])[0];
      const off = grepReached(ctx.facts, /\bopenapi_config\s*=\s*None\b/, ['python'])[0];
      if (app && !off)
        return ctx.pass(
          [
            ctx.at(
              app.path,
              app.line,
              'Litestar serves the OpenAPI schema and docs (framework default, not switched off)',
            ),
          ],
          { messageId: 'litestar', data: { where: `${app.path}:${app.line}` } },
        );
    }
    if (unwired) return ctx.gap('notWired', unwired.evidence, { data: { file: unwired.file ?? '?' } });
    if (unused) return ctx.gap('unused', unused.evidence, { data: { library: unused.spec.label } });
    return ctx.gap('missing', [
      ctx.missing(
        [
          'openapi.yaml/json',
          'swagger.yaml/json',
          'FastAPI docs',
          'drf-spectacular',
          'drf-yasg',
          'flasgger',
          '@nestjs/swagger',
          'swagger-ui-express',
          '@fastify/swagger',
          'swaggo',
          'springdoc-openapi',
          'rswag',
        ],
        'no API description',
      ),
    ]);
  },
});

function constructorArgs(ctx: RuleContext, file: string, line: number): { text: string } {
  const lines = ctx.repo.lines(file).slice(line - 1, line + 14);
  let depth = 0;
  const out: string[] = [];
  for (const l of lines) {
    out.push(l);
    for (const ch of l) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth <= 0) break;
  }
  return { text: out.join('\n') };
}

function lineOf(ctx: RuleContext, file: string, from: number, needle: string): number {
  const lines = ctx.repo.lines(file);
  const first = needle.split('\n')[0]!.trim();
  for (let i = from - 1; i < Math.min(lines.length, from + 15); i++) if (lines[i]!.includes(first)) return i + 1;
  return from;
}

function specFile(ctx: RuleContext): { path: string; line: number; version: string } | undefined {
  // Any YAML/JSON document whose top-level key is openapi/swagger, wherever it lives (api/openapi.yaml, docs/openapi/v1.json ...).
  const hits = ctx.repo
    .grep(/^(?:\{\s*)?\s{0,2}["']?(openapi|swagger)["']?\s*:\s*["']?(\d[\d.]*)/, {
      include: ['**/*.{yaml,yml,json}'],
      exclude: ['**/package.json', '**/package-lock.json', '**/*.lock', '**/node_modules/**'],
    })
    // Generators that sort keys (go-swagger) put "swagger" after consumes/produces/schemes: still near the top.
    .filter((m) => !ctx.repo.get(m.path)?.isTest && m.line <= 40);
  const m = hits[0];
  return m
    ? { path: m.path, line: m.line, version: `${m.groups[1] === 'swagger' ? 'Swagger' : 'OpenAPI'} ${m.groups[2]}` }
    : undefined;
}

/** The line sits inside `if (app.Environment.IsDevelopment()) { … }` (within a few lines above). */
function devGuarded(ctx: RuleContext, file: string, line: number): boolean {
  const above = ctx.repo
    .lines(file)
    .slice(Math.max(0, line - 6), line - 1)
    .join('\n');
  return /IsDevelopment\s*\(\s*\)\s*\)\s*\{?[^}]*$/.test(above);
}
