import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const composer = (require: Record<string, string>): string =>
  JSON.stringify({ require, autoload: { 'psr-4': { 'App\\': 'app/' } } });

describe('PHP services', () => {
  it('recognises a Laravel app: front controller, autoloaded app/, routes with group prefixes and middleware', () => {
    const repo = RepoIndex.fromMemory({
      'composer.json': composer({ php: '^8.2', 'laravel/framework': '^11.0', 'laravel/sanctum': '^4.0' }),
      'composer.lock': '{}',
      artisan: '#!/usr/bin/env php\n<?php\n',
      'public/index.php': "<?php\nrequire __DIR__.'/../vendor/autoload.php';\n",
      'bootstrap/app.php': [
        '<?php',
        'use App\\Http\\Middleware\\AssignRequestId;',
        'return Application::configure(basePath: dirname(__DIR__))',
        "    ->withRouting(web: __DIR__.'/../routes/web.php', api: __DIR__.'/../routes/api.php', health: '/up')",
        '    ->withMiddleware(function (Middleware $middleware) {',
        '        $middleware->append(AssignRequestId::class);',
        "        $middleware->throttleApi('api');",
        '    })->create();',
      ].join('\n'),
      'routes/api.php': [
        '<?php',
        'use App\\Http\\Controllers\\OrderController;',
        "Route::prefix('v1')->middleware(['auth:sanctum'])->group(function () {",
        "    Route::get('/orders/{order}', [OrderController::class, 'show'])->middleware('can:view,order');",
        "    Route::apiResource('invoices', InvoiceController::class)->only(['index', 'store']);",
        '});',
        "Route::post('/login', [AuthController::class, 'login'])->middleware('throttle:5,1');",
      ].join('\n'),
      'routes/web.php': "<?php\nRoute::get('/', fn () => view('welcome'));\n",
      'app/Http/Controllers/OrderController.php':
        '<?php\nnamespace App\\Http\\Controllers;\nclass OrderController {}\n',
      'app/Http/Middleware/AssignRequestId.php': '<?php\nnamespace App\\Http\\Middleware;\nclass AssignRequestId {}\n',
    });
    const facts = new Facts(repo);
    expect(facts.frameworks.get('laravel')).toMatchObject({ language: 'php' });
    expect(facts.kind.kind).toBe('service');
    expect(facts.liveness.entrypoints.map((e) => e.path)).toContain('public/index.php');
    expect(facts.liveness.isLive('app/Http/Controllers/OrderController.php')).toBe(true);
    expect(facts.imports.byFile.get('routes/api.php')?.[0]).toMatchObject({
      module: 'App\\Http\\Controllers\\OrderController',
      local: 'app/Http/Controllers/OrderController.php',
    });
    const routes = facts.service.routes.map((r) => `${r.method} ${r.fullPath} ${(r.middleware ?? []).join(',')}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/v1/orders/{order} api,auth:sanctum,can:view,order',
        'GET /api/v1/invoices api,auth:sanctum',
        'POST /api/v1/invoices api,auth:sanctum',
        'POST /api/login api,throttle:5,1',
        'GET / web',
        'GET /up ',
      ]),
    );
    expect(routes).not.toContain('DELETE /api/v1/invoices/{id} api,auth:sanctum');
    expect(facts.service.middleware.map((m) => m.name)).toEqual(['AssignRequestId', 'throttle:api']);
    expect(facts.service.routes.every((r) => r.reached)).toBe(true);
  });

  it('reads Symfony attribute routes under the controller prefix', () => {
    const repo = RepoIndex.fromMemory({
      'composer.json': JSON.stringify({
        require: { 'symfony/framework-bundle': '7.1.*' },
        autoload: { 'psr-4': { 'App\\': 'src/' } },
      }),
      'src/Kernel.php': '<?php\nnamespace App;\nclass Kernel {}\n',
      'public/index.php': '<?php\nuse App\\Kernel;\n',
      'src/Controller/OrderController.php': [
        '<?php',
        'namespace App\\Controller;',
        "#[Route('/api/orders')]",
        'final class OrderController',
        '{',
        "    #[Route('/{id}', name: 'order_show', methods: ['GET'])]",
        '    public function show(int $id) {}',
        '}',
      ].join('\n'),
    });
    const facts = new Facts(repo);
    expect(facts.frameworks.get('symfony')?.language).toBe('php');
    expect(facts.service.routes.map((r) => `${r.method} ${r.fullPath} ${r.handler}`)).toEqual([
      'GET /api/orders/{id} show',
    ]);
    expect(facts.service.routes[0]!.reached).toBe(true);
  });

  it("reads spatie/laravel-route-attributes' routes under the class prefix, with the class's and the route's middleware", () => {
    const repo = RepoIndex.fromMemory({
      'composer.json': composer({ php: '^8.2', 'laravel/framework': '^11.0' }),
      artisan: '#!/usr/bin/env php\n<?php\n',
      'public/index.php': "<?php\nrequire __DIR__.'/../vendor/autoload.php';\n",
      'app/Http/Controllers/API/SiteController.php': [
        '<?php',
        'namespace App\\Http\\Controllers\\API;',
        'use Spatie\\RouteAttributes\\Attributes\\Get;',
        "#[Prefix('api/sites')]",
        "#[Middleware(['auth:sanctum'])]",
        'class SiteController',
        '{',
        "    #[Get('/{site}', name: 'api.sites.show', middleware: 'ability:read')]",
        '    public function show(int $site) {}',
        '}',
      ].join('\n'),
    });
    expect(new Facts(repo).service.routes.map((r) => [r.method, r.fullPath, r.handler, r.line, r.middleware])).toEqual([
      ['GET', '/api/sites/{site}', 'show', 8, ['auth:sanctum', 'ability:read']],
    ]);
  });

  it('reads a Symfony placeholder whose requirement admits one value as that value', () => {
    const repo = RepoIndex.fromMemory({
      'composer.json': JSON.stringify({
        require: { 'symfony/framework-bundle': '7.1.*' },
        autoload: { 'psr-4': { 'App\\': 'src/' } },
      }),
      'src/Kernel.php': '<?php\nnamespace App;\nclass Kernel {}\n',
      'public/index.php': '<?php\nuse App\\Kernel;\n',
      'src/Controller/Courses.php': [
        '<?php',
        'namespace App\\Controller;',
        "#[Route('/api/{version<v3>}/courses', defaults: ['version' => 'v3'])]",
        'final class Courses',
        '{',
        "    #[Route('/{id<\\d+>}', methods: ['GET'])]",
        '    public function show(int $id) {}',
        "    #[Route('/{slug}/{version}', methods: ['GET'], requirements: ['version' => 'v1|v2'])]",
        '    public function bySlug(string $slug) {}',
        "    #[Route('/{id}/{format}', methods: ['GET'], requirements: ['format' => 'json'])]",
        '    public function export(int $id) {}',
        '}',
      ].join('\n'),
    });
    expect(new Facts(repo).service.routes.map((r) => `${r.method} ${r.fullPath}`)).toEqual([
      'GET /api/v3/courses/{id<\\d+>}',
      'GET /api/v3/courses/{slug}/{version}',
      'GET /api/v3/courses/{id}/json',
    ]);
  });

  it('takes a kernel registering FrameworkBundle for Symfony when another bundle brings the FrameworkBundle in', () => {
    const app = (bundles: string): RepoIndex =>
      RepoIndex.fromMemory({
        'composer.json': JSON.stringify({
          require: { php: '>=8.2', 'symfony/security-bundle': '*', 'friendsofsymfony/rest-bundle': '^3.0' },
          autoload: { 'psr-4': { 'App\\': 'src/' } },
        }),
        'config/bundles.php': `<?php\nreturn [\n${bundles}\n];\n`,
        'src/Kernel.php': '<?php\nnamespace App;\nclass Kernel {}\n',
        'public/index.php': '<?php\nuse App\\Kernel;\n',
        'src/Controller/PingController.php': [
          '<?php',
          'namespace App\\Controller;',
          'final class PingController',
          '{',
          "    #[Route('/ping', methods: ['GET'])]",
          '    public function ping() {}',
          '}',
        ].join('\n'),
      });
    const registered = new Facts(
      app("    Symfony\\Bundle\\FrameworkBundle\\FrameworkBundle::class => ['all' => true],"),
    );
    expect(registered.frameworks.get('symfony')).toMatchObject({ language: 'php', path: 'src/Kernel.php' });
    expect(registered.service.routes.map((r) => `${r.method} ${r.fullPath}`)).toEqual(['GET /ping']);
    const commented = new Facts(
      app("    // Symfony\\Bundle\\FrameworkBundle\\FrameworkBundle::class => ['all' => true],"),
    );
    expect(commented.frameworks.get('symfony')).toBeUndefined();
    expect(commented.service.routes).toEqual([]);
  });

  it('reads the YAML routes the Symfony kernel imports from folders of its own, not its per-environment ones', () => {
    const route = (name: string, p: string) => `${name}:\n    controller: App\\Controller\\Probe\n    path: ${p}\n`;
    const facts = new Facts(
      RepoIndex.fromMemory({
        'composer.json': JSON.stringify({ require: { 'symfony/framework-bundle': '7.3.*' } }),
        'public/index.php': '<?php\nuse App\\Kernel;\n',
        'src/Kernel.php': [
          '<?php',
          'class Kernel extends BaseKernel {',
          '    protected function configureRoutes(RoutingConfigurator $routes): void {',
          "        $routes->import($this->getProjectDir().'/config/{debug_routes}/'.$this->environment.'/*.yaml');",
          "        $routes->import('../config/{site_routes}/*.yaml');",
          '    }',
          '}',
        ].join('\n'),
        'config/site_routes/pages.yaml': route('about', '/about'),
        'config/debug_routes/dev/tools.yaml': route('tools', '/_tools'),
      }),
    );
    expect(facts.service.routes.map((r) => `${r.method} ${r.fullPath} ${r.file}`)).toEqual([
      'ANY /about config/site_routes/pages.yaml',
    ]);
  });

  it('recognises a Utopia server: its script, routes on the class and platform Actions, hooks by group', () => {
    const repo = RepoIndex.fromMemory({
      'composer.json': JSON.stringify({
        require: { 'utopia-php/http': '^1.0' },
        autoload: { 'psr-4': { 'Shop\\': 'src/Shop' } },
      }),
      'app/server.php': [
        '<?php',
        'use Utopia\\Http\\Adapter\\Swoole\\Server;',
        'use Utopia\\Http\\Http;',
        "foreach (require __DIR__ . '/services.php' as $s) { include_once $s; }",
        "$http = new Http(new Server('0.0.0.0', '80'), 'UTC');",
        '$http->start();',
      ].join('\n'),
      'app/services.php': "<?php\nreturn [__DIR__ . '/controllers/orders.php'];\n",
      'app/controllers/orders.php': [
        '<?php',
        'use Utopia\\Http\\Http;',
        "Http::init()->groups(['api'])->action(function () {});",
        'Http::init()->action(function () {});',
        "Http::get('/v1/orders')",
        "    ->groups(['api', 'orders'])",
        '    ->action(function () {});',
        "Http::delete('/v1/orders/:id')->action(function () {});",
        "Http::error()->inject('error')->action(function () {});",
      ].join('\n'),
      'src/Shop/Health.php': [
        '<?php',
        'namespace Shop;',
        'use Utopia\\Platform\\Action;',
        'class Health extends Action',
        '{',
        '    public function __construct()',
        '    {',
        "        $this->setHttpMethod(Action::HTTP_REQUEST_METHOD_GET)->setHttpPath('/v1/health')->callback($this->action(...));",
        '    }',
        '}',
      ].join('\n'),
      'app/tools/unused.php': '<?php\necho 1;\n',
    });
    const facts = new Facts(repo);
    expect(facts.frameworks.get('utopia')).toMatchObject({ path: 'app/server.php', line: 5 });
    expect(facts.liveness.entrypoints.map((e) => e.path)).toContain('app/server.php');
    expect(facts.liveness.isLive('app/controllers/orders.php')).toBe(true);
    expect(facts.liveness.isLive('app/tools/unused.php')).toBe(false);
    expect(facts.service.routes.map((r) => `${r.method} ${r.fullPath} ${(r.middleware ?? []).join('|')}`)).toEqual([
      'GET /v1/orders init:api|init',
      'DELETE /v1/orders/:id init',
      'GET /v1/health init',
    ]);
    expect(facts.service.routes.every((r) => r.reached)).toBe(true);
    expect(facts.service.middleware.map((m) => m.name)).toEqual(['init:api', 'init', 'error']);
  });
});

describe('nikic/fast-route services', () => {
  const files = (extra: Record<string, string> = {}) => ({
    'composer.json': JSON.stringify({
      require: { 'nikic/fast-route': '^1.3' },
      autoload: { 'psr-4': { 'Desk\\': 'src/' } },
    }),
    'public/index.php': "<?php\nrequire __DIR__ . '/../vendor/autoload.php';\n(new Desk\\Kernel())->run();\n",
    'src/Kernel.php': [
      '<?php',
      'namespace Desk;',
      'use FastRoute\\RouteCollector;',
      'final class Kernel {',
      '  public function run(): void {',
      "    $d = \\FastRoute\\cachedDispatcher(function (RouteCollector $r): void { require dirname(__DIR__) . '/config/routes.php'; }, []);",
      '  }',
      '}',
    ].join('\n'),
    'config/routes.php': [
      '<?php',
      'use FastRoute\\RouteCollector;',
      "$route->get('/health', 'HealthController@index');",
      "$route->addGroup('/api', function (RouteCollector $route): void {",
      "    $route->addGroup('/v1', function (RouteCollector $route): void {",
      "        $route->get('/shifts/{id:\\d+}', 'Api\\ShiftController@show');",
      "        $route->addRoute(['POST', 'PUT'], '/shifts', [ShiftController::class, 'save']);",
      '    });',
      "    $route->get('/ping', PingHandler::class);",
      '});',
    ].join('\n'),
    ...extra,
  });

  it("reads the collector's shortcuts and addRoute calls under their addGroup prefixes, reached through the dispatcher", () => {
    const facts = new Facts(RepoIndex.fromMemory(files()));
    const routes = facts.service.routes
      .filter((r) => r.framework === 'fast-route')
      .map((r) => `${r.method} ${r.fullPath} ${r.handler} ${r.reached}`);
    expect(routes).toEqual([
      'GET /health HealthController@index true',
      'GET /api/v1/shifts/{id:\\d+} ShiftController@show true',
      'GET /api/ping PingHandler true',
      'POST /api/v1/shifts ShiftController@save true',
      'PUT /api/v1/shifts ShiftController@save true',
    ]);
  });

  it('reads no fast-route routes where the package is not declared, nor from a file that never names its collector', () => {
    const undeclared = files({ 'composer.json': JSON.stringify({ require: { php: '^8.2' } }) });
    expect(
      new Facts(RepoIndex.fromMemory(undeclared)).service.routes.filter((r) => r.framework === 'fast-route'),
    ).toEqual([]);
    const unnamed = files({ 'config/routes.php': "<?php\n$route->get('/health', 'HealthController@index');\n" });
    expect(new Facts(RepoIndex.fromMemory(unnamed)).service.routes.filter((r) => r.framework === 'fast-route')).toEqual(
      [],
    );
  });

  it("reads calls on the collector's variable only, not a container's or a request's `->get('…')` in the same file", () => {
    const facts = new Facts(
      RepoIndex.fromMemory(
        files({
          'src/Kernel.php': [
            '<?php',
            'namespace Desk;',
            'use FastRoute\\RouteCollector;',
            'final class Kernel {',
            '  public function run($container, $request): void {',
            "    $d = \\FastRoute\\simpleDispatcher(function (RouteCollector $r): void { $r->get('/orders', 'OrderController@index'); });",
            "    $settings = $container->get('settings');",
            "    $name = $request->post('name');",
            '  }',
            '}',
          ].join('\n'),
          'config/routes.php': '<?php\n',
        }),
      ),
    );
    expect(
      facts.service.routes.filter((r) => r.framework === 'fast-route').map((r) => `${r.method} ${r.fullPath}`),
    ).toEqual(['GET /orders']);
  });
});

describe('PHP start commands', () => {
  it('follows php scripts a Dockerfile or a bin/ shell script runs, by their trailing folders', () => {
    const repo = RepoIndex.fromMemory({
      'composer.json': JSON.stringify({ require: { php: '^8.3' } }),
      Dockerfile: 'FROM php:8.3-cli\nWORKDIR /srv/app\nCOPY . .\nCMD [ "php", "app/server.php" ]\n',
      'bin/jobs': '#!/bin/sh\nexec php /srv/app/app/jobs.php "$@"\n',
      'bin/notes': 'run php app/never.php by hand\n',
      'app/server.php': '<?php\necho "serving";\n',
      'app/jobs.php': '<?php\necho "working";\n',
      'app/never.php': '<?php\necho "idle";\n',
    });
    const entries = new Facts(repo).liveness.entrypoints.map((e) => e.path);
    expect(entries).toEqual(expect.arrayContaining(['app/server.php', 'app/jobs.php']));
    expect(entries).not.toContain('app/never.php');
  });
});

describe('Elixir services', () => {
  it('reads mix.exs dependencies with their scope', () => {
    const repo = RepoIndex.fromMemory({
      'mix.exs': [
        'defmodule Shop.MixProject do',
        '  defp deps do',
        '    [',
        '      {:phoenix, "~> 1.7.14"},',
        '      {:credo, "~> 1.7", only: [:dev, :test], runtime: false},',
        '      {:jason, "1.4.4"},',
        '      {:shop_core, in_umbrella: true}',
        '    ]',
        '  end',
        'end',
      ].join('\n'),
      'mix.lock': '%{}',
    });
    const facts = new Facts(repo);
    expect(facts.manifests.declared('elixir', 'phoenix')).toMatchObject({ dev: false, line: 4 });
    expect(facts.manifests.declared('elixir', 'credo')?.dev).toBe(true);
    expect(facts.manifests.declared('elixir', 'jason')?.pinned).toBe(true);
    expect(facts.manifests.declared('elixir', 'shop_core')).toBeUndefined();
    expect(facts.manifests.lockfiles).toEqual([{ path: 'mix.lock', ecosystem: 'elixir', tool: 'mix' }]);
  });

  it('recognises a Phoenix app: endpoint plugs, router scopes, pipelines and resources', () => {
    const repo = RepoIndex.fromMemory({
      'mix.exs': 'defmodule Shop.MixProject do\n  defp deps do\n    [{:phoenix, "~> 1.7"}]\n  end\nend\n',
      'lib/shop/application.ex': 'defmodule Shop.Application do\n  use Application\nend\n',
      'lib/shop_web/endpoint.ex': [
        'defmodule ShopWeb.Endpoint do',
        '  use Phoenix.Endpoint, otp_app: :shop',
        '  plug Plug.RequestId',
        '  plug(',
        '    Plug.Parsers,',
        '    parsers: [:json]',
        '  )',
        '  plug ShopWeb.Router',
        'end',
      ].join('\n'),
      'lib/shop_web/router.ex': [
        'defmodule ShopWeb.Router do',
        '  use ShopWeb, :router',
        '  alias ShopWeb.Auth',
        '',
        '  pipeline :api do',
        '    plug :accepts, ["json"]',
        '    plug Guardian.Plug.VerifyHeader, realm: "Bearer"',
        '  end',
        '',
        '  scope "/api", ShopWeb do',
        '    pipe_through :api',
        '    get "/health", HealthController, :show',
        '    resources "/orders", OrderController, only: [:index, :show] do',
        '      post "/refund", RefundController, :create',
        '    end',
        '  end',
        'end',
      ].join('\n'),
    });
    const facts = new Facts(repo);
    expect(facts.frameworks.get('phoenix')).toMatchObject({ language: 'elixir', path: 'lib/shop_web/endpoint.ex' });
    expect(facts.liveness.isLive('lib/shop_web/router.ex')).toBe(true);
    expect(facts.service.routes.map((r) => `${r.method} ${r.fullPath} ${r.handler}`)).toEqual([
      'GET /api/health HealthController.show',
      'GET /api/orders OrderController.index',
      'GET /api/orders/:id OrderController.show',
      'POST /api/orders/:order_id/refund RefundController.create',
    ]);
    expect(facts.service.routes[0]!.middleware).toEqual([':api', ':accepts', 'Guardian.Plug.VerifyHeader']);
    expect(facts.service.middleware.map((m) => m.name)).toEqual(['Plug.RequestId', 'Plug.Parsers', 'ShopWeb.Router']);
    expect(facts.imports.byFile.get('lib/shop_web/router.ex')?.map((r) => r.module)).toEqual([
      'ShopWeb',
      'ShopWeb.Auth',
    ]);
  });

  it('reads the plug an Unplug in a pipeline runs, named by its do: option', () => {
    const repo = RepoIndex.fromMemory({
      'mix.exs':
        'defmodule Shop.MixProject do\n  defp deps do\n    [{:phoenix, "~> 1.7"}, {:unplug, "~> 1.1"}]\n  end\nend\n',
      'lib/shop/application.ex': 'defmodule Shop.Application do\n  use Application\nend\n',
      'lib/shop_web/endpoint.ex':
        'defmodule ShopWeb.Endpoint do\n  use Phoenix.Endpoint, otp_app: :shop\n  plug ShopWeb.Router\nend\n',
      'lib/shop_web/router.ex': [
        'defmodule ShopWeb.Router do',
        '  use Phoenix.Router',
        '  pipeline :signed_in do',
        '    plug Unplug, if: {Unplug.Predicates.EnvVarEquals, {"SIGN_IN", "on"}}, do: Pow.Plug.RequireAuthenticated',
        '    plug Unplug,',
        '      if: {Unplug.Predicates.AppConfigEquals, {:shop, :keys, true}},',
        '      do:',
        '        {ShopWeb.Plugs.ApiKey, error_handler: ShopWeb.AuthError}',
        '    plug Unplug, if: ShopWeb.Predicates.Beta',
        '  end',
        '  scope "/api", ShopWeb do',
        '    pipe_through :signed_in',
        '    get "/orders", OrderController, :index',
        '  end',
        'end',
      ].join('\n'),
    });
    expect(new Facts(repo).service.routes[0]!.middleware).toEqual([
      ':signed_in',
      'Pow.Plug.RequireAuthenticated',
      'ShopWeb.Plugs.ApiKey',
      'Unplug',
    ]);
  });

  it("names a pipeline's aliased module plugs by their full module names", () => {
    const repo = RepoIndex.fromMemory({
      'mix.exs': 'defmodule Shop.MixProject do\n  defp deps do\n    [{:phoenix, "~> 1.7"}]\n  end\nend\n',
      'lib/shop/application.ex': 'defmodule Shop.Application do\n  use Application\nend\n',
      'lib/shop_web/endpoint.ex':
        'defmodule ShopWeb.Endpoint do\n  use Phoenix.Endpoint, otp_app: :shop\n  plug ShopWeb.Router\nend\n',
      'lib/shop_web/router.ex': [
        'defmodule ShopWeb.Router do',
        '  use Phoenix.Router',
        '  alias ShopWeb.Plugs.{',
        '    LoadUser,',
        '    Staff.RequireStaff',
        '  }',
        '  alias ShopWeb.Plugs.Audit, as: Trail',
        '  alias ShopWeb.Limits',
        '  pipeline :staff do',
        '    plug :fetch_session',
        '    plug(LoadUser)',
        '    plug RequireStaff',
        '    plug Trail, level: :info',
        '    plug Limits.PerIp',
        '    plug Plug.Telemetry',
        '  end',
        '  scope "/staff", ShopWeb do',
        '    pipe_through :staff',
        '    get "/orders", OrderController, :index',
        '  end',
        'end',
      ].join('\n'),
    });
    expect(new Facts(repo).service.routes[0]!.middleware).toEqual([
      ':staff',
      ':fetch_session',
      'ShopWeb.Plugs.LoadUser',
      'ShopWeb.Plugs.Staff.RequireStaff',
      'ShopWeb.Plugs.Audit',
      'ShopWeb.Limits.PerIp',
      'Plug.Telemetry',
    ]);
  });

  it('reads module plugs a scope lists in pipe_through beside its pipelines, by their full names', () => {
    const repo = RepoIndex.fromMemory({
      'mix.exs': 'defmodule Desk.MixProject do\n  defp deps do\n    [{:phoenix, "~> 1.7"}]\n  end\nend\n',
      'lib/desk/application.ex': 'defmodule Desk.Application do\n  use Application\nend\n',
      'lib/desk_web/endpoint.ex':
        'defmodule DeskWeb.Endpoint do\n  use Phoenix.Endpoint, otp_app: :desk\n  plug DeskWeb.Router\nend\n',
      'lib/desk_web/router.ex': [
        'defmodule DeskWeb.Router do',
        '  use Phoenix.Router',
        '  alias DeskWeb.Plugs.TicketKey',
        '  pipeline :api do',
        '    plug :accepts, ["json"]',
        '  end',
        '  scope "/api", DeskWeb do',
        '    pipe_through [:api, TicketKey] # the key check',
        '    get "/tickets", TicketController, :index',
        '  end',
        '  scope "/", DeskWeb do',
        '    pipe_through [:api, DeskWeb.Plugs.Guest]',
        '    get "/status", StatusController, :show',
        '  end',
        'end',
      ].join('\n'),
    });
    const routes = new Facts(repo).service.routes;
    expect(routes.find((r) => r.fullPath === '/api/tickets')!.middleware).toEqual([
      ':api',
      ':accepts',
      'DeskWeb.Plugs.TicketKey',
    ]);
    expect(routes.find((r) => r.fullPath === '/status')!.middleware).toEqual([
      ':api',
      ':accepts',
      'DeskWeb.Plugs.Guest',
    ]);
  });
});

describe('plain PHP web roots', () => {
  it('routes the scripts the web server runs beside the front controller, not its pages or configuration files', () => {
    const repo = RepoIndex.fromMemory({
      'composer.json': JSON.stringify({ type: 'project', require: { php: '>=8.2' } }),
      'index.php': "<?php\nrequire __DIR__.'/app/boot.php';\n$app->dispatch($_GET['controller'] ?? 'board');\n",
      'healthcheck.php':
        "<?php\nrequire __DIR__.'/app/boot.php';\n$db->query('SELECT 1');\nhttp_response_code(200);\necho json_encode(['ok' => true]);\n",
      'export.php': "<?php\nrequire __DIR__.'/app/boot.php';\n$app->render('export', $_GET);\n",
      'config.default.php': "<?php\ndefine('DB_DRIVER', getenv('DB_DRIVER') ?: 'sqlite');\n",
      'rector.php': "<?php\nrequire __DIR__.'/vendor/autoload.php';\necho 'tooling';\n",
      'icon.php':
        "<?php\nrequire __DIR__.'/app/boot.php';\nheader('Content-Type: image/png');\nreadfile($_GET['f']);\n",
      'app/boot.php': "<?php\n$db = new PDO('sqlite::memory:');\n",
    });
    const { service } = new Facts(repo);
    const routes = service.routes.map((r) => `${r.method} ${r.fullPath}`);
    expect(routes).toEqual(['ANY /healthcheck.php']);
    expect(service.unreadDispatch).toBe('index.php');
  });

  it('routes the controllers a front controller loads by convention from the path, not those it names otherwise', () => {
    const controller = (ns: string): string => `<?php\nnamespace Shop\\${ns};\nclass ${ns.split('\\').pop()} {}\n`;
    const repo = RepoIndex.fromMemory({
      'composer.json': JSON.stringify({
        type: 'project',
        require: { php: '>=8.2' },
        autoload: { 'psr-4': { 'Shop\\': 'app/' } },
      }),
      'public/index.php':
        "<?php\nrequire __DIR__.'/../vendor/autoload.php';\n(new Shop\\Core\\Front())->dispatch($_GET);\n",
      'app/Core/Front.php': [
        '<?php',
        'namespace Shop\\Core;',
        'class Front {',
        '  public function dispatch(array $query) {',
        "    $segments = explode('/', trim($_SERVER['REQUEST_URI'], '/'));",
        "    $kind = 'Controllers';",
        "    if ($segments[0] === 'hx') { array_shift($segments); $kind = 'Fragments'; }",
        '    [$module, $action] = $segments;',
        "    $class = 'Shop\\\\Domain\\\\'.$module.'\\\\'.$kind.'\\\\'.$action;",
        '    if (class_exists($class)) return (new $class())->run($query);',
        "    $rpc = 'Shop\\\\Domain\\\\'.$query['module'].'\\\\Services\\\\'.ucfirst($query['service']);",
        '    return app()->make($rpc)->call($query);',
        '  }',
        '}',
      ].join('\n'),
      'app/Domain/Status/Controllers/Index.php': controller('Domain\\Status\\Controllers\\Index'),
      'app/Domain/Orders/Controllers/ShowOrder.php': controller('Domain\\Orders\\Controllers\\ShowOrder'),
      'app/Domain/Orders/Fragments/OrderRow.php': controller('Domain\\Orders\\Fragments\\OrderRow'),
      'app/Domain/Orders/Services/Orders.php': controller('Domain\\Orders\\Services\\Orders'),
      'app/Domain/Orders/Controllers/helpers.php': '<?php\nfunction money(int $cents): string { return "$cents"; }\n',
    });
    const routes = new Facts(repo).service.routes.map((r) => `${r.method} ${r.fullPath} ${r.handler}`);
    expect(routes.sort()).toEqual([
      'ANY /orders/orderRow OrderRow',
      'ANY /orders/showOrder ShowOrder',
      'ANY /status Index',
    ]);
  });
});

describe('PHP and Elixir tooling facts', () => {
  it('follows composer scripts and mix aliases run in CI to the tools they run', () => {
    const repo = RepoIndex.fromMemory({
      'composer.json': JSON.stringify({
        require: { 'laravel/framework': '^11.0' },
        scripts: { analyze: 'phpstan analyse --memory-limit 1G', cs: ['@php vendor/bin/pint --test'] },
      }),
      'mix.exs':
        'defmodule A.MixProject do\n  defp aliases do\n    [lint: ["format --check-formatted", "credo --strict"]]\n  end\nend\n',
      '.github/workflows/ci.yml':
        'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: composer analyze\n      - run: composer cs\n      - run: mix lint\n      - run: mix sobelow --config\n',
    });
    const ci = new Facts(repo).ci;
    expect(ci.lint.map((m) => m.tool)).toEqual(
      expect.arrayContaining(['PHPStan', 'Pint', 'mix format --check-formatted']),
    );
    expect(ci.security.map((m) => m.tool)).toContain('Sobelow');
  });

  it('reads Symfony %env()% parameters as configuration and ignores Laravel validation rules as secrets', () => {
    const repo = RepoIndex.fromMemory({
      'config/packages/doctrine.yaml': "doctrine:\n  dbal:\n    url: '%env(resolve:DATABASE_URL)%'\n",
      'src/Controller/LoginController.php':
        "<?php\nclass LoginController\n{\n    public function rules(): array\n    {\n        return ['password' => 'required|string|min:8|confirmed'];\n    }\n}\n",
    });
    const facts = new Facts(repo);
    expect(facts.config.reads.map((r) => r.via)).toContain('Symfony %env()% parameters');
    expect(facts.config.names).toContain('DATABASE_URL');
    expect(facts.secrets.hits).toEqual([]);
  });

  it('own route middleware: a Phoenix module plug that halts without a caller, a Laravel guard loop that refuses after it', () => {
    const facts = new Facts(
      RepoIndex.fromMemory({
        'mix.exs': 'defmodule Shop.MixProject do\n  defp deps, do: [{:phoenix, "~> 1.7"}]\nend\n',
        'lib/shop_web/plugs/members_only.ex': [
          'defmodule ShopWeb.Plugs.MembersOnly do',
          '  import Plug.Conn',
          '  def init(opts), do: opts',
          '  def call(conn, _opts) do',
          '    if conn.assigns[:current_user], do: conn, else: conn |> resp(401, "no") |> send_resp() |> halt()',
          '  end',
          'end',
        ].join('\n'),
        'lib/shop_web/plugs/load_user.ex': [
          'defmodule ShopWeb.Plugs.LoadUser do',
          '  import Plug.Conn',
          '  def call(conn, _opts), do: assign(conn, :current_user, get_session(conn, :user))',
          'end',
        ].join('\n'),
        'composer.json': '{"require": {"laravel/framework": "^11.0"}}',
        'app/Http/Kernel.php': [
          '<?php',
          'namespace App\\Http;',
          'use Illuminate\\Foundation\\Http\\Kernel as HttpKernel;',
          'class Kernel extends HttpKernel',
          '{',
          '    protected $middleware = [\\App\\Http\\Middleware\\Gate::class];',
          '}',
        ].join('\n'),
        'app/Http/Middleware/Gate.php': [
          '<?php',
          'namespace App\\Http\\Middleware;',
          'class Gate',
          '{',
          '    public function handle($request, $next)',
          '    {',
          '        $member = false;',
          "        foreach (['web', 'api'] as $guard) {",
          '            if ($this->auth->guard($guard)->check()) {',
          "                if (session('second_factor_pending')) {",
          "                    return redirect('/second-factor');",
          '                }',
          '                $member = true;',
          '                break;',
          '            }',
          '        }',
          '        if ($member) {',
          '            return $next($request);',
          '        }',
          '        // nobody signed in',
          '        return response()->json([], 401);',
          '    }',
          '}',
        ].join('\n'),
      }),
    );
    const names = facts.authn.routeMiddleware.map((m) => `${m.name} ${m.site.path}:${m.site.line}`);
    expect(names).toContain('ShopWeb.Plugs.MembersOnly lib/shop_web/plugs/members_only.ex:4');
    expect(names).toContain('Gate app/Http/Middleware/Gate.php:9');
    expect(names.some((n) => n.startsWith('ShopWeb.Plugs.LoadUser'))).toBe(false);
  });
});

describe('plain PHP web root scripts', () => {
  it('a root script that sets its own status without loading anything is an endpoint; one printing only is not', () => {
    const repo = RepoIndex.fromMemory({
      'index.php': "<?php\nrequire 'lib/app.php';\nif ($_GET['q'] ?? null) { echo render($_GET['q']); }\n",
      'lib/app.php': '<?php\nfunction render(string $q): string { return htmlspecialchars($q); }\n',
      'health.php': "<?php\nheader('Content-Type: text/plain');\nhttp_response_code(200);\necho 'OK';\n",
      'stats.php': "<?php\necho 'run from cron';\n",
    });
    const paths = new Facts(repo).service.routes.map((r) => r.fullPath);
    expect(paths).toContain('/health.php');
    expect(paths).not.toContain('/stats.php');
  });

  it("takes an index.php as the front controller when its folder's .htaccess rewrites requests to it, not when it only forbids", () => {
    const files = (htaccess: string) => ({
      'composer.json': JSON.stringify({ type: 'project', require: { php: '>=8.2' } }),
      'package.json': JSON.stringify({ private: true, workspaces: ['site/theme'] }),
      'site/theme/package.json': JSON.stringify({ name: 'theme', private: true }),
      'site/.htaccess': `RewriteEngine On\n${htaccess}\n`,
      'site/index.php': "<?php\nrequire __DIR__.'/boot.php';\necho render($_GET['page'] ?? 'home');\n",
      'site/boot.php': '<?php\nfunction render(string $p): string { return htmlspecialchars($p); }\n',
    });
    const served = new Facts(RepoIndex.fromMemory(files('RewriteRule ^(.*)$ index.php [QSA,L]')));
    expect(served.frameworks.get('php')?.path).toBe('site/index.php');
    expect(served.kind.kind).toBe('service');
    const refused = new Facts(RepoIndex.fromMemory(files('RewriteRule .* index.php [F]')));
    expect(refused.frameworks.get('php')).toBeUndefined();
  });
});

describe('PHP route prefixes held in variables', () => {
  const laravel = (routes: string) =>
    new Facts(
      RepoIndex.fromMemory({
        'composer.json': composer({ php: '^8.3', 'laravel/framework': '^12.0' }),
        'public/index.php': "<?php\nrequire __DIR__.'/../vendor/autoload.php';\n",
        'bootstrap/app.php':
          "<?php\nreturn Application::configure(basePath: dirname(__DIR__))\n    ->withRouting(api: __DIR__.'/../routes/api.php')->create();\n",
        'routes/api.php': routes,
      }),
    ).service.routes.map((r) => `${r.method} ${r.fullPath}`);
  it('joins the literals and variables a prefix variable is built from; a value read at run time is left out', () => {
    const group = "Route::group(['prefix' => $base], function () {\n    Route::get('/items', fn () => []);\n});\n";
    expect(laravel(`<?php\n$major = '3';\n$base = '/v' . $major;\n${group}`)).toEqual(['GET /api/v3/items']);
    expect(laravel(`<?php\n$base = config('api.base');\n${group}`)).toEqual(['GET /api/items']);
  });
});
