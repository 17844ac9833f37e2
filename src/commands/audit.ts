import fs from 'node:fs';
import { describeError, UserError } from '../errors.js';
import { FORMATTERS, parseFormatTargets } from '../report/formats.js';
import { baselineGapIds, evaluateGates, parseLevel, type GateResult } from './gates.js';
import type { TrendPoint } from '../report/html.js';
import type { Report } from '../report/schema.js';
import type { Finding, Severity } from '../sdk/types.js';
import { componentFolders, unmatchedWaivers } from '../engine/waivers.js';
import { auditPipeline, type AuditResult } from '../pipeline/audit.js';
import { writeOutputFile, type CommandIO } from './io.js';
import { charge, startTiming, stopTiming, timed, timedAsync, timingNow } from '../timing.js';

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
  /** Exit 1 when the level is below this (0-3 or a level name; the config's minLevel otherwise). */
  minLevel?: string;
  /** With --baseline: gates consider only gaps whose rule was not a gap in the baseline. */
  onlyNew?: boolean;
  /** With --fail-on-regression: no baseline fails the gate instead of skipping it. */
  requireBaseline?: boolean;
  /** Print where the time went (phases, the ten slowest facts and rules) on stderr. */
  timing?: boolean;
  /** Audit only these components (ids or folders); such a partial run is not recorded in the history. */
  component?: string[];
  /** Rule packs to load and run (`--rules`, repeatable): package names or paths. */
  rules?: string[];
}

export async function auditCommand(dir: string, opts: AuditCommandOptions, io: CommandIO): Promise<number> {
  if (!opts.timing) return audit(dir, opts, io);
  const timing = startTiming();
  // Everything before this point: Node, the CLI and the modules the command loaded.
  timing.add('start-up', undefined, timing.now());
  try {
    return await audit(dir, opts, io);
  } finally {
    stopTiming();
    for (const line of timing.summary()) io.stderr(line);
  }
}

async function audit(dir: string, opts: AuditCommandOptions, io: CommandIO): Promise<number> {
  let targets: ReturnType<typeof parseFormatTargets>;
  try {
    targets = parseFormatTargets(opts.format, opts.output);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  for (const t of targets) {
    if (!FORMATTERS[t.format])
      throw new UserError(`unknown format "${t.format}" (known: ${Object.keys(FORMATTERS).join(', ')})`);
  }
  if (targets.filter((t) => !t.file).length > 1)
    throw new UserError('only one --format can go to stdout; give the others a file (-f json:report.json)');

  if (opts.onlyNew && !opts.baseline) throw new UserError('--only-new needs --baseline <run-id|report.json>');
  if (opts.requireBaseline && !opts.failOnRegression)
    throw new UserError('--require-baseline goes with --fail-on-regression');
  const minLevelFlag = opts.minLevel !== undefined ? parseLevel(opts.minLevel) : undefined;

  const spinner = io.spinner('Scanning repository');
  let result: AuditResult;
  let startedAt: string | undefined;
  try {
    const revision = opts.ref ? (await import('../pipeline/revision.js')).revisionSource(dir, opts.ref) : undefined;
    const setup = await (await import('../pipeline/packs.js')).auditSetup(
      { dir, configPath: opts.config, packs: opts.rules },
      io.stderr,
    );
    result = await auditPipeline({
      dir,
      config: setup.config,
      rules: setup.rules,
      onProgress: (t) => spinner.text(`Auditing: ${t}`),
      revision,
      components: opts.component,
    });
    startedAt = revision?.startedAt;
  } finally {
    spinner.stop();
  }
  const { report, config } = result;
  // The project's own status documents, judged against the findings just computed (they never change a finding).
  const { claimsOf } = await timedAsync('claims', () => import('./claims.js'));
  const claims = timed('claims', undefined, () => claimsOf(result));
  if (claims.claims.length) report.claims = claims.claims;
  const claimsLine = (await import('../claims/index.js')).claimsSummaryLine(claims);

  let planLine: string | undefined;
  let gates: GateResult[];
  let trend: TrendPoint[] | undefined;
  // One connection for the whole command: recording, the regression baseline and the html trend (each open of an
  // existing database runs the integrity preflight).
  const store = opts.history
    ? await timedAsync('history', async () =>
        (await import('../history/store.js')).HistoryStore.open(io.dbPath(opts.db)),
      )
    : undefined;
  const historyStarted = timingNow();
  try {
    // A run of some components only would read as the repository's score falling or rising: it is not recorded.
    if (store && !opts.component?.length) {
      report.runId = store.recordRun(report, result.identity, {
        configHash: config.hash,
        durationMs: result.durationMs,
        rules: result.rules,
        startedAt,
      });
      planLine = (await import('./plan.js')).activePlanProgressLine(store, result.identity.key);
    }

    const cfg = config.config;
    // Read once for both --only-new and --fail-on-regression.
    let baseline: { report: Report; label: string } | undefined;
    if (opts.baseline && (opts.onlyNew || opts.failOnRegression)) {
      const { baselineLabel, loadBaseline } = await import('./baseline.js');
      baseline = { report: await loadBaseline(opts.baseline, io.dbPath(opts.db)), label: baselineLabel(opts.baseline) };
    }
    const baselineGaps = opts.onlyNew && baseline ? baselineGapIds(baseline.report) : undefined;
    gates = evaluateGates(report, {
      minScore: opts.minScore ?? cfg.minScore,
      minLevel: minLevelFlag ?? (cfg.minLevel !== undefined ? parseLevel(cfg.minLevel) : undefined),
      thresholds: cfg.thresholds,
      failOn: cfg.failOn as Severity[] | undefined,
      baselineGaps,
    });
    if (opts.failOnRegression) {
      const { regressionGateFor } = await import('./regression-gate.js');
      gates.push(
        await regressionGateFor(report, result.identity, {
          dbPath: io.dbPath(opts.db),
          store,
          baseline,
          baselineBranch: opts.baselineBranch,
          requireBaseline: opts.requireBaseline,
        }),
      );
    }
    trend = targets.some((t) => t.format === 'html')
      ? (await import('../history/read.js')).trendFor(io.dbPath(opts.db), result.identity.key, store)
      : undefined;
  } finally {
    store?.close();
    // Recording, the baseline and the trend: no fact or rule runs in here, so nothing is charged twice.
    charge('history', timingNow() - historyStarted);
  }
  // Gates and waivers that do nothing say so (on stderr, so JSON on stdout stays clean).
  for (const g of gates) if (g.skipped) io.stderr(`readiness: warning: ${g.message}`);
  for (const u of unmatchedWaivers(
    report.findings as Finding[],
    config.config.waivers,
    componentFolders(report.components),
  ))
    io.stderr(
      `readiness: warning: the waiver for ${u.waiver.rule} (until ${u.waiver.expires}) covers no gap: ${u.why}`,
    );
  const failed = gates.filter((g) => !g.passed);
  const footer = [
    ...(claimsLine ? [io.style.dim(claimsLine)] : []),
    ...(planLine ? [io.style.dim(planLine)] : []),
    ...failed.map((g) => io.style.red(`✗ gate ${g.name}: ${g.message}`)),
  ];
  for (const t of targets) {
    const text = timed('report', undefined, () =>
      FORMATTERS[t.format]!(report, {
        color: !t.file && io.color,
        width: t.file ? undefined : io.width,
        verbose: opts.verbose,
        footer: t.format === 'text' ? footer : [],
        trend,
        gates,
        rules: result.rules,
      }),
    );
    if (t.file) writeOutputFile(t.file, text);
    else if (!(opts.quiet && t.format === 'text')) io.stdout(text);
  }
  appendStepSummary(report, gates, io);
  if (failed.length) {
    const textOnStdout = !opts.quiet && targets.some((t) => t.format === 'text' && !t.file);
    if (!textOnStdout) for (const g of failed) io.stderr(`readiness: gate ${g.name} failed: ${g.message}`);
    return 1;
  }
  return 0;
}

/** On GitHub Actions, GITHUB_STEP_SUMMARY names a file whose Markdown is shown on the run page: append ours. */
function appendStepSummary(report: Report, gates: GateResult[], io: CommandIO): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    fs.appendFileSync(file, FORMATTERS.markdown!(report, { color: false, gates }));
  } catch (e) {
    io.stderr(`readiness: warning: cannot append to GITHUB_STEP_SUMMARY ${file}: ${describeError(e)}`);
  }
}
