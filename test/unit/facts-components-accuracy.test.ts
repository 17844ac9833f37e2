import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { auditFiles } from '../helpers.js';
import { defaultIgnored } from '../../src/repo/default-ignores.js';
import { RepoIndex } from '../../src/repo/index.js';

/** Component lists judged wrong on real repositories (issue #21, components stream), each written as a mini-repository. */
const components = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).components;

const RUST_SERVER = {
  'Cargo.toml': '[package]\nname = "keeper"\nversion = "1.0.0"\n\n[dependencies]\naxum = "0.7"\ntokio = "1"\n',
  'Cargo.lock': '# lock\n',
  'src/main.rs':
    'use axum::{routing::get, Router};\n\n#[tokio::main]\nasync fn main() {\n    let app = Router::new().route("/alive", get(|| async { "ok" }));\n    let l = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();\n    axum::serve(l, app).await.unwrap();\n}\n',
  Dockerfile:
    'FROM rust:1.80 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=build /src/target/release/keeper /keeper\nCMD ["/keeper"]\n',
};

describe('components: end-to-end test setups are not deployed components', () => {
  it('a Playwright folder with its own compose file and Dockerfile is test tooling, and its services do not name the app', () => {
    const c = components({
      ...RUST_SERVER,
      'e2e-browser/.keep': '',
      'playwright/package.json':
        '{"name": "keeper-e2e", "scripts": {"test": "playwright test"}, "devDependencies": {"@playwright/test": "1.48.0"}}',
      'playwright/global-setup.ts': 'export default async function setup() {}\n',
      'playwright/tests/login.spec.ts':
        'import { test } from "@playwright/test";\ntest("logs in", async ({ page }) => { await page.goto("/"); });\n',
      'playwright/docker-compose.yml':
        'services:\n  KeeperPrebuild:\n    image: keeper_prebuilt\n    build:\n      context: ..\n      dockerfile: Dockerfile\n    restart: "no"\n  Runner:\n    image: keeper_runner\n    build:\n      context: compose/runner\n      dockerfile: Dockerfile\n  Playwright:\n    image: keeper_playwright\n    build:\n      context: .\n      dockerfile: compose/playwright/Dockerfile\n',
      'playwright/compose/runner/Dockerfile': 'FROM debian:12-slim\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n',
      'playwright/compose/runner/run.sh': '#!/bin/sh\nexec /keeper\n',
      'playwright/compose/playwright/Dockerfile':
        'FROM mcr.microsoft.com/playwright:v1.48.0\nCOPY package.json .\nRUN npm install\nCMD ["npx", "playwright", "test"]\n',
    });
    expect(c.list.map((x) => x.id)).toEqual(['keeper']);
    expect(c.single).toBe(true);
    // Built by a test compose file only: that file is not why it is deployed.
    expect(c.list[0]!.why).toBe('the repository is one component');
  });
});

describe('components: one Go module building several servers selected by a build arg', () => {
  const main = (what: string) =>
    `package main\n\nimport "example.com/flow/internal/${what}"\n\nfunc main() {\n\t${what}.Run()\n}\n`;
  const repo = {
    'go.mod': 'module example.com/flow\n\ngo 1.22\n',
    'go.sum': '',
    'cmd/flow-api/main.go': main('api'),
    'cmd/flow-engine/main.go': main('engine'),
    'cmd/flow-migrate/main.go': main('migrate'),
    'cmd/flow-cli/main.go': 'package main\n\nimport "os"\n\nfunc main() {\n\tos.Exit(0)\n}\n',
    'internal/api/api.go':
      'package api\n\nimport "net/http"\n\nfunc Run() {\n\thttp.HandleFunc("/live", func(w http.ResponseWriter, r *http.Request) {})\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    'internal/engine/engine.go': 'package engine\n\nfunc Run() { select {} }\n',
    'internal/migrate/migrate.go': 'package migrate\n\nfunc Run() {}\n',
    // Kept in the Go project layout's packaging folder, under build/.
    'build/package/servers.dockerfile':
      'FROM golang:1.22-alpine AS base\nWORKDIR /flow\nCOPY go.mod go.sum ./\nCOPY /internal ./internal\nCOPY /cmd ./cmd\n\nFROM base AS build-go\nARG SERVER_TARGET\nRUN go build -o ./bin/flow-${SERVER_TARGET} ./cmd/flow-${SERVER_TARGET}\n\nFROM alpine:3.20\nARG SERVER_TARGET=engine\nCOPY --from=build-go /flow/bin/flow-${SERVER_TARGET} /flow/\nCMD ["/bin/sh", "-c", "/flow/flow-${SERVER_TARGET}"]\n',
    '.github/workflows/release.yml':
      'on: push\njobs:\n  api:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f ./build/package/servers.dockerfile -t ghcr.io/acme/flow-api:1 --build-arg SERVER_TARGET=api . --push\n  engine:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f ./build/package/servers.dockerfile -t ghcr.io/acme/flow-engine:1 --build-arg SERVER_TARGET=engine . --push\n  migrate:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -f ./build/package/servers.dockerfile -t ghcr.io/acme/flow-migrate:1 --build-arg SERVER_TARGET=migrate . --push\n',
    'docker-compose.release.yml':
      'services:\n  flow-migrate:\n    image: ghcr.io/acme/flow-migrate:latest\n  flow-engine:\n    image: ghcr.io/acme/flow-engine:latest\n    restart: on-failure\n  flow-api:\n    image: ghcr.io/acme/flow-api:latest\n    restart: on-failure\n',
  };

  it('each server the build arg names (`go build ./cmd/flow-${SERVER_TARGET}`) is a component the compose file runs', () => {
    const c = components(repo);
    const built = c.list.filter((x) => x.path.startsWith('cmd/'));
    expect(built.map((x) => [x.id, x.path, x.target, x.deployed])).toEqual([
      ['flow-api', 'cmd/flow-api', 'compose', true],
      ['flow-engine', 'cmd/flow-engine', 'compose', true],
      ['flow-migrate', 'cmd/flow-migrate', 'compose', true],
    ]);
    const api = c.byId('flow-api')!;
    expect(api.declared[0]?.note).toBe('builds an image with SERVER_TARGET=api (context .)');
    // The module's shared code it compiles in joins its view; the folder of every binary (cmd/) does not.
    expect(api.mounts).toEqual(
      expect.arrayContaining(['build/package/servers.dockerfile', 'go.mod', 'go.sum', 'internal']),
    );
    expect(api.mounts).not.toContain('cmd');
    // The CLI no build names stays with the root, the rest of the module.
    expect(c.list.map((x) => x.path)).toContain('.');
  });
});

describe('listing: the Arcade toolset in eng/common/', () => {
  it('leaves out the root eng/common/ (vendored by the .NET Arcade SDK), keeping the rest of eng/ and other common/ folders', () => {
    expect(defaultIgnored('eng/common/cross/install-debs.py', false)).toBe(true);
    expect(defaultIgnored('eng/common', true)).toBe(true);
    expect(defaultIgnored('eng/pipelines/ci.yml', false)).toBe(false);
    expect(defaultIgnored('eng/Versions.props', false)).toBe(false);
    expect(defaultIgnored('src/eng/common/helpers.cs', false)).toBe(false);
    expect(defaultIgnored('src/common/Logging.cs', false)).toBe(false);
  });
});

describe('listing: packaging folders inside build/', () => {
  it('keeps build/package and build/docker (the Go layout keeps Dockerfiles there); the rest of build/ is output', () => {
    expect(defaultIgnored('build/package/servers.dockerfile', false)).toBe(false);
    expect(defaultIgnored('build/docker/Dockerfile', false)).toBe(false);
    expect(defaultIgnored('build', true)).toBe(false);
    expect(defaultIgnored('build/package', true)).toBe(false);
    expect(defaultIgnored('build/classes', true)).toBe(true);
    expect(defaultIgnored('build/main.js', false)).toBe(true);
    expect(defaultIgnored('web/build/static/app.js', false)).toBe(true);
    expect(defaultIgnored('build/package', false)).toBe(true);
  });

  it('keeps an image definition directly in build/ (GoReleaser builds build/Dockerfile), not what sits beside it', () => {
    expect(defaultIgnored('build/Dockerfile', false)).toBe(false);
    expect(defaultIgnored('build/server.Dockerfile', false)).toBe(false);
    expect(defaultIgnored('build/main.go', false)).toBe(true);
    expect(defaultIgnored('web/build/Dockerfile.tmp/x', false)).toBe(true);
    expect(defaultIgnored('build/out/Dockerfile', false)).toBe(true);
  });

  it('skips the Maven wrapper (its downloader class is build tooling), not the rest of .mvn/', () => {
    expect(defaultIgnored('.mvn/wrapper/MavenWrapperDownloader.java', false)).toBe(true);
    expect(defaultIgnored('api/.mvn/wrapper', true)).toBe(true);
    expect(defaultIgnored('.mvn/extensions.xml', false)).toBe(false);
    expect(defaultIgnored('src/main/java/acme/wrapper/Client.java', false)).toBe(false);
  });
});

describe('kind: one-shot jobs are not long-running services', () => {
  const kind = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).kind;
  const server = {
    'requirements.txt': 'flask==3.0.3\n',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n\n@app.get("/")\ndef index():\n    return "ok"\n',
    Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "app.py"]\n',
  };
  const workload = (k: string) =>
    `apiVersion: batch/v1\nkind: ${k}\nmetadata:\n  name: nightly-export\nspec:\n  template:\n    spec:\n      containers:\n        - name: export\n          image: acme/export:1\n`;

  it('every Kubernetes workload that runs it is a Job or CronJob: a one-shot job, whatever server code it holds', () => {
    const k = kind({ ...server, 'k8s/export.yaml': workload('Job') });
    expect(k).toMatchObject({ kind: 'cli', longRunning: false, servesHttp: false });
    expect(k.reason).toBe('a one-shot job: runs as a Kubernetes Job (nightly-export)');
  });

  it('a Deployment beside the Job keeps it a service', () => {
    const dep = workload('Deployment').replace('batch/v1', 'apps/v1');
    expect(kind({ ...server, 'k8s/export.yaml': workload('Job'), 'k8s/web.yaml': dep }).kind).toBe('service');
  });

  it('a compose service restarted unless stopped is no one-shot job, even named setup', () => {
    const compose = (restart: string) => `services:\n  setup:\n    build: .\n    restart: ${restart}\n`;
    expect(kind({ ...server, 'docker-compose.yml': compose('unless-stopped') }).kind).toBe('service');
    expect(kind({ ...server, 'docker-compose.yml': compose('"no"') }).kind).toBe('cli');
  });

  it('a compose command that migrates and then starts the server keeps it a service; one that only migrates does not', () => {
    const compose = (command: string) => `services:\n  api:\n    build: .\n    command: ${command}\n`;
    const serving = kind({ ...server, 'docker-compose.yml': compose('sh -c "alembic upgrade head && python app.py"') });
    expect(serving.kind).toBe('service');
    expect(kind({ ...server, 'docker-compose.yml': compose('sh -c "sleep 2 && alembic upgrade head"') }).kind).toBe(
      'cli',
    );
  });
});

describe('components: a migration stage beside the server stage of one Dockerfile', () => {
  it("the package only the run-once migrate service builds is a one-shot job: the server's service builds another stage", () => {
    const facts = new Facts(
      RepoIndex.fromMemory({
        'package.json': '{"name": "tally-repo", "private": true}',
        'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - packages/*\n',
        'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
        'apps/api/package.json': '{"name": "@tally/api", "dependencies": {"express": "4.21.2"}}',
        'apps/api/src/server.js': 'import express from "express";\nexpress().listen(3000);\n',
        'packages/db/package.json': '{"name": "@tally/db", "dependencies": {"drizzle-orm": "0.42.0"}}',
        'packages/db/drizzle.config.js': 'export default { out: "./migrations" };\n',
        'packages/db/migrations/0000_votes.sql': 'CREATE TABLE votes (id serial PRIMARY KEY);\n',
        'apps/api/Dockerfile':
          'FROM node:22-alpine AS deps\nWORKDIR /repo\nCOPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./\nCOPY apps/api ./apps/api\nRUN corepack enable && pnpm install --prod\nFROM node:22-alpine AS migrate\nWORKDIR /db\nCOPY packages/db/drizzle.config.js ./drizzle.config.js\nCOPY packages/db/migrations/ ./migrations/\nCMD ["npx", "drizzle-kit", "migrate"]\nFROM node:22-alpine AS api\nCOPY --from=deps /repo /repo\nWORKDIR /repo/apps/api\nCMD ["node", "src/server.js"]\n',
        'docker-compose.yml':
          'services:\n  migrate:\n    build:\n      context: .\n      dockerfile: ./apps/api/Dockerfile\n      target: migrate\n    restart: "no"\n  api:\n    build:\n      context: .\n      dockerfile: ./apps/api/Dockerfile\n      target: api\n    restart: unless-stopped\n',
      }),
    );
    const of = (id: string) => facts.forComponent(facts.components.byId(id)!);
    expect(of('db').compose.services.map((s) => s.name)).toEqual(['migrate']);
    expect(of('db').kind).toMatchObject({ kind: 'cli', longRunning: false });
    expect(of('api').compose.services.map((s) => s.name)).toEqual(['api']);
    expect(of('api').kind.kind).toBe('service');
  });
});

describe('components: an all-in-one image released from a Dockerfile named for development', () => {
  const repo = {
    'package.json':
      '{"name": "gram", "private": true, "scripts": {"build": "pnpm --filter ./apps/api --filter ./apps/worker run build", "pm2": "pnpm run --parallel pm2"}, "dependencies": {"@nestjs/core": "10.0.0", "pm2": "5.3.0"}}',
    'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - libraries/*\n',
    'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
    'tsconfig.base.json':
      '{"compilerOptions": {"baseUrl": ".", "paths": {"@gram/shared/*": ["libraries/shared/src/*"], "@gram/api/*": ["apps/api/src/*"]}}}',
    'apps/api/package.json':
      '{"name": "gram-api", "scripts": {"build": "nest build", "start": "node dist/main.js", "pm2": "pm2 start pnpm --name api -- start"}}',
    'apps/api/tsconfig.json': '{"extends": "../../tsconfig.base.json"}',
    'apps/api/src/main.ts':
      'import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "@gram/shared/app.module";\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nbootstrap();\n',
    'apps/worker/package.json':
      '{"name": "gram-worker", "scripts": {"build": "nest build", "start": "node dist/main.js", "pm2": "pm2 start pnpm --name worker -- start"}}',
    'apps/worker/src/main.ts': 'import { createServer } from "node:http";\ncreateServer(() => {}).listen(3001);\n',
    'libraries/shared/package.json': '{"name": "gram-shared"}',
    'libraries/shared/src/app.module.ts':
      'import { Controller, Get, Module } from "@nestjs/common";\n\n@Controller("posts")\nexport class PostsController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n\n@Module({ controllers: [PostsController] })\nexport class AppModule {}\n',
    'Dockerfile.dev':
      'FROM node:22-slim\nWORKDIR /app\nCOPY . /app\nRUN npm install -g pnpm pm2 && pnpm install\nRUN pnpm run build\nCMD ["sh", "-c", "pnpm run pm2"]\n',
    '.github/workflows/release.yml':
      'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Build and push\n        run: |\n          docker buildx build \\\n            -f Dockerfile.dev \\\n            -t ghcr.io/acme/gram:1 \\\n            --output "type=registry,name=ghcr.io/acme/gram:1" .\n',
    'docker-compose.yaml': 'services:\n  gram:\n    image: ghcr.io/acme/gram:latest\n    restart: always\n',
  };

  it('a Dockerfile.dev that CI builds and pushes is the production image', () => {
    const f = new Facts(RepoIndex.fromMemory(repo));
    expect(f.dockerfiles.production.map((d) => [d.path, d.releasedBy?.path])).toEqual([
      ['Dockerfile.dev', '.github/workflows/release.yml'],
    ]);
    const local = { ...repo, '.github/workflows/release.yml': 'on: push\njobs: {}\n' };
    expect(new Facts(RepoIndex.fromMemory(local)).dockerfiles.production).toEqual([]);
  });

  it('the workspace apps its scripts build and start ship in it, with the libraries their path aliases reach', () => {
    const c = components(repo);
    const api = c.byId('gram-api')!;
    expect(api).toMatchObject({ deployed: true, target: 'compose' });
    expect(api.why).toBe('deployed: the image of the repository root ships it (Dockerfile.dev:5)');
    expect(api.mounts).toEqual(expect.arrayContaining(['libraries/shared/src', 'tsconfig.base.json']));
    expect(c.byId('gram-worker')).toMatchObject({ deployed: true });
    // Its container is that image, released though named for development (the view asks the repository's CI).
    const f = new Facts(RepoIndex.fromMemory(repo));
    const view = f.forComponent(f.components.byId('gram-api')!);
    expect(view.dockerfiles.production.map((d) => d.path)).toEqual(['../../Dockerfile.dev']);
  });
});

describe("components: a NestJS app's view follows its path aliases and its start script", () => {
  it('routes in the app reached through an alias back into its own folder are live; `dotenv -- node dist/…` starts the source', () => {
    const repo = {
      'package.json': '{"name": "hub", "private": true, "workspaces": ["apps/*"]}',
      'package-lock.json': '{}',
      'tsconfig.base.json':
        '{"compilerOptions": {"baseUrl": ".", "paths": {"@hub/api/*": ["apps/api/src/*"], "@hub/lib/*": ["libs/core/src/*"]}}}',
      'libs/core/src/auth.ts': 'export const secret = () => process.env.SECRET;\n',
      'apps/api/package.json':
        '{"name": "hub-api", "scripts": {"build": "nest build", "start": "dotenv -e ../../.env -- node ./dist/apps/api/src/main.js"}, "dependencies": {"@nestjs/core": "10.0.0"}}',
      'apps/api/tsconfig.json': '{"extends": "../../tsconfig.base.json"}',
      'apps/api/Dockerfile': 'FROM node:22-slim\nCOPY . .\nCMD ["npm", "start"]\n',
      'apps/api/src/main.ts':
        'import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "@hub/api/app.module";\n\nasync function start() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nstart();\n',
      'apps/api/src/app.module.ts':
        'import { Module } from "@nestjs/common";\nimport { HealthController } from "@hub/api/health.controller";\nimport { secret } from "@hub/lib/auth";\n\n@Module({ controllers: [HealthController] })\nexport class AppModule {}\nsecret();\n',
      'apps/api/src/health.controller.ts':
        'import { Controller, Get } from "@nestjs/common";\n\n@Controller("health")\nexport class HealthController {\n  @Get()\n  check() {\n    return { ok: true };\n  }\n}\n',
      'apps/web/package.json':
        '{"name": "hub-web", "scripts": {"build": "vite build"}, "dependencies": {"react": "18.0.0"}, "devDependencies": {"vite": "5.0.0"}}',
      'apps/web/src/main.tsx': 'export {};\n',
      'docker-compose.yml': 'services:\n  api:\n    build: ./apps/api\n',
    };
    const root = new Facts(RepoIndex.fromMemory(repo));
    const api = root.components.byId('api') ?? root.components.list.find((c) => c.path === 'apps/api')!;
    expect(api.mounts).toEqual(expect.arrayContaining(['libs/core/src', 'tsconfig.base.json']));
    const view = root.forComponent(api);
    expect(view.liveness.isLive('src/health.controller.ts')).toBe(true);
    expect(view.liveness.isLive('../../libs/core/src/auth.ts')).toBe(true);
    expect(view.service.routes.filter((r) => r.reached).map((r) => r.fullPath)).toEqual(['/health']);
  });
});

describe('components: a React Router app bundled into the Worker that deploys it', () => {
  it("the site a Worker's build script builds is a component deployed with that Worker", () => {
    const c = components({
      'package.json': '{"name": "blog-workspace", "private": true, "workspaces": ["services/*"]}',
      'package-lock.json': '{}',
      'services/site/package.json':
        '{"name": "blog.example", "scripts": {"build": "react-router build"}, "dependencies": {"@react-router/node": "7.0.0", "react-router": "7.0.0", "react": "19.0.0"}}',
      'services/site/app/routes/_index.tsx': 'export default function Index() { return null; }\n',
      'services/site/app/root.tsx': 'export default function App() { return null; }\n',
      'services/site-worker/package.json':
        '{\n  "name": "site-worker",\n  "scripts": {\n    "build:site": "npm run build --workspace blog.example",\n    "deploy": "wrangler deploy",\n    "lint": "oxlint ."\n  },\n  "dependencies": {"hono": "4.0.0"}\n}\n',
      'services/site-worker/wrangler.jsonc': '{\n  "name": "blog",\n  "main": "src/index.ts"\n}\n',
      'services/site-worker/src/index.ts': 'export default { fetch() { return new Response("ok"); } };\n',
    });
    const site = c.list.find((x) => x.path === 'services/site')!;
    expect(site).toMatchObject({ deployed: true, target: 'serverless' });
    expect(site.why).toMatch(/builds it into what it deploys \(its build:site script\)/);
    expect(c.list.find((x) => x.path === 'services/site-worker')).toMatchObject({
      deployed: true,
      target: 'serverless',
    });
  });
});

describe('components: protoc plugins are build tooling (g21d, flipt)', () => {
  it('a protoc-gen-* main with its own go.mod under internal/cmd is not a component; the server beside it is', () => {
    const main = 'package main\n\nfunc main() {}\n';
    const c = components({
      'go.mod': 'module example.com/flags\n\ngo 1.22\n',
      'cmd/flags/main.go':
        'package main\n\nimport "net/http"\n\nfunc main() {\n\t_ = http.ListenAndServe(":8080", nil)\n}\n',
      'internal/cmd/protoc-gen-flags-sdk/go.mod': 'module example.com/flags/protoc-gen-flags-sdk\n\ngo 1.22\n',
      'internal/cmd/protoc-gen-flags-sdk/main.go': main,
      'internal/cmd/report/go.mod': 'module example.com/flags/report\n\ngo 1.22\n',
      'internal/cmd/report/main.go': main,
    });
    const paths = c.list.map((x) => x.path);
    expect(paths).toContain('.');
    expect(paths).not.toContain('internal/cmd/protoc-gen-flags-sdk');
    expect(paths).toContain('internal/cmd/report');
  });
});

describe('components: an Elixir release image in a JavaScript workspace (x21j)', () => {
  const repo = {
    'package.json': '{"name": "relay-monorepo", "private": true}',
    'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n",
    'pnpm-lock.yaml': '',
    // The Elixir service is a workspace member only so changesets can version it: no dependencies, no start script.
    'packages/relay/package.json':
      '{"name": "@acme/relay", "private": true, "version": "2.1.0", "scripts": {"publish:hex": "mix hex.publish"}}',
    'packages/relay/mix.exs':
      'defmodule Relay.MixProject do\n  use Mix.Project\n\n  def project, do: [app: :relay, version: "2.1.0", deps: deps()]\n\n  defp deps, do: [{:bandit, "~> 1.5"}, {:plug, "~> 1.16"}]\nend\n',
    'packages/relay/mix.lock': '%{}\n',
    'packages/relay/config/config.exs': 'import Config\n',
    'packages/relay/config/runtime.exs':
      'import Config\nconfig :relay, port: String.to_integer(System.get_env("PORT", "4000"))\n',
    'packages/relay/rel/env.sh.eex': '#!/bin/sh\n',
    'packages/relay/lib/relay/application.ex':
      'defmodule Relay.Application do\n  use Application\n\n  def start(_type, _args) do\n    children = [{Bandit, plug: Relay.Router, port: 4000}]\n    Supervisor.start_link(children, strategy: :one_for_one)\n  end\nend\n',
    'packages/relay/lib/relay/router.ex':
      'defmodule Relay.Router do\n  use Plug.Router\n  plug :match\n  plug :dispatch\n  get "/v1/health", do: send_resp(conn, 200, "ok")\nend\n',
    // package.json is copied into the build folder itself; the release is then copied out of _build/<target>_prod.
    'packages/relay/Dockerfile':
      'ARG MIX_TARGET=application\nFROM hexpm/elixir:1.17.3-erlang-27.1-debian-bookworm-20240904-slim AS builder\nARG MIX_TARGET\nENV MIX_ENV=prod\nWORKDIR /build/relay\nCOPY mix.* /build/relay/\nRUN mix deps.get --only prod\nCOPY rel /build/relay/rel\nCOPY lib /build/relay/lib/\nCOPY package.json /build/relay/\nCOPY config/config.exs /build/relay/config/\nCOPY config/runtime.exs /build/relay/config/\nRUN mix release\n\nFROM debian:bookworm-slim AS runner\nARG MIX_TARGET\nWORKDIR /app\nCOPY --from=builder "/build/relay/_build/${MIX_TARGET}_prod/rel/relay" ./\nENTRYPOINT ["/app/bin/relay"]\nCMD ["start"]\n',
    '.github/workflows/image.yml':
      'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: useblacksmith/build-push-action@v2\n        with:\n          context: packages/relay\n          push: true\n          tags: ghcr.io/acme/relay:${{ github.sha }}\n',
    'packages/web/package.json':
      '{"name": "@acme/web", "private": true, "scripts": {"build": "vite build"}, "dependencies": {"react": "18.3.1"}, "devDependencies": {"vite": "5.4.0"}}',
    'packages/web/src/main.tsx': 'export const App = () => null;\n',
  };

  it('the release copied out of a build output is no folder template: the Dockerfile is its folder’s image, built by CI', () => {
    const c = components(repo);
    const relay = c.list.find((x) => x.path === 'packages/relay');
    expect(relay).toBeDefined();
    expect(relay!.stack).toBe('elixir');
    expect(relay!.dockerfiles).toEqual(['packages/relay/Dockerfile']);
    // Blacksmith's drop-in build-push-action pushes the image.
    expect(relay!.deployed).toBe(true);
    expect(relay!.deployedBy.some((r) => r.path === '.github/workflows/image.yml')).toBe(true);
  });
});

describe('components: Go modules (issue #21, Go stream)', () => {
  const GO_SERVER = {
    'go.sum': '',
    'main.go':
      'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})\n\t_ = http.ListenAndServe(":8080", nil)\n}\n',
    Dockerfile:
      'FROM golang:1.24 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/drive .\nFROM alpine:3.21\nCOPY --from=build /out/drive /drive\nCMD ["/drive"]\n',
  };

  it('a module path with a major-version suffix names the project by the element before it', () => {
    const c = components({ ...GO_SERVER, 'go.mod': 'module github.com/acme/filedrive/v4\n\ngo 1.24\n' });
    expect(c.list.map((x) => x.id)).toEqual(['filedrive']);
  });

  it('a stand-in service under dummy/ (a fake sign-in provider the dev compose starts) is only present', () => {
    const c = components({
      ...GO_SERVER,
      'go.mod': 'module github.com/acme/filedrive\n\ngo 1.24\n',
      'compose.yaml':
        'services:\n  filedrive:\n    build: .\n    ports: ["8080:8080"]\n  fake-sso:\n    build:\n      context: .\n      dockerfile: docker/dummy/sso/Dockerfile\n',
      'docker/dummy/sso/Dockerfile':
        'FROM golang:1.24\nWORKDIR /app\nCOPY /docker/dummy/sso/app/. .\nRUN go build -o server .\nCMD ["/app/server"]\n',
      'docker/dummy/sso/app/go.mod': 'module example.com/fakesso\n\ngo 1.24\n',
      'docker/dummy/sso/app/main.go':
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.HandleFunc("/authorize", func(w http.ResponseWriter, r *http.Request) {})\n\t_ = http.ListenAndServe(":9998", nil)\n}\n',
    });
    const sso = c.list.find((x) => x.path === 'docker/dummy/sso/app');
    expect(sso?.deployed ?? false).toBe(false);
    expect(c.list.find((x) => x.path === '.')?.deployed).toBe(true);
  });

  it('a module path without a version suffix keeps its last element', () => {
    const c = components({ ...GO_SERVER, 'go.mod': 'module github.com/acme/filedrive\n\ngo 1.24\n' });
    expect(c.list.map((x) => x.id)).toEqual(['filedrive']);
  });
});

describe('components: a workspace package a thin service package starts is that service', () => {
  const FEED = {
    'package.json': '{"name": "skyline", "private": true, "workspaces": ["packages/*", "services/*"]}',
    'packages/feed/package.json':
      '{"name": "@skyline/feed", "exports": {".": "./dist/index.js"}, "scripts": {"build": "tsc", "start": "node dist/bin.js"}, "dependencies": {"express": "^4.21.2"}}',
    'packages/feed/src/index.ts':
      "import express from 'express';\n\nexport function createFeed() {\n  const app = express();\n  app.get('/xrpc/feed', (_req, res) => res.json([]));\n  return app;\n}\n",
    'packages/feed/src/bin.ts': "import { createFeed } from './index';\n\ncreateFeed().listen(2584);\n",
    'services/feed/package.json':
      '{"name": "feed-service", "private": true, "dependencies": {"@skyline/feed": "workspace:^"}}',
    'services/feed/index.js':
      "const { createFeed } = require('@skyline/feed');\n\ncreateFeed().listen(Number(process.env.PORT) || 2584);\n",
    'services/feed/Dockerfile':
      'FROM node:22-alpine\nWORKDIR /app\nCOPY ./package.json ./\nCOPY ./packages/feed ./packages/feed\nCOPY ./services/feed ./services/feed\nRUN npm install && npm run build --workspace @skyline/feed\nWORKDIR /app/services/feed\nUSER node\nCMD ["node", "index.js"]\n',
    '.github/workflows/feed.yml':
      'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: ./services/feed/Dockerfile\n          push: true\n          tags: ghcr.io/skyline/feed:latest\n',
  };

  it('packages/feed (a start script for development) is not a second component beside services/feed', () => {
    const c = components(FEED);
    const deployed = c.list.filter((x) => x.deployed).map((x) => x.path);
    expect(deployed).toEqual(['services/feed']);
  });
});

describe('components: Nx projects without a package.json of their own', () => {
  it('take the workspace manifest and the libraries they import through tsconfig path aliases', () => {
    const app = (name: string) => ({
      [`apps/${name}/project.json`]: `{"name": "${name}", "projectType": "application", "sourceRoot": "apps/${name}/src"}`,
      [`apps/${name}/tsconfig.json`]: '{"extends": "../../tsconfig.base.json"}',
      [`apps/${name}/src/main.ts`]:
        "import express from 'express';\nimport { logger } from '@till/util/logging';\n\nconst app = express();\napp.get('/health', (_req, res) => res.send('ok'));\napp.listen(3000, () => logger.info('up'));\n",
      [`apps/${name}/Dockerfile`]: `FROM node:22-alpine\nWORKDIR /app\nCOPY dist/apps/${name} ./\nUSER node\nCMD ["node", "main.js"]\n`,
    });
    const c = components({
      'nx.json': '{"targetDefaults": {}}',
      'package.json':
        '{"name": "@till/source", "private": true, "dependencies": {"express": "^4.21.2", "pino": "^9.6.0"}}',
      'package-lock.json': '{"lockfileVersion": 3}',
      'tsconfig.base.json':
        '{"compilerOptions": {"baseUrl": ".", "paths": {"@till/util/logging": ["libs/util/logging/src/index.ts"], "@till/util/unused": ["libs/util/unused/src/index.ts"]}}}',
      'libs/util/logging/project.json': '{"name": "util-logging", "projectType": "library"}',
      'libs/util/logging/src/index.ts': "import pino from 'pino';\n\nexport const logger = pino();\n",
      'libs/util/unused/project.json': '{"name": "util-unused", "projectType": "library"}',
      'libs/util/unused/src/index.ts': 'export const unused = 1;\n',
      ...app('orders'),
      ...app('billing'),
    });
    const orders = c.byId('orders');
    expect(orders?.mounts).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'libs/util/logging']));
    expect(orders?.mounts).not.toContain('libs/util/unused');
  });
});

describe('components: .NET service folders with their release images and a hot-reload image', () => {
  const web = (ref: string) =>
    `<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <ProjectReference Include="${ref}" />\n  </ItemGroup>\n</Project>\n`;
  const copies = (svc: string, name: string) =>
    `COPY ./services/${svc}/Directory.Build.props ./${svc}/\nCOPY ./services/${svc}/${name}.Api/ ./${svc}/${name}.Api/\nCOPY ./services/${svc}/${name}.Core/ ./${svc}/${name}.Core/\nWORKDIR /src/${svc}/${name}.Api\n`;
  const service = (svc: string, name: string): Record<string, string> => ({
    [`services/${svc}/Dockerfile`]: `FROM mcr.microsoft.com/dotnet/sdk:9.0 AS build\nWORKDIR /src\n${copies(svc, name)}RUN dotnet publish -c Release -o /app/publish\n\nFROM mcr.microsoft.com/dotnet/aspnet:9.0\nWORKDIR /app\nCOPY --from=build /app/publish .\nENTRYPOINT ["dotnet", "${name}.Api.dll"]\n`,
    [`services/${svc}/Directory.Build.props`]: '<Project>\n</Project>\n',
    [`services/${svc}/${name}.Api/${name}.Api.csproj`]: web(`..\\${name}.Core\\${name}.Core.csproj`),
    [`services/${svc}/${name}.Api/Program.cs`]: `using ${name}.Core;\n\nvar builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\napp.Map${name}();\napp.Run();\n`,
    [`services/${svc}/${name}.Core/${name}.Core.csproj`]:
      '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <FrameworkReference Include="Microsoft.AspNetCore.App" />\n  </ItemGroup>\n</Project>\n',
    [`services/${svc}/${name}.Core/Endpoints.cs`]: `namespace ${name}.Core;\n\npublic static class Endpoints\n{\n    public static void Map${name}(this WebApplication app) => app.MapGet("/api/v1/${svc}", () => Results.Ok());\n}\n`,
  });
  const repo = {
    ...service('billing', 'Billing'),
    ...service('orders', 'Orders'),
    'services/billing/Dockerfile.watch': `FROM mcr.microsoft.com/dotnet/sdk:9.0\nWORKDIR /src\n${copies('billing', 'Billing')}ENV DOTNET_USE_POLLING_FILE_WATCHER 1\nRUN dotnet watch run Billing.Api.csproj\n`,
    'docker-compose.prod.yml':
      'services:\n  billing:\n    image: billing:latest\n    build:\n      context: .\n      dockerfile: services/billing/Dockerfile\n    restart: always\n  orders:\n    image: orders:latest\n    build:\n      context: .\n      dockerfile: services/orders/Dockerfile\n    restart: always\n',
  };

  it('the hot-reload image (Dockerfile.watch) makes no component of the service folder: the API project is the one', () => {
    const c = components(repo);
    expect(c.list.map((x) => x.path).sort()).toEqual(['services/billing/Billing.Api', 'services/orders/Orders.Api']);
    const f = new Facts(RepoIndex.fromMemory(repo));
    const view = f.forComponent(f.components.byId(c.owner('services/billing/Billing.Api/Program.cs')!.id)!);
    expect(view.repo.has('../Billing.Core/Endpoints.cs')).toBe(true);
  });
});

describe('components: one image of a workspace built from the root', () => {
  const workspace = (dockerfileName: string, compose: string): Record<string, string> => ({
    'package.json': '{"name": "desk", "private": true, "workspaces": ["apps/*"]}\n',
    'package-lock.json': '{}\n',
    'apps/api/package.json':
      '{"name": "api", "scripts": {"build": "tsc", "start": "node dist/main.js"}, "dependencies": {"fastify": "4.28.0"}}\n',
    'apps/api/src/main.ts':
      "import Fastify from 'fastify';\nconst app = Fastify();\napp.get('/api/v1/items', async () => []);\napp.listen({ port: 4000 });\n",
    'apps/web/package.json':
      '{"name": "web", "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "15.0.0"}}\n',
    'apps/web/app/page.tsx': 'export default function Page() { return null; }\n',
    [dockerfileName]:
      'FROM node:22.11 AS build\nWORKDIR /app\nCOPY apps/api ./apps/api\nCOPY apps/web ./apps/web\nRUN cd apps/api && npm ci && npm run build\nRUN cd apps/web && npm ci && npm run build\n\nFROM node:22.11\nWORKDIR /app\nCOPY --from=build /app/apps/api ./apps/api\nCOPY --from=build /app/apps/web/.next/standalone ./apps/web\nCMD ["sh", "-c", "node apps/api/dist/main.js & node apps/web/server.js"]\n',
    'docker-compose.yml': compose,
  });

  it('a compose service building the root image of two apps does not make the root a component', () => {
    const c = components(
      workspace('Dockerfile', 'services:\n  desk:\n    image: acme/desk:1\n    build: .\n    restart: always\n'),
    );
    expect(c.list.map((x) => x.path)).toEqual(['apps/api', 'apps/web']);
    expect(c.list.every((x) => x.deployed && x.target === 'compose')).toBe(true);
  });

  it('a build naming no Dockerfile reads the lowercase `dockerfile` when that is the only one (Docker falls back to it)', () => {
    const files = workspace('dockerfile', 'services:\n  desk:\n    build: .\n    restart: always\n');
    expect(new Facts(RepoIndex.fromMemory(files)).compose.services[0]!.build!.dockerfile).toBe('dockerfile');
    const c = components(files);
    expect(c.byId('web')?.dockerfiles).toEqual(['dockerfile']);
  });
});

describe('components: images of an umbrella Helm chart', () => {
  const app = (name: string): Record<string, string> => ({
    [`apps/${name}/package.json`]: `{"name": "${name}", "scripts": {"start": "node server.js"}, "dependencies": {"express": "4.21.0"}}\n`,
    [`apps/${name}/server.js`]: `const express = require('express');\nconst app = express();\napp.get('/${name}', (req, res) => res.send('ok'));\napp.listen(3000);\n`,
    [`apps/${name}/Dockerfile`]:
      'FROM node:22.14.0-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n',
  });
  const subChart = (name: string): Record<string, string> => ({
    [`deploy/shop/charts/${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`,
    [`deploy/shop/charts/${name}/values.yaml`]: `image:\n  repository: ghcr.io/acme/shop-${name}\n  tag: ''\n`,
    [`deploy/shop/charts/${name}/templates/deployment.yaml`]: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"\n`,
  });

  it("each sub-chart's template reads its own values.yaml, not the umbrella chart's", () => {
    const c = components({
      'package.json': '{"name": "shop", "private": true, "workspaces": ["apps/*"]}\n',
      ...app('api'),
      ...app('web'),
      'deploy/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.0.0\n',
      'deploy/shop/values.yaml': 'global:\n  domain: shop.example.com\n',
      ...subChart('api'),
      ...subChart('web'),
      '.github/workflows/images.yml':
        'on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: apps/api\n          push: true\n          tags: ghcr.io/acme/shop-api:latest\n      - uses: docker/build-push-action@v6\n        with:\n          context: apps/web\n          push: true\n          tags: ghcr.io/acme/shop-web:latest\n',
    });
    expect(c.list.map((x) => [x.path, x.target])).toEqual([
      ['apps/api', 'kubernetes'],
      ['apps/web', 'kubernetes'],
    ]);
  });
});

describe('components: CI builds of a Dockerfile kept in a dot-folder', () => {
  it("`file: .docker/api/Dockerfile` keeps its leading dot, so the image CI pushes is that Dockerfile's", () => {
    const c = components({
      'package.json': '{"name": "ledger", "private": true, "workspaces": ["services/*"]}\n',
      'services/api/package.json':
        '{"name": "api", "scripts": {"start": "node main.js"}, "dependencies": {"express": "4.21.0"}}\n',
      'services/api/main.js': "const express = require('express');\nexpress().listen(3000);\n",
      'services/worker/package.json':
        '{"name": "worker", "scripts": {"start": "node main.js"}, "dependencies": {"express": "4.21.0"}}\n',
      'services/worker/main.js': "const express = require('express');\nexpress().listen(3001);\n",
      '.docker/api/Dockerfile':
        'FROM node:22.14.0-slim\nWORKDIR /app\nCOPY services/api .\nRUN npm ci\nCMD ["node", "main.js"]\n',
      '.github/workflows/images.yml':
        'on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: .docker/api/Dockerfile\n          push: true\n          tags: registry.example.com/ledger-core:latest\n',
      'k8s/core.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: core\nspec:\n  template:\n    spec:\n      containers:\n        - name: core\n          image: registry.example.com/ledger-core:latest\n',
    });
    expect(c.owner('services/api/main.js')?.target).toBe('kubernetes');
  });
});

describe('components: images built by a reusable workflow for each caller', () => {
  const svc = (name: string): Record<string, string> => ({
    [`packages/${name}/package.json`]: `{"name": "@notes/${name}", "scripts": {"start": "node dist/main.js"}, "dependencies": {"express": "4.21.0"}}\n`,
    [`packages/${name}/src/main.ts`]: `import express from 'express';\nexpress().get('/${name}', (_q, r) => r.send('ok')).listen(3000);\n`,
    [`packages/${name}/Dockerfile`]: `FROM node:22.14.0-slim\nWORKDIR /app\nCOPY packages/${name} .\nRUN npm ci && npm run build\nCMD ["node", "dist/main.js"]\n`,
  });
  const files = (uses: (file: string) => string): Record<string, string> => ({
    'package.json': '{"name": "notes", "private": true, "workspaces": ["packages/*"]}\n',
    'yarn.lock': '# lock\n',
    ...svc('sync'),
    ...svc('files'),
    '.github/workflows/image.yml':
      'on:\n  workflow_call:\n    inputs:\n      service:\n        type: string\n      folder:\n        type: string\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: ${{ inputs.folder }}/Dockerfile\n          push: true\n          tags: notesorg/${{ inputs.service }}:latest\n',
    '.github/workflows/release.yml': `on:\n  workflow_call:\n    inputs:\n      service:\n        type: string\n      folder:\n        type: string\njobs:\n  image:\n    uses: ${uses('image.yml')}\n    with:\n      service: \${{ inputs.service }}\n      folder: \${{ inputs.folder }}\n    secrets: inherit\n`,
    '.github/workflows/sync.yml': `on:\n  push:\n    tags: ['sync-*']\njobs:\n  release:\n    uses: ${uses('release.yml')}\n    with:\n      service: sync\n      folder: packages/sync\n`,
    '.github/workflows/files.yml': `on:\n  push:\n    tags: ['files-*']\njobs:\n  release:\n    uses: ${uses('release.yml')}\n    with:\n      service: files\n      folder: packages/files\n`,
  });

  it("the Dockerfile each caller's inputs name is built and pushed, through a workflow passing its inputs on", () => {
    const c = components(files((f) => `./.github/workflows/${f}`));
    expect(c.list.map((x) => [x.path, x.why])).toEqual([
      ['packages/files', 'deployed: CI builds and pushes its image (.github/workflows/image.yml:13)'],
      ['packages/sync', 'deployed: CI builds and pushes its image (.github/workflows/image.yml:13)'],
    ]);
  });

  it('the repository calling its own reusable workflow by owner/name/path@ref is read the same way', () => {
    const c = components(files((f) => `notesorg/server/.github/workflows/${f}@main`));
    expect(c.list.map((x) => [x.path, x.why])).toEqual([
      ['packages/files', 'deployed: CI builds and pushes its image (.github/workflows/image.yml:13)'],
      ['packages/sync', 'deployed: CI builds and pushes its image (.github/workflows/image.yml:13)'],
    ]);
  });
});

describe('components: a root platform descriptor running a workspace script', () => {
  it('railway startCommand `pnpm server:start`, whose root script filters to the API package, deploys that package', () => {
    const c = components({
      'package.json':
        '{"name": "board", "private": true, "scripts": {"server:start": "pnpm --filter @board/api start", "build:theme": "pnpm --filter @board/theme build"}}\n',
      'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
      'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
      'railway.json':
        '{"build": {"builder": "NIXPACKS"}, "deploy": {"startCommand": "pnpm server:start", "healthcheckPath": "/api"}}\n',
      'packages/api/package.json':
        '{"name": "@board/api", "scripts": {"start": "node index.js"}, "dependencies": {"express": "4.21.0"}}\n',
      'packages/api/index.js':
        "const express = require('express');\nconst app = express();\napp.get('/api', (_q, r) => r.send('ok'));\napp.listen(3000);\n",
      'packages/theme/package.json':
        '{"name": "@board/theme", "scripts": {"build": "vite build"}, "dependencies": {"vue": "3.5.0"}, "devDependencies": {"vite": "6.0.0"}}\n',
      'packages/theme/index.html': '<div id="app"></div>\n',
      'packages/theme/src/main.ts': "import { createApp } from 'vue';\ncreateApp({}).mount('#app');\n",
    });
    expect(c.list.find((x) => x.path === '.')).toBeUndefined();
    expect(c.owner('packages/api/index.js')?.target).toBe('paas');
  });
});

describe('components: a release workflow that builds the root Dockerfile under a local tag and renames it', () => {
  const BOOKS = {
    'package.json': '{"name": "books", "scripts": {"start": "node server.js"}, "dependencies": {"express": "4.19.2"}}',
    'server.js':
      'const express = require("express");\nconst app = express();\napp.get("/healthz", (req, res) => res.send("ok"));\napp.listen(process.env.PORT || 3000);\n',
    Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
    'deployment/docker-compose.yml':
      'services:\n  shelf:\n    image: "acme/shelf:2"\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:3000/healthz"]\n    restart: unless-stopped\n',
  };
  const RELEASE =
    'on:\n  push:\n    tags: ["*"]\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Build\n        uses: docker/build-push-action@v6\n        with:\n          load: true\n          tags: shelf-local\n      - name: Rename\n        run: |\n          docker tag shelf-local acme/shelf:latest\n          docker tag shelf-local acme/shelf:${{ github.ref_name }}\n      - name: Push\n        run: docker push acme/shelf:latest\n';

  it('the action without a context builds ./Dockerfile, and the renamed image is the one compose runs', () => {
    const c = components({ ...BOOKS, '.github/workflows/release.yml': RELEASE });
    expect(c.list.map((x) => [x.path, x.deployed, x.target])).toEqual([['.', true, 'compose']]);
    expect([...c.list[0]!.images].sort()).toEqual(['shelf', 'shelf-local']);
    expect(c.list[0]!.deployedBy.map((d) => d.path)).toContain('deployment/docker-compose.yml');
  });

  it('without the rename, the local tag names no image compose runs', () => {
    const c = components({
      ...BOOKS,
      '.github/workflows/release.yml': RELEASE.replace(/ {6}- name: Rename[\s\S]*$/, ''),
    });
    expect([...c.list[0]!.images]).toEqual(['shelf-local']);
    expect(c.list[0]!.deployedBy.map((d) => d.path)).not.toContain('deployment/docker-compose.yml');
  });
});

describe('components: a Worker in a generic folder is named by its wrangler descriptor', () => {
  it('packages/server with wrangler.json `name: "tallyho"` is the component tallyho, not "packages"', () => {
    const c = components({
      'package.json': '{"private": true, "workspaces": ["packages/*"]}',
      'packages/server/package.json':
        '{"name": "@tallyho/server", "scripts": {"deploy": "wrangler deploy"}, "dependencies": {"hono": "4.6.0"}, "devDependencies": {"wrangler": "3.80.0"}}',
      'packages/server/wrangler.json':
        '{\n  "$schema": "node_modules/wrangler/config-schema.json",\n  "name": "tallyho",\n  "main": "src/index.ts",\n  "compatibility_date": "2024-09-01"\n}\n',
      'packages/server/src/index.ts':
        'import { Hono } from "hono";\nconst app = new Hono();\napp.get("/", (c) => c.text("ok"));\nexport default app;\n',
      'packages/web/package.json':
        '{"name": "@tallyho/web", "scripts": {"build": "vite build"}, "dependencies": {"react": "18.3.1"}, "devDependencies": {"vite": "5.4.0"}}',
      'packages/web/src/main.tsx':
        'import { createRoot } from "react-dom/client";\ncreateRoot(document.body).render(null);\n',
    });
    expect(c.list.find((x) => x.path === 'packages/server')?.id).toBe('tallyho');
  });
});

describe('components: a package with its own lockfile outside any workspace', () => {
  const SIDE_SERVICES = {
    'package.json': '{"name": "beacon", "scripts": {"api:docker": "docker build -t beacon-api ./api"}}',
    'api/package.json':
      '{"name": "api", "scripts": {"start": "node dist/index.js", "build": "tsc"}, "dependencies": {"express": "5.1.0"}}',
    'api/package-lock.json': '{"lockfileVersion": 3}\n',
    'api/src/index.ts': 'import express from "express";\nexpress().listen(Number(process.env.PORT));\n',
    'api/Dockerfile':
      'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n',
    'docker-compose.yml': 'services:\n  api:\n    build: ./api\n    restart: unless-stopped\n',
    'mailer/package.json':
      '{"name": "mailer", "main": "dist/index.js", "scripts": {"build": "tsc"}, "dependencies": {"express": "5.1.0"}}',
    'mailer/pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    'mailer/src/index.ts':
      'import express from "express";\nconst app = express();\napp.post("/send", (req, res) => res.sendStatus(202));\napp.listen(4100);\n',
  };

  it('is a component of its own, not code of a phantom root', () => {
    const c = components(SIDE_SERVICES);
    expect(c.list.map((x) => x.path).sort()).toEqual(['api', 'mailer']);
  });

  it('a library package with its own lockfile (an SDK others install) is none', () => {
    const { 'mailer/src/index.ts': _, ...rest } = SIDE_SERVICES;
    const c = components({
      ...rest,
      'mailer/package.json':
        '{"name": "mailer-sdk", "main": "dist/index.js", "scripts": {"build": "tsc"}, "dependencies": {"zod": "3.24.2"}}',
      'mailer/src/index.ts':
        'export function send(to: string): Promise<void> {\n  return fetch(`/send?to=${to}`).then(() => undefined);\n}\n',
    });
    expect(c.list.map((x) => x.path)).not.toContain('mailer');
  });
});

describe("listing: a settings package's third_party/ folder", () => {
  it("keeps `settings/third_party/` (the project's settings for each library) and leaves out other third_party/ folders", () => {
    expect(defaultIgnored('cl/settings/third_party/sentry.py', false)).toBe(false);
    expect(defaultIgnored('cl/settings/third_party', true)).toBe(false);
    expect(defaultIgnored('cl/third_party/six.py', false)).toBe(true);
    expect(defaultIgnored('third_party/settings/x.py', false)).toBe(true);
  });
});

describe('components: a Prisma schema kept at the workspace root', () => {
  const workspace = (client: string) => ({
    'package.json': '{"name": "post", "private": true, "workspaces": ["packages/*"]}',
    'yarn.lock': '# lock\n',
    'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n',
    'prisma/migrations/20250101000000_init/migration.sql': 'CREATE TABLE "Letter" ("id" TEXT PRIMARY KEY);\n',
    'packages/api/package.json':
      '{"name": "@post/api", "scripts": {"start": "node dist/server.js"}, "dependencies": {"express": "^4.21.0"}}',
    'packages/api/src/db.ts': client,
    'packages/api/src/server.ts': 'import express from "express";\nexpress().listen(4000);\n',
    'packages/web/package.json':
      '{"name": "@post/web", "scripts": {"start": "next start"}, "dependencies": {"next": "14.2.5"}}',
    'packages/web/pages/index.tsx':
      'import type { Letter } from "@prisma/client";\nexport default function Home() { return null; }\n',
  });

  it('belongs to the member that makes the client, not to one importing its types', () => {
    const c = components(
      workspace('import { PrismaClient } from "@prisma/client";\nexport const db = new PrismaClient();\n'),
    );
    expect(c.byId('api')?.mounts).toContain('prisma');
    expect(c.byId('web')?.mounts).not.toContain('prisma');
  });

  it('stays out of a member that never makes the client', () => {
    const c = components(workspace('export const db = undefined;\n'));
    expect(c.byId('api')?.mounts).not.toContain('prisma');
  });
});

describe('components: a package with its own lockfile that the root image copies in', () => {
  it('ships in that image: no component of its own', () => {
    const c = components({
      Dockerfile:
        'FROM node:22-alpine\nWORKDIR /srv\nCOPY app ./app\nRUN cd app && npm ci --omit=dev\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["sh", "/entrypoint.sh"]\n',
      'docker/entrypoint.sh': '#!/bin/sh\nset -e\ncd app\nnpm start\n',
      'app/package.json':
        '{"name": "relay", "scripts": {"start": "node server.js"}, "dependencies": {"express": "4.21.0"}}',
      'app/package-lock.json': '{"lockfileVersion": 3}\n',
      'app/server.js': 'require("express")().listen(8080);\n',
    });
    expect(c.list.map((x) => x.path)).toEqual(['.']);
  });
});

describe('components: a chart workload whose values name an off-the-shelf image', () => {
  const repo = (repository: string) => ({
    'package.json': '{"private": true, "workspaces": ["apps/*", "internal/*"]}',
    'apps/web/package.json':
      '{"name": "web", "scripts": {"start": "node server.js"}, "dependencies": {"express": "4.21.0", "@relay/clickhouse": "*"}}',
    'apps/web/server.js': 'require("express")().listen(3000);\n',
    'apps/web/Dockerfile': 'FROM node:22\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
    'internal/clickhouse/package.json':
      '{"name": "@relay/clickhouse", "main": "dist/index.js", "scripts": {"build": "tsc"}}',
    'internal/clickhouse/src/index.ts': 'export const table = "events";\n',
    'internal/clickhouse/Dockerfile':
      'FROM golang:1.23\nRUN go install github.com/pressly/goose/v3/cmd/goose@latest\nCOPY schema ./schema\nCMD ["goose", "up"]\n',
    'internal/clickhouse/schema/001_init.sql': 'CREATE TABLE events (id UInt64) ENGINE = MergeTree ORDER BY id;\n',
    'chart/Chart.yaml': 'apiVersion: v2\nname: relay\nversion: 1.0.0\n',
    'chart/values.yaml': `clickhouse:\n  image:\n    registry: docker.io\n    repository: ${repository}\n    tag: "25.8"\n`,
    'chart/templates/clickhouse.yaml':
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: clickhouse\nspec:\n  template:\n    spec:\n      containers:\n        - name: clickhouse\n          image: "{{ .Values.clickhouse.image.registry }}/{{ .Values.clickhouse.image.repository }}:{{ .Values.clickhouse.image.tag }}"\n',
  });

  it("runs that product, not the folder that shares the workload's name (internal/clickhouse holds a migrator image)", () => {
    const c = components(repo('clickhouse/clickhouse-server'));
    expect(c.list.find((x) => x.path === 'internal/clickhouse')?.target).not.toBe('kubernetes');
  });

  it("an image of the project's own by that name is still the folder's", () => {
    const c = components(repo('acme/clickhouse'));
    expect(c.list.find((x) => x.path === 'internal/clickhouse')?.target).toBe('kubernetes');
  });
});

describe('components: a root image starting an Elixir release built in a workspace folder (x21r)', () => {
  const repo = (entrypoint: string) => ({
    'package.json': '{"name": "signage", "private": true, "workspaces": ["packages/editor", "packages/server/assets"]}',
    'yarn.lock': '# yarn lockfile v1\n',
    'packages/editor/package.json':
      '{"name": "signage-editor", "scripts": {"build": "vite build"}, "dependencies": {"solid-js": "1.8.0"}, "devDependencies": {"vite": "5.4.0"}}',
    'packages/editor/src/index.tsx': 'export const Editor = () => null;\n',
    'packages/server/mix.exs':
      'defmodule Signage.MixProject do\n  use Mix.Project\n\n  def project, do: [app: :signage, version: "1.0.0", deps: deps()]\n\n  defp deps, do: [{:phoenix, "~> 1.7"}, {:bandit, "~> 1.5"}]\nend\n',
    'packages/server/mix.lock': '%{}\n',
    'packages/server/assets/package.json':
      '{"name": "signage-assets", "private": true, "dependencies": {"topbar": "2.0.0"}}',
    'packages/server/entrypoint.sh': '#!/bin/sh\n/app/bin/migrate\nexec /app/bin/signage start\n',
    'packages/server/lib/signage_web/endpoint.ex':
      'defmodule SignageWeb.Endpoint do\n  use Phoenix.Endpoint, otp_app: :signage\n  plug SignageWeb.Router\nend\n',
    'packages/server/lib/signage_web/router.ex':
      'defmodule SignageWeb.Router do\n  use Phoenix.Router\n  get "/api/health", SignageWeb.HealthController, :check\nend\n',
    Dockerfile: [
      'FROM hexpm/elixir:1.17.2-erlang-26.2-debian-bookworm-20240812-slim AS builder',
      'COPY . /app',
      'WORKDIR /app',
      'RUN yarn install',
      'WORKDIR /app/packages/server',
      'ENV MIX_ENV=prod',
      'RUN mix deps.get --only prod && mix release',
      'FROM debian:bookworm-slim',
      'WORKDIR "/app"',
      'COPY --from=builder /app/packages/server/_build/prod/rel/signage ./',
      'COPY --from=builder /app/packages/server/entrypoint.sh ./',
      'COPY --from=builder /app/packages/editor ./editor',
      `ENTRYPOINT ["${entrypoint}"]`,
      '',
    ].join('\n'),
    'docker-compose.yml': 'services:\n  backend:\n    build:\n      context: .\n    ports:\n      - "4000:4000"\n',
  });

  it('the image is the release folder’s, not the workspace app it also copies in, and the root lockfile locks its assets', () => {
    const c = components(repo('/app/entrypoint.sh'));
    const server = c.list.find((x) => x.path === 'packages/server');
    expect(server?.stack).toBe('elixir');
    expect(server?.deployed).toBe(true);
    expect(server?.dockerfiles).toContain('Dockerfile');
    expect(c.list.find((x) => x.path === 'packages/editor')?.deployed).not.toBe(true);
    expect(server?.mounts).toContain('yarn.lock');
  });

  it('a start command the layout does not trace to a file of the folder moves nothing', () => {
    const c = components(repo('/app/bin/signage'));
    expect(c.list.find((x) => x.path === 'packages/server')?.dockerfiles ?? []).not.toContain('Dockerfile');
  });
});

describe('components: a Python image serving the build of a workspace front end', () => {
  const files = (finalCmd: string): Record<string, string> => ({
    'package.json': '{"name": "vault", "private": true, "workspaces": ["frontend"]}\n',
    'package-lock.json': '{"lockfileVersion": 3}\n',
    'frontend/package.json':
      '{"name": "frontend", "scripts": {"build": "next build"}, "dependencies": {"next": "15.1.0", "react": "19.0.0"}}\n',
    'frontend/src/pages/index.tsx': 'export default function Home() {\n  return <main>vault</main>;\n}\n',
    'requirements.txt': 'Django==5.1.4\ngunicorn==23.0.0\n',
    'manage.py':
      'import os\nimport sys\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "vault.settings")\nfrom django.core.management import execute_from_command_line\n\nexecute_from_command_line(sys.argv)\n',
    'vault/__init__.py': '',
    'vault/settings.py': 'ROOT_URLCONF = "vault.urls"\nWSGI_APPLICATION = "vault.wsgi.application"\n',
    'vault/urls.py':
      'from django.http import JsonResponse\nfrom django.urls import path\n\nurlpatterns = [path("ping/", lambda r: JsonResponse({"ok": True}))]\n',
    'vault/wsgi.py':
      'import os\n\nfrom django.core.wsgi import get_wsgi_application\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "vault.settings")\napplication = get_wsgi_application()\n',
    Dockerfile: `FROM node:22.14.0 AS frontend\nWORKDIR /home/node\nCOPY package*.json .\nCOPY frontend frontend\nRUN npm ci --workspace frontend\nRUN npm run build --workspace frontend\n\nFROM python:3.12.8 AS app\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . /app\nCOPY --from=frontend /home/node/frontend/out frontend/out\n${finalCmd}\n`,
    '.github/workflows/ci.yml':
      'on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          push: false\n          tags: vault:backend\n',
  });

  it('the image is the root service, which ships the front end; a build that is not pushed says so', () => {
    const c = components(files('CMD ["gunicorn", "vault.wsgi:application"]'));
    expect(c.byId('vault')?.deployed).toBe(true);
    expect(c.byId('vault')?.why).toBe('deployed: CI builds its image (.github/workflows/ci.yml:6)');
    expect(c.byId('frontend')?.why).toMatch(/^deployed: the image of the repository root ships it/);
  });

  it('a final stage that runs the front end with node is the front end’s image', () => {
    const c = components(files('RUN npm install -g serve\nCMD ["npx", "serve", "frontend/out"]'));
    expect(c.byId('frontend')?.dockerfiles).toEqual(['Dockerfile']);
  });
});

describe('components: what a Vercel project deploys in a pnpm monorepo', () => {
  const MONOREPO = {
    'package.json': '{"name": "studio", "private": true}',
    'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - packages/*\n',
    'apps/editor/package.json':
      '{"name": "@studio/editor", "scripts": {"build": "remix vite:build", "start": "remix-serve build/server/index.js"}, "dependencies": {"@remix-run/node": "2.15.0", "@remix-run/serve": "2.15.0"}}',
    'apps/editor/app/root.tsx': 'export default function App() {\n  return null;\n}\n',
    'apps/editor/app/routes/api.health.ts': 'export const loader = () => new Response("ok");\n',
    'apps/site/package.json':
      '{"name": "@studio/site", "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "15.0.0", "react": "19.0.0"}}',
    'apps/site/app/page.tsx': 'export default function Page() {\n  return null;\n}\n',
    'packages/ui/package.json': '{"name": "@studio/ui", "main": "index.ts"}',
    'packages/ui/index.ts': 'export const button = "button";\n',
    '.github/actions/vercel/action.yml':
      'name: vercel\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      run: |\n        mkdir -p .vercel\n        echo \'{"settings": {"rootDirectory": "apps/editor"}}\' > .vercel/project.json\n    - shell: bash\n      run: pnpx vercel deploy --prebuilt --token "$VERCEL_TOKEN"\n',
    '.github/workflows/deploy.yml':
      'name: deploy\non:\n  push:\n    branches: [main]\njobs:\n  vercel:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ./.github/actions/vercel\n',
  };

  it('a local action that writes the project root before `vercel deploy` deploys that app, not the root', () => {
    const list = components({ ...MONOREPO, 'vercel.json': '{"git": {"deploymentEnabled": false}}' }).list;
    expect(list.map((c) => [c.path, c.deployed, c.target])).toEqual([
      ['apps/editor', true, 'serverless'],
      ['apps/site', false, 'unknown'],
    ]);
  });

  it('a Worker bundle checked with `wrangler deploy --dry-run` deploys nothing', () => {
    const dry = {
      ...MONOREPO,
      '.github/workflows/bundle.yml':
        'name: bundle\non: [push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pnpm wrangler deploy --name check --dry-run --outdir dist\n',
    };
    const facts = new Facts(RepoIndex.fromMemory(dry));
    expect(facts.platform.targets.map((t) => t.platform)).toEqual(['vercel']);
    expect(facts.components.list.flatMap((c) => c.deployedBy.map((d) => d.path))).not.toContain(
      '.github/workflows/bundle.yml',
    );
  });

  it("a template's own vercel.json deploys neither the template nor the root", () => {
    const tpl = { ...MONOREPO, 'packages/cli/templates/static-site/public/vercel.json': '{"cleanUrls": true}' };
    expect(components(tpl).list.map((c) => c.path)).toEqual(['apps/editor', 'apps/site']);
  });
});

describe('components: a workspace app with only a dev script that a root image starts', () => {
  const repo = {
    'package.json': '{"name": "tally", "private": true, "workspaces": ["apps/*", "packages/*"]}',
    'bun.lock': '{}\n',
    // No start, build or serve script: by its manifest alone, a library.
    'apps/api/package.json':
      '{"name": "@tally/api", "module": "index.ts", "scripts": {"dev": "bun --hot src/index.ts"}, "dependencies": {"elysia": "^1.3.0", "@tally/store": "workspace:*"}}',
    'apps/api/src/index.ts':
      'import { Elysia } from "elysia";\nimport { count } from "@tally/store";\n\nnew Elysia().get("/count", () => count()).listen(4000);\n',
    'packages/store/package.json': '{"name": "@tally/store", "main": "src/index.ts"}',
    'apps/web/package.json':
      '{"name": "@tally/web", "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "15.0.0", "react": "19.0.0"}}',
    'apps/web/app/page.tsx': 'export default function Page() {\n  return <main>tally</main>;\n}\n',
    'packages/store/src/index.ts': 'export const count = () => 1;\n',
    'api.Dockerfile':
      'FROM oven/bun:1.2.20-slim\nWORKDIR /app\nCOPY package.json bun.lock ./\nCOPY apps/api/ ./apps/api/\nCOPY packages/ ./packages/\nRUN bun install\nWORKDIR /app/apps/api\nCMD ["bun", "run", "src/index.ts"]\n',
  };
  it('is the component the image ships, not the workspace root', () => {
    const c = components(repo);
    expect(c.list.map((x) => [x.id, x.path])).toEqual([
      ['api', 'apps/api'],
      ['web', 'apps/web'],
    ]);
    expect(c.list[0]!.dockerfiles).toEqual(['api.Dockerfile']);
  });
  it('a library the image only builds on the way stays a library', () => {
    const c = components({
      ...repo,
      'api.Dockerfile':
        'FROM oven/bun:1.2.20-slim\nWORKDIR /app\nCOPY . .\nRUN bun install\nWORKDIR /app/packages/store\nRUN bun run build\nWORKDIR /app\nCMD ["bun", "run", "main.ts"]\n',
      'main.ts': 'import { count } from "@tally/store";\nconsole.log(count());\n',
    });
    expect(c.list.map((x) => x.path)).toEqual(['.', 'apps/web']);
  });
});

describe('components: folders a deploy script copies to a host and starts with pm2', () => {
  const app = (name: string, port: number) => ({
    [`${name}/package.json`]: `{"name": "${name}", "scripts": {"build": "tsc", "start": "node dist/index.js"}, "dependencies": {"express": "4.21.1"}}`,
    [`${name}/pnpm-lock.yaml`]: "lockfileVersion: '9.0'\n",
    [`${name}/src/index.ts`]: `import express from 'express';\nexpress().listen(${port});\n`,
    [`scripts/${name}/deploy.ts`]: `import path from 'node:path';\nimport { scp, ssh } from '../remote';\n\nconst LOCAL_PATH = path.join(__dirname, '../../${name}');\nconst TMP_PATH = path.join(__dirname, '../../tmp');\n\nexport async function deploy() {\n  await scp.uploadFile(\`\${TMP_PATH}/${name}.zip\`, '/srv/${name}/${name}.zip');\n  await ssh.execCommand('cd /srv/${name} && unzip ${name}.zip && pm2 start ecosystem.config.js');\n  return LOCAL_PATH;\n}\n`,
  });
  it('runs each folder on a host (vm), named by the folder', () => {
    const c = components({
      ...app('mailer', 3020),
      ...app('billing', 3030),
      'scripts/remote.ts': 'export const scp = {};\nexport const ssh = {};\n',
    });
    expect(c.list.map((x) => [x.id, x.target, x.deployed])).toEqual([
      ['billing', 'vm', true],
      ['mailer', 'vm', true],
    ]);
  });
});

describe('components: compose services named for environments', () => {
  it('name the component without the environment (ledger-dev, ledger-prod → ledger)', () => {
    const c = components({
      'package.json':
        '{"name": "ledger-app", "private": true, "workspaces": ["apps/*"], "scripts": {"start": "node server.js"}, "dependencies": {"hono": "4.6.0", "@hono/node-server": "1.13.0"}}',
      'server.js':
        'const { serve } = require("@hono/node-server");\nconst { Hono } = require("hono");\nserve({ fetch: new Hono().get("/healthz", (c) => c.text("ok")).fetch, port: 3000 });\n',
      Dockerfile: 'FROM node:22.11-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
      'compose.yaml':
        'services:\n  ledger-dev:\n    build: .\n    ports:\n      - "3000:3000"\n  ledger-prod:\n    build: .\n    ports:\n      - "4096:3000"\n',
      'apps/guide/package.json':
        '{"name": "guide", "scripts": {"build": "astro build", "deploy": "astro build && wrangler deploy"}, "dependencies": {"astro": "5.0.0"}}',
      'apps/guide/src/pages/index.astro': '<h1>Guide</h1>\n',
    });
    expect(c.list.map((x) => [x.id, x.path])).toEqual([
      ['ledger', '.'],
      ['guide', 'apps/guide'],
    ]);
  });
});

describe('components: an all-in-one image of a workspace', () => {
  // A pnpm workspace whose one Dockerfile builds every app in a shared stage, then has a target per image: an
  // all-in-one target holding the web app (Next.js standalone output) and the worker (written out by `pnpm deploy`)
  // beside s6 service files from docker/, and a command-line program's target last in the file.
  const repo = {
    'package.json': '{"name":"shelf","private":true,"scripts":{"build":"pnpm -r build"}}\n',
    'pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
    'pnpm-lock.yaml': 'lockfileVersion: "9.0"\n',
    'apps/web/package.json':
      '{"name":"@shelf/web","scripts":{"build":"next build","start":"next start"},"dependencies":{"next":"15.0.0","react":"19.0.0"}}\n',
    'apps/web/next.config.mjs': 'export default { output: "standalone" };\n',
    'apps/web/app/page.tsx': 'export default function Home() { return <main>shelf</main>; }\n',
    'apps/web/app/api/health/route.ts': 'export function GET() { return Response.json({ ok: true }); }\n',
    'apps/worker/package.json':
      '{"name":"@shelf/worker","scripts":{"build":"tsc","start":"node dist/index.js"},"dependencies":{"bullmq":"5.0.0"}}\n',
    'apps/worker/index.ts':
      'import { Worker } from "bullmq";\nnew Worker("crawl", async (job) => job.data, { connection: { host: "redis" } });\n',
    'apps/cli/package.json':
      '{"name":"@shelf/cli","bin":{"shelf":"dist/index.js"},"scripts":{"build":"tsc"},"dependencies":{"commander":"12.0.0"}}\n',
    'apps/cli/index.ts':
      'import { program } from "commander";\nprogram.command("add").action(() => {});\nprogram.parse();\n',
    'docker/root/etc/s6-overlay/s6-rc.d/svc-web/run': '#!/command/execlineb -P\nnode /app/server.js\n',
    'docker/Dockerfile': [
      'FROM node:22-slim AS base',
      'WORKDIR /app',
      'COPY . .',
      'RUN pnpm install --frozen-lockfile',
      'RUN (cd apps/web && pnpm build)',
      'RUN (cd apps/worker && pnpm build)',
      'RUN pnpm deploy --filter @shelf/worker --prod /prod/worker',
      'RUN (cd apps/cli && pnpm build)',
      '',
      'FROM node:22-slim AS bundle',
      'WORKDIR /app',
      'COPY docker/root/etc/s6-overlay /etc/s6-overlay',
      'COPY --from=base /app/apps/web/.next/standalone ./',
      'COPY --from=base /prod/worker /app/apps/worker',
      'ENTRYPOINT ["/init"]',
      '',
      'FROM bundle AS aio',
      'HEALTHCHECK CMD wget -q --spider http://127.0.0.1:3000/api/health || exit 1',
      '',
      'FROM node:22-slim AS cli',
      'WORKDIR /app',
      'COPY --from=base /app/apps/cli/dist/index.js cli.js',
      'ENTRYPOINT ["node", "cli.js"]',
      '',
    ].join('\n'),
    'docker/docker-compose.yml':
      'services:\n  shelf:\n    build:\n      context: ..\n      dockerfile: docker/Dockerfile\n      target: aio\n    ports: ["3000:3000"]\n  redis:\n    image: redis:7\n',
  };

  it('ships the web app and the worker in the all-in-one target, each with the Dockerfile, and not the program of the last stage', () => {
    const c = components(repo);
    const byPath = new Map(c.list.map((x) => [x.path, x]));
    expect([byPath.get('apps/web')?.deployed, byPath.get('apps/worker')?.deployed]).toEqual([true, true]);
    expect(byPath.get('apps/web')?.dockerfiles).toEqual(['docker/Dockerfile']);
    expect(byPath.get('apps/worker')?.dockerfiles).toEqual(['docker/Dockerfile']);
    expect(byPath.get('apps/cli')?.deployed ?? false).toBe(false);
  });
});

describe('components: an image republished from another project', () => {
  it('a Dockerfile that only labels a third-party image builds none of the repository: its Deployment deploys no component', () => {
    const c = components({
      'package.json': '{"name":"reader","private":true}\n',
      'pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
      'pnpm-lock.yaml': 'lockfileVersion: "9.0"\n',
      'apps/api/package.json':
        '{"name":"@reader/api","scripts":{"start":"node server.js"},"dependencies":{"hono":"4.0.0"}}\n',
      'apps/api/server.js':
        'import { Hono } from "hono";\nimport { serve } from "@hono/node-server";\nconst app = new Hono();\napp.get("/health", (c) => c.text("ok"));\nserve({ fetch: app.fetch, port: 3000 });\n',
      'apps/api/Dockerfile': 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
      'apps/worker/package.json':
        '{"name":"@reader/worker","scripts":{"start":"node worker.js"},"dependencies":{"bullmq":"5.0.0"}}\n',
      'apps/worker/worker.js':
        'import { Worker } from "bullmq";\nnew Worker("fetch", async (job) => job.data, { connection: { host: "redis" } });\n',
      'apps/worker/Dockerfile': 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "worker.js"]\n',
      'k8s/worker.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: ghcr.io/acme/reader-worker:1.0.0\n',
      'docker/browser/Dockerfile':
        'FROM docker.io/chromedp/headless-shell:140.0.0\nLABEL org.opencontainers.image.title="Reader browser"\nUSER 65534:65534\n',
      'k8s/api.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/reader-api:1.0.0\n',
      'k8s/browser.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: browser\nspec:\n  template:\n    spec:\n      containers:\n        - name: browser\n          image: ghcr.io/acme/reader-browser:1.0.0\n',
      '.github/workflows/images.yml':
        'on: push\njobs:\n  api:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t ghcr.io/acme/reader-api:1.0.0 apps/api && docker push ghcr.io/acme/reader-api:1.0.0\n  worker:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t ghcr.io/acme/reader-worker:1.0.0 apps/worker && docker push ghcr.io/acme/reader-worker:1.0.0\n  browser:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -f docker/browser/Dockerfile -t ghcr.io/acme/reader-browser:1.0.0 . && docker push ghcr.io/acme/reader-browser:1.0.0\n',
    });
    expect(c.list.filter((x) => x.deployed).map((x) => x.path)).toEqual(['apps/api', 'apps/worker']);
  });
});

describe('components: Elixir umbrella releases', () => {
  it('a root image of one umbrella release is the app the release runs, locked and configured by the umbrella', () => {
    const app = (name: string) =>
      `defmodule ${name}.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :${name.toLowerCase()}, config_path: "../../config/config.exs", lockfile: "../../mix.lock", deps: [{:phoenix, "~> 1.7"}]]\n  end\nend\n`;
    const image = (release: string) =>
      `FROM elixir:1.17 AS build\nWORKDIR /src\nCOPY . .\nRUN mix release ${release}\nFROM alpine:3.20\nCOPY --from=build /src/_build/prod/rel/${release} /app\nCMD ["/app/bin/${release}", "start"]\n`;
    const c = components({
      'mix.exs':
        'defmodule Arena.MixProject do\n  use Mix.Project\n\n  def project do\n    [apps_path: "apps", releases: [site: [applications: [site: :permanent]], exec: [applications: [exec: :permanent]]]]\n  end\nend\n',
      'mix.lock': '%{\n  "phoenix": {:hex, :phoenix, "1.7.14"},\n}\n',
      'config/config.exs': 'import Config\n',
      'apps/site/mix.exs': app('Site'),
      'apps/site/lib/site/endpoint.ex': 'defmodule Site.Endpoint do\n  use Phoenix.Endpoint, otp_app: :site\nend\n',
      // The pages' bundle: a browser build beside the server's mix.exs, no app of its own.
      'apps/site/package.json':
        '{"private": true, "scripts": {"build": "vite build"}, "dependencies": {"react": "18.3.1"}}',
      'apps/exec/mix.exs': app('Exec'),
      'apps/exec/lib/exec/endpoint.ex': 'defmodule Exec.Endpoint do\n  use Phoenix.Endpoint, otp_app: :exec\nend\n',
      'Containerfile.site': image('site'),
      'Containerfile.exec': image('exec'),
      'compose.yml':
        'services:\n  site:\n    build:\n      context: .\n      dockerfile: Containerfile.site\n  exec:\n    build:\n      context: .\n      dockerfile: Containerfile.exec\n',
    });
    const site = c.list.find((x) => x.path === 'apps/site');
    expect(site).toMatchObject({ stack: 'elixir', deployed: true, dockerfiles: ['Containerfile.site'] });
    expect(site!.mounts).toEqual(expect.arrayContaining(['mix.lock', 'mix.exs', 'config']));
    expect(c.list.find((x) => x.path === 'apps/exec')).toMatchObject({ stack: 'elixir', deployed: true });
  });
});

describe('components: a uv workspace member with an image of its own', () => {
  const pyproject = (name: string, deps: string[], extra = '') =>
    `[project]\nname = "${name}"\nversion = "0.1.0"\ndependencies = [${deps.map((d) => `"${d}"`).join(', ')}]\n${extra}`;
  const fastapiApp = (pkg: string, route: string) =>
    `from fastapi import FastAPI\nfrom shared.health import router\n\napp = FastAPI()\napp.include_router(router)\n\n\n@app.get("${route}")\ndef ${pkg}_route():\n    return {"ok": True}\n`;
  const image = (cmd: string, workdir = '/srv') =>
    `FROM python:3.13-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5 /uv /bin/\nWORKDIR /srv\nCOPY . /srv\nRUN uv sync --frozen --no-dev\nWORKDIR ${workdir}\nUSER 10001\n${cmd}\n`;
  const repo = (memberCmd: string, memberWorkdir?: string): Record<string, string> => ({
    'pyproject.toml': pyproject(
      'suggest',
      ['fastapi>=0.110', 'sentry-sdk>=2', 'shared'],
      '\n[project.scripts]\nsuggest-jobs = "suggest.main:suggest_route"\n\n[tool.uv.sources]\nshared = { workspace = true }\n\n[tool.uv.workspace]\nmembers = ["shared", "scrubber"]\n',
    ),
    'uv.lock': 'version = 1\n',
    'suggest/__init__.py': '',
    'suggest/main.py': `import sentry_sdk\n\n${fastapiApp('suggest', '/api/v1/suggest')}`,
    'shared/pyproject.toml': pyproject('shared', ['fastapi>=0.110']),
    'shared/shared/__init__.py': '',
    'shared/shared/health.py':
      'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.get("/__heartbeat__")\ndef heartbeat():\n    return {"status": "ok"}\n',
    'scrubber/pyproject.toml': pyproject(
      'scrubber',
      ['fastapi>=0.110', 'shared'],
      '\n[tool.uv.sources]\nshared = { workspace = true }\n',
    ),
    'scrubber/scrubber/__init__.py': '',
    'scrubber/scrubber/main.py': fastapiApp('scrubber', '/api/v1/scrub'),
    'images/Dockerfile': image('CMD ["uv", "run", "--no-project", "fastapi", "run", "suggest/main.py"]'),
    'images/Dockerfile-scrubber': image(memberCmd, memberWorkdir),
    Makefile:
      'build:\n\tdocker build -f images/Dockerfile -t suggest:build .\n\nbuild-scrubber:\n\tdocker build -f images/Dockerfile-scrubber -t scrubber:build .\n',
    '.github/workflows/images.yml':
      'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make build\n      - run: make build-scrubber\n',
  });

  it('an image launching a member file (`fastapi run scrubber/scrubber/main.py`) is the member’s component', () => {
    const c = components(
      repo(
        'ENTRYPOINT ["uv", "run", "--no-project", "fastapi", "run"]\nCMD ["scrubber/scrubber/main.py", "--port", "8000"]',
      ),
    );
    expect(c.list.map((x) => [x.id, x.path, x.dockerfiles])).toEqual([
      ['suggest', '.', ['images/Dockerfile']],
      ['scrubber', 'scrubber', ['images/Dockerfile-scrubber']],
    ]);
    // The root's view leaves out the member's image kept in its images/ folder.
    expect(c.list[0]!.excludes).toEqual(['scrubber', 'images/Dockerfile-scrubber']);
    // The member's view holds the workspace package it depends on and the workspace's lock.
    expect(c.list[1]!.mounts).toEqual(expect.arrayContaining(['shared', 'pyproject.toml', 'uv.lock']));
  });

  it('a member launched as a module from its own folder (`uvicorn scrubber.main:app` in WORKDIR /srv/scrubber) is the member’s too', () => {
    const c = components(repo('CMD ["uvicorn", "scrubber.main:app", "--host", "0.0.0.0"]', '/srv/scrubber'));
    expect(c.list.map((x) => x.path)).toEqual(['.', 'scrubber']);
  });

  it('the member’s view: its image is built from the repository root by the Makefile, its health route comes from the shared member, and the root project’s dependencies are not its own', () => {
    const facts = new Facts(
      RepoIndex.fromMemory(
        repo(
          'ENTRYPOINT ["uv", "run", "--no-project", "fastapi", "run"]\nCMD ["scrubber/scrubber/main.py", "--port", "8000"]',
        ),
      ),
    );
    const member = facts.forComponent(facts.components.list.find((x) => x.path === 'scrubber')!);
    expect(member.startPath.breaks).toEqual([]);
    expect(member.startPath.targets.map((t) => t.context)).toContain('..');
    // The workspace root's scripts start the root project, not the member.
    expect(member.startPath.targets.map((t) => t.id).filter((id) => id.startsWith('../pyproject.toml'))).toEqual([]);
    expect(member.deps.declared(['python', 'sentry-sdk'])).toBeUndefined();
    expect(member.manifests.dependencies.filter((d) => d.manifest === '../pyproject.toml')).toEqual([]);
    expect(member.deps.declared(['python', 'fastapi'])).toBeDefined();
    const root = facts.forComponent(facts.components.list.find((x) => x.path === '.')!);
    expect(root.repo.has('images/Dockerfile-scrubber')).toBe(false);
    expect(root.repo.has('images/Dockerfile')).toBe(true);
  });

  it('the member’s manifests: the workspace root mounted to lock it declares none of its dependencies and is not listed', () => {
    const files = repo(
      'ENTRYPOINT ["uv", "run", "--no-project", "fastapi", "run"]\nCMD ["scrubber/scrubber/main.py", "--port", "8000"]',
    );
    const facts = new Facts(RepoIndex.fromMemory(files));
    const member = facts.forComponent(facts.components.list.find((x) => x.path === 'scrubber')!);
    expect(member.manifests.manifests.filter((m) => m.lockOnly).map((m) => m.path)).toEqual(['../pyproject.toml']);
    const found = auditFiles(files, ['deps.manifest']).find((f) => f.component === 'scrubber');
    expect(found?.message).toBe(
      'Dependencies of the Python code are declared in pyproject.toml, shared/pyproject.toml.',
    );
  });

  it('a nested project only the root image installs as a library (no image launches it) stays inside the root component', () => {
    const files = repo('CMD ["uv", "run", "--no-project", "fastapi", "run", "scrubber/scrubber/main.py"]');
    delete files['images/Dockerfile-scrubber'];
    files.Makefile = 'build:\n\tdocker build -f images/Dockerfile -t suggest:build .\n';
    const c = components(files);
    expect(c.list.map((x) => x.path)).toEqual(['.']);
  });
});

describe('components: a root image that builds a front end in an early stage', () => {
  const repo = (finalCopiesAll: boolean): Record<string, string> => ({
    'pyproject.toml': '[project]\nname = "ledger"\nversion = "1.0.0"\ndependencies = ["django>=5"]\n',
    'uv.lock': 'version = 1\n',
    'manage.py': 'import django\n',
    'ledger/wsgi.py': 'from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n',
    'bin/entrypoint.sh': '#!/bin/sh\nexec gunicorn ledger.wsgi:application\n',
    'ui/package.json':
      '{"name": "ledger-ui", "private": true, "scripts": {"build": "vite build"}, "dependencies": {"react": "18.3.1"}, "devDependencies": {"vite": "5.4.0"}}',
    'ui/src/main.jsx': 'import React from "react";\n',
    'docker/Dockerfile': `FROM node:20.11-slim AS ui\nCOPY ui /app/ui\nWORKDIR /app/ui\nRUN npm ci && npm run build\n\nFROM python:3.12-slim\nWORKDIR /app\nUSER 10001\n${finalCopiesAll ? 'COPY . /app\n' : ''}COPY --from=ui /app/ui/dist /app/ui/dist\nENTRYPOINT ["/bin/sh", "/app/bin/entrypoint.sh"]\n`,
    'docker-compose.yml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n',
  });

  it('whose final stage also copies the whole context is the root program’s image, not the front end’s', () => {
    const c = components(repo(true));
    const root = c.list.find((x) => x.path === '.');
    expect(root?.dockerfiles).toEqual(['docker/Dockerfile']);
    expect(c.list.find((x) => x.path === 'ui')?.dockerfiles ?? []).not.toContain('docker/Dockerfile');
  });

  it('whose final stage holds only the front end’s build ships the front end (guard)', () => {
    const c = components(repo(false));
    expect(c.list.find((x) => x.path === 'ui')?.dockerfiles).toContain('docker/Dockerfile');
  });
});

describe('components: a server file at the root of a workspace', () => {
  const repo = (extra: Record<string, string> = {}): Record<string, string> => ({
    'package.json': '{"name": "signage", "private": true, "workspaces": ["packages/*"]}',
    'yarn.lock': '# lock\n',
    'server.js':
      'const express = require("express");\nconst app = express();\napp.use("/", express.static(__dirname + "/demos"));\napp.listen(4000);\n',
    'packages/api/package.json':
      '{"name": "@signage/api", "scripts": {"start": "node index.js"}, "dependencies": {"express": "4.21.0"}}',
    'packages/api/index.js':
      'const express = require("express");\nconst app = express();\napp.get("/screens", (req, res) => res.json([]));\napp.listen(3000);\n',
    'packages/api/Dockerfile': 'FROM node:20.11-slim\nCOPY . /app\nWORKDIR /app\nCMD ["node", "index.js"]\n',
    'docker-compose.yml': 'services:\n  api:\n    build: packages/api\n',
    ...extra,
  });

  it('that nothing starts (no script, image, compose service or shell script names it) is no component', () => {
    const c = components(repo());
    // The API is then the repository's one component (deployed), not beside an undeployed root.
    expect(c.list).toHaveLength(1);
    expect(c.list[0]!.deployed).toBe(true);
  });

  it('that a script starts is the root component (guard)', () => {
    const c = components(repo({ 'run-demo.sh': '#!/bin/sh\nnode server.js\n' }));
    expect(c.list.map((x) => x.path)).toEqual(['.', 'packages/api']);
  });
});

describe('components: an Elixir umbrella whose priv/ holds a Go program template', () => {
  it('the template is an asset the application ships, not a program at the root', () => {
    const c = components({
      'mix.exs':
        'defmodule Arena.Umbrella.MixProject do\n  use Mix.Project\n\n  def project do\n    [apps_path: "apps", version: "0.1.0", deps: []]\n  end\nend\n',
      'mix.lock': '%{}\n',
      'priv/judge.go': 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("{}")\n}\n',
      'apps/arena/mix.exs':
        'defmodule Arena.MixProject do\n  use Mix.Project\n\n  def project do\n    [app: :arena, version: "0.1.0", deps: [{:phoenix, "~> 1.7"}]]\n  end\nend\n',
      'apps/arena/lib/arena/endpoint.ex': 'defmodule Arena.Endpoint do\n  use Phoenix.Endpoint, otp_app: :arena\nend\n',
      'apps/arena/lib/arena/application.ex':
        'defmodule Arena.Application do\n  use Application\n\n  def start(_type, _args) do\n    Supervisor.start_link([Arena.Endpoint], strategy: :one_for_one)\n  end\nend\n',
      'Containerfile.arena':
        'FROM elixir:1.17\nCOPY . /app\nWORKDIR /app\nRUN mix release arena\nCMD ["/app/_build/prod/rel/arena/bin/arena", "start"]\n',
      'compose.yml': 'services:\n  arena:\n    build:\n      context: .\n      dockerfile: Containerfile.arena\n',
    });
    // No undeployed root beside the app: the app is the repository's one component.
    expect(c.list).toHaveLength(1);
    expect(c.list[0]!.deployed).toBe(true);
  });
});

describe('components: an AWS CodeBuild spec kept in an app’s folder', () => {
  it('deploys that app: its image pushed and its ECS service updated', () => {
    const app = (name: string) => ({
      [`apps/${name}/package.json`]: `{"name": "${name}", "scripts": {"start": "node main.js"}, "dependencies": {"express": "4.21.0"}}`,
      [`apps/${name}/main.js`]: 'const express = require("express");\nexpress().listen(3000);\n',
      [`apps/${name}/Dockerfile`]: 'FROM node:20.11-slim\nCOPY . /app\nWORKDIR /app\nCMD ["node", "main.js"]\n',
    });
    const c = components({
      'package.json': '{"name": "ledger", "private": true, "workspaces": ["apps/*"]}',
      'package-lock.json': '{}',
      ...app('api'),
      ...app('admin'),
      'apps/api/buildspec.yml':
        'version: 0.2\n\nphases:\n  build:\n    commands:\n      - docker build -t $REPO_URI:latest .\n  post_build:\n    commands:\n      - docker push $REPO_URI:latest\n      - aws ecs update-service --cluster $CLUSTER --service $SERVICE --force-new-deployment\n',
    });
    const api = c.list.find((x) => x.path === 'apps/api');
    expect(api?.deployed).toBe(true);
    expect(api?.target).toBe('container-service');
    expect(c.list.find((x) => x.path === 'apps/admin')?.deployed).toBe(false);
  });
});

describe('components: a front-end host descriptor at the root of a workspace', () => {
  const repo = (extra: Record<string, string> = {}): Record<string, string> => ({
    'package.json': '{"name": "cutter", "private": true, "workspaces": ["apps/*", "packages/*"]}',
    'bun.lock': '{}\n',
    'netlify.toml': '[[plugins]]\n  package = "@netlify/plugin-nextjs"\n',
    'apps/web/package.json':
      '{"name": "web", "scripts": {"build": "next build", "start": "next start"}, "dependencies": {"next": "15.3.0", "react": "19.0.0", "@vercel/analytics": "1.5.0"}}',
    'apps/web/src/app/page.tsx': 'export default function Page() {\n  return <main />;\n}\n',
    'apps/web/src/app/api/stars/route.ts': 'export async function GET() {\n  return Response.json({ stars: 1 });\n}\n',
    'packages/ui/package.json': '{"name": "@cutter/ui", "main": "src/index.ts"}',
    'packages/ui/src/index.ts': 'export const gap = 4;\n',
    ...extra,
  });

  it('with no program at the root builds the one page-framework app: no root component beside it', () => {
    const c = components(repo());
    expect(c.list).toHaveLength(1);
    expect(c.list[0]!.why).toContain('Netlify');
  });

  it('with a server of its own at the root still deploys the root (guard)', () => {
    const c = components(
      repo({
        'server.ts': 'import { Hono } from "hono";\n\nexport default new Hono().get("/", (c) => c.text("ok"));\n',
      }),
    );
    expect(c.list.find((x) => x.path === '.')?.why).toContain('Netlify');
  });
});

describe('components: a Helm chart whose values name the image after a compose service', () => {
  it('deploys the unit that compose service builds (image.repository: ledger_api)', () => {
    const c = components({
      'pyproject.toml': '[project]\nname = "ledger-api"\nversion = "1.0.0"\ndependencies = ["django>=5"]\n',
      'uv.lock': 'version = 1\n',
      'manage.py': 'import django\n',
      'ledger/wsgi.py': 'from django.core.wsgi import get_wsgi_application\n\napplication = get_wsgi_application()\n',
      Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nCMD ["gunicorn", "ledger.wsgi"]\n',
      'docker-compose.yml': 'services:\n  ledger_api:\n    build: .\n    ports:\n      - "8000:8000"\n',
      'tools/migrate/Dockerfile': 'FROM python:3.12-slim\nCOPY run.py /run.py\nCMD ["python", "/run.py"]\n',
      'tools/migrate/run.py': 'import sys\n\nif __name__ == "__main__":\n    sys.exit(0)\n',
      'deploy/migrate/Chart.yaml': 'apiVersion: v2\nname: ledger-migrate\nversion: 0.1.0\n',
      'deploy/migrate/templates/job.yaml':
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      containers:\n        - name: migrate\n          image: "registry.example.com/ledger_api:migrate"\n',
      'deploy/api/Chart.yaml': 'apiVersion: v2\nname: ledger\nversion: 0.1.0\n',
      'deploy/api/values.yaml': 'replicaCount: 3\nimage:\n  repository: ledger_api\n  tag: latest\n',
      'deploy/api/templates/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-app\nspec:\n  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n',
    });
    const root = c.list.find((x) => x.path === '.');
    expect(root?.target).toBe('kubernetes');
  });
});

describe('components: .NET services published by CI into one shared Dockerfile', () => {
  const web = (name: string) => ({
    [`src/${name}/${name}.csproj`]:
      '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n',
    [`src/${name}/Program.cs`]:
      'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/", () => "ok");\napp.Run();\n',
  });
  it('each project the matrix publishes into out/<name> is a component the image of that name holds', () => {
    const c = components({
      'Shop.sln': '',
      ...web('Shop.Api'),
      ...web('Shop.Auth'),
      Dockerfile: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nARG service\nWORKDIR /app\nCOPY out/$service .\n',
      '.github/workflows/package.yml':
        'on:\n  push:\n    tags: ["v*"]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        service: [Shop.Api, Shop.Auth]\n    steps:\n      - uses: actions/checkout@v4\n      - run: dotnet publish src/${{ matrix.service }}/${{ matrix.service }}.csproj -o out/${{ matrix.service }}\n      - uses: docker/build-push-action@v5\n        with:\n          context: .\n          push: true\n          build-args: |\n            service=${{ matrix.service }}\n          tags: registry.example.com/${{ matrix.service }}:latest\n',
    });
    for (const dir of ['src/Shop.Api', 'src/Shop.Auth']) {
      const u = c.list.find((x) => x.path === dir);
      expect(u?.deployed).toBe(true);
      expect(u?.dockerfiles).toContain('Dockerfile');
    }
    expect(c.list.find((x) => x.path === '.')?.deployed ?? false).toBe(false);
  });

  const migrator = {
    'src/Shop.DbMigrator/Shop.DbMigrator.csproj':
      '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n',
    'src/Shop.DbMigrator/Program.cs':
      'using System;\n\npublic static class Program\n{\n    public static void Main()\n    {\n        Console.WriteLine("applying migrations and seed data");\n    }\n}\n',
  };
  const publishBoth = {
    Dockerfile: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nARG service\nWORKDIR /app\nCOPY out/$service .\n',
    '.github/workflows/package.yml':
      'on:\n  push:\n    tags: ["v*"]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        service: [Shop.Api, Shop.Auth]\n    steps:\n      - uses: actions/checkout@v4\n      - run: dotnet publish src/${{ matrix.service }}/${{ matrix.service }}.csproj -o out/${{ matrix.service }}\n      - uses: docker/build-push-action@v5\n        with:\n          context: .\n          push: true\n          build-args: |\n            service=${{ matrix.service }}\n          tags: registry.example.com/${{ matrix.service }}:latest\n',
  };
  it('the database migrator console app beside the published services is their job, not a root component', () => {
    const c = components({ 'Shop.sln': '', ...web('Shop.Api'), ...web('Shop.Auth'), ...migrator, ...publishBoth });
    expect(c.list.map((x) => x.path).sort()).toEqual(['src/Shop.Api', 'src/Shop.Auth']);
  });
  it('a console app named for anything else outside them still makes the root a component', () => {
    const other = Object.fromEntries(
      Object.entries(migrator).map(([k, v]) => [k.replaceAll('DbMigrator', 'Reporter'), v]),
    );
    const c = components({ 'Shop.sln': '', ...web('Shop.Api'), ...web('Shop.Auth'), ...other, ...publishBoth });
    expect(c.list.find((x) => x.path === '.')?.declared[0]?.path).toBe('src/Shop.Reporter/Program.cs');
  });
});

describe('components: a Gradle module building its image through a buildSrc convention plugin', () => {
  it('the plugin script is part of the module’s view, so its Jib image is seen', () => {
    const app = (name: string) => ({
      [`apps/${name}/build.gradle.kts`]:
        'plugins {\n    kotlin("jvm")\n    id("jib-conventions")\n    application\n}\n',
      [`apps/${name}/src/main/kotlin/org/example/${name}/App.kt`]: `package org.example.${name}\n\nfun main() {\n    println("${name}")\n}\n`,
    });
    const c = components({
      'settings.gradle.kts': 'rootProject.name = "benefits"\ninclude(\n    "apps:intake",\n    "apps:payout"\n)\n',
      'build.gradle.kts': '',
      'buildSrc/build.gradle.kts': 'plugins { `kotlin-dsl` }\n',
      'buildSrc/src/main/kotlin/jib-conventions.gradle.kts':
        'plugins {\n    id("com.google.cloud.tools.jib")\n}\n\njib {\n    from { image = "gcr.io/distroless/java21" }\n}\n',
      ...app('intake'),
      ...app('payout'),
    });
    const intake = c.list.find((x) => x.path === 'apps/intake');
    expect(intake?.mounts).toContain('buildSrc/src/main/kotlin/jib-conventions.gradle.kts');
  });
});

describe('components: an ECS service in Terraform naming its container, its task definition built in a module', () => {
  const node = (name: string) => ({
    [`${name}/package.json`]: `{"name": "${name}", "scripts": {"start": "node server.js"}, "dependencies": {"express": "4.21.0"}}`,
    [`${name}/server.js`]:
      'const app = require("express")();\napp.get("/", (req, res) => res.send("ok"));\napp.listen(3000);\n',
    [`${name}/Dockerfile`]: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
  });
  const repo = (container: string) => ({
    ...node('portal'),
    ...node('indexer'),
    'docker-compose.yml':
      'services:\n  portal:\n    build: ./portal\n    ports: ["3000:3000"]\n  indexer:\n    build: ./indexer\n',
    'infra/ecs.tf': `resource "aws_ecs_service" "web" {\n  name            = "web"\n  task_definition = module.task.task_definition.arn\n  desired_count   = 2\n\n  load_balancer {\n    target_group_arn = aws_lb_target_group.web.arn\n    container_name   = "${container}"\n    container_port   = 3000\n  }\n}\n\nresource "aws_lb_target_group" "web" {\n  port     = 3000\n  protocol = "HTTP"\n}\n`,
  });
  it('the load balancer’s container name is the compose service that builds the unit it deploys', () => {
    const c = components(repo('portal'));
    expect(c.list.find((x) => x.path === 'portal')?.target).toBe('container-service');
    expect(c.list.find((x) => x.path === 'indexer')?.target).not.toBe('container-service');
  });
  it('a container name no unit has deploys none of them by name', () => {
    const c = components(repo('sidecar'));
    expect(c.list.find((x) => x.path === 'portal')?.target).not.toBe('container-service');
  });
});

describe('components: an ASP.NET Core server with vendored browser scripts, and EF Core migration start-up projects', () => {
  const server = {
    'src/Vault.Server/Vault.Server.csproj':
      '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n',
    // Started through a host of the project's own (no server call here the server facts read).
    'src/Vault.Server/Program.cs':
      'public static class Program\n{\n    public static void Main(string[] args) => VaultHost.Run(args);\n}\n',
    'src/Vault.Server/Dockerfile':
      'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\nCOPY out .\nENTRYPOINT ["dotnet", "Vault.Server.dll"]\n',
    // A copy of a browser library, far more bytes than the server's C#.
    'src/Vault.Server/wwwroot/lib/widgets/widgets.js': `(function () {\n${'  window.widgets = window.widgets || {};\n'.repeat(400)}})();\n`,
    'src/Vault.Web/Vault.Web.csproj':
      '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n',
    'src/Vault.Web/Program.cs':
      'var app = WebApplication.CreateBuilder(args).Build();\napp.MapGet("/", () => "web");\napp.Run();\n',
    'src/Vault.Web/Dockerfile':
      'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\nCOPY out .\nENTRYPOINT ["dotnet", "Vault.Web.dll"]\n',
    'docker-compose.yml':
      'services:\n  server:\n    build:\n      context: .\n      dockerfile: src/Vault.Server/Dockerfile\n  web:\n    build:\n      context: .\n      dockerfile: src/Vault.Web/Dockerfile\n',
  };
  const startup = (dir: string) => ({
    [`${dir}/Vault.Postgres.Startup/Vault.Postgres.Startup.csproj`]:
      '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n',
    [`${dir}/Vault.Postgres.Startup/Program.cs`]:
      'public static class Program\n{\n    public static void Main(string[] args)\n    {\n        System.Console.WriteLine("ready");\n    }\n}\n',
  });
  it('its project file says it is a .NET component, whatever the bytes of the scripts it serves', () => {
    const c = components({ ...server, ...startup('src/Migrations') });
    expect(c.list.find((x) => x.path === 'src/Vault.Server')?.stack).toBe('dotnet');
  });
  it('a start-up project kept under Migrations/ is the migrations tooling, not a root component', () => {
    expect(components({ ...server, ...startup('src/Migrations') }).list.map((x) => x.path)).not.toContain('.');
    expect(components({ ...server, ...startup('src/Jobs') }).list.map((x) => x.path)).toContain('.');
  });
});

describe('components: the images a deployed code runner starts per job', () => {
  const runner = {
    'runner/package.json':
      '{"name": "runner", "scripts": {"start": "node server.js"}, "dependencies": {"express": "4.21.0", "dockerode": "4.0.2"}}',
    'runner/server.js':
      'const app = require("express")();\nconst Docker = require("dockerode");\napp.post("/run", async (req, res) => {\n  await new Docker().run(`judge/${req.body.language}`, [], process.stdout);\n  res.send("done");\n});\napp.listen(4000);\n',
    'runner/Dockerfile': 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
    'deploy/runner.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: runner\nspec:\n  template:\n    spec:\n      containers:\n        - name: runner\n          image: registry.example.com/runner:1.0.0\n',
    '.github/workflows/image.yml':
      'on:\n  push:\n    branches: [main]\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/build-push-action@v6\n        with:\n          context: runner\n          push: true\n          tags: registry.example.com/runner:1.0.0\n',
  };
  const judge = (folder: string, lang: string, file: string, base: string) => ({
    [`runner/${folder}/${lang}/Containerfile`]: `FROM ${base}\nCOPY ${file} /judge/${file}\nCMD ["/judge/${file}"]\n`,
    [`runner/${folder}/${lang}/${file}`]: `# checks the submitted ${lang} solution\n`,
  });
  const three = (folder: string) => ({
    ...judge(folder, 'python', 'check.py', 'python:3.12-slim'),
    ...judge(folder, 'ruby', 'check.rb', 'ruby:3.3-slim'),
    ...judge(folder, 'php', 'check.php', 'php:8.3-cli'),
  });
  it('three or more image folders under its images/ folder are its jobs, left out of its view', () => {
    const c = components({ ...runner, ...three('images') });
    expect(c.list.map((x) => x.path)).toEqual(['runner']);
    expect(c.list[0]!.leftOut?.map((x) => x.dir).sort()).toEqual([
      'runner/images/php',
      'runner/images/python',
      'runner/images/ruby',
    ]);
  });
  it('image folders under a folder named for something else stay components of their own', () => {
    const c = components({ ...runner, ...three('services') });
    expect(c.list.map((x) => x.path)).toContain('runner/services/python');
  });
});

describe('components: a platform descriptor beside a configured server image', () => {
  const node = (name: string) => ({
    [`apps/${name}/package.json`]: `{"name": "${name}", "scripts": {"start": "node server.js"}, "dependencies": {"express": "4.21.0"}}`,
    [`apps/${name}/server.js`]:
      'const app = require("express")();\napp.get("/", (req, res) => res.send("ok"));\napp.listen(3000);\n',
    [`apps/${name}/Dockerfile`]: 'FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
  });
  const cache = (dockerfile: string) => ({
    'apps/cache/fly.toml': 'app = "crawler-cache"\nprimary_region = "ams"\n\n[[services]]\n  internal_port = 6379\n',
    'apps/cache/Dockerfile': dockerfile,
    'apps/cache/start.sh': '#!/bin/sh\nexec redis-server --maxmemory 512mb\n',
  });
  it('deploys that server, none of the repository’s components', () => {
    const c = components({
      ...node('api'),
      ...node('worker'),
      ...cache('FROM redis:7.4\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n'),
    });
    expect(c.list.map((x) => x.path)).toEqual(['apps/api', 'apps/worker']);
  });
});

describe('components: Terraform naming what it runs by variable or uploading a Worker from a folder', () => {
  const node = (name: string) => ({
    [`${name}/package.json`]: `{"name": "${name}", "scripts": {"start": "node server.js"}, "dependencies": {"express": "4.21.0"}}`,
    [`${name}/server.js`]:
      'const app = require("express")();\napp.get("/", (req, res) => res.send("ok"));\napp.listen(3000);\n',
  });
  const push = (name: string) =>
    `      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: ${name}/Dockerfile\n          push: true\n          tags: europe-docker.pkg.dev/acme/apps/${name}:latest\n`;
  const ci = {
    '.github/workflows/release.yml': `on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n${push('ledger')}${push('portal')}`,
  };
  const image = (name: string) => ({
    [`${name}/Dockerfile`]: `FROM node:22-slim\nWORKDIR /app\nCOPY ${name} .\nCMD ["node", "server.js"]\n`,
  });
  const cloudRun = (variable: string) =>
    `resource "google_cloud_run_v2_service" "main" {\n  name     = "main"\n  location = "europe-west1"\n  template {\n    containers {\n      image = var.${variable}\n    }\n  }\n}\n\nvariable "${variable}" {\n  type = string\n}\n`;
  const repo = (variable: string) => ({
    ...node('ledger'),
    ...image('ledger'),
    ...node('portal'),
    ...image('portal'),
    ...ci,
    'infra/run.tf': cloudRun(variable),
  });
  it('a Cloud Run image left to `var.ledger_image_id` is the image CI builds for the ledger', () => {
    const c = components(repo('ledger_image_id'));
    expect(c.list.find((x) => x.path === 'ledger')?.target).toBe('paas');
    expect(c.list.find((x) => x.path === 'portal')?.target).not.toBe('paas');
    // Not a root of folders nothing else claims, deployed with nothing in it.
    expect(c.list.map((x) => x.path)).not.toContain('.');
  });
  it('a variable named for no unit deploys none of them by name', () => {
    const c = components(repo('service_image'));
    expect(c.list.find((x) => x.path === 'ledger')?.target).not.toBe('paas');
    expect(c.list.find((x) => x.path === '.')?.target).toBe('paas');
  });
  it('a Worker whose module Terraform uploads from a folder’s build output deploys that folder', () => {
    const worker = (file: string) => ({
      ...node('ledger'),
      ...node('portal'),
      'portal/worker.ts': 'export default { fetch: () => new Response("ok") };\n',
      'infra/portal.tf': `resource "cloudflare_worker_version" "portal" {\n  account_id = var.account\n  worker_id  = cloudflare_worker.portal.id\n  main_module = "worker.js"\n  modules = [\n    {\n      name         = "worker.js"\n      content_file = "${file}"\n      content_type = "application/javascript+module"\n    }\n  ]\n}\n`,
    });
    const c = components(worker('${path.module}/../portal/dist/worker.js'));
    expect(c.list.find((x) => x.path === 'portal')?.target).toBe('serverless');
    expect(c.list.find((x) => x.path === 'ledger')?.target).not.toBe('serverless');
    // A file outside the repository names no folder of it.
    const outside = components(worker('/opt/build/worker.js'));
    expect(outside.list.find((x) => x.path === 'portal')?.target).not.toBe('serverless');
  });
});

describe('components: a root-context image whose COPY sources climb out of the Dockerfile’s folder', () => {
  const go = (name: string) => ({
    [`${name}/go.mod`]: `module example.com/${name}\n\ngo 1.23\n`,
    [`${name}/main.go`]:
      'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {})\n\thttp.ListenAndServe(":8080", nil)\n}\n',
  });
  const files = (copy: string) => ({
    ...go('relay'),
    ...go('ingest'),
    'ops/license.pem': '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
    'ops/entry.py': 'import os\nos.execvp("nginx", ["nginx"])\n',
    'ops/relay.Dockerfile': `FROM golang:1.23 AS build\nWORKDIR /src\nCOPY ../ops/license.pem ./license.pem\n${copy}\nRUN cd relay && go build -o /relay .\n\nFROM alpine:3.20\nCOPY --from=build /relay /relay\nENTRYPOINT ["/relay"]\n`,
    '.github/workflows/deploy.yml':
      'on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -f ops/relay.Dockerfile -t registry.example.com/prod:${{ github.sha }} . && docker push registry.example.com/prod:${{ github.sha }}\n',
  });
  it('BuildKit reads `COPY ../relay ./relay` as the context’s relay/: the image is relay’s', () => {
    const c = components(files('COPY ../relay ./relay'));
    const relay = c.list.find((x) => x.path === 'relay');
    expect(relay?.deployed).toBe(true);
    expect(relay?.dockerfiles).toContain('ops/relay.Dockerfile');
  });
});
