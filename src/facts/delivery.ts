import { LOCAL_CLUSTER, LOCAL_CLUSTER_PATH } from './k8s-deploy-commands.js';
import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { describesFields } from './api-docs.js';
import { deployerRecipe } from './deployer.js';
import { type CiConfig, type CiJob, type CiState, type CiSystem, CommandResolver } from './ci.js';
import { imageShortName } from './components.js';
import type { ComposeFacts } from './compose.js';
import type { DocHit, DocsFacts } from './docs.js';
import { isInfraWorkloadImage } from './infra-images.js';
import { inToolRunFolder, isBatchWorkload, type K8sFacts, type K8sWorkload } from './k8s.js';
import { DEPLOY_COMMANDS, DRY_RUN, deployActionOf, ecsServiceInput, type PlatformFacts } from './platform.js';

/**
 * How the service gets from a commit to an environment, and how it gets back: deploy steps in CI (with the
 * environment, manual or tag gate that holds them), image publishing and its tag strategy, GitOps controllers,
 * deploy scripts run by hand, the images deployment descriptors reference (mutable `:latest` or versioned), tools that
 * rewrite those images at deploy time, automated rollback mechanisms and documented rollback procedures.
 */

export interface DeliveryGate {
  kind: 'environment' | 'manual' | 'tags';
  path: string;
  line: number;
  note: string;
}

export interface DeployStep {
  path: string;
  line: number;
  /** The CI system, or the cloud build service (Cloud Build, CodeBuild) whose triggers live outside the repository. */
  system: CiSystem | 'cloud-build';
  job?: string;
  /** What deploys: "helm upgrade", "Fly.io", "docker compose up over ssh" … */
  tool: string;
  /** The command or action, shortened, for evidence. */
  command: string;
  state: CiState;
  environment?: { name: string; line: number };
  /** What holds the deploy back until someone (or a release) lets it through. */
  gates: DeliveryGate[];
  /** The environment, job or workflow names production. */
  production: boolean;
  /** How the deploy command was found when it is behind a script or a make/npm target. */
  via?: string;
  /** The deploy runs in another repository: its reusable workflow known only by its name, or the one a dispatch starts. */
  outOfSight?: true;
}

export interface ImagePublish {
  path: string;
  line: number;
  job?: string;
  tool: string;
  /** A container image, or a package (gem, npm, PyPI, crate, release binaries) others install. */
  artefact: 'image' | 'package';
  /** immutable: tags from the commit, version or tag; mutable: only `latest` (or no tag); unknown: not readable. */
  tags: 'immutable' | 'mutable' | 'unknown';
  note: string;
}

export interface GitOpsSource {
  path: string;
  line: number;
  tool: string;
  note: string;
  /** Deploys run from the tool's dashboard unless continuous delivery is switched on there (Shipit). */
  onDemand?: true;
}

export interface DeployScript {
  path: string;
  line: number;
  command: string;
}

export interface DeployedImage {
  path: string;
  line: number;
  ref: string;
  /** Kubernetes workload, compose service or task definition using it. */
  where: string;
  pin: 'digest' | 'version' | 'latest' | 'untagged' | 'templated';
  /** For templated refs: what the chart values say (`tag: latest`, AppVersion default …). */
  note?: string;
}

export interface RollbackMechanism {
  path: string;
  line: number;
  how: string;
}

export interface DeliveryFacts {
  /** Deploy steps in CI, test-cluster and docs deploys excluded. */
  deploys: DeployStep[];
  publishes: ImagePublish[];
  gitops: GitOpsSource[];
  /** Deploy scripts and make/npm targets no CI step runs (deploying by hand). */
  scripts: DeployScript[];
  /** Images referenced by deployment descriptors (Kubernetes, production compose, ECS, Nomad). */
  images: DeployedImage[];
  /** Something sets the deployed image tag at deploy time (kustomize images, helm --set image.tag, skaffold …). */
  imageRewrites: RollbackMechanism[];
  /** CI points workloads already running in a cluster at the new image (kubectl set image, argocd app set). */
  clusterImageUpdates: RollbackMechanism[];
  /** Automated rollback: helm --atomic, rollout undo, progressive delivery, circuit breakers, rollback workflows. */
  rollbacks: RollbackMechanism[];
  /** Rollback procedures in guides (sections on rolling back, rollback commands in docs). */
  rollbackDocs: DocHit[];
}

/**
 * A new image handed to the repository that holds the deployment: a repository_dispatch (`POST
 * /repos/acme/infra-manifests/dispatches` with `"event_type": "update-docker-image"`) whose workflow there rolls it out.
 */
const HANDED_ON =
  /^(?=[^\n]*\/repos\/[\w.-]+\/[\w.-]+\/dispatches\b)(?=[^\n]*event_type\W+[\w-]*(?:deploy|image|release|manifest|version))/i;
const HANDED_ON_TOOL = 'repository_dispatch to the deployment repository';

/** Deploy commands beyond the platform CLIs (those come from the platform fact's list). */
const DEPLOY_TOOLS: [RegExp, string][] = [
  [/\bhelm(?:file)?\s+(?:[\w-]+\s+)*?(?:upgrade|install|sync|apply)\b/, 'helm'],
  [
    /\bkubectl\s+(?:--?[\w-]+(?:[= ]\S+)?\s+)*(?:apply|set\s+image|replace|create\s+-f|rollout\s+restart|patch\s+deploy)/,
    'kubectl',
  ],
  [/\bskaffold\s+(?:run|deploy)\b/, 'skaffold'],
  // Quarkus' kubernetes/openshift extension applies the manifests it generates when the build is run with
  // `quarkus.kubernetes.deploy=true` (`mvn package -Dquarkus.kubernetes.deploy=true`, `quarkus deploy openshift`).
  [/-Dquarkus\.(?:kubernetes|openshift)\.deploy=true\b|\bquarkus\s+deploy\b/, 'Quarkus kubernetes deploy'],
  // OpenShift's CLI rolling out a new revision (`oc apply -f`, `oc rollout latest`, `oc start-build`).
  [/\boc\s+(?:apply|rollout\s+(?:latest|restart)|start-build|set\s+image|new-app)\b/, 'oc (OpenShift)'],
  [/\bargocd\s+app\s+(?:sync|set|create)\b/, 'Argo CD'],
  [/\bflux\s+reconcile\b/, 'Flux'],
  // Terraform's global -chdir option comes before the subcommand (`terraform -chdir=terraform/aks apply`).
  [/\bterraform\s+(?:-chdir=\S+\s+)?apply\b|\bterragrunt\s+(?:run-all\s+)?apply\b/, 'terraform apply'],
  [/\bpulumi\s+up\b/, 'pulumi up'],
  // The Azure Developer CLI provisions azure.yaml's infrastructure and deploys its services (`azd up`, `azd deploy`).
  [/\bazd\s+(?:up|deploy)\b/, 'Azure Developer CLI (azd)'],
  [/\bcdk\s+deploy\b/, 'cdk deploy'],
  [/\baws\s+cloudformation\s+(?:deploy|update-stack)\b/, 'CloudFormation'],
  [/\baws\s+ecs\s+(?:update-service|deploy)\b|\becs-deploy\b|\bcopilot\s+(?:svc\s+)?deploy\b/, 'Amazon ECS'],
  [/\baws\s+deploy\s+create-deployment\b/, 'CodeDeploy'],
  [/\bdocker\s+stack\s+deploy\b/, 'docker stack deploy'],
  [/\b(?:bundle\s+exec\s+)?cap\s+[\w:-]+\s+deploy\b/, 'Capistrano'],
  // Dokku over ssh names the command after the host (`ssh dokku@host git:from-image app ghcr.io/…@sha256:…`).
  [
    /\bgit\s+push\s+\S*dokku\b|\bdokku\s+|\bdokku@\S+\s+(?:git:from-image|git:from-archive|git:sync|tags:deploy|ps:rebuild)\b/,
    'Dokku',
  ],
  [/\bansible-playbook\b[^\n]*deploy/, 'ansible-playbook'],
  [/\bnomad\s+(?:job\s+)?run\b/, 'nomad run'],
  // A platform's deploy hook called with curl: Render, Cleavr, Forge, Ploi, Coolify (`${{ secrets.DEPLOY_TRIGGER_HOOK }}`).
  [/api\.render\.com\/deploy|\bdeploy[-_]?hook\b|\b[A-Z0-9_]*DEPLOY[A-Z0-9_]*_(?:WEB)?HOOK\w*/i, 'deploy hook'],
  [/\bssh\b[^\n]*\b(?:docker(?:-compose|\s+compose)?|systemctl|pm2|git\s+pull|deploy)\b/, 'ssh'],
  [HANDED_ON, HANDED_ON_TOOL],
];

/**
 * Deploys made through the AWS SDK for Python by a script CI runs (`uv run python deploy/create_deployment.py`): the
 * client of the service and its deploying call, anywhere in the script.
 */
const SDK_DEPLOYS: [RegExp, RegExp, string][] = [
  [/\bclient\(\s*["']codedeploy["']/, /\.create_deployment\(/, 'CodeDeploy'],
  [/\bclient\(\s*["']ecs["']/, /\.update_service\(/, 'Amazon ECS'],
  [/\bclient\(\s*["']lambda["']/, /\.update_function_code\(/, 'AWS Lambda'],
];

/** A step running a Python script of the repository (`python3 -u deploy/x.py`, `SHA=$SHA uv run python deploy/x.py`). */
const PYTHON_SCRIPT_COMMAND =
  /^(?:\w+=\S*\s+)*(?:(?:uv|poetry|pipenv)\s+run\s+(?:--[\w-]+(?:[= ][\w.-]+)?\s+)*)?python[\d.]*\s+(?:-\w+\s+)*((?:\.\/)?[\w./-]+\.py)\b/;

/** An action's input naming a platform deploy hook: a secret called so, or a known deploy-hook URL. */
const DEPLOY_HOOK_INPUT =
  /\bsecrets\.[A-Z0-9_]*DEPLOY[A-Z0-9_]*_(?:WEB)?HOOK\w*|\bsecrets\.[A-Z0-9_]*(?:WEB)?HOOK[A-Z0-9_]*_DEPLOY\w*|api\.render\.com\/deploy|forge\.laravel\.com\/servers\/\d+\/sites\/\d+\/deploy|api\.vercel\.com\/v1\/integrations\/deploy/i;

/**
 * GitHub actions that deploy, beyond the platform ones; the third element names the input a reusable workflow's deploy
 * job takes its GitHub environment from (`environment: ${{ inputs.environment }}`).
 */
const DEPLOY_ACTION_TOOLS: [RegExp, string, string?][] = [
  [/^azure\/k8s-deploy|^azure\/aks-set-context|^deliverybot\/helm|^wahyd4\/kubectl-helm-action/i, 'Kubernetes action'],
  [/^appleboy\/ssh-action|^easingthemes\/ssh-deploy|^burnett01\/rsync-deployments/i, 'ssh'],
  [/^aws-actions\/aws-cloudformation-github-deploy/, 'CloudFormation'],
  [/^azure\/(?:arm|bicep)-deploy@/i, 'Azure Resource Manager deployment'],
  [/^bervProject\/railway-deploy|^johnbeynon\/render-deploy-action|^dokku\/github-action/i, 'PaaS deploy action'],
  [/^clevyr\/argocd-actions|^omegion\/argocd-actions/i, 'Argo CD'],
  // NAV's nais platform: the action applies the repository's nais manifests to a cluster.
  [/^nais\/deploy\/actions\/deploy\b/, 'nais deploy'],
  // Organisations' reusable deploy workflows: HMPPS' runs `helm upgrade` of the repository's helm_deploy chart; GOV.UK's
  // sets the image tag in govuk-helm-charts through an Argo Events webhook, and Argo CD rolls it out.
  [
    /^ministryofjustice\/hmpps-github-actions\/\.github\/workflows\/deploy_env\.ya?ml@/,
    'HMPPS Helm deploy workflow',
    'environment',
  ],
  [/^alphagov\/govuk-infrastructure\/\.github\/workflows\/deploy\.ya?ml@/, 'GOV.UK deploy workflow (Argo CD)'],
  // The same Helm deploy as a job of HMPPS' CircleCI orb, named in a workflow (`- hmpps/deploy_env: { env: "staging" }`).
  [/^hmpps\/deploy_env$/, 'HMPPS Helm deploy (CircleCI orb)', 'env'],
];

/** The name of a job or workflow that deploys. */
const DEPLOY_NAME = /deploy|release|prod|publish|ship/i;

/** The import of getsentry's gocd-jsonnet pipedream library, which renders a service's GoCD deploy pipelines. */
const PIPEDREAM_IMPORT = /\bimport\s+['"][^'"]*gocd-jsonnet\/libs\/pipedream\.libsonnet['"]/;

/** The name of a shared workflow (or of the job calling it) that only checks or builds: tests, linters, scans, docs. */
const CHECK_WORKFLOW =
  /(?:^|[-_ ])(?:tests?|lint\w*|ci|checks?|codeql|scans?|security|sonar\w*|trivy|docs?|labels?|stale|dependabot|build)(?:$|[-_ ])/i;

/** A workflow or job named for deploying: `deploy`, or continuous deployment's `cd` (`cd.yml`, `ci-cd.yml`). */
const DEPLOY_CALLER = /deploy|(?:^|[-_ ])cd(?:$|[-_ ])/i;
/** Named for releasing or production: such workflows call shared build-and-publish workflows as often as deploys. */
const RELEASE_CALLER = /release|prod|ship/i;
/** An input of the call naming where it deploys: an environment, a cluster or namespace, a Helm, Kubernetes or nais manifest. */
const DEPLOY_INPUT = /(?:^|[-_])(?:env(?:ironment)?s?|cluster|namespace|kube\w*|k8s|helm\w*|nais\w*)(?:$|[-_])/i;

/**
 * A job calling another repository's reusable workflow that deploys: the workflow is named for deploying (or for
 * applying Terraform, as a `terraform apply` step would: `apply-terraform.yml`), or the caller is (its workflow file or
 * its job) and the workflow is not one that only checks or builds. A caller named for a release or production deploys
 * when its inputs say where to (`environment: production`, `NAIS_RESOURCE`).
 */
function deploysOutOfSight(
  uses: string,
  job: string | undefined,
  callerPath: string,
  inputs: Record<string, unknown> | undefined,
): boolean {
  const called = /\.github\/workflows\/([^/@]+)\.ya?ml@/.exec(uses)?.[1];
  if (!called) return false;
  if (/deploy|apply[-_]?(?:terraform|tf)\b|\b(?:terraform|tf)[-_]?apply/i.test(called)) return true;
  if (CHECK_WORKFLOW.test(called) || CHECK_WORKFLOW.test(job ?? '')) return false;
  const caller = `${job ?? ''} ${path.posix.basename(callerPath).replace(/\.ya?ml$/, '')}`;
  return (
    DEPLOY_CALLER.test(caller) ||
    (RELEASE_CALLER.test(caller) && Object.keys(inputs ?? {}).some((k) => DEPLOY_INPUT.test(k)))
  );
}

/**
 * A compose stack started by CI counts as a deploy only in a deploy job (CI starts stacks for tests too). A stack run
 * until one container exits (`up --exit-code-from playwright`, `--abort-on-container-exit`) is a test run wherever
 * it sits: a release workflow often calls the test workflow first.
 */
const COMPOSE_UP = /\bdocker(?:-compose|\s+compose)\b[^\n]*\bup\b/;
const COMPOSE_TEST_RUN = /--(?:exit-code-from|abort-on-container-exit)\b/;
/** A throwaway cluster: the job deploys to test, not to an environment. */
const TEST_CLUSTER =
  /\bkind\s+create\s+cluster|\bminikube\s+start|\bk3d\s+cluster\s+create|helm\/kind-action|setup-minikube|k3d-action|setup-k3s|\bct\s+install\b|chart-testing/;
/** Documentation, storybook and pages deploys are not the service. */
const DOCS_DEPLOY =
  /\bmkdocs\b|\bsphinx|docusaurus|storybook|gh-pages|actions\/deploy-pages|actions-gh-pages|github-pages-deploy-action|--dir[= ]\S*docs|\bdocs?\/|\bjekyll\b|\bhugo\b/i;
const DOCS_JOB = /(^|[-_ ])(docs?|documentation|site|pages|storybook)([-_ ]|$)/i;
const PROD = /prod|live|\bmain\b|release/i;
/** A deploy command's target named production (`--config fly.prod.toml`, `overlays/production`). */
const PROD_TARGET = /(?:^|[^a-z])prod(?:uction)?(?![a-z])/i;
/** The destination a Kamal command deploys to (`kamal deploy -d staging`, `--destination=production`). */
const KAMAL_DESTINATION = /\bkamal\s+deploy\b[^\n]*?\s(?:-d|--destination)[=\s]+([\w-]+)/;
/** A stage before production named after it (`pre-production`, `preprod`, `nonprod`): not production. */
const BEFORE_PROD = /(?:pre|non)[-_]?prod(?:uction)?/gi;

const PUBLISH: [RegExp, string][] = [
  [/\bdocker\s+(?:image\s+)?push\b|\bdocker\s+buildx\s+build\b[^\n]*--push\b/, 'docker push'],
  [/\b(?:podman|buildah)\s+push\b|\bskopeo\s+copy\b|\bcrane\s+(?:push|copy)\b/, 'image push'],
  [/\bgcloud\s+builds\s+submit\b/, 'Cloud Build'],
  [/\bko\s+(?:build|publish|resolve|apply)\b/, 'ko'],
  [/\b(?:jib|jibBuild)\b|jib:build/, 'Jib'],
  [/\bpack\s+build\b[^\n]*--publish/, 'buildpacks'],
  [/\/kaniko\/executor\b|\bexecutor\b[^\n]*--destination/, 'kaniko'],
  [/\bheroku\s+container:push\b/, 'heroku container:push'],
  // The .NET SDK builds the image itself and pushes it to the registry it is given (without one: the local daemon).
  [/\bdotnet\s+publish\b[^\n]*[-/]p:ContainerRegistry=/, '.NET SDK container publish'],
];
/** Actions (and reusable workflows) that build and push images: docker/depot/blacksmith build-push, ECR pushes. */
const PUBLISH_ACTIONS =
  /build-?push|push-to-(?:registry|ecr)|ecr-action|docker-publish|publish-docker|docker-push|kaniko-action|^google-github-actions\/.*build/i;
/** The tool name of a published Helm chart (deploy.cd reads it by this name). */
const HELM_CHART_RELEASE = 'Helm chart release';
const PACKAGE_PUBLISH: [RegExp, string][] = [
  [/\bgem\s+push\b|rubygems\/release-gem|\brake\s+release\b/, 'gem push'],
  [/\bnpm\s+publish\b|\byarn\s+(?:npm\s+)?publish\b|\bpnpm\s+publish\b|changesets\/action/, 'npm publish'],
  [/\btwine\s+upload\b|pypa\/gh-action-pypi-publish|\b(?:poetry|uv|hatch|flit)\s+publish\b/, 'PyPI upload'],
  [/\bcargo\s+publish\b/, 'cargo publish'],
  [/\bgoreleaser\b|goreleaser\/goreleaser-action/, 'goreleaser'],
  // The service's Helm chart released to a chart repository (GitHub Pages, an OCI registry): what operators install.
  [/stefanprodan\/helm-gh-pages|helm\/chart-releaser-action|\bhelm\s+push\b|\bcr\s+upload\b/, HELM_CHART_RELEASE],
];
/** Tags derived from the commit, the version or the build: each image is immutable and addressable later. */
const VERSIONED_TAG =
  /github\.sha|GITHUB_SHA|github\.ref_name|GITHUB_REF_NAME|github\.run_(?:number|id)|steps\.[\w-]+\.outputs\.\w+|CI_COMMIT_(?:SHORT_)?SHA|CI_COMMIT_TAG|CI_PIPELINE_(?:ID|IID)|CIRCLE_SHA1|CIRCLE_TAG|BUILD_(?:NUMBER|ID)|BITBUCKET_(?:COMMIT|TAG)|GIT_COMMIT|git\s+rev-parse|git\s+describe|\$\{?\{?\s*[\w.]*(?:SHA|VERSION|TAG|REVISION|COMMIT|sha|version|tag)\w*|:\d+\.\d+/;

/** Commands that set the image of workloads a cluster already runs, whatever defines them. */
const CLUSTER_IMAGE_UPDATE: [RegExp, string][] = [
  [/\bkubectl\s+set\s+image\b/, 'kubectl set image'],
  [/\bargocd\s+app\s+set\b[^\n]*(?:--kustomize-image|--helm-set)/, 'argocd app set image'],
];

/** Commands that set the deployed image at deploy time. */
const IMAGE_REWRITE: [RegExp, string][] = [
  CLUSTER_IMAGE_UPDATE[0]!,
  [/\bkustomize\s+edit\s+set\s+image\b/, 'kustomize edit set image'],
  [/\bhelm(?:file)?\b[^\n]*--set(?:-string)?[= ][^\n]*\b(?:image|tag)\b/i, 'helm --set image'],
  [/\byq\b[^\n]*\bimage\b|\bsed\b[^\n]*(?:image|latest|IMAGE|TAG)/, 'manifest rewritten (yq/sed)'],
  [/\benvsubst\b/, 'envsubst'],
  CLUSTER_IMAGE_UPDATE[1]!,
  [/\bkbld\b|\bko\s+(?:resolve|apply)\b/, 'image resolved at deploy (kbld/ko)'],
];

const AUTOMATED_ROLLBACK: [RegExp, string][] = [
  [/\bhelm(?:file)?\b[^\n]*(?:--atomic|--rollback-on-failure)\b/, 'helm --atomic rolls back a failed upgrade'],
  [/\bhelm\s+rollback\b/, 'helm rollback'],
  [/\bkubectl\s+(?:argo\s+)?rollouts?\s+undo\b|\bkubectl\s+rollout\s+undo\b/, 'kubectl rollout undo'],
  [/\bkubectl\s+argo\s+rollouts\s+(?:abort|undo)\b/, 'Argo Rollouts'],
  [/\bargocd\s+app\s+rollback\b/, 'argocd app rollback'],
  [/\b(?:bundle\s+exec\s+)?cap\s+[\w-]+\s+deploy:rollback\b/, 'cap deploy:rollback'],
  [/\bkamal\s+rollback\b/, 'kamal rollback'],
  [/\bheroku\s+(?:releases:)?rollback\b/, 'heroku releases:rollback'],
  [/\b(?:serverless|sls)\s+rollback\b/, 'serverless rollback'],
  [/\bwrangler\s+rollback\b/, 'wrangler rollback'],
  [/\bdocker\s+service\s+rollback\b/, 'docker service rollback'],
  [/\bnomad\s+job\s+revert\b/, 'nomad job revert'],
  [/\bgcloud\s+run\s+services\s+update-traffic\b/, 'Cloud Run traffic moved between revisions'],
];
/** Declared rollback behaviour in infrastructure and deploy descriptors. */
const DECLARED_ROLLBACK: [RegExp, string][] = [
  [
    /deployment_circuit_breaker\s*\{[^}]*rollback\s*=\s*true|DeploymentCircuitBreaker[\s\S]{0,80}?Rollback\s*:\s*true|circuitBreaker\s*:\s*\{[^}]*rollback\s*:\s*true|\bcircuit_breaker\s*=\s*(?:\{[^}]*["']rollback["']\s*:\s*True|ecs\.DeploymentCircuitBreaker\([^)]*rollback\s*=\s*True)/,
    'ECS deployment circuit breaker with rollback',
  ],
  [/\bauto_revert\s*=\s*true/, 'Nomad auto_revert'],
  [/failure_action\s*:\s*rollback/, 'swarm update_config failure_action: rollback'],
  [
    // Terraform's deployment_style, or the SDK's and CloudFormation's deploymentStyle (`"deploymentType": "BLUE_GREEN"`).
    /\bDeploymentPreference\s*:|deployment_style\s*\{[^}]*BLUE_GREEN|blue_green_deployment_config|\b[Dd]eploymentType["']?\s*[:=]\s*["']?BLUE_GREEN\b/,
    'CodeDeploy/SAM traffic shifting with rollback',
  ],
  [/\bautoRollback\s*:|auto_rollback_configuration\b/, 'automatic rollback on failed deployments'],
];

const ROLLBACK_DOC_CMD =
  /\bhelm\s+rollback\b|\brollout\s+undo\b|releases:rollback|deploy:rollback|\bkamal\s+rollback\b|\bserverless\s+rollback\b|\bwrangler\s+rollback\b|\bargocd\s+app\s+rollback\b|\bfly\s+deploy\s+--image\b|\bdocker\s+service\s+rollback\b|\bnomad\s+job\s+revert\b|update-traffic\b/;

function gatesOf(job: CiJob | undefined, cfg: CiConfig): DeliveryGate[] {
  if (!job) return [];
  const out: DeliveryGate[] = [];
  if (job.environment)
    out.push({
      kind: 'environment',
      path: cfg.path,
      line: job.environment.line,
      note: `deploys to ${
        job.environment.name.includes('${{')
          ? `the environment chosen at run time (${job.environment.name})`
          : job.environment.name.includes(', ')
            ? `the environments its callers name (${job.environment.name})`
            : `the ${job.environment.name} environment`
      } (protection rules and approvals are set on it)`,
    });
  if (job.manual)
    out.push({ kind: 'manual', path: job.manual.path ?? cfg.path, line: job.manual.line, note: job.manual.note });
  if (job.tags) out.push({ kind: 'tags', path: job.tags.path ?? cfg.path, line: job.tags.line, note: job.tags.note });
  return out;
}

const short = (s: string): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 100 ? `${one.slice(0, 97)}…` : one;
};

/** Words of a recipe that sends something away: a copy to a host, an upload, a push, a release. */
const SHIPS = /\b(?:rsync|scp|sftp|lftp|ssh|ftp|upload|push|publish|release|deploy)\b/i;

/** A deploy script's path; a shell variable in it (`./bin/${NAMESPACE}_deploy.sh`) picks one of several scripts. */
const DEPLOY_SCRIPT_PATH = String.raw`((?:[\w.-]+\/)*(?:[\w.-]|\$\{\w+\}|\$\w+\b)*deploy(?:[\w.-]|\$\{\w+\}|\$\w+\b)*\.sh)\b`;
const DEPLOY_SCRIPT_COMMAND = new RegExp(String.raw`^(?:(?:ba|z)?sh\s+(?:-\w+\s+)*)?(?:\.\/)?` + DEPLOY_SCRIPT_PATH);
const DEPLOY_SCRIPT_RUN = new RegExp(String.raw`(?:\.\/)?` + DEPLOY_SCRIPT_PATH, 'g');

/** The repository's scripts a written deploy script path names: every script its variables can pick. */
function deployScriptFiles(repo: RepoIndex, written: string): string[] {
  const file = path.posix.normalize(written);
  if (!file.includes('$')) return [file];
  return repo.glob(file.replace(/\$\{\w+\}|\$\w+\b/g, '*'), { includeTests: false }).map((f) => f.path);
}

/** The deploy tool a command runs, looking through npm scripts, make targets and shell scripts. */
function deployTool(
  repo: RepoIndex,
  resolver: CommandResolver,
  run: string,
  depth = 0,
): { tool: string; cmd: string; via?: string } | undefined {
  for (const seg of run
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n|&&|;/)
    .map((x) => x.trim())
    .filter((x) => x && !x.startsWith('#'))) {
    if (/^\s*(?:echo|printf)\b/.test(seg)) continue;
    if (DRY_RUN.test(seg)) continue;
    for (const [re, , name] of DEPLOY_COMMANDS) if (re.test(seg)) return { tool: name, cmd: seg };
    for (const [re, name] of DEPLOY_TOOLS) if (re.test(seg)) return { tool: name, cmd: seg };
    if (depth > 1) continue;
    const npm = /(?:^|\s)(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?([\w:.-]*deploy[\w:.-]*)/.exec(seg);
    if (npm) {
      const { script, file } = resolver.npmScript(npm[1]!);
      const inner = script ? deployTool(repo, resolver, script, depth + 1) : undefined;
      if (inner) return { ...inner, via: `${seg} runs the ${file} script: ${short(script!)}` };
    }
    // The deploying goal need not come first: `make ci production terraform-apply` sets the environment before it.
    const goal = /(?:^|\s)(?:make|gmake|just|task)\s+(.*)$/
      .exec(seg)?.[1]
      ?.split(/\s+/)
      .find((w) => /^[\w./-]*(?:deploy|apply|rollout)[\w./-]*$/.test(w));
    if (goal) {
      const { recipe, file } = resolver.makeTarget(goal);
      const body = recipe ?? resolver.taskBody(seg.trim().split(/\s+/)[0]!, goal);
      const inner = body ? deployTool(repo, resolver, body, depth + 1) : undefined;
      if (inner) return { ...inner, via: `${seg} runs ${file ?? 'the task'}: ${short(body!)}` };
    }
    const script = DEPLOY_SCRIPT_COMMAND.exec(seg);
    const files = script ? deployScriptFiles(repo, script[1]!) : [];
    let found: string | undefined;
    for (const file of files) {
      const body = repo.read(file);
      if (body === undefined) continue;
      found ??= file;
      const inner = body ? deployTool(repo, resolver, body, depth + 1) : undefined;
      if (inner) return { ...inner, via: `${file} runs ${inner.cmd}` };
    }
    const python = PYTHON_SCRIPT_COMMAND.exec(seg)?.[1];
    const sdkScript = python ? path.posix.normalize(python) : undefined;
    const sdkBody = sdkScript ? repo.read(sdkScript) : undefined;
    const sdk = sdkBody ? SDK_DEPLOYS.find(([client, call]) => client.test(sdkBody) && call.test(sdkBody)) : undefined;
    if (sdk) return { tool: sdk[2], cmd: seg, via: `${sdkScript} deploys to ${sdk[2]} through boto3` };
    if (found) return { tool: 'deploy script', cmd: seg, via: `${found} (its deploy command was not recognised)` };
  }
  return undefined;
}

/** A publish command run through a make target (`make docker.push`, whose recipe runs `docker push …`). */
function publishThroughMake(resolver: CommandResolver, run: string): [RegExp, string] | undefined {
  for (const m of run.matchAll(/(?:^|[\s;&|(])(?:make|gmake)\s+(?:-\S+\s+)*([\w./-]+)/g)) {
    const { recipe } = resolver.makeTarget(m[1]!);
    const pub = recipe ? PUBLISH.find(([re]) => re.test(recipe)) : undefined;
    if (pub) return pub;
  }
  return undefined;
}

/** Tags that move to each new build: the image behind them changes, so an earlier one cannot be asked for. */
const MOVING_TAG = /:(?:latest|next|edge|main|master|dev|develop|nightly|stable|current)\b|\blatest\b/;

function tagStrategy(text: string): ImagePublish['tags'] {
  if (VERSIONED_TAG.test(text)) return 'immutable';
  if (MOVING_TAG.test(text)) return 'mutable';
  return 'unknown';
}

function pinOf(ref: string): DeployedImage['pin'] {
  if (/@sha256:/.test(ref)) return 'digest';
  if (ref.includes('{{…}}') || /\$\{?\w/.test(ref) || /<[\w-]+>/.test(ref)) return 'templated';
  const last = ref.split('/').pop() ?? ref;
  const colon = last.lastIndexOf(':');
  if (colon < 0) return 'untagged';
  const tag = last.slice(colon + 1);
  return tag === 'latest' || tag === '' ? 'latest' : 'version';
}

/** What a chart's values say about image tags: `latest` anywhere, else versioned (a tag or the AppVersion default). */
function chartTag(repo: RepoIndex, k8s: K8sFacts, w: K8sWorkload): string | undefined {
  const chart = k8s.charts.find((c) => w.file.startsWith(c.dir === '.' ? '' : `${c.dir}/`));
  if (!chart) return undefined;
  for (const v of [chart.values, ...(chart.overrides ?? [])]) {
    if (!v) continue;
    const hit = repo.grepFirst(/^\s*(?:tag|imageTag)\s*:\s*["']?latest["']?\s*(?:#.*)?$/, { paths: [v] });
    if (hit) return `${v}:${hit.line} sets tag: latest`;
  }
  return undefined;
}

export function detectDelivery(
  repo: RepoIndex,
  facts: {
    ci: { configs: CiConfig[] };
    k8s: K8sFacts;
    compose: ComposeFacts;
    platform: PlatformFacts;
    docs: DocsFacts;
  },
): DeliveryFacts {
  const resolver = new CommandResolver(repo);
  const deploys: DeployStep[] = [];
  const publishes: ImagePublish[] = [];
  const imageRewrites: RollbackMechanism[] = [];
  const clusterImageUpdates: RollbackMechanism[] = [];
  const rollbacks: RollbackMechanism[] = [];
  const ranByCi = new Set<string>();
  for (const cfg of facts.ci.configs) {
    if (cfg.parseError) continue;
    const byJob = new Map<string | undefined, typeof cfg.steps>();
    for (const s of cfg.steps) byJob.set(s.job, [...(byJob.get(s.job) ?? []), s]);
    for (const [job, steps] of byJob) {
      const live = steps.filter((s) => s.state !== 'disabled');
      const jobText = live.map((s) => `${s.run ?? ''} ${s.uses ?? ''}`).join('\n');
      const testCluster = TEST_CLUSTER.test(jobText);
      const docsJob =
        (job !== undefined && DOCS_JOB.test(job)) ||
        DOCS_JOB.test(path.posix.basename(cfg.path, path.posix.extname(cfg.path)));
      // A job a workflow runs under names of its own (one per environment) is judged by its production run.
      const runs = cfg.jobs?.filter((j) => j.runs !== undefined && j.runs === job) ?? [];
      const jobDef =
        cfg.jobs?.find((j) => j.name === job) ??
        runs.find((j) => /prod/i.test(j.name)) ??
        runs[0] ??
        cfg.jobs?.find((j) => j.name === 'pipeline');
      // A job named for checks in a CI/CD workflow (`ci-cd.yaml`'s `test:` starting the stack its tests run against)
      // takes no deploy name from the file.
      const checkJob = job !== undefined && CHECK_WORKFLOW.test(job) && !DEPLOY_NAME.test(job);
      const names = `${job ?? ''} ${cfg.path}`;
      const deployNamed = (!checkJob && (DEPLOY_NAME.test(names) || /cd\b/i.test(names))) || !!jobDef?.environment;
      for (const s of live) {
        // The script pattern tries a path at every character of a word: asked only of a step that names one.
        if (s.run?.includes('deploy'))
          for (const m of s.run.matchAll(DEPLOY_SCRIPT_RUN))
            for (const file of deployScriptFiles(repo, m[1]!)) ranByCi.add(file);
        const found: { tool: string; cmd: string; via?: string; outOfSight?: true; environment?: string } | undefined =
          s.run
            ? (deployTool(repo, resolver, s.run) ??
              (COMPOSE_UP.test(s.run) && !COMPOSE_TEST_RUN.test(s.run) && deployNamed
                ? { tool: 'docker compose up', cmd: s.run }
                : undefined))
            : s.uses && !/\/setup[-\w]*(@|$)/.test(s.uses)
              ? (() => {
                  const p = deployActionOf(s.uses!, s.with);
                  if (p) return { tool: p[2], cmd: s.uses! };
                  const ecsService = ecsServiceInput(s.with);
                  if (ecsService) return { tool: 'Amazon ECS', cmd: `${s.uses!} (${ecsService})` };
                  const a = DEPLOY_ACTION_TOOLS.find(([re]) => re.test(s.uses!));
                  const env = a?.[2] ? s.with?.[a[2]] : undefined;
                  if (a) return { tool: a[1], cmd: s.uses!, ...(typeof env === 'string' ? { environment: env } : {}) };
                  // Another repository's reusable workflow named for deploying (a team's shared deploy-nais.yml), or
                  // called from a workflow or job named for it (deploy.yml's `uses: team/workflows/…/jar-app.yaml`):
                  // its steps are out of sight, its purpose is not.
                  if (s.external && deploysOutOfSight(s.uses!, job, cfg.path, s.with))
                    return { tool: 'reusable deploy workflow', cmd: s.uses!, outOfSight: true as const };
                  // The same in Azure Pipelines: a step template of another repository named for deploying
                  // (`azure-pipelines-templates/deploy/step/app-deploy.yml@building-blocks`; waiting for a deployment is not one).
                  if (cfg.system === 'azure-pipelines' && /[^/@]*deploy(?!ment)[^/@]*\.ya?ml@(?!self$)/i.test(s.uses!))
                    return { tool: 'deploy template of another repository', cmd: s.uses!, outOfSight: true as const };
                  // An HTTP-request action that calls a platform's deploy hook (`url: ${{ secrets.DEPLOY_TRIGGER_HOOK_X }}`).
                  const hook = Object.values(s.with ?? {}).find(
                    (v) => typeof v === 'string' && DEPLOY_HOOK_INPUT.test(v),
                  ) as string | undefined;
                  return hook ? { tool: 'deploy hook', cmd: `${s.uses!} (${short(hook)})` } : undefined;
                })()
              : undefined;
        const text = `${s.run ?? ''} ${s.uses ?? ''}`;
        for (const [re, how] of IMAGE_REWRITE)
          if (re.test(text)) imageRewrites.push({ path: cfg.path, line: s.line, how: `${how} in CI` });
        for (const [re, how] of CLUSTER_IMAGE_UPDATE)
          if (re.test(text)) clusterImageUpdates.push({ path: cfg.path, line: s.line, how: `${how} in CI` });
        for (const [re, how] of AUTOMATED_ROLLBACK)
          if (re.test(text)) rollbacks.push({ path: cfg.path, line: s.line, how });
        const image =
          (s.run && (PUBLISH.find(([re]) => re.test(s.run!)) ?? publishThroughMake(resolver, s.run))) ||
          (s.uses && PUBLISH_ACTIONS.test(s.uses) && s.with?.push !== false && s.with?.push !== 'false'
            ? ([/x/, s.uses.split('@')[0]!] as [RegExp, string])
            : undefined);
        const pkg = image ? undefined : PACKAGE_PUBLISH.find(([re]) => re.test(text));
        const pub = image ?? pkg;
        if (pub && !testCluster) {
          const tagText = `${s.run ?? ''} ${JSON.stringify(s.with ?? {})} ${jobText}`;
          // Package registries refuse to overwrite a published version: a package release is immutable.
          const tags = pkg ? 'immutable' : tagStrategy(tagText);
          publishes.push({
            path: cfg.path,
            line: s.line,
            ...(job ? { job } : {}),
            tool: pub[1],
            artefact: pkg ? 'package' : 'image',
            tags,
            note: pkg
              ? `${cfg.system}${job ? ` job ${job}` : ''} publishes a versioned package (${pub[1]})`
              : `${cfg.system}${job ? ` job ${job}` : ''} publishes an image with ${pub[1]} (${
                  tags === 'immutable'
                    ? 'tags from the commit or version'
                    : tags === 'mutable'
                      ? 'only moving tags such as :latest'
                      : 'tags not readable'
                })`,
          });
        }
        if (!found || testCluster) continue;
        if (docsJob || DOCS_DEPLOY.test(found.cmd)) continue;
        // The environment a reusable deploy workflow's job runs in, named by the caller's input.
        const called =
          !jobDef?.environment && found.environment ? { name: found.environment, line: s.line } : undefined;
        // Kamal's destination names the environment (`kamal deploy -d staging` reads config/deploy.staging.yml).
        const destination = KAMAL_DESTINATION.exec(found.cmd)?.[1];
        const environment =
          jobDef?.environment ?? called ?? (destination ? { name: destination, line: s.line } : undefined);
        const gates = gatesOf(jobDef, cfg);
        if (called)
          gates.push({
            kind: 'environment',
            path: cfg.path,
            line: s.line,
            note: `the reusable workflow deploys to the ${called.name} environment (protection rules and approvals are set on it)`,
          });
        const envName = environment?.name;
        const run = jobDef?.runs !== undefined && jobDef.runs === job ? jobDef.name : job;
        deploys.push({
          path: cfg.path,
          line: s.line,
          system: cfg.system,
          ...(run ? { job: run } : {}),
          tool: found.tool,
          command: short(found.cmd),
          state: s.state ?? cfg.state ?? 'active',
          ...(environment ? { environment } : {}),
          gates,
          production:
            PROD.test((envName ?? '').replace(BEFORE_PROD, '')) ||
            /prod/i.test(`${run ?? ''} ${path.posix.basename(cfg.path)}`.replace(BEFORE_PROD, '')) ||
            // With no environment named on the job (or one picked at dispatch, `${{ inputs.environment }}`), the
            // command says where it deploys: `flyctl deploy --config fly.prod.toml`.
            (!/^[\w.-]+$/.test(envName ?? '') && PROD_TARGET.test(found.cmd.replace(BEFORE_PROD, ''))),
          ...(found.via ? { via: found.via } : {}),
          ...(found.outOfSight || found.tool === HANDED_ON_TOOL ? { outOfSight: true as const } : {}),
        });
      }
    }
  }
  // Google Cloud Build: its triggers live in the cloud project, its steps in the repository (CodeBuild's buildspecs are
  // CI configurations, read above).
  for (const f of repo.files) {
    const system = /(^|\/)cloudbuild[\w.-]*\.ya?ml$/.test(f.path) ? 'cloud-build' : undefined;
    if (!system || f.isTest) continue;
    const lines = repo.lines(f.path);
    for (let i = 0; i < lines.length; i++) {
      // Cloud Build writes commands as args lists: join the step's args to read the command. A step whose
      // `entrypoint:` is a script runs that script.
      const text = lines[i]!.replace(/["',[\]]/g, ' ').replace(/^\s*-?\s*entrypoint\s*:\s*/, '');
      for (const m of text.matchAll(/(?:^|\s)(?:\.\/)?((?:[\w.-]+\/)*[\w.-]*deploy[\w.-]*\.sh)\b/g)) ranByCi.add(m[1]!);
      const found =
        deployTool(repo, resolver, text) ??
        (/\b(?:run|app|functions)\b.*\bdeploy\b|\bgke-deploy\b/.test(text) && system === 'cloud-build'
          ? { tool: 'gcloud deploy', cmd: lines[i]!.trim() }
          : undefined);
      if (!found) continue;
      deploys.push({
        path: f.path,
        line: i + 1,
        system,
        tool: found.tool,
        command: short(found.cmd),
        state: 'active',
        gates: [],
        production: /prod/i.test(f.path),
      });
      break;
    }
  }
  // GitOps: Argo CD / Flux objects in the repository, Fleet bundles, image automation.
  const gitops: GitOpsSource[] = [];
  for (const o of facts.k8s.objects) {
    if (/^argoproj\.io\//.test(o.apiVersion) && /^(Application|ApplicationSet|AppProject)$/.test(o.kind))
      gitops.push({ path: o.file, line: o.line, tool: 'Argo CD', note: `Argo CD ${o.kind} ${o.name}` });
    else if (
      /fluxcd\.io\//.test(o.apiVersion) &&
      /^(Kustomization|HelmRelease|GitRepository|OCIRepository)$/.test(o.kind)
    )
      gitops.push({ path: o.file, line: o.line, tool: 'Flux', note: `Flux ${o.kind} ${o.name}` });
    if (/^image\.toolkit\.fluxcd\.io\//.test(o.apiVersion) && /^(ImagePolicy|ImageUpdateAutomation)$/.test(o.kind))
      imageRewrites.push({ path: o.file, line: o.line, how: `Flux ${o.kind} updates the image tag` });
    if (o.kind === 'Canary' && /flagger/.test(o.apiVersion))
      rollbacks.push({ path: o.file, line: o.line, how: `Flagger canary ${o.name} rolls back on failed analysis` });
    if (/^argoproj\.io\//.test(o.apiVersion) && o.kind === 'AnalysisTemplate')
      rollbacks.push({ path: o.file, line: o.line, how: `Argo Rollouts analysis ${o.name} aborts bad rollouts` });
  }
  for (const f of repo.files) {
    if (f.isTest) continue;
    if (/(^|\/)fleet\.ya?ml$/.test(f.path))
      gitops.push({ path: f.path, line: 1, tool: 'Rancher Fleet', note: 'Fleet bundle' });
    // Shipit (Shopify's deploy service) deploys a repository with the recipe of its root shipit.yml (or
    // shipit.<stack>.yml): from its dashboard, or on every push to the branch when continuous delivery is on.
    if (/^shipit(?:\.[\w-]+)?\.ya?ml$/.test(f.path)) {
      const at = repo.lines(f.path).findIndex((l) => /^deploy\s*:/.test(l));
      if (at >= 0)
        gitops.push({
          path: f.path,
          line: at + 1,
          tool: 'Shipit',
          note: `Shipit deploys with the recipe in ${f.path} (continuous delivery is switched on in Shipit)`,
          onDemand: true,
        });
    }
  }
  // GoCD pipelines kept as code with getsentry's gocd-jsonnet (`pipedream.render(config, pipeline)`): every commit to the
  // material's branch is built and rolled out region by region when `auto_deploy: true` (from GoCD's dashboard
  // otherwise), and a `rollback:` block adds a pipeline that deploys the last good release again.
  for (const f of repo.byName(/\.jsonnet$/)) {
    const lines = repo.lines(f.path);
    if (f.isTest || !lines.some((l) => PIPEDREAM_IMPORT.test(l))) continue;
    const auto = lines.findIndex((l) => /^\s*auto_deploy\s*:\s*true\b/.test(l));
    gitops.push({
      path: f.path,
      line: auto >= 0 ? auto + 1 : 1,
      tool: 'GoCD (gocd-jsonnet pipedream)',
      note: `GoCD builds and deploys each commit with the pipelines rendered from ${f.path}`,
      ...(auto >= 0 ? {} : { onDemand: true as const }),
    });
    const back = lines.findIndex((l) => /^\s*rollback\s*:\s*\{/.test(l));
    if (back >= 0)
      rollbacks.push({
        path: f.path,
        line: back + 1,
        how: `a GoCD rollback pipeline (pipedream rollback in ${f.path})`,
      });
  }
  const updater = repo.grepFirst(/argocd-image-updater\.argoproj\.io\/|keel\.sh\/policy/, {
    include: ['**/*.{yml,yaml}'],
  });
  if (updater)
    imageRewrites.push({
      path: updater.path,
      line: updater.line,
      how: 'an image updater sets the image tag (annotations)',
    });
  for (const w of facts.k8s.workloads) {
    if (w.kind === 'Rollout' && w.strategy)
      rollbacks.push({
        path: w.file,
        line: w.strategy.line,
        how: `Argo Rollouts ${w.strategy.type} strategy (${w.name})`,
      });
  }
  // Tools that build and set images themselves: skaffold, Tilt, ko, kustomize image overrides.
  for (const f of repo.files) {
    if (f.isTest) continue;
    if (/(^|\/)(skaffold\.ya?ml|Tiltfile)$/.test(f.path) && !LOCAL_CLUSTER_PATH.test(f.path))
      imageRewrites.push({ path: f.path, line: 1, how: `${path.posix.basename(f.path)} builds and sets image tags` });
  }
  for (const k of facts.k8s.kustomizations) {
    const images = (repo.yaml(k) as { images?: unknown } | undefined)?.images;
    if (Array.isArray(images) && images.some((i) => i && typeof i === 'object' && ('newTag' in i || 'digest' in i)))
      imageRewrites.push({
        path: k,
        line: repo.grepFirst(/^images\s*:/, { paths: [k] })?.line ?? 1,
        how: 'kustomization images set the tag',
      });
  }
  // Rollback automation and image rewrites in scripts and declared in infrastructure.
  const scriptFiles = [
    '**/*.{sh,bash}',
    '**/Makefile',
    '**/*.mk',
    '**/Justfile',
    '**/justfile',
    '**/Taskfile.y*ml',
    '**/package.json',
  ];
  // Shell scripts without an extension (bin/deploy with a `#!/bin/sh` line) too; a command continued over several lines
  // (`helm upgrade … \` then `--set image.tag=…`) is read as one line.
  const seenScripts = new Set<string>();
  const scriptTexts = joinedScripts(
    repo,
    [
      ...repo.glob(scriptFiles),
      ...repo.glob(['**/bin/*', '**/script/*', '**/scripts/*']).filter((f) => !path.posix.extname(f.path)),
    ].filter((f) => !seenScripts.has(f.path) && seenScripts.add(f.path) && !f.isTest),
  );
  for (const [re, how] of [...AUTOMATED_ROLLBACK, ...IMAGE_REWRITE.slice(0, 3)]) {
    const hit = firstInScripts(repo, scriptTexts, re);
    if (!hit) continue;
    if (AUTOMATED_ROLLBACK.some(([r]) => r === re)) rollbacks.push({ path: hit.path, line: hit.line, how });
    else imageRewrites.push({ path: hit.path, line: hit.line, how: `${how} in ${hit.path}` });
  }
  for (const [re, how] of DECLARED_ROLLBACK) {
    const hit = repo
      .grep(re, { include: ['**/*.{tf,hcl,yml,yaml,json,ts,js,py,nomad}', '**/*.toml'], limit: 5 })
      .find((h) => !repo.get(h.path)?.isTest && !describesFields(repo.read(h.path) ?? ''));
    if (hit) rollbacks.push({ path: hit.path, line: hit.line, how });
  }
  for (const t of facts.platform.service)
    if (t.strategy && /bluegreen|canary|DeploymentPreference/i.test(t.strategy.value))
      rollbacks.push({ path: t.path, line: t.strategy.line, how: `${t.name} ${t.strategy.value} deploys` });
  // GitHub workflows or make/npm targets named for rolling back.
  for (const cfg of facts.ci.configs)
    if (/rollback|roll-back/i.test(cfg.path))
      rollbacks.push({ path: cfg.path, line: 1, how: `a rollback pipeline (${cfg.path})` });
  const rollbackTarget = repo.grepFirst(/^rollback[\w-]*\s*:(?!=)|"rollback[\w:-]*"\s*:/m, {
    include: ['**/Makefile', '**/package.json', '**/justfile', '**/Justfile'],
  });
  if (rollbackTarget && !repo.get(rollbackTarget.path)?.isTest)
    rollbacks.push({
      path: rollbackTarget.path,
      line: rollbackTarget.line,
      how: `a rollback target in ${rollbackTarget.path}`,
    });
  for (const f of repo.files)
    if (
      !f.isTest &&
      /(^|\/)[\w-]*roll-?back[\w-]*\.(sh|py|rb|js|ts)$/i.test(f.path) &&
      operatorScript(f.path, repo.read(f.path) ?? '') &&
      !migrationRollbackOnly(repo.read(f.path) ?? '')
    )
      rollbacks.push({ path: f.path, line: 1, how: `rollback script ${f.path}` });

  // Deploy scripts no CI step runs: deploying by hand.
  const scripts: DeployScript[] = [];
  for (const f of repo.files) {
    if (f.isTest || !/(^|\/)[\w.-]*deploy[\w.-]*\.sh$/.test(f.path) || ranByCi.has(f.path) || inToolRunFolder(f.path))
      continue;
    const body = repo.read(f.path);
    // Deploying to a local development cluster (k3d, kind, minikube) tries the chart out; it delivers nothing.
    if (LOCAL_CLUSTER_PATH.test(f.path) || (body && LOCAL_CLUSTER.test(body))) continue;
    const inner = body ? deployTool(repo, resolver, body) : undefined;
    if (inner) scripts.push({ path: f.path, line: 1, command: short(inner.cmd) });
  }
  // Composer scripts that deploy (`"deploy:prd": "vendor/bin/dep deploy stage=prd"`), run as `composer deploy:prd`.
  for (const f of repo.byName(/^composer\.json$/)) {
    if (f.isTest || inToolRunFolder(f.path)) continue;
    const defined = (repo.json(f.path) as { scripts?: Record<string, unknown> } | undefined)?.scripts ?? {};
    for (const [name, v] of Object.entries(defined)) {
      const body = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string').join('\n');
      const inner = body ? deployTool(repo, resolver, body) : undefined;
      if (!inner) continue;
      const line = repo.lines(f.path).findIndex((l) => l.includes(`"${name}"`)) + 1;
      scripts.push({ path: f.path, line: line || 1, command: short(inner.cmd) });
      break;
    }
  }
  const makeDeploy = repo.grepFirst(/^deploy[\w-]*\s*:(?!=)/m, { include: ['**/Makefile', '**/justfile'] });
  // A make target named deploy whose recipe only builds (`deploy: composer bun encore assets`: installing and compiling
  // what a release ships) sends nothing to a host, registry or platform.
  const recipe =
    makeDeploy && path.posix.basename(makeDeploy.path) === 'Makefile'
      ? resolver.makeTarget(
          /^[\w-]+/.exec(makeDeploy.text)![0],
          path.posix.dirname(makeDeploy.path).replace(/^\.$/, ''),
        ).recipe
      : undefined;
  const onlyBuilds = recipe !== undefined && !deployTool(repo, resolver, recipe) && !SHIPS.test(recipe);
  // A benchmark's Makefile deploying its load generator (`deploy: kubectl apply -f job.yaml`) deploys no service.
  if (
    makeDeploy &&
    !onlyBuilds &&
    !repo.get(makeDeploy.path)?.isTest &&
    !inToolRunFolder(makeDeploy.path) &&
    !deploys.some((d) => d.via?.includes(makeDeploy.path))
  )
    scripts.push({ path: makeDeploy.path, line: makeDeploy.line, command: makeDeploy.text });

  // A Deployer recipe is itself the deploy script: `dep deploy` run from a workstation, when nothing else runs it.
  const deployer = deployerRecipe(repo);
  if (deployer && !scripts.length)
    scripts.push({ path: deployer.path, line: deployer.line, command: 'dep deploy (the Deployer recipe)' });

  // Images the deployment descriptors reference.
  const images: DeployedImage[] = [];
  for (const w of facts.k8s.workloads) {
    // A test Job run in the cluster (an acceptance or end-to-end suite) is not the service being rolled out.
    if (
      isBatchWorkload(w) &&
      /(?:^|[-_./])(?:e2e|tests?)(?:[-_./]|$)/i.test(`${w.name} ${path.posix.basename(w.file)}`)
    )
      continue;
    for (const c of w.containers) {
      // A utility image beside the service (kubectl storing a generated key, busybox waiting for the database) is
      // not the artefact rolled back.
      if (!c.image || isInfraWorkloadImage(imageShortName(c.image.ref))) continue;
      const pin = pinOf(c.image.ref);
      const note = pin === 'templated' && w.helm ? chartTag(repo, facts.k8s, w) : undefined;
      images.push({
        path: w.file,
        line: c.image.line,
        ref: c.image.ref,
        where: `${w.kind}/${w.name} container ${c.name}`,
        pin,
        ...(note ? { note } : {}),
      });
    }
  }
  for (const t of facts.platform.service) {
    if (t.platform !== 'compose' && t.platform !== 'swarm') continue;
    const file = facts.compose.files.find((f) => f.path === t.path);
    for (const svc of file?.services ?? []) {
      if (!svc.image) continue;
      const lines = repo.lines(t.path);
      const at = lines.findIndex((l, i) => i >= svc.line && /^\s*image\s*:/.test(l));
      images.push({
        path: t.path,
        line: at >= 0 ? at + 1 : svc.line,
        ref: svc.image,
        where: `compose service ${svc.name}`,
        pin: pinOf(svc.image),
      });
    }
  }
  for (const t of facts.platform.service) {
    if (t.platform !== 'ecs' || !t.path.endsWith('.json')) continue;
    const defs = (repo.json(t.path) as { containerDefinitions?: { name?: unknown; image?: unknown }[] } | undefined)
      ?.containerDefinitions;
    for (const d of Array.isArray(defs) ? defs : []) {
      if (typeof d?.image !== 'string') continue;
      const line = repo.grepFirst(/"image"\s*:/, { paths: [t.path] })?.line ?? 1;
      images.push({
        path: t.path,
        line,
        ref: d.image,
        where: `task container ${String(d.name ?? '')}`,
        pin: pinOf(d.image),
      });
    }
  }

  const rollbackDocs = [
    ...facts.docs.topic({
      files: /(^|\/)[\w-]*roll-?backs?[\w-]*\.(md|mdx|rst|adoc|txt)$/i,
      // Downgrade sections are about database migrations or say not to go back: no rollback procedure.
      heading: /\broll(?:ing)?[- ]?backs?\b|\brevert(?:ing)? (?:a |the )?(?:deploy|release)/i,
      label: 'rollback procedure',
      min: 60,
    }),
  ];
  if (!rollbackDocs.some((h) => h.strong)) {
    for (const f of facts.docs.guides()) {
      const hit = repo.grepFirst(ROLLBACK_DOC_CMD, { paths: [f.path] });
      if (hit && facts.docs.isEvidenceLine(f.path, hit.line)) {
        rollbackDocs.unshift({
          path: f.path,
          line: hit.line,
          note: `rollback command documented: ${short(hit.text)}`,
          strong: true,
          via: 'section',
        });
        break;
      }
    }
  }
  const uniq = <T extends { path: string; line: number }>(xs: T[]): T[] =>
    xs.filter((x, i) => xs.findIndex((y) => y.path === x.path && y.line === x.line) === i);
  return {
    deploys,
    publishes: uniq(publishes),
    gitops,
    scripts,
    images,
    imageRewrites: uniq(imageRewrites),
    clusterImageUpdates: uniq(clusterImageUpdates),
    rollbacks: uniq(rollbacks),
    rollbackDocs,
  };
}

/** A shell script's `#!` line (sh, bash, zsh, dash, through env or not). */
const SHELL_SHEBANG = /^#!\s*\S*\/(?:env\s+)?(?:ba|z|da)?sh\b/;

/** A script's text with every command continued by a trailing backslash joined into one line (joinedScripts). */
export interface JoinedScript {
  path: string;
  joined: string;
}

/**
 * The scripts firstInScripts reads, each read and joined once for every pattern asked of them: a command continued
 * with a trailing backslash becomes one line (the backslash and newline become two spaces, so offsets and line
 * numbers stay those of the file). An extension-less file is kept only when its `#!` line names a shell (or it is a
 * Makefile or Justfile); unreadable and empty files are dropped. The order of `files` is kept.
 */
export function joinedScripts(repo: RepoIndex, files: readonly { path: string }[]): JoinedScript[] {
  const out: JoinedScript[] = [];
  for (const f of files) {
    const text = repo.read(f.path);
    if (
      !text ||
      (!path.posix.extname(f.path) &&
        !SHELL_SHEBANG.test(text) &&
        !/(?:^|\/)(?:Makefile|Justfile|justfile)$/.test(f.path))
    )
      continue;
    out.push({ path: f.path, joined: text.replace(/\\\r?\n/g, (m) => ' '.repeat(m.length)) });
  }
  return out;
}

/**
 * The first line of a script (joinedScripts) a pattern matches, reading a continued command as one line. Comment
 * lines are skipped.
 */
export function firstInScripts(
  repo: RepoIndex,
  scripts: readonly JoinedScript[],
  re: RegExp,
): { path: string; line: number } | undefined {
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (const { path: p, joined } of scripts) {
    for (const m of joined.matchAll(global)) {
      const line = repo.lineAt(p, m.index);
      if (/^\s*#/.test(repo.lineText(p, line) ?? '')) continue;
      return { path: p, line };
    }
  }
  return undefined;
}

/**
 * A script an operator runs: a shell script, a file with a shebang, or one kept in a scripts, bin, deploy or ops folder.
 * Application code named for a product feature (`app/queries/rollback-operation.ts`, undoing a user's edit) is none.
 */
function operatorScript(p: string, text: string): boolean {
  return (
    p.endsWith('.sh') ||
    text.startsWith('#!') ||
    /(^|\/)(?:scripts?|bin|deploy(?:ment)?s?|ops|tools|ci|infra|\.github)\//i.test(p) ||
    !p.includes('/')
  );
}

/**
 * A script that only rolls the database schema back (the Phoenix release's `MyApp.Release.rollback`, `artisan
 * migrate:rollback`, `rails db:rollback`, `alembic downgrade`, `knex migrate:rollback`) and deploys nothing: it undoes
 * a migration, not a release.
 */
function migrationRollbackOnly(text: string): boolean {
  const migration =
    /\bRelease\.rollback\b|\bmigrate:rollback\b|\bdb:rollback\b|\bdb:migrate:down\b|\becto\.rollback\b|\balembic\s+downgrade\b|\bknex\s+migrate:rollback\b|\bmigrate\s+down\b|\bflyway\s+undo\b/;
  const deploys =
    /\b(?:docker|kubectl|helm|kamal|cap|heroku|fly|flyctl|aws|gcloud|az|ssh|rsync|systemctl|ln\s+-s\w*)\b|\bgit\s+(?:checkout|reset)\b|\bimage\b/;
  return migration.test(text) && !deploys.test(text);
}
