import type { AuthnFacts } from './authn.js';
import type { GrpcFacts } from './grpc.js';
import type { GrepMatch, RepoIndex } from '../repo/index.js';
import { bracketBody, isCommentLine } from './code-scan.js';
import { escapeRegExp } from '../repo/text.js';
import type { CodeFacts } from './code.js';
import type { DepsFacts } from './deps.js';
import { symfonyConfigGlobs } from './frameworks.js';
import { isOperationalRoute } from './handlers.js';
import type { LivenessFacts } from './liveness.js';
import type { SharedCredential } from './public-site.js';
import type { ServiceFacts } from './service.js';

/**
 * Who the service acts for, and whether it keeps an audit trail of what they do.
 *
 * An audit trail is relevant when the service has users or admin actions: its own accounts (passwords hashed, a user
 * model, an authentication framework), an admin interface, login routes, or callers it authenticates with tokens
 * issued elsewhere (then logins are the identity provider's to record, but permission changes and deletes are not).
 *
 * The trail counts only when it is written ("used, not declared"): a change-history library applied to models
 * (django-auditlog, django-simple-history, PaperTrail, audited, Envers, laravel-auditing, Spatie activity log …), or
 * the application's own audit records created in live code (an AuditLog written, an audit logger, events recorded
 * with their actor). An audit model or library nobody writes is declared, not used.
 */
export interface AuditSignal {
  path: string;
  line: number;
  note: string;
}

export interface AuditWrite extends AuditSignal {
  /** The write sits on a security-relevant path: login, passwords, roles and permissions, admin, deletes, exports … */
  securityPath: boolean;
}

export interface AuditTrailFacts {
  /** Users, logins, admin interfaces or authenticated callers: what makes an audit trail relevant. */
  subjects: AuditSignal[];
  /** The service keeps accounts or an admin interface of its own (not only tokens issued elsewhere). */
  localAccounts: boolean;
  /** Change-history libraries applied in live code (they record every change of the models they cover). */
  recorders: AuditSignal[];
  /** Audit records the application writes itself, in live code. */
  writes: AuditWrite[];
  /** Security events written to the ordinary application log (login failed, password changed …). */
  securityLogs: AuditSignal[];
  /** Audit models, tables or libraries that nothing writes. */
  unused: AuditSignal[];
  /** Django's admin site: it keeps a history (LogEntry) of the changes made through it, and nothing else. */
  adminHistory?: AuditSignal;
  /** Where callers are authenticated with a machine credential only (an API key, a service token, mTLS): no users. */
  machineCallers?: AuditSignal;
}

interface Pattern {
  re: RegExp;
  note: string;
  languages?: readonly string[];
  /** Accounts or an admin of the service's own (vs tokens verified from elsewhere). */
  local?: boolean;
}

const JS = ['javascript', 'typescript'] as const;
const JVM = ['java', 'kotlin'] as const;

const SUBJECTS: Pattern[] = [
  {
    re: /\bbcrypt\b|\bargon2\b|\bpasslib\b|\bcheck_password_hash\s*\(|\bgenerate_password_hash\s*\(|\bmake_password\s*\(|\.set_password\s*\(|\bhashpw\s*\(/,
    note: 'passwords are hashed (local accounts)',
    languages: ['python'],
    local: true,
  },
  {
    // Also the named imports of a password-hashing package (`import { compare } from 'bcrypt-ts'`).
    re: /\bbcrypt(?:js)?\.(?:hash|compare)\w*\s*\(|\bargon2\.(?:hash|verify)\s*\(|\bscrypt(?:Sync)?\s*\(|^\s*import\s*\{[^}]*\b(?:hash|compare|verify)\w*\b[^}]*\}\s*from\s*["'](?:bcrypt(?:js|-ts)?|@node-rs\/(?:bcrypt|argon2)|argon2)["']/,
    note: 'passwords are hashed (local accounts)',
    languages: JS,
    local: true,
  },
  {
    re: /\bbcrypt\.(?:GenerateFromPassword|CompareHashAndPassword)\s*\(|\bargon2\.IDKey\s*\(/,
    note: 'passwords are hashed (local accounts)',
    languages: ['go'],
    local: true,
  },
  {
    re: /\b(?:BCrypt|Argon2|Pbkdf2|SCrypt|Delegating)PasswordEncoder\b/,
    note: 'passwords are hashed (local accounts)',
    languages: JVM,
    local: true,
  },
  {
    // `devise :database_authenticatable, …`, or the modules from a setting: `devise(*Config.devise_modules)`.
    re: /^\s*has_secure_password\b|^\s*devise\s*(?:\(\s*)?[:*]/,
    note: 'local accounts (has_secure_password / Devise)',
    languages: ['ruby'],
    local: true,
  },
  {
    // Rodauth: accounts with passwords of the service's own (`plugin :rodauth`, rodauth-rails' `Rodauth::Rails::Auth`).
    re: /^\s*plugin\s*\(?\s*:rodauth\b|<\s*Rodauth::Rails::Auth\b/,
    note: 'local accounts (Rodauth)',
    languages: ['ruby'],
    local: true,
  },
  {
    // Also the auth() helper: Laravel's `auth()->attempt(…)`, CodeIgniter Shield's `auth()->loggedIn()`.
    re: /\bHash::(?:make|check)\s*\(|\bpassword_hash\s*\(|\bAuth::attempt\s*\(|\bauth\s*\(\s*\)\s*->\s*(?:attempt|loggedIn)\s*\(/,
    note: 'local accounts (password hashing / Auth::attempt / auth()->loggedIn())',
    languages: ['php'],
    local: true,
  },
  {
    re: /\b(?:Bcrypt|Argon2|Pbkdf2)\.(?:hash_pwd_salt|verify_pass)\s*\(/,
    note: 'passwords are hashed (local accounts)',
    languages: ['elixir'],
    local: true,
  },
  {
    // Identity registrations name the user type (`AddIdentity<User, Role>()`, `AddDefaultIdentity<User>()`,
    // `AddIdentityCore<User>()`); `principal.AddIdentity(claimsIdentity)` only adds claims to a request's principal.
    re: /\bAdd(?:Default)?Identity\w*\s*<|\bAddIdentityServer\s*\(|\bPasswordHasher\s*</,
    note: 'ASP.NET Core Identity (local accounts)',
    languages: ['csharp'],
    local: true,
  },
  {
    re: /\bLoginManager\s*\(|\bfastapi_users\b|\bFastAPIUsers\s*\[|from\s+django\.contrib\.auth\s+import\s+[^\n]*\b(?:authenticate|login)\b|\ballauth\b/,
    note: 'user login (Flask-Login, FastAPI Users, Django auth)',
    languages: ['python'],
    local: true,
  },
  {
    re: /\bpassport\.use\s*\(|\bNextAuth\s*\(|\bbetterAuth\s*\(|\bnew\s+Lucia\s*\(|\blucia\s*\(/,
    note: 'user login (Passport, Auth.js, better-auth, Lucia)',
    languages: JS,
    local: true,
  },
  {
    re: /\badmin\.site\.urls\b|\bActiveAdmin\b|\bRailsAdmin\b|\bAdministrate::|\bAdminJS\b|\bFilament\\|\bLaravel\\Nova\b|\bflask_admin\b|\bsqladmin\b|\bstarlette_admin\b/,
    note: 'an admin interface',
    local: true,
  },
  {
    re: /\bjwt\.(?:verify|decode)\s*\(|\bjwtVerify\s*\(|\bverify_jwt_in_request\b|\bJwtDecoder\b|\boauth2ResourceServer\b|\bAddJwtBearer\s*\(|\bexpressjwt\b|\bjose\.jwt\.decode\b/,
    note: 'authenticated callers (tokens verified)',
  },
  {
    // Method security asking for a role or authority (Spring's @PreAuthorize and @Secured, Micronaut's @Secured with
    // role constants, Jakarta's @RolesAllowed): the caller is authenticated and known by name.
    re: /@PreAuthorize\s*\(\s*"[^"\n]*\b(?:hasRole|hasAnyRole|hasAuthority|hasAnyAuthority|isAuthenticated)\b|@Secured\s*\(\s*(?:value\s*=\s*)?[[{]?\s*(?:"ROLE_|(?:\w+\.)*ROLE_\w)|@RolesAllowed\s*\(/,
    note: 'authenticated callers (method security roles)',
    languages: JVM,
  },
  {
    // Ktor's Authentication plugin with its providers (jwt, oauth, bearer, session …), installed or configured with
    // `authentication { register(…) }`, guarding `authenticate { }` routes.
    re: /\binstall\s*\(\s*Authentication\s*\)|^\s*authentication\s*\{/m,
    note: 'authenticated callers (Ktor Authentication)',
    languages: JVM,
  },
];

/**
 * Any authentication scheme registered for the requests (`AddAuthentication(…)` then Altinn's JWT cookies, an API-key
 * handler of the project's own via `AddScheme<…>`): the actions know who calls them. Asked only when no subject above
 * was found, so that a scheme named there (`AddJwtBearer`) speaks for it.
 */
const ASPNET_AUTHENTICATION: Pattern = {
  re: /\.AddAuthentication\s*\(/,
  note: 'authenticated callers (ASP.NET Core authentication)',
  languages: ['csharp'],
};

/** User models and tables (ORM classes, Prisma models, migrations, Drizzle `pgTable('users')`): accounts the service stores. */
const USER_MODEL =
  /^\s*class\s+(?:User|Account|Member)\s*(?:\(|<\s*(?:ApplicationRecord|ActiveRecord::Base)|extends\s+(?:Model|Authenticatable)\b|(?:extends\s+\w+\s+)?implements\s+[^{\n]*\b(?:UserInterface|PasswordAuthenticatedUserInterface)\b)|^model\s+(?:User|Account)\s*\{|\bcreate_table\s*\(?\s*[:"'](?:users|accounts)\b|\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?(?:users|accounts)["`]?\s*\(|^\s*schema\s+"users"|^\s*table\s*\(?\s*"(?:users|accounts)"\s*\)?\s*$|\b(?:pg|mysql|sqlite)Table\s*\(\s*["'`](?:users?|accounts?)["'`]/im;
/**
 * Further shapes that name a user or account record (an Ecto or Laravel table, an Elixir module, a TypeScript or Go
 * type, a SQLAlchemy or db.Table name). They are weaker than USER_MODEL (a front end types the API's `User` too), so
 * they never show local accounts; with USER_MODEL they make USER_ACCOUNTS, any sign of accounts at all, which rules
 * out a judgement that needs none (one operator credential).
 */
const USER_RECORD_SHAPES =
  /\bcreate(?:_if_not_exists)?\s*\(?\s*table\s*\(\s*:(?:users|accounts|members)\b|\bschema\s+"(?:users|accounts|members)"|\bcreate_table\s+:(?:users|accounts)\b|\bSchema::create\(\s*'(?:users|accounts)'|\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[`"]?(?:users|accounts)\b|^\s*defmodule\s+[\w.]+\.(?:User|Account)\s+do\b|^\s*(?:export\s+)?(?:class|model|interface|type)\s+(?:User|Account)\b|\btype\s+User\s+struct\b|\bdb\.Table\(\s*["'](?:users|accounts)["']|__tablename__\s*=\s*["'](?:users|accounts)["']/im;
const USER_ACCOUNTS = new RegExp(`${USER_MODEL.source}|${USER_RECORD_SHAPES.source}`, 'im');

/**
 * Every definition of a user or account record outside tests, in source, SQL and Prisma files, by the looser
 * USER_ACCOUNTS (any sign of accounts: what rules a single operator credential out).
 */
export function userAccountDefinitions(repo: RepoIndex): GrepMatch[] {
  return repo
    .grep(USER_ACCOUNTS, { kinds: ['source'] })
    .concat(repo.grep(USER_ACCOUNTS, { include: ['**/*.sql', '**/*.prisma'] }))
    .filter((m) => !repo.get(m.path)?.isTest);
}

/** Authenticators of a Symfony firewall (security.firewalls.<name>.<authenticator>). */
const SYMFONY_AUTHENTICATOR =
  /^\s+(access_token|json_login|form_login|form_login_ldap|http_basic|login_link|login_throttling|remember_me|custom_authenticators?|jwt|oauth2)\s*:/;
const SYMFONY_AUTHENTICATOR_NOTE = (line: string): string =>
  /login|remember_me|http_basic/.test(line)
    ? 'user login (Symfony security firewall)'
    : 'authenticated callers (Symfony security firewall)';

// A sessions resource is the login route only as itself (`POST /session`, `/api/sessions`), not as the parent of
// something else (`/Sessions/Playing`, a media player's now-playing report). A register above an API
// (`/register/api/v1/parties`: a service named for the register it keeps) is no sign-up.
const LOGIN_ROUTE =
  /(^|\/)(?:(?:log-?in|sign-?in|sign_in|sign-?up|sign_up|register(?!\/(?:api|v\d+)\/)|password|oauth|authenticate\w*)(?:\/|$|\.)|sessions?(?:\/?$|\.\w+$))/i;
/**
 * The sessions of one record (`/projects/:pid/errors/:eid/sessions`, `/projects/:pid/funnel/sessions`: recorded
 * session replays): no one signs in there.
 */
const SESSIONS_OF_A_RECORD = /\/[:{<*][^/]*\/(?:[\w.-]+\/)*sessions?\/?$/i;

/** django-reversion's admin base class: versions of changes made in the admin only. */
const REVERSION_ADMIN_ONLY = /^\s*from\s+reversion\.admin\s+import\b[^\n]*\bVersionAdmin\b/;

const RECORDERS: Pattern[] = [
  {
    re: /\bauditlog\.register\s*\(|@auditlog\.register\b|\bAUDITLOG_INCLUDE_ALL_MODELS\b|\bAuditlogHistoryField\s*\(/,
    note: 'django-auditlog records model changes',
    languages: ['python'],
  },
  { re: /\bHistoricalRecords\s*\(/, note: 'django-simple-history records model changes', languages: ['python'] },
  {
    re: /@pghistory\.track\b|\bpghistory\.track\s*\(/,
    note: 'django-pghistory records model changes',
    languages: ['python'],
  },
  {
    // Models registered with django-reversion get a version wherever a revision is open: its middleware opens one for
    // every request, `create_revision()` where the code says. Its `VersionAdmin` alone (from `reversion.admin`) opens
    // revisions only in the admin's views: that is the admin's history (REVERSION_ADMIN_ONLY).
    re: /@?\breversion\.register\b|\bRevisionMiddleware\b|@?\b(?:reversion\.)?create_revision\s*\(/,
    note: 'django-reversion records model versions',
    languages: ['python'],
  },
  {
    re: /["']easyaudit["']/,
    note: 'django-easy-audit records logins, requests and model changes',
    languages: ['python'],
  },
  {
    re: /^\s*__versioned__\s*=|\bmake_versioned\s*\(/,
    note: 'SQLAlchemy-Continuum records model versions',
    languages: ['python'],
  },
  { re: /^\s*has_paper_trail\b/, note: 'PaperTrail records model changes', languages: ['ruby'] },
  {
    re: /^\s*audited\b(?!\s*[=.(])|^\s*has_associated_audits\b/,
    note: 'audited records model changes',
    languages: ['ruby'],
  },
  { re: /^\s*has_logidze\b/, note: 'Logidze records model changes', languages: ['ruby'] },
  // Rodauth's audit_logging feature writes a row for every authentication action (login, logout, password change …).
  {
    re: /^\s*(?:enable\s+(?::\w+\s*,\s*)*)?:audit_logging\b/m,
    note: 'Rodauth audit_logging records every authentication action',
    languages: ['ruby'],
  },
  { re: /\bOwenIt\\Auditing\\Auditable\b/, note: 'laravel-auditing records model changes', languages: ['php'] },
  {
    re: /^\s*use\s+(?:\\?Venturecraft\\Revisionable\\)?RevisionableTrait\s*;/,
    note: 'venturecraft/revisionable records who changed which field',
    languages: ['php'],
  },
  {
    re: /^\s*use\s+LogsActivity\s*;|\bactivity\s*\(\s*[^)]*\)\s*->\s*(?:causedBy|performedOn|log|withProperties|event)\s*\(/,
    note: 'spatie/laravel-activitylog records activity',
    languages: ['php'],
  },
  { re: /^\s*@Audited\b/, note: 'Hibernate Envers records entity revisions', languages: JVM },
  { re: /@JaversSpringDataAuditable\b|\bjavers\.commit\s*\(/, note: 'JaVers records object changes', languages: JVM },
  {
    re: /\bAuditEventRepository\b|\bnew\s+AuditApplicationEvent\s*\(/,
    note: 'Spring Boot audit events',
    languages: JVM,
  },
  {
    // Ash: the paper-trail extension on a resource (`extensions: [AshPaperTrail.Resource]`) keeps a version per change.
    re: /\bAshPaperTrail\.Resource\b/,
    note: 'AshPaperTrail records resource versions',
    languages: ['elixir'],
  },
  {
    re: /\buse\s+ExAudit\.|\bPaperTrail\.(?:insert|update|delete)!?\s*\(/,
    note: 'ExAudit / PaperTrail records changes',
    languages: ['elixir'],
  },
  {
    re: /\bAuditScope\.Create\w*\s*\(|\.UseAuditDataProvider\s*\(|\bAudit\.Core\.Configuration\b|:\s*AuditDbContext\b/,
    note: 'Audit.NET records changes',
    languages: ['csharp'],
  },
  // ABP's auditing middleware writes an audit log per request (the caller, the URL, the application service actions
  // and the entity changes) to its AbpAuditLogs store.
  { re: /\.UseAuditing\s*\(/, note: 'ABP audit logging records requests and entity changes', languages: ['csharp'] },
];

const AUTH_EVENTS_LOGGED = 'authentication events logged (the application’s own login audit)';
/** The application's own audit writer called by name, noun first (`audit_log(`, `auditLog(`, `audit_event(`). */
const AUDIT_NOUN_CALL = /(?<![\w$])audit_?(?:[lL]og|[eE]vent|[tT]rail)(?:_?[eE]ntry)?\s*\(/;

/** An audit operation handed to the call that records it (`info(msg, ident, user, AuditOperation.READ)`). */
const AUDIT_OPERATION = /\b\w*Audit\w*\.(READ|CREATE|UPDATE|DELETE)\b/;

/** Writes of the application's own audit records. */
const WRITES: Pattern[] = [
  {
    re: /\b\w*audit\w*\s*(?:\.objects)?\s*\.\s*(?:create|insert|save|add|record|log|write|emit|info|warn|warning|notice|new|build|publish|push|send|track|Create|Insert|Save|Add|Record|Log|Write|Info|Warn)\w*!?\s*\(/i,
    note: 'audit record written',
  },
  // C# object initializers too: `new AuditEntry { Table = …, ChangedBy = … }` (not a read model a query projects into,
  // `.Select(x => new AuditLogView { … })`). Constructing the machinery (`new AuditInterceptor()` handed to EF Core, an
  // audit middleware or pipeline behaviour) writes nothing by itself: its body is searched like any other code.
  {
    re: /\bnew\s+\w*Audit\w*(?<!Interceptor|Middleware|Behaviou?r)\s*\(|\bnew\s+\w*Audit\w*(?<!View|Dto|Model|Response|Request|Query|Filter|Options|Settings)\s*\{/,
    note: 'audit record created',
    languages: [...JS, ...JVM, 'php', 'csharp'],
  },
  {
    re: /\b(?:log|record|write|create|emit|add|track|send|publish|insert|save)_?\w*Audit\w*\s*\(|\b(?:log|record|write|create|emit|add|track|send|publish|insert|save)_audit\w*\s*\(/i,
    note: 'audit record written',
  },
  { re: /(?<![\w.])audit\s*\(\s*\S/, note: 'audit() called' },
  // The application's own audit writer called by name, noun first (`log_service.audit_log("create_user", name, …)`,
  // `auditLog(req, 'role.assign')`, `audit_event(…)`): not a getter or a query of it (`get_audit_log(`).
  { re: AUDIT_NOUN_CALL, note: 'audit record written' },
  { re: AUDIT_OPERATION, note: 'audit record written with its operation' },
  // Stored through a repository of the audit log (`$this->orderAuditLogRepository->create([...])`, `auditRepo.save(e)`).
  {
    re: /\b\w*[aA]udit\w*(?:Repository|Repo|Dao|Store)\s*(?:->|\.|::)\s*(?:create|insert|save|add|store|persist|record)\w*\s*\(/,
    note: 'audit record stored through its repository',
  },
  // Elixir: a function of the application's own audit module called where things happen (`AuditLog.audit!(ctx,
  // "accounts.login", params)`, `|> AuditLog.multi(ctx, "orgs.create", fn …)` adding the insert to an Ecto.Multi),
  // not a read or a view of it (`AuditLog.list_by_user(user)`, `AuditLogView.render(…)`).
  {
    re: /\b\w*Audit\w*\.(?:audit|log|record|insert|create|multi|track|write|emit|add|save|store|put)\w*!?\s*\(/,
    note: 'audit record written through the audit module',
    languages: ['elixir'],
  },
  { re: /\b\w*Audit\w*\s*\(\s*\w+\s*=/, note: 'audit record created', languages: ['python'] },
  { re: /&\s*(?:\w+\.)?\w*Audit\w*\s*\{/, note: 'audit record created', languages: ['go'] },
  // Go's constructor convention for a record that is stored as it is made (`models.NewAuditLogEntry(cfg, r, tx, user,
  // models.LoginAction, ip, traits)`).
  { re: /\bNew\w*Audit\w*(?:Entry|Record|Event)\s*\(/, note: 'audit record created', languages: ['go'] },
  // An activity event stored with who caused it, passed first after the context (`am.StoreEvent(ctx, userID,
  // peer.ID, accountID, activity.PeerAddedByUser, meta)`): the account's activity log, kept in its own store.
  {
    re: /\.(?:Store|Save|Record|Persist|Log)(?:Activity|Audit)?Event\s*\(\s*(?:ctx|\w+\.Context\(\))\s*,\s*(?:\w+\.)*(?:initiator|actor|user|caller|admin)(?:ID|Id)\b/,
    note: 'activity event stored with its initiator',
    languages: ['go'],
  },
  // An activity entry of the application's own saved where the user acts (`s.SaveActivity(s.NewRequestActivity(user, ip),
  // ActivityFileUploaded, meta)`): who did what, from where, kept for the owners' activity log.
  {
    re: /\.(?:Save|Store|Record|Log)Activity\s*\(/,
    note: 'activity log entry saved',
    languages: ['go'],
  },
  // Rust: an activity log record saved through its model (`activity_log_event.save(&mut *transaction)`, the event
  // logger storing who logged in, failed to, or changed what).
  {
    re: /\b\w*activity_log\w*\s*\.\s*(?:save|insert|create|store|record)\w*\s*\(/,
    note: 'activity log record stored',
    languages: ['rust'],
  },
  { re: /\bINSERT\s+INTO\s+["`]?\w*audit\w*/i, note: 'audit rows inserted' },
  // Rows put into an audit table through the query builder (`DB::table('audits')->insert([…])`, Knex's
  // `knex('audit_log').insert(…)`, Kysely's `.insertInto('audit_events')`).
  {
    re: /\b(?:table|from|into|knex)\s*\(\s*["'`]\w*audit\w*["'`]\s*\)\s*(?:->|\.)\s*insert\w*\s*\(|\.insertInto\s*\(\s*["'`]\w*audit\w*["'`]/i,
    note: 'audit rows inserted through the query builder',
    languages: [...JS, 'php'],
  },
  // Also a logger kept for sign-ins alone (`logging.getLogger("logins")` with its own rotating logins.log).
  {
    re: /\bget_?[Ll]ogger\s*\(\s*["'][\w.:-]*(?:audit|logins["']|log_?in[_.-]?(?:history|events?|attempts?)["']|security[_.-]?events?["'])/i,
    note: 'a dedicated audit logger',
  },
  { re: /\bRepo\.insert\w*!?\s*\(\s*\w*Audit\w*/, note: 'audit record inserted', languages: ['elixir'] },
  { re: /(?<![\w.])(?:self\.|this\.)?(?:record_event|recordEvent)\s*\(/, note: 'event recorded' },
  // An activity log of the application's own: `Activity::add(ActivityType::PAGE_DELETE, $page)`, `Activity::event('auth:fail')`,
  // `$this->logActivity(…)`, an action log model's own writer (`ActionLog::log('users.login', $user)`).
  {
    re: /(?:->|\.|\b)(?:log|record)_?[Aa]ctivity\s*\(|\b(?:Activity(?:Log(?:ger)?)?|ActionLog(?:ger)?)::(?:add|log|record|create|event)\s*\(/,
    note: 'activity log written',
    languages: ['php', 'ruby', 'python', 'elixir'],
  },
  // A user or sign-in log model of the application's own (`new UserLog(['user_id' => $user->id])`,
  // `LoginHistory::create([...])`): who signed in, changed a password or impersonated whom, kept in its own table.
  {
    re: /\b(?:new\s+)?(?:User|Login|Auth|SignIn|Security|Account)(?:Log|History)(?:Entry|Record)?\s*(?:::\s*create\s*)?\(\s*\[/,
    note: 'user activity log written',
    languages: ['php'],
  },
  // An activity log model of the application's own written through the ORM (`ActivityLog.objects.create(person=user,
  // action_type=action, …)`, `ActionLog.create!(actor: user, …)`): who did what, kept for the organisers' history.
  {
    re: /\b\w*(?:Activity|Action)Log(?:Entry)?\s*(?:\.objects)?\s*\.\s*create!?\s*\(/,
    note: 'activity log entry written',
    languages: ['python', 'ruby'],
  },
  // An activity log service of the application's own called where things happen (`_activityLogger.LogActivity(
  // KnownActivityTypes.Login, …)`, `_customerActivityService.InsertActivityAsync("EditCategory", …)`).
  {
    re: /\b\w*[Aa]ctivity(?:Logger|Service|Log)\s*\.\s*(?:Log|Insert|Add|Record|Create)\w*\s*\(/,
    note: 'activity log written',
    languages: ['csharp', ...JVM],
  },
  // An activity log entity of the application's own (`activityManager.CreateAsync(new ActivityLog(text, "AuthenticationSucceeded",
  // user.Id))`): who did what, stored for the admin's activity view.
  {
    re: /\bnew\s+ActivityLog(?:Entry|Item|Record)?\s*\(/,
    note: 'activity log entry written',
    languages: ['csharp', ...JVM],
  },
  // An event of a record's history written on a delete with who did it (`new InstanceEvent { EventType =
  // InstanceEventType.Deleted.ToString(), …, User = new PlatformUser { UserId = … } }`), kept for the owners to read.
  {
    re: /\bnew\s+\w*Event\s*(?:\(\s*\))?\s*\{[^{}]{0,300}?\bEventType\s*=\s*\w+\.(?:Deleted|Removed|Purged)\b[^{}]{0,300}?\b(?:User|UserId|Actor|PerformedBy)\s*=/,
    note: 'deletion event recorded with who deleted',
    languages: ['csharp'],
  },
  // Login and authentication events logged by the application itself (`authLog.LogAuthEventFailAsync(name, …)`,
  // `record_login_attempt(user)`): a security audit trail kept in its own table.
  {
    re: /\b(?:[Ll]og|[Rr]ecord)_?(?:[Aa]uth(?:entication)?|[Ll]ogin|[Ss]ign_?[Ii]n|[Ss]ecurity)_?(?:[Ee]vent|[Aa]ttempt)\w*\s*\(/,
    note: AUTH_EVENTS_LOGGED,
    languages: ['php', 'ruby', 'python', 'elixir', 'csharp', 'go', 'rust', ...JVM, ...JS],
  },
  // Sign-in activity stored through the application's own repository (`authenticationActivityRepository.insert(a)`,
  // `loginHistoryStore.save(…)`): a login audit trail in its own table.
  {
    re: /\b\w*(?:[Aa]uthentication|[Ll]ogin|[Ss]ign_?[Ii]n|[Ss]ecurity)_?(?:[Aa]ctivity|[Ee]vent|[Aa]ttempt|[Hh]istory|[Ll]og)\w*(?:[Rr]epository|[Rr]epo|[Dd]ao|[Ss]tore)\s*\.\s*(?:insert|save|create|add|record|store|append)\w*\s*\(/,
    note: 'sign-in activity stored (the application’s own login audit)',
    languages: ['csharp', 'go', ...JVM, ...JS],
  },
  // An event log of the application's own, written through its event store or service (`this.eventStore.store(new
  // FeatureCreatedEvent(…))`, `eventService.storeEvent(…)`): the record of who changed what.
  {
    // C#: an injected service field (`_eventService.LogUserEventAsync(user.Id, EventType.User_LoggedIn)`).
    re: /\b(?:this\.)?_?(?:[Ee]vent|[Aa]udit|[Aa]ctivity)_?(?:[Ss]tore|[Ss]ervice|[Rr]epository|[Ll]og)\s*\.\s*(?:store|storeEvents?|insert|append|record|Log\w*Events?(?:Async)?\b)\w*\s*\(/,
    note: 'event log written (the application’s own change and event log)',
    languages: ['csharp', ...JVM, ...JS],
  },
  // An event or history log of the application's own, written through its logger service: `$this->eventLogger->log($e)`.
  {
    re: /\b(?:event|history|change)_?[Ll]ogger\s*(?:->|\.)\s*log\w*\s*\(/,
    note: 'event log written (the application’s own change and event log)',
    languages: ['php', 'ruby', 'python', 'elixir', 'csharp', ...JVM],
  },
];

/** The framework's sign-in events imported by a listener or subscriber (Laravel, Symfony security). */
const AUTH_EVENT_IMPORT =
  /^\s*use\s+(?:Illuminate\\Auth\\Events\\(?:Login|Failed|Lockout|Logout|PasswordReset|OtherDeviceLogout)|Symfony\\Component\\Security\\Http\\Event\\(?:LoginSuccessEvent|LoginFailureEvent|LogoutEvent))\s*;/;
/** A method named for a sign-in event it handles: `onAfterAdminLogin(`, `onLoginSuccess(`, `onUserSignedIn(`. */
const OWN_LOGIN_HOOK = /\bfunction\s+on(?:After|Before)?\w*(?:Login|SignIn|SignedIn|LoggedIn)\w*\s*\(/;
const AUTH_LISTENER_STORES = 'sign-in events stored by an auth event listener (the application’s own login audit)';
/** A class that listens: a Laravel listener's `handle()`, a Symfony subscriber or `#[AsEventListener]`. */
const AUTH_LISTENER = /\bfunction\s+handle\s*\(|\bgetSubscribedEvents\s*\(|#\[AsEventListener\b/;
/** A row stored through the ORM or the query builder (`->create([`, `::create([`, `->insert([`, `->persist(`). */
const STORED_ROW =
  /(?:->|::)\s*(?:create|insert|forceCreate)\s*\(\s*\[|->\s*persist\s*\(|\bDB::table\s*\([^)]*\)\s*->\s*insert\s*\(/;

/** A change-history record of the application's own model: `History(`, `ChangeLogEntry(`, `DomainHistory(`. */
const HISTORY_RECORD = /(?<![\w.])[A-Z]?\w*(?:History|Change[Ll]og)(?:Entry|Record|Item)?\s*\((?!\s*\))/;
/** Who made the change, as a keyword argument of the record. */
const HISTORY_ACTOR =
  /\b(?:created_by|changed_by|modified_by|updated_by|performed_by|actor|author|user|username|user_id|by_user)\s*=(?!=)/;

/** Event records with their actor (who did what): audit records under another name (events, moderations, activity). */
const ACTOR_KEY =
  /(?:^|[\s{(,])["']?(?:actor(?:Id|_id|_user_id|_user|User)?|moderator(?:_user_id|Id|_id|_user)?|performed_?[bB]y(?:_id|Id)?)["']?(?:\s*:(?!:)|=(?!=)|\s*=>)|\.(?:actor|act(?:ing)?_user|moderator|performed_?[bB]y)(?:_?(?:id|Id|uuid|user))?\s*=(?![=>])/;
// `.create(…)`, `Event::new(…)` (Rust and C++ associated functions), `record_event(…)`, `AuditEvent(…)`.
const RECORD_CALL =
  /(?:\.|::)\s*(?:create|insert|schedule|add|record|log|new|build|save|emit|publish|track)\w*!?\s*\(|\b(?:record|log|track|emit)_?[eE]vent\s*\(|\b\w*(?:Event|Activity|Moderation)\s*\(/;

/**
 * A lookup whose conditions name the actor (`->where(['actor_id' => $actor->id])`, `.filter(actor_id=…)`,
 * `findOneBy({ actorId })`): the key selects rows, it records nothing, whatever call stands above the query.
 */
const QUERY_FILTER =
  /(?:->|\.)\s*(?:where|orWhere|whereIn|filter|filter_by|exclude|find(?:One|First|Many|All)?(?:By)?)\s*\(/;

/** A value assigned from a literal opened at the end of the line (`payload := map[string]string{`, `const ev = {`). */
const LITERAL_ASSIGN = /(?::=|[^=!<>:]=(?![=>]))\s*[&\w.[\]*]*[{[]\s*$/;
/** …of a record type (`entry := &models.AuditEvent{`, `ev = Activity{`): the record itself, saved below. */
const RECORD_LITERAL = /(?:Event|Audit|Activity|Moderation|History)\w*[{[]\s*$/;

/**
 * A security event written to the application log: `logger.warn("failed login …")`, and PHP's static loggers with a
 * level constant first (`Logger::log(E_USER_WARNING, "Failed login attempt for …")`, `Log::notice("User logged in")`).
 */
const SECURITY_LOG =
  /\b(?:log(?:ger)?|logging|Log|LOG|slog|zap|logrus|log\.Printf|Logger|console)\s*(?:\.|->|::)\s*(?:info|warn|warning|notice|error|Info|Warn|Infof|Warnf|Information|Warning|log)\w*\s*\(\s*(?:[A-Z][A-Z\d_]*\s*,\s*)?(?:[a-z_]\w*\s*\(\s*)?(?:f|`)?["'`][^"'`\n]*\b(?:logged (?:in|out)|log(?:ged)?[- ]?in (?:succe|fail|attempt)|login (?:attempt|succe|fail)|failed (?:login|sign[- ]?in|authentication)|sign(?:ed)? in|password (?:changed|reset|updated)|role (?:changed|granted|assigned|revoked)|permissions? (?:changed|granted|revoked|updated)|user (?:created|deleted|removed|banned))/i;

/** An EF Core SaveChanges interceptor (or a DbContext's SaveChanges override) reading the change tracker. */
const EF_CHANGE_HOOK =
  /^[ \t]*(?:(?:public|internal|sealed|partial)[ \t]+)*class[ \t]+\w+[^\n{:]*:[^\n{]*\bI?SaveChangesInterceptor\b|\boverride\s+(?:async\s+)?(?:Task<int>|int|ValueTask<[^>\n]+>)\s+(?:SaveChanges|SavingChanges)(?:Async)?\s*\(/m;

/**
 * Audit records an EF Core change hook writes for every tracked change, deletes included (`EntityState.Deleted` read):
 * the application's own change-history recorder, like Audit.NET or a history library applied to every model.
 */
function changeInterceptorRecorders(repo: RepoIndex, writes: AuditWrite[], known: AuditSignal[]): AuditSignal[] {
  return changeHookRecorders(
    repo,
    new Set(writes.filter((w) => w.path.endsWith('.cs')).map((w) => w.path)),
    known,
    (text) => text.includes('EntityState.Deleted') && text.includes('ChangeTracker'),
    EF_CHANGE_HOOK,
    'an EF Core change hook writes an audit record for every change (deletes too)',
  );
}

/**
 * The files among `paths` (at most two, none already `known`) whose text `records` accepts and where an ORM change
 * hook is declared: the hook's line, its leading blanks skipped.
 */
function changeHookRecorders(
  repo: RepoIndex,
  paths: Iterable<string>,
  known: AuditSignal[],
  records: (text: string) => boolean,
  hookRe: RegExp,
  note: string,
): AuditSignal[] {
  const out: AuditSignal[] = [];
  for (const path of paths) {
    if (known.some((r) => r.path === path) || out.length >= 2) continue;
    const text = repo.read(path) ?? '';
    if (!records(text)) continue;
    const hook = hookRe.exec(text);
    if (!hook) continue;
    out.push({ path, line: repo.lineAt(path, hook.index + (hook[0].length - hook[0].trimStart().length)), note });
  }
  return out;
}

/**
 * A Doctrine ORM listener of the changes themselves: `#[AsDoctrineListener(event: Events::onFlush)]`, an entity
 * listener, or a subscriber returning `Events::postUpdate` (each names the event it is called for).
 */
const DOCTRINE_CHANGE_HOOK =
  /#\[As(?:Doctrine|Entity)Listener\s*\([^\]\n]*\bEvents::(?:onFlush|postUpdate|preUpdate|postRemove|preRemove)\b|^[ \t]*(?:return[ \t]*\[[ \t]*|\[[ \t]*)?Events::(?:onFlush|postUpdate|preUpdate|postRemove|preRemove)\b/m;
/** The record of the change: the change set read, and a new entity persisted. */
const DOCTRINE_CHANGE_SET = /->\s*getEntityChangeSet\s*\(/;
const DOCTRINE_PERSIST = /->\s*persist\s*\(/;
/** Deletes seen too: the unit of work's scheduled deletions, or a remove event. */
const DOCTRINE_DELETES = /->\s*getScheduledEntityDeletions\s*\(|\bEvents::(?:postRemove|preRemove)\b/;

/**
 * Records a Doctrine listener writes for the entity changes it is called for — the change set read
 * (`$unitOfWork->getEntityChangeSet($entity)`) and an event entity persisted per insert, update and delete: the
 * application's own change-history recorder, like a history library applied to the entities it covers. A listener
 * that only stamps `updatedAt`, or never sees deletes, records no trail.
 */
function doctrineChangeRecorders(repo: RepoIndex, livePhp: string[], known: AuditSignal[]): AuditSignal[] {
  return changeHookRecorders(
    repo,
    livePhp,
    known,
    (text) =>
      text.includes('Events::') &&
      DOCTRINE_CHANGE_SET.test(text) &&
      DOCTRINE_PERSIST.test(text) &&
      DOCTRINE_DELETES.test(text),
    DOCTRINE_CHANGE_HOOK,
    'a Doctrine listener records every change of the entities it covers (deletes too) as entities of its own',
  );
}

/** A row trigger running a function named for a trail (`CREATE TRIGGER … FOR EACH ROW EXECUTE FUNCTION audit_log()`). */
const ROW_TRIGGER =
  /\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\b[^;]{0,400}?\bFOR\s+EACH\s+ROW\s+EXECUTE\s+(?:FUNCTION|PROCEDURE)\s+(?:"?\w+"?\.)?"?(\w*(?:audit|histor|change|activit)\w*)"?\s*\(/i;
const AUDIT_INSERT = /\bINSERT\s+INTO\s+(?:"?\w+"?\.)?"?\w*audit\w*/i;

/**
 * Audit rows the database writes itself: a row trigger of a migration or schema whose function inserts into an audit
 * table (a Supabase or Postgres app recording who changed its organisations, apps and members, whichever client wrote).
 */
function auditTriggers(repo: RepoIndex): AuditSignal[] {
  const sql = { include: ['**/*.sql'], limit: 20 };
  const seen = new Set<string>();
  for (const t of repo.grep(ROW_TRIGGER, sql)) {
    const name = t.groups[1]!;
    if (repo.get(t.path)?.isTest || seen.has(name)) continue;
    seen.add(name);
    const def = new RegExp(
      `\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?FUNCTION\\s+(?:"?\\w+"?\\.)?"?${escapeRegExp(name)}"?\\s*\\(`,
      'i',
    );
    for (const d of repo.grep(def, sql)) {
      const lines = repo.lines(d.path).slice(d.line, d.line + 300);
      const end = lines.findIndex((l) => /\$\w*\$\s*(?:;|LANGUAGE\b)/i.test(l));
      if (AUDIT_INSERT.test(lines.slice(0, end < 0 ? undefined : end).join('\n')))
        return [
          { path: t.path, line: t.line, note: `a database trigger writes an audit row on every change (${name})` },
        ];
    }
  }
  return [];
}

/** Paths and names of security-relevant actions. */
const SECURITY_PATH =
  /log_?in|log_?out|sign_?in|sign_?out|sign_?up|register|session|auth|password|passwd|credential|token|2fa|mfa|otp|permission|role|grant|revoke|admin|member|invite|user|account|delete|destroy|remove|purge|export|download|api_?key|secret|ban|suspend|moderat/i;

/** Audit models and tables defined in the code or schema. */
const AUDIT_MODEL =
  /^\s*class\s+(\w*Audit\w*)\b|^model\s+(\w*Audit\w*)\s*\{|\bcreate_table\s*\(?\s*[:"'](\w*audit\w*)|\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`]?(\w*audit\w*)|^\s*schema\s+"(\w*audit\w*)"|^\s*type\s+(\w*Audit\w*)\s+struct\b|@Table\s*\(\s*name\s*=\s*"(\w*audit\w*)"/im;

/**
 * Advanced Alchemy's (and Litestar's re-exported) audit bases only add `created_at`/`updated_at` columns to the models
 * deriving from them: a base or mixin of the project's own deriving from one (`class AuditBase(UUIDAuditBase)`) is a
 * model base, not an audit store. A table deriving from one (`class AuditLog(UUIDAuditBase)`) still is.
 */
const AUDIT_COLUMNS_BASE = /\b(?:UUID(?:v[67])?|BigInt|NanoID|Identity)AuditBase\b|\bAuditColumns\b/;
const AUDIT_COLUMNS_LIBRARY = /^\s*(?:from|import)\s+(?:advanced_alchemy|litestar\.(?:contrib|plugins)\.sqlalchemy)\b/m;

/**
 * Spring Data's auditing switched on (`@EnableJpaAuditing`, `@EnableR2dbcAuditing`, `@EnableMongoAuditing` on a
 * configuration class named `AuditConfig`): it fills the entities' @CreatedDate/@CreatedBy columns, it is no audit
 * store, so the class is no audit model declared and left unused.
 */
function springDataAuditingConfig(repo: RepoIndex, h: { path: string; line: number }): boolean {
  if (!/\.(?:java|kt)$/.test(h.path)) return false;
  const above = repo.lines(h.path).slice(Math.max(0, h.line - 6), h.line);
  return above.some((l) =>
    /^\s*@Enable(?:Jpa|R2dbc|Mongo|ReactiveMongo|Jdbc|Neo4j|Couchbase|Cassandra)?Auditing\b/.test(l),
  );
}

/** A Python base or mixin declared by the matched line whose bases include one of Advanced Alchemy's timestamp bases. */
function timestampColumnsBase(repo: RepoIndex, path: string, text: string): boolean {
  if (!path.endsWith('.py')) return false;
  const m = /^\s*class\s+(\w+)\s*\(([^)]*)\)/.exec(text);
  if (!m || !/(?:Base|Mixin)$/.test(m[1]!)) return false;
  return AUDIT_COLUMNS_BASE.test(m[2]!) && AUDIT_COLUMNS_LIBRARY.test(repo.lines(path).join('\n'));
}

const AUDIT_LIBRARIES: [readonly ['python' | 'ruby' | 'php' | 'jvm' | 'elixir' | 'dotnet', string], string][] = [
  [['python', 'django-auditlog'], 'django-auditlog'],
  [['python', 'django-simple-history'], 'django-simple-history'],
  [['python', 'django-easy-audit'], 'django-easy-audit'],
  [['python', 'sqlalchemy-continuum'], 'SQLAlchemy-Continuum'],
  [['python', 'django-pghistory'], 'django-pghistory'],
  [['ruby', 'paper_trail'], 'PaperTrail'],
  [['ruby', 'audited'], 'audited'],
  [['ruby', 'logidze'], 'Logidze'],
  [['php', 'owen-it/laravel-auditing'], 'laravel-auditing'],
  [['php', 'spatie/laravel-activitylog'], 'spatie/laravel-activitylog'],
  [['php', 'venturecraft/revisionable'], 'venturecraft/revisionable'],
  [['elixir', 'ex_audit'], 'ExAudit'],
  [['dotnet', 'Audit.NET'], 'Audit.NET'],
];

/**
 * AuthTrail (the `authtrail` gem) hooks Warden and writes a LoginActivity row for every sign-in attempt, successful or
 * not, once its model exists: the model is the sign that the gem's generator was run.
 */
function loginActivityModel(repo: RepoIndex, own: (path: string) => boolean): AuditSignal | undefined {
  const model = repo
    .grep(/^\s*class\s+LoginActivity\s*<\s*\w/, { languages: ['ruby'], kinds: ['source'], limit: 5 })
    .find((m) => own(m.path));
  return (
    model && { path: model.path, line: model.line, note: 'AuthTrail records every sign-in attempt (LoginActivity)' }
  );
}

/**
 * Credentials that admit other services rather than people: service tokens/accounts, internal tokens, client
 * certificates, and an API key where no account of the service's own holds it (one key compared to a setting).
 */
const MACHINE_CREDENTIAL =
  /service[_-]?(?:token|account|key)|internal[_-]?token|\bm?tls\b|client[_-]?cert|\bapi[_-]?key|\bx[_-]api[_-]key|apikey/i;

export function detectAuditTrail(
  repo: RepoIndex,
  facts: {
    code: CodeFacts;
    liveness: LivenessFacts;
    deps: DepsFacts;
    service: ServiceFacts;
    grpc?: GrpcFacts;
    authn?: AuthnFacts;
    sharedCredential?: SharedCredential;
  },
): AuditTrailFacts {
  const { code } = facts;
  const live = facts.liveness.liveSources();
  const first = <P extends Pattern>(patterns: readonly P[], opts?: { strings?: boolean }) => {
    const out: { pattern: P; match: GrepMatch }[] = [];
    const seen = new Set<string>();
    for (const hit of code.scan(patterns, live, opts)) {
      if (seen.has(hit.pattern.note) || !code.isCodeUse(hit.match)) continue;
      seen.add(hit.pattern.note);
      out.push(hit);
    }
    return out;
  };

  // A model or table counts where the service defines it: in its own folder, or in code it runs. A schema in a shared
  // workspace package (../packages/db) belongs to whichever component writes it.
  const ownDefinition = (p: string): boolean =>
    !repo.get(p)?.isTest &&
    facts.liveness.isProductionPath(p) &&
    (!p.startsWith('../') || (repo.get(p)?.kind === 'source' && facts.liveness.isLive(p)));

  // Who the service acts for.
  const subjects: AuditSignal[] = [];
  let localAccounts = false;
  for (const { pattern, match } of first(SUBJECTS)) {
    subjects.push({ path: match.path, line: match.line, note: pattern.note });
    if (pattern.local) localAccounts = true;
  }
  const userModel = code
    .grep(USER_MODEL, { include: ['**/*.{py,rb,ts,js,mjs,php,java,kt,ex,prisma,sql,cs}'], limit: 20, strings: false })
    .find((h) => ownDefinition(h.path));
  if (userModel) {
    subjects.push({ path: userModel.path, line: userModel.line, note: 'a user or account model' });
    localAccounts = true;
  }
  // The sign-in route itself before a password page (`/users/settings/edit/password` changes one, it signs no one in).
  // Routes of examples and demos are not the service's.
  const served = facts.service.routes.filter((r) => r.reached && facts.liveness.isProductionPath(r.file));
  const reachedLogin = served.filter((r) => LOGIN_ROUTE.test(r.fullPath) && !SESSIONS_OF_A_RECORD.test(r.fullPath));
  const login =
    reachedLogin.find((r) => /(^|\/)(?:log-?in|sign-?in|sign_in|sessions?)(?:\/|$|\.)/i.test(r.fullPath)) ??
    reachedLogin[0];
  if (login)
    subjects.push({ path: login.file, line: login.line, note: `login route ${login.method} ${login.fullPath}` });
  // An admin port's probes and metrics (`/admin/health`, `/admin/metrics`) are no admin action.
  const admin = served.find((r) => /(^|\/)admin(\/|$)/i.test(r.fullPath) && !isOperationalRoute(r));
  if (admin) {
    subjects.push({ path: admin.file, line: admin.line, note: `admin route ${admin.method} ${admin.fullPath}` });
    localAccounts = true;
  }

  // Symfony firewalls that authenticate callers (config/packages/security.yaml): access tokens, logins, API keys.
  if (!subjects.length) {
    const firewall = repo
      .grep(SYMFONY_AUTHENTICATOR, { include: symfonyConfigGlobs('security'), limit: 5 })
      .find((h) => !isCommentLine(h.text));
    if (firewall) {
      subjects.push({ path: firewall.path, line: firewall.line, note: SYMFONY_AUTHENTICATOR_NOTE(firewall.text) });
      if (/login|remember_me/.test(firewall.text)) localAccounts = true;
    }
  }

  // Authenticated callers act as someone, unless their credential admits other services, not users (a shared service
  // token, a client certificate, an API key, one secret every caller holds): no logins or admin actions to record.
  let machineCallers: AuditSignal | undefined;
  let sharedBy: AuditSignal | undefined;
  const authenticatedCallers = (site: AuditSignal): void => {
    if (facts.sharedCredential) sharedBy ??= site;
    else if (MACHINE_CREDENTIAL.test(repo.lineText(site.path, site.line) ?? '')) machineCallers ??= site;
    else subjects.push({ ...site, note: `authenticated callers (${site.note})` });
  };
  // A gRPC server whose interceptor chain authenticates every call (tokens, OIDC sessions, JWTs).
  const grpcAuth = !subjects.length ? facts.grpc?.authentication : undefined;
  if (grpcAuth) authenticatedCallers({ path: grpcAuth.path, line: grpcAuth.line, note: 'gRPC interceptor' });
  const aspnet = subjects.length ? undefined : first([ASPNET_AUTHENTICATION])[0]?.match;
  if (aspnet && facts.sharedCredential)
    sharedBy ??= { path: aspnet.path, line: aspnet.line, note: ASPNET_AUTHENTICATION.note };
  else if (aspnet) subjects.push({ path: aspnet.path, line: aspnet.line, note: ASPNET_AUTHENTICATION.note });
  // Callers the requests are authenticated for (a `before_action` checking their token, a security filter chain).
  // Authentication of low confidence (GitHub's webhook signature, a function key, one a setting turns on) admits no
  // one to record.
  const authenticated = subjects.length
    ? undefined
    : (facts.authn?.applied.find((a) => !a.confidence)?.site ??
      (facts.authn?.code && !facts.authn.code.confidence ? facts.authn.code.evidence[0] : undefined));
  if (authenticated) authenticatedCallers(authenticated);
  // A password checked against an account of the service's own signs people in, however weakly the request code ties
  // the check to a route (plain PHP without a router, where authentication is of low confidence).
  const password = subjects.length
    ? undefined
    : facts.authn?.code?.evidence.find((e) => /^password verification\b/.test(e.note ?? ''));
  if (password) {
    subjects.push({ path: password.path, line: password.line, note: 'local accounts (a password checked)' });
    localAccounts = true;
  }

  const recorders: AuditSignal[] = first(RECORDERS).map(({ pattern, match }) => ({
    path: match.path,
    line: match.line,
    note: pattern.note,
  }));
  const authTrail = facts.deps.declared(['ruby', 'authtrail']) ? loginActivityModel(repo, ownDefinition) : undefined;
  if (authTrail) recorders.push(authTrail);

  const writes: AuditWrite[] = [];
  const seenWrite = new Set<string>();
  const addWrite = (m: GrepMatch, note: string): void => {
    const key = `${m.path}:${m.line}`;
    if (seenWrite.has(key)) return;
    seenWrite.add(key);
    const lines = repo.lines(m.path);
    const around = lines.slice(m.line - 1, m.line + 4).join('\n');
    const fn = code.enclosing(m.path, m.line);
    // A Rust function that builds the record may name the actions it records above the write (an event logger
    // matching `DefguardEvent::UserLogin` and `UserLoginFailed` to the rows it saves).
    const built =
      fn && fn.line < m.line && m.path.endsWith('.rs')
        ? lines.slice(Math.max(fn.line - 1, m.line - 150), m.line).join('\n')
        : '';
    const securityPath =
      SECURITY_PATH.test(m.path) || SECURITY_PATH.test(fn?.name ?? '') || actionNamed(around) || actionNamed(built);
    writes.push({ path: m.path, line: m.line, note, securityPath });
  };
  const helperLogs: AuditSignal[] = [];
  let livePaths: string[] | undefined;
  // A helper is called from many sites of a file: its definition is looked up (in every live file, for a writer that
  // may only print) once per calling file, name and question.
  const loggerOnly = new Map<string, boolean>();
  const onlyLogs = (p: string, name: string, printsOnly?: { others: readonly string[] }): boolean => {
    const key = `${printsOnly ? 'p' : 'l'}\0${p}\0${name}`;
    let v = loggerOnly.get(key);
    if (v === undefined) {
      v = writesOnlyToLogger(repo, p, name, printsOnly);
      loggerOnly.set(key, v);
    }
    return v;
  };
  for (const { pattern, match } of code.scan(WRITES, live, { strings: false })) {
    if (writes.length >= 200) break;
    if (isDefinition(match.text) || !code.isCodeUse(match)) continue;
    const helper =
      pattern.note === AUTH_EVENTS_LOGGED || pattern.re === AUDIT_NOUN_CALL
        ? /(\w+)\s*\($/.exec(pattern.re.exec(match.text)?.[0] ?? '')
        : null;
    const printsOnly = pattern.re === AUDIT_NOUN_CALL ? { others: (livePaths ??= live.map((f) => f.path)) } : undefined;
    if (helper && onlyLogs(match.path, helper[1]!, printsOnly)) {
      // A login audit helper that only logs is still a logged security event; an audit writer that only prints, or a
      // debug logger, writes no trail.
      if (pattern.note === AUTH_EVENTS_LOGGED)
        helperLogs.push({ path: match.path, line: match.line, note: 'security event logged' });
      continue;
    }
    addWrite(match, pattern.note);
  }
  // Event records that name their actor: `Event.create({ name: 'users.signin', actorId, ip })`.
  for (const m of code.grep(ACTOR_KEY, { paths: live.map((f) => f.path), strings: false, limit: 200 })) {
    if (writes.length >= 200) break;
    const lines = repo.lines(m.path);
    const from = Math.max(0, m.line - 15);
    const callLine = lines
      .slice(from, m.line)
      .map((l, i) => ({ l, n: from + i + 1 }))
      .reverse()
      // The nearest call, unless a definition comes first: `actor: &User` is then a parameter of that function. A value
      // built on its own (`payload := map[string]string{`) owns the key: a call above it is an earlier statement.
      .find(({ l }) => RECORD_CALL.test(l) || isDefinition(l) || LITERAL_ASSIGN.test(l) || QUERY_FILTER.test(l));
    if (!callLine || isDefinition(callLine.l) || !code.isCode(m.path, callLine.n)) continue;
    if (QUERY_FILTER.test(callLine.l) && !RECORD_CALL.test(callLine.l)) continue;
    if (!RECORD_CALL.test(callLine.l) && !RECORD_LITERAL.test(callLine.l)) continue;
    addWrite({ ...m, line: callLine.n, text: callLine.l }, 'event recorded with its actor');
  }
  // A change-history model of the application's own, created with who made the change (`History(msg='Delete zone x',
  // detail=…, created_by=current_user.username)`): the audit trail under the name History or Changelog.
  for (const m of code.grep(HISTORY_RECORD, {
    paths: live.filter((f) => f.path.endsWith('.py')).map((f) => f.path),
    strings: false,
    limit: 200,
  })) {
    if (writes.length >= 200) break;
    if (isDefinition(m.text) || !code.isCodeUse(m)) continue;
    const call = repo
      .lines(m.path)
      .slice(m.line - 1, m.line + 7)
      .join('\n');
    const args = bracketBody(call, call.indexOf('(', call.search(HISTORY_RECORD)));
    if (args === undefined || !HISTORY_ACTOR.test(args)) continue;
    addWrite(m, 'change history recorded with its author');
  }
  // A listener of the framework's sign-in events that stores a row per attempt (a Laravel listener of
  // `Illuminate\Auth\Events\Failed` calling `$user->authentications()->create(['ip_address' => …])`, a Symfony
  // subscriber of LoginFailureEvent persisting an entity): the application's own login audit trail.
  const livePhp = live.filter((f) => f.path.endsWith('.php')).map((f) => f.path);
  const authListeners = code.grep(AUTH_EVENT_IMPORT, { paths: livePhp, limit: 20 });
  const storedRow = (path: string, from = 0, to = Number.POSITIVE_INFINITY) =>
    code
      .grep(STORED_ROW, { paths: [path], strings: false, limit: 20 })
      .find((h) => h.line > from && h.line <= to && !isDefinition(h.text) && code.isCodeUse(h));
  for (const path of new Set(authListeners.map((h) => h.path))) {
    if (writes.length >= 200) break;
    // A listener (`public function handle(Failed $event)`, a subscriber), not a controller dispatching the event.
    if (!AUTH_LISTENER.test(repo.lines(path).join('\n'))) continue;
    const store = storedRow(path);
    if (store) addWrite(store, AUTH_LISTENER_STORES);
  }
  // The application's own sign-in event hooks, without the framework's event classes (`public static function
  // onAfterAdminLogin(\Box_Event $event)` persisting a login-history entity): the same trail.
  for (const hook of code.grep(OWN_LOGIN_HOOK, { paths: livePhp, limit: 20 })) {
    const lines = repo.lines(hook.path);
    const next = lines.findIndex((l, i) => i >= hook.line && /\bfunction\s+\w+\s*\(/.test(l));
    const store = storedRow(hook.path, hook.line, next < 0 ? undefined : next);
    if (store) addWrite(store, AUTH_LISTENER_STORES);
  }
  writes.sort((a, b) => Number(b.securityPath) - Number(a.securityPath));
  recorders.push(
    ...changeInterceptorRecorders(repo, writes, recorders),
    ...doctrineChangeRecorders(repo, livePhp, recorders),
    ...auditTriggers(repo),
  );

  const securityLogs = [
    ...code
      .grep(SECURITY_LOG, { paths: live.map((f) => f.path), limit: 5 })
      .filter((h) => code.isCode(h.path, h.line))
      .map((h) => ({ path: h.path, line: h.line, note: 'security event logged' })),
    ...helperLogs,
  ];

  // Declared, not used: audit models nothing writes, audit libraries nothing applies.
  const unused: AuditSignal[] = [];
  if (!writes.length && !recorders.length) {
    const model = code
      .grep(AUDIT_MODEL, {
        include: ['**/*.{py,rb,ts,js,mjs,php,java,kt,ex,exs,prisma,sql,go,cs}'],
        limit: 10,
        strings: false,
      })
      .find(
        (h) =>
          ownDefinition(h.path) && !timestampColumnsBase(repo, h.path, h.text) && !springDataAuditingConfig(repo, h),
      );
    if (model) {
      const name = model.groups.slice(1).find(Boolean) ?? 'audit';
      unused.push({ path: model.path, line: model.line, note: `${name} is defined` });
    }
    for (const [dep, label] of AUDIT_LIBRARIES) {
      const d = facts.deps.declared(dep);
      if (d) unused.push({ path: d.manifest, line: d.line ?? 1, note: `${label} is declared` });
    }
  }

  // One secret every caller holds names no one, unless the service records who acts anyway (a trail on those paths).
  if (sharedBy) {
    if (recorders.length || writes.some((w) => w.securityPath))
      subjects.push({ ...sharedBy, note: `authenticated callers (${sharedBy.note})` });
    else machineCallers ??= facts.sharedCredential;
  }

  const versionAdmin = code.grepFirst(REVERSION_ADMIN_ONLY, { paths: live.map((f) => f.path) });
  const adminSite = code.grepFirst(/\badmin\.site\.urls\b/, { paths: live.map((f) => f.path) });
  return {
    subjects,
    localAccounts,
    recorders,
    writes,
    securityLogs,
    unused,
    ...(machineCallers && !subjects.length ? { machineCallers } : {}),
    ...(versionAdmin
      ? {
          adminHistory: {
            path: versionAdmin.path,
            line: versionAdmin.line,
            note: "django-reversion's VersionAdmin keeps versions of changes made in the admin",
          },
        }
      : adminSite
        ? {
            adminHistory: {
              path: adminSite.path,
              line: adminSite.line,
              note: 'the Django admin keeps a LogEntry history',
            },
          }
        : {}),
  };
}

/** A definition, an import or a declaration rather than a call. */
function isDefinition(line: string): boolean {
  return /^\s*(?:def|class|function|func|fn|defp?|import|from|export\s+(?:async\s+)?function|(?:public|private|protected|internal|static|async|override|suspend)\s|pub(?:\([\w:\s]*\))?\s+(?:(?:async|const|unsafe)\s+)*fn\s)/.test(
    line,
  );
}

/** The action recorded names a security-relevant event (`action: 'user.login'`, `name: "users.delete"`). */
function actionNamed(text: string): boolean {
  return (
    /["'`:][\w.:-]*(?:log_?in|log_?out|sign_?in|sign_?out|password|permission|role|admin|delete|destroy|remove|export|invite|ban|suspend|api_?key|token|2fa|mfa)[\w.:-]*["'`]?/i.test(
      text,
    ) ||
    AUDIT_OPERATION.exec(text)?.[1] === 'DELETE' ||
    // A member of the event's type enum (`InstanceEventType.Deleted`, `AuditAction.UserLogin`).
    /\b\w*(?:Type|Action|Kind)\.\w*(?:Deleted|Removed|Purged|Log[Ii]n|Log[Oo]ut|Sign[Ii]n|Sign[Oo]ut)\b/.test(text)
  );
}

/** A helper's body hands its arguments to the application logger (a login audit helper that only logs). */
const LOGS = /\b(?:logger|log|console)\.(?:warn|info|error|log|debug)\s*\(/;
/** A writer's body only prints its arguments, to stdout or the console. */
const PRINTS = /^\s*print\s*\(|\bconsole\.(?:log|debug)\s*\(/m;
const STORES = /\.(?:create|insert|save|add|put|write|execute|query)\w*\s*\(|\binsert\s+into\b/i;

/**
 * A call of a helper whose body hands the event to the application logger and stores nothing (`function
 * logSecurityEvent(…) { logger.warn(…) }`, defined in the calling file): the event goes to the log, not to an audit
 * trail. With `printsOnly` (the application's audit writer called by name): a writer whose body only prints (Python's
 * `def audit_log(action, subject):\n    print(action, subject)`), or a debug logger named for the audit (`const
 * auditLog = require('debug')('shop:audit')`), looked up in the calling file, then in the other live files; a writer
 * handing a structured line to the application logger stays a write.
 */
function writesOnlyToLogger(
  repo: RepoIndex,
  path: string,
  name: string,
  printsOnly?: { others: readonly string[] },
): boolean {
  const n = escapeRegExp(name);
  const js = new RegExp(`\\bfunction\\s+${n}\\s*\\(`);
  const py = new RegExp(`^([ \\t]*)(?:async\\s+)?def\\s+${n}\\s*\\(`, 'm');
  const debugLogger = new RegExp(
    `(?<![\\w.$])${n}\\s*=\\s*(?:require\\s*\\(\\s*["']debug["']\\s*\\)|debug|createDebug)\\s*\\(`,
  );
  const output = printsOnly ? PRINTS : LOGS;
  const others = printsOnly?.others.filter((p) => p !== path && p.endsWith('.py') === path.endsWith('.py')) ?? [];
  for (const file of [path, ...others]) {
    const text = repo.read(file) ?? '';
    if (!text.includes(name)) continue;
    if (printsOnly && debugLogger.test(text)) return true;
    const def = js.exec(text);
    if (def) {
      const params = bracketBody(text, text.indexOf('(', def.index));
      const open = params === undefined ? -1 : text.indexOf('{', def.index + def[0].length + params.length);
      const body = open < 0 ? undefined : bracketBody(text, open);
      return !!body && output.test(body) && !STORES.test(body);
    }
    const pdef = printsOnly ? py.exec(text) : null;
    if (pdef) {
      // The body: the lines after the def indented deeper than it.
      const indent = pdef[1]!.length;
      const body: string[] = [];
      for (const l of text.slice(pdef.index).split('\n').slice(1)) {
        if (l.trim() && l.length - l.trimStart().length <= indent) break;
        body.push(l);
      }
      const b = body.join('\n');
      return PRINTS.test(b) && !STORES.test(b) && !LOGS.test(b);
    }
  }
  return false;
}
