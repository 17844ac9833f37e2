import type { RepoIndex } from '../repo/index.js';
import type { Facts } from './index.js';

/** Schema created from models when the application starts, with the language each pattern is looked for in. */
const AUTO_CREATE: [RegExp, string, string[]][] = [
  [
    /\b(Base|SQLModel|db\.Model|\w+)\.metadata\.create_all\s*\(|\bdb\.create_all\s*\(/,
    'SQLAlchemy create_all',
    ['python'],
  ],
  [/\bsynchronize\s*:\s*true\b/, 'TypeORM synchronize: true', ['typescript', 'javascript']],
  [
    /\bsequelize\.sync\s*\(|\.sync\s*\(\s*\{\s*(alter|force)\s*:\s*true/,
    'Sequelize sync()',
    ['typescript', 'javascript'],
  ],
  [/\.AutoMigrate\s*\(/, 'GORM AutoMigrate', ['go']],
  [/\.Database\s*\.\s*EnsureCreated(?:Async)?\s*\(/, 'EF Core Database.EnsureCreated()', ['csharp']],
  [/\bgenerate_mappings\s*\(\s*create_tables\s*=\s*True|\.create_tables\s*\(/, 'create_tables', ['python']],
  [
    /\bgenerateSchemas\s*\(|\bgenerate_schemas\s*=\s*True/,
    'Tortoise generate_schemas',
    ['python', 'typescript', 'javascript'],
  ],
  [
    /\bCREATE\s+TABLE\s+IF\s+NOT\s+EXISTS\b/i,
    'CREATE TABLE IF NOT EXISTS in application code',
    ['python', 'javascript', 'typescript', 'go', 'java', 'kotlin', 'ruby', 'rust', 'php'],
  ],
];

export interface SchemaSyncFacts {
  /** The schema is created from models at start-up (the first pattern that hits, in the order above). */
  autoCreate?: { how: string; path: string; line: number };
  /** Hibernate generates the schema from entities (`ddl-auto=update|create|create-drop`). */
  hibernate?: { mode: string; path: string; line: number };
  /** `prisma db push` in a script, CI or image: the schema is pushed without a migration history. */
  prismaDbPush?: { path: string; line: number };
}

/** Ways a project creates or changes its database schema without versioned migrations. */
export function detectSchemaSync(repo: RepoIndex, facts: Facts): SchemaSyncFacts {
  const out: SchemaSyncFacts = {};
  for (const [re, how, languages] of AUTO_CREATE) {
    const hit = repo
      .grep(re, { languages, kinds: ['source'], limit: 20 })
      // Code the service runs: a developer's tool beside it (a load client under hack/) creates tables of its own.
      .find(
        (h) => facts.liveness.isLive(h.path) && facts.code.isCodeUse(h, { stringsAreCode: /CREATE/.test(re.source) }),
      );
    if (hit) {
      out.autoCreate = { how, path: hit.path, line: hit.line };
      break;
    }
  }
  const ddl = repo.grepFirst(
    /\bddl-auto\s*[:=]\s*["']?(update|create|create-drop)\b|\bhibernate\.hbm2ddl\.auto\s*[:=]\s*["']?(update|create)\b/,
    { include: '**/src/main/resources/**/*.{properties,yml,yaml}' },
  );
  if (ddl) out.hibernate = { mode: (ddl.groups[1] ?? ddl.groups[2])!, path: ddl.path, line: ddl.line };
  const push = repo.grepFirst(/prisma\s+db\s+push/, {
    include: ['package.json', '**/*.{sh,yml,yaml,toml}', '**/Dockerfile*', 'Makefile', 'Procfile'],
  });
  if (push) out.prismaDbPush = { path: push.path, line: push.line };
  return out;
}
