import { defineRule, type Evidence } from '../../src/sdk/index.js';

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
      how: "Looks for alerting as code: Prometheus rule files (groups with alert and expr), PrometheusRule resources, Alertmanager routing, Grafana alerting provisioning, Sloth/Pyrra/OpenSLO SLO specs, and monitors in Terraform or CDK (datadog_monitor, aws_cloudwatch_metric_alarm, google_monitoring_alert_policy, Azure and New Relic alerts, CDK Alarm), and HMPPS' generic-prometheus-alerts chart as a dependency of the service's chart (its rules are out of sight: low confidence). A PrometheusRule without any alert is a gap. n/a when the project is not a service.",
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
    const { hits, empty } = ctx.facts.alerting;
    if (hits.length) {
      return ctx.pass(
        hits.slice(0, 4).map((h) => ctx.at(h.path, h.line, h.what)),
        {
          messageId: 'found',
          data: { what: [...new Set(hits.map((h) => h.what))].join(', ') },
          ...(hits.every((h) => h.confidence === 'low') ? { confidence: 'low' as const } : {}),
        },
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
