import { z } from 'zod';
import { CATEGORIES } from '../sdk/types.js';
import { SCHEMA_VERSION } from './schema-version.js';

/**
 * The JSON report contract (`readiness audit --format json`). Bump SCHEMA_VERSION (schema-version.ts) on any breaking
 * change; adding optional fields is not breaking. docs/report.schema.json is generated from this file.
 */
export { SCHEMA_VERSION };

const severity = z.enum(['critical', 'high', 'medium', 'low']);
const level = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const EvidenceSchema = z.object({
  kind: z.enum(['found', 'missing']),
  path: z.string().describe("repository-relative POSIX path; '.' for the repository as a whole"),
  line: z.number().int().positive().optional(),
  excerpt: z.string().optional(),
  note: z.string(),
  searched: z.array(z.string()).optional(),
});

/** A built-in category, or one an organisation's own checks introduce (`checks:` in the config). */
const categoryId = z.union([z.enum(CATEGORIES), z.string().regex(/^[a-z][a-z0-9-]*$/)]);

export const FindingSchema = z.object({
  ruleId: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/),
  category: categoryId,
  title: z.string(),
  status: z.enum(['pass', 'gap', 'n/a', 'error']),
  severity,
  level,
  message: z.string(),
  messageId: z.string().optional(),
  evidence: z.array(EvidenceSchema),
  remediation: z.array(z.string()).optional(),
  effort: z.enum(['S', 'M', 'L']),
  size: z
    .object({
      count: z.number().int().nonnegative(),
      unit: z.string(),
      files: z.number().int().nonnegative().optional(),
    })
    .optional()
    .describe(
      'how much work a gap is, when its rule counts it: `count` sites, routes or calls (`unit`) in `files` files',
    ),
  confidence: z.enum(['high', 'low']),
  durationMs: z.number().nonnegative(),
  /** The rule's documentation page (built-in rules). */
  docsUrl: z.string().optional(),
  waived: z.object({ reason: z.string(), expires: z.string().optional() }).optional(),
  component: z
    .string()
    .nullable()
    .optional()
    .describe('the component judged (its id in `components`), or null for a repository-wide rule'),
});

export const ClaimSchema = z.object({
  doc: z.string().describe('the document making the claim (repository-relative)'),
  line: z.number().int().positive(),
  text: z.string().describe('the line as written, markup removed'),
  says: z.enum(['present', 'absent', 'planned', 'partial']).describe('what the document says about the practice'),
  checks: z.array(z.string()).describe('the catalog checks the claim maps to (none: unverifiable)'),
  verdict: z.enum(['confirmed', 'refuted', 'outdated', 'partial', 'unverifiable']),
  reason: z.string().describe('why, from the findings of the checks'),
  evidence: z.array(EvidenceSchema).describe("the deciding findings' evidence"),
});

export const CategorySchema = z.object({
  id: categoryId,
  score: z.number().int().min(0).max(100).nullable(),
  passed: z.number().int(),
  gaps: z.number().int(),
  na: z.number().int(),
  errors: z.number().int(),
  waived: z.number().int(),
});

export const UNREAD_REASONS = [
  'unreadable',
  'unreadable-directory',
  'too-large',
  'symlink-outside-root',
  'not-a-file',
] as const;

export const CoverageSchema = z
  .object({
    listedBy: z
      .enum(['git', 'git-revision', 'walk', 'memory'])
      .describe('how the files were listed: git ls-files, a git revision, or a directory walk'),
    files: z.number().int().nonnegative().describe('files listed (after ignores)'),
    unread: z.object({
      total: z.number().int().nonnegative(),
      byReason: z.partialRecord(z.enum(UNREAD_REASONS), z.number().int().positive()),
      first: z
        .array(z.object({ path: z.string(), reason: z.enum(UNREAD_REASONS) }))
        .describe('the first unread paths (unreadable ones first)'),
    }),
    git: z.object({
      missing: z.string().optional().describe('why there is no git information (commit, branch, remote)'),
      shallow: z.boolean().optional().describe('a shallow clone: older commits are not in it'),
    }),
  })
  .describe('what the audit could not read, and why git information is missing');

export const ComponentSchema = z.object({
  id: z.string(),
  path: z.string().describe("repository folder ('.' for the root)"),
  kind: z.string(),
  stack: z.string(),
  target: z.enum(['kubernetes', 'compose', 'paas', 'serverless', 'container-service', 'vm', 'unknown']),
  deployed: z
    .boolean()
    .describe(
      'false for a component that is only present (an example, a legacy copy): never scored into the repository',
    ),
  why: z.string().describe('why it is deployed, or why it is only present'),
  score: z.number().int().min(0).max(100).nullable().describe('over its findings and the repository-wide ones'),
  level: z.object({ value: z.number().int().min(0).max(3).nullable(), name: z.string() }),
  counts: z.object({
    pass: z.number().int(),
    gap: z.number().int(),
    na: z.number().int(),
    error: z.number().int(),
    waived: z.number().int(),
  }),
});

export const ReportSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('readiness'), version: z.string() }),
  generatedAt: z.string().describe('ISO 8601 time of the audit'),
  runId: z.number().int().optional().describe('id of the run in the history database, when recorded'),
  target: z.object({
    root: z.string(),
    commit: z.string().nullable(),
    branch: z.string().nullable(),
    dirty: z.boolean().nullable(),
    ref: z.string().optional().describe('the git revision audited with --ref, when not the work tree'),
  }),
  project: z
    .object({
      kind: z.enum(['service', 'library', 'cli', 'frontend', 'monorepo', 'unknown']),
      servesHttp: z.boolean(),
      reason: z.string(),
      languages: z.array(z.string()),
      frameworks: z.array(z.string()),
      anchor: z
        .string()
        .optional()
        .describe(
          'a file that stands for the project (its main manifest, Dockerfile or README): where SARIF anchors findings about something missing',
        ),
    })
    .optional()
    .describe('what the audit detected the project to be; decides which rules apply'),
  coverage: CoverageSchema.optional(),
  score: z.number().int().min(0).max(100).nullable().describe('null when no rule applies'),
  level: z.object({
    value: z.number().int().min(0).max(3).nullable(),
    name: z.string(),
    next: z.object({ level, name: z.string(), blockers: z.array(z.string()) }).optional(),
  }),
  counts: z.object({
    pass: z.number().int(),
    gap: z.number().int(),
    na: z.number().int(),
    error: z.number().int(),
    waived: z.number().int(),
  }),
  categories: z.array(CategorySchema),
  components: z
    .array(ComponentSchema)
    .optional()
    .describe(
      'the components judged, each with its own score; the repository score rolls up the deployed ones (one component: the repository itself)',
    ),
  findings: z.array(FindingSchema),
  claims: z
    .array(ClaimSchema)
    .optional()
    .describe("claims of the project's own status, planning and checklist documents, judged against the findings"),
});

export type Report = z.infer<typeof ReportSchema>;
export type Claim = z.infer<typeof ClaimSchema>;
export type Coverage = z.infer<typeof CoverageSchema>;

export type ReportComponent = z.infer<typeof ComponentSchema>;

export function reportJsonSchema(): unknown {
  return z.toJSONSchema(ReportSchema, { target: 'draft-2020-12' });
}
