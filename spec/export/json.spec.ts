import { GenerationResultSchema, PersonaSchema, personaToJson, resultToJson, type GenerationResult } from '../../lib';

const result: GenerationResult = {
  runId: 'r1',
  personas: [PersonaSchema.parse({ id: 'p1', name: 'Ana', goals: ['ship ✓'] })],
  usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
  provider: 'openai',
  model: 'gpt-4o-mini',
  sourceFiles: ['notes.md'],
  startedAt: '2026-11-28T10:00:00.000Z',
  finishedAt: '2026-11-28T10:00:01.000Z',
  durationMs: 1000,
  attempts: 1,
  quality: { quotesTotal: 0, quotesVerified: 0 },
};

describe('JSON export', () => {
  it('writes a result as indented JSON ending in a newline, which parses back to the same result', () => {
    const text = resultToJson(result);
    expect(text.startsWith('{\n  "runId": "r1",\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(GenerationResultSchema.parse(JSON.parse(text))).toEqual(result);
  });

  it('writes one persona the same way', () => {
    expect(personaToJson(result.personas[0])).toBe(`${JSON.stringify(result.personas[0], null, 2)}\n`);
    expect(JSON.parse(personaToJson(result.personas[0])).goals).toEqual(['ship ✓']);
  });
});
