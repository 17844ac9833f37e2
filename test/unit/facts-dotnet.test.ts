import { describe, expect, it } from 'vitest';
import { csharpConstants } from '../../src/facts/constants.js';
import { Facts } from '../../src/facts/index.js';
import { csharpMethods, dotnetRoutes, fsharpRoutes, inDevelopmentBranch } from '../../src/facts/routes-dotnet.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

const SOLUTION: Record<string, string> = {
  'Shop.sln': 'Microsoft Visual Studio Solution File\n',
  'Directory.Build.props': [
    '<Project>',
    '  <PropertyGroup>',
    '    <ImplicitUsings>enable</ImplicitUsings>',
    '    <RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>',
    '  </PropertyGroup>',
    '</Project>',
  ].join('\n'),
  'Directory.Packages.props': [
    '<Project>',
    '  <PropertyGroup>',
    '    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>',
    '  </PropertyGroup>',
    '  <ItemGroup>',
    '    <PackageVersion Include="Serilog.AspNetCore" Version="8.0.1" />',
    '    <PackageVersion Include="Polly" Version="8.*" />',
    '    <PackageVersion Include="xunit" Version="2.9.0" />',
    '  </ItemGroup>',
    '</Project>',
  ].join('\n'),
  'src/Shop.Api/Shop.Api.csproj': [
    '<Project Sdk="Microsoft.NET.Sdk.Web">',
    '  <ItemGroup>',
    '    <PackageReference Include="Serilog.AspNetCore" />',
    '    <PackageReference Include="StyleCop.Analyzers" Version="1.1.118" PrivateAssets="all" />',
    '    <ProjectReference Include="..\\Shop.Core\\Shop.Core.csproj" />',
    '  </ItemGroup>',
    '</Project>',
  ].join('\n'),
  'src/Shop.Api/packages.lock.json': '{ "version": 1, "dependencies": {} }\n',
  'src/Shop.Api/Program.cs': [
    'using Serilog;',
    'using Shop.Core;',
    'var builder = WebApplication.CreateBuilder(args);',
    'var app = builder.Build();',
    'if (app.Environment.IsDevelopment())',
    '{',
    '    app.MapHealthChecks("/debug/health");',
    '}',
    'var api = app.MapGroup("/api/v1").RequireAuthorization();',
    'api.MapGet("/orders", () => Results.Ok());',
    'api.MapOrders();',
    'app.MapControllers();',
    'app.Run();',
  ].join('\n'),
  'src/Shop.Api/OrdersApi.cs': [
    'namespace Shop.Api;',
    'public static class OrdersApi',
    '{',
    '    public static RouteGroupBuilder MapOrders(this RouteGroupBuilder group)',
    '    {',
    '        group.MapPost("/orders/{id}/cancel", (int id) => Results.Ok());',
    '        return group;',
    '    }',
    '}',
  ].join('\n'),
  'src/Shop.Api/Controllers/InvoicesController.cs': [
    'namespace Shop.Api.Controllers;',
    '[ApiController]',
    '[Route("api/v1/[controller]")]',
    '[Authorize(Policy = "Billing")]',
    'public class InvoicesController : ControllerBase',
    '{',
    '    [HttpGet("{id}")]',
    '    public IActionResult Get(int id) => Ok();',
    '    [HttpPost]',
    '    [AllowAnonymous]',
    '    public async Task<IActionResult> Create(InvoiceDto dto) { return Ok(); }',
    '}',
  ].join('\n'),
  'src/Shop.Core/Shop.Core.csproj':
    '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Polly" />\n  </ItemGroup>\n</Project>\n',
  'src/Shop.Core/Pricing.cs': 'namespace Shop.Core;\npublic class Pricing { }\n',
  'src/Shop.Unused/Shop.Unused.csproj': '<Project Sdk="Microsoft.NET.Sdk">\n</Project>\n',
  'src/Shop.Unused/Legacy.cs': 'namespace Shop.Unused;\npublic class Legacy { }\n',
  'tests/Shop.Api.Tests/Shop.Api.Tests.csproj': [
    '<Project Sdk="Microsoft.NET.Sdk">',
    '  <ItemGroup>',
    '    <PackageReference Include="xunit" />',
    '    <ProjectReference Include="..\\..\\src\\Shop.Api\\Shop.Api.csproj" />',
    '  </ItemGroup>',
    '</Project>',
  ].join('\n'),
  'tests/Shop.Api.Tests/OrdersTests.cs':
    'namespace Shop.Api.Tests;\npublic class OrdersTests { [Fact] public void Works() { } }\n',
};

describe('.NET projects', () => {
  it('reads SDK, kind, central package versions, analyzers, project references and implicit usings', () => {
    const f = facts(SOLUTION);
    const api = f.dotnet.projects.find((p) => p.name === 'Shop.Api')!;
    expect(api.kind).toBe('web');
    expect(api.projectRefs).toEqual(['src/Shop.Core/Shop.Core.csproj']);
    expect(api.packages.find((p) => p.name === 'Serilog.AspNetCore')).toMatchObject({
      version: '8.0.1',
      privateAssets: false,
    });
    expect(api.packages.find((p) => p.name === 'StyleCop.Analyzers')?.privateAssets).toBe(true);
    expect(api.globalUsings).toContain('Microsoft.AspNetCore.Builder');
    expect(f.dotnet.projects.find((p) => p.name === 'Shop.Api.Tests')?.kind).toBe('test');
    expect(f.dotnet.projects.find((p) => p.name === 'Shop.Core')?.kind).toBe('library');
    expect(f.dotnet.projectOf('src/Shop.Core/Pricing.cs')?.name).toBe('Shop.Core');
  });

  it('makes project files manifests and packages.lock.json a NuGet lockfile', () => {
    const f = facts(SOLUTION);
    const m = f.manifests.manifests.find((x) => x.path === 'src/Shop.Core/Shop.Core.csproj')!;
    expect(m.ecosystem).toBe('dotnet');
    const polly = m.dependencies.find((d) => d.name === 'Polly')!;
    expect(polly.spec).toBe('8.*');
    expect(polly.pinned).toBe(false);
    const api = f.manifests.manifests.find((x) => x.path === 'src/Shop.Api/Shop.Api.csproj')!;
    expect(api.dependencies.find((d) => d.name === 'Serilog.AspNetCore')?.pinned).toBe(true);
    expect(api.dependencies.find((d) => d.name === 'StyleCop.Analyzers')?.dev).toBe(true);
    expect(f.manifests.lockfiles.map((l) => [l.path, l.tool])).toContainEqual([
      'src/Shop.Api/packages.lock.json',
      'nuget',
    ]);
  });

  it('recognises ASP.NET Core, its Program.cs as the entrypoint and referenced projects as live', () => {
    const f = facts(SOLUTION);
    expect(f.frameworks.get('aspnetcore')?.path).toBe('src/Shop.Api/Program.cs');
    expect(f.kind.kind).toBe('service');
    expect(f.liveness.isLive('src/Shop.Api/Program.cs')).toBe(true);
    expect(f.liveness.isLive('src/Shop.Api/OrdersApi.cs')).toBe(true);
    expect(f.liveness.isLive('src/Shop.Core/Pricing.cs')).toBe(true);
    expect(f.liveness.isLive('src/Shop.Unused/Legacy.cs')).toBe(false);
    expect(f.imports.uses('Serilog')).toBe(true);
    expect(f.imports.uses('Shop')).toBe(false);
  });

  it('reads minimal API routes with group prefixes across files, controller routes and development-only mappings', () => {
    const routes = facts(SOLUTION).service.routes.map((r) => ({
      method: r.method,
      path: r.fullPath ?? r.path,
      reached: r.reached,
      devOnly: !!(r as { devOnly?: boolean }).devOnly,
      middleware: r.middleware ?? [],
    }));
    expect(routes).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/debug/health', devOnly: true, reached: false }),
    );
    expect(routes).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/v1/orders', middleware: ['RequireAuthorization'] }),
    );
    expect(routes).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        path: '/api/v1/orders/{id}/cancel',
        middleware: ['RequireAuthorization'],
      }),
    );
    expect(routes).toContainEqual(
      expect.objectContaining({
        method: 'GET',
        path: '/api/v1/Invoices/{id}',
        middleware: ['Authorize(Policy = "Billing")'],
      }),
    );
    expect(routes).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        path: '/api/v1/Invoices',
        middleware: ['Authorize(Policy = "Billing")', 'AllowAnonymous'],
      }),
    );
  });

  it('reads chained conventions and MapMethods verbs in one file', () => {
    const r = dotnetRoutes(
      'app.MapMethods("/ping", new[] { "HEAD" }, () => "ok").AllowAnonymous().RequireRateLimiting("fixed");\n',
    );
    expect(r.routes).toEqual([
      expect.objectContaining({
        method: 'HEAD',
        path: '/ping',
        conventions: ['AllowAnonymous', 'RequireRateLimiting("fixed")'],
      }),
    ]);
  });

  it('reads Azure Functions HTTP triggers: methods, route or function name, host.json prefix and key level', () => {
    const f = facts({
      'Relay/Relay.csproj': [
        '<Project Sdk="Microsoft.NET.Sdk">',
        '  <PropertyGroup><AzureFunctionsVersion>v4</AzureFunctionsVersion><OutputType>Exe</OutputType></PropertyGroup>',
        '  <ItemGroup><PackageReference Include="Microsoft.Azure.Functions.Worker" Version="1.22.0" /></ItemGroup>',
        '</Project>',
      ].join('\n'),
      'Relay/host.json': '{ "version": "2.0", // local\n "extensions": { "http": { "routePrefix": "" } } }',
      'Relay/Program.cs': 'new HostBuilder().ConfigureFunctionsWorkerDefaults().Build().Run();\n',
      'Relay/RelayFunctions.cs': [
        'public class RelayFunctions {',
        '  [Function("Relay")]',
        '  public async Task<HttpResponseData> Relay(',
        '    [HttpTrigger(AuthorizationLevel.Function, "post", "put", Route = "relay/{id}")] HttpRequestData req, string id) => null;',
        '  [Function(nameof(Ping))]',
        '  public HttpResponseData Ping([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequestData req) => null;',
        '  [Function("Nightly")]',
        '  public void Nightly([TimerTrigger("0 0 * * * *")] TimerInfo t) { }',
        '}',
      ].join('\n'),
    });
    const routes = f.service.routes.map((r) => ({
      method: r.method,
      path: r.fullPath ?? r.path,
      middleware: r.middleware ?? [],
      reached: r.reached,
    }));
    expect(routes).toEqual([
      { method: 'POST', path: '/relay/{id}', middleware: ['HttpTrigger(AuthorizationLevel.Function)'], reached: true },
      { method: 'PUT', path: '/relay/{id}', middleware: ['HttpTrigger(AuthorizationLevel.Function)'], reached: true },
      { method: 'ANY', path: '/Ping', middleware: [], reached: true },
    ]);
    expect(f.frameworks.get('azure-functions')?.path).toBe('Relay/RelayFunctions.cs');
    expect(f.kind.servesHttp).toBe(true);
    // A trigger without a level asks for the function key; the host.json prefix is added when routes are resolved.
    const inProcess = dotnetRoutes(
      '[FunctionName("Orders")] public static IActionResult Run([HttpTrigger("get")] HttpRequest req) => null;\n',
    );
    expect(inProcess.routes).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/Orders',
        conventions: ['HttpTrigger(AuthorizationLevel.Function)'],
      }),
    ]);
  });

  it('takes a function app whose HTTP trigger is commented out for one that serves no HTTP, yet runs only as functions', () => {
    const f = facts({
      'Jobs/Jobs.csproj':
        '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><AzureFunctionsVersion>v4</AzureFunctionsVersion></PropertyGroup></Project>',
      'Jobs/host.json': '{ "version": "2.0", "functionTimeout": "00:05:00" }',
      'Jobs/Program.cs': 'new HostBuilder().ConfigureFunctionsWorkerDefaults().Build().Run();\n',
      'Jobs/Sweep.cs': [
        'public class Sweep {',
        '  [Function("Sweep")]',
        '  public void Run([TimerTrigger("0 0 * * * *")] TimerInfo t) { }',
        '  // [Function("SweepNow")]',
        '  // public void Now([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequestData req) { }',
        '}',
      ].join('\n'),
    });
    expect(f.frameworks.has('azure-functions')).toBe(false);
    expect(f.kind.servesHttp).toBe(false);
    expect(f.functions).toMatchObject({ only: true, platform: 'azure-functions' });
  });

  it("reads a trigger's name or route kept in a constant: the file's value, else the constant as written", () => {
    const r = dotnetRoutes(
      [
        'public class Meters {',
        '  private const string Health = "Health";',
        '  [Function(Health)]',
        '  public HttpResponseData Ping([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequestData req) => null;',
        '  [Function(FunctionNames.Submit)]',
        '  public HttpResponseData Submit([HttpTrigger("post")] HttpRequestData req) => null;',
        '  [Function("Read")]',
        '  public HttpResponseData Read([HttpTrigger("get", Route = MeterRoutes.Read)] HttpRequestData req) => null;',
        '  [Function(Prefix + "Sum")]',
        '  public HttpResponseData Sum([HttpTrigger("get")] HttpRequestData req) => null;',
        '}',
      ].join('\n'),
    );
    expect(r.routes.map((x) => `${x.method} ${x.path}`)).toEqual([
      'GET /Health',
      'POST /{FunctionNames.Submit}',
      'GET /{MeterRoutes.Read}',
    ]);
  });

  it('reads route templates named by constants of other files: concatenations, nameof, the type owning each', () => {
    const constants = csharpConstants([
      {
        file: 'Core/Routing/Paths.cs',
        text: [
          'namespace Core.Routing {',
          '  internal class Paths {',
          '    private const string Segment = "{" + ParamNames.Id + "}";',
          '    public const string Items = "api/v3/" + Plural;',
          '    public const string ItemById = Items + "/" + Segment;',
          '    private const string Plural = @"items";',
          '    public const string Id = "wrong";',
          '    public const string Loop = Other;',
          '    public const string Other = Loop;',
          '    public const string Held = $"{Items}/held";',
          '  }',
          '  internal static class ParamNames { public const string Id = nameof(Id); }',
          '}',
        ].join('\n'),
      },
    ]);
    expect(constants.value('Paths.ItemById')).toBe('api/v3/items/{Id}');
    expect(constants.value('ParamNames.Id')).toBe('Id');
    // Two types hold an Id of different values: the bare name is unknown, a cycle too, an interpolation with holes too.
    expect(constants.value('Id')).toBeUndefined();
    expect(constants.value('Paths.Loop')).toBeUndefined();
    expect(constants.value('Paths.Held')).toBeUndefined();
    const r = dotnetRoutes(
      [
        'using Core.Routing;',
        '[ApiController]',
        'public class ItemsController : ControllerBase {',
        '  private const string Mine = "mine";',
        '  [HttpGet(Paths.Items)] public IActionResult List() => Ok();',
        '  [HttpGet] [Route(Paths.ItemById)] public IActionResult Get(string id) => Ok();',
        '  [HttpPost(Mine)] public IActionResult Post() => Ok();',
        '  [HttpDelete(Paths.Missing)] public IActionResult Delete() => Ok();',
        '}',
      ].join('\n'),
      undefined,
      undefined,
      constants,
    );
    // A template whose constant is not known declares no route.
    expect(r.routes.map((x) => `${x.method} ${x.path}`)).toEqual([
      'GET /api/v3/items',
      'GET /api/v3/items/{Id}',
      'POST /mine',
    ]);
  });

  it("a shared project's files compile into the projects importing it, the application's before its tests'", () => {
    const items =
      '<Project><ItemGroup><Compile Include="$(MSBuildThisFileDirectory)**\\*.cs" /></ItemGroup></Project>\n';
    const importing = (sdk: string, extra = '') =>
      `<Project Sdk="${sdk}">${extra}<Import Project="..\\Clinic.Shared.Web\\Clinic.Shared.Web.projitems" Label="Shared" /></Project>\n`;
    const f = facts({
      'src/Clinic.Shared.Web/Clinic.Shared.Web.projitems': items,
      'src/Clinic.Shared.Web/Program.cs': 'var app = WebApplication.CreateBuilder(args).Build();\napp.Run();\n',
      'src/Clinic.Shared.Web/Setup/Cors.cs': 'namespace Clinic.Web;\npublic static class Cors {}\n',
      'src/Clinic.Tests/Clinic.Tests.csproj': importing(
        'Microsoft.NET.Sdk',
        '<ItemGroup><PackageReference Include="xunit" Version="2.9.0" /></ItemGroup>',
      ),
      'src/Clinic.Web/Clinic.Web.csproj': importing('Microsoft.NET.Sdk.Web'),
      'src/Clinic.Other/Clinic.Other.csproj':
        '<Project Sdk="Microsoft.NET.Sdk"><Import Project="..\\Missing\\Missing.projitems" /></Project>\n',
    });
    const web = f.dotnet.projects.find((p) => p.name === 'Clinic.Web')!;
    expect(web.linkedSources.sort()).toEqual([
      'src/Clinic.Shared.Web/Program.cs',
      'src/Clinic.Shared.Web/Setup/Cors.cs',
    ]);
    expect(f.dotnet.projectOf('src/Clinic.Shared.Web/Program.cs')?.name).toBe('Clinic.Web');
    expect(f.dotnet.projects.find((p) => p.name === 'Clinic.Other')!.linkedSources).toEqual([]);
  });

  it('reads the paths a helper is given for its path parameter, on extension and static calls', () => {
    const r = dotnetRoutes(
      [
        'public static class Probes {',
        '  public static WebApplication MapProbes(this WebApplication app) =>',
        '    app.MapProbe("/health/live", c => c.Tags.Contains("self")).MapProbe("/health/ready", c => true);',
        '  public static void MapMore(WebApplication app) => Add(app, "/healthz");',
        '  private static WebApplication MapProbe(this WebApplication app, string route, Func<HealthCheckRegistration, bool> f) {',
        '    app.MapHealthChecks(route, new HealthCheckOptions { Predicate = f });',
        '    return app;',
        '  }',
        '  private static void Add(WebApplication app, string where) => app.MapHealthChecks(where);',
        '  private static void Unused(WebApplication app, string path) => app.MapHealthChecks(path);',
        '}',
      ].join('\n'),
    );
    expect(r.routes.map((x) => x.path)).toEqual(['/health/live', '/health/ready', '/healthz', '/{path}']);
  });

  it('reads endpoint classes registered by an assembly scan, handler-first helpers, FastEndpoints and route constants', () => {
    const api = (name: string, body: string) => ({ [`src/Api/${name}.cs`]: body });
    const f = facts({
      'src/Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web" />',
      'src/Api/Program.cs': [
        'var app = WebApplication.CreateBuilder(args).Build();',
        'app.MapEndpoints();',
        'app.UseFastEndpoints();',
        'app.MapHealthChecks(Paths.Ready);',
        'app.UseHealthChecks("/health", new HealthCheckOptions { ResponseWriter = Write });',
        'app.Run();',
        'static class Paths { public const string Ready = "/ready"; }',
      ].join('\n'),
      ...api(
        'Orders',
        [
          'public class Orders : IEndpointGroup',
          '{',
          '    public static void Map(RouteGroupBuilder group)',
          '    {',
          '        group.RequireAuthorization();',
          '        group.MapPost(CreateOrder);',
          '        group.MapPut(UpdateOrder, "{id}");',
          '    }',
          '    public static int CreateOrder(Order o) => 1;',
          '    public static void UpdateOrder(int id, Order o) {}',
          '}',
        ].join('\n'),
      ),
      ...api(
        'DeleteInvoice',
        [
          'public class DeleteInvoice : IEndpoint<IResult, int>',
          '{',
          '    public void AddRoute(IEndpointRouteBuilder app)',
          '    {',
          '        app.MapDelete("api/invoices/{id}", (int id) => Results.NoContent());',
          '    }',
          '}',
        ].join('\n'),
      ),
      ...api(
        'ListCustomers',
        [
          'public class ListCustomers(IMediator mediator) : EndpointWithoutRequest<CustomerList>',
          '{',
          '    public override void Configure()',
          '    {',
          '        Get("/customers");',
          '        Roles("Support");',
          '    }',
          '}',
        ].join('\n'),
      ),
      ...api(
        'Helpers',
        [
          'public static class Helpers',
          '{',
          '    public static void MapAudit(this IEndpointRouteBuilder app, Delegate handler, string pattern = "")',
          '    {',
          '        app.MapPost(pattern, handler);',
          '    }',
          '    static void NeverCalled(IEndpointRouteBuilder app) { app.MapGet("/orphan", () => 1); }',
          '}',
        ].join('\n'),
      ),
    });
    const routes = f.service.routes.map(
      (r) => `${r.method} ${r.fullPath} ${r.reached} ${(r.middleware ?? []).join(',')}`,
    );
    expect(routes.sort()).toEqual([
      'DELETE /api/invoices/{id} true ',
      'GET /customers true RequireAuthorization(Roles)',
      'GET /health true ',
      'GET /orphan false ',
      'GET /ready true ',
      'POST / true RequireAuthorization',
      'PUT /{id} true RequireAuthorization',
    ]);
  });
});

describe('C# method declarations', () => {
  it('finds methods, local functions and constructors with modifiers, and not calls', () => {
    const code = [
      'namespace Shop {',
      '  public class Orders {',
      '    public async Task<IEnumerable<Order>> ListAsync(int page, string sort) { return null; }',
      '    private static Dictionary<string, int> Totals<T>(this IServiceCollection services) => null;',
      '    internal Orders(int size) { Log(size); }',
      '    void Tidy(int x) { }',
      '  }',
      '}',
    ].join('\n');
    const methods = csharpMethods(code);
    expect(methods.map((m) => m.name)).toEqual(['ListAsync', 'Totals', 'Orders', 'Tidy']);
    expect(methods.find((m) => m.name === 'Totals')).toMatchObject({ params: ['services'], extension: true });
    expect(methods.find((m) => m.name === 'ListAsync')?.params).toEqual(['page', 'sort']);
  });

  it('never lets a declaration begin inside a run of blanks (blanked comments cost linear time)', () => {
    // Comments and strings are blanked to spaces before this search. A pattern whose return type could begin or end in
    // whitespace started a match at every blank of such a run and split the run every way from there (cubic): one
    // repository's audit never finished. A declaration now begins at the last blank before its first word.
    const blank = ' '.repeat(50);
    const code = `};${blank}\n  public void Ship(int id) { }${blank}int Count() => 1;`;
    expect(csharpMethods(code).map((m) => [m.name, m.start])).toEqual([
      ['Ship', code.indexOf('public') - 1],
      ['Count', code.indexOf('int Count') - 1],
    ]);
  });
});

describe('development-only C#', () => {
  it('takes `#if DEBUG` regions and the `#else` of `#if !DEBUG` for development, a nested directive inside one too', () => {
    const code = [
      'var log = new LoggerConfiguration()', // 1
      '#if DEBUG', // 2
      '    .WriteTo.Console()', // 3
      '#else', // 4
      '    .WriteTo.File("a.json")', // 5
      '#endif', // 6
      '    .CreateLogger();', // 7
      '#if !DEBUG', // 8
      'app.UseHsts();', // 9
      '#else', // 10
      '#if TRACE', // 11
      'app.UseDeveloperExceptionPage();', // 12
      '#endif', // 13
      'app.MapGet("/debug", () => 1);', // 14
      '#endif', // 15
      'app.Run();', // 16
    ].join('\n');
    const repo = RepoIndex.fromMemory({ 'Program.cs': code });
    const dev = Array.from({ length: 16 }, (_, i) => i + 1).filter((l) => inDevelopmentBranch(repo, 'Program.cs', l));
    expect(dev).toEqual([3, 11, 12, 13, 14]);
  });
});

describe('fsharpRoutes: Giraffe, Saturn and Falco routes', () => {
  it('reads Giraffe routes with the method of the handler list that guards them', () => {
    const src = [
      'let webApp =',
      '    choose [',
      '        GET >=> choose [',
      '            route "/ping" >=> text "pong"',
      '            routef "/orders/%i" orderById',
      '            // route "/old" >=> text "gone"',
      '        ]',
      '        POST >=> route "/orders" >=> createOrder',
      '    ]',
    ].join('\n');
    expect(fsharpRoutes(src).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /ping',
      'GET /orders/{param}',
      'POST /orders',
    ]);
  });

  it("reads Saturn's and Falco's method-named routes, and a route kept out of production", () => {
    const src = [
      'let api = router {',
      '    get "/items" listItems',
      '    post "/items" addItem',
      '}',
      'let endpoints = [',
      '    if not Env.isProduction then route "/error" (warbler (fun _ -> failwith "boom"))',
      ']',
    ].join('\n');
    expect(fsharpRoutes(src).map((r) => `${r.method} ${r.path} ${r.devOnly}`)).toEqual([
      'GET /items false',
      'POST /items false',
      'ANY /error true',
    ]);
  });
});
