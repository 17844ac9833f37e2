import { describe, expect, it } from 'vitest';
import { RepoIndex } from '../../src/repo/index.js';
import { helmImageOverrides } from '../../src/facts/k8s-deploy-commands.js';

describe('helmImageOverrides', () => {
  it('reads the image a helm command sets, with its chart and values key', () => {
    const repo = RepoIndex.fromMemory({
      'deploy/install.sh': [
        '#!/bin/sh',
        'helm upgrade --install shop-api ./charts/api/ -n shop \\',
        '  --set image.repository="$REGISTRY/api" --set image.tag=$TAG',
        'helm install worker charts/jobs --set runner.image.repository=ghcr.io/acme/jobs,runner.image.tag=1.2',
      ].join('\n'),
      'deploy/Deploy.ps1':
        '$cmd = "helm upgrade --install $name-web web -f $values --set ingress.hosts=\'{$h}\' --set image.repository=$acr/web.ui --set image.tag=$tag"\n',
    });
    const found = helmImageOverrides(repo).map((o) => [o.path, o.line, o.chart, o.key, o.image]);
    expect(found.sort()).toEqual(
      [
        ['deploy/install.sh', 2, 'charts/api', 'image', '$REGISTRY/api'],
        ['deploy/install.sh', 4, 'charts/jobs', 'runner', 'ghcr.io/acme/jobs'],
        ['deploy/Deploy.ps1', 1, 'web', 'image', '$acr/web.ui'],
      ].sort(),
    );
  });

  it('leaves out tags, other values, remote charts and commands that set no image', () => {
    const repo = RepoIndex.fromMemory({
      'ci/deploy.yml': [
        'steps:',
        '  - run: helm upgrade --install api ./chart --set image.tag=${{ github.sha }} --set replicaCount=3',
        '  - run: helm upgrade --install cache oci://registry.example/charts/redis --set image.repository=redis',
        '  - run: helm template ./chart --set image.repository=acme/api',
      ].join('\n'),
    });
    expect(helmImageOverrides(repo)).toEqual([]);
  });
});
