import type { RepoIndex } from '../repo/index.js';
import { describesFields } from './api-docs.js';

export interface AlertHit {
  path: string;
  line: number;
  what: string;
  /** The rules come from a chart kept elsewhere: what they alert on is out of sight. */
  confidence?: 'low';
}

// Prometheus rule files are also kept as `alert.rules` / `prometheus.rules` (the extension of Prometheus 1.x, still
// common beside a compose monitoring stack); what they hold decides, as for YAML.
const YAML_GLOB = ['**/*.{yml,yaml,rules}'];
const IAC_GLOB = ['**/*.tf', '**/*.tf.json', '**/*.{ts,js,py,go,java}'];

export interface AlertingFacts {
  /** Alert rules, routing and SLO definitions. */
  hits: AlertHit[];
  /** Alerting scaffolding with no alert in it (a PrometheusRule without any alert). */
  empty: AlertHit[];
}

/**
 * Alert rules and SLOs kept as code: Prometheus rule files and PrometheusRule resources, Alertmanager routing, Grafana
 * alerting provisioning, Sloth/Pyrra/OpenSLO specifications, and monitors in Terraform or CDK.
 */
export function detectAlerting(repo: RepoIndex): AlertingFacts {
  const hits: AlertHit[] = [];
  const empty: AlertHit[] = [];
  for (const f of repo.select({ include: YAML_GLOB, exclude: ['**/node_modules/**', '**/.github/**'] })) {
    const text = repo.read(f.path);
    if (!text) continue;
    const lineOf = (re: RegExp): number => {
      const m = re.exec(text);
      return m ? repo.lineAt(f.path, m.index) : 1;
    };
    if (/^\s*kind:\s*PrometheusRule\b/m.test(text)) {
      const alerts = /^\s*(?:-\s*)?alert:\s*\S/m.test(text);
      (alerts ? hits : empty).push({
        path: f.path,
        line: alerts ? lineOf(/^\s*(?:-\s*)?alert:\s*\S/m) : lineOf(/^\s*kind:\s*PrometheusRule/m),
        what: alerts ? 'PrometheusRule with alert rules' : 'PrometheusRule without any alert',
      });
      continue;
    }
    if (/^\s*groups:/m.test(text) && /^\s*(?:-\s*)?alert:\s*\S/m.test(text) && /^\s*expr:/m.test(text)) {
      hits.push({ path: f.path, line: lineOf(/^\s*(?:-\s*)?alert:\s*\S/m), what: 'Prometheus alerting rules' });
      continue;
    }
    if (/^\s*receivers:/m.test(text) && /^\s*route:/m.test(text) && !describesFields(text)) {
      hits.push({ path: f.path, line: lineOf(/^\s*route:/m), what: 'Alertmanager routing configuration' });
      continue;
    }
    if (
      /^\s*apiVersion:\s*sloth\.slok\.dev\/|^\s*version:\s*["']?prometheus\/v1["']?\s*$[\s\S]*^\s*slos:/m.test(text)
    ) {
      hits.push({ path: f.path, line: lineOf(/^\s*slos:|^\s*apiVersion:\s*sloth/m), what: 'Sloth SLO specification' });
      continue;
    }
    if (/^\s*apiVersion:\s*pyrra\.dev\//m.test(text)) {
      hits.push({
        path: f.path,
        line: lineOf(/^\s*kind:\s*ServiceLevelObjective/m),
        what: 'Pyrra ServiceLevelObjective',
      });
      continue;
    }
    if (/^\s*apiVersion:\s*openslo\/v\d/m.test(text)) {
      hits.push({ path: f.path, line: lineOf(/^\s*kind:\s*(?:SLO|AlertPolicy)/m), what: 'OpenSLO definition' });
      continue;
    }
    if (
      /(^|\/)provisioning\/alerting\//.test(f.path) &&
      /^\s*groups:/m.test(text) &&
      /^\s*(?:-\s*)?uid:|^\s*rules:/m.test(text)
    ) {
      hits.push({ path: f.path, line: lineOf(/^\s*rules:|^\s*groups:/m), what: 'Grafana alerting provisioning' });
      continue;
    }
    // HMPPS' generic-prometheus-alerts chart as a dependency of the service's chart renders PrometheusRules with the
    // release (crash loops, pods not ready, ingress errors, queue age), routed by the values' alertSeverity.
    if (/(^|\/)Chart\.ya?ml$/.test(f.path) && /hmpps-helm-charts/.test(text)) {
      const dep = /^\s*-\s*name:\s*["']?generic-prometheus-alerts["']?\s*$/m;
      if (dep.test(text))
        hits.push({
          path: f.path,
          line: lineOf(dep),
          what: 'HMPPS generic-prometheus-alerts chart',
          confidence: 'low',
        });
      continue;
    }
    if (/^\s*kind:\s*(?:ServiceMonitor)\b/m.test(text)) continue;
  }
  const IAC: [RegExp, string][] = [
    [/resource\s+"datadog_monitor"|resource\s+"datadog_service_level_objective"/, 'Datadog monitor (Terraform)'],
    [
      /resource\s+"aws_cloudwatch_metric_alarm"|resource\s+"aws_cloudwatch_composite_alarm"/,
      'CloudWatch alarm (Terraform)',
    ],
    [
      /resource\s+"google_monitoring_alert_policy"|resource\s+"google_monitoring_slo"/,
      'Google Cloud Monitoring alert policy (Terraform)',
    ],
    [/resource\s+"azurerm_monitor_(?:metric|scheduled_query_rules)_alert/, 'Azure Monitor alert (Terraform)'],
    [/resource\s+"newrelic_(?:alert_policy|nrql_alert_condition|service_level)"/, 'New Relic alert (Terraform)'],
    [/resource\s+"grafana_rule_group"|resource\s+"pagerduty_service"/, 'Grafana/PagerDuty alerting (Terraform)'],
    [/\bnew\s+(?:cloudwatch\.|cw\.)?Alarm\s*\(|\.createAlarm\s*\(|\bcloudwatch\.Alarm\s*\(/, 'CloudWatch alarm (CDK)'],
    // An organisation's own alarm construct (`new GuAlarm(this, …)`), given its scope and an id like every construct.
    [/\bnew\s+(?:\w+\.)?[A-Z]\w*Alarm\s*\(\s*this\s*,/, 'CloudWatch alarm (a CDK construct of its own)'],
  ];
  // One pass over the Terraform and source files selects those that mention any monitor; each pattern then looks only there.
  const any = new RegExp(IAC.map(([re]) => `(?:${re.source})`).join('|'));
  const paths = repo
    .select({ include: IAC_GLOB, exclude: ['**/node_modules/**'] })
    .filter((f) => !f.isTest && any.test(repo.read(f.path) ?? ''))
    .map((f) => f.path);
  for (const [re, what] of IAC) {
    const m = paths.length ? repo.grepFirst(re, { paths }) : undefined;
    if (m) hits.push({ path: m.path, line: m.line, what });
  }
  return { hits, empty };
}
