import { type ZodType, z } from 'zod';
import type { RuleMeta } from '../sdk/types.js';
import { PACKAGE_NAME, TOOL_VERSION } from '../version.js';

/**
 * Rule documentation pages (`docs/rules/<id>.md`), generated from each rule's metadata so they cannot drift from
 * what the rule does, as ESLint's rule pages are. Every finding of a built-in rule links to its page.
 */

/** Where the page of a built-in rule is published: the file inside the released package, pinned to its version. */
export function ruleDocsUrl(id: string, version: string = TOOL_VERSION): string {
  return `https://unpkg.com/${PACKAGE_NAME}@${version}/docs/rules/${id}.md`;
}

/** A fixture case that shows the rule at work: `pass-fastapi-explicit` under `fixtures/<id>/`. */
export interface RuleExample {
  status: 'pass' | 'gap' | 'n/a';
  name: string;
}

export interface RuleDocInput {
  meta: RuleMeta;
  /** The catalog's statement of when the check passes and when it does not apply. */
  policy?: string;
  examples?: readonly RuleExample[];
}

/** Turns a fixture folder name into an example: `gap-cors-declared-unused` → gap, "cors declared unused". */
export function exampleFromCase(folder: string): RuleExample | undefined {
  const m = /^(pass|gap|na)-(.+)$/.exec(folder);
  if (!m) return undefined;
  return { status: m[1] === 'na' ? 'n/a' : (m[1] as 'pass' | 'gap'), name: m[2]!.replace(/-/g, ' ') };
}

const STATUS_HEADING: Record<RuleExample['status'], string> = {
  pass: 'Passes',
  gap: 'Reported as a gap',
  'n/a': 'Not applicable',
};

/** One rule's page, in Markdown. */
export function ruleDocMarkdown({ meta: m, policy, examples = [] }: RuleDocInput): string {
  const out: string[] = [
    `# ${m.id}: ${m.title}`,
    '',
    `Category \`${m.category}\` · level ${m.level} · severity ${m.severity} · fix effort ${m.docs.effort}`,
    '',
  ];
  if (policy) out.push('## When it passes', '', policy.trim(), '');
  out.push('## Why it matters', '', m.docs.why.trim(), '', '## How it is checked', '', m.docs.how.trim(), '');
  if (m.requires?.length)
    out.push(`Judged only when the project is: ${m.requires.map((r) => `\`${r}\``).join(', ')}; otherwise n/a.`, '');
  out.push('## How to fix', '', ...m.docs.fix.map((f) => `- ${f.trim()}`), '');
  const perTarget = Object.entries(m.docs.fixFor ?? {});
  if (perTarget.length) {
    out.push(
      'A component deployed to one of these targets is shown this advice instead:',
      '',
      ...perTarget.flatMap(([target, lines]) => [`- **${target}**`, ...(lines ?? []).map((f) => `  - ${f.trim()}`)]),
      '',
    );
  }
  const messages = Object.entries(m.messages);
  if (messages.length) {
    out.push('## Messages', '', '| id | message |', '| --- | --- |');
    for (const [id, text] of messages) out.push(`| \`${id}\` | ${cell(text)} |`);
    out.push('');
  }
  const options = optionRows(m);
  out.push('## Options', '');
  if (options.length) {
    out.push(
      `Set under \`rules.${m.id}.options\` in \`.readiness.yml\`; anything else is a config error.`,
      '',
      '| option | type | default | description |',
      '| --- | --- | --- | --- |',
      ...options,
      '',
    );
  } else out.push('None.', '');
  if (examples.length) {
    out.push('## Examples', '', `Each is a small project under \`fixtures/${m.id}/\` that the test suite audits.`, '');
    for (const status of ['pass', 'gap', 'n/a'] as const) {
      const names = examples.filter((e) => e.status === status).map((e) => e.name);
      if (names.length) out.push(`- ${STATUS_HEADING[status]}: ${names.join('; ')}.`);
    }
    out.push('');
  }
  if (m.claims?.length) {
    const named = m.claims.filter((c) => !c.startsWith('!'));
    if (named.length)
      out.push(
        '## In readiness documents',
        '',
        `\`readiness claims\` maps a document's line to this check when it names: ${named.map((c) => `"${c}"`).join(', ')}.`,
        '',
      );
  }
  if (m.docs.links?.length) out.push('## See also', '', ...m.docs.links.map((l) => `- <${l}>`), '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** The index page: every rule by category. */
export function ruleDocsIndex(metas: readonly RuleMeta[]): string {
  const out = [
    '# Rules',
    '',
    'One page per check, generated from the rules themselves (`npm run docs:rules`); `readiness rules <id>` prints the',
    'same page in a terminal.',
    '',
  ];
  const byCategory = new Map<string, RuleMeta[]>();
  for (const m of [...metas].sort((a, b) => a.id.localeCompare(b.id)))
    byCategory.set(m.category, [...(byCategory.get(m.category) ?? []), m]);
  for (const [category, list] of [...byCategory].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`## ${category}`, '', '| rule | level | severity | title |', '| --- | --- | --- | --- |');
    for (const m of list) out.push(`| [${m.id}](${m.id}.md) | ${m.level} | ${m.severity} | ${cell(m.title)} |`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

interface JsonSchemaProp {
  type?: string | string[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
}

/** A rule's options schema as JSON Schema: what `readiness rules --json` prints, the pages and config errors read. */
export function optionsJsonSchema(schema: ZodType): { properties?: Record<string, JsonSchemaProp> } {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaProp>;
  };
}

function optionRows(m: RuleMeta): string[] {
  if (!m.options) return [];
  return Object.entries(optionsJsonSchema(m.options).properties ?? {}).map(([name, p]) => {
    const range =
      p.minimum !== undefined || p.maximum !== undefined ? ` (${p.minimum ?? '…'}–${p.maximum ?? '…'})` : '';
    const type = p.enum
      ? p.enum.map((v) => JSON.stringify(v)).join(' \\| ')
      : `${[p.type ?? 'any'].flat().join(' \\| ')}`;
    const def = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
    return `| \`${name}\` | ${type}${range} | ${def} | ${cell(p.description ?? '')} |`;
  });
}
