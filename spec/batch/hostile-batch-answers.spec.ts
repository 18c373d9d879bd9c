import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, toArray } from 'rxjs';
import { CancellationError, ParseError, PersonaGenerator, ProviderError, TimeoutError, type BatchOutcome, type ProviderBatchEvent } from '../../lib';
import { RESEARCH_NOTES } from '../support/fake-server';
import { failureOf, useBatchServer } from './support';

/** A provider that answers each `METHOD path` with a canned body: whatever a broken or hostile service might send. */
function useCannedProvider(): (answers: Record<string, string | object>) => Promise<string> {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  });
  return async (answers) => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const answer = answers[`${req.method} ${req.url}`];
        res.writeHead(answer === undefined ? 404 : 200, { 'content-type': 'application/json' });
        res.end(answer === undefined ? '{"error":{"message":"no such route"}}' : typeof answer === 'string' ? answer : JSON.stringify(answer));
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
}

const canned = useCannedProvider();
const startServer = useBatchServer();
const configs = (length: number) => Array.from({ length }, () => ({ count: 1, data: RESEARCH_NOTES }));
const outcomes = async (events$: import('rxjs').Observable<ProviderBatchEvent>): Promise<BatchOutcome[]> =>
  (await lastValueFrom(events$.pipe(toArray()))).flatMap((event) => (event.type === 'job' ? [event.outcome] : []));
const reasons = (settled: BatchOutcome[]) => settled.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : undefined));

const personaText = '<output>{"personas":[{"name":"Maya Chen","goals":["one place"]}]}</output>';
const chatCompletion = { choices: [{ message: { content: personaText } }], usage: { prompt_tokens: 10, completion_tokens: 5 } };

const openAi = (origin: string) => new PersonaGenerator({ provider: 'openai', baseURL: `${origin}/v1`, apiKey: 'sk-hostile', maxRetries: 0 });
const anthropic = (origin: string) => new PersonaGenerator({ provider: 'anthropic', baseURL: origin, apiKey: 'sk-ant-hostile', maxRetries: 0 });

describe('hostile or broken batch answers', () => {
  it('fails with ProviderError when an answer is not JSON, or not the promised shape, never following its ids', async () => {
    const notJson = await canned({ 'POST /v1/files': 'not json' });
    await expect(failureOf(openAi(notJson).submitBatch$(configs(1)))).resolves.toMatchObject({ message: expect.stringContaining('not JSON') });
    const traversal = await canned({ 'POST /v1/files': { id: '../../v1/organization' } });
    const error = await failureOf(openAi(traversal).submitBatch$(configs(1)));
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toContain('malformed file upload answer');
  });

  it('rejects every job of a batch that failed as a whole, with the provider words', async () => {
    const origin = await canned({
      'POST /v1/files': { id: 'file-1' },
      'POST /v1/batches': { id: 'batch_1', status: 'failed', errors: { data: [{ message: 'line 1: model not found' }] } },
    });
    const settled = await outcomes(openAi(origin).submitBatch$(configs(2), { pollIntervalMs: 1 }));
    for (const reason of reasons(settled)) {
      expect(reason).toBeInstanceOf(ProviderError);
      expect(reason).toMatchObject({ providerMessage: 'line 1: model not found' });
      expect(reason?.message).toContain('batch failed');
    }
  });

  it('maps each OpenAI line on its own: refusals, unreadable bodies, junk, strangers and duplicates', async () => {
    const lines = [
      { custom_id: 'job-0', response: { status_code: 200, body: chatCompletion } },
      { custom_id: 'job-0', response: { status_code: 200, body: { choices: [{ message: { content: 'second copy, ignored' } }] } } },
      { custom_id: 'job-1', response: null, error: { code: 'quota_exceeded', message: null } },
      { custom_id: 'job-2', response: { status_code: 200, body: { choices: 5 } } },
      { custom_id: 'job-9', response: { status_code: 200, body: chatCompletion } },
      { custom_id: 'job-4', response: { status_code: 200, body: { choices: [{ message: { content: 'no json here' } }] } } },
    ];
    const origin = await canned({
      'POST /v1/files': { id: 'file-1' },
      'POST /v1/batches': { id: 'batch_1', status: 'validating' },
      'GET /v1/batches/batch_1': { id: 'batch_1', status: 'completed', output_file_id: 'file-out', request_counts: { total: 5, completed: 3, failed: 2 } },
      'GET /v1/files/file-out/content': `${lines.map((line) => JSON.stringify(line)).join('\n')}\n{not json\n`,
    });
    const settled = await outcomes(openAi(origin).submitBatch$(configs(5), { pollIntervalMs: 1 }));
    expect(settled[0]).toMatchObject({ status: 'fulfilled', value: { personas: [{ name: 'Maya Chen' }], usage: { inputTokens: 10, outputTokens: 5 } } });
    const [, quota, unreadable, missing, unparsable] = reasons(settled);
    expect(quota).toMatchObject({ providerMessage: 'quota_exceeded' });
    expect(unreadable?.message).toContain('malformed batch result');
    expect(missing?.message).toContain('completed without a result');
    expect(unparsable).toBeInstanceOf(ParseError);
  });

  it('maps each Anthropic line on its own: errors wrapped or bare, expired, cancelled and unknown shapes', async () => {
    const message = { content: [{ type: 'text', text: personaText }], usage: { input_tokens: 12, output_tokens: 6 } };
    const lines = [
      { custom_id: 'job-0', result: { type: 'succeeded', message } },
      { custom_id: 'job-1', result: { type: 'errored', error: { type: 'overloaded_error', message: 'busy' } } },
      { custom_id: 'job-2', result: { type: 'errored', error: { type: 'error', error: { type: 'strange_error', message: 'odd' } } } },
      { custom_id: 'job-3', result: { type: 'expired' } },
      { custom_id: 'job-4', result: { type: 'canceled' } },
      { custom_id: 'job-5', result: { type: 'mystery' } },
      { custom_id: 'job-6', result: { type: 'errored' } },
    ];
    const ended = { id: 'msgbatch_1', processing_status: 'ended', request_counts: { succeeded: 1, errored: 3, expired: 1, canceled: 1 } };
    const origin = await canned({
      'POST /v1/messages/batches': { id: 'msgbatch_1', processing_status: 'in_progress' },
      'GET /v1/messages/batches/msgbatch_1': ended,
      'GET /v1/messages/batches/msgbatch_1/results': lines.map((line) => JSON.stringify(line)).join('\n'),
    });
    const events = await lastValueFrom(anthropic(origin).submitBatch$(configs(7), { pollIntervalMs: 1 }).pipe(toArray()));
    expect(events.filter((event) => event.type === 'status').at(-1)).toMatchObject({ status: 'completed', completed: 1, failed: 5, total: 6 });
    const settled = events.flatMap((event) => (event.type === 'job' ? [event.outcome] : []));
    expect(settled[0]).toMatchObject({ status: 'fulfilled', value: { usage: { inputTokens: 12, outputTokens: 6 } } });
    const [, busy, odd, expired, cancelled, unknown, bare] = reasons(settled);
    expect(busy).toMatchObject({ status: 529, providerMessage: 'overloaded_error: busy' });
    expect(odd).toMatchObject({ status: 500, providerMessage: 'strange_error: odd' });
    expect(expired?.message).toContain('expired');
    expect(cancelled).toBeInstanceOf(CancellationError);
    expect(unknown?.message).toContain('without a result');
    expect(bare).toMatchObject({ status: 500 });
  });

  it('rejects a line the provider stopped at the token limit with the ParseError a live run gets, naming maxTokens', async () => {
    const cut = '<output>{"personas":[{"name":"Maya Chen","goals":["one pl';
    const openAiOrigin = await canned({
      'POST /v1/files': { id: 'file-1' },
      'POST /v1/batches': { id: 'batch_1', status: 'completed', output_file_id: 'file-out', request_counts: { total: 1, completed: 1, failed: 0 } },
      'GET /v1/files/file-out/content': JSON.stringify({
        custom_id: 'job-0',
        response: { status_code: 200, body: { choices: [{ message: { content: cut }, finish_reason: 'length' }], usage: { prompt_tokens: 10, completion_tokens: 300 } } },
      }),
    });
    const anthropicOrigin = await canned({
      'POST /v1/messages/batches': { id: 'msgbatch_1', processing_status: 'ended' },
      'GET /v1/messages/batches/msgbatch_1/results': JSON.stringify({
        custom_id: 'job-0',
        result: { type: 'succeeded', message: { content: [{ type: 'text', text: cut }], stop_reason: 'max_tokens', usage: { input_tokens: 10, output_tokens: 300 } } },
      }),
    });
    const config = [{ count: 1, data: RESEARCH_NOTES, maxTokens: 300 }];
    for (const generator of [openAi(openAiOrigin), anthropic(anthropicOrigin)]) {
      const [reason] = reasons(await outcomes(generator.submitBatch$(config, { pollIntervalMs: 1 })));
      expect(reason).toBeInstanceOf(ParseError);
      expect(reason?.message).toContain('token limit (maxTokens: 300)');
    }
  });

  it('bounds each batch request by requestTimeoutMs', async () => {
    const server = await startServer();
    server.enqueue({ fault: 'hang' });
    const generator = new PersonaGenerator({ provider: 'anthropic', baseURL: server.origin, apiKey: 'k', requestTimeoutMs: 100, maxRetries: 0 });
    await expect(failureOf(generator.submitBatch$(configs(1)))).resolves.toBeInstanceOf(TimeoutError);
    await server.waitForClientClose();
  });
});
