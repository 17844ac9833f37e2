import { describe, expect, it } from 'vitest';
import { detectCode } from '../../src/facts/code.js';
import { expressionAt } from '../../src/facts/code-scan.js';
import { applyMask, inMask, maskSpans, maskText, mayBeInComment, syntaxOf } from '../../src/facts/code-text.js';
import { RepoIndex } from '../../src/repo/index.js';

/** The characters of `text` that survive masking, with blanked runs shown as one space. */
function kept(text: string, syntax: Parameters<typeof maskText>[1], strings = true): string {
  const m = maskText(text, syntax);
  return (strings ? m.code : m.bare)
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trimEnd())
    .join('\n')
    .trim();
}

describe('maskText: comments', () => {
  it('blanks JS/TS line and block comments, keeping offsets and line breaks', () => {
    const src = 'a(); // app.use(helmet())\n/* app.use(cors())\n   still */ b();\n';
    const m = maskText(src, 'js');
    expect(m.code.length).toBe(src.length);
    expect(m.code.split('\n').length).toBe(src.split('\n').length);
    expect(kept(src, 'js')).toBe('a();\n\n b();');
  });

  it('does not take // inside a string or a URL for a comment', () => {
    expect(kept('const u = "http://x/y"; go()', 'js')).toBe('const u = "http://x/y"; go()');
  });

  it('blanks Python # comments but not # inside strings', () => {
    expect(kept('x = "a#b"  # note\ny = 1', 'python')).toBe('x = "a#b"\ny = 1');
  });

  it('shell and YAML comments start a word; Dockerfile-style `a#b` and URLs with fragments are not comments', () => {
    expect(kept('url: http://x/#frag # real comment', 'yaml')).toBe('url: http://x/#frag');
    expect(kept('echo ${#arr} a#b # c', 'shell')).toBe('echo ${#arr} a#b');
  });

  it('Ruby =begin/=end blocks, SQL -- comments and HTML comments', () => {
    expect(kept('=begin\nuse Rack::Attack\n=end\nrun App', 'ruby')).toBe('run App');
    expect(kept('select 1 -- x\nfrom t', 'sql')).toBe('select 1\nfrom t');
    expect(kept('<a/><!-- <b/> -->', 'markup')).toBe('<a/>');
  });
});

describe('maskText: literals (strings: false)', () => {
  it('blanks string contents and keeps the quotes', () => {
    expect(kept('mock("MockService")', 'js', false)).toBe('mock(" ")');
  });

  it('blanks Python triple-quoted strings over several lines, with prefixes', () => {
    const src = 'def f():\n    text = """Uses a mock\n    in tests."""\n    return rb"raw"\n';
    expect(kept(src, 'python', false)).toBe('def f():\n text = """\n """\n return rb" "');
  });

  it('blanks Python docstrings as comments (their examples are not code), but not triple-quoted values', () => {
    const src = [
      '"""Module doc: print(resp)"""',
      'def get(url):',
      '    """Example:',
      '        requests.get(url)',
      '    """',
      '    sql = (',
      '        """SELECT 1"""',
      '    )',
      '    q = """SELECT 2""".strip()',
      '    return """',
      'x"""',
    ].join('\n');
    const code = kept(src, 'python');
    expect(code).not.toContain('print(resp)');
    expect(code).not.toContain('requests.get');
    expect(code).toContain('SELECT 1');
    expect(code).toContain('SELECT 2');
    expect(code).toContain('return """');
  });

  it('JS template literals: the literal parts are blanked, the ${} code is kept', () => {
    expect(kept('const s = `mock ${makeMock()} done`;', 'js', false)).toBe('const s = ` ${makeMock()} `;');
  });

  it('JS regex literals are literals; a division is not', () => {
    expect(kept('const re = /mock|stub/i; const x = a / b / c;', 'js', false)).toBe(
      'const re = / /i; const x = a / b / c;',
    );
  });

  it('Go raw strings span lines', () => {
    expect(kept('q := `select\nmock`\nf()', 'go', false)).toBe('q := `\n `\nf()');
  });

  it('Rust: lifetimes and labels are not strings; raw, byte and multi-line strings and chars are; comments nest', () => {
    expect(kept("fn f<'a>(x: &'a str) -> &'a str { x }", 'rust', false)).toBe("fn f<'a>(x: &'a str) -> &'a str { x }");
    expect(kept('let s = r#"a "quoted" mock"#; let c = \'"\'; g()', 'rust', false)).toBe(
      'let s = r#" "#; let c = \' \'; g()',
    );
    expect(kept('let q = "select\nmock";\nf()', 'rust', false)).toBe('let q = "\n ";\nf()');
    expect(kept("/* a /* nested */ still */ go(); 'outer: loop {}", 'rust')).toBe("go(); 'outer: loop {}");
  });

  it('C#: verbatim, interpolated and raw strings and chars are literals; comments are blanked', () => {
    expect(kept('var p = @"C:\\x ""q"" mock"; f(); // app.UseCors()', 'csharp', false)).toBe('var p = @" "; f();');
    expect(kept('var s = $"id {id}"; var c = \'"\'; g();', 'csharp', false)).toBe('var s = $" "; var c = \' \'; g();');
    expect(kept('var r = """\nmock\n"""; h();', 'csharp', false)).toBe('var r = """\n\n"""; h();');
  });

  it('an apostrophe in a YAML plain scalar is not a string', () => {
    expect(kept("note: it's fine # x\nkey: 'v'", 'yaml', false)).toBe("note: it's fine\nkey: ' '");
  });
});

describe('maskSpans: the mask kept as the spans it blanks', () => {
  const src = [
    'const a = "x // y"; // note',
    '/* block',
    '   comment */ const t = `tpl ${a}`;',
    "const r = /re'gex/; f('s', \"d\");",
    '',
  ].join('\r\n');

  it('rebuilds exactly the masked texts and answers position by position like them', () => {
    const spans = maskSpans(src, 'js')!;
    const m = maskText(src, 'js');
    expect(applyMask(src, spans.comments)).toBe(m.code);
    expect(applyMask(src, spans.all)).toBe(m.bare);
    for (let i = 0; i < src.length; i++) {
      const kept = src[i] === ' ' || src[i] === '\r' || src[i] === '\n';
      expect(inMask(spans.comments, i) && !kept).toBe(m.code[i] !== src[i]);
      expect(inMask(spans.all, i) && !kept).toBe(m.bare[i] !== src[i]);
    }
  });

  it('is undefined when nothing would be blanked', () => {
    expect(maskSpans('a = 1\n', 'python')).toBeUndefined();
    expect(maskSpans('# not a comment in plain text', 'none')).toBeUndefined();
  });
});

describe('mayBeInComment: whether lexing can be skipped', () => {
  // Pieces that open, close or fake comments (in strings, regexes, templates, `/*/`), joined at random.
  const pieces = [
    '//',
    '/*',
    '*/',
    '/*/',
    '\n',
    '"',
    "'",
    '`',
    '${',
    '}',
    '/',
    '*',
    'a',
    ' ',
    'x = 1;',
    "'//'",
    '"/*"',
  ];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };

  it('is true wherever the lexer finds a comment, for every syntax it answers for', () => {
    const missed: string[] = [];
    for (const syntax of ['js', 'go', 'jvm', 'c', 'csharp'] as const)
      for (let round = 0; round < 300; round++) {
        let text = '';
        for (let k = next(24); k >= 0; k--) text += pieces[next(pieces.length)];
        const comments = maskSpans(text, syntax)?.comments;
        for (let i = 0; comments && i <= text.length; i++)
          if (inMask(comments, i) && !mayBeInComment(text, i, syntax))
            missed.push(`${syntax} ${JSON.stringify(text)} @${i}`);
      }
    expect(missed).toEqual([]);
  });

  it('is false before any comment, after closed ones and on lines without `//`; always true for other syntaxes', () => {
    const text = '/* licence */\nimport a from "a";\n// note\nconst b = require("b"); /* open\nrequire("c")';
    expect(mayBeInComment(text, text.indexOf('import'), 'js')).toBe(false);
    expect(mayBeInComment('import a from "a";', 0, 'js')).toBe(false);
    expect(mayBeInComment('/*x*/', 0, 'js')).toBe(true);
    expect(mayBeInComment(text, text.indexOf('require("b")'), 'js')).toBe(false);
    expect(mayBeInComment(text, text.indexOf('require("c")'), 'js')).toBe(true);
    expect(mayBeInComment('x = 1\nimport os\n', 6, 'python')).toBe(true);
  });
});

describe('syntaxOf', () => {
  it('knows languages and configuration files by name', () => {
    expect(syntaxOf('a.ts', 'typescript')).toBe('js');
    expect(syntaxOf('deploy/app.yaml')).toBe('yaml');
    expect(syntaxOf('Dockerfile.prod')).toBe('shell');
    expect(syntaxOf('conf/nginx.conf')).toBe('hash');
    expect(syntaxOf('package.json')).toBe('none');
  });
});

describe('maskText: Razor components', () => {
  const page = [
    '@page "/orders"',
    '@attribute [Authorize(Roles = "admin")]',
    '@inject OrderClient Orders',
    '@* @attribute [AllowAnonymous] *@',
    '<h1>Orders [Authorize]</h1>',
    '@foreach (var o in rows) { <li>@o.Id</li> }',
    '@code {',
    '    private string label = "}";',
    '    // throw new NotImplementedException();',
    '    void Load() { rows = Orders.All(); }',
    '}',
    '<footer>@DateTime.Now</footer>',
  ].join('\n');

  it('keeps directives and @code bodies as C#, blanks the markup, razor comments and inline expressions', () => {
    expect(syntaxOf('Components/Pages/Orders.razor', 'csharp')).toBe('razor');
    expect(
      maskText(page, 'razor')
        .code.split('\n')
        .map((l) => l.replace(/\s+/g, ' ').trim()),
    ).toEqual([
      '"/orders"',
      '[Authorize(Roles = "admin")]',
      'OrderClient Orders',
      '',
      '',
      '',
      '{',
      'private string label = "}";',
      '',
      'void Load() { rows = Orders.All(); }',
      '}',
      '',
    ]);
    // The string inside the block is a literal of the C# left over.
    expect(kept(page, 'razor', false)).toContain('label = " ";');
  });
});

describe('facts.code', () => {
  const repo = RepoIndex.fromMemory({
    'app.js':
      "const app = express();\n// app.use(helmet());\napp.use(cors()); /* app.use(x) */\nconst s = 'app.use(y)';\n",
    'app.py': 'x = 1  # add_middleware(Foo)\napp.add_middleware(Bar)\n',
  });
  const code = detectCode(repo);

  it('grep finds matches in code only, with the original line and groups', () => {
    const hits = code.grep(/app\.use\((\w+)/);
    expect(hits.map((h) => [h.path, h.line, h.groups[1]])).toEqual([
      ['app.js', 3, 'cors'],
      ['app.js', 4, 'y'],
    ]);
    expect(hits[0]!.text).toBe('app.use(cors()); /* app.use(x) */');
  });

  it('grep with strings: false also skips literals, and reads groups from the original text', () => {
    expect(code.grep(/app\.use\((\w+)/, { strings: false }).map((h) => h.line)).toEqual([3]);
    expect(code.grep(/add_middleware\((\w+)/).map((h) => h.groups[1])).toEqual(['Bar']);
  });

  it('isCode answers for a line and a column', () => {
    expect(code.isCode('app.js', 2)).toBe(false);
    expect(code.isCode('app.js', 3)).toBe(true);
    expect(code.isCode('app.js', 3, { column: 20 })).toBe(false);
    expect(code.isCode('app.js', 4, { column: 12, strings: false })).toBe(false);
    expect(code.isCode('app.py', 1, { column: 8 })).toBe(false);
  });
});

describe('facts.code.subclasses', () => {
  const code = detectCode(
    RepoIndex.fromMemory({
      'src/base.ts': 'export abstract class TokenCheck {}\n',
      'src/require.ts':
        'export class RequireUser extends TokenCheck {}\nexport class Other extends TokenCheckBase {}\n',
      'app/models.py': 'class Admin(TokenCheck):\n    pass\n',
    }),
  );

  it('lists the classes declared as extending the name, with where they are', () => {
    expect(code.subclasses('TokenCheck')).toEqual([
      { name: 'Admin', path: 'app/models.py', line: 1 },
      { name: 'RequireUser', path: 'src/require.ts', line: 1 },
    ]);
    expect(code.subclasses('RequireUser')).toEqual([]);
  });

  it('reads a Kotlin supertype written after the primary constructor, over several lines', () => {
    const kt = detectCode(
      RepoIndex.fromMemory({
        'src/Denied.kt':
          'open class Denied(msg: String) : RuntimeException(msg)\n\nclass LockedOut(\n    msg: String,\n) : Denied(msg)\n\nclass Holder(\n    val d: Int,\n) : Comparable<Denied>\n',
        'app/forms.py': 'class Form(Base):\n    Denied = None\n',
      }),
    );
    expect(kt.subclasses('Denied')).toEqual([{ name: 'LockedOut', path: 'src/Denied.kt', line: 3 }]);
  });
});

describe('facts.code.inTextBlock', () => {
  const src = [
    "const one = 'registerOTel({})';",
    'const snippet = `import { registerOTel } from "@vercel/otel";',
    'registerOTel({ serviceName: "demo" });`;',
    '// registerOTel({})',
    'registerOTel({ serviceName: "self" });',
    '',
  ].join('\n');
  const code = detectCode(RepoIndex.fromMemory({ 'page.ts': src }));
  const nth = (n: number) => src.split('registerOTel', n).join('registerOTel').length;

  it('is true inside a literal that runs over several lines', () => {
    expect(code.inTextBlock('page.ts', nth(2))).toBe(true);
    expect(code.inTextBlock('page.ts', nth(3))).toBe(true);
  });

  it('is false in a one-line string, a comment and code', () => {
    expect(code.inTextBlock('page.ts', nth(1))).toBe(false);
    expect(code.inTextBlock('page.ts', nth(4))).toBe(false);
    expect(code.inTextBlock('page.ts', nth(5))).toBe(false);
  });
});

describe('facts.code.behindFeatureSwitch', () => {
  const code = detectCode(
    RepoIndex.fromMemory({
      'mail.go': 'func reset(w http.ResponseWriter) {\n\tif !cfg.Mail.Enabled {\n\t\tw.WriteHeader(501)\n\t}\n}\n',
      'signup.py': 'def signup():\n    if not settings.SIGNUP_ENABLED:\n        return Response(status=501)\n',
      'export.ts': 'if (!isAdmin) {\n  res.status(403);\n}\nres.status(501);\n',
      'feature.rb': 'unless feature_enabled?(:export)\n  head :not_implemented\nend\n',
      'upload.py': [
        'async def upload(data):',
        '    if settings.STORE_URL is None or settings.STORE_KEY is None:',
        '        return JSONResponse(',
        '            content={',
        '                "Error": "no store",',
        '            },',
        '            status_code=501,',
        '        )',
        '    if data.get("layers"):',
        '        return JSONResponse(',
        '            content={"Error": "later"},',
        '            status_code=501,',
        '        )',
      ].join('\n'),
    }),
  );

  it('is true in a branch taken when a feature or setting is off', () => {
    expect(code.behindFeatureSwitch('mail.go', 3)).toBe(true);
    expect(code.behindFeatureSwitch('signup.py', 3)).toBe(true);
    expect(code.behindFeatureSwitch('feature.rb', 2)).toBe(true);
  });

  it('is true under a Python `if` a response over several lines sits in, when it tests a setting unset', () => {
    expect(code.behindFeatureSwitch('upload.py', 7)).toBe(true);
    expect(code.behindFeatureSwitch('upload.py', 12)).toBe(false);
  });

  it('is false after an unrelated condition', () => {
    expect(code.behindFeatureSwitch('export.ts', 4)).toBe(false);
  });
});

describe('maskText: Rust unit tests', () => {
  it('blanks a `mod tests` holding test functions even without #[cfg(test)], not one without tests', () => {
    const src =
      'pub fn live() {}\n\nmod tests {\n    struct MockSource;\n\n    #[tokio::test]\n    async fn reads() {}\n}\n\npub mod test {\n    pub struct FakeClock;\n}\n';
    const code = maskText(src, 'rust').code;
    expect(code).toContain('pub fn live()');
    expect(code).not.toContain('MockSource');
    expect(code).toContain('FakeClock');
  });
});

describe('expressionAt: builder chains with comment lines', () => {
  it('reads a chain past whole comment lines, blanking them and keeping offsets', () => {
    const src =
      "let c = Client::builder()\n    // a reason, with an apostrophe: it's fine\n    .timeout(secs(5))\n    .build()?;\nnext();\n";
    const start = src.indexOf('Client');
    const expr = expressionAt(src, start);
    expect(expr).toContain('.timeout(secs(5))');
    expect(expr).not.toContain('apostrophe');
    expect(expr.length).toBe(src.indexOf(';') - start);
    expect(src.slice(start + expr.indexOf('.build'))).toMatch(/^\.build/);
  });

  it('does not read a commented-out call, and ends where the line after the comments does not continue', () => {
    const chain = 'Client::builder()\n    // .timeout(secs(5))\n    .build()?;\n';
    expect(expressionAt(chain, 0)).not.toContain('timeout');
    const ended = 'Client::new()\n// .timeout(secs(5))\nlet other = 1;\n';
    expect(expressionAt(ended, 0)).toBe('Client::new()');
  });
});

describe('maskText: F#', () => {
  it('reads F# files as F#', () => {
    expect(syntaxOf('src/Api/Program.fs', 'fsharp')).toBe('fsharp');
  });

  it('blanks line comments and nested block comments, but not the (*) operator', () => {
    expect(kept('let a = 1 // route "/x"\nlet b = 2', 'fsharp')).toBe('let a = 1\nlet b = 2');
    expect(kept('(* outer (* inner *) still *) run ()', 'fsharp')).toBe('run ()');
    expect(kept('let product = List.fold (*) 1 xs', 'fsharp')).toBe('let product = List.fold (*) 1 xs');
  });

  it('blanks strings of every kind, and char literals, but not type parameters or primed names', () => {
    expect(kept('let s = "a // b" in f s', 'fsharp', false)).toBe('let s = " " in f s');
    expect(kept('let p = @"C:\\x ""q"""; g ()', 'fsharp', false)).toBe('let p = @" "; g ()');
    expect(kept('let t = """say "hi" (* no *)"""; h ()', 'fsharp', false)).toBe('let t = """ """; h ()');
    expect(kept('let i = $"id {id}"; k ()', 'fsharp', false)).toBe('let i = $" "; k ()');
    expect(kept("let c = 'x' in let x' = 1 in id<'T> x'", 'fsharp', false)).toBe(
      "let c = ' ' in let x' = 1 in id<'T> x'",
    );
  });
});
