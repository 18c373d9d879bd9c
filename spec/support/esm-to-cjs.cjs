// Jest runs CommonJS, whose loader cannot serve a real import(): an ES-module-only bundle that the
// library imports at run time (unpdf's PDF.js) is turned into CommonJS here, with esbuild, for the
// specs only. The built package loads the real ES module.
const { transformSync } = require('esbuild');
const { createHash } = require('node:crypto');


module.exports = {
  getCacheKey: (source) => createHash('sha256').update('esm-to-cjs-2').update(source).digest('hex'),
  process(source) {
    const { code } = transformSync(source, {
      format: 'cjs',
      target: 'node20',
      loader: 'js',
      define: { 'import.meta.url': '__importMetaUrl' },
      banner: 'var __importMetaUrl = require("node:url").pathToFileURL(__filename).href;',
      logLevel: 'silent',
    });
    return { code };
  },
};
