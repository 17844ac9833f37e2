import fs from 'node:fs';
import path from 'node:path';
import { describeError, UserError } from '../errors.js';

/** What a command may do to the outside world; the CLI layer provides it (and tests can too). */
export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout output may be coloured. */
  color: boolean;
  /** Columns of the terminal on stdout; undefined when stdout is not a terminal or its width is unknown or 0. */
  width?: number;
  style: {
    red(s: string): string;
    green(s: string): string;
    dim(s: string): string;
    bold(s: string): string;
    yellow(s: string): string;
  };
  /** A progress indicator on stderr (a no-op when not interactive). */
  spinner(text: string): { text(t: string): void; stop(): void };
  dbPath(explicit?: string): string;
}

/** Writes a report or plan the user asked for, creating its directory; a failure is a one-line UserError naming the file. */
export function writeOutputFile(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (e) {
    // mkdir -p answers EEXIST when a part of the path is a file
    const why =
      (e as NodeJS.ErrnoException).code === 'EEXIST' ? 'a part of the path is not a directory' : describeError(e);
    throw new UserError(`cannot write ${file}: ${why}`);
  }
}
