import { defineRule, type Evidence, type RuleContext } from '../../src/sdk/index.js';

/** Workloads that serve continuously (Jobs, CronJobs and DaemonSets are not scaled by replicas). */
const SCALABLE = new Set([
  'Deployment',
  'StatefulSet',
  'Rollout',
  'DeploymentConfig',
  'ReplicaSet',
  'ReplicationController',
  // A nais Application (replicas: { min, max }).
  'Application',
]);
/** A Docker Hub official image (postgres, redis): a dependency run beside the service, not the service. */
const officialImage = (ref: string): boolean =>
  /^[a-z0-9._-]+(?::[\w.-]+)?$/.test(ref.replace(/^docker\.io\/library\//, ''));
/** Platforms that add instances with load unless told otherwise. */
const AUTOSCALES_BY_DEFAULT = new Set(['cloud-run', 'app-runner', 'app-engine', 'azure-container-apps']);

interface Scale {
  ev: Evidence;
  /** Written in the repository (replicas, an autoscaler, an instance count), not a platform default. */
  explicit: boolean;
  /** The count is an OpenShift Template parameter's default (the deployment may pass another). */
  param?: boolean;
  /** A workload started with leader election on. */
  leader?: boolean;
}

/** What a chart's values say: replicaCount, and whether its templated autoscaler is switched on. */
function chartValues(ctx: RuleContext, file: string): { replicaCount?: number; autoscaling?: boolean; path?: string } {
  const chart = ctx.facts.k8s.charts.find((c) => c.dir === '.' || file.startsWith(`${c.dir}/`));
  if (!chart?.values) return {};
  return {
    path: chart.values,
    ...(chart.replicaCount !== undefined ? { replicaCount: chart.replicaCount } : {}),
    ...(chart.autoscaling !== undefined ? { autoscaling: chart.autoscaling } : {}),
  };
}

const KUBERNETES =
  'Kubernetes: `replicas: 2` or more plus a HorizontalPodAutoscaler (minReplicas 2) and a PodDisruptionBudget (`minAvailable: 1`); keep the default RollingUpdate strategy; run scheduled jobs as a CronJob rather than inside every replica.';
const PAAS =
  'PaaS: set the instance count or autoscaling in the descriptor (render.yaml `scaling`, railway `numReplicas`, `fly scale count 2`, App Platform `instance_count`).';
const STATE =
  'Move per-process state out: sessions to Redis or the database (connect-redis, django-redis), scheduled jobs to a worker or a lock (ShedLock, redlock), uploads to object storage, Socket.IO behind the Redis adapter.';

export default defineRule({
  meta: {
    id: 'deploy.scaling',
    category: 'deploy',
    title: 'The service runs as several instances and can scale',
    severity: 'low',
    level: 3,
    scope: 'component',
    requires: ['not-library', 'own-deployment'],
    docs: {
      why: 'One instance is one failure away from an outage and cannot absorb a traffic peak; several instances (or an autoscaler) with a gradual rollout keep the service up through node failures, deploys and load. That only works when no state lives inside one process: sessions in memory, jobs scheduled in every web process, uploads on the local disk.',
      how:
        'Reads the Kubernetes workloads (replicas, or replicaCount in the chart values), HorizontalPodAutoscalers and KEDA ScaledObjects pointed at them (a chart autoscaler counts when autoscaling.enabled is true), PodDisruptionBudgets and Recreate strategies, and the instance counts and autoscaling in platform descriptors (Render, Railway, App Engine, DigitalOcean, Heroku app.json, Kamal hosts, the production hosts of a Deployer recipe, swarm deploy.replicas); Cloud Run, App Runner, App Engine and functions platforms scale by default. ' +
        'Live code is read for state that breaks with several instances: express-session without a store, in-memory session stores, Flask/Django file sessions, in-process schedulers (node-cron, NestJS @Cron, APScheduler, Spring @Scheduled, robfig/cron, rufus) without a distributed lock, multer disk uploads, Socket.IO without an adapter. ' +
        'Several instances without such state pass (low confidence when only a platform default says so); with it, the gap has low confidence (documented or intended). One replica, one instance or a single compose host is a gap (low confidence for a process that elects a leader, a controller-runtime `LeaderElection` or client-go leaderelection: one instance works at a time by design; where workloads pass the flag that turns the election on, `--leader-elect`, one that passes none, such as an admission webhook beside the controller, is a single instance like any other); no deployment in the repository is a low-confidence gap. n/a for libraries, command-line programs, repositories with nothing deployable, and a component that ships only inside another component’s deployment (a front end built into the backend’s image scales with the backend).',
      fix: [KUBERNETES, PAAS, STATE],
      fixFor: {
        kubernetes: [KUBERNETES, STATE],
        paas: [PAAS, STATE],
        'container-service': [
          'ECS: a service desiredCount of 2 or more with Application Auto Scaling (target tracking on CPU or request count) and a deployment minimumHealthyPercent of 100; Nomad: group `count = 2` (or the Nomad autoscaler); Docker Swarm: `deploy.replicas: 2`.',
          STATE,
        ],
        compose: [
          'Compose runs every service on one host (`docker compose up --scale` only adds copies on that host): to survive a host or a deploy, run production where several instances run on several machines: an orchestrator or a platform with an instance count, or Docker Swarm with `deploy.replicas: 2` on several nodes.',
          STATE,
        ],
        vm: [
          'List two or more hosts per role behind a load balancer (Kamal `servers:`, Capistrano roles, Deployer `host()`) so a deploy or a failed host takes out only one of them.',
          STATE,
        ],
        serverless: [
          'Functions scale with requests by themselves: cap or reserve concurrency (Lambda reserved or provisioned concurrency) so a burst cannot exhaust the database or a downstream API.',
          STATE,
        ],
      },
      effort: 'M',
      links: [
        'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/',
        'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
      ],
    },
    messages: {
      scaled: 'The service runs as several instances: {{how}}.',
      scaledByPlatform: '{{platform}} scales the service: {{how}}.',
      state:
        'The service is scaled ({{how}}), but keeps state inside one process that breaks with several instances: {{state}}.',
      single: 'The service runs as a single instance: {{how}}.',
      leaderElected:
        'The service runs as a single instance ({{how}}), as a leader-elected controller may: one instance works at a time by design, and a second replica would only be a standby that takes over within the lease instead of after a restart.',
      platformUnset: 'The instance count is left to the platform, outside the repository: {{how}}.',
      oneHost:
        'The service runs from a compose file on one host ({{where}}): it cannot add instances or survive the host.',
      unknown: 'How many instances run is not in the repository: no replicas, autoscaler or instance count.',
    },
    claims: [
      'horizontal scaling',
      'autoscaling',
      'auto-scaling',
      'autoscaler',
      'hpa',
      'replicas',
      'scalability',
      'scale horizontally',
      'pod disruption budget',
    ],
  },
  check(ctx) {
    const { kind, k8s, platform, instanceState: st } = ctx.facts;
    if (kind.kind === 'cli' && !kind.longRunning)
      return ctx.na(`a command-line program runs once, it is not scaled (${kind.reason})`);

    const scaled: Scale[] = [];
    const single: Scale[] = [];
    const extras: Evidence[] = [];

    // Kubernetes workloads and the autoscalers pointed at them.
    const scaledNames = new Set<string>();
    // A bare image name the repository builds itself (skaffold `cart`) is the service, not an official image beside it.
    const built = new Set(ctx.facts.components.list.flatMap((c) => c.images));
    const dependency = (ref: string): boolean => officialImage(ref) && !built.has(ref.replace(/:[\w.-]+$/, ''));
    const workloads = k8s.workloads.filter(
      (w) =>
        SCALABLE.has(w.kind) && !(w.containers.length && w.containers.every((c) => c.image && dependency(c.image.ref))),
    );
    const dirOf = (f: string): string => f.replace(/\/templates\/.*$/, '').replace(/\/[^/]*$/, '');
    const autoscalers = k8s.objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' || o.kind === 'ScaledObject');
    for (const w of workloads) {
      const values = w.helm ? chartValues(ctx, w.file) : {};
      const hpa = autoscalers.find(
        (a) =>
          (a.target === w.name ||
            // Templated names match within the same chart or folder only.
            ((a.target === undefined || /\{\{|…/.test(a.target) || /\{\{|…/.test(w.name)) &&
              dirOf(a.file) === dirOf(w.file))) &&
          (!a.helm || chartValues(ctx, a.file).autoscaling !== false),
      );
      if (hpa) {
        scaledNames.add(`${w.file}#${w.name}`);
        scaled.push({
          ev: ctx.at(hpa.file, hpa.line, `${hpa.kind} ${hpa.name} scales ${w.kind}/${w.name}`),
          explicit: true,
        });
        continue;
      }
      const r =
        w.replicas?.value === 'template' || (w.replicas === undefined && w.helm)
          ? values.replicaCount
          : w.replicas?.value;
      if (typeof r === 'number' && r > 1) {
        scaledNames.add(`${w.file}#${w.name}`);
        scaled.push({
          ev: ctx.at(
            w.file,
            w.replicas?.line ?? w.line,
            `${w.kind}/${w.name}: ${r} replicas${w.replicas?.platformDefault ? " (the platform's default: none are written)" : ''}`,
          ),
          explicit: !w.replicas?.platformDefault,
        });
      } else
        single.push({
          ev: ctx.at(
            w.file,
            w.replicas?.line ?? w.line,
            `${w.kind}/${w.name}: ${typeof r === 'number' ? `${r} replica` : 'replicas not set (1)'}${w.replicas?.param ? ` (the default of the Template parameter ${w.replicas.param}; a deployment may pass another)` : ''} and no autoscaler`,
          ),
          explicit: true,
          ...(w.replicas?.param ? { param: true } : {}),
          ...(w.leaderElect ? { leader: true } : {}),
        });
    }
    for (const w of workloads.filter((x) => x.strategy?.type === 'Recreate' && scaledNames.has(`${x.file}#${x.name}`)))
      extras.push(
        ctx.at(
          w.file,
          w.strategy!.line,
          `${w.kind}/${w.name} uses the Recreate strategy: every deploy stops all pods first`,
        ),
      );
    for (const p of k8s.objects.filter((o) => o.kind === 'PodDisruptionBudget').slice(0, 1))
      extras.push(ctx.at(p.file, p.line, `PodDisruptionBudget ${p.name} keeps pods up through node drains`));

    // Platform targets other than Kubernetes.
    let byPlatform: string | undefined;
    const citedInstances = new Set<string>();
    // A job's replicas run to completion per execution: they are not instances of the service. Kubernetes targets are
    // read from the workloads above, unless a Terraform module call describes them (its replicas input).
    for (const t of platform.service.filter(
      (x) => (x.model !== 'kubernetes' || x.moduleCall) && x.model !== 'compose' && !x.weak && !x.job,
    )) {
      const i = t.instances;
      // A Kamal destination deploying to its base file's hosts cites the base's line: one citation per line.
      const at = i && `${i.path ?? t.path}:${i.line}`;
      if (at && citedInstances.has(at)) continue;
      if (at) citedInstances.add(at);
      if (i && ((i.count ?? 0) > 1 || i.autoscale))
        scaled.push({ ev: ctx.at(i.path ?? t.path, i.line, `${t.name}: ${i.note}`), explicit: !i.platformDefault });
      else if (i?.count === 1)
        single.push({
          ev: ctx.at(i.path ?? t.path, i.line, `${t.name}: ${i.note}`),
          explicit: true,
          ...(i.variable ? { param: true } : {}),
        });
      else if (t.model === 'serverless' || t.model === 'static' || AUTOSCALES_BY_DEFAULT.has(t.platform)) {
        scaled.push({ ev: ctx.at(t.path, t.line, `${t.name}: ${t.scaling}`), explicit: false });
        byPlatform ??= t.name;
      } else
        single.push({
          ev: ctx.at(
            i?.path ?? t.path,
            i?.line ?? t.line,
            `${t.name}: ${i?.note ?? `no instance count (${t.scaling})`}`,
          ),
          explicit: false,
        });
    }

    const state = st.hits.filter((h) => h.kind !== 'scheduler' || !st.schedulerLock);
    const stateEv = state.slice(0, 3).map((h) => ctx.at(h.path, h.line, h.note));
    // Two targets of one platform (wrangler.toml and its Worker entry) say the same thing once.
    const describe = (xs: Scale[]): string => [...new Set(xs.map((x) => x.ev.note))].slice(0, 2).join('; ');

    if (scaled.length) {
      if (state.length)
        return ctx.gap('state', [...scaled.slice(0, 1).map((x) => x.ev), ...stateEv], {
          data: { how: describe(scaled), state: [...new Set(state.map((h) => h.note))].slice(0, 2).join('; ') },
          confidence: 'low',
        });
      const explicit = scaled.filter((x) => x.explicit);
      if (explicit.length)
        return ctx.pass([...explicit.slice(0, 3).map((x) => x.ev), ...extras], {
          messageId: 'scaled',
          data: { how: describe(explicit) },
          ...(extras.some((e) => /Recreate/.test(e.note)) ? { confidence: 'low' as const } : {}),
        });
      return ctx.pass([...scaled.slice(0, 2).map((x) => x.ev), ...extras], {
        messageId: 'scaledByPlatform',
        data: { platform: byPlatform ?? 'The platform', how: describe(scaled) },
        confidence: 'low',
      });
    }
    if (single.length) {
      // Where workloads pass the flag that turns the election on, the others (an admission webhook or a metrics server
      // beside the leader-elected controller) run no election: each of them is a single instance.
      const flagged = workloads.some((w) => w.leaderElect);
      const unelected = flagged ? single.filter((x) => x.explicit && !x.leader) : [];
      const explicit = [...unelected, ...single.filter((x) => x.explicit && !unelected.includes(x))];
      const leader = unelected.length ? undefined : st.leaderElection;
      return explicit.length
        ? ctx.gap(
            leader ? 'leaderElected' : 'single',
            [
              ...explicit.slice(0, 3).map((x) => x.ev),
              ...(leader ? [ctx.at(leader.path, leader.line, leader.note)] : []),
              ...extras,
              ...stateEv,
            ],
            {
              data: { how: describe(explicit) },
              // Only Template parameter or operator variable defaults: the count the deployment passes is not in the
              // repository. A leader-elected process is meant to work as one instance.
              ...(leader || explicit.every((x) => x.param) ? { confidence: 'low' as const } : {}),
            },
          )
        : ctx.gap('platformUnset', [...single.slice(0, 3).map((x) => x.ev), ...stateEv], {
            data: { how: describe(single) },
            confidence: 'low',
          });
    }

    const deployable =
      kind.kind === 'service' ||
      kind.kind === 'frontend' ||
      kind.longRunning ||
      ctx.facts.dockerfiles.production.length > 0 ||
      k8s.any ||
      platform.service.length > 0;
    if (!deployable)
      return ctx.na(
        `nothing deployable was recognised: no server, worker, container or deployment target (${kind.reason})`,
      );
    const compose = platform.service.find((t) => t.model === 'compose');
    if (compose)
      return ctx.gap(
        'oneHost',
        [ctx.at(compose.path, compose.line, `${compose.name}: ${compose.scaling}`), ...stateEv],
        {
          data: { where: compose.path },
        },
      );
    return ctx.gap(
      'unknown',
      [
        ...stateEv,
        ctx.missing(
          ['Kubernetes replicas and autoscalers', 'platform instance counts and autoscaling', 'swarm deploy.replicas'],
          'no deployment descriptor says how many instances run',
        ),
      ],
      { confidence: 'low' },
    );
  },
});
