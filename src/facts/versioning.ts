// How an HTTP API declares its version beyond route paths: header or framework versioning in code the service
// reaches, and whether its tRPC procedures are served to the project's own typed client. Route paths and mounts are
// read from facts.service. api.versioning is a policy over it.
import type { RepoIndex } from '../repo/index.js';
import type { Facts } from './index.js';
import { grepReached } from './live-code.js';

/** A place in the repository and what it shows. */
export interface VersioningSite {
  path: string;
  line: number;
  note: string;
}

export interface VersioningFacts {
  /**
   * Header or framework versioning in reached code: NestJS enableVersioning / @Version, DRF DEFAULT_VERSIONING_CLASS,
   * Accept-Version / API-Version headers, media-type versions, ASP.NET Core Asp.Versioning, Grape's header or parameter
   * `version 'v1', using: :accept_version_header`.
   */
  header?: VersioningSite;
  /** Files registering reached routes that serve tRPC through an adapter (@trpc/server/adapters/...). */
  trpcAdapterFiles: string[];
  /** The project's own typed tRPC client (createTRPCReact, createTRPCClient ...), in code. */
  trpcClient?: { path: string; line: number };
}

const HEADER_VERSIONING =
  /\benableVersioning\s*\(|@Version\(|VersioningType\.|DEFAULT_VERSIONING_CLASS|["'](Accept-Version|API-Version|X-API-Version|Api-Version)["']|application\/vnd\.[\w.-]+[.+-]v\d|headers\s*=\s*"X-API-VERSION|@Controller\(\s*\{[^}]*\bversion\s*:|\.AddApiVersioning\s*\(|\[\s*ApiVersion\s*\(|\.HasApiVersion\s*\(|^\s*api_version\s*\(?[^\n]*\b(?:header|parameter)\s*(?::|=>)\s*\{|^\s*version\s*\(?\s*["'][\w.-]+["'][^\n]*\busing:\s*:(?:header|accept_version_header|param)\b|\broute_prefix\s*=\s*(?:f?["']\/?v(?:\d|\{)|[\w.]*api_version\b)/im;

/** A version header or parameter named by its literal, as an object key (`'api-version': v`, captured) or an argument. */
const NAMED_VERSION = /["'](?:Accept-Version|API-Version|X-API-Version|Api-Version)["']\s*(:|=>)?/i;

/**
 * The service reads the API version its caller asks for from a request header of its own naming
 * (`request.headers.get("pretalx-version")`, `req.headers["x-api-version"]`, `r.Header.Get("Acme-Version")`,
 * `request.META["HTTP_X_API_VERSION"]`). Headers that name something else's version (WebSocket, MIME, a client app or
 * SDK build) are not an API version.
 */
const VERSION_HEADER_READ =
  /\b(?:request|req|r|ctx|context|c|event)\s*\.\s*(?:(?:headers?|Header)\s*(?:\.\s*(?:get|Get|getFirst|get_one)\s*\(\s*|\[\s*)["']([\w-]*-version)["']\s*[,)\]]|(?:header|getHeader|GetHeader|get_header)\s*\(\s*["']([\w-]*-version)["']\s*\)|META\s*(?:\.\s*get\s*\(\s*|\[\s*)["']HTTP_(\w*_VERSION)["'])/i;
const OTHER_VERSION_HEADER =
  /^(?:http_)?(?:sec[-_]websocket|mime|x[-_](?:client|app|sdk|build|browser|os|device|firmware|plugin|extension|github[-_]api|amz[-_]\w+)|client|app|sdk|user[-_]agent|if)[-_]version$/i;

/**
 * Media-type versioning by hand: the Accept header read and matched against a `version=` parameter the file parses
 * (`request.headers['Accept']&.match(%r{version=(?<version>\d+)})`, `application/vnd.api+json; version=2`).
 */
const ACCEPT_HEADER_MATCH =
  /\b(?:request|req)\s*\.\s*headers\s*(?:\[\s*["']Accept["']\s*\]|\.\s*get\s*\(\s*["']Accept["']\s*\))[^\n]*\.\s*match\s*\(/i;
const VERSION_PARAMETER_PATTERN = /\bversion=\((?:\?<\w+>)?\\d/;

export function detectVersioning(repo: RepoIndex, facts: Facts): VersioningFacts {
  // A vendor media type in an `Accept` header the service sends (a GitHub API call, the header quoted or a bare object
  // key, a declarative client's `@Header(name = "Accept", value = "application/vnd.github.v3+json")`) versions someone
  // else's API.
  // A versioned vendor media type elsewhere (a client's `MediaType.parseMediaType("application/vnd.schemaregistry.v1+json")`)
  // is another API's contract too: it counts where the service declares what it serves (produces/consumes,
  // @Produces/@Consumes, Content-Type, a registered MIME type) or in a file that registers routes.
  const routes = facts.service.routes.filter((r) => r.reached);
  const routeFiles = new Set(routes.map((r) => r.file));
  // A file that makes outbound calls and registers no route builds requests: a vendor Content-Type there (an LTI or
  // GitHub client's `{"Content-Type", "application/vnd.ims.lis.v2.lineitem+json"}`) is the body it sends.
  const callers = new Set(facts.outbound.calls.map((c) => c.file));
  const sentVersion = (h: { path: string; text: string }): boolean => {
    const named = NAMED_VERSION.exec(h.text);
    return !!named && !routeFiles.has(h.path) && (!!named[1] || callers.has(h.path));
  };
  const header = grepReached(facts, HEADER_VERSIONING).find(
    (h) =>
      // A version header the service sends on its own outbound requests (an HttpClient's DefaultRequestHeaders, a
      // request builder's .header(…)) versions the API it calls, not its own.
      !/\bDefaultRequestHeaders\b|\.(?:headers?|set|append|AddHeader|WithHeader)\s*\(\s*["'](?:Accept-Version|API-Version|X-API-Version|Api-Version)["']\s*,/i.test(
        h.text,
      ) &&
      // The version as an object key with its value (`queryParams: { 'api-version': API_VERSION }`, `headers: {
      // 'Api-Version': '2024-01-01' }`, Ruby's `headers: { "x-api-version" => "2022-01-24" }`) is sent to another API
      // unless the file registers this service's routes; so is a version named in a file that makes outbound calls
      // and registers none (a Go client's `query.Add("api-version", …)` asking a cloud metadata endpoint for a token).
      !sentVersion(h) &&
      !/(?:["']Accept["']|\bAccept)\s*(?:=>|:|,)\s*(?:value\s*=\s*)?["']application\/vnd\./i.test(h.text) &&
      // A version header read off a response the service received (`resp.headers.get("x-api-version")`) is the
      // upstream's version.
      !/\b\w*(?:resp|response)\w*\s*\.\s*headers?\s*(?:\.\s*get\s*\(\s*["'][\w-]+["']\s*[,)]|\[\s*["'][\w-]+["']\s*\](?!\s*=[^=]))/i.test(
        h.text,
      ) &&
      (!/application\/vnd\./i.test(h.text) ||
        ((!callers.has(h.path) || routeFiles.has(h.path)) &&
          /\b(?:produces|consumes)\s*[=:(]|@(?:Produces|Consumes)\b|["']Content-Type["']\s*(?:=>|:|,)|\bcontent_type\s*[(:=]|Mime::Type\.register/.test(
            h.text,
          )) ||
        routeFiles.has(h.path)),
  );
  const read = header
    ? undefined
    : grepReached(facts, VERSION_HEADER_READ).find((h) => {
        const m = VERSION_HEADER_READ.exec(h.text);
        const name = m?.[1] ?? m?.[2] ?? m?.[3];
        // Reading, not setting on an outbound request: `headers["X-Api-Version"] = "2"`.
        return !!name && !OTHER_VERSION_HEADER.test(name) && !/\]\s*=(?!=)/.test(h.text.slice(m!.index));
      });
  const accept =
    header || read
      ? undefined
      : grepReached(facts, ACCEPT_HEADER_MATCH).find((h) => VERSION_PARAMETER_PATTERN.test(repo.read(h.path) ?? ''));
  const adapters = repo.grep(/["']@trpc\/server\/adapters\/[\w/-]+["']/, {
    paths: [...new Set(routes.map((r) => r.file))],
  });
  const client =
    adapters.length || routes.some((r) => r.framework === 'trpc')
      ? facts.code.grepFirst(
          /\bcreateTRPC(?:Next|React|Client|ProxyClient|OptionsProxy|Context)\b|\bcreateTRPCReact\b/,
          {
            languages: ['typescript', 'javascript'],
          },
        )
      : undefined;
  return {
    ...(header
      ? { header: { path: header.path, line: header.line, note: 'versioning configuration' } }
      : read
        ? {
            header: {
              path: read.path,
              line: read.line,
              note: 'the requested API version is read from a request header',
            },
          }
        : accept
          ? {
              header: {
                path: accept.path,
                line: accept.line,
                note: "the requested API version is read from the Accept header's version parameter",
              },
            }
          : {}),
    trpcAdapterFiles: [...new Set(adapters.map((h) => h.path))],
    ...(client ? { trpcClient: { path: client.path, line: client.line } } : {}),
  };
}
