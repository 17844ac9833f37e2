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

/** A `helm upgrade|install` command that sets a chart's image (`--set image.repository=registry.example/api`). */
export interface HelmImageOverride {
  path: string;
  line: number;
  /** The chart argument as written, without a leading `./` or trailing `/` (`webbff`, `deploy/charts/api`). */
  chart: string;
  /** The values path of the image as templates name it (`image` of `image.repository`, `api` of `api.image.repository`). */
  key: string;
  /** The image set (`$REGISTRY/api`). */
  image: string;
}

/** Helm flags that take the next word as their value when written without `=`. */
const HELM_VALUE_FLAGS = new Set([
  '-f',
  '--values',
  '-n',
  '--namespace',
  '--set',
  '--set-string',
  '--set-file',
  '--set-json',
  '--version',
  '--timeout',
  '--kube-context',
  '--kubeconfig',
  '--repo',
  '--description',
  '--post-renderer',
  '--username',
  '--password',
]);

/** An image key of `--set` (`image.repository`, `api.image.repository`, `web.image`) and the values path it names. */
function helmImageKey(key: string): string | undefined {
  const parts = key.split('.');
  const last = parts[parts.length - 1];
  if (parts.length < 2 || (last !== 'repository' && last !== 'image')) return undefined;
  if (!parts.every((p) => /^\w+$/.test(p))) return undefined;
  // The key templates read the image under: `.Values.image.repository` → `image`, `.Values.api.image.repository` → `api`.
  const head = parts.slice(0, -1);
  if (last === 'repository' && head.length > 1 && head[head.length - 1] === 'image') head.pop();
  return head.join('.');
}

/** The words of a shell or PowerShell command line, quotes taken off. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const w of text.split(/\s+/)) {
    if (w === '&&' || w === '||' || w === '|' || w === ';') break;
    const bare = w.replace(/^["'`]+|["'`;]+$/g, '');
    if (bare) out.push(bare);
  }
  return out;
}

/**
 * `helm upgrade --install` / `helm install` commands in scripts (shell, PowerShell, Makefiles) and CI YAML that set a
 * chart's image with `--set <key>.repository=<image>`: the chart's values may keep a placeholder or another service's
 * image, and what runs is the image the command sets. A command continued over lines (`\` or PowerShell's `` ` ``) is
 * read as one.
 */
export function helmImageOverrides(repo: RepoIndex): HelmImageOverride[] {
  const out: HelmImageOverride[] = [];
  const files = new Set(
    repo
      .grep(/\bhelm\s+(?:upgrade|install)\b/, {
        include: ['**/*.{sh,bash,ps1,yml,yaml,mk}', '**/Makefile', '**/Justfile', '**/justfile'],
        limit: 200,
      })
      .map((h) => h.path),
  );
  for (const file of files) {
    if (repo.get(file)?.isTest) continue;
    const lines = repo.lines(file);
    for (let i = 0; i < lines.length; i++) {
      const start = i;
      let text = lines[i] ?? '';
      while (/[\\`]\s*$/.test(text) && i + 1 < lines.length) text = `${text.replace(/[\\`]\s*$/, ' ')}${lines[++i]}`;
      const at = text.search(/\bhelm\s+(?:upgrade|install)\b/);
      if (at < 0) continue;
      const ws = words(text.slice(at)).slice(2);
      const positional: string[] = [];
      const sets: string[] = [];
      for (let j = 0; j < ws.length; j++) {
        const w = ws[j]!;
        if (!w.startsWith('-')) {
          positional.push(w);
          continue;
        }
        const [flag, inline] = w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w];
        const value = inline ?? (HELM_VALUE_FLAGS.has(flag!) ? ws[++j] : undefined);
        if ((flag === '--set' || flag === '--set-string') && value) sets.push(...value.split(','));
      }
      const chart = (positional.length >= 2 ? positional[1] : positional[0])?.replace(/^\.\//, '').replace(/\/$/, '');
      if (!chart || /^(oci|https?):/.test(chart)) continue;
      for (const set of sets) {
        const eq = set.indexOf('=');
        if (eq < 0) continue;
        const key = helmImageKey(set.slice(0, eq));
        const image = set.slice(eq + 1).replace(/^["']+|["']+$/g, '');
        if (key && image) out.push({ path: file, line: start + 1, chart, key, image });
      }
    }
  }
  return out;
}
