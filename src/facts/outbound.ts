import type { RepoIndex } from '../repo/index.js';
import { fileMask } from './code.js';
import { inMask } from './code-text.js';
import { conventionalAlias, type ImportFacts } from './imports.js';
import { svelteKitStaticOnly } from './routes-fs.js';

/**
 * Outbound calls: HTTP or RPC clients that production code uses to call *other services*.
 *
 * Decision: database, cache and message-broker drivers (SQLAlchemy, pg, Redis, Kafka ...) are NOT outbound calls here.
 * Their drivers have their own pooling and reconnect semantics, and the resilience rules (retries, circuit breaker)
 * are about remote services that fail independently. Vendor SDKs that make HTTP calls (OpenAI, Anthropic, AWS, Stripe)
 * do count; `builtinRetry` marks the SDKs that retry with exponential backoff by default.
 */
export interface OutboundCall {
  /** The client library: 'requests', 'httpx', 'axios', 'fetch', 'net/http', 'RestTemplate', 'Faraday' ... */
  library: string;
  kind: 'http' | 'grpc' | 'sdk' | 'smtp';
  file: string;
  line: number;
  text: string;
  /** The SDK retries with exponential backoff by default (openai, anthropic, boto3, got, ky). */
  builtinRetry?: boolean;
}

export interface OutboundFacts {
  calls: OutboundCall[];
  any: boolean;
  /** Distinct client libraries, in order of first appearance. */
  libraries: string[];
}

interface Signal {
  library: string;
  kind: OutboundCall['kind'];
  re: RegExp;
  languages: string[];
  builtinRetry?: boolean;
  /** The file must also match this (usually the import), to avoid same-named methods. */
  requires?: RegExp;
  /** The SDK's default retries switched off in the file (`maxAttempts: 1`, `MaxErrorRetry = 0`): no builtinRetry. */
  noRetry?: RegExp;
}

/**
 * A cloud provider's SDK client (AWS, Azure, Google Cloud): each call is a request to a remote API, retried with
 * exponential backoff by default. The timeouts fact reads the same clients (`timeout`, and `bounded` when the SDK bounds
 * calls by default).
 */
export interface CloudSdkClient {
  library: string;
  languages: string[];
  re: RegExp;
  requires: RegExp;
  noRetry?: RegExp;
  /** A timeout set where the client is built. */
  timeout: RegExp;
  /** The SDK's default bound, stated; absent: the SDK waits as long as the connection lets it. */
  bounded?: string;
  unbounded: string;
  /** Each call takes a Go context: a deadline put on it in the file bounds the calls. */
  contextDeadline?: true;
}

/** A Kiota-generated client's request adapter (`new HttpClientRequestAdapter(authProvider)`). */
export const KIOTA_ADAPTER = /\bnew\s+HttpClientRequestAdapter\s*\(/;
export const KIOTA_HTTP = /\bMicrosoft\.Kiota\.Http\.HttpClientLibrary\b/;

const PY = ['python'];
const JS = ['javascript', 'typescript'];
const GO = ['go'];
const JVM = ['java', 'kotlin', 'scala', 'groovy'];
const RB = ['ruby'];

/** A lookup of the geocoder gem (`Geocoder.search(query)`, `Geocoder.coordinates(address)`): a remote geocoding API. */
export const GEOCODER_CALL = /\bGeocoder\.(?:search|coordinates|address)\s*\(/;

/** A stripe-ruby resource call (`Stripe::PaymentIntent.create(…)`, `::Stripe::Billing::Meter.list(…)`). */
export const STRIPE_RUBY_CALL =
  /\bStripe::(?:[A-Z]\w*::)?[A-Z]\w*\.(?:create|retrieve|list|update|delete|search|cancel|capture|confirm|upcoming)\b/;
/** Languages whose outbound calls count only in code the service reaches (see the liveness fact). */
const LIVENESS_SCOPED = ['rust', 'go', 'scala'];

/**
 * ofetch / Nitro's and Nuxt's `$fetch` to an absolute URL, or to a path under an absolute `baseURL` option given in
 * the call (a relative path alone is the app's own API).
 */
export const OFETCH_CALL =
  /(?<![\w.$])(?:\$fetch|ofetch)(?:\.raw)?\s*(?:<[^>()]*>\s*)?\(\s*(?:[`'"]https?:|`\$\{|new URL|[\w.]+(?:Url|URL|_URL|Endpoint|endpoint|url)\b|(?:[^()]|\([^()]*\))*?\bbaseURL\s*:\s*(?:[`'"]https?:|[\w.]+(?:Url|URL|_URL|Endpoint|endpoint|url)\b))/;

/** A client of the AWS SDK for JavaScript v3 (`new S3Client(…)`, the aggregated `new S3(…)`). */
export const AWS_JS_CLIENT =
  /\bnew\s+(?:[A-Z][A-Za-z0-9]*Client|S3|DynamoDB|SQS|SNS|SES|SESv2|Lambda|Kinesis|SecretsManager)\s*\(/;

/** Erlang's hackney called directly from Elixir (`:hackney.request(method, url, headers, body, opts)`). */
export const HACKNEY_CALL = /:hackney\.(?:request|get|post|put|patch|delete|head)\s*\(/;

/** A call of ReqLLM, the Elixir client of LLM providers' APIs (`ReqLLM.generate_text(model, context, opts)`). */
export const REQ_LLM_CALL = /\bReqLLM\.(?:generate|stream)_(?:text|object)!?\s*\(|\bReqLLM\.embed(?:_many)?!?\s*\(/;

/**
 * The Ktor client made: `HttpClient(CIO) { … }`, `HttpClient { … }`, `HttpClient()` (the engine found on the classpath),
 * `HttpClient(Apache, config)` (its configuration block passed as a value).
 */
export const KTOR_CLIENT = /(?<![:<]\s*)\bHttpClient\s*(?:\(\s*(?:\w+(?:\.\w+)*(?:\s*,\s*\w+)?)?\s*\)\s*\{?|\{)/;
/**
 * Java's own URL connections: `URI(url).toURL().openStream()`, `new URL(url).openConnection()`, or a connection cast to
 * `HttpURLConnection`.
 */
export const JAVA_URL_CONNECTION =
  /(?:\bURL\s*\([^()\n]*\)|\bURI(?:\.create)?\s*\([^()\n]*\)\s*\.toURL\s*\(\s*\))\s*\.open(?:Stream|Connection)\s*\(|\.openConnection\s*\(\s*\)\s*as\??\s+Https?URLConnection\b|\(\s*Https?URLConnection\s*\)\s*[\w.]+\.openConnection\s*\(/;
/** The GitHub clients quarkus-github-app injects (installation `GitHub`, payload objects, GraphQL) and their calls. */
export const GITHUB_APP_CLIENTS = 'GitHub API (quarkus-github-app clients)';
export const GITHUB_APP_CALL =
  /\.(?:comment|addLabels|removeLabels|setLabels|addAssignees|removeAssignees|createReview|createCommitStatus|listFiles|listComments|listCommits|queryPullRequests|queryIssues|getFileContent|executeSync)\s*\(/;
export const GITHUB_APP_IMPORT = /^\s*import\s+io\.quarkiverse\.githubapp\./m;

/**
 * A gds-api-adapters client: `GdsApi.organisations`, `GdsApi.publishing_api`, `class PushClient < GdsApi::Base` (not
 * the library's own settings, `GdsApi.configure`).
 */
export const GDS_API_CLIENT = /\bGdsApi\.(?!config(?:ure)?\b)[a-z_]+\b|<\s*GdsApi::Base\b/;

/** HMRC http-verbs' client: a verb called on a URL (`httpClientV2.get(url"…")`, `.post(URL(…))`, `.put(someUrl)`). */
export const HMRC_HTTP_CLIENT = 'HttpClientV2 (HMRC http-verbs)';
export const HMRC_HTTP_CALL =
  /\.(?:get|post|put|patch|delete|head)\s*\(\s*(?:url"|(?:new\s+)?URL\s*\(|[\w.]*(?:[uU]rl|URL)\s*[,)])/;
/** A Play WS request (`ws.url(…)`, Java's `ws.url(…)` too). */
export const PLAY_WS_CALL = /\.url\s*\(/;
/** An sttp request (`basicRequest.get(uri"…")`, `quickRequest.post(…)`). */
export const STTP_REQUEST =
  /\b(?:basicRequest|quickRequest|emptyRequest)\s*\.\s*(?:get|post|put|patch|delete|head|method)\s*\(/;
/**
 * A request through the http4s client (`client.expect[String](uri)`): its calls, not the builder, as a client built only
 * for a datastore's driver (elastic4s's Http4sClient) calls no other service.
 */
export const HTTP4S_CLIENT_CALL = /\.(?:expect|expectOr|expectOption|fetchAs)\s*\[/;
export const HTTP4S_CLIENT_IMPORT = /^\s*import\s+org\.http4s\.client\.(?:Client\b|\*|_)/m;

/** Database clients of the cloud SDKs (DynamoDB, Cosmos DB, Firestore, Bigtable) stay out: they are drivers. */
export const CLOUD_SDK_CLIENTS: CloudSdkClient[] = [
  // docs.aws.amazon.com/sdk-for-net/v3/developer-guide/retries-timeouts.html: Legacy mode retries 4 times with backoff; Timeout 100 s.
  {
    library: 'AWS SDK for .NET',
    languages: ['csharp'],
    re: /\bnew\s+Amazon(?!DynamoDB)[A-Z]\w*Client\s*\(/,
    requires: /^\s*using\s+Amazon\.\w+/m,
    noRetry: /\bMaxErrorRetry\s*=\s*0\b/,
    timeout: /\b(?:Timeout|ReadWriteTimeout)\s*=/,
    bounded: 'the AWS SDK for .NET times out each HTTP request after 100 s by default',
    unbounded: 'timeout disabled',
  },
  // learn.microsoft.com/dotnet/api/azure.core.retryoptions: 3 exponential retries (0.8 s base), NetworkTimeout 100 s.
  {
    library: 'Azure SDK for .NET',
    languages: ['csharp'],
    re: /\bnew\s+(?:SecretClient|KeyClient|CryptographyClient|CertificateClient|BlobServiceClient|BlobContainerClient|BlobClient|DataLakeServiceClient|ShareServiceClient)\s*\(/,
    requires: /^\s*using\s+Azure\.(?:Security\.KeyVault|Storage\.(?:Blobs|Files))\b/m,
    noRetry: /\bMaxRetries\s*=\s*0\b/,
    timeout: /\bNetworkTimeout\s*=/,
    bounded: 'Azure SDK clients time out each try after 100 s by default (RetryOptions.NetworkTimeout)',
    unbounded: 'timeout disabled',
  },
  // cloud.google.com/dotnet/docs/reference/help/call-settings: per-method defaults (retries with backoff, a timeout).
  {
    library: 'Google Cloud client (.NET)',
    languages: ['csharp'],
    re: /\b(?:KeyManagementServiceClient|SecretManagerServiceClient|StorageClient|PublisherServiceApiClient)\.Create(?:Async)?\s*\(/,
    requires: /^\s*using\s+Google\.Cloud\.\w+/m,
    timeout: /\bExpiration\.From\w*\s*\(|\bCallSettings\.From\w*\s*\(/,
    bounded: 'Google Cloud clients give each RPC the service’s default per-method timeout',
    unbounded: 'timeout disabled',
  },
  // aws.github.io/aws-sdk-go-v2/docs/configuring-sdk/retries-timeouts: retry.Standard, 3 attempts, backoff up to 20 s;
  // its default HTTP client sets no overall request timeout (the call's context is the bound).
  {
    library: 'AWS SDK for Go v2',
    languages: GO,
    re: /\b(?!dynamodb\.)[a-z][a-z0-9]*\.NewFromConfig\s*\(/,
    requires: /"github\.com\/aws\/aws-sdk-go-v2\/service\//,
    noRetry: /\baws\.NopRetryer\b|\bRetryMaxAttempts\s*[:=]\s*1\b|\bWithRetryMaxAttempts\s*\(\s*1\s*\)/,
    timeout: /\bHTTPClient\s*[:=]|\bWithHTTPClient\s*\(/,
    contextDeadline: true,
    unbounded: 'the AWS SDK for Go v2 sets no request timeout: a call waits as long as its context lets it',
  },
  // learn.microsoft.com/azure/storage/blobs/storage-retry-policy-go: MaxRetries 3 with backoff from 4 s; TryTimeout off.
  {
    library: 'Azure SDK for Go',
    languages: GO,
    re: /\b(?:azblob|azkeys|azsecrets|azcertificates)\.NewClient(?:FromConnectionString|WithSharedKeyCredential|WithNoCredential)?\s*\(/,
    requires: /"github\.com\/Azure\/azure-sdk-for-go\/sdk\/(?:storage\/azblob|security\/keyvault\/\w+)"/,
    // A negative MaxRetries means one try and no retry.
    noRetry: /\bMaxRetries\s*:\s*-\d/,
    timeout: /\bTryTimeout\s*:/,
    contextDeadline: true,
    unbounded: 'the Azure SDK for Go sets no try timeout by default: a call waits as long as its context lets it',
  },
  // docs.aws.amazon.com/sdk-for-java/latest/developer-guide/retry-strategy.html (standard: 3 attempts, backoff) and
  // timeouts.html (the Apache client's 30 s socket and 2 s connection timeouts).
  {
    library: 'AWS SDK for Java 2.x',
    languages: JVM,
    re: /\b(?!DynamoDb)[A-Z]\w*Client\.(?:builder|create)\s*\(\s*\)/,
    requires: /^\s*import\s+software\.amazon\.awssdk\.services\./m,
    noRetry: /\bRetryPolicy\.none\s*\(|\bnumRetries\s*\(\s*0\s*\)|\bmaxAttempts\s*\(\s*1\s*\)|\bdoNotRetry\s*\(/,
    timeout: /\bapiCall(?:Attempt)?Timeout\s*\(|\bsocketTimeout\s*\(/,
    bounded: 'the AWS SDK for Java 2.x’s default HTTP client times out reads after 30 s and connects after 2 s',
    unbounded: 'timeout disabled',
  },
  // ExAws (lib/ex_aws/config/defaults.ex): 10 attempts with exponential backoff from 10 ms; its hackney client receives
  // for 30 s (ExAws.Request.Hackney). The file names the service module it builds operations with (`alias ExAws.S3`);
  // DynamoDB's operations are a database driver's.
  {
    library: 'ExAws',
    languages: ['elixir'],
    re: /\bExAws\.request!?\s*\(/,
    requires: /\bExAws\.(?!Dynamo)[A-Z]\w*/,
    noRetry: /\bmax_attempts\s*:\s*1\b/,
    timeout: /\brecv_timeout\s*:|\bhackney_opts\b/,
    bounded: 'ExAws’s hackney client times out receives after 30 s by default',
    unbounded: 'timeout disabled',
  },
  // learn.microsoft.com/python/api/azure-core: RetryPolicy retry_total 10 with backoff; connection and read timeouts 300 s.
  {
    library: 'Azure SDK for Python',
    languages: PY,
    re: /\b(?:SecretClient|KeyClient|CryptographyClient|CertificateClient|BlobServiceClient|BlobClient|ContainerClient)(?:\.from_connection_string)?\s*\(/,
    requires: /^\s*from\s+azure\.(?:keyvault|storage\.blob)\b/m,
    noRetry: /\bretry_total\s*=\s*0\b/,
    timeout: /\b(?:connection|read)_timeout\s*=/,
    bounded: 'azure-core times out connects and reads after 300 s by default',
    unbounded: 'timeout disabled',
  },
];

const SIGNALS: Signal[] = [
  // Python
  {
    library: 'requests',
    kind: 'http',
    languages: PY,
    re: /\brequests\.(?:get|post|put|patch|delete|head|request|Session)\s*\(/,
    requires: /^\s*(?:import requests|from requests\b)/m,
  },
  {
    library: 'httpx',
    kind: 'http',
    languages: PY,
    re: /\bhttpx\.(?:get|post|put|patch|delete|head|request|stream|Client|AsyncClient)\s*\(/,
  },
  {
    library: 'aiohttp',
    kind: 'http',
    languages: PY,
    re: /\baiohttp\.ClientSession\s*\(|^\s*(?:async\s+)?with\s+ClientSession\s*\(/,
  },
  { library: 'urllib3', kind: 'http', languages: PY, re: /\burllib3\.PoolManager\s*\(/ },
  {
    library: 'urllib',
    kind: 'http',
    languages: PY,
    re: /\burllib\.request\.urlopen\s*\(|^\s*from urllib\.request import .*\burlopen\b/,
  },
  {
    library: 'openai',
    kind: 'sdk',
    languages: PY,
    re: /\b(?:Async)?(?:Azure)?OpenAI\s*\(/,
    requires: /\bopenai\b/,
    builtinRetry: true,
  },
  {
    library: 'anthropic',
    kind: 'sdk',
    languages: PY,
    re: /\b(?:Async)?Anthropic\s*\(/,
    requires: /\banthropic\b/,
    builtinRetry: true,
  },
  {
    library: 'boto3',
    kind: 'sdk',
    languages: PY,
    re: /\bboto3\.(?:client|resource)\s*\(/,
    builtinRetry: true,
    // botocore's `max_attempts` counts retries, `total_max_attempts` every attempt.
    noRetry: /["']max_attempts["']\s*:\s*0\b|["']total_max_attempts["']\s*:\s*1\b/,
  },
  { library: 'grpc', kind: 'grpc', languages: PY, re: /\bgrpc\.(?:aio\.)?(?:insecure|secure)_channel\s*\(/ },
  { library: 'pycurl', kind: 'http', languages: PY, re: /\bpycurl\.Curl\s*\(/ },
  // requests-hardened: a Manager built on a Config sends requests (SSRF filter, default timeout) through requests.
  {
    library: 'requests-hardened',
    kind: 'http',
    languages: PY,
    re: /\bManager\s*\(\s*(?:requests_hardened\.)?Config\s*\(/,
    requires: /\brequests_hardened\b/,
  },
  // LiteLLM: one call shape for every model provider (completion(model=…, messages=…)), an HTTP call to the provider.
  {
    library: 'litellm',
    kind: 'sdk',
    languages: PY,
    re: /\blitellm\.a?(?:completion|embedding|text_completion|image_generation|transcription|speech|responses)\s*\(|(?<![\w.])(?<!\bdef\s+)a?completion\s*\(/,
    requires: /^\s*(?:from\s+litellm\s+import\b[^\n]*\ba?completion\b|import\s+litellm\b)/m,
  },
  // Mail: an SMTP server is a remote service that times out and refuses connections like any other.
  // `from smtplib import SMTP` brings in the client; `from smtplib import SMTPException` only an exception to catch.
  {
    library: 'smtplib',
    kind: 'smtp',
    languages: PY,
    re: /\bsmtplib\.SMTP(?:_SSL)?\s*\(|^\s*from smtplib import\b[^\n#]*\bSMTP(?:_SSL)?\b(?!\w)/,
  },
  {
    library: 'django.core.mail',
    kind: 'smtp',
    languages: PY,
    re: /\b(?:send_mail|send_mass_mail|mail_admins|EmailMessage|EmailMultiAlternatives)\s*\(/,
    requires: /\bdjango\.core\.mail\b/,
  },
  {
    library: 'flask-mail',
    kind: 'smtp',
    languages: PY,
    re: /\bmail\.send\s*\(|\bMail\s*\(/,
    requires: /\bflask_mail\b/,
  },
  { library: 'fastapi-mail', kind: 'smtp', languages: PY, re: /\bFastMail\s*\(/ },
  // litestar-email: a mailer (SMTP or an e-mail API backend) sends each message.
  {
    library: 'litestar-email',
    kind: 'smtp',
    languages: PY,
    re: /\.send_messages?\s*\(|\bSMTPConfig\s*\(/,
    requires: /\blitestar_email\b/,
  },
  // httpx-oauth: each provider client (`GoogleOAuth2(id, secret)`) exchanges codes and reads profiles over HTTP.
  { library: 'httpx-oauth', kind: 'http', languages: PY, re: /\b[A-Z]\w*OAuth2\s*\(/, requires: /\bhttpx_oauth\b/ },
  // Node / TypeScript
  {
    library: 'axios',
    kind: 'http',
    languages: JS,
    re: /\baxios(?:\.(?:get|post|put|patch|delete|head|request|create))?\s*\(/,
    requires: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']axios["']/,
  },
  {
    library: 'got',
    kind: 'http',
    languages: JS,
    re: /\bgot(?:\.(?:get|post|put|patch|delete|extend))?\s*\(/,
    requires: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']got["']/,
    builtinRetry: true,
  },
  {
    library: 'ky',
    kind: 'http',
    languages: JS,
    re: /\bky(?:\.(?:get|post|put|patch|delete|create|extend))?\s*\(/,
    requires: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']ky["']/,
    builtinRetry: true,
  },
  {
    library: 'node-fetch',
    kind: 'http',
    languages: JS,
    re: /(?<![\w.])fetch\s*\(/,
    requires: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']node-fetch["']/,
  },
  {
    library: 'undici',
    kind: 'http',
    languages: JS,
    re: /\b(?:request|fetch|Pool|Client)\s*\(/,
    requires: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']undici["']/,
  },
  // Node's own client: `https.request(new URL(…), options, cb)`, `http.get(url, cb)` on the core module.
  {
    library: 'node:https',
    kind: 'http',
    languages: JS,
    re: /\bhttps?\.(?:request|get)\s*\(/,
    requires: /(?:\bfrom\s*|\brequire\s*\(\s*)["'](?:node:)?https?["']/,
  },
  {
    library: 'superagent',
    kind: 'http',
    languages: JS,
    re: /\b(?:superagent|request)\.(?:get|post|put|patch|delete)\s*\(/,
    requires: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']superagent["']/,
  },
  // Global fetch to an absolute URL, a template starting with a base URL, or a URL variable; fetch('/api/x') is same-origin.
  {
    library: 'fetch',
    kind: 'http',
    languages: JS,
    re: /(?<![\w.$])fetch\s*\(\s*(?:[`'"]https?:|`\$\{|new URL|[\w.]+(?:Url|URL|_URL|Endpoint|endpoint|url)\b)/,
  },
  { library: 'ofetch', kind: 'http', languages: JS, re: OFETCH_CALL },
  { library: 'openai', kind: 'sdk', languages: JS, re: /\bnew\s+(?:Azure)?OpenAI\s*\(/, builtinRetry: true },
  // GitHub's API through Octokit: the `octokit` package and Probot's client (`context.octokit`, given to every event
  // handler) retry and throttle by default; @octokit/rest and @octokit/core retry only with @octokit/plugin-retry.
  { library: 'Octokit (Probot)', kind: 'sdk', languages: JS, re: /\bcontext\.octokit\b/, builtinRetry: true },
  {
    library: 'octokit',
    kind: 'sdk',
    languages: JS,
    re: /\bnew\s+Octokit\s*\(/,
    requires: /(?:\bfrom\s*|\brequire\s*\(\s*)["']octokit["']/,
    builtinRetry: true,
  },
  {
    library: '@octokit/rest',
    kind: 'sdk',
    languages: JS,
    re: /\bnew\s+Octokit\s*\(/,
    requires: /(?:\bfrom\s*|\brequire\s*\(\s*)["']@octokit\/(?:rest|core)["']/,
  },
  { library: 'anthropic', kind: 'sdk', languages: JS, re: /\bnew\s+Anthropic\s*\(/, builtinRetry: true },
  // The AWS SDK for JavaScript v3: every client calls an AWS API, retrying throttles and 5xx three times by default.
  {
    library: 'AWS SDK (JavaScript v3)',
    kind: 'sdk',
    languages: JS,
    re: AWS_JS_CLIENT,
    requires: /["']@aws-sdk\/client-/,
    builtinRetry: true,
    noRetry: /\bmaxAttempts\s*:\s*1\b/,
  },
  ...CLOUD_SDK_CLIENTS.map(
    (c): Signal => ({
      library: c.library,
      kind: 'sdk',
      languages: c.languages,
      re: c.re,
      requires: c.requires,
      builtinRetry: true,
      ...(c.noRetry ? { noRetry: c.noRetry } : {}),
    }),
  ),
  // The Vercel AI SDK calls the model provider's HTTP API (it retries twice with backoff by default: maxRetries).
  {
    library: 'ai (Vercel AI SDK)',
    kind: 'sdk',
    languages: JS,
    re: /(?<![\w.$])(?:streamText|generateText|streamObject|generateObject|embedMany|embed|(?:experimental_)?generateImage)\s*\(/,
    requires: /\bfrom\s+["']ai["']/,
    builtinRetry: true,
  },
  { library: '@grpc/grpc-js', kind: 'grpc', languages: JS, re: /credentials\.create(?:Insecure|Ssl)\s*\(/ },
  {
    library: 'nodemailer',
    kind: 'smtp',
    languages: JS,
    re: /\bcreateTransport\s*\(/,
    requires: /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["']nodemailer["']/,
  },
  // Go
  {
    library: 'net/http',
    kind: 'http',
    languages: GO,
    re: /\bhttp\.(?:Get|Post|PostForm|Head|NewRequest|NewRequestWithContext)\s*\(|(?<![*\w.])&?http\.Client\s*\{|\bhttp\.DefaultClient\b/,
  },
  { library: 'resty', kind: 'http', languages: GO, re: /\bresty\.New\s*\(/ },
  { library: 'go-retryablehttp', kind: 'http', languages: GO, re: /\bretryablehttp\.NewClient\s*\(/ },
  // grpc-gateway's generated `RegisterXHandlerFromEndpoint(ctx, mux, endpoint, opts)` dials the gRPC server it proxies.
  {
    library: 'grpc',
    kind: 'grpc',
    languages: GO,
    re: /\bgrpc\.(?:Dial|DialContext|NewClient)\s*\(|(?<!\bfunc\s+)\bRegister\w+HandlerFromEndpoint\s*\(/,
  },
  // JVM
  // Kotlin constructs without `new` (`RestTemplate(factory)`); a Java declaration never puts `(` right after the type.
  {
    library: 'RestTemplate',
    kind: 'http',
    languages: JVM,
    re: /\bnew\s+RestTemplate\s*\(|(?<![\w.:$])RestTemplate\s*\(|\bRestTemplateBuilder\b/,
  },
  // Kotlin style puts the call on the next line (`RestClient⏎    .builder()`).
  {
    library: 'WebClient',
    kind: 'http',
    languages: JVM,
    re: /\bWebClient\s*\.(?:builder|create)\s*\(|\bWebClient\.Builder\b/,
  },
  {
    library: 'RestClient',
    kind: 'http',
    languages: JVM,
    re: /\bRestClient\s*\.(?:builder|create)\s*\(|\bRestClient\.Builder\b/,
  },
  { library: 'Feign', kind: 'http', languages: JVM, re: /@FeignClient\b|\bFeign\.builder\s*\(/ },
  { library: 'OkHttp', kind: 'http', languages: JVM, re: /\bnew\s+OkHttpClient\b|\bOkHttpClient\.Builder\b/ },
  { library: 'java.net.http', kind: 'http', languages: JVM, re: /\bHttpClient\.new(?:Builder|HttpClient)\s*\(/ },
  { library: 'java.net.URL', kind: 'http', languages: JVM, re: JAVA_URL_CONNECTION },
  {
    library: 'Apache HttpClient',
    kind: 'http',
    languages: JVM,
    re: /\bHttpClients\.(?:createDefault|custom|createSystem)\s*\(/,
  },
  {
    // The JAX-RS client (Jersey, RESTEasy): `client.target(url).request().post(…)`, `ClientBuilder.newClient()`.
    library: 'JAX-RS Client',
    kind: 'http',
    languages: JVM,
    re: /\bClientBuilder\.new(?:Client|Builder)\s*\(|\.target\s*\([^;]*?\)\s*(?:\.(?:path|queryParam|resolveTemplate)\s*\([^;]*?\)\s*)*\.request\s*\(/,
    requires: /\bimport\s+(?:jakarta|javax)\.ws\.rs\.client\b/,
  },
  {
    library: 'Ktor client',
    kind: 'http',
    languages: JVM,
    re: KTOR_CLIENT,
    requires: /\bimport\s+io\.ktor\.client\.(?:HttpClient\b|\*)/,
  },
  // Declarative clients the framework implements: Micronaut's `@Client("${grunndata.url}") interface …` (or an injected
  // `@Client("…") HttpClient`) and MicroProfile's `@RegisterRestClient` interfaces (Quarkus, Open Liberty).
  {
    library: 'Micronaut HTTP client',
    kind: 'http',
    languages: JVM,
    re: /@Client\s*\(/,
    requires: /\bimport\s+io\.micronaut\.http\.client\.annotation\.Client\b/,
  },
  {
    library: 'MicroProfile REST client',
    kind: 'http',
    languages: JVM,
    re: /@RegisterRestClient\b/,
    requires: /\bimport\s+org\.eclipse\.microprofile\.rest\.client\.inject\.RegisterRestClient\b/,
  },
  { library: 'grpc-java', kind: 'grpc', languages: JVM, re: /\bManagedChannelBuilder\.forAddress\s*\(/ },
  // Scala's HTTP clients: HMRC http-verbs' `httpClientV2.get(url"…").execute[T]`, Play WS's `ws.url(…).get()`, sttp's
  // `basicRequest.get(uri"…").send(backend)` and the http4s client's `client.expect[T](uri)`.
  {
    library: HMRC_HTTP_CLIENT,
    kind: 'http',
    languages: JVM,
    re: HMRC_HTTP_CALL,
    requires: /^\s*import\s+uk\.gov\.hmrc\.http\.client\.(?:HttpClientV2\b|\{[^}]*\bHttpClientV2\b|_)/m,
  },
  {
    library: 'Play WS',
    kind: 'http',
    languages: JVM,
    re: PLAY_WS_CALL,
    requires: /^\s*import\s+play\.(?:api\.)?libs\.ws\./m,
  },
  { library: 'sttp', kind: 'http', languages: JVM, re: STTP_REQUEST, requires: /^\s*import\s+sttp\.client\d?\./m },
  {
    library: 'http4s client',
    kind: 'http',
    languages: JVM,
    re: HTTP4S_CLIENT_CALL,
    requires: HTTP4S_CLIENT_IMPORT,
  },
  // Git remotes reached with JGit (a clone, a fetch, a push) and the GitHub REST API through kohsuke's github-api.
  {
    library: 'JGit',
    kind: 'sdk',
    languages: JVM,
    re: /\bGit\.(?:cloneRepository|lsRemoteRepository)\s*\(|\.(?:fetch|pull|push)\s*\(\s*\)\s*(?:\.|$)/,
    requires: /^\s*import\s+org\.eclipse\.jgit\.api\./m,
  },
  {
    library: 'github-api',
    kind: 'http',
    languages: JVM,
    re: /\bnew\s+GitHubBuilder\s*\(|\bGitHub\.connect\w*\s*\(/,
    requires: /^\s*import\s+org\.kohsuke\.github\./m,
  },
  // A GitHub App on quarkus-github-app: the extension injects clients authenticated as the installation (`GitHub`, the
  // payload's `GHIssue`/`GHPullRequest`, a `DynamicGraphQLClient`); their calls reach the GitHub API (the payload's
  // getters read the event already received).
  {
    library: GITHUB_APP_CLIENTS,
    kind: 'http',
    languages: JVM,
    re: GITHUB_APP_CALL,
    requires: GITHUB_APP_IMPORT,
  },
  // Ruby
  { library: 'Faraday', kind: 'http', languages: RB, re: /\bFaraday\.(?:new|get|post|put|delete)\b/ },
  {
    library: 'HTTParty',
    kind: 'http',
    languages: RB,
    re: /\bHTTParty\.(?:get|post|put|patch|delete)\b|^\s*include\s+HTTParty\b/,
  },
  {
    library: 'Net::HTTP',
    kind: 'http',
    languages: RB,
    re: /\bNet::HTTP(?:\.(?:get|get_response|post|post_form|start|new)|::(?:Get|Post)\.new)\b/,
  },
  {
    library: 'RestClient',
    kind: 'http',
    languages: RB,
    re: /\bRestClient(?:::Request)?\.(?:get|post|put|patch|delete|execute)\b/,
  },
  {
    library: 'http.rb',
    kind: 'http',
    languages: RB,
    re: /(?<!::)\bHTTP\.(?:get|post|put|patch|delete|headers|timeout|auth)\b/, // not Net::HTTP.get
  },
  { library: 'Excon', kind: 'http', languages: RB, re: /\bExcon\.(?:new|get|post)\b/ },
  // GOV.UK's gds-api-adapters: the API clients (`GdsApi.publishing_api`) and a project's own client on its base class.
  { library: 'gds-api-adapters', kind: 'http', languages: RB, re: GDS_API_CLIENT },
  { library: 'Octokit', kind: 'sdk', languages: RB, re: /\bOctokit::Client\.new\b/ },
  // stripe-ruby's resources (`Stripe::Customer.create(…)`, `::Stripe::Checkout::Session.retrieve(…)`): each call is a
  // request to Stripe's API. `Stripe::Webhook.construct_event` checks a signature locally and is no call.
  { library: 'stripe (Ruby)', kind: 'sdk', languages: RB, re: STRIPE_RUBY_CALL },
  // The geocoder gem's lookups (`Geocoder.search(query)`, `Geocoder.coordinates(address)`) ask a remote geocoding API.
  { library: 'Geocoder', kind: 'sdk', languages: RB, re: GEOCODER_CALL },
  {
    library: 'ActionMailer',
    kind: 'smtp',
    languages: RB,
    re: /^\s*class\s+\w+\s*<\s*(?:ActionMailer::Base|ApplicationMailer)\b/,
  },
  { library: 'Net::SMTP', kind: 'smtp', languages: RB, re: /\bNet::SMTP\.(?:start|new)\b|\bMail\.deliver\b/ },
  { library: 'net/smtp', kind: 'smtp', languages: GO, re: /\bsmtp\.(?:SendMail|Dial)\s*\(/ },
  { library: 'JavaMail', kind: 'smtp', languages: JVM, re: /\bJavaMailSender\b|\bTransport\.send\s*\(/ },
  // Rust
  {
    library: 'reqwest',
    kind: 'http',
    languages: ['rust'],
    // Also its forks with browser emulation (wreq, rquest), often imported under an alias (`Client as WreqClient`).
    // `ClientBuilder::new()` under reqwest's own name (`use reqwest::{Client, ClientBuilder};`) builds one too.
    re: /\b(?:reqwest|wreq|rquest)::(?:get|Client::new|Client::builder|ClientBuilder::new|blocking::get|blocking::Client::new)\s*\(|\b(?:Wreq|Rquest|Reqwest)?Client::builder\s*\(\s*\)[\s\S]{0,200}?\.build\s*\(|(?<![\w:])ClientBuilder::new\s*\(\s*\)/,
    requires: /\b(?:reqwest|wreq|rquest)\b/,
  },
  {
    // hyper's own client (0.14 `hyper::Client`, 1.x `hyper_util::client::legacy::Client::builder(TokioExecutor::new())`).
    library: 'hyper client',
    kind: 'http',
    languages: ['rust'],
    re: /\bhyper::(?:client::)?Client::(?:new|builder)\s*\(|\blegacy::Client::builder\s*\(|\bClient::builder\s*\(\s*TokioExecutor::new\s*\(\s*\)\s*\)/,
    requires: /\bhyper(?:_util)?\b/,
  },
  {
    // hyper's client named through a file's import of it (`use hyper::{client, Client};` … `client::Client::builder()
    // .build(https)`, `Client::new()`): the file imports hyper's, so the bare name is not reqwest's.
    library: 'hyper client',
    kind: 'http',
    languages: ['rust'],
    re: /(?<![\w:])(?:client::)?Client::(?:new|builder)\s*\(/,
    requires: /\buse\s+hyper::(?:client(?:::Client)?\s*;|Client\s*;|\{[^}]*\b(?:client|Client)\s*[,}])/,
  },
  {
    library: 'ureq',
    kind: 'http',
    languages: ['rust'],
    re: /\bureq::(?:get|post|put|delete|agent|AgentBuilder::new|Agent::new)\s*\(/,
  },
  { library: 'awc', kind: 'http', languages: ['rust'], re: /\bawc::Client::(?:new|builder|default)\s*\(/ },
  { library: 'surf', kind: 'http', languages: ['rust'], re: /\bsurf::(?:get|post|client|Client::new)\s*\(/ },
  {
    library: 'tonic client',
    kind: 'grpc',
    languages: ['rust'],
    re: /\b\w+Client::connect\s*\(|\bChannel::(?:from_static|from_shared|builder)\s*\(|\bEndpoint::(?:from_static|from_shared|new)\s*\(/,
    requires: /\btonic\b/,
  },
  // .NET
  {
    library: 'HttpClient (.NET)',
    kind: 'http',
    languages: ['csharp'],
    re: /\bnew\s+(?:System\.Net\.Http\.)?HttpClient\s*\(|\bAddHttpClient\s*(?:<[^>]*>)?\s*\(|\bIHttpClientFactory\b|\bHttpClient\s+_?\w+\s*[,)]/,
  },
  { library: 'Refit', kind: 'http', languages: ['csharp'], re: /\bAddRefitClient\s*<|\bRestService\.For\s*</ },
  { library: 'RestSharp', kind: 'http', languages: ['csharp'], re: /\bnew\s+RestClient\s*\(/ },
  // A Kiota-generated client sends through HttpClientRequestAdapter, whose default handlers retry 429, 503 and 504 with
  // backoff (RetryHandler, three times); `MaxRetry = 0` turns that off.
  {
    library: 'Kiota client (.NET)',
    kind: 'http',
    languages: ['csharp'],
    re: KIOTA_ADAPTER,
    requires: KIOTA_HTTP,
    builtinRetry: true,
    noRetry: /\bMaxRetry\s*=\s*0\b/,
  },
  {
    library: 'Flurl',
    kind: 'http',
    languages: ['csharp'],
    re: /\.(?:GetJsonAsync|PostJsonAsync|GetStringAsync)\s*[<(]/,
    requires: /\bFlurl\b/,
  },
  // Mail relayed over SMTP: MailKit's client (`using MailKit.Net.Smtp;` … `new SmtpClient()`), or System.Net.Mail's.
  {
    library: 'MailKit',
    kind: 'smtp',
    languages: ['csharp'],
    re: /\bnew\s+(?:MailKit\.Net\.Smtp\.)?SmtpClient\s*[({]/,
    requires: /\bMailKit\.Net\.Smtp\b/,
  },
  {
    library: 'System.Net.Mail',
    kind: 'smtp',
    languages: ['csharp'],
    re: /\bnew\s+(?:System\.Net\.Mail\.)?SmtpClient\s*[({]/,
    requires: /^\s*using\s+System\.Net\.Mail\s*;|\bnew\s+System\.Net\.Mail\.SmtpClient\b/m,
  },
  {
    library: 'Grpc.Net.Client',
    kind: 'grpc',
    languages: ['csharp'],
    re: /\bGrpcChannel\.ForAddress\s*\(|\bAddGrpcClient\s*</,
  },
  // PHP
  {
    library: 'Laravel HTTP client',
    kind: 'http',
    languages: ['php'],
    re: /\bHttp::(?:get|post|put|patch|delete|head|send|withHeaders|withToken|withBasicAuth|acceptJson|asJson|asForm|timeout|retry|baseUrl|withOptions|pool)\s*\(/,
  },
  {
    library: 'Guzzle',
    kind: 'http',
    languages: ['php'],
    re: /\bnew\s+(?:\\?GuzzleHttp\\)?Client\s*\(/,
    requires: /GuzzleHttp/,
  },
  {
    library: 'Symfony HttpClient',
    kind: 'http',
    languages: ['php'],
    // The client a service holds (`$this->client`) or is handed (`HttpClientInterface $client`), called with a verb or
    // with its arguments on the following lines.
    re: /\bHttpClient::create(?:ForBaseUri)?\s*\(|\$(?:this\s*->\s*)?(?:\w*[cC]lient|https?\w*)\s*->\s*request\s*\((?:\s*['"](?:GET|POST|PUT|PATCH|DELETE)['"]|\s*$)/,
    requires: /Symfony\\Contracts\\HttpClient|Symfony\\Component\\HttpClient/,
  },
  { library: 'curl', kind: 'http', languages: ['php'], re: /\bcurl_exec\s*\(/ },
  // Elixir
  {
    library: 'Req',
    kind: 'http',
    languages: ['elixir'],
    re: /\bReq\.(?:get|post|put|patch|delete|head|request|run|new)!?\s*\(/,
    builtinRetry: true,
  },
  {
    library: 'Tesla',
    kind: 'http',
    languages: ['elixir'],
    re: /^\s*use\s+Tesla\b|\bTesla\.(?:client|get|post|put|patch|delete|request)!?\s*\(/,
  },
  {
    library: 'HTTPoison',
    kind: 'http',
    languages: ['elixir'],
    re: /\bHTTPoison\.(?:get|post|put|patch|delete|request)!?\s*\(|^\s*use\s+HTTPoison\.Base\b/,
  },
  { library: 'Finch', kind: 'http', languages: ['elixir'], re: /\bFinch\.(?:build|request|stream)!?\s*\(/ },
  { library: 'hackney', kind: 'http', languages: ['elixir'], re: HACKNEY_CALL },
  { library: 'Mint', kind: 'http', languages: ['elixir'], re: /\bMint\.HTTP\.connect\s*\(/ },
  // ReqLLM calls the LLM providers' APIs (OpenAI, Anthropic …) over Req; it retries transport errors at once, without
  // backoff.
  { library: 'ReqLLM', kind: 'sdk', languages: ['elixir'], re: REQ_LLM_CALL },
  { library: ':httpc', kind: 'http', languages: ['elixir'], re: /:httpc\.request\s*\(/ },
];

/**
 * Code that is not the running service: build and release scripts, developer tooling, rake tasks, examples (an
 * `examples/` folder, or a known kind of example named before it: `client-examples/`), mock clients and helpers kept with the
 * project's assets (a screenshot generator beside the logo). Their HTTP calls are not the service's outbound calls.
 */
const NOT_SERVICE =
  /(^|\/)(scripts?|bin|dev|tools?|hack|rakelib|(?:(?:client|usage|code|api|sample)[-_])?examples?|samples?|demos?|bench(?:marks?)?|mocks?|__mocks__|fakes?|e2e|cypress|playwright|docs?|assets|\.github)\/|(^|\/)lib\/tasks\/|\.config\.[cm]?[jt]s$|^(setup|noxfile|fabfile|tasks|dodo)\.py$/;

/** Kotlin Multiplatform source sets that compile for devices and browsers (commonMain is shared with them). */
export const KMP_CLIENT_SOURCE_SET =
  /(?:^|\/)src\/(?:common|android|ios|apple|darwin|native|js|wasmJs|wasm|web|desktop|macos\w*|mingw\w*|linux\w*|tvos|watchos)Main\//;

/**
 * An Elixir module under `lib/` (or an umbrella app's `apps/<app>/lib/`): Mix compiles only the application's code
 * there, so folders named like helper folders (`lib/lti_13/tool/services/`, `lib/app/dev/`) are namespaces, not
 * scripts; Mix tasks (`lib/mix/tasks/`) are commands.
 */
function elixirAppModule(path: string, language: string | undefined): boolean {
  return language === 'elixir' && /^(?:apps\/[^/]+\/)?lib\//.test(path) && !/(^|\/)lib\/mix\/tasks\//.test(path);
}

/**
 * Files that run in a browser rather than the server: their HTTP calls are not the service's outbound calls. Rails
 * keeps its browser code (importmap, jsbundling, Stimulus controllers) in app/javascript/.
 */
export const BROWSER_FILE =
  /\.(?:tsx|jsx|vue|svelte)$|(?:^|\/)(?:public|static|wwwroot|components|client|frontend|web|ui|webapp|src-ui|themes?|assets|service-?workers?)\/|(?:^|\/)(?:sw|service-?worker)\.[cm]?[jt]s$|(?:^|\/)app\/javascript\/|(?:^|\/)(?:js|javascripts)\//;
/** Modules that import browser-only state and data-fetching libraries (React Query, zustand, SWR, Next's client router). */
const BROWSER_IMPORT =
  /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*)["'](?:react|react-dom|zustand|jotai|recoil|swr|vue|pinia|svelte\/store|react-redux|next\/navigation|next\/router|@tanstack\/(?:react|vue|svelte|solid)-query)["']/;
/**
 * Bundlers of single-page apps, and the server frameworks that make a package more than a browser bundle. A Vite
 * framework plugin (`@vitejs/plugin-vue`) names the bundler even when `vite` itself comes in through it.
 */
const SPA_BUNDLERS =
  /^(?:vite|react-scripts|@vue\/cli-service|@angular\/core|parcel|@sveltejs\/vite-plugin-svelte|@vitejs\/plugin-[\w-]+)$/;
const SERVER_PACKAGES =
  /^(?:express|fastify|koa|@hapi\/hapi|@nestjs\/core|next|nuxt|remix|@remix-run\/\w+|@sveltejs\/kit|hono|astro|@react-router\/node|h3|nitropack|@trpc\/server|sails)$/;

/** Folders of packages that are browser bundles only: a SPA bundler and no server framework in their package.json. */
export function browserPackages(repo: RepoIndex): string[] {
  const out: string[] = [];
  for (const f of repo.byName(/^package\.json$/)) {
    const pkg = repo.json(f.path) as { dependencies?: object; devDependencies?: object } | undefined;
    if (!pkg || typeof pkg !== 'object') continue;
    const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
    const staticKit = svelteKitStaticOnly(names);
    const server = names.filter((n) => SERVER_PACKAGES.test(n) && !(staticKit && n === '@sveltejs/kit'));
    if (names.some((n) => SPA_BUNDLERS.test(n)) && !server.length) {
      const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/') + 1) : '';
      out.push(dir);
    }
  }
  return out;
}

/** Server-side entry files of full-stack frameworks (Next.js route handlers, API routes, middleware). */
const SERVER_ENTRY =
  /(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]s$|(?:^|\/)pages\/api\/|(?:^|\/)(?:middleware|instrumentation)\.[cm]?[jt]s$|(?:^|\/)(?:server|api|backend)\//;
/** The framework entries among them (route handlers, API routes, middleware), whatever folder holds them. */
const FRAMEWORK_ENTRY =
  /(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]s$|(?:^|\/)pages\/api\/|(?:^|\/)(?:middleware|instrumentation)\.[cm]?[jt]s$/;
/** A command-line program's file (cli.js, cli/index.ts, bin/…) and the argument parsers such programs import. */
const CLI_FILE = /(?:^|\/)(?:cli|bin)(?:\.[cm]?[jt]s$|\/)/;
const ARGV_PARSER =
  /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(?\s*)["'](?:meow|commander|yargs|cac|citty|clipanion|sade|mri|minimist|arg|@oclif\/core|node:util)["']/;
/** An api/ folder inside a browser app's folder (client/api/account.js): the front end's calls to its back end. */
const BROWSER_API = /(?:^|\/)(?:client|frontend|webapp|src-ui)\/(?:[\w.-]+\/)*api\//;

/** Files run on the server: server entries, 'use server' modules, and what they import (transitively). */
function serverFiles(repo: RepoIndex, imports?: ImportFacts, spa: string[] = []): Set<string> {
  const out = new Set<string>();
  if (!imports) return out;
  // A single-page app's own api/ folder (frontend/src/api/index.js) is its client for the back end, not a server entry.
  const queue = repo
    .select({ languages: JS, kinds: ['source'] })
    .filter(
      (f) =>
        (SERVER_ENTRY.test(f.path) &&
          !spa.some((dir) => f.path.startsWith(dir)) &&
          (FRAMEWORK_ENTRY.test(f.path) || !BROWSER_API.test(f.path) || /(?:^|\/)(?:server|backend)\//.test(f.path))) ||
        /^\s*["']use server["']/m.test(repo.read(f.path) ?? ''),
    )
    .map((f) => f.path);
  while (queue.length) {
    const p = queue.shift()!;
    if (out.has(p)) continue;
    out.add(p);
    for (const ref of imports.byFile.get(p) ?? []) {
      const local = ref.local ?? conventionalAlias(repo, p, ref.module);
      if (local && !out.has(local)) queue.push(local);
    }
  }
  return out;
}

/** `facts` is passed by Facts.derive; with it, browser-looking files that server entries import count as server code. */
export function detectOutbound(
  repo: RepoIndex,
  facts?: {
    imports: ImportFacts;
    rust?: { moduleOf(file: string): { testOnly: boolean } | undefined };
    liveness?: { resolved: boolean; isLive(path: string): boolean; isProductionPath(path: string): boolean };
  },
): OutboundFacts {
  const spa = browserPackages(repo);
  const server = serverFiles(repo, facts?.imports, spa);
  const browserSide = (p: string, text: string): boolean =>
    BROWSER_FILE.test(p) ||
    /^\s*["']use client["']/m.test(text) ||
    BROWSER_IMPORT.test(text) ||
    spa.some((dir) => p.startsWith(dir));
  const calls: OutboundCall[] = [];
  const languages = [...new Set(SIGNALS.flatMap((s) => s.languages))];
  // One combined pattern per language: most files of a large repository make no outbound call and are skipped at once.
  const prefilter = new Map<string, RegExp>();
  for (const lang of languages) {
    prefilter.set(
      lang,
      new RegExp(
        SIGNALS.filter((s) => s.languages.includes(lang))
          .map((s) => `(?:${s.re.source})`)
          .join('|'),
        'm',
      ),
    );
  }
  const multiline = new Map(SIGNALS.map((s) => [s, new RegExp(s.re.source, `${s.re.flags.replace(/[gm]/g, '')}gm`)]));
  // The first call in code: a call's name written inside a string or a comment (a debug line that prints
  // `>>> requests.request(…)`) is no call.
  const firstInCode = (re: RegExp, path: string, text: string): RegExpExecArray | undefined => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const spans = fileMask(repo, path);
      if (!spans || !inMask(spans.all, m.index)) return m;
      if (m[0].length === 0) re.lastIndex++;
    }
    return undefined;
  };
  for (const f of repo.select({ kinds: ['source'], languages })) {
    const text = repo.read(f.path);
    // Whether the file can hold a call, and each signal's first call in it: found once per repository file, whichever
    // component's view asks (functions of the text and the language, which every view shares).
    if (
      text === undefined ||
      !repo.fileMemo(`outbound:any:${f.language}`, f.path, () => prefilter.get(f.language!)!.test(text))
    )
      continue;
    // Asked for only past the path checks below, as the calls were searched before (browser files are not searched).
    const firsts = () =>
      repo.fileMemo(`outbound:calls:${f.language}`, f.path, () =>
        SIGNALS.map((s) => {
          if (!s.languages.includes(f.language!) || (s.requires && !s.requires.test(text))) return undefined;
          const m = firstInCode(multiline.get(s)!, f.path, text);
          if (!m) return undefined;
          const line = repo.lineAt(f.path, m.index);
          return { line, text: repo.lineText(f.path, line) ?? '' };
        }),
      );
    for (const [i, s] of SIGNALS.entries()) {
      if (!s.languages.includes(f.language!)) continue;
      // JVM package directories (com/example/orders) are not example folders.
      if (
        NOT_SERVICE.test(f.path.replace(/(^|\/)src\/main\/(?:java|kotlin|scala|groovy)\/.*$/, '$1Main.java')) &&
        !elixirAppModule(f.path, f.language)
      )
        continue;
      // Browser code calls its own back end (or third parties from the user's browser), not the service's outbound calls.
      if (JS.includes(f.language!) && !server.has(f.path) && browserSide(f.path, text)) continue;
      // A command-line client shipped beside the server (cli.js parsing its arguments with meow or commander) calls the
      // service from the user's machine.
      if (JS.includes(f.language!) && !server.has(f.path) && CLI_FILE.test(f.path) && ARGV_PARSER.test(text)) continue;
      // Kotlin Multiplatform client source sets (the mobile, desktop and browser apps beside a Ktor back end) call the
      // back end from the user's device: not the service's outbound calls.
      if (KMP_CLIENT_SOURCE_SET.test(f.path)) continue;
      // A Rust module compiled only for tests (`#[cfg(test)] mod test_helpers;`, a reqwest client driving the server).
      if (f.language === 'rust' && facts?.rust?.moduleOf(f.path)?.testOnly) continue;
      // cargo, go and sbt build the service from its own crate, package or module and what it imports: code the service
      // never reaches (a test-support client, a load generator, a client library of the service published from a module
      // beside it) is not the service calling out.
      if (LIVENESS_SCOPED.includes(f.language!) && facts?.liveness?.resolved && !facts.liveness.isLive(f.path))
        continue;
      // Go code generated beside the service's own (grpc-gateway's `.pb.gw.go`, whose `…HandlerFromEndpoint` dials
      // whether or not the service calls it; mocks): the service's dial is its call of the generated function.
      if (f.language === 'go' && facts?.liveness && !facts.liveness.isProductionPath(f.path)) continue;
      const first = firsts()[i];
      if (!first) continue;
      calls.push({
        library: s.library,
        kind: s.kind,
        file: f.path,
        line: first.line,
        text: first.text,
        ...(s.builtinRetry && !s.noRetry?.test(text) ? { builtinRetry: true } : {}),
      });
    }
  }
  calls.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { calls, any: calls.length > 0, libraries: [...new Set(calls.map((c) => c.library))] };
}

/** An outbound call that opens the headers object a hit sits in (fetch/axios/got/ky, a `headers:` literal). */
// `fetch(` on a receiver other than the global object is a lookup (Ruby `ENV.fetch("X")`, `Hash#fetch`), not a request.
const OUTBOUND_CALL =
  /\b(?:(?:(?<!\.)|(?<=\b(?:window|globalThis|self)\.))fetch|\$fetch|ofetch|axios(?:\.\w+)?|got(?:\.\w+)?|ky(?:\.\w+)?|superagent|request)\s*\(/;
/** A response the code builds or writes, where a CORS header would be a policy. */
const RESPONSE_BUILT =
  /\bnew\s+Response\s*\(|\bResponse\.json\s*\(|\bNextResponse\b|\bsetHeader\s*\(|\.header\s*\(|\bres\.(?:set|header|writeHead)\b|\bheaders\.(?:set|append)\s*\(/;

/**
 * A header written into the headers of a request the code sends (`fetch(url, { headers: { 'Access-Control-Allow-
 * Origin': '*' } })`): it goes to the other service and is not a CORS policy of this one.
 */
export function headerOfOutboundRequest(repo: RepoIndex, hit: { path: string; line: number }): boolean {
  const lines = repo.lines(hit.path).slice(Math.max(0, hit.line - 9), hit.line);
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (RESPONSE_BUILT.test(l)) return false;
    if (OUTBOUND_CALL.test(l)) return true;
  }
  return false;
}
