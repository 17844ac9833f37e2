import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { pasteApps, pasteFileOf } from '../../src/facts/paste-deploy.js';
import { RepoIndex } from '../../src/repo/index.js';

describe('PasteDeploy files', () => {
  it('names the file a server command serves', () => {
    expect(pasteFileOf(['gunicorn', '--paste', 'conf/prod.ini', '--config', 'g.py'])).toBe('conf/prod.ini');
    expect(pasteFileOf(['uwsgi', '--ini-paste=app.ini'])).toBe('app.ini');
    expect(pasteFileOf(['pserve', '--reload', 'development.ini'])).toBe('development.ini');
    expect(pasteFileOf(['gunicorn', 'app:application'])).toBeUndefined();
  });

  it("reads each [app:…] section's factory: call:, paste.app_factory, or a distribution's entry point", () => {
    const repo = RepoIndex.fromMemory({
      'a.ini': '[app:web]\nuse = call:shop.app:create\n\n[server:main]\nuse = egg:gunicorn#main\n',
      'b.ini': '[app:main]\nuse = egg:shop\n',
      'c.ini': '[app:main]\npaste.app_factory = shop.wsgi:main\n',
      'setup.py': 'setup(name="shop", entry_points={"paste.app_factory": ["main = shop.boot:main"]})\n',
    });
    expect(pasteApps(repo, 'a.ini')).toEqual([{ module: 'shop.app', object: 'create', line: 2 }]);
    expect(pasteApps(repo, 'b.ini')).toEqual([{ module: 'shop.boot', object: 'main', line: 2 }]);
    expect(pasteApps(repo, 'c.ini')).toEqual([{ module: 'shop.wsgi', object: 'main', line: 2 }]);
  });

  it('makes the factory module live when a supervisord program serves the file, beside another entrypoint', () => {
    const l = new Facts(
      RepoIndex.fromMemory({
        'requirements.txt': 'pyramid==2.0.2\n',
        Makefile: 'seed:\n\tpython3 -m shop.seed\n',
        'shop/__init__.py': '',
        'shop/seed.py': 'if __name__ == "__main__":\n    print("seeded")\n',
        'shop/app.py': 'def create(global_config, **settings):\n    return None\n',
        'conf/supervisord.conf': '[program:web]\ncommand=gunicorn --paste conf/prod.ini\n',
        'conf/prod.ini': '[app:main]\nuse = call:shop.app:create\n',
      }),
    ).liveness;
    expect(l.isLive('shop/seed.py')).toBe(true);
    expect(l.isLive('shop/app.py')).toBe(true);
  });
});
