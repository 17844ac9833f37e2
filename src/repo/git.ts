import { execFileSync } from 'node:child_process';

/**
 * Options that stop git from running anything configured by the audited repository
 * (fsmonitor hooks, pagers, external diff drivers): auditing must never execute the target's code.
 */
export const SAFE_GIT_CONFIG = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.pager=cat',
  '-c',
  'diff.external=',
  '-c',
  'core.untrackedCache=false',
];

export function git(cwd: string, args: string[], opts: { maxBuffer?: number } = {}): string {
  return execFileSync('git', [...SAFE_GIT_CONFIG, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: opts.maxBuffer ?? 256 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
  });
}

export function tryGit(cwd: string, args: string[]): string | undefined {
  try {
    return git(cwd, args);
  } catch {
    return undefined;
  }
}

export function isGitWorkTree(dir: string): boolean {
  return tryGit(dir, ['rev-parse', '--is-inside-work-tree'])?.trim() === 'true';
}

export interface GitInfo {
  commit?: string;
  branch?: string;
  dirty?: boolean;
  remote?: string;
  topLevel?: string;
}

export function gitInfo(dir: string): GitInfo {
  if (!isGitWorkTree(dir)) return {};
  const commit = tryGit(dir, ['rev-parse', '--verify', '-q', 'HEAD'])?.trim() || undefined;
  const branchRaw = tryGit(dir, ['rev-parse', '--abbrev-ref', 'HEAD'])?.trim();
  const branch = branchRaw && branchRaw !== 'HEAD' ? branchRaw : undefined;
  const status = tryGit(dir, ['status', '--porcelain', '--untracked-files=normal', '--', '.']);
  const dirty = status === undefined ? undefined : status.trim().length > 0;
  const remotes =
    tryGit(dir, ['remote'])
      ?.split('\n')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  const remoteName = remotes.includes('origin') ? 'origin' : remotes[0];
  const remote = remoteName ? tryGit(dir, ['remote', 'get-url', remoteName])?.trim() || undefined : undefined;
  const topLevel = tryGit(dir, ['rev-parse', '--show-toplevel'])?.trim() || undefined;
  return { commit, branch, dirty, remote, topLevel };
}
