import { defineRule } from '../../src/sdk/index.js';

const IMAGE_BUILDERS: [RegExp, string, string][] = [
  [/spring-boot:build-image|bootBuildImage/, 'Spring Boot buildpacks', '{pom.xml,build.gradle,build.gradle.kts,**/*.yml,**/*.yaml,Makefile}'],
  [/com\.google\.cloud\.tools[.:]jib|jib-maven-plugin|\bjib\s*\{|jibDockerBuild|jib:build/, 'Jib', '{pom.xml,build.gradle,build.gradle.kts,**/*.yml,**/*.yaml}'],
  [/\bko\s+(build|apply|resolve|publish)\b/, 'ko', '{Makefile,**/*.yml,**/*.yaml,**/*.sh,.ko.yaml}'],
  [/\bnixpacks\s+build\b/, 'Nixpacks', '{Makefile,**/*.yml,**/*.yaml,**/*.sh,nixpacks.toml}'],
  [/\bpack\s+build\b/, 'Cloud Native Buildpacks (pack)', '{Makefile,**/*.yml,**/*.yaml,**/*.sh}'],
];

export default defineRule({
  meta: {
    id: 'container.dockerfile',
    category: 'container',
    title: 'The application builds into a container image',
    severity: 'high',
    level: 1,
    requires: ['not-library'],
    docs: {
      why: 'A container image is the unit most platforms deploy; without one every environment is built by hand and drifts.',
      how: 'Looks for a Dockerfile or Containerfile (any conventional name) outside dev-only locations (Dockerfile.dev, .devcontainer/), or an image built without one (Spring Boot build-image, Jib, ko, Nixpacks, pack).',
      fix: [
        'Add a multi-stage Dockerfile at the repository root that installs locked dependencies and starts the app.',
        'Use a slim, version-pinned base image and run as a non-root user.',
      ],
      effort: 'S',
      links: ['https://docs.docker.com/build/building/best-practices/'],
    },
    messages: {
      missing: 'No Dockerfile or Containerfile builds the application.',
      devOnly: 'Only development images exist ({{files}}); no Dockerfile builds the production image.',
      builder: 'The image is built without a Dockerfile, by {{builder}}.',
    },
  },
  check(ctx) {
    const { production, all } = ctx.facts.dockerfiles;
    if (production.length) {
      return ctx.pass(production.map((d) => ctx.at(d.path, d.finalStage?.line, `production image, ${d.stages.length} stage${d.stages.length > 1 ? 's' : ''}`)));
    }
    for (const [re, builder, include] of IMAGE_BUILDERS) {
      const hit = ctx.repo.grepFirst(re, { include });
      if (hit) return ctx.pass([ctx.at(hit.path, hit.line, `image built by ${builder}`)], { messageId: 'builder', data: { builder } });
    }
    const searched = ['Dockerfile', 'Containerfile', '*.Dockerfile', 'Dockerfile.*', 'Spring Boot build-image', 'Jib', 'ko', 'Nixpacks', 'pack build'];
    if (all.length) {
      return ctx.gap('devOnly', [...all.map((d) => ctx.at(d.path, 1, 'development-only image')), ctx.missing(searched, 'no production image definition')], {
        data: { files: all.map((d) => d.path).join(', ') },
      });
    }
    return ctx.gap('missing', [ctx.missing(searched, 'no container image definition in the repository')]);
  },
});
