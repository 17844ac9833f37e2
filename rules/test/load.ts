import { defineRule } from '../../src/sdk/index.js';

const SIGNALS: { tool: string; re: RegExp; include: string | string[] }[] = [
  { tool: 'Locust', re: /^\s*(from\s+locust\s+import|import\s+locust\b)/, include: '**/*.py' },
  {
    tool: 'k6',
    re: /^\s*import\b[^\n]*\bfrom\s+['"]k6(\/[\w/-]+)?['"]|^\s*(?:const|let|var)\s[^\n]*=\s*require\(['"]k6(\/[\w/-]+)?['"]\)/,
    include: '**/*.{js,ts,mjs}',
  },
  { tool: 'Artillery', re: /^scenarios\s*:/, include: '**/*.{yml,yaml}' },
  { tool: 'JMeter', re: /<jmeterTestPlan\b|<TestPlan\b/, include: '**/*.jmx' },
  { tool: 'Gatling', re: /extends\s+Simulation\b|import\s+io\.gatling\b/, include: '**/*.{scala,java,kt}' },
  {
    tool: 'Vegeta',
    re: /\bvegeta\s+attack\b|github\.com\/tsenart\/vegeta/,
    include: ['**/*.{sh,go,yml,yaml}', '**/Makefile'],
  },
  {
    tool: 'autocannon',
    re: /^\s*(?:const|let|var)\s[^\n]*=\s*require\(['"]autocannon['"]\)|^\s*import\b[^\n]*\bfrom\s+['"]autocannon['"]|(?:^|["'\s])autocannon\s+-/,
    include: ['**/*.{js,ts,mjs,cjs,sh}', '**/package.json'],
  },
  {
    tool: 'Artillery',
    re: /"artillery\s+run\b|\bartillery\s+run\b/,
    include: ['**/package.json', '**/*.{sh,yml,yaml}', '**/Makefile'],
  },
  {
    tool: 'k6',
    re: /\bk6\s+run\b|grafana\/k6-action|grafana\/run-k6-action/,
    include: ['**/*.{sh,yml,yaml}', '**/Makefile', '**/package.json'],
  },
  {
    // A lookbehind, not a leading \s: the match must start on the command's own line (its evidence line).
    tool: 'wrk/hey/ab',
    re: /(?<![\w./-])(?:wrk\s+-[tcd]|hey\s+-[nzc]|ab\s+-[nc])\b/,
    include: ['**/*.sh', '**/Makefile'],
  },
];

/** Load-testing tools as dependencies (development dependencies count). */
const LOAD_DEPS =
  /^(?:locust|k6|artillery|autocannon|@grafana\/k6|gatling|io\.gatling\.highcharts:gatling-charts-highcharts)$/;

export default defineRule({
  meta: {
    id: 'test.load',
    category: 'testing',
    title: 'Load or performance tests exist',
    severity: 'medium',
    level: 3,
    scope: 'repository',
    requires: ['not-library'],
    docs: {
      why: 'Capacity limits found in production become outages; load tests find the breaking point and performance regressions before users do.',
      how: 'Looks for load-test scripts: Locust (`locustfile.py`, `from locust import`), k6 (`import http from "k6/http"`, `k6 run`), Artillery scenarios, JMeter `.jmx` plans, Gatling simulations, Vegeta, autocannon; ad-hoc wrk/hey/ab commands count with low confidence.',
      fix: [
        'Add a load test for the main endpoints (e.g. `loadtests/locustfile.py` or a k6 script) with a realistic request mix.',
        'Run it against a staging environment before major releases and record the throughput/latency baseline.',
      ],
      effort: 'M',
      links: ['https://k6.io/docs/', 'https://docs.locust.io/'],
    },
    messages: {
      found: 'Load tests exist ({{tools}}).',
      adhoc: 'Only ad-hoc load commands were found ({{tools}}), no load-test scripts.',
      depOnly: '{{dep}} is installed but no load-test script was found.',
      missing: 'No load or performance tests were found.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'load test',
      'load testing',
      'performance test',
      'performance testing',
      'stress test',
      'locust',
      'k6',
      'jmeter',
      'gatling',
      'artillery',
      '!benchmark',
      '!benchmarking',
    ],
  },
  check(ctx) {
    const hits = new Map<string, { path: string; line: number; text: string }>();
    for (const f of ctx.repo.byName(/^locustfile\.py$/))
      if (!hits.has('Locust')) hits.set('Locust', { path: f.path, line: 1, text: 'locustfile.py' });
    for (const s of SIGNALS) {
      if (hits.has(s.tool)) continue;
      const m = ctx.repo.grepFirst(s.re, { include: s.include });
      if (m) hits.set(s.tool, { path: m.path, line: m.line, text: m.text });
    }
    if (hits.has('Artillery')) {
      const a = hits.get('Artillery')!;
      if (a.path.match(/\.ya?ml$/) && !ctx.repo.grepFirst(/^\s*target\s*:/, { paths: [a.path] }))
        hits.delete('Artillery');
    }
    const ev = [...hits].map(([tool, h]) => ctx.at(h.path, h.line, `${tool} load test`));
    const strong = [...hits.keys()].filter((t) => t !== 'wrk/hey/ab');
    if (strong.length) return ctx.pass(ev, { messageId: 'found', data: { tools: strong.join(', ') } });
    if (hits.size)
      return ctx.pass(ev, { messageId: 'adhoc', data: { tools: [...hits.keys()].join(', ') }, confidence: 'low' });
    const dep = ctx.facts.deps.declaredAnyScope(LOAD_DEPS);
    if (dep) {
      return ctx.gap(
        'depOnly',
        [
          ctx.at(dep.manifest, dep.line, `${dep.name} is a dependency`),
          ctx.missing(
            ['locustfile.py', 'k6 scripts', 'artillery.yml', '*.jmx', 'Gatling simulations'],
            'no load-test script uses it',
          ),
        ],
        { data: { dep: dep.name }, confidence: 'low' },
      );
    }
    return ctx.gap('missing', [
      ctx.missing(
        ['locustfile.py', 'k6 scripts', 'artillery.yml', '*.jmx', 'Gatling simulations', 'vegeta', 'autocannon'],
        'no load-test scripts in the repository',
      ),
    ]);
  },
});
