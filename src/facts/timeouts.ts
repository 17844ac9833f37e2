import { DOTNET_LANGUAGES } from '../repo/classify.js';
import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { assignedName, bracketBody, expressionAt, isCommentLine, splitArgs } from './code-scan.js';
import { fileMask } from './code.js';
import { enclosingDefinition } from './code-structure.js';
import { inMask } from './code-text.js';
import { symfonyConfigGlobs } from './frameworks.js';
import type { ManifestFacts } from './manifests.js';
import {
  AWS_JS_CLIENT,
  CLOUD_SDK_CLIENTS,
  GDS_API_CLIENT,
  GITHUB_APP_CALL,
  GEOCODER_CALL,
  GITHUB_APP_CLIENTS,
  GITHUB_APP_IMPORT,
  GRPC_CORE_CHANNEL,
  HACKNEY_CALL,
  HMRC_HTTP_CALL,
  HMRC_HTTP_CLIENT,
  HTTP4S_CLIENT_CALL,
  STRIPE_RUBY_CALL,
  HTTP4S_CLIENT_IMPORT,
  JAVA_URL_CONNECTION,
  KIOTA_ADAPTER,
  KIOTA_HTTP,
  KTOR_CLIENT,
  OFETCH_CALL,
  PLAY_WS_CALL,
  type OutboundFacts,
  REQ_LLM_CALL,
  STTP_REQUEST,
} from './outbound.js';
import type { LivenessFacts } from './liveness.js';
import type { DotnetFacts } from './dotnet.js';
import { rustUsesOf } from './rust.js';

/**
 * Whether each outbound HTTP/RPC call site has a timeout, per client library.
 *
 * A site is a call (`requests.get(...)`, `fetch(...)`, `http.Get(...)`) or the construction of a client whose calls
 * inherit its settings (`axios.create(...)`, `&http.Client{...}`, `WebClient.builder()...`). Its bound is:
 * - `call`: the call passes a timeout (`timeout=`, `{ timeout }`, `signal: AbortSignal.timeout()`);
 * - `client`: the client/session/agent it goes through sets one (in the construction, a builder chain, or a later
 *   assignment such as `client.Timeout = ...` in the same file);
 * - `global`: a process-wide default is set (`axios.defaults.timeout`, `socket.setdefaulttimeout`, Spring
 *   `spring.http.client.read-timeout`, a WebClient customizer with a response timeout);
 * - `context`: Go requests carry a context with a deadline (`context.WithTimeout` in the same file);
 * - `default`: nothing is set, but the library bounds calls by default (httpx 5 s, OkHttp 10 s, Net::HTTP 60 s ...);
 * - `none`: nothing is set and the library waits forever by default (requests, axios, Go's default client ...);
 * - `unknown`: options come from a variable or `**kwargs` the scan cannot follow.
 *
 * Only files the `outbound` fact lists are read for the libraries it knows, so both facts agree on what an outbound
 * call is; Rust, .NET, PHP and Elixir clients are found here directly.
 */
export type TimeoutBound = 'call' | 'client' | 'global' | 'context' | 'default' | 'none' | 'unknown';

export interface TimeoutSite {
  library: string;
  file: string;
  line: number;
  text: string;
  bound: TimeoutBound;
  /** What bounds the call, or why nothing does (the library default, stated). */
  note: string;
  /** Where the bounding configuration is written, when not at the site. */
  config?: { file: string; line: number };
  /** The file is reached from the service's entrypoints and is not a script, example or test helper. */
  live: boolean;
  /** The call goes through the project's own HTTP helper (`module.function`), whose timeout parameter defaults to None. */
  via?: string;
  /** The client is built by a framework extension, out of the project's sight: its bound is the extension's default. */
  builtByExtension?: true;
}

export interface TimeoutFacts {
  sites: TimeoutSite[];
  any: boolean;
  /** Live sites with no timeout and an unbounded library default. */
  unbounded: TimeoutSite[];
}

interface Global {
  re: RegExp;
  include?: string | string[];
  languages?: string[];
  note: string;
}

interface FileBound {
  re: RegExp;
  bound: TimeoutBound;
  note: string;
}

interface Lib {
  library: string;
  languages: string[];
  /** The library as the outbound fact names it (its files are the ones read); absent: scan every file of the languages. */
  outbound?: string;
  /** The file must match this (the import), so same-named calls of other libraries do not count. */
  requires?: RegExp;
  sites: RegExp;
  /** A site constructs a client whose later calls inherit its settings. */
  client?: boolean;
  /** Timeout evidence inside the site's expression (arguments, struct literal, builder chain). */
  timeout: RegExp;
  /** Timeout explicitly disabled at the site. */
  disabled?: RegExp;
  /** Options the scan cannot see into (a regex over the site's expression, or a test of its arguments). */
  passthrough?: RegExp | ((expr: string) => boolean);
  /** Evidence elsewhere in the same file that bounds the site (a deadline context, a factory with timeouts). */
  file?: FileBound | FileBound[];
  /**
   * JVM clients configured through what they are built with (a request factory, an HTTP client, a builder parameter):
   * the file's evidence only bounds the site when it is tied to that client (see tiedTimeout).
   */
  tie?: boolean;
  /** Process-wide configuration anywhere in production code or configuration. */
  global?: Global | Global[];
  /** For sessions without a timeout setting of their own (requests.Session): its calls are the sites. */
  instanceCalls?: string;
  /** The library bounds calls by default: the note states the default. */
  bounded?: string;
  /** Why a bare site waits forever. */
  unbounded: string;
  /** The field holding the client it wraps: replaced after construction (`cl.HTTPClient = …`), that client decides. */
  wrapped?: string;
  /** The client is built by a framework extension the project only calls (see TimeoutSite.builtByExtension). */
  builtByExtension?: true;
  /** Requests may be bounded by the caller instead: awaited inside `tokio::time::timeout(…)` (see tokioDeadline). */
  tokioDeadline?: true;
}

/** A Play WS request's timeout (HttpClientV2 passes it on with `.transform(…)`), or Play WS's in configuration. */
const PLAY_WS_BOUNDS: Pick<Lib, 'timeout' | 'disabled' | 'global'> = {
  timeout: /\.withRequestTimeout\s*\(/,
  disabled: /\.withRequestTimeout\s*\(\s*Duration\.Inf\b/,
  global: {
    re: /^\s*play\.ws\.timeout\.(?:request|idle)\s*[:=]/m,
    include: '**/*.conf',
    note: 'Play WS timeouts in configuration',
  },
};

const PY = ['python'];
const JS = ['javascript', 'typescript'];
const GO = ['go'];
const JVM = ['java', 'kotlin', 'scala', 'groovy'];
const RB = ['ruby'];
const JS_IMPORT = (pkg: string): RegExp =>
  new RegExp(`(?:\\bfrom\\s*|\\brequire\\s*\\(\\s*|\\bimport\\s*\\(?\\s*)["']${escapeRegExp(pkg)}["']`);
/** Go requests built with a context that has a deadline (context.WithTimeout/WithDeadline and NewRequestWithContext in one file). */
const GO_DEADLINE: FileBound = {
  re: /\bcontext\.With(?:Timeout|Deadline)\s*\([\s\S]*?\b(?:NewRequestWithContext|\.WithContext)\s*\(|\b(?:NewRequestWithContext|\.WithContext)\s*\([\s\S]*?\bcontext\.With(?:Timeout|Deadline)\s*\(/,
  bound: 'context',
  note: 'requests built with a context.WithTimeout/WithDeadline context',
};
/** A transport that bounds the connection: response header timeout, dial timeout with connection deadlines. */
const GO_TRANSPORT_DEADLINE: FileBound = {
  re: /\bResponseHeaderTimeout\s*:|\.SetDeadline\s*\(|\.SetReadDeadline\s*\(/,
  bound: 'client',
  note: 'the transport bounds the connection (response header timeout or connection deadlines)',
};
/** Resilience4j TimeLimiter (annotation, config or a circuit-breaker factory default): calls wrapped by it are bounded. */
const TIME_LIMITER: Global[] = [
  { re: /\bTimeLimiterConfig\b|@TimeLimiter\b/, languages: JVM, note: 'Resilience4j TimeLimiter bounds wrapped calls' },
  {
    re: /^\s*timelimiter\s*:|resilience4j\.timelimiter\./,
    include: '**/application*.{yml,yaml,properties}',
    note: 'Resilience4j TimeLimiter bounds wrapped calls',
  },
];
/** Calls of a Go SDK that takes a context, made in a file that puts a deadline on one. */
const GO_CONTEXT_DEADLINE: FileBound = {
  re: /\bcontext\.With(?:Timeout|Deadline)\s*\(/,
  bound: 'context',
  note: 'calls made with a context.WithTimeout/WithDeadline context',
};
const SPRING_CONFIG = '**/application*.{yml,yaml,properties}';
/** Spring Boot client defaults: spring.http.client.* properties, or a customizer bean/factory settings with timeouts. */
const SPRING_CLIENT_DEFAULTS: Global[] = [
  {
    re: /spring\.http\.client\.(?:settings\.)?(?:read|connect)-timeout|^\s*(?:read|connect)-timeout\s*:/,
    include: SPRING_CONFIG,
    note: 'Spring Boot spring.http.client timeouts',
  },
  {
    re: /\b(?:RestClientCustomizer|RestTemplateCustomizer|ClientHttpRequestFactorySettings|ClientHttpRequestFactoryBuilder|HttpClientSettings)\b[\s\S]{0,600}?(?:[Rr]eadTimeout|[Cc]onnectTimeout)/,
    languages: JVM,
    note: 'client request factory defaults with timeouts',
  },
];
/**
 * JS options the scan cannot see into: the options argument (by position: the config of axios.get is the 2nd, of
 * axios.post the 3rd) is a variable or a call, or an object literal spreads another object.
 */
const jsOptionsHidden =
  (position: (method: string) => number) =>
  (expr: string): boolean => {
    const open = expr.indexOf('(');
    const body = open < 0 ? undefined : bracketBody(expr, open);
    if (body === undefined) return false;
    const method = /^[\w$.]*?\.(\w+)\s*\(/.exec(expr)?.[1] ?? '';
    const opts = splitArgs(body)[position(method)];
    if (opts === undefined) return false;
    return !opts.startsWith('{') || /\.\.\.[A-Za-z_$]/.test(opts);
  };
const SECOND = jsOptionsHidden(() => 1);
const FIRST = jsOptionsHidden(() => 0);
const AXIOS_CONFIG = jsOptionsHidden((m) =>
  /^(?:post|put|patch|postForm|putForm|patchForm)$/.test(m) ? 2 : /^(?:get|delete|head|options)$/.test(m) ? 1 : 0,
);

const LIBS: Lib[] = [
  // ---------------------------------------------------------------- Python
  // requests: the outbound fact's files already import it (its signal requires the import), so no `requires` here.
  {
    library: 'requests',
    outbound: 'requests',
    languages: PY,
    sites: /\brequests\.(?:get|post|put|patch|delete|head|options|request)\s*\(/g,
    timeout: /\btimeout\s*=\s*(?!None\b)/,
    disabled: /\btimeout\s*=\s*None\b/,
    passthrough: /\*\*\w+/,
    global: { re: /\bsocket\.setdefaulttimeout\s*\(\s*(?!None)/, languages: PY, note: 'socket.setdefaulttimeout()' },
    unbounded: 'requests has no default timeout: a call without timeout= can wait forever',
  },
  {
    library: 'requests',
    outbound: 'requests',
    languages: PY,
    sites: /\brequests\.(?:Session|session)\s*\(/g,
    client: true,
    instanceCalls: 'get|post|put|patch|delete|head|options|request',
    timeout: /\btimeout\s*=\s*(?!None\b)/,
    disabled: /\btimeout\s*=\s*None\b/,
    passthrough: /\*\*\w+/,
    // A mounted HTTPAdapter subclass that fills in a default timeout (the usual TimeoutHTTPAdapter recipe).
    file: {
      re: /class\s+\w+\s*\(\s*(?:requests\.adapters\.)?HTTPAdapter\s*\)[\s\S]{0,800}?\btimeout\b/,
      bound: 'client',
      note: 'HTTPAdapter subclass that sets a default timeout',
    },
    global: { re: /\bsocket\.setdefaulttimeout\s*\(\s*(?!None)/, languages: PY, note: 'socket.setdefaulttimeout()' },
    unbounded: 'requests sessions have no default timeout: a call without timeout= can wait forever',
  },
  {
    library: 'httpx',
    outbound: 'httpx',
    languages: PY,
    sites: /\bhttpx\.(?:get|post|put|patch|delete|head|options|request|stream|Client|AsyncClient)\s*\(/g,
    timeout: /\btimeout\s*=\s*(?!None\b)/,
    disabled: /\btimeout\s*=\s*(?:None|httpx\.Timeout\s*\(\s*None\s*\))/,
    bounded: 'httpx applies a 5 s default timeout',
    unbounded: 'timeout disabled',
  },
  {
    library: 'httpx-oauth',
    outbound: 'httpx-oauth',
    languages: PY,
    sites: /\b[A-Z]\w*OAuth2\s*\(/g,
    client: true,
    requires: /\bhttpx_oauth\b/,
    timeout: /\btimeout\s*=\s*(?!None\b)/,
    bounded: 'httpx-oauth calls go through httpx, which applies a 5 s default timeout',
    unbounded: 'timeout disabled',
  },
  {
    library: 'aiohttp',
    outbound: 'aiohttp',
    languages: PY,
    sites: /\b(?:aiohttp\.)?ClientSession\s*\(/g,
    client: true,
    timeout: /\btimeout\s*=\s*(?!None\b)(?!aiohttp\.ClientTimeout\(\s*(?:total\s*=\s*)?None\s*\))/,
    disabled: /\btimeout\s*=\s*(?:None\b|(?:aiohttp\.)?ClientTimeout\(\s*(?:total\s*=\s*)?None\s*\))/,
    file: {
      re: /\.(?:get|post|put|patch|delete|request)\s*\([^)]*\btimeout\s*=/,
      bound: 'call',
      note: 'requests on the session pass timeout=',
    },
    bounded: 'aiohttp sessions default to a 300 s total timeout (ClientTimeout(total=300))',
    unbounded: 'timeout disabled',
  },
  {
    library: 'urllib',
    outbound: 'urllib',
    languages: PY,
    sites: /(?<![\w.])(?:urllib\.request\.)?urlopen\s*\(/g,
    timeout: /\btimeout\s*=\s*(?!None\b)|^[^,]+,[^,]+,[^,]+/,
    passthrough: /\*\*\w+/,
    global: { re: /\bsocket\.setdefaulttimeout\s*\(\s*(?!None)/, languages: PY, note: 'socket.setdefaulttimeout()' },
    unbounded: 'urlopen() without timeout= uses the socket default, which waits forever',
  },
  {
    library: 'urllib3',
    outbound: 'urllib3',
    languages: PY,
    sites: /\burllib3\.PoolManager\s*\(/g,
    client: true,
    timeout: /\btimeout\s*=\s*(?!None\b)/,
    file: { re: /\.request\s*\([^)]*\btimeout\s*=/, bound: 'call', note: 'requests pass timeout=' },
    unbounded: 'urllib3 has no default timeout',
  },
  {
    library: 'openai',
    outbound: 'openai',
    languages: PY,
    sites: /\b(?:Async)?(?:Azure)?OpenAI\s*\(/g,
    client: true,
    requires: /\bopenai\b/,
    timeout: /\btimeout\s*=\s*(?!None\b)/,
    file: { re: /\.with_options\s*\([^)]*\btimeout\s*=/, bound: 'call', note: 'with_options(timeout=...)' },
    bounded: 'the OpenAI SDK times out after 600 s by default',
    unbounded: 'timeout disabled',
  },
  {
    library: 'anthropic',
    outbound: 'anthropic',
    languages: PY,
    sites: /\b(?:Async)?Anthropic\s*\(/g,
    client: true,
    requires: /\banthropic\b/,
    timeout: /\btimeout\s*=\s*(?!None\b)/,
    file: { re: /\.with_options\s*\([^)]*\btimeout\s*=/, bound: 'call', note: 'with_options(timeout=...)' },
    bounded: 'the Anthropic SDK times out after 600 s by default',
    unbounded: 'timeout disabled',
  },
  {
    library: 'requests-hardened',
    outbound: 'requests-hardened',
    languages: PY,
    requires: /\brequests_hardened\b/,
    sites: /\bManager\s*\(\s*(?:requests_hardened\.)?Config\s*\(/g,
    client: true,
    timeout: /\bdefault_timeout\s*=\s*(?!None\b)/,
    disabled: /\bdefault_timeout\s*=\s*None\b/,
    unbounded:
      'the Manager applies no default timeout (default_timeout=None): each request waits as long as the host lets it',
  },
  {
    library: 'litellm',
    outbound: 'litellm',
    languages: PY,
    requires: /^\s*(?:from\s+litellm\s+import\b[^\n]*\ba?completion\b|import\s+litellm\b)/m,
    sites:
      /\blitellm\.a?(?:completion|embedding|text_completion|image_generation|transcription|speech|responses)\s*\(|(?<![\w.])(?<!\bdef\s+)a?completion\s*\(/g,
    timeout: /\b(?:request_)?timeout\s*=\s*(?!None\b)/,
    disabled: /\btimeout\s*=\s*None\b/,
    global: { re: /\blitellm\.request_timeout\s*=\s*(?!None)/, languages: PY, note: 'litellm.request_timeout' },
    bounded: 'LiteLLM bounds calls by its module-wide request_timeout (6000 s by default)',
    unbounded: 'timeout disabled',
  },
  {
    library: 'boto3',
    outbound: 'boto3',
    languages: PY,
    sites: /\bboto3\.(?:client|resource)\s*\(/g,
    client: true,
    timeout: /\b(?:read|connect)_timeout\s*=|\bconfig\s*=/,
    bounded: 'botocore defaults to 60 s connect and 60 s read timeouts',
    unbounded: 'timeout disabled',
  },
  // ---------------------------------------------------------------- Node / TypeScript
  {
    library: 'axios',
    outbound: 'axios',
    languages: JS,
    requires: JS_IMPORT('axios'),
    sites: /\baxios(?:\.(?:get|post|put|patch|delete|head|options|request))?\s*\(/g,
    timeout: /\btimeout\s*:\s*(?!0\b)|\bsignal\s*:/,
    disabled: /\btimeout\s*:\s*0\b/,
    passthrough: AXIOS_CONFIG,
    global: { re: /\baxios\.defaults\.timeout\s*=\s*(?!0\b)/, languages: JS, note: 'axios.defaults.timeout' },
    unbounded: 'axios has no default timeout (timeout: 0)',
  },
  {
    library: 'axios',
    outbound: 'axios',
    languages: JS,
    requires: JS_IMPORT('axios'),
    sites: /\baxios\.create\s*\(/g,
    client: true,
    timeout: /\btimeout\s*:\s*(?!0\b)/,
    disabled: /\btimeout\s*:\s*0\b/,
    passthrough: /\(\s*[A-Za-z_$][\w$.]*\s*\)\s*$|\.\.\.[A-Za-z_$]/,
    file: {
      re: /\.interceptors\.request\.use\([\s\S]{0,400}?\.timeout\s*=/,
      bound: 'client',
      note: 'a request interceptor sets the timeout',
    },
    global: { re: /\baxios\.defaults\.timeout\s*=\s*(?!0\b)/, languages: JS, note: 'axios.defaults.timeout' },
    unbounded: 'axios instances have no default timeout (timeout: 0)',
  },
  {
    library: 'got',
    outbound: 'got',
    languages: JS,
    requires: JS_IMPORT('got'),
    sites: /\bgot(?:\.(?:get|post|put|patch|delete|head|extend|stream))?\s*\(/g,
    timeout: /\btimeout\s*:/,
    passthrough: SECOND,
    unbounded: 'got has no default timeout',
  },
  {
    library: 'ky',
    outbound: 'ky',
    languages: JS,
    requires: JS_IMPORT('ky'),
    sites: /\bky(?:\.(?:get|post|put|patch|delete|head|create|extend))?\s*\(/g,
    timeout: /\btimeout\s*:\s*(?!false\b)/,
    disabled: /\btimeout\s*:\s*false\b/,
    bounded: 'ky times out after 10 s by default',
    unbounded: 'timeout disabled (timeout: false)',
  },
  {
    library: 'node-fetch',
    outbound: 'node-fetch',
    languages: JS,
    requires: JS_IMPORT('node-fetch'),
    sites: /(?<![\w.$])fetch\s*\(/g,
    timeout: /\bsignal\s*:|\btimeout\s*:\s*[1-9]|\bsignal\b\s*[,}]/,
    passthrough: SECOND,
    unbounded: 'node-fetch has no default timeout',
  },
  {
    library: 'fetch',
    outbound: 'fetch',
    languages: JS,
    sites: /(?<![\w.$])fetch\s*\(\s*(?:[`'"]https?:|`\$\{|new URL|[\w.]+(?:Url|URL|_URL|Endpoint|endpoint|url)\b)/g,
    timeout: /\bsignal\s*:|\bsignal\b\s*[,}]/,
    passthrough: SECOND,
    unbounded:
      'fetch has no request timeout unless given an AbortSignal (Node’s undici only gives up after 300 s without headers or body data)',
  },
  {
    library: 'undici',
    outbound: 'undici',
    languages: JS,
    requires: JS_IMPORT('undici'),
    sites: /\b(?:request|fetch|new\s+(?:Pool|Client|Agent))\s*\(/g,
    timeout: /\b(?:headersTimeout|bodyTimeout|signal)\s*:/,
    passthrough: SECOND,
    global: {
      re: /\bsetGlobalDispatcher\s*\(\s*new\s+Agent\s*\(\s*\{[^}]*Timeout/,
      languages: JS,
      note: 'global undici Agent with timeouts',
    },
    unbounded: 'undici only gives up after 300 s without headers or body data; no request timeout is set',
  },
  {
    // Node's core client waits as long as the socket stays open: a `timeout` option, `req.setTimeout(…)` or an abort
    // signal bounds it. The options are usually an object declared before the call: it is read when it is in the file.
    library: 'node:https',
    outbound: 'node:https',
    languages: JS,
    requires: /(?:\bfrom\s*|\brequire\s*\(\s*)["'](?:node:)?https?["']/,
    sites: /\bhttps?\.(?:request|get)\s*\(/g,
    timeout: /\btimeout\s*:\s*[1-9\w]|\bsignal\s*:/,
    file: {
      re: /\.setTimeout\s*\(\s*[1-9\w]|\btimeout\s*:\s*[1-9]|\bAbortSignal\.timeout\s*\(/,
      bound: 'client',
      note: 'a request timeout set in the module (timeout option or req.setTimeout)',
    },
    unbounded:
      "Node's http/https client has no request timeout unless given one (timeout option, signal, req.setTimeout)",
  },
  {
    library: 'superagent',
    outbound: 'superagent',
    languages: JS,
    requires: JS_IMPORT('superagent'),
    sites: /\b(?:superagent|request)\.(?:get|post|put|patch|delete)\s*\(/g,
    timeout: /\.timeout\s*\(/,
    unbounded: 'superagent has no default timeout',
  },
  {
    library: 'openai',
    outbound: 'openai',
    languages: JS,
    sites: /\bnew\s+(?:Azure)?OpenAI\s*\(/g,
    client: true,
    timeout: /\btimeout\s*:/,
    bounded: 'the OpenAI SDK times out after 600 s by default',
    unbounded: 'timeout disabled',
  },
  {
    library: 'AWS SDK (JavaScript v3)',
    outbound: 'AWS SDK (JavaScript v3)',
    languages: JS,
    requires: /["']@aws-sdk\/client-/,
    sites: AWS_JS_CLIENT,
    client: true,
    timeout: /\brequestTimeout\s*:|\bconnectionTimeout\s*:|\brequestHandler\s*:/,
    unbounded:
      'the AWS SDK for JavaScript v3 sets no request timeout unless its requestHandler is given requestTimeout/connectionTimeout',
  },
  {
    library: 'anthropic',
    outbound: 'anthropic',
    languages: JS,
    sites: /\bnew\s+Anthropic\s*\(/g,
    client: true,
    timeout: /\btimeout\s*:/,
    bounded: 'the Anthropic SDK times out after 600 s by default',
    unbounded: 'timeout disabled',
  },
  {
    library: 'ofetch',
    outbound: 'ofetch',
    languages: JS,
    sites: OFETCH_CALL,
    timeout: /\btimeout\s*:|\bsignal\s*:|\bsignal\b\s*[,}]/,
    passthrough: SECOND,
    unbounded: 'ofetch ($fetch) has no request timeout unless given `timeout` or an AbortSignal',
  },
  {
    library: 'ai (Vercel AI SDK)',
    outbound: 'ai (Vercel AI SDK)',
    languages: JS,
    requires: JS_IMPORT('ai'),
    sites:
      /(?<![\w.$])(?:streamText|generateText|streamObject|generateObject|embedMany|embed|(?:experimental_)?generateImage)\s*\(/g,
    timeout: /\babortSignal\s*:|\babortSignal\b\s*[,}]|\btimeout\s*:/,
    passthrough: FIRST,
    unbounded: 'the AI SDK waits for the model provider without a limit unless given an abortSignal',
  },
  // ---------------------------------------------------------------- Go
  {
    library: 'net/http',
    outbound: 'net/http',
    languages: GO,
    sites: /\bhttp\.(?:Get|Post|PostForm|Head)\s*\(/g,
    timeout: /(?!)/,
    global: {
      re: /\bhttp\.DefaultClient\.Timeout\s*=|\bhttp\.DefaultClient\s*=\s*&?http\.Client\s*\{[^}]*\bTimeout\s*:/,
      languages: GO,
      note: 'http.DefaultClient given a Timeout',
    },
    unbounded: 'http.Get/Post use http.DefaultClient, which has no timeout',
  },
  {
    library: 'net/http',
    outbound: 'net/http',
    languages: GO,
    sites: /\bhttp\.DefaultClient\.(?:Do|Get|Post|Head)\s*\(/g,
    timeout: /(?!)/,
    file: GO_DEADLINE,
    global: {
      re: /\bhttp\.DefaultClient\.Timeout\s*=|\bhttp\.DefaultClient\s*=\s*&?http\.Client\s*\{[^}]*\bTimeout\s*:/,
      languages: GO,
      note: 'http.DefaultClient given a Timeout',
    },
    unbounded: 'http.DefaultClient has no timeout',
  },
  {
    library: 'net/http',
    outbound: 'net/http',
    languages: GO,
    // A composite literal, not the type in a signature (`func newClient() *http.Client {`).
    sites: /(?<![*\w.])&?http\.Client\s*\{/g,
    client: true,
    timeout: /\bTimeout\s*:|\bResponseHeaderTimeout\s*:/,
    file: [GO_DEADLINE, GO_TRANSPORT_DEADLINE],
    // A transport built elsewhere may bound the connection (dial timeouts, conn deadlines).
    passthrough: /\bTransport\s*:\s*(?!&?http\.Transport\s*\{|http\.DefaultTransport\b)[A-Za-z_]/,
    unbounded: 'an http.Client without Timeout waits forever',
  },
  {
    library: 'resty',
    outbound: 'resty',
    languages: GO,
    sites: /\bresty\.New\s*\(/g,
    client: true,
    // Go chains break after the dot: `resty.New().⏎ SetTimeout(10 * time.Second)`.
    timeout: /\.\s*SetTimeout\s*\(/,
    unbounded: 'resty clients have no default timeout',
  },
  {
    library: 'go-retryablehttp',
    outbound: 'go-retryablehttp',
    languages: GO,
    sites: /\bretryablehttp\.NewClient\s*\(/g,
    client: true,
    timeout: /\bTimeout\s*:/,
    unbounded: 'retryablehttp.NewClient wraps an http.Client with no overall timeout',
    wrapped: 'HTTPClient',
  },
  // ---------------------------------------------------------------- JVM
  {
    library: 'RestTemplate',
    outbound: 'RestTemplate',
    languages: JVM,
    // `new RestTemplate(...)` (Kotlin: `RestTemplate(...)`), or a bean built from Spring Boot's RestTemplateBuilder (a
    // parameter or a new builder).
    sites:
      /\bnew\s+RestTemplate\s*\(|(?<![\w.:$])RestTemplate\s*\(|\bnew\s+RestTemplateBuilder\s*\(|\bRestTemplateBuilder\s+\w+\s*[,)]|\b\w+\s*:\s*RestTemplateBuilder\s*[,)]/g,
    client: true,
    timeout: /(?:set)?(?:Read|Connect|ConnectionRequest)Timeout\s*\(|\b(?:read|connect)Timeout\s*\(/,
    file: {
      re: /\.set(?:Read|Connect|ConnectionRequest)Timeout\s*\(|\.(?:read|connect)Timeout\s*\(|\bRequestConfig\.custom\s*\(\s*\)[\s\S]{0,300}?Timeout/,
      bound: 'client',
      note: 'request factory with timeouts',
    },
    tie: true,
    global: [...SPRING_CLIENT_DEFAULTS, ...TIME_LIMITER],
    unbounded: 'RestTemplate’s default request factory has no connect or read timeout',
  },
  {
    library: 'WebClient',
    outbound: 'WebClient',
    languages: JVM,
    sites:
      /\bWebClient\s*\.(?:builder|create)\s*\(|\bWebClient\.Builder\s+\w+\s*[,)]|\b\w+\s*:\s*WebClient\.Builder\s*[,)]/g,
    client: true,
    timeout: /\bresponseTimeout\s*\(|\bReadTimeoutHandler\s*\(|\.timeout\s*\(\s*Duration/,
    file: {
      re: /\bresponseTimeout\s*\(|\bReadTimeoutHandler\s*\(|\.timeout\s*\(\s*Duration|CONNECT_TIMEOUT_MILLIS/,
      bound: 'client',
      note: 'WebClient responses bounded (responseTimeout / ReadTimeoutHandler / Mono.timeout)',
    },
    global: [
      {
        re: /\bresponseTimeout\s*\(|\bReadTimeoutHandler\s*\(/,
        languages: JVM,
        note: 'WebClient/Reactor Netty response timeout configured',
      },
      {
        re: /spring\.http\.reactiveclient\.(?:settings\.)?read-timeout/,
        include: '**/application*.{yml,yaml,properties}',
        note: 'Spring Boot reactive client read timeout',
      },
      ...TIME_LIMITER,
    ],
    unbounded: 'WebClient (Reactor Netty) has no response timeout by default',
  },
  {
    library: 'RestClient',
    outbound: 'RestClient',
    languages: JVM,
    sites:
      /\bRestClient\s*\.(?:builder|create)\s*\(|\bRestClient\.Builder\s+\w+\s*[,)]|\b\w+\s*:\s*RestClient\.Builder\s*[,)]/g,
    client: true,
    timeout: /(?:set)?(?:Read|Connect)Timeout\s*\(/,
    file: {
      re: /\.set(?:Read|Connect)Timeout\s*\(|\.(?:read|connect)Timeout\s*\(|\bRequestConfig\.custom\s*\(\s*\)[\s\S]{0,300}?Timeout/,
      bound: 'client',
      note: 'request factory with timeouts',
    },
    tie: true,
    // A request factory built where the scan cannot follow it (an injected bean) may carry the timeouts.
    passthrough: /\.requestFactory\s*\(/,
    global: [...SPRING_CLIENT_DEFAULTS, ...TIME_LIMITER],
    unbounded: 'RestClient’s default request factory sets no read timeout',
  },
  {
    library: 'Feign',
    outbound: 'Feign',
    languages: JVM,
    sites: /@FeignClient\b|\bFeign\.builder\s*\(/g,
    client: true,
    timeout: /\bRequest\.Options\s*\(|\.options\s*\(/,
    global: {
      re: /\b(?:readTimeout|read-timeout|connectTimeout|connect-timeout)\s*[:=]/,
      include: SPRING_CONFIG,
      note: 'Feign client timeouts in configuration',
    },
    bounded: 'Feign defaults to a 10 s connect and 60 s read timeout',
    unbounded: 'timeout disabled',
  },
  {
    library: 'OkHttp',
    outbound: 'OkHttp',
    languages: JVM,
    sites: /\bnew\s+OkHttpClient\b|\bOkHttpClient\.Builder\s*\(/g,
    client: true,
    timeout: /\.(?:call|read|connect|write)Timeout\s*\(/,
    bounded: 'OkHttp defaults to 10 s connect, read and write timeouts',
    unbounded: 'timeout disabled',
  },
  {
    library: 'java.net.http',
    outbound: 'java.net.http',
    languages: JVM,
    sites: /\bHttpClient\.new(?:Builder|HttpClient)\s*\(/g,
    client: true,
    timeout: /\.connectTimeout\s*\(/,
    file: { re: /\.timeout\s*\(\s*Duration/, bound: 'call', note: 'HttpRequest.newBuilder().timeout(...)' },
    unbounded: 'java.net.http.HttpClient has no request timeout unless each HttpRequest sets one',
  },
  {
    library: 'java.net.URL',
    outbound: 'java.net.URL',
    languages: JVM,
    sites: JAVA_URL_CONNECTION,
    timeout: /(?!)/,
    file: {
      re: /\.set(?:Connect|Read)Timeout\s*\(|\b(?:connect|read)Timeout\s*=(?!=)/,
      bound: 'call',
      note: 'the connection’s connect and read timeouts set',
    },
    unbounded:
      'a URL connection (openStream, openConnection) waits forever unless its connect and read timeouts are set',
  },
  {
    // quarkus-github-app builds the installation clients on hub4j's java.net.http connector, with no request timeout.
    library: GITHUB_APP_CLIENTS,
    outbound: GITHUB_APP_CLIENTS,
    languages: JVM,
    requires: GITHUB_APP_IMPORT,
    sites: GITHUB_APP_CALL,
    timeout: /(?!)/,
    builtByExtension: true,
    unbounded: 'the GitHub client quarkus-github-app builds (java.net.http) sets no request timeout',
  },
  {
    library: 'Apache HttpClient',
    outbound: 'Apache HttpClient',
    languages: JVM,
    sites: /\bHttpClients\.(?:createDefault|custom|createSystem)\s*\(/g,
    client: true,
    timeout: /setDefaultRequestConfig\s*\(/,
    file: {
      re: /\bRequestConfig\.custom\s*\(\s*\)[\s\S]{0,300}?\.set\w*Timeout\s*\(/,
      bound: 'client',
      note: 'RequestConfig with timeouts',
    },
    unbounded: 'Apache HttpClient has no socket/response timeout by default',
  },
  {
    library: 'JAX-RS Client',
    outbound: 'JAX-RS Client',
    languages: JVM,
    sites: /\bClientBuilder\.new(?:Client|Builder)\s*\(/g,
    client: true,
    timeout: /ClientProperties\.(?:CONNECT|READ)_TIMEOUT|\.(?:connect|read)Timeout\s*\(/,
    file: {
      re: /ClientProperties\.READ_TIMEOUT|\.readTimeout\s*\(/,
      bound: 'client',
      note: 'JAX-RS client read timeout',
    },
    unbounded: 'a JAX-RS client (Jersey, RESTEasy) waits without a read timeout unless one is set',
  },
  {
    // The Ktor client: the HttpTimeout plugin, or engine settings (CIO `requestTimeout`, OkHttp/Apache timeouts).
    library: 'Ktor client',
    outbound: 'Ktor client',
    languages: JVM,
    sites: KTOR_CLIENT,
    client: true,
    timeout: /\bHttpTimeout\b|\b(?:request|socket|connect)Timeout(?:Millis)?\s*=|\.(?:call|read|connect)Timeout\s*\(/,
    file: {
      re: /\binstall\s*\(\s*HttpTimeout\b|\btimeout\s*\{\s*(?:request|socket|connect)TimeoutMillis/,
      bound: 'client',
      note: 'Ktor HttpTimeout plugin',
    },
    bounded: 'Ktor client engines bound requests by default (CIO 15 s request timeout, OkHttp and Apache 10 s)',
    unbounded: 'timeout disabled',
  },
  {
    library: 'Micronaut HTTP client',
    outbound: 'Micronaut HTTP client',
    languages: JVM,
    sites: /@Client\s*\(/g,
    client: true,
    timeout: /\bread-timeout\b/,
    global: {
      re: /^\s*(?:micronaut\.http\.(?:client|services\.[\w-]+)\.)?read-timeout\s*[:=]/,
      include: '**/application*.{yml,yaml,properties}',
      note: 'Micronaut HTTP client read timeout in configuration',
    },
    bounded: 'the Micronaut HTTP client times out a read after 10 s by default',
    unbounded: 'timeout disabled',
  },
  {
    library: 'MicroProfile REST client',
    outbound: 'MicroProfile REST client',
    languages: JVM,
    sites: /@RegisterRestClient\b/g,
    client: true,
    timeout: /\b(?:read|connect)Timeout\b/,
    global: {
      re: /^\s*(?:quarkus\.rest-client\.[\w\-".]*\.)?(?:read-timeout|connect-timeout)\s*[:=]|\/mp-rest\/readTimeout\s*[:=]/,
      include: '**/application*.{yml,yaml,properties}',
      note: 'REST client timeouts in configuration',
    },
    bounded: 'the Quarkus REST client defaults to a 15 s connect and 30 s read timeout',
    unbounded: 'timeout disabled',
  },
  // Play WS (github.com/playframework/play-ws, WSClientConfig): connection, idle and request timeouts of 120 s by default;
  // HMRC's HttpClientV2 sends through it, a call bounded by `.transform(_.withRequestTimeout(…))`.
  {
    library: HMRC_HTTP_CLIENT,
    outbound: HMRC_HTTP_CLIENT,
    languages: JVM,
    sites: HMRC_HTTP_CALL,
    ...PLAY_WS_BOUNDS,
    bounded: 'HttpClientV2 sends through Play WS, which times out a request after 120 s by default',
    unbounded: 'timeout disabled',
  },
  {
    library: 'Play WS',
    outbound: 'Play WS',
    languages: JVM,
    sites: PLAY_WS_CALL,
    ...PLAY_WS_BOUNDS,
    bounded: 'Play WS times out a request after 120 s by default',
    unbounded: 'timeout disabled',
  },
  // sttp.softwaremill.com/en/latest/conf/timeouts.html: 30 s connection timeout, 1 minute read timeout by default.
  {
    library: 'sttp',
    outbound: 'sttp',
    languages: JVM,
    sites: STTP_REQUEST,
    timeout: /\.readTimeout\s*\(/,
    disabled: /\.readTimeout\s*\(\s*Duration\.Inf\b/,
    bounded: 'sttp times out a read after 1 minute and a connection after 30 s by default',
    unbounded: 'timeout disabled',
  },
  // http4s's client defaults (org.http4s.client.defaults.RequestTimeout): Ember and Blaze time out a request after 45 s.
  {
    library: 'http4s client',
    outbound: 'http4s client',
    languages: JVM,
    requires: HTTP4S_CLIENT_IMPORT,
    sites: HTTP4S_CLIENT_CALL,
    timeout: /(?!)/,
    // The builder, when the file builds the client it calls through.
    file: [
      { re: /\.withTimeout\s*\(\s*Duration\.Inf\b/, bound: 'none', note: 'the client’s timeout switched off' },
      { re: /\.withTimeout\s*\(/, bound: 'client', note: 'timeout set on the client builder (.withTimeout())' },
    ],
    bounded: 'the http4s client times out a request after 45 s by default',
    unbounded: 'timeout disabled',
  },
  // ---------------------------------------------------------------- Ruby
  {
    library: 'Net::HTTP',
    outbound: 'Net::HTTP',
    languages: RB,
    sites: /\bNet::HTTP(?:\.(?:get|get_response|post|post_form|start|new))\b/g,
    timeout: /\b(?:read|open|write)_timeout\b/,
    file: { re: /\.(?:read|open|write)_timeout\s*=/, bound: 'client', note: 'read/open timeout set on the connection' },
    bounded: 'Net::HTTP defaults to 60 s open and read timeouts',
    unbounded: 'timeout disabled',
  },
  {
    library: 'Faraday',
    outbound: 'Faraday',
    languages: RB,
    sites: /\bFaraday\.(?:new|get|post|put|delete)\b/g,
    timeout: /\b(?:open_)?timeout\b/,
    file: {
      re: /\.options\.(?:open_)?timeout\s*=|\boptions\.timeout\s*=/,
      bound: 'client',
      note: 'options.timeout set',
    },
    bounded: 'Faraday’s default Net::HTTP adapter times out after 60 s',
    unbounded: 'timeout disabled',
  },
  {
    library: 'HTTParty',
    outbound: 'HTTParty',
    languages: RB,
    sites: /\bHTTParty\.(?:get|post|put|patch|delete)\b|^\s*include\s+HTTParty\b/gm,
    timeout: /\btimeout\s*:/,
    file: { re: /^\s*default_timeout\s+\d|\btimeout:\s*\d/m, bound: 'client', note: 'HTTParty default_timeout' },
    bounded: 'HTTParty uses Net::HTTP’s 60 s default timeouts',
    unbounded: 'timeout disabled',
  },
  {
    library: 'RestClient',
    outbound: 'RestClient',
    languages: RB,
    sites: /\bRestClient(?:::Request)?\.(?:get|post|put|patch|delete|execute)\b/g,
    timeout: /\b(?:read_|open_)?timeout\s*:/,
    bounded: 'rest-client defaults to a 60 s read timeout',
    unbounded: 'timeout disabled',
  },
  {
    library: 'http.rb',
    outbound: 'http.rb',
    languages: RB,
    sites: /(?<!::)\bHTTP\.(?:get|post|put|patch|delete|headers|auth|timeout)\b/g,
    timeout: /\.timeout\s*\(|\bHTTP\.timeout\b/,
    unbounded: 'http.rb has no default timeout',
  },
  {
    library: 'Excon',
    outbound: 'Excon',
    languages: RB,
    sites: /\bExcon\.(?:new|get|post)\b/g,
    timeout: /\b(?:read|connect|write)_timeout\s*:/,
    bounded: 'Excon defaults to 60 s connect, read and write timeouts',
    unbounded: 'timeout disabled',
  },
  {
    library: 'stripe (Ruby)',
    outbound: 'stripe (Ruby)',
    languages: RB,
    sites: STRIPE_RUBY_CALL,
    timeout: /\b(?:open|read|write)_timeout\s*:/,
    global: {
      re: /\bStripe\.(?:open|read|write)_timeout\s*=|\bStripe::StripeConfiguration\b[^\n]*\b(?:open|read)_timeout\b/,
      languages: RB,
      note: 'Stripe.open_timeout / read_timeout',
    },
    bounded: 'stripe-ruby defaults to a 30 s open and an 80 s read timeout',
    unbounded: 'timeout disabled',
  },
  {
    library: 'Geocoder',
    outbound: 'Geocoder',
    languages: RB,
    sites: GEOCODER_CALL,
    timeout: /(?!)/,
    // Written on one line, or (as the gem's generator writes it) one option a line in an initializer, whose comments
    // name every option (`# timeout: 3, # geocoding service timeout (secs)`): only a line setting it counts.
    global: [
      {
        re: /\bGeocoder\.configure\s*\([^)\n]*\btimeout\s*:/,
        languages: RB,
        note: 'Geocoder.configure(timeout: …)',
      },
      {
        re: /^\s*timeout\s*:/m,
        include: 'config/initializers/*geocoder*.rb',
        note: 'Geocoder.configure(timeout: …) in its initializer',
      },
    ],
    bounded: 'the geocoder gem times out lookups after 3 s by default',
    unbounded: 'timeout disabled',
  },
  {
    library: 'gds-api-adapters',
    outbound: 'gds-api-adapters',
    languages: RB,
    sites: GDS_API_CLIENT,
    timeout: /\btimeout\s*:/,
    bounded: 'gds-api-adapters’ JSON client times out after 4 s by default',
    unbounded: 'timeout disabled',
  },
  // ---------------------------------------------------------------- gRPC: deadlines are set per call on generated stubs,
  // which this scan does not follow; a channel is judged by the deadlines its file sets, else left unknown.
  {
    library: 'grpc',
    outbound: 'grpc',
    languages: PY,
    sites: /\bgrpc\.(?:aio\.)?(?:insecure|secure)_channel\s*\(/g,
    client: true,
    timeout: /(?!)/,
    file: { re: /\btimeout\s*=\s*(?!None\b)\w/, bound: 'call', note: 'stub calls pass timeout=' },
    passthrough: /[\s\S]/,
    unbounded: 'gRPC calls have no deadline unless each call sets one',
  },
  {
    library: '@grpc/grpc-js',
    outbound: '@grpc/grpc-js',
    languages: JS,
    sites: /credentials\.create(?:Insecure|Ssl)\s*\(/g,
    client: true,
    timeout: /(?!)/,
    file: { re: /\bdeadline\s*:/, bound: 'call', note: 'calls pass a deadline' },
    passthrough: /[\s\S]/,
    unbounded: 'gRPC calls have no deadline unless each call sets one',
  },
  {
    library: 'grpc',
    outbound: 'grpc',
    languages: GO,
    // grpc-gateway's `RegisterXHandlerFromEndpoint(…)` dials too (src/facts/outbound.ts).
    sites: /\bgrpc\.(?:Dial|DialContext|NewClient)\s*\(|(?<!\bfunc\s+)\bRegister\w+HandlerFromEndpoint\s*\(/g,
    client: true,
    timeout: /(?!)/,
    file: {
      re: /\bcontext\.With(?:Timeout|Deadline)\s*\(/,
      bound: 'context',
      note: 'calls use a context with a deadline',
    },
    passthrough: /[\s\S]/,
    unbounded: 'gRPC calls have no deadline unless the context carries one',
  },
  {
    library: 'grpc-java',
    outbound: 'grpc-java',
    languages: JVM,
    sites: /\bManagedChannelBuilder\.forAddress\s*\(/g,
    client: true,
    timeout: /(?!)/,
    file: { re: /\.withDeadline(?:After)?\s*\(/, bound: 'call', note: 'stubs use withDeadlineAfter()' },
    passthrough: /[\s\S]/,
    unbounded: 'gRPC calls have no deadline unless the stub sets one',
  },
  {
    // `AddGrpcClient<Catalog.CatalogClient>(…)` / `GrpcChannel.ForAddress(…)`: calls on the generated client carry a
    // deadline only when each passes one (`deadline: DateTime.UtcNow.AddSeconds(5)`, `CallOptions.WithDeadline`).
    library: 'Grpc.Net.Client',
    outbound: 'Grpc.Net.Client',
    languages: DOTNET_LANGUAGES,
    sites: /\bGrpcChannel\.ForAddress\s*\(|\bAddGrpcClient\s*</g,
    client: true,
    timeout: /(?!)/,
    file: { re: /\bdeadline\s*:|\.WithDeadline\s*\(/, bound: 'call', note: 'calls pass a deadline' },
    unbounded: 'gRPC calls have no deadline unless each call sets one',
  },
  {
    // Grpc.Core's `new Channel(host, port, ChannelCredentials.Insecure)`: the same per-call deadlines.
    library: 'Grpc.Core',
    outbound: 'Grpc.Core',
    languages: DOTNET_LANGUAGES,
    sites: new RegExp(GRPC_CORE_CHANNEL.source, 'g'),
    client: true,
    timeout: /(?!)/,
    file: { re: /\bdeadline\s*:|\.WithDeadline\s*\(/, bound: 'call', note: 'calls pass a deadline' },
    unbounded: 'gRPC calls have no deadline unless each call sets one',
  },
  // ---------------------------------------------------------------- Rust, .NET, PHP, Elixir (not in the outbound fact)
  {
    library: 'reqwest',
    languages: ['rust'],
    sites:
      /\b(?:reqwest|wreq|rquest)::(?:get|Client::new|Client::default|Client::builder|ClientBuilder::new|blocking::get|blocking::Client::new)\s*\(|(?<![\w:])(?:Wreq|Rquest|Reqwest)?(?:Client::(?:new|default|builder)|ClientBuilder::new)\s*\(\s*\)/g,
    // Also its forks with browser emulation (wreq, rquest), imported under an alias (`Client as WreqClient`).
    requires: /\b(?:reqwest|wreq|rquest)\b/,
    client: true,
    timeout: /\.timeout\s*\(/,
    // Each request built in the file bounded on its own (`request_builder = request_builder.timeout(d)`,
    // `client.get(url).timeout(d)`): reqwest's RequestBuilder::timeout covers the whole request. A ClientBuilder's
    // `.timeout(` bounds only the client it builds, not another client of the file.
    file: {
      re: /\b(?:[a-z]+_)?req(?:uest)?(?:_?builder)?\s*\.\s*timeout\s*\(|\.(?:get|post|put|patch|delete|head|request)\s*\([^()\n]*\)\s*\.timeout\s*\(/i,
      bound: 'call',
      note: 'requests built in this file set .timeout()',
    },
    tokioDeadline: true,
    unbounded: 'reqwest has no default timeout',
  },
  {
    // hyper's own client (0.14 `hyper::Client`, hyper-util's legacy client): no request timeout of its own; its connector's
    // `set_connect_timeout` bounds only connecting. A request awaited inside `tokio::time::timeout(…)` is bounded.
    library: 'hyper client',
    outbound: 'hyper client',
    languages: ['rust'],
    sites:
      /\bhyper::(?:client::)?Client::(?:new|builder)\s*\(|\blegacy::Client::builder\s*\(|(?<![\w:])(?:client::)?Client::(?:new|builder)\s*\(/g,
    client: true,
    timeout: /(?!)/,
    file: {
      re: /\b(?:tokio::)?time::timeout\s*\([^;]{0,200}?\.request\s*\(/,
      bound: 'call',
      note: 'requests are awaited inside tokio::time::timeout()',
    },
    unbounded: "hyper's client has no request timeout",
  },
  {
    // tonic's channel (`Channel::builder(uri)`, `Endpoint::from_shared(url)`, a generated `XClient::connect(url)`): no
    // request timeout unless the endpoint sets `.timeout(d)`, each request carries a deadline
    // (`request.set_timeout(d)`, the grpc-timeout header), or the call is awaited inside `tokio::time::timeout(…)`.
    library: 'tonic client',
    outbound: 'tonic client',
    languages: ['rust'],
    requires: /\btonic\b/,
    sites:
      /\bChannel::(?:from_static|from_shared|builder)\s*\(|\bEndpoint::(?:from_static|from_shared|new)\s*\(|\b\w+Client::connect\s*\(/g,
    client: true,
    timeout: /\.timeout\s*\(/,
    file: { re: /\.set_timeout\s*\(/, bound: 'call', note: 'requests carry a deadline (Request::set_timeout)' },
    tokioDeadline: true,
    unbounded: 'tonic channels have no request timeout unless the endpoint sets .timeout()',
  },
  {
    library: 'HttpClient (.NET)',
    languages: DOTNET_LANGUAGES,
    sites: /\bnew\s+(?:System\.Net\.Http\.)?HttpClient\s*\(|\bAddHttpClient\s*(?:<[^>]*>)?\s*\(/g,
    client: true,
    timeout: /\bTimeout\s*=|AddPolicyHandler|AddStandardResilienceHandler|AddResilienceHandler/,
    file: { re: /\.Timeout\s*=\s*TimeSpan/, bound: 'client', note: 'HttpClient.Timeout set' },
    // Aspire service defaults (a shared project every service references): each HttpClient the host creates gets the
    // standard resilience handler, whose attempt (10 s) and total-request (30 s) timeouts bound every call.
    global: {
      re: /\bConfigureHttpClientDefaults\s*\([\s\S]{0,300}?\.Add(?:Standard)?ResilienceHandler\s*\(/,
      languages: DOTNET_LANGUAGES,
      note: 'every HttpClient gets the standard resilience handler (attempt and total-request timeouts)',
    },
    bounded: '.NET HttpClient times out after 100 s by default',
    unbounded: 'timeout disabled',
  },
  {
    // Refit's typed clients (`services.AddRefitClient<ICatalogApi>().ConfigureHttpClient(c => …)` through the client
    // factory, `RestService.For<IApi>(url)` by hand) send through an HttpClient: its 100 s default bounds them unless
    // the registration's chain sets a Timeout or adds a resilience handler.
    library: 'Refit',
    outbound: 'Refit',
    languages: DOTNET_LANGUAGES,
    sites: /\bAddRefitClient\s*<|\bRestService\.For\s*</g,
    client: true,
    // Only the registration's own chain bounds it: a `.Timeout =` elsewhere in the file sets another client's (an
    // HttpClient handed to `RestService.For(http)` is a site of its own).
    timeout: /\bTimeout\s*=|AddPolicyHandler|AddStandardResilienceHandler|AddResilienceHandler/,
    global: {
      re: /\bConfigureHttpClientDefaults\s*\([\s\S]{0,300}?\.Add(?:Standard)?ResilienceHandler\s*\(/,
      languages: DOTNET_LANGUAGES,
      note: 'every HttpClient gets the standard resilience handler (attempt and total-request timeouts)',
    },
    bounded: "Refit's clients send through an HttpClient that times out after 100 s by default",
    unbounded: 'timeout disabled',
  },
  {
    // YARP forwards each proxied request through the cluster's HttpMessageInvoker: a request that sees no activity
    // for ActivityTimeout (100 s by default) is cancelled with a 504. A cluster's `"HttpRequest": { "ActivityTimeout":
    // … }` in its configuration, or `ActivityTimeout =` of a ForwarderRequestConfig, sets it.
    library: 'YARP',
    outbound: 'YARP',
    languages: DOTNET_LANGUAGES,
    sites: /\bAdd(?:ReverseProxy|HttpForwarder)\s*\(/g,
    client: true,
    timeout: /\bActivityTimeout\s*=/,
    file: { re: /\bActivityTimeout\s*=\s*\w/, bound: 'client', note: 'ForwarderRequestConfig.ActivityTimeout set' },
    global: {
      re: /"ActivityTimeout"\s*:\s*"/,
      include: '**/appsettings*.json',
      note: "the proxy configuration sets a cluster's HttpRequest.ActivityTimeout",
    },
    bounded: 'YARP cancels a forwarded request after 100 s without activity by default (ActivityTimeout)',
    unbounded: 'timeout disabled',
  },
  {
    library: 'MailKit',
    outbound: 'MailKit',
    languages: DOTNET_LANGUAGES,
    sites: /\bnew\s+(?:MailKit\.Net\.Smtp\.)?SmtpClient\s*[({]/g,
    requires: /\bMailKit\.Net\.Smtp\b/,
    client: true,
    timeout: /\bTimeout\s*=/,
    file: { re: /\.Timeout\s*=\s*[\w(]/, bound: 'client', note: 'SmtpClient.Timeout set' },
    bounded: "MailKit's SmtpClient times out after 2 min by default",
    unbounded: 'timeout disabled',
  },
  {
    library: 'System.Net.Mail',
    outbound: 'System.Net.Mail',
    languages: DOTNET_LANGUAGES,
    sites: /\bnew\s+(?:System\.Net\.Mail\.)?SmtpClient\s*[({]/g,
    requires: /^\s*using\s+System\.Net\.Mail\s*;|\bnew\s+System\.Net\.Mail\.SmtpClient\b/m,
    client: true,
    timeout: /\bTimeout\s*=/,
    file: { re: /\.Timeout\s*=\s*[\w(]/, bound: 'client', note: 'SmtpClient.Timeout set' },
    bounded: "System.Net.Mail's SmtpClient times out after 100 s by default",
    unbounded: 'timeout disabled',
  },
  {
    library: 'Kiota client (.NET)',
    outbound: 'Kiota client (.NET)',
    languages: DOTNET_LANGUAGES,
    sites: KIOTA_ADAPTER,
    requires: KIOTA_HTTP,
    client: true,
    timeout: /\bTimeout\s*=/,
    bounded: "Kiota's request adapter sends through an HttpClient that times out after 100 s by default",
    unbounded: 'timeout disabled',
  },
  {
    library: 'Guzzle',
    languages: ['php'],
    sites: /\bnew\s+(?:\\?GuzzleHttp\\)?Client\s*\(/g,
    requires: /GuzzleHttp/,
    client: true,
    timeout: /['"](?:timeout|connect_timeout|read_timeout)['"]\s*=>/,
    file: { re: /['"]timeout['"]\s*=>\s*[1-9]/, bound: 'call', note: 'requests pass a timeout option' },
    unbounded: 'Guzzle has no default timeout (timeout 0)',
  },
  {
    library: 'Flurl',
    outbound: 'Flurl',
    languages: DOTNET_LANGUAGES,
    sites: /\.(?:GetJsonAsync|PostJsonAsync|GetStringAsync)\s*[<(]/g,
    timeout: /\.WithTimeout\s*\(/,
    file: { re: /\.WithTimeout\s*\(/, bound: 'call', note: 'requests set .WithTimeout()' },
    global: {
      re: /\bFlurlHttp\.(?:Configure|Clients\.WithDefaults)\s*\([^;]*\b(?:Timeout\s*=|WithTimeout\s*\()/,
      languages: DOTNET_LANGUAGES,
      note: 'FlurlHttp defaults set a timeout',
    },
    bounded: 'Flurl times out after 100 s by default',
    unbounded: 'timeout disabled',
  },
  {
    library: 'Symfony HttpClient',
    languages: ['php'],
    sites:
      /\bHttpClient::create(?:ForBaseUri)?\s*\(|\$this\s*->\s*(?:\w*[cC]lient|https?\w*)\s*->\s*request\s*\(\s*['"](?:GET|POST|PUT|PATCH|DELETE)['"]/g,
    requires: /Symfony\\Contracts\\HttpClient|Symfony\\Component\\HttpClient/,
    timeout: /['"](?:timeout|max_duration)['"]\s*=>\s*(?!0\b)/,
    global: {
      re: /^\s+(?:timeout|max_duration)\s*:\s*[1-9]/,
      include: symfonyConfigGlobs('framework'),
      note: 'framework.http_client default_options set a timeout',
    },
    bounded: "Symfony HttpClient's idle timeout defaults to PHP's default_socket_timeout (60 s)",
    unbounded: 'timeout disabled',
  },
  {
    library: 'Laravel HTTP client',
    languages: ['php'],
    // The same entry points the outbound fact reads (`Http::withOptions([...])->retry(3, 100)->get($url)` is a call).
    sites:
      /\bHttp::(?:get|post|put|patch|delete|head|send|withHeaders|withToken|withBasicAuth|acceptJson|asJson|asForm|timeout|retry|baseUrl|withOptions|pool)\s*\(/g,
    timeout: /(?:->|::)timeout\s*\(\s*(?!0\s*\))|['"]timeout['"]\s*=>\s*(?!0\b)/,
    disabled: /(?:->|::)timeout\s*\(\s*0\s*\)|['"]timeout['"]\s*=>\s*0\b/,
    bounded: 'Laravel’s HTTP client times out after 30 s by default',
    unbounded: 'timeout disabled',
  },
  {
    // PHP's curl extension: the handle's options are set with curl_setopt()/curl_setopt_array() anywhere in the file
    // (often in a helper that prepares the handle), not in the curl_exec($ch) call.
    library: 'curl',
    languages: ['php'],
    sites: /\bcurl_exec\s*\(/g,
    timeout: /\bCURLOPT_(?:TIMEOUT|TIMEOUT_MS)\b/,
    file: {
      re: /\bCURLOPT_(?:TIMEOUT|TIMEOUT_MS|LOW_SPEED_TIME)\b\s*(?:,|=>)\s*(?!0\s*[,)\]])/,
      bound: 'client',
      note: 'the curl handle is given CURLOPT_TIMEOUT in this file',
    },
    unbounded: 'curl has no transfer timeout by default (CURLOPT_TIMEOUT 0): a transfer can wait forever',
  },
  {
    library: 'HTTPoison',
    languages: ['elixir'],
    sites: /\bHTTPoison\.(?:get|post|put|patch|delete|request)!?\s*\(/g,
    timeout: /\brecv_timeout\s*:/,
    bounded: 'HTTPoison (hackney) defaults to a 5 s receive timeout',
    unbounded: 'timeout disabled',
  },
  {
    library: 'hackney',
    languages: ['elixir'],
    sites: HACKNEY_CALL,
    timeout: /\brecv_timeout\s*:|\{\s*:recv_timeout\s*,/,
    bounded: 'hackney defaults to a 5 s receive timeout and an 8 s connect timeout',
    unbounded: 'timeout disabled',
  },
  {
    library: 'Finch',
    languages: ['elixir'],
    sites: /\bFinch\.(?:request|stream)!?\s*\(/g,
    timeout: /\b(?:receive_timeout|request_timeout|pool_timeout)\s*:|\brequest_opts\b/,
    bounded: 'Finch defaults to a 15 s receive timeout',
    unbounded: 'timeout disabled',
  },
  {
    library: 'Tesla',
    languages: ['elixir'],
    sites: /^\s*use\s+Tesla\b|\bTesla\.client\s*\(/gm,
    timeout: /\bTesla\.Middleware\.Timeout\b|\brecv_timeout\s*:|\breceive_timeout\s*:/,
    file: { re: /\bTesla\.Middleware\.Timeout\b/, bound: 'client', note: 'Tesla.Middleware.Timeout' },
    bounded: "Tesla's adapter default timeout applies (hackney 5 s receive, Finch/Mint 15 s)",
    unbounded: 'timeout disabled',
  },
  {
    // :httpc.request(method, request, http_options, options): the timeout is an HTTP option, infinity by default.
    library: ':httpc',
    outbound: ':httpc',
    languages: ['elixir'],
    sites: /:httpc\.request\s*\(/g,
    timeout: /\btimeout\s*:|\{\s*:timeout\s*,/,
    passthrough: (expr: string): boolean => {
      const open = expr.indexOf('(');
      const body = open < 0 ? undefined : bracketBody(expr, open);
      const opts = body === undefined ? undefined : splitArgs(body)[2];
      return opts !== undefined && !opts.startsWith('[');
    },
    unbounded: ':httpc waits forever unless the request sets timeout: in its HTTP options',
  },
  {
    library: 'Req',
    languages: ['elixir'],
    sites: /\bReq\.(?:get|post|put|patch|delete|request|new)!?\s*\(/g,
    timeout: /\breceive_timeout\s*:/,
    bounded: 'Req defaults to a 15 s receive timeout',
    unbounded: 'timeout disabled',
  },
  {
    library: 'ReqLLM',
    languages: ['elixir'],
    sites: REQ_LLM_CALL,
    timeout: /\breceive_timeout\s*:/,
    // The options the call is handed, given a timeout in the same module (`Keyword.put_new(opts, :receive_timeout, …)`).
    file: {
      re: /\bKeyword\.put(?:_new)?\(\s*\w+\s*,\s*:receive_timeout\b|\breceive_timeout:\s*[\w@]/,
      bound: 'client',
      note: 'the module sets :receive_timeout on the options it passes',
    },
    bounded: 'ReqLLM defaults to a 30 s receive timeout',
    unbounded: 'timeout disabled',
  },
  // ---------------------------------------------------------------- cloud SDK clients (AWS, Azure, Google Cloud)
  ...CLOUD_SDK_CLIENTS.map(
    (c): Lib => ({
      library: c.library,
      outbound: c.library,
      languages: c.languages,
      requires: c.requires,
      sites: new RegExp(c.re.source, 'g'),
      client: true,
      timeout: c.timeout,
      ...(c.contextDeadline ? { file: GO_CONTEXT_DEADLINE } : {}),
      ...(c.bounded ? { bounded: c.bounded } : {}),
      unbounded: c.unbounded,
    }),
  ),
];

/** Scripts, examples, seeds and test helpers: their calls are not the service's. */
const NOT_SERVICE =
  /(^|\/)(scripts?|examples?|samples?|demo|docs?|benchmarks?|bench|tools?|seeds?|e2e|cypress|playwright|mocks?|__mocks__|fixtures|testing|test_?utils|migrations?)\//i;

/** JVM package directories (com/example/shop) are not example folders. */
function notService(file: string): boolean {
  return NOT_SERVICE.test(file.replace(/(^|\/)src\/main\/(?:java|kotlin|scala|groovy)\/.*$/, '$1Main.java'));
}

export function detectTimeouts(
  repo: RepoIndex,
  facts: { outbound: OutboundFacts; liveness: LivenessFacts; manifests: ManifestFacts; dotnet: DotnetFacts },
): TimeoutFacts {
  const outboundFiles = new Map<string, Set<string>>();
  for (const c of facts.outbound.calls) {
    const set = outboundFiles.get(c.library) ?? new Set<string>();
    set.add(c.file);
    outboundFiles.set(c.library, set);
  }
  // Module roots (folders with a dependency manifest): a process-wide default only bounds the calls of its own module.
  const roots = [...new Set(facts.manifests.manifests.map((m) => path.posix.dirname(m.path)))]
    .map((d) => (d === '.' ? '' : `${d}/`))
    .sort((a, b) => b.length - a.length);
  const moduleOf = (file: string): string => roots.find((r) => file.startsWith(r)) ?? '';
  const globals = new Map<Global, { file: string; line: number }[]>();
  const globalFor = (g: Global, site: string): { file: string; line: number } | null => {
    let hits = globals.get(g);
    if (!hits) {
      hits = repo
        .grep(g.re, {
          ...(g.include ? { include: g.include } : { languages: g.languages, kinds: ['source'] }),
          limit: 200,
        })
        .filter((h) => !repo.get(h.path)?.isTest && !isCommentLine(h.text))
        .map((h) => ({ file: h.path, line: h.line }));
      globals.set(g, hits);
    }
    // .NET: a project compiles in the projects it references (a shared service-defaults project), wherever they are.
    if (site.endsWith('.cs')) {
      const own = facts.dotnet.projectOf(site);
      if (own) {
        const compiled = new Set(facts.dotnet.closure(own).map((p) => p.path));
        return hits.find((h) => compiled.has(facts.dotnet.projectOf(h.file)?.path ?? '')) ?? null;
      }
    }
    const root = moduleOf(site);
    return hits.find((h) => h.file.startsWith(root)) ?? null;
  };
  const sites: TimeoutSite[] = [];
  const seen = new Set<string>();
  for (const lib of LIBS) {
    const files = lib.outbound
      ? [...(outboundFiles.get(lib.outbound) ?? [])]
      : repo.select({ languages: lib.languages, kinds: ['source'] }).map((f) => f.path);
    for (const file of files) {
      const f = repo.get(file);
      if (!f || f.isTest || !lib.languages.includes(f.language ?? '')) continue;
      const text = repo.read(file);
      if (text === undefined || (lib.requires && !lib.requires.test(text))) continue;
      // The outbound fact already keeps only server-side fetch() (route handlers and what they import, TS path
      // aliases included), which service reachability does not follow yet.
      const live = !notService(file) && (facts.liveness.isLive(file) || lib.outbound === 'fetch');
      const re = new RegExp(lib.sites.source, lib.sites.flags.includes('g') ? lib.sites.flags : `${lib.sites.flags}g`);
      for (const m of text.matchAll(re)) {
        const line = repo.lineAt(file, m.index!);
        const lineText = repo.lineText(file, line) ?? '';
        if (isCommentLine(lineText)) continue;
        // A call's name inside a string (a debug line printing `>>> requests.request(…)`) is no call.
        const spans = fileMask(repo, file);
        if (spans && inMask(spans.all, m.index!)) continue;
        const key = `${file}:${line}:${lib.library}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const judged = judge(repo, lib, file, text, m.index!, (g) => globalFor(g, file));
        for (const j of judged) {
          const k = `${file}:${j.line}:${lib.library}`;
          if (j.line !== line && seen.has(k)) continue;
          seen.add(k);
          sites.push({
            library: lib.library,
            file,
            line: j.line,
            text: repo.lineText(file, j.line) ?? '',
            bound: j.bound,
            note: j.note,
            ...(j.config ? { config: j.config } : {}),
            live,
            ...(lib.builtByExtension ? { builtByExtension: true as const } : {}),
          });
        }
      }
    }
  }
  sites.push(...pythonWrapperCalls(repo, facts, sites));
  sites.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return {
    sites,
    any: sites.length > 0,
    unbounded: sites.filter((s) => s.live && s.bound === 'none'),
  };
}

interface Judged {
  line: number;
  bound: TimeoutBound;
  note: string;
  config?: { file: string; line: number };
}

function judge(
  repo: RepoIndex,
  lib: Lib,
  file: string,
  text: string,
  offset: number,
  globalFor: (g: Global) => { file: string; line: number } | null,
): Judged[] {
  const line = repo.lineAt(file, offset);
  const expr = expressionAt(text, offset);
  const name = lib.client ? assignedName(text, offset) : undefined;
  // Sessions without a timeout setting: judge each call made on them in this file.
  if (lib.instanceCalls) {
    const fb = fileBoundOf(lib, text);
    if (fb) return [{ line, bound: fb.bound, note: fb.note, config: at(repo, file, fb.index) }];
    const g = globalOf(lib, globalFor);
    if (g) return [{ line, bound: 'global', note: g.note, config: g.at }];
    const withName = /^(\s*with\s+)/.test(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset))
      ? /^[^\n]*?\bas\s+(\w+)/.exec(text.slice(offset))?.[1]
      : name;
    if (!withName) return [{ line, bound: 'unknown', note: 'session used where the scan cannot follow it' }];
    const callRe = new RegExp(`\\b${escapeRegExp(withName)}\\.(?:${lib.instanceCalls})\\s*\\(`, 'g');
    const out: Judged[] = [];
    for (const c of text.matchAll(callRe)) {
      const cl = repo.lineAt(file, c.index!);
      if (isCommentLine(repo.lineText(file, cl))) continue;
      out.push(
        judgeExpr(
          repo,
          { ...lib, client: false },
          file,
          text,
          c.index!,
          expressionAt(text, c.index!),
          undefined,
          globalFor,
          cl,
        ),
      );
    }
    return out.length ? out : [{ line, bound: 'unknown', note: 'session calls made outside this file' }];
  }
  return [judgeExpr(repo, lib, file, text, offset, expr, name, globalFor, line)];
}

function judgeExpr(
  repo: RepoIndex,
  lib: Lib,
  file: string,
  text: string,
  offset: number,
  expr: string,
  name: string | undefined,
  globalFor: (g: Global) => { file: string; line: number } | null,
  line: number,
): Judged {
  if (lib.disabled?.test(expr)) return { line, bound: 'none', note: `timeout explicitly disabled (${lib.unbounded})` };
  const t = lib.timeout.exec(expr);
  if (t) {
    const token = t[0].replace(/\.\s+/g, '.').replace(/\s+/g, ' ').trim();
    return lib.client
      ? { line, bound: 'client', note: `timeout set on the client (${token})` }
      : { line, bound: 'call', note: `timeout on the call (${token})` };
  }
  if (name) {
    const set = new RegExp(
      `\\b${escapeRegExp(name)}(?:\\.\\w+)*\\.(?:Timeout|timeout|read_timeout|open_timeout|SetTimeout|setReadTimeout|setConnectTimeout|defaults\\.timeout)\\b\\s*(?:=[^=]|\\()`,
    ).exec(text.slice(offset));
    if (set)
      return { line, bound: 'client', note: `timeout set on ${name}`, config: at(repo, file, offset + set.index) };
    const swapped = lib.wrapped
      ? new RegExp(`\\b${escapeRegExp(name)}\\.${lib.wrapped}\\s*=(?!=)([^\\n]*)`).exec(text.slice(offset))
      : null;
    if (swapped) {
      const config = at(repo, file, offset + swapped.index);
      return lib.timeout.test(swapped[1]!)
        ? { line, bound: 'client', note: `timeout set on the client given to ${name}`, config }
        : { line, bound: 'unknown', note: `${name}.${lib.wrapped} replaced by a client built elsewhere`, config };
    }
    // Requests made on the instance in this file that pass their own timeout.
    const perRequest = new RegExp(
      `\\b${escapeRegExp(name)}\\s*\\.\\s*\\w+\\s*\\([^;]*?(?:\\btimeout\\s*[:=]|\\.timeout\\s*\\(|\\bsignal\\s*:)`,
    ).exec(text.slice(offset + 1));
    if (perRequest)
      return {
        line,
        bound: 'call',
        note: `requests on ${name} pass a timeout`,
        config: at(repo, file, offset + 1 + perRequest.index),
      };
  }
  const g = globalOf(lib, globalFor);
  if (g) return { line, bound: 'global', note: g.note, config: g.at };
  const tie = lib.tie ? tiedTimeout(lib, text, offset, expr, name) : 'unresolved';
  if (tie === 'untied') return { line, bound: 'none', note: lib.unbounded };
  if (tie === 'untied-factory')
    return { line, bound: 'none', note: 'the request factory it is built with sets no connect or read timeout' };
  if (tie !== 'unresolved')
    return { line, bound: 'client', note: `${tie.note} (${tie.token})`, config: at(repo, file, tie.index) };
  const fb = fileBoundOf(lib, text);
  if (fb) return { line, bound: fb.bound, note: fb.note, config: at(repo, file, fb.index) };
  const hidden = typeof lib.passthrough === 'function' ? lib.passthrough(expr) : lib.passthrough?.test(expr);
  if (hidden)
    return {
      line,
      bound: 'unknown',
      note:
        lib.timeout.source === '(?!)'
          ? `${lib.unbounded}; per-call deadlines were not followed`
          : 'options passed through a variable',
    };
  if (lib.bounded) return { line, bound: 'default', note: lib.bounded };
  const deadline = lib.tokioDeadline
    ? repo.fileMemo('timeouts:tokio-deadline', file, () => tokioDeadline(repo, file, text))
    : undefined;
  if (deadline)
    return { line, bound: 'call', note: 'requests are awaited inside tokio::time::timeout()', config: deadline };
  return { line, bound: 'none', note: lib.unbounded };
}

/** `timeout(` as tokio's: written `tokio::time::timeout(`, `time::timeout(`, or imported (`use tokio::time::{timeout}`). */
const TOKIO_TIMEOUT = /\b(?:tokio::)?time::timeout\s*\(|(?<![\w:.])timeout\s*\(/g;

/** The offset is inside the arguments of a tokio `timeout(…)` call that opens at most 600 characters before it. */
function inTokioTimeout(repo: RepoIndex, file: string, text: string, offset: number): number | undefined {
  const from = Math.max(0, offset - 600);
  const imported = rustUsesOf(repo, file).some((u) => u.path.join('::') === 'tokio::time::timeout' && !u.alias);
  for (const m of text.slice(from, offset).matchAll(TOKIO_TIMEOUT)) {
    if (!m[0].includes('::') && !imported) continue;
    const open = from + m.index! + m[0].length - 1;
    const args = bracketBody(text, open);
    if (args !== undefined && offset <= open + args.length) return from + m.index!;
  }
  return undefined;
}

/**
 * Rust: every request the file sends (`.send()`) runs under a tokio deadline, awaited inside `tokio::time::timeout(…)`
 * in its own function or, one level up, at every call of that function in the service's Rust code
 * (`timeout(Duration::from_secs(60), lila.user_games(user, since))`). Where the first such deadline is written.
 */
function tokioDeadline(repo: RepoIndex, file: string, text: string): { file: string; line: number } | undefined {
  const deadlines: { file: string; offset: number }[] = [];
  const wrappers = new Set<string>();
  for (const m of text.matchAll(/\.send\s*\(\s*\)/g)) {
    const line = repo.lineAt(file, m.index!);
    if (isCommentLine(repo.lineText(file, line))) continue;
    const own = inTokioTimeout(repo, file, text, m.index!);
    if (own !== undefined) deadlines.push({ file, offset: own });
    else {
      const fn = enclosingDefinition(repo, file, line)?.name;
      if (!fn) return undefined;
      wrappers.add(fn);
    }
  }
  if (wrappers.size) {
    const call = new RegExp(
      `(?<!\\bfn\\s+)\\b(?:${[...wrappers].map(escapeRegExp).join('|')})\\s*(?:::<[^>]*>\\s*)?\\(`,
      'g',
    );
    const files = new Set(
      repo
        .grep(call, { languages: ['rust'], kinds: ['source'] })
        .filter((h) => !repo.get(h.path)?.isTest && !isCommentLine(h.text))
        .map((h) => h.path),
    );
    let calls = 0;
    for (const f of files) {
      const t = repo.read(f) ?? '';
      for (const c of t.matchAll(call)) {
        if (isCommentLine(repo.lineText(f, repo.lineAt(f, c.index!)))) continue;
        const wrapped = inTokioTimeout(repo, f, t, c.index!);
        if (wrapped === undefined) return undefined;
        deadlines.push({ file: f, offset: wrapped });
        calls++;
      }
    }
    if (!calls) return undefined;
  }
  const first = deadlines[0];
  return first && at(repo, first.file, first.offset);
}

/**
 * A JVM builder taken as a parameter (`RestTemplate api(RestTemplateBuilder builder)`, Kotlin's `builder:
 * WebClient.Builder` of a constructor): its name.
 */
const BUILDER_PARAM =
  /^(?:(?:RestTemplateBuilder|RestClient\.Builder|WebClient\.Builder)\s+(\w+)|(\w+)\s*:\s*(?:RestTemplateBuilder|RestClient\.Builder|WebClient\.Builder))\s*[,)]/;
/** Words that are never a client's configuration. */
const NOT_A_LEAF = new Set(['it', 'this', 'true', 'false', 'null', 'return', 'new', 'super']);
const MAX_TIE_DEPTH = 4;

interface Region {
  start: number;
  text: string;
}

type Tie = { index: number; token: string; note: string } | 'untied' | 'untied-factory' | 'unresolved';

/**
 * Timeout evidence tied to the client a JVM site builds: the site's own expression, the statements made on the name
 * it is assigned to (or on the builder parameter it is), and, followed through the file, the definitions of what
 * they are given (`RestTemplate(factory())` → the body of `factory()`; `new HttpComponentsClientHttpRequestFactory(
 * httpClient)` → `httpClient = …` → its `RequestConfig`). A file that builds one client with a timed factory and
 * another with the default one bounds only the first.
 * - `untied`: everything the client is built with was found in the file and none of it sets a timeout
 *   (`untied-factory` when that includes a request factory of its own);
 * - `unresolved`: something it is given is defined elsewhere (an injected bean, a parameter): the file is judged whole.
 */
function tiedTimeout(lib: Lib, text: string, offset: number, expr: string, name: string | undefined): Tie {
  const re = new RegExp([lib.timeout, ...[lib.file ?? []].flat().map((f) => f.re)].map((r) => r.source).join('|'));
  const note = [lib.file ?? []].flat()[0]?.note ?? 'timeout set on the client';
  const regions: Region[] = [{ start: offset, text: expr }];
  const builder = BUILDER_PARAM.exec(text.slice(offset, offset + 200));
  const param = builder?.[1] ?? builder?.[2];
  const subject = param ?? name?.replace(/^this\./, '');
  if (subject) {
    // A parameter's statements sit in the method body; a variable's in the block it is declared in.
    const open = param ? text.indexOf('{', offset) : -1;
    const end = param
      ? open < 0
        ? offset
        : open + 1 + (bracketBody(text, open)?.length ?? 0)
      : blockEnd(text, offset);
    regions.push(...statementsOn(text, subject, offset, end));
  }
  const seen = new Set<string>(subject ? [subject] : []);
  let unresolved = false;
  let factory = false;
  for (let depth = 0, next = regions; depth < MAX_TIE_DEPTH && next.length; depth++) {
    const found: Region[] = [];
    for (const r of next) {
      const m = re.exec(r.text);
      if (m) return { index: r.start + m.index, token: m[0].replace(/\s+/g, ' ').trim(), note };
      factory ||= /RequestFactory\b/.test(r.text);
      for (const leaf of leaves(r.text)) {
        if (seen.has(leaf)) continue;
        seen.add(leaf);
        const defined = definitionOf(text, leaf);
        if (!defined.length) unresolved = true;
        found.push(...defined);
      }
    }
    next = found;
  }
  return unresolved ? 'unresolved' : factory ? 'untied-factory' : 'untied';
}

/** Where the brace block holding `offset` closes (the file's end at the top level). */
function blockEnd(text: string, offset: number): number {
  let depth = 0;
  for (let i = offset; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return i;
  }
  return text.length;
}

/** Statements on `name` between `from` and `to` (`factory.setReadTimeout(…)`, `rt.requestFactory = f`, `b\n  .build()`). */
function statementsOn(text: string, name: string, from: number, to: number): Region[] {
  const out: Region[] = [];
  const re = new RegExp(`(?<![\\w.$])(?:this\\.)?${escapeRegExp(name)}\\s*\\??\\.\\s*\\w`, 'g');
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text))
    out.push({ start: m.index, text: expressionAt(text, m.index) });
  return out;
}

/**
 * What a region hands a client: arguments that are a plain name or a call of a lowercase function (`factory`,
 * `this.factory`, `factory()`, `() -> factory`, `this::factory`), and names assigned in Kotlin `apply` blocks
 * (`requestFactory = factory`). Inline constructions (`SimpleClientHttpRequestFactory()`) are read in place.
 */
function leaves(region: string): string[] {
  const out: string[] = [];
  for (let i = region.indexOf('('); i >= 0; i = region.indexOf('(', i + 1)) {
    const body = bracketBody(region, i);
    if (body === undefined) continue;
    for (const arg of splitArgs(body)) {
      const m = /^(?:\(\s*\)\s*->\s*|\{\s*|(?:this)?::)?(?:this\.)?([a-z_]\w*)\s*(?:\(\s*\)\s*)?\}?$/.exec(arg);
      if (m && !NOT_A_LEAF.has(m[1]!)) out.push(m[1]!);
      const call = /^(?:this\.)?([a-z_]\w*)\s*\(/.exec(arg);
      if (call && !NOT_A_LEAF.has(call[1]!)) out.push(call[1]!);
    }
  }
  for (const m of region.matchAll(/(?<![=!<>])=[ \t]*(?:this\.)?([a-z_]\w*)[ \t]*(?:\(\s*\))?[ \t]*(?=[\n;}]|$)/g))
    if (!NOT_A_LEAF.has(m[1]!)) out.push(m[1]!);
  return out;
}

/** Where `name` is defined in the file: a function's body, or a variable's initialiser and the statements made on it. */
function definitionOf(text: string, name: string): Region[] {
  const n = escapeRegExp(name);
  for (const fn of text.matchAll(new RegExp(`(?:\\bfun\\s+|[\\w>\\]?]\\s+)${n}\\s*\\(`, 'g'))) {
    const open = fn.index! + fn[0].length - 1;
    const params = bracketBody(text, open);
    if (params === undefined) continue;
    const after = open + params.length + 2;
    // A declaration, not a call: the parameter list is followed by a body (`{`, or Kotlin's `= expression`).
    const head = /^\s*(?::[^{=;\n]*|throws\b[^{=;]*)?(\{|=(?!=))/.exec(text.slice(after, after + 300));
    if (!head) continue;
    const at = after + head[0].length - 1;
    const body = head[1] === '{' ? bracketBody(text, at) : expressionAt(text, skipSpace(text, at + 1));
    if (body !== undefined) return [{ start: at, text: body }];
  }
  const decl = new RegExp(
    `(?:\\b(?:val|var)\\s+${n}\\b(?:\\s*:\\s*[\\w.<>?, ]+?)?|[\\w>\\]]\\s+${n})\\s*=(?![=>])`,
  ).exec(text);
  if (!decl) return [];
  const init = skipSpace(text, decl.index + decl[0].length);
  return [{ start: init, text: expressionAt(text, init) }, ...statementsOn(text, name, init, blockEnd(text, init))];
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function fileBoundOf(lib: Lib, text: string): (FileBound & { index: number }) | undefined {
  for (const f of [lib.file ?? []].flat()) {
    const m = f.re.exec(text);
    if (m) return { ...f, index: m.index };
  }
  return undefined;
}

function globalOf(
  lib: Lib,
  globalFor: (g: Global) => { file: string; line: number } | null,
): { note: string; at: { file: string; line: number } } | undefined {
  for (const g of [lib.global ?? []].flat()) {
    const hit = globalFor(g);
    if (hit) return { note: g.note, at: hit };
  }
  return undefined;
}

function at(repo: RepoIndex, file: string, offset: number): { file: string; line: number } {
  return { file, line: repo.lineAt(file, offset) };
}

/** A top-level Python function with a `timeout` parameter that defaults to None: `def request(…, timeout: T = None)`. */
const PY_DEF = /^def\s+([A-Za-z_]\w*)\s*\(/gm;

/**
 * Calls of the project's own Python HTTP helpers. A module that makes outbound calls (`hc/lib/curl.py` around pycurl,
 * a `http_client.py` around requests) and offers top-level functions taking `timeout=None` and handing it on is the
 * client the rest of the code uses: its callers are the call sites. One that passes `timeout=` is bounded; one that
 * leaves it out gets None, which the helper forwards to a client that then waits forever.
 */
function pythonWrapperCalls(
  repo: RepoIndex,
  facts: { outbound: OutboundFacts; liveness: LivenessFacts },
  found: TimeoutSite[],
): TimeoutSite[] {
  const helperFiles = new Map<string, string>();
  for (const c of facts.outbound.calls)
    if (c.file.endsWith('.py') && c.kind === 'http' && !helperFiles.has(c.file)) helperFiles.set(c.file, c.library);
  for (const s of found) if (s.file.endsWith('.py') && !helperFiles.has(s.file)) helperFiles.set(s.file, s.library);
  const out: TimeoutSite[] = [];
  for (const [file, library] of helperFiles) {
    if (notService(file) || !facts.liveness.isLive(file) || repo.get(file)?.isTest) continue;
    const text = repo.read(file);
    if (!text) continue;
    const helpers: string[] = [];
    for (const m of text.matchAll(PY_DEF)) {
      const sig = bracketBody(text, m.index! + m[0].length - 1) ?? '';
      if (!/(?:^|[\s,(*])timeout\s*(?::[^=,)]*)?=\s*None\b/.test(sig)) continue;
      // It hands the value on (`timeout=timeout`, `setopt(pycurl.TIMEOUT, timeout)`), within its body.
      const body = text.slice(m.index! + m[0].length + sig.length, m.index! + 8000).split(/\n(?=\S)/)[0] ?? '';
      // A helper that fills in its own default (`timeout or 10`, `if timeout is None: timeout = 30`) bounds every call.
      if (/\btimeout\s+or\s+[\w.]|\bif\s+(?:not\s+timeout|timeout\s+is\s+None)\s*:\s*(?:\n\s*)?timeout\s*=/.test(body))
        continue;
      if (/[=,(]\s*timeout\b(?!\s*=)/.test(body)) helpers.push(m[1]!);
    }
    if (!helpers.length) continue;
    const mod = path.posix.basename(file, '.py');
    if (mod === '__init__') continue;
    const dotted = file.replace(/\.py$/, '').split('/');
    const tail = escapeRegExp(dotted.slice(-2).join('.'));
    // `from hc.lib import curl` → curl.get(…); `from hc.lib.curl import get` → get(…).
    const importsModule = new RegExp(
      `^\\s*from\\s+[\\w.]*\\s+import\\s+(?:\\(?[^\\n]*\\b${escapeRegExp(mod)}\\b)|^\\s*import\\s+[\\w.]*\\b${escapeRegExp(mod)}\\b`,
      'm',
    );
    const importsNames = new RegExp(`^\\s*from\\s+[\\w.]*${tail}\\s+import\\s+([^\\n]+)`, 'm');
    const note = `calls the project's HTTP helper ${mod}.NAME without timeout=: it passes timeout=None on to ${library}, which then waits forever`;
    for (const f of facts.liveness.liveSources()) {
      if (f.path === file || !f.path.endsWith('.py') || repo.get(f.path)?.isTest || notService(f.path)) continue;
      const src = repo.read(f.path);
      if (!src || !src.includes(mod)) continue;
      const calls: { re: RegExp; name: (m: RegExpMatchArray) => string }[] = [];
      if (importsModule.test(src))
        calls.push({
          re: new RegExp(`(?<![\\w.])${escapeRegExp(mod)}\\.(${helpers.map(escapeRegExp).join('|')})\\s*\\(`, 'g'),
          name: (m) => m[1]!,
        });
      const named = importsNames.exec(src)?.[1]?.replace(/[()]/g, '');
      const direct = named
        ?.split(',')
        .map((n) => n.trim().split(/\s+as\s+/))
        .filter(([n]) => helpers.includes(n!));
      for (const [n, alias] of direct ?? [])
        calls.push({ re: new RegExp(`(?<![\\w.])${escapeRegExp(alias ?? n!)}\\s*\\(`, 'g'), name: () => n! });
      const spans = fileMask(repo, f.path);
      for (const { re, name } of calls)
        for (const m of src.matchAll(re)) {
          if (spans && inMask(spans.all, m.index!)) continue;
          const line = repo.lineAt(f.path, m.index!);
          const lineText = repo.lineText(f.path, line) ?? '';
          if (/^\s*(?:async\s+)?def\s/.test(lineText) || isCommentLine(lineText)) continue;
          const args = bracketBody(src, m.index! + m[0].length - 1) ?? '';
          const bound: TimeoutBound = /\btimeout\s*=\s*(?!None\b)/.test(args)
            ? 'call'
            : /\*\*\w+/.test(args)
              ? 'unknown'
              : 'none';
          out.push({
            library: `${mod} (${library})`,
            file: f.path,
            line,
            text: lineText,
            bound,
            note:
              bound === 'call'
                ? 'timeout on the call (timeout=)'
                : bound === 'unknown'
                  ? 'options passed through **kwargs'
                  : note.replace('NAME', name(m)),
            live: true,
            via: `${mod}.${name(m)}`,
          });
        }
    }
  }
  return out;
}
