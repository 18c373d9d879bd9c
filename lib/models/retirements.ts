/** A model's announced end of life: the day its provider stops serving it, and the model it names instead. */
export interface Retirement {
  date: string;
  replacement?: string;
}

/**
 * Announced ends of life, by provider and base model id. The registry packages carry at most a
 * "deprecated" flag without a date, so the dates the providers announced are kept here, and
 * only those: prices, windows and limits come from the packages. Add a line when a provider
 * announces a retirement.
 */
export const RETIREMENTS: Readonly<Record<string, Readonly<Record<string, Retirement>>>> = {
  anthropic: {
    'claude-sonnet-4-0': { date: '2026-06-15', replacement: 'claude-sonnet-4-6' },
    'claude-opus-4-0': { date: '2026-06-15', replacement: 'claude-opus-4-8' },
    'claude-opus-4-1': { date: '2026-08-05', replacement: 'claude-opus-4-8' },
    'claude-sonnet-4-5': { date: '2026-11-30', replacement: 'claude-sonnet-4-6' },
  },
  gemini: {
    'gemini-2.0-flash': { date: '2026-06-01', replacement: 'gemini-3.5-flash' },
    'gemini-2.5-flash': { date: '2026-12-01', replacement: 'gemini-3.5-flash-lite' },
    'gemini-2.5-pro': { date: '2026-12-01', replacement: 'gemini-3.8-flash' },
  },
  openai: {
    'gpt-3.5-turbo': { date: '2026-10-23', replacement: 'gpt-4.1-mini' },
    'gpt-4': { date: '2026-10-23', replacement: 'gpt-4.1-mini' },
  },
};

/** The retirement announced for the first of `ids` that has one. */
export function retirementOf(provider: string, ids: readonly string[]): Retirement | undefined {
  const models = Object.hasOwn(RETIREMENTS, provider) ? RETIREMENTS[provider] : undefined;
  const id = models && ids.find((candidate) => Object.hasOwn(models, candidate));
  return id === undefined ? undefined : models?.[id];
}
