#!/usr/bin/env node
// npm run bench: times a full audit of a large generated repository (and of this repository), several runs each.
// Performance is measured here, never with timed assertions in tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin', 'readiness.js');
const files = Number(process.env.BENCH_FILES ?? 20000);
const runs = Number(process.env.BENCH_RUNS ?? 3);

function generate(dir, n) {
  const langs = [
    [
      'py',
      (i) =>
        `import os\nimport requests\n\n\ndef handler_${i}(event):\n    url = os.environ.get("URL_${i}")\n    return requests.get(url, timeout=5).json()\n`,
    ],
    [
      'ts',
      (i) =>
        `import express from 'express';\nexport const router${i} = express.Router();\nrouter${i}.get('/items/${i}', (req, res) => res.json({ id: ${i} }));\n`,
    ],
    [
      'go',
      (i) =>
        `package svc\n\nimport "net/http"\n\nfunc Handler${i}(w http.ResponseWriter, r *http.Request) {\n\tw.WriteHeader(200)\n}\n`,
    ],
    ['md', (i) => `# Doc ${i}\n\nSome text about component ${i}.\n`],
  ];
  for (let i = 0; i < n; i++) {
    const [ext, body] = langs[i % langs.length];
    const sub = path.join(dir, `pkg${i % 97}`, `mod${i % 13}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `file${i}.${ext}`), body(i));
  }
  fs.writeFileSync(path.join(dir, 'requirements.txt'), 'requests==2.32.3\nfastapi==0.115.6\n');
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.12-slim\nUSER 10001\nCMD ["python", "-m", "app"]\n');
  execFileSync('git', ['init', '-q'], { cwd: dir });
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync('git', ['-c', 'user.email=b@e', '-c', 'user.name=bench', 'commit', '-qm', 'bench'], { cwd: dir });
}

function time(label, dir) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, [bin, 'audit', dir, '--no-history', '-f', 'json'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, CI: '1' },
    });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} median ${samples[Math.floor(samples.length / 2)].toFixed(0)} ms  (min ${samples[0].toFixed(0)}, max ${samples.at(-1).toFixed(0)}, ${runs} runs)`,
  );
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bench-'));
try {
  console.log(`generating ${files} files in ${tmp} ...`);
  generate(tmp, files);
  time(`generated repository (${files} files)`, tmp);
  time('this repository', root);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
