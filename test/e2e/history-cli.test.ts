// history, show, diff, audit --ref / --fail-on-regression, backfill and prune, through the BUILT CLI (npm run build first).
import fs from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Report, ReportSchema } from '../../src/report/schema.js';
import { scoreFindings } from '../../src/report/score.js';
import type { Finding } from '../../src/sdk/types.js';
import { runCli, tempDir, writeFiles } from '../helpers.js';
import { DOCKERFILE, serviceWithHistory, type HistoryRepo } from '../history/git-fixture.js';

const newDb = () => path.join(tempDir('readiness-db-'), 'history.db');

interface Row {
  id: number;
  at: string;
  branch: string | null;
  commit: string | null;
  ref: string | null;
  dirty: boolean | null;
  score: number | null;
  gaps: number;
  change: number | null;
}

async function historyJson(
  dir: string,
  db: string,
  extra: string[] = [],
): Promise<{ project: { key: string }; runs: Row[] }> {
  const r = await runCli(['history', dir, '--json', '--db', db, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout);
}

describe('readiness history --backfill, history, diff, show (built CLI)', () => {
  let repo: HistoryRepo;
  let db: string;
  let statusBefore: string;

  beforeAll(async () => {
    repo = await serviceWithHistory({ remote: 'git@github.com:acme/orders.git' });
    writeFiles(repo.dir, { 'scratch.txt': 'uncommitted\n' });
    statusBefore = await simpleGit(repo.dir).raw(['status', '--porcelain']);
    db = newDb();
    const r = await runCli(['history', repo.dir, '--backfill', 'main', '--db', db]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/backfill: audited 3 commits \(of 3 in main\)/);
  });

  it('records one run per commit, dated and attributed to it, newest first, without touching the work tree', async () => {
    const { project, runs } = await historyJson(repo.dir, db);
    expect(project.key).toBe('git:github.com/acme/orders');
    expect(runs.map((r) => r.commit)).toEqual([...repo.commits].reverse());
    expect(runs.map((r) => r.at.slice(0, 10))).toEqual(['2024-03-01', '2024-02-01', '2024-01-01']);
    for (const r of runs) expect(r).toMatchObject({ branch: 'main', dirty: false, ref: r.commit });
    const [c3, c2, c1] = runs;
    expect(c2!.score!).toBeGreaterThan(c1!.score!);
    expect(c3!.score!).toBeLessThan(c2!.score!);
    expect(c2!.change).toBe(c2!.score! - c1!.score!);
    expect(c1!.change).toBeNull();
    expect(await simpleGit(repo.dir).raw(['status', '--porcelain'])).toBe(statusBefore);
  });

  it('is resumable: a second backfill skips commits already recorded', async () => {
    const r = await runCli(['history', repo.dir, '--backfill', 'main', '--db', db, '--json']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/audited 0 commits, skipped 3 already recorded/);
    expect(JSON.parse(r.stdout).runs).toHaveLength(3);
  });

  it('--every N keeps every Nth commit and always the newest; --since filters by date', async () => {
    const other = newDb();
    const r = await runCli(['history', repo.dir, '--backfill', 'main', '--every', '2', '--db', other]);
    expect(r.stderr).toMatch(/audited 2 commits/);
    expect((await historyJson(repo.dir, other)).runs.map((x) => x.commit)).toEqual([repo.commits[2], repo.commits[0]]);
    const s = await runCli(['history', repo.dir, '--backfill', '--since', '2024-01-15', '--db', other]);
    expect(s.exitCode, s.stderr).toBe(0);
    expect(s.stderr).toMatch(/audited 1 commit, skipped 1 already recorded \(of 2 in HEAD since 2024-01-15\)/);
  });

  it('prints a table with a trend line; --limit and --branch filter', async () => {
    const r = await runCli(['history', repo.dir, '--db', db]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/trend {2}[▁▂▃▄▅▆▇█]{3} {2}\d+ → \d+ over 3 runs/);
    expect(r.stdout).toMatch(/RUN {2}TIME \(UTC\) +BRANCH +COMMIT +SCORE +LEVEL +GAPS +CHANGE/);
    expect(r.stdout).toContain(repo.commits[1].slice(0, 7));
    expect(r.stdout).toMatch(/2024-03-01 10:00 +main +\w{7} +\d+ .* -\d+\n/);
    expect((await historyJson(repo.dir, db, ['--limit', '2'])).runs).toHaveLength(2);
    expect((await historyJson(repo.dir, db, ['--branch', 'release'])).runs).toHaveLength(0);
    const limited = await runCli(['history', repo.dir, '--db', db, '--limit', '1']);
    expect(limited.stdout).toMatch(/over 1 run .*older runs hidden/);
  });

  it('diffs git revisions: gaps fixed and introduced, score and per-category change', async () => {
    const r = await runCli(['diff', 'HEAD~2', 'HEAD~1', '-C', repo.dir, '--db', db, '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.from.commit).toBe(repo.commits[0]);
    expect(d.to.commit).toBe(repo.commits[1]);
    expect(d.fixed.map((f: { ruleId: string }) => f.ruleId)).toContain('container.dockerfile');
    expect(d.scoreDelta).toBeGreaterThan(0);
    expect(d.categories.find((c: { id: string }) => c.id === 'container').delta).toBeGreaterThan(0);

    const text = await runCli(['diff', '-C', repo.dir, '--db', db]); // default: the last two runs
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/readiness diff: run \d+ · \w{7} · main {2}→ {2}run \d+ · \w{7} · main/);
    expect(text.stdout).toMatch(/gaps introduced \(\d+\)\n(.*\n)*? {2}✗ container\.dockerfile/);
    expect(text.stdout).toMatch(/score {2}\d+ → \d+ \(-\d+\)/);

    const byTag = await runCli(['diff', 'v1', 'main', '-C', repo.dir, '--db', db, '--json']);
    expect(JSON.parse(byTag.stdout).introduced.map((f: { ruleId: string }) => f.ruleId)).toContain(
      'container.dockerfile',
    );
    const unknown = await runCli(['diff', 'nope', '-C', repo.dir, '--db', db]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/"nope" is neither a recorded run id nor a git revision/);
  });

  it('shows a past run in every format; revisions resolve to their run', async () => {
    const { runs } = await historyJson(repo.dir, db);
    const id = runs[1]!.id;
    const json = await runCli(['show', String(id), '--format', 'json', '--db', db]);
    expect(json.exitCode).toBe(0);
    const report = ReportSchema.parse(JSON.parse(json.stdout));
    expect(report.runId).toBe(id);
    expect(report.target.commit).toBe(repo.commits[1]);
    expect(report.findings.find((f) => f.ruleId === 'container.dockerfile')!.status).toBe('pass');
    const text = await runCli(['show', 'v1', '-C', repo.dir, '--db', db]);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('container.dockerfile');
    const out = path.join(tempDir(), 'run.html');
    const html = await runCli(['show', String(id), '-f', 'html', '-o', out, '--db', db]);
    expect(html.exitCode).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/<circle [^>]*data-run="\d+" data-score="\d+"/);
    const bad = await runCli(['show', String(id), '-f', 'pdf', '--db', db]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/unknown format "pdf"/);
    const missing = await runCli(['show', '99999', '-C', repo.dir, '--db', db]);
    expect(missing.exitCode).toBe(2);
  });

  it('audit --ref records a past commit without checking it out', async () => {
    const other = newDb();
    const before = await simpleGit(repo.dir).raw(['status', '--porcelain']);
    const r = await runCli(['audit', repo.dir, '--ref', 'v1', '--format', 'json', '--db', other]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = ReportSchema.parse(JSON.parse(r.stdout));
    expect(report.target).toMatchObject({ commit: repo.commits[1], ref: 'v1', dirty: false });
    expect(report.findings.find((f) => f.ruleId === 'container.dockerfile')!.status).toBe('pass'); // the work tree has no Dockerfile
    expect(await simpleGit(repo.dir).raw(['status', '--porcelain'])).toBe(before);
    const { runs } = await historyJson(repo.dir, other);
    expect(runs[0]).toMatchObject({
      id: report.runId,
      commit: repo.commits[1],
      ref: 'v1',
      at: '2024-02-01T10:00:00.000Z',
    });
    const bad = await runCli(['audit', repo.dir, '--ref', 'no-such-tag', '--db', other]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/"no-such-tag" is not a commit/);
  });

  it('prunes old runs of the project', async () => {
    const other = newDb();
    await runCli(['history', repo.dir, '--backfill', 'main', '--db', other]);
    const r = await runCli(['history', repo.dir, '--prune', '--keep', '1', '--db', other]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/pruned 2 runs/);
    expect((await historyJson(repo.dir, other)).runs.map((x) => x.commit)).toEqual([repo.commits[2]]);
    const usage = await runCli(['history', repo.dir, '--prune', '--db', other]);
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toMatch(/--keep/);
  });
});

describe('readiness audit --fail-on-regression (built CLI)', () => {
  it('fails on a planted regression, naming the score change and the new gap; passes without one', async () => {
    const { dir, commits } = await serviceWithHistory();
    const db = newDb();
    // the work tree is at c3 (no Dockerfile); restore the Dockerfile to be at the c2 state
    writeFiles(dir, { Dockerfile: DOCKERFILE });
    const required = await runCli([
      'audit',
      dir,
      '--fail-on-regression',
      '--require-baseline',
      '--db',
      db,
      '-q',
      '--no-history',
    ]);
    expect(required.exitCode).toBe(1); // nothing to compare with yet, and a baseline is required
    expect(required.stderr).toMatch(
      /gate regression failed: no baseline \(no history database at .*\), and --require-baseline needs one/,
    );
    const first = await runCli(['audit', dir, '--fail-on-regression', '--db', db, '-q']);
    expect(first.exitCode, first.stderr).toBe(0); // nothing to compare with yet: skipped, and said so
    expect(first.stderr).toMatch(
      /^readiness: warning: no baseline: regression gate skipped \(no earlier recorded run on main\)$/m,
    );
    const same = await runCli(['audit', dir, '--fail-on-regression', '--db', db]);
    expect(same.exitCode, same.stdout).toBe(0);

    fs.rmSync(path.join(dir, 'Dockerfile')); // the planted regression
    const worse = await runCli(['audit', dir, '--fail-on-regression', '--db', db]);
    expect(worse.exitCode).toBe(1);
    expect(worse.stdout).toMatch(
      /✗ gate regression: score fell (\d+) → (\d+); new gaps?: [^\n]*container\.dockerfile[^\n]* \(against run \d+ on main\)/,
    );
    const [, from, to] = /score fell (\d+) → (\d+)/.exec(worse.stdout)!;
    expect(Number(to)).toBeLessThan(Number(from));

    // quiet: the gate failure still goes to stderr
    const quiet = await runCli(['audit', dir, '--fail-on-regression', '--baseline', '2', '--db', db, '-q']);
    expect(quiet.exitCode).toBe(1);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toMatch(/gate regression failed: .*container\.dockerfile.*\(against run 2\)/);

    // the regressed run is now the latest: compared with it, nothing new regressed
    const again = await runCli(['audit', dir, '--fail-on-regression', '--db', db, '-q']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(commits).toHaveLength(3);
  });

  it('compares with a JSON report (--baseline report.json) without any history', async () => {
    const { dir } = await serviceWithHistory();
    writeFiles(dir, { Dockerfile: DOCKERFILE });
    const baseline = path.join(tempDir(), 'baseline.json');
    const b = await runCli(['audit', dir, '-f', `json:${baseline}`, '--no-history', '-q']);
    expect(b.exitCode).toBe(0);
    const ok = await runCli(['audit', dir, '--fail-on-regression', '--baseline', baseline, '--no-history', '-q']);
    expect(ok.exitCode, ok.stderr).toBe(0);
    fs.rmSync(path.join(dir, 'Dockerfile'));
    const bad = await runCli(['audit', dir, '--fail-on-regression', '--baseline', baseline, '--no-history', '-q']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain(`container.dockerfile`);
    expect(bad.stderr).toContain(`(against ${baseline})`);
  });

  it('--baseline-branch compares a feature branch with the latest run on main', async () => {
    const { dir } = await serviceWithHistory();
    const db = newDb();
    writeFiles(dir, { Dockerfile: DOCKERFILE });
    await simpleGit(dir).add(['-A']);
    await simpleGit(dir).commit('restore the Dockerfile');
    expect((await runCli(['audit', dir, '--db', db, '-q'])).exitCode).toBe(0);
    await simpleGit(dir).checkoutLocalBranch('feature');
    fs.rmSync(path.join(dir, 'Dockerfile'));
    // no earlier run on "feature": the default baseline finds nothing, so nothing regressed
    const own = await runCli(['audit', dir, '--fail-on-regression', '--db', db, '-q', '--no-history']);
    expect(own.exitCode, own.stderr).toBe(0);
    const vsMain = await runCli(['audit', dir, '--fail-on-regression', '--baseline-branch', 'main', '--db', db, '-q']);
    expect(vsMain.exitCode).toBe(1);
    expect(vsMain.stderr).toMatch(/new gaps?: .*container\.dockerfile.*\(against run 1 on main\)/);
    // a mistyped branch does not pass silently
    const typo = await runCli(['audit', dir, '--fail-on-regression', '--baseline-branch', 'mian', '--db', db, '-q']);
    expect(typo.exitCode).toBe(0);
    expect(typo.stderr).toMatch(
      /warning: no baseline: regression gate skipped \(no earlier recorded run on mian; did you mean main\?\)/,
    );
    const strict = ['--fail-on-regression', '--require-baseline', '--baseline-branch', 'mian'];
    expect((await runCli(['audit', dir, ...strict, '--db', db, '-q'])).exitCode).toBe(1);
    const alone = await runCli(['audit', dir, '--require-baseline', '--db', db, '-q']);
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toMatch(/--require-baseline goes with --fail-on-regression/);
  });

  it('a rule the baseline never ran (a report from an older readiness) fails neither as a gap nor through the score', async () => {
    const { dir } = await serviceWithHistory();
    const file = path.join(tempDir(), 'baseline.json');
    expect((await runCli(['audit', dir, '-f', `json:${file}`, '--no-history', '-q'])).exitCode).toBe(0);
    // The same project judged by a readiness without one of today's rules that is a gap here.
    const report = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
    const dropped = report.findings.find((f) => f.status === 'gap' && f.severity === 'critical')!;
    report.findings = report.findings.filter((f) => f !== dropped);
    report.score = scoreFindings(report.findings as Finding[]).score;
    fs.writeFileSync(file, JSON.stringify(report));
    const r = await runCli(['audit', dir, '--fail-on-regression', '--baseline', file, '--no-history', '-f', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).score).toBeLessThan(report.score!); // over every rule, the score is lower ...
    const gate = await runCli(['audit', dir, '--fail-on-regression', '--baseline', file, '--no-history']);
    expect(gate.exitCode).toBe(0); // ... but not over the rules both runs have, and the new rule's gap is not judged
    expect(gate.stderr).toBe('');
  });
});

describe('project identity through the CLI', () => {
  it('a re-clone elsewhere with the same remote shares its history; another project never mixes in', async () => {
    const a = await serviceWithHistory({ remote: 'git@github.com:acme/orders.git' });
    const b = await serviceWithHistory({ remote: 'https://github.com/acme/orders.git' }); // the same repository, cloned elsewhere
    const other = await serviceWithHistory(); // no remote: identified by its path
    const db = newDb();
    for (const dir of [a.dir, b.dir, other.dir])
      expect((await runCli(['audit', dir, '--db', db, '-q'])).exitCode).toBe(0);
    const fromA = await historyJson(a.dir, db);
    const fromB = await historyJson(b.dir, db);
    expect(fromA.project.key).toBe('git:github.com/acme/orders');
    expect(fromB.runs.map((r) => r.id)).toEqual(fromA.runs.map((r) => r.id));
    expect(fromA.runs).toHaveLength(2);
    const mine = await historyJson(other.dir, db);
    expect(mine.project.key).toMatch(/^path:\//);
    expect(mine.runs).toHaveLength(1);
  });
});
