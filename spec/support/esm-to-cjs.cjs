// Jest runs CommonJS, whose loader cannot serve a real import(): unpdf loads its ES-module-only
// PDF.js bundle with import() at run time. For the specs only, esbuild turns that import() into a
// require() and the bundle into CommonJS; the built package and Node load the real ES module.
const { transformSync } = require('esbuild');
const { createHash } = require('node:crypto');


module.exports = {
  getCacheKey: (source) => createHash('sha256').update('esm-to-cjs-3').update(source).digest('hex'),
  process(source) {
    const { code } = transformSync(source, {
      format: 'cjs',
      target: 'node20',
      loader: 'js',
      supported: { 'dynamic-import': false },
      define: { 'import.meta.url': '__importMetaUrl' },
      banner: 'var __importMetaUrl = require("node:url").pathToFileURL(__filename).href;',
      logLevel: 'silent',
    });
    return { code };
  },
};
