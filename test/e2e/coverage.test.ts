// What the audit did not see is said, in every format: unreadable files and directories, files over the size cap, why
// git information is missing (a repository git refuses, a shallow clone); verdicts an unread file could change get low
// confidence (built CLI; npm run build first).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGitRepo, runCli, runCliRestricted, tempDir, writeFiles } from '../helpers.js';
import { DOCKERFILE, SERVICE } from '../history/git-fixture.js';

interface Finding {
  ruleId: string;
  status: string;
  confidence: string;
  evidence: { note: string }[];
}

describe('unreadable files and directories', () => {
  it('are counted and named in every format, and the verdicts they could change are low confidence', async () => {
    const dir = tempDir('readiness-unread-');
    writeFiles(dir, { ...SERVICE, Dockerfile: DOCKERFILE, 'ops/runbook.md': '# Runbook\n', 'big.json': 'x' });
    fs.writeFileSync(path.join(dir, 'big.json'), `"${'x'.repeat(2 * 1024 * 1024)}"`);
    fs.chmodSync(path.join(dir, 'Dockerfile'), 0o000);
    fs.chmodSync(path.join(dir, 'ops'), 0o000);
    const out = tempDir('readiness-unread-out-');
    fs.chmodSync(out, 0o777);
    const files = Object.fromEntries(['markdown', 'sarif', 'junit', 'html'].map((f) => [f, path.join(out, `r.${f}`)]));
    const r = await runCliRestricted(
      ['audit', dir, '--no-history', '-f', 'json', ...Object.entries(files).flatMap(([f, p]) => ['-f', `${f}:${p}`])],
      { paths: [path.join(dir, 'x'), path.join(out, 'x')] },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { coverage: Record<string, any>; findings: Finding[] };
    expect(report.coverage).toMatchObject({
      listedBy: 'walk',
      unread: {
        total: 3,
        byReason: { unreadable: 1, 'unreadable-directory': 1, 'too-large': 1 },
        first: [
          { path: 'ops', reason: 'unreadable-directory' },
          { path: 'Dockerfile', reason: 'unreadable' },
          { path: 'big.json', reason: 'too-large' },
        ],
      },
      git: { missing: 'not a git repository: files were listed by walking the directory' },
    });
    // "no Dockerfile" is not a confident verdict when the Dockerfile could not be read
    const dockerfile = report.findings.find((f) => f.ruleId === 'container.dockerfile')!;
    expect(dockerfile.confidence).toBe('low');
    expect(dockerfile.evidence.map((e) => e.note).join('\n')).toMatch(/not read: .*Dockerfile \(unreadable\)/);

    for (const [format, file] of Object.entries(files)) {
      const text = fs.readFileSync(file, 'utf8');
      expect(text, format).toContain('Dockerfile (unreadable)');
      expect(text, format).toContain('ops (unreadable directory)');
    }
    const text = await runCliRestricted(['audit', dir, '--no-history'], { paths: [path.join(dir, 'x')] });
    expect(text.stdout).toMatch(/Coverage {2}\d+ files listed by walking the directory; 3 not read: /);
    expect(text.stdout).toMatch(/not read: ops \(unreadable directory\), Dockerfile \(unreadable\), big\.json/);
  });

  it('in a git work tree too: tracked files that cannot be read and directories git cannot open', async () => {
    const dir = await makeGitRepo({ ...SERVICE, Dockerfile: DOCKERFILE, 'secret/keys.txt': 'k\n' });
    fs.writeFileSync(path.join(dir, 'secret', 'new.txt'), 'untracked\n');
    fs.chmodSync(path.join(dir, 'Dockerfile'), 0o000);
    fs.chmodSync(path.join(dir, 'secret'), 0o000);
    // When the tests run as root the CLI runs as another user, whom git would refuse (the repository is ours): that
    // user trusts it in their global config (safe.directory is tested below).
    const gitconfig = path.join(tempDir('readiness-gitconfig-'), 'gitconfig');
    fs.writeFileSync(gitconfig, '[safe]\n\tdirectory = *\n', { mode: 0o644 });
    const r = await runCliRestricted(['audit', dir, '--no-history', '-f', 'json'], {
      paths: [path.join(dir, 'x'), gitconfig],
      env: { GIT_CONFIG_GLOBAL: gitconfig },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const cov = JSON.parse(r.stdout).coverage;
    expect(cov.listedBy).toBe('git');
    expect(cov.unread.first).toEqual([
      { path: 'secret', reason: 'unreadable-directory' },
      { path: 'Dockerfile', reason: 'unreadable' },
      { path: 'secret/keys.txt', reason: 'unreadable' },
    ]);
  });
});

describe('why git information is missing', () => {
  it('a repository git refuses (owned by another user) is named as the cause, and still audited', async () => {
    const dir = await makeGitRepo({ ...SERVICE, Dockerfile: DOCKERFILE });
    const r = await runCli(['audit', dir, '--no-history', '-f', 'json'], {
      env: { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.target.commit).toBeNull();
    expect(report.coverage.listedBy).toBe('walk');
    expect(report.coverage.git.missing).toMatch(/git refused the repository because it is owned by another user/);
    expect(report.findings.find((f: Finding) => f.ruleId === 'container.dockerfile').status).toBe('pass');
    const text = await runCli(['audit', dir, '--no-history'], { env: { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' } });
    expect(text.stdout).toContain('no git information: git refused the repository because it is owned by another user');
    const ref = await runCli(['audit', dir, '--ref', 'HEAD', '--no-history'], {
      env: { GIT_TEST_ASSUME_DIFFERENT_OWNER: '1' },
    });
    expect(ref.exitCode).toBe(2);
    expect(ref.stderr).toMatch(/--ref needs git, and git refused the repository because it is owned by another user/);
  });

  it('a shallow clone is named, and as the cause when --ref or --backfill reach past it', async () => {
    const origin = await makeGitRepo(SERVICE);
    for (const n of [1, 2, 3]) {
      fs.writeFileSync(path.join(origin, 'README.md'), `# orders ${n}\n`);
      execFileSync('git', ['commit', '-qam', `change ${n}`], { cwd: origin });
    }
    const clone = path.join(tempDir('readiness-shallow-'), 'orders');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin}`, clone]);
    const r = await runCli(['audit', clone, '--no-history', '-f', 'json']);
    expect(JSON.parse(r.stdout).coverage.git).toEqual({ shallow: true });
    const text = await runCli(['audit', clone, '--no-history']);
    expect(text.stdout).toMatch(/shallow clone: older commits are not in it/);
    const ref = await runCli(['audit', clone, '--ref', 'HEAD~2', '--no-history']);
    expect(ref.exitCode).toBe(2);
    expect(ref.stderr).toMatch(/"HEAD~2" is not a commit .*; this is a shallow clone.*git fetch --unshallow/);
    const db = path.join(tempDir('readiness-shallow-db-'), 'h.db');
    const backfill = await runCli(['history', clone, '--backfill', 'HEAD~3..HEAD', '--db', db]);
    expect(backfill.exitCode).toBe(2);
    expect(backfill.stderr).toMatch(/this is a shallow clone.*fetch-depth: 0/);
  });
});
