// `readiness plan` through the built CLI: scripted, tracked across audits, and the wizard driven in a real pseudo-terminal.
import fs from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import * as pty from 'node-pty';
import { describe, expect, it } from 'vitest';
import { stacksOfFix } from '../../src/engine/remediation.js';
import { BIN, REPOS, makeGitRepo, runCli, tempDir, writeFiles } from '../helpers.js';

function readTree(dir: string, base = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) readTree(p, base, out);
    else out[path.relative(base, p)] = fs.readFileSync(p, 'utf8');
  }
  return out;
}

/** A real git repository holding a copy of the bare FastAPI fixture (the ANISA service before its plan). */
async function bareFastapiRepo(): Promise<string> {
  return makeGitRepo(readTree(path.join(REPOS, 'fastapi-bare')));
}

function dbFile(): string {
  return path.join(tempDir('readiness-plan-db-'), 'history.db');
}

describe('readiness plan (scripted)', () => {
  it('--yes writes a phased plan whose items are exactly the gaps blocking the next level; status tracks fixes', async () => {
    const repo = await bareFastapiRepo();
    const db = dbFile();
    const audit = await runCli(['audit', repo, '--db', db, '-f', 'json']);
    const report = JSON.parse(audit.stdout);
    const blockers: string[] = report.level.next.blockers;
    expect(blockers).toEqual(expect.arrayContaining(['container.dockerfile', 'api.health']));

    const planFile = path.join(repo, 'READINESS_PLAN.md');
    const made = await runCli(['plan', repo, '--yes', '--db', db, '--owner', 'platform-team']);
    expect(made.exitCode, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/Plan #1 written to/);
    const md = fs.readFileSync(planFile, 'utf8');
    for (const section of [
      '## Summary',
      '## Quick wins',
      '## Phases',
      '## Risks',
      '## Success criteria',
      '## Evidence appendix',
    ])
      expect(md).toContain(section);
    for (const id of blockers) expect(md).toContain(`\`${id}\` · P`);
    expect(md).toContain('owner platform-team');

    const json = await runCli(['plan', repo, '--yes', '--db', db, '--format', 'json', '-o', '-']);
    const plan = JSON.parse(json.stdout);
    expect(plan.items.map((i: { ruleId: string }) => i.ruleId).sort()).toEqual([...blockers].sort());
    expect(
      plan.items.every((i: { effort: string; owner: string }) => ['S', 'M', 'L'].includes(i.effort) && i.owner),
    ).toBe(true);
    expect(plan.phases.length).toBeGreaterThan(0);

    // The team adds a Dockerfile and a health endpoint, then audits again.
    writeFiles(repo, {
      Dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY src ./src\nUSER 10001\nCMD ["uvicorn", "src.api:app", "--host", "0.0.0.0"]\n',
      'src/api.py': `${fs.readFileSync(path.join(repo, 'src/api.py'), 'utf8')}\n\n@app.get("/health")\nasync def health() -> Dict[str, str]:\n    return {"status": "ok"}\n`,
    });
    const git = simpleGit(repo);
    await git.add('.');
    await git.commit('Add Dockerfile and health endpoint');
    expect((await runCli(['audit', repo, '--db', db])).stdout).toMatch(/plan #2: \d+\/\d+ items done/);

    const status = await runCli(['plan', 'status', repo, '--db', db, '--json']);
    expect(status.exitCode, status.stderr).toBe(0);
    const st = JSON.parse(status.stdout);
    const state = Object.fromEntries(st.items.map((i: { ruleId: string; state: string }) => [i.ruleId, i.state]));
    expect(state['container.dockerfile']).toBe('done');
    expect(state['api.health']).toBe('done');
    expect(st.items.find((i: { ruleId: string }) => i.ruleId === 'container.dockerfile').closedAt).toMatch(
      /^\d{4}-\d{2}-\d{2}T/,
    );
    expect(st.done).toBeGreaterThanOrEqual(1);

    const text = await runCli(['plan', 'status', repo, '--db', db]);
    expect(text.stdout).toMatch(/✓ done\s+container\.dockerfile/);
  });

  it('reads an answers file', async () => {
    const repo = await bareFastapiRepo();
    const db = dbFile();
    const answers = path.join(tempDir(), 'plan.yml');
    fs.writeFileSync(
      answers,
      `targetLevel: 1\nweeks: 6\nowner: alice\nitems:\n  container.dockerfile:\n    priority: P0\n    notes: use the platform base image\noutput: ${path.join(repo, 'plan.md')}\n`,
    );
    const r = await runCli(['plan', repo, '--answers', answers, '--db', db]);
    expect(r.exitCode, r.stderr).toBe(0);
    const md = fs.readFileSync(path.join(repo, 'plan.md'), 'utf8');
    expect(md).toContain('`container.dockerfile` · P0 · effort S · owner alice');
    expect(md).toContain('Notes: use the platform base image');
    expect(md).toContain('(6 weeks)');
  });

  it('without a terminal and without --yes or --answers it fails clearly instead of hanging', async () => {
    const repo = await bareFastapiRepo();
    const r = await runCli(['plan', repo, '--db', dbFile()]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/needs a terminal: pass --yes/);
  });

  it('a target date that is no day or not in the future is refused before the audit, and nothing is recorded', async () => {
    const repo = await bareFastapiRepo();
    const db = dbFile();
    for (const [date, why] of [
      ['2027-02-30', /target date 2027-02-30 is not a valid date/],
      ['2020-01-01', /target date 2020-01-01 is not in the future/],
    ] as const) {
      const r = await runCli(['plan', repo, '--yes', '--db', db, '--target-date', date]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(why);
    }
    expect(JSON.parse((await runCli(['history', repo, '--db', db, '--json'])).stdout).runs).toEqual([]);
    expect(fs.existsSync(path.join(repo, 'READINESS_PLAN.md'))).toBe(false);
  });

  it('refuses to overwrite an existing plan file without --force', async () => {
    const repo = await bareFastapiRepo();
    const db = dbFile();
    fs.writeFileSync(path.join(repo, 'READINESS_PLAN.md'), 'hand-written notes\n');
    const r = await runCli(['plan', repo, '--yes', '--db', db]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/already exists; pass --force/);
    expect(fs.readFileSync(path.join(repo, 'READINESS_PLAN.md'), 'utf8')).toBe('hand-written notes\n');
    expect((await runCli(['plan', 'list', repo, '--db', db, '--json'])).stdout.trim()).toBe('[]');
    expect((await runCli(['plan', repo, '--yes', '--force', '--db', db])).exitCode).toBe(0);
    expect(fs.readFileSync(path.join(repo, 'READINESS_PLAN.md'), 'utf8')).toContain('# Production Readiness Plan');
  });

  it('plan list and plan close', async () => {
    const repo = await bareFastapiRepo();
    const db = dbFile();
    await runCli(['plan', repo, '--yes', '--db', db, '-o', path.join(repo, 'a.md')]);
    await runCli(['plan', repo, '--yes', '--db', db, '-o', path.join(repo, 'b.md')]);
    const list = JSON.parse((await runCli(['plan', 'list', repo, '--db', db, '--json'])).stdout);
    expect(list.map((p: { id: number; status: string }) => [p.id, p.status])).toEqual([
      [2, 'active'],
      [1, 'closed'],
    ]);
    expect((await runCli(['plan', 'close', repo, '--db', db])).exitCode).toBe(0);
    expect((await runCli(['plan', 'status', repo, '--db', db])).stderr).toMatch(/no active plan/);
  });
});

interface JsonItem {
  id: string;
  ruleId: string;
  kind: string;
  phase: number;
  effort: string;
  effortDays: number;
  effortBasis: string;
  dependsOn?: string[];
  fix: string[];
}

async function jsonPlan(repo: string, db: string, extra: string[] = []): Promise<{ items: JsonItem[] }> {
  const r = await runCli([
    'plan',
    repo,
    '--yes',
    '--db',
    db,
    '--target-level',
    '3',
    '--format',
    'json',
    '-o',
    '-',
    ...extra,
  ]);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('readiness plan speaks the project: its stack, its size, its order', () => {
  it.each([
    ['fastapi-bare', 'python'],
    ['express-partial', 'node'],
    ['go-nethttp-bare', 'go'],
    ['spring-boot-bare', 'jvm'],
    ['rails-service', 'ruby'],
    ['laravel-bare', 'php'],
  ])('the plan of %s shows only %s remediation (and general advice)', async (fixture, stack) => {
    const repo = await makeGitRepo(readTree(path.join(REPOS, fixture)));
    const plan = await jsonPlan(repo, dbFile());
    const lines = plan.items.flatMap((i) => i.fix.map((l) => ({ id: i.id, l })));
    const foreign = lines.filter(({ l }) => stacksOfFix(l).length && !stacksOfFix(l).includes(stack as never));
    expect(foreign).toEqual([]);
    expect(lines.some(({ l }) => stacksOfFix(l).includes(stack as never))).toBe(true);
    // Dependencies order the plan: a prerequisite is never later, in phase or in place.
    const order = plan.items.map((i) => i.id);
    for (const i of plan.items)
      for (const d of i.dependsOn ?? []) {
        expect(order.indexOf(d), `${d} before ${i.id}`).toBeLessThan(order.indexOf(i.id));
        expect(plan.items.find((x) => x.id === d)!.phase).toBeLessThanOrEqual(i.phase);
      }
  });

  /** An Express service with `perFile` routes in each of `files` router modules, each calling another service. */
  async function expressService(files: number, perFile: number): Promise<string> {
    const names = Array.from({ length: files }, (_, n) => `r${n}`);
    const tree: Record<string, string> = {
      'package.json': JSON.stringify({
        name: 'orders',
        main: 'src/server.js',
        scripts: { start: 'node src/server.js' },
        dependencies: { express: '^4.19.2', axios: '^1.7.0' },
      }),
      'src/server.js': `const express = require('express');\nconst app = express();\n${names.map((n) => `app.use('/${n}', require('./routes/${n}'));`).join('\n')}\napp.listen(3000);\n`,
    };
    for (const n of names)
      tree[`src/routes/${n}.js`] =
        `const express = require('express');\nconst axios = require('axios');\nconst router = express.Router();\n${Array.from(
          { length: perFile },
          (_, i) =>
            `router.get('/item${i}', async (req, res) => res.json((await axios.get('http://stock/item${i}')).data));`,
        ).join('\n')}\nmodule.exports = router;\n`;
    return makeGitRepo(tree);
  }

  it('scales effort with the number of routes and call sites, and shows the basis', async () => {
    const small = await jsonPlan(await expressService(1, 3), dbFile());
    const large = await jsonPlan(await expressService(6, 12), dbFile());
    const item = (p: { items: JsonItem[] }, id: string) => p.items.find((i) => i.ruleId === id)!;
    expect(item(small, 'security.authn')).toMatchObject({ effort: 'M', effortDays: 3 });
    expect(item(small, 'security.authn').effortBasis).toMatch(/^M: 3 routes in 1 file/);
    expect(item(large, 'security.authn')).toMatchObject({ effort: 'L', effortDays: 10 });
    expect(item(large, 'security.authn').effortBasis).toMatch(/^L: 72 routes in 6 files → 10 person-days/);
    expect(item(large, 'resilience.timeouts').effortBasis).toMatch(/^L: 72 call sites in 6 files/);
    expect(item(small, 'resilience.timeouts').effort).toBe('S');
  });
});

describe('readiness plan status and items tracked by hand', () => {
  it('reports a gap the work introduced, items marked done, and a plan older than the audited commit', async () => {
    const repo = await bareFastapiRepo();
    const db = dbFile();
    const answers = path.join(tempDir(), 'plan.yml');
    fs.writeFileSync(answers, 'targetLevel: 1\nextra:\n  - title: Pen test by the security team\n    effort: L\n');
    const made = await runCli([
      'plan',
      repo,
      '--answers',
      answers,
      '--add',
      'Load test at 200 rps',
      '--db',
      db,
      '-o',
      path.join(repo, 'plan.md'),
    ]);
    expect(made.exitCode, made.stderr).toBe(0);
    const md = fs.readFileSync(path.join(repo, 'plan.md'), 'utf8');
    expect(md).toContain('**Pen test by the security team** — `extra-1`');
    expect(md).toContain('**Load test at 200 rps** — `extra-2`');

    // The team adds a Dockerfile that runs as root: the Dockerfile item closes, and a gap appears that the
    // audit the plan was made from did not have (no image, so nothing ran as root).
    writeFiles(repo, {
      Dockerfile:
        'FROM python:3.12-slim\nWORKDIR /app\nCOPY src ./src\nCMD ["uvicorn", "src.api:app", "--host", "0.0.0.0"]\n',
    });
    const git = simpleGit(repo);
    await git.add('.');
    await git.commit('Add a Dockerfile');
    const head = (await git.revparse(['HEAD'])).trim();
    expect((await runCli(['audit', repo, '--db', db])).stdout).toMatch(
      /plan #1: \d+\/\d+ items done.*new gaps? since the plan/,
    );

    expect((await runCli(['plan', 'done', 'extra-2', repo, '--db', db])).exitCode).toBe(0);
    const refused = await runCli(['plan', 'done', 'container.dockerfile', repo, '--db', db]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/tracked by the audit/);
    expect((await runCli(['plan', 'done', 'extra-9', repo, '--db', db])).stderr).toMatch(/has no item "extra-9"/);

    const st = JSON.parse((await runCli(['plan', 'status', repo, '--db', db, '--json'])).stdout);
    const state = Object.fromEntries(st.items.map((i: { id: string; state: string }) => [i.id, i.state]));
    expect(state).toMatchObject({ 'container.dockerfile': 'done', 'extra-1': 'open', 'extra-2': 'done' });
    expect(st.introduced.map((g: { key: string }) => g.key)).toContain('container.non-root');
    expect(st.stale.auditedCommit).toBe(head);

    const text = (await runCli(['plan', 'status', repo, '--db', db])).stdout;
    expect(text).toMatch(/New gaps since the plan/);
    expect(text).toMatch(/✗ new\s+container\.non-root/);
    expect(text).toMatch(/✓ done\s+extra-2/);
    expect(text).toContain(`the latest audit is of commit ${head.slice(0, 7)}`);
  });
});

interface PtyRun {
  output: () => string;
  exit: Promise<number>;
  waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<void>;
  write: (s: string) => void;
}

function spawnPty(args: string[]): PtyRun {
  const p = pty.spawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color',
    cols: 160,
    rows: 50,
    cwd: process.cwd(),
    env: { ...process.env, NO_COLOR: '1', CI: '' } as Record<string, string>,
  });
  let out = '';
  p.onData((d) => {
    out += d;
  });
  const exit = new Promise<number>((resolve) => p.onExit((e) => resolve(e.exitCode)));
  const clean = (): string => out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  return {
    output: clean,
    exit,
    write: (s) => p.write(s),
    waitFor: (text, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = (): void => {
          const o = clean();
          if (typeof text === 'string' ? o.includes(text) : text.test(o)) {
            resolve();
            return;
          }
          if (Date.now() - started > timeoutMs) {
            reject(new Error(`timed out waiting for ${text}; screen so far:\n${o.slice(-2000)}`));
            return;
          }
          setTimeout(tick, 50);
        };
        tick();
      }),
  };
}

describe('readiness plan (interactive wizard in a pseudo-terminal)', () => {
  it('asks the questions, takes the answers and writes the plan', async () => {
    const repo = await bareFastapiRepo();
    const db = dbFile();
    await runCli(['audit', repo, '--db', db]);
    const out = path.join(repo, 'wizard-plan.md');
    const w = spawnPty(['plan', repo, '--db', db]);
    await w.waitFor('Target level');
    expect(w.output()).toMatch(/Where the project stands: score \d+\/100/);
    w.write('\r');
    await w.waitFor('Gaps to include');
    // Unselect everything, then pick only the first (most urgent) gap with space.
    // 'a' toggles between all and none: press it until the latest render shows nothing selected.
    for (let i = 0; i < 2; i++) {
      w.write('a');
      await new Promise((r) => setTimeout(r, 200));
      if (!w.output().split('? Gaps to include in the plan').pop()!.includes('◉')) break;
    }
    w.write(' ');
    await new Promise((r) => setTimeout(r, 150));
    w.write('\r');
    await w.waitFor('Target date');
    w.write('3\r');
    await w.waitFor('Default owner');
    w.write('alice\r');
    await w.waitFor('Set priority, owner, phase or notes per item?');
    w.write('y\r');
    await w.waitFor('Priority');
    w.write('\r');
    await w.waitFor('Owner');
    w.write('\r');
    await w.waitFor('Phase');
    w.write('\r');
    await w.waitFor('Notes (optional)');
    w.write('first thing on Monday\r');
    await w.waitFor('Write the plan to');
    w.write(out + '\r');
    expect(await w.exit).toBe(0);
    const md = fs.readFileSync(out, 'utf8');
    expect(md).toContain('(3 weeks)');
    expect(md).toContain('owner alice');
    expect(md).toContain('Notes: first thing on Monday');
    expect(md.match(/^- \[ \] \*\*/gm)).toHaveLength(1);
  });

  it('refuses an impossible or past date at the prompt, and asks another path when overwriting is refused', async () => {
    const repo = await bareFastapiRepo();
    const db = dbFile();
    await runCli(['audit', repo, '--db', db]);
    const existing = path.join(repo, 'PLAN.md');
    fs.writeFileSync(existing, 'the team plan, not to be lost\n');
    const other = path.join(repo, 'docs-plan.md');
    const w = spawnPty(['plan', repo, '--db', db, '--target-level', '1', '--owner', 'bob']);
    await w.waitFor('Gaps to include');
    w.write('\r');
    await w.waitFor('Target date');
    w.write('2027-02-30\r');
    await w.waitFor('2027-02-30 is not a valid date');
    // the prompt stays open: clear the answer and give a past date
    w.write('\x7f'.repeat(10) + '2020-01-01\r');
    await w.waitFor(/2020-01-01 is not in the future/);
    w.write('\x7f'.repeat(10) + '500\r');
    await w.waitFor('a number of weeks from 1 to 104');
    w.write('\x7f'.repeat(3) + '4\r');
    await w.waitFor('Set priority, owner, phase or notes per item?');
    w.write('\r');
    await w.waitFor('Write the plan to');
    w.write(existing + '\r');
    await w.waitFor('exists. Overwrite it?');
    w.write('n\r');
    await w.waitFor('Write the plan to another path');
    expect(w.output()).toContain(path.join(repo, 'PLAN-2.md'));
    // replace the suggested path with another one
    w.write('\x7f'.repeat(path.join(repo, 'PLAN-2.md').length) + other + '\r');
    expect(await w.exit).toBe(0);
    expect(w.output()).not.toMatch(/cancelled/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('the team plan, not to be lost\n');
    const md = fs.readFileSync(other, 'utf8');
    expect(md).toContain('(4 weeks)');
    expect(md).toContain('owner bob');
  });

  it('Ctrl-C at a prompt exits 130 and writes no plan', async () => {
    const repo = await bareFastapiRepo();
    const db = dbFile();
    await runCli(['audit', repo, '--db', db]);
    const w = spawnPty(['plan', repo, '--db', db]);
    await w.waitFor('Target level');
    w.write('\x03');
    expect(await w.exit).toBe(130);
    expect(fs.existsSync(path.join(repo, 'READINESS_PLAN.md'))).toBe(false);
    expect((await runCli(['plan', 'list', repo, '--db', db, '--json'])).stdout.trim()).toBe('[]');
  });
});
