// The built CLI writing into a pipe whose reader goes away early (`readiness … | head`).
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers.js';

async function throughHead(args: string, head: string): Promise<{ exitCode: number; stderr: string }> {
  // bash reports the CLI's own exit code (PIPESTATUS[0]), not head's.
  const r = await execa('bash', ['-c', `node "${BIN}" ${args} | ${head} >/dev/null; exit \${PIPESTATUS[0]}`], {
    reject: false,
    env: { NO_COLOR: '1' },
  });
  return { exitCode: r.exitCode ?? -1, stderr: r.stderr };
}

describe('a closed stdout pipe', () => {
  it('is not a crash: no stack trace, exit 0', async () => {
    for (const args of ['rules --json', 'rules']) {
      const r = await throughHead(args, 'head -c 1');
      expect(r.stderr, args).toBe('');
      expect(r.exitCode, args).toBe(0);
    }
  });

  it('keeps a failed gate exit 1', async () => {
    const r = await throughHead(`audit "${tempDir('readiness-pipe-')}" --no-history --min-score 90`, 'head -c 1');
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
  });
});
