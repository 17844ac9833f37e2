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
