import { JsonDepthGauge, MAX_JSON_DEPTH, nestsDeeperThan } from '../../lib/parsing/json-depth';

const nested = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('JSON depth', () => {
  it('allows exactly the limit and refuses one level more', () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('counts siblings at their own depth, not added up', () => {
    expect(nestsDeeperThan(`[${Array.from({ length: 100 }, () => '{"a":[1]}').join(',')}]`, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ text: `"${'{['.repeat(200)}\\"` }), 2)).toBe(false);
    expect(nestsDeeperThan(`{"a": "\\\\", "b": [[[]]]}`, 3)).toBe(true);
  });

  it('keeps its place across pieces split anywhere, inside strings and escapes too', () => {
    const text = `{"a":"x\\"[[[","b":${nested(4)}}`;
    for (let split = 0; split <= text.length; split += 1) {
      const gauge = new JsonDepthGauge(4);
      expect([gauge.push(text.slice(0, split)), gauge.push(text.slice(split))].includes(true)).toBe(true);
      const roomy = new JsonDepthGauge(5);
      expect([roomy.push(text.slice(0, split)), roomy.push(text.slice(split))]).toEqual([false, false]);
    }
  });

  it('stays answered once exceeded, and survives stray closing brackets', () => {
    const gauge = new JsonDepthGauge(1);
    expect(gauge.push(']]} [[')).toBe(true);
    expect(gauge.push(']]]]')).toBe(true);
  });
});
