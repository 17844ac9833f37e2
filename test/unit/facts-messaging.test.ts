import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const messaging = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).messaging;
const gradle = 'plugins { kotlin("jvm") version "2.1.0"\n application }\napplication { mainClass.set("a.AppKt") }\n';

describe('facts: messaging consumers on the JVM', () => {
  it('reads a rapids-and-rivers River, a Kafka Streams topology and a plain KafkaConsumer as consumers', () => {
    const m = messaging({
      'build.gradle.kts': gradle,
      'src/main/kotlin/a/App.kt': [
        'package a',
        'import com.github.navikt.tbd_libs.rapids_and_rivers.River',
        'import org.apache.kafka.clients.consumer.KafkaConsumer',
        'import org.apache.kafka.streams.StreamsBuilder',
        '',
        'class Listener(rapid: RapidsConnection) : River.PacketListener {',
        '    init { River(rapid).register(this) }',
        '}',
        '',
        'fun topology() = StreamsBuilder().build()',
        'fun consumer() = KafkaConsumer<String, String>(props())',
        '',
      ].join('\n'),
    });
    expect(m.consumers.map((c) => [c.system, c.line])).toEqual([
      ['Kafka (rapids-and-rivers)', 7],
      ['Kafka Streams', 10],
      ['Kafka', 11],
    ]);
  });

  it("reads a JMS MessageListener (Kotlin or Java) and Spring's listener container as consumers; Oracle AQ's exception queue sets failures aside", () => {
    const kotlin = messaging({
      'build.gradle.kts': gradle,
      'src/main/kotlin/a/Relay.kt': [
        'package a',
        'import jakarta.jms.Message',
        'import jakarta.jms.MessageListener',
        '',
        'const val FAILED = "OPS.AQ\\$_RELAY_TAB_E"',
        '',
        'class Relay(',
        '    private val sink: Sink,',
        ') : MessageListener {',
        '    override fun onMessage(message: Message) = sink.take(message)',
        '}',
        '',
      ].join('\n'),
    });
    expect(kotlin.consumers.map((c) => [c.system, c.line])).toEqual([['JMS', 9]]);
    expect(kotlin.handling.map((h) => [h.kind, h.line])).toEqual([['dead-letter', 5]]);
    const java = messaging({
      'build.gradle.kts': gradle,
      'src/main/java/a/Relay.java':
        'package a;\nimport javax.jms.MessageListener;\npublic class Relay implements Runnable, MessageListener {}\n',
    });
    expect(java.consumers.map((c) => [c.system, c.line])).toEqual([['JMS', 3]]);
    // Spring Kafka's MessageListener is no JMS consumer.
    const kafka = messaging({
      'build.gradle.kts': gradle,
      'src/main/java/a/Relay.java':
        'package a;\nimport org.springframework.kafka.listener.MessageListener;\npublic class Relay implements MessageListener<String, String> {}\n',
    });
    expect(kafka.consumers).toEqual([]);
  });

  it('a River of another library is no consumer', () => {
    const m = messaging({
      'build.gradle.kts': gradle,
      'src/main/kotlin/a/Map.kt': ['package a', '', 'class River(val name: String)', 'val nile = River(name)', ''].join(
        '\n',
      ),
    });
    expect(m.consumers).toEqual([]);
  });
});

describe('facts: messaging consumers in Go', () => {
  const subscriber = (options: string) => ({
    'go.mod': 'module example.com/agent\n\ngo 1.22\n\nrequire github.com/eclipse/paho.mqtt.golang v1.5.0\n',
    'main.go': [
      'package main',
      '',
      'import mqtt "github.com/eclipse/paho.mqtt.golang"',
      '',
      'func onReport(_ mqtt.Client, msg mqtt.Message) {}',
      '',
      'func main() {',
      `\tclient := mqtt.NewClient(mqtt.NewClientOptions()${options})`,
      '\tclient.Subscribe("reports/#", 1, onReport)',
      '}',
      '',
    ].join('\n'),
  });

  it('reads a paho subscription as an MQTT consumer whose messages are acknowledged when the handler returns', () => {
    const [c] = messaging(subscriber('')).consumers;
    expect([c?.system, c?.line, c?.onceOnly]).toEqual(['MQTT (paho)', 9, expect.stringContaining('acknowledges')]);
  });

  it('leaves acknowledgement to the handler when automatic acknowledgement is turned off', () => {
    const [c] = messaging(subscriber('.SetAutoAckDisabled(true)')).consumers;
    expect(c?.system).toBe('MQTT (paho)');
    expect(c?.onceOnly).toBeUndefined();
  });

  it('reads no MQTT consumer from a Subscribe call in a file without paho', () => {
    const files = subscriber('');
    files['main.go'] = files['main.go'].replace(
      'mqtt "github.com/eclipse/paho.mqtt.golang"',
      'mqtt "example.com/agent/bus"',
    );
    expect(messaging(files).consumers).toEqual([]);
  });

  it('reads a Google Pub/Sub Receive loop as a consumer (v1 and v2 clients), and no Receive of another package', () => {
    const receiver = (importPath: string) => ({
      'go.mod': 'module example.com/mailer\n\ngo 1.22\n',
      'main.go': [
        'package main',
        '',
        `import pubsub "${importPath}"`,
        '',
        'func main() {',
        '\tsub := client.Subscription("outgoing-mail")',
        '\t_ = sub.Receive(ctx, func(ctx context.Context, m *pubsub.Message) { m.Ack() })',
        '}',
        '',
      ].join('\n'),
    });
    for (const path of ['cloud.google.com/go/pubsub', 'cloud.google.com/go/pubsub/v2']) {
      expect(messaging(receiver(path)).consumers.map((c) => [c.system, c.line])).toEqual([['Google Pub/Sub', 7]]);
    }
    expect(messaging(receiver('example.com/mailer/inbox')).consumers).toEqual([]);
  });

  it('reads a gocraft/work pool as a job worker keeping its dead jobs, unless they are registered to skip them', () => {
    const pool = (options: string) => ({
      'go.mod': 'module example.com/worker\n\ngo 1.22\n\nrequire github.com/gocraft/work v0.5.1\n',
      'main.go': [
        'package main',
        '',
        'import "github.com/gocraft/work"',
        '',
        'func main() {',
        '\tpool := work.NewWorkerPool(ctx{}, 4, "ns", redisPool)',
        `\tpool.JobWithOptions("send", work.JobOptions{${options}}, send)`,
        '}',
        '',
      ].join('\n'),
    });
    const [kept] = messaging(pool('MaxFails: 3')).consumers;
    expect([kept?.system, kept?.line, kept?.builtIn, kept?.discarded]).toEqual([
      'gocraft/work',
      6,
      expect.stringContaining('dead set'),
      undefined,
    ]);
    expect(messaging(pool('SkipDead: true')).consumers[0]?.discarded?.line).toBe(7);
  });

  it('reads a Go job table claimed with SKIP LOCKED as a consumer, and a job row marked failed as parked', () => {
    const worker = (onExhausted: string) => ({
      'go.mod': 'module example.com/worker\n\ngo 1.22\n',
      'main.go': [
        'package main',
        '',
        'func claim() {',
        '\tdb.Raw("SELECT id FROM jobs WHERE status = \'pending\' FOR UPDATE SKIP LOCKED LIMIT 1").Scan(&job)',
        '\tif job.Retries >= job.MaxRetries {',
        `\t\t${onExhausted}`,
        '\t}',
        '}',
        '',
      ].join('\n'),
    });
    const kept = messaging(worker('job.Status = model.JobStatusFailed'));
    expect(kept.consumers.map((c) => [c.system, c.line])).toEqual([['job table (rows claimed with SKIP LOCKED)', 4]]);
    expect(kept.handling.map((h) => [h.kind, h.line])).toEqual([['parking', 6]]);
    expect(messaging(worker('db.Delete(&job)')).handling).toEqual([]);
    // Rows locked for a batch pass, with no retry limit, are no job queue.
    const sweep = worker('job.Status = model.JobStatusFailed');
    sweep['main.go'] = sweep['main.go'].replace(/job\.Retries >= job\.MaxRetries/, 'job.Expired()');
    expect(messaging(sweep).consumers).toEqual([]);
  });

  it('reads a Rust worker claiming rows of a queue table with SKIP LOCKED as a consumer, not a batch pass', () => {
    const worker = (table: string, fn: string) => ({
      'Cargo.toml': '[package]\nname = "w"\nversion = "0.1.0"\n\n[dependencies]\nsqlx = "0.8"\n',
      'src/main.rs': [
        `async fn ${fn}(pool: &sqlx::PgPool) -> Result<(), sqlx::Error> {`,
        `    sqlx::query("SELECT id FROM ${table} FOR UPDATE SKIP LOCKED LIMIT 1").execute(pool).await?;`,
        '    Ok(())',
        '}',
        '',
      ].join('\n'),
    });
    expect(messaging(worker('mail_queue', 'send_next')).consumers.map((c) => [c.system, c.line])).toEqual([
      ['job table (rows claimed with SKIP LOCKED)', 2],
    ]);
    expect(messaging(worker('outbox', 'dequeue_message')).consumers).toHaveLength(1);
    // An expiry sweep locks rows too, but names no queue.
    expect(messaging(worker('sessions', 'purge_expired')).consumers).toEqual([]);
  });
});

describe('facts: NServiceBus endpoints', () => {
  const csproj =
    '<Project Sdk="Microsoft.NET.Sdk.Worker"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>\n';
  it('reads handlers and sagas as consumers, and the error queue an endpoint names as where failures go', () => {
    const m = messaging({
      'Billing/Billing.csproj': csproj,
      'Billing/Program.cs':
        'var endpoint = new EndpointConfiguration("billing");\nendpoint.SendFailedMessagesTo("billing-errors");\n',
      'Billing/Handlers.cs': [
        'namespace Billing;',
        'public class Audit : Saga<AuditData>, IAmStartedByMessages<OrderPlaced> {}',
        'public class Invoice : IHandleMessages<IssueInvoice> {}',
        '',
      ].join('\n'),
    });
    expect(m.consumers.map((c) => [c.system, c.line])).toEqual([['NServiceBus', 2]]);
    expect(m.consumers[0]!.builtIn).toMatch(/error queue/);
    expect(m.handling.map((h) => [h.kind, h.path, h.line])).toEqual([['dead-letter', 'Billing/Program.cs', 2]]);
  });

  it('a handler interface of another name is no consumer', () => {
    const m = messaging({
      'Billing/Billing.csproj': csproj,
      'Billing/Handlers.cs': 'namespace Billing;\npublic class Invoice : IHandleInvoices<IssueInvoice> {}\n',
    });
    expect(m.consumers).toEqual([]);
  });
});

describe('facts: .NET consumers on a broker or a functions host', () => {
  it("reads RabbitMQ.Client's BasicConsume as a consumer, only in a file using RabbitMQ.Client", () => {
    const worker = (using: string) =>
      messaging({
        'W/W.csproj': '<Project Sdk="Microsoft.NET.Sdk.Worker"></Project>',
        'W/Program.cs': 'Host.CreateApplicationBuilder(args).Build().Run();\n',
        'W/Worker.cs': `${using}\nclass Worker { void Run(IModel ch, IBasicConsumer c) { ch.BasicConsume("q", false, c); } }\n`,
      });
    expect(worker('using RabbitMQ.Client;').consumers.map((c) => [c.system, c.line])).toEqual([['RabbitMQ', 2]]);
    expect(worker('using Other.Bus;').consumers).toEqual([]);
  });

  it('reads queue and Service Bus triggers as consumers, and the host.json dequeue limit as their dead-lettering', () => {
    const files: Record<string, string> = {
      'Jobs/Jobs.csproj':
        '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><AzureFunctionsVersion>v4</AzureFunctionsVersion></PropertyGroup></Project>',
      'Jobs/Program.cs': 'new HostBuilder().ConfigureFunctionsWorkerDefaults().Build().Run();\n',
      'Jobs/Orders.cs': [
        'public class Orders {',
        '  [Function("Take")]',
        '  public void Take([QueueTrigger("orders")] string order) { }',
        '  [Function("Refund")]',
        '  public void Refund([ServiceBusTrigger("refunds", Connection = "Bus")] string refund) { }',
        '  // [Function("Old")] public void Old([QueueTrigger("old")] string m) { }',
        '}',
      ].join('\n'),
    };
    const m = messaging({ ...files, 'Jobs/host.json': '{ "version": "2.0" }' });
    expect(m.consumers.map((c) => [c.system, c.line, c.builtIn !== undefined])).toEqual([
      ['Azure Functions queue trigger', 3, true],
      ['Azure Functions Service Bus trigger', 5, true],
    ]);
    expect(m.handling).toEqual([]);
    const bounded = messaging({
      ...files,
      'Jobs/host.json': '{ "version": "2.0", "extensions": { "queues": { "maxDequeueCount": 3 } } }',
    });
    expect(bounded.handling.map((h) => [h.path, h.kind])).toEqual([['Jobs/host.json', 'dead-letter']]);
  });
});

describe("facts: Convey's RabbitMQ subscriptions", () => {
  const files = (settings: string) => ({
    'Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>',
    'Api/Program.cs': [
      'using Convey;',
      'using Convey.MessageBrokers.RabbitMQ;',
      'var app = WebApplication.CreateBuilder(args).Build();',
      'app.UseRabbitMq()',
      '    .SubscribeEvent<StockReserved>()',
      '    .SubscribeCommand<ShipOrder>();',
      'app.Run();',
      '',
    ].join('\n'),
    'Api/appsettings.json': settings,
  });

  it('reads SubscribeCommand/SubscribeEvent as consumers; the dead-letter section counts only when enabled', () => {
    const off = messaging(files('{ "rabbitMq": { "retries": 2, "deadLetter": { "enabled": false } } }'));
    expect(off.consumers.map((c) => [c.system, c.line])).toEqual([['RabbitMQ (Convey)', 5]]);
    expect(off.handling).toEqual([]);
    // .NET configuration keys are case-insensitive.
    const on = messaging(files('{\n  "RabbitMq": {\n    "DeadLetter": { "Enabled": true }\n  }\n}\n'));
    expect(on.handling.map((h) => [h.path, h.line, h.kind])).toEqual([['Api/appsettings.json', 3, 'dead-letter']]);
  });

  it('leaves a SubscribeEvent<T>() of another library alone', () => {
    const m = messaging({
      ...files('{}'),
      'Api/Program.cs': 'using Other.Bus;\nvar bus = new Bus();\nbus.SubscribeEvent<Ping>();\n',
    });
    expect(m.consumers).toEqual([]);
  });
});

describe("facts: Dapr's pub/sub subscriptions in ASP.NET Core", () => {
  const project = { 'Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>' };

  it('reads a [Topic] action as a consumer when Dapr comes in by a global using, and its third argument as a dead-letter topic', () => {
    const m = messaging({
      ...project,
      'Api/Usings.cs': 'global using Dapr;\n',
      'Api/Program.cs': 'var app = WebApplication.CreateBuilder(args).Build();\napp.MapControllers();\napp.Run();\n',
      'Api/Invoices.cs': [
        'public class Invoices : ControllerBase',
        '{',
        '    [Topic("bus", "invoice-due", "invoice-due-failed", false)]',
        '    [HttpPost("due")]',
        '    public IActionResult Due(object e) => Ok();',
        '}',
        '',
      ].join('\n'),
    });
    expect(m.consumers.map((c) => [c.system, c.path, c.line])).toEqual([['Dapr pub/sub', 'Api/Invoices.cs', 3]]);
    expect(m.handling.map((h) => [h.path, h.line, h.kind])).toEqual([['Api/Invoices.cs', 3, 'dead-letter']]);
  });

  it('reads [Topic] listed after other attributes in one list, with or without a dead-letter topic', () => {
    const file = (topic: string) =>
      messaging({
        ...project,
        'Api/Program.cs': 'var app = WebApplication.CreateBuilder(args).Build();\napp.MapControllers();\napp.Run();\n',
        'Api/Refunds.cs': `using Dapr;\npublic class Refunds : ControllerBase\n{\n    [HttpPost("refunds"), Authorize, ${topic}]\n    public IActionResult Handle(object e) => Ok();\n}\n`,
      });
    const plain = file('Topic("bus", "refund")');
    expect(plain.consumers.map((c) => [c.system, c.path, c.line])).toEqual([['Dapr pub/sub', 'Api/Refunds.cs', 4]]);
    expect(plain.handling).toEqual([]);
    const parked = file('Topic("bus", "refund", "refund-dead")');
    expect(parked.handling.map((h) => [h.path, h.line, h.kind])).toEqual([['Api/Refunds.cs', 4, 'dead-letter']]);
    // No Topic in the list: no subscription.
    expect(file('Obsolete').consumers).toEqual([]);
  });

  it('takes a match expression followed by its priority for no dead-letter topic', () => {
    const m = messaging({
      ...project,
      'Api/Program.cs': [
        'using Dapr;',
        'var app = WebApplication.CreateBuilder(args).Build();',
        'app.MapPost("/due", [Topic("bus", "invoice-due", "event.type == \\"late\\"", 2)] () => Results.Ok());',
        'app.Run();',
        '',
      ].join('\n'),
    });
    expect(m.consumers.map((c) => [c.system, c.line])).toEqual([['Dapr pub/sub', 3]]);
    expect(m.handling).toEqual([]);
  });

  it('reads .WithTopic( of a minimal API without `using Dapr` when the project references Dapr.AspNetCore or maps the subscribe handler', () => {
    const program = (extra: string) => ({
      'Api/Program.cs': [
        'var app = WebApplication.CreateBuilder(args).Build();',
        extra,
        'app.MapPost("/due", () => Results.Ok()).WithTopic("bus", "invoice-due");',
        'app.Run();',
        '',
      ].join('\n'),
    });
    const withPackage = {
      'Api/Api.csproj':
        '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="Dapr.AspNetCore" Version="1.14.0" /></ItemGroup></Project>',
      ...program('app.UseCloudEvents();'),
    };
    expect(messaging(withPackage).consumers.map((c) => [c.system, c.line])).toEqual([['Dapr pub/sub', 3]]);
    const mapped = messaging({ ...project, ...program('app.MapSubscribeHandler();') });
    expect(mapped.consumers.map((c) => [c.system, c.line])).toEqual([['Dapr pub/sub', 3]]);
    // Neither: a `.WithTopic(` of something else.
    expect(messaging({ ...project, ...program('app.UseRouting();') }).consumers).toEqual([]);
  });

  it("takes `deadLetterTopic:` from a Dapr Subscription only, not a Pub/Sub client's option of the same name", () => {
    const files = {
      'Api/Api.csproj':
        '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="Dapr.AspNetCore" Version="1.14.0" /></ItemGroup></Project>',
      'Api/Program.cs':
        'var app = WebApplication.CreateBuilder(args).Build();\napp.MapPost("/due", () => Results.Ok()).WithTopic("bus", "invoice-due");\napp.Run();\n',
      'tools/notify.js': "const opts = {\n  deadLetterTopic: 'x',\n};\nmodule.exports = opts;\n",
    };
    expect(messaging(files).handling).toEqual([]);
    const declared = messaging({
      ...files,
      'deploy/dapr/subscription.yaml':
        'apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: invoice-due\nspec:\n  topic: invoice-due\n  deadLetterTopic: invoice-due-failed\n',
    });
    expect(declared.handling.map((h) => [h.path, h.line, h.kind])).toEqual([
      ['deploy/dapr/subscription.yaml', 7, 'dead-letter'],
    ]);
  });

  it('leaves a [Topic] attribute of a project without Dapr alone', () => {
    const m = messaging({
      ...project,
      'Api/Program.cs': 'using Forum.Model;\n[Topic("general", "welcome")]\npublic class Welcome {}\n',
    });
    expect(m.consumers).toEqual([]);
  });
});

describe('facts: Celery tasks on an app object the project builds', () => {
  const files = (app: string) => ({
    'requirements.txt': 'celery==5.4.0\n',
    Procfile: 'worker: celery --app shop.jobs worker\n',
    'shop/__init__.py': '',
    'shop/broker.py': `from celery import Celery\n\n${app}\n`,
    'shop/jobs.py': [
      'from shop.broker import job_app',
      '',
      '',
      '@job_app.task(acks_late=True)',
      'def restock(sku):',
      '    return sku',
      '',
    ].join('\n'),
  });
  it('reads `@job_app.task` as a Celery consumer when live code builds job_app with Celery(…)', () => {
    const m = messaging(files('job_app = Celery("shop", broker="redis://cache:6379/0")'));
    expect(m.consumers.map((c) => [c.system, c.path, c.line])).toEqual([['Celery', 'shop/jobs.py', 4]]);
  });
  it('reads no consumer when job_app is something else', () => {
    const m = messaging(files('job_app = object()'));
    expect(m.consumers).toEqual([]);
  });
});

describe('facts: messaging — a Hangfire server hosted by hand', () => {
  it('reads new BackgroundJobServer(…) and the older UseHangfireServer() as Hangfire job consumers', () => {
    const csproj =
      '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>\n';
    const console = messaging({
      'Worker/Worker.csproj': csproj,
      'Worker/Program.cs':
        'using Hangfire;\n\nGlobalConfiguration.Configuration.UseInMemoryStorage();\nusing var server = new BackgroundJobServer();\nConsole.ReadLine();\n',
    });
    expect(console.consumers.map((c) => [c.system, c.path, c.line])).toEqual([['Hangfire', 'Worker/Program.cs', 4]]);
    const older = messaging({
      'Web/Web.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
      'Web/Startup.cs':
        'using Hangfire;\npublic class Startup\n{\n    public void Configure(IApplicationBuilder app)\n    {\n        app.UseHangfireServer();\n    }\n}\n',
    });
    expect(older.consumers.map((c) => [c.system, c.line])).toEqual([['Hangfire', 6]]);
  });

  it('leaves a class of its own named like the server, not constructed, alone', () => {
    const m = messaging({
      'Worker/Worker.csproj': '<Project Sdk="Microsoft.NET.Sdk"></Project>\n',
      'Worker/Names.cs': 'public static class Names\n{\n    public const string Server = "BackgroundJobServer";\n}\n',
    });
    expect(m.consumers).toEqual([]);
  });
});

describe('facts: messaging — arq workers and django-rq queues', () => {
  const arq = (settings: string) =>
    messaging({
      'requirements.txt': 'arq==0.26.1\n',
      Procfile: 'worker: arq billing.worker.Settings\n',
      'billing/__init__.py': '',
      'billing/worker.py': `${settings}\n\nasync def charge(ctx, invoice_id):\n    return invoice_id\n\n\nclass Settings:\n    functions = [charge]\n`,
    });
  it('reads the functions of a settings class the `arq` command starts as arq consumers, with no failed-job store', () => {
    const m = arq('from arq.connections import RedisSettings');
    expect(m.consumers.map((c) => [c.system, c.path, c.line, c.builtIn])).toEqual([
      ['arq', 'billing/worker.py', 8, undefined],
    ]);
  });
  it('reads no arq consumer in a module that does not import arq', () => {
    expect(arq('import os').consumers).toEqual([]);
  });
  it("reads django-rq's get_queue as an RQ consumer that keeps failed jobs", () => {
    const m = messaging({
      'requirements.txt': 'Django==5.0.4\ndjango-rq==2.10.2\n',
      Procfile: 'web: gunicorn site_app.wsgi\n',
      'site_app/__init__.py': '',
      'site_app/wsgi.py': 'from site_app import views\napplication = None\n',
      'site_app/views.py':
        'import django_rq\n\n\ndef refresh(request):\n    django_rq.get_queue("default").enqueue(print, 1)\n',
    });
    expect(m.consumers.map((c) => [c.system, c.path, c.line, c.builtIn])).toEqual([
      ['RQ', 'site_app/views.py', 5, 'failed jobs are kept in the FailedJobRegistry'],
    ]);
  });
});

describe('facts: messaging — SAQ workers', () => {
  const saq = (procfile: string, head: string) =>
    messaging({
      'requirements.txt': 'saq==0.21.0\n',
      Procfile: procfile,
      'orders/__init__.py': '',
      'orders/jobs.py': `${head}\n\nasync def ship(ctx, *, order_id):\n    return order_id\n\n\nsettings = {\n    "functions": [ship],\n}\n`,
    });
  it('reads the functions of the settings `python -m saq` starts as SAQ consumers, with no failed-job store', () => {
    const m = saq('worker: python -m saq orders.jobs.settings\n', 'from saq import Queue');
    expect(m.consumers.map((c) => [c.system, c.path, c.line, c.builtIn])).toEqual([
      ['SAQ', 'orders/jobs.py', 8, undefined],
    ]);
  });
  it('reads the settings the `saq` command starts too', () => {
    const m = saq('worker: saq orders.jobs.settings --workers 2\n', 'import saq');
    expect(m.consumers.map((c) => [c.system, c.path, c.line])).toEqual([['SAQ', 'orders/jobs.py', 8]]);
  });
  it('reads no SAQ consumer in a module that does not import saq', () => {
    expect(saq('worker: python -m saq orders.jobs.settings\n', 'import json').consumers).toEqual([]);
  });
  it("reads litestar-saq's QueueConfig as the queue's workers, and a queue that only enqueues as none", () => {
    const m = messaging({
      'requirements.txt': 'litestar==2.13.0\nlitestar-saq==0.3.2\n',
      Procfile: 'web: uvicorn shop.app:app\n',
      'shop/__init__.py': '',
      'shop/app.py':
        'from litestar import Litestar\nfrom litestar_saq import QueueConfig, SAQConfig, SAQPlugin\nfrom saq import Queue\n\nq = Queue.from_url("redis://r")\nconfig = SAQConfig(queue_configs=[QueueConfig(name="mail", tasks=[print])])\napp = Litestar(plugins=[SAQPlugin(config=config)])\n',
    });
    expect(m.consumers.map((c) => [c.system, c.path, c.line])).toEqual([['SAQ', 'shop/app.py', 6]]);
  });
});

describe('facts: Google Pub/Sub consumers on the JVM', () => {
  it("reads Spring Cloud GCP's inbound channel adapter and the Java client's Subscriber; a bean method returning the adapter type is not one", () => {
    const m = messaging({
      'pom.xml': '<project><artifactId>a</artifactId></project>\n',
      'src/main/java/a/Inbound.java': [
        'package a;',
        'import com.google.cloud.spring.pubsub.integration.inbound.PubSubInboundChannelAdapter;',
        'class Inbound {',
        '  PubSubInboundChannelAdapter adapter(PubSubTemplate t) {',
        '    return new PubSubInboundChannelAdapter(t, "orders");',
        '  }',
        '}',
      ].join('\n'),
      'src/main/java/a/Raw.java': [
        'package a;',
        'import com.google.cloud.pubsub.v1.Subscriber;',
        'class Raw {',
        '  void start() { Subscriber.newBuilder(name, receiver).build().startAsync(); }',
        '}',
      ].join('\n'),
      'src/main/java/a/Publisher.java': [
        'package a;',
        'import com.google.cloud.spring.pubsub.core.PubSubTemplate;',
        'class Publisher { void send(PubSubTemplate t) { t.publish("orders", "x"); } }',
      ].join('\n'),
    });
    expect(m.consumers.map((c) => [c.path, c.line, c.system])).toEqual([
      ['src/main/java/a/Inbound.java', 5, 'Google Pub/Sub (Spring Cloud GCP)'],
      ['src/main/java/a/Raw.java', 4, 'Google Pub/Sub'],
    ]);
  });
});

describe('facts: messaging consumers in Node', () => {
  it("reads nest-bull's @QueueProcess methods as Bull consumers, and leaves the decorator of another package alone", () => {
    const files = (pkg: string) => ({
      'package.json': JSON.stringify({
        name: 'w',
        main: 'src/jobs.ts',
        dependencies: { [pkg]: '^0.8.0', bull: '^3.0.0' },
      }),
      'src/jobs.ts': [
        `import { Queue, QueueProcess } from '${pkg}';`,
        '@Queue()',
        'export class Jobs {',
        "  @QueueProcess({ name: 'resize' })",
        '  resize(job: { data: number }) { return job.data; }',
        '}',
      ].join('\n'),
    });
    expect(messaging(files('nest-bull')).consumers.map((c) => [c.system, c.line])).toEqual([
      ['Bull (nest-bull @QueueProcess)', 4],
    ]);
    expect(messaging(files('own-queues')).consumers).toEqual([]);
  });
});

describe('facts: Taskiq tasks', () => {
  it('reads `@broker.task` in a module using taskiq as a Taskiq consumer; the same decorator without taskiq is none', () => {
    const m = messaging({
      'pyproject.toml': '[project]\nname = "jobs"\ndependencies = ["taskiq"]\n',
      'jobs/__init__.py': '',
      'jobs/broker.py': 'from taskiq_redis import ListQueueBroker\n\nbroker = ListQueueBroker("redis://cache:6379")\n',
      'jobs/tasks.py':
        'from taskiq import TaskiqDepends\n\nfrom .broker import broker\n\n\n@broker.task\nasync def resize(image_id: int) -> None:\n    pass\n',
      'jobs/main.py': 'from .tasks import resize\n',
    });
    expect(m.consumers.map((c) => [c.system, c.path, c.line])).toEqual([['Taskiq', 'jobs/tasks.py', 6]]);
    const plain = messaging({
      'pyproject.toml': '[project]\nname = "jobs"\n',
      'jobs/__init__.py': '',
      'jobs/tasks.py': 'from .registry import board\n\n\n@board.task\ndef tidy() -> None:\n    pass\n',
      'jobs/main.py': 'from .tasks import tidy\n',
    });
    expect(plain.consumers).toEqual([]);
  });
});

describe('facts: messaging — amiquip consumers', () => {
  it("reads amiquip's queue.consume as a RabbitMQ consumer, and no consume call of a file that does not use amiquip", () => {
    const m = messaging({
      'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\namiquip = "0.4"\n',
      'src/main.rs': [
        'mod feed;',
        'use amiquip::{Connection, ConsumerOptions, QueueDeclareOptions};',
        '',
        'fn main() -> amiquip::Result<()> {',
        '    let mut conn = Connection::insecure_open("amqp://broker:5672")?;',
        '    let channel = conn.open_channel(None)?;',
        '    let queue = channel.queue_declare("jobs", QueueDeclareOptions::default())?;',
        '    let consumer = queue.consume(ConsumerOptions::default())?;',
        '    feed::drain(&consumer);',
        '    conn.close()',
        '}',
        '',
      ].join('\n'),
      'src/feed.rs': 'pub fn drain(items: &Items) {\n    items.consume(3);\n}\n',
    });
    expect(m.consumers.map((c) => [c.system, c.path, c.line])).toEqual([['RabbitMQ (amiquip)', 'src/main.rs', 8]]);
  });
});
