import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PersonaGenerator, redactSecrets } from '../../lib';
import { registeredSecretCount, registerSecrets } from '../../lib/errors/redact';

// Collecting garbage on demand is the only way to see a weak registry let go.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function afterCollection(): Promise<void> {
  // WeakRefs hold their target until the current job ends, and finalizers run in a later task.
  for (let round = 0; round < 2; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
  }
  await new Promise((resolve) => setImmediate(resolve));
}

function tenantKey(tenant: number): string {
  return `sk-tenant-${String(tenant).padStart(6, '0')}-secret`;
}

describe('the secret registry is bounded by what is alive', () => {
  it('a server making one generator per tenant key does not keep every key', async () => {
    const before = registeredSecretCount();
    const kept = new PersonaGenerator({ provider: 'openai', apiKey: tenantKey(0) });
    (function serveTenants() {
      for (let tenant = 1; tenant <= 200; tenant += 1) new PersonaGenerator({ provider: 'openai', apiKey: tenantKey(tenant) });
    })();
    expect(registeredSecretCount()).toBeGreaterThanOrEqual(before + 1);
    await afterCollection();
    expect(registeredSecretCount()).toBeLessThan(before + 10);
    // The generator still in use keeps its key redacted.
    expect(redactSecrets(`echo ${tenantKey(0)}`)).toBe('echo [redacted]');
    expect(kept.provider).toBe('openai');
  });

  it('a scope redacts while it is held, and stops once it is collected', async () => {
    let scope: object | undefined = registerSecrets(['scoped-secret-0001', undefined, '  ']);
    expect(redactSecrets('scoped-secret-0001')).toBe('[redacted]');
    expect(JSON.stringify(scope)).toBe('{}');
    scope = undefined;
    await afterCollection();
    expect(scope).toBeUndefined();
    expect(redactSecrets('scoped-secret-0001')).toBe('scoped-secret-0001');
  });
});
