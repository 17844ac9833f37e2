// Module resolution hooks registered before rule packs are imported (src/engine/packs.ts): `readiness-audit/sdk` is
// the SDK of the readiness that is running, so a pack works whether or not it installed readiness itself.
let sdk = '';

export async function initialize(data: { sdk: string }): Promise<void> {
  sdk = data.sdk;
}

type Next = (specifier: string, context: unknown) => Promise<{ url: string }>;

export async function resolve(
  specifier: string,
  context: unknown,
  next: Next,
): Promise<{ url: string; shortCircuit?: boolean }> {
  if (sdk && (specifier === 'readiness-audit/sdk' || specifier === 'readiness-audit/sdk/index.js'))
    return { url: sdk, shortCircuit: true };
  return next(specifier, context);
}
