/** An error caused by the user's input (bad flag, missing directory, broken config, unreadable database): exit 2, one line, no stack. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(3, Math.floor(word.length / 3)) ? best : undefined;
}

/** What the operating system's error codes mean, in words (messages never show a bare ENOENT). */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'it already exists',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  EBUSY: 'the file is busy',
  EIO: 'an input/output error',
  EINVAL: 'an invalid argument',
  ETXTBSY: 'the file is busy',
  EFBIG: 'the file is too large',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EAGAIN: 'the resource is temporarily unavailable',
};

/**
 * Why an operation failed, in words: a system error's meaning (never its code alone), else the first line of the
 * message without a leading error code ("ENOENT: …", "BAD_INDENT: …").
 */
export function describeError(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && SYSTEM_ERRORS[code]) return SYSTEM_ERRORS[code];
  const message = e instanceof Error ? e.message : String(e);
  return (
    message
      .split('\n')[0]!
      .replace(/^[A-Z][A-Z0-9_]{2,}:\s*/, '')
      .replace(/ at line \d+, column \d+:?$/, '') // a parser's position: the caller names file:line
      .trim() || 'an unknown error'
  );
}
