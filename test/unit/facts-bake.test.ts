import { describe, expect, it } from 'vitest';
import { BAKE_ACTION, bakeActionTargets, bakeBuilds, bakeFiles } from '../../src/facts/bake.js';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const HCL = [
  'variable "REGISTRY" { default = "ghcr.io/acme" }',
  'group "default" {',
  '  targets = ["api", "worker"]',
  '}',
  'target "common" {',
  '  context = "."',
  '  platforms = ["linux/amd64", "linux/arm64"]',
  '}',
  'target "api" {',
  '  inherits = ["common"]',
  '  dockerfile = "build/api/Dockerfile"',
  '  tags = [',
  '    "${REGISTRY}/api:latest",',
  '  ]',
  '}',
  'target "worker" {',
  '  context = "services/worker"',
  '  target = "runtime"',
  '  args = { MODE = "prod" }',
  '}',
  'target "docs" {',
  '  dockerfile = "docs/Dockerfile"',
  '}',
  '',
].join('\n');

describe('facts: bake files', () => {
  it('reads targets with inherited attributes, variable defaults and groups', () => {
    const [file] = bakeFiles(RepoIndex.fromMemory({ 'docker-bake.hcl': HCL }));
    expect(file!.groups.get('default')).toEqual(['api', 'worker']);
    expect(file!.targets.get('api')).toMatchObject({
      context: '.',
      dockerfile: 'build/api/Dockerfile',
      tags: ['ghcr.io/acme/api:latest'],
      line: 9,
    });
    expect(file!.targets.get('worker')).toMatchObject({ context: 'services/worker', target: 'runtime' });
  });

  it('builds the default group when no target is named, and the Dockerfile relative to the context', () => {
    const files = bakeFiles(RepoIndex.fromMemory({ 'docker-bake.hcl': HCL }));
    expect(bakeBuilds(files, []).map((b) => [b.target.name, b.context, b.dockerfile])).toEqual([
      ['api', '.', 'build/api/Dockerfile'],
      ['worker', 'services/worker', 'services/worker/Dockerfile'],
    ]);
    expect(bakeBuilds(files, ['docs']).map((b) => b.dockerfile)).toEqual(['docs/Dockerfile']);
  });

  it('reads the JSON form', () => {
    const json = JSON.stringify({
      group: { default: { targets: ['web'] } },
      target: { web: { context: 'web', dockerfile: 'Containerfile', tags: ['acme/web:1'] } },
    });
    const files = bakeFiles(RepoIndex.fromMemory({ 'docker-bake.json': json }));
    expect(bakeBuilds(files, []).map((b) => [b.dockerfile, b.target.tags])).toEqual([
      ['web/Containerfile', ['acme/web:1']],
    ]);
  });

  it('a bake action in CI builds and pushes the image a deployment runs: the component is deployed by it', () => {
    const goService = (name: string) => ({
      [`services/${name}/go.mod`]: `module example.com/${name}\n\ngo 1.22\n`,
      [`services/${name}/main.go`]:
        'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    });
    const image = (name: string) =>
      `FROM golang:1.22 AS build\nWORKDIR /src\nCOPY services/${name}/ .\nRUN go build -o /app .\nFROM gcr.io/distroless/base:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n`;
    const c = new Facts(
      RepoIndex.fromMemory({
        ...goService('api'),
        ...goService('worker'),
        'build/api/Dockerfile': image('api'),
        'build/worker/Dockerfile': image('worker'),
        'docker-bake.hcl':
          'group "default" {\n  targets = ["api", "worker"]\n}\ntarget "api" {\n  dockerfile = "build/api/Dockerfile"\n  tags = ["ghcr.io/acme/api:latest"]\n}\ntarget "worker" {\n  dockerfile = "build/worker/Dockerfile"\n  tags = ["ghcr.io/acme/worker:latest"]\n}\n',
        '.github/workflows/images.yml':
          'on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: docker/bake-action@v6\n        with:\n          targets: api\n          push: true\n',
      }),
    ).components;
    const api = c.list.find((x) => x.path === 'services/api');
    expect(api?.dockerfiles).toEqual(['build/api/Dockerfile']);
    expect(api?.deployedBy.some((r) => r.path === '.github/workflows/images.yml')).toBe(true);
    // The action names only the api target: the worker's image is not pushed by it.
    const worker = c.list.find((x) => x.path === 'services/worker');
    expect(worker?.deployedBy.some((r) => r.path === '.github/workflows/images.yml') ?? false).toBe(false);
  });

  it('a bake command that only prints the definition builds nothing', () => {
    // One service: the repository is its component.
    const repo = {
      'services/api/go.mod': 'module example.com/api\n\ngo 1.22\n',
      'services/api/main.go': 'package main\n\nfunc main() {}\n',
      'build/api/Dockerfile':
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY services/api/ .\nRUN go build -o /app .\nFROM gcr.io/distroless/base:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      'docker-bake.hcl':
        'target "api" {\n  dockerfile = "build/api/Dockerfile"\n  tags = ["ghcr.io/acme/api:latest"]\n}\n',
    };
    const deployedBy = (run: string) =>
      new Facts(
        RepoIndex.fromMemory({
          ...repo,
          '.github/workflows/images.yml': `on: push\njobs:\n  images:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ${run}\n`,
        }),
      ).components.list[0]?.deployedBy ?? [];
    expect(deployedBy('docker buildx bake --push api').some((r) => r.path === '.github/workflows/images.yml')).toBe(
      true,
    );
    expect(deployedBy('docker buildx bake --print api').some((r) => r.path === '.github/workflows/images.yml')).toBe(
      false,
    );
  });

  it('a bake action over the rows of the matrix subaction builds the group the subaction lists; the subaction builds nothing', () => {
    const steps = [
      { uses: 'docker/bake-action/subaction/matrix@v7', with: { target: 'validate' } },
      { uses: 'docker/bake-action@v7', with: { targets: '${{ matrix.target }}' } },
    ];
    expect(bakeActionTargets(steps[1]!.with, steps)).toEqual(['validate']);
    expect(bakeActionTargets({ targets: 'api, worker' }, steps)).toEqual(['api', 'worker']);
    expect(bakeActionTargets({ targets: '${{ inputs.target }}' }, steps)).toEqual([]);
    expect(BAKE_ACTION.test(steps[0]!.uses)).toBe(false);
    expect(BAKE_ACTION.test(steps[1]!.uses)).toBe(true);
  });
});
