import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';
import { detectManifests } from '../../src/facts/manifests.js';
import { isProductionPath, phpPathConstants, rootUrlconf } from '../../src/facts/liveness.js';

const liveness = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).liveness;

describe('liveness', () => {
  it('makes the classes observing GitHub events live in a quarkus-github-app project, not a class that only imports', () => {
    const l = liveness({
      'pom.xml':
        '<project><dependencies><dependency><groupId>io.quarkiverse.githubapp</groupId><artifactId>quarkus-github-app</artifactId></dependency></dependencies></project>\n',
      'src/main/java/a/Triage.java': [
        'package a;',
        'import org.kohsuke.github.GHEventPayload;',
        'import io.quarkiverse.githubapp.event.Issue;',
        'class Triage {',
        '    void onOpen(@Issue.Opened GHEventPayload.Issue payload) {}',
        '}',
        '',
      ].join('\n'),
      'src/main/java/a/Names.java':
        'package a;\nimport io.quarkiverse.githubapp.event.Issue;\nclass Names { String n = "x"; }\n',
    });
    expect(l.isLive('src/main/java/a/Triage.java')).toBe(true);
    expect(l.isLive('src/main/java/a/Names.java')).toBe(false);
  });

  it('takes the files of a .NET project named for test support for test code wherever its folder is', () => {
    const l = liveness({
      'src/Shop.Api/Shop.Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
      'src/Shop.Api/Program.cs': 'var app = WebApplication.CreateBuilder(args).Build();\napp.Run();\n',
      'src/Shop.TestClient/Shop.TestClient.csproj':
        '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>\n',
      'src/Shop.TestClient/Program.cs': 'Console.WriteLine("sending orders");\n',
      'src/Shop.TestClient/appsettings.json': '{}\n',
    });
    expect(l.isProductionPath('src/Shop.Api/Program.cs')).toBe(true);
    expect(l.isProductionPath('src/Shop.TestClient/Program.cs')).toBe(false);
    expect(l.isProductionPath('src/Shop.TestClient/appsettings.json')).toBe(false);
    // the module-level check reads the path alone
    expect(isProductionPath('src/Shop.TestClient/Program.cs')).toBe(true);
  });

  it('leaves out Go files built only for debug or test builds, and what only they import', () => {
    const l = liveness({
      'go.mod': 'module example.com/relay\n\ngo 1.22\n',
      'cmd/relay/main.go': 'package main\n\nfunc main() { runRig() }\n',
      'cmd/relay/rig.go':
        '//go:build debug || debugenv\n\npackage main\n\nimport "example.com/relay/testrig"\n\nfunc runRig() { testrig.Start() }\n',
      'cmd/relay/norig.go':
        '//go:build !debug && !debugenv\n\npackage main\n\nimport "example.com/relay/store"\n\nfunc runRig() { store.Open() }\n',
      'testrig/rig.go': 'package testrig\n\nfunc Start() {}\n',
      'store/store.go': 'package store\n\nfunc Open() {}\n',
    });
    expect(l.isLive('testrig/rig.go')).toBe(false);
    expect(l.isLive('store/store.go')).toBe(true);
  });

  it('drops Go programs kept as tools: named by a go.mod `tool` directive or in a tooling folder, unless shipped', () => {
    const main = 'package main\n\nfunc main() {}\n';
    const l = liveness({
      'go.mod':
        'module example.com/pager\n\ngo 1.24\n\ntool (\n\texample.com/pager/cmd/genapi // code generator\n\tgolang.org/x/tools/cmd/stringer\n)\n\ntool example.com/pager/internal/lintrun\n',
      Makefile: 'build:\n\tgo build -o bin/pager ./cmd/pager\n\tgo build -o bin/relay ./devtools/relay\n',
      'cmd/pager/main.go': main,
      'cmd/genapi/main.go': main,
      'internal/lintrun/main.go': main,
      'devtools/mockchat/main.go': main,
      'devtools/relay/main.go': main,
      'cmd/archiver/main.go': main,
    });
    expect(l.entrypoints.map((e) => e.path).sort()).toEqual([
      'cmd/archiver/main.go',
      'cmd/pager/main.go',
      'devtools/relay/main.go',
    ]);
  });

  it('drops a Go command-line client of the service: cobra and an HTTP client, serving nothing, started by nothing', () => {
    const client =
      'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/spf13/cobra"\n)\n\nfunc main() {\n\t_ = cobra.Command{}\n\thttp.Get("http://localhost:8080/items")\n}\n';
    const files = {
      'go.mod': 'module example.com/shop\n',
      'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
      'shopctl/main.go': client,
      'mirror/main.go': client,
    };
    const l = liveness({ ...files, 'compose.yaml': 'services:\n  mirror:\n    command: ["mirror"]\n' });
    expect(l.entrypoints.map((e) => e.path).sort()).toEqual(['main.go', 'mirror/main.go']);
    // Without a server in the repository, the cobra program is the product.
    expect(
      liveness({ 'go.mod': files['go.mod'], 'cli/main.go': client, 'tool/main.go': client }).entrypoints,
    ).toHaveLength(2);
  });

  it('follows the alias of the nearest tsconfig (a nested app), not the repository root', () => {
    const l = liveness({
      'package.json': '{"private": true, "workspaces": ["apps/*"]}',
      'apps/web/package.json': '{"dependencies": {"express": "4.19.2"}, "scripts": {"start": "node dist/server.js"}}',
      'apps/web/tsconfig.json':
        '{ // comments and trailing commas are fine\n "compilerOptions": {"paths": {"@/*": ["./src/*"],}}}',
      'apps/web/src/server.ts':
        "import { log } from '@/lib/log';\nimport express from 'express';\nexpress().listen(3000);\n",
      'apps/web/src/lib/log.ts': 'export const log = console;\n',
      'apps/web/src/lib/unused.ts': 'export const x = 1;\n',
      'src/lib/log.ts': 'export const other = 1;\n',
    });
    expect(l.entrypoints.map((e) => e.path)).toEqual(['apps/web/src/server.ts']);
    expect(l.isLive('apps/web/src/lib/log.ts')).toBe(true);
    expect(l.isLive('src/lib/log.ts')).toBe(false);
    expect(l.isLive('apps/web/src/lib/unused.ts')).toBe(false);
  });

  it("starts no server in a browser-only package: a component's `.listen(` subscription, Vite's own createServer", () => {
    const files = {
      'server/package.json': '{"name": "api", "dependencies": {"express": "4.19.2"}}',
      'server/index.js': 'const app = require("express")();\napp.listen(8080);\n',
      'web/package.json': '{"name": "web", "dependencies": {"react": "18.3.1"}, "devDependencies": {"vite": "5.4.0"}}',
      'web/src/Toast.tsx':
        'import { useEffect, useState } from "react";\nexport function Toast({ bus }: { bus: { listen(f: (m: string) => void): () => void } }) {\n  const [msg, setMsg] = useState("");\n  useEffect(() => bus.listen(m => setMsg(m)), [bus]);\n  return <p>{msg}</p>;\n}\n',
      'web/scripts/preview.js':
        'import { createServer } from "vite";\nconst s = await createServer({});\nawait s.listen();\n',
    };
    expect(liveness(files).entrypoints.map((e) => e.path)).toEqual(['server/index.js']);
    // The same subscription in a package that also serves (Express beside Vite) is still read as a start.
    const ssr = {
      ...files,
      'web/package.json': files['web/package.json'].replace('"react"', '"express": "4.19.2", "react"'),
    };
    expect(liveness(ssr).entrypoints.map((e) => e.path)).toContain('web/scripts/preview.js');
  });

  it('makes the modules of installed Python commands live (setup.cfg, setup.py, pyproject) when a script resolved the service', () => {
    const l = liveness({
      'setup.cfg':
        '[metadata]\nname = webget\n\n[options.entry_points]\nconsole_scripts =\n    webget = webget.__main__:main\n    webget-admin = webget.admin.cli:main\n\n[options]\npackages = find:\n',
      'tools/Dockerfile': 'FROM python:3.12-slim\nCMD python tools/build_pkg.py\n',
      'tools/build_pkg.py': 'import shutil\nshutil.make_archive("dist", "zip", ".")\n',
      'webget/__init__.py': '',
      'webget/__main__.py': 'def main():\n    from webget.core import run\n    return run()\n',
      'webget/core.py':
        'import requests\n\ndef run():\n    return requests.get("https://example.org", timeout=5).status_code\n',
      'webget/admin/__init__.py': '',
      'webget/admin/cli.py': 'def main():\n    return 0\n',
      'webget/unused.py': 'X = 1\n',
    });
    expect(l.isLive('webget/__main__.py')).toBe(true);
    expect(l.isLive('webget/core.py')).toBe(true);
    expect(l.isLive('webget/admin/cli.py')).toBe(true);
    expect(l.isLive('webget/unused.py')).toBe(false);
    const commands = (files: Record<string, string>) =>
      detectManifests(RepoIndex.fromMemory(files)).manifests.flatMap((m) => m.commands ?? []);
    expect(
      commands({
        'pyproject.toml':
          '[project]\nname = "webget"\n[project.scripts]\nwg = "webget.cli:app"\n[tool.poetry.scripts]\nwg2 = "webget.two:main"\nwg3 = { reference = "webget.three:main", type = "console" }\n',
      }),
    ).toEqual([
      { name: 'wg', module: 'webget.cli', line: 4 },
      { name: 'wg2', module: 'webget.two', line: 6 },
      { name: 'wg3', module: 'webget.three', line: 7 },
    ]);
    // An inline table under [project] is the same TOML as a [project.scripts] section.
    expect(
      commands({ 'pyproject.toml': '[project]\nname = "webget"\nscripts = { wg = "webget.cli:app" }\n' }).map(
        (c) => c.module,
      ),
    ).toEqual(['webget.cli']);
    expect(
      commands({
        'setup.py': 'setup(entry_points={"console_scripts": ["wg=webget.cli:main", "wg3 = webget.three:main"]})',
      }).map((s) => s.module),
    ).toEqual(['webget.cli', 'webget.three']);
  });

  it('follows Ruby loaders outside Rails: config.ru, Module#autoload, Zeitwerk for a gem, Dir.glob require loops', () => {
    const l = liveness({
      Gemfile: "source 'https://rubygems.org'\ngem 'sinatra'\ngem 'zeitwerk'\n",
      'config.ru': "$LOAD_PATH << 'lib'\nrequire 'depot'\nrun Depot::Web\n",
      'lib/depot.rb':
        'module Depot\n  autoload :Web, "depot/web"\n  autoload :Mirror, "depot/mirror"\nend\nrequire "depot/plugins"\n',
      'lib/depot/web.rb': "require 'sinatra/base'\nmodule Depot\n  class Web < Sinatra::Base\n  end\nend\n",
      'lib/depot/mirror.rb': 'module Depot\n  class Mirror\n  end\nend\n',
      'lib/depot/plugins.rb': 'Dir.glob("#{__dir__}/plugins/*.rb").sort.each { |f| require f }\n',
      'lib/depot/plugins/s3.rb': 'module Depot\n  class S3\n  end\nend\n',
      'lib/depot/unused.rb': 'module Depot\n  class Unused\n  end\nend\n',
      'gems/tally/lib/tally.rb': 'require "zeitwerk"\nloader = Zeitwerk::Loader.for_gem\nloader.setup\n',
      'gems/tally/lib/tally/counter.rb': 'module Tally\n  class Counter\n  end\nend\n',
    });
    expect(l.entrypoints.map((e) => e.path)).toContain('config.ru');
    expect(l.isLive('lib/depot/web.rb')).toBe(true);
    expect(l.isLive('lib/depot/mirror.rb')).toBe(true);
    expect(l.isLive('lib/depot/plugins/s3.rb')).toBe(true);
    expect(l.isLive('gems/tally/lib/tally/counter.rb')).toBe(true);
    expect(l.isLive('lib/depot/unused.rb')).toBe(false);
  });

  it('reads paths inherited through extends, relative to the config that declares them', () => {
    const l = liveness({
      'tsconfig.base.json': '{"compilerOptions": {"baseUrl": ".", "paths": {"@shared/*": ["packages/shared/src/*"]}}}',
      'services/api/tsconfig.json': '{"extends": "../../tsconfig.base.json"}',
      'services/api/main.ts':
        "import { db } from '@shared/db';\nimport http from 'node:http';\nhttp.createServer().listen(1);\n",
      'packages/shared/src/db.ts': 'export const db = {};\n',
    });
    expect(l.isLive('packages/shared/src/db.ts')).toBe(true);
  });

  it('runs the __init__.py of every package above a reached module', () => {
    const l = liveness({
      'app/__init__.py': 'from .settings import configure\n',
      'app/settings.py': 'def configure(): pass\n',
      'app/api/__init__.py': '',
      'app/api/routes.py': 'def r(): pass\n',
      'main.py': 'from fastapi import FastAPI\nfrom app.api import routes\napp = FastAPI()\n',
      'other/__init__.py': '',
    });
    expect(l.isLive('app/api/routes.py')).toBe(true);
    expect(l.isLive('app/api/__init__.py')).toBe(true);
    expect(l.isLive('app/__init__.py')).toBe(true);
    expect(l.isLive('app/settings.py')).toBe(true);
    expect(l.isLive('other/__init__.py')).toBe(false);
  });

  it('counts files loaded by name (gunicorn.conf.py, instrumentation) and modules the start command preloads', () => {
    const l = liveness({
      'package.json': '{"scripts": {"start": "node --require ./dist/tracing.js dist/server.js"}}',
      'src/server.ts': "import http from 'node:http';\nhttp.createServer().listen(1);\n",
      'src/tracing.ts': "import { setup } from './otel';\nsetup();\n",
      'src/otel.ts': 'export function setup() {}\n',
      'src/instrumentation.ts': 'export function register() {}\n',
      'src/stray.ts': 'export const x = 1;\n',
      'gunicorn.conf.py': 'workers = 2\n',
      'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    });
    expect(l.isLive('src/tracing.ts')).toBe(true);
    expect(l.isLive('src/otel.ts')).toBe(true);
    expect(l.isLive('src/instrumentation.ts')).toBe(true);
    expect(l.isLive('gunicorn.conf.py')).toBe(true);
    expect(l.isLive('src/stray.ts')).toBe(false);
  });

  it('a file loaded by name does not make an unresolved service resolved', () => {
    const l = liveness({ 'gunicorn.conf.py': 'workers = 2\n', 'lib/x.py': 'def f(): pass\n' });
    expect(l.resolved).toBe(false);
    expect(l.isLive('lib/x.py')).toBe(true);
  });

  it('configuration is live, tests and docs are not; production paths exclude test utilities and examples', () => {
    const l = liveness({
      'main.go': 'package main\nfunc main() {}\n',
      'config/app.yaml': 'port: 8080\n',
      'main_test.go': 'package main\n',
      'docs/guide.md': '# guide\n',
      'internal/testutil/fake.go': 'package testutil\n',
      'examples/demo/main.go': 'package main\nfunc main() {}\n',
    });
    expect(l.isLive('config/app.yaml')).toBe(true);
    expect(l.isLive('main_test.go')).toBe(false);
    expect(l.isLive('docs/guide.md')).toBe(false);
    expect(l.isProductionPath('internal/testutil/fake.go')).toBe(false);
    expect(l.isProductionPath('src/main/java/com/example/demo/App.java')).toBe(true);
    // Benchmarks: cargo's benches/ and the crates a performance suite compiles as its input.
    expect(l.isProductionPath('benches/parse.rs')).toBe(false);
    expect(l.isProductionPath('collector/compile-benchmarks/hyper-1.4.0/src/lib.rs')).toBe(false);
    expect(l.isProductionPath('collector/benchlib/src/lib.rs')).toBe(true);
    expect(l.liveSources().map((f) => f.path)).toEqual(['main.go']);
  });
});

describe('fetch-style servers', () => {
  it('starts from serve({ fetch }), Bun/Deno.serve, a default-exported app at the package root, and start scripts of any package', () => {
    const l = liveness({
      'package.json': '{"private": true, "workspaces": ["apps/*"]}',
      'apps/api/package.json':
        '{"dependencies": {"hono": "4", "@hono/node-server": "1"}, "scripts": {"dev": "tsx watch src/main.ts"}}',
      'apps/api/src/main.ts':
        "import { serve } from '@hono/node-server';\nimport { app } from './app';\nserve({\n  fetch: app.fetch,\n  port: 3000,\n});\n",
      'apps/api/src/app.ts': "import { Hono } from 'hono';\nexport const app = new Hono();\n",
      'apps/edge/package.json': '{"dependencies": {"hono": "4"}}',
      'apps/edge/src/index.ts': "import { Hono } from 'hono';\nconst app = new Hono();\nexport default app;\n",
      'apps/edge/src/routes/users.ts':
        "import { Hono } from 'hono';\nconst users = new Hono();\nexport default users;\n",
      'apps/deno/main.ts': "Deno.serve((req) => new Response('ok'));\n",
      'apps/deno/deno.json': '{}',
    });
    expect(l.entrypoints.map((e) => e.path).sort()).toEqual([
      'apps/api/src/main.ts',
      'apps/deno/main.ts',
      'apps/edge/src/index.ts',
    ]);
    expect(l.isLive('apps/api/src/app.ts')).toBe(true);
    expect(l.isLive('apps/edge/src/routes/users.ts')).toBe(false);
  });

  it("reads the scripts npm-run-all (run-p, run-s) and concurrently's npm:x shorthand start, not globs or options", () => {
    const started = (workers: string) =>
      liveness({
        'package.json': JSON.stringify({
          scripts: {
            start: workers,
            'job:mail': 'node jobs/mail.js',
            'job:pdf': 'node jobs/pdf.js',
            'job:sms': 'node jobs/sms.js',
          },
        }),
        'jobs/mail.js': "console.log('mail');\n",
        'jobs/pdf.js': "console.log('pdf');\n",
        'jobs/sms.js': "console.log('sms');\n",
      });
    const live = (workers: string) =>
      ['jobs/mail.js', 'jobs/pdf.js', 'jobs/sms.js'].filter((f) => started(workers).isLive(f));
    expect(live('run-p --race job:mail job:pdf')).toEqual(['jobs/mail.js', 'jobs/pdf.js']);
    expect(live('npm-run-all --parallel --max-parallel 2 job:sms && run-s job:pdf')).toEqual([
      'jobs/pdf.js',
      'jobs/sms.js',
    ]);
    expect(live('concurrently -k "npm:job:mail" npm:job:sms')).toEqual(['jobs/mail.js', 'jobs/sms.js']);
    // A glob names no one script; a word of another command after `&&` is not one.
    expect(live('run-p "job:*" && echo job:pdf && node jobs/sms.js')).toEqual(['jobs/sms.js']);
    expect(live('concurrently "npm:job:*" npm:job:sms')).toEqual(['jobs/sms.js']);
  });

  it('a serve({ … }) call starts a server only beside a fetch server import', () => {
    const l = liveness({
      'apps/api/package.json': '{"dependencies": {"hono": "4", "@hono/node-server": "1"}}',
      'apps/api/src/main.ts':
        "import { serve } from '@hono/node-server';\nimport { app } from './app';\nserve({ fetch: app.fetch });\n",
      'apps/api/src/app.ts': "import { Hono } from 'hono';\nexport const app = new Hono();\n",
      'apps/docs/package.json': '{"dependencies": {"sirv": "2"}}',
      'apps/docs/src/main.ts': "import { serve } from './assets';\nserve({ root: 'public' });\n",
      'apps/docs/src/assets.ts': 'export function serve(o: { root: string }) {\n  return o.root;\n}\n',
    });
    expect(l.entrypoints.map((e) => e.path)).toEqual(['apps/api/src/main.ts']);
  });

  it('a Vite config naming the Hono server module makes it the entry; a start command naming the build output maps back to the source', () => {
    const l = liveness({
      'apps/web/package.json':
        '{"dependencies": {"hono": "4", "@hono/node-server": "1"}, "scripts": {"start": "node build/server/main.js"}}',
      'apps/web/vite.config.ts':
        "import serverAdapter from 'hono-react-router-adapter/vite';\nexport default { plugins: [serverAdapter({ entry: 'server/router.ts' })] };\n",
      'apps/web/server/main.js':
        "import { serve } from '@hono/node-server';\nimport server from './hono/server/router.js';\nserve({ fetch: server.fetch, port: 3000 });\n",
      'apps/web/server/router.ts': "import { Hono } from 'hono';\nexport default new Hono();\n",
    });
    expect(l.entrypoints.map((e) => e.path).sort()).toEqual(['apps/web/server/main.js', 'apps/web/server/router.ts']);
  });
});

describe('Rails autoload folders', () => {
  it('reads the folders config/application.rb adds to the autoload and eager-load paths', async () => {
    const { railsAutoloadDirs } = await import('../../src/facts/liveness.js');
    expect(
      railsAutoloadDirs(
        'module App\n  class Application < Rails::Application\n    config.autoload_paths.push(\n      "#{root}/extras",\n      "#{root}/lib"\n    )\n    config.eager_load_paths << Rails.root.join("services")\n    config.time_zone = "UTC"\n  end\nend\n',
      ).sort(),
    ).toEqual(['extras', 'lib', 'services']);
    expect(railsAutoloadDirs('config.load_defaults 7.1\n')).toEqual([]);
  });

  it('reads a Django ROOT_URLCONF built from a string constant of the settings, and reaches that URL module', () => {
    const c = 'PROJECT_MODULE = "desk"\n';
    expect(rootUrlconf(`${c}ROOT_URLCONF = "{}.urls".format(PROJECT_MODULE)\n`)).toBe('desk.urls');
    expect(rootUrlconf(`${c}ROOT_URLCONF = f"{PROJECT_MODULE}.urls"\n`)).toBe('desk.urls');
    expect(rootUrlconf(`${c}ROOT_URLCONF = "%s.urls" % PROJECT_MODULE\n`)).toBe('desk.urls');
    expect(rootUrlconf(`${c}ROOT_URLCONF = PROJECT_MODULE + ".urls"\n`)).toBe('desk.urls');
    expect(rootUrlconf('ROOT_URLCONF = "desk.urls"\n')).toBe('desk.urls');
    expect(rootUrlconf('ROOT_URLCONF = f"urls"\n')).toBe('urls');
    expect(rootUrlconf('ROOT_URLCONF = "{}.urls".format(os.environ["APP"])\n')).toBeUndefined();
    const l = liveness({
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")\n',
      'desk/__init__.py': '',
      'desk/settings.py': `${c}ROOT_URLCONF = "{}.urls".format(PROJECT_MODULE)\nINSTALLED_APPS = []\n`,
      'desk/urls.py': 'from django.urls import include, path\nurlpatterns = [path("", include("desk.tickets.urls"))]\n',
      'desk/tickets/__init__.py': '',
      'desk/tickets/urls.py': 'urlpatterns = []\n',
    });
    expect(l.isLive('desk/urls.py')).toBe(true);
    expect(l.isLive('desk/tickets/urls.py')).toBe(true);
  });

  it('follows the one-part settings package and root URL module of a project kept at the top of the repository', () => {
    const l = liveness({
      'wsgi.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")\n',
      'settings/__init__.py': 'from settings.base import *\n',
      'settings/base.py': 'ROOT_URLCONF = f"urls"\nINSTALLED_APPS = []\n',
      'urls.py': 'from django.urls import include, path\nurlpatterns = [path("", include("desk.urls"))]\n',
      'desk/__init__.py': '',
      'desk/urls.py': 'urlpatterns = []\n',
    });
    expect(l.isLive('settings/base.py')).toBe(true);
    expect(l.isLive('desk/urls.py')).toBe(true);
  });

  it('loads the modules of the settings package an environment default leaves to the deployment, not local or test ones', () => {
    const l = liveness({
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.local")\n',
      'shop/__init__.py': '',
      'shop/settings/__init__.py': '',
      'shop/settings/base.py': 'INSTALLED_APPS = []\n',
      'shop/settings/local.py': 'from .base import *\nDEBUG = True\n',
      'shop/settings/production.py': 'from shop.settings.base import *\nimport sentry_sdk\n',
      'shop/settings/test.py': 'from .base import *\n',
      'shop/settings/assets.py': 'PIPELINE = {}\n',
    });
    expect(l.isLive('shop/settings/production.py')).toBe(true);
    expect(l.isLive('shop/settings/test.py')).toBe(false);
    expect(l.isLive('shop/settings/assets.py')).toBe(false);
  });

  it('leaves out the task files developers run (fabfile.py, noxfile.py, Envoy.blade.php)', () => {
    expect(isProductionPath('fabfile.py')).toBe(false);
    expect(isProductionPath('noxfile.py')).toBe(false);
    expect(isProductionPath('shop/tasks.py')).toBe(true);
    // Laravel Envoy's task file runs on the developer's machine; a Blade view of the application is served.
    expect(isProductionPath('Envoy.blade.php')).toBe(false);
    expect(isProductionPath('resources/views/envoy/index.blade.php')).toBe(true);
  });

  it('reads the includes of Django URLconfs named for their part (base_urls.py, urls_v2.py)', () => {
    const l = liveness({
      'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "desk.settings")\n',
      'desk/__init__.py': '',
      'desk/settings.py': 'ROOT_URLCONF = "desk.base_urls"\nINSTALLED_APPS = []\n',
      'desk/base_urls.py':
        'from django.urls import include, path\nfrom .urls_v2 import urlpatterns as v2\nurlpatterns = [\n    path(\n        "api/",\n        include("desk.tickets.urls"),\n    ),\n    path("v2/", include(v2)),\n]\n',
      'desk/urls_v2.py':
        'from django.urls import include, path\nurlpatterns = [path("", include("desk.queues.urls"))]\n',
      'desk/tickets/__init__.py': '',
      'desk/tickets/urls.py': 'urlpatterns = []\n',
      'desk/queues/__init__.py': '',
      'desk/queues/urls.py': 'urlpatterns = []\n',
    });
    expect(l.isLive('desk/tickets/urls.py')).toBe(true);
    expect(l.isLive('desk/queues/urls.py')).toBe(true);
  });

  it('runs every module beside one that lists its own folder and loads what it finds (a click plugin folder)', () => {
    const files = (loader: string) => ({
      'pyproject.toml': '[project]\nname = "relay"\n[project.scripts]\nrelay = "relay.cli:main"\n',
      Procfile: 'web: gunicorn relay.web:app\n',
      'relay/__init__.py': '',
      'relay/web.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'relay/cli/__init__.py': loader,
      'relay/cli/consume.py': 'def consume():\n    return 1\n',
      'relay/cli/sub/deep.py': 'X = 1\n',
    });
    const plugins = liveness(
      files(
        'import os\nHERE = os.path.dirname(__file__)\n\ndef load(name):\n    ns = {}\n    for n in os.listdir(HERE):\n        exec(compile(open(os.path.join(HERE, n)).read(), n, "exec"), ns)\n',
      ),
    );
    expect(plugins.isLive('relay/cli/consume.py')).toBe(true);
    expect(plugins.isLive('relay/cli/sub/deep.py')).toBe(false);
    // A regular expression compiled beside a template listing loads no module.
    const templates = liveness(
      files(
        'import glob\nimport os\nimport re\nNAME = re.compile(r"\\w+")\nTEMPLATES = glob.glob(os.path.join(os.path.dirname(__file__), "*.txt"))\n',
      ),
    );
    expect(templates.isLive('relay/cli/consume.py')).toBe(false);
  });

  it('runs every module under a folder a live module names and imports file by file (routes found by where they are)', () => {
    const files = (walk: string) =>
      liveness({
        Procfile: 'web: uvicorn board:app\n',
        'board/__init__.py': 'from board.loader import load\napp = load()\n',
        'board/loader.py': `import importlib\nfrom pathlib import Path\n\ndef load():\n    for f in (Path("board") / "routes").${walk}("*.py"):\n        importlib.import_module(".".join(f.with_suffix("").parts))\n`,
        'board/routes/index.py': 'X = 1\n',
        'board/routes/notes/pinned.py': 'Y = 1\n',
        'board/tools/seed.py': 'Z = 1\n',
      });
    const deep = files('rglob');
    expect(deep.isLive('board/routes/notes/pinned.py')).toBe(true);
    expect(deep.isLive('board/tools/seed.py')).toBe(false);
    const flat = files('glob');
    expect(flat.isLive('board/routes/index.py')).toBe(true);
    expect(flat.isLive('board/routes/notes/pinned.py')).toBe(false);
  });

  it('runs every module of a package a live module imports by a name it builds (`import_module(f"pkg.api.{name}")`)', () => {
    const files = (load: string) =>
      liveness({
        Procfile: 'web: python -m board\n',
        'board/__init__.py': '',
        'board/__main__.py': `import importlib\n\nfor name in ("status", "notes"):\n    ${load}\n`,
        'board/api/__init__.py': 'ROUTES = []\n',
        'board/api/status.py': 'X = 1\n',
        'board/api/deep/pinned.py': 'Y = 1\n',
        'board/tools/seed.py': 'Z = 1\n',
      });
    for (const load of [
      'importlib.import_module(f"board.api.{name}")',
      'importlib.import_module("board.api." + name)',
    ]) {
      const l = files(load);
      expect(l.isLive('board/api/status.py')).toBe(true);
      expect(l.isLive('board/api/deep/pinned.py')).toBe(false);
      expect(l.isLive('board/tools/seed.py')).toBe(false);
    }
    // A prefix naming no package (a module, or nothing in the repository) reaches nothing more.
    expect(files('importlib.import_module(f"board.tools.seed.{name}")').isLive('board/api/status.py')).toBe(false);
  });

  it('reads start lines as the shell splits them: a bare gunicorn module, options before celery -A, a command in a variable', () => {
    const l = liveness({
      Makefile: 'check:\n\tpython3 scripts/check.py\n',
      'scripts/check.py': 'print("ok")\n',
      'entrypoint.sh':
        '#!/bin/bash\nWORKER="celery --quiet -A run_worker.queue worker"\ncase "$1" in\n  api) exec gunicorn -c /srv/conf.py application ;;\n  worker) exec $WORKER ;;\nesac\n',
      'application.py': 'from api import build\napplication = build()\n',
      'api/__init__.py': 'def build():\n    return None\n',
      'run_worker.py': 'from celery import Celery\nqueue = Celery("jobs")\n',
      'tools/report.py': 'print("report")\n',
    });
    expect(l.entrypoints.map((e) => e.path).sort()).toEqual(['application.py', 'run_worker.py', 'scripts/check.py']);
    expect(l.isLive('api/__init__.py')).toBe(true);
    expect(l.isLive('tools/report.py')).toBe(false);
  });

  it('finds a dotted module from the shallowest folder that holds it (a Django project beside an app of its name)', () => {
    const l = liveness({
      'webapp/tally/wsgi.py':
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "tally.settings")\nfrom django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
      'webapp/tally/__init__.py': '',
      'webapp/tally/settings.py': 'ROOT_URLCONF = "tally.urls"\nINSTALLED_APPS = []\n',
      'webapp/tally/urls.py': 'urlpatterns = []\n',
      'webapp/tally/tally/__init__.py': '',
      'webapp/tally/tally/urls.py': 'urlpatterns = []\n',
    });
    expect(l.isLive('webapp/tally/urls.py')).toBe(true);
    expect(l.isLive('webapp/tally/tally/urls.py')).toBe(false);
  });

  it('starts at a Scala main and reaches every file of its source root, not another module or the tests', () => {
    const l = liveness({
      'build.sbt': 'lazy val app = project.in(file("app"))\nlazy val tools = project.in(file("tools"))\n',
      'app/src/main/scala/app.scala': 'package shop\n\nobject Main extends IOApp.Simple:\n  def run = serve\n',
      'app/src/main/scala/routes.scala': 'package shop\n\ndef serve = IO.unit\n',
      'app/src/main/scala/pricing/models.scala': 'package shop.pricing\n\ncase class Price(cents: Long)\n',
      'app/src/test/scala/RoutesSuite.scala': 'package shop\n\nclass RoutesSuite\n',
      'tools/src/main/scala/Unused.scala': 'package tools\n\nobject Unused\n',
    });
    expect(l.isLive('app/src/main/scala/app.scala')).toBe(true);
    expect(l.isLive('app/src/main/scala/routes.scala')).toBe(true);
    expect(l.isLive('app/src/main/scala/pricing/models.scala')).toBe(true);
    expect(l.isLive('tools/src/main/scala/Unused.scala')).toBe(false);
    expect(l.isLive('app/src/test/scala/RoutesSuite.scala')).toBe(false);
  });
});

describe('Rails server configs', () => {
  const rails = {
    Gemfile: 'source "https://rubygems.org"\ngem "rails"\ngem "puma"\ngem "unicorn"\n',
    'config/application.rb': 'module App\n  class Application < Rails::Application\n  end\nend\n',
    'config/routes.rb': 'Rails.application.routes.draw do\nend\n',
    'config/puma.rb': 'port ENV.fetch("PORT", 3000)\n',
    'config/unicorn.rb': 'worker_processes 2\nSignal.trap "TERM" do\n  puts "bye"\nend\n',
    'app/controllers/home_controller.rb': 'class HomeController < ApplicationController\nend\n',
  };

  it('leaves a config for a server no start command runs out of the running code', () => {
    const l = liveness({ ...rails, Procfile: 'web: bundle exec puma -C config/puma.rb\n' });
    expect(l.isLive('config/unicorn.rb')).toBe(false);
    expect(l.isLive('config/puma.rb')).toBe(true);
    expect(l.isLive('config/routes.rb')).toBe(true);
    expect(l.isLive('app/controllers/home_controller.rb')).toBe(true);
  });

  it('keeps every server config when the start commands name the server that reads it, or no server', () => {
    const unicorn = liveness({ ...rails, Procfile: 'web: bundle exec unicorn -c config/unicorn.rb\n' });
    expect(unicorn.isLive('config/unicorn.rb')).toBe(true);
    expect(unicorn.isLive('config/puma.rb')).toBe(false);
    const none = liveness(rails);
    expect(none.isLive('config/unicorn.rb')).toBe(true);
    expect(none.isLive('config/puma.rb')).toBe(true);
  });
});

describe('liveness: folders of examples', () => {
  it('reads a kind of example named before the word (client-examples/) as no production path', () => {
    expect(isProductionPath('client-examples/javascript/client.js')).toBe(false);
    expect(isProductionPath('usage_examples/upload.py')).toBe(false);
    expect(isProductionPath('src/examplesvc/main.rs')).toBe(true);
    // Only kinds of example: a service named for what it serves stays production code.
    expect(isProductionPath('services/order-example/main.go')).toBe(true);
    expect(isProductionPath('api-examples/list.ts')).toBe(false);
  });
});

describe('routing-controllers servers loading folders', () => {
  const files = (option: string) => ({
    'package.json': '{"name":"x","main":"src/index.ts","scripts":{"start":"ts-node src/index.ts"}}',
    'src/index.ts': `import { createExpressServer } from 'routing-controllers';\nconst app = createExpressServer({\n  ${option}\n});\napp.listen(3000);\n`,
    'src/middlewares/Guard.ts':
      "import { Middleware } from 'routing-controllers';\n@Middleware({ type: 'before' })\nexport class Guard {\n  use(req: unknown, res: unknown, next: () => void) { next(); }\n}\n",
    'src/util/unused.ts': 'export const unused = 1;\n',
  });

  it('takes the decorated middlewares and controllers a glob option loads as live', () => {
    const live = liveness(files("middlewares: [__dirname + '/middlewares/*.ts'],"));
    expect(live.isLive('src/middlewares/Guard.ts')).toBe(true);
    expect(live.isLive('src/util/unused.ts')).toBe(false);
  });

  it('adds nothing when the server is given a list of classes', () => {
    const live = liveness(files('middlewares: [OtherGuard],'));
    expect(live.isLive('src/middlewares/Guard.ts')).toBe(false);
    // Also written one class a line, and an empty list.
    expect(
      liveness(files('middlewares: [\n    OtherGuard,\n    Audit,\n  ],')).isLive('src/middlewares/Guard.ts'),
    ).toBe(false);
    expect(liveness(files('middlewares: [],')).isLive('src/middlewares/Guard.ts')).toBe(false);
    // A glob on the next line of the list loads the folder.
    expect(
      liveness(files("middlewares: [\n    __dirname + '/middlewares/*.ts',\n  ],")).isLive('src/middlewares/Guard.ts'),
    ).toBe(true);
  });
});

describe('liveness: PHP folder constants', () => {
  it('reads folder constants from define(): the root, __DIR__, dirname(__DIR__) and one built from another', () => {
    const consts = phpPathConstants([
      ['index.php', "define('APP_PATH', '');\ndefine('LIB', APP_PATH.'lib/');\ndefine('HERE', __DIR__ . '/');\n"],
      [
        'site/boot.php',
        "define('SITE', __DIR__);\ndefine('TOP', dirname(__DIR__) . '/');\ndefine('OUT', __DIR__ . '/../../');\n",
      ],
      ['a.php', "define('TWICE', 'a/');\ndefine('ABS', '/var/www/');\ndefine('NAME', 'Porch');\n"],
      ['b.php', "define('TWICE', 'b/');\n"],
    ]);
    expect(Object.fromEntries(consts)).toEqual({
      APP_PATH: '',
      LIB: 'lib/',
      HERE: '',
      SITE: 'site/',
      TOP: '',
      // A plain word is taken for a folder of that name: only a require through it makes it matter.
      NAME: 'Porch/',
    });
  });

  it('leaves out a dirname(__DIR__) that climbs past the repository root', () => {
    const consts = phpPathConstants([
      ['index.php', "define('VENDOR', dirname(__DIR__) . '/vendor/');\n"],
      [
        'app/config/boot.php',
        "define('APP', dirname(__DIR__, 2) . '/');\ndefine('BEYOND', dirname(__DIR__, 3) . '/');\n",
      ],
    ]);
    expect(Object.fromEntries(consts)).toEqual({ APP: '' });
  });

  it('follows requires through a folder constant and a sprintf pattern of module files', () => {
    const l = liveness({
      'composer.json': '{"name": "acme/mail", "require": {"php": ">=8.1"}}',
      Dockerfile:
        'FROM php:8.3-apache\nCOPY . /var/www/html/\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
      'docker-entrypoint.sh': '#!/bin/sh\nphp bin/warm.php\nexec apache2-foreground\n',
      'bin/warm.php': '<?php\necho "warm";\n',
      'index.php':
        "<?php\ndefine('APP_PATH', '');\nrequire APP_PATH.'lib/core.php';\necho render_page($_GET['page'] ?? 'inbox');\n",
      'lib/core.php': "<?php\nforeach ($mods as $m) { require_once sprintf(APP_PATH.'modules/%s/setup.php', $m); }\n",
      'modules/mail/setup.php': '<?php\nfunction mail_setup() {}\n',
      'modules/mail/extra.php': '<?php\nfunction mail_extra() {}\n',
      'lib/unused.php': '<?php\nfunction unused() {}\n',
    });
    expect(l.isLive('lib/core.php')).toBe(true);
    expect(l.isLive('modules/mail/setup.php')).toBe(true);
    expect(l.isLive('modules/mail/extra.php')).toBe(false);
    expect(l.isLive('lib/unused.php')).toBe(false);
  });
});

describe('liveness: package scripts a start command reaches', () => {
  it('follows an exec-form `npm run` and the scripts that script starts', () => {
    const files = {
      'package.json': JSON.stringify({
        scripts: {
          start: 'node server.js',
          'worker:a': 'node dist/jobs/a.js',
          'worker:b': 'node dist/jobs/b.js',
          jobs: 'concurrently "npm run worker:a" "npm run worker:b"',
        },
      }),
      'server.js': "require('http').createServer(() => {}).listen(3000);\n",
      'jobs/a.ts': 'export const a = 1;\n',
      'jobs/b.ts': 'export const b = 2;\n',
      'Dockerfile.jobs': 'FROM node:22\nCOPY . .\nCMD ["npm", "run", "jobs"]\n',
    };
    const l = liveness(files);
    expect(['jobs/a.ts', 'jobs/b.ts'].map((p) => [p, l.isLive(p)])).toEqual([
      ['jobs/a.ts', true],
      ['jobs/b.ts', true],
    ]);
    // Without the image that runs them, nothing starts the jobs.
    const { 'Dockerfile.jobs': _, ...alone } = files;
    expect(liveness(alone).isLive('jobs/a.ts')).toBe(false);
  });
});
