// Declarative checks (`checks:` in the config): an organisation's own rules as data. They are compiled into rule objects
// by src/engine/declarative.ts and run like built-in rules; nothing in them is ever executed as code.
import safeRegex from 'safe-regex2';
import { z } from 'zod';

/** The longest pattern a check may give (a page of regular expression is a mistake, not a check). */
const MAX_PATTERN_LENGTH = 1000;

const globs = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/**
 * A regular expression given as text; invalid ones are rejected on load, naming the key, and so are those that can take
 * exponential time on some line of an audited file (catastrophic backtracking): the audited repository writes the
 * text the pattern runs on, and JavaScript's regex engine cannot be interrupted. safe-regex2 judges by star height (a
 * quantifier inside a quantified group, `(a+)+`) and the number of quantifiers; it can refuse a harmless nesting
 * (`[a-z]+(\.[a-z]+)*`, which `[a-z.]+` replaces) but accepts nothing that nests.
 */
const pattern = z
  .string()
  .min(1)
  .max(MAX_PATTERN_LENGTH, `a pattern has at most ${MAX_PATTERN_LENGTH} characters`)
  .superRefine((s, ctx) => {
    try {
      new RegExp(s, 'u');
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        message: `not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
      });
      return;
    }
    if (!safeRegex(s))
      ctx.addIssue({
        code: 'custom',
        message: `/${s}/ could take exponential time on some input (a quantifier inside a quantified group, like (a+)+, or more than 25 quantifiers): rewrite it without the nesting, e.g. [a-z.]+ instead of [a-z]+(.[a-z]+)*`,
      });
  });

const ECOSYSTEMS = ['python', 'node', 'go', 'jvm', 'ruby', 'rust', 'php', 'elixir', 'dotnet'] as const;

const dependency = z.union([
  z.string().min(1),
  z.strictObject({
    name: z.string().min(1),
    /** The package ecosystem (default: any): python, node, go, jvm, ruby, rust, php, elixir, dotnet. */
    ecosystem: z.enum(ECOSYSTEMS).optional(),
  }),
]);

const contentMatches = z.strictObject({
  pattern,
  /** Globs of the files searched (default: every text file). */
  in: globs.optional(),
  /** Case-insensitive match. */
  ignoreCase: z.boolean().optional(),
  /** At least this many matching places (default 1). */
  min: z.number().int().positive().optional(),
});

const contentAbsent = contentMatches.omit({ min: true });

/** `a.b[0]."c.d"` → ['a', 'b', 0, 'c.d']. */
export function parseDataPath(p: string): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|\[(\d+)\]|([^.[\]"]+))\s*(\.|(?=\[)|$)/y;
  let i = 0;
  while (i < p.length) {
    re.lastIndex = i;
    const m = re.exec(p);
    if (!m || re.lastIndex === i) return undefined;
    if (m[1] !== undefined) out.push(m[1].replace(/\\(.)/g, '$1'));
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[3]!);
    i = re.lastIndex;
    if (m[4] === '.' && i >= p.length) return undefined;
  }
  return out.length ? out : undefined;
}

const dataPath = z.strictObject({
  /** Globs of the JSON or YAML files read. */
  file: globs,
  /** Dotted path into the document: `scripts.test`, `jobs.build.steps[0].uses`, `"weird.key".x`. */
  path: z
    .string()
    .min(1)
    .refine((p) => parseDataPath(p) !== undefined, 'not a path like a.b[0].c or "dotted.key".c'),
  /** The value at the path must equal this (default: the path only has to exist). */
  equals: z.unknown().optional(),
});

/** The condition kinds, each a key of its own (exactly one per condition object). */
export const CONDITION_KINDS = [
  'file_exists',
  'file_absent',
  'content_matches',
  'content_absent',
  'dependency',
  'dependency_absent',
  'json_path',
  'yaml_path',
  'all',
  'any',
  'not',
] as const;

export interface Condition {
  file_exists?: string | string[];
  file_absent?: string | string[];
  content_matches?: z.infer<typeof contentMatches>;
  content_absent?: z.infer<typeof contentAbsent>;
  dependency?: z.infer<typeof dependency>;
  dependency_absent?: z.infer<typeof dependency>;
  json_path?: z.infer<typeof dataPath>;
  yaml_path?: z.infer<typeof dataPath>;
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
}

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .strictObject({
      file_exists: globs.optional(),
      file_absent: globs.optional(),
      content_matches: contentMatches.optional(),
      content_absent: contentAbsent.optional(),
      dependency: dependency.optional(),
      dependency_absent: dependency.optional(),
      json_path: dataPath.optional(),
      yaml_path: dataPath.optional(),
      all: z.array(ConditionSchema).min(1).optional(),
      any: z.array(ConditionSchema).min(1).optional(),
      not: ConditionSchema.optional(),
    })
    .refine(
      (c) => Object.keys(c).length === 1,
      `a condition has exactly one of: ${CONDITION_KINDS.join(', ')} (compose several with all/any)`,
    ),
);

/** The facts a `has:` entry can ask for (the requirement names of src/facts/requirements.ts). */
export const HAS_NAMES = [
  'dockerfile',
  'container',
  'k8s',
  'ci',
  'database',
  'relational-database',
  'persistent-data',
  'config',
  'http',
  'service',
  'outbound-calls',
  'not-library',
] as const;

export const PROJECT_KINDS = ['service', 'library', 'cli', 'frontend', 'monorepo', 'unknown'] as const;

const oneOrMore = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1)]);

export const WhenSchema = z.strictObject({
  /** The project (or component) is of one of these kinds. */
  kind: oneOrMore(z.enum(PROJECT_KINDS)).optional(),
  /** One of these languages is present (by bytes of code). */
  languages: oneOrMore(z.string().min(1)).optional(),
  /** One of these HTTP frameworks is used. */
  frameworks: oneOrMore(z.string().min(1)).optional(),
  /** Every one of these is present (dockerfile, k8s, database, ci …). */
  has: oneOrMore(z.enum(HAS_NAMES)).optional(),
});

/** `<namespace>.<name>`, lower case: `acme.codeowners`. */
export const CHECK_ID = /^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/;

export const CustomCheckSchema = z.strictObject({
  id: z
    .string()
    .regex(CHECK_ID, 'a check id is "<namespace>.<name>" in lower case (letters, digits, "-"), e.g. acme.codeowners'),
  title: z.string().trim().min(1),
  /** A built-in category or a new one (lower case). */
  category: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a category is lower case letters, digits and "-"'),
  level: z
    .number()
    .int()
    .min(1, 'a level is 1, 2 or 3')
    .max(3, 'a level is 1, 2 or 3')
    .transform((n) => n as 1 | 2 | 3),
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  scope: z.enum(['repository', 'component']).optional(),
  docs: z
    .strictObject({
      why: z.string().trim().min(1),
      how: z.string().trim().min(1).optional(),
      fix: z.array(z.string().trim().min(1)).min(1),
      effort: z.enum(['S', 'M', 'L']).optional(),
      links: z.array(z.string().min(1)).optional(),
      url: z.string().min(1).optional(),
    })
    .optional(),
  /** The gap message (default: what the failing condition found). `{{reason}}` inserts it. */
  message: z.string().trim().min(1).optional(),
  when: WhenSchema.optional(),
  assert: ConditionSchema,
  /** Phrases with which documents name the practice (see the claims audit). */
  claims: z.array(z.string().trim().min(1)).optional(),
});

export type CustomCheck = z.infer<typeof CustomCheckSchema>;
export type When = z.infer<typeof WhenSchema>;
