import { describe, expect, it } from 'vitest';
import { diffReports, formatDiffText } from '../../src/commands/diff.js';
import { finding, report } from './reports.js';

const plain = {
  style: {
    red: (s: string) => s,
    green: (s: string) => s,
    dim: (s: string) => s,
    bold: (s: string) => s,
    yellow: (s: string) => s,
  },
};

describe('diffReports', () => {
  const a = report(
    [
      finding('container.dockerfile', 'gap'),
      finding('api.health', 'pass', {
        category: 'api',
        evidence: [{ kind: 'found', path: 'app/main.py', line: 10, note: 'route' }],
      }),
      finding('ops.runbook', 'pass', { category: 'docs' }),
    ],
    1,
  );
  const b = report(
    [
      finding('container.dockerfile', 'pass'),
      finding('api.health', 'pass', {
        category: 'api',
        evidence: [{ kind: 'found', path: 'app/routes.py', line: 3, note: 'route' }],
      }),
      finding('ops.runbook', 'gap', { category: 'docs' }),
    ],
    2,
  );
  const d = diffReports(a, b);

  it('reports fixed and introduced gaps', () => {
    expect(d.fixed.map((f) => f.ruleId)).toEqual(['container.dockerfile']);
    expect(d.fixed[0]!.now).toBe('pass');
    expect(d.introduced.map((f) => f.ruleId)).toEqual(['ops.runbook']);
    expect(d.introduced[0]!.was).toBe('pass');
  });

  it('reports evidence that moved (same rule, same status, other path:line)', () => {
    expect(d.moved).toEqual([
      { ruleId: 'api.health', status: 'pass', from: ['app/main.py:10'], to: ['app/routes.py:3'] },
    ]);
  });

  it('reports score, level and per-category change', () => {
    expect(d.scoreDelta).toBe(b.score! - a.score!);
    expect(d.from.runId).toBe(1);
    expect(d.to.runId).toBe(2);
    const container = d.categories.find((c) => c.id === 'container')!;
    expect(container).toMatchObject({ from: 0, to: 100, delta: 100 });
    const docs = d.categories.find((c) => c.id === 'docs')!;
    expect(docs).toMatchObject({ from: 100, to: 0, delta: -100 });
  });

  it('an identical pair has no changes', () => {
    const same = diffReports(a, a);
    expect(same).toMatchObject({ scoreDelta: 0, levelChanged: false, fixed: [], introduced: [], moved: [] });
  });

  it('renders text naming every change', () => {
    const t = formatDiffText(d, plain);
    expect(t).toContain('gaps fixed (1)');
    expect(t).toContain('✓ container.dockerfile');
    expect(t).toContain('✗ ops.runbook');
    expect(t).toContain('~ api.health (pass)  app/main.py:10 → app/routes.py:3');
    expect(t).toMatch(/container\s+0 → 100 {2}\+100/);
  });
});
