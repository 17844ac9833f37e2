import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { FORMATTERS, parseFormatTargets } from '../report/formats.js';
import { evaluateGates } from './gates.js';
import { performAudit } from './perform-audit.js';
import type { CommandIO } from './io.js';

export interface AuditCommandOptions {
  format: string[];
  output?: string;
  minScore?: number;
  config?: string;
  db?: string;
  history: boolean;
  verbose?: boolean;
  quiet?: boolean;
  /** Exit 1 when the score fell or a gap appeared against the baseline (history: same branch, or --baseline-branch). */
  failOnRegression?: boolean;
  baseline?: string;
  baselineBranch?: string;
  /** Audit this git revision from the object database instead of the work tree. */
  ref?: string;
}

export async function auditCommand(dir: string, opts: AuditCommandOptions, io: CommandIO): Promise<number> {
  let targets;
  try {
    targets = parseFormatTargets(opts.format, opts.output);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  for (const t of targets) {
    if (!FORMATTERS[t.format]) throw new UserError(`unknown format "${t.format}" (known: ${Object.keys(FORMATTERS).join(', ')})`);
  }
  if (targets.filter((t) => !t.file).length > 1) throw new UserError('only one --format can go to stdout; give the others a file (-f json:report.json)');

  const spinner = io.spinner('Scanning repository');
  let result;
  let startedAt: string | undefined;
  try {
    const refOpts = opts.ref ? (await import('../history/audit-hooks.js')).refAuditOptions(dir, opts.ref) : undefined;
    result = performAudit({ dir, configPath: opts.config, onProgress: (t) => spinner.text(`Auditing: ${t}`), ...(refOpts ? { index: refOpts.index, git: refOpts.git, ref: refOpts.ref } : {}) });
    if (refOpts?.startedAt) startedAt = refOpts.startedAt;
  } finally {
    spinner.stop();
  }
  const { report, config } = result;

  if (opts.history) {
    const { HistoryStore } = await import('../history/store.js');
    const store = HistoryStore.open(io.dbPath(opts.db));
    try {
      report.runId = store.recordRun(report, result.identity, { configHash: config.hash, durationMs: result.durationMs, startedAt });
    } finally {
      store.close();
    }
  }

  const gates = evaluateGates(report, { minScore: opts.minScore ?? config.config.minScore });
  if (opts.failOnRegression) {
    const { regressionGateFor } = await import('../history/audit-hooks.js');
    gates.push(await regressionGateFor(report, result.identity, { dbPath: io.dbPath(opts.db), baseline: opts.baseline, baselineBranch: opts.baselineBranch }));
  }
  const trend = targets.some((t) => t.format === 'html') ? (await import('../history/audit-hooks.js')).trendFor(io.dbPath(opts.db), result.identity.key) : undefined;
  const failed = gates.filter((g) => !g.passed);
  const footer = failed.map((g) => io.style.red(`✗ gate ${g.name}: ${g.message}`));
  for (const t of targets) {
    const text = FORMATTERS[t.format]!(report, { color: !t.file && io.color, verbose: opts.verbose, footer: t.format === 'text' ? footer : [], trend });
    if (t.file) writeReportFile(t.file, text);
    else if (!(opts.quiet && t.format === 'text')) io.stdout(text);
  }
  if (failed.length) {
    const textOnStdout = !opts.quiet && targets.some((t) => t.format === 'text' && !t.file);
    if (!textOnStdout) for (const g of failed) io.stderr(`readiness: gate ${g.name} failed: ${g.message}`);
    return 1;
  }
  return 0;
}

function writeReportFile(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new UserError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
