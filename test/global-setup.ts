// Every temporary directory a test run makes (test repositories, databases, reports, and whatever the CLI subprocesses
// create) lives under one directory made here, and that directory is removed when the run ends: `npm test` leaves
// nothing behind in the system temp directory. Workers and the CLI subprocesses inherit TMPDIR.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    fs.rmSync(root, { recursive: true, force: true });
  };
}
