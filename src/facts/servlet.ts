import type { RepoIndex } from '../repo/index.js';
import { isProductionPath } from './liveness.js';
import type { ManifestFacts } from './manifests.js';

/** A web application archive (WAR) a servlet container runs: Spring MVC without Boot, or plain servlets and filters. */
export interface ServletApp {
  name: 'spring-mvc' | 'servlet';
  path: string;
  line: number;
  excerpt: string;
  how: 'import' | 'layout';
}

/**
 * A class the servlet container calls at start-up to register Spring's DispatcherServlet (Spring MVC without Boot):
 * `extends AbstractAnnotationConfigDispatcherServletInitializer`, `implements WebApplicationInitializer` (Java), or
 * `: AbstractDispatcherServletInitializer()` (Kotlin). Abstract classes are the framework's own bases.
 */
const MVC_INITIALIZER =
  /^[ \t]*(?:(?:public|final|open|internal)\s+)*class\s+\w+[^{;]*?(?:\bextends\s+|\bimplements\s+(?:[\w.<>]+\s*,\s*)*|:\s*(?:[\w.<>()]+\s*,\s*)*)(?:Abstract\w*DispatcherServletInitializer|WebApplicationInitializer)\b/m;
/** A servlet class of the application's own: `@WebServlet("/x")` (Servlet 3.0 annotations, javax or jakarta). */
const WEB_SERVLET = /^[ \t]*@WebServlet\b/m;
const WEB_XML = /(^|\/)WEB-INF\/web\.xml$/;
/** Gradle's war plugin: `id 'war'`, `id("war")`, `apply plugin: 'war'`, or a bare `war` in the plugins block. */
const GRADLE_WAR = /\bid\s*\(?\s*["']war["']|\bapply\s+plugin\s*:\s*["']war["']|\bplugins\s*\{[^}]*^\s*war\s*$/m;

function webXmls(repo: RepoIndex): string[] {
  return repo
    .glob(['**/WEB-INF/web.xml'])
    .map((f) => f.path)
    .filter((p) => WEB_XML.test(p) && !repo.get(p)?.isTest && !/(^|\/)src\/test\//.test(p) && isProductionPath(p));
}

/** Whether the build packages a web application archive (Maven `<packaging>war</packaging>`, Gradle's war plugin). */
function buildsWar(repo: RepoIndex, manifests: ManifestFacts): boolean {
  for (const m of manifests.manifests) {
    if (m.type !== 'pom.xml' || !isProductionPath(m.path)) continue;
    const packaging = (m.raw as { project?: { packaging?: unknown } } | undefined)?.project?.packaging;
    if (typeof packaging === 'string' && packaging.trim() === 'war') return true;
  }
  return repo
    .glob(['**/build.gradle', '**/build.gradle.kts'])
    .some((f) => isProductionPath(f.path) && GRADLE_WAR.test(repo.read(f.path) ?? ''));
}

/**
 * A servlet web application: the container (Tomcat, Jetty, WildFly, Open Liberty) serves it once the WAR is deployed,
 * so there is no `main` that starts a server. Recognised by what the container reads: a WEB-INF/web.xml declaring
 * servlets or filters (Spring's DispatcherServlet or a subclass of it → Spring MVC), or, in a build that packages a
 * WAR, a Spring WebApplicationInitializer or `@WebServlet` classes. A library that merely ships servlet classes (a
 * metrics servlet, a framework's own abstract initializers) packages no WAR and declares no web.xml.
 */
export function servletApp(repo: RepoIndex, manifests: ManifestFacts): ServletApp | undefined {
  const xmls = webXmls(repo);
  for (const p of xmls) {
    const lines = repo.lines(p);
    const i = lines.findIndex((l) => /<servlet-class>[^<]*DispatcherServlet\s*</.test(l));
    if (i >= 0) return { name: 'spring-mvc', path: p, line: i + 1, excerpt: lines[i]!.trim(), how: 'layout' };
  }
  const war = xmls.length > 0 || buildsWar(repo, manifests);
  if (!war) return undefined;
  const prod = (p: string): boolean => !repo.get(p)?.isTest && isProductionPath(p);
  const init = repo
    .grep(MVC_INITIALIZER, { languages: ['java', 'kotlin', 'groovy'], kinds: ['source'], limit: 20 })
    .find((h) => prod(h.path));
  if (init) return { name: 'spring-mvc', path: init.path, line: init.line, excerpt: init.text.trim(), how: 'import' };
  for (const p of xmls) {
    const lines = repo.lines(p);
    const i = lines.findIndex((l) => /<(?:servlet|filter)-class>/.test(l));
    if (i >= 0) return { name: 'servlet', path: p, line: i + 1, excerpt: lines[i]!.trim(), how: 'layout' };
  }
  const servlet = repo
    .grep(WEB_SERVLET, { languages: ['java', 'kotlin', 'groovy'], kinds: ['source'], limit: 20 })
    .find((h) => prod(h.path) && /\bimport\s+(?:jakarta|javax)\.servlet\b/.test(repo.read(h.path) ?? ''));
  if (servlet)
    return { name: 'servlet', path: servlet.path, line: servlet.line, excerpt: servlet.text.trim(), how: 'import' };
  return undefined;
}
