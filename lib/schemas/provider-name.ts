import { z } from 'zod';

export const ProviderNameSchema = z.enum(['openai', 'anthropic', 'gemini', 'ollama', 'openai-compatible', 'simulated']);
export type ProviderName = z.infer<typeof ProviderNameSchema>;
