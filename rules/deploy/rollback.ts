import { defineRule, type Evidence } from '../../src/sdk/index.js';

/**
 * Docker Hub official images (`postgres:latest`, `redis`) are the service's dependencies, not its own artefact: their
 * tags are container.pinned-base's concern, not whether the service can go back to its previous version.
 */
const officialImage = (ref: string): boolean =>
  /^[a-z0-9._-]+(?::[\w.-]+)?$/.test(ref.replace(/^docker\.io\/library\//, ''));

export default defineRule({
  meta: {
    id: 'deploy.rollback',
    category: 'deploy',
    title: 'A bad deploy can be rolled back to the previous version',
    severity: 'medium',
    level: 2,
    scope: 'repository',
    requires: ['not-library'],
    docs: {
      why: 'Every deploy can go wrong; the fastest fix is to go back to the version that worked. That needs the previous artefact to still exist under its own name (a version tag or digest, never `:latest`, which the new deploy overwrote) and a way back that is automated or written down before the incident.',
      how:
        'Reads the images the deployment descriptors reference (Kubernetes workloads and chart values, production compose files, ECS task definitions; Docker Hub official images such as postgres are dependencies and not judged), tools that set the tag at deploy time (kubectl set image, kustomize, helm --set, Flux image automation), automated rollback (helm --atomic or rollback, rollout undo, Argo Rollouts/Flagger, ECS circuit breaker, Nomad auto_revert, CodeDeploy/SAM traffic shifting, rollback workflows and targets, a gocd-jsonnet pipedream `rollback:` pipeline; fly.toml `[experimental] auto_rollback` is not one: a `fly launch` default of Fly’s Nomad platform that Machines apps ignore), rollback procedures in guides, and the rollback model of the platform the service runs on. ' +
        'A deployment of `:latest` or an untagged image with nothing setting the tag at deploy time is a gap: there is no previous version to go back to. Automated or documented rollback passes; a platform that keeps releases (Heroku, Fly, Render, Vercel, Cloud Run, Lambda, Kubernetes ReplicaSets and Helm history, ECS task revisions, Kamal, Capistrano, Deployer …) passes with low confidence, since nothing in the repository says how to use it. A production compose file has no rollback of its own; nor has a deploy script that copies the folder to a host and restarts it with pm2 (it replaces the release in place), nor have hosts that install a Linux package (a systemd unit): versioned packages with no automated or documented way back are a gap. n/a for libraries, command-line programs and repositories with nothing deployable.',
      fix: [
        'Tag every image with the commit SHA or release version (`ghcr.io/acme/api:${{ github.sha }}`), deploy that tag, and never deploy `:latest`.',
        'Kubernetes/Helm: deploy with `helm upgrade --install --atomic` (a failed upgrade rolls back), or `kubectl rollout status … || kubectl rollout undo …` in the deploy job.',
        'PaaS: write the one-line rollback in docs/runbook.md (`heroku releases:rollback`, `fly deploy --image <previous>`, Render/Vercel "rollback" on the previous deploy).',
        'Compose on a host: deploy versioned image tags from an env file and document how to start the previous tag again.',
      ],
      effort: 'S',
      links: [
        'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-back-a-deployment',
        'https://helm.sh/docs/helm/helm_rollback/',
      ],
    },
    messages: {
      mutable:
        'The deployment runs {{ref}} ({{where}}): a mutable tag, so the previous version cannot be deployed again.',
      automated: 'Deployments can be rolled back: {{how}}.',
      documented: 'The rollback procedure is documented ({{where}}).',
      platform:
        'The service runs on {{platform}}, which keeps earlier releases: {{model}}. How to roll back is not written down here.',
      platformGuess:
        'The service may run on {{platform}} ({{why}}), which keeps earlier releases: {{model}}. How to roll back is not written down here.',
      hostBuilt:
        'The production compose file builds its images on the host ({{where}}): no earlier image is kept to go back to, and no rollback is automated or documented.',
      undocumented:
        'Deployments use versioned artefacts ({{what}}), but {{platform}} has no rollback of its own and none is automated or documented.',
      replaced:
        'The service is deployed to {{platform}} by {{where}}, which replaces the running release in place: no earlier release is kept to go back to, and no rollback is automated or documented.',
      unknown: 'How the service is deployed is not in the repository, and no rollback procedure is documented.',
    },
    claims: ['rollback', 'roll back', 'rollbacks', 'rollback plan', 'rollback procedure', 'blue/green', 'canary'],
  },
  check(ctx) {
    const { kind, delivery: d, platform } = ctx.facts;
    if (kind.kind === 'cli' && !kind.longRunning)
      return ctx.na(`a command-line program is released, not deployed (${kind.reason})`);

    const own = d.images.filter((i) => !officialImage(i.ref));
    const mutable = own.filter(
      (i) => i.pin === 'latest' || i.pin === 'untagged' || (i.pin === 'templated' && !!i.note?.includes('latest')),
    );
    // A tag set at deploy time (kubectl set image, kustomize, helm --set …) replaces what the manifest says.
    if (mutable.length && !d.imageRewrites.length) {
      const m = mutable[0]!;
      return ctx.gap(
        'mutable',
        [
          ...mutable
            .slice(0, 3)
            .map((i) => ctx.at(i.path, i.line, `${i.where}: ${i.ref}${i.note ? ` (${i.note})` : ''}`)),
          ctx.missing(
            [
              'version or digest in the image reference',
              'a tag set at deploy time (kubectl set image, kustomize, helm --set)',
            ],
            'each deploy overwrites the tag it runs',
          ),
        ],
        { data: { ref: m.ref, where: `${m.path}:${m.line}` } },
      );
    }

    const versioned = own.filter((i) => i.pin === 'version' || i.pin === 'digest' || i.pin === 'templated');
    const artefact: Evidence[] = [
      ...versioned.slice(0, 1).map((i) => ctx.at(i.path, i.line, `${i.where} runs ${i.ref}`)),
      ...d.imageRewrites
        .slice(0, 1)
        .map((r) => ctx.at(r.path, r.line, `the image tag is set at deploy time: ${r.how}`)),
      ...d.publishes
        .filter((p) => p.tags === 'immutable')
        .slice(0, 1)
        .map((p) => ctx.at(p.path, p.line, p.note)),
    ];

    if (d.rollbacks.length) {
      const r = d.rollbacks[0]!;
      return ctx.pass([ctx.at(r.path, r.line, r.how), ...artefact], {
        messageId: 'automated',
        data: { how: [...new Set(d.rollbacks.map((x) => x.how))].slice(0, 2).join('; ') },
      });
    }
    const doc = d.rollbackDocs.find((h) => h.strong);
    if (doc)
      return ctx.pass([ctx.at(doc.path, doc.line, doc.note), ...artefact], {
        messageId: 'documented',
        data: { where: `${doc.path}:${doc.line}` },
      });

    const keeps = (t: (typeof platform.service)[number]) => t.model !== 'compose' && !t.keepsNoRelease;
    const targets = platform.service.filter((t) => !t.weak);
    // A long-running deployment of the service says more than a job beside it (a migration, a cron task).
    // A guess (a Procfile) does not outweigh a platform known to keep no release (Dokku runs that Procfile too).
    const withRollback =
      targets.find((t) => keeps(t) && !t.job) ??
      targets.find(keeps) ??
      (targets.some((t) => t.keepsNoRelease) ? undefined : platform.service.find(keeps));
    if (withRollback)
      return ctx.pass(
        [ctx.at(withRollback.path, withRollback.line, `${withRollback.name} (${withRollback.via})`), ...artefact],
        {
          messageId: withRollback.weak ? 'platformGuess' : 'platform',
          data: { platform: withRollback.name, model: withRollback.rollback, why: withRollback.weak ?? '' },
          confidence: 'low',
        },
      );

    const deployable =
      kind.kind === 'service' ||
      kind.kind === 'frontend' ||
      kind.longRunning ||
      ctx.facts.dockerfiles.production.length > 0 ||
      ctx.facts.k8s.any ||
      platform.service.length > 0;
    if (!deployable)
      return ctx.na(
        `nothing deployable was recognised: no server, worker, container or deployment target (${kind.reason})`,
      );
    const searched = [
      'rollback steps in CI and scripts (helm --atomic/rollback, rollout undo, Argo Rollouts, Flagger …)',
      'rollback sections in the documentation',
      'the platform the service runs on',
    ];
    const packaged = targets.find((t) => t.platform === 'systemd');
    if (packaged)
      return ctx.gap(
        'undocumented',
        [
          ctx.at(packaged.path, packaged.line, `${packaged.name}: ${packaged.rollback}`),
          ...artefact,
          ctx.missing(searched, 'no automated or documented way back'),
        ],
        // How the hosts get the package (and could get the previous one) is outside the repository.
        { data: { what: 'Linux packages', platform: packaged.name }, confidence: 'low' },
      );
    const inPlace = platform.service.find((t) => t.keepsNoRelease);
    // Versioned artefacts (an image digest the deploy names) can be deployed again, though nothing says how.
    if (inPlace && artefact.length)
      return ctx.gap(
        'undocumented',
        [
          ctx.at(inPlace.path, inPlace.line, `${inPlace.name}: ${inPlace.rollback}`),
          ...artefact,
          ctx.missing(searched, 'no automated or documented way back'),
        ],
        { data: { what: artefact[0]!.note, platform: inPlace.name }, confidence: 'low' },
      );
    if (inPlace)
      return ctx.gap(
        'replaced',
        [
          ctx.at(inPlace.path, inPlace.line, `${inPlace.name}: ${inPlace.rollback}`),
          ctx.missing(searched, 'no earlier release kept and no automated or documented way back'),
        ],
        { data: { platform: inPlace.name, where: `${inPlace.path}${inPlace.line ? `:${inPlace.line}` : ''}` } },
      );
    const compose = platform.service.find((t) => t.model === 'compose');
    if (compose && !versioned.length)
      return ctx.gap(
        'hostBuilt',
        [
          ctx.at(compose.path, compose.line, `${compose.name}: ${compose.rollback}`),
          ctx.missing(searched, 'no versioned image and no automated or documented way back'),
        ],
        { data: { where: compose.path } },
      );
    if (compose)
      return ctx.gap(
        'undocumented',
        [
          ctx.at(compose.path, compose.line, `${compose.name}: ${compose.rollback}`),
          ...artefact,
          ctx.missing(searched, 'no automated or documented way back'),
        ],
        {
          data: {
            what: versioned.length
              ? versioned
                  .map((i) => i.ref)
                  .slice(0, 2)
                  .join(', ')
              : 'images built on the host',
            platform: compose.name,
          },
        },
      );
    // The deploy is not in the repository: whether the platform keeps releases cannot be seen.
    return ctx.gap('unknown', [...artefact, ctx.missing(searched, 'no deployment descriptor or rollback procedure')], {
      confidence: 'low',
    });
  },
});
