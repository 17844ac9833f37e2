import { defineRule } from '../../src/sdk/index.js';

const SEARCHED = [
  'change-history libraries applied to models (django-auditlog, django-simple-history, PaperTrail, audited, Envers, laravel-auditing, Spatie activity log, Audit.NET)',
  'audit records written in live code (AuditLog.create, new AuditEvent, INSERT INTO audit_*, an audit logger)',
  'events recorded with their actor (actor / actorId / moderator)',
];

export default defineRule({
  meta: {
    id: 'security.audit-log',
    category: 'security',
    title: 'Security-relevant actions are recorded in an audit trail',
    severity: 'medium',
    level: 3,
    scope: 'component',
    requires: ['not-library', 'server-side'],
    docs: {
      why: 'After an incident or a dispute, the first questions are who logged in, who changed whose permissions, who deleted or exported what, and when. Without an audit trail the application log (if it was kept) is the only witness, and it rarely names the actor or the object.',
      how:
        'Applies to services with users or admin actions: passwords hashed, a user or account model, an authentication framework (Devise, Django auth, Flask-Login, Passport, Auth.js, ASP.NET Identity …), an admin interface, login or admin routes, or callers authenticated with tokens or asked for a role (Spring `@PreAuthorize("hasRole(…)")`). ' +
        "Then looks for an audit trail the code writes: change-history libraries applied to models (django-auditlog, django-simple-history, django-reversion registrations or revisions, SQLAlchemy-Continuum, PaperTrail, audited, Logidze, laravel-auditing, Spatie activity log, Hibernate Envers, JaVers, Spring Boot audit events, ExAudit, Audit.NET), or the application's own audit records in live code (an AuditLog created or inserted, `new AuditEvent(…)`, `INSERT INTO audit_…`, a logger named audit, events recorded with their actor, an activity log of its own such as `Activity::add(…)` or `$this->logActivity(…)` in PHP, Ruby, Python or Elixir). " +
        'A trail written on logins, passwords, roles and permissions, admin actions, deletes or exports passes; one written only elsewhere, or security events only in the application log, passes with low confidence. An audit model or library that nothing writes is a gap. ' +
        "The Django admin history alone (LogEntry, or django-reversion's VersionAdmin: only changes made in the admin) is a low-confidence gap, as is a service whose callers are only verified tokens (the identity provider records their logins). n/a for libraries, without users, logins or admin actions (routes in examples and demos do not count), for services whose only callers present a machine credential (an API key held by no account of the service, a service token, a client certificate: other services, not people, or one secret from configuration that every caller holds, with no user accounts, unless the service records who acts anyway), and for a front end over a remote API (no database, accounts or auth server of its own): the API it calls keeps the accounts and the trail.",
      fix: [
        'Record who did what, to what, when and from where, for logins (failed ones too), password and MFA changes, role and permission changes, admin actions, and deletes and exports of data; keep it append-only and apart from the debug log.',
        'Python: django-auditlog (auditlog.register(Model)) or django-simple-history for model changes, plus user_logged_in / user_login_failed signal receivers; SQLAlchemy: an AuditLog table written in the service layer.',
        'Ruby: PaperTrail (has_paper_trail) or audited on User, Role and the models users can delete; Devise hooks (Warden::Manager.after_authentication) for logins.',
        'Node: an audit_log table written by the service methods that change roles, delete or export (actor id, action, target, ip, timestamp).',
        'Java: Hibernate Envers (@Audited) or Spring Boot audit events (AuditEventRepository, AuthenticationSuccessEvent listeners).',
        'PHP: owen-it/laravel-auditing or spatie/laravel-activitylog on the models that matter, and the Login/Failed auth events.',
        'Go: an audit table or an audit logger written by the handlers that change access or delete data.',
        '.NET: Audit.NET (Audit.EntityFramework) or an audit table written from SaveChanges and the sign-in events.',
        'Elixir: ExAudit or PaperTrail (Ecto), and an audit entry on session creation.',
      ],
      effort: 'M',
      links: ['https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html'],
    },
    messages: {
      recorded: 'Security-relevant actions are recorded: {{how}}.',
      elsewhere:
        'An audit trail is written ({{how}}), but not on logins, permission changes, admin actions or deletes.',
      logOnly: 'Security events go to the application log only ({{where}}), not to a dedicated audit trail.',
      declaredNotUsed: 'An audit trail is declared ({{what}}) but not used: nothing in the service writes to it.',
      adminOnly:
        'Only changes made in the Django admin are recorded ({{how}}); logins, API changes and deletes are not.',
      missing:
        'The service has {{subjects}} but keeps no audit trail of logins, permission changes, admin actions or deletes.',
    },
    claims: ['audit log', 'audit logs', 'audit logging', 'audit trail', 'audit trails', 'audit events', 'activity log'],
  },
  check(ctx) {
    const a = ctx.facts.auditTrail;
    if (a.machineCallers)
      return ctx.na(
        `its callers are other services, authenticated with a machine credential (${a.machineCallers.path}:${a.machineCallers.line}: ${a.machineCallers.note}): no users, logins or admin actions to record`,
      );
    if (!a.subjects.length)
      return ctx.na('no users, logins, admin interface or authenticated callers in production code');
    const remote = ctx.facts.remoteApiFrontend;
    if (remote && !a.recorders.length && !a.writes.length)
      return ctx.na(
        `a front end over a remote API (${remote.path}:${remote.line}: ${remote.note}): the API it calls keeps the accounts and records what its users do`,
      );
    if (a.recorders.length) {
      const on = a.writes.filter((w) => w.securityPath).slice(0, 1);
      return ctx.pass(
        [...a.recorders.slice(0, 2), ...on].map((s) => ctx.at(s.path, s.line, s.note)),
        { messageId: 'recorded', data: { how: [...new Set(a.recorders.map((r) => r.note))].join('; ') } },
      );
    }
    const onPath = a.writes.filter((w) => w.securityPath);
    if (onPath.length)
      return ctx.pass(
        onPath.slice(0, 3).map((w) => ctx.at(w.path, w.line, w.note)),
        {
          messageId: 'recorded',
          data: {
            how: `${onPath[0]!.note} in ${onPath[0]!.path}:${onPath[0]!.line}${onPath.length > 1 ? ` and ${onPath.length - 1} more` : ''}`,
          },
        },
      );
    if (a.writes.length)
      return ctx.pass(
        a.writes.slice(0, 3).map((w) => ctx.at(w.path, w.line, w.note)),
        {
          messageId: 'elsewhere',
          data: { how: `${a.writes[0]!.note} in ${a.writes[0]!.path}:${a.writes[0]!.line}` },
          confidence: 'low',
        },
      );
    const subjects = a.subjects.slice(0, 2).map((s) => ctx.at(s.path, s.line, s.note));
    if (a.unused.length)
      return ctx.gap(
        'declaredNotUsed',
        [
          ...a.unused.slice(0, 2).map((u) => ctx.at(u.path, u.line, u.note)),
          ctx.missing(SEARCHED, 'no write to it in live code'),
        ],
        { data: { what: a.unused.map((u) => u.note).join('; ') } },
      );
    if (a.securityLogs.length)
      return ctx.pass(
        a.securityLogs.slice(0, 2).map((s) => ctx.at(s.path, s.line, s.note)),
        {
          messageId: 'logOnly',
          data: { where: `${a.securityLogs[0]!.path}:${a.securityLogs[0]!.line}` },
          confidence: 'low',
        },
      );
    if (a.adminHistory)
      return ctx.gap(
        'adminOnly',
        [
          ctx.at(a.adminHistory.path, a.adminHistory.line, a.adminHistory.note),
          ctx.missing(SEARCHED, 'no other audit trail'),
        ],
        { confidence: 'low', data: { how: a.adminHistory.note } },
      );
    return ctx.gap('missing', [...subjects, ctx.missing(SEARCHED, 'no audit trail in live code')], {
      data: { subjects: [...new Set(a.subjects.map((s) => s.note))].slice(0, 3).join(', ') },
      ...(a.localAccounts ? {} : { confidence: 'low' as const }),
    });
  },
});
