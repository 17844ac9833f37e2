import { defineRule } from '../../src/sdk/index.js';
import { findTopicDocs } from '../_lib/docs-markdown.js';

export default defineRule({
  meta: {
    id: 'docs.deployment',
    category: 'docs',
    title: 'A deployment guide explains how to ship and run it in an environment',
    severity: 'medium',
    level: 2,
    requires: ['not-library'],
    docs: {
      why: 'When only one person knows how a service gets to production, every release and every incident waits for them; a written deployment guide removes that single point of failure.',
      how: 'Looks for a deployment document (DEPLOY*.md, docs/deploy*, docs/production*, docs/release*, deploy/README, a Helm chart README) or a README section titled Deploy/Deployment/Production/Release with real content (a stub or a title alone does not count). n/a for libraries.',
      fix: [
        'Write docs/deployment.md: environments, how the image is built and released, configuration and secrets, migrations, rollback.',
        'Or add a "Deployment" section to the README with those steps.',
      ],
      effort: 'S',
    },
    messages: {
      found: 'Deployment is documented ({{where}}).',
      stub: 'A deployment document exists ({{where}}) but says almost nothing.',
      missing: 'No deployment guide was found.',
    },
  },
  check(ctx) {
    const hits = findTopicDocs(ctx.repo, {
      files: /(^|\/)(deploy(ment|ing)?|production|releas(e|ing)|going[-_]live|hosting|install(ation)?[-_]prod\w*)(\.[\w]+)?$|^(docs?|documentation)\/(.*\/)?(deploy|production|releas|hosting|operations\/deploy)[^/]*$|^(deploy|deployment|charts\/[^/]+|helm(\/[^/]+)?|k8s|kubernetes|infra|terraform)\/readme(\.md)?$/i,
      heading: /deploy|\bin production\b|^production$|production (setup|deployment|environment|install)|hosting|going live|^releasing\b|^release process/i,
      label: 'deployment guide',
      min: 100,
    });
    const strong = hits.filter((h) => h.strong);
    if (strong.length) return ctx.pass(strong.slice(0, 3).map((h) => ctx.at(h.path, h.line, h.note)), { messageId: 'found', data: { where: strong.map((h) => h.path).slice(0, 3).join(', ') } });
    if (hits.length) return ctx.gap('stub', hits.slice(0, 3).map((h) => ctx.at(h.path, h.line, h.note)), { data: { where: hits.map((h) => h.path).join(', ') }, confidence: 'low' });
    return ctx.gap('missing', [ctx.missing(['DEPLOYMENT.md', 'docs/deploy*', 'docs/production*', 'charts/*/README.md', 'README "Deployment" section'], 'no deployment documentation')]);
  },
});
