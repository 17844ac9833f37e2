// CI gates, waivers and baselines through the built CLI (run `npm run build` first).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportSchema, type Report } from '../../src/report/schema.js';
import { REPOS, runCli, tempDir } from '../helpers.js';

const BARE = path.join(REPOS, 'fastapi-bare');

function configFile(yaml: string): string {
  const file = path.join(tempDir('readiness-cfg-'), '.readiness.yml');
  fs.writeFileSync(file, yaml);
  return file;
}

function gateLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('readiness: gate '));
}

async function jsonAudit(
  args: string[],
  env?: Record<string, string>,
): Promise<{ exitCode: number; report: Report; stderr: string }> {
  const r = await runCli(['audit', BARE, '-f', 'json', '--no-history', ...args], { env });
  return { exitCode: r.exitCode ?? -1, report: ReportSchema.parse(JSON.parse(r.stdout)), stderr: r.stderr };
}

describe('gates (exit 1 names each failed gate; exit 2 is a tool error)', () => {
  it('--min-level: a number or a name; below it exits 1 with the blockers', async () => {
    const below = await jsonAudit(['--min-level', '1']);
    expect(below.report.level.value).toBe(0);
    expect(below.exitCode).toBe(1);
    expect(gateLines(below.stderr)).toEqual([
      expect.stringMatching(
        /^readiness: gate min-level failed: level 0 Prototype is below the minimum 1 Deployable; blocked by .*container\.dockerfile/,
      ),
    ]);
    expect((await jsonAudit(['--min-level', 'prototype'])).exitCode).toBe(0);
    const bad = await runCli(['audit', BARE, '--no-history', '--min-level', 'prodution']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('did you mean "production"');
  });

  it('config minLevel, thresholds and failOn; several failures give one line each', async () => {
    const cfg = configFile('minLevel: deployable\nthresholds:\n  container: 100\nfailOn: [high]\n');
    const r = await jsonAudit(['-c', cfg]);
    expect(r.exitCode).toBe(1);
    const container = r.report.categories.find((c) => c.id === 'container')!;
    const lines = gateLines(r.stderr);
    expect(lines).toContain(
      `readiness: gate threshold.container failed: container score ${container.score} is below the minimum 100`,
    );
    expect(lines.find((l) => l.startsWith('readiness: gate fail-on failed: '))).toMatch(
      /open high gaps?: .*container\.dockerfile \(high\)/,
    );
    expect(lines.find((l) => l.startsWith('readiness: gate min-level failed: '))).toBeDefined();
    expect(lines).toHaveLength(3);
  });

  it('gates that pass exit 0; the flag wins over the config', async () => {
    const cfg = configFile('minLevel: 3\nminScore: 100\nthresholds:\n  data: 100\n');
    const r = await jsonAudit(['-c', cfg, '--min-level', '0', '--min-score', '0']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('text on stdout carries the gate lines; --quiet prints only them', async () => {
    const text = await runCli(['audit', BARE, '--no-history', '--min-level', '3']);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/✗ gate min-level: level 0 Prototype is below the minimum 3 Scale/);
    const quiet = await runCli(['audit', BARE, '--no-history', '--min-level', '3', '-q']);
    expect(quiet.exitCode).toBe(1);
    expect(quiet.stdout).toBe('');
    expect(gateLines(quiet.stderr)).toHaveLength(1);
  });

  it('a broken config is exit 2, never 1', async () => {
    const r = await runCli(['audit', BARE, '--no-history', '-c', configFile('failOn: [urgent]\n')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/failOn\[0\]: unknown severity "urgent"/);
  });
});

describe('waivers (READINESS_NOW fixes the clock)', () => {
  const cfg = () =>
    configFile(
      'failOn: [high]\nwaivers:\n  - rule: container.dockerfile\n    reason: deployed as a managed function\n    expires: 2026-06-30\n',
    );

  it('a waived gap is shown as waived, not scored and not gating', async () => {
    const file = cfg();
    const plain = await jsonAudit([]);
    const r = await jsonAudit(['-c', file], { READINESS_NOW: '2026-06-30' });
    const f = r.report.findings.find((x) => x.ruleId === 'container.dockerfile')!;
    expect(f.status).toBe('gap');
    expect(f.waived).toEqual({ reason: 'deployed as a managed function', expires: '2026-06-30' });
    expect(r.report.counts.waived).toBe(1);
    expect(r.report.counts.gap).toBe(plain.report.counts.gap - 1);
    expect(r.report.score!).toBeGreaterThan(plain.report.score!);
    expect(gateLines(r.stderr).join('\n')).not.toContain('container.dockerfile');
    const text = await runCli(['audit', BARE, '--no-history', '-c', file], { env: { READINESS_NOW: '2026-06-30' } });
    expect(text.stdout).toMatch(
      /~ container\.dockerfile[\s\S]*waived: deployed as a managed function \(until 2026-06-30\)/,
    );
  });

  it('an expired waiver turns back into a gap with a note', async () => {
    const r = await jsonAudit(['-c', cfg()], { READINESS_NOW: '2026-07-01' });
    const f = r.report.findings.find((x) => x.ruleId === 'container.dockerfile')!;
    expect(f.waived).toBeUndefined();
    expect(f.message).toContain('(waiver expired on 2026-06-30: deployed as a managed function)');
    expect(r.exitCode).toBe(1);
    expect(gateLines(r.stderr).join('\n')).toContain('container.dockerfile (high)');
  });

  it('a waiver that covers no gap is named in a warning, with the reason', async () => {
    const file = configFile(
      'waivers:\n  - rule: code.stubs\n    reason: r\n    expires: 2026-06-30\n  - rule: container.dockerfile\n    reason: s\n    expires: 2026-06-30\n    paths: ["deploy/**"]\n',
    );
    const r = await jsonAudit(['-c', file], { READINESS_NOW: '2026-06-01' });
    expect(r.report.findings.find((x) => x.ruleId === 'code.stubs')!.status).toBe('pass');
    expect(r.stderr).toContain(
      'readiness: warning: the waiver for code.stubs (until 2026-06-30) covers no gap: the rule is passing now; remove the waiver',
    );
    expect(r.stderr).toMatch(
      /warning: the waiver for container\.dockerfile \(until 2026-06-30\) covers no gap: the gap names no file .*list "\." in its paths/,
    );
    // as the warning says: "." (the repository itself) covers the gap that names no file
    const dot = configFile(
      'waivers:\n  - rule: container.dockerfile\n    reason: s\n    expires: 2026-06-30\n    paths: [".", "deploy/**"]\n',
    );
    const covered = await jsonAudit(['-c', dot], { READINESS_NOW: '2026-06-01' });
    expect(covered.report.findings.find((x) => x.ruleId === 'container.dockerfile')!.waived).toBeDefined();
    expect(covered.stderr).not.toMatch(/covers no gap/);
  });

  it('an unknown rule in a waiver suggests the nearest id; a bad READINESS_NOW is exit 2', async () => {
    const bad = configFile('waivers:\n  - rule: container.dockerfil\n    reason: x\n    expires: 2026-06-30\n');
    const r = await runCli(['audit', BARE, '--no-history', '-c', bad]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('did you mean "container.dockerfile"');
    expect((await runCli(['audit', BARE, '--no-history'], { env: { READINESS_NOW: 'soon' } })).exitCode).toBe(2);
  });
});

describe('baselines: --baseline <report.json|run-id> --only-new', () => {
  it('fails only on gaps that are not in the baseline', async () => {
    const dir = tempDir('readiness-base-');
    const base = path.join(dir, 'base.json');
    expect((await runCli(['audit', BARE, '--no-history', '-f', `json:${base}`])).exitCode).toBe(0);

    const same = await runCli([
      'audit',
      BARE,
      '--no-history',
      '--baseline',
      base,
      '--only-new',
      '--min-score',
      '100',
      '--min-level',
      '3',
      '-q',
    ]);
    expect(same.stderr).toBe('');
    expect(same.exitCode).toBe(0);

    const older = JSON.parse(fs.readFileSync(base, 'utf8')) as Report;
    older.findings = older.findings.filter((f) => f.ruleId !== 'container.dockerfile');
    const olderFile = path.join(dir, 'older.json');
    fs.writeFileSync(olderFile, JSON.stringify(older));
    const fresh = await runCli(['audit', BARE, '--no-history', '--baseline', olderFile, '--only-new', '-q']);
    expect(fresh.exitCode).toBe(1);
    expect(gateLines(fresh.stderr)).toEqual([
      'readiness: gate new-gaps failed: 1 gap not in the baseline: container.dockerfile',
    ]);
  });

  it('a recorded run id works as the baseline', async () => {
    const db = path.join(tempDir('readiness-db-'), 'h.db');
    const first = await runCli(['audit', BARE, '--db', db, '-f', 'json']);
    const runId = JSON.parse(first.stdout).runId as number;
    const r = await runCli([
      'audit',
      BARE,
      '--db',
      db,
      '--baseline',
      String(runId),
      '--only-new',
      '--min-level',
      '3',
      '-q',
    ]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('--only-new without --baseline, or a baseline that is not a report, is exit 2', async () => {
    expect((await runCli(['audit', BARE, '--no-history', '--only-new'])).exitCode).toBe(2);
    const junk = path.join(tempDir(), 'junk.json');
    fs.writeFileSync(junk, '{"hello": 1}');
    const r = await runCli(['audit', BARE, '--no-history', '--baseline', junk, '--only-new']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('is not a readiness JSON report');
  });
});
