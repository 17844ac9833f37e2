// Spring Security's default headers when no chain is declared in the project (src/facts/security-headers.ts).
import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const factsOf = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files));

const GRADLE =
  'plugins {\n  id("org.springframework.boot") version "3.3.5"\n  kotlin("jvm") version "2.0.21"\n}\ndependencies {\n  implementation("org.springframework.boot:spring-boot-starter-web")\n}\n';
const APP =
  'package org.example.fleet\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication\nimport org.springframework.boot.runApplication\n\n@SpringBootApplication\nclass FleetApplication\n\nfun main(args: Array<String>) {\n  runApplication<FleetApplication>(*args)\n}\n';
const CONTROLLER = (annotation: string) =>
  `package org.example.fleet\n\nimport org.springframework.web.bind.annotation.GetMapping\nimport org.springframework.web.bind.annotation.RestController\n\n@RestController\nclass VanController {\n  ${annotation}\n  @GetMapping("/vans")\n  fun vans(): List<String> = listOf()\n}\n`;

describe('Spring Security implied by what only it reads', () => {
  it('method security in live code implies the chain and its default headers', () => {
    const sh = factsOf({
      'build.gradle.kts': GRADLE,
      'src/main/kotlin/org/example/fleet/FleetApplication.kt': APP,
      'src/main/kotlin/org/example/fleet/VanController.kt': CONTROLLER('@PreAuthorize("hasRole(\'FLEET\')")'),
    }).securityHeaders;
    expect(sh.springSecurity).toBeUndefined();
    expect(sh.springSecurityImplied).toMatchObject({
      path: 'src/main/kotlin/org/example/fleet/VanController.kt',
      line: 8,
    });
  });

  it('resource-server settings count only in the base configuration, not a profile', () => {
    const files = {
      'build.gradle.kts': GRADLE,
      'src/main/kotlin/org/example/fleet/FleetApplication.kt': APP,
      'src/main/kotlin/org/example/fleet/VanController.kt': CONTROLLER('// open to every caller'),
    };
    const jwt =
      'spring:\n  security:\n    oauth2:\n      resourceserver:\n        jwt:\n          issuer-uri: ${ISSUER}\n';
    expect(
      factsOf({ ...files, 'src/main/resources/application-local.yml': jwt }).securityHeaders.springSecurityImplied,
    ).toBeUndefined();
    expect(
      factsOf({ ...files, 'src/main/resources/application.yml': jwt }).securityHeaders.springSecurityImplied,
    ).toMatchObject({ path: 'src/main/resources/application.yml', line: 6 });
  });

  it('a chain of the project’s own is reported as such, not implied', () => {
    const sh = factsOf({
      'build.gradle.kts': GRADLE,
      'src/main/kotlin/org/example/fleet/FleetApplication.kt': APP,
      'src/main/kotlin/org/example/fleet/VanController.kt': CONTROLLER('@PreAuthorize("isAuthenticated()")'),
      'src/main/kotlin/org/example/fleet/Security.kt':
        'package org.example.fleet\n\nimport org.springframework.context.annotation.Bean\nimport org.springframework.context.annotation.Configuration\nimport org.springframework.security.web.SecurityFilterChain\n\n@Configuration\nclass Security {\n  @Bean\n  fun chain(http: HttpSecurity): SecurityFilterChain = http.build()\n}\n',
    }).securityHeaders;
    expect(sh.springSecurity).toBeDefined();
    expect(sh.springSecurityImplied).toBeUndefined();
  });
});
