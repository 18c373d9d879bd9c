/**
 * The layering persona-rx keeps, checked by spec/architecture/dependencies.spec.ts inside `npm test`.
 * Run by hand: npx depcruise lib --config .dependency-cruiser.cjs
 */
const NODE_ONLY_FOLDERS = '^lib/(experiments|data|cli|testing|queue)/|^lib/(node|cli|testing|queue)\\.ts$';
const NODE_BUILTINS = '^(node:)?(fs|path|child_process|http|https|net|os|worker_threads)(/|$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Folders and files depend one way: a shared type moves down to the layer both sides already import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-stays-browser-safe',
      severity: 'error',
      comment: 'Everything `persona-rx` (lib/index.ts) loads runs in a browser: the Node-only folders come in through lib/node.ts only.',
      from: { path: '^lib/index\\.ts$' },
      to: { path: NODE_ONLY_FOLDERS, reachable: true },
    },
    {
      name: 'core-imports-no-node-builtins',
      severity: 'error',
      comment: 'The browser-safe core never loads fs, path, child_process, http or net, directly or transitively.',
      from: { path: '^lib/index\\.ts$' },
      to: { path: NODE_BUILTINS, reachable: true },
    },
    {
      name: 'core-never-loads-testing',
      severity: 'error',
      comment: 'The fake servers are for tests (persona-rx/testing) and the CLI demo, never for the library core.',
      from: { path: '^lib/', pathNot: '^lib/(testing|cli)/|^lib/(testing|node|cli)\\.ts$' },
      to: { path: '^lib/testing(/|\\.ts$)' },
    },
    {
      name: 'batch-shares-the-request-core',
      severity: 'error',
      comment:
        'Provider-batch lines are rendered, parsed and checked by the request core in generation/ (renderedRequest, readChunks, wholeAnswer, runResult), never by a copy of their own.',
      from: { path: '^lib/batch/' },
      to: { path: '^lib/(prompts|parsing|evidence)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'generation-below-batch',
      severity: 'error',
      comment: 'The request core knows nothing of the batch engines built on it.',
      from: { path: '^lib/generation/' },
      to: { path: '^lib/(batch|generator|promise|queue)/' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A lib file nothing imports is dead code (entry points excepted).',
      from: { orphan: true, path: '^lib/', pathNot: '^lib/(index|node|testing|cli)\\.ts$|\\.json$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|dist|spec)/' },
    moduleSystems: ['cjs', 'es6'],
  },
};
