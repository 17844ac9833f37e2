import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/model.js';
import { planToMarkdown } from '../../src/plan/markdown.js';
import { trackPlan, type RunStatuses } from '../../src/plan/track.js';
import { buildReport } from '../../src/report/build.js';
import type { Finding } from '../../src/sdk/types.js';

function f(
  ruleId: string,
  status: Finding['status'],
  level: 1 | 2 | 3,
  severity: Finding['severity'],
  effort: Finding['effort'],
): Finding {
  return {
    ruleId,
    category: 'container',
    title: `title of ${ruleId}`,
    status,
    severity,
    level,
    message: `message of ${ruleId}`,
    evidence:
      status === 'gap'
        ? [{ kind: 'missing', path: '.', note: 'nothing', searched: ['X'] }]
        : [{ kind: 'found', path: 'Dockerfile', line: 3, note: 'found' }],
    ...(status === 'gap' ? { remediation: [`fix ${ruleId}`] } : {}),
    effort,
    confidence: 'high',
    durationMs: 0,
  };
}

const NOW = new Date('2026-11-02T09:00:00Z');
const report = buildReport(
  [
    f('a.pass', 'pass', 1, 'high', 'S'),
    f('a.l1-low', 'gap', 1, 'low', 'S'),
    f('a.l1-crit', 'gap', 1, 'critical', 'M'),
    f('a.l2', 'gap', 2, 'high', 'L'),
    f('a.l3', 'gap', 3, 'medium', 'S'),
    f('a.na', 'n/a', 1, 'high', 'S'),
  ],
  { root: '/srv/orders', commit: 'abcdef0123456789' },
);

describe('buildPlan', () => {
  it('defaults to the next level and exactly the gaps that block it, ordered by severity', () => {
    const plan = buildPlan({ report, projectKey: 'k', answers: {}, now: NOW });
    expect(plan.target.level).toBe(1);
    expect(plan.items.map((i) => i.ruleId)).toEqual(['a.l1-crit', 'a.l1-low']);
    expect(plan.items.map((i) => i.ruleId).sort()).toEqual([...report.level.next!.blockers].sort());
    expect(plan.items.map((i) => i.priority)).toEqual(['P0', 'P3']);
  });

  it('derives phases from levels, the timeline from effort, and the projected score', () => {
    const plan = buildPlan({ report, projectKey: 'k', answers: { targetLevel: 3, owner: 'alice' }, now: NOW });
    expect(plan.items.map((i) => [i.ruleId, i.phase])).toEqual([
      ['a.l1-crit', 1],
      ['a.l1-low', 1],
      ['a.l2', 2],
      ['a.l3', 3],
    ]);
    // S=1 + M=3 + L=8 + S=1 = 13 person-days at 5 days a week → 3 weeks.
    expect(plan.target.weeks).toBe(3);
    expect(plan.target.date).toBe('2026-11-23');
    expect(plan.phases.map((p) => [p.number, p.startWeek, p.endWeek])).toEqual([
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
    ]);
    expect(plan.target.score).toBe(100);
    expect(plan.items.every((i) => i.owner === 'alice')).toBe(true);
    expect(plan.overCommitted).toBe(false);
  });

  it('honours per-item answers, include/exclude and a target date, and flags over-commitment', () => {
    const plan = buildPlan({
      report,
      projectKey: 'k',
      now: NOW,
      answers: {
        targetLevel: 2,
        exclude: ['a.l1-low'],
        targetDate: '2026-11-09',
        items: { 'a.l2': { priority: 'P0', owner: 'bob', phase: 1, notes: 'needs infra' } },
      },
    });
    expect(plan.items.map((i) => [i.ruleId, i.phase, i.priority, i.owner])).toEqual([
      ['a.l1-crit', 1, 'P0', 'unassigned'],
      ['a.l2', 1, 'P0', 'bob'],
    ]);
    expect(plan.items[1]!.notes).toBe('needs infra');
    expect(plan.target.weeks).toBe(1);
    expect(plan.overCommitted).toBe(true);
  });

  it('rejects gaps that are not open and dates in the past', () => {
    expect(() => buildPlan({ report, projectKey: 'k', answers: { include: ['a.pass'] }, now: NOW })).toThrow(
      /not an open gap/,
    );
    expect(() => buildPlan({ report, projectKey: 'k', answers: { targetDate: '2020-01-01' }, now: NOW })).toThrow(
      /not in the future/,
    );
  });

  it('renders the seeds-style Markdown sections', () => {
    const md = planToMarkdown(buildPlan({ report, projectKey: 'k', answers: { targetLevel: 2 }, now: NOW }), { id: 4 });
    for (const heading of [
      '# Production Readiness Plan: orders',
      '## Summary',
      '## Quick wins',
      '## Phases',
      '### Phase 1: Deployable',
      '**Exit criteria**',
      '## Timeline',
      '## Risks',
      '### Assumptions',
      '## Success criteria',
      '## Evidence appendix',
      "### What's already in place",
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('- [ ] **Add: title of a.l2** — `a.l2` · P1 · effort L · owner unassigned');
    expect(md).toContain('`Dockerfile:3`');
    expect(md).toContain('tracked as plan #4');
  });
});

describe('trackPlan', () => {
  const plan = buildPlan({ report, projectKey: 'k', answers: { targetLevel: 2 }, now: NOW });
  const run = (runId: number, at: string, level: number, statuses: Record<string, string>): RunStatuses => ({
    runId,
    at,
    score: 50,
    level,
    statuses: new Map(Object.entries(statuses)),
  });

  it('tells done (with the date it closed), open and regressed', () => {
    const p = trackPlan(plan, [
      run(2, '2026-11-03T00:00:00Z', 0, { 'a.l1-crit': 'pass', 'a.l1-low': 'gap', 'a.l2': 'pass' }),
      run(3, '2026-11-05T00:00:00Z', 0, { 'a.l1-crit': 'pass', 'a.l1-low': 'gap', 'a.l2': 'gap' }),
      run(4, '2026-11-06T00:00:00Z', 0, { 'a.l1-crit': 'pass', 'a.l1-low': 'n/a', 'a.l2': 'gap' }),
    ]);
    const by = Object.fromEntries(p.items.map((i) => [i.item.ruleId, i]));
    expect(by['a.l1-crit']).toMatchObject({ state: 'done', closedAt: '2026-11-03T00:00:00Z', closedRunId: 2 });
    expect(by['a.l2']).toMatchObject({ state: 'regressed', regressedAt: '2026-11-05T00:00:00Z' });
    expect(by['a.l1-low']!.state).toBe('not-applicable');
    expect([p.done, p.total, p.regressed]).toEqual([2, 3, 1]);
    expect(p.targetReached).toBe(false);
  });

  it('ignores runs older than the plan', () => {
    const p = trackPlan(plan, [run(1, '2026-10-01T00:00:00Z', 2, { 'a.l1-crit': 'pass' })]);
    expect(p.done).toBe(0);
    expect(p.latest).toBeUndefined();
  });
});

describe('plans a lead hands to a team', () => {
  const gap = (
    ruleId: string,
    level: 1 | 2 | 3,
    severity: Finding['severity'],
    effort: Finding['effort'],
    extra: Partial<Finding> = {},
  ): Finding => ({
    ...f(ruleId, 'gap', level, severity, effort),
    ...extra,
  });

  it('scales effort with the counted size of a gap and shows the basis', () => {
    const r = buildReport(
      [
        gap('code.no-mocks-in-prod', 1, 'high', 'M', { size: { count: 73, unit: 'mock site', files: 21 } }),
        gap('security.authn', 1, 'critical', 'M', { size: { count: 4, unit: 'route', files: 1 } }),
        gap('api.health', 1, 'high', 'S'),
      ],
      { root: '/srv/orders', commit: 'abc' },
    );
    const plan = buildPlan({ report: r, projectKey: 'k', answers: {}, now: NOW });
    const by = Object.fromEntries(plan.items.map((i) => [i.ruleId, i]));
    expect(by['code.no-mocks-in-prod']).toMatchObject({ effort: 'L', effortDays: 10 });
    expect(by['code.no-mocks-in-prod']!.effortBasis).toMatch(/^L: 73 mock sites in 21 files → 10 person-days/);
    expect(by['security.authn']).toMatchObject({ effort: 'M', effortDays: 3 });
    expect(by['security.authn']!.effortBasis).toMatch(/^M: 4 routes in 1 file → 3 person-days/);
    expect(by['api.health']!.effortBasis).toMatch(/the check's estimate/);
    expect(plan.phases[0]!.effortDays).toBe(14);
  });

  it('orders dependencies: prerequisites first, in an earlier or the same phase; quick wins have none', () => {
    const r = buildReport(
      [
        gap('deploy.k8s', 1, 'high', 'M'),
        gap('container.dockerfile', 2, 'high', 'S'),
        gap('obs.alerting', 2, 'medium', 'M'),
        gap('api.metrics', 3, 'medium', 'S'),
        gap('api.request-id', 2, 'medium', 'S'),
        gap('obs.logging', 2, 'high', 'S'),
        gap('ci.pipeline', 1, 'high', 'S'),
      ],
      { root: '/srv/orders', commit: 'abc' },
    );
    const plan = buildPlan({ report: r, projectKey: 'k', answers: { targetLevel: 3 }, now: NOW });
    const by = Object.fromEntries(plan.items.map((i) => [i.ruleId, i]));
    expect(by['deploy.k8s']!.dependsOn).toEqual(['container.dockerfile']);
    expect(by['obs.alerting']!.dependsOn).toEqual(['api.metrics']);
    expect(by['api.request-id']!.dependsOn).toEqual(['obs.logging']);
    // deploy.k8s is needed for level 1 but waits for the Dockerfile (level 2): both land in the same phase, image first.
    expect(by['deploy.k8s']!.phase).toBe(by['container.dockerfile']!.phase);
    expect(by['obs.alerting']!.phase).toBeGreaterThanOrEqual(by['api.metrics']!.phase);
    const order = plan.items.map((i) => i.ruleId);
    for (const i of plan.items)
      for (const d of i.dependsOn ?? [])
        expect(order.indexOf(d), `${d} before ${i.ruleId}`).toBeLessThan(order.indexOf(i.ruleId));
    expect(
      plan.items
        .filter((i) => i.quickWin)
        .map((i) => i.ruleId)
        .sort(),
    ).toEqual(['ci.pipeline', 'container.dockerfile', 'obs.logging']);
    // Quick wins come first in their phase.
    expect(plan.items[0]!.quickWin).toBe(true);
  });

  it('says fix for a broken artefact and add for a missing one, with the fitting remediation and the file', () => {
    const lines = ['Add a multi-stage Dockerfile.', 'When the Dockerfile is reported broken, fix the COPY source.'];
    const r = buildReport(
      [
        gap('container.dockerfile', 1, 'high', 'S', {
          messageId: 'broken',
          remediation: lines,
          evidence: [{ kind: 'found', path: 'Dockerfile', line: 7, note: 'COPY app/ names no folder' }],
        }),
        gap('api.health', 1, 'high', 'S', { messageId: 'missing', remediation: ['Add GET /healthz.', 'Fix nothing.'] }),
      ],
      { root: '/srv/orders', commit: 'abc' },
    );
    const plan = buildPlan({ report: r, projectKey: 'k', answers: {}, now: NOW });
    const by = Object.fromEntries(plan.items.map((i) => [i.ruleId, i]));
    expect(by['container.dockerfile']).toMatchObject({ action: 'fix', where: 'Dockerfile:7', fix: [lines[1]] });
    expect(by['api.health']).toMatchObject({ action: 'add', fix: ['Add GET /healthz.'] });
    const md = planToMarkdown(plan);
    expect(md).toContain('**Fix: title of container.dockerfile**');
    expect(md).toContain('Where: `Dockerfile:7`');
  });

  it('gives each phase exit criteria, lists risks of high gaps from the docs, and a reachable target', () => {
    const plan = buildPlan({
      report,
      projectKey: 'k',
      answers: { targetLevel: 2, exclude: ['a.l2'] },
      docs: { 'a.l2': { why: 'the service falls over under load' }, 'a.l1-crit': { why: 'data leaks' } },
      now: NOW,
    });
    expect(plan.phases[0]!.exit).toMatchObject({
      checks: ['a.l1-crit', 'a.l1-low'],
      level: 1,
      levelName: 'Deployable',
    });
    // a.l2 is left out: the plan reaches level 1, and says what level 2 also needs.
    expect(plan.target).toMatchObject({ reachedLevel: 1, missing: ['a.l2'] });
    expect(plan.target.score).toBe(plan.phases[plan.phases.length - 1]!.exit!.score);
    expect(plan.risks).toEqual([
      {
        id: 'a.l1-crit',
        title: 'title of a.l1-crit',
        severity: 'critical',
        impact: 'data leaks',
        until: plan.phases[0]!.endDate,
      },
      {
        id: 'a.l2',
        title: 'title of a.l2',
        severity: 'high',
        impact: 'the service falls over under load',
        until: null,
      },
    ]);
    const md = planToMarkdown(plan);
    expect(md).toContain('**Exit criteria**: `a.l1-crit`, `a.l1-low` pass; score');
    expect(md).toContain('**after this plan** (left out): the service falls over under load');
    expect(md).toContain('needs `a.l2` too');
  });

  it('adds free-form items and refuted claims, tracked by hand', () => {
    const plan = buildPlan({
      report,
      projectKey: 'k',
      answers: {
        extra: ['Load test at 200 rps', { title: 'Pen test', effort: 'L', owner: 'sec', dependsOn: ['a.l1-crit'] }],
      },
      refutedClaims: [
        {
          doc: 'STATUS.md',
          line: 4,
          text: 'Rate limiting ✅',
          checks: ['a.l1-low'],
          summary: 'STATUS.md:4 says "Rate limiting ✅"; it is not true',
        },
      ],
      now: NOW,
    });
    const by = Object.fromEntries(plan.items.map((i) => [i.id, i]));
    expect(by['extra-1']).toMatchObject({ kind: 'extra', title: 'Load test at 200 rps', effort: 'M' });
    expect(by['extra-2']).toMatchObject({
      kind: 'extra',
      effort: 'L',
      effortDays: 8,
      owner: 'sec',
      dependsOn: ['a.l1-crit'],
    });
    expect(by['claim-1']).toMatchObject({
      kind: 'claim',
      where: 'STATUS.md:4',
      dependsOn: ['a.l1-low'],
      checks: ['a.l1-low'],
    });
    expect(() =>
      buildPlan({ report, projectKey: 'k', answers: { extra: [{ title: 'x', dependsOn: ['nope'] }] }, now: NOW }),
    ).toThrow(/depends on "nope", which is not an item/);

    const marked = {
      ...plan,
      items: plan.items.map((i) => (i.id === 'extra-1' ? { ...i, doneAt: '2026-11-04T00:00:00Z' } : i)),
    };
    const p = trackPlan(marked, []);
    const state = Object.fromEntries(p.items.map((i) => [i.item.id, i.state]));
    expect(state).toMatchObject({ 'extra-1': 'done', 'extra-2': 'open', 'claim-1': 'open' });
  });

  it('status reports gaps introduced since the plan, and a plan older than the audited commit', () => {
    const plan = buildPlan({ report, projectKey: 'k', answers: {}, now: NOW });
    const gapOf = (status: string) => ({ status, title: 't', severity: 'high', message: 'm' });
    const p = trackPlan(
      plan,
      [],
      {
        baseline: new Map([
          ['a.pass', { status: 'pass' }],
          ['a.na', { status: 'n/a' }],
          ['a.l1-crit', { status: 'gap' }],
        ]),
        latest: new Map([
          ['a.pass', { key: 'a.pass', ...gapOf('gap') }],
          ['a.na', { key: 'a.na', ...gapOf('pass') }],
          ['a.l1-crit', { key: 'a.l1-crit', ...gapOf('gap') }],
          ['a.new-rule', { key: 'a.new-rule', ...gapOf('gap') }],
        ]),
      },
      'fedcba9876543210',
    );
    expect(p.introduced.map((g) => g.key)).toEqual(['a.pass']);
    expect(p.stale).toEqual({ planCommit: 'abcdef0123456789', auditedCommit: 'fedcba9876543210' });
  });
});
