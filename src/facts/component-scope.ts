import type { RepoIndex } from '../repo/index.js';
import { isUnder } from '../repo/view.js';
import type { CiFacts } from './ci.js';
import type { Component } from './components.js';
import { imageShortName, workloadKey } from './components.js';
import { type ComposeFacts, type ComposeService, targetNames } from './compose.js';
import type { K8sFacts, K8sWorkload } from './k8s.js';
import { type PlatformFacts, type PlatformTarget, platformFacts } from './platform.js';

/**
 * Facts a component borrows from the whole repository, narrowed to it and translated into its view's paths: the compose
 * services that build (or run) its image, the Kubernetes workloads that run it, and the CI configuration (shared by
 * every component). Everything else a component's facts detect in its own view.
 */

/** The compose services of a component: those that build one of its Dockerfiles or context, or run one of its images. */
export function componentComposeServices(
  c: Component,
  compose: ComposeFacts,
  components: readonly Component[],
): ComposeService[] {
  const owns = (s: ComposeService): boolean => {
    // A Dockerfile whose stages are images of their own (`target: migrate`, `target: web`): a service building another
    // stage runs another image.
    const stage = s.build && !s.build.inline ? c.stages?.[s.build.dockerfile] : undefined;
    if (stage && s.build?.target && !targetNames(s.build.target, stage.toLowerCase())) return false;
    if (s.build && !s.build.inline && c.dockerfiles.includes(s.build.dockerfile)) return true;
    // A Dockerfile kept in a component's folder and built from a context above it (`context: ../..`) is the
    // component's, not the enclosing one's.
    const dockerfileIn = (dir: string) => !!s.build && !s.build.inline && isUnder(s.build.dockerfile, dir);
    if (c.path !== '.' && dockerfileIn(c.path) && !c.excludes.some(dockerfileIn)) return true;
    if (s.build && isUnder(s.build.context, c.path) && !c.excludes.some((x) => isUnder(s.build!.context, x)))
      return (c.path !== '.' || !s.build.inline) && !c.excludes.some(dockerfileIn);
    // A service pulling the component's own image (the project's release image under a registry path compose does not
    // name as the project) runs it, whatever role the image's name suggested to the repository-wide view (an image
    // a Maven build makes, named `…-config-server`, is the project's config server, not a third-party one).
    return runsOwnImage(c, s, components);
  };
  return compose.services.filter(owns);
}

/**
 * A compose service that pulls one of the component's own images: by short name, or by the component's id when no
 * other component builds an image of that name (`acme/shop` is the repository's name, and the image its web project
 * publishes).
 */
function runsOwnImage(c: Component, s: ComposeService, components: readonly Component[]): boolean {
  if (s.build || !s.image) return false;
  const short = imageShortName(s.image);
  if (c.images.includes(short)) return true;
  return short === c.id && !components.some((o) => o !== c && o.images.includes(short));
}

export function scopedCompose(
  c: Component,
  compose: ComposeFacts,
  view: RepoIndex,
  components: readonly Component[],
): ComposeFacts {
  const services = componentComposeServices(c, compose, components);
  const to = (p: string) => view.fromRepo(p);
  const keys = new Set(services.map((s) => `${s.file}#${s.name}`));
  const own = new Set(services.filter((s) => runsOwnImage(c, s, components)).map((s) => `${s.file}#${s.name}`));
  const moved = services.map(
    (s): ComposeService => ({
      ...s,
      file: to(s.file),
      ...(s.build ? { build: { ...s.build, context: to(s.build.context), dockerfile: to(s.build.dockerfile) } } : {}),
      ...(s.builtBy
        ? { builtBy: { ...s.builtBy, context: to(s.builtBy.context), dockerfile: to(s.builtBy.dockerfile) } }
        : {}),
      envFiles: s.envFiles.map((e) => ({ ...e, path: to(e.path) })),
    }),
  );
  return {
    files: compose.files
      .filter((f) => services.some((s) => s.file === f.path))
      .map((f) => ({ ...f, path: to(f.path), services: moved.filter((s) => s.file === to(f.path)) })),
    services: moved,
    appServices: moved.filter((s, i) => s.role === 'app' || own.has(`${services[i]!.file}#${services[i]!.name}`)),
    weakCredentials: compose.weakCredentials
      .filter((w) => keys.has(`${w.path}#${w.service}`))
      .map((w) => ({ ...w, path: to(w.path) })),
    problems: compose.problems
      .filter((p) => keys.has(`${p.path}#${p.service}`))
      .map((p) => ({ ...p, path: to(p.path) })),
  };
}

export function scopedK8s(c: Component, k8s: K8sFacts, view: RepoIndex): K8sFacts {
  const mine = (w: K8sWorkload) => c.workloads.includes(workloadKey(w));
  const workloads = k8s.workloads.filter(mine);
  const to = (p: string) => view.fromRepo(p);
  const names = new Set(workloads.map((w) => w.name));
  const files = new Set(workloads.map((w) => w.file));
  const field = <T extends { file?: string }>(f: T): T => (f.file ? { ...f, file: to(f.file) } : f);
  return {
    any: workloads.length > 0,
    manifests: k8s.manifests.filter((m) => files.has(m)).map(to),
    charts: k8s.charts
      .filter((ch) => [...files].some((f) => isUnder(f, ch.dir)))
      .map((ch) => ({
        ...ch,
        path: to(ch.path),
        dir: to(ch.dir),
        ...(ch.values ? { values: to(ch.values) } : {}),
        ...(ch.overrides ? { overrides: ch.overrides.map(to) } : {}),
      })),
    kustomizations: [],
    workloads: workloads.map((w) => ({
      ...w,
      file: to(w.file),
      containers: w.containers.map((ct) => ({
        ...ct,
        liveness: field(ct.liveness),
        readiness: field(ct.readiness),
        startup: field(ct.startup),
        resources: field(ct.resources),
      })),
    })),
    objects: k8s.objects
      .filter(
        (o) =>
          o.target !== undefined && names.has(o.target) && [...files].some((f) => f === o.file || sameDir(f, o.file)),
      )
      .map((o) => ({ ...o, file: to(o.file) })),
    refs: k8s.refs.filter((r) => names.has(r.workload) && files.has(r.file)).map((r) => ({ ...r, file: to(r.file) })),
    unresolvedRefs: k8s.unresolvedRefs
      .filter((r) => names.has(r.workload) && files.has(r.file))
      .map((r) => ({ ...r, file: to(r.file) })),
  };
}

function sameDir(a: string, b: string): boolean {
  return a.slice(0, a.lastIndexOf('/') + 1) === b.slice(0, b.lastIndexOf('/') + 1);
}

/** CI is shared by every component: the same configuration, in the component's paths. */
export function scopedCi(ci: CiFacts, view: RepoIndex): CiFacts {
  return ciInPaths(ci, (p) => view.fromRepo(p));
}

/** The CI configuration with each file path translated (into a component's view, or back to the repository's). */
export function ciInPaths(ci: CiFacts, to: (p: string) => string): CiFacts {
  return {
    configs: ci.configs.map((c) => ({ ...c, path: to(c.path) })),
    steps: ci.steps.map((s) => ({ ...s, path: to(s.path) })),
    tests: ci.tests.map((m) => ({ ...m, path: to(m.path) })),
    security: ci.security.map((m) => ({ ...m, path: to(m.path) })),
    lint: ci.lint.map((m) => ({ ...m, path: to(m.path) })),
  };
}

/**
 * The deployment targets of a component: those its own files describe, plus the ones outside its folder that deploy it
 * (a deploy script or CI step that names its image or folder), in the component's paths.
 */
export function scopedPlatform(
  c: Component,
  own: PlatformFacts,
  parent: PlatformFacts,
  view: RepoIndex,
  components: readonly Component[],
): PlatformFacts {
  const deploys = (repoPath: string, line: number | undefined) =>
    c.deployedBy.some((d) => d.path === repoPath && d.line === line);
  // A workflow in the component's folder that deploys another component (the root's `.github/` running wrangler in
  // apps/docs) is that component's deployment, unless the file deploys this one too.
  const another = (repoPath: string, line: number | undefined) =>
    !c.deployedBy.some((d) => d.path === repoPath) &&
    components.some((o) => o.path !== c.path && o.deployedBy.some((d) => d.path === repoPath && d.line === line));
  // Targets the component's view finds outside its folder come from CI steps and scripts every component sees (a
  // monorepo workflow that deploys apps/api to Fly and apps/web to Vercel): only those that deploy this component count.
  // A Terraform service names its images: one in the component's folder that runs another unit's image, or a proxy's,
  // is not this component's.
  const mine = own.targets.filter(
    (t) =>
      (!t.path.startsWith('../') && !t.resource && !another(view.toRepo(t.path), t.line)) ||
      deploys(view.toRepo(t.path), t.line),
  );
  const borrowed = parent.targets
    .filter((t) => !isUnder(t.path, c.path) && deploys(t.path, t.line))
    .map((t) => ({
      ...t,
      path: view.fromRepo(t.path),
      ...(t.instances?.path ? { instances: { ...t.instances, path: view.fromRepo(t.instances.path) } } : {}),
    }))
    .filter((t) => !mine.some((o) => o.platform === t.platform && o.path === t.path));
  const targets = [...mine, ...borrowed].map((t) => ownServiceInstances(t, c, view));
  return borrowed.length || mine.length !== own.targets.length || targets.some((t, i) => t !== mine[i])
    ? platformFacts(targets, own)
    : own;
}

/**
 * A Swarm stack's target as one component sees it: the instances of the services that run the component (the stack
 * file's services among what deploys it), not the first count the file writes.
 */
function ownServiceInstances(t: PlatformTarget, c: Component, view: RepoIndex): PlatformTarget {
  if (!t.serviceInstances) return t;
  const file = view.toRepo(t.path);
  const own = t.serviceInstances.filter((s) => c.deployedBy.some((d) => d.path === file && d.line === s.line));
  if (!own.length) return t;
  const counted = own.find((s) => (s.instances.count ?? 0) > 1) ?? own[0]!;
  return { ...t, line: counted.instances.line, instances: counted.instances };
}
