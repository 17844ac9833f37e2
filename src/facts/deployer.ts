import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';

/**
 * A Deployer recipe (deploy.php, deploy.yaml): PHP's deploy tool builds each release on the hosts from the repository
 * into releases/<n>, points `current` at it and keeps the earlier ones for `dep rollback`.
 */
export interface DeployerRecipe {
  path: string;
  line: number;
  /** The hosts it lists (`host('prod')`, yaml `hosts:`, or a v6 inventory file); staging and test hosts are marked. */
  hosts: { name: string; line: number; staging: boolean }[];
  /** The inventory file it reads its hosts from (`inventory('hosts.yml')`) when the repository does not hold it. */
  unheldInventory?: { path: string; line: number };
  /** Its tasks run Docker on the hosts (`docker compose up`): the image, not the source, is what runs there. */
  runsDocker: boolean;
}

const RECIPE_NAME = /^deploy\.(?:php|ya?ml)$/;
const PHP_RECIPE = /^\s*namespace\s+Deployer\s*;|^\s*require(?:_once)?\s*\(?\s*['"]recipe\/[\w/.-]+\.php['"]/m;
const YAML_RECIPE = /^import\s*:[^\n]*(?:\n[ \t]+-[^\n]*)*\brecipe\/[\w/.-]+\.php/m;
/** `host('a')`, `host('a', 'b')`: the aliases up to the closing parenthesis. */
const HOST_CALL = /\bhost\s*\(\s*((?:['"][^'"\n]+['"]\s*(?:,\s*)?)+)\)/g;
const V6_INVENTORY = /\binventory\s*\(\s*['"]([\w./-]+\.ya?ml)['"]\s*\)/;
/** A host for trying releases out, by its alias, hostname or stage label (the `stage` key itself aside). */
const STAGING =
  /(?:^|[^a-z])(?:stag\w*|stg|dev\w*|test\w*|local\w*|qa|uat|pre-?prod\w*|review|demo|sandbox|beta|alpha)(?:[^a-z]|$)/i;
const STAGE_KEY = /\bstage['"]?\s*(?:=>|:|\()/gi;
const staging = (text: string): boolean => STAGING.test(text.replace(STAGE_KEY, ' '));
const RUNS_DOCKER = /\bdocker(?:-compose|\s+(?:compose|build|run|pull|stack|service))\b/;

export function deployerRecipe(repo: RepoIndex): DeployerRecipe | undefined {
  return repo.memo('deployer:recipe', () => {
    for (const f of repo.byName(RECIPE_NAME)) {
      if (f.isTest || f.tooLarge || f.path.includes('vendor/')) continue;
      const text = repo.read(f.path) ?? '';
      const php = f.path.endsWith('.php');
      const marker = (php ? PHP_RECIPE : YAML_RECIPE).exec(text);
      if (!marker) continue;
      const lineAt = (index: number) => text.slice(0, index).split('\n').length;
      const inventory = php ? V6_INVENTORY.exec(text) : null;
      const inventoryPath = inventory && path.posix.join(path.posix.dirname(f.path), inventory[1]!);
      const hosts = php
        ? phpHosts(text, lineAt)
        : yamlHosts(repo.yaml(f.path), lineAt(Math.max(text.search(/^hosts\s*:/m), 0)));
      if (!hosts.length && inventoryPath && repo.has(inventoryPath))
        hosts.push(...yamlHosts(repo.yaml(inventoryPath), 1));
      return {
        path: f.path,
        line: lineAt(marker.index + marker[0].search(/\S/)),
        hosts,
        ...(!hosts.length && inventoryPath && !repo.has(inventoryPath)
          ? { unheldInventory: { path: inventoryPath, line: lineAt(inventory!.index) } }
          : {}),
        runsDocker: RUNS_DOCKER.test(text),
      };
    }
    return undefined;
  });
}

function phpHosts(text: string, lineAt: (index: number) => number): DeployerRecipe['hosts'] {
  const hosts: DeployerRecipe['hosts'] = [];
  for (const m of text.matchAll(HOST_CALL)) {
    // The call's chain up to its statement's end: `->stage('staging')`, `->set('labels', ['stage' => 'stg'])`.
    const end = text.indexOf(';', m.index);
    const chain = text.slice(m.index, end < 0 ? undefined : end);
    for (const alias of m[1]!.matchAll(/['"]([^'"\n]+)['"]/g))
      hosts.push({ name: alias[1]!, line: lineAt(m.index), staging: staging(chain) });
  }
  return hosts;
}

/** The hosts of a yaml recipe's `hosts:` map, or of a v6 inventory file (a map of hosts at its top). */
function yamlHosts(doc: unknown, line: number): DeployerRecipe['hosts'] {
  const root = doc && typeof doc === 'object' ? (doc as Record<string, unknown>) : {};
  const map = 'hosts' in root ? root.hosts : root;
  if (!map || typeof map !== 'object' || Array.isArray(map)) return [];
  return Object.entries(map as Record<string, unknown>)
    .filter(([name]) => !name.startsWith('.'))
    .map(([name, config]) => ({
      name,
      line,
      staging: staging(`${name} ${JSON.stringify(config ?? '')}`),
    }));
}
