import YAML from 'yaml';
import type { DocsFacts } from './docs.js';
import { commands, substance } from './markdown.js';

// Deployment instructions written in the README or the guides under docs/: a deploy command shown on its own, or a
// self-hosted application's install section that runs its published image as a server.

const DEPLOY_CMD =
  /^(helm\s+(upgrade|install)|kubectl\s+(apply|rollout)|kustomize\s+build|fly\s+deploy|flyctl\s+deploy|gcloud\s+(run|app)\s+deploy|az\s+(webapp|containerapp)\s+(up|update|create)|aws\s+ecs\s+update-service|copilot\s+(svc\s+)?deploy|serverless\s+deploy|sls\s+deploy|cdk\s+deploy|terraform\s+apply|pulumi\s+up|kamal\s+deploy|(bundle\s+exec\s+)?cap\s+\w+\s+deploy|heroku\s+|git\s+push\s+heroku|vercel\s+(--prod|deploy)|netlify\s+deploy|railway\s+up|render\s+deploy|make\s+deploy|npm\s+run\s+deploy)/;

/**
 * The README, the guides kept under docs/ and the guides the README links to (two links away at most: a root
 * GUIDE.md or INSTALL.md the README sends operators to), where deployment instructions are looked for.
 */
function readmeAndGuides(docs: DocsFacts): string[] {
  const guides = docs.guides();
  const isGuide = new Set(guides.map((f) => f.path));
  const linked = docs
    .reachableFromReadme(2)
    .map((r) => r.path)
    .filter((p) => isGuide.has(p) && /\.(md|mdx|rst|adoc)$/i.test(p));
  return [
    ...new Set(
      [
        docs.readme,
        ...guides.filter((f) => /^docs?\/.+\.(md|mdx|rst|adoc)$/i.test(f.path)).map((f) => f.path),
        ...linked,
      ].filter((p): p is string => !!p),
    ),
  ];
}

/** A deploy command shown in the README or docs (a how-to without a guide). */
export function deployCommand(docs: DocsFacts): { path: string; line: number; text: string } | undefined {
  const paths = readmeAndGuides(docs);
  for (const p of paths) {
    const hit = commands(docs.text(p)).find(
      (c) => DEPLOY_CMD.test(c.cmd.replace(/^\$\s*/, '')) && docs.isEvidenceLine(p, c.line),
    );
    if (hit) return { path: p, line: hit.line, text: hit.cmd };
  }
  return undefined;
}

/** A container started as a long-running server: `docker run -d -v … -p … image`, `podman run`. */
const CONTAINER_RUN = /^(?:sudo\s+)?(?:docker|podman)\s+(?:container\s+)?run\b/;
/** Flags of a long-running container, also written as inline code in prose (`-p 80:8080`). */
const SERVER_FLAGS = /(?:^|[\s`])(?:-v|--volume|-p|--publish|--restart)[\s=]/;
/** A development server started from source: the section is a contributor's quick start, not an operator's guide. */
const DEV_RUN =
  /\b(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?(?:dev|start)\b|\bmix\s+phx\.server\b|\brails\s+s(?:erver)?\b|\bmanage\.py\s+runserver\b|\b(?:go|cargo|dotnet)\s+run\b|\bartisan\s+serve\b/;
/** Images of the databases and brokers a project runs beside it, not the project's own image. */
const DEPENDENCY_IMAGE =
  /\s(?:docker\.io\/)?(?:library\/|bitnami\/)?(?:postgres|postgis\/postgis|mysql|mariadb|redis|valkey\/valkey|mongo|rabbitmq|memcached|elasticsearch|opensearch|minio\/minio|nats|apache\/kafka|zookeeper|localstack\/localstack|mailhog\/mailhog|axllent\/mailpit)(?::[\w.-]+)?(?:\s|$)/;
const INSTALL_HEADING =
  /^(?:how\s+to\s+)?(?:install(?:ation|ing)?|getting started|quick[- ]?start|setup|set-up|running it|usage|self[- ]?host(?:ing)?)\b/i;

/**
 * A section about the project's container image ("Using a Docker image", "Run with Docker", "Docker"): a way of
 * installing it only when it runs the published image as a server (read with the install sections' container test).
 */
const CONTAINER_HEADING =
  /^(?:(?:using|use|with|via|run(?:ning)?(?:\s+(?:it|\w+))?\s+(?:with|in|as|from)|deploy(?:ing)?\s+with)\s+)?(?:an?\s+|the\s+)?(?:docker|podman|oci|container)(?:\s+(?:image|container)s?)?\s*$/i;

/**
 * A section about Compose ("Docker Compose", "Run with Docker compose"): often the development stack, so a way of
 * installing the project only when its compose block runs the published image as a server (composeRunsImage), not
 * when the section merely shows a `docker run` line.
 */
const COMPOSE_HEADING =
  /^(?:(?:using|use|with|via|run(?:ning)?(?:\s+(?:it|\w+))?\s+(?:with|in|as|from)|deploy(?:ing)?\s+with)\s+)?(?:docker[- ]?compose|podman[- ]compose|compose)\s*$/i;

const UPGRADE_HEADING = /^(?:how\s+to\s+)?(?:upgrad(?:e|es|ing)|updat(?:e|es|ing))\b/i;

/**
 * A section on running the project as a server ("Running the server", "Run the app"): a way of installing it only when
 * it runs the published image as a server, as CONTAINER_HEADING's sections.
 */
const RUN_HEADING =
  /^(?:how\s+to\s+)?run(?:ning)?\s+(?:the\s+|your\s+own\s+)?(?:server|service|app|application|instance)\s*$/i;

/**
 * A compose file given in a fenced YAML block of the section (the README's "Compose example") that runs an image not
 * among the databases and brokers as a server: it publishes ports or restarts. For a self-hosted application that is
 * how operators run the published image, as a `docker run -d -p … image` line is.
 */
function composeRunsImage(body: string): boolean {
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*(?:```|~~~)\s*(?:ya?ml|docker-compose|compose)\s*$/i.test(lines[i]!)) continue;
    const block: string[] = [];
    for (i++; i < lines.length && !/^\s*(?:```|~~~)\s*$/.test(lines[i]!); i++) block.push(lines[i]!);
    let doc: unknown;
    try {
      doc = YAML.parse(block.join('\n'));
    } catch {
      continue;
    }
    const services = (doc as { services?: unknown } | null)?.services;
    if (!services || typeof services !== 'object') continue;
    for (const svc of Object.values(services as Record<string, unknown>)) {
      if (!svc || typeof svc !== 'object') continue;
      const { image, ports, restart, build } = svc as Record<string, unknown>;
      if (typeof image !== 'string' || build !== undefined || DEPENDENCY_IMAGE.test(` ${image} `)) continue;
      if (ports !== undefined || restart !== undefined) return true;
    }
  }
  return false;
}
/** What an upgrade heading may name after its verb: the installation itself, not a tool beside it ("Updating Tinybird"). */
const UPGRADE_OF =
  /^(?:(?:the|your|an?|to|from|of|existing|a\s+new|new|latest)\s+)*(?:installation|install|instance|deployment|server|version|release|image|container|docker|compose|helm|app|application|self[- ]?host\w*|v?\d)/i;

/** An upgrade heading about the installation: its verb alone, the installation, or the project (named in the title). */
function upgradesInstallation(title: string, project: string): boolean {
  const tail = title
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .replace(UPGRADE_HEADING, '')
    .replace(/[^\p{L}\p{N}\s.-]+/gu, ' ')
    .trim();
  if (!tail || UPGRADE_OF.test(tail)) return true;
  const named = project.toLowerCase();
  return tail.split(/\s+/).every((w) => named.includes(w.toLowerCase()));
}

/**
 * Setting the application up behind a web server or service manager (`point the webserver root to public/`, an nginx
 * `try_files` line, a systemd unit): written for the operator of a server, not a contributor.
 */
const SERVER_SETUP =
  /\b(?:nginx|apache2?|httpd|caddy|lighttpd|iis|web ?server|document ?root|web ?root|php-fpm|systemd|reverse[- ]proxy|virtual ?host)\b/gi;

/**
 * Registers and starts the program as a system service: systemd, an install-service script, launchd, sc/New-Service.
 * A database, cache or web server started for the program (`systemctl start postgresql`) is not the program.
 */
const SERVICE_INSTALL =
  /\bsystemctl\s+(?:--\S+\s+)*(?:enable|start)\b(?!(?:\s+--\S+)*\s+(?:postgres|mysql|mariadb|redis|docker|containerd|nginx|apache2|httpd|mongod|memcached|rabbitmq|elasticsearch))|\binstall_service\w*|\blaunchctl\s+(?:load|bootstrap)\b|\bsc(?:\.exe)?\s+create\b|\bNew-Service\b|\bupdate-rc\.d\b|\brc-update\s+add\b/;

/** A section that sets up a contributor's machine (`Linux Development Environment Installation`), not a server. */
const DEV_SETUP_TITLE = /\b(?:development|developer|dev|contributor|contributing|local)\b/i;

/** Installs a published package for its command, not the source tree: `pip install calibreweb`, `pipx install x`. */
const PACKAGE_INSTALL =
  /^(?:sudo\s+)?(?:(?:python3?\s+-m\s+)?pip3?\s+install|pipx\s+install|uv\s+tool\s+install)(?![^\n]*\s(?:-[re]|--requirement|--editable)\b)\s+(?:--?[\w-]+(?:=\S+)?\s+)*["']?([A-Za-z][\w-]*(?:\.(?!txt\b|toml\b|cfg\b|whl\b)[\w-]+)*)(?:\[[\w,-]+\])?(?:[=<>~!]=?[\w.*]+)?["']?\s*$/;

/** A script a command runs, by path or by its raw URL (`bash <(wget -qO- https://…/master/scripts/install.sh)`). */
const SCRIPT_REF = /[\w.:/-]+\.(?:sh|bash|ps1)\b/g;

/** The text of the repository's own script a command runs, if any (the URL's path ends with a file of the repository). */
function ownScript(cmd: string, read: (p: string) => string | undefined): string | undefined {
  for (const [ref] of cmd.matchAll(SCRIPT_REF)) {
    const parts = ref.replace(/^\w+:\/\//, '').split('/');
    for (let i = 0; i < parts.length; i++) {
      const text = read(parts.slice(i).join('/'));
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

/**
 * A self-hosted application's install section that runs its published container image as a server (with volumes,
 * ports or a restart policy), or installs its published package and starts the command the package installs
 * (`pip install calibreweb` then `cps`): for the operators it serves, that is the deployment guide.
 * `installed` names the commands the project's packages install (console scripts).
 */
export function selfHostInstall(
  docs: DocsFacts,
  installed: readonly string[] = [],
  read: (p: string) => string | undefined = () => undefined,
):
  | { path: string; line: number; title: string; how: 'container' | 'package' | 'server' | 'upgrade' | 'service' }
  | undefined {
  const paths = readmeAndGuides(docs);
  for (const p of paths) {
    const sections = docs.evidenceSections(p);
    // An install guide that also tells operators how to upgrade an installation (`## Upgrade` with its commands) is
    // written for those who run it, even when its first example starts the development server.
    const project = sections
      .filter((s) => s.level === 1)
      .map((s) => s.title)
      .join(' ');
    const upgrade = sections.find(
      (s) =>
        UPGRADE_HEADING.test(s.title.replace(/^[^\p{L}\p{N}]+/u, '')) &&
        upgradesInstallation(s.title, project) &&
        commands(s.body, s.line).length > 0,
    );
    const installs = sections.filter(
      (s) => INSTALL_HEADING.test(s.title.replace(/^[^\p{L}\p{N}]+/u, '')) && substance(s.body) >= 300,
    );
    if (upgrade && installs.length)
      return { path: p, line: installs[0]!.line, title: installs[0]!.title, how: 'upgrade' };
    // An install section (`### Linux Installation`, `#### Installing as a Service`) that registers the program as a
    // system service the host starts and restarts (systemd, launchd, a Windows service): how operators run it. The
    // registration may sit in the repository's own install script the section runs (a one-line `bash <(wget …)`).
    for (const s of sections) {
      if (!/\binstall(?:ation|ing)?\b/i.test(s.title) || DEV_SETUP_TITLE.test(s.title) || substance(s.body) < 200)
        continue;
      const cmds = commands(s.body, s.line).map((c) => c.cmd.replace(/^\$\s*/, '').trim());
      if (cmds.some((c) => SERVICE_INSTALL.test(c) || SERVICE_INSTALL.test(ownScript(c, read) ?? '')))
        return { path: p, line: s.line, title: s.title, how: 'service' };
    }
    for (const s of sections) {
      // Headings often open with an emoji (`## 🔧 How to Install`).
      const title = s.title.replace(/^[^\p{L}\p{N}]+/u, '');
      const installing = INSTALL_HEADING.test(title);
      if (COMPOSE_HEADING.test(title)) {
        if (substance(s.body) >= 300 && composeRunsImage(s.body))
          return { path: p, line: s.line, title: s.title, how: 'container' };
        continue;
      }
      if ((!installing && !CONTAINER_HEADING.test(title) && !RUN_HEADING.test(title)) || substance(s.body) < 300)
        continue;
      // An install section whose ways include building from source (`### Build from source` … `cargo run`) still
      // offers operators its published image in a subsection of its own (`### Run a Docker image`).
      const ways = DEV_RUN.test(s.body)
        ? sections.filter((x) => x.line > s.line && x.line <= s.endLine && x.level > s.level && !DEV_RUN.test(x.body))
        : [s];
      const served = ways.find((w) => {
        const cmds = commands(w.body, w.line).map((c) => c.cmd.replace(/^\$\s*/, '').trim());
        // Beside a from-source way, a throwaway database for the development server is no way of running the project.
        const own = (c: string) => w === s || !(/\s--rm\b/.test(c) || DEPENDENCY_IMAGE.test(c));
        return (
          (cmds.some((c) => CONTAINER_RUN.test(c) && own(c)) && SERVER_FLAGS.test(w.body)) || composeRunsImage(w.body)
        );
      });
      if (served) return { path: p, line: served.line, title: served.title, how: 'container' };
      if (!installing || DEV_RUN.test(s.body)) continue;
      // The application set up on a web server by hand (unpack the release, point the web root at public/, an nginx
      // location block): two different server words at least, so a passing mention does not count.
      const server = new Set([...s.body.matchAll(SERVER_SETUP)].map((m) => m[0].toLowerCase().replace(/\s+/g, '')));
      if (server.size >= 2) return { path: p, line: s.line, title: s.title, how: 'server' };
      const cmds = commands(s.body, s.line).map((c) => c.cmd.replace(/^\$\s*/, '').trim());
      // The published package installed by name, then the command it installs run on its own.
      if (
        installed.length &&
        cmds.some((c) => PACKAGE_INSTALL.test(c)) &&
        cmds.some((c) => installed.includes(c.split(/\s+/)[0]!))
      )
        return { path: p, line: s.line, title: s.title, how: 'package' };
    }
  }
  return undefined;
}
