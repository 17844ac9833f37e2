import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import {
  checkCase,
  fixtureCases,
  loadSyntaxTrees,
  unproducedMessages,
  type CaseResult,
} from '../engine/fixture-driver.js';
import { loadPack, resolvePack } from '../engine/packs.js';
import { BUILT_IN_NAMESPACES } from '../pipeline/audit.js';
import { builtInRules } from '../pipeline/registry.js';
import type { CommandIO } from './io.js';

/**
 * `readiness rules test <pack-dir>`: runs a rule pack's fixture cases (`fixtures/<rule-id>/<pass|gap|na|error>-<case>/`,
 * optional `<case>.expect.yaml`) with the driver the built-in rules are tested with. Loading the pack runs its code: the
 * user names it. Exit 1 when a case fails, a rule has no passing or failing case, or a message no case produces.
 */
export async function rulesTestCommand(dir: string, opts: { json?: boolean }, io: CommandIO): Promise<number> {
  await loadSyntaxTrees();
  const target = path.resolve(dir);
  const ref = resolvePack(target, process.cwd());
  if ('problem' in ref) throw new UserError(`rules test ${dir}: ${ref.problem}`);
  const rules = await loadPack(
    ref,
    builtInRules.map((r) => r.meta.id),
    BUILT_IN_NAMESPACES,
  );
  const fixtures = path.join(ref.dir, 'fixtures');
  const results: CaseResult[] = [];
  const ruleProblems: { rule: string; problem: string }[] = [];
  for (const rule of rules) {
    const id = rule.meta.id;
    const folder = path.join(fixtures, id);
    if (!fs.existsSync(folder)) {
      ruleProblems.push({
        rule: id,
        problem: `no fixture cases: add ${path.relative(process.cwd(), folder)}/<pass|gap|na>-<case>/`,
      });
      continue;
    }
    const cases = fixtureCases(folder);
    const mine: CaseResult[] = [];
    for (const c of cases) {
      let r: CaseResult;
      try {
        r = checkCase(c, rule);
      } catch (e) {
        r = { rule: id, case: c.name, problems: [`crashed: ${(e as Error)?.message ?? String(e)}`] };
      }
      mine.push(r);
    }
    results.push(...mine);
    for (const s of ['pass', 'gap'])
      if (!cases.some((c) => c.name.startsWith(`${s}-`))) ruleProblems.push({ rule: id, problem: `no ${s}- case` });
    for (const m of unproducedMessages(rule, mine))
      ruleProblems.push({ rule: id, problem: `message "${m}" is produced by no case` });
  }
  const failed = results.filter((r) => r.problems.length);
  const ok = failed.length === 0 && ruleProblems.length === 0;
  if (opts.json) {
    io.stdout(
      `${JSON.stringify(
        {
          pack: ref.name,
          ok,
          cases: results.map((r) => ({ rule: r.rule, case: r.case, status: r.finding?.status, problems: r.problems })),
          rules: ruleProblems,
        },
        null,
        2,
      )}\n`,
    );
    return ok ? 0 : 1;
  }
  const lines: string[] = [];
  for (const r of results) {
    const mark = r.problems.length ? io.style.red('✗') : io.style.green('✓');
    lines.push(`${mark} ${r.rule} ${r.case}`);
    for (const p of r.problems) lines.push(`    ${p}`);
  }
  for (const p of ruleProblems) lines.push(`${io.style.red('✗')} ${p.rule}: ${p.problem}`);
  lines.push(
    `${rules.length} rule(s), ${results.length} case(s): ${results.length - failed.length} passed, ${failed.length} failed${ruleProblems.length ? `, ${ruleProblems.length} rule problem(s)` : ''}`,
  );
  io.stdout(`${lines.join('\n')}\n`);
  return ok ? 0 : 1;
}
