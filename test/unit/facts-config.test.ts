import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const config = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).config;

describe('detectConfigReads', () => {
  it('finds environment reads per stack', () => {
    expect(config({ 'app/main.py': 'import os\nDB = os.environ["DATABASE_URL"]\n' }).reads[0]).toMatchObject({
      path: 'app/main.py',
      line: 2,
    });
    expect(config({ 'src/index.ts': 'export const port = Number(process.env.PORT);\n' }).any).toBe(true);
    expect(config({ 'main.go': 'package main\n\nimport "os"\n\nvar addr = os.Getenv("ADDR")\n' }).reads[0]?.line).toBe(
      5,
    );
    expect(config({ 'config/initializers/x.rb': "KEY = ENV.fetch('API_KEY')\n" }).any).toBe(true);
    expect(config({ 'src/main/java/A.java': 'class A { String u = System.getenv("URL"); }\n' }).any).toBe(true);
    expect(config({ 'src/main/resources/application.yml': 'server:\n  port: 8080\n' }).reads[0]?.via).toBe(
      'application configuration (Spring Boot, Quarkus, Micronaut)',
    );
  });

  it("reads Illuminate's Env::get as PHP's getenv, and takes neither a bundler's replacement key nor its reads for settings", () => {
    const php = config({ 'src/Settings.php': "<?php\nuse Illuminate\\Support\\Env;\n$host = Env::get('DB_HOST');\n" });
    expect(php.reads[0]).toMatchObject({ path: 'src/Settings.php', line: 3, via: 'getenv' });
    // `'process.env': {` in DefinePlugin names what the bundle reads; the line reads nothing.
    const define = config({ 'src/define.js': "module.exports = { 'process.env': { MODE: JSON.stringify('x') } };\n" });
    expect(define.reads).toEqual([]);
    const defineOne = config({
      'src/define.js': "module.exports = { 'process.env.API_URL': JSON.stringify('/api') };\n",
    });
    expect(defineOne.reads).toEqual([]);
    // A bundler's own reads are the build's switches: kept, marked build-time.
    const bundler = config({ 'webpack.config.js': 'if (process.env.THEMES) { module.exports.themes = 1; }\n' });
    expect(bundler.reads).toMatchObject([{ path: 'webpack.config.js', line: 1, buildTime: true }]);
    // The service's own read is not.
    expect(config({ 'src/server.js': 'const port = process.env.HTTP_PORT;\n' }).reads[0]?.buildTime).toBeUndefined();
  });

  it('reads Go settings decoded from TOML or YAML into a settings value, not other documents', () => {
    const go = (call: string) =>
      config({ 'main.go': `package main\n\nfunc load(buf []byte) {\n\t_ = ${call}\n}\n` }).reads.map((r) => [
        r.line,
        r.via,
      ]);
    expect(go('toml.Unmarshal(buf, &config)')).toEqual([[4, 'config file']]);
    expect(go('yaml.Unmarshal(buf, &s.cfg)')).toEqual([[4, 'config file']]);
    expect(go('yaml.Unmarshal(buf, &manifest)')).toEqual([]);
  });

  it('reads a clap attribute written a key a line up to its closing `)]` only', () => {
    const manifest = '[package]\nname = "x"\n\n[dependencies]\nclap = "4"\n';
    const multi = config({
      'Cargo.toml': manifest,
      'src/main.rs':
        '#[derive(clap::Parser)]\nstruct Args {\n    #[arg(\n        long = "http-rpc",\n        default_value = "127.0.0.1:9545",\n        env = "APP_RPC"\n    )]\n    rpc: std::net::SocketAddr,\n}\n',
    });
    expect(multi.reads[0]).toMatchObject({
      path: 'src/main.rs',
      line: 3,
      via: 'clap arguments read from the environment',
    });
    // `env` after the attribute closed (a doc comment, the next field) is not a key of it.
    const closed = config({
      'Cargo.toml': manifest,
      'src/main.rs':
        '#[derive(clap::Parser)]\nstruct Args {\n    #[arg(\n        long = "config"\n    )]\n    /// falls back to the env\n    config: std::path::PathBuf,\n}\n',
    });
    expect(closed.reads).toEqual([{ path: 'src/main.rs', line: 3, via: 'clap command-line flags', flag: true }]);
  });

  it('reads clap flags as settings given on the command line, not the environment', () => {
    const c = config({
      'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nclap = "4"\n',
      'src/main.rs':
        '#[derive(clap::Parser)]\nstruct Opt {\n    #[arg(long, default_value = "9000")]\n    port: u16,\n    #[arg(short, long)]\n    verbose: bool,\n}\n',
    });
    expect(c.reads).toEqual([{ path: 'src/main.rs', line: 3, via: 'clap command-line flags', flag: true }]);
    expect(c.names).toEqual([]);
  });

  it("names Rust's env::var_os reads, and leaves out the variables systemd sets for the service it starts", () => {
    const c = config({
      'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nclap = "4"\n',
      'src/main.rs': [
        '#[derive(clap::Parser)]',
        'struct Opt {',
        '    #[arg(long)]',
        '    bind: String,',
        '}',
        'fn notify() { if let Some(s) = std::env::var_os("NOTIFY_SOCKET") { drop(s) } }',
        'fn data() -> Option<std::ffi::OsString> { std::env::var_os("ARCHIVE_DIR") }',
        '',
      ].join('\n'),
    });
    expect(c.names).toEqual(['ARCHIVE_DIR']);
    expect(c.reads.map((r) => [r.line, r.flag ?? false])).toEqual([
      [3, true],
      [7, false],
    ]);
  });

  it('reads clap\'s builder `.env("X")` and std::env\'s `var` called by the name a file imports', () => {
    const c = config({
      'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nclap = "4"\n',
      'src/main.rs': [
        'use clap::{Arg, Command};',
        'fn main() {',
        '    let m = Command::new("x").arg(Arg::new("port").long("port").env("APP_PORT")).get_matches();',
        '    std::process::Command::new("child").env("CHILD_MODE", "1").spawn().ok();',
        '    drop(m);',
        '}',
        '',
      ].join('\n'),
      'src/settings.rs': 'use std::{env::var, fs};\npub fn theme() -> Option<String> {\n    var("APP_THEME").ok()\n}\n',
      // A function of the project's own named `var`, in a file that does not import std's.
      'src/css.rs':
        'fn var(name: &str) -> String {\n    format!("var(--{name})")\n}\npub fn accent() -> String {\n    var("accent")\n}\n',
    });
    expect(c.reads.map((r) => [r.path, r.line, r.via])).toEqual([
      ['src/main.rs', 3, 'clap arguments read from the environment'],
      ['src/settings.rs', 3, 'env::var'],
    ]);
    expect(c.names).toContain('APP_PORT');
    expect(c.names).not.toContain('CHILD_MODE');
  });

  it('lists the variable names read literally, without ambient ones', () => {
    const c = config({
      'src/a.ts': 'const a = process.env.DATABASE_URL;\nconst b = process.env["REDIS_URL"] ?? process.env.NODE_ENV;\n',
      'app/x.py': 'import os\nkey = os.getenv("API_KEY")\n',
    });
    expect(c.names).toEqual(['API_KEY', 'DATABASE_URL', 'REDIS_URL']);
  });

  it('counts configuration files read at startup', () => {
    expect(
      config({ 'app/settings.py': 'import configparser\n\nparser = configparser.ConfigParser()\n' }).reads[0]?.via,
    ).toBe('config file');
    expect(config({ 'src/app.js': "const config = require('config');\n" }).any).toBe(true);
    expect(config({ 'main.go': 'package main\n\nfunc load() { cfg, _ := ini.Load("app.ini"); _ = cfg }\n' }).any).toBe(
      true,
    );
  });

  it('counts a Go settings file named by a config flag, not a flag naming some other file', () => {
    const flagged = (line: string) => config({ 'main.go': `package main\n\nimport "flag"\n\nvar p = ${line}\n` });
    expect(
      flagged('flag.String("config", "settings.json", "settings file")').reads.map((r) => [r.via, r.line]),
    ).toEqual([['config file', 5]]);
    expect(flagged('flag.String("out", "report.json", "where to write the report")').any).toBe(false);
  });

  it('counts a Go settings struct the environment fills through env:"…" field tags, not a JSON tag', () => {
    const tagged = config({
      'internal/settings/settings.go':
        'package settings\n\ntype Settings struct {\n\tDSN string `yaml:"dsn" env:"DSN,secret"`\n\tPort int `envconfig:"PORT"`\n}\n',
    });
    expect(tagged.reads.map((r) => [r.via, r.line])).toEqual([
      ['settings struct read from the environment (env:"…" field tags)', 4],
    ]);
    expect(config({ 'api/user.go': 'package api\n\ntype User struct {\n\tName string `json:"name"`\n}\n' }).any).toBe(
      false,
    );
  });

  it('counts the Prisma datasource as configuration', () => {
    expect(
      config({ 'prisma/schema.prisma': 'datasource db {\n  url = env("DATABASE_URL")\n}\n' }).reads[0],
    ).toMatchObject({ path: 'prisma/schema.prisma', line: 2 });
  });

  it('ignores ambient variables, tests, tooling folders, comments, patterns and prose', () => {
    expect(config({ 'bin/cli.js': 'const color = !process.env.NO_COLOR && !process.env.CI;\n' }).any).toBe(false);
    expect(config({ 'tests/test_app.py': 'import os\nos.environ["X"] = "1"\n' }).any).toBe(false);
    expect(config({ 'scripts/bench.mjs': 'const n = Number(process.env.BENCH_FILES ?? 10);\n' }).any).toBe(false);
    expect(config({ 'src/a.ts': '// read process.env.PORT here later\n' }).any).toBe(false);
    expect(config({ 'src/rule.ts': 'const RE = /\\bprocess\\.env\\b/;\n' }).any).toBe(false);
    expect(
      config({ 'src/doc.ts': "const how = 'Looks for reads of process.env in production code and reports them';\n" })
        .any,
    ).toBe(false);
  });
});
