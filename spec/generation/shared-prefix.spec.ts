import { lastValueFrom } from 'rxjs';
import { AsyncPersonaGenerator, PersonaGenerator } from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();

type Body = { messages: { role: string; content: string }[] };
const messagesOf = (index: number): Body['messages'] => (server.current.requests[index].body as Body).messages;
const systemOf = (index: number): string => messagesOf(index)[0].content;
const boundaryOf = (system: string): string => /<<<end-research-data ([0-9a-f]{24})>>>/.exec(system)?.[1] ?? 'none';

function generator(): AsyncPersonaGenerator {
  return new AsyncPersonaGenerator({ provider: 'openai', apiKey: 'sk-test-prefix', baseURL: server.current.url, maxRetries: 2 });
}

describe('the prompt prefix at the provider', () => {
  it('is byte-identical across the configs of one generator, and across two runs of one config', async () => {
    const personas = generator();
    const data = [
      { name: 'a.md', content: RESEARCH_NOTES },
      { name: 'b.md', content: 'P4: "I would love one place for every quote."' },
    ];
    await personas.agenerateBatch([
      { count: 1, data },
      { count: 4, complexity: 'complex', detailLevel: 'detailed', includeReasoning: true, data },
      { count: 2, template: 'Make {{count}} personas.', data },
    ]);
    await personas.agenerate({ count: 1, data });
    expect(server.current.requests).toHaveLength(4);
    const systems = [0, 1, 2, 3].map(systemOf);
    expect(new Set(systems).size).toBe(1);
    expect(systems[0]).toContain('P4: "I would love one place for every quote."');
    expect(new Set([0, 1, 2].map((index) => messagesOf(index)[1].content)).size).toBe(3);
  });

  it('is byte-identical across a retry', async () => {
    server.current.enqueue({ status: 503, errorMessage: 'overloaded' });
    const result = await generator().agenerate({ count: 1, data: RESEARCH_NOTES });
    expect(result.attempts).toBe(2);
    expect(server.current.requests).toHaveLength(2);
    expect(systemOf(1)).toBe(systemOf(0));
    expect(messagesOf(1)).toEqual(messagesOf(0));
  });

  it('is fenced with another boundary by another generator over the same data', async () => {
    await generator().agenerate({ count: 1, data: RESEARCH_NOTES });
    await lastValueFrom(new PersonaGenerator({ provider: 'openai', apiKey: 'sk-test-prefix', baseURL: server.current.url }).generate$({ count: 1, data: RESEARCH_NOTES }));
    const [first, second] = [systemOf(0), systemOf(1)];
    expect(boundaryOf(first)).toMatch(/^[0-9a-f]{24}$/);
    expect(boundaryOf(second)).toMatch(/^[0-9a-f]{24}$/);
    expect(boundaryOf(first)).not.toBe(boundaryOf(second));
    expect(first.split(boundaryOf(first)).join('B')).toBe(second.split(boundaryOf(second)).join('B'));
  });
});
