import { describe, expect, it } from 'vitest';
import { RepoIndex } from '../../src/repo/index.js';
import {
  composeContextsFor,
  composeDevelopmentRun,
  DEV_COMPOSE,
  detectCompose,
  isComposeFile,
  isComposePath,
  isTestComposeFile,
  isWeakCredential,
} from '../../src/facts/compose.js';
import { detectDockerfiles } from '../../src/facts/dockerfiles.js';

const COMPOSE = `services:
  api:
    build:
      context: .
      dockerfile: docker/Dockerfile
      target: runtime
    env_file:
      - .env
    restart: unless-stopped
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8000/healthz"]
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: orders
      POSTGRES_PASSWORD: postgres
  grafana:
    image: grafana/grafana:11.1.0
    environment:
      - GF_SECURITY_ADMIN_PASSWORD=admin
      - GF_LOG_LEVEL=info
  mysql:
    image: mysql:8.4
    environment:
      MYSQL_ROOT_PASSWORD: \${MYSQL_ROOT_PASSWORD:-root}
      MYSQL_PASSWORD: \${MYSQL_PASSWORD}
  worker:
    image: ghcr.io/acme/orders:1.2.0
    healthcheck:
      test: ["NONE"]
`;

describe('detectCompose', () => {
  it('takes a compose file named for its test runner (docker-compose.pytest.yml) as a test stack', () => {
    expect(isTestComposeFile('docker-compose.pytest.yml')).toBe(true);
    expect(isTestComposeFile('compose.jest.yaml')).toBe(true);
    expect(isTestComposeFile('docker-compose.prod.yml')).toBe(false);
  });

  const repo = RepoIndex.fromMemory({
    'docker-compose.yml': COMPOSE,
    'docker/Dockerfile': 'FROM python:3.12-slim AS build\nFROM python:3.12-slim AS runtime\n',
    '.env.example': 'X=1\n',
    'package.json': '{"name": "@acme/orders"}',
  });
  const c = detectCompose(repo);

  it('lists services with line numbers, builds, healthchecks, restart policies and env files', () => {
    expect(c.files.map((f) => f.path)).toEqual(['docker-compose.yml']);
    const api = c.services.find((s) => s.name === 'api')!;
    expect(api).toMatchObject({
      line: 2,
      role: 'app',
      build: { context: '.', dockerfile: 'docker/Dockerfile', target: 'runtime', line: 3 },
      restart: { value: 'unless-stopped', line: 9 },
      healthcheck: { line: 10, disabled: false },
      envFiles: [{ raw: '.env', path: '.env', line: 7, required: true }],
    });
    expect(c.services.find((s) => s.name === 'db')).toMatchObject({ line: 12, image: 'postgres:16', role: 'infra' });
    expect(c.services.find((s) => s.name === 'worker')).toMatchObject({ role: 'app', healthcheck: { disabled: true } });
    expect(c.appServices.map((s) => s.name)).toEqual(['api', 'worker']);
  });

  it('exposes weak default credentials without their values', () => {
    expect(c.weakCredentials).toEqual([
      { path: 'docker-compose.yml', line: 16, key: 'POSTGRES_PASSWORD', service: 'db' },
      { path: 'docker-compose.yml', line: 20, key: 'GF_SECURITY_ADMIN_PASSWORD', service: 'grafana' },
      { path: 'docker-compose.yml', line: 25, key: 'MYSQL_ROOT_PASSWORD', service: 'mysql' },
    ]);
    expect(JSON.stringify(c.weakCredentials)).not.toMatch(/postgres"|admin"|root"/);
  });

  it('reports a missing .env with an example beside it with low confidence', () => {
    expect(c.problems).toEqual([expect.objectContaining({ line: 7, service: 'api', confidence: 'low' })]);
  });

  it('reports build targets that are not stages, missing Dockerfiles and env files', () => {
    const r = RepoIndex.fromMemory({
      'compose.yaml':
        'services:\n  a:\n    build:\n      context: .\n      target: prod\n  b:\n    build: ./svc\n  c:\n    image: x:1\n    env_file: ./conf/c.env\n',
      Dockerfile: 'FROM python:3.12 AS build\nFROM python:3.12-slim AS runtime\n',
      'svc/readme.md': '',
    });
    expect(detectCompose(r).problems.map((p) => `${p.service}:${p.line}:${p.confidence}:${p.message}`)).toEqual([
      'a:3:high:service a: build target "prod" is not a stage of Dockerfile (named stages: build, runtime)',
      'b:7:high:service b: Dockerfile svc/Dockerfile does not exist',
      'c:10:high:service c: env_file ./conf/c.env does not exist and has no example to create it from',
    ]);
  });

  it('treats a missing .env without example as low confidence, another missing env file as high', () => {
    const r = RepoIndex.fromMemory({
      'compose.yaml': 'services:\n  a:\n    image: a:1\n    env_file: [.env, conf/a.env]\n',
    });
    expect(detectCompose(r).problems.map((p) => `${p.confidence}:${p.message}`)).toEqual([
      'low:service a: env_file .env is not in the repository and no .env.example documents it',
      'high:service a: env_file conf/a.env does not exist and has no example to create it from',
    ]);
  });

  it('takes env_file /dev/null as the empty device every host has, not a missing file', () => {
    const r = RepoIndex.fromMemory({
      'compose.yaml': 'services:\n  a:\n    image: a:1\n    env_file:\n      - /dev/null\n      - ./conf/a.env\n',
    });
    expect(detectCompose(r).problems.map((p) => p.message)).toEqual([
      'service a: env_file ./conf/a.env does not exist and has no example to create it from',
    ]);
  });

  it('reports depends_on names that no compose file of the folder defines', () => {
    const r = RepoIndex.fromMemory({
      'docker-compose.yml':
        'services:\n  api:\n    image: api:1\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n',
      'docker-compose.override.yml': 'services:\n  db:\n    image: postgres:16\n',
    });
    const c = detectCompose(r);
    expect(c.services.find((s) => s.name === 'api')!.dependsOn).toEqual({ names: ['db', 'cache'], line: 4 });
    expect(c.problems.map((p) => p.message)).toEqual([
      'service api: depends_on "cache", which no compose file defines',
    ]);
  });

  it('gives compose build contexts to the Dockerfiles they build', () => {
    const df = detectDockerfiles(repo).all[0]!;
    expect(composeContextsFor(c, df)).toEqual(['.']);
  });

  it('counts the emulators the stack builds beside the project image as dependencies, unless CI pushes them', () => {
    const files = {
      'compose.yaml':
        'services:\n  web:\n    build: .\n  sentry:\n    build: docker/images/fakesentry\n    image: local/app_sentry\n  idp:\n    build: docker/images/idp\n  proxy:\n    build: docker/images/proxy\n',
      Dockerfile: 'FROM python:3.12-slim\nCMD ["gunicorn", "app:app"]\n',
      'docker/images/fakesentry/Dockerfile': 'FROM ghcr.io/example/sentry-catcher:1.0\n',
      'docker/images/idp/Dockerfile': 'FROM example/oidc-testprovider:0.10\n',
      'docker/images/proxy/Dockerfile': 'FROM example/edge-proxy:2.1\n',
    };
    const roles = (r: RepoIndex) => detectCompose(r).services.map((s) => `${s.name}:${s.role}`);
    const production = (r: RepoIndex) => detectDockerfiles(r).production.map((d) => d.path);
    const local = RepoIndex.fromMemory(files);
    expect(roles(local)).toEqual(['web:app', 'sentry:infra', 'idp:infra', 'proxy:app']);
    expect(production(local)).toEqual(['Dockerfile', 'docker/images/proxy/Dockerfile']);
    const pushed = RepoIndex.fromMemory({
      ...files,
      '.github/workflows/ci.yml': 'on: push\njobs:\n  b:\n    steps:\n      - run: docker push local/app_sentry:1\n',
    });
    expect(roles(pushed)).toEqual(['web:app', 'sentry:app', 'idp:infra', 'proxy:app']);
    const withCi = (run: string) =>
      RepoIndex.fromMemory({ ...files, '.github/workflows/ci.yml': `jobs:\n  b:\n    steps:\n      - run: ${run}\n` });
    expect(roles(withCi('docker compose push'))).toEqual(['web:app', 'sentry:app', 'idp:app', 'proxy:app']);
    expect(roles(withCi('docker compose build && git push'))).toEqual(roles(local));
    // Alone, an emulator is the image the repository ships (the emulator's own project).
    const alone = RepoIndex.fromMemory({
      'compose.yaml': 'services:\n  gcs:\n    build: docker/gcs-emulator\n',
      'docker/gcs-emulator/Dockerfile': 'FROM golang:1.23\nCMD ["fake-gcs"]\n',
    });
    expect(roles(alone)).toEqual(['gcs:app']);
    expect(production(alone)).toEqual(['docker/gcs-emulator/Dockerfile']);
  });

  it('never crashes on a broken compose file', () => {
    expect(detectCompose(RepoIndex.fromMemory({ 'docker-compose.yml': 'services: [\n  : :\n' })).services).toEqual([]);
  });
});

describe('compose helpers', () => {
  it('recognises compose file names', () => {
    expect(
      ['docker-compose.yml', 'docker-compose.prod.yaml', 'compose.yaml', 'deploy/compose.override.yml'].every(
        isComposePath,
      ),
    ).toBe(true);
    expect(['composer.json', 'docker-compose.json', 'k8s/deployment.yaml'].some(isComposePath)).toBe(false);
  });
  it('tells development, test and CI compose files from the ones that may deploy', () => {
    const dev = [
      'docker-compose.dev.yml',
      'compose-test.yaml',
      'local.yml',
      'dev.yaml',
      'docker-compose.override.yml',
      'docker-compose.debug.yml',
      '.devcontainer/docker-compose.yml',
      'dev/docker-compose.yml',
      'tests/e2e/compose.yaml',
    ];
    const deployable = [
      'docker-compose.yml',
      'docker-compose.prod.yml',
      'production.yml',
      'deploy/compose.yaml',
      'docker-stack.yml',
      '.github/compose.yaml',
      'docker-compose.developer-portal.yml',
    ];
    expect(dev.filter((p) => !DEV_COMPOSE.test(p))).toEqual([]);
    expect(deployable.filter((p) => DEV_COMPOSE.test(p))).toEqual([]);
  });

  it('judges weak credentials by key and value', () => {
    expect(isWeakCredential('POSTGRES_PASSWORD', 'postgres')).toBe(true);
    expect(isWeakCredential('POSTGRES_HOST_AUTH_METHOD', 'trust')).toBe(true);
    expect(isWeakCredential('POSTGRES_PASSWORD', '${POSTGRES_PASSWORD}')).toBe(false);
    expect(isWeakCredential('POSTGRES_PASSWORD', 'hT9#kq2LmZ')).toBe(false);
    expect(isWeakCredential('POSTGRES_USER', 'postgres')).toBe(false);
  });

  it('interpolates build context and Dockerfile from the .env beside the compose file, as compose does', () => {
    const c = detectCompose(
      RepoIndex.fromMemory({
        '.env': 'CART_DOCKERFILE=./src/cart/Dockerfile\nexport CTX="."\n',
        'compose.yaml':
          'services:\n  cart:\n    build:\n      context: ${CTX}\n      dockerfile: ${CART_DOCKERFILE}\n  pay:\n    build:\n      context: .\n      dockerfile: ${PAY_DOCKERFILE:-src/pay/Dockerfile}\n  ad:\n    build:\n      context: .\n      dockerfile: ${AD_DOCKERFILE}\n',
        'src/cart/Dockerfile': 'FROM alpine\n',
        'src/pay/Dockerfile': 'FROM alpine\n',
      }),
    );
    expect(c.services.map((s) => [s.name, s.build?.context, s.build?.dockerfile])).toEqual([
      ['cart', '.', 'src/cart/Dockerfile'],
      ['pay', '.', 'src/pay/Dockerfile'],
      ['ad', '.', '${AD_DOCKERFILE}'],
    ]);
  });
});

describe('compose services run for a developer', () => {
  const services = (text: string) => detectCompose(RepoIndex.fromMemory({ 'compose.yaml': text })).services;

  it("reads a service's profiles and takes one started only under a developer's or tester's profile as a local run", () => {
    const [api, seed, debug, metrics] = services(
      [
        'services:',
        '  api:',
        '    build: ./api',
        '  seed:',
        '    build: ./seed',
        '    profiles: ["seed"]',
        '  inspector:',
        '    image: acme/inspector:1',
        '    profiles:',
        '      - debug',
        '      - tools',
        '  metrics:',
        '    image: acme/exporter:1',
        '    profiles: [monitoring, debug]',
        '',
      ].join('\n'),
    );
    expect(seed!.profiles).toEqual({ names: ['seed'], line: 6 });
    expect(composeDevelopmentRun(api!)).toBeUndefined();
    expect(composeDevelopmentRun(seed!)).toBe('started only under the compose profile seed');
    expect(composeDevelopmentRun(debug!)).toBe('started only under the compose profile debug, tools');
    // A profile that may be production's (monitoring) keeps the service a deployment.
    expect(composeDevelopmentRun(metrics!)).toBeUndefined();
  });
});

describe('isComposeFile', () => {
  it('takes no KubeVela Appfile for a compose file, whatever its services look like', () => {
    const services = 'name: greeter\n\nservices:\n  web:\n    image: registry.example.com/greeter:1\n    port: 8080\n';
    const repo = RepoIndex.fromMemory({ 'deploy/vela.yaml': services, 'deploy/app.yml': services });
    expect(isComposeFile(repo, 'deploy/vela.yaml')).toBe(false);
    // The same services under another name are read as compose, as before.
    expect(isComposeFile(repo, 'deploy/app.yml')).toBe(true);
  });
});
