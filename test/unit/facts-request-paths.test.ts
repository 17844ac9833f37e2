// Queries over the facts that rules share (src/facts/ecosystem.ts, live-code.ts, handlers.ts, health.ts,
// spring-config.ts, signals.ts, wiring.ts): each answered from a small in-memory repository.
import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { grepReached, grepUnreached } from '../../src/facts/live-code.js';
import { healthRoutes, isHealthRoute, libraryHealth, segments } from '../../src/facts/health.js';
import { routeBody } from '../../src/facts/handlers.js';
import { springProperties } from '../../src/facts/spring-config.js';
import { findSignals, startCommands } from '../../src/facts/signals.js';
import { appliedAt, calledAt, callSites, findHits, isRouteHandler, setupOf } from '../../src/facts/wiring.js';
import { RepoIndex } from '../../src/repo/index.js';

const factsOf = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

const FLASK = {
  'requirements.txt': 'flask==3.0.3\n',
  'app.py': [
    'from flask import Flask, abort',
    'from auth import require_admin',
    'app = Flask(__name__)',
    '',
    '@app.route("/healthz")',
    'def healthz():',
    '    return "ok"',
    '',
    '@app.route("/admin")',
    '@require_admin',
    'def admin():',
    '    return "secret"',
  ].join('\n'),
  'auth.py': [
    'from flask import abort, g',
    'def require_admin(fn):',
    '    if not g.user.is_admin:',
    '        abort(403)',
    '    return fn',
  ].join('\n'),
  'old_app.py': 'import logging\nlogging.basicConfig()\n',
};

describe('the primary ecosystem', () => {
  it('is the only server framework’s, even beside a larger front end', () => {
    const f = factsOf({
      ...FLASK,
      'web/package.json': '{"dependencies": {"react": "18.0.0"}}',
      'web/src/big.ts': `export const x = ${'1 + '.repeat(2000)}1;\n`,
    });
    expect(f.primaryEcosystem).toBe('python');
  });
});

describe('live code', () => {
  it('splits matches by whether the service loads the file', () => {
    const f = factsOf(FLASK);
    expect(grepReached(f, /abort\(403\)/).map((m) => m.path)).toEqual(['auth.py']);
    expect(grepReached(f, /basicConfig/)).toEqual([]);
    expect(grepUnreached(f, /basicConfig/).map((m) => m.path)).toEqual(['old_app.py']);
  });
});

describe('health endpoints', () => {
  it('knows health paths, not parameterised or nested status paths', () => {
    expect(segments('/api/v1/health/')).toEqual(['api', 'v1', 'health']);
    expect(isHealthRoute({ path: '/healthz', fullPath: '/healthz' })).toBe(true);
    expect(isHealthRoute({ path: '/status', fullPath: '/orders/status' })).toBe(false);
    expect(isHealthRoute({ path: '/:id', fullPath: '/health/:id' })).toBe(false);
  });

  it('reads `ping` under a sign-in prefix as an identity provider (PingFederate), not a probe', () => {
    const ping = { path: '/ping', fullPath: '/auth/ping' };
    expect(isHealthRoute({ ...ping, handler: 'PingFederateLogin' })).toBe(false);
    expect(isHealthRoute({ path: '/ping', fullPath: '/oauth2/ping', handler: 'sso_callback' })).toBe(false);
    expect(isHealthRoute(ping, { routes: [{ fullPath: '/auth/ping/callback' }] })).toBe(false);
    expect(isHealthRoute(ping, { library: true })).toBe(false);
    // With no sign of an identity provider, `/auth/ping` is the auth module's own probe.
    expect(isHealthRoute({ ...ping, handler: 'pong' }, { routes: [{ fullPath: '/auth/login' }] })).toBe(true);
    expect(isHealthRoute({ path: '/ping', fullPath: '/ping' })).toBe(true);
    expect(isHealthRoute({ path: '/ping', fullPath: '/api/ping' })).toBe(true);
  });

  it('finds the reached health route and reads its handler', () => {
    const f = factsOf(FLASK);
    const { reached, unreached } = healthRoutes(f);
    expect(reached.map((r) => r.fullPath)).toEqual(['/healthz']);
    expect(unreached).toEqual([]);
    expect(routeBody(f, reached[0]!).text).toContain('return "ok"');
  });

  it('a Spring Boot actuator serves /actuator/health unless configuration hides it', () => {
    const pom =
      '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency></dependencies></project>';
    const on = libraryHealth(factsOf({ 'pom.xml': pom }));
    expect(on?.note).toBe('Spring Boot actuator /actuator/health');
    expect(on?.disabled).toBeUndefined();
    const hidden = factsOf({
      'pom.xml': pom,
      'src/main/resources/application.yml':
        'management:\n  endpoints:\n    web:\n      exposure:\n        include:\n          - info\n',
    });
    expect(springProperties(hidden).get('management.endpoints.web.exposure.include')?.value).toBe('info');
    expect(libraryHealth(hidden)?.disabled).toMatchObject({ path: 'src/main/resources/application.yml' });
  });

  it('OkComputer serves its mount path, and checks the database by itself unless a check is registered', () => {
    const base = {
      Gemfile: 'source "https://rubygems.org"\ngem "rails", "~> 7.2.0"\ngem "okcomputer", "~> 1.18"\n',
      'config/application.rb':
        'require "rails/all"\nmodule Depot\n  class Application < Rails::Application\n  end\nend\n',
      'config/routes.rb': 'Rails.application.routes.draw do\n  resources :parcels\nend\n',
    };
    const byDefault = libraryHealth(factsOf(base));
    expect(byDefault?.note).toBe('OkComputer /okcomputer');
    expect(byDefault?.checksByDefault).toBe(true);
    const moved = libraryHealth(
      factsOf({
        ...base,
        'config/initializers/okcomputer.rb':
          'OkComputer.mount_at = "ping"\nOkComputer::Registry.register "store", OkComputer::RedisCheck.new\n',
      }),
    );
    expect(moved?.note).toBe('OkComputer /ping');
    expect(moved?.checksDependency).toMatchObject({ path: 'config/initializers/okcomputer.rb', line: 2 });
    expect(moved?.checksByDefault).toBeUndefined();
    // The version check answers from the process; deregistering the database check leaves nothing to ask.
    const noDependency = libraryHealth(
      factsOf({
        ...base,
        'config/initializers/okcomputer.rb':
          'OkComputer::Registry.register "version", OkComputer::AppVersionCheck.new\nOkComputer::Registry.deregister "database"\n',
      }),
    );
    expect(noDependency?.note).toBe('OkComputer /okcomputer');
    expect(noDependency?.checksDependency).toBeUndefined();
    expect(
      libraryHealth(factsOf({ ...base, 'config/initializers/okcomputer.rb': 'OkComputer.mount_at = false\n' })),
    ).toBeUndefined();
  });
});

describe('signals', () => {
  it('keeps each signal’s first match per file with whether the service loads it', () => {
    const f = factsOf(FLASK);
    const hits = findSignals(f, [
      { name: 'logging config', re: /logging\.basicConfig\(/, languages: ['python'], note: 'n' },
    ]);
    expect(hits.map((h) => [h.match.path, h.match.line, h.wired])).toEqual([['old_app.py', 2, false]]);
  });

  it('reads start commands from the Dockerfile and the script it runs', () => {
    const f = factsOf({
      ...FLASK,
      Dockerfile: 'FROM python:3.12\nCOPY . .\nCMD ["./boot.sh"]\n',
      'boot.sh': '#!/bin/sh\n# exec gunicorn old:app\nexec gunicorn app:app\n',
    });
    expect(startCommands(f).map((c) => `${c.path}:${c.line}`)).toEqual(['Dockerfile:3', 'boot.sh:3']);
  });
});

describe('wiring', () => {
  it('an axum from_fn closure calling the middleware applies it; a spawned task calling it does not', () => {
    const main = (body: string) =>
      factsOf({
        'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\naxum = "0.8"\n',
        'src/guard.rs':
          'pub async fn guard(flag: bool, req: Request, next: Next) -> Response {\n    next.run(req).await\n}\n',
        'src/main.rs': `mod guard;\n\n#[tokio::main]\nasync fn main() {\n    let app = Router::new()\n${body}    axum::serve(l, app).await.unwrap();\n}\n`,
      });
    const def = { path: 'src/guard.rs', line: 1 };
    expect(
      appliedAt(
        main(
          '        .layer(middleware::from_fn(move |req, next| {\n            guard::guard(true, req, next)\n        }));\n',
        ),
        'guard',
        def,
      ),
    ).toMatchObject({ path: 'src/main.rs', line: 7, how: 'middleware registration' });
    expect(
      appliedAt(
        main('        ;\n    let mw = from_fn_with_state(s.clone(), |st, req, next| guard::guard(st, req, next));\n'),
        'guard',
        def,
      ),
    ).toMatchObject({ path: 'src/main.rs', line: 7 });
    expect(
      appliedAt(
        main('        ;\n    tokio::spawn(async move {\n        guard::guard(true, req, next).await;\n    });\n'),
        'guard',
        def,
      ),
    ).toBeUndefined();
  });

  it('a decorator applies a guard to requests; a commented-out call does not count', () => {
    const f = factsOf({ ...FLASK, 'auth.py': `${FLASK['auth.py']}\n# require_admin(None)\n` });
    expect(appliedAt(f, 'require_admin', { path: 'auth.py', line: 2 })).toMatchObject({
      path: 'app.py',
      line: 10,
      how: 'decorator',
    });
    expect(calledAt(f, 'require_admin', { path: 'auth.py', line: 2 })).toBeUndefined();
    expect(findHits(f, [{ re: /abort\(403\)/, label: 'forbids' }])).toMatchObject([
      { path: 'auth.py', line: 4, live: true },
    ]);
  });

  it('a pattern that requires a text of its file finds hits only in files holding it, in file order', () => {
    const f = factsOf({
      ...FLASK,
      'perms.py': 'from acl import Gate\nabort(403)\n',
      'views.py': 'from flask import abort\nabort(403)\n',
      'zones.py': 'import acl\n\nabort(403)  # Gate\n',
    });
    const hits = findHits(f, [{ re: /abort\(403\)/, label: 'forbids', fileRequires: /\bGate\b/ }]);
    expect(hits.map((h) => [h.path, h.line])).toEqual([
      ['perms.py', 2],
      ['zones.py', 3],
    ]);
  });

  it('route handlers and library setup come from the service model and the imports', () => {
    const f = factsOf(FLASK);
    expect(isRouteHandler(f, 'app.py', 'healthz')).toBe(true);
    expect(isRouteHandler(f, 'auth.py', 'require_admin')).toBe(false);
    expect(setupOf(f, 'flask')).toMatchObject({ path: 'app.py', line: 1 });
  });

  it('Ruby methods called without parentheses: bare in their own class, or on the class or a new instance of it', () => {
    const f = factsOf({
      Gemfile: 'source "https://rubygems.org"\ngem "rails"\n',
      'config/application.rb': 'require "rails"\nmodule Shop\n  class Application < Rails::Application\n  end\nend\n',
      'app/services/caller_loader.rb': [
        'class CallerLoader',
        '  def load',
        '    load_from_key if key?',
        '  end',
        '',
        '  def load_from_key',
        '    @loaded = :load_from_key',
        '  end',
        'end',
      ].join('\n'),
      'app/controllers/application_controller.rb': [
        'class ApplicationController < ActionController::Base',
        '  before_action :identify',
        '',
        '  def identify',
        '    CallerLoader.new(request).load',
        '    @step = :load',
        '  end',
        'end',
      ].join('\n'),
    });
    const at = (name: string, line: number) =>
      callSites(f, name, { path: 'app/services/caller_loader.rb', line }).map((c) => `${c.path}:${c.line}`);
    expect(at('load_from_key', 6)).toEqual(['app/services/caller_loader.rb:3']);
    expect(at('load', 2)).toEqual(['app/controllers/application_controller.rb:5']);
  });

  it('py-healthcheck given the app and a path serves it, and its add_check checks are dependency checks', () => {
    const app = (checks: string) =>
      factsOf({
        'requirements.txt': 'flask==3.0.3\nhealthcheck==1.3.3\n',
        'app.py': [
          'from flask import Flask',
          'from healthcheck import HealthCheck',
          'app = Flask(__name__)',
          'probe = HealthCheck(app, "/status/alive")',
          checks,
        ].join('\n'),
      });
    const checked = libraryHealth(app('probe.add_check(database_answers)'));
    expect(checked?.note).toBe('py-healthcheck /status/alive');
    expect(checked?.checksDependency).toMatchObject({ path: 'app.py', line: 5 });
    expect(libraryHealth(app(''))?.checksDependency).toBeUndefined();
    // A class of the same name from another package, or one given no path (no route is registered), is none.
    const other = factsOf({
      'requirements.txt': 'flask==3.0.3\n',
      'app.py':
        'from flask import Flask\nfrom probes import HealthCheck\napp = Flask(__name__)\nHealthCheck(app, "/up")\n',
    });
    expect(libraryHealth(other)).toBeUndefined();
    const noPath = factsOf({
      'requirements.txt': 'flask==3.0.3\nhealthcheck==1.3.3\n',
      'app.py':
        'from flask import Flask\nfrom healthcheck import HealthCheck\napp = Flask(__name__)\nprobe = HealthCheck()\n',
    });
    expect(libraryHealth(noPath)).toBeUndefined();
  });
});
