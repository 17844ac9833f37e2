import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const tls = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).tls;
const where = (xs: { file: string; line: number }[]) => xs.map((x) => `${x.file}:${x.line}`);

const INGRESS = (extra: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n${extra}  rules:\n    - host: a.example.com\n`;

describe('facts: tls', () => {
  it('lists the HTTP components no HTTPS platform deploys when platforms are all that serve HTTPS', () => {
    const dockerfile = 'FROM node:20-slim\nCOPY . .\nCMD ["node", "server.js"]\n';
    const server = "require('express')().get('/api/x', (q, r) => r.end()).listen(8080);\n";
    const files = {
      'fn/serverless.yml':
        'service: fn\nprovider:\n  name: aws\nfunctions:\n  hello:\n    handler: h.hello\n    events:\n      - httpApi: GET /hello\n',
      'fn/package.json': '{"name":"fn"}',
      'fn/h.js': 'module.exports.hello = async () => ({ statusCode: 200 });\n',
      'api/package.json': '{"name":"api","dependencies":{"express":"^4.19.2"}}',
      'api/server.js': server,
      'api/Dockerfile': dockerfile,
      'k8s/api.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: acme/api:1.0.0\n',
    };
    const t = tls(files);
    expect(t.enforced.map((s) => s.platform)).toEqual(['fn/serverless.yml']);
    expect(t.uncovered).toEqual([
      { id: 'api', path: 'api', target: 'kubernetes', deployedBy: { path: 'k8s/api.yaml', line: 10 } },
    ]);
    // An Ingress with TLS may front any component: then nothing is listed.
    const ingress = tls({ ...files, 'k8s/ingress.yaml': INGRESS('  tls:\n    - secretName: web-tls\n') });
    expect(ingress.uncovered).toEqual([]);
  });

  it('an Ingress terminates TLS with a tls section or a certificate annotation, and is plain without', () => {
    expect(where(tls({ 'k8s/in.yaml': INGRESS('  tls:\n    - secretName: web-tls\n') }).enforced)).toEqual([
      'k8s/in.yaml:1',
    ]);
    expect(where(tls({ 'k8s/in.yaml': INGRESS('') }).plain)).toEqual(['k8s/in.yaml:1']);
  });

  it('a pingora service adding a TLS endpoint, with a plain one beside it when no certificate is set', () => {
    const main = (otherwise: string) => ({
      'Cargo.toml': '[package]\nname = "edge"\n[dependencies]\npingora = "0.4"\n',
      'src/main.rs': [
        'use pingora::proxy::{http_proxy_service, ProxyHttp};',
        'fn main() {',
        '    let mut svc = http_proxy_service(&conf, Edge);',
        '    if let Some(s) = settings { svc.add_tls_with_settings("0.0.0.0:443", None, s); }',
        otherwise,
        '}',
      ].join('\n'),
    });
    const both = tls(main('    else { svc.add_tcp("0.0.0.0:80"); }'));
    expect(where(both.enforced)).toEqual([]);
    expect(both.partial).toMatchObject([
      { file: 'src/main.rs', line: 4, note: /only when a certificate is configured/ },
    ]);
    expect(where(tls(main('')).enforced)).toEqual(['src/main.rs:4']);
  });

  it('comments and commented-out settings never count', () => {
    const t = tls({
      'config/environments/production.rb':
        'Rails.application.configure do\n  # config.force_ssl = true\n  # Strict-Transport-Security is set by the CDN\nend\n',
    });
    expect(t.enforced).toEqual([]);
    expect(t.partial).toEqual([]);
  });

  it('a setting commented out in an INI file (;) does not count, the same setting in effect does', () => {
    const url = 'database_url = postgres://app@db.example.com/x?sslmode=require';
    expect(tls({ 'config/app.ini': `[db]\n; ${url}\n` }).dataTls).toEqual([]);
    expect(where(tls({ 'config/app.ini': `[db]\n${url}\n` }).dataTls)).toEqual(['config/app.ini:2']);
  });

  it('sslmode=disable is a gap only towards a host outside the compose network or cluster', () => {
    const t = tls({
      'docker-compose.yml':
        'services:\n  web:\n    environment:\n      DATABASE_URL: postgres://u:p@db:5432/x?sslmode=disable\n',
      'k8s/app.yaml':
        'kind: Deployment\nspec:\n  env:\n    - value: postgres://u@prod.abc.eu-west-1.rds.amazonaws.com/x?sslmode=disable\n    - value: postgres://u@pg.data.svc.cluster.local/x?sslmode=disable\n',
    });
    expect(t.dataPlain.map((d) => d.note)).toEqual([
      'connection to prod.abc.eu-west-1.rds.amazonaws.com with sslmode=disable',
    ]);
  });
});

describe("ASP.NET Core's HTTPS redirection without an HTTPS port", () => {
  const program = 'var app = WebApplication.CreateBuilder(args).Build();\napp.UseHttpsRedirection();\napp.Run();\n';
  const image = (env: string) =>
    `FROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\n${env}\nCOPY out .\nENTRYPOINT ["dotnet", "Shelf.dll"]\n`;

  it('is intended, not enforced, when the only image serves HTTP and nothing configures HTTPS', () => {
    const t = tls({ 'Shelf/Program.cs': program, Dockerfile: image('ENV ASPNETCORE_HTTP_PORTS=8080') });
    expect(t.enforced).toEqual([]);
    expect(t.partial).toMatchObject([{ file: 'Shelf/Program.cs', line: 2 }]);
    expect(t.partial[0]!.note).toContain('no HTTPS port');
  });

  it('is enforced when an HTTPS port or endpoint is configured, or no image is built', () => {
    const extras: Record<string, string>[] = [
      { Dockerfile: image('ENV ASPNETCORE_HTTPS_PORTS=8443') },
      {
        Dockerfile: image(''),
        'compose.yaml': 'services:\n  shelf:\n    environment:\n      ASPNETCORE_URLS: https://+:443\n',
      },
      {
        Dockerfile: image(''),
        'Shelf/appsettings.json': '{"Kestrel":{"Endpoints":{"Secure":{"Url":"https://shelf.example:443"}}}}',
      },
      {},
    ];
    for (const extra of extras)
      expect(tls({ 'Shelf/Program.cs': program, ...extra }).enforced).toMatchObject([{ file: 'Shelf/Program.cs' }]);
  });

  it('the development launch profile is no HTTPS configuration, and an image of another stack keeps the credit', () => {
    const launch = '{"profiles":{"Shelf":{"applicationUrl":"https://+:7001;http://+:5001"}}}';
    expect(
      tls({ 'Shelf/Program.cs': program, 'Shelf/Properties/launchSettings.json': launch, Dockerfile: image('') })
        .enforced,
    ).toEqual([]);
    expect(
      tls({
        'Shelf/Program.cs': program,
        Dockerfile: image(''),
        'web/Dockerfile': 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n',
      }).enforced,
    ).toMatchObject([{ file: 'Shelf/Program.cs' }]);
  });
});

describe('facts: tls — Traefik router labels', () => {
  const compose = (label: string) => ({
    'deploy/compose.yaml': `services:\n  api:\n    image: example/api:1\n    labels:\n      ${label}\n`,
  });

  it('reads the certificate resolver label in either spelling Traefik accepts', () => {
    expect(where(tls(compose('traefik.http.routers.api.tls.certResolver: acme')).enforced)).toEqual([
      'deploy/compose.yaml:5',
    ]);
    expect(where(tls(compose('traefik.http.routers.api.tls.certresolver: acme')).enforced)).toEqual([
      'deploy/compose.yaml:5',
    ]);
  });

  it('leaves a router whose TLS is turned off', () => {
    expect(tls(compose('traefik.http.routers.api.tls: "false"')).enforced).toEqual([]);
  });
});
