// A deterministic report for the formatter tests: every status, a waived gap, awkward characters.
import { buildReport } from '../../src/report/build.js';
import type { Report } from '../../src/report/schema.js';
import type { Finding, RuleMeta } from '../../src/sdk/types.js';

const base = { durationMs: 1.5, effort: 'S' as const, confidence: 'high' as const, remediation: ['Do the thing.'] };

export const SAMPLE_FINDINGS: Finding[] = [
  {
    ...base,
    ruleId: 'container.dockerfile',
    category: 'container',
    title: 'The service builds into a container image',
    status: 'gap',
    severity: 'high',
    level: 1,
    message: 'No Dockerfile found for this "service" <api> & worker | sidecar',
    evidence: [
      {
        kind: 'missing',
        path: '.',
        note: 'no container build file',
        searched: ['Dockerfile', 'Containerfile', '**/Dockerfile'],
      },
    ],
  },
  {
    ...base,
    ruleId: 'security.secrets',
    category: 'security',
    title: 'No secrets are committed',
    status: 'gap',
    severity: 'critical',
    level: 1,
    message: 'A private key is committed',
    evidence: [
      {
        kind: 'found',
        path: 'config/dev key.pem',
        line: 1,
        excerpt: '-----BEGIN PRIVATE KEY-----',
        note: 'private key',
      },
    ],
  },
  {
    ...base,
    ruleId: 'obs.logging',
    category: 'observability',
    title: 'Logs are structured',
    status: 'gap',
    severity: 'medium',
    level: 2,
    message: 'print() used for logging',
    evidence: [{ kind: 'found', path: 'app/main.py', line: 12, excerpt: 'print("started")', note: 'print call' }],
    waived: { reason: 'migrating to structlog in Q3', expires: '2030-01-31' },
  },
  {
    ...base,
    ruleId: 'api.health',
    category: 'api',
    title: 'A health endpoint exists',
    status: 'pass',
    severity: 'high',
    level: 1,
    message: 'Health endpoint /healthz',
    evidence: [{ kind: 'found', path: 'app/main.py', line: 30, note: 'route' }],
  },
  {
    ...base,
    ruleId: 'data.migrations',
    category: 'data',
    title: 'Schema changes go through migrations',
    status: 'n/a',
    severity: 'high',
    level: 2,
    message: 'no database is used',
    evidence: [],
  },
  {
    ...base,
    ruleId: 'deploy.k8s',
    category: 'deploy',
    title: 'Kubernetes manifests are valid',
    status: 'error',
    severity: 'low',
    level: 3,
    message: 'rule crashed: \u0001 bad byte',
    evidence: [],
  },
];

export function sampleReport(findings: Finding[] = SAMPLE_FINDINGS): Report {
  return buildReport(
    findings,
    {
      root: '/home/ci/work/orders-service',
      commit: '0123456789abcdef0123456789abcdef01234567',
      branch: 'main',
      dirty: false,
    },
    {
      kind: 'service',
      servesHttp: true,
      reason: 'FastAPI app',
      languages: ['python'],
      frameworks: ['fastapi'],
      anchor: 'pyproject.toml',
    },
    new Date('2026-01-02T03:04:05Z'),
  );
}

export const SAMPLE_RULES: RuleMeta[] = SAMPLE_FINDINGS.map((f) => ({
  id: f.ruleId as RuleMeta['id'],
  category: f.category,
  title: f.title,
  severity: f.severity,
  level: f.level,
  docs: {
    why: `Why ${f.ruleId} matters.`,
    how: `How ${f.ruleId} is checked.`,
    fix: ['Step one.', 'Step two.'],
    effort: 'S',
    links: ['https://example.com/doc'],
  },
  messages: {},
}));
