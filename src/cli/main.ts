import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { UserError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { createIO } from './terminal.js';

export const EXIT = { ok: 0, gateFailed: 1, usage: 2 } as const;

function intInRange(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function buildProgram(run: (action: () => Promise<number>) => void): Command {
  const program = new Command();
  // Set before subcommands are added so they inherit it: usage errors must exit 2, not commander's 1.
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .name('readiness')
    .description(
      'Audits a repository for production readiness: what is in place, what is missing, with file:line evidence.',
    )
    .version(TOOL_VERSION, '-V, --version')
    .option('--no-color', 'disable colour (also NO_COLOR, or when output is not a terminal)')
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortOptions: false });

  program
    .command('audit')
    .description('audit a repository: score, level, gaps with evidence and remediation; records the run in the history')
    .argument('[dir]', 'repository to audit', '.')
    .addOption(
      new Option(
        '-f, --format <format>',
        'output format: text, json, markdown, sarif, junit, html (repeatable; FORMAT:FILE writes a file)',
      )
        .argParser(collect)
        .default([], 'text'),
    )
    .option('-o, --output <file>', 'write the (single) stdout format to this file instead')
    .option('--min-score <n>', 'exit 1 when the overall score is below N (0-100)', intInRange('--min-score', 0, 100))
    .option('-c, --config <file>', 'config file (default: .readiness.yml in the audited directory)')
    .option('--db <path>', 'history database (default: $READINESS_DB or the per-user data directory)')
    .option('--no-history', 'do not record this run in the history database')
    .option('-v, --verbose', 'show evidence for passing rules too')
    .option('-q, --quiet', 'print nothing on success; only gate failures (and any --format going to a file)')
    .option(
      '--fail-on-regression',
      'exit 1 when the score fell or a new gap appeared against the baseline (default: the latest earlier run on this branch)',
    )
    .option('--baseline <run-id|report.json>', 'the run id or JSON report to compare with')
    .option('--baseline-branch <branch>', 'compare with the latest recorded run on this branch (e.g. main)')
    .option(
      '--require-baseline',
      'with --fail-on-regression: fail when there is no baseline to compare with (default: skip the gate, with a warning)',
    )
    .option(
      '--min-level <level>',
      'exit 1 when the readiness level is below L (0-3 or prototype, deployable, production, scale)',
    )
    .option(
      '--only-new',
      'with --baseline: gates judge only gaps whose rule was not a gap in the baseline (exit 1 on any new gap)',
    )
    .option('--ref <rev>', 'audit a commit, tag or branch straight from git, without touching the work tree')
    .option('--timing', 'print where the time went on stderr: the phases and the ten slowest facts and rules')
    .option(
      '--rules <pack>',
      'load and run this rule pack (runs its code): readiness-rules-* package or path (repeatable)',
      collect,
      [],
    )
    .option(
      '--component <id>',
      'audit only this component (id or folder, repeatable; `readiness components` lists them); not recorded in the history',
      collect,
      [],
    )
    .action((dir: string, opts) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color, quiet: opts.quiet });
        const { auditCommand } = await import('../commands/audit.js');
        return auditCommand(
          dir,
          {
            format: opts.format,
            output: opts.output,
            minScore: opts.minScore,
            config: opts.config,
            db: opts.db,
            history: opts.history,
            verbose: opts.verbose,
            quiet: opts.quiet,
            failOnRegression: opts.failOnRegression,
            baseline: opts.baseline,
            baselineBranch: opts.baselineBranch,
            ref: opts.ref,
            minLevel: opts.minLevel,
            onlyNew: opts.onlyNew,
            requireBaseline: opts.requireBaseline,
            timing: opts.timing,
            component: opts.component,
            rules: opts.rules,
          },
          io,
        );
      });
    });

  program
    .command('claims')
    .description(
      "check the project's own readiness documents (status reports, checklists, plans): each claim confirmed, refuted, outdated, partial or unverifiable",
    )
    .argument('[dir]', 'repository to audit', '.')
    .option('--docs <glob>', 'read these documents instead of the ones found (repeatable)', collect, [])
    .option('-f, --format <format>', 'output format: text, json, markdown, sarif', 'text')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('-c, --config <file>', 'config file (default: .readiness.yml in the audited directory)')
    .option('-v, --verbose', 'list confirmed and unverifiable claims too')
    .option('--rules <pack>', 'load and run this rule pack in the audit (runs its code; repeatable)', collect, [])
    .action((dir: string, opts) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color });
        const { claimsCommand } = await import('../commands/claims.js');
        return claimsCommand(
          dir,
          {
            docs: opts.docs,
            format: opts.format,
            output: opts.output,
            config: opts.config,
            verbose: opts.verbose,
            rules: opts.rules,
          },
          io,
        );
      });
    });

  program
    .command('init')
    .description('write a commented .readiness.yml (asks on a terminal), and with --ci a workflow that runs the audit')
    .argument('[dir]', 'project directory', '.')
    .option('-y, --yes', 'use the defaults without asking')
    .option('--force', 'overwrite existing files')
    .option(
      '--ci <provider>',
      'also write a CI workflow: github (.github/workflows/readiness.yml) or gitlab (.gitlab-ci.readiness.yml)',
    )
    .option(
      '--min-score <n>',
      'minimum score written to the config and the workflow (default 60)',
      intInRange('--min-score', 0, 100),
    )
    .action((dir: string, opts) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color });
        const { initCommand } = await import('../commands/init.js');
        const interactive = !!process.stdin.isTTY && !!process.stdout.isTTY && !process.env.CI;
        return initCommand(
          dir,
          { yes: opts.yes, force: opts.force, ci: opts.ci, minScore: opts.minScore, interactive },
          io,
        );
      });
    });

  program
    .command('components')
    .description('list the components of a repository: what it deploys and what only sits in it, and why')
    .argument('[dir]', 'repository to inspect', '.')
    .option('--json', 'print the components as JSON')
    .option('-c, --config <file>', 'config file (default: .readiness.yml in the directory)')
    .action((dir: string, opts) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color });
        const { componentsCommand } = await import('../commands/components.js');
        return componentsCommand(dir, opts, io);
      });
    });

  const rulesCmd = program
    .command('rules')
    .description(
      "list the rules (built-in, the config's own checks, loaded packs), or print one rule's documentation; `rules test` runs a pack's fixtures",
    )
    .argument(
      '[id]',
      'a rule id (e.g. api.cors): print its page — what passes, why, how to fix, messages, options, source',
    )
    .option('--json', 'print the rules metadata as JSON')
    .option('-C, --dir <dir>', "project whose config's checks are listed too (default: the current directory)")
    .option('-c, --config <file>', 'config file (default: .readiness.yml in that directory)')
    .option('--rules <pack>', 'also load and list this rule pack (runs its code; repeatable)', collect, [])
    .action((id: string | undefined, opts) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color });
        const { rulesCommand } = await import('../commands/rules.js');
        return rulesCommand({ json: opts.json, id, dir: opts.dir, config: opts.config, rules: opts.rules }, io);
      });
    });
  rulesCmd
    .command('test')
    .description("run a rule pack's fixture cases (fixtures/<rule-id>/<pass|gap|na>-<case>/) with the built-in driver")
    .argument('<pack-dir>', 'the rule pack (its code runs)')
    .option('--json', 'print the results as JSON')
    .action((dir: string, _opts, cmd: Command) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color });
        const { rulesTestCommand } = await import('../commands/rules-test.js');
        // optsWithGlobals: `rules`' own --json is accepted after `test` too.
        return rulesTestCommand(dir, cmd.optsWithGlobals(), io);
      });
    });

  program
    .command('history')
    .description(
      "the project's recorded runs, newest first, with a score trend; also backfills past commits and prunes old runs",
    )
    .argument('[dir]', 'project directory', '.')
    .option('-n, --limit <n>', 'show at most N runs (default 20)', intInRange('--limit', 1, 100000))
    .option('--branch <branch>', 'only runs on this branch')
    .option('--component <id>', "show one component's score, level, gaps and change (id or folder)")
    .option('--json', 'print the runs as JSON')
    .option('--db <path>', 'history database (default: $READINESS_DB or the per-user data directory)')
    .option('--backfill [rev-range]', 'audit past commits (first-parent) of a range like v1.0..main, or with --since')
    .option('--since <date>', 'with --backfill: commits since this date (e.g. 2024-01-01, "3 months ago")')
    .option(
      '--every <n>',
      'with --backfill: audit every Nth commit (always including the newest)',
      intInRange('--every', 1, 100000),
    )
    .option('-c, --config <file>', 'with --backfill: config file for the audits')
    .option(
      '--rules <pack>',
      'with --backfill: load and run this rule pack in the audits (runs its code; repeatable)',
      collect,
      [],
    )
    .option('--prune', 'delete old runs of this project (with --keep)')
    .option('--keep <n>', 'with --prune: how many of the newest runs to keep', intInRange('--keep', 0, 1000000))
    .action((dir: string, opts) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color });
        const { historyCommand } = await import('../commands/history.js');
        return historyCommand(dir, opts, io);
      });
    });

  program
    .command('show')
    .description('one recorded run in full, in any audit output format')
    .argument('<run>', 'run id (see `readiness history`), or a git revision with a recorded run')
    .addOption(new Option('-f, --format <format>', 'output format: text, json, html, ...').default('text'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('-C, --dir <dir>', 'project directory, to resolve git revisions (default: the current directory)')
    .option('-v, --verbose', 'show evidence for passing rules too')
    .option('--db <path>', 'history database')
    .action((runSpec: string, opts) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color });
        const { showCommand } = await import('../commands/show.js');
        return showCommand(runSpec, opts, io);
      });
    });

  program
    .command('diff')
    .description(
      'what changed between two runs (default: the last two of the project): score, level, categories, gaps fixed and introduced, moved evidence',
    )
    .argument('[runA]', 'run id or git revision (HEAD~1, a branch, a tag) with a recorded run')
    .argument('[runB]', 'run id or git revision (default: the latest run)')
    .option('-C, --dir <dir>', 'project directory (default: the current directory)')
    .option('--json', 'print the diff as JSON')
    .option('--db <path>', 'history database')
    .action((a: string | undefined, b: string | undefined, opts) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color });
        const { diffCommand } = await import('../commands/diff.js');
        return diffCommand(
          [a, b].filter((x): x is string => !!x),
          opts,
          io,
        );
      });
    });

  const plan = program
    .command('plan')
    .description(
      "turn the audit's gaps into a phased readiness plan (interactive wizard, or scripted with --yes / --answers); subcommands track it",
    )
    .argument('[dir]', 'project directory', '.')
    .option('-y, --yes', 'accept every default without asking (no terminal needed)')
    .option(
      '--answers <file>',
      'YAML file with the answers (targetLevel, weeks, targetDate, owner, engineers, include, exclude, items, extra, output, format)',
    )
    .option(
      '--target-level <level>',
      'level to reach: 1 Deployable, 2 Production, 3 Scale (default: the next one)',
      intInRange('--target-level', 1, 3),
    )
    .option('--weeks <n>', 'weeks until the target (default: from the effort estimates)', intInRange('--weeks', 1, 104))
    .option('--target-date <date>', 'target date, YYYY-MM-DD (instead of --weeks)')
    .option('--owner <name>', 'default owner of the plan items', undefined)
    .option(
      '--engineers <n>',
      'people working on the plan, for the timeline (default 1)',
      intInRange('--engineers', 1, 100),
    )
    .option('--include <rule-id>', 'plan only these gaps (repeatable)', collect, [])
    .option('--exclude <rule-id>', 'leave these gaps out (repeatable)', collect, [])
    .option(
      '--add <text>',
      'a free-form item the audit cannot check ("Load test at 200 rps"), tracked with `plan done` (repeatable)',
      collect,
      [],
    )
    .addOption(new Option('--format <format>', 'plan format').choices(['markdown', 'json']))
    .option(
      '-o, --output <file>',
      `where to write the plan ('-' for stdout; default: READINESS_PLAN.md in the project, stdout for json)`,
    )
    .option('--force', 'overwrite an existing plan file')
    .option('--fresh', 'run a new audit instead of starting from the latest recorded one')
    .option('-c, --config <file>', 'config file for the audit')
    .option(
      '--rules <pack>',
      'run a new audit that loads and runs this rule pack (runs its code; repeatable)',
      collect,
      [],
    )
    .option('--db <path>', 'history database')
    .action((dir: string, opts) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color });
        const { planCommand } = await import('../commands/plan.js');
        const interactive = !!process.stdin.isTTY && !!process.stdout.isTTY;
        return planCommand(dir, { ...opts, interactive }, io);
      });
    });
  type PlanModule = typeof import('../commands/plan.js');
  type PlanSubcommand = (
    dir: string,
    opts: Record<string, any>,
    io: Awaited<ReturnType<typeof createIO>>,
  ) => Promise<number>;
  const planSubcommand = (name: string, description: string, pick: (m: PlanModule) => PlanSubcommand): Command =>
    plan
      .command(name)
      .description(description)
      .argument('[dir]', 'project directory', '.')
      .option('--db <path>', 'history database')
      .action((dir: string, _opts, cmd: Command) => {
        // optsWithGlobals: `plan`'s own --db is also accepted after the subcommand name.
        const opts = cmd.optsWithGlobals();
        run(async () =>
          pick(await import('../commands/plan.js'))(dir, opts, await createIO({ color: program.opts().color })),
        );
      });
  const planId = intInRange('--plan', 1, Number.MAX_SAFE_INTEGER);
  planSubcommand(
    'status',
    'each plan item as done, open or regressed, with the date it closed, and progress toward the target',
    (m) => m.planStatusCommand,
  )
    .option('--plan <id>', 'a plan other than the active one', planId)
    .option('--json', 'print as JSON');
  planSubcommand('list', "the project's plans, newest first", (m) => m.planListCommand).option(
    '--json',
    'print as JSON',
  );
  planSubcommand('close', 'close the active plan (or --plan ID)', (m) => m.planCloseCommand).option(
    '--plan <id>',
    'the plan to close',
    planId,
  );
  plan
    .command('done')
    .description('mark an item the audit cannot check (a free-form item, a refuted claim) as done; --undo reopens it')
    .argument('<item>', 'the item id, as the plan lists it (extra-1, claim-2)')
    .argument('[dir]', 'project directory', '.')
    .option('--db <path>', 'history database')
    .option('--plan <id>', 'a plan other than the active one', planId)
    .option('--undo', 'mark the item as not done again')
    .action((item: string, dir: string, _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      run(async () =>
        (await import('../commands/plan.js')).planDoneCommand(
          item,
          dir,
          opts,
          await createIO({ color: program.opts().color }),
        ),
      );
    });

  return program;
}

let pipeGuarded = false;

/**
 * `readiness rules | head -1`: the reader closing the pipe is not our error. Without a listener, the EPIPE 'error'
 * event crashed the process with a stack trace and exit 1; now the output is dropped and the command's own exit code
 * (a failed gate stays 1) stands. Other stream errors keep Node's default.
 */
function ignoreClosedPipes(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
}

/** Runs the CLI and resolves with the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  ignoreClosedPipes();
  let pending: Promise<number> | undefined;
  const program = buildProgram((action) => {
    pending = action();
  });
  const debug = argv.includes('--debug');
  // Ctrl-C exits 130. A run is written in one synchronous SQLite transaction, so this runs before or after it, never inside.
  process.once('SIGINT', () => process.exit(130));
  try {
    await program.parseAsync(argv);
    return pending ? await pending : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help')
        return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof UserError) {
      process.stderr.write(`readiness: ${err.message}\n`);
      if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
      return err.exitCode;
    }
    process.stderr.write(`readiness: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (debug && (err as Error)?.stack) process.stderr.write(`${(err as Error).stack}\n`);
    else process.stderr.write('readiness: run again with --debug for the stack trace, and please report it\n');
    return EXIT.usage;
  }
}
