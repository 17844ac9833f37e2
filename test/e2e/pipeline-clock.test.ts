// audit, claims, plan --fresh and history --backfill run one audit pipeline: the same clock (READINESS_NOW), config and
// waivers reach each of them. Each recording command records its run, and the recorded finding shows which clock
// judged the waiver; claims records nothing, and the finding it quotes shows it.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema, type Report } from '../../src/report/schema.js';
import { makeGitRepo, runCli, tempDir } from '../helpers.js';

const CONFIG = [
  'waivers:',
  '  - rule: container.dockerfile',
  '    reason: deployed as a managed function',
  '    expires: 2030-06-30',
  '',
].join('\n');

const COMMANDS: Record<string, (dir: string, db: string) => string[]> = {
  audit: (dir, db) => ['audit', dir, '-q', '--db', db],
  'plan --fresh': (dir, db) => ['plan', dir, '--fresh', '--yes', '--format', 'json', '-o', '-', '--db', db],
  'history --backfill': (dir, db) => ['history', dir, '--backfill', 'main', '--db', db],
};

/** Runs the command with READINESS_NOW set, then reads back the one run it recorded. */
async function recordedRun(dir: string, command: string, now: string): Promise<Report> {
  const db = path.join(tempDir('readiness-clock-db-'), 'history.db');
  const r = await runCli(COMMANDS[command]!(dir, db), { env: { READINESS_NOW: now } });
  expect(r.exitCode, String(r.stderr)).toBe(0);
  const shown = await runCli(['show', 'HEAD', '-C', dir, '-f', 'json', '--db', db]);
  expect(shown.exitCode, String(shown.stderr)).toBe(0);
  return ReportSchema.parse(JSON.parse(String(shown.stdout)));
}

describe('READINESS_NOW reaches every command that audits', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeGitRepo({
      'app/main.py':
        'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get("/items")\ndef items():\n    return []\n',
      'requirements.txt': 'fastapi==0.110.0\n',
      '.readiness.yml': CONFIG,
    });
  });

  for (const command of Object.keys(COMMANDS)) {
    it(`${command}: the waiver holds through its last day`, async () => {
      const f = (await recordedRun(dir, command, '2030-06-30')).findings.find(
        (x) => x.ruleId === 'container.dockerfile',
      );
      expect(f?.status).toBe('gap');
      expect(f?.waived).toEqual({ reason: 'deployed as a managed function', expires: '2030-06-30' });
    }, 60_000);

    it(`${command}: the waiver has lapsed the day after`, async () => {
      const f = (await recordedRun(dir, command, '2030-07-01')).findings.find(
        (x) => x.ruleId === 'container.dockerfile',
      );
      expect(f?.status).toBe('gap');
      expect(f?.waived).toBeUndefined();
      expect(f?.message).toContain('(waiver expired on 2030-06-30: deployed as a managed function)');
    }, 60_000);
  }
});

describe('READINESS_NOW reaches claims', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeGitRepo({
      'app/main.py':
        'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get("/items")\ndef items():\n    return []\n',
      'requirements.txt': 'fastapi==0.110.0\n',
      '.readiness.yml': CONFIG,
      'STATUS.md': '# Status\n\n## Missing\n\n- ❌ Dockerfile\n',
    });
  });

  /** The reason given for the Dockerfile claim: it quotes the container.dockerfile finding, waiver note included. */
  async function dockerfileClaim(now: string): Promise<{ verdict: string; reason: string }> {
    const r = await runCli(['claims', dir, '-f', 'json'], { env: { READINESS_NOW: now } });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const out = JSON.parse(String(r.stdout)) as { claims: { checks: string[]; verdict: string; reason: string }[] };
    const claim = out.claims.find((c) => c.checks.includes('container.dockerfile'));
    expect(claim, String(r.stdout)).toBeDefined();
    return claim!;
  }

  it('the waiver holds through its last day', async () => {
    const claim = await dockerfileClaim('2030-06-30');
    expect(claim.verdict).toBe('confirmed');
    expect(claim.reason).not.toContain('waiver expired');
  }, 60_000);

  it('the waiver has lapsed the day after', async () => {
    const claim = await dockerfileClaim('2030-07-01');
    expect(claim.verdict).toBe('confirmed');
    expect(claim.reason).toContain('(waiver expired on 2030-06-30: deployed as a managed function)');
  }, 60_000);
});
