import { describe, expect, it } from 'vitest';
import { RepoIndex } from '../../src/repo/index.js';
import { detectSecrets, entropy, isPlaceholder, redact, redactSecretsIn, scanText } from '../../src/facts/secrets.js';

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
    const repo = RepoIndex.fromMemory({
      'app/settings.py': `AWS_ACCESS_KEY_ID = "${AWS_ID}"\nSECRET_KEY = "changeme"\n`,
      'tests/test_api.py': `TOKEN = "${GH}"\n`,
      'README.md': `Set \`STRIPE_KEY=${STRIPE}\`\n`,
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
  it('treats well-known defaults in CI service containers as weak credentials, not leaks', () => {
    const repo = RepoIndex.fromMemory({
      '.github/workflows/ci.yml':
        'jobs:\n  test:\n    services:\n      postgres:\n        env:\n          POSTGRES_PASSWORD: postgres\n    steps:\n      - run: make test\n        env:\n          DATABASE_URL: postgres://postgres:postgres@localhost:5432/test\n',
    });
    const s = detectSecrets(repo);
    expect(s.hits).toEqual([]);
    expect(s.weakCredentials.map((h) => h.line)).toEqual([6, 10]);
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
