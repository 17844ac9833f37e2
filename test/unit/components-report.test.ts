// Scoring, regression, diff and history of a repository with several components.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffReports, formatDiffText } from '../../src/commands/diff.js';
import { baselineGapIds, evaluateGates } from '../../src/commands/gates.js';
import { findRegression } from '../../src/commands/regression.js';
import { projectIdentity } from '../../src/history/identity.js';
import { ruleStatusesSince } from '../../src/history/plans.js';
import { HistoryStore } from '../../src/history/store.js';
import { buildPlan } from '../../src/plan/model.js';
import { formatHtml } from '../../src/report/html.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import { trackPlan } from '../../src/plan/track.js';
import { tempDir } from '../helpers.js';
import { componentReport, finding, report } from '../history/reports.js';

const plain = {
  style: {
    red: (s: string) => s,
    green: (s: string) => s,
    dim: (s: string) => s,
    bold: (s: string) => s,
    yellow: (s: string) => s,
  },
};

describe('a report with components', () => {
  const findings = [
    finding('ci.pipeline', 'pass', { category: 'ci', component: null }),
    finding('api.health', 'pass', { category: 'api', component: 'cart' }),
    finding('api.health', 'gap', { category: 'api', component: 'pay' }),
    finding('api.metrics', 'pass', { category: 'api', component: 'cart', severity: 'medium' }),
    finding('api.metrics', 'pass', { category: 'api', component: 'pay', severity: 'medium' }),
    // Only in the demo: never credited to the repository, never held against it.
    finding('api.health', 'gap', { category: 'api', component: 'demo' }),
    finding('api.metrics', 'pass', { category: 'api', component: 'demo', severity: 'critical' }),
  ];
  const r = componentReport(findings, [
    ['cart', true],
    ['pay', true],
    ['demo', false],
  ]);

  it('scores each component over its findings and the repository-wide ones', () => {
    expect(r.components!.map((c) => [c.id, c.score, c.level.value, c.counts.gap])).toEqual([
      ['cart', 100, 3, 0],
      ['pay', 60, 0, 1],
      ['demo', 73, 0, 1],
    ]);
  });

  it('rolls the deployed components into the repository score; a component only present counts for nothing', () => {
    // ci.pipeline 6/6, cart 6+3, pay 0+3 of 6+3: (6 + 9 + 3) / (6 + 9 + 9) = 75.
    expect(r.score).toBe(75);
    expect(r.counts).toMatchObject({ pass: 4, gap: 1 });
    expect(r.level).toMatchObject({ value: 0, next: { blockers: ['api.health'] } });
  });

  it('gates judge the repository: a gap only in the demo fails none', () => {
    const gates = evaluateGates(r, { failOn: ['high'] });
    expect(gates.find((g) => g.name === 'fail-on')?.message).toMatch(/api\.health@pay \(high\)/);
    expect(gates.find((g) => g.name === 'fail-on')?.message).not.toMatch(/demo/);
  });

  it('regression and --only-new compare per component', () => {
    const before = componentReport(
      findings.map((f) => (f.component === 'pay' && f.ruleId === 'api.health' ? { ...f, status: 'pass' as const } : f)),
      [
        ['cart', true],
        ['pay', true],
        ['demo', false],
      ],
    );
    const reg = findRegression(before, r);
    expect(reg.newGaps).toEqual(['api.health@pay']);
    expect(baselineGapIds(before)).toEqual(new Set(['api.health@demo']));
  });

  it('a one-component report keys findings by rule, as runs recorded before components', () => {
    const one = componentReport([finding('api.health', 'gap', { component: 'svc' })], [['svc', true]]);
    const old = report([finding('api.health', 'pass')]);
    expect(findRegression(old, one).newGaps).toEqual(['api.health']);
  });

  it('diff names the component of each change and each component score that moved', () => {
    const before = componentReport(
      findings.map((f) => (f.component === 'pay' && f.ruleId === 'api.health' ? { ...f, status: 'pass' as const } : f)),
      [
        ['cart', true],
        ['pay', true],
        ['demo', false],
      ],
      1,
    );
    const d = diffReports(before, r);
    expect(d.introduced.map((x) => [x.ruleId, x.component])).toEqual([['api.health', 'pay']]);
    expect(d.components).toEqual([
      { id: 'cart', from: 100, to: 100, delta: 0 },
      { id: 'pay', from: 100, to: 60, delta: -40 },
      { id: 'demo', from: 73, to: 73, delta: 0 },
    ]);
    const text = formatDiffText(d, plain);
    expect(text).toContain('✗ api.health [pay]');
    expect(text).toMatch(/pay\s+100 → {2}60 {2}-40/);
  });

  it('history records each component with its findings and score, and reads them back', () => {
    const dir = tempDir('readiness-comp-');
    const store = HistoryStore.open(path.join(dir, 'history.db'));
    try {
      const id = store.recordRun(r, projectIdentity(dir), { configHash: 'h' });
      const back = store.getReport(id)!;
      expect(back.components).toEqual(r.components);
      expect(back.findings.map((f) => [f.ruleId, f.component])).toEqual(r.findings.map((f) => [f.ruleId, f.component]));
      expect(back.score).toBe(75);
    } finally {
      store.close();
    }
  });

  it('plans per component: an item per component gap, none for the demo; a rule id selects it in every component', () => {
    const two = componentReport(
      findings.map((f) => (f.ruleId === 'api.health' && f.component === 'cart' ? { ...f, status: 'gap' as const } : f)),
      [
        ['cart', true],
        ['pay', true],
        ['demo', false],
      ],
      1,
    );
    const now = new Date('2025-01-02T00:00:00Z');
    const all = buildPlan({ report: two, projectKey: 'k', answers: {}, now });
    expect(all.items.map((i) => [i.key, i.component])).toEqual([
      ['api.health@cart', 'cart'],
      ['api.health@pay', 'pay'],
    ]);
    const one = buildPlan({ report: two, projectKey: 'k', answers: { include: ['api.health@pay'] }, now });
    expect(one.items.map((i) => i.key)).toEqual(['api.health@pay']);
    const byRule = buildPlan({
      report: two,
      projectKey: 'k',
      answers: { include: ['api.health'], exclude: ['api.health@cart'] },
      now,
    });
    expect(byRule.items.map((i) => i.key)).toEqual(['api.health@pay']);
    expect(() => buildPlan({ report: two, projectKey: 'k', answers: { include: ['api.health@demo'] }, now })).toThrow(
      /not an open gap/,
    );

    // Progress is tracked per component from the recorded runs.
    const dir = tempDir('readiness-plan-comp-');
    const store = HistoryStore.open(path.join(dir, 'history.db'));
    try {
      const identity = projectIdentity(dir);
      store.recordRun({ ...r, generatedAt: '2025-01-03T00:00:00.000Z' }, identity, { configHash: 'h' });
      const runs = ruleStatusesSince(
        store,
        identity.key,
        all.createdAt,
        all.items.map((i) => i.key!),
      );
      const progress = trackPlan(all, runs);
      expect(progress.items.map((i) => [i.item.key, i.state])).toEqual([
        ['api.health@cart', 'done'],
        ['api.health@pay', 'open'],
      ]);
    } finally {
      store.close();
    }
  });
});

describe('formats of a report with components', () => {
  const findings = [
    finding('ci.pipeline', 'gap', { category: 'ci', component: null }),
    finding('api.health', 'pass', { category: 'api', component: 'cart' }),
    finding('api.health', 'gap', { category: 'api', component: 'pay', message: 'pay has no health endpoint' }),
    finding('api.health', 'gap', { category: 'api', component: 'demo' }),
  ];
  const r = componentReport(findings, [
    ['cart', true],
    ['pay', true],
    ['demo', false],
  ]);
  const one = componentReport([finding('api.health', 'gap', { category: 'api', component: 'svc' })], [['svc', true]]);

  it('text: a score table at the top, then the gaps grouped by component', () => {
    const text = formatText(r, { color: false });
    const lines = text.split('\n');
    const table = lines.indexOf('Components (3, 2 deployed, 1 only present)');
    // Right after the heading (this report has no project line).
    expect(table).toBe(2);
    expect(lines[table + 2]).toMatch(/^ {2}cart\s+50\s+0 Prototype\s+0\s+kubernetes\s+services\/cart$/);
    expect(lines[table + 3]).toMatch(/^ {2}pay\s+0\s+0 Prototype\s+1\s+kubernetes\s+services\/pay$/);
    expect(lines[table + 4]).toMatch(/^ {2}demo\s+.*services\/demo {2}\(only present: not in the repository score\)$/);
    const sections = lines.filter((l) => l.startsWith('── '));
    expect(sections).toEqual([
      '── repository-wide',
      '── cart (services/cart) · service, go, kubernetes · 50/100, level 0 Prototype',
      '── pay (services/pay) · service, go, kubernetes · 0/100, level 0 Prototype',
      '── demo (services/demo) · service, go, kubernetes, only present · 0/100, level 0 Prototype',
    ]);
    const pay = text.slice(text.indexOf('── pay'), text.indexOf('── demo'));
    expect(pay).toContain('✗ api.health');
    expect(pay).toContain('pay has no health endpoint');
    expect(text.slice(text.indexOf('── cart'), text.indexOf('── pay'))).toContain('1 passed, 0 not applicable');
  });

  it('text: a repository with one component looks as it did before components', () => {
    const text = formatText(one, { color: false });
    expect(text).not.toMatch(/Components|──|svc/);
    expect(text).toMatch(/^ {2}✗ api\.health\s+\[high, L1, effort S\]$/m);
  });

  it('markdown, SARIF, JUnit and HTML name the component of each finding', () => {
    const md = formatMarkdown(r);
    expect(md).toContain('| Component | Path | Target | Score | Level | Gaps |');
    expect(md).toContain('| `demo` (only present, not scored) | `services/demo` | kubernetes | 0 | 0 Prototype | 1 |');
    expect(md).toMatch(/\| ❌ gap \| `api\.health` \| `pay` \| api \|/);
    expect(md).toMatch(/\| ❌ gap \| `ci\.pipeline` \| _repository_ \| ci \|/);

    const sarif = JSON.parse(formatSarif(r)) as {
      runs: { results: { message: { text: string }; properties: { component?: string } }[] }[];
    };
    const results = sarif.runs[0]!.results;
    expect(results.map((x) => x.properties.component ?? null)).toEqual(['demo', 'pay', null]);
    expect(results[1]!.message.text).toMatch(/^\[pay\] pay has no health endpoint/);

    const junit = formatJunit(r);
    expect(junit).toContain('name="api.health [pay]: title of api.health"');
    expect(junit).toContain('name="ci.pipeline: title of ci.pipeline"');

    const html = formatHtml(r);
    expect(html).toContain('<h2>Components (3)</h2>');
    expect(html).toMatch(/data-rule="api\.health" data-component="pay"/);
  });

  it('markdown, SARIF, JUnit and HTML of a one-component report do not mention it', () => {
    expect(formatMarkdown(one)).not.toContain('svc');
    expect(formatSarif(one)).not.toContain('svc');
    expect(formatJunit(one)).not.toContain('svc');
    expect(formatHtml(one)).not.toContain('svc');
  });
});
