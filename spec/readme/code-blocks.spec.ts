import { typeScriptBlocks } from './support/code-blocks';

describe('typeScriptBlocks', () => {
  it('finds each ```ts block with its line and the marker that leaves it out, ignoring other languages', () => {
    const markdown = [
      '# Title',
      '```ts',
      "const a = 1;",
      '```',
      '```sh',
      'npm test',
      '```',
      '```ts',
      '// Not run by the README spec: it needs a page.',
      'location.href;',
      '```',
      '```ts',
      '// Not compiled by the README spec: it needs Angular.',
      '```',
    ].join('\n');
    expect(typeScriptBlocks(markdown)).toEqual([
      { line: 2, code: 'const a = 1;\n' },
      { line: 8, code: '// Not run by the README spec: it needs a page.\nlocation.href;\n', skip: { step: 'run', reason: 'it needs a page.' } },
      { line: 12, code: '// Not compiled by the README spec: it needs Angular.\n', skip: { step: 'compile', reason: 'it needs Angular.' } },
    ]);
  });
});
