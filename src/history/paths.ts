import os from 'node:os';
import path from 'node:path';

/** The history database: --db, then READINESS_DB, then the per-user data directory (XDG on Linux). */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.READINESS_DB) return path.resolve(env.READINESS_DB);
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'readiness', 'history.db');
  if (process.platform === 'darwin')
    return path.join(home, 'Library', 'Application Support', 'readiness', 'history.db');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'readiness', 'history.db');
}
