import type { RepoIndex } from '../repo/index.js';
import type { DockerfileFacts } from './dockerfiles.js';
import type { StartPathFacts } from './start-path.js';

/**
 * An image that starts as root but whose start script hands the service to another user before it runs:
 * `exec gosu app …`, `su-exec app …`, `s6-setuidgid app …`, `setpriv --reuid=app …`, `runuser -u app …`,
 * `sudo -u app …`, `chroot --userspec=app …`, `chpst -u app …`. The pattern of many official images (the entrypoint
 * fixes volume ownership as root, then drops privileges).
 */
export interface PrivilegeDrop {
  /** The Dockerfile whose image does it. */
  dockerfile: string;
  /** The script (or Dockerfile) line that drops privileges. */
  path: string;
  line: number;
  tool: string;
  /** The user handed the process, as written (may be a variable such as $PUID). */
  user: string;
}

export interface PrivilegeFacts {
  /** Per production Dockerfile path, the first privilege drop seen on its start path. */
  drops: PrivilegeDrop[];
  dropFor(dockerfile: string): PrivilegeDrop | undefined;
}

const DROP =
  /^\s*(?:exec\s+)?(?:[\w/.-]*\/)?(gosu|su-exec|s6-setuidgid|s6-applyuidgid\s+-u|setpriv\s+(?:[^\n]*?\s)?--reuid[=\s]|runuser\s+(?:-\w\s+)*-u|sudo\s+(?:-[A-Za-z]+\s+)*-u|chroot\s+--userspec[=\s]|chpst\s+-u|setuser)\s*["']?(\$\{\w+:?-[^}]*\}|[^\s"':]+)/;
/** Process supervisors that run the service scripts of an image (s6-overlay's /init, s6-svscan, runit). */
const SUPERVISOR = /(^|\/)init$|s6-svscan|runsvdir|s6-rc/;
const SERVICE_SCRIPT = /(^|\/)(?:s6-rc\.d|services\.d|s6|service|sv)\/[^/]+\/run$/;

function isRoot(user: string): boolean {
  return /^(root|0)$/.test(user);
}

/**
 * The user a variable stands for by default: `MEMOS_UID=${MEMOS_UID:-10001}` (or `${PUID:-0}` written in place) in
 * the script. The variable as written when the script gives it no default.
 */
function defaultUser(user: string, lines: string[]): string {
  const inline = /^\$\{\w+:?-([^}]*)\}$/.exec(user);
  if (inline) return inline[1]!;
  const name = /^\$\{?(\w+)\}?$/.exec(user)?.[1];
  if (!name) return user;
  for (const l of lines) {
    const m = new RegExp(`^\\s*(?:export\\s+)?${name}=["']?\\$\\{${name}:?-([^}]*)\\}`).exec(l);
    if (m) return m[1]!;
  }
  return user;
}

function dropIn(repo: RepoIndex, path: string): Omit<PrivilegeDrop, 'dockerfile'> | undefined {
  const file = repo.get(path);
  if (!file || file.size > 200_000) return undefined;
  const lines = repo.lines(path);
  // The script's last command starts the service too, without exec (`gosu app sh -c "/srv/run.sh"` at the end).
  let last = lines.length - 1;
  while (last >= 0 && /^\s*(?:#.*)?$/.test(lines[last]!)) last--;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\s*#/.test(l)) continue;
    // `if …; then exec gosu app "$@"; fi` and `[ … ] && exec su-exec app …` on one line.
    const parts = l.split(/;|&&|\|\||\bthen\b|\belse\b/);
    for (const part of parts) {
      // Only the command that becomes the service process (`exec gosu app …`), not `gosu app mkdir -p /data`.
      if (!/^\s*exec\s/.test(part) && (i !== last || part !== parts.at(-1))) continue;
      // `exec $gosu_cmd /app/Api` with `gosu_cmd="gosu $USERNAME:$GROUPNAME"` set above (when started as root).
      const m = DROP.exec(part) ?? DROP.exec(expandCommandVariable(part, lines.slice(0, i)));
      if (!m) continue;
      // sudo names a numeric id as `#1000` (`exec sudo -E -u "#${PUID}" -- "$@"`).
      const user = m[2]!.replace(/^#/, '');
      // `exec su-exec "${PUID}:${PGID}" …` with PUID defaulting to 0 keeps the service root unless the operator
      // sets it.
      if (user && !isRoot(user) && !isRoot(defaultUser(user, lines)))
        return { path, line: i + 1, tool: m[1]!.split(/\s/)[0]!, user };
    }
  }
  return undefined;
}

/**
 * `exec $cmd rest`: the command a shell variable holds, from its last assignment above (`cmd="gosu app:app"`), put in
 * its place (an empty assignment on another branch, `cmd=""`, is passed over); the part unchanged when the variable is
 * not set to a command there.
 */
function expandCommandVariable(part: string, above: readonly string[]): string {
  const v = /^\s*exec\s+\$\{?(\w+)\}?(.*)$/.exec(part);
  if (!v) return part;
  for (let k = above.length - 1; k >= 0; k--) {
    const a = new RegExp(`^\\s*(?:export\\s+|local\\s+)?${v[1]}=(?:"([^"]+)"|'([^']+)'|([^\\s"']\\S*))\\s*$`).exec(
      above[k]!,
    );
    if (a) return `exec ${a[1] ?? a[2] ?? a[3]}${v[2]}`;
  }
  return part;
}

export function detectPrivileges(
  repo: RepoIndex,
  dockerfiles: DockerfileFacts,
  startPath: StartPathFacts,
): PrivilegeFacts {
  const drops: PrivilegeDrop[] = [];
  for (const df of dockerfiles.production) {
    const targets = startPath.targets.filter((t) => t.source === 'dockerfile' && t.dockerfile === df.path);
    const scripts = new Set<string>();
    let supervised = false;
    for (const t of targets) {
      if (t.entry && !/\.(py|js|mjs|cjs|ts|rb|go|java|php|ex|exs|cs|fs|vb|csproj|fsproj|vbproj)$/.test(t.entry))
        scripts.add(t.entry);
      if (t.command.some((c) => SUPERVISOR.test(c))) supervised = true;
    }
    // The start command itself: ENTRYPOINT ["gosu", "app", …] / CMD su-exec app node server.js.
    let found: Omit<PrivilegeDrop, 'dockerfile'> | undefined;
    for (const ins of df.finalStage?.instructions ?? []) {
      if (ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') continue;
      const argv = ins.args.replace(/^\s*\[|\]\s*$/g, '').replace(/["']\s*,\s*["']/g, ' ');
      const m = DROP.exec(argv.replace(/["']/g, ''));
      if (m && !isRoot(m[2]!)) found = { path: df.path, line: ins.line, tool: m[1]!.split(/\s/)[0]!, user: m[2]! };
    }
    for (const s of scripts) found ??= dropIn(repo, s);
    // Scripts a supervisor starts: the service `run` files shipped beside the Dockerfile's build context.
    if (!found && supervised) {
      // s6-rc one-shot setup steps (`type` = oneshot) come after the long-running services.
      const oneshot = (p: string) => repo.read(p.replace(/run$/, 'type'))?.trim() === 'oneshot';
      const runs = repo.files.filter((f) => !f.isTest && SERVICE_SCRIPT.test(f.path)).map((f) => f.path);
      for (const p of [...runs.filter((r) => !oneshot(r)), ...runs.filter(oneshot)]) {
        found = dropIn(repo, p);
        if (found) break;
      }
    }
    if (found) drops.push({ dockerfile: df.path, ...found });
  }
  return { drops, dropFor: (dockerfile) => drops.find((d) => d.dockerfile === dockerfile) };
}
