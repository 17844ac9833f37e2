import {
  appliedAt,
  appliedThroughVariable,
  calledAt,
  defineRule,
  enclosing,
  findHits,
  inlineRoute,
  isRouteHandler,
  type RuleContext,
  type SourceHit,
  type SourcePattern,
} from '../../src/sdk/index.js';
import { declaredNotApplied, hitEvidence } from '../_lib/security-verdicts.js';

/** Authorization decided where it is written: annotations, policy calls, permission classes, role comparisons that reject. */
const APPLIED: SourcePattern[] = [
  // Python
  { re: /\bSecurity\([^)]*\bscopes\s*=\s*\[/, label: 'FastAPI Security scopes', langs: ['python'] },
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
    re: /\b(?:Depends|Security)\(\s*\w*Permission\w*\(/,
    label: 'FastAPI permission dependency',
    langs: ['python'],
  },
  {
    // @admins_only, @admin_required, @require_admin, @superuser_required, @require_permission("x"), @roles_required:
    // a decorator named for a role or permission, applied to a function (not @admin.register, Django's admin site).
    re: /^\s*@(?:\w+\.)*(?:\w*admins?_(?:only|required)|require_\w*(?:admin|superuser|staff|moderator|role|permission|scope)s?|\w*(?:superuser|staff|moderator|owner)s?_(?:only|required)|\w*permissions?_required|roles?_(?:required|accepted))\s*(?:\(|$)/,
    label: 'role/permission decorator',
    langs: ['python'],
  },
  // Node
  {
    re: /@Roles\(|\bRolesGuard\b|@Permissions\(|\bPoliciesGuard\b|@CheckPolicies\(/,
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
  { re: /\bcasbin\.NewEnforcer\(|\.Enforce\(|\bauthz\.NewAuthorizer\(/, label: 'casbin enforcer', langs: ['go'] },
  // Spring
  {
    re: /@PreAuthorize\(|@PostAuthorize\(|@Secured\(|@RolesAllowed\(|\.hasRole\(|\.hasAnyRole\(|\.hasAuthority\(|\.hasAnyAuthority\(|@EnableMethodSecurity|@EnableGlobalMethodSecurity/,
    label: 'Spring Security roles/authorities',
    langs: ['java', 'kotlin'],
  },
  // Rails
  {
    re: /^\s*authorize\s+[@:\w]|\bauthorize!\s*[(:@\w]|\bpolicy_scope\(|\bload_and_authorize_resource\b|\bauthorize_resource\b|\bverify_authorized\b|\bcan\?\s*\(?:/,
    label: 'Pundit/CanCanCan authorization',
    langs: ['ruby'],
  },
  {
    re: /\.RequireAuthorization\s*\(\s*"|\[\s*Authorize\s*\(\s*(?:Roles|Policy)\s*=|\.RequireRole\s*\(|\.RequireClaim\s*\(|\.RequireAssertion\s*\(|\bUser\.IsInRole\s*\(|\.IsInRole\s*\(|\.AuthorizeAsync\s*\(|:\s*AuthorizationHandler\s*</,
    label: 'ASP.NET Core policies/roles',
    langs: ['csharp'],
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
  // Phoenix
  {
    re: /\bBodyguard\.permit!?\s*\(|\bpermit\?\s*\(|^\s*plug\s*\(?\s*(?::require_(?:admin|role|permission|owner)\w*|:(?:admin|authorize)\w*|[\w.]*\.(?:Require|Ensure)(?:Admin|Role|Permission)\w*|Canary\.Plugs\.\w+)\b|\bload_and_authorize_resource\b/,
    label: 'Phoenix authorization (Bodyguard / role plugs)',
    langs: ['elixir'],
  },
];

/** A role/scope/permission comparison that rejects with 403: applied when its function is reached by requests. */
const ROLE_CHECK: SourcePattern = {
  re: /\b(?:roles?|is_admin|isAdmin|is_staff|is_superuser|scopes?|permissions?|Role|Roles|Scopes|Permissions|\w*(?:Rights|Permissions|Roles|Scopes)|rights)\b[^\n]{0,60}?(?:!=|!==|==|===|\bnot\s+in\b|\bin\b|\.includes\(|\.some\(|\.every\(|\.contains\(|\.has\(|slices\.Contains)|\b(?:require_role|requireRole|require_roles|requireRoles|require_permission|requirePermission|has_role|hasRole|checkRole|check_role|authorize|checkPermission|check_permission|require_scope|requireScope)\s*\(|!\s*(?:[\w.]+\.)?(?:IsAdmin|IsSiteAdmin|isAdmin|is_admin|IsOwner|isOwner|IsStaff|isStaff|IsSuperuser|isSuperuser)\b(?!\s*\()/,
  label: 'role/permission check',
};
/** Object-level checks: the record's owner compared with the caller (`article.userId !== user.id`, `repo.OwnerID != c.User.ID`). */
const OWNERSHIP: SourcePattern = {
  re: /(?:\b(?:owner|author|creator|user|account)_?(?:id|Id|ID)\b|\.(?:owner|author|creator|user)\.(?:id|Id|ID)\b|\bOwnerID\b|\bUserID\b)[^\n]{0,60}?(?:!==?|!=|\.equals\(|\bis\s+not\b)|(?:!==?|!=)\s*(?:[\w.]+\.)?(?:owner|author|creator|user|account)_?(?:id|Id|ID)\b/,
  label: 'ownership check',
};
/** A query filtered by the caller's id: the record must belong to the caller to be found at all. */
const SCOPED_QUERY: SourcePattern = {
  re: /\beq\(\s*[\w$.]+\.(?:userId|ownerId|authorId|creatorId|createdBy|user_id|owner_id|author_id)\s*,\s*[\w$.?]*\b(?:user|session|auth|currentUser|viewer)\b[\w$.?]*\.(?:id|userId)\s*\)|\b(?:userId|ownerId|authorId|creatorId|user_id|owner_id|author_id)\s*:\s*[\w$.?]*\b(?:user|session|auth|currentUser|viewer)\b[\w$.?]*\.(?:id|userId)\b/,
  label: 'queries scoped to the caller (an owner filter on the record)',
};
/** A permission predicate whose false result rejects: `if (!canEditWebsite(...)) return unauthorized()`. */
const PREDICATE: SourcePattern = {
  re: /!\s*\(?\s*(?:await\s+)?(?:[\w.]+\.)?(?:can[A-Z]\w*|has[A-Z]\w*(?:Permission|Role|Access|Right|Scope)\w*|is(?:Owner|Admin|Allowed|Authorized|Author|Member|Collaborator)\w*|(?:check|verify)(?:Permission|Access|Ownership|Owner)\w*)\s*\(/,
  label: 'permission predicate',
};
const FORBIDS =
  /\b403\b|HTTP_403|Forbidden|FORBIDDEN|StatusForbidden|PermissionDenied|ForbiddenException|HttpStatus\.FORBIDDEN|head\s*:forbidden|AccessDenied|NoAuthorization|NotAuthorized|[Uu]nauthorized\(|NotAllowed|NotPermitted|status:\s*:forbidden|\bunauthorized!|\bverboten!|\bdeny_access\b|\bthrow\s+redirect\(/;

/**
 * Python/Ruby guards that decide who may act: ownership (the record's owner is not the caller), admin or role
 * predicates (`not user.admin`, `current_user.admin?`, `has_cached_role?`), capability helpers (`can_edit?`,
 * `user_can_modify`), and Django's PermissionDenied. They count when the next lines (or the same line) reject.
 */
const GUARD_CHECKS: SourcePattern[] = [
  {
    re: /^\s*(?:if|elif)\s[^\n]*(?:\b(?:current_user|request\.user|g\.user|user|owner\w*|author\w*|creator\w*)\b[^\n]*(?:!=|\bis\s+not\b|\bnot\s+in\b)|(?:!=|\bis\s+not\b)[^\n]*\b(?:current_user|request\.user|user_id|owner_id|author_id)\b|\bnot\s+(?:\w+\.)*(?:\w*_can_\w+|can_\w+|\w*(?:allowed|permitted|authori[sz]ed)\w*|is_\w*(?:admin|owner|staff|superuser|moderator|member)\w*|admin|rw|is_rw|has_\w*(?:perm|role|access)\w*)\b)/,
    label: 'ownership/role check',
    langs: ['python'],
  },
  {
    re: /\braise\s+PermissionDenied\b/,
    label: 'Django PermissionDenied',
    langs: ['python'],
  },
  {
    re: /\b(?:unless|if)\b[^\n]*(?:(?:==|!=)\s*(?:current_user|Current\.(?:true_)?user|@current_user)\b|\b(?:current_user|Current\.(?:true_)?user|@current_user)\b[^\n]*(?:==|!=|\.(?:\w*admin|moderator|staff|owner|has_(?:cached_)?role|has_any_role|can_\w+|able_to_\w+)\w*\?)|\.(?:\w*admin|is_moderator|moderator|has_(?:cached_)?role|has_any_role)\?|\b(?:can_\w+|able_to_\w+)\?)/,
    label: 'ownership/role check',
    langs: ['ruby'],
  },
];
/** Ruby and Flask also reject by redirecting away (redirect_to root_path unless ...), or by raising. */
const REJECTS_INLINE = /\bredirect_to\b|\bredirect\(|\braise\b|\babort\(|\brender\b[^\n]*status/;

/** Route middleware that authorizes: Laravel can:/role:/permission:, Phoenix admin pipelines and role plugs. */
const ROUTE_AUTHZ =
  /^(?:can:[\w,.-]+|role:[\w|,.-]+|permission:[\w|,.-]+|role_or_permission:\S+|admin|is_admin|:require_admin\w*|:admin\w*|:require_(?:role|permission)\w*|[\w.]*\.(?:Require|Ensure)(?:Admin|Role|Permission)\w*)$/;

const DEPS =
  /^(casbin|pycasbin|oso|django-guardian|rules|django-rules|flask-principal|flask-security(-too)?|@casl\/ability|@casl\/\w+|accesscontrol|casbin|@nestjs\/casl|github\.com\/casbin\/casbin(\/v\d+)?|pundit|cancancan|action_policy|rolify|spatie\/laravel-permission|bodyguard|canary|canada|let_me)$/;

export default defineRule({
  meta: {
    id: 'security.authz',
    category: 'security',
    title: 'Roles, permissions or scopes are checked beyond authentication',
    severity: 'high',
    level: 2,
    scope: 'component',
    requires: ['http'],
    docs: {
      why: "Authentication says who the caller is; without authorization every authenticated user can read and change everyone's data or call admin operations (broken access control is OWASP's top risk).",
      how:
        'Looks in production code reached from the entrypoints for authorization decisions: FastAPI Security(..., scopes=[...]), DRF permission classes beyond IsAuthenticated, Django permission_required/has_perm/django-guardian/rules, NestJS @Roles with RolesGuard, CASL, accesscontrol, casbin (Python, Node, Go), Spring @PreAuthorize/@Secured/hasRole/hasAuthority, Pundit authorize/policy_scope, CanCanCan, role/scope/permission/rights comparisons, negated admin predicates (`!user.IsAdmin`), ownership comparisons (the owner id of the record against the caller) and permission predicates (`if (!canEdit(...))`) that reject with 403 (or a not-authorized error). A check inside a route handler, or in a factory whose result a route applies (`reqAdmin := Toggle(...)`, then `m.Get("/x", reqAdmin, h)`), is applied. ' +
        "Python and Ruby idioms count too: ownership checks (the record's owner is not the caller → abort(403), HTTPException 403, PermissionDenied, head :forbidden, or redirect_to ... unless owner == current_user), admin and role predicates (not user.admin, current_user.admin?, has_cached_role?), capability helpers (can_edit?, user_can_modify), decorators named for a role (@admins_only, @require_admin, @permission_required), FastAPI Depends(SomePermission(...)), and before_action filters named for a role (:require_admin, :require_logged_in_moderator). " +
        'A check inside a Rails controller action or a Django view named by a URL pattern runs on every request it serves. ' +
        'A role check inside a helper counts only when a route, router or middleware applies it ("defined but never wired"); a policy library declared in a manifest that no production code uses is "declared but not used". ' +
        'A check that only tests authentication (IsAuthenticated, login_required) is not authorization.',
      fix: [
        'Decide, per route, which role or scope may call it, and enforce it in one place (a dependency, guard, policy or annotation).',
        'Check object ownership for per-record access (the caller owns the order), not only roles.',
        'Deny by default: new routes should require an explicit permission.',
        "Laravel: write a Policy per model and call $this->authorize('update', $order) (or the can: middleware); use Gate::define for non-model abilities.",
        "Symfony: write Voters and guard controllers with #[IsGranted('EDIT', 'order')].",
        'Phoenix: check permissions in the context (Bodyguard.permit/3) and plug an admin pipeline on admin scopes.',
      ],
      effort: 'M',
      links: [
        'https://owasp.org/Top10/A01_2021-Broken_Access_Control/',
        'https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html',
      ],
    },
    messages: {
      applied: 'Authorization is enforced: {{how}}.',
      notWired:
        'A role/permission check is defined in {{file}} ({{name}}) but never wired: no route or middleware applies it.',
      notUsed: '{{dep}} is declared in {{manifest}} but not used: no production code checks roles or permissions.',
      notApplied: '{{dep}} is set up in {{file}} but never applied: no route checks roles or permissions.',
      missing: 'No authorization beyond authentication: no role, scope or permission check in production code.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['authorization', 'rbac', 'role-based access', 'access control', 'permission checks', 'roles'],
  },
  check(ctx) {
    // Laravel `can:` route middleware and Phoenix admin/role pipelines named on the routes.
    const routeAuthz = ctx.facts.service.routes.find(
      (r) => r.reached && r.middleware?.some((m) => ROUTE_AUTHZ.test(m)),
    );
    if (routeAuthz) {
      const mw = routeAuthz.middleware!.find((m) => ROUTE_AUTHZ.test(m))!;
      return ctx.pass(
        [ctx.at(routeAuthz.file, routeAuthz.line, `${routeAuthz.method} ${routeAuthz.fullPath} runs ${mw}`)],
        {
          messageId: 'applied',
          data: { how: `${mw} route middleware` },
        },
      );
    }
    const applied = findHits(ctx.facts, APPLIED).filter(
      (h) =>
        (h.live || /\.ya?ml$/.test(h.path)) &&
        (!/\.enforce\(/i.test(h.text) || /casbin|enforcer|oso/i.test(ctx.repo.read(h.path) ?? '')),
    );
    if (applied.length) {
      return ctx.pass(
        applied.slice(0, 5).map((h) => hitEvidence(ctx, h)),
        { messageId: 'applied', data: { how: [...new Set(applied.map((h) => h.label))].join(', ') } },
      );
    }
    // Records read and written through a query scoped to the caller (Drizzle eq(todos.userId, user.id), Prisma
    // where: { id, authorId: session.user.id }): another user's record is never found.
    const scoped = findHits(ctx.facts, [SCOPED_QUERY]).find(
      (h) =>
        h.live &&
        (/\beq\(/.test(h.text) ||
          /\bwhere\b/.test(
            ctx.repo
              .lines(h.path)
              .slice(Math.max(0, h.line - 4), h.line)
              .join('\n'),
          )),
    );
    if (scoped)
      return ctx.pass([hitEvidence(ctx, scoped)], { messageId: 'applied', data: { how: SCOPED_QUERY.label } });
    const checks = [
      ...findHits(ctx.facts, [ROLE_CHECK, OWNERSHIP, PREDICATE]).filter(
        (h) => !/^\s*(?:export\s+)?(?:async\s+)?(?:def|function|func)\s/.test(h.text) && rejects(ctx, h),
      ),
      ...findHits(ctx.facts, GUARD_CHECKS).filter((h) =>
        /PermissionDenied/.test(h.label) ? conditional(ctx, h) : rejects(ctx, h) || REJECTS_INLINE.test(h.text),
      ),
    ];
    const notWired: { hit: SourceHit; name: string }[] = [];
    const seen = new Set<string>();
    for (const h of checks) {
      const enc = enclosing(ctx.facts, h.path, h.line);
      const inline = !enc && h.live ? inlineRoute(ctx.facts, h.path, h.line) : undefined;
      if (inline)
        return ctx.pass([hitEvidence(ctx, h, `${h.label} in the handler of ${inline.method} ${inline.fullPath}`)], {
          messageId: 'applied',
          data: { how: `${h.label} in the handler of ${inline.method} ${inline.fullPath}` },
        });
      if (!enc) {
        if (h.live)
          return ctx.pass([hitEvidence(ctx, h)], { messageId: 'applied', data: { how: h.label }, confidence: 'low' });
        continue;
      }
      if (enc.decorated && h.live)
        return ctx.pass([hitEvidence(ctx, h, `${h.label} in route ${enc.name} (@${enc.decorated})`)], {
          messageId: 'applied',
          data: { how: `${h.label} in ${enc.name}` },
        });
      const handler = h.live ? routeHandler(ctx, h.path, enc.name) : undefined;
      if (handler)
        return ctx.pass([hitEvidence(ctx, h, `${h.label} in ${handler}`)], {
          messageId: 'applied',
          data: { how: `${h.label} in ${handler}` },
        });
      const key = `${h.path}:${enc.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (isRouteHandler(ctx.facts, h.path, enc.name))
        return ctx.pass([hitEvidence(ctx, h, `${h.label} in the route handler ${enc.name}`)], {
          messageId: 'applied',
          data: { how: `${h.label} in ${enc.name}` },
        });
      const def = { path: h.path, line: enc.line };
      // A checker nested in a factory (def require_role(role): def checker(...)) is applied through the factory.
      const parent = enclosing(ctx.facts, h.path, enc.line, true);
      const viaParent =
        parent && parent.name !== enc.name
          ? appliedAt(ctx.facts, parent.name, { path: h.path, line: parent.line })
          : undefined;
      if (viaParent)
        return ctx.pass(
          [
            hitEvidence(ctx, h, `${h.label} in ${parent!.name}`),
            ctx.at(viaParent.path, viaParent.line, `${parent!.name} applied (${viaParent.how})`),
          ],
          { messageId: 'applied', data: { how: `${parent!.name} applied as ${viaParent.how}` } },
        );
      const at = appliedAt(ctx.facts, enc.name, def);
      if (at)
        return ctx.pass(
          [
            hitEvidence(ctx, h, `${h.label} in ${enc.name}`),
            ctx.at(at.path, at.line, `${enc.name} applied (${at.how})`),
          ],
          { messageId: 'applied', data: { how: `${enc.name} applied as ${at.how}` } },
        );
      // A factory (require_role("admin")) or helper called from a route handler.
      const call = calledAt(ctx.facts, enc.name, def);
      const viaVar = call ? appliedThroughVariable(ctx.facts, call) : undefined;
      if (viaVar)
        return ctx.pass(
          [
            hitEvidence(ctx, h, `${h.label} in ${enc.name}`),
            ctx.at(call!.path, call!.line, `${enc.name} builds ${viaVar.variable}`),
            ctx.at(viaVar.path, viaVar.line, `${viaVar.variable} applied (${viaVar.how})`),
          ],
          { messageId: 'applied', data: { how: `${viaVar.variable} (${enc.name}) applied as ${viaVar.how}` } },
        );
      if (call) {
        const outer = enclosing(ctx.facts, call.path, call.line);
        const outerApplied =
          outer && !outer.decorated && outer.name !== enc.name
            ? appliedAt(ctx.facts, outer.name, { path: call.path, line: outer.line })
            : undefined;
        if (
          !outer ||
          outer.decorated ||
          outerApplied ||
          isRouteHandler(ctx.facts, call.path, outer.name) ||
          routeHandler(ctx, call.path, outer.name) ||
          /Depends\(|\.use\(|\.Use\(|before_action|@/.test(ctx.repo.lines(call.path)[call.line - 1] ?? '')
        ) {
          return ctx.pass(
            [hitEvidence(ctx, h, `${h.label} in ${enc.name}`), ctx.at(call.path, call.line, `${enc.name} used here`)],
            { messageId: 'applied', data: { how: `${enc.name} used by the routes` } },
          );
        }
      }
      notWired.push({ hit: h, name: enc.name });
    }
    if (notWired.length) {
      const first = notWired[0]!;
      return ctx.gap(
        'notWired',
        notWired
          .slice(0, 3)
          .map((n) => hitEvidence(ctx, n.hit, `${n.hit.label} in ${n.name}, which no route or middleware applies`)),
        { data: { file: first.hit.path, name: first.name } },
      );
    }
    const searched = [
      'Security(scopes=...)',
      'DRF permission classes',
      'permission_required/has_perm',
      '@Roles/RolesGuard',
      'CASL/accesscontrol/casbin',
      '@PreAuthorize/hasRole',
      'Pundit/CanCanCan',
      'role checks returning 403',
    ];
    const unused = declaredNotApplied(ctx, DEPS, searched, 'no production code checks roles or permissions');
    if (unused) return unused;
    return ctx.gap('missing', [ctx.missing(searched, 'no authorization check in production code')]);
  },
});

/** A raise that only some requests reach: the nearest code line above, less indented, opens an if/elif/else. */
function conditional(ctx: RuleContext, h: SourceHit): boolean {
  const lines = ctx.repo.lines(h.path);
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
function routeHandler(ctx: RuleContext, file: string, name: string): string | undefined {
  if (ctx.repo.get(file)?.language === 'ruby' && /(^|\/)app\/controllers\//.test(file))
    return `controller action ${name}`;
  return isRouteHandler(ctx.facts, file, name) ? `the route handler ${name}` : undefined;
}

function rejects(ctx: RuleContext, h: SourceHit): boolean {
  if (
    /\b(?:require_role|requireRole|require_roles|requireRoles|require_permission|requirePermission|require_scope|requireScope)\s*\(/.test(
      h.text,
    )
  )
    return true;
  return ctx.repo
    .lines(h.path)
    .slice(h.line - 1, h.line + 4)
    .some((l) => FORBIDS.test(l));
}
