import { describe, expect, it } from 'vitest';
import { firstInScripts, joinedScripts } from '../../src/facts/delivery.js';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const delivery = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).delivery;

const DEPLOYMENT = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ${image}\n`;

describe('delivery: deploy steps and their gates', () => {
  it('finds a helm deploy held by a GitHub environment, and one behind npm and make targets', () => {
    const d = delivery({
      '.github/workflows/cd.yml': [
        'on:',
        '  push:',
        '    branches: [main]',
        'jobs:',
        '  deploy:',
        '    environment: production',
        '    steps:',
        '      - run: helm upgrade --install api ./chart --set image.tag=${{ github.sha }}',
        '  staging:',
        '    steps:',
        '      - run: npm run deploy:staging',
        '      - run: make deploy-preview',
        '',
      ].join('\n'),
      'package.json': '{"scripts": {"deploy:staging": "fly deploy --config fly.staging.toml"}}',
      Makefile: 'deploy-preview:\n\tvercel deploy\n',
    });
    expect(d.deploys.map((x) => [x.job, x.tool, x.line, x.production, x.gates.map((g) => g.kind)])).toEqual([
      ['deploy', 'helm', 8, true, ['environment']],
      ['staging', 'Fly.io', 11, false, []],
      ['staging', 'Vercel', 12, false, []],
    ]);
    expect(d.deploys[1]!.via).toMatch(/package\.json script: fly deploy/);
    expect(d.imageRewrites.map((r) => r.how)).toEqual(['helm --set image in CI']);
  });

  it("reads another repository's workflow as a deploy when it or its caller is named for deploying, not a check", () => {
    const shared = (file: string, job: string, called: string) =>
      delivery({
        [`.github/workflows/${file}`]: ['on: push', 'jobs:', `  ${job}:`, `    uses: ${called}`, ''].join('\n'),
      }).deploys.map((x) => [x.tool, x.outOfSight]);
    const team = 'acme/platform-workflows/.github/workflows';
    expect(shared('deploy.yml', 'orders', `${team}/node-service.yml@v3`)).toEqual([['reusable deploy workflow', true]]);
    expect(shared('main.yml', 'deploy', `${team}/jar-app.yaml@main`)).toEqual([['reusable deploy workflow', true]]);
    expect(shared('ci.yml', 'orders', `${team}/deploy-nais.yml@v1`)).toEqual([['reusable deploy workflow', true]]);
    expect(shared('ci.yml', 'orders', `${team}/node-service.yml@v3`)).toEqual([]);
    expect(shared('deploy.yml', 'tests', `${team}/node-service.yml@v3`)).toEqual([]);
    expect(shared('deploy.yml', 'orders', `${team}/gradle-build.yml@v3`)).toEqual([]);
    expect(shared('deploy.yml', 'orders', './.github/workflows/node-service.yml')).toEqual([]);
  });

  it("holds a reusable workflow's deploy behind the gate of the call that passes production", () => {
    const files = (prodIf: string) => ({
      '.github/workflows/ship.yml':
        'on:\n  workflow_call:\n    inputs:\n      target:\n        type: string\njobs:\n  rollout:\n    steps:\n      - run: flyctl deploy --config fly.${{ inputs.target }}.toml\n',
      '.github/workflows/pipeline.yml': [
        'on: [push, release]',
        'jobs:',
        '  staging:',
        "    if: github.event_name == 'push'",
        '    uses: acme/api/.github/workflows/ship.yml@main',
        '    with:',
        '      target: staging',
        '  production:',
        `    if: ${prodIf}`,
        '    uses: acme/api/.github/workflows/ship.yml@main',
        '    with:',
        '      target: production',
      ].join('\n'),
    });
    const [held] = delivery(files("github.event_name == 'release'")).deploys;
    expect(held!.gates.map((g) => [g.kind, g.path, g.line])).toEqual([['tags', '.github/workflows/pipeline.yml', 9]]);
    expect(held!.gates[0]!.note).toMatch(/^called for production by \.github\/workflows\/pipeline\.yml job production/);
    expect(delivery(files("github.ref == 'refs/heads/main'")).deploys[0]!.gates).toEqual([]);
  });

  it('ignores deploys to throwaway test clusters and documentation deploys', () => {
    const d = delivery({
      '.github/workflows/e2e.yml':
        'on: pull_request\njobs:\n  e2e:\n    steps:\n      - uses: helm/kind-action@v1\n      - run: kubectl apply -f k8s/\n',
      '.github/workflows/docs.yml':
        'on: push\njobs:\n  docs:\n    steps:\n      - run: netlify deploy --dir=site --prod\n',
    });
    expect(d.deploys).toEqual([]);
  });

  it('counts a compose stack started by a deploy job, not one started by a test job', () => {
    const up =
      'on: workflow_dispatch\njobs:\n  run:\n    steps:\n      - run: docker compose -f compose.prod.yml up -d\n';
    expect(delivery({ '.github/workflows/deploy.yml': up }).deploys[0]).toMatchObject({
      tool: 'docker compose up',
      gates: [{ kind: 'manual', line: 1 }],
    });
    expect(delivery({ '.github/workflows/test.yml': up }).deploys).toEqual([]);
  });

  it('lists deploy scripts no pipeline runs', () => {
    const d = delivery({ 'scripts/deploy.sh': '#!/bin/sh\nkubectl apply -k k8s/\n' });
    expect(d.scripts).toEqual([{ path: 'scripts/deploy.sh', line: 1, command: 'kubectl apply -k k8s/' }]);
    const ran = delivery({
      'scripts/deploy.sh': '#!/bin/sh\nkubectl apply -k k8s/\n',
      '.github/workflows/cd.yml': 'on: push\njobs:\n  deploy:\n    steps:\n      - run: ./scripts/deploy.sh\n',
    });
    expect(ran.scripts).toEqual([]);
    expect(ran.deploys[0]).toMatchObject({ tool: 'kubectl', via: 'scripts/deploy.sh runs kubectl apply -k k8s/' });
  });

  it('a Cloud Build step whose entrypoint is the deploy script runs it', () => {
    const d = delivery({
      'scripts/deploy.sh': '#!/bin/bash\ngcloud run deploy "$1" --image "gcr.io/$2/$1" --region europe-west1\n',
      'cloudbuild.yaml':
        'steps:\n- id: lint\n  name: golang\n  entrypoint: ./scripts/lint.sh\n- id: deploy\n  name: gcr.io/cloud-builders/gcloud\n  entrypoint: ./scripts/deploy.sh\n  args: [api, "$PROJECT_ID"]\n',
    });
    expect(d.scripts).toEqual([]);
    expect(d.deploys).toMatchObject([{ path: 'cloudbuild.yaml', line: 7, system: 'cloud-build' }]);
  });
});

describe('delivery: images and their tags', () => {
  it('reads the tag strategy of published images', () => {
    const d = delivery({
      '.github/workflows/a.yml':
        'on: push\njobs:\n  a:\n    steps:\n      - run: |\n          docker build -t acme/api:latest .\n          docker push acme/api:latest\n',
      '.github/workflows/b.yml':
        'on: push\njobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: acme/api:${{ github.sha }}\n',
    });
    expect(d.publishes.map((p) => [p.path, p.tags])).toEqual([
      ['.github/workflows/a.yml', 'mutable'],
      ['.github/workflows/b.yml', 'immutable'],
    ]);
  });

  it('reads a Helm chart released by the pipeline as a published package, and a chart linted only as none', () => {
    const d = delivery({
      '.github/workflows/release.yml':
        'on: release\njobs:\n  chart:\n    steps:\n      - run: helm lint charts/api\n      - uses: helm/chart-releaser-action@v1.6.0\n',
    });
    expect(d.publishes.map((p) => [p.line, p.tool, p.artefact])).toEqual([[6, 'Helm chart release', 'package']]);
  });

  it('pins of deployed images: version, digest, latest, untagged, and chart values that say latest', () => {
    const d = delivery({
      'k8s/a.yaml': DEPLOYMENT('acme/api:1.2.3'),
      'k8s/b.yaml': DEPLOYMENT('acme/api@sha256:0123456789abcdef'),
      'k8s/c.yaml': DEPLOYMENT('acme/api:latest'),
      'k8s/d.yaml': DEPLOYMENT('acme/api'),
      'chart/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
      'chart/values.yaml': 'image:\n  repository: acme/api\n  tag: latest\n',
      'chart/templates/deploy.yaml': DEPLOYMENT('"{{ .Values.image.repository }}:{{ .Values.image.tag }}"'),
    });
    expect(d.images.map((i) => [i.path, i.line, i.pin, i.note])).toEqual([
      ['chart/templates/deploy.yaml', 10, 'templated', 'chart/values.yaml:3 sets tag: latest'],
      ['k8s/a.yaml', 10, 'version', undefined],
      ['k8s/b.yaml', 10, 'digest', undefined],
      ['k8s/c.yaml', 10, 'latest', undefined],
      ['k8s/d.yaml', 10, 'untagged', undefined],
    ]);
  });

  it('reads images of a production compose file, and knows kustomize and skaffold set tags at deploy time', () => {
    const d = delivery({
      'docker-compose.prod.yml': 'services:\n  web:\n    image: acme/web:latest\n',
      'k8s/kustomization.yaml': 'resources: [a.yaml]\nimages:\n  - name: acme/api\n    newTag: 1.2.3\n',
      'k8s/a.yaml': DEPLOYMENT('acme/api'),
      'skaffold.yaml': 'apiVersion: skaffold/v4beta6\nkind: Config\n',
    });
    expect(d.images.find((i) => i.path === 'docker-compose.prod.yml')).toMatchObject({ line: 3, pin: 'latest' });
    expect(d.imageRewrites.map((r) => [r.path, r.line])).toEqual([
      ['skaffold.yaml', 1],
      ['k8s/kustomization.yaml', 2],
    ]);
  });
});

describe('delivery: GitOps and rollback', () => {
  it('finds Argo CD applications, Argo Rollouts and helm --atomic', () => {
    const d = delivery({
      'argocd/app.yaml':
        'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: api\nspec:\n  source:\n    path: k8s\n',
      'k8s/rollout.yaml':
        'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: api\nspec:\n  strategy:\n    blueGreen:\n      activeService: api\n  template:\n    spec:\n      containers:\n        - name: api\n          image: acme/api:1\n',
      'deploy.sh': '#!/bin/sh\nhelm upgrade --install --atomic api ./chart\n',
    });
    expect(d.gitops.map((g) => [g.tool, g.path, g.line])).toEqual([['Argo CD', 'argocd/app.yaml', 1]]);
    expect(d.rollbacks.map((r) => [r.path, r.line])).toEqual([
      ['k8s/rollout.yaml', 7],
      ['deploy.sh', 2],
    ]);
  });

  it('finds declared rollback (ECS circuit breaker) and rollback procedures in guides, not in status documents', () => {
    const d = delivery({
      'infra/ecs.tf':
        'resource "aws_ecs_service" "api" {\n  deployment_circuit_breaker {\n    enable   = true\n    rollback = true\n  }\n}\n',
      'docs/operations.md':
        '# Operations\n\n## Rolling back a release\n\nFind the previous release with `helm history api`, then run `helm rollback api <revision>` and watch the pods come back.\n',
      'STATUS.md': '# Status\n\n- [ ] Rollback: `helm rollback` procedure to write\n',
    });
    expect(d.rollbacks.map((r) => [r.path, r.line])).toEqual([['infra/ecs.tf', 2]]);
    expect(d.rollbackDocs.filter((h) => h.strong).map((h) => [h.path, h.line])).toEqual([['docs/operations.md', 3]]);
  });
});

describe('delivery: scripts read once for every pattern', () => {
  const repo = RepoIndex.fromMemory({
    'deploy.sh': '#!/bin/sh\n# helm rollback api\nhelm upgrade api ./chart \\\r\n  --atomic\n',
    'bin/release': '#!/usr/bin/env bash\nkubectl rollout undo deploy/api\n',
    'bin/notes': 'helm rollback api 3\n',
    Makefile: 'undo:\n\thelm rollback api\n',
    'empty.sh': '',
  });
  const scripts = joinedScripts(
    repo,
    ['deploy.sh', 'bin/notes', 'bin/release', 'Makefile', 'empty.sh', 'missing.sh'].map((p) => ({ path: p })),
  );

  it('keeps shell scripts in their order, dropping extension-less files without a shell line and empty or missing ones', () => {
    expect(scripts.map((s) => s.path)).toEqual(['deploy.sh', 'bin/release', 'Makefile']);
  });

  it('joins a continued command in place, so offsets and lines stay those of the file', () => {
    const joined = scripts[0]!.joined;
    expect(joined.length).toBe(repo.read('deploy.sh')!.length);
    expect(joined).toContain('helm upgrade api ./chart      --atomic');
  });

  it('finds the first line each pattern matches, skipping comment lines, across the same joined scripts', () => {
    expect(firstInScripts(repo, scripts, /\bhelm\b[^\n]*--atomic\b/)).toEqual({ path: 'deploy.sh', line: 3 });
    expect(firstInScripts(repo, scripts, /\bhelm\s+rollback\b/)).toEqual({ path: 'Makefile', line: 2 });
    expect(firstInScripts(repo, scripts, /\bkubectl\s+rollout\s+undo\b/)).toEqual({ path: 'bin/release', line: 2 });
    expect(firstInScripts(repo, scripts, /\bkamal\s+rollback\b/)).toBeUndefined();
  });
});
