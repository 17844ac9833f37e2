import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

/**
 * The only module that runs git. The audited repository is hostile input: its `.git/config`, `.gitattributes` and
 * work tree must never make git execute anything. Every call here therefore
 *
 * - runs a git binary found on an absolute PATH entry (a `git` file in the audited directory is never run, even when
 *   PATH holds `.` or an empty entry), with relative PATH entries removed for anything git itself starts;
 * - drops environment variables that point git at another repository, index or program (GIT_DIR, GIT_CONFIG_PARAMETERS,
 *   GIT_EXTERNAL_DIFF, GIT_SSH_COMMAND, GIT_ASKPASS, PAGER …);
 * - adds command-scope config (GIT_CONFIG_COUNT, which wins over the repository's config) that switches off every
 *   repository-controlled program: fsmonitor, hooks, pager, external diff, signature programs and signature display,
 *   credential helpers, transports (so ssh commands, upload-pack and receive-pack can never start), and every
 *   clean/smudge/process filter, textconv and diff/merge driver the configuration defines (found by reading the
 *   configuration, which runs nothing);
 * - runs only the read-only subcommands listed in GitCommand (never an alias, never a command that checks out,
 *   fetches or shows signatures).
 *
 * `safe.directory` is respected: a repository owned by another user is refused by git, and the caller is told why
 * (`GitProbe.state === 'refused'`), so it can list files without git and say so.
 */

type GitCommand = 'rev-parse' | 'ls-files' | 'ls-tree' | 'cat-file' | 'status' | 'rev-list' | 'config';

/** Command-scope settings that neutralise repository-controlled execution. */
const HARDENING: readonly [string, string][] = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', '/dev/null'],
  ['core.pager', 'cat'],
  ['core.untrackedCache', 'false'],
  ['core.askPass', ''],
  ['core.sshCommand', ''],
  ['core.gitProxy', ''],
  ['core.alternateRefsCommand', ''],
  ['diff.external', ''],
  ['log.showSignature', 'false'],
  ['gpg.program', ''],
  ['gpg.openpgp.program', ''],
  ['gpg.ssh.program', ''],
  ['gpg.x509.program', ''],
  ['credential.helper', ''],
  ['protocol.allow', 'never'],
  ['uploadpack.packObjectsHook', ''],
  ['submodule.recurse', 'false'],
  ['status.submoduleSummary', 'false'],
  ['color.ui', 'false'],
];

/** Keys of repository-defined programs: `filter.<x>.clean`, `diff.<x>.textconv`, `merge.<x>.driver` … */
const DRIVER_KEY = /^(?:filter\..+\.(?:clean|smudge|process)|diff\..+\.(?:textconv|command)|merge\..+\.driver)$/i;

/** Environment variables git reads that must not come from the caller's shell into an audit. */
const KEEP_GIT_ENV = new Set([
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_EXEC_PATH',
  // Only makes git stricter (treats every repository as owned by someone else): lets tests exercise safe.directory.
  'GIT_TEST_ASSUME_DIFFERENT_OWNER',
]);
const DROP_ENV = new Set(['PAGER', 'SSH_ASKPASS', 'EDITOR', 'VISUAL', 'LESSOPEN', 'LESSCLOSE']);

let gitBinary: string | null | undefined;

/** The absolute path of git from the absolute PATH entries only; null when git is not installed. */
export function findGitBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const names = process.platform === 'win32' ? ['git.exe', 'git.cmd'] : ['git'];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        /* not here */
      }
    }
  }
  return null;
}

function binary(): string | null {
  if (gitBinary === undefined) gitBinary = findGitBinary();
  return gitBinary;
}

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || DROP_ENV.has(k)) continue;
    if (k.startsWith('GIT_') && !KEEP_GIT_ENV.has(k)) continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((d) => d && path.isAbsolute(d))
    .join(path.delimiter);
  // English messages, so refusals (dubious ownership, shallow history) can be recognised and explained.
  env.LC_ALL = 'C';
  env.LANGUAGE = 'C';
  env.GIT_OPTIONAL_LOCKS = '0';
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_PAGER = 'cat';
  env.GIT_NO_REPLACE_OBJECTS = '1';
  env.GIT_ATTR_NOSYSTEM = '1';
  return env;
}

function withConfig(env: NodeJS.ProcessEnv, pairs: readonly [string, string][]): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, GIT_CONFIG_COUNT: String(pairs.length) };
  pairs.forEach(([k, v], i) => {
    out[`GIT_CONFIG_KEY_${i}`] = k;
    out[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  return out;
}

export interface GitResult {
  ok: boolean;
  stdout: Buffer;
  stderr: string;
}

/** What the configuration seen from `cwd` says about programs and remotes (reading configuration runs nothing). */
interface ConfigFacts {
  /** Every driver program it defines, blanked. */
  drivers: [string, string][];
  /** `remote.<name>.url` entries, in configuration order. */
  remoteUrls: [string, string][];
  /** Remote names, in configuration order. */
  remotes: string[];
  /** `url.<base>.insteadOf` rewrites: [prefix, base]. */
  insteadOf: [string, string][];
}

function configFacts(cwd: string, env: NodeJS.ProcessEnv, git: string): ConfigFacts {
  const r = spawnSync(git, ['config', '-z', '--get-regexp', '^(filter|diff|merge|remote|url)\\.'], {
    cwd,
    env: withConfig(env, HARDENING),
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const keys = new Set<string>();
  const facts: ConfigFacts = { drivers: [], remoteUrls: [], remotes: [], insteadOf: [] };
  // -z: each entry is "key\nvalue\0" (a key without a value has no newline)
  for (const rec of (r.stdout ?? Buffer.alloc(0)).toString('utf8').split('\0')) {
    const nl = rec.indexOf('\n');
    const key = nl < 0 ? rec : rec.slice(0, nl);
    const value = nl < 0 ? undefined : rec.slice(nl + 1);
    if (!key) continue;
    if (DRIVER_KEY.test(key)) keys.add(key);
    // Section and variable names come lower-cased; the subsection (a remote's name, a URL) keeps its case.
    const remote = /^remote\.(.+)\.([^.]+)$/.exec(key);
    if (remote) {
      if (!facts.remotes.includes(remote[1]!)) facts.remotes.push(remote[1]!);
      if (remote[2] === 'url' && value !== undefined) facts.remoteUrls.push([remote[1]!, value]);
    }
    const url = /^url\.(.+)\.insteadof$/.exec(key);
    if (url && value !== undefined) facts.insteadOf.push([value, url[1]!]);
  }
  facts.drivers = [...keys].map((k) => [k, ''] as [string, string]);
  return facts;
}

/**
 * The fetch URL of `origin`, else of the first remote by name, as `git remote -v` gives it: a remote's first URL with
 * the longest matching `url.<base>.insteadOf` prefix rewritten (git's documented rule).
 */
function remoteUrl(c: ConfigFacts): string | undefined {
  const names = [...c.remotes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const name = names.includes('origin') ? 'origin' : names[0];
  const url = name === undefined ? undefined : c.remoteUrls.find(([n]) => n === name)?.[1];
  if (!url) return undefined;
  let best: [string, string] | undefined;
  for (const rule of c.insteadOf)
    if (url.startsWith(rule[0]) && (!best || rule[0].length > best[0].length)) best = rule;
  return (best ? best[1] + url.slice(best[0].length) : url).trim() || undefined;
}

/** Commands that may read work-tree content through attributes (and so through filter drivers). */
const READS_WORK_TREE_CONTENT = new Set<GitCommand>(['status']);

/**
 * Runs one hardened, read-only git command in `cwd`. Never throws for a git failure (ok=false, stderr kept); throws
 * nothing when git is missing either (ok=false, stderr says so).
 */
export function runGit(
  cwd: string,
  command: GitCommand,
  args: readonly string[],
  opts: { input?: string; maxBuffer?: number; config?: ConfigFacts } = {},
): GitResult {
  const git = binary();
  if (!git) return { ok: false, stdout: Buffer.alloc(0), stderr: 'git is not installed' };
  const env = baseEnv();
  const config = READS_WORK_TREE_CONTENT.has(command)
    ? [...HARDENING, ...(opts.config ?? configFacts(cwd, env, git)).drivers]
    : HARDENING;
  const r = spawnSync(git, [command, ...args], {
    cwd,
    env: withConfig(env, config),
    input: opts.input,
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    maxBuffer: opts.maxBuffer ?? 256 * 1024 * 1024,
    windowsHide: true,
  });
  const stderr = (r.stderr ?? Buffer.alloc(0)).toString('utf8');
  if (r.error) return { ok: false, stdout: Buffer.alloc(0), stderr: r.error.message };
  return { ok: r.status === 0, stdout: r.stdout ?? Buffer.alloc(0), stderr };
}

/**
 * runGit without blocking: the same hardened command in a child process the caller awaits, so that git works on the
 * other core while this process goes on (an audit judges the repository while `git status` walks the work tree).
 */
export function runGitAsync(
  cwd: string,
  command: GitCommand,
  args: readonly string[],
  opts: { maxBuffer?: number; config?: ConfigFacts } = {},
): Promise<GitResult> {
  const git = binary();
  if (!git) return Promise.resolve({ ok: false, stdout: Buffer.alloc(0), stderr: 'git is not installed' });
  const env = baseEnv();
  const config = READS_WORK_TREE_CONTENT.has(command)
    ? [...HARDENING, ...(opts.config ?? configFacts(cwd, env, git)).drivers]
    : HARDENING;
  const max = opts.maxBuffer ?? 256 * 1024 * 1024;
  return new Promise((resolve) => {
    const fail = (message: string): void => resolve({ ok: false, stdout: Buffer.alloc(0), stderr: message });
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(git, [command, ...args], {
        cwd,
        env: withConfig(env, config),
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (e) {
      fail((e as Error).message);
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let error: string | undefined;
    child.stdout!.on('data', (b: Buffer) => {
      size += b.length;
      // Like spawnSync's maxBuffer: more output than allowed is a failure, and git is stopped.
      if (size > max) {
        error ??= `stdout maxBuffer length exceeded`;
        child.kill();
      } else out.push(b);
    });
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      error ??= e.message;
    });
    child.on('close', (code) => {
      if (error !== undefined) fail(error);
      else resolve({ ok: code === 0, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

function out(cwd: string, command: GitCommand, args: readonly string[]): string | undefined {
  const r = runGit(cwd, command, args);
  return r.ok ? r.stdout.toString('utf8') : undefined;
}

/** What git can say about a directory. */
export type GitProbe =
  | { state: 'repo'; topLevel: string }
  | { state: 'none' }
  | { state: 'refused'; reason: 'dubious-ownership' | 'unavailable' | 'error'; detail: string };

/** Whether `dir` is inside a git work tree, and if git refuses to read it, why. */
export function probeGit(dir: string): GitProbe {
  return probe(dir, []).probe;
}

/** probeGit, asking rev-parse for more (options that answer in any repository) in the same call: their lines. */
function probe(dir: string, more: readonly string[]): { probe: GitProbe; more: string[] } {
  const r = runGit(path.resolve(dir), 'rev-parse', ['--is-inside-work-tree', '--show-toplevel', ...more]);
  let p: GitProbe;
  let extra: string[] = [];
  if (r.ok) {
    const [inside, top, ...rest] = r.stdout.toString('utf8').split('\n');
    p = inside?.trim() === 'true' && top ? { state: 'repo', topLevel: top.trim() } : { state: 'none' };
    extra = rest.map((l) => l.trim());
  } else if (/dubious ownership/i.test(r.stderr)) {
    p = { state: 'refused', reason: 'dubious-ownership', detail: 'the repository is owned by another user' };
  } else if (r.stderr === 'git is not installed') {
    p = { state: 'refused', reason: 'unavailable', detail: 'git is not installed' };
  } else if (/not a git repository/i.test(r.stderr) || !r.stderr.trim()) {
    p = { state: 'none' };
  } else {
    p = { state: 'refused', reason: 'error', detail: firstLine(r.stderr) };
  }
  return { probe: p, more: extra };
}

export function isGitWorkTree(dir: string): boolean {
  return probeGit(dir).state === 'repo';
}

/** One line explaining why git information is missing, or undefined when git read the repository. */
export function gitUnavailableReason(p: GitProbe): string | undefined {
  if (p.state !== 'refused') return undefined;
  if (p.reason === 'dubious-ownership')
    return 'git refused the repository because it is owned by another user (safe.directory); if you trust it: git config --global --add safe.directory <path>';
  if (p.reason === 'unavailable') return 'git is not installed';
  return `git could not read the repository: ${p.detail}`;
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .map((l) => l.replace(/^(fatal|error):\s*/, '').trim())
      .find(Boolean) ?? 'unknown error'
  );
}

/** Throws a UserError that says why git cannot read `dir` (for --ref and --backfill). */
export function requireGitRepo(dir: string, what: string): string {
  const p = probeGit(dir);
  if (p.state === 'repo') return p.topLevel;
  const why = gitUnavailableReason(p);
  throw new UserError(why ? `${what} needs git, and ${why}` : `${what} needs a git repository, and ${dir} is not one`);
}

export interface GitInfo {
  commit?: string;
  branch?: string;
  dirty?: boolean;
  remote?: string;
  topLevel?: string;
  /** The clone is shallow: older commits are not in it. */
  shallow?: boolean;
  /** Why there is no git information although `.git` may exist (refused, not installed). */
  unavailable?: string;
}

/** A probe of a directory that also asked whether the clone is shallow (one rev-parse). */
export interface GitProbeWithShallow {
  probe: GitProbe;
  shallow: boolean;
}

/** probeGit and whether the clone is shallow, in one git process (the work-tree source keeps it for gitInfo). */
export function probeGitWithShallow(dir: string): GitProbeWithShallow {
  const { probe: p, more } = probe(dir, ['--is-shallow-repository']);
  return { probe: p, shallow: more[0] === 'true' };
}

/**
 * What an audit records about the repository, in three git processes when the probe is known (the index's listing
 * made it): the configuration (driver programs to blank, remotes), then `status --porcelain=v2 --branch`, which gives
 * the commit, the branch and whether the work tree is dirty at once.
 */
export function gitInfo(dir: string, known?: GitProbeWithShallow): GitInfo {
  const { probe: p, shallow } = known ?? probeGitWithShallow(dir);
  if (p.state !== 'repo') {
    const why = gitUnavailableReason(p);
    return why ? { unavailable: why } : {};
  }
  const git = binary();
  const config = git ? configFacts(dir, baseEnv(), git) : undefined;
  return infoOf(dir, p, shallow, config, runGit(dir, 'status', STATUS_ARGS, { config }));
}

/**
 * gitInfo with `git status` (which stats every file of the work tree: the one slow step) left running while the
 * caller works: the probe and the configuration are read now, the status is awaited.
 */
export function gitInfoAsync(dir: string, known?: GitProbeWithShallow): Promise<GitInfo> {
  const { probe: p, shallow } = known ?? probeGitWithShallow(dir);
  if (p.state !== 'repo') {
    const why = gitUnavailableReason(p);
    return Promise.resolve(why ? { unavailable: why } : {});
  }
  const git = binary();
  const config = git ? configFacts(dir, baseEnv(), git) : undefined;
  return runGitAsync(dir, 'status', STATUS_ARGS, { config }).then((r) => infoOf(dir, p, shallow, config, r));
}

// status compares the work tree with the index; with every filter driver blanked it runs nothing of the repository.
// `--no-ahead-behind`: the branch header without walking the history to the upstream.
const STATUS_ARGS = [
  '--porcelain=v2',
  '--branch',
  '--no-ahead-behind',
  '-z',
  '--untracked-files=normal',
  '--ignore-submodules=all',
  '--',
  '.',
];

/** gitInfo's answer from the status (`r`), the probe and the configuration. */
function infoOf(
  dir: string,
  p: Extract<GitProbe, { state: 'repo' }>,
  shallow: boolean,
  config: ConfigFacts | undefined,
  r: GitResult,
): GitInfo {
  let commit: string | undefined;
  let branch: string | undefined;
  let dirty: boolean | undefined;
  if (r.ok) {
    const records = r.stdout.toString('utf8').split('\0').filter(Boolean);
    const header = (name: string): string | undefined =>
      records
        .find((x) => x.startsWith(`# ${name} `))
        ?.slice(name.length + 3)
        .trim();
    const oid = header('branch.oid') ?? '';
    commit = /^[0-9a-f]{40,64}$/.test(oid) ? oid : undefined;
    const head = header('branch.head');
    // `(detached)` on a detached HEAD; no branch either before the first commit (as `rev-parse HEAD` fails then).
    branch = commit && head && head !== '(detached)' ? head : undefined;
    dirty = records.some((x) => !x.startsWith('# '));
  } else {
    // The commit and the branch (`HEAD` when detached); both fail together on a branch without commits. `--` keeps a
    // work-tree file named HEAD from making the revision ambiguous.
    const [sha, branchRaw] = (out(dir, 'rev-parse', ['HEAD', '--abbrev-ref', 'HEAD', '--']) ?? '').split('\n');
    commit = /^[0-9a-f]{40,64}$/.test(sha?.trim() ?? '') ? sha!.trim() : undefined;
    branch = commit && branchRaw?.trim() && branchRaw.trim() !== 'HEAD' ? branchRaw.trim() : undefined;
  }
  const remote = config ? remoteUrl(config) : undefined;
  return { commit, branch, dirty, remote, topLevel: p.topLevel, ...(shallow ? { shallow } : {}) };
}

/**
 * Tracked and untracked-but-not-ignored files under `dir`, relative to it, and the directories git could not open
 * while looking for untracked files (their untracked files are unknown).
 */
export function listWorkTreeFiles(dir: string): { files: string[]; unreadableDirs: string[] } {
  const r = runGit(dir, 'ls-files', ['-z', '--cached', '--others', '--exclude-standard', '--deduplicate', '--', '.']);
  if (!r.ok) throw new UserError(`git could not list the files of ${dir}: ${firstLine(r.stderr)}`);
  const unreadableDirs = [...r.stderr.matchAll(/could not open directory '([^']*)'/g)].map((m) =>
    m[1]!.replace(/\/$/, ''),
  );
  return { files: [...new Set(r.stdout.toString('utf8').split('\0').filter(Boolean))], unreadableDirs };
}

export function isShallow(dir: string): boolean {
  return out(dir, 'rev-parse', ['--is-shallow-repository'])?.trim() === 'true';
}

const SHALLOW_HINT =
  'this is a shallow clone, so older commits are not in it: fetch the history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)';

/** Resolves a revision (commit, tag, branch, HEAD~2) to a full commit sha in `dir`, or throws a UserError. */
export function resolveCommit(dir: string, rev: string): string {
  if (rev.startsWith('-')) throw new UserError(`invalid git revision "${rev}"`);
  requireGitRepo(dir, `reading "${rev}"`);
  const sha = out(dir, 'rev-parse', ['--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])?.trim();
  if (!sha)
    throw new UserError(
      `"${rev}" is not a commit in ${dir} (git rev-parse found nothing)${isShallow(dir) ? `; ${SHALLOW_HINT}` : ''}`,
    );
  return sha;
}

/** A revision resolved to a commit sha, or undefined (no error) when it names none. */
export function tryResolveCommit(dir: string, rev: string): string | undefined {
  if (rev.startsWith('-') || !isGitWorkTree(dir)) return undefined;
  return out(dir, 'rev-parse', ['--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])?.trim() || undefined;
}

/**
 * The committer date of a commit, ISO 8601 in UTC, read from the raw commit object (`cat-file`, which never verifies
 * a signature, so no signature program can run).
 */
export function commitDate(dir: string, sha: string): string | undefined {
  const raw = out(dir, 'cat-file', ['commit', sha]);
  const m = raw ? /^committer .* (\d+) ([+-]\d{4})$/m.exec(raw.split('\n\n', 1)[0] ?? '') : null;
  return m ? new Date(Number(m[1]) * 1000).toISOString() : undefined;
}

/** Whether `name` is a local branch. */
export function isLocalBranch(dir: string, name: string): boolean {
  if (name.startsWith('-')) return false;
  return !!out(dir, 'rev-parse', ['--verify', '--quiet', `refs/heads/${name}`])?.trim();
}

/** The checked-out branch, or undefined on a detached HEAD. */
export function currentBranch(dir: string): string | undefined {
  const b = out(dir, 'rev-parse', ['--abbrev-ref', 'HEAD'])?.trim();
  return b && b !== 'HEAD' ? b : undefined;
}

/** First-parent commits of a range, oldest first; a UserError naming a shallow clone as the likely cause. */
export function firstParentCommits(dir: string, range: string, since?: string): string[] {
  for (const a of [range, since]) if (a?.startsWith('-')) throw new UserError(`invalid argument "${a}"`);
  requireGitRepo(dir, '--backfill');
  const args = ['--first-parent', '--reverse'];
  if (since) args.push(`--since=${since}`);
  args.push(range, '--');
  const r = runGit(dir, 'rev-list', args);
  if (!r.ok) {
    const shallow = isShallow(dir);
    throw new UserError(
      `git could not list the commits of "${range}"${since ? ` since ${since}` : ''} in ${dir}: ${firstLine(r.stderr)}${shallow ? `; ${SHALLOW_HINT}` : ''}`,
    );
  }
  return r.stdout
    .toString('utf8')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** `git ls-tree -r -z -l <sha>`: every entry of a commit's tree (raw output). */
export function lsTree(dir: string, sha: string): Buffer {
  const r = runGit(dir, 'ls-tree', ['-r', '-z', '-l', sha], { maxBuffer: 1024 * 1024 * 1024 });
  if (!r.ok) throw new UserError(`cannot read ${sha.slice(0, 12)} from git: ${firstLine(r.stderr)}`);
  return r.stdout;
}

/** `git cat-file --batch` for these object ids (raw output: header line, content, newline per object). */
export function catFileBatch(dir: string, shas: readonly string[]): Buffer {
  const r = runGit(dir, 'cat-file', ['--batch'], { input: `${shas.join('\n')}\n`, maxBuffer: 1024 * 1024 * 1024 });
  if (!r.ok) throw new UserError(`cannot read objects from git: ${firstLine(r.stderr)}`);
  return r.stdout;
}
