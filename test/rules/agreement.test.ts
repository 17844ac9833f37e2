// The contradictions issue #18 reproduced, as cases every rule must read the same way: one fact answers, so no two
// rules can disagree about the same file or the same dependency.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditDir, auditFiles, REPOS } from '../helpers.js';

describe('rules agree on the facts they share', () => {
  it('a Go `// indirect` requirement is nobody\'s "declared but not used": the project never chose it', () => {
    const findings = auditFiles(
      {
        'go.mod': [
          'module example.com/stock',
          '',
          'go 1.22',
          '',
          'require github.com/go-chi/chi/v5 v5.0.12',
          '',
          'require (',
          '\tgithub.com/getsentry/sentry-go v0.27.0 // indirect',
          '\tgithub.com/prometheus/client_golang v1.19.1 // indirect',
          '\tgithub.com/sony/gobreaker v0.5.0 // indirect',
          '\tgithub.com/avast/retry-go/v4 v4.6.0 // indirect',
          '\tgo.opentelemetry.io/otel v1.28.0 // indirect',
          '\tgo.uber.org/zap v1.27.0 // indirect',
          ')',
        ].join('\n'),
        'main.go': [
          'package main',
          '',
          'import (',
          '\t"log"',
          '\t"net/http"',
          '',
          '\t"github.com/go-chi/chi/v5"',
          ')',
          '',
          'func main() {',
          '\tr := chi.NewRouter()',
          '\tr.Get("/stock", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("[]")) })',
          '\tres, err := http.Get("http://pricing.internal/prices")',
          '\tif err == nil {',
          '\t\tres.Body.Close()',
          '\t}',
          '\tlog.Fatal(http.ListenAndServe(":8080", r))',
          '}',
        ].join('\n'),
      },
      [
        'obs.logging',
        'obs.tracing',
        'obs.error-tracking',
        'api.metrics',
        'resilience.circuit-breaker',
        'resilience.retries',
      ],
    );
    expect(findings.length).toBe(6);
    const said = findings.map((f) => [f.ruleId, f.messageId]);
    expect(said.filter(([, m]) => m === 'declaredNotUsed' || m === 'neverWired')).toEqual([]);
    // and none of them names an indirect library as evidence of anything
    const named = findings.flatMap((f) =>
      f.evidence.filter((e) => e.path === 'go.mod').map((e) => `${f.ruleId}: ${e.note}`),
    );
    expect(named).toEqual([]);
  });

  it('a logger and helmet imported through a nested tsconfig "@/lib" alias are live for every rule', () => {
    const findings = auditDir(path.join(REPOS, 'ts-nested-alias'), ['security.headers', 'obs.logging']);
    expect(findings.map((f) => [f.ruleId, f.status, f.messageId])).toEqual([
      ['security.headers', 'pass', 'applied'],
      ['obs.logging', 'pass', expect.any(String)],
    ]);
    expect(findings.map((f) => f.messageId)).not.toContain('neverWired');
  });
});
