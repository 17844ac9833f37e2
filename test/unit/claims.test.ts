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
      new Map(fs.map((f) => [f.ruleId, f])),
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
