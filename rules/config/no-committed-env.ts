import {
  defineRule,
  type Evidence,
  isRealEnvFile,
  isSecretsFile,
  isSymfonyDevEnvFile,
  isTestEnvFile,
  looksSecret,
  redactEntry,
} from '../../src/sdk/index.js';

export default defineRule({
  meta: {
    id: 'config.no-committed-env',
    category: 'config',
    title: 'No environment file with real secrets is committed',
    severity: 'critical',
    level: 1,
    scope: 'repository',
    docs: {
      why: 'A committed .env with real credentials leaks them to everyone with read access, to every fork and clone, and to the history forever; rotating them is the only fix.',
      how: 'Lists the files git tracks (ignored files are not listed) named like real environment files (.env, .env.production, .env.local, prod.env, .envrc) or Rails secrets (config/secrets.yml, config/master.key, config/credentials/<env>.key except development and test, whose credentials are throwaway), and checks each value (in config/secrets.yml, the development and test sections are not shipped and are left out): known token formats (sk_live_, AKIA…, ghp_…, private keys) or a non-placeholder value under a secret-sounding key (PASSWORD, SECRET, TOKEN, API_KEY, DATABASE_URL with a password) is a gap. Obvious placeholders (empty, changeme, your-key-here, <…>, xxx, ${VAR}), local-development defaults (postgres:postgres@localhost), browser-public variables (NEXT_PUBLIC_*, VITE_*) and settings about secrets (SECRET_NAME, TOKEN_TTL) are not; env files of test suites (under test folders, or named .env.test/.env.testing/.env.ci/.env.dusk) and a Symfony project’s .env.dev (loaded only with APP_ENV=dev; the framework recipe writes its development APP_SECRET there) and a development-named env file (.env.dev, .env.development, dev.env) that a development compose file loads (env_file) or a command passes with --env-file count only when they hold live token formats (a pass of low confidence when they hold other secret-looking values). Values are never shown: excerpts are redacted.',
      fix: [
        'Remove the file from git (git rm --cached .env), add it to .gitignore and commit an .env.example with placeholders instead.',
        'Rotate every credential the file contained: it stays in the git history.',
        'Purge the history (git filter-repo) if the repository is or was public.',
      ],
      effort: 'S',
      links: ['https://docs.github.com/en/code-security/secret-scanning'],
    },
    messages: {
      clean: 'No environment file with secret-looking values is tracked.',
      placeholdersOnly: '{{files}} is tracked but holds only placeholders or local-development defaults.',
      secrets: '{{file}} is tracked by git and holds {{count}} secret-looking value(s) ({{keys}}).',
      keyFile: '{{file}} is tracked by git: it is the key that decrypts the application credentials.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['.env in .gitignore', '.env gitignored', 'env files ignored'],
  },
  check(ctx) {
    const { repo } = ctx;
    const candidates = repo.files.filter((f) => isRealEnvFile(f.path) || isSecretsFile(f.path));
    const env = ctx.facts.envContents;
    const ignore = env.gitignored;
    const ignoreEv: Evidence[] = ignore ? [ctx.at(ignore.path, ignore.line, '.env files are ignored by git')] : [];

    const keyFile = candidates.find((f) => /\.key$/.test(f.path));
    if (keyFile) {
      return ctx.gap(
        'keyFile',
        [ctx.at(keyFile.path, undefined, 'encryption key tracked by git', '(key file contents redacted)')],
        { data: { file: keyFile.path } },
      );
    }
    const clean: string[] = [];
    const devLoaded: { file: string; by: { path: string; line: number } }[] = [];
    for (const f of candidates) {
      const entries = env.entries(f.path);
      // Rails secrets.yml: the development and test sections hold throwaway keys; only other environments ship.
      const shipped = isSecretsFile(f.path)
        ? entries.filter((e) => !e.section || !/^(?:development|test)$/.test(e.section))
        : entries;
      const devStack = env.devStackLoader(f.path);
      const devOnly =
        isTestEnvFile(f.path) || (ctx.facts.frameworks.has('symfony') && isSymfonyDevEnvFile(f.path)) || !!devStack;
      const secrets = shipped.filter((e) => looksSecret(e.key, e.value, f.isTest || devOnly));
      if (secrets.length) {
        return ctx.gap(
          'secrets',
          secrets
            .slice(0, 5)
            .map((e) => ctx.at(f.path, e.line, `secret-looking value for ${e.key}`, redactEntry(e.key, e.value))),
          {
            data: {
              file: f.path,
              count: secrets.length,
              keys: secrets
                .slice(0, 5)
                .map((e) => e.key)
                .join(', '),
            },
          },
        );
      }
      clean.push(f.path);
      // Development values excused because a development stack loads the file: the name and its use say so, no more.
      if (devStack && shipped.some((e) => looksSecret(e.key, e.value))) devLoaded.push({ file: f.path, by: devStack });
    }
    if (clean.length) {
      // Stronger still when the application refuses placeholder values at startup.
      const guard = env.placeholderGuard();
      const guardEv = guard ? [ctx.at(guard.path, guard.line, 'the application refuses placeholder values')] : [];
      return ctx.pass(
        [
          ...clean.map((p) => ctx.at(p, undefined, 'tracked, but only placeholder or local-default values')),
          ...devLoaded.map((d) =>
            ctx.at(d.by.path, d.by.line, `${d.file} is the env file of a development stack: its values are throwaway`),
          ),
          ...guardEv,
          ...ignoreEv,
        ],
        {
          messageId: 'placeholdersOnly',
          data: { files: clean.join(', ') },
          ...(devLoaded.length ? { confidence: 'low' as const } : {}),
        },
      );
    }
    return ctx.pass(
      [
        ...ignoreEv,
        ctx.missing(
          ['.env', '.env.*', '*.env', '.envrc', 'config/secrets.yml', 'config/master.key'],
          'no real environment file is tracked',
        ),
      ],
      { messageId: 'clean' },
    );
  },
});
