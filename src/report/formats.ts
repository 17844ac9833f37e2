import type { Report } from './schema.js';
import { formatText } from './text.js';
import { formatHtml } from './html.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { wrapToWidth } from './wrap.js';
import type { RuleMeta } from '../sdk/types.js';

export interface FormatContext {
  color: boolean;
  verbose?: boolean;
  /** Lines appended to human formats (gate results, plan progress). */
  footer?: string[];
  /** The project's recorded scores, oldest first (the html trend chart); filled by audit/show from the history. */
  trend?: { runId: number; at: string; score: number | null }[];
  /**
   * Metadata of every check, for formats that describe the rules (SARIF). The caller passes the registry it audited
   * with (the report layer does not know the rules); a finding whose rule is missing here gets a minimal description.
   */
  rules?: readonly RuleMeta[];
  /** Terminal columns: the text format wraps its lines to them (undefined: no wrapping, e.g. for a file or a pipe). */
  width?: number;
  /** Gate results, for formats that summarise them (markdown). */
  gates?: readonly { name: string; passed: boolean; message: string }[];
}

export type Formatter = (report: Report, ctx: FormatContext) => string;

/** Output formats by name. Add one: write src/report/<name>.ts and register it here. */
export const FORMATTERS: Record<string, Formatter> = {
  text: (r, ctx) =>
    wrapToWidth(formatText(r, { color: ctx.color, verbose: ctx.verbose, footer: ctx.footer }), ctx.width),
  json: (r) => `${JSON.stringify(r, null, 2)}\n`,
  html: (r, ctx) => formatHtml(r, { trend: ctx.trend }),
  markdown: (r, ctx) => formatMarkdown(r, { gates: ctx.gates }),
  sarif: (r, ctx) => formatSarif(r, { rules: ctx.rules ?? [] }),
  junit: (r) => formatJunit(r),
};

export interface FormatTarget {
  format: string;
  /** File to write; undefined means stdout. */
  file?: string;
}

/** Parses `-f json`, `-f sarif:out.sarif` (a file per format; at most one format goes to stdout). */
export function parseFormatTargets(specs: string[], output?: string): FormatTarget[] {
  const targets = (specs.length ? specs : ['text']).map((spec) => {
    const i = spec.indexOf(':');
    const format = (i < 0 ? spec : spec.slice(0, i)).trim().toLowerCase();
    const file = i < 0 ? undefined : spec.slice(i + 1);
    return { format, file: file || undefined };
  });
  if (output) {
    const toStdout = targets.filter((t) => !t.file);
    if (toStdout.length !== 1) throw new Error('--output needs exactly one --format without a file');
    toStdout[0]!.file = output;
  }
  return targets;
}
