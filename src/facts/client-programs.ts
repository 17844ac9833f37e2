import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import { isUnder } from '../repo/view.js';

/**
 * Programs kept in a service's repository that run on users' machines: editor extensions (VS Code, JetBrains, Eclipse,
 * Vim), browser extensions, media-centre and note-app add-ons, desktop apps (Electron, a Tauri shell), mobile apps
 * (React Native, Expo, Capacitor, Flutter, Android), and the client packages and SDKs published beside the service.
 * They are published to a marketplace, a store or a package registry, not deployed, and their logging, HTTP calls and
 * settings say nothing of the service beside them.
 */
export interface ClientProgram {
  /** The folder that holds it. */
  dir: string;
  /** The file that says what it is, and the line that says so. */
  path: string;
  line: number;
  note: string;
  /** The app it is the shell of (a Tauri app's folder, above src-tauri/): part of a component at that folder. */
  shellOf?: string;
}

const MARKER_FILE =
  /^(?:package\.json|manifest\.json|addon\.xml|tauri\.conf\.json5?|pubspec\.yaml|build\.gradle(?:\.kts)?|MANIFEST\.MF|[\w.-]+\.vim|Cargo\.toml|pyproject\.toml|setup\.py|go\.mod|pom\.xml|[\w.-]+\.csproj)$/i;
/** Packages published side by side from a `clients/` folder (editor plugins, language-server agents, SDKs). */
const CLIENTS_FOLDER = /(?:^|\/)clients\/[^/]+$/;
/**
 * Packages published side by side from an `sdk/` or `sdks/` folder (the service's API client in several languages).
 * Maven, Gradle and .NET modules there are left in: they are often modules of the application's own build.
 */
const SDK_FOLDER = /(?:^|\/)sdks?\/[^/]+$/;
const SDK_MANIFEST = /^(?:package\.json|Cargo\.toml|pyproject\.toml|setup\.py|go\.mod)$/;
/**
 * A package in a folder named for its language under `client/` (`client/python`, `client/dotnet/trailbase`): published
 * like those of clients/ when two or more languages sit side by side there (a single `client/` is often the web app).
 */
const CLIENT_LANGUAGE_FOLDER = /(?:^|\/)client\/[^/]+(?:\/[^/]+)?$/;
/** Project manifests: what makes a folder under clients/ a project. */
const PROJECT_MANIFEST =
  /^(?:package\.json|build\.gradle(?:\.kts)?|Cargo\.toml|pyproject\.toml|setup\.py|go\.mod|pom\.xml|[\w.-]+\.csproj)$/i;
/** Manifests of another stack's project, beside which a package.json is tooling of that project. */
const OTHER_STACK_MANIFEST = [
  '*.csproj',
  'go.mod',
  'Cargo.toml',
  'pyproject.toml',
  'pom.xml',
  'build.gradle*',
  'composer.json',
];
/** Frameworks of apps for phones. */
const MOBILE_FRAMEWORKS = ['react-native', 'expo', '@capacitor/core'];
/** Build tools that only make browser extensions. */
const EXTENSION_BUILDERS = ['wxt', 'plasmo', '@crxjs/vite-plugin', 'web-ext', 'vite-plugin-web-extension'];
/** What a WebExtension manifest declares beside its version (a web app manifest has neither). */
const WEB_EXTENSION_KEY = /"(?:content_scripts|background|browser_action|page_action|action|permissions)"\s*:/;
/** Folders a WebExtension manifest sits in below the extension's own folder (its package.json is one up). */
const ASSET_FOLDER = /^(?:public|static|src|assets|app)$/i;

interface PackageJson {
  engines?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
}

export function clientPrograms(repo: RepoIndex): ClientProgram[] {
  const found = new Map<string, ClientProgram>();
  const add = (dir: string, file: string, line: number, note: string) => {
    if (dir === '.' || found.has(dir)) return;
    found.set(dir, { dir, path: file, line: Math.max(line, 1), note });
  };
  const underClients = new Map<string, ClientProgram>();
  const lineOf = (file: string, re: RegExp) => repo.lines(file).findIndex((l) => re.test(l)) + 1;
  /** The line of a JSON key (`"electron": …`). */
  const keyLine = (file: string, key: string) => lineOf(file, new RegExp(`"${escapeRegExp(key)}"\\s*:`));
  for (const f of repo.byName(MARKER_FILE)) {
    const file = f.path;
    const dir = path.posix.dirname(file);
    const base = path.posix.basename(file);
    const publishedAs = CLIENTS_FOLDER.test(dir)
      ? PROJECT_MANIFEST.test(base) && 'a client package published from clients/'
      : CLIENT_LANGUAGE_FOLDER.test(dir)
        ? PROJECT_MANIFEST.test(base) && 'a client package published from client/, one per language'
        : SDK_FOLDER.test(dir) &&
          SDK_MANIFEST.test(base) &&
          `an SDK package published from ${dir.split('/').slice(-2, -1)[0]}/`;
    // A private package there is an app of the repository's own (a web UI its image builds), not a client it publishes.
    if (
      publishedAs &&
      !underClients.has(dir) &&
      (base !== 'package.json' || (repo.json(file) as { private?: unknown } | undefined)?.private !== true)
    )
      underClients.set(dir, { dir, path: file, line: 1, note: publishedAs });
    if (base === 'package.json') {
      const pkg = repo.json(file) as PackageJson | undefined;
      if (!pkg || typeof pkg !== 'object') continue;
      if (pkg.engines && typeof pkg.engines === 'object' && 'vscode' in pkg.engines)
        add(dir, file, keyLine(file, 'vscode'), 'a VS Code extension (engines.vscode)');
      const deps = { ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) };
      // An Electron shell beside another stack's project (a .NET service's desktop wrapper) is not the folder's program.
      if ('electron' in deps && !OTHER_STACK_MANIFEST.some((m) => repo.glob(`${dir}/${m}`).length))
        add(dir, file, keyLine(file, 'electron'), 'a desktop app (Electron)');
      // A runtime dependency: a React Native library only develops against the framework (dev or peer dependency).
      const mobile = MOBILE_FRAMEWORKS.find((b) => b in (pkg.dependencies ?? {}));
      if (mobile) add(dir, file, keyLine(file, mobile), `a mobile app (${mobile})`);
      const builder = EXTENSION_BUILDERS.find((b) => b in deps);
      if (builder) add(dir, file, keyLine(file, builder), `a browser extension (built with ${builder})`);
    } else if (base === 'manifest.json') {
      const text = repo.read(file);
      if (!text || !/"manifest_version"\s*:/.test(text)) {
        // An Obsidian plugin's manifest names the app version it needs.
        if (text && /"minAppVersion"\s*:/.test(text) && /"id"\s*:/.test(text))
          add(dir, file, lineOf(file, /"minAppVersion"/), 'an Obsidian plugin (manifest.json minAppVersion)');
        continue;
      }
      if (!WEB_EXTENSION_KEY.test(text)) continue;
      const home = ASSET_FOLDER.test(path.posix.basename(dir)) && repo.has(`${path.posix.dirname(dir)}/package.json`);
      add(
        home ? path.posix.dirname(dir) : dir,
        file,
        lineOf(file, /"manifest_version"/),
        'a browser extension (manifest.json manifest_version)',
      );
    } else if (base === 'pubspec.yaml') {
      const line = lineOf(file, /^\s+sdk:\s*flutter\b/);
      if (line) add(dir, file, line, 'a mobile app (Flutter)');
    } else if (/^tauri\.conf\.json5?$/.test(base)) {
      if (path.posix.basename(dir) === 'src-tauri') {
        add(dir, file, 1, 'a desktop app shell (Tauri)');
        found.get(dir)!.shellOf = path.posix.dirname(dir);
      }
    } else if (base === 'addon.xml') {
      const line = lineOf(file, /point\s*=\s*["']xbmc\./);
      if (line) add(dir, file, line, 'a Kodi add-on (addon.xml)');
    } else if (/^build\.gradle/.test(base)) {
      const line = lineOf(file, /org\.jetbrains\.intellij/);
      if (line) add(dir, file, line, 'a JetBrains IDE plugin (org.jetbrains.intellij)');
      const android = lineOf(file, /com\.android\.application/);
      if (android) add(dir, file, android, 'an Android app (com.android.application)');
    } else if (base === 'MANIFEST.MF') {
      if (path.posix.basename(dir) !== 'META-INF') continue;
      const line = lineOf(file, /\borg\.eclipse\.(?:ui|jface|lsp4e)\b/);
      if (line) add(path.posix.dirname(dir), file, line, 'an Eclipse plug-in (requires org.eclipse.ui)');
    } else if (/\.vim$/i.test(base) && /^(?:plugin|autoload|ftplugin)$/.test(path.posix.basename(dir))) {
      add(path.posix.dirname(dir), file, 1, 'a Vim plugin');
    }
  }
  // The stacks of the packages under each client/ folder (by manifest): one stack alone is no set of published clients.
  const clientFolder = (dir: string) => /^(?:.*\/)?client\//.exec(dir)![0];
  const stacks = new Map<string, Set<string>>();
  for (const [dir, c] of underClients) {
    if (!CLIENT_LANGUAGE_FOLDER.test(dir)) continue;
    const stack = path.posix
      .basename(c.path)
      .replace(/^[\w.-]+\.csproj$/i, 'dotnet')
      .replace(/^(?:build\.gradle(?:\.kts)?|pom\.xml)$/i, 'jvm')
      .replace(/^setup\.py$/, 'pyproject.toml');
    stacks.set(clientFolder(dir), (stacks.get(clientFolder(dir)) ?? new Set()).add(stack));
  }
  // What a project under clients/ is, when nothing more precise says so.
  for (const [dir, c] of underClients)
    if (!found.has(dir) && (!CLIENT_LANGUAGE_FOLDER.test(dir) || stacks.get(clientFolder(dir))!.size >= 2))
      found.set(dir, c);
  // The outermost folder of nested finds (a VS Code extension whose webview has its own package) stands for them.
  const dirs = [...found.keys()];
  return [...found.values()]
    .filter((c) => !dirs.some((d) => d !== c.dir && isUnder(c.dir, d)))
    .sort((a, b) => a.dir.localeCompare(b.dir));
}
