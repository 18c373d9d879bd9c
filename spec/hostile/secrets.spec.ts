import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Experiment } from '../../lib/node';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { generatorFor, outcomeOf, PROVIDERS, API_KEY } from '../providers/provider-cases';

const server = useFakeServer();
const [openAi] = PROVIDERS;
let baseDir: string;
beforeEach(() => {
  baseDir = mkdtempSync(join(tmpdir(), 'persona-secrets-'));
});
afterEach(() => rmSync(baseDir, { recursive: true, force: true }));

/** A model that repeats the key it was sent, in a persona, its quotes and its reasoning. */
const echo = `<reasoning>The header said ${API_KEY}.</reasoning><output>{"personas":[{"name":"Key ${API_KEY}","quotes":["my key is ${API_KEY}"],"goals":["${API_KEY.slice(0, 5)}"]}]}</output>`;

describe.each([true, false])('a key the server echoes in model text (stream: %s)', (stream) => {
  it.each([1, 3, 7])('is redacted in every event and the result, however the stream splits it (chunks of %i)', async (chunkSize) => {
    server.current.enqueue({ text: echo, chunkSize });
    const { events, result, error } = await outcomeOf(generatorFor(openAi, server.current, { stream }).generate$({ count: 1, data: RESEARCH_NOTES }));
    expect(error).toBeUndefined();
    expect(JSON.stringify(events)).not.toContain(API_KEY);
    const tokens = events.flatMap((event) => (event.type === 'token' ? [event.delta] : [])).join('');
    expect(tokens.includes(API_KEY.slice(0, 12))).toBe(false);
    if (stream) expect(tokens).toContain('[redacted]');
    expect(result?.personas[0]).toMatchObject({ name: 'Key [redacted]', quotes: ['my key is [redacted]'], goals: [API_KEY.slice(0, 5)] });
    expect(result?.reasoning).toBe('The header said [redacted].');
  });

  it('is redacted in the saved result.json and .md files', async () => {
    const experiment = await Experiment.acreate({ name: 'echo', provider: 'openai', baseDir });
    server.current.enqueue({ text: echo, chunkSize: 4 });
    const { result, error } = await outcomeOf(
      generatorFor(openAi, server.current, { stream, experiment }).generate$({ count: 1, data: RESEARCH_NOTES }),
    );
    expect(error).toBeUndefined();
    const runDir = result?.outputDir as string;
    const files = readdirSync(runDir);
    expect(files).toEqual(expect.arrayContaining(['result.json']));
    expect(files.some((file) => file.endsWith('.md'))).toBe(true);
    for (const file of files) expect(readFileSync(join(runDir, file), 'utf8')).not.toContain(API_KEY);
  });
});
