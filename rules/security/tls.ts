import { defineRule, type Evidence, type TlsSignal } from '../../src/sdk/index.js';

const notes = (xs: TlsSignal[]): string => [...new Set(xs.map((x) => x.note))].slice(0, 3).join('; ');
const uniq = (evs: Evidence[]): Evidence[] =>
  evs.filter((e, i) => e.kind === 'missing' || evs.findIndex((x) => x.path === e.path && x.line === e.line) === i);

export default defineRule({
  meta: {
    id: 'security.tls',
    category: 'security',
    title: 'Traffic is encrypted in transit',
    severity: 'high',
    level: 2,
    scope: 'repository',
    requires: ['not-library'],
    docs: {
      why: 'Plain HTTP exposes session cookies, tokens and personal data to anyone on the path, and lets them change responses. HTTPS must be enforced (HTTP redirected, HSTS sent) somewhere the service controls: in the application, at the proxy or ingress in front of it, or by the platform it runs on. Database and broker connections that leave the host carry the same data and credentials, so they need TLS too.',
      how: 'Looks for HTTPS enforced in the application (Django SECURE_SSL_REDIRECT, Rails force_ssl, Phoenix force_ssl, Flask-Talisman, HTTPSRedirectMiddleware, express-sslify, Spring requiresSecure, ASP.NET UseHttpsRedirection, TLS listeners such as ListenAndServeTLS, https.createServer and autocert), at the edge the repository configures (Kubernetes Ingress/Gateway/IngressRoute/Route with tls or certificate annotations, nginx listen 443 ssl or an HTTPS redirect, Traefik TLS routers, Caddy site addresses, load balancers with HTTPS listeners or certificates in Terraform, CloudFormation or CDK), and on the platform it deploys to (Vercel, Netlify, Render, Railway, Cloud Run, Lambda, App Runner, Firebase serve HTTPS and redirect by default; Fly.io needs force_https, App Engine secure: always, Heroku redirects nothing). HSTS alone (helmet’s default, SECURE_HSTS_SECONDS), a trusted TLS-terminating proxy (SECURE_PROXY_SSL_HEADER, assume_ssl), a Helm Ingress whose TLS is optional, and a platform that serves HTTPS without redirecting give a low-confidence pass. A gap when an Ingress the repository deploys serves plain HTTP, (low confidence) when only platforms serve HTTPS and they deploy some of the repository’s HTTP components but not the others that run on Kubernetes, a container service or hosts (a Lambda beside services on Kubernetes with no Ingress or proxy), when production configuration turns TLS off towards a database host outside the cluster or compose network (sslmode=disable), or (low confidence) when nothing in the repository terminates or enforces TLS. Database URLs that require TLS (sslmode=require, rediss://, amqps://) are cited. n/a for libraries and command-line tools; for services without inbound HTTP, only database TLS is judged.',
      fix: [
        'Terminate TLS at the edge you deploy: an Ingress with a tls section and a cert-manager issuer, an nginx/Caddy/Traefik proxy with certificates, or an HTTPS listener on the load balancer — and redirect HTTP to HTTPS there.',
        'Enforce it in the application as well.',
        'Python: Django SECURE_SSL_REDIRECT = True with SECURE_PROXY_SSL_HEADER and SECURE_HSTS_SECONDS; Flask-Talisman; Starlette HTTPSRedirectMiddleware.',
        'Ruby: Rails config.force_ssl = true.',
        'Node: helmet() plus a redirect on X-Forwarded-Proto.',
        'Spring: http.requiresChannel().anyRequest().requiresSecure().',
        '.NET: app.UseHttpsRedirection() and app.UseHsts().',
        'On a platform, turn on its redirect: fly.toml force_https = true, App Engine secure: always, a redirect in the app on Heroku.',
        'Connect to databases and brokers with TLS when they are not on the same host: sslmode=verify-full (or require), rediss://, amqps://, tls=true.',
      ],
      effort: 'S',
      links: [
        'https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html',
        'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Strict_Transport_Security_Cheat_Sheet.html',
      ],
    },
    messages: {
      enforced: 'HTTPS is enforced or terminated: {{how}}.',
      partial: 'HTTPS is intended but not enforced here: {{how}}.',
      plainEdge: 'The edge this repository deploys serves plain HTTP: {{what}}.',
      dataPlain: 'Database connections leave the host without TLS: {{what}}.',
      none: 'Nothing in the repository terminates TLS or redirects HTTP to HTTPS (application, proxy, ingress or platform).',
      uncovered:
        'HTTPS is served only by the platform of some components ({{how}}); nothing in the repository terminates TLS for {{components}}.',
      dataOnly: 'No inbound HTTP; database and broker connections require TLS ({{how}}).',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: [
      'tls',
      'https',
      'ssl',
      'hsts',
      'encryption in transit',
      'encrypted in transit',
      'force ssl',
      'https redirect',
    ],
  },
  check(ctx) {
    const kind = ctx.facts.kind;
    if (kind.kind === 'cli') return ctx.na(`a command-line program (${kind.reason}): no traffic to encrypt`);
    const t = ctx.facts.tls;
    const ev = (xs: TlsSignal[], n = 4) => xs.slice(0, n).map((x) => ctx.at(x.file, x.line, x.note));
    if (t.dataPlain.length)
      return ctx.gap('dataPlain', uniq([...ev(t.dataPlain), ...ev(t.enforced, 2)]), {
        data: { what: notes(t.dataPlain) },
      });
    // Without a recognised HTTP server, judge only what the repository says about its edge (a web platform, a proxy).
    if (!kind.servesHttp && !t.enforced.length && !t.plain.length && !t.partial.length) {
      if (t.dataTls.length) return ctx.pass(ev(t.dataTls), { messageId: 'dataOnly', data: { how: notes(t.dataTls) } });
      return ctx.na(
        `no inbound HTTP (${kind.kind}: ${kind.reason}), and no database or broker configuration says whether it uses TLS`,
      );
    }
    // Only platforms serve HTTPS, for some components: the others (services on Kubernetes or a host beside a Lambda or
    // a Vercel front end) have nothing in front of them that the repository shows.
    if (t.enforced.length && t.uncovered.length) {
      const names = t.uncovered.map((c) => `${c.id} (${c.target})`);
      return ctx.gap(
        'uncovered',
        [
          ...ev(t.enforced, 2),
          ...t.uncovered
            .slice(0, 3)
            .map((c) =>
              c.deployedBy
                ? ctx.at(c.deployedBy.path, c.deployedBy.line, `${c.id}: deployed here, with no TLS in front of it`)
                : ctx.at(c.path, undefined, `${c.id}: no TLS in front of it`),
            ),
        ],
        {
          data: {
            how: notes(t.enforced),
            components:
              names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '),
          },
          confidence: 'low',
        },
      );
    }
    if (t.enforced.length) {
      return ctx.pass(uniq([...ev(t.enforced), ...ev(t.dataTls, 2), ...ev(t.plain, 2)]), {
        messageId: 'enforced',
        // An Ingress without TLS beside the ones with it: some traffic may still be plain.
        ...(t.plain.length ? { confidence: 'low' as const } : {}),
        data: { how: notes(t.enforced) },
      });
    }
    if (t.plain.length)
      return ctx.gap('plainEdge', uniq([...ev(t.plain), ...ev(t.partial, 2)]), { data: { what: notes(t.plain) } });
    if (t.partial.length)
      return ctx.pass(uniq([...ev(t.partial), ...ev(t.dataTls, 2)]), {
        messageId: 'partial',
        confidence: 'low',
        data: { how: notes(t.partial) },
      });
    return ctx.gap(
      'none',
      [
        ctx.missing(
          [
            'HTTPS redirect or force_ssl in the application',
            'TLS listener',
            'Ingress/Gateway tls',
            'proxy listening on 443 with a certificate',
            'HTTPS load balancer listener',
            'platform with HTTPS by default',
            'Strict-Transport-Security',
          ],
          'no TLS termination or HTTPS enforcement in the repository; it may be done by infrastructure kept elsewhere',
        ),
      ],
      { confidence: 'low' },
    );
  },
});
