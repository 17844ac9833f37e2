// The history database under concurrent writers, bad files and interrupted processes (built CLI and dist; npm run build first).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir, writeFiles } from '../helpers.js';
import { DOCKERFILE, SERVICE } from '../history/git-fixture.js';

const newDb = () => path.join(tempDir('readiness-db-'), 'history.db');
const sha1 = (f: string) => crypto.createHash('sha1').update(fs.readFileSync(f)).digest('hex');

function service(): string {
  const dir = tempDir('readiness-svc-');
  writeFiles(dir, { ...SERVICE, Dockerfile: DOCKERFILE });
  return dir;
}

/** Every recorded run has all of its findings (counts in the run row = finding rows), and SQLite agrees the file is sound. */
function assertNoHalfWrittenRun(db: string): number {
  const d = new Database(db, { readonly: true });
  try {
    expect(d.pragma('integrity_check', { simple: true })).toBe('ok');
    const runs = d.prepare('SELECT id, counts_json FROM runs').all() as { id: number; counts_json: string }[];
    for (const r of runs) {
      const c = JSON.parse(r.counts_json) as { pass: number; gap: number; na: number; error: number };
      const n = (d.prepare('SELECT count(*) AS n FROM findings WHERE run_id = ?').get(r.id) as { n: number }).n;
      expect(n, `run ${r.id}`).toBe(c.pass + c.gap + c.na + c.error);
      expect(n).toBeGreaterThan(0);
    }
    return runs.length;
  } finally {
    d.close();
  }
}

describe('concurrent audits', () => {
  it('two (and four) audits writing one new database at once all land', async () => {
    const dir = service();
    for (const n of [2, 4]) {
      const db = newDb();
      const results = await Promise.all(Array.from({ length: n }, () => runCli(['audit', dir, '--db', db, '-q'])));
      for (const r of results) {
        expect(r.stderr).toBe('');
        expect(r.exitCode).toBe(0);
      }
      expect(assertNoHalfWrittenRun(db)).toBe(n);
      const list = await runCli(['history', dir, '--json', '--db', db]);
      expect(JSON.parse(list.stdout).runs).toHaveLength(n);
    }
  });

  it('an audit that finds another process about to write a new database waits for it instead of failing "locked"', async () => {
    // Switching a new database to WAL takes a lock SQLite does not wait for: another process holding the write lock
    // (as a second audit creating the same file does) made the switch fail at once, whatever busy_timeout said.
    const db = newDb();
    const setup = new Database(db);
    setup.exec('CREATE TABLE scratch(x); DROP TABLE scratch;');
    setup.close();
    const holder = `
      const Database = require('better-sqlite3');
      const d = new Database(process.argv[1]);
      d.exec('BEGIN IMMEDIATE');
      process.stdout.write('held\\n');
      setTimeout(() => { d.exec('COMMIT'); d.close(); }, 1500);
    `;
    const child = execa('node', ['-e', holder, db], { reject: false, cwd: ROOT });
    await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    const audit = await runCli(['audit', service(), '--db', db, '-q']);
    expect((await child).exitCode).toBe(0);
    expect(audit.stderr).toBe('');
    expect(audit.exitCode).toBe(0);
    expect(assertNoHalfWrittenRun(db)).toBe(1);
  });
});

describe('bad database files: exit 2, a clear message, the file byte-for-byte unchanged', () => {
  async function valid(): Promise<string> {
    const db = newDb();
    expect((await runCli(['audit', service(), '--db', db, '-q'])).exitCode).toBe(0);
    return db;
  }
  const cases: [string, (f: string) => Promise<void>, RegExp][] = [
    [
      'not a SQLite file',
      async (f) => fs.writeFileSync(f, '{"my": "settings"}\n'),
      /is not a SQLite database; refusing to modify it/,
    ],
    [
      'random bytes after a valid header',
      async (f) => {
        const good = fs.readFileSync(await valid());
        fs.writeFileSync(f, Buffer.concat([good.subarray(0, 100), crypto.randomBytes(good.length - 100)]));
      },
      /is corrupt .*left untouched/,
    ],
    [
      'truncated',
      async (f) => {
        const good = fs.readFileSync(await valid());
        fs.writeFileSync(f, good.subarray(0, good.length - 4096));
      },
      /is corrupt .*left untouched/,
    ],
    [
      'written by a newer schema version',
      async (f) => {
        fs.copyFileSync(await valid(), f);
        const d = new Database(f);
        d.pragma('user_version = 999');
        d.close();
      },
      /written by a newer readiness \(schema 999/,
    ],
  ];
  for (const [name, make, message] of cases) {
    it(name, async () => {
      const db = newDb();
      await make(db);
      const before = sha1(db);
      for (const args of [
        ['audit', service(), '-q'],
        ['history', service()],
        ['show', '1'],
        ['diff', '1', '2'],
        ['history', service(), '--prune', '--keep', '0'],
      ]) {
        const r = await runCli([...args, '--db', db]);
        expect(r.exitCode, `${args[0]}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
        expect(sha1(db)).toBe(before);
        expect(fs.readdirSync(path.dirname(db))).toEqual(['history.db']);
      }
    });
  }
});

describe('interrupted writes', () => {
  it('a writer killed (SIGKILL) in the middle of recording runs leaves only complete runs', async () => {
    // A process that records big runs back to back, so a kill almost surely lands inside a transaction.
    const db = newDb();
    const script = `
      import { HistoryStore } from ${JSON.stringify(path.join(ROOT, 'dist/src/history/store.js'))};
      import { buildReport } from ${JSON.stringify(path.join(ROOT, 'dist/src/report/build.js'))};
      const findings = Array.from({ length: 3000 }, (_, i) => ({ ruleId: 'bulk.r' + i, category: 'code', title: 't', status: i % 3 ? 'pass' : 'gap',
        severity: 'low', level: 1, message: 'm'.repeat(200), evidence: [{ kind: 'found', path: 'a.py', line: 1, note: 'n'.repeat(200) }], effort: 'S', confidence: 'high', durationMs: 0 }));
      const report = buildReport(findings, { root: '/x' });
      const store = HistoryStore.open(process.argv[1]);
      process.stdout.write('ready\\n');
      for (;;) store.recordRun(report, { key: 'path:/x', root: '/x' }, { configHash: 'h' });
    `;
    for (const delay of [150, 400, 700]) {
      const child = execa('node', ['--input-type=module', '-e', script, db], { reject: false, cwd: ROOT });
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      const res = await child;
      expect(res.signal).toBe('SIGKILL');
      assertNoHalfWrittenRun(db);
    }
    expect(assertNoHalfWrittenRun(db)).toBeGreaterThan(0);
  });

  it('Ctrl-C (SIGINT) during audits exits 130 and never leaves a half-written run', async () => {
    const dir = service();
    // Enough modules that an audit outlasts the CLI's start-up by a margin a signal can land in.
    writeFiles(
      dir,
      Object.fromEntries(
        Array.from({ length: 12000 }, (_, i) => [`app/part${i}.py`, `def part${i}(x):\n    return x + ${i}\n`]),
      ),
    );
    const db = newDb();
    const codes: (number | string | undefined)[] = [];
    // Later and later signals, until two landed after the CLI installed its handler (robust to a slow machine).
    for (let delay = 100; delay <= 4000 && codes.filter((c) => c === 130).length < 2; delay += 60) {
      const child = execa('node', [path.join(ROOT, 'bin/readiness.js'), 'audit', dir, '--db', db, '-q'], {
        reject: false,
        env: { NO_COLOR: '1', CI: '' },
      });
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGINT');
      const res = await child;
      // 130 once the CLI's handler is installed; killed by the signal if it came during node's own start-up; 0 if already done
      codes.push(res.exitCode ?? res.signal);
      expect([0, 130, 'SIGINT']).toContain(res.exitCode ?? res.signal);
      if (fs.existsSync(db)) assertNoHalfWrittenRun(db);
    }
    expect(codes).toContain(130);
    // the database is still usable afterwards
    const after = await runCli(['audit', dir, '--db', db, '-q']);
    expect(after.exitCode).toBe(0);
    assertNoHalfWrittenRun(db);
  });
});
