import { builtinModules } from 'node:module';
import { build, type BuildFailure, type Message } from 'esbuild';

/** A Node built-in that a browser bundle of an entry point would need, and which file asks for it. */
export interface NodeBuiltinImport {
  module: string;
  importer: string;
}

const UNRESOLVED = /^Could not resolve "(.+)"$/;

/**
 * Bundles `entry` the way a front-end build does (esbuild, platform browser, dependencies'
 * `browser` fields honoured). Node built-ins cannot resolve there, so each one the entry pulls
 * in, directly or through a dependency, comes back as a build error; those are returned, sorted,
 * and any other failure is thrown.
 */
export async function nodeBuiltinsIn(entry: string): Promise<NodeBuiltinImport[]> {
  try {
    await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
    return [];
  } catch (error) {
    const errors = (error as BuildFailure).errors ?? [];
    const builtins = errors.map(builtinImport);
    if (errors.length === 0 || builtins.includes(undefined)) throw error;
    return (builtins as NodeBuiltinImport[]).sort((a, b) => `${a.importer} ${a.module}`.localeCompare(`${b.importer} ${b.module}`));
  }
}

function builtinImport(message: Message): NodeBuiltinImport | undefined {
  const module = UNRESOLVED.exec(message.text)?.[1];
  if (!module || !message.location) return undefined;
  const name = module.replace(/^node:/, '');
  const isBuiltin = module.startsWith('node:') || builtinModules.includes(name) || builtinModules.includes(name.split('/')[0]);
  return isBuiltin ? { module, importer: message.location.file } : undefined;
}
