import { defineRule } from '../../src/sdk/index.js';
import type { Evidence, StartBreak } from '../../src/sdk/index.js';

const MAX_TARGETS = 6;

export default defineRule({
  meta: {
    id: 'code.entrypoint',
    category: 'code',
    title: 'What ships starts: its entry and the code it imports exist where it runs',
    severity: 'critical',
    level: 1,
    scope: 'component',
    docs: {
      why: 'A service whose start command names a module that was never committed, that the image does not contain, or that reads a name before it exists crashes on start, however complete everything else looks. It is the one gap that makes every other check moot.',
      how:
        'Follows each shipped start path statically, never running anything: the Dockerfile CMD/ENTRYPOINT (with the stage, WORKDIR, COPY/ADD sources and destinations across stages, ENV PYTHONPATH, .dockerignore and build steps), compose command/entrypoint/working_dir/environment/mounts, Kubernetes command/args, Procfile processes, package.json start scripts and pyproject console scripts; start scripts they run (`exec "$@"` hands over to CMD); `python -m`, `python x.py`, uvicorn/gunicorn/hypercorn/daphne/celery `module:app` (app factories, gunicorn config files), `node x.js` and `npm start` (a build output is followed to its TypeScript source), Rails/puma files. ' +
        'From the entry it parses (with a real Python syntax tree) every project module imported at start — module level and the start-up functions that run (FastAPI lifespan and startup handlers, the app factory, the __main__ block, functions called at import) — and resolves each import the way Python would in the image (sys.path from the working directory, PYTHONPATH and the installed project; regular and namespace packages; relative imports), and each static relative import of JS/TS files; plain JavaScript module code (not TypeScript, which its compiler checks) is parsed too, for names read at load time that nothing declares or that are still in their temporal dead zone. ' +
        'A gap names the first break with the chain from the start command to it: an entry file or module that is not in the image or not in the repository, an app object the module never defines, a project module or name that does not exist, a package that is in the image but not on the module path, a relative import in a file run as a script, a name read before it is assigned or never defined (pyflakes-style: only reads that certainly run at start), a start script or npm script that does not exist, a HEALTHCHECK program (curl, wget) the base image lacks, a mounted config file that is missing and undocumented. ' +
        'Generated modules (protobuf stubs, version files, anything git-ignored), guarded imports (try/except ImportError, if TYPE_CHECKING) and paths built by a build step are never breaks; a dynamic entry (a variable, python -c, a compiled binary, a jar) is followed as far as it goes and passes with low confidence. n/a when nothing is shipped to run (a library).',
      fix: [
        'Commit the missing module, or fix the import to the module that exists.',
        'Make the image match the code: COPY the package into the image and set WORKDIR/PYTHONPATH so that the imports resolve (or pip install the project).',
        'Assign the name before reading it (or declare it `global`), and run the image in CI (`docker run … --help` or a smoke test) so a start failure fails the build.',
      ],
      effort: 'S',
    },
    messages: {
      broken: 'The shipped start path breaks: {{break}}{{more}}.',
      starts: 'The start path resolves: {{summary}}.',
      dynamic: 'The start command is followed as far as it can be statically: {{summary}}.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['entrypoint', 'entry point', 'start command', 'starts in the container', 'app starts'],
  },
  check(ctx) {
    const sp = ctx.facts.startPath;
    const kind = ctx.facts.kind;
    if (!sp.targets.length) {
      if (kind.kind === 'library') return ctx.na(`nothing is shipped to run: ${kind.reason}`);
      return ctx.na(
        'nothing declares how the project starts (no Dockerfile CMD, compose or Kubernetes command, Procfile, start script or console script) and no entry file was found',
      );
    }
    if (!sp.shipped) return ctx.na(`nothing is shipped to run: ${kind.reason}`);
    if (sp.breaks.length) {
      const ordered = [...sp.breaks].sort((a, b) => rank(a) - rank(b));
      const first = ordered[0]!;
      // The chain: the start command, each import that leads on, and the line that breaks. A step whose note is just
      // its own line says what role it plays instead (the line is the excerpt already).
      const evidence: Evidence[] = first.chain.map((s, i) => {
        const last = i === first.chain.length - 1;
        const at = ctx.at(s.path, s.line, s.note);
        const role =
          i === 0 ? 'the start command' : last ? 'the line that fails' : 'imported when the application starts';
        return (at.excerpt ?? '') === s.note.trim() ? { ...at, note: role } : at;
      });
      for (const b of ordered.slice(1, 8)) {
        const last = b.chain[b.chain.length - 1]!;
        evidence.push(ctx.at(last.path, last.line, b.message));
      }
      const confident = ordered.some((b) => b.confidence === 'high');
      return ctx.gap('broken', evidence, {
        confidence: confident ? 'high' : 'low',
        data: {
          break: first.message,
          more: ordered.length > 1 ? ` (and ${ordered.length - 1} more)` : '',
        },
      });
    }
    const targets = sp.targets.slice(0, MAX_TARGETS);
    const evidence = targets.map((t) =>
      ctx.at(
        t.declared.path,
        t.declared.line,
        t.unresolved
          ? `${t.source}: followed as far as it goes: ${t.unresolved}`
          : `${t.source}${t.service ? ` ${t.service}` : ''}: starts ${t.entry ?? t.command.join(' ')}${t.reached.length > 1 ? `, ${t.reached.length} project files reached` : ''}`,
      ),
    );
    // Several targets of one Dockerfile start the same way: each start is told once.
    const summary = [
      ...new Set(
        targets.map((t) => `${t.declared.path}:${t.declared.line} → ${t.entry ?? t.unresolved ?? t.command.join(' ')}`),
      ),
    ].join('; ');
    const dynamic = sp.targets.every((t) => t.unresolved && !t.entry);
    const guessed = sp.targets.every((t) => t.source === 'convention');
    return ctx.pass(evidence, {
      messageId: dynamic ? 'dynamic' : 'starts',
      confidence: dynamic || guessed ? 'low' : 'high',
      data: { summary },
    });
  },
});

const KIND_ORDER: StartBreak['kind'][] = [
  'entry-missing',
  'script-missing',
  'not-copied',
  'not-on-path',
  'module-missing',
  'relative-import-in-script',
  'app-missing',
  'name-missing',
  'undefined-name',
  'unbound-local',
  'npm-script-missing',
  'package-missing',
  'healthcheck-tool',
  'mount-missing',
];

/** High-confidence breaks first, then the ones that fail earliest (a missing module before a name it would export). */
function rank(b: StartBreak): number {
  return (b.confidence === 'high' ? 0 : 100) + KIND_ORDER.indexOf(b.kind);
}
