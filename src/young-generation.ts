import v8 from 'node:v8';

/**
 * The young generation's size during an audit. bin/readiness.js keeps V8's semi-spaces at the size loading the CLI
 * leaves them (growth factor 1: the CLI's start-up would grow them to the 16 MiB maximum, all of it resident) and asks
 * here, with a number of bytes under a global symbol set before the CLI is loaded, for a cap: the first fact lets
 * them grow again (factor 2), and the first one that finds them at the cap stops the growth. `--min-semi-space-size`
 * and `--max-semi-space-size` cannot be set from inside the process; the growth factor is read each time the space
 * would grow. Without the cap (the SDK, tests) this does nothing.
 */
const CAP_KEY = Symbol.for('readiness.youngGenerationCap');
let cap = (globalThis as Record<symbol, unknown>)[CAP_KEY] as number | undefined;
let growing = false;

/** Called as each fact is computed: cheap, and nothing at all once the cap is reached. */
export function capYoungGeneration(): void {
  if (cap === undefined) return;
  const size = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? cap;
  if (size < cap) {
    if (!growing) v8.setFlagsFromString('--semi-space-growth-factor=2');
    growing = true;
    return;
  }
  if (growing) v8.setFlagsFromString('--semi-space-growth-factor=1');
  cap = undefined;
}
