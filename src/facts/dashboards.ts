import type { RepoIndex } from '../repo/index.js';
import type { CodeFacts } from './code.js';

/**
 * Dashboards kept as code: Grafana dashboard JSON (exported models, provisioned folders, dashboards embedded in
 * ConfigMaps or GrafanaDashboard resources, chart values that pull community dashboards by id), Grafonnet and
 * Grafana Foundation SDK code, Datadog / New Relic / CloudWatch dashboard definitions, dashboards declared in
 * Terraform, CloudFormation, CDK or Pulumi, and Kibana saved objects.
 *
 * A dashboard under an examples/, samples/, test fixture or testdata folder is shown to users of the project, not
 * used to watch it, and one of a load-test stack (k6 results under loadtest/) watches the test run, not the service:
 * both are kept apart (`example`).
 */
export interface DashboardAsCode {
  path: string;
  line: number;
  /** Grafana, Datadog, New Relic, CloudWatch … */
  tool: string;
  /** What was seen: 'Grafana dashboard "API overview"', 'grafana_dashboard (Terraform)'. */
  what: string;
  example?: boolean;
}

export interface DashboardFacts {
  /** Dashboard definitions (outside examples first). */
  dashboards: DashboardAsCode[];
  /** Grafana dashboard providers (provisioning/dashboards/*.yaml): where Grafana loads dashboards from. */
  providers: DashboardAsCode[];
  /** Dashboards outside example and test folders. */
  any: boolean;
}

const EXAMPLE_PATH =
  /(^|\/)(examples?|samples?|fixtures?|testdata|tests?|__tests__|spec|docs?|load[-_]?tests?|loadtesting|perf[-_]?tests?)\//i;
const SKIP = ['**/node_modules/**', '**/vendor/**', '**/third_party/**', '**/dist/**', '**/build/**'];

/** Dashboard resources in infrastructure code. */
const IAC: [RegExp, string, string][] = [
  [/resource\s+"grafana_dashboard"/, 'Grafana', 'grafana_dashboard (Terraform)'],
  [/resource\s+"datadog_dashboard(?:_json|_v2)?"/, 'Datadog', 'datadog_dashboard (Terraform)'],
  [/resource\s+"newrelic_one_dashboard(?:_json|_raw)?"/, 'New Relic', 'newrelic_one_dashboard (Terraform)'],
  [/resource\s+"aws_cloudwatch_dashboard"/, 'CloudWatch', 'aws_cloudwatch_dashboard (Terraform)'],
  [/resource\s+"google_monitoring_dashboard"/, 'Cloud Monitoring', 'google_monitoring_dashboard (Terraform)'],
  [/resource\s+"azurerm_(?:portal_)?dashboard(?:_grafana)?"/, 'Azure', 'Azure dashboard (Terraform)'],
  [
    /resource\s+"(?:signalfx_dashboard|honeycombio_board|dynatrace_json_dashboard|sumologic_dashboard)"/,
    'observability vendor',
    'vendor dashboard (Terraform)',
  ],
  [/Type\s*["']?\s*:\s*["']?AWS::CloudWatch::Dashboard\b/, 'CloudWatch', 'AWS::CloudWatch::Dashboard (CloudFormation)'],
  [/\b(?:cloudwatch|cw|aws_cloudwatch)\.Dashboard\s*\(/, 'CloudWatch', 'CloudWatch dashboard (CDK)'],
  [
    /\bnew\s+aws\.cloudwatch\.Dashboard\s*\(|\baws\.cloudwatch\.Dashboard\s*\(/,
    'CloudWatch',
    'CloudWatch dashboard (Pulumi)',
  ],
  [
    /\bnew\s+grafana\.(?:oss\.)?Dashboard\s*\(|\bgrafana\.(?:oss\.)?Dashboard\s*\(/,
    'Grafana',
    'Grafana dashboard (Pulumi)',
  ],
  [
    /\bNewDashboardBuilder\s*\(|\bnew\s+DashboardBuilder\s*\(|\bDashboardBuilder\s*\(\s*["']/,
    'Grafana',
    'Grafana Foundation SDK dashboard',
  ],
];
const IAC_GLOB = ['**/*.tf', '**/*.tf.json', '**/*.{ts,js,mjs,py,go,java,kt,cs}', '**/*.{yml,yaml,template}'];

function exampleOf(p: string): { example?: true } {
  return EXAMPLE_PATH.test(p) ? { example: true } : {};
}

function grafanaTitle(model: Record<string, unknown>): string {
  return typeof model.title === 'string' && model.title.trim() ? ` "${model.title.trim().slice(0, 60)}"` : '';
}

/** A Grafana dashboard model: panels (or pre-5.0 rows) plus a schema version or a title. */
function isGrafanaModel(v: unknown): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (Array.isArray(o.panels) || Array.isArray(o.rows)) && ('schemaVersion' in o || typeof o.title === 'string');
}

function jsonDashboard(p: string, v: unknown): { tool: string; what: string } | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (isGrafanaModel(o)) return { tool: 'Grafana', what: `Grafana dashboard${grafanaTitle(o)}` };
  // Exported through the HTTP API: { dashboard: {...}, meta: {...} }; Grafana v2 resources: { spec: {...} }.
  for (const inner of [o.dashboard, o.spec])
    if (isGrafanaModel(inner))
      return { tool: 'Grafana', what: `Grafana dashboard${grafanaTitle(inner as Record<string, unknown>)}` };
  if (Array.isArray(o.widgets) && typeof o.layout_type === 'string')
    return { tool: 'Datadog', what: `Datadog dashboard${grafanaTitle(o)}` };
  if (Array.isArray(o.pages) && o.pages.some((pg) => pg && typeof pg === 'object' && 'widgets' in pg))
    return { tool: 'New Relic', what: `New Relic dashboard${o.name ? ` "${String(o.name).slice(0, 60)}"` : ''}` };
  if (
    Array.isArray(o.widgets) &&
    o.widgets.some((w) => w && typeof w === 'object' && 'properties' in w && 'type' in w) &&
    /dashboard/i.test(p)
  )
    return { tool: 'CloudWatch', what: 'CloudWatch dashboard body' };
  return undefined;
}

const TOO_LARGE_DASHBOARD = /(^|\/)(grafana|dashboards?)\/|dashboard[^/]*\.json$/i;
/** Folders of an application's own code and assets. */
const APP_SOURCE = /(^|\/)(src|app|public|static|assets|lib|components)\//;

export function detectDashboards(repo: RepoIndex, facts: { code: CodeFacts }): DashboardFacts {
  const dashboards: DashboardAsCode[] = [];
  const providers: DashboardAsCode[] = [];
  const add = (d: DashboardAsCode): void => {
    dashboards.push(d);
  };

  // JSON models: a literal prefilter picks candidates before anything is parsed.
  const jsonCandidates = new Set(
    repo
      .grep(/"(?:panels|widgets|pages)"\s*:/, { include: ['**/*.json'], exclude: SKIP })
      .filter((h) => !repo.get(h.path)?.isTest || EXAMPLE_PATH.test(h.path))
      .map((h) => h.path),
  );
  for (const p of jsonCandidates) {
    const found = jsonDashboard(p, repo.json(p));
    if (!found) continue;
    // The dashboard's own title is the least indented one (panels have titles too).
    const titles = repo.grep(/^\s*"title"\s*:/, { paths: [p] });
    const line =
      titles
        .map((h) => ({ line: h.line, depth: /^\s*/.exec(repo.lines(p)[h.line - 1] ?? '')![0].length }))
        .sort((a, b) => a.depth - b.depth || a.line - b.line)[0]?.line ?? 1;
    add({ path: p, line, ...found, ...exampleOf(p) });
  }
  // Dashboards too large to read, kept where dashboards live (grafana/dashboards/x.json, x-dashboard.json). A web app
  // named dashboard (apps/dashboard/src/…/country-data.geo.json) keeps its own data files, not dashboards.
  for (const f of repo.files)
    if (f.tooLarge && /\.json$/.test(f.path) && TOO_LARGE_DASHBOARD.test(f.path) && !APP_SOURCE.test(f.path))
      add({
        path: f.path,
        line: 1,
        tool: 'Grafana',
        what: `dashboard ${f.path} (too large to read)`,
        ...exampleOf(f.path),
      });

  // YAML: provisioning providers, dashboards embedded in ConfigMaps or operator resources, chart values.
  const yamlHits = repo.grep(
    /^\s*providers\s*:|grafana_dashboard["']?\s*:|^\s*kind\s*:\s*(?:GrafanaDashboard|DatadogDashboard)\b|^\s*gnetId\s*:/,
    { include: ['**/*.{yml,yaml}'], exclude: SKIP },
  );
  const seen = new Set<string>();
  for (const h of yamlHits) {
    if (seen.has(h.path) || (repo.get(h.path)?.isTest && !EXAMPLE_PATH.test(h.path))) continue;
    const text = repo.read(h.path) ?? '';
    if (/^\s*providers\s*:/.test(h.text)) {
      if (
        !/(^|\/)(provisioning\/)?dashboards?\//.test(h.path) &&
        !/^\s*(?:-\s*)?options\s*:[\s\S]*?\bpath\s*:/m.test(text)
      )
        continue;
      seen.add(h.path);
      providers.push({
        path: h.path,
        line: h.line,
        tool: 'Grafana',
        what: 'Grafana dashboard provider',
        ...exampleOf(h.path),
      });
      continue;
    }
    seen.add(h.path);
    if (/GrafanaDashboard/.test(h.text))
      add({ path: h.path, line: h.line, tool: 'Grafana', what: 'GrafanaDashboard resource', ...exampleOf(h.path) });
    else if (/DatadogDashboard/.test(h.text))
      add({ path: h.path, line: h.line, tool: 'Datadog', what: 'DatadogDashboard resource', ...exampleOf(h.path) });
    else if (/gnetId/.test(h.text))
      add({
        path: h.path,
        line: h.line,
        tool: 'Grafana',
        what: 'Grafana dashboards by grafana.com id (chart values)',
        ...exampleOf(h.path),
      });
    // A ConfigMap labelled for the Grafana sidecar that carries a dashboard model.
    else if (/^\s*kind\s*:\s*ConfigMap\b/m.test(text) && /"panels"\s*:|\.Files\.(?:Get|Glob)|\.json\b/.test(text))
      add({
        path: h.path,
        line: h.line,
        tool: 'Grafana',
        what: 'dashboard ConfigMap for the Grafana sidecar',
        ...exampleOf(h.path),
      });
  }

  // Grafonnet / jsonnet mixins.
  const jsonnet = repo.grepFirst(/grafonnet|\bdashboard\.new\s*\(|\bg\.dashboard\.new\b/, {
    include: ['**/*.{jsonnet,libsonnet}'],
    exclude: [...SKIP, '**/jsonnetfile*.json'],
  });
  if (jsonnet)
    add({
      path: jsonnet.path,
      line: jsonnet.line,
      tool: 'Grafana',
      what: 'Grafonnet dashboard (jsonnet)',
      ...exampleOf(jsonnet.path),
    });

  // Kibana saved objects.
  const kibana = repo.grepFirst(/"type"\s*:\s*"dashboard"/, { include: ['**/*.ndjson'], exclude: SKIP });
  if (kibana)
    add({
      path: kibana.path,
      line: kibana.line,
      tool: 'Kibana',
      what: 'Kibana saved dashboard',
      ...exampleOf(kibana.path),
    });

  // Infrastructure code; one literal pass picks the files that mention a dashboard at all.
  const candidates = repo
    .grep(/Dashboard|dashboard"/, { include: IAC_GLOB, exclude: SKIP })
    .filter((h) => !repo.get(h.path)?.isTest)
    .map((h) => h.path);
  const paths = [...new Set(candidates)];
  if (paths.length)
    for (const [re, tool, what] of IAC) {
      const m = facts.code.grepFirst(re, { paths });
      if (m) add({ path: m.path, line: m.line, tool, what, ...exampleOf(m.path) });
    }
  // CDK's Dashboard imported by name (`new Dashboard(this, ...)`): only in files that import the CloudWatch module.
  const cdk = repo
    .grep(
      /aws-cdk-lib\/aws-cloudwatch|@aws-cdk\/aws-cloudwatch|aws_cdk\.aws_cloudwatch|aws_cdk\s+import\s+aws_cloudwatch/,
      {
        paths,
      },
    )
    .map((h) => h.path);
  const bare = cdk.length
    ? facts.code.grepFirst(/\bnew\s+Dashboard\s*\(|\bDashboard\s*\(\s*(?:self|this|scope)\b/, { paths: cdk })
    : undefined;
  if (bare && !dashboards.some((x) => x.what === 'CloudWatch dashboard (CDK)'))
    add({
      path: bare.path,
      line: bare.line,
      tool: 'CloudWatch',
      what: 'CloudWatch dashboard (CDK)',
      ...exampleOf(bare.path),
    });

  dashboards.sort((a, b) => Number(!!a.example) - Number(!!b.example));
  return { dashboards, providers, any: dashboards.some((d) => !d.example) };
}
