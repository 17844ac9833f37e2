import path from 'node:path';
import { lazy } from '../lazy.js';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import type { CodeFacts } from './code.js';

/**
 * .NET projects as MSBuild sees them: every SDK-style project file (*.csproj, *.fsproj, *.vbproj) with its SDK, output
 * kind, package references (versions from Directory.Packages.props under central package management), project
 * references, properties (Directory.Build.props above it applies first), global usings, and the source files it compiles
 * (every file under its folder, nested projects and bin/obj excluded). Liveness, imports, manifests and rules read it.
 */
export type DotnetProjectKind = 'web' | 'worker' | 'exe' | 'test' | 'apphost' | 'client' | 'library';

export interface PackageRef {
  name: string;
  version?: string;
  /** The line of the reference (or of its central PackageVersion when that is where the version is). */
  line: number;
  /** Where the reference is written: the project file or a Directory.Build.props / Directory.Packages.props. */
  file: string;
  /** PrivateAssets="all": an analyzer or build tool, not shipped. */
  privateAssets: boolean;
}

export interface DotnetProject {
  path: string;
  dir: string;
  /** The assembly name (AssemblyName, else the file name). */
  name: string;
  sdk: string;
  kind: DotnetProjectKind;
  packages: PackageRef[];
  /** Referenced project files, resolved to repository paths. */
  projectRefs: string[];
  /** Source files compiled in from outside the project's folder (`<Compile Include="..\Web\Shared.cs" Link=…/>`). */
  linkedSources: string[];
  /** Properties, with Directory.Build.props values underneath the project's own. */
  props: Record<string, string>;
  /** Namespaces every file of the project imports: SDK implicit usings, <Using Include>, `global using`. */
  globalUsings: string[];
  /** An Aspire service-defaults project (IsAspireSharedProject) or one that calls AddServiceDefaults. */
  aspireSharedProject: boolean;
  /** Shared frameworks the project references (`<FrameworkReference Include="Microsoft.AspNetCore.App" />`). */
  frameworkRefs: string[];
  /**
   * A classic ASP.NET web application project (.NET Framework, System.Web: MVC 5, Web API 2, Web Forms, WCF) that IIS
   * hosts: an old-style project file typed as a web application, or one importing Microsoft.WebApplication.targets.
   */
  classicWeb?: boolean;
}

export interface DotnetFacts {
  projects: DotnetProject[];
  /** The project that compiles a source file. */
  projectOf(file: string): DotnetProject | undefined;
  /** Projects an application project compiles in (itself and its project references, transitively). */
  closure(project: DotnetProject): DotnetProject[];
  /** Central package management: Directory.Packages.props with ManagePackageVersionsCentrally, when present. */
  centralPackages?: { path: string; versions: Map<string, { version: string; line: number }> };
  /** Solution files. */
  solutions: string[];
  /** The package references of every project, with their project. */
  references(name: string | RegExp): { project: DotnetProject; ref: PackageRef }[];
}

const IMPLICIT_USINGS: Record<string, string[]> = {
  'Microsoft.NET.Sdk': [
    'System',
    'System.Collections.Generic',
    'System.IO',
    'System.Linq',
    'System.Net.Http',
    'System.Threading',
    'System.Threading.Tasks',
  ],
  'Microsoft.NET.Sdk.Web': [
    'System.Net.Http.Json',
    'Microsoft.AspNetCore.Builder',
    'Microsoft.AspNetCore.Hosting',
    'Microsoft.AspNetCore.Http',
    'Microsoft.AspNetCore.Routing',
    'Microsoft.Extensions.Configuration',
    'Microsoft.Extensions.DependencyInjection',
    'Microsoft.Extensions.Hosting',
    'Microsoft.Extensions.Logging',
  ],
  'Microsoft.NET.Sdk.Worker': [
    'Microsoft.Extensions.Configuration',
    'Microsoft.Extensions.DependencyInjection',
    'Microsoft.Extensions.Hosting',
    'Microsoft.Extensions.Logging',
  ],
};

const TEST_PACKAGES =
  /^(Microsoft\.NET\.Test\.Sdk|xunit(\.v3)?|xunit\.core|NUnit|MSTest\.TestFramework|MSTest|TUnit|Microsoft\.Testing\.Platform)$/i;

const xmlParser = lazy<typeof import('fast-xml-parser')>('fast-xml-parser');
let parserMade: InstanceType<typeof import('fast-xml-parser').XMLParser> | undefined;
/** The project-file parser, made on first use. */
const parser = (): InstanceType<typeof import('fast-xml-parser').XMLParser> =>
  (parserMade ??= new (xmlParser().XMLParser)({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) =>
      [
        'PropertyGroup',
        'ItemGroup',
        'PackageReference',
        'ProjectReference',
        'Compile',
        'PackageVersion',
        'Using',
        'Import',
        'Sdk',
        'GlobalPackageReference',
        'FrameworkReference',
      ].includes(name),
  }));

interface ParsedProject {
  sdk: string;
  props: Record<string, string>;
  /** `conditional`: in an ItemGroup (or a reference) with an MSBuild Condition, which may not apply to a project. */
  packages: { name: string; version?: string; privateAssets: boolean; conditional?: boolean }[];
  projectRefs: string[];
  frameworkRefs: string[];
  compiles: string[];
  usings: { include: string; remove: boolean }[];
  versions: { name: string; version: string }[];
  /** Imports Microsoft.WebApplication.targets (the build of a classic ASP.NET web application). */
  webApplicationTargets: boolean;
  /** Shared projects it compiles in (`<Import Project="..\Shop.Shared\Shop.Shared.projitems" Label="Shared" />`). */
  sharedProjects: string[];
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const t = (v as Record<string, unknown>)['#text'];
    return t === undefined ? undefined : String(t);
  }
  return String(v);
}

function parseProjectXml(xml: string): ParsedProject | undefined {
  let doc: Record<string, any>;
  try {
    doc = parser().parse(xml) as Record<string, any>;
  } catch {
    return undefined;
  }
  const project = doc.Project;
  if (!project || typeof project !== 'object') return undefined;
  const sdk =
    String(project['@Sdk'] ?? '') ||
    String((project.Sdk as Record<string, string>[] | undefined)?.[0]?.['@Name'] ?? '') ||
    String((project.Import as Record<string, string>[] | undefined)?.find((i) => i['@Sdk'])?.['@Sdk'] ?? '');
  const props: Record<string, string> = {};
  for (const g of (project.PropertyGroup as Record<string, unknown>[] | undefined) ?? []) {
    for (const [k, v] of Object.entries(g ?? {})) {
      if (k.startsWith('@')) continue;
      // A property set under a condition (`<IsTestProject Condition="$(MSBuildProjectName.EndsWith('.Test'))">true`)
      // holds only for the projects the condition selects, which is not evaluated here: it sets nothing for all.
      if (v && typeof v === 'object' && (v as Record<string, unknown>)['@Condition'] !== undefined) continue;
      const t = text(v);
      if (t !== undefined) props[k] = t.trim();
    }
  }
  const packages: ParsedProject['packages'] = [];
  const projectRefs: string[] = [];
  const frameworkRefs: string[] = [];
  const compiles: string[] = [];
  const usings: ParsedProject['usings'] = [];
  const versions: ParsedProject['versions'] = [];
  for (const g of (project.ItemGroup as Record<string, any>[] | undefined) ?? []) {
    for (const p of [...(g?.PackageReference ?? []), ...(g?.GlobalPackageReference ?? [])] as Record<string, any>[]) {
      const name = p['@Include'] ?? p['@Update'];
      if (!name || p['@Update']) continue;
      const pa = String(p['@PrivateAssets'] ?? text(p.PrivateAssets) ?? '');
      packages.push({
        name: String(name),
        version: p['@Version'] ?? text(p.Version) ?? p['@VersionOverride'],
        privateAssets: /\ball\b/i.test(pa),
        ...(g?.['@Condition'] || p['@Condition'] ? { conditional: true } : {}),
      });
    }
    for (const r of (g?.ProjectReference ?? []) as Record<string, string>[])
      if (r['@Include']) projectRefs.push(String(r['@Include']));
    for (const r of (g?.FrameworkReference ?? []) as Record<string, string>[])
      if (r['@Include']) frameworkRefs.push(String(r['@Include']));
    for (const c of (g?.Compile ?? []) as Record<string, string>[])
      if (c['@Include'] && !/[*?$]/.test(String(c['@Include']))) compiles.push(String(c['@Include']));
    for (const u of (g?.Using ?? []) as Record<string, string>[]) {
      if (u['@Include'] && !u['@Alias'] && !u['@Static'])
        usings.push({ include: String(u['@Include']), remove: false });
      if (u['@Remove']) usings.push({ include: String(u['@Remove']), remove: true });
    }
    for (const v of (g?.PackageVersion ?? []) as Record<string, string>[])
      if (v['@Include'] && v['@Version'])
        versions.push({ name: String(v['@Include']), version: String(v['@Version']) });
  }
  const imports = ((project.Import as Record<string, string>[] | undefined) ?? []).map((i) =>
    String(i['@Project'] ?? ''),
  );
  const webApplicationTargets = imports.some((i) => /\bMicrosoft\.WebApplication\.targets$/i.test(i));
  const sharedProjects = imports.filter((i) => /\.projitems$/i.test(i));
  return {
    sdk,
    props,
    packages,
    projectRefs,
    frameworkRefs,
    compiles,
    usings,
    versions,
    webApplicationTargets,
    sharedProjects,
  };
}

/** The class IIS starts a classic ASP.NET application with: Global.asax's HttpApplication, or an OWIN Startup. */
export const CLASSIC_ASPNET_START =
  /\bclass\s+\w+\s*:\s*(?:System\.Web\.)?HttpApplication\b|\bOwinStartup(?:Attribute)?\s*\(|\bvoid\s+Configuration\s*\(\s*(?:Owin\.)?IAppBuilder\b/;

/**
 * Project type GUIDs of classic ASP.NET web applications: Web Application Project, and the ASP.NET MVC 2–4 flavours
 * (an MVC 5 project keeps the plain web application GUID).
 */
const CLASSIC_WEB_PROJECT_TYPES =
  /\{(?:349c5851-65df-11da-9384-00065b846f21|F85E285D-A4E0-4152-9332-AB1D724D3325|E53F8FEA-EAE0-44A6-8774-FFD645390401|E3E379DF-F4C6-4180-9B81-6769533ABE47)\}/i;

/** A classic ASP.NET web application project: no SDK, typed as a web application or built by its targets. */
function isClassicWebProject(own: ParsedProject): boolean {
  return !own.sdk && (CLASSIC_WEB_PROJECT_TYPES.test(own.props.ProjectTypeGuids ?? '') || own.webApplicationTargets);
}

/**
 * The packages a classic project restores from the packages.config beside it (`<package id="EntityFramework"
 * version="6.4.4" />`); `developmentDependency="true"` marks a build tool.
 */
function packagesConfig(
  repo: RepoIndex,
  dir: string,
): { name: string; version?: string; dev: boolean; line: number; file: string }[] {
  const file = dir === '.' ? 'packages.config' : `${dir}/packages.config`;
  if (!repo.has(file)) return [];
  const out: { name: string; version?: string; dev: boolean; line: number; file: string }[] = [];
  repo.lines(file).forEach((l, i) => {
    const id = /<package\s[^>]*?\bid\s*=\s*"([^"]+)"/.exec(l)?.[1];
    if (!id) return;
    const version = /\bversion\s*=\s*"([^"]+)"/.exec(l)?.[1];
    out.push({
      name: id,
      ...(version ? { version } : {}),
      dev: /\bdevelopmentDependency\s*=\s*"true"/i.test(l),
      line: i + 1,
      file,
    });
  });
  return out;
}

/**
 * The packages a project restores through Paket: the names listed in the `paket.references` beside its project file
 * (or `<Project>.fsproj.paket.references`), one a line under `group <Name>` headers (`Main` before any), settings after
 * the name and `File:` entries ignored. The version is the one the nearest `paket.lock` above resolved for the group
 * (exact), else what `paket.dependencies` beside it asks (`nuget Saturn 0.16.1`, `nuget Dapper >= 2.0`, or nothing). A
 * `clitool` or a package of a group named Build/Tools/Test is a build tool, not shipped.
 */
function paketReferences(
  repo: RepoIndex,
  projectFile: string,
): { name: string; version?: string; dev: boolean; line: number; file: string }[] {
  const dir = path.posix.dirname(projectFile);
  const prefix = dir === '.' ? '' : `${dir}/`;
  const file = [`${projectFile}.paket.references`, `${prefix}paket.references`].find((f) => repo.has(f));
  if (!file) return [];
  let lockDir: string | undefined;
  for (let d = dir; ; d = path.posix.dirname(d)) {
    if (
      repo.has(d === '.' ? 'paket.lock' : `${d}/paket.lock`) ||
      repo.has(d === '.' ? 'paket.dependencies' : `${d}/paket.dependencies`)
    ) {
      lockDir = d;
      break;
    }
    if (d === '.' || d === '/') break;
  }
  const at = (name: string): string => (lockDir === undefined || lockDir === '.' ? name : `${lockDir}/${name}`);
  // group → lower-cased package → [version, clitool]
  const resolved = new Map<string, Map<string, [string | undefined, boolean]>>();
  const put = (group: string, name: string, version: string | undefined, tool: boolean): void => {
    const g = resolved.get(group) ?? new Map<string, [string | undefined, boolean]>();
    if (!g.has(name.toLowerCase())) g.set(name.toLowerCase(), [version, tool]);
    resolved.set(group, g);
  };
  if (lockDir !== undefined) {
    let group = 'main';
    for (const l of repo.lines(at('paket.lock'))) {
      const header = /^GROUP\s+(\S+)/.exec(l);
      if (header) group = header[1]!.toLowerCase();
      // Direct and transitive packages sit four spaces in (`    Saturn (0.16.1)`); their own dependencies six.
      const pkg = /^ {4}([\w.-]+) \(([^)\s]+)\)(.*)$/.exec(l);
      if (pkg) put(group, pkg[1]!, pkg[2], /\bclitool:\s*true\b/.test(pkg[3]!));
    }
    group = 'main';
    for (const l of repo.lines(at('paket.dependencies'))) {
      const header = /^\s*group\s+(\S+)/i.exec(l);
      if (header) group = header[1]!.toLowerCase();
      const dep = /^\s*(nuget|clitool)\s+([\w.-]+)(?:\s+([^\s/]+(?:\s+[\d][^\s/]*)?))?/.exec(l);
      if (dep && !resolved.get(group)?.has(dep[2]!.toLowerCase()))
        put(group, dep[2]!, dep[3] && /\d/.test(dep[3]) ? dep[3] : undefined, dep[1] === 'clitool');
    }
  }
  const out: { name: string; version?: string; dev: boolean; line: number; file: string }[] = [];
  let group = 'main';
  repo.lines(file).forEach((l, i) => {
    const t = l.trim();
    if (!t || t.startsWith('//') || t.startsWith('#') || /^File\s*:/i.test(t)) return;
    const header = /^group\s+(\S+)/i.exec(t);
    if (header) {
      group = header[1]!.toLowerCase();
      return;
    }
    const name = /^([\w.-]+)/.exec(t)?.[1];
    if (!name) return;
    const [version, tool] = resolved.get(group)?.get(name.toLowerCase()) ?? [undefined, false];
    out.push({
      name,
      ...(version ? { version } : {}),
      dev: tool || /^(?:build|tools?|tests?|docs?)$/.test(group),
      line: i + 1,
      file,
    });
  });
  return out;
}

function lineOf(repo: RepoIndex, file: string, re: RegExp): number {
  const i = repo.lines(file).findIndex((l) => re.test(l));
  return i >= 0 ? i + 1 : 1;
}

/** True for a .NET test project by its name or packages (xunit, NUnit, MSTest, Microsoft.NET.Test.Sdk). */
export function isDotnetTestProject(
  name: string,
  packages: { name: string }[],
  props: Record<string, string>,
): boolean {
  if (/^true$/i.test(props.IsTestProject ?? '')) return true;
  if (/^false$/i.test(props.IsTestProject ?? '')) return false;
  // Test support is named for it too: `X.Testing` helpers, a `X.LoadTesting` driver, a `X.TestServer`, `X.TestClient`
  // or `X.TestHarness` the tests run, a `X.TestSubscriber` listening for the events they raise, the `X.TestCommon`
  // builders they share.
  return (
    packages.some((p) => TEST_PACKAGES.test(p.name)) ||
    /\.(?:\w*Tests?|\w*Testing|Test(?:Server|Host|Client|Kit|Utils|Utilities|Helpers?|Support|Harness|Subscriber|Common)|Specs?)$/i.test(
      name,
    )
  );
}

export function detectDotnet(repo: RepoIndex): DotnetFacts {
  const projectFiles = repo.files.filter((f) => /\.(cs|fs|vb)proj$/.test(f.path) && !f.tooLarge);
  // Directory.Build.props / Directory.Packages.props apply to every project below their folder (nearest first).
  const buildProps = new Map<string, ParsedProject>();
  for (const f of repo.byName(/^Directory\.Build\.props$/)) {
    const p = parseProjectXml(repo.read(f.path) ?? '');
    if (p) buildProps.set(path.posix.dirname(f.path), p);
  }
  let centralPackages: DotnetFacts['centralPackages'];
  let centralProps: Record<string, string> = {};
  const central = repo.byName(/^Directory\.Packages\.props$/).sort((a, b) => a.path.length - b.path.length)[0];
  if (central) {
    const p = parseProjectXml(repo.read(central.path) ?? '');
    if (p && !/^false$/i.test(p.props.ManagePackageVersionsCentrally ?? 'true')) {
      centralProps = p.props;
      const versions = new Map<string, { version: string; line: number }>();
      for (const v of p.versions)
        versions.set(v.name.toLowerCase(), {
          version: v.version,
          line: lineOf(repo, central.path, new RegExp(`Include\\s*=\\s*"${escapeRegExp(v.name)}"`, 'i')),
        });
      centralPackages = { path: central.path, versions };
      // Global package references in Directory.Packages.props apply to every project (analyzers, usually).
      if (p.packages.length) buildProps.set(`${path.posix.dirname(central.path)}#central`, p);
    }
  }
  const propsAbove = (dir: string): { dir: string; parsed: ParsedProject; file: string }[] => {
    const out: { dir: string; parsed: ParsedProject; file: string }[] = [];
    for (let d = dir; ; d = path.posix.dirname(d)) {
      const p = buildProps.get(d);
      if (p) out.push({ dir: d, parsed: p, file: d === '.' ? 'Directory.Build.props' : `${d}/Directory.Build.props` });
      const c = buildProps.get(`${d}#central`);
      if (c && central) out.push({ dir: d, parsed: c, file: central.path });
      if (d === '.' || d === '/') break;
    }
    return out;
  };

  const projects: DotnetProject[] = [];
  for (const f of projectFiles) {
    const xml = repo.read(f.path);
    const own = xml === undefined ? undefined : parseProjectXml(xml);
    if (!own) continue;
    const dir = path.posix.dirname(f.path);
    const inherited = propsAbove(dir);
    const props: Record<string, string> = {};
    for (const p of [...inherited].reverse()) Object.assign(props, p.parsed.props);
    Object.assign(props, own.props);
    const packages: PackageRef[] = [];
    // `$(AspireVersion)`: a property of the project, a Directory.Build.props above it or Directory.Packages.props.
    const resolve = (v: string | undefined): string | undefined =>
      v?.replace(/\$\((\w+)\)/g, (all, name: string) => props[name] ?? centralProps[name] ?? all);
    const addPackage = (p: ParsedProject['packages'][number], file: string): void => {
      if (packages.some((x) => x.name.toLowerCase() === p.name.toLowerCase())) return;
      const centralVersion = centralPackages?.versions.get(p.name.toLowerCase());
      packages.push({
        name: p.name,
        version: resolve(p.version ?? centralVersion?.version),
        line: lineOf(repo, file, new RegExp(`Include\\s*=\\s*"${escapeRegExp(p.name)}"`, 'i')),
        file,
        privateAssets: p.privateAssets || /analyzers?$|\.Build$|^Microsoft\.SourceLink\./i.test(p.name),
      });
    };
    for (const p of own.packages) addPackage(p, f.path);
    for (const h of inherited) for (const p of h.parsed.packages) addPackage(p, h.file);
    for (const p of [...(own.sdk ? [] : packagesConfig(repo, dir)), ...paketReferences(repo, f.path)])
      if (!packages.some((x) => x.name.toLowerCase() === p.name.toLowerCase()))
        packages.push({ name: p.name, version: p.version, line: p.line, file: p.file, privateAssets: p.dev });
    // A Directory.Build.props that adds test packages under a Condition (`<ItemGroup Condition="'$(TestProject)'=='true'">`,
    // the project name ending in .Test) adds them to the test projects only: they do not make every project below a test.
    const conditionalInherited = new Set(
      inherited.flatMap((h) => h.parsed.packages.filter((p) => p.conditional).map((p) => p.name.toLowerCase())),
    );
    const packagesForKind = packages.filter(
      (p) => p.file === f.path || !conditionalInherited.has(p.name.toLowerCase()),
    );
    const sdk = own.sdk || 'Microsoft.NET.Sdk';
    const name = props.AssemblyName || path.posix.basename(f.path).replace(/\.(cs|fs|vb)proj$/, '');
    const exe = /^(Exe|WinExe)$/i.test(props.OutputType ?? '');
    const classicWeb = isClassicWebProject(own);
    const kind: DotnetProjectKind =
      /Aspire\.AppHost\.Sdk/i.test(sdk) ||
      /^true$/i.test(props.IsAspireHost ?? '') ||
      packages.some((p) => /^Aspire\.Hosting\.AppHost$/i.test(p.name))
        ? 'apphost'
        : isDotnetTestProject(name, packagesForKind, props)
          ? 'test'
          : /^true$/i.test(props.UseMaui ?? props.UseWPF ?? props.UseWindowsForms ?? '') ||
              /BlazorWebAssembly/i.test(sdk)
            ? 'client'
            : /Sdk\.Web\b/i.test(sdk) || /Sdk\.Razor\b/i.test(sdk) || classicWeb
              ? 'web'
              : /Sdk\.Worker\b/i.test(sdk)
                ? 'worker'
                : exe
                  ? 'exe'
                  : 'library';
    const implicit = /^(enable|true)$/i.test(props.ImplicitUsings ?? '');
    const usings = new Set<string>();
    if (implicit) {
      for (const u of IMPLICIT_USINGS['Microsoft.NET.Sdk']!) usings.add(u);
      for (const [s, list] of Object.entries(IMPLICIT_USINGS))
        if (sdk.startsWith(s) && s !== 'Microsoft.NET.Sdk') for (const u of list) usings.add(u);
    }
    for (const h of [...inherited].reverse())
      for (const u of h.parsed.usings) u.remove ? usings.delete(u.include) : usings.add(u.include);
    for (const u of own.usings) u.remove ? usings.delete(u.include) : usings.add(u.include);
    projects.push({
      path: f.path,
      dir,
      name,
      sdk,
      kind,
      packages,
      projectRefs: own.projectRefs
        .map((r) => path.posix.normalize(path.posix.join(dir, r.replace(/\\/g, '/'))))
        .filter((r) => repo.has(r)),
      linkedSources: [
        ...own.compiles
          .map((r) => path.posix.normalize(path.posix.join(dir, r.replace(/\\/g, '/'))))
          .filter((r) => repo.has(r) && !(dir === '.' || r.startsWith(`${dir}/`))),
        // A shared project's items compile into each project importing it: the C# files of its folder.
        ...own.sharedProjects.flatMap((i) => {
          const items = path.posix.normalize(path.posix.join(dir, i.replace(/\\/g, '/')));
          const shared = path.posix.dirname(items);
          return repo.has(items)
            ? repo.files.filter((g) => g.language === 'csharp' && g.path.startsWith(`${shared}/`)).map((g) => g.path)
            : [];
        }),
      ],
      props,
      globalUsings: [...usings],
      aspireSharedProject: /^true$/i.test(props.IsAspireSharedProject ?? ''),
      frameworkRefs: [...new Set([...own.frameworkRefs, ...inherited.flatMap((h) => h.parsed.frameworkRefs)])],
      ...(classicWeb ? { classicWeb: true } : {}),
    });
  }
  // Source files: the project whose folder is the nearest above the file, else the first project compiling it in from
  // another folder (a shared project's Program.cs belongs to the web project importing it).
  const byDir = [...projects].sort((a, b) => b.dir.length - a.dir.length);
  const linkedBy = new Map<string, DotnetProject>();
  for (const p of [...projects].sort((a, b) => Number(a.kind === 'test') - Number(b.kind === 'test')))
    for (const f of p.linkedSources) if (!linkedBy.has(f)) linkedBy.set(f, p);
  const projectOf = (file: string): DotnetProject | undefined => {
    if (/(^|\/)(bin|obj)\//.test(file)) return undefined;
    return byDir.find((p) => p.dir === '.' || file.startsWith(`${p.dir}/`)) ?? linkedBy.get(file);
  };
  // `global using X;` in any file of a project applies to all of it.
  for (const f of repo.files) {
    if (f.language !== 'csharp' || f.tooLarge) continue;
    const t = repo.read(f.path) ?? '';
    if (!t.includes('global using')) continue;
    const p = projectOf(f.path);
    if (!p) continue;
    for (const m of t.matchAll(/^\s*global\s+using\s+(?!static\b)([\w.]+)\s*;/gm))
      if (!p.globalUsings.includes(m[1]!)) p.globalUsings.push(m[1]!);
  }
  const byPath = new Map(projects.map((p) => [p.path, p]));
  const closure = (project: DotnetProject): DotnetProject[] => {
    const out: DotnetProject[] = [];
    const seen = new Set<string>();
    const visit = (p: DotnetProject): void => {
      if (seen.has(p.path)) return;
      seen.add(p.path);
      out.push(p);
      for (const r of p.projectRefs) {
        const q = byPath.get(r);
        if (q) visit(q);
      }
    };
    visit(project);
    return out;
  };
  // Aspire service defaults: the shared project AddServiceDefaults is defined in.
  for (const f of repo.files) {
    if (f.language !== 'csharp' || f.tooLarge) continue;
    if (!/\bAddServiceDefaults\s*(?:<[^>]*>)?\s*\(\s*this\b/.test(repo.read(f.path) ?? '')) continue;
    const p = projectOf(f.path);
    if (p) p.aspireSharedProject = true;
  }
  return {
    projects,
    projectOf,
    closure,
    centralPackages,
    solutions: repo.files.filter((f) => /\.slnx?$/.test(f.path)).map((f) => f.path),
    references: (name) =>
      projects.flatMap((project) =>
        project.packages
          .filter((ref) =>
            typeof name === 'string' ? ref.name.toLowerCase() === name.toLowerCase() : name.test(ref.name),
          )
          .map((ref) => ({ project, ref })),
      ),
  };
}

/** A dependency an Aspire AppHost starts as a container (`builder.AddPostgres("db")`, `builder.AddContainer(…)`). */
const ASPIRE_CONTAINER =
  /\bbuilder\s*\.\s*Add(Postgres|SqlServer|MySql|MongoDB|Redis|Valkey|Garnet|RabbitMQ|Kafka|Nats|Elasticsearch|Seq|Keycloak|Container|DockerfileContainer)\s*\(/g;

/** The local stack of an Aspire AppHost: the file adding it, the first container's line, what it adds. */
export interface AspireStack {
  path: string;
  line: number;
  projects: number;
  containers: string[];
}

/**
 * The local stack an Aspire AppHost runs (`dotnet run --project AppHost`): the projects it adds and the containers of
 * their dependencies, with the line of the first container for evidence. Undefined without an AppHost that adds both.
 */
export function aspireStack(
  repo: RepoIndex,
  dotnet: DotnetFacts,
  code: Pick<CodeFacts, 'text'>,
): AspireStack | undefined {
  for (const host of dotnet.projects.filter((p) => p.kind === 'apphost')) {
    for (const f of repo.glob(host.dir === '.' ? '**/*.cs' : `${host.dir}/**/*.cs`)) {
      const text = code.text(f.path) ?? '';
      const projects = text.match(/\bAddProject\s*</g)?.length ?? 0;
      const containers = [...text.matchAll(ASPIRE_CONTAINER)];
      if (!projects || !containers.length) continue;
      return {
        path: f.path,
        line: repo.lineAt(f.path, containers[0]!.index!),
        projects,
        containers: [...new Set(containers.map((c) => c[1]!))],
      };
    }
  }
  return undefined;
}

/** The .NET project model of a repository, computed once (manifests and facts share it). */
export function dotnetModel(repo: RepoIndex): DotnetFacts {
  return repo.memo('facts:dotnet', () => detectDotnet(repo));
}

/**
 * Whether a C# file imports a namespace or one under it: a `using` of its own, or a global using of the project that
 * compiles it (`global using Dapr;` in a GlobalUsings.cs, `<Using Include="Dapr" />`).
 */
export function dotnetFileUses(repo: RepoIndex, file: string, namespace: string): boolean {
  const own = new RegExp(`^\\s*(?:global\\s+)?using\\s+${escapeRegExp(namespace)}(?:\\.[\\w.]+)?\\s*;`, 'm');
  if (own.test(repo.read(file) ?? '')) return true;
  const usings = dotnetModel(repo).projectOf(file)?.globalUsings ?? [];
  return usings.some((u) => u === namespace || u.startsWith(`${namespace}.`));
}

/**
 * The image .NET SDK container publish makes of a project, as its properties name it (`<ContainerRepository>`, or the
 * older `<ContainerImageName>`); none when unset or computed by MSBuild (`$(AssemblyName)`).
 */
export function dotnetContainerImage(p: DotnetProject): string | undefined {
  const image = p.props.ContainerRepository ?? p.props.ContainerImageName;
  return image && !image.includes('$') ? image : undefined;
}

/**
 * The projects an Azure App Service package ships as WebJobs: its project file copies their build output under
 * `app_data/Jobs/Continuous/` or `…/Triggered/` (`<Content Include="..\Jobs\bin\…"><Link>app_data\Jobs\…`).
 */
export function azureWebJobs(
  repo: RepoIndex,
  project: DotnetProject,
  projects: readonly DotnetProject[],
): DotnetProject[] {
  const out: DotnetProject[] = [];
  for (const m of (repo.read(project.path) ?? '').matchAll(
    /<Content\s+Include="([^"]+?)[\\/]bin[\\/][^"]*"[^>]*>\s*<Link>app_data[\\/]Jobs[\\/](?:Continuous|Triggered)[\\/]/gi,
  )) {
    const dir = path.posix.normalize(path.posix.join(project.dir, m[1]!.replace(/\\/g, '/')));
    const job = projects.find((p) => p.dir === dir);
    if (job && !out.includes(job)) out.push(job);
  }
  return out;
}
