import path from 'node:path';
import { defineRule } from '../../src/sdk/index.js';
import type { Evidence } from '../../src/sdk/types.js';

const join = (dir: string, name: string) => (dir === '.' ? name : `${dir}/${name}`);

export default defineRule({
  meta: {
    id: 'container.dockerignore',
    category: 'container',
    title: 'A .dockerignore keeps the build context small and free of secrets',
    severity: 'low',
    level: 2,
    scope: 'component',
    requires: ['dockerfile'],
    docs: {
      why: 'Without a .dockerignore the whole folder (.git, .env files, node_modules, local virtualenvs) is sent to the builder, slowing builds and risking secrets baked into image layers by `COPY . .`.',
      how:
        'For every production Dockerfile, looks for .dockerignore at the root of its build context: the Dockerfile folder, or the context a compose service gives it; a per-Dockerfile `<Dockerfile>.dockerignore` also counts. ' +
        'A .dockerignore only in a parent folder counts with low confidence (the build probably runs `docker build -f sub/Dockerfile .`). A .dockerignore with no patterns is a gap. ' +
        'An image built only from a template a release tool renders and stages (JReleaser `Dockerfile.tpl`) is n/a: the repository is not its build context. ' +
        'n/a for a library whose only Dockerfile starts nothing of its own (no CMD or ENTRYPOINT on a runtime image: the package installed to try it in): it ships no service image.',
      fix: [
        'Add a .dockerignore beside the build context listing .git, .env*, dependency folders (node_modules, .venv), build output and test data.',
      ],
      effort: 'S',
      links: ['https://docs.docker.com/build/concepts/context/#dockerignore-files'],
    },
    messages: {
      missing: 'No .dockerignore for the build context of {{files}}.',
      empty: '{{file}} has no patterns, so it excludes nothing from the build context.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['.dockerignore', 'dockerignore'],
  },
  check(ctx) {
    if (!ctx.facts.dockerignores.length) {
      const staged = ctx.facts.dockerfiles.production.filter((d) => d.rendered).map((d) => d.path);
      if (staged.length)
        return ctx.na(
          `the image is built from a template (${staged.join(', ')}) in a context the release tool stages, not from the repository`,
        );
    }
    // A context a build plugin assembles (the fabric8 docker-maven-plugin: the Dockerfile's folder and the built
    // artifact) holds only what the plugin puts there: nothing to keep out.
    const assembled = ctx.facts.dockerfiles.production.filter((d) => d.assembledBy);
    if (
      assembled.length &&
      assembled.length === ctx.facts.dockerfiles.production.length &&
      ctx.facts.dockerignores.every((d) => !d.file)
    )
      return ctx.na(
        `${assembled[0]!.assembledBy} assembles the build context of ${assembled.map((d) => d.path).join(', ')} (the Dockerfile's folder and the built artifact), not the repository folder`,
      );
    const found: Evidence[] = [];
    const missing: string[] = [];
    let low = false;
    for (const d of ctx.facts.dockerignores) {
      if (!d.file) {
        missing.push(d.dockerfile);
        continue;
      }
      if (d.inParent) low = true;
      if (!d.patterns) return ctx.gap('empty', [ctx.at(d.file, 1, 'no ignore patterns')], { data: { file: d.file } });
      found.push(
        ctx.at(d.file, 1, `ignore file for ${d.dockerfile} (${d.patterns} pattern${d.patterns > 1 ? 's' : ''})`),
      );
    }
    if (missing.length) {
      return ctx.gap(
        'missing',
        missing.map((m) =>
          ctx.missing([join(path.posix.dirname(m), '.dockerignore'), `${m}.dockerignore`], `no .dockerignore for ${m}`),
        ),
        {
          data: { files: missing.join(', ') },
        },
      );
    }
    return ctx.pass(found, { confidence: low ? 'low' : 'high' });
  },
});
