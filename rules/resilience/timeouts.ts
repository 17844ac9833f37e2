import { defineRule } from '../../src/sdk/index.js';

const EXPLICIT = new Set(['call', 'client', 'global', 'context']);
const MAX_LISTED = 10;

const list = (xs: string[]): string => [...new Set(xs)].join(', ');

export default defineRule({
  meta: {
    id: 'resilience.timeouts',
    category: 'resilience',
    title: 'Every outbound call has a timeout',
    severity: 'high',
    level: 2,
    scope: 'component',
    requires: ['own-outbound-calls'],
    docs: {
      why: 'A call without a timeout waits as long as the other side lets it: one slow dependency then holds every worker thread, connection and request queued behind it, and the service stops answering even its health checks. Timeouts turn a hung dependency into a fast, handled error.',
      how: 'Reads every outbound HTTP/RPC call site in production code (the clients of the outbound fact, plus reqwest, .NET HttpClient, Guzzle, the Laravel HTTP client, HTTPoison, Finch, Tesla, Req and Erlang’s :httpc; in Python also the callers of the project’s own HTTP helper module, whose functions take timeout=None and hand it on to the client: a caller without timeout= is unbounded, a gap read this way is low confidence; and the calls of the GitHub clients quarkus-github-app injects, built on a java.net.http connector without a request timeout, a gap read from that default is low confidence) and decides what bounds it: a timeout on the call (requests/httpx timeout=, axios/got { timeout }, fetch with an AbortSignal, superagent/http.rb .timeout()), on the client, session or agent it goes through (axios.create({ timeout }), http.Client{Timeout}, a later client.Timeout = ..., RestTemplateBuilder/RestClient request factories, WebClient responseTimeout, OkHttp/Faraday/HTTParty settings, a requests HTTPAdapter that sets a default timeout), a process-wide default (axios.defaults.timeout, socket.setdefaulttimeout, spring.http.client.read-timeout), a Go request context with a deadline, or the library default. Defaults are stated: some libraries bound calls on their own (httpx 5 s, ky 10 s, OkHttp 10 s, Feign 60 s, Net::HTTP/Faraday/HTTParty/Excon 60 s, stripe-ruby 80 s reads (Stripe.read_timeout sets it), the geocoder gem 3 s (Geocoder.configure(timeout:)), aiohttp 300 s, .NET HttpClient 100 s, the OpenAI and Anthropic SDKs 600 s, botocore 60 s, the AWS SDK for .NET and Azure’s .NET clients 100 s, the AWS SDK for Java 2.x 30 s reads, azure-core in Python 300 s, Google Cloud’s .NET clients per method), others wait forever (requests, urllib, urllib3, axios, got, fetch and undici beyond their 300 s stall limits, Go’s default client and a bare http.Client, the AWS and Azure SDKs for Go without a context deadline in the file, resty, RestTemplate, WebClient, java.net.http, Apache HttpClient, http.rb, reqwest, Guzzle, :httpc). A gap lists the live calls with no timeout whose library waits forever. Options passed through a variable or **kwargs, and gRPC stubs whose deadlines are not followed, make a low-confidence pass; so do calls bounded only by library defaults, all of them or some beside explicit timeouts. Calls in scripts, examples and code the service does not load are not judged. n/a without outbound calls, and for a library: the calls it makes are its product, and the application that uses it sets their timeouts.',
      fix: [
        'Python: pass timeout= on every requests call (requests.get(url, timeout=(3.05, 10))) or mount an HTTPAdapter that sets a default; for httpx and aiohttp set the client timeout explicitly (httpx.Client(timeout=10), ClientSession(timeout=ClientTimeout(total=10))).',
        'Node: axios.create({ timeout: 10_000 }) (or axios.defaults.timeout), got/ky { timeout }, fetch(url, { signal: AbortSignal.timeout(10_000) }).',
        'Go: use an http.Client{Timeout: 10 * time.Second} instead of http.Get / http.DefaultClient, or build requests with http.NewRequestWithContext and a context.WithTimeout.',
        'Java/Kotlin: RestTemplateBuilder.setConnectTimeout/setReadTimeout (or spring.http.client.connect-timeout/read-timeout), WebClient with HttpClient.create().responseTimeout(...), HttpRequest.newBuilder().timeout(...), OkHttp callTimeout.',
        'Ruby: Faraday.new(request: { timeout: 5, open_timeout: 2 }), HTTP.timeout(5) for http.rb, Net::HTTP read_timeout/open_timeout.',
        'Rust: reqwest::Client::builder().timeout(...).',
        "PHP: Guzzle new Client(['timeout' => 5]).",
        'Elixir: Req.new(receive_timeout: 10_000), Finch request receive_timeout:, HTTPoison recv_timeout:, or :httpc.request(:get, {url, headers}, [timeout: 10_000, connect_timeout: 3_000], []).',
        '.NET: HttpClient.Timeout or a resilience handler.',
        'Pick the timeout from the dependency’s latency budget (p99 plus margin), not the library default, and set it on the shared client so new calls inherit it.',
      ],
      effort: 'S',
      links: ['https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/'],
    },
    messages: {
      bounded: 'Every outbound call has a timeout ({{how}}).',
      defaults:
        'Outbound calls rely on library default timeouts ({{defaults}}): bounded, but by values nobody chose for these dependencies.',
      partial:
        '{{bounded}} of {{total}} outbound call sites have a timeout; {{unknown}} pass options the scan could not follow ({{libs}}).',
      none: '{{count}} of {{total}} outbound call sites have no timeout and their client waits forever by default ({{libs}}).',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['timeout', 'timeouts', 'request timeouts', 'client timeouts'],
  },
  check(ctx) {
    const t = ctx.facts.timeouts;
    if (!t.any) return ctx.na('no outbound HTTP/RPC calls in production code (database drivers do not count)');
    const live = t.sites.filter((s) => s.live);
    if (!live.length)
      return ctx.na(
        `outbound calls only in scripts, examples or code the service does not load (${list(t.sites.map((s) => s.file)).slice(0, 200)})`,
      );
    const none = live.filter((s) => s.bound === 'none');
    const unknown = live.filter((s) => s.bound === 'unknown');
    const defaults = live.filter((s) => s.bound === 'default');
    const explicit = live.filter((s) => EXPLICIT.has(s.bound));
    const siteEv = (s: (typeof live)[number], what = s.note) => ctx.at(s.file, s.line, `${s.library}: ${what}`);
    const configEv = (s: (typeof live)[number]) =>
      s.config ? ctx.at(s.config.file, s.config.line, `${s.library}: ${s.note}`) : siteEv(s);
    if (none.length) {
      return ctx.gap(
        'none',
        [
          ...none.slice(0, MAX_LISTED).map((s) => siteEv(s, `no timeout — ${s.note}`)),
          ...(none.length > MAX_LISTED
            ? [ctx.missing([`${none.length - MAX_LISTED} more call sites`], 'also without a timeout')]
            : []),
        ],
        {
          data: {
            count: none.length,
            total: live.length,
            libs: list(none.map((s) => s.library)),
          },
          size: { count: none.length, unit: 'call site', files: new Set(none.map((s) => s.file)).size },
          // Read through the project's own helper (its timeout parameter defaulting to None), or from the default of
          // a client an extension builds: a weaker reading.
          ...(none.every((s) => s.via || s.builtByExtension) ? { confidence: 'low' as const } : {}),
        },
      );
    }
    if (unknown.length) {
      return ctx.pass([...unknown.slice(0, 5).map((s) => siteEv(s)), ...explicit.slice(0, 3).map(configEv)], {
        messageId: 'partial',
        confidence: 'low',
        data: {
          bounded: explicit.length + defaults.length,
          total: live.length,
          unknown: unknown.length,
          libs: list(unknown.map((s) => s.library)),
        },
      });
    }
    if (!explicit.length) {
      return ctx.pass(
        defaults.slice(0, 5).map((s) => siteEv(s, `no timeout set — ${s.note}`)),
        { messageId: 'defaults', confidence: 'low', data: { defaults: list(defaults.map((s) => s.note)) } },
      );
    }
    return ctx.pass([...explicit.slice(0, 5).map(configEv), ...defaults.slice(0, 2).map((s) => siteEv(s))], {
      messageId: 'bounded',
      // Some calls are bounded only by their library's default: for those the evidence is a default, not a choice.
      ...(defaults.length ? { confidence: 'low' as const } : {}),
      data: {
        how: list([
          ...explicit.map((s) => `${s.library}: ${s.note}`),
          ...defaults.map((s) => `${s.library}: ${s.note}`),
        ]).slice(0, 300),
      },
    });
  },
});
