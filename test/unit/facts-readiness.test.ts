import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const readiness = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).readiness;

const GO_MAIN = (health: string, stop: string) => ({
  'go.mod': 'module example.com/feeds\n\ngo 1.22\n',
  'main.go': `package main

import (
\t"net/http"
\t"os"
\t"os/signal"
\t"sync/atomic"
\t"syscall"
)

var draining atomic.Bool

func main() {
\thttp.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
${health}
\t\tw.WriteHeader(http.StatusOK)
\t})
\tgo func() {
\t\tsig := make(chan os.Signal, 1)
\t\tsignal.Notify(sig, syscall.SIGTERM)
\t\t<-sig
${stop}
\t}()
\thttp.ListenAndServe(":8080", nil)
}
`,
});

describe('facts: readiness', () => {
  it('a 503 answering only an atomic shutdown flag the process raises is a drain, not a dependency check', () => {
    const rd = readiness(
      GO_MAIN(
        '\t\tif draining.Load() {\n\t\t\tw.WriteHeader(http.StatusServiceUnavailable)\n\t\t\treturn\n\t\t}',
        '\t\tdraining.Store(true)',
      ),
    );
    expect(rd.handlerCheck).toMatchObject({ drainOnly: true, check: { path: 'main.go', line: 16 } });
  });

  it('a flag named for draining that nothing raises is read as a check', () => {
    const rd = readiness(
      GO_MAIN(
        '\t\tif draining.Load() {\n\t\t\tw.WriteHeader(http.StatusServiceUnavailable)\n\t\t\treturn\n\t\t}',
        '\t\tos.Exit(0)',
      ),
    );
    expect(rd.handlerCheck?.drainOnly).toBeUndefined();
    expect(rd.handlerCheck?.check.call).toBe('answers 503 when its check fails');
  });

  it('a 503 on a condition beside the flag (`draining || !ready`) is a check', () => {
    const rd = readiness(
      GO_MAIN(
        '\t\tif draining.Load() || !cacheWarm() {\n\t\t\tw.WriteHeader(http.StatusServiceUnavailable)\n\t\t\treturn\n\t\t}',
        '\t\tdraining.Store(true)',
      ),
    );
    expect(rd.handlerCheck?.drainOnly).toBeUndefined();
  });

  it('a Python handler testing a shutting-down flag its shutdown hook sets is a drain', () => {
    const rd = readiness({
      'requirements.txt': 'fastapi==0.115.0\nuvicorn==0.32.0\n',
      'app.py':
        'from fastapi import FastAPI, Response\n\napp = FastAPI()\nshutting_down = False\n\n\n@app.on_event("shutdown")\ndef stop():\n    global shutting_down\n    shutting_down = True\n\n\n@app.get("/health")\ndef health():\n    if shutting_down:\n        return Response(status_code=503)\n    return {"status": "ok"}\n',
    });
    expect(rd.handlerCheck).toMatchObject({ drainOnly: true, check: { path: 'app.py', line: 16 } });
  });

  it("a JS health handler reading the request's query string asks no dependency", () => {
    const app = (line: string) =>
      readiness({
        'package.json': JSON.stringify({
          name: 'a',
          main: 'index.js',
          dependencies: { express: '^4.21.0', pg: '^8.0.0' },
        }),
        'index.js': [
          "const express = require('express');",
          "const { Pool } = require('pg');",
          'const pool = new Pool();',
          'const app = express();',
          "app.get('/health', async (req, res) => {",
          `  ${line}`,
          '  res.json({ ok: true });',
          '});',
          'app.listen(3000);',
        ].join('\n'),
      });
    expect(app("const who = req.query.who || 'anyone';").handlerCheck).toBeUndefined();
    expect(app("await pool.query('SELECT 1');").handlerCheck?.check).toMatchObject({ path: 'index.js', line: 6 });
  });
  it("an AdonisJS controller tuple's method is the health route's handler, through a lazy or a static import", () => {
    const app = (importLine: string, body: string) =>
      readiness({
        'package.json':
          '{"name":"kennel","type":"module","imports":{"#controllers/*":"./app/controllers/*.js","#start/*":"./start/*.js"},"dependencies":{"@adonisjs/core":"6.14.0","@adonisjs/lucid":"21.3.0"}}',
        'adonisrc.ts':
          "import { defineConfig } from '@adonisjs/core/app'\nexport default defineConfig({ preloads: [() => import('#start/routes')] })\n",
        'bin/server.ts':
          "import { Ignitor } from '@adonisjs/core'\nnew Ignitor(new URL('../', import.meta.url)).httpServer().start()\n",
        'start/routes.ts': [
          "import router from '@adonisjs/core/services/router'",
          importLine,
          "router.get('/health', [ProbesController, 'handle'])",
          '',
        ].join('\n'),
        'app/controllers/probes_controller.ts': [
          "import db from '@adonisjs/lucid/services/db'",
          'export default class ProbesController {',
          '  async handle() {',
          `    ${body}`,
          '  }',
          '}',
          '',
        ].join('\n'),
      }).handlerCheck;
    const lazy = "const ProbesController = () => import('#controllers/probes_controller')";
    expect(app(lazy, "await db.rawQuery('select 1'); return { ok: true }")?.check).toMatchObject({
      path: 'app/controllers/probes_controller.ts',
      line: 4,
    });
    expect(
      app("import ProbesController from '#controllers/probes_controller'", "await db.rawQuery('select 1')")?.check.path,
    ).toBe('app/controllers/probes_controller.ts');
    expect(app(lazy, "return { status: 'up' }")).toBeUndefined();
  });
});
