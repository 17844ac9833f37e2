import { defineRule } from '../../src/sdk/index.js';
import { composeContextsFor } from '../../src/sdk/index.js';
import { dockerfileProblems } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'container.dockerfile',
    category: 'container',
    title: 'The application builds into a container image',
    severity: 'high',
    level: 1,
    scope: 'component',
    requires: ['not-library'],
    docs: {
      why: 'A container image is the unit most platforms deploy; without one every environment is built by hand and drifts.',
      how:
        'Looks for a Dockerfile or Containerfile (any conventional name) outside dev-only locations (Dockerfile.dev, .devcontainer/), or an image built without one (Spring Boot build-image, Jib, ko, Nixpacks, pack, .NET SDK container publish). ' +
        "Looks for a Dockerfile or Containerfile (any conventional name) outside dev-only locations (Dockerfile.dev, .devcontainer/), or an image built without one (Spring Boot build-image, Jib, ko, Nixpacks, pack), or a platform that builds the app from its source (Render native runtimes, Heroku buildpacks, App Engine, Railway, Vercel, Netlify, serverless functions, a Deployer recipe that builds each release on the hosts: the platform fact's sourceBuild; beside such a recipe a Dockerfile that nothing pushes is a development image), or a Linux package (Debian/RPM) the repository builds that installs the program with a systemd unit (messageId linuxPackage), or a CI build of a Dockerfile kept in a git submodule the repository does not hold (pass, low: the Dockerfile is not read). " +
        'A Dockerfile that cannot work is a gap (messageId broken): a COPY/ADD source that exists in no plausible build context (the Dockerfile folder, the repository root, or a compose build context; --from copies, URLs, variables, build outputs such as dist/ or target/*.jar and git-ignored paths are skipped), ' +
        'or a start the image itself breaks, read from the startPath fact that code.entrypoint follows: a CMD/ENTRYPOINT naming a file or module the image does not contain (`python app/main.py`, `uvicorn pkg.mod:app`, a start script, `node x.js` that no build step produces), code copied into the image but not on its module path (WORKDIR/PYTHONPATH), or a HEALTHCHECK program (curl, wget) the base image lacks. n/a when the service runs only as functions a platform packages itself (Lambda zip, Workers script, Vercel/Netlify functions). A Dockerfile with a name of its own (`Dockerfile.scratch`) that no CI step, compose file, script or document names, beside one that is built, is a leftover and is not judged. Broken compose and Kubernetes references are reported by container.compose and deploy.k8s; breaks in the code itself by code.entrypoint.',
      fix: [
        'Add a multi-stage Dockerfile at the repository root that installs locked dependencies and starts the app.',
        'Use a slim, version-pinned base image and run as a non-root user.',
        'When the Dockerfile is reported broken, fix the COPY source or the start command it names, then run `docker build` in CI so it cannot break again.',
      ],
      fixFor: {
        paas: [
          "Add a Dockerfile the platform builds on deploy, or let the platform build from source: a native runtime in its descriptor (render.yaml `runtime: python`), buildpacks (fly.toml `[build] builder`), Railway's Nixpacks.",
        ],
        serverless: [
          'Let the framework package the functions (serverless.yml or a SAM template with a zip runtime), or add a Dockerfile for an image-based function (`PackageType: Image`).',
        ],
      },
      effort: 'S',
      links: ['https://docs.docker.com/build/building/best-practices/'],
    },
    messages: {
      missing: 'No Dockerfile or Containerfile builds the application.',
      devOnly: 'Only development images exist ({{files}}); no Dockerfile builds the production image.',
      builder: 'The image is built without a Dockerfile, by {{builder}}.',
      platformBuild: 'No production Dockerfile: {{platform}} builds and runs the application from its source.',
      linuxPackage: 'No Dockerfile: the application ships as a Linux package that runs it as a systemd service.',
      unread:
        'CI builds the image from {{files}}, kept in a git submodule the repository does not hold: the Dockerfile itself is not judged.',
      broken: 'The Dockerfile cannot build or start the application: {{problems}}.',
      noFrom: '{{files}} has no FROM instruction, so it builds no image.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'dockerfile',
      'docker image',
      'container image',
      'containerization',
      'containerized',
      'containerisation',
      'docker containers',
      'docker setup',
      'docker',
    ],
  },
  check(ctx) {
    const { production: images, all, unreferenced } = ctx.facts.dockerfiles;
    // A Dockerfile of its own name nothing builds or mentions, beside one that is built, is a leftover: not judged.
    const leftovers = images.filter((d) => unreferenced.includes(d.path));
    const production = leftovers.length < images.length ? images.filter((d) => !leftovers.includes(d)) : images;
    if (production.length) {
      const compose = ctx.facts.compose;
      const problems = production.flatMap((d) => dockerfileProblems(ctx.repo, d, composeContextsFor(compose, d)));
      // Start breaks the image itself causes (its CMD names a missing file, its PYTHONPATH misses the code, its
      // HEALTHCHECK program is not installed): the startPath fact that code.entrypoint reads too.
      const prodPaths = new Set(production.map((d) => d.path));
      const starts = ctx.facts.startPath.targets
        .filter((t) => t.source === 'dockerfile' && t.dockerfile && prodPaths.has(t.dockerfile))
        .flatMap((t) => t.breaks.filter((b) => b.artefact === 'dockerfile'))
        .filter((b, i, all) => all.findIndex((x) => x.message === b.message) === i);
      const found = [
        ...problems.map((p) => ({ path: p.path, line: p.line, message: p.message })),
        ...starts.map((b) => ({ ...b.chain[0]!, message: b.message })),
      ];
      if (found.length) {
        return ctx.gap(
          'broken',
          found.map((p) => ctx.at(p.path, p.line, p.message)),
          {
            confidence: problems.length || starts.some((b) => b.confidence === 'high') ? 'high' : 'low',
            data: { problems: found.map((p) => p.message).join('; ') },
          },
        );
      }
      return ctx.pass([
        ...production.map((d) =>
          ctx.at(
            d.path,
            d.finalStage?.line,
            `production image, ${d.stages.length} stage${d.stages.length > 1 ? 's' : ''}`,
          ),
        ),
        ...(production === images ? [] : leftovers).map((d) =>
          ctx.at(d.path, d.finalStage?.line, 'named by no CI step, compose file, script or document: not judged'),
        ),
      ]);
    }
    const builder = ctx.facts.dockerfiles.builder;
    const fn = ctx.facts.functions;
    if (fn.only && !all.length)
      return ctx.na(`the service runs only as functions on ${`${fn.name}, ${fn.where}`}: ${fn.packaging}`);
    if (builder)
      return ctx.pass([ctx.at(builder.path, builder.line, `image built by ${builder.builder}`)], {
        messageId: 'builder',
        data: { builder: builder.builder },
      });
    // A platform that builds the app from its source (a native runtime, buildpacks, function packaging) stands in for
    // the Dockerfile: it is what makes the deployable artefact.
    const platform = ctx.facts.platform.service.find((t) => t.sourceBuild && !t.weak);
    if (platform)
      return ctx.pass([ctx.at(platform.path, platform.line, platform.sourceBuild!)], {
        messageId: platform.platform === 'systemd' ? 'linuxPackage' : 'platformBuild',
        data: { platform: platform.name },
      });
    // CI builds the image from a Dockerfile kept in a git submodule this checkout does not hold: it exists, unread.
    const unread = ctx.component && ctx.facts.components.byId(ctx.component.id)?.unreadDockerfiles;
    if (unread?.length)
      return ctx.pass(
        unread.map((b) =>
          ctx.at(ctx.repo.fromRepo(b.path), b.line, `builds ${b.note}, which the repository does not hold`),
        ),
        { messageId: 'unread', confidence: 'low', data: { files: unread.map((b) => b.note).join(', ') } },
      );
    const searched = [
      'Dockerfile',
      'Containerfile',
      '*.Dockerfile',
      'Dockerfile.*',
      'Spring Boot build-image',
      'Jib',
      'ko',
      'Nixpacks',
      'pack build',
      '.NET SDK container publish (ContainerRepository / PublishContainer)',
    ];
    // A production-named Dockerfile without any FROM builds nothing: say so, rather than calling it a dev image.
    const empty = all.filter((d) => !d.devOnly && d.stages.length === 0);
    if (empty.length) {
      return ctx.gap(
        'noFrom',
        [
          ...empty.map((d) => ctx.at(d.path, 1, 'no FROM instruction: this file builds no image')),
          ctx.missing(searched, 'no buildable production image definition'),
        ],
        {
          data: { files: empty.map((d) => d.path).join(', ') },
        },
      );
    }
    if (all.length) {
      return ctx.gap(
        'devOnly',
        [
          ...all.map((d) => ctx.at(d.path, 1, 'development-only image')),
          ctx.missing(searched, 'no production image definition'),
        ],
        {
          data: { files: all.map((d) => d.path).join(', ') },
        },
      );
    }
    return ctx.gap('missing', [ctx.missing(searched, 'no container image definition in the repository')]);
  },
});
