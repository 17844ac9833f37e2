// A waiver whose paths name a component's folder covers that component's gaps (built CLI, a two-service repository).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/sdk/types.js';
import { REPOS, runCli, tempDir } from '../helpers.js';

describe('waivers scoped to a component folder (built CLI)', () => {
  it("waives the component's gap whose evidence lies outside its folder, and no other component's", async () => {
    const dir = tempDir('readiness-waive-');
    fs.cpSync(path.join(REPOS, 'two-services-practices'), dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, '.readiness.yml'),
      [
        'waivers:',
        '  - rule: deploy.scaling',
        '    reason: billing runs one replica until the queue consumer is idempotent',
        '    expires: 2999-12-31',
        '    paths: ["services/billing/**"]',
        '  - rule: data.retention',
        '    reason: orders keeps everything until the retention policy is agreed',
        '    expires: 2999-12-31',
        '    paths: ["services/orders"]',
        '',
      ].join('\n'),
    );
    const r = await runCli(['audit', dir, '--no-history', '-f', 'json']);
    expect(r.exitCode, r.stderr).not.toBe(2);
    expect(r.stderr).not.toMatch(/covers no gap/);
    const findings: Finding[] = JSON.parse(r.stdout).findings;
    const of = (rule: string, component: string) =>
      findings.find((f) => f.ruleId === rule && f.component === component)!;
    // billing's one-replica gap is evidenced by its Kubernetes manifest (k8s/billing.yaml), outside services/billing.
    const scaling = of('deploy.scaling', 'billing');
    expect(scaling.status).toBe('gap');
    expect(scaling.evidence.some((e) => e.path.startsWith('k8s/'))).toBe(true);
    expect(scaling.waived?.reason).toMatch(/one replica/);
    // orders' retention gap names no file of its own: the folder waiver covers it; billing's stays open.
    expect(of('data.retention', 'orders')).toMatchObject({ status: 'gap', waived: { expires: '2999-12-31' } });
    expect(of('data.retention', 'billing')).toMatchObject({ status: 'gap' });
    expect(of('data.retention', 'billing').waived).toBeUndefined();
  });
});
