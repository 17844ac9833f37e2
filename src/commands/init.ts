import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { CONFIG_FILE_NAMES, findConfig } from '../config/load.js';
import { resolveTarget } from '../history/resolve.js';
import { PACKAGE_NAME, TOOL_VERSION } from '../version.js';
import type { Component } from '../sdk/index.js';
import { repositoryComponents } from '../pipeline/components.js';
import { writeOutputFile, type CommandIO } from './io.js';

export type CiKind = 'github' | 'gitlab';
export const CI_KINDS: readonly CiKind[] = ['github', 'gitlab'];
export const DEFAULT_MIN_SCORE = 60;

export const CI_FILES: Record<CiKind, string> = {
  github: '.github/workflows/readiness.yml',
  gitlab: '.gitlab-ci.readiness.yml',
};

/**
 * The audit command a generated workflow runs: the package pinned to this version (never whatever `readiness` means on
 * the registry today), its `readiness` command. README documents the same line.
 */
export function ciAuditCommand(minScore: number, version = TOOL_VERSION): string {
  return `npx -y -p ${PACKAGE_NAME}@${version} readiness audit --min-score ${minScore} --no-history -f text -f sarif:readiness.sarif`;
}

/** What the config template says of each component found (`readiness components`). */
export type TemplateComponent = Pick<Component, 'id' | 'path' | 'target' | 'deployed' | 'why'>;

/**
 * The `components:` section of the template: with several components, each one found (id, folder, what deploys it),
 * commented out so detection stays in charge until the user corrects it; otherwise a commented example.
 */
function componentsSection(components: readonly TemplateComponent[]): string {
  const head = `# Components: the deployable units the audit judges one by one (\`readiness components\` lists them and why).
# Keyed by id or folder: \`name\` renames one, \`deployed: true|false\` marks what ships, \`exclude: true\` leaves it out,
# \`merge: [ids]\` makes others part of it, \`target\` says where it runs (kubernetes, compose, paas, serverless, vm,
# \`container-service\`). A folder no component has becomes one.
`;
  if (components.length < 2)
    return `${head}# components:
#   services/api:
#     name: api
#     target: kubernetes
`;
  const deployed = components.filter((c) => c.deployed).length;
  const lines = components.flatMap((c) => [
    `#   ${c.id}:${' '.repeat(Math.max(1, 28 - c.id.length))}# ${c.path} — ${c.why}`,
    `#     deployed: ${c.deployed}`,
    ...(c.target !== 'unknown' ? [`#     target: ${c.target}`] : []),
  ]);
  return `${head}# This repository has ${components.length} components (${deployed} deployed, ${components.length - deployed} only present):
# components:
${lines.join('\n')}
`;
}

/** A commented default `.readiness.yml`: every key the config accepts, the optional ones commented out. */
export function configTemplate(minScore: number, components: readonly TemplateComponent[] = []): string {
  return `# readiness configuration: see "Configuration" in the readiness README.
# Validated on load; an unknown key, rule id, category or severity is an error that names the nearest one.

# Exit 1 when the overall score (0-100) is below this. The --min-score flag wins.
minScore: ${minScore}

# Exit 1 when the readiness level is below this: 0-3, or prototype, deployable, production, scale.
# minLevel: deployable

# Exit 1 when a category scores below its minimum (ids: container, deploy, config, deps, data, api, security,
# observability, resilience, testing, ci, docs, code).
# thresholds:
#   security: 80

# Exit 1 when any open (unwaived) gap has one of these severities: critical, high, medium, low.
# failOn: [critical]

# Accepted gaps: still shown (as waived), not scored and not gating until they expire. A reason is required;
# expires is the last day (UTC) the waiver holds; paths (globs) limit it to gaps whose evidence all matches.
# waivers:
#   - rule: container.dockerfile
#     reason: deployed as a managed function; the platform builds the image
#     expires: 2026-12-31

# Globs left out of the audit, on top of the defaults (vendored code, build output, fixtures ...).
# ignore:
#   - legacy/**

# Per-rule settings: off, or a severity override.
# rules:
#   deploy.k8s: off
#   api.docs:
#     severity: high

# Checks of your own, declared as data (nothing in them runs): see "Custom checks and rule packs" in the README.
# checks:
#   - id: acme.codeowners                # <your namespace>.<name>, never a built-in one
#     title: CODEOWNERS names the owners
#     category: docs
#     level: 2
#     severity: low
#     docs: {why: "every change is reviewed by the team that owns it", fix: ["Add .github/CODEOWNERS"]}
#     assert: {file_exists: [.github/CODEOWNERS, CODEOWNERS]}

# Shared profiles applied first (your organisation's thresholds, rules, checks, waivers): paths or packages.
# extends:
#   - ./ci/readiness-base.yml
#   - "@acme/readiness-profile"

# Rule packs (code) this repository asks for: a repository cannot make readiness run code, so they load only when
# \`--rules\`, \`trust:\` in the user's own config or READINESS_TRUST names them; otherwise readiness says which it skipped.
# plugins:
#   - readiness-rules-acme

${componentsSection(components)}`;
}

export function githubWorkflow(minScore: number): string {
  return `# Production-readiness audit: fails the build below the threshold and uploads the gaps to code scanning.
name: readiness

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read
  security-events: write

jobs:
  readiness:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Audit production readiness
        run: ${ciAuditCommand(minScore)}
      - name: Upload SARIF to code scanning
        if: \${{ always() && hashFiles('readiness.sarif') != '' }}
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: readiness.sarif
          category: readiness
`;
}

export function gitlabSnippet(minScore: number): string {
  return `# Production-readiness audit. Include it from .gitlab-ci.yml:
#   include:
#     - local: .gitlab-ci.readiness.yml
readiness:
  stage: test
  image: node:20
  script:
    - ${ciAuditCommand(minScore)} -f junit:readiness.xml -f markdown:readiness.md
  artifacts:
    when: always
    reports:
      junit: readiness.xml
    paths:
      - readiness.sarif
      - readiness.md
`;
}

export interface InitOptions {
  yes?: boolean;
  force?: boolean;
  ci?: string;
  minScore?: number;
  /** Whether prompts may be shown (stdin and stdout are terminals, not CI). */
  interactive?: boolean;
}

/** The questions asked on a terminal; injectable for tests. */
export interface InitPrompts {
  minScore(def: number): Promise<number>;
  ci(): Promise<CiKind | undefined>;
}

async function inquirerPrompts(): Promise<InitPrompts> {
  const { input, select } = await import('@inquirer/prompts');
  return {
    async minScore(def) {
      const v = await input({
        message: 'Minimum score for CI to pass (0-100)',
        default: String(def),
        validate: (s) => (/^\d+$/.test(s.trim()) && Number(s) <= 100 ? true : 'a whole number from 0 to 100'),
      });
      return Number(v.trim());
    },
    async ci() {
      return select<CiKind | undefined>({
        message: 'Add a CI workflow that runs the audit?',
        choices: [
          { name: 'GitHub Actions (.github/workflows/readiness.yml, uploads SARIF)', value: 'github' },
          { name: 'GitLab CI (.gitlab-ci.readiness.yml)', value: 'gitlab' },
          { name: 'No', value: undefined },
        ],
      });
    },
  };
}

function parseCi(v: string | undefined): CiKind | undefined {
  if (v === undefined) return undefined;
  const k = v.trim().toLowerCase();
  if (!(CI_KINDS as readonly string[]).includes(k))
    throw new UserError(`--ci must be one of ${CI_KINDS.join(', ')}, got "${v}"`);
  return k as CiKind;
}

/**
 * The repository's components as the audit finds them (an existing config being replaced applies when it is valid).
 * The template is written without them when that fails: they only annotate it.
 */
async function foundComponents(root: string): Promise<TemplateComponent[]> {
  try {
    return (await repositoryComponents({ dir: root })).components;
  } catch {
    return [];
  }
}

/**
 * `readiness init [dir]`: writes a commented `.readiness.yml` and, with `--ci`, a CI workflow. Never overwrites a file
 * without `--force`; with `--ci`, an existing config is kept and only the workflow is written.
 */
export async function initCommand(
  dir: string,
  opts: InitOptions,
  io: CommandIO,
  prompts?: InitPrompts,
): Promise<number> {
  const root = resolveTarget(dir);
  let ci = parseCi(opts.ci);
  let minScore = opts.minScore ?? DEFAULT_MIN_SCORE;

  const existing = findConfig(root);
  const writeConfig = !existing || opts.force || ci === undefined;
  if (existing && !opts.force && ci === undefined) {
    throw new UserError(
      `${path.relative(process.cwd(), existing) || existing} already exists; use --force to overwrite it (or --ci github|gitlab to add only a workflow)`,
    );
  }
  if (ci && !opts.force) {
    const wf = path.join(root, CI_FILES[ci]);
    if (fs.existsSync(wf)) throw new UserError(`${CI_FILES[ci]} already exists; use --force to overwrite it`);
  }

  if (opts.interactive && !opts.yes) {
    const p = prompts ?? (await inquirerPrompts());
    try {
      if (opts.minScore === undefined) minScore = await p.minScore(minScore);
      if (ci === undefined) ci = await p.ci();
    } catch (e) {
      const name = (e as Error)?.name;
      if (name === 'ExitPromptError' || name === 'AbortPromptError') return 130;
      throw e;
    }
    if (ci && !opts.force && fs.existsSync(path.join(root, CI_FILES[ci])))
      throw new UserError(`${CI_FILES[ci]} already exists; use --force to overwrite it`);
  }

  const written: string[] = [];
  const write = (rel: string, text: string) => {
    writeOutputFile(path.join(root, rel), text);
    written.push(rel);
  };
  // The components the audit will judge, for the config's components: section (found the way `readiness components`
  // finds them, without the config being replaced).
  const components = writeConfig ? await foundComponents(root) : [];
  if (writeConfig)
    write(existing ? path.relative(root, existing) : CONFIG_FILE_NAMES[0]!, configTemplate(minScore, components));
  if (ci === 'github') write(CI_FILES.github, githubWorkflow(minScore));
  if (ci === 'gitlab') write(CI_FILES.gitlab, gitlabSnippet(minScore));

  for (const rel of written) io.stdout(`${io.style.green('wrote')} ${rel}\n`);
  if (components.length > 1)
    io.stdout(
      io.style.dim(
        `${components.length} components found (${components.map((c) => c.id).join(', ')}): each is audited on its own; correct them under components: in the config\n`,
      ),
    );
  if (existing && !writeConfig) io.stdout(io.style.dim(`kept ${path.relative(root, existing)}\n`));
  io.stdout(io.style.dim(`next: readiness audit ${dir === '.' ? '' : `${dir} `}--min-score ${minScore}\n`));
  return 0;
}
