import { defineRule } from '../../src/sdk/index.js';
import type { Evidence } from '../../src/sdk/types.js';

const OTHER_PLATFORMS: [RegExp, string][] = [
  [/^fly\.toml$/, 'Fly.io'],
  [/^render\.ya?ml$/, 'Render'],
  [/^railway\.(json|toml)$/, 'Railway'],
  [/^app\.ya?ml$/, 'Google App Engine'],
  [/^Procfile$/, 'Heroku (Procfile)'],
  [/^serverless\.ya?ml$/, 'Serverless Framework'],
  [/^(task-definition|taskdef)\.json$/, 'Amazon ECS'],
  [/\.nomad(\.hcl)?$/, 'Nomad'],
  [/^(vercel\.json|netlify\.toml)$/, 'Vercel/Netlify'],
];

/**
 * Descriptor names other files also use: they are a platform's only when the platform fact recognised them (by their
 * content; a Procfile beside a Dockerfile that starts the service runs local processes).
 */
const SHARED_NAME = /^(?:app|render)\.ya?ml$|^Procfile$/;

export default defineRule({
  meta: {
    id: 'deploy.k8s',
    category: 'deploy',
    title: 'Deployment is described as Kubernetes manifests or a Helm chart',
    severity: 'low',
    level: 3,
    scope: 'component',
    requires: ['not-library', 'own-deployment'],
    docs: {
      why: 'Deployment described in the repository (replicas, probes, resources, configuration) is reviewed, versioned and reproducible; a deployment assembled by hand in a console is not. Advisory: small services may deploy elsewhere, so the severity is low.',
      how:
        'Looks for YAML files with Kubernetes objects (apiVersion + kind, multi-document files included), Helm charts (Chart.yaml with templates/, read tolerantly without rendering) and kustomization.yaml. ' +
        'n/a for libraries, for command-line programs that have no Kubernetes files, for a component that ships only inside another component’s deployment (a front end built into the backend’s image, judged with the backend), and for a service a platform runs: only as functions (Lambda, Workers, Vercel/Netlify functions), or on a PaaS, a static host, ECS or Nomad (the platform fact). CI or scripts that run `helm upgrade --install <release> <path>` or `kubectl apply -f/-k <path>` on a path missing from the repository get messageId missingReferenced; CI that points workloads a cluster already runs at the new image (`kubectl set image`, `argocd app set … --kustomize-image`) without manifests here is a low-confidence gap (messageId elsewhere). A Terraform module call that runs the image on a cluster through a shared module kept outside the repository (an image input, replicas or a probe path, and a source named for AKS/EKS/GKE/Kubernetes or a namespace input) is a low-confidence pass (messageId module): its inputs describe the deployment, the module renders the manifests. A static host publishing only the front end of a server in another language is not the service’s platform. Any other platform descriptor without Kubernetes (a Procfile that may only feed a local process manager, a Nomad job without a platform target) is a low-confidence gap; a Procfile a Dockerfile copies into its image (forego, honcho) is the process list of the container, not a platform. ' +
        'Manifests that reference a ConfigMap or Secret (envFrom, valueFrom, volumes; optional ones skipped) that no manifest, kustomize generator, SealedSecret, ExternalSecret or cert-manager Certificate in the repository defines are a low-confidence gap (messageId unresolvedRefs): it may be created out of band, or the deploy will fail with CreateContainerConfigError. A container whose command/args name a file or module the image the project does not contain (the startPath fact code.entrypoint reads, when the repository builds one image) is a low-confidence gap too (messageId brokenCommand).',
      fix: [
        'Add deploy/k8s/ with a Deployment (probes, resources), a Service and a ConfigMap, or a Helm chart (`helm create`), and apply it from CI.',
        'Define every ConfigMap/Secret a workload references in the repository (a kustomize generator, SealedSecret or ExternalSecret), or document who creates it.',
      ],
      fixFor: {
        compose: [
          'Compose on one host restarts nothing elsewhere when the host fails and rolls out by stopping containers: when one host is no longer enough, describe the deployment as Kubernetes manifests or a Helm chart (replicas, probes, resources) and apply it from CI.',
        ],
      },
      effort: 'M',
      links: [
        'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/',
        'https://helm.sh/docs/topics/charts/',
      ],
    },
    messages: {
      missing: 'No Kubernetes manifests, Helm chart or kustomization in the repository.',
      otherPlatform: 'No Kubernetes deployment; the service deploys with {{platform}}.',
      missingReferenced: '{{file}} deploys from {{target}}, which is not in the repository.',
      elsewhere:
        'The service is deployed to Kubernetes ({{how}}, {{file}}), but the manifests of its workloads are kept outside the repository.',
      module:
        'The Kubernetes deployment is described by the inputs of a Terraform module call ({{file}}); the module outside the repository renders the manifests.',
      unresolvedRefs: 'Workloads reference {{refs}}, defined nowhere in the repository.',
      brokenCommand: 'A container cannot start: {{problems}}.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    // "Kubernetes-ready", "health probes for Kubernetes": the service suits Kubernetes (its health endpoints can serve
    // as probes), which says nothing of manifests.
    claims: [
      'kubernetes',
      'k8s',
      'helm chart',
      'kubernetes manifests',
      'k8s manifests',
      '!kubernetes ready',
      '!k8s ready',
      '!ready for kubernetes',
      '!health probe',
    ],
  },
  check(ctx) {
    const k = ctx.facts.k8s;
    if (k.any) {
      // Containers whose command names a file or module the image does not contain (the startPath fact).
      const starts = ctx.facts.startPath.targets
        .filter((t) => t.source === 'k8s')
        .flatMap((t) => t.breaks.filter((b) => b.artefact === 'k8s'))
        .filter((b, i, all) => all.findIndex((x) => x.message === b.message) === i);
      if (starts.length) {
        return ctx.gap(
          'brokenCommand',
          starts.map((b) => ctx.at(b.chain[0]!.path, b.chain[0]!.line, b.message)),
          { confidence: 'low', data: { problems: starts.map((b) => b.message).join('; ') } },
        );
      }
      if (k.unresolvedRefs.length) {
        return ctx.gap(
          'unresolvedRefs',
          k.unresolvedRefs.map((r) =>
            ctx.at(r.file, r.line, `${r.workload} uses ${r.kind} ${r.name}, not defined in the repository`),
          ),
          {
            confidence: 'low',
            data: { refs: [...new Set(k.unresolvedRefs.map((r) => `${r.kind} ${r.name}`))].join(', ') },
          },
        );
      }
      const ev: Evidence[] = [
        ...k.charts.map((c) => ctx.at(c.path, 1, `Helm chart${c.name ? ` ${c.name}` : ''}`)),
        ...k.kustomizations.map((p) => ctx.at(p, 1, 'kustomization')),
        ...k.workloads
          .slice(0, 8)
          .map((w) => ctx.at(w.file, w.line, `${w.kind}/${w.name}${w.helm ? ' (Helm template)' : ''}`)),
      ];
      if (!ev.length) ev.push(...k.manifests.slice(0, 5).map((m) => ctx.at(m, 1, 'Kubernetes manifest')));
      return ctx.pass(ev);
    }
    const kind = ctx.facts.kind;
    if (kind.kind === 'cli' && !kind.longRunning)
      return ctx.na(`a command-line program is not deployed as a service (${kind.reason})`);
    const fn = ctx.facts.functions;
    if (fn.only)
      return ctx.na(
        `the service runs only as functions on ${`${fn.name}, ${fn.where}`}: the platform schedules and scales them`,
      );
    const searched = ['*.yaml with apiVersion/kind', 'Chart.yaml', 'kustomization.yaml'];
    // CI or scripts that deploy from a path the repository does not have: the deployment cannot be reproduced from it.
    const hit = ctx.facts.k8sDeployCommands.find((c) => !c.present);
    if (hit) {
      const target = hit.target;
      return ctx.gap(
        'missingReferenced',
        [
          ctx.at(hit.path, hit.line, `deploys from ${target}, which is not in the repository`),
          ctx.missing(searched, 'no Kubernetes deployment description'),
        ],
        {
          data: { file: `${hit.path}:${hit.line}`, target },
        },
      );
    }
    // CI that points a cluster's existing workloads at the new image (`kubectl set image deployment/web …`): the
    // service runs on Kubernetes, from manifests kept somewhere else.
    const retag = ctx.facts.delivery.clusterImageUpdates[0];
    if (retag)
      return ctx.gap(
        'elsewhere',
        [
          ctx.at(retag.path, retag.line, `${retag.how}: updates workloads defined outside the repository`),
          ctx.missing(searched, 'no Kubernetes manifests'),
        ],
        { confidence: 'low', data: { how: retag.how, file: `${retag.path}:${retag.line}` } },
      );
    // A Terraform module call running the image on a cluster (DfE's `aks/application`): the deployment is described
    // here by the module's inputs, reviewed and versioned; the manifests it renders are the module's.
    const viaModule = ctx.facts.platform.service.find((t) => t.model === 'kubernetes' && t.moduleCall);
    if (viaModule)
      return ctx.pass(
        [ctx.at(viaModule.path, viaModule.line ?? 1, `${viaModule.name}: ${viaModule.resource} runs the image`)],
        {
          messageId: 'module',
          confidence: 'low',
          data: { file: `${ctx.repo.toRepo(viaModule.path)}${viaModule.line ? `:${viaModule.line}` : ''}` },
        },
      );
    // A platform that runs the service itself (a PaaS, functions, a static host, ECS/Nomad) is its deployment: asking
    // for Kubernetes manifests there is noise. A weak sign (a Procfile that may only feed a local process manager) is not.
    const runs = ctx.facts.platform.service.find(
      (t) => !t.weak && ['paas', 'serverless', 'static', 'container-service'].includes(t.model),
    );
    if (runs)
      return ctx.na(
        `deploys with ${runs.name} (${ctx.repo.toRepo(runs.path)}${runs.line ? `:${runs.line}` : ''}): the platform runs it, not Kubernetes`,
      );
    // A static host's descriptor that publishes a documentation site (doc/netlify.toml building a Hugo site, one
    // whose build runs a docs generator) or only the front end of a server in another language (a netlify.toml
    // publishing the UI build and proxying /api/* to production) says nothing about how the service runs.
    const notTheService = new Set(
      ctx.facts.platform.targets.filter((t) => t.covers !== 'service').map((t) => ctx.repo.toRepo(t.path)),
    );
    // Names other files share (a compose file called app.yml, a render.yaml of a document renderer) count only when
    // the platform fact recognised their content.
    const recognised = new Set(ctx.facts.platform.targets.map((t) => t.path));
    for (const [re, platform] of OTHER_PLATFORMS) {
      const f = ctx.repo
        .byName(re)
        .find(
          (x) =>
            !x.isTest &&
            x.kind !== 'docs' &&
            !notTheService.has(ctx.repo.toRepo(x.path)) &&
            !ctx.facts.platform.inImage.includes(x.path) &&
            (!SHARED_NAME.test(x.path.split('/').pop()!) || recognised.has(x.path)),
        );
      if (f)
        return ctx.gap(
          'otherPlatform',
          [ctx.at(f.path, 1, `${platform} deployment descriptor`), ctx.missing(searched, 'no Kubernetes deployment')],
          { confidence: 'low', data: { platform } },
        );
    }
    // Hosts that install the service's Linux package (a systemd unit) are its deployment, not Kubernetes.
    const hosts = ctx.facts.platform.service.find((t) => !t.weak && t.model === 'hosts');
    if (hosts)
      return ctx.gap(
        'otherPlatform',
        [ctx.at(hosts.path, hosts.line, `${hosts.name} deployment`), ctx.missing(searched, 'no Kubernetes deployment')],
        { confidence: 'low', data: { platform: hosts.name } },
      );
    return ctx.gap('missing', [ctx.missing(searched, 'no Kubernetes deployment description')]);
  },
});
