import fs from 'node:fs';
import path from 'node:path';
import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { LEVEL_NAMES } from '../report/score.js';
import type { Report } from '../report/schema.js';
import type { Level } from '../sdk/types.js';
import { sizedEffort } from '../plan/effort.js';
import {
  MAX_WEEKS,
  PRIORITIES,
  allGaps,
  gapKey,
  buildPlan,
  defaultPhase,
  defaultPriority,
  nextLevel,
  type PlanAnswers,
  type Priority,
  targetDateProblem,
} from '../plan/model.js';
import type { CommandIO } from './io.js';

/** Ctrl-C (or a closed terminal) at any prompt: the caller exits 130 and writes nothing. */
export function isPromptCancel(e: unknown): boolean {
  const name = (e as Error)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}

interface WizardContext {
  root: string;
  now: Date;
  io: CommandIO;
  defaultOutput: string;
}

/** The interactive questions; every answer has a flag or an answers-file key, and `seed` holds those already given. */
export async function askPlanQuestions(report: Report, seed: PlanAnswers, ctx: WizardContext): Promise<PlanAnswers> {
  const { io } = ctx;
  const s = io.style;
  const lvl = report.level;
  io.stderr(
    `${s.bold('Where the project stands')}: score ${report.score ?? 'n/a'}/100, level ${lvl.value ?? '–'} ${lvl.name}`,
  );
  if (lvl.next)
    io.stderr(
      `Next level ${lvl.next.level} ${lvl.next.name} is blocked by: ${lvl.next.blockers.join(', ') || 'nothing'}`,
    );
  const gaps = allGaps(report);
  const key = gapKey(report);
  if (!gaps.length) io.stderr(s.green('No open gaps: the plan will be empty.'));

  const answers: PlanAnswers = { ...seed };
  const current = lvl.value ?? 0;
  if (answers.targetLevel === undefined) {
    answers.targetLevel = await select<number>({
      message: 'Target level',
      default: nextLevel(report),
      choices: ([1, 2, 3] as Level[]).map((l) => ({
        value: l,
        name: `${l} ${LEVEL_NAMES[l]}${l <= current ? ' (already reached)' : ''}`,
        description: `${gaps.filter((g) => g.level <= l).length} gap(s) to close`,
      })),
    });
  }
  const target = answers.targetLevel as Level;

  if (answers.include === undefined) {
    answers.include = await checkbox<string>({
      message: 'Gaps to include in the plan',
      pageSize: 15,
      choices: gaps.map((g) => ({
        value: key(g),
        name: `L${g.level} ${g.severity.padEnd(8)} effort ${g.effort}  ${key(g)} — ${g.title}`,
        checked: g.level <= target,
      })),
    });
  }
  const chosen = gaps.filter((g) => answers.include!.includes(key(g)) || answers.include!.includes(g.ruleId));
  const effortDays = chosen.reduce((n, g) => n + sizedEffort(g.effort, g.size).days, 0);

  if (answers.weeks === undefined && answers.targetDate === undefined) {
    const suggested = Math.max(1, Math.ceil(effortDays / 5));
    const when = await input({
      message: `Target date (YYYY-MM-DD) or number of weeks (estimated effort: ${effortDays} person-days)`,
      default: String(suggested),
      validate: (v) => targetAnswerProblem(v.trim(), ctx.now) ?? true,
    });
    if (/^\d+$/.test(when.trim())) answers.weeks = Number(when.trim());
    else answers.targetDate = when.trim();
  }
  if (answers.owner === undefined) {
    answers.owner = await input({ message: 'Default owner for plan items', default: 'unassigned' });
  }

  if (chosen.length && (await confirm({ message: 'Set priority, owner, phase or notes per item?', default: false }))) {
    answers.items = { ...(answers.items ?? {}) };
    for (const g of chosen) {
      io.stderr(s.bold(`${key(g)}`) + s.dim(` — ${g.message}`));
      const priority = await select<Priority>({
        message: 'Priority',
        default: defaultPriority(g),
        choices: PRIORITIES.map((p) => ({ value: p, name: p })),
      });
      const owner = await input({ message: 'Owner', default: answers.owner });
      const phase = await input({
        message: 'Phase',
        default: String(defaultPhase(g, current)),
        validate: (v) => /^[1-9]$/.test(v.trim()) || 'a phase number from 1 to 9',
      });
      const notes = await input({ message: 'Notes (optional)', default: '' });
      answers.items[key(g)] = {
        priority,
        owner,
        phase: Number(phase),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      };
    }
  }

  const preview = buildPlan({ report, projectKey: '', answers, now: ctx.now });
  io.stderr(
    `\n${s.bold('Plan')}: ${preview.items.length} item(s) in ${preview.phases.length} phase(s), target level ${preview.target.level} ${preview.target.levelName} by ${preview.target.date}${preview.target.score !== null ? `, projected score ${preview.target.score}` : ''}`,
  );
  for (const ph of preview.phases) {
    io.stderr(
      `  Phase ${ph.number} (${ph.startDate} → ${ph.endDate}): ${preview.items
        .filter((i) => i.phase === ph.number)
        .map((i) => i.key ?? i.ruleId)
        .join(', ')}`,
    );
  }
  if (preview.overCommitted) io.stderr(s.yellow('  The estimated effort does not fit before the target date.'));

  if (answers.output === undefined) {
    answers.output = await input({ message: 'Write the plan to', default: path.join(ctx.root, ctx.defaultOutput) });
  }
  // "No" to overwriting asks for another path: every answer given so far is kept.
  while (answers.output !== '-' && fs.existsSync(path.resolve(answers.output)) && !answers.overwrite) {
    const out = path.resolve(answers.output);
    if (await confirm({ message: `${out} exists. Overwrite it?`, default: false })) {
      answers.overwrite = true;
      break;
    }
    answers.output = await input({
      message: 'Write the plan to another path (- for standard output)',
      default: freePath(out),
      validate: (v) => (v.trim() ? true : 'a file path, or - for standard output'),
    });
    answers.output = answers.output.trim();
  }
  return answers;
}

/** The wizard's answer to "target date or number of weeks", checked at the prompt: why it is refused, or undefined. */
export function targetAnswerProblem(answer: string, now: Date): string | undefined {
  if (/^\d+$/.test(answer)) {
    const weeks = Number(answer);
    return weeks >= 1 && weeks <= MAX_WEEKS ? undefined : `a number of weeks from 1 to ${MAX_WEEKS}`;
  }
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(answer)) {
    const problem = targetDateProblem(answer, now);
    return problem ? `${answer} ${problem}` : undefined;
  }
  return 'a number of weeks, or a date like 2026-12-31';
}

/** The first of file-2.md, file-3.md, … beside `file` that does not exist yet. */
function freePath(file: string): string {
  const ext = path.extname(file);
  const stem = file.slice(0, file.length - ext.length);
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}${ext}`;
    if (!fs.existsSync(candidate)) return candidate;
  }
}
