import { auditClaims, type ClaimsResult } from '../claims/index.js';
import { UserError } from '../errors.js';
import { type AuditResult, auditPipeline } from '../pipeline/audit.js';
import {
  CLAIMS_FORMATS,
  type ClaimsView,
  formatClaimsJson,
  formatClaimsMarkdown,
  formatClaimsSarif,
  formatClaimsText,
} from '../report/claims.js';
import { wrapToWidth } from '../report/wrap.js';
import { TOOL_VERSION } from '../version.js';
import { type CommandIO, writeOutputFile } from './io.js';

export interface ClaimsCommandOptions {
  docs: string[];
  format: string;
  output?: string;
  config?: string;
  verbose?: boolean;
  /** Rule packs to load and run (`--rules`, repeatable), as `audit` does. */
  rules?: string[];
}

/** Judges the claims of a finished audit's documents (the findings were computed from the code alone). */
export function claimsOf(result: AuditResult, docGlobs?: string[]): ClaimsResult {
  return auditClaims({
    repo: result.facts.repo,
    docs: result.facts.docs,
    findings: result.report.findings,
    rules: result.rules,
    docGlobs,
    projectKind: result.report.project?.kind,
    noRoutesFound: !!result.report.project?.servesHttp && !result.facts.service.routes.some((r) => r.reached),
    maxFileBytes: result.config.config.maxFileSize,
    components: result.report.components?.map((c) => ({ id: c.id, path: c.path, deployed: c.deployed })),
  });
}

export async function claimsCommand(dir: string, opts: ClaimsCommandOptions, io: CommandIO): Promise<number> {
  const format = opts.format.toLowerCase();
  if (!(CLAIMS_FORMATS as readonly string[]).includes(format))
    throw new UserError(`unknown format "${opts.format}" (known: ${CLAIMS_FORMATS.join(', ')})`);
  const setup = await (await import('../pipeline/packs.js')).auditSetup(
    { dir, configPath: opts.config, packs: opts.rules },
    io.stderr,
  );
  const spinner = io.spinner('Auditing');
  let result: AuditResult;
  try {
    result = await auditPipeline({
      dir,
      config: setup.config,
      rules: setup.rules,
      onProgress: (t) => spinner.text(`Auditing: ${t}`),
    });
  } finally {
    spinner.stop();
  }
  const claims = claimsOf(result, opts.docs);
  if (opts.docs.length && !claims.claims.length)
    io.stderr(`no claims found in the documents matching ${opts.docs.join(', ')}\n`);
  const view: ClaimsView = {
    root: result.report.target.root,
    toolVersion: TOOL_VERSION,
    documents: claims.documents,
    claims: claims.claims,
  };
  const text =
    format === 'json'
      ? formatClaimsJson(view)
      : format === 'markdown'
        ? formatClaimsMarkdown(view)
        : format === 'sarif'
          ? formatClaimsSarif(view)
          : formatClaimsText(view, io.style, opts.verbose);
  if (opts.output) writeOutputFile(opts.output, text);
  else if (format === 'text') io.stdout(wrapToWidth(text, io.width));
  else io.stdout(text);
  return 0;
}
