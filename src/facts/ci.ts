import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';

export type CiSystem =
  | 'github-actions' | 'gitlab-ci' | 'circleci' | 'jenkins' | 'azure-pipelines' | 'travis'
  | 'bitbucket-pipelines' | 'drone' | 'buildkite' | 'woodpecker';

export interface CiStep {
  /** Shell command(s) run by the step, when it runs any. */
  run?: string;
  /** A reusable action / orb / template the step uses (GitHub `uses:`). */
  uses?: string;
  name?: string;
  job?: string;
  line: number;
}

export interface CiConfig {
  system: CiSystem;
  path: string;
  steps: CiStep[];
  parseError?: string;
}

export interface CiFacts {
  configs: CiConfig[];
  steps: (CiStep & { path: string })[];
}

const LOCATIONS: [RegExp, CiSystem][] = [
  [/^\.github\/workflows\/[^/]+\.ya?ml$/, 'github-actions'],
  [/^\.gitlab-ci\.ya?ml$|^\.gitlab\/ci\/.+\.ya?ml$/, 'gitlab-ci'],
  [/^\.circleci\/config\.ya?ml$/, 'circleci'],
  [/(^|\/)Jenkinsfile(\.[\w-]+)?$/, 'jenkins'],
  [/^(\.)?azure-pipelines(\.[\w-]+)?\.ya?ml$|^\.azure-pipelines\/.+\.ya?ml$/, 'azure-pipelines'],
  [/^\.travis\.ya?ml$/, 'travis'],
  [/^bitbucket-pipelines\.ya?ml$/, 'bitbucket-pipelines'],
  [/^\.drone\.ya?ml$/, 'drone'],
  [/^\.buildkite\/.+\.ya?ml$/, 'buildkite'],
  [/^\.woodpecker(\.ya?ml|\/.+\.ya?ml)$/, 'woodpecker'],
];

/** Finds the 1-based line of a YAML scalar by searching for its first line in the file. */
function findLine(lines: string[], needle: string, from = 0): number {
  const first = needle.split('\n').find((l) => l.trim())?.trim();
  if (!first) return 1;
  for (let i = from; i < lines.length; i++) if (lines[i]!.includes(first)) return i + 1;
  return 1;
}

function stepsFromYaml(system: CiSystem, value: unknown, lines: string[]): CiStep[] {
  const steps: CiStep[] = [];
  const addRun = (run: unknown, job?: string, name?: string): void => {
    const cmds = Array.isArray(run) ? run.map(String) : typeof run === 'string' ? [run] : [];
    for (const c of cmds) steps.push({ run: c, job, name, line: findLine(lines, c) });
  };
  if (!value || typeof value !== 'object') return steps;
  const v = value as Record<string, any>;
  if (system === 'github-actions') {
    for (const [job, def] of Object.entries((v.jobs as Record<string, any>) ?? {})) {
      if (typeof def?.uses === 'string') steps.push({ uses: def.uses, job, line: findLine(lines, def.uses) });
      for (const s of (def?.steps as any[]) ?? []) {
        if (typeof s?.uses === 'string') steps.push({ uses: s.uses, job, name: s.name, line: findLine(lines, s.uses) });
        if (typeof s?.run === 'string') steps.push({ run: s.run, job, name: s.name, line: findLine(lines, s.run) });
      }
    }
    return steps;
  }
  // Generic: walk the tree for the keys CI systems use for shell commands.
  const RUN_KEYS = new Set(['script', 'before_script', 'after_script', 'run', 'command', 'commands', 'steps', 'install', 'before_install', 'pre', 'bash', 'pwsh', 'powershell']);
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
      for (const [k, child] of Object.entries(node as Record<string, unknown>)) {
        if (k === 'orbs' || k === 'uses' || k === 'template' || k === 'task' || k === 'image' || k === 'plugins') {
          if (typeof child === 'string') steps.push({ uses: child, job, line: findLine(lines, child) });
          else if (child && typeof child === 'object') for (const o of Object.values(child as Record<string, unknown>)) if (typeof o === 'string') steps.push({ uses: o, job, line: findLine(lines, o) });
          if (k !== 'uses') continue;
        }
        walk(child, job ?? (key === undefined ? k : job), RUN_KEYS.has(k) ? k : key && RUN_KEYS.has(key) ? key : k);
      }
    }
  };
  walk(v);
  return steps;
}

function stepsFromJenkinsfile(text: string): CiStep[] {
  const steps: CiStep[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    const m = /\b(?:sh|bat|powershell)\s*\(?\s*(?:script:\s*)?(['"]{1,3})([\s\S]*?)\1/.exec(l);
    if (m) steps.push({ run: m[2], line: i + 1 });
  });
  return steps;
}

export function detectCi(repo: RepoIndex): CiFacts {
  const configs: CiConfig[] = [];
  for (const f of repo.files) {
    const hit = LOCATIONS.find(([re]) => re.test(f.path));
    if (!hit) continue;
    const system = hit[1];
    const text = repo.read(f.path) ?? '';
    const lines = text.split(/\r?\n/);
    if (system === 'jenkins' || !/\.ya?ml$/.test(path.posix.basename(f.path))) {
      configs.push({ system, path: f.path, steps: stepsFromJenkinsfile(text) });
      continue;
    }
    const docs = repo.yamlDocuments(f.path);
    const errors = docs.flatMap((d) => d.errors);
    configs.push({
      system,
      path: f.path,
      steps: docs.flatMap((d) => stepsFromYaml(system, d.value, lines)),
      parseError: errors.length && docs.every((d) => d.value === undefined || d.value === null) ? errors[0] : undefined,
    });
  }
  return { configs, steps: configs.flatMap((c) => c.steps.map((s) => ({ ...s, path: c.path }))) };
}
