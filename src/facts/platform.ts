import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import type { CiFacts } from './ci.js';
import type { K8sFacts } from './k8s.js';
import type { ManifestFacts } from './manifests.js';

/**
 * Where the project is deployed, as far as the repository says: platform descriptors (fly.toml, render.yaml,
 * vercel.json, serverless.yml, a SAM template, wrangler.toml, app.yaml ...), deploy commands in CI and scripts, and
 * Kubernetes manifests. Each target says whether it runs the code as functions (serverless: a connection per
 * invocation, no long-lived process) and what the platform does about HTTPS by default.
 */
export type PlatformId =
  | 'kubernetes'
  | 'fly'
  | 'render'
  | 'railway'
  | 'heroku'
  | 'vercel'
  | 'netlify'
  | 'app-engine'
  | 'cloud-run'
  | 'cloud-functions'
  | 'aws-lambda'
  | 'app-runner'
  | 'elastic-beanstalk'
  | 'ecs'
  | 'azure-app-service'
  | 'azure-functions'
  | 'cloudflare-workers'
  | 'firebase'
  | 'digitalocean-app'
  | 'kamal'
  | 'nomad';

export interface PlatformHttps {
  /**
   * default: the platform serves HTTPS and redirects HTTP on its own; configured: the descriptor turns it on;
   * optional: HTTPS is served but plain HTTP is not redirected unless configured (or it is turned off).
   */
  state: 'default' | 'configured' | 'optional';
  note: string;
  /** The line that configures it, when `configured` or explicitly off. */
  line?: number;
}

export interface PlatformTarget {
  platform: PlatformId;
  /** Display name: 'Fly.io', 'AWS Lambda (Serverless Framework)'. */
  name: string;
  path: string;
  line?: number;
  /** How it was recognised: 'fly.toml', 'deploy command in CI'. */
  via: string;
  /** The code runs as functions (a process per invocation or per burst), not as a long-running server. */
  serverless: boolean;
  https?: PlatformHttps;
}

export interface PlatformFacts {
  targets: PlatformTarget[];
  any: boolean;
  /** Some target runs the code as functions. */
  serverless: boolean;
  byPlatform(id: PlatformId): PlatformTarget | undefined;
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
  'cloudflare-workers': 'Cloudflare terminates TLS at the edge for workers.dev and proxied routes (platform default)',
  firebase: 'Firebase Hosting serves HTTPS only and redirects HTTP (platform default)',
  'digitalocean-app': 'App Platform serves HTTPS and redirects HTTP (platform default)',
  'azure-functions': 'Azure Functions are served over HTTPS; plain HTTP is accepted unless httpsOnly is set',
};

const SERVERLESS = new Set<PlatformId>([
  'vercel',
  'netlify',
  'aws-lambda',
  'cloud-functions',
  'azure-functions',
  'cloudflare-workers',
]);

interface Descriptor {
  platform: PlatformId;
  name: string;
  file: RegExp;
  /** The file must contain this (app.yaml is also a common name for other things). */
  content?: RegExp;
}

const DESCRIPTORS: Descriptor[] = [
  { platform: 'fly', name: 'Fly.io', file: /(^|\/)fly(\.[\w-]+)?\.toml$/ },
  { platform: 'render', name: 'Render', file: /(^|\/)render\.ya?ml$/, content: /^\s*services\s*:/m },
  { platform: 'railway', name: 'Railway', file: /(^|\/)railway\.(json|toml)$/ },
  { platform: 'heroku', name: 'Heroku', file: /(^|\/)heroku\.yml$/ },
  { platform: 'heroku', name: 'Heroku', file: /(^|\/)app\.json$/, content: /"(buildpacks|stack|formation)"\s*:/ },
  { platform: 'vercel', name: 'Vercel', file: /(^|\/)(vercel\.json|\.vercelignore)$/ },
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
  { platform: 'cloudflare-workers', name: 'Cloudflare Workers', file: /(^|\/)wrangler\.(toml|json|jsonc)$/ },
  { platform: 'firebase', name: 'Firebase', file: /(^|\/)firebase\.json$/, content: /"(hosting|functions)"\s*:/ },
  {
    platform: 'digitalocean-app',
    name: 'DigitalOcean App Platform',
    file: /(^|\/)\.do\/(app|deploy\.template)\.ya?ml$/,
  },
  { platform: 'kamal', name: 'Kamal', file: /(^|\/)config\/deploy(\.[\w-]+)?\.yml$/, content: /^service\s*:/m },
  { platform: 'nomad', name: 'Nomad', file: /\.nomad(\.hcl)?$/ },
];

/** Deploy commands in CI steps and scripts. */
const COMMANDS: [RegExp, PlatformId, string][] = [
  [/\b(?:fly|flyctl)\s+deploy\b/, 'fly', 'Fly.io'],
  [/\bgcloud\s+(?:beta\s+)?run\s+(?:deploy|services\s+replace)\b/, 'cloud-run', 'Cloud Run'],
  [/\bgcloud\s+(?:beta\s+)?functions\s+deploy\b/, 'cloud-functions', 'Google Cloud Functions'],
  [/\bgcloud\s+app\s+deploy\b/, 'app-engine', 'Google App Engine'],
  [/\b(?:serverless|sls)\s+deploy\b/, 'aws-lambda', 'AWS Lambda (Serverless Framework)'],
  [/\bsam\s+deploy\b/, 'aws-lambda', 'AWS Lambda (SAM)'],
  [/\baws\s+lambda\s+update-function-code\b/, 'aws-lambda', 'AWS Lambda'],
  [/\bvercel\s+(?:deploy\b|--prod\b|build\b)/, 'vercel', 'Vercel'],
  [/\bnetlify\s+deploy\b/, 'netlify', 'Netlify'],
  [/\brailway\s+up\b/, 'railway', 'Railway'],
  [/\bgit\s+push\s+(?:-f\s+)?heroku\b|\bheroku\s+container:release\b/, 'heroku', 'Heroku'],
  [/\baws\s+ecs\s+update-service\b/, 'ecs', 'Amazon ECS'],
  [/\beb\s+deploy\b/, 'elastic-beanstalk', 'AWS Elastic Beanstalk'],
  [/\baz\s+webapp\s+(?:up|deploy|create)\b/, 'azure-app-service', 'Azure App Service'],
  [/\baz\s+functionapp\b|\bfunc\s+azure\s+functionapp\s+publish\b/, 'azure-functions', 'Azure Functions'],
  [/\bwrangler\s+(?:deploy|publish)\b/, 'cloudflare-workers', 'Cloudflare Workers'],
  [/\bfirebase\s+deploy\b/, 'firebase', 'Firebase'],
  [/\bkamal\s+deploy\b/, 'kamal', 'Kamal'],
];

/** GitHub Actions that deploy to a platform. */
const ACTIONS: [RegExp, PlatformId, string][] = [
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
  [/^cloudflare\/wrangler-action/, 'cloudflare-workers', 'Cloudflare Workers'],
  [/^FirebaseExtended\/action-hosting-deploy/, 'firebase', 'Firebase'],
  [/^serverless\/github-action/, 'aws-lambda', 'AWS Lambda (Serverless Framework)'],
];

const SCRIPT_FILES = /(^|\/)(Makefile|[\w.-]+\.sh|package\.json|justfile|Taskfile\.ya?ml)$/;

/** Lambda functions declared in infrastructure code (CDK, Terraform, Pulumi). */
const LAMBDA_IAC =
  /\bresource\s+"aws_lambda_function"|\bnew\s+(?:lambda\.|aws_lambda\.)?(?:Function|NodejsFunction|PythonFunction|DockerImageFunction)\s*\(\s*this\b|\baws\.lambda\.Function\s*\(/;

export function detectPlatform(
  repo: RepoIndex,
  facts: { ci: CiFacts; k8s: K8sFacts; manifests: ManifestFacts },
): PlatformFacts {
  const targets: PlatformTarget[] = [];
  const add = (t: Omit<PlatformTarget, 'serverless' | 'https'> & { https?: PlatformHttps }): void => {
    if (targets.some((x) => x.platform === t.platform && x.path === t.path)) return;
    const note = HTTPS_DEFAULT[t.platform];
    targets.push({
      ...t,
      serverless: SERVERLESS.has(t.platform),
      https: t.https ?? (note ? { state: 'default', note } : undefined),
    });
  };
  for (const f of repo.files) {
    if (f.isTest || f.tooLarge) continue;
    for (const d of DESCRIPTORS) {
      if (!d.file.test(f.path)) continue;
      const text = repo.read(f.path) ?? '';
      if (d.content && !d.content.test(text)) continue;
      const via = path.posix.basename(f.path);
      add({ platform: d.platform, name: d.name, path: f.path, via, https: httpsOf(repo, d.platform, f.path, text) });
    }
    if (/(^|\/)Procfile$/.test(f.path)) {
      const web = repo.grepFirst(/^web\s*:/, { paths: [f.path] });
      if (web)
        add({
          platform: 'heroku',
          name: 'Heroku-style Procfile',
          path: f.path,
          line: web.line,
          via: 'Procfile web process',
          https: {
            state: 'optional',
            note: 'Heroku serves HTTPS but does not redirect plain HTTP; the application or a proxy must',
          },
        });
    }
  }
  // Deploy commands in CI and scripts.
  for (const step of facts.ci.steps) {
    if (step.state === 'disabled') continue;
    for (const [re, platform, name] of COMMANDS) {
      if (step.run && re.test(step.run))
        add({ platform, name, path: step.path, line: step.line, via: 'CI deploy step' });
    }
    for (const [re, platform, name] of ACTIONS) {
      if (step.uses && re.test(step.uses))
        add({ platform, name, path: step.path, line: step.line, via: `CI action ${step.uses}` });
    }
  }
  for (const f of repo.files) {
    if (!SCRIPT_FILES.test(f.path) || f.isTest) continue;
    for (const [re, platform, name] of COMMANDS) {
      const hit = repo.grepFirst(re, { paths: [f.path] });
      if (hit) add({ platform, name, path: f.path, line: hit.line, via: 'deploy command' });
    }
  }
  const iac = repo.grepFirst(LAMBDA_IAC, {
    include: ['**/*.tf', '**/*.ts', '**/*.js', '**/*.py', '**/*.go', '**/*.java'],
    kinds: ['source', 'config', 'other'],
  });
  if (iac && !repo.get(iac.path)?.isTest)
    add({ platform: 'aws-lambda', name: 'AWS Lambda', path: iac.path, line: iac.line, via: 'Lambda function in IaC' });
  if (facts.k8s.any) {
    const first = facts.k8s.workloads[0];
    add({
      platform: 'kubernetes',
      name: 'Kubernetes',
      path: first?.file ?? facts.k8s.manifests[0] ?? facts.k8s.charts[0]?.path ?? facts.k8s.kustomizations[0]!,
      line: first?.line,
      via: 'Kubernetes manifests',
    });
  }
  targets.sort((a, b) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0));
  return {
    targets,
    any: targets.length > 0,
    serverless: targets.some((t) => t.serverless),
    byPlatform: (id) => targets.find((t) => t.platform === id),
  };
}

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
