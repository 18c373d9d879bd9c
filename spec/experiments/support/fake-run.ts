import { GenerationResultSchema, PersonaConfigSchema, PersonaSchema, type GenerationResult } from '../../../lib';

/**
 * A finished one-persona run to save, built through the schemas so that fields added to results
 * and configs get their defaults here.
 */
export function fakeRunResult(runId: string, personaName = 'Lucía Fernández'): GenerationResult {
  return GenerationResultSchema.parse({
    runId,
    personas: [PersonaSchema.parse({ id: 'p1', name: personaName })],
    usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    provider: 'openai',
    model: 'gpt-4o-mini',
    sourceFiles: [],
    startedAt: '2026-11-28T10:00:00.000Z',
    finishedAt: '2026-11-28T10:00:01.000Z',
    durationMs: 1000,
    attempts: 1,
    quality: { quotesTotal: 0, quotesVerified: 0 },
  });
}

export const FAKE_RUN_CONFIG = PersonaConfigSchema.parse({ count: 1 });
