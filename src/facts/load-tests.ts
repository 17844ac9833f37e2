import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';

/** A load-test script or command: the first one of its tool in the repository. */
export interface LoadTestHit {
  tool: string;
  path: string;
  line: number;
  /** A one-off wrk/hey/ab command rather than a load-test script. */
  adhoc: boolean;
  /** A program of the project's own, known as a load generator only by its README's description. */
  described?: boolean;
}

export interface LoadTestFacts {
  /** One per tool, in the order the tools are looked for. */
  hits: LoadTestHit[];
  /**
   * Every Locust, k6 and Artillery script file (the first line that makes it one; a locustfile.py by its name), in
   * path order. A folder holding one is a traffic generator rather than a part of what the repository ships.
   */
  scripts: LoadTestHit[];
}

const ADHOC = 'wrk/hey/ab';

interface LoadSignal {
  tool: string;
  re: RegExp;
  include: string | string[];
  /** What every match of `re` contains, tested first (an import pattern's own literals pass every file). */
  need?: RegExp;
}
/** Script files of the tools whose scripts are programs of their own (Locust, k6, Artillery scenarios). */
const LOCUST: LoadSignal = { tool: 'Locust', re: /^\s*(from\s+locust\s+import|import\s+locust\b)/, include: '**/*.py' };
const K6: LoadSignal = {
  tool: 'k6',
  re: /^\s*import\b[^\n]*\bfrom\s+['"]k6(\/[\w/-]+)?['"]|^\s*(?:const|let|var)\s[^\n]*=\s*require\(['"]k6(\/[\w/-]+)?['"]\)/,
  include: '**/*.{js,ts,mjs}',
  need: /['"]k6[/'"]/,
};
const ARTILLERY: LoadSignal = { tool: 'Artillery', re: /^scenarios\s*:/, include: '**/*.{yml,yaml}' };

/** Load-test scripts: Locust, k6, Artillery scenarios, JMeter plans, Gatling simulations, Vegeta, autocannon. */
const SIGNALS: LoadSignal[] = [
  LOCUST,
  K6,
  ARTILLERY,
  { tool: 'JMeter', re: /<jmeterTestPlan\b|<TestPlan\b/, include: '**/*.jmx' },
  { tool: 'Gatling', re: /extends\s+Simulation\b|import\s+io\.gatling\b/, include: '**/*.{scala,java,kt}' },
  {
    tool: 'Vegeta',
    re: /\bvegeta\s+attack\b|github\.com\/tsenart\/vegeta/,
    include: ['**/*.{sh,go,yml,yaml}', '**/Makefile'],
  },
  {
    tool: 'autocannon',
    re: /^\s*(?:const|let|var)\s[^\n]*=\s*require\(['"]autocannon['"]\)|^\s*import\b[^\n]*\bfrom\s+['"]autocannon['"]|(?:^|["'\s])autocannon\s+-/,
    need: /autocannon/,
    include: ['**/*.{js,ts,mjs,cjs,sh}', '**/package.json'],
  },
  {
    tool: 'Artillery',
    re: /"artillery\s+run\b|\bartillery\s+run\b/,
    include: ['**/package.json', '**/*.{sh,yml,yaml}', '**/Makefile'],
  },
  {
    tool: 'k6',
    re: /\bk6\s+run\b|grafana\/k6-action|grafana\/run-k6-action/,
    include: ['**/*.{sh,yml,yaml}', '**/Makefile', '**/package.json'],
  },
  {
    // A Go test in a load/perf/stress folder that fires requests from many goroutines: a hand-written load test.
    tool: 'Go load test',
    re: /\bsync\.WaitGroup\b|^\s*go\s+func\s*\(/,
    include: '**/{load,loadtest,loadtests,load-test,load-tests,load_test,load_tests,perf,performance,stress}/*_test.go',
  },
  {
    // A lookbehind, not a leading \s: the match must start on the command's own line (its evidence line). The flag's
    // value may follow it directly (wrk -t4 -c64).
    tool: ADHOC,
    re: /(?<![\w./-])(?:wrk\s+-[tcd]|hey\s+-[nzc]|ab\s+-[nc])(?=[\s\d])/,
    include: ['**/*.sh', '**/Makefile'],
  },
];

const OWN_TOOL = 'own load generator';
const OWN_LOAD_GENERATOR = /\b(?:load|traffic|stress)[- ](?:generator|tester|testing tool)\b/i;
/**
 * READMEs of the tools kept beside the service (tools/<name>/README.md, bench/<name>/README.md), and of a workspace
 * member named for stress testing (`stresstest/README.md`, `crates/<name>-stress/README.md`).
 */
const OWN_TOOL_README = [
  '{tools,tool,bench,benchmarks,perf,loadtest,load-test}/*/README.md',
  '*stress*/README.md',
  'crates/*stress*/README.md',
];
const PROGRAM_MANIFESTS = [
  'go.mod',
  'Cargo.toml',
  'package.json',
  'pyproject.toml',
  'mix.exs',
  'pom.xml',
  'build.gradle',
];

/** The load-test scripts and one-off load commands the repository holds. */
export function detectLoadTests(repo: RepoIndex): LoadTestFacts {
  const hits = new Map<string, { path: string; line: number }>();
  for (const f of repo.byName(/^locustfile\.py$/))
    if (!hits.has('Locust')) hits.set('Locust', { path: f.path, line: 1 });
  for (const s of SIGNALS) {
    if (hits.has(s.tool)) continue;
    const m = repo.grepFirst(s.re, where(repo, s));
    if (m) hits.set(s.tool, { path: m.path, line: m.line });
  }
  // A tool of the project's own whose README calls it a load generator (`tools/dima`: "Terminal-based load generator
  // for … tournaments"), beside the program it documents.
  const own = repo.grepFirst(OWN_LOAD_GENERATOR, { include: OWN_TOOL_README });
  if (own && PROGRAM_MANIFESTS.some((m) => repo.has(path.posix.join(path.posix.dirname(own.path), m))))
    hits.set(OWN_TOOL, { path: own.path, line: own.line });
  const artillery = hits.get('Artillery');
  if (artillery && /\.ya?ml$/.test(artillery.path) && !artilleryTarget(repo, artillery.path)) hits.delete('Artillery');
  return {
    hits: [...hits].map(([tool, h]) => ({
      tool,
      ...h,
      adhoc: tool === ADHOC,
      ...(tool === OWN_TOOL ? { described: true } : {}),
    })),
    scripts: scriptFiles(repo),
  };
}

/** The files a signal's pattern searches: those of its globs, narrowed to the ones holding what it needs. */
function where(repo: RepoIndex, s: LoadSignal): { include: string | string[] } | { paths: string[] } {
  if (!s.need) return { include: s.include };
  const need = s.need;
  return {
    paths: repo
      .select({ include: s.include })
      .filter((f) => need.test(repo.read(f.path) ?? ''))
      .map((f) => f.path),
  };
}

/** An Artillery YAML without a target is some other file's `scenarios:` key. */
function artilleryTarget(repo: RepoIndex, path: string): boolean {
  return repo.grepFirst(/^\s*target\s*:/, { paths: [path] }) !== undefined;
}

function scriptFiles(repo: RepoIndex): LoadTestHit[] {
  const byFile = new Map<string, LoadTestHit>();
  for (const f of repo.byName(/^locustfile\.py$/))
    byFile.set(f.path, { tool: 'Locust', path: f.path, line: 1, adhoc: false });
  for (const s of [LOCUST, K6, ARTILLERY])
    for (const m of repo.grep(s.re, where(repo, s))) {
      if (byFile.has(m.path) || (s === ARTILLERY && !artilleryTarget(repo, m.path))) continue;
      byFile.set(m.path, { tool: s.tool, path: m.path, line: m.line, adhoc: false });
    }
  return [...byFile.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
