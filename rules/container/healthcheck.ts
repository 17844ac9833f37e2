import { defineRule } from '../../src/sdk/index.js';
import type { Evidence, RuleContext } from '../../src/sdk/types.js';
import { effectiveInstruction } from '../../src/sdk/index.js';
import { isBatchWorkload, isDevComposeFile, isTestComposeFile } from '../../src/sdk/index.js';

/** Sidecars that proxy or ship telemetry for the app container: their health is not the service's. */
const SIDECAR_IMAGE =
  /(?:^|\/)(?:cloud-sql-proxy|cloudsql-proxy|gce-proxy|istio|proxyv2|envoy|linkerd|oauth2-proxy|otel|opentelemetry-collector|fluent-?bit|fluentd|vector|datadog\/agent|vault)(?:[:@/-]|$)/;

/** A cron daemon in the foreground (cron -f, crond -f, busybox crond, supercronic, go-crond): a schedule, no server. */
const CRON_DAEMON = /(?:^|[\s"'[,/])(?:cron|crond|supercronic|go-crond)["']?\s*(?:,\s*)?(?:["']?-[fn]\b|["']?\/|\]|$)/;

/** Folders of documentation and examples. */
const EXAMPLE_DIR = /(^|\/)(docs?|documentation|examples?|samples?)\//i;

/** Lambda container images: the function runtime, not a server a platform probes. */
const LAMBDA_BASE = /(?:^|\/)(?:lambda\/|aws-lambda-)/;

/** A compose service running its own command once (`restart: "no"` or on-failure): a migration, a fix-up, a seeder. */
function oneShotTask(s: { command?: unknown; entrypoint?: unknown; restart?: { value: string } }): boolean {
  return !!(s.command || s.entrypoint) && /^["']?(?:no|on-failure(?::\d+)?)["']?$/.test(s.restart?.value ?? '');
}

export default defineRule({
  meta: {
    id: 'container.healthcheck',
    category: 'container',
    title: 'The container declares a health check',
    severity: 'medium',
    level: 2,
    scope: 'component',
    requires: ['container'],
    docs: {
      why: 'Without a health check the runtime only knows whether the process exists, not whether it answers: a hung server keeps receiving traffic and is never restarted.',
      how:
        'Every production image must be covered: a HEALTHCHECK in the final stage of its Dockerfile (inherited through FROM <earlier stage>), or a `healthcheck:` on the compose service that builds it; compose app services that only pull the project image need their own; a compose service that builds a development image (Dockerfile.dev, or an image nothing pushes beside a Deployer recipe) checks the developers’ container and is not counted. ' +
        '`HEALTHCHECK NONE` or a compose `disable: true` / `test: ["NONE"]` is a gap. Kubernetes ignores Docker HEALTHCHECK, so liveness/readiness probes on Kubernetes workloads cover the images with low confidence when every serving container (sidecar proxies and telemetry agents aside) has one; a serving container without a probe leaves its image unchecked (low-confidence gap; deploy.k8s-probes judges the probes themselves). ' +
        'A PaaS, ECS, Nomad or Kamal ignores Docker HEALTHCHECK too and checks the service itself: the health check its descriptor configures (render.yaml healthCheckPath, fly.toml checks, railway healthcheckPath, App Platform health_check, a Cloud Run liveness/startup probe, App Engine liveness_check, an ECS task-definition healthCheck, Azure Container Apps probes in Terraform or Bicep, a Nomad check, Kamal healthcheck) covers the images. ' +
        'n/a for a component deployed as functions (Lambda, also from an image): the platform invokes a handler per request and probes no container; n/a for a command-line image or a one-shot job (a migrator, a seeder, a Kubernetes Job), which runs to completion with no server to probe. ' +
        'n/a for a library whose only Dockerfile starts nothing of its own (no CMD or ENTRYPOINT on a runtime image: the package installed to try it in): it ships no service image.',
      fix: [
        'Add `HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8000/healthz || exit 1` (or a small probe binary for distroless images) to the final stage.',
        'Or give the app service in docker-compose.yml a `healthcheck:` with the same command.',
      ],
      fixFor: {
        kubernetes: [
          'Kubernetes ignores a Dockerfile HEALTHCHECK: give every serving container of the Deployment (or chart template) a `livenessProbe` (httpGet on a cheap /healthz) and a `readinessProbe` (a route that checks its dependencies).',
        ],
        paas: [
          'Configure the platform\'s own health check (a PaaS ignores a Dockerfile HEALTHCHECK): render.yaml `healthCheckPath: /healthz`, fly.toml `[[http_service.checks]]` with `path = "/healthz"`, railway.json `deploy.healthcheckPath`, App Platform `health_check: {http_path: /healthz}`, a Cloud Run `livenessProbe`/`startupProbe` with an httpGet path in service.yaml, App Engine flexible `liveness_check`.',
          'Heroku checks nothing but the process: point an uptime monitor at /healthz.',
        ],
        'container-service': [
          'ECS: add a `healthCheck` (`["CMD-SHELL", "curl -fsS http://localhost:8000/healthz || exit 1"]`) to the container definition of the task definition (ECS does not read the Dockerfile HEALTHCHECK) and a health-check path on the target group.',
          'Nomad: add a `check { type = "http" path = "/healthz" interval = "10s" timeout = "2s" }` to the job\'s service block.',
          "Docker Swarm: a Dockerfile `HEALTHCHECK` or the stack file's `healthcheck:` is honoured.",
        ],
        vm: [
          'Kamal: set the health check path (Kamal 2: `proxy: {healthcheck: {path: /up}}`) so a new container takes traffic only once it answers.',
          'Containers run with `docker run` on the hosts: add `HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8000/healthz || exit 1` to the final stage so `docker ps` and restart policies see it.',
          "A package installed on the hosts and run by systemd: set `Restart=on-failure` in the unit (with `WatchdogSec=` where the program notifies systemd) and point the load balancer's health check at the service.",
        ],
      },
      effort: 'S',
      links: [
        'https://docs.docker.com/reference/dockerfile/#healthcheck',
        'https://docs.docker.com/reference/compose-file/services/#healthcheck',
      ],
    },
    messages: {
      missing: 'No health check for {{units}}.',
      disabled: 'The health check is switched off ({{where}}).',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['docker healthcheck', 'container health check', 'healthcheck instruction', 'health check configuration'],
  },
  check(ctx) {
    // Functions only: a component that also builds a production image (a self-hosted Docker release) is judged on it.
    const serverImage = ctx.facts.dockerfiles.production.some(
      (df) => !LAMBDA_BASE.test(df.stages[df.stages.length - 1]?.from.image ?? ''),
    );
    if (ctx.component?.target === 'serverless' && !serverImage) {
      const fn = ctx.facts.platform.service.find((t) => t.model === 'serverless');
      return ctx.na(
        `the component is deployed as functions${fn ? ` on ${fn.name} (${ctx.repo.toRepo(fn.path)})` : ''}: the platform invokes a handler per request and probes no container`,
      );
    }
    // A command-line image or a one-shot job runs to completion: there is no server to answer a health probe.
    const kind = ctx.facts.kind;
    if (kind.kind === 'cli' && !kind.longRunning)
      return ctx.na(`${kind.reason}: it runs to completion and exits, with no server for a health check to probe`);
    const compose = ctx.facts.compose;
    const evidence: Evidence[] = [];
    const uncovered: Evidence[] = [];
    const disabled: Evidence[] = [];
    const units: string[] = [];
    const cronImages: string[] = [];
    // An image that starts nothing of its own (no CMD or ENTRYPOINT: a sandbox's root file system, a base other images
    // build on) beside one that starts the service is no server to probe.
    const starts = (df: (typeof ctx.facts.dockerfiles.production)[number]) =>
      Boolean(effectiveInstruction(df, 'CMD') || effectiveInstruction(df, 'ENTRYPOINT'));
    const serverImages = ctx.facts.dockerfiles.production.filter(starts);
    const ownNames = ownImageNames(ctx);
    for (const df of ctx.facts.dockerfiles.production) {
      // A test stack's healthcheck (the runner waits on it) covers the image only when nothing else builds it.
      // A service another compose file of its folder builds (an override file) is this image's service too.
      const builders = compose.services.filter(
        (s) => s.build?.dockerfile === df.path || s.builtBy?.dockerfile === df.path,
      );
      if (serverImages.length && !starts(df) && !builders.some((s) => s.command || s.entrypoint)) continue;
      const shipped = builders.filter((s) => !isTestComposeFile(s.file));
      // A one-shot task built from the image (a migrator that `migrate:status` checks) is not the server's check.
      const svcHc = (shipped.length ? shipped : builders).filter((s) => s.healthcheck && !oneShotTask(s));
      const eff = effectiveInstruction(df, 'HEALTHCHECK');
      const liveSvc = svcHc.find((s) => !s.healthcheck!.disabled);
      if (liveSvc) {
        evidence.push(
          ctx.at(liveSvc.file, liveSvc.healthcheck!.line, `compose healthcheck for service ${liveSvc.name}`),
        );
        continue;
      }
      const offSvc = svcHc.find((s) => s.healthcheck!.disabled);
      if (offSvc) {
        disabled.push(
          ctx.at(offSvc.file, offSvc.healthcheck!.line, `compose disables the healthcheck of ${offSvc.name}`),
        );
        continue;
      }
      if (eff && /^NONE\b/i.test(eff.ins.args.trim())) {
        disabled.push(ctx.at(df.path, eff.ins.line, 'HEALTHCHECK NONE disables any inherited health check'));
        continue;
      }
      if (eff) {
        evidence.push(ctx.at(df.path, eff.ins.line, 'HEALTHCHECK in the final stage'));
        continue;
      }
      // The one production image, published and run by a compose service that pulls it (`image: acme/shop`, or an
      // image named as the project publishes it) with its own healthcheck: the check travels with the service, not
      // the Dockerfile.
      const runner =
        ctx.facts.dockerfiles.production.length === 1
          ? compose.services.find(
              (s) =>
                !s.build &&
                s.image &&
                s.healthcheck &&
                !s.healthcheck.disabled &&
                (s.role === 'app' || ownNames.includes(imageName(s.image))),
            )
          : undefined;
      if (runner) {
        evidence.push(
          ctx.at(
            runner.file,
            runner.healthcheck!.line,
            `compose service ${runner.name} runs this project's image (${runner.image}) with a healthcheck`,
          ),
        );
        continue;
      }
      // A cron daemon's image (a backup or cleanup schedule beside the app: `CMD ["cron", "-f"]`) serves nothing to probe.
      const start = [effectiveInstruction(df, 'ENTRYPOINT'), effectiveInstruction(df, 'CMD')]
        .map((e) => e?.ins.args ?? '')
        .join(' ');
      if (CRON_DAEMON.test(start)) {
        cronImages.push(df.path);
        continue;
      }
      units.push(df.path);
      uncovered.push(ctx.at(df.path, df.finalStage?.line, 'final stage has no HEALTHCHECK'));
    }
    // The project's own image, published from a Dockerfile that declares HEALTHCHECK, keeps it under compose.
    const ownImage = ownImageHealthcheck(ctx, ownNames);
    const prodPaths = new Set(ctx.facts.dockerfiles.production.map((d) => d.path));
    const devPaths = new Set(ctx.facts.dockerfiles.all.filter((d) => d.devOnly).map((d) => d.path));
    const examples: typeof compose.appServices = [];
    const otherProgram: Evidence[] = [];
    for (const s of compose.appServices.filter(
      (x) => !(x.build ?? x.builtBy) || !prodPaths.has((x.build ?? x.builtBy)!.dockerfile),
    )) {
      // A service that builds a development image checks the developers' container, not the one deployed.
      if (s.build && devPaths.has(s.build.dockerfile)) continue;
      if (s.healthcheck && !s.healthcheck.disabled) {
        if (!evidence.some((e) => e.path === s.file && e.line === s.healthcheck!.line))
          evidence.push(ctx.at(s.file, s.healthcheck.line, `compose healthcheck for service ${s.name}`));
      } else if (s.healthcheck) {
        const off = ctx.at(s.file, s.healthcheck.line, `compose disables the healthcheck of ${s.name}`);
        // A service that runs another program from the image (a docs server, an asset watcher: its own command or
        // entrypoint) switches off the probe of a server it does not run.
        if (s.command || s.entrypoint) otherProgram.push(off);
        else disabled.push(off);
      }
      // A service that builds a development image (Dockerfile.dev) is not the production container; a test or CI
      // stack (`.github/docker-compose.integration.yml` pointing the services at the image under test) is no deployment.
      else if (s.build || isTestComposeFile(s.file)) continue;
      // A one-shot task run from the image (`restart: "no"` with its own command: a permission fix-up, a migration)
      // exits when done: there is no server to probe.
      else if (oneShotTask(s)) continue;
      else if (ownImage && s.image && ownImage.names.some((n) => imageName(s.image!) === n))
        evidence.push(
          ctx.at(
            ownImage.path,
            ownImage.line,
            `compose service ${s.name} runs this project's image, whose Dockerfile declares HEALTHCHECK`,
          ),
        );
      else if (EXAMPLE_DIR.test(s.file)) examples.push(s);
      else {
        units.push(`compose service ${s.name}`);
        uncovered.push(ctx.at(s.file, s.line, `service ${s.name} has no healthcheck`));
      }
    }
    // A compose file kept with the documentation (a NAS or hosting example) is a variant of the deployment: it needs
    // its own healthcheck only when nothing else the project runs has one.
    // The schedule's image is set aside only beside a checked server; alone it is the image to judge.
    if (!evidence.length)
      for (const p of cronImages) {
        const df = ctx.facts.dockerfiles.production.find((d) => d.path === p)!;
        units.push(p);
        uncovered.push(ctx.at(p, df.finalStage?.line, 'final stage has no HEALTHCHECK'));
      }
    if (!evidence.length || uncovered.length)
      for (const s of examples) {
        units.push(`compose service ${s.name}`);
        uncovered.push(ctx.at(s.file, s.line, `service ${s.name} has no healthcheck`));
      }
    if (!ctx.facts.dockerfiles.production.length && !compose.appServices.length && ctx.facts.dockerfiles.builder) {
      const b = ctx.facts.dockerfiles.builder;
      units.push(`the image built by ${b.builder}`);
      uncovered.push(ctx.at(b.path, b.line, `image built by ${b.builder}, no health check configured`));
    }
    // Switched off only for services that run something else: a gap only when nothing else has a health check.
    if (!evidence.length) disabled.push(...otherProgram);
    if (disabled.length)
      return ctx.gap('disabled', [...disabled, ...uncovered], {
        data: { where: disabled.map((d) => `${d.path}:${d.line}`).join(', ') },
      });
    // A platform that runs the image itself (a PaaS, ECS, Nomad, Kamal) checks it with the health check its descriptor
    // configures, whatever the Dockerfile says.
    // A Kamal destination that keeps its base file's health check cites the base's line: one citation per line.
    const platformChecks = ctx.facts.platform.service
      .filter((t) => t.healthCheck && !t.weak)
      .filter(
        (t, i, all) =>
          all.findIndex(
            (u) =>
              (u.healthCheck!.file ?? u.path) === (t.healthCheck!.file ?? t.path) &&
              u.healthCheck!.line === t.healthCheck!.line,
          ) === i,
      );
    if ((uncovered.length || disabled.length) && platformChecks.length)
      return ctx.pass(
        [
          ...evidence,
          ...platformChecks.map((t) =>
            ctx.at(t.healthCheck!.file ?? t.path, t.healthCheck!.line, `${t.name}: ${t.healthCheck!.note}`),
          ),
        ],
        // A TCP connect check sees a listening port, not a hung application.
        platformChecks.every((t) => t.healthCheck!.tcpOnly) ? { confidence: 'low' } : {},
      );
    if (uncovered.length) {
      // Probes stand in for HEALTHCHECK only when every serving container has one (sidecar proxies aside).
      const serving = ctx.facts.k8s.workloads.flatMap((w) =>
        isBatchWorkload(w)
          ? []
          : w.containers.filter((c) => !c.init && !SIDECAR_IMAGE.test(c.image?.ref ?? '')).map((c) => ({ w, c })),
      );
      const probes = serving.filter(({ c }) => c.liveness.present || c.readiness.present);
      const unprobed = serving.filter(({ c }) => !c.liveness.present && !c.readiness.present);
      if (probes.length && unprobed.length) {
        return ctx.gap(
          'missing',
          [
            ...uncovered,
            ...unprobed.map(({ w, c }) =>
              ctx.at(
                w.file,
                c.line,
                `Kubernetes ${w.kind}/${w.name} container ${c.name} has no liveness or readiness probe`,
              ),
            ),
          ],
          {
            confidence: 'low',
            data: {
              units: [
                ...units,
                ...unprobed.map(({ w, c }) => `Kubernetes ${w.kind}/${w.name} container ${c.name}`),
              ].join(', '),
            },
          },
        );
      }
      if (probes.length) {
        return ctx.pass(
          [
            ...evidence,
            ...probes.map(({ w, c }) =>
              ctx.at(
                w.file,
                (c.liveness.present ? c.liveness.line : c.readiness.line) ?? c.line,
                `Kubernetes probe on ${w.kind}/${w.name} container ${c.name}`,
              ),
            ),
          ],
          {
            confidence: 'low',
            message:
              'No Docker HEALTHCHECK, but Kubernetes probes check the containers (Kubernetes ignores HEALTHCHECK).',
          },
        );
      }
      return ctx.gap(
        'missing',
        [
          ...uncovered,
          ...evidence,
          ctx.missing(
            [
              'HEALTHCHECK',
              'compose healthcheck:',
              'Kubernetes liveness/readiness probes',
              'platform health checks (render.yaml healthCheckPath, fly.toml checks, Cloud Run probes, ECS healthCheck …)',
            ],
            'no health check found',
          ),
        ],
        {
          data: { units: units.join(', ') },
        },
      );
    }
    // A platform that builds the app from its source checks it with its own health check (the Dockerfile only runs it
    // locally).
    if (!evidence.length && platformChecks.length)
      return ctx.pass(
        platformChecks.map((t) =>
          ctx.at(t.healthCheck!.file ?? t.path, t.healthCheck!.line, `${t.name}: ${t.healthCheck!.note}`),
        ),
        platformChecks.every((t) => t.healthCheck!.tcpOnly) ? { confidence: 'low' } : {},
      );
    // Only a development compose stack (a service building Dockerfile.dev): no production container to judge.
    if (!evidence.length)
      return ctx.na('no production container: the only container is a development image built by compose');
    // Checked only by the stacks developers start (devservices, docker-compose.dev.yml) or examples, and by no
    // other compose file: the deployed container's own checks are not in the repository.
    const localStack = (file: string) => isDevComposeFile(file) || EXAMPLE_DIR.test(file);
    const localOnly =
      evidence.every((e) => compose.services.some((s) => s.file === e.path) && localStack(e.path)) &&
      !compose.services.some((s) => s.healthcheck && !s.healthcheck.disabled && !localStack(s.file));
    return ctx.pass(evidence, localOnly ? { confidence: 'low' } : {});
  },
});

/** `ghcr.io/acme/shop-api:1.4` → `shop-api`. */
function imageName(image: string): string {
  return image
    .replace(/[:@].*$/, '')
    .split('/')
    .pop()!
    .toLowerCase();
}

/** The names this project publishes its image under: package names, the folder name, the images the component model ties to it. */
function ownImageNames(ctx: RuleContext): string[] {
  const names = new Set<string>();
  for (const m of ctx.facts.manifests.manifests) {
    const raw = m.raw as
      | {
          name?: unknown;
          package?: { name?: unknown };
          project?: { name?: unknown };
          tool?: { poetry?: { name?: unknown } };
        }
      | undefined;
    for (const n of [raw?.name, raw?.package?.name, raw?.project?.name, raw?.tool?.poetry?.name])
      if (typeof n === 'string') names.add(n.replace(/^@[^/]+\//, '').toLowerCase());
  }
  const base = ctx.repo.root.split(/[\\/]/).filter(Boolean).pop();
  if (base) names.add(base.toLowerCase());
  // The images the component model ties to this component (the tags CI pushes, the compose services that build it).
  const own = ctx.component && ctx.facts.components.byId(ctx.component.id);
  for (const image of own?.images ?? []) names.add(imageName(image));
  return [...names];
}

/** The project's own image when its Dockerfile declares HEALTHCHECK, with the names it is published under. */
function ownImageHealthcheck(
  ctx: RuleContext,
  names: string[],
): { path: string; line: number; names: string[] } | undefined {
  const withHc = ctx.facts.dockerfiles.production
    .map((df) => ({ df, eff: effectiveInstruction(df, 'HEALTHCHECK') }))
    .find((x) => x.eff && !/^NONE\b/i.test(x.eff.ins.args.trim()));
  if (!withHc) return undefined;
  return { path: withHc.df.path, line: withHc.eff!.ins.line, names };
}
