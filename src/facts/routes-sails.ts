// Sails.js: routes are keys of `module.exports.routes` in config/routes.js (`'GET /api/boards/:id': 'boards/show'`),
// and policies (config/policies.js) run before the actions they map, by file name, without any registration in code.
import type { RepoIndex } from '../repo/index.js';
import type { ManifestFacts } from './manifests.js';
import type { ServiceMiddleware, ServiceRoute } from './service.js';

/** The folders of the Sails applications in the repository (where package.json declares `sails` beside config/routes.js). */
export function sailsRoots(repo: RepoIndex, manifests: ManifestFacts): string[] {
  if (!manifests.declared('node', 'sails')) return [];
  // Liveness and the service model both ask: read the manifests once per view.
  return repo.memo('sails:roots', () => findSailsRoots(repo));
}

function findSailsRoots(repo: RepoIndex): string[] {
  const roots: string[] = [];
  for (const f of repo.byName(/^package\.json$/)) {
    if (f.isTest) continue;
    const pkg = repo.json(f.path) as { dependencies?: Record<string, unknown> } | undefined;
    if (!pkg?.dependencies?.sails) continue;
    const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/') + 1) : '';
    if (repo.has(`${dir}config/routes.js`) || repo.has(`${dir}.sailsrc`)) roots.push(dir);
  }
  return roots;
}

const ROUTE_KEY = /^\s*['"`](?:(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ALL)\s+)?(\/[^'"`\s]*)['"`]\s*:\s*(.*)$/i;

/** Routes of config/routes.js and the policies config/policies.js maps to every action (`'*'`). */
export function sailsServiceModel(
  repo: RepoIndex,
  roots: readonly string[],
): { routes: ServiceRoute[]; middleware: ServiceMiddleware[] } {
  const routes: ServiceRoute[] = [];
  const middleware: ServiceMiddleware[] = [];
  for (const dir of roots) {
    const file = `${dir}config/routes.js`;
    const lines = repo.lines(file);
    lines.forEach((l, i) => {
      const m = ROUTE_KEY.exec(l);
      if (!m) return;
      const method = (m[1] ?? 'ANY').toUpperCase();
      const target =
        /^['"`]([\w./-]+)['"`]/.exec(m[3] ?? '')?.[1] ?? /\baction\s*:\s*['"`]([\w./-]+)/.exec(m[3] ?? '')?.[1];
      const page = /\bview\s*:/.test(m[3] ?? '');
      routes.push({
        method: method === 'ALL' ? 'ANY' : method,
        path: m[2]!,
        fullPath: m[2]!,
        file,
        line: i + 1,
        framework: 'sails',
        reached: true,
        ...(target ? { handler: target } : {}),
        ...(page ? { page: true } : {}),
      });
    });
    const policies = `${dir}config/policies.js`;
    repo.lines(policies).forEach((l, i) => {
      const m = /^\s*['"]\*['"]\s*:\s*(.*)$/.exec(l);
      if (!m) return;
      for (const name of m[1]!.matchAll(/['"]([\w-]+)['"]/g))
        middleware.push({ name: name[1]!, file: policies, line: i + 1, text: l.trim(), reached: true });
    });
  }
  return { routes, middleware };
}
