import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

function kindOf(files: Record<string, string>) {
  return new Facts(RepoIndex.fromMemory(files)).kind;
}

describe('project kind', () => {
  it('an HTTP framework imported by production code makes a service', () => {
    const k = kindOf({
      'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      'requirements.txt': 'fastapi==0.115.0\n',
    });
    expect(k).toMatchObject({ kind: 'service', servesHttp: true, longRunning: true });
    expect(k.evidence[0]).toMatchObject({ path: 'app/main.py', line: 1 });
  });

  it("the service's own server names the kind before an example's mock server", () => {
    const k = kindOf({
      'go.mod': 'module example.com/portal\n\ngo 1.22\n\nrequire github.com/valyala/fasthttp v1.55.0\n',
      'cmd/portal/main.go':
        'package main\n\nimport "github.com/valyala/fasthttp"\n\nfunc main() {\n\tserver := &fasthttp.Server{Handler: handle}\n\tserver.ListenAndServe(":9091")\n}\n\nfunc handle(ctx *fasthttp.RequestCtx) {}\n',
      'internal/suites/example/mock-api/package.json': '{"name":"mock-api","dependencies":{"express":"^4.19.0"}}\n',
      'internal/suites/example/mock-api/server.js':
        'const express = require("express");\nconst app = express();\napp.post("/auth", (req, res) => res.json({}));\napp.listen(3000);\n',
    });
    expect(k).toMatchObject({ kind: 'service', servesHttp: true });
    expect(k.reason).toBe('serves HTTP with fasthttp');
  });

  it('a Quart app imported by production code makes a service', () => {
    const k = kindOf({
      'pyproject.toml': '[project]\nname = "pond"\nversion = "1.0"\ndependencies = ["quart>=0.19"]\n',
      'pond/app.py': 'from quart import Quart\n\napp = Quart(__name__)\n',
    });
    expect(k).toMatchObject({ kind: 'service', servesHttp: true, longRunning: true });
    expect(k.reason).toBe('serves HTTP with quart');
  });

  it('a framework used only in tests does not make a service', () => {
    const k = kindOf({
      'pyproject.toml': '[project]\nname = "client"\nversion = "1.0"\n',
      'src/client/__init__.py': 'import httpx\n',
      'tests/test_client.py': 'from fastapi import FastAPI\n',
    });
    expect(k.kind).toBe('library');
    expect(k.servesHttp).toBe(false);
  });

  it('a queue worker is a long-running service without HTTP', () => {
    const k = kindOf({
      'worker.py': 'from celery import Celery\napp = Celery("jobs")\n',
      Dockerfile: 'FROM python:3.12\nCMD ["celery", "-A", "worker", "worker"]\n',
    });
    expect(k).toMatchObject({ kind: 'service', servesHttp: false, longRunning: true });
  });

  it('a controller manager given a probe address serves HTTP and stays a worker; without one it serves none', () => {
    const operator = (options: string) =>
      kindOf({
        'go.mod': 'module example.org/op\n\ngo 1.24\n\nrequire sigs.k8s.io/controller-runtime v0.21.0\n',
        'main.go': [
          'package main',
          '',
          'import ctrl "sigs.k8s.io/controller-runtime"',
          '',
          'func main() {',
          `\tmgr, _ := ctrl.NewManager(ctrl.GetConfigOrDie(), ctrl.Options{${options}})`,
          '\t_ = mgr.Start(ctrl.SetupSignalHandler())',
          '}',
        ].join('\n'),
      });
    expect(operator('HealthProbeBindAddress: ":8081"')).toMatchObject({
      kind: 'service',
      servesHttp: true,
      reason: 'runs as a background worker (sigs.k8s.io/controller-runtime)',
    });
    expect(operator('')).toMatchObject({ kind: 'service', servesHttp: false, longRunning: true });
  });

  it('a gem that ships a Thor command class but declares no executables is a library; with exe/ it is a CLI', () => {
    const gem = {
      'jobqueue.gemspec':
        'Gem::Specification.new do |spec|\n  spec.name = "jobqueue"\n  spec.add_dependency "thor"\nend\n',
      Gemfile: 'source "https://rubygems.org"\ngemspec\n',
      'lib/jobqueue.rb': 'require "jobqueue/cli"\n',
      'lib/jobqueue/cli.rb': 'require "thor"\n\nmodule Jobqueue\n  class Cli < Thor\n  end\nend\n',
    };
    expect(kindOf(gem).kind).toBe('library');
    expect(
      kindOf({ ...gem, 'exe/jobqueue': '#!/usr/bin/env ruby\nrequire "jobqueue"\nJobqueue::Cli.start\n' }).kind,
    ).toBe('cli');
  });

  it('a Rust binary target is a CLI whatever parses its arguments; without one the crate is a library', () => {
    const crate = {
      'Cargo.toml': '[package]\nname = "finder"\nversion = "0.1.0"\n\n[dependencies]\nregex = "1"\n',
      'src/lib.rs': 'pub fn find(needle: &str, hay: &str) -> bool {\n    hay.contains(needle)\n}\n',
    };
    expect(kindOf(crate).kind).toBe('library');
    const k = kindOf({
      ...crate,
      'Cargo.toml': `${crate['Cargo.toml']}\n[[bin]]\nname = "fd"\npath = "crates/core/main.rs"\n`,
      'crates/core/main.rs': 'mod flags;\n\nfn main() {\n    let args: Vec<String> = std::env::args().collect();\n}\n',
    });
    expect(k.kind).toBe('cli');
    expect(k.evidence[0]).toMatchObject({ path: 'crates/core/main.rs', line: 3 });
  });

  it('a Python package whose commands need an optional extra (the parser only in optional-dependencies) is a library', () => {
    const files = {
      'pyproject.toml':
        '[project]\nname = "fetcher"\nversion = "1.0"\ndependencies = ["certifi"]\n\n[project.optional-dependencies]\ncli = ["click==8.*", "rich"]\n\n[project.scripts]\nfetcher = "fetcher:main"\n',
      'fetcher/__init__.py': 'from ._client import get\nfrom ._main import main\n',
      'fetcher/_client.py': 'def get(url):\n    return url\n',
      'fetcher/_main.py': 'import click\n\n@click.command()\ndef main():\n    pass\n',
    };
    expect(kindOf(files).kind).toBe('library');
    const required = files['pyproject.toml'].replace('["certifi"]', '["certifi", "click>=8"]');
    expect(kindOf({ ...files, 'pyproject.toml': required }).kind).toBe('cli');
  });

  it('a command-line parser module importing its own packages is a library, not a CLI built on it', () => {
    const k = kindOf({
      'go.mod': 'module github.com/acme/flagkit\n\ngo 1.22\n',
      'command.go': 'package flagkit\n\ntype Command struct{ Use string }\n',
      'doc/gen.go':
        'package doc\n\nimport "github.com/acme/flagkit"\n\nfunc Gen(c *flagkit.Command) string { return c.Use }\n',
    });
    expect(k.kind).toBe('library');
  });

  it('an application package whose browser framework is a devDependency is a front end; a library testing with it is not', () => {
    const app = {
      'package.json':
        '{"name":"panel","private":true,"scripts":{"build":"vite build"},"devDependencies":{"svelte":"^5.0.0","@sveltejs/kit":"^2.0.0","vite":"^6.0.0"}}',
      'svelte.config.js':
        "import adapter from '@sveltejs/adapter-static';\n\nexport default { kit: { adapter: adapter({ fallback: 'index.html' }) } };\n",
      'src/routes/+page.svelte': '<h1>Panel</h1>\n',
    };
    expect(kindOf(app).kind).toBe('frontend');
    const lib = {
      'package.json':
        '{"name":"hooks-kit","version":"1.0.0","main":"dist/index.js","exports":"./dist/index.js","devDependencies":{"react":"^18.0.0"}}',
      'src/index.js': 'export function useThing() {\n  return 1;\n}\n',
    };
    expect(kindOf(lib).kind).toBe('library');
  });

  it('a package with bin entry points is a CLI', () => {
    const k = kindOf({
      'package.json': '{"name":"tool","bin":{"tool":"bin/tool.js"},"dependencies":{"commander":"^12.0.0"}}',
      'bin/tool.js': "import { Command } from 'commander';\n",
    });
    expect(k.kind).toBe('cli');
  });

  it('a published package without a server is a library', () => {
    expect(
      kindOf({ 'package.json': '{"name":"left-pad","main":"index.js"}', 'index.js': 'module.exports = (s) => s;\n' })
        .kind,
    ).toBe('library');
    expect(kindOf({ 'go.mod': 'module example.com/lib\n', 'lib.go': 'package lib\n\nfunc F() {}\n' }).kind).toBe(
      'library',
    );
  });

  it('a React app without a server framework is a frontend', () => {
    expect(
      kindOf({
        'package.json': '{"name":"web","private":true,"dependencies":{"react":"18.3.1"}}',
        'src/App.tsx': "import React from 'react';\n",
      }).kind,
    ).toBe('frontend');
  });

  it('workspaces make a monorepo, still serving HTTP when a package does', () => {
    const k = kindOf({
      'package.json': '{"name":"mono","private":true,"workspaces":["packages/*"]}',
      'packages/api/src/server.ts': "import express from 'express';\n",
    });
    expect(k).toMatchObject({ kind: 'monorepo', servesHttp: true });
  });

  it('Go net/http counts only when the code serves', () => {
    expect(
      kindOf({
        'go.mod': 'module x\n',
        'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
      }).servesHttp,
    ).toBe(true);
    expect(
      kindOf({
        'go.mod': 'module x\n',
        'main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.Get("https://example.com") }\n',
      }).servesHttp,
    ).toBe(false);
  });
});

describe('languages', () => {
  it('ranks production source by bytes and ignores tests', () => {
    const f = new Facts(
      RepoIndex.fromMemory({
        'a.py': 'x = 1\n'.repeat(50),
        'web/app.ts': 'let a = 1;\n',
        'tests/test_a.go': 'package a\n'.repeat(500),
      }),
    );
    expect(f.languages.primary).toBe('python');
    expect(f.languages.byBytes.map((l) => l.language)).toEqual(['python', 'typescript']);
  });
});

describe('project kind: gRPC servers in Node and one-shot .NET commands', () => {
  const pkg = JSON.stringify({ name: 'cart', dependencies: { '@grpc/grpc-js': '^1.10.0' } });
  const proto = 'syntax = "proto3";\npackage shop;\nservice Cart {\n  rpc AddItem (Item) returns (Empty);\n}\n';

  it('a @grpc/grpc-js server that binds a port is a gRPC service with the rpc methods of its proto', () => {
    const facts = new Facts(
      RepoIndex.fromMemory({
        'package.json': pkg,
        'proto/cart.proto': proto,
        'src/server.js':
          "const grpc = require('@grpc/grpc-js');\nconst loader = require('@grpc/proto-loader');\nconst shop = grpc.loadPackageDefinition(loader.loadSync('proto/cart.proto')).shop;\nconst server = new grpc.Server();\nserver.addService(shop.Cart.service, { addItem: (call, cb) => cb(null, {}) });\nserver.bindAsync('0.0.0.0:50051', grpc.ServerCredentials.createInsecure(), () => {});\n",
      }),
    );
    expect(facts.kind).toMatchObject({ kind: 'service', servesHttp: true });
    expect(facts.frameworks.grpcOnly).toBe(true);
    expect(facts.grpc.methods.map((m) => m.path)).toEqual(['/shop.Cart/AddItem']);
  });

  it('a @grpc/grpc-js client alone is not a server', () => {
    const k = kindOf({
      'package.json': pkg,
      'src/client.js':
        "const grpc = require('@grpc/grpc-js');\nconst client = new Cart('cart:50051', grpc.credentials.createInsecure());\nmodule.exports = client;\n",
    });
    expect(k.servesHttp).toBe(false);
  });

  const csproj =
    '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n  </PropertyGroup>\n</Project>\n';
  it('a .NET console program that takes arguments and returns an exit code is a CLI, even with a Dockerfile', () => {
    const k = kindOf({
      'Setup/Setup.csproj': csproj,
      'Setup/Program.cs':
        'return Tool.Run(args);\n\nstatic class Tool\n{\n    public static int Run(string[] args) => args.Length == 1 ? 0 : 2;\n}\n',
      'Setup/Dockerfile':
        'FROM mcr.microsoft.com/dotnet/runtime:8.0\nCOPY out/ /app\nENTRYPOINT ["dotnet", "/app/Setup.dll"]\n',
    });
    expect(k.kind).toBe('cli');
  });

  it('a .NET console program that builds a generic host is a long-running service', () => {
    const k = kindOf({
      'Relay/Relay.csproj': csproj,
      'Relay/Program.cs':
        'var builder = Host.CreateApplicationBuilder(args);\nbuilder.Services.AddHostedService<Pump>();\nreturn 0;\n',
      'Relay/Dockerfile':
        'FROM mcr.microsoft.com/dotnet/runtime:8.0\nCOPY out/ /app\nENTRYPOINT ["dotnet", "/app/Relay.dll"]\n',
    });
    expect(k).toMatchObject({ kind: 'service', longRunning: true });
  });
});

describe('project kind: the worker library itself', () => {
  const gem = (name: string) => ({
    [`${name}.gemspec`]: `Gem::Specification.new do |s|\n  s.name = "${name}"\n  s.executables = ["${name}"]\nend\n`,
    [`lib/${name}.rb`]: `require "${name}/version"\nmodule Worker; end\n`,
    [`lib/${name}/version.rb`]: 'module Worker\n  VERSION = "1.0"\nend\n',
    'lib/app/jobs.rb': 'require "sidekiq"\nclass Mailer\n  include Sidekiq::Job\nend\n',
  });
  it('a gem that publishes the worker library is a library, not a worker service', () => {
    expect(kindOf(gem('sidekiq')).kind).toBe('library');
  });
  it('a gem that uses the worker library stays a worker service', () => {
    const k = kindOf(gem('mailings'));
    expect(k).toMatchObject({ kind: 'service', longRunning: true });
  });
});

describe('file classification: end-to-end projects', () => {
  it('files of e2e-playwright/, cypress/ and *-e2e/ folders are tests', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('e2e-playwright/src/helper/env.ts')).toBe(true);
    expect(isTestPath('cypress/support/commands.ts')).toBe(true);
    expect(isTestPath('apps/web-e2e/src/app.cy.ts')).toBe(true);
    expect(isTestPath('src/services/e2ee/keys.ts')).toBe(false);
  });

  it('the inputs a suite reads, kept in a test_ folder beside the package, are tests', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('pkg/validation/test_schemas/bearer.yaml')).toBe(true);
    expect(isTestPath('internal/parser/test-data/sample.json')).toBe(true);
    expect(isTestPath('pkg/validation/schemas/bearer.yaml')).toBe(false);
  });

  it('suites named for where they run and dunder test folders are tests', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('web/src/__e2e__/api.servertest.ts')).toBe(true);
    expect(isTestPath('web/src/features/scores/aggregate.clienttest.ts')).toBe(true);
    expect(isTestPath('apps/api/test/orders.e2e-spec.ts')).toBe(true);
    expect(isTestPath('src/__mocks__/mailer.ts')).toBe(true);
    expect(isTestPath('src/server/latest.ts')).toBe(false);
    expect(isTestPath('src/contest.ts')).toBe(false);
  });

  it('Rust unit-test files beside their module and named test set-up folders are tests', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('server/src/access/tests.rs')).toBe(true);
    expect(isTestPath('src/store/query_tests.rs')).toBe(true);
    expect(isTestPath('cli/tools/test.rs')).toBe(false);
    expect(isTestPath('src/contests.rs')).toBe(false);
    expect(isTestPath('db-test-setup/postgres/Dockerfile')).toBe(true);
    expect(isTestPath('src/latest-setup/run.ts')).toBe(false);
    expect(isTestPath('client/testfixture/guests/rust/Makefile')).toBe(true);
    expect(isTestPath('src/latestfixture/mod.rs')).toBe(false);
  });

  it("a workspace's <name>-tests crate and the Antithesis harness are tests; a name only ending in tests is not", async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('crates/corro-tests/src/lib.rs')).toBe(true);
    expect(isTestPath('crates/my-app_tests/src/lib.rs')).toBe(true);
    expect(isTestPath('.antithesis/client/Dockerfile')).toBe(true);
    expect(isTestPath('crates/contests/src/lib.rs')).toBe(false);
    expect(isTestPath('src/latests/mod.rs')).toBe(false);
  });

  it('a <name>_tests folder in a documentation tree is a page topic, not a suite', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('docs/content/asset_modelling/engagements_tests/overview.md')).toBe(false);
    expect(isTestPath('docs/e2e-tests/run.md')).toBe(true);
    expect(isTestPath('crates/load-tests/src/main.rs')).toBe(true);
  });

  it('a tests folder with a qualifier after it is one kind of suite; a folder that only starts with "test" is not', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('tests_nightly_performance/Dockerfile')).toBe(true);
    expect(isTestPath('tests-simulate-prod-data/requirements.txt')).toBe(true);
    expect(isTestPath('tools/tests-perf/locustfile.py')).toBe(true);
    expect(isTestPath('testimonials/views.py')).toBe(false);
    expect(isTestPath('app/testsuite_runner/models.py')).toBe(false);
  });

  it('suites that drive the built server through its API are tests; an api/ or http/ package is not', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('search/rest-api-tests/run_tests.py')).toBe(true);
    expect(isTestPath('api-tests/orders/create.py')).toBe(true);
    expect(isTestPath('services/http_tests/health.go')).toBe(true);
    expect(isTestPath('src/api/http/handler.rs')).toBe(false);
    expect(isTestPath('src/rest-api/latest.ts')).toBe(false);
  });

  it('smoke and system suites written as one word are tests; a unittest package is not taken for one', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('smoketests/bin/upload_symbols.py')).toBe(true);
    expect(isTestPath('systemtests/bin/run.py')).toBe(true);
    expect(isTestPath('vendor/python/unittest/case.py')).toBe(false);
    expect(isTestPath('unittests/scans/zap/report.json')).toBe(true);
  });

  it('a test-suite folder (TestSuite/, test-suite/) holds tests; a suites/ package does not', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('tools/TestSuite/TestSuite.Shared/Client.cs')).toBe(true);
    expect(isTestPath('qa/api-test-suite/orders.py')).toBe(true);
    expect(isTestPath('src/suites/latest.ts')).toBe(false);
    expect(isTestPath('app/contest_suites/views.py')).toBe(false);
  });

  it('an integration/ folder at the repository root is a test suite; deeper it may be product code', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('integration/python/alembic/versions/0001_create.py')).toBe(true);
    expect(isTestPath('integration/requirements.txt')).toBe(true);
    expect(isTestPath('integration/harness/client.go')).toBe(true);
    expect(isTestPath('apps/api/db/models/integration/slack.py')).toBe(false);
    expect(isTestPath('web/src/components/integration/Card.tsx')).toBe(false);
    expect(isTestPath('integrations/slack/client.ts')).toBe(false);
  });

  it('Gradle/Maven test source sets beside src/test are tests; src/main is not', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('plugin/src/functionalTest/groovy/acme/PluginSpec.groovy')).toBe(true);
    expect(isTestPath('server/src/integrationTest/kotlin/acme/OrdersFlow.kt')).toBe(true);
    expect(isTestPath('core/src/testFixtures/java/acme/Builders.java')).toBe(true);
    expect(isTestPath('core/src/it/java/acme/ClusterRun.java')).toBe(true);
    expect(isTestPath('core/src/main/java/acme/latest/Latest.java')).toBe(false);
    expect(isTestPath('core/src/main/java/acme/contest/Entry.java')).toBe(false);
  });

  it('a .NET test project named in one PascalCase word ending in Tests is tests; the project it tests is not', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('ShopApiTests/Services/OrderServiceTests.cs')).toBe(true);
    expect(isTestPath('src/ShopApiTests/Helpers/Seed.cs')).toBe(true);
    expect(isTestPath('ShopApi/Services/OrderService.cs')).toBe(false);
    expect(isTestPath('ShopApi/Tests.cs')).toBe(false);
    expect(isTestPath('web/latests/index.ts')).toBe(false);
  });

  it('a .NET suite run against one database and a project of fakes for local work are tests; a test harness is not', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('src/Relay.AcceptanceTests.Postgres/ScratchDatabase.cs')).toBe(true);
    expect(isTestPath('src/Relay.Persistence.Tests.SqlServer/Setup.cs')).toBe(true);
    expect(isTestPath('src/Roster.Api.FakeServers/AccountsApiMockBuilder.cs')).toBe(true);
    expect(isTestPath('src/Roster.MockApis/Program.cs')).toBe(true);
    expect(isTestPath('src/Roster.Api.Client.TestHarness/Program.cs')).toBe(false);
    expect(isTestPath('src/Roster.Contests.Api/Program.cs')).toBe(false);
    expect(isTestPath('src/Roster.Faker/Program.cs')).toBe(false);
  });

  it('package folders under a JVM main source root are not test folders', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('src/main/java/com/acme/orders/spec/OrderSpecifications.java')).toBe(false);
    expect(isTestPath('api/src/main/kotlin/org/acme/e2e/Checkout.kt')).toBe(false);
    expect(isTestPath('tests/src/main/java/org/acme/Fixture.java')).toBe(true);
    expect(isTestPath('src/main/java/org/acme/OrderTest.java')).toBe(true);
  });
});

describe('file classification: Go test-support packages named for the package they serve', () => {
  const index = (files: Record<string, string>) => RepoIndex.fromMemory(files);
  const test = (repo: RepoIndex, p: string) => repo.get(p)?.isTest;

  it('a <name>test folder beside a <name> package holds test support, Go and the rest', () => {
    const repo = index({
      'go.mod': 'module example.com/tally\n',
      'pkg/ledger/ledger.go': 'package ledger\n',
      'pkg/ledgertest/fake.go': 'package ledgertest\n\ntype Fake struct{}\n',
      'pkg/ledgertest/README.md': '# Fakes for ledger tests\n',
      'tally/main.go': 'package main\n\nfunc main() {}\n',
      'tallytest/go.mod': 'module example.com/tally/tallytest\n',
      'tallytest/soak/main.go': 'package main\n\nfunc main() {}\n',
    });
    expect(test(repo, 'pkg/ledgertest/fake.go')).toBe(true);
    expect(test(repo, 'pkg/ledgertest/README.md')).toBe(true);
    expect(test(repo, 'tallytest/go.mod')).toBe(true);
    expect(test(repo, 'tallytest/soak/main.go')).toBe(true);
    expect(test(repo, 'pkg/ledger/ledger.go')).toBe(false);
    expect(repo.get('pkg/ledgertest/fake.go')?.kind).toBe('test');
  });

  it('fixture rows named like _test.go (session_fixtures.go) are test support; the package beside them is not', async () => {
    const { isTestPath } = await import('../../src/repo/classify.js');
    expect(isTestPath('internal/entity/session_fixtures.go')).toBe(true);
    expect(isTestPath('internal/entity/session.go')).toBe(false);
    expect(isTestPath('internal/entity/fixtures.go')).toBe(false);
  });

  it('a folder that only ends in "test" (latest/, contest/) or has no Go code stays production', () => {
    const repo = index({
      'go.mod': 'module example.com/tally\n',
      'api/latest/handler.go': 'package latest\n',
      'la/x.go': 'package la\n',
      'contest/entry.go': 'package contest\n',
      'web/web.go': 'package web\n',
      'webtest/page.html': '<p></p>\n',
    });
    expect(test(repo, 'api/latest/handler.go')).toBe(false);
    expect(test(repo, 'contest/entry.go')).toBe(false);
    expect(test(repo, 'webtest/page.html')).toBe(false);
  });
});

describe('file classification: a Go package in a spec/ folder', () => {
  it('is the package, not a spec suite; its _test.go files and spec folders without Go code stay tests', () => {
    const repo = RepoIndex.fromMemory({
      'go.mod': 'module example.com/gatekeep\n',
      'spec/embed.go': 'package spec\n',
      'spec/openapi.json': '{"openapi": "3.0.3"}\n',
      'spec/rules/schema.json': '{}\n',
      'spec/embed_test.go': 'package spec\n',
      'web/spec/login.spec.ts': 'it("logs in", () => {});\n',
      'web/spec/helpers.ts': 'export const user = "ada";\n',
      'probe/spec/probe_test.go': 'package spec\n',
      'probe/spec/input.json': '{}\n',
    });
    const test = (p: string) => repo.get(p)?.isTest;
    expect(test('spec/embed.go')).toBe(false);
    expect(test('spec/openapi.json')).toBe(false);
    expect(test('spec/rules/schema.json')).toBe(false);
    expect(repo.get('spec/openapi.json')?.kind).not.toBe('test');
    expect(test('spec/embed_test.go')).toBe(true);
    expect(test('web/spec/helpers.ts')).toBe(true);
    expect(test('probe/spec/input.json')).toBe(true);
  });
});

describe('.NET queue workers', () => {
  it("a console program running ppy's osu-queue-processor is a worker, not a command", () => {
    const k = kindOf({
      'Worker/Worker.csproj':
        '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup><ItemGroup><PackageReference Include="McMaster.Extensions.CommandLineUtils" Version="4.1.1" /><PackageReference Include="ppy.osu.Server.OsuQueueProcessor" Version="2024.1101.2" /></ItemGroup></Project>\n',
      'Worker/Program.cs':
        'using McMaster.Extensions.CommandLineUtils;\n\n[Command]\npublic class Program\n{\n    public static int Main(string[] args) => CommandLineApplication.Execute<Program>(args);\n    public int OnExecute(CancellationToken token) { new Counter().Run(token); return 0; }\n}\n',
      'Worker/Counter.cs':
        'using osu.Server.QueueProcessor;\n\npublic class Hit : QueueItem { }\n\npublic class Counter : QueueProcessor<Hit>\n{\n    public Counter() : base(new QueueConfiguration { InputQueueName = "hits" }) { }\n}\n',
    });
    expect([k.kind, k.longRunning, k.reason]).toEqual([
      'service',
      true,
      'runs as a background worker (osu.Server.QueueProcessor)',
    ]);
  });

  it('an Azure Functions isolated worker of queue triggers is a worker; a console program that builds no host is not', () => {
    const functions = (program: string) =>
      kindOf({
        'Archiver/Archiver.csproj':
          '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><AzureFunctionsVersion>v4</AzureFunctionsVersion></PropertyGroup><ItemGroup><PackageReference Include="Microsoft.Azure.Functions.Worker" Version="1.23.0" /></ItemGroup></Project>\n',
        'Archiver/Program.cs': program,
        'Archiver/Archive.cs':
          'public class Archive\n{\n    [Function("Archive")]\n    public void Run([QueueTrigger("receipts")] string receipt) { }\n}\n',
      });
    for (const program of [
      'var host = new HostBuilder()\n    .ConfigureFunctionsWorkerDefaults()\n    .Build();\nhost.Run();\n',
      'var builder = FunctionsApplication.CreateBuilder(args);\nbuilder.Build().Run();\n',
    ])
      expect([functions(program).kind, functions(program).longRunning]).toEqual(['service', true]);
    expect(functions('Console.WriteLine("archived");\n').kind).not.toBe('service');
  });

  it('a Scala server on an http4s backend or on Netty with its HTTP codec is a service; a Netty line server is not', () => {
    const http4s = kindOf({
      'build.sbt': 'libraryDependencies += "org.http4s" %% "http4s-ember-server" % "0.23.30"\n',
      'src/main/scala/Main.scala':
        'import org.http4s.client.Client\nimport org.http4s.ember.server.EmberServerBuilder\n\nobject Main extends IOApp.Simple:\n  def run = EmberServerBuilder.default[IO].build.useForever\n',
    });
    expect(http4s).toMatchObject({ kind: 'service', servesHttp: true, reason: 'serves HTTP with http4s' });
    expect(http4s.evidence[0]).toMatchObject({ path: 'src/main/scala/Main.scala', line: 2 });
    const netty = (codec: string) =>
      kindOf({
        'build.sbt': 'libraryDependencies += "io.netty" % "netty-all" % "4.1.115.Final"\n',
        'src/main/scala/Server.scala': `import io.netty.bootstrap.ServerBootstrap\nimport io.netty.handler.codec.${codec}\n\nobject Server extends App:\n  ServerBootstrap().bind(9000)\n`,
      });
    expect(netty('http.*')).toMatchObject({ kind: 'service', reason: 'serves HTTP with netty' });
    expect(netty('string.StringDecoder').servesHttp).toBe(false);
  });
});

describe('Spring Boot applications without a web server', () => {
  const app =
    'package a;\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n@SpringBootApplication\npublic class App { public static void main(String[] args) { SpringApplication.run(App.class, args); } }\n';
  const gradle = (deps: string[]) =>
    `plugins { id 'org.springframework.boot' version '3.3.5' }\ndependencies {\n${deps.map((d) => `    implementation '${d}'\n`).join('')}}\n`;

  it('no web starter, controller or servlet (spring-web only for a RestTemplate): a service serving no HTTP', () => {
    const k = kindOf({
      'build.gradle': gradle(['org.springframework.boot:spring-boot-starter', 'org.springframework:spring-web']),
      'src/main/java/a/App.java': app,
      'src/main/java/a/Client.java':
        'package a;\nimport org.springframework.web.client.RestTemplate;\nclass Client { RestTemplate rest = new RestTemplate(); }\n',
    });
    expect(k).toMatchObject({ kind: 'service', servesHttp: false, longRunning: true });
    expect(k.reason).toContain('starts no web server');
    expect(k.evidence[0]).toMatchObject({ path: 'build.gradle', line: 3 });
  });

  it('the web starter, or a controller imported by production code, serves HTTP', () => {
    const starter = kindOf({
      'build.gradle': gradle(['org.springframework.boot:spring-boot-starter-web']),
      'src/main/java/a/App.java': app,
    });
    expect(starter).toMatchObject({ kind: 'service', servesHttp: true });
    const controller = kindOf({
      'build.gradle': gradle(['org.springframework.boot:spring-boot-starter']),
      'src/main/java/a/App.java': app,
      'src/main/java/a/Hello.java':
        'package a;\nimport org.springframework.web.bind.annotation.RestController;\n@RestController\nclass Hello {}\n',
    });
    expect(controller.servesHttp).toBe(true);
  });

  it('spring.main.web-application-type=none turns the web starter off; in a test resource it does not', () => {
    const files = {
      'build.gradle': gradle(['org.springframework.boot:spring-boot-starter-web']),
      'src/main/java/a/App.java': app,
    };
    const none = kindOf({
      ...files,
      'src/main/resources/application.properties': 'spring.main.web-application-type=none\n',
    });
    expect(none).toMatchObject({ kind: 'service', servesHttp: false });
    expect(none.evidence[0]).toMatchObject({ path: 'src/main/resources/application.properties', line: 1 });
    const test = kindOf({
      ...files,
      'src/test/resources/application.yml': 'spring:\n  main:\n    web-application-type: none\n',
    });
    expect(test.servesHttp).toBe(true);
  });
});
