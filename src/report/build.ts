import type { Finding } from '../sdk/types.js';
import type { Coverage, Report, ReportComponent } from './schema.js';
import { SCHEMA_VERSION } from './schema-version.js';
import { componentFindings, repositoryFindings, scoreFindings } from './score.js';
import { TOOL_VERSION } from '../version.js';

export interface TargetInfo {
  root: string;
  commit?: string;
  branch?: string;
  dirty?: boolean;
  ref?: string;
}

const STATUS_ORDER = { gap: 0, error: 1, pass: 2, 'n/a': 3 } as const;

/** Stable order: category order is the catalog's; within it gaps first, then by level, then id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      a.level - b.level ||
      a.ruleId.localeCompare(b.ruleId) ||
      (a.component ?? '').localeCompare(b.component ?? ''),
  );
}

/** A component as the report describes it (its score is computed here). */
export type ComponentInfo = Omit<ReportComponent, 'score' | 'level' | 'counts'>;

export function buildReport(
  findings: Finding[],
  target: TargetInfo,
  project?: Report['project'],
  generatedAt = new Date(),
  coverage?: Coverage,
  components?: readonly ComponentInfo[],
): Report {
  const card = scoreFindings(repositoryFindings(findings, components));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'readiness', version: TOOL_VERSION },
    generatedAt: generatedAt.toISOString(),
    target: {
      root: target.root,
      commit: target.commit ?? null,
      branch: target.branch ?? null,
      dirty: target.dirty ?? null,
      ...(target.ref ? { ref: target.ref } : {}),
    },
    ...(project ? { project } : {}),
    ...(coverage ? { coverage } : {}),
    score: card.score,
    level: { value: card.level.level, name: card.level.name, ...(card.level.next ? { next: card.level.next } : {}) },
    counts: card.counts,
    categories: card.categories,
    ...(components
      ? {
          components: components.map((c) => {
            const k = scoreFindings(componentFindings(findings, c.id));
            return { ...c, score: k.score, level: { value: k.level.level, name: k.level.name }, counts: k.counts };
          }),
        }
      : {}),
    findings: [...findings].sort(
      (a, b) => a.ruleId.localeCompare(b.ruleId) || (a.component ?? '').localeCompare(b.component ?? ''),
    ),
  };
}
