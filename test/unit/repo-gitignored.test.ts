import { describe, expect, it } from 'vitest';
import { gitignoredMatcher } from '../../src/repo/gitignored.js';
import { RepoIndex } from '../../src/repo/index.js';
import { RepoView } from '../../src/repo/view.js';

const repo = RepoIndex.fromMemory({
  '.gitignore': 'node_modules\n/dist/\n**/@generated\n*.log\n!keep.log\n',
  'apps/server/.gitignore': 'tmp/\n',
  'apps/server/src/main.ts': 'export {};\n',
  'apps/web/src/index.ts': 'export {};\n',
});

describe('gitignoredMatcher: what the repository .gitignore files leave out', () => {
  it('reads each .gitignore relative to its folder, negations included', () => {
    const ignored = gitignoredMatcher(repo);
    expect(ignored('dist/apps/server/main.js')).toBe(true);
    expect(ignored('dist')).toBe(true);
    expect(ignored('apps/web/dist/index.js')).toBe(false); // `/dist/` is anchored at the root
    expect(ignored('apps/server/src/@generated/user/user.model')).toBe(true);
    expect(ignored('apps/server/tmp/cache.json')).toBe(true);
    expect(ignored('apps/web/tmp/cache.json')).toBe(false); // apps/server's rule only
    expect(ignored('server.log')).toBe(true);
    expect(ignored('keep.log')).toBe(false);
    expect(ignored('apps/server/src/main.ts')).toBe(false);
  });

  it("applies the root .gitignore in a component's view, which does not list it", () => {
    const ignored = gitignoredMatcher(new RepoView(repo, { base: 'apps/server' }));
    expect(ignored('src/@generated/user/user.model')).toBe(true);
    expect(ignored('../../dist/apps/server/main.js')).toBe(true);
    expect(ignored('tmp/x')).toBe(true);
    expect(ignored('src/main.ts')).toBe(false);
  });
});
