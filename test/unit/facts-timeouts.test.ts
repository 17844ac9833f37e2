import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const timeouts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).timeouts;
const bounds = (files: Record<string, string>) =>
  timeouts(files).sites.map((s) => `${s.file}:${s.line} ${s.library} ${s.bound}`);

describe('facts: timeouts', () => {
  it('bounds cloud SDK clients by their defaults, a timeout set on them, or a Go context deadline', () => {
    expect(
      bounds({
        'Blobs.cs':
          'using Azure.Storage.Blobs;\nclass B {\n  BlobServiceClient a = new BlobServiceClient(u, c, new BlobClientOptions { Retry = { NetworkTimeout = TimeSpan.FromSeconds(20) } });\n  BlobServiceClient b = new BlobServiceClient(u);\n}\n',
        'store/s3.go':
          'package store\nimport "github.com/aws/aws-sdk-go-v2/service/s3"\nvar c = s3.NewFromConfig(cfg)\n',
        'store/get.go':
          'package store\nimport "github.com/aws/aws-sdk-go-v2/service/s3"\nfunc Get() { ctx, cancel := context.WithTimeout(context.Background(), time.Second); defer cancel(); s3.NewFromConfig(cfg).GetObject(ctx, in) }\n',
      }),
    ).toEqual([
      'Blobs.cs:3 Azure SDK for .NET client',
      'Blobs.cs:4 Azure SDK for .NET default',
      'store/get.go:3 AWS SDK for Go v2 context',
      'store/s3.go:3 AWS SDK for Go v2 none',
    ]);
  });

  it('judges every requests call, not just the first of the file', () => {
    const t = timeouts({
      'app/rates.py':
        'import requests\n\n\ndef rate():\n    return requests.get("https://rates/eur", timeout=3).json()\n\n\ndef push(x):\n    requests.post(\n        "https://hooks/x",\n        json=x,\n    )\n',
    });
    expect(t.sites.map((s) => [s.line, s.bound])).toEqual([
      [5, 'call'],
      [9, 'none'],
    ]);
    expect(t.unbounded[0]?.note).toMatch(/no default timeout/);
  });

  it('treats timeout=None as no timeout and **kwargs as unknown', () => {
    expect(
      bounds({
        'app/c.py':
          'import requests\n\ndef a(u):\n    return requests.get(u, timeout=None)\n\ndef b(u, **kw):\n    return requests.request("GET", u, **kw)\n',
      }),
    ).toEqual(['app/c.py:4 requests none', 'app/c.py:7 requests unknown']);
  });

  it('follows the calls made on a requests session, and credits a timeout adapter', () => {
    expect(
      bounds({
        'app/s.py':
          'import requests\n\nsession = requests.Session()\n\ndef a():\n    return session.get("https://x/a")\n\ndef b():\n    return session.get("https://x/b", timeout=2)\n',
      }),
    ).toEqual(['app/s.py:6 requests none', 'app/s.py:9 requests call']);
    const adapter = timeouts({
      'app/s.py':
        'import requests\nfrom requests.adapters import HTTPAdapter\n\nclass TimeoutAdapter(HTTPAdapter):\n    def send(self, request, **kwargs):\n        kwargs.setdefault("timeout", 5)\n        return super().send(request, **kwargs)\n\nsession = requests.Session()\nsession.mount("https://", TimeoutAdapter())\n\ndef a():\n    return session.get("https://x/a")\n',
    });
    expect(adapter.sites.map((s) => s.bound)).toEqual(['client']);
    expect(adapter.unbounded).toEqual([]);
  });

  it('states the default of libraries that bound calls on their own', () => {
    const t = timeouts({
      'app/h.py': 'import httpx\n\nclient = httpx.AsyncClient(base_url="https://pay")\n',
      'app/llm.py': 'from openai import OpenAI\n\nclient = OpenAI()\n',
    });
    expect(t.sites.map((s) => [s.library, s.bound, s.note])).toEqual([
      ['httpx', 'default', expect.stringMatching(/5 s/)],
      ['openai', 'default', expect.stringMatching(/600 s/)],
    ]);
  });

  it('reads axios per-call options by position, instances and global defaults', () => {
    const files = {
      'src/api.ts':
        "import axios from 'axios';\n\nexport const a = () => axios.get('https://x/a', { timeout: 2000 });\nexport const b = (d: unknown) => axios.post('https://x/b', d);\nexport const c = (cfg: object) => axios.get('https://x/c', cfg);\nexport const client = axios.create({ baseURL: 'https://x' });\n",
    };
    expect(bounds(files)).toEqual([
      'src/api.ts:3 axios call',
      'src/api.ts:4 axios none',
      'src/api.ts:5 axios unknown',
      'src/api.ts:6 axios none',
    ]);
    const withDefaults = bounds({
      ...files,
      'src/main.ts': "import axios from 'axios';\nimport './api';\naxios.defaults.timeout = 5000;\n",
    });
    expect(withDefaults.filter((s) => s.endsWith('global'))).toHaveLength(3);
  });

  it('needs an AbortSignal for fetch', () => {
    expect(
      bounds({
        'src/server.ts':
          "export const a = () => fetch(`${process.env.API_URL}/a`, { signal: AbortSignal.timeout(3000) });\nexport const b = () => fetch(`${process.env.API_URL}/b`, { method: 'POST' });\n",
      }),
    ).toEqual(['src/server.ts:1 fetch call', 'src/server.ts:2 fetch none']);
  });

  it('tells Go default-client calls from clients with a Timeout, set in the literal or later', () => {
    expect(
      bounds({
        'main.go':
          'package main\n\nimport (\n\t"net/http"\n\t"time"\n)\n\nvar api = &http.Client{Timeout: 5 * time.Second}\n\nfunc main() {\n\tc := &http.Client{}\n\tc.Timeout = 3 * time.Second\n\thttp.Get("https://example.com")\n\tapi.Get("https://example.com")\n\tc.Get("https://example.com")\n}\n',
      }),
    ).toEqual(['main.go:8 net/http client', 'main.go:11 net/http client', 'main.go:13 net/http none']);
  });

  it('judges a go-retryablehttp client by the http.Client it is given after construction', () => {
    const file = (swap: string) =>
      `package hooks\n\nimport (\n\t"net/http"\n\t"time"\n\n\t"github.com/hashicorp/go-retryablehttp"\n)\n\nfunc New(base *http.Client) *retryablehttp.Client {\n\trc := retryablehttp.NewClient()\n${swap}\treturn rc\n}\n`;
    const judged = (swap: string) =>
      timeouts({ 'hooks/client.go': file(swap) })
        .sites.filter((s) => s.library === 'go-retryablehttp')
        .map((s) => `${s.line} ${s.bound}${s.config ? ` @${s.config.line}` : ''}`);
    expect(judged('\trc.HTTPClient = &http.Client{Timeout: 10 * time.Second}\n')).toEqual(['11 client @12']);
    expect(judged('\trc.HTTPClient = base\n')).toEqual(['11 unknown @12']);
    expect(judged('')).toEqual(['11 none']);
  });

  it('credits Go request contexts with a deadline for clients without Timeout', () => {
    const t = timeouts({
      'main.go':
        'package main\n\nimport (\n\t"context"\n\t"net/http"\n\t"time"\n)\n\nvar c = &http.Client{}\n\nfunc main() {\n\tctx, cancel := context.WithTimeout(context.Background(), time.Second)\n\tdefer cancel()\n\treq, _ := http.NewRequestWithContext(ctx, "GET", "https://x", nil)\n\tc.Do(req)\n}\n',
    });
    expect(t.sites.map((s) => s.bound)).toEqual(['context']);
  });

  it('reads Spring RestTemplate and WebClient settings, files and properties', () => {
    expect(
      bounds({
        'src/main/java/a/Cfg.java':
          'package a;\nclass Cfg {\n  RestTemplate rt() { return new RestTemplate(); }\n  WebClient wc() { return WebClient.builder().baseUrl("https://x").build(); }\n}\n',
      }),
    ).toEqual(['src/main/java/a/Cfg.java:3 RestTemplate none', 'src/main/java/a/Cfg.java:4 WebClient none']);
    expect(
      bounds({
        'src/main/java/a/Cfg.java':
          'package a;\nclass Cfg {\n  RestTemplate rt(RestTemplateBuilder b) {\n    return b.setConnectTimeout(Duration.ofSeconds(2)).setReadTimeout(Duration.ofSeconds(5)).build();\n  }\n}\n',
      }),
    ).toEqual(['src/main/java/a/Cfg.java:3 RestTemplate client']);
    expect(
      bounds({
        'src/main/java/a/Cfg.java': 'package a;\nclass Cfg {\n  RestTemplate rt() { return new RestTemplate(); }\n}\n',
        'src/main/resources/application.properties': 'spring.http.client.read-timeout=5s\n',
      }),
    ).toEqual(['src/main/java/a/Cfg.java:3 RestTemplate global']);
  });

  it("reads a Kotlin constructor's injected builder as a client site, bounded by the chain built on it", () => {
    expect(
      bounds({
        'src/main/kotlin/a/Clients.kt': [
          'package a',
          'class Slow(builder: WebClient.Builder) {',
          '    private val c = builder.baseUrl("https://x").build()',
          '}',
          'class Timed(private val rest: RestClient.Builder) {',
          '    private val c = rest.requestFactory(JdkClientHttpRequestFactory().apply { setReadTimeout(Duration.ofSeconds(2)) }).build()',
          '}',
          '',
        ].join('\n'),
      }),
    ).toEqual(['src/main/kotlin/a/Clients.kt:2 WebClient none', 'src/main/kotlin/a/Clients.kt:5 RestClient client']);
  });

  it('ties a JVM client to the factory or builder it is built with, not to any timeout in its file', () => {
    // Two builder parameters in one file: only the one whose chain sets timeouts is bounded.
    expect(
      bounds({
        'src/main/java/a/Cfg.java':
          'package a;\nclass Cfg {\n  RestTemplate slow(RestTemplateBuilder b) {\n    return b.setReadTimeout(Duration.ofSeconds(5)).build();\n  }\n  RestTemplate fast(RestTemplateBuilder builder) {\n    return builder.rootUri("https://x").build();\n  }\n}\n',
      }),
    ).toEqual(['src/main/java/a/Cfg.java:3 RestTemplate client', 'src/main/java/a/Cfg.java:6 RestTemplate none']);
    // RestClient: a factory defined in the file is followed; one injected from elsewhere cannot be read.
    expect(
      bounds({
        'src/main/java/a/Cfg.java':
          'package a;\nclass Cfg {\n  RestClient a() { return RestClient.builder().requestFactory(timed()).build(); }\n  RestClient b() { return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory()).build(); }\n  RestClient c(ClientHttpRequestFactory shared) { return RestClient.builder().requestFactory(shared).build(); }\n  private JdkClientHttpRequestFactory timed() {\n    var f = new JdkClientHttpRequestFactory();\n    f.setReadTimeout(Duration.ofSeconds(3));\n    return f;\n  }\n}\n',
      }),
    ).toEqual([
      'src/main/java/a/Cfg.java:3 RestClient client',
      'src/main/java/a/Cfg.java:4 RestClient none',
      'src/main/java/a/Cfg.java:5 RestClient client',
    ]);
  });

  it('knows the Ruby clients bounded by Net::HTTP defaults and http.rb, which is not', () => {
    const t = timeouts({
      'app/services/a.rb':
        'class A\n  def call\n    Faraday.new(url: "https://x")\n    HTTP.get("https://y")\n    HTTP.timeout(3).get("https://z")\n  end\nend\n',
    });
    expect(t.sites.map((s) => `${s.line} ${s.library} ${s.bound}`)).toEqual([
      '3 Faraday default',
      '4 http.rb none',
      '5 http.rb call',
    ]);
  });

  it('finds reqwest, .NET HttpClient and Guzzle clients directly', () => {
    expect(
      bounds({
        'src/main.rs':
          'fn main() {\n    let a = reqwest::Client::new();\n    let b = reqwest::Client::builder().timeout(std::time::Duration::from_secs(5)).build();\n}\n',
        'Api/Client.cs': 'class C { HttpClient h = new HttpClient(); }\n',
        'src/Pay.php': "<?php\nuse GuzzleHttp\\Client;\n$c = new Client(['base_uri' => 'https://x']);\n",
      }),
    ).toEqual([
      'Api/Client.cs:1 HttpClient (.NET) default',
      'src/main.rs:2 reqwest none',
      'src/main.rs:3 reqwest client',
      'src/Pay.php:3 Guzzle none',
    ]);
  });

  it("reads Refit's clients as HttpClient sites: the 100 s default, or a Timeout set in the registration's chain", () => {
    const files = {
      'Web/Program.cs':
        'using Refit;\nbuilder.Services.AddRefitClient<IShelfApi>()\n    .ConfigureHttpClient(c => c.BaseAddress = new Uri(url));\nbuilder.Services.AddRefitClient<IPayApi>()\n    .ConfigureHttpClient(c => { c.BaseAddress = new Uri(url); c.Timeout = TimeSpan.FromSeconds(5); });\n',
      'Web/Tool.cs': 'using Refit;\nclass T { IShelfApi api = RestService.For<IShelfApi>("https://shelf"); }\n',
    };
    expect(bounds(files)).toEqual([
      'Web/Program.cs:2 Refit default',
      'Web/Program.cs:4 Refit client',
      'Web/Tool.cs:2 Refit default',
    ]);
    // Refit's clients in a test project are none of the service's.
    expect(
      bounds({
        'test/Web.Tests/Fakes.cs': 'using Refit;\nvar api = RestService.For<IShelfApi>("http://localhost");\n',
      }),
    ).toEqual([]);
  });

  it("reads YARP's proxy and forwarder as sites bounded by ActivityTimeout: its 100 s default, or a cluster's setting", () => {
    const program =
      'var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddReverseProxy()\n    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));\nvar app = builder.Build();\napp.MapReverseProxy();\n';
    expect(bounds({ 'Edge/Program.cs': program })).toEqual(['Edge/Program.cs:2 YARP default']);
    expect(
      bounds({
        'Edge/Program.cs': program,
        'Edge/appsettings.json':
          '{ "ReverseProxy": { "Clusters": { "a": { "HttpRequest": { "ActivityTimeout": "00:00:20" } } } } }\n',
      }),
    ).toEqual(['Edge/Program.cs:2 YARP global']);
    // The direct forwarder with a request config of its own.
    expect(
      bounds({
        'Edge/Program.cs':
          'builder.Services.AddHttpForwarder();\nvar config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(30) };\n',
      }),
    ).toEqual(['Edge/Program.cs:1 YARP client']);
  });

  it("reads hyper's client, also named through the file's import, as unbounded unless a tokio deadline wraps its requests", () => {
    const client =
      'use hyper::{client, Body, Client, Request};\nstatic C: Lazy<Client<HttpConnector>> = Lazy::new(|| client::Client::builder().build_http());\n';
    expect(
      bounds({ 'src/fetch.rs': `${client}pub async fn get(r: Request<Body>) { C.clone().request(r).await; }\n` }),
    ).toEqual(['src/fetch.rs:2 hyper client none']);
    expect(
      bounds({
        'src/fetch.rs': `${client}pub async fn get(r: Request<Body>) { tokio::time::timeout(D, C.clone().request(r)).await; }\n`,
      }),
    ).toEqual(['src/fetch.rs:2 hyper client call']);
    // reqwest's Client in a file that does not import hyper's is reqwest's.
    expect(bounds({ 'src/fetch.rs': 'use reqwest::Client;\nfn f() { let c = Client::builder().build(); }\n' })).toEqual(
      ['src/fetch.rs:2 reqwest none'],
    );
  });

  it('bounds a reqwest client whose requests are awaited inside tokio::time::timeout, in place or by every caller', () => {
    const client = 'pub fn client() -> reqwest::Client {\n    reqwest::Client::builder().build().unwrap()\n}\n';
    const inPlace = timeouts({
      'src/feed.rs': `${client}pub async fn poll(c: &reqwest::Client) {\n    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), c.get("https://feed").send()).await;\n}\n`,
    }).sites;
    expect(inPlace.map((s) => [s.line, s.bound, s.config?.line])).toEqual([[2, 'call', 5]]);
    // A caller awaits fetch() with no deadline: the call waits as long as the server takes.
    const caller = (second: string) =>
      timeouts({
        'src/feed.rs': `${client}pub async fn fetch(c: &reqwest::Client) -> reqwest::Result<String> {\n    c.get("https://feed").send().await?.text().await\n}\n`,
        'src/main.rs': `use tokio::time::timeout;\nasync fn run(c: reqwest::Client) {\n    let _ = timeout(D, feed::fetch(&c)).await;\n    ${second}\n}\n`,
      }).sites.map((s) => s.bound);
    expect(caller('let _ = timeout(D, feed::fetch(&c)).await;')).toEqual(['call']);
    expect(caller('let _ = feed::fetch(&c).await;')).toEqual(['none']);
  });
  it('does not count calls in scripts or tests as the service’s', () => {
    const t = timeouts({
      'scripts/seed.py': 'import requests\nrequests.get("https://x")\n',
      'tests/test_a.py': 'import requests\nrequests.get("https://x")\n',
    });
    // Scripts are not the service: the outbound fact leaves them out, so they are no call site at all.
    expect(t.sites.map((s) => [s.file, s.live])).toEqual([]);
    expect(t.unbounded).toEqual([]);
  });
});

describe('facts: timeouts of Ruby vendor SDKs', () => {
  const rails = (extra: Record<string, string>) =>
    timeouts({
      Gemfile: 'source "https://rubygems.org"\ngem "rails"\ngem "stripe"\ngem "geocoder"\n',
      'config/application.rb':
        'require "rails/all"\nmodule Shop\n  class Application < Rails::Application\n  end\nend\n',
      'app/models/order.rb': [
        'class Order < ApplicationRecord',
        '  def pay!',
        '    Stripe::PaymentIntent.create(amount: total, currency: "eur")',
        '  end',
        '  def event(payload, sig)',
        '    Stripe::Webhook.construct_event(payload, sig, ENV["WEBHOOK_SECRET"])',
        '  end',
        '  def locate!',
        '    Geocoder.search(address).first',
        '  end',
        'end',
      ].join('\n'),
      ...extra,
    });

  it("reads Stripe's resource calls and geocoder lookups as calls bounded by their libraries' defaults", () => {
    const t = rails({});
    expect(t.sites.map((s) => [s.line, s.library, s.bound])).toEqual([
      [3, 'stripe (Ruby)', 'default'],
      [9, 'Geocoder', 'default'],
    ]);
  });

  it('takes the timeouts set where the application starts', () => {
    const t = rails({
      'config/initializers/stripe.rb': 'Stripe.read_timeout = 20\n',
      'config/initializers/geocoder.rb': 'Geocoder.configure(\n  lookup: :nominatim,\n  timeout: 2\n)\n',
    });
    expect(t.sites.map((s) => [s.library, s.bound])).toEqual([
      ['stripe (Ruby)', 'global'],
      ['Geocoder', 'global'],
    ]);
  });

  it("reads the geocoder gem's generated initializer line by line: a timeout set, not one left in a comment", () => {
    const initializer = (timeout: string) =>
      [
        'Geocoder.configure(',
        '  # Lookup options',
        '  lookup: :nominatim,          # which service answers (a symbol)',
        timeout,
        '  units: :km',
        ')',
        '',
      ].join('\n');
    const geocoder = (timeout: string) =>
      rails({ 'config/initializers/geocoder.rb': initializer(timeout) }).sites.find((s) => s.library === 'Geocoder');
    expect(geocoder('  timeout: 5,                  # seconds to wait (an integer)')).toMatchObject({
      bound: 'global',
    });
    expect(geocoder('  # timeout: 3,                # seconds to wait (an integer)')).toMatchObject({
      bound: 'default',
    });
  });
});

describe('facts: timeouts — tonic channels', () => {
  const crate = (body: string) => ({
    'Cargo.toml': '[package]\nname = "edge"\n[dependencies]\ntonic = "0.12"\n',
    'src/main.rs': `use tonic::transport::{Channel, Endpoint};\nasync fn run() {\n${body}\n}\nfn main() {}\n`,
  });

  it('bounds a channel by the endpoint timeout or a per-request deadline, and leaves a bare one unbounded', () => {
    expect(bounds(crate('    let c = Channel::builder(uri).connect().await;'))).toEqual([
      'src/main.rs:3 tonic client none',
    ]);
    expect(
      bounds(crate('    let c = Endpoint::from_static("http://b:1").timeout(Duration::from_secs(2)).connect().await;')),
    ).toEqual(['src/main.rs:3 tonic client client']);
    expect(
      bounds(crate('    let c = Channel::from_static("http://b:1").connect().await;\n    req.set_timeout(d);')),
    ).toEqual(['src/main.rs:3 tonic client call']);
  });
});
