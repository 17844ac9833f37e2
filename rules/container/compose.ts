import { defineRule } from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'container.compose',
    category: 'container',
    title: 'A compose file runs the application with its dependencies',
    severity: 'low',
    level: 2,
    scope: 'repository',
    requires: ['not-library'],
    docs: {
      why: 'A compose file lets anyone start the service with its database, cache and broker in one command, and documents how the pieces connect; without it every developer rebuilds the stack by hand.',
      how:
        'Looks for docker-compose*.yml / compose*.yaml anywhere in the repository and reads its services (image, build, healthcheck, restart, env_file). n/a for libraries, for command-line programs without a compose file, and for services that run only as platform functions (Lambda, Workers, Vercel/Netlify functions). Without a compose file, a .NET Aspire AppHost that adds the projects and the containers of their dependencies (AddPostgres, AddRabbitMQ, AddContainer …) passes: `dotnet run` on it starts the stack. ' +
        'A compose file that cannot work is a low-confidence gap (messageId broken): a build context or Dockerfile that does not exist, a build target that is not a stage of the Dockerfile, a depends_on naming a service no compose file of the folder defines, an env_file that is missing, or a start it breaks as read from the startPath fact (code.entrypoint reads the same): a command or entrypoint naming a file the image does not have, a healthcheck program the image lacks, a mounted config file that is neither in the repository nor documented. When another compose file runs the application without a break, the broken one is an auxiliary stack: a low-confidence pass that names it. ' +
        'A missing env_file that has an example beside it (.env with .env.example), or a missing `.env` itself (a local file by convention), does not make the file broken: the verdict only drops to low confidence and names it (config.env-example judges the documentation). Weak default credentials in compose files are exposed by the compose fact for security.secrets, not judged here.',
      fix: [
        'Add a compose.yaml with the app service (`build: .`, a healthcheck, `env_file`) and its infrastructure (postgres, redis...) with named volumes.',
        'Fix references that point nowhere: build targets must name a `FROM ... AS <stage>` of the Dockerfile, env files must exist or be documented.',
      ],
      effort: 'S',
      links: ['https://docs.docker.com/compose/'],
    },
    messages: {
      missing: 'No docker-compose.yml or compose.yaml in the repository.',
      aspire:
        'No compose file, but the Aspire AppHost ({{file}}) runs the application with its dependencies ({{containers}}).',
      invalid: '{{file}} does not parse as a compose file with services ({{error}}).',
      broken: 'The compose file references things that do not exist: {{problems}}.',
      dependenciesOnly:
        'A compose file runs the services the application needs ({{services}}) for local work; the application itself is started outside it.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['docker-compose', 'docker compose', 'compose file', 'compose.yml', 'multi-service stack'],
  },
  check(ctx) {
    const { files, problems } = ctx.facts.compose;
    if (!files.length) {
      const kind = ctx.facts.kind;
      if (kind.kind === 'cli' && !kind.longRunning)
        return ctx.na(`a command-line program has no service stack to compose (${kind.reason})`);
      const fn = ctx.facts.functions;
      if (fn.only)
        return ctx.na(
          `the service runs only as functions on ${`${fn.name}, ${fn.where}`}: there are no containers to compose`,
        );
      // `dotnet run --project AppHost` starts the projects and their dependencies' containers, as compose would.
      const aspire = ctx.facts.aspireStack;
      if (aspire)
        return ctx.pass(
          [
            ctx.at(
              aspire.path,
              aspire.line,
              `the Aspire AppHost runs ${aspire.projects} project(s) with ${aspire.containers.join(', ')}`,
            ),
          ],
          { messageId: 'aspire', data: { file: aspire.path, containers: aspire.containers.join(', ') } },
        );
      return ctx.gap('missing', [
        ctx.missing(
          ['docker-compose.yml', 'docker-compose.*.yml', 'compose.yaml', 'compose.*.yaml'],
          'no compose file',
        ),
      ]);
    }
    const usable = files.filter((f) => f.services.length);
    if (!usable.length) {
      const f = files[0]!;
      return ctx.gap('invalid', [ctx.at(f.path, 1, f.parseError ?? 'no services: key')], {
        data: { file: f.path, error: f.parseError ?? 'no services defined' },
      });
    }
    const hard = problems.filter((p) => p.confidence === 'high');
    // Start breaks a compose file causes (a command naming a missing file, a healthcheck program the image lacks, an
    // undocumented missing mounted file): the startPath fact that code.entrypoint reads too.
    const composeFiles = new Set(files.map((f) => f.path));
    const starts = ctx.facts.startPath.breaks.filter(
      (b) => b.artefact === 'compose' && b.chain.some((c) => composeFiles.has(c.path)),
    );
    const broken = [
      ...hard.map((p) => ({ path: p.path, line: p.line, message: p.message })),
      ...starts.map((b) => ({ ...(b.chain.find((c) => composeFiles.has(c.path)) ?? b.chain[0]!), message: b.message })),
    ];
    // A compose file that runs the application and has no break is the stack: a broken auxiliary file beside it (a
    // one-off migration stack whose build folder is gone) is reported with the pass, not instead of it.
    const brokenFiles = new Set(broken.map((b) => b.path));
    const healthy = usable.some((f) => !brokenFiles.has(f.path) && f.services.some((sv) => sv.role === 'app'));
    if (broken.length && !healthy) {
      // Present but verifiably unable to start: a gap, with low confidence (it may run from a context we do not see).
      return ctx.gap(
        'broken',
        broken.map((p) => ctx.at(p.path, p.line, p.message)),
        { confidence: 'low', data: { problems: broken.map((p) => p.message).join('; ') } },
      );
    }
    const soft = [
      ...problems.filter((p) => p.confidence !== 'high').map((p) => ctx.at(p.path, p.line, p.message)),
      ...broken.map((p) => ctx.at(p.path, p.line, p.message)),
    ];
    return ctx.pass(
      [
        ...usable.flatMap((f) => {
          const app = f.services.filter((s) => s.role === 'app');
          const first = app[0] ?? f.services[0]!;
          return [
            ctx.at(
              f.path,
              first.line,
              `${f.services.length} service${f.services.length > 1 ? 's' : ''} (${f.services.map((s) => `${s.name}${s.role === 'app' ? ' [app]' : ''}`).join(', ')})`,
            ),
          ];
        }),
        ...soft,
      ],
      {
        confidence: soft.length ? 'low' : 'high',
        // The policy takes a compose file for local work as the practice; the message says what it runs.
        // Only when every service is a known database, broker or cache image: a published image of the project's own
        // (`acme/orders-service`) is the application, built elsewhere.
        ...(!usable.every((f) => f.services.every((sv) => sv.role === 'infra'))
          ? {}
          : {
              messageId: 'dependenciesOnly' as const,
              data: { services: [...new Set(usable.flatMap((f) => f.services.map((sv) => sv.name)))].join(', ') },
            }),
      },
    );
  },
});
