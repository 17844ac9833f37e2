import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import {
  type HclAttr,
  type HclBlock,
  type HclScope,
  type HclValue,
  hclAttr,
  hclBlocks,
  hclPlain,
  hclScope,
  parseHcl,
  resolveHcl,
} from './hcl.js';
import type { PlatformId, PlatformInstances } from './platform.js';

/**
 * Container services Terraform deploys: `aws_ecs_service` with its `aws_ecs_task_definition` (container definitions
 * with their healthCheck, the desired count, an Application Auto Scaling target, the deployment circuit breaker, the
 * load balancer's health check), `google_cloud_run_v2_service` / `google_cloud_run_service` (probes, scaling),
 * `aws_apprunner_service` (health check, auto scaling configuration) and `azurerm_container_app` (probes, replicas);
 * and module calls that run an image on Kubernetes through a shared module kept outside the repository (DfE's
 * `aks/application`: `docker_image`, `replicas`, `probe_path`), read by their inputs. Each is a deployment target of
 * the platform fact with the images it runs, so the component that builds an image is the one the service deploys.
 * Variable defaults and locals of the module folder fill in `var.…` and `local.…`; a count read from a variable takes
 * the value the production variable file gives it (`config/production.tfvars.json`).
 */
export interface TerraformService {
  platform: Extract<PlatformId, 'ecs' | 'cloud-run' | 'app-runner' | 'azure-container-apps' | 'kubernetes'>;
  name: string;
  path: string;
  line: number;
  /** The resource address: `aws_ecs_service.api`, or the module call's: `module.api_application`. */
  resource: string;
  /** The images its containers run, as far as variable defaults and locals resolve them. */
  images: string[];
  /**
   * Its serving containers' names (task definition `name`, load balancer `container_name`), when it names them; for an
   * image left to a variable without default, the name the variable gives it (`var.api_image_id` → `api`).
   */
  containers?: string[];
  healthCheck?: { line: number; note: string; tcpOnly?: boolean };
  instances?: PlatformInstances;
  strategy?: { value: string; line: number };
  /** The platform builds the app from its source (App Runner's code repository). */
  sourceBuild?: string;
  /** Described by the inputs of a module call whose module is kept outside the repository. */
  moduleCall?: true;
}

/** The resource types read; a .tf file without one of these names is not parsed. */
const SERVICE_TYPES = [
  'aws_ecs_service',
  'google_cloud_run_v2_service',
  'google_cloud_run_service',
  'aws_apprunner_service',
  'azurerm_container_app',
];

/** Folders of examples, tests and vendored modules: what they deploy is not the repository's service. */
const NOT_DEPLOYED = /(?:^|\/)(?:\.terraform|examples?|tests?|fixtures?|testdata)\//;

interface Module {
  dir: string;
  scope: HclScope;
  /** Resources by address (`aws_ecs_task_definition.api`), with the file that holds each. */
  resources: Map<string, { block: HclBlock; file: string }>;
  /** Module calls, with the file that holds each. */
  calls: { block: HclBlock; file: string }[];
  /** Numbers the production variable file sets, by variable name. */
  production: Map<string, { n: number; path: string; line: number }>;
}

/** The Terraform files that may deploy the repository's services (not tests, examples or vendored modules). */
const deployedTfFiles = (repo: RepoIndex) =>
  repo.files.filter((f) => f.path.endsWith('.tf') && !f.isTest && !NOT_DEPLOYED.test(f.path));

export function terraformServices(repo: RepoIndex): TerraformService[] {
  return repo.memo('terraform:services', () => {
    const files = deployedTfFiles(repo);
    const dirs = new Set<string>();
    for (const f of files) {
      const text = repo.read(f.path);
      if (text && (SERVICE_TYPES.some((t) => text.includes(t)) || MODULE_CALL.test(text)))
        dirs.add(path.posix.dirname(f.path));
    }
    const out: TerraformService[] = [];
    for (const dir of [...dirs].sort()) {
      const mod = readModule(
        repo,
        dir,
        files.map((f) => f.path).filter((p) => path.posix.dirname(p) === dir),
      );
      for (const [address, { block, file }] of mod.resources) {
        // A data source (`data "google_cloud_run_service" "api"`) looks up a service deployed elsewhere (its URL for a
        // test trigger): kept for references, but it deploys nothing.
        if (block.type === 'data') continue;
        const type = block.labels[0];
        const s =
          type === 'aws_ecs_service'
            ? ecsService(repo, mod, block)
            : type === 'google_cloud_run_v2_service' || type === 'google_cloud_run_service'
              ? cloudRunService(mod, block)
              : type === 'aws_apprunner_service'
                ? appRunnerService(mod, block)
                : type === 'azurerm_container_app'
                  ? containerApp(mod, block)
                  : undefined;
        if (s) out.push({ ...s, path: file, line: block.line, resource: address });
      }
      for (const { block, file } of mod.calls) {
        const s = kubernetesModule(mod, block);
        if (s) out.push({ ...s, path: file, line: block.line, resource: `module.${block.labels[0]}` });
      }
    }
    return out;
  });
}

function readModule(repo: RepoIndex, dir: string, paths: string[]): Module {
  const all: HclBlock[] = [];
  const resources = new Map<string, { block: HclBlock; file: string }>();
  const calls: Module['calls'] = [];
  for (const p of paths.sort()) {
    const blocks = repo.fileMemo('hcl', p, () => parseHcl(repo.read(p) ?? ''));
    all.push(...blocks);
    for (const b of blocks)
      if ((b.type === 'resource' || b.type === 'data') && b.labels.length >= 2)
        resources.set(`${b.type === 'data' ? 'data.' : ''}${b.labels[0]}.${b.labels[1]}`, { block: b, file: p });
      else if (b.type === 'module' && b.labels[0]) calls.push({ block: b, file: p });
  }
  return { dir, scope: hclScope(all), resources, calls, production: productionVariables(repo, dir) };
}

/**
 * A production variable file of a module folder, there or in a folder under it (`config/production.tfvars.json`,
 * `prod.tfvars`); `pre-production` and `preprod` are not production.
 */
const PRODUCTION_TFVARS = /^(?!.*pre[-_]?prod)(?:[\w-]*[_.-])?(?:production|prod)\.tfvars(?:\.json)?$/;

/** The numbers a production variable file sets: JSON (`"replicas": 2`) or HCL (`replicas = 2`). */
function productionVariables(repo: RepoIndex, dir: string): Module['production'] {
  const out: Module['production'] = new Map();
  const under = dir === '.' ? '' : `${dir}/`;
  const file = repo.files.find(
    (f) => f.path.startsWith(under) && PRODUCTION_TFVARS.test(path.posix.basename(f.path)) && !f.isTest,
  );
  if (!file) return out;
  const lines = repo.lines(file.path);
  lines.forEach((l, i) => {
    const m = /^\s*"?([A-Za-z_][\w-]*)"?\s*[:=]\s*(\d+)\s*,?\s*$/.exec(l);
    if (m) out.set(m[1]!, { n: Number(m[2]), path: file.path, line: i + 1 });
  });
  return out;
}

type Found = Omit<TerraformService, 'path' | 'line' | 'resource'>;

const num = (v: HclValue | undefined): number | undefined =>
  v?.t === 'num' ? v.v : v?.t === 'str' && /^\d+$/.test(v.v.trim()) ? Number(v.v) : undefined;
const str = (v: HclValue | undefined): string | undefined => (v?.t === 'str' ? v.v : undefined);

/** An attribute's value resolved from variable defaults and locals, as a number or a string. */
const resolvedNum = (mod: Module, b: HclBlock | HclValue | undefined, key: string): number | undefined =>
  num(resolveHcl(hclAttr(b, key)?.value, mod.scope));
const resolvedStr = (mod: Module, b: HclBlock | HclValue | undefined, key: string): string | undefined =>
  str(resolveHcl(hclAttr(b, key)?.value, mod.scope));

/** The images a resource's containers run, each once. */
const containerImages = (mod: Module, containers: HclBlock[]): string[] => [
  ...new Set(containers.map((c) => imageOf(mod, hclAttr(c, 'image')?.value)).filter((x): x is string => !!x)),
];

/** Parts of an image reference a variable may hold (`image_tag` → `tag`): no component's name. */
const IMAGE_PARTS = /^(?:id|uri|url|name|tag|ref|digest|version|registry|repo|repository)$/i;

/**
 * What the variables an image is left to are named for (`image = var.api_image_id` → `api`,
 * `"${var.image_frontend}:${var.tag}"` → `frontend`): CI passes the image it built for that component.
 */
const imageVariableNames = (mod: Module, containers: HclBlock[]): string[] => [
  ...new Set(
    containers.flatMap((c) => {
      const v = hclAttr(c, 'image')?.value;
      if (imageOf(mod, v) && !imageOf(mod, v)!.includes('${')) return [];
      const text = v?.t === 'expr' || v?.t === 'str' ? v.v : '';
      const name = /(?:^|\$\{\s*)(?:var|local)\.([\w-]+)/.exec(text.trim())?.[1];
      const stem = name
        ?.replace(/^(?:docker|container)?[_-]?image[_-]/i, '')
        .replace(/[_-](?:docker[_-]|container[_-])?image(?:[_-](?:id|uri|url|name|tag|ref|digest))?$/i, '');
      return stem && stem !== name && /^[a-z][\w-]*$/i.test(stem) && !IMAGE_PARTS.test(stem) ? [stem] : [];
    }),
  ),
];

/** The name of the variable a value is read from (`var.api_desired_count`), when it is one. */
const variableOf = (v: HclValue | undefined): string | undefined =>
  v?.t === 'expr' ? /^var\.([\w-]+)$/.exec(v.v.trim())?.[1] : undefined;

/** A count written, a variable's production value or its default, as instances. */
function countOf(mod: Module, v: HclValue | undefined, line: number, label: string): PlatformInstances | undefined {
  if (!v) return undefined;
  const variable = variableOf(v);
  const prod = variable ? mod.production.get(variable) : undefined;
  if (prod)
    return {
      count: prod.n,
      line: prod.line,
      path: prod.path,
      note: `${label} ${prod.n} (var.${variable} in the production variables)`,
    };
  const n = num(resolveHcl(v, mod.scope));
  if (n === undefined) return undefined;
  return {
    count: n,
    line,
    note: variable ? `${label} ${n} (the default of var.${variable}; the operator may set another)` : `${label} ${n}`,
    ...(variable ? { variable } : {}),
  };
}

/** An image reference resolved from variable defaults and locals; undefined when nothing of it is known. */
function imageOf(mod: Module, v: HclValue | undefined): string | undefined {
  const r = resolveHcl(v, mod.scope);
  if (r?.t !== 'str' || !r.v.trim()) return undefined;
  return r.v.trim();
}

/** An ECS container definition, from HCL (`jsonencode([...])`) or JSON (a heredoc, `file()`, `templatefile()`). */
interface EcsContainer {
  name?: string;
  image?: string;
  essential: boolean;
  healthCheck: boolean;
}

/** JSON with Terraform interpolations left in: a bare `${…}` (a number or a list) is read as null. */
function templateJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/(?<!["\w])\$\{[^}\n]*\}(?!["\w])/g, 'null'));
    } catch {
      return undefined;
    }
  }
}

function ecsContainers(repo: RepoIndex, mod: Module, value: HclValue | undefined, depth = 0): EcsContainer[] {
  const v = resolveHcl(value, mod.scope);
  if (!v || depth > 3) return [];
  if (v.t === 'call' && v.name === 'jsonencode') return ecsContainers(repo, mod, v.args[0], depth + 1);
  if (v.t === 'list')
    return v.v
      .filter((c) => c.t === 'obj')
      .map((c) => {
        const essential = resolveHcl(hclAttr(c, 'essential')?.value, mod.scope);
        return {
          name: str(hclAttr(c, 'name')?.value),
          image: imageOf(mod, hclAttr(c, 'image')?.value),
          essential: !(essential?.t === 'bool' && !essential.v),
          healthCheck: !!hclAttr(c, 'healthCheck'),
        };
      });
  let json: unknown;
  if (v.t === 'str') json = templateJson(v.v);
  else if (v.t === 'call' && (v.name === 'file' || v.name === 'templatefile')) {
    const arg = str(v.args[0]);
    if (!arg) return [];
    const rel = arg.replace(/\$\{\s*path\.(?:module|root)\s*\}\/?/, '');
    const file = path.posix.normalize(path.posix.join(mod.dir, rel));
    const text = repo.read(file);
    json = text ? templateJson(text) : undefined;
  }
  const list = Array.isArray(json) ? json : [];
  return list
    .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object')
    .map((c) => ({
      name: typeof c.name === 'string' ? c.name : undefined,
      image: typeof c.image === 'string' ? (imageOf(mod, { t: 'str', v: c.image, line: 0 }) ?? c.image) : undefined,
      essential: c.essential !== false,
      healthCheck: !!c.healthCheck && typeof c.healthCheck === 'object',
    }));
}

/** The resource an attribute points at (`aws_ecs_task_definition.api.arn` → the task definition). */
function referenced(mod: Module, v: HclValue | undefined, types: string[]): HclBlock | undefined {
  const text = v?.t === 'expr' ? v.v : v?.t === 'str' ? v.v : '';
  // `aws_ecs_task_definition.api.arn`, or one instance of a counted resource (`….temporal[0].arn`).
  for (const m of text.matchAll(/\b([a-z]\w*)\.([\w-]+)(?:\[[\w.]*\])?\.(?:arn|id|name|family|revision)\b/g)) {
    if (!types.includes(m[1]!)) continue;
    const r = mod.resources.get(`${m[1]}.${m[2]}`);
    if (r) return r.block;
  }
  return undefined;
}

function ecsService(repo: RepoIndex, mod: Module, svc: HclBlock): Found {
  const td = referenced(mod, hclAttr(svc, 'task_definition')?.value, ['aws_ecs_task_definition']);
  const defs = td ? hclAttr(td, 'container_definitions') : undefined;
  const containers = ecsContainers(repo, mod, defs?.value);
  const serving = containers.filter((c) => c.essential);
  const images = [...new Set(serving.map((c) => c.image).filter((x): x is string => !!x))];
  const checked = serving.find((c) => c.healthCheck);
  let healthCheck: TerraformService['healthCheck'];
  if (checked && defs)
    healthCheck = {
      line: defs.line,
      note: `ECS container healthCheck (${checked.name ?? 'container'}, task definition ${td!.labels[1]})`,
    };
  else {
    // ECS replaces tasks that fail the health check of the load balancer target group they are registered with.
    for (const lb of hclBlocks(svc, 'load_balancer')) {
      const tg = referenced(mod, hclAttr(lb, 'target_group_arn')?.value, [
        'aws_lb_target_group',
        'aws_alb_target_group',
      ]);
      const hc = hclBlocks(tg, 'health_check')[0];
      if (!tg || !hc) continue;
      const protocol = resolvedStr(mod, hc, 'protocol')?.toUpperCase();
      const tgProtocol = resolvedStr(mod, tg, 'protocol')?.toUpperCase();
      const tcpOnly = protocol === 'TCP' || (!protocol && tgProtocol === 'TCP');
      const where = str(hclAttr(hc, 'path')?.value);
      healthCheck = {
        line: lb.line,
        note: `load balancer target group ${tg.labels[1]} health check${where ? ` (${where})` : ''}: ECS replaces tasks that fail it`,
        ...(tcpOnly ? { tcpOnly } : {}),
      };
      break;
    }
  }
  // Application Auto Scaling targets whose resource id names this service.
  const name = svc.labels[1]!;
  const own = new RegExp(`\\baws_ecs_service\\.${escapeRegExp(name)}\\.name\\b`);
  const svcName = resolvedStr(mod, svc, 'name');
  let instances: PlatformInstances | undefined;
  for (const { block } of mod.resources.values()) {
    if (block.labels[0] !== 'aws_appautoscaling_target') continue;
    const id = hclAttr(block, 'resource_id')?.value;
    const text = id?.t === 'str' || id?.t === 'expr' ? id.v : '';
    if (!own.test(text) && !(svcName && !svcName.includes('$') && text.endsWith(`/${svcName}`))) continue;
    const min = resolvedNum(mod, block, 'min_capacity');
    const max = resolvedNum(mod, block, 'max_capacity');
    if (max !== undefined && max <= 1) continue;
    instances = {
      ...(min !== undefined ? { count: min } : {}),
      autoscale: true,
      line: block.line,
      note: `Application Auto Scaling ${min ?? '?'}–${max ?? '?'} tasks (${block.labels[1]})`,
    };
    break;
  }
  const desired = hclAttr(svc, 'desired_count');
  instances ??= countOf(mod, desired?.value, desired?.line ?? svc.line, 'desired_count');
  // Without desired_count ECS runs none (0) unless a scheduling strategy of DAEMON runs one per instance.
  const breaker = hclBlocks(svc, 'deployment_circuit_breaker')[0];
  const rollback = breaker ? resolveHcl(hclAttr(breaker, 'rollback')?.value, mod.scope) : undefined;
  const controller = resolvedStr(mod, hclBlocks(svc, 'deployment_controller')[0], 'type');
  const strategy =
    controller === 'CODE_DEPLOY'
      ? { value: 'CodeDeploy blue/green (bluegreen)', line: hclBlocks(svc, 'deployment_controller')[0]!.line }
      : rollback?.t === 'bool' && rollback.v
        ? { value: 'deployment circuit breaker with rollback', line: breaker!.line }
        : undefined;
  // The containers it serves by name: the load balancer's `container_name` says it when the task definition is built in
  // a module of its own (`module.task.task_definition.arn`).
  const containerNames = [
    ...serving.map((c) => c.name),
    ...hclBlocks(svc, 'load_balancer').map((lb) => resolvedStr(mod, lb, 'container_name')),
  ].filter((n): n is string => !!n && !n.includes('$'));
  return {
    platform: 'ecs',
    name: 'Amazon ECS (Terraform)',
    images,
    ...(containerNames.length ? { containers: [...new Set(containerNames)] } : {}),
    ...(healthCheck ? { healthCheck } : {}),
    ...(instances ? { instances } : {}),
    ...(strategy ? { strategy } : {}),
  };
}

/** A probe block's health check: HTTP or gRPC (the app answers), or only a TCP connect. */
function probeCheck(probes: HclBlock[], label: string, tcpKeys: string[]): TerraformService['healthCheck'] | undefined {
  const p = probes[0];
  if (!p) return undefined;
  const tcpOnly = p.blocks.every((b) => tcpKeys.includes(b.type)) && !str(hclAttr(p, 'path')?.value);
  const transport = str(hclAttr(p, 'transport')?.value)?.toUpperCase();
  return {
    line: p.line,
    note: `${label} ${p.type}`,
    ...(tcpOnly && (transport === undefined || transport === 'TCP') ? { tcpOnly: true } : {}),
  };
}

function cloudRunService(mod: Module, svc: HclBlock): Found {
  const template = hclBlocks(svc, 'template')[0];
  // v2 keeps containers in the template; v1 in template.spec.
  const spec = hclBlocks(template, 'spec')[0] ?? template;
  const containers = hclBlocks(spec, 'containers');
  const images = containerImages(mod, containers);
  const named = imageVariableNames(mod, containers);
  const probes = containers.flatMap((c) => [...hclBlocks(c, 'liveness_probe'), ...hclBlocks(c, 'startup_probe')]);
  const healthCheck = probeCheck(probes, 'Cloud Run', ['tcp_socket']);
  let instances: PlatformInstances | undefined;
  const scaling = hclBlocks(template, 'scaling')[0] ?? hclBlocks(svc, 'scaling')[0];
  const max = resolvedNum(mod, scaling, 'max_instance_count');
  const min = resolvedNum(mod, scaling, 'min_instance_count');
  const annotations = hclPlain(hclAttr(hclBlocks(template, 'metadata')[0], 'annotations')?.value) as
    | Record<string, unknown>
    | undefined;
  const maxScale = Number(annotations?.['autoscaling.knative.dev/maxScale'] ?? Number.NaN);
  const top = max ?? (Number.isFinite(maxScale) ? maxScale : undefined);
  if (top === 1)
    instances = { count: 1, line: scaling?.line ?? template?.line ?? svc.line, note: 'at most 1 instance' };
  else if (top !== undefined || min !== undefined)
    instances = {
      ...(min !== undefined ? { count: min } : {}),
      autoscale: true,
      line: scaling?.line ?? template?.line ?? svc.line,
      note: `autoscaling ${min ?? 0}–${top ?? 'the default maximum of'} instances`,
    };
  return {
    platform: 'cloud-run',
    name: 'Cloud Run (Terraform)',
    images,
    ...(named.length ? { containers: named } : {}),
    ...(healthCheck ? { healthCheck } : {}),
    ...(instances ? { instances } : {}),
  };
}

function appRunnerService(mod: Module, svc: HclBlock): Found {
  const source = hclBlocks(svc, 'source_configuration')[0];
  const repoImage = hclBlocks(source, 'image_repository')[0];
  const image = imageOf(mod, hclAttr(repoImage, 'image_identifier')?.value);
  const hc = hclBlocks(svc, 'health_check_configuration')[0];
  const protocol = resolvedStr(mod, hc, 'protocol')?.toUpperCase();
  const healthCheck = hc
    ? {
        line: hc.line,
        note: `App Runner ${protocol === 'HTTP' ? 'HTTP' : 'TCP'} health check`,
        ...(protocol === 'HTTP' ? {} : { tcpOnly: true }),
      }
    : undefined;
  const cfg = referenced(mod, hclAttr(svc, 'auto_scaling_configuration_arn')?.value, [
    'aws_apprunner_auto_scaling_configuration_version',
  ]);
  const max = resolvedNum(mod, cfg, 'max_size');
  const min = resolvedNum(mod, cfg, 'min_size');
  const instances: PlatformInstances | undefined = cfg
    ? max === 1
      ? { count: 1, line: cfg.line, note: 'auto scaling max_size 1' }
      : {
          ...(min !== undefined ? { count: min } : {}),
          autoscale: true,
          line: cfg.line,
          note: `auto scaling ${min ?? 1}–${max ?? 25} instances`,
        }
    : undefined;
  return {
    platform: 'app-runner',
    name: 'AWS App Runner (Terraform)',
    images: image ? [image] : [],
    ...(healthCheck ? { healthCheck } : {}),
    ...(instances ? { instances } : {}),
    ...(hclBlocks(source, 'code_repository').length
      ? { sourceBuild: 'App Runner builds it from the code repository' }
      : {}),
  };
}

const MODULE_CALL = /^\s*module\s+"[\w-]+"\s*\{/m;
/** Inputs that hand a module call the image it runs. */
const IMAGE_INPUTS = ['docker_image', 'container_image', 'image'];
/** A module source named for a Kubernetes cluster: `./vendor/modules/aks//aks/application`, `…/eks-service`. */
const KUBERNETES_SOURCE = /(?:^|[/_.-])(?:aks|eks|gke|k8s|kubernetes)(?:$|[/_.-])/i;
const PROBE_INPUTS = ['probe_path', 'health_check_path', 'liveness_probe_path', 'readiness_probe_path'];
const REPLICA_INPUTS = ['replicas', 'replica_count', 'min_replicas'];

/**
 * A module call that runs an image as a workload on Kubernetes: an image input, a source named for a cluster or a
 * `namespace` input, and replicas or a probe path (a module that only hands the image to a data sync job runs no
 * workload of the service). The module renders the Deployment; its inputs say which image, how many replicas and
 * which probe path.
 */
function kubernetesModule(mod: Module, call: HclBlock): Found | undefined {
  const source = str(hclAttr(call, 'source')?.value) ?? '';
  const input = (keys: string[]) => keys.map((k) => hclAttr(call, k)).find((a) => a);
  const image = input(IMAGE_INPUTS);
  const probe = input(PROBE_INPUTS);
  const replicas = input(REPLICA_INPUTS);
  if (!image || !(probe || replicas) || !(KUBERNETES_SOURCE.test(source) || hclAttr(call, 'namespace')))
    return undefined;
  const instances = replicas ? countOf(mod, replicas.value, replicas.line, 'replicas') : undefined;
  const ref = imageOf(mod, image.value);
  return {
    platform: 'kubernetes',
    name: `Kubernetes (Terraform module ${source || call.labels[0]})`,
    moduleCall: true,
    images: ref ? [ref] : [],
    ...(probe
      ? {
          healthCheck: {
            line: probe.line,
            note: `probe ${resolvedStr(mod, call, probe.key) ?? probe.key} (an input of the module)`,
          },
        }
      : {}),
    ...(instances ? { instances } : {}),
  };
}

function containerApp(mod: Module, app: HclBlock): Found {
  const template = hclBlocks(app, 'template')[0];
  const containers = hclBlocks(template, 'container');
  const images = containerImages(mod, containers);
  const named = imageVariableNames(mod, containers);
  const probes = containers.flatMap((c) => [
    ...hclBlocks(c, 'liveness_probe'),
    ...hclBlocks(c, 'readiness_probe'),
    ...hclBlocks(c, 'startup_probe'),
  ]);
  const healthCheck = probeCheck(probes, 'Container Apps', []);
  const maxAttr = hclAttr(template, 'max_replicas');
  const max = num(resolveHcl(maxAttr?.value, mod.scope));
  const min = resolvedNum(mod, template, 'min_replicas');
  const instances: PlatformInstances | undefined =
    max === 1
      ? { count: 1, line: maxAttr!.line, note: 'max_replicas 1' }
      : max !== undefined || min !== undefined
        ? {
            ...(min !== undefined ? { count: min } : {}),
            autoscale: true,
            line: maxAttr?.line ?? template!.line,
            note: `scale rules between ${min ?? 0} and ${max ?? 10} replicas`,
          }
        : undefined;
  return {
    platform: 'azure-container-apps',
    name: 'Azure Container Apps (Terraform)',
    images,
    ...(named.length ? { containers: named } : {}),
    ...(healthCheck ? { healthCheck } : {}),
    ...(instances ? { instances } : {}),
  };
}

/**
 * A Cloudflare Worker Terraform uploads from the repository's own build (`cloudflare_worker_version` modules'
 * `content_file = "${path.module}/../frontend/_fresh/worker.js"`, a `cloudflare_workers_script`'s
 * `content = file("…")`): the folder it deploys is the nearest one above that file with a manifest of its own (the
 * file itself is build output the repository does not hold).
 */
export interface TerraformWorker {
  path: string;
  line: number;
  /** `cloudflare_worker_version.jsr_frontend`. */
  resource: string;
  folder: string;
}

const WORKER_TYPES = ['cloudflare_worker_version', 'cloudflare_workers_script', 'cloudflare_worker_script'];
const WORKER_FILE_KEYS = new Set(['content_file', 'content', 'directory']);
const APP_MANIFESTS = [
  'package.json',
  'deno.json',
  'deno.jsonc',
  'wrangler.toml',
  'wrangler.json',
  'wrangler.jsonc',
  'Cargo.toml',
];

export function terraformWorkers(repo: RepoIndex): TerraformWorker[] {
  return repo.memo('terraform:workers', () => {
    const out: TerraformWorker[] = [];
    for (const f of deployedTfFiles(repo)) {
      const text = repo.read(f.path);
      if (!text || !WORKER_TYPES.some((t) => text.includes(t))) continue;
      const dir = path.posix.dirname(f.path);
      for (const b of repo.fileMemo('hcl', f.path, () => parseHcl(text))) {
        if (b.type !== 'resource' || !WORKER_TYPES.includes(b.labels[0] ?? '')) continue;
        const folder = uploadedFiles(b.attrs)
          .map((p) => appFolderAbove(repo, dir, p))
          .find((x): x is string => x !== undefined);
        if (folder !== undefined)
          out.push({ path: f.path, line: b.line, resource: `${b.labels[0]}.${b.labels[1]}`, folder });
      }
    }
    return out;
  });
}

/** The file paths a worker resource uploads, written as strings or `file("…")` calls under its content keys. */
function uploadedFiles(attrs: HclAttr[]): string[] {
  const out: string[] = [];
  const walk = (v: HclValue, key: string): void => {
    if (v.t === 'obj') for (const a of v.v) walk(a.value, a.key);
    else if (v.t === 'list') for (const x of v.v) walk(x, key);
    else if (v.t === 'call' && v.name === 'file') for (const x of v.args) walk(x, key);
    else if (v.t === 'str' && WORKER_FILE_KEYS.has(key)) out.push(v.v);
  };
  for (const a of attrs) walk(a.value, a.key);
  return out;
}

/** The nearest folder above a module-relative path that holds an app manifest; undefined outside the repository. */
function appFolderAbove(repo: RepoIndex, moduleDir: string, written: string): string | undefined {
  const rel = written.replace(/^\$\{\s*path\.(?:module|root)\s*\}\/?/, '');
  if ((rel === written && !/^\.\.?\//.test(written)) || rel.includes('${')) return undefined;
  let d = path.posix.dirname(path.posix.normalize(path.posix.join(moduleDir, rel)));
  if (d.startsWith('..')) return undefined;
  // The walk stops above the Terraform module's own folders: a tooling package.json at the root deploys nothing.
  for (;;) {
    if (moduleDir === d || (moduleDir !== '.' && moduleDir.startsWith(`${d === '.' ? '' : `${d}/`}`)) || d === '.')
      return undefined;
    if (APP_MANIFESTS.some((m) => repo.has(`${d}/${m}`))) return d;
    d = path.posix.dirname(d);
  }
}
