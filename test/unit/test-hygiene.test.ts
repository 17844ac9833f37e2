// npm test leaves no temporary directories behind: every temp dir of a run (the tests' and the CLI subprocesses')
// is made under one root that test/global-setup.ts creates and removes when the run ends.
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

describe('temporary directories', () => {
  it('live under the per-run root, in the tests and in subprocesses', async () => {
    const root = os.tmpdir();
    expect(path.basename(root)).toMatch(/^readiness-tests-/);
    expect(path.dirname(tempDir())).toBe(root);
    const child = await execa(process.execPath, ['-e', 'process.stdout.write(require("os").tmpdir())']);
    expect(child.stdout).toBe(root);
  });
});
