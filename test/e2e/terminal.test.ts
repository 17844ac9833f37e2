// The CLI in real pseudo-terminals: a terminal that reports 0 columns (script, unbuffer, ssh -tt, some docker exec -t)
// must not hang it, and NO_COLOR / --no-color uncolour everything, the spinner included.
import fs from 'node:fs';
import path from 'node:path';
import * as pty from 'node-pty';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { BIN, REPOS, makeGitRepo, tempDir } from '../helpers.js';

const REPO = path.join(REPOS, 'fastapi-bare');
/** Any SGR colour (foreground/background, 16, 256 or true colour). */
const COLOUR = /\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

/** Printed by the shell after the CLI exits: all of the CLI's output comes before it in the terminal stream. */
const DONE = /__readiness_exit:(\d+)__/;

/**
 * Runs a shell command in a pseudo-terminal and resolves when the shell reports the exit status after it. Waiting for
 * that line, not for the pty to close, means no trailing output is lost when the machine is busy (node-pty may report
 * the exit before the last data arrives). A CLI that hangs never gets there: 'timeout'.
 */
function inPty(
  shellCommand: string,
  env: Record<string, string>,
  { timeoutMs = 90_000, cols = 100 } = {},
): Promise<{ exitCode: number | 'timeout'; out: string }> {
  const p = pty.spawn('/bin/sh', ['-c', `${shellCommand}; printf '\\n__readiness_exit:%s__\\n' "$?"`], {
    name: 'xterm-256color',
    cols,
    rows: 40,
    cwd: process.cwd(),
    env: { ...process.env, CI: '', FORCE_COLOR: '', ...env } as Record<string, string>,
  });
  let out = '';
  return new Promise((resolve) => {
    let settled = false;
    const finish = (exitCode: number | 'timeout'): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (exitCode === 'timeout') p.kill();
      resolve({ exitCode, out: out.replace(DONE, '') });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    p.onData((d) => {
      if (out.length < 2_000_000) out += d;
      const done = DONE.exec(out);
      if (done) finish(Number(done[1]));
    });
  });
}

const audit = `"${process.execPath}" "${BIN}" audit "${REPO}" --no-history`;

describe('terminals', { timeout: 120_000 }, () => {
  it('a terminal with 0 columns: the audit finishes, prints its report, and draws no spinner', async () => {
    const r = await inPty(`stty cols 0 rows 0; ${audit}`, { NO_COLOR: '1' });
    expect(r.exitCode).toBe(0);
    expect(r.out).toMatch(/Score\s+\d+\/100/);
    expect(r.out.length).toBeLessThan(200_000);
    expect(r.out).not.toContain('Scanning repository');
  });

  it('NO_COLOR uncolours the spinner too', async () => {
    const r = await inPty(audit, { NO_COLOR: '1' });
    expect(r.exitCode).toBe(0);
    expect(r.out).toMatch(/Score\s+\d+\/100/);
    expect(r.out).not.toMatch(COLOUR);
  });

  it('--no-color uncolours the spinner too', async () => {
    const r = await inPty(`${audit} --no-color`, { NO_COLOR: '' });
    expect(r.exitCode).toBe(0);
    expect(r.out).not.toMatch(COLOUR);
  });

  it('a normal terminal still gets colour (the check above can fail)', async () => {
    const r = await inPty(audit, { NO_COLOR: '' });
    expect(r.exitCode).toBe(0);
    expect(r.out).toMatch(COLOUR);
  });

  it('history --backfill draws its progress line only on a terminal of known width', async () => {
    const repo = await makeGitRepo({ 'app.py': 'print("v1")\n' });
    fs.writeFileSync(path.join(repo, 'app.py'), 'print("v2")\n');
    await simpleGit(repo).add('.').commit('second');
    const backfill = (db: string) =>
      `"${process.execPath}" "${BIN}" history "${repo}" --backfill HEAD --db "${path.join(tempDir(), db)}"`;
    const zero = await inPty(`stty cols 0 rows 0; ${backfill('zero.db')}`, { NO_COLOR: '1' });
    expect(zero.exitCode).toBe(0);
    expect(zero.out).toMatch(/backfill: audited 2 commits/);
    expect(zero.out).not.toContain('auditing');
    // a terminal of known width gets it, cut to fit (so the check above can fail)
    const narrow = await inPty(backfill('narrow.db'), { NO_COLOR: '1' }, { cols: 30 });
    expect(narrow.exitCode).toBe(0);
    expect(narrow.out).toMatch(/backfill: audited 2 commits/);
    // Node's own warning (NO_COLOR beside the blank FORCE_COLOR this pty passes, printed by both bundles when ora's
    // colours probe the terminal) may land right after a progress line: it is not part of the line.
    const progress = narrow.out
      .replace(/\(node:\d+\) Warning: [^\r\n]*/g, '')
      .split('\r')
      .filter((l) => l.includes('\x1b[K['));
    expect(progress.length).toBeGreaterThan(0);
    for (const l of progress) expect(l.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').trimEnd().length).toBeLessThan(30);
  });

  it('text lines wrap to the terminal width; a file or a pipe keeps them whole', async () => {
    const visible = (t: string) =>
      t
        .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
        .split(/\r?\n/)
        .map((l) => [...l].length);
    const r = await inPty(`${audit} 2>/dev/null`, { NO_COLOR: '1' }, { cols: 60 });
    expect(r.exitCode).toBe(0);
    expect(r.out).toMatch(/Score\s+\d+\/100/);
    expect(Math.max(...visible(r.out))).toBeLessThanOrEqual(60);
    // the same report through a pipe has longer lines (so the check above can fail)
    const piped = await inPty(`${audit} 2>/dev/null | cat`, { NO_COLOR: '1' }, { cols: 60 });
    expect(Math.max(...visible(piped.out))).toBeGreaterThan(60);
  });
});
