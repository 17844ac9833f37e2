#!/usr/bin/env node
import fs from 'node:fs';
import module from 'node:module';
import v8 from 'node:v8';

// The young generation stops growing at the size it starts with: V8 would grow it to 32 MiB during an audit, all of
// it resident, while an audit's objects mostly die young at either size. `--max-semi-space-size` cannot be set from
// inside the process; the growth factor is read each time the space would grow, so 1 keeps it as it is. Measured
// against the same build without it (peak RSS; user + system CPU, interleaved runs on the loaded 2-core machine):
// FastAPI template 150 → 118 MiB, documenso 232 → 205 MiB, babel 187 → 157 MiB; CPU the same within the noise
// (documenso +3% at most). It is set before any code of the CLI is compiled: V8 accepts a code cache only under the
// flags it was made with (bin/code-cache.js).
v8.setFlagsFromString('--semi-space-growth-factor=1');
// During the audit itself they may grow once more, to 4 MiB (src/young-generation.ts): with 2 MiB, a quarter of
// documenso's CPU profile was scavenges (~700 of them, each promoting what a larger space would have let die).
// Measured against 2 MiB, user + system CPU of pairs run side by side on the loaded machine: documenso −3 to −5%
// (see docs/accuracy.md, round 2026-12-05d); peak RSS about +6 MiB where the space grows.
globalThis[Symbol.for('readiness.youngGenerationCap')] = 4 * 1024 * 1024;
// Once the heap holds over 56 MB, the old generation grows by 30% (at least 8 MB) past what a mark-compact leaves live,
// not up to 4× (src/young-generation.ts). Measured against the same build without it (peak RSS; user + system CPU,
// runs interleaved on the loaded 2-core machine): documenso 207–215 → 171–179 MiB, CPU the same within the noise;
// babel 150–161 → 146–149 MiB; the FastAPI template (48 MB of heap at most) never gets there. Over 32 MB with 20% cost
// documenso ~14% more CPU (a mark-compact every 8–10 MB) and the FastAPI template ~12%; see docs/accuracy.md, round
// 2026-12-06m.
globalThis[Symbol.for('readiness.oldGenerationGrowth')] = { above: 56 * 1024 * 1024, percent: 30 };
// Functions are optimised by TurboFan later: V8 counts bytecode run against an interrupt budget (66 KiB by default) and
// optimises a function after a few budgets' worth. An audit runs thousands of functions a few hundred times each (one
// per rule, fact, pattern, file kind), so most optimisations cost more compile time (on V8's helper threads, counted
// in the process's CPU) than they saved before the process exits; sixteen times the budget keeps them for the code
// that runs long (the literal scan, lexers, line splitting). Measured as user + system CPU of the same build with and
// without it, runs interleaved on the loaded 2-core machine, medians: FastAPI template 2.21 → 1.73 s, documenso and
// babel in docs/accuracy.md (round 2026-12-05h). It is read as functions run, so setting it here takes effect.
v8.setFlagsFromString('--interrupt-budget=1081344');
// Only flags that tune heuristics (sizes, budgets, growth factors), read afresh each time V8 uses them, are changed at
// run time: a flag that changes how code already made is run is not. `--no-regexp-tier-up` was set here (an audit's
// ~2,000 patterns compiled once, to machine code, instead of twice): one audit in about a thousand then died of a
// segmentation fault inside a regular expression's machine code (Node 20; core dump: NativeRegExpMacroAssembler::Execute
// jumping to a small integer), most likely a pattern Node had compiled for the interpreter before the change later run
// as machine code. Node documents that changing V8 flags after start-up may crash.

const cjs = new URL('../dist/cli/main.cjs', import.meta.url);
let main;
if (module.enableCompileCache) {
  // Node ≥ 22.1 keeps V8's compiled code of the ES module bundle in a cache on disk (os.tmpdir()/node-compile-cache, or
  // NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off): later runs skip compiling the ~3.7 MB of bundled
  // code. Measured on Node 22.23, user + system CPU, medians of 7: `readiness rules` 0.49 → 0.42 s, an audit of an
  // empty directory 0.69 → 0.60 s. The CLI is imported after it, so that its modules are compiled through the cache.
  module.enableCompileCache();
  ({ main } = await import('../dist/cli/main.js'));
} else if (fs.existsSync(cjs)) {
  // Node 20 has no such cache for ES modules: the CommonJS copy of the bundle is compiled with V8's code cache instead.
  const { loadBundle } = await import('./code-cache.js');
  ({ main } = loadBundle(new URL('.', cjs).pathname, 'main.cjs'));
} else {
  ({ main } = await import('../dist/cli/main.js'));
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
