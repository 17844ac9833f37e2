import { defineRule } from '../../src/sdk/index.js';
import type { Evidence, RuleContext } from '../../src/sdk/types.js';
import { finalUser, isRootUser } from '../../src/sdk/index.js';

/**
 * Base images whose default user is not root. Chainguard's images are also pulled through an organisation's mirror
 * of cgr.dev (`europe-north1-docker.pkg.dev/cgr-nav/pull-through/nav.no/jre`); their -dev variants run as root.
 * Keycloak's image runs as user 1000.
 */
const NON_ROOT_BASE =
  /(^|\/)distroless\/[^:]+:(\S*-)?nonroot\b|^cgr\.dev\/chainguard\/(?!.*-dev\b)|\/(?:cgr|chainguard)-[\w-]+\/pull-through\/(?!.*-dev\b)|:nonroot$|(^|\/)nginx-unprivileged\b|^(docker\.io\/)?bitnami\/|^quay\.io\/keycloak\/keycloak(?::|$)/;

/**
 * The runtime can set the user instead of the image: `user:` on the compose service that builds this Dockerfile, or a
 * non-zero securityContext.runAsUser on every Kubernetes service container. Evidence, or [] when it does not.
 */
function runtimeUser(ctx: RuleContext, dockerfile: string): Evidence[] {
  const svc = ctx.facts.compose.services.find(
    (s) => s.build?.dockerfile === dockerfile && s.user && !isRootUser(s.user.value),
  );
  if (svc) return [ctx.at(svc.file, svc.user!.line, `compose runs service ${svc.name} as ${svc.user!.value}`)];
  const containers = ctx.facts.k8s.workloads.flatMap((w) => w.containers.filter((c) => !c.init).map((c) => ({ w, c })));
  if (containers.length && containers.every(({ c }) => c.runAsUser && c.runAsUser.uid > 0)) {
    return containers.map(({ w, c }) =>
      ctx.at(
        w.file,
        c.runAsUser!.line,
        `Kubernetes runs ${w.kind}/${w.name} container ${c.name} as uid ${c.runAsUser!.uid}`,
      ),
    );
  }
  return [];
}

export default defineRule({
  meta: {
    id: 'container.non-root',
    category: 'container',
    title: 'The container runs as a non-root user',
    severity: 'high',
    level: 2,
    scope: 'component',
    requires: ['dockerfile'],
    docs: {
      why: 'A process running as root inside the container turns any code-execution bug into root on the container and a short step from the host; most platforms (OpenShift, restricted Pod Security) refuse root images.',
      how:
        'Reads the final stage of every production Dockerfile (dev-only files excluded) and takes its last USER, following `FROM <earlier stage>` inheritance. ' +
        'No USER means root (gap); `USER root`, `USER 0` or `USER 0:0` last is a gap; `USER app` after a root USER passes; USER set only in a build stage does not carry into a final stage that starts FROM another image. ' +
        'USER given by an unresolved build argument passes with low confidence, as does a base image that runs unprivileged by default (distroless `:nonroot`, Chainguard or a pull-through mirror of it, nginx-unprivileged, Bitnami) without USER, ' +
        'an image without USER whose start script hands the service to another user (`exec gosu app …`, su-exec, s6-setuidgid in s6 service scripts, setpriv, runuser, chroot --userspec, chpst), ' +
        'and an image without USER whose runtime sets the user: `user:` on the compose service that builds it, or a non-zero securityContext.runAsUser on every Kubernetes container (the image stays root-by-default for anyone else who runs it, hence low confidence). ' +
        'n/a for a library whose only Dockerfile starts nothing of its own (no CMD or ENTRYPOINT on a runtime image: the package installed to try it in): it ships no service image.',
      fix: [
        'Create an unprivileged user in the final stage (`RUN useradd --uid 10001 app` or `adduser -D -u 10001 app` on Alpine) and end the stage with `USER app` (or `USER 10001`).',
        'Keep root-only steps (package installs) before the USER line.',
      ],
      effort: 'S',
      links: ['https://docs.docker.com/build/building/best-practices/#user'],
    },
    messages: {
      noUser: 'No USER in the final stage of {{file}}: the container runs as root.',
      rootUser: 'The final stage of {{file}} runs as root (USER {{user}}).',
      buildStageOnly: 'USER is set only in a build stage of {{file}}: the final stage runs as root.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'non-root',
      'nonroot',
      'non root',
      'runs as root',
      'unprivileged user',
      // What a Docker security list is mostly about: the user the container runs as.
      'docker security',
      'container security',
    ],
  },
  check(ctx) {
    const evidence: Evidence[] = [];
    // Every production image is judged; the first offender names the message, the evidence lists them all.
    const gaps: {
      messageId: 'noUser' | 'rootUser' | 'buildStageOnly';
      evidence: Evidence[];
      data: Record<string, string>;
    }[] = [];
    let low = false;
    for (const df of ctx.facts.dockerfiles.production) {
      const final = df.finalStage!;
      const u = finalUser(df);
      // The image starts as root (by `USER root`, written so the entrypoint can fix volume ownership, or by setting no
      // USER) and its start script hands the service to another user: the service runs unprivileged, though the
      // container's first process is root.
      const handedOver = (line: number, note: string): boolean => {
        const drop = ctx.facts.privileges.dropFor(df.path);
        if (!drop) return false;
        evidence.push(
          ctx.at(df.path, line, note),
          ctx.at(drop.path, drop.line, `the start script runs the service as ${drop.user} (${drop.tool})`),
        );
        low = true;
        return true;
      };
      if (u.kind === 'root') {
        if (handedOver(u.line, 'last USER of the final stage is root')) continue;
        gaps.push({
          messageId: 'rootUser',
          evidence: [ctx.at(df.path, u.line, 'last USER of the final stage is root')],
          data: { file: df.path, user: u.user },
        });
        continue;
      }
      if (u.kind === 'none') {
        // The base as built: a build argument's default put in place (`ARG BASE=cgr.dev/chainguard/static`, `FROM $BASE`).
        const { image, tag } = final.from;
        if (NON_ROOT_BASE.test(tag ? `${image}:${tag}` : image)) {
          evidence.push(ctx.at(df.path, final.line, 'base image runs as a non-root user by default'));
          low = true;
          continue;
        }
        if (handedOver(final.line, 'final stage sets no USER')) continue;
        const override = runtimeUser(ctx, df.path);
        if (override.length) {
          evidence.push(ctx.at(df.path, final.line, 'final stage sets no USER'), ...override);
          low = true;
          continue;
        }
        const earlier = df.stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'USER')).pop();
        if (earlier) {
          gaps.push({
            messageId: 'buildStageOnly',
            evidence: [
              ctx.at(df.path, earlier.line, 'USER in a build stage only'),
              ctx.at(df.path, final.line, 'final stage starts here and never sets USER'),
            ],
            data: { file: df.path },
          });
          continue;
        }
        gaps.push({
          messageId: 'noUser',
          evidence: [
            ctx.at(df.path, final.line, 'final stage, no USER instruction'),
            ctx.missing([`USER in ${df.path}`], 'defaults to root'),
          ],
          data: { file: df.path },
        });
        continue;
      }
      if (u.kind === 'unknown') low = true;
      evidence.push(
        ctx.at(
          df.path,
          u.line,
          u.kind === 'unknown'
            ? `USER from a build argument (${u.user})`
            : `runs as ${u.user}${u.inheritedFrom ? ` (inherited from stage ${u.inheritedFrom})` : ''}`,
        ),
      );
    }
    if (gaps.length) {
      const first = gaps[0]!;
      const files = gaps.map((g) => g.data.file).join(', ');
      return ctx.gap(
        first.messageId,
        gaps.flatMap((g) => g.evidence),
        { data: { ...first.data, file: gaps.length > 1 ? files : first.data.file! } },
      );
    }
    return ctx.pass(evidence, { confidence: low ? 'low' : 'high' });
  },
});
