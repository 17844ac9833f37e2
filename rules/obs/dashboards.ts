import { defineRule } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'obs.dashboards',
    category: 'observability',
    title: 'Dashboards are kept as code',
    severity: 'low',
    level: 3,
    scope: 'repository',
    requires: ['not-library'],
    docs: {
      why: 'A dashboard clicked together in a UI drifts, gets lost with the account and cannot be reviewed; one kept in the repository is versioned with the service, reviewed with the change that adds a metric, and rebuilt in a new environment.',
      how:
        'Looks for Grafana dashboard models (JSON with panels, exported or provisioned), Grafana dashboard providers, dashboards in ConfigMaps for the Grafana sidecar, GrafanaDashboard/DatadogDashboard resources, chart values that pull dashboards by grafana.com id, Grafonnet (jsonnet) and the Grafana Foundation SDK, Datadog/New Relic/CloudWatch dashboard JSON, dashboards in Terraform (grafana_dashboard, datadog_dashboard, newrelic_one_dashboard, aws_cloudwatch_dashboard, google_monitoring_dashboard, Azure), CloudFormation, CDK and Pulumi, and Kibana saved objects. ' +
        'Dashboards only under examples/, samples/, docs or test folders, or a provider with no dashboard in the repository, pass with low confidence. n/a for libraries, command-line programs and repositories with nothing that runs.',
      fix: [
        'Grafana: export the dashboard JSON into the repository (e.g. deploy/grafana/dashboards/service.json) and load it with a provisioning provider, a ConfigMap labelled grafana_dashboard for the sidecar, or the grafana_dashboard Terraform resource.',
        'Datadog / New Relic: manage the dashboard with the datadog_dashboard / newrelic_one_dashboard Terraform resource (or the Datadog operator DatadogDashboard).',
        'AWS: declare an aws_cloudwatch_dashboard (Terraform) or a cloudwatch.Dashboard (CDK) next to the service stack.',
        'Google Cloud: google_monitoring_dashboard in Terraform, with the dashboard JSON in the repository.',
      ],
      effort: 'S',
      links: [
        'https://grafana.com/docs/grafana/latest/administration/provisioning/#dashboards',
        'https://registry.terraform.io/providers/grafana/grafana/latest/docs/resources/dashboard',
      ],
    },
    messages: {
      found: 'Dashboards are kept as code: {{what}}.',
      examplesOnly: 'The only dashboards in the repository are examples or test data ({{what}}).',
      providerOnly:
        'Grafana is set up to load dashboards ({{where}}), but no dashboard definition is in the repository.',
      missing: 'No dashboard is kept as code in the repository.',
    },
    // A bare "dashboard" is as often a product screen (admin dashboard, agent dashboard) as a monitoring one: only
    // phrases that name monitoring count.
    claims: [
      'grafana',
      'monitoring dashboard',
      'metrics dashboard',
      'observability dashboard',
      'operational dashboard',
      'ops dashboard',
      'sre dashboard',
      'slo dashboard',
      'kibana dashboard',
      'datadog dashboard',
      'dashboard json',
      'dashboards as code',
      'dashboard for key metrics',
    ],
  },
  check(ctx) {
    const { kind, dashboards: d } = ctx.facts;
    if (kind.kind === 'cli' && !kind.longRunning)
      return ctx.na(`a command-line program has no running service to watch (${kind.reason})`);
    const what = (xs: typeof d.dashboards): string => {
      const names = [...new Set(xs.map((x) => x.what))];
      return names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
    };
    const real = d.dashboards.filter((x) => !x.example);
    if (real.length)
      return ctx.pass(
        [
          ...real.slice(0, 4).map((x) => ctx.at(x.path, x.line, x.what)),
          ...d.providers
            .filter((p) => !p.example)
            .slice(0, 1)
            .map((p) => ctx.at(p.path, p.line, p.what)),
        ],
        { messageId: 'found', data: { what: what(real) } },
      );
    if (d.dashboards.length)
      return ctx.pass(
        d.dashboards.slice(0, 3).map((x) => ctx.at(x.path, x.line, `${x.what} (example or test folder)`)),
        { messageId: 'examplesOnly', data: { what: what(d.dashboards) }, confidence: 'low' },
      );
    const provider = d.providers[0];
    if (provider)
      return ctx.pass([ctx.at(provider.path, provider.line, provider.what)], {
        messageId: 'providerOnly',
        data: { where: `${provider.path}:${provider.line}` },
        confidence: 'low',
      });
    const deployable =
      kind.kind === 'service' ||
      kind.kind === 'frontend' ||
      kind.longRunning ||
      ctx.facts.dockerfiles.production.length > 0 ||
      ctx.facts.k8s.any ||
      ctx.facts.platform.service.length > 0;
    if (!deployable)
      return ctx.na(
        `nothing that runs was recognised: no server, worker, container or deployment target (${kind.reason})`,
      );
    return ctx.gap(
      'missing',
      [
        ctx.missing(
          [
            'Grafana dashboard JSON and provisioning',
            'ConfigMaps for the Grafana sidecar, GrafanaDashboard resources',
            'Grafonnet / jsonnet',
            'Terraform, CloudFormation, CDK and Pulumi dashboards (Grafana, Datadog, New Relic, CloudWatch, Cloud Monitoring, Azure)',
          ],
          'no dashboard definition in the repository (dashboards built only in a vendor UI are not reviewed or versioned)',
        ),
      ],
      // A static frontend is watched, if at all, through its host's or a RUM vendor's analytics.
      kind.kind === 'service' || kind.longRunning ? {} : { confidence: 'low' },
    );
  },
});
