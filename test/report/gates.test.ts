import { describe, expect, it } from 'vitest';
import { baselineGapIds, evaluateGates, parseLevel } from '../../src/commands/gates.js';
import type { Finding } from '../../src/sdk/types.js';
import { SAMPLE_FINDINGS, sampleReport } from './sample.js';

// The sample: container.dockerfile (high, L1) and security.secrets (critical, L1) open; obs.logging (medium) waived.
const report = sampleReport();
const byName = (opts: Parameters<typeof evaluateGates>[1]) =>
  Object.fromEntries(evaluateGates(report, opts).map((g) => [g.name, g]));

describe('gates', () => {
  it('no options, no gates', () => {
    expect(evaluateGates(report, {})).toEqual([]);
  });

  it('min-score', () => {
    expect(byName({ minScore: report.score! })['min-score']!.passed).toBe(true);
    const g = byName({ minScore: report.score! + 1 })['min-score']!;
    expect(g.passed).toBe(false);
    expect(g.message).toBe(`score ${report.score} is below the minimum ${report.score! + 1}`);
  });

  it('min-level names the level and what blocks it', () => {
    expect(byName({ minLevel: 0 })['min-level']!.passed).toBe(true);
    const g = byName({ minLevel: 1 })['min-level']!;
    expect(g.passed).toBe(false);
    expect(g.message).toBe(
      'level 0 Prototype is below the minimum 1 Deployable; blocked by container.dockerfile, security.secrets',
    );
  });

  it('per-category thresholds; a category with nothing applicable passes', () => {
    const g = byName({ thresholds: { security: 80, api: 100, data: 50, ci: 10 } });
    expect(g['threshold.security']).toMatchObject({
      passed: false,
      message: 'security score 0 is below the minimum 80',
    });
    expect(g['threshold.api']!.passed).toBe(true);
    expect(g['threshold.data']).toMatchObject({
      passed: true,
      message: 'data: no applicable rule, nothing to require',
    });
    expect(g['threshold.ci']!.passed).toBe(true);
  });

  it('fail-on: any open gap of those severities; waived gaps never count', () => {
    expect(byName({ failOn: ['critical'] })['fail-on']).toMatchObject({
      passed: false,
      message: '1 open critical gap: security.secrets (critical)',
    });
    expect(byName({ failOn: ['medium'] })['fail-on']!.passed).toBe(true);
    expect(byName({ failOn: ['low', 'high'] })['fail-on']!.message).toBe(
      '1 open high/low gap: container.dockerfile (high)',
    );
  });

  it('only-new: baseline gaps are forgiven, new ones fail and are named', () => {
    const base = sampleReport(SAMPLE_FINDINGS.filter((f) => f.ruleId !== 'security.secrets'));
    const known = baselineGapIds(base);
    expect([...known].sort()).toEqual(['container.dockerfile', 'obs.logging']);
    const g = byName({ baselineGaps: known, failOn: ['critical', 'high'], minLevel: 1 });
    expect(g['new-gaps']).toMatchObject({ passed: false, message: '1 gap not in the baseline: security.secrets' });
    expect(g['fail-on']!.message).toBe('1 open critical/high gap (new gaps only): security.secrets (critical)');
    expect(g['min-level']!.message).toMatch(/blocked by security\.secrets$/);
    const all = baselineGapIds(report);
    const ok = byName({ baselineGaps: all, failOn: ['critical'], minScore: 100, minLevel: 3 });
    expect(Object.values(ok).every((x) => x.passed)).toBe(true);
  });

  it('nothing applicable: score and level gates cannot pass', () => {
    const na = sampleReport(SAMPLE_FINDINGS.filter((f) => f.status === 'n/a') as Finding[]);
    const g = byName({ minScore: 0, minLevel: 0 });
    expect(g['min-score']!.passed).toBe(true);
    const n = Object.fromEntries(evaluateGates(na, { minScore: 0, minLevel: 0 }).map((x) => [x.name, x]));
    expect(n['min-score']!.passed).toBe(false);
    expect(n['min-level']!.passed).toBe(false);
  });
});

describe('parseLevel', () => {
  it('takes 0-3 or a level name, case-insensitive', () => {
    expect(parseLevel('2')).toBe(2);
    expect(parseLevel(3)).toBe(3);
    expect(parseLevel('Production')).toBe(2);
    expect(parseLevel('deployable')).toBe(1);
    expect(() => parseLevel('4')).toThrow(/unknown level "4"/);
    expect(() => parseLevel('prodution')).toThrow(/did you mean "production"/);
  });
});
