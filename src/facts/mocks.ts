import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { bracketBody } from './code-scan.js';
import type { Facts } from './index.js';

/** Prefix form: MockLLMClient, FakeRedis, DummyMailer, StubPayments, SimulatedGateway (Simulated only with a role: not SimulatedAnnealing). */
const MOCKY =
  '(?:Mock|Fake|Dummy|Stub|Simulated(?=' +
  '(?:Client|Gateway|Service|Provider|Backend|Api|API|LLM|Llm|Sender|Processor|Payment|Response)))';
/** Suffix form: PaymentMock, OpenAIFake (not *Stub: gRPC client stubs are real). */
const MOCK_SUFFIX = '(?:Mock|Fake|Dummy)';
const ROLE =
  '(?:Client|Gateway|Service|Provider|Repository|Repo|Adapter|Backend|Api|API|LLM|Llm|Sender|Mailer|Processor|Store|Storage|Queue|Publisher|Handler|Engine|Model|Server|Connector|Integration|Driver|Generator|Response|Data)';

interface MockPattern {
  re: RegExp;
  label: string;
  /** high: used as behaviour (instantiated, returned, switched on); low: only defined or a heuristic. */
  strength: 'high' | 'low';
  languages?: string[];
}

const PATTERNS: MockPattern[] = [
  // Classes/types that are mock implementations, defined in production code; not a console command or seeder that
  // creates sample records (`class DummyEntities extends Command`), nor a serializer that shapes an API answer
  // (`FakeOrganizationSerializer` writing a relation the models no longer hold).
  {
    re: new RegExp(
      `^\\s*(?:export\\s+)?(?:default\\s+)?(?:public\\s+|final\\s+|data\\s+|open\\s+)*(?:class|struct|object)\\s+(${MOCKY}[A-Z]\\w*|\\w+${MOCK_SUFFIX}${ROLE}?)\\b(?<!Serializer)(?!\\s+extends\\s+[\\w\\\\]*(?:Command|Seeder)\\b)`,
    ),
    label: 'mock implementation class',
    strength: 'low',
  },
  {
    re: new RegExp(`^type\\s+(${MOCKY}[A-Z]\\w*|[a-z]*${MOCKY}\\w*|mock\\w*|fake\\w*)\\s+struct\\b`),
    label: 'mock implementation type',
    strength: 'low',
    languages: ['go'],
  },
  // Mock implementations used as behaviour: instantiated or returned by a factory (also as the fallback of a
  // conditional: `Real() if url else DummyChecker()`, `client || new FakeClient()`).
  {
    re: new RegExp(
      `(?:\\breturn\\s+|\\belse\\s+|\\bor\\s+|\\?\\?\\s*|\\|\\|\\s*|=\\s*|:=\\s*|\\(\\s*|:\\s*|,\\s*|\\[\\s*|=>\\s*)(?:new\\s+|&)?(${MOCKY}[A-Z]\\w*|\\w*${MOCK_SUFFIX}${ROLE})(?<!Serializer)\\s*[({]`,
    ),
    label: 'mock implementation instantiated',
    strength: 'high',
  },
  // Fallbacks that fake the answer.
  {
    re: /\breturn\s+(?:await\s+)?(?:self\.|this\.)?_?(?:mock|fake|dummy|simulated|stub)(?:_\w+|[A-Z]\w*)\b(?!\s*=)/,
    label: 'returns a mock/fake value',
    strength: 'high',
  },
  {
    re: /\breturn\s*(?:jsonify\(|JSONResponse\(|Response\.json\()?\s*\{[^}\n]*["']?(?:mock|fake|simulated|is_mock|isMock|mocked)["']?\s*:\s*(?:true|True)\b/,
    label: 'returns a response flagged as mock',
    strength: 'high',
  },
  {
    re: /(?:\breturn\b|\bres\.json\(|\bres\.send\(|\bjsonify\()\s*[^\n]*["'`][^"'`\n]*\b(?:mock|fake|simulated|dummy)\s+(?:response|data|result|reply|answer|payment|completion|output)\b/i,
    label: 'returns a canned mock response',
    strength: 'high',
  },
  {
    re: /(?:res\.json|res\.send|jsonify|JSONResponse|c\.JSON\([^,\n]+,)\s*\(?\s*(?:mock|fake|dummy)[A-Z_]\w*/,
    label: 'responds with mock data',
    strength: 'high',
  },
  // Simulation on the live path (private helpers too: `_simulate_charge(…)`).
  {
    re: /^\s*(?:export\s+)?(?:async\s+)?(?:def|function|func)\s+(?:\([^)]*\)\s*)?(_*simulate_\w+|_*simulate[A-Z]\w*|Simulate[A-Z]\w*)\s*\(/,
    label: 'simulation function',
    strength: 'low',
  },
  {
    // Not a Rust definition (`fn simulate_fees(`): that is the function, not a call of it.
    re: /(?<![\w.])(?<!\bfn\s+)(?:await\s+)?(?:self\.|this\.)?(_*simulate_\w+|_*simulate[A-Z]\w*)\s*\((?!\s*\)\s*:)/,
    label: 'simulation called',
    strength: 'high',
  },
  // Switches that default to mock behaviour.
  {
    re: /\b(?:USE_MOCKS?|MOCK_MODE|MOCK_\w*ENABLED|ENABLE_MOCKS?|USE_FAKE\w*|FAKE_MODE|SIMULATE\w*|SIMULATION_MODE|useMocks?|mockMode)\b\s*(?::\s*\w+\s*)?[=:]\s*(?:True|true|1|["'](?:true|1|yes)["'])/,
    label: 'mock mode enabled by default',
    strength: 'high',
  },
  {
    re: /(?:getenv|environ\.get|env\.get)\(\s*["'](?:USE_MOCKS?|MOCK_MODE|\w*MOCK\w*|USE_FAKE\w*|SIMULAT\w*)["']\s*,\s*["'](?:true|1|yes|True)["']|process\.env\.(?:USE_MOCKS?|MOCK_MODE|\w*MOCK\w*)\s*(?:\?\?|\|\|)\s*["'`]?(?:true|1)/,
    label: 'mock mode defaults to on',
    strength: 'high',
  },
  // Test doubles imported by production code.
  {
    re: /^\s*(?:from\s+unittest\s+import\s+mock\b|from\s+unittest\.mock\s+import|import\s+unittest\.mock)|\brequire\(\s*["'](?:sinon|jest-mock|nock)["']\)|from\s+["'](?:sinon|jest-mock|nock|@faker-js\/faker)["']|"github\.com\/stretchr\/testify\/mock"|"github\.com\/golang\/mock\/gomock"|"go\.uber\.org\/mock\/gomock"/,
    label: 'test-double library imported by production code',
    strength: 'low',
  },
];

/** TypeScript type-only imports (`import type { Faker } from …`, `import { type SinonStub } from …`) are erased at build. */
const TYPE_ONLY_IMPORT =
  /^\s*(?:import|export)\s+type\b|^\s*import\s*\{\s*type\s+\w+(?:\s+as\s+\w+)?(?:\s*,\s*type\s+\w+(?:\s+as\s+\w+)?)*\s*,?\s*\}\s*from\b/;

/** Legitimate names: timing-attack dummy hashes, dummy data for padding, storybook/msw. */
const LEGIT =
  /dummy[_-]?(?:hash|password|pw|bcrypt|salt)|DUMMY_(?:HASH|PASSWORD)|fake[_-]?(?:timing|hash)|MockMvc|MockHttpServletRequest|mockito/i;
/**
 * A type declared on a base type (`class SignInStubViewModel : StubAuthUserDetails`, the form model of a stub sign-in
 * page; Kotlin's `class X(…) : Base()`): the base list names the stub, nothing is instantiated.
 */
const TYPE_ON_A_BASE =
  /^\s*(?:(?:public|internal|private|protected|sealed|abstract|partial|static|data|open|final)\s+)*(?:class|record|struct|interface)\s+\w+(?:<[^>\n]*>)?(?:\s*\([^)\n]*\))?\s*:/;
/** What a gallery of the app's components is called (a route folder, a template). */
const SHOWCASE = 'components|showcase|storybook|styleguide|style-guide|design-system|ui-kit|kitchen-?sink|gallery';
/**
 * A page of a UI showcase route (`app/(landing)/components/onboarding/page.tsx`, `pages/styleguide/index.tsx`,
 * `routes/design-system/+page.svelte`): a gallery of the app's components fed with sample data on purpose.
 */
const SHOWCASE_PAGE = new RegExp(
  `(?:^|\\/)(?:app|pages|routes)\\/(?:[^/]+\\/)*(?:${SHOWCASE})\\/(?:[^/]+\\/)*(?:page|index|\\+page)\\.(?:[jt]sx?|svelte|vue)$`,
);
/** A server-side view rendering such a gallery's template (`TemplateResponse(request, "components.html", {…})`). */
const SHOWCASE_TEMPLATE = new RegExp(
  `\\b(?:render|render_template|TemplateResponse)\\s*\\([^)]*?["'](?:[\\w-]+\\/)*(?:${SHOWCASE})\\.html["']`,
);
/**
 * The use sits behind a development/test switch: still shipped, but unsure. A setting named for mocks
 * (`if settings.DNS_MOCK_EXTERNAL_APIS:`) is such a switch: the mock runs only where it is turned on.
 */
const DEV_GUARD =
  /\bif\b[^\n]*?\b(?:[A-Z0-9]+_)*MOCKS?(?:_[A-Z0-9]+)*\b|\b(?:DEBUG|TESTING|is_dev\w*|isDev\w*|development|NODE_ENV|settings\.TEST|ENV\s*==\s*["'](?:dev|test|local)|Rails\.env\.(?:development|test)\?|environment\s*==\s*["'](?:dev|test|local))/;

/** A route path for tests' mocks: a `mock` segment and a `test` segment (`/v1/mock/tests/locale`, `/test/mocks/…`). */
const TEST_MOCK_ROUTE = /(?:^|\/)mocks?\/(?:[^/]+\/)*?tests?(?:\/|$)|(?:^|\/)tests?\/(?:[^/]+\/)*?mocks?(?:\/|$)/i;

/** A mock, fake or simulated implementation in a live production file. */
export interface MockSite {
  path: string;
  line: number;
  /** What kind of use it is ('mock class instantiated', 'test-double library imported' …). */
  label: string;
  /** Behind a DEBUG/development/test switch in the lines just above. */
  guarded: boolean;
  /** Used as behaviour (a strong pattern, not behind a switch). */
  strong: boolean;
  /** The mock's name, when the pattern captures one. */
  name?: string;
  /** The line's text. */
  text: string;
}

export interface MockFacts {
  /** One site per line, in scan order. */
  sites: MockSite[];
  /** How many live production files were scanned. */
  files: number;
}

/** Mock, fake, dummy and simulated implementations in the files the service loads (legitimate dummies excepted). */
export function detectMocks(repo: RepoIndex, facts: Facts): MockFacts {
  // Rake tasks are operator commands run by hand (data fixes, audits), like scripts/: not the service's code paths.
  // Database seeders and model factories fill a development or demo database by hand (`php artisan db:seed`,
  // `rails db:seed`): their dummy content is not a code path requests take.
  // A UI showcase page (app/components/…/page.tsx) feeds the components sample data on purpose.
  const files = facts.liveness
    .liveSources()
    .filter((f) => !/\.rake$/.test(f.path) && !SEEDING.test(f.path) && !SHOWCASE_PAGE.test(f.path));
  const sites: MockSite[] = [];
  const seen = new Set<string>();
  for (const { pattern: p, match: m } of facts.code.scan(PATTERNS, files, { strings: false })) {
    const lines = repo.lines(m.path);
    const line = lines[m.line - 1] ?? '';
    if (LEGIT.test(line) || TYPE_ONLY_IMPORT.test(line)) continue;
    if (p.label === 'mock implementation instantiated' && TYPE_ON_A_BASE.test(line)) continue;
    const key = `${m.path}:${m.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const guarded = lines.slice(Math.max(0, m.line - 4), m.line).some((l) => DEV_GUARD.test(l));
    sites.push({
      path: m.path,
      line: m.line,
      label: p.label,
      guarded,
      strong: p.strength === 'high' && !guarded,
      ...(m.groups[1] ? { name: m.groups[1] } : {}),
      text: line,
    });
  }
  // Routes the service serves for tests' mocks (`/v1/mock/tests/general/oauth2`, SDK test fixtures): test support
  // answered by the production server.
  for (const r of facts.service.routes) {
    if (!r.reached || !TEST_MOCK_ROUTE.test(r.fullPath) || repo.get(r.file)?.isTest || seen.has(`${r.file}:${r.line}`))
      continue;
    seen.add(`${r.file}:${r.line}`);
    const lines = repo.lines(r.file);
    const guarded = lines.slice(Math.max(0, r.line - 4), r.line).some((l) => DEV_GUARD.test(l));
    sites.push({
      path: r.file,
      line: r.line,
      label: 'route serving mocks for tests',
      guarded,
      strong: !guarded,
      text: lines[r.line - 1] ?? '',
    });
  }
  const features = mockFeatureFolders(facts);
  const real = sites.filter(
    (x) =>
      !isGoNullObject(repo, x) &&
      !isPyNullObject(repo, files, x) &&
      !isPyRecordArgument(repo, x) &&
      !isPyLocalRecordValue(repo, x) &&
      !inPyShowcaseView(repo, x) &&
      !isRouteHandlerNamedSimulate(repo, x) &&
      !isPreviewSimulation(x) &&
      !features.some((d) => x.path.startsWith(`${d}/`)) &&
      !isSimulationFeature(repo, x) &&
      !(x.name && x.path.endsWith('.cs') && csNullObject(repo, files, x.name, x.path)) &&
      !isJsNullObject(repo, x) &&
      !isJsObjectOfRealValues(repo, x) &&
      !isDomElementStandIn(repo, x) &&
      !isDeclaredDataGenerator(facts, x) &&
      !inPyFakerProvider(repo, x) &&
      !isJsNullClass(repo, files, x) &&
      !isPhpDataShape(repo, files, x) &&
      !isRustEnumVariant(repo, files, x),
  );
  const goTestOnly = goTestSupportFiles(repo, [
    ...new Set(real.filter((x) => x.path.endsWith('.go')).map((x) => x.path)),
  ]);
  return {
    sites: withoutTestSupportFactories(
      repo,
      facts,
      files,
      real.filter((x) => !goTestOnly.has(x.path) && !goDoubleOnlyForTests(repo, x)),
    ),
    files: files.length,
  };
}

/** The bodies of the enums declared in the live Rust files, read once per index. */
const rustEnumBodies = new WeakMap<RepoIndex, string[]>();

/**
 * A Rust name that is a variant of an enum of the project (`enum Target { Latest, Fake, FakeVersion(u32) }`, a migration
 * marked applied without running it): a case of a value, declared or matched (`Target::FakeVersion(v)`), no double.
 */
function isRustEnumVariant(repo: RepoIndex, files: readonly { path: string }[], site: MockSite): boolean {
  if (!site.name || !site.path.endsWith('.rs')) return false;
  let bodies = rustEnumBodies.get(repo);
  if (!bodies) {
    bodies = files
      .filter((f) => f.path.endsWith('.rs'))
      .flatMap((f) => {
        const text = repo.read(f.path) ?? '';
        return [...text.matchAll(/\benum\s+\w+[^{;]*\{/g)].map(
          (m) => bracketBody(text, m.index + m[0].length - 1) ?? '',
        );
      });
    rustEnumBodies.set(repo, bodies);
  }
  const variant = new RegExp(`(?:^|[{,])\\s*${escapeRegExp(site.name)}\\s*(?:[({,]|$)`);
  return bodies.some((b) => variant.test(b));
}

/** A Go name read as a test double's: mock, fake, stub or dummy in it. */
const GO_DOUBLE_NAME = /mock|fake|stub|dummy/i;

/**
 * Go files of test support kept in a production package (`mailer/mockmailer.go`, `signer/mock.go`): Go compiles
 * `_test.go` files only for tests, so doubles their tests share across files or packages must live in ordinary files.
 * A file named for its doubles whose double-named types and functions no other non-test Go file mentions is used by
 * tests only.
 */
function goTestSupportFiles(repo: RepoIndex, paths: string[]): Set<string> {
  const out = new Set<string>();
  if (!paths.length) return out;
  const others = repo.files.filter((f) => f.language === 'go' && !f.isTest && !f.path.endsWith('_test.go'));
  // Mocks a generator wrote (`// Code generated by MockGen. DO NOT EDIT.`, mockery), whatever the file is called: test
  // support unless a file that is neither a test nor such a mock names one of their types. One pass over the other
  // files for all of them (a repository may keep hundreds).
  const generated = new Map<string, string[]>();
  for (const p of paths) {
    const head = (repo.read(p) ?? '').slice(0, 1500);
    if (!/^\/\/\s*Code generated by (?:MockGen|mockery)\b/im.test(head)) continue;
    const names = [...(repo.read(p) ?? '').matchAll(/^type\s+(Mock\w+)/gm)].map((m) => m[1]!);
    if (names.length) generated.set(p, names);
  }
  if (generated.size) {
    const all = new Set([...generated.values()].flat());
    const re = new RegExp(`\\b(?:${[...all].join('|')})\\b`, 'g');
    const used = new Set<string>();
    for (const f of others) {
      if (generated.has(f.path)) continue;
      const text = repo.read(f.path) ?? '';
      if (!text.includes('Mock')) continue;
      for (const m of text.matchAll(re)) used.add(m[0]);
    }
    for (const [p, names] of generated) if (!names.some((n) => used.has(n))) out.add(p);
  }
  for (const p of paths) {
    if (out.has(p)) continue;
    // Only a file named for its doubles: a double beside real code in one file may serve that code.
    if (!GO_DOUBLE_NAME.test(p.slice(p.lastIndexOf('/') + 1))) continue;
    const text = repo.read(p) ?? '';
    const names = [...text.matchAll(/^(?:type\s+(\w+)|func\s+(?:\([^)]*\)\s*)?(\w+)\s*[[(])/gm)]
      .map((m) => (m[1] ?? m[2])!)
      .filter((n) => GO_DOUBLE_NAME.test(n));
    if (!names.length) continue;
    const re = new RegExp(`\\b(?:${[...new Set(names)].join('|')})\\b`);
    if (!others.some((f) => f.path !== p && re.test(repo.read(f.path) ?? ''))) out.add(p);
  }
  return out;
}

/**
 * A Go double kept beside real code in a production file (`type mockWatcher struct` and `newMockWatcher` next to the
 * fsnotify watcher they stand in for): test support when no non-test Go code names the type, or a function returning
 * it, outside their own declarations and bodies. Only its package's `_test.go` files use it.
 */
function goDoubleOnlyForTests(repo: RepoIndex, site: MockSite): boolean {
  if (site.label !== 'mock implementation type' || !site.name || !site.path.endsWith('.go')) return false;
  const own = repo.lines(site.path);
  const type = site.name;
  const names = new Set([type]);
  const returning = new RegExp(`^func\\s+(\\w+)\\s*\\([^)]*\\)\\s*\\(?\\*?${type}\\b`);
  for (const l of own) {
    const m = returning.exec(l);
    if (m) names.add(m[1]!);
  }
  const mention = new RegExp(`\\b(?:${[...names].join('|')})\\b`);
  const header = /^(?:func\s+(?:\(\s*(?:\w+\s+)?\*?(\w+)(?:\[[^\]\n]*\])?\s*\)\s*)?(\w+)|type\s+(\w+))/;
  for (const f of repo.files) {
    if (f.language !== 'go' || f.isTest || f.path.endsWith('_test.go')) continue;
    const text = repo.read(f.path) ?? '';
    if (![...names].some((n) => text.includes(n))) continue;
    // Lines inside a declaration of one of the double's names (its type, methods, constructors) are its own; a
    // declaration ends at the closing brace or parenthesis in column 0.
    let inside = false;
    for (const raw of f.path === site.path ? own : text.split('\n')) {
      const l = raw.replace(/\/\/.*$/, '');
      if (l === '}' || l === ')') {
        inside = false;
        continue;
      }
      const h = header.exec(l);
      if (h) inside = [h[1], h[2], h[3]].some((n) => n !== undefined && names.has(n));
      if (!inside && mention.test(l)) return false;
    }
  }
  return true;
}

/**
 * Folders where mocking is what the product offers: a folder named for mocks (`mock-server/`, `mocks/`, `mocking/`)
 * holding routes the service registers and serves (an API client's mock servers, a mock API product). Its
 * MockServerController and `return mockServerId` are the feature's domain, not a test double on a live path.
 */
function mockFeatureFolders(facts: Facts): string[] {
  const dirs = new Set<string>();
  for (const r of facts.service.routes) {
    if (!r.reached) continue;
    const dir = r.file.slice(0, Math.max(0, r.file.lastIndexOf('/')));
    if (/(?:^|\/)[\w.-]*mock[\w.-]*$/i.test(dir)) dirs.add(dir);
  }
  return [...dirs];
}

/** A method or function signature line, in the languages that return values by name (C#/Java/Kotlin, JS/TS, Python, Go, Rust, PHP, Ruby). */
const SIGNATURE =
  /^\s*(?:(?:public|private|protected|internal|static|async|override|virtual|sealed|export|default|pub(?:\([^)]*\))?|final|suspend)\s+)*(?:(?:def|function|fn|func|fun)\s+(?:\([^)]*\)\s*)?(\w+)|[\w.<>,?[\]\s]+?\s(\w+)\s*(?:<[^>()]*>)?\s*\()/;

/**
 * The simulation is what was asked for: `return simulatedEvents` inside a public `SimulateAsync` / `dry_run` /
 * `preview` method (a rule simulator, a dry run of a job) answers the caller's request to simulate, and fakes no
 * dependency. A `simulated` value returned from any other function (a charge that returns a simulated receipt) still
 * counts, as do private `_simulate_*` helpers.
 */
function isSimulationFeature(repo: RepoIndex, site: MockSite): boolean {
  if (site.label !== 'returns a mock/fake value' || !/\breturn\s+(?:await\s+)?(?:this\.)?simulated/i.test(site.text))
    return false;
  const lines = repo.lines(site.path);
  for (let i = site.line - 2; i >= Math.max(0, site.line - 120); i--) {
    const m = SIGNATURE.exec(lines[i] ?? '');
    if (
      !m ||
      /^\s*(?:return|yield|throw|else|case|await|if|for|foreach|while|switch|using|catch|var|let|const|new)\b/.test(
        lines[i] ?? '',
      )
    )
      continue;
    const name = m[1] ?? m[2] ?? '';
    return !/^_/.test(name) && !/^\s*private\b/.test(lines[i] ?? '') && /^(?:simulate|dry_?run|preview)/i.test(name);
  }
  return false;
}

const SEEDING = /(^|\/)database\/(?:seeders|seeds|factories)\/|(^|\/)db\/seeds?(?:\.rb$|\/)/;

const ROLE_RE = new RegExp(`${ROLE}$`);
/** A Go method's constant answer: nothing, or only nil / a literal / an empty composite literal, comma-separated. */
const GO_CONST = String.raw`(?:nil|"[^"\n]*"|\d+|true|false|[\w.]+\{\s*\}|[\w.]+\(\s*(?:""|0|nil)\s*\))`;
const ZERO_BODY = new RegExp(String.raw`^\s*(?:return\s+${GO_CONST}(?:\s*,\s*${GO_CONST})*\s*)?$`);

/**
 * A Go null object: a type named only as a double (`Dummy`, `Noop`, a `DummyWidget` — no dependency role such as
 * Client, Mailer, Store) whose every method does nothing or answers a constant (its name, nil, an empty value). It
 * stands in for "none" (the fallback a factory returns for an unknown kind) and fakes no dependency's answers.
 */
function isGoNullObject(repo: RepoIndex, site: MockSite): boolean {
  if (site.label !== 'mock implementation type' || !site.name || !site.path.endsWith('.go')) return false;
  // The double's word first (`NoopMailer`) or last (`metricsNoop`); what is left must name no dependency role.
  const prefixed = site.name.replace(/^(?:Mock|Fake|Dummy|Stub|Noop|Nop|Null)/, '');
  const rest = prefixed !== site.name ? prefixed : site.name.replace(/(?:Mock|Fake|Dummy|Stub|Noop|Nop|Null)$/, '');
  if (rest === site.name || (rest && ROLE_RE.test(rest[0]!.toUpperCase() + rest.slice(1)))) return false;
  const text = repo.read(site.path) ?? '';
  const header = new RegExp(`^func\\s*\\(\\s*\\w*\\s*\\*?${site.name}\\s*\\)[^{\\n]*\\{`, 'gm');
  let methods = 0;
  for (const m of text.matchAll(header)) {
    const open = m.index + m[0].length;
    let depth = 1;
    let i = open;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}') depth--;
    }
    if (!ZERO_BODY.test(text.slice(open, i - 1))) return false;
    methods++;
  }
  // An empty struct with no method (`type Stub struct{}`, a body type named in API doc annotations) implements
  // nothing and so stands in for no dependency.
  if (methods > 0) return true;
  if (!new RegExp(`^type\\s+${site.name}\\s+struct\\s*\\{\\s*\\}`, 'm').test(text)) return false;
  const dir = path.posix.dirname(site.path);
  const method = new RegExp(`^func\\s*\\(\\s*\\w*\\s*\\*?${site.name}\\s*\\)`, 'm');
  return !repo.files.some(
    (f) => f.path.endsWith('.go') && path.posix.dirname(f.path) === dir && method.test(repo.read(f.path) ?? ''),
  );
}

/** A line of a Python null object's body: pass, a bare return or an empty answer, a signature, a decorator. */
const PY_NULL_LINE =
  /^\s*(?:pass|\.\.\.|return(?:\s+(?:None|""|''|\[\]|\{\}|\(\)|self))?|(?:async\s+)?def\s+\w+\s*\([^)]*(?:\)\s*(?:->[^:]*)?:\s*(?:pass|\.\.\.|return(?:\s+None)?)?)?|[\w*][\w\s*,=:.[\]|"'-]*,|[^(]*\)\s*(?:->[^:]*)?:|@[\w.]+(?:\([^)]*\))?|\w+\s*(?::\s*[\w.[\], ]+)?=\s*(?:None|""|''))?\s*(?:#.*)?$/;

/**
 * A Python null object: a class named only as a double (`DummyDisplay`, `NullForm`: no dependency role such as Client,
 * Mailer, Store) whose body does nothing (`pass`, a docstring, methods that pass or answer None or an empty value; never True or a number, which would
 * fake an answer). It stands in
 * for "switched off" (no progress display, a form a validator needs no data from) and fakes no dependency's answers.
 */
function isPyNullObject(repo: RepoIndex, files: readonly { path: string }[], site: MockSite): boolean {
  if (!site.name || !site.path.endsWith('.py')) return false;
  // Only names of a stand-in for "nothing": a Fake/Mock/Stub of anything imitates it.
  const rest = site.name.replace(/^(?:Dummy|Noop|Nop|Null)/, '');
  if (rest === site.name || (rest && ROLE_RE.test(rest))) return false;
  const def = new RegExp(`^([ \\t]*)class\\s+${site.name}\\b[^:\\n]*:(.*)$`, 'm');
  const home = [site.path, ...files.map((f) => f.path).filter((p) => p !== site.path && p.endsWith('.py'))].find((p) =>
    def.test(repo.read(p) ?? ''),
  );
  if (!home) return false;
  const text = repo.read(home)!;
  const m = def.exec(text)!;
  const inline = m[2]!.replace(/#.*$/, '').trim();
  if (inline) return /^(?:pass|\.\.\.)$/.test(inline);
  const indent = m[1]!.length;
  const body: string[] = [];
  for (const line of text.slice(m.index + m[0].length + 1).split('\n')) {
    if (!line.trim()) continue;
    if (line.length - line.trimStart().length <= indent) break;
    body.push(line);
  }
  // Docstrings out, then every line must do nothing.
  const code = body
    .join('\n')
    .replace(/("""|''')[\s\S]*?\1/g, '')
    .split('\n')
    .filter((l) => l.trim());
  return code.every((l) => PY_NULL_LINE.test(l));
}

/**
 * An exported simulation in a file named for previews or simulation (`preview.go` with `SimulatePipelinesProcessing`,
 * `spanmappersimulator.go`): the package offers "show me what this configuration would do" to its callers, a product
 * feature run on the user's input, not a fake standing in for a dependency. Private helpers (`simulateCharge`) and
 * simulations elsewhere still count.
 */
function isPreviewSimulation(site: MockSite): boolean {
  if (site.label !== 'simulation function' || !site.path.endsWith('.go')) return false;
  if (!/\bfunc\s+(?:\([^)]*\)\s*)?Simulate[A-Z]/.test(site.text)) return false;
  return /(?:preview|simulat|dry_?run|sandbox|playground)\w*\.go$/i.test(site.path.split('/').pop()!);
}

/** A route decorator (Flask/FastAPI/Django Ninja and blueprint or router variants). */
const ROUTE_DECORATOR = /^\s*@\w+(?:\.\w+)*\.(?:route|get|post|put|patch|delete|api_route|websocket)\s*\(/;

/**
 * A route handler named for what it lets users do (`@bp.route("/ajax/simulatemerge") def simulate_merge_list_book()`
 * answers a preview of a merge from the real records): the endpoint is a dry-run feature of the product, not a
 * simulation standing in for a dependency on the live path.
 */
function isRouteHandlerNamedSimulate(repo: RepoIndex, site: MockSite): boolean {
  if (site.label !== 'simulation function') return false;
  const lines = repo.lines(site.path);
  for (let k = site.line - 2; k >= 0 && /^\s*@/.test(lines[k] ?? ''); k--)
    if (ROUTE_DECORATOR.test(lines[k]!)) return true;
  return false;
}

/**
 * A Python record type (`MockResponse = namedtuple("MockResponse", [...])`, `class X(NamedTuple)`) built in its own
 * module and handed to a function there (`record_metrics(MockResponse(500, "?", -1))` when a request failed before it
 * had a response): a value with the shape the function reads, with no behaviour that could fake a dependency. One
 * returned (`return MockResponse(200, …)` from a client) still fakes an answer.
 */
function isPyRecordArgument(repo: RepoIndex, site: MockSite): boolean {
  if (!site.name || !site.path.endsWith('.py') || site.label !== 'mock implementation instantiated') return false;
  const n = site.name;
  if (new RegExp(`\\breturn\\s+${n}\\s*\\(|=\\s*${n}\\s*\\(`).test(site.text)) return false;
  if (!new RegExp(`\\w\\s*\\(\\s*(?:[^()\\n]*,\\s*)?${n}\\s*\\(`).test(site.text)) return false;
  const text = repo.read(site.path) ?? '';
  return new RegExp(
    `^\\s*${n}\\s*=\\s*(?:collections\\.|typing\\.)?(?:namedtuple|NamedTuple)\\s*\\(|^\\s*class\\s+${n}\\s*\\(\\s*(?:typing\\.)?NamedTuple\\s*\\)`,
    'm',
  ).test(text);
}

/**
 * A record type declared inside the function that fills it (`FakeShelf = namedtuple("Shelf", (…))` then
 * `shelf = FakeShelf("all", "All books", user, books)`: a constructed "all books" shelf for the page), named for a
 * domain value rather than a dependency (no Client/Service/Repository role): a view's value with no behaviour, not a
 * fake of something the service calls. Returned from the function it still stands in for an answer.
 */
function isPyLocalRecordValue(repo: RepoIndex, site: MockSite): boolean {
  if (!site.name || !site.path.endsWith('.py') || site.label !== 'mock implementation instantiated') return false;
  const n = site.name;
  if (ROLE_RE.test(n.replace(/^(?:Mock|Fake|Dummy|Stub)/, '')) || ROLE_RE.test(n)) return false;
  if (!new RegExp(`^\\s*[\\w.]+\\s*=\\s*${n}\\s*\\(`).test(site.text)) return false;
  const lines = repo.lines(site.path);
  const def = new RegExp(`^([ \\t]+)${n}\\s*=\\s*(?:collections\\.|typing\\.)?(?:namedtuple|NamedTuple)\\s*\\(`);
  for (let k = site.line - 2; k >= 0; k--) {
    const l = lines[k] ?? '';
    if (def.test(l)) return true;
    // Left the function: the record type is not its own.
    if (/^\S/.test(l) || /^\s*(?:async\s+)?def\s/.test(l)) return false;
  }
  return false;
}

/**
 * Inside a Python view that renders the components gallery's template (`async def components(request)` building
 * `MockDocketEntry(…)` rows for `TemplateResponse(request, "components.html", …)`): sample data the page shows.
 */
function inPyShowcaseView(repo: RepoIndex, site: MockSite): boolean {
  if (!site.path.endsWith('.py')) return false;
  const lines = repo.lines(site.path);
  let start = site.line - 1;
  while (start >= 0 && !/^(?:async\s+)?def\s/.test(lines[start] ?? '')) start--;
  if (start < 0) return false;
  let end = start + 1;
  while (end < lines.length && !/^[^\s#)\]}]/.test(lines[end] ?? '')) end++;
  return SHOWCASE_TEMPLATE.test(lines.slice(start, end).join('\n'));
}

/**
 * A member of a C# null object: an auto-property (with an initializer: the real value the host would give), a method
 * or accessor with an empty body or answering default/null/a completed task, attributes, braces, comments.
 */
const CS_NULL_LINE =
  /^\s*(?:\[[^\]]*\]\s*)*(?:(?:public|internal|private|protected|static|override|virtual|readonly|sealed|async|new)\s+)*(?:(?:[\w.]+(?:<[^>]*>)?\??(?:\[\])?\s+)?[\w.]+\s*(?:\{\s*(?:(?:get|set|init)\s*;\s*)+\}\s*(?:=\s*[^;{}]+;)?|(?:<[^>]*>)?\([^)]*\)\s*(?:\{\s*\}|=>\s*(?:default(?:\([^)]*\))?|null|Task\.CompletedTask|ValueTask\.CompletedTask|string\.Empty|""|\{\s*\})\s*;)?)|[{}]|\/\/.*)?\s*$/;

/**
 * A C# null object: a class named as a stand-in (`StubHostEnvironment`, `NullCacheService`, `NoopTelemetry` — no
 * dependency role such as Client, Gateway, Repository) whose body only holds auto-properties and members that do
 * nothing: a minimal adapter handing start-up code what the host would (an IHostEnvironment with the content root),
 * not a fake of a dependency's answers. Declared in `path` or another live C# file.
 */
export function csNullObject(repo: RepoIndex, files: readonly { path: string }[], name: string, path: string): boolean {
  const rest = name.replace(/^(?:Dummy|Noop|Nop|Null|Stub|Empty)/, '');
  if (rest === name || !rest || ROLE_RE.test(rest)) return false;
  const def = new RegExp(
    `^[ \\t]*(?:(?:public|internal|private|sealed|partial|file)\\s+)*class\\s+${name}\\b[^{;\\n]*`,
    'm',
  );
  const home = [path, ...files.map((f) => f.path).filter((p) => p !== path && p.endsWith('.cs'))].find((p) =>
    def.test(repo.read(p) ?? ''),
  );
  if (!home) return false;
  const text = repo.read(home)!;
  const m = def.exec(text)!;
  const open = text.indexOf('{', m.index + m[0].length);
  if (open < 0) return false;
  // A null object is short: a class body past the scan's reach (or unbalanced) is not one.
  const inner = bracketBody(text, open);
  if (inner === undefined) return false;
  const body = inner.split('\n');
  // An empty class on no base (`class DummyType { }`, a marker type a converter is keyed on) implements nothing.
  if (!body.some((l) => l.trim())) return !m[0].includes(':');
  return body.every((l) => CS_NULL_LINE.test(l));
}

/**
 * A line of a JavaScript/TypeScript null object's body: a member that does nothing (`reset: () => {}`, `identify() {}`,
 * `flush: noop`), the opening of one whose body only logs, a development guard, a log call, a bare return, a closer.
 */
const JS_NULL_LINE =
  /^(?:[\w$]+ ?: ?(?:async )?(?:\([^)]*\)|[\w$]+) ?=> ?(?:\{ ?\}?|undefined|null|void 0) ?,?|(?:async )?[\w$]+ ?\([^)]*\) ?(?::[\w<>| ]+)?\{ ?\}? ?,?|[\w$]+ ?: ?noop ?,?|if ?\([^)]*\) ?\{?|(?:console|logger|log)\.\w+\(.*\);?|return ?;?|\} ?\)? ?[,;]?|\/\/.*|\/?\*.*)$/;

/**
 * A JavaScript/TypeScript null object returned when an optional integration is switched off: `return
 * dummyTrackingServices` where `const dummyTrackingServices = { capture: () => {}, reset: () => {} }` (its members do
 * nothing, or only log in development). Named only as a stand-in for "nothing" (Dummy/Noop/Null, no dependency role
 * such as Client, Mailer, Store), it answers nothing a caller could take for a real result.
 */
function isJsNullObject(repo: RepoIndex, site: MockSite): boolean {
  if (site.label !== 'returns a mock/fake value' || !/\.[cm]?[jt]sx?$/.test(site.path)) return false;
  const name = /\breturn\s+(?:await\s+)?(?:this\.)?([\w$]+)/.exec(site.text)?.[1];
  if (!name) return false;
  const rest = name.replace(/^(?:dummy|noop|nop|null|Dummy|Noop|Nop|Null)(?=[A-Z_])/, '');
  if (rest === name || ROLE_RE.test(rest)) return false;
  const body = objectLiteralLines(repo, site.path, name, true);
  return !!body?.length && body.every((l) => JS_NULL_LINE.test(l));
}

/**
 * The lines of the object literal a JavaScript/TypeScript file assigns to a variable (`const name = { … }`, also
 * `export const` when `exported`), trimmed, with runs of spaces as one (patterns over them then need no nested space
 * runs), blank lines left out; undefined when the file has no such literal.
 */
function objectLiteralLines(repo: RepoIndex, path: string, name: string, exported: boolean): string[] | undefined {
  const text = repo.read(path) ?? '';
  const def = new RegExp(
    `^[ \\t]*${exported ? '(?:export\\s+)?' : ''}(?:const|let|var)\\s+${name.replace(/\$/g, '\\$')}\\b[^=\\n]*=\\s*\\{`,
    'm',
  ).exec(text);
  if (!def) return undefined;
  const inner = bracketBody(text, def.index + def[0].length - 1);
  return inner
    ?.split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/** An object-literal member whose value is a literal (a string, number, boolean, null, an empty array or object). */
const LITERAL_MEMBER = /^[\w$]+ ?: ?(?:"[^"]*"|'[^']*'|`[^`$]*`|-?\d[\d.]*|true|false|null|undefined|\[\]|\{\}) ?,?$/;
/** A member whose value is read from elsewhere: `id: user.id`, `role: member?.role || "member"`, `name` shorthand. */
const REFERENCE_MEMBER =
  /^(?:[\w$]+ ?: ?(?:await )?[\w$]+(?:\??\.[\w$]+|\([^)]*\))*(?: ?(?:\|\||\?\?) ?.+)?|[\w$]+) ?,?$/;

/**
 * A JavaScript/TypeScript object named as a mock but assembled from real values (`const mockSession = { user: { id:
 * userFromDb.id, email: userFromDb.email … } }` built from an API key's database record to stand in for a login
 * session): every member reads a value the code looked up, none is a canned literal. It adapts real data to another
 * shape and fakes nothing.
 */
function isJsObjectOfRealValues(repo: RepoIndex, site: MockSite): boolean {
  if (site.label !== 'returns a mock/fake value' || !/\.[cm]?[jt]sx?$/.test(site.path)) return false;
  const name = /\breturn\s+(?:await\s+)?([\w$]+)\s*;?\s*$/.exec(site.text)?.[1];
  if (!name) return false;
  const lines = objectLiteralLines(repo, site.path, name, false);
  if (!lines) return false;
  const members = lines
    .map((l) => l.replace(/\/\/.*$/, '').trim())
    .filter((l) => l && !/^[\w$]+ ?: ?\{$|^\} ?,?$/.test(l));
  const references = members.filter((l) => REFERENCE_MEMBER.test(l) && !LITERAL_MEMBER.test(l));
  return references.length >= 2 && !members.some((l) => LITERAL_MEMBER.test(l));
}

/**
 * A page element the browser code makes to stand in for another on screen (`const fakeInput =
 * document.createElement("input")`, focused to raise a phone's keyboard, then returned to be removed): a user-interface
 * device, not a double of anything the code depends on.
 */
function isDomElementStandIn(repo: RepoIndex, site: MockSite): boolean {
  if (site.label !== 'returns a mock/fake value' || !/\.[cm]?[jt]sx?$/.test(site.path)) return false;
  const name = /\breturn\s+([\w$]+)\s*;?\s*$/.exec(site.text)?.[1];
  return (
    !!name &&
    new RegExp(`\\b(?:const|let|var)\\s+${escapeRegExp(name)}\\s*=\\s*document\\.createElement\\s*\\(`).test(
      repo.read(site.path) ?? '',
    )
  );
}

/**
 * A method of a Faker provider (`class UdataProvider(BaseProvider)` in a module importing faker, `def tag(self):
 * fake_tag = self.generator.word(); … return fake_tag`): it makes up sample data for factories and demo content on
 * purpose, it is no double standing in for a dependency the service calls.
 */
function inPyFakerProvider(repo: RepoIndex, site: MockSite): boolean {
  if (!site.path.endsWith('.py')) return false;
  const text = repo.read(site.path) ?? '';
  if (!/^[ \t]*(?:from[ \t]+faker(?:\.[\w.]+)?[ \t]+import|import[ \t]+faker)\b/m.test(text)) return false;
  const lines = repo.lines(site.path);
  for (let i = site.line - 1; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (!/^\S/.test(l) || /^[@#)]/.test(l)) continue;
    return /^class[ \t]+\w+[ \t]*\([^)]*Provider\b/.test(l);
  }
  return false;
}

/** Fake-data generators (not test doubles): a service may use them on purpose, to name things at random. */
const DATA_GENERATOR_IMPORT = /["']@faker-js\/faker["']/;

/**
 * A fake-data generator the file's own package declares as a runtime dependency (`@faker-js/faker` under
 * `dependencies`, not `devDependencies`): the service uses it on purpose (random project or user names), it is no test
 * double left in production code.
 */
function isDeclaredDataGenerator(facts: Facts, site: MockSite): boolean {
  if (site.label !== 'test-double library imported by production code' || !DATA_GENERATOR_IMPORT.test(site.text))
    return false;
  const owner = facts.manifests.manifests
    .filter((m) => m.type === 'package.json')
    .filter((m) => {
      const d = m.path.slice(0, Math.max(0, m.path.lastIndexOf('/')));
      return d === '' || site.path.startsWith(`${d}/`);
    })
    .sort((a, b) => b.path.length - a.path.length)[0];
  return !!owner?.dependencies.some((d) => d.name === '@faker-js/faker' && !d.dev);
}

/**
 * A line of a JavaScript/TypeScript null class: a method that does nothing, refuses (`this.fail()`, Passport's "not
 * signed in"), throws, or returns nothing; decorators, comments and closers.
 */
const JS_NULL_CLASS_LINE =
  /^(?:@[\w.]+(?:\(.*\))?|(?:(?:public|private|protected|static|async|override)\s+)*[\w$]+\s*\([^)]*\)\s*(?::\s*[\w<>|\s]+)?\{\s*\}?|this\.(?:fail|error)\s*\(.*\);?|throw\s+new\s+\w+\(.*\);?|return\s*(?:null|undefined|false|\[\]|\{\})?\s*;?|super\(.*\);?|\}|\/\/.*|\/?\*.*|)$/;

/**
 * A JavaScript/TypeScript null class instantiated when an optional integration is not configured: `catch { return new
 * DummyStrategy() }` where `class DummyStrategy extends PassportStrategy(Strategy, 'dummy') { authenticate() {
 * this.fail(); } }`. Its methods refuse or do nothing: the feature is switched off, no dependency is faked.
 */
function isJsNullClass(repo: RepoIndex, files: readonly { path: string }[], site: MockSite): boolean {
  if (
    !/^mock implementation (?:instantiated|class)$/.test(site.label) ||
    !site.name ||
    !/\.[cm]?[jt]sx?$/.test(site.path)
  )
    return false;
  const rest = site.name.replace(/^(?:Dummy|Noop|Nop|Null|Disabled)(?=[A-Z])/, '');
  if (rest === site.name || ROLE_RE.test(rest)) return false;
  const def = new RegExp(`^[ \\t]*(?:export\\s+)?(?:default\\s+)?class\\s+${site.name}\\b[^{\\n]*\\{`, 'm');
  const home = [
    site.path,
    ...files.map((f) => f.path).filter((p) => p !== site.path && /\.[cm]?[jt]sx?$/.test(p)),
  ].find((p) => def.test(repo.read(p) ?? ''));
  if (!home) return false;
  const text = repo.read(home)!;
  const m = def.exec(text)!;
  const inner = bracketBody(text, m.index + m[0].length - 1);
  if (inner === undefined) return false;
  const body = inner
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return body.length > 0 && body.every((l) => JS_NULL_CLASS_LINE.test(l));
}

/** A PHP class defined as a validator or a data model: `class MockNumber extends Validator`, `… extends Model`. */
const PHP_DATA_SHAPE_PARENT = /^(?:\w*Validator|\w*Model|Entity|Document)$/;

/**
 * A PHP class named for mocks that only describes data the product keeps (Appwrite's MockNumber: a test phone number
 * with its fixed code, a validator and a response model of that setting): it stands in for no collaborator.
 */
function isPhpDataShape(repo: RepoIndex, files: readonly { path: string }[], site: MockSite): boolean {
  if (!site.name || !site.path.endsWith('.php') || !/^mock implementation (?:instantiated|class)$/.test(site.label))
    return false;
  const def = new RegExp(
    `^[ \\t]*(?:(?:abstract|final|readonly)\\s+)*class\\s+${escapeRegExp(site.name)}\\s+extends\\s+\\\\?(?:[\\w\\\\]*\\\\)?(\\w+)`,
    'm',
  );
  const parents = files
    .filter((f) => f.path.endsWith(`/${site.name}.php`) || f.path === site.path)
    .map((f) => def.exec(repo.read(f.path) ?? '')?.[1])
    .filter((p): p is string => p !== undefined);
  return parents.length > 0 && parents.every((p) => PHP_DATA_SHAPE_PARENT.test(p));
}

/** A factory named for the double it builds: createFakeStore, buildMockClient, make_stub_gateway, storeForTests. */
const DOUBLE_FACTORY =
  /^(?:(?:create|build|make|new|get|provide|setup|setUp)_?)?(?:[Ff]ake|[Mm]ock|[Ss]tub|[Dd]ummy|[Ii]n_?[Mm]emory)(?:[A-Z_]|$)|(?:For|_for_)[Tt]ests?$/;

/**
 * Test-support factories shipped beside the real ones (`createFakeAccessReadModel` next to `createAccessReadModel`,
 * for the project's tests and its library users' tests): a double built inside a factory named for doubles is not on
 * a production path unless code that is not itself such a factory calls the factory. A double class only such
 * factories build goes with them.
 */
function withoutTestSupportFactories(
  repo: RepoIndex,
  facts: Facts,
  files: readonly { path: string }[],
  sites: MockSite[],
): MockSite[] {
  const calledFromProduction = new Map<string, boolean>();
  const productionCaller = (name: string): boolean => {
    const known = calledFromProduction.get(name);
    if (known !== undefined) return known;
    const call = new RegExp(`\\b${name}\\s*\\(`);
    const definition = new RegExp(
      `\\b(?:function|def|func|fun|const|let|var)\\s+${name}\\b|^\\s*(?:export\\s+)?(?:async\\s+)?${name}\\s*\\(`,
    );
    let found = false;
    for (const f of files) {
      const text = repo.read(f.path);
      if (!text?.includes(name)) continue;
      const lines = text.split('\n');
      for (let i = 0; i < lines.length && !found; i++) {
        const l = lines[i]!;
        if (!call.test(l) || definition.test(l)) continue;
        const enc = facts.code.enclosing(f.path, i + 1);
        if (!enc || !DOUBLE_FACTORY.test(enc.name)) found = true;
      }
      if (found) break;
    }
    calledFromProduction.set(name, found);
    return found;
  };
  const dropped = new Set<MockSite>();
  for (const x of sites) {
    if (!x.strong && !/instantiated/.test(x.label)) continue;
    const enc = facts.code.enclosing(x.path, x.line);
    if (enc && DOUBLE_FACTORY.test(enc.name) && !productionCaller(enc.name)) dropped.add(x);
  }
  if (!dropped.size) return sites;
  const kept = sites.filter((x) => !dropped.has(x));
  const droppedNames = new Set([...dropped].map((x) => x.name).filter((n): n is string => !!n));
  return kept.filter(
    (x) =>
      !(
        /class|type/.test(x.label) &&
        x.name &&
        droppedNames.has(x.name) &&
        !kept.some((y) => y !== x && y.strong && y.text.includes(x.name!))
      ),
  );
}
