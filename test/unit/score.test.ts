import { describe, expect, it } from 'vitest';
import { computeLevel, scoreFindings } from '../../src/report/score.js';
import type { Finding } from '../../src/sdk/types.js';

function f(
  ruleId: string,
  status: Finding['status'],
  level: 1 | 2 | 3,
  severity: Finding['severity'] = 'high',
  category: Finding['category'] = 'container',
): Finding {
  return {
    ruleId,
    category,
    title: ruleId,
    status,
    severity,
    level,
    message: '',
    evidence: [],
    effort: 'S',
    confidence: 'high',
    durationMs: 0,
  };
}

describe('scoring', () => {
  it('weights by severity over applicable rules only', () => {
    const card = scoreFindings([
      f('a.a', 'pass', 1, 'critical'),
      f('a.b', 'gap', 1, 'low'),
      f('a.c', 'n/a', 1, 'critical'),
      f('a.d', 'error', 1, 'critical'),
    ]);
    expect(card.score).toBe(Math.round((100 * 10) / 11));
    expect(card.counts).toEqual({ pass: 1, gap: 1, na: 1, error: 1, waived: 0 });
  });

  it('scores per category', () => {
    const card = scoreFindings([
      f('a.a', 'pass', 1, 'high', 'container'),
      f('b.a', 'gap', 1, 'high', 'docs'),
      f('b.b', 'pass', 1, 'high', 'docs'),
    ]);
    expect(card.categories.map((c) => [c.id, c.score])).toEqual([
      ['container', 100],
      ['docs', 50],
    ]);
  });

  it('never prints 100 when nothing applies', () => {
    const card = scoreFindings([f('a.a', 'n/a', 1), f('a.b', 'error', 2)]);
    expect(card.score).toBeNull();
    expect(card.level.level).toBeNull();
    expect(card.categories[0]!.score).toBeNull();
  });

  it('level is the highest L whose rules of levels <= L all pass, and names the blockers of the next', () => {
    const lvl = computeLevel([f('a.a', 'pass', 1), f('a.b', 'gap', 2), f('a.c', 'pass', 3), f('a.d', 'gap', 3)]);
    expect(lvl.level).toBe(1);
    expect(lvl.name).toBe('Deployable');
    expect(lvl.next).toEqual({ level: 2, name: 'Production', blockers: ['a.b'] });
    expect(computeLevel([f('a.a', 'gap', 1), f('a.b', 'gap', 2)]).next?.blockers).toEqual(['a.a']);
    expect(computeLevel([f('a.a', 'pass', 1), f('a.b', 'pass', 3)])).toEqual({ level: 3, name: 'Scale' });
  });

  it('waived gaps are not scored and do not block levels', () => {
    const waived = { ...f('a.b', 'gap', 1), waived: { reason: 'accepted' } };
    const card = scoreFindings([f('a.a', 'pass', 1), waived]);
    expect(card.score).toBe(100);
    expect(card.level.level).toBe(3);
    expect(card.counts.waived).toBe(1);
  });
});
