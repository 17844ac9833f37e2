import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { gradleBuildProperties, jvmReactor } from '../../src/facts/jvm-modules.js';
import { RepoIndex } from '../../src/repo/index.js';

const pom = (artifact: string, deps: string[] = [], extra = '') =>
  `<project><parent><groupId>com.acme</groupId><artifactId>shop-parent</artifactId></parent><artifactId>${artifact}</artifactId>${extra}<dependencies>${deps.join('')}</dependencies></project>`;
const dep = (artifact: string, scope?: string, group = '${project.groupId}') =>
  `<dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId>${scope ? `<scope>${scope}</scope>` : ''}</dependency>`;

describe('JVM reactor modules', () => {
  const maven = {
    'pom.xml':
      '<project><groupId>com.acme</groupId><artifactId>shop-parent</artifactId><packaging>pom</packaging><modules><module>server</module><module>web-common</module><module>schema</module><module>testkit</module><module>admin</module></modules></project>',
    'server/pom.xml': pom('shop-server', [
      dep('web-common'),
      dep('schema', undefined, 'com.acme'),
      dep('testkit', 'test'),
      // A library of another group that happens to share a module's artifactId is not the module.
      dep('importer', undefined, 'org.other'),
    ]),
    'server/src/main/java/com/acme/shop/ShopServer.java':
      'package com.acme.shop;\n\npublic class ShopServer {\n  public static void main(String[] args) {}\n}\n',
    'web-common/pom.xml': pom('web-common', [dep('schema')]),
    'web-common/src/main/java/com/acme/web/AuthFilter.java': 'package com.acme.web;\n\npublic class AuthFilter {}\n',
    // Its groupId is inherited from the parent; the first groupId in the file is a dependency's.
    'schema/pom.xml': pom('schema', [dep('postgresql', undefined, 'org.postgresql')]),
    'schema/src/main/resources/com/acme/schema/V1__init.sql': 'CREATE TABLE orders (id bigint primary key);\n',
    'testkit/pom.xml': pom('testkit'),
    'testkit/src/main/java/com/acme/testkit/Fakes.java': 'package com.acme.testkit;\n\npublic class Fakes {}\n',
    'admin/pom.xml': pom('importer'),
    'admin/src/main/java/com/acme/importer/Importer.java':
      'package com.acme.importer;\n\npublic class Importer {\n  public static void main(String[] args) {}\n}\n',
  };

  it('follows Maven dependencies on modules of the same reactor, transitively, leaving test scope and other groups out', () => {
    const r = jvmReactor(RepoIndex.fromMemory(maven));
    expect(r.dirs).toEqual(['admin', 'schema', 'server', 'testkit', 'web-common']);
    expect(r.dependsOn('server')).toEqual(['schema', 'web-common']);
  });

  it('mounts the modules an application module depends on, and its parent POM, into its component view', () => {
    const facts = new Facts(RepoIndex.fromMemory(maven));
    expect(facts.components.list.map((c) => [c.path, c.mounts])).toEqual([
      ['admin', ['pom.xml']],
      ['server', ['pom.xml', 'schema', 'web-common']],
    ]);
    const server = facts.components.list.find((c) => c.path === 'server');
    const files = facts.forComponent(server!).repo.files.map((f) => f.path);
    expect(files).toContain('../web-common/src/main/java/com/acme/web/AuthFilter.java');
    expect(files).toContain('../schema/src/main/resources/com/acme/schema/V1__init.sql');
    expect(files).not.toContain('../testkit/src/main/java/com/acme/testkit/Fakes.java');
  });

  it('gives a Gradle module the gradle.properties of the multi-project build that includes it', () => {
    const files = {
      'settings.gradle': "include 'orders', 'tools:loader'\n",
      'gradle.properties': 'springBootVersion=2.3.12.RELEASE\n',
      'orders/build.gradle': "apply plugin: 'java'\n",
      'tools/loader/build.gradle': "apply plugin: 'java'\n",
      'tools/notes.txt': 'no build here\n',
      'standalone/settings.gradle': "rootProject.name = 'standalone'\n",
      'standalone/app/build.gradle': "apply plugin: 'java'\n",
      'plugin/settings.gradle': "rootProject.name = 'plugin'\n",
      'plugin/build.gradle': "apply plugin: 'groovy'\n",
    };
    const repo = RepoIndex.fromMemory(files);
    expect(gradleBuildProperties(repo, 'orders')).toEqual(['gradle.properties']);
    expect(gradleBuildProperties(repo, 'tools/loader')).toEqual(['gradle.properties']);
    // Not a Gradle module; the build's root itself; a nested build with no properties of its own.
    expect(gradleBuildProperties(repo, 'tools')).toEqual([]);
    expect(gradleBuildProperties(repo, '.')).toEqual([]);
    expect(gradleBuildProperties(repo, 'standalone/app')).toEqual([]);
    // A build of its own nested in the repository (its own settings script): the outer build's properties are not its.
    expect(gradleBuildProperties(repo, 'plugin')).toEqual([]);
  });

  it('follows Gradle project dependencies (project(":x"), type-safe accessors, moved project folders), not test configurations', () => {
    const r = jvmReactor(
      RepoIndex.fromMemory({
        'settings.gradle.kts':
          'rootProject.name = "shop"\ninclude(":app", ":core:domain-model", ":persistence", ":test-support")\ninclude("legacy")\nproject(":legacy").projectDir = file("modules/legacy")\n',
        'app/build.gradle.kts':
          'plugins { application }\ndependencies {\n  implementation(projects.core.domainModel)\n  runtimeOnly(project(":persistence"))\n  testImplementation(project(":test-support"))\n  // implementation(project(":legacy"))\n}\n',
        'core/domain-model/build.gradle.kts': 'dependencies { api(project(path: ":legacy")) }\n',
        'persistence/build.gradle.kts': '',
        'test-support/build.gradle.kts': '',
        'modules/legacy/build.gradle': 'dependencies {}\n',
      }),
    );
    expect(r.dirs).toEqual(['app', 'core/domain-model', 'modules/legacy', 'persistence', 'test-support']);
    expect(r.dependsOn('app')).toEqual(['core/domain-model', 'modules/legacy', 'persistence']);
  });

  it('reads a Kotlin settings include that lists its projects over several lines, with comments between them', () => {
    const r = jvmReactor(
      RepoIndex.fromMemory({
        'settings.gradle.kts':
          'rootProject.name = "register"\n\ninclude(\n    // domain\n    "domain:events",\n    // apps\n    "apps:intake-api",\n    "apps:reminder-job"\n)\n',
        'domain/events/build.gradle.kts': '',
        'apps/intake-api/build.gradle.kts': 'dependencies { implementation(project(":domain:events")) }\n',
        'apps/reminder-job/build.gradle.kts': '',
      }),
    );
    expect(r.dirs).toEqual(['apps/intake-api', 'apps/reminder-job', 'domain/events']);
    expect(r.dependsOn('apps/intake-api')).toEqual(['domain/events']);
  });

  it('follows Gradle projects renamed in the settings (a prefix on every child, one project renamed)', () => {
    const r = jvmReactor(
      RepoIndex.fromMemory({
        'settings.gradle':
          "rootProject.name = 'orders'\ninclude 'server'\ninclude 'engine'\ninclude 'rest'\ninclude 'jobs-store'\ninclude 'legacy'\nrootProject.children.each { it.name = \"${rootProject.name}-${it.name}\" }\nproject(':orders-jobs-store').projectDir = file('jobs/store')\n",
        'server/build.gradle':
          "dependencies {\n  implementation project(':orders-engine')\n  implementation project(':orders-rest')\n  implementation project(':orders-jobs-store')\n  testImplementation project(':orders-legacy')\n}\n",
        'engine/build.gradle': '',
        'rest/build.gradle': "dependencies { api project(':orders-engine') }\n",
        'jobs/store/build.gradle': '',
        'legacy/build.gradle': '',
      }),
    );
    expect(r.dirs).toEqual(['engine', 'jobs/store', 'legacy', 'rest', 'server']);
    expect(r.dependsOn('server')).toEqual(['engine', 'jobs/store', 'rest']);
    const one = jvmReactor(
      RepoIndex.fromMemory({
        'settings.gradle.kts': 'include(":api", ":core")\nproject(":core").name = "shop-core"\n',
        'api/build.gradle.kts': 'dependencies { implementation(project(":shop-core")) }\n',
        'core/build.gradle.kts': '',
      }),
    );
    expect(one.dependsOn('api')).toEqual(['core']);
  });
});

describe('Gradle settings that include every folder holding a build script', () => {
  it('makes each such folder a project named after its path, skipping build output and .buildignore folders', () => {
    const r = jvmReactor(
      RepoIndex.fromMemory({
        'settings.gradle':
          'rootProject.name = "plant"\nfileTree(dir: rootDir, include: "**/build.gradle", excludes: ["**/build/**"])\n  .filter { it.parentFile != rootDir }\n  .each { include it.parentFile.canonicalPath.replace(rootDir.canonicalPath, "").replace("/", ":") }\n',
        'build.gradle': '',
        'server/build.gradle':
          "plugins { id 'application' }\ndependencies {\n  api project(':web')\n  api project(':sensors:model')\n  testImplementation project(':sandbox')\n}\n",
        'web/build.gradle': "dependencies { api project(':sensors:model') }\n",
        'sensors/model/build.gradle': '',
        'sandbox/build.gradle': '',
        'sandbox/.buildignore': '',
        'server/build/tmp/build.gradle': '',
      }),
    );
    expect(r.dirs).toEqual(['sensors/model', 'server', 'web']);
    expect(r.dependsOn('server')).toEqual(['sensors/model', 'web']);
  });
});

describe('ServiceLoader providers', () => {
  it('are live when registered in META-INF/services or a module-info provides clause', () => {
    const l = new Facts(
      RepoIndex.fromMemory({
        'pom.xml': '<project><artifactId>app</artifactId></project>',
        'src/main/java/com/acme/App.java':
          'package com.acme;\n\nimport java.util.ServiceLoader;\nimport com.acme.spi.Engine;\n\npublic class App {\n  public static void main(String[] args) {\n    ServiceLoader.load(Engine.class).findFirst();\n  }\n}\n',
        'src/main/java/com/acme/spi/Engine.java': 'package com.acme.spi;\n\npublic interface Engine {}\n',
        'src/main/java/com/acme/engine/FastEngine.java':
          'package com.acme.engine;\n\npublic class FastEngine implements com.acme.spi.Engine {}\n',
        'src/main/resources/META-INF/services/com.acme.spi.Engine':
          '# the default engine\ncom.acme.engine.FastEngine\n',
        'src/main/java/module-info.java':
          'module com.acme {\n  provides com.acme.spi.Engine with com.acme.engine.SlowEngine;\n}\n',
        'src/main/java/com/acme/engine/SlowEngine.java':
          'package com.acme.engine;\n\npublic class SlowEngine implements com.acme.spi.Engine {}\n',
        'src/main/java/com/acme/engine/Unused.java': 'package com.acme.engine;\n\npublic class Unused {}\n',
      }),
    ).liveness;
    expect(l.isLive('src/main/java/com/acme/engine/FastEngine.java')).toBe(true);
    expect(l.isLive('src/main/java/com/acme/engine/SlowEngine.java')).toBe(true);
    expect(l.isLive('src/main/java/com/acme/engine/Unused.java')).toBe(false);
  });
});
