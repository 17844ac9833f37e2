import { defineRule } from '../../src/sdk/index.js';
import type { Evidence } from '../../src/sdk/types.js';
import { isBatchWorkload } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'deploy.k8s-probes',
    category: 'deploy',
    title: 'Every Kubernetes service container has liveness and readiness probes',
    severity: 'medium',
    level: 3,
    scope: 'component',
    requires: ['k8s'],
    docs: {
      why: 'Without a readiness probe Kubernetes sends traffic to pods that are still starting or have lost their database; without a liveness probe a deadlocked pod is never restarted.',
      how:
        'Reads every Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Argo Rollout, OpenShift DeploymentConfig and Knative/Cloud Run Service in plain manifests, kustomize bases (strategic-merge patches are applied by workload and container name) and Helm templates. ' +
        'Each regular container needs both livenessProbe and readinessProbe (a startupProbe replaces neither). Init containers run to completion and need no probes; Jobs, CronJobs and bare Pods that are never restarted (restartPolicy Never or OnFailure: one-off tasks) are not judged (n/a when they are the only workloads). ' +
        'In Helm templates a probe written as `{{ toYaml .Values.livenessProbe }}` (or inside `{{ with .Values.livenessProbe }}`) is resolved from values.yaml and its environment overrides; one rendered by a helper (`include`, `tpl`) counts as set. ' +
        "Charts rendered by bjw-s's common library or app-template have no workload templates: each `controllers.<id>.containers.<id>` of the values (and of value blocks the chart's templates merge in) is a container, and a probe counts when its block says `enabled: true` (the library leaves it out otherwise). HMPPS' generic-service chart renders one Deployment from the values under its key, with probes on /health/liveness and /health/readiness unless the values remove them (`livenessProbe: null`). " +
        'Anything read from a template or values gives a low-confidence verdict.',
      fix: [
        'Add `readinessProbe` (HTTP GET on a readiness endpoint that checks dependencies) and `livenessProbe` (a cheap endpoint that only proves the process answers) to every container.',
        'Add a `startupProbe` for slow starters instead of a long initialDelaySeconds.',
      ],
      effort: 'S',
      links: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/'],
    },
    messages: {
      missing: 'Containers without liveness/readiness probes: {{containers}}.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'liveness probe',
      'readiness probe',
      'liveness/readiness probes',
      'liveness and readiness',
      'kubernetes probes',
      'k8s probes',
    ],
  },
  check(ctx) {
    const { workloads } = ctx.facts.k8s;
    const relevant = workloads.filter((w) => !isBatchWorkload(w));
    const containers = relevant.flatMap((w) => w.containers.filter((c) => !c.init).map((c) => ({ w, c })));
    if (!containers.length) {
      return ctx.na(
        workloads.length
          ? 'only Jobs/CronJobs or one-off Pods, which run to completion and need no liveness/readiness probes'
          : 'no workload with containers (Deployment, StatefulSet, DaemonSet...) was found in the Kubernetes files',
      );
    }
    const bad: Evidence[] = [];
    const good: Evidence[] = [];
    const names: string[] = [];
    let low = false;
    for (const { w, c } of containers) {
      const lack = [!c.liveness.present && 'livenessProbe', !c.readiness.present && 'readinessProbe'].filter(
        Boolean,
      ) as string[];
      if (w.helm || c.liveness.via === 'template' || c.readiness.via === 'template' || c.liveness.via === 'values')
        low = true;
      if (lack.length) {
        bad.push(
          ctx.at(
            w.file,
            c.line,
            `${w.kind}/${w.name} container ${c.name}: no ${lack.join(' or ')}${w.helm ? ' (Helm template/values)' : ''}`,
          ),
        );
        names.push(`${w.name}/${c.name} (${lack.join(', ')})`);
      } else
        good.push(
          ctx.at(
            c.readiness.file ?? w.file,
            c.readiness.line ?? c.line,
            `${w.kind}/${w.name} container ${c.name}: liveness and readiness probes${c.readiness.via === 'values' ? ' (from values.yaml)' : ''}`,
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
