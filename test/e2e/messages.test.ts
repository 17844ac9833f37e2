// Messages a person reads: a failure says what went wrong in words (never a bare ENOENT or BAD_INDENT), and the
// project's kind reads as English ("of an unknown kind", not "a unknown").
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/errors.js';
import { REPOS, runCli, tempDir, writeFiles } from '../helpers.js';

/** A system or parser error code standing alone in a message. */
const RAW_CODE = /\b(?:E[A-Z]{3,}|[A-Z]+_[A-Z_]+)\b/;
const SERVICE = path.join(REPOS, 'fastapi-bare');

describe('describeError', () => {
  it('says what a system error means, and drops a leading code from other messages', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x.yml'"), { code: 'ENOENT' });
    expect(describeError(enoent)).toBe('no such file or directory');
    expect(describeError(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toBe(
      'permission denied',
    );
    expect(describeError(new Error('BAD_INDENT: All mapping items must start at the same column\n\n  a: 1'))).toBe(
      'All mapping items must start at the same column',
    );
    expect(describeError('plain')).toBe('plain');
    expect(describeError(new Error('Nested mappings are not allowed at line 2, column 8:\n\nweeks: 4'))).toBe(
      'Nested mappings are not allowed',
    );
  });
});

describe('failures are said in words (built CLI)', () => {
  it('a config file that does not exist', async () => {
    const r = await runCli(['audit', SERVICE, '--no-history', '-c', path.join(tempDir(), 'missing.yml')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/cannot read config .*missing\.yml: no such file or directory/);
    expect(r.stderr).not.toMatch(RAW_CODE);
  });

  it('an answers file with broken indentation names the file and line, not the parser code', async () => {
    const dir = tempDir();
    const answers = path.join(dir, 'answers.yml');
    fs.writeFileSync(answers, 'targetLevel: 2\nweeks: 4\n  owner: ana\n');
    const r = await runCli(['plan', SERVICE, '--answers', answers, '--db', path.join(dir, 'h.db'), '-o', '-']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/invalid YAML in answers file .*answers\.yml:\d+: \w[^\n]*[^:]$/);
    expect(r.stderr).not.toMatch(RAW_CODE);
  });

  it('an answers file that does not exist', async () => {
    const dir = tempDir();
    const r = await runCli(['plan', SERVICE, '--answers', path.join(dir, 'nope.yml'), '--db', path.join(dir, 'h.db')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/cannot read answers file .*nope\.yml: no such file or directory/);
    expect(r.stderr).not.toMatch(RAW_CODE);
  });

  it('a baseline file that does not exist, and a report that cannot be written', async () => {
    const dir = tempDir();
    const baseline = await runCli([
      'audit',
      SERVICE,
      '--no-history',
      '--fail-on-regression',
      '--baseline',
      path.join(dir, 'b.json'),
    ]);
    expect(baseline.exitCode).toBe(2);
    expect(baseline.stderr).toMatch(/cannot read baseline .*b\.json: no such file or directory/);
    expect(baseline.stderr).not.toMatch(RAW_CODE);
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    const write = await runCli(['audit', SERVICE, '--no-history', '-f', `json:${path.join(file, 'r.json')}`]);
    expect(write.exitCode).toBe(2);
    expect(write.stderr).toMatch(/cannot write .*r\.json: a part of the path is not a directory/);
    expect(write.stderr).not.toMatch(RAW_CODE);
  });

  it('a history database under a file', async () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, '');
    const r = await runCli(['audit', SERVICE, '--db', path.join(file, 'history.db')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/history .*a-file\/history\.db: a part of the path is not a directory/);
    expect(r.stderr).not.toMatch(RAW_CODE);
  });

  it('a history database that is not SQLite is named as such, without SQLite codes', async () => {
    const db = path.join(tempDir(), 'history.db');
    // An SQLite header over garbage: SQLite itself says "not a database".
    fs.writeFileSync(db, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4096, 0x5a)]));
    const r = await runCli(['history', SERVICE, '--db', db]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/is corrupt \(/);
    expect(r.stderr).not.toMatch(RAW_CODE);
  });
});

describe('the project kind reads as English', () => {
  it('a project of unknown kind: n/a reasons say "of an unknown kind"', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'notes.txt': 'nothing to run here\n' });
    const r = await runCli(['audit', dir, '--no-history', '-f', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { project: { kind: string }; findings: { message: string }[] };
    expect(report.project.kind).toBe('unknown');
    const messages = report.findings.map((f) => f.message);
    expect(messages.some((m) => m.includes('the project is of an unknown kind'))).toBe(true);
    expect(messages.filter((m) => /\ba unknown\b/.test(m))).toEqual([]);
  });
});
