import { defineRule } from '../../src/sdk/index.js';

const MAX_EVIDENCE = 10;
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
        'Scans production source files reached from the service entrypoints (tests, conftest, testing/testutils modules, mocks/ and __mocks__/ folders, stories, examples and scripts excluded) for mock/fake/dummy/simulated implementations used as behaviour: such classes instantiated or returned by a factory, fallbacks returning fake values or responses flagged {"mock": true}, canned "mock response" strings, simulate_* functions called (private _simulate_* helpers too), USE_MOCK/MOCK_MODE switches that default to on, and test-double libraries (unittest.mock, sinon, gomock) imported by production code. ' +
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
    const mocks = ctx.facts.mocks;
    const found = mocks.sites.map((x) => ({
      ...x,
      ev: ctx.at(x.path, x.line, `${x.label}${x.guarded ? ' (behind a development/test switch)' : ''}`),
    }));
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
            `none in ${mocks.files} live production files`,
          ),
        ],
        { messageId: 'clean', data: { files: mocks.files } },
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
