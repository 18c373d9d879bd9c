import { inspect } from 'node:util';
import { PersonaError, type GenerationEvent } from '../../lib';
import type { ScriptedResponse } from '../../lib/testing';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { API_KEY, generatorFor, outcomeOf, PROVIDERS } from './provider-cases';

const server = useFakeServer();
const config = { count: 1, data: RESEARCH_NOTES };
const echo = `Invalid API key: ${API_KEY}`;

/** Every way an error is commonly shown or shipped. */
function everyForm(error: unknown): string {
  const value = error as PersonaError;
  return [
    value.message,
    value.stack,
    String(value.cause ?? ''),
    JSON.stringify(value),
    JSON.stringify(value.toJSON()),
    inspect(value, { depth: 10, showHidden: true }),
  ].join('\n');
}

describe.each(PROVIDERS)('$provider never shows the API key', (providerCase) => {
  const failures: [string, ScriptedResponse][] = [
    ['an error body that echoes the key', { status: 401, errorMessage: echo }],
    ['a retryable error that echoes the key', { status: 503, errorMessage: echo }],
    ['an in-stream error that echoes the key', { fault: 'error-mid-stream', errorMessage: echo }],
    ['a connection reset', { fault: 'reset' }],
  ];

  it.each(failures)('in any form of the error from %s', async (_name, response) => {
    server.current.enqueue(response);
    const { error, events } = await outcomeOf(generatorFor(providerCase, server.current, { maxRetries: 0 }).generate$(config));
    expect(error).toBeInstanceOf(PersonaError);
    expect(everyForm(error)).not.toContain(API_KEY);
    expect(JSON.stringify(events)).not.toContain(API_KEY);
    expect(server.current.requests).toHaveLength(1);
  });

  it('shows the rest of the echoed message, with the key replaced', async () => {
    server.current.enqueue({ status: 401, errorMessage: echo });
    const { error } = await outcomeOf(generatorFor(providerCase, server.current).generate$(config));
    expect((error as { providerMessage: string }).providerMessage).toContain('Invalid API key: [redacted]');
  });

  it('in the retry event that reports an echoed key, in later events and in the result', async () => {
    server.current.enqueue({ status: 503, errorMessage: echo });
    const { events, result, error } = await outcomeOf(generatorFor(providerCase, server.current).generate$(config));
    expect(error).toBeUndefined();
    const retry = events.find((event): event is Extract<GenerationEvent, { type: 'retry' }> => event.type === 'retry');
    expect(retry?.reason).toContain('[redacted]');
    expect(JSON.stringify(events)).not.toContain(API_KEY);
    expect(JSON.stringify(result)).not.toContain(API_KEY);
  });

  it('in the generator itself', () => {
    const generator = generatorFor(providerCase, server.current);
    expect(inspect(generator, { depth: 10, showHidden: true })).not.toContain(API_KEY);
    expect(JSON.stringify(generator)).not.toContain(API_KEY);
  });
});
