import { describe, expect, it } from 'vitest';
import { findRegression, regressionGate } from '../../src/commands/regression.js';
import { finding, report } from '../history/reports.js';

describe('findRegression (pure, two reports)', () => {
  const base = report([
    finding('container.dockerfile', 'pass'),
    finding('api.health', 'gap', { category: 'api' }),
    finding('ops.runbook', 'pass', { category: 'docs', severity: 'low' }),
  ]);

  it('passes when nothing got worse', () => {
    const r = findRegression(base, base);
    expect(r.regressed).toBe(false);
    expect(r.newGaps).toEqual([]);
    expect(r.message).toMatch(/no regression/);
  });

  it('passes when a gap was fixed and the score rose', () => {
    const better = report([
      finding('container.dockerfile', 'pass'),
      finding('api.health', 'pass', { category: 'api' }),
      finding('ops.runbook', 'pass', { category: 'docs', severity: 'low' }),
    ]);
    const r = findRegression(base, better);
    expect(better.score! > base.score!).toBe(true);
    expect(r.regressed).toBe(false);
  });

  it('fails on a new gap and names it with the score change', () => {
    const worse = report([
      finding('container.dockerfile', 'gap'),
      finding('api.health', 'gap', { category: 'api' }),
      finding('ops.runbook', 'pass', { category: 'docs', severity: 'low' }),
    ]);
    const r = findRegression(base, worse);
    expect(r.regressed).toBe(true);
    expect(r.scoreFell).toBe(true);
    expect(r.newGaps).toEqual(['container.dockerfile']);
    expect(r.message).toBe(`score fell ${base.score} → ${worse.score}; new gap: container.dockerfile`);
  });

  it('fails on a new gap even when the score did not fall (a rule that did not apply before)', () => {
    const b = report([
      finding('container.dockerfile', 'n/a', { severity: 'low' }),
      finding('api.health', 'pass', { severity: 'critical' }),
      finding('api.timeouts', 'gap', { severity: 'critical' }),
    ]);
    const c = report([
      finding('container.dockerfile', 'gap', { severity: 'low' }),
      finding('api.health', 'pass', { severity: 'critical' }),
      finding('api.timeouts', 'pass', { severity: 'critical' }),
    ]);
    expect(c.score! > b.score!).toBe(true);
    const r = findRegression(b, c);
    expect(r.scoreFell).toBe(false);
    expect(r.regressed).toBe(true);
    expect(r.newGaps).toEqual(['container.dockerfile']);
  });

  it('treats a waived gap as not open, and an unwaived one as new', () => {
    const waived = report([finding('container.dockerfile', 'gap', { waived: { reason: 'later' } })]);
    const open = report([finding('container.dockerfile', 'gap')]);
    expect(findRegression(open, waived).regressed).toBe(false);
    expect(findRegression(waived, open).newGaps).toEqual(['container.dockerfile']);
  });

  it('lists, but does not fail on, gaps of rules the baseline never ran (a newer readiness)', () => {
    const b = report([finding('container.dockerfile', 'pass')]);
    const c = report([finding('container.dockerfile', 'pass'), finding('api.health', 'gap')]);
    const r = findRegression(b, c);
    expect(r.newGaps).toEqual([]);
    expect(r.unjudged).toEqual(['api.health']);
    expect(r.scoreFell).toBe(true); // the score is over the rules run, so it still counts
    expect(r.message).toMatch(/not in the baseline, so not judged: api\.health$/);
    const same = findRegression(report([finding('container.dockerfile', 'pass'), finding('api.health', 'gap')]), c);
    expect(same.regressed).toBe(false);
  });

  it('fails when only the score fell', () => {
    const b = report([finding('a.x', 'pass', { severity: 'critical' }), finding('a.y', 'gap', { severity: 'low' })]);
    const c = report([finding('a.x', 'gap', { severity: 'critical' }), finding('a.y', 'gap', { severity: 'low' })]);
    // a.x is new, so also named; a score-only fall needs the same open gaps with a heavier weight mix
    const r = findRegression(b, c);
    expect(r.scoreFell).toBe(true);
    expect(r.message).toMatch(/^score fell \d+ → 0/);
  });

  it('the gate passes with no baseline and labels the baseline', () => {
    expect(regressionGate(undefined, base, 'no earlier run on main')).toMatchObject({
      name: 'regression',
      passed: true,
    });
    const g = regressionGate(base, report([finding('container.dockerfile', 'gap')]), 'run 7 on main');
    expect(g.passed).toBe(false);
    expect(g.message).toMatch(/new gap: container.dockerfile \(against run 7 on main\)$/);
  });
});
