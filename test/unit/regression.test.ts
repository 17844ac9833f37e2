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

  it('a rule the baseline never ran (a newer readiness) fails neither as a new gap nor through the score', () => {
    const b = report([finding('container.dockerfile', 'pass'), finding('api.timeouts', 'gap', { severity: 'low' })]);
    const c = report([
      finding('container.dockerfile', 'pass'),
      finding('api.timeouts', 'gap', { severity: 'low' }),
      finding('api.health', 'gap', { severity: 'critical' }),
    ]);
    // over every rule, the score fell (the new critical gap weighs in) ...
    expect(c.score!).toBeLessThan(b.score!);
    const r = findRegression(b, c);
    // ... but compared over the rules both runs have, it did not
    expect(r.scoreFell).toBe(false);
    expect(r.scoreFrom).toBe(r.scoreTo);
    expect(r.newGaps).toEqual([]);
    expect(r.unjudged).toEqual(['api.health']);
    expect(r.regressed).toBe(false);
    expect(r.message).toMatch(/not in the baseline, so not judged: api\.health$/);
    expect(regressionGate(b, c, 'run 3')).toMatchObject({ name: 'regression', passed: true });
  });

  it('a rule the current run no longer has is left out of the comparison too', () => {
    const b = report([
      finding('container.dockerfile', 'pass'),
      finding('api.health', 'pass', { severity: 'critical' }),
    ]);
    const c = report([finding('container.dockerfile', 'pass')]);
    const r = findRegression(b, c);
    expect(r).toMatchObject({ regressed: false, scoreFell: false, notCompared: 1 });
  });

  it('fails when only the score fell: the same open gaps, a passing rule no longer applies', () => {
    const b = report([finding('a.x', 'pass', { severity: 'critical' }), finding('a.y', 'gap', { severity: 'low' })]);
    const c = report([finding('a.x', 'n/a', { severity: 'critical' }), finding('a.y', 'gap', { severity: 'low' })]);
    const r = findRegression(b, c);
    expect(r.newGaps).toEqual([]);
    expect(r.unjudged).toEqual([]);
    expect(r.scoreFell).toBe(true);
    expect(r.regressed).toBe(true);
    expect(r.message).toBe(`score fell ${b.score} → 0`);
  });

  it('without a baseline the gate is skipped and says so; --require-baseline fails it', () => {
    const skipped = regressionGate(undefined, base, 'no earlier recorded run on main');
    expect(skipped).toEqual({
      name: 'regression',
      passed: true,
      skipped: true,
      message: 'no baseline: regression gate skipped (no earlier recorded run on main)',
    });
    const required = regressionGate(undefined, base, 'no earlier recorded run on main', { requireBaseline: true });
    expect(required.passed).toBe(false);
    expect(required.skipped).toBeUndefined();
    expect(required.message).toMatch(/--require-baseline/);
  });

  it('labels the baseline in the message', () => {
    const g = regressionGate(base, report([finding('container.dockerfile', 'gap')]), 'run 7 on main');
    expect(g.passed).toBe(false);
    expect(g.message).toMatch(/new gap: container.dockerfile \(against run 7 on main\)$/);
  });
});
