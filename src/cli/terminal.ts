import { Chalk } from 'chalk';
import type { CommandIO } from '../commands/io.js';
import { defaultDbPath } from '../history/paths.js';

export interface TerminalOptions {
  color?: boolean;
  quiet?: boolean;
}

/** Colour only on a TTY, never with NO_COLOR or --no-color, never in CI unless FORCE_COLOR asks for it. */
export function colorEnabled(
  flag: boolean | undefined,
  stream: NodeJS.WriteStream = process.stdout,
  env = process.env,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  // An empty FORCE_COLOR counts as unset (CI templates often export it blank).
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false')
    return true;
  if (env.CI) return false;
  return !!stream.isTTY;
}

/**
 * The usable width of a terminal stream, or undefined when it is not a terminal or reports no width: `script`,
 * `unbuffer`, `ssh -tt` and some `docker exec -t` report 0 columns, and anything that divides by it never ends.
 */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number | undefined {
  const c = stream.columns;
  return stream.isTTY && typeof c === 'number' && Number.isFinite(c) && c > 0 ? c : undefined;
}

/**
 * Spinners only when stderr is a terminal of known, non-zero width and not in CI (any non-empty CI value, as CI
 * services set it).
 */
export function interactive(
  env = process.env,
  stream: { isTTY?: boolean; columns?: number } = process.stderr,
): boolean {
  return !!stream.isTTY && !env.CI && terminalWidth(stream) !== undefined;
}

export async function createIO(opts: TerminalOptions): Promise<CommandIO> {
  const color = colorEnabled(opts.color);
  const c = new Chalk({ level: color ? 1 : 0 });
  const useSpinner = interactive() && !opts.quiet;
  const ora = useSpinner ? (await import('ora')).default : undefined;
  // The spinner is on stderr: coloured only when stderr may be (NO_COLOR and --no-color uncolour it too).
  const spinnerColor = colorEnabled(opts.color, process.stderr);
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    color,
    width: terminalWidth(process.stdout),
    style: { red: c.red, green: c.green, dim: c.dim, bold: c.bold, yellow: c.yellow },
    spinner(text) {
      if (!ora) return { text: () => {}, stop: () => {} };
      const s = ora({ text, stream: process.stderr, isEnabled: true, color: spinnerColor ? 'cyan' : false }).start();
      return {
        text: (t) => {
          s.text = t;
        },
        stop: () => s.stop(),
      };
    },
    dbPath: (explicit) => (explicit ? explicit : defaultDbPath()),
  };
}
