import { DOTNET_LANGUAGES } from '../repo/classify.js';
// What a service's health and readiness endpoints check: a distinct readiness route, the dependency a health handler
// calls, ASP.NET Core dependency health checks, django-health-check backends, and a Phoenix health plug querying the
// repo on a ready path. Health routes and library endpoints come from src/facts/health.ts. api.readiness is a policy
// over it.
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { maskText } from './code-text.js';
import { bodyFrom, routeBody } from './handlers.js';
import { healthRoutes, isHealthCheckEndpoint, libraryHealth, PROBE_PARENT, READY_SEGMENT, segments } from './health.js';
import type { Facts } from './index.js';
import { grepReached } from './live-code.js';
import { csharpMethods } from './routes-dotnet.js';
import type { ServiceRoute } from './service.js';

/** Where a dependency is checked, and the call as written. */
export interface DependencyCheck {
  path: string;
  line: number;
  call: string;
}

export interface ReadinessFacts {
  /** A reached readiness route (/readyz, /ready, /readiness ...): the first whose handler checks a dependency, else the first. */
  readyRoute?: { route: ServiceRoute; checksDependency: boolean };
  /** ASP.NET Core: a health check of a dependency registered in reached code (run by MapHealthChecks). */
  dotnetCheck?: DependencyCheck;
  /**
   * The first reached health route whose handler checks a dependency, and where; `drainOnly` when its only check is
   * the process's own shutdown flag (503 while it drains), which no dependency sets. Else a reached status route
   * (`/api/status`) whose handler checks one (`status`).
   */
  handlerCheck?: { route: ServiceRoute; check: DependencyCheck; drainOnly?: true; status?: true };
  /** django-health-check backends that check a dependency (health_check.db, .cache ...) in reached settings. */
  djangoBackends?: { path: string; line: number };
  /** The project's Phoenix health plug (facts.health's library endpoint) querying a dependency on a ready path. */
  plugCheck?: DependencyCheck;
}

/**
 * Calls that show a handler checks a dependency rather than returning a constant (a Go state layer's `PingDB(ctx)`
 * asks the database through a method of its own). Database calls count here: readiness
 * is about dependencies (a repository, a DbContext, an injected data service or store asked for something), and so do
 * govuk_app_config's checks handed to `GovukHealthcheck.rack_response` (database, Sidekiq's Redis), and py-healthcheck's
 * `health.run()`, which runs the checks registered with `health.add_check(…)`, a Django model's manager asked
 * for rows (`Permission.objects.all().count()`) and a check object the handler builds and runs (`service().check()`
 * over its registered checks), and a dependency's client asked for its state (`esClient.status`, `redisClient.ping`).
 */
const DEPENDENCY_CHECK =
  /\b(ping|Ping|PingContext|pingCheck|SELECT\s+1|execute|query|executeQuery|executeStatement|fetchOne|getDummySelectSQL|queryRaw|\$queryRaw|authenticate|HealthCheckService|HealthIndicator|isHealthy|check_?[dD]atabase|check_?[dD]b|check_?[rR]edis|checkDependencies|\w*health\w*\.run|check_dependencies|engine\.connect|\.connect\(|cursor\(|session\.|health\.check|\.checkHealth|connection\.(execute|active\?|verify)|ActiveRecord::Base\.connection|db\.Ping|mongo|admin\.command|redis\.|Redis|pool\.|prisma\.|dataSource|sequelize\.authenticate|knex\.raw|\.raw\(|rawQuery|[hH]ealthChecks|DbCheck|RedisCheck|ping_db|is_ready|isReady|readiness|ensure_connection|[iI]s\w*(?:Healthy|Ready)|is_\w*(?:health|ready)\w*|[cC]heck\w*Health)\b|\b(?:db|conn|connection|database|store)\w*\s*\.(?:check|ping|health_?[cC]heck)\w*\s*\(|\b\w*_pool\.(?:get|acquire)\b|\b(?:DB::(?:table|select|connection|statement|getPdo)|Cache::(?:add|get|put|pull|store|remember)|Redis::\w+|Repo\.(?:query|one|all|aggregate|exists)|Ecto\.Adapters\.SQL\.query|Redix\.command)\b|\b_?\w*(?:[rR]epository|DbContext|dbContext)\.\w+|\b_?\w*(?:[dD]ata(?:Service|Store)|[dD]ao)\.\w+\s*\(|\bCanConnect(?:Async)?\s*\(|\b[A-Z]\w+::(?:count|exists|first|query)\s*\(\s*\)|\.Ping(?:DB|Db|Database|Store|Redis|Cache|All)\s*\(|\bGovukHealthcheck::(?:ActiveRecord|SidekiqRedis|Redis|Mongoid|RailsCache)\b|\b[A-Z]\w*\.objects\.(?:all|filter|get|count|exists|first|raw)\s*\(|\b\w+\(\)\.check\s*\(|\b[a-z]\w*Client\.(?:status|health\w*|ping)\b/;

/** A JS/TS request object's query string: `req.query`, `request.query.echo`, Koa's `ctx.query`, Hono's `c.req.query(…)`. */
const REQUEST_QUERY = /\b(?:req|request|ctx|c\.req)\.query\b/g;

/** ASP.NET Core health checks registered for a dependency (AspNetCore.HealthChecks.* packages, EF Core, project checks). */
const DOTNET_DEPENDENCY_CHECK =
  /\.Add(?:DbContextCheck\s*(?:<\s*[\w.]+\s*>)?|NpgSql|SqlServer|MySql|Oracle|Sqlite|Redis|MongoDb|RabbitMQ|Kafka|AzureBlobStorage|AzureServiceBus\w*|UrlGroup|Elasticsearch|Uris|Check\s*<\s*\w+\s*>|TypeActivatedCheck\s*<\s*\w+\s*>)\s*\(/;

/**
 * A C#/Java method signature up to its parameter list (modifiers, return type, name, parameters), or a Kotlin one
 * (`fun ping(): ResponseEntity<String> = …`, whose expression body stays).
 */
const METHOD_SIGNATURE =
  /^\s*(?:(?:public|private|protected|internal|static|async|virtual|override|sealed|final)\s+)+[\w<>[\],.?]+(?:\s*<[^>()]*>)?\s+\w+\s*\([^)]*\)|^\s*(?:(?:public|private|protected|internal|override|suspend|open)\s+)*fun\s+(?:<[^>()]*>\s*)?\w+\s*\([^)]*\)/;

const LOG_LINE =
  /^\s*(?:Logger|logger|log|console|LOG|Log|_logger|this\.logger)\.(?:info|debug|warn(?:ing)?|error|log|trace|notice|Printf|Println|Info|Debug|Warn|Error)\w*\s*\(|^\s*(?:print|puts|IO\.puts|IO\.inspect|fmt\.Print\w*)\b/;

/**
 * A handler that can answer 503 Service Unavailable tells the probe "not now": its answer depends on something it
 * checked (a query in a try block, a store's own liveness property), even when that call is a project method no
 * dependency pattern names (`Heartbeat.find_all()`, `db.is_alive`). So does 502 Bad Gateway, the answer some health
 * handlers give when a dependency behind them fails (`status = :bad_gateway unless checks.values.all?`). A 503 on the
 * process's own shutdown flag alone only drains (drainGuarded).
 */
const ANSWERS_UNAVAILABLE =
  /(?<![\w.])50[23](?![\w.])|\bHTTP_50(?:3_SERVICE_UNAVAILABLE|2_BAD_GATEWAY)\b|\b(?:SERVICE_UNAVAILABLE|BAD_GATEWAY)\b|\b(?:Status)?(?:ServiceUnavailable|BadGateway)\b|:(?:service_unavailable|bad_gateway)\b/;

/**
 * A Rails handler that renders the status a status object computed (`render json: status, status: status.code`): the
 * answer is whatever the checks behind that object decided, not a constant.
 */
const COMPUTED_STATUS = /\brender\b[^\n]*\bstatus:\s*@?[a-z_]\w*\.(?:code|status|http_status|status_code)\b/;

function handlerCheck(repo: RepoIndex, facts: Facts, reached: ServiceRoute[]): ReadinessFacts['handlerCheck'] {
  return dependencyCall(repo, facts, reached) ?? unavailableAnswer(repo, facts, reached);
}

/**
 * A flag the process raises as it shuts down (`shutdown`, `isShuttingDown`, `exiting`, `draining`, `terminating`),
 * read bare or through an atomic (`s.draining.Load()`).
 */
const DRAIN_FLAG =
  /^(?:[\w$]+\.)*((?:is_?)?(?:shut_?down|shutting_?down|exiting|draining|terminating|stopping|closing)\w*)(?:\.(?:load|Load|get|is_set)\(\))?$/i;

/** The condition of an `if` opening on the line: `if (x) {`, `if (x) return …`, `if x:`, Go's `if x {`. */
function ifCondition(line: string): string | undefined {
  const m = /^\s*(?:\}\s*)?(?:else\s+)?if(?:\s*\(((?:[^()]|\([^()]*\))*)\)|\s+([^\s(].*?)\s*[{:]\s*$)/.exec(line);
  return (m?.[1] ?? m?.[2])?.trim();
}

/**
 * Whether the 503 at `at` of a handler's lines answers only the shutdown flag: the nearest `if` at or above it tests a
 * drain flag alone, and the handler's file raises that flag (`shutdown = true` in the close hook).
 */
function drainGuarded(repo: RepoIndex, file: string, lines: string[], at: number): boolean {
  const open = lines.slice(0, at + 1).findLastIndex((l) => ifCondition(l) !== undefined);
  const flag = open >= 0 && at - open <= 3 ? DRAIN_FLAG.exec(ifCondition(lines[open]!)!)?.[1] : undefined;
  if (!flag) return false;
  const raised = new RegExp(
    `\\b${escapeRegExp(flag)}\\s*(?:=\\s*(?:true|True)\\b|\\.(?:store|Store|set)\\(\\s*(?:true)?\\s*\\))`,
  );
  return repo.lines(file).some((l) => raised.test(l));
}

/**
 * A Rails handler answering 500 on the branch its check decides (`if HealthChecks.ok?` … `else` … `render …, status:
 * 500`, `head :internal_server_error unless store.reachable?`): the probe sees a failure when the check fails, as with
 * 503. So does a Play action's `InternalServerError(…)` under `if (ruleCount == 0) {`. A 500 outside such a branch (a
 * rescue of anything) decides nothing.
 */
const ANSWERS_ERROR =
  /\bstatus:\s*(?:500\b|:internal_server_error\b)|\bhead\s*\(?\s*(?:500\b|:internal_server_error\b)|\bInternalServerError\s*\(/;
const BRANCH = /^\s*\}?\s*(?:if|unless|elsif|else)\b|\s(?:if|unless)\s+\S/;
/** The languages whose health handlers are read for a 500 on a branch: Ruby (Rails) and Scala (Play). */
const BRANCHED_ERROR_LANGUAGES = new Set(['ruby', 'scala']);

/** Whether the 500 at `at` of a handler's live lines is answered on a branch: its own line or one of the two above. */
function branchedError(live: string[], at: number): boolean {
  return ANSWERS_ERROR.test(live[at]!) && live.slice(Math.max(0, at - 2), at + 1).some((l) => BRANCH.test(l));
}

/** A handler's code lines (no comments, no log lines), those answering 503, and the first not answering a drain flag. */
function unavailableLines(repo: RepoIndex, body: { text: string; file: string }) {
  const live = body.text.split('\n').filter((l) => !/^\s*(#|\/\/|@)/.test(l) && !LOG_LINE.test(l));
  const branched = BRANCHED_ERROR_LANGUAGES.has(repo.get(body.file)?.language ?? '');
  const unavailable = live.flatMap((l, i) =>
    ANSWERS_UNAVAILABLE.test(l) || (branched && branchedError(live, i)) ? [i] : [],
  );
  return { live, unavailable, checked: unavailable.find((i) => !drainGuarded(repo, body.file, live, i)) };
}

/**
 * The first reached health handler that answers 503 on some path, and where: a handler whose 503 answers a dependency
 * before one whose only 503 answers the process's own shutdown (`drainOnly`).
 */
function unavailableAnswer(repo: RepoIndex, facts: Facts, reached: ServiceRoute[]): ReadinessFacts['handlerCheck'] {
  let drain: ReadinessFacts['handlerCheck'];
  for (const r of reached) {
    const body = routeBody(facts, r);
    const { live, unavailable, checked } = unavailableLines(repo, body);
    const hit = live[checked ?? live.findIndex((l) => COMPUTED_STATUS.test(l))];
    const where = (l: string) => {
      const idx = repo.lines(body.file).findIndex((x, i) => i >= body.line - 1 && x === l);
      return idx >= 0 ? idx + 1 : body.line;
    };
    if (hit) {
      const call =
        checked !== undefined
          ? `answers ${/502|bad_?gateway/i.test(hit) ? '502' : ANSWERS_ERROR.test(hit) ? '500' : '503'} when its check fails`
          : 'answers with the status its checks computed';
      return { route: r, check: { path: body.file, line: where(hit), call } };
    }
    if (unavailable.length && !drain) {
      drain = {
        route: r,
        check: {
          path: body.file,
          line: where(live[unavailable[0]!]!),
          call: 'answers 503 only while the process shuts down',
        },
        drainOnly: true,
      };
    }
  }
  return drain;
}

/**
 * A Python handler's code: its body and the bodies of the module's own functions it calls (`db_version=get_db_version()`,
 * whose body runs the query and raises when it fails), one call deep, without docstrings (`"""Ping view."""` names
 * the handler, it checks nothing).
 */
function pythonHandlerCode(facts: Facts, body: { text: string; file: string }): string {
  if (facts.repo.get(body.file)?.language !== 'python') return body.text;
  const lines = facts.repo.lines(body.file);
  const helpers = [...new Set([...body.text.matchAll(/(?<![\w.])([a-z_]\w*)\s*\(/g)].map((m) => m[1]!))].flatMap(
    (name) => {
      const def = new RegExp(`^(?:async\\s+)?def\\s+${escapeRegExp(name)}\\s*\\(`);
      const i = lines.findIndex((l) => def.test(l));
      return i >= 0 && !body.text.includes(lines[i]!) ? [bodyFrom(facts, body.file, i + 1, 30).text] : [];
    },
  );
  return [body.text, ...helpers].join('\n').replace(/("""|''')[\s\S]*?\1/g, '');
}

/**
 * A C# action's code: its body and the body of the method it calls on an injected service of the project
 * (`return await StatusService.GetStatus();` → `class StatusService`'s `GetStatus`), with the methods of that class
 * the method calls (`IsSqlAzureAvailable()`, which runs the test query), one call deep each.
 */
function csharpHandlerCode(facts: Facts, body: { text: string; file: string }): { text: string; files: string[] } {
  const parts = [body.text];
  const files: string[] = [];
  if (facts.repo.get(body.file)?.language !== 'csharp') return { text: body.text, files };
  const calls = new Map<string, [string, string]>();
  for (const m of body.text.matchAll(/\b_?([A-Za-z]\w*Service)\.(\w+)\s*\(/g))
    calls.set(`${m[1]}.${m[2]}`, [m[1]!, m[2]!]);
  for (const [field, method] of calls.values()) {
    const cls = `${field[0]!.toUpperCase()}${field.slice(1)}`;
    const file = facts.repo.grepFirst(new RegExp(`\\bclass\\s+${cls}\\b`), {
      languages: DOTNET_LANGUAGES,
      kinds: ['source'],
    });
    if (!file) continue;
    const text = facts.repo.read(file.path) ?? '';
    const methods = csharpMethods(maskText(text, 'csharp').bare);
    const code = (name: string) => methods.filter((m) => m.name === name).map((m) => text.slice(m.start, m.end + 1));
    const called = code(method);
    const helpers = called.flatMap((c) => [...c.matchAll(/(?<![\w.])([A-Z]\w*)\s*\(/g)].map((m) => m[1]!));
    parts.push(...called, ...[...new Set(helpers)].filter((h) => h !== method).flatMap(code));
    files.push(file.path);
  }
  return { text: parts.join('\n'), files };
}

/**
 * Reached `status` routes a probe could ask (`/status`, `/api/status`): not health routes by name alone (a constant
 * status page is no check), but one whose handler asks its dependencies reports readiness.
 */
function statusRoutes(facts: Facts): ServiceRoute[] {
  return facts.service.routes.filter((r) => {
    const segs = segments(r.fullPath);
    return (
      r.reached &&
      !/^(POST|PUT|PATCH|DELETE)$/i.test(r.method) &&
      segs[segs.length - 1]?.toLowerCase() === 'status' &&
      segs.slice(0, -1).every((s) => PROBE_PARENT.test(s))
    );
  });
}

function dependencyCall(repo: RepoIndex, facts: Facts, reached: ServiceRoute[]): ReadinessFacts['handlerCheck'] {
  for (const r of reached) {
    const route = routeBody(facts, r);
    const code = csharpHandlerCode(facts, { ...route, text: pythonHandlerCode(facts, route) });
    const body = { ...route, text: code.text };
    // A quoted name holding the route's own (an event `'projects.[projectId].ping'` sent by GET /v1/ping) is no check.
    const own = segments(r.fullPath).pop();
    const ownName = own ? new RegExp(`(['"])[^'"\\s]*\\b${escapeRegExp(own)}\\b[^'"\\s]*\\1`, 'g') : undefined;
    // The registration names the path (`@app.get("/ping")`): only the handler's code can check a dependency.
    const regLine = repo.lines(r.file)[r.line - 1] ?? '';
    const m = DEPENDENCY_CHECK.exec(
      body.text
        .split('\n')
        // C#/Java/Kotlin: the action's own attributes (`[HttpHead("/ping")]`) and signature (`public IActionResult Ping()`)
        // name the route, not a dependency; an expression body after `=>` stays.
        .map((l) => (/^\s*\[[^\]]*\]\s*$/.test(l) ? '' : l.replace(METHOD_SIGNATURE, '')))
        // The route's name chained after the handler (`})->name('ping');`, Slim's `->setName('ping')`) names the route.
        .map((l) => l.replace(/->\s*(?:name|setName)\s*\(\s*(['"])[^'"]*\1\s*\)/g, ''))
        // The request's own query string (`request.query.echo`, Hono's `c.req.query("x")`) asks no database.
        .map((l) => l.replace(REQUEST_QUERY, ''))
        .filter(
          (l) =>
            // Signatures name the handler (`def ping`, `fn ping`, Go's `func Ping(c *gin.Context) {`), not a check.
            !/^\s*(#|\/\/|@|(?:async\s+)?def\s|(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?fn\s|func\s+(?:\([^)]*\)\s*)?\w+\s*\()/.test(
              l,
            ) &&
            // A log line naming the route (`Logger.info("Params from /api/ping")`) checks nothing.
            !LOG_LINE.test(l) &&
            l !== regLine,
        )
        // A key of a map or PHP array (`'ping' => 0`, `"ping": 0`) names a field of the answer, not a check.
        .map((l) => l.replace(/(['"])\w+\1\s*(?:=>|:)/g, ''))
        .map((l) => (ownName ? l.replace(ownName, "''") : l))
        .join('\n'),
    );
    if (m) {
      const lines = repo.lines(body.file);
      const idx = lines.findIndex((l, i) => i >= body.line - 1 && l.includes(m[0]));
      // A call found in the service method the action calls is shown where that method makes it.
      const elsewhere =
        idx < 0
          ? code.files
              .map((f) => ({ path: f, line: repo.lines(f).findIndex((l) => l.includes(m[0])) + 1 }))
              .find((f) => f.line > 0)
          : undefined;
      const at = elsewhere ?? { path: body.file, line: idx >= 0 ? idx + 1 : body.line };
      return { route: r, check: { ...at, call: m[0] } };
    }
  }
  return undefined;
}

function plugCheck(repo: RepoIndex, facts: Facts): DependencyCheck | undefined {
  const lib = libraryHealth(facts);
  const plugName = /^the ([A-Z][\w.]*) plug$/.exec(lib?.note ?? '')?.[1];
  const plugFile = plugName
    ? repo.grepFirst(
        new RegExp(`^\\s*defmodule\\s+(?:[\\w.]+\\.)?${escapeRegExp(plugName.split('.').pop()!)}\\s+do\\b`),
        { languages: ['elixir'] },
      )?.path
    : undefined;
  if (!lib || !plugFile) return undefined;
  const text = repo.read(plugFile) ?? '';
  const dep =
    /\b(?:Ecto\.Adapters\.)?SQL\.query!?\s*\(|\bRepo\.(?:query|one|all|exists\?)\b|\bRedix\.command!?\s*\(|\bcheck_(?:repo|db|database)\w*\s*\(/.exec(
      text,
    );
  // A readiness plug, or a health plug whose answer depends on the query (500/503 when it fails).
  if (
    !dep ||
    !(/ready|readiness/i.test(text) || /\b(?:500|503)\b|:service_unavailable|:internal_server_error/.test(text))
  )
    return undefined;
  return { path: plugFile, line: repo.lineAt(plugFile, dep.index), call: dep[0] };
}

export function detectReadiness(repo: RepoIndex, facts: Facts): ReadinessFacts {
  const { reached } = healthRoutes(facts);
  // A readiness route before a startup one (`/health/readiness` beside `/health/startup`).
  const ready = reached
    .filter((r) => segments(r.fullPath).some((s) => READY_SEGMENT.test(s)))
    .sort((a, b) => Number(/startup/i.test(a.fullPath)) - Number(/startup/i.test(b.fullPath)));
  const reg = reached.some(isHealthCheckEndpoint)
    ? repo
        .grep(DOTNET_DEPENDENCY_CHECK, { languages: DOTNET_LANGUAGES, kinds: ['source'], limit: 10 })
        .find((h) => facts.liveness.isLive(h.path))
    : undefined;
  // controller-runtime's `healthz.Ping` answers ok whatever the state: its name is no ping of a dependency.
  const asks = ready.filter((r) => !(r.framework === 'controller-runtime' && r.handler === 'healthz.Ping'));
  const checked =
    asks.find((r) => DEPENDENCY_CHECK.test(routeBody(facts, r).text)) ??
    // A 503 only while the process shuts down checks nothing the route depends on.
    asks.find((r) => unavailableLines(repo, routeBody(facts, r)).checked !== undefined) ??
    // ASP.NET Core's MapHealthChecks runs the registered checks, a dependency's among them.
    (reg ? ready.find(isHealthCheckEndpoint) : undefined);
  const readyRoute = ready.length ? { route: checked ?? ready[0]!, checksDependency: !!checked } : undefined;
  const onHealth = handlerCheck(repo, facts, reached);
  const onStatus = onHealth ? undefined : dependencyCall(repo, facts, statusRoutes(facts));
  const handler = onHealth ?? (onStatus ? { ...onStatus, status: true as const } : undefined);
  const django = grepReached(facts, /["']health_check\.(db|cache|storage|contrib\.\w+)["']/, ['python'])[0];
  const plug = plugCheck(repo, facts);
  return {
    ...(readyRoute ? { readyRoute } : {}),
    ...(reg ? { dotnetCheck: { path: reg.path, line: reg.line, call: reg.groups[0]!.trim() } } : {}),
    ...(handler ? { handlerCheck: handler } : {}),
    ...(django ? { djangoBackends: { path: django.path, line: django.line } } : {}),
    ...(plug ? { plugCheck: plug } : {}),
  };
}
