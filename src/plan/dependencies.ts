/**
 * What must be in place before a check's gap can be closed well: the image before the manifests that run it, metrics
 * before alerts on them, structured logs before a request id in them, a health endpoint before the probes that call it.
 * Only prerequisites that are themselves open items of the plan become `depends on` edges.
 */
export const PREREQUISITES: Readonly<Record<string, readonly string[]>> = {
  'deploy.k8s': ['container.dockerfile'],
  'deploy.k8s-probes': ['deploy.k8s', 'api.health', 'api.readiness'],
  'deploy.k8s-resources': ['deploy.k8s'],
  'deploy.scaling': ['deploy.k8s', 'api.readiness'],
  'deploy.cd': ['ci.pipeline', 'container.dockerfile'],
  'deploy.rollback': ['deploy.cd'],
  'container.compose': ['container.dockerfile'],
  'container.healthcheck': ['container.dockerfile', 'api.health'],
  'container.non-root': ['container.dockerfile'],
  'container.pinned-base': ['container.dockerfile'],
  'container.dockerignore': ['container.dockerfile'],
  'api.readiness': ['api.health'],
  'api.request-id': ['obs.logging'],
  'obs.tracing': ['obs.logging'],
  'obs.alerting': ['api.metrics'],
  'obs.dashboards': ['api.metrics'],
  'security.authz': ['security.authn'],
  'api.rate-limit': ['security.authn'],
  'ci.tests': ['ci.pipeline', 'test.suite'],
  'ci.lint': ['ci.pipeline'],
  'ci.security-scan': ['ci.pipeline'],
  'test.coverage': ['test.suite'],
  'test.load': ['api.health'],
  'data.migration-safety': ['data.migrations'],
  'data.backup': ['data.migrations'],
  'resilience.circuit-breaker': ['resilience.timeouts', 'resilience.retries'],
  'docs.runbook': ['obs.alerting'],
  'config.validation': ['config.env-example'],
};

export function prerequisitesOf(ruleId: string): readonly string[] {
  return PREREQUISITES[ruleId] ?? [];
}
