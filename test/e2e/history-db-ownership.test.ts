// Which SQLite files readiness writes: only its own (marked with an application id), never another application's;
// and a database it may only read (a read-only file, directory or file system) is still read by history, show and
// diff (built CLI; npm run build first).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID } from '../../src/history/store.js';
import { MIGRATIONS } from '../../src/history/migrations.js';
import { makeGitRepo, runCli, runCliRestricted, tempDir } from '../helpers.js';
import { DOCKERFILE, SERVICE } from '../history/git-fixture.js';

const sha1 = (f: string) => crypto.createHash('sha1').update(fs.readFileSync(f)).digest('hex');

/** Another application's database: a table of its own, in the default rollback-journal mode. */
function foreignDb(opts: { wal?: boolean } = {}): string {
  const file = path.join(tempDir('readiness-foreign-'), 'app.sqlite');
  const db = new Database(file);
  if (opts.wal) db.pragma('journal_mode = WAL');
  db.exec(
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users (email) VALUES ('a@example.com')",
  );
  db.close();
  return file;
}

/** Read from the file header, without opening the database (a reader of a WAL database creates files beside it). */
function pragmas(file: string): { applicationId: number; userVersion: number; journal: 'wal' | 'rollback' } {
  const header = fs.readFileSync(file).subarray(0, 100);
  return {
    applicationId: header.readUInt32BE(68),
    userVersion: header.readUInt32BE(60),
    journal: header[18] === 2 ? 'wal' : 'rollback',
  };
}

describe("another application's database is refused and left untouched", () => {
  for (const wal of [false, true]) {
    it(`audit, history, show, diff, plan status${wal ? ' (a WAL-mode database)' : ''}`, async () => {
      const repo = await makeGitRepo(SERVICE);
      const file = foreignDb({ wal });
      const dir = path.dirname(file);
      const before = { hash: sha1(file), listing: fs.readdirSync(dir).sort(), journal: pragmas(file).journal };
      for (const args of [
        ['audit', repo],
        ['history', repo],
        ['show', '1'],
        ['diff', '-C', repo],
        ['plan', 'status', repo],
        ['history', repo, '--prune', '--keep', '1'],
      ]) {
        const r = await runCli([...args, '--db', file]);
        expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(
          /is not a readiness history database \(it holds other tables: users\); it was left untouched/,
        );
        expect(sha1(file)).toBe(before.hash);
        expect(fs.readdirSync(dir).sort()).toEqual(before.listing);
      }
      expect(pragmas(file).journal).toBe(before.journal);
    });
  }

  it("a database marked with another application's id is refused", async () => {
    const file = path.join(tempDir('readiness-foreign-'), 'other.db');
    const db = new Database(file);
    db.pragma('application_id = 1234');
    db.close();
    const r = await runCli(['audit', await makeGitRepo(SERVICE), '--db', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/not a readiness history database \(application id 1234\)/);
  });
});

describe('readiness marks its databases', () => {
  it('a new database gets the application id and the schema version', async () => {
    const file = path.join(tempDir('readiness-db-'), 'history.db');
    expect((await runCli(['audit', await makeGitRepo(SERVICE), '--db', file])).exitCode).toBe(0);
    expect(pragmas(file)).toMatchObject({ applicationId: APPLICATION_ID, userVersion: MIGRATIONS.at(-1)!.version });
  });

  it('an empty SQLite file is initialised; a readiness database from before the mark is adopted and marked', async () => {
    const repo = await makeGitRepo(SERVICE);
    const empty = path.join(tempDir('readiness-db-'), 'empty.db');
    new Database(empty).close();
    expect((await runCli(['audit', repo, '--db', empty])).exitCode).toBe(0);
    expect(pragmas(empty).applicationId).toBe(APPLICATION_ID);

    const legacy = path.join(tempDir('readiness-db-'), 'legacy.db');
    const db = new Database(legacy);
    for (const m of MIGRATIONS) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    db.close();
    expect(pragmas(legacy).applicationId).toBe(0);
    const r = await runCli(['audit', repo, '--db', legacy]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(pragmas(legacy).applicationId).toBe(APPLICATION_ID);
  });
});

/** The CLI as a user who may read but not write the database (see runCliRestricted). */
function asReader(args: string[], dbDir: string) {
  fs.chmodSync(dbDir, 0o555);
  for (const f of fs.readdirSync(dbDir)) fs.chmodSync(path.join(dbDir, f), 0o444);
  return runCliRestricted(args, { paths: [path.join(dbDir, 'x')] });
}

describe('a read-only history database', () => {
  it('history, show and diff read it (WAL mode, no shared-memory file can be created) and change nothing', async () => {
    const repo = await makeGitRepo(SERVICE);
    const dbDir = tempDir('readiness-ro-db-');
    const file = path.join(dbDir, 'history.db');
    expect((await runCli(['audit', repo, '--db', file])).exitCode).toBe(0);
    fs.writeFileSync(path.join(repo, 'Dockerfile'), DOCKERFILE);
    expect((await runCli(['audit', repo, '--db', file])).exitCode).toBe(0);
    expect(pragmas(file).journal).toBe('wal');
    expect(fs.readdirSync(dbDir)).toEqual(['history.db']);
    const hash = sha1(file);

    const history = await asReader(['history', repo, '--db', file, '--json'], dbDir);
    expect(history.exitCode, history.stderr).toBe(0);
    expect(JSON.parse(history.stdout).runs).toHaveLength(2);
    const show = await asReader(['show', '2', '--db', file, '-f', 'json'], dbDir);
    expect(show.exitCode, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).runId).toBe(2);
    const diff = await asReader(['diff', '1', '2', '--db', file, '--json'], dbDir);
    expect(diff.exitCode, diff.stderr).toBe(0);
    expect(JSON.parse(diff.stdout).fixed.map((f: { ruleId: string }) => f.ruleId)).toContain('container.dockerfile');

    expect(sha1(file)).toBe(hash);
    expect(fs.readdirSync(dbDir)).toEqual(['history.db']);
  });
});
