// A small FastAPI service with a history: the Dockerfile arrives, then is removed again (a planted regression).
import fs from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { tempDir, writeFiles } from '../helpers.js';

export const SERVICE = {
  'app/main.py':
    'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/orders")\ndef orders():\n    return []\n',
  'requirements.txt': 'fastapi==0.115.0\nuvicorn==0.30.0\n',
  'README.md': '# orders\n',
};

export const DOCKERFILE =
  'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY app ./app\nUSER 10001\nCMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]\n';

export async function commitAt(dir: string, message: string, isoDate: string): Promise<string> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GIT_AUTHOR_DATE: isoDate,
    GIT_COMMITTER_DATE: isoDate,
  };
  const git = simpleGit(dir).env(env);
  await git.add(['-A']);
  await git.commit(message);
  return (await git.revparse(['HEAD'])).trim();
}

export interface HistoryRepo {
  dir: string;
  /** c1: no Dockerfile; c2: Dockerfile added (tagged v1); c3: Dockerfile removed again. */
  commits: [string, string, string];
}

export async function serviceWithHistory(opts: { remote?: string } = {}): Promise<HistoryRepo> {
  const dir = tempDir('readiness-hist-');
  const git = simpleGit(dir);
  await git.init();
  await git.addConfig('user.email', 'test@example.com');
  await git.addConfig('user.name', 'Test');
  await git.addConfig('commit.gpgsign', 'false');
  await git.checkoutLocalBranch('main');
  if (opts.remote) await git.addRemote('origin', opts.remote);
  writeFiles(dir, SERVICE);
  const c1 = await commitAt(dir, 'service without a container', '2024-01-01T10:00:00Z');
  writeFiles(dir, { Dockerfile: DOCKERFILE });
  const c2 = await commitAt(dir, 'add a Dockerfile', '2024-02-01T10:00:00Z');
  await simpleGit(dir).addTag('v1');
  fs.rmSync(path.join(dir, 'Dockerfile'));
  const c3 = await commitAt(dir, 'remove the Dockerfile', '2024-03-01T10:00:00Z');
  return { dir, commits: [c1, c2, c3] };
}
