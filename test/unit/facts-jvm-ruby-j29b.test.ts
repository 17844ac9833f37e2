import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

const KTOR_GRADLE =
  'plugins { kotlin("jvm") version "2.1.0"\n  application }\napplication { mainClass.set("org.example.till.MainKt") }\ndependencies {\n  implementation("io.ktor:ktor-server-netty:3.0.3")\n  implementation("com.zaxxer:HikariCP:6.2.1")\n  implementation("org.postgresql:postgresql:42.7.4")\n}\n';

describe('facts: a HikariCP pool built in Kotlin', () => {
  it('reads `HikariDataSource().apply { … }` (no `new`) as the site, bounded by its maximumPoolSize', () => {
    const f = facts({
      'build.gradle.kts': KTOR_GRADLE,
      'src/main/kotlin/org/example/till/Db.kt':
        'package org.example.till\n\nimport com.zaxxer.hikari.HikariDataSource\n\nfun pool(url: String) = HikariDataSource().apply {\n    jdbcUrl = url\n    maximumPoolSize = 4\n}\n',
    });
    expect(f.pooling.sites).toContainEqual(
      expect.objectContaining({ library: 'hikaricp', state: 'configured', line: 5 }),
    );
  });

  it('leaves a HikariCP default when nothing bounds it', () => {
    const f = facts({
      'build.gradle.kts': KTOR_GRADLE,
      'src/main/kotlin/org/example/till/Db.kt':
        'package org.example.till\n\nimport com.zaxxer.hikari.HikariDataSource\n\nfun pool(url: String) = HikariDataSource().apply { jdbcUrl = url }\n',
    });
    expect(f.pooling.sites).toContainEqual(expect.objectContaining({ library: 'hikaricp', state: 'default' }));
  });
});

describe('facts: nais auto-instrumentation', () => {
  const MANIFEST = (apiVersion: string) =>
    `apiVersion: ${apiVersion}\nkind: Application\nmetadata:\n  name: till\nspec:\n  image: {{image}}\n  observability:\n    autoInstrumentation:\n      enabled: true\n      runtime: java\n`;
  it('is read when the manifest quotes its apiVersion', () => {
    const f = facts({ 'build.gradle.kts': KTOR_GRADLE, '.nais/app.yaml': MANIFEST('"nais.io/v1alpha1"') });
    expect(f.tracing.start.map((h) => h.signal.name)).toContain('nais auto-instrumentation');
  });

  it('is not read from a manifest of another platform', () => {
    const f = facts({ 'build.gradle.kts': KTOR_GRADLE, 'deploy/app.yaml': MANIFEST('"apps/v1"') });
    expect(f.tracing.start.map((h) => h.signal.name)).not.toContain('nais auto-instrumentation');
  });
});

describe('facts: a secret-named env lookup whose fallback is its own name', () => {
  it('is a placeholder, not a hard-coded credential', () => {
    const f = facts({
      Gemfile: 'source "https://rubygems.org"\ngem "rails"\n',
      'config/environments/production.rb':
        'Rails.application.configure do\n  config.action_mailer.smtp_settings = {\n    password: ENV.fetch("MAIL_PASSWORD", "MAIL_PASSWORD")\n  }\nend\n',
    });
    expect(f.secrets.hits).toEqual([]);
    expect(f.secrets.ignored.length).toBe(1);
  });

  it('still reports a real literal as the fallback', () => {
    const f = facts({
      Gemfile: 'source "https://rubygems.org"\ngem "rails"\n',
      'config/environments/production.rb':
        'Rails.application.configure do\n  config.action_mailer.smtp_settings = {\n    password: ENV.fetch("MAIL_PASSWORD", "q8Zr2vLw9TxK")\n  }\nend\n',
    });
    expect(f.secrets.hits.length).toBe(1);
  });
});

describe('facts: Ruby APM agents as metrics', () => {
  const RAILS = { 'config/application.rb': 'module Shop\n  class Application < Rails::Application\n  end\nend\n' };
  it('reads Skylight declared for production with its configuration file (low)', () => {
    const f = facts({
      ...RAILS,
      Gemfile: 'source "https://rubygems.org"\ngem "rails"\ngroup :production do\n  gem "skylight"\nend\n',
      'config/skylight.yml': '---\n# token from the environment\nauthentication: <%= ENV["SKYLIGHT_TOKEN"] %>\n',
    });
    expect(f.metrics.exporter).toEqual(
      expect.objectContaining({
        confidence: 'low',
        site: expect.objectContaining({ path: 'config/skylight.yml', line: 3 }),
      }),
    );
  });

  it('does not read an agent installed for development only, nor one without its configuration', () => {
    const dev = facts({
      ...RAILS,
      Gemfile: 'source "https://rubygems.org"\ngem "rails"\ngroup :development do\n  gem "skylight"\nend\n',
      'config/skylight.yml': 'authentication: abc\n',
    });
    expect(dev.metrics.exporter).toBeUndefined();
    const bare = facts({ ...RAILS, Gemfile: 'source "https://rubygems.org"\ngem "rails"\ngem "appsignal"\n' });
    expect(bare.metrics.exporter).toBeUndefined();
  });
});
