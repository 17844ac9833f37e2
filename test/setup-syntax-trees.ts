// Tests compute facts synchronously (new Facts, runRules, runAuditPipeline) as the commands do after awaiting the
// grammars: load them once per test file. The CLI's own lazy load is exercised by the tests that run bin/readiness.js.
import { loadSyntaxTrees } from '../src/facts/syntax-trees.js';

await loadSyntaxTrees();
