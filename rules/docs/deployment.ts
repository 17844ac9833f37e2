import { defineRule } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'docs.deployment',
    category: 'docs',
    title: 'A deployment guide explains how to ship and run it in an environment',
    severity: 'medium',
    level: 2,
    scope: 'repository',
    requires: ['not-library'],
    docs: {
      why: 'When only one person knows how a service gets to production, every release and every incident waits for them; a written deployment guide removes that single point of failure.',
      how: 'Looks for a deployment document (DEPLOY*.md, INSTALL*.md, docs/deploy*, docs/install*, docs/self-hosting*, docs/production*, docs/release*, run-an-instance.md, deploy/README, a Helm chart README) or a section titled Deploy/Deployment/Production/Self-hosting/"Run your own … instance" (not a local or development one) with real content in any Markdown document (a stub or a title alone does not count; status, planning and checklist documents never count). An install section of a self-hosted application that runs its published container as a server (docker run / podman run with volumes, ports or a restart policy; not a quick start that also runs a development server) is its deployment guide, and so is one that installs the published package by name (`pip install <name>`, pipx, `uv tool install`) and starts the command the package installs (a console script), and so is one that sets the application up on a web server by hand (two different server words at least: nginx, Apache, web server root, document root, php-fpm, systemd, reverse proxy …). A command-line program passes with its installation guide (an Install/Installation section or document with real content: package managers, release binaries, building from source). A deploy command (helm upgrade, kubectl apply, fly deploy, terraform apply, …) shown in the README alone passes with low confidence. n/a for libraries.',
      fix: [
        'Write docs/deployment.md: environments, how the image is built and released, configuration and secrets, migrations, rollback.',
        'Or add a "Deployment" section to the README with those steps.',
      ],
      effort: 'S',
    },
    messages: {
      found: 'Deployment is documented ({{where}}).',
      commandOnly: 'Only a deploy command is documented ({{where}}), not a deployment guide.',
      stub: 'A deployment document exists ({{where}}) but says almost nothing.',
      missing: 'No deployment guide was found.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'deployment guide',
      'deployment documentation',
      'deployment docs',
      'deploy guide',
      'production deployment docs',
      'installation guide',
    ],
  },
  check(ctx) {
    // Install and self-hosting guides are deployment guides: they tell an operator how to run it on their servers.
    const hits = ctx.facts.docs.topic({
      files:
        /(^|\/)(deploy(ment|ing)?|production|releas(e|ing)|going[-_]live|hosting|self[-_]?host(ing|ed)?|install(ation|ing)?([-_]\w+)?|(run|running|host)[-_](an?|your[-_]own)[-_]([\w-]+[-_])?instance)(\.[\w]+)?$|^(docs?|documentation)\/(.*\/)?(deploy|production|releas|hosting|self[-_]?host|install|operations\/deploy)[^/]*(\/.+)?$|^(deploy|deployment|charts\/[^/]+|helm(\/[^/]+)?|k8s|kubernetes|infra|terraform)\/readme(\.md)?$/i,
      heading:
        /deploy|\bin production\b|^production$|production (setup|deployment|environment|install)|hosting|self[- ]?host|install(ing|ation)? (on|to) (a |your )?(server|cluster|kubernetes|vps|cloud)|going live|^releasing\b|^release process|\b(?:run|running|host|hosting) (?:an?|your(?: own)?|its own) (?:(?!local\b|dev\b|development\b|test\b)[\w.-]+ ){0,2}instance\b/i,
      label: 'deployment guide',
      // Only the first three strong hits are read (or the weak ones when there is none).
      enough: 3,
      min: 100,
    });
    const strong = hits.filter((h) => h.strong);
    if (strong.length)
      return ctx.pass(
        strong.slice(0, 3).map((h) => ctx.at(h.path, h.line, h.note)),
        {
          messageId: 'found',
          data: {
            where: strong
              .map((h) => h.path)
              .slice(0, 3)
              .join(', '),
          },
        },
      );
    const installed = ctx.facts.manifests.manifests.flatMap((m) => (m.commands ?? []).map((c) => c.name));
    const install = ctx.facts.docs.selfHostInstall(installed);
    if (install)
      return ctx.pass(
        [
          ctx.at(
            install.path,
            install.line,
            install.how === 'container'
              ? `section "${install.title}" runs the published container as a server`
              : install.how === 'server'
                ? `section "${install.title}" sets the application up on a web server`
                : install.how === 'upgrade'
                  ? `section "${install.title}" installs it, and the guide tells operators how to upgrade an installation`
                  : install.how === 'service'
                    ? `section "${install.title}" installs the program as a system service`
                    : `section "${install.title}" installs the published package and starts the command it installs`,
          ),
        ],
        { messageId: 'found', data: { where: `${install.path}, section "${install.title}"` } },
      );
    // A command-line program is installed, not deployed: its installation guide (package managers, release binaries,
    // building from source) is what an operator follows.
    if (ctx.facts.kind.kind === 'cli') {
      const guide = ctx.facts.docs
        .topic({
          files: /(^|\/)install(ation|ing)?(\.[\w]+)?$|^(docs?|documentation)\/(.*\/)?install[^/]*$/i,
          heading: /^(?:installation|installing|install|how to install)\b/i,
          label: 'installation guide',
          enough: 1,
          min: 100,
        })
        .find((h) => h.strong);
      if (guide)
        return ctx.pass([ctx.at(guide.path, guide.line, guide.note)], {
          messageId: 'found',
          data: { where: guide.title ? `${guide.path}, section "${guide.title}"` : guide.path },
        });
    }
    const cmd = ctx.facts.docs.deployCommand();
    if (cmd) {
      return ctx.pass([ctx.at(cmd.path, cmd.line, `deploy command documented: ${cmd.text}`)], {
        messageId: 'commandOnly',
        data: { where: cmd.path },
        confidence: 'low',
      });
    }
    if (hits.length)
      return ctx.gap(
        'stub',
        hits.slice(0, 3).map((h) => ctx.at(h.path, h.line, h.note)),
        { data: { where: hits.map((h) => h.path).join(', ') }, confidence: 'low' },
      );
    return ctx.gap('missing', [
      ctx.missing(
        ['DEPLOYMENT.md', 'docs/deploy*', 'docs/production*', 'charts/*/README.md', 'README "Deployment" section'],
        'no deployment documentation',
      ),
    ]);
  },
});
