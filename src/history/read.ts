import fs from 'node:fs';
import { HistoryStore } from './store.js';

/** Runs `read` on `store`, or on the database at `dbPath` opened read-only; `missing()` when there is no database. */
export function readHistory<T>(
  dbPath: string,
  store: HistoryStore | undefined,
  missing: () => T,
  read: (s: HistoryStore) => T,
): T {
  if (store) return read(store);
  if (!fs.existsSync(dbPath)) return missing();
  const s = HistoryStore.open(dbPath, { readonly: true });
  try {
    return read(s);
  } finally {
    s.close();
  }
}

/** The project's recorded scores, oldest first, for the html chart (empty when there is no history). */
export function trendFor(
  dbPath: string,
  projectKey: string,
  store?: HistoryStore,
  limit = 200,
): { runId: number; at: string; score: number | null }[] {
  return readHistory(
    dbPath,
    store,
    () => [],
    (s) => s.trend(projectKey, { limit }),
  );
}
