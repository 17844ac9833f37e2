import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { commandSteps, launchOf, shellWords } from '../../src/facts/start-command.js';
import { RepoIndex } from '../../src/repo/index.js';

const startPath = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).startPath;
const breaks = (files: Record<string, string>) => startPath(files).breaks.map((b) => `${b.kind}: ${b.message}`);

describe('start commands', () => {
  it('splits shell commands into steps and peels wrappers', () => {
    const steps = commandSteps([
      '/bin/sh',
      '-c',
      'cd src && alembic upgrade head && exec tini -- opentelemetry-instrument uvicorn app:app || true',
    ]);
    expect(steps.map((s) => [s.cwd, s.argv.join(' ')])).toEqual([
      ['src', 'alembic upgrade head'],
      ['src', 'uvicorn app:app'],
    ]);
    expect(shellWords(`gunicorn "app:create_app()" -b ':8000'`)).toEqual([
      'gunicorn',
      'app:create_app()',
      '-b',
      ':8000',
    ]);
  });

  it("runs a package manager's workspace command in that package", () => {
    const step = (s: string) => {
      const [x] = commandSteps(shellWords(s));
      return [x?.workspace, x?.cwd, x?.argv.join(' ')];
    };
    expect(step('yarn workspace api node ./dist/main.js')).toEqual(['api', undefined, 'node ./dist/main.js']);
    expect(step('yarn workspace @acme/api start')).toEqual(['@acme/api', undefined, 'yarn start']);
    expect(step('pnpm --filter=@acme/api run start')).toEqual(['@acme/api', undefined, 'pnpm run start']);
    expect(step('cd /srv && pnpm -C apps/api start')).toEqual([undefined, '/srv/apps/api', 'pnpm start']);
    expect(step('npm -w api run start')).toEqual(['api', undefined, 'npm run start']);
    // A filter pattern selects several packages: not one start path.
    expect(step('pnpm --filter "./apps/*" start')).toEqual([undefined, undefined, 'pnpm --filter ./apps/* start']);
  });

  it('reads launches of every supported kind', () => {
    const l = (s: string) => launchOf({ argv: shellWords(s), env: {} });
    expect(l('uvicorn --host 0.0.0.0 svc.api.main:app --port 8000')).toMatchObject({
      kind: 'python-module',
      module: 'svc.api.main',
      object: 'app',
    });
    expect(l('gunicorn -w 2 "shop:create_app()"')).toMatchObject({
      module: 'shop',
      object: 'create_app',
      factory: true,
    });
    expect(l('python -u -m worker.main')).toMatchObject({ kind: 'python-module', module: 'worker.main' });
    expect(l('python3 -m gunicorn proj.wsgi')).toMatchObject({ module: 'proj.wsgi', object: 'application' });
    // SAQ's worker (`saq` or `python -m saq`) imports the module holding its settings variable; so does arq's.
    expect(l('python -m saq shop.tasks.worker.settings')).toMatchObject({
      module: 'shop.tasks.worker',
      program: 'saq',
    });
    expect(l('saq shop.tasks.worker.settings --web')).toMatchObject({ module: 'shop.tasks.worker', program: 'saq' });
    expect(l('python -m arq shop.jobs.WorkerSettings')).toMatchObject({ module: 'shop.jobs', program: 'arq' });
    expect(launchOf(commandSteps(shellWords('poetry run python manage.py runserver'))[0]!)).toMatchObject({
      kind: 'python-script',
      script: 'manage.py',
    });
    expect(l('node --enable-source-maps dist/main.js')).toMatchObject({ kind: 'node-script', script: 'dist/main.js' });
    expect(l('npm run start:prod')).toMatchObject({ kind: 'npm-script', script: 'start:prod' });
    // tsx's watch mode runs the file after it, as tsx alone does.
    expect(l('tsx watch src/main.ts')).toMatchObject({ kind: 'node-script', script: 'src/main.ts' });
    expect(l('java -Xmx512m -jar /app/app.jar')).toMatchObject({ kind: 'java-jar', jar: '/app/app.jar' });
    expect(l('./docker-entrypoint.sh')).toMatchObject({ kind: 'shell-script' });
    expect(l('uvicorn $APP_MODULE')).toBeUndefined();
    // `dotnet App.dll` (also `dotnet exec`, and by its image path) runs a built assembly; other dotnet commands do not.
    expect(l('dotnet Shop.Api.dll')).toMatchObject({ kind: 'dotnet-dll', assembly: 'Shop.Api' });
    expect(l('dotnet exec /app/Shop.Api.dll --urls http://+:8080')).toMatchObject({ assembly: 'Shop.Api' });
    expect(l('dotnet $APP.dll')).toMatchObject({ kind: 'binary' });
    expect(l('dotnet run --project src/Shop.Api')).toMatchObject({ kind: 'binary' });
  });

  it('resolves `dotnet App.dll` to the project that builds the assembly, by AssemblyName or file name', () => {
    const project = (name?: string) =>
      `<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup>${name ? `<AssemblyName>${name}</AssemblyName>` : ''}</PropertyGroup></Project>`;
    const image = (dll: string) =>
      `FROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\nCOPY out/ .\nENTRYPOINT ["dotnet", "${dll}"]\n`;
    const entries = (files: Record<string, string>) => startPath(files).targets.map((t) => t.entry ?? t.unresolved);
    const app = { 'src/Api/Api.csproj': project('Acme.Api'), 'src/Api/Program.cs': 'var b = 1;\n' };
    expect(entries({ ...app, Dockerfile: image('Acme.Api.dll') })).toEqual(['src/Api/Program.cs']);
    // By the file name when no AssemblyName is set; the project file itself without a Program file.
    expect(entries({ 'src/Api/Api.csproj': project(), Dockerfile: image('Api.dll') })).toEqual(['src/Api/Api.csproj']);
    // A name no project builds, or a test project's, stays unresolved, never a break.
    const unknown = {
      ...app,
      'test/Api.Tests/Acme.Api.Tests.csproj': project(),
      Dockerfile: image('Acme.Api.Tests.dll'),
    };
    expect(entries(unknown)).toEqual([
      'runs the built assembly Acme.Api.Tests.dll, which no project of the repository is named',
    ]);
    expect(startPath(unknown).breaks).toEqual([]);
  });
});

describe('start path: Python in an image', () => {
  const base = {
    Dockerfile:
      'FROM python:3.12-slim\nWORKDIR /app\nCOPY src/ ./src/\nENV PYTHONPATH=/app/src\nCMD ["uvicorn", "svc.api.main:app"]\n',
    'src/svc/__init__.py': '',
    'src/svc/api/__init__.py': '',
    'src/svc/api/main.py':
      'from fastapi import FastAPI\nfrom svc.core.orchestrator import Orchestrator\napp = FastAPI()\n',
    'src/svc/core/__init__.py': '',
  };

  it('passes when every project import resolves in the image', () => {
    const sp = startPath({ ...base, 'src/svc/core/orchestrator.py': 'class Orchestrator:\n    pass\n' });
    expect(sp.breaks).toEqual([]);
    const t = sp.targets[0]!;
    expect(t).toMatchObject({
      source: 'dockerfile',
      dockerfile: 'Dockerfile',
      context: '.',
      entry: 'src/svc/api/main.py',
    });
    expect(t.reached).toEqual(expect.arrayContaining(['src/svc/api/main.py', 'src/svc/core/orchestrator.py']));
    expect(t.layout?.workdir).toBe('/app');
    expect(t.layout?.env.PYTHONPATH).toBe('/app/src');
  });

  it('reports a module that is not in the repository, with the chain', () => {
    const sp = startPath({
      ...base,
      'src/svc/core/orchestrator.py':
        'import os\nfrom svc.models.router import LLMRouter\n\nclass Orchestrator:\n    pass\n',
      'src/svc/models/__init__.py': '',
    });
    expect(sp.breaks).toHaveLength(1);
    const b = sp.breaks[0]!;
    expect(b.kind).toBe('module-missing');
    expect(b.chain.map((c) => `${c.path}:${c.line}`)).toEqual([
      'Dockerfile:5',
      'src/svc/api/main.py:2',
      'src/svc/core/orchestrator.py:2',
      'src/svc/models/__init__.py:1',
    ]);
  });

  it('reports a name the imported module does not define', () => {
    expect(
      breaks({ ...base, 'src/svc/core/orchestrator.py': 'class Conductor:\n    pass\n' }).map((b) => b.split(':')[0]),
    ).toEqual(['name-missing']);
  });

  it('reports a package copied into the image but not on sys.path', () => {
    const out = breaks({
      Dockerfile:
        'FROM python:3.11-slim\nWORKDIR /app\nCOPY src/ ./src/\nENV PYTHONPATH=/app\nCMD ["uvicorn", "src.api:app"]\n',
      'src/api.py': 'from core.engine import Engine\napp = object()\n',
      'src/core/__init__.py': '',
      'src/core/engine.py': 'class Engine: pass\n',
    });
    expect(out).toEqual([expect.stringMatching(/^not-on-path: core\.engine .*\/app\/src is not on sys\.path/)]);
  });

  it('accepts the same layout when the project is pip-installed or the import is guarded', () => {
    const files = {
      Dockerfile:
        'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install .\nENV PYTHONPATH=/app\nCMD ["uvicorn", "src.api:app"]\n',
      'pyproject.toml': '[project]\nname = "x"\n',
      'src/api.py': 'from core.engine import Engine\napp = object()\n',
      'src/core/__init__.py': '',
      'src/core/engine.py': 'class Engine: pass\n',
    };
    expect(breaks(files)).toEqual([]);
    expect(
      breaks({
        ...files,
        Dockerfile: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY src/ ./src/\nCMD ["uvicorn", "src.api:app"]\n',
        'src/api.py':
          'try:\n    from core.engine import Engine\nexcept ImportError:\n    from .core.engine import Engine\napp = object()\n',
      }),
    ).toEqual([]);
  });

  it('honours .dockerignore and reports a file the image does not get', () => {
    const out = breaks({
      Dockerfile: 'FROM python:3.12\nWORKDIR /srv\nCOPY . .\nCMD ["python", "tools/run.py"]\n',
      '.dockerignore': 'tools\n',
      'tools/run.py': 'print("hi")\n',
    });
    expect(out).toEqual([expect.stringMatching(/^not-copied: runs \/srv\/tools\/run\.py/)]);
  });

  it('skips generated modules, sys.path edits and unparseable files', () => {
    expect(
      breaks({
        Dockerfile: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["python", "-m", "svc"]\n',
        'svc/__init__.py': '',
        'svc/__main__.py':
          'from svc.proto import orders_pb2\nfrom svc import _version\nimport sys\nsys.path.insert(0, "lib")\nfrom svc.vendor.thing import x\n',
        'svc/proto/__init__.py': '',
      }),
    ).toEqual([]);
  });

  it('follows ENTRYPOINT scripts that hand over to CMD, and checks the script itself', () => {
    const files = {
      Dockerfile:
        'FROM python:3.12\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["./entry.sh"]\nCMD ["gunicorn", "web.wsgi:app"]\n',
      'entry.sh': '#!/bin/sh\nset -e\npython manage.py migrate\nexec "$@"\n',
      'manage.py': 'import sys\n',
      'web/__init__.py': '',
      'web/wsgi.py': 'from web.factory import build\napp = build()\n',
      'web/factory.py': 'def build():\n    return object()\n',
    };
    const sp = startPath(files);
    expect(sp.breaks).toEqual([]);
    expect(sp.targets[0]!.entry).toBe('entry.sh');
    expect(sp.targets[0]!.reached).toContain('web/factory.py');
    const { 'manage.py': _m, ...without } = files;
    expect(breaks(without)).toEqual([expect.stringMatching(/^entry-missing: runs \/app\/manage\.py/)]);
  });

  it('reads start-up hooks and the app factory a command names', () => {
    const out = breaks({
      Dockerfile: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["uvicorn", "--factory", "app:create"]\n',
      'app.py':
        'from fastapi import FastAPI\n\ndef create():\n    api = FastAPI()\n    configure(api)\n    return api\n\ndef configure(api):\n    api.state.db = db\n    db = connect()\n\ndef connect():\n    return 1\n',
    });
    expect(out).toEqual([expect.stringMatching(/^unbound-local: app\.py:9 reads db in configure\(\)/)]);
  });
});

describe('start path: other stacks and declarations', () => {
  it('follows npm start to a missing relative require', () => {
    const out = breaks({
      Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n',
      'package.json': '{"name":"x","scripts":{"start":"node server.js"}}',
      'server.js': "const routes = require('./routes');\nrequire('./lib/db');\n",
      'lib/db.js': '',
    });
    expect(out).toEqual([expect.stringMatching(/^module-missing: server\.js:1 imports \.\/routes/)]);
  });

  it('takes a module .gitignore names by its file name (src/config.ts, imported as ./config) as written at set-up', () => {
    const files = (ignore: string) => ({
      '.gitignore': ignore,
      'package.json': '{"name":"x","scripts":{"start":"node server.js"}}',
      'server.js': "const config = require('./src/config');\n",
      'src/config.ts.example': 'export const SECRET = "change-me";\n',
    });
    expect(breaks(files('node_modules\nsrc/config.ts\n'))).toEqual([]);
    // Another file ignored: the import is still missing.
    expect(breaks(files('node_modules\nsrc/other.ts\n'))).toEqual([
      expect.stringMatching(/^module-missing: server\.js:1 imports \.\/src\/config/),
    ]);
    // Ignored for its extension alone (compiled output): every missing import would be excused.
    expect(breaks(files('node_modules\n*.js\n'))).toEqual([
      expect.stringMatching(/^module-missing: server\.js:1 imports \.\/src\/config/),
    ]);
  });

  it("finds a workspace package's script from the package's own component, where the workspace root lies above it", () => {
    const files = (scripts: string, workdir = '/srv') => ({
      'package.json': '{"name":"root","private":true}',
      'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n',
      'pnpm-lock.yaml': '',
      'apps/api/package.json': `{"name":"@acme/api","scripts":{${scripts}},"dependencies":{"fastify":"5"}}`,
      'apps/api/src/main.ts': "import Fastify from 'fastify';\nawait Fastify().listen({ port: 3000 });\n",
      'apps/api/Dockerfile': `FROM node:22-alpine\nWORKDIR /srv\nCOPY package.json pnpm-workspace.yaml ./\nCOPY apps/api ./apps/api\nWORKDIR ${workdir}\nCMD ["pnpm", "--filter", "@acme/api", "run", "serve"]\n`,
      'apps/web/package.json': '{"name":"@acme/web","dependencies":{"react":"18"}}',
      'apps/web/src/main.tsx': "import { createRoot } from 'react-dom/client';\n",
      'apps/web/Dockerfile': 'FROM nginx:1.27-alpine\nCOPY apps/web/dist /usr/share/nginx/html\n',
      'compose.yml':
        'services:\n  api:\n    build:\n      context: .\n      dockerfile: apps/api/Dockerfile\n  web:\n    build:\n      context: .\n      dockerfile: apps/web/Dockerfile\n',
    });
    const apiBreaks = (scripts: string, workdir?: string) => {
      const facts = new Facts(RepoIndex.fromMemory(files(scripts, workdir)));
      const api = facts.components.list.find((c) => c.path === 'apps/api');
      expect(api).toBeDefined();
      return facts.forComponent(api!).startPath.breaks.map((b) => `${b.kind}: ${b.message}`);
    };
    expect(apiBreaks('"serve":"node src/main.ts"')).toEqual([]);
    expect(apiBreaks('"start":"node src/main.ts"')).toEqual([expect.stringMatching(/^npm-script-missing: .*"serve"/)]);
    // Started from the package's own folder, the filter selects the same package.
    expect(apiBreaks('"serve":"node src/main.ts"', '/srv/apps/api')).toEqual([]);
    expect(apiBreaks('"start":"node src/main.ts"', '/srv/apps/api')).toEqual([
      expect.stringMatching(/^npm-script-missing: .*"serve"/),
    ]);
  });

  it('reports an npm script that does not exist', () => {
    expect(
      breaks({
        Dockerfile: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npm", "run", "serve"]\n',
        'package.json': '{"name":"x","scripts":{"start":"node index.js"}}',
        'index.js': '',
      }),
    ).toEqual([expect.stringMatching(/^npm-script-missing: /)]);
  });

  it('follows `bun start` to the package.json script of that name, and `bun run <file>` to the file', () => {
    const files = {
      Dockerfile: 'FROM oven/bun:1.1\nWORKDIR /srv\nCOPY . .\nCMD ["bun", "start"]\n',
      'package.json': '{"name":"x","scripts":{"start":"bun run ./src/server.ts"}}',
      'src/server.ts': "import { routes } from './routes';\n",
      'src/routes.ts': 'export const routes = [];\n',
    };
    const sp = startPath(files);
    expect(sp.breaks).toEqual([]);
    expect(sp.targets[0]!.entry).toBe('src/server.ts');
    expect(sp.targets[0]!.reached).toContain('src/routes.ts');
    // The script names a file the repository lacks: a break, where `bun start` was taken for a program before.
    expect(breaks({ ...files, 'package.json': '{"name":"x","scripts":{"start":"bun run ./src/main.ts"}}' })).toEqual([
      expect.stringMatching(/^entry-missing: runs \.\/src\/main\.ts/),
    ]);
    // `bun run worker.ts` is a file, not a script, even beside a script of another name.
    const file = startPath({
      ...files,
      Dockerfile: 'FROM oven/bun:1.1\nWORKDIR /srv\nCOPY . .\nCMD ["bun", "run", "src/routes.ts"]\n',
    });
    expect(file.targets[0]!.entry).toBe('src/routes.ts');
  });

  it('maps a build output to its TypeScript source', () => {
    const sp = startPath({
      Dockerfile:
        'FROM node:20 AS b\nWORKDIR /app\nCOPY . .\nRUN npm run build\nFROM node:20-slim\nWORKDIR /app\nCOPY --from=b /app/dist ./dist\nCMD ["node", "dist/main.js"]\n',
      'package.json': '{"name":"x","scripts":{"build":"tsc"}}',
      'src/main.ts': "import { a } from './a';\n",
      'src/a.ts': 'export const a = 1;\n',
    });
    expect(sp.breaks).toEqual([]);
    expect(sp.targets[0]!.entry).toBe('src/main.ts');
  });

  it('follows a glob copied from a build stage (`COPY --from=build /build/package*.json ./`) to the npm script', () => {
    const files = {
      Dockerfile:
        'FROM node:22 AS build\nWORKDIR /build\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nFROM node:22-slim\nWORKDIR /app\nCOPY --from=build /build/package*.json ./\nCOPY --from=build /build/dist/ ./dist/\nCMD ["npm", "run", "start:prod"]\n',
      'package.json': '{"name":"x","scripts":{"build":"tsc","start:prod":"node dist/main.js"}}',
      'package-lock.json': '{}',
      'src/main.ts': 'export const a = 1;\n',
    };
    expect(breaks(files)).toEqual([]);
    expect(startPath(files).targets[0]!.entry).toBe('src/main.ts');
  });

  it('resolves the imports of an entry copied into an image beside the contents of a build output folder', () => {
    const files = (copy: string) => ({
      Dockerfile: `FROM node:22 AS build\nWORKDIR /src\nCOPY . .\nRUN npm run build\nFROM node:22-slim\nWORKDIR /srv\n${copy}COPY web/start.cjs ./start.cjs\nCMD ["node", "start.cjs"]\n`,
      'package.json': '{"name":"x","scripts":{"build":"next build"}}',
      'web/start.cjs': "require('./server.js');\n",
    });
    // `/src/.next/standalone/` brings its contents (server.js among them) to /srv, not a folder /srv/standalone.
    expect(breaks(files('COPY --from=build /src/.next/standalone/ ./\n'))).toEqual([]);
    expect(breaks(files(''))).toEqual([
      expect.stringMatching(/^module-missing: web\/start\.cjs:1 imports \.\/server\.js/),
    ]);
  });

  it("leaves a root start script to a community base image, not to an official or vendor registry's image", () => {
    const app = { 'public/index.php': '<?php echo "ok";\n', 'composer.json': '{"require":{"php":">=8.1"}}' };
    const over = (from: string) =>
      startPath({ ...app, Dockerfile: `FROM ${from}\nWORKDIR /var/www/html\nCOPY . .\nCMD ["/start.sh"]\n` });
    const community = over('someowner/nginx-php-fpm:8.2');
    expect(community.breaks).toEqual([]);
    expect(community.targets[0]!.unresolved).toBe('runs /start.sh, which the base image provides');
    expect(over('docker.io/someowner/nginx-php-fpm').breaks).toEqual([]);
    // An official image, one named under library/, a vendor registry's image: nothing there provides /start.sh.
    for (const from of ['php:8.3-fpm', 'library/php:8.3-fpm', 'ghcr.io/someowner/php:1', 'mcr.microsoft.com/php/x:1'])
      expect(over(from).breaks.map((b) => b.kind)).toEqual(['script-missing']);
    // A script in a folder of the application's own, not at the image root, is still the repository's to provide.
    const nested = startPath({
      ...app,
      Dockerfile:
        'FROM someowner/nginx-php-fpm:8.2\nWORKDIR /var/www/html\nCOPY . .\nCMD ["/var/www/html/bin/start.sh"]\n',
    });
    expect(nested.breaks.map((b) => b.kind)).toEqual(['script-missing']);
    // Only a script: a module at the image root is the application's, which no COPY put there.
    const mod = startPath({
      'package.json': '{"name":"app","dependencies":{"express":"^4.21.2"}}',
      Dockerfile: 'FROM someowner/node-base:22\nWORKDIR /srv\nCOPY package.json .\nCMD ["node", "/server.js"]\n',
    });
    expect(mod.breaks.map((b) => b.kind)).toEqual(['entry-missing']);
    // An image built on this machine (`localhost/…`) has no owner on Docker Hub.
    expect(over('localhost/nginx-php-fpm:dev').breaks.map((b) => b.kind)).toEqual(['script-missing']);
  });

  it('follows a start script a build stage copied in only as far as the stage: it is not read', () => {
    const sp = startPath({
      Dockerfile:
        'FROM quay.io/keycloak/keycloak:26.0 AS builder\nRUN /opt/keycloak/bin/kc.sh build\nFROM quay.io/keycloak/keycloak:26.0\nCOPY --from=builder /opt/keycloak/ /opt/keycloak/\nENTRYPOINT ["/opt/keycloak/bin/kc.sh"]\n',
    });
    expect(sp.breaks).toEqual([]);
    expect(sp.targets[0]!.unresolved).toBe('runs /opt/keycloak/bin/kc.sh, built in stage builder (line 4)');
  });

  it('reads compose command overrides, Procfile processes and console scripts', () => {
    const sp = startPath({
      'docker-compose.yml': 'services:\n  api:\n    build: .\n    command: python -m app.worker\n',
      Dockerfile: 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD ["python", "-m", "app"]\n',
      'app/__init__.py': '',
      'app/__main__.py': '',
      'app/worker.py': '',
      Procfile: 'web: gunicorn app.web:server\n',
      'app/web.py': 'server = object()\n',
      'pyproject.toml': '[project]\nname = "app"\n[project.scripts]\napp-cli = "app.cli:main"\n',
      'app/cli.py': 'def main():\n    pass\n',
    });
    expect(sp.breaks).toEqual([]);
    expect(sp.targets.map((t) => `${t.source}:${t.entry}`)).toEqual([
      'dockerfile:app/__main__.py',
      'compose:app/worker.py',
      'procfile:app/web.py',
      'pyproject:app/cli.py',
    ]);
    expect(sp.targets[1]!.service).toBe('api');
  });

  it('reports a healthcheck program the base image lacks, unless the image installs it', () => {
    const df = (extra: string) =>
      `FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n${extra}HEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["python", "main.py"]\n`;
    expect(breaks({ Dockerfile: df(''), 'main.py': '' })).toEqual([expect.stringMatching(/^healthcheck-tool: /)]);
    expect(breaks({ Dockerfile: df('RUN apt-get update && apt-get install -y curl\n'), 'main.py': '' })).toEqual([]);
  });

  it('reports an undocumented missing config file mounted by compose', () => {
    const files = {
      'docker-compose.yml':
        'services:\n  proxy:\n    image: nginx:1.27\n    volumes:\n      - ./nginx/site.conf:/etc/nginx/conf.d/default.conf:ro\n      - ./data:/data\n',
    };
    expect(breaks(files)).toEqual([
      expect.stringMatching(/^mount-missing: service proxy mounts \.\/nginx\/site\.conf/),
    ]);
    expect(breaks({ ...files, 'README.md': 'Copy site.conf into nginx/ before starting.\n' })).toEqual([]);
  });

  it('does not report a mount from the folder the package manager fills (vendor/, node_modules/)', () => {
    const compose =
      'services:\n  db:\n    image: mysql:8.4\n    volumes:\n      - ./vendor/acme/dev/db/seed-testing.sh:/docker-entrypoint-initdb.d/10-seed.sh\n';
    // composer install creates vendor/ from composer.json: nothing to document
    expect(breaks({ 'docker-compose.yml': compose, 'composer.json': '{"require": {}}' })).toEqual([]);
    // without a manifest beside it, nothing would create the folder
    expect(breaks({ 'docker-compose.yml': compose })).toEqual([
      expect.stringMatching(/^mount-missing: service db mounts \.\/vendor\/acme/),
    ]);
  });

  it('does not take a client subscribing to a named event for a server start', () => {
    const targets = startPath({
      'package.json': '{"name": "player", "private": true}',
      'resources/js/socket.ts':
        "import Echo from 'laravel-echo';\nexport const listen = (echo: Echo) => echo.channel('player').listen('.track.changed', () => {});\n",
      'server/index.js': "const http = require('node:http');\nhttp.createServer((q, r) => r.end('ok')).listen(8080);\n",
    }).targets;
    expect(targets.map((t) => t.entry)).toEqual(['server/index.js']);
  });

  it('never lets a module deep in a package shadow the standard library or a dependency without an image', () => {
    expect(
      breaks({
        Procfile: 'web: gunicorn config.wsgi:application\n',
        'requirements.txt': 'django\nlnurl\n',
        'config/__init__.py': '',
        'config/wsgi.py':
          'from datetime import timedelta\nfrom django.core.wsgi import get_wsgi_application\nfrom lnurl import decode\napplication = get_wsgi_application()\n',
        'config/django/__init__.py': '',
        'config/django/core.py': '',
        'app/models/__init__.py': '',
        'app/models/datetime.py': 'NOW = 1\n',
        'app/models/lnurl.py': 'X = 1\n',
      }),
    ).toEqual([]);
  });

  it('looks a bare program name up on PATH, not in the working directory', () => {
    expect(breaks({ Procfile: 'web: jemalloc.sh bundle exec puma -C config/puma.rb\n', 'config/puma.rb': '' })).toEqual(
      [],
    );
  });

  it('follows an extensionless entrypoint the image copies onto PATH to the command it hands over to', () => {
    const sp = startPath({
      Dockerfile:
        'FROM php:8.4-cli\nWORKDIR /app\nCOPY --link --chmod=755 docker/entry.sh /usr/local/bin/app-entry\nCOPY . .\n' +
        'ENTRYPOINT ["app-entry"]\nCMD ["php", "-S", "0.0.0.0:8080", "-t", "public"]\n',
      'docker/entry.sh': '#!/bin/sh\nset -e\nexec gosu www-data "$@"\n',
      'public/index.php': '<?php echo "ok";\n',
    });
    expect(sp.targets[0]!.entry).toBe('docker/entry.sh');
    expect(sp.targets[0]!.unresolved).not.toBe('runs the program app-entry');
  });

  it('is empty for a library', () => {
    const sp = startPath({ 'pyproject.toml': '[project]\nname = "lib"\n', 'lib/__init__.py': 'x = 1\n' });
    expect(sp.targets).toEqual([]);
    expect(sp.shipped).toBe(false);
  });

  describe('Node programs started by path, by run-script-os, or by a bin the repository publishes', () => {
    it('follows run-script-os to the Linux variant of the script, then a node program run by its path', () => {
      const files = {
        'package.json': JSON.stringify({
          name: 'relay',
          scripts: {
            start: 'run-script-os',
            'start:windows': 'cd bin && run.cmd start',
            'start:default': 'cd bin && ./run start',
          },
          dependencies: { express: '4.19.0' },
        }),
        'bin/run': '#!/usr/bin/env node\nrequire("../src/server.js");\n',
        'src/server.js': 'const express = require("express");\nexpress().listen(3000);\n',
        Dockerfile: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm", "start"]\n',
      };
      const sp = startPath(files);
      expect(sp.targets[0]).toMatchObject({ entry: 'bin/run', stack: 'node' });
      expect(sp.breaks).toEqual([]);
      // A Linux variant that names a script the image does not hold breaks.
      expect(
        breaks({
          ...files,
          'package.json': JSON.stringify({
            name: 'relay',
            scripts: {
              start: 'run-script-os',
              'start:default': 'cd bin && ./run start',
              'start:linux': 'node gone.js',
            },
          }),
        }).join('\n'),
      ).toMatch(/entry-missing: runs gone\.js/);
    });

    it("a command named by a published package's bin starts that bin; an unknown program stays unresolved", () => {
      const files = {
        'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
        'packages/cli/package.json': JSON.stringify({ name: '@acme/relay', bin: { relay: './bin/run' } }),
        'packages/cli/bin/run': '#!/usr/bin/env node\nrequire("../dist/index.js");\n',
        Dockerfile: 'FROM node:22-alpine\nRUN npm install -g @acme/relay\nENTRYPOINT ["relay", "start"]\n',
      };
      expect(startPath(files).targets[0]!.entry).toBe('packages/cli/bin/run');
      const t = startPath({
        ...files,
        Dockerfile: 'FROM node:22-alpine\nRUN npm install -g pm2\nENTRYPOINT ["pm2-runtime", "app.js"]\n',
      }).targets[0]!;
      expect(t.entry).toBeUndefined();
    });
  });
});
