import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The npm package that ships the `readiness` command (the name `readiness` belongs to an unrelated package). */
export const PACKAGE_NAME = 'readiness-audit';

function readVersion(): string {
  // dist/src/version.js and src/version.ts both sit two levels below package.json.
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      const pkg = require(rel) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && pkg.version) return pkg.version;
    } catch {
      /* try the next location */
    }
  }
  return '0.0.0';
}

export const TOOL_VERSION = readVersion();
