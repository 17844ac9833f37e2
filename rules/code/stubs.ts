import { defineRule } from '../../src/sdk/index.js';
import type { Evidence } from '../../src/sdk/types.js';

const MAX_EVIDENCE = 10;

export default defineRule({
  meta: {
    id: 'code.stubs',
    category: 'code',
    title: 'No unimplemented stubs on live code paths',
    severity: 'medium',
    level: 2,
    scope: 'component',
    docs: {
      why: 'A stub that raises "not implemented" or returns a TODO placeholder is a feature that fails in production the first time a caller reaches it; it passes review because it compiles.',
      how:
        'Scans production source files reached from the service entrypoints (tests, test utilities, mocks/, stories, examples, scripts and generated gRPC stubs excluded) for: raise NotImplementedError (Python, Ruby), throw new Error("not implemented"/"TODO"), throw UnsupportedOperationException("Not implemented")/NotImplementedException, Kotlin TODO(), panic("not implemented"/"TODO"), Rust todo!()/unimplemented!(), C# throw new NotImplementedException(), route handlers whose body is only pass/..., and endpoints that answer a placeholder ({"message": "TODO"}, res.json({ todo: true }), return "not implemented", 501 — except in a branch taken when a feature is switched off, like `if !cfg.Mail.Enabled`). ' +
        'Abstract methods and base classes are not stubs: @abstractmethod, ABC/Protocol/interface classes, abstract classes, Base*/Abstract* classes and classes that other classes extend are skipped, and so are the default methods of a Rust trait that mockall mocks (`#[automock]`, a `mock!` block) when every production implementation overrides them. ' +
        'In Python and Ruby, raise NotImplementedError is a stub only as the whole body of a function, or of a method of a class that is instantiated as it is: raised in a branch (else, except, rescue, after an early return, `unless`) it reports an unsupported case, and with a message about subclasses or inside a module it is the abstract-method idiom. A comment that flags the code as a stand-in ("placeholder implementation", "nothing is saved for now", "no-op for now") is a stub too; a comment that a working design is enough "for now" is not. Each stub is listed with file:line (first 10, then a count).',
      fix: [
        'Implement the stub, or remove the route/feature until it is implemented.',
        'If the method is meant to be overridden, make it abstract (@abstractmethod, abstract class, interface) so the compiler or runtime enforces it.',
      ],
      effort: 'M',
    },
    messages: {
      found: '{{count}} unimplemented stub(s) on live code paths{{more}}.',
      clean: 'No unimplemented stubs in {{files}} live production files.',
    },
    // What readiness documents call this practice (the claims audit maps their lines to this check).
    claims: ['fully implemented', 'stub-free', 'stubs removed'],
  },
  check(ctx) {
    const found = ctx.facts.stubs;
    const stubs: Evidence[] = found.stubs.map((st) => ctx.at(st.path, st.line, st.note));
    if (!stubs.length) {
      return ctx.pass(
        [
          ctx.missing(
            [
              'NotImplementedError',
              'not implemented throws',
              'panic("TODO")',
              'UnsupportedOperationException',
              'pass-only handlers',
              'TODO responses',
              '501',
            ],
            `none in ${found.files} live production files`,
          ),
        ],
        { messageId: 'clean', data: { files: found.files } },
      );
    }
    stubs.sort((a, b) => (a.path === b.path ? (a.line ?? 0) - (b.line ?? 0) : a.path < b.path ? -1 : 1));
    const more = stubs.length > MAX_EVIDENCE ? `, ${stubs.length - MAX_EVIDENCE} more not shown` : '';
    const evidence = stubs.slice(0, MAX_EVIDENCE);
    if (more) evidence.push(ctx.missing([], `${stubs.length - MAX_EVIDENCE} more stubs not shown`));
    return ctx.gap('found', evidence, {
      data: { count: stubs.length, more },
      size: { count: stubs.length, unit: 'stub', files: new Set(stubs.map((s) => s.path)).size },
    });
  },
});
