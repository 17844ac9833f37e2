import { describe, expect, it } from 'vitest';
import { Facts } from '../../src/facts/index.js';
import { RepoIndex } from '../../src/repo/index.js';

const site = (files: Record<string, string>) => new Facts(RepoIndex.fromMemory(files)).publicReadOnly;

/** A Laravel site whose routes name a controller that renders Blade views of Markdown files. */
const laravel = (routes: string, extra: Record<string, string> = {}) => ({
  'composer.json': '{"require":{"laravel/framework":"^11.0"},"autoload":{"psr-4":{"App\\\\":"app/"}}}',
  'config/database.php': "<?php\n\nreturn ['default' => env('DB_CONNECTION', 'mysql')];\n",
  'public/index.php': "<?php\n\nrequire __DIR__.'/../vendor/autoload.php';\n",
  'routes/web.php': `<?php\n\nuse App\\Http\\Controllers\\PageController;\nuse Illuminate\\Support\\Facades\\Route;\n\n${routes}\n`,
  'app/Http/Controllers/PageController.php':
    "<?php\n\nnamespace App\\Http\\Controllers;\n\nclass PageController\n{\n    public function show(string $slug)\n    {\n        return view('page', ['slug' => $slug]);\n    }\n}\n",
  ...extra,
});

describe('facts: public read-only site', () => {
  it('takes Laravel routes to a controller that renders views as pages, when nothing is kept and nobody signs in', () => {
    const get = "Route::get('pages/{slug}', [PageController::class, 'show']);";
    expect(site(laravel(get))).toMatchObject({ routes: 1, note: expect.stringContaining('no database') });
    // A write route, a model backed by migrations, or a user model: not a read-only site.
    expect(site(laravel(`${get}\nRoute::post('pages', [PageController::class, 'store']);`))).toBeUndefined();
    expect(
      site(
        laravel(get, {
          'app/Models/Page.php': '<?php\n\nnamespace App\\Models;\n\nclass Page extends Model\n{\n}\n',
          'database/migrations/2024_01_01_000000_create_pages_table.php': '<?php\n',
        }),
      ),
    ).toBeUndefined();
  });

  it('does not take routes that answer data for pages when no live code renders a view', () => {
    const files = laravel("Route::get('pages/{slug}', [PageController::class, 'show']);");
    files['app/Http/Controllers/PageController.php'] =
      "<?php\n\nnamespace App\\Http\\Controllers;\n\nclass PageController\n{\n    public function show(string $slug)\n    {\n        return response()->json(['slug' => $slug]);\n    }\n}\n";
    expect(site(files)).toBeUndefined();
  });

  it("does not take a view rendered outside the routes' handlers (a mail template) for pages", () => {
    const files: Record<string, string> = laravel("Route::get('pages/{slug}', [PageController::class, 'show']);", {
      'app/Mail/Digest.php':
        "<?php\n\nnamespace App\\Mail;\n\nclass Digest\n{\n    public function build()\n    {\n        return view('mail.digest');\n    }\n}\n",
    });
    files['app/Http/Controllers/PageController.php'] =
      "<?php\n\nnamespace App\\Http\\Controllers;\n\nuse App\\Mail\\Digest;\n\nclass PageController\n{\n    public function show(string $slug)\n    {\n        (new Digest())->build();\n        return response()->json(['slug' => $slug]);\n    }\n}\n";
    expect(site(files)).toBeUndefined();
  });
});
