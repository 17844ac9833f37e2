// Synthetic reports for the pure history functions (regression, diff).
import { buildReport } from '../../src/report/build.js';
import type { Report } from '../../src/report/schema.js';
import type { Finding } from '../../src/sdk/types.js';

export function finding(ruleId: string, status: Finding['status'], extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    category: 'container',
    title: `title of ${ruleId}`,
    status,
    severity: 'high',
    level: 1,
    message: `${ruleId} is ${status}`,
    evidence:
      status === 'gap'
        ? [{ kind: 'missing', path: '.', note: 'not found', searched: ['Dockerfile'] }]
        : [{ kind: 'found', path: 'Dockerfile', line: 1, note: 'found' }],
    effort: 'S',
    confidence: 'high',
    durationMs: 1,
    ...extra,
  } as Finding;
}

export function report(findings: Finding[], runId?: number): Report {
  const r = buildReport(findings, { root: '/repo', commit: 'a'.repeat(40), branch: 'main', dirty: false });
  if (runId !== undefined) r.runId = runId;
  return r;
}

/** A report of a repository with components: `components` are [id, deployed] pairs. */
export function componentReport(findings: Finding[], components: [string, boolean][], runId?: number): Report {
  const r = buildReport(
    findings,
    { root: '/repo', commit: 'a'.repeat(40), branch: 'main', dirty: false },
    undefined,
    new Date('2025-01-01T00:00:00Z'),
    undefined,
    components.map(([id, deployed]) => ({
      id,
      path: `services/${id}`,
      kind: 'service',
      stack: 'go',
      target: 'kubernetes' as const,
      deployed,
      why: deployed ? 'deployed: k8s' : 'only present: under examples/',
    })),
  );
  if (runId !== undefined) r.runId = runId;
  return r;
}
