import { springProperties, apiRoutes, defineRule, describeRoute } from '../../src/sdk/index.js';
import { firstLibrary, type LibSpec } from '../_lib/library-evidence.js';

const LIBS: LibSpec[] = [
  // Phoenix: OpenApiSpex builds the spec from operation specs on the controllers (PutApiSpec, RenderSpec, SwaggerUI).
  { label: 'OpenApiSpex', deps: [['elixir', 'open_api_spex']], imports: ['OpenApiSpex'] },
  // Ash: a JSON:API router serving the OpenAPI document it derives from the resources (`use AshJsonApi.Router, …,
  // open_api: "/open_api"`).
  {
    label: 'AshJsonApi (OpenAPI from the resources)',
    deps: [['elixir', 'ash_json_api']],
    imports: ['AshJsonApi'],
    usage: /\bopen_api:\s*["'/]/,
    usageRequired: true,
  },
  { label: 'drf-spectacular', deps: [['python', 'drf-spectacular']], imports: ['drf_spectacular'] },
  { label: 'drf-yasg', deps: [['python', 'drf-yasg']], imports: ['drf_yasg'] },
  { label: 'django-ninja (built-in OpenAPI)', deps: [['python', 'django-ninja']], imports: ['ninja'] },
  { label: 'flasgger', deps: [['python', 'flasgger']], imports: ['flasgger'] },
  { label: 'flask-smorest', deps: [['python', 'flask-smorest']], imports: ['flask_smorest'] },
  { label: 'APIFlask (built-in OpenAPI)', deps: [['python', 'apiflask']], imports: ['apiflask'] },
  { label: 'flask-restx (built-in Swagger)', deps: [['python', 'flask-restx']], imports: ['flask_restx'] },
  { label: 'spectree', deps: [['python', 'spectree']], imports: ['spectree'] },
  // APIFairy serves the OpenAPI document it builds from its decorators' schemas at /apispec.json and a UI at /docs.
  { label: 'APIFairy (built-in OpenAPI)', deps: [['python', 'apifairy']], imports: ['apifairy'] },
  // Quart-Schema serves the OpenAPI document it builds from the routes' validation models at /openapi.json, with UIs
  // at /docs and /redocs, once `QuartSchema(app)` is set up.
  {
    label: 'Quart-Schema (built-in OpenAPI)',
    deps: [['python', 'quart-schema']],
    imports: ['quart_schema'],
    usage: /\bQuartSchema\s*\(/,
  },
  { label: 'apispec', deps: [['python', 'apispec']], imports: ['apispec'] },
  {
    // Cornice services described as OpenAPI (also vendored: `from app.cornice_swagger import CorniceSwagger`).
    label: 'cornice_swagger',
    deps: [['python', 'cornice-swagger']],
    imports: ['cornice_swagger', /(?:^|\.)cornice_swagger$/],
  },
  { label: 'pyramid_openapi3', deps: [['python', 'pyramid-openapi3']], imports: ['pyramid_openapi3'] },
  {
    label: '@nestjs/swagger',
    deps: [['node', '@nestjs/swagger']],
    imports: ['@nestjs/swagger'],
    usage: /SwaggerModule\.(setup|createDocument)/,
  },
  { label: 'swagger-ui-express', deps: [['node', 'swagger-ui-express']], imports: ['swagger-ui-express'] },
  // Express middleware that builds the OpenAPI document from per-route schemas and serves it (and Swagger UI).
  { label: '@wesleytodd/openapi', deps: [['node', '@wesleytodd/openapi']], imports: ['@wesleytodd/openapi'] },
  { label: 'express-openapi', deps: [['node', 'express-openapi']], imports: ['express-openapi'] },
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
    // oRPC: the OpenAPI handler's reference plugin serves the generated document and its UI.
    // (The handler alone serves REST-shaped routes without a document: only the plugins module counts.)
    label: '@orpc/openapi reference plugin',
    deps: [],
    imports: ['@orpc/openapi/plugins'],
    usage: /\bOpenAPIReferencePlugin\b/,
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
  {
    // salvo's `oapi` feature: `OpenApi::new(name, version).merge_router(&router)` derives the document from the
    // handlers' `#[endpoint]` attributes and `doc.into_router(url)` serves it (the `oapi` module alone also holds the
    // typed extractors, so only a file building the document counts).
    label: 'salvo oapi',
    deps: [
      ['rust', 'salvo'],
      ['rust', 'salvo-oapi'],
    ],
    imports: [/^salvo(?:_oapi)?(?:::|$)/],
    usage: /\bOpenApi::new\s*\(/,
    usageRequired: true,
  },
  { label: 'poem-openapi', deps: [['rust', 'poem-openapi']], imports: ['poem_openapi'] },
  { label: 'rocket_okapi', deps: [['rust', 'rocket_okapi']], imports: ['rocket_okapi'] },
  { label: 'apistos', deps: [['rust', 'apistos']], imports: ['apistos'] },
  { label: 'paperclip', deps: [['rust', 'paperclip']], imports: ['paperclip'] },
];

/** ASP.NET Core OpenAPI generators are registered on the builder (their namespaces are rarely imported). */
export default defineRule({
  meta: {
    id: 'api.docs',
    category: 'api',
    title: 'The HTTP API is described by OpenAPI docs',
    severity: 'low',
    level: 3,
    scope: 'component',
    requires: ['http-api', 'network-api'],
    docs: {
      why: 'Consumers integrate against a contract, not the source. An OpenAPI document (generated or written) makes the API discoverable, testable and diffable between releases.',
      how: 'FastAPI serves /docs and /openapi.json by default (framework default) unless the app sets docs_url=None or openapi_url=None. Otherwise looks for an OpenAPI generator used by reached code (drf-spectacular, drf-yasg, flasgger, flask-smorest, APIFairy, Quart-Schema, cornice_swagger, pyramid_openapi3, @nestjs/swagger, swagger-ui-express, @fastify/swagger (also the one lc39 registers on the services it launches, unless exposeDocumentation: false), @orpc/openapi (OpenAPIReferencePlugin), Nitro/Nuxt `openAPI: true` (the document Nitro generates from the server routes; served in development only, low confidence, unless `openAPI.production` is set), swaggo, springdoc-openapi, Quarkus SmallRye OpenAPI, Micronaut OpenAPI, rswag, utoipa/aide/poem-openapi/rocket_okapi/salvo oapi (`OpenApi::new`) for Rust, OpenApiSpex or an AshJsonApi router serving open_api for Phoenix, Scramble/L5-Swagger/NelmioApiDocBundle/API Platform (api-platform/core, or api-platform/symfony and api-platform/laravel in version 4)/swagger-php (a production dependency) for PHP, Swashbuckle AddSwaggerGen / AddOpenApi+MapOpenApi / NSwag for ASP.NET Core: a spec generated only in Development, every OpenAPI line inside an `IsDevelopment()` branch or `#if DEBUG`, still documents the contract, with low confidence) or an openapi/swagger spec file in the repository, or an OpenAPI generator run over the .proto definitions (protoc-gen-openapiv2 in buf.gen.yaml or a Makefile), or an API-first build: openapi-generator/swagger-codegen in pom.xml or build.gradle generating server interfaces (spring, kotlin-spring, jaxrs-*, … generators; not client libraries) from an OpenAPI document in the repository or at a URL. A document the project’s own code assembles (an OpenAPI version key beside its `paths`, run by a command of the project) passes with low confidence: it is neither committed nor served. A hand-written Markdown reference naming, method and path, at least three routes the service serves, each under a heading of its own (a heading, list item or code line `POST /v1/{type}/registration`; routes listed together under one heading, a contributors’ guide to the route patterns, are no reference), passes with low confidence: it is read by people, not tools, and may lag behind the code. A plain gRPC service (or one browsers call through grpc-web, from stubs generated from the same files) is described by the .proto files of the services it registers. A smithy4s service (operations served by `SimpleRestJsonBuilder`) is described by the Smithy model its server is generated from. A service whose routes all render pages (templates, LiveViews, Phoenix `pipe_through :browser`, Laravel’s `web` group, file and feed downloads, or a Blazor app’s own endpoints outside /api beside its components: sign-in and sign-out form posts) has no API to describe: n/a, and so has a server-rendered application whose few JSON routes (a fifth of its pages or fewer, none under /api) serve its own pages, and a page-framework app (Next.js, Nuxt, SvelteKit, Remix, Astro) with no route handler, API route, server action or form action, whose data comes from another service.',
      fix: [
        'Generate the spec from the code or commit an openapi.yaml.',
        'Python: FastAPI serves /docs by default; Django REST framework: drf-spectacular; Flask: flask-smorest or apispec.',
        'Node: @nestjs/swagger, @fastify/swagger, or swagger-jsdoc with swagger-ui-express.',
        'Go: swaggo/swag annotations (or generate the server from an openapi.yaml with oapi-codegen).',
        'Spring: springdoc-openapi-starter-webmvc-ui.',
        'Phoenix: open_api_spex (operation specs on the controllers, `plug OpenApiSpex.Plug.PutApiSpec` and a RenderSpec route).',
        'Laravel: dedoc/scramble (generates /docs/api from the routes and FormRequests); Symfony: NelmioApiDocBundle.',
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
      spec: '{{version}} document {{file}}.',
      generated: 'An OpenAPI document is generated from the protobuf API definitions ({{file}}).',
      ownGenerator:
        'The project builds its OpenAPI document in its own code ({{file}}); no generated document is committed or served.',
      reference:
        'The API is described by a hand-written reference ({{file}}), not a machine-readable document: it may lag behind the routes.',
      apiFirst: 'The API is written to an OpenAPI document: the build generates its server interfaces from {{spec}}.',
      proto:
        'The gRPC API is described by its protobuf definitions ({{file}}), which clients generate their stubs from.',
      smithy:
        'The API is described by its Smithy model ({{file}}), which smithy4s generates the server from (and can serve as Swagger UI).',
      neverWired: 'API docs are set up in {{file}} but never wired: no entrypoint imports that module.',
      declaredNotUsed: '{{library}} is declared but not used by any production source file.',
      missing: 'No OpenAPI spec or generated API docs.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['openapi', 'swagger', 'api documentation', 'api docs', 'api reference', 'redoc'],
  },
  check(ctx) {
    // A plain gRPC service (or one browsers call through grpc-web): the .proto files are the API's contract and
    // documentation.
    const protos = ctx.facts.grpc.definitions;
    if ((ctx.facts.frameworks.grpcOnly || ctx.facts.grpc.grpcWeb) && protos.length)
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
      // The document without the UI: /v3/api-docs only.
      ['springdoc-openapi-starter-webmvc-api', 'springdoc-openapi'],
      ['springdoc-openapi-starter-webflux-api', 'springdoc-openapi'],
      ['springdoc-openapi-webmvc-core', 'springdoc-openapi'],
      ['springdoc-openapi-webflux-core', 'springdoc-openapi'],
      ['springfox-boot-starter', 'springfox'],
      ['springfox-swagger2', 'springfox'],
      // Quarkus serves /q/openapi (and Swagger UI, in production with quarkus.swagger-ui.always-include) from the
      // JAX-RS resources; Micronaut OpenAPI generates the document at compile time.
      ['quarkus-smallrye-openapi', 'Quarkus SmallRye OpenAPI'],
      ['micronaut-openapi', 'Micronaut OpenAPI'],
    ] as const) {
      const d = ctx.facts.deps.declared(['jvm', artifact]);
      if (!d) continue;
      const what =
        artifact === 'quarkus-smallrye-openapi'
          ? '/q/openapi is generated from the resources and served (framework default)'
          : artifact === 'micronaut-openapi'
            ? 'the OpenAPI document is generated from the controllers at compile time'
            : /-api$|-core$/.test(artifact)
              ? '/v3/api-docs is served by auto-configuration'
              : '/v3/api-docs and Swagger UI are served by auto-configuration';
      // Switched off in the application configuration (JHipster turns it on only under an `api-docs` profile):
      // the document exists only where that is overridden.
      const off =
        label === 'springdoc-openapi' ? springProperties(ctx.facts).get('springdoc.api-docs.enabled') : undefined;
      // A committed document (the generated spec kept in the repository) then describes the API better.
      if (off && /^false$/i.test(off.value) && ctx.facts.apiDocs.spec) break;
      if (off && /^false$/i.test(off.value))
        return ctx.pass(
          [
            ctx.at(d.manifest, d.line, `${label}: ${what}`),
            ctx.at(off.file, off.line, 'switched off here unless a profile or setting turns it on'),
          ],
          { messageId: 'library', confidence: 'low', data: { library: label } },
        );
      return ctx.pass([ctx.at(d.manifest, d.line, `${label}: ${what}`)], {
        messageId: 'library',
        data: { library: label },
      });
    }
    // PHP packages that exist only to publish the API's OpenAPI document; Laravel discovers them and Symfony registers
    // the bundle by itself (Flex), so a production dependency is the set-up.
    for (const [pkg, label] of [
      ['dedoc/scramble', 'Scramble (/docs/api)'],
      ['darkaonline/l5-swagger', 'L5-Swagger'],
      ['nelmio/api-doc-bundle', 'NelmioApiDocBundle'],
      ['api-platform/core', 'API Platform (OpenAPI at /api/docs)'],
      ['api-platform/laravel', 'API Platform (OpenAPI at /api/docs)'],
      // API Platform 4 is split into packages: the framework integration serves the document.
      ['api-platform/symfony', 'API Platform (OpenAPI at /docs)'],
      ['zircote/swagger-php', 'swagger-php (OpenAPI attributes)'],
    ] as const) {
      const d = ctx.facts.deps.declared(['php', pkg]);
      if (d)
        return ctx.pass([ctx.at(d.manifest, d.line, `${pkg}: the OpenAPI document is generated from the code`)], {
          messageId: 'library',
          data: { library: label },
        });
    }
    for (const gem of ['rswag', 'rswag-api', 'rswag-ui', 'grape-swagger', 'oas_rails', 'apipie-rails']) {
      const d = ctx.facts.deps.declared(['ruby', gem]) ?? ctx.facts.deps.declaredAnyScope(['ruby', gem]);
      if (d)
        return ctx.pass([ctx.at(d.manifest, d.line, `${gem} generates OpenAPI docs`)], {
          messageId: 'library',
          data: { library: gem },
        });
    }
    const docs = ctx.facts.apiDocs;
    if (docs.aspnet)
      return ctx.pass([ctx.at(docs.aspnet.site.path, docs.aspnet.site.line, docs.aspnet.site.note)], {
        messageId: 'library',
        ...(docs.aspnet.devOnly ? { confidence: 'low' as const } : {}),
        data: { library: 'ASP.NET Core OpenAPI (Swashbuckle / Microsoft.AspNetCore.OpenApi / NSwag)' },
      });
    // Served in development only (ASP.NET Core's above, Nitro's here), the generated document is on no machine a
    // consumer reaches.
    if (docs.nitro)
      return ctx.pass([ctx.at(docs.nitro.path, docs.nitro.line, docs.nitro.note)], {
        messageId: 'library',
        ...(docs.nitro.production ? {} : { confidence: 'low' as const }),
        data: { library: 'Nitro OpenAPI' },
      });
    if (docs.javalin)
      return ctx.pass([ctx.at(docs.javalin.path, docs.javalin.line, docs.javalin.note)], {
        messageId: 'library',
        data: { library: 'javalin-openapi (OpenApiPlugin)' },
      });
    if (docs.lc39)
      return ctx.pass([ctx.at(docs.lc39.path, docs.lc39.line, docs.lc39.note)], {
        messageId: 'library',
        data: { library: 'lc39 (@fastify/swagger)' },
      });
    if (docs.smithy) {
      const { swagger } = docs.smithy;
      return ctx.pass(
        [
          ctx.at(docs.smithy.path, docs.smithy.line, docs.smithy.note),
          ...(swagger ? [ctx.at(swagger.path, swagger.line, 'smithy4s Swagger UI served from the model')] : []),
        ],
        { messageId: 'smithy', data: { file: docs.smithy.path } },
      );
    }
    const spec = docs.spec;
    if (spec)
      return ctx.pass([ctx.at(spec.path, spec.line, `${spec.version} document`)], {
        messageId: 'spec',
        data: { file: spec.path, version: spec.version },
      });
    const server = docs.serverGenerator;
    if (server)
      return ctx.pass([ctx.at(server.path, server.line, server.note)], {
        messageId: 'apiFirst',
        data: { spec: server.spec },
      });
    const generator = docs.protoGenerator;
    if (generator)
      return ctx.pass([ctx.at(generator.path, generator.line, generator.note)], {
        messageId: 'generated',
        data: { file: generator.path },
      });
    // Built by a command of the project rather than served or committed: whether it is published is not shown.
    const own = docs.ownGenerator;
    if (own)
      return ctx.pass([ctx.at(own.path, own.line, own.note)], {
        messageId: 'ownGenerator',
        confidence: 'low',
        data: { file: own.path },
      });
    const fastapi = docs.fastapi;
    if (fastapi?.state === 'disabled')
      return ctx.gap(
        'disabled',
        [ctx.at(fastapi.app.path, fastapi.line, `${fastapi.setting}: the interactive docs are switched off`)],
        { data: { setting: fastapi.setting! } },
      );
    const where = fastapi && `${fastapi.app.path}:${fastapi.app.line}`;
    if (fastapi?.state === 'conditional')
      return ctx.pass([ctx.at(fastapi.app.path, fastapi.line, `${fastapi.setting}: docs depend on configuration`)], {
        messageId: 'conditional',
        data: { where: where! },
        confidence: 'low',
      });
    if (fastapi)
      return ctx.pass(
        [
          ctx.at(
            fastapi.app.path,
            fastapi.line,
            'FastAPI() without docs_url=None/openapi_url=None: /docs and /openapi.json are served (framework default)',
          ),
        ],
        { messageId: 'fastapi', data: { where: where! } },
      );
    const litestar = docs.litestar;
    if (litestar)
      return ctx.pass(
        [
          ctx.at(
            litestar.path,
            litestar.line,
            'Litestar serves the OpenAPI schema and docs (framework default, not switched off)',
          ),
        ],
        { messageId: 'litestar', data: { where: `${litestar.path}:${litestar.line}` } },
      );
    // Written by hand: it describes the routes the document names, and may lag behind the code.
    const reference = docs.markdownReference;
    if (reference)
      return ctx.pass([ctx.at(reference.path, reference.line, reference.note)], {
        messageId: 'reference',
        confidence: 'low',
        data: { file: reference.path },
      });
    if (unwired) return ctx.gap('neverWired', unwired.evidence, { data: { file: unwired.file ?? '?' } });
    if (unused) return ctx.gap('declaredNotUsed', unused.evidence, { data: { library: unused.spec.label } });
    // Only server-rendered pages, LiveViews and file or feed downloads: no API for a document to describe.
    const { business, api, pageHelpers } = apiRoutes(ctx.facts);
    if (business.length && !api.length) {
      const page = business[0]!;
      return ctx.na(
        `the service serves pages, not an API: its ${business.length} business route(s) render templates, LiveViews or files, or take the pages' form posts (e.g. ${describeRoute(page)} at ${page.file}:${page.line})`,
      );
    }
    if (pageHelpers) {
      const r = api[0]!;
      return ctx.na(
        `the service renders its pages server-side (${business.length - api.length} page routes) and its ${api.length} JSON route(s) sit among them with no API subtree (e.g. ${describeRoute(r)} at ${r.file}:${r.line}): they serve its own pages, no contract for other clients to read`,
      );
    }
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
