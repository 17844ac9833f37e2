import path from 'node:path';
import picomatch from 'picomatch';
import { isProgramSource } from '../repo/classify.js';
import type { RepoIndex } from '../repo/index.js';
import { lineCounter } from '../repo/lines.js';
import { ctestCommands, gradleChecksRun, mavenChecksRun } from './build-lifecycle.js';
import {
  BAKE_ACTION,
  BAKE_INVOCATION,
  BUILD_PUSH_ACTION,
  bakeActionTargets,
  bakeBuilds,
  bakeCommandArgs,
  bakeFiles,
} from './bake.js';
import { bracketBody } from './code-scan.js';
import { type DockerStage, imageStartCommand, parsedDockerfile, words } from './dockerfiles.js';
import { escapeRegExp } from '../repo/text.js';

export type CiSystem =
  | 'github-actions'
  | 'gitlab-ci'
  | 'circleci'
  | 'jenkins'
  | 'azure-pipelines'
  | 'travis'
  | 'bitbucket-pipelines'
  | 'drone'
  | 'buildkite'
  | 'woodpecker'
  | 'semaphore'
  | 'concourse'
  | 'codebuild';

/**
 * When a step runs: `active` on ordinary pushes/merge requests; `limited` only sometimes or without blocking
 * (path filters, odd branches, schedule, allow_failure); `manual` only when someone triggers it; `disabled` never
 * (`if: false`, a hidden GitLab job nobody extends, a commented-out step).
 */
export type CiState = 'active' | 'limited' | 'manual' | 'disabled';

export interface CiStep {
  /** Shell command(s) run by the step, when it runs any. */
  run?: string;
  /** A reusable action / orb / template / task / image the step uses (GitHub `uses:`). */
  uses?: string;
  name?: string;
  /** The step's `id:` (GitHub Actions), which later steps name in `steps.<id>.outputs`. */
  id?: string;
  job?: string;
  line: number;
  /** Set when the step does not run on every change; `note` says why. */
  state?: CiState;
  /** A pipeline defined outside this repository (GitLab project/remote include, another repo's reusable workflow, a CircleCI orb). */
  external?: boolean;
  /** The inputs of a GitHub action (`with:`). */
  with?: Record<string, unknown>;
  /**
   * The inputs once per row of the job's matrix, when they read it (`file: ${{ matrix.dockerfile }}` builds one image
   * per row): each row's `with:` with its `${{ matrix.x }}` values put in place.
   */
  withRows?: Record<string, unknown>[];
  /**
   * The folder the step works in, as written: `working-directory` of the step or of the job's `defaults.run`, or an
   * action's working-directory input (`workingDirectory`, `working-directory`, `cwd`). What it deploys lives there.
   */
  workdir?: string;
  note?: string;
}

export interface CiConfig {
  system: CiSystem;
  path: string;
  /**
   * The forge whose runner reads a workflow of the GitHub Actions format kept in its own folder (`.forgejo/workflows/`,
   * `.gitea/workflows/`): the pipeline is named for it, not for GitHub.
   */
  forge?: 'forgejo-actions' | 'gitea-actions';
  steps: CiStep[];
  /** Set when the file is not valid YAML (the CI system would reject it); its steps are then disabled. */
  parseError?: string;
  /** Workflow-level trigger limitation (GitHub Actions `on:`), applied to all its steps. */
  state?: CiState;
  stateNote?: string;
  stateLine?: number;
  /** Jobs with what gates them (deployment environments, manual starts, tag-only runs). */
  jobs?: CiJob[];
  /** GitHub `workflow_dispatch` inputs of type choice that the workflow reads (`${{ inputs.service }}`). */
  choices?: CiChoice[];
}

/** A choice someone makes when starting a workflow by hand: the input's name and its options, each with its line. */
export interface CiChoice {
  input: string;
  line: number;
  options: { value: string; line: number }[];
}

/** What a deploy job's gate is: where it runs only by someone's action or for a release. */
export interface CiGate {
  line: number;
  note: string;
  /** The file the gate is written in, when not the job's own (the caller of a reusable workflow). */
  path?: string;
}

export interface CiJob {
  name: string;
  line: number;
  /** The deployment environment the job declares (GitHub/GitLab/Azure `environment`, Bitbucket `deployment`). */
  environment?: { name: string; line: number };
  /** Runs only when someone starts or approves it (workflow_dispatch only, when: manual, an approval job, input). */
  manual?: CiGate;
  /** Runs only for tags or releases. */
  tags?: CiGate;
  /** Runs only on these branches (push filters, GitLab only/rules), when written. */
  branches?: string[];
  /** The job it runs under a name of its own (CircleCI's `- cdk_deploy: { name: "Production: CDK Deploy" }`). */
  runs?: string;
}

export type CiCheckKind = 'tests' | 'security' | 'lint';

/** A CI step recognised as running tests, a security scan or a linter. */
export interface CiMatch {
  kind: CiCheckKind;
  tool: string;
  system: CiSystem;
  path: string;
  line: number;
  /** `high` when the command itself names the tool; `low` when only a script/target name suggests it. */
  confidence: 'high' | 'low';
  state: CiState;
  /** Human explanation: how the tool was found and any limitation. */
  note: string;
  /** Why it does not run on every change (set unless `active`). */
  limitation?: string;
}

export interface CiFacts {
  configs: CiConfig[];
  steps: (CiStep & { path: string })[];
  tests: CiMatch[];
  security: CiMatch[];
  lint: CiMatch[];
}

/** An AWS CodeBuild build specification (`buildspec.yml`, `apps/api/buildspec.prod.yml`). */
export const CODEBUILD_SPEC = /(?:^|\/)buildspec(?:[.-][\w.-]+)?\.ya?ml$/;

/**
 * The workflow files of GitHub Actions and of the forges that run the same format: Forgejo Actions reads
 * `.forgejo/workflows/`, Gitea Actions `.gitea/workflows/` (a project hosted on Codeberg or its own Forgejo keeps its
 * pipeline there, and a GitHub mirror of it carries the folder).
 */
export const ACTIONS_WORKFLOW = /^\.(?:github|forgejo|gitea)\/workflows\/[^/]+\.ya?ml$/;
export const ACTIONS_WORKFLOW_GLOBS = ['.{github,forgejo,gitea}/workflows/*.{yml,yaml}'];

const LOCATIONS: [RegExp, CiSystem][] = [
  [ACTIONS_WORKFLOW, 'github-actions'],
  [/^\.gitlab-ci\.ya?ml$|^\.gitlab\/ci\/.+\.ya?ml$/, 'gitlab-ci'],
  [/^\.circleci\/config\.ya?ml$/, 'circleci'],
  [/(^|\/)Jenkinsfile(\.[\w-]+)?$/, 'jenkins'],
  [/^(\.)?azure-pipelines(\.[\w-]+)?\.ya?ml$|^\.azure-pipelines\/.+\.ya?ml$/, 'azure-pipelines'],
  // Azure DevOps takes a pipeline's YAML from any path its definition names; Microsoft's repositories keep them in
  // `.pipelines/` (1ES), `eng/pipelines/` (the .NET engineering folder), `azure-pipelines/` or `.vsts-ci.yml`. Files
  // there count only when they read as a pipeline or template (AZURE_PIPELINE_SHAPE).
  [/^(?:\.pipelines|eng\/pipelines|azure-pipelines)\/.+\.ya?ml$|^\.vsts-[\w-]+\.ya?ml$/, 'azure-pipelines'],
  [/^\.travis\.ya?ml$/, 'travis'],
  [/^bitbucket-pipelines\.ya?ml$/, 'bitbucket-pipelines'],
  [/^\.drone\.ya?ml$/, 'drone'],
  [/^\.buildkite\/.+\.ya?ml$/, 'buildkite'],
  [/^\.woodpecker(\.ya?ml|\/.+\.ya?ml)$/, 'woodpecker'],
  // Semaphore: .semaphore/semaphore.yml is the pipeline a push runs; its promotions name the other files there.
  [/^\.semaphore\/[^/]+\.ya?ml$/, 'semaphore'],
  // AWS CodeBuild: a project runs the buildspec its settings name (buildspec.yml by default, anywhere in the source);
  // what starts it (a CodePipeline, a webhook) is set in AWS. Files there count only with the `phases:` of a buildspec.
  [CODEBUILD_SPEC, 'codebuild'],
];

/** Finds the 1-based line of a YAML scalar by searching for its first line in the file. */
function findLine(lines: string[], needle: string, from = 0): number {
  const first = needle
    .split('\n')
    .find((l) => l.trim())
    ?.trim();
  if (!first) return 1;
  const exact = (l: string): boolean => {
    const t = l
      .trim()
      .replace(/^-\s*/, '')
      .replace(/^[\w-]+\s*:\s*/, '')
      .replace(/^-\s*/, '')
      .replace(/^(['"])(.*)\1$/, '$2');
    return t === first;
  };
  for (let i = from; i < lines.length; i++) if (exact(lines[i]!) && !/^\s*#/.test(lines[i]!)) return i + 1;
  for (let i = from; i < lines.length; i++) if (lines[i]!.includes(first) && !/^\s*#/.test(lines[i]!)) return i + 1;
  for (let i = from; i < lines.length; i++) if (lines[i]!.includes(first)) return i + 1;
  return 1;
}

function keyLine(lines: string[], key: string, from = 0): number {
  const re = new RegExp(`^\\s*-?\\s*["']?${escapeRegExp(key)}["']?\\s*:`);
  for (let i = from; i < lines.length; i++) if (re.test(lines[i]!)) return i + 1;
  return 1;
}

const isFalse = (v: unknown): boolean =>
  v === false || (typeof v === 'string' && /^\s*(\$\{\{\s*)?false(\s*\}\})?\s*$/.test(v));

// ---------------------------------------------------------------- GitHub Actions

/** The `workflow_dispatch` choice inputs a workflow reads (`${{ inputs.x }}`, `github.event.inputs.x`). */
function githubChoices(on: unknown, lines: string[], text: string): CiChoice[] {
  const inputs = (on as { workflow_dispatch?: { inputs?: unknown } } | null)?.workflow_dispatch?.inputs;
  if (!inputs || typeof inputs !== 'object') return [];
  const out: CiChoice[] = [];
  for (const [input, def] of Object.entries(inputs as Record<string, { type?: unknown; options?: unknown }>)) {
    if (def?.type !== 'choice' || !Array.isArray(def.options)) continue;
    if (!new RegExp(`\\binputs\\.${escapeRegExp(input)}\\b`).test(text)) continue;
    const line = keyLine(lines, input);
    const options = def.options
      .filter((o): o is string | number => typeof o === 'string' || typeof o === 'number')
      .map((o) => {
        const re = new RegExp(`^\\s*-\\s*["']?${escapeRegExp(String(o))}["']?\\s*(#.*)?$`);
        const at = lines.findIndex((l, i) => i >= line && re.test(l));
        return { value: String(o), line: at < 0 ? line : at + 1 };
      });
    out.push({ input, line, options });
  }
  return out;
}

const COMMON_BRANCH =
  /^(main|master|develop|development|dev|trunk|stable|next|staging|production|prod|release.*|releases?\/.*|v\d.*)$|[*]/;

/** Top folders of a documentation site: a workflow need not run the service's checks when only they change. */
const DOCS_SITE_TOP = /^(docs?|website|documentation|book)\//;

/**
 * Whether a workflow's `paths:` filters take in all of the repository's program code outside its tests and docs site
 * (`code/backend/**` and `code/frontend/**` where every service file lives): such a filter skips no change that a lint
 * or a test could catch. Patterns are GitHub's globs; a later `!pattern` takes files out again.
 */
function pathsCoverCode(repo: RepoIndex, patterns: string[]): boolean {
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  if (!include.length) return false;
  const included = picomatch(include, { dot: true });
  const excluded = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
  let code = 0;
  for (const f of repo.files) {
    if (f.isTest || !isProgramSource(f) || DOCS_SITE_TOP.test(f.path)) continue;
    if (!included(f.path) || excluded(f.path)) return false;
    code++;
  }
  return code > 0;
}

function githubTrigger(
  on: unknown,
  lines: string[],
  repo: RepoIndex,
): Pick<CiConfig, 'state' | 'stateNote' | 'stateLine'> {
  const line = keyLine(lines, 'on');
  const events: Record<string, any> =
    typeof on === 'string'
      ? { [on]: null }
      : Array.isArray(on)
        ? Object.fromEntries(on.map((e) => [String(e), null]))
        : on && typeof on === 'object'
          ? (on as Record<string, any>)
          : {};
  const names = Object.keys(events);
  if (!names.length) return {};
  const change = names.filter((n) => ['push', 'pull_request', 'pull_request_target', 'merge_group'].includes(n));
  if (!change.length) {
    if (names.every((n) => ['workflow_dispatch', 'repository_dispatch'].includes(n))) {
      return {
        state: 'manual',
        stateNote: `runs only when triggered by hand (on: ${names.join(', ')})`,
        stateLine: line,
      };
    }
    if (names.includes('workflow_call')) return {};
    return {
      state: 'limited',
      stateNote: `runs only on ${names.join(', ')}, not on pushes or pull requests`,
      stateLine: line,
    };
  }
  const filters = change.map((n) => events[n] ?? {});
  const pathLists = filters.map((f) => (Array.isArray(f?.paths) ? (f.paths as unknown[]).map(String) : []));
  if (pathLists.every((l) => l.length) && !pathLists.every((l) => pathsCoverCode(repo, l))) {
    return {
      state: 'limited',
      stateNote: `runs only when these paths change: ${[...new Set(pathLists.flat())].join(', ')}`,
      stateLine: keyLine(lines, 'paths'),
    };
  }
  if (filters.every((f) => Array.isArray(f?.tags) && !f.branches)) {
    return {
      state: 'limited',
      stateNote: `runs only when tags are pushed (${[...new Set(filters.flatMap((f) => f.tags as string[]))].join(', ')})`,
      stateLine: keyLine(lines, 'tags'),
    };
  }
  const branchLists = filters
    .filter((f) => Array.isArray(f?.branches))
    .map((f) => (f.branches as unknown[]).map(String));
  if (branchLists.length === filters.length && branchLists.length) {
    const all = [...new Set(branchLists.flat())];
    if (!all.some((b) => COMMON_BRANCH.test(b))) {
      return {
        state: 'limited',
        stateNote: `runs only for branches ${all.join(', ')} (not main/master/develop)`,
        stateLine: keyLine(lines, 'branches'),
      };
    }
  }
  return {};
}

/**
 * A job's steps in order, with the steps of a `parallel:` group (GitHub Actions runs the steps listed under it side by
 * side: `- parallel: [ {run: just lint}, {run: just test} ]`) in its place.
 */
function flatSteps(steps: unknown, depth = 0): any[] {
  if (!Array.isArray(steps)) return [];
  return steps.flatMap((s) =>
    s && typeof s === 'object' && Array.isArray((s as { parallel?: unknown }).parallel) && depth < 3
      ? flatSteps((s as { parallel: unknown[] }).parallel, depth + 1)
      : [s],
  );
}

function githubSteps(v: Record<string, any>, lines: string[], repo?: RepoIndex, file?: string): CiStep[] {
  const steps: CiStep[] = [];
  // A reusable workflow's action inputs read its callers' `with:` values (`file: ${{ inputs.package_path }}/Dockerfile`).
  const callers = repo && file && v.on?.workflow_call ? callerInputs(repo, file) : [];
  let from = 0;
  for (const [job, def] of Object.entries((v.jobs as Record<string, any>) ?? {})) {
    const jobLine = keyLine(lines, job, from);
    from = Math.max(0, jobLine - 1);
    const jobState: Pick<CiStep, 'state' | 'note'> = isFalse(def?.if)
      ? { state: 'disabled', note: `job ${job} is switched off (if: ${String(def.if)})` }
      : def?.['continue-on-error'] === true
        ? { state: 'limited', note: `job ${job} has continue-on-error: failures do not fail the build` }
        : {};
    if (typeof def?.uses === 'string') {
      const line = findLine(lines, def.uses, from);
      steps.push({
        uses: def.uses,
        job,
        line,
        ...jobState,
        ...(def.uses.startsWith('./') ? {} : { external: true }),
        ...(def.with && typeof def.with === 'object' ? { with: def.with as Record<string, unknown> } : {}),
      });
      for (const run of reusableWorkflowRuns(repo, def.uses, def.with))
        steps.push({ run, job, line, ...jobState, note: jobState.note ?? `in the reusable workflow ${def.uses}` });
    }
    // Steps are found in order: two steps with the same `uses:` line (one build-push-action per image) are two lines.
    let cursor = from;
    const stepLine = (needle: string): number => {
      const at = findLine(lines, needle, cursor);
      const line = at === 1 && cursor > from ? findLine(lines, needle, from) : at;
      if (line > cursor) cursor = line;
      return line;
    };
    const jobDir = stringOf(def?.defaults?.run?.['working-directory']);
    for (const s of flatSteps(def?.steps)) {
      if (!s || typeof s !== 'object') continue;
      const runDir = stringOf(s['working-directory']) ?? jobDir;
      const actionDir =
        s.with && typeof s.with === 'object'
          ? (stringOf(s.with.workingDirectory) ?? stringOf(s.with['working-directory']) ?? stringOf(s.with.cwd))
          : undefined;
      const stepState: Pick<CiStep, 'state' | 'note'> =
        jobState.state === 'disabled'
          ? jobState
          : isFalse(s.if)
            ? { state: 'disabled', note: `step is switched off (if: ${String(s.if)})` }
            : s['continue-on-error'] === true
              ? { state: 'limited', note: 'step has continue-on-error: failures do not fail the build' }
              : jobState;
      // A command the step runs, with the job's matrix rows and env values put in place.
      const expand = (text: string) => matrixRuns(text, [s.env, def?.env, v.env], def?.strategy?.matrix);
      const runStep = (run: string, line: number, extra: Pick<CiStep, 'note' | 'workdir'> = {}) =>
        steps.push({
          run,
          job,
          name: s.name,
          ...(typeof s.id === 'string' ? { id: s.id } : {}),
          line,
          ...stepState,
          ...extra,
        });
      if (typeof s.uses === 'string') {
        const line = stepLine(s.uses);
        steps.push({
          uses: s.uses,
          job,
          name: s.name,
          ...(typeof s.id === 'string' ? { id: s.id } : {}),
          line,
          ...stepState,
          ...(s.with && typeof s.with === 'object' ? { with: s.with as Record<string, unknown> } : {}),
          ...withRowsOf(withEnvValues(s.with, [s.env, def?.env, v.env]), def?.strategy?.matrix, callers),
          ...(actionDir ? { workdir: actionDir } : {}),
        });
        const inLocalAction = stepState.note ?? `in the local action ${s.uses}`;
        for (const inner of localActionSteps(repo, s.uses)) {
          if (typeof inner?.run === 'string') runStep(inner.run, line, { note: inLocalAction });
          // The actions it calls run in this step too (a release action's `azure/arm-deploy`).
          else if (typeof inner?.uses === 'string' && !inner.uses.startsWith('./'))
            steps.push({
              uses: inner.uses,
              job,
              name: typeof inner.name === 'string' ? inner.name : s.name,
              line,
              ...stepState,
              note: inLocalAction,
              ...(inner.with && typeof inner.with === 'object' ? { with: inner.with as Record<string, unknown> } : {}),
            });
        }
        // Actions that run a script in a container (`addnab/docker-run-action` with `image:` and `run: |`): the
        // script's commands are the step's own, run in that image.
        const inContainer = s.with?.run;
        if (/docker-run|run-in-docker|container-run/i.test(s.uses) && typeof inContainer === 'string')
          for (const run of expand(inContainer))
            runStep(run, line, { note: stepState.note ?? `in the container of ${s.uses}` });
        const args = s.with?.arguments;
        if (/gradle/i.test(s.uses) && typeof args === 'string') runStep(`gradle ${args}`, line);
        // php-actions/composer runs `composer <command> <args>` in its container (`command: exec phpunit`,
        // `command: run-script test`); without a command it installs.
        if (/^php-actions\/composer@/i.test(s.uses)) {
          const command =
            typeof s.with?.command === 'string' && s.with.command.trim() ? s.with.command.trim() : 'install';
          const extra = typeof s.with?.args === 'string' && s.with.args.trim() ? ` ${s.with.args.trim()}` : '';
          runStep(`composer ${command}${extra}`, line);
        }
      }
      if (typeof s.run === 'string') {
        const line = stepLine(s.run);
        for (const run of expand(s.run)) runStep(run, line, runDir ? { workdir: runDir } : {});
      }
    }
  }
  return steps;
}

const ENV_REF = /\$\{\{\s*env\.([\w-]+)\s*\}\}/g;

/**
 * The commands a `run:` runs across the job's matrix: `${{ env.NAME }}` from the nearest `env:` (step, job, workflow:
 * `run: ${{ env.CARGO }} test` with `env: { CARGO: cargo }` runs `cargo test`), `${{ matrix.x }}` (also inside the
 * `env:` values the command reads) put in place once per matrix row (a list key's values, `include:` rows), and shell variables (`$TEST_COMMAND`)
 * the step's, job's or workflow's `env:` gives a plain value to: `run: bin/rails $TEST_COMMAND` with
 * `env: { TEST_COMMAND: ${{ matrix.tests.command }} }` over `tests: [{ command: test }, { command: test:system }]` runs
 * `bin/rails test` and `bin/rails test:system`. At most a few rows; a command that reads nothing of either is itself.
 */
function matrixRuns(run: string, scopes: unknown[], matrix: unknown): string[] {
  const reads = run.includes('${{') || /\$\{?[A-Za-z_]\w*/.test(run);
  if (!reads) return [run];
  const rows = matrixRows(matrix);
  const out = new Set<string>();
  for (const row of rows) {
    const envOf = (name: string): string | undefined => {
      const value = nearestEnv(scopes, name);
      return value === undefined ? undefined : stringOf(fillMatrix(value, row));
    };
    let cmd = fillMatrix(run, row).replace(ENV_REF, (m0, name: string) => envOf(name) ?? m0);
    // Shell variables the step's environment sets (not ${VAR:-default} forms, nor ones set by the script itself).
    cmd = cmd.replace(/\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g, (m0, a?: string, b?: string) => {
      const name = (a ?? b)!;
      if (new RegExp(`(?:^|[\\s;])(?:export\\s+)?${name}=`).test(run)) return m0;
      return envOf(name) ?? m0;
    });
    out.add(cmd);
  }
  return [...out];
}

/** The value the nearest `env:` (step, job, workflow) gives a name, as written; undefined when it is not a scalar. */
function nearestEnv(scopes: unknown[], name: string): string | undefined {
  for (const scope of scopes) {
    const value: unknown = scope && typeof scope === 'object' ? (scope as Record<string, unknown>)[name] : undefined;
    if (value === undefined) continue;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
  return undefined;
}

/**
 * An action's inputs with `${{ env.NAME }}` replaced by the nearest `env:` value as written (`images: ${{ env.BASE }}api`
 * with the job's `env: { BASE: ${{ inputs.registry }} }`): the matrix rows and the callers' inputs fill in the rest.
 */
function withEnvValues(inputs: unknown, scopes: unknown[]): unknown {
  if (!inputs || typeof inputs !== 'object') return inputs;
  return Object.fromEntries(
    Object.entries(inputs).map(([k, v]) => [
      k,
      typeof v === 'string' ? v.replace(ENV_REF, (m0, name: string) => nearestEnv(scopes, name) ?? m0) : v,
    ]),
  );
}

/**
 * `${{ env.NAME }}` in a value read from a GitHub workflow, filled from the workflow's `env:` or else a job's (`images:
 * ${{ env.DOCKERHUB_IMAGE }}` with `env: { DOCKERHUB_IMAGE: acme/shop }` at the top names acme/shop).
 */
export function withWorkflowEnv(workflow: unknown, value: string): string {
  if (!value.includes('${{')) return value;
  const w = workflow && typeof workflow === 'object' ? (workflow as Record<string, any>) : {};
  const jobs = w.jobs && typeof w.jobs === 'object' ? Object.values(w.jobs as Record<string, any>) : [];
  return value.replace(ENV_REF, (m0, name: string) => nearestEnv([w.env, ...jobs.map((j) => j?.env)], name) ?? m0);
}

/**
 * The rows of a job's matrix: each list key's values in turn (the other keys at their first value: `kind: [cucumber,
 * other]` after `ruby: […]` still runs `other`; every app of an `app` list beside `os`) and the `include:` rows; at
 * most a few per key.
 */
function matrixRows(matrix: unknown): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  if (matrix && typeof matrix === 'object' && !Array.isArray(matrix)) {
    const m = matrix as Record<string, unknown>;
    const first: Record<string, unknown> = {};
    const lists = Object.entries(m).filter(([k, x]) => k !== 'include' && k !== 'exclude' && Array.isArray(x)) as [
      string,
      unknown[],
    ][];
    for (const [k, xs] of lists) first[k] = xs[0];
    const seen = new Set<string>();
    for (const [key, values] of lists.slice(0, 4))
      for (const x of values.slice(0, 12)) {
        const row = { ...first, [key]: x };
        const id = JSON.stringify(row);
        if (!seen.has(id)) rows.push(row);
        seen.add(id);
      }
    if (Array.isArray(m.include))
      for (const inc of m.include.slice(0, 12))
        if (inc && typeof inc === 'object') rows.push({ ...first, ...(inc as Record<string, unknown>) });
  }
  if (!rows.length) rows.push({});
  return rows;
}

/** `text` with each `${{ matrix.x.y }}` the row gives a plain value for put in place. */
function fillMatrix(text: string, row: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*matrix\.([\w.-]+)\s*\}\}/g, (m0, expr: string) => {
    let cur: unknown = row;
    for (const part of expr.split('.'))
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
    return typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean' ? String(cur) : m0;
  });
}

function readsMatrix(inputs: unknown): inputs is Record<string, unknown> {
  return (
    !!inputs &&
    typeof inputs === 'object' &&
    Object.values(inputs).some((v) => typeof v === 'string' && /\$\{\{\s*matrix\./.test(v))
  );
}

/** Whether an action's inputs read a reusable workflow's inputs (`${{ inputs.service_name }}`). */
function readsInputs(inputs: unknown): inputs is Record<string, unknown> {
  return (
    !!inputs &&
    typeof inputs === 'object' &&
    Object.values(inputs).some((v) => typeof v === 'string' && INPUT_REF.test(v))
  );
}

const INPUT_REF = /\$\{\{\s*inputs(?:\.([\w-]+)|\[\s*['"]([\w-]+)['"]\s*\])\s*\}\}/;

/** `${{ inputs.x }}` replaced by the given values; references to inputs not given stay as written. */
function fillInputs(text: string, inputs: ReadonlyMap<string, string>): string {
  return text.replace(new RegExp(INPUT_REF.source, 'g'), (m, a, b) => inputs.get(a ?? b) ?? m);
}

/** The rows an action step's inputs take: one per matrix row, then one per caller of the reusable workflow. */
function withRowsOf(
  inputs: unknown,
  matrix: unknown,
  callers: ReadonlyMap<string, string>[],
): Pick<CiStep, 'withRows'> {
  const byMatrix = readsMatrix(inputs);
  const byCaller = callers.length > 0 && readsInputs(inputs);
  if (!byMatrix && !byCaller) return {};
  const rows = byMatrix ? matrixInputs(inputs, matrix) : [inputs as Record<string, unknown>];
  if (!byCaller) return { withRows: rows };
  return {
    withRows: rows.flatMap((row) =>
      callers.map((given) =>
        Object.fromEntries(Object.entries(row).map(([k, x]) => [k, typeof x === 'string' ? fillInputs(x, given) : x])),
      ),
    ),
  };
}

/**
 * The inputs each call of a reusable workflow gives it: jobs of the repository's workflows whose `uses:` names the
 * file (`./.github/workflows/build.yml`, or the repository's own `owner/name/.github/workflows/build.yml@main`),
 * with the declared defaults beneath; a caller that is reusable itself passes on its own callers' values (a few
 * levels deep).
 */
function callerInputs(repo: RepoIndex, file: string): ReadonlyMap<string, string>[] {
  return repo.memo(`ci:caller-inputs\0${file}`, () => callerInputsAt(repo, file, 0));
}

function callerInputsAt(repo: RepoIndex, file: string, depth: number): ReadonlyMap<string, string>[] {
  if (depth > 3) return [];
  const wf = repo.yaml(file) as Record<string, any> | undefined;
  const declared = wf?.on?.workflow_call?.inputs;
  const defaults = new Map<string, string>();
  for (const [k, d] of Object.entries<any>(declared && typeof declared === 'object' ? declared : {}))
    if (['string', 'number', 'boolean'].includes(typeof d?.default)) defaults.set(k, String(d.default));
  const out: ReadonlyMap<string, string>[] = [];
  for (const { path: caller, def } of workflowCalls(repo, file)) {
    const given = Object.entries<unknown>(def.with && typeof def.with === 'object' ? def.with : {}).filter(([, x]) =>
      ['string', 'number', 'boolean'].includes(typeof x),
    );
    // The caller's own inputs, when it passes them on, per call of the caller.
    const above = given.some(([, x]) => typeof x === 'string' && INPUT_REF.test(x))
      ? callerInputsAt(repo, caller, depth + 1)
      : [];
    for (const up of above.length ? above : [new Map<string, string>()]) {
      const row = new Map(defaults);
      for (const [k, x] of given) row.set(k, fillInputs(String(x), up));
      out.push(row);
    }
  }
  return out;
}

/** The jobs of the repository's other workflows whose `uses:` calls the reusable workflow `file`. */
function workflowCalls(repo: RepoIndex, file: string): { path: string; name: string; def: Record<string, any> }[] {
  // Asked by callersGate and by the callers' inputs for the same reusable workflow: read once.
  return repo.memo(`ci:workflow-calls\0${file}`, () => {
    const out: { path: string; name: string; def: Record<string, any> }[] = [];
    for (const f of repo.files) {
      if (!ACTIONS_WORKFLOW.test(f.path) || f.path === file) continue;
      if (!repo.read(f.path)?.includes(path.posix.basename(file))) continue;
      const caller = repo.yaml(f.path) as Record<string, any> | undefined;
      for (const [name, def] of Object.entries<any>(caller?.jobs && typeof caller.jobs === 'object' ? caller.jobs : {}))
        if (typeof def?.uses === 'string' && callsWorkflow(def.uses) === file) out.push({ path: f.path, name, def });
    }
    return out;
  });
}

/** A value of a call's input naming production (`environment: prod`). */
const PRODUCTION_VALUE = /^\s*(?:prod|production|prd|live)\s*$/i;

/**
 * The gate a reusable workflow's jobs run behind when the repository's own workflows call it: the caller job's `if:`
 * and its workflow's trigger (`if: github.event_name == 'release'`). The calls passing production as an input decide
 * when there are any (a push to main may deploy staging through the same workflow); otherwise every call must be gated.
 */
function callersGate(repo: RepoIndex, file: string): Pick<CiJob, 'manual' | 'tags'> | undefined {
  const calls: { job: CiJob; path: string; production: boolean }[] = [];
  for (const { path: caller, name, def } of workflowCalls(repo, file)) {
    const job = jobsFromYaml('github-actions', repo.yaml(caller), repo.lines(caller)).find((j) => j.name === name);
    const given = Object.values<unknown>(def.with && typeof def.with === 'object' ? def.with : {});
    if (job)
      calls.push({
        job,
        path: caller,
        production: given.some((v) => typeof v === 'string' && PRODUCTION_VALUE.test(v)),
      });
  }
  const deciding = calls.some((c) => c.production) ? calls.filter((c) => c.production) : calls;
  if (!deciding.length || !deciding.every((c) => c.job.tags || c.job.manual)) return undefined;
  const { job, path: at, production } = deciding[0]!;
  const kind = job.tags ? 'tags' : 'manual';
  const gate = job[kind]!;
  return {
    [kind]: {
      path: at,
      line: gate.line,
      note: `called${production ? ' for production' : ''} by ${at} job ${job.name}, which ${gate.note}`,
    },
  };
}

/** The workflow file a job's `uses:` calls when it is one of this repository's (a local path or `owner/name/<path>@ref`). */
function callsWorkflow(uses: string): string | undefined {
  // Forgejo and Gitea call a reusable workflow of their own folder the same way (`uses: ./.forgejo/workflows/x.yml`).
  const local = /^\.\/(\.(?:github|forgejo|gitea)\/workflows\/[^/@]+\.ya?ml)$/.exec(uses.trim());
  if (local) return local[1];
  return /^[\w.-]+\/[\w.-]+\/(\.(?:github|forgejo|gitea)\/workflows\/[^/@]+\.ya?ml)@[\w./-]+$/.exec(uses.trim())?.[1];
}

/** An action's inputs once per matrix row, in the rows' order (two steps of one job read the same row at one index). */
function matrixInputs(inputs: Record<string, unknown>, matrix: unknown): Record<string, unknown>[] {
  return matrixRows(matrix).map((row) =>
    Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, typeof v === 'string' ? fillMatrix(v, row) : v])),
  );
}

/** A plain string value (not an expression such as `${{ matrix.dir }}`). */
function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() && !v.includes('${{') ? v.trim() : undefined;
}

/**
 * Shell commands of a local reusable workflow (`jobs.<id>.uses: ./.github/workflows/make.yml`) with the caller's
 * `with:` inputs (or the inputs' defaults) put in place of `${{ inputs.name }}`: `run: make ${{ inputs.make }}` called
 * `with: { make: checkruff }` runs `make checkruff`. Workflows it calls in turn are followed a few levels deep.
 */
function reusableWorkflowRuns(repo: RepoIndex | undefined, uses: string, given: unknown, depth = 0): string[] {
  if (!repo || depth > 3 || !/^\.\/.*\.ya?ml$/.test(uses)) return [];
  const file = path.posix.normalize(uses.slice(2));
  const wf = repo.has(file) ? (repo.yaml(file) as Record<string, any> | undefined) : undefined;
  if (!wf || typeof wf !== 'object') return [];
  const declared = wf.on?.workflow_call?.inputs;
  const inputs = new Map<string, string>();
  for (const [k, d] of Object.entries<any>(declared && typeof declared === 'object' ? declared : {}))
    if (['string', 'number', 'boolean'].includes(typeof d?.default)) inputs.set(k, String(d.default));
  for (const [k, v] of Object.entries(given && typeof given === 'object' ? given : {}))
    if (['string', 'number', 'boolean'].includes(typeof v)) inputs.set(k, String(v));
  const fill = (cmd: string): string =>
    cmd.replace(
      /\$\{\{\s*inputs(?:\.([\w-]+)|\[\s*['"]([\w-]+)['"]\s*\])\s*\}\}/g,
      (m, a, b) => inputs.get(a ?? b) ?? m,
    );
  const out: string[] = [];
  for (const def of Object.values((wf.jobs as Record<string, any>) ?? {})) {
    if (typeof def?.uses === 'string') {
      const passed = Object.fromEntries(
        Object.entries(def.with && typeof def.with === 'object' ? def.with : {}).map(([k, v]) => [
          k,
          typeof v === 'string' ? fill(v) : v,
        ]),
      );
      out.push(...reusableWorkflowRuns(repo, def.uses, passed, depth + 1));
    }
    for (const st of flatSteps(def?.steps)) if (typeof st?.run === 'string') out.push(fill(st.run));
  }
  return out;
}

/**
 * Steps of a local composite action (`uses: ./.github/actions/test`). A step of it that calls another local action
 * (a `build-test` action calling `./.github/actions/test`) is that action's steps, in its place: local actions are
 * read through up to four levels, each action once on a path.
 */
function localActionSteps(repo: RepoIndex | undefined, uses: string, seen: ReadonlySet<string> = new Set()): any[] {
  if (!repo || !uses.startsWith('./') || /\.ya?ml$/.test(uses)) return [];
  const dir = path.posix.normalize(uses.slice(2)).replace(/\/$/, '');
  if (seen.has(dir) || seen.size >= 4) return [];
  // `uses: ./` is the repository's own root action (an action repository testing itself).
  const prefix = dir === '.' ? '' : `${dir}/`;
  const file = [`${prefix}action.yml`, `${prefix}action.yaml`].find((p) => repo.has(p));
  const value = file ? (repo.yaml(file) as { runs?: { steps?: unknown } } | undefined) : undefined;
  const inPath = new Set([...seen, dir]);
  return flatSteps(value?.runs?.steps).flatMap((st) =>
    typeof st?.uses === 'string' && st.uses.startsWith('./') ? localActionSteps(repo, st.uses, inPath) : [st],
  );
}

// ---------------------------------------------------------------- other YAML systems

const RUN_KEYS = new Set([
  'script',
  'before_script',
  'after_script',
  // Travis: coverage uploads usually run here, after the tests passed.
  'after_success',
  'run',
  'command',
  'commands',
  'steps',
  'install',
  'before_install',
  'pre',
  'bash',
  'pwsh',
  'powershell',
  'checks',
]);
const USES_KEYS = new Set([
  'orbs',
  'uses',
  'template',
  'include',
  'local',
  'project',
  'remote',
  'component',
  'image',
  'plugins',
  'pipe',
]);

/** Keys whose value is a pipeline defined elsewhere. */
const EXTERNAL_KEYS = new Set(['project', 'remote', 'component', 'orbs']);

/** Top-level keys that are settings, not jobs. */
const NOT_JOBS = new Set([
  'include',
  'variables',
  'stages',
  'default',
  'workflow',
  'orbs',
  'version',
  'trigger',
  'pr',
  'pool',
  'resources',
  'image',
  'services',
  'cache',
  'definitions',
  'options',
  'clone',
  'env',
  'language',
  'dist',
  'os',
]);

/** Azure DevOps tasks that run a build tool: the command they run, from their inputs. */
function azureTaskCommand(task: string, inputs: Record<string, unknown> | undefined): string | undefined {
  const i = inputs ?? {};
  const name = task.split('@')[0]!.toLowerCase();
  if (name === 'maven') return `mvn ${String(i.goals ?? 'package')}`;
  if (name === 'gradle') return `gradle ${String(i.tasks ?? 'build')}`;
  if (name === 'npm') return `npm ${String(i.customCommand ?? i.command ?? 'install')}`;
  // `command: custom` runs the dotnet command its `custom` input names (`custom: test`).
  // The projects it runs on (`projects: src/Api/Api.csproj`, one per line) come first, as on a command line.
  if (name === 'dotnetcorecli') {
    const command = i.command === 'custom' ? i.custom : i.command;
    const projects = typeof i.projects === 'string' ? i.projects.split(/[\n;]/).map((x) => x.trim()) : [];
    return ['dotnet', String(command ?? 'build'), ...projects.filter(Boolean), String(i.arguments ?? '')]
      .join(' ')
      .trim();
  }
  if (name === 'pythonscript' && typeof i.script === 'string') return i.script;
  return undefined;
}

function stepsFromYaml(system: CiSystem, value: unknown, lines: string[], repo?: RepoIndex, file?: string): CiStep[] {
  const steps: CiStep[] = [];
  const addRun = (run: unknown, job?: string, name?: string): void => {
    const cmds = Array.isArray(run) ? run.map(String) : typeof run === 'string' ? [run] : [];
    // Search from the job's own key: the same command in two jobs (staging, production) gets each job's line.
    const from = job ? Math.max(0, keyLine(lines, job) - 1) : 0;
    for (const c of cmds) steps.push({ run: c, job, name, line: findLine(lines, c, from) });
  };
  if (!value || typeof value !== 'object') return steps;
  const v = value as Record<string, any>;
  if (system === 'github-actions') return githubSteps(v, lines, repo, file);
  const addUses = (u: string, job?: string, key?: string): void => {
    steps.push({
      uses: u,
      job,
      line: findLine(lines, u),
      ...(key && EXTERNAL_KEYS.has(key) ? { external: true } : {}),
    });
  };
  // Generic: walk the tree for the keys CI systems use for shell commands and reusable units.
  const walk = (node: unknown, job?: string, key?: string): void => {
    if (typeof node === 'string') {
      if (key && RUN_KEYS.has(key)) addRun(node, job);
      return;
    }
    if (Array.isArray(node)) {
      for (const n of node) walk(n, job, key);
      return;
    }
    if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      // An Azure job is named by its value (`- deployment: DeployWebApp`, `- job: Build`), as jobsFromYaml names it.
      const named = system === 'azure-pipelines' ? (obj.deployment ?? obj.job) : undefined;
      if (typeof named === 'string') job = named;
      if (typeof obj.task === 'string') {
        addUses(obj.task, job);
        const inputs = obj.inputs as Record<string, unknown> | undefined;
        const cmd = azureTaskCommand(obj.task, inputs);
        // The task's own line: the projects it names tell one task of a kind from the next.
        const own = typeof inputs?.projects === 'string' ? inputs.projects : obj.task;
        if (cmd) steps.push({ run: cmd, job, line: findLine(lines, own) });
      }
      for (const [k, child] of Object.entries(obj)) {
        // An Azure task names a reusable unit (above); Semaphore's `task:` is an object holding the block's jobs.
        if (k === 'task' && typeof child === 'string') continue;
        if (USES_KEYS.has(k)) {
          if (typeof child === 'string') addUses(child, job, k);
          else if (child && typeof child === 'object' && !Array.isArray(child)) {
            for (const o of Object.values(child as Record<string, unknown>))
              if (typeof o === 'string') addUses(o, job, k);
          }
          if (k !== 'uses' && k !== 'include' && k !== 'plugins') continue;
        }
        // CircleCI keeps its jobs under `jobs:`, each named by its key there.
        if (system === 'circleci' && key === undefined && k === 'jobs' && child && typeof child === 'object') {
          for (const [name, def] of Object.entries(child)) walk(def, name, k);
          continue;
        }
        // A string is a command only under a command key of its own (displayName/name beside a script is not).
        walk(child, job ?? (key === undefined && !NOT_JOBS.has(k) ? k : job), k);
      }
    }
  };
  walk(v);
  if (system === 'circleci') {
    // Orb jobs referenced from workflows (e.g. `node/test`, `python/test`); one orb job run several times under names of
    // its own (`- hmpps/deploy_env: { name: deploy_production, env: production }`) is a step per run, with its inputs.
    for (const wf of Object.values((v.workflows as Record<string, any>) ?? {})) {
      for (const j of Array.isArray(wf?.jobs) ? (wf.jobs as unknown[]) : []) {
        const [name, def] =
          typeof j === 'string' ? [j, undefined] : j && typeof j === 'object' ? (Object.entries(j)[0] ?? []) : [];
        if (!name?.includes('/')) continue;
        const named = typeof def?.name === 'string' ? def.name : undefined;
        steps.push({
          uses: name,
          job: named ?? name,
          line: findLine(lines, named ? `name: ${named}` : name),
          ...(def && typeof def === 'object' ? { with: def } : {}),
        });
      }
    }
  }
  if (system === 'travis' && !v.script) {
    const lang = String(v.language ?? '');
    const implicit =
      lang === 'node_js'
        ? 'npm test'
        : lang === 'ruby'
          ? 'bundle exec rake'
          : lang === 'go'
            ? 'go test ./...'
            : lang === 'java'
              ? 'mvn test'
              : undefined;
    if (implicit)
      steps.push({ run: implicit, line: keyLine(lines, 'language'), note: `Travis' default script for ${lang}` });
  }
  if (system === 'gitlab-ci') {
    applyGitlabStates(v, steps, lines);
    for (const st of steps) if (st.run?.includes('$')) st.run = withGitlabVariables(st.run, v, st.job);
  }
  return steps;
}

/**
 * A GitLab script line with the `$NAME` / `${NAME}` the job's `variables:` (or those of the templates it `extends`,
 * then the pipeline's) give a plain value: `- $PHPUNIT_COMMAND` with `variables: { PHPUNIT_COMMAND: vendor/bin/phpunit }`
 * runs phpunit. A name the script sets itself, or given no plain value, stays as written.
 */
function withGitlabVariables(run: string, doc: Record<string, unknown>, job: string | undefined): string {
  const scopes: unknown[] = [];
  const seen = new Set<string>();
  const addJob = (name: string | undefined, depth: number): void => {
    if (!name || seen.has(name) || depth > 4) return;
    seen.add(name);
    const def = doc[name] as { variables?: unknown; extends?: unknown } | undefined;
    if (!def || typeof def !== 'object') return;
    scopes.push(def.variables);
    for (const parent of Array.isArray(def.extends) ? def.extends : [def.extends])
      if (typeof parent === 'string') addJob(parent, depth + 1);
  };
  addJob(job, 0);
  scopes.push(doc.variables);
  return run.replace(/\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g, (m0, a?: string, b?: string) => {
    const name = (a ?? b)!;
    if (new RegExp(`(?:^|[\\s;])(?:export\\s+)?${name}=`).test(run)) return m0;
    for (const scope of scopes) {
      const value = scope && typeof scope === 'object' ? (scope as Record<string, unknown>)[name] : undefined;
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      if (value && typeof value === 'object' && typeof (value as { value?: unknown }).value === 'string')
        return (value as { value: string }).value;
    }
    return m0;
  });
}

function applyGitlabStates(v: Record<string, any>, steps: CiStep[], lines: string[]): void {
  const extended = new Set<string>();
  for (const def of Object.values(v)) {
    const e = def && typeof def === 'object' ? (def as Record<string, unknown>).extends : undefined;
    for (const x of Array.isArray(e) ? e : e ? [e] : []) extended.add(String(x));
  }
  for (const s of steps) {
    if (!s.job || s.state) continue;
    const def = v[s.job];
    if (!def || typeof def !== 'object') continue;
    if (s.job.startsWith('.') && !extended.has(s.job)) {
      s.state = 'disabled';
      s.note = `${s.job} is a hidden job (leading dot) that no job extends`;
    } else if (def.when === 'manual') {
      s.state = 'manual';
      s.note = `job ${s.job} runs only when started by hand (when: manual)`;
    } else if (Array.isArray(def.rules) && def.rules.length && def.rules.every((r: any) => r?.when === 'never')) {
      s.state = 'disabled';
      s.note = `job ${s.job} never runs (rules: when: never)`;
    } else if (
      Array.isArray(def.rules) &&
      def.rules.length &&
      def.rules.every((r: any) => r?.when === 'manual' || r?.when === 'never')
    ) {
      s.state = 'manual';
      s.note = `job ${s.job} runs only when started by hand (rules: when: manual)`;
    } else if (
      (Array.isArray(def.only) || Array.isArray(def.only?.refs)) &&
      ((Array.isArray(def.only) ? def.only : def.only.refs) as unknown[]).every((r) =>
        ['tags', 'schedules', 'web', 'triggers', 'api'].includes(String(r)),
      )
    ) {
      const refs = ((Array.isArray(def.only) ? def.only : def.only.refs) as unknown[]).map(String);
      s.state = refs.every((r) => r === 'web') ? 'manual' : 'limited';
      s.note = `job ${s.job} runs only for ${refs.join(', ')} (only:)`;
    } else if (def.allow_failure === true) {
      s.state = 'limited';
      s.note = `job ${s.job} has allow_failure: failures do not fail the pipeline`;
    }
    if (s.state && s.state !== 'disabled') s.line = s.line || keyLine(lines, s.job);
  }
}

function stepsFromJenkinsfile(text: string): CiStep[] {
  const steps: CiStep[] = [];
  const re = /\b(?:sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?('''|"""|'|")([\s\S]*?)\1/g;
  const lineOf = lineCounter(text);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const line = lineOf(m.index);
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (/^\s*(\/\/|\*)/.test(text.slice(lineStart, m.index))) {
      steps.push({ run: m[2], line, state: 'disabled', note: 'commented out' });
      continue;
    }
    steps.push({ run: m[2], line });
  }
  return steps;
}

/** Commented-out steps in YAML (`# - run: pytest`): recorded as disabled, so a reviewer sees them. */
function commentedSteps(lines: string[]): CiStep[] {
  const out: CiStep[] = [];
  lines.forEach((l, i) => {
    const m =
      /^\s*#\s*(?:-\s*)?(?:run|script|command|commands|sh)\s*:\s*[|>]?\s*(.*)$/.exec(l) ??
      /^\s*#\s*-\s+(\S.*)$/.exec(l);
    if (m && m[1]!.trim()) out.push({ run: m[1]!.trim(), line: i + 1, state: 'disabled', note: 'commented out' });
  });
  return out;
}

// ---------------------------------------------------------------- jobs and their gates

const TAG_CONDITION =
  /refs\/tags\/|\$CI_COMMIT_TAG|CI_COMMIT_TAG\b|github\.event_name\s*==\s*'release'|startsWith\(\s*github\.ref\s*,\s*'refs\/tags/;

/** A job condition naming the event of a workflow started by hand (`if: github.event_name == 'workflow_dispatch'`). */
const MANUAL_CONDITION = /\bgithub\.event_name\s*==\s*['"]workflow_dispatch['"]/;

function environmentName(env: unknown): string | undefined {
  if (typeof env === 'string') return env;
  if (env && typeof env === 'object' && typeof (env as { name?: unknown }).name === 'string')
    return (env as { name: string }).name;
  return undefined;
}

/** The events a GitHub workflow's `on:` names, with their filters (`on: push`, `on: [push, release]`, a map). */
function githubEvents(on: unknown): Record<string, any> {
  return typeof on === 'string'
    ? { [on]: null }
    : Array.isArray(on)
      ? Object.fromEntries(on.map((e) => [String(e), null]))
      : on && typeof on === 'object'
        ? (on as Record<string, any>)
        : {};
}

/** Workflow-level gates of a GitHub workflow: runs only by hand, or only for tags and releases. */
function githubWorkflowGates(on: unknown, lines: string[]): Pick<CiJob, 'manual' | 'tags' | 'branches'> {
  const events = githubEvents(on);
  const names = Object.keys(events);
  if (!names.length) return {};
  const line = keyLine(lines, 'on');
  if (names.every((n) => n === 'workflow_dispatch' || n === 'repository_dispatch'))
    return { manual: { line, note: `runs only when started by hand (on: ${names.join(', ')})` } };
  const push = events.push;
  const tagOnly = (n: string): boolean =>
    n === 'release' ||
    n === 'workflow_dispatch' ||
    (n === 'push' && !!push && Array.isArray(push.tags) && !push.branches && !push['branches-ignore']);
  if (names.every(tagOnly) && names.some((n) => n !== 'workflow_dispatch'))
    return { tags: { line, note: `runs only for tags or releases (on: ${names.join(', ')})` } };
  const branches = push && Array.isArray(push.branches) ? (push.branches as unknown[]).map(String) : undefined;
  return branches ? { branches } : {};
}

/** Jobs of a YAML CI configuration with their deployment environment and gates. */
function jobsFromYaml(system: CiSystem, value: unknown, lines: string[]): CiJob[] {
  if (!value || typeof value !== 'object') return [];
  const v = value as Record<string, any>;
  const out: CiJob[] = [];
  if (system === 'github-actions') {
    const wf = githubWorkflowGates(v.on ?? v.true, lines);
    let from = 0;
    for (const [name, def] of Object.entries((v.jobs as Record<string, any>) ?? {})) {
      if (!def || typeof def !== 'object') continue;
      const line = keyLine(lines, name, from);
      from = Math.max(0, line - 1);
      const env = environmentName(def.environment);
      const cond = typeof def.if === 'string' ? def.if : '';
      out.push({
        name,
        line,
        ...wf,
        ...(env ? { environment: { name: env, line: keyLine(lines, 'environment', from) } } : {}),
        ...(!wf.tags && TAG_CONDITION.test(cond)
          ? { tags: { line: keyLine(lines, 'if', from), note: `runs only for tags or releases (if: ${cond})` } }
          : {}),
        // Only when nothing is `||`-ed to it: another branch of the condition may let other events through.
        ...(!wf.manual && MANUAL_CONDITION.test(cond) && !cond.includes('||')
          ? {
              manual: {
                line: keyLine(lines, 'if', from),
                note: `job ${name} runs only when started by hand (if: ${cond})`,
              },
            }
          : {}),
      });
    }
    return out;
  }
  if (system === 'gitlab-ci') {
    for (const [name, def] of Object.entries(v)) {
      if (!def || typeof def !== 'object' || Array.isArray(def) || NOT_JOBS.has(name) || name.startsWith('.')) continue;
      const line = keyLine(lines, name);
      const env = environmentName(def.environment);
      const rules = Array.isArray(def.rules) ? (def.rules as any[]) : [];
      const only = Array.isArray(def.only) ? def.only : Array.isArray(def.only?.refs) ? def.only.refs : undefined;
      const manual =
        def.when === 'manual' || (rules.length > 0 && rules.some((r) => r?.when === 'manual'))
          ? {
              line: keyLine(lines, 'when', line - 1),
              note: `job ${name} runs only when started by hand (when: manual)`,
            }
          : undefined;
      const tagRule = rules.find((r) => typeof r?.if === 'string' && /CI_COMMIT_TAG/.test(r.if) && r.when !== 'never');
      const tagsOnly =
        (only &&
          (only as unknown[]).every((r) => String(r) === 'tags' || /^\/.*\/$|^v/.test(String(r))) &&
          (only as unknown[]).includes('tags')) ||
        (rules.length > 0 && tagRule && rules.every((r) => r === tagRule || r?.when === 'never'));
      const branches = only
        ? (only as unknown[]).map(String).filter((r) => !['tags', 'merge_requests'].includes(r))
        : [];
      out.push({
        name,
        line,
        ...(env ? { environment: { name: env, line: keyLine(lines, 'environment', line - 1) } } : {}),
        ...(manual ? { manual } : {}),
        ...(tagsOnly
          ? {
              tags: {
                line: keyLine(lines, tagRule ? 'rules' : 'only', line - 1),
                note: `job ${name} runs only for tags`,
              },
            }
          : {}),
        ...(branches.length ? { branches } : {}),
      });
    }
    return out;
  }
  if (system === 'bitbucket-pipelines') {
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const n of node) walk(n);
        return;
      }
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, any>;
      if (o.step && typeof o.step === 'object') {
        const st = o.step as Record<string, any>;
        const name = typeof st.name === 'string' ? st.name : 'step';
        const line = typeof st.name === 'string' ? findLine(lines, st.name) : 1;
        out.push({
          name,
          line,
          ...(typeof st.deployment === 'string'
            ? { environment: { name: st.deployment, line: keyLine(lines, 'deployment', line - 1) } }
            : {}),
          ...(st.trigger === 'manual'
            ? {
                manual: {
                  line: keyLine(lines, 'trigger', line - 1),
                  note: `step ${name} runs only when started by hand`,
                },
              }
            : {}),
        });
        return;
      }
      for (const [k, child] of Object.entries(o)) {
        if (k === 'tags' && child && typeof child === 'object') {
          const before = out.length;
          walk(child);
          for (const j of out.slice(before)) j.tags = { line: keyLine(lines, 'tags'), note: 'runs only for tags' };
        } else walk(child);
      }
    };
    walk(v.pipelines);
    return out;
  }
  if (system === 'azure-pipelines') {
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const n of node) walk(n);
        return;
      }
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, any>;
      if (typeof o.deployment === 'string') {
        const env = environmentName(o.environment);
        const line = findLine(lines, o.deployment);
        out.push({
          name: o.deployment,
          line,
          ...(env ? { environment: { name: env, line: keyLine(lines, 'environment', line - 1) } } : {}),
        });
      }
      for (const child of Object.values(o)) walk(child);
    };
    walk(v);
    return out;
  }
  if (system === 'circleci') {
    // An approval job (type: approval) holds every job that requires it.
    for (const wf of Object.values((v.workflows as Record<string, any>) ?? {})) {
      const jobs = Array.isArray(wf?.jobs) ? (wf.jobs as unknown[]) : [];
      const approvals = new Set<string>();
      for (const j of jobs) {
        if (!j || typeof j !== 'object') continue;
        const [name, def] = Object.entries(j as Record<string, any>)[0] ?? [];
        if (name && def?.type === 'approval') approvals.add(name);
      }
      for (const j of jobs) {
        const [key, def] =
          typeof j === 'string' ? [j, {}] : (Object.entries((j ?? {}) as Record<string, any>)[0] ?? []);
        // A job run under a name of its own (an orb job given `name:`) is known by that name.
        const name = typeof def?.name === 'string' ? def.name : key;
        if (!name || approvals.has(name)) continue;
        const requires = Array.isArray(def?.requires) ? (def.requires as unknown[]).map(String) : [];
        const approval = requires.find((r) => approvals.has(r));
        const tagsOnly =
          def?.filters?.tags?.only !== undefined && String(def?.filters?.branches?.ignore ?? '').length > 0;
        const line = findLine(lines, name);
        out.push({
          name,
          line,
          ...(name !== key && key ? { runs: key } : {}),
          ...(approval
            ? { manual: { line: findLine(lines, approval), note: `waits for the approval job ${approval}` } }
            : {}),
          ...(tagsOnly
            ? { tags: { line: keyLine(lines, 'filters', line - 1), note: `job ${name} runs only for tags` } }
            : {}),
        });
      }
    }
    return out;
  }
  return out;
}

// ---------------------------------------------------------------- classification of commands

const TEST_TOOLS: [RegExp, string][] = [
  // `pytest.main([...])`: a project command (a Flask CLI command, an Invoke task) that runs pytest in process.
  [/(?:^|[\s/])(?:pytest|py\.test)(?:\s|$)|\bpython[\d.]*\s+-m\s+pytest\b|\bpytest\.main\s*\(/, 'pytest'],
  [/\bpython[\d.]*\s+-m\s+unittest\b/, 'unittest'],
  [/\bmanage\.py\s+test\b/, 'Django test runner'],
  // A project's own manage.py wrapper or django-admin (`nautobot-server test`, `django-admin test`), also under coverage.
  [/(?:^|[\s"'`])(?:django-admin|[\w-]+-server|[\w-]+-manage)\s+test\b/, 'Django test runner'],
  [/\bcoverage\s+run\b[^\n]*\s(?:test|-m\s+(?:pytest|unittest))\b/, 'coverage run'],
  [/\bruntests?\.py\b|\bsetup\.py\s+test\b/, 'runtests.py'],
  [/(?:^|[\s;&|(])(?:tox|nox)(?:\s|$)/, 'tox/nox'],
  [/\bhatch\s+(?:run\s+\S*test|test)\b/, 'hatch test'],
  [/(?:^|[\s/])vitest(?:\s|$)/, 'vitest'],
  [/(?:^|[\s/])jest(?:\s|$)/, 'jest'],
  [/(?:^|[\s/])mocha(?:\s|$)/, 'mocha'],
  // AVA, also under a coverage wrapper (`nyc ava`, `c8 ava --verbose`).
  [/(?:^|[\s/])ava(?:\s|$)/, 'ava'],
  [/\bnode\s+--test\b/, 'node --test'],
  [/\b(?:bun|deno)\s+test\b/, 'bun/deno test'],
  [/\bplaywright\s+test\b/, 'Playwright'],
  [/\bcypress\s+run\b|\bcypress-io\/github-action\b/, 'Cypress'],
  [/\b(?:go|richgo)\s+test\b|\bgotestsum\b/, 'go test'],
  // Ginkgo, Go's BDD runner (`ginkgo -r`, `go tool ginkgo --label-filter=…`); its other subcommands run no tests.
  [/(?:^|[\s/])ginkgo(?:\s+(?!bootstrap|generate|version|outline|unfocus|labels|help)[^\n]*)?$/m, 'Ginkgo'],
  [/(?:^|[\s/])mvnw?(?:\.cmd)?\s[^\n]*\b(?:test|verify|install|package|deploy)\b/, 'Maven'],
  [/(?:^|[\s/])gradlew?(?:\.bat)?\s[^\n]*\b(?:test|build|check|\w*[tT]est)\b/, 'Gradle'],
  [/\brspec\b/, 'RSpec'],
  // Cucumber's acceptance suite (`bundle exec cucumber`, `rake cucumber`).
  [/(?:^|[\s/])cucumber(?:\s|$)|\brake\s+cucumber(?::\w+)?\b/, 'Cucumber'],
  // parallel_tests spreads the suite over processes (`parallel_rspec spec/ -n 4`, `rake parallel:spec`); turbo_tests too.
  [
    /\bparallel_(?:rspec|test|cucumber|spinach)\b|\b(?:rake|rails)\s+parallel:(?:spec|test|features)\b|\bturbo_tests\b/,
    'parallel_tests',
  ],
  // Other tasks may come first on the same command line: `bin/rails db:setup test`, `rake db:prepare spec`.
  [/\brails\s+(?:[\w-]+:[\w:-]+\s+)*(?:test|spec)\b/, 'rails test'],
  [/\brake\s+(?:[\w-]+:[\w:-]+\s+)*(?:test|spec)\b/, 'rake test'],
  // cargo-hack runs a subcommand once per feature set (`cargo hack --features kafka llvm-cov nextest`); llvm-cov runs
  // the tests unless its subcommand only reports or cleans (`--no-report` is an option of a test run).
  [
    /\bcargo\s+(?:test|nextest)\b|\bcargo\s+hack\s[^\n]*?\s(?:test|nextest|llvm-cov)(?=\s|$)|\bcargo[\s-](?:llvm-cov|tarpaulin)\b(?![^\n]*\s(?:report|clean)\b)|taiki-e\/install-action[^\n]*nextest/,
    'cargo test',
  ],
  [/\bdotnet\s+test\b/, 'dotnet test'],
  // Nix: `nix flake check` builds the flake's checks; a test derivation built by attribute (`nix-build --attr
  // flakePackages.tests-lmdb`, `nix build .#tests`) runs the suite as its build.
  [
    /\bnix\s+flake\s+check\b|\bnix-build\b[^\n]*?(?:-A|--attr)\s+[\w.-]*\btests?\b|\bnix\s+build\s+[^\n]*?#[\w.-]*\btests?\b/,
    'nix test build',
  ],
  [/\bphpunit\b|\bvendor\/bin\/pest\b|\bartisan\s+test\b|(?:^|[\s/])pest(?:\s|$)|\bparatest\b/, 'PHPUnit'],
  // `mix do compile, test` (before Elixir 1.14) or `mix do compile + test`: the tasks run one after the other.
  [/\bmix\s+(?:do\s+(?:[^\n,+]*[,+])*[^\S\n]*)?(?:test|coveralls(?:\.\w+)?)\b/, 'mix test'],
  [/\bctest\b/, 'ctest'],
  [
    /\b(?:turbo|nx)\b[^\n]*\btest\b|\blerna\s+run\s+test\b|\bpnpm\s+(?:-r|--recursive)\s+(?:run\s+)?test\b|\b(?:npm|yarn)\s+(?:run\s+)?test\s+(?:--workspaces|-ws)\b|\byarn\s+workspaces\s+(?:foreach\s+)?(?:-\S+\s+)*run\s+test\b/,
    'workspace test runner',
  ],
];

const SECURITY_TOOLS: [RegExp, string][] = [
  // The Azure DevOps CodeQL tasks (`CodeQL3000Init@0` … `CodeQL3000Finalize@0`) analyse the build between them.
  [/\bcodeql\b|\bCodeQL3000Init\b/i, 'CodeQL'],
  [/\bbandit\b/, 'bandit'],
  [/\bpip-audit\b/, 'pip-audit'],
  [/\bsafety\s+(?:check|scan)\b/, 'safety'],
  [/\b(?:npm|pnpm)\s+audit\b|\byarn\s+(?:npm\s+)?audit\b|\bauditjs\b|\baudit-ci\b|\bbetter-npm-audit\b/, 'npm audit'],
  [/\bsnyk\b/i, 'Snyk'],
  [/\btrivy\b/i, 'Trivy'],
  [/\bgrype\b|anchore\/scan-action/i, 'Grype'],
  [/\bsemgrep\b/i, 'Semgrep'],
  [/\bgosec\b/i, 'gosec'],
  [/\bgovulncheck\b/i, 'govulncheck'],
  [/\bgitleaks\b/i, 'gitleaks'],
  [/\btrufflehog\b/i, 'TruffleHog'],
  [/dependency-review-action/, 'dependency review'],
  [/\bzizmor\b/i, 'zizmor'],
  [/dependency-check/i, 'OWASP Dependency-Check'],
  [
    /\bdotnet\s+list\b[^\n]*\bpackage\b[^\n]*--vulnerable\b|\bdotnet\s+package\s+list\b[^\n]*--vulnerable\b/,
    'dotnet list package --vulnerable',
  ],
  [/\bbrakeman\b/, 'Brakeman'],
  [/\bbundler?[- ]audit\b/, 'bundler-audit'],
  [/\bcargo[- ](?:audit|deny)\b/, 'cargo audit/deny'],
  [
    /\bcomposer\s+audit\b|\blocal-php-security-checker\b|\bsymfonycorp\/security-checker-action\b|\bsymfony\s+(?:security:check|check:security)\b|\benlightn\b/,
    'composer audit',
  ],
  [/\bsobelow\b/, 'Sobelow'],
  [/\bmix\s+(?:deps\.audit|hex\.audit)\b|\bmix_audit\b/, 'mix deps.audit'],
  [/\bosv-scanner\b/i, 'OSV-Scanner'],
  [/\bscorecard\b/i, 'OpenSSF Scorecard'],
  [/\b(?:checkov|tfsec|kics)\b/i, 'IaC scanner'],
  [
    /(?:^|\/)(?:Security|Jobs)\/(?:SAST|Dependency-Scanning|Secret-Detection|Container-Scanning|DAST|SAST-IaC)[\w.-]*\.gitlab-ci\.yml/,
    'GitLab security template',
  ],
  [/AdvancedSecurity-|CredScan|SnykSecurityScan/, 'Azure security task'],
  [/components\/(?:sast|secret-detection|dependency-scanning|container-scanning|dast)\b/, 'GitLab security component'],
];

const LINT_TOOLS: [RegExp, string][] = [
  [/\bruff\b/, 'ruff'],
  [/\bflake8\b/, 'flake8'],
  [/\bpylint\b/, 'pylint'],
  [/(?:^|[\s/])mypy(?:\s|$)/, 'mypy'],
  [/\bpyright\b/, 'pyright'],
  [/\bblack\s[^\n]*--check\b/, 'black --check'],
  [/\bisort\s[^\n]*--check/, 'isort --check'],
  [/\beslint\b/, 'eslint'],
  // `--noCheck` (TypeScript 5.5) emits without checking types: a build, not a type check.
  [/\btsc\b(?![^\n&|;]*--noCheck\b)(?:[^\n]*--noEmit\b|\s+(?:-b|--build)\b)|\bvue-tsc\b/, 'tsc --noEmit'],
  [/\bbiome\s+(?:check|lint|ci)\b/, 'biome'],
  [/\bdeno\s+(?:lint|check)\b/, 'deno lint'],
  // The type checkers of Svelte, Astro and Nuxt projects.
  [/\bsvelte-check\b|\bastro\s+check\b|\bnux[ti]\s+typecheck\b/, 'framework type check'],
  [/\bprettier\s[^\n]*(?:--check\b|--list-different\b|(?<!\S)-l\b)/, 'prettier --check'],
  [/golangci-lint/, 'golangci-lint'],
  [/\bgo\s+vet\b/, 'go vet'],
  [/\bstaticcheck\b/, 'staticcheck'],
  [/\bcheckstyle\b/i, 'checkstyle'],
  [/\bspotbugs\b/i, 'spotbugs'],
  [/\bpmd\b/, 'PMD'],
  [/\bktlint\b/, 'ktlint'],
  [/\bdetekt\b/, 'detekt'],
  [/\brubocop\b|\bstandardrb\b/, 'rubocop'],
  // ERB template linters: erb_lint (erblint) and Herb's analyzer.
  [/\berb_?lint\b|\bherb\s+(?:analyze|lint)\b|\bherb-lint\b/, 'ERB lint'],
  // Pronto runs the linters of its runner gems (pronto-rubocop, pronto-eslint …) on the changed lines.
  [/\bpronto\s+run\b/, 'pronto'],
  [/\bclippy\b/, 'clippy'],
  [/\bcargo\s+fmt\b[^\n]*--check/, 'cargo fmt --check'],
  // prek is a drop-in runner for the same .pre-commit-config.yaml.
  [/\b(?:pre-commit|prek)\s+run\b|pre-commit\/action|prek-action/, 'pre-commit'],
  [/super-linter/i, 'super-linter'],
  [/megalinter/i, 'MegaLinter'],
  [/\bhadolint\b/i, 'hadolint'],
  [/\bshellcheck\b/i, 'shellcheck'],
  [/\bstylelint\b/, 'stylelint'],
  // `dotnet format`, or the older standalone tool run as a command (not `dotnet tool install -g dotnet-format`).
  [/\bdotnet\s+format\b|(?:^|[;&|(]\s*)dotnet-format\b/m, 'dotnet format'],
  // SonarScanner's analysis (bugs, code smells, a quality gate): `dotnet sonarscanner begin …` before the build, the
  // SonarCloud/SonarQube scan actions, `mvn sonar:sonar`, the sonar-scanner CLI (installing the tool runs nothing).
  [
    /\bdotnet[\s-]sonarscanner\s+begin\b|SonarSource\/(?:sonarcloud-github-action|sonarqube-scan-action)\b|\bsonar:sonar\b|(?:^|[;&|]\s*)sonar-scanner(?=\s|$)/m,
    'SonarScanner',
  ],
  [/\bphpstan\b|\blarastan\b/, 'PHPStan'],
  [/\bpsalm\b/, 'Psalm'],
  [/\bphp-cs-fixer\b[^\n]*(?:--dry-run|check)|\bphp-cs-fixer\s+check\b/, 'PHP-CS-Fixer'],
  [/\bpint\b[^\n]*--test|\bvendor\/bin\/pint\b/, 'Pint'],
  [/\bphpcs\b/, 'PHP_CodeSniffer'],
  [/\bphpmd\b/, 'PHPMD'],
  [/\brector\b[^\n]*--dry-run/, 'Rector'],
  [/\bmix\s+credo\b/, 'Credo'],
  [/\bmix\s+dialyzer\b/, 'Dialyzer'],
  [/\bmix\s+format\s[^\n]*--check-formatted\b/, 'mix format --check-formatted'],
  [/\bmix\s+compile\s[^\n]*--warnings-as-errors\b/, 'mix compile --warnings-as-errors'],
  [/\bmago\s+(?:lint|analy[sz]e|format\s+--check)\b/, 'mago'],
  [/\bspotless(?:Check|:check)\b/, 'spotless'],
  [
    /\b(?:turbo|nx)\b[^\n]*\b(?:lint|typecheck)\b|\blerna\s+run\s+lint\b|\bpnpm\s+(?:-r|--recursive)\s+(?:run\s+)?lint\b/,
    'workspace lint',
  ],
];

const TOOLS: Record<CiCheckKind, [RegExp, string][]> = {
  tests: TEST_TOOLS,
  security: SECURITY_TOOLS,
  lint: LINT_TOOLS,
};

/** Script/target names that suggest a kind when their body is not recognised. */
const NAME_HINT: Record<CiCheckKind, RegExp> = {
  // Dotted make targets name a group and its member (`make test.unit`, `make themes.lint`).
  tests:
    /^(test|tests|check|ci|spec|unit|test[:_.-](?!\w*lint\b|black\b|ruff\b|flake8\b|mypy\b|pyright\w*|shfmt\b|fmt\b|format\b|type-coverage\b)[\w:.-]+|(?:ci[:_.-])?unit[:_.-]?tests?|ci[:_.-]tests?|[\w-]+\.(?:test|tests|unit))$/,
  security: /^(audit|security|sec|scan|vuln[\w-]*|sast|security[:_-][\w-]+)$/,
  lint: /^(lint|lint[:_.-][\w:.-]+|typecheck|type-check|types|check-types|tsc|format[:_-]check|fmt[:_-]check|vet|style|check[:_-](lint|types|format)|[\w-]+\.(?:lint|pylint|eslint|stylelint|ruff|black|flake8|mypy|pyright|typecheck)(?:[_.-][\w-]+)?)$/,
};

const INSTALL =
  /^\s*(?:sudo\s+)?(?:python[\d.]*\s+-m\s+)?(?:pip3?\s+(?:install|download)|uv\s+(?:pip\s+install|add|tool\s+install|sync)|pipx\s+install|poetry\s+(?:add|install)|npm\s+(?:i|install|ci)(?:\s|$)|yarn\s+(?:add|global|install)(?:\s|$)|pnpm\s+(?:add|i|install)(?:\s|$)|apt(?:-get)?\s|apk\s|yum\s|dnf\s|brew\s|gem\s+install|go\s+(?:install|get)\s|cargo\s+(?:install|binstall)\s|curl\s|wget\s|echo\s|export\s)/;
// `-DskipTests` alone or `=true` skips the suite; `=false` or a CI expression (`-DskipTests=${{ matrix.os == 'windows' }}`)
// runs it, at least in some of the job's runs. `go test -run=XXX -bench .` selects no test, only the benchmarks.
// Pest's `--type-coverage` reports the type coverage and exits: no test runs.
const SKIP_TESTS =
  /\bpest\b[^\n]*?\s--type-coverage\b|-DskipTests(?:=true)?(?![\w.=$])|-Dmaven\.test\.skip(?:=true)?(?![\w.=$])|\s-x\s+test\b|--exclude-task\s+test\b|\bgo\s+test\b[^\n]*\s-(?:test\.)?run[= ]["']?(?:\^\$|XXX|xxx|NONE|none|NOTHING|nothing)["']?(?=\s|$)/;
const NPM_PLACEHOLDER = /no test specified/;

/**
 * A command run inside a nix-shell (`nix-shell --command "make test"`, `nix-shell shell.nix --run 'cargo test'`) is
 * that command; it is quoted, so it is unwrapped before the text is split into commands.
 */
function unwrapNixShell(text: string): string {
  if (!text.includes('nix-shell')) return text;
  return text.replace(
    /\bnix-shell\b(?:[ \t]+(?!--run\b|--command\b)[^\s"']+)*[ \t]+--(?:run|command)[ \t]+(?:"([^"\n]*)"|'([^'\n]*)')/g,
    (_m, dq: string | undefined, sq: string | undefined) => dq ?? sq ?? '',
  );
}

function splitCommands(text: string): string[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n|&&|\|\||;/)
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('#'));
}

/** A project path or file glob naming test projects (`tests/Api.Tests`, `*.UnitTests.csproj`, `-Path "Tests"`). */
const TEST_PROJECT = /(?:(?<![A-Za-z])[Tt]|(?<=[a-z])T)ests?(?:\.csproj)?(?=[/\\"'\s]|$)/;

/**
 * The variables of a script that walk test projects: PowerShell's `foreach ($p in $projects)` over a list gathered from
 * test project files (`$projects = Get-ChildItem … | Where-Object { $_.Name -like "*.Tests.csproj" }`, continued over
 * lines ending in `|`), or a shell `for p in tests/*.Tests.csproj`.
 */
function testProjectVariables(text: string): Set<string> {
  const lists = new Set<string>();
  for (const m of text.matchAll(/\$(\w+)\s*=\s*((?:[^\n]*\|[ \t]*\r?\n)*[^\n]*)/g))
    if (/\.csproj\b/i.test(m[2]!) && TEST_PROJECT.test(m[2]!)) lists.add(m[1]!.toLowerCase());
  const vars = new Set<string>();
  for (const m of text.matchAll(/\bforeach\s*\(\s*\$(\w+)\s+in\s+([^)\n]*)\)/gi)) {
    const list = /^\$(\w+)\s*$/.exec(m[2]!)?.[1];
    if (list ? lists.has(list.toLowerCase()) : TEST_PROJECT.test(m[2]!)) vars.add(m[1]!.toLowerCase());
  }
  for (const m of text.matchAll(/\bfor\s+(\w+)\s+in\s+([^;\n]*)/g))
    if (/\.csproj\b|\bfind\b/.test(m[2]!) && TEST_PROJECT.test(m[2]!)) vars.add(m[1]!.toLowerCase());
  return vars;
}

/**
 * `dotnet run --project` of a test project: xUnit v3 and Microsoft Testing Platform test projects build into
 * programs that run their tests. The project is named by its path or by a variable walking test projects.
 */
function dotnetRunsTestProject(seg: string, loopVars: Set<string>): Classified | undefined {
  const project = /\bdotnet\s+run\b[^\n]*?\s--project[\s=]+(\S+)/.exec(seg)?.[1];
  if (!project) return undefined;
  const variable = /^["']?\$(?:\(\$|\{)?(\w+)/.exec(project)?.[1];
  const tests = variable ? loopVars.has(variable.toLowerCase()) : TEST_PROJECT.test(project);
  return tests ? { tool: 'dotnet run (test project)', confidence: 'high' } : undefined;
}

interface Classified {
  tool: string;
  confidence: 'high' | 'low';
  via?: string;
  /** The command (one segment of a multi-line script) that matched. */
  cmd?: string;
}

/** A make variable reference (`$(GOLANGCI_LINT)`, `${GOBIN}`). */
const MAKE_VAR = /\$[({]\w+[)}]/;
/** A prerequisite named by a variable, as makeTarget lists it (`make $(LINT)`): a file the target builds. */
const MAKE_VAR_GOAL = new RegExp(`^make ${MAKE_VAR.source}$`);

/**
 * The commands of a Makefile rule's recipe from line index `from`: its tab-indented lines (blank ones skipped), a
 * command continued over several lines (`\` at the end) one line however its continuations are indented, without the
 * `@`/`-` prefixes.
 */
function recipeLines(lines: readonly string[], from: number): string[] {
  const body: string[] = [];
  for (let j = from; j < lines.length && /^\t|^\s*$/.test(lines[j]!); j++) {
    let cmd = lines[j]!.trim();
    while (cmd.endsWith('\\') && j + 1 < lines.length) cmd = `${cmd.slice(0, -1)}${lines[++j]!.trim()}`;
    if (cmd) body.push(cmd.replace(/^[@-]+/, ''));
  }
  return body;
}

/**
 * The decorators written right above the Python function defined on line `def` (0-based): `@…` lines and the lines
 * continuing one (inside its open brackets), up to the first line that is neither (a blank line, the previous
 * function's body).
 */
function decoratorsAbove(lines: readonly string[], def: number): string {
  const out: string[] = [];
  let pending: string[] = [];
  // Brackets the pending lines close but do not open: an `@…(` line above must open them.
  let open = 0;
  for (let j = def - 1; j >= 0; j--) {
    const l = lines[j]!;
    const t = l.trim();
    if (t.startsWith('@')) {
      out.push(l, ...pending);
      pending = [];
      open = 0;
      continue;
    }
    if (!t) break;
    open += (l.match(/[)\]}]/g)?.length ?? 0) - (l.match(/[([{]/g)?.length ?? 0);
    if (open <= 0) break;
    pending.push(l);
  }
  return out.join('\n');
}

/** psake's parameters that take a value (`-framework 4.8`, `-parameters @{ … }`): the value is no task. */
const PSAKE_VALUED = /^-(?:framework|parameters|properties|initialization)$/i;

/**
 * The build file and first task of a psake run (`invoke-psake ci`, `./psake.sh Build`, `Invoke-psake build.ps1 Test`,
 * `Invoke-psake -buildFile ./build.ps1 -taskList Test -nologo`): named or positional, switches and their values
 * skipped. Undefined when the segment does not start psake.
 */
export function psakeArgs(seg: string): { file?: string; task?: string } | undefined {
  const head = /^(?:invoke-psake|(?:\.[\\/])?psake(?:\.cmd|\.sh|\.ps1)?)(?=[ \t]|$)/i.exec(seg.trim());
  if (!head) return undefined;
  const words = seg
    .trim()
    .slice(head[0].length)
    .split(/[ \t]+/)
    .filter(Boolean);
  let file: string | undefined;
  let task: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (/^-buildFile$/i.test(w)) file ??= words[++i];
    else if (/^-taskList$/i.test(w)) task ??= words[++i]?.split(',')[0];
    else if (PSAKE_VALUED.test(w)) {
      // A hashtable value (`@{ Configuration = 'Release' }`) runs to its closing brace.
      if (words[++i]?.startsWith('@{')) while (i < words.length && !words[i]!.endsWith('}')) i++;
    } else if (w.startsWith('-') || w.startsWith('@')) continue;
    else if (/\.ps1$/i.test(w) && file === undefined && task === undefined) file = w;
    else task ??= w.split(',')[0];
  }
  return { ...(file ? { file } : {}), ...(task ? { task } : {}) };
}

/** Reads package.json scripts and Makefile targets so `npm test` / `make lint` can be looked through. */
export class CommandResolver {
  constructor(private readonly repo: RepoIndex) {}

  npmScript(name: string): { script?: string; file?: string } {
    for (const p of [
      'package.json',
      ...this.repo
        .byName(/^package\.json$/)
        .map((f) => f.path)
        .filter((p) => p !== 'package.json'),
    ]) {
      const pkg = this.repo.json(p) as { scripts?: Record<string, string> } | undefined;
      const s = pkg?.scripts?.[name];
      if (typeof s === 'string') return { script: s, file: p };
    }
    return {};
  }

  /**
   * What a Cake build script runs for a target (the `target` argument's default when none is given): the bodies of the
   * target's task and of every task it depends on (`.IsDependentOn("Test")`), across the files the script `#load`s,
   * with Cake's tool aliases written as the commands they run (`DotNetTest(…)` is `dotnet test`).
   */
  cakeTarget(file: string, target: string | undefined): { script?: string; file?: string } {
    const main = path.posix.normalize(file.replace(/\\/g, '/').replace(/^\.\//, ''));
    const text = this.repo.read(main);
    if (text === undefined) return {};
    const loads = [...text.matchAll(/^\s*#load\s+["']([^"']+\.cake)["']/gm)].map((m) =>
      path.posix.normalize(path.posix.join(path.posix.dirname(main), m[1]!.replace(/\\/g, '/'))),
    );
    const all = [text, ...loads.map((l) => this.repo.read(l) ?? '')].join('\n');
    const tasks = new Map<string, string>();
    const starts = [...all.matchAll(/\bTask\s*\(\s*"([\w-]+)"\s*\)/g)];
    for (const [i, m] of starts.entries()) tasks.set(m[1]!, all.slice(m.index!, starts[i + 1]?.index ?? all.length));
    const wanted =
      target ?? /\bArgument\s*(?:<\s*string\s*>)?\s*\(\s*"target"\s*,\s*"([\w-]+)"/i.exec(all)?.[1] ?? 'Default';
    const seen = new Set<string>();
    const bodies: string[] = [];
    const visit = (name: string): void => {
      const body = tasks.get(name);
      if (body === undefined || seen.has(name)) return;
      seen.add(name);
      for (const d of body.matchAll(/\.IsDependentOn\s*\(\s*"([\w-]+)"\s*\)/g)) visit(d[1]!);
      bodies.push(body);
    };
    visit(wanted);
    const script = bodies
      .join('\n')
      .replace(/\bDotNet(?:Core)?Test\s*\(|\b(?:XUnit2|NUnit3|VSTest|MSTest)\s*\(/g, '\ndotnet test (')
      .replace(/\bDotNet(?:Core)?Format(?:Style|Whitespace|Analyzers)?\s*\(/g, '\ndotnet format (');
    return bodies.length ? { script, file: main } : {};
  }

  /**
   * What a psake build runs for a task (`default` when none is named): the bodies of the task and of every task it
   * `-depends` on, in psakefile.ps1 (or default.ps1, or the build file named). Task names are PowerShell's: any case.
   */
  psakeTask(file: string | undefined, task: string | undefined): { script?: string; file?: string } {
    const main = [file, 'psakefile.ps1', 'default.ps1']
      .filter((f): f is string => !!f)
      .map((f) => path.posix.normalize(f.replace(/\\/g, '/').replace(/^\.\//, '')))
      .find((f) => this.repo.has(f));
    const text = main === undefined ? undefined : this.repo.read(main);
    if (main === undefined || text === undefined) return {};
    const tasks = new Map<string, string>();
    const starts = [...text.matchAll(/^[ \t]*task[ \t]+([\w?-]+)/gim)];
    for (const [i, m] of starts.entries())
      tasks.set(m[1]!.toLowerCase(), text.slice(m.index!, starts[i + 1]?.index ?? text.length));
    const seen = new Set<string>();
    const bodies: string[] = [];
    const visit = (name: string): void => {
      const body = tasks.get(name.toLowerCase());
      if (body === undefined || seen.has(name.toLowerCase())) return;
      seen.add(name.toLowerCase());
      const deps = /-depends(?:On)?[ \t]+([\w?, \t-]+)/i.exec(body.split('\n')[0]!)?.[1] ?? '';
      for (const d of deps.split(',')) if (d.trim() && !d.trim().startsWith('-')) visit(d.trim().split(/\s/)[0]!);
      bodies.push(body);
    };
    visit(task ?? 'default');
    return bodies.length ? { script: bodies.join('\n'), file: main } : {};
  }

  /**
   * What a .NET build program (a console project `dotnet run --project build` starts: Bullseye's
   * `Target("test", DependsOn(Build), () => Run("dotnet", "test …"))` or NUKE's
   * `Target Test => _ => _.DependsOn(Compile).Executes(() => DotNetTest(…))`) runs for the targets it is given (Bullseye's
   * `default`, or NUKE's `Execute<Build>(x => x.Compile)`, when none is): the bodies of those targets and of every target
   * they depend on, with the processes they start (`Run`/`RunAsync`/`ReadAsync` of SimpleExec, NUKE's `DotNetTest`,
   * `DotNetFormat`) written as the commands they run. Empty when the project defines no targets.
   */
  dotnetBuildProgram(project: string, targets: string[]): { script?: string; file?: string } {
    const ref = path.posix.normalize(
      project
        .replace(/\\/g, '/')
        .replace(/^["']|["']$/g, '')
        .replace(/^\.\//, ''),
    );
    const dir = /\.csproj$/i.test(ref) ? path.posix.dirname(ref) : ref;
    const prefix = dir === '.' ? '' : `${dir}/`;
    // By name: a build program's folder (`build/`) is no source of the service's own.
    const files = this.repo
      .byName(/\.cs$/)
      .filter((f) => f.path.startsWith(prefix) && !/(^|\/)(?:bin|obj)\//.test(f.path.slice(prefix.length)));
    const text = files.map((f) => this.repo.read(f.path) ?? '').join('\n');
    const consts = new Map<string, string>();
    for (const m of text.matchAll(/\bconst\s+string\s+(\w+)\s*=\s*"([\w:-]+)"/g)) consts.set(m[1]!, m[2]!);
    const nameOf = (token: string): string => {
      const t = token.trim();
      const lit = /^"([\w:-]+)"$/.exec(t)?.[1];
      return (lit ?? consts.get(t) ?? t).toLowerCase();
    };
    const starts = [...text.matchAll(/\bTarget\s*\(\s*("[\w:-]+"|\w+)\s*,|\bTarget\s+(\w+)\s*=>/g)];
    const blocks = new Map<string, string>();
    for (const [i, m] of starts.entries())
      blocks.set(nameOf(m[1] ?? m[2]!), text.slice(m.index!, starts[i + 1]?.index ?? text.length));
    if (!blocks.size) return {};
    const nukeDefault = /\bExecute\s*<\s*\w+\s*>\s*\(\s*(\w+)\s*=>\s*\1\.(\w+)/.exec(text)?.[2];
    const wanted = targets.length ? targets : [nukeDefault ?? 'default'];
    const seen = new Set<string>();
    const bodies: string[] = [];
    const visit = (name: string): void => {
      const key = name.toLowerCase();
      const body = blocks.get(key);
      if (body === undefined || seen.has(key)) return;
      seen.add(key);
      // Dependencies: NUKE's `.DependsOn(A, B)`, Bullseye's `DependsOn(A)`, `dependsOn: […]` or the list right after
      // the name (`Target(Test, [Build], …)`); a list naming no target is a Bullseye `forEach` input list.
      const deps = [...body.matchAll(/\bDependsOn\s*\(([^)]*)\)/gi)].flatMap((m) => m[1]!.split(','));
      const first =
        /^\bTarget\s*\(\s*(?:"[\w:-]+"|\w+)\s*,\s*(?:new\s*(?:string)?\s*\[\s*\]\s*)?[[{]([^\]}]*)[\]}]/.exec(
          body,
        )?.[1];
      const listed = first?.split(',').filter((d) => d.trim()) ?? [];
      if (listed.every((d) => blocks.has(nameOf(d)))) deps.push(...listed);
      for (const d of deps) if (d.trim()) visit(nameOf(d));
      bodies.push(body);
    };
    for (const t of wanted) visit(t);
    const script = bodies
      .join('\n')
      .replace(
        /\b(?:Run|RunAsync|ReadAsync|Read)\s*\(\s*"([\w.-]+)"\s*,\s*\$?@?\$?"([^"\n]*)"/g,
        (_m, program: string, args: string) => `\n${program} ${args}\n`,
      )
      .replace(/\bDotNetTest\s*\(/g, '\ndotnet test (')
      .replace(/\bDotNetFormat\s*\(/g, '\ndotnet format (');
    return bodies.length ? { script, file: dir } : {};
  }

  /**
   * The commands a Dagger pipeline written in Go runs in its containers (`WithExec([]string{"mix", "test"})`), one
   * per line: every `WithExec` of the Go module that imports dagger.io/dagger and holds the program `go run` or
   * `mage` starts (`go run main.go ci` in its folder). Which of its functions the step picks is not followed.
   */
  daggerGoCommands(target: string | undefined): { commands?: string; dir?: string } {
    const pipelines = this.repo.memo('ci:dagger-go', () => {
      const dirs = new Set<string>();
      for (const f of this.repo.select({ languages: ['go'], kinds: ['source'] }))
        if (/["']dagger\.io\/dagger["']/.test(this.repo.read(f.path) ?? '')) {
          // The Go module around the file: the nearest go.mod above it.
          let d = path.posix.dirname(f.path);
          while (d !== '.' && !this.repo.has(`${d}/go.mod`)) d = path.posix.dirname(d);
          dirs.add(d);
        }
      return [...dirs].map((dir) => {
        const cmds: string[] = [];
        for (const f of this.repo.select({ languages: ['go'], kinds: ['source'] })) {
          if (dir !== '.' && !f.path.startsWith(`${dir}/`)) continue;
          for (const m of (this.repo.read(f.path) ?? '').matchAll(/\bWithExec\(\s*\[\]string\{([^}]*)\}/g)) {
            const words = [...m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((w) => w[1]!);
            if (words.length) cmds.push(words.join(' '));
          }
        }
        return { dir, commands: cmds.join('\n') };
      });
    });
    const t = (target ?? '').replace(/^\.\//, '');
    const hit = pipelines.find(
      (p) =>
        p.commands &&
        (!t ||
          t === '.' ||
          this.repo.has(path.posix.join(p.dir, t)) ||
          this.repo.hasDir(path.posix.join(p.dir, t)) ||
          (p.dir !== '.' && (t === p.dir || t.startsWith(`${p.dir}/`)))),
    );
    return hit ? { commands: hit.commands, dir: hit.dir } : {};
  }

  /**
   * The commands a mage target runs (`mage test`, `go run mage.go lint:all`): the target's function in the magefiles
   * (`//go:build mage`; `lint:all` is the method All of the `Lint` namespace), with the targets it depends on
   * (`mg.Deps(l.Go, Test)`) or calls (`Gen{}.All()`), each call with two or more string arguments written as one
   * command line of them (`sh.RunV("go", "test", "./...")` is `go test ./...`).
   */
  mageTarget(target: string): { commands?: string; file?: string } {
    const targets = this.repo.memo('ci:mage', () => {
      const out = new Map<string, { ns: string; body: string; file: string }>();
      for (const f of this.repo.byName(/\.go$/)) {
        const text = this.repo.read(f.path) ?? '';
        if (!/^\/\/(?:go:build|\s*\+build)\s+mage\b/m.test(text)) continue;
        for (const m of text.matchAll(
          /^func[ \t]+(?:\([ \t]*(?:\w+[ \t]+)?\*?(\w+)[ \t]*\)[ \t]*)?(\w+)[ \t]*\([^)\n]*\)[^{\n]*\{/gm,
        )) {
          const body = bracketBody(text, m.index + m[0].length - 1, 20000);
          const ns = (m[1] ?? '').toLowerCase();
          if (body !== undefined) out.set(`${ns ? `${ns}:` : ''}${m[2]!.toLowerCase()}`, { ns, body, file: f.path });
        }
      }
      return out;
    });
    const lines: string[] = [];
    const seen = new Set<string>();
    const visit = (key: string): void => {
      const t = targets.get(key);
      if (!t || seen.has(key)) return;
      seen.add(key);
      const body = t.body.replace(/\bmg\.GoCmd\(\)/g, '"go"');
      // Dependencies and calls: `l.Go` (the receiver's namespace), `Lint{}.Go` / `Gen{}.All()`, `Test`.
      for (const d of body.matchAll(/\bmg\.(?:Serial)?(?:Ctx)?Deps\(([^)]*)\)/g))
        for (const dep of d[1]!.matchAll(/(?:\b(\w+)(\{\})?\.)?\b(\w+)\b/g)) {
          if (dep[1] === 'ctx' || dep[3] === 'ctx') continue;
          const ns = dep[2] || /^[A-Z]/.test(dep[1] ?? '') ? dep[1]!.toLowerCase() : dep[1] ? t.ns : '';
          visit(`${ns ? `${ns}:` : ''}${dep[3]!.toLowerCase()}`);
        }
      for (const c of body.matchAll(/\b([A-Z]\w*)\{\}\.(\w+)\(/g))
        visit(`${c[1]!.toLowerCase()}:${c[2]!.toLowerCase()}`);
      for (const call of body.matchAll(/\w\(/g)) {
        const args = bracketBody(body, call.index + 1, 2000) ?? '';
        const words = [...args.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((w) => w[1]!);
        if (words.length >= 2) lines.push(words.join(' '));
      }
    };
    const key = target.toLowerCase();
    visit(key);
    return lines.length ? { commands: lines.join('\n'), file: targets.get(key)!.file } : {};
  }

  /** A deno.json / deno.jsonc task (a string, or `{ command }`), read like a package.json script. */
  denoTask(name: string): { script?: string; file?: string } {
    for (const f of this.repo.byName(/^deno\.jsonc?$/)) {
      const task = (this.repo.json(f.path) as { tasks?: Record<string, unknown> } | undefined)?.tasks?.[name];
      const cmd =
        typeof task === 'string'
          ? task
          : typeof (task as { command?: unknown } | undefined)?.command === 'string'
            ? (task as { command: string }).command
            : undefined;
      if (cmd !== undefined) return { script: cmd, file: f.path };
    }
    return {};
  }

  /** A composer.json script (a string or a list; `@php x` runs php x, `@other` another script) or a mix.exs alias. */
  composerScript(name: string): { script?: string; file?: string } {
    for (const f of this.repo.byName(/^composer\.json$/)) {
      const s = (this.repo.json(f.path) as { scripts?: Record<string, unknown> } | undefined)?.scripts?.[name];
      const list = typeof s === 'string' ? [s] : Array.isArray(s) ? s.filter((x) => typeof x === 'string') : [];
      if (list.length)
        return {
          script: list
            .map((c) =>
              String(c)
                .replace(/^@php\s+/, 'php ')
                .replace(/^@(?=[\w:.-]+$)/, 'composer '),
            )
            .join('\n'),
          file: f.path,
        };
    }
    return {};
  }

  /**
   * What `rake [task]` runs, as commands: prerequisites (`task default: %i[quality spec]`), task libraries
   * (RSpec::Core::RakeTask → rspec, Rake::TestTask → rake test, RuboCop::RakeTask → rubocop, Reek), `sh` lines of a
   * task block, and Rails' own default task (test, or spec with rspec-rails).
   */
  rakeTask(name = 'default'): { script?: string; file?: string } {
    // The Rakefile, rakelib/ (loaded by rake itself), lib/tasks/ (Rails), and the task files the Rakefile imports or
    // loads by path (`import "tasks/linting.rake"`, `load "build/release.rake"`).
    const imported = [
      ...(this.repo.read('Rakefile') ?? '').matchAll(/^\s*(?:import|load)\s*\(?\s*["']([\w./-]+\.rake)["']/gm),
    ]
      .map((m) => path.posix.normalize(m[1]!.replace(/^\.\//, '')))
      .filter((p) => !p.startsWith('../'));
    const files = this.repo.files
      .filter(
        (f) => /^(Rakefile|rakelib\/[^/]+\.rake|lib\/tasks\/[^/]+\.rake)$/.test(f.path) || imported.includes(f.path),
      )
      .map((f) => f.path);
    const esc = escapeRegExp(name);
    const out: string[] = [];
    let file: string | undefined;
    // A namespaced task (`rake ci:other`) is `task other: …` inside `namespace :ci do`.
    const ns = name.includes(':') ? name.slice(0, name.lastIndexOf(':')) : undefined;
    const leaf = ns ? escapeRegExp(name.slice(ns.length + 1)) : esc;
    const inNamespace = (text: string) =>
      !ns || new RegExp(`^\\s*namespace\\s*\\(?\\s*(?::|["'])${escapeRegExp(ns.split(':').pop()!)}\\b`, 'm').test(text);
    const prerequisites = (names: string[]) =>
      new RegExp(
        `^\\s*task\\s*\\(?\\s*(?:${names.map((n) => `:${n}\\s*=>|${n}:|["']${n}["']\\s*=>`).join('|')})\\s*(%[iw][\\[(][^\\])]*[\\])]|\\[[^\\]]*\\]|:[\\w:]+|["'][\\w:]+["'])`,
        'gm',
      );
    for (const p of files) {
      const text = this.repo.read(p) ?? '';
      // The task by its full name anywhere, by its short name only inside its namespace's block.
      const matches = [...text.matchAll(prerequisites([esc]))];
      if (ns)
        for (const block of namespaceBlocks(this.repo.lines(p), ns.split(':').pop()!))
          matches.push(...block.matchAll(prerequisites([leaf])));
      for (const m of matches) {
        const list = m[1]!.replace(/^%[iw][[(]|[\])]$/g, '').replace(/^\[|\]$/g, '');
        for (const t of list
          .split(/[\s,]+/)
          // `rake:cucumber` names the top-level task from inside a namespace.
          .map((x) => x.replace(/^:|["']/g, '').replace(/^rake:/, ''))
          .filter(Boolean))
          if (t !== 'environment') out.push(`rake ${t}`);
        file ??= p;
      }
      const libs: [RegExp, string, string][] = [
        [/\bRSpec::Core::RakeTask\.new\b\s*(?:\(\s*:?["']?([\w:]+))?/g, 'spec', 'rspec'],
        [/\b(?:Rake::TestTask\.new|Minitest::TestTask\.create)\b\s*(?:\(\s*:?["']?([\w:]+))?/g, 'test', 'rake test'],
        [/\bRuboCop::RakeTask\.new\b\s*(?:\(\s*:?["']?([\w:]+))?/g, 'rubocop', 'rubocop'],
        [/\bReek::Rake::Task\.new\b\s*(?:\(\s*:?["']?([\w:]+))?/g, 'reek', 'reek'],
      ];
      for (const [re, def, cmd] of libs)
        for (const m of text.matchAll(re))
          if ((m[1] ?? def) === name) {
            out.push(cmd);
            file ??= p;
          }
      // task :name do … sh "…" / system("…") … end
      const lines = this.repo.lines(p);
      if (!inNamespace(text)) continue;
      const head = new RegExp(`^(\\s*)task\\s*\\(?\\s*(?::${leaf}\\b|${leaf}:|["']${leaf}["'])[^\\n]*\\bdo\\b`);
      for (let i = 0; i < lines.length; i++) {
        const h = head.exec(lines[i]!);
        if (!h) continue;
        for (let j = i + 1; j < lines.length && !new RegExp(`^${h[1]}end\\b`).test(lines[j]!); j++) {
          const c = /\b(?:sh|system)\s*\(?\s*["']([^"']+)["']/.exec(lines[j]!);
          if (c) out.push(c[1]!);
          // A command built in a %{…} string first (`cmd = %{bundle exec standardrb …}`, then `system(cmd)`).
          else {
            const built = /^\s*\w+\s*=\s*%[qQ]?\{([^}]+)\}/.exec(lines[j]!);
            if (built && /^\s*(?:bundle\s+exec|bin\/|npx|yarn|npm)\b/.test(built[1]!)) out.push(built[1]!);
          }
        }
        file ??= p;
      }
    }
    if (
      !out.length &&
      name === 'default' &&
      // `Rails.application.load_tasks`, or the application class by name (`Huginn::Application.load_tasks`).
      /\b(?:Rails\.application|[A-Z]\w*(?:::[A-Z]\w*)*::Application)\.load_tasks\b/.test(
        this.repo.read('Rakefile') ?? '',
      )
    ) {
      const rspec = /^\s*gem\s+["']rspec-rails["']/m.test(this.repo.read('Gemfile') ?? '');
      return { script: rspec ? 'rspec' : 'rails test', file: 'Rakefile' };
    }
    return out.length ? { script: out.join('\n'), file } : {};
  }

  mixAlias(name: string): { script?: string; file?: string } {
    // `mix do a + b` is the built-in task chaining, and `do:` in mix.exs Elixir's block keyword: never an alias.
    if (name === 'do') return {};
    for (const f of this.repo.byName(/^mix\.exs$/)) {
      const text = this.repo.read(f.path) ?? '';
      const esc = escapeRegExp(name);
      // check: ["format --check-formatted", "credo"] or check: "check --config=tooling/.check.exs"
      const m =
        new RegExp(`(?:^|[\\s,\\[])"?${esc}"?:\\s*\\[([^\\]]*)\\]`, 'm').exec(text) ??
        new RegExp(`(?:^|[\\s,\\[])"?${esc}"?:\\s*("[^"\\n]+")`, 'm').exec(text);
      if (!m) continue;
      const tasks = [...m[1]!.matchAll(/"([^"]+)"/g)].map((x) => x[1]!);
      // An alias that calls the task of its own name (`check: "check --config=…"`) runs that task with options.
      const self = tasks.find((t) => t === name || t.startsWith(`${name} `));
      const lines = tasks.map((t) => (/^(?:cmd|run)\b/.test(t) ? t : `mix ${t}`));
      if (name === 'check' && self !== undefined) {
        const config = /--config[=\s]+(\S+)/.exec(self)?.[1];
        lines.splice(tasks.indexOf(self), 1, ...this.exCheckTools(f.path, config));
      }
      return { script: lines.join('\n'), file: f.path };
    }
    if (name === 'check') {
      const f = this.repo.byName(/^mix\.exs$/)[0];
      const tools = f ? this.exCheckTools(f.path) : [];
      if (tools.length) return { script: tools.join('\n'), file: '.check.exs' };
    }
    return {};
  }

  /**
   * What `mix check` (ex_check) runs: its curated tools when their dependency is in mix.exs (compiler, formatter,
   * ex_unit, credo, sobelow, dialyzer, mix_audit, doctor), minus those the .check.exs config turns off
   * (`{:dialyzer, false}`), plus the commands it adds (`{:sobelow, "mix sobelow --config"}`, `{:lint, "yarn lint"}`).
   */
  exCheckTools(mixExs: string, configPath?: string): string[] {
    const mix = this.repo.read(mixExs) ?? '';
    if (!/\{\s*:ex_check\b/.test(mix)) return [];
    const dir = path.posix.dirname(mixExs);
    const cfgPath = path.posix.normalize(path.posix.join(dir === '.' ? '' : dir, configPath ?? '.check.exs'));
    const cfg = (this.repo.read(cfgPath) ?? '')
      .split('\n')
      .filter((l) => !/^\s*#/.test(l))
      .join('\n');
    const dep = (d: string) => new RegExp(`\\{\\s*:${d}\\s*,`).test(mix);
    const curated: [string, string, boolean][] = [
      ['ex_unit', 'mix test', this.repo.files.some((f) => f.path.startsWith(dir === '.' ? 'test/' : `${dir}/test/`))],
      ['credo', 'mix credo', dep('credo')],
      ['sobelow', 'mix sobelow --exit', dep('sobelow')],
      ['formatter', 'mix format --check-formatted', true],
      ['compiler', 'mix compile --warnings-as-errors --force', true],
      ['dialyzer', 'mix dialyzer', dep('dialyxir')],
      ['mix_audit', 'mix deps.audit', dep('mix_audit')],
      ['doctor', 'mix doctor', dep('doctor')],
    ];
    const out: string[] = [];
    const named = new Set<string>();
    // {:tool, false} | {:tool, "command"} | {:tool, ["cmd", "arg"]} | {:tool, env: …}
    for (const m of cfg.matchAll(/\{\s*:(\w+)\s*,\s*(false|"[^"\n]*"|\[[^\]\n]*\]|[^}\n]*)/g)) {
      named.add(m[1]!);
      if (m[2] === 'false') continue;
      const cmd = /^"/.test(m[2]!)
        ? m[2]!.slice(1, -1)
        : /^\[/.test(m[2]!)
          ? [...m[2]!.matchAll(/"([^"]*)"/g)].map((x) => x[1]).join(' ')
          : undefined;
      const cur = curated.find(([n]) => n === m[1]);
      if (cmd) out.push(cmd);
      else if (cur) out.push(cur[1]);
    }
    for (const [n, cmd, on] of curated) if (on && !named.has(n)) out.push(cmd);
    return out;
  }

  /** The recipe of a Makefile target, looked up first in the Makefile of `dir` (where `cd dir && make` runs it). */
  makeTarget(name: string, dir = ''): { recipe?: string; file?: string } {
    const target = new RegExp(`^${escapeRegExp(name)}\\s*:(?!=)`);
    const own = (f: { path: string }) => path.posix.dirname(f.path).replace(/^\.$/, '') === dir;
    const makefiles = this.repo.byName(/^(GNU)?[Mm]akefile$|\.mk$/);
    let fallback: { recipe?: string; file?: string } = {};
    for (const f of [...makefiles.filter(own), ...makefiles.filter((x) => !own(x))]) {
      const lines = this.repo.lines(f.path);
      const i = lines.findIndex((l) => target.test(l));
      // A target without a rule of its own, or one that lists prerequisites only, takes the recipe of a pattern rule
      // it matches (`app-%:` with `cd app && make $*` runs `make app-test` as `cd app && make test`).
      if (i < 0) {
        const pattern = fallback.file ? undefined : this.makePatternRecipe(lines, name);
        if (pattern !== undefined) fallback = { recipe: pattern, file: f.path };
        continue;
      }
      // Prerequisites continued over several lines (`release-test: \` then one per line, each ending in `\`).
      let last = i;
      let head = lines[i]!.replace(/#.*$/, '');
      while (/\\\s*$/.test(head) && last + 1 < lines.length)
        head = `${head.replace(/\\\s*$/, ' ')}${lines[++last]!.replace(/#.*$/, '')}`;
      const deps = head.replace(/^[^:]*:/, '').trim();
      const body = recipeLines(lines, last + 1);
      const expanded = deps
        .split(/\s+/)
        .filter((d) => d && d !== '|')
        .map((d) => `make ${d}`);
      const pattern = body.length ? undefined : this.makePatternRecipe(lines, name);
      if (pattern !== undefined) body.push(pattern);
      return { recipe: [...expanded, ...body].join('\n'), file: f.path };
    }
    return fallback;
  }

  /** The recipe a pattern rule of a Makefile (`app-%:`) gives `name`, its stem put in place of `$*`. */
  private makePatternRecipe(lines: readonly string[], name: string): string | undefined {
    for (let i = 0; i < lines.length; i++) {
      const rule = /^([\w./-]*)%([\w./-]*)\s*:(?!=)/.exec(lines[i]!);
      if (!rule || name.length <= rule[1]!.length + rule[2]!.length) continue;
      if (!name.startsWith(rule[1]!) || !name.endsWith(rule[2]!)) continue;
      const stem = name.slice(rule[1]!.length, name.length - rule[2]!.length);
      const body = recipeLines(lines, i + 1).map((l) => l.replaceAll('$*', stem).replaceAll('$@', name));
      if (body.length) return body.join('\n');
    }
    return undefined;
  }

  /**
   * `text` once for each value its make variables may take: every value the Makefiles of `dir` (the Makefile and the
   * `.mk` files of that folder, and the files they `include`: bingo's `.bingo/Variables.mk` naming each tool's binary)
   * assign, under any condition (`PUSH_ARG=--push` inside `ifeq ($(PUSH),1)`), and empty, as `make VAR=` overrides it.
   * Variables assigned nowhere stay as written; at most 64 variants.
   */
  makeExpansions(text: string, dir: string): string[] {
    const vars = this.repo.memo(`ci:make-vars:${dir}`, () => {
      const out = new Map<string, Set<string>>();
      const own = this.repo.byName(/^(GNU)?[Mm]akefile$|\.mk$/).filter((f) => path.posix.dirname(f.path) === dir);
      const included = own.flatMap((f) =>
        [...(this.repo.read(f.path) ?? '').matchAll(/^-?s?include[ \t]+([^\n#$]+)/gm)].flatMap((m) =>
          m[1]!
            .trim()
            .split(/\s+/)
            .map((p) => ({ path: path.posix.normalize(path.posix.join(dir, p)) })),
        ),
      );
      for (const f of [...own, ...included])
        for (const m of (this.repo.read(f.path) ?? '').matchAll(
          /^[ \t]*(?:export[ \t]+|override[ \t]+)?(\w+)[ \t]*[:?+!]?=[ \t]*([^\n#]*)/gm,
        ))
          out.set(m[1]!, (out.get(m[1]!) ?? new Set<string>()).add(m[2]!.trim()));
      return out;
    });
    let variants = [text];
    for (const ref of new Set(text.match(new RegExp(MAKE_VAR.source, 'g')))) {
      const values = vars.get(ref.slice(2, -1));
      if (!values) continue;
      variants = variants.flatMap((v) => [...new Set([...values, ''])].map((value) => v.split(ref).join(value)));
      if (variants.length > 64) return variants.slice(0, 64);
    }
    return variants;
  }

  /**
   * The commands a target of the Earthfile in `dir` runs, as shell lines: its RUN commands, earthly/lib/rust's
   * `DO rust+CARGO --args="test"` as `cargo test`, and each target it BUILDs as an `earthly` command (a folder IMPORTed
   * under an alias, `BUILD browser+lint`, by its path relative to `dir`).
   */
  earthlyTarget(dir: string, name: string): string | undefined {
    const file = dir ? `${dir}/Earthfile` : 'Earthfile';
    const text = this.repo.read(file);
    if (text === undefined) return undefined;
    const lines = this.repo.lines(file);
    const start = lines.findIndex((l) => l.startsWith(`${name}:`) && /^[\w-]+:\s*$/.test(l));
    if (start < 0) return undefined;
    const aliases = new Map(
      [...text.matchAll(/^IMPORT\s+(\.{1,2}\/[\w./-]*)\s+AS\s+([\w-]+)/gm)].map((m) => [m[2]!, m[1]!]),
    );
    const out: string[] = [];
    for (let i = start + 1; i < lines.length && /^\s+\S|^\s*$/.test(lines[i]!); i++) {
      const l = lines[i]!.trim();
      const run = /^RUN\s+(?:--[\w-]+(?:=\S+)?\s+)*(.+)$/.exec(l);
      const cargo = /^DO\s+[\w./-]*\+CARGO\b[^\n]*?--args=(?:"([^"]*)"|(\S+))/.exec(l);
      const build = /^BUILD\s+(?:--[\w-]+(?:=\S+)?\s+)*([\w./-]*)\+([\w-]+)/.exec(l);
      if (run) out.push(run[1]!);
      else if (cargo) out.push(`cargo ${cargo[1] ?? cargo[2]}`);
      else if (build) out.push(`earthly ${aliases.get(build[1]!) ?? build[1]}+${build[2]}`);
    }
    return out.join('\n');
  }

  /** The commands of a justfile recipe or a Taskfile task. */
  taskBody(runner: string, name: string): string | undefined {
    if (runner === 'just') {
      const f = this.repo.byName(/^\.?justfile$/i)[0];
      if (!f) return undefined;
      const recipe = new RegExp(`^@?${escapeRegExp(name)}\\b[^:=]*:(?!=)`);
      const lines = this.repo.lines(f.path);
      const i = lines.findIndex((l) => recipe.test(l));
      if (i < 0) return undefined;
      // Dependencies after the colon run first (`check: lint test`, `ci: (test "unit") && report`): as `just <dep>`.
      const deps = lines[i]!.replace(recipe, '')
        .replace(/#.*$/, '')
        .matchAll(/\(\s*([A-Za-z_][\w-]*)[^)]*\)|([A-Za-z_][\w-]*)/g);
      const body: string[] = [...deps].map((d) => `just ${d[1] ?? d[2]}`);
      for (let j = i + 1; j < lines.length && /^\s+\S|^\s*$/.test(lines[j]!); j++)
        if (lines[j]!.trim()) body.push(lines[j]!.trim().replace(/^[@-]+/, ''));
      return body.join('\n');
    }
    if (runner === 'task') {
      const f = this.repo.byName(/^Taskfile(\.dist)?\.ya?ml$/)[0];
      const t = f
        ? (this.repo.yaml(f.path) as { tasks?: Record<string, { cmds?: unknown[] } | undefined> } | undefined)?.tasks?.[
            name
          ]
        : undefined;
      return t?.cmds
        ?.map((c) =>
          typeof c === 'string'
            ? c
            : typeof (c as { cmd?: unknown })?.cmd === 'string'
              ? (c as { cmd: string }).cmd
              : (c as { task?: string })?.task
                ? `task ${(c as { task: string }).task}`
                : '',
        )
        .filter(Boolean)
        .join('\n');
    }
    if (runner === 'invoke' || runner === 'inv') return this.invokeTask(name);
    const py = this.repo.read('pyproject.toml');
    const m = py ? new RegExp(`^\\s*${escapeRegExp(name)}\\s*=\\s*["']([^"']+)["']`, 'm').exec(py) : null;
    return m?.[1];
  }

  /**
   * The body of an Invoke task (`invoke unit-tests` runs `def unit_tests(context, …)` of tasks.py or a tasks/ package):
   * its lines, where the commands it runs (`context.run("pytest …")`, `command = f"coverage run … test"`) are written.
   */
  invokeTask(name: string): string | undefined {
    const fn = name.split('.').pop()!.replace(/-/g, '_');
    const def = new RegExp(`^def\\s+${escapeRegExp(fn)}\\s*\\(`);
    for (const f of this.repo.files.filter((x) => /^(?:tasks\.py|tasks\/[\w/]+\.py)$/.test(x.path))) {
      const lines = this.repo.lines(f.path);
      const i = lines.findIndex((l) => def.test(l));
      if (i < 0) continue;
      const body: string[] = [];
      for (let j = i + 1; j < lines.length && j < i + 400; j++) {
        const l = lines[j]!;
        if (/^[^\s)#]/.test(l)) break;
        if (l.trim() && !/^\s*#/.test(l)) body.push(l.trim());
      }
      return body.join('\n');
    }
    return undefined;
  }

  /**
   * The body of a project's own Flask CLI command (`flask test` runs `def test():` decorated `@click.command()` and
   * added with `app.cli.add_command(test)`, or `@app.cli.command("test")`): its lines, where the tool it runs
   * (`pytest.main([...])`, `subprocess.call(["flake8", …])`) is written. Click names a command after its function,
   * underscores as dashes, unless the decorator names it.
   */
  flaskCommand(name: string): string | undefined {
    return this.repo.memo(`ci:flaskCommand:${name}`, () => this.findFlaskCommand(name));
  }

  private findFlaskCommand(name: string): string | undefined {
    const fn = name.replace(/-/g, '_');
    const named = new RegExp(`\\.command\\(\\s*(?:name\\s*=\\s*)?["']${escapeRegExp(name)}["']`);
    // No name given: `.command()` or only other keywords (`.command(help=…)`), not `name=`.
    const unnamed = /\.command\(\s*(?:\)|(?!name\b)\w+\s*=)/;
    for (const f of this.repo.files) {
      if (!f.path.endsWith('.py') || f.isTest) continue;
      const text = this.repo.read(f.path);
      if (!text?.includes('.command(') || !/^\s*(?:import|from)\s+(?:click|flask)\b/m.test(text)) continue;
      const lines = this.repo.lines(f.path);
      for (let i = 0; i < lines.length; i++) {
        const def = /^(\s*)(?:async\s+)?def\s+(\w+)\s*\(/.exec(lines[i]!);
        if (!def) continue;
        const decorators = decoratorsAbove(lines, i);
        if (!named.test(decorators) && !(def[2] === fn && unnamed.test(decorators))) continue;
        const indent = def[1]!.length;
        const body: string[] = [];
        for (let j = i + 1; j < lines.length && j < i + 200; j++) {
          const l = lines[j]!;
          if (!l.trim()) continue;
          if (l.length - l.trimStart().length <= indent) break;
          // Comments and imports run nothing (`import pytest` is no test run).
          if (!/^\s*(?:#|import\s|from\s)/.test(l)) body.push(l.trim());
        }
        return body.join('\n');
      }
    }
    return undefined;
  }

  /**
   * The commands a gulp (or grunt) task runs: the function registered as the task (`gulp.task("coverage", coverage)`,
   * `exports.lint = lint`), its child-process calls written as commands (`spawn("pipenv", ["run", "pytest"])`,
   * `exec("pipenv run coverage erase")`) one per line.
   */
  gulpTask(name: string): string | undefined {
    const f = this.repo.byName(/^(?:gulpfile|Gruntfile)\.[cm]?[jt]s$/i)[0];
    const text = f ? this.repo.read(f.path) : undefined;
    if (!text) return undefined;
    const esc = escapeRegExp(name);
    const reg =
      new RegExp(
        `\\b(?:gulp|grunt)\\.(?:task|registerTask)\\(\\s*["']${esc}["']\\s*,\\s*([A-Za-z_$][\\w$]*)\\s*\\)`,
      ).exec(text) ?? new RegExp(`\\bexports\\.${esc}\\s*=\\s*([A-Za-z_$][\\w$]*)`).exec(text);
    const fn = reg?.[1];
    if (!fn) return undefined;
    const start = new RegExp(
      `^(?:export\\s+)?(?:async\\s+)?function\\s+${escapeRegExp(fn)}\\s*\\(|^(?:const|let|var)\\s+${escapeRegExp(fn)}\\s*=`,
      'm',
    ).exec(text);
    if (!start) return undefined;
    const rest = text.slice(start.index);
    const end = /\n\}/.exec(rest);
    const body = end ? rest.slice(0, end.index) : rest.slice(0, 4000);
    const cmds: string[] = [];
    // spawn("pipenv", ["run", "coverage", "run", "manage.py", "test"]) and _run(["black", ".", "--check"]).
    for (const m of body.matchAll(/(?:\(\s*["']([\w.-]+)["']\s*,\s*)?\[\s*((?:["'][^"'\n]*["']\s*,?\s*)+)\]/g))
      cmds.push([m[1], ...[...m[2]!.matchAll(/["']([^"'\n]*)["']/g)].map((x) => x[1])].filter(Boolean).join(' '));
    // exec("pipenv run coverage erase"), and command strings split over lines.
    for (const m of body.matchAll(/["']([\w.-]+ [^"'\n]+)["']/g)) cmds.push(m[1]!.trim());
    return cmds.length ? cmds.join('\n') : undefined;
  }

  /** Maven goals bound to the phases `mvn verify` runs, Gradle plugins hooked into `check` (`gradle build`). */
  private buildLifecycle(seg: string, kind: 'lint' | 'security'): Classified | undefined {
    const mvn = /(?:^|[\s/])mvnw?(?:\.cmd)?\s+([^\n]*)/.exec(seg);
    if (mvn) {
      const c = mavenChecksRun(this.repo, mvn[1]!, kind)[0];
      if (c)
        return {
          tool: c.tool,
          confidence: 'high',
          via: `the ${c.tool} plugin's goal is bound to the ${c.phase} phase (${c.file}:${c.line}), which this Maven command runs`,
        };
    }
    const gradle = /(?:^|[\s/])gradlew?(?:\.bat)?\s+([^\n]*)/.exec(seg);
    if (gradle) {
      const c = gradleChecksRun(this.repo, gradle[1]!, kind)[0];
      if (c)
        return {
          tool: c.tool,
          confidence: 'high',
          via: `the ${c.tool} plugin (${c.file}:${c.line}) adds its task to check, which this Gradle command runs`,
        };
    }
    return undefined;
  }

  /** A security scanner a linter runs as part of its own rules, when its configuration enables it. */
  securityInsideLinter(lintTool: string, seg = ''): { tool: string; via: string } | undefined {
    if (lintTool === 'golangci-lint') {
      const cfg = golangciEnables(this.repo, 'gosec', seg);
      return cfg ? { tool: 'gosec (golangci-lint)', via: cfg } : undefined;
    }
    if (lintTool === 'eslint') {
      const cfg = eslintSecurityPlugin(this.repo);
      return cfg ? { tool: 'eslint-plugin-security', via: cfg } : undefined;
    }
    if (lintTool === 'ruff') {
      const cfg = ruffSecurityRules(this.repo);
      return cfg ? { tool: 'flake8-bandit rules (ruff)', via: cfg } : undefined;
    }
    return undefined;
  }

  /** `cwd` is the folder the commands run in (a Makefile recipe runs in the Makefile's folder), '' for the root. */
  classify(text: string, kind: CiCheckKind, depth = 0, cwd = ''): Classified | undefined {
    let weak: Classified | undefined;
    const loopVars = kind === 'tests' && /\bdotnet\s+run\b/.test(text) ? testProjectVariables(text) : new Set<string>();
    for (const seg of splitCommands(unwrapNixShell(text))) {
      const cd = /^cd\s+(["']?)([\w./-]+)\1$/.exec(seg);
      if (cd) {
        cwd = joinCwd(cwd, cd[2]!);
        continue;
      }
      const found =
        (kind === 'tests' ? dotnetRunsTestProject(seg, loopVars) : undefined) ??
        this.classifySegment(seg, kind, depth, cwd);
      const r = found && { ...found, cmd: seg };
      if (r?.confidence === 'high') return r;
      weak ??= r;
    }
    return weak;
  }

  /**
   * `tsc` run bare (`pnpm tsc`, `npx tsc -p tsconfig.json`) with `"noEmit": true` in the tsconfig it reads only checks
   * types, as `tsc --noEmit` does (Next.js, Vite and Remix templates set noEmit).
   */
  private typeCheckOnly(seg: string): Classified | undefined {
    const m = /^(?:(?:npx|pnpm(?:\s+exec)?|yarn|bunx)\s+)?tsc(?:\s+(?:-p|--project)\s+(\S+))?\s*$/.exec(seg.trim());
    if (!m) return undefined;
    const project = m[1]
      ? m[1].endsWith('.json')
        ? m[1]
        : `${m[1].replace(/\/$/, '')}/tsconfig.json`
      : 'tsconfig.json';
    const text = this.repo.read(project.replace(/^\.\//, ''));
    if (!text || !/"noEmit"\s*:\s*true/.test(text)) return undefined;
    return { tool: 'tsc --noEmit', confidence: 'high', via: `${project} sets noEmit: tsc only checks types` };
  }

  /** A Makefile recipe: each line runs in its own shell from the Makefile's folder, so a `cd` lasts one line. */
  private classifyRecipe(recipe: string, kind: CiCheckKind, depth: number, dir: string): Classified | undefined {
    let weak: Classified | undefined;
    for (const line of recipe.split('\n')) {
      const r = this.classify(line, kind, depth, dir);
      if (r?.confidence === 'high') return r;
      weak ??= r;
    }
    return weak;
  }

  /**
   * The commands of the services a `docker compose … up` runs when the step waits for a container's exit status
   * (`--abort-on-container-exit`, `--exit-code-from`); `sh -c "…"` is unwrapped to its script.
   */
  private composeUpCommands(seg: string, cwd: string): ComposeStart[] {
    const m = COMPOSE_UP.exec(seg);
    if (!m || !/--abort-on-container-exit|--exit-code-from\b/.test(m[2]!)) return [];
    const out: ComposeStart[] = [];
    for (const file of this.composeFilesOf(m[1]!, cwd)) {
      const doc = this.repo.yaml(file) as { services?: Record<string, ComposeServiceDef> } | undefined;
      for (const [service, def] of Object.entries(doc?.services ?? {})) {
        for (const v of [def?.entrypoint, def?.command]) {
          const command = shellScriptOf(v);
          if (command) out.push({ how: 'up', service, command });
        }
      }
    }
    return out;
  }

  /** The compose files a `docker compose` command reads: its `-f` flags, or the default names, in its folder. */
  private composeFilesOf(flags: string, cwd: string): string[] {
    const named = [...flags.matchAll(/(?:-f|--file)\s+["']?([^\s"']+)/g)].map((x) => x[1]!);
    return (named.length ? named : ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'])
      .map((f) => joinCwd(cwd, f))
      .filter((f) => this.repo.has(f));
  }

  /**
   * What `docker compose run tests`, given no command, runs: the service's own entrypoint or command, else the start
   * of the image it builds; a script that image starts by a relative path (`./tests-entrypoint.sh`) is the file of
   * that name beside its Dockerfile.
   */
  private composeRunDefault(seg: string, cwd: string): ComposeStart[] {
    const m = COMPOSE_RUN_BARE.exec(seg);
    if (!m) return [];
    for (const file of this.composeFilesOf(m[1]!, cwd)) {
      const def = (this.repo.yaml(file) as { services?: Record<string, ComposeServiceDef> } | undefined)?.services?.[
        m[2]!
      ];
      if (!def) continue;
      const own = shellScriptOf(def.entrypoint) ?? shellScriptOf(def.command);
      if (own) return [{ how: 'run', service: m[2]!, command: own }];
      // Test services are not in the compose fact (it reads what runs the application): the build is read here.
      const build = typeof def.build === 'string' ? { context: def.build } : def.build;
      if (typeof build?.context !== 'string') return [];
      const context = path.posix.join(path.posix.dirname(file), build.context);
      const dockerfile = path.posix.join(
        context,
        typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile',
      );
      const df = parsedDockerfile(this.repo, dockerfile);
      const start = df && imageStartCommand(df, typeof build.target === 'string' ? build.target : undefined);
      if (!start) return [];
      const [first = '', ...rest] =
        start.argv[0] === '/bin/sh' && start.argv[1] === '-c' ? words(start.argv[2] ?? '') : start.argv;
      const beside = path.posix.join(path.posix.dirname(dockerfile), first);
      const command = [first.startsWith('./') && this.repo.has(beside) ? beside : first, ...rest].join(' ');
      return [{ how: 'run', service: m[2]!, command }];
    }
    return [];
  }

  /**
   * A Docker build (`docker build --target test .`, `docker buildx bake phpunit` with the bake target building stage
   * `phpunit`, a plain `docker build .` of the final stage) runs the RUN commands of the stage it builds and of the
   * stages that one copies from or builds on, and one that fails fails the build: a test stage is the step's tests.
   */
  private dockerStageBuild(seg: string, kind: CiCheckKind, depth: number, cwd: string): Classified | undefined {
    const bake = new RegExp(`^\\s*${BAKE_INVOCATION.source}(.*)$`).exec(seg);
    if (bake) {
      const args = bakeCommandArgs(words(bake[1]!));
      return args && this.bakeStageRuns(args.names, kind, depth, cwd);
    }
    const build = /^\s*docker\s+(?:buildx\s+)?build\b(.*)$/.exec(seg);
    if (!build) return undefined;
    const w = words(build[1]!);
    let target: string | undefined;
    let file: string | undefined;
    for (let i = 0; i < w.length; i++) {
      const x = w[i]!;
      if (x === '--target') target = w[++i];
      else if (x.startsWith('--target=')) target = x.slice(9);
      else if (x === '-f' || x === '--file') file = w[++i];
      else if (x.startsWith('--file=')) file = x.slice(7);
    }
    const last = w[w.length - 1];
    const context = last && !last.startsWith('-') && last !== target ? last : '.';
    return this.imageBuildRuns(context, file, target, kind, depth, 'docker build', cwd);
  }

  /** The tests (or checks) a docker/build-push-action step runs as it builds its image. */
  buildActionRuns(inputs: Record<string, unknown> | undefined, kind: CiCheckKind): Classified | undefined {
    const input = (k: string): string | undefined => (typeof inputs?.[k] === 'string' ? inputs[k] : undefined);
    const [context, file, target] = [input('context'), input('file'), input('target')];
    // A build decided by expressions (a matrix of Dockerfiles) is not one Dockerfile to read.
    if ([context, file, target].some((v) => v?.includes('${{'))) return undefined;
    return this.imageBuildRuns(context ?? '.', file, target, kind, 0, 'build-push-action');
  }

  private imageBuildRuns(
    context: string,
    file: string | undefined,
    target: string | undefined,
    kind: CiCheckKind,
    depth: number,
    how: string,
    cwd = '.',
  ): Classified | undefined {
    const dockerfile = path.posix.normalize(
      path.posix.join(cwd || '.', file ?? path.posix.join(context, 'Dockerfile')),
    );
    if (target) return this.stageRuns(dockerfile, target, kind, depth, `${how} --target ${target}`);
    const r = this.stageRuns(dockerfile, undefined, kind, depth, how);
    // The checks are a side effect of building the shipped image: no step of the pipeline names them.
    return r && { ...r, confidence: 'low' };
  }

  /** The tests (or checks) the stages of bake targets run as they are built. */
  bakeStageRuns(names: string[], kind: CiCheckKind, depth = 0, cwd = '.'): Classified | undefined {
    for (const b of bakeBuilds(bakeFiles(this.repo), names, cwd || '.')) {
      const stage = b.target.target;
      const r = stage && this.stageRuns(b.dockerfile, stage, kind, depth, `bake target ${b.target.name}`);
      if (r) return r;
    }
    return undefined;
  }

  /** The first check a build of `stage` (the final stage when none is named) runs, in it or a stage it needs. */
  private stageRuns(dockerfile: string, stage: string | undefined, kind: CiCheckKind, depth: number, how: string) {
    const df = parsedDockerfile(this.repo, dockerfile);
    const byName = (n: string | undefined) =>
      df?.stages.find((x) => x.name !== undefined && x.name === n?.toLowerCase());
    const built: DockerStage[] = [];
    const need = (st: DockerStage | undefined): void => {
      if (!st || built.includes(st)) return;
      built.push(st);
      need(byName(st.from.stageRef));
      for (const ins of st.instructions)
        for (const f of ins.flags) need(byName(/^--(?:from|mount=.*\bfrom)=([\w.-]+)/.exec(f)?.[1]));
    };
    need(stage === undefined ? df?.finalStage : byName(stage));
    for (const st of built)
      for (const ins of st.instructions) {
        if (ins.keyword !== 'RUN') continue;
        const inner = this.classify(ins.heredoc ?? ins.args, kind, depth + 1);
        if (inner)
          return {
            ...inner,
            via: [
              `${how} builds ${st.name ? `stage ${st.name}` : 'the image'} of ${dockerfile}, which runs ${inner.cmd}`,
              inner.via,
            ]
              .filter(Boolean)
              .join('; '),
          };
      }
    return undefined;
  }

  /** The one shell script named `name` kept in a folder with a Dockerfile (`docker/app/run-test`), if any. */
  private scriptBesideDockerfile(name: string): string | undefined {
    const hits = this.repo
      .byName(new RegExp(`^${escapeRegExp(name)}$`))
      .filter((f) => f.path.includes('/') && this.repo.has(`${path.posix.dirname(f.path)}/Dockerfile`));
    return hits.length === 1 && SHELL_SHEBANG.test(this.repo.read(hits[0]!.path) ?? '') ? hits[0]!.path : undefined;
  }

  private classifySegment(seg: string, kind: CiCheckKind, depth: number, cwd = ''): Classified | undefined {
    // `find … -name '.eslint*' -delete` matches file names; it runs a tool only through -exec or a pipe.
    if (/^\s*find\s/.test(seg) && !/\s-exec(?:dir)?\s|\|/.test(seg)) return undefined;
    // A command run inside a development shell (`nix develop --command just test`, `devbox run -- make test`) is
    // that command.
    seg = seg.replace(
      /^\s*(?:nix\s+develop\b(?:\s+(?!--command\b|-c\b)\S+)*\s+(?:--command|-c)\s+|devbox\s+run\s+(?:--\s+)?)/,
      '',
    );
    // A script run inside the project's Python environment (`poetry run ./scripts/test`, `uv run --frozen sh
    // scripts/lint.sh`, `pipenv run bash ci/test.sh`) is that script.
    seg = seg.replace(
      /^\s*(?:poetry|pipenv|uv|pdm|rye|hatch)\s+run\s+(?:--?[\w-]+\s+)*(?=(?:(?:ba|z)?sh\s+)?\.{0,2}\/?(?:[\w.-]+\/)+[\w.-]+(?:\s|$))/,
      '',
    );
    // A command run in a compose service's container (`docker compose run --rm app run-test`, `docker-compose exec -T
    // web ./bin/ci`) is that command; a bare script name is the file of that name beside a Dockerfile (the image puts
    // its folder on PATH or copies it in).
    const composeRun = COMPOSE_RUN_COMMAND.exec(seg);
    if (composeRun) {
      seg = seg.slice(composeRun[0].length);
      const bare = /^([\w.-]+)(?=\s|$)/.exec(seg)?.[1];
      const beside = bare && !TOOLS[kind].some(([re]) => re.test(seg)) ? this.scriptBesideDockerfile(bare) : undefined;
      if (beside) seg = `${beside}${seg.slice(bare!.length)}`;
    }
    // A command run in a container the job started itself (`docker run -d --name build … tail -f /dev/null`, then
    // `docker exec -t build /bin/bash -c "make it"`) is that command; a shell's `-c` script is read as the step's own.
    const exec = DOCKER_EXEC_COMMAND.exec(seg);
    if (exec) {
      seg = seg.slice(exec[0].length);
      const script = SHELL_SCRIPT.exec(seg);
      if (script) return depth <= 2 ? this.classify(script[2]!, kind, depth + 1, cwd) : undefined;
    }
    // `docker compose -f compose-tests.yml up --abort-on-container-exit` exits with a container's status: the commands
    // its services run (`go test ./...` in a `test` service) are what the step checks.
    if (depth <= 2) {
      for (const { how, service, command } of [
        ...this.composeUpCommands(seg, cwd),
        ...this.composeRunDefault(seg, cwd),
      ]) {
        const inner = this.classify(command, kind, depth + 1);
        if (inner)
          return {
            ...inner,
            via: [`docker compose ${how} runs service ${service}: ${command}`, inner.via].filter(Boolean).join('; '),
          };
      }
    }
    if (depth <= 2) {
      const built = this.dockerStageBuild(seg, kind, depth, cwd);
      if (built) return built;
    }
    // Variables set for one command (`TEST_DIR=out/tests ./test.sh Unit`, `CI=true npm test`) prefix that command.
    seg = seg.replace(/^\s*(?:[A-Za-z_]\w*=(?:"[^"]*"|'[^']*'|\S*)\s+)+(?=\S)/, '');
    if (INSTALL.test(seg)) return undefined;
    if (kind === 'tests' && SKIP_TESTS.test(seg)) return undefined;
    const hit = TOOLS[kind].find(([re]) => re.test(seg));
    if (hit) return { tool: hit[1], confidence: 'high' };
    if (kind === 'lint') {
      const tsc = this.typeCheckOnly(seg);
      if (tsc) return tsc;
    }
    const lifecycle = kind === 'tests' ? undefined : this.buildLifecycle(seg, kind);
    if (lifecycle) return lifecycle;
    if (kind === 'security') {
      // Security rules enabled inside a linter the step runs: gosec in golangci-lint, eslint-plugin-security.
      const lint = this.classify(seg, 'lint', depth + 1);
      const inner = lint && this.securityInsideLinter(lint.tool, seg);
      if (inner) return { tool: inner.tool, confidence: 'high', via: [lint.via, inner.via].filter(Boolean).join('; ') };
    }
    if (depth > 2) return undefined;
    if (kind !== 'tests' && /(?:^|[\s/"'])ctest(?:\s|$)/.test(seg))
      for (const t of ctestCommands(this.repo)) {
        const inner = this.classify(t.command, kind, depth + 1);
        if (inner)
          return {
            ...inner,
            via: [`CTest runs it as test ${t.name} (${t.file}:${t.line}), which this ctest command runs`, inner.via]
              .filter(Boolean)
              .join('; '),
          };
      }
    const npm =
      /(?:^|\s)(npm|yarn|pnpm|bun)\s+(?:(?:--prefix|-C|--dir|--cwd|--filter|-w|--workspace)[\s=]\S+\s+)*(?:run(?:-script)?\s+|-s\s+|--silent\s+)?([\w:.-]+)/.exec(
        seg,
      );
    if (
      npm &&
      !/^(install|i|ci|add|exec|dlx|x|audit|publish|version|pack|init|create|config|cache|set|link)$/.test(npm[2]!)
    ) {
      const name = npm[2] === 't' ? 'test' : npm[2]!;
      const { script, file } = this.npmScript(name);
      if (script === undefined || (name === 'test' && NPM_PLACEHOLDER.test(script))) return undefined;
      // Arguments after `--` are appended to the script's text (`npm run build -- --noCheck`).
      const forwarded = /^\s+--\s+(\S.*)$/.exec(seg.slice(npm.index + npm[0].length))?.[1];
      const inner = this.classify(forwarded ? `${script} ${forwarded}` : script, kind, depth + 1);
      const via = `${npm[1]} ${npm[2]} runs the ${file} script "${name}": ${script}`;
      if (inner) return { ...inner, via };
      // A `check` script that only lints or type-checks (`svelte-kit sync && svelte-check`) runs no tests.
      if (kind === 'tests' && this.classify(script, 'lint', depth + 1)) return undefined;
      if (NAME_HINT[kind].test(name))
        return { tool: `${npm[1]} ${name}`, confidence: kind === 'tests' ? 'low' : 'high', via };
      return undefined;
    }
    // deno task <name>: the task of deno.json.
    const deno = /(?:^|\s)deno\s+task\s+([\w:.-]+)/.exec(seg);
    if (deno) {
      const { script, file } = this.denoTask(deno[1]!);
      if (script === undefined) return undefined;
      const inner = this.classify(script, kind, depth + 1);
      const via = `deno task ${deno[1]} runs the ${file} task "${deno[1]}": ${script}`;
      if (inner) return { ...inner, via };
      if (NAME_HINT[kind].test(deno[1]!)) return { tool: `deno task ${deno[1]}`, confidence: 'low', via };
      return undefined;
    }
    // composer <script> / composer run-script <script>; mix <alias> (mix.exs aliases: lint: ["format --check-formatted", "credo"]).
    const composer = /(?:^|\s)composer\s+(?:run(?:-script)?\s+)?([\w:.-]+)/.exec(seg);
    const mix = /(?:^|\s)mix\s+([\w.-]+)/.exec(seg);
    // rake / bundle exec rake / bin/rake, with a task or the default one.
    const rake = /(?:^|[\s/])rake(?:\s+(?:-\S+\s+)*([\w:.-]+))?\s*$/.exec(seg);
    const pm = rake
      ? { cmd: 'rake', name: rake[1] ?? 'default', ...this.rakeTask(rake[1]) }
      : composer &&
          !/^(install|update|require|remove|dump-autoload|audit|validate|config|global|show|outdated|self-update|create-project|exec|check-platform-reqs)$/.test(
            composer[1]!,
          )
        ? { cmd: 'composer', name: composer[1]!, ...this.composerScript(composer[1]!) }
        : mix
          ? { cmd: 'mix', name: mix[1]!, ...this.mixAlias(mix[1]!) }
          : undefined;
    if (pm?.script !== undefined) {
      const inner = this.classify(pm.script, kind, depth + 1);
      const what = `${pm.cmd} ${pm.name} runs the ${pm.file} ${pm.cmd === 'mix' ? 'alias' : pm.cmd === 'rake' ? 'task' : 'script'} "${pm.name}"`;
      const via = `${what}: ${pm.script.split('\n').slice(0, 3).join('; ')}`;
      // Of a script of several commands (`"test": ["@test:lint", "@test:unit"]`), the one that runs the tool, and how.
      if (inner)
        return {
          ...inner,
          via: pm.script.includes('\n') ? [`${what}: ${inner.cmd}`, inner.via].filter(Boolean).join('; ') : via,
        };
      // `composer test:types` running phpstan, a mix `test.lint` alias running credo: a check, not the tests.
      if (kind === 'tests' && this.classify(pm.script, 'lint', depth + 1)) return undefined;
      if (NAME_HINT[kind].test(pm.name)) return { tool: `${pm.cmd} ${pm.name}`, confidence: 'low', via };
    }
    const script =
      /^(?:(?:ba|z)?sh\s+(?:-\w+\s+)*)?(?:\.\/)?((?:[\w.-]+\/)*[\w.-]+\.sh)(?:\s|$)/.exec(seg) ??
      // An extensionless shell script in a folder ("scripts to rule them all": `scripts/test`, `script/cibuild`).
      /^(?:(?:ba|z)?sh\s+(?:-\w+\s+)*)?(?:\.\/)?((?:[\w.-]+\/)+[\w-]+)(?:\s|$)/.exec(seg);
    if (script) {
      // The script runs in the step's folder (`cd .circleci && ./run-tests.sh`), and so do its commands.
      const body = this.repo.read(joinCwd(cwd, script[1]!));
      if (body !== undefined && (script[1]!.endsWith('.sh') || SHELL_SHEBANG.test(body))) {
        const inner = this.classify(body, kind, depth + 1, cwd);
        if (inner) return { ...inner, via: `${script[1]} runs ${inner.tool}` };
        // A wrapper that sets up an environment and then runs its arguments (`exec "$@"`: `.ci/run just test`,
        // `scripts/in-shell cargo clippy`), or hands them to a program (`docker-compose -f ci.yml "$@"`): the
        // arguments, after that program, are the command.
        const args = seg.slice(script.index + script[0].length).trim();
        // Cake's bootstrapper (`exec "$CAKE_EXE" build.cake "$@"`) hands them (`--target=Test`) to its Cake script.
        const cake = args ? CAKE_BOOTSTRAP.exec(body)?.[1] : undefined;
        if (cake) {
          const run = this.classify(
            `dotnet-cake ${path.posix.join(path.posix.dirname(script[1]!), cake)} ${args}`,
            kind,
            depth + 1,
          );
          return run ? { ...run, via: `${script[1]} runs Cake with its arguments; ${run.via}` } : undefined;
        }
        const handed = args ? WRAPPER_EXEC.exec(body) : null;
        if (!handed) return undefined;
        const wrapped = this.classify(`${handed[1] ?? ''}${args}`, kind, depth + 1);
        return wrapped ? { ...wrapped, via: `${script[1]} runs its arguments: ${args}` } : undefined;
      }
      // A program with another interpreter's shebang (`#!/usr/bin/env php` in tests/ci that starts
      // `new Process(['./vendor/bin/phpunit', …])`, a Python runner calling subprocess.run) runs the tools its process
      // launches name (low: read as text, not run). A tool it only prints or mentions runs nothing.
      const program = body !== undefined ? SCRIPT_SHEBANG.exec(body) : null;
      if (program) {
        const launched = body!
          .split('\n')
          .filter((l) => PROCESS_LAUNCH.test(l))
          .map((l) => l.replace(/["'`[\],]/g, ' '))
          .join('\n');
        const inner = launched ? this.classify(launched, kind, depth + 1) : undefined;
        if (inner)
          return { ...inner, confidence: 'low', via: `${script[1]} (a ${program[1]} program) runs ${inner.tool}` };
      }
    }
    // A PowerShell script (`pwsh .\\build.ps1`, `./build.ps1 -Target Test`, `powershell -File build.ps1`): its commands.
    const ps1 =
      /^(?:(?:pwsh|powershell)(?:\.exe)?\s+(?:-\w+\s+(?:(?:Bypass|Unrestricted)\s+)?)*)?(?:\.[\\/])?((?:[\w.-]+[\\/])*[\w.-]+\.ps1)(?:\s|$)/i.exec(
        seg.trim(),
      );
    if (ps1) {
      const file = path.posix.normalize(ps1[1]!.replace(/\\/g, '/'));
      const body = this.repo.read(file);
      const inner = body !== undefined ? this.classify(body, kind, depth + 1) : undefined;
      if (inner)
        return { ...inner, via: `${file} runs ${inner.cmd ?? inner.tool}${inner.via ? `; ${inner.via}` : ''}` };
    }
    // psake (`invoke-psake ci`, `psake test`, `./psake.sh Build`, `Invoke-psake build.ps1 Test`): the task's commands and
    // those of the tasks it depends on.
    const psake = psakeArgs(seg);
    if (psake) {
      const { script, file } = this.psakeTask(psake.file, psake.task);
      const inner = script ? this.classify(script, kind, depth + 1) : undefined;
      if (inner) return { ...inner, via: `psake runs ${file} ${psake.task ?? 'default'}: ${inner.cmd ?? inner.tool}` };
    }
    // Cake (`dotnet cake`, `dotnet-cake`, `dotnet tool run dotnet-cake`): the aliases of the target's tasks.
    const cake =
      /(?:^|\s)(?:dotnet\s+(?:tool\s+run\s+)?)?(?:dotnet-)?cake(?:\.exe)?(?:\s+(?!-)(\S+\.cake))?(?=\s|$)/.exec(seg);
    if (cake) {
      const target = /(?:^|\s)--?target[=\s]+["']?([\w-]+)/i.exec(seg)?.[1];
      const { script, file } = this.cakeTarget(cake[1] ?? 'build.cake', target);
      const inner = script ? this.classify(script, kind, depth + 1) : undefined;
      if (inner)
        return { ...inner, via: `Cake runs ${file}${target ? ` --target=${target}` : ''}: ${inner.cmd ?? inner.tool}` };
      return undefined;
    }
    // A .NET build program (`dotnet run --project build/build.csproj -- test`): the commands of its targets.
    const buildProgram = /\bdotnet\s+run\b[^\n]*?\s--project[\s=]+(\S+)([^\n]*)/.exec(seg);
    if (buildProgram && !TEST_PROJECT.test(buildProgram[1]!)) {
      const after = /\s--\s+(.*)$/.exec(buildProgram[2]!)?.[1] ?? '';
      const targets = after.split(/\s+/).filter((t) => /^[\w:-]+$/.test(t));
      const { script, file } = this.dotnetBuildProgram(buildProgram[1]!, targets);
      const inner = script ? this.classify(script, kind, depth + 1) : undefined;
      if (inner)
        return {
          ...inner,
          via: `the build program ${file} runs ${targets.length ? targets.join(' ') : 'its default target'}: ${inner.cmd ?? inner.tool}`,
        };
    }
    const mage = /^(?:mage|go\s+run\s+(?:-\S+\s+)*(?:\S*\/)?mage\.go)\s+(?:-\w+\s+)*([\w:]+)/.exec(seg.trim());
    if (mage) {
      const { commands, file } = this.mageTarget(mage[1]!);
      const inner = commands ? this.classify(commands, kind, depth + 1) : undefined;
      if (inner) return { ...inner, via: `mage ${mage[1]} (${file}) runs \`${inner.cmd ?? inner.tool}\`` };
    }
    // A Dagger pipeline in Go: `go run main.go ci` (in its folder), `dagger run go run ./ci`, `mage test`.
    const dagger = /^(?:dagger\s+run\s+)?(?:go\s+run\s+(?:-\S+\s+)*(\S+)|mage(?:\s|$))/.exec(seg.trim());
    if (dagger) {
      const { commands, dir } = this.daggerGoCommands(dagger[1]);
      const inner = commands ? this.classify(commands, kind, depth + 1) : undefined;
      if (inner)
        return {
          ...inner,
          confidence: 'low',
          via: `the Dagger pipeline in ${dir === '.' ? 'the Go module' : dir} runs \`${inner.cmd ?? inner.tool}\` in a container`,
        };
    }
    const gulp = /^(?:npx\s+|yarn\s+|pnpm\s+(?:exec\s+)?)?(gulp|grunt)\s+([\w:-]+)/.exec(seg);
    if (gulp) {
      const body = this.gulpTask(gulp[2]!);
      const inner = body ? this.classify(body, kind, depth + 1) : undefined;
      if (inner) return { ...inner, via: `${gulp[1]} ${gulp[2]} runs: ${inner.cmd ?? inner.tool}` };
      if (NAME_HINT[kind].test(gulp[2]!))
        return {
          tool: `${gulp[1]} ${gulp[2]}`,
          confidence: 'low',
          via: `${gulp[1]} ${gulp[2]}: the task body was not recognised`,
        };
      return undefined;
    }
    // engage (engage.toml `[[task]]` tables): every task, or those of the named group or task.
    const engage = /(?:^|\s)engage(?:\s+([\w/-]+))?(?:\s|$)/.exec(seg);
    if (engage && this.repo.has('engage.toml')) {
      const body = engageTasks(this.repo.read('engage.toml') ?? '', engage[1]);
      const inner = body ? this.classify(body, kind, depth + 1) : undefined;
      if (inner)
        return {
          ...inner,
          via: `engage${engage[1] ? ` ${engage[1]}` : ''} runs the engage.toml task: ${inner.cmd ?? inner.tool}`,
        };
      return undefined;
    }
    // Earthly: `earthly --ci -P +tests` (or `./browser+test`) runs a target of the folder's Earthfile.
    const earthly = /(?:^|\s)earthly\s+(?:[^\n+]*?\s)?([\w./-]*)\+([\w-]+)/.exec(seg);
    if (earthly) {
      const dir = joinCwd(cwd, earthly[1]!);
      const body = this.earthlyTarget(dir, earthly[2]!);
      const inner = body ? this.classify(body, kind, depth + 1, dir) : undefined;
      if (inner)
        return { ...inner, via: `earthly +${earthly[2]} runs the Earthfile target: ${inner.cmd ?? inner.tool}` };
      return undefined;
    }
    // A project's own Flask CLI command (`flask test`, `pipenv run flask lint`); Flask's own commands have no body here.
    const flask =
      /^(?:(?:poetry|uv|pipenv|pdm|hatch)\s+run\s+)?(?:python[\d.]*\s+-m\s+)?flask\s+(?:-[\w-]+(?:[= ](?!-)\S+)?\s+)*(\w[\w-]*)/.exec(
        seg,
      );
    const flaskBody = flask ? this.flaskCommand(flask[1]!) : undefined;
    if (flaskBody) {
      const inner = this.classify(flaskBody, kind, depth + 1);
      if (inner) return { ...inner, via: `flask ${flask![1]} runs the project's command: ${inner.cmd ?? inner.tool}` };
    }
    // Invoke (pyinvoke): `invoke tests --failfast`, `poetry run inv lint`; options before the task name are the runner's.
    const runner =
      /^(just|task|mise\s+run|poe|poetry\s+run\s+(?:task|poe))\s+([\w:-]+)/.exec(seg) ??
      /^(?:(?:poetry|uv|pipenv|pdm|hatch)\s+run\s+)?(invoke|inv)\s+(?:-[\w-]+(?:[= ](?!-)\S+)?\s+)*([\w.-]+)/.exec(seg);
    if (runner) {
      const body = this.taskBody(runner[1]!, runner[2]!);
      const inner = body ? this.classify(body, kind, depth + 1) : undefined;
      if (inner) return { ...inner, via: `${runner[1]} ${runner[2]} runs: ${body!.split('\n')[0]}` };
      if (NAME_HINT[kind].test(runner[2]!))
        return {
          tool: `${runner[1]} ${runner[2]}`,
          confidence: 'low',
          via: `${runner[1]} ${runner[2]}: the task body was not recognised`,
        };
      return undefined;
    }
    const make = /(?:^|\s)(?:make|gmake)\s+(?:-C\s*([\w./-]+)\s+)?(?:(?:-\S+|\w+=\S*)\s+)*([\w./-]+)(?!=)/.exec(seg);
    if (make) {
      const dir = make[1] ? joinCwd(cwd, make[1]) : cwd;
      // `make lint test-all bin/app`: every goal named runs, in order.
      const more = seg
        .slice(make.index + make[0].length)
        .split(/\s+/)
        .filter((w) => /^[\w./-]+$/.test(w));
      let weak: Classified | undefined;
      for (const target of [make[2]!, ...more]) {
        const r = this.classifyMakeGoal(target, dir, kind, depth);
        if (r?.confidence === 'high') return r;
        weak ??= r;
      }
      return weak;
    }
    return undefined;
  }

  private classifyMakeGoal(target: string, dir: string, kind: CiCheckKind, depth: number): Classified | undefined {
    const { recipe, file } = this.makeTarget(target, dir);
    if (recipe !== undefined) {
      const mdir = path.posix.dirname(file!).replace(/^\.$/, '');
      // A tool named by a make variable (`$(GOLANGCI_LINT) run`, the binary bingo's Variables.mk names): each command
      // line put through its values on its own (its few variables, not the whole recipe's); a prerequisite so named
      // (`install-tools: $(LINT)`) is built, not run.
      const direct = this.classifyRecipe(recipe, kind, depth + 1, mdir);
      const inner =
        (direct?.confidence === 'high'
          ? undefined
          : recipe
              .split('\n')
              .filter((l) => MAKE_VAR.test(l) && !MAKE_VAR_GOAL.test(l))
              .flatMap((l) => this.makeExpansions(l, mdir || '.'))
              .map((l) => this.classifyRecipe(l, kind, depth + 1, mdir))
              .find((c) => c?.confidence === 'high')) ?? direct;
      const via = `make ${target} runs the ${file} target: ${recipe.split('\n').slice(0, 3).join('; ')}`;
      if (inner) return { ...inner, via };
      return NAME_HINT[kind].test(target) ? { tool: `make ${target}`, confidence: 'low', via } : undefined;
    }
    if (NAME_HINT[kind].test(target))
      return {
        tool: `make ${target}`,
        confidence: 'low',
        via: `make ${target}: no Makefile target found to confirm what it runs`,
      };
    return undefined;
  }
}

/**
 * The scripts of an engage.toml (`[[task]]` with `name`, `group` and a `script`, one line or a `"""` block), those of
 * the named task or group when one is given, each on one line (backslash continuations joined).
 */
export function engageTasks(toml: string, only?: string): string {
  const out: string[] = [];
  for (const block of toml.split(/^\s*\[\[task\]\]\s*$/m).slice(1)) {
    const field = (k: string) => new RegExp(`^\\s*${k}\\s*=\\s*"([^"\\n]*)"`, 'm').exec(block)?.[1];
    if (only && field('name') !== only && field('group') !== only) continue;
    const script = /^\s*script\s*=\s*(?:"""([\s\S]*?)"""|"((?:[^"\\\n]|\\.)*)")/m.exec(block);
    const text = script?.[1] ?? script?.[2];
    if (text) out.push(text.replace(/\\\r?\n\s*/g, ' ').trim());
  }
  return out.join('\n');
}

/** A shell line running a Cake script through the program a variable holds, with the script's own arguments. */
const CAKE_BOOTSTRAP = /\$\{?\w+\}?["']?\s+((?:[\w.-]+\/)*[\w.-]+\.cake)(?=[^\n]*"\$@")/;
/** The last step of a wrapper script: run the arguments it was given, or hand them to a program (group 1). */
const WRAPPER_EXEC = /^\s*(?:exec\s+)?((?!(?:set|echo|printf|shift)\b)[^\s"#$][^\n"$]*\s)?"\$@"\s*$/m;
/** A compose `command`/`entrypoint` (a string or a list) as shell text; `sh -c "…"` gives its script. */
function shellScriptOf(v: unknown): string | undefined {
  const parts = Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : typeof v === 'string'
      ? [v]
      : [];
  if (!parts.length) return undefined;
  if (
    parts.length > 1 &&
    /^(?:\/(?:usr\/)?bin\/)?(?:ba|da)?sh$/.test(parts[0]!) &&
    parts.slice(1, -1).every((p) => /^-\w+$/.test(p))
  )
    return parts[parts.length - 1]!.trim();
  const text = parts.join(' ').trim();
  const wrapped = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da)?sh\s+-\w*c\w*\s+(["'])([\s\S]*)\1$/.exec(text);
  return wrapped ? wrapped[2]!.trim() : text;
}

/** `docker compose` or `docker-compose` with the flags naming its files and project (group 1), before the command. */
const COMPOSE_INVOCATION = /^\s*docker[- ]compose\s+((?:(?:-f|--file|-p|--project-name|--env-file)\s+\S+\s+)*)/;
const COMPOSE_UP = new RegExp(`${COMPOSE_INVOCATION.source}up\\b(.*)$`);
/** `docker compose run [flags] <service>` with no command after the service (group 2). */
const COMPOSE_RUN_BARE = new RegExp(`${COMPOSE_INVOCATION.source}run\\s+(?:--?[\\w-]+\\s+)*([\\w.-]+)\\s*$`);
/** `docker compose run|exec [flags] <service> ` before the command it runs in the service's container. */
const COMPOSE_RUN_COMMAND = new RegExp(
  `${COMPOSE_INVOCATION.source}(?:run|exec)\\s+(?:(?:--?[\\w-]+(?:[= ](?!-)(?=\\S*=)\\S+)?)\\s+)*(?!-)[\\w.-]+\\s+(?=\\S)`,
);
/**
 * `docker exec [flags] <container> ` before the command it runs in that container: the flags that take a value
 * (`-w /src`, `--user 1000`, `-e KEY=value`) with it.
 */
const DOCKER_EXEC_COMMAND =
  /^\s*docker\s+(?:container\s+)?exec\s+(?:(?:(?:-[weu]|--(?:workdir|env|env-file|user))[= ]\S+|--?[\w-]+)\s+)*(?!-)[\w.-]+\s+(?=\S)/;
/** A shell given its script with `-c` (`/bin/bash -c "make it"`, `sh -ec 'go test ./...'`): group 2 is the script. */
const SHELL_SCRIPT = /^(?:\/(?:usr\/)?bin\/)?(?:ba|da|z)?sh\s+-[a-z]*c[a-z]*\s+(["'])([^"'\n]*)\1\s*$/;
/** A service of a compose file as the commands it starts are read from it. */
interface ComposeServiceDef {
  entrypoint?: unknown;
  command?: unknown;
  build?: string | { context?: unknown; dockerfile?: unknown; target?: unknown };
}
/** A command a compose service starts, and how the step starts it. */
interface ComposeStart {
  how: 'up' | 'run';
  service: string;
  command: string;
}
const SHELL_SHEBANG = /^#!\s*\/(?:usr\/)?(?:bin\/)?(?:env\s+)?(?:ba|z|da)?sh\b/;
/** A line of a program that starts another process (PHP, Python, Ruby, Node, Perl; Ruby's `exec "…"` too). */
const PROCESS_LAUNCH =
  /\b(?:Process|proc_open|passthru|shell_exec|system|exec|subprocess\.(?:run|call|check_call|check_output|Popen)|os\.system|execSync|execFileSync|spawnSync|spawn)\s*\(|\b(?:exec|system)\s+["'`]/;
/** A script run by another interpreter. */
const SCRIPT_SHEBANG = /^#!\s*\/(?:usr\/)?(?:local\/)?(?:bin\/)?(?:env\s+)?(php|python3?|ruby|node|perl)\b/;

/**
 * Report actions that read test result files and fail their step when a test failed (`fail-on-error`, on unless
 * set to false): dorny/test-reporter and its fork phoenix-actions/test-reporting.
 */
const FAILING_REPORTER = /^(?:dorny\/test-reporter|phoenix-actions\/test-reporting)@/;

/** The action of a later step of the same job that reports test results and fails on a failed test. */
function failingTestReporter(steps: readonly CiStep[], at: number): string | undefined {
  const job = steps[at]?.job;
  for (const later of steps.slice(at + 1)) {
    if (later.job !== job || !later.uses || !FAILING_REPORTER.test(later.uses)) continue;
    if (String(later.with?.['fail-on-error'] ?? 'true').trim() === 'false') continue;
    if (later.state === 'disabled') continue;
    return later.uses.replace(/@.*$/, '');
  }
  return undefined;
}

/** The top-level command that matched (not the line inside a resolved script). */
function depthCmd(r: Classified, run: string): string {
  const segs = splitCommands(run);
  return (
    segs.find((x) => x === r.cmd) ??
    (r.cmd && segs.find((x) => x.includes(r.cmd!))) ??
    segs[0] ??
    run.trim()
  ).slice(0, 120);
}

/** A job-level call of a reusable workflow whose job id or workflow file names tests (or linting). */
function reusableWorkflowFor(kind: CiCheckKind, s: CiStep): boolean {
  if (!s.uses || !/\.github\/workflows\/[^/@]+\.ya?ml(?:@|$)/.test(s.uses)) return false;
  const file = /\/([^/@]+)\.ya?ml(?:@|$)/.exec(s.uses)?.[1] ?? '';
  const words =
    kind === 'tests'
      ? /(?:^|[-_ ])(?:tests?|unit[-_ ]?tests?|phpunit|pytest|rspec|jest)(?:$|[-_ ])/i
      : /(?:^|[-_ ])lint(?:ers?|ing)?(?:$|[-_ ])/i;
  return words.test(s.job ?? '') || words.test(file);
}

function matchesFor(kind: CiCheckKind, configs: CiConfig[], resolver: CommandResolver): CiMatch[] {
  const out: CiMatch[] = [];
  for (const c of configs) {
    for (const [at, s] of c.steps.entries()) {
      let r: Classified | undefined;
      if (s.run) r = resolver.classify(s.run, kind);
      if (!r && s.uses) {
        const hit =
          TOOLS[kind].find(([re]) => re.test(s.uses!)) ??
          (kind === 'tests' && /^(?:node|python|ruby|go|maven|gradle|rust)\/test\b/.test(s.uses)
            ? ([/x/, s.uses] as [RegExp, string])
            : undefined);
        if (hit) r = { tool: hit[1], confidence: 'high' };
        else if (BAKE_ACTION.test(s.uses)) r = resolver.bakeStageRuns(bakeActionTargets(s.with, c.steps), kind);
        else if (BUILD_PUSH_ACTION.test(s.uses)) r = resolver.buildActionRuns(s.with, kind);
        else if (kind !== 'security' && s.external && reusableWorkflowFor(kind, s)) {
          // Another repository's reusable workflow called by a job named for the practice (`tests:` → `uses:
          // org/workflows/.github/workflows/laravel.yml@v2`): its steps are out of sight, its purpose is not (low).
          r = { tool: `reusable workflow ${s.uses.replace(/@.*$/, '')}`, confidence: 'low' };
        } else if (kind === 'security') {
          const lintHit = LINT_TOOLS.find(([re]) => re.test(s.uses!));
          const inner = lintHit && resolver.securityInsideLinter(lintHit[1], String(s.name ?? ''));
          if (inner) r = { tool: inner.tool, confidence: 'high', via: inner.via };
        }
      }
      if (!r) continue;
      const swallowed =
        !!s.run &&
        !!r.cmd &&
        s.run.split('\n').some((l) => l.includes(r.cmd!) && /\|\|\s*(true|:|exit\s+0)\b|\|\|\s*:/.test(l));
      // A test runner told to go on (`dotnet test … || true`) so that a later step of its job reports the results:
      // a report action that fails on failed tests gates the build after all.
      const reporter = swallowed && kind === 'tests' ? failingTestReporter(c.steps, at) : undefined;
      const ignored = swallowed && !reporter;
      let state: CiState = c.parseError ? 'disabled' : (s.state ?? c.state ?? 'active');
      if (ignored && state === 'active') state = 'limited';
      const limitation = c.parseError
        ? `${c.path} is not valid YAML, so the CI system rejects it (${c.parseError})`
        : s.state
          ? s.note
          : c.state
            ? c.stateNote
            : ignored
              ? 'failures are ignored (`|| true`)'
              : undefined;
      const what = s.run ? `runs \`${depthCmd(r, s.run)}\`` : `uses ${s.uses}`;
      const note = [
        `${c.system}${s.job ? ` job ${s.job}` : ''} ${what}`,
        r.via,
        reporter ? `failures are kept going to ${reporter}, which fails the job on a failed test` : undefined,
        limitation,
        s.note && !s.state ? s.note : undefined,
      ]
        .filter(Boolean)
        .join('; ');
      out.push({
        kind,
        tool: r.tool,
        system: c.system,
        path: c.path,
        line: s.line,
        confidence: r.confidence,
        state,
        note,
        ...(limitation && state !== 'active' ? { limitation } : {}),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- Concourse

/** Folders Concourse pipelines and task files are kept in: `fly` and a pipeline's `file:` name them from any path. */
const CONCOURSE_FOLDER = /(?:^|\/)(?:\.?ci|\.?concourse|pipelines?)\/(?:[\w.-]+\/)*[\w.-]+\.ya?ml$/;

/**
 * A task's program (`run: {path: sh, args: [-exc, "make test"]}`): the script a shell is given, else the program and
 * its arguments.
 */
function concourseRun(run: unknown): string | undefined {
  if (!run || typeof run !== 'object') return undefined;
  const { path: program, args } = run as { path?: unknown; args?: unknown };
  if (typeof program !== 'string') return undefined;
  const words = Array.isArray(args) ? args.map(String) : [];
  const flag = words.findIndex((w) => /^-\w*c\w*$/.test(w));
  if (/(?:^|\/)(?:ba|z|da)?sh$/.test(program) && flag >= 0 && words[flag + 1]) return words[flag + 1];
  return [program, ...words].join(' ');
}

/**
 * Concourse task files (`platform:` and the `run:` program) and pipelines (`jobs:` whose `plan:` runs tasks, inline
 * under `config:` or from a task file). A task file no pipeline of the repository names runs from a pipeline kept
 * elsewhere (set with `fly set-pipeline` from another repository): its triggers are unknown.
 */
function concourseConfigs(repo: RepoIndex, files: string[]): CiConfig[] {
  const out: CiConfig[] = [];
  const named = new Set<string>();
  const tasks: { file: string; run: string; line: number }[] = [];
  for (const file of files) {
    const text = repo.read(file) ?? '';
    const task = /^platform:[ \t]*\w+/m.test(text) && /^run:/m.test(text);
    if (!task && !(/^jobs:/m.test(text) && /^[ \t-]*plan:/m.test(text))) continue;
    const lines = repo.lines(file);
    const steps: CiStep[] = [];
    for (const doc of repo.yamlDocuments(file)) {
      const v = doc.value as Record<string, unknown> | undefined;
      if (!v || typeof v !== 'object') continue;
      if (task) {
        const run = concourseRun(v.run);
        if (run) tasks.push({ file, run, line: keyLine(lines, 'run') });
        continue;
      }
      const walk = (node: unknown, job?: string): void => {
        if (Array.isArray(node)) for (const n of node) walk(n, job);
        if (!node || typeof node !== 'object' || Array.isArray(node)) return;
        const o = node as Record<string, unknown>;
        const name = typeof o.name === 'string' && Array.isArray(o.plan) ? o.name : job;
        // `file: <input>/ci/tasks/test.yml`: the path inside the input, the repository's own checkout.
        if (typeof o.task === 'string' && typeof o.file === 'string') named.add(o.file.replace(/^[^/]+\//, ''));
        const run =
          typeof o.task === 'string' ? concourseRun((o.config as { run?: unknown } | undefined)?.run) : undefined;
        if (run) steps.push({ run, job: name, name: o.task as string, line: findLine(lines, o.task as string) });
        for (const child of Object.values(o)) walk(child, name);
      };
      walk(v.jobs);
    }
    if (!task) out.push({ system: 'concourse', path: file, steps });
  }
  for (const t of tasks) {
    const elsewhere = !named.has(t.file);
    out.push({
      system: 'concourse',
      path: t.file,
      steps: [
        {
          run: t.run,
          line: t.line,
          ...(elsewhere
            ? { state: 'limited', note: 'a Concourse task file; the pipeline that runs it is not in the repository' }
            : {}),
        },
      ],
    });
  }
  return out;
}

/** Folders Azure Pipelines YAML is conventionally kept in besides its own names (see LOCATIONS). */
const AZURE_PIPELINE_FOLDER = /^(?:\.pipelines|eng\/pipelines|azure-pipelines)\//;
/** A pipeline or template: top-level stages/jobs/steps/extends, or a step list of tasks, scripts or templates. */
const AZURE_PIPELINE_SHAPE =
  /^(?:stages|jobs|steps|extends):|^\s*-\s+(?:task|script|template|job|stage|pwsh|powershell|bash):/m;

/**
 * The templates of the repository its Azure pipelines include, wherever they are kept (`- template:
 * pipeline-templates/job/deploy.yml` beside `azure-pipelines.yml`, or `…@self`; another repository's end in `@repo`), and those they
 * include in turn: a path is relative to the including file, or to the repository's root when it starts with `/`. Each
 * with the values its callers pass for each parameter (`Environment: PROD`).
 */
function azureLocalTemplates(repo: RepoIndex): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  const queue = repo.files
    .map((f) => f.path)
    .filter((p) => LOCATIONS.some((l) => l[1] === 'azure-pipelines' && l[0].test(p)));
  const seen = new Set(queue);
  const walk = (from: string, node: unknown): void => {
    if (Array.isArray(node)) for (const n of node) walk(from, n);
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const o = node as Record<string, unknown>;
    const ref = typeof o.template === 'string' ? /^([^@\s]+\.ya?ml)(?:@self)?$/.exec(o.template)?.[1] : undefined;
    const target = ref && (ref.startsWith('/') ? ref.slice(1) : path.posix.join(path.posix.dirname(from), ref));
    if (target && repo.get(target)) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
      const params = out.get(target) ?? new Map<string, string[]>();
      out.set(target, params);
      for (const [k, v] of Object.entries((o.parameters as Record<string, unknown> | undefined) ?? {}))
        if (typeof v === 'string') params.set(k, [...(params.get(k) ?? []), v]);
    }
    for (const child of Object.values(o)) walk(from, child);
  };
  for (let from = queue.shift(); from !== undefined; from = queue.shift())
    if (/\btemplate\s*:/.test(repo.read(from) ?? '')) for (const d of repo.yamlDocuments(from)) walk(from, d.value);
  return out;
}

/**
 * The literal values the repository's Azure pipelines give their variables (`variables: [{ name: SolutionBaseName,
 * value: SFA.DAS.Commitments }]` or the map form), each name with every value it is given.
 */
function azurePipelineVariables(repo: RepoIndex): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (k: unknown, v: unknown) => {
    if (typeof k === 'string' && (typeof v === 'string' || typeof v === 'number'))
      out.set(k, [...new Set([...(out.get(k) ?? []), String(v)])]);
  };
  for (const f of repo.files) {
    if (!LOCATIONS.some((l) => l[1] === 'azure-pipelines' && l[0].test(f.path))) continue;
    for (const d of repo.yamlDocuments(f.path)) {
      const vars = (d.value as { variables?: unknown } | undefined)?.variables;
      if (Array.isArray(vars)) for (const v of vars) add(v?.name, v?.value);
      else if (vars && typeof vars === 'object') for (const [k, v] of Object.entries(vars)) add(k, v);
    }
  }
  return out;
}

/**
 * Azure steps with the values their template parameters and pipeline variables have, when each has one
 * (`projects: src/${{ parameters.SolutionBaseName }}.Api/…` called with `SolutionBaseName: $(SolutionBaseName)`).
 */
function withAzureValues(
  steps: CiStep[],
  params: Map<string, string[]> | undefined,
  variables: Map<string, string[]>,
): CiStep[] {
  const only = (values: string[] | undefined) => (values && new Set(values).size === 1 ? values[0] : undefined);
  const fill = (text: string) =>
    text
      .replace(/\$\{\{\s*parameters\.(\w+)\s*\}\}/g, (w, n: string) => only(params?.get(n)) ?? w)
      .replace(/\$\((\w+)\)/g, (w, n: string) => only(variables.get(n)) ?? w);
  return steps.map((st) => (st.run && /\$\{\{|\$\(/.test(st.run) ? { ...st, run: fill(st.run) } : st));
}

/**
 * A template's job deploying to the environment a parameter names (`environment: ${{ parameters.Environment }}`) runs
 * in each environment its callers pass; so does a reusable GitHub workflow's job (`environment: ${{ inputs.environment }}`).
 */
function callersEnvironment(job: CiJob, params: Map<string, string[]> | undefined): CiJob {
  const param = /^\$\{\{\s*(?:parameters|inputs)\.([\w-]+)\s*\}\}$/.exec(job.environment?.name ?? '')?.[1];
  const values = param ? [...new Set(params?.get(param) ?? [])] : [];
  return values.length ? { ...job, environment: { ...job.environment!, name: values.join(', ') } } : job;
}

/** The values a reusable workflow's callers pass for each input (`with: { environment: production }`). */
function callerValues(repo: RepoIndex, file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of callerInputs(repo, file)) for (const [k, v] of row) out.set(k, [...(out.get(k) ?? []), v]);
  return out;
}

/**
 * The files of the repository a GitLab pipeline includes wherever they are kept (`include: - local:
 * "/.gitlab-ci/jobs/unit_tests.yml"`, a plain path string, or a glob such as `.gitlab-ci/**\/*.yml`), and those they
 * include in turn: GitLab reads a local include from the repository's root, with or without a leading `/`. Templates,
 * remote files and other projects' files are not in the repository.
 */
function gitlabLocalIncludes(repo: RepoIndex): Set<string> {
  const root = LOCATIONS.find((l) => l[1] === 'gitlab-ci')![0];
  const queue = repo.files.map((f) => f.path).filter((p) => root.test(p));
  const seen = new Set(queue);
  const out = new Set<string>();
  const add = (ref: string): void => {
    const rel = ref.trim().replace(/^\//, '');
    if (!/\.ya?ml$/.test(rel) || /^[a-z]+:\/\//i.test(rel) || rel.includes('$')) return;
    const targets = rel.includes('*') ? repo.glob(rel).map((f) => f.path) : repo.get(rel) ? [rel] : [];
    for (const t of targets) {
      out.add(t);
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    }
  };
  for (let from = queue.shift(); from !== undefined; from = queue.shift()) {
    if (!/^include\s*:/m.test(repo.read(from) ?? '')) continue;
    for (const d of repo.yamlDocuments(from)) {
      const inc = (d.value as { include?: unknown } | undefined)?.include;
      for (const item of Array.isArray(inc) ? inc : [inc]) {
        if (typeof item === 'string') add(item);
        else if (item && typeof item === 'object') {
          const local = (item as { local?: unknown }).local;
          if (typeof local === 'string') add(local);
        }
      }
    }
  }
  return out;
}

export function detectCi(repo: RepoIndex): CiFacts {
  const configs: CiConfig[] = [];
  const concourse: string[] = [];
  // Read before the files: a template's callers may sort after it (`.azure-pipelines/` before `azure-pipelines.yml`).
  const templates = azureLocalTemplates(repo);
  const azureVariables = azurePipelineVariables(repo);
  const gitlabIncludes = gitlabLocalIncludes(repo);
  for (const f of repo.files) {
    const system =
      LOCATIONS.find(([re]) => re.test(f.path))?.[1] ??
      (templates.has(f.path) ? 'azure-pipelines' : gitlabIncludes.has(f.path) ? 'gitlab-ci' : undefined);
    if (!system && CONCOURSE_FOLDER.test(f.path)) concourse.push(f.path);
    if (!system) continue;
    const text = repo.read(f.path) ?? '';
    if ((AZURE_PIPELINE_FOLDER.test(f.path) || templates.has(f.path)) && !AZURE_PIPELINE_SHAPE.test(text)) continue;
    if (system === 'codebuild' && (f.isTest || !/^phases\s*:/m.test(text))) continue;
    const lines = text.split(/\r?\n/);
    if (system === 'jenkins' || !/\.ya?ml$/.test(path.posix.basename(f.path))) {
      const input = system === 'jenkins' ? /^\s*input\s*[({]|\binput\s+message\s*:/m.exec(text) : null;
      const tag = system === 'jenkins' ? /\bbuildingTag\s*\(\s*\)|^\s*tag\s+(pattern\s*:\s*)?["']/m.exec(text) : null;
      const lineOf = lineCounter(text);
      configs.push({
        system,
        path: f.path,
        steps: stepsFromJenkinsfile(text),
        ...(input || tag
          ? {
              jobs: [
                {
                  name: 'pipeline',
                  line: 1,
                  ...(input ? { manual: { line: lineOf(input.index), note: 'an input step waits for approval' } } : {}),
                  ...(tag ? { tags: { line: lineOf(tag.index), note: 'a stage runs only when building a tag' } } : {}),
                },
              ],
            }
          : {}),
      });
      continue;
    }
    const docs = repo.yamlDocuments(f.path);
    const errors = docs.flatMap((d) => d.errors);
    try {
      const on = (docs[0]?.value as Record<string, unknown> | undefined)?.on;
      const trigger = system === 'github-actions' ? githubTrigger(on, lines, repo) : {};
      const parsed = docs.flatMap((d) => jobsFromYaml(system, d.value, lines));
      const params =
        system === 'github-actions' && parsed.some((j) => j.environment?.name.includes('inputs.'))
          ? callerValues(repo, f.path)
          : templates.get(f.path);
      const called = system === 'github-actions' && 'workflow_call' in githubEvents(on);
      const carried = called ? callersGate(repo, f.path) : undefined;
      const jobs = parsed.map((j) => {
        const job = callersEnvironment(j, params);
        return carried && !job.tags && !job.manual ? { ...job, ...carried } : job;
      });
      const choices = system === 'github-actions' ? githubChoices(on, lines, text) : [];
      const steps = docs.flatMap((d) => stepsFromYaml(system, d.value, lines, repo, f.path));
      const forge = /^\.(forgejo|gitea)\/workflows\//.exec(f.path)?.[1] as 'forgejo' | 'gitea' | undefined;
      configs.push({
        system,
        path: f.path,
        ...(system === 'github-actions' && forge ? { forge: `${forge}-actions` as const } : {}),
        steps: [
          ...(system === 'azure-pipelines' ? withAzureValues(steps, templates.get(f.path), azureVariables) : steps),
          ...commentedSteps(lines),
        ],
        parseError: errors.length ? errors[0]!.split('\n')[0] : undefined,
        ...trigger,
        ...(jobs.length ? { jobs } : {}),
        ...(choices.length ? { choices } : {}),
      });
    } catch (e) {
      // A shape no CI system accepts (e.g. `jobs: 3`): keep the file, with the reason, and no steps.
      configs.push({ system, path: f.path, steps: [], parseError: `unexpected structure: ${(e as Error).message}` });
    }
  }
  configs.push(...concourseConfigs(repo, concourse));
  const resolver = new CommandResolver(repo);
  return {
    configs,
    steps: configs.flatMap((c) => c.steps.map((s) => ({ ...s, path: c.path }))),
    tests: matchesFor('tests', configs, resolver),
    security: matchesFor('security', configs, resolver),
    lint: matchesFor('lint', configs, resolver),
  };
}

const STATE_RANK: Record<CiState, number> = { active: 0, limited: 1, manual: 2, disabled: 3 };

/** The best matches first: running on every change, then high confidence. */
export function rankMatches(matches: CiMatch[]): CiMatch[] {
  return [...matches].sort(
    (a, b) =>
      STATE_RANK[a.state] - STATE_RANK[b.state] ||
      (a.confidence === b.confidence ? 0 : a.confidence === 'high' ? -1 : 1),
  );
}

/** Where golangci-lint's configuration (or the command line) turns a linter on, or undefined when it stays off. */
export function golangciEnables(repo: RepoIndex, linter: string, cmd = ''): string | undefined {
  if (new RegExp(`(?:--enable(?:=|\\s+)|-E\\s*)[\\w,-]*\\b${linter}\\b`).test(cmd))
    return `${linter} enabled on the command line`;
  const file = repo
    .byName(/^\.golangci\.(ya?ml|toml|json)$/)
    .map((f) => f.path)
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (!file) return undefined;
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  let linters: Record<string, unknown> | undefined;
  if (/\.ya?ml$/.test(file)) linters = (repo.yaml(file) as { linters?: Record<string, unknown> } | undefined)?.linters;
  else if (file.endsWith('.json'))
    linters = (repo.json(file) as { linters?: Record<string, unknown> } | undefined)?.linters;
  else {
    const text = repo.read(file) ?? '';
    const arr = (key: string) =>
      [
        ...(new RegExp(`^\\s*${key}\\s*=\\s*\\[([^\\]]*)\\]`, 'm').exec(text)?.[1] ?? '').matchAll(/["']([\w-]+)["']/g),
      ].map((m) => m[1]!);
    linters = {
      enable: arr('enable'),
      disable: arr('disable'),
      'enable-all': /^\s*enable-all\s*=\s*true/m.test(text),
      default: /^\s*default\s*=\s*["'](\w+)["']/m.exec(text)?.[1],
    };
  }
  if (!linters) return undefined;
  if (list(linters.disable).includes(linter)) return undefined;
  const where = (key: string) => {
    const i = repo.lines(file).findIndex((l) => l.includes(key));
    return `${file}:${i >= 0 ? i + 1 : 1}`;
  };
  if (list(linters.enable).includes(linter)) return `${linter} is enabled in ${where(linter)}`;
  if (linters['enable-all'] === true) return `every linter, ${linter} included, is enabled in ${where('enable-all')}`;
  if (linters.default === 'all') return `every linter, ${linter} included, is enabled in ${where('default')}`;
  return undefined;
}

/**
 * The ruff configuration that selects the flake8-bandit security rules (`select = ["S", …]`, `extend-select`, `"ALL"`)
 * in pyproject.toml's [tool.ruff] / [tool.ruff.lint] or a ruff.toml, and does not ignore them all again.
 */
export function ruffSecurityRules(repo: RepoIndex): string | undefined {
  for (const f of repo.byName(/^(pyproject\.toml|\.?ruff\.toml)$/)) {
    if (f.isTest || f.path.includes('/')) continue;
    const lines = repo.lines(f.path);
    const own = f.path !== 'pyproject.toml';
    let inRuff = own;
    let key: string | undefined;
    let ignoredAll = false;
    let hit: number | undefined;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!.replace(/#.*$/, '');
      const section = /^\s*\[([^\]]+)\]\s*$/.exec(l);
      if (section) {
        inRuff = own
          ? /^lint\b/.test(section[1]!) || !section[1]!.includes('.')
          : /^tool\.ruff(?:\.lint)?$/.test(section[1]!);
        key = undefined;
        continue;
      }
      if (!inRuff) continue;
      const start = /^\s*((?:extend-)?select|(?:extend-)?ignore)\s*=\s*\[?(.*)$/.exec(l);
      const values = start ? start[2]! : key ? l : '';
      if (start) key = start[1];
      if (key && /["'](?:S|S\d{1,3}|ALL)["']/.test(values)) {
        if (/select/.test(key)) hit ??= i + 1;
        else if (/["']S["']/.test(values)) ignoredAll = true;
      }
      if (key && values.includes(']')) key = undefined;
    }
    if (hit && !ignoredAll) return `the flake8-bandit (S) rules are selected in ${f.path}:${hit}`;
  }
  return undefined;
}

/** The ESLint configuration that turns on eslint-plugin-security (plugin:security/…, security.configs.recommended). */
export function eslintSecurityPlugin(repo: RepoIndex): string | undefined {
  for (const f of repo.byName(
    /^(\.eslintrc(\.(js|cjs|json|ya?ml))?|eslint\.config\.(js|cjs|mjs|ts|mts)|package\.json)$/,
  )) {
    if (f.isTest) continue;
    const lines = repo.lines(f.path);
    const i = lines.findIndex(
      (l) =>
        /["']plugin:security\/|\bpluginSecurity\.configs\.|\bsecurity\.configs\.recommended|["']eslint-plugin-security["']\s*\)|from\s+["']eslint-plugin-security["']/.test(
          l,
        ) && !/^\s*(\/\/|#)/.test(l),
    );
    if (i >= 0 && !(f.path.endsWith('package.json') && !/eslintConfig/.test(repo.read(f.path) ?? '')))
      return `eslint-plugin-security is enabled in ${f.path}:${i + 1}`;
  }
  return undefined;
}

/** The bodies of the `namespace :name do … end` blocks of a rake file (to their `end` at the same indentation). */
function namespaceBlocks(lines: readonly string[], name: string): string[] {
  const head = new RegExp(`^(\\s*)namespace[\\s(]+(?::|["'])${escapeRegExp(name)}\\b[^\\n]*\\bdo\\b`);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const h = head.exec(lines[i]!);
    if (!h) continue;
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^${h[1]}end\\b`).test(lines[j]!)) j++;
    out.push(lines.slice(i + 1, j).join('\n'));
    i = j;
  }
  return out;
}

/** The folder a command runs in after changing into `sub` from `cwd` ('' is the repository root). */
function joinCwd(cwd: string, sub: string): string {
  return path.posix.normalize(path.posix.join(cwd, sub)).replace(/^\.$|\/$/g, '');
}
