import { performance } from 'node:perf_hooks';

/**
 * `readiness audit --timing`: where an audit spends its time. Every measured step is charged to a phase, and facts and
 * rules also by name, each with its exclusive time: a fact computed inside a rule (facts are lazy) is charged to the
 * fact, a file read inside a fact to `read`, so the phases add up to the whole run.
 */
export const PHASES = ['start-up', 'list', 'read', 'facts', 'rules', 'claims', 'report', 'history'] as const;
export type Phase = (typeof PHASES)[number];

interface Frame {
  phase: Phase;
  key?: string;
  start: number;
  children: number;
}

export class Timing {
  readonly phases = new Map<Phase, number>();
  /** Exclusive time per fact ("fact docs") and per rule ("rule data.backup"). */
  readonly items = new Map<string, number>();
  private readonly stack: Frame[] = [];

  constructor(readonly now: () => number = () => performance.now()) {}

  measure<T>(phase: Phase, key: string | undefined, fn: () => T): T {
    const frame: Frame = { phase, key, start: this.now(), children: 0 };
    this.stack.push(frame);
    try {
      return fn();
    } finally {
      this.stack.pop();
      const elapsed = this.now() - frame.start;
      const parent = this.stack.at(-1);
      if (parent) parent.children += elapsed;
      this.add(phase, key, elapsed - frame.children);
    }
  }

  /** Charges time measured elsewhere (start-up, before any timer existed). */
  add(phase: Phase, key: string | undefined, ms: number): void {
    this.phases.set(phase, (this.phases.get(phase) ?? 0) + ms);
    if (key) this.items.set(key, (this.items.get(key) ?? 0) + ms);
  }

  /** The phases and the ten slowest facts and rules, as lines for stderr. */
  summary(top = 10): string[] {
    const total = [...this.phases.values()].reduce((a, b) => a + b, 0);
    const ms = (n: number): string => `${n.toFixed(0).padStart(7)} ms`;
    const pct = (n: number): string => `${total ? ((100 * n) / total).toFixed(1) : '0.0'}%`.padStart(6);
    const lines = ['phase        time    share'];
    for (const p of PHASES)
      if (this.phases.has(p)) lines.push(`${p.padEnd(9)}${ms(this.phases.get(p)!)} ${pct(this.phases.get(p)!)}`);
    lines.push(`${'total'.padEnd(9)}${ms(total)}`, '', `slowest facts and rules (exclusive time)`);
    const slow = [...this.items].sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [k, v] of slow) lines.push(`${ms(v)} ${pct(v)}  ${k}`);
    return lines;
  }
}

let active: Timing | undefined;

/** This process's CPU time (user + system, all its threads) in milliseconds. */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Turns timing on for this process (the audit command's --timing) and returns the collector. With
 * READINESS_TIMING_CLOCK=cpu every step is charged its CPU time instead of wall time: on a loaded machine wall time
 * mostly measures the other processes.
 */
export function startTiming(): Timing {
  active = new Timing(process.env.READINESS_TIMING_CLOCK === 'cpu' ? cpuNow : () => performance.now());
  return active;
}

/** The clock of the running collector (wall time when timing is off): for steps charged by the caller. */
export function timingNow(): number {
  return active ? active.now() : performance.now();
}

export function stopTiming(): void {
  active = undefined;
}

/** Runs `fn`, charging its time to `phase` (and `key`) when timing is on; costs one branch when it is off. */
export function timed<T>(phase: Phase, key: string | undefined, fn: () => T): T {
  return active ? active.measure(phase, key, fn) : fn();
}

/** An asynchronous step (loading a module, opening the history) in which no other timed step runs. */
export async function timedAsync<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
  if (!active) return fn();
  const clock = active.now;
  const t0 = clock();
  try {
    return await fn();
  } finally {
    charge(phase, clock() - t0);
  }
}

/** Charges time measured by the caller to a phase. */
export function charge(phase: Phase, ms: number): void {
  active?.add(phase, undefined, ms);
}
