import type { Facts } from '../facts/index.js';
import type { RepoIndex } from '../repo/index.js';
import type { ComponentContext, Evidence, Rule, RuleContext, RuleOptions, Verdict } from '../sdk/types.js';

export function renderMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

/** Evidence with exact repeats left out (one client bounded by a shared customizer is cited once, not per client). */
function distinct(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function createContext(
  rule: Rule,
  repo: RepoIndex,
  facts: Facts,
  options: RuleOptions,
  component?: ComponentContext,
): RuleContext {
  const { meta } = rule;
  return {
    repo,
    facts,
    options,
    ...(component ? { component } : {}),
    pass(evidence, extra = {}) {
      const template = extra.messageId ? meta.messages[extra.messageId] : undefined;
      if (extra.messageId && template === undefined)
        throw new Error(`${meta.id}: unknown messageId "${extra.messageId}"`);
      return {
        status: 'pass',
        messageId: extra.messageId,
        message: extra.message ?? (template ? renderMessage(template, extra.data) : meta.title),
        evidence: distinct(evidence),
        confidence: extra.confidence ?? 'high',
        data: extra.data,
      };
    },
    gap(messageId, evidence, extra = {}) {
      const template = meta.messages[messageId];
      if (template === undefined) throw new Error(`${meta.id}: unknown messageId "${messageId}"`);
      return {
        status: 'gap',
        messageId,
        message: extra.message ?? renderMessage(template, extra.data),
        evidence: distinct(evidence),
        confidence: extra.confidence ?? 'high',
        data: extra.data,
        ...(extra.size ? { size: extra.size } : {}),
      };
    },
    na(reason): Verdict {
      return { status: 'n/a', message: reason, evidence: [], confidence: 'high' };
    },
    at(path, line, note, excerptText): Evidence {
      const ex = excerptText ?? (line !== undefined ? repo.lineText(path, line) : undefined);
      return { kind: 'found', path, ...(line !== undefined ? { line } : {}), ...(ex ? { excerpt: ex } : {}), note };
    },
    missing(searched, note): Evidence {
      return { kind: 'missing', path: '.', note, searched };
    },
  };
}
