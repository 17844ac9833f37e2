import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { detectManifests, gradleSpecValue, jsonKeyLine, parseRequirementLine } from '../../src/facts/manifests.js';
import { escapeRegExp } from '../../src/repo/text.js';
import { RepoIndex } from '../../src/repo/index.js';

const facts = (files: Record<string, string>) => detectManifests(RepoIndex.fromMemory(files));

describe('parseRequirementLine', () => {
  it('pins == only', () => {
    expect(parseRequirementLine('fastapi==0.115.6')).toMatchObject({ name: 'fastapi', pinned: true });
    expect(parseRequirementLine('uvicorn[standard]==0.32.1')).toMatchObject({ name: 'uvicorn', pinned: true });
    expect(parseRequirementLine('Django>=5.0')).toMatchObject({ name: 'django', pinned: false });
    expect(parseRequirementLine('requests')).toMatchObject({ name: 'requests', pinned: false });
    expect(parseRequirementLine('numpy==1.*')).toMatchObject({ pinned: false });
  });
  it('reads pip-compile lines with continuations, hashes and markers', () => {
    expect(parseRequirementLine('fastapi==0.115.6 \\')).toMatchObject({
      name: 'fastapi',
      spec: '==0.115.6',
      pinned: true,
    });
    expect(parseRequirementLine('psycopg2-binary==2.9.10 ; sys_platform != "win32"')).toMatchObject({ pinned: true });
    expect(parseRequirementLine('    --hash=sha256:abc')).toBeUndefined();
    expect(parseRequirementLine('-r base.txt')).toBeUndefined();
    expect(parseRequirementLine('# comment')).toBeUndefined();
    expect(parseRequirementLine('git+https://github.com/x/y.git')).toBeUndefined();
  });
});

describe('jsonKeyLine', () => {
  // What it stands for: the first line of the text split at line ends that a pattern made for the key matches.
  const byPattern = (text: string, key: string): number | undefined => {
    const re = new RegExp(`"${escapeRegExp(key)}"\\s*:`);
    const i = text.split(/\r?\n/).findIndex((l) => re.test(l));
    return i >= 0 ? i + 1 : undefined;
  };
  const texts = [
    '{\n  "dependencies": {\n    "left-pad": "1.3.0",\n    "@scope/ui.kit": "^2.0.0"\n  }\n}\n',
    // The key written first as a value, then as a key; a colon only on the next line; CRLF line ends.
    '{\r\n  "main": "left-pad",\r\n  "left-pad"\r\n  : "x",\r\n  "left-pad" : "1.0.0"\r\n}',
    // A lone carriage return and other white space between the key and its colon are within the line.
    '{ "a+b(c)" \r: 1,\n "x.y"\u00a0\t: 2, "x.y": 3 }',
    '{"dependencies":{"zeta":"1","alpha":"2","zeta-extra":"3"}}',
    '',
  ];
  it('finds the line the per-key pattern finds, for every key and text', () => {
    const keys = [
      'left-pad',
      '@scope/ui.kit',
      'dependencies',
      'main',
      'a+b(c)',
      'x.y',
      'zeta',
      'alpha',
      'absent',
      'a\rb',
    ];
    for (const text of texts)
      for (const key of keys)
        expect(jsonKeyLine(text, key), `${key} in ${JSON.stringify(text)}`).toBe(byPattern(text, key));
  });
  it('numbers lines as split at line feeds, a carriage return before one ending the line', () => {
    expect(jsonKeyLine(texts[1]!, 'left-pad')).toBe(5);
    expect(jsonKeyLine(texts[2]!, 'a+b(c)')).toBe(1);
    expect(jsonKeyLine(texts[2]!, 'x.y')).toBe(2);
    expect(jsonKeyLine('{\n"k\n": 1}', 'k\n')).toBeUndefined();
  });
});

describe('detectManifests', () => {
  it('finds manifests of every ecosystem and skips tests', () => {
    const m = facts({
      'requirements.txt': 'fastapi==0.115.6\n',
      'requirements/prod.txt': 'gunicorn==23.0.0\n',
      'package.json': '{"dependencies":{"express":"4.21.2","pg":"^8.13.1"},"devDependencies":{"vitest":"^2.1.0"}}',
      'go.mod':
        'module example.com/x\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.1.0\n\tgolang.org/x/sync v0.8.0 // indirect\n)\n',
      Gemfile: "gem 'rails', '~> 7.2'\ngroup :development, :test do\n  gem 'rspec-rails'\nend\n",
      'shop.gemspec':
        "Gem::Specification.new do |s|\n  s.add_dependency 'rack', '>= 2.0'\n  s.add_development_dependency 'rspec'\nend\n",
      'Cargo.toml': '[package]\nname = "x"\n\n[dependencies]\nserde = "1"\n',
      'composer.json': '{"require":{"laravel/framework":"^11.0"}}',
      'tests/fixtures/requirements.txt': 'nope\n',
    });
    expect(m.manifests.map((x) => x.path).sort()).toEqual([
      'Cargo.toml',
      'Gemfile',
      'composer.json',
      'go.mod',
      'package.json',
      'requirements.txt',
      'requirements/prod.txt',
      'shop.gemspec',
    ]);
    expect(m.declared('node', 'express')).toMatchObject({ pinned: true, dev: false, line: 1 });
    expect(m.declared('node', 'pg')).toMatchObject({ pinned: false });
    expect(m.declared('node', 'vitest')?.dev).toBe(true);
    expect(m.declared('go', 'github.com/go-chi/chi/v5')).toMatchObject({ spec: 'v5.1.0', line: 6 });
    expect(m.declared('ruby', 'rspec-rails')?.dev).toBe(true);
    expect(m.declared('ruby', 'rack')).toMatchObject({ spec: '>= 2.0', dev: false });
    expect(m.declared('python', 'gunicorn')).toMatchObject({ pinned: true });
  });

  it('keeps nested blocks of a Gemfile development group in the group', () => {
    const m = facts({
      Gemfile:
        "gem 'rails', '7.2.2'\ngroup :development, :test do\n  platforms :mri do\n    gem 'byebug'\n  end\n  gem 'rspec-rails'\nend\ngroup :production do\n  gem 'lograge'\nend\ngem 'pg'\n",
    });
    expect(m.declared('ruby', 'rails')).toMatchObject({ dev: false, pinned: true });
    expect(m.declared('ruby', 'byebug')?.dev).toBe(true);
    expect(m.declared('ruby', 'rspec-rails')?.dev).toBe(true);
    expect(m.declared('ruby', 'lograge')?.dev).toBe(false);
    expect(m.declared('ruby', 'pg')?.dev).toBe(false);
  });

  it('flags Maven ranges and LATEST, managed versions stay pinned', () => {
    const pom = `<project><dependencies>
<dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId><version>[42.0,43.0)</version></dependency>
<dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>LATEST</version></dependency>
<dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
<dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
</dependencies></project>`;
    const m = facts({ 'pom.xml': pom });
    expect(m.declared('jvm', 'org.postgresql:postgresql')?.pinned).toBe(false);
    expect(m.declared('jvm', 'com.google.guava:guava')?.pinned).toBe(false);
    expect(m.declared('jvm', 'org.springframework.boot:spring-boot-starter-web')?.pinned).toBe(true);
    expect(m.declared('jvm', 'junit:junit')).toMatchObject({ pinned: true, dev: true });
  });

  it('reads the configurations Gradle 7 removed (compile, runtime, testCompile …) as dependencies', () => {
    const m = facts({
      'build.gradle':
        'dependencies {\n    compile "org.springframework.boot:spring-boot-starter-actuator"\n    runtime \'mysql:mysql-connector-java:8.0.33\'\n    providedCompile "javax.servlet:javax.servlet-api:4.0.1"\n    testCompile "junit:junit:4.12"\n}\n',
    });
    expect(m.declared('jvm', 'org.springframework.boot:spring-boot-starter-actuator')).toMatchObject({
      dev: false,
      line: 2,
    });
    expect(m.declared('jvm', 'mysql:mysql-connector-java')).toMatchObject({ dev: false, pinned: true });
    expect(m.declared('jvm', 'javax.servlet:javax.servlet-api')?.dev).toBe(false);
    expect(m.declared('jvm', 'junit:junit')?.dev).toBe(true);
  });

  it('flags Gradle dynamic versions', () => {
    const m = facts({
      'build.gradle.kts':
        'dependencies {\n    implementation("a:b:1.2.+")\n    implementation("c:d:latest.release")\n    implementation("e:f:[1.0,2.0)")\n    implementation("g:h:3.1.0")\n    testImplementation("j:k:5.0.0")\n}\n',
    });
    expect(['a:b', 'c:d', 'e:f'].map((n) => m.declared('jvm', n)?.pinned)).toEqual([false, false, false]);
    expect(m.declared('jvm', 'g:h')?.pinned).toBe(true);
    expect(m.declared('jvm', 'j:k')?.dev).toBe(true);
  });

  it('parses pyproject (PEP 621, poetry) and Pipfile', () => {
    const m = facts({
      'pyproject.toml':
        '[project]\nname = "x"\ndependencies = ["fastapi>=0.115", "SQLAlchemy==2.0.36"]\n[project.optional-dependencies]\ndev = ["pytest"]\n',
      'svc/pyproject.toml':
        '[tool.poetry.dependencies]\npython = "^3.12"\nhttpx = "0.27.2"\n[tool.poetry.group.dev.dependencies]\nruff = "*"\n',
      Pipfile: '[packages]\nflask = "==3.1.0"\n[dev-packages]\npytest = "*"\n',
    });
    expect(m.declared('python', 'sqlalchemy')).toMatchObject({ pinned: true });
    expect(m.declared('python', 'fastapi')).toMatchObject({ pinned: false });
    expect(m.declared('python', 'pytest')?.dev).toBe(true);
    expect(m.declared('python', 'httpx')).toMatchObject({ pinned: true, dev: false });
    expect(m.declared('python', 'ruff')?.dev).toBe(true);
    expect(m.declared('python', 'flask')).toMatchObject({ pinned: true });
  });

  it('lists lockfiles and finds the lock of a manifest in its folder or a workspace root', () => {
    const m = facts({
      'package.json': '{"workspaces":["packages/*"]}',
      'pnpm-lock.yaml': 'lockfileVersion: 9\n',
      'packages/api/package.json': '{"dependencies":{"fastify":"^5.1.0"}}',
      'backend/pyproject.toml': '[project]\nname = "b"\ndependencies = ["fastapi"]\n',
      'backend/uv.lock': 'version = 1\n',
      'tools/go.mod': 'module x\n',
      'Cargo.toml': '[package]\nname = "x"\n',
      'gradle.lockfile': 'a:b:1.0=runtimeClasspath\n',
    });
    expect(m.lockfiles.map((l) => `${l.path}:${l.ecosystem}:${l.tool}`).sort()).toEqual([
      'backend/uv.lock:python:uv',
      'gradle.lockfile:jvm:gradle',
      'pnpm-lock.yaml:node:pnpm',
    ]);
    const byPath = (p: string) => m.manifests.find((x) => x.path === p)!;
    expect(m.lockFor(byPath('packages/api/package.json'))?.path).toBe('pnpm-lock.yaml');
    expect(m.lockFor(byPath('backend/pyproject.toml'))?.path).toBe('backend/uv.lock');
    expect(m.lockFor(byPath('tools/go.mod'))).toBeUndefined();
    expect(m.lockFor(byPath('Cargo.toml'))).toBeUndefined();
  });

  it('pins a hashed direct reference and marks the inputs a compiled file kept elsewhere names or includes', () => {
    const m = facts({
      'reqs/in/requirements-base.in': 'flask\n',
      'reqs/in/requirements-web.in': '-r requirements-base.in\n',
      'reqs/in/requirements-jobs.in': 'rq\n',
      'reqs/locked/requirements-web.txt': [
        '#    pip-compile --output-file=reqs/locked/requirements-web.txt reqs/in/requirements-web.in',
        'flask==3.0.3 \\',
        '    --hash=sha256:aa',
        'shared @ https://example.org/shared/archive/refs/tags/1.2.tar.gz \\',
        '    --hash=sha256:bb',
        'loose @ https://example.org/loose/archive/refs/heads/main.tar.gz',
      ].join('\n'),
    });
    const byPath = (p: string) => m.manifests.find((x) => x.path === p)!;
    expect(byPath('reqs/in/requirements-web.in').compiledInto).toBe('reqs/locked/requirements-web.txt');
    expect(byPath('reqs/in/requirements-base.in').compiledInto).toBe('reqs/locked/requirements-web.txt');
    expect(byPath('reqs/in/requirements-jobs.in').compiledInto).toBeUndefined();
    const pins = Object.fromEntries(
      byPath('reqs/locked/requirements-web.txt').dependencies.map((d) => [d.name, d.pinned]),
    );
    expect(pins).toEqual({ flask: true, shared: true, loose: false });
  });

  it('marks an input included by the input beside a compiled file whose header names a wrapper script', () => {
    const m = facts({
      'requirements/common.in': 'flask\n',
      'requirements/web.in': '-r common.in\ngunicorn\n',
      'requirements/jobs.in': 'rq\n',
      'requirements/web.txt':
        '#    ./scripts/lock.sh\nflask==3.0.3 \\\n    --hash=sha256:aa\ngunicorn==23.0.0 \\\n    --hash=sha256:bb\n',
    });
    const byPath = (p: string) => m.manifests.find((x) => x.path === p)!;
    expect(byPath('requirements/common.in').compiledInto).toBe('requirements/web.txt');
    expect(byPath('requirements/jobs.in').compiledInto).toBeUndefined();
  });
});

describe('detectManifests: Deno', () => {
  it('reads the import map of deno.json(c) as dependencies and deno.lock as its lockfile', () => {
    const m = facts({
      'deno.jsonc': [
        '{',
        '  // the service',
        '  "tasks": { "start": "deno run -A main.ts" },',
        '  "imports": {',
        '    "@oak/oak": "jsr:@oak/oak@17.1.3",',
        '    "zod": "npm:zod@^3.23.0",',
        '    "@/": "./src/",',
        '  },',
        '}',
      ].join('\n'),
      'deno.lock': '{"version":"4"}',
    });
    const deno = m.manifests.find((x) => x.type === 'deno.json')!;
    expect(deno.ecosystem).toBe('node');
    expect(deno.parseError).toBeUndefined();
    expect(deno.dependencies.map((d) => [d.name, d.pinned, d.line])).toEqual([
      ['@oak/oak', true, 5],
      ['zod', false, 6],
    ]);
    expect(m.lockFor(deno)).toMatchObject({ path: 'deno.lock', tool: 'deno' });
  });
});

describe('detectManifests: Gradle version catalogs', () => {
  const catalog =
    '[versions]\nboot = "3.3.4"\n\n[libraries]\nboot-web = { module = "org.springframework.boot:spring-boot-starter-web", version.ref = "boot" }\nmicrometer_prometheus = { group = "io.micrometer", name = "micrometer-registry-prometheus" }\nokhttp = "com.squareup.okhttp3:okhttp:4.12.0"\n\n[plugins]\nboot = { id = "org.springframework.boot", version.ref = "boot" }\n';
  it('resolves libs.x accessors in a module below the catalog, with versions and plugins', () => {
    const m = facts({
      'gradle/libs.versions.toml': catalog,
      'api/build.gradle':
        'plugins {\n  alias(libs.plugins.boot)\n}\ndependencies {\n  implementation libs.boot.web\n  runtimeOnly(libs.micrometer.prometheus)\n  testImplementation libs.okhttp\n  implementation libs.bundles.everything\n}\n',
    });
    const deps = m.manifests.find((x) => x.path === 'api/build.gradle')!.dependencies;
    expect(deps.map((d) => [d.name, d.spec, d.dev])).toEqual([
      ['plugin:org.springframework.boot', '3.3.4', true],
      ['org.springframework.boot:spring-boot-starter-web', '3.3.4', false],
      ['io.micrometer:micrometer-registry-prometheus', undefined, false],
      ['com.squareup.okhttp3:okhttp', '4.12.0', true],
    ]);
  });
  it('reads no accessors when there is no catalog', () => {
    const m = facts({ 'build.gradle': 'dependencies {\n  implementation libs.boot.web\n}\n' });
    expect(m.manifests[0]!.dependencies).toEqual([]);
  });
  it('resolves accessors of a catalog the settings script declares', () => {
    const m = facts({
      'settings.gradle':
        "include 'server'\ndependencyResolutionManagement {\n  versionCatalogs {\n    libs {\n      library('docsUi', 'org.springdoc', 'springdoc-openapi-starter-webmvc-ui').version(docsVersion)\n      library('promRegistry', \"io.micrometer:micrometer-registry-prometheus:1.13.3\")\n      library('lang', \"org.apache.commons:commons-lang3:$langVersion\")\n      plugin('boot', 'org.springframework.boot').version('3.4.1')\n    }\n  }\n}\n",
      'server/build.gradle':
        'plugins {\n  alias(libs.plugins.boot)\n}\ndependencies {\n  implementation libs.docsUi\n  implementation libs.promRegistry\n  implementation libs.lang\n}\n',
    });
    const deps = m.manifests.find((x) => x.path === 'server/build.gradle')!.dependencies;
    expect(deps.map((d) => [d.name, d.spec])).toEqual([
      ['plugin:org.springframework.boot', '3.4.1'],
      ['org.springdoc:springdoc-openapi-starter-webmvc-ui', undefined],
      ['io.micrometer:micrometer-registry-prometheus', '1.13.3'],
      ['org.apache.commons:commons-lang3', undefined],
    ]);
  });
});

describe('detectManifests: Gradle scripts applied by the build and varargs declarations', () => {
  const files = {
    'settings.gradle': "include 'core', 'server'\n",
    'server/build.gradle':
      "plugins {\n  id 'java'\n}\napply from: 'dependencies.gradle'\napply from: \"$rootDir/gradle/shared.gradle\"\napply from: 'https://example.org/remote.gradle'\n",
    'server/dependencies.gradle':
      "dependencies {\n  implementation(project(path: ':core'))\n  implementation(\n      'org.springframework.boot:spring-boot-starter-web',\n\n      // metrics\n      'io.micrometer:micrometer-registry-prometheus',\n      'com.google.guava:guava:33.3.1-jre')\n  testImplementation(\n      'org.junit.jupiter:junit-jupiter'\n  )\n  runtimeOnly(\n      project(':core')\n  )\n}\n",
    'gradle/shared.gradle': "dependencies {\n  implementation 'org.slf4j:slf4j-api:2.0.16'\n}\n",
    'core/build.gradle': "plugins {\n  id 'java-library'\n}\n",
    'core/src/main/java/acme/core/Tool.java':
      'package acme.core;\n\npublic final class Tool {\n    public static void main(String[] args) {\n        System.out.println(args.length);\n    }\n}\n',
    'server/src/main/java/acme/server/App.java':
      'package acme.server;\n\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n\n@SpringBootApplication\npublic class App {\n    public static void main(String[] args) {\n        SpringApplication.run(App.class, args);\n    }\n}\n',
  };
  it("reads the applied scripts' dependencies, one per line of a multi-line implementation(...)", () => {
    const deps = facts(files).manifests.find((x) => x.path === 'server/build.gradle')!.dependencies;
    const libraries = deps.filter((d) => !d.name.startsWith('plugin:'));
    expect(libraries.map((d) => [d.name, d.spec, d.dev, d.manifest, d.line])).toEqual([
      ['org.springframework.boot:spring-boot-starter-web', undefined, false, 'server/dependencies.gradle', 4],
      ['io.micrometer:micrometer-registry-prometheus', undefined, false, 'server/dependencies.gradle', 7],
      ['com.google.guava:guava', '33.3.1-jre', false, 'server/dependencies.gradle', 8],
      ['org.junit.jupiter:junit-jupiter', undefined, true, 'server/dependencies.gradle', 10],
      ['org.slf4j:slf4j-api', '2.0.16', false, 'gradle/shared.gradle', 2],
    ]);
  });
  it('a library module with a plain main that the application module depends on (in an applied script) is part of it', () => {
    const c = new Facts(RepoIndex.fromMemory(files)).components;
    expect(c.list).toHaveLength(1);
    expect(c.list[0]!.declared.map((d) => d.path)).not.toContain('core/src/main/java/acme/core/Tool.java');
  });
});

describe("detectManifests: Gradle's map notation", () => {
  it('reads group:, name: and version: arguments, in Groovy and in Kotlin', () => {
    const deps = (file: string, text: string) =>
      facts({ [file]: text })
        .manifests.find((x) => x.path === file)!
        .dependencies.filter((d) => !d.name.startsWith('plugin:'))
        .map((d) => [d.name, d.spec, d.dev, d.line]);
    expect(
      deps(
        'build.gradle',
        "dependencies {\n  implementation group: 'org.springframework.boot', name: 'spring-boot-starter-web'\n  implementation(group: 'org.postgresql', name: 'postgresql', version: '42.7.4')\n  testImplementation group: 'org.junit.jupiter', name: 'junit-jupiter', version: '5.11.4'\n}\n",
      ),
    ).toEqual([
      ['org.springframework.boot:spring-boot-starter-web', undefined, false, 2],
      ['org.postgresql:postgresql', '42.7.4', false, 3],
      ['org.junit.jupiter:junit-jupiter', '5.11.4', true, 4],
    ]);
    expect(
      deps(
        'build.gradle.kts',
        'dependencies {\n    implementation(group = "io.ktor", name = "ktor-server-core", version = "3.0.3")\n}\n',
      ),
    ).toEqual([['io.ktor:ktor-server-core', '3.0.3', false, 2]]);
  });
});

describe('gradleSpecValue', () => {
  it('reads a version property from the build script, else from the nearest gradle.properties', () => {
    const files = {
      'gradle.properties': 'ktor_version=2.3.12\n',
      'api/build.gradle.kts':
        'val ktorVersion = "3.1.2"\ndependencies {\n    implementation("io.ktor:ktor-server-core:$ktorVersion")\n}\n',
      'worker/build.gradle.kts': 'dependencies {\n    implementation("io.ktor:ktor-server-cio:${ktor_version}")\n}\n',
      'cli/build.gradle.kts': 'dependencies {\n    implementation("io.ktor:ktor-server-cio:$unknownVersion")\n}\n',
    };
    const repo = RepoIndex.fromMemory(files);
    const spec = (manifest: string) =>
      gradleSpecValue(repo, detectManifests(repo).dependencies.find((d) => d.manifest === manifest)!);
    expect(spec('api/build.gradle.kts')).toBe('3.1.2');
    expect(spec('worker/build.gradle.kts')).toBe('2.3.12');
    expect(spec('cli/build.gradle.kts')).toBeUndefined();
  });
});

describe('build.sbt', () => {
  it('reads module IDs with literal or val versions, test configurations and dynamic versions', () => {
    const m = facts({
      'build.sbt': [
        'val circeVersion = "0.14.10"',
        'libraryDependencies ++= Seq(',
        '  "io.circe" %% "circe-core" % circeVersion,',
        '  "org.typelevel" %%% "cats-core" % "2.13.0",',
        '  // "org.old" % "gone" % "1.0",',
        '  "com.example" % "edge" % "latest.integration",',
        '  "org.scalameta" %% "munit" % "1.1.0" % Test',
        ')',
      ].join('\n'),
    });
    expect(m.dependencies.map((d) => [d.name, d.spec, d.pinned, d.dev, d.line])).toEqual([
      ['io.circe:circe-core', '0.14.10', true, false, 3],
      ['org.typelevel:cats-core', '2.13.0', true, false, 4],
      ['com.example:edge', 'latest.integration', false, false, 6],
      ['org.scalameta:munit', '1.1.0', true, true, 7],
    ]);
  });

  it("reads the module IDs the build's Scala sources under project/ define, with versions from an object of versions", () => {
    const m = facts({
      'build.sbt': 'import Deps.*\n\nlibraryDependencies ++= Seq(catsCore, http4sServer)\n',
      'project/Deps.scala': [
        'object Deps:',
        '  object V:',
        '    val http4s = "0.23.30"',
        '  val catsCore = "org.typelevel" %% "cats-core" % "2.13.0"',
        '  val http4sServer = "org.http4s" %% "http4s-ember-server" % V.http4s',
      ].join('\n'),
      'project/tools/Other.scala': 'val x = "com.example" % "not-read" % "1.0"\n',
    });
    expect(m.dependencies.map((d) => [d.name, d.spec, d.pinned, d.manifest, d.line])).toEqual([
      ['org.typelevel:cats-core', '2.13.0', true, 'project/Deps.scala', 4],
      ['org.http4s:http4s-ember-server', '0.23.30', true, 'project/Deps.scala', 5],
    ]);
  });
});

describe('detectManifests: compiled requirements', () => {
  it("marks what another package pulled in (`# via kombu`) as indirect, and keeps what the project's input asked for", () => {
    const m = facts({
      'requirements.txt': [
        '#',
        '# This file is autogenerated by pip-compile with Python 3.12',
        '#',
        'amqp==5.3.1',
        '    # via kombu',
        'celery==5.4.0',
        '    # via -r requirements.in',
        'asgiref==3.8.1',
        '    # via',
        '    #   django',
        '    #   -r requirements.in',
        'sqlparse==0.5.2 \\',
        '    --hash=sha256:aa',
        '    # via',
        '    #   django',
        '    #   django-debug-toolbar',
        'plain==1.0',
        '',
      ].join('\n'),
    });
    expect(m.dependencies.map((d) => `${d.name}${d.indirect ? ' indirect' : ''}`)).toEqual([
      'amqp indirect',
      'celery',
      'asgiref',
      'sqlparse indirect',
      'plain',
    ]);
    // A hand-written file's comments say nothing of where a package came from.
    const hand = facts({ 'requirements.txt': 'amqp==5.3.1\n    # via kombu\n' });
    expect(hand.dependencies.map((d) => d.indirect)).toEqual([undefined]);
  });

  it('reads the packages a .NET project restores through Paket, with the versions paket.lock resolved', () => {
    const files = {
      'paket.dependencies':
        'source https://api.nuget.org/v3/index.json\n\nnuget Saturn\nnuget Npgsql >= 8.0\nclitool dotnet-saturn\n\ngroup Build\n  nuget Fake.Core.Target\n',
      'src/Api/Api.fsproj':
        '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <Compile Include="Program.fs" />\n  </ItemGroup>\n</Project>\n',
      'src/Api/paket.references':
        'Saturn\n// the driver\nNpgsql copy_local: true\ndotnet-saturn\nFile: Shared.fs\n\ngroup Build\nFake.Core.Target\n',
    };
    const locked = facts({
      ...files,
      'paket.lock':
        'NUGET\n  remote: https://api.nuget.org/v3/index.json\n    dotnet-saturn (0.9) - clitool: true\n    Npgsql (8.0.4)\n    Saturn (0.16.1)\n      Giraffe (>= 6.0)\n\nGROUP Build\nNUGET\n    Fake.Core.Target (6.1.1)\n',
    });
    const m = locked.manifests.find((x) => x.path === 'src/Api/Api.fsproj')!;
    expect(m.dependencies.map((d) => [d.name, d.spec, d.pinned, d.dev, d.manifest, d.line])).toEqual([
      ['Saturn', '0.16.1', true, false, 'src/Api/paket.references', 1],
      ['Npgsql', '8.0.4', true, false, 'src/Api/paket.references', 3],
      ['dotnet-saturn', '0.9', true, true, 'src/Api/paket.references', 4],
      ['Fake.Core.Target', '6.1.1', true, true, 'src/Api/paket.references', 8],
    ]);
    expect(locked.lockFor(m)).toEqual({ path: 'paket.lock', ecosystem: 'dotnet', tool: 'paket' });
    // Without the lock, what paket.dependencies asks: a range, or nothing.
    const open = facts(files).manifests.find((x) => x.path === 'src/Api/Api.fsproj')!;
    expect(open.dependencies.slice(0, 2).map((d) => [d.name, d.spec, d.pinned])).toEqual([
      ['Saturn', undefined, false],
      ['Npgsql', '>= 8.0', false],
    ]);
  });
});
