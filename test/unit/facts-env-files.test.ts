// Environment files (src/facts/env-files.ts) and the redaction promise of config.no-committed-env: a secret never
// reaches a finding.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CONFIG_SAMPLE,
  ENV_EXAMPLE,
  isEnvPlaceholder,
  isRealEnvFile,
  looksSecret,
  redactEntry,
} from '../../src/facts/env-files.js';
import { FIXTURES, auditFiles, findingFor } from '../helpers.js';

describe('env files', () => {
  it('takes a config file named with the sample word first as a sample, not other files so named', () => {
    for (const n of ['example-config.yaml', 'sample_config.toml', 'example.config.json', 'example-bridge-config.yml'])
      expect(CONFIG_SAMPLE.test(n), n).toBe(true);
    for (const n of ['example-data.yaml', 'examples.yaml', 'example-config.py', 'config.yaml'])
      expect(CONFIG_SAMPLE.test(n), n).toBe(false);
  });

  it('recognises env example names', () => {
    for (const n of [
      '.env.example',
      '.env.sample',
      '.env.template',
      '.env.dist',
      'example.env',
      'env.example',
      'app.env.example',
      '.env.local.example',
    ]) {
      expect(ENV_EXAMPLE.test(n), n).toBe(true);
    }
    for (const n of ['.env', '.env.production', 'environment.ts']) expect(ENV_EXAMPLE.test(n), n).toBe(false);
  });

  it('tells real env files from examples', () => {
    expect(isRealEnvFile('.env')).toBe(true);
    expect(isRealEnvFile('deploy/.env.production')).toBe(true);
    expect(isRealEnvFile('prod.env')).toBe(true);
    expect(isRealEnvFile('.env.example')).toBe(false);
    expect(isRealEnvFile('example.env')).toBe(false);
    expect(isRealEnvFile('src/env.ts')).toBe(false);
  });

  it('treats placeholders and local defaults as non-secrets', () => {
    for (const v of [
      '',
      'changeme',
      'change-me',
      'your-api-key-here',
      '<secret>',
      '${API_KEY}',
      'xxx',
      'postgres://postgres:postgres@localhost:5432/db',
      'dev-session-secret',
    ]) {
      expect(isEnvPlaceholder(v), v).toBe(true);
    }
    expect(looksSecret('API_KEY', 'your-key-here')).toBe(false);
    // What the secret scanner calls a placeholder is one here too (a fixture word with a counter).
    expect(looksSecret('API_TOKEN', 'demo1234')).toBe(false);
    expect(looksSecret('LOG_LEVEL', 'Vq7xR2mLp9KfT3wZ')).toBe(false);
    expect(looksSecret('JWT_SECRET', '9f2c4e7a1b8d3f6e0a5c2b9d8e7f1a3c')).toBe(true);
    expect(looksSecret('ANYTHING', 'AKIAIOSFODNN7EXAMPLQ')).toBe(true);
    expect(looksSecret('DATABASE_URL', 'postgresql://orders:Vq7xR2mLp9KfT3wZ@db.prod.internal:5432/orders')).toBe(true);
  });

  it('does not flag public or descriptive values', () => {
    expect(looksSecret('AUTH0_DOMAIN', 'myapp.eu.auth0.com')).toBe(false);
    expect(looksSecret('NEXT_PUBLIC_STRIPE_KEY', 'pk_live_51Hxyz0123456789abcdef')).toBe(false);
    expect(looksSecret('SECRET_NAME', 'orders-app-secrets')).toBe(false);
    expect(looksSecret('TOKEN_TTL', '3600')).toBe(false);
    expect(looksSecret('SENTRY_DSN', 'https://4f9c0d1e2b3a@o12345.ingest.sentry.io/678')).toBe(false);
    expect(looksSecret('PASSWORD_HINT', 'ask the platform team')).toBe(false);
    expect(looksSecret('DB_URL', 'jdbc:postgresql://db:5432/catalog')).toBe(false);
    expect(looksSecret('DB_URL', 'jdbc:postgresql://catalog:Qm7vT2xK9pLw4RzB@db.prod:5432/catalog')).toBe(true);
  });

  it('does not flag documentation tokens or trivial development values', () => {
    expect(looksSecret('OPENAI_API_KEY', 'sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')).toBe(false);
    expect(looksSecret('AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE')).toBe(false);
    expect(looksSecret('JWT_SECRET', 'secret123')).toBe(false);
    expect(looksSecret('SECRET_KEY', 'supersecretkey')).toBe(false);
    expect(looksSecret('POSTGRES_PASSWORD', 'mysecretpassword')).toBe(false);
    expect(looksSecret('MINIO_ROOT_PASSWORD', 'minioadmin')).toBe(false);
    expect(looksSecret('OPENAI_API_KEY', 'sk-proj-4fQ9zL2mX8vR1tK7pW3nB6yH0cJ5dG')).toBe(true);
  });

  it('flags credentials in connection strings whatever the key', () => {
    expect(looksSecret('PRIMARY', 'mysql://app:Zr81kQp2xLw0@mysql.prod.example.net/app')).toBe(true);
    expect(looksSecret('SLACK_HOOK', 'https://hooks.slack.com/services/T0000/B0000/abcdefghijkl')).toBe(true);
  });

  it('redacts values', () => {
    // As every report redacts a secret: at most four leading characters of long values, and the length.
    expect(redactEntry('API_KEY', 'sk_live_51NqzT9KxVb2LmW8y')).toBe('API_KEY=sk_l…(25 chars)');
    expect(redactEntry('PASSWORD', 'short-pass')).toBe('PASSWORD=sh…(10 chars)');
    expect(redactEntry('PASSWORD', 'short')).toBe('PASSWORD=…(5 chars)');
  });
});

describe('config.no-committed-env never leaks a secret', () => {
  it('keeps values out of the message, evidence and excerpts (fixture)', () => {
    const f = findingFor(
      path.join(FIXTURES, 'config.no-committed-env', 'gap-env-production-db-password'),
      'config.no-committed-env',
    );
    const json = JSON.stringify(f);
    expect(f.status).toBe('gap');
    expect(json).not.toContain('Vq7xR2mLp9KfT3wZ');
    expect(json).not.toContain('9f2c4e7a1b8d3f6e0a5c2b9d8e7f1a3c');
    expect(f.evidence.every((e) => /…\(\d+ chars\)$/.test(e.excerpt ?? ''))).toBe(true);
  });

  it('keeps values out of findings (inline)', () => {
    const [f] = auditFiles({ '.env': 'GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0192837465\n' }, [
      'config.no-committed-env',
    ]);
    expect(f!.status).toBe('gap');
    expect(JSON.stringify(f)).not.toContain('abcdefghijklmnop');
  });
});
