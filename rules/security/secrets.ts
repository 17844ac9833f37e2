import { defineRule } from '../../src/sdk/index.js';
import { describeIgnored, type SecretHit } from '../../src/sdk/index.js';

const MAX_EVIDENCE = 10;

export default defineRule({
  meta: {
    id: 'security.secrets',
    category: 'security',
    title: 'No credentials are hard-coded in tracked files',
    severity: 'critical',
    level: 1,
    scope: 'repository',
    docs: {
      why: 'A credential committed to git is in every clone, fork, CI log and backup; rotating it is the only fix, and attackers scan public history for exactly these formats within minutes.',
      how:
        'Scans every tracked text file for private keys, cloud keys (AWS AKIA/ASIA ids and secret keys, GCP service-account private_key, Azure AccountKey), token formats (GitHub, Slack, Stripe live, Google AIza, OpenAI, Anthropic, Twilio, SendGrid, npm), JWT signing literals, DSNs with inline passwords, secret-named assignments with a literal value (Shannon entropy decides high or low confidence), secret-named settings that fall back to a literal when the variable is missing (os.environ.get("SECRET_KEY") or "…", ENV.fetch, process.env.X ?? "…", ${X:default}), and secret-named Dockerfile ENV/ARG values (baked into the image). ' +
        'Never findings: anything in tests and test support (Go …test packages, testing/, fixtures/, load tests); secret-named literals in docs, examples and commented-out lines (a key or token in a real provider format there is a finding); throwaway passwords of CI and test configuration (workflow services, CI compose files, pytest env, Rails test: sections); placeholders (changeme, example, xxx, <...>, ${VAR}, your-…-here, dummy, test123, a key body cut short with ...) and keys vendors publish for emulators and tests (Azurite, reCAPTCHA test keys); values that name rather than hold a secret (credentials: "same-origin", labels and translations, enum members, routes and storage keys containing the secret word, regular expressions, version ranges); dependency manifests (except token formats), lock files, translation catalogues, minified and vendored code. These are counted in a note. ' +
        'Development defaults are low-confidence evidence that does not fail the check: password literals in a development compose file or dev container, Rails development: sections, connection URLs to this machine with a short password or one repeating the user or database name (postgres:postgres@localhost), and the same values wherever else they appear. A compose file for production (by its name, or run as it is by the docs: docker compose -f <file> up, cp <file> docker-compose.yml, docker compose up under a deployment heading) is judged like any configuration. A gap made only of low-confidence hits is a low-confidence gap. Values are never printed: evidence shows a redacted form (AKIA…(20 chars)), and every value assigned to a secret-named key is redacted in every excerpt.',
      fix: [
        'Rotate every credential listed: it is compromised from the moment it was pushed.',
        'Load secrets from the environment or a secret manager (Vault, AWS Secrets Manager, SOPS, sealed-secrets) and commit only a .env.example with placeholders.',
        'Purge the value from git history (git filter-repo) and add a secret scanner (gitleaks, trufflehog) to pre-commit and CI.',
      ],
      effort: 'M',
      links: [
        'https://owasp.org/www-project-top-ten/2017/A3_2017-Sensitive_Data_Exposure',
        'https://github.com/gitleaks/gitleaks',
      ],
    },
    messages: {
      found: '{{count}} hard-coded credential(s) in tracked files: {{kinds}}.',
      foundLow:
        '{{count}} secret-looking literal(s) assigned to secret-named variables ({{kinds}}); low entropy, check whether they are real.',
      clean: 'No hard-coded credentials found in tracked files.',
      weakOnly:
        'No hard-coded credentials found; {{count}} development default credential(s) in development compose files or local connection strings.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['secret management', 'secrets management', 'secrets from environment', 'secrets in environment variables'],
  },
  check(ctx) {
    const { hits, ignored, weakCredentials } = ctx.facts.secrets;
    const ev = (h: SecretHit, prefix = ''): ReturnType<typeof ctx.at> =>
      ctx.at(
        h.path,
        h.line,
        `${prefix}${h.kind}: ${h.redacted}${h.confidence === 'low' ? ' (low confidence)' : ''}`,
        h.excerpt,
      );
    const ignoredNote = ignored.length
      ? [
          ctx.missing(
            ['tests', 'docs', 'examples', 'placeholders'],
            `ignored for the verdict: ${describeIgnored(ignored)}`,
          ),
        ]
      : [];
    const weakEv = weakCredentials.slice(0, 5).map((h) => ev(h, 'development default: '));
    if (hits.length) {
      const high = hits.filter((h) => h.confidence === 'high');
      const shown = [...high, ...hits.filter((h) => h.confidence === 'low')];
      const kinds = [...new Set(shown.map((h) => h.kind))].join(', ');
      const evidence = shown.slice(0, MAX_EVIDENCE).map((h) => ev(h));
      if (shown.length > MAX_EVIDENCE) evidence.push(ctx.missing([], `${shown.length - MAX_EVIDENCE} more not shown`));
      return ctx.gap(high.length ? 'found' : 'foundLow', [...evidence, ...weakEv, ...ignoredNote], {
        data: { count: hits.length, kinds },
        confidence: high.length ? 'high' : 'low',
      });
    }
    const searched = [
      'private keys',
      'cloud keys',
      'token formats',
      'secret-named literals',
      'DSN passwords',
      'JWT signing literals',
    ];
    if (weakCredentials.length) {
      return ctx.pass([...weakEv, ...ignoredNote], {
        messageId: 'weakOnly',
        data: { count: weakCredentials.length },
        confidence: 'low',
      });
    }
    return ctx.pass(
      [ctx.missing(searched, `no hard-coded credential in ${ctx.repo.files.length} tracked files`), ...ignoredNote],
      { messageId: 'clean' },
    );
  },
});
