import type { Component } from '../sdk/index.js';
import { repositoryComponents } from '../pipeline/components.js';
import type { CommandIO } from './io.js';

/** What `readiness components --json` prints for each component. */
export function componentJson(c: Component) {
  return {
    id: c.id,
    path: c.path,
    kind: c.kind,
    stack: c.stack,
    target: c.target,
    deployed: c.deployed,
    why: c.why,
    declared: c.declared,
    deployedBy: c.deployedBy,
    images: c.images,
    dockerfiles: c.dockerfiles,
    mounts: c.mounts,
    excludes: c.excludes,
    ...(c.leftOut ? { leftOut: c.leftOut } : {}),
  };
}

/** `readiness components [dir]`: the deployable units of a repository, deployed or only present, and why. */
export async function componentsCommand(
  dir: string,
  opts: { json?: boolean; config?: string },
  io: CommandIO,
): Promise<number> {
  const { components } = await repositoryComponents({ dir, configPath: opts.config });
  if (opts.json) {
    io.stdout(`${JSON.stringify(components.map(componentJson), null, 2)}\n`);
    return 0;
  }
  const cols: [string, (c: Component) => string][] = [
    ['ID', (c) => c.id],
    ['PATH', (c) => c.path],
    ['KIND', (c) => c.kind],
    ['STACK', (c) => c.stack],
    ['TARGET', (c) => c.target],
    ['DEPLOYED', (c) => (c.deployed ? 'yes' : 'no (only present)')],
  ];
  const widths = cols.map(([h, f]) => Math.max(h.length, ...components.map((c) => f(c).length)));
  const row = (cells: string[]) => cells.map((x, i) => (i < cells.length - 1 ? x.padEnd(widths[i]!) : x)).join('  ');
  io.stdout(`${io.style.bold(row(cols.map(([h]) => h)))}\n`);
  for (const c of components) {
    io.stdout(`${row(cols.map(([, f]) => f(c)))}\n`);
    io.stdout(`${io.style.dim(`  ${c.why}`)}\n`);
    for (const x of c.leftOut ?? [])
      io.stdout(`${io.style.dim(`  leaves out ${x.note} (${x.path}${x.line ? `:${x.line}` : ''})`)}\n`);
  }
  const deployed = components.filter((c) => c.deployed).length;
  io.stdout(
    io.style.dim(
      `${components.length} component${components.length === 1 ? '' : 's'}, ${deployed} deployed${components.length - deployed ? `, ${components.length - deployed} only present` : ''}\n`,
    ),
  );
  return 0;
}
