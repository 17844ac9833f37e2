#!/usr/bin/env node
// npm run bench [-- DIR...]: for each directory, the time Node needs merely to list and read its files ("read-all":
// tracked files, each under 1 MiB read once) against a full audit, medians of several interleaved runs of wall time
// and of CPU time (user + system, git included), their ratios and the audit's peak RSS. With no DIR it generates a
// large repository (and also measures this one).
// Performance is measured here, never with timed assertions in tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const bin = path.join(root, 'bin', 'readiness.js');
const files = Number(process.env.BENCH_FILES ?? 20000);
const runs = Number(process.env.BENCH_RUNS ?? 5);

/**
 * A child process that runs `script` with `args` and writes at exit its peak RSS (KiB) and its CPU time (user + system,
 * ms), git children included where /proc says so (Linux), to `statsFile`.
 */
const STATS_WRAPPER = `
import fs from 'node:fs';
const [statsFile, script, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...rest];
process.on('exit', () => {
  const u = process.resourceUsage();
  let children = 0;
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = ((Number(f[13]) || 0) + (Number(f[14]) || 0)) * 10; // cutime + cstime, 100 ticks a second
  } catch {}
  const cpu = (u.userCPUTime + u.systemCPUTime) / 1000 + children;
  fs.writeFileSync(statsFile, JSON.stringify({ rss: u.maxRSS, cpu }));
});
await import(script);
`;

/** read-all: list the tracked files (or walk the tree outside git) and read each regular file under 1 MiB once. */
const READ_ALL = `
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
const dir = process.argv[2];
const MAX = 1024 * 1024;
let names;
try {
  names = execFileSync('git', ['-C', dir, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    maxBuffer: 1 << 30,
  }).toString('utf8').split('\\0').filter(Boolean);
} catch {
  names = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (e.name === '.git' || e.name === 'node_modules') continue;
      const r = rel ? rel + '/' + e.name : e.name;
      if (e.isDirectory()) walk(r);
      else names.push(r);
    }
  };
  walk('');
}
let bytes = 0;
for (const n of names) {
  const abs = path.join(dir, n);
  let st;
  try { st = fs.lstatSync(abs); } catch { continue; }
  if (!st.isFile() || st.size > MAX) continue;
  bytes += fs.readFileSync(abs).length;
}
process.stdout.write(JSON.stringify({ files: names.length, bytes }));
`;

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

function timed(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, CI: '1' },
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited with ${r.status}`);
  return { ms, stdout: r.stdout.toString('utf8') };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function measure(label, dir, tmp) {
  const wrapper = path.join(tmp, 'stats-wrapper.mjs');
  const probe = path.join(tmp, 'read-all.mjs');
  const statsFile = path.join(tmp, 'stats');
  const stats = () => JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  const read = [];
  const readCpu = [];
  const audit = [];
  const auditCpu = [];
  const rss = [];
  let listed = 0;
  // One warm-up of each (file cache, compiled modules), then interleaved runs so load on the machine hits both alike.
  timed([probe, dir]);
  timed([bin, 'audit', dir, '--no-history', '-f', 'json', '-q']);
  for (let i = 0; i < runs; i++) {
    const r = timed([wrapper, statsFile, probe, dir]);
    read.push(r.ms);
    readCpu.push(stats().cpu);
    listed = JSON.parse(r.stdout).files;
    audit.push(timed([wrapper, statsFile, bin, 'audit', dir, '--no-history', '-f', 'json', '-q']).ms);
    const a = stats();
    auditCpu.push(a.cpu);
    rss.push(a.rss / 1024);
  }
  return {
    label,
    files: listed,
    readAll: median(read),
    audit: median(audit),
    auditMin: Math.min(...audit),
    auditMax: Math.max(...audit),
    readCpu: median(readCpu),
    auditCpu: median(auditCpu),
    rss: Math.max(...rss),
  };
}

function print(rows) {
  console.log(`\n${runs} runs each, medians (Node ${process.version}, ${os.cpus().length} cores)\n`);
  console.log('| repository | files | read-all | audit | ratio | read-all CPU | audit CPU | CPU ratio | peak RSS |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  for (const r of rows)
    console.log(
      `| ${r.label} | ${r.files} | ${s(r.readAll)} | ${s(r.audit)} (${(r.auditMin / 1000).toFixed(2)}–` +
        `${(r.auditMax / 1000).toFixed(2)}) | ${(r.audit / r.readAll).toFixed(1)}× | ${s(r.readCpu)} | ` +
        `${s(r.auditCpu)} | ${(r.auditCpu / r.readCpu).toFixed(1)}× | ${r.rss.toFixed(0)} MiB |`,
    );
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-bench-'));
try {
  fs.writeFileSync(path.join(tmp, 'stats-wrapper.mjs'), STATS_WRAPPER);
  fs.writeFileSync(path.join(tmp, 'read-all.mjs'), READ_ALL);
  const dirs = process.argv.slice(2);
  const rows = [];
  if (dirs.length) {
    for (const d of dirs) rows.push(measure(path.basename(path.resolve(d)), path.resolve(d), tmp));
  } else {
    const gen = path.join(tmp, 'generated');
    fs.mkdirSync(gen);
    console.log(`generating ${files} files in ${gen} ...`);
    generate(gen, files);
    rows.push(measure(`generated (${files} files)`, gen, tmp));
    rows.push(measure('this repository', root, tmp));
  }
  print(rows);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
