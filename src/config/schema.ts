import { z } from 'zod';
import { CustomCheckSchema } from './checks-schema.js';

const severity = z.enum(['critical', 'high', 'medium', 'low']);

export const RuleConfigSchema = z.union([
  z.enum(['off', 'on']),
  z.boolean(),
  z.strictObject({
    enabled: z.boolean().optional(),
    severity: severity.optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  }),
]);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'not a real calendar date',
  );

/** Accepts a gap of a rule as known and temporary: shown as waived, not scored, until `expires`. */
export const WaiverSchema = z.strictObject({
  rule: z.string().min(1),
  reason: z.string().trim().min(1, 'a waiver needs a non-empty reason'),
  /** Last day (UTC) the waiver holds; from the next day on the gap counts again. */
  expires: z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), isoDate),
  /** Globs: the waiver covers the gap only when every evidence path matches one of them. */
  paths: z.array(z.string().min(1)).min(1).optional(),
});

/**
 * What the config says of one component, keyed by its id or folder (a folder no component has declares one there):
 * its id in reports, whether it is deployed, where it runs, not audited at all, or other components that are part of it.
 */
export const ComponentConfigSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]*$/, 'a component name is letters, digits, ".", "_" or "-"')
    .optional(),
  deployed: z.boolean().optional(),
  // The deployment targets of src/facts/components.ts (COMPONENT_TARGETS; a unit test keeps them equal).
  target: z.enum(['kubernetes', 'compose', 'paas', 'serverless', 'container-service', 'vm', 'unknown']).optional(),
  exclude: z.boolean().optional(),
  merge: z.array(z.string().min(1)).min(1).optional(),
});

const levelValue = z.union([z.number().int().min(0).max(3), z.string().min(1)]);

export const ConfigSchema = z.strictObject({
  /** Shared profiles applied first (a path, or an installed package's YAML file); this file's settings win. */
  extends: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /**
   * Rule packs (code) this repository would like to run. Never loaded on the repository's word alone: only packs the
   * user trusts (`--rules`, `trust:` in the user config, READINESS_TRUST) are loaded; the others are named and skipped.
   */
  plugins: z.array(z.string().min(1)).optional(),
  /** Exit 1 when the overall score is below this (the CLI's --min-score wins). */
  minScore: z.number().int().min(0).max(100).optional(),
  /** Globs (relative to the audited root) left out of the audit, on top of the defaults. */
  ignore: z.array(z.string()).optional(),
  /** Per-rule settings keyed by rule id: 'off', or { severity, options }. */
  rules: z.record(z.string(), RuleConfigSchema).optional(),
  /** Largest file read, in bytes (default 1 MiB). */
  maxFileSize: z.number().int().positive().optional(),
  /** Exit 1 when the readiness level is below this: 0-3 or a level name (the CLI's --min-level wins). */
  minLevel: levelValue.optional(),
  /** Per-category minimum scores, keyed by category id: exit 1 when a category scores below. */
  thresholds: z.record(z.string(), z.number().int().min(0).max(100)).optional(),
  /** Exit 1 when any open (unwaived) gap has one of these severities. */
  failOn: z.array(z.string()).optional(),
  /** Accepted gaps, each with a reason and an expiry date. */
  waivers: z.array(WaiverSchema).optional(),
  /** Components keyed by id or folder: rename, mark deployed or only present, set the target, exclude, merge. */
  components: z.record(z.string(), ComponentConfigSchema).optional(),
  /** The organisation's own checks, declared as data (see src/config/checks-schema.ts). */
  checks: z.array(CustomCheckSchema).optional(),
});

export type Config = z.infer<typeof ConfigSchema>;
export type RuleConfig = z.infer<typeof RuleConfigSchema>;
export type Waiver = z.infer<typeof WaiverSchema>;
export type ComponentConfig = z.infer<typeof ComponentConfigSchema>;
