import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../src/claims/extract.js';
import { refutedClaimItems } from '../../src/claims/index.js';
import { judgeClaim } from '../../src/claims/judge.js';
import { compilePhrases, matchChecks } from '../../src/claims/match.js';
import type { Finding, RuleMeta } from '../../src/sdk/types.js';
import { rules } from '../../rules/index.js';

const extract = (md: string) => extractClaims('S.md', md).map((c) => [c.line, c.says, c.practice]);

describe('claim extraction', () => {
  it('reads emoji, task boxes, labels, and the stance a heading gives the items under it', () => {
    const md = [
      '# Status', // 1
      '## ✅ What is built', // 2
      '- API key authentication', // 3
      '- ❌ No Dockerfile', // 4
      '## What is missing', // 5
      '1. **Deployment**', // 6
      '   - No docker-compose file', // 7
      '   - Kubernetes manifests', // 8
      '## Roadmap', // 9
      '- [x] Rate limiting', // 10
      '- [ ] Backups', // 11
      '- ⚠️ Logging is partial', // 12
      '',
      'Plain prose under the roadmap.', // 14
    ].join('\n');
    expect(extract(md)).toEqual([
      [3, 'present', 'API key authentication'],
      [4, 'absent', 'Dockerfile'],
      [7, 'absent', 'docker-compose file'],
      [8, 'absent', 'Kubernetes manifests'],
      [10, 'present', 'Rate limiting'],
      [11, 'planned', 'Backups'],
      [12, 'partial', 'Logging is partial'],
    ]);
  });

  it('reads tables by their status column, status headings, MISSING comments in code and status lines', () => {
    const md = [
      '| Practice | Status |', // 1
      '| --- | --- |',
      '| Health endpoint | Done |', // 3
      '| Tracing | Not started |', // 4
      '',
      '## Backups — not started', // 6
      '',
      'Nobody has looked at it.', // 8
      '',
      '## Resilience', // 10
      '',
      '```python', // 12
      '# MISSING: Circuit breaker for the payment API', // 13
      '```',
      '',
      '✅ Metrics endpoint exposed', // 16
    ].join('\n');
    expect(extract(md)).toEqual([
      [3, 'present', 'Health endpoint'],
      [4, 'absent', 'Tracing'],
      [6, 'absent', 'Backups'],
      [13, 'absent', 'Circuit breaker for the payment API'],
      [16, 'present', 'Metrics endpoint exposed'],
    ]);
  });

  it('skips a table row that has fewer cells than the header has columns', () => {
    const md = ['| Area | Owner | Status |', '| --- | --- | --- |', '| Tracing |', '| Metrics | ops | Done |'].join(
      '\n',
    );
    expect(extract(md)).toEqual([[4, 'present', 'Metrics — ops']]);
  });

  it('understands status emoji garbled by a Mac Roman round trip', () => {
    expect(extract('- \u201a\u00fa\u00d6 Structured logging\n- \u201a\u00f9\u00e5 Tracing\n')).toEqual([
      [1, 'present', 'Structured logging'],
      [2, 'absent', 'Tracing'],
    ]);
  });

  it('a group item passes its stance to its sub-items and is not a claim itself', () => {
    expect(extract('- ✅ **Observability**\n  - Prometheus metrics\n  - ❌ Tracing\n')).toEqual([
      [2, 'present', 'Prometheus metrics'],
      [3, 'absent', 'Tracing'],
    ]);
  });
});

describe('claim extraction: what is not a claim', () => {
  it("a document title's status reaches only the items right under it, not its sections", () => {
    const md = [
      '# Sprint 3 complete ✅', // 1
      '- Rate limiting', // 2
      '## How to set it up', // 3
      '1. Create a Grafana data source', // 4
      '2. Add the token to the environment', // 5
      '## ✅ Delivered', // 6
      '- Health endpoint', // 7
    ].join('\n');
    expect(extract(md)).toEqual([
      [2, 'present', 'Rate limiting'],
      [7, 'present', 'Health endpoint'],
    ]);
  });

  it('"Deliverables:" under a planning section lists planned work, not work done', () => {
    const md = ['## Next steps', '', '**Deliverables:**', '', '- Three Grafana dashboards', '- Error tracking'].join(
      '\n',
    );
    expect(extract(md)).toEqual([
      [5, 'planned', 'Three Grafana dashboards'],
      [6, 'planned', 'Error tracking'],
    ]);
  });

  it('a tick taken back by a parenthesis ("✅ Linting (needed)") is work still to do', () => {
    expect(extract('- ✅ Type checking\n- ✅ Linting (needed)\n')).toEqual([
      [1, 'present', 'Type checking'],
      [2, 'planned', 'Linting (needed)'],
    ]);
  });

  it('a line that sets a value is a detail of the item above it', () => {
    const md = [
      '## ✅ Done',
      '- ✅ Metrics pushed to Grafana with:',
      '  - `METRICS_URL=https://example.test`',
      '  - `job` = api',
    ].join('\n');
    expect(extract(md)).toEqual([[2, 'present', 'Metrics pushed to Grafana with']]);
  });

  it('a ✅ in a column that asks something else of the row ("Retryable") is not a status', () => {
    const md = [
      '| Error | Meaning | Retryable |',
      '| --- | --- | --- |',
      '| UPSTREAM_TIMEOUT | The provider took too long | ✅ Yes |',
      '',
      '| Practice | |',
      '| --- | --- |',
      '| Request timeouts | ✅ |',
    ].join('\n');
    expect(extract(md)).toEqual([[7, 'present', 'Request timeouts']]);
  });
});

describe('claim phrases', () => {
  const index = compilePhrases(rules.map((r) => r.meta));
  const match = (t: string) => matchChecks(t, index).sort();

  it('every rule declares claim phrases', () => {
    expect(rules.filter((r) => !r.meta.claims?.length).map((r) => r.meta.id)).toEqual([]);
  });

  it('matches whole words with plural and -ing forms, written apart, hyphenated or joined', () => {
    expect(match('Rate limiting per client')).toEqual(['api.rate-limit']);
    expect(match('Docker healthcheck configured')).toEqual(['container.healthcheck']);
    expect(match('Non-root user in the image')).toEqual(['container.non-root']);
    expect(match('Dark mode')).toEqual([]);
    expect(match('authentication')).toEqual(['security.authn']);
  });

  it('a longer match of another check wins, and the head of the phrase decides', () => {
    expect(match('Kubernetes liveness/readiness probes')).toEqual(['deploy.k8s', 'deploy.k8s-probes']);
    expect(match('Load tests with Locust')).toEqual(['test.load']);
    expect(match('Container image scanning')).toEqual(['ci.security-scan']);
    expect(match('docker-compose stack')).toEqual(['container.compose']);
  });

  it('what a table is for is its content, not a practice the line claims', () => {
    expect(match('User sessions table for JWT refresh tokens')).toEqual([]);
    expect(match('Sessions table storing OAuth tokens')).toEqual([]);
    expect(match('JWT authentication with refresh tokens')).toEqual(['security.authn']);
    expect(match('Audit log table')).toEqual(['security.audit-log']);
  });

  it('a Docker security list is about the user the container runs as', () => {
    expect(match('Docker security best practices')).toEqual(['container.non-root']);
    expect(match('Docker setup')).toEqual(['container.dockerfile']);
  });

  it('a verification of a practice maps to test checks only', () => {
    expect(match('API rate limiting testing')).toEqual([]);
    expect(match('Performance testing under load')).toEqual(['test.load']);
  });
});

describe('claim verdicts', () => {
  const finding = (ruleId: string, status: Finding['status'], confidence: Finding['confidence'] = 'high'): Finding => ({
    ruleId,
    category: 'api',
    title: ruleId,
    status,
    severity: 'high',
    level: 2,
    message: `${ruleId} is ${status}`,
    evidence: [{ kind: 'found', path: 'app.py', line: 3, note: 'here' }],
    effort: 'S',
    confidence,
    durationMs: 0,
  });
  const judge = (says: 'present' | 'absent' | 'planned' | 'partial', practice: string, fs: Finding[]) =>
    judgeClaim(
      { doc: 'S.md', line: 1, text: practice, says, practice },
      fs.map((f) => f.ruleId),
      new Map(fs.map((f) => [f.ruleId, [f]])),
    );

  it('present: confirmed, refuted only on a confident gap, partial on weak or mixed findings', () => {
    expect(judge('present', 'x', [finding('a.b', 'pass')]).verdict).toBe('confirmed');
    const refuted = judge('present', 'x', [finding('a.b', 'gap')]);
    expect(refuted.verdict).toBe('refuted');
    expect(refuted.evidence[0]).toMatchObject({ path: 'app.py', line: 3 });
    expect(judge('present', 'x', [finding('a.b', 'gap', 'low')]).verdict).toBe('partial');
    expect(judge('present', 'x', [finding('a.b', 'pass', 'low')]).verdict).toBe('partial');
    expect(judge('present', 'x', [finding('a.b', 'pass'), finding('c.d', 'gap')]).verdict).toBe('partial');
  });

  it('absent or planned: confirmed by a gap, outdated by a confident pass, unverifiable when asking for more', () => {
    expect(judge('absent', 'x', [finding('a.b', 'gap')]).verdict).toBe('confirmed');
    expect(judge('planned', 'x', [finding('a.b', 'pass')]).verdict).toBe('outdated');
    expect(judge('planned', 'x', [finding('a.b', 'pass', 'low')]).verdict).toBe('partial');
    expect(judge('planned', 'Advanced error handling', [finding('a.b', 'pass')]).verdict).toBe('unverifiable');
  });

  it('a service whose routes the audit did not find cannot have its code gaps refute a claim', () => {
    const gap = finding('api.error-handling', 'gap');
    const raw = { doc: 'S.md', line: 1, text: 'Error handling', says: 'present' as const, practice: 'Error handling' };
    const byId = new Map([[gap.ruleId, [gap]]]);
    expect(judgeClaim(raw, [gap.ruleId], byId, { projectKind: 'service' }).verdict).toBe('refuted');
    const blind = judgeClaim(raw, [gap.ruleId], byId, { projectKind: 'service', noRoutesFound: true });
    expect(blind.verdict).toBe('unverifiable');
    expect(blind.reason).toMatch(/found none of the routes/);
    // A gap outside the code (a CI pipeline) still refutes.
    const ci = { ...finding('ci.lint', 'gap'), category: 'ci' };
    expect(judgeClaim(raw, [ci.ruleId], new Map([[ci.ruleId, [ci]]]), { noRoutesFound: true }).verdict).toBe('refuted');
  });

  it('a check judged per component: refuted only when every component has the gap, partial when some pass', () => {
    const raw = { doc: 'S.md', line: 1, text: 'JSON logs', says: 'present' as const, practice: 'JSON logs' };
    const api = { ...finding('obs.logging', 'pass'), component: 'api' };
    const web = { ...finding('obs.logging', 'gap'), component: 'web' };
    const worker = { ...finding('obs.logging', 'gap'), component: 'worker' };
    const mixed = judgeClaim(raw, ['obs.logging'], new Map([['obs.logging', [api, web]]]));
    expect(mixed.verdict).toBe('partial');
    expect(mixed.reason).toMatch(/obs\.logging \[api\].*obs\.logging \[web\]/);
    expect(judgeClaim(raw, ['obs.logging'], new Map([['obs.logging', [worker, web]]])).verdict).toBe('refuted');
  });

  it('unverifiable when no check covers it, or every check is n/a', () => {
    expect(judge('present', 'x', []).verdict).toBe('unverifiable');
    expect(judge('present', 'x', [finding('a.b', 'n/a')]).reason).toMatch(/not applicable/);
  });

  it('refuted claims become plan items that say what the document says and why it is not true', () => {
    const c = judge('present', 'Rate limiting', [finding('api.rate-limit', 'gap')]);
    expect(refutedClaimItems([c])).toEqual([
      {
        doc: 'S.md',
        line: 1,
        text: 'Rate limiting',
        checks: ['api.rate-limit'],
        summary: 'S.md:1 says "Rate limiting"; it is not true: api.rate-limit: api.rate-limit is gap (app.py:3)',
      },
    ]);
  });
});

describe('rule metadata', () => {
  it('claims phrases are lower-case and non-empty', () => {
    const bad = rules
      .flatMap((r) => (r.meta as RuleMeta).claims ?? [])
      .filter((p) => !p.trim() || p !== p.toLowerCase());
    expect(bad).toEqual([]);
  });
});
