import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { projectIdentity } from '../../src/history/identity.js';
import { MIGRATIONS, SCHEMA_VERSION_LATEST } from '../../src/history/migrations.js';
import { identityOf } from '../../src/history/resolve.js';
import { HistoryStore } from '../../src/history/store.js';
import { makeGitRepo, tempDir } from '../helpers.js';
import { finding, report } from './reports.js';

const dbFile = () => path.join(tempDir('readiness-store-'), 'history.db');
const sha1 = (f: string) => crypto.createHash('sha1').update(fs.readFileSync(f)).digest('hex');

/** A database as an older readiness left it: the first `upTo` migrations applied, with a v1 run in it. */
function createDbAtVersion(file: string, upTo: number): void {
  const db = new Database(file);
  for (const m of MIGRATIONS.filter((x) => x.version <= upTo)) {
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
  }
  db.prepare(
    `INSERT INTO projects (id, key, root, remote, created_at, last_seen_at) VALUES (1, 'path:/old', '/old', NULL, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')`,
  ).run();
  db.prepare(`INSERT INTO runs (id, project_id, started_at, root, remote, branch, commit_sha, dirty, ref, tool_version, config_hash, score, level, level_name, next_json, counts_json, categories_json, project_json, duration_ms)
    VALUES (1, 1, '2024-01-01T00:00:00.000Z', '/old', NULL, 'main', 'abc', 0, NULL, '0.0.1', 'h', 40, 0, 'Prototype', NULL, '{"pass":1,"gap":1,"na":0,"error":0,"waived":0}', '[]', NULL, 5)`).run();
  db.prepare(`INSERT INTO findings (run_id, rule_id, category, title, status, severity, level, message, message_id, evidence_json, remediation_json, effort, confidence, duration_ms, waived_json)
    VALUES (1, 'container.dockerfile', 'container', 'Dockerfile', 'gap', 'high', 1, 'no Dockerfile', NULL, '[]', NULL, 'S', 'high', 1, NULL)`).run();
  db.close();
}

describe('history schema migrations', () => {
  it('a new database gets every migration', () => {
    const file = dbFile();
    HistoryStore.open(file).close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION_LATEST);
    db.close();
  });

  // Every released schema version (MIGRATIONS[0] = v1, ...) must migrate to the latest and keep its runs.
  for (const m of MIGRATIONS.slice(0, -1)) {
    it(`migrates a v${m.version} database to v${SCHEMA_VERSION_LATEST} keeping its runs`, () => {
      const file = dbFile();
      createDbAtVersion(file, m.version);
      const store = HistoryStore.open(file);
      try {
        expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION_LATEST);
        const old = store.getReport(1)!;
        expect(old.score).toBe(40);
        expect(old.findings.map((f) => f.ruleId)).toEqual(['container.dockerfile']);
        const id = store.recordRun(
          report([finding('container.dockerfile', 'pass')]),
          projectIdentity(path.dirname(file)),
          { configHash: 'h' },
        );
        expect(store.getReport(id)!.score).toBe(100);
        expect(store.db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        store.close();
      }
    });
  }

  it('a read-only open of an older database asks for an upgrade instead of changing it', () => {
    expect(SCHEMA_VERSION_LATEST).toBeGreaterThanOrEqual(2);
    const file = dbFile();
    createDbAtVersion(file, 1);
    const before = sha1(file);
    expect(() => HistoryStore.open(file, { readonly: true })).toThrow(/needs an upgrade/);
    expect(sha1(file)).toBe(before);
  });
});

describe('history database safety: refuses and never modifies a bad file', () => {
  function valid(): string {
    const file = dbFile();
    const store = HistoryStore.open(file);
    store.recordRun(report([finding('container.dockerfile', 'gap')]), projectIdentity(path.dirname(file)), {
      configHash: 'h',
    });
    store.close();
    return file;
  }

  const cases: [string, (file: string) => void, RegExp][] = [
    ['a text file', (f) => fs.writeFileSync(f, 'my notes\n'.repeat(100)), /not a SQLite database/],
    [
      'random bytes after a valid header',
      (f) => {
        const good = fs.readFileSync(valid());
        fs.writeFileSync(f, Buffer.concat([good.subarray(0, 100), crypto.randomBytes(good.length - 100)]));
      },
      /corrupt/,
    ],
    [
      'a truncated database',
      (f) => {
        const good = fs.readFileSync(valid());
        fs.writeFileSync(f, good.subarray(0, Math.floor(good.length / 2)));
      },
      /corrupt/,
    ],
    [
      'a database from a newer readiness',
      (f) => {
        fs.copyFileSync(valid(), f);
        const db = new Database(f);
        db.pragma(`user_version = ${SCHEMA_VERSION_LATEST + 7}`);
        db.close();
      },
      /newer readiness \(schema \d+/,
    ],
  ];

  for (const [name, make, message] of cases) {
    for (const readonly of [false, true]) {
      it(`${name} (${readonly ? 'read-only' : 'read-write'} open): clear error, exit code 2, bytes unchanged`, () => {
        const file = dbFile();
        make(file);
        const before = sha1(file);
        const size = fs.statSync(file).size;
        let err: unknown;
        try {
          HistoryStore.open(file, { readonly }).close();
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(UserError);
        expect((err as UserError).exitCode).toBe(2);
        expect((err as Error).message).toMatch(message);
        expect(fs.statSync(file).size).toBe(size);
        expect(sha1(file)).toBe(before);
        expect(fs.readdirSync(path.dirname(file))).toEqual(['history.db']);
      });
    }
  }
});

describe('history store queries', () => {
  it('prunes old runs of one project in one transaction; findings cascade; other projects untouched', () => {
    const file = dbFile();
    const store = HistoryStore.open(file);
    const a = { key: 'path:/a', root: '/a' };
    const b = { key: 'path:/b', root: '/b' };
    const ids = [1, 2, 3, 4, 5].map(() =>
      store.recordRun(report([finding('container.dockerfile', 'gap'), finding('api.health', 'pass')]), a, {
        configHash: 'h',
      }),
    );
    store.recordRun(report([finding('container.dockerfile', 'pass')]), b, { configHash: 'h' });
    expect(store.prune(a.key, 2)).toBe(3);
    expect(store.listRuns(a.key).map((r) => r.id)).toEqual([ids[4], ids[3]]);
    expect(store.listRuns(b.key)).toHaveLength(1);
    const orphans = store.db
      .prepare('SELECT count(*) AS n FROM findings WHERE run_id NOT IN (SELECT id FROM runs)')
      .get() as { n: number };
    expect(orphans.n).toBe(0);
    expect((store.db.prepare('SELECT count(*) AS n FROM findings').get() as { n: number }).n).toBe(2 * 2 + 1);
    expect(store.prune(a.key, 0)).toBe(2);
    expect(store.listRuns(a.key)).toEqual([]);
    store.close();
  });

  it('writes a run in one transaction: a failure part-way through the findings leaves no run behind', () => {
    const store = HistoryStore.open(dbFile());
    const p = { key: 'path:/p', root: '/p' };
    const broken = report([finding('a.one', 'pass'), finding('b.two', 'gap')]);
    broken.findings.push({ ...broken.findings[0]! }); // a duplicate (run_id, rule_id) fails on the third insert
    expect(() => store.recordRun(broken, p, { configHash: 'h' })).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(store.listRuns(p.key)).toEqual([]);
    expect((store.db.prepare('SELECT count(*) AS n FROM findings').get() as { n: number }).n).toBe(0);
    expect((store.db.prepare('SELECT count(*) AS n FROM projects').get() as { n: number }).n).toBe(0);
    store.close();
  });

  it('finds the baseline run recorded before a run, per branch', () => {
    const store = HistoryStore.open(dbFile());
    const p = { key: 'path:/p', root: '/p' };
    const withBranch = (branch: string) => {
      const r = report([finding('container.dockerfile', 'pass')]);
      r.target.branch = branch;
      return r;
    };
    const m1 = store.recordRun(withBranch('main'), p, { configHash: 'h' });
    const f1 = store.recordRun(withBranch('feature'), p, { configHash: 'h' });
    const m2 = store.recordRun(withBranch('main'), p, { configHash: 'h' });
    expect(store.latestRunBefore(p.key, { branch: 'main', beforeRunId: m2 })?.id).toBe(m1);
    expect(store.latestRunBefore(p.key, { branch: 'main' })?.id).toBe(m2);
    expect(store.latestRunBefore(p.key, { branch: 'feature', beforeRunId: m2 })?.id).toBe(f1);
    expect(store.latestRunBefore(p.key, { branch: 'main', beforeRunId: m1 })).toBeUndefined();
    expect(store.trend(p.key).map((t) => t.runId)).toEqual([m1, f1, m2]);
    store.close();
  });
});

describe('project identity', () => {
  it('a re-clone elsewhere with the same remote keeps its history', async () => {
    const files = { 'app.py': 'print(1)\n' };
    const first = await makeGitRepo(files, { remote: 'git@github.com:Acme/orders.git' });
    const reclone = await makeGitRepo(files, { remote: 'https://github.com/Acme/orders' });
    const a = identityOf(first);
    const b = identityOf(reclone);
    expect(a.root).not.toBe(b.root);
    expect(a.key).toBe('git:github.com/Acme/orders');
    expect(b.key).toBe(a.key);

    const store = HistoryStore.open(dbFile());
    const r1 = store.recordRun(report([finding('container.dockerfile', 'gap')]), a, { configHash: 'h' });
    const r2 = store.recordRun(report([finding('container.dockerfile', 'pass')]), b, { configHash: 'h' });
    expect(store.listRuns(b.key).map((r) => r.id)).toEqual([r2, r1]);
    store.close();
  });

  it('two different projects never mix: other remotes, other paths, sub-directories of one repository', async () => {
    const files = { 'svc/app.py': 'print(1)\n', 'web/index.js': '1\n' };
    const x = await makeGitRepo(files, { remote: 'git@github.com:acme/orders.git' });
    const y = await makeGitRepo(files, { remote: 'git@github.com:acme/billing.git' });
    const p = await makeGitRepo(files);
    const q = await makeGitRepo(files);
    const keys = [
      identityOf(x),
      identityOf(y),
      identityOf(p),
      identityOf(q),
      identityOf(path.join(x, 'svc')),
      identityOf(path.join(x, 'web')),
    ].map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[4]).toBe('git:github.com/acme/orders//svc');

    const store = HistoryStore.open(dbFile());
    store.recordRun(report([finding('container.dockerfile', 'gap')]), identityOf(p), { configHash: 'h' });
    expect(store.listRuns(identityOf(q).key)).toEqual([]);
    expect(store.listRuns(identityOf(p).key)).toHaveLength(1);
    store.close();
    // the same path reached through a symlink is the same project
    const link = path.join(tempDir(), 'link');
    fs.symlinkSync(p, link);
    expect(identityOf(link).key).toBe(identityOf(p).key);
  });
});
