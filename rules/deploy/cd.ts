import { defineRule, type Evidence } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'deploy.cd',
    category: 'deploy',
    title: 'Deployment is automated, and production deploys are gated',
    severity: 'medium',
    level: 2,
    scope: 'repository',
    requires: ['not-library'],
    docs: {
      why: 'A deploy done by hand from a laptop is slow, differs every time and leaves no record; a pipeline that deploys the same way every time, with production behind an environment, an approval or a release tag, makes shipping routine and reviewable.',
      how:
        'Looks for deploy steps in CI (helm/kubectl/skaffold, argocd/flux, terraform/pulumi/cdk, ECS/Copilot, fly, gcloud run/app deploy, vercel/netlify, railway, heroku, kamal/capistrano, Deployer (`dep deploy`, deployphp/action), serverless/sam, docker stack, compose over ssh or in a deploy job, deploy scripts and npm/make deploy targets it runs; test clusters (kind, minikube) and docs deploys do not count; a reusable workflow of another repository named for deploying (the HMPPS deploy_env.yml, the GOV.UK deploy.yml, a team deploy-nais.yml), or called from a workflow file or job named for deploying when it is not named for tests, linting, scans or builds (a deploy.yml calling a team’s shared jar-app.yaml), counts, with low confidence when its steps are unknown), Cloud Build and CodeBuild specs, GitOps controllers (Argo CD Applications, Flux Kustomizations/HelmReleases), GoCD pipelines rendered with the gocd-jsonnet pipedream (`auto_deploy: true`; started from the GoCD dashboard otherwise: low confidence), and platform git integrations (Vercel, Netlify, Render autoDeploy, Railway, App Platform deploy_on_push). ' +
        'Production is gated by a deployment environment (GitHub, GitLab, Azure, Bitbucket), a manual start or approval (workflow_dispatch, when: manual, CircleCI approval, Jenkins input) or a release tag. ' +
        'Deploys without a gate, only to staging, a pipeline that only publishes images or releases the service Helm chart (a chart release counts before deploy make targets, which are for developers), a platform git integration (set up outside the repository), a Shipit recipe (shipit.yml: deploys from its dashboard or continuously) and a Heroku app pass with low confidence. Deploy scripts or make targets no pipeline runs are a gap (deploying by hand), as is a deployable service with none of these. n/a for libraries and command-line programs.',
      fix: [
        'GitHub Actions: add a deploy job on pushes to main that runs your deploy command, with `environment: production` (required reviewers on the environment) or `on: release`.',
        'GitLab CI: a deploy job with `environment: production` and `when: manual` (or `rules: - if: $CI_COMMIT_TAG`).',
        'Kubernetes: let Argo CD or Flux sync the manifests from this repository; CI only builds and tags the image.',
        'PaaS: connect the repository in Vercel/Netlify/Render/Railway (production branch + preview deploys), or run `fly deploy`/`gcloud run deploy` from CI.',
      ],
      effort: 'M',
      links: [
        'https://docs.github.com/en/actions/deployment/targeting-different-environments/using-environments-for-deployment',
        'https://docs.gitlab.com/ee/ci/environments/',
      ],
    },
    messages: {
      gated: 'Deployment is automated ({{how}}) and gated: {{gate}}.',
      gitops: '{{tool}} deploys from the repository ({{where}}).',
      gitIntegration: '{{platform}} deploys from git pushes through its integration ({{where}}).',
      stagingOnly: 'The pipeline deploys to {{env}} ({{how}}); production is not deployed by it.',
      ungated: 'The pipeline deploys ({{how}}) with no environment, approval or tag gate in front of production.',
      publishOnly: 'The pipeline publishes {{what}}, but deploying it to an environment is not in the repository.',
      paasUnseen:
        'The service runs on {{platform}}; whether it deploys automatically is set in the platform, not here.',
      manual: 'Deployment is scripted ({{where}}) but run by hand: no pipeline runs it.',
      missing: 'No pipeline, GitOps controller or platform git integration deploys the service.',
    },
    claims: [
      'continuous deployment',
      'continuous delivery',
      'cd pipeline',
      'deployment pipeline',
      'automated deployment',
      'automated deploys',
      'gitops',
      'deploy workflow',
    ],
  },
  check(ctx) {
    const { kind, delivery: d, platform } = ctx.facts;
    if (kind.kind === 'cli' && !kind.longRunning)
      return ctx.na(`a command-line program is released, not deployed (${kind.reason})`);
    const deploys = d.deploys.filter((x) => x.state !== 'disabled');
    const at = (x: { path: string; line: number }, note: string): Evidence => ctx.at(x.path, x.line, note);
    const describe = (x: (typeof deploys)[number]): string =>
      `${x.tool} in ${x.path}${x.job ? ` job ${x.job}` : ''}${x.via ? ` (${x.via})` : ''}`;

    // A deploy to a named non-production environment (staging, preview) says nothing about production.
    const nonProd = (x: (typeof deploys)[number]): boolean => !x.production && !!x.environment;
    const gated = deploys.filter((x) => x.gates.length && !nonProd(x));
    const best = gated.find((x) => x.production) ?? gated[0];
    if (best && (best.production || !deploys.some((x) => x.production && !x.gates.length))) {
      const gate = best.gates[0]!;
      return ctx.pass([at(best, `deploy step: ${describe(best)}`), ctx.at(gate.path, gate.line, gate.note)], {
        messageId: 'gated',
        data: { how: `${best.tool} in ${best.path}`, gate: gate.note },
        confidence: best.system === 'cloud-build' || best.system === 'codebuild' || best.outOfSight ? 'low' : 'high',
      });
    }
    if (d.gitops.length) {
      const g = d.gitops[0]!;
      return ctx.pass([at(g, g.note), ...deploys.slice(0, 1).map((x) => at(x, `deploy step: ${describe(x)}`))], {
        messageId: 'gitops',
        data: { tool: g.tool, where: `${g.path}:${g.line}` },
        ...(g.onDemand ? { confidence: 'low' as const } : {}),
      });
    }
    if (deploys.length) {
      const ungated = deploys.find((x) => x.production && !x.gates.length) ?? deploys.find((x) => !nonProd(x));
      if (!ungated) {
        const staging = deploys[0]!;
        return ctx.pass([at(staging, `deploy step: ${describe(staging)}`)], {
          messageId: 'stagingOnly',
          data: { env: `the ${staging.environment!.name} environment`, how: staging.tool },
          confidence: 'low',
        });
      }
      return ctx.pass(
        [
          at(ungated, `deploy step: ${describe(ungated)}`),
          ctx.missing(
            ['deployment environment on the job', 'manual start or approval', 'tag or release trigger'],
            'no gate in front of this deploy (branch protection, set outside the repository, may still gate it)',
          ),
        ],
        { messageId: 'ungated', data: { how: describe(ungated) }, confidence: 'low' },
      );
    }
    const integrated = platform.service.filter((t) => t.gitDeploys && !t.weak);
    if (integrated.length) {
      const t = integrated[0]!;
      return ctx.pass([ctx.at(t.path, t.gitDeploys!.line, t.gitDeploys!.note)], {
        messageId: 'gitIntegration',
        data: { platform: t.name, where: t.path },
        confidence: 'low',
      });
    }
    // A pipeline releasing the service's Helm chart delivers it as a chart its operators install (a Kubernetes
    // operator, a self-hosted product); a deploy make target beside it (kubebuilder's `make deploy`) is the developer's.
    const chart = d.publishes.find((p) => p.tool === 'Helm chart release');
    if (chart) {
      const image = d.publishes.find((p) => p.artefact === 'image');
      return ctx.pass([at(chart, chart.note), ...(image ? [at(image, image.note)] : [])], {
        messageId: 'publishOnly',
        data: { what: `its Helm chart${image ? ' and images' : ''} (${chart.path})` },
        confidence: 'low',
      });
    }
    if (d.scripts.length) {
      const s = d.scripts[0]!;
      return ctx.gap(
        'manual',
        [
          ctx.at(s.path, s.line, `deploy command run by hand: ${s.command}`),
          ctx.missing(
            ['CI jobs that run it', 'GitOps controllers', 'platform git integrations'],
            'no pipeline deploys',
          ),
        ],
        { data: { where: `${s.path}:${s.line}` } },
      );
    }
    const published = d.publishes.find((p) => p.tags !== 'mutable') ?? d.publishes[0];
    if (published)
      return ctx.pass([at(published, published.note)], {
        messageId: 'publishOnly',
        data: {
          what: `${published.artefact === 'image' ? 'images' : 'packages'} (${published.tool} in ${published.path})`,
        },
        confidence: 'low',
      });
    // Heroku and Hatchbox deploy on pushes when automatic deploys are switched on in the platform, out of sight.
    const paas = platform.service.find((t) => (t.platform === 'heroku' || t.platform === 'hatchbox') && !t.weak);
    if (paas)
      return ctx.pass([ctx.at(paas.path, paas.line ?? 1, `${paas.name}: ${paas.via}`)], {
        messageId: 'paasUnseen',
        data: { platform: `${paas.name} (automatic deploys from the repository are switched on in the platform)` },
        confidence: 'low',
      });
    // A monorepo of packages, or a repository of unknown shape, with nothing that runs as a service.
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
    const described = [
      ...platform.service.slice(0, 2).map((t) => ctx.at(t.path, t.line, `${t.name} (${t.via}), deployed by hand`)),
    ];
    // A frontend or Next.js app often deploys through a Vercel/Netlify integration that needs no file in the repository.
    const invisibleIntegration = kind.kind === 'frontend' || ctx.facts.frameworks.http.some((h) => h.name === 'nextjs');
    return ctx.gap(
      'missing',
      [
        ...described,
        ctx.missing(
          [
            'deploy steps in CI (.github/workflows, .gitlab-ci.yml, Jenkinsfile …)',
            'cloudbuild.yaml / buildspec.yml',
            'Argo CD / Flux objects',
            'vercel.json, netlify.toml, render.yaml, railway.json',
          ],
          ctx.facts.ci.configs.length ? 'CI runs, but no step deploys' : 'no CI configuration',
        ),
      ],
      invisibleIntegration ? { confidence: 'low' } : {},
    );
  },
});
