import fs from 'node:fs';
import { describeError, UserError } from '../errors.js';
import { ReportSchema, type Report } from '../report/schema.js';

/** Whether a --baseline names a recorded run id (digits that are not also the name of a file) rather than a JSON report. */
function isRunIdSpec(spec: string): boolean {
  return /^\d+$/.test(spec) && !fs.existsSync(spec);
}

/** How gate messages name a --baseline: "run 12", or the report file as given. */
export function baselineLabel(spec: string): string {
  return isRunIdSpec(spec) ? `run ${spec}` : spec;
}

/**
 * Loads a baseline report: a numeric run id from the history database, or a JSON report file
 * written by `readiness audit --format json` (so a CI without a persistent database can compare against an artifact).
 */
export async function loadBaseline(spec: string, dbPath: string): Promise<Report> {
  if (isRunIdSpec(spec)) {
    const { HistoryStore } = await import('../history/store.js');
    const store = HistoryStore.open(dbPath, { readonly: true });
    try {
      const r = store.getReport(Number(spec));
      if (!r) throw new UserError(`baseline run ${spec} is not in the history database ${dbPath}`);
      return r;
    } finally {
      store.close();
    }
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(spec, 'utf8'));
  } catch (e) {
    const system = typeof (e as NodeJS.ErrnoException).code === 'string';
    throw new UserError(
      system ? `cannot read baseline ${spec}: ${describeError(e)}` : `baseline ${spec} is not valid JSON`,
    );
  }
  const parsed = ReportSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new UserError(
      `baseline ${spec} is not a readiness JSON report: ${i.path.join('.') || '(top level)'}: ${i.message}`,
    );
  }
  return parsed.data;
}
