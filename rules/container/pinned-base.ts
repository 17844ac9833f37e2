import { defineRule } from '../../src/sdk/index.js';
import type { Evidence } from '../../src/sdk/types.js';
import { baseImages, isBaseNamedRef, pinStatus } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'container.pinned-base',
    category: 'container',
    title: 'Base images are pinned to a version or digest',
    severity: 'low',
    level: 2,
    scope: 'component',
    requires: ['dockerfile'],
    docs: {
      why: 'An untagged or `latest` base image changes under you: the same commit builds a different image tomorrow, and a new major version can break the build or the runtime without any change in the repository.',
      how:
        'Checks every FROM of every production Dockerfile (dev-only files excluded). `FROM <earlier stage>` and `scratch` are not base images. ARG-parameterised references are resolved from their ARG defaults. ' +
        'A digest (@sha256:...), a tag containing a version number (3.12-slim, 20-alpine, 1.22) or, on a distribution image, a release name (debian:bookworm-slim, ubuntu:jammy), or a repository name that carries the version (distroless/static-debian12:nonroot) passes. ' +
        '`latest` or no tag is a gap. A floating tag that names no version at all (node:alpine, python:slim, node:lts, nginx:stable), or a release channel with only a distribution suffix (node:current-bookworm-slim, nginx:stable-alpine3.20), is a gap with low confidence: it pins a flavour but not a version; so is a language image tagged only with a distribution release (rust:slim-trixie, python:bookworm), which pins the OS under a toolchain that still moves. ' +
        'A reference that stays unresolved (ARG without default) passes with low confidence: the version is chosen by the build command. ' +
        "A base image the repository builds for its app image (`Dockerfile.base` whose image the app's Dockerfile starts FROM as `acme/app-base`) is part of the build: its own FROM lines are checked, and starting FROM it is starting from the project's own image. " +
        'n/a for a library whose only Dockerfile starts nothing of its own (no CMD or ENTRYPOINT on a runtime image: the package installed to try it in): it ships no service image.',
      fix: [
        'Name an explicit version tag: `FROM python:3.12-slim`, `FROM node:20.11-alpine`.',
        'For reproducible builds pin the digest too (`FROM python:3.12-slim@sha256:...`) and let Renovate or Dependabot bump it.',
      ],
      effort: 'S',
      links: ['https://docs.docker.com/build/building/best-practices/#pin-base-image-versions'],
    },
    messages: {
      unpinned: 'Unpinned base image{{plural}}: {{images}}.',
      floating: 'Base image tag{{plural}} naming no version: {{images}}.',
      noBase: 'The images build only from scratch or earlier stages.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['pinned base image', 'pinned image', 'image digest', 'base image pinned'],
  },
  check(ctx) {
    const unpinned: Evidence[] = [];
    const floating: Evidence[] = [];
    const ok: Evidence[] = [];
    let low = false;
    const names = new Map<Evidence, string>();
    // The base images the repository builds for its production images are part of their build: their own FROM lines
    // count, and a production image starting FROM one of them starts from the project's own image, not a third party's.
    const { production, bases } = ctx.facts.dockerfiles;
    for (const df of [...production, ...bases]) {
      for (const s of baseImages(df)) {
        if (bases.length && isBaseNamedRef(s.from)) {
          ok.push(
            ctx.at(df.path, s.line, `${s.from.image}: the project's own base image, built from ${bases[0]!.path}`),
          );
          continue;
        }
        const st = pinStatus(s.from);
        const resolved = `${s.from.image}${s.from.tag ? `:${s.from.tag}` : ''}${s.from.digest ? `@${s.from.digest}` : ''}`;
        const ref = resolved === s.from.raw ? resolved : `${resolved} (FROM ${s.from.raw})`;
        if (st === 'latest' || st === 'untagged') {
          const e = ctx.at(
            df.path,
            s.line,
            st === 'latest' ? `${ref} uses the latest tag` : `${ref} has no tag (means latest)`,
          );
          names.set(e, resolved);
          unpinned.push(e);
        } else if (st === 'floating') {
          const e = ctx.at(df.path, s.line, `${ref}: tag "${s.from.tag}" names no version`);
          names.set(e, resolved);
          floating.push(e);
        } else {
          if (st === 'unresolved') low = true;
          ok.push(
            ctx.at(
              df.path,
              s.line,
              st === 'digest'
                ? `${ref} pinned by digest`
                : st === 'unresolved'
                  ? `${ref} is chosen by a build argument`
                  : `${ref} pinned to a version`,
            ),
          );
        }
      }
    }
    const label = (ev: Evidence[]) => ev.map((e) => `${names.get(e) ?? e.path} (${e.path}:${e.line})`).join(', ');
    if (unpinned.length)
      return ctx.gap('unpinned', [...unpinned, ...floating], {
        data: { images: label(unpinned), plural: unpinned.length > 1 ? 's' : '' },
      });
    if (floating.length)
      return ctx.gap('floating', floating, {
        confidence: 'low',
        data: { images: label(floating), plural: floating.length > 1 ? 's' : '' },
      });
    if (!ok.length) {
      const df = ctx.facts.dockerfiles.production[0]!;
      return ctx.pass([ctx.at(df.path, df.stages[0]?.line, 'FROM scratch or an earlier stage')], {
        messageId: 'noBase',
      });
    }
    return ctx.pass(ok, { confidence: low ? 'low' : 'high' });
  },
});
