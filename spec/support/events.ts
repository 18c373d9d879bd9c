import type { GenerationEvent, GenerationResult, Persona } from '../../lib';

export const persona = (name: string, index = 0): Persona => ({
  id: `persona-${index + 1}`,
  name,
  demographics: {},
  goals: [],
  painPoints: [],
  behaviours: [],
  quotes: [],
  additional: {},
  evidence: [],
});

export const result = (personas: Persona[]): GenerationResult => ({
  runId: 'run-1',
  personas,
  usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
  provider: 'openai',
  model: 'gpt-4o-mini',
  sourceFiles: [],
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:00:01.000Z',
  durationMs: 1000,
  attempts: 1,
  quality: { quotesTotal: 0, quotesVerified: 0 },
});

export const ana = persona('Ana');
export const ben = persona('Ben', 1);

/** One event per marble letter. */
export const EVENTS: Record<string, GenerationEvent> = {
  p: { type: 'progress', step: 1, total: 5, stage: 'prepare', message: 'Preparing' },
  q: { type: 'progress', step: 4, total: 5, stage: 'receive', message: 'Receiving' },
  t: { type: 'token', delta: 'He', attempt: 1 },
  u: { type: 'token', delta: 'llo', attempt: 1 },
  a: { type: 'persona', index: 0, persona: ana, attempt: 1 },
  b: { type: 'persona', index: 1, persona: ben, attempt: 1 },
  r: { type: 'retry', attempt: 2, delayMs: 10, reason: 'overloaded', discarded: { tokens: 2, personas: 1 } },
  z: { type: 'result', result: result([ana, ben]) },
};
