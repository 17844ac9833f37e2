// The README shows what the tool really does: its CI example is the workflow `init --ci github` writes.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { githubWorkflow } from '../../src/commands/init.js';
import { ROOT } from '../helpers.js';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The fenced code blocks of a language whose text contains `marker`. */
function blocks(lang: string, marker: string): string[] {
  return [...README.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))]
    .map((m) => m[1]!)
    .filter((b) => b.includes(marker));
}

describe('README', () => {
  it('its GitHub workflow is the one init writes, pinned to this version of readiness-audit', () => {
    const [block] = blocks('yaml', '.github/workflows/readiness.yml');
    expect(YAML.parse(block!)).toEqual(YAML.parse(githubWorkflow(60)));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('readiness-audit');
    expect(pkg.bin).toEqual({ readiness: 'bin/readiness.js' });
    expect(block).toContain(`npx -y -p readiness-audit@${pkg.version} readiness audit`);
  });
});
