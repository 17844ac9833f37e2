import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import type { RepoIndex } from '../repo/index.js';

export interface DockerInstruction {
  keyword: string;
  /** Arguments with continuations joined. */
  args: string;
  /** 1-based first and last line (continuations span several). */
  line: number;
  endLine: number;
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
}

export interface DockerfileFacts {
  all: ParsedDockerfile[];
  /** Dockerfiles that build a production image (dev-only ones excluded). */
  production: ParsedDockerfile[];
}

const DOCKERFILE_NAME = /^(Dockerfile|Containerfile)(\.[\w.-]+)?$|\.(Dockerfile|dockerfile|Containerfile)$/;
const DEV_ONLY = /(^|\/)\.devcontainer\/|(^|\/)(Dockerfile|Containerfile)\.(dev|develop|development|local|debug|test|ci)$|\.(dev|test)\.(Dockerfile|dockerfile)$/i;

export function isDockerfilePath(p: string): boolean {
  return DOCKERFILE_NAME.test(path.posix.basename(p));
}

export function parseDockerfile(p: string, text: string): ParsedDockerfile {
  const df = DockerfileParser.parse(text);
  const instructions: DockerInstruction[] = df.getInstructions().map((i) => ({
    keyword: i.getKeyword().toUpperCase(),
    args: i.getArgumentsContent() ?? '',
    line: i.getRange().start.line + 1,
    endLine: i.getRange().end.line + 1,
  }));
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
  return { path: p, devOnly: DEV_ONLY.test(p), stages, args, instructions, finalStage: stages[stages.length - 1] };
}

function parseImageRef(raw: string, args: Record<string, string | undefined>, stages: DockerStage[]): DockerImageRef {
  const expanded = raw.replace(/\$\{?(\w+)(?::?-([^}]*))?\}?/g, (whole, name: string, def?: string) => args[name] ?? def ?? whole);
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

export function detectDockerfiles(repo: RepoIndex): DockerfileFacts {
  const all: ParsedDockerfile[] = [];
  for (const f of repo.files) {
    if (!isDockerfilePath(f.path)) continue;
    const text = repo.read(f.path);
    if (text === undefined) continue;
    all.push(repo.memo(`dockerfile:${f.path}`, () => parseDockerfile(f.path, text)));
  }
  return { all, production: all.filter((d) => !d.devOnly && d.stages.length > 0) };
}
