import { defineRule, githubAppWebhookOnly } from '../../src/sdk/index.js';
import { declaredNotApplied } from '../_lib/security-verdicts.js';

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
    requires: ['callers'],
    docs: {
      why: "Authentication says who the caller is; without authorization every authenticated user can read and change everyone's data or call admin operations (broken access control is OWASP's top risk).",
      how:
        'Looks in production code reached from the entrypoints for authorization decisions: FastAPI Security(..., scopes=[...]), DRF permission classes beyond IsAuthenticated, Django permission_required/has_perm/django-guardian/rules, NestJS @Roles with RolesGuard, CASL, accesscontrol, casbin (Python, Node, Go), Spring @PreAuthorize/@Secured/hasRole/hasAuthority, Pundit authorize/policy_scope, CanCanCan, role/scope/permission/rights comparisons, negated admin predicates (`!user.IsAdmin`), ownership comparisons (the owner id of the record against the caller) and permission predicates (`if (!canEdit(...))`) that reject with 403 (or a not-authorized error). A check inside a route handler, or in a factory whose result a route applies (`reqAdmin := Toggle(...)`, then `m.Get("/x", reqAdmin, h)`), is applied. ' +
        "Python and Ruby idioms count too: ownership checks (the record's owner is not the caller → abort(403), HTTPException 403, PermissionDenied, head :forbidden, or redirect_to ... unless owner == current_user), admin and role predicates (not user.admin, current_user.admin?, has_cached_role?), capability helpers (can_edit?, user_can_modify), decorators named for a role (@admins_only, @require_admin, @permission_required), FastAPI Depends(SomePermission(...)), and before_action filters named for a role (:require_admin, :require_logged_in_moderator). " +
        'A check inside a Rails controller action or a Django view named by a URL pattern runs on every request it serves. gRPC servers: an interceptor named for authorization (authz, policy, RBAC, permissions) in the chain the server is built with, directly or through the slice it spreads (`grpc.ChainUnaryInterceptor(interceptors...)`). ' +
        'A role check inside a helper counts only when a route, router or middleware applies it ("defined but never wired"); a policy library declared in a manifest that no production code uses is "declared but not used". ' +
        'Laravel form requests whose authorize() returns anything but true decide per request (403 when false). A check that only tests authentication (IsAuthenticated, login_required) is not authorization. ' +
        "Postgres row-level security policies that admit rows by the signed-in caller (Supabase `auth.uid()`/`auth.jwt()`, `to authenticated`) count when production code queries through a client built on the caller's session (`@supabase/ssr` createServerClient/createBrowserClient); a service-key client bypasses them. A decision kept in a variable and refused a few lines later (`const allowed = required.some(…); if (!allowed) return 403`) rejects. " +
        'n/a when every caller holds one credential from configuration and the service keeps no user accounts (no users table, schema or model): basic auth against one username and password (Plug.BasicAuth, express-basic-auth, gin.BasicAuth, an ASP.NET handler comparing with its options), an API key or bearer token compared with a setting (`==`, subtle.ConstantTimeCompare, hmac.compare_digest, timingSafeEqual, FixedTimeEquals), a request signed with one HMAC secret, or a token looked for in a list of equal keys from one setting: every caller is the same principal. Not when keys carry scopes or roles, admin keys are told apart, the key is found in a store, or tokens name a user (JWT claims, sessions). ' +
        "n/a for a public read-only site, a front end signing in through an auth library's browser client, and a front end over a remote API (a page-rendering app with no database, accounts or auth server of its own whose server code calls another service): the API it calls decides. n/a for a GitHub App whose only HTTP is the webhook quarkus-github-app serves: its one caller is GitHub.",
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
      neverWired: '{{what}} is set up in {{file}} but never wired: no route or middleware applies it.',
      declaredNotUsed:
        '{{dep}} is declared in {{manifest}} but not used: no production code checks roles or permissions.',
      missing: 'No authorization beyond authentication: no role, scope or permission check in production code.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['authorization', 'rbac', 'role-based access', 'access control', 'permission checks', 'roles'],
  },
  check(ctx) {
    // GitHub, the one caller of a GitHub App's webhook, is authenticated by its signature: there are no roles to check.
    const webhook = githubAppWebhookOnly(ctx.facts);
    if (webhook) return ctx.na(`${webhook.note}: its one caller is GitHub, with no roles or scopes to check`);
    const { applied, notWired } = ctx.facts.authorization;
    if (applied)
      return ctx.pass(
        applied.sites.map((s) => ctx.at(s.path, s.line, s.note)),
        {
          messageId: 'applied',
          data: { how: applied.how },
          ...(applied.confidence ? { confidence: applied.confidence } : {}),
        },
      );
    // gRPC: an authorization interceptor in the server's chain decides every call (a policy engine, RBAC).
    const grpcAuthz = ctx.facts.grpc.authorization;
    if (grpcAuthz)
      return ctx.pass([ctx.at(grpcAuthz.path, grpcAuthz.line, grpcAuthz.note)], {
        messageId: 'applied',
        data: { how: grpcAuthz.note },
      });
    if (notWired.length) {
      const first = notWired[0]!;
      return ctx.gap(
        'neverWired',
        notWired.slice(0, 3).map((n) => ctx.at(n.site.path, n.site.line, n.site.note)),
        { data: { what: `A role/permission check (${first.name})`, file: first.site.path } },
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
    const client = ctx.facts.authClientOnly;
    if (client)
      return ctx.na(
        `the service signs users in through a browser client (${client.pkg}, ${client.path}:${client.line}): the API it calls decides what each user may do`,
      );
    const shared = ctx.facts.sharedCredential;
    if (shared)
      return ctx.na(
        `one credential shared by every caller and no user accounts (${shared.path}:${shared.line}: ${shared.note}): every caller who signs in is the same principal, there is nothing to authorize`,
      );
    const site = ctx.facts.publicReadOnly;
    if (site) return ctx.na(`a public read-only site (${site.note}): there is nothing to authorize`);
    const remote = ctx.facts.remoteApiFrontend;
    if (remote)
      return ctx.na(
        `a front end over a remote API (${remote.path}:${remote.line}: ${remote.note}): the API it calls decides what each user may do`,
      );
    return ctx.gap('missing', [ctx.missing(searched, 'no authorization check in production code')]);
  },
});
