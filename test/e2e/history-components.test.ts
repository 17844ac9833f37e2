// `readiness history` per component: scores recorded per component (run_components) are listed in text and JSON, with
// their change since the previous run; `--component` shows one component's line. Built CLI, real git repository, real
// SQLite file.
import fs from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPOS, makeGitRepo, runCli, tempDir } from '../helpers.js';

function filesOf(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) Object.assign(out, filesOf(p, base));
    else out[path.relative(base, p)] = fs.readFileSync(p, 'utf8');
  }
  return out;
}

interface Point {
  id: string;
  path: string;
  target: string;
  deployed: boolean;
  score: number | null;
  gaps: number;
  change: number | null;
}
interface Run {
  id: number;
  score: number | null;
  gaps: number;
  change: number | null;
  components: Point[];
}

describe('readiness history per component (built CLI)', () => {
  let dir: string;
  let db: string;
  let runs: Run[];

  beforeAll(async () => {
    dir = await makeGitRepo(filesOf(path.join(REPOS, 'two-services-practices')), {
      remote: 'git@github.com:acme/shop.git',
    });
    db = path.join(tempDir('readiness-db-'), 'history.db');
    const first = await runCli(['audit', dir, '--db', db, '-f', 'json']);
    expect(first.exitCode, first.stderr).not.toBe(2);
    // billing scales out: its scaling gap closes, orders does not change.
    const k8s = path.join(dir, 'k8s', 'billing.yaml');
    fs.writeFileSync(k8s, fs.readFileSync(k8s, 'utf8').replace('replicas: 1', 'replicas: 3'));
    await simpleGit(dir).add('.').commit('billing: three replicas');
    const second = await runCli(['audit', dir, '--db', db, '-f', 'json']);
    expect(second.exitCode, second.stderr).not.toBe(2);
    const r = await runCli(['history', dir, '--json', '--db', db]);
    expect(r.exitCode, r.stderr).toBe(0);
    runs = JSON.parse(r.stdout).runs;
  });

  it('lists each run with the score of every component and its change since the previous run', () => {
    expect(runs).toHaveLength(2);
    const [newest, older] = runs;
    expect(newest!.components.map((c) => [c.id, c.path, c.target, c.deployed])).toEqual([
      ['billing', 'services/billing', 'kubernetes', true],
      ['orders', 'services/orders', 'kubernetes', true],
    ]);
    const billing = newest!.components.find((c) => c.id === 'billing')!;
    const billingBefore = older!.components.find((c) => c.id === 'billing')!;
    expect(billing.score!).toBeGreaterThanOrEqual(billingBefore.score!);
    expect(billing.change).toBe(billing.score! - billingBefore.score!);
    expect(billing.gaps).toBe(billingBefore.gaps - 1);
    const orders = newest!.components.find((c) => c.id === 'orders')!;
    expect(orders.change).toBe(0);
    expect(orders.gaps).toBe(older!.components.find((c) => c.id === 'orders')!.gaps);
    for (const c of older!.components) expect(c.change).toBeNull();
  });

  it('prints a component table under the runs, with each component’s trend', async () => {
    const r = await runCli(['history', dir, '--db', db]);
    expect(r.exitCode, r.stderr).toBe(0);
    const newest = runs[0]!;
    expect(r.stdout).toContain(`components of run ${newest.id}`);
    const billing = newest.components.find((c) => c.id === 'billing')!;
    const line = r.stdout.split('\n').find((l) => l.startsWith('billing'))!;
    const change = billing.change! > 0 ? `\\+${billing.change}` : '±0';
    expect(line).toMatch(
      new RegExp(`^billing\\s+kubernetes\\s+yes\\s+${billing.score}\\s+.*\\s${billing.gaps}\\s+${change}\\s+\\S{2}$`),
    );
    expect(r.stdout.split('\n').find((l) => l.startsWith('orders'))).toMatch(/\s±0\s+\S{2}$/);
  });

  it('--component shows one component’s score, gaps and change in the runs table (by id or folder)', async () => {
    const billing = runs.map((x) => x.components.find((c) => c.id === 'billing')!);
    for (const id of ['billing', 'services/billing/']) {
      const r = await runCli(['history', dir, '--json', '--db', db, '--component', id]);
      expect(r.exitCode, r.stderr).toBe(0);
      const shown: Run[] = JSON.parse(r.stdout).runs;
      expect(shown.map((x) => [x.score, x.gaps, x.change])).toEqual(billing.map((c) => [c.score, c.gaps, c.change]));
    }
    const text = await runCli(['history', dir, '--db', db, '--component', 'billing']);
    expect(text.stdout).toContain('component billing');
    expect(text.stdout).not.toContain('components of run');
  });

  it('names the recorded components when --component matches none', async () => {
    const r = await runCli(['history', dir, '--db', db, '--component', 'shipping']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/no run shown has a component 'shipping'; recorded components: billing, orders/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
