import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';

/** A condition that reads configuration: `app.config.get(...)`, `settings.X`, `os.environ.get(...)`, `getenv(...)`. */
const READS_CONFIG = /\b(?:config|settings|environ|getenv|conf|cfg|options)\b/i;
/** A default that switches it on when nothing is configured: `.get("X", True)`, `getenv("X", "true")`. */
const DEFAULT_ON = /,\s*(?:True|1|["'](?:true|1|yes|on)["'])\s*\)/i;

export interface OptInSwitch {
  path: string;
  /** The line of the `if`. */
  line: number;
  /** The condition as written. */
  cond: string;
}

/**
 * Python: the `if` directly around the line when it tests a configuration value that is off unless set
 * (`if app.config.get("ENABLE_CSP", False):`, or a name the module assigns from one: `enabled =
 * os.getenv("ENABLE_X", "False") == "true"` then `if enabled:`): the code runs only where an operator switches it on.
 */
export function pythonOptInSwitch(repo: RepoIndex, path: string, line: number): OptInSwitch | undefined {
  if (repo.get(path)?.language !== 'python') return undefined;
  const lines = repo.lines(path);
  const indent = (l: string) => /^\s*/.exec(l)![0].length;
  const own = indent(lines[line - 1] ?? '');
  for (let i = line - 2; i >= 0; i--) {
    const l = lines[i]!;
    if (!l.trim() || /^\s*#/.test(l) || indent(l) >= own) continue;
    const cond = /^\s*(?:el)?if\s+(.+?):\s*(?:#.*)?$/.exec(l)?.[1]?.trim();
    if (!cond || /^not\b/.test(cond)) return undefined;
    const assigned = /^\w+$/.test(cond) ? moduleValue(lines, cond) : undefined;
    const value = assigned ?? cond;
    if (!READS_CONFIG.test(value) || DEFAULT_ON.test(value)) return undefined;
    return { path, line: i + 1, cond };
  }
  return undefined;
}

/** What a module-level assignment gives the name (`name = …` at the start of a line), the last one written. */
function moduleValue(lines: string[], name: string): string | undefined {
  const assign = new RegExp(`^${escapeRegExp(name)}\\s*(?::[^=]*)?=(?!=)\\s*(.+)$`);
  let value: string | undefined;
  for (const l of lines) value = assign.exec(l)?.[1] ?? value;
  return value;
}
