import path from 'node:path';

/**
 * Start commands, read as a shell would split them, reduced to the program that serves: wrappers (exec, tini,
 * dumb-init, gosu, poetry/uv/pipenv run, opentelemetry-instrument, wait-for-it …) are peeled off, `sh -c "a && b"` is
 * split into its steps, and `cd dir &&` changes the working directory of the steps after it.
 */

export interface CommandStep {
  /** The program and its arguments, wrappers removed. */
  argv: string[];
  /** Working directory change made by an earlier `cd` in the same command (relative to the start directory, or absolute). */
  cwd?: string;
  /** Environment assignments written before the program (`PYTHONPATH=src uvicorn …`). */
  env: Record<string, string>;
  /** A failure of this step stops the command (it is followed by `&&`, or it is the last step). */
  required?: boolean;
  /** The workspace package it runs in, by name (`yarn workspace api node dist/main.js`, `pnpm --filter api start`). */
  workspace?: string;
}

/** Splits words like a POSIX shell (quotes, backslash escapes); operators `&&`, `||`, `;`, `|` are separate words. */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let i = 0;
  const push = () => {
    if (has) out.push(cur);
    cur = '';
    has = false;
  };
  while (i < s.length) {
    const c = s[i]!;
    if (c === "'") {
      const j = s.indexOf("'", i + 1);
      cur += s.slice(i + 1, j < 0 ? s.length : j);
      has = true;
      i = j < 0 ? s.length : j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') {
        if (s[j] === '\\' && j + 1 < s.length) j++;
        cur += s[j];
        j++;
      }
      has = true;
      i = j + 1;
    } else if (c === '\\' && i + 1 < s.length) {
      if (s[i + 1] !== '\n') cur += s[i + 1];
      has = true;
      i += 2;
    } else if (/\s/.test(c)) {
      push();
      i++;
    } else if (c === '#' && !has) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl;
    } else if ((c === '&' && s[i + 1] === '&') || (c === '|' && s[i + 1] === '|')) {
      push();
      out.push(c + c);
      i += 2;
    } else if (c === ';' || c === '|' || c === '&') {
      push();
      out.push(c);
      i++;
    } else {
      cur += c;
      has = true;
      i++;
    }
  }
  push();
  return out;
}

const WRAPPERS: Record<string, number | 'dashdash' | 'user'> = {
  exec: 0,
  nohup: 0,
  nice: 0,
  time: 0,
  tini: 'dashdash',
  'dumb-init': 'dashdash',
  catatonit: 'dashdash',
  'su-exec': 'user',
  gosu: 'user',
  chpst: 'user',
  'ddtrace-run': 0,
  'opentelemetry-instrument': 0,
  'newrelic-admin': 1,
  'scout-apm': 0,
  'wait-for-it': 'dashdash',
  'wait-for-it.sh': 'dashdash',
  'wait-for': 'dashdash',
  dockerize: 'dashdash',
  doppler: 'dashdash',
  infisical: 'dashdash',
  chamber: 'dashdash',
  'aws-vault': 'dashdash',
  op: 'dashdash',
  'with-contenv': 0,
  s6: 0,
  // Node tools that load settings, then run the command: `dotenv -e ../../.env -- node main.js`, `cross-env A=b node x`.
  dotenv: 'dashdash',
  'dotenv-cli': 'dashdash',
  'env-cmd': 'dashdash',
  'cross-env': 0,
};

/** Tool runners that run the rest as a command: poetry run, uv run, pipenv run, pdm run, hatch run, bundle exec, npx. */
const RUNNERS: [string, string][] = [
  ['poetry', 'run'],
  ['uv', 'run'],
  ['pipenv', 'run'],
  ['pdm', 'run'],
  ['hatch', 'run'],
  ['rye', 'run'],
  ['bundle', 'exec'],
];

/** Removes wrappers in front of the program. */
export function peel(argv: string[]): { argv: string[]; env: Record<string, string> } {
  let a = [...argv];
  const env: Record<string, string> = {};
  for (let guard = 0; guard < 10 && a.length; guard++) {
    const first = a[0]!;
    const base = path.posix.basename(first);
    const assign = /^([A-Za-z_]\w*)=(.*)$/.exec(first);
    if (assign) {
      env[assign[1]!] = assign[2]!;
      a = a.slice(1);
      continue;
    }
    if (base === 'env') {
      a = a.slice(1);
      while (a[0]?.startsWith('-')) a = a.slice(1);
      continue;
    }
    const w = WRAPPERS[base];
    if (w !== undefined) {
      if (w === 'dashdash') {
        const i = a.indexOf('--');
        if (i >= 0) a = a.slice(i + 1);
        else {
          // dockerize -wait tcp://db:5432 -timeout 20s cmd; tini -g cmd
          a = a.slice(1);
          while (a[0]?.startsWith('-'))
            a = a.slice(
              !a[0].includes('=') && /^-(wait|timeout|template|env|stdout|stderr|p|s|e|f)$/.test(a[0]) ? 2 : 1,
            );
        }
        continue;
      } else if (w === 'user') a = a.slice(2);
      else a = a.slice(1 + w);
      while (a[0]?.startsWith('-') && a[0] !== '--') a = a.slice(1);
      if (a[0] === '--') a = a.slice(1);
      continue;
    }
    const runner = RUNNERS.find(([tool, sub]) => base === tool && a[1] === sub);
    if (runner) {
      a = a.slice(2);
      while (a[0]?.startsWith('-'))
        a = a.slice(a[0].includes('=') || !/^--(with|python|env-file|group|extra)$/.test(a[0]) ? 1 : 2);
      continue;
    }
    if (
      base === 'npx' ||
      base === 'pnpx' ||
      (base === 'pnpm' && a[1] === 'exec') ||
      (base === 'yarn' && a[1] === 'exec')
    ) {
      a = a.slice(base === 'npx' || base === 'pnpx' ? 1 : 2);
      while (a[0]?.startsWith('-')) a = a.slice(1);
      continue;
    }
    // `yarn node dist/server.js`: yarn's own command that runs node (with Plug'n'Play's loader in yarn 2+).
    if (base === 'yarn' && a[1] === 'node') {
      a = a.slice(1);
      continue;
    }
    break;
  }
  return { argv: a, env };
}

/** Programs a package manager's workspace command runs directly rather than as a script of that package. */
const WORKSPACE_PROGRAMS = /^(?:node|tsx|ts-node|bun|deno|npx|exec)$/;

/**
 * A package manager told to run the rest of the command in one workspace package: `yarn workspace api node dist/x.js`
 * (yarn runs a script of that name or else a binary), `pnpm --filter api start`, `pnpm -C apps/api start`,
 * `npm -w api run start`, `npm --prefix apps/api start`. The package is named (resolved against the repository's
 * package.json files later) or given as a folder.
 */
function inWorkspace(argv: string[]): { name?: string; dir?: string; argv: string[] } | undefined {
  const prog = path.posix.basename(argv[0]!);
  if (prog === 'yarn' && argv[1] === 'workspace' && argv[2] && argv[3]) {
    const rest = argv.slice(3);
    return { name: argv[2], argv: WORKSPACE_PROGRAMS.test(rest[0]!) ? rest : ['yarn', ...rest] };
  }
  if (prog !== 'pnpm' && prog !== 'npm') return undefined;
  const named = prog === 'pnpm' ? /^(?:--filter|-F)$/ : /^(?:--workspace|-w)$/;
  const folder = prog === 'pnpm' ? /^(?:--dir|-C)$/ : /^--prefix$/;
  let name: string | undefined;
  let dir: string | undefined;
  let i = 1;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const [flag, value] = argv[i]!.includes('=') ? argv[i]!.split(/=(.*)/s) : [argv[i]!, undefined];
    if (named.test(flag!) || folder.test(flag!)) {
      const v = value ?? argv[++i];
      if (named.test(flag!)) name = v;
      else dir = v;
    }
  }
  const rest = argv.slice(i);
  if ((!name && dir === undefined) || !rest.length || (name && /[*{}!]/.test(name))) return undefined;
  return { ...(name ? { name } : {}), ...(dir !== undefined ? { dir } : {}), argv: [prog, ...rest] };
}

/**
 * The steps a command runs, in order: `sh -c "cd src && alembic upgrade head && exec uvicorn app:app"` gives two steps
 * (alembic, uvicorn) run in `src`. Steps after `||` and background jobs are dropped (they are not the start path).
 */
export function commandSteps(argv: string[]): CommandStep[] {
  let a = argv;
  // sh -c "…" / bash -lc "…"
  const shell = /^(\/(usr\/)?bin\/)?(sh|bash|ash|dash|zsh)$/.test(a[0] ?? '');
  if (shell) {
    const ci = a.findIndex((x, i) => i > 0 && /^-\w*c\w*$/.test(x));
    if (ci > 0 && a[ci + 1] !== undefined) a = shellWords(a[ci + 1]!);
  } else if (a.length === 1 && /\s/.test(a[0]!)) a = shellWords(a[0]!);
  const steps: CommandStep[] = [];
  let cwd: string | undefined;
  let current: string[] = [];
  let skip = false;
  const flush = (required: boolean) => {
    if (current.length && !skip) {
      const { argv: p, env } = peel(current);
      const ws = p.length ? inWorkspace(p) : undefined;
      if (p[0] === 'cd' && p[1]) cwd = cwd && !p[1].startsWith('/') ? path.posix.join(cwd, p[1]) : p[1];
      else if (ws?.dir !== undefined) {
        const dir = cwd && !ws.dir.startsWith('/') ? path.posix.join(cwd, ws.dir) : ws.dir;
        steps.push({ argv: peel(ws.argv).argv, env, required, cwd: dir });
      } else if (ws)
        steps.push({ argv: peel(ws.argv).argv, env, required, workspace: ws.name!, ...(cwd ? { cwd } : {}) });
      else if (p.length) steps.push({ argv: p, env, required, ...(cwd ? { cwd } : {}) });
    }
    current = [];
  };
  for (const w of a) {
    if (w === '&&' || w === ';') {
      flush(w === '&&');
      skip = false;
    } else if (w === '||') {
      flush(false);
      skip = true;
    } else if (w === '|' || w === '&') {
      // a pipe or background job: the start path is elsewhere
      current = [];
      skip = w === '|';
    } else current.push(w);
  }
  flush(true);
  return steps;
}

/** `["uvicorn", "app.main:app"]`, `python -m pkg`, `node dist/x.js` … as one recognised launch. */
export type Launch =
  | {
      kind: 'python-module';
      module: string;
      object?: string;
      factory?: boolean;
      program: string;
      appDir?: string;
      chdir?: string;
      pythonpath?: string[];
      config?: string;
    }
  | { kind: 'python-script'; script: string; program: string }
  | { kind: 'python-inline'; program: string }
  | { kind: 'python-config'; program: string; config?: string; chdir?: string }
  | { kind: 'node-script'; script: string; program: string }
  | { kind: 'npm-script'; script: string; program: string }
  | { kind: 'java-jar'; jar: string }
  | { kind: 'java-class'; mainClass: string }
  | { kind: 'ruby'; files: string[]; program: string }
  | { kind: 'shell-script'; script: string; viaShell?: boolean }
  | { kind: 'binary'; program: string }
  /** `dotnet App.dll` (or `dotnet exec App.dll`): the built assembly of a .NET project, named without its folder. */
  | { kind: 'dotnet-dll'; assembly: string; program: string }
  | { kind: 'other'; program: string };

/**
 * The script npm runs for `name` on a Linux host: `run-script-os` (an npm package) dispatches `start` to
 * `start:linux`, then `start:nix` (every non-Windows system), then `start:default`.
 */
export function linuxScriptName(scripts: Record<string, unknown>, name: string): string {
  const cmd = scripts[name];
  if (typeof cmd !== 'string' || !/^\s*run-script-os(\s|$)/.test(cmd)) return name;
  return [`${name}:linux`, `${name}:nix`, `${name}:default`].find((n) => typeof scripts[n] === 'string') ?? name;
}

const PY = /^python[\d.]*$|^pypy3?$/;
const OPT_WITH_VALUE = new Set([
  '--host',
  '--port',
  '-p',
  '--workers',
  '-w',
  '--log-level',
  '--bind',
  '-b',
  '-k',
  '--worker-class',
  '--timeout',
  '-t',
  '--threads',
  '--root-path',
  '--proxy-headers-x',
  '--env-file',
  '--log-config',
  '--access-logfile',
  '--error-logfile',
  '--access-logformat',
  '--forwarded-allow-ips',
  '--limit-concurrency',
  '--backlog',
  '--timeout-keep-alive',
  '--graceful-timeout',
  '--keep-alive',
  '--max-requests',
  '--max-requests-jitter',
  '--user',
  '-u',
  '--group',
  '-g',
  '--ssl-keyfile',
  '--ssl-certfile',
  '--loop',
  '--http',
  '--ws',
  '--lifespan',
  '--interface',
  '--uds',
  '--fd',
  '--log-file',
  '--worker-tmp-dir',
  '--worker-connections',
  '--statsd-host',
  '--capture-output',
  '--reload-dir',
  '--reload-include',
  '--reload-exclude',
  '--root',
  '--name',
  '-n',
  '--pid',
  '--certfile',
  '--keyfile',
  '--access-log',
  '--error-log',
  '--bind-insecure',
  '--insecure-bind',
  '-l',
  '--loglevel',
  '-Q',
  '--queues',
  '-c',
  '--concurrency',
  '--pool',
  '-P',
  '--hostname',
  '--schedule',
  '-s',
  '--pidfile',
  '--logfile',
  '-f',
  '--max-tasks-per-child',
  '--autoscale',
  '--prefetch-multiplier',
  '--paste',
  '--runtime-mode',
  '--app-dir',
  '--chdir',
  '--pythonpath',
  '--config',
  '--factory-x',
]);

/** The first positional argument of a Python server command line (its `module:app`). */
function positional(args: string[], flagsWithValue = OPT_WITH_VALUE): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return args[i + 1];
    if (a.startsWith('-')) {
      if (!a.includes('=') && flagsWithValue.has(a)) i++;
      continue;
    }
    return a;
  }
  return undefined;
}

function optionValue(args: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

function optionValues(args: string[], ...names: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const n of names) {
      if (a === n && args[i + 1]) out.push(args[i + 1]!);
      else if (a.startsWith(`${n}=`)) out.push(a.slice(n.length + 1));
    }
  }
  return out;
}

function splitTarget(t: string): { module: string; object?: string; factory?: boolean } {
  const [mod, obj] = t.split(':', 2);
  if (obj === undefined) return { module: mod! };
  const factory = /\(.*\)$/.test(obj);
  return { module: mod!, object: obj.replace(/\(.*\)$/, ''), ...(factory ? { factory } : {}) };
}

/** Reads one step as a launch, or undefined when the program is not one this fact follows. */
export function launchOf(step: CommandStep): Launch | undefined {
  const a = step.argv;
  const prog = path.posix.basename(a[0] ?? '');
  if (!prog) return undefined;
  // python -m uvicorn … is uvicorn …
  if (PY.test(prog)) {
    let i = 1;
    while (i < a.length && /^-[uOBEsISWbdqXv]+$|^-W$|^-X$/.test(a[i]!)) i += a[i] === '-W' || a[i] === '-X' ? 2 : 1;
    const flag = a[i];
    if (flag === '-c') return { kind: 'python-inline', program: prog };
    if (flag === '-m') {
      const mod = a[i + 1];
      if (!mod || /\$/.test(mod)) return undefined;
      // `python -m gunicorn.app.wsgiapp app:application` is gunicorn's own documented module entry.
      const server =
        /^(uvicorn|gunicorn|hypercorn|daphne|celery|granian|flask|streamlit|fastapi|arq|saq)(?:\.__main__|\.main|\.app\.wsgiapp)?$/.exec(
          mod,
        )?.[1];
      if (server) return launchOf({ ...step, argv: [server, ...a.slice(i + 2)] });
      return { kind: 'python-module', module: mod, program: `${prog} -m` };
    }
    if (flag && !flag.startsWith('-')) {
      if (/\$/.test(flag)) return undefined;
      return { kind: 'python-script', script: flag, program: prog };
    }
    return undefined;
  }
  const rest = a.slice(1);
  switch (prog) {
    case 'uvicorn':
    case 'hypercorn':
    case 'daphne': {
      const t = positional(rest);
      if (!t || /\$/.test(t) || !/^[\w.]+(:[\w.()]*)?$/.test(t)) return undefined;
      const appDir = optionValue(rest, '--app-dir', '--root-path-x');
      return {
        kind: 'python-module',
        ...splitTarget(t.includes(':') ? t : `${t}:${prog === 'daphne' ? 'application' : 'app'}`),
        ...(rest.includes('--factory') ? { factory: true } : {}),
        program: prog,
        ...(appDir ? { appDir } : {}),
      };
    }
    case 'gunicorn': {
      const config = optionValue(rest, '-c', '--config');
      const chdir = optionValue(rest, '--chdir');
      const pythonpath = optionValues(rest, '--pythonpath').flatMap((p) => p.split(','));
      const t = positional(rest);
      if (!t)
        return { kind: 'python-config', program: prog, ...(config ? { config } : {}), ...(chdir ? { chdir } : {}) };
      if (/\$/.test(t) || !/^[\w.]+(:[\w.()'", =]*)?$/.test(t)) return undefined;
      return {
        kind: 'python-module',
        ...splitTarget(t.includes(':') ? t : `${t}:application`),
        program: prog,
        ...(chdir ? { chdir } : {}),
        ...(pythonpath.length ? { pythonpath } : {}),
        ...(config ? { config } : {}),
      };
    }
    case 'granian': {
      const t = positional(rest);
      if (!t || /\$/.test(t)) return undefined;
      return { kind: 'python-module', ...splitTarget(t), program: prog };
    }
    case 'celery': {
      const app = optionValue(rest, '-A', '--app');
      if (!app || /\$/.test(app)) return undefined;
      return { kind: 'python-module', module: app.split(':')[0]!, program: prog };
    }
    case 'arq': {
      // `arq app.worker.WorkerSettings`: the arq worker imports the module that holds its settings class.
      const t = positional(rest);
      if (!t || /\$/.test(t) || !/^[\w.]+$/.test(t)) return undefined;
      const parts = t.split('.');
      const module = parts.length > 1 && /^[A-Z]/.test(parts.at(-1)!) ? parts.slice(0, -1).join('.') : t;
      return { kind: 'python-module', module, program: prog };
    }
    case 'saq': {
      // `saq app.tasks.worker.settings`: the SAQ worker imports the module that holds its settings variable.
      const t = positional(rest);
      if (!t || /\$/.test(t) || !/^[\w.]+$/.test(t)) return undefined;
      const parts = t.split('.');
      return { kind: 'python-module', module: parts.length > 1 ? parts.slice(0, -1).join('.') : t, program: prog };
    }
    case 'fastapi':
    case 'streamlit':
    case 'chainlit': {
      // fastapi run path/main.py, streamlit run app.py
      const sub = rest[0];
      const file = rest.slice(1).find((x) => !x.startsWith('-'));
      if ((sub === 'run' || sub === 'dev') && file && /\.py$/.test(file) && !/\$/.test(file))
        return { kind: 'python-script', script: file, program: `${prog} ${sub}` };
      return undefined;
    }
    case 'node':
    case 'nodejs':
    case 'ts-node':
    case 'tsx':
    case 'bun':
    case 'deno':
    case 'nodemon':
    case 'pm2-runtime':
    case 'pm2': {
      let args = rest;
      // `deno task start` runs a task of deno.json as `npm run start` runs a script of package.json.
      if (prog === 'deno' && rest[0] === 'task' && rest[1] && !rest[1].startsWith('-'))
        return { kind: 'npm-script', script: rest[1], program: 'deno' };
      if (prog === 'bun') args = args.filter((x) => x !== 'run');
      // `deno run main.ts`, `deno serve main.ts` (serves the module's default export { fetch }).
      if (prog === 'deno') args = args.filter((x) => x !== 'run' && x !== 'serve');
      if (prog === 'pm2' || prog === 'pm2-runtime') args = args.filter((x) => x !== 'start');
      // `tsx watch src/main.ts` runs src/main.ts and restarts it on changes.
      if (prog === 'tsx' && args[0] === 'watch') args = args.slice(1);
      const valueFlags = new Set([
        '-r',
        '--require',
        '--import',
        '--loader',
        '--experimental-loader',
        '-i',
        '--instances',
        '--name',
        '--env',
        '--max-memory-restart',
        '--watch-x',
        '--conditions',
        '-C',
        '--title',
        '--inspect-port',
        // deno run/serve options that take a value
        ...(prog === 'deno' ? ['--port', '--host', '--config', '-c', '--import-map', '--location'] : []),
      ]);
      const s = positional(args, valueFlags);
      if (!s || /\$/.test(s)) return undefined;
      if (
        /^(ecosystem\.config\.[cm]?js|process\.json|pm2\.json)$/.test(path.posix.basename(s)) ||
        !/\.[cm]?[jt]sx?$|^[\w./-]+$/.test(s)
      )
        return { kind: 'node-script', script: s, program: prog };
      return { kind: 'node-script', script: s, program: prog };
    }
    case 'dotnet': {
      const dll = rest[0] === 'exec' ? rest[1] : rest[0];
      if (dll && /\.dll$/i.test(dll) && !/\$/.test(dll))
        return { kind: 'dotnet-dll', assembly: path.posix.basename(dll).replace(/\.dll$/i, ''), program: prog };
      return { kind: 'binary', program: a[0]! };
    }
    case 'npm':
    case 'yarn':
    case 'pnpm': {
      const sub = rest[0];
      if (sub === 'start' || (prog !== 'npm' && sub && !sub.startsWith('-') && sub !== 'run' && sub !== 'install'))
        return { kind: 'npm-script', script: sub === 'start' ? 'start' : sub!, program: prog };
      if ((sub === 'run' || sub === 'run-script') && rest[1])
        return { kind: 'npm-script', script: rest[1], program: prog };
      return undefined;
    }
    case 'java': {
      const jar = optionValue(rest, '-jar');
      if (jar) return /\$/.test(jar) ? undefined : { kind: 'java-jar', jar };
      const valueFlags = new Set(['-cp', '-classpath', '--class-path', '-p', '--module-path', '-m', '--module']);
      const main = positional(
        rest.filter((x) => !/^-[DX]/.test(x)),
        valueFlags,
      );
      if (main && /^[\w.$]+$/.test(main)) return { kind: 'java-class', mainClass: main };
      return undefined;
    }
    case 'puma':
    case 'rackup':
    case 'unicorn':
    case 'sidekiq':
    case 'rails':
    case 'thin':
    case 'falcon':
    case 'passenger': {
      const files: string[] = [];
      const cfg = optionValue(rest, '-C', '--config', '-c');
      if (cfg && !/\$/.test(cfg) && prog !== 'sidekiq') files.push(cfg);
      if (prog === 'rails' && /^(s|server)$/.test(rest[0] ?? '')) files.push('config/application.rb', 'config.ru');
      if (prog === 'rackup') files.push(rest.find((x) => x.endsWith('.ru')) ?? 'config.ru');
      if (prog === 'puma' || prog === 'unicorn' || prog === 'thin' || prog === 'falcon') {
        const ru = rest.find((x) => x.endsWith('.ru'));
        if (ru) files.push(ru);
      }
      return { kind: 'ruby', files, program: prog };
    }
  }
  if (/\.(sh|bash)$/.test(prog) || /^(sh|bash)$/.test(prog)) {
    const viaShell = /^(sh|bash)$/.test(prog);
    const script = viaShell ? rest.find((x) => !x.startsWith('-')) : a[0]!;
    if (script && !/\$/.test(script)) return { kind: 'shell-script', script, ...(viaShell ? { viaShell } : {}) };
    return undefined;
  }
  if (/^(bin\/rails|\.\/bin\/rails|bin\/puma|\.\/bin\/puma)$/.test(a[0]!)) {
    const files =
      a[0]!.endsWith('rails') && /^(s|server)$/.test(rest[0] ?? '') ? ['config/application.rb', 'config.ru'] : [];
    return { kind: 'ruby', files: [a[0]!.replace(/^\.\//, ''), ...files], program: a[0]! };
  }
  if (/\.py$/.test(a[0]!) && !/\$/.test(a[0]!)) return { kind: 'python-script', script: a[0]!, program: a[0]! };
  if (/\.[cm]?js$/.test(a[0]!) && !/\$/.test(a[0]!)) return { kind: 'node-script', script: a[0]!, program: 'node' };
  return { kind: 'binary', program: a[0]! };
}
