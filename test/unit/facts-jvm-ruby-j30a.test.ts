import { describe, expect, it } from 'vitest';
import { routeBody } from '../../src/facts/handlers.js';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

const PLAY_SBT =
  'lazy val root = (project in file(".")).enablePlugins(PlayScala).settings(name := "quarry", scalaVersion := "2.13.14")\n';
const PLUGINS = 'addSbtPlugin("org.playframework" % "sbt-plugin" % "3.0.5")\n';

describe('facts: Scala data access', () => {
  it('reads ScalikeJDBC, Slick and Doobie imports as relational stores', () => {
    const f = facts({
      'build.sbt': PLAY_SBT,
      'project/plugins.sbt': PLUGINS,
      'conf/routes': 'GET  /stones  controllers.StoneController.list()\n',
      'app/controllers/StoneController.scala':
        'package controllers\n\nimport scalikejdbc._\nimport slick.jdbc.PostgresProfile.api._\nimport doobie.implicits._\n\nclass StoneController {\n  def list() = ???\n}\n',
    });
    const libs = f.database.uses.map((u) => [u.library, u.kind]);
    expect(libs).toContainEqual(['scalikejdbc', 'relational']);
    expect(libs).toContainEqual(['slick', 'relational']);
    expect(libs).toContainEqual(['doobie', 'relational']);
  });

  it("reads the Scala MongoDB driver as a document store, and not hmrc-mongo's session cache alone", () => {
    const controller = (imports: string) =>
      `package controllers\n\n${imports}\n\nclass StoneController {\n  def list() = ???\n}\n`;
    const base = {
      'build.sbt': PLAY_SBT,
      'project/plugins.sbt': PLUGINS,
      'conf/routes': 'GET  /stones  controllers.StoneController.list()\n',
    };
    const f = facts({
      ...base,
      'app/controllers/StoneController.scala': controller(
        'import org.mongodb.scala.model.Filters\nimport uk.gov.hmrc.mongo.play.json.PlayMongoRepository',
      ),
    });
    expect(f.database.uses.map((u) => [u.library, u.kind])).toContainEqual(['mongodb-scala', 'document']);
    expect(f.database.relational).toBe(false);
    const cache = facts({
      ...base,
      'app/controllers/StoneController.scala': controller('import uk.gov.hmrc.mongo.cache.MongoCacheRepository'),
    });
    expect(cache.database.any).toBe(false);
  });
});

describe("facts: Play's evolutions", () => {
  it('are a migration set in version order, their Downs sections not read as changes', () => {
    const f = facts({
      'build.sbt': PLAY_SBT,
      'conf/evolutions/default/10.sql':
        '-- !Ups\nALTER TABLE stone ADD COLUMN colour TEXT;\n\n-- !Downs\nALTER TABLE stone DROP COLUMN colour;\n',
      'conf/evolutions/default/9.sql': '# --- !Ups\nCREATE TABLE stone (id INT);\n\n# --- !Downs\nDROP TABLE stone;\n',
    });
    const set = f.migrations.sets.find((s) => s.tool === 'Play evolutions');
    expect(set?.files).toEqual(['conf/evolutions/default/9.sql', 'conf/evolutions/default/10.sql']);
    expect(f.migrations.ops.filter((o) => o.kind === 'drop-table' || o.kind === 'drop-column')).toEqual([]);
  });

  it('still reads a drop in the Ups section', () => {
    const f = facts({
      'build.sbt': PLAY_SBT,
      'conf/evolutions/default/1.sql':
        '-- !Ups\nALTER TABLE stone DROP COLUMN colour;\n\n-- !Downs\nALTER TABLE stone ADD COLUMN colour TEXT;\n',
    });
    expect(f.migrations.ops.map((o) => o.kind)).toContain('drop-column');
  });
});

describe('facts: a Play route body', () => {
  const files = {
    'build.sbt': PLAY_SBT,
    'project/plugins.sbt': PLUGINS,
    'conf/routes':
      'GET  /          controllers.FrontController.index()\nGET  /health    controllers.FrontController.health()\n',
    'app/controllers/FrontController.scala':
      'package controllers\n\nclass FrontController {\n  def index() = Action {\n    Ok("quarry")\n  }\n\n  def health() = Action {\n    Ok("up")\n  }\n}\n',
  };

  it("is the controller action's own def, not the routes below it nor the next def", () => {
    const body = routeBody(facts(files), { file: 'conf/routes', line: 1, handler: 'index', framework: 'play' });
    expect(body.file).toBe('app/controllers/FrontController.scala');
    expect(body.line).toBe(4);
    expect(body.text).not.toMatch(/health/);
  });

  it('is the routes line alone when the controller is not in the application', () => {
    const body = routeBody(facts(files), { file: 'conf/routes', line: 1, handler: 'index', framework: 'play' });
    expect(body.text).toContain('Ok("quarry")');
    const missing = routeBody(facts({ ...files, 'app/controllers/FrontController.scala': 'package controllers\n' }), {
      file: 'conf/routes',
      line: 1,
      handler: 'index',
      framework: 'play',
    });
    expect(missing.text).toBe('GET  /          controllers.FrontController.index()');
  });
});

describe('facts: managed backups in the AWS CDK', () => {
  const stack = (retention: string) =>
    `import { Duration } from 'aws-cdk-lib';\nimport * as rds from 'aws-cdk-lib/aws-rds';\n\nnew rds.DatabaseInstance(this, 'Db', {\n  backupRetention: ${retention},\n});\n`;
  const base = {
    'package.json': '{"name":"till","dependencies":{"pg":"^8.13.0"}}',
    'src/db.js': "import pg from 'pg';\nexport const pool = new pg.Pool();\n",
  };

  it("reads an RDS instance's retention given in days", () => {
    const f = facts({ ...base, 'cdk/lib/stack.ts': stack('Duration.days(7)') });
    expect(f.backups.managed).toEqual(expect.objectContaining({ path: 'cdk/lib/stack.ts', line: 5 }));
  });

  it('leaves a retention of zero days (automated backups off)', () => {
    const f = facts({ ...base, 'cdk/lib/stack.ts': stack('Duration.days(0)') });
    expect(f.backups.managed).toBeUndefined();
  });
});

describe('facts: Micronaut @Secured rules', () => {
  const controller = (rule: string) =>
    `package org.example\n\nimport io.micronaut.http.annotation.Controller\nimport io.micronaut.http.annotation.Get\nimport io.micronaut.security.annotation.Secured\nimport io.micronaut.security.rules.SecurityRule\n\n@Controller("/dials")\nclass DialController {\n    @Get\n    @Secured(${rule})\n    fun list(): List<String> = listOf("a")\n}\n`;
  const gradle =
    'plugins { id("io.micronaut.application") version "4.4.4" }\ndependencies { implementation("io.micronaut.security:micronaut-security-jwt") }\n';

  it('an anonymous or authenticated rule authorizes nothing', () => {
    for (const rule of ['SecurityRule.IS_ANONYMOUS', 'SecurityRule.IS_AUTHENTICATED', '"isAuthenticated()"']) {
      const f = facts({
        'build.gradle.kts': gradle,
        'src/main/kotlin/org/example/DialController.kt': controller(rule),
      });
      expect(f.authorization.applied, rule).toBeUndefined();
    }
  });

  it('a named role or scope does', () => {
    const f = facts({
      'build.gradle.kts': gradle,
      'src/main/kotlin/org/example/DialController.kt': controller('"ROLE_DIAL_ADMIN"'),
    });
    expect(f.authorization.applied?.sites[0]).toEqual(
      expect.objectContaining({ path: 'src/main/kotlin/org/example/DialController.kt', line: 11 }),
    );
  });
});

describe("facts: the Java driver's TTL index", () => {
  it('is read from IndexOptions().expireAfter(…), and a cache expiry is not', () => {
    const store = (line: string) =>
      `package org.example;\n\nimport com.mongodb.client.model.IndexOptions;\n\nclass Store {\n  void init() {\n    ${line}\n  }\n}\n`;
    const pom =
      '<project><dependencies><dependency><artifactId>mongodb-driver-sync</artifactId></dependency></dependencies></project>';
    const ttl = facts({
      'pom.xml': pom,
      'src/main/java/org/example/Store.java': store(
        'col.createIndex(Indexes.ascending("at"), new IndexOptions().expireAfter(30L, TimeUnit.DAYS));',
      ),
    });
    expect(ttl.retention.ttl.map((s) => s.path)).toContain('src/main/java/org/example/Store.java');
    const cache = facts({
      'pom.xml': pom,
      'src/main/java/org/example/Store.java': store('cache = Caffeine.newBuilder().expireAfter(new Expiry()).build();'),
    });
    expect(cache.retention.ttl.map((s) => s.path)).not.toContain('src/main/java/org/example/Store.java');
  });
});
