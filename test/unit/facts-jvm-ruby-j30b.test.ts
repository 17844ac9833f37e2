import { describe, expect, it } from 'vitest';
import { routeBody } from '../../src/facts/handlers.js';
import { Facts } from '../../src/facts/index.js';
import { vertxRoutes } from '../../src/facts/service.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

const POM =
  '<project><modelVersion>4.0.0</modelVersion><groupId>org.example</groupId><artifactId>depot</artifactId><version>1</version>' +
  '<dependencies><dependency><groupId>io.vertx</groupId><artifactId>vertx-web</artifactId><version>4.5.10</version></dependency></dependencies></project>\n';

const VERTICLE = [
  'package org.example.depot;',
  '',
  'import io.vertx.core.AbstractVerticle;',
  'import io.vertx.ext.web.Router;',
  '',
  'public class DepotVerticle extends AbstractVerticle {',
  '  @Override',
  '  public void start() {',
  '    Router router = Router.router(vertx);',
  '    new StatusRoutes().mount(router);',
  '    vertx.createHttpServer().requestHandler(router).listen(8080);',
  '  }',
  '}',
  '',
].join('\n');

const STATUS = [
  'package org.example.depot;',
  '',
  'import io.vertx.core.http.HttpMethod;',
  'import io.vertx.ext.web.Router;',
  'import io.vertx.ext.web.RoutingContext;',
  '',
  'public class StatusRoutes {',
  '  private boolean probeStore() {',
  '    return store.ping();',
  '  }',
  '',
  '  void status(RoutingContext ctx) {',
  '    if (probeStore()) ctx.response().end("ok");',
  '    else ctx.response().setStatusCode(503).end();',
  '  }',
  '',
  '  public void mount(Router router) {',
  '    router.route(HttpMethod.GET, "/status").handler(ctx -> status(ctx));',
  '    router.post("/parcels").handler(this::accept);',
  '    router.route("/files/*").handler(StaticHandler.create());',
  '    Object cached = cache.get("/not-a-route");',
  '  }',
  '}',
  '',
].join('\n');

describe('facts: Vert.x Web services', () => {
  it('are HTTP services when a verticle starts an HTTP server', () => {
    const f = facts({
      'pom.xml': POM,
      'src/main/java/org/example/depot/DepotVerticle.java': VERTICLE,
      'src/main/java/org/example/depot/StatusRoutes.java': STATUS,
    });
    const use = f.frameworks.get('vertx');
    expect(use?.path).toBe('src/main/java/org/example/depot/DepotVerticle.java');
    expect(use?.line).toBe(11);
  });

  it('are not when the only server is started by a test', () => {
    const f = facts({
      'pom.xml': POM,
      'src/test/java/org/example/depot/DepotVerticleTest.java': VERTICLE.replace('DepotVerticle', 'DepotVerticleTest'),
    });
    expect(f.frameworks.has('vertx')).toBe(false);
  });

  it('declare routes by verb, by route with a method, and by route alone; a map lookup is none', () => {
    expect(vertxRoutes(STATUS).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /status',
      'POST /parcels',
      'ANY /files/*',
    ]);
  });

  it("read a route's handler as the method its lambda calls, with the class's own methods that method calls", () => {
    const f = facts({
      'pom.xml': POM,
      'src/main/java/org/example/depot/DepotVerticle.java': VERTICLE,
      'src/main/java/org/example/depot/StatusRoutes.java': STATUS,
    });
    const body = routeBody(f, {
      file: 'src/main/java/org/example/depot/StatusRoutes.java',
      line: 18,
      framework: 'vertx',
    });
    expect(body.line).toBe(12);
    expect(body.text).toContain('setStatusCode(503)');
    expect(body.text).toContain('store.ping()');
    // The registrations after the handler's own are not part of its body.
    expect(body.text).not.toContain('/parcels');
  });

  it("do not read the next route's handler as the body of one whose handler is no method of the class", () => {
    const status = STATUS.replace(
      'router.route(HttpMethod.GET, "/status").handler(ctx -> status(ctx));',
      'router.route(HttpMethod.GET, "/health").handler(HealthCheckHandler.create(vertx));',
    ).replace('router.post("/parcels").handler(this::accept);', 'router.get("/state").handler(this::status);');
    const f = facts({
      'pom.xml': POM,
      'src/main/java/org/example/depot/DepotVerticle.java': VERTICLE,
      'src/main/java/org/example/depot/StatusRoutes.java': status,
    });
    const body = routeBody(f, {
      file: 'src/main/java/org/example/depot/StatusRoutes.java',
      line: 18,
      framework: 'vertx',
    });
    expect(body.text).not.toContain('store.ping()');
    expect(body.line).toBe(18);
  });

  it("read a method reference's method, and the registration line alone when the method is not in the file", () => {
    const f = facts({
      'pom.xml': POM,
      'src/main/java/org/example/depot/DepotVerticle.java': VERTICLE,
      'src/main/java/org/example/depot/StatusRoutes.java': STATUS,
    });
    const post = routeBody(f, {
      file: 'src/main/java/org/example/depot/StatusRoutes.java',
      line: 19,
      framework: 'vertx',
    });
    expect(post.text).toBe('    router.post("/parcels").handler(this::accept);');
  });
});

const OTTO_APP = {
  Gemfile: "source 'https://rubygems.org'\n\ngem 'otto', '~> 2.0'\ngem 'puma', '~> 6.4'\n",
  'config.ru': "require_relative 'lib/kiosk'\n\nrun Kiosk.rack_app\n",
  'lib/kiosk.rb':
    "require 'otto'\n\nmodule Kiosk\n  def self.rack_app\n    Otto.new('apps/kiosk/routes.txt')\n  end\nend\n",
  'apps/kiosk/routes.txt':
    '# kiosk\nGET   /status         Kiosk::Views::Status#show auth=noauth\nPOST  /tickets        Kiosk::Views::Tickets#create\n',
  'apps/kiosk/views/status.rb':
    'module Kiosk\n  module Views\n    class Status\n      def show\n        res.body = Kiosk.db.ping.to_s\n      end\n    end\n  end\nend\n',
};

describe('facts: Rack applications of their own (Otto)', () => {
  it('are HTTP services when the rackup file runs an application and the Gemfile brings a Rack server', () => {
    const f = facts(OTTO_APP);
    expect(f.frameworks.get('rack')).toMatchObject({ path: 'config.ru', line: 3 });
    const noServer = facts({ ...OTTO_APP, Gemfile: "source 'https://rubygems.org'\n\ngem 'rake'\n" });
    expect(noServer.frameworks.has('rack')).toBe(false);
  });

  it("read an Otto routes file's lines as routes, each answered by its class's method", () => {
    const f = facts(OTTO_APP);
    const routes = f.service.routes.filter((r) => r.framework === 'otto');
    expect(routes.map((r) => `${r.method} ${r.fullPath} ${r.handler}`)).toEqual([
      'GET /status Kiosk::Views::Status#show',
      'POST /tickets Kiosk::Views::Tickets#create',
    ]);
    const body = routeBody(f, routes[0]!);
    expect(body.file).toBe('apps/kiosk/views/status.rb');
    expect(body.text).toContain('Kiosk.db.ping');
  });

  it('leave a Rails application to Rails', () => {
    const f = facts({
      ...OTTO_APP,
      Gemfile: "source 'https://rubygems.org'\n\ngem 'rails', '~> 7.2'\ngem 'puma'\n",
      'config/application.rb': 'module Kiosk\n  class Application < Rails::Application\n  end\nend\n',
    });
    expect(f.frameworks.has('rails')).toBe(true);
    expect(f.frameworks.has('rack')).toBe(false);
  });
});
