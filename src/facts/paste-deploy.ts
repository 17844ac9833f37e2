import type { RepoIndex } from '../repo/index.js';

/**
 * The application modules a PasteDeploy file serves (`gunicorn --paste production.ini`, `pserve app.ini`, uWSGI's
 * `--ini-paste`): each `[app:…]` section's `use = call:pkg.app:create_app`, its `paste.app_factory = pkg:main`, or
 * `use = egg:pkg` (the distribution's `paste.app_factory` entry point named after `#`, `main` by default, else the
 * package itself).
 */
export function pasteApps(repo: RepoIndex, ini: string): { module: string; object?: string; line: number }[] {
  const out: { module: string; object?: string; line: number }[] = [];
  let inApp = false;
  repo.lines(ini).forEach((l, i) => {
    const section = /^\s*\[([^\]]+)\]/.exec(l);
    if (section) {
      inApp = /^app:/.test(section[1]!.trim());
      return;
    }
    if (!inApp) return;
    const call = /^\s*(?:use\s*[=:]\s*call:|paste\.app_factory\s*[=:]\s*)([\w.]+):(\w+)\s*$/.exec(l);
    if (call) {
      out.push({ module: call[1]!, object: call[2]!, line: i + 1 });
      return;
    }
    const egg = /^\s*use\s*[=:]\s*egg:([\w.-]+)(?:#(\w+))?\s*$/.exec(l);
    if (egg) out.push({ ...eggFactory(repo, egg[1]!, egg[2] ?? 'main'), line: i + 1 });
  });
  return out;
}

/** The `paste.app_factory` entry point `name` a distribution declares (setup.py, setup.cfg, pyproject.toml). */
function eggFactory(repo: RepoIndex, dist: string, name: string): { module: string; object?: string } {
  for (const f of ['setup.py', 'setup.cfg', 'pyproject.toml']) {
    const text = repo.read(f) ?? '';
    const at = text.indexOf('paste.app_factory');
    if (at < 0) continue;
    const entry = new RegExp(`\\b${name}\\s*=\\s*([\\w.]+):(\\w+)`).exec(text.slice(at, at + 400));
    if (entry) return { module: entry[1]!, object: entry[2]! };
  }
  return { module: dist.replace(/-/g, '_').toLowerCase() };
}

/** The PasteDeploy file a command line serves: `--paste F`, `--ini-paste F`, `--paste config:F`, `pserve F`. */
export function pasteFileOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const opt = /^--(?:paste|ini-paste)(?:=(.+))?$/.exec(a);
    const value = opt
      ? (opt[1] ?? argv[i + 1])
      : /(?:^|\/)pserve$/.test(a)
        ? argv.slice(i + 1).find((x) => !x.startsWith('-'))
        : undefined;
    if (value && !/\$/.test(value) && /\.ini$/.test(value)) return value.replace(/^config:/, '');
  }
  return undefined;
}
