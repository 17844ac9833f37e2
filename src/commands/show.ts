import { UserError } from '../errors.js';
import { FORMATTERS } from '../report/formats.js';
import { writeOutputFile, type CommandIO } from './io.js';

export interface ShowCommandOptions {
  format?: string;
  output?: string;
  dir?: string;
  verbose?: boolean;
  db?: string;
}

/** `readiness show <run>`: a recorded run rendered by any registered formatter (html gets the project's trend). */
export async function showCommand(spec: string, opts: ShowCommandOptions, io: CommandIO): Promise<number> {
  const format = (opts.format ?? 'text').toLowerCase();
  const formatter = FORMATTERS[format];
  if (!formatter) throw new UserError(`unknown format "${format}" (known: ${Object.keys(FORMATTERS).join(', ')})`);
  const { HistoryStore } = await import('../history/store.js');
  const { identityOf, resolveRun } = await import('../history/resolve.js');
  const store = HistoryStore.open(io.dbPath(opts.db), { readonly: true });
  let text: string;
  try {
    const dir = opts.dir ?? '.';
    // A recorded run id needs no project directory; anything else resolves in the project of --dir.
    const run =
      (/^\d+$/.test(spec) ? store.getRun(Number(spec)) : undefined) ??
      resolveRun(store, identityOf(dir).key, dir, spec);
    const report = store.getReport(run.id)!;
    const trend = format === 'html' ? store.trend(run.projectKey, { limit: 200 }) : undefined;
    // SARIF describes every check: the built-in registry, with the same docs URLs as the findings, and the run's own
    // checks and pack rules as recorded with it.
    const rules =
      format === 'sarif'
        ? [...(await import('../pipeline/registry.js')).builtInRules.map((r) => r.meta), ...store.runRules(run.id)]
        : undefined;
    text = formatter(report, {
      color: !opts.output && io.color,
      width: opts.output ? undefined : io.width,
      verbose: opts.verbose,
      footer: [],
      trend,
      rules,
    });
  } finally {
    store.close();
  }
  if (opts.output) writeOutputFile(opts.output, text);
  else io.stdout(text);
  return 0;
}
