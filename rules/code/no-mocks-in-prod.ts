import { defineRule } from '../../src/sdk/index.js';
import type { Evidence } from '../../src/sdk/types.js';

const MAX_EVIDENCE = 10;
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
  // Classes/types that are mock implementations, defined in production code.
  {
    re: new RegExp(
      `^\\s*(?:export\\s+)?(?:default\\s+)?(?:public\\s+|final\\s+|data\\s+|open\\s+)*(?:class|struct|object)\\s+(${MOCKY}[A-Z]\\w*|\\w+${MOCK_SUFFIX}${ROLE}?)\\b`,
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
  // Mock implementations used as behaviour: instantiated or returned by a factory.
  {
    re: new RegExp(
      `(?:\\breturn\\s+|=\\s*|:=\\s*|\\(\\s*|:\\s*|,\\s*|\\[\\s*|=>\\s*)(?:new\\s+|&)?(${MOCKY}[A-Z]\\w*|\\w*${MOCK_SUFFIX}${ROLE})\\s*[({]`,
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
  // Simulation on the live path.
  {
    re: /^\s*(?:export\s+)?(?:async\s+)?(?:def|function|func)\s+(?:\([^)]*\)\s*)?(simulate_\w+|simulate[A-Z]\w*|Simulate[A-Z]\w*)\s*\(/,
    label: 'simulation function',
    strength: 'low',
  },
  {
    re: /(?<![\w.])(?:await\s+)?(?:self\.|this\.)?(simulate_\w+|simulate[A-Z]\w*)\s*\((?!\s*\)\s*:)/,
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
/** The use sits behind a development/test switch: still shipped, but unsure. */
const DEV_GUARD =
  /\b(?:DEBUG|TESTING|is_dev\w*|isDev\w*|development|NODE_ENV|settings\.TEST|ENV\s*==\s*["'](?:dev|test|local)|Rails\.env\.(?:development|test)\?|environment\s*==\s*["'](?:dev|test|local))/;

export default defineRule({
  meta: {
    id: 'code.no-mocks-in-prod',
    category: 'code',
    title: 'Production code paths do not ship mock or fake implementations',
    severity: 'high',
    level: 2,
    scope: 'component',
    docs: {
      why: 'A mock client, a fake payment gateway or a "return a canned answer when the API key is missing" fallback turns a configuration mistake into silently wrong behaviour in production: orders look paid, the LLM looks like it answered.',
      how:
        'Scans production source files reached from the service entrypoints (tests, conftest, testing/testutils modules, mocks/ and __mocks__/ folders, stories, examples and scripts excluded) for mock/fake/dummy/simulated implementations used as behaviour: such classes instantiated or returned by a factory, fallbacks returning fake values or responses flagged {"mock": true}, canned "mock response" strings, simulate_* functions called, USE_MOCK/MOCK_MODE switches that default to on, and test-double libraries (unittest.mock, sinon, gomock) imported by production code. ' +
        'A mock class that is only defined (never instantiated on a live path) is reported with low confidence; so is a use behind a DEBUG/development switch. Timing-attack dummy hashes (DUMMY_HASH used to equalise login timing), MockMvc and testing utilities shipped for users are not findings.',
      fix: [
        'Delete the mock implementation from production code, or move it under tests/ (or a testing module) and inject it only from tests.',
        'Fail fast at start-up when a required credential or endpoint is missing instead of falling back to fake responses.',
        'If a demo mode is a product feature, make it explicit, off by default, and visible in responses and logs.',
      ],
      effort: 'M',
    },
    messages: {
      found: '{{count}} mock/fake implementation(s) on production code paths: {{kinds}}{{more}}.',
      definedOnly:
        'Mock/fake implementations are defined in production code ({{kinds}}) but not seen in use on a live path{{more}}.',
      clean: 'No mock, fake or simulated implementations in {{files}} live production files.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['real implementations', 'mock-free', 'mocks removed from production'],
  },
  check(ctx) {
    const files = ctx.facts.liveness.liveSources();
    const found: {
      ev: Evidence;
      label: string;
      strong: boolean;
      path: string;
      line: number;
      name?: string;
      text: string;
    }[] = [];
    const seen = new Set<string>();
    for (const { pattern: p, match: m } of ctx.facts.code.scan(PATTERNS, files, { strings: false })) {
      const lines = ctx.repo.lines(m.path);
      const line = lines[m.line - 1] ?? '';
      if (LEGIT.test(line) || TYPE_ONLY_IMPORT.test(line)) continue;
      const key = `${m.path}:${m.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const guarded = lines.slice(Math.max(0, m.line - 4), m.line).some((l) => DEV_GUARD.test(l));
      const strong = p.strength === 'high' && !guarded;
      found.push({
        ev: ctx.at(m.path, m.line, `${p.label}${guarded ? ' (behind a development/test switch)' : ''}`),
        label: p.label,
        strong,
        path: m.path,
        line: m.line,
        name: m.groups[1] || undefined,
        text: line,
      });
    }
    if (!found.length) {
      return ctx.pass(
        [
          ctx.missing(
            [
              'Mock*/Fake*/Dummy* classes in use',
              'fake fallbacks',
              'simulate_*',
              'USE_MOCK defaults',
              'unittest.mock/sinon/gomock in production code',
            ],
            `none in ${files.length} live production files`,
          ),
        ],
        { messageId: 'clean', data: { files: files.length } },
      );
    }
    // A defined mock class is "in use" when a strong hit (an instantiation, a factory return) names it.
    for (const x of found) {
      if (x.strong || !x.name || !/class|type/.test(x.label)) continue;
      const user = found.find((y) => y.strong && y.text.includes(x.name!));
      x.ev.note += user
        ? ` (${x.name}, used at ${user.path}:${user.line})`
        : ` (${x.name}; use not seen on a live path)`;
    }
    found.sort(
      (a, b) => Number(b.strong) - Number(a.strong) || (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1),
    );
    const strong = found.filter((x) => x.strong);
    const kinds = [...new Set(found.map((x) => x.label))].join(', ');
    const more = found.length > MAX_EVIDENCE ? ` (${found.length - MAX_EVIDENCE} more not shown)` : '';
    const evidence = found.slice(0, MAX_EVIDENCE).map((x) => x.ev);
    return ctx.gap(strong.length ? 'found' : 'definedOnly', evidence, {
      data: { count: found.length, kinds, more },
      size: { count: found.length, unit: 'mock site', files: new Set(found.map((x) => x.path)).size },
      confidence: strong.length ? 'high' : 'low',
    });
  },
});
