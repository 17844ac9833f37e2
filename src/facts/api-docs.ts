import { DOTNET_LANGUAGES } from '../repo/classify.js';
// API descriptions a service publishes beyond documentation libraries (read through facts.deps): an OpenAPI/Swagger
// document in the repository, one generated from protobuf definitions, ASP.NET Core OpenAPI generation, the docs
// FastAPI and Litestar serve by default (and the settings that switch them off). api.docs is a policy over it.
import path from 'node:path';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import type { Facts } from './index.js';
import { escapeRegExp } from '../repo/text.js';
import { reachedRoutes } from './handlers.js';
import { lc39Launch } from './frameworks.js';
import { grepReached } from './live-code.js';
import { inDevelopmentBranch } from './routes-dotnet.js';
import { nitroConfigLine } from './routes-fs.js';

/** A place in the repository and what it shows. */
export interface ApiDocsSite {
  path: string;
  line: number;
  note: string;
}

/** An OpenAPI or Swagger document (a YAML/JSON file whose top-level key is openapi/swagger), or a RAML root document. */
export interface ApiSpecFile {
  path: string;
  line: number;
  /** 'OpenAPI 3.0.3', 'Swagger 2.0', 'RAML 1.0'. */
  version: string;
}

/** What a FastAPI application does with its interactive docs. */
export interface FastapiDocs {
  /** disabled: docs_url/openapi_url=None; conditional: set from configuration; default: served at /docs. */
  state: 'disabled' | 'conditional' | 'default';
  /** The FastAPI(...) call. */
  app: { path: string; line: number };
  /** The line of the deciding setting (the call's line for the default), and the setting as written. */
  line: number;
  setting?: string;
}

export interface ApiDocsFacts {
  /** ASP.NET Core OpenAPI generation (Swashbuckle, Microsoft.AspNetCore.OpenApi, NSwag) in reached code. */
  aspnet?: { site: ApiDocsSite; devOnly: boolean };
  /** The first OpenAPI/Swagger document in the repository (outside tests). */
  spec?: ApiSpecFile;
  /** A generator of OpenAPI from protobuf definitions (buf.gen, Makefile, scripts), with .proto files present. */
  protoGenerator?: ApiDocsSite;
  /**
   * API-first: a build plugin (openapi-generator, swagger-codegen) generates the server's interfaces from an OpenAPI
   * document (a file or a pinned URL) the controllers implement. `spec` is the input as written.
   */
  serverGenerator?: ApiDocsSite & {
    spec: string;
    /** The generator (`spring`, `jaxrs-spec`, `java-micronaut-server`, …). */
    generator: string;
    /** The generated interfaces carry Bean Validation (`@Valid` bodies, constraints from the schema): on by default. */
    beanValidation: boolean;
  };
  /** FastAPI: the first app that switches docs off or by configuration, else the first app (docs by default). */
  fastapi?: FastapiDocs;
  /** Litestar: the app that serves its OpenAPI schema (not switched off with openapi_config=None). */
  litestar?: { path: string; line: number };
  /** Javalin: the OpenAPI plugin (javalin-openapi) registered in reached code, serving the document its annotations build. */
  javalin?: ApiDocsSite;
  /**
   * lc39: the OpenAPI document @fastify/swagger builds from the route schemas, served at /documentation unless the
   * service module's options set `exposeDocumentation: false`.
   */
  lc39?: ApiDocsSite;
  /**
   * Nitro/Nuxt: the OpenAPI document Nitro generates from the server routes (and their `defineRouteMeta`), switched on
   * in the config; served in development only unless `openAPI.production` is set.
   */
  nitro?: ApiDocsSite & { production: boolean };
  /**
   * smithy4s: the Smithy model whose operations the service serves (its server code is generated from the model, so
   * the description cannot drift), with the Swagger UI the code serves from it (`smithy4s.http4s.swagger.docs`), if any.
   */
  smithy?: ApiDocsSite & { swagger?: { path: string; line: number } };
  /** The project's own code assembles an OpenAPI/Swagger document (from its routes), with no library doing it. */
  ownGenerator?: ApiDocsSite;
  /** A hand-written Markdown reference of the API: endpoint lines naming routes the service serves. */
  markdownReference?: ApiDocsSite;
}

const DOTNET_OPENAPI =
  /\.AddSwaggerGen\s*\(|\.AddOpenApi\s*\(|\.MapOpenApi\s*\(|\.AddOpenApiDocument\s*\(|\.AddSwaggerDocument\s*\(|\.UseSwagger\s*\(|\.UseOpenApi\s*\(|\.AddFastEndpoints\b[\s\S]{0,200}?SwaggerDocument|\.SwaggerDocument\s*\(/;
/** The calls of DOTNET_OPENAPI that serve the document (the others register its generator). */
const DOTNET_OPENAPI_SERVED = /^\.(?:UseSwagger|UseOpenApi|MapOpenApi)\s*\($/;

function constructorArgs(repo: RepoIndex, file: string, line: number): { text: string } {
  const lines = repo.lines(file).slice(line - 1, line + 14);
  let depth = 0;
  const out: string[] = [];
  for (const l of lines) {
    out.push(l);
    for (const ch of l) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth <= 0) break;
  }
  return { text: out.join('\n') };
}

function lineOf(repo: RepoIndex, file: string, from: number, needle: string): number {
  const lines = repo.lines(file);
  const first = needle.split('\n')[0]!.trim();
  for (let i = from - 1; i < Math.min(lines.length, from + 15); i++) if (lines[i]!.includes(first)) return i + 1;
  return from;
}

/** The line is a key of the top-level object of a JSON document indented by two spaces (`{` then `  "key": …`). */
function topLevelJsonKey(repo: RepoIndex, file: string, line: number): boolean {
  const lines = file.endsWith('.json') ? repo.lines(file) : [];
  return /^\{\s*$/.test(lines[0] ?? '') && /^ {2}"\w+"\s*:/.test(lines[line - 1] ?? '');
}

/** The version key of an OpenAPI or Swagger document (`openapi: 3.0.3`, `{ "swagger": "2.0"`). */
const SPEC_VERSION_KEY = /^(?:\{\s*)?\s{0,2}["']?(openapi|swagger)["']?\s*:\s*["']?(\d[\d.]*)/;
const FIELD_SCHEMA = new RegExp(`${SPEC_VERSION_KEY.source}|^kind:\\s*CustomResourceDefinition\\b`, 'm');

/**
 * A document that describes fields rather than sets them: an OpenAPI or Swagger document, or a Kubernetes
 * CustomResourceDefinition (its openAPIV3Schema). A setting's name in it (`autoRollback:`, `route:`) is a property.
 */
export function describesFields(text: string): boolean {
  return FIELD_SCHEMA.test(text);
}

/** A document's `paths` with nothing in them (`"paths": {},`, `paths: {}`). */
const EMPTY_PATHS = /^[ \t]*["']?paths["']?[ \t]*:[ \t]*\{[ \t]*\},?[ \t]*$/m;

/**
 * The OpenAPI documents Kiota generated a client from (`descriptionLocation` of a `kiota-lock.json`, relative to it):
 * another service's API the code calls, not one this service publishes.
 */
function clientDescriptions(repo: RepoIndex): Set<string> {
  const out = new Set<string>();
  for (const f of repo.glob('**/kiota-lock.json')) {
    const location = (repo.json(f.path) as { descriptionLocation?: unknown } | undefined)?.descriptionLocation;
    if (typeof location === 'string' && !/^\w+:\/\//.test(location))
      out.add(path.posix.join(path.posix.dirname(f.path), location));
  }
  return out;
}

function specFile(repo: RepoIndex): ApiSpecFile | undefined {
  const clients = clientDescriptions(repo);
  // Any YAML/JSON document whose top-level key is openapi/swagger, wherever it lives (api/openapi.yaml, docs/openapi/v1.json ...).
  const hits = repo
    .grep(SPEC_VERSION_KEY, {
      include: ['**/*.{yaml,yml,json}'],
      exclude: ['**/package.json', '**/package-lock.json', '**/*.lock', '**/node_modules/**'],
    })
    // Generators that sort keys (go-swagger) put "swagger" after consumes/produces/schemes: still near the top. A
    // generator that sorts every key puts `openapi:` after all of `components:`, thousands of lines down: unindented in
    // YAML it is still the document's top-level key, as is a key at the first indent of a JSON file that opens with `{`
    // (swag's v3 output).
    .filter(
      (m) =>
        !repo.get(m.path)?.isTest &&
        !clients.has(m.path) &&
        (m.line <= 40 ||
          topLevelJsonKey(repo, m.path, m.line) ||
          (!m.path.endsWith('.json') && /^(?:openapi|swagger):/.test(m.text))),
    );
  // A document without operations (generated for an imported proto: google/api/annotations.swagger.json) is cited
  // only when no other is found.
  const m = hits.find((h) => !EMPTY_PATHS.test(repo.read(h.path) ?? '')) ?? hits[0];
  if (m)
    return {
      path: m.path,
      line: m.line,
      version: `${m.groups[1] === 'swagger' ? 'Swagger' : 'OpenAPI'} ${m.groups[2]}`,
    };
  // RAML: the root document of an API (`#%RAML 1.0` alone on its first line; a fragment names its kind after it:
  // `#%RAML 1.0 Trait`, `DataType`, `Library`).
  const raml = repo
    .grep(/^#%RAML[ \t]+(\d[\d.]*)[ \t]*$/, { include: ['**/*.raml'], limit: 20 })
    .find((h) => h.line === 1 && !repo.get(h.path)?.isTest);
  return raml ? { path: raml.path, line: 1, version: `RAML ${raml.groups[1]}` } : undefined;
}

function aspnetOpenApi(repo: RepoIndex, facts: Facts): ApiDocsFacts['aspnet'] {
  const aspnet = grepReached(facts, DOTNET_OPENAPI, DOTNET_LANGUAGES);
  if (!aspnet.length) return undefined;
  // The calls that serve the document decide where it is served (`AddSwaggerGen` outside the block only registers
  // the generator); with none read, every call must be guarded. Each is placed from the call itself:
  // `if (app.Environment.IsDevelopment()) app.MapOpenApi();` is guarded on its own line.
  const serving = aspnet.filter((h) => DOTNET_OPENAPI_SERVED.test(h.groups[0]!));
  const devOnly = (serving.length ? serving : aspnet).every((h) =>
    inDevelopmentBranch(repo, h.path, h.line, Math.max(0, repo.lines(h.path)[h.line - 1]!.indexOf(h.groups[0]!))),
  );
  const first = aspnet[0]!;
  return {
    site: {
      path: first.path,
      line: first.line,
      note: `OpenAPI document generated (${first.text.trim().slice(0, 60)})${devOnly ? ', served in Development only' : ''}`,
    },
    devOnly,
  };
}

function nitroOpenApi(repo: RepoIndex): ApiDocsFacts['nitro'] {
  const on = nitroConfigLine(repo, /\bopenAPI\s*:\s*true\b/);
  if (!on) return undefined;
  const production = !!repo.grepFirst(/\bproduction\s*:\s*["'](?:runtime|prerender)["']/, { paths: [on.path] });
  return {
    path: on.path,
    line: on.line,
    note: `Nitro generates the OpenAPI document from the server routes${production ? '' : ' (served in development only)'}`,
    production,
  };
}

/**
 * gRPC APIs: the OpenAPI document is generated from the proto definitions (often into a vendored-looking folder such
 * as third_party/OpenAPI, which the audit does not read).
 */
function protoGenerator(repo: RepoIndex): ApiDocsSite | undefined {
  const generator = repo
    .grep(/\b(?:protoc-gen-)?(?:openapiv2|openapiv3|connect-openapi|gnostic)\b|--openapiv2_out\b/, {
      include: ['**/buf.gen*.{yaml,yml}', '**/Makefile', '**/*.mk', '**/justfile', '**/Taskfile.{yml,yaml}', '**/*.sh'],
      limit: 5,
    })
    .find((m) => !repo.get(m.path)?.isTest && !/^\s*#/.test(m.text));
  if (!generator || !repo.glob('**/*.proto')[0]) return undefined;
  return { path: generator.path, line: generator.line, note: 'OpenAPI generated from the protobuf API definitions' };
}

/** openapi-generator / swagger-codegen generators that write a server's controllers or interfaces. */
const SERVER_GENERATOR =
  /(?:<generatorName>\s*|\bgeneratorName(?:\.set\s*\(\s*|\s*=\s*)["'])(spring|kotlin-spring|jaxrs-[\w-]+|java-micronaut-server|kotlin-server|java-undertow-server|java-vertx-web|java-helidon-server|java-play-framework|java-inflector|java-msf4j|java-camel|scala-akka-http-server|scala-play-server|python-fastapi|python-flask|go-server|go-gin-server|go-echo-server|nodejs-express-server|aspnetcore|php-laravel|php-symfony|rust-server|ruby-on-rails|ruby-sinatra)\b/;
/** Libraries of the `spring` generator that write a client (Feign, HTTP interfaces), not a server. */
const CLIENT_LIBRARY =
  /<library>\s*(?:spring-cloud|spring-http-interface)\s*<\/library>|\blibrary(?:\.set\s*\(\s*|\s*=\s*)["'](?:spring-cloud|spring-http-interface)["']/;
const INPUT_SPEC =
  /<inputSpec>\s*([^<\s]+)\s*<\/inputSpec>|\binputSpec(?:\.set\s*\(\s*|\s*=\s*)(?:file\s*\(\s*)?["']([^"']+)["']/;

/**
 * API-first JVM services: openapi-generator (or swagger-codegen) run by the Maven or Gradle build generates the server
 * interfaces from an OpenAPI document, in the repository or at a (pinned) URL; the controllers implement them.
 */
function serverGenerator(repo: RepoIndex): ApiDocsFacts['serverGenerator'] {
  for (const m of repo.grep(SERVER_GENERATOR, {
    include: ['**/pom.xml', '**/build.gradle', '**/build.gradle.kts'],
    exclude: ['**/{examples,example,samples,sample,test,tests,docs}/**'],
    limit: 10,
  })) {
    const lines = repo.lines(m.path);
    // The plugin execution around the generator name (client generators of the same build are other executions).
    const near = lines.slice(Math.max(0, m.line - 25), m.line + 25).join('\n');
    if (CLIENT_LIBRARY.test(near)) continue;
    const input = INPUT_SPEC.exec(near);
    if (!input) continue;
    let spec = (input[1] ?? input[2])!;
    // A Maven property of the same pom (`<inputSpec>${api.spec.url}</inputSpec>`): its value names the document.
    const prop = /^\$\{([\w.-]+)\}$/.exec(spec)?.[1];
    if (prop) {
      const value = new RegExp(`<${escapeRegExp(prop)}>\\s*([^<\\s]+)\\s*</${escapeRegExp(prop)}>`).exec(
        lines.join('\n'),
      );
      if (value) spec = value[1]!;
    }
    return {
      path: m.path,
      line: m.line,
      note: `server interfaces generated (${m.groups[1]}) from the OpenAPI document ${spec}`,
      spec,
      generator: m.groups[1]!,
      beanValidation: !/useBeanValidation\s*(?:>|["']?\s*(?:=|:|to))\s*["']?false\b/i.test(near),
    };
  }
  return undefined;
}

/**
 * `name = FastAPI(…)` at the top of a module (line `line`, 1-based) whose name the module never uses again: no
 * `name.` (a route decorator, include_router, add_middleware), no `name` handed on or returned, no `__all__` naming it.
 */
function unusedModuleApp(repo: RepoIndex, path: string, line: number): boolean {
  const text = repo.lineText(path, line) ?? '';
  const name = /^(\w+)\s*(?::\s*[\w.]+\s*)?=\s*(?:fastapi\.)?FastAPI\s*\(/.exec(text)?.[1];
  if (!name) return false;
  const lines = repo.lines(path);
  const use = new RegExp(`\\b${name}\\b`);
  if (lines.some((l, i) => i !== line - 1 && !/^\s*#/.test(l) && use.test(l.replace(/#.*$/, '')))) return false;
  // Another file naming the module and the app on one line (`from api.main import app`, `uvicorn api.main:app`) uses it.
  const stem = path.slice(path.lastIndexOf('/') + 1).replace(/\.py$/, '');
  const named = new RegExp(`\\b${escapeRegExp(stem)}\\b[^\\n]*\\b${name}\\b`);
  return !repo.grepFirst(named, { exclude: [path] });
}

/** FastAPI: docs at /docs, /redoc and /openapi.json unless switched off on the constructor. */
function fastapiDocs(repo: RepoIndex, facts: Facts): FastapiDocs | undefined {
  // An application bound at a module's top and never used there (`app = FastAPI()` in a helper module whose other
  // functions the service imports: no route, middleware, mount or start names it) serves nothing; the app the service
  // builds (a factory's `app = FastAPI(docs_url=…)` with its routers) is the one whose docs count.
  const found = grepReached(facts, /\bFastAPI\s*\(/, ['python']);
  const used = found.filter((app) => !unusedModuleApp(repo, app.path, app.line));
  const apps = used.length ? used : found;
  // One app with its docs left on is enough: a root app often switches its own docs off and mounts sub-apps
  // (app.mount("/admin/api", api_app)) that serve theirs.
  const served = apps.find((app) => {
    const text = constructorArgs(repo, app.path, app.line).text;
    return !/\b(docs_url|openapi_url)\s*=/.test(text);
  });
  if (served && apps.length > 1)
    return { state: 'default', app: { path: served.path, line: served.line }, line: served.line };
  // An app that names where its schema and a docs page are served (`openapi_url="/docs/openapi.json"`,
  // `redoc_url="/docs"`) serves them, whatever the other apps of the module switch off.
  const named = apps.find((app) => {
    const text = constructorArgs(repo, app.path, app.line).text;
    const on = (key: string): boolean =>
      new RegExp(`\\b${key}\\s*=\\s*["'][^"'\\s]+["']\\s*(?:,|\\)|$)`, 'm').test(text) ||
      !new RegExp(`\\b${key}\\s*=`).test(text);
    // Every docs setting is a plain value: one set from configuration or a condition is judged below.
    const plain = [...text.matchAll(/\b(?:docs_url|openapi_url|redoc_url)\s*=\s*([^,)\n]*)/g)].every((m) =>
      /^(?:None|["'][^"']*["'])\s*$/.test(m[1]!),
    );
    return (
      plain &&
      /\b(?:docs_url|openapi_url|redoc_url)\s*=\s*["']/.test(text) &&
      on('openapi_url') &&
      (on('docs_url') || on('redoc_url'))
    );
  });
  if (named) return { state: 'default', app: { path: named.path, line: named.line }, line: named.line };
  for (const app of apps) {
    const call = constructorArgs(repo, app.path, app.line);
    // None, or an empty path (`openapi_url=""`), switches the page off.
    const off = /\b(docs_url|openapi_url)\s*=\s*(?:None\b(?!\s+if\b)|""|'')/.exec(call.text);
    const conditional = /\b(docs_url|openapi_url)\s*=\s*(?:[^,)\n]*\bif\b[^,)\n]*|(?!None\b|["'])[\w.]+)/.exec(
      call.text,
    );
    const at = { path: app.path, line: app.line };
    if (off && !(off[1] === 'docs_url' && /redoc_url\s*=\s*["']/.test(call.text)))
      return { state: 'disabled', app: at, line: lineOf(repo, app.path, app.line, off[0]), setting: off[0] };
    if (conditional)
      return {
        state: 'conditional',
        app: at,
        line: lineOf(repo, app.path, app.line, conditional[0]),
        setting: conditional[0].trim(),
      };
  }
  const app = apps[0] ?? repo.grepFirst(/\bFastAPI\s*\(/, { languages: ['python'], kinds: ['source'] });
  return app && { state: 'default', app: { path: app.path, line: app.line }, line: app.line };
}

/** Litestar serves its OpenAPI schema (/schema, with a UI) unless openapi_config=None. */
function litestarDocs(facts: Facts): ApiDocsFacts['litestar'] {
  const app = grepReached(facts, /\bLitestar\s*\(|\bOpenAPIConfig\s*\(/, ['python'])[0];
  const off = grepReached(facts, /\bopenapi_config\s*=\s*None\b/, ['python'])[0];
  return app && !off ? { path: app.path, line: app.line } : undefined;
}

export function detectApiDocs(repo: RepoIndex, facts: Facts): ApiDocsFacts {
  const aspnet = aspnetOpenApi(repo, facts);
  const spec = specFile(repo);
  const generator = protoGenerator(repo);
  const server = serverGenerator(repo);
  const fastapi = facts.frameworks.has('fastapi') ? fastapiDocs(repo, facts) : undefined;
  const litestar = facts.frameworks.has('litestar') ? litestarDocs(facts) : undefined;
  const javalin = facts.frameworks.has('javalin') ? javalinOpenApi(facts) : undefined;
  const lc39 = lc39Docs(repo, facts);
  const nitro = facts.frameworks.has('nitro') || facts.frameworks.has('nuxt') ? nitroOpenApi(repo) : undefined;
  const smithy = smithyModel(repo, facts);
  const own = ownGenerator(repo, facts);
  const reference = markdownReference(repo, facts);
  return {
    ...(aspnet ? { aspnet } : {}),
    ...(spec ? { spec } : {}),
    ...(generator ? { protoGenerator: generator } : {}),
    ...(server ? { serverGenerator: server } : {}),
    ...(fastapi ? { fastapi } : {}),
    ...(litestar ? { litestar } : {}),
    ...(javalin ? { javalin } : {}),
    ...(lc39 ? { lc39 } : {}),
    ...(nitro ? { nitro } : {}),
    ...(smithy ? { smithy } : {}),
    ...(own ? { ownGenerator: own } : {}),
    ...(reference ? { markdownReference: reference } : {}),
  };
}

function lc39Docs(repo: RepoIndex, facts: Facts): ApiDocsSite | undefined {
  const lc39 = lc39Launch(facts.frameworks);
  if (!lc39 || (lc39.entry && repo.holds(/\bexposeDocumentation\s*:\s*false\b/, lc39.entry))) return undefined;
  return {
    path: lc39.path,
    line: lc39.line,
    note: 'lc39 serves the OpenAPI document @fastify/swagger builds from the route schemas at /documentation (framework default)',
  };
}

/** An endpoint named on a line of prose, a heading, a list item or a code block: `POST /v1/{type}/{app_id}/registration`. */
const DOCUMENTED_ENDPOINT = /^[ \t#>*|`-]*(GET|POST|PUT|PATCH|DELETE)[ \t]+`?(\/[^\s`|?]*)/;

/** A path with its parameters (`{id}`, `:id`, `<id>`) and letter case left out, to compare a document with the routes. */
function pathShape(p: string): string {
  return p
    .toLowerCase()
    .replace(/\{[^}/]*\}|(?<=\/)[:*<][^/]*/g, '{}')
    .replace(/(?<=.)\/$/, '');
}

/**
 * A hand-written API reference in Markdown (autopush's docs/src/http.md, published as a book): a document outside the
 * tests naming at least three endpoints, method and path, that are routes the service serves. A tutorial that calls
 * another service's API names no route of this one.
 */
function markdownReference(repo: RepoIndex, facts: Facts): ApiDocsSite | undefined {
  const endpoint = (method: string, path: string) => `${method} ${pathShape(path)}`;
  const served = new Set(reachedRoutes(facts).map((r) => endpoint(r.method, r.fullPath)));
  if (served.size < 3) return undefined;
  // The documents' endpoint lines, found once per file whichever view asks.
  const byFile = new Map<string, GrepMatch[]>();
  for (const h of repo.grep(DOCUMENTED_ENDPOINT, { include: ['**/*.md', '**/*.markdown', '**/*.mdx'] }))
    if (!repo.get(h.path)?.isTest) byFile.set(h.path, [...(byFile.get(h.path) ?? []), h]);
  for (const [file, hits] of byFile) {
    const documented = new Map<string, number>();
    for (const h of hits) {
      const key = endpoint(h.groups[1]!, h.groups[2]!);
      if ((served.has(key) || served.has(endpoint('ANY', h.groups[2]!))) && !documented.has(key))
        documented.set(key, h.line);
    }
    if (documented.size < 3) continue;
    // A reference gives each call a section of its own; routes listed together under one heading (a contributor's
    // guide showing the route patterns) describe the code, not the API.
    const lines = repo.lines(file);
    const sectionOf = (line: number) => {
      for (let i = line - 1; i >= 0; i--) if (/^#{1,6}\s/.test(lines[i]!)) return i;
      return -1;
    };
    if (new Set([...documented.values()].map(sectionOf)).size >= 3)
      return {
        path: file,
        line: [...documented.values()][0]!,
        note: `hand-written API reference: ${documented.size} endpoints of the service described`,
      };
  }
  return undefined;
}

/** A document's version key written as a literal: `'openapi' => '3.0.0'` (a PHP array), `"swagger": "2.0"`. */
const SPEC_VERSION_LITERAL = /["'](?:openapi["']\s*(?:=>|:)\s*["']3\.\d|swagger["']\s*(?:=>|:)\s*["']2\.0["'])/;

/** The document's operations: a `paths` key with a value, or filled in afterwards (`$output['paths'][$url][…] = …`). */
const FILLED_PATHS = /["']paths["']\s*(?:=>|:)(?!\s*(?:\[\s*\]|\{\s*\}|array\(\s*\)))|\[\s*["']paths["']\s*\]\s*\[/;

/**
 * An OpenAPI document the project's own code builds, from its routes' metadata (Appwrite's
 * Specification\Format\OpenAPI3, run by `php app/cli.php specs`): a production source file writing the document's
 * version key, with its operations beside it (not an empty stub handed to a tool: `'paths' => []` alone).
 */
function ownGenerator(repo: RepoIndex, facts: Facts): ApiDocsSite | undefined {
  const hit = facts.code
    .grep(SPEC_VERSION_LITERAL, { kinds: ['source'], limit: 20 })
    .find(
      (m) =>
        !repo.get(m.path)?.isTest &&
        facts.liveness.isProductionPath(m.path) &&
        FILLED_PATHS.test(repo.read(m.path) ?? ''),
    );
  return hit && { path: hit.path, line: hit.line, note: "OpenAPI document built by the project's own code" };
}

/** The Smithy model of the smithy4s service the code serves, and the Swagger UI it serves beside it. */
function smithyModel(repo: RepoIndex, facts: Facts): ApiDocsFacts['smithy'] {
  const route = facts.service.routes.find((r) => r.reached && r.framework === 'smithy4s');
  if (!route) return undefined;
  const service = repo.lines(route.file).findIndex((l) => /^\s*service\s+\w+/.test(l));
  const swagger = grepReached(facts, /\bswagger\.docs\s*\[/, ['scala'])[0];
  return {
    path: route.file,
    line: service >= 0 ? service + 1 : route.line,
    note: 'Smithy model the served operations are generated from',
    ...(swagger ? { swagger: { path: swagger.path, line: swagger.line } } : {}),
  };
}

/**
 * Javalin's OpenAPI plugin registered on the app (`config.registerPlugin(OpenApiPlugin { … })`, Javalin 5's
 * `config.plugins.register(OpenApiPlugin(…))`): it serves the document the `@OpenApi` annotations generate at compile
 * time (/openapi by default). A registration that is commented out is not code and is not seen.
 */
function javalinOpenApi(facts: Facts): ApiDocsSite | undefined {
  const hit = grepReached(facts, /\b(?:registerPlugin|register)\s*\(\s*(?:new\s+)?OpenApiPlugin\b/, [
    'java',
    'kotlin',
  ])[0];
  return hit
    ? {
        path: hit.path,
        line: hit.line,
        note: 'javalin-openapi: the OpenApiPlugin serves the document its @OpenApi annotations generate',
      }
    : undefined;
}
