// A repository full of real-looking credentials audited through the BUILT CLI (run `npm run build` first; `npm test`
// does): no secret value may appear in stdout (text or JSON) nor anywhere in the SQLite history (db, WAL, SHM).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepo, runCli, tempDir } from '../helpers.js';

// Assembled from parts so this file does not itself look like a committed credential to scanners.
const SECRETS = {
  awsId: 'AKIA' + 'Q3EGRTZ7WJ5N2XKD',
  awsSecret: 'q7Lm2Xv9Rt4Wz8Bn3Kp6' + 'Yd1Hs5Jf0Gc2Ve7Ua9Ti',
  github: 'ghp_' + 'Zk3mN8pQ2rS5tV7wX9yA1bC3dE5fG7hJ9kL2',
  stripe: 'sk_live_' + '51HqLyjWDarjtT1zdp7dcXyzAbC',
  openai: 'sk-proj-' + 'Zx8vQ2mN7kL4pR9sT1uW3yA6bC5dE0fGhJ',
  jwt: 'n7Qx!vR2#' + 'kLm9Pz4Tw8',
  dbPassword: 'Vb7kQ2zX' + '9mWp4Rt',
  envPassword: 'Qm4vT9xK' + '2pLw7Zr',
  keyBody: 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMx' + 'H2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  // Weak values under secret-named keys: not "detected secrets", still never printed.
  dockerPassword: 'hunt' + 'er2pw',
  composePassword: 'orders' + 'pw99',
  scriptPassword: 'mysql' + 'root7',
  // Quoted by a claim of a status document (the claims audit shows the document's line).
  statusToken: 'ghp_' + 'Qw8eR4tY6uI2oP0aS5dF7gH9jK1lZ3xC5vB7',
  statusPassword: 'Sta7us' + 'Pw0rd4',
};
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${SECRETS.keyBody}\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----\n`;

const FILES: Record<string, string> = {
  'requirements.txt': 'fastapi==0.110.0\nboto3==1.34.0\n',
  'app/main.py':
    'from fastapi import FastAPI\n\nfrom app import settings\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n',
  'app/settings.py': [
    `AWS_ACCESS_KEY_ID = "${SECRETS.awsId}"`,
    `AWS_SECRET_ACCESS_KEY = "${SECRETS.awsSecret}"`,
    `GITHUB_TOKEN = "${SECRETS.github}"`,
    `OPENAI_API_KEY = "${SECRETS.openai}"`,
    `DATABASE_URL = "postgresql://orders:${SECRETS.dbPassword}@orders-db.prod.internal:5432/orders"`,
    // A very long line: the secret sits past the excerpt cap, so truncation must not leak a prefix of it.
    `CONFIG = {"region": "eu-west-1", "bucket": "orders-media-production-archive", "note": "${'x'.repeat(120)}", "stripe_key": "${SECRETS.stripe}"}`,
    '',
  ].join('\n'),
  'src/auth.js': `const jwt = require('jsonwebtoken');\nexports.issue = (u) => jwt.sign({ sub: u.id }, '${SECRETS.jwt}', { expiresIn: '1h' });\n`,
  '.env': `DB_PASSWORD=${SECRETS.envPassword}\n`,
  'deploy/tls.key': PEM,
  'docker-compose.yml': `services:\n  api:\n    build: .\n    environment:\n      APP_DB_PASSWORD: ${SECRETS.composePassword}\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n`,
  // Every line of this Dockerfile is quoted by some container rule's evidence.
  Dockerfile: `FROM python:3.12-slim\nENV DB_PASSWORD=${SECRETS.dockerPassword}\nENV ADMIN_PASSWORD ${SECRETS.dockerPassword}\nCOPY . /app\nCMD ["uvicorn", "app.main:app"]\n`,
  'scripts/backup.sh': `#!/bin/sh\nmysqldump --password=${SECRETS.scriptPassword} orders > backup.sql\n`,
};

/** A service whose status document quotes credentials in its claims. */
const CLAIMS_FILES: Record<string, string> = {
  'requirements.txt': FILES['requirements.txt']!,
  'app/main.py': FILES['app/main.py']!,
  'PRODUCTION_READINESS.md': `# Production readiness status\n\n- ✅ Health checks: /health answers\n- ✅ Secrets management: CI deploys with ${SECRETS.statusToken}\n- ✅ Rate limiting: admin password=${SECRETS.statusPassword} rotated weekly\n- ❌ Tracing\n`,
};

function leaks(haystack: string | Buffer): string[] {
  const text = Buffer.isBuffer(haystack) ? haystack.toString('latin1') : haystack;
  const utf16 = Buffer.isBuffer(haystack) ? haystack.toString('utf16le') : '';
  return Object.entries(SECRETS)
    .filter(([, v]) => text.includes(v) || utf16.includes(v) || text.includes(v.slice(0, 12)))
    .map(([k]) => k);
}

describe('security.secrets never prints or stores a secret (built CLI)', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await makeGitRepo(FILES);
  });

  it('finds the secrets, and the JSON report shows only redacted forms', async () => {
    const dbFile = path.join(tempDir('readiness-secrets-db-'), 'history.db');
    const r = await runCli(['audit', repo, '--format', 'json', '--db', dbFile]);
    expect(r.stderr).not.toMatch(/Error:/);
    const report = JSON.parse(r.stdout) as {
      findings: { ruleId: string; status: string; evidence: { path: string; note: string }[] }[];
    };
    const f = report.findings.find((x) => x.ruleId === 'security.secrets')!;
    expect(f.status).toBe('gap');
    const paths = f.evidence.map((e) => e.path);
    for (const p of ['app/settings.py', '.env', 'deploy/tls.key', 'Dockerfile']) expect(paths).toContain(p);
    expect((f as unknown as { message: string }).message).toMatch(
      /secret in Dockerfile ENV.*JWT signing secret literal|JWT signing secret literal.*secret in Dockerfile ENV/,
    );
    expect(f.evidence.map((e) => e.note).join('\n')).toContain('AKIA…(20 chars)');
    expect(leaks(r.stdout)).toEqual([]);
    expect(leaks(r.stderr)).toEqual([]);

    // Everything SQLite wrote: the database, its write-ahead log and shared memory, as raw bytes.
    const written = fs.readdirSync(path.dirname(dbFile)).map((n) => path.join(path.dirname(dbFile), n));
    expect(written.some((p) => p.endsWith('history.db'))).toBe(true);
    for (const p of written) expect(leaks(fs.readFileSync(p)), p).toEqual([]);
  });

  it('every report format written to files shows only redacted forms', async () => {
    const out = tempDir('readiness-secrets-out-');
    const formats = ['markdown', 'sarif', 'junit', 'html'];
    const r = await runCli([
      'audit',
      repo,
      '--no-history',
      ...formats.flatMap((f) => ['-f', `${f}:${path.join(out, `report.${f}`)}`]),
    ]);
    expect(leaks(r.stdout)).toEqual([]);
    for (const f of formats) {
      const file = path.join(out, `report.${f}`);
      expect(fs.existsSync(file), file).toBe(true);
      expect(leaks(fs.readFileSync(file)), f).toEqual([]);
    }
  });

  it('claims quote their documents without the secrets, in every format and in the audit JSON', async () => {
    const out = tempDir('readiness-secrets-claims-');
    const claimsRepo = await makeGitRepo(CLAIMS_FILES);
    const json = await runCli(['claims', claimsRepo, '-f', 'json', '-v']);
    expect(json.exitCode, json.stderr).toBe(0);
    const view = JSON.parse(json.stdout) as { claims: { text: string }[] };
    expect(view.claims.some((c) => c.text.includes('ghp_…(40 chars)'))).toBe(true);
    expect(leaks(json.stdout)).toEqual([]);
    for (const f of ['text', 'markdown', 'sarif']) {
      const r = await runCli(['claims', claimsRepo, '-f', f, '-v', '-o', path.join(out, `claims.${f}`)]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(leaks(fs.readFileSync(path.join(out, `claims.${f}`))), f).toEqual([]);
    }
    const audit = await runCli(['audit', claimsRepo, '--no-history', '-f', 'json']);
    expect(JSON.parse(audit.stdout).claims.length).toBeGreaterThan(0);
    expect(leaks(audit.stdout)).toEqual([]);
  });

  it('the text report shows only redacted forms', async () => {
    const r = await runCli(['audit', repo, '--no-history', '--verbose']);
    expect(r.stdout).toContain('security.secrets');
    expect(leaks(r.stdout)).toEqual([]);
    expect(leaks(r.stderr)).toEqual([]);
  });
});
