import { lastValueFrom, toArray } from 'rxjs';
import { PersonaGenerator, type GeneratorOptions, type PersonaConfig } from '../../lib';
import { useFakeServer } from '../support/fake-server';
import { recordedText, recordSpans, type RecordedSpans } from './support';

const SECRET = 'sk-telemetry-privacy-9876543210';
const INTERVIEW = 'P1: "My daughter Alma Quintero handles the invoices at Quintero Bakery."';
const ANSWER_WORD = 'Zebrafinch';
const server = useFakeServer();
let recorded: RecordedSpans;

beforeEach(() => {
  recorded = recordSpans();
});

const answer = JSON.stringify({
  personas: [{ name: `${ANSWER_WORD} Baker`, role: 'Owner', goals: ['Invoices in one place'], pain_points: [], quotes: ['handles the invoices'] }],
});

async function runWith(options: GeneratorOptions, config: Partial<PersonaConfig> = {}): Promise<string> {
  server.current.enqueue({ text: answer });
  const generator = new PersonaGenerator({ provider: 'openai', apiKey: SECRET, baseURL: server.current.url, stream: true, tracerProvider: recorded.provider, ...options });
  await lastValueFrom(generator.generate$({ count: 1, data: INTERVIEW, ...config }).pipe(toArray()));
  expect(recorded.spans().length).toBe(2);
  return recordedText(recorded.spans());
}

describe('what the spans never hold', () => {
  it('by default: no research data, prompt or answer, and no key', async () => {
    const text = await runWith({});
    expect(text).not.toContain('Quintero');
    expect(text).not.toContain(ANSWER_WORD);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('gen_ai.input.messages');
  });

  it('with recordContent: the prompt and the answer as the conventions name them, and still no key, even one the data and the answer hold', async () => {
    const leaky = answer.replace('Owner', `Owner ${SECRET}`);
    server.current.enqueue({ text: leaky });
    const generator = new PersonaGenerator({
      provider: 'openai',
      apiKey: SECRET,
      baseURL: server.current.url,
      stream: true,
      tracerProvider: recorded.provider,
      telemetry: { recordContent: true },
    });
    await lastValueFrom(generator.generate$({ count: 1, data: `${INTERVIEW}\nP2: "my key is ${SECRET}"` }).pipe(toArray()));
    const [chat] = recorded.spans().filter((span) => span.name.startsWith('chat '));
    const system = JSON.parse(String(chat.attributes['gen_ai.system_instructions'])) as { type: string; content: string }[];
    const input = JSON.parse(String(chat.attributes['gen_ai.input.messages'])) as { role: string; parts: { content: string }[] }[];
    expect(system[0]).toMatchObject({ type: 'text', content: expect.stringContaining('UX researcher') });
    expect(input[0].role).toBe('user');
    // The research data is in the prompt, whichever message carries it, with the key redacted.
    const prompt = system[0].content + input[0].parts[0].content;
    expect(prompt).toContain('Alma Quintero');
    expect(prompt).toContain('my key is [redacted]');
    const output = JSON.parse(String(chat.attributes['gen_ai.output.messages'])) as { role: string; parts: { content: string }[]; finish_reason: string }[];
    expect(output[0]).toMatchObject({ role: 'assistant', finish_reason: 'stop' });
    expect(output[0].parts[0].content).toContain(`${ANSWER_WORD} Baker`);
    expect(output[0].parts[0].content).toContain('Owner [redacted]');
    expect(recordedText(recorded.spans())).not.toContain(SECRET);
  });
});
