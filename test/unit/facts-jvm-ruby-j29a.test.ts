import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

const R2DBC_GRADLE =
  'plugins { id("org.springframework.boot") version "3.4.2" }\ndependencies {\n  implementation("org.springframework.boot:spring-boot-starter-webflux")\n  implementation("org.springframework.boot:spring-boot-starter-data-r2dbc")\n  runtimeOnly("org.postgresql:r2dbc-postgresql")\n}\n';
const R2DBC_APP =
  'package org.example.quay\n\nimport org.springframework.data.annotation.Id\nimport org.springframework.data.relational.core.mapping.Table\nimport org.springframework.data.repository.kotlin.CoroutineCrudRepository\n\n@Table("boat")\ndata class Boat(@Id val id: Long?, val name: String)\n\ninterface BoatRepository : CoroutineCrudRepository<Boat, Long>\n';

describe('facts: a Spring Data R2DBC pool', () => {
  it('is r2dbc-pool at spring.r2dbc.url, not HikariCP at the JDBC url Flyway migrates with', () => {
    const f = facts({
      'build.gradle.kts': R2DBC_GRADLE,
      'src/main/kotlin/org/example/quay/Boats.kt': R2DBC_APP,
      'src/main/resources/application.yml':
        'spring:\n  flyway:\n    url: jdbc:postgresql://${DB}/quay\n  r2dbc:\n    url: r2dbc:postgresql://${DB}/quay\n',
    });
    expect(f.pooling.sites).toContainEqual(
      expect.objectContaining({ library: 'r2dbc-pool', state: 'default', line: 5 }),
    );
    expect(f.pooling.sites.some((s) => s.library === 'hikaricp')).toBe(false);
  });

  it('is sized by spring.r2dbc.pool.max-size', () => {
    const f = facts({
      'build.gradle.kts': R2DBC_GRADLE,
      'src/main/kotlin/org/example/quay/Boats.kt': R2DBC_APP,
      'src/main/resources/application.properties':
        'spring.r2dbc.url=r2dbc:postgresql://db/quay\nspring.r2dbc.pool.max-size=24\n',
    });
    expect(f.pooling.sites).toContainEqual(expect.objectContaining({ library: 'r2dbc-pool', state: 'configured' }));
  });
});

describe('facts: exception_notification wired in a Rails environment file', () => {
  const GEMFILE = 'source "https://rubygems.org"\ngem "rails"\ngem "exception_notification"\n';
  it('reads middleware.use bare inside Rails.application.configure', () => {
    const f = facts({
      Gemfile: GEMFILE,
      'config/environments/production.rb':
        'Rails.application.configure do\n  middleware.use ExceptionNotification::Rack,\n    email: { exception_recipients: ["ops@example.invalid"] }\nend\n',
    });
    expect(f.errorTracking.hits.map((h) => `${h.match.path}:${h.match.line}`)).toContain(
      'config/environments/production.rb:2',
    );
  });

  it('does not read a middleware of another name', () => {
    const f = facts({
      Gemfile: GEMFILE,
      'config/environments/production.rb': 'Rails.application.configure do\n  middleware.use Rack::Deflater\nend\n',
    });
    expect(f.errorTracking.hits).toEqual([]);
  });
});

describe('facts: audit models', () => {
  it('does not take a class switching on Spring Data auditing for an audit model', () => {
    const f = facts({
      'build.gradle.kts': R2DBC_GRADLE,
      'src/main/kotlin/org/example/quay/AuditConfig.kt':
        'package org.example.quay\n\nimport org.springframework.context.annotation.Configuration\nimport org.springframework.data.r2dbc.config.EnableR2dbcAuditing\n\n@Configuration\n@EnableR2dbcAuditing\nclass AuditConfig\n',
    });
    expect(f.auditTrail.unused.some((u) => /AuditConfig/.test(u.note))).toBe(false);
  });

  it('still takes an audit entity of the project nothing writes', () => {
    const f = facts({
      'build.gradle.kts': R2DBC_GRADLE,
      'src/main/kotlin/org/example/quay/AuditEntry.kt':
        'package org.example.quay\n\nimport org.springframework.data.relational.core.mapping.Table\n\n@Table("audit_entry")\nclass AuditEntry(val actor: String, val action: String)\n',
    });
    expect(f.auditTrail.unused.some((u) => /AuditEntry/.test(u.note))).toBe(true);
  });
});
