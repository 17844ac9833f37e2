// The CLI in real pseudo-terminals: a terminal that reports 0 columns (script, unbuffer, ssh -tt, some docker exec -t)
// must not hang it, and NO_COLOR / --no-color uncolour everything, the spinner included.
import path from 'node:path';
import * as pty from 'node-pty';
import { describe, expect, it } from 'vitest';
import { BIN, REPOS } from '../helpers.js';

const REPO = path.join(REPOS, 'fastapi-bare');
/** Any SGR colour (foreground/background, 16, 256 or true colour). */
const COLOUR = /\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;

function inPty(
  shellCommand: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ exitCode: number | 'timeout'; out: string }> {
  const p = pty.spawn('/bin/sh', ['-c', shellCommand], {
    name: 'xterm-256color',
    cols: 100,
    rows: 40,
    cwd: process.cwd(),
    env: { ...process.env, CI: '', FORCE_COLOR: '', ...env } as Record<string, string>,
  });
  let out = '';
  p.onData((d) => {
    if (out.length < 2_000_000) out += d;
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      p.kill();
      resolve({ exitCode: 'timeout', out });
    }, timeoutMs);
    p.onExit((e) => {
      clearTimeout(timer);
      resolve({ exitCode: e.exitCode, out });
    });
  });
}

const audit = `exec "${process.execPath}" "${BIN}" audit "${REPO}" --no-history`;

describe('terminals', () => {
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
});
