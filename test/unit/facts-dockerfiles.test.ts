import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';
import {
  baseImages,
  detectDockerfiles,
  dockerfileProblems,
  effectiveInstruction,
  finalUser,
  isRootUser,
  parseDockerfile,
  pinStatus,
  startsTestRunner,
  words,
} from '../../src/facts/dockerfiles.js';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('parseDockerfile', () => {
  it('reads parser directives, joins continuations and drops comment lines inside them', () => {
    const df = parseDockerfile(
      'Dockerfile',
      lines(
        '# syntax=docker/dockerfile:1.7',
        '# escape=\\',
        'FROM python:3.12-slim',
        'RUN apt-get update \\',
        '    # curl for the health check',
        '    && apt-get install -y curl',
        'USER app',
      ),
    );
    expect(df.directives).toEqual({ syntax: 'docker/dockerfile:1.7', escape: '\\' });
    const run = df.instructions.find((i) => i.keyword === 'RUN')!;
    expect(run).toMatchObject({ line: 4, endLine: 6, args: 'apt-get update && apt-get install -y curl' });
  });

  it('marks an image that starts the development processes (bin/dev, a Procfile.dev) as a development one', () => {
    const dev = (cmd: string) => parseDockerfile('Dockerfile', lines('FROM ruby:3.4', cmd)).devOnly;
    expect(dev('CMD ["bundle", "exec", "foreman", "start", "-f", "Procfile.dev"]')).toBe(true);
    expect(dev('CMD ["./bin/dev"]')).toBe(true);
    expect(dev('CMD bin/dev')).toBe(true);
    expect(dev('CMD ["./bin/rails", "server"]')).toBe(false);
    expect(dev('CMD ["bin/devices-sync"]')).toBe(false);
  });

  it('marks a toolchain image (a compiler image, nothing copied, no command) and an ENTRYPOINT that only waits', () => {
    const dev = (...l: string[]) => parseDockerfile('Dockerfile', lines(...l)).devOnly;
    expect(dev('FROM rust:1.79.0', 'RUN apt-get update && apt-get install -y protobuf-compiler', 'WORKDIR /src')).toBe(
      true,
    );
    expect(dev('FROM golang:1.22', 'RUN go install github.com/bufbuild/buf/cmd/buf@v1.30.0')).toBe(true);
    // The project copied in, or a command of its own: an image that runs something of the project.
    expect(dev('FROM rust:1.79.0', 'COPY . /src', 'RUN cargo build --release')).toBe(false);
    expect(dev('FROM rust:1.79.0', 'RUN cargo install tallyd', 'CMD ["tallyd"]')).toBe(false);
    // A runtime base with nothing copied in is not a compiler's image.
    expect(dev('FROM debian:12-slim', 'RUN apt-get update && apt-get install -y nginx')).toBe(false);
    expect(dev('FROM debian:12-slim', 'COPY admin /usr/local/bin/admin', 'ENTRYPOINT sleep infinity')).toBe(true);
    expect(dev('FROM debian:12-slim', 'COPY admin /usr/local/bin/admin', 'ENTRYPOINT ["sleep", "infinity"]')).toBe(
      true,
    );
    expect(
      dev('FROM debian:12-slim', 'COPY tallyd /usr/local/bin/tallyd', 'ENTRYPOINT ["/usr/local/bin/tallyd"]'),
    ).toBe(false);
  });

  it('marks an image whose final stage installs the Phoenix project generator as a development one', () => {
    const dev = (...l: string[]) => parseDockerfile('Dockerfile', lines(...l)).devOnly;
    expect(dev('FROM elixir:1.17', 'RUN mix local.hex --force && mix archive.install hex phx_new --force')).toBe(true);
    expect(dev('FROM elixir:1.17', 'RUN mix archive.install phx_new 1.7.14')).toBe(true);
    // The generator in a build stage only, a release in the final one: the shipped image.
    expect(
      dev(
        'FROM elixir:1.17 AS build',
        'RUN mix archive.install hex phx_new --force && mix release',
        'FROM debian:bookworm-slim',
        'COPY --from=build /src/_build/prod/rel/app /app',
        'CMD ["/app/bin/app", "start"]',
      ),
    ).toBe(false);
    expect(dev('FROM elixir:1.17', 'RUN mix archive.install hex sobelow --force')).toBe(false);
    // A one-stage image built for production installs the generator by habit and still ships the service.
    const oneStage = (...l: string[]) =>
      dev('FROM elixir:1.17', 'RUN mix local.hex --force && mix archive.install hex phx_new --force', ...l);
    expect(oneStage('ENV MIX_ENV=prod', 'COPY . /app', 'CMD ["mix", "phx.server"]')).toBe(false);
    expect(oneStage('COPY . /app', 'RUN mix release', 'CMD ["_build/prod/rel/app/bin/app", "start"]')).toBe(false);
    expect(oneStage('COPY . /app', 'CMD MIX_ENV=prod mix phx.server')).toBe(false);
    expect(oneStage('ENV MIX_ENV=dev', 'COPY . /app', 'CMD ["mix", "phx.server"]')).toBe(true);
  });

  it('marks a copy kept aside as such, also after the variant it copies', () => {
    const aside = (name: string) =>
      parseDockerfile(name, lines('FROM node:22-alpine', 'CMD ["node", "server.js"]')).devOnly;
    expect(aside('Dockerfile.backup')).toBe(true);
    expect(aside('Dockerfile.cloudron.backup')).toBe(true);
    expect(aside('deploy/Dockerfile.prod.old')).toBe(true);
    // Visual Studio's copy of the Dockerfile it rewrote.
    expect(aside('src/Api/Dockerfile.original')).toBe(true);
    expect(aside('Dockerfile.originals-sync')).toBe(false);
    expect(aside('Dockerfile.cloudron')).toBe(false);
    expect(aside('Dockerfile.backup-agent')).toBe(false);
  });

  it('keeps heredoc bodies out of the instruction stream', () => {
    const df = parseDockerfile(
      'Dockerfile',
      lines('FROM alpine:3.20', 'COPY <<EOF /start.sh', 'USER root', 'FROM evil', 'EOF', 'USER 10001'),
    );
    expect(df.stages).toHaveLength(1);
    const copy = df.instructions.find((i) => i.keyword === 'COPY')!;
    expect(copy.args).toBe('<<EOF /start.sh');
    expect(copy.heredoc).toContain('USER root');
    expect(finalUser(df)).toMatchObject({ kind: 'non-root', user: '10001', line: 6 });
  });

  it('names stages, resolves ARG-parameterised FROM and recognises FROM <earlier stage>', () => {
    const df = parseDockerfile(
      'Dockerfile',
      lines('ARG V=3.12', 'FROM python:${V}-slim AS Build', 'FROM build', 'FROM scratch'),
    );
    expect(df.stages.map((s) => s.name)).toEqual(['build', undefined, undefined]);
    expect(df.stages[0]!.from).toMatchObject({ image: 'python', tag: '3.12-slim', parameterised: false });
    expect(df.stages[1]!.from.stageRef).toBe('build');
    expect(baseImages(df).map((s) => s.line)).toEqual([2]);
  });

  it('separates flags from arguments', () => {
    const df = parseDockerfile(
      'Dockerfile',
      lines('FROM node:20', 'COPY --from=build --chown=node:node /app/dist \\', '  ./dist'),
    );
    const copy = df.instructions[1]!;
    expect(copy.flags).toEqual(['--from=build', '--chown=node:node']);
    expect(copy.args).toBe('/app/dist ./dist');
  });
});

describe('users and health checks of the final stage', () => {
  const user = (...l: string[]) => finalUser(parseDockerfile('Dockerfile', lines(...l)));
  it('no USER is root by omission', () => expect(user('FROM python:3.12')).toEqual({ kind: 'none' }));
  it('USER root last is root, USER app after root is not', () => {
    expect(user('FROM python:3.12', 'USER app', 'USER root').kind).toBe('root');
    expect(user('FROM python:3.12', 'USER root', 'RUN true', 'USER app').kind).toBe('non-root');
  });
  it('numeric uid 0 is root whatever the group', () => {
    expect(['0', '0:0', 'root:app', '0:1000'].every(isRootUser)).toBe(true);
    expect(['10001', 'app', '1000:0'].some(isRootUser)).toBe(false);
  });
  it('USER in a build stage does not reach a final stage FROM another image, but does through FROM <stage>', () => {
    expect(user('FROM python:3.12 AS build', 'USER app', 'FROM python:3.12-slim').kind).toBe('none');
    expect(user('FROM python:3.12 AS base', 'USER app', 'FROM base')).toMatchObject({
      kind: 'non-root',
      inheritedFrom: 'base',
    });
  });
  it('expands USER from ARG defaults, unknown otherwise', () => {
    expect(user('FROM python:3.12', 'ARG UID=10001', 'USER ${UID}')).toMatchObject({ kind: 'non-root', user: '10001' });
    expect(user('FROM python:3.12', 'ARG UID', 'USER ${UID}').kind).toBe('unknown');
  });
  it('finds HEALTHCHECK, including NONE and inheritance', () => {
    const df = parseDockerfile(
      'Dockerfile',
      lines('FROM a:1 AS base', 'HEALTHCHECK CMD true', 'FROM base', 'HEALTHCHECK NONE'),
    );
    expect(effectiveInstruction(df, 'HEALTHCHECK')!.ins.args).toBe('NONE');
    const inherited = parseDockerfile(
      'Dockerfile',
      lines('FROM a:1 AS base', 'HEALTHCHECK --interval=5s CMD true', 'FROM base'),
    );
    expect(effectiveInstruction(inherited, 'HEALTHCHECK')!.ins).toMatchObject({ line: 2, args: 'CMD true' });
  });
});

describe('pinStatus', () => {
  it.each([
    ['FROM python', 'untagged'],
    ['FROM python:latest', 'latest'],
    ['FROM python:slim', 'floating'],
    ['FROM node:lts-alpine', 'floating'],
    ['FROM python:3.12-slim', 'version'],
    ['FROM debian:bookworm-slim', 'version'],
    ['FROM registry.example.com:5000/team/app', 'untagged'],
    ['FROM python@sha256:abcdef', 'digest'],
    ['ARG BASE\nFROM ${BASE}', 'unresolved'],
  ])('%s is %s', (from, status) => {
    const df = parseDockerfile('Dockerfile', `${from}\n`);
    expect(pinStatus(df.stages[0]!.from)).toBe(status);
  });
});

describe('dockerfileProblems', () => {
  const problems = (files: Record<string, string>, p = 'Dockerfile') => {
    const repo = RepoIndex.fromMemory(files);
    const df = detectDockerfiles(repo).all.find((d) => d.path === p)!;
    return dockerfileProblems(repo, df).map((x) => `${x.line}:${x.message}`);
  };
  it('flags COPY sources in no build context, and skips --from, URLs, globs that match and build outputs', () => {
    expect(
      problems({
        Dockerfile: lines(
          'FROM python:3.12',
          'COPY requirements.txt .',
          'COPY --from=build /x /x',
          'ADD https://example.com/a.tgz /a',
          'COPY *.py ./',
          'COPY target/app.jar /app.jar',
          'COPY missing.txt .',
        ),
        'main.py': '',
      }),
    ).toEqual([
      '2:COPY requirements.txt: not in the build context (.)',
      '7:COPY missing.txt: not in the build context (.)',
    ]);
  });
  it('takes a file a Forgejo or GitHub workflow copies into the context folder, the source naming a matrix value', () => {
    const files = (workflow: string) => ({
      'deploy/image/Dockerfile': lines('FROM debian:12-slim', 'COPY relay /usr/local/bin/relay', 'CMD ["relay"]'),
      'src/main.rs': 'fn main() {}\n',
      [workflow]: lines(
        'on: push',
        'jobs:',
        '  image:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: cp target/${{ matrix.target }}/release/relay deploy/image/relay',
      ),
    });
    expect(problems(files('.forgejo/workflows/release.yaml'), 'deploy/image/Dockerfile')).toEqual([]);
    expect(problems(files('.github/workflows/release.yml'), 'deploy/image/Dockerfile')).toEqual([]);
    // A copy into another folder is not the context's file; nor is a workflow folder no forge reads.
    const elsewhere = files('.forgejo/workflows/release.yaml');
    elsewhere['.forgejo/workflows/release.yaml'] = elsewhere['.forgejo/workflows/release.yaml']!.replace(
      'deploy/image/relay',
      'dist/relay',
    );
    expect(problems(elsewhere, 'deploy/image/Dockerfile')).toEqual([
      '2:COPY relay: not in the build context (deploy/image)',
    ]);
    expect(problems(files('ci/workflows/release.yaml'), 'deploy/image/Dockerfile')).toEqual([
      '2:COPY relay: not in the build context (deploy/image)',
    ]);
  });
  it('allows a wildcard that matches nothing (BuildKit copies nothing), not a missing literal', () => {
    expect(
      problems({
        Dockerfile: lines('FROM node:20', 'COPY package.json yarn.lock* ./', 'COPY package.json package-lock.json ./'),
        'package.json': '{}',
      }),
    ).toEqual(['3:COPY package-lock.json: not in the build context (.)']);
    // Alone too: an optional copy of files a pipeline may have written (`COPY buildinfo* ./buildinfo/`).
    expect(problems({ Dockerfile: lines('FROM node:20', 'COPY *.lock ./'), 'package.json': '{}' })).toEqual([]);
  });
  it('resolves a source written with a leading slash against the context, as Docker does', () => {
    expect(
      problems(
        { 'src/api/Dockerfile': lines('FROM golang:1.22', 'COPY /src/api/ ./'), 'src/api/main.go': '' },
        'src/api/Dockerfile',
      ),
    ).toEqual([]);
  });
  it('accepts sources relative to the repository root for a Dockerfile in a subfolder', () => {
    expect(
      problems(
        { 'docker/Dockerfile': lines('FROM python:3.12', 'COPY app ./app'), 'app/main.py': '' },
        'docker/Dockerfile',
      ),
    ).toEqual([]);
  });
  it('leaves CMD targets to the startPath fact, which reports clear ones and not build outputs', () => {
    const starts = (files: Record<string, string>) =>
      new Facts(RepoIndex.fromMemory(files)).startPath.breaks
        .filter((b) => b.artefact === 'dockerfile')
        .map((b) => b.message);
    expect(
      problems({
        Dockerfile: lines('FROM python:3.12', 'COPY . .', 'CMD ["uvicorn", "svc.api:app"]'),
        'app/main.py': '',
      }),
    ).toEqual([]);
    expect(
      starts({
        Dockerfile: lines('FROM python:3.12', 'COPY . .', 'CMD ["uvicorn", "svc.api:app"]'),
        'app/main.py': '',
        'requirements.txt': 'fastapi\n',
      })[0],
    ).toContain('svc.api:app');
    expect(
      starts({
        Dockerfile: lines('FROM python:3.12', 'COPY . .', 'CMD ["uvicorn", "app.main:app"]'),
        'app/main.py': '',
      }),
    ).toEqual([]);
    expect(
      starts({
        Dockerfile: lines('FROM node:20', 'COPY . .', 'RUN npm run build', 'CMD ["node", "dist/server.js"]'),
        'src/server.ts': '',
      }),
    ).toEqual([]);
    expect(
      starts({ Dockerfile: lines('FROM python:3.12', 'COPY . .', 'ENTRYPOINT ["./entrypoint.sh"]'), 'x.py': '' })[0],
    ).toContain('entrypoint.sh');
    expect(
      starts({ Dockerfile: lines('FROM python:3.12', 'COPY . .', 'CMD python -m http.server'), 'x.py': '' }),
    ).toEqual([]);
  });
});

describe('detectDockerfiles', () => {
  it('a plain Dockerfile nothing releases, beside a prod-named one CI pushes, is the development image', () => {
    const workflow = (file: string) =>
      lines(
        'on: push',
        'jobs:',
        '  image:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: docker/build-push-action@v6',
        '        with:',
        `          file: ${file}`,
        '          push: true',
      );
    const files = {
      Dockerfile: 'FROM golang:1.22\nCMD ["/src/app"]\n',
      'prod.Dockerfile': 'FROM golang:1.22 AS b\nFROM gcr.io/distroless/static\nUSER 1000\nCMD ["/app"]\n',
      'services/other/Dockerfile': 'FROM golang:1.22\nCMD ["/other"]\n',
    };
    const pushed = detectDockerfiles(
      RepoIndex.fromMemory({ ...files, '.github/workflows/release.yml': workflow('./prod.Dockerfile') }),
    );
    // The other folder's Dockerfile is no sibling of the released one: it stays a production image.
    expect(pushed.production.map((d) => d.path).sort()).toEqual(['prod.Dockerfile', 'services/other/Dockerfile']);
    // Nothing pushes prod.Dockerfile: both stay production images.
    const unpushed = detectDockerfiles(RepoIndex.fromMemory(files));
    expect(unpushed.production.map((d) => d.path).sort()).toEqual([
      'Dockerfile',
      'prod.Dockerfile',
      'services/other/Dockerfile',
    ]);
    // A prefixed or capitalised name is the same production image (`api.prod.Dockerfile`, `Dockerfile.Prod`).
    for (const name of ['api.prod.Dockerfile', 'Dockerfile.Prod']) {
      const { 'prod.Dockerfile': image, ...rest } = files;
      const renamed = detectDockerfiles(
        RepoIndex.fromMemory({ ...rest, [name]: image, '.github/workflows/release.yml': workflow(`./${name}`) }),
      );
      expect(renamed.production.map((d) => d.path).sort()).toEqual([name, 'services/other/Dockerfile']);
    }
  });

  it('excludes dev-only images from production and finds image builders when there is no Dockerfile', () => {
    const repo = RepoIndex.fromMemory({
      'Dockerfile.dev': 'FROM python:3.12\n',
      '.devcontainer/Dockerfile': 'FROM x:1\n',
      Makefile: 'image:\n\tko build ./cmd/api\n',
    });
    const f = detectDockerfiles(repo);
    expect(f.all.map((d) => d.path).sort()).toEqual(['.devcontainer/Dockerfile', 'Dockerfile.dev']);
    expect(f.production).toEqual([]);
    expect(f.builder).toMatchObject({ builder: 'ko', path: 'Makefile', line: 2 });
  });
  it('splits shell and exec form words', () => {
    expect(words('["python", "-m", "app"]')).toEqual(['python', '-m', 'app']);
    expect(words(`sh -c "exec app --port 80"`)).toEqual(['sh', '-c', 'exec app --port 80']);
  });
});

describe('pinStatus with the version in the repository name', () => {
  it('distroless static-debian12:nonroot pins Debian 12; an untagged one is still latest', () => {
    const st = (from: string) => pinStatus(parseDockerfile('Dockerfile', `FROM ${from}\n`).stages[0]!.from);
    expect(st('gcr.io/distroless/static-debian12:nonroot')).toBe('version');
    expect(st('gcr.io/distroless/static-debian12')).toBe('untagged');
    expect(st('gcr.io/distroless/static:nonroot')).toBe('floating');
  });
});

describe('production vs dev-only images', () => {
  it('excludes dev, test, example, docs and GitHub Action Dockerfiles', () => {
    const repo = RepoIndex.fromMemory(
      Object.fromEntries(
        [
          'Dockerfile',
          'deploy/Dockerfile.prod',
          'Dockerfile.dev',
          'dev.Dockerfile',
          'api.test.Dockerfile',
          'examples/basic/Dockerfile',
          'docs/Dockerfile',
          '.github/actions/lint/Dockerfile',
          'e2e/Dockerfile',
          // A code generator's toolchain; `Dockerfile.general` is no such name.
          'internal/bpf/Dockerfile.gen',
          'proto/Dockerfile.codegen',
          'Dockerfile.general',
        ].map((p) => [p, 'FROM alpine:3.20\n']),
      ),
    );
    expect(
      detectDockerfiles(repo)
        .production.map((d) => d.path)
        .sort(),
    ).toEqual(['Dockerfile', 'Dockerfile.general', 'deploy/Dockerfile.prod']);
  });
  it('sets aside the image CI jobs run in, built by a step tagging it so', () => {
    const workflow = (container: string) =>
      [
        'on: push',
        'jobs:',
        '  toolbox:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: docker build -t ghcr.io/acme/runner:latest -f tools/ci.Dockerfile tools',
        '  tests:',
        '    runs-on: ubuntu-latest',
        ...(container ? [`    container: ${container}`] : []),
        '    steps:',
        '      - run: make test',
      ].join('\n');
    const production = (container: string) =>
      detectDockerfiles(
        RepoIndex.fromMemory({
          Dockerfile: 'FROM node:22-slim\nCMD ["node", "server.js"]\n',
          'tools/ci.Dockerfile': 'FROM node:22\nRUN npm i -g pnpm\n',
          '.github/workflows/ci.yml': workflow(container),
        }),
      ).production.map((d) => d.path);
    expect(production('ghcr.io/acme/runner:1.2')).toEqual(['Dockerfile']);
    expect(production('')).toEqual(['Dockerfile', 'tools/ci.Dockerfile']);
  });
  it('an image on the Playwright base that exposes a port or checks its health serves; one that runs the tests does not', () => {
    const repo = RepoIndex.fromMemory({
      'api/Dockerfile': lines(
        'FROM mcr.microsoft.com/playwright:v1.48.0-noble',
        'WORKDIR /app',
        'COPY . .',
        'EXPOSE 8080',
        'HEALTHCHECK CMD wget -qO- http://localhost:8080/ping || exit 1',
        'CMD ["node", "dist/main.js"]',
      ),
      'browser-tests/Dockerfile': lines(
        'FROM mcr.microsoft.com/playwright:v1.48.0-noble',
        'WORKDIR /tests',
        'COPY . .',
        'CMD ["npx", "playwright", "test"]',
      ),
      'runner/Dockerfile': lines('FROM cypress/included:13.6.0', 'COPY . .', 'EXPOSE 9000'),
    });
    expect(detectDockerfiles(repo).production.map((d) => d.path)).toEqual(['api/Dockerfile']);
  });
  it('judges a literal tag even when the registry is a build argument', () => {
    const st = (text: string) => pinStatus(parseDockerfile('Dockerfile', text).stages[0]!.from);
    expect(st('ARG REGISTRY\nFROM ${REGISTRY}/python:3.12-slim\n')).toBe('version');
    expect(st('ARG REGISTRY\nFROM ${REGISTRY}/python:latest\n')).toBe('latest');
    expect(st('ARG TAG\nFROM python:${TAG}\n')).toBe('unresolved');
  });
});

describe('facts: dockerfiles — images that start a test runner', () => {
  const df = (text: string) => parseDockerfile('check/Dockerfile', text);
  it('an image starting dredd, newman through npx or k6 is a rig; a server or a shell script is not', () => {
    expect(
      startsTestRunner(df('FROM node:20\nENTRYPOINT ["/check/node_modules/.bin/dredd"]\nCMD ["api.yaml"]\n')),
    ).toBe(true);
    expect(startsTestRunner(df('FROM node:20\nCMD ["npx", "newman", "run", "orders.json"]\n'))).toBe(true);
    expect(startsTestRunner(df('FROM grafana/k6\nENTRYPOINT ["k6", "run", "load.js"]\n'))).toBe(true);
    expect(startsTestRunner(df('FROM python:3.12\nCMD ["python", "-m", "pytest", "tests"]\n'))).toBe(true);
    expect(startsTestRunner(df('FROM node:20\nCMD ["node", "src/server.js"]\n'))).toBe(false);
    expect(startsTestRunner(df('FROM alpine\nENTRYPOINT ["/entrypoint.sh"]\n'))).toBe(false);
  });
});
