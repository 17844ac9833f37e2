import { defineRule, substance } from '../../src/sdk/index.js';
import type { Evidence } from '../../src/sdk/types.js';

// "contributing"/"contribution" guides, not a contributors list (`graphs/contributors`, a contributors badge); the
// self-hosting guide of an application people run themselves is its install guide.
const SETUP_LINK =
  /setup|install|getting[-_ ]?started|quick[-_ ]?start|develop|contribut(?:ing|ion)|running|usage|local|build|self[-_ ]?host/i;
/** The project board, issues or pull requests of a repository: where work is tracked, not how to install. */
const GITHUB_PAGES_OF_REPO =
  /^https?:\/\/github\.com\/(?:users|orgs)\/[^/]+\/projects\b|^https?:\/\/github\.com\/[^/]+\/[^/]+\/(?:issues|pulls|projects|discussions)\b/;
/** Badges and images (shields.io, a `.svg` status image): decoration, never where the documentation is. */
const IMAGE_LINK =
  /\.(?:svg|png|jpe?g|gif|webp)(?:[?#]|$)|^https?:\/\/(?:img\.shields\.io|badgen\.net|badge\.fury\.io)\/|\/badges?(?:\/|\.|\?|$)/i;

export default defineRule({
  meta: {
    id: 'docs.readme',
    category: 'docs',
    title: 'The README explains how to install and run the project',
    severity: 'medium',
    level: 1,
    scope: 'repository',
    docs: {
      why: 'A new engineer (or the on-call at 3 am) needs to build and start the service without asking around; a README with real setup and run steps is the entry point.',
      how: 'Reads the root README: install steps (an Install/Setup/Getting started section with content, or commands like pip install, npm ci, go build, mvn package, docker compose up, an install script such as ./install.sh or curl … | sh) and run steps (a Run/Usage section, or commands like uvicorn, npm start, go run, java -jar). A link to setup docs inside the repository counts, and so does a link to the own documentation site of the project when its pages are built from the repository (MkDocs site_url, or GitHub Pages under the owner of repo_url; a docs folder with a CNAME naming the domain, hash routes such as #/install included); a link to an external site alone does not.',
      fix: [
        'Add "Install" and "Run" sections with copy-pasteable commands (dependencies, configuration, starting the app, running the tests).',
        'If setup is long, keep it in docs/ (e.g. docs/development.md) and link it from the README.',
      ],
      effort: 'S',
    },
    messages: {
      found: 'The README explains how to install and run the project.',
      linked: 'The README links to setup documentation in the repository ({{target}}).',
      incomplete: 'The README explains how to {{has}} but not how to {{lacks}}.',
      externalOnly:
        'The README only points to external documentation ({{url}}); no install or run steps in the repository.',
      noSteps: 'The README describes the project but gives no install or run steps.',
      titleOnly: 'The README is little more than a title ({{chars}} characters of text).',
      missing: 'There is no README.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['readme', 'getting started guide', 'quick start guide', 'setup instructions'],
  },
  check(ctx) {
    const docs = ctx.facts.docs;
    const readme = docs.readme;
    if (!readme)
      return ctx.gap('missing', [
        ctx.missing(['README.md', 'README.rst', 'README', 'docs/README.md'], 'no README in the repository'),
      ]);
    const text = docs.text(readme);
    const found = docs.setupSteps(readme);
    const ev: Evidence[] = [];
    if (found.install) ev.push(ctx.at(readme, found.install.line, `install: ${found.install.what}`));
    if (found.run) ev.push(ctx.at(readme, found.run.line, `run: ${found.run.what}`));
    if (found.install && found.run) return ctx.pass(ev, { messageId: 'found' });

    // Setup docs inside the repository linked from the README, directly or through other documents (an index page).
    // Of several setup links ("Getting started | Install"), the one whose document has the steps decides.
    const setupLinks = docs.links(readme).flatMap((l) => {
      const target = docs.resolveLink(readme, l.target);
      if (!target || !(SETUP_LINK.test(l.text) || SETUP_LINK.test(target))) return [];
      const doc = target.endsWith('/') ? undefined : docs.setupSteps(target);
      const complete = !!doc && !!(doc.install || found.install) && !!(doc.run || found.run);
      return [{ l, target, doc, complete }];
    });
    const best = setupLinks.find((x) => x.complete) ?? setupLinks[0];
    if (best) {
      const { l, target, doc, complete } = best;
      return ctx.pass(
        [
          ...ev,
          ctx.at(readme, l.line, `links to ${target}`),
          ...(doc?.install ? [ctx.at(target, doc.install.line, `install: ${doc.install.what}`)] : []),
        ],
        {
          messageId: 'linked',
          data: { target },
          confidence: complete ? 'high' : 'low',
        },
      );
    }
    for (const r of docs.reachableFromReadme(3)) {
      if (r.hops < 2 || !(SETUP_LINK.test(r.text) || SETUP_LINK.test(r.path))) continue;
      const doc = docs.setupSteps(r.path);
      if (!doc.install && !doc.run) continue;
      return ctx.pass(
        [
          ...ev,
          ctx.at(r.from, r.line, `links to ${r.path} (${r.hops} links from ${readme})`),
          ...(doc.install ? [ctx.at(r.path, doc.install.line, `install: ${doc.install.what}`)] : []),
          ...(doc.run ? [ctx.at(r.path, doc.run.line, `run: ${doc.run.what}`)] : []),
        ],
        {
          messageId: 'linked',
          data: { target: r.path },
          confidence: (doc.install || found.install) && (doc.run || found.run) ? 'high' : 'low',
        },
      );
    }
    // "docker" is not "doc": documentation words are matched as whole words.
    const links = docs.links(readme).filter((l) => /^https?:/.test(l.target) && !IMAGE_LINK.test(l.target));
    // A link whose words name setup (an "Installation Instructions" page) is the one the reader follows; not the
    // project board, issues or pull requests of the repository ("our development project").
    // A reference definition's label (`[build-url]: …`) is not text the reader sees.
    const setup = links.find(
      (l) =>
        SETUP_LINK.test(l.text) &&
        !/^[\w-]+[-_](?:url|link|shield|badge|img)$/i.test(l.text) &&
        !GITHUB_PAGES_OF_REPO.test(l.target),
    );
    // An install section whose only steps are links to the project's external guide ("## Getting Started" listing
    // the Installation and Configuration pages of its docs site) sends the reader elsewhere like a bare link does.
    if (found.install?.linksOut && !found.run)
      return ctx.gap(
        'externalOnly',
        [
          ctx.at(readme, found.install.linksOut.line, `only an external link: ${found.install.linksOut.url}`),
          ctx.missing([readme], 'no install or run steps'),
        ],
        { data: { url: found.install.linksOut.url }, confidence: 'low' },
      );
    if (found.install || found.run) {
      const has = found.install ? 'install it' : 'run it';
      const lacks = found.install ? 'run it' : 'install it';
      return ctx.gap(
        'incomplete',
        [...ev, ctx.missing([readme], `no ${found.install ? 'run' : 'install'} section or command`)],
        { data: { has, lacks } },
      );
    }
    const external =
      setup ??
      links.find(
        (l) =>
          (SETUP_LINK.test(l.target) &&
            !/^https?:\/\/github\.com\/[^/]+\/[^/]+\/(?:actions|graphs|stargazers|network|issues|pulls)\b/.test(
              l.target,
            )) ||
          /\bdocs?\b|documentation|guide|readthedocs|\bwiki\b(?!pedia)/i.test(`${l.text} ${l.target}`),
      );
    if (external) {
      // The steps exist, only elsewhere: a reviewer may accept a README that sends the reader to its install guide.
      return ctx.gap(
        'externalOnly',
        [
          ctx.at(readme, external.line, `only an external link: ${external.target}`),
          ctx.missing([readme], 'no install or run steps'),
        ],
        // Low either way: the project's own guide is one click away, kept outside the repository.
        { data: { url: external.target }, confidence: 'low' },
      );
    }
    const chars = substance(text);
    if (chars < 200)
      return ctx.gap(
        'titleOnly',
        [ctx.at(readme, 1, `README has ${chars} characters of text and no install/run steps`)],
        { data: { chars } },
      );
    return ctx.gap('noSteps', [
      ctx.at(readme, 1, `README has ${chars} characters of text`),
      ctx.missing([readme], 'no install or run section or command'),
    ]);
  },
});
