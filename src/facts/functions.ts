import type { RepoIndex } from '../repo/index.js';
import type { Facts } from './index.js';

/**
 * Does the service run only as functions a platform invokes (AWS Lambda, Azure Functions, Cloudflare Workers, Vercel or
 * Netlify functions, Deno Deploy), with no server process, image or cluster of its own? Then the platform owns what a
 * long-running service does for itself: there is no SIGTERM to drain, no image to build, no orchestrator that routes by
 * readiness, and no probe that calls a health endpoint. Rules judge those checks as the platform makes sense of them
 * and state the platform's model in their evidence.
 *
 * Decided from the HTTP frameworks (function-style handlers, or a file-system framework built with a functions
 * adapter: SvelteKit adapter-vercel, Astro @astrojs/cloudflare, a Nuxt vercel preset, @vercel/remix …) and the
 * deployment targets (src/facts/platform.ts); any production Dockerfile, image builder, compose app service,
 * Kubernetes manifest or long-running platform target (Fly, Render, Heroku, ECS …) means the service has a process of
 * its own.
 */
export type FunctionPlatform =
  | 'aws-lambda'
  | 'azure-functions'
  | 'cloudflare-workers'
  | 'vercel'
  | 'netlify'
  | 'deno-deploy'
  | 'supabase-functions';

export interface FunctionHosting {
  only: boolean;
  platform?: FunctionPlatform;
  /** Display name: 'AWS Lambda', 'Cloudflare Workers'. */
  name?: string;
  /** The file (and line) that shows it, and how. */
  path?: string;
  line?: number;
  via?: string;
  /** `path:line (via)`, for n/a reasons and evidence notes. */
  where?: string;
  /** How the platform treats health (it probes nothing; what a health route is still for). */
  health?: string;
  /** What ends an invocation, instead of a SIGTERM drain. */
  shutdown?: string;
  /** What the platform runs instead of a container image. */
  packaging?: string;
}

const MODEL: Record<FunctionPlatform, { name: string; health: string; shutdown: string; packaging: string }> = {
  'aws-lambda': {
    name: 'AWS Lambda',
    health:
      'Lambda probes no health endpoint: API Gateway invokes the function per request and a failed invocation is an error response; a health route is what uptime monitors and post-deploy smoke tests call',
    shutdown:
      'Lambda freezes the execution environment between invocations and discards it without a SIGTERM drain for the handler (only extensions receive a Shutdown event); in-flight work ends with the invocation',
    packaging:
      'Lambda runs the deployment package (zip) the Serverless Framework, SAM or CDK builds; an image is optional',
  },
  'azure-functions': {
    name: 'Azure Functions',
    health:
      'Azure Functions probes no health endpoint of a function app on the Consumption plan (App Service health checks apply only on Premium and Dedicated plans): the host invokes a function per request; a health function is what uptime monitors and post-deploy smoke tests call',
    shutdown:
      "the Functions host starts and stops the worker itself and signals a stopping instance's invocations through the function's CancellationToken; there is no process of the project to drain on SIGTERM",
    packaging:
      'the functions deploy uploads the published package and the Functions host runs it; no container image is built',
  },
  'cloudflare-workers': {
    name: 'Cloudflare Workers',
    health:
      'Workers are not probed: each request runs in an isolate the platform schedules; a health route is what uptime monitors and post-deploy smoke tests call',
    shutdown:
      'a Worker isolate lives for its requests (ctx.waitUntil extends work past the response); there is no process to drain on SIGTERM',
    packaging: 'wrangler bundles and uploads the script; Workers run no container image',
  },
  vercel: {
    name: 'Vercel',
    health:
      'Vercel probes no health endpoint: functions run per request; a health route is what uptime monitors and post-deploy checks call',
    shutdown:
      'Vercel functions run per request (waitUntil extends work past the response); there is no server process to drain on SIGTERM',
    packaging: 'Vercel builds and deploys the functions from the repository; no container image is built',
  },
  netlify: {
    name: 'Netlify',
    health:
      'Netlify probes no health endpoint: functions run per request; a health route is what uptime monitors and post-deploy checks call',
    shutdown: 'Netlify functions run per request; there is no server process to drain on SIGTERM',
    packaging: 'Netlify builds and deploys the functions from the repository; no container image is built',
  },
  'deno-deploy': {
    name: 'Deno Deploy',
    health:
      'Deno Deploy probes no health endpoint: isolates start on demand per region; a health route is what uptime monitors call',
    shutdown:
      'Deno Deploy isolates are started and stopped by the platform; there is no process of the project to drain',
    packaging: 'deployctl uploads the module graph; Deno Deploy runs no container image',
  },
  'supabase-functions': {
    name: 'Supabase Edge Functions',
    health:
      'Supabase probes no health endpoint: each function runs per request in an edge isolate; a health function is what uptime monitors call',
    shutdown:
      'Supabase starts and stops Edge Function isolates itself (EdgeRuntime.waitUntil extends work past the response); there is no process to drain on SIGTERM',
    packaging: '`supabase functions deploy` bundles and uploads each function; no container image is built',
  },
};

/** A file-system framework's adapter or preset that builds it as functions. */
function adapterPlatform(adapter: string): FunctionPlatform | undefined {
  if (/vercel/.test(adapter)) return 'vercel';
  if (/netlify/.test(adapter)) return 'netlify';
  if (/cloudflare/.test(adapter)) return 'cloudflare-workers';
  if (/aws-lambda|lambda|sst|serverless/.test(adapter)) return 'aws-lambda';
  if (/deno-deploy/.test(adapter)) return 'deno-deploy';
  if (/supabase/.test(adapter)) return 'supabase-functions';
  return undefined;
}

const FUNCTION_FRAMEWORKS: Partial<Record<string, FunctionPlatform>> = {
  'aws-lambda': 'aws-lambda',
  'azure-functions': 'azure-functions',
  'cloudflare-workers': 'cloudflare-workers',
  'vercel-functions': 'vercel',
  'netlify-functions': 'netlify',
};

/** Deno Deploy: deployctl in CI or scripts, its GitHub action, or a deno.json deploy section. */
const DENO_DEPLOY = /\bdeployctl\s+deploy\b|\bdeno\s+deploy\b|denoland\/deployctl@|^\s*"deploy"\s*:\s*\{/m;

export function detectFunctionHosting(repo: RepoIndex, facts: Facts): FunctionHosting {
  const none: FunctionHosting = { only: false };
  // A service serving no HTTP runs only as functions too when a functions platform deploys it (timer and queue
  // triggers on Azure Functions, a Worker of cron triggers, a Lambda fed by a queue): found below from its targets.
  if (
    !facts.kind.servesHttp &&
    facts.kind.kind !== 'service' &&
    !facts.platform.service.some((t) => t.model === 'serverless' && !t.weak)
  )
    return none;
  // A process of the project's own.
  if (facts.dockerfiles.production.length || facts.dockerfiles.builder) return none;
  if (facts.compose.appServices.length || facts.k8s.any) return none;
  const platforms = facts.platform.service;
  const ownProcess = platforms.find(
    (t) => t.model !== 'serverless' && !(t.model === 'static' && t.platform === 'netlify'),
  );
  if (ownProcess) return none;

  type Found = { platform: FunctionPlatform; path: string; line?: number; via: string };
  const found: Found[] = [];
  let everyFrameworkFunctions = true;
  for (const fw of facts.frameworks.http) {
    const direct = FUNCTION_FRAMEWORKS[fw.name];
    const viaAdapter = fw.adapter ? adapterPlatform(fw.adapter) : undefined;
    const p = direct ?? viaAdapter;
    if (p)
      found.push({
        platform: p,
        path: fw.path,
        line: fw.line,
        via: direct
          ? (fw.excerpt ?? `${fw.name} handlers`)
          : p === 'supabase-functions'
            ? (fw.excerpt ?? 'Supabase Edge Functions')
            : `${fw.name} built with ${fw.adapter}`,
      });
    else if (fw.name !== 'trpc') everyFrameworkFunctions = false;
  }
  // The application framework (Hono, Next.js, Elysia …) is deployed by a functions platform the repository names.
  for (const t of platforms) {
    const p: FunctionPlatform | undefined =
      t.platform === 'aws-lambda' ||
      t.platform === 'azure-functions' ||
      t.platform === 'cloudflare-workers' ||
      t.platform === 'vercel' ||
      t.platform === 'deno-deploy'
        ? t.platform
        : t.platform === 'netlify'
          ? 'netlify'
          : undefined;
    if (p && !t.weak) found.push({ platform: p, path: t.path, line: t.line, via: t.via });
  }
  const denoDeploy = facts.frameworks.has('deno')
    ? repo.grepFirst(DENO_DEPLOY, { include: ['**/*.{yml,yaml,json,jsonc,sh}', '**/package.json', '**/deno.json*'] })
    : undefined;
  if (denoDeploy && !found.some((f) => f.platform === 'deno-deploy'))
    found.push({ platform: 'deno-deploy', path: denoDeploy.path, line: denoDeploy.line, via: 'deployctl' });
  if (!found.length) return none;
  // Frameworks that run their own server (Express, NestJS …) need a platform target that deploys them as functions.
  // Deno Deploy runs whatever the module serves (Deno.serve, Hono, Oak) in its isolates: a platform target too.
  if (
    !everyFrameworkFunctions &&
    !found.some((f) => f.platform === 'deno-deploy' || platforms.some((t) => t.path === f.path))
  )
    return none;
  const first = found[0]!;
  const model = MODEL[first.platform];
  return {
    only: true,
    platform: first.platform,
    name: model.name,
    path: first.path,
    ...(first.line ? { line: first.line } : {}),
    via: first.via,
    // Said in a reason, so named as in the repository (a component's view names a root workflow `../../.github/…`).
    where: `${repo.toRepo(first.path)}${first.line ? `:${first.line}` : ''} (${first.via})`,
    health: model.health,
    shutdown: model.shutdown,
    packaging: model.packaging,
  };
}
