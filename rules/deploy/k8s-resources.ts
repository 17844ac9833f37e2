import { defineRule } from '../../src/sdk/index.js';
import type { Evidence } from '../../src/sdk/types.js';

export default defineRule({
  meta: {
    id: 'deploy.k8s-resources',
    category: 'deploy',
    title: 'Every Kubernetes container sets resource requests and limits',
    severity: 'medium',
    level: 3,
    scope: 'component',
    requires: ['k8s'],
    docs: {
      why: 'Without requests the scheduler packs pods blindly and they are the first evicted; without a memory limit one leaking pod can starve its node and take neighbours down.',
      how:
        'Reads every workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Argo Rollout, Job, CronJob) in plain manifests, kustomize bases with their strategic-merge patches, and Helm templates (templated `resources:` resolved from values.yaml, low confidence). ' +
        'Every container, init containers included (they are scheduled with the same accounting), needs `resources.requests` (cpu or memory) and `resources.limits.memory`. A CPU limit is not required: it causes throttling and many teams omit it on purpose. ' +
        'A chart whose values.yaml leaves `resources: {}` is a gap unless an environment values file beside it (values-prod.yaml, values.production.yaml) sets them. ' +
        "Charts rendered by bjw-s's common library or app-template have no workload templates: each `controllers.<id>.containers.<id>` of the values (and of value blocks the chart's templates merge in) is a container; HMPPS' generic-service chart renders one container from the values under its key (and the environment values files beside the chart's folder), with resources only as written.",
      fix: [
        'Give every container `resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}`, sized from observed usage.',
        'In a Helm chart, fill `resources:` in values.yaml instead of leaving the `{}` default.',
        'Add a LimitRange to the namespace as a safety net.',
      ],
      effort: 'S',
      links: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
    },
    messages: {
      missing: 'Containers without resource requests and a memory limit: {{containers}}.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['resource limits', 'resource requests', 'cpu/memory limits', 'requests and limits'],
  },
  check(ctx) {
    const { workloads } = ctx.facts.k8s;
    const containers = workloads.flatMap((w) => w.containers.map((c) => ({ w, c })));
    if (!containers.length)
      return ctx.na('no workload with containers (Deployment, StatefulSet, Job...) was found in the Kubernetes files');
    const bad: Evidence[] = [];
    const good: Evidence[] = [];
    const names: string[] = [];
    let low = false;
    for (const { w, c } of containers) {
      if (w.helm) low = true;
      const r = c.resources;
      const lack = [!r.requests && 'requests', !r.limits && 'limits.memory'].filter(Boolean) as string[];
      const label = `${w.kind}/${w.name} ${c.init ? 'init container' : 'container'} ${c.name}`;
      if (lack.length) {
        bad.push(
          ctx.at(
            w.file,
            r.line ?? c.line,
            `${label}: no ${lack.join(' or ')}${r.via === 'values' ? ' in values.yaml' : ''}`,
          ),
        );
        names.push(`${w.name}/${c.name} (${lack.join(', ')})`);
      } else
        good.push(
          ctx.at(
            r.file ?? w.file,
            r.line ?? c.line,
            `${label}: requests and memory limit${r.via === 'values' ? ' (from values.yaml)' : r.via === 'template' ? ' (templated)' : ''}`,
          ),
        );
    }
    if (bad.length)
      return ctx.gap('missing', bad, {
        confidence: low ? 'low' : 'high',
        data: { count: bad.length, plural: bad.length > 1 ? 's' : '', containers: names.join(', ') },
      });
    return ctx.pass(good, { confidence: low ? 'low' : 'high' });
  },
});
