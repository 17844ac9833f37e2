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
      '## Current State Assessment',
      "### ✅ What's already in place",
      "### ❌ What's missing for level 2 Production",
      '## Roadmap',
      '### Phase 1: Deployable',
      '## Timeline',
      '## Success Criteria',
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('- [ ] **title of a.l2** — `a.l2` · P1 · effort L · owner unassigned');
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
