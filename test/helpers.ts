import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Result } from 'execa';
import { simpleGit } from 'simple-git';
import { judgeCase } from '../src/engine/fixture-driver.js';
import { runRules } from '../src/engine/run.js';
import { RepoIndex } from '../src/repo/index.js';
import type { Finding, Rule } from '../src/sdk/types.js';
import { rules } from '../rules/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const REPOS = path.join(FIXTURES, '_repos');
export const BIN = path.join(ROOT, 'bin', 'readiness.js');

export function ruleById(id: string): Rule {
  const r = rules.find((x) => x.meta.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

/** Runs rules (all, or the given ids) over a directory through the real engine path. */
export function auditDir(dir: string, ids?: string[]): Finding[] {
  const selected = ids ? ids.map(ruleById) : rules;
  return runRules({ repo: RepoIndex.fromDirectory(dir), rules: selected }).findings;
}

/** The verdict of one rule over a directory (the fixture driver's: a gap or error of any component wins). */
export function findingFor(dir: string, id: string): Finding {
  return judgeCase(dir, ruleById(id));
}

/** Runs rules over in-memory files (for inline cases in unit tests). */
export function auditFiles(files: Record<string, string>, ids: string[]): Finding[] {
  return runRules({ repo: RepoIndex.fromMemory(files), rules: ids.map(ruleById) }).findings;
}

export function tempDir(prefix = 'readiness-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

/** A real git repository in a temp dir with the files committed. */
export async function makeGitRepo(files: Record<string, string>, opts: { remote?: string } = {}): Promise<string> {
  const dir = tempDir('readiness-git-');
  writeFiles(dir, files);
  const git = simpleGit(dir);
  await git.init();
  await git.addConfig('user.email', 'test@example.com');
  await git.addConfig('user.name', 'Test');
  await git.addConfig('commit.gpgsign', 'false');
  await git.checkoutLocalBranch('main');
  await git.add('.');
  await git.commit('initial');
  if (opts.remote) await git.addRemote('origin', opts.remote);
  return dir;
}

const isRoot = process.getuid?.() === 0;

/**
 * Runs the built CLI as a user for whom file permissions hold. As root (who may read and write anything) that is
 * `nobody`, with `paths` and the directories above them made world-readable so it can reach them; otherwise the
 * current user. Tests take away permissions (chmod) and see what the CLI does without them.
 */
export function runCliRestricted(
  args: string[],
  opts: { paths?: string[]; env?: Record<string, string> } = {},
): Promise<CliResult> {
  if (!isRoot) return runCli(args, { env: opts.env });
  for (const p of opts.paths ?? [])
    for (let d = path.dirname(p); d !== path.dirname(d); d = path.dirname(d)) {
      if (d === path.dirname(os.tmpdir())) break;
      fs.chmodSync(d, fs.statSync(d).mode | 0o055);
    }
  return execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args], {
    env: { NO_COLOR: '1', CI: '', HOME: '/nonexistent', ...opts.env },
    reject: false,
    stdin: 'ignore',
  });
}

/** What a CLI run gives back: text output (no `lines`/binary encoding is ever asked for) and never a rejection. */
export type CliResult = Result<{ reject: false }>;

/** Runs the built CLI as a subprocess; never throws on a non-zero exit. */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  return execa('node', [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { NO_COLOR: '1', CI: '', ...opts.env },
    reject: false,
    input: opts.input,
    stdin: opts.input === undefined ? 'ignore' : undefined,
  });
}
