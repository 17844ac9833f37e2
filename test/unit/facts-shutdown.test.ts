import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const shutdown = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).shutdown;

describe('facts: shutdown', () => {
  it('Go: server start, signal catch and drain are told apart', () => {
    const sd = shutdown({
      'go.mod': 'module example.com/a\n\ngo 1.22\n',
      'main.go': [
        'package main',
        'import ("net/http"; "os"; "os/signal"; "context")',
        'func main() {',
        '\tsrv := &http.Server{Addr: ":8080"}',
        '\tgo srv.ListenAndServe()',
        '\tc := make(chan os.Signal, 1)',
        '\tsignal.Notify(c, os.Interrupt)',
        '\t<-c',
        '\tsrv.Shutdown(context.Background())',
        '}',
      ].join('\n'),
    });
    expect(sd.go.serve.map((h) => h.match.line)).toEqual([5]);
    expect(sd.go.signal.map((h) => h.match.line)).toEqual([7]);
    expect(sd.go.shutdown.map((h) => h.match.line)).toEqual([9]);
  });

  it('Node: a SIGTERM handler that closes the server drains; one that only exits does not', () => {
    const server = (onSignal: string) => ({
      'package.json': JSON.stringify({ name: 'a', main: 'server.js', dependencies: { express: '^4.19.0' } }),
      'server.js': [
        "const express = require('express');",
        'const app = express();',
        "app.get('/', (req, res) => res.send('ok'));",
        'const server = app.listen(3000);',
        `process.on('SIGTERM', () => { ${onSignal} });`,
      ].join('\n'),
    });
    const closes = shutdown(server('server.close(() => process.exit(0));'));
    expect(closes.nodeHandlers.map((h) => [h.hit.match.line, h.drains])).toEqual([[5, true]]);
    const exits = shutdown(server('process.exit(0);'));
    expect(exits.nodeHandlers.map((h) => [h.hit.match.line, h.drains])).toEqual([[5, false]]);
    expect(exits.node?.listen?.match.line).toBe(4);
    // Flushing an OpenTelemetry SDK or tracer provider on the way out drains no request.
    const flushes = shutdown(server('sdk.shutdown().finally(() => tracerProvider.shutdown());'));
    expect(flushes.nodeHandlers.map((h) => h.drains)).toEqual([false]);
  });

  it('Node: an inline SIGTERM handler drains through a function of the file it calls or schedules', () => {
    const server = (close: string) => ({
      'package.json': JSON.stringify({ name: 'a', main: 'server.js', dependencies: { express: '^4.19.0' } }),
      'server.js': [
        "const express = require('express');",
        'const server = express().listen(3000);',
        `const close = () => { ${close} };`,
        ...Array.from({ length: 16 }, (_, i) => `// ${i}`),
        "process.on('SIGTERM', () => {",
        "  console.log('stopping');",
        '  setTimeout(close, 5000);',
        '});',
      ].join('\n'),
    });
    expect(shutdown(server('server.close(() => process.exit(0));')).nodeHandlers.map((h) => h.drains)).toEqual([true]);
    expect(shutdown(server('process.exit(0);')).nodeHandlers.map((h) => h.drains)).toEqual([false]);
  });

  it('a server its image start script runs in the background gets no SIGTERM, unless an init, a trap or exec passes it on', () => {
    const image = (dockerfile: string, script: string) =>
      shutdown({
        'package.json': JSON.stringify({ name: 'a', main: 'server.js', dependencies: { express: '^4.19.0' } }),
        'server.js': "require('express')().listen(3000);\n",
        Dockerfile: `FROM node:22-slim\nCOPY . .\n${dockerfile}\n`,
        'run.sh': `#!/bin/sh\n${script}\n`,
      }).unsignalled;
    const background = 'NODE_ENV=production nohup node server.js &\nnpx serve -s web';
    expect(image('ENTRYPOINT ["./run.sh"]', background)?.command).toMatchObject({ path: 'run.sh', line: 2 });
    expect(image('CMD ["sh", "run.sh"]', background)?.image).toMatchObject({ path: 'Dockerfile', line: 3 });
    expect(image('ENTRYPOINT ["dumb-init", "--", "./run.sh"]', background)).toBeUndefined();
    expect(image('ENTRYPOINT ["./run.sh"]', `trap 'kill -TERM $!' TERM\n${background}`)).toBeUndefined();
    expect(image('ENTRYPOINT ["./run.sh"]', 'node worker.js &\nexec node server.js')).toBeUndefined();
    // In the foreground the script's last command, or the last of its branches, is the shell's child as well.
    const last = image('CMD ["sh", "run.sh"]', 'node migrate.js\nPORT=3000 node server.js\nexit $?');
    expect(last).toMatchObject({ command: { line: 3 }, background: false });
    const branches = 'if [ "$ROLE" = worker ]; then\n  node worker.js\nelse\n  node server.js\nfi';
    expect(image('ENTRYPOINT ["./run.sh"]', branches)?.command.line).toBe(5);
    expect(image('ENTRYPOINT ["./run.sh"]', 'node server.js \\\n  --port 3000')?.command.line).toBe(2);
    expect(image('ENTRYPOINT ["./run.sh"]', 'exec node server.js')).toBeUndefined();
    expect(image('ENTRYPOINT ["./run.sh"]', 'SERVER_CMD="node server.js"')).toBeUndefined();
    expect(image('ENTRYPOINT ["./run.sh"]', 'node seed.js\nsupervisord -n')).toBeUndefined();
    expect(image('ENTRYPOINT ["dumb-init", "--", "./run.sh"]', 'node server.js')).toBeUndefined();
  });

  it('PHP servers of a start script the image copies in under another name get no SIGTERM without exec', () => {
    const image = (script: string) =>
      shutdown({
        'composer.json': JSON.stringify({ require: { 'laravel/framework': '^11.0' } }),
        artisan: '#!/usr/bin/env php\n<?php\n',
        'public/index.php': '<?php\n',
        Dockerfile:
          'FROM php:8.3-fpm\nCOPY . /var/www/html\nCOPY docker/boot.sh /usr/local/bin/start-app.sh\nCMD ["/usr/local/bin/start-app.sh"]\n',
        'docker/boot.sh': `#!/bin/bash\n${script}\n`,
      }).unsignalled;
    expect(image('php artisan migrate --force\nphp-fpm -F')).toMatchObject({
      command: { path: 'docker/boot.sh', line: 3 },
      image: { path: 'Dockerfile', line: 4 },
      background: false,
    });
    expect(image('runuser -u www-data -- php artisan queue:work --tries=3 &\nexec php-fpm -F')).toBeUndefined();
    // Both are unsignalled; the one cited is the request server, not the backgrounded queue worker before it.
    expect(image('runuser -u www-data -- php artisan queue:work --tries=3 &\napache2-foreground')).toMatchObject({
      command: { line: 3 },
      background: false,
    });
    expect(image('php artisan queue:work &\nphp artisan horizon &\nwait')).toMatchObject({
      command: { line: 2 },
      background: true,
    });
    expect(image('php artisan queue:work &\nphp-fpm -F &\nwait')).toMatchObject({
      command: { line: 3 },
      background: true,
    });
    expect(image('exec php-fpm -F')).toBeUndefined();
  });

  it('a start script copied into the image without its extension is read when the file is a shell script', () => {
    const image = (copy: string, file: string, text: string) =>
      shutdown({
        'composer.json': JSON.stringify({ require: { 'laravel/framework': '^10.0' } }),
        artisan: '#!/usr/bin/env php\n<?php\n',
        'public/index.php': '<?php\n',
        Dockerfile: `FROM php:8.2-fpm\nCOPY . /srv/app\nCOPY ${copy} /usr/local/bin/app-launch\nCMD ["/usr/local/bin/app-launch"]\n`,
        [file]: text,
      }).unsignalled;
    expect(
      image('docker/launch.sh', 'docker/launch.sh', '#!/bin/bash\nservice nginx start\nphp-fpm -F\n'),
    ).toMatchObject({
      command: { path: 'docker/launch.sh', line: 3 },
      image: { path: 'Dockerfile', line: 4 },
    });
    expect(image('docker/launch', 'docker/launch', '#!/usr/bin/env bash\nphp-fpm -F\n')).toMatchObject({
      command: { path: 'docker/launch', line: 2 },
    });
    // A PHP program copied in the same way is no shell: its lines are not a script's commands.
    expect(image('docker/launch', 'docker/launch', '#!/usr/bin/env php\n<?php\n// php-fpm -F\n')).toBeUndefined();
  });

  it('an OTP release a start script runs without exec is unsignalled; messages printed after it end the script', () => {
    const image = (script: string) =>
      shutdown({
        'mix.exs': 'defmodule Ledger.MixProject do\n  use Mix.Project\nend\n',
        'mix.lock': '%{"phoenix": {:hex, :phoenix, "1.7.14"}}\n',
        'lib/ledger_web/endpoint.ex':
          'defmodule LedgerWeb.Endpoint do\n  use Phoenix.Endpoint, otp_app: :ledger\nend\n',
        Dockerfile: 'FROM debian:bookworm-slim\nCOPY rel/ /app/\nCOPY boot.sh /app/boot.sh\nCMD ["/app/boot.sh"]\n',
        'boot.sh': script,
      }).unsignalled;
    expect(
      image('#!/bin/bash\n/app/bin/ledger eval "Ledger.migrate()"\nPHX_SERVER=true /app/bin/ledger start\n'),
    ).toMatchObject({
      command: { path: 'boot.sh', line: 3 },
      background: false,
    });
    // The last line of a `su app -c "…"` string, with messages and an exit after it.
    expect(
      image(
        '#!/bin/bash\nsu app -c "cd /app && \\\n  bin/ledger start"\n\necho "ledger stopped"\nprintf "bye\\n"\nexit 1\n',
      ),
    ).toMatchObject({ command: { path: 'boot.sh', line: 3 } });
    expect(image('#!/bin/bash\nexec /app/bin/ledger start\n')).toBeUndefined();
    // A release command that returns (eval, rpc) is not the server; work after the server still leaves it unread.
    expect(image('#!/bin/bash\n/app/bin/ledger eval "Ledger.migrate()"\n')).toBeUndefined();
    expect(image('#!/bin/bash\n/app/bin/ledger start\ncurl -fsS http://localhost:4000/up\n')).toBeUndefined();
    // A message chained to another command is that command's line: the script goes on after the first server.
    expect(
      image(
        '#!/bin/bash\n/app/bin/ledger eval "Ledger.migrate()"\n/app/bin/ledger start\necho up && exec /app/bin/relay\n',
      ),
    ).toBeUndefined();
  });

  it('start commands: the first that runs a draining server or worker, with why', () => {
    const sd = shutdown({
      'requirements.txt': 'fastapi\nuvicorn\n',
      'app/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
      Dockerfile: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n',
    });
    expect(sd.drainingCommand?.command).toMatchObject({ path: 'Dockerfile', line: 3 });
    expect(sd.drainingCommand?.note).toMatch(/ASGI\/WSGI server handles SIGTERM/);
  });

  it('Rails: the declared Puma is the server, with what Puma does on SIGTERM', () => {
    const sd = shutdown({
      Gemfile: 'source "https://rubygems.org"\ngem "rails", "~> 7.1"\ngem "puma"\n',
      'config/application.rb': 'require "rails/all"\nmodule A\n  class Application < Rails::Application\n  end\nend\n',
      'config/routes.rb': 'Rails.application.routes.draw do\n  resources :orders\nend\n',
    });
    expect(sd.railsPuma).toMatchObject({ path: 'Gemfile', line: 3 });
    expect(sd.railsPuma?.note).toMatch(/^Puma handles SIGTERM/);
  });

  it("JVM: rapids-and-rivers' RapidApplication stops by its shutdown hook; a function of the same name does not", () => {
    const app = (imports: string) => ({
      'build.gradle.kts':
        'plugins { kotlin("jvm") version "2.1.0"\n application }\napplication { mainClass.set("a.AppKt") }\n',
      'src/main/kotlin/a/App.kt': [
        'package a',
        imports,
        '',
        'fun main() {',
        '    val rapid = RapidApplication.create(System.getenv())',
        '    rapid.start()',
        '}',
        '',
      ].join('\n'),
    });
    const sd = shutdown(app('import no.nav.helse.rapids_rivers.RapidApplication'));
    expect(sd.frameworkServer).toMatchObject({ path: 'src/main/kotlin/a/App.kt', line: 5, confidence: 'low' });
    expect(shutdown(app('import a.local.RapidApplication')).frameworkServer).toBeUndefined();
  });

  it("BEAM: the platform's SIGINT stop is found, said in fly.toml or by Fly.io's default; SIGTERM is none", () => {
    const phoenix = (fly: string) => ({
      'mix.exs': 'defmodule Q.MixProject do\n  defp deps do\n    [{:phoenix, "~> 1.7"}]\n  end\nend\n',
      'lib/q_web/endpoint.ex': 'defmodule QWeb.Endpoint do\n  use Phoenix.Endpoint, otp_app: :q\nend\n',
      'fly.toml': fly,
    });
    expect(shutdown(phoenix('app = "q"\nkill_signal = "SIGINT"\n')).beam?.sigint).toMatchObject({
      path: 'fly.toml',
      line: 2,
    });
    expect(shutdown(phoenix('app = "q"\n')).beam?.sigint).toMatchObject({ path: 'fly.toml', flyDefault: true });
    expect(shutdown(phoenix('app = "q"\nkill_signal = "SIGTERM"\n')).beam).not.toHaveProperty('sigint');
  });

  it('Node: close-with-grace under any name is known by its callback, in a file importing it', () => {
    const server = (imported: string) => ({
      'package.json': JSON.stringify({
        name: 'a',
        main: 'server.js',
        dependencies: { fastify: '^5.0.0', 'close-with-grace': '^2.0.0' },
      }),
      'server.js': [
        "const Fastify = require('fastify');",
        `const OnStop = require('${imported}');`,
        'const app = Fastify();',
        'OnStop({ delay: 500 }, async ({ signal, err }) => { await app.close(); });',
        'app.listen({ port: 3000 });',
      ].join('\n'),
    });
    expect(shutdown(server('close-with-grace')).handlers.map((h) => [h.signal.name, h.match.line])).toEqual([
      ['close-with-grace', 4],
    ]);
    // The same call shape with another library is not close-with-grace.
    expect(shutdown(server('./own-exit')).handlers).toEqual([]);
  });

  it("Python: Sanic's app.run and CLI run Sanic's draining server; Flask's app.run stays the development server", () => {
    const app = (imports: string) => ({
      'requirements.txt': 'sanic==23.12.1\nflask==3.0.3\n',
      'main.py': [imports, 'app = make()', 'if __name__ == "__main__":', '    app.run(host="0.0.0.0", port=8000)'].join(
        '\n',
      ),
    });
    const sanic = shutdown(app('from sanic import Sanic'));
    expect(sanic.pythonServerCall?.signal.name).toBe('Sanic app.run');
    expect(sanic.flaskDevServer).toBeUndefined();
    const flask = shutdown(app('from flask import Flask'));
    expect(flask.flaskDevServer?.match.line).toBe(4);
    expect(flask.pythonServerCall).toBeUndefined();
    const cli = (cmd: string) =>
      shutdown({
        'requirements.txt': 'sanic==23.12.1\n',
        'server.py': 'from sanic import Sanic\napp = Sanic("a")\n',
        Dockerfile: `FROM python:3.12-slim\nCOPY . .\nCMD ${cmd}\n`,
      }).drainingCommand?.note;
    expect(cli('["sanic", "server:app", "--host=0.0.0.0"]')).toMatch(/Sanic server/);
    expect(cli('sanic server.app --workers 2')).toMatch(/Sanic server/);
    expect(cli('python -m sanic server:app')).toMatch(/Sanic server/);
    expect(cli('["python", "server.py"]')).toBeUndefined();
  });
});
