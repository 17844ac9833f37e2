import type { DocsFacts } from './docs.js';
import { commands, substance } from './markdown.js';

// Install and run steps in a README or setup guide: install/run commands in its code blocks and shell lines, or
// Install/Run sections with content. A command-line tool's README that runs the program it installs counts as run steps.

const INSTALL_CMD =
  /^(sudo\s+)?((python[\d.]*\s+-m\s+)?pip3?\s+install|uv\s+(sync|pip\s+install)|poetry\s+install|pipenv\s+install|conda\s+env\s+create|npm\s+(ci|install|i)\b|yarn(\s+install)?$|yarn\s+install|pnpm\s+(i|install)\b|bun\s+install|go\s+(mod\s+download|build|install|get)|mvnw?\s|\.\/mvnw\s|gradlew?\s|\.\/gradlew\s|bundle(\s+install)?$|bundle\s+install|cargo\s+(build|install)|composer\s+install|dotnet\s+(restore|build|new\s+(--)?install)|make(\s+(install|setup|deps|bootstrap|build|init|dev-setup))?$|make\s+(install|setup|deps|bootstrap|build|init)|docker(-|\s+)compose\s+build|docker\s+build|brew\s+install|git\s+clone|cp\s+\S*\.env|mix\s+(?:deps\.get|setup\b)|helm\s+install|(?:ba|z)?sh\s+(?:\.\/)?[\w./-]*install[\w.-]*\.sh\b|\.\/[\w./-]*install[\w.-]*\.sh\b|(?:curl|wget)\s[^|\n]*\|\s*(?:sudo\s+)?(?:ba|z)?sh\b)/i;
const RUN_CMD =
  /^(uvicorn|gunicorn|hypercorn|flask\s+(--app\s+\S+\s+)?run|fastapi\s+(dev|run)|python[\d.]*\s+(-m\s+\S+|\S+\.py|manage\.py\s+runserver)|poetry\s+run|uv\s+run|pipenv\s+run|npm\s+(start|run\s+(dev|start|serve))|yarn\s+(start|dev|serve)|pnpm\s+(start|dev|run\s+dev)|bun\s+(run|dev|start)|node\s+\S+|npx\s+(?!prisma|tsc|eslint|prettier|jest|vitest|playwright|husky|knex|sequelize|typeorm|drizzle-kit)\S+|go\s+run|\.\/(?!mvnw|gradlew)\S+|java\s+-jar|mvnw?\s+spring-boot:run|\.\/mvnw\s+spring-boot:run|gradlew?\s+(bootRun|run)|\.\/gradlew\s+(bootRun|run)|(bundle\s+exec\s+)?(rails|bin\/rails)\s+(s|server)|(bundle\s+exec\s+)?(foreman|overmind|hivemind|honcho|goreman)\s+(start|s)\b|(bundle\s+exec\s+)?(rackup|puma|unicorn|falcon\s+serve)\b|ruby\s+\S+\.rb\b|bin\/dev|cargo\s+run|dotnet\s+run|docker(-|\s+)compose\s+up|docker\s+run|make\s+(run|dev|start|up|serve)|(?:iex\s+-S\s+)?mix\s+phx\.server|php\s+artisan\s+serve|kubectl\s+apply|helm\s+(install|upgrade))/i;
const SELF_CONTAINED =
  /^(go\s+run|cargo\s+run|docker(-|\s+)compose\s+up|docker\s+run|\.?\/?(mvnw?|gradlew?)\s+(spring-boot:run|bootRun|run)|npx\s|uvx\s|uv\s+run|deno\s+run|bin\/dev|(?:iex\s+-S\s+)?mix\s+phx\.server)/i;
const USAGE_CODE =
  /^(from\s+\S+\s+import|import\s+\S+|const\s+.*=\s*require\(|import\s+.*from\s|require\s+['"]|use\s+\w+::|\w+\s*:?=\s*\w+\.New)/;
// Whole words: "We're building our Community" is no build section, "Localization" no local setup.
const INSTALL_HEAD =
  /\b(?:install\w*|setup|set[- ]up|getting started|quick[- ]?start|prerequisites|requirements|development|local(?:ly)?|build(?:ing (?:from source|locally))?|bootstrap\w*)\b/i;
const RUN_HEAD =
  /\brun|usage|start|launch|serv(e|ing)|getting started|quick[- ]?start|development|local|example|how to use|^use$/i;
/**
 * A web application a web server runs (PHP): the step that points the server at its public folder ("configure your
 * webserver to serve from the `public/` folder", "the webserver root should point to the public directory") is how
 * it is run.
 */
const WEB_SERVER_RUN =
  /\b(?:web ?server|nginx|apache2?|caddy|lighttpd|document ?root|web ?root|virtual ?host)\b[^\n]{0,80}?[`'"]?\/?(?:public|web|htdocs|www|html)\/?[`'"]?(?:\s+(?:folder|directory|dir)\b|\/)/i;
/**
 * A run section's prose that names what to start (`To run the application, run the [App.Host](App.Host) project`, "start
 * the `api` service"): the step, in words, for a project started from an IDE or an orchestrator rather than a command.
 * What to start is a link, code or a dotted project name, not a plain word ("to run the application you need …").
 */
const PROSE_RUN =
  /\b(?:[Rr]un|[Ss]tart|[Ll]aunch)\s+(?:the\s+)?(?:\[[^\]\n]+\]\([^)\n]*\)|`[^`\n]+`|[A-Z][\w-]*(?:[./][\w-]+)+)\s+(?:project|app|application|service|server|solution|host)\b/;
/** Installing a program by name: the name it is then run by. */
const INSTALLED_PROGRAM =
  /^(?:sudo\s+)?(?:brew\s+install(?:\s+--\S+)*|go\s+install|cargo\s+install|pipx\s+install|npm\s+(?:i|install)\s+-g|(?:apt|apt-get|dnf|yum|snap|port|scoop|winget|choco)\s+install|pacman\s+-S|apk\s+add)\s+(?:-\S+\s+)*([\w.@/-]+)/i;
/** The install and run steps a document gives, each with its line. */
export interface SetupSteps {
  /**
   * Where the install steps are; `linksOut` when they are a section without commands whose prose sends the reader to
   * an external guide (the first such link): the steps are one click away, outside the repository.
   */
  install?: { line: number; what: string; linksOut?: { line: number; url: string } };
  run?: { line: number; what: string };
  /** The run command found so far only starts backing services. */
  runBacking?: boolean;
}

/** A link to a guide on another site (`[Installation](https://docs.example.dev/install)`), not an image or badge. */
const EXTERNAL_GUIDE =
  /\[[^\]]*\]\((https?:\/\/(?!img\.shields\.io)[^)\s]+)\)|<a\s[^>]*\bhref=["'](https?:\/\/[^"']+)["'][^>]*>[^<]*<\/a>/g;
const GUIDE_WORDS = /(?:\[|>)[^\]<]*\b(?:install\w*|set[- ]?up|getting started|guide|docs|documentation|wiki)\b/i;

export function setupSteps(docs: DocsFacts, p: string): SetupSteps {
  const text = docs.text(p);
  const out: SetupSteps = {};
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
    // Prose that only sends the reader to an external site ("please refer to our [documentation](https://…)") holds
    // no steps: its links are read without their words.
    const rich =
      hasCode ||
      substance(s.body.replace(/\[[^\]]*\]\(https?:[^)]*\)|<a\s[^>]*\bhref=["']https?:[^>]*>[^<]*<\/a>/g, '')) >= 80;
    if (!rich) continue;
    if (!out.install && INSTALL_HEAD.test(s.title)) {
      out.install = { line: s.line, what: `section "${s.title}"` };
      // The link that names the guide ("[Installation](https://docs…)") before any other in the section.
      const outs = hasCode ? [] : [...s.body.matchAll(EXTERNAL_GUIDE)];
      const away = outs.find((l) => GUIDE_WORDS.test(l[0])) ?? outs[0];
      if (away && !WEB_SERVER_RUN.test(s.body))
        out.install.linksOut = {
          line: s.bodyStart + s.body.slice(0, away.index).split('\n').length - 1,
          url: (away[1] ?? away[2])!,
        };
    }
    if (!out.run && RUN_HEAD.test(s.title) && hasCode) out.run = { line: s.line, what: `section "${s.title}"` };
    if (!out.run && (INSTALL_HEAD.test(s.title) || RUN_HEAD.test(s.title))) {
      const web = WEB_SERVER_RUN.exec(s.body);
      if (web)
        out.run = {
          line: s.line + s.body.slice(0, web.index).split('\n').length,
          what: `section "${s.title}" points the web server at the public folder`,
        };
    }
    // A Run section that says in words what to start; not a section on running the tests.
    if (!out.run && RUN_HEAD.test(s.title) && !/\btests?\b/i.test(s.title)) {
      const prose = PROSE_RUN.exec(s.body);
      if (prose)
        out.run = {
          line: s.line + s.body.slice(0, prose.index).split('\n').length,
          what: `section "${s.title}": ${prose[0].replace(/\]\([^)]*\)/g, ']').replace(/[[\]`]/g, '')}`,
        };
    }
  }
  return out;
}
