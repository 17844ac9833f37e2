import { describe, expect, it } from 'vitest';
import { detectImports } from '../../src/facts/imports.js';
import { RepoIndex } from '../../src/repo/index.js';

describe('imports', () => {
  it('resolves `from pkg import a, b` to sub-module files', () => {
    const repo = RepoIndex.fromMemory({
      'app/__init__.py': '',
      'app/main.py': 'from app.routers import (\n    health,\n    orders as o,\n)\nfrom . import db\n',
      'app/db.py': '',
      'app/routers/__init__.py': '',
      'app/routers/health.py': '',
      'app/routers/orders.py': '',
    });
    const locals = detectImports(repo)
      .byFile.get('app/main.py')!
      .map((r) => r.local);
    expect(locals).toEqual(
      expect.arrayContaining([
        'app/routers/__init__.py',
        'app/routers/health.py',
        'app/routers/orders.py',
        'app/db.py',
      ]),
    );
  });

  it('resolves Django projects rooted beside manage.py', () => {
    const repo = RepoIndex.fromMemory({
      'backend/manage.py': '',
      'backend/shop/__init__.py': '',
      'backend/shop/views.py': 'from shop import models\n',
      'backend/shop/models.py': '',
    });
    expect(
      detectImports(repo)
        .byFile.get('backend/shop/views.py')!
        .map((r) => r.local),
    ).toEqual(['backend/shop/__init__.py', 'backend/shop/models.py']);
  });

  it('resolves modules of a folder a module puts on sys.path by name, beside it or above it', () => {
    const repo = RepoIndex.fromMemory({
      'web/site/settings/base.py':
        'import os, sys\nBASE_DIR = Path(__file__).parent.parent\nsys.path.insert(0, os.path.join(BASE_DIR, "apps"))\n',
      'web/site/apps/signup/__init__.py': '',
      'web/site/apps/signup/urls.py': 'from signup import views\n',
      'web/site/apps/signup/views.py': '',
      'lambda/handler.py': 'import sys\nsys.path.append("lib")\nfrom helpers import keys\n',
      'lib/helpers/__init__.py': '',
      'lib/helpers/keys.py': '',
    });
    const imports = detectImports(repo).byFile;
    expect(imports.get('web/site/apps/signup/urls.py')!.map((r) => r.local)).toContain('web/site/apps/signup/views.py');
    expect(imports.get('lambda/handler.py')!.map((r) => r.local)).toContain('lib/helpers/keys.py');
  });

  it('resolves Go package directories, JVM classes and Ruby require_relative', () => {
    const repo = RepoIndex.fromMemory({
      'main.go': 'package main\n\nimport "example.com/svc/internal/api"\n',
      'internal/api/api.go': 'package api\n',
      'src/main/java/com/acme/App.java': 'package com.acme;\nimport com.acme.web.Health;\n',
      'src/main/java/com/acme/web/Health.java': 'package com.acme.web;\n',
      'app.rb': "require_relative 'lib/health'\nrequire 'sinatra'\n",
      'lib/health.rb': '',
    });
    const f = detectImports(repo, 'example.com/svc');
    expect(f.byFile.get('main.go')![0]!.local).toBe('internal/api');
    expect(f.byFile.get('src/main/java/com/acme/App.java')![0]!.local).toBe('src/main/java/com/acme/web/Health.java');
    expect(f.byFile.get('app.rb')!.map((r) => r.local)).toEqual(['lib/health.rb', undefined]);
    expect(f.uses('sinatra')).toBe(true);
  });

  it('resolves a Java static import (one member or all of them) to the file of its class', () => {
    const repo = RepoIndex.fromMemory({
      'src/main/java/com/acme/App.java':
        'package com.acme;\nimport static com.acme.util.Retry.withRetry;\nimport static com.acme.util.Limits.*;\n',
      'src/main/java/com/acme/util/Retry.java': 'package com.acme.util;\npublic final class Retry {}\n',
      'src/main/java/com/acme/util/Limits.java': 'package com.acme.util;\npublic final class Limits {}\n',
    });
    expect(
      detectImports(repo)
        .byFile.get('src/main/java/com/acme/App.java')!
        .map((r) => r.local),
    ).toEqual(['src/main/java/com/acme/util/Retry.java', 'src/main/java/com/acme/util/Limits.java']);
  });
});

describe('imports: line numbers', () => {
  it('reports the line of each JS import, not the previous one', () => {
    const repo = RepoIndex.fromMemory({ 'a.js': "import x from 'x';\nimport y from 'y';\nconst z = require('z');\n" });
    expect(
      detectImports(repo)
        .byFile.get('a.js')!
        .map((r) => [r.pkg, r.line]),
    ).toEqual([
      ['x', 1],
      ['y', 2],
      ['z', 3],
    ]);
  });
});

describe('imports: roots and aliases', () => {
  it('resolves tsconfig path aliases and Python packages under a service sub-directory', () => {
    const repo = RepoIndex.fromMemory({
      'tsconfig.json':
        '{\n  // comment\n  "compilerOptions": { "baseUrl": ".", "paths": { "@app/*": ["src/app/*"] } }\n}\n',
      'src/main.ts': "import { health } from '@app/health';\n",
      'src/app/health.ts': 'export const health = 1;\n',
      'backend/requirements.txt': 'fastapi==0.115.0\n',
      'backend/app/__init__.py': '',
      'backend/app/main.py': 'from app.routers import health\n',
      'backend/app/routers/__init__.py': '',
      'backend/app/routers/health.py': '',
    });
    const f = detectImports(repo);
    expect(f.byFile.get('src/main.ts')![0]!.local).toBe('src/app/health.ts');
    expect(f.byFile.get('backend/app/main.py')!.map((r) => r.local)).toContain('backend/app/routers/health.py');
  });
});

describe('imports: SvelteKit $lib', () => {
  it('resolves $lib to src/lib of the app beside svelte.config, in a sub-folder too', () => {
    const repo = RepoIndex.fromMemory({
      'web/svelte.config.js': 'export default { kit: {} };\n',
      'web/src/hooks.server.ts':
        "import { logger } from '$lib/server/logger';\nimport { env } from '$env/dynamic/private';\n",
      'web/src/lib/server/logger.ts': 'export const logger = console;\n',
    });
    const refs = detectImports(repo).byFile.get('web/src/hooks.server.ts')!;
    expect(refs.map((r) => r.local)).toEqual(['web/src/lib/server/logger.ts', undefined]);
  });
});

describe('imports: code inside strings', () => {
  it('does not take an import written inside a template or string literal for a real one', () => {
    const repo = RepoIndex.fromMemory({
      'scripts/gen.mjs':
        "const files = [(i) => `import express from 'express';\\nexport const r = 1;`];\nimport fs from 'node:fs';\n",
    });
    expect(
      detectImports(repo)
        .byFile.get('scripts/gen.mjs')!
        .map((r) => r.pkg),
    ).toEqual(['fs']);
  });
});

describe('imports: module patterns', () => {
  it('matches dotted Python modules by string and by pattern', () => {
    const repo = RepoIndex.fromMemory({
      'app/tracing.py': 'from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor\n',
    });
    const f = detectImports(repo);
    expect(f.uses('opentelemetry.instrumentation.fastapi')).toBe(true);
    expect(f.uses(/^opentelemetry\.instrumentation\.(fastapi|flask)/)).toBe(true);
    expect(f.uses('opentelemetry.instrumentation.flask')).toBe(false);
  });

  it('numbers lines and keeps importersOf independent of earlier firstUse calls', () => {
    const repo = RepoIndex.fromMemory({ 'main.go': 'package main\n\nimport "fmt"\n\nimport (\n\t"fmt"\n)\n' });
    const f = detectImports(repo);
    const before = f.importersOf('fmt').map((r) => r.line);
    expect([...before].sort()).toEqual([3, 6]);
    expect(f.firstUse('fmt')?.line).toBe(3);
    expect(f.importersOf('fmt').map((r) => r.line)).toEqual(before);
  });
});

describe('detectImports: nested Go modules', () => {
  it('resolves an import to the folder of the nested go.mod whose module path prefixes it', () => {
    const repo = RepoIndex.fromMemory({
      'svc/api/go.mod': 'module example.com/mono/svc/api\n\ngo 1.22\n',
      'svc/api/main.go': 'package main\n\nimport "example.com/mono/svc/api/store"\n\nfunc main() { store.Open() }\n',
      'svc/api/store/store.go': 'package store\n\nfunc Open() {}\n',
    });
    const refs = detectImports(repo).byFile.get('svc/api/main.go') ?? [];
    expect(refs.map((r) => r.local)).toEqual(['svc/api/store']);
  });
});

describe('workspace packages', () => {
  it('resolves imports of the repository’s own packages through exports maps, patterns, main and sub-paths', () => {
    const repo = RepoIndex.fromMemory({
      'package.json': '{"private": true, "workspaces": ["apps/*", "packages/*"]}',
      'packages/lib/package.json':
        '{"name": "@acme/lib", "exports": {".": "./index.ts", "./server/*": {"types": "./src/server/*.d.ts", "import": "./dist/server/*.js"}}}',
      'packages/lib/index.ts': 'export const x = 1;\n',
      'packages/lib/src/server/rate-limit.ts': 'export const limit = 1;\n',
      'packages/auth/package.json': '{"name": "@acme/auth", "main": "./dist/index.js"}',
      'packages/auth/src/index.ts': 'export const auth = 1;\n',
      'packages/ui/package.json': '{"name": "@acme/ui"}',
      'packages/ui/button.tsx': 'export const Button = 1;\n',
      'apps/web/server.ts': [
        "import { x } from '@acme/lib';",
        "import { limit } from '@acme/lib/server/rate-limit';",
        "import { auth } from '@acme/auth';",
        "import { Button } from '@acme/ui/button';",
        "import { Hono } from 'hono';",
      ].join('\n'),
    });
    const refs = detectImports(repo).byFile.get('apps/web/server.ts')!;
    expect(refs.map((r) => [r.pkg, r.local])).toEqual([
      ['@acme/lib', 'packages/lib/index.ts'],
      ['@acme/lib', 'packages/lib/src/server/rate-limit.ts'],
      ['@acme/auth', 'packages/auth/src/index.ts'],
      ['@acme/ui', 'packages/ui/button.tsx'],
      ['hono', undefined],
    ]);
  });
});

describe('imports: Deno specifiers', () => {
  it('names the package of npm:, jsr:, deno.land/x and esm.sh imports without their versions', () => {
    const repo = RepoIndex.fromMemory({
      'main.ts': [
        "import { Application } from 'https://deno.land/x/oak@v12.6.1/mod.ts';",
        "import { Router } from 'jsr:@oak/oak@^17/router';",
        "import express from 'npm:express@4.21.2';",
        "import { z } from 'https://esm.sh/zod@3.23.8';",
        "import { load } from 'https://deno.land/std@0.224.0/dotenv/mod.ts';",
      ].join('\n'),
    });
    const pkgs = detectImports(repo)
      .byFile.get('main.ts')!
      .map((r) => r.pkg);
    expect(pkgs).toEqual(['oak', '@oak/oak', 'express', 'zod', 'https:']);
  });
  it('marks TypeScript statements importing or re-exporting types only, and no other', () => {
    const repo = RepoIndex.fromMemory({
      'src/a.ts': [
        "import type { Row } from './rows';",
        "import type Ledger from './ledger';",
        "export type { Sheet } from './sheet';",
        "export type * from './shapes';",
        "import { type Cell, parse } from './cells';",
        "import typeorm from './typeorm';",
        "import type from './type';",
        "export { total } from './total';",
        '',
      ].join('\n'),
      ...Object.fromEntries(
        ['rows', 'ledger', 'sheet', 'shapes', 'cells', 'typeorm', 'type', 'total'].map((n) => [`src/${n}.ts`, '']),
      ),
    });
    const refs = detectImports(repo).byFile.get('src/a.ts')!;
    expect(refs.map((r) => [r.module, !!r.typeOnly])).toEqual([
      ['./rows', true],
      ['./ledger', true],
      ['./sheet', true],
      ['./shapes', true],
      ['./cells', false],
      ['./typeorm', false],
      ['./type', false],
      ['./total', false],
    ]);
  });
});
