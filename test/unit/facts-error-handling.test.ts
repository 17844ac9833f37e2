import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const errorHandling = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).errorHandling;
const expressApp = (extra: string) => ({
  'package.json': JSON.stringify({ name: 'a', main: 'server.js', dependencies: { express: '^4.19.0' } }),
  'server.js': [
    "const express = require('express');",
    'const app = express();',
    "app.get('/orders', async (req, res) => res.json(await load()));",
    extra,
    'app.listen(3000);',
  ].join('\n'),
});

describe('facts: errorHandling', () => {
  it('a registered Express error middleware is the global handler', () => {
    const eh = errorHandling(
      expressApp('app.use((err, req, res, next) => res.status(500).json({ error: "internal" }));'),
    );
    expect(eh.handler).toMatchObject({
      label: 'Express error middleware (err, req, res, next)',
      confidence: 'high',
      evidence: [{ path: 'server.js', line: 4 }],
    });
    expect(eh.unwired).toBeUndefined();
  });

  it('a named error middleware nothing registers is unwired; without it there is no handler at all', () => {
    const eh = errorHandling(expressApp('function onError(err, req, res, next) { res.status(500).end(); }'));
    expect(eh.handler).toBeUndefined();
    expect(eh.unwired).toMatchObject({ path: 'server.js', line: 4 });
    expect(errorHandling(expressApp('')).unwired).toBeUndefined();
  });

  it('typed parameters may list type arguments with commas, registered or named', () => {
    const typed =
      'err: unknown, req: Request<{}, Failure, undefined>, res: Response<Failure<Detail>>, next: NextFunction';
    expect(errorHandling(expressApp(`app.use((${typed}) => res.status(500).end());`)).handler).toMatchObject({
      evidence: [{ path: 'server.js', line: 4 }],
    });
    expect(errorHandling(expressApp(`function onError(${typed}) { res.status(500).end(); }`)).unwired).toMatchObject({
      path: 'server.js',
      line: 4,
    });
  });

  it("Symfony's error_controller naming the application's controller is the global handler, not the default", () => {
    const app = (prod: string) =>
      errorHandling({
        'composer.json': JSON.stringify({
          require: { 'symfony/framework-bundle': '7.2.*' },
          autoload: { 'psr-4': { 'App\\': 'src/' } },
        }),
        'src/Kernel.php': '<?php\nnamespace App;\nclass Kernel {}\n',
        'public/index.php': '<?php\nuse App\\Kernel;\n',
        'config/packages/prod/framework.yaml': `framework:\n  ${prod}\n`,
      });
    expect(app('error_controller: App\\Controller\\ErrorAnswer').handler).toMatchObject({
      confidence: 'high',
      evidence: [{ path: 'config/packages/prod/framework.yaml', line: 2 }],
    });
    expect(app("error_controller: 'error_controller'").handler).toBeUndefined();
  });

  it("Symfony's error page overridden for every status is a low-confidence handler; a 404 page alone is not", () => {
    const app = (pages: Record<string, string>) =>
      errorHandling({
        'composer.json': JSON.stringify({
          require: { 'symfony/framework-bundle': '7.2.*', 'symfony/twig-bundle': '7.2.*' },
          autoload: { 'psr-4': { 'App\\': 'src/' } },
        }),
        'src/Kernel.php': '<?php\nnamespace App;\nclass Kernel {}\n',
        'public/index.php': '<?php\nuse App\\Kernel;\n',
        ...pages,
      }).handler;
    const dir = 'templates/bundles/TwigBundle/Exception';
    expect(
      app({ [`${dir}/error.html.twig`]: '<h1>Sorry</h1>\n', [`${dir}/error404.html.twig`]: '<h1>Gone</h1>\n' }),
    ).toMatchObject({ confidence: 'low', evidence: [{ path: `${dir}/error.html.twig`, line: 1 }] });
    expect(app({ [`${dir}/error500.html.twig`]: '<h1>Sorry</h1>\n' })).toMatchObject({ confidence: 'low' });
    expect(app({ [`${dir}/error404.html.twig`]: '<h1>Gone</h1>\n' })).toBeUndefined();
  });

  it('a handler for client errors only is low confidence', () => {
    const eh = errorHandling({
      'requirements.txt': 'flask\n',
      'app.py': [
        'from flask import Flask',
        'app = Flask(__name__)',
        '@app.errorhandler(404)',
        'def not_found(e):',
        '    return {"error": "not found"}, 404',
      ].join('\n'),
    });
    expect(eh.handler).toMatchObject({ confidence: 'low', evidence: [{ line: 3 }] });
    expect(eh.handler?.evidence[0]?.note).toMatch(/for client errors only$/);
  });

  it('Go: panic recovery alone is recorded as recovery, not a handler', () => {
    const eh = errorHandling({
      'go.mod': 'module example.com/a\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n',
      'main.go': [
        'package main',
        'import "github.com/gin-gonic/gin"',
        'func main() {',
        '\tr := gin.Default()',
        '\tr.GET("/ping", func(c *gin.Context) { c.JSON(200, "pong") })',
        '\tr.Run(":8080")',
        '}',
      ].join('\n'),
    });
    expect(eh.handler).toBeUndefined();
    expect(eh.recovery).toMatchObject({ path: 'main.go', line: 4, call: 'gin.Default()' });
  });

  it('reads a Go middleware that recovers, calls Next and writes the error answer as the handler when the router Uses it', () => {
    const mw =
      'package failures\n\nimport routing "github.com/go-ozzo/ozzo-routing/v2"\n\nfunc Middleware() routing.Handler {\n\treturn func(c *routing.Context) (err error) {\n\t\tdefer func() {\n\t\t\tif p := recover(); p != nil {\n\t\t\t\terr = fmt.Errorf("%v", p)\n\t\t\t}\n\t\t\tif err != nil {\n\t\t\t\tc.Response.WriteHeader(500)\n\t\t\t\terr = nil\n\t\t\t}\n\t\t}()\n\t\treturn c.Next()\n\t}\n}\n';
    const main = (use: string) =>
      `package main\n\nimport "example.com/a/failures"\n\nfunc main() {\n\tr := routing.New()\n${use}\thttp.ListenAndServe(":80", r)\n}\n`;
    const used = errorHandling({
      'go.mod': 'module example.com/a\n',
      'failures/mw.go': mw,
      'main.go': main('\tr.Use(\n\t\tlogging(),\n\t\tfailures.Middleware(),\n\t)\n'),
    });
    expect(used.handler?.evidence.map((e) => [e.path, e.line])).toEqual([
      ['failures/mw.go', 5],
      ['main.go', 7],
    ]);
    // Defined but never Used on a router: no handler.
    const unused = errorHandling({
      'go.mod': 'module example.com/a\n',
      'failures/mw.go': mw,
      'main.go': main('\t_ = failures.Middleware\n'),
    });
    expect(unused.handler).toBeUndefined();
  });
});

describe('facts: errorHandling — routing-controllers', () => {
  const app = (middlewares: string) => ({
    'package.json': '{"name":"x","main":"src/index.ts","dependencies":{"routing-controllers":"0.10.4"}}',
    'src/index.ts': `import { createExpressServer } from 'routing-controllers';\nconst app = createExpressServer({\n  defaultErrorHandler: false,\n  ${middlewares}\n});\napp.listen(3000);\n`,
    'src/mw/Failure.ts':
      "import { ExpressErrorMiddlewareInterface, Middleware } from 'routing-controllers';\n@Middleware({ type: 'after' })\nexport class Failure implements ExpressErrorMiddlewareInterface {\n  error(err: any, req: any, res: any, next: any) { res.status(500).json({ error: 'internal' }); }\n}\n",
  });

  it('an error middleware class the server loads from a folder glob is the global handler', () => {
    expect(errorHandling(app("middlewares: [__dirname + '/mw/*.ts'],")).handler).toMatchObject({
      label: 'routing-controllers error middleware',
      confidence: 'high',
      evidence: [
        { path: 'src/mw/Failure.ts', line: 3 },
        { path: 'src/index.ts', line: 4 },
      ],
    });
  });

  it('one the server leaves out of its class list is not', () => {
    expect(errorHandling(app('middlewares: [Timing],')).handler).toBeUndefined();
  });

  it('Sanic: a handler added for Exception is global; one only for NotFound is for client errors', () => {
    const sanic = (line: string) =>
      errorHandling({
        'requirements.txt': 'sanic==23.12.1\n',
        'server.py': ['from sanic import Sanic', 'app = Sanic("a")', line, '    return None'].join('\n'),
      }).handler;
    expect(sanic('app.error_handler.add(Exception, answer)\ndef answer(request, exc):')).toMatchObject({
      label: 'Sanic exception handler',
      confidence: 'high',
    });
    expect(sanic('@app.exception(Exception)\nasync def answer(request, exc):')?.confidence).toBe('high');
    expect(sanic('@app.exception(NotFound)\nasync def answer(request, exc):')?.confidence).toBe('low');
  });
});
