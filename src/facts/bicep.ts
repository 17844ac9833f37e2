import path from 'node:path';
import type { RepoIndex } from '../repo/index.js';
import { escapeRegExp } from '../repo/text.js';
import type { PlatformInstances } from './platform.js';

/**
 * Azure Container Apps described in Bicep: a `Microsoft.App/containerApps` resource (or a `Microsoft.App/jobs` one: a
 * container run to completion on a schedule, by hand or on events), declared in the file a deployment runs or in a
 * shared module each application's file calls (`module app '../../modules/containerApp/main.bicep' = { params: { image:
 * '${baseImageUrl}webapi:${imageTag}', scale: scale } }`). Each declaration or call is a target with the image it runs
 * (string parameters, variables and `.bicepparam` values filled in as far as they are written), its probes and its
 * replica bounds.
 */
export interface BicepContainerApp {
  /** The file whose deployment creates the app: the caller of a shared module, or the module itself. */
  path: string;
  line: number;
  /** `module containerApp` (the call) or `resource containerApp` (the declaration). */
  resource: string;
  images: string[];
  /**
   * The name the calling file gives a module call (`module pythonService …`), kept when no image is known (the image
   * a parameter filled in by the pipeline): the app it runs is told by that name.
   */
  appName?: string;
  healthCheck?: { line: number; note: string };
  instances?: PlatformInstances;
  /** A Container Apps job, run to completion each time it is started: its trigger, 'Schedule', 'Manual' or 'Event'. */
  job?: string;
}

const CONTAINER_APP = /^resource\s+(\w+)\s+'Microsoft\.App\/(containerApps|jobs)@[^']*'\s*=\s*\{/m;
const TRIGGER = /\btriggerType\s*:\s*(?:'(\w+)'|(\w+))/g;
/** Folders of examples, tests and vendored modules: what they deploy is not the repository's service. */
const NOT_DEPLOYED = /(?:^|\/)(?:examples?|tests?|fixtures?|testdata)\//;
const PROBE = /\btype\s*:\s*'(?:Liveness|Readiness|Startup)'/i;

export function bicepContainerApps(repo: RepoIndex): BicepContainerApp[] {
  return repo.memo('bicep:container-apps', () => {
    const files = repo.files
      .filter((f) => f.path.endsWith('.bicep') && !f.isTest && !NOT_DEPLOYED.test(f.path))
      .map((f) => f.path);
    const out: BicepContainerApp[] = [];
    for (const file of files) {
      const text = repo.read(file) ?? '';
      const decl = CONTAINER_APP.exec(text);
      if (!decl) continue;
      const body = blockAt(text, decl.index + decl[0].length - 1);
      const probe = PROBE.exec(text);
      const job = decl[2] === 'jobs';
      const healthCheck = probe ? { line: repo.lineAt(file, probe.index), note: 'Container Apps probes' } : undefined;
      const callers = files.flatMap((c) => moduleCalls(repo, c, file));
      if (!callers.length) {
        const image = imageRef(repo, file, propertyOf(body, 'image'));
        out.push({
          path: file,
          line: repo.lineAt(file, decl.index),
          resource: `resource ${decl[1]}`,
          images: image ? [image] : [],
          ...(healthCheck ? { healthCheck } : {}),
          ...optional(replicas(repo, file, text)),
          ...(job ? { job: jobTrigger(repo, file, text) } : {}),
        });
        continue;
      }
      // The module's own replica defaults, read once for the calls that pass no `scale:`.
      let own: { value: PlatformInstances | undefined } | undefined;
      const moduleReplicas = (): PlatformInstances | undefined => (own ??= { value: replicas(repo, file, text) }).value;
      for (const call of callers) {
        const callText = repo.read(call.path) ?? '';
        // The image the call passes, else the one the module writes itself (`image: 'shop/basket.api:latest'` in
        // modules/apps/basket-api.bicep, called with the environment only).
        const given = propertyOf(call.block, 'image');
        const image = given ? imageRef(repo, call.path, given) : imageRef(repo, file, propertyOf(body, 'image'));
        // Replicas the caller passes (`scale: scale`, its own parameter) or the module's defaults, cited in the module.
        const fromModule = /\bscale\s*:/.test(call.block) ? undefined : moduleReplicas();
        const scale = /\bscale\s*:/.test(call.block)
          ? replicas(repo, call.path, callText)
          : fromModule && { ...fromModule, path: file };
        out.push({
          path: call.path,
          line: call.line,
          resource: `module ${call.name}`,
          images: image ? [image] : [],
          ...(image ? {} : { appName: call.name }),
          ...(healthCheck
            ? { healthCheck: { line: call.line, note: `${healthCheck.note} of ${file}:${healthCheck.line}` } }
            : {}),
          ...optional(scale),
          ...(job ? { job: jobTrigger(repo, file, text, call) } : {}),
        });
      }
    }
    return out;
  });
}

/**
 * How a job starts: the trigger its file writes (`triggerType: 'Schedule'`, or a parameter: what the call passes, else
 * its default), or, where the file chooses between triggers by whether a schedule is given (`isScheduled ?
 * scheduledJobProperties : manualJobProperties`), 'Schedule' when the call passes the parameter its `cronExpression` is
 * read from. 'Manual' when nothing says.
 */
function jobTrigger(repo: RepoIndex, file: string, text: string, call?: { path: string; block: string }): string {
  const triggers = new Set<string>();
  for (const m of text.matchAll(TRIGGER)) {
    const given = m[2] && call ? propertyOf(call.block, m[2]) : undefined;
    const value =
      m[1] ??
      (given
        ? resolveString(repo, call!.path, given, 0)
        : definitionOf(repo, file, m[2]!)
            .map((v) => resolveString(repo, file, v, 0))
            .find(Boolean));
    if (value) triggers.add(value);
  }
  const cron = /\bcronExpression\s*:\s*(\w+)/.exec(text)?.[1];
  if (triggers.size === 1) return [...triggers][0]!;
  if (call && cron && triggers.has('Schedule') && new RegExp(`^\\s*${escapeRegExp(cron)}\\s*:`, 'm').test(call.block))
    return 'Schedule';
  return [...triggers].find((t) => t !== 'Schedule') ?? 'Manual';
}

const optional = (instances: PlatformInstances | undefined) => (instances ? { instances } : {});

/** The calls in `file` of the module at `target` (`module app '../modules/containerApp/main.bicep' = { … }`). */
function moduleCalls(
  repo: RepoIndex,
  file: string,
  target: string,
): { path: string; line: number; name: string; block: string }[] {
  const text = repo.read(file) ?? '';
  if (!text.includes(path.posix.basename(target))) return [];
  const out: { path: string; line: number; name: string; block: string }[] = [];
  for (const m of text.matchAll(/^module\s+(\w+)\s+'([^']+\.bicep)'\s*=\s*(?:if\s*\([^)]*\)\s*)?\{/gm)) {
    if (path.posix.normalize(path.posix.join(path.posix.dirname(file), m[2]!)) !== target) continue;
    out.push({
      path: file,
      line: repo.lineAt(file, m.index!),
      name: m[1]!,
      block: blockAt(text, m.index! + m[0].length - 1),
    });
  }
  return out;
}

/** The text of the `{ … }` block opening at `open`, skipping quoted strings (`'${prefix}api'`) and comments. */
function blockAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      for (i++; i < text.length && text[i] !== "'"; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/** The expression a property is given in a block (`image: image`, `image: '${base}api:${tag}'`). */
function propertyOf(block: string, key: string): string | undefined {
  return new RegExp(`^\\s*${escapeRegExp(key)}\\s*:\\s*(.+?)\\s*$`, 'm').exec(block)?.[1];
}

/** The values a `var` or `param` of the file is given: its default, then what the `.bicepparam` files using the file set. */
function definitionOf(repo: RepoIndex, file: string, name: string): string[] {
  const own = new RegExp(`^(?:var|param)\\s+${escapeRegExp(name)}(?:\\s+[\\w.]+)?\\s*=\\s*(.+?)\\s*$`, 'm').exec(
    repo.read(file) ?? '',
  );
  const dir = path.posix.dirname(file);
  const base = path.posix.basename(file);
  const assigned = new RegExp(`^param\\s+${escapeRegExp(name)}\\s*=\\s*(.+?)\\s*$`, 'm');
  const set = repo.files
    .filter((f) => f.path.endsWith('.bicepparam') && path.posix.dirname(f.path) === dir)
    .map((f) => repo.read(f.path) ?? '')
    .filter((t) => new RegExp(`^using\\s+'\\./${escapeRegExp(base)}'`, 'm').test(t))
    .map((t) => assigned.exec(t)?.[1])
    .filter((v): v is string => !!v);
  return own ? [own[1]!, ...set] : set;
}

/**
 * An image reference from a Bicep expression: a string with its `${…}` parts filled in from variables and parameters
 * written in the file, or a name standing for one. A part left unknown ends the reference (`'…:${imageTag}'` drops
 * the tag); undefined when no name is left.
 */
function imageRef(repo: RepoIndex, file: string, expr: string | undefined): string | undefined {
  const text = expr && resolveString(repo, file, expr, 0);
  const ref = text?.replace(/:[^/:]*$/, '');
  return ref && /[a-z0-9]$/i.test(ref) ? ref : undefined;
}

/** A string expression's text as far as its parts are known. */
function resolveString(repo: RepoIndex, file: string, expr: string, depth: number): string | undefined {
  if (depth > 3) return undefined;
  const e = expr.trim();
  if (/^\w+$/.test(e)) {
    for (const v of definitionOf(repo, file, e)) {
      const r = resolveString(repo, file, v, depth + 1);
      if (r) return r;
    }
    return undefined;
  }
  const lit = /^'((?:[^'\\]|\\.)*)'$/.exec(e)?.[1];
  if (lit === undefined) return undefined;
  let out = '';
  for (const part of lit.split(/(\$\{[^}]*\})/)) {
    if (!part.startsWith('${')) {
      out += part;
      continue;
    }
    const ref = /^\$\{\s*(\w+)\s*\}$/.exec(part)?.[1];
    const value = ref ? resolveString(repo, file, ref, depth + 1) : undefined;
    if (value === undefined) break;
    out += value;
  }
  return out;
}

/**
 * The replica bounds a file writes (`minReplicas: 2`, `maxReplicas: maxReplicas` with the parameter's default and the
 * values its `.bicepparam` files set): the largest of each, as environments differ (`prodLike ? { minReplicas: 5 } :
 * { minReplicas: 1 }`).
 */
function replicas(repo: RepoIndex, file: string, text: string): PlatformInstances | undefined {
  let differ = false;
  const bound = (key: string): { value: number; line: number } | undefined => {
    let best: { value: number; line: number } | undefined;
    const seen = new Set<number>();
    for (const m of text.matchAll(new RegExp(`\\b${key}\\s*:\\s*(\\w+)`, 'g'))) {
      const values = /^\d+$/.test(m[1]!) ? [m[1]!] : definitionOf(repo, file, m[1]!);
      for (const v of values.map(Number).filter((n) => Number.isInteger(n))) {
        seen.add(v);
        if (!best || v > best.value) best = { value: v, line: repo.lineAt(file, m.index!) };
      }
    }
    if (seen.size > 1) differ = true;
    return best;
  };
  const min = bound('minReplicas');
  const max = bound('maxReplicas');
  if (!min && !max) return undefined;
  if (max?.value === 1) return { count: 1, line: max.line, note: 'maxReplicas 1' };
  return {
    ...(min ? { count: min.value } : {}),
    autoscale: (max?.value ?? 10) > (min?.value ?? 0),
    line: (min ?? max)!.line,
    note: `between ${min?.value ?? 0} and ${max?.value ?? 10} replicas${differ ? ' (the largest bounds its environments set)' : ''}`,
  };
}

/**
 * An App Service or Function App site described in Bicep, and whether it turns away plain HTTP: `httpsOnly` of a
 * `Microsoft.Web/sites` resource (false when left out, the platform's default), or of a call of the Azure Verified
 * Module `avm/res/web/site` (true when left out, the module's default). A parameter or variable is read from its
 * default and the `.bicepparam` files using the file; a value not written there is unknown.
 */
export interface BicepWebSite {
  path: string;
  line: number;
  /** `resource api` or `module api`. */
  resource: string;
  httpsOnly: 'on' | 'off' | 'unknown';
  /** The line of the `httpsOnly:` property, when written. */
  settingLine?: number;
  /** Where the value comes from: `httpsOnly: true`, the module's default. */
  how: string;
}

const WEB_SITE_RESOURCE = /^resource\s+(\w+)\s+'Microsoft\.Web\/sites@[^']*'\s*=\s*(?:if\s*\([^)\n]*\)\s*)?\{/gm;
const AVM_WEB_SITE =
  /^module\s+(\w+)\s+'br(?::mcr\.microsoft\.com\/bicep|\/public):avm\/res\/web\/site:[^']*'\s*=\s*(?:if\s*\([^)\n]*\)\s*)?\{/gm;
const HTTPS_ONLY = /^[ \t]*httpsOnly[ \t]*:([^\n]+)/m;

export function bicepWebSites(repo: RepoIndex): BicepWebSite[] {
  return repo.memo('bicep:web-sites', () => {
    const out: BicepWebSite[] = [];
    for (const f of repo.files) {
      if (!f.path.endsWith('.bicep') || f.isTest || NOT_DEPLOYED.test(f.path)) continue;
      const text = repo.read(f.path) ?? '';
      if (!text.includes('Microsoft.Web/sites@') && !text.includes('avm/res/web/site:')) continue;
      for (const [re, module] of [
        [WEB_SITE_RESOURCE, false],
        [AVM_WEB_SITE, true],
      ] as const) {
        for (const m of text.matchAll(re)) {
          const open = m.index + m[0].length - 1;
          const block = blockAt(text, open);
          const set = HTTPS_ONLY.exec(block);
          const line = repo.lineAt(f.path, m.index);
          const site = { path: f.path, line, resource: `${module ? 'module' : 'resource'} ${m[1]}` };
          if (!set) {
            out.push({
              ...site,
              httpsOnly: module ? 'on' : 'off',
              how: module
                ? 'httpsOnly left to the avm/res/web/site module’s default, true'
                : 'httpsOnly not set: false by default',
            });
            continue;
          }
          const expr = set[1]!.replace(/\/\/.*/, '').trim();
          const value = booleanOf(repo, f.path, expr);
          out.push({
            ...site,
            httpsOnly: value === true ? 'on' : value === false ? 'off' : 'unknown',
            settingLine: repo.lineAt(f.path, open + set.index + set[0].search(/\S/)),
            how: `httpsOnly: ${expr}${value !== undefined && expr !== String(value) ? ` (${value})` : ''}`,
          });
        }
      }
    }
    return out;
  });
}

/** A boolean written literally, or as a parameter or variable every value of which is that literal. */
function booleanOf(repo: RepoIndex, file: string, expr: string): boolean | undefined {
  const e = expr.trim();
  if (e === 'true' || e === 'false') return e === 'true';
  if (!/^\w+$/.test(e)) return undefined;
  const values = new Set(definitionOf(repo, file, e).map((v) => v.trim()));
  return values.size === 1 && (values.has('true') || values.has('false')) ? values.has('true') : undefined;
}
