// Facts moved out of rules that look at what production code does: logging, tracing, error trackers, circuit
// breakers, retries, configuration validation, stubs and mocks, each judged on the files the service loads.
import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));
/** A Node service: package.json names server.js, which loads lib/setup.js; lib/unused.js is loaded by nothing. */
const node = (setup: string, unused = '', deps: Record<string, string> = {}) =>
  facts({
    'package.json': JSON.stringify({
      name: 'svc',
      main: 'server.js',
      scripts: { start: 'node server.js' },
      dependencies: { express: '^4.19.0', ...deps },
    }),
    'server.js':
      "const express = require('express');\nrequire('./lib/setup.js');\nconst app = express();\napp.listen(3000);\n",
    'lib/setup.js': setup,
    ...(unused ? { 'lib/unused.js': unused } : {}),
  });
const at = (hits: { match: { path: string; line: number }; wired: boolean; signal: { name: string } }[]) =>
  hits.map((h) => [h.signal.name, h.match.path, h.match.line, h.wired]);

describe('logging', () => {
  it('sees pino wired as JSON, and pino-pretty left on without an environment switch', () => {
    const f = node(
      "const pino = require('pino');\nmodule.exports = pino({ transport: { target: 'pino-pretty' } });\n",
      '',
      { pino: '^9.0.0' },
    ).logging;
    expect(f.json.filter((h) => h.wired).map((h) => h.signal.name)).toContain('pino');
    expect(f.prettyUnconditional).toEqual({ path: 'lib/setup.js', line: 2 });
  });
  it('finds a declared logger nothing configures, and plain console output', () => {
    const f = node("console.log('started');\n", '', { winston: '^3.0.0' }).logging;
    expect(f.json).toEqual([]);
    expect(f.declared()?.dep.name).toBe('winston');
    expect(f.plainOutput().length).toBeGreaterThan(0);
  });
});

describe('logging (Rust)', () => {
  it("takes tracing-loki's layer as structured output (low), not in a comment", () => {
    const rust = (setup: string) =>
      facts({
        'Cargo.toml':
          '[package]\nname = "svc"\nversion = "0.1.0"\n\n[dependencies]\ntracing-subscriber = "0.3"\ntracing-loki = "0.2"\n',
        'src/main.rs': `use tracing_subscriber::layer::SubscriberExt;\n\nfn main() {\n${setup}\n}\n`,
      }).logging;
    const loki = rust(
      '    let (layer, task) = tracing_loki::layer(url, labels, extra).unwrap();\n    tracing_subscriber::registry().with(layer).init();',
    );
    expect(loki.json.filter((h) => h.wired).map((h) => [h.signal.name, h.signal.confidence, h.match.line])).toEqual([
      ['tracing-loki', 'low', 4],
    ]);
    const commented = rust(
      '    // let (layer, task) = tracing_loki::layer(url, labels, extra).unwrap();\n    tracing_subscriber::fmt::init();',
    );
    expect(commented.json).toEqual([]);
    expect(commented.plain.map((h) => h.signal.name)).toEqual(['tracing-subscriber text']);
  });
});

describe('tracing and error tracking', () => {
  it('marks a tracer in a file no entrypoint loads as not wired', () => {
    const f = node(
      "console.log('x');\n",
      "const { NodeSDK } = require('@opentelemetry/sdk-node');\nnew NodeSDK({}).start();\n",
    ).tracing;
    expect(at(f.code)).toEqual([['OpenTelemetry NodeSDK', 'lib/unused.js', 2, false]]);
    expect(f.start).toEqual([]);
    expect(f.searched).toContain('OpenTelemetry NodeSDK');
  });
  it('finds Sentry initialised in live code, with a hard-coded DSN', () => {
    const f = node(
      "const Sentry = require('@sentry/node');\nSentry.init({ dsn: 'https://0123456789abcdef0123@o1.ingest.sentry.io/1' });\n",
    ).errorTracking;
    const wired = f.hits.filter((h) => h.wired);
    expect(at(wired)).toEqual([['Sentry', 'lib/setup.js', 2, true]]);
    expect(f.keyOf(wired[0]!)).toEqual({ literal: true, fromEnv: false });
  });
  it("finds Sentry started by Fastify's plugin, whatever the file calls it; another file's register is no Sentry", () => {
    const f = node(
      "const report = require('@immobiliarelabs/fastify-sentry');\nmodule.exports = (app) => app.register(report, { dsn: process.env.DSN });\n",
      "module.exports = (app) => app.register(require('@fastify/cors'), { origin: false });\n",
    ).errorTracking;
    expect(at(f.hits)).toEqual([['Sentry', 'lib/setup.js', 2, true]]);
  });
  it('reads a DSN given by python-decouple or django-environ as coming from the environment', () => {
    const f = facts({
      'app.py':
        'import sentry_sdk\nfrom decouple import config\n\nsentry_sdk.init(\n    dsn=config("SENTRY_DSN", None),\n    release="1.0",\n)\n',
    }).errorTracking;
    expect(f.keyOf(f.hits[0]!)).toEqual({ literal: false, fromEnv: true });
  });
  it('reads a DSN variable the settings assign from the environment above the init as coming from it', () => {
    const settings = (assign: string) =>
      facts({
        'settings.py': `import environ\nimport sentry_sdk\n\nenv = environ.Env()\n${assign}\n    sentry_sdk.init(\n        dsn=SENTRY_DSN,\n        traces_sample_rate=0.1,\n    )\n`,
      }).errorTracking;
    const walrus = settings('if SENTRY_DSN := env("DJANGO_SENTRY_DSN", default=None):');
    expect(walrus.keyOf(walrus.hits[0]!)).toEqual({ literal: false, fromEnv: true });
    const fixed = settings('SENTRY_DSN = "not-from-anywhere"\nif SENTRY_DSN:');
    expect(fixed.keyOf(fixed.hits[0]!)).toEqual({ literal: false, fromEnv: false });
  });
  it('finds an error tracker initialised only in a test', () => {
    const f = facts({
      'app.py': 'print("hi")\n',
      'tests/test_app.py': 'import sentry_sdk\nsentry_sdk.init(dsn="x")\n',
    }).errorTracking;
    expect(f.hits).toEqual([]);
    expect(f.testOnly()?.path).toBe('tests/test_app.py');
  });
  it('reads a test as production code is read: a pattern only in its languages and beside its library', () => {
    // An Elixir test calling the service's own register/3 with a variable first is no Fastify plugin registration.
    const elixir = facts({
      'mix.exs': 'defmodule Club.MixProject do\n  use Mix.Project\nend\n',
      'lib/club/members.ex': 'defmodule Club.Members do\n  def register(a, b), do: {a, b}\nend\n',
      'test/club/members_test.exs': 'test "x" do\n  Club.Members.register(\n    name,\n    email\n  )\nend\n',
    }).errorTracking;
    expect(elixir.testOnly()).toBeUndefined();
    // The same call shape in a JavaScript test without fastify-sentry's import is nothing either …
    const plain = facts({
      'server.js': 'console.log(1)\n',
      'test/server.test.js': 'const users = require("../users");\nusers.register(name, { admin: false });\n',
    }).errorTracking;
    expect(plain.testOnly()).toBeUndefined();
    // … and with the import it is the plugin registered in a test only.
    const plugin = facts({
      'server.js': 'console.log(1)\n',
      'test/server.test.js':
        'const fastifySentry = require("@immobiliarelabs/fastify-sentry");\napp.register(fastifySentry, { dsn: "x" });\n',
    }).errorTracking;
    expect(plugin.testOnly()).toMatchObject({ path: 'test/server.test.js', line: 2 });
  });
});

describe('circuit breakers and retries', () => {
  it('finds an opossum breaker in live code', () => {
    const f = node(
      "const CircuitBreaker = require('opossum');\nmodule.exports = new CircuitBreaker(call);\n",
    ).circuitBreakers;
    expect(at(f.hits)).toEqual([['opossum', 'lib/setup.js', 2, true]]);
  });
  it("finds a Go breaker of the project's own by its half-open state, and no settings struct named for a breaker", () => {
    const goService = (extra: string) =>
      facts({
        'go.mod': 'module example.com/svc\n\ngo 1.22\n',
        'main.go': 'package main\n\nimport "example.com/svc/upstream"\n\nfunc main() { upstream.Call() }\n',
        'upstream/breaker.go': [
          'package upstream',
          '',
          'type state int',
          '',
          `const (\n\tclosed state = iota\n\topen\n${extra})`,
          '',
          'type hostBreaker struct {',
          '\tfailures int',
          '\tstate    state',
          '}',
          '',
          'func Call() {}',
          '',
        ].join('\n'),
      }).circuitBreakers;
    expect(at(goService('\thalfOpen\n').hits)).toEqual([
      ['hand-written circuit breaker', 'upstream/breaker.go', 11, true],
    ]);
    expect(goService('').hits).toEqual([]);
  });
  it('tells a retry that only waits for the database at start-up from one around HTTP calls', () => {
    const waits = node(
      "const pRetry = require('p-retry');\nmodule.exports = () => pRetry(() => mongoose.connect(url), { retries: 5 });\n",
    ).retries;
    expect(waits.wired.map((h) => h.signal.name)).toEqual(['p-retry']);
    expect(waits.startupOnly(waits.wired[0]!)).toBe(true);
    const http = node(
      "const pRetry = require('p-retry');\nmodule.exports = () => pRetry(() => fetch('https://api.example.com'), { retries: 5 });\n",
    ).retries;
    expect(http.startupOnly(http.wired[0]!)).toBe(false);
  });
  it('takes a Temporal workflow running activities as retried, not one whose policy allows a single attempt', () => {
    const workflow = (options: string) =>
      facts({
        'go.mod': 'module example.com/w\n\ngo 1.22\n\nrequire go.temporal.io/sdk v1.26.0\n',
        'main.go': [
          'package main',
          '',
          'import (',
          '\t"go.temporal.io/sdk/temporal"',
          '\t"go.temporal.io/sdk/workflow"',
          ')',
          '',
          'var _ = temporal.RetryPolicy{}',
          '',
          'func Flow(ctx workflow.Context) error {',
          `\tctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{${options}})`,
          '\treturn workflow.ExecuteActivity(ctx, "Lookup").Get(ctx, nil)',
          '}',
          '',
          'func main() {}',
        ].join('\n'),
      }).retries.wired.map((h) => [h.signal.name, h.match.line]);
    expect(workflow('')).toEqual([['Temporal activity retries', 12]]);
    expect(workflow('RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}')).toEqual([]);
  });
  it("reads Taskiq's retry middlewares, with backoff only when the delay grows, and only where taskiq is imported", () => {
    const broker = (imports: string, middleware: string) =>
      facts({
        'requirements.txt': 'taskiq==0.11.7\nhttpx==0.27.0\n',
        'main.py': [
          imports,
          'import httpx',
          `broker = make_broker().with_middlewares(${middleware})`,
          '@broker.task',
          'async def push(url):',
          '    return (await httpx.AsyncClient(timeout=5).post(url)).status_code',
          'if __name__ == "__main__":',
          '    broker.startup()',
        ].join('\n'),
      }).retries.wired.map((h) => h.signal.name);
    const taskiq = 'from taskiq import SimpleRetryMiddleware, SmartRetryMiddleware';
    expect(broker(taskiq, 'SmartRetryMiddleware(use_delay_exponent=True)')).toContain('Taskiq retries with backoff');
    expect(broker(taskiq, 'SimpleRetryMiddleware(default_retry_count=3)')).toEqual(['Taskiq retry middleware']);
    expect(broker('from jobs import SimpleRetryMiddleware', 'SimpleRetryMiddleware()')).toEqual([]);
  });

  it("takes go-grpc-middleware's retry interceptor given attempts, and pester's client, as retries", () => {
    const goFile = (imports: string[], body: string[]) =>
      facts({
        'go.mod': 'module example.com/r\n\ngo 1.22\n',
        'main.go': ['package main', '', 'import (', ...imports.map((i) => `\t"${i}"`), ')', '', ...body, ''].join('\n'),
      }).retries.wired.map((h) => [h.signal.name, h.match.line]);
    const grpcRetry = 'github.com/grpc-ecosystem/go-grpc-middleware/retry';
    const interceptor = (opts: string) => [
      'func dial() grpc.DialOption {',
      `\treturn grpc.WithUnaryInterceptor(grpc_retry.UnaryClientInterceptor(${opts}))`,
      '}',
      '',
      'func main() {}',
    ];
    // Given attempts: retried (a fixed wait unless an exponential backoff is chosen).
    expect(goFile([grpcRetry], interceptor('grpc_retry.WithMax(3)'))).toEqual([['go-grpc-middleware retry', 8]]);
    expect(
      goFile(
        [grpcRetry],
        interceptor('grpc_retry.WithMax(3), grpc_retry.WithBackoff(grpc_retry.BackoffExponential(time.Second))'),
      ),
    ).toEqual([
      ['go-grpc-middleware retry with exponential backoff', 8],
      ['go-grpc-middleware retry', 8],
    ]);
    // No attempts given (the interceptor's default), or none allowed: no retry.
    expect(
      goFile([grpcRetry], interceptor('grpc_retry.WithBackoff(grpc_retry.BackoffExponential(time.Second))')),
    ).toEqual([]);
    expect(goFile([grpcRetry], interceptor('grpc_retry.WithMax(0)'))).toEqual([]);
    // The same option names without the library's import are another package's.
    expect(goFile(['example.com/r/calls'], interceptor('calls.WithMax(3)'))).toEqual([]);
    const pester = (lines: string[]) =>
      goFile(
        ['github.com/sethgrid/pester'],
        ['func client() *pester.Client {', ...lines, '\treturn c', '}', '', 'func main() {}'],
      );
    expect(pester(['\tc := pester.New()'])).toEqual([['pester', 8]]);
    expect(pester(['\tc := pester.New()', '\tc.Backoff = pester.ExponentialBackoff'])).toEqual([
      ['pester backoff', 9],
      ['pester', 8],
    ]);
    expect(pester(['\tc := pester.New()', '\tc.MaxRetries = 0'])).toEqual([]);
  });
  it('sees a Python retry decorator over a function that swallows every exception', () => {
    const f = facts({
      'main.py':
        'import requests\nfrom tenacity import retry, wait_exponential\n\n@retry(wait=wait_exponential())\ndef call():\n    try:\n        return requests.get("https://x").json()\n    except Exception:\n        return None\n\nif __name__ == "__main__":\n    call()\n',
    }).retries;
    const h = f.wired[0]!;
    expect(h.match.line).toBe(4);
    expect(f.swallowsEverything(h)).toBe(true);
  });
});

describe('configValidation', () => {
  it('finds an envalid schema validated at start-up', () => {
    const f = node(
      "const { cleanEnv, str } = require('envalid');\nmodule.exports = cleanEnv(process.env, { A: str() });\n",
    ).configValidation;
    expect(f.validated).toEqual({ name: 'envalid', path: 'lib/setup.js', line: 2 });
  });
  it('counts class-validator checking the loaded settings object in the configuration module, not a request body', () => {
    const ts = (path: string) =>
      facts({
        'package.json': '{"dependencies":{"class-validator":"0.14.1","class-transformer":"0.5.1"}}',
        'src/main.ts': "import { load } from './config/load';\nimport './routes/panels';\nload();\n",
        'src/config/raw.ts': 'export const raw = { port: Number(process.env.PORT) };\n',
        [path]: [
          "import { plainToInstance } from 'class-transformer';",
          "import { validate } from 'class-validator';",
          "import { raw } from '../config/raw';",
          'export async function load() {',
          '  const config = plainToInstance(Settings, raw);',
          '  const errors = await validate(config, { whitelist: true });',
          "  if (errors.length) throw new Error('invalid settings');",
          '}',
          '',
        ].join('\n'),
      }).configValidation.validated;
    expect(ts('src/config/load.ts')).toMatchObject({
      name: 'class-validator validation of the loaded configuration',
      path: 'src/config/load.ts',
      line: 6,
    });
    expect(ts('src/routes/panels.ts')).toBeUndefined();
  });
  it('finds nothing in code that only reads the environment', () => {
    expect(node('module.exports = process.env.PORT;\n').configValidation).toEqual({});
  });
  it('does not count a typed settings file whose parse error the statement throws away', () => {
    const rust = (line: string) =>
      facts({
        'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n',
        'src/main.rs': `fn main() {\n    let text = std::fs::read_to_string("svc.toml").unwrap();\n    ${line}\n    drop(config);\n}\n`,
      }).configValidation.validated;
    expect(rust('let config: Config = toml::from_str(&text).unwrap_or_default();')).toBeUndefined();
    expect(rust('let config: Config = toml::from_str(&text).expect("svc.toml does not parse");')).toMatchObject({
      name: 'settings file deserialised into typed settings (serde)',
      line: 3,
    });
  });
  it('counts a Rust validate call of the settings where the service starts or loads them, not in a request handler', () => {
    const rust = (files: Record<string, string>) =>
      facts({
        'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n',
        'src/main.rs': 'mod handlers;\nmod store;\n\nfn main() {\n    handlers::run();\n    store::run();\n}\n',
        'src/handlers.rs': 'pub fn run() {\n    let errors = check::validate_config(ctx, event, diff);\n}\n',
        'src/store.rs': 'pub fn run() {\n    config.validate()?;\n}\n',
        ...files,
      }).configValidation.validated;
    expect(rust({})).toBeUndefined();
    expect(
      rust({
        'src/config.rs': 'fn parse(s: &str) -> Result<Self> {\n    let mut config: Self = toml::from_str(s)?;\n}\n',
      }),
    ).toMatchObject({ path: 'src/config.rs', line: 2 });
    expect(
      rust({ 'src/store.rs': 'pub fn run() {\n    let raw = std::env::var("QUOTA")?;\n    config.validate()?;\n}\n' }),
    ).toMatchObject({
      path: 'src/store.rs',
      line: 3,
    });
  });
  it('counts a Rust env::var(..).unwrap() where the settings are loaded as a presence check, not one in a handler', () => {
    const rust = (path: string, line: string) =>
      facts({
        'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n',
        'src/main.rs':
          'mod settings;\nmod handlers;\n\nfn main() {\n    settings::load();\n    handlers::serve();\n}\n',
        'src/settings.rs': 'pub fn load() {}\n',
        'src/handlers.rs': 'pub fn serve() {}\n',
        [path]: `pub fn run() {\n    ${line}\n}\n`,
      }).configValidation.weak;
    expect(rust('src/settings.rs', 'let url = env::var("BROKER_URL").unwrap();')).toMatchObject({
      name: 'env::var(..).unwrap() where the settings are loaded (presence check at start-up)',
      path: 'src/settings.rs',
      line: 2,
    });
    expect(rust('src/handlers.rs', 'let url = env::var("BROKER_URL").unwrap();')).toBeUndefined();
    expect(rust('src/settings.rs', 'let url = env::var("BROKER_URL").unwrap_or_default();')).toBeUndefined();
  });
});

describe('stubs and mocks', () => {
  it('finds a stub on a live path and counts the files scanned', () => {
    const f = node("module.exports = function pay() {\n  throw new Error('not implemented');\n};\n").stubs;
    expect(f.stubs).toEqual([{ path: 'lib/setup.js', line: 2, note: 'throw "not implemented"' }]);
    expect(f.files).toBe(2);
  });
  it('does not count a stub in a file nothing loads', () => {
    expect(node('module.exports = 1;\n', "throw new Error('not implemented');\n").stubs.stubs).toEqual([]);
  });
  it('reads Rust unimplemented!() arms refusing impossible cases as assertions, todo!() there as a stub', () => {
    const rust = (body: string) =>
      facts({
        'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n',
        'src/main.rs': `fn kind(n: u8) -> &'static str {\n${body}}\n\nfn main() {\n    println!("{}", kind(1));\n}\n`,
      }).stubs.stubs.map((s) => s.line);
    expect(rust('    match n {\n        0 => "zero",\n        _ => unimplemented!(),\n    }\n')).toEqual([]);
    expect(rust('    if n == 0 {\n        "zero"\n    } else {\n        unimplemented!("{n}")\n    }\n')).toEqual([]);
    expect(rust('    if n == 0 { "zero" } else { unimplemented!() }\n')).toEqual([]);
    expect(rust('    let _ = n;\n    unimplemented!("should never happen")\n')).toEqual([]);
    expect(rust('    if n == 0 {\n        "zero"\n    } else {\n        todo!()\n    }\n')).toEqual([5]);
    expect(rust('    let _ = n;\n    unimplemented!()\n')).toEqual([3]);
  });
  it('finds a mock client instantiated in production code', () => {
    const f = node('class MockPaymentClient {}\nmodule.exports = new MockPaymentClient();\n').mocks;
    expect(f.sites.map((s) => [s.path, s.line, s.strong])).toContainEqual(['lib/setup.js', 2, true]);
    expect(f.files).toBe(2);
  });
});

describe('hand-written log output of code the service runs', () => {
  it('cites only the files the service loads when one of them logs by hand', () => {
    const f = node("console.log('ready');\n", "console.log('one-off run');\n");
    expect(at(f.logging.plainOutput())).toEqual([['console.log', 'lib/setup.js', 1, true]]);
  });

  it('keeps the other hits when no loaded file logs by hand (the reach of a file is not always known)', () => {
    const f = node('module.exports = 1;\n', "console.log('one-off run');\n");
    expect(at(f.logging.plainOutput())).toEqual([['console.log', 'lib/unused.js', 1, false]]);
  });
});

describe('Go null objects', () => {
  const goService = (noop: string) =>
    facts({
      'go.mod': 'module example.com/svc\n\ngo 1.22\n',
      'main.go':
        'package main\n\nimport (\n\t"net/http"\n\n\t"example.com/svc/rec"\n)\n\nfunc main() {\n\tr := rec.Off\n\t_ = r\n\thttp.ListenAndServe(":8080", nil)\n}\n',
      'rec/noop.go': noop,
    }).stubs.stubs;

  it('reads a type documented as a dummy implementation whose methods do nothing as complete', () => {
    expect(
      goService(
        'package rec\n\nvar Off = &nopRecorder{}\n\n// nopRecorder is a dummy implementation of Recorder.\ntype nopRecorder struct{}\n\nfunc (n *nopRecorder) Hit(path string) {}\n\nfunc (n nopRecorder) Flush() error {\n\treturn nil\n}\n',
      ),
    ).toEqual([]);
  });

  it('still flags one whose name is no stand-in, or whose methods answer made-up data', () => {
    expect(
      goService(
        'package rec\n\nvar Off = &recorder{}\n\n// recorder is a dummy implementation of Recorder.\ntype recorder struct{}\n\nfunc (n *recorder) Hit(path string) {}\n',
      ).map((s) => s.path),
    ).toEqual(['rec/noop.go']);
    expect(
      goService(
        'package rec\n\nvar Off = &dummyRecorder{}\n\n// dummyRecorder is a dummy implementation of Recorder.\ntype dummyRecorder struct{}\n\nfunc (n *dummyRecorder) Count() int {\n\treturn 42\n}\n',
      ).map((s) => s.path),
    ).toEqual(['rec/noop.go']);
  });
});
