import { describe, expect, it } from 'vitest';
import { dropwizardConfigOf } from '../../src/facts/config.js';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const POM =
  '<project><dependencies><dependency><groupId>io.dropwizard</groupId><artifactId>dropwizard-core</artifactId><version>4.0.8</version></dependency><dependency><groupId>io.dropwizard</groupId><artifactId>dropwizard-jdbi3</artifactId><version>4.0.8</version></dependency></dependencies></project>\n';
const APP =
  'package org.example.mill;\n\nimport io.dropwizard.configuration.EnvironmentVariableSubstitutor;\nimport io.dropwizard.core.Application;\nimport org.jdbi.v3.core.Jdbi;\n\npublic class MillApplication extends Application<MillConfiguration> {\n  public static void main(String[] args) throws Exception { new MillApplication().run(args); }\n  void boot() { new EnvironmentVariableSubstitutor(false); Jdbi.create("x"); }\n}\n';
const CONFIG = (logging: string, database: string) =>
  `server:\n  applicationConnectors:\n    - type: http\n      port: \${MILL_PORT:-8080}\n\ndatabase:\n  driverClass: org.postgresql.Driver\n  url: \${MILL_DB_URL}\n${database}\nlogging:\n  level: INFO\n  appenders:\n${logging}`;
const facts = (files: Record<string, string>) =>
  new Facts(
    RepoIndex.fromMemory({ 'pom.xml': POM, 'src/main/java/org/example/mill/MillApplication.java': APP, ...files }),
  );

describe('facts: a Dropwizard YAML configuration', () => {
  it('is configuration read, with the variables its placeholders name', () => {
    const f = facts({ 'src/main/resources/mill.yml': CONFIG('    - type: console\n', '') });
    expect(f.config.reads).toContainEqual(
      expect.objectContaining({ path: 'src/main/resources/mill.yml', via: 'Dropwizard YAML configuration' }),
    );
    expect(f.config.names).toEqual(expect.arrayContaining(['MILL_DB_URL', 'MILL_PORT']));
  });

  it('is not read without dropwizard-core, nor from a YAML file with no server block', () => {
    const spring = new Facts(
      RepoIndex.fromMemory({ 'src/main/resources/mill.yml': CONFIG('    - type: console\n', '') }),
    );
    expect(spring.config.reads.some((r) => r.via === 'Dropwizard YAML configuration')).toBe(false);
    const other = facts({ 'src/main/resources/other.yml': 'logging:\n  level: INFO\n' });
    expect(other.config.reads.some((r) => r.via === 'Dropwizard YAML configuration')).toBe(false);
  });

  it('is the file whose server block sets connectors, not another YAML file with a server key and a type elsewhere', () => {
    const f = facts({
      'deploy/values.yaml': 'server:\n  replicas: 2\nservice:\n  type: ClusterIP\n',
      'src/main/resources/mill.yml': CONFIG('    - type: console\n', ''),
    });
    const dropwizard = f.config.reads.filter((r) => r.via === 'Dropwizard YAML configuration');
    expect(dropwizard.map((r) => r.path)).toEqual(['src/main/resources/mill.yml']);
  });

  it('bounds the data source pool with maxSize, or by its default', () => {
    const sized = facts({ 'src/main/resources/mill.yml': CONFIG('    - type: console\n', '  maxSize: 16\n') });
    expect(sized.pooling.sites).toContainEqual(
      expect.objectContaining({ library: 'dropwizard-db', state: 'configured', line: 9 }),
    );
    const plain = facts({ 'src/main/resources/mill.yml': CONFIG('    - type: console\n', '') });
    expect(plain.pooling.sites).toContainEqual(
      expect.objectContaining({ library: 'dropwizard-db', state: 'default', line: 7 }),
    );
  });

  it('is found once per view: the configuration reads and the pool sizes share one answer', () => {
    const f = facts({ 'src/main/resources/mill.yml': CONFIG('    - type: console\n', '  maxSize: 16\n') });
    const found = f.derive(dropwizardConfigOf);
    expect(found).toEqual({ path: 'src/main/resources/mill.yml', line: 1, names: ['MILL_PORT', 'MILL_DB_URL'] });
    expect(f.config.reads).toContainEqual(expect.objectContaining({ path: found!.path, line: found!.line }));
    expect(f.pooling.sites).toContainEqual(expect.objectContaining({ library: 'dropwizard-db', file: found!.path }));
    expect(f.derive(dropwizardConfigOf)).toBe(found);
  });
});
