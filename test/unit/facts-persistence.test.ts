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

  it("counts a packaged systemd unit's state directory under /var/lib, not a unit no package installs", () => {
    const unit =
      '[Unit]\nDescription=store\n\n[Service]\nExecStart=/usr/bin/stored\nWorkingDirectory=/var/lib/stored\n';
    const files = {
      'Cargo.toml': '[package]\nname = "stored"\nversion = "0.1.0"\n\n[package.metadata.deb]\nmaintainer = "x"\n',
      'src/main.rs': 'fn main() {\n    let _l = std::net::TcpListener::bind("0.0.0.0:7000");\n}\n',
      'debian/stored.service': unit,
    };
    expect(persistence(files).signals).toEqual([
      { path: 'debian/stored.service', line: 6, note: 'the systemd unit keeps its state in /var/lib/stored' },
    ]);
    // systemd's StateDirectory= names a folder under /var/lib.
    const state = unit.replace('WorkingDirectory=/var/lib/stored', 'StateDirectory=stored');
    expect(persistence({ ...files, 'debian/stored.service': state }).signals[0]?.note).toContain('/var/lib/stored');
    // Without a package build the unit is a sample for users.
    expect(persistence({ ...files, 'Cargo.toml': '[package]\nname = "stored"\nversion = "0.1.0"\n' }).any).toBe(false);
  });

  it("counts the data volumes of a production image's final stage, not scratch or cache volumes", () => {
    const dockerfile = (volume: string) =>
      `FROM golang:1.23 AS build\nVOLUME /go/pkg\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n${volume}\nCMD ["/app"]\n`;
    const main = { 'go.mod': 'module example.com/app\n', 'main.go': 'package main\nfunc main() {}\n' };
    expect(persistence({ ...main, Dockerfile: dockerfile('VOLUME ["/data", "/tmp"]') }).signals).toEqual([
      { path: 'Dockerfile', line: 6, note: 'the image declares a volume at /data' },
    ]);
    expect(
      persistence({
        ...main,
        Dockerfile: dockerfile('VOLUME /tmp /var/cache/app /var/log/app /etc/xdg/app/ /app/config'),
      }).any,
    ).toBe(false);
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
