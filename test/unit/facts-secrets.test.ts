import { describe, expect, it } from 'vitest';
import { RepoIndex } from '../../src/repo/index.js';
import {
  detectSecrets,
  entropy,
  isPlaceholder,
  isTranslation,
  placeholderPhrase,
  redact,
  redactSecretsIn,
  scanText,
} from '../../src/facts/secrets.js';

// Built from parts so this test file itself does not look like it commits secrets.
const AWS_ID = 'AKIA' + 'Q3EGRTZ7WJ5N2XKD';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYzQ8mV3kL9p';
const GH = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const STRIPE = 'sk_live_' + '51HqLyjWDarjtT1zdp7dcXyz';
const OPENAI = 'sk-proj-' + 'Zx8vQ2mN7kL4pR9sT1uW3yA6bC5dE0fGhJ';
const ANTHROPIC = 'sk-ant-api03-' + 'q9W8e7R6t5Y4u3I2o1P0aSdFgHjKlZxCvBnM';
const SLACK = 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const GOOGLE = 'AIza' + 'SyD3kL9pQ2mN7vB4xC6zR1tY8uW5eA0sFgH';
const SENDGRID = 'SG.' + 'aB3dE5fG7hI9jK1lM3nO5p.' + 'qR7sT9uV1wX3yZ5aB7cD9eF1gH3iJ5kL7mN9oP1qR3s';
const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEA1x2y3z4a5b6c7d8e9f0g1h2i3j4k5l6m7n8o9p0q',
  'q1w2e3r4t5y6u7i8o9p0',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

describe('secrets fact: detectors', () => {
  it.each([
    ['AWS access key id', `aws_access_key_id = "${AWS_ID}"`],
    ['AWS secret access key', `AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`],
    ['GitHub token', `token: ${GH}`],
    ['Stripe live key', `stripe.api_key = "${STRIPE}"`],
    ['OpenAI API key', `client = OpenAI(api_key="${OPENAI}")`],
    ['Anthropic API key', `const key = '${ANTHROPIC}'`],
    ['Slack token', `SLACK = "${SLACK}"`],
    ['Google API key', `maps_key = "${GOOGLE}"`],
    ['SendGrid API key', `sg = SendGridAPIClient("${SENDGRID}")`],
  ])('%s', (kind, line) => {
    const hits = scanText('app/x.py', line);
    expect(hits.map((h) => h.kind)).toContain(kind);
    expect(hits.find((h) => h.kind === kind)!.confidence).toBe('high');
  });

  it('reads a token-named constant the browser keeps an entry under as a storage key, not a credential', () => {
    const key = "const SESSIONTOKEN = '5d0c2e9a7b3f4a18c6e1d2f3a4b5c6d7';\n";
    expect(scanText('web/src/session.ts', `${key}localStorage.setItem(SESSIONTOKEN, t);\n`)).toEqual([]);
    expect(scanText('web/src/session.ts', `${key}fetch(u, { headers: { 'X-Token': SESSIONTOKEN } });\n`)).toHaveLength(
      1,
    );
  });

  it("asks a repository file's literals before running a detector, with the same hits", () => {
    const text = [
      `aws_access_key_id = "${AWS_ID}"`,
      `SECRET_KEY = "k8#mZ2!qR9vT4wX7yB1nL5pJ"`,
      `url = "postgresql://orders:Tr0ub4dor3xK@db.internal:5432/orders"`,
      '',
    ].join('\n');
    const files: Record<string, string> = { 'app/settings.py': text };
    for (let i = 0; i < 16; i++) files[`app/m${i}.py`] = `def f${i}():\n    return ${i}\n`;
    const repo = RepoIndex.fromMemory(files);
    const asked: RegExp[] = [];
    const may = (re: RegExp): boolean => {
      asked.push(re);
      return repo.mayMatch(re, 'app/settings.py', text);
    };
    expect(scanText('app/settings.py', text, may)).toEqual(scanText('app/settings.py', text));
    expect(asked.length).toBeGreaterThan(10);
    // A detector the text cannot match is never run: told so for every one, nothing is found.
    expect(scanText('app/settings.py', text, () => false)).toEqual([]);
  });

  it('finds a PEM private key and a GCP service-account key inline in JSON', () => {
    expect(scanText('deploy/key.pem', PEM).map((h) => h.kind)).toEqual(['private key']);
    const sa = JSON.stringify({ type: 'service_account', private_key: PEM + '\n' });
    expect(scanText('sa.json', sa).map((h) => h.kind)).toContain('private key');
    // A PEM marker without key material (a constant, a regex, documentation) is not a key.
    expect(scanText('x.py', 'PEM_HEADER = "-----BEGIN PRIVATE KEY-----"')).toEqual([]);
  });

  it('finds secret-named literals, DSN passwords and JWT signing literals', () => {
    expect(scanText('settings.py', `SECRET_KEY = "k8#mZ2!qR9vT4wX7yB1nL5pJ"`)[0]).toMatchObject({
      kind: 'hard-coded secret assignment',
      confidence: 'high',
    });
    expect(scanText('db.py', `url = "postgresql://orders:Tr0ub4dor3xK@db.internal:5432/orders"`)[0]).toMatchObject({
      kind: 'password in connection URL',
      confidence: 'high',
    });
    expect(
      scanText('auth.js', `const t = jwt.sign({ sub: user.id }, "my-Sup3r-s1gning-k3y", { expiresIn: '1h' })`)[0],
    ).toMatchObject({ kind: 'JWT signing secret literal' });
    expect(scanText('config.py', `JWT_SECRET = os.getenv("JWT_SECRET", "9f8e7d6c5b4a3210fedcba98")`)[0]).toMatchObject({
      kind: 'secret default in env lookup',
    });
    expect(scanText('Settings.kt', `val dbPassword: String = "Zq7#pLm2!vX9"`)[0]).toMatchObject({ confidence: 'high' });
    expect(scanText('.env', `DB_PASSWORD=Zq7pLm2vX9wR4t`)[0]).toMatchObject({ kind: 'hard-coded secret in config' });
  });

  it('finds the password of a key=value connection string in a literal, not a call keyword or a filled slot', () => {
    const built = `let p = format!("host={} port=5432 user=ledger password=Vq7rTz2pLm9x dbname=ledger", h);`;
    expect(scanText('src/main.rs', built)[0]).toMatchObject({
      kind: 'password in connection string',
      value: 'Vq7rTz2pLm9x',
      confidence: 'high',
    });
    expect(
      scanText('appsettings.json', `"Orders": "Server=sql.internal;User Id=orders;Password=Hx9!kT2wq;"`)[0],
    ).toMatchObject({ kind: 'password in connection string', value: 'Hx9!kT2wq' });
    // The password repeats the user: a development default, low.
    expect(
      scanText('src/main.rs', `connect("host=localhost user=meters password=meters dbname=x", NoTls)`)[0],
    ).toMatchObject({
      confidence: 'low',
      devDefault: true,
    });
    // Keyword arguments of a call (the value is a variable), a slot filled at run time, a flag, one key alone.
    const kv = (file: string, text: string) =>
      scanText(file, text).filter((h) => h.kind === 'password in connection string');
    expect(kv('app/db.py', `conn = psycopg2.connect(host=h, user=u, password=pw)`)).toEqual([]);
    expect(kv('src/db.rs', `format!("host={} user={} password={}", h, u, p)`)).toEqual([]);
    expect(kv('src/db.go', `fmt.Sprintf("host=%s user=%s password=%s", h, u, p)`)).toEqual([]);
    expect(kv('scripts/dump.sh', `mysqldump --host=db --user=ops --password=Vq7rTz2pLm9x shop`)).toEqual([]);
    expect(kv('src/form.rs', `let q = "password=Vq7rTz2pLm9x";`)).toEqual([]);
  });

  it("reads a PHP literal joined by '.' to a call as the prefix of a built value; elsewhere a method call keeps it", () => {
    expect(scanText('app/Env.php', `$smtpCredential =\n    'SMTP_USER='.config('mail.user')."\\n";\n`)).toEqual([]);
    expect(scanText('app/Env.php', `$apiToken = 'TOKEN=' . \\Str::random(40);\n`)).toEqual([]);
    expect(scanText('app/Env.php', `$apiToken = 'Zq7pLm2vX9wR4tK8' . 'nB3';\n`)).toHaveLength(1);
    expect(scanText('app/env.py', `api_token = "Zq7pLm2vX9wR4tK8".encode()\n`)).toHaveLength(1);
  });

  it("reads a vendor's published test key as an env lookup's fallback as a placeholder; a real fallback stays", () => {
    // Google's reCAPTCHA test pair, built from parts.
    const testSecret = '6LeIxAcTAAAAAGG-' + 'vFI1TnRWxMZNFuojJ4WifJWe';
    const hits = scanText('database/settings/add_captcha.php', `$s = env('RECAPTCHA_SECRET_KEY', '${testSecret}');\n`);
    expect(hits.map((h) => [h.kind, h.placeholder])).toEqual([['secret default in env lookup', true]]);
    const real = scanText('config/captcha.php', `$s = env('RECAPTCHA_SECRET_KEY', 'Zq7pLm2vX9wR4tK8nB3yH6jD');\n`);
    expect(real.map((h) => [h.kind, h.placeholder])).toEqual([['secret default in env lookup', false]]);
  });

  it("reads CodeMirror's numbered token styles as style names, not tokens", () => {
    expect(scanText('public/js/mode/lang.js', `  { regex: /\\$\\w+/, token: "variable-2" },\n`)).toEqual([]);
    expect(scanText('public/js/mode/lang.js', `  { regex: /'/, token: 'string-2', next: "start" },\n`)).toEqual([]);
    expect(scanText('src/client.js', `const client = { token: "k7Qz-9mXv2LpW4rT" };\n`)).toHaveLength(1);
  });

  it("reads a Bootstrap plugin's event namespace as a name", () => {
    expect(scanText('public/js/picker.js', `const DATA_API_KEY = '.data-api';\n`)).toEqual([]);
    expect(scanText('public/js/picker.js', `const DATA_API_KEY = 'k7Qz9mXv2LpW4rT8';\n`)).toHaveLength(1);
  });

  it('reads a literal that a plainly named key beside it also holds as a label, not a credential', () => {
    const table = `GROUPS = {\n    "smtp_host": "mail_settings",\n    "smtp_password": "mail_settings",\n}`;
    expect(scanText('forms.py', table)).toEqual([]);
    // A user name equal to the password is a weak credential pair, still reported.
    const pair = `DB = {\n    "user": "Rk8vQ2mZx7",\n    "password": "Rk8vQ2mZx7",\n}`;
    expect(scanText('db.py', pair)).toHaveLength(1);
  });

  it('reads upper-case keyword tokens of a command table and pipeline service connection names as names', () => {
    const docs = `[\n  {\n    "Name": "WITHSCORES",\n    "Type": "PureToken",\n    "Token": "WITHSCORES"\n  },\n  { "Token": "LIB-NAME" }\n]`;
    expect(scanText('libs/resources/CommandDocs.json', docs)).toEqual([]);
    // A token with digits or mixed case is still key material.
    expect(scanText('settings.json', `{ "Token": "Qm7xT2vL9pRk4wZ8" }`)).toHaveLength(1);
    const task = `- task: NuGetCommand@2\n  inputs:\n    command: push\n    nuGetFeedType: external\n    publishFeedCredentials: ShopADO_to_NuGet\n`;
    expect(scanText('.azure/pipelines/release.yml', task)).toEqual([]);
  });

  it('reads a connection-string key written with its separator as a name', () => {
    const helper = `internal static class BusClients\n{\n    private const string SharedAccessKeyToken = "SharedAccessKey=";\n}`;
    expect(scanText('src/Bus/BusClients.cs', helper)).toEqual([]);
    // Padded base64 is key material, and so is a key word followed by its value.
    expect(scanText('src/Bus/Keys.cs', 'private const string AccessToken = "Zk9xQm3vT8pL2wRn5bYc=";')).toHaveLength(1);
    expect(
      scanText('src/Bus/Keys.cs', 'private const string AccessToken = "SharedAccessKey=Zk9xQm3vT8pL2wRn";'),
    ).toHaveLength(1);
  });

  it('marks placeholders and ignores non-secrets', () => {
    for (const line of [
      'SECRET_KEY = "changeme"',
      'API_KEY = "your-api-key-here"',
      'password = "${DB_PASSWORD}"',
      'token = "<token>"',
      'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"',
      'url = "postgresql://user:${PGPASSWORD}@db/app"',
      'api_key = "xxxxxxxxxxxx"',
    ]) {
      expect(
        scanText('app/settings.py', line).every((h) => h.placeholder),
        line,
      ).toBe(true);
    }
    for (const line of [
      'API_KEY_HEADER = "X-API-Key"',
      'token_url = "/auth/token"',
      'password = os.environ["DB_PASSWORD"]',
      'TOKEN_EXPIRE_MINUTES = 30',
      'api_key = APIKeyHeader(name="x-api-key")',
      'password_hash = hash_password(password)',
      'raise HTTPException(401, detail="Invalid token")',
      'token_type = "bearer"',
      'const password = req.body.password',
      'SECRET_KEY = settings.secret_key',
    ]) {
      expect(
        scanText('app/main.py', line).filter((h) => !h.placeholder),
        line,
      ).toEqual([]);
    }
  });

  it("Laravel's attribute casts are no values: 'encrypted:array', 'hashed'", () => {
    for (const cast of ['encrypted', 'encrypted:array', 'encrypted:collection', 'hashed'])
      expect(isPlaceholder(cast)).toBe(true);
    expect(isPlaceholder('encrypted:Zm9vYmFy')).toBe(false);
  });

  it('redacts: never more than four characters and the length', () => {
    expect(redact(AWS_ID)).toBe('AKIA…(20 chars)');
    expect(redact('hunter2')).toBe('…(7 chars)');
    expect(isPlaceholder('change-me-in-production')).toBe(true);
    expect(entropy('aaaa')).toBe(0);
    const scrubbed = redactSecretsIn(`key = "${AWS_ID}"\n${PEM}`);
    expect(scrubbed).not.toContain(AWS_ID);
    expect(scrubbed).not.toContain('MIIEowIBAAKCAQEA');
  });
});

describe('secrets fact: repository', () => {
  it('separates production hits from tests, docs, examples and placeholders; never stores the value', () => {
    // (a provider token in a real format is a finding in docs too: see the next test)
    const repo = RepoIndex.fromMemory({
      'app/settings.py': `AWS_ACCESS_KEY_ID = "${AWS_ID}"\nSECRET_KEY = "changeme"\n`,
      'tests/test_api.py': `TOKEN = "${GH}"\n`,
      'README.md': 'Configure it with `db_password = "Zq7pLm2vX9wR4t"` for a local run\n',
      '.env.example': 'DB_PASSWORD=Zq7pLm2vX9wR4t\n',
      'docker-compose.yml': 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres\n',
      'package-lock.json': `{"integrity": "sha512-${AWS_SECRET}"}`,
    });
    const s = detectSecrets(repo);
    expect(s.hits.map((h) => [h.path, h.line, h.kind])).toEqual([['app/settings.py', 1, 'AWS access key id']]);
    expect(s.hits[0]!.excerpt).toBe('AWS_ACCESS_KEY_ID = "AKIA…(20 chars)"');
    expect(s.ignored.map((h) => h.ignoredAs).sort()).toEqual(['docs', 'example', 'placeholder', 'test']);
    expect(s.weakCredentials).toHaveLength(1);
    expect(s.weakCredentials[0]).toMatchObject({ path: 'docker-compose.yml', line: 4, confidence: 'low' });
    expect(JSON.stringify(s)).not.toContain(AWS_ID);
    expect(JSON.stringify(s)).not.toContain(GH);
    expect(JSON.stringify(s)).not.toContain(STRIPE);
  });
});

describe('engine scrub (defence in depth)', () => {
  it('redacts a secret that another rule quotes in an excerpt', async () => {
    const { runRules } = await import('../../src/engine/run.js');
    const { defineRule } = await import('../../src/sdk/index.js');
    const quoting = defineRule({
      meta: {
        id: 'config.quote',
        category: 'config',
        title: 'Quotes a line',
        severity: 'low',
        level: 1,
        docs: { why: 'test only rule', how: 'test only rule', fix: ['x'], effort: 'S' },
        messages: { m: 'm' },
      },
      check: (ctx) => ctx.gap('m', [ctx.at('.env', 1, 'env file line')]),
    });
    const repo = RepoIndex.fromMemory({ '.env': `AWS_ACCESS_KEY_ID=${AWS_ID}\n` });
    const [f] = runRules({ repo, rules: [quoting] }).findings;
    expect(f!.evidence[0]!.excerpt).toBe('AWS_ACCESS_KEY_ID=AKIA…(20 chars)');
  });
});

describe('secrets fact: references are not values', () => {
  it('ignores env var names and Kubernetes Secret references in YAML', () => {
    expect(scanText('deploy/external-secret.yaml', '  - secretKey: DATABASE_URL\n')).toEqual([]);
    expect(
      scanText('charts/app/values.yaml', 'envFromSecret: inventory-db\nexistingSecret: orders-db-credentials\n'),
    ).toEqual([]);
    expect(scanText('charts/app/values.yaml', 'clientSecret: Zq7pLm2vX9wR4tK8\n').map((h) => h.kind)).toEqual([
      'hard-coded secret in config',
    ]);
  });
  it('passwords of throwaway CI services are never findings, whatever they look like', () => {
    const repo = RepoIndex.fromMemory({
      '.github/workflows/ci.yml':
        'jobs:\n  test:\n    services:\n      postgres:\n        env:\n          POSTGRES_PASSWORD: Ci_Only_9xQ2vL\n    steps:\n      - run: make test\n        env:\n          DATABASE_URL: postgres://postgres:postgres@localhost:5432/test\n',
    });
    const s = detectSecrets(repo);
    expect(s.hits).toEqual([]);
    expect(s.weakCredentials).toEqual([]);
    expect(s.ignored.map((h) => [h.line, h.ignoredAs])).toEqual([
      [6, 'ci'],
      [10, 'ci'],
    ]);
  });
});

describe('secrets fact: Elixir documentation heredocs', () => {
  it('a token in a @doc heredoc example is documentation; the same after the heredoc closes is a finding', () => {
    const mod = (body: string) =>
      detectSecrets(
        RepoIndex.fromMemory({
          'mix.exs': 'defmodule Shelf.MixProject do\n  use Mix.Project\nend\n',
          'lib/shelf/grants.ex': `defmodule Shelf.Grants do\n${body}end\n`,
        }),
      );
    const doc = mod(
      '  @doc """\n  Stores a grant.\n\n      store(%{refresh_token: "renewal987"})\n  """\n  def store(grant), do: grant\n',
    );
    expect(doc.hits).toEqual([]);
    expect(doc.weakCredentials).toEqual([]);
    expect(doc.ignored.map((h) => [h.line, h.ignoredAs])).toEqual([[5, 'docs']]);
    const live = mod('  @doc """\n  Stores a grant.\n  """\n  def store, do: save(%{refresh_token: "renewal987"})\n');
    expect([...live.hits, ...live.weakCredentials].map((h) => h.line)).toEqual([5]);
  });
});

describe('secrets fact: pydantic schema examples', () => {
  it("a token in a model's json_schema_extra example is an example; one assigned in the class body is a finding", () => {
    const token = 'rt_' + 'Lq8Vn3Wd6Ys1Gk4Hp9Jm2Bx';
    const repo = RepoIndex.fromMemory({
      'requirements.txt': 'pydantic==2.9.2\n',
      'api/schemas.py': [
        'from pydantic import BaseModel, ConfigDict',
        '',
        '',
        'class TokenOut(BaseModel):',
        '    model_config = ConfigDict(',
        `        json_schema_extra={"example": {"refresh_token": "${token}", "expires_in": 60}}`,
        '    )',
        '    refresh_token: str',
        '',
        '',
        'class Upstream:',
        `    api_token = "${token}"`,
        '',
      ].join('\n'),
    });
    const s = detectSecrets(repo);
    expect(s.ignored.map((h) => [h.line, h.ignoredAs])).toEqual([[6, 'example']]);
    expect([...s.hits, ...s.weakCredentials].map((h) => h.line)).toEqual([12]);
  });
});

describe('secrets fact: AWS key ids', () => {
  it('an id whose secret key comes from the CI secret store is no finding, in that file or another; alone it is', () => {
    const paired = `env:\n  AWS_ACCESS_KEY_ID: ${AWS_ID}\nsteps:\n  - with:\n      aws-secret-access-key: \${{ secrets.AWS_KEY }}\n`;
    const s = detectSecrets(
      RepoIndex.fromMemory({
        '.github/workflows/release.yml': paired,
        '.github/workflows/cron.yml': `env:\n  AWS_ACCESS_KEY_ID: ${AWS_ID}\n`,
      }),
    );
    expect(s.hits).toEqual([]);
    expect(s.ignored.map((h) => [h.path, h.ignoredAs])).toEqual([
      ['.github/workflows/release.yml', 'keyId'],
      ['.github/workflows/cron.yml', 'keyId'],
    ]);
    const alone = detectSecrets(
      RepoIndex.fromMemory({ '.github/workflows/cron.yml': `env:\n  AWS_ACCESS_KEY_ID: ${AWS_ID}\n` }),
    );
    expect(alone.hits.map((h) => h.kind)).toEqual(['AWS access key id']);
  });
});

describe('secrets fact: translations', () => {
  it('does not read UI labels in locale files as passwords', () => {
    const repo = RepoIndex.fromMemory({ 'config/locales/de.yml': 'de:\n  password: Passwort\n  token: Schluessel\n' });
    expect(detectSecrets(repo).hits).toEqual([]);
  });
});

describe('secrets fact: interpolation', () => {
  it('reads interpolated DSNs and templates as references, not credentials', () => {
    for (const line of [
      'url = f"postgresql+psycopg://{self.POSTGRES_USER}:{self.POSTGRES_PASSWORD}@{self.POSTGRES_SERVER}/app"',
      'const url = `postgres://${user}:${password}@db/app`',
      'url = "postgres://#{user}:#{ENV["DB_PASS"]}@db/app"',
      'DSN = "mysql://%s:%s@db/app"',
    ]) {
      expect(
        scanText('app/config.py', line).filter((h) => !h.placeholder),
        line,
      ).toEqual([]);
    }
  });
});

describe('secrets fact: what names a secret is not a secret (real-repository false positives)', () => {
  it.each([
    ['a fetch credentials mode', 'web/api.js', `fetch(url, { credentials: "same-origin" })`],
    ['another fetch credentials mode', 'web/api.ts', `const opts = { method: 'POST', credentials: 'include' }`],
    ['a Rails route to a password action', 'config/routes.rb', `post "/password/forgot" => "sessions#forgot_password"`],
    ['a translation outside a locale folder', 'src/strings.js', `export const de = { password: 'Passwort' }`],
    ['a UI label', 'src/Login.jsx', `const labels = { apiToken: "Zugangsschluessel" }`],
    ['an enum value naming the secret', 'app/grants.py', `GRANT_PASSWORD = "password"\nKIND = "refresh_token"`],
    ['a regular expression', 'app/rules.ts', `const PASSWORD_PATTERN = "^(?=.*[A-Z])(?=.*\\\\d).{12,}$"`],
    ['a version range', 'tools/deps.yml', `passport-token: ^2.1.0`],
  ])('%s', (_why, file, text) => {
    expect(scanText(file, text).filter((h) => !h.placeholder)).toEqual([]);
  });

  it('a single-word password among the options of a basic-auth middleware is a credential, not a label', () => {
    const text = "app.use('/ops/*', basicAuth({\n  username: 'ops',\n  password: 'lanternfish',\n}))\n";
    expect(scanText('src/app.ts', text).filter((h) => !h.placeholder)).toHaveLength(1);
    // The same word as a form's label stays a label.
    expect(scanText('src/app.ts', "const form = {\n  password: 'lanternfish',\n}\n")).toEqual([]);
  });

  it('a literal password beside them is still found', () => {
    expect(scanText('app/settings.py', `ADMIN_PASSWORD = "Tr0ub4dor&3xQ"`)[0]).toMatchObject({ confidence: 'high' });
    expect(scanText('web/api.js', `const credentials = "q7Lm2Xv9Rt4Wz8Bn3Kp6"`)[0]).toMatchObject({
      confidence: 'high',
    });
  });

  it('dependency manifests are names, minified and vendored bundles are generated', () => {
    const repo = RepoIndex.fromMemory({
      'package.json': '{"dependencies": {"secret-handshake": "^1.1.0"}, "config": {"token": "q7Lm2Xv9Rt4Wz8Bn"}}',
      'requirements.txt': 'django-secret-key-rotation==2.0\n',
      'static/app.3f9a1c2b7d.js': `var a={password:"hunter22x",token:"q9W8e7R6t5Y4"};`,
      'web/dist-free/bundle.js': `!function(){var t={password:"k2L9xQ7vB4nM8pR1"};${'x=1;'.repeat(600)}}();`,
      'public/vendor/chart.js': `var apiKey = "Zq7pLm2vX9wR4tYu";`,
    });
    const s = detectSecrets(repo);
    expect(s.hits).toEqual([]);
    // but a provider token in a real format is found in a manifest too
    const npmrc = RepoIndex.fromMemory({ 'package.json': `{"scripts": {"pub": "NPM_TOKEN=${GH} npm publish"}}` });
    expect(detectSecrets(npmrc).hits.map((h) => h.kind)).toEqual(['GitHub token']);
  });

  it('throwaway passwords of test configuration: pytest env, CI compose files, test Dockerfiles', () => {
    const repo = RepoIndex.fromMemory({
      'pyproject.toml':
        '[project]\nname = "svc"\n\n[tool.pytest.ini_options]\nenv = ["DB_PASSWORD=ci_pw_Xq9v2Lm"]\n\n[tool.other]\napi_token = "Zq7pLm2vX9wR4tYu"\n',
      '.ci/compose.ci.yaml': 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ci_pw_Xq9v2Lm\n',
      'docker-compose.test.yml': 'services:\n  db:\n    environment:\n      MYSQL_ROOT_PASSWORD: T3st_Only_pw9\n',
    });
    const s = detectSecrets(repo);
    expect(s.hits.map((h) => [h.path, h.line])).toEqual([['pyproject.toml', 8]]);
    expect(
      s.ignored
        .filter((h) => h.ignoredAs === 'ci')
        .map((h) => h.path)
        .sort(),
    ).toEqual(['.ci/compose.ci.yaml', 'docker-compose.test.yml']);
  });

  it('a gap made only of low-confidence hits is low confidence (rule level, see fixtures); hits keep their own', () => {
    expect(scanText('app/settings.py', `DB_PASSWORD = "hunter22"`)[0]).toMatchObject({ confidence: 'low' });
  });
});

describe('secrets fact: settings that fall back to a literal', () => {
  it.each([
    ['Python or', 'app/config.py', `SECRET_KEY = os.environ.get("SECRET_KEY") or "you-will-never-guess"`],
    ['Python default', 'app/config.py', `SECRET_KEY = os.getenv("SECRET_KEY", "k8#mZ2!qR9vT4wX7")`],
    ['Ruby ||', 'config/app.rb', `token = ENV["API_TOKEN"] || "abc123def456ghi"`],
    ['Ruby fetch block', 'config/app.rb', `key = ENV.fetch("SIGNING_KEY") { "f00dfacecafe4242" }`],
    ['Node ??', 'src/config.ts', `const secret = process.env["JWT_SECRET"] ?? "t0k3n-value-9x"`],
    ['PHP ?:', 'config/app.php', `$key = getenv('APP_SECRET') ?: 'p9q8r7s6t5u4';`],
    ['Spring placeholder', 'src/main/resources/application.yml', 'jwt:\n  secret: ${JWT_SECRET:devsecret123abc}'],
  ])('%s', (_why, file, text) => {
    const s = detectSecrets(RepoIndex.fromMemory({ [file]: text }));
    expect(s.hits.map((h) => h.kind)).toEqual(['secret default in env lookup']);
  });

  it('no literal, or a placeholder: not a finding', () => {
    for (const text of [
      `SECRET_KEY = os.environ.get("SECRET_KEY") or ""`,
      `SECRET_KEY = os.environ.get("SECRET_KEY", None)`,
      `SECRET_KEY = os.environ.get("SECRET_KEY") or "changeme"`,
    ])
      expect(detectSecrets(RepoIndex.fromMemory({ 'app/config.py': text })).hits, text).toEqual([]);
  });
});

describe('secrets fact: Dockerfiles and compose files', () => {
  it('a password in Dockerfile ENV or ARG is a finding, even a weak one: it is baked into the image', () => {
    const s = detectSecrets(
      RepoIndex.fromMemory({
        Dockerfile:
          'FROM python:3.12\nENV DB_PASSWORD=postgres APP_ENV=prod\nARG API_TOKEN=Zq7pLm2vX9wR4tYu\nENV ADMIN_PASSWORD s3cr3t-Pw0rd-9\nENV SECRET_KEY=${SECRET_KEY}\nARG DEPLOY_TOKEN\n',
      }),
    );
    expect(s.hits.map((h) => [h.line, h.kind, h.confidence])).toEqual([
      [2, 'secret in Dockerfile ENV', 'low'],
      [3, 'secret in Dockerfile ARG', 'high'],
      [4, 'secret in Dockerfile ENV', 'high'],
    ]);
    expect(s.hits[0]!.excerpt).toBe('ENV DB_PASSWORD=…(8 chars) APP_ENV=prod');
  });

  it('a quoted ENV value is one finding (the Dockerfile reading), not also a plain assignment', () => {
    const s = detectSecrets(RepoIndex.fromMemory({ Dockerfile: 'FROM node:20\nENV API_SECRET="Yx5vN1cTq8Lm"\n' }));
    expect(s.hits.map((h) => [h.line, h.kind])).toEqual([[2, 'secret in Dockerfile ENV']]);
  });

  it('a development compose file holds development defaults (warnings); a production one holds findings', () => {
    const compose =
      'services:\n  api:\n    environment:\n      DB_PASSWORD: Sup3rS3cretPw\n      - API_TOKEN=abcd1234efgh\n';
    const dev = detectSecrets(RepoIndex.fromMemory({ 'docker-compose.yml': compose }));
    expect(dev.hits).toEqual([]);
    expect(dev.weakCredentials.map((h) => h.line)).toEqual([4, 5]);
    const prod = detectSecrets(RepoIndex.fromMemory({ 'deploy/docker-compose.prod.yml': compose }));
    expect(prod.hits.map((h) => h.line)).toEqual([4, 5]);
  });

  it('an example compose file the docs say to run as it is: its live-looking defaults are findings', () => {
    const compose = 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: kT9vQ2!mX7pL4w\n';
    const files = { 'compose.example.yml': compose };
    expect(detectSecrets(RepoIndex.fromMemory(files)).hits).toEqual([]);
    const run = detectSecrets(
      RepoIndex.fromMemory({ ...files, 'README.md': '## Run\n\n    docker compose -f compose.example.yml up -d\n' }),
    );
    expect(run.hits.map((h) => [h.path, h.line])).toEqual([['compose.example.yml', 4]]);
    const copied = detectSecrets(
      RepoIndex.fromMemory({
        ...files,
        'docs/install.md': 'cp compose.example.yml docker-compose.yml && docker compose up -d\n',
      }),
    );
    expect(copied.hits).toHaveLength(1);
    // copied to be edited first: not run as it is
    const edited = { ...files, 'README.md': 'cp compose.example.yml compose.yml\n\nThen change every password.\n' };
    expect(detectSecrets(RepoIndex.fromMemory(edited)).hits).toEqual([]);
  });

  it("a compose file the install docs run keeps development defaults when it runs the app in the framework's development environment", () => {
    const compose = (env: string) =>
      `services:\n  db:\n    environment:\n      - MSSQL_SA_PASSWORD=Qv7rTt2pLm44\n  api:\n    environment:\n      ${env}\n`;
    const readme =
      '# App\n\n## Installing\n\n```\ndocker compose -f docker-compose.yml -f docker-compose.override.yml up -d\n```\n';
    const run = (env: string) =>
      detectSecrets(RepoIndex.fromMemory({ 'docker-compose.override.yml': compose(env), 'README.md': readme }));
    for (const env of [
      '- ASPNETCORE_ENVIRONMENT=Development',
      'NODE_ENV: development',
      "RAILS_ENV: 'development'",
      '- MIX_ENV=dev',
    ]) {
      expect(run(env).hits).toEqual([]);
      expect(run(env).weakCredentials.map((h) => h.line)).toEqual([4]);
    }
    expect(run('- ASPNETCORE_ENVIRONMENT=Production').hits.map((h) => h.line)).toEqual([4]);
    // A variable only named like one (`MY_NODE_ENV`) or a development value in a comment is no environment.
    expect(run('- MY_NODE_ENV=development').hits).toHaveLength(1);
    expect(run('# NODE_ENV: development').hits).toHaveLength(1);
  });

  it('the default compose file run by the docs for production holds findings', () => {
    const compose = 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: kT9vQ2mX7pL4w\n';
    const repo = RepoIndex.fromMemory({
      'docker-compose.yml': compose,
      'README.md': '# App\n\n## Deploy to production\n\n```\ndocker compose up -d\n```\n',
    });
    expect(detectSecrets(repo).hits).toHaveLength(1);
  });
});

describe('secrets fact: docs', () => {
  it('a provider key in a real format is a finding in the README and docs; a placeholder is not', () => {
    const s = detectSecrets(
      RepoIndex.fromMemory({
        'README.md': `Set \`STRIPE_KEY=${STRIPE}\`\n\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n`,
        'docs/deploy.md': `${PEM}\n`,
        'tests/keys/key.pem': `${PEM}\n`,
      }),
    );
    expect(s.hits.map((h) => [h.path, h.kind])).toEqual([
      ['README.md', 'Stripe live key'],
      ['docs/deploy.md', 'private key'],
    ]);
    expect(s.ignored.map((h) => h.ignoredAs).sort()).toEqual(['docs', 'test']);
  });
});

describe('redaction of secret-named values', () => {
  it.each([
    ['Dockerfile', 'ENV DB_PASSWORD=hunter2 APP=1', 'ENV DB_PASSWORD=…(7 chars) APP=1'],
    ['Dockerfile', 'ENV DB_PASSWORD hunter2', 'ENV DB_PASSWORD …(7 chars)'],
    ['docker-compose.yml', '      POSTGRES_PASSWORD: postgres', '      POSTGRES_PASSWORD: …(8 chars)'],
    ['.env', 'API_TOKEN=abc', 'API_TOKEN=…(3 chars)'],
    ['app/db.py', 'db_password = "hunter2"', 'db_password = "…(7 chars)"'],
    ['scripts/backup.sh', 'mysqldump --password=hunter2 shop', 'mysqldump --password=…(7 chars) shop'],
    ['config.json', '{"clientSecret": "abc"}', '{"clientSecret": "…(3 chars)"}'],
    // short names, values inside strings, URLs and command lines
    ['config/app.ini', 'db_pass = hunter2', 'db_pass = …(7 chars)'],
    ['.env', 'SMTP_PASS=hunter2', 'SMTP_PASS=…(7 chars)'],
    [
      'deploy/values.yml',
      'url: https://bob:hunter2@registry.example.com/x',
      'url: https://bob:…(7 chars)@registry.example.com/x',
    ],
    [
      'src/Db.cs',
      'var cs = "Server=db;User Id=sa;Password=hunter2;";',
      'var cs = "Server=db;User Id=sa;Password=…(7 chars);";',
    ],
    ['settings.xml', '<password>hunter2</password>', '<password>…(7 chars)</password>'],
    ['scripts/up.sh', 'curl -u admin:hunter2 https://x', 'curl -u admin:…(7 chars) https://x'],
    ['scripts/db.sh', 'mysql -uroot -phunter2 shop', 'mysql -uroot -p…(7 chars) shop'],
    [
      'Dockerfile',
      'RUN echo "machine h login me password hunter2" > ~/.netrc',
      'RUN echo "machine h login me password …(7 chars)" > ~/.netrc',
    ],
  ])('%s: %s', (file, line, expected) => {
    expect(redactSecretsIn(line, file)).toBe(expected);
  });

  it('leaves references and code expressions alone', () => {
    for (const [file, line] of [
      ['app/db.py', 'password = os.environ["DB_PASSWORD"]'],
      ['src/a.ts', 'const token = req.headers.authorization'],
      ['Dockerfile', 'ENV DB_PASSWORD=${DB_PASSWORD}'],
      ['docker-compose.yml', '  DB_PASSWORD: ${DB_PASSWORD:?set it}'],
      ['app/views.py', 'db_pass = settings.DB_PASS'],
      ['deploy/values.yml', 'url: https://bob:${REGISTRY_PASSWORD}@registry.example.com/x'],
      ['deploy/values.yml', 'url: https://registry.example.com:5000/x'],
      ['scripts/run.sh', 'docker run -u 1000:1000 app'],
      ['scripts/db.sh', 'mysql -p shop'],
      ['config/a.yml', 'bypass: cache'],
      ['config/a.yml', 'compass_heading: north'],
    ])
      expect(redactSecretsIn(line!, file), line).toBe(line);
  });
});

describe('secrets fact: precision on real repositories', () => {
  it('validation rules, password hashes and string concatenations under a secret name are no credentials', () => {
    const s = detectSecrets(
      RepoIndex.fromMemory({
        'app/Http/Requests/Register.php': [
          '<?php',
          "return ['password' => 'required|string|min:8|confirmed', 'current_password' => 'required|current_password'];",
          "$admin = ['email' => 'admin@example.com', 'password' => '$2y$10$" +
            'N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy' +
            "'];",
          "$url .= '?access_token='.config('services.maps.key');",
          'const link = "/auth?token=" + sessionToken + "&next=/";',
          "'password' => 'Zq7pLm2vX9wR4tYu',",
        ].join('\n'),
      }),
    );
    expect(s.hits.map((h) => h.line)).toEqual([6]);
  });

  it("a secret-named attribute and the next line's binding are not one typed assignment", () => {
    const s = detectSecrets(
      RepoIndex.fromMemory({
        'src/pages/Login.vue':
          '<template>\n  <Link\n    v-if="canResetPassword"\n    :href="route(\'password.request\')">\n    Forgot?\n  </Link>\n</template>\n',
      }),
    );
    expect([...s.hits, ...s.weakCredentials].map((h) => h.line)).toEqual([]);
  });

  it('translation catalogues are recognised by their locale names', () => {
    for (const p of [
      'public/intl/messages/ja-JP.json',
      'src/i18n/de.json',
      'web/strings/pt_BR.yml',
      'po/fr.po',
      // Java message bundles, wherever they are kept
      'api/src/main/resources/messages_km.properties',
      'api/src/main/resources/messages.properties',
      'web/src/main/resources/ApplicationResources_pt_BR.properties',
      'src/main/resources/i18n/UiLabels_de.properties',
      // a locale folder set apart by underscores, or named for its part
      'client/src/__locales/ja.json',
      'client/src/__locales-services/th.json',
    ])
      expect(isTranslation(p), p).toBe(true);
    for (const p of [
      'app.json',
      'config/db.yml',
      'src/ci.ts',
      'deploy/en.json',
      'src/main/resources/application.properties',
      'src/main/resources/application_prod.properties',
      'src/main/resources/datasource.properties',
      'client/src/__locales/settings.json',
      'deploy/__config/de.json',
    ])
      expect(isTranslation(p), p).toBe(false);
  });

  it("i18next's folder-per-locale namespace files are translation catalogues", () => {
    for (const p of [
      'ui/src/extractedTranslations/zh-CN/translation.json',
      'ui/src/extractedTranslations/ja/translation.json',
      'web/public/lang/pt-BR/dashboard.json',
    ])
      expect(isTranslation(p), p).toBe(true);
    for (const p of ['deploy/de/settings.json', 'config/ja/app.json', 'src/setup/zh-CN/config.json'])
      expect(isTranslation(p), p).toBe(false);
  });

  it('${X:=} assigns an empty default (nothing to report); ${X:=literal} is a default', () => {
    expect(scanText('deps/versions.sh', ': "${GITHUB_TOKEN:=}"')).toEqual([]);
    expect(scanText('run.sh', ': "${DB_PASSWORD:=Zq7pLm2vX9wR}"')[0]).toMatchObject({ value: 'Zq7pLm2vX9wR' });
  });

  it('${X:+alt} is the value used when X is set, not a default; ${X:-default} is one', () => {
    expect(scanText('mvnw', 'case "${REPO_PASSWORD:+has a password}" in')).toEqual([]);
    expect(scanText('run.sh', 'exec app --db-pass "${DB_PASSWORD:-Zq7pLm2vX9wR}"')[0]).toMatchObject({
      kind: 'secret default in env lookup',
    });
  });

  it('a dictionary word with a counter is a guessable password: never high confidence', () => {
    expect(scanText('seed.py', `create_user(password='admin123')`)[0]).toMatchObject({ confidence: 'low' });
    expect(scanText('seed.py', `create_user(password='Tz8!qLm2xW')`)[0]).toMatchObject({ confidence: 'high' });
  });

  it('a password repeated by a local connection URL is a development default wherever it appears', () => {
    const s = detectSecrets(
      RepoIndex.fromMemory({
        Makefile: 'migrate:\n\tDATABASE_URL="postgres://ledger:ledger@localhost:5432/ledger" ./migrate\n',
        'docker/regtest/node.conf': 'rpc {\n  password = "ledger"\n}\n',
        'app/settings.py': 'REMOTE = "postgres://ledger:Hq82!zLw0pTx@db.prod.internal/ledger"\n',
      }),
    );
    expect(s.hits.map((h) => h.path)).toEqual(['app/settings.py']);
    expect(s.weakCredentials.map((h) => h.path).sort()).toEqual(['Makefile', 'docker/regtest/node.conf']);
  });
});

describe('secrets fact: compose files the docs run', () => {
  const compose = 'services:\n  mysql:\n    image: mysql:8\n    environment:\n      - MYSQL_PASSWORD=Kq7vT2mX9pLw\n';
  it('a compose file the docs start for local development holds development defaults', () => {
    const s = detectSecrets(
      RepoIndex.fromMemory({
        'docker/infra.yml': compose,
        'README.md':
          '## Environment\n\nThe local profile needs these:\n\n    docker compose -f ./docker/infra.yml up\n',
      }),
    );
    expect(s.hits).toEqual([]);
    expect(s.weakCredentials.map((h) => h.path)).toEqual(['docker/infra.yml']);
  });
  it('the same file started by the deployment guide holds findings', () => {
    const s = detectSecrets(
      RepoIndex.fromMemory({
        'docker/infra.yml': compose,
        'README.md': '## Deploying\n\n    docker compose -f ./docker/infra.yml up -d\n',
      }),
    );
    expect(s.hits.map((h) => [h.path, h.line])).toEqual([['docker/infra.yml', 5]]);
  });
});

describe('secrets fact: a value shared with a plain key', () => {
  const v = 'Zq8vLm2Np4Kt';
  // Long words (a minified line, a hash) around the value: the other-key search must find the same keys in them.
  const long = 'a9'.repeat(20000);
  const kinds = (text: string) => scanText('app/settings.py', text).map((h) => h.kind);

  it('drops a secret whose value a plain key within five lines also holds', () => {
    expect(kinds(`password = "${v}"\n`)).toEqual(['hard-coded secret assignment']);
    expect(kinds(`password = "${v}"\nlabel = "${v}"\n`)).toEqual([]);
  });

  it('keeps it when the other key names a user (a weak credential pair)', () => {
    expect(kinds(`password = "${v}"\nusername = "${v}"\n`)).toEqual(['hard-coded secret assignment']);
  });

  it('reads keys next to long words and long words as keys', () => {
    expect(kinds(`blob = "${long}"\npassword = "${v}"\n${long} label: '${v}'\n`)).toEqual([]);
    expect(kinds(`blob = "${long}"\npassword = "${v}"\n${long}: '${v}'\n`)).toEqual([]);
    expect(kinds(`blob = "${long}"\npassword = "${v}"\n9${long}.username: '${v}'\n`)).toEqual([
      'hard-coded secret assignment',
    ]);
  });
});

describe('secrets: values typed along the alphabet', () => {
  it('a run of twelve letters in alphabet order is a placeholder; a generated key is not', () => {
    expect(isPlaceholder('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG=')).toBe(true);
    expect(isPlaceholder('bbcdefghijklmnopqrstuvwxyz0123456789ABCDEFG=')).toBe(true);
    expect(isPlaceholder('kQ9mZ2xLabcdefgh7RvB3zW8')).toBe(false);
    expect(isPlaceholder('sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe(false);
  });

  it('so is a run typed backwards', () => {
    expect(isPlaceholder('rk_demo_onmlkjihgfedcba98765')).toBe(true);
    expect(isPlaceholder('rk_live_onmlkjihg98765Qx')).toBe(false);
  });
});

describe('secrets: a configuration value naming an entry of its file', () => {
  const manifest = (value: string, entry: string) =>
    `secrets:\n  ${entry}:\n    type: github-account\n  Sync-PAT:\n    parameters:\n      gitHubBotAccountSecret: ${value}\n`;
  it('is a reference to that entry, not a credential', () => {
    expect(scanText('.vault-config/sync.yaml', manifest('BotAccount-sync-bot', 'BotAccount-sync-bot'))).toEqual([]);
  });
  it('is a literal when no entry of the file has that name', () => {
    expect(scanText('.vault-config/sync.yaml', manifest('BotAccount-sync-bot', 'Other-Account')).length).toBe(1);
  });
});

describe('secrets: values that tell the operator what to put there', () => {
  it('an instruction to change or replace the value, or "development" in leetspeak, is a placeholder', () => {
    expect(isPlaceholder('change-to-a-long-random-string')).toBe(true);
    expect(isPlaceholder('replace_with_the_real_key')).toBe(true);
    expect(isPlaceholder('Dev3l0pm3ntP0rt4l')).toBe(true);
    expect(isPlaceholder('changelog-signing-k7Qm2vX9')).toBe(false);
    expect(isPlaceholder('Rq8vLm2XtW5nKp9ZsJ4c')).toBe(false);
  });
});

describe('secrets: a class of names', () => {
  const cls = (name: string) =>
    `public static class ${name}\n{\n    public const string SessionToken = "_s_tok9x";\n}\n`;
  it('a secret-named constant of a class named for claim types, names or headers names something', () => {
    expect(scanText('src/App/AppClaimTypes.cs', cls('AppClaimTypes'))).toEqual([]);
    expect(scanText('src/App/CookieNames.cs', cls('CookieNames'))).toEqual([]);
    expect(scanText('src/App/Upstream.cs', cls('Upstream')).length).toBe(1);
  });
});

describe('secrets: base64 of a demo account URL', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  it('a URL ending in a placeholder word is a placeholder; one ending in a real claim is not', () => {
    expect(isPlaceholder(b64('https://bridge.ledger.invalid/claim/DEMO'))).toBe(true);
    expect(isPlaceholder(b64('https://bridge.ledger.invalid/claim/q8Vt3LmZ0pRw7XcN2bHs'))).toBe(false);
    expect(isPlaceholder(b64('not a url/DEMO but text of its own'))).toBe(false);
  });

  it('an Elixir module attribute holding a secret is found; its gates admit nothing the line-start gate refuses', () => {
    const attr = '  @signing_token "Zq8vT4wX7yB1nL5pJ2rK"\n';
    expect(scanText('lib/vault/client.ex', `defmodule Vault.Client do\n${attr}end\n`)).toMatchObject([
      { kind: 'hard-coded secret assignment', line: 2 },
    ]);
    // The words after an `@` in mid-line (an address) pass the quick gate alone: the line-start gate still refuses, and
    // a name with a dash (which the attribute pattern reads, the gates do not) stays unread, as before.
    const mid =
      'defmodule Vault.Mail do\n  def to, do: "ops@tokenhouse.invalid"\n  @signing-token "Zq8vT4wX7yB1nL5pJ2rK"\nend\n';
    expect(scanText('lib/vault/mail.ex', mid).filter((h) => h.kind === 'hard-coded secret assignment')).toEqual([]);
  });
});

describe('secrets fact: placeholder phrases', () => {
  it('reads a value spelled from placeholder words as a placeholder, a generated or plain word value not', () => {
    for (const v of ['stubDevValue', 'fake_api_key', 'my-test-secret', 'LOCAL_DEV_TOKEN', 'dummy value', 'sampleKey'])
      expect([v, placeholderPhrase(v), isPlaceholder(v)]).toEqual([v, true, true]);
    // No marker word, a word outside the vocabulary, digits, one word only, or too many words: not a phrase.
    for (const v of ['myApiKey', 'stubPurpleValue', 'devValue2024', 'stub', 'test-test-test-test-test-test-test'])
      expect([v, placeholderPhrase(v)]).toEqual([v, false]);
    expect(isPlaceholder('Xk9stubDevQw7Lm2')).toBe(false);
  });
});

describe('secret assignments: a quoted key tested for membership', () => {
  it('does not take `name = "key" in data` or a comparison as a secret, and still takes a plain assignment', () => {
    expect(scanText('app/views.py', 'renew_token = "expires_at" in data\n')).toEqual([]);
    expect(scanText('app/views.py', 'keep_password = "pw_field" not in data\n')).toEqual([]);
    expect(scanText('app/views.py', 'same_token = "Zq8xV2mN7kLp" == given\n')).toEqual([]);
    expect(scanText('app/views.py', 'api_token = "Zq8xV2mN7kLp4rT9"\n').map((h) => h.kind)).toEqual([
      'hard-coded secret assignment',
    ]);
  });
});
