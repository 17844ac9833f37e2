import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const persistence = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).persistence;

describe('detectPersistence', () => {
  it('counts a database used by production code', () => {
    const p = persistence({ 'app/db.py': 'from sqlalchemy import create_engine\n' });
    expect(p.any).toBe(true);
    expect(p.signals[0]?.note).toContain('sqlalchemy');
  });

  it('counts named compose volumes of data services, not caches', () => {
    const compose =
      'services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n  cache:\n    image: redis:7\n    volumes:\n      - redisdata:/data\n  web:\n    build: .\n    volumes:\n      - node_modules:/app/node_modules\nvolumes:\n  pgdata: {}\n  redisdata: {}\n  node_modules: {}\n';
    const p = persistence({ 'docker-compose.yml': compose });
    expect(p.signals).toEqual([{ path: 'docker-compose.yml', line: 14, note: 'named volumes: pgdata' }]);
    expect(persistence({ 'compose.yaml': compose.replace(/pgdata/g, 'build-cache') }).any).toBe(false);
  });

  it('leaves out the volumes of a monitoring stack kept beside the service', () => {
    const compose =
      'services:\n  app:\n    build: .\n  lgtm:\n    image: grafana/otel-lgtm:0.8.1\n    volumes:\n      - grafana:/data/grafana\n  prom:\n    image: prom/prometheus:v3.0.0\n    volumes:\n      - tsdb:/prometheus\n  db:\n    image: postgres:16\n    volumes:\n      - pg:/var/lib/postgresql/data\nvolumes:\n  grafana: {}\n  tsdb: {}\n  pg: {}\n';
    expect(persistence({ 'compose.yaml': compose }).signals.map((s) => s.note)).toEqual(['named volumes: pg']);
    // Grafana alone is the project (a dashboards repository): its data is kept.
    const grafana =
      'services:\n  grafana:\n    image: grafana/grafana:11.3.0\n    volumes:\n      - g:/var/lib/grafana\nvolumes:\n  g: {}\n';
    expect(persistence({ 'compose.yaml': grafana }).any).toBe(true);
  });

  it('counts persistent volume claims and stateful sets', () => {
    expect(
      persistence({ 'k8s/db.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n' }).signals[0],
    ).toMatchObject({ path: 'k8s/db.yaml', line: 2 });
  });

  it('ignores an embedded SQLite store of a command-line tool', () => {
    const files = {
      'package.json':
        '{"name":"notes","version":"1.0.0","bin":{"notes":"cli.js"},"dependencies":{"better-sqlite3":"11.5.0"}}',
      'cli.js': "const Database = require('better-sqlite3');\nnew Database('notes.db');\n",
    };
    expect(persistence(files).any).toBe(false);
  });
});

describe('persistence: compose file names', () => {
  it('finds named volumes in every compose file name the compose fact accepts', () => {
    const files = {
      'docker-compose-prod.yml':
        'services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata: {}\n',
    };
    const facts = new Facts(RepoIndex.fromMemory(files));
    expect(facts.persistence.signals).toContainEqual(
      expect.objectContaining({ path: 'docker-compose-prod.yml', note: 'named volumes: pgdata' }),
    );
  });
});
