import { PERSONAS_OUTPUT, type StructuredOutput } from '../providers/structured-output';
import type { RunContext } from './run-context';

/** The schema a run asks its provider's JSON-schema mode for, or none when structured output is off. */
export function structuredOutputFor(run: RunContext): StructuredOutput | undefined {
  const { options, provider } = run.generator;
  const mode = options.structuredOutput ?? (provider.adapter.structuredOutputByDefault ? 'auto' : 'off');
  return mode === 'auto' ? PERSONAS_OUTPUT : undefined;
}
