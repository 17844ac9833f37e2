import type { RepoIndex } from '../repo/index.js';

/** Diagrams as code: a Mermaid block, C4 (Mermaid C4 or PlantUML), a PlantUML document, a Structurizr workspace. */
const DIAGRAM = /^```\s*mermaid|^\s*(C4Context|C4Container|C4Component)\b|^@startuml|^\s*workspace\s+(".*"\s*)?\{/;

/** The first diagram kept as code in the documentation (Markdown, AsciiDoc, PlantUML, Structurizr DSL). */
export function detectDiagram(repo: RepoIndex): { path: string; line: number } | undefined {
  const m = repo.grepFirst(DIAGRAM, { include: ['**/*.{md,mdx,adoc,puml,plantuml,dsl}'] });
  return m && { path: m.path, line: m.line };
}
