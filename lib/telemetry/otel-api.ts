import type * as Api from '@opentelemetry/api';

/** `@opentelemetry/api`, the one OpenTelemetry package the library ever loads. */
export type OtelApi = typeof Api;

/** What `load` returns, or undefined when it throws: a module that is absent (or broken) is no module. */
export function optionalModule<T>(load: () => T): T | undefined {
  try {
    return load();
  } catch {
    return undefined;
  }
}

let loaded: { api?: OtelApi } | undefined;

/**
 * `@opentelemetry/api` when the app installed it, loaded once on first use; undefined when it did
 * not. A `require` in a `try`, not an `import`: the package is an optional peer, and nothing may
 * fail to load without it. Node resolves it from the CommonJS build (which the ES-module entry
 * points wrap); bundlers bundle it when it is there and leave the guarded call otherwise.
 */
export function otelApi(): OtelApi | undefined {
  loaded ??= { api: optionalModule(() => require('@opentelemetry/api') as OtelApi) };
  return loaded.api;
}
