import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RepoIndex } from '../../src/repo/index.js';
import { detectOutbound } from '../../src/facts/outbound.js';
import { Facts } from '../../src/facts/index.js';
import { FIXTURES } from '../helpers.js';

const of = (files: Record<string, string>) => detectOutbound(RepoIndex.fromMemory(files));

describe('facts: outbound calls', () => {
  it("reads Red Mail's senders (a subclass named after EmailSender too) as SMTP calls, not the class line naming its base", () => {
    const o = of({
      'mailer/send.py':
        'from redmail import EmailSender, gmail\n\n\nclass EmailSenderWithDefaults(EmailSender):\n    pass\n\n\nsender = EmailSenderWithDefaults(host="smtp.local", port=25)\n',
      'mailer/alerts.py': 'from redmail import gmail\n\ngmail.send(subject="hi", receivers=["a@b.c"])\n',
      'other/send.py': 'from mylib import EmailSender\n\nsender = EmailSender()\n',
    });
    expect(o.calls.map((c) => `${c.library} ${c.kind} ${c.file}:${c.line}`)).toEqual([
      'red-mail smtp mailer/alerts.py:3',
      'red-mail smtp mailer/send.py:8',
    ]);
  });

  it('finds cloud SDK clients in each stack, and no default retry where the file switches it off', () => {
    const o = of({
      'Keys/Wrapper.cs':
        'using Amazon.KeyManagementService;\nclass W { AmazonKeyManagementServiceClient k = new AmazonKeyManagementServiceClient(); }\n',
      'Keys/Store.cs':
        'using Azure.Security.KeyVault.Secrets;\nclass S { SecretClient c = new SecretClient(uri, cred); }\n',
      'Keys/Table.cs': 'using Amazon.DynamoDBv2;\nclass T { AmazonDynamoDBClient d = new AmazonDynamoDBClient(); }\n',
      'store/s3.go':
        'package store\nimport "github.com/aws/aws-sdk-go-v2/service/s3"\nfunc New() { _ = s3.NewFromConfig(cfg, func(o *s3.Options) { o.Retryer = aws.NopRetryer{} }) }\n',
      'src/main/java/a/Files.java':
        'package a;\nimport software.amazon.awssdk.services.s3.S3Client;\nclass Files { S3Client s3 = S3Client.builder().build(); }\n',
      'app/blobs.py':
        'from azure.storage.blob import BlobServiceClient\nsvc = BlobServiceClient(url, credential=cred)\n',
    });
    expect(o.calls.map((c) => [c.library, c.file, c.builtinRetry ?? false])).toEqual([
      ['Azure SDK for Python', 'app/blobs.py', true],
      ['Azure SDK for .NET', 'Keys/Store.cs', true],
      ['AWS SDK for .NET', 'Keys/Wrapper.cs', true],
      ['AWS SDK for Java 2.x', 'src/main/java/a/Files.java', true],
      ['AWS SDK for Go v2', 'store/s3.go', false],
    ]);
  });

  it('finds Scala HTTP clients by their calls, not an http4s client built only for a datastore driver', () => {
    const o = of({
      'app/connectors/Desk.scala':
        'import uk.gov.hmrc.http.client.HttpClientV2\nclass Desk(http: HttpClientV2) {\n  def send() = http\n    .post(URL(s"$base/ticket"))\n    .execute[String]\n}\n',
      'app/connectors/Feed.scala':
        'import play.api.libs.ws.WSClient\nclass Feed(ws: WSClient) {\n  def latest() = ws.url(feedUrl).get()\n}\n',
      'src/main/scala/a/Tables.scala':
        'import sttp.client3.*\nobject Tables:\n  def get() = basicRequest.get(uri"https://t.example.org").send(backend)\n',
      'src/main/scala/a/Routes.scala':
        'import org.http4s.client.Client\nclass Routes(client: Client[IO]):\n  def tide = client.expect[String](tideUri)\n',
      'src/main/scala/a/Search.scala':
        'import org.http4s.ember.client.EmberClientBuilder\nobject Search:\n  val es = EmberClientBuilder.default[IO].build.map(ESClient(uri))\n',
      'src/main/scala/a/Paths.scala': 'object Paths:\n  def home = routes.get(baseUrl)\n',
    });
    expect(o.calls.map((c) => [c.library, c.file, c.line])).toEqual([
      ['HttpClientV2 (HMRC http-verbs)', 'app/connectors/Desk.scala', 4],
      ['Play WS', 'app/connectors/Feed.scala', 3],
      ['http4s client', 'src/main/scala/a/Routes.scala', 3],
      ['sttp', 'src/main/scala/a/Tables.scala', 3],
    ]);
  });

  it('finds gds-api-adapters clients: the library helpers and a client on its base class', () => {
    const o = of({
      'lib/orgs.rb': 'class Orgs\n  def all\n    GdsApi.organisations.organisations\n  end\nend\n',
      'lib/push_client.rb': 'class PushClient < GdsApi::Base\nend\n',
      'lib/errors.rb': 'rescue GdsApi::HTTPErrorResponse => e\n',
      'config/initializers/gds_api.rb':
        'GdsApi.configure do |config|\n  config.always_raise_for_not_found = true\nend\n',
    });
    expect(o.calls.filter((c) => c.library === 'gds-api-adapters').map((c) => `${c.file}:${c.line}`)).toEqual([
      'lib/orgs.rb:3',
      'lib/push_client.rb:1',
    ]);
  });

  it('finds JGit remote commands and the github-api client only where their packages are imported', () => {
    const o = of({
      'src/main/java/a/Mirror.java': [
        'package a;',
        'import org.eclipse.jgit.api.Git;',
        'import org.kohsuke.github.GitHubBuilder;',
        'class Mirror {',
        '  void sync(String url, java.io.File dir) throws Exception {',
        '    try (Git git = Git.cloneRepository().setURI(url).setDirectory(dir).call()) {',
        '      git.fetch()',
        '          .setRemote("origin")',
        '          .call();',
        '    }',
        '    new GitHubBuilder().withOAuthToken(System.getenv("GH_TOKEN")).build();',
        '  }',
        '}',
      ].join('\n'),
      'src/main/java/a/Feed.java': 'package a;\nclass Feed {\n  void next(Queue q) { q.fetch().call(); }\n}\n',
    });
    expect(o.calls.map((c) => `${c.library} ${c.file}:${c.line}`)).toEqual([
      'JGit src/main/java/a/Mirror.java:6',
      'github-api src/main/java/a/Mirror.java:11',
    ]);
  });

  it('finds Python HTTP clients with file:line', () => {
    const o = of({
      'app/rates.py':
        'import requests\n\n\ndef rate():\n    return requests.get("https://rates.internal/eur", timeout=3).json()\n',
      'app/pay.py': 'import httpx\nclient = httpx.AsyncClient(base_url="https://pay")\n',
    });
    expect(o.any).toBe(true);
    expect(o.calls).toContainEqual(expect.objectContaining({ library: 'requests', file: 'app/rates.py', line: 5 }));
    expect(o.calls).toContainEqual(expect.objectContaining({ library: 'httpx', file: 'app/pay.py', line: 2 }));
  });

  it('does not count database drivers as outbound calls', () => {
    const o = of({
      'app/db.py': 'from sqlalchemy import create_engine\nengine = create_engine("postgresql://db/app")\n',
      'src/db.js': "const { Pool } = require('pg');\nconst pool = new Pool();\npool.query('select 1');\n",
      'main.go':
        'package main\n\nimport "database/sql"\n\nfunc main() { db, _ := sql.Open("postgres", "x"); db.Ping() }\n',
    });
    expect(o.any).toBe(false);
  });

  it('ignores test files', () => {
    expect(of({ 'tests/test_api.py': 'import requests\nrequests.get("http://localhost:8000/health")\n' }).any).toBe(
      false,
    );
  });

  it('needs the library import for generic call names (axios, got)', () => {
    expect(of({ 'src/a.js': 'function got(x) { return x }\ngot(1);\n' }).any).toBe(false);
    const o = of({
      'src/a.js': "const axios = require('axios');\nmodule.exports = () => axios.get(process.env.STOCK_URL);\n",
    });
    expect(o.calls[0]).toMatchObject({ library: 'axios', line: 2 });
  });

  it('counts global fetch in server code but not in browser components', () => {
    expect(
      of({ 'src/routes/stock.ts': 'export const stock = (sku: string) => fetch(`${process.env.STOCK_URL}/${sku}`);\n' })
        .libraries,
    ).toEqual(['fetch']);
    expect(
      of({ 'src/components/Stock.tsx': 'export const S = () => { fetch(`/api/stock`); return null; };\n' }).any,
    ).toBe(false);
  });

  it('counts fetch in modules that Next.js route handlers import, even under frontend/, but not same-origin fetch', () => {
    const files = {
      'frontend/app/api/chat/route.ts':
        "import { ask } from '../../../lib/llm';\nexport async function POST(req: Request) { return Response.json(await ask(await req.text())); }\n",
      'frontend/lib/llm.ts':
        "export async function ask(q: string) {\n  const res = await fetch('https://api.example-llm.com/v1/chat', { method: 'POST', body: q });\n  return res.json();\n}\n",
      'frontend/components/Chat.tsx':
        "export async function send(m: string) { return fetch('/api/chat', { method: 'POST', body: m }); }\n",
    };
    const o = new Facts(RepoIndex.fromMemory(files)).outbound;
    expect(o.calls.map((c) => `${c.file}:${c.line}`)).toEqual(['frontend/lib/llm.ts:2']);
    // `@/` path aliases resolve from the app folder (frontend/tsconfig.json).
    const aliased = new Facts(
      RepoIndex.fromMemory({
        ...files,
        'frontend/tsconfig.json': '{}',
        'frontend/app/api/chat/route.ts':
          "import { ask } from '@/lib/llm';\nexport async function POST(req: Request) { return Response.json(await ask(await req.text())); }\n",
      }),
    ).outbound;
    expect(aliased.libraries).toEqual(['fetch']);
    // Without the import graph the browser-looking folder is skipped.
    expect(detectOutbound(RepoIndex.fromMemory(files)).any).toBe(false);
  });

  it('counts $fetch to a path under an absolute baseURL, not to a relative path alone or a relative baseURL', () => {
    const o = of({
      'server/utils/github.ts':
        'export const repo = (name: string) =>\n  $fetch.raw(`/repos/${name}`, {\n    headers: { accept: "application/json" },\n    baseURL: "https://api.github.com",\n  });\n',
      'server/utils/maps.ts': 'export const tile = (id: string) => ofetch<Tile>(id, { baseURL: config.tilesUrl });\n',
      'server/utils/own.ts':
        'export const stars = (org: string) => $fetch(`/orgs/${org}/stars`);\nexport const local = () => $fetch("/x", { baseURL: "/api" });\n',
    });
    expect(o.calls.map((c) => [c.library, c.file, c.line])).toEqual([
      ['ofetch', 'server/utils/github.ts', 2],
      ['ofetch', 'server/utils/maps.ts', 1],
    ]);
  });

  it('marks SDKs that retry by default', () => {
    const o = of({ 'app/ai.py': 'from openai import OpenAI\nclient = OpenAI()\n' });
    expect(o.calls[0]).toMatchObject({ library: 'openai', builtinRetry: true });
  });

  it('finds Go, JVM and Ruby clients', () => {
    const o = of({
      'client.go': 'package main\n\nimport "net/http"\n\nfunc get() { http.Get("http://inventory/stock") }\n',
      'src/main/java/a/Pay.java': 'package a;\nclass Pay { RestClient c = RestClient.create("http://pay"); }\n',
      'app/services/rates.rb': 'class Rates\n  def call = Faraday.new(url: ENV["RATES_URL"]).get("/eur")\nend\n',
      'grpc.go':
        'package main\n\nimport "google.golang.org/grpc"\n\nfunc dial() { grpc.NewClient("inventory:9000") }\n',
    });
    expect(o.libraries.sort()).toEqual(['Faraday', 'RestClient', 'grpc', 'net/http']);
  });

  it("reads grpc-gateway's dial at the service's RegisterXHandlerFromEndpoint call, not in the generated file", () => {
    const files = {
      'go.mod': 'module example.com/a\n',
      'gen/shop.pb.gw.go':
        '// Code generated by protoc-gen-grpc-gateway. DO NOT EDIT.\npackage gen\n\nimport "google.golang.org/grpc"\n\nfunc RegisterShopHandlerFromEndpoint(ctx context.Context, mux *runtime.ServeMux, endpoint string, opts []grpc.DialOption) error {\n\tconn, err := grpc.Dial(endpoint, opts...)\n\treturn err\n}\n',
      'main.go':
        'package main\n\nimport "example.com/a/gen"\n\nfunc main() {\n\t_ = gen.RegisterShopHandlerFromEndpoint(ctx, mux, "shop:9090", opts)\n}\n',
    };
    expect(new Facts(RepoIndex.fromMemory(files)).outbound.calls.map((c) => [c.library, c.file, c.line])).toEqual([
      ['grpc', 'main.go', 6],
    ]);
    const inProcess = {
      ...files,
      'main.go': 'package main\n\nfunc main() {\n\t_ = gen.RegisterShopHandlerServer(ctx, mux, srv)\n}\n',
    };
    expect(new Facts(RepoIndex.fromMemory(inProcess)).outbound.any).toBe(false);
  });

  it('does not count fetch in browser modules: client stores and query hooks, or a browser-only package', () => {
    expect(
      of({
        'src/store/version.ts':
          "import { create } from 'zustand';\nexport const check = () => fetch(`${UPDATES_URL}?v=1`);\n",
        'web/package.json': '{ "devDependencies": { "vite": "^5.0.0" }, "dependencies": { "react": "^18.0.0" } }',
        'web/src/lib/user.ts': 'export const me = () => fetch(subUrl("/api/user"));\n',
      }).any,
    ).toBe(false);
    expect(
      of({
        'package.json': '{ "dependencies": { "express": "^4.0.0" }, "devDependencies": { "vite": "^5.0.0" } }',
        'src/rates.ts': 'export const rate = () => fetch(`${RATES_URL}/eur`);\n',
      }).libraries,
    ).toEqual(['fetch']);
  });
});

describe('outbound: mail senders count, scripts and browser code do not', () => {
  it('SMTP and framework mailers are outbound calls; release scripts and browser axios are not', () => {
    const out = detectOutbound(
      RepoIndex.fromMemory({
        'app/mail.py':
          'import smtplib\n\ndef send(msg):\n    with smtplib.SMTP("mx", 25) as s:\n        s.send_message(msg)\n',
        'app/mailers/welcome_mailer.rb': 'class WelcomeMailer < ApplicationMailer\nend\n',
        'bin/release.py': 'import requests\nrequests.post("https://api.github.com/releases")\n',
        'client/src/api.js':
          'import axios from "axios";\nexport const get = () => axios.get("https://api.example.com/x");\n',
      }),
    );
    expect(out.calls.map((c) => `${c.library}:${c.file}`)).toEqual([
      'smtplib:app/mail.py',
      'ActionMailer:app/mailers/welcome_mailer.rb',
    ]);
    expect(out.calls.every((c) => c.kind === 'smtp')).toBe(true);
  });
});

describe('outbound: a Rails app’s browser code is not the service', () => {
  it('fetch in app/javascript (Stimulus controllers) is the browser calling back; Faraday in app/services is outbound', () => {
    const out = detectOutbound(
      RepoIndex.fromMemory({
        Gemfile: 'gem "rails"\ngem "faraday"\n',
        'app/javascript/controllers/map_controller.js':
          'export default class extends Controller {\n  async load() {\n    const r = await fetch(`/api/v1/points`);\n  }\n}\n',
        'app/services/geocoder.rb':
          'class Geocoder\n  def lookup(q)\n    Faraday.get("https://geo.example.com/search", q: q)\n  end\nend\n',
      }),
    );
    expect(out.calls.map((c) => `${c.library}:${c.file}`)).toEqual(['Faraday:app/services/geocoder.rb']);
  });
});

describe('a component that compiles in another component', () => {
  it('reads the outbound calls, retries and timeouts of the code its process runs', () => {
    // The web API references the infrastructure project, a component of its own (the migration job runs it).
    const dir = path.join(
      FIXTURES,
      'resilience.retries',
      'pass-dotnet-retry-policy-in-a-library-the-migration-job-also-runs',
    );
    const facts = new Facts(RepoIndex.fromDirectory(dir));
    const api = facts.components.list.find((c) => c.path === 'src/Freight.Api')!;
    expect(api.uses).toEqual(['src/Freight.Infrastructure']);
    const own = facts.forComponent(api);
    expect(own.outbound.calls.map((c) => c.file)).toContain('../Freight.Infrastructure/CarrierClient.cs');
    expect(own.retries.wired.map((h) => h.match.path)).toEqual([
      '../Freight.Infrastructure/InfrastructureExtensions.cs',
    ]);
    expect(own.timeouts.any).toBe(true);
  });
});

describe('facts: outbound calls — Rust stubs generated by prost-build', () => {
  const stub = [
    '// This file is @generated by prost-build.',
    'pub mod ledger_client {',
    '    impl LedgerClient<tonic::transport::Channel> {',
    '        pub async fn connect<D>(dst: D) -> Result<Self, tonic::transport::Error> {',
    '            let conn = tonic::transport::Endpoint::new(dst)?.connect().await?;',
    '            Ok(Self::new(conn))',
    '        }',
    '    }',
    '}',
  ].join('\n');

  it("leaves the generated client's own dial, and keeps the service's call of it", () => {
    expect(of({ 'proto/src/ledger.rs': stub }).calls).toEqual([]);
    const calls = of({
      'proto/src/ledger.rs': stub,
      'src/main.rs':
        'use tonic::transport::Channel;\nasync fn run() {\n    let c = LedgerClient::connect("http://ledger:50051").await;\n}\n',
    }).calls;
    expect(calls.map((c) => `${c.library} ${c.file}:${c.line}`)).toEqual(['tonic client src/main.rs:3']);
  });

  it('leaves older stubs without the header that import tonic::codegen', () => {
    const older = stub.replace(
      '// This file is @generated by prost-build.',
      '#[derive(Clone, PartialEq, ::prost::Message)]',
    );
    expect(
      of({
        'svc/src/proto.rs': older.replace(
          'pub mod ledger_client {',
          'pub mod ledger_client {\n    use tonic::codegen::*;',
        ),
      }).calls,
    ).toEqual([]);
    expect(of({ 'svc/src/proto.rs': older }).calls.map((c) => c.library)).toEqual(['tonic client']);
  });

  it('reads a hand-written file that only mentions generated code further down as the service code it is', () => {
    const own = `use tonic::transport::Endpoint;\nasync fn run() {\n    let e = Endpoint::from_static("http://ledger:50051");\n}\n${'fn pad() {}\n'.repeat(40)}// see the @generated by prost-build stubs\n`;
    expect(of({ 'src/client.rs': own }).calls.map((c) => c.file)).toEqual(['src/client.rs']);
  });
});

describe('facts: outbound calls of the C-core gRPC client', () => {
  it("reads Grpc.Core's `new Channel(…, ChannelCredentials…)` as a gRPC call site, not another library's Channel", () => {
    const o = of({
      'Clients/Pricing.cs':
        'using Grpc.Core;\nclass P {\n  Channel c = new Channel(host, port, ChannelCredentials.Insecure);\n}\n',
      'Clients/Stock.cs':
        'using Grpc.Core;\nclass S {\n  Channel c = new Grpc.Core.Channel("stock:5000", ChannelCredentials.Insecure);\n}\n',
      // System.Threading.Channels builds its channels through a factory; a Channel of one's own takes no credentials.
      'Work/Queue.cs': 'using System.Threading.Channels;\nclass Q { Chan c = new Channel(capacity); }\n',
    });
    expect(o.calls.map((c) => [c.library, c.kind, c.file, c.line])).toEqual([
      ['Grpc.Core', 'grpc', 'Clients/Pricing.cs', 3],
      ['Grpc.Core', 'grpc', 'Clients/Stock.cs', 3],
    ]);
  });
});

describe('facts: outbound calls — reqwest clients by their imported name', () => {
  const call = (use: string, make: string) =>
    of({
      'src/upstream.rs': `${use}\npub async fn fetch(url: &str) -> Result<String, reqwest::Error> {\n    let client = ${make};\n    client.get(url).send().await?.text().await\n}\n`,
    }).calls.map((c) => `${c.library} ${c.file}:${c.line}`);

  it('reads Client::new() and Client::default() of a file that imports reqwest::Client', () => {
    expect(call('use reqwest::Client;', 'Client::new()')).toEqual(['reqwest src/upstream.rs:3']);
    expect(call('use reqwest::{header, Client};', 'Client::default()')).toEqual(['reqwest src/upstream.rs:3']);
    expect(call('use reqwest;', 'reqwest::Client::default()')).toEqual(['reqwest src/upstream.rs:3']);
  });

  it("leaves a Client of another crate in a file that only names reqwest's error", () => {
    expect(call('use redis::Client;', 'Client::new()')).toEqual([]);
  });
});
