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
const INSTALL_HEADING =
  /^(?:how\s+to\s+)?(?:install(?:ation|ing)?|getting started|quick[- ]?start|setup|set-up|running it|usage|self[- ]?host(?:ing)?)\b/i;

const UPGRADE_HEADING = /^(?:how\s+to\s+)?(?:upgrad(?:e|es|ing)|updating)\b/i;

/** Registers and starts the program as a system service: systemd, an install-service script, launchd, sc/New-Service. */
const SERVICE_INSTALL =
  /\bsystemctl\s+(?:--\S+\s+)*(?:enable|start)\b|\binstall_service\w*|\blaunchctl\s+(?:load|bootstrap)\b|\bsc(?:\.exe)?\s+create\b|\bNew-Service\b|\bupdate-rc\.d\b|\brc-update\s+add\b/;

/** Installs a published package for its command, not the source tree: `pip install calibreweb`, `pipx install x`. */
const PACKAGE_INSTALL =
  /^(?:sudo\s+)?(?:(?:python3?\s+-m\s+)?pip3?\s+install|pipx\s+install|uv\s+tool\s+install)(?![^\n]*\s(?:-[re]|--requirement|--editable)\b)\s+(?:--?[\w-]+(?:=\S+)?\s+)*["']?([A-Za-z][\w-]*(?:\.(?!txt\b|toml\b|cfg\b|whl\b)[\w-]+)*)(?:\[[\w,-]+\])?(?:[=<>~!]=?[\w.*]+)?["']?\s*$/;

/**
 * A self-hosted application's install section that runs its published container image as a server (with volumes,
 * ports or a restart policy), or installs its published package and starts the command the package installs
 * (`pip install calibreweb` then `cps`): for the operators it serves, that is the deployment guide.
 * `installed` names the commands the project's packages install (console scripts).
 */
export function selfHostInstall(
  docs: DocsFacts,
  installed: readonly string[] = [],
): { path: string; line: number; title: string; how: 'container' | 'package' | 'service' } | undefined {
  const paths = readmeAndGuides(docs);
  for (const p of paths) {
    const sections = docs.evidenceSections(p);
    // An install guide that also tells operators how to upgrade an installation (`## Upgrade` with its commands) is
    // written for those who run it, even when its first example starts the development server.
    const upgrade = sections.find(
      (s) => UPGRADE_HEADING.test(s.title.replace(/^[^\p{L}\p{N}]+/u, '')) && commands(s.body, s.line).length > 0,
    );
    const installs = sections.filter(
      (s) => INSTALL_HEADING.test(s.title.replace(/^[^\p{L}\p{N}]+/u, '')) && substance(s.body) >= 300,
    );
    if (upgrade && installs.length)
      return { path: p, line: installs[0]!.line, title: installs[0]!.title, how: 'container' };
    // An install section (`### Linux Installation`, `#### Installing as a Service`) that registers the program as a
    // system service the host starts and restarts (systemd, launchd, a Windows service): how operators run it.
    for (const s of sections) {
      if (!/\binstall(?:ation|ing)?\b/i.test(s.title) || substance(s.body) < 200) continue;
      const cmds = commands(s.body, s.line).map((c) => c.cmd.replace(/^\$\s*/, '').trim());
      if (cmds.some((c) => SERVICE_INSTALL.test(c))) return { path: p, line: s.line, title: s.title, how: 'service' };
    }
    for (const s of sections) {
      // Headings often open with an emoji (`## 🔧 How to Install`).
      if (
        !INSTALL_HEADING.test(s.title.replace(/^[^\p{L}\p{N}]+/u, '')) ||
        substance(s.body) < 300 ||
        DEV_RUN.test(s.body)
      )
        continue;
      const cmds = commands(s.body, s.line).map((c) => c.cmd.replace(/^\$\s*/, '').trim());
      const run = cmds.some((c) => CONTAINER_RUN.test(c));
      if (run && SERVER_FLAGS.test(s.body)) return { path: p, line: s.line, title: s.title, how: 'container' };
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
