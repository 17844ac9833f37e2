import path from 'node:path';
import YAML from 'yaml';
import { isProgramSource, TOOLING_SEGMENT } from '../repo/classify.js';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { lineCounter } from '../repo/lines.js';
import { ACTIONS_WORKFLOW_GLOBS } from './ci.js';
import { isComposePath } from './compose.js';

/**
 * Kubernetes manifests, Helm charts and Kustomize overlays.
 *
 * Helm templates are not YAML until rendered. They are read tolerantly and line by line: a line holding only template
 * actions (`{{- if }}`, `{{- end }}`, `{{- toYaml .Values.resources | nindent 12 }}`) becomes blank and inline actions
 * become the placeholder `__tpl__`, which keeps line numbers and leaves a parseable skeleton. A key whose content is
 * templated (`resources:` followed by `toYaml .Values.resources`) is resolved from the chart's values.yaml; what comes
 * from a template is reported with low confidence.
 */

export interface K8sField {
  present: boolean;
  line?: number;
  /** manifest: written in the manifest; values: found in a chart's values.yaml; template: templated, not resolvable. */
  via?: 'manifest' | 'values' | 'template';
  /** Where the field is written when not in the workload's own file (a kustomize patch). */
  file?: string;
}

export interface K8sContainer {
  name: string;
  line: number;
  init: boolean;
  liveness: K8sField;
  readiness: K8sField;
  startup: K8sField;
  /** requests: cpu or memory requested; limits: a memory limit (CPU limits are optional, see deploy.k8s-resources). */
  resources: { requests: boolean; limits: boolean; line?: number; via?: K8sField['via']; file?: string };
  /** securityContext.runAsUser of the container, else of the pod, when written as a number. */
  runAsUser?: { uid: number; line: number };
  /** The image as written (`{{…}}` where templated), with its line. */
  image?: { ref: string; line: number };
  /** What the container runs, as written (strings; templated parts read `{{…}}`). */
  command?: string[];
  args?: string[];
  /** Line of `command:` (or of `args:` when there is no command). */
  commandLine?: number;
  workingDir?: string;
  /** Plain `env:` values (name → value) when written literally. */
  env?: Record<string, string>;
}

export interface K8sWorkload {
  file: string;
  line: number;
  kind: string;
  name: string;
  /** From a Helm template (low confidence). */
  helm: boolean;
  containers: K8sContainer[];
  /** spec.replicas: a number, or 'template' when templated (see the chart's values); absent when not written. */
  replicas?: {
    value: number | 'template';
    line: number /** The OpenShift Template parameter it defaults from. */;
    param?: string;
    /** Not written: the count the platform sets (a nais Application's 2). */
    platformDefault?: true;
  };
  /** spec.strategy.type (Deployment) or spec.updateStrategy.type (StatefulSet/DaemonSet); Rollout: canary/blueGreen. */
  strategy?: { type: string; line: number };
  /** A bare Pod with `restartPolicy: Never`/`OnFailure`: a one-off task (a data migration) that runs to completion. */
  oneOff?: true;
  /** An `https://` ingress URL the platform serves for it (a nais Application's `ingresses`), with its line. */
  httpsIngress?: { url: string; line: number };
  /** The values of the labels its pods carry, as written (what a Service's selector picks them by). */
  podLabels?: string[];
  /** A container is started with leader election on (`--leader-elect`, `--enable-leader-election=true`). */
  leaderElect?: true;
}

/** The controller-runtime and client-go conventions for the flag that turns leader election on. */
const LEADER_ELECT_FLAG = /^--?(?:enable-)?leader-elect(?:ion)?(?:=(?:true|1))?$/;

type ScaleValues = { replicaCount?: unknown; autoscaling?: { enabled?: unknown } };

/**
 * A chart's replica count and autoscaling switch: at the top of values.yaml, or under the one key that holds the
 * chart's workload (`colanode: { replicaCount: 1, autoscaling: { enabled: false } }`) when the top has neither and
 * the nested blocks agree.
 */
function chartScaleValues(raw: unknown): ScaleValues | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const top = raw as ScaleValues;
  if (top.replicaCount !== undefined || top.autoscaling !== undefined) return top;
  const nested = Object.values(raw as Record<string, unknown>).filter(
    (x): x is ScaleValues =>
      !!x &&
      typeof x === 'object' &&
      ('replicaCount' in x || ('autoscaling' in x && typeof x.autoscaling === 'object')),
  );
  const same = <T>(xs: T[]): T | undefined => (xs.length && xs.every((x) => x === xs[0]) ? xs[0] : undefined);
  const replicaCount = same(nested.map((x) => x.replicaCount));
  const enabled = same(nested.map((x) => (x.autoscaling ? x.autoscaling.enabled === true : undefined)));
  return {
    ...(replicaCount !== undefined ? { replicaCount } : {}),
    ...(enabled !== undefined ? { autoscaling: { enabled } } : {}),
  };
}

/** Any other Kubernetes object (HorizontalPodAutoscaler, PodDisruptionBudget, ScaledObject, Argo CD Application …). */
export interface K8sObject {
  file: string;
  line: number;
  kind: string;
  apiVersion: string;
  name: string;
  helm: boolean;
  /** The workload an autoscaler or budget points at (scaleTargetRef.name), when written. */
  target?: string;
  /**
   * A Service's type (`ClusterIP` when not written; from the chart's values when templated, `{{…}}` when they do not
   * say) and the literal values of its pod selector.
   */
  service?: { type: string; line: number; selects: string[] };
  /**
   * The Services an object routing traffic from outside the cluster sends it to (an Ingress, OpenShift Route, Gateway
   * API route, Traefik IngressRoute, Istio VirtualService): names as written, `{{…}}` for templated parts.
   */
  backends?: string[];
}

export interface K8sRef {
  file: string;
  line: number;
  kind: 'ConfigMap' | 'Secret';
  name: string;
  workload: string;
}

export interface HelmChart {
  /** Path of Chart.yaml. */
  path: string;
  dir: string;
  name?: string;
  values?: string;
  /** Environment overrides beside values.yaml (values-prod.yaml, values.production.yaml). */
  overrides?: string[];
  /** `replicaCount` in values.yaml, when it is a number. */
  replicaCount?: number;
  /** `autoscaling.enabled` in values.yaml (true only when literally true); absent when values.yaml has no `autoscaling`. */
  autoscaling?: boolean;
}

export interface K8sFacts {
  any: boolean;
  /** Files with at least one Kubernetes object (apiVersion + kind), including Helm templates. */
  manifests: string[];
  charts: HelmChart[];
  kustomizations: string[];
  workloads: K8sWorkload[];
  /** Objects that are neither workloads nor ConfigMaps/Secrets. */
  objects: K8sObject[];
  refs: K8sRef[];
  /** ConfigMaps/Secrets referenced by a workload (not optional) and defined nowhere in the repository. */
  unresolvedRefs: K8sRef[];
}

export const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  // The pre-Deployment replica controller (`kind: ReplicationController`, still in older guides): a pod template too.
  'ReplicationController',
  'Job',
  'CronJob',
  'Rollout',
  'Pod',
  'DeploymentConfig',
]);
/** Run-to-completion workloads: they need resources but not liveness/readiness probes. */
export const BATCH_KINDS = new Set(['Job', 'CronJob', 'Naisjob']);
/** Folders of benchmarks, load and smoke tests: a manifest kept there runs a tool against the service, not the service. */
const TOOL_RUN_SEGMENT =
  /^bench|bench(?:marks?)?$|load-?tests?|loadtesting|^perf(?:-?tests?)?$|stress-?tests?|smoke-?tests?|^e2e$/i;

/** A file kept under a folder (not the file's own name) whose name the pattern matches. */
function inFolderMatching(file: string, segment: RegExp): boolean {
  return file
    .split('/')
    .slice(0, -1)
    .some((s) => segment.test(s));
}

export function inToolRunFolder(file: string): boolean {
  return inFolderMatching(file, TOOL_RUN_SEGMENT);
}

/**
 * Folders of examples, samples and documentation (`examples/kubernetes/`, `deploy/examples/`, `samples/`,
 * `docs/snippets/`): a user's starting point.
 */
const EXAMPLE_SEGMENT = /^_?(?:examples?|samples?|docs?|documentation|snippets?)$/i;

export function inExampleFolder(file: string): boolean {
  return inFolderMatching(file, EXAMPLE_SEGMENT);
}

/**
 * In a folder of examples or of developer tooling (`hack/manifests/azurite/`: an emulator the tests run against): a
 * manifest there shows a setup or prepares a developer's cluster.
 */
function asideFolder(file: string): boolean {
  return inExampleFolder(file) || inFolderMatching(file, TOOLING_SEGMENT);
}

/**
 * Beside workloads of the repository's own (a kustomize base, a chart), example manifests show users a setup and
 * manifests of a tooling folder set up a developer's cluster: neither is the deployment, and their workloads and
 * objects (a documented Flux Kustomization too) are dropped. Alone, they are the only deployment there is.
 */
function withoutExamples(out: Collected): void {
  if (!out.workloads.some((w) => !asideFolder(w.file))) return;
  const own = <T extends { file: string }>(xs: T[]) => xs.filter((x) => !asideFolder(x.file));
  out.workloads = own(out.workloads);
  out.objects = own(out.objects);
  out.refs = own(out.refs);
}

/**
 * The charts a rendered manifest came from: the `helm.sh/chart: grafana-9.2.2` labels that `helm template` writes on
 * every object, the chart's name and version joined by a hyphen (kept whole: a name may hold a hyphen and digits itself,
 * `api-v2-1.0.0`).
 */
function renderedChartLabels(text: string): string[] {
  if (!text.includes('helm.sh/chart')) return [];
  const labels = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*helm\.sh\/chart:[ \t]*["']?([\w.+-]+)/gm)) labels.add(m[1]!);
  return [...labels];
}

/** A `helm.sh/chart` label of the chart named `name`: the name alone, or the name and a version after a hyphen. */
function labelOfChart(label: string, name: string): boolean {
  return label === name || (label.startsWith(`${name}-`) && /^v?\d/.test(label.slice(name.length + 1)));
}

/**
 * Beside workloads of the repository's own, a plain manifest rendered from another project's chart (`helm template`
 * output committed as `grafana-addon.yaml` or an Istio release manifest: every object labelled `helm.sh/chart:` with a
 * chart the repository does not hold) installs that project's software on the cluster — the platform the service runs
 * on, not the service. Its workloads, objects and references are dropped; alone, they are the only deployment there is.
 */
function withoutUpstreamCharts(repo: RepoIndex, out: Collected, charts: readonly HelmChart[]): void {
  const own = new Set(charts.map((c) => c.name).filter((n): n is string => typeof n === 'string'));
  const upstream = new Map<string, boolean>();
  const isUpstream = (file: string): boolean => {
    let v = upstream.get(file);
    if (v === undefined) {
      const labels = charts.some((c) => file.startsWith(c.dir === '.' ? '' : `${c.dir}/`))
        ? []
        : renderedChartLabels(repo.read(file) ?? '');
      v = labels.length > 0 && labels.every((l) => ![...own].some((n) => labelOfChart(l, n)));
      upstream.set(file, v);
    }
    return v;
  };
  if (!out.workloads.some((w) => !isUpstream(w.file)) || !out.workloads.some((w) => isUpstream(w.file))) return;
  const kept = <T extends { file: string }>(xs: T[]) => xs.filter((x) => !isUpstream(x.file));
  out.workloads = kept(out.workloads);
  out.objects = kept(out.objects);
  out.refs = kept(out.refs);
}

/**
 * A manifest kept inside a Python package (its folder holds `__init__.py`) ships with the code as data: the sample an
 * integration module's README applies to a test cluster (`providers/argocd_provider/applicationset.yaml`), never the
 * repository's deployment.
 */
function inPythonPackage(repo: RepoIndex, file: string): boolean {
  const dir = path.posix.dirname(file);
  return repo.has(dir === '.' ? '__init__.py' : `${dir}/__init__.py`);
}

/** A workload manifest written out in a string of the program (`kind: Job` on a line of its own). */
const MANIFEST_IN_CODE = /^[ \t]*kind:[ \t]*["']?(?:Deployment|StatefulSet|DaemonSet|Job|CronJob|Pod)["']?[ \t]*$/m;
const PROGRAM_FILES = ['**/*.{ts,js,mjs,cjs,go,py,rb,java,kt,rs,cs,php}'];

/**
 * Manifest files that are the program's data, not the repository's deployment: every workload in them the program
 * holds as text (a PaaS's build Job template in a source string, kept beside it as YAML), every other object of a
 * custom API group the program writes itself (`apiVersion = 'application.acme.dev/v1alpha1'`: a catalog of the
 * resources it creates for its users). The service makes them at run time.
 */
function heldByCode(repo: RepoIndex, workloads: K8sWorkload[], objects: K8sObject[]): Set<string> {
  const own = (re: RegExp) => [...new Set(programMatches(repo, re).map((h) => h.path))].map((p) => repo.read(p) ?? '');
  const texts = own(MANIFEST_IN_CODE);
  const workloadHeld = (w: K8sWorkload) => {
    const name = new RegExp(`^[ \\t]*name:[ \\t]*["']?${escapeRegExp(w.name)}["']?[ \\t]*$`, 'm');
    return texts.some((t) => name.test(t));
  };
  const groups = new Map<string, boolean>();
  const objectHeld = (o: K8sObject) => {
    const group = /^([\w-]+(?:\.[\w-]+)+)\/\w+$/.exec(o.apiVersion)?.[1];
    if (!group || /(?:^|\.)k8s\.io$/.test(group)) return false;
    if (!groups.has(o.apiVersion))
      groups.set(o.apiVersion, own(new RegExp(`["'\`]${escapeRegExp(o.apiVersion)}["'\`]`)).length > 0);
    return groups.get(o.apiVersion)!;
  };
  const out = new Set<string>();
  for (const file of new Set([...workloads, ...objects].map((x) => x.file)))
    if (
      workloads.filter((w) => w.file === file).every(workloadHeld) &&
      objects.filter((o) => o.file === file).every(objectHeld)
    )
      out.add(file);
  // An object kept beside such a template (an Ingress in the same catalog entry) goes with it, in a folder holding no
  // workload of the repository's own.
  const folders = new Set([...out].map((f) => path.posix.dirname(f)));
  for (const w of workloads) if (!out.has(w.file)) folders.delete(path.posix.dirname(w.file));
  for (const o of objects) if (folders.has(path.posix.dirname(o.file))) out.add(o.file);
  return out;
}

/** A workload that runs to completion (a Job, a CronJob, a bare Pod that is never restarted): it serves no probes. */
export function isBatchWorkload(w: Pick<K8sWorkload, 'kind' | 'oneOff'>): boolean {
  return BATCH_KINDS.has(w.kind) || w.oneOff === true;
}

const TPL = '__tpl__';
const display = (name: string) => name.replace(/__tpl__/g, '{{…}}');

/** Neutralises Go template actions (and Jinja statements) line by line; keeps the line count. */
export function neutraliseTemplate(text: string): string {
  const out: string[] = [];
  let inAction = false;
  for (const line of text.split('\n')) {
    if (inAction) {
      out.push('');
      if (line.includes('}}')) inAction = false;
      continue;
    }
    // Jinja statements and comments (`{% if x %}`, `{# … #}`) of `.yaml.j2` manifests are template actions too. An
    // OpenShift Template's non-string parameter (`${{REPLICAS}}`) is a parameter reference, kept as `${REPLICAS}`.
    const replaced = line.replace(/\$\{\{(\w+)\}\}/g, '$${$1}').replace(/\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}/g, TPL);
    if (replaced.includes('{{')) {
      inAction = true;
      out.push('');
      continue;
    }
    if (replaced.replaceAll(TPL, '').trim() === '' && replaced.includes(TPL)) {
      out.push('');
      continue;
    }
    out.push(replaced);
  }
  // `livenessProbe: {{ include ... }}` followed by more-indented keys (the helper renders part, the template adds the
  // rest): drop the placeholder so the indented block becomes the key's value instead of swallowing what follows.
  const indent = (l: string) => l.length - l.trimStart().length;
  for (let i = 0; i < out.length; i++) {
    const m = /^(\s*(?:-\s+)?[\w.-]+:)\s+__tpl__\s*$/.exec(out[i]!);
    if (!m) continue;
    let j = i + 1;
    while (j < out.length && out[j]!.trim() === '') j++;
    const keyIndent =
      indent(out[i]!) + (/^\s*-\s+/.test(out[i]!) ? /^\s*-\s+/.exec(out[i]!)![0].length - indent(out[i]!) : 0);
    if (j < out.length && indent(out[j]!) > keyIndent) out[i] = m[1]!;
  }
  return out.join('\n');
}

function getPath(obj: unknown, keys: string[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

const PROBE_HANDLER = ['httpGet', 'tcpSocket', 'exec', 'grpc'];

function probeSet(v: unknown): boolean {
  if (typeof v === 'string') return v.includes(TPL);
  return !!v && typeof v === 'object' && PROBE_HANDLER.some((h) => h in (v as object));
}

function resourcesOf(v: unknown): { requests: boolean; limits: boolean } {
  if (typeof v === 'string' && v.includes(TPL)) return { requests: true, limits: true };
  const r = (v ?? {}) as { requests?: Record<string, unknown> | string; limits?: Record<string, unknown> | string };
  const has = (o: unknown, keys: string[]) =>
    (typeof o === 'string' && o.includes(TPL)) ||
    (!!o &&
      typeof o === 'object' &&
      keys.some(
        (k) =>
          (o as Record<string, unknown>)[k] !== undefined &&
          (o as Record<string, unknown>)[k] !== null &&
          (o as Record<string, unknown>)[k] !== '',
      ));
  return { requests: has(r.requests, ['cpu', 'memory']), limits: has(r.limits, ['memory']) };
}

interface ParseCtx {
  file: string;
  helm: boolean;
  rawLines: string[];
  lineAt: (offset: number) => number;
  /**
   * values.yaml first, then override files: a templated field is set when any of them sets it. A nais manifest's
   * vars files, production's first.
   */
  values?: unknown[];
  /** The parameters of the OpenShift Template being read, with their default values (`${REPLICAS}` → "2"). */
  templateParams?: Record<string, string>;
  /** A kustomization lists the file among its `resources`: its workloads are whole objects, never patches. */
  resource?: boolean;
}

function nodeLine(ctx: ParseCtx, node: unknown, fallback: number): number {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return r ? ctx.lineAt(r[0]) : fallback;
}

/** Objects that route traffic from outside the cluster to Services. */
const EDGE_KINDS = new Set([
  'Ingress',
  'Route',
  'HTTPRoute',
  'GRPCRoute',
  'TLSRoute',
  'TCPRoute',
  'IngressRoute',
  'IngressRouteTCP',
  'VirtualService',
]);

/**
 * The Services an edge object names: Ingress backends (`service.name`, v1beta1 `serviceName`), a Route's `to` and
 * `alternateBackends`, Gateway API `backendRefs`, Traefik `services`, Istio destination hosts (their first DNS label).
 * A name left blank by a template (a whole-line action) reads `{{…}}`.
 */
function edgeBackends(spec: unknown): string[] {
  const out: string[] = [];
  const add = (n: unknown) => {
    out.push(typeof n === 'string' ? display(n) : '{{…}}');
  };
  const visit = (node: unknown, key?: string): void => {
    if (Array.isArray(node)) for (const x of node) visit(x, key);
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const o = node as Record<string, unknown>;
    if (key === 'backend' || key === 'defaultBackend') {
      const svc = o.service as { name?: unknown } | undefined;
      if (svc && typeof svc === 'object') add(svc.name);
      else if ('serviceName' in o) add(o.serviceName);
      return;
    }
    if (key === 'to' || key === 'alternateBackends' || key === 'backendRefs' || key === 'services') add(o.name);
    else if (key === 'destination') add(typeof o.host === 'string' ? o.host.split('.')[0] : o.host);
    else for (const [k, v] of Object.entries(o)) visit(v, k);
  };
  visit(spec);
  return out;
}

/** A Service's type, resolved through the chart's values when templated, and its literal selector values. */
function serviceOf(ctx: ParseCtx, d: DocSource, line: number): NonNullable<K8sObject['service']> {
  const node = d.doc.getIn(['spec', 'type'], true) as YAML.Scalar | undefined;
  const at = node ? nodeLine(ctx, node, line) : line;
  const written = node?.value;
  let type = written === undefined || written === null ? (node ? '{{…}}' : 'ClusterIP') : display(String(written));
  if (type.includes('{{…}}')) {
    const vp = valuesPathNear(ctx, at);
    const set = new Set(vp ? ctx.values?.map((vals) => getPath(vals, vp)).filter((x) => x !== undefined) : []);
    const [only] = set;
    type = set.size === 1 && typeof only === 'string' ? only : '{{…}}';
  }
  const selector = (d.value as { spec?: { selector?: unknown } }).spec?.selector;
  const selects =
    selector && typeof selector === 'object'
      ? Object.values(selector).flatMap((x) => (typeof x === 'string' ? [display(x)] : []))
      : [];
  return { type, line: at, selects };
}

/** For a templated key, the `.Values.x.y` path used on the key line, the line before (`with`) or the line after. */
function valuesPathNear(ctx: ParseCtx, line: number): string[] | undefined {
  // Only direct uses are resolved: `key: {{ toYaml .Values.x | nindent 12 }}`, a body line `{{- toYaml .Values.x | nindent 12 }}`,
  // or `{{- with .Values.x }}` before the key with `toYaml .` as body. Anything rendered by helpers (include, tpl, dict,
  // omit) is not resolvable from values and stays "templated".
  const DIRECT =
    /^\s*(?:-\s+)?(?:[\w-]+:\s*)?\{\{-?\s*(?:toYaml\s+)?\.Values((?:\.[\w-]+)+)\s*(?:\|\s*n?indent\s+\d+\s*)?-?\}\}\s*$/;
  const at = (l: number) => ctx.rawLines[l - 1] ?? '';
  const keyPath = (m: RegExpExecArray | null) => m?.[1]?.slice(1).split('.');
  const own = keyPath(DIRECT.exec(at(line)));
  if (own) return own;
  const body = keyPath(DIRECT.exec(at(line + 1)));
  if (body) return body;
  const before = /^\s*\{\{-?\s*with\s+\.Values((?:\.[\w-]+)+)\s*-?\}\}\s*$/.exec(at(line - 1));
  if (before && /\{\{-?\s*toYaml\s+\.\s*\|/.test(at(line + 1))) return keyPath(before);
  return undefined;
}

/** Named templates included on the lines of the container that starts at `line` (up to the next item or outdent). */
function helperIncludes(ctx: ParseCtx, line: number): { name: string; line: number }[] {
  const first = ctx.rawLines[line - 1] ?? '';
  const dash = first.indexOf('-');
  const base = dash >= 0 && first.slice(0, dash).trim() === '' ? dash : first.length - first.trimStart().length;
  const out: { name: string; line: number }[] = [];
  for (let l = line + 1; l <= ctx.rawLines.length; l++) {
    const text = ctx.rawLines[l - 1]!;
    const templateOnly = /^\s*\{\{.*\}\}\s*$/.test(text);
    if (text.trim() !== '' && !templateOnly && text.length - text.trimStart().length <= base) break;
    for (const m of text.matchAll(/\{\{-?\s*(?:include|template)\s+"([^"]+)"/g)) out.push({ name: m[1]!, line: l });
  }
  return out;
}

/** A pod spec's `env:` list as name → value, for the values written literally. */
function envList(v: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  if (Array.isArray(v))
    for (const e of v as { name?: unknown; value?: unknown }[])
      if (typeof e?.name === 'string' && (typeof e.value === 'string' || typeof e.value === 'number'))
        env[e.name] = String(e.value);
  return env;
}

function containerOf(ctx: ParseCtx, item: unknown, init: boolean): K8sContainer | undefined {
  if (!YAML.isMap(item)) return undefined;
  const value = item.toJSON() as Record<string, unknown>;
  const line = nodeLine(ctx, item, 1);
  // A key can appear more than once in a template (`{{ if }}` / `{{ else }}` branches): it is set when any occurrence is.
  const pairsOf = (key: string) => item.items.filter((i) => (i.key as YAML.Scalar)?.value === key);
  const pairValue = (pair: YAML.Pair): unknown => {
    const n = pair.value as { toJSON?: () => unknown } | null;
    return n && typeof n.toJSON === 'function' ? n.toJSON() : n;
  };
  const templated = (v: unknown) => v === null || v === undefined || v === TPL;
  const field = (key: string): K8sField => {
    const states: K8sField[] = pairsOf(key).map((pair) => {
      const kl = nodeLine(ctx, pair.key, line);
      const v = pairValue(pair);
      if (!templated(v)) return { present: probeSet(v), line: kl, via: 'manifest' };
      if (!ctx.helm) return { present: false, line: kl };
      const vp = valuesPathNear(ctx, kl);
      if (!vp || !ctx.values?.length) return { present: true, line: kl, via: 'template' };
      return { present: ctx.values.some((vals) => probeSet(getPath(vals, vp))), line: kl, via: 'values' };
    });
    return states.find((x) => x.present) ?? states[0] ?? { present: false };
  };
  const resourceStates: K8sContainer['resources'][] = pairsOf('resources').map((pair) => {
    const rl = nodeLine(ctx, pair.key, line);
    const v = pairValue(pair);
    if (!templated(v)) return { ...resourcesOf(v), line: rl, via: 'manifest' };
    if (!ctx.helm) return { requests: false, limits: false, line: rl };
    const vp = valuesPathNear(ctx, rl);
    if (!vp || !ctx.values?.length) return { requests: true, limits: true, line: rl, via: 'template' };
    const all = ctx.values.map((vals) => resourcesOf(getPath(vals, vp)));
    return { requests: all.some((r) => r.requests), limits: all.some((r) => r.limits), line: rl, via: 'values' };
  });
  let resources: K8sContainer['resources'] = resourceStates.find((r) => r.requests && r.limits) ??
    resourceStates[0] ?? { requests: false, limits: false };
  let liveness = field('livenessProbe');
  let readiness = field('readinessProbe');
  // Charts often render whole blocks with a helper: `{{- include "app.livenessProbe" . | nindent 10 }}` inside the container.
  if (ctx.helm) {
    const helper = helperIncludes(ctx, line);
    const via = (re: RegExp, not?: RegExp): K8sField | undefined => {
      const h = helper.find((x) => re.test(x.name) && !not?.test(x.name));
      return h ? { present: true, line: h.line, via: 'template' } : undefined;
    };
    // A helper named for one probe counts for that probe; a generic one (probes, healthChecks) for both.
    if (!liveness.present) liveness = via(/liveness/i) ?? via(/probe|health/i, /readiness|startup/i) ?? liveness;
    if (!readiness.present) readiness = via(/readiness/i) ?? via(/probe|health/i, /liveness|startup/i) ?? readiness;
    if (!(resources.requests && resources.limits)) {
      const r = via(/resource/i);
      if (r) resources = { requests: true, limits: true, line: r.line, via: 'template' };
    }
  }
  const sc = item.get('securityContext', true);
  const uidNode = YAML.isMap(sc) ? sc.get('runAsUser', true) : undefined;
  const uid = (uidNode as YAML.Scalar | undefined)?.value;
  const imagePair = pairsOf('image')[0];
  const imageValue = imagePair ? pairValue(imagePair) : undefined;
  const image =
    imagePair && (typeof imageValue === 'string' || imageValue === null)
      ? {
          ref: typeof imageValue === 'string' ? display(imageValue) : '{{…}}',
          line: nodeLine(ctx, imagePair.key, line),
        }
      : undefined;
  const command = stringList(value.command, display);
  const args = stringList(value.args, display);
  const cmdKey = item.items.find((i) => (i.key as YAML.Scalar)?.value === (command ? 'command' : 'args'))?.key;
  const env = envList(value.env);
  return {
    ...(typeof uid === 'number' ? { runAsUser: { uid, line: nodeLine(ctx, uidNode, line) } } : {}),
    ...(image ? { image } : {}),
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    ...(command || args ? { commandLine: nodeLine(ctx, cmdKey, line) } : {}),
    ...(typeof value.workingDir === 'string' ? { workingDir: value.workingDir } : {}),
    ...(Object.keys(env).length ? { env } : {}),
    name: typeof value.name === 'string' ? display(value.name) : '(unnamed)',
    line,
    init,
    liveness,
    readiness,
    startup: field('startupProbe'),
    resources,
  };
}

function podSpecPath(kind: string): string[] {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

/**
 * A strategic-merge patch kept as its own file that no kustomization names as a patch (a Makefile adds it with
 * `kustomize edit add patch` before deploying): a Deployment, StatefulSet, DaemonSet or ReplicaSet with no selector
 * whose containers name no image. The API server refuses such an object on its own; it only changes the workload of
 * the same name. Files a kustomization lists among its resources are read as written.
 */
function isPatchFragment(v: unknown, kind: string, specPath: string[]): boolean {
  if (!/^(?:Deployment|StatefulSet|DaemonSet|ReplicaSet)$/.test(kind)) return false;
  if ((v as { spec?: { selector?: unknown } }).spec?.selector !== undefined) return false;
  const containers = (getPath(v, specPath) as { containers?: unknown } | undefined)?.containers;
  return (
    Array.isArray(containers) &&
    containers.length > 0 &&
    containers.every((c) => !c || typeof c !== 'object' || (c as { image?: unknown }).image === undefined)
  );
}

interface DocSource {
  doc: YAML.Document.Parsed;
  value: unknown;
  line: number;
}

interface Collected {
  workloads: K8sWorkload[];
  objects: K8sObject[];
  refs: K8sRef[];
  defined: Set<string>;
  anyObject: boolean;
}

function collect(ctx: ParseCtx, docs: DocSource[], out: Collected, patch: boolean, patches: K8sWorkload[]): void {
  for (const d of docs) {
    const v = d.value as {
      apiVersion?: unknown;
      kind?: unknown;
      metadata?: { name?: unknown };
      spec?: { target?: { name?: unknown }; secretName?: unknown };
    } | null;
    if (!v || typeof v !== 'object' || typeof v.kind !== 'string' || v.apiVersion === undefined) continue;
    if (NOT_CLUSTER_API.test(String(v.apiVersion))) continue;
    // Objects wrapped in another: a `kind: List` (items) and an OpenShift Template (objects, `${PARAM}` values).
    const wrapped =
      v.kind === 'List'
        ? 'items'
        : v.kind === 'Template' && /openshift|^v1$/.test(String(v.apiVersion))
          ? 'objects'
          : '';
    const inner = wrapped ? (v as Record<string, unknown>)[wrapped] : undefined;
    if (Array.isArray(inner)) {
      const subs: DocSource[] = [];
      inner.forEach((value, i) => {
        const node = d.doc.getIn([wrapped, i], true) as YAML.YAMLMap | undefined;
        if (!node || !YAML.isMap(node)) return;
        const doc = { contents: node, getIn: (at: unknown[], keep?: boolean) => node.getIn(at, keep) };
        subs.push({ doc: doc as unknown as YAML.Document.Parsed, value, line: nodeLine(ctx, node, d.line) });
      });
      // An OpenShift Template's parameters carry the default a `${{REPLICAS}}` or `${REPLICAS}` value takes unless the
      // deployment passes another.
      const params: Record<string, string> = {};
      const list = (v as { parameters?: unknown }).parameters;
      if (wrapped === 'objects' && Array.isArray(list))
        for (const p of list as { name?: unknown; value?: unknown }[])
          if (p && typeof p.name === 'string' && (typeof p.value === 'string' || typeof p.value === 'number'))
            params[p.name] = String(p.value);
      collect(wrapped === 'objects' ? { ...ctx, templateParams: params } : ctx, subs, out, patch, patches);
      continue;
    }
    out.anyObject = true;
    const kind = v.kind;
    const rawName = typeof v.metadata?.name === 'string' ? v.metadata.name : '(unnamed)';
    const name = display(rawName);
    if (kind === 'ConfigMap' || kind === 'Secret' || kind === 'SealedSecret')
      out.defined.add(`${kind === 'ConfigMap' ? 'ConfigMap' : 'Secret'}/${rawName}`);
    if (kind === 'ExternalSecret')
      out.defined.add(`Secret/${typeof v.spec?.target?.name === 'string' ? v.spec.target.name : rawName}`);
    if (kind === 'Certificate' && typeof v.spec?.secretName === 'string')
      out.defined.add(`Secret/${v.spec.secretName}`);
    // Knative (and Cloud Run) services carry a pod template like a Deployment.
    const knative =
      kind === 'Service' && typeof v.apiVersion === 'string' && v.apiVersion.startsWith('serving.knative.dev/');
    const line = nodeLine(ctx, d.doc.contents, d.line);
    if (NAIS_KINDS.has(kind) && String(v.apiVersion).startsWith('nais.io/')) {
      out.workloads.push(naisWorkload(ctx, d, kind, name, line));
      continue;
    }
    if (!WORKLOAD_KINDS.has(kind) && !knative) {
      if (kind !== 'ConfigMap' && kind !== 'Secret' && !patch) {
        const ref = (v.spec as { scaleTargetRef?: { name?: unknown } } | undefined)?.scaleTargetRef?.name;
        const backends = EDGE_KINDS.has(kind) ? edgeBackends(v.spec) : undefined;
        out.objects.push({
          file: ctx.file,
          line,
          kind,
          apiVersion: String(v.apiVersion),
          name,
          helm: ctx.helm,
          ...(typeof ref === 'string' ? { target: display(ref) } : {}),
          ...(kind === 'Service' ? { service: serviceOf(ctx, d, line) } : {}),
          ...(backends ? { backends } : {}),
        });
      }
      continue;
    }
    const specPath = podSpecPath(kind);
    const workload: K8sWorkload = { file: ctx.file, line, kind, name, helm: ctx.helm, containers: [] };
    const labels = d.doc.getIn([...specPath.slice(0, -1), 'metadata', 'labels']);
    if (YAML.isMap(labels))
      workload.podLabels = labels.items.flatMap((i) =>
        YAML.isScalar(i.value) && typeof i.value.value === 'string' ? [display(i.value.value)] : [],
      );
    const replicasNode = d.doc.getIn(['spec', 'replicas'], true) as YAML.Scalar | undefined;
    if (replicasNode !== undefined && !podSpecPath(kind).includes('jobTemplate')) {
      let r = replicasNode?.value;
      // `${{REPLICAS}}` in an OpenShift Template: the parameter's default.
      const param = typeof r === 'string' ? /^\$\{\{?\s*(\w+)\s*\}?\}$/.exec(r.trim())?.[1] : undefined;
      if (param && ctx.templateParams?.[param] !== undefined) r = ctx.templateParams[param];
      const value = typeof r === 'number' ? r : typeof r === 'string' && /^\d+$/.test(r) ? Number(r) : 'template';
      workload.replicas = {
        value,
        line: nodeLine(ctx, replicasNode, line),
        ...(param && ctx.templateParams?.[param] !== undefined ? { param } : {}),
      };
    }
    const strategy = (kind === 'Deployment' ? ['spec', 'strategy'] : ['spec', 'updateStrategy']) as string[];
    const typeNode = d.doc.getIn([...strategy, 'type'], true) as YAML.Scalar | undefined;
    if (kind === 'Rollout') {
      const rs = (v.spec as { strategy?: Record<string, unknown> } | undefined)?.strategy;
      const type = rs ? Object.keys(rs).find((k) => k === 'canary' || k === 'blueGreen') : undefined;
      if (type) workload.strategy = { type, line: nodeLine(ctx, d.doc.getIn(['spec', 'strategy'], true), line) };
    } else if (typeof typeNode?.value === 'string')
      workload.strategy = { type: display(typeNode.value), line: nodeLine(ctx, typeNode, line) };
    if (kind === 'Pod' && /^(Never|OnFailure)$/.test(String(d.doc.getIn(['spec', 'restartPolicy']) ?? '')))
      workload.oneOff = true;
    const podUidNode = d.doc.getIn([...specPath, 'securityContext', 'runAsUser'], true) as YAML.Scalar | undefined;
    const podUid = podUidNode?.value;
    for (const [key, init] of [
      ['containers', false],
      ['initContainers', true],
    ] as const) {
      const seq = d.doc.getIn([...specPath, key], true);
      if (!YAML.isSeq(seq)) continue;
      for (const item of seq.items) {
        const c = containerOf(ctx, item, init);
        if (c && !c.runAsUser && typeof podUid === 'number')
          c.runAsUser = { uid: podUid, line: nodeLine(ctx, podUidNode, line) };
        if (c) workload.containers.push(c);
      }
    }
    if (patch || (!ctx.helm && !ctx.resource && isPatchFragment(v, kind, specPath))) {
      patches.push(workload);
      continue;
    }
    if (
      workload.containers.some((c) => [...(c.command ?? []), ...(c.args ?? [])].some((a) => LEADER_ELECT_FLAG.test(a)))
    )
      workload.leaderElect = true;
    out.workloads.push(workload);
    // ConfigMap/Secret references of the pod spec.
    const pod = getPath(v, specPath) as Record<string, unknown> | undefined;
    const addRef = (k: 'ConfigMap' | 'Secret', n: unknown, optional: unknown, node: unknown) => {
      if (typeof n !== 'string' || n.includes(TPL) || optional === true) return;
      out.refs.push({ file: ctx.file, line: nodeLine(ctx, node, line), kind: k, name: n, workload: `${kind}/${name}` });
    };
    for (const key of ['containers', 'initContainers']) {
      const seq = d.doc.getIn([...specPath, key], true);
      if (!YAML.isSeq(seq)) continue;
      seq.items.forEach((item) => {
        if (!YAML.isMap(item)) return;
        const envFrom = item.get('envFrom', true);
        if (YAML.isSeq(envFrom)) {
          for (const e of envFrom.items) {
            const j = (YAML.isMap(e) ? e.toJSON() : {}) as {
              configMapRef?: { name?: unknown; optional?: unknown };
              secretRef?: { name?: unknown; optional?: unknown };
            };
            if (j.configMapRef) addRef('ConfigMap', j.configMapRef.name, j.configMapRef.optional, e);
            if (j.secretRef) addRef('Secret', j.secretRef.name, j.secretRef.optional, e);
          }
        }
        const env = item.get('env', true);
        if (YAML.isSeq(env)) {
          for (const e of env.items) {
            const j = (YAML.isMap(e) ? e.toJSON() : {}) as {
              valueFrom?: {
                configMapKeyRef?: { name?: unknown; optional?: unknown };
                secretKeyRef?: { name?: unknown; optional?: unknown };
              };
            };
            const cm = j.valueFrom?.configMapKeyRef;
            const sk = j.valueFrom?.secretKeyRef;
            if (cm) addRef('ConfigMap', cm.name, cm.optional, e);
            if (sk) addRef('Secret', sk.name, sk.optional, e);
          }
        }
      });
    }
    const vols = d.doc.getIn([...specPath, 'volumes'], true);
    if (YAML.isSeq(vols) && pod) {
      for (const vol of vols.items) {
        const j = (YAML.isMap(vol) ? vol.toJSON() : {}) as {
          configMap?: { name?: unknown; optional?: unknown };
          secret?: { secretName?: unknown; optional?: unknown };
        };
        if (j.configMap) addRef('ConfigMap', j.configMap.name, j.configMap.optional, vol);
        if (j.secret) addRef('Secret', j.secret.secretName, j.secret.optional, vol);
      }
    }
  }
}

const NAIS_KINDS = new Set(['Application', 'Naisjob']);

/**
 * The variables a nais manifest's `{{ key }}` placeholders are filled from when it is deployed (the deploy action's
 * VARS file): YAML or JSON maps without apiVersion beside the manifest or in its vars/ folder (.nais/vars-prod.yaml,
 * .nais/vars/prod.yml, .nais/nais-prod.json), production's first.
 */
function naisVars(repo: RepoIndex, file: string): unknown[] {
  const dir = path.posix.dirname(file);
  return repo.files
    .filter(
      (f) =>
        f.path !== file &&
        /\.(?:ya?ml|json)$/.test(f.path) &&
        [dir, path.posix.join(dir, 'vars')].includes(path.posix.dirname(f.path)),
    )
    .map((f) => ({ prod: /prod/i.test(path.posix.basename(f.path)), value: repo.yaml(f.path) }))
    .filter((v) => !!v.value && typeof v.value === 'object' && !Array.isArray(v.value) && !('apiVersion' in v.value))
    .sort((a, b) => Number(b.prod) - Number(a.prod))
    .map((v) => v.value);
}

/**
 * The value of the one `{{ key }}` placeholder on a line of a nais manifest, from its vars (production's first). Inside
 * a Handlebars loop (`{{#each ingress as |url|}}` … `- {{url}}`, or `{{this}}`) the item stands for each element of the
 * looped list: the list itself is returned.
 */
function naisVar(ctx: ParseCtx, line: number): unknown {
  const key = /\{\{\s*([\w.-]+)\s*\}\}/.exec(ctx.rawLines[line - 1] ?? '')?.[1];
  if (!key) return undefined;
  const lookup = (k: string) => ctx.values?.map((v) => getPath(v, k.split('.'))).find((v) => v !== undefined);
  for (let i = line - 2; i >= Math.max(0, line - 4); i--) {
    const each = /\{\{#each\s+([\w.-]+)(?:\s+as\s+\|(\w+)\|)?\s*\}\}/.exec(ctx.rawLines[i] ?? '');
    if (each && key === (each[2] ?? 'this')) return lookup(each[1]!);
  }
  return lookup(key);
}

/**
 * A nais Application or Naisjob (NAV's platform: naiserator renders it into a Deployment or a (Cron)Job with its
 * Service, Ingress and autoscaler). It describes one container: `image`, `env` and `resources` as in a pod spec, probes
 * as paths (`liveness: { path: /isalive }`), and `replicas: { min, max }`, which naiserator sets to 2–4 when unwritten.
 */
function naisWorkload(ctx: ParseCtx, d: DocSource, kind: string, name: string, line: number): K8sWorkload {
  const spec = d.doc.getIn(['spec'], true);
  const node = (key: string) => (YAML.isMap(spec) ? spec.get(key, true) : undefined);
  const keyLine = (key: string) =>
    nodeLine(
      ctx,
      YAML.isMap(spec) ? spec.items.find((i) => (i.key as YAML.Scalar)?.value === key)?.key : undefined,
      line,
    );
  const probe = (key: string): K8sField => {
    const p = node(key);
    return YAML.isMap(p) && p.has('path') ? { present: true, line: keyLine(key), via: 'manifest' } : { present: false };
  };
  const value = (d.value as { spec?: Record<string, unknown> } | undefined)?.spec ?? {};
  const env = envList(value.env);
  const minNode = d.doc.getIn(['spec', 'replicas', 'min'], true);
  const minWritten = (value.replicas as { min?: unknown } | undefined)?.min;
  const min = minWritten === TPL ? (naisVar(ctx, nodeLine(ctx, minNode, line)) ?? minWritten) : minWritten;
  // Ingress URLs: written, a `- {{ key }}` item, or a whole `{{ key }}` line whose variable holds the YAML of the
  // `ingresses:` list.
  const ingresses = node('ingresses');
  const urls: { url: unknown; line: number }[] = YAML.isSeq(ingresses)
    ? ingresses.items.flatMap((i) => {
        const at = nodeLine(ctx, i, line);
        const v = YAML.isScalar(i) ? i.value : undefined;
        const url = v === TPL ? naisVar(ctx, at) : v;
        return (Array.isArray(url) ? url : [url]).map((u) => ({ url: u, line: at }));
      })
    : ctx.rawLines.flatMap((l, i) => {
        if (!/^\s+\{\{\s*[\w.-]+\s*\}\}\s*$/.test(l)) return [];
        const v = naisVar(ctx, i + 1);
        let list: unknown;
        try {
          list = typeof v === 'string' ? (YAML.parse(v) as { ingresses?: unknown } | null)?.ingresses : undefined;
        } catch {
          list = undefined;
        }
        return Array.isArray(list) ? list.map((url) => ({ url, line: i + 1 })) : [];
      });
  const https = urls.find((u): u is { url: string; line: number } => /^https:\/\//.test(String(u.url)));
  const container: K8sContainer = {
    name,
    line,
    init: false,
    liveness: probe('liveness'),
    readiness: probe('readiness'),
    startup: probe('startup'),
    resources:
      value.resources !== undefined
        ? { ...resourcesOf(value.resources), line: keyLine('resources'), via: 'manifest' }
        : { requests: false, limits: false },
    ...(typeof value.image === 'string' ? { image: { ref: display(value.image), line: keyLine('image') } } : {}),
    ...(Object.keys(env).length ? { env } : {}),
  };
  return {
    file: ctx.file,
    line,
    kind,
    name,
    helm: false,
    containers: [container],
    ...(https ? { httpsIngress: https } : {}),
    ...(kind === 'Application'
      ? {
          replicas:
            min === undefined
              ? { value: 2, line, platformDefault: true as const }
              : { value: typeof min === 'number' ? min : 'template', line: keyLine('replicas') },
        }
      : {}),
  };
}

/**
 * Charts built on bjw-s's `common` library (or its `app-template` chart) write no workload templates: the library
 * renders one per `controllers.<id>` of the values, with containers under `controllers.<id>.containers.<id>`. Their
 * probes are switched on one by one (`probes.liveness.enabled: true`; the library leaves a probe out otherwise).
 */
function libraryChartValuesRoot(repo: RepoIndex, chart: HelmChart): string[] | undefined {
  const deps = (repo.yaml(chart.path) as { dependencies?: unknown } | undefined)?.dependencies;
  if (!Array.isArray(deps)) return undefined;
  for (const d of deps as { name?: unknown; repository?: unknown; alias?: unknown }[]) {
    if (!d || typeof d.repository !== 'string' || !/bjw-s/.test(d.repository)) continue;
    // A library chart shares its parent's values; an application chart used as a dependency reads its own key.
    if (d.name === 'common') return [];
    if (d.name === 'app-template') return [typeof d.alias === 'string' ? d.alias : 'app-template'];
  }
  return undefined;
}

/**
 * A chart's dependency picked by `match` (its name and repository): the values key under which it reads its settings
 * (its alias, else its name), and the alias when one is given.
 */
function chartDependency(
  repo: RepoIndex,
  chart: HelmChart,
  match: (name: unknown, repository: string) => boolean,
): { key: string; alias?: string } | undefined {
  const deps = (repo.yaml(chart.path) as { dependencies?: unknown } | undefined)?.dependencies;
  if (!Array.isArray(deps)) return undefined;
  const dep = (deps as { name?: unknown; repository?: unknown; alias?: unknown }[]).find(
    (d) => typeof d?.repository === 'string' && match(d.name, d.repository),
  );
  if (!dep) return undefined;
  return typeof dep.alias === 'string' ? { key: dep.alias, alias: dep.alias } : { key: String(dep.name) };
}

/**
 * The charts that take `chart` as a dependency from a local folder (`repository: file://../backend`), each with the
 * values key it reads its settings under there (the dependency's alias, else its name).
 */
export function localChartDependents(
  repo: RepoIndex,
  chart: HelmChart,
  charts: readonly HelmChart[],
): { parent: HelmChart; key: string }[] {
  const out: { parent: HelmChart; key: string }[] = [];
  for (const parent of charts) {
    if (parent === chart) continue;
    const deps = (repo.yaml(parent.path) as { dependencies?: unknown } | undefined)?.dependencies;
    if (!Array.isArray(deps)) continue;
    for (const d of deps as { name?: unknown; repository?: unknown; alias?: unknown }[]) {
      if (typeof d?.repository !== 'string' || !d.repository.startsWith('file://')) continue;
      // `file://../base/` names the same folder as `file://../base` (join leaves one trailing slash at most).
      const joined = path.posix.join(parent.dir, d.repository.slice('file://'.length));
      const dir = joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
      if (dir !== chart.dir) continue;
      const key = typeof d.alias === 'string' ? d.alias : typeof d.name === 'string' ? d.name : undefined;
      if (key) out.push({ parent, key });
    }
  }
  return out;
}

/** The map under a top-level key of a values file: its node, its plain value and the key's node (for its line). */
function valuesBlock(
  repo: RepoIndex,
  file: string,
  key: string,
): { block: YAML.YAMLMap; js: Record<string, unknown>; keyNode: unknown } | undefined {
  const doc = repo.yamlDocuments(file)[0]?.doc;
  const pair = YAML.isMap(doc?.contents)
    ? doc.contents.items.find((i) => (i.key as YAML.Scalar | null)?.value === key)
    : undefined;
  if (!doc || !pair || !YAML.isMap(pair.value)) return undefined;
  return { block: pair.value, js: pair.value.toJS(doc) as Record<string, unknown>, keyNode: pair.key };
}

/**
 * HMPPS' `generic-service` chart (ministryofjustice/hmpps-helm-charts), which the Ministry of Justice's services on its
 * Cloud Platform depend on, renders one Deployment from the values under its key: liveness and readiness probes on
 * /health/liveness and /health/readiness, 4 replicas and an ingress that always carries TLS unless the values say
 * otherwise, resources only as written. Environment values often sit beside the chart's folder
 * (helm_deploy/values-prod.yaml beside helm_deploy/app/).
 */
function genericServiceWorkloads(repo: RepoIndex, chart: HelmChart): K8sWorkload[] {
  const dep = chartDependency(
    repo,
    chart,
    (name, repository) => name === 'generic-service' && /hmpps-helm-charts/.test(repository),
  );
  if (!dep) return [];
  const key = dep.key;
  const parent = path.posix.dirname(chart.dir);
  const beside = repo.files
    .filter(
      (f) => path.posix.dirname(f.path) === parent && /^values[-._][\w.-]+\.ya?ml$/.test(path.posix.basename(f.path)),
    )
    .map((f) => f.path);
  // values.yaml first, then the environments' files: a field counts where it is first written.
  const blocks = [...new Set([chart.values, ...(chart.overrides ?? []), ...beside])].flatMap((file) => {
    const at = file ? valuesBlock(repo, file, key) : undefined;
    return file && at ? [{ file, ...at }] : [];
  });
  const main = blocks[0]?.file === chart.values ? blocks[0] : undefined;
  const file = main?.file ?? chart.path;
  const lineIn = (f: string, node: unknown) => repo.lineAt(f, (node as YAML.Node | null)?.range?.[0] ?? 0);
  const line = main ? lineIn(main.file, main.keyNode) : 1;
  const written = (k: string) => {
    for (const b of blocks) {
      const pair = b.block.items.find((i) => (i.key as YAML.Scalar | null)?.value === k);
      if (pair) return { value: b.js[k], file: b.file, line: lineIn(b.file, pair.key) };
    }
    return undefined;
  };
  const probe = (k: string, byDefault: boolean): K8sField => {
    const w = written(k);
    if (!w) return byDefault ? { present: true, line, via: 'template' } : { present: false };
    return { present: probeSet(w.value), line: w.line, via: 'values', file: w.file };
  };
  const resources = written('resources');
  const replicaCount = written('replicaCount');
  const image = written('image')?.value as { repository?: unknown } | undefined;
  const env = written('env')?.value;
  const ingresses = blocks
    .map((b) => b.js.ingress as { enabled?: unknown; host?: unknown; hosts?: unknown } | undefined)
    .filter((x) => !!x && typeof x === 'object');
  // The last file that names a host is an environment's (values.yaml keeps a placeholder).
  const host = ingresses
    .map((x) => (Array.isArray(x!.hosts) && typeof x!.hosts[0] === 'string' ? x!.hosts[0] : x!.host))
    .filter((h): h is string => typeof h === 'string')
    .pop();
  const name = dep.alias ?? chart.name ?? key;
  const container: K8sContainer = {
    name,
    line,
    init: false,
    liveness: probe('livenessProbe', true),
    readiness: probe('readinessProbe', true),
    startup: probe('startupProbe', false),
    resources: resources
      ? { ...resourcesOf(resources.value), line: resources.line, via: 'values', file: resources.file }
      : { requests: false, limits: false },
    // The deploy sets the tag (`--set image.tag=<version>`); values.yaml keeps a placeholder.
    ...(typeof image?.repository === 'string' ? { image: { ref: `${display(image.repository)}:{{…}}`, line } } : {}),
    ...(env && typeof env === 'object' && !Array.isArray(env)
      ? {
          env: Object.fromEntries(
            Object.entries(env as Record<string, unknown>)
              .filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number')
              .map(([k, v]) => [k, String(v)]),
          ),
        }
      : {}),
  };
  const ingress = written('ingress');
  const ingressLine = ingress && ingress.file === file ? ingress.line : line;
  return [
    chartDeployment(
      file,
      line,
      name,
      container,
      typeof replicaCount?.value === 'number' && replicaCount.file === file
        ? { value: replicaCount.value, line: replicaCount.line }
        : { value: 4, line, platformDefault: true },
      ingresses.some((x) => x!.enabled === true) && host ? { url: `https://${host}`, line: ingressLine } : undefined,
    ),
  ];
}

/** The one Deployment an application chart (HMPPS generic-service, HMCTS java/nodejs) renders from its values. */
function chartDeployment(
  file: string,
  line: number,
  name: string,
  container: K8sContainer,
  replicas: K8sWorkload['replicas'],
  httpsIngress?: K8sWorkload['httpsIngress'],
): K8sWorkload {
  return {
    file,
    line,
    kind: 'Deployment',
    name,
    helm: true,
    containers: [container],
    replicas,
    ...(httpsIngress ? { httpsIngress } : {}),
  };
}

/** The registries HMCTS publishes its application charts to (`oci://hmctsprod.azurecr.io/helm`, the older public one). */
const HMCTS_CHART_REPO = /\bhmcts(?:public|prod)\.azurecr\.io\/helm\b/;

/**
 * HMCTS' `java` and `nodejs` charts (hmcts/chart-java, hmcts/chart-nodejs), which the court services on its AKS
 * clusters depend on, render one Deployment from the values under their key: liveness, readiness and startup probes on
 * the `livenessPath`/`readinessPath` the values may change (/health/liveness, /health/readiness by default), memory
 * and CPU requests and limits from `memoryRequests`, `cpuLimits` … (the chart's own defaults when not written), and
 * `replicas` pods (1 by default) or, with `autoscaling.enabled`, an autoscaler from `autoscaling.minReplicas`.
 */
function hmctsChartWorkloads(repo: RepoIndex, chart: HelmChart): K8sWorkload[] {
  const key = chartDependency(
    repo,
    chart,
    (name, repository) => (name === 'java' || name === 'nodejs') && HMCTS_CHART_REPO.test(repository),
  )?.key;
  const values = key && chart.values ? valuesBlock(repo, chart.values, key) : undefined;
  if (!key || !values || !chart.values) return [];
  const file = chart.values;
  const { block, js } = values;
  const lineOf = (node: unknown) => repo.lineAt(file, (node as YAML.Node | null)?.range?.[0] ?? 0);
  const line = lineOf(values.keyNode);
  const keyLine = (k: string): number | undefined => {
    const at = block.items.find((i) => (i.key as YAML.Scalar | null)?.value === k);
    return at ? lineOf(at.key) : undefined;
  };
  const byChart: K8sField = { present: true, line, via: 'template' };
  const written = (k: string): K8sField => {
    const at = keyLine(k);
    return at ? { present: true, line: at, via: 'values' } : byChart;
  };
  const scale = (js.autoscaling ?? {}) as { enabled?: unknown; minReplicas?: unknown };
  // The autoscaler's floor is cited at its own `minReplicas` line inside the `autoscaling` block.
  const minReplicasLine = (): number | undefined => {
    const auto = block.items.find((i) => (i.key as YAML.Scalar | null)?.value === 'autoscaling')?.value;
    const at = YAML.isMap(auto)
      ? auto.items.find((i) => (i.key as YAML.Scalar | null)?.value === 'minReplicas')
      : undefined;
    return at ? lineOf(at.key) : undefined;
  };
  const replicas =
    scale.enabled === true && typeof scale.minReplicas === 'number'
      ? { value: scale.minReplicas, line: minReplicasLine() ?? keyLine('autoscaling') ?? line }
      : typeof js.replicas === 'number'
        ? { value: js.replicas, line: keyLine('replicas') ?? line }
        : { value: 1, line, platformDefault: true as const };
  const resourceLine = ['memoryRequests', 'cpuRequests', 'memoryLimits', 'cpuLimits'].map(keyLine).find((l) => l);
  // The pipeline deploys the image it built (`--set java.image=…:<tag>`); values.yaml keeps a placeholder tag.
  const image = typeof js.image === 'string' ? `${js.image.replace(/:[\w.-]+$/, '')}:{{…}}` : undefined;
  const name = chart.name ?? key;
  return [
    chartDeployment(
      file,
      line,
      name,
      {
        name,
        line,
        init: false,
        liveness: written('livenessPath'),
        readiness: written('readinessPath'),
        startup: written('startupPath'),
        resources: {
          requests: true,
          limits: true,
          line: resourceLine ?? line,
          via: resourceLine ? 'values' : 'template',
        },
        ...(image ? { image: { ref: image, line: keyLine('image') ?? line } } : {}),
      },
      replicas,
    ),
  ];
}

const LIBRARY_CONTROLLER_KIND: Record<string, string> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
  cronjob: 'CronJob',
  job: 'Job',
};

interface LibrarySource {
  file: string;
  doc: YAML.Document.Parsed;
  lineAt: (offset: number) => number;
}

/** The documents a library chart takes values from: values.yaml, its overrides, and value blocks its templates define. */
function librarySources(repo: RepoIndex, chart: HelmChart): LibrarySource[] {
  const out: LibrarySource[] = [];
  for (const file of [chart.values, ...(chart.overrides ?? [])]) {
    if (!file) continue;
    for (const d of repo.yamlDocuments(file)) out.push({ file, doc: d.doc, lineAt: (o) => repo.lineAt(file, o) });
  }
  // Values a template merges in before calling the library (`{{- define "app.hardcodedValues" -}}` + `controllers:`).
  const prefix = chart.dir === '.' ? 'templates/' : `${chart.dir}/templates/`;
  for (const f of repo.files) {
    if (!f.path.startsWith(prefix) || !/\.(ya?ml|tpl)$/.test(f.path)) continue;
    const text = repo.read(f.path);
    if (!text || !/^\s*controllers:/m.test(text)) continue;
    const neutral = neutraliseTemplate(text);
    const lineAt = lineCounter(neutral);
    for (const d of parseDocs(neutral, lineAt)) out.push({ file: f.path, doc: d.doc, lineAt });
  }
  return out;
}

function libraryChartWorkloads(repo: RepoIndex, chart: HelmChart): K8sWorkload[] {
  const root = libraryChartValuesRoot(repo, chart);
  if (!root) return [];
  const byId = new Map<string, K8sWorkload>();
  for (const src of librarySources(repo, chart)) {
    const controllers = src.doc.getIn([...root, 'controllers'], true);
    if (!YAML.isMap(controllers)) continue;
    const ctx: ParseCtx = { file: src.file, helm: true, rawLines: [], lineAt: src.lineAt };
    const at = (node: unknown, fallback: number) => nodeLine(ctx, node, fallback);
    for (const pair of controllers.items) {
      const id = String((pair.key as YAML.Scalar | null)?.value ?? '');
      const ctrl = pair.value;
      if (!id || !YAML.isMap(ctrl)) continue;
      const json = ctrl.toJSON() as { enabled?: unknown; type?: unknown; replicas?: unknown; strategy?: unknown };
      if (json.enabled === false) continue;
      const line = at(pair.key, 1);
      let w = byId.get(id);
      if (!w) {
        const type = typeof json.type === 'string' ? json.type.toLowerCase() : 'deployment';
        const named = id === 'main' || !chart.name ? (chart.name ?? id) : `${chart.name}-${id}`;
        w = {
          file: src.file,
          line,
          kind: LIBRARY_CONTROLLER_KIND[type] ?? 'Deployment',
          name: named,
          helm: true,
          containers: [],
        };
        byId.set(id, w);
      }
      // Evidence cites the workload's file: what another block adds points at the controller.
      const own = src.file === w.file;
      const where = own ? at : () => w!.line;
      if (typeof json.replicas === 'number' && !w.replicas)
        w.replicas = { value: json.replicas, line: where(ctrl.get('replicas', true), line) };
      if (typeof json.strategy === 'string' && !w.strategy)
        w.strategy = { type: json.strategy, line: where(ctrl.get('strategy', true), line) };
      for (const [key, init] of [
        ['containers', false],
        ['initContainers', true],
      ] as const) {
        const map = ctrl.get(key, true);
        if (!YAML.isMap(map)) continue;
        for (const cp of map.items) {
          const cid = String((cp.key as YAML.Scalar | null)?.value ?? '');
          if (!cid || !YAML.isMap(cp.value)) continue;
          mergeLibraryContainer(w, libraryContainer(src, at, where, cid, cp.value, where(cp.key, line), init));
        }
      }
    }
  }
  // The only controller takes the release's name; several are suffixed with their ids.
  if (byId.size === 1 && chart.name) for (const w of byId.values()) w.name = chart.name;
  return [...byId.values()];
}

/** `at` gives lines in the block's own file (fields that name their file); `where` lines in the workload's file. */
function libraryContainer(
  src: LibrarySource,
  at: (node: unknown, fallback: number) => number,
  where: (node: unknown, fallback: number) => number,
  name: string,
  node: YAML.YAMLMap,
  line: number,
  init: boolean,
): K8sContainer {
  const file = src.file;
  // Probe blocks are often shared through anchors (`liveness: *probes`).
  const resolve = (n: unknown) => (YAML.isAlias(n) ? n.resolve(src.doc) : n);
  const value = node.toJS(src.doc) as {
    image?: { repository?: unknown; tag?: unknown };
    command?: unknown;
    args?: unknown;
    resources?: unknown;
    env?: unknown;
    securityContext?: { runAsUser?: unknown };
  };
  const probesNode = resolve(node.get('probes', true));
  const probes = YAML.isMap(probesNode) ? probesNode : undefined;
  const probe = (key: string): K8sField => {
    const p = probes ? resolve(probes.get(key, true)) : undefined;
    if (!YAML.isMap(p)) return { present: false };
    const enabled = p.get('enabled');
    const keyLine = at(probes?.items.find((i) => (i.key as YAML.Scalar | null)?.value === key)?.key, line);
    return { present: enabled === true || enabled === 'true', line: keyLine, via: 'values', file };
  };
  const repoName = value.image?.repository;
  const tag = value.image?.tag;
  const command = stringList(value.command);
  const args = stringList(value.args);
  const env: Record<string, string> = {};
  if (value.env && typeof value.env === 'object' && !Array.isArray(value.env))
    for (const [k, v] of Object.entries(value.env as Record<string, unknown>))
      if (typeof v === 'string' || typeof v === 'number') env[k] = String(v);
  const resources = resourcesOf(value.resources);
  const uid = value.securityContext?.runAsUser;
  return {
    name,
    line,
    init,
    liveness: probe('liveness'),
    readiness: probe('readiness'),
    startup: probe('startup'),
    resources: {
      ...resources,
      ...(value.resources !== undefined
        ? { line: at(node.get('resources', true), line), via: 'values' as const, file }
        : {}),
    },
    ...(typeof repoName === 'string' && repoName
      ? {
          image: {
            ref: `${display(repoName)}${typeof tag === 'string' || typeof tag === 'number' ? `:${display(String(tag))}` : ''}`,
            line: where(node.get('image', true), line),
          },
        }
      : {}),
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    ...(Object.keys(env).length ? { env } : {}),
    ...(typeof uid === 'number' ? { runAsUser: { uid, line: where(node.get('securityContext', true), line) } } : {}),
  };
}

/** The library merges value blocks by key: a container's field counts when any block sets it. */
function mergeLibraryContainer(w: K8sWorkload, c: K8sContainer): void {
  const have = w.containers.find((x) => x.name === c.name && x.init === c.init);
  if (!have) {
    w.containers.push(c);
    return;
  }
  for (const k of ['liveness', 'readiness', 'startup'] as const) if (!have[k].present && c[k].present) have[k] = c[k];
  if (!have.resources.requests && c.resources.requests) have.resources = { ...have.resources, ...c.resources };
  if (!have.resources.limits && c.resources.limits) have.resources = { ...have.resources, ...c.resources };
  have.image ??= c.image;
  have.runAsUser ??= c.runAsUser;
}

/** Parses neutralised template text into documents; never throws. */
function parseDocs(text: string, lineAt: (offset: number) => number): DocSource[] {
  try {
    const parsed = YAML.parseAllDocuments(text, { strict: false, uniqueKeys: false, logLevel: 'error' });
    return (Array.isArray(parsed) ? parsed : [parsed]).map((d: YAML.Document.Parsed) => {
      let value: unknown;
      try {
        value = d.toJS({ maxAliasCount: 1000 });
      } catch {
        value = undefined;
      }
      return { doc: d, value, line: lineAt(d.contents?.range?.[0] ?? 0) };
    });
  } catch {
    return [];
  }
}

const KUSTOMIZATION = /^(kustomization\.ya?ml|Kustomization)$/;
/**
 * apiVersion/kind documents that are not applied to a cluster: local development clusters (k3d, kind, ctlptl), build
 * loops (Skaffold), software catalogs (Backstage), workload specs for other tools (Score), one-click deploy templates of
 * hosting platforms (Zeabur's `apiVersion: zeabur.com/v1`, `kind: Template`).
 */
const NOT_CLUSTER_API = /^(?:k3d\.io|kind\.x-k8s\.io|ctlptl\.dev|skaffold|backstage\.io|score\.dev|zeabur\.com)\//;

const NON_MANIFEST_NAME =
  /^(Chart\.ya?ml|Chart\.lock|values([.-][\w.-]+)?\.ya?ml|kustomization\.ya?ml|\.?pre-commit-config\.ya?ml|mkdocs\.ya?ml|openapi\.ya?ml|swagger\.ya?ml)$/i;

/** `kubectl create secret generic db-creds --from-literal=…`, `kubectl create configmap app-config --from-file=…`. */
const KUBECTL_CREATE =
  /\bkubectl\s+(?:(?:-n|--namespace)[= ]\S+\s+)?create\s+(?:secret\s+(?:generic|tls|docker-registry)|configmap|cm)\s+(?:(?:-n|--namespace)[= ]\S+\s+)?([a-z0-9][a-z0-9.-]*)/;

/**
 * Secrets and ConfigMaps the repository's own deploy scripts create with kubectl (a start-up script that makes the
 * database password Secret before applying the manifests): defined, though not as a manifest.
 */
function imperativelyCreated(repo: RepoIndex): string[] {
  return repo
    .grep(KUBECTL_CREATE, {
      include: [
        '**/*.sh',
        '**/Makefile',
        '**/*.mk',
        '**/Justfile',
        '**/Taskfile.{yml,yaml}',
        ...ACTIONS_WORKFLOW_GLOBS,
      ],
      limit: 50,
    })
    .filter((h) => !/^\s*#/.test(h.text))
    .map((h) => `${/\bsecret\s/.test(h.text) ? 'Secret' : 'ConfigMap'}/${h.groups[1]}`);
}

/** Where the project's own program source (not its tests) matches. */
function programMatches(repo: RepoIndex, re: RegExp): GrepMatch[] {
  return repo.grep(re, { include: PROGRAM_FILES }).filter((h) => {
    const f = repo.get(h.path);
    return !!f && !f.isTest && isProgramSource(f);
  });
}

/** Program code building a Secret or ConfigMap object (`&corev1.Secret{`, Python's `client.V1ConfigMap(`). */
const CODE_BUILDS_OBJECT = /\b(?:corev1|v1|core|apiv1)\.(Secret|ConfigMap)\s*\{|\bV1(Secret|ConfigMap)\s*\(/;

/**
 * Secrets and ConfigMaps the project's own program creates at run time (an operator keeping its certificates in
 * `kedaorg-certs`): its code builds objects of that kind and names the missing one in a string (a flag's default, a
 * constant), though no manifest defines it.
 */
function createdByProgram(repo: RepoIndex, missing: readonly K8sRef[]): string[] {
  if (!missing.length) return [];
  const kinds = new Set(programMatches(repo, CODE_BUILDS_OBJECT).map((h) => h.groups[1] ?? h.groups[2]));
  return missing
    .filter((r) => kinds.has(r.kind) && programMatches(repo, new RegExp(`["'\`]${escapeRegExp(r.name)}["'\`]`)).length)
    .map((r) => `${r.kind}/${r.name}`);
}

export function detectK8s(repo: RepoIndex): K8sFacts {
  const charts: HelmChart[] = repo
    .byName(/^Chart\.ya?ml$/)
    .filter((f) => !f.isTest)
    .map((f) => {
      const dir = path.posix.dirname(f.path);
      const values = [`${dir}/values.yaml`, `${dir}/values.yml`]
        .map((p) => p.replace(/^\.\//, ''))
        .find((p) => repo.has(p));
      const name = (repo.yaml(f.path) as { name?: unknown } | undefined)?.name;
      const prefix = dir === '.' ? '' : `${dir}/`;
      const overrides = repo.files
        .filter(
          (x) =>
            x.path !== values &&
            x.path.startsWith(prefix) &&
            /^values[-._][\w.-]+\.ya?ml$/.test(x.path.slice(prefix.length)),
        )
        .map((x) => x.path);
      const v = values ? chartScaleValues(repo.yaml(values)) : undefined;
      return {
        path: f.path,
        dir,
        ...(typeof name === 'string' ? { name } : {}),
        ...(values ? { values } : {}),
        ...(overrides.length ? { overrides } : {}),
        ...(typeof v?.replicaCount === 'number' ? { replicaCount: v.replicaCount } : {}),
        ...(v?.autoscaling && typeof v.autoscaling === 'object' ? { autoscaling: v.autoscaling.enabled === true } : {}),
      };
    });
  const kustomizations = repo
    .byName(KUSTOMIZATION)
    .filter((f) => !f.isTest)
    .map((f) => f.path);
  const out: Collected = { workloads: [], objects: [], refs: [], defined: new Set(), anyObject: false };
  const patchFiles = new Set<string>();
  const resourceFiles = new Set<string>();
  for (const k of kustomizations) {
    const kz = (repo.yaml(k) ?? {}) as {
      resources?: unknown[];
      patchesStrategicMerge?: unknown[];
      patches?: unknown[];
      configMapGenerator?: { name?: unknown }[];
      secretGenerator?: { name?: unknown }[];
    };
    const dir = path.posix.dirname(k);
    for (const r of Array.isArray(kz.resources) ? kz.resources : [])
      if (typeof r === 'string') resourceFiles.add(path.posix.normalize(path.posix.join(dir, r)));
    for (const p of [...(kz.patchesStrategicMerge ?? []), ...(kz.patches ?? [])]) {
      const rel =
        typeof p === 'string'
          ? p
          : typeof (p as { path?: unknown })?.path === 'string'
            ? (p as { path: string }).path
            : undefined;
      if (rel && !rel.includes('\n')) patchFiles.add(path.posix.normalize(path.posix.join(dir, rel)));
    }
    for (const g of kz.configMapGenerator ?? [])
      if (typeof g?.name === 'string') out.defined.add(`ConfigMap/${g.name}`);
    for (const g of kz.secretGenerator ?? []) if (typeof g?.name === 'string') out.defined.add(`Secret/${g.name}`);
  }
  // krane's encrypted secrets (`secrets.ejson` beside the templates): each key of `kubernetes_secrets` is a Secret it
  // creates when it deploys.
  for (const f of repo.byName(/\.ejson$/)) {
    const secrets = (repo.json(f.path) as { kubernetes_secrets?: unknown } | undefined)?.kubernetes_secrets;
    if (secrets && typeof secrets === 'object' && !Array.isArray(secrets))
      for (const name of Object.keys(secrets)) out.defined.add(`Secret/${name}`);
  }
  const manifests: string[] = [];
  const patches: K8sWorkload[] = [];
  for (const f of repo.files) {
    // Manifests rendered by a template engine before they are applied: ERB (krane/kubernetes-deploy
    // `web.yaml.erb`) and Jinja (`deployment.yaml.j2`), read like other templated manifests.
    const engineTemplate = /\.ya?ml\.(?:erb|j2|jinja2?)$/i.test(f.path);
    if (f.isTest || (!/\.ya?ml$/i.test(f.path) && !/\.tpl$/.test(f.path) && !engineTemplate)) continue;
    const base = path.posix.basename(f.path);
    const chart = charts.find((c) => f.path.startsWith(c.dir === '.' ? 'templates/' : `${c.dir}/templates/`));
    if (
      NON_MANIFEST_NAME.test(base) ||
      isComposePath(f.path) ||
      // CI folders hold workflows, not manifests; a Helm chart kept there (`.github/helm/app/`) is still a chart.
      (/(^|\/)\.(github|gitlab|circleci|devcontainer)\//.test(f.path) && !chart) ||
      inToolRunFolder(f.path) ||
      // Resources bundled into a JVM application (an app's own apiVersion/kind extension documents) are data the
      // application reads, not manifests applied to a cluster.
      /(^|\/)src\/(?:main|test)\/resources\//.test(f.path)
    )
      continue;
    const raw = repo.read(f.path);
    if (raw === undefined) continue;
    // ERB tags become template actions (`<%= current_sha %>` → `{{ current_sha }}`), lines kept.
    const text = engineTemplate && raw.includes('<%') ? raw.replace(/<%(?!%)-?=?/g, '{{').replace(/-?%>/g, '}}') : raw;
    if (chart) {
      if (!/\.ya?ml$/i.test(f.path) || !/^\s*kind:/m.test(text)) continue;
      const neutral = neutraliseTemplate(text);
      const lineAt = lineCounter(neutral);
      const docs = parseDocs(neutral, lineAt);
      const before = out.anyObject;
      out.anyObject = false;
      const values = [chart.values, ...(chart.overrides ?? [])]
        .filter((x): x is string => !!x)
        .map((x) => repo.yaml(x));
      collect({ file: f.path, helm: true, rawLines: text.split('\n'), lineAt, values }, docs, out, false, patches);
      if (out.anyObject) manifests.push(f.path);
      out.anyObject = before || out.anyObject;
      continue;
    }
    if (!/^apiVersion:/m.test(text) || !/^kind:/m.test(text)) continue;
    const before = out.anyObject;
    out.anyObject = false;
    // Manifests templated by other tools (envsubst-free `{{ image }}`, Jinja, gomplate) are read like Helm templates, without values.
    const templated = text.includes('{{') || (engineTemplate && text.includes('{%'));
    const neutral = templated ? neutraliseTemplate(text) : text;
    const lineAt = templated ? lineCounter(neutral) : (o: number) => repo.lineAt(f.path, o);
    const vars = templated && /^apiVersion:\s*["']?nais\.io\//m.test(text) ? naisVars(repo, f.path) : [];
    collect(
      {
        file: f.path,
        helm: templated,
        rawLines: text.split('\n'),
        lineAt,
        resource: resourceFiles.has(f.path),
        ...(vars.length ? { values: vars } : {}),
      },
      templated ? parseDocs(neutral, lineAt) : repo.yamlDocuments(f.path),
      out,
      patchFiles.has(f.path),
      patches,
    );
    if (out.anyObject) manifests.push(f.path);
    out.anyObject = before || out.anyObject;
  }
  // Kustomize strategic-merge patches add probes/resources to base containers of the same workload and container name.
  for (const p of patches) {
    for (const w of out.workloads.filter((x) => x.name === p.name && x.kind === p.kind)) {
      for (const pc of p.containers) {
        const c = w.containers.find((x) => x.name === pc.name && x.init === pc.init);
        if (!c) continue;
        for (const k of ['liveness', 'readiness', 'startup'] as const)
          if (!c[k].present && pc[k].present) c[k] = { ...pc[k], file: p.file };
        if (!c.resources.requests && pc.resources.requests)
          c.resources = { ...c.resources, requests: true, line: pc.resources.line, file: p.file };
        if (!c.resources.limits && pc.resources.limits)
          c.resources = { ...c.resources, limits: true, line: pc.resources.line, file: p.file };
      }
    }
  }
  for (const chart of charts)
    out.workloads.push(
      ...libraryChartWorkloads(repo, chart),
      ...genericServiceWorkloads(repo, chart),
      ...hmctsChartWorkloads(repo, chart),
    );
  withoutExamples(out);
  withoutUpstreamCharts(repo, out, charts);
  const held = heldByCode(repo, out.workloads, out.objects);
  for (const m of manifests) if (inPythonPackage(repo, m)) held.add(m);
  if (held.size) {
    const kept = <T extends { file: string }>(xs: T[]) => xs.filter((x) => !held.has(x.file));
    out.workloads = kept(out.workloads);
    out.objects = kept(out.objects);
    out.refs = kept(out.refs);
    manifests.splice(0, manifests.length, ...manifests.filter((m) => !held.has(m)));
  }
  if (out.refs.some((r) => !out.defined.has(`${r.kind}/${r.name}`)))
    for (const name of imperativelyCreated(repo)) out.defined.add(name);
  for (const name of createdByProgram(
    repo,
    out.refs.filter((r) => !out.defined.has(`${r.kind}/${r.name}`)),
  ))
    out.defined.add(name);
  const unresolvedRefs = out.refs.filter((r) => !out.defined.has(`${r.kind}/${r.name}`));
  // Dapr's own resources (`apiVersion: dapr.io/v1alpha1` Components, Configurations, Resiliency policies,
  // Subscriptions) are read by the sidecar wherever it runs: `dapr run --resources-path components/` loads the same
  // files on a developer's machine or a VM. A repository whose only Kubernetes-shaped files are Dapr's describes no
  // cluster; beside workloads, charts or kustomizations they are applied to the cluster with them.
  if (
    manifests.length &&
    !charts.length &&
    !kustomizations.length &&
    !out.workloads.length &&
    manifests.every((m) => daprResourcesOnly(repo.read(m) ?? ''))
  ) {
    manifests.length = 0;
    out.objects = [];
  }
  return {
    any: manifests.length > 0 || charts.length > 0 || kustomizations.length > 0,
    manifests,
    charts,
    kustomizations,
    workloads: out.workloads,
    objects: out.objects,
    refs: out.refs,
    unresolvedRefs,
  };
}

/** Every document of a YAML file is one of Dapr's resources (`apiVersion: dapr.io/…`). */
function daprResourcesOnly(text: string): boolean {
  const versions = [...text.matchAll(/^[ \t]*apiVersion:[ \t]*["']?([\w./-]+)/gm)].map((m) => m[1]!);
  return versions.length > 0 && versions.every((v) => v.startsWith('dapr.io/'));
}

/** A container's `command` or `args`: a list, or one string (a chart value), each item shown as `show` renders it. */
function stringList(v: unknown, show: (s: string) => string = (s) => s): string[] | undefined {
  return Array.isArray(v) ? v.map((x) => show(String(x))) : typeof v === 'string' ? [show(v)] : undefined;
}
