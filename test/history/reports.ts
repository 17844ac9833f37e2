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
