import { defineRule, type Evidence, type RuleContext } from '../../src/sdk/index.js';

interface AlertHit {
  path: string;
  line: number;
  what: string;
}

const YAML_GLOB = ['**/*.{yml,yaml}'];
const IAC_GLOB = ['**/*.tf', '**/*.tf.json', '**/*.{ts,js,py,go,java}'];

/** Alert rules and SLO definitions kept as code. */
function findAlerts(ctx: RuleContext): { hits: AlertHit[]; empty: AlertHit[] } {
  const hits: AlertHit[] = [];
  const empty: AlertHit[] = [];
  const repo = ctx.repo;
  for (const f of repo.select({ include: YAML_GLOB, exclude: ['**/node_modules/**', '**/.github/**'] })) {
    const text = repo.read(f.path);
    if (!text) continue;
    const lineOf = (re: RegExp): number => {
      const m = re.exec(text);
      return m ? repo.lineAt(f.path, m.index) : 1;
    };
    if (/^\s*kind:\s*PrometheusRule\b/m.test(text)) {
      const alerts = /^\s*-?\s*alert:\s*\S/m.test(text);
      (alerts ? hits : empty).push({
        path: f.path,
        line: alerts ? lineOf(/^\s*-?\s*alert:\s*\S/m) : lineOf(/^\s*kind:\s*PrometheusRule/m),
        what: alerts ? 'PrometheusRule with alert rules' : 'PrometheusRule without any alert',
      });
      continue;
    }
    if (/^\s*groups:/m.test(text) && /^\s*-?\s*alert:\s*\S/m.test(text) && /^\s*expr:/m.test(text)) {
      hits.push({ path: f.path, line: lineOf(/^\s*-?\s*alert:\s*\S/m), what: 'Prometheus alerting rules' });
      continue;
    }
    if (/^\s*receivers:/m.test(text) && /^\s*route:/m.test(text)) {
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
      /^\s*-?\s*uid:|^\s*rules:/m.test(text)
    ) {
      hits.push({ path: f.path, line: lineOf(/^\s*rules:|^\s*groups:/m), what: 'Grafana alerting provisioning' });
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

export default defineRule({
  meta: {
    id: 'obs.alerting',
    category: 'observability',
    title: 'Alert rules or SLOs are defined as code',
    severity: 'medium',
    level: 3,
    scope: 'repository',
    requires: ['service'],
    docs: {
      why: 'Metrics and logs only help when someone is told that something is wrong; alert rules and SLOs kept in the repository are reviewed, versioned and deployed with the service.',
      how: 'Looks for alerting as code: Prometheus rule files (groups with alert and expr), PrometheusRule resources, Alertmanager routing, Grafana alerting provisioning, Sloth/Pyrra/OpenSLO SLO specs, and monitors in Terraform or CDK (datadog_monitor, aws_cloudwatch_metric_alarm, google_monitoring_alert_policy, Azure and New Relic alerts, CDK Alarm). A PrometheusRule without any alert is a gap. n/a when the project is not a service.',
      fix: [
        'Add Prometheus alert rules next to the service (e.g. deploy/alerts.yaml with a high error-rate and a high latency alert), or a PrometheusRule in the Helm chart.',
        'Or define an SLO with Sloth/Pyrra/OpenSLO and generate burn-rate alerts from it, or keep your Datadog/CloudWatch monitors in Terraform.',
      ],
      effort: 'M',
      links: ['https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/', 'https://sloth.dev/'],
    },
    messages: {
      found: 'Alerting is defined as code: {{what}}.',
      empty: 'Alerting scaffolding without alerts: {{what}}.',
      none: 'No alert rules or SLO definitions in the repository.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    // Bare "alerts" is left out: "low stock alerts" or "job alerts" are product features, and "user-friendly alerts"
    // are dialogs.
    claims: [
      'alerting',
      'alert rules',
      'alerts configured',
      'configure alerts',
      'set up alerts',
      'monitoring alerts',
      'monitoring and alerts',
      'error alerts',
      'alert thresholds',
      'slo',
      'slos',
      'alertmanager',
      'pagerduty',
      'opsgenie',
    ],
  },
  check(ctx) {
    const { hits, empty } = findAlerts(ctx);
    if (hits.length) {
      return ctx.pass(
        hits.slice(0, 4).map((h) => ctx.at(h.path, h.line, h.what)),
        { messageId: 'found', data: { what: [...new Set(hits.map((h) => h.what))].join(', ') } },
      );
    }
    const searched = [
      'Prometheus rules (groups/alert/expr)',
      'PrometheusRule',
      'Alertmanager config',
      'Grafana alerting provisioning',
      'Sloth/Pyrra/OpenSLO',
      'Terraform/CDK monitors and alarms',
    ];
    if (empty.length) {
      const ev: Evidence[] = empty.map((h) => ctx.at(h.path, h.line, h.what));
      return ctx.gap('empty', [...ev, ctx.missing(searched, 'no alert rule defined')], {
        data: { what: empty.map((h) => h.what).join(', ') },
      });
    }
    return ctx.gap('none', [ctx.missing(searched, 'searched YAML, Terraform and CDK files')]);
  },
});
