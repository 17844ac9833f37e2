import v8 from 'node:v8';
import vm from 'node:vm';

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

/**
 * The old generation's growth once an audit's heap is large. After each mark-compact V8 lets the heap grow to up to
 * four times what survived it (on a machine with this much memory): documenso's audit ran its last mark-compact at
 * 42 MB live, 7 s into the audit, and ended with 124 MB of heap, of which some 70 MB was live after the last
 * component (the rest promoted by scavenges and dead long before). bin/readiness.js asks here, with `{ above, percent }` under a global symbol,
 * for a smaller growing factor (1 + percent/100; V8 still grows by at least 8 MB) from the first fact that finds more
 * than `above` bytes in use: small audits never get there and pay nothing. V8 reads the factor only when a
 * mark-compact sets the next limit, and the limit the last one set may already be four times the live heap, so the
 * change is followed by one full collection (through a `gc` function taken from a context made while `--expose-gc` is
 * briefly on). Both flags are put back: code caches (bin/code-cache.js, Node's compile cache) are made under the flags
 * in force when they are written, and the next run starts without them.
 */
const GROWTH_KEY = Symbol.for('readiness.oldGenerationGrowth');
let growth = (globalThis as Record<symbol, unknown>)[GROWTH_KEY] as { above: number; percent: number } | undefined;

/** Called as each fact is computed: one heap statistics call until the heap passes the size, nothing after. */
export function limitOldGeneration(): void {
  if (growth === undefined || v8.getHeapStatistics().used_heap_size <= growth.above) return;
  v8.setFlagsFromString(`--heap-growing-percent=${growth.percent}`);
  growth = undefined;
  // Before bin/code-cache.js's own exit listener, which writes the caches.
  process.prependListener('exit', () => v8.setFlagsFromString('--heap-growing-percent=0'));
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  v8.setFlagsFromString('--no-expose-gc');
  gc();
}
