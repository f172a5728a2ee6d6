/**
 * Makes `require('@azure/functions-core')` return the worker's in-process object, as the real Node worker does.
 * `@azure/functions` is CommonJS and requires the module lazily, so this must run before the app's entry is
 * imported; it works for CommonJS and ESM apps alike because the library itself always goes through `require`.
 */
import Module from 'node:module';

const coreModuleName = '@azure/functions-core';

export function injectCoreModule(coreApi: object): void {
  const prototype = Module.prototype as { require: (id: string) => unknown };
  const originalRequire = prototype.require;
  prototype.require = function requireWithCoreModule(this: unknown, id: string): unknown {
    if (id === coreModuleName) return coreApi;
    return originalRequire.call(this, id);
  };
}
