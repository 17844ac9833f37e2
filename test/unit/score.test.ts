import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { runRules } from '../../src/engine/run.js';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';
import { componentFindings, computeLevel, isScored, SEVERITY_WEIGHTS, scoreFindings } from '../../src/report/score.js';
import type { Finding } from '../../src/sdk/types.js';
import { REPOS } from '../helpers.js';

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

describe('scoring per component', () => {
  // The fixture repository with two services on Kubernetes; billing runs one replica (a deploy.scaling gap).
  const dir = path.join(REPOS, 'two-services-practices');
  const files = Object.fromEntries(
    (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
      .filter((p) => fs.statSync(path.join(dir, p)).isFile())
      .map((p) => [p.split(path.sep).join('/'), fs.readFileSync(path.join(dir, p), 'utf8')]),
  );
  const audit = (over: Record<string, string> = {}) => {
    const facts = new Facts(RepoIndex.fromMemory({ ...files, ...over }));
    return runRules({ repo: facts.repo, rules, facts }).findings;
  };
  const share = (findings: Finding[], id: string) => {
    const scored = componentFindings(findings, id).filter(isScored);
    const weight = (xs: Finding[]) => xs.reduce((s, x) => s + SEVERITY_WEIGHTS[x.severity], 0);
    return { got: weight(scored.filter((x) => x.status === 'pass')), total: weight(scored) };
  };

  it("fixing a component's own gap credits that component, and only it", () => {
    const before = audit();
    const after = audit({ 'k8s/billing.yaml': files['k8s/billing.yaml']!.replace('replicas: 1', 'replicas: 3') });
    const scaling = (fs: Finding[], c: string) => fs.find((x) => x.ruleId === 'deploy.scaling' && x.component === c);
    expect([scaling(before, 'billing')?.status, scaling(after, 'billing')?.status]).toEqual(['gap', 'pass']);
    const b0 = share(before, 'billing');
    const b1 = share(after, 'billing');
    // The fixed gap's weight moves from missed to earned; the total stays. A low-severity rule weighs 1 of ~200, so
    // the rounded score may stay the same (33 → 33): that is rounding, not a missed credit.
    expect(b1).toEqual({ got: b0.got + SEVERITY_WEIGHTS[scaling(before, 'billing')!.severity], total: b0.total });
    expect(scoreFindings(componentFindings(after, 'billing')).score).toBe(Math.round((100 * b1.got) / b1.total));
    expect(share(after, 'orders')).toEqual(share(before, 'orders'));
  });
});
