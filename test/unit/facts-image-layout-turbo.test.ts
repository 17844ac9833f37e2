import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/facts/dockerfiles.js';
import { imageLayout, lookupImage } from '../../src/facts/image-layout.js';
import { RepoIndex } from '../../src/repo/index.js';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

const workspace = (dockerfile: string) =>
  RepoIndex.fromMemory({
    'package.json': JSON.stringify({ name: 'shop', private: true, workspaces: ['services/*', 'libs/*'] }),
    'turbo.json': '{}',
    'services/orders/package.json': JSON.stringify({
      name: '@shop/orders',
      dependencies: { '@shop/money': 'workspace:*', hono: '4.0.0' },
    }),
    'services/orders/src/main.ts': "import { cents } from '@shop/money';\nconsole.log(cents(1));\n",
    'services/orders/Dockerfile': dockerfile,
    'services/catalog/package.json': JSON.stringify({ name: '@shop/catalog' }),
    'services/catalog/src/main.ts': 'console.log(1);\n',
    'libs/money/package.json': JSON.stringify({ name: '@shop/money' }),
    'libs/money/src/index.ts': 'export const cents = (n: number) => n * 100;\n',
  });

const lookup = (dockerfile: string, at: string) => {
  const repo = workspace(dockerfile);
  const layout = imageLayout(repo, parseDockerfile('services/orders/Dockerfile', dockerfile), { context: '.' });
  if (!layout) throw new Error('no layout');
  const l = lookupImage(repo, layout, at);
  return l.state === 'file' ? `file ${l.repoPath}` : l.state;
};

describe('image layout: turbo prune', () => {
  const pruneDocker = lines(
    'FROM node:22-alpine AS prune',
    'WORKDIR /src',
    'COPY . .',
    'RUN bunx turbo@2 prune @shop/orders --docker',
    'FROM node:22-alpine',
    'WORKDIR /srv',
    'COPY --from=prune /src/out/json .',
    'RUN npm ci',
    'COPY --from=prune /src/out/full .',
    'CMD ["node", "services/orders/src/main.ts"]',
  );

  it('puts the pruned package and the workspace packages it depends on under out/full with --docker', () => {
    expect(lookup(pruneDocker, '/srv/services/orders/src/main.ts')).toBe('file services/orders/src/main.ts');
    expect(lookup(pruneDocker, '/srv/libs/money/src/index.ts')).toBe('file libs/money/src/index.ts');
    expect(lookup(pruneDocker, '/srv/package.json')).toBe('file package.json');
    expect(lookup(pruneDocker, '/srv/services/orders/package.json')).toBe('file services/orders/package.json');
    // The folder itself is not put under its name: its contents are.
    expect(lookup(pruneDocker, '/srv/full/services/orders/src/main.ts')).not.toMatch(/^file/);
  });

  it('leaves out the workspace packages the pruned one does not need', () => {
    expect(lookup(pruneDocker, '/srv/services/catalog/src/main.ts')).toBe('missing');
  });

  it('reads --out-dir and the pruned folder without --docker, and the legacy --scope', () => {
    const df = lines(
      'FROM node:22-alpine AS prune',
      'WORKDIR /src',
      'COPY . .',
      'RUN yarn global add turbo && turbo prune --scope=@shop/orders --out-dir=pruned',
      'FROM node:22-alpine',
      'WORKDIR /srv',
      'COPY --from=prune /src/pruned .',
      'CMD ["node", "services/orders/src/main.ts"]',
    );
    expect(lookup(df, '/srv/services/orders/src/main.ts')).toBe('file services/orders/src/main.ts');
    // yarn may write files in that stage, so what it does not map is unknown rather than missing.
    expect(lookup(df, '/srv/services/catalog/src/main.ts')).not.toMatch(/^file/);
  });

  it('maps nothing for a package the workspace does not hold', () => {
    const df = lines(
      'FROM node:22-alpine AS prune',
      'WORKDIR /src',
      'COPY . .',
      'RUN npx turbo prune @shop/billing --docker',
      'FROM node:22-alpine',
      'WORKDIR /srv',
      'COPY --from=prune /src/out/full/ .',
      'CMD ["node", "services/orders/src/main.ts"]',
    );
    expect(lookup(df, '/srv/services/orders/src/main.ts')).not.toMatch(/^file/);
  });
});
