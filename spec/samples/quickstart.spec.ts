import { quickstart } from '../../samples/quickstart';

describe('samples/quickstart.ts', () => {
  it('without an API key, says it uses the simulated provider and prints personas from the sample data', async () => {
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
    try {
      await quickstart({});
    } finally {
      log.mockRestore();
    }
    expect(lines[0]).toMatch(/^No API key found \(OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, GOOGLE_API_KEY\): using the simulated provider at http:\/\/127\.0\.0\.1:\d+\/v1\.$/);
    expect(lines[1]).toBe('Generating 3 personas from data/interviews.md, data/support-tickets.txt, data/survey.csv with simulated (stand-in)');
    expect(lines.filter((line) => line.startsWith('['))).toEqual([
      '[1/5] Preparing research data',
      '[2/5] Rendering the prompt from 3 source(s)',
      '[3/5] Requesting 3 persona(s) from simulated (stand-in)',
      '[4/5] Receiving the response from simulated',
      '[5/5] Parsing personas',
    ]);
    expect(lines.filter((line) => line.includes('quote: ')).length).toBe(3);
    // The simulated provider is never priced.
    expect(lines.at(-1)).toMatch(/^3 personas in \d+ ms \(\d+ tokens\)$/);
  });
});
