import path from 'node:path';
import { lazy } from '../lazy.js';
import { isProgramSource } from '../repo/classify.js';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { isUnder } from '../repo/view.js';
import type { CiFacts } from './ci.js';
import { imageBuildsOf } from './components.js';
import { type ComposeFacts, type ComposeService, DEV_COMPOSE, isComposePath } from './compose.js';
import type { FrameworkFacts } from './frameworks.js';
import type { K8sFacts } from './k8s.js';
import type { ManifestFacts } from './manifests.js';
import { bicepContainerApps, bicepWebSites } from './bicep.js';
import { callArgs, isCommentLine } from './code-scan.js';
import { deployerRecipe } from './deployer.js';
import { terraformServices, terraformWorkers } from './terraform.js';
import { arr, obj } from './shape.js';

const smolToml = lazy<typeof import('smol-toml')>('smol-toml');
const parseToml = (text: string): unknown => smolToml().parse(text);

/**
 * Where the project is deployed, as far as the repository says: platform descriptors (fly.toml, render.yaml,
 * vercel.json, serverless.yml, a SAM template, wrangler.toml, app.yaml ...), deploy commands in CI and scripts, and
 * Kubernetes manifests. Each target says whether it runs the code as functions (serverless: a connection per
 * invocation, no long-lived process) and what the platform does about HTTPS by default.
 *
 * Each target also states the platform's own rollback and scaling model, and what its descriptor says about instances
 * and deploy strategy, so the deploy checks can say what a PaaS provides instead of demanding Kubernetes practices.
 * A descriptor that publishes only a docs site or the frontend of a backend service does not describe where the
 * service runs (`covers`); a deploy-button template or a Procfile without a release phase is weak evidence (`weak`).
 */
export type PlatformId =
  | 'kubernetes'
  | 'fly'
  | 'render'
  | 'railway'
  | 'heroku'
  | 'dokku'
  | 'vercel'
  | 'netlify'
  | 'app-engine'
  | 'cloud-run'
  | 'cloud-functions'
  | 'aws-lambda'
  | 'app-runner'
  | 'azure-container-apps'
  | 'elastic-beanstalk'
  | 'ecs'
  | 'azure-app-service'
  | 'azure-spring-apps'
  | 'azure-functions'
  | 'azure-static-web-apps'
  | 'cloudflare-workers'
  | 'deno-deploy'
  | 'supabase-functions'
  | 'firebase'
  | 'digitalocean-app'
  | 'cloud-foundry'
  | 'kamal'
  | 'nomad'
  | 'capistrano'
  | 'deployer'
  | 'systemd'
  | 'pm2'
  | 'hatchbox'
  | 'codedeploy'
  | 'swarm'
  | 'compose';

/** The family of a platform, for rules that ask "is this Kubernetes, a PaaS, functions, hosts …?". */
export type PlatformModel =
  | 'kubernetes'
  /** Builds and runs the app from git or an image: Heroku, Fly.io, Render, Railway, App Engine, Cloud Run … */
  | 'paas'
  /** Functions: Lambda, Cloud Functions, Azure Functions, Workers, Vercel. */
  | 'serverless'
  /** Static/frontend hosting with optional functions: Netlify, Firebase Hosting. */
  | 'static'
  /** Container orchestration other than Kubernetes: ECS, Nomad, Docker Swarm. */
  | 'container-service'
  /** Hosts driven by a deploy tool (Kamal, Capistrano, Deployer), or that install the service's Linux package (systemd). */
  | 'hosts'
  /** A production compose file on one host. */
  | 'compose';

export interface PlatformInstances {
  /** Fixed (or minimum) instance count, when written. */
  count?: number;
  /** Autoscaling configured, or built into the platform. */
  autoscale?: boolean;
  /** Nothing written: `note` states the platform default. */
  platformDefault?: boolean;
  /**
   * The count is the default of a variable the operator sets (`replicas: ${API_REPLICAS:-1}`), or of the running app's
   * own setting (Heroku's dynos, scaled with `heroku ps:scale`).
   */
  variable?: string;
  /** The file that sets the count, when it is not the target's own (a pm2 ecosystem file beside the deploy script). */
  path?: string;
  line: number;
  note: string;
}

export interface PlatformHttps {
  /**
   * default: the platform serves HTTPS and redirects HTTP on its own; configured: the descriptor turns it on;
   * optional: HTTPS is served but plain HTTP is not redirected unless configured (or it is turned off).
   */
  state: 'default' | 'configured' | 'optional';
  note: string;
  /** The line that configures it, when `configured` or explicitly off. */
  line?: number;
  /** The file holding that line, when not the target's own descriptor (the base file a Kamal destination inherits). */
  file?: string;
}

export interface PlatformTarget {
  platform: PlatformId;
  /** Display name: 'Fly.io', 'AWS Lambda (Serverless Framework)'. */
  name: string;
  path: string;
  line?: number;
  /** The infrastructure-as-code resource that describes it (`aws_ecs_service.api`): one file may hold several. */
  resource?: string;
  /** The repository folder a deploy script copies to the hosts, or a Cloud Foundry manifest pushes (`path:`). */
  folder?: string;
  /** The images the descriptor runs (resolved from variable defaults where it can be), when it names them. */
  images?: string[];
  /** The containers it runs, by name (an ECS service's task definition or load balancer), when it names them. */
  containers?: string[];
  /** The name the deployment gives the app when its image is unknown (a Bicep module call `module pythonService`). */
  appName?: string;
  /** How it was recognised: 'fly.toml', 'deploy command in CI'. */
  via: string;
  /** The code runs as functions (a process per invocation or per burst), not as a long-running server. */
  serverless: boolean;
  https?: PlatformHttps;
  model: PlatformModel;
  /** What the target deploys: the service, only a frontend build (beside a backend in another language), or a docs site. */
  covers: 'service' | 'frontend' | 'docs';
  /** Why this may not be where the service runs in production; rules give such targets low confidence. */
  weak?: string;
  /** The platform's own rollback model, for evidence. */
  rollback: string;
  /** Runs the code to completion each time it is started (a Container Apps job), not as a long-running process. */
  job?: true;
  /** A deploy replaces what runs in place (a folder copied over the last one): no earlier release is kept. */
  keepsNoRelease?: true;
  /** The platform's own scaling model, for evidence. */
  scaling: string;
  /** Instances or autoscaling the descriptor sets (or the platform default it leaves). */
  instances?: PlatformInstances;
  /**
   * A Swarm stack's instances service by service (`instances` is the first count written): a component's view keeps
   * those of its own services (src/facts/component-scope.ts). `line` is the service's key.
   */
  serviceInstances?: { service: string; line: number; instances: PlatformInstances }[];
  /** A deploy strategy the descriptor sets (fly [deploy] strategy, SAM DeploymentPreference). */
  strategy?: { value: string; line: number };
  /**
   * The platform builds and deploys on git pushes by itself (Vercel, Netlify, Render autoDeploy, Railway, App Platform
   * deploy_on_push): the integration is set up in the platform, so the repository shows only its descriptor.
   */
  gitDeploys?: { line: number; note: string };
  /**
   * The platform builds the app from its source (a native runtime, buildpacks, Nixpacks, function packaging): no
   * Dockerfile is needed. States how, for evidence; absent when the platform runs an image the repository builds.
   */
  sourceBuild?: string;
  /**
   * Described by the inputs of an infrastructure module call whose module is kept outside the repository (a Terraform
   * `aks/application` call): the manifests are the module's.
   */
  moduleCall?: true;
  /**
   * The platform's own health check the descriptor configures (render.yaml healthCheckPath, fly.toml checks, a Cloud
   * Run probe, an ECS task-definition healthCheck …): these platforms ignore a Dockerfile HEALTHCHECK.
   */
  healthCheck?: {
    line: number;
    /** The file holding that line, when not the target's own descriptor (a Kamal destination's base file). */
    file?: string;
    note: string /** Only a TCP connect check: the port answers, not the app. */;
    tcpOnly?: boolean;
  };
}

export interface PlatformFacts {
  targets: PlatformTarget[];
  /** Targets that deploy the service itself (not a docs site, not only the frontend of a backend in another language). */
  service: PlatformTarget[];
  /** Some target deploys the service. */
  any: boolean;
  /** Some service target runs the code as functions. */
  serverless: boolean;
  byPlatform(id: PlatformId): PlatformTarget | undefined;
  /** Some service target is of this model. */
  has(model: PlatformModel): boolean;
  /** Procfiles a Dockerfile copies into its image: a process manager's list inside the container, not a platform. */
  inImage: string[];
  /**
   * Procfiles without a release phase whose folder CI or a script builds an image from that starts its own program:
   * the image is what deploys; the Procfile lists processes for a local process manager (foreman, overmind) or is left
   * from an earlier platform.
   */
  besideImage: string[];
}

const HTTPS_DEFAULT: Partial<Record<PlatformId, string>> = {
  render: 'Render serves every web service over HTTPS and redirects HTTP to HTTPS (platform default)',
  railway: 'Railway serves public domains over HTTPS and redirects HTTP (platform default)',
  vercel: 'Vercel serves every deployment over HTTPS and redirects HTTP to HTTPS (platform default)',
  netlify: 'Netlify serves sites over HTTPS and redirects HTTP once the certificate is provisioned (platform default)',
  'cloud-run': 'Cloud Run serves *.run.app over HTTPS only and redirects HTTP (platform default)',
  'cloud-functions': 'Cloud Functions are served over HTTPS (platform default)',
  'aws-lambda': 'API Gateway and Lambda function URLs accept HTTPS only (platform default)',
  'app-runner': 'App Runner serves HTTPS only (platform default)',
  'azure-container-apps':
    'Container Apps ingress redirects HTTP to HTTPS unless allow_insecure_connections is set (platform default)',
  'cloudflare-workers': 'Cloudflare terminates TLS at the edge for workers.dev and proxied routes (platform default)',
  firebase: 'Firebase Hosting serves HTTPS only and redirects HTTP (platform default)',
  'azure-static-web-apps':
    'Azure Static Web Apps serves sites over HTTPS with managed certificates and redirects HTTP (platform default)',
  'digitalocean-app': 'App Platform serves HTTPS and redirects HTTP (platform default)',
  'azure-functions': 'Azure Functions are served over HTTPS; plain HTTP is accepted unless httpsOnly is set',
  'supabase-functions': 'Supabase Edge Functions are served over HTTPS (platform default)',
  'deno-deploy':
    'Deno Deploy serves *.deno.dev and custom domains over HTTPS with managed certificates (platform default)',
};

/** Platforms that serve HTTPS on their own domain but accept plain HTTP until the app is told to redirect. */
const HTTPS_OPTIONAL: Partial<Record<PlatformId, string>> = {
  'azure-app-service':
    'App Service serves its *.azurewebsites.net domain over HTTPS, but accepts plain HTTP unless the site sets httpsOnly',
};

/** Platforms whose sites Bicep describes as `Microsoft.Web/sites` (App Service web apps and Function Apps). */
const WEB_SITE_PLATFORMS = new Set<PlatformId>(['azure-app-service', 'azure-functions']);

/**
 * Whether the App Service sites the repository's Bicep declares turn away plain HTTP (`httpsOnly`, the AVM module's
 * default of true): configured when every site does, optional (cited where it is off) when one does not. Undefined
 * without Bicep sites, or when a site's value is not written in the repository (a parameter its caller sets).
 */
function webSitesHttps(repo: RepoIndex): PlatformHttps | undefined {
  const sites = bicepWebSites(repo);
  if (!sites.length || sites.some((s) => s.httpsOnly === 'unknown')) return undefined;
  const off = sites.find((s) => s.httpsOnly === 'off');
  if (off)
    return {
      state: 'optional',
      note: `the Bicep site (${off.resource}, ${off.path}) accepts plain HTTP (${off.how})`,
      file: off.path,
      line: off.settingLine ?? off.line,
    };
  const first = sites[0]!;
  const more = sites.length > 1 ? ` (and ${sites.length - 1} more site${sites.length > 2 ? 's' : ''})` : '';
  return {
    state: 'configured',
    note: `the Bicep site (${first.resource}, ${first.path}) redirects HTTP to HTTPS (${first.how})${more}`,
    file: first.path,
    line: first.settingLine ?? first.line,
  };
}

const SERVERLESS = new Set<PlatformId>([
  'supabase-functions',
  'vercel',
  'netlify',
  'aws-lambda',
  'cloud-functions',
  'azure-functions',
  'cloudflare-workers',
  'deno-deploy',
]);

interface Descriptor {
  platform: PlatformId;
  name: string;
  file: RegExp;
  /** The file must contain this (app.yaml is also a common name for other things). */
  content?: RegExp;
  /** And this must hold of it (a Knative Service is Cloud Run's only with a sign of Cloud Run). */
  when?: (repo: RepoIndex, file: string, text: string) => boolean;
}

/** The key naming the app in a Kamal configuration. */
const KAMAL_SERVICE = /^service\s*:/m;

/**
 * The base configuration a Kamal destination file is merged over: config/deploy.yml beside config/deploy.<dest>.yml,
 * when it names the service. Undefined for the base file itself and for a file with no such base.
 */
function kamalBaseOf(repo: RepoIndex, file: string): string | undefined {
  const m = /^(.*?)config\/deploy\.[\w-]+\.yml$/.exec(file);
  if (!m) return undefined;
  const base = `${m[1]}config/deploy.yml`;
  return KAMAL_SERVICE.test(repo.read(base) ?? '') ? base : undefined;
}

/**
 * A setting a Kamal destination inherits: the first line matching `re` in the base configuration, when the destination
 * file itself writes no line matching `key` (Kamal merges the destination over config/deploy.yml key by key).
 */
function kamalInherited(
  repo: RepoIndex,
  file: string,
  key: RegExp,
  re: RegExp = key,
): { path: string; line: number; text: string } | undefined {
  const base = kamalBaseOf(repo, file);
  if (!base || repo.grepFirst(key, { paths: [file] })) return undefined;
  const hit = repo.grepFirst(re, { paths: [base] });
  return hit ? { path: base, line: hit.line, text: hit.text } : undefined;
}

/** Steps publishing a component catalogue (Storybook, Chromatic, a styleguide), not the service. */
const STORYBOOK_DEPLOY = /storybook|chromatic|styleguide/i;

/**
 * A Knative Service runs on Cloud Run when it says so: Cloud Run annotations (`run.googleapis.com/…`), an image in
 * Google's registries, or a `gcloud run services replace` of the file. Otherwise Knative Serving runs it on a
 * Kubernetes cluster.
 */
function cloudRunKnative(repo: RepoIndex, file: string, text: string): boolean {
  if (/\b(?:run|cloud)\.googleapis\.com\//.test(text)) return true;
  if (/^\s*(?:-\s*)?image\s*:\s*["']?(?:[\w.-]+\.)?(?:gcr\.io|[\w-]+-docker\.pkg\.dev)\//m.test(text)) return true;
  const name = escapeRegExp(path.posix.basename(file));
  return !!repo.grepFirst(new RegExp(`\\bgcloud\\s+(?:beta\\s+)?run\\s+services\\s+replace\\s+\\S*${name}\\b`), {
    kinds: ['config', 'source', 'other'],
  });
}

/**
 * What a Worker's wrangler descriptor uploads: its `main` script, static `assets`, a Workers Sites bucket, a wrangler
 * v1 project type. A descriptor naming none only configures the local runtime (the bindings of a test pool's miniflare).
 */
const WORKER_UPLOADS =
  /^\s*(?:"?(?:main|assets|site)"?\s*[:=]|\[(?:assets|site)\]|type\s*=\s*"(?:javascript|webpack|rust)")/m;

const CF_MANIFEST =
  /^applications\s*:[ \t]*$(?:\n.*)*?\n[ \t]+(?:-[ \t]+)?(?:buildpacks?|instances|memory|disk_quota|routes|random-route|health-check-type|stack|docker)\s*:/m;

const DOKKU_APP_JSON = /"(?:healthchecks|cron)"\s*:/;

/**
 * A Fly app configuration kept under another name (`deploy/fly/prod.toml`, `.fly/staging.toml`, `fly-staging.toml`,
 * deployed with `fly deploy -c <file>`): the app it names (`app = "…"`) and a key only Fly's configuration has.
 */
const FLY_CONFIG_ELSEWHERE = /(^|\/)(?:\.?fly\/[\w.-]+|fly-[\w.-]+)\.toml$/;
const FLY_APP = /^app\s*=\s*["'][\w-]+["']/m;
const FLY_KEYS = /^\s*(?:primary_region\s*=|\[http_service\]|\[\[services\]\]|\[\[vm\]\]|\[\[mounts\]\]|\[mounts\])/m;

const FLY_TOML = /(^|\/)fly(\.[\w-]+)?\.toml$/;

const DESCRIPTORS: Descriptor[] = [
  { platform: 'fly', name: 'Fly.io', file: FLY_TOML },
  {
    platform: 'fly',
    name: 'Fly.io',
    file: FLY_CONFIG_ELSEWHERE,
    content: FLY_APP,
    when: (_repo, file, text) => !FLY_TOML.test(file) && FLY_KEYS.test(text),
  },
  { platform: 'render', name: 'Render', file: /(^|\/)render\.ya?ml$/, content: /^\s*services\s*:/m },
  {
    platform: 'railway',
    name: 'Railway',
    file: /(^|\/)railway\.(json|toml)$/,
    when: (repo, p) => !otherDocument(repo.json(p), RAILWAY_SETTINGS),
  },
  { platform: 'heroku', name: 'Heroku', file: /(^|\/)heroku\.yml$/ },
  // Dokku reads app.json too; its health checks and cron tasks are keys Heroku's app.json has not.
  { platform: 'dokku', name: 'Dokku', file: /(^|\/)app\.json$/, content: DOKKU_APP_JSON },
  {
    platform: 'heroku',
    name: 'Heroku',
    file: /(^|\/)app\.json$/,
    content: /"(buildpacks|stack|formation)"\s*:/,
    when: (_repo, _file, text) => !DOKKU_APP_JSON.test(text),
  },
  {
    platform: 'vercel',
    name: 'Vercel',
    file: /(^|\/)(vercel\.json|\.vercelignore)$/,
    // `{"git": {"deploymentEnabled": false}}` alone only stops Vercel deploying pushes: a CLI deploy elsewhere decides.
    when: (repo, p) => {
      const json = repo.json(p);
      return !vercelGitDeploysOffOnly(json) && !otherDocument(json, VERCEL_SETTINGS);
    },
  },
  { platform: 'netlify', name: 'Netlify', file: /(^|\/)netlify\.toml$/ },
  {
    platform: 'app-engine',
    name: 'Google App Engine',
    file: /(^|\/)app(\.[\w-]+)?\.ya?ml$/,
    content: /^runtime\s*:\s*\w/m,
  },
  {
    platform: 'cloud-run',
    name: 'Cloud Run',
    file: /\.ya?ml$/,
    content: /^apiVersion\s*:\s*serving\.knative\.dev\//m,
    when: cloudRunKnative,
  },
  {
    platform: 'aws-lambda',
    name: 'AWS Lambda (Serverless Framework)',
    file: /(^|\/)serverless\.(ya?ml|ts|js|json)$/,
  },
  {
    platform: 'aws-lambda',
    name: 'AWS Lambda (SAM)',
    file: /(^|\/)(template|sam)[\w.-]*\.ya?ml$/,
    content: /\bAWS::Serverless::(Function|Api|HttpApi)\b/,
  },
  { platform: 'app-runner', name: 'AWS App Runner', file: /(^|\/)apprunner\.ya?ml$/ },
  { platform: 'elastic-beanstalk', name: 'AWS Elastic Beanstalk', file: /(^|\/)\.ebextensions\/[^/]+\.config$/ },
  {
    platform: 'ecs',
    name: 'Amazon ECS',
    file: /(^|\/)(task-?def(inition)?[\w.-]*|ecs[\w.-]*)\.json$/,
    content: /"containerDefinitions"\s*:/,
  },
  {
    platform: 'azure-functions',
    name: 'Azure Functions',
    file: /(^|\/)host\.json$/,
    content: /"(extensionBundle|functionTimeout)"\s*:/,
  },
  // A wrangler file with pages_build_output_dir configures a Cloudflare Pages project, not a Worker.
  {
    platform: 'cloudflare-workers',
    name: 'Cloudflare Pages',
    file: /(^|\/)wrangler\.(toml|json|jsonc)$/,
    content: /^\s*"?pages_build_output_dir"?\s*[:=]/m,
  },
  {
    platform: 'cloudflare-workers',
    name: 'Cloudflare Workers',
    file: /(^|\/)wrangler\.(toml|json|jsonc)$/,
    when: (_repo, _file, text) => !/^\s*"?pages_build_output_dir"?\s*[:=]/m.test(text) && WORKER_UPLOADS.test(text),
  },
  // deno.json `deploy` (deployctl's project and entrypoint, or the newer `deno deploy` org and app).
  {
    platform: 'deno-deploy',
    name: 'Deno Deploy',
    file: /(^|\/)deno\.jsonc?$/,
    content: /^\s*"deploy"\s*:\s*\{/m,
  },
  { platform: 'firebase', name: 'Firebase', file: /(^|\/)firebase\.json$/, content: /"(hosting|functions)"\s*:/ },
  {
    platform: 'digitalocean-app',
    name: 'DigitalOcean App Platform',
    file: /(^|\/)\.do\/(app|deploy\.template)\.ya?ml$/,
  },
  {
    // An app spec kept elsewhere (spec.yaml, app.yaml, do-app.yaml, .do/*.yaml), applied with doctl apps create/update --spec.
    platform: 'digitalocean-app',
    name: 'DigitalOcean App Platform',
    file: /(^|\/)(?:\.do\/[\w.-]+|(?:do[-_]?)?(?:app[-_]?)?spec|app|do[-_]app)\.ya?ml$/,
    content:
      /^\s*(?:-\s*)?(?:instance_size_slug|environment_slug|deploy_on_push|http_port|run_command)\s*:[\s\S]*^\s*(?:services|workers|jobs|static_sites)\s*:|^\s*(?:services|workers|jobs|static_sites)\s*:[\s\S]*^\s*(?:-\s*)?(?:instance_size_slug|environment_slug|deploy_on_push|http_port|run_command)\s*:/m,
  },
  {
    // A Cloud Foundry app manifest (cloud.gov, SAP BTP, Tanzu): `applications:` with the keys `cf push` reads.
    platform: 'cloud-foundry',
    name: 'Cloud Foundry',
    file: /(^|\/)manifest[\w.-]*\.ya?ml$/,
    content: CF_MANIFEST,
  },
  {
    platform: 'kamal',
    name: 'Kamal',
    file: /(^|\/)config\/deploy(\.[\w-]+)?\.yml$/,
    // A destination file (`kamal deploy -d production` reads config/deploy.production.yml) holds only what it changes
    // of config/deploy.yml, whose `service:` names the app.
    when: (repo, p, text) => KAMAL_SERVICE.test(text) || kamalBaseOf(repo, p) !== undefined,
  },
  { platform: 'nomad', name: 'Nomad', file: /\.nomad(\.hcl)?$/ },
  { platform: 'hatchbox', name: 'Hatchbox', file: /(^|\/)hatchbox\/(post-deploy|pre-build|post-build|pre-deploy)$/ },
  // CodeDeploy's appspec for EC2 or on-premises hosts names their `os:`; an ECS or Lambda one lists `Resources:` instead.
  {
    platform: 'codedeploy',
    name: 'AWS CodeDeploy (EC2)',
    file: /(^|\/)appspec\.ya?ml$/,
    content: /^os\s*:\s*(?:linux|windows)\b/m,
  },
];

/** A deploy command told only to rehearse (`wrangler deploy --dry-run`, a CI check that the Worker bundles). */
export const DRY_RUN = /\s--dry-run\b/;

/** Deploy commands in CI steps and scripts. */
export const DEPLOY_COMMANDS: [RegExp, PlatformId, string][] = [
  [/\b(?:fly|flyctl)\s+deploy\b/, 'fly', 'Fly.io'],
  [/\bgcloud\s+(?:beta\s+)?run\s+(?:deploy|services\s+replace)\b/, 'cloud-run', 'Cloud Run'],
  [/\bgcloud\s+(?:beta\s+)?functions\s+deploy\b/, 'cloud-functions', 'Google Cloud Functions'],
  [/\bgcloud\s+app\s+deploy\b/, 'app-engine', 'Google App Engine'],
  [/\b(?:serverless|sls)\s+deploy\b/, 'aws-lambda', 'AWS Lambda (Serverless Framework)'],
  [/\bsam\s+deploy\b/, 'aws-lambda', 'AWS Lambda (SAM)'],
  // SST deploys where its config's components run (Lambda, ECS, Workers): its targets come from sstTargets.
  [/\bsst(?:@[\w.^~-]+)?\s+deploy\b/, 'aws-lambda', 'SST'],
  [/\baws\s+lambda\s+update-function-code\b/, 'aws-lambda', 'AWS Lambda'],
  [/\bvercel\s+(?:deploy\b|--prod\b|build\b)/, 'vercel', 'Vercel'],
  [/\bnetlify\s+deploy\b/, 'netlify', 'Netlify'],
  [/\brailway\s+up\b/, 'railway', 'Railway'],
  [/\bgit\s+push\s+(?:-f\s+)?heroku\b|\bheroku\s+container:release\b/, 'heroku', 'Heroku'],
  [/\baws\s+ecs\s+update-service\b/, 'ecs', 'Amazon ECS'],
  [/\beb\s+deploy\b/, 'elastic-beanstalk', 'AWS Elastic Beanstalk'],
  [/\baz\s+webapp\s+(?:up|deploy|create)\b/, 'azure-app-service', 'Azure App Service'],
  [/\baz\s+spring\s+app\s+(?:deploy|create|update)\b/, 'azure-spring-apps', 'Azure Spring Apps'],
  [/\baz\s+functionapp\b|\bfunc\s+azure\s+functionapp\s+publish\b/, 'azure-functions', 'Azure Functions'],
  [/\bwrangler(?:@[\w.^~-]+)?\s+pages\s+(?:deploy|publish)\b/, 'cloudflare-workers', 'Cloudflare Pages'],
  [/\bwrangler(?:@[\w.^~-]+)?\s+(?:deploy|publish)\b/, 'cloudflare-workers', 'Cloudflare Workers'],
  [/\bsupabase\s+functions\s+deploy\b/, 'supabase-functions', 'Supabase Edge Functions'],
  [/\bdeployctl(?:@[\w.^~-]+)?\s+deploy\b|\bdeno\s+deploy\b(?!\s*(?:=|:))/, 'deno-deploy', 'Deno Deploy'],
  [/\bfirebase\s+deploy\b/, 'firebase', 'Firebase'],
  [/\bkamal\s+deploy\b/, 'kamal', 'Kamal'],
  [/\bcf[78]?\s+(?:v3-)?push\b/, 'cloud-foundry', 'Cloud Foundry'],
  // `vendor/bin/dep deploy production`, `dep --ansi deploy stage=prd`, `php deployer.phar deploy`.
  [/\b(?:dep|deployer\.phar)(?:\s+-[\w-]+(?:=\S+)?)*\s+deploy\b(?!:)/, 'deployer', 'Deployer'],
];

/** GitHub Actions that deploy to a platform. */
export const DEPLOY_ACTIONS: [RegExp, PlatformId, string][] = [
  [/^superfly\/flyctl-actions/, 'fly', 'Fly.io'],
  [/^google-github-actions\/deploy-cloudrun/, 'cloud-run', 'Cloud Run'],
  [/^google-github-actions\/deploy-cloud-functions/, 'cloud-functions', 'Google Cloud Functions'],
  [/^google-github-actions\/deploy-appengine/, 'app-engine', 'Google App Engine'],
  [/^amondnet\/vercel-action/, 'vercel', 'Vercel'],
  [/^nwtgck\/actions-netlify|^netlify\/actions/, 'netlify', 'Netlify'],
  [/^akhileshns\/heroku-deploy/, 'heroku', 'Heroku'],
  [/^aws-actions\/amazon-ecs-deploy-task-definition/, 'ecs', 'Amazon ECS'],
  [/^azure\/webapps-deploy/i, 'azure-app-service', 'Azure App Service'],
  [/^azure\/functions-action/i, 'azure-functions', 'Azure Functions'],
  [/^cloudflare\/pages-action/, 'cloudflare-workers', 'Cloudflare Pages'],
  [/^cloudflare\/wrangler-action/, 'cloudflare-workers', 'Cloudflare Workers'],
  [/^denoland\/deployctl/, 'deno-deploy', 'Deno Deploy'],
  [/^FirebaseExtended\/action-hosting-deploy/, 'firebase', 'Firebase'],
  [/^serverless\/github-action/, 'aws-lambda', 'AWS Lambda (Serverless Framework)'],
  [/^deployphp\/action/, 'deployer', 'Deployer'],
  [/^cloud-gov\/cg-cli-tools|^citizen-of-planet-earth\/cf-cli-action/, 'cloud-foundry', 'Cloud Foundry'],
];

/**
 * The platform an action step deploys to, if it deploys. A cf CLI action runs the cf command it is given: only a push
 * deploys (`cf_command: run-task … migrate` runs a task in the app already there).
 */
export function deployActionOf(
  uses: string,
  inputs: Record<string, unknown> | undefined,
): (typeof DEPLOY_ACTIONS)[number] | undefined {
  const hit = DEPLOY_ACTIONS.find(([re]) => re.test(uses));
  if (hit?.[1] !== 'cloud-foundry') return hit;
  const command = inputs?.cf_command ?? inputs?.command;
  return typeof command === 'string' && /^\s*(?:cf[78]?\s+)?(?:v3-)?push\b/.test(command) ? hit : undefined;
}

/**
 * The input of an action step naming the ECS service it redeploys (rust-lang/simpleinfra's upload-docker-image with
 * `redeploy_ecs_service: triagebot`): whatever else the action does, it rolls that service.
 */
export function ecsServiceInput(inputs: Record<string, unknown> | undefined): string | undefined {
  return Object.keys(inputs ?? {}).find((k) => /^(?:redeploy_)?ecs_service$/i.test(k));
}

const SCRIPT_FILES = /(^|\/)(Makefile|[\w.-]+\.sh|package\.json|justfile|Taskfile\.ya?ml)$/;

/**
 * Lambda functions declared in infrastructure code (CDK, Terraform, Pulumi). A CDK construct takes its scope and an id
 * (`new Function(this, 'Resize', …)`); JavaScript's own `new Function(this.wrapper)` (a minified library) is none.
 * Organisations wrap the Lambda construct in their own (`new GuScheduledLambda(this, …)`, `new GuLambdaFunction(this,
 * …)`): a construct named for a Lambda, given its scope and an id, declares one too.
 */
const LAMBDA_IAC =
  /\bresource\s+"aws_lambda_function"|\bnew\s+(?:lambda\.|aws_lambda\.)?(?:Function|NodejsFunction|PythonFunction|DockerImageFunction)\s*\(\s*this\s*,|\bnew\s+(?:\w+\.)?\w*Lambda(?:Function)?\s*\(\s*this\s*,|\baws\.lambda\.Function\s*\(/;

/**
 * ECS services a CDK app declares (`new ecs.FargateService(this, …)`, Python's `ecs_patterns
 * .ApplicationLoadBalancedFargateService(` with `self` on the next line).
 */
const ECS_CDK =
  /\b(?:ecs|ecs_patterns|ecsPatterns)\.(?:(?:Application|Network)LoadBalanced)?(?:Fargate|Ec2)Service\s*\(\s*(?:(?:this|self|scope)\s*,|$)/;

/**
 * SST components (v3 `sst.aws.Function`, `sst.aws.Nextjs` …, v2 `new Function(stack, …)`, `new Api(stack, …)`) and
 * the platform they run the app on: Lambda for functions, APIs and framework sites, ECS for `sst.aws.Service`,
 * Cloudflare Workers for `sst.cloudflare.Worker`.
 */
const SST_COMPONENTS: [RegExp, PlatformId, string][] = [
  [/\bsst\.aws\.(?:Service|Cluster)\s*\(/, 'ecs', 'Amazon ECS (SST)'],
  [/\bsst\.cloudflare\.(?:Worker|Remix|Astro|StaticSite)\s*\(/, 'cloudflare-workers', 'Cloudflare Workers (SST)'],
  [
    /\bsst\.aws\.(?:Function|ApiGatewayV[12]|Router|Nextjs|Remix|Astro|SvelteKit|Nuxt|SolidStart|TanStackStart|React|Analog)\s*\(|\bnew\s+(?:Function|Api|ApiGatewayV1Api|NextjsSite|RemixSite|AstroSite|SvelteKitSite|SolidStartSite)\s*\(\s*stack\b/,
    'aws-lambda',
    'AWS Lambda (SST)',
  ],
];

/**
 * An SST API gateway runs functions only through the routes it hands a handler (`api.route('GET /', 'src/get.handler')`);
 * one that only has `routePrivate` (to an ECS service in its VPC) or `routeUrl` forwards to servers that run elsewhere.
 */
const SST_GATEWAY = /\bsst\.aws\.ApiGatewayV[12]\s*\(/;
const SST_FUNCTION_ROUTE = /\.route\s*\(/;

function sstTargets(
  repo: RepoIndex,
  steps: { run?: string; path: string; line: number; state?: unknown }[],
): FoundTarget[] {
  const out: FoundTarget[] = [];
  const configs = repo
    .byName(/^sst\.config\.[cm]?[jt]s$/)
    .filter((f) => !f.isTest && !f.path.includes('node_modules/'));
  const stackFiles = configs.length
    ? repo.files.filter((f) => !f.isTest && /(?:^|\/)(?:stacks|infra)\/[^/]+\.[cm]?[jt]s$/.test(f.path))
    : [];
  let first: FoundTarget | undefined;
  for (const f of [...configs, ...stackFiles]) {
    const routes = () => repo.grep(SST_FUNCTION_ROUTE, { paths: [f.path] }).some((h) => !isCommentLine(h.text));
    for (const [re, platform, name] of SST_COMPONENTS) {
      // A component left in a comment (`// new sst.cloudflare.Worker(…)`, kept for later) deploys nothing.
      const hit = repo
        .grep(re, { paths: [f.path] })
        .find((h) => !isCommentLine(h.text) && (!SST_GATEWAY.test(h.text) || routes()));
      if (!hit) continue;
      const t: FoundTarget = {
        platform,
        name,
        path: f.path,
        line: hit.line,
        via: `SST component (${hit.text.trim().slice(0, 60)})`,
        ...(platform === 'ecs' ? sstServiceSettings(repo, f.path) : {}),
      };
      out.push(t);
      first ??= t;
    }
  }
  if (!configs.length) return out;
  // `sst deploy` deploys what the config declares (functions on Lambda when it declares nothing recognised).
  for (const step of steps) {
    if (step.state === 'disabled' || !step.run || !/\bsst(?:@[\w.^~-]+)?\s+deploy\b/.test(step.run)) continue;
    out.push({
      platform: first?.platform ?? 'aws-lambda',
      name: first?.name ?? 'AWS Lambda (SST)',
      path: step.path,
      line: step.line,
      via: 'CI deploy step (sst deploy)',
    });
  }
  return out;
}

const SST_SERVICE = /\bsst\.aws\.Service\s*\(\s*["'`]([\w-]+)/g;
const SST_SCALING = /\bscaling\s*:\s*\{([^{}]*)\}/;
const SST_HEALTH = /\bhealth\s*:\s*\{[^{}]*\bcommand\s*:/;

/**
 * What the `sst.aws.Service` components of an SST config set for the ECS service: `scaling: { min, max }` (the
 * autoscaled task count; one task when unset) and a `health` command (the container health check ECS runs). The service
 * with the highest minimum is named.
 */
function sstServiceSettings(repo: RepoIndex, file: string): Pick<FoundTarget, 'instances' | 'healthCheck'> {
  const text = repo.read(file) ?? '';
  const lineAt = (offset: number) => repo.lineAt(file, offset);
  let instances: PlatformInstances | undefined;
  let scaledMin = -1;
  let healthCheck: FoundTarget['healthCheck'];
  for (const m of text.matchAll(SST_SERVICE)) {
    const args = callArgs(text, m.index);
    if (!args || isCommentLine(text.slice(text.lastIndexOf('\n', m.index) + 1, m.index + m[0].length))) continue;
    const body = text.indexOf('(', m.index) + 1;
    const scaling = SST_SCALING.exec(args);
    const min = Number(/\bmin\s*:\s*(\d+)/.exec(scaling?.[1] ?? '')?.[1] ?? 1);
    const max = Number(/\bmax\s*:\s*(\d+)/.exec(scaling?.[1] ?? '')?.[1] ?? min);
    if (scaling && min > scaledMin) {
      scaledMin = min;
      instances = {
        count: min,
        ...(max > min ? { autoscale: true } : {}),
        line: lineAt(body + scaling.index),
        note: `SST Service ${m[1]} scaling: min ${min}, max ${max} tasks`,
      };
    } else if (!instances)
      // Without `scaling` SST runs one task.
      instances = { count: 1, line: lineAt(m.index), note: `SST Service ${m[1]} sets no scaling: one task` };
    const health = SST_HEALTH.exec(args);
    if (health && !healthCheck)
      healthCheck = { line: lineAt(body + health.index), note: `SST Service ${m[1]} health command` };
  }
  return { ...(instances ? { instances } : {}), ...(healthCheck ? { healthCheck } : {}) };
}

/** A job's rollback and scaling, whatever platform runs it. */
const JOB_MODEL = {
  rollback: 'a job keeps no revisions: an earlier image tag is deployed to it again',
  scaling: 'each execution runs its replicas to completion (parallelism per trigger)',
};

/** What a detector finds; the platform's model, rollback and scaling texts are added from MODEL. */
type FoundTarget = Pick<
  PlatformTarget,
  'platform' | 'name' | 'path' | 'line' | 'via' | 'resource' | 'images' | 'containers' | 'folder'
> &
  Partial<
    Pick<
      PlatformTarget,
      | 'https'
      | 'covers'
      | 'weak'
      | 'instances'
      | 'strategy'
      | 'gitDeploys'
      | 'sourceBuild'
      | 'healthCheck'
      | 'job'
      | 'moduleCall'
    >
  >;

export function detectPlatform(
  repo: RepoIndex,
  facts: { ci: CiFacts; k8s: K8sFacts; manifests: ManifestFacts; frameworks: FrameworkFacts; compose: ComposeFacts },
): PlatformFacts {
  // A static host beside a server written in another language publishes only its frontend.
  const http = facts.frameworks.http[0];
  const backendLanguage = !!http && http.language !== 'node';
  const targets: PlatformTarget[] = [];
  const inImage: string[] = [];
  const besideImage: string[] = [];
  const add = (t: FoundTarget): void => {
    if (targets.some((x) => x.platform === t.platform && x.path === t.path && x.resource === t.resource)) return;
    // An example's own descriptor or deploy script (`examples/worker/package.json` running `wrangler deploy`) deploys
    // the example for whoever tries it, not the repository's service (the example's own view still sees it at its root).
    if (EXAMPLE_FOLDER.test(t.path)) return;
    const note = HTTPS_DEFAULT[t.platform];
    const optional = HTTPS_OPTIONAL[t.platform];
    // Cloudflare Pages shares the Workers runtime but not its deployment model.
    const m: PlatformModelInfo = /Cloudflare Pages/.test(t.name) ? CLOUDFLARE_PAGES : MODEL[t.platform];
    const covers =
      t.covers ??
      (STATIC_HOSTS.has(t.platform) || /Cloudflare Pages/.test(t.name)
        ? staticCovers(repo, t.path, t.line, backendLanguage)
        : 'service');
    targets.push({
      ...t,
      serverless: SERVERLESS.has(t.platform),
      // A job serves no requests: no ingress, no revisions to move traffic between, one replica set per execution.
      https:
        t.https ??
        (WEB_SITE_PLATFORMS.has(t.platform) ? webSitesHttps(repo) : undefined) ??
        (t.job
          ? undefined
          : note
            ? { state: 'default', note }
            : optional
              ? { state: 'optional', note: optional }
              : undefined),
      model: m.model,
      covers,
      rollback: t.job ? JOB_MODEL.rollback : m.rollback,
      ...(m.keepsNoRelease ? { keepsNoRelease: true as const } : {}),
      scaling: t.job ? JOB_MODEL.scaling : m.scaling,
    });
  };
  for (const f of repo.files) {
    if (f.isTest || f.tooLarge || f.kind === 'docs') continue;
    for (const d of DESCRIPTORS) {
      if (!d.file.test(f.path)) continue;
      const text = repo.read(f.path) ?? '';
      if (d.content && !d.content.test(text)) continue;
      if (d.when && !d.when(repo, f.path, text)) continue;
      if (STATIC_HOSTS.has(d.platform) && stalePublishFolder(repo, f.path)) continue;
      const via = path.posix.basename(f.path);
      add({
        platform: d.platform,
        name: d.name,
        path: f.path,
        via,
        https: httpsOf(repo, d.platform, f.path, text),
        ...descriptorDetails(repo, d.platform, f.path, text),
        ...sourceBuildOf(d.platform, d.name, text),
        ...healthCheckOf(repo, d.platform, f.path, text),
      });
    }
    // A Procfile an image copies in runs under a process manager inside the container (forego, honcho, overmind):
    // the image is deployed, not the Procfile.
    if (/(^|\/)Procfile$/.test(f.path) && copiedIntoImage(repo, f.path)) inImage.push(f.path);
    else if (/(^|\/)Procfile$/.test(f.path)) {
      const web = repo.grepFirst(/^web\s*:/, { paths: [f.path] });
      // A release phase is Heroku's (and Dokku's); a Procfile with only process lines may feed foreman or overmind.
      const release = repo.grepFirst(/^release\s*:/, { paths: [f.path] });
      if (!release && builtImageStartsFrom(repo, facts.ci, f.path)) besideImage.push(f.path);
      else if (web && (release || !imageStartsBeside(repo, f.path)))
        add({
          platform: 'heroku',
          name: 'Heroku-style Procfile',
          path: f.path,
          line: web.line,
          via: release ? 'Procfile web process and release phase' : 'Procfile web process',
          https: {
            state: 'optional',
            note: 'Heroku serves HTTPS but does not redirect plain HTTP; the application or a proxy must',
          },
          ...(release
            ? { sourceBuild: 'Heroku buildpacks build the app from its manifest and run the Procfile processes' }
            : { weak: 'a Procfile without a release phase may only feed a local process manager' }),
        });
    }
    if (isComposePath(f.path)) {
      const c = composeTarget(repo, f.path, () => facts.compose.services);
      if (c) add(c);
    }
  }
  // Container services Terraform declares (ECS, Cloud Run, App Runner, Container Apps), one target per resource.
  for (const s of terraformServices(repo))
    add({
      platform: s.platform,
      name: s.name,
      path: s.path,
      line: s.line,
      via: s.resource,
      resource: s.resource,
      images: s.images,
      ...(s.containers ? { containers: s.containers } : {}),
      ...(s.healthCheck ? { healthCheck: s.healthCheck } : {}),
      ...(s.instances ? { instances: s.instances } : {}),
      ...(s.strategy ? { strategy: s.strategy } : {}),
      ...(s.sourceBuild ? { sourceBuild: s.sourceBuild } : {}),
      ...(s.moduleCall ? { moduleCall: s.moduleCall } : {}),
    });
  // Cloudflare Workers Terraform uploads from a folder's build.
  for (const w of terraformWorkers(repo))
    add({
      platform: 'cloudflare-workers',
      name: 'Cloudflare Workers (Terraform)',
      path: w.path,
      line: w.line,
      via: w.resource,
      resource: w.resource,
      folder: w.folder,
    });
  // Container Apps a Bicep deployment creates, one target per module call or resource.
  for (const a of bicepContainerApps(repo))
    add({
      platform: 'azure-container-apps',
      name: a.job ? `Azure Container Apps job (${a.job.toLowerCase()}, Bicep)` : 'Azure Container Apps (Bicep)',
      path: a.path,
      line: a.line,
      via: a.resource,
      resource: a.resource,
      images: a.images,
      ...(a.appName ? { appName: a.appName } : {}),
      ...(a.healthCheck ? { healthCheck: a.healthCheck } : {}),
      ...(a.instances ? { instances: a.instances } : {}),
      ...(a.job ? { job: true as const } : {}),
    });
  // The services of an Azure Developer CLI project (azure.yaml): each names its project folder and the Azure host.
  for (const t of azdServices(repo)) add(t);
  for (const t of pm2CopyDeploys(repo)) add(t);
  if (repo.has('Capfile') && repo.has('config/deploy.rb'))
    add({
      platform: 'capistrano',
      name: 'Capistrano',
      path: 'config/deploy.rb',
      line: 1,
      via: 'Capfile and config/deploy.rb',
    });
  const recipe = deployerRecipe(repo);
  if (recipe) {
    const live = recipe.hosts.filter((h) => !h.staging);
    add({
      platform: 'deployer',
      name: 'Deployer',
      path: recipe.path,
      line: recipe.line,
      via: `Deployer recipe ${recipe.path}`,
      ...(live.length
        ? { instances: { count: live.length, line: live[0]!.line, note: `${live.length} production host(s) listed` } }
        : recipe.unheldInventory
          ? {
              instances: {
                line: recipe.unheldInventory.line,
                note: `the hosts are listed in ${recipe.unheldInventory.path}, which the repository does not hold`,
              },
            }
          : {}),
      // A recipe that starts containers on the hosts ships the image; otherwise each release is built from the source.
      ...(recipe.runsDocker
        ? {}
        : {
            sourceBuild:
              'Deployer builds each release on the hosts from the repository (its recipe installs the dependencies)',
          }),
    });
  }
  // systemd units that a Linux package the repository builds installs (`dpkg-deb --build`, cargo-deb, nfpm, rpmbuild):
  // the service runs on the hosts that install the package. A unit file without a package build is a sample for users.
  const packaging = repo.grepFirst(LINUX_PACKAGE_BUILD, { kinds: ['config', 'source', 'other'] });
  if (packaging)
    for (const f of repo.byName(/\.service$/)) {
      if (f.isTest || f.tooLarge || EXAMPLE_FOLDER.test(f.path)) continue;
      const lines = repo.lines(f.path);
      const exec = lines.findIndex((l) => SYSTEMD_EXEC_START.test(l));
      if (exec < 0 || !lines.some((l) => /^\s*\[Service\]/.test(l))) continue;
      add({
        platform: 'systemd',
        name: 'systemd (a Linux package)',
        path: f.path,
        line: exec + 1,
        via: `systemd unit, packaged by ${packaging.path}:${packaging.line}`,
        sourceBuild: `a Linux package built by ${packaging.path}:${packaging.line} installs the program and this systemd unit`,
      });
    }
  // What a Cloudflare Pages deploy command publishes, read from the folder the command names (`pages deploy site`
  // beside mkdocs.yml is the documentation), as for the other static hosts.
  const pagesCovers = (
    name: string,
    command: string,
    file: string,
    cwd = '.',
  ): Partial<Pick<PlatformTarget, 'covers'>> => {
    if (!/Cloudflare Pages/.test(name)) return {};
    const args = command.replace(/^[\s\S]*?\bpages\s+(?:deploy|publish)\b/, '');
    // A published folder holding no code at all (block lists copied in by an earlier step) or one the workflow makes
    // itself (`mkdir -p status` and a status.json written into it) is static content, not the service nor its frontend.
    const folder = /^\s*([^\s-][^\s]*)/.exec(args)?.[1];
    const published = path.posix.normalize(path.posix.join(cwd, folder && !folder.includes('$') ? folder : '.'));
    const madeHere =
      !repo.hasDir(published) &&
      new RegExp(`\\bmkdir\\s+(?:-p\\s+)?["']?(?:\\./)?${escapeRegExp(published)}["']?\\s*$`, 'm').test(
        repo.read(file) ?? '',
      );
    // A documentation site built in its own folder (`workingDirectory: docs`, `pages deploy build`) is the docs.
    if (madeHere || /^(?:docs?|website|documentation)(?:\/|$)/.test(published)) return { covers: 'docs' };
    if (
      published !== '.' &&
      !published.startsWith('..') &&
      repo.hasDir(published) &&
      !repo.files.some((f) => f.path.startsWith(`${published}/`) && isProgramSource(f))
    )
      return { covers: 'docs' };
    return { covers: staticCovers(repo, file, undefined, backendLanguage, args) };
  };
  // Deploy commands in CI and scripts.
  for (const step of facts.ci.steps) {
    if (step.state === 'disabled') continue;
    // A Storybook or component-catalogue preview (`vercel deploy web/storybook-static`, a storybook workflow) publishes
    // the UI kit's static build, not the service.
    if (STORYBOOK_DEPLOY.test(`${step.path}\n${step.job ?? ''}\n${step.name ?? ''}\n${step.run ?? ''}`)) continue;
    for (const [re, platform, name] of DEPLOY_COMMANDS) {
      if (name === 'SST') continue;
      if (step.run && re.test(step.run) && !DRY_RUN.test(step.run))
        add({
          platform,
          name,
          path: step.path,
          line: step.line,
          via: 'CI deploy step',
          ...packagedBy(platform, name, step.run),
          ...pagesCovers(name, step.run, step.path, step.workdir && !step.workdir.includes('$') ? step.workdir : '.'),
        });
    }
    const ecsService = step.uses ? ecsServiceInput(step.with) : undefined;
    if (ecsService && !DEPLOY_ACTIONS.some(([re]) => re.test(step.uses!)))
      add({
        platform: 'ecs',
        name: 'Amazon ECS',
        path: step.path,
        line: step.line,
        via: `CI action ${step.uses} (${ecsService})`,
        ...packagedBy('ecs', 'Amazon ECS'),
      });
    const action = step.uses ? deployActionOf(step.uses, step.with) : undefined;
    if (action) {
      const [, platform, actionName] = action;
      // wrangler-action runs the wrangler command it is given: `command: pages deploy site` publishes a Pages site.
      const command = typeof step.with?.command === 'string' ? step.with.command : '';
      const name = WRANGLER_PAGES_COMMAND.test(command) ? 'Cloudflare Pages' : actionName;
      add({
        platform,
        name,
        path: step.path,
        line: step.line,
        via: `CI action ${step.uses}`,
        ...packagedBy(platform, name),
        ...pagesCovers(
          name,
          command,
          step.path,
          typeof step.with?.workingDirectory === 'string' ? step.with.workingDirectory : '.',
        ),
      });
    }
  }
  for (const f of repo.files) {
    if (!SCRIPT_FILES.test(f.path) || f.isTest) continue;
    for (const [re, platform, name] of DEPLOY_COMMANDS) {
      if (name === 'SST') continue;
      const hit = repo.grepFirst(re, { paths: [f.path] });
      if (hit) add({ platform, name, path: f.path, line: hit.line, via: 'deploy command' });
    }
  }
  // Packages that only work on Vercel (Web Analytics, Speed Insights): the app is deployed there, even without vercel.json.
  if (!targets.some((t) => t.platform === 'vercel')) {
    const pkg = ['@vercel/analytics', '@vercel/speed-insights'].find((n) => facts.manifests.declared('node', n));
    const dep = pkg ? facts.manifests.declared('node', pkg) : undefined;
    if (pkg && dep && !dep.dev) {
      add({
        platform: 'vercel',
        name: 'Vercel',
        path: dep.manifest,
        line: dep.line ?? 1,
        via: `${pkg}, a Vercel-only package`,
        gitDeploys: {
          line: 1,
          note: `${pkg} works only on Vercel, whose git integration deploys previews and production (no vercel.json)`,
        },
      });
    }
  }
  // A file-system framework built by a platform's adapter or preset (@sveltejs/adapter-vercel, @astrojs/netlify, a Nitro
  // cloudflare-pages preset, NuxtHub) produces output only that platform runs: the app is deployed there.
  for (const fw of facts.frameworks.http) {
    const adapter = fw.adapter ?? '';
    const p = adapterPlatform(adapter);
    if (!p || targets.some((t) => t.platform === p[0])) continue;
    add({
      platform: p[0],
      name: p[1],
      path: fw.path,
      line: fw.line,
      via: `${fw.name} built with ${adapter}`,
      covers: 'service',
    });
  }
  // SST (sst.config.ts): its components say where the app runs; `sst deploy` in CI or a script deploys them there.
  for (const t of sstTargets(repo, facts.ci.steps)) add(t);
  const iac = repo.grepFirst(LAMBDA_IAC, {
    include: ['**/*.tf', '**/*.ts', '**/*.js', '**/*.py', '**/*.go', '**/*.java'],
    kinds: ['source', 'config', 'other'],
  });
  if (iac && !repo.get(iac.path)?.isTest)
    add({ platform: 'aws-lambda', name: 'AWS Lambda', path: iac.path, line: iac.line, via: 'Lambda function in IaC' });
  const ecsIac = repo.grepFirst(ECS_CDK, {
    include: ['**/*.ts', '**/*.js', '**/*.py'],
    kinds: ['source', 'config', 'other'],
  });
  if (ecsIac && !repo.get(ecsIac.path)?.isTest)
    add({ platform: 'ecs', name: 'Amazon ECS', path: ecsIac.path, line: ecsIac.line, via: 'ECS service in a CDK app' });
  // Knative Services read as Cloud Run descriptors are Cloud Run's; Kubernetes is a target when anything else remains.
  const cloudRun = new Set(targets.filter((t) => t.platform === 'cloud-run').map((t) => t.path));
  const onlyCloudRun =
    cloudRun.size > 0 &&
    !facts.k8s.charts.length &&
    !facts.k8s.kustomizations.length &&
    facts.k8s.workloads.every((w) => cloudRun.has(w.file)) &&
    facts.k8s.manifests.every((m) => cloudRun.has(m));
  if (facts.k8s.any && !onlyCloudRun) {
    const first = facts.k8s.workloads.find((w) => !cloudRun.has(w.file)) ?? facts.k8s.workloads[0];
    add({
      platform: 'kubernetes',
      name: 'Kubernetes',
      path: first?.file ?? facts.k8s.manifests[0] ?? facts.k8s.charts[0]?.path ?? facts.k8s.kustomizations[0]!,
      line: first?.line,
      via: 'Kubernetes manifests',
    });
  }
  return platformFacts(targets, { inImage, besideImage });
}

/** The hosts an Azure Developer CLI service deploys to (azure.yaml `host:`) that are platforms here. */
const AZD_HOSTS: Record<string, [PlatformId, string, string?]> = {
  appservice: [
    'azure-app-service',
    'Azure App Service (azd)',
    'azd packages the project (dotnet publish, npm build …) and deploys the package to App Service',
  ],
  containerapp: ['azure-container-apps', 'Azure Container Apps (azd)'],
  staticwebapp: [
    'azure-static-web-apps',
    'Azure Static Web Apps (azd)',
    'azd builds the project and uploads its output folder (dist) to the Static Web App',
  ],
  function: [
    'azure-functions',
    'Azure Functions (azd)',
    'azd packages the project and deploys the package to the Function App',
  ],
  springapp: ['azure-spring-apps', 'Azure Spring Apps (azd)'],
};

/** An Aspire AppHost's project file: azd deploys the projects the AppHost runs, not the AppHost itself. */
const ASPIRE_APPHOST = /Aspire\.Hosting\.AppHost|Aspire\.AppHost\.Sdk|<IsAspireHost>\s*true/i;

/**
 * The services of an Azure Developer CLI project (`azure.yaml`: `services.<name>` with the `project` folder or project
 * file it packages and the `host` it deploys to). `azd up` / `azd deploy` deploy each to its host; the infrastructure
 * (`infra/*.bicep`) is provisioned by the same tool.
 */
function azdServices(repo: RepoIndex): FoundTarget[] {
  const out: FoundTarget[] = [];
  for (const f of repo.byName(/^azure\.ya?ml$/)) {
    if (f.isTest || f.tooLarge) continue;
    const services = obj(obj(repo.yaml(f.path)).services);
    const lines = repo.lines(f.path);
    const from = Math.max(
      0,
      lines.findIndex((l) => /^services\s*:/.test(l)),
    );
    for (const [name, raw] of Object.entries(services)) {
      const s = obj(raw);
      if (typeof s.project !== 'string' || typeof s.host !== 'string') continue;
      const host = AZD_HOSTS[s.host.trim().toLowerCase()];
      if (!host) continue;
      let folder = path.posix.normalize(path.posix.join(path.posix.dirname(f.path), s.project)).replace(/\/$/, '');
      if (/\.(?:cs|fs|vb)proj$/.test(folder)) {
        if (ASPIRE_APPHOST.test(repo.read(folder) ?? '')) continue;
        folder = path.posix.dirname(folder);
      }
      if (folder.startsWith('..') || (folder !== '.' && !repo.hasDir(folder))) continue;
      if (
        repo
          .glob(`${folder === '.' ? '' : `${folder}/`}*.csproj`)
          .some((p) => ASPIRE_APPHOST.test(repo.read(p.path) ?? ''))
      )
        continue;
      const key = new RegExp(`^\\s+["']?${escapeRegExp(name)}["']?\\s*:`);
      const at = lines.findIndex((l, i) => i > from && key.test(l));
      const [platform, display, sourceBuild] = host;
      out.push({
        platform,
        name: display,
        path: f.path,
        line: at + 1 || 1,
        via: `azure.yaml service ${name} (host: ${s.host.trim()})`,
        resource: name,
        ...(folder !== '.' ? { folder } : {}),
        ...(sourceBuild ? { sourceBuild } : {}),
      });
    }
  }
  return out;
}

const PM2_START = /\bpm2\s+(?:start|restart|reload|startOrRestart|startOrReload)\b/;
/** An upload to a host: node-scp/node-ssh/ssh2-sftp calls, or scp and rsync commands. */
const UPLOADS = /\b(?:uploadFile|uploadDir|putFiles?|putDirectory|fastPut)\s*\(|\b(?:scp|rsync)\s+-?\w/;
/** A folder the script names from its own location (`path.join(__dirname, '../../emails')`). */
const SCRIPT_RELATIVE_FOLDER = /\bpath\.(?:join|resolve)\(\s*__dirname\s*,\s*["'`]([^"'`$]+)["'`]\s*\)/g;

/**
 * Deploy scripts (JavaScript or TypeScript) that copy an application folder to a host and start it there with pm2
 * (`scp.uploadFile(zip)`, then `pm2 start ecosystem.config.js` over SSH): the folder runs on that host.
 */
function pm2CopyDeploys(repo: RepoIndex): FoundTarget[] {
  const out: FoundTarget[] = [];
  const hits = repo.grep(PM2_START, { languages: ['typescript', 'javascript'], kinds: ['source'], limit: 20 });
  for (const hit of hits) {
    if (repo.get(hit.path)?.isTest || out.some((t) => t.path === hit.path)) continue;
    const text = repo.read(hit.path) ?? '';
    if (!UPLOADS.test(text)) continue;
    const here = path.posix.dirname(hit.path);
    const folders = [...text.matchAll(SCRIPT_RELATIVE_FOLDER)]
      .map((m) => path.posix.normalize(path.posix.join(here, m[1]!)).replace(/\/+$/, ''))
      .filter((d) => !d.startsWith('..') && d !== '.' && repo.has(`${d}/package.json`));
    const [folder] = folders;
    if (!folder || folders.some((d) => d !== folder)) continue;
    const instances = pm2Instances(repo, folder);
    out.push({
      platform: 'pm2',
      name: 'pm2 on a host',
      path: hit.path,
      line: hit.line,
      via: 'deploy script copying the folder over SSH',
      folder,
      ...(instances ? { instances } : {}),
    });
  }
  return out;
}

/** `instances: 4`, `instances: '1'`, `instances: "max"` of a pm2 app. */
const PM2_INSTANCES = /^\s*instances\s*:\s*["']?(\d+|max|-1)["']?\s*,?\s*$/m;

/** The instance count the folder's pm2 ecosystem file starts (`max` and -1: one per CPU of the one host). */
function pm2Instances(repo: RepoIndex, folder: string): PlatformInstances | undefined {
  for (const name of ['ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.json']) {
    const file = `${folder}/${name}`;
    const text = repo.read(file);
    const m = text === undefined ? null : PM2_INSTANCES.exec(text);
    if (!m) continue;
    const line = repo.lineAt(file, m.index + m[0].length - m[0].trimStart().length);
    if (/^\d+$/.test(m[1]!) && m[1] !== '0')
      return { count: Number(m[1]), path: file, line, note: `pm2 instances: ${m[1]} (${name})` };
    return { path: file, line, note: `pm2 instances: ${m[1]}, one process per CPU of the one host (${name})` };
  }
  return undefined;
}

/** The platform a framework's build adapter or preset targets (@sveltejs/adapter-vercel, @vercel/remix, a Nitro preset). */
export function adapterPlatform(adapter: string): [PlatformId, string] | undefined {
  if (/vercel/.test(adapter)) return ['vercel', 'Vercel'];
  if (/netlify/.test(adapter)) return ['netlify', 'Netlify'];
  if (/cloudflare/.test(adapter))
    return ['cloudflare-workers', /pages/.test(adapter) ? 'Cloudflare Pages' : 'Cloudflare Workers'];
  return undefined;
}

/** The platform facts of a list of targets. */
export function platformFacts(
  targets: PlatformTarget[],
  procfiles: Pick<PlatformFacts, 'inImage' | 'besideImage'> = { inImage: [], besideImage: [] },
): PlatformFacts {
  targets.sort((a, b) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0));
  const service = targets.filter((t) => t.covers === 'service');
  return {
    targets,
    service,
    any: service.length > 0,
    serverless: service.some((t) => t.serverless),
    byPlatform: (id) => targets.find((t) => t.platform === id),
    has: (model) => service.some((t) => t.model === model),
    inImage: procfiles.inImage,
    besideImage: procfiles.besideImage,
  };
}

const STATIC_HOSTS = new Set<PlatformId>(['netlify', 'vercel', 'firebase', 'azure-static-web-apps']);

/** wrangler's Pages subcommand (`pages deploy site --project-name=docs`): a static site, not a Worker. */
const WRANGLER_PAGES_COMMAND = /^\s*(?:wrangler\s+)?pages\s+(?:deploy|publish)\b/;

/** Platforms that always package the code themselves (functions, static sites with functions). */
const PACKAGES_SOURCE = new Set<PlatformId>([
  'supabase-functions',
  'vercel',
  'netlify',
  'firebase',
  'azure-static-web-apps',
  'cloudflare-workers',
  'deno-deploy',
  'cloud-functions',
  'azure-functions',
]);

/** Top-level settings of vercel.json (current and legacy; `name` and `version` are left out: any document has them). */
const VERCEL_SETTINGS = new Set(
  '$schema alias build buildCommand builds bunVersion cleanUrls crons devCommand env fluid framework functions git github headers ignoreCommand images installCommand outputDirectory public redirects regions functionFailoverRegions rewrites routes scope trailingSlash'.split(
    ' ',
  ),
);
const RAILWAY_SETTINGS = new Set(['$schema', 'build', 'deploy', 'environments']);

/**
 * A JSON file under a platform's descriptor name that is another document (an integrations catalog's entry named
 * `vercel.json`): keys the platform does not define and none of its settings. Vercel rejects unknown keys, so a
 * descriptor it deploys never looks like this.
 */
function otherDocument(json: unknown, settings: Set<string>): boolean {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
  const keys = Object.keys(json).filter((k) => k !== 'name' && k !== 'version');
  return keys.length > 0 && !keys.some((k) => settings.has(k));
}

/** A vercel.json that holds nothing but the switch turning off deploys of pushes (and its `$schema`). */
function vercelGitDeploysOffOnly(json: unknown): boolean {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return false;
  const keys = Object.keys(json).filter((k) => k !== '$schema');
  const git = (json as { git?: unknown }).git;
  return (
    keys.length === 1 &&
    keys[0] === 'git' &&
    !!git &&
    typeof git === 'object' &&
    Object.keys(git).length === 1 &&
    (git as { deploymentEnabled?: unknown }).deploymentEnabled === false
  );
}

/** A Debian or RPM package build: `dpkg-deb --build`, `dpkg-buildpackage`, cargo-deb, cargo-generate-rpm, nfpm, rpmbuild. */
const LINUX_PACKAGE_BUILD =
  /\bdpkg-deb\s+(?:-b|--build)\b|\bdpkg-buildpackage\b|\bcargo[\s-]deb\b|\bcargo[\s-]generate-rpm\b|\bnfpm\s+(?:pkg|package)\b|\brpmbuild\s+-b|^\s*\[package\.metadata\.(?:deb|generate-rpm)\]/m;

/** The command a systemd unit starts (`ExecStart=/usr/bin/app serve`; a `-` or `@` prefix changes only how it runs). */
export const SYSTEMD_EXEC_START = /^\s*ExecStart\s*=\s*[-@:+!]*(\S+)/;

/** Folders of examples and demos: what their descriptors deploy is the example, not the repository's service. */
export const EXAMPLE_FOLDER = /(?:^|\/)_?(?:examples?|demos?|samples?|sandbox|playground|tutorials?|quickstarts?)\//i;

/** A deploy command or action of a platform that packages the code itself. */
function packagedBy(platform: PlatformId, name: string, command = ''): Pick<PlatformTarget, 'sourceBuild'> {
  if (PACKAGES_SOURCE.has(platform)) return { sourceBuild: `${name} builds and packages the code itself` };
  // Azure Spring Apps runs the jar (or source) it is given on its managed Java runtime, unless it is given an image.
  if (platform === 'azure-spring-apps' && !/--container-image\b/.test(command))
    return { sourceBuild: `${name} runs the uploaded artifact on its managed Java runtime` };
  return {};
}

/**
 * `instances: ((instances))` in a Cloud Foundry manifest is filled from the vars files `cf push --vars-file` is given,
 * kept beside the manifest (`manifests/vars/vars-production.yml`): the largest count they set, from the file setting it.
 */
function cfVarsInstances(repo: RepoIndex, manifest: string, value: unknown): PlatformInstances | undefined {
  const name = typeof value === 'string' ? /^\(\((\w+)\)\)$/.exec(value.trim())?.[1] : undefined;
  if (!name) return undefined;
  const dir = path.posix.dirname(manifest);
  let best: PlatformInstances | undefined;
  for (const f of repo.files) {
    if (f.path === manifest || !/\.ya?ml$/.test(f.path) || !isUnder(f.path, dir)) continue;
    const n = num(obj(repo.yaml(f.path))[name]);
    if (n === undefined || (best?.count ?? 0) >= n) continue;
    const line = repo.grepFirst(new RegExp(`^${name}\\s*:`), { paths: [f.path] })?.line ?? 1;
    best = {
      count: n,
      path: f.path,
      line,
      variable: name,
      note: `instances: ((${name})), ${n} in ${path.posix.basename(f.path)}`,
    };
  }
  return best;
}

/** Where each platform's descriptor configures the platform's own health check. */
const HEALTH_CHECK: Partial<Record<PlatformId, { re: RegExp; note: string }>> = {
  render: { re: /^\s*healthCheckPath\s*:/m, note: 'render.yaml healthCheckPath' },
  fly: {
    re: /^\s*\[\[?\s*(?:http_service\.checks|services\.(?:http_checks|tcp_checks)|checks(?:\.[\w-]+)?)\s*\]\]?/m,
    note: 'fly.toml health checks',
  },
  railway: { re: /["']?healthcheckPath["']?\s*[:=]/, note: 'Railway healthcheckPath' },
  dokku: {
    re: /"healthchecks"\s*:/,
    note: 'app.json healthchecks (Dokku checks each new container before switching to it)',
  },
  'app-engine': { re: /^\s*(?:liveness_check|readiness_check|health_check)\s*:/m, note: 'App Engine health checks' },
  'cloud-run': { re: /^\s*(?:livenessProbe|startupProbe)\s*:/m, note: 'Cloud Run probe' },
  'digitalocean-app': {
    re: /^\s*(?:health_check|liveness_health_check)\s*:/m,
    note: 'App Platform health_check',
  },
  'elastic-beanstalk': { re: /\bHealthCheckPath\b/, note: 'Elastic Beanstalk HealthCheckPath' },
  ecs: { re: /"healthCheck"\s*:/, note: 'ECS task-definition healthCheck' },
  nomad: { re: /^\s*check\s*\{/m, note: 'Nomad service check' },
  kamal: { re: /^\s*healthcheck\s*:/m, note: 'Kamal healthcheck' },
  // The default (`port`) only connects to the port; `process` only watches the process.
  'cloud-foundry': { re: /^\s*health-check-type\s*:\s*["']?http\b/m, note: 'Cloud Foundry http health check' },
};

function healthCheckOf(
  repo: RepoIndex,
  platform: PlatformId,
  file: string,
  text: string,
): Pick<PlatformTarget, 'healthCheck'> {
  const hc = HEALTH_CHECK[platform];
  const m = hc?.re.exec(text);
  if (hc && !m && platform === 'kamal') {
    // A destination that writes no health check keeps the base file's.
    const base = kamalInherited(repo, file, /^\s*healthcheck\s*:/);
    return base ? { healthCheck: { line: base.line, file: base.path, note: `${hc.note} in ${base.path}` } } : {};
  }
  if (!hc || !m) return {};
  // A leading `^\s*` takes in the blank lines above: the line is the first one written on.
  const line = repo.lineAt(file, m.index + Math.max(0, m[0].search(/\S/)));
  // fly.toml tcp_checks alone only prove that the port accepts connections; the generated `http_checks = []` is none.
  const tcpOnly =
    platform === 'fly' &&
    !/^\s*\[\[?\s*(?:services\.http_checks|http_service\.checks|checks)\b|\bhttp_checks\s*=\s*\[\s*\{/m.test(text);
  return { healthCheck: { line, note: tcpOnly ? 'fly.toml TCP checks' : hc.note, ...(tcpOnly ? { tcpOnly } : {}) } };
}

/** Whether a descriptor has the platform build the app from source, and how (see PlatformTarget.sourceBuild). */
function sourceBuildOf(platform: PlatformId, name: string, text: string): Pick<PlatformTarget, 'sourceBuild'> {
  const say = (how: string) => ({ sourceBuild: how });
  switch (platform) {
    case 'render': {
      if (/^\s*(?:-\s*)?(runtime|env)\s*:\s*["']?(docker|image)\b/m.test(text)) return {};
      const runtime = /^\s*(?:-\s*)?(?:runtime|env)\s*:\s*["']?(\w+)/m.exec(text)?.[1];
      return runtime ? say(`Render builds it with its native ${runtime} runtime`) : {};
    }
    case 'railway':
      return /builder["']?\s*[:=]\s*["']?DOCKERFILE/i.test(text) ? {} : say('Railway builds it from source (Nixpacks)');
    case 'heroku':
      // heroku.yml builds a Docker image; app.json names buildpacks.
      return /^\s*build\s*:/m.test(text) && /\bdocker\s*:/.test(text) ? {} : say('Heroku buildpacks build it');
    case 'app-engine': {
      const runtime = /^runtime\s*:\s*["']?(\w+)/m.exec(text)?.[1];
      return runtime && runtime !== 'custom' ? say(`App Engine builds it with its ${runtime} runtime`) : {};
    }
    case 'aws-lambda':
      return /PackageType\s*:\s*Image|^\s*image\s*:\s*\S/m.test(text)
        ? {}
        : say(`${name} packages the functions from source`);
    case 'digitalocean-app':
      return /\b(dockerfile_path|image)\s*:/.test(text) ? {} : say('App Platform builds it with buildpacks');
    case 'elastic-beanstalk':
      return say('Elastic Beanstalk builds it on its language platform');
    case 'codedeploy':
      return say('CodeDeploy copies the revision onto the hosts, where the appspec hooks install and start it');
    case 'fly':
      return /^\s*\[build\][^[]*\b(builder|buildpacks)\s*=/m.test(text) ? say('Fly.io builds it with buildpacks') : {};
    case 'cloud-foundry':
      return /^\s*docker\s*:/m.test(text) ? {} : say('Cloud Foundry buildpacks build it from source');
    default:
      return PACKAGES_SOURCE.has(platform) ? say(`${name} builds and packages the code itself`) : {};
  }
}

/**
 * A build that publishes a documentation site, not the application. A folder named `site/` is also the published
 * output of many apps (Netlify `publish = "site"`): it is a documentation site only beside MkDocs (whose default output
 * it is) or when it holds the Markdown pages.
 */
const DOCS_BUILD =
  /(^|[\s/'"=])(docs?|website|documentation|book|storybook)(\/|$|['"\s])|mkdocs|docusaurus|sphinx|vitepress|docsify|storybook|hugo|jekyll|mdbook/i;
const SITE_FOLDER = /(^|[\s/'"=])site(\/|$|['"\s])/i;

/** Folders a build writes its output to: what a static host publishes, not a folder the repository keeps. */
const BUILD_OUTPUT =
  /^(dist|\.?build|out|output|\.output|public|www|_site|site|\.next|\.nuxt|\.svelte-kit|generated?)$/i;

/**
 * A static host's descriptor left behind by an app that moved or was removed: the folder it publishes
 * (firebase.json `hosting.public`, netlify.toml `build.publish` under `build.base`) sits in an app folder the repository
 * no longer has (`packages/old-web/dist` with no packages/old-web). It deploys nothing.
 */
function stalePublishFolder(repo: RepoIndex, file: string): boolean {
  const dir = path.posix.dirname(file);
  // Netlify reads `publish` under `base`; configurations also write it from the repository root: either may hold.
  const candidates: string[] = [];
  if (file.endsWith('netlify.toml')) {
    const build = obj(obj(toml(repo, file)).build);
    const base = typeof build.base === 'string' ? build.base.replace(/^\/+/, '') : '';
    if (base && !/[$]/.test(base) && !repo.hasDir(path.posix.normalize(path.posix.join(dir, base)))) return true;
    if (typeof build.publish === 'string') {
      const publish = build.publish.replace(/^\/+/, '');
      candidates.push(path.posix.join(base, publish), publish);
    }
  } else if (file.endsWith('firebase.json')) {
    const j = obj(repo.json(file));
    if (j.functions) return false;
    const hosting = Array.isArray(j.hosting) ? obj(j.hosting[0]) : obj(j.hosting);
    if (typeof hosting.public === 'string') candidates.push(hosting.public);
  }
  if (!candidates.length) return false;
  return candidates.every((publish) => {
    if (/[$]|\{/.test(publish)) return false;
    let folder = path.posix.normalize(path.posix.join(dir, publish));
    if (folder.startsWith('..') || repo.hasDir(folder)) return false;
    // The output folder itself is made by the build: the app folder that holds it must exist.
    while (folder !== '.' && BUILD_OUTPUT.test(path.posix.basename(folder))) folder = path.posix.dirname(folder);
    return folder !== '.' && !repo.hasDir(folder);
  });
}

/** A script that builds or serves only a preview catalogue: react-email's CLI, Storybook. */
const PREVIEW_ONLY =
  /^\s*(?:email\s+(?:build|export|start|dev|preview)|storybook\s+(?:build|dev)|build-storybook|start-storybook)\b/;

/** What a static host's descriptor or deploy command publishes: the service, a frontend build, or a docs site. */
function staticCovers(
  repo: RepoIndex,
  file: string,
  line: number | undefined,
  backendLanguage: boolean,
  command?: string,
): PlatformTarget['covers'] {
  if (/^(docs?|website|site|documentation)\//.test(file)) return 'docs';
  let where = '';
  // A deploy command names the folder it publishes; a descriptor names it in its fields.
  if (command !== undefined) where = command;
  else if (file.endsWith('netlify.toml')) {
    const build = obj(obj(toml(repo, file)).build);
    where = `${String(build.base ?? '')} ${String(build.publish ?? '')} ${String(build.command ?? '')}`;
  } else if (file.endsWith('vercel.json')) {
    const j = obj(repo.json(file));
    where = `${String(j.outputDirectory ?? '')} ${String(j.buildCommand ?? '')}`;
  } else if (file.endsWith('firebase.json')) {
    const hosting = obj(obj(repo.json(file)).hosting);
    if (obj(repo.json(file)).functions) return 'service';
    where = String(hosting.public ?? '');
  } else if (line) where = repo.lineText(file, line) ?? '';
  if (DOCS_BUILD.test(where)) return 'docs';
  // A folder whose own package only builds or serves a preview of templates or components (react-email's `email
  // build`, Storybook): the host publishes that catalogue, not a service.
  const scripts = obj(obj(repo.json(path.posix.join(path.posix.dirname(file), 'package.json'))).scripts);
  const runs = [scripts.build, scripts.start].filter((x): x is string => typeof x === 'string');
  if (runs.length && runs.every((x) => PREVIEW_ONLY.test(x))) return 'docs';
  if (SITE_FOLDER.test(where) && (repo.has('mkdocs.yml') || repo.glob('site/**/*.{md,mdx}').length > 0)) return 'docs';
  // Netlify, Vercel and Firebase run JavaScript functions; beside a Python/Go/Java/Ruby server they publish its frontend.
  return backendLanguage ? 'frontend' : 'service';
}

function toml(repo: RepoIndex, p: string): Record<string, unknown> | undefined {
  return repo.fileMemo('toml', p, () => {
    const t = repo.read(p);
    if (t === undefined) return undefined;
    try {
      return parseToml(t) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  });
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && /^\d+$/.test(v.trim())
      ? Number(v)
      : undefined;

/** Instances, autoscaling, deploy strategy and weak-evidence notes a descriptor itself states. */
function descriptorDetails(
  repo: RepoIndex,
  platform: PlatformId,
  file: string,
  text: string,
): Partial<Pick<PlatformTarget, 'instances' | 'strategy' | 'weak' | 'gitDeploys' | 'folder'>> {
  const lineOf = (re: RegExp): number => repo.grepFirst(re, { paths: [file] })?.line ?? 1;
  switch (platform) {
    case 'vercel':
    case 'netlify':
      return {
        gitDeploys: {
          line: 1,
          note: `${platform === 'vercel' ? 'Vercel' : 'Netlify'} deploys previews for branches and production from the production branch through its git integration`,
        },
      };
    case 'fly': {
      const t = obj(toml(repo, file));
      const svc = [obj(t.http_service), ...arr(t.services).map(obj)].find((x) => Object.keys(x).length) ?? {};
      const min = num(svc.min_machines_running);
      const strategy = obj(t.deploy).strategy;
      // Auto start and stop only wake and park the machines `fly scale count` made (two for a service by default):
      // min_machines_running is how many stay started, not how many run.
      const kept = min === undefined ? '' : `; min_machines_running = ${min} keeps ${min} started`;
      // A volume (`[mounts]`) belongs to one machine and is not replicated: fly deploy makes no second machine for a
      // process that mounts one, so the platform's default is one machine until `fly scale count` adds more.
      // A mount limited to other process groups (`processes = ["worker"]`) leaves the service's machines alone.
      const served = arr(svc.processes).length ? arr(svc.processes) : ['app'];
      const mounts = [t.mounts]
        .flat()
        .map(obj)
        .filter((m) => Object.keys(m).length > 0)
        .filter((m) => !arr(m.processes).length || arr(m.processes).some((x) => served.includes(x)));
      return {
        ...(min !== undefined && min > 1
          ? { instances: { count: min, line: lineOf(/min_machines_running/), note: `min_machines_running = ${min}` } }
          : Object.keys(svc).length && mounts.length
            ? {
                instances: {
                  platformDefault: true,
                  line: lineOf(/^[ \t]*\[{1,2}[ \t]*mounts[ \t]*\]/),
                  note: 'fly deploy gives a process with a volume ([mounts]) one machine: a volume is not replicated, so no second machine is made',
                },
              }
            : Object.keys(svc).length
              ? {
                  instances: {
                    count: 2,
                    platformDefault: true,
                    line: min === undefined ? 1 : lineOf(/min_machines_running/),
                    note: `fly deploy gives a service two machines by default${kept}`,
                  },
                }
              : {}),
        ...(typeof strategy === 'string' ? { strategy: { value: strategy, line: lineOf(/^\s*strategy\s*=/) } } : {}),
      };
    }
    case 'render': {
      const services = arr(obj(repo.yaml(file)).services).map(obj);
      const web = services.find((x) => x.type === 'web' || x.type === 'pserv') ?? {};
      const scaling = obj(web.scaling);
      const max = num(scaling.maxInstances);
      const count = num(web.numInstances);
      // Pushes deploy when a service of the blueprint (a web service, or a worker alone) leaves autoDeploy on.
      const pushed = services.find(
        (x) => !(x.autoDeploy === false || x.autoDeploy === 'false' || x.autoDeployTrigger === 'off'),
      );
      const gitDeploys = pushed
        ? {
            gitDeploys: {
              line: pushed.autoDeploy === undefined ? 1 : lineOf(/autoDeploy/),
              note: 'Render deploys on every push to the linked branch (autoDeploy)',
            },
          }
        : {};
      if (max !== undefined)
        return {
          ...gitDeploys,
          instances: {
            count: num(scaling.minInstances),
            autoscale: true,
            line: lineOf(/maxInstances/),
            note: `autoscaling ${num(scaling.minInstances) ?? 1}–${max} instances`,
          },
        };
      return {
        ...gitDeploys,
        ...(count !== undefined
          ? { instances: { count, line: lineOf(/numInstances/), note: `numInstances: ${count}` } }
          : {}),
      };
    }
    case 'railway': {
      const t = file.endsWith('.json') ? obj(repo.json(file)) : obj(toml(repo, file));
      const deploy = obj(t.deploy);
      // Replicas per region (`multiRegionConfig: { "us-west2": { numReplicas: 3 } }`) add up.
      const regions = Object.values(obj(deploy.multiRegionConfig))
        .map((r) => num(obj(r).numReplicas))
        .filter((x): x is number => x !== undefined);
      const n = num(deploy.numReplicas) ?? (regions.length ? regions.reduce((a, b) => a + b, 0) : undefined);
      const note =
        num(deploy.numReplicas) === undefined && regions.length
          ? `numReplicas ${n} over ${regions.length} region${regions.length > 1 ? 's' : ''} (multiRegionConfig)`
          : `numReplicas ${n}`;
      return {
        gitDeploys: { line: 1, note: 'Railway deploys on every push to the connected branch' },
        ...(n !== undefined ? { instances: { count: n, line: lineOf(/numReplicas/), note } } : {}),
      };
    }
    case 'app-engine': {
      const doc = obj(repo.yaml(file));
      const n = num(obj(doc.manual_scaling).instances);
      if (n !== undefined)
        return { instances: { count: n, line: lineOf(/^\s*instances\s*:/), note: `manual_scaling: ${n} instance(s)` } };
      if (doc.automatic_scaling || doc.basic_scaling)
        return {
          instances: {
            autoscale: true,
            line: lineOf(/(automatic|basic)_scaling/),
            note: doc.automatic_scaling ? 'automatic_scaling' : 'basic_scaling',
          },
        };
      return {
        instances: {
          autoscale: true,
          platformDefault: true,
          line: 1,
          note:
            doc.env === 'flex'
              ? 'the flexible environment scales automatically by default (at least 2 instances)'
              : 'the standard environment scales automatically by default',
        },
      };
    }
    case 'cloud-foundry': {
      const app = obj(arr(obj(repo.yaml(file)).applications)[0]);
      const n = num(app.instances);
      // `path:` is the folder cf pushes, relative to the manifest (`path: ../../src` from ops/manifests/).
      const folder =
        typeof app.path === 'string'
          ? path.posix.normalize(path.posix.join(path.posix.dirname(file), app.path)).replace(/\/$/, '')
          : '';
      return {
        ...(folder && folder !== '.' && repo.hasDir(folder) ? { folder } : {}),
        instances:
          n !== undefined
            ? { count: n, line: lineOf(/^\s*instances\s*:/), note: `instances: ${n}` }
            : (cfVarsInstances(repo, file, app.instances) ?? {
                platformDefault: true,
                line: 1,
                note: 'Cloud Foundry starts one instance unless instances is set',
              }),
      };
    }
    case 'digitalocean-app': {
      const doc = obj(repo.yaml(file));
      const spec = Object.keys(obj(doc.spec)).length ? obj(doc.spec) : doc;
      const svc = obj(arr(spec.services)[0]);
      const auto = obj(svc.autoscaling);
      const max = num(auto.max_instance_count);
      const n = num(svc.instance_count);
      const push = obj(svc.github).deploy_on_push ?? obj(svc.gitlab).deploy_on_push;
      const gitDeploys =
        push === true
          ? {
              gitDeploys: {
                line: lineOf(/deploy_on_push/),
                note: 'App Platform deploys on every push (deploy_on_push)',
              },
            }
          : {};
      if (max !== undefined)
        return {
          ...gitDeploys,
          instances: {
            count: num(auto.min_instance_count),
            autoscale: true,
            line: lineOf(/max_instance_count/),
            note: `autoscaling up to ${max} instances`,
          },
        };
      return n !== undefined
        ? { ...gitDeploys, instances: { count: n, line: lineOf(/instance_count/), note: `instance_count: ${n}` } }
        : gitDeploys;
    }
    case 'dokku': {
      const n = num(obj(obj(obj(repo.json(file)).formation).web).quantity);
      return n === undefined
        ? {}
        : {
            instances: {
              count: n,
              line: lineOf(/"quantity"/),
              note: `formation web quantity ${n} (Dokku scales the web process to it at deploy; \`dokku ps:scale\` on the host may change it)`,
              variable: 'dokku ps:scale',
            },
          };
    }
    case 'heroku': {
      if (!file.endsWith('app.json')) return {};
      const j = obj(repo.json(file));
      const n = num(obj(obj(j.formation).web).quantity);
      return {
        ...(n !== undefined
          ? {
              // app.json's formation sizes the apps created from it (review apps, Heroku Button deploys); the
              // production app keeps the dynos it is scaled to.
              instances: {
                count: n,
                line: lineOf(/"quantity"/),
                note: `formation web quantity ${n} (the size of apps created from app.json; the running app is scaled with heroku ps:scale)`,
                variable: 'heroku ps:scale',
              },
            }
          : {}),
        ...(j.repository || j.success_url || j.logo || j.website
          ? { weak: 'a deploy-button template: others deploy their own copy from it' }
          : {}),
      };
    }
    case 'aws-lambda':
      return /DeploymentPreference\s*:/.test(text)
        ? { strategy: { value: 'DeploymentPreference', line: lineOf(/DeploymentPreference\s*:/) } }
        : {};
    case 'kamal': {
      // A destination that lists no servers deploys to the base file's.
      const own = obj(repo.yaml(file)).servers;
      const inherited = own === undefined ? kamalInherited(repo, file, /^servers\s*:/) : undefined;
      const servers = inherited ? obj(repo.yaml(inherited.path)).servers : own;
      const hosts = Array.isArray(servers)
        ? servers.length
        : Object.values(obj(servers)).reduce<number>(
            (n, role) => n + (Array.isArray(role) ? role.length : arr(obj(role).hosts).length),
            0,
          );
      if (!hosts) return {};
      return inherited
        ? {
            instances: {
              count: hosts,
              path: inherited.path,
              line: inherited.line,
              note: `${hosts} host(s) listed in ${inherited.path}`,
            },
          }
        : { instances: { count: hosts, line: lineOf(/^servers\s*:/), note: `${hosts} host(s) listed` } };
    }
    default:
      return {};
  }
}

/** Compose files named for a Swarm stack. */
const STACK_COMPOSE_NAME = /(^|[./_-])(stack|swarm)([./_-]|$)/i;
/** `deploy:` keys only `docker stack deploy` reads (Compose ignores them; `replicas` and `resources` both honour). */
const SWARM_ONLY_DEPLOY_KEYS = ['placement', 'update_config', 'rollback_config', 'endpoint_mode'];

/**
 * Whether a compose file is a Swarm stack: named for one, using deploy keys only Swarm reads or an overlay network, or
 * deployed by `docker stack deploy -c <file>` somewhere in the repository. `deploy.replicas` alone is not: Compose
 * starts that many containers on its one host.
 */
function swarmStack(repo: RepoIndex, file: string, doc: Record<string, unknown>): boolean {
  if (STACK_COMPOSE_NAME.test(path.posix.basename(file))) return true;
  const services = Object.values(obj(doc.services)).map((x) => obj(obj(x).deploy));
  if (services.some((d) => SWARM_ONLY_DEPLOY_KEYS.some((k) => k in d) || d.mode === 'global')) return true;
  if (Object.values(obj(doc.networks)).some((n) => obj(n).driver === 'overlay')) return true;
  const name = path.posix.basename(file);
  return repo.grep(/\bdocker\s+stack\s+deploy\b/, { limit: 20 }).some((m) => m.text.includes(name));
}

/**
 * A compose file that is the production deployment: a Swarm stack's `deploy.replicas`, or a production-named file.
 * A file named for development or tests is neither.
 */
function composeTarget(
  repo: RepoIndex,
  file: string,
  composeServices: () => readonly ComposeService[],
): FoundTarget | undefined {
  if (DEV_COMPOSE.test(file)) return undefined;
  const doc = obj(repo.yaml(file));
  const services = obj(doc.services);
  // A count written, or the default of a variable the operator sets (`replicas: ${API_REPLICAS:-1}`).
  const counts = Object.values(services).map((x) => {
    const v = obj(obj(x).deploy).replicas;
    const fallback = typeof v === 'string' ? /^\s*\$\{(\w+):?-(\d+)\}\s*$/.exec(v) : null;
    return fallback ? { n: Number(fallback[2]), variable: fallback[1], raw: v } : { n: num(v), raw: v };
  });
  const found = counts.find((c) => c.n !== undefined);
  const replicas = found?.n;
  const variable = found?.variable;
  const replicaLines = repo.grep(/^\s*replicas\s*:/, { paths: [file], limit: 50 });
  const hit = replicaLines.find((h) => h.text.includes(String(found?.raw ?? '')));
  const line = hit?.line ?? 1;
  if (replicas !== undefined && swarmStack(repo, file, doc)) {
    // Each service's count: the `replicas:` line between its key and the next service's, or the service's key when
    // the count comes through a YAML alias (`deploy: *defaults`); Swarm runs one task where none is written.
    const keyLines = new Map(composeServices().flatMap((s) => (s.file === file ? [[s.name, s.line] as const] : [])));
    const keys = Object.keys(services).map((name) => ({ name, line: keyLines.get(name) }));
    const serviceInstances = keys.flatMap(({ name, line: at }, i) => {
      if (!at) return [];
      const c = counts[i]!;
      const next = keys.slice(i + 1).find((k) => k.line)?.line ?? Number.POSITIVE_INFINITY;
      const own = replicaLines.find((h) => h.line > at && h.line < next);
      const through = own ? '' : ' (through a YAML alias)';
      const instances: PlatformInstances =
        c.n !== undefined
          ? {
              count: c.n,
              line: own?.line ?? at,
              note: c.variable
                ? `${name}: deploy.replicas: ${c.n}${through} (the default of ${c.variable}; the operator may set another)`
                : `${name}: deploy.replicas: ${c.n}${through}`,
              ...(c.variable ? { variable: c.variable } : {}),
            }
          : { count: 1, line: at, note: `${name}: no deploy.replicas (Swarm runs one task)` };
      return [{ service: name, line: at, instances }];
    });
    return {
      platform: 'swarm',
      name: 'Docker Swarm stack',
      path: file,
      line,
      via: 'compose deploy.replicas',
      instances: {
        count: replicas,
        line,
        note: variable
          ? `deploy.replicas: ${replicas} (the default of ${variable}; the operator may set another)`
          : `deploy.replicas: ${replicas}`,
        ...(variable ? { variable } : {}),
      },
      ...(serviceInstances.length ? { serviceInstances } : {}),
    };
  }
  if (/(^|[./_-])(prod|production|live|deploy)([./_-]|$)/i.test(path.posix.basename(file)))
    return {
      platform: 'compose',
      name: 'Docker Compose (one host)',
      path: file,
      line: 1,
      via: 'production compose file',
    };
  return undefined;
}

/** Cloudflare Pages (a Pages project: static assets with Functions or a framework's _worker.js). */
const CLOUDFLARE_PAGES = {
  model: 'serverless' as PlatformModel,
  rollback:
    'every Pages deployment is kept and immutable; rolling back to an earlier production deployment in the dashboard (or the API) restores it',
  scaling: 'Pages serves assets from the CDN and runs Functions in Workers isolates that scale automatically',
};

/** A platform's model; `keepsNoRelease`: a deploy replaces what runs and keeps nothing to go back to. */
interface PlatformModelInfo {
  model: PlatformModel;
  rollback: string;
  scaling: string;
  keepsNoRelease?: true;
}

const MODEL: Record<PlatformId, PlatformModelInfo> = {
  kubernetes: {
    model: 'kubernetes',
    rollback:
      'Deployments keep earlier ReplicaSets (`kubectl rollout undo`); Helm keeps release history (`helm rollback`)',
    scaling: 'replicas, HorizontalPodAutoscaler or KEDA; Deployments roll out gradually by default',
  },
  heroku: {
    model: 'paas',
    rollback: 'every deploy is an immutable release; `heroku releases:rollback` returns to the previous one',
    scaling: 'dynos are scaled with `heroku ps:scale web=N` (autoscaling only on Performance dynos)',
  },
  dokku: {
    model: 'paas',
    rollback:
      'a deploy replaces the running container and Dokku keeps no releases to return to; an earlier image or commit must be deployed again (`dokku git:from-image <app> <earlier image>`)',
    scaling: 'processes are scaled on the host with `dokku ps:scale web=N` (app.json formation at deploy)',
    keepsNoRelease: true,
  },
  fly: {
    model: 'paas',
    rollback: 'each release keeps its image; `fly deploy --image <previous>` rolls back (`fly releases --image`)',
    scaling: 'machines per region (`fly scale count`, min_machines_running, auto start/stop)',
  },
  render: {
    model: 'paas',
    rollback: 'a previous deploy is redeployed from the dashboard or the API (rollback)',
    scaling: 'numInstances, or scaling.minInstances/maxInstances for autoscaling',
  },
  railway: {
    model: 'paas',
    rollback: 'an earlier deployment is redeployed (rollback) from the dashboard',
    scaling: 'deploy.numReplicas',
  },
  'app-engine': {
    model: 'paas',
    rollback: 'every deploy is a version; traffic is migrated back to a previous version',
    scaling: 'automatic scaling by default in the standard environment',
  },
  'cloud-run': {
    model: 'paas',
    rollback: 'every deploy is a revision; traffic is moved back to a previous revision',
    scaling: 'request-based autoscaling by default (min/max instances)',
  },
  'app-runner': {
    model: 'paas',
    rollback: 'a previous image or commit is redeployed',
    scaling: 'request-based autoscaling by default',
  },
  'azure-container-apps': {
    model: 'paas',
    rollback: 'every change is a revision; traffic is moved back to a previous revision (multiple revision mode)',
    scaling: 'min/max replicas with scale rules (HTTP concurrency by default)',
  },
  'elastic-beanstalk': {
    model: 'paas',
    rollback: 'application versions are kept; deploying a previous version rolls back',
    scaling: 'the environment Auto Scaling group (min/max instances)',
  },
  'azure-app-service': {
    model: 'paas',
    rollback: 'deployment slots are swapped back; earlier deployments can be redeployed',
    scaling: 'instance count and autoscale rules on the App Service plan',
  },
  'azure-spring-apps': {
    model: 'paas',
    rollback: 'a previous artifact is deployed again, or traffic is set back to a staging deployment (blue-green)',
    scaling: 'instance count and autoscale rules of the app',
  },
  'cloud-foundry': {
    model: 'paas',
    rollback:
      'each push stages a droplet; `cf rollback` (CLI 8) returns to an earlier revision, a rolling push keeps the old instances until the new ones are healthy',
    scaling: 'instances in the manifest or `cf scale -i N`; autoscaling through an App Autoscaler service',
  },
  'digitalocean-app': {
    model: 'paas',
    rollback: 'a previous deployment is rolled back to from the console or doctl',
    scaling: 'instance_count, or autoscaling min/max instance counts',
  },
  vercel: {
    model: 'serverless',
    rollback: 'deployments are immutable; Instant Rollback promotes a previous one',
    scaling: 'functions scale automatically per request',
  },
  netlify: {
    model: 'static',
    rollback: 'deploys are atomic and immutable; publishing a previous deploy rolls back',
    scaling: 'the CDN and functions scale automatically',
  },
  firebase: {
    model: 'static',
    rollback: 'releases are kept; `firebase hosting:rollback` or a previous release in the console',
    scaling: 'the CDN and functions scale automatically',
  },
  'azure-static-web-apps': {
    model: 'static',
    rollback: 'a deploy replaces the production site and keeps no earlier build; an earlier commit is deployed again',
    scaling: 'the CDN and its managed functions scale automatically',
    keepsNoRelease: true,
  },
  'cloud-functions': {
    model: 'serverless',
    rollback: 'a previous source or revision is redeployed',
    scaling: 'functions scale automatically per request',
  },
  'aws-lambda': {
    model: 'serverless',
    rollback: 'Lambda versions and aliases (`serverless rollback`, SAM DeploymentPreference with alarms)',
    scaling: 'Lambda scales by concurrency automatically (reserved/provisioned concurrency caps it)',
  },
  'supabase-functions': {
    model: 'serverless',
    rollback:
      'a function is rolled back by deploying its previous version again (`supabase functions deploy` from an earlier commit)',
    scaling: 'Supabase runs Edge Functions on demand and scales them automatically',
  },
  'azure-functions': {
    model: 'serverless',
    rollback: 'deployment slots are swapped back, or a previous package is redeployed',
    scaling: 'the Consumption/Premium plans scale functions automatically',
  },
  'cloudflare-workers': {
    model: 'serverless',
    rollback: 'versions are kept; `wrangler rollback` returns to a previous one',
    scaling: 'Workers scale automatically at the edge',
  },
  'deno-deploy': {
    model: 'serverless',
    rollback:
      'every deployment is kept and immutable; promoting an earlier deployment to production (dashboard or deployctl) rolls back',
    scaling: 'Deno Deploy starts isolates on demand in its regions and scales them automatically',
  },
  ecs: {
    model: 'container-service',
    rollback: 'task definition revisions; the deployment circuit breaker rolls back failed deployments when enabled',
    scaling: 'desiredCount and Application Auto Scaling on the service',
  },
  nomad: {
    model: 'container-service',
    rollback: 'job versions are kept; `nomad job revert`, auto_revert in the update stanza',
    scaling: 'group count, the Nomad autoscaler',
  },
  swarm: {
    model: 'container-service',
    rollback: '`docker service rollback`, update_config.failure_action: rollback',
    scaling: 'deploy.replicas per service',
  },
  kamal: {
    model: 'hosts',
    rollback: '`kamal rollback <version>` starts a previous image version kept on the hosts',
    scaling: 'the servers listed per role (one container per host)',
  },
  hatchbox: {
    model: 'paas',
    rollback: 'Hatchbox keeps earlier releases on the servers and can redeploy a previous commit',
    scaling: 'the servers attached to the cluster (one app process set per server)',
  },
  pm2: {
    model: 'hosts',
    keepsNoRelease: true,
    rollback: 'none built in: the script replaces the folder on the host; an earlier build must be copied back',
    scaling: 'the pm2 instances of the ecosystem file, on the one host the script copies to',
  },
  codedeploy: {
    model: 'hosts',
    rollback:
      'CodeDeploy keeps the revisions it deployed: deploying an earlier one, or its automatic rollback of a failed deployment when enabled, restores it',
    scaling: 'the EC2 instances or Auto Scaling groups of the deployment group',
  },
  capistrano: {
    model: 'hosts',
    rollback: 'releases are kept on the hosts; `cap <stage> deploy:rollback` switches back',
    scaling: 'the servers listed per role',
  },
  deployer: {
    model: 'hosts',
    rollback:
      'releases are kept on the hosts (keep_releases); `dep rollback` points `current` back at the previous one',
    scaling: 'the hosts the recipe lists, one release on each',
  },
  systemd: {
    model: 'hosts',
    keepsNoRelease: true,
    rollback: 'none built in: the previous package version must be installed again (`apt install <package>=<version>`)',
    scaling: 'the hosts the package is installed on (one service per host)',
  },
  compose: {
    model: 'compose',
    rollback: 'none built in: an earlier image tag must be set and the stack started again',
    scaling: 'one host; `docker compose up --scale` runs copies on the same host',
  },
};

/** What a descriptor itself says about HTTPS, when it says something. */
function httpsOf(repo: RepoIndex, platform: PlatformId, file: string, text: string): PlatformHttps | undefined {
  const lineOf = (re: RegExp): number | undefined => repo.grepFirst(re, { paths: [file] })?.line;
  if (platform === 'fly') {
    const on = lineOf(/^\s*force_https\s*=\s*true\b/);
    if (on) return { state: 'configured', note: 'fly.toml force_https = true redirects HTTP to HTTPS', line: on };
    return {
      state: 'optional',
      note: 'Fly.io serves HTTPS, but redirects plain HTTP only with force_https = true (not set)',
      line: lineOf(/^\s*force_https\s*=\s*false\b/),
    };
  }
  if (platform === 'app-engine') {
    const always = lineOf(/^\s*secure\s*:\s*always\b/);
    if (always)
      return { state: 'configured', note: 'app.yaml handlers use secure: always (HTTP redirected)', line: always };
    return {
      state: 'optional',
      note: 'App Engine serves HTTPS, but redirects HTTP only with secure: always in handlers',
    };
  }
  if (platform === 'kamal') {
    const ssl = lineOf(/^\s*ssl\s*:\s*true\b/);
    if (ssl) return { state: 'configured', note: 'Kamal proxy ssl: true (Let’s Encrypt, HTTP redirected)', line: ssl };
    // A destination that says nothing of ssl keeps the base file's setting, cited where the base file writes it.
    const base = kamalInherited(repo, file, /^\s*ssl\s*:/, /^\s*ssl\s*:\s*true\b/);
    if (base)
      return {
        state: 'configured',
        note: `Kamal proxy ssl: true in ${base.path} (Let’s Encrypt, HTTP redirected)`,
        line: base.line,
        file: base.path,
      };
    return { state: 'optional', note: 'Kamal proxy terminates TLS only with proxy.ssl: true (not set)' };
  }
  if (platform === 'vercel' || platform === 'netlify' || platform === 'render' || platform === 'firebase')
    return undefined;
  if (platform === 'heroku' && /"stack"|buildpacks|build\s*:/.test(text))
    return {
      state: 'optional',
      note: 'Heroku serves HTTPS but does not redirect plain HTTP; the application or a proxy must',
    };
  return undefined;
}

/** A Dockerfile that starts its own program (CMD or ENTRYPOINT). */
const startsProgram = (repo: RepoIndex, dockerfile: string): boolean =>
  /^\s*(?:CMD|ENTRYPOINT)\b/im.test(repo.read(dockerfile) ?? '');

const dockerfileBeside = (file: string): string => path.posix.join(path.posix.dirname(file), 'Dockerfile');

/**
 * A Dockerfile beside a file that starts its own program: the image is what deploys, and a Procfile without a release
 * phase next to it runs the processes on a developer's machine (foreman, overmind).
 */
function imageStartsBeside(repo: RepoIndex, file: string): boolean {
  return startsProgram(repo, dockerfileBeside(file));
}

/** An image CI or a script builds from a file's folder (`docker build -f ci/Dockerfile .`) that starts its own program. */
function builtImageStartsFrom(repo: RepoIndex, ci: CiFacts, file: string): boolean {
  const dir = path.posix.dirname(file);
  return imageBuildsOf(repo, ci).some(
    (b) => b.context === dir && startsProgram(repo, b.dockerfile ?? dockerfileBeside(file)),
  );
}

/** A Procfile a Dockerfile copies into its image by name (`COPY docker/nginx/Procfile .`). */
function copiedIntoImage(repo: RepoIndex, file: string): boolean {
  const name = escapeRegExp(path.posix.basename(file));
  const copy = new RegExp(`^\\s*(?:COPY|ADD)\\b[^\\n]*?(?:\\s|/)${name}(?:\\s|$)`, 'i');
  return repo
    .byName(/^(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.(?:dockerfile|containerfile)$/i)
    .some((d) => repo.lines(d.path).some((l) => copy.test(l)));
}
