import type { RepoIndex } from '../repo/index.js';

/** A `helm upgrade --install … <chart>` or `kubectl apply -f/-k <path>` in CI, scripts or a Makefile. */
export interface K8sDeployCommand {
  path: string;
  line: number;
  /** The chart or manifest path it deploys from, without a leading `./` or trailing `/`. */
  target: string;
  /** The repository holds that path (a file or a folder). */
  present: boolean;
}

/** Local development clusters: a deploy script that targets one tries a chart out on a laptop. */
export const LOCAL_CLUSTER_PATH = /(^|\/)(?:k3d|kind|minikube|microk8s|tilt)(?:[-_][\w-]*)?\//i;
export const LOCAL_CLUSTER =
  /\bk3d\s+(?:cluster|image)\b|\bkind\s+(?:create\s+cluster|load\s+docker-image)\b|\bminikube\s+(?:start|image)\b|--(?:kube-)?context[= ]+["']?(?:k3d-|kind-|minikube\b|docker-desktop\b)/;

const DEPLOY_CMD =
  /\b(?:helm\s+(?:upgrade\s+--install|upgrade|install|template)\s+(?:--?[\w-]+(?:[= ]\S+)?\s+)*\S+\s+(\.{0,2}\/?[\w.-]+(?:\/[\w.-]+)*)|kubectl\s+apply\s+(?:-k|-f|--filename|--kustomize)[= ](\.{0,2}\/?[\w.-]+(?:\/[\w.-]+)*))/;

/**
 * Helm and kubectl commands that deploy from a path of this repository (first 20 commands in YAML, shell scripts,
 * Makefiles, Justfiles and Taskfiles). Remote charts (oci:, https:), templated paths and bare chart names that do
 * not look like a deploy folder are left out.
 */
export function detectK8sDeployCommands(repo: RepoIndex): K8sDeployCommand[] {
  const out: K8sDeployCommand[] = [];
  for (const hit of repo.grep(DEPLOY_CMD, {
    include: ['**/*.yml', '**/*.yaml', 'Makefile', '**/*.sh', 'Justfile', 'Taskfile.yml'],
    limit: 20,
  })) {
    if (LOCAL_CLUSTER_PATH.test(hit.path) || LOCAL_CLUSTER.test(repo.read(hit.path) ?? '')) continue;
    const target = (hit.groups[1] || hit.groups[2] || '').replace(/^\.\//, '').replace(/\/$/, '');
    if (
      !target ||
      /^(oci|https?):|\$/.test(target) ||
      (!target.includes('/') && !/^(charts?|k8s|deploy|manifests|helm|kubernetes)$/.test(target))
    )
      continue;
    out.push({ path: hit.path, line: hit.line, target, present: repo.has(target) || repo.hasDir(target) });
  }
  return out;
}
