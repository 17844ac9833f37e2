import { defineRule } from 'readiness-audit/sdk';

/** Every service is registered in the Backstage catalog with its owning team. */
export default defineRule({
  meta: {
    id: 'acme.service-owner',
    category: 'docs',
    title: 'The service names its owning team in catalog-info.yaml',
    severity: 'medium',
    level: 2,
    scope: 'repository',
    docs: {
      why: 'On-call and reviews go to the team the catalog names; an unowned service pages nobody.',
      how: 'Reads catalog-info.yaml at the root and looks for spec.owner.',
      fix: ['Add catalog-info.yaml (kind: Component) with spec.owner set to your team, e.g. group:orders-team.'],
      effort: 'S',
    },
    messages: {
      noCatalog: 'No catalog-info.yaml at the root: the service is not in the catalog.',
      noOwner: '{{file}} registers the service but names no spec.owner.',
    },
    claims: ['service owner', 'owning team'],
  },
  check(ctx) {
    if (ctx.facts.kind.kind === 'library') return ctx.na('libraries are owned through their package metadata');
    const file = ['catalog-info.yaml', 'catalog-info.yml'].find((f) => ctx.repo.has(f));
    if (!file) return ctx.gap('noCatalog', [ctx.missing(['catalog-info.yaml', 'catalog-info.yml'], 'no catalog entry')]);
    const line = ctx.repo.lines(file).findIndex((l) => /^\s+owner:\s*\S/.test(l));
    if (line < 0) return ctx.gap('noOwner', [ctx.at(file, 1, 'catalog entry without spec.owner')], { data: { file } });
    return ctx.pass([ctx.at(file, line + 1, 'owning team')]);
  },
});
