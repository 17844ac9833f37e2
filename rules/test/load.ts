import { defineRule } from '../../src/sdk/index.js';

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
      how: 'Looks for load-test scripts: Locust (`locustfile.py`, `from locust import`), k6 (`import http from "k6/http"`, `k6 run`), Artillery scenarios, JMeter `.jmx` plans, Gatling simulations, Vegeta, autocannon; ad-hoc wrk/hey/ab commands count with low confidence, and so does a tool of the project\'s own whose README calls it a load generator (tools/<name>/README.md beside its go.mod, package.json, …).',
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
    const { hits } = ctx.facts.loadTests;
    const ev = hits.map((h) => ctx.at(h.path, h.line, `${h.tool} load test`));
    const strong = hits.filter((h) => !h.adhoc).map((h) => h.tool);
    // A generator of the project's own, known by its README's description: low.
    if (strong.length)
      return ctx.pass(ev, {
        messageId: 'found',
        data: { tools: strong.join(', ') },
        ...(hits.every((h) => h.adhoc || h.described) ? { confidence: 'low' as const } : {}),
      });
    if (hits.length)
      return ctx.pass(ev, {
        messageId: 'adhoc',
        data: { tools: hits.map((h) => h.tool).join(', ') },
        confidence: 'low',
      });
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
