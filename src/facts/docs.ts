import path from 'node:path';
import type { Nodes, Root } from 'mdast';
import type { RepoIndex } from '../repo/index.js';
import { deployCommand, selfHostInstall } from './deploy-docs.js';
import { type SetupSteps, setupSteps } from './setup-steps.js';
import {
  type Link,
  MARKDOWN_EXT,
  markdownHeadings,
  markdownLinks,
  markdownSections,
  nodeText,
  parseMarkdown,
  plainSections,
  proseSubstance,
  type Section,
  sectionsOfHeadings,
  substance,
  links as textLinks,
  walk,
} from './markdown.js';
import {
  emojiStance,
  headingContext,
  leadingLabel,
  MARKER_LINE,
  PLANNING_HEADING,
  TASK_BOX,
} from './status-markers.js';

/**
 * The repository's documentation: every Markdown/MDX (and reStructuredText, AsciiDoc, Org) document, its headings,
 * sections and links, and what kind of document it is. Planning, status and checklist documents ("MISSING: backups",
 * "- [ ] Add a runbook", "Coming soon") describe intentions, not practice: they are never evidence that the practice
 * exists, and the documentation rules and data.backup read only `guide` documents and their non-planning sections.
 */

export type DocRole = 'guide' | 'status' | 'changelog' | 'assistant' | 'example' | 'process';

export interface DocFile {
  path: string;
  markdown: boolean;
}

export interface DocSection extends Section {
  /** A roadmap / to-do / status / checklist section (or one nested in it): never evidence of what it lists. */
  planning: boolean;
}

export interface DocClass {
  role: DocRole;
  /** Why it is not a guide (status and changelog documents). */
  reason?: string;
}

export interface DocHit {
  path: string;
  line: number;
  note: string;
  strong: boolean;
  /** Where the hit came from: a dedicated document, or a section of another document. */
  via: 'file' | 'section';
  /** The section's title (section hits). */
  title?: string;
}

export interface TopicQuery {
  /** Paths of dedicated documents on the topic. */
  files: RegExp;
  /** Section titles on the topic. */
  heading: RegExp;
  /** Characters of text beyond headings for a hit to be strong (default 120). */
  min?: number;
  label: string;
  /**
   * Section titles too general to stand for the topic deep in the documentation (`How it works` in one feature's user
   * guide): they count only in a document at the root or one folder below it (the README, `docs/overview.md`).
   */
  shallowHeading?: RegExp;
  /** Count prose only: diagrams (mermaid, PlantUML) alone are not a description. */
  proseOnly?: boolean;
  /** Also reject dedicated documents whose text matches this (e.g. a visual-design DESIGN.md). */
  rejectFile?: (text: string) => boolean;
  /**
   * Stop once this many strong hits are found, for a caller that reads only the first strong hits (or, when there are
   * none, the weak ones): the first `enough` strong hits are the same, later hits are left out, and the documents
   * after them are not parsed.
   */
  enough?: number;
}

export interface Reached {
  path: string;
  hops: number;
  /** The document and line of the link that reached it. */
  from: string;
  line: number;
  text: string;
}

const DOC_EXT = /\.(md|markdown|mdx|mdown|mkd|rst|adoc|asciidoc|org)$/i;
const DOC_NAME =
  /^(readme|install(ation)?|deploy(ment)?|running|operations|runbook|architecture|design|contributing)(\.txt)?$/i;
// RDoc (README.rdoc) is the Ruby convention, Textile an older one.
const README = /^readme(\.(md|markdown|mdx|rst|txt|adoc|asciidoc|org|rdoc|textile))?$/i;
/**
 * Changelogs by name: any CHANGELOG*, HISTORY*, RELEASES* or RELEASE-NOTES* file (`CHANGELOG-v6.md`,
 * `HISTORY_OLD.md`), CHANGES and NEWS with an extension at most, and anything in a changelog folder.
 */
const CHANGELOG =
  /(^|\/)(?:(?:change[-_]?log|history|releases|release[-_]?notes)[^/]*|(?:changes|news)(?:\.\w+)?)$|(^|\/)(change[-_]?logs?|changes|release[-_]?notes|changelog\.d)\//i;
/**
 * Folders of AI coding assistants' instructions and bundled skills (`.agents/skills/angular-developer/…`, `.claude/`,
 * GitHub Copilot's `.github/skills/laravel-best-practices/rules/caching.md` and `.github/agents/`), Copilot's
 * instruction files beside its own (`.github/copilot-csharp-security.md`) and path-specific instructions and prompts
 * (`api.instructions.md`, `deploy.prompt.md`) wherever they sit: guidance to an assistant, not to the team.
 */
const ASSISTANT_DIR =
  /(^|\/)\.(?:agents?|claude|cursor|windsurf|codex|gemini|continue|clinerules|roo|kiro|junie|aider)\/|(^|\/)\.github\/(?:instructions|prompts|chatmodes|skills|agents)\/|(^|\/)(?:CLAUDE|AGENTS?|GEMINI|CODEX|WARP)(?:\.local)?\.md$|(^|\/)\.github\/copilot[-_.][^/]*\.md$|(^|\/)[^/]+\.(?:instructions|prompt|chatmode)\.md$/i;
/** Contribution process documents: pull-request and issue templates, review guidelines, codes of conduct. */
const CONTRIBUTION_PROCESS =
  /(^|\/)(?:\.github|\.gitlab|docs?)\/(?:PULL_REQUEST_TEMPLATE|ISSUE_TEMPLATE|merge_request_templates|issue_templates)\b|(^|\/)\.github\/[^/]*REVIEW[^/]*\.md$|(^|\/)(?:CODE_OF_CONDUCT|pull_request_template)(?:\.\w+)?$/i;
/**
 * License texts: the project's own (LICENSE, COPYING, NOTICE) and those of bundled dependencies kept in a licenses
 * folder (`docs/release/licenses/LICENSE-semver.txt`). Legal text, whatever folder they sit in, is no guide.
 */
const LICENSE_TEXT =
  /(^|\/)(?:licen[cs]es|third[-_]?party[-_]?licen[cs]es)\/|(^|\/)(?:LICEN[CS]E|COPYING|NOTICE)(?:[-_.][^/]*)?$/i;
/** Folders of examples and samples (plugins/examples/weather/README.md): their documents describe the example. */
const EXAMPLE_DIR = /(^|\/)(?:examples?|samples?)\/[^/]+\//i;
/**
 * Pages the application serves rather than documents about it: Markdown templates a web app renders
 * (`lib/hexpm_web/templates/docs/publish.html.md`, Rails `app/views/**.md`, the Markdown a Phoenix app loads from
 * `priv/content/`), blog posts (`blog/`, `_posts/`), marketing case studies (`case_studies/`) and the endpoint
 * descriptions of a versioned API (`kpi/docs/api/v2/deployments/update.md`, read into its OpenAPI schema).
 * Their headings ("Organizations going live", a user FAQ's "Troubleshooting", a form's "deployment") describe the
 * product to its users.
 */
const SITE_CONTENT =
  /\.html\.(?:md|markdown|mdx)$|(^|\/)(?:blog|_posts|case[-_]?studies|customer[-_]?stories)\/|(^|\/)docs\/api\/v\d+\/|(^|\/)app\/views\/|(^|\/)lib\/\w+_web\/(?:templates|controllers|components)\/|(^|\/)priv\/(?:content|posts|pages)\//i;

/** Folders of implementation plans for work to come (`plans/webhook-refactor.md`, `docs/plans/…`). */
const PLANS_DIR = /(^|\/)(?:plans|planning|\.plans)\/[^/]+\.(?:md|mdx|markdown|txt)$/i;

/**
 * A document named for a plan or proposal: `AGENTS_DESKTOP_PLAN.md`, `auth-proposal.md`, `rfc-0042.md`,
 * `implementation-plan.md`. A lower-case `-plan` alone is not (`cancel-plan.api.mdx` documents a billing plan,
 * `sqlite-query-plan.mdx` a query plan).
 */
const PLAN_NAME =
  /(?:^|_)(?:PLAN|PROPOSAL|RFC)(?:_|$)|(?:^|[-_.])(?:proposal|rfc)(?:[-_.]|$)|(?:^|[-_.])(?:implementation|migration|rollout|refactor|release|execution|action)[-_]plan(?:[-_.]|$)/;

/** Names and titles of status, planning and checklist documents. */
const STATUS_NAME =
  /status|roadmap|\bplan\b|_plan|plan_|planning|readiness|check[-_ ]?list|progress|to[-_ ]?do|backlog|summary|gaps?\b|next[-_ ]steps|complete|completion|tracker|assessment|audit|milestones?|deliverables|implementation[-_ ]report|report\b/i;

/** A file or folder on GitHub, GitLab, Codeberg or Bitbucket: `https://github.com/o/r/blob/main/<path>` → `<path>`. */
const HOSTED_FILE_URL =
  /^https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)\/[^/]+\/[^/]+\/(?:-\/)?(?:blob|tree|src)\/[^/]+\/([^?#]+)/i;

/** Characters of text whose trees DocsFacts keeps past the next parse (see keptTrees): ~3 MiB of trees at most. */
export const KEPT_TREE_CHARS = 200_000;

export class DocsFacts {
  // Syntax trees are large and each is built once per question: only the latest is kept (sections, links and
  // classes are cached instead), so an audit never holds the trees of every document.
  private lastTree?: { path: string; tree: Root | undefined };
  /**
   * Trees parsed to count a document's status markers (classify), kept past the next parse: those are the documents
   * the claims audit reads again after the rules (its status and planning documents), and a parse costs ~3 µs a
   * character. At most KEPT_TREE_CHARS characters of text in all (a tree takes ~15 bytes a character).
   */
  private readonly keptTrees = new Map<string, Root | undefined>();
  private keptChars = 0;
  private readonly linkCache = new Map<string, Link[]>();
  private readonly sectionCache = new Map<string, DocSection[]>();
  private readonly classCache = new Map<string, DocClass>();
  private readonly stepsCache = new Map<string, SetupSteps>();
  private fileList?: DocFile[];
  private readonly paths = new Set<string>();

  constructor(private readonly repo: RepoIndex) {}

  /** Every documentation file (tests and test data excluded). */
  get files(): DocFile[] {
    if (!this.fileList) {
      this.fileList = this.repo.files
        .filter((f) => !f.isTest && isDocPath(f.path) && !SITE_CONTENT.test(f.path))
        .map((f) => ({ path: f.path, markdown: MARKDOWN_EXT.test(f.path) || !path.posix.extname(f.path) }));
      for (const f of this.fileList) this.paths.add(f.path);
    }
    return this.fileList;
  }

  has(p: string): boolean {
    this.files;
    return this.paths.has(p);
  }

  /** The repository's main README: at the root, else docs/README.* or .github/README.*. */
  get readme(): string | undefined {
    const root = this.repo.files.filter((f) => !f.path.includes('/') && README.test(f.path)).map((f) => f.path);
    const pick = root.find((p) => /\.md$/i.test(p)) ?? root[0];
    if (pick) return pick;
    return this.repo.files.find(
      (f) => /^(docs?|\.github)\/[^/]+$/.test(f.path) && README.test(path.posix.basename(f.path)),
    )?.path;
  }

  text(p: string): string {
    const raw = this.repo.read(p) ?? '';
    return /\.rdoc$/i.test(p) ? rdocAsMarkdown(raw) : raw;
  }

  /**
   * What the project is, in its own words: the prose of the README's opening and of its About / What is / Overview /
   * Features sections (at most 1,500 characters, markup and headings removed), lower-cased. A word that names the product there ("a cron job
   * monitoring service", "incident management") describes a feature when a heading uses it, not how it is operated.
   */
  productIntro(): string {
    const readme = this.readme;
    if (!readme) return '';
    return this.repo.memo('docs:product-intro', () => {
      const lines = this.text(readme).split(/\r?\n/);
      const out: string[] = [];
      let headings = 0;
      let fence = false;
      // The opening (up to the second heading) and sections that say what the project is (About, What is …,
      // Overview, Introduction, Features).
      let about = true;
      for (const l of lines) {
        if (/^\s*(```|~~~)/.test(l)) fence = !fence;
        if (fence) continue;
        const h = /^\s{0,3}#{1,6}\s+(.*)$/.exec(l);
        if (h) {
          headings++;
          about = headings <= 1 || /\b(?:about|what(?:'|’)?s|what is|overview|introduction|features)\b/i.test(h[1]!);
          continue;
        }
        if (about) out.push(l);
      }
      return out
        .join(' ')
        .replace(/<[^>]*>|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 1500)
        .toLowerCase();
    });
  }

  /** The Markdown syntax tree of a document (undefined for other formats). */
  tree(p: string): Root | undefined {
    if (this.lastTree?.path !== p && this.keptTrees.has(p)) return this.keptTrees.get(p);
    if (this.lastTree?.path !== p) {
      const tree = isMarkdownPath(p) ? parseMarkdown(this.text(p)) : undefined;
      this.lastTree = { path: p, tree };
      // What every later question needs from the tree is taken now, so no document is parsed twice.
      this.sections(p);
      this.links(p);
    }
    return this.lastTree.tree;
  }

  /** tree(), keeping the tree for later questions while the budget allows (see keptTrees). */
  private keptTree(p: string): Root | undefined {
    const tree = this.tree(p);
    const chars = this.text(p).length;
    if (!this.keptTrees.has(p) && this.keptChars + chars <= KEPT_TREE_CHARS) {
      this.keptTrees.set(p, tree);
      this.keptChars += chars;
    }
    return tree;
  }

  /**
   * May a heading of this document have a title matching `words`? A cheap test of the raw text before a document is
   * parsed (parsing Markdown costs far more than reading it): false only when no line that can carry heading text
   * matches — ATX lines (`#`), paragraphs closed by a setext underline, and any document with HTML headings.
   * `words` must match the raw text of every title the caller looks for (a loose superset of its title pattern).
   */
  mayHaveHeading(p: string, words: RegExp): boolean {
    const text = this.text(p);
    if (!words.test(text)) return false;
    if (!isMarkdownPath(p) || /<h[1-6]/i.test(text)) return true;
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (!words.test(l)) continue;
      if (ATX_LINE.test(l)) return true;
      // Setext: the paragraph holding this line ends in an `===` or `---` underline.
      for (let j = i + 1; j < lines.length && lines[j]!.trim(); j++)
        if (/^[\s>]*(=+|-+)\s*$/.test(lines[j]!)) return true;
    }
    return false;
  }

  /**
   * Lines of a document that may be headings (headingCandidates), kept per repository file: every topic() asks them of
   * every guide, in every component's view (they were split from the text each time).
   */
  private headingCandidates(p: string): readonly string[] {
    return this.repo.fileMemo('doc-heading-candidates', p, () => headingCandidates(this.text(p)));
  }

  /** Sections of a document, each marked when it is planning material. */
  sections(p: string): DocSection[] {
    let out = this.sectionCache.get(p);
    if (!out) {
      // The text and the file's extension decide them: one parse serves every component's view of the file.
      out = this.repo.fileMemo('doc-sections', p, () => this.sectionsOf(p));
      this.sectionCache.set(p, out);
    }
    return out;
  }

  private sectionsOf(p: string): DocSection[] {
    const text = this.text(p);
    const raw = this.rawSections(p, text);
    // Parsing the tree for them answered them already (tree() asks for the sections of what it parses).
    const known = this.sectionCache.get(p);
    if (known) return known;
    const lines = text.split(/\r?\n/);
    const out: DocSection[] = [];
    for (const s of raw) {
      const parent = [...out].reverse().find((o) => o.level < s.level && o.endLine >= s.line);
      const ownEnd = raw.find((n) => n.line > s.line)?.line ?? lines.length + 1;
      out.push({ ...s, planning: !!parent?.planning || isPlanningSection(s.title, lines.slice(s.line, ownEnd - 1)) });
    }
    return out;
  }

  /** Headings with bodies: from the tree when there is one, else from the parser's events when they suffice. */
  private rawSections(p: string, text: string): Section[] {
    if (!isMarkdownPath(p)) return plainSections(text);
    if (this.lastTree?.path !== p) {
      const heads = markdownHeadings(text);
      if (heads) return sectionsOfHeadings(text, heads);
    }
    const tree = this.tree(p);
    return tree ? markdownSections(text, tree) : plainSections(text);
  }

  links(p: string): Link[] {
    let out = this.linkCache.get(p);
    if (!out) {
      // Like the sections, shared by every component's view of the file.
      out = this.repo.fileMemo('doc-links', p, () => {
        const tree = this.tree(p);
        const known = this.linkCache.get(p);
        if (known) return known;
        return tree ? markdownLinks(this.text(p), tree) : textLinks(this.text(p), 1, p);
      });
      this.linkCache.set(p, out);
    }
    return out;
  }

  /** What kind of document this is: a guide, a status/planning/checklist document or a changelog. */
  classify(p: string): DocClass {
    let c = this.classCache.get(p);
    if (!c) {
      // What the text says (its marked items and title) is the same in every component's view: counted once.
      c = classifyDocument(
        p,
        this.text(p),
        () => this.keptTree(p),
        (count) => this.repo.fileMemo('doc-markers', p, count),
      );
      this.classCache.set(p, c);
    }
    return c;
  }

  /** Guides: the documents that may serve as evidence. */
  guides(): DocFile[] {
    return this.files.filter((f) => this.classify(f.path).role === 'guide');
  }

  /** A deploy command (helm upgrade, fly deploy, terraform apply, …) shown in the README or a docs/ guide. */
  deployCommand(): { path: string; line: number; text: string } | undefined {
    return deployCommand(this);
  }

  /**
   * A self-hosted application's install section that runs its published container image as a server, or installs
   * its published package and runs one of the `installed` commands (console scripts of the project's packages), or
   * installs the program as a system service (systemd, launchd, a Windows service).
   */
  selfHostInstall(
    installed: readonly string[] = [],
  ):
    | { path: string; line: number; title: string; how: 'container' | 'package' | 'server' | 'upgrade' | 'service' }
    | undefined {
    return selfHostInstall(this, installed, (p) => (this.repo.has(p) ? this.repo.read(p) : undefined));
  }

  /** The install and run steps a document gives (commands in its code, or Install/Run sections with content). */
  setupSteps(p: string): SetupSteps {
    let steps = this.stepsCache.get(p);
    if (!steps) {
      steps = setupSteps(this, p);
      this.stepsCache.set(p, steps);
    }
    return steps;
  }

  /** Status, planning and checklist documents. */
  statusDocuments(): DocFile[] {
    return this.files.filter((f) => this.classify(f.path).role === 'status');
  }

  /** Sections that may serve as evidence: in guides, and not planning material. */
  evidenceSections(p: string): DocSection[] {
    if (this.classify(p).role !== 'guide') return [];
    return this.sections(p).filter((s) => !s.planning);
  }

  /**
   * May this line of a document serve as evidence? Not in status documents or changelogs, not in planning sections,
   * and not a line that itself says the practice is missing or to do.
   */
  isEvidenceLine(p: string, line: number): boolean {
    if (this.classify(p).role !== 'guide') return false;
    const s = [...this.sections(p)].reverse().find((x) => x.line <= line && x.endLine >= line);
    if (s?.planning) return false;
    const text = this.repo.lines(p)[line - 1] ?? '';
    const label = leadingLabel(text.replace(/^\s*([-*+]|\d+[.)])\s+/, ''));
    if (label && label.stance !== 'present') return false;
    return !/^\s*([-*+]|\d+[.)])\s+\[ \]/.test(text);
  }

  /** Resolves a relative link against the document's folder to a file (or a README/index inside a folder). */
  resolveLink(from: string, target: string): string | undefined {
    const hosted = HOSTED_FILE_URL.exec(target)?.[1];
    // A link to a file of this repository on its forge (…/blob/main/docs/install.md) is an in-repository link.
    if (hosted) return this.resolveLink('', `/${hosted}`);
    const site = this.siteDocument(target);
    if (site) return site;
    if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith('#')) return undefined;
    let clean: string;
    try {
      clean = decodeURIComponent(target.split('#')[0]!.split('?')[0]!);
    } catch {
      return undefined;
    }
    if (!clean) return undefined;
    const p = clean.startsWith('/')
      ? clean.slice(1)
      : path.posix.normalize(path.posix.join(path.posix.dirname(from), clean));
    const rel = p.replace(/\/$/, '');
    if (rel.startsWith('..')) return undefined;
    if (this.repo.has(rel)) return rel;
    if (this.repo.hasDir(rel))
      return (
        this.repo.files.find(
          (f) =>
            f.path.startsWith(`${rel}/`) && /^(readme|index)\.(md|mdx|rst|adoc)$/i.test(path.posix.basename(f.path)),
        )?.path ?? `${rel}/`
      );
    return undefined;
  }

  /**
   * A page of the project's own documentation site whose sources are in the repository (MkDocs `site_url` with its
   * `docs_dir`): `https://ntfy.sh/docs/install/` is `docs/install.md`. Only links on the configured site's host.
   */
  private siteDocument(target: string): string | undefined {
    const sites = this.repo.memo('docs:sites', () => {
      const out: { host: string | RegExp; dir: string }[] = [];
      // A Read the Docs build of the MkDocs site (`.readthedocs.yaml` with `mkdocs: configuration: mkdocs.yml`):
      // the project's docs host (`docs.umap-project.org`, `<project>.readthedocs.io`) serves its docs_dir.
      for (const f of this.repo.byName(/^\.?readthedocs\.ya?ml$/)) {
        const t = this.repo.read(f.path) ?? '';
        if (!/^mkdocs\s*:/m.test(t)) continue;
        const base = path.posix.dirname(f.path);
        const conf =
          /^\s+configuration:\s*['"]?([^\s'"#]+)/m.exec(t.slice(t.search(/^mkdocs\s*:/m)))?.[1] ?? 'mkdocs.yml';
        const mk = this.repo.read(path.posix.normalize(base === '.' ? conf : `${base}/${conf}`));
        if (mk === undefined) continue;
        const dir = /^docs_dir:\s*['"]?([^\s'"#]+)/m.exec(mk)?.[1] ?? 'docs';
        const mkBase = path.posix.dirname(path.posix.normalize(base === '.' ? conf : `${base}/${conf}`));
        out.push({
          host: /^(?:docs?\.[a-z0-9.-]+|[a-z0-9-]+\.(?:readthedocs\.io|rtfd\.io))$/,
          dir: path.posix.normalize(mkBase === '.' ? dir : `${mkBase}/${dir}`),
        });
      }
      for (const f of this.repo.byName(/^mkdocs\.ya?ml$/)) {
        const t = this.repo.read(f.path) ?? '';
        // Without a site_url, a site published to GitHub Pages from its repo_url: `https://owner.github.io/repo/`.
        const repoUrl = /^repo_url:\s*['"]?https?:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?['"]?\s*$/m.exec(
          t,
        );
        const url =
          /^site_url:\s*['"]?(https?:\/\/[^\s'"]+)/m.exec(t)?.[1] ??
          (repoUrl ? `https://${repoUrl[1]!.toLowerCase()}.github.io/${repoUrl[2]}/` : undefined);
        if (!url) continue;
        const dir = /^docs_dir:\s*['"]?([^\s'"#]+)/m.exec(t)?.[1] ?? 'docs';
        const base = path.posix.dirname(f.path);
        try {
          out.push({
            host: new URL(url).host.toLowerCase(),
            dir: path.posix.normalize(base === '.' ? dir : `${base}/${dir}`),
          });
        } catch {
          /* not a URL */
        }
      }
      // A docs folder GitHub Pages serves under a custom domain (its CNAME file) as a Markdown site (docsify: an
      // index.html that renders the folder's .md pages): `https://screego.net/#/install` is `docs/install.md`.
      for (const f of this.repo.byName(/^CNAME$/)) {
        const dir = path.posix.dirname(f.path);
        if (dir === '.' || !this.files.some((d) => path.posix.dirname(d.path) === dir)) continue;
        const host = (this.repo.read(f.path) ?? '').trim().split(/\s+/)[0]?.toLowerCase();
        if (host && /^[a-z0-9.-]+\.[a-z]{2,}$/.test(host)) out.push({ host, dir });
      }
      return out;
    });
    if (!sites.length || !/^https?:\/\//i.test(target)) return undefined;
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return undefined;
    }
    const host = url.host.toLowerCase();
    const site =
      sites.find((s) => s.host === host) ?? sites.find((s) => typeof s.host !== 'string' && s.host.test(host));
    if (!site) return undefined;
    // Hash routing (docsify, `#/install`): the page is named after the hash.
    const routed = url.pathname.replace(/\/+$/, '') === '' && url.hash.startsWith('#/') ? url.hash.slice(1) : '';
    const segs = (routed || url.pathname).split(/[/?]/).filter(Boolean);
    // The site may be served under a prefix (`/docs/`): try the path, then with its leading folders dropped.
    for (let i = 0; i <= segs.length; i++) {
      const rest = segs
        .slice(i)
        .join('/')
        .replace(/\.html?$/, '');
      const candidates = rest
        ? [`${site.dir}/${rest}.md`, `${site.dir}/${rest}/index.md`, `${site.dir}/${rest}/README.md`]
        : [`${site.dir}/index.md`, `${site.dir}/README.md`];
      const hit = candidates.find((c) => this.has(c));
      if (hit) return hit;
    }
    return undefined;
  }

  /** Documents reached from the README by following in-repository links, breadth first, up to `maxHops` links away. */
  reachableFromReadme(maxHops = 3): Reached[] {
    const readme = this.readme;
    if (!readme) return [];
    return this.repo.memo(`docs:reachable:${maxHops}`, () => {
      const seen = new Set([readme]);
      const out: Reached[] = [];
      const browse: { folder: string; hops: number; from: string; line: number }[] = [];
      let frontier = [readme];
      for (let hops = 1; hops <= maxHops && frontier.length; hops++) {
        const next: string[] = [];
        for (const from of frontier) {
          for (const l of this.links(from)) {
            const target = this.resolveLink(from, l.target);
            if (!target) continue;
            // A link to a documentation folder (or to its index page: "all documentation is in the docs folder")
            // lets the reader browse the folder: its other documents are one link further (added after the links).
            const folder = target.endsWith('/')
              ? target.slice(0, -1)
              : /^(readme|index)\.(md|mdx|rst|adoc)$/i.test(path.posix.basename(target)) && target.includes('/')
                ? path.posix.dirname(target)
                : undefined;
            if (folder && hops < maxHops) browse.push({ folder, hops: hops + 1, from, line: l.line });
            if (target.endsWith('/') || seen.has(target) || !this.has(target)) continue;
            seen.add(target);
            out.push({ path: target, hops, from, line: l.line, text: l.text });
            next.push(target);
          }
        }
        frontier = next;
      }
      for (const b of browse)
        for (const f of this.files) {
          if (path.posix.dirname(f.path) !== b.folder || seen.has(f.path)) continue;
          seen.add(f.path);
          out.push({ path: f.path, hops: b.hops, from: b.from, line: b.line, text: path.posix.basename(f.path) });
        }
      return out;
    });
  }

  /**
   * Finds documentation on a topic: dedicated guides (by path) and sections of any guide (by heading), across all
   * Markdown/MDX documents, not only the README. A hit is `strong` when it has real content (at least `min`
   * characters of text beyond its headings). Status documents and planning sections are never hits.
   */
  topic(q: TopicQuery): DocHit[] {
    const min = q.min ?? 120;
    const measure = q.proseOnly ? proseSubstance : substance;
    const hits: DocHit[] = [];
    const readme = this.readme;
    let strong = 0;
    const done = (): boolean => q.enough !== undefined && strong >= q.enough;
    for (const f of this.guides()) {
      if (done()) break;
      if (!q.files.test(f.path)) continue;
      const text = this.text(f.path);
      if (q.rejectFile?.(text)) continue;
      const n = measure(text);
      hits.push({
        path: f.path,
        line: 1,
        note: n >= min ? `${q.label}: ${f.path}` : `${q.label} ${f.path} is a stub (${n} characters)`,
        strong: n >= min,
        via: 'file',
      });
      if (n >= min) strong++;
    }
    const order = (p: string): number => (p === readme ? 0 : /^(docs?|documentation)\//i.test(p) ? 1 : 2);
    const docs = this.guides()
      .map((f) => f.path)
      .filter((p) => !q.files.test(p) && this.headingCandidates(p).some((h) => q.heading.test(h)))
      .sort((a, b) => order(a) - order(b));
    for (const p of docs) {
      if (done()) break;
      for (const s of this.evidenceSections(p)) {
        if (done()) break;
        if (!q.heading.test(s.title)) continue;
        if (q.shallowHeading?.test(s.title) && p.split('/').length > 2) continue;
        const n = measure(s.body);
        hits.push({
          path: p,
          line: s.line,
          note:
            n >= min
              ? `${q.label}: section "${s.title}"${p === readme ? '' : ` of ${p}`}`
              : `section "${s.title}" says little (${n} characters)`,
          strong: n >= min,
          via: 'section',
          title: s.title,
        });
        if (n >= min) strong++;
      }
    }
    return hits.sort((a, b) => Number(b.strong) - Number(a.strong));
  }
}

export function detectDocs(repo: RepoIndex): DocsFacts {
  return new DocsFacts(repo);
}

/** A documentation file: Markdown, MDX, reStructuredText, AsciiDoc, Org; plain text only under docs/ or by name. */
export function isDocPath(p: string): boolean {
  const base = path.posix.basename(p);
  if (LICENSE_TEXT.test(p)) return false;
  if (DOC_EXT.test(p)) return true;
  if (DOC_NAME.test(base)) return true;
  return /\.txt$/i.test(p) && /(^|\/)(docs?|documentation)\//i.test(p) && !/requirements|robots|cmakelists/i.test(base);
}

/** Markdown and MDX, and documents named without a known extension (README, INSTALL): read as Markdown. */
function isMarkdownPath(p: string): boolean {
  return MARKDOWN_EXT.test(p) || !DOC_EXT.test(p);
}

/** A line that may be an ATX heading: `#` first, after any blockquote and list-item markers. */
const ATX_LINE = /^(?:[\s>]|[-*+](?=\s)|\d{1,9}[.)](?=\s))*#/;

/** Lines that may be headings (ATX, setext, HTML, AsciiDoc): a cheap filter before a document is parsed. */
function headingCandidates(text: string): string[] {
  const out: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const m = /^\s{0,3}(?:#{1,6}|={1,6})\s+(.*)$/.exec(l) ?? /^\s*<h[1-6][^>]*>(.*)/i.exec(l);
    if (m) out.push(m[1]!);
    else if (i + 1 < lines.length && l.trim() && /^\s*(={3,}|-{3,}|~{3,}|\^{3,})\s*$/.test(lines[i + 1]!)) out.push(l);
  }
  return out;
}

/**
 * RDoc read as Markdown, line for line: `== Install` is a heading, an indented block (`  bundle install`) is verbatim
 * text, which Markdown only takes as code from four spaces on.
 */
function rdocAsMarkdown(text: string): string {
  return text
    .split('\n')
    .map((l) => {
      const h = /^(={1,6})\s+(\S.*)$/.exec(l);
      if (h) return `${'#'.repeat(h[1]!.length)} ${h[2]}`;
      return /^ {2}\S/.test(l) && !/^\s*(?:[-*+]|\d+\.)\s/.test(l) ? `  ${l}` : l;
    })
    .join('\n');
}

/** A section is planning material by its title, or when most of its own items carry status markers. */
function isPlanningSection(title: string, ownLines: string[]): boolean {
  const ctx = headingContext(title);
  if (ctx === 'absent' || ctx === 'planned' || ctx === 'partial') return true;
  if (PLANNING_HEADING.test(title) && ownLines.some((l) => MARKER_LINE.test(l))) return true;
  let items = 0;
  let marked = 0;
  let fence = false;
  for (const l of ownLines) {
    if (/^\s*(```|~~~)/.test(l)) fence = !fence;
    if (fence) continue;
    if (!/^\s*([-*+]|\d+[.)])\s+\S|^\s*\|.*\|\s*$/.test(l) || /^\s*\|[\s:|-]+\|\s*$/.test(l)) continue;
    items++;
    if (MARKER_LINE.test(l)) marked++;
  }
  return marked >= 2 && marked >= items * 0.6;
}

/**
 * Status / planning / checklist documents are recognised by their markers: many list items, table rows or code
 * comments saying done / missing / to do, in a document whose name or title says what it is (a plan, a status
 * report, a checklist), or so many of them that the document is mostly a checklist whatever its name.
 */
export function classifyDocument(
  p: string,
  text: string,
  tree: () => Root | undefined,
  memo: (count: () => Markers | undefined) => Markers | undefined = (count) => count(),
): DocClass {
  if (CHANGELOG.test(p)) return { role: 'changelog', reason: 'a changelog records history, not practice' };
  if (ASSISTANT_DIR.test(p))
    return {
      role: 'assistant',
      reason: 'instructions and skill references for AI coding assistants, not project documentation',
    };
  if (CONTRIBUTION_PROCESS.test(p))
    return {
      role: 'process',
      reason: 'how contributions are proposed and reviewed (templates, review guidelines), not how the system runs',
    };
  if (EXAMPLE_DIR.test(p))
    return { role: 'example', reason: 'documents an example or sample kept in the repository, not the project itself' };
  if (PLANS_DIR.test(p))
    return { role: 'status', reason: 'an implementation plan (a plans/ folder): proposed work, not practice in place' };
  if (PLAN_NAME.test(path.posix.basename(p).replace(/\.[^.]+$/, '')))
    return { role: 'status', reason: 'a plan or proposal by its name: proposed work, not practice in place' };
  const m = memo(() => markersOf(text, tree));
  if (!m) return { role: 'guide' };
  const { items, marked, statusHeadings, title } = m;
  const named = STATUS_NAME.test(path.posix.basename(p)) || STATUS_NAME.test(title);
  if (named && marked >= 3)
    return { role: 'status', reason: `a status/planning document (${marked} items marked done, missing or to do)` };
  if (marked >= 6 && marked >= items * 0.4 && statusHeadings >= 1)
    return { role: 'status', reason: `mostly a checklist (${marked} of ${items} items marked done, missing or to do)` };
  return { role: 'guide' };
}

/** What a document's text says of its own status: items, how many carry a status marker, status headings, title. */
export interface Markers {
  items: number;
  marked: number;
  statusHeadings: number;
  title: string;
}

/** The markers of a document (a function of its text and syntax tree), or undefined when too few lines may carry one. */
function markersOf(text: string, tree: () => Root | undefined): Markers | undefined {
  const lines = text.split(/\r?\n/);
  const candidates = lines.filter((l) => MARKER_LINE.test(l) || /^\s*(#|\/\/|--)\s*(MISSING|TODO)\b/.test(l)).length;
  if (candidates < 3) return undefined;
  const t = tree();
  let items = 0;
  let marked = 0;
  let statusHeadings = 0;
  let title = '';
  const count = (s: string, task?: boolean | null): void => {
    items++;
    if (task !== undefined && task !== null) marked++;
    else if (emojiStance(s) || leadingLabel(s) || TASK_BOX.test(s)) marked++;
  };
  if (t) {
    walk(t, (n: Nodes) => {
      if (n.type === 'heading') {
        const h = nodeText(n);
        if (!title && n.depth <= 2) title = h;
        if (emojiStance(h) || headingContext(h)) statusHeadings++;
        // "## Request tracing ✅", "## Backups — not started": a heading that is itself a status line.
        if (
          emojiStance(h) ||
          /\s(—|–|-|:)\s*(not\s+started|done|complete[d]?|planned|missing|in\s+progress)\s*$/i.test(h)
        )
          marked++;
        return false;
      }
      if (n.type === 'listItem') {
        const first = n.children[0];
        count(first ? nodeText(first) : '', n.checked);
        return undefined;
      }
      if (n.type === 'tableRow') {
        count(nodeText(n));
        return false;
      }
      if (n.type === 'code') {
        for (const l of n.value.split('\n')) if (/^\s*(#|\/\/|--)\s*(MISSING|TODO)\b/.test(l)) marked++;
        return false;
      }
      return undefined;
    });
  } else {
    title = lines.find((l) => l.trim())?.trim() ?? '';
    for (const l of lines) if (/^\s*([-*+]|\d+[.)])\s+\S/.test(l)) count(l.replace(/^\s*([-*+]|\d+[.)])\s+/, ''));
  }
  return { items, marked, statusHeadings, title };
}
