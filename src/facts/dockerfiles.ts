import path from 'node:path';
import { lazy } from '../lazy.js';
import { isTestPath, TEST_RUNNER } from '../repo/classify.js';
import type { RepoIndex } from '../repo/index.js';
import { defaultIgnored } from '../repo/default-ignores.js';
import { gitignoredMatcher } from '../repo/gitignored.js';
import { escapeRegExp } from '../repo/text.js';
import { ACTIONS_WORKFLOW, ACTIONS_WORKFLOW_GLOBS, CommandResolver, detectCi } from './ci.js';
import { deployerRecipe } from './deployer.js';
import { type ComposeService, detectCompose, isComposePath } from './compose.js';
import { isServerBaseImage } from './infra-images.js';

const dockerfileAst = lazy<typeof import('dockerfile-ast')>('dockerfile-ast');

export interface DockerInstruction {
  keyword: string;
  /**
   * Arguments with continuations joined and comment lines inside continuations dropped.
   * For heredoc instructions (`RUN <<EOF`, `COPY <<EOF /dst`) only the instruction line; the body is in `heredoc`.
   */
  args: string;
  /** 1-based first and last line (continuations and heredocs span several). */
  line: number;
  endLine: number;
  /** Body of the here-documents of this instruction, when it has any. */
  heredoc?: string;
  /** Flags such as `--from=build`, `--chown=app`, `--interval=30s` (not part of args). */
  flags: string[];
}

export interface DockerImageRef {
  raw: string;
  image: string;
  tag?: string;
  digest?: string;
  /** The name of an earlier stage this FROM builds on, when it does. */
  stageRef?: string;
  /** True when the reference contains unresolved ${ARG} expansions. */
  parameterised: boolean;
}

export interface DockerStage {
  name?: string;
  index: number;
  from: DockerImageRef;
  line: number;
  instructions: DockerInstruction[];
}

export interface ParsedDockerfile {
  path: string;
  /** Dockerfile.dev, devcontainers: not the production image. */
  devOnly: boolean;
  stages: DockerStage[];
  /** Global ARGs before the first FROM, with defaults. */
  args: Record<string, string | undefined>;
  instructions: DockerInstruction[];
  finalStage?: DockerStage;
  /** A CI step that builds and pushes this Dockerfile though its name says development (`file:line`). */
  releasedBy?: { path: string; line: number };
  /** Parser directives (`# syntax=`, `# escape=`) from the top of the file, lower-cased names. */
  directives: Record<string, string>;
  /** A template a release tool renders (`Dockerfile.tpl`) and builds in a context it stages itself. */
  rendered?: boolean;
  /**
   * A build plugin assembles the context (the fabric8 docker-maven-plugin: the module's docker folder plus the artifact
   * under maven/), so the context holds only what the plugin puts there.
   */
  assembledBy?: string;
}

/** An image built without a Dockerfile (buildpacks, Jib, ko, Nixpacks). */
export interface ImageBuilder {
  builder: string;
  path: string;
  line: number;
}

export interface DockerfileFacts {
  all: ParsedDockerfile[];
  /** Dockerfiles that build a production image (dev-only ones excluded). */
  production: ParsedDockerfile[];
  /** Base images the repository builds for its production images (set aside from production: part of their build). */
  bases: ParsedDockerfile[];
  /** The first image builder found that needs no Dockerfile, if any. */
  builder?: ImageBuilder;
  /**
   * Production Dockerfiles with a name of their own (`Dockerfile.scratch.oc9`) that no file of the repository mentions
   * (no CI step, compose file, script or document builds them), beside another production Dockerfile: leftovers.
   */
  readonly unreferenced: string[];
}

// `Dockerfile-alpine`, `Dockerfile-distroless-static` (Ory's .docker/): a variant after a hyphen names an image too.
const DOCKERFILE_NAME = /^([Dd]ockerfile|Containerfile)([.-][\w.-]+)?$|\.(Dockerfile|dockerfile|Containerfile)$/;
/** Name suffixes of a development image (`Dockerfile.dev`, `Dockerfile.localdev`, `local.Dockerfile`; `tilt.dockerfile` for Tilt's local loop). */
const DEVELOPMENT_SUFFIX = 'dev|develop|development|local|localdev|tilt';
/**
 * Development folders of the Docker files (`docker/dev/`, a top-level `dev/`, a `hack/` folder of developer scripts and
 * their images), which may still hold the release build.
 */
const DEVELOPMENT_FOLDERS = String.raw`(^|\/)(?:\.?docker|build)\/(?:_?local|dev|devel|develop|development|debug|kind)\/|(^|\/)(?:dev|development|dev[-_]?tools|hack)\/`;
/**
 * Folders whose Dockerfiles are never the service's image: examples, docs, tests and browser-test tooling, GitHub
 * Actions and the other CI folders (`.ci/`, where a plugin template keeps the test rig CI renders and builds),
 * devcontainers, Gitpod and DDEV (`.ddev/web-build/Dockerfile`: extra layers of DDEV's local web container), and development folders of the Docker files (`docker/dev/`, `build/_local/` for a local
 * Skaffold/Tilt loop, `build/kind/` for a kind test cluster).
 */
const NOT_SERVICE_FOLDERS = String.raw`(^|\/)(?:examples?|samples?|demos?|docs?|documentation|tests?|test-?suites?|testing|integration-?tests?|e2e|playwright|cypress|\.github|\.circleci|\.buildkite|\.gitlab|\.ci|\.devcontainer|\.gitpod|\.ddev)\/|${DEVELOPMENT_FOLDERS}`;
/**
 * Images that are not the production image: development and test variants (named for a test runner too),
 * devcontainers and Gitpod workspace images (`.gitpod.Dockerfile`: the cloud IDE's environment), images kept in a
 * development folder of the Docker files (`docker/local/8.3/Dockerfile`, Laravel Sail's layout; `docker/dev/`,
 * `dev/docker/`, a top-level `dev/` folder),
 * Laravel Sail's runtime image wherever it is published (it adds the `sail` user from WWWGROUP), Dockerfiles that live
 * with examples, docs, tests (playwright/, cypress/ too) or GitHub Actions, and example or template Dockerfiles (`Dockerfile.example`,
 * `sample.Dockerfile`; `Dockerfile.j2`, the Jinja source the real Dockerfiles are rendered from), copies kept aside
 * (`Dockerfile.old`, `.bak`, `.backup`, `.orig`, `.original` — Visual Studio's copy when it rewrites one —, also after a variant name) and code generators' toolchains (`Dockerfile.gen`): a starting point for users, a
 * generator's input or environment, or a former version, never the service's image.
 */
const DEV_ONLY = new RegExp(
  [
    // A copy kept aside may name the variant it copies first (`Dockerfile.cloudron.backup`, `Dockerfile.prod.old`).
    String.raw`(^|\/)(Dockerfile|Containerfile)[.-](example|sample|template|tmpl|tpl|dist|j2|jinja2?)$`,
    String.raw`(^|\/)(Dockerfile|Containerfile)[.-](?:[\w-]+\.)?(old|bak|backup|orig|original|previous)$`,
    // A code generator's pinned toolchain (`Dockerfile.gen`: the image `make generate` runs protoc or bpf2go in).
    String.raw`(^|\/)(Dockerfile|Containerfile)[.-](gen|codegen|protoc|protogen)$`,
    String.raw`(^|[./])(example|sample|template)\.(Dockerfile|dockerfile|Containerfile)$`,
    // The suffix may follow the part the image builds (`Dockerfile.go.dev`, the Go server's debugger image).
    String.raw`(^|\/)(Dockerfile|Containerfile)[.-](?:[\w-]+\.)?(${DEVELOPMENT_SUFFIX}|debug|test|tests|${TEST_RUNNER}|ci|e2e)(?:[-_.][\w.-]+)?$`,
    String.raw`(^|[./])(${DEVELOPMENT_SUFFIX}|debug|test|${TEST_RUNNER}|e2e|gitpod)\.(Dockerfile|dockerfile|Containerfile)$`,
    String.raw`(^|\/)(e2e|tests?|load-?tests?)-[\w.-]+\.(Dockerfile|dockerfile|Containerfile)$`,
    NOT_SERVICE_FOLDERS,
  ].join('|'),
  'i',
);

/**
 * A start command that runs a test suite (`make test`, `pytest`, `go test`, `npm test`, `ruby test/runner.rb`): the
 * image is a test environment, not the service.
 */
const RUNS_TESTS =
  /(?:^|[\s"'[,;&|(])(?:(?:make|just|task)\s+(?:[\w-]+-)?tests?\b|(?:py\.test|pytest|tox|nox|rspec|phpunit|jest|vitest|mocha|ctest)\b|(?:playwright\s+test|cypress\s+run|newman\s+run|k6\s+run)\b|go\s+test\b|cargo\s+(?:test|nextest)\b|mix\s+test\b|dotnet\s+test\b|(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?test\b|(?:mvn|\.\/mvnw|gradle|\.\/gradlew)\s+(?:[\w:-]+\s+)*(?:test|verify|check)\b|(?:ruby|python3?|node|bash|sh)\s+[\w./-]*\btests?\/[\w./-]+)/;

/** A start command that compiles the project (`cargo build`, `cargo zigbuild`, `go build`). */
const COMPILES = /^(?:cargo\s+(?:build|zigbuild)|go\s+build)\b/;

const PACKAGE_BUILD_TOOLS =
  /\b(?:rpm-build|rpmdevtools|devscripts|debhelper|dh-make|dpkg-buildpackage|rpmbuild|debuild)\b/;

/** Source files named after Dockerfiles (`dockerfile.ex`, `dockerfile.go`): code that writes or parses one, not one. */
const CODE_NAMED_DOCKERFILE =
  /^[Dd]ockerfile(?:[._-][\w-](?:[\w-]|\.(?=[\w-]))*)?\.(?:exs?|go|py|rb|[cm]?[jt]sx?|rs|java|kts?|php|cs|swift|md|snap)$/;

export function isDockerfilePath(p: string): boolean {
  const base = path.posix.basename(p);
  return DOCKERFILE_NAME.test(base) && !CODE_NAMED_DOCKERFILE.test(base);
}

/**
 * The Dockerfile a build of `context` reads when it names none: `Dockerfile`, or `dockerfile` when only the lowercase
 * name exists (Docker and BuildKit fall back to it).
 */
export function defaultDockerfileOf(repo: RepoIndex, context: string): string {
  const at = (name: string) => (context === '.' || context === '' ? name : `${context}/${name}`);
  return !repo.has(at('Dockerfile')) && repo.has(at('dockerfile')) ? at('dockerfile') : at('Dockerfile');
}

export function parseDockerfile(p: string, text: string): ParsedDockerfile {
  return placed(p, parseDockerfileText(text));
}

/** A command that only waits: `sleep infinity`, `sleep 60s`, `tail -f /dev/null` (shell or exec form). */
const WAITS =
  /^\s*(?:\[\s*)?["']?(?:sleep["']?\s*,?\s*["']?(?:infinity|inf|\d+[smhd]?)|tail["']?\s*,?\s*["']?-f["']?\s*,?\s*["']?\/dev\/null)["']?\s*\]?\s*$/;

/** Compilers' images: built on one with nothing of the project copied in, an image is a build environment. */
const TOOLCHAIN_BASE = /(?:^|\/)(?:rust|golang|buildpack-deps|maven|gradle)$/;

/** A start command of development processes: Rails' `bin/dev`, a Procfile.dev run by foreman or overmind. */
const DEV_SERVER_START = /\bProcfile\.dev\b|(?:^|[\s"'[,])(?:\.\/)?bin\/dev(?=$|[\s"',\]])/;

/** What a Dockerfile's text says, wherever it sits: the parse shared by every component's view of the file. */
type DockerfileText = Omit<ParsedDockerfile, 'path' | 'devOnly'> & { devByText: boolean };

/**
 * The parse named by its path in one view: a development image by its name, or by what the text says. An image kept
 * in a folder the index holds for tests (an `api_tests/` suite driving the built service) is the suite's.
 */
function placed(p: string, t: DockerfileText): ParsedDockerfile {
  const { devByText, ...rest } = t;
  return { path: p, devOnly: DEV_ONLY.test(p) || isTestPath(p) || devByText, ...rest };
}

/** The stage's command runs tests; exec form too: `CMD ["cargo", "test", "--features", "x"]` runs `cargo test`. */
function runsTests(stage: DockerStage | undefined): boolean {
  return ['CMD', 'ENTRYPOINT'].some((k) => {
    const i = stage?.instructions.findLast((x) => x.keyword === k);
    return !!i && (RUNS_TESTS.test(i.args) || RUNS_TESTS.test(words(i.args).join(' ')));
  });
}

/** An image as the runner patterns spell it: Microsoft's registry path (`mcr.microsoft.com/playwright`) as `microsoft/`. */
const runnerImage = (image: string): string => image.replace(/^mcr\.microsoft\.com\//, 'microsoft/');

/**
 * An image whose final stage starts from a browser-test runner (Cypress, Playwright, Selenium), an API-contract or
 * load-test runner (Dredd, Newman, k6, Locust, JMeter) runs tests, not the app.
 */
function onTestRunnerImage(image: string): boolean {
  return /^(?:[\w.-]+\/)?(?:cypress\/\w+|microsoft\/playwright\w*|playwright\/\w+|selenium\/[\w-]+|browserless\/\w+|apiaryio\/dredd|postman\/newman\w*|grafana\/k6|loadimpact\/k6|locustio\/locust|justb4\/jmeter)$/i.test(
    runnerImage(image),
  );
}

/** Runner images that carry a browser a server may also run on (Playwright, browserless). */
const BROWSER_RUNNER = /^(?:[\w.-]+\/)?(?:microsoft\/playwright\w*|playwright\/\w+|browserless\/\w+)$/i;

function parseDockerfileText(text: string): DockerfileText {
  const df = dockerfileAst().DockerfileParser.parse(text);
  const rawLines = text.split(/\r?\n/);
  const directives: Record<string, string> = {};
  for (const d of df.getDirectives()) directives[d.getName().toLowerCase()] = d.getValue();
  const escapeChar = directives.escape === '`' ? '`' : '\\';
  const instructions: DockerInstruction[] = df.getInstructions().map((i) => {
    const line = i.getRange().start.line + 1;
    const endLine = i.getRange().end.line + 1;
    const content = i.getArgumentsContent() ?? '';
    const keyword = i.getKeyword().toUpperCase();
    const rawFlags = (i as unknown as { getFlags?: () => { toString(): string }[] }).getFlags?.() ?? [];
    const flags = rawFlags.map((f) => f.toString());
    const ins: DockerInstruction = { keyword, args: content, line, endLine, flags };
    if (/<<-?\s*["']?\w+/.test(content.split('\n')[0] ?? '')) {
      const nl = content.indexOf('\n');
      ins.args = (nl >= 0 ? content.slice(0, nl) : content).trim();
      ins.heredoc = nl >= 0 ? content.slice(nl + 1) : '';
    } else if (endLine > line) {
      ins.args = joinContinuation(rawLines.slice(line - 1, endLine), escapeChar);
      if (keyword !== 'FROM')
        for (let n = 0; n < flags.length; n++) ins.args = ins.args.replace(/^--[\w-]+(=("[^"]*"|\S*))?\s*/, '');
    }
    return ins;
  });
  const args: Record<string, string | undefined> = {};
  const stages: DockerStage[] = [];
  let current: DockerStage | undefined;
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const m = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(ins.args.trim());
      const raw = m?.[1] ?? ins.args.trim();
      const ref = parseImageRef(raw, args, stages);
      current = { name: m?.[2]?.toLowerCase(), index: stages.length, from: ref, line: ins.line, instructions: [] };
      stages.push(current);
      continue;
    }
    if (!current) {
      if (ins.keyword === 'ARG') {
        const [k, v] = ins.args.trim().split('=', 2);
        if (k) args[k] = v?.replace(/^["']|["']$/g, '');
      }
      continue;
    }
    current.instructions.push(ins);
  }
  const finalImage = stages[stages.length - 1]?.from.image ?? '';
  // A server that needs a browser at run time (screenshots, page rendering) starts from the Playwright image too: one
  // that exposes a port or declares a health check serves, it does not run tests (one CI pushes: detectDockerfiles).
  const serves = stages[stages.length - 1]?.instructions.some(
    (i) => i.keyword === 'EXPOSE' || i.keyword === 'HEALTHCHECK',
  );
  const testRunner = onTestRunnerImage(finalImage) && !(serves && BROWSER_RUNNER.test(runnerImage(finalImage)));
  // A cloud IDE's or devcontainer's workspace image (`FROM gitpod/workspace-full`, `mcr.microsoft.com/devcontainers/java`)
  // is the developers' environment, whatever the file is called.
  const workspaceImage =
    /^(?:gitpod\/workspace-[\w.-]+|mcr\.microsoft\.com\/(?:vscode\/)?devcontainers\/[\w.-]+)(?::|@|$)/i.test(
      finalImage,
    );
  // Laravel Sail's runtime image (published to docker/8.x/ by `sail:publish`): the workstation container that creates
  // the `sail` user from the host's WWWGROUP and serves the mounted source with `artisan serve`; Sail is for
  // development only.
  const sail = /\buseradd\b[^\n]*\bsail\b/.test(text) && /\bWWWGROUP\b/.test(text);
  // A package builder: its final stage installs the tools that build .deb/.rpm packages (or runs them); the image
  // produces release packages and is never the running service (miniflux's packaging/debian and packaging/rpm).
  const last = stages[stages.length - 1];
  const packageBuilder =
    !!last &&
    last.instructions.some(
      (i) =>
        (i.keyword === 'RUN' || i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && PACKAGE_BUILD_TOOLS.test(i.args),
    );
  const cmd = last?.instructions.findLast((i) => i.keyword === 'CMD');
  const entrypoint = last?.instructions.findLast((i) => i.keyword === 'ENTRYPOINT');
  const testImage = runsTests(last);
  // An image whose only command waits (`CMD ["sleep", "60s"]`, `sleep infinity`, `tail -f /dev/null`) with no
  // ENTRYPOINT runs nothing: CI starts it to copy files out of it (a prebuilt native module) or a developer execs
  // into it.
  // An ENTRYPOINT that is itself the wait (`ENTRYPOINT sleep infinity`) runs nothing either, whatever CMD says.
  const idle = (!!cmd && !entrypoint && WAITS.test(cmd.args)) || (!!entrypoint && WAITS.test(entrypoint.args));
  // A toolchain image: on a compiler's image (rust, golang, maven …) with no CMD or ENTRYPOINT, and nothing of the
  // project copied or added in any stage: the image a Makefile runs with the checkout mounted to build the binaries
  // (`docker run -v $(pwd):/opt builder cargo build`). With none of the project's code in it, it never runs the service.
  const toolchain =
    !!last &&
    !instructions.some(
      (i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT' || i.keyword === 'COPY' || i.keyword === 'ADD',
    ) &&
    !last.from.stageRef &&
    TOOLCHAIN_BASE.test(last.from.image.toLowerCase());
  // An image that starts the development processes (Rails' `bin/dev`, `foreman start -f Procfile.dev`): the
  // developers' container, whatever the file is called.
  const devServer = [cmd, entrypoint].some((i) => !!i && DEV_SERVER_START.test(i.args));
  // A build environment: its entry point compiles the project (`ENTRYPOINT ["cargo", "build", "--release",
  // "--target=x86_64-unknown-linux-gnu"]`, run with the source mounted to cross-compile): it makes binaries and never
  // runs the service.
  const start = entrypoint ?? cmd;
  const buildEnv = !!start && COMPILES.test(words(start.args).join(' '));
  // A workstation for Phoenix development: its final stage installs the project generator (`mix archive.install hex
  // phx_new`), which only creates new projects; a release image never needs it. A final stage built for production
  // (`ENV MIX_ENV=prod`, `mix release`, a start by `mix phx.server` with MIX_ENV=prod) installs it by habit and still
  // ships the service.
  const phoenixGenerator =
    !!last?.instructions.some(
      (i) => i.keyword === 'RUN' && /\bmix\s+archive\.install\s+(?:hex\s+)?phx_new\b/.test(i.args),
    ) &&
    !last.instructions.some(
      (i) =>
        ((i.keyword === 'ENV' || i.keyword === 'ARG') && /\bMIX_ENV\s*[= ]\s*["']?prod\b/.test(i.args)) ||
        (i.keyword === 'RUN' && /\bmix\s+release\b/.test(i.args)) ||
        ((i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT' || i.keyword === 'RUN') &&
          /\bMIX_ENV=prod\b[^\n]*\bmix\b/.test(i.args)),
    );
  return {
    devByText:
      testRunner ||
      sail ||
      packageBuilder ||
      workspaceImage ||
      testImage ||
      idle ||
      devServer ||
      buildEnv ||
      toolchain ||
      phoenixGenerator,
    stages,
    args,
    instructions,
    finalStage: stages[stages.length - 1],
    directives,
  };
}

/** Joins an instruction's physical lines: drops the keyword, escape characters at line ends and comment lines. */
function joinContinuation(lines: string[], escapeChar: string): string {
  const parts: string[] = [];
  lines.forEach((l, i) => {
    let s = l.replace(/\r$/, '');
    if (i > 0 && /^\s*#/.test(s)) return;
    if (i > 0 && s.trim() === '') return;
    if (i === 0) s = s.replace(/^\s*\w+\s*/, '');
    s = s.trimEnd();
    if (s.endsWith(escapeChar)) s = s.slice(0, -1);
    parts.push(s.trim());
  });
  return parts.filter(Boolean).join(' ');
}

function parseImageRef(raw: string, args: Record<string, string | undefined>, stages: DockerStage[]): DockerImageRef {
  // A default (`${VERSION:-3.12}`) only exists inside braces: `$RUBY_VERSION-slim` is the variable, then `-slim`.
  const expanded = raw.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g,
    (whole, braced: string | undefined, def: string | undefined, bare: string | undefined) =>
      args[(braced ?? bare)!] ?? def ?? whole,
  );
  const parameterised = /\$/.test(expanded);
  const stageRef = stages.find((s) => s.name && s.name === expanded.toLowerCase())?.name;
  const [nameTag, digest] = expanded.split('@', 2);
  const slash = nameTag!.lastIndexOf('/');
  const colon = nameTag!.lastIndexOf(':');
  const hasTag = colon > slash;
  return {
    raw,
    image: hasTag ? nameTag!.slice(0, colon) : nameTag!,
    tag: hasTag ? nameTag!.slice(colon + 1) : undefined,
    digest,
    stageRef,
    parameterised,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Derived questions about one parsed Dockerfile, shared by the container.* rules.

/** The stage chain of a stage: itself, then the earlier stages it builds FROM, nearest first. */
export function stageChain(df: ParsedDockerfile, stage: DockerStage): DockerStage[] {
  const chain: DockerStage[] = [stage];
  let cur = stage;
  while (cur.from.stageRef) {
    const parent = df.stages.find((s) => s.name === cur.from.stageRef && s.index < cur.index);
    if (!parent || chain.includes(parent)) break;
    chain.push(parent);
    cur = parent;
  }
  return chain;
}

const DEBUG_STAGE = /^(?:debug|dev|develop|development|local|tests?|testing|ci)$|[-_](?:tests?|testing)$/i;
const RELEASE_STAGE = /^(?:release|prod|production|runtime|final)$/i;

/**
 * A Dockerfile whose last stage is a debug, development or test variant (`FROM $debug_image AS debug`, running dlv;
 * `FROM production AS concourse_tests`, adding the test tools) after a release stage that only such variants build on:
 * the release image is built with `--target release`, so it is the image judged.
 */
function releaseStageOf(df: ParsedDockerfile): ParsedDockerfile {
  if (!DEBUG_STAGE.test(df.finalStage?.name ?? '')) return df;
  const release = df.stages.find(
    (st) =>
      st.name &&
      RELEASE_STAGE.test(st.name) &&
      !df.stages.some((o) => o.from.stageRef === st.name && !DEBUG_STAGE.test(o.name ?? '')),
  );
  return release?.name ? builtToStage(df, release.name) : df;
}

/** The Dockerfile as `docker build --target <name>` builds it: the stages up to that one, which is the image's last. */
export function builtToStage(df: ParsedDockerfile, name: string): ParsedDockerfile {
  const target = df.stages.find((st) => st.name?.toLowerCase() === name.toLowerCase());
  if (!target || target === df.finalStage) return df;
  const stages = df.stages.filter((st) => st.index <= target.index);
  return { ...df, stages, instructions: stages.flatMap((st) => st.instructions), finalStage: target };
}

/** The last instruction with this keyword that applies to a stage, following FROM <earlier stage> inheritance. */
export function effectiveInstruction(
  df: ParsedDockerfile,
  keyword: string,
  stage = df.finalStage,
): { ins: DockerInstruction; stage: DockerStage } | undefined {
  if (!stage) return undefined;
  for (const s of stageChain(df, stage)) {
    const list = s.instructions.filter((i) => i.keyword === keyword);
    const last = list[list.length - 1];
    if (last) return { ins: last, stage: s };
  }
  return undefined;
}

/** Expands $VAR/${VAR} with ARG/ENV defaults declared before the given line in the stage chain and globally. */
export function expandVars(df: ParsedDockerfile, value: string, stage = df.finalStage, beforeLine = Infinity): string {
  const vars: Record<string, string | undefined> = { ...df.args };
  if (stage) {
    for (const s of stageChain(df, stage).reverse()) {
      for (const i of s.instructions) {
        if (i.line >= beforeLine) break;
        if (i.keyword === 'ARG' || i.keyword === 'ENV') {
          for (const m of i.args.matchAll(/(\w+)(?:=("[^"]*"|'[^']*'|\S*))?/g)) {
            const v = m[2]?.replace(/^["']|["']$/g, '');
            if (v !== undefined || !(m[1]! in vars)) vars[m[1]!] = v ?? vars[m[1]!];
          }
          if (i.keyword === 'ENV' && !i.args.includes('=')) {
            const [k, ...rest] = i.args.trim().split(/\s+/);
            if (k) vars[k] = rest.join(' ');
          }
        }
      }
    }
  }
  return value.replace(
    /\$\{?(\w+)(?::?-([^}]*))?\}?/g,
    (whole, name: string, def?: string) => vars[name] ?? def ?? whole,
  );
}

export type UserVerdict =
  | { kind: 'none' }
  | { kind: 'root' | 'non-root' | 'unknown'; user: string; line: number; inheritedFrom?: string };

/** The official Node.js image, whose entrypoint runs `node` with the arguments when the first is a flag. */
const NODE_OFFICIAL_IMAGE = /^(?:(?:docker\.io|mirror\.gcr\.io|public\.ecr\.aws\/docker)\/)?(?:library\/)?node$/;

/** argv of an image's start: exec-form ENTRYPOINT + CMD, or the shell form wrapped in /bin/sh -c. */
export function imageStartCommand(
  df: ParsedDockerfile,
  stageName: string | undefined,
): { argv: string[]; line: number; text: string; entrypointOnly: string[]; cmd: string[] } | undefined {
  const stage = stageName
    ? df.stages.find((s) => s.name === stageName || String(s.index) === stageName)
    : df.finalStage;
  if (!stage) return undefined;
  const ep = effectiveInstruction(df, 'ENTRYPOINT', stage);
  const cmd = effectiveInstruction(df, 'CMD', stage);
  const form = (args: string): string[] => {
    const t = args.trim();
    if (t.startsWith('[')) return words(t);
    return ['/bin/sh', '-c', t];
  };
  const epArgv = ep ? form(ep.ins.args) : [];
  // CMD set in an earlier stage than ENTRYPOINT is reset by it; the common case is fine to ignore.
  const cmdArgv = cmd ? form(cmd.ins.args) : [];
  if (!ep && !cmd) return undefined;
  const shellEp = ep && !ep.ins.args.trim().startsWith('[');
  // `CMD ["--enable-source-maps", "dist/main.js"]` on the node image: its docker-entrypoint.sh runs `node "$@"`.
  const nodeFlags =
    !ep && cmdArgv[0]?.startsWith('-') && NODE_OFFICIAL_IMAGE.test(stageChain(df, stage).at(-1)!.from.image);
  const argv = ep ? (shellEp ? epArgv : [...epArgv, ...cmdArgv]) : nodeFlags ? ['node', ...cmdArgv] : cmdArgv;
  const at = cmd && (!ep || cmd.ins.line > ep.ins.line) ? cmd.ins : ep!.ins;
  return {
    argv,
    line: at.line,
    text: `${at.keyword} ${at.args}`.slice(0, 160),
    entrypointOnly: epArgv,
    cmd: cmdArgv,
  };
}

/** Who the final stage runs as: the last USER of the final stage (or of the stage it builds FROM). */
export function finalUser(df: ParsedDockerfile): UserVerdict {
  const eff = effectiveInstruction(df, 'USER');
  if (!eff) return { kind: 'none' };
  const raw = eff.ins.args.trim();
  const user = expandVars(df, raw, eff.stage, eff.ins.line);
  const inheritedFrom = eff.stage !== df.finalStage ? eff.stage.name : undefined;
  if (/\$/.test(user)) return { kind: 'unknown', user: raw, line: eff.ins.line, inheritedFrom };
  return { kind: isRootUser(user) ? 'root' : 'non-root', user, line: eff.ins.line, inheritedFrom };
}

/** root, 0, root:root, 0:0, 0:1000 are root; the group does not matter, the uid does. */
export function isRootUser(user: string): boolean {
  const u = user
    .trim()
    .replace(/^["']|["']$/g, '')
    .split(':')[0]!
    .trim();
  return u === 'root' || /^0+$/.test(u);
}

export type PinStatus = 'digest' | 'version' | 'floating' | 'latest' | 'untagged' | 'unresolved';

/** Release code names that pin a distribution release (debian:bookworm-slim is as fixed as debian:12-slim). */
const RELEASE_CODENAMES =
  /\b(bookworm|bullseye|buster|stretch|trixie|jammy|noble|focal|bionic|xenial|mantic|lunar|oracular)\b/;

/**
 * Channel tags that move across major versions: node:lts, node:current-bookworm-slim, nginx:stable-alpine3.20. A
 * distribution suffix pins the OS underneath, not the software the channel names.
 */
const CHANNEL_TAG = /^(?:lts|current|stable|latest|edge|mainline|rolling|nightly)(?:[-_.]|$)/i;

/** How well a base image reference is pinned. `scratch` and earlier stages are not base images (callers skip them). */
export function pinStatus(ref: DockerImageRef): PinStatus {
  if (ref.digest && !/\$/.test(ref.digest)) return 'digest';
  // ${REGISTRY}/python:3.12 still names its tag; only a reference whose tag itself is a variable is unresolved.
  if (ref.parameterised && (!ref.tag || /\$/.test(ref.tag) || /\$\{?\w*$/.test(ref.image))) return 'unresolved';
  if (!ref.tag) return 'untagged';
  if (ref.tag === 'latest') return 'latest';
  if (CHANNEL_TAG.test(ref.tag)) return 'floating';
  if (/\d/.test(ref.tag)) return 'version';
  // A release code name pins the distribution: the whole of a distribution image (debian:bookworm-slim), only the OS
  // under a language image (rust:slim-trixie, python:bookworm), whose toolchain still moves across versions.
  if (RELEASE_CODENAMES.test(ref.tag))
    return /(?:^|[-_])(?:debian|ubuntu|minideb|buildpack-deps)(?:$|[-_])/.test(ref.image.split('/').pop()!)
      ? 'version'
      : 'floating';
  // The version can live in the repository name: gcr.io/distroless/static-debian12:nonroot pins Debian 12.
  if (/(debian|ubuntu|alpine|java|python|nodejs|node|jdk|jre|ubi|el)\d+/.test(ref.image.split('/').pop()!))
    return 'version';
  return 'floating';
}

/** FROM lines that name a base image: not `scratch`, not an earlier stage. */
export function baseImages(df: ParsedDockerfile): DockerStage[] {
  return df.stages.filter((s) => !s.from.stageRef && s.from.image.toLowerCase() !== 'scratch');
}

export function dockerfileDir(df: ParsedDockerfile): string {
  return path.posix.dirname(df.path);
}

// ---------------------------------------------------------------------------------------------------------------
// "Present but broken": COPY/ADD sources that are not in the repository. Whether CMD/ENTRYPOINT reach code that exists
// is the startPath fact's question (src/facts/start-path.ts), so that every rule answers it the same way.

export interface DockerProblem {
  path: string;
  line: number;
  kind: 'copy-source';
  /** What cannot work, e.g. "COPY requirements.txt: not in the build context (.)". */
  message: string;
}

const BUILD_OUTPUT =
  /^(\.\/)?(dist|build|out|target|bin|lib|public|\.next|node_modules|\.output|wheels?|artifacts?)(\/|$)|\.(jar|war|ear|whl|tgz|tar\.gz|zip|exe|so)$/i;

/** Splits a shell-form or exec-form (JSON array) argument string into words. */
export function words(args: string): string[] {
  const t = args.trim();
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t) as unknown;
      if (Array.isArray(v)) return v.map(String);
    } catch {
      /* fall through to shell form */
    }
  }
  return [...t.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/**
 * Folders a CI workflow fills before building: the `path:` of a GitHub Actions download-artifact step, or the target
 * folder of a `cp`/`mv` in a run step (`cp target/release/app docker/`). Repository-relative, without a trailing slash.
 */
function ciFilledFolders(repo: RepoIndex): Set<string> {
  const whole = repo.wholeRepo();
  return whole.memo('dockerfiles:ci-filled', () => {
    const out = new Set<string>();
    const norm = (p: string) =>
      p
        .replace(/^["']|["']$/g, '')
        .replace(/^\.\//, '')
        .replace(/\/+$/, '') || '.';
    for (const f of whole.glob([...ACTIONS_WORKFLOW_GLOBS, '.gitlab-ci.yml', '.woodpecker.{yml,yaml}'])) {
      const lines = whole.lines(f.path);
      lines.forEach((l, i) => {
        if (/\buses:\s*actions\/download-artifact@/.test(l)) {
          for (const next of lines.slice(i + 1, i + 9)) {
            const m = /^\s*path:\s*(\S+)\s*$/.exec(next);
            if (m) {
              if (!m[1]!.includes('${{')) out.add(norm(m[1]!));
              break;
            }
            if (/^\s*-\s/.test(next)) break;
          }
        }
        const cp =
          /^\s*(?:-\s*)?(?:run:\s*)?(?:cp|mv)\s+(?:-\w+\s+)*\S+(?:\s+\S+)*\s+((?:\.\/)?[\w.-]+(?:\/[\w.-]+)*)\/\s*$/.exec(
            l,
          );
        if (cp) out.add(norm(cp[1]!));
      });
    }
    return out;
  });
}

/**
 * Files a build pipeline writes before it builds an image: the output of a decrypt or download step
 * (`gcloud kms decrypt --plaintext-file=./cert.pem`, `curl -o key.json`, `--output-file`), or a redirect in a run step
 * (`echo "$CERT" > cert.pem`, `base64 -d > creds.json`), in GitHub/GitLab/Woodpecker workflows and Cloud Build or
 * CodeBuild files. Repository-relative paths and bare names (a COPY of a secret the pipeline decrypts into the context).
 */
function ciWrittenFiles(repo: RepoIndex): Set<string> {
  const whole = repo.wholeRepo();
  return whole.memo('dockerfiles:ci-written', () => {
    const out = new Set<string>();
    const files = whole.glob([
      ...ACTIONS_WORKFLOW_GLOBS,
      '.gitlab-ci.yml',
      '.woodpecker.{yml,yaml}',
      '.woodpecker/*.{yml,yaml}',
      '**/cloudbuild*.{yml,yaml}',
      'cloudbuild/**/*.{yml,yaml}',
      '**/buildspec*.{yml,yaml}',
    ]);
    const WRITES =
      /(?:--(?:plaintext-file|output-file|output|out)[=\s]+|\s-o\s+|(?<![<>&\d])>{1,2}\s*|\btee\s+(?:-a\s+)?)["']?((?:\.\/)?[\w.-]+(?:\/[\w.-]+)*\.[A-Za-z][\w]*)["']?/g;
    for (const f of files)
      for (const l of whole.lines(f.path)) {
        if (/^\s*#/.test(l)) continue;
        for (const m of l.matchAll(WRITES)) {
          const p = m[1]!.replace(/^\.\//, '');
          if (/^\/dev\/|\$/.test(p)) continue;
          out.add(p);
        }
        // A file moved or copied into the checkout (`mv next-extracted/ersatztv-channel .`, `cp out/app bin/app`): the
        // destination, or the source's own name when the destination is the working folder. The source may name a
        // workflow expression (`cp target/${{ matrix.target }}/release/app docker/app`).
        for (const m of l.matchAll(
          /\b(?:mv|cp)\s+(?:-\w+\s+)*["']?((?:[\w.-]|\$\{\{[^}\n]*\}\})+(?:\/(?:[\w.-]|\$\{\{[^}\n]*\}\})+)*)["']?\s+["']?(\.\/?|[\w.-]+(?:\/[\w.-]+)*)["']?\s*(?:$|&&|;|\|)/g,
        )) {
          const dest = m[2]!.replace(/^\.\/(?=.)/, '');
          const p = dest === '.' || dest === './' ? path.posix.basename(m[1]!) : dest;
          if (p.includes('${{')) continue;
          if (p && p !== '.' && p !== '..') out.add(p);
        }
      }
    return out;
  });
}

function existsIn(repo: RepoIndex, context: string, src: string): boolean {
  const rel = path.posix.normalize(context === '.' ? src : `${context}/${src}`).replace(/\/$/, '');
  if (rel === '.' || rel === '') return true;
  if (rel.startsWith('..')) {
    // Outside a component's folder but inside the repository (a compose context `../..`): the view reads it there.
    if (repo.toRepo(rel).startsWith('..') || /[*?[]/.test(rel)) return true; // outside the repository: cannot judge
    return repo.has(rel) || repo.hasDir(rel) || inUnreadFolder(repo, repo.toRepo(rel));
  }
  if (/[*?[]/.test(rel)) {
    try {
      if (repo.glob([rel, `${rel}/**`]).length > 0) return true;
      // In a component's view, a pattern into another component's folder (`COPY src/Api/*.csproj` of an image built
      // from the repository root) matches in the whole repository.
      const whole = repo.toRepo(rel);
      return repo.wholeRepo() !== repo && repo.wholeRepo().glob([whole, `${whole}/**`]).length > 0;
    } catch {
      return true; // an unparseable pattern: cannot judge
    }
  }
  // A component's view leaves out the folders of other components nested in it (a service package under the
  // repository root), but the build context still holds them.
  if (repo.inRepository(rel)) return true;
  const whole = repo.toRepo(rel);
  // A folder whose files are all build output the index leaves out (a committed `manager/dist/`) is still copied.
  if (repo.wholeRepo().holdsIgnored(whole)) return true;
  return inUnreadFolder(repo, whole);
}

/**
 * A path at or under an entry the listing names but the index does not read: a symbolic link to a folder (`docs ->
 * nautobot/docs`), or a git submodule (a commit entry, an empty folder until `git submodule update` fills it, as CI
 * checkouts with submodules do). It is in the build context, and Docker copies what is there.
 */
export function inUnreadFolder(repo: RepoIndex, whole: string): boolean {
  const root = repo.wholeRepo();
  const under = (p: string) => whole === p || whole.startsWith(`${p}/`);
  return (
    (root.skipped ?? []).some((f) => f.reason === 'not-a-file' && under(f.path)) || submodulePaths(root).some(under)
  );
}

/** The folders `.gitmodules` declares as submodules (`path = src/core/engine`), relative to the repository root. */
function submodulePaths(root: RepoIndex): string[] {
  const text = root.read('.gitmodules');
  if (!text) return [];
  return [...text.matchAll(/^\s*path\s*=\s*(\S+)\s*$/gm)].map((m) => m[1]!.replace(/^\.\/|\/+$/g, ''));
}

/**
 * Problems that make an image build or start fail, judged conservatively: a source counts as present when it exists
 * relative to any plausible build context (the Dockerfile's folder, the repository root, or contexts given by compose).
 */
export function dockerfileProblems(
  repo: RepoIndex,
  df: ParsedDockerfile,
  extraContexts: string[] = [],
): DockerProblem[] {
  // GoReleaser builds the image in a folder of its own holding the binaries it just built (and its extra_files):
  // `COPY ntfy /usr/bin` copies the release binary, which is never in the repository.
  if (goreleaserDockerfiles(repo).has(repo.toRepo(df.path))) return [];
  // A Gradle task stages the Dockerfile's folder beside what the build made (an unpacked jar, a distribution) and
  // builds there: what it copies is build output.
  if (gradleStagedFolders(repo).has(repo.toRepo(dockerfileDir(df)))) return [];
  // Any ancestor folder may be the context (`docker build -f services/api/Dockerfile services`): a source counts when it exists under one.
  // In a component's view the folders above the component count too (seen as `..`, `../..`): the repository root
  // may be the context of a Dockerfile kept in a component's folder.
  const ancestors: string[] = [];
  for (let d = repo.toRepo(dockerfileDir(df)); d !== '.'; d = path.posix.dirname(d)) ancestors.push(repo.fromRepo(d));
  if (repo.toRepo('.') !== '.') ancestors.push(repo.fromRepo('.'));
  const contexts = [...new Set([dockerfileDir(df), ...extraContexts, ...ancestors, '.'])];
  const ignored = gitignoredMatcher(repo);
  // A context folder the CI fills before it builds (binaries downloaded from an earlier job's artifacts): what the
  // Dockerfile copies from it is produced by the pipeline, not kept in the repository.
  const filled = ciFilledFolders(repo);
  if ([dockerfileDir(df), ...extraContexts].some((c) => filled.has(repo.toRepo(c)))) return [];
  const assembled = fabric8Assemblies(repo, df);
  const written = ciWrittenFiles(repo);
  const problems: DockerProblem[] = [];
  for (const stage of df.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
        if (ins.heredoc !== undefined) continue;
        const w = words(ins.args);
        if ([...ins.flags, ...w].some((x) => /^--from=/i.test(x))) continue;
        const operands = w.filter((x) => !x.startsWith('--'));
        const sources = operands.slice(0, -1);
        const missing: string[] = [];
        for (const src of sources) {
          if (/^[a-z]+:\/\/|^git@|\$/i.test(src)) continue;
          // Docker resolves every source against the context, a leading slash included.
          const clean = src.replace(/^\.?\/+/, '');
          // Folders the index leaves out (vendor/, third_party/) may well be in the context: they cannot be checked.
          if (
            assembled.some((a) => clean === a || clean.startsWith(`${a}/`)) ||
            BUILD_OUTPUT.test(clean) ||
            contexts.some((c) => ignored(path.posix.join(c, clean))) ||
            written.has(clean) ||
            // A file the pipeline copies into the context folder (`cp target/release/app docker/release/app`).
            contexts.some((c) => written.has(path.posix.join(repo.toRepo(c), clean))) ||
            defaultIgnored(clean.replace(/\/+$/, ''), true) ||
            contexts.some((c) => existsIn(repo, c, clean))
          )
            continue;
          missing.push(src);
        }
        // A wildcard that matches nothing copies nothing under BuildKit, the default builder (`COPY buildinfo* ./`,
        // `COPY package.json yarn.lock* ./`): an optional copy, not a missing file.
        const reported = missing.filter((m) => !/[*?[]/.test(m));
        for (const src of reported) {
          problems.push({
            path: df.path,
            line: ins.line,
            kind: 'copy-source',
            message: `${ins.keyword} ${src}: not in the build context (${contexts[0]})`,
          });
        }
      }
    }
  }
  return problems;
}

/**
 * Folders the fabric8 docker-maven-plugin assembles into the build context of a module's Dockerfile: the project's
 * artifact and dependencies under `maven/` (the default assembly name) or under each `<assembly><name>`. The Dockerfile
 * is one the module keeps (src/main/docker/ or beside its pom.xml) and the module's pom.xml (or its parent's) configures
 * the plugin with an assembly.
 */
function fabric8Assemblies(repo: RepoIndex, df: ParsedDockerfile): string[] {
  const names: string[] = [];
  for (let d = path.posix.dirname(repo.toRepo(df.path)); ; d = path.posix.dirname(d)) {
    const pom = d === '.' ? 'pom.xml' : `${d}/pom.xml`;
    const whole = repo.wholeRepo();
    const text = whole.read(pom);
    if (text && /<artifactId>\s*docker-maven-plugin\s*<\/artifactId>/.test(text) && /<assembl(?:y|ies)>/.test(text)) {
      for (const a of text.matchAll(/<assembly>([\s\S]*?)<\/assembly>/g)) {
        const name = /<name>\s*([\w.-]+)\s*<\/name>/.exec(a[1]!)?.[1];
        names.push(name ?? 'maven');
      }
      if (!names.length) names.push('maven');
      break;
    }
    if (d === '.') break;
  }
  return [...new Set(names)];
}

/**
 * Folders a Gradle build copies into a build folder (a Copy/Sync task, a `distributions { contents { … } }` block):
 * `from("${projectDir.absolutePath}/docker/app")`, `from(tasks.unpack.outputs, 'docker/app')`, or the project folder
 * itself with `include("*Dockerfile")`. A path is taken against the script's folder and the folders above it (a script
 * applied from the root build runs with the root as its project folder); `${rootDir}` paths against the root.
 */
function gradleStagedFolders(repo: RepoIndex): Set<string> {
  const root = repo.wholeRepo();
  return root.memo('dockerfiles:gradle-staged', () => {
    const out = new Set<string>();
    for (const f of root.glob(['**/*.gradle', '**/*.gradle.kts'])) {
      const text = root.read(f.path) ?? '';
      if (!text.includes('from') || !/\binto\s*\(/.test(text)) continue;
      // A project's own build script runs in its folder; a script it applies (gradle/docker.gradle) in the folder of
      // whichever project applies it.
      const bases: string[] = [];
      for (let d = path.posix.dirname(f.path); ; d = path.posix.dirname(d)) {
        bases.push(d);
        if (d === '.' || d === '/' || /(?:^|\/)build\.gradle(?:\.kts)?$/.test(f.path)) break;
      }
      const add = (rel: string, fromRoot: boolean) => {
        for (const b of fromRoot ? ['.'] : bases) out.add(path.posix.normalize(b === '.' ? rel || '.' : `${b}/${rel}`));
      };
      for (const m of text.matchAll(/\bfrom\s*\(([^()\n]*(?:\([^()\n]*\)[^()\n]*)*)\)/g)) {
        const args = m[1]!;
        for (const q of args.matchAll(/["']([^"'\n]+)["']/g)) {
          const lead = /^\$\{?(?:project\.)?(projectDir|rootDir)(?:\.absolutePath|\.path)?\}?(?:\/|$)/.exec(q[1]!);
          const rel = lead ? q[1]!.slice(lead[0].length) : q[1]!;
          if (/\$|^\/|^\.\./.test(rel) || (/^\.?$/.test(rel) && !lead)) continue;
          add(rel.replace(/\/+$/, ''), lead?.[1] === 'rootDir');
        }
        // `from(project.projectDir) { include("*Dockerfile", …) }`: the Dockerfile kept beside the build script.
        if (/^\s*(?:project\.)?projectDir\s*$/.test(args) && /Dockerfile/.test(text.slice(m.index!, m.index! + 300)))
          add('', false);
      }
    }
    return out;
  });
}

/** An image a GoReleaser configuration builds (`dockers:`/`dockers_v2:` entry). */
export interface GoreleaserImage {
  config: string;
  line: number;
  /** Where the entry's `dockerfile:` may be (repository paths): GoReleaser resolves it from where it runs. */
  dockerfiles: string[];
  images: string[];
  push: boolean;
  /** The folders of the Go programs the entry's builds (`ids:`) compile: `dir:` and `main:` of each. */
  sources: string[];
}

/** Dockerfiles (repository paths) that a GoReleaser configuration builds images from (`dockers:`/`dockers_v2:`). */
export function goreleaserDockerfiles(repo: RepoIndex): Set<string> {
  const root = repo.wholeRepo();
  return root.memo('dockerfiles:goreleaser-files', () => new Set(goreleaserImages(repo).flatMap((i) => i.dockerfiles)));
}

/** The images GoReleaser configurations build, read once per repository. */
export function goreleaserImages(repo: RepoIndex): GoreleaserImage[] {
  const root = repo.wholeRepo();
  return root.memo('dockerfiles:goreleaser', () => {
    const out: GoreleaserImage[] = [];
    // `.goreleaser.yml`, `.goreleaser.docker.yml`, and configurations named for what they build
    // (`.goreleaser-docker-build-api.yml`, `.builds-linux.goreleaser.yml`) passed with `goreleaser -f`.
    for (const f of root.byName(/^\.?(?:[\w-]+\.)?goreleaser(?:[.-]\w+)*\.ya?ml$/)) {
      const lines = root.lines(f.path);
      const start = lines.findIndex((l) => /^dockers(_v2)?:\s*$/.test(l));
      if (start < 0) continue;
      let end = start + 1;
      while (end < lines.length && !/^\S/.test(lines[end]!)) end++;
      const indent = Math.min(...lines.slice(start + 1, end).map((l) => /^(\s*)-\s/.exec(l)?.[1]?.length ?? Infinity));
      if (!Number.isFinite(indent)) continue;
      const itemLines: number[] = [];
      for (let i = start + 1; i < end; i++)
        if (/^(\s*)-\s/.exec(lines[i]!)?.[1]?.length === indent) itemLines.push(i + 1);
      const doc = root.yaml(f.path) as Record<string, unknown> | undefined;
      const entries = [doc?.dockers, doc?.dockers_v2].find(Array.isArray) as Record<string, unknown>[] | undefined;
      const builds = Array.isArray(doc?.builds) ? (doc.builds as Record<string, unknown>[]) : [];
      const base = path.posix.dirname(f.path);
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
      const sourceOf = (b: Record<string, unknown>) => {
        const main = str(b.main) ?? '.';
        const dir = path.posix.normalize(
          path.posix.join(str(b.dir) ?? '.', /\.go$/.test(main) ? path.posix.dirname(main) : main),
        );
        return dir.replace(/\/\.\.\.$/, '');
      };
      itemLines.forEach((line, k) => {
        const e = entries?.[k] ?? {};
        // Each entry builds its `dockerfile:`, or the Dockerfile beside the configuration when it names none. GoReleaser
        // resolves paths from where it runs, usually the repository root even for a configuration kept in a folder.
        const until = itemLines[k + 1] ?? end + 1;
        const named = lines
          .slice(line - 1, until - 1)
          .map((l) => /^\s*(?:-\s+)?dockerfile:\s*['"]?([^'"\s#]+)/.exec(l)?.[1])
          .find((x) => x !== undefined);
        const entry = named ?? 'Dockerfile';
        const dockerfiles = [path.posix.normalize(base === '.' ? entry : `${base}/${entry}`)];
        if (base !== '.' && entry !== 'Dockerfile') dockerfiles.push(path.posix.normalize(entry));
        const ids = list(e.ids);
        const chosen = ids.length ? builds.filter((b) => ids.includes(str(b.id) ?? '')) : builds;
        out.push({
          config: f.path,
          line,
          dockerfiles,
          images: [...list(e.images), ...list(e.image_templates)],
          push: e.skip_push !== true && e.skip_push !== 'true',
          sources: [...new Set(chosen.map(sourceOf))],
        });
      });
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Build files of the view's modules (a server kept in `backend/` of a repository whose root is the component, its
 * `jib { }` block, or the Ktor plugin's), and the CI or task files that run a builder.
 */
const JVM_BUILDS_AND_CONFIG = [
  '**/pom.xml',
  '**/build.gradle',
  '**/build.gradle.kts',
  // Convention plugins of the build's own (buildSrc, build-logic) that the modules apply by id.
  '**/src/main/{kotlin,groovy}/*.gradle',
  '**/src/main/{kotlin,groovy}/*.gradle.kts',
  '**/*.yml',
  '**/*.yaml',
  'Makefile',
];
/** Builds of examples, samples, tests and docs are not the service's image. */
const NOT_SERVICE_BUILDS = '**/{examples,example,samples,sample,demo,demos,test,tests,docs,e2e}/**';

// Lists, not `{**/a,b}` braces: picomatch's brace form does not let `**/` match a file at the root.
const IMAGE_BUILDERS: [RegExp, string, string[]][] = [
  [/spring-boot:build-image|bootBuildImage/, 'Spring Boot buildpacks', JVM_BUILDS_AND_CONFIG],
  [/\bquarkus-container-image-buildpack\b/, 'Quarkus buildpacks', JVM_BUILDS_AND_CONFIG],
  [
    // The Ktor Gradle plugin builds its images with Jib (`ktor { docker { … } }`, `./gradlew publishImage`), and so
    // does Quarkus's container-image extension for Jib when the package goal runs with `quarkus.container-image.build`.
    /com\.google\.cloud\.tools[.:]jib|jib-maven-plugin|\bjib\s*\{|jibDockerBuild|jib:build|\bktor\s*\{\s*docker\s*\{|\bquarkus-container-image-jib\b/,
    'Jib',
    JVM_BUILDS_AND_CONFIG,
  ],
  // sbt-native-packager's Docker plugin writes the Dockerfile from the build (`enablePlugins(…, DockerPlugin)`,
  // `dockerBaseImage := …`) and builds it with `sbt Docker/publish`.
  [
    /\.enablePlugins\s*\([^)\n]*\bDockerPlugin\b|^\s*dockerBaseImage\s*:=/m,
    'sbt-native-packager Docker plugin',
    ['**/*.sbt', 'project/*.scala'],
  ],
  [/\bko\s+(build|apply|resolve|publish)\b/, 'ko', ['Makefile', '**/*.yml', '**/*.yaml', '**/*.sh', '.ko.yaml']],
  [/\bnixpacks\s+build\b/, 'Nixpacks', ['Makefile', '**/*.yml', '**/*.yaml', '**/*.sh', 'nixpacks.toml']],
  [/\bpack\s+build\b/, 'Cloud Native Buildpacks (pack)', ['Makefile', '**/*.yml', '**/*.yaml', '**/*.sh']],
  // Nix: an OCI image built from the package by dockerTools (`dockerTools.buildLayeredImage { config.Cmd = … }`).
  [
    /\bdockerTools\.(?:buildImage|buildLayeredImage|streamLayeredImage|buildImageWithNixDb)\b/,
    'Nix dockerTools',
    ['**/*.nix'],
  ],
  // .NET SDK container publish: container properties in a project (or Directory.Build.props), or the publish target.
  [
    /<(?:EnableSdkContainerSupport|ContainerRepository|ContainerImageName|ContainerBaseImage|ContainerImageTags?)>|[-/]t(?:arget)?:PublishContainer\b|\/p:PublishProfile=DefaultContainer\b/,
    '.NET SDK container publish',
    ['**/*.csproj', '**/*.fsproj', '**/Directory.Build.props', '**/*.yml', '**/*.yaml', '**/*.sh', 'Makefile'],
  ],
];

/**
 * The plugin block of a POM that starts on `line` (up to its `</plugin>`, comments dropped); empty outside a POM. A
 * module can switch the plugin off there (`<skip>true</skip>`: a docs module keeping the parent's Jib from building
 * an image of it).
 */
function mavenPluginBlock(repo: RepoIndex, file: string, line: number): string {
  if (!file.endsWith('pom.xml')) return '';
  const rest = (repo.read(file) ?? '')
    .split('\n')
    .slice(line - 1, line + 80)
    .join('\n');
  const end = rest.indexOf('</plugin>');
  return (end < 0 ? rest : rest.slice(0, end)).replace(/<!--[\s\S]*?-->/g, '');
}

/** The folder the CI step holding `line` of a workflow runs in (`working-directory: ./src/Shop.Web`), if it names one. */
function stepWorkingDirectory(repo: RepoIndex, file: string, line: number): string | undefined {
  if (!/\.ya?ml$/.test(file)) return undefined;
  const lines = repo.lines(file);
  const step = /^\s*-\s/;
  // The step's lines: back to the one that opens it, then on to the next step.
  let from = line - 1;
  while (from > 0 && from > line - 8 && !step.test(lines[from]!)) from--;
  let to = line;
  while (to < lines.length && to < line + 8 && !step.test(lines[to]!)) to++;
  for (const l of lines.slice(from, to)) {
    const dir = /^\s*-?\s*working-directory:\s*["']?([^\s"'#]+)/.exec(l)?.[1];
    if (dir) return path.posix.normalize(dir).replace(/\/$/, '');
  }
  return undefined;
}

export function detectImageBuilder(repo: RepoIndex): ImageBuilder | undefined {
  for (const [re, builder, include] of IMAGE_BUILDERS) {
    const hits = repo
      .grep(re, { include, exclude: NOT_SERVICE_BUILDS, limit: 20 })
      .filter((h) => !/<skip>\s*true\s*<\/skip>/.test(mavenPluginBlock(repo, h.path, h.line)))
      // A CI step building in a folder outside this view (another component's) builds that component's image.
      .filter((h) => {
        const dir = stepWorkingDirectory(repo, h.path, h.line);
        return !dir || dir === '.' || dir.includes('$') || repo.hasDir(dir);
      });
    // The build named for the image (`nix/pkgs/oci-image/default.nix`) before a test harness's image beside it; in
    // Maven, the plugin block that describes the image before a version pinned in the parent's pluginManagement.
    const hit =
      hits.find((h) => /(?:^|[/._-])(?:oci|docker|images?|containers?)(?:[/._-]|$)/i.test(h.path)) ??
      hits.find((h) => /<(?:to|from|container)>/.test(mavenPluginBlock(repo, h.path, h.line))) ??
      hits[0];
    if (hit) return { builder, path: hit.path, line: hit.line };
  }
  // fabric8's or Spotify's docker-maven-plugin with the image described in the POM (`<build><from>openjdk:17</from>
  // … <entryPoint>`, Spotify's `<baseImage>`): the plugin writes the Dockerfile. A plugin that only starts containers
  // for integration tests (`<run>`), or builds from a Dockerfile of the repository, describes no image here.
  for (const h of repo.grep(/<artifactId>\s*docker-maven-plugin\s*<\/artifactId>/, {
    include: ['**/pom.xml', 'pom.xml', '../**/pom.xml'],
    exclude: NOT_SERVICE_BUILDS,
    limit: 20,
  })) {
    const text = (repo.read(h.path) ?? '').replace(/<!--[\s\S]*?-->/g, '');
    const at = text.search(/<artifactId>\s*docker-maven-plugin\s*<\/artifactId>/);
    const config = /^[\s\S]*?<\/plugin>/.exec(text.slice(at))?.[0] ?? '';
    if (/<(?:from|baseImage)>\s*[^<\s]/.test(config))
      return { builder: 'docker-maven-plugin', path: h.path, line: h.line };
  }
  if (repo.has('nixpacks.toml')) return { builder: 'Nixpacks', path: 'nixpacks.toml', line: 1 };
  if (repo.has('.ko.yaml')) return { builder: 'ko', path: '.ko.yaml', line: 1 };
  // A Cloud Native Buildpacks project descriptor (`[_]` schema table, `[[io.buildpacks.group]]`, `[io.buildpacks]`):
  // `pack build` and platforms that build with buildpacks read it as the image definition.
  const descriptor = repo.has('project.toml')
    ? repo.grepFirst(/^\s*\[\[?\s*(?:_|io\.buildpacks(?:\.[\w-]+)*)\s*\]\]?\s*$/m, { paths: ['project.toml'] })
    : undefined;
  if (descriptor)
    return { builder: 'Cloud Native Buildpacks (project.toml)', path: 'project.toml', line: descriptor.line };
  return undefined;
}

/** A Dockerfile of the index, parsed once per audit (the Dockerfile fact and compose build targets share it). */
export function parsedDockerfile(repo: RepoIndex, p: string): ParsedDockerfile | undefined {
  const text = repo.read(p);
  // The text is parsed once per repository file (fileMemo), however many component views read it; each view names it
  // by its own path. The parse is shared: read it, never change it.
  return text === undefined
    ? undefined
    : repo.memo(`dockerfile:${p}`, () =>
        placed(
          p,
          repo.fileMemo('dockerfile:text', p, () => parseDockerfileText(text)),
        ),
      );
}

/** Files that configure such a server rather than hold an application: configs, scripts, a static status page. */
const SERVER_CONFIG_FILE =
  /\.(?:conf|cnf|ini|ya?ml|toml|json|sh|sql|html?|txt|pem|crt|key|lua|template)$|(?:^|\/)(?:Caddyfile|entrypoint)$/;

/**
 * A one-stage image of an off-the-shelf server or store (`FROM nginx:alpine`, `FROM postgres:16`) that copies in only
 * configuration files (nginx.conf, postgresql.conf, an entrypoint script): a configured reverse proxy or database, not
 * an image of the project's code. A server image that copies a folder (a built dist/ for nginx to serve) is not one.
 */
export function isConfiguredServerImage(df: ParsedDockerfile): boolean {
  if (df.stages.length !== 1 || !df.finalStage || !isServerBaseImage(df.finalStage.from.image)) return false;
  for (const ins of df.finalStage.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    if (ins.heredoc !== undefined) continue;
    const w = words(ins.args).filter((x) => !x.startsWith('--'));
    // Scripts copied into the store's init folder seed it on first start (`COPY *.js /docker-entrypoint-initdb.d/`).
    if (/^\/docker-entrypoint-initdb\.d(\/|$)/.test(w[w.length - 1] ?? '')) continue;
    if (!w.slice(0, -1).every((src) => SERVER_CONFIG_FILE.test(src))) return false;
  }
  return true;
}

/** Test and load runners an image may start with: an API contract checker, a collection runner, load generators. */
const RIG_RUNNER = /^(?:dredd|newman|k6|locust|artillery|jmeter|pytest|jest|mocha|cypress|playwright)$/;

/**
 * An image that starts a test runner (`ENTRYPOINT ["node_modules/dredd/bin/dredd"]`, `npx newman run …`, `k6 run`):
 * a rig run against the services to check or load them, not a service of its own.
 */
export function startsTestRunner(df: ParsedDockerfile): boolean {
  const argv = imageStartCommand(df, undefined)?.argv ?? [];
  const first = /^(?:npx|node|python3?|-m)$/.test(path.posix.basename(argv[0] ?? '')) ? argv.slice(1) : argv;
  const program = first[0] === '-m' ? first[1] : first[0];
  return !!program && RIG_RUNNER.test(path.posix.basename(program));
}

/**
 * A one-stage image that takes nothing from the build context and builds nothing (`FROM chromedp/headless-shell` with
 * labels and a USER): another project's image republished under the repository's name, no image of its code.
 */
export function isRelabelledImage(df: ParsedDockerfile): boolean {
  return (
    df.stages.length === 1 &&
    !!df.finalStage &&
    !df.finalStage.instructions.some((i) => i.keyword === 'COPY' || i.keyword === 'ADD' || i.keyword === 'RUN')
  );
}

const RENDERED_TEMPLATE = /(^|\/)(?:Dockerfile|Containerfile)\.(tpl|tmpl|j2|jinja2?|template)$/i;
const NOT_SERVICE_FOLDER = new RegExp(NOT_SERVICE_FOLDERS, 'i');
/** A Dockerfile named for the production image: `prod.Dockerfile`, `Dockerfile.prod`, `Dockerfile-production`. */
const PRODUCTION_NAMED =
  /(?:^|\/)(?:(?:Dockerfile|Containerfile)[.-](?:prod|production)|(?:[\w-]+\.)?(?:prod|production)\.(?:Dockerfile|Containerfile))$/i;

/**
 * A Dockerfile named only as the development image (`Dockerfile.dev`), or kept in a development folder (Wiki.js keeps
 * its release build in `dev/build/Dockerfile`) or beside the CI configuration (`.github/deployment/node/Dockerfile`,
 * not an action's own image under `.github/actions/`), which CI may still build and push as the release.
 */
const DEVELOPMENT_NAMED = new RegExp(
  String.raw`(^|\/)(Dockerfile|Containerfile)\.(${DEVELOPMENT_SUFFIX})$|${DEVELOPMENT_FOLDERS}|(^|\/)\.github\/(?!actions\/|workflows\/)`,
  'i',
);

/**
 * A Dockerfile template that a build renders into the image definition: a render-template suffix (`.tpl`, `.tmpl`,
 * `.j2`, `.jinja`; `.template` only with `{{ … }}` placeholders, otherwise it is a file to copy by hand), outside
 * example, docs, test and development folders, whose last stage starts the program.
 */
function isRenderedTemplate(repo: RepoIndex, d: ParsedDockerfile): boolean {
  const m = RENDERED_TEMPLATE.exec(d.path);
  if (!m || NOT_SERVICE_FOLDER.test(d.path) || !d.finalStage) return false;
  if (m[2]!.toLowerCase() === 'template' && !/\{\{[^}]*\}\}/.test(repo.read(d.path) ?? '')) return false;
  return d.instructions.some((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD');
}

/** An image reference as Docker resolves it: `docker.io/library/` and the default `:latest` tag are implied. */
export function normalImageRef(ref: string): string {
  let r = ref
    .trim()
    .toLowerCase()
    .replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  r = r.replace(/^library\//, '');
  const last = r.split('/').pop() ?? '';
  return last.includes(':') || r.includes('@') ? r : `${r}:latest`;
}

/** The images a Dockerfile's stages start from (not its own earlier stages), as Docker resolves them. */
const fromRefsOf = (d: ParsedDockerfile): string[] =>
  d.stages.filter((st) => !st.from.stageRef).map((st) => normalImageRef(st.from.raw));

/**
 * A base image the repository builds for its other images: its user and health check are decided by the images built
 * on it, and it is part of their build rather than something shipped on its own. The strong evidence is a build that
 * tags it (`builtAs`: the tags CI gives it) with a reference another Dockerfile starts FROM (`org/app:base`); the weaker
 * one, used when no build names it, is a folder named like the image another Dockerfile starts from
 * (`docker/base/Dockerfile` and `FROM acme/base:latest`). `byFolder: false` asks for the strong evidence only (the
 * caller already set aside the bases known by folder).
 */
export function isBaseOfAnother(
  df: ParsedDockerfile,
  all: ParsedDockerfile[],
  { builtAs = [], byFolder = true }: { builtAs?: string[]; byFolder?: boolean } = {},
): boolean {
  const others = all.filter((o) => o !== df);
  if (builtAs.length) {
    const froms = new Set(others.flatMap(fromRefsOf));
    if (builtAs.some((t) => froms.has(normalImageRef(t)))) return true;
  }
  if (!byFolder) return false;
  // Named as a base (`Dockerfile.base`, `base.Dockerfile`) while another Dockerfile starts FROM an image named as one
  // (`acme/app-base`, `acme/app:base`, also through a build argument's default: `ARG BASE_IMAGE=acme/app-base`).
  if (
    BASE_NAMED.test(path.posix.basename(df.path)) &&
    others.some((o) => o.stages.some((st) => isBaseNamedRef(st.from)))
  )
    return true;
  // Named for the image another Dockerfile starts FROM: `BuildHealthCheck.Dockerfile` beside
  // `FROM acme/app:build-healthcheck`, `Dockerfile.runtime` beside `FROM acme/app-runtime`.
  const named = dockerfileNameToken(df.path);
  if (
    named &&
    others.some((o) =>
      o.stages.some((st) => {
        // The project's own image (a namespaced reference), not an official one (`Dockerfile.node` beside `FROM node`).
        if (st.from.stageRef || st.from.parameterised || !st.from.image.includes('/')) return false;
        const repoName =
          st.from.image
            .split('@')[0]!
            .replace(/:[^/]*$/, '')
            .split('/')
            .pop() ?? '';
        return [st.from.tag ?? '', repoName].some((t) => {
          const token = t.toLowerCase().replace(/[-_.]/g, '');
          return token === named || (token.endsWith(named) && token.length > named.length);
        });
      }),
    )
  )
    return true;
  const folder = path.posix.basename(path.posix.dirname(df.path));
  if (!folder || folder === '.' || /^(?:docker|\.?docker|containers?|build|deploy)$/i.test(folder)) return false;
  return others.some((o) =>
    o.stages.some((st) => {
      const repoName = st.from.image.split('@')[0]!.replace(/:[^/]*$/, '');
      return repoName.split('/').pop() === folder;
    }),
  );
}

/**
 * The name a Dockerfile carries besides "Dockerfile" (`Base.Dockerfile` → `base`, `Dockerfile.build-healthcheck` →
 * `buildhealthcheck`), lower-cased without separators; undefined for a plain Dockerfile or a name under 4 letters.
 */
function dockerfileNameToken(p: string): string | undefined {
  const m = /^(?:(.+)\.(?:Dockerfile|Containerfile)|(?:Dockerfile|Containerfile)[.-](.+))$/i.exec(
    path.posix.basename(p),
  );
  const token = (m?.[1] ?? m?.[2])?.toLowerCase().replace(/[-_.]/g, '');
  return token && token.length >= 4 ? token : undefined;
}

/** A Dockerfile named for a base image: `Dockerfile.base`, `Dockerfile-base`, `base.Dockerfile`. */
const BASE_NAMED = /^(?:(?:Dockerfile|Containerfile)[.-]base|base\.(?:Dockerfile|dockerfile|Containerfile))$/;

/**
 * An image reference (not an earlier stage) named as a base: `acme/app-base`, `acme/app_base`, `acme/app:base-2`, and
 * the base named first (`localhost:5000/base-php`, the image CI builds from Dockerfile.base and pushes to a local
 * registry for the next build).
 */
export function isBaseNamedRef(ref: DockerImageRef): boolean {
  if (ref.stageRef) return false;
  const name = ref.image.split('/').pop() ?? '';
  return /(?:^|[-_.])base$|^base[-_.]/i.test(name) || /^base(?:[-_.]|$)/i.test(ref.tag ?? '');
}

/** A build's Dockerfile named in CI or compose (`-f`, `--file`, `file:`, `dockerfile:`, a matrix row's `dockerfile:`). */
const NAMED_DOCKERFILE = /(?:^|\s)(?:-f|--file|file:|dockerfile:)[=\s]*["']?([\w./-]+)/g;
/** Text that opens as a Dockerfile: comments, parser directives and ARGs, then `FROM image [AS name]`. */
const OPENS_AS_DOCKERFILE =
  /^(?:[ \t]*(?:#[^\n]*|ARG[ \t][^\n]*)?\r?\n)*[ \t]*FROM[ \t]+(?:--platform=\S+[ \t]+)?[\w${}./:@-]+(?:[ \t]+AS[ \t]+[\w.-]+)?[ \t]*(?:\r?\n|$)/i;

/**
 * Files of other names that a CI build, a compose service or a GoReleaser `dockers:` entry names as its Dockerfile
 * (`file: apps/web/Dockerhubfile`, `dockerfile: ./cmd/server/DockerfileGoreleaser`): Docker builds any file it is
 * given, so they are Dockerfiles when their text opens as one.
 */
function namedDockerfiles(view: RepoIndex): Set<string> {
  const repo = view.wholeRepo();
  return repo.memo('dockerfiles:named', () => {
    const out = new Set<string>();
    const consider = (p: string): void => {
      const file = path.posix.normalize(p.replace(/^\.\//, ''));
      if (out.has(file) || isDockerfilePath(file) || !repo.has(file)) return;
      if (OPENS_AS_DOCKERFILE.test(repo.read(file) ?? '')) out.add(file);
    };
    for (const f of repo.files) {
      if (!isCiConfig(f.path) && !isComposePath(f.path)) continue;
      const text = repo.read(f.path) ?? '';
      if (!/file\b|-f\s/.test(text)) continue;
      const dir = path.posix.dirname(f.path);
      for (const m of text.matchAll(NAMED_DOCKERFILE))
        for (const p of new Set([m[1]!, path.posix.join(dir, m[1]!)])) consider(p);
    }
    for (const p of goreleaserDockerfiles(repo)) consider(p);
    return out;
  });
}

export function detectDockerfiles(repo: RepoIndex): DockerfileFacts {
  const all: ParsedDockerfile[] = [];
  const named = namedDockerfiles(repo);
  for (const f of repo.files) {
    if (!isDockerfilePath(f.path) && !(named.size && named.has(repo.toRepo(f.path)))) continue;
    const df = parsedDockerfile(repo, f.path);
    if (df) all.push(df);
  }
  // A Dockerfile named for development that CI builds and pushes (`docker buildx build -f Dockerfile.dev … --push`,
  // `--output type=registry`) is the image the project releases, whatever its name. So is one built on a browser-test
  // runner's image whose own command runs no tests (a service that renders pages with Playwright's browsers).
  for (let i = 0; i < all.length; i++) {
    const d = all[i]!;
    const last = d.finalStage;
    const browserService =
      onTestRunnerImage(last?.from.image ?? '') &&
      !!last?.instructions.some((x) => x.keyword === 'CMD' || x.keyword === 'ENTRYPOINT') &&
      !runsTests(last);
    if (!d.devOnly || !(DEVELOPMENT_NAMED.test(d.path) || browserService)) continue;
    const released = ciReleaseOf(repo, d.path);
    if (released) all[i] = { ...d, devOnly: false, releasedBy: released };
  }
  // Deployer ships the service to its hosts from the source (deploy.php): an image no CI step or Makefile pushes is a
  // development one (a compose stack that mounts the checkout into it), unless the recipe runs Docker on the hosts.
  const recipe = deployerRecipe(repo);
  if (recipe && !recipe.runsDocker)
    for (let i = 0; i < all.length; i++) {
      const d = all[i]!;
      if (!d.devOnly && !d.releasedBy && !ciReleaseOf(repo, d.path)) all[i] = { ...d, devOnly: true };
    }
  const toolboxes = ciJobImageDockerfiles(repo);
  for (let i = 0; i < all.length; i++)
    if (toolboxes.has(repo.toRepo(all[i]!.path))) all[i] = { ...all[i]!, devOnly: true };
  // `prod.Dockerfile` (`Dockerfile.prod`, `Dockerfile.production`) that CI builds and pushes, beside a plain
  // `Dockerfile` in the same folder that nothing releases (the one `docker compose build` uses locally): the release
  // names its image, and the other is the development one.
  for (const p of all) {
    if (p.devOnly || !PRODUCTION_NAMED.test(p.path)) continue;
    const dir = path.posix.dirname(p.path);
    const siblings = all
      .map((d, i) => ({ d, i }))
      .filter(({ d }) => d !== p && !d.devOnly && path.posix.dirname(d.path) === dir && !PRODUCTION_NAMED.test(d.path));
    if (!siblings.length || !(p.releasedBy ?? ciReleaseOf(repo, p.path))) continue;
    for (const { d, i } of siblings) if (!d.releasedBy && !ciReleaseOf(repo, d.path)) all[i] = { ...d, devOnly: true };
  }
  let built = all.filter((d) => !d.devOnly && d.stages.length > 0);
  // Beside the service's own image, the emulators the local compose stack builds (services it counts as dependencies)
  // are not production images.
  if (built.length > 1) {
    const services = detectCompose(repo.wholeRepo()).services;
    const standIn = (d: ParsedDockerfile) => {
      const builders = services.filter((s) => s.build?.dockerfile === repo.toRepo(d.path));
      return builders.length > 0 && builders.every((s) => s.role === 'infra');
    };
    if (!built.every(standIn)) built = built.filter((d) => !standIn(d));
  }
  // With no other image definition, a Dockerfile template a release tool renders (JReleaser's `Dockerfile.tpl`, a
  // Jinja `Dockerfile.j2`) is the image definition: only its placeholders are filled in at build time. Beside a real
  // Dockerfile it stays the generator's input, and templates kept with examples, docs or tests stay examples.
  if (!built.length) built = all.filter((d) => isRenderedTemplate(repo, d)).map((d) => ({ ...d, rendered: true }));
  // Beside an image of the project's code, a configured proxy or database image (the repository's own Postgres image
  // kept in a shared project's folder) is not the image whose build, user and health check are judged.
  const own = built.filter((d) => !isConfiguredServerImage(d));
  const apps = own.filter((d) => !isBaseOfAnother(d, own));
  // Only configured servers (a search engine with its plugins installed) beside a build plugin that makes the
  // application's image (Quarkus's Jib extension): the plugin's image is the one judged.
  const servers = own.length || !built.length || !detectImageBuilder(repo) ? built : [];
  // GoReleaser builds in a folder of its own too, holding the Dockerfile, the binaries it built and its extra_files.
  const assembler = (d: ParsedDockerfile): string | undefined =>
    fabric8Assemblies(repo, d).length
      ? 'the fabric8 docker-maven-plugin'
      : goreleaserDockerfiles(repo).has(repo.toRepo(d.path))
        ? 'GoReleaser'
        : undefined;
  const production = (apps.length ? apps : own.length ? own : servers).map((d) => {
    const by = assembler(d);
    return by ? { ...d, assembledBy: by } : releaseStageOf(d);
  });
  const bases = apps.length ? own.filter((d) => !apps.includes(d)) : [];
  let builder: ImageBuilder | undefined | null = null;
  let unreferenced: string[] | undefined;
  return {
    all,
    production,
    bases,
    get builder() {
      if (builder === null) builder = production.length ? undefined : detectImageBuilder(repo);
      return builder;
    },
    get unreferenced() {
      unreferenced ??=
        production.length > 1 ? production.filter((d) => !mentioned(repo, d.path)).map((d) => d.path) : [];
      return unreferenced;
    },
  };
}

/**
 * Names of a local stand-in for a service the application talks to: fakesentry, a GCS emulator, a mock server, an
 * OIDC test provider, LocalStack (the AWS emulator).
 */
const STAND_IN_NAME =
  /(?:^|[-_.])(?:fake|mock|wiremock)|(?:^|[-_.])(?:stub|dummy)(?:$|[-_.])|(?:emulator|simulator)s?(?:$|[-_.])|(?:^|[-_.])test-?(?:provider|idp|server)(?:$|[-_.])|(?:^|[-_.])localstack(?:$|[-_.:])/i;

/**
 * A Dockerfile in a folder of its own (`docker/images/fakesentry/`) that a compose service builds for the local stack,
 * named as a stand-in (by its folder, the compose service or its image, or the image it starts FROM), and that no CI
 * step or Makefile recipe releases (`-f … --push`, `docker push`/`docker tag` of the service's image, `compose push`).
 * `services` are the repository's compose services.
 */
export function isLocalStandIn(view: RepoIndex, dockerfile: string, services: readonly ComposeService[]): boolean {
  const own = view.toRepo(dockerfile);
  const folder = path.posix.dirname(own);
  if (folder === '.') return false;
  const builders = services.filter((s) => s.build?.dockerfile === own);
  if (!builders.length) return false;
  const repo = view.wholeRepo();
  const base = parsedDockerfile(repo, own)?.finalStage?.from;
  const names = [
    path.posix.basename(folder),
    ...builders.flatMap((s) => [s.name, s.image?.split('/').pop() ?? '']),
    base && !base.stageRef ? (base.image.split('/').pop() ?? '') : '',
  ];
  if (!names.some((n) => STAND_IN_NAME.test(n))) return false;
  return !ciReleaseOf(view, dockerfile) && !builders.some((s) => composeImagePushed(repo, s.name, s.image));
}

/** A CI step or Makefile recipe that pushes a compose service's image: `compose push [service]`, `docker push|tag image`. */
function composeImagePushed(repo: RepoIndex, service: string, image: string | undefined): boolean {
  const svc = escapeRegExp(service);
  const img = image ? escapeRegExp(image.replace(/:[^/]*$/, '')) : undefined;
  const push = new RegExp(
    String.raw`\bcompose\b[^\n;&|]*\spush(?:[ \t]+(?:-\S+[ \t]+)*${svc}\b|[ \t]*(?:$|[;&|]))` +
      (img ? String.raw`|\bdocker\s+(?:image\s+)?(?:push|tag)\s+["']?${img}(?![\w./-])` : ''),
    'm',
  );
  return repo.files.some((f) => (isCiConfig(f.path) || MAKEFILE.test(f.path)) && push.test(repo.read(f.path) ?? ''));
}

/** A Dockerfile of its own name that another file of the repository names (`-f Dockerfile.gpu`, `dockerfile: …`, docs). */
function mentioned(view: RepoIndex, dockerfile: string): boolean {
  if (!dockerfileNameToken(dockerfile)) return true;
  // CI and docs live at the repository root: a component's view asks its repository.
  const repo = view.wholeRepo();
  const own = view.toRepo(dockerfile);
  // Asked once per repository: every component view holding the Dockerfile asks the same question.
  return repo.memo(`dockerfiles:mentioned:${own}`, () => {
    const name = new RegExp(`(?<![\\w.-])${escapeRegExp(path.posix.basename(own))}(?![\\w.-])`);
    return repo.grep(name, { limit: 4 }).some((m) => m.path !== own);
  });
}

/**
 * Dockerfiles of the images GitHub Actions jobs run in (`container: image: ghcr.io/acme/ci-runner:latest`), built by a
 * step tagging them so (`docker build -t ghcr.io/acme/ci-runner:latest .` in the Dockerfile's folder, or `-f` naming
 * it): the pipeline's toolbox, not an image of the service.
 */
function ciJobImageDockerfiles(view: RepoIndex): Set<string> {
  const repo = view.wholeRepo();
  return repo.memo('dockerfiles:ci-job-images', () => {
    const bare = (ref: string) => ref.replace(/(?<=\/[^/:]+):[\w.-]+$/, '');
    const images = new Set<string>();
    for (const f of repo.files) {
      if (!ACTIONS_WORKFLOW.test(f.path)) continue;
      const jobs = (repo.yaml(f.path) as { jobs?: Record<string, { container?: unknown }> } | undefined)?.jobs;
      for (const job of Object.values(jobs ?? {})) {
        const c = job?.container;
        const ref = typeof c === 'string' ? c : (c as { image?: unknown } | undefined)?.image;
        if (typeof ref === 'string' && !ref.includes('${{')) images.add(bare(ref));
      }
    }
    const out = new Set<string>();
    if (!images.size) return out;
    for (const step of detectCi(repo).steps) {
      for (const build of (step.run ?? '').matchAll(/\bdocker\s+(?:buildx\s+)?build\b([^\n]*)/g)) {
        const args = build[1]!.trim().split(/\s+/);
        const tag = args.findIndex((a) => a === '-t' || a === '--tag');
        if (tag < 0 || !images.has(bare(args[tag + 1] ?? ''))) continue;
        const file = args.findIndex((a) => a === '-f' || a === '--file');
        const dir = step.workdir ?? '.';
        out.add(
          path.posix.normalize(
            file >= 0 ? path.posix.join(dir, args[file + 1]!) : path.posix.join(dir, args.at(-1)!, 'Dockerfile'),
          ),
        );
      }
    }
    return out;
  });
}

/** The root CI files of the systems other than Actions. */
const OTHER_CI_CONFIG =
  /^\.gitlab-ci\.ya?ml$|^\.circleci\/config\.ya?ml$|^azure-pipelines\.ya?ml$|^Jenkinsfile$|^\.drone\.ya?ml$|^bitbucket-pipelines\.ya?ml$/;

/**
 * CI configuration files, where a build that pushes is a release: Actions workflows (ci.ts's `ACTIONS_WORKFLOW`, read
 * at call time: ci.ts and this module import each other) and the root files of the other systems.
 */
const isCiConfig = (p: string): boolean => ACTIONS_WORKFLOW.test(p) || OTHER_CI_CONFIG.test(p);

const PUSHES = /--push\b|type=registry|\bdocker\s+(?:image\s+)?push\b|^\s*push:\s*true\b/m;
const MAKEFILE = /(^|\/)(?:GNU)?[Mm]akefile$|\.mk$/;

/**
 * The CI step or Makefile recipe that builds a Dockerfile (`-f`, `--file`, `file:`) and pushes the image (`--push`,
 * `type=registry`, `docker push`, `push: true`).
 */
function ciReleaseOf(view: RepoIndex, dockerfile: string): { path: string; line: number } | undefined {
  // CI lives at the repository root: a component's view (which does not list it) asks its repository.
  const repo = view.wholeRepo();
  const name = escapeRegExp(view.toRepo(dockerfile));
  const names = new RegExp(`(?:^|\\s)(?:-f|--file|file:)[=\\s]*["']?(?:\\.\\/)?${name}["']?(?:\\s|$)`);
  const resolver = new CommandResolver(repo);
  for (const f of repo.files) {
    if (MAKEFILE.test(f.path)) {
      const released = makeReleaseOf(repo, resolver, f.path, names);
      if (released) return { path: view.fromRepo(f.path), line: released };
    }
    if (!isCiConfig(f.path)) continue;
    const lines = repo.lines(f.path);
    // Every step naming the file: a workflow often builds it once to test (`push: false`, `load: true`) and pushes
    // it in a later step.
    for (let at = 0; at < lines.length; at++) {
      if (!names.test(lines[at]!)) continue;
      // The push is in the same step: the lines around the build up to the next step.
      const window = lines.slice(Math.max(0, at - 12), at + 12).join('\n');
      if (PUSHES.test(window)) return { path: view.fromRepo(f.path), line: at + 1 };
    }
  }
  return undefined;
}

/**
 * The line of a Makefile recipe that builds the Dockerfile `names` matches and pushes it, with the Makefile's
 * variables put in place: `-f docker/Dockerfile$(SUFFIX) $(PUSH_ARG)` where `PUSH_ARG=--push` when `PUSH=1`.
 */
function makeReleaseOf(repo: RepoIndex, resolver: CommandResolver, file: string, names: RegExp): number | undefined {
  const lines = repo.lines(file);
  const dir = path.posix.dirname(file);
  for (let at = 0; at < lines.length; at++) {
    if (!/^\t/.test(lines[at]!) || !/(?:-f|--file)\b/.test(lines[at]!)) continue;
    // The recipe around the line: the tab-indented lines of its target.
    let from = at;
    while (from > 0 && /^\t/.test(lines[from - 1]!)) from--;
    let to = at;
    while (to + 1 < lines.length && /^\t/.test(lines[to + 1]!)) to++;
    const recipe = lines.slice(from, to + 1).join('\n');
    const built = resolver.makeExpansions(lines[at]!, dir).some((l) => names.test(l));
    if (built && resolver.makeExpansions(recipe, dir).some((r) => PUSHES.test(r))) return at + 1;
  }
  return undefined;
}

/**
 * Language runtime, toolchain and distribution images whose own default command is an interactive shell or REPL
 * (`php -a`, `python3`, `node`, `irb`, `iex`, `bash`): built on one with no CMD or ENTRYPOINT of its own, an image
 * runs nothing. Server variants (php:*-fpm, php:*-apache) run a server and are not among them.
 */
const REPL_BASE =
  /(?:^|\/)(?:php|composer|python|pypy|node|ruby|jruby|elixir|erlang|golang|rust|openjdk|eclipse-temurin|amazoncorretto|maven|gradle|alpine|debian|ubuntu|busybox|buildpack-deps|fedora|centos|rockylinux|almalinux|archlinux)$/;

/**
 * The image this Dockerfile builds starts nothing of its own: its final stage (with the stages it builds FROM) has no
 * CMD or ENTRYPOINT and its base image's default command is a shell or REPL: a package installed to try it in, not a
 * program it ships.
 */
export function startsNothing(df: ParsedDockerfile): boolean {
  const stage = df.finalStage;
  if (!stage) return false;
  if (effectiveInstruction(df, 'CMD') || effectiveInstruction(df, 'ENTRYPOINT')) return false;
  const chain = stageChain(df, stage);
  const base = chain[chain.length - 1]!.from;
  if (base.stageRef || base.parameterised) return false;
  return REPL_BASE.test(base.image.toLowerCase()) && !/(?:^|[-_])(?:fpm|apache)(?:$|[-_])/.test(base.tag ?? '');
}
