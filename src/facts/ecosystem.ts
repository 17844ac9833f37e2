// The ecosystem that decides dependency verdicts: the one most production source is written in.
import type { FrameworkFacts } from './frameworks.js';
import { type Ecosystem, ecosystemOf, type LanguageFacts } from './languages.js';
import type { ManifestFacts } from './manifests.js';

export const ECOSYSTEM_LABEL: Record<Ecosystem, string> = {
  python: 'Python',
  node: 'Node.js',
  go: 'Go',
  jvm: 'Java/Kotlin',
  ruby: 'Ruby',
  rust: 'Rust',
  php: 'PHP',
  elixir: 'Elixir',
  dotnet: '.NET',
};

/** Manifest folders that do not describe the product: examples, docs, benchmarks, scripts' own tooling. */
export const NON_PRODUCT_DIR = /(^|\/)(examples?|samples?|docs?|benchmarks?|bench|demo|playground|e2e)\//;

/**
 * The primary ecosystem: the one of the only server framework, else by bytes of production source (JS and TS count
 * together), else the first product manifest's.
 */
export function primaryEcosystem(
  frameworks: FrameworkFacts,
  languages: LanguageFacts,
  manifests: ManifestFacts,
): Ecosystem | undefined {
  // The server decides: a FastAPI backend beside a larger React frontend is a Python service.
  const backends = new Set(frameworks.http.filter((f) => f.name !== 'nextjs').map((f) => f.language as Ecosystem));
  if (backends.size === 1) return [...backends][0];
  const bytes = new Map<Ecosystem, number>();
  for (const l of languages.byBytes) {
    const e = ecosystemOf(l.language);
    if (e) bytes.set(e, (bytes.get(e) ?? 0) + l.bytes);
  }
  const top = [...bytes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return top ?? (manifests.manifests.find((m) => !NON_PRODUCT_DIR.test(m.path))?.ecosystem as Ecosystem | undefined);
}
