import { defineRule } from 'readiness-audit/sdk';

/** Base images whose runtime no longer gets security fixes (the list Acme's platform team keeps). */
const EOL = /^(python:(2|3\.[0-8])(\b|[.-])|node:(\d|1[0-7])(\b|[.-])|golang:1\.(1\d|20)(\b|[.-])|openjdk:(8|11)(\b|[.-]))/i;

/** No service builds on an end-of-life runtime. */
export default defineRule({
  meta: {
    id: 'acme.eol-base-image',
    category: 'container',
    title: 'No image builds on an end-of-life runtime',
    severity: 'high',
    level: 1,
    scope: 'repository',
    requires: ['dockerfile'],
    docs: {
      why: 'An end-of-life runtime gets no security fixes: every new CVE in it stays open.',
      how: 'Reads the FROM lines of every production Dockerfile.',
      fix: ['Move the FROM line to a supported runtime (python:3.12, node:22, golang:1.23, eclipse-temurin:21).'],
      effort: 'M',
    },
    messages: { eol: '{{file}}:{{line}} builds on {{image}}, an end-of-life runtime.' },
  },
  check(ctx) {
    for (const df of ctx.facts.dockerfiles.production)
      for (const stage of df.stages) {
        const image = stage.from.raw;
        if (stage.from.stageRef || !EOL.test(image)) continue;
        return ctx.gap('eol', [ctx.at(df.path, stage.line, 'end-of-life base image')], {
          data: { file: df.path, line: stage.line, image },
        });
      }
    const files = ctx.facts.dockerfiles.production.map((d) => d.path);
    return ctx.pass(files.map((f) => ctx.at(f, 1, 'every base image is a supported runtime')));
  },
});
