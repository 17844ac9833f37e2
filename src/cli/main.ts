import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { UserError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { createIO } from './terminal.js';

export const EXIT = { ok: 0, gateFailed: 1, usage: 2 } as const;

function intInRange(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
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
    .description('Audits a repository for production readiness: what is in place, what is missing, with file:line evidence.')
    .version(TOOL_VERSION, '-V, --version')
    .option('--no-color', 'disable colour (also NO_COLOR, or when output is not a terminal)')
    .option('--debug', 'show stack traces for errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortOptions: false });

  program
    .command('audit')
    .description('audit a repository: score, level, gaps with evidence and remediation; records the run in the history')
    .argument('[dir]', 'repository to audit', '.')
    .addOption(new Option('-f, --format <format>', 'output format: text, json (repeatable; FORMAT:FILE writes a file)').argParser(collect).default([], 'text'))
    .option('-o, --output <file>', 'write the (single) stdout format to this file instead')
    .option('--min-score <n>', 'exit 1 when the overall score is below N (0-100)', intInRange('--min-score', 0, 100))
    .option('-c, --config <file>', 'config file (default: .readiness.yml in the audited directory)')
    .option('--db <path>', 'history database (default: $READINESS_DB or the per-user data directory)')
    .option('--no-history', 'do not record this run in the history database')
    .option('-v, --verbose', 'show evidence for passing rules too')
    .option('-q, --quiet', 'print nothing on success; only gate failures (and any --format going to a file)')
    .action((dir: string, opts) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color, quiet: opts.quiet });
        const { auditCommand } = await import('../commands/audit.js');
        return auditCommand(dir, { format: opts.format, output: opts.output, minScore: opts.minScore, config: opts.config, db: opts.db, history: opts.history, verbose: opts.verbose, quiet: opts.quiet }, io);
      });
    });

  program
    .command('rules')
    .description('list the built-in rules (id, level, severity, title)')
    .option('--json', 'print the rules metadata as JSON')
    .action((opts) => {
      run(async () => {
        const io = await createIO({ color: program.opts().color });
        const { rulesCommand } = await import('../commands/rules.js');
        return rulesCommand(opts, io);
      });
    });

  return program;
}

/** Runs the CLI and resolves with the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  let pending: Promise<number> | undefined;
  const program = buildProgram((action) => {
    pending = action();
  });
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return pending ? await pending : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
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
