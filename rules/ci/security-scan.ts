import { defineRule } from '../../src/sdk/index.js';
import { ciVerdict } from '../_lib/ci-verdict.js';

export default defineRule({
  meta: {
    id: 'ci.security-scan',
    category: 'ci',
    title: 'CI scans code and dependencies for vulnerabilities',
    severity: 'medium',
    level: 2,
    scope: 'repository',
    requires: ['ci'],
    docs: {
      why: 'Known-vulnerable dependencies, leaked secrets and injectable code are found cheaply by scanners; without one in CI they are found by attackers.',
      how: 'Reads every CI step for a security scanner: CodeQL, bandit, pip-audit, safety, npm/yarn/pnpm audit, Snyk, Trivy, Grype, Semgrep, gosec, govulncheck, gitleaks, TruffleHog, dependency-review-action, zizmor, OWASP Dependency-Check, Brakeman, bundler-audit, cargo audit/deny, OSV-Scanner, and GitLab Security/*.gitlab-ci.yml templates. Security rules a linter runs count too: gosec enabled in the golangci-lint configuration, eslint-plugin-security in the ESLint configuration, ruff’s flake8-bandit (S) rules selected in pyproject.toml or ruff.toml, OWASP Dependency-Check bound to a Maven phase.',
      fix: [
        'Add a dependency audit for your ecosystem (pip-audit, npm audit --audit-level=high, govulncheck, bundler-audit, cargo audit) to CI.',
        'Enable a static analyser (CodeQL or Semgrep) and a secret scanner (gitleaks) on pull requests.',
      ],
      effort: 'S',
      links: ['https://docs.github.com/code-security/code-scanning/introduction-to-code-scanning/about-code-scanning'],
    },
    messages: {
      found: 'CI runs security scanning ({{tools}}).',
      limited: 'CI runs security scanning ({{tools}}), but not on every change: {{note}}.',
      manualOnly: 'CI never runs security scanning ({{tools}}) on its own: {{note}}.',
      disabled: 'The CI security scan ({{tools}}) is switched off: {{note}}.',
      missing: 'No CI step scans code or dependencies for vulnerabilities.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'security scan',
      'security scanning',
      'vulnerability scan',
      'dependency scan',
      'container scan',
      'image scanning',
      'bandit',
      'snyk',
      'trivy',
      'codeql',
      'sast',
      'dependabot alerts',
    ],
  },
  check(ctx) {
    return ciVerdict(ctx, 'security', [
      'CodeQL',
      'bandit',
      'pip-audit',
      'safety',
      'npm audit',
      'snyk',
      'trivy',
      'grype',
      'semgrep',
      'gosec',
      'govulncheck',
      'gitleaks',
      'trufflehog',
      'dependency-review-action',
      'GitLab Security templates',
    ]);
  },
});
