// Authorization decisions in the code a service runs, and whether requests reach them: policy annotations and
// libraries applied, route middleware that authorizes, queries scoped to the caller, and role, ownership and
// permission checks that reject, judged by where they sit (a route handler, a function a route or middleware applies,
// a helper nothing applies).
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { GDS_SSO_AUTHORISE } from './authn.js';
import { bodyFrom, formRequestAuthorizations } from './handlers.js';
import type { Facts } from './index.js';
import {
  appliedAt,
  appliedThroughVariable,
  calledAt,
  referencedAt,
  enclosing,
  findHits,
  inlineRoute,
  isRouteHandler,
  passedAsArgumentAt,
  type SourceHit,
  type SourcePattern,
  routerlessApp,
} from './wiring.js';

/** A line that shows the decision, with what it shows. */
export interface AuthorizationSite {
  path: string;
  line: number;
  note: string;
}

export interface AuthorizationFacts {
  /**
   * The first authorization decision found that requests reach, in order of strength: authorizing route middleware,
   * policy annotations/libraries/decorators, queries scoped to the caller, then checks that reject (in a route
   * handler, or in a function a route, middleware or handler applies). Low confidence for a check at module level.
   */
  applied?: { how: string; sites: AuthorizationSite[]; confidence?: 'low' };
  /** Role/permission checks in functions that no route, middleware or handler applies (when none is applied). */
  notWired: { site: AuthorizationSite; name: string }[];
}

const STRAWBERRY_PERMISSIONS = 'Strawberry GraphQL permission classes';
/** Authorization decided where it is written: annotations, policy calls, permission classes, role comparisons that reject. */
const APPLIED: SourcePattern[] = [
  // Python
  { re: /\bSecurity\([^)]*\bscopes\s*=\s*\[/, label: 'FastAPI Security scopes', langs: ['python'] },
  {
    // Strawberry GraphQL: `@strawberry.mutation(permission_classes=[IsNotViewer])` (BasePermission subclasses).
    re: /\bpermission_classes\s*=\s*[[(][^\])]*\b(?!IsAuthenticated\b)(?:Is\w+|\w*Permission\w*)\b/,
    label: STRAWBERRY_PERMISSIONS,
    langs: ['python'],
    fileRequires: /^\s*(?:import\s+strawberry\b|from\s+strawberry\b)/m,
  },
  {
    re: /\bpermission_classes\s*=\s*[[(][^\])]*\b(?!IsAuthenticated\b|AllowAny\b|IsAuthenticatedOrReadOnly\b)(?:Is\w+|\w*Permission\w*|DjangoModelPermissions\w*|DjangoObjectPermissions)\b/,
    label: 'DRF permission classes beyond IsAuthenticated',
    langs: ['python'],
  },
  {
    re: /["']DEFAULT_PERMISSION_CLASSES["']\s*:\s*[[(][^\])]*(?:DjangoModelPermissions|DjangoObjectPermissions|IsAdminUser|\.\w+Permission)/,
    label: 'DRF default model/object permissions',
    langs: ['python'],
  },
  {
    re: /@permission_required\(|\bPermissionRequiredMixin\b|\bUserPassesTestMixin\b|@user_passes_test\(|@staff_member_required|\.has_perm\(|\bget_objects_for_user\(|@roles_required\(|@roles_accepted\(|@permission_classes\(/,
    label: 'Django/Flask permission check',
    langs: ['python'],
  },
  {
    re: /\bSecurityScopes\b|\bcasbin\.Enforcer\(|\.enforce\(|\boso\.\w+\(|\brules\.add_perm\(|\bhas_perm\(/,
    label: 'policy engine',
    langs: ['python'],
  },
  {
    // Starlette scopes granted by the AuthenticationMiddleware backend (`AuthCredentials(["authenticated", "admin"])`)
    // and required beyond sign-in: `@requires(["authenticated", "admin"])`, `has_required_scope(request, ["premium"])`.
    re: /(?:^\s*@(?:\w+\.)?requires|\bhas_required_scope)\(\s*(?:\w+\s*,\s*)?(?:\[\s*(?:["'][\w:.-]+["']\s*,\s*)*)?["'](?!authenticated["'])[\w:.-]+["']/,
    label: 'Starlette scope required (requires / has_required_scope)',
    langs: ['python'],
    fileRequires: /\bstarlette\.authentication\b/,
  },
  {
    // Flask-Principal: a Permission required around the work (`with permission.require():`, as a decorator
    // `@admin_permission.require(http_exception=403)`) or tested (`source.permissions["edit"].test()`): refused with
    // PermissionDenied (or the given status) unless the caller's identity holds the permission's needs.
    re: /^[ \t]*(?:with[ \t]+|@)(?:\w+\.)*\w*[Pp]ermission\w*(?:\([^()\n]*\))?\.require\(|\b\w*[Pp]ermissions?(?:\[[^\]\n]*\]|\([^()\n]*\))?\.test\(\s*(?:http_exception\s*=\s*\d+\s*)?\)/,
    label: 'Flask-Principal permission required',
    langs: ['python'],
  },
  {
    // The same under any name in a module importing Flask-Principal (`with staff_only.require(http_exception=403):`).
    re: /^[ \t]*(?:with[ \t]+|@)(?:\w+\.)*\w+(?:\([^()\n]*\))?\.require\(/,
    label: 'Flask-Principal permission required',
    langs: ['python'],
    fileRequires: /^[ \t]*(?:from[ \t]+flask_principal[ \t]+import|import[ \t]+flask_principal)\b/m,
  },
  {
    // flask-allows: `allows.requires(IsAdmin, …)` as a view decorator or in a class-based view's decorators list.
    re: /(?:^[ \t]*@|[[(,][ \t]*|^[ \t]*)(?:\w+\.)?allows\.requires\s*\(/,
    label: 'flask-allows requirement',
    langs: ['python'],
  },
  {
    re: /\b(?:Depends|Security)\(\s*\w*Permission\w*\(/,
    label: 'FastAPI permission dependency',
    langs: ['python'],
  },
  {
    // Pyramid: an authorization policy deciding permissions, ACLs on resources, views that require a permission.
    re: /\.set_authorization_policy\s*\(|\.set_default_permission\s*\(\s*["']|@implementer\(\s*IAuthorizationPolicy\s*\)|^\s*__acl__\s*=|@view_config\([^)\n]*\bpermission\s*=\s*["'](?!__no_permission_required__)/m,
    label: 'Pyramid authorization policy',
    langs: ['python'],
  },
  {
    // A Pyramid view's permission on a line of its own inside a decorator or add_view call written over several lines,
    // often named by a constant (`@view_config(\n    route_name="note",\n    permission=Permission.Note.EDIT,\n)`).
    re: /^\s*permission\s*=\s*(?!NO_PERMISSION_REQUIRED\b|None\b|["']__no_permission_required__)(?:["'][\w:.-]+["']|[A-Za-z_][\w.]*)\s*,?\s*(?:#.*)?$/,
    label: 'Pyramid view permissions',
    langs: ['python'],
    fileRequires:
      /^\s*(?:from\s+pyramid\b[\w.]*\s+import\b[^\n]*\b(?:view_config|view_defaults)\b|import\s+pyramid\b)/m,
  },
  {
    // @admins_only, @admin_required, @require_admin, @superuser_required, @require_permission("x"), @roles_required,
    // @check_tool_perms(tools=[…]): a decorator named for a role or permission, applied to a function (not
    // @admin.register, Django's admin site).
    re: /^\s*@(?:\w+\.)*(?:\w*admins?_(?:only|required)|requires?_\w*(?:admin|superuser|staff|moderator|role|permission|scope)s?|\w*(?:superuser|staff|moderator|owner)s?_(?:only|required)|\w*permissions?_required|roles?_(?:required|accepted)|(?:check|verify|ensure)_\w*(?:perms?|permissions?|roles?))\s*(?:\(|$)/,
    label: 'role/permission decorator',
    langs: ['python'],
  },
  // Node
  {
    // A Payload CMS collection's access functions named by the project (`access: { create: isAdmin, update:
    // isAdminOrSelf }`): Payload asks them on every operation and refuses with 403. An inline `() => true` opens the
    // operation to all and is not counted.
    re: /^\s*(?:create|read|update|delete)\s*:\s*[A-Za-z_$][\w$]*\s*,?\s*$/,
    label: 'Payload collection access functions',
    langs: ['typescript', 'javascript'],
    fileRequires: /\b(?:CollectionConfig|GlobalConfig)\b/,
  },
  {
    // Also a project's own permission guard applied to controllers (`@UseGuards(SessionGuard, PermissionsGuard)`) and
    // the decorators that set what it requires (`@RequirePermission(PermissionLevel.WRITE)`).
    re: /@Roles\(|\bRolesGuard\b|@Permissions\(|\bPoliciesGuard\b|@CheckPolicies\(|@UseGuards\([^)\n]*\b\w*(?:Permission|Role|Polic|Abilit|Acl|Owner|Admin)\w*Guard\b|@Require(?:Permission|Role|Scope)s?\(/,
    label: 'NestJS roles/policies',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /\b(?:defineAbility|defineAbilityFor|createMongoAbility|AbilityBuilder)\b|\bability\.(?:can|cannot)\(|\bForbiddenError\.from\(/,
    label: 'CASL abilities',
    langs: ['javascript', 'typescript'],
  },
  {
    re: /\bnew\s+AccessControl\(|\bac\.can\(|\bnewEnforcer\(|\benforcer\.enforce\(/,
    label: 'accesscontrol/casbin',
    langs: ['javascript', 'typescript'],
  },
  // Go
  {
    // A permission package's check of the request context against a role or permission (`permission.LimitCheckAny(ctx,
    // permission.Admin)`, `authz.Require(ctx, authz.RoleOwner)`): the caller returns its error, which the API answers as
    // forbidden.
    re: /\b(?:permissions?|perms?|authz|auth|access|policy|rbac|acl)\.\w*(?:Check|Require|Enforce|Authori[sz]e|Allow|Limit)\w*\(\s*ctx\s*,\s*(?:\w+\.)?\w*(?:Admin|Role|Owner|Permission|Scope|Perm)\w*\b/,
    label: 'permission check of the caller (Go permission package)',
    langs: ['go'],
  },
  {
    // AdonisJS bouncer: abilities and policies checked in handlers (`bouncer.authorize('editPost', post)`,
    // `bouncer.with(PostPolicy).denies('update', post)`; v5 `bouncer.with('PostPolicy').authorize(…)`).
    re: /\bbouncer\.(?:with\s*\([^)\n]*\)\s*\.)?(?:authorize|allows|denies|execute)\s*\(/,
    label: 'AdonisJS bouncer',
    langs: ['javascript', 'typescript'],
  },
  // Go
  { re: /\bcasbin\.NewEnforcer\(|\.Enforce\(|\bauthz\.NewAuthorizer\(/, label: 'casbin enforcer', langs: ['go'] },
  {
    // A middleware named for a role applied to a route group: `r.Use(authMiddleware.Auth, authMiddleware.AdminOnly)`,
    // `r.With(RequireRole("editor"))`.
    re: /\.(?:Use|With)\([^\n]*\b(?:\w+\.)?(?:AdminOnly|OnlyAdmins?|Admins?Required|RequireAdmin\w*|RequireRoles?|RequirePermissions?|RequireScopes?|RequireOwner\w*)\b/,
    label: 'role middleware applied to routes',
    langs: ['go'],
  },
  {
    // Sails.js maps policies to actions in config/policies.js (`'users/create': ['is-authenticated', 'is-admin']`):
    // a role or ownership policy runs before the action it names.
    re: /^\s*['"][\w*/-]+['"]\s*:\s*\[?[^\n]*['"][\w-]*(?:admin|owner|role|permission|manager|can-[\w-]+|is-member)[\w-]*['"]/i,
    label: 'Sails role/ownership policy mapped to actions (config/policies.js)',
    langs: ['javascript', 'typescript'],
    fileRequires: /\bmodule\.exports\.policies\b/,
  },
  // JSR-250 / Jakarta roles on resources and beans (Quarkus, Micronaut, Jakarta EE, Spring with jsr250Enabled).
  { re: /@RolesAllowed\s*\(/, label: '@RolesAllowed roles (Jakarta/JSR-250)', langs: ['java', 'kotlin'] },
  // Spring, and Micronaut Security's @Secured. A @Secured naming only a rule of who may call at all
  // (`@Secured(SecurityRule.IS_ANONYMOUS)`, `SecurityRule.IS_AUTHENTICATED`, `"isAuthenticated()"`,
  // `"IS_AUTHENTICATED_ANONYMOUSLY"`) opens the endpoint or asks for a sign-in: no role, scope or permission.
  {
    re: /@PreAuthorize\(|@PostAuthorize\(|@Secured\((?!\s*(?:value\s*=\s*)?[[{]?\s*(?:SecurityRule\.(?:IS_ANONYMOUS|IS_AUTHENTICATED)|"(?:IS_AUTHENTICATED_\w+|isAnonymous\(\)|isAuthenticated\(\)|permitAll)")\s*[\]})])|\.hasRole\(|\.hasAnyRole\(|\.hasAuthority\(|\.hasAnyAuthority\(|@EnableMethodSecurity|@EnableGlobalMethodSecurity/,
    label: 'Spring Security roles/authorities',
    langs: ['java', 'kotlin'],
  },
  // Permission annotations on JAX-RS resources and handlers: Apache Shiro (@RequiresPermissions, @RequiresRoles), a
  // framework's or the project's own (@PermissionRequired, @RequirePermission), enforced by a request filter.
  {
    re: /@(?:RequiresPermissions|RequiresRoles|PermissionsRequired|PermissionRequired|RequirePermissions?|RequireRoles?)\s*\(/,
    label: 'permission annotations on resources (Shiro / JAX-RS filter)',
    langs: ['java', 'kotlin'],
  },
  // Privileges named on service methods and enforced by an interceptor of the project's own (`@Authorized({
  // PrivilegeConstants.GET_PATIENTS })`, `@Authorized("Manage Users")`): a bare `@Authorized` only asks for a sign-in.
  {
    re: /@Authorized\s*\(\s*(?:value\s*=\s*)?\{?\s*(?:"[^"\n]+"|[A-Z]\w*\.[A-Z_]\w*)/,
    label: 'privileges required by @Authorized annotations',
    langs: ['java', 'kotlin'],
  },
  // A permission decision of the application's own turned into Spring Security's 403 (`allowed ? Mono.empty() :
  // Mono.error(new AccessDeniedException(…))`, `throw new AccessDeniedException(…)` after a rights check).
  {
    re: /\b(?:throw\s+(?:new\s+)?|(?:Mono|Flux)\.error\s*\(\s*(?:new\s+)?)(?:[\w.]+\.)?AccessDeniedException\s*\(/,
    label: 'AccessDeniedException raised when a permission check fails (Spring Security answers 403)',
    langs: ['java', 'kotlin'],
  },
  // A service-layer permission check of the application's own that refuses with Java's SecurityException, mapped to an
  // error response (`permissions.checkEdit(userId, device)` → `throw new SecurityException("Write access denied")`).
  // Its message names an access decision; a disabled or expired account is a sign-in matter, not authorization.
  {
    re: /\bthrow\s+(?:new\s+)?(?:java\.lang\.)?SecurityException\s*\(\s*"[^"\n]*\b(?:access|denied|required|restricted|permission|not\s+allowed|forbidden|unauthori[sz]ed|privileges?)\b/i,
    label: 'permission check refusing with SecurityException (service layer)',
    langs: ['java', 'kotlin'],
  },
  // Rails
  {
    re: /^\s*authorize\s+[@:\w]|\bauthorize!\s*[(:@\w]|\bpolicy_scope\(|\bload_and_authorize_resource\b|\bauthorize_resource\b|\bverify_authorized\b|\bcan\?\s*\(?:/,
    label: 'Pundit/CanCanCan authorization',
    langs: ['ruby'],
  },
  {
    re: /\.RequireAuthorization\s*\(\s*"|\[\s*Authorize\s*\(\s*(?:Roles|Policy)\s*=|\.RequireRole\s*\(|\.RequireClaim\s*\(|\.RequireAssertion\s*\(|\bUser\.IsInRole\s*\(|\.IsInRole\s*\((?!\s*WindowsBuiltInRole\b)|\.AuthorizeAsync\s*\(|:\s*AuthorizationHandler\s*</,
    label: 'ASP.NET Core policies/roles',
    langs: ['csharp'],
  },
  // F#: Giraffe's handlers that demand a role, policy or user predicate, Saturn's pipeline keywords and Falco's role
  // and scope checks, and the signed-in caller's roles or claims asked in a handler (`ctx.User.IsInRole "admin"`,
  // `context.User.HasClaim(permissionType, adminClaim)`) — F# has no attributes on routes to carry them.
  {
    re: /(?<![\w'])(?:requiresRole(?:Of)?|requiresAuthPolicy|authorizeUser|authorizeByPolicy(?:Name|Object)?|requires_role(?:_of)?|requires_claim|requires_policy|ifAuthenticatedInRole|ifAuthenticatedWithScope)(?![\w'])|\bUser\s*\.\s*(?:IsInRole|HasClaim)\b|\.RequireRole\s*\(|\.RequireClaim\s*\(|\.RequireAssertion\s*\(/,
    label:
      'F# web framework role/claim checks (Giraffe requiresRole / Saturn requires_role / User.IsInRole / User.HasClaim)',
    langs: ['fsharp'],
  },
  {
    re: GDS_SSO_AUTHORISE,
    label: 'gds-sso permission check (authorise_user!)',
    langs: ['ruby'],
  },
  {
    // before_action :require_admin, :authorize_admin, :require_logged_in_moderator, :require_super_admin!
    re: /^\s*(?:before_action|before_filter|prepend_before_action)\s+:(?:\w*_)?(?:admin|super_admin|superuser|staff|moderator|owner|role|permission|authori[sz]e_\w+)\w*[!?]?\b/,
    label: 'before_action admin/role filter',
    langs: ['ruby'],
  },
  // Laravel policies and gates; Symfony voters and IsGranted
  {
    re: /\$this\s*->\s*authorize(?:Resource)?\s*\(|\bGate::(?:authorize|allows|denies|check|inspect|any|none)\s*\(|->\s*can(?:not)?\s*\(\s*['"]\w|\bGate::define\s*\(|\bGate::policy\s*\(|->\s*middleware\s*\(\s*\[?[^)\n]*['"]can:|\bauthorize\s*\(\s*['"]\w+['"]\s*,/,
    label: 'Laravel policy/gate check',
    langs: ['php'],
  },
  {
    re: /#\[\s*IsGranted\s*\(|->\s*denyAccessUnlessGranted\s*\(|->\s*isGranted\s*\(|\bextends\s+Voter\b/,
    label: 'Symfony voters / IsGranted',
    langs: ['php'],
  },
  {
    re: /^\s*-\s*\{\s*path:[^}]*roles:\s*\[?\s*ROLE_\w+/,
    label: 'Symfony access_control roles',
    include: ['config/packages/security.{yaml,yml}', 'app/config/security.{yml,yaml}'],
  },
  // Rust: a request guard / extractor named for a role (Rocket `impl<'r> FromRequest<'r> for AdminHeaders`, axum
  // `impl<S> FromRequestParts<S> for RequireAdmin`): a handler taking it is refused unless the caller has the role.
  {
    re: /\bimpl\s*(?:<[^>{]*>)?\s*(?:[\w:]+::)?FromRequest(?:Parts)?\s*(?:<[^<>{]*(?:<[^<>{]*>[^<>{]*)?>)?\s+for\s+\w*(?:Admin|Manager|Owner|Moderator|Staff|Superuser|Role|Permission|Scope)\w*\b/,
    label: 'Rust role-checking request guard (extractor)',
    langs: ['rust'],
  },
  // Rust: an extractor of any name whose impl refuses callers without the access level it stands for
  // (`impl FromRequestParts<AppState> for Organization { … _ => return Err(HttpError::permission_denied(…)) }`):
  // handlers taking it serve only callers holding that level.
  {
    re: /\bimpl\s*(?:<[^>{]*>)?\s*(?:[\w:]+::)?FromRequest(?:Parts)?\s*(?:<[^<>{]*(?:<[^<>{]*>[^<>{]*)?>)?\s+for\s+\w+\s*\{(?:(?!\bimpl\b)[\s\S]){0,1500}?\b(?:permission_denied|PermissionDenied|AccessDenied|access_denied|insufficient_permissions|InsufficientPermissions)\b/,
    label: 'Rust extractor refusing callers without the access level it stands for',
    langs: ['rust'],
  },
  // Rust: actix-web-grants / protect-endpoints attributes naming the grant a handler requires (`#[protect("ADMIN")]`,
  // `#[protect(any("ROLE_ADMIN", "ROLE_EDITOR"))]`, the older `#[has_permissions("…")]`): refused without it.
  {
    re: /#\[\s*(?:[\w:]+::)?(?:protect|has_permissions|has_any_permission|has_roles|has_any_role)\s*\(/,
    label: 'Rust handler requiring a grant (actix-web-grants / protect-endpoints #[protect])',
    langs: ['rust'],
  },
  // Rust: a capability (the admin handler, a write handle) handed out only when the caller holds the right —
  // `validation.is_admin().then_some(&handler)`, `can_write(&user).then(|| …)` — and refused (`None`) otherwise.
  {
    re: /\.(?:is_\w*admin\w*|can_[a-z]\w*|has_\w*(?:permission|role|right|scope)\w*)\s*\([^()]*\)\s*\.then(?:_some)?\s*\(/,
    label: 'Rust capability granted only to callers holding the right (is_admin().then_some(handler))',
    langs: ['rust'],
  },
  // Rust: a handler asking an access-control service to enforce the action or role the caller needs on the object
  // (`access_control.enforce_action(&uid, &workspace_id, Action::Write).await?`,
  // `.enforce_role_strong(&uid, &workspace_id, Role::Owner)`, the caller's computed permissions asked
  // `.throw_if_lacking_channel_permission(ChannelPermission::ManageServer)?`): an error (refusal) unless the caller holds it.
  {
    re: /\.(?:enforce|require|ensure|check|throw_if_lacking|throw_if_missing)_(?:[a-z]+_)?(?:action|actions|role|roles|permission|permissions|access|policy|scope)\w*\s*\([^;{}]*?\b\w*(?:Action|Role|Permission|Scope|Access)\w*::\w+/,
    label: 'Rust handler enforcing the action or role the caller needs (enforce_action / enforce_role)',
    langs: ['rust'],
  },
  // Rust: the caller asked whether it holds the permission or role the action needs, named as an enum variant, the
  // refusal propagated with `?` (`ctx.client().has_permission(Permission::DeleteLabel)?`,
  // `caller.has_role(Role::Owner)?`): the predicate returns a Result whose error is the refusal.
  {
    re: /\.(?:has|check|verify)_(?:[a-z]+_)?(?:permission|role|access|scope)s?\s*\(\s*&?(?:\w+::)*\w*(?:Permission|Role|Scope|Action|Access)\w*::[A-Z]\w*(?:\([^()]*\))?\s*\)\s*\?/,
    label: 'Rust handler asking the caller for the permission it needs (has_permission(Permission::X)?)',
    langs: ['rust'],
  },
  // Rust: the caller's token claims, session or user asked to prove the role the handler needs, the refusal propagated
  // with `?` (`access_claims.validate_role_admin()?`, `current_user.require_admin()?`, `session.ensure_role(&r).await?`,
  // the error first mapped with `.map_err(f)?`): the check returns a Result whose error is the refusal. The receiver
  // names the caller, so `store.ensure_role_table()?` and `user.ensure_role_exists()?` are not read.
  {
    re: /\b(?:[a-z]+_)*(?:claims|user|caller|principal|identity|session|actor|member)\.(?:validate|ensure|require|check|verify|assert)_(?:is_)?(?:admin|role|roles|permission|permissions|owner|superuser|staff)(?:_(?:admin|owner|superuser|staff|manager|moderator|editor|access))?\s*\([^()\n]*\)\s*(?:\.await\s*)?(?:\.map_err\s*\([^()\n]*\)\s*)?\?/,
    label: "Rust handler asking the caller's claims for the role it needs (claims.validate_role_admin()?)",
    langs: ['rust'],
  },
  // Rust: the caller's permission set asked for the right the handler needs, the refusal propagated with `?`
  // (`permission.require_push()?`, `perms.require_configure_cache()?`).
  {
    re: /\b\w*perm(?:ission)?s?\.require_[a-z]\w*\s*\(\s*\)\s*\?/,
    label: "Rust handler requiring a right of the caller's permission set (permission.require_push()?)",
    langs: ['rust'],
  },
  // Phoenix: also a controller's own authorization plug module (`plug(AuthorizeMember when action != :show)`,
  // `plug MyWeb.Plugs.Authorize, role: :admin`).
  {
    re: /\bBodyguard\.permit!?\s*\(|\bpermit\?\s*\(|^\s*plug\s*\(?\s*(?::require_(?:admin|role|permission|owner)\w*|:(?:admin|authorize)\w*|[\w.]*\.(?:Require|Ensure)(?:Admin|Role|Permission)\w*|(?:[\w.]*\.)?Authoriz(?:e|ation)\w*|Canary\.Plugs\.\w+)\b|\bload_and_authorize_resource\b|^(?!\s*defp?\s).*\bauthorized!\s*\(\s*:["\w]/,
    label: 'Phoenix authorization (Bodyguard / role or authorization plugs)',
    langs: ['elixir'],
  },
  // Phoenix: a role plug or LiveView hook listed in a router pipeline or live_session (`pipe_through [:browser,
  // MyWeb.Plugs.EnsureAdmin]`, `on_mount: [MyWeb.LiveHooks.EnsureAuthenticated, MyWeb.LiveHooks.RequireAdmin]`, one
  // module a line in a multi-line list).
  {
    re: /^[ \t]*(?:(?:pipe_through|on_mount:?)[ \t]*\[?(?:[^\n]*?[[,])?[ \t]*)?(?:\{[ \t]*)?[\w.]*\.(?:Require|Ensure)(?:Admin|Role|Permission|Owner)\w*\b[ \t]*(?:,[ \t]*:\w+[ \t]*\})?[ \t]*(?:[,\]]|$)/m,
    label: 'Phoenix role plug or LiveView hook in a router pipeline',
    langs: ['elixir'],
    fileRequires: /\buse\s+(?:Phoenix\.Router\b|[\w.]+\s*,\s*:router\b)/,
  },
  // Ash: policies on a resource the policy authorizer enforces on every action (`policy action(:read) do
  // authorize_if expr(id == ^actor(:id)) end`, `authorize_if relates_to_actor_via(:owner)`, `forbid_unless actor_attribute_equals(:admin, true)`);
  // a bare `authorize_if always()` admits everyone.
  {
    re: /^\s*(?:authorize_if|forbid_if|authorize_unless|forbid_unless)\b\s*\(?\s*(?!always\s*\(\s*\))\S/m,
    label: 'Ash policy on a resource (Ash.Policy.Authorizer)',
    langs: ['elixir'],
    fileRequires: /\bAsh\.Policy\.Authorizer\b/,
  },
  // Absinthe: a field resolved only after an authorization middleware with the role it requires
  // (`middleware(Authorize, :admin)`, `middleware(Middleware.Authorization, [:manager])`).
  {
    re: /^\s*middleware\s*\(?\s*(?:[\w.]+\.)?(?:Authorize|Authorization|Authorized|RequireRole|RequirePermission|EnsureRole|CheckPermission|Permission)\w*\s*,\s*(?::\w+|\[|"|~w)/,
    label: 'Absinthe authorization middleware requiring a role',
    langs: ['elixir'],
  },
];

/**
 * Elixir: a module plug of the project's own whose `call/2` answers 403 (`send_resp(403, …)`, `put_status(:forbidden)`)
 * and halts after asking something of the signed-in caller beyond their presence (`current_user.email =~ ~r/@corp/`,
 * `user.role`): an authorization rule, whatever the plug is named (`ForbidNonStaff`, `OnlyOrganisers`). It counts where
 * a live file plugs it (`plug(Plugs.ForbidNonStaff)` in a router pipeline or a controller).
 */
const ELIXIR_REFUSING_PLUG: SourcePattern = {
  re: /\b(?:send_resp|put_status)\s*\(\s*(?:conn\s*,\s*)?(?:403|:forbidden)\b/,
  label: 'Phoenix plug that refuses callers with 403 on a property of the caller',
  langs: ['elixir'],
  fileRequires: /^\s*def\s+call\s*\(/m,
};
/** A field or role of the caller asked (`current_user.email`, `conn.assigns.user.role`, `%{admin: true}`). */
const EX_CALLER_PROPERTY =
  /\bcurrent_\w+\.\w+|\.(?:role|roles|admin|is_admin|permissions?|scopes?)\b|\b(?:role|admin|is_admin):/;

function elixirRefusingPlug(repo: RepoIndex, facts: Facts): AuthorizationSite[] | undefined {
  for (const h of findHits(facts, [ELIXIR_REFUSING_PLUG])) {
    const text = repo.read(h.path) ?? '';
    const mod = /^\s*defmodule\s+([\w.]+)\s+do\b/m.exec(text)?.[1];
    if (!mod || !/\bhalt\b/.test(text) || !EX_CALLER_PROPERTY.test(text)) continue;
    const last = mod.slice(mod.lastIndexOf('.') + 1);
    const plugged = findHits(facts, [
      {
        re: new RegExp(`^\\s*plug\\s*\\(?\\s*(?:[\\w.]+\\.)?${escapeRegExp(last)}\\b`),
        label: 'plugged',
        langs: ['elixir'],
      },
    ]).find((p) => p.live && p.path !== h.path);
    if (plugged)
      return [
        site(h),
        { path: plugged.path, line: plugged.line, note: `${plugged.text.trim().slice(0, 80)} runs ${mod}` },
      ];
  }
  return undefined;
}

/**
 * Elixir: a function clause admitted by a guard on the caller's role (`def list_logs(_, _, %{context: %{current_user:
 * %User{role: role}}}) when is_moderator(role) do`, `when role in [:admin, :moderator]`), as Absinthe resolvers and
 * controller actions are written; nextClauseRefuses asks that the clause after it refuses everyone else.
 */
const ELIXIR_ROLE_CLAUSE: SourcePattern = {
  re: /\bwhen\s+(?:is_\w+\s*\(\s*\w*role\s*\)|\w*role\s+(?:in\s+\[|==\s*:\w))/,
  label: "Elixir function clause guarded by the caller's role",
  langs: ['elixir'],
};

/** The next clause of the guarded function (`def list_logs(_, _, _) do`) answers an error within a few lines. */
function nextClauseRefuses(facts: Facts, h: SourceHit): boolean {
  const lines = facts.code.lines(h.path);
  const head = lines
    .slice(Math.max(0, h.line - 8), h.line)
    .reverse()
    .map((l) => /^\s*defp?\s+(\w+[?!]?)\s*\(/.exec(l)?.[1])
    .find(Boolean);
  if (!head) return false;
  const clause = new RegExp(`^\\s*defp?\\s+${escapeRegExp(head)}\\s*\\(`);
  const next = lines.slice(h.line, h.line + 80).findIndex((l) => clause.test(l));
  return (
    next >= 0 && lines.slice(h.line + next, h.line + next + 6).some((l) => /\{:error\b/.test(l) || FORBIDS.test(l))
  );
}

/**
 * A role/scope/permission comparison that rejects with 403: applied when its function is reached by requests. The
 * caller's kind compared with an admin constant (`device.AccountType != userapi.AccountTypeAdmin`) is one, and so is a
 * Go flag read through its pointer (`if !*authed.User.Admin`). A lexical
 * scope a printer or parser opens (`ensureBlankLineOrNewScope()`) is no permission scope.
 */
const ROLE_CHECK: SourcePattern = {
  re: /\b(?:roles?|is_admin|isAdmin|is_staff|is_superuser|scopes?|permissions?|Role|Roles|Scopes|Permissions|\w*(?:Rights|Permissions|Roles|Scopes)|rights)\b[^\n]{0,60}?(?:!=|!==|==|===|\bnot\s+in\b|\bin\b|\.includes\(|\.some\(|\.every\(|\.contains\(|\.has\(|slices\.Contains)|\b(?:require_role|requireRole|require_roles|requireRoles|require_permission|requirePermission|RequirePermission|has_role|hasRole|checkRole|CheckRole|check_role|authorize|checkPermission|CheckPermission|check_permission|require_scope|requireScope)s?\s*\(|\b(?:require|ensure|assert)\w*(?:Role|Permission|(?<!New|Block|Lexical|Nested|Child|Parent|Inner|Outer)Scope)s?\s*\(|!\s*\*?(?:[\w.]+\.)?(?:[Ii]s\w*(?:Admin|Owner)|is_admin|IsStaff|isStaff|IsSuperuser|isSuperuser)\b(?!\s*\()|!\s*\*?[\w.]+\.(?:Admin|admin)\b(?!\s*\()|(?:!==?|!=)\s*(?:\w+\.){0,3}\w*(?:Admin|Superuser|SuperAdmin)\b(?!\s*\()/,
  label: 'role/permission check',
};
/** JavaScript: the caller's granted set asked for the required scope or role (`if (!granted.includes(scope)) return 403`). */
const RIGHT_IN_LIST: SourcePattern = {
  re: /!\s*[\w.]+\.(?:includes|has)\(\s*(?:required|needed|wanted)?_?(?:[Ss]cope|[Rr]ole|[Pp]ermission|[Rr]ight)s?\s*\)/,
  label: 'role/permission check',
  langs: ['javascript', 'typescript'],
};
/** Go: the caller's granted list asked for the required right (`if !slices.Contains(perms, "core.play") { … 403 }`). */
const RIGHT_IN_GO_SLICE: SourcePattern = {
  re: /!\s*slices\.Contains\(\s*(?:[\w.]+\.)?\w*(?:[pP]erm|[rR]ole|[sS]cope|[rR]ight)\w*\s*,/,
  label: 'role/permission check',
  langs: ['go'],
};
/** The required right looked up in the caller's set: `if ADMIN_PERMISSION not in permissions: raise HTTPException(403)`. */
const RIGHT_IN_SET: SourcePattern = {
  re: /\b(?:not\s+in|in)\s+(?:[\w.]+\.)?(?:\w+_)?(?:roles|permissions|scopes|rights|perms|granted_scopes)\b\s*(?::|\)|and\b|or\b)/,
  label: 'role/permission check',
  langs: ['python'],
};
/** Object-level checks: the record's owner compared with the caller (`article.userId !== user.id`, `repo.OwnerID != c.User.ID`). */
const OWNERSHIP: SourcePattern = {
  re: /(?:\b(?:owner|author|creator|user|account)_?(?:id|Id|ID)\b|\.(?:owner|author|creator|user)\.(?:id|Id|ID)\b|\bOwnerID\b|\bUserID\b)[^\n]{0,60}?(?:!==?|!=|\.equals\(|\bis\s+not\b)|(?:!==?|!=)\s*(?:[\w.]+\.)?(?:owner|author|creator|user|account)_?(?:id|Id|ID)\b/,
  label: 'ownership check',
};
/** Object-level checks on the tenant: the record's team compared with the caller's (`job.team_id !== req.auth.team_id`). */
const TENANT_OWNERSHIP: SourcePattern = {
  re: /\b(?:team|tenant|org|organization|workspace)_?(?:id|Id|ID)\s*!==?\s*(?:req|request|ctx|c|event)\.(?:auth|user|session|account)\w*\.(?:team|tenant|org|organization|workspace)_?(?:id|Id|ID)\b/,
  label: "tenant check (the record's team compared with the caller's)",
  langs: ['javascript', 'typescript'],
};
/**
 * Elixir: the caller is let through when they own the record (`if note.user_id == user.id do :ok else :unauthorized
 * end`); it counts when the else branch rejects (see elseRejects).
 */
const OWNER_EQUALS: SourcePattern = {
  re: /^\s*(?:if|unless)\s[^\n]*?(?:\b(?:owner|author|creator|user|account)_id\b|\.(?:owner|author|creator|user)\.id\b)\s*===?\s*[\w.@]*\b(?:id|user_id)\b[^\n]*?(?:\bdo\s*$|,\s*do:)/,
  label: 'ownership check',
  langs: ['elixir'],
};
/**
 * A query filtered by the caller's id: the record must belong to the caller to be found at all (Drizzle/Prisma owner
 * filters, Diesel `articles::author.eq(user_id)`, EF Core / LINQ `.Where(x => x.UserId == user.Id)`). The owner column
 * may be the caller's uid (`where: { canvasId, uid: user.uid }`).
 */
const SCOPED_QUERY: SourcePattern = {
  re: /\beq\(\s*[\w$.]+\.(?:userId|ownerId|authorId|creatorId|createdBy|user_id|owner_id|author_id)\s*,\s*[\w$.?]*\b(?:user|session|auth|currentUser|viewer)\b[\w$.?]*\.(?:id|userId)\s*\)|\b(?:userId|ownerId|authorId|creatorId|user_id|owner_id|author_id|uid)\s*:\s*[\w$.?]*\b(?:user|session|auth|currentUser|viewer)\b[\w$.?]*\.(?:id|userId|uid)\b|\b\w+::(?:author|owner|creator|user|author_id|owner_id|creator_id|user_id|created_by)\.eq\(\s*&?(?:[\w.]*\.)?(?:user_id|current_user_id|auth_user_id|caller_id|user\.id|auth\.id|claims\.sub)\s*\)|\b\w+\s*=>\s*[^\n]{0,50}?\b\w+\.(?:UserId|OwnerId|AuthorId|CreatorId|CreatedById|AccountId)\s*==\s*[\w.?]*\b(?:user|currentUser|caller|owner|account)\w*(?:\.Id)?\b/,
  label: 'queries scoped to the caller (an owner filter on the record)',
};
const PRISMA_OWNER_SHORTHAND: SourcePattern = {
  re: /\bwhere\s*:\s*\{[^}\n]*?(?<![\w.:]\s*)\b(?:userId|ownerId|authorId|accountId)\s*[,}]/,
  label: 'queries scoped to the caller (an owner filter on the record)',
  langs: ['javascript', 'typescript'],
};
/**
 * A query filtered on the caller's tenant (`Dashboard.find({ team: teamId })`, `where: { organizationId: orgId }`):
 * another team's records are never found. Counts with TENANT_FROM_CALLER, the tenant id taken from the signed-in caller.
 */
const TENANT_SCOPED_QUERY: SourcePattern = {
  re: /(?:\.(?:find|findOne|findById\w*|findOneAnd\w+|update(?:One|Many)|delete(?:One|Many)|countDocuments|exists|findFirst|findMany|findUnique)\s*\(\s*|\bwhere\s*:\s*)\{[^}\n]*?\b(?:team|teamId|tenant|tenantId|organization|organizationId|orgId|workspace|workspaceId)\s*:\s*(?:[\w$]+\.)?(?:teamId|tenantId|organizationId|orgId|workspaceId)\b/,
  label: "queries scoped to the caller's tenant (a team or organization filter on the record)",
  langs: ['javascript', 'typescript'],
};
/** The tenant id read from the signed-in caller (`const { teamId } = getNonNullUserWithTeam(req)`, `req.user.team`). */
const TENANT_FROM_CALLER: SourcePattern = {
  re: /\b(?:const|let)\s+\{[^}\n]*\b(?:teamId|tenantId|organizationId|orgId|workspaceId)\b[^}\n]*\}\s*=\s*(?:await\s+)?[\w$.]*\(\s*(?:req|request|ctx|c|event)\b|\b(?:const|let)\s+(?:teamId|tenantId|organizationId|orgId|workspaceId)\s*=\s*(?:req|request|ctx|c)\.(?:user|auth|session)\b/,
  label: 'the tenant id taken from the signed-in caller',
  langs: ['javascript', 'typescript'],
};
/** A tenant named in the request's path (`c.req.param('organization_id')`, `req.params.teamId`). */
const TENANT_PARAM = String.raw`(?:\b(?:c|ctx|context)\.req\.param\(\s*['"]|\b(?:req|request|ctx|context)\.params(?:\.|\[\s*['"]))(?:organization|org|tenant|team|workspace|account)(?:_?[iI]d)?\b['"]?\s*[)\]]?`;
/** A tenant id held in code: `organizationId`, `auth.teamId`, `req.user.tenant_id`. */
const TENANT_ID = String.raw`((?:[\w$]+\??\.)*[\w$]*(?:[oO]rg(?:anization)?|[tT]enant|[tT]eam|[wW]orkspace|[aA]ccount)_?[iI][dD])\b`;
/**
 * The caller's tenant compared with the one the path names (`if (organizationId !== c.req.param('organization_id'))
 * return c.text('Bad Request', 400)`): another tenant's records are refused whatever status answers it. Counts when the
 * compared id comes from the signed-in caller (see tenantOfCaller).
 */
const TENANT_MATCHES_PATH: SourcePattern = {
  re: new RegExp(`${TENANT_ID}\\s*!==?\\s*${TENANT_PARAM}|${TENANT_PARAM}\\s*!==?\\s*${TENANT_ID}`),
  label: "the caller's tenant compared with the tenant of the path",
  langs: ['javascript', 'typescript'],
};
/** Where a value comes from the signed-in caller: its authentication, session, token or claims. */
const FROM_CALLER = /auth|user|session|token|claims|jwt|principal|caller|viewer/i;
/** A client error answering the request: any 4xx status, a throw, a not-found answer. */
const CLIENT_ERROR = /(?<![\w.])4\d\d(?![\w.])|\bthrow\b|\bnotFound\s*\(/;

/**
 * Whether the tenant id of a TENANT_MATCHES_PATH hit is the caller's (a chain through the caller, or a variable of the
 * function set from it: `const organizationId = c.get('authenticatedOrganizationId')`) and a client error follows.
 */
function tenantOfCaller(facts: Facts, h: SourceHit): boolean {
  const id = h.groups[1] || h.groups[2];
  const lines = facts.code.lines(h.path);
  if (!id || !lines.slice(h.line - 1, h.line + 3).some((l) => CLIENT_ERROR.test(l) || FORBIDS.test(l))) return false;
  if (id.includes('.')) return FROM_CALLER.test(id.slice(0, id.lastIndexOf('.')));
  const set = new RegExp(
    `\\b(?:const|let|var)\\s+(?:${escapeRegExp(id)}\\b|\\{[^}\\n]*\\b${escapeRegExp(id)}\\b[^}\\n]*\\})[^=\\n]*=(?!=)([^\\n]*)`,
  );
  const decl = lines
    .slice(Math.max(0, h.line - 25), h.line - 1)
    .map((l) => set.exec(l)?.[1])
    .findLast((v) => v !== undefined);
  return !!decl && FROM_CALLER.test(decl);
}
/**
 * Express/Koa middleware letting only admins through: `if (req.user.admin) return next();` with the refusal after it
 * (`throw new CustomError("Unauthorized", 401)`, `res.status(403)…`); see passThroughRejects.
 */
const ADMIN_PASS_THROUGH: SourcePattern = {
  re: /^\s*if\s*\(\s*(?:[\w$]+\??\.)*(?:admin|isAdmin|is_admin|isSuperuser|isSuperAdmin|superuser|isStaff|isOwner)\s*\)\s*(?:\{\s*)?(?:return\s+)?(?:await\s+)?next\s*\(\s*\)/,
  label: 'admin-only middleware (lets admins through, refuses the rest)',
  langs: ['javascript', 'typescript'],
};
/**
 * Plain PHP: the signed-in caller's access level or role, kept in the session, compared in a condition
 * (`if (($_SESSION['access_level'] ?? 0) >= UserHelper::ACCESS_LEVEL_ADMIN) {`, `if ($_SESSION['role'] !== 'admin')`);
 * counts when the check refuses (see sessionLevelRefuses).
 */
const PHP_SESSION_LEVEL: SourcePattern = {
  re: /^\s*(?:\}\s*)?(?:else\s*)?if\s*\([^\n]*\$_SESSION\s*\[\s*['"](?:access_?level|user_?level|level|user_?role|role|rank|is_?admin|admin)['"]\s*\](?:\s*\?\?\s*[\w'"]+)?\s*(?:\)\s*)?(?:[<>]=?|[!=]==?)/i,
  label: "the session's access level or role compared (plain PHP)",
  langs: ['php'],
};
/** How a plain PHP check refuses: a 401/403, a denial, `exit`/`die`, or a hook's `return false` that stops the request. */
const PHP_REFUSES =
  /\breturn\s+false\b|\b(?:exit|die)\b|\bhttp_response_code\s*\(\s*40[13]\b|\bheader\s*\([^)\n]*\b40[13]\b/;

/** The owner id taken from the session of the request (`const userId = await requireUserId(request)`). */
const CALLER_ID_FROM_SESSION: SourcePattern = {
  label: 'the owner id taken from the signed-in caller',
  langs: ['javascript', 'typescript'],
  // Also a NestJS parameter decorator that hands the handler the signed-in user (`@User() user`, `@CurrentUser('id')
  // userId`, `@GetUser() user`): the controller passes `user.id` to the service that filters on it.
  re: /\b(?:const|let)\s+(?:userId|ownerId|authorId|accountId)\s*=\s*(?:await\s+)?(?:require|get)\w*(?:User|Owner|Account|Member)\w*\(\s*(?:request|req|event|c|ctx)\b|@(?:Current|Auth|Get|Req|Session|Logged(?:In)?)?User\s*\(\s*(?:["'](?:id|sub|userId|_id)["'])?\s*\)\s*(?:user|userId|currentUser|authUser|owner|ownerId)\b/,
};
/**
 * Key-value records keyed by the caller (Deno KV `kv.list({ prefix: ['bookmarks', owner] })`, `kv.set(['notes',
 * userId, id], …)`, a Workers KV key `${userId}:…`): another caller's records are never addressed.
 */
const SCOPED_KV_KEY: SourcePattern = {
  re: /\b\w*(?:kv|KV|Kv|store|Store)\w*\.(?:get|getMany|set|list|delete|put|check)\s*\(\s*(?:\{\s*prefix\s*:\s*)?(?:\[[^\]\n]*?(?<![\w'"`])(?:[\w$]+\.)?(?:owner|client|caller|user|account|tenant|member|principal)(?:_?[Ii]d)?\b(?!['"`])|`[^`\n]*\$\{\s*(?:[\w$]+\.)?(?:owner|client|caller|user|account|tenant|member|principal)(?:_?[Ii]d)?\s*\})/,
  label: 'key-value records keyed by the caller (the caller id in the key)',
  langs: ['javascript', 'typescript'],
};
/**
 * Laravel: a record looked up through the signed-in caller's relation (`$request->user()->aliases()->findOrFail($id)`,
 * `auth()->user()->projects()->where(…)`): another user's record is never found.
 */
const CALLER_RELATION_QUERY: SourcePattern = {
  re: /(?:\$request->user\(\)|\bauth\(\)->user\(\)|\bAuth::user\(\)|(?<![$>:\w])user\(\))->\w+\(\)->(?:findOrFail|find|findMany|firstOrFail|firstWhere|where|whereIn|whereKey)\(/,
  label: "records looked up through the signed-in caller's relation",
  langs: ['php'],
};
/**
 * Ecto: a record looked up through the signed-in caller's association (`assoc(current_user, :posts) |> Repo.get_by!(…)`,
 * `current_user |> assoc(:posts) |> Repo.get!(id)`, `Ecto.assoc(conn.assigns.current_member, :notes)`): another
 * user's record is never found. The caller is named as Phoenix names it (`current_…`); the lookup must follow within a
 * few lines (callerAssocLookup).
 */
const ECTO_CALLER_ASSOC: SourcePattern = {
  re: /\b(?:Ecto\.)?assoc\(\s*(?:(?:conn|socket)\.assigns\.)?current_\w+\s*,\s*:\w+\s*\)|^[ \t]*\|>\s*(?:Ecto\.)?assoc\(\s*:\w+\s*\)|\b(?:(?:conn|socket)\.assigns\.)?current_\w+[ \t]*\|>[ \t]*(?:Ecto\.)?assoc\(\s*:\w+\s*\)/,
  label: "records looked up through the signed-in caller's association (Ecto assoc)",
  langs: ['elixir'],
};
/**
 * The association is fetched from (`Repo.get_by!`, `Repo.one`) within five lines of the same function (a lookup in the
 * next `def` is another action's); a piped one starts from the caller.
 */
function callerAssocLookup(facts: Facts, h: SourceHit): boolean {
  const lines = facts.code.lines(h.path);
  const at = h.line - 1;
  if (/^\s*\|>/.test(lines[at] ?? '')) {
    const above = lines.slice(Math.max(0, at - 2), at).reverse();
    const start = above.find((l) => l.trim() !== '') ?? '';
    if (!/^\s*(?:(?:conn|socket)\.assigns\.)?current_\w+\s*$/.test(start)) return false;
  }
  const window = lines.slice(at, at + 6);
  const next = window.findIndex((l, i) => i > 0 && /^\s*defp?\s/.test(l));
  return (next < 0 ? window : window.slice(0, next)).some((l) =>
    /\bRepo\.(?:get|get_by|one|update_all|delete_all)!?\s*\(/.test(l),
  );
}
/** A raw SQL query filtered on an owner column with a bound parameter (`WHERE id = $1 AND author_id = $2`). */
const SQL_OWNER_FILTER: SourcePattern = {
  re: /\b(?:WHERE|AND)\s+(?:\w+\.)?(?:user_id|owner_id|author_id|creator_id|created_by|account_id)\s*=\s*(?:\$\d+|\?|:\w+|@\w+|\$\{)/i,
  label: 'queries scoped to the caller (an owner filter on the record)',
  langs: ['javascript', 'typescript', 'python', 'go', 'ruby', 'php', 'java', 'kotlin', 'rust', 'csharp', 'elixir'],
};
/** The caller's identity, as the value bound to that parameter (read near the query). */
const CALLER_ID =
  /\b(?:req|request|ctx|c|event\.locals|locals)\.(?:user|auth|session|get\(\s*["']user)|\b(?:currentUser|current_user|session\.user|viewer|auth\.(?:uid|userId|user)|claims\.(?:sub|user_?id))\b|\buser\.(?:id|ID|Id)\b/;

/** The call of a permission predicate: `canEditWebsite(`, `user.hasRole(`, `v.User().IsAdmin(`. */
const PERMISSION_CALL = String.raw`(?:await\s+)?(?:\$?[\w\\]+(?:\(\))?(?:\.|::|->))*(?:[cC]an[A-Z]\w*|[hH]as(?:[A-Z]\w*?)?(?:Perm(?:ission)?|Role|Access(?!Token)|Right|Scope)s?(?:[A-Z]\w*)?|[iI]s(?:Owner|Admin|Allowed|Permitted|Authorized|Author|Member|Collaborator)\w*|(?:[cC]heck|[vV]erify)(?:Request)?(?:Perm(?:ission)?|Access|Ownership|Owner)\w*)\s*\(`;
/**
 * A permission predicate whose false result rejects: `if (!canEditWebsite(...)) return unauthorized()`, Go's
 * `if !v.User().IsAdmin() { return errHTTPUnauthorized }` (exported names, a receiver chain with calls).
 */
const PREDICATE: SourcePattern = {
  re: new RegExp(`!\\s*\\(?\\s*${PERMISSION_CALL}`),
  label: 'permission predicate',
};
/**
 * The predicate's result kept in a Kotlin value and rejected on when false (`val hasAccess = authz.hasAccess(id,
 * token)`, then `when (hasAccess) { false -> call.respond(…) }`): see rejects.
 */
const PREDICATE_KEPT: SourcePattern = {
  re: new RegExp(`^\\s*va[lr]\\s+\\w+\\s*=\\s*${PERMISSION_CALL}`),
  label: 'permission predicate',
  langs: ['kotlin'],
};
/**
 * Rust: a snake_case permission or ownership predicate whose false result rejects (`if !user.is_principal(&owner) {
 * return Err(Error::Unauthorized) }`, `if !member.can_edit(&doc)`, `if !claims.has_role("admin")`).
 */
const PREDICATE_SNAKE: SourcePattern = {
  re: /!\s*(?:\w+(?:\([^()]*\))?(?:\.|::))*(?:is_(?:owner|admin|allowed|authori[sz]ed|author|member|collaborator|principal|superuser|staff|moderator)\w*|can_[a-z]\w*|has_\w*(?:perm(?:ission)?|role|access|right|scope)s?\w*|(?:check|verify)_(?:permission|access|ownership|owner)\w*)\s*\(/,
  label: 'permission predicate',
  langs: ['rust'],
};
// `AuthzFail(w, r, user, realm, delay)`: the project's own helper, named for the failed authorization, answers it.
// A refusal said in words whatever the status (`throw new BadRequestException("You don't have permission to …")`,
// "This operation is not allowed in the workspace"), or an error thrown with the refusal as its message
// (`throw new AuthError("forbidden")`, which the error handler maps to 403), or the project's own helper answering
// 403 named for it (`error_403`, `render_403`).
const FORBIDS =
  /\b[aA]uthz(?:Fail|Deny|Denied|Reject)\w*\s*\(|\bErr\(\s*(?:\w+::)*(?:Unauthori[sz]ed|Forbidden|PermissionDenied|AccessDenied)\b|\bnotAllowed\s*\(|\b(?:response|reply|res|Boom|boom)\.forbidden\s*\(|\berror:no-privileges\b|\b403\b|[a-z]_403\b|HTTP_403|Forbidden|FORBIDDEN|StatusForbidden|PermissionDenied|ForbiddenException|HttpStatus\.FORBIDDEN|head\s*:forbidden|AccessDenied|NoAuthorization|NotAuthorized|[Uu]nauthori[sz]ed(?:Error|Exception)?\(|NOT_AUTHORI[SZ]ED\b|NotAllowed|NotPermitted|\b(?:Missing|Insufficient|Lacks?|No)Permissions?\b|\bErrPermission\w*|\b[eE]rr\w*(?:Forbidden|Unauthori[sz]ed)\w*\b|status:\s*:forbidden|\bunauthorized!|\bverboten!|\bdeny_access\b|\bthrow\s+redirect\(|\bforbidden_error\b|\bnot_enough_permissions\w*|\bpermission_denied\w*|\b(?:[Aa]ccess|[Pp]ermission) (?:was |is )?denied\b|(?<![\w:]):(?:forbidden|unauthorized|not_authorized|access_denied|not_allowed)\b|\bPERMISSION_DENIED\b|\bpermissionDenied\w*\s*\(|\b(?:[Dd]o|[Dd]oes)(?:n't| not) have (?:the )?(?:permission|rights?)\b|\b(?:is|are) not (?:allowed|permitted)\b|\bthrow\s+new\s+\w*(?:Error|Exception)\s*\(\s*["'`](?:forbidden|not[_ -]?allowed|not[_ -]?permitted)["'`]/;

/**
 * A 401 answer refuses too where the predicate names the permission it asks (`if !s.CheckRequestPerm(r,
 * auth.PermRemove) { w.WriteHeader(http.StatusUnauthorized) }`); after a bare `!isAuthorized(req)` it is authentication's.
 */
const PERMISSION_ARGUMENT = /[(,]\s*(?:\w+\.)*Perm(?:ission)?[A-Z_]\w*\s*[,)]/;
const UNAUTHORIZED = /\bStatusUnauthorized\b|(?<![\w.])401(?![\w.])/;

/**
 * Python/Ruby/Go guards that decide who may act: ownership (the record's owner is not the caller), admin or role
 * predicates (`not user.admin`, `current_user.admin?`, `has_cached_role?`), capability helpers (`can_edit?`,
 * `user_can_modify`), and Django's PermissionDenied. They count when the next lines (or the same line) reject. An
 * `authorization` header's value is not a record's author.
 */
const GUARD_CHECKS: SourcePattern[] = [
  {
    re: /^\s*(?:if|elif)\s[^\n]*(?:\b(?:current_user|request\.user|g\.user|user|owner\w*|author(?:_\w+|s)?|creator\w*)\b[^\n]*(?:!=|\bis\s+not\b|\bnot\s+in\b)|(?:!=|\bis\s+not\b)[^\n]*\b(?:current_user|request\.user|user_id|owner_id|author_id)\b|\bnot\s+(?:\w+\.)*(?:\w*_can_\w+|can_\w+|\w*(?:allowed|permitted|authori[sz]ed)\w*|is_\w*(?:admin|owner|staff|superuser|moderator|member)\w*|admin|rw|is_rw|has_\w*(?:perm|role|access)\w*)\b)/,
    label: 'ownership/role check',
    langs: ['python'],
  },
  {
    re: /\braise\s+PermissionDenied\b/,
    label: 'Django PermissionDenied',
    langs: ['python'],
  },
  {
    // Go: the caller's role compared with a role constant (`if caller.PlatformRoleID != schema.SuperAdminRole {`,
    // `if user.Role == models.RoleAdmin {`).
    re: /^\s*(?:\}\s*else\s+)?if\s[^\n]*\b\w*Role(?:ID|Id|Name)?\s*(?:==|!=)\s*(?:\w+\.)?\w*(?:Admin|Owner|Super|Role|Member|Viewer|Editor)\w*\b/,
    label: 'role check',
    langs: ['go'],
  },
  {
    re: /\b(?:unless|if)\b[^\n]*(?:(?:==|!=)\s*(?:current_user|Current\.(?:true_)?user|@current_user)\b|\b(?:current_user|Current\.(?:true_)?user|@current_user)\b[^\n]*(?:==|!=|\.(?:\w*admin|moderator|staff|owner|has_(?:cached_)?role|has_any_role|can_\w+|able_to_\w+)\w*\?)|\.(?:\w*admin|is_moderator|moderator|has_(?:cached_)?role|has_any_role)\?|\b(?:can_\w+|able_to_\w+)\?)/,
    label: 'ownership/role check',
    langs: ['ruby'],
  },
  {
    // A permission predicate deciding the request: `return if current_api_key.permit?(resource, mode)` then a
    // forbidden answer, `raise not_enough_permissions_error unless has_permission`, `head :forbidden unless allowed?`,
    // or a forbidden answer unless the caller's permissions hold one (`halt(403) unless user["permissions"].include?(p)`).
    re: /\b(?:unless|if)\s+!?\s*(?:[@\w]+\.)*(?:permit|permitted|authorized|allowed|has_permissions?|has_\w*(?:permission|role|access|scope)s?|can)\?|\b(?:unless|if)\s+!?\s*has_\w*(?:permission|role|access|scope)s?\b(?![?!(])|\b(?:halt|head|error!)\s*\(?\s*(?:403|:forbidden)\b[^\n]*\bunless\s[^\n]*\bpermissions\b/,
    label: 'permission check',
    langs: ['ruby'],
  },
  {
    // The record asked whether the caller may act on it, by a predicate of the model's own (`return error_403 unless
    // @asset.manageable_by?(current_user)`, `if @post.editable_by?(current_user)`, `unless doc.visible_to?(@current_user)`).
    re: /\b(?:unless|if)\b[^\n]*\.(?:[a-z]+_)+(?:by|to)\?\s*\(?\s*(?:current_user|Current\.(?:true_)?user|@current_user)\b/,
    label: 'ownership/role check',
    langs: ['ruby'],
  },
];
/**
 * PHP: an authorization guard of the project's own called as a statement by the handler (`$this->isActionAuthorized(
 * $eventId, EventDomainObject::class);`, `$this->authorizeOwner($order);`): nothing is compared, the guard throws when
 * the caller may not act on the record (read in phpGuardThrows).
 */
const PHP_GUARD_STATEMENT: SourcePattern = {
  re: /^\s*\$this\s*->\s*((?:is|ensure|assert|check|verify|validate)\w*(?:Authori[sz]ed|Allowed|Permitted|Permissions?|Access|Owner(?:ship)?)\w*|authori[sz]e\w+)\s*\(/,
  label: 'authorization guard the handler calls (throws when the caller may not act)',
  langs: ['php'],
};
/** What a PHP guard throws at a caller who may not act. */
const PHP_DENIES =
  /\bthrow\s+new\s+\\?[\w\\]*(?:Unauthori[sz]ed|Forbidden|AccessDenied|Authori[sz]ation|Permission)\w*\s*\(/;

/**
 * Whether a PHP guard of that name throws a denial: its own body, or the body of the method of the same name it hands
 * the decision to (a base action's `isActionAuthorized` calling a service's `isActionAuthorized`).
 */
function phpGuardThrows(facts: Facts, name: string): boolean {
  const def = new RegExp(
    `^\\s*(?:(?:public|protected|private|static|final)\\s+)*function\\s+${escapeRegExp(name)}\\s*\\(`,
  );
  return facts.repo
    .grep(def, { languages: ['php'], kinds: ['source'], limit: 20 })
    .some((d) => bodyFrom(facts, d.path, d.line, 60).lines.some((l) => PHP_DENIES.test(l)));
}
/** Ruby and Flask also reject by redirecting away (redirect_to root_path unless ...), or by raising. */
const REJECTS_INLINE = /\bredirect_to\b|\bredirect\(|\braise\b|\babort\(|\brender\b[^\n]*status/;

/** Route middleware that authorizes: Laravel can:/role:/permission:, Phoenix admin pipelines and role plugs. */
const ROUTE_AUTHZ =
  /^(?:can:[\w,.-]+|role:[\w|,.-]+|permission:[\w|,.-]+|role_or_permission:\S+|admin|is_admin|:require_admin\w*|:admin\w*|:(?:require|ensure|force|check|verify)_\w*admin\w*|:require_(?:role|permission)\w*|[\w.]*\.(?:Require|Ensure)(?:Admin|Role|Permission)\w*)$/;

/**
 * Go route or group middleware named for the role it requires (`admin := auth.Group("admin", middleware.IsAdmin())`,
 * `r.GET("/x", mw.AdminOnly, h)`): every route under it is refused to others. (`RequireRole("admin")` is read with the
 * check its body makes, below.)
 */
const GO_ROUTE_AUTHZ =
  /^(?:\w+\.)?(?:(?:Is|Must(?:Be)?|Check|Only)(?:Site|Super)?(?:Admin|Role|Permission|Scope)s?(?:Only|Required)?|(?:Site|Super)?(?:Admins?|Roles?|Permissions?)(?:Only|Required|Check))(?:\([^()]*\))?$/;
/**
 * Go route or group middleware from a factory named for what it demands (`r.Group("/api/admin",
 * api.RequireRole(api.RoleAdmin))`, `RequireAdmin()`, `RequirePermission("hosts.delete")`). Read when no check was
 * applied otherwise: a body the checks recognise gives better evidence, but a body may compare the other way round
 * (`if current == role { c.Next(); return }`) and refuse with 401.
 */
const GO_ROUTE_REQUIRE = /^(?:\w+\.)?Require(?:Site|Super)?(?:Admin|Role|Permission|Scope)s?(?:Only)?(?:\([^()]*\))?$/;

export function detectAuthorization(repo: RepoIndex, facts: Facts): AuthorizationFacts {
  const applied = (how: string, sites: AuthorizationSite[], confidence?: 'low'): AuthorizationFacts => ({
    applied: { how, sites, ...(confidence ? { confidence } : {}) },
    notWired: [],
  });
  // Laravel `can:` route middleware and Phoenix admin/role pipelines named on the routes.
  const routeAuthz = facts.service.routes.find((r) => r.reached && r.middleware?.some((m) => ROUTE_AUTHZ.test(m)));
  if (routeAuthz) {
    const mw = routeAuthz.middleware!.find((m) => ROUTE_AUTHZ.test(m))!;
    return applied(`${mw} route middleware`, [
      { path: routeAuthz.file, line: routeAuthz.line, note: `${routeAuthz.method} ${routeAuthz.fullPath} runs ${mw}` },
    ]);
  }
  const hits = findHits(facts, APPLIED);
  // A Strawberry resolver's permission_classes also has the shape of DRF's: one label for the line.
  const strawberry = new Set(hits.filter((h) => h.label === STRAWBERRY_PERMISSIONS).map((h) => `${h.path}:${h.line}`));
  const declared = hits.filter(
    (h) =>
      (h.live || /\.ya?ml$/.test(h.path)) &&
      (!/\.enforce\(/i.test(h.text) || /casbin|enforcer|oso/i.test(repo.read(h.path) ?? '')) &&
      (h.label === STRAWBERRY_PERMISSIONS || !strawberry.has(`${h.path}:${h.line}`)),
  );
  if (declared.length)
    return applied(
      [...new Set(declared.map((h) => h.label))].join(', '),
      declared.slice(0, 5).map((h) => site(h)),
    );
  const roleClause = findHits(facts, [ELIXIR_ROLE_CLAUSE]).find((h) => h.live && nextClauseRefuses(facts, h));
  if (roleClause) return applied(ELIXIR_ROLE_CLAUSE.label, [site(roleClause)]);
  const refusingPlug = elixirRefusingPlug(repo, facts);
  if (refusingPlug) return applied(ELIXIR_REFUSING_PLUG.label, refusingPlug);
  const goRouteAuthz = facts.service.routes.find(
    (r) => r.reached && r.framework === 'go' && r.middleware?.some((m) => GO_ROUTE_AUTHZ.test(m)),
  );
  if (goRouteAuthz) {
    const mw = goRouteAuthz.middleware!.find((m) => GO_ROUTE_AUTHZ.test(m))!;
    return applied(`${mw} route middleware`, [
      {
        path: goRouteAuthz.file,
        line: goRouteAuthz.line,
        note: `${goRouteAuthz.method} ${goRouteAuthz.fullPath} runs ${mw}`,
      },
    ]);
  }
  // ASP.NET Core: the project's own authorization attributes (deriving from AuthorizeAttribute, or running an
  // authorization filter) given the permission, role or policy they demand (`[PermissionAuthorize(Permissions.Orders)]`,
  // `[HasPermission("users.edit")]`); a bare `[AuthorizeAdmin]` or a flag (`(true)`) names none.
  const own = [...(facts.service.dotnetAuthorizeAttributes ?? [])];
  if (own.length) {
    const named = findHits(facts, [
      {
        re: new RegExp(
          `\\[\\s*(?:${own.map(escapeRegExp).join('|')})(?:Attribute)?\\s*\\(\\s*(?!true\\b|false\\b|null\\b)(?:"|@"|[A-Za-z_])`,
        ),
        label: 'ASP.NET Core authorization attributes naming a permission, role or policy',
        langs: ['csharp'],
      },
    ]).filter((h) => h.live);
    if (named.length)
      return applied(
        named[0]!.label,
        named.slice(0, 5).map((h) => site(h)),
      );
  }
  // Laravel form requests whose authorize() decides per request: a false answer is a 403 before the controller runs.
  const formRequest = formRequestAuthorizations(facts)[0];
  if (formRequest)
    return applied('Laravel FormRequest authorize()', [
      { path: formRequest.path, line: formRequest.line, note: 'FormRequest authorize() decides per request' },
    ]);
  // Records read and written through a query scoped to the caller (Drizzle eq(todos.userId, user.id), Prisma
  // where: { id, authorId: session.user.id }): another user's record is never found.
  const scoped = findHits(facts, [SCOPED_QUERY]).find(
    (h) =>
      h.live &&
      (/\beq\(/.test(h.text) ||
        // LINQ: the owner lambda inside the query operator (`.Where(x => x.UserId == user.Id)`, `.FirstOrDefaultAsync(…)`).
        /\.(?:Where|First|FirstOrDefault|Single|SingleOrDefault|Any|Count|ExecuteDelete|ExecuteUpdate)(?:Async)?\s*\(\s*\w+\s*=>/.test(
          h.text,
        ) ||
        /\bwhere\b/.test(
          repo
            .lines(h.path)
            .slice(Math.max(0, h.line - 4), h.line)
            .join('\n'),
        )),
  );
  if (scoped) return applied(SCOPED_QUERY.label, [site(scoped)]);
  // Prisma's shorthand owner filter (`where: { id, userId }`) in a model function whose owner id comes from the signed-in
  // caller (`const userId = await requireUserId(request)` in the route that calls it).
  const shorthand = findHits(facts, [PRISMA_OWNER_SHORTHAND]).find((h) => h.live);
  if (shorthand && findHits(facts, [CALLER_ID_FROM_SESSION]).some((h) => h.live))
    return applied(SCOPED_QUERY.label, [site(shorthand)]);
  const tenant = findHits(facts, [TENANT_SCOPED_QUERY]).find((h) => h.live);
  if (tenant && findHits(facts, [TENANT_FROM_CALLER]).some((h) => h.live))
    return applied(TENANT_SCOPED_QUERY.label, [site(tenant)]);
  const kvScoped = findHits(facts, [SCOPED_KV_KEY]).find((h) => h.live);
  if (kvScoped) return applied(SCOPED_KV_KEY.label, [site(kvScoped)]);
  const relation = findHits(facts, [CALLER_RELATION_QUERY]).find((h) => h.live);
  if (relation) return applied(CALLER_RELATION_QUERY.label, [site(relation)]);
  const assoc = findHits(facts, [ECTO_CALLER_ASSOC]).find((h) => h.live && callerAssocLookup(facts, h));
  if (assoc) return applied(ECTO_CALLER_ASSOC.label, [site(assoc)]);
  const phpGuard = findHits(facts, [PHP_GUARD_STATEMENT]).find((h) => h.live && phpGuardThrows(facts, h.groups[1]!));
  if (phpGuard) return applied(PHP_GUARD_STATEMENT.label, [site(phpGuard)]);
  // Raw SQL: the owner column bound to the caller's id in the lines around the query.
  const sqlScoped = findHits(facts, [SQL_OWNER_FILTER]).find(
    (h) =>
      h.live &&
      CALLER_ID.test(
        repo
          .lines(h.path)
          .slice(Math.max(0, h.line - 6), h.line + 6)
          .join('\n'),
      ),
  );
  if (sqlScoped) return applied(SCOPED_QUERY.label, [site(sqlScoped)]);
  const checks = [
    ...findHits(facts, [
      ROLE_CHECK,
      RIGHT_IN_SET,
      RIGHT_IN_LIST,
      RIGHT_IN_GO_SLICE,
      OWNERSHIP,
      TENANT_OWNERSHIP,
      PREDICATE,
      PREDICATE_SNAKE,
      PREDICATE_KEPT,
    ]).filter(
      (h) =>
        !/^\s*(?:export\s+)?(?:async\s+)?(?:def|function|func)\s/.test(h.text) &&
        // `!Auth::hasAccess()` with no right named asks whether the caller signed in (authentication).
        !(
          h.label === PREDICATE.label && /!\s*(?:\$?[\w\\]+(?:\(\))?(?:\.|::|->))*[hH]asAccess\s*\(\s*\)/.test(h.text)
        ) &&
        rejects(facts, h),
    ),
    ...findHits(facts, [OWNER_EQUALS]).filter((h) => elseRejects(facts, h)),
    ...findHits(facts, [ADMIN_PASS_THROUGH]).filter((h) => passThroughRejects(facts, h)),
    ...findHits(facts, [PHP_SESSION_LEVEL]).filter((h) => sessionLevelRefuses(facts, h)),
    ...findHits(facts, GUARD_CHECKS).filter((h) =>
      /PermissionDenied/.test(h.label) ? conditional(facts, h) : rejects(facts, h) || REJECTS_INLINE.test(h.text),
    ),
    ...findHits(facts, [TENANT_MATCHES_PATH]).filter((h) => tenantOfCaller(facts, h)),
    ...guardRecordChecks(facts),
  ];
  const notWired: { site: AuthorizationSite; name: string }[] = [];
  const seen = new Set<string>();
  for (const h of checks) {
    // Plain PHP: the front controller dispatches by convention; a live check that rejects is applied (low).
    const routerless = routerlessApp(facts, h.path, !!h.live);
    if (routerless) return applied(`${h.label} in the ${routerless}'s request code`, [site(h)], 'low');
    const enc = enclosing(facts, h.path, h.line);
    const route = h.live ? inlineRoute(facts, h.path, h.line) : undefined;
    const inRoute = (r: NonNullable<typeof route>) => {
      const how = `${h.label} in the handler of ${r.method} ${r.fullPath}`;
      return applied(how, [site(h, how)]);
    };
    if (route && !enc) return inRoute(route);
    // Elysia: a macro (`.macro({ permissions(perms) { return { beforeHandle … } } })`) runs where a route or guard names
    // it in its options (`permissions: ["core.read"]`).
    const macro = h.live ? elysiaMacro(facts, h) : undefined;
    if (macro?.at)
      return applied(`the Elysia macro ${macro.name} named by the routes`, [
        site(h, `${h.label} in the Elysia macro ${macro.name}`),
        { path: macro.at.path, line: macro.at.line, note: `${macro.name} named in a route's or guard's options` },
      ]);
    if (macro) {
      notWired.push({
        site: site(h, `${h.label} in the Elysia macro ${macro.name}, which no route or guard names`),
        name: macro.name,
      });
      continue;
    }
    if (!enc) {
      if (h.live) return applied(h.label, [site(h)], 'low');
      continue;
    }
    if (enc.decorated && h.live)
      return applied(`${h.label} in ${enc.name}`, [site(h, `${h.label} in route ${enc.name} (@${enc.decorated})`)]);
    const handler = h.live ? routeHandler(facts, h.path, enc.name, enc.line) : undefined;
    if (handler) return applied(`${h.label} in ${handler}`, [site(h, `${h.label} in ${handler}`)]);
    // A route registered where the function around the line starts (a file route's exported handler) holds it.
    if (route && route.line >= enc.line) return inRoute(route);
    const key = `${h.path}:${enc.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (isRouteHandler(facts, h.path, enc.name))
      return applied(`${h.label} in ${enc.name}`, [site(h, `${h.label} in the route handler ${enc.name}`)]);
    const def = { path: h.path, line: enc.line };
    // A checker nested in a factory (def require_role(role): def checker(...)) is applied through the factory.
    const parent = enclosing(facts, h.path, enc.line, true);
    const viaParent =
      parent && parent.name !== enc.name
        ? appliedAt(facts, parent.name, { path: h.path, line: parent.line })
        : undefined;
    if (viaParent)
      return applied(`${parent!.name} applied as ${viaParent.how}`, [
        site(h, `${h.label} in ${parent!.name}`),
        { path: viaParent.path, line: viaParent.line, note: `${parent!.name} applied (${viaParent.how})` },
      ]);
    const at = appliedAt(facts, enc.name, def);
    if (at)
      return applied(`${enc.name} applied as ${at.how}`, [
        site(h, `${h.label} in ${enc.name}`),
        { path: at.path, line: at.line, note: `${enc.name} applied (${at.how})` },
      ]);
    // A factory (require_role("admin")) or helper called from a route handler; a helper with several callers counts
    // through the one a route handler makes, wherever the first call is.
    const call =
      calledAt(facts, enc.name, def, (c) => {
        const fn = enclosing(facts, c.path, c.line);
        return !!fn && fn.name !== enc.name && !!routeHandler(facts, c.path, fn.name);
      }) ?? calledAt(facts, enc.name, def);
    const viaVar = call ? appliedThroughVariable(facts, call) : undefined;
    if (viaVar)
      return applied(`${viaVar.variable} (${enc.name}) applied as ${viaVar.how}`, [
        site(h, `${h.label} in ${enc.name}`),
        { path: call!.path, line: call!.line, note: `${enc.name} builds ${viaVar.variable}` },
        { path: viaVar.path, line: viaVar.line, note: `${viaVar.variable} applied (${viaVar.how})` },
      ]);
    if (call) {
      const outer = enclosing(facts, call.path, call.line);
      const outerApplied =
        outer && !outer.decorated && outer.name !== enc.name
          ? appliedAt(facts, outer.name, { path: call.path, line: outer.line })
          : undefined;
      if (
        !outer ||
        outer.decorated ||
        outerApplied ||
        routeHandler(facts, call.path, outer.name) ||
        // Inside a route's inline handler (a tRPC procedure's `.mutation(async ({ input, ctx }) => …)`).
        inlineRoute(facts, call.path, call.line) ||
        rustGraphqlResolver(facts, call.path, call.line) ||
        /Depends\(|\.use\(|\.Use\(|before_action|@/.test(facts.code.lines(call.path)[call.line - 1] ?? '')
      ) {
        return applied(`${enc.name} used by the routes`, [
          site(h, `${h.label} in ${enc.name}`),
          { path: call.path, line: call.line, note: `${enc.name} used here` },
        ]);
      }
    }
    // One call further: the check sits in a helper of the function route handlers call to authenticate the caller
    // (every handler runs `authenticate(&db, bearer)`, which runs the role check on the identity it resolved).
    const viaCaller = call && h.live ? calledByHandlerCaller(facts, enc.name, call) : undefined;
    if (viaCaller)
      return applied(
        `${enc.name} called by ${viaCaller.caller}, which the route handlers call`,
        [
          site(h, `${h.label} in ${enc.name}`),
          { path: call!.path, line: call!.line, note: `${viaCaller.caller} runs ${enc.name}` },
          {
            path: viaCaller.at.path,
            line: viaCaller.at.line,
            note: `the route handler ${viaCaller.handler} calls ${viaCaller.caller}`,
          },
        ],
        viaCaller.confidence,
      );
    // Handed as an argument to a call inside middleware the routes apply (`RequireAdmin` runs
    // `a.decide(c, a.checkAdmin)`): the middleware runs the check.
    for (const arg of h.live ? passedAsArgumentAt(facts, enc.name, def) : []) {
      const outer = enclosing(facts, arg.path, arg.line);
      if (!outer || outer.name === enc.name) continue;
      const at = appliedAt(facts, outer.name, { path: arg.path, line: outer.line });
      if (at)
        return applied(`${outer.name} applied as ${at.how}`, [
          site(h, `${h.label} in ${enc.name}`),
          { path: arg.path, line: arg.line, note: `${outer.name} runs ${enc.name}` },
          { path: at.path, line: at.line, note: `${outer.name} applied (${at.how})` },
        ]);
    }
    // Handed to a dispatcher as a value (an action table, `return h.actionDelete`): reached by the routes that
    // dispatch, which the scan cannot follow to a route: a low-confidence pass.
    const ref = h.live ? referencedAt(facts, enc.name, def) : undefined;
    if (ref)
      return applied(
        `${enc.name} dispatched by reference`,
        [
          site(h, `${h.label} in ${enc.name}`),
          { path: ref.path, line: ref.line, note: `${enc.name} handed to a dispatcher here` },
        ],
        'low',
      );
    // Rust: a function taking the framework's request extractors (`Path((owner, id)): Path<…>`, `State(…)`,
    // `web::Json<…>`) is a request handler, however the router reaches it (`Handler::with_state(route_get::<C>, state)`
    // in a resource service of the project's own): low, the registration is not followed.
    if (h.live && h.path.endsWith('.rs') && rustHandlerSignature(facts, h.path, enc.line))
      return applied(`${h.label} in the request handler ${enc.name}`, [site(h, `${h.label} in ${enc.name}`)], 'low');
    notWired.push({ site: site(h, `${h.label} in ${enc.name}, which no route or middleware applies`), name: enc.name });
  }
  const goRequire = facts.service.routes.find(
    (r) => r.reached && r.framework === 'go' && r.middleware?.some((m) => GO_ROUTE_REQUIRE.test(m)),
  );
  if (goRequire) {
    const mw = goRequire.middleware!.find((m) => GO_ROUTE_REQUIRE.test(m))!;
    return applied(`${mw} route middleware`, [
      { path: goRequire.file, line: goRequire.line, note: `${goRequire.method} ${goRequire.fullPath} runs ${mw}` },
    ]);
  }
  const rowPolicy = callerRowPolicy(facts);
  if (rowPolicy)
    return {
      applied: {
        how: 'Postgres row-level security policies on the signed-in caller, for the queries made through a Supabase client',
        sites: rowPolicy,
      },
      notWired,
    };
  const forbidden = forbiddenExceptionThrown(facts);
  if (forbidden)
    return {
      applied: { how: 'access checks throwing an exception the API answers with 403', sites: forbidden },
      notWired,
    };
  return { notWired };
}

/**
 * A handler's answer is 403: Ktor's status (also imported bare: `call.respond(Forbidden, problem)`), Spring's and
 * JAX-RS's constants, or the number given as a status.
 */
const FORBIDDEN_STATUS =
  /\bHttpStatusCode\.Forbidden\b|(?:^|[(,=])\s*Forbidden\s*[,)]|\b(?:HttpStatus|Status)\.FORBIDDEN\b|[(=]\s*403\b|\brespond(?:403)?Forbidden\w*\s*\(/;
/**
 * Where the HTTP layer maps an exception type to a response, the type in group 1: Ktor StatusPages `exception<NoAccess>
 * { call, e -> … }` and the `is NoAccess ->` branches of a handler's `when (cause)` (answered with 403, or by a
 * `respond403Forbidden(…)` helper); Spring
 * `@ExceptionHandler(NoAccess::class)` (or `NoAccess.class`) methods and exception classes annotated
 * `@ResponseStatus(HttpStatus.FORBIDDEN)`. The handler's lines run to the brace closing it or to `stop` (the next one).
 */
const EXCEPTION_MAPPINGS: { pattern: SourcePattern; stop?: RegExp }[] = [
  {
    pattern: {
      re: /\bexception\s*<\s*(?:[\w.]+\.)?(\w+)\s*>\s*\{/,
      label: 'Ktor StatusPages handler',
      langs: ['kotlin'],
      fileRequires: /\bStatusPages\b/,
    },
    stop: /\bexception\s*</,
  },
  {
    pattern: {
      re: /^\s*is\s+(?:[\w.]+\.)?(\w+)\s*->/m,
      label: 'Ktor StatusPages handler',
      langs: ['kotlin'],
      // Or an object of the project's own that StatusPages hands the cause to (`ExceptionHandler.handle(call, cause)`).
      fileRequires: /\bStatusPages\b|^import\s+io\.ktor\.server\./m,
    },
    stop: /^\s*(?:is\s+[\w.]+|else)\s*->/,
  },
  {
    pattern: {
      re: /@ExceptionHandler\s*\(\s*(?:value\s*=\s*)?[[{]?\s*(?:[\w.]+\.)?(\w+)(?:::|\.)class\b/,
      label: 'Spring @ExceptionHandler',
      langs: ['java', 'kotlin'],
    },
    stop: /@ExceptionHandler\b/,
  },
  {
    pattern: {
      re: /@ResponseStatus\s*\([^()\n]*\bFORBIDDEN\b[^()\n]*\)\s*(?:(?:public|open|final|abstract|internal)\s+)*class\s+(\w+)/,
      label: 'Spring @ResponseStatus(FORBIDDEN) exception',
      langs: ['java', 'kotlin'],
    },
  },
];

/**
 * Access checks that refuse by throwing an exception of the project's own which the HTTP layer answers with 403
 * (`if (!person.mayBeSeenBy(caseworker)) throw NoAccessToPerson(…)`, the handler mapping a base class its subclasses
 * extend): the throw sites in live code, then the mapping. A type mapped to 403 but never thrown decides nothing.
 */
function forbiddenExceptionThrown(facts: Facts): AuthorizationSite[] | undefined {
  const mapped = new Map<string, SourceHit>();
  const indent = (l: string): number => /^\s*/.exec(l)![0].length;
  for (const { pattern, stop } of EXCEPTION_MAPPINGS)
    for (const h of findHits(facts, [pattern])) {
      if (!h.live || mapped.has(h.groups[1]!)) continue;
      const lines = facts.code.lines(h.path);
      const base = indent(h.text);
      const body = [h.text];
      for (let i = h.line; stop && i < lines.length && i < h.line + 20; i++) {
        const l = lines[i]!;
        if (stop.test(l) || (indent(l) <= base && /^\s*\}/.test(l))) break;
        body.push(l);
      }
      if (body.some((l) => FORBIDDEN_STATUS.test(l))) mapped.set(h.groups[1]!, h);
    }
  // Only the project's own types: a handler of Throwable answering 403 in one branch maps no access check. A sign-in
  // failure answered with 403 (a bad token, a CSRF refusal) is authentication.
  const own = [...mapped.keys()].filter(
    (name) =>
      !/Authenticat|Login|Token|Csrf|Session/i.test(name) &&
      facts.repo.grepFirst(new RegExp(`\\bclass\\s+${escapeRegExp(name)}\\b`), { languages: ['java', 'kotlin'] }),
  );
  if (!own.length) return undefined;
  const thrown = new Map<string, string>(own.map((name) => [name, name]));
  for (let queue = [...own]; queue.length; ) {
    const base = queue.shift()!;
    for (const sub of facts.code.subclasses(base))
      if (!thrown.has(sub.name)) {
        thrown.set(sub.name, thrown.get(base)!);
        queue.push(sub.name);
      }
  }
  const names = [...thrown.keys()].map(escapeRegExp).join('|');
  const throws = findHits(facts, [
    {
      re: new RegExp(
        `\\b(?:throw\\s+(?:new\\s+)?|(?:Mono|Flux)\\.error\\s*\\(\\s*(?:new\\s+)?)(?:[\\w.]+\\.)?(${names})\\s*\\(`,
      ),
      label: 'access refused by an exception answered with 403',
      langs: ['java', 'kotlin'],
    },
  ]).filter((h) => h.live);
  if (!throws.length) return undefined;
  const rootOf = (h: SourceHit): string => thrown.get(h.groups[1]!)!;
  const handler = mapped.get(rootOf(throws[0]!))!;
  return [
    ...throws.slice(0, 3).map((h) => ({
      path: h.path,
      line: h.line,
      note: `${h.groups[1]} thrown${h.groups[1] === rootOf(h) ? '' : ` (a ${rootOf(h)})`}, answered with 403`,
    })),
    { path: handler.path, line: handler.line, note: `${rootOf(throws[0]!)} answered with 403 (${handler.label})` },
  ];
}

/** Row-level security policies (`CREATE POLICY … USING (…)`, Drizzle `pgPolicy(…)`), in migrations or the schema. */
const ROW_POLICY: SourcePattern = {
  re: /\bCREATE\s+POLICY\b|\bpgPolicy\s*\(/i,
  label: 'row-level security policy',
  include: ['**/*.sql', '**/*.ts', '**/*.js', '**/*.mjs'],
};
/** A policy's rule naming the caller: Supabase `auth.uid()`/`auth.jwt()`, the JWT claims PostgREST sets, the role. */
const CALLER_IN_POLICY =
  /\bauth\.(?:uid|jwt|role)\s*\(\s*\)|\bcurrent_setting\(\s*'request\.jwt|\bauthenticatedRole\b|\bTO\s+authenticated\b|\bto:\s*["']authenticated["']/i;
/**
 * Live code building a Supabase client around the signed-in caller's session (`@supabase/ssr` server/browser clients,
 * the auth-helpers' clients): its queries run as that caller. A `createClient` with the service key bypasses policies.
 */
const SESSION_CLIENT =
  /\b(?:createServerClient|createBrowserClient|createRouteHandlerClient|createServerComponentClient|createServerActionClient|createMiddlewareClient|createPagesServerClient|createPagesBrowserClient)\s*(?:<[^>]*>)?\s*\(/;

/**
 * Authorization kept in the database: row-level security policies that admit a row by the signed-in caller, enforced
 * on the queries the service makes as that caller (a Supabase session client). A service that connects only with its
 * own role or the service key bypasses them, so live code must build a client around the caller's session.
 */
function callerRowPolicy(facts: Facts): AuthorizationSite[] | undefined {
  // The client first: most services use none, and then no migration or schema file is searched.
  const client = findHits(facts, [
    { re: SESSION_CLIENT, label: 'Supabase session client', langs: ['javascript', 'typescript'] },
  ]).find((h) => h.live && !/^\s*import\b/.test(h.text));
  if (!client) return undefined;
  const policies = findHits(facts, [ROW_POLICY]).filter((h) =>
    CALLER_IN_POLICY.test(
      facts.repo
        .lines(h.path)
        .slice(h.line - 1, h.line + 8)
        .join('\n'),
    ),
  );
  if (!policies.length) return undefined;
  return [
    {
      path: policies[0]!.path,
      line: policies[0]!.line,
      note: `row-level security policy on the caller (${policies.length} policies)`,
    },
    {
      path: client.path,
      line: client.line,
      note: "queries go through a Supabase client carrying the caller's session",
    },
  ];
}

/** A hit as a site: its label, and whether its file is reached at all. */
function site(h: SourceHit, note?: string): AuthorizationSite {
  return {
    path: h.path,
    line: h.line,
    note: note ?? `${h.label}${h.live ? '' : ' (file not reached from any entrypoint)'}`,
  };
}

/** A raise that only some requests reach: the nearest code line above, less indented, opens an if/elif/else. */
function conditional(facts: Facts, h: SourceHit): boolean {
  const lines = facts.code.lines(h.path);
  const indent = (l: string): number => /^\s*/.exec(l)![0].length;
  const own = indent(lines[h.line - 1] ?? '');
  for (let i = h.line - 2; i >= 0 && i >= h.line - 4; i--) {
    const l = lines[i] ?? '';
    if (!l.trim() || /^\s*#/.test(l)) continue;
    return indent(l) < own && /^\s*(?:if|elif|else)\b/.test(l);
  }
  return false;
}

/**
 * A function requests call directly: a Rails controller action (methods of app/controllers), or a handler a route
 * names (Django path(..., views.edit), Spring controllers, Next.js route exports). Its checks run on every request.
 */
function routeHandler(facts: Facts, file: string, name: string, line?: number): string | undefined {
  const language = facts.repo.get(file)?.language;
  if (language === 'ruby' && /(^|\/)app\/controllers\//.test(file)) return `controller action ${name}`;
  if (isRouteHandler(facts, file, name)) return `the route handler ${name}`;
  // A verb method of a class-based view a route names (Flask-RESTful `api.add_resource(Certificates, "/certificates")`,
  // a Flask MethodView): the framework calls `post` of that class for a POST.
  const view = language === 'python' && line ? pyVerbMethodClass(facts, file, name, line) : undefined;
  if (view && routesView(facts, file, view)) return `the route handler ${view}.${name}`;
  return language === 'go' && goRpcMethod(facts, file, name) ? `the RPC method ${name}` : undefined;
}

/**
 * The class a Python HTTP-verb method (`def post(self, …)` at 1-based `line`) belongs to: the definition around it,
 * when that is a class.
 */
function pyVerbMethodClass(facts: Facts, file: string, name: string, line: number): string | undefined {
  if (!/^(?:get|post|put|patch|delete|head|options)$/.test(name)) return undefined;
  const outer = enclosing(facts, file, line, true);
  return outer && /^\s*class\s/.test(facts.code.lines(file)[outer.line - 1] ?? '') ? outer.name : undefined;
}

/**
 * A route names the class-based view `view` of `file`: registered in that file, or in a file that imports it (its
 * module, or the package whose `__init__.py` stands beside it). A class of the same name in another module is
 * another view.
 */
function routesView(facts: Facts, file: string, view: string): boolean {
  const pkgInit = `${file.replace(/[^/]*$/, '')}__init__.py`;
  return facts.service.routes.some(
    (r) =>
      r.reached &&
      r.handler !== undefined &&
      (r.handler === view || r.handler.endsWith(`.${view}`)) &&
      (r.file === file || !!facts.imports.byFile.get(r.file)?.some((i) => i.local === file || i.local === pkgInit)),
  );
}

/**
 * A Go method with the signature protobuf code generators give a service's handlers (gRPC, Twirp, Connect):
 * `func (s *Rooms) CreateRoom(ctx context.Context, req *pb.CreateRoomRequest) (…, error)`, or Connect's
 * `req *connect.Request[pb.CreateRoomRequest]`. The server the generated code registers calls it for each request.
 */
function goRpcMethod(facts: Facts, file: string, name: string): boolean {
  const re = new RegExp(
    `^func\\s+\\(\\s*\\w+\\s+\\*?\\w+\\s*\\)\\s+${escapeRegExp(name)}\\s*\\(\\s*\\w+\\s+context\\.Context\\s*,\\s*\\w+\\s+\\*?(?:connect\\.Request\\[\\s*\\*?)?\\w+\\.\\w*Request\\b`,
  );
  return facts.code.lines(file).some((l) => l.startsWith('func') && re.test(l));
}

/**
 * An `if … do` whose else branch (before its `end`) rejects: `else :unauthorized`, `else {:error, :forbidden}`,
 * `else send_resp(conn, 403, …)`; `unless` rejects in its own body (`unless note.user_id == user.id, do: raise …`).
 */
function elseRejects(facts: Facts, h: SourceHit): boolean {
  const lines = facts.code.lines(h.path);
  const own = /^\s*/.exec(lines[h.line - 1] ?? '')![0].length;
  if (/^\s*unless\b/.test(h.text)) return lines.slice(h.line - 1, h.line + 3).some((l) => FORBIDS.test(l));
  if (/,\s*do:/.test(h.text)) return /\belse:/.test(h.text) && FORBIDS.test(h.text.slice(h.text.indexOf('else:')));
  let inElse = false;
  for (let i = h.line; i < lines.length && i < h.line + 12; i++) {
    const l = lines[i]!;
    const indent = /^\s*/.exec(l)![0].length;
    if (l.trim() && indent <= own) {
      if (/^\s*end\b/.test(l)) return false;
      inElse = /^\s*else\b/.test(l);
      if (inElse && FORBIDS.test(l)) return true;
      continue;
    }
    if (inElse && FORBIDS.test(l)) return true;
  }
  return false;
}

/**
 * The function enclosing `call` (a call of the check's helper), when a route handler calls it in turn: the handler's
 * name and call site. A handler a route names is high confidence; a Rust function only taking the framework's request
 * extractors is low (its route registration is not followed).
 */
function calledByHandlerCaller(
  facts: Facts,
  helper: string,
  call: { path: string; line: number },
): { caller: string; handler: string; at: { path: string; line: number }; confidence?: 'low' } | undefined {
  const caller = enclosing(facts, call.path, call.line);
  if (!caller || caller.decorated || caller.name === helper) return undefined;
  let handler: string | undefined;
  let low = false;
  const at = calledAt(facts, caller.name, { path: call.path, line: caller.line }, (c) => {
    const fn = enclosing(facts, c.path, c.line);
    if (!fn || fn.name === caller.name || fn.name === helper) return false;
    if (routeHandler(facts, c.path, fn.name) || rustGraphqlResolver(facts, c.path, c.line)) {
      handler = fn.name;
      return true;
    }
    if (c.path.endsWith('.rs') && rustHandlerSignature(facts, c.path, fn.line)) {
      handler = fn.name;
      low = true;
      return true;
    }
    return false;
  });
  if (!at || !handler) return undefined;
  return { caller: caller.name, handler, at, ...(low ? { confidence: 'low' as const } : {}) };
}

/**
 * The line sits in a method of a Rust GraphQL object (`#[Object] impl Mutation`, async-graphql; `#[graphql_object]
 * impl Query`, juniper): a resolver, which the schema's one HTTP route runs for every query naming its field.
 */
function rustGraphqlResolver(facts: Facts, file: string, line: number): boolean {
  if (!file.endsWith('.rs')) return false;
  const lines = facts.code.lines(file);
  const indent = (l: string): number => /^\s*/.exec(l)![0].length;
  let limit = indent(lines[line - 1] ?? '');
  for (let i = line - 2; i >= 0; i--) {
    const l = lines[i]!;
    if (!l.trim() || indent(l) >= limit) continue;
    limit = indent(l);
    if (!/^\s*impl\b/.test(l)) continue;
    return lines
      .slice(Math.max(0, i - 3), i)
      .some((a) => /^\s*#\[\s*(?:\w+::)*(?:Object|graphql_object|Subscription|graphql_subscription)\b/.test(a));
  }
  return false;
}

/** The parameters of the Rust function defined at `line` name request extractors (axum, actix-web, poem). */
function rustHandlerSignature(facts: Facts, file: string, line: number): boolean {
  const lines = facts.code.lines(file);
  const sig: string[] = [];
  for (let i = line - 1; i < Math.min(lines.length, line + 12); i++) {
    sig.push(lines[i]!);
    if (/\{\s*$/.test(lines[i]!)) break;
  }
  return /\b(?:Path|State|Json|Query|Form|Extension|TypedHeader)\s*\(|\b(?:web::)?(?:Path|Json|Query|Form)\s*<|\bweb::Data\s*</.test(
    sig.join('\n'),
  );
}

/** A NestJS guard's decision (`async canActivate(context: ExecutionContext)`), in a file that names the interface. */
const NEST_CAN_ACTIVATE: SourcePattern = {
  re: /^\s*(?:public\s+)?(?:async\s+)?canActivate\s*\(/,
  label: "NestJS guard checking the path's record against the caller",
  langs: ['typescript', 'javascript'],
  fileRequires: /\bCanActivate\b/,
};
/** A value of the request's path: `request.params.threadId`, `req.params['id']`. */
const PATH_PARAM = /\b(?:req|request)\.params\b/;
/**
 * A value of the signed-in caller on the request: what authentication put there (`request.user.id`, `req.auth`,
 * `request.session`) or a property an earlier guard set under a constant key (`request[ProjectId]`).
 */
const OF_CALLER =
  /\b(?:req|request)(?:\??\.(?:user|auth|session|principal|account|apiKey|token|claims|member)\b|\[\s*[A-Za-z_$][\w$.]*\s*\])/;
/** A refusal in a guard: `return false` (NestJS answers 403), a Forbidden or NotFound exception. */
const GUARD_REFUSES = /\breturn\s+false\b|\bthrow\s+new\s+\w*(?:Forbidden|NotFound)\w*|ForbiddenException/;
/** A call that refuses by throwing, whatever follows it (`await this.members.assertMember(userId, workspaceId)`). */
const THROWING_CALL = /\b(?:assert|ensure|check|verify|require)[A-Z]\w*\s*\(/;
const LOGGING = /\b(?:console|logger|log)\.\w+\s*\(|\.(?:log|warn|error|info|debug|verbose)\s*\(/;

/**
 * NestJS guards that check the record a request names against the caller (object-level authorization): inside
 * canActivate, one statement uses both a value of the path (`request.params.threadId`, or a variable set from it) and
 * a value of the signed-in caller (`request.user.id`, `request[ProjectId]`, or a variable set from them) — a comparison
 * (`if (projectId !== authorizedProjectId) return false`) or a lookup of the record within the caller's project
 * (`ensureThreadByProjectId(db, threadId, projectId)`) — and the guard refuses (false, a Forbidden or NotFound
 * exception, or a call that asserts). The hit is the statement; the guard's class is applied where `@UseGuards(…)`
 * or an APP_GUARD names it (see the checks' loop).
 */
function guardRecordChecks(facts: Facts): SourceHit[] {
  const out: SourceHit[] = [];
  const indentOf = (l: string): number => /^\s*/.exec(l)![0].length;
  const strip = (l: string): string => l.replace(/`(?:[^`\\]|\\.)*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, '""');
  for (const h of findHits(facts, [NEST_CAN_ACTIVATE])) {
    const lines = facts.code.lines(h.path);
    const base = indentOf(h.text);
    let end = h.line;
    while (end < lines.length && end < h.line + 150 && !(indentOf(lines[end]!) <= base && /^\s*\}/.test(lines[end]!)))
      end++;
    // Statements, a call or declaration continued over several lines joined into one.
    const statements: { line: number; text: string }[] = [];
    for (let i = h.line; i < end; i++) {
      let text = strip(lines[i]!);
      const line = i + 1;
      let depth = (text.match(/\(/g)?.length ?? 0) - (text.match(/\)/g)?.length ?? 0);
      while (i + 1 < end && i < line + 12 && (depth > 0 || /(?:=|\?\?|\|\||&&|\?|:)\s*$/.test(text))) {
        const next = strip(lines[++i]!);
        depth += (next.match(/\(/g)?.length ?? 0) - (next.match(/\)/g)?.length ?? 0);
        text += ` ${next.trim()}`;
      }
      statements.push({ line, text });
    }
    const pathVars = new Set<string>();
    const callerVars = new Set<string>();
    let pathExpr = PATH_PARAM;
    for (const s of statements) {
      // `const { user, params } = context.switchToHttp().getRequest()`: the caller and the path, destructured.
      const req = /\b(?:const|let|var)\s+\{([^}]*)\}\s*(?::[^=]+)?=\s*[^;]*\bgetRequest\s*\(/.exec(s.text);
      if (req) {
        const names = req[1]!.split(',').map((n) => n.split(':').pop()!.trim());
        if (names.includes('params')) pathExpr = /\b(?:req|request)\.params\b|\bparams\s*(?:\.|\[)/;
        for (const n of names) if (/^(?:user|auth|session|principal|account|member)$/.test(n)) callerVars.add(n);
      }
      const decl = /\b(?:const|let|var)\s+(?:(\w+)|\{([^}]*)\})\s*(?::[^=]+)?=(?!=)(.*)$/.exec(s.text);
      if (!decl) continue;
      const names = decl[1] ? [decl[1]] : decl[2]!.split(',').map((n) => n.split(':').pop()!.trim());
      const value = decl[3]!;
      const uses = (set: Set<string>) => [...set].some((v) => new RegExp(`\\b${escapeRegExp(v)}\\b`).test(value));
      if (pathExpr.test(value) || uses(pathVars)) for (const n of names) pathVars.add(n);
      else if (OF_CALLER.test(value) || uses(callerVars)) for (const n of names) callerVars.add(n);
    }
    const refers = (text: string, expr: RegExp, vars: Set<string>, own: string[]) =>
      expr.test(text) ||
      [...vars].some((v) => !own.includes(v) && new RegExp(`(?<![\\w$.])${escapeRegExp(v)}\\b(?!\\s*:)`).test(text));
    const refusesAfter = (line: number) =>
      lines.slice(line - 1, end).some((l) => GUARD_REFUSES.test(l)) ||
      lines.slice(line - 1, end).some((l) => FORBIDS.test(l));
    for (const s of statements) {
      if (LOGGING.test(s.text)) continue;
      const decl = /\b(?:const|let|var)\s+(?:(\w+)|\{([^}]*)\})\s*(?::[^=]+)?=(?!=)(.*)$/.exec(s.text);
      const own = decl ? (decl[1] ? [decl[1]] : decl[2]!.split(',').map((n) => n.split(':').pop()!.trim())) : [];
      const text = decl ? decl[3]! : s.text;
      if (!refers(text, pathExpr, pathVars, own) || !refers(text, OF_CALLER, callerVars, own)) continue;
      // A comparison of the two, or a call taking both (the record looked up within the caller's scope).
      if (!/!==?|===?|\w\s*\(/.test(text)) continue;
      if (!refusesAfter(s.line) && !THROWING_CALL.test(text)) continue;
      out.push({
        path: h.path,
        line: s.line,
        label: NEST_CAN_ACTIVATE.label,
        text: lines[s.line - 1]!,
        groups: [],
        live: h.live,
      });
      break;
    }
  }
  return out;
}

/**
 * The Elysia macro around a hit (the property of `.macro({ … })` whose body holds the line, written as a method
 * `permissions(perms) {` or a property `isAdmin: {`) and the first place live code names it in a route's or guard's
 * options (`permissions: ["core.read"]`, `isAdmin: true`); without such a place, the macro alone (never wired).
 */
function elysiaMacro(facts: Facts, h: SourceHit): { name: string; at?: { path: string; line: number } } | undefined {
  if (!/\.(?:ts|tsx|js|mjs)$/.test(h.path)) return undefined;
  const lines = facts.code.lines(h.path);
  const indentOf = (l: string): number => /^\s*/.exec(l)![0].length;
  let limit = indentOf(lines[h.line - 1] ?? '');
  let name: string | undefined;
  for (let i = h.line - 2; i >= 0 && i >= h.line - 40; i--) {
    const l = lines[i]!;
    if (!l.trim() || indentOf(l) >= limit) continue;
    limit = indentOf(l);
    if (/\.macro\s*\(/.test(l)) break;
    const prop = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?:\([^)]*\)\s*(?::[^{]*)?\{|:\s*\{)\s*$/.exec(l);
    if (prop) name = prop[1];
    if (!name) continue;
    // The property sits directly in the macro's object (`.macro({` on the line above it, less indented).
    const above = lines.slice(Math.max(0, i - 2), i).join('\n');
    if (!/\.macro\s*\(\s*(?:(?:\([^)]*\)|\w+)\s*=>\s*(?:\(\s*)?)?\{\s*$/.test(above)) {
      name = undefined;
      continue;
    }
    const n = name;
    const use = findHits(facts, [
      {
        re: new RegExp(`^\\s*${escapeRegExp(n)}\\s*:\\s*(?:\\[|true\\b|['"\`]|[A-Za-z_$][\\w$.]*\\s*,?\\s*$)`),
        label: 'Elysia macro option',
        langs: ['typescript', 'javascript'],
        fileRequires: /\belysia\b|\.guard\s*\(|\.(?:get|post|put|patch|delete)\s*\(/i,
      },
    ]).find((u) => u.live && !(u.path === h.path && u.line === i + 1));
    return use ? { name: n, at: { path: use.path, line: use.line } } : { name: n };
  }
  return undefined;
}

/**
 * Whether a session level check refuses the caller: within its block or on the lines after it (the level let through,
 * `return false` after: a handler's `before()` hook stopping the request), a denial, a 401/403, `exit` or `die`.
 */
function sessionLevelRefuses(facts: Facts, h: SourceHit): boolean {
  return facts.code
    .lines(h.path)
    .slice(h.line - 1, h.line + 6)
    .some((l) => FORBIDS.test(l) || PHP_REFUSES.test(l));
}

/** After the guard lets the privileged caller through, the next statements refuse everyone else. */
function passThroughRejects(facts: Facts, h: SourceHit): boolean {
  return facts.code
    .lines(h.path)
    .slice(h.line, h.line + 3)
    .some(
      (l) =>
        FORBIDS.test(l) ||
        /\bthrow\b[^\n]*\b40[13]\b|\b(?:status|sendStatus|code)\s*\(\s*40[13]\b|\bthrow\s+new\s+\w*(?:Auth|Permission|Access|Forbidden)\w*Error\b/.test(
          l,
        ),
    );
}

/**
 * The index of the first body line of an `if (` whose condition runs over several lines, when the 1-based line is one
 * of its clauses (`if (⏎ !hasAccess(token, method) ||⏎ …⏎ ) {`).
 */
function bodyAfterCondition(lines: readonly string[], line: number): number | undefined {
  let open = -1;
  for (let j = line - 2; j >= 0 && j >= line - 6; j--) {
    if (/^\s*(?:\}\s*else\s+)?if\s*\(\s*$/.test(lines[j]!)) {
      open = j;
      break;
    }
    if (!/(?:\|\||&&|\()\s*$/.test(lines[j]!)) return undefined;
  }
  if (open < 0) return undefined;
  for (let j = line - 1; j < lines.length && j <= open + 10; j++) if (/^\s*\)\s*\{?\s*$/.test(lines[j]!)) return j + 1;
  return undefined;
}

/**
 * Go: whether the `if <err> != nil { … }` on the line after a check's `err := …` (line 1-based `at`) returns a refusal
 * inside its block: `return err` (or the error wrapped), an `Err…` value, or a 403/Forbidden answer. Only the block
 * is read, up to the `}` that closes it, whether it is written on one line or several.
 */
function goErrorReturned(lines: readonly string[], at: number, name: string): boolean {
  const open = new RegExp(`^\\s*if\\s+${name}\\s*!=\\s*nil\\s*\\{(.*)$`).exec(lines[at] ?? '');
  if (!open) return false;
  const body: string[] = [];
  let depth = 1;
  let rest = open[1] ?? '';
  for (let i = at; i < lines.length && i < at + 12; i++) {
    if (i > at) rest = lines[i] ?? '';
    let kept = '';
    for (const ch of rest) {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
      if (depth === 0) break;
      kept += ch;
    }
    body.push(kept);
    if (depth === 0) break;
  }
  const refusal = new RegExp(
    `\\breturn\\s+(?:[^\\n]*\\b${name}\\b|(?:\\w+\\.)*Err\\w*|[^\\n]*(?:\\b403\\b|Forbidden))`,
  );
  return body.some((l) => refusal.test(l));
}

/** A Ktor call answered 401 or 403 (a refusal after an access check, whichever status the service chose). */
const KTOR_REFUSAL = /\bHttpStatusCode\.(?:Unauthorized|Forbidden)\b/;

/** A Go middleware letting the request through: `return next(c)`, `next.ServeHTTP(w, r)`, `c.Next()`. */
const GO_PASS_ON = /^\s*(?:return\s+)?(?:next|handler|h)(?:\.ServeHTTP)?\s*\(|^\s*(?:return\s+)?\w+\.Next\s*\(\s*\)/;

/**
 * Go middleware that lets the allowed callers through and refuses the rest after them: `for _, role := range roles {
 * if role == user.Role { return next(c) } }` then `return c.JSON(http.StatusForbidden, …)`, or `if user.Role ==
 * "admin" { return next(c) }` before the owner test that answers 403. The `if` at the 1-based line passes the request
 * on; a refusal follows within the function (at most 15 lines after the block, before the request is passed on again).
 */
function goAllowsThenRefuses(lines: readonly string[], line: number): boolean {
  const head = lines[line - 1] ?? '';
  if (!/^\s*if\s/.test(head) || !head.trimEnd().endsWith('{') || !GO_PASS_ON.test(lines[line] ?? '')) return false;
  // The block's end: the first line after the pass-on that closes back to the `if`'s depth.
  let depth = 1;
  let i = line;
  for (; i < lines.length && i < line + 8; i++) {
    for (const ch of lines[i]!) depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
    if (depth <= 0) break;
  }
  if (depth > 0) return false;
  for (const l of lines.slice(i + 1, i + 16)) {
    if (FORBIDS.test(l)) return true;
    if (GO_PASS_ON.test(l) || /^(?:func\s|\})/.test(l)) return false;
  }
  return false;
}

/** The request handed on to the next handler: `return next()`, `await next()`, `{ return next(); }`. */
const PASSES_TO_NEXT = /(?:^\s*|[{)]\s*)(?:return\s+)?(?:await\s+)?next\s*\(\s*\)/;

function rejects(facts: Facts, h: SourceHit): boolean {
  if (
    /\b(?:require_role|requireRole|require_roles|requireRoles|require_permission|requirePermission|require_scope|requireScope)\s*\(|\b(?:require|ensure|assert)\w*(?:Role|Permission|Scope)s?\s*\(/.test(
      h.text,
    )
  )
    return true;
  // A permission check called as a statement of its own (`User::CheckPermission($request, User::PERMISSION_ADD);`):
  // its result is not used, so it rejects by throwing.
  if (
    /^\s*(?:[\w\\]+::|\$\w+(?:->\w+)*->|this\.|self\.)?(?:check|Check)(?:Permission|Role|Scope|Right)s?\s*\([^;]*\)\s*;?\s*$/.test(
      h.text,
    )
  )
    return true;
  const lines = facts.code.lines(h.path);
  // Go: the error of a permission check returned as the handler's answer (`err := CheckPermissions(c,
  // []string{"users.read"})`, then `if err != nil { return err }`): the check builds the refusal. The return must be
  // inside the `if` block (an error only logged there, then the handler's own answer after it, refuses nothing).
  const goErr =
    /^\s*(\w+)\s*:?=\s*(?:\w+\.)*(?:check|Check|require|Require)(?:Permission|Role|Scope|Right)s?\s*\(/.exec(h.text);
  if (goErr && goErrorReturned(lines, h.line, goErr[1] ?? 'err')) return true;
  const asksPermission = h.label === PREDICATE.label && PERMISSION_ARGUMENT.test(h.text);
  if (lines.slice(h.line - 1, h.line + 4).some((l) => FORBIDS.test(l) || (asksPermission && UNAUTHORIZED.test(l))))
    return true;
  if (h.path.endsWith('.go') && goAllowsThenRefuses(lines, h.line)) return true;
  // One clause of a condition written over several lines: the body after the condition closes rejects.
  const body = bodyAfterCondition(lines, h.line);
  if (body !== undefined && lines.slice(body, body + 3).some((l) => FORBIDS.test(l))) return true;
  // The decision kept in a variable and rejected on a few lines later (`const allowed = required.some((s) =>
  // scopes.includes(s)); if (!allowed) return c.json({ error: 'Forbidden' }, 403)`).
  const kept = /^\s*(?:(?:const|let|var|val)\s+)?(\w+)\s*(?::=|=(?!=))/.exec(lines[h.line - 1] ?? '');
  if (!kept) return false;
  const negated = new RegExp(
    `(?:!\\s*|\\bnot\\s+|\\bunless\\s+)${kept[1]}\\b(?!\\s*\\()|\\b${kept[1]}\\s*===?\\s*false\\b`,
  );
  const at = lines.slice(h.line, h.line + 12).findIndex((l) => negated.test(l));
  if (at >= 0 && lines.slice(h.line + at, h.line + at + 5).some((l) => FORBIDS.test(l))) return true;
  // A middleware letting the caller through when the decision holds and refusing after it (`const allowed =
  // user.roles.some((r) => wanted.includes(r.slug)); if (allowed) { return next() } throw new ForbiddenException()`).
  const passes = new RegExp(`^\\s*if\\s*\\(\\s*${kept[1]}\\s*\\)`);
  const through = lines.slice(h.line, h.line + 12).findIndex((l) => passes.test(l));
  if (
    through >= 0 &&
    lines.slice(h.line + through, h.line + through + 2).some((l) => PASSES_TO_NEXT.test(l)) &&
    lines.slice(h.line + through + 1, h.line + through + 6).some((l) => FORBIDS.test(l))
  )
    return true;
  // Kotlin: `when (allowed) {` whose `false ->` branch refuses (its first lines may log the attempt).
  const when = lines
    .slice(h.line, h.line + 12)
    .findIndex((l) => new RegExp(`\\bwhen\\s*\\(\\s*${kept[1]}\\s*\\)`).test(l));
  if (when < 0) return false;
  const branch = lines.slice(h.line + when, h.line + when + 4).findIndex((l) => /^\s*false\s*->/.test(l));
  const from = h.line + when + branch;
  return branch >= 0 && lines.slice(from, from + 8).some((l) => FORBIDS.test(l) || KTOR_REFUSAL.test(l));
}
