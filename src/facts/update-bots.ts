import type { RepoIndex } from '../repo/index.js';

/** Where Renovate reads its configuration from (besides a `renovate` key in package.json). */
export const RENOVATE_FILES = [
  'renovate.json',
  'renovate.json5',
  '.renovaterc',
  '.renovaterc.json',
  '.renovaterc.json5',
  '.github/renovate.json',
  '.github/renovate.json5',
  '.gitlab/renovate.json',
  '.gitlab/renovate.json5',
];

export interface FileLine {
  path: string;
  line?: number;
}

export interface UpdateBotFacts {
  /** .github/dependabot.yml: its `updates` entries' package-ecosystem values, each with the line it is set on. */
  dependabot?: { path: string; updates: { ecosystem: string; line?: number }[] };
  /** Renovate's configuration file, or package.json with a `renovate` key (with that line). */
  renovate?: FileLine & {
    /** `enabledManagers`, when the configuration restricts Renovate to some managers. */
    enabledManagers?: string[];
    enabledManagersLine?: number;
  };
  /** Renovate run by CI (the GitHub Action, the renovate image or `npx renovate`). */
  renovateInCi?: FileLine;
  /**
   * Scala Steward: its repository configuration (`.scala-steward.conf`), else its own commits recorded in
   * .git-blame-ignore-revs (`# Scala Steward: Reformat with scalafmt …`), left by an instance configured elsewhere.
   */
  scalaSteward?: FileLine & { configured: boolean };
  /** GitLab's dependency scanning template (reports vulnerable dependencies, updates nothing). */
  gitlabScanning?: FileLine;
}

/** Dependency update bots the repository configures: Dependabot, Renovate, Scala Steward, GitLab dependency scanning. */
export function detectUpdateBots(repo: RepoIndex): UpdateBotFacts {
  const out: UpdateBotFacts = {};
  const dependabot = ['.github/dependabot.yml', '.github/dependabot.yaml'].find((p) => repo.has(p));
  if (dependabot) {
    const doc = repo.yaml(dependabot) as { updates?: { 'package-ecosystem'?: string }[] } | undefined;
    const ecosystems = (doc?.updates ?? []).map((u) => String(u?.['package-ecosystem'] ?? ''));
    const lines = new Map<string, number | undefined>();
    out.dependabot = {
      path: dependabot,
      updates: ecosystems.map((ecosystem) => {
        if (!lines.has(ecosystem))
          lines.set(
            ecosystem,
            /^[\w-]+$/.test(ecosystem)
              ? repo.grepFirst(new RegExp(`package-ecosystem:\\s*["']?${ecosystem}\\b`), { paths: [dependabot] })?.line
              : undefined,
          );
        const line = lines.get(ecosystem);
        return { ecosystem, ...(line ? { line } : {}) };
      }),
    };
  }
  const renovateFile = RENOVATE_FILES.find((p) => repo.has(p));
  const pkgRenovate = (repo.json('package.json') as { renovate?: unknown } | undefined)?.renovate;
  if (renovateFile || pkgRenovate) {
    const file = renovateFile ?? 'package.json';
    const config =
      (renovateFile
        ? (repo.json(renovateFile) as Record<string, unknown> | undefined)
        : (pkgRenovate as Record<string, unknown>)) ?? {};
    const enabled = Array.isArray(config.enabledManagers) ? (config.enabledManagers as string[]) : undefined;
    const line = renovateFile ? undefined : repo.grepFirst(/"renovate"\s*:/, { paths: ['package.json'] })?.line;
    const enabledLine = enabled ? repo.grepFirst(/enabledManagers/, { paths: [file] })?.line : undefined;
    out.renovate = {
      path: file,
      ...(line ? { line } : {}),
      ...(enabled ? { enabledManagers: enabled } : {}),
      ...(enabledLine ? { enabledManagersLine: enabledLine } : {}),
    };
  }
  const runner = repo.grepFirst(
    /renovatebot\/github-action|renovate\/renovate|\bnpx\s+renovate\b|image:\s*["']?renovate\//,
    { include: ['.github/workflows/*.{yml,yaml}', '.gitlab-ci.yml', '.gitlab/**/*.{yml,yaml}'] },
  );
  if (runner) out.renovateInCi = { path: runner.path, line: runner.line };
  const steward = ['.scala-steward.conf', '.config/.scala-steward.conf', '.github/.scala-steward.conf'].find((p) =>
    repo.has(p),
  );
  const stewardCommit = steward
    ? undefined
    : repo.grepFirst(/^#\s*Scala Steward:/, { paths: ['.git-blame-ignore-revs'] });
  if (steward) out.scalaSteward = { path: steward, configured: true };
  else if (stewardCommit) out.scalaSteward = { path: stewardCommit.path, line: stewardCommit.line, configured: false };
  const scanning = repo.grepFirst(/Dependency-Scanning\.gitlab-ci\.yml|Jobs\/Dependency-Scanning/, {
    include: ['.gitlab-ci.yml', '.gitlab/**/*.{yml,yaml}'],
  });
  if (scanning) out.gitlabScanning = { path: scanning.path, line: scanning.line };
  return out;
}
