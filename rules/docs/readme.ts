import { commands, type DocsFacts, defineRule, substance } from '../../src/sdk/index.js';
import type { Evidence } from '../../src/sdk/types.js';

const INSTALL_CMD =
  /^(sudo\s+)?((python[\d.]*\s+-m\s+)?pip3?\s+install|uv\s+(sync|pip\s+install)|poetry\s+install|pipenv\s+install|conda\s+env\s+create|npm\s+(ci|install|i)\b|yarn(\s+install)?$|yarn\s+install|pnpm\s+(i|install)\b|bun\s+install|go\s+(mod\s+download|build|install|get)|mvnw?\s|\.\/mvnw\s|gradlew?\s|\.\/gradlew\s|bundle(\s+install)?$|bundle\s+install|cargo\s+(build|install)|composer\s+install|dotnet\s+(restore|build)|make(\s+(install|setup|deps|bootstrap|build|init|dev-setup))?$|make\s+(install|setup|deps|bootstrap|build|init)|docker(-|\s+)compose\s+build|docker\s+build|brew\s+install|git\s+clone|cp\s+\S*\.env|mix\s+deps\.get|helm\s+install|(?:ba|z)?sh\s+(?:\.\/)?[\w./-]*install[\w.-]*\.sh\b|\.\/[\w./-]*install[\w.-]*\.sh\b|(?:curl|wget)\s[^|\n]*\|\s*(?:sudo\s+)?(?:ba|z)?sh\b)/i;
const RUN_CMD =
  /^(uvicorn|gunicorn|hypercorn|flask\s+(--app\s+\S+\s+)?run|fastapi\s+(dev|run)|python[\d.]*\s+(-m\s+\S+|\S+\.py|manage\.py\s+runserver)|poetry\s+run|uv\s+run|pipenv\s+run|npm\s+(start|run\s+(dev|start|serve))|yarn\s+(start|dev|serve)|pnpm\s+(start|dev|run\s+dev)|bun\s+(run|dev|start)|node\s+\S+|npx\s+(?!prisma|tsc|eslint|prettier|jest|vitest|playwright|husky|knex|sequelize|typeorm|drizzle-kit)\S+|go\s+run|\.\/(?!mvnw|gradlew)\S+|java\s+-jar|mvnw?\s+spring-boot:run|\.\/mvnw\s+spring-boot:run|gradlew?\s+(bootRun|run)|\.\/gradlew\s+(bootRun|run)|(bundle\s+exec\s+)?(rails|bin\/rails)\s+(s|server)|bin\/dev|cargo\s+run|dotnet\s+run|docker(-|\s+)compose\s+up|docker\s+run|make\s+(run|dev|start|up|serve)|mix\s+phx\.server|php\s+artisan\s+serve|kubectl\s+apply|helm\s+(install|upgrade))/i;
const SELF_CONTAINED =
  /^(go\s+run|cargo\s+run|docker(-|\s+)compose\s+up|docker\s+run|\.?\/?(mvnw?|gradlew?)\s+(spring-boot:run|bootRun|run)|npx\s|uvx\s|uv\s+run|deno\s+run|bin\/dev|mix\s+phx\.server)/i;
const USAGE_CODE =
  /^(from\s+\S+\s+import|import\s+\S+|const\s+.*=\s*require\(|import\s+.*from\s|require\s+['"]|use\s+\w+::|\w+\s*:?=\s*\w+\.New)/;
const INSTALL_HEAD =
  /install|setup|set[- ]up|getting started|quick[- ]?start|prerequisites|requirements|development|local|build|bootstrap/i;
const RUN_HEAD =
  /\brun|usage|start|launch|serv(e|ing)|getting started|quick[- ]?start|development|local|example|how to use|^use$/i;
/** Installing a program by name: the name it is then run by. */
const INSTALLED_PROGRAM =
  /^(?:sudo\s+)?(?:brew\s+install(?:\s+--\S+)*|go\s+install|cargo\s+install|pipx\s+install|npm\s+(?:i|install)\s+-g|(?:apt|apt-get|dnf|yum|snap|port|scoop|winget|choco)\s+install|pacman\s+-S|apk\s+add)\s+(?:-\S+\s+)*([\w.@/-]+)/i;
const SETUP_LINK = /setup|install|getting[-_ ]?started|quick[-_ ]?start|develop|contribut|running|usage|local|build/i;

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
      how: 'Reads the root README: install steps (an Install/Setup/Getting started section with content, or commands like pip install, npm ci, go build, mvn package, docker compose up, an install script such as ./install.sh or curl … | sh) and run steps (a Run/Usage section, or commands like uvicorn, npm start, go run, java -jar). A link to setup docs inside the repository counts; a link to an external site alone does not.',
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
    const found = analyse(docs, readme);
    const ev: Evidence[] = [];
    if (found.install) ev.push(ctx.at(readme, found.install.line, `install: ${found.install.what}`));
    if (found.run) ev.push(ctx.at(readme, found.run.line, `run: ${found.run.what}`));
    if (found.install && found.run) return ctx.pass(ev, { messageId: 'found' });

    // Setup docs inside the repository linked from the README, directly or through other documents (an index page).
    // Of several setup links ("Getting started | Install"), the one whose document has the steps decides.
    const setupLinks = docs.links(readme).flatMap((l) => {
      const target = docs.resolveLink(readme, l.target);
      if (!target || !(SETUP_LINK.test(l.text) || SETUP_LINK.test(target))) return [];
      const doc = target.endsWith('/') ? undefined : analyse(docs, target);
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
      const doc = analyse(docs, r.path);
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
    if (found.install || found.run) {
      const has = found.install ? 'install it' : 'run it';
      const lacks = found.install ? 'run it' : 'install it';
      return ctx.gap(
        'incomplete',
        [...ev, ctx.missing([readme], `no ${found.install ? 'run' : 'install'} section or command`)],
        { data: { has, lacks } },
      );
    }
    // "docker" is not "doc": documentation words are matched as whole words.
    const links = docs.links(readme).filter((l) => /^https?:/.test(l.target));
    // A link whose words name setup (an "Installation Instructions" page) is the one the reader follows.
    const setup = links.find((l) => SETUP_LINK.test(l.text));
    const external =
      setup ??
      links.find(
        (l) =>
          SETUP_LINK.test(l.target) ||
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
        { data: { url: external.target }, ...(setup ? { confidence: 'low' as const } : {}) },
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

interface Found {
  install?: { line: number; what: string };
  run?: { line: number; what: string };
  /** The run command found so far only starts backing services. */
  runBacking?: boolean;
}

function analyse(docs: DocsFacts, p: string): Found {
  const text = docs.text(p);
  const out: Found = {};
  for (const c of commands(text)) {
    for (const part of c.cmd.split(/&&|;|\|\|/)) {
      const cmd = part
        .trim()
        .replace(/^\$\s*/, '')
        .replace(/^(?:[A-Z_][A-Z0-9_]*=\S*\s+)+/, '');
      if (!cmd) continue;
      if (
        (!out.install || /^(cp|git clone)\b/.test(out.install.what.slice(1))) &&
        INSTALL_CMD.test(cmd) &&
        !(out.install && /^(cp|git\s+clone)\b/.test(cmd))
      )
        out.install = { line: c.line, what: `\`${cmd}\`` };
      // `docker compose up -d db redis` starts backing services; prefer a command that starts the app itself.
      const backing = /^docker(-|\s+)compose\s+up\b.*\s-d\b.*\s[a-z][\w-]*\s*$/.test(cmd);
      if ((!out.run || (out.runBacking && !backing)) && (RUN_CMD.test(cmd) || USAGE_CODE.test(cmd))) {
        out.run = { line: c.line, what: `\`${cmd}\`` };
        out.runBacking = backing;
        // Commands that fetch dependencies themselves need no separate install step.
        if (!out.install && !backing && SELF_CONTAINED.test(cmd))
          out.install = { line: c.line, what: `\`${cmd}\` (fetches its own dependencies)` };
      }
    }
  }
  // A command-line tool's README runs the program it installs (`brew install glow` … `glow README.md`).
  if (!out.run) {
    const programs = new Set<string>();
    for (const c of commands(text)) {
      const m = INSTALLED_PROGRAM.exec(c.cmd.trim().replace(/^\$\s*/, ''));
      const name = m?.[1]
        ?.replace(/@.*$/, '')
        .split('/')
        .filter((x) => x && !/^v\d+$/.test(x))
        .pop()
        ?.toLowerCase();
      if (name && name.length > 1) programs.add(name);
    }
    for (const c of programs.size ? commands(text) : []) {
      const first = c.cmd
        .trim()
        .replace(/^\$\s*/, '')
        .split(/\s+/)[0]!
        .toLowerCase();
      if (programs.has(first)) {
        out.run = { line: c.line, what: `\`${c.cmd.trim().replace(/^\$\s*/, '')}\`` };
        break;
      }
    }
  }
  for (const s of docs.evidenceSections(p)) {
    const hasCode = commands(s.body).length > 0;
    const rich = hasCode || substance(s.body) >= 80;
    if (!rich) continue;
    if (!out.install && INSTALL_HEAD.test(s.title)) out.install = { line: s.line, what: `section "${s.title}"` };
    if (!out.run && RUN_HEAD.test(s.title) && hasCode) out.run = { line: s.line, what: `section "${s.title}"` };
  }
  return out;
}
