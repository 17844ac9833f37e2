import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { DocsFacts } from '../facts/docs.js';
import { redactSecretsIn } from '../facts/secrets.js';
import { printable } from '../printable.js';
import { MARKER_LINE } from '../facts/status-markers.js';
import type { Claim } from '../report/schema.js';
import type { RepoIndex } from '../repo/index.js';
import type { Finding, RuleMeta } from '../sdk/types.js';
import { extractClaims, type LineRange, type RawClaim } from './extract.js';
import { judgeClaim } from './judge.js';
import { compilePhrases, matchChecks } from './match.js';

export type { Claim } from '../report/schema.js';
export { extractClaims, type RawClaim } from './extract.js';
export { compilePhrases, matchChecks } from './match.js';
export { judgeClaim } from './judge.js';

export interface ClaimDocument {
  doc: string;
  /** Why it was read: a status document, planning sections of a guide, or named with --docs. */
  why: string;
  counts: Record<Claim['verdict'], number>;
}

export interface ClaimsResult {
  documents: ClaimDocument[];
  claims: Claim[];
}

export interface ClaimsInput {
  repo: RepoIndex;
  docs: DocsFacts;
  findings: readonly Finding[];
  rules: readonly RuleMeta[];
  /** Globs of the documents to read instead of the ones found (`--docs`, repeatable). */
  docGlobs?: string[];
  /** The project kind the audit detected ('unknown': code checks cannot refute claims). */
  projectKind?: string;
  /** The project serves HTTP and the audit found none of its routes (code checks cannot refute claims either). */
  noRoutesFound?: boolean;
  /** Largest document read from disk when --docs names a file the index skips. */
  maxFileBytes?: number;
  /** The components judged, and whether each is deployed or only present (an example, a demo under docs/). */
  components?: { id: string; path: string; deployed: boolean }[];
}

interface Source {
  doc: string;
  text: string;
  why: string;
  ranges?: LineRange[];
}

const VERDICTS: Claim['verdict'][] = ['refuted', 'partial', 'outdated', 'confirmed', 'unverifiable'];

/**
 * The documents that make readiness claims: status, planning and checklist documents as a whole, and the planning
 * sections (Roadmap, Status, a checklist) of other documents that carry status markers. With globs, exactly the
 * documents they name.
 */
export function findClaimDocuments(input: ClaimsInput): Source[] {
  const { repo, docs } = input;
  if (input.docGlobs?.length) return namedDocuments(input);
  const out: Source[] = [];
  for (const f of docs.files) {
    const cls = docs.classify(f.path);
    if (cls.role === 'status') {
      out.push({ doc: f.path, text: docs.text(f.path), why: cls.reason ?? 'status document' });
      continue;
    }
    // An example's own documents still make claims, about the example (judged against its component).
    if (cls.role !== 'guide' && cls.role !== 'example') continue;
    const text = docs.text(f.path);
    if (!MARKER_LINE.test(text) && !/^\s*[-*+]\s+\[[ xX]\]/m.test(text)) continue;
    const lines = repo.lines(f.path);
    const ranges = docs
      .sections(f.path)
      .filter((s) => s.planning && lines.slice(s.line - 1, s.endLine).some((l) => MARKER_LINE.test(l)))
      .map((s) => ({ from: s.line, to: s.endLine }));
    if (ranges.length) out.push({ doc: f.path, text, why: 'planning or status sections', ranges });
  }
  return out;
}

function namedDocuments(input: ClaimsInput): Source[] {
  const { repo } = input;
  const globs = input.docGlobs ?? [];
  const match = picomatch(globs, { dot: true });
  const out: Source[] = repo.files
    .filter((f) => match(f.path))
    .map((f) => ({ doc: f.path, text: repo.read(f.path) ?? '', why: 'named with --docs' }));
  // A literal path the index leaves out (e.g. under an ignored folder) is read from disk, inside the root only.
  for (const g of globs) {
    if (picomatch.scan(g).isGlob || out.some((o) => o.doc === g)) continue;
    const text = readInsideRoot(repo.root, g, input.maxFileBytes ?? 1024 * 1024);
    if (text !== undefined) out.push({ doc: g.replace(/^\.\//, ''), text, why: 'named with --docs' });
  }
  return out;
}

function readInsideRoot(root: string, rel: string, maxBytes: number): string | undefined {
  try {
    const abs = path.resolve(root, rel);
    const real = fs.realpathSync(abs);
    const realRoot = fs.realpathSync(root);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return undefined;
    const st = fs.lstatSync(abs);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

/** Extracts, maps and judges every claim of the project's readiness documents. */
export function auditClaims(input: ClaimsInput): ClaimsResult {
  const index = compilePhrases(input.rules);
  // What the project ships is what its documents speak of: a component that is only present (an example app, a
  // Dockerfile kept under docs/) neither proves nor refutes their claims, unless a document sits in its folder.
  const onlyPresent = new Set(
    input.components?.some((c) => c.deployed) ? input.components.filter((c) => !c.deployed).map((c) => c.id) : [],
  );
  // Container claims are the exception: when no shipped component has an image to judge (every container finding of
  // theirs is n/a), the only images the documents can speak of are the ones kept in such a folder (docs/deployment/).
  const byCheck = (docComponent: string | undefined): Map<string, Finding[]> => {
    const m = new Map<string, Finding[]>();
    const aside = new Map<string, Finding[]>();
    for (const f of input.findings) {
      const shipped = !f.component || !onlyPresent.has(f.component) || f.component === docComponent;
      const into = shipped ? m : aside;
      into.set(f.ruleId, [...(into.get(f.ruleId) ?? []), f]);
    }
    for (const [id, present] of aside) {
      if (!id.startsWith('container.')) continue;
      const shipped = m.get(id) ?? [];
      if (!shipped.some((f) => f.status === 'pass' || f.status === 'gap')) m.set(id, [...shipped, ...present]);
    }
    return m;
  };
  const findingsFor = new Map<string | undefined, Map<string, Finding[]>>();
  const components = [...new Set(input.findings.flatMap((f) => (f.component ? [f.component] : [])))];
  const documents: ClaimDocument[] = [];
  const claims: Claim[] = [];
  for (const src of findClaimDocuments(input)) {
    const tree = input.docs.has(src.doc) && input.repo.has(src.doc) ? input.docs.tree(src.doc) : undefined;
    const raws: RawClaim[] = src.ranges
      ? src.ranges.flatMap((r) => extractClaims(src.doc, src.text, tree, r))
      : extractClaims(src.doc, src.text, tree);
    const seen = new Set<number>();
    const docComponent = componentOfPath(src.doc, components, input.components);
    if (!findingsFor.has(docComponent)) findingsFor.set(docComponent, byCheck(docComponent));
    const findings = findingsFor.get(docComponent)!;
    const judged = raws
      .filter((r) => !seen.has(r.line) && seen.add(r.line))
      .map((r) =>
        judgeClaim(r, matchChecks(r.practice, index, { keepNegated: r.says !== 'present' }), findings, {
          projectKind: input.projectKind,
          noRoutesFound: input.noRoutesFound,
          component: componentNamedBy(r.practice, components) ?? docComponent,
        }),
      );
    if (!judged.length) continue;
    const counts = Object.fromEntries(VERDICTS.map((v) => [v, judged.filter((c) => c.verdict === v).length])) as Record<
      Claim['verdict'],
      number
    >;
    documents.push({ doc: src.doc, why: src.why, counts });
    // A claim quotes its document's line: a key or password written there never reaches a report or the history.
    claims.push(...judged.map((c) => ({ ...c, text: printable(redactSecretsIn(c.text)) })));
  }
  return { documents, claims };
}

/**
 * The component a document belongs to: a folder of its path named like one of several components
 * ("backends/go-service/STATUS.md", "docs/frontend/login.md"). With one component there is nothing to choose.
 */
export function componentOfPath(
  doc: string,
  components: readonly string[],
  folders: readonly { id: string; path: string }[] = [],
): string | undefined {
  if (components.length < 2) return undefined;
  // Inside a component's own folder (the deepest one that holds it).
  const inside = folders
    .filter((c) => c.path !== '.' && doc.startsWith(`${c.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (inside) return inside.id;
  const segments = doc.toLowerCase().split('/').slice(0, -1);
  const named = components.filter((c) => segments.includes(c.toLowerCase()));
  return named.length === 1 ? named[0] : undefined;
}

/** The one component a claim names by itself ("Backend: structured JSON logs"); none when it names several or none. */
export function componentNamedBy(practice: string, components: readonly string[]): string | undefined {
  if (components.length < 2) return undefined;
  const text = practice.toLowerCase();
  const named = components.filter(
    (c) =>
      c.length >= 3 &&
      new RegExp(`(?<![a-z0-9_-])${c.toLowerCase().replace(/[^a-z0-9]/g, '\\$&')}(?![a-z0-9_-])`).test(text),
  );
  return named.length === 1 ? named[0] : undefined;
}

/** One line for the audit report: "claims: 3 documents, 41 claims — 6 refuted, 2 outdated …". */
export function claimsSummaryLine(result: ClaimsResult): string | undefined {
  if (!result.claims.length) return undefined;
  const n = (v: Claim['verdict']): number => result.claims.filter((c) => c.verdict === v).length;
  const parts = VERDICTS.filter((v) => n(v)).map((v) => `${n(v)} ${v}`);
  const docs = result.documents.length;
  return `claims: ${docs} document${docs === 1 ? '' : 's'}, ${result.claims.length} claims: ${parts.join(', ')} (readiness claims for details)`;
}

/** A refuted claim as a plan item: what the document says, why it is not true, and the checks that would close it. */
export interface RefutedClaimItem {
  doc: string;
  line: number;
  text: string;
  checks: string[];
  /** "docs/STATUS.md:12 says 'Non-root containers ✅'; it is not true: container.non-root: …" */
  summary: string;
}

/** Refuted claims, for `plan` to list as items (the document says X; it is not true because Y). */
export function refutedClaimItems(claims: readonly Claim[]): RefutedClaimItem[] {
  return claims
    .filter((c) => c.verdict === 'refuted')
    .map((c) => ({
      doc: c.doc,
      line: c.line,
      text: c.text,
      checks: c.checks,
      summary: `${c.doc}:${c.line} says "${c.text}"; it is not true: ${c.reason}`,
    }));
}
