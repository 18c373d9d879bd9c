import { filter, firstValueFrom } from 'rxjs';
import {
  AsyncPersonaGenerator,
  CancellationError,
  CancellationToken,
  ConfigurationError,
  ParseError,
  PersonaGenerator,
  ProviderError,
  TimeoutError,
  type ProviderBatchEvent,
} from '../../lib';
import { batchPriceOf } from '../../lib/cost/batch-pricing';
import { costOf } from '../../lib/cost/pricing';
import { batchGenerator, cancels, collect, failureOf, FAST, FIVE_CONFIGS, submissions, useBatchServer, type BatchProvider } from './support';

const startServer = useBatchServer();

const jobEvents = (events: ProviderBatchEvent[]) => events.flatMap((event) => (event.type === 'job' ? [event] : []));

describe.each<BatchProvider>(['openai', 'anthropic'])('%s batch', (provider) => {
  it('submits the configs as one batch and maps every outcome back to its config, in input order', async () => {
    const server = await startServer({ batches: { requestsPerPoll: 2 } });
    const generator = batchGenerator(server, provider);
    const events = await collect(generator.submitBatch$(FIVE_CONFIGS, FAST));

    expect(events[0]).toEqual({ type: 'submitted', batchId: expect.any(String), provider, total: 5 });
    const jobs = jobEvents(events);
    expect(jobs.map((event) => event.job)).toEqual([0, 1, 2, 3, 4]);
    expect(events.slice(-5)).toEqual(jobs);
    for (const { job, outcome } of jobs) {
      if (outcome.status !== 'fulfilled') throw outcome.reason;
      expect(outcome.value.personas).toHaveLength(job + 1);
      expect(outcome.value).toMatchObject({ provider, model: generator.model, sourceFiles: ['data'], attempts: 1 });
    }
    expect(submissions(server)).toHaveLength(1);
    // Live requests are never made: the batch carries them.
    expect(server.requests.filter((request) => /\/(chat\/completions|messages)$/.test(request.path))).toHaveLength(0);
  });

  it('reports each status change once, with the counts rising to the total', async () => {
    const server = await startServer({ batches: { requestsPerPoll: 2 } });
    const events = await collect(batchGenerator(server, provider).submitBatch$(FIVE_CONFIGS, FAST));
    const statuses = events.flatMap((event) => (event.type === 'status' ? [event] : []));
    const completedCounts = statuses.map((event) => event.completed);
    expect(completedCounts).toEqual([...completedCounts].sort((a, b) => a - b));
    statuses.slice(1).forEach((event, index) => expect(event).not.toEqual(statuses[index]));
    expect(statuses.at(-1)).toMatchObject({ status: 'completed', completed: 5, failed: 0, total: 5 });
    expect(completedCounts).toEqual(expect.arrayContaining([2, 4]));
  });

  it('sends each config as the body a live, non-streamed request would send', async () => {
    const server = await startServer();
    const generator = batchGenerator(server, provider);
    await collect(generator.submitBatch$([{ count: 2, data: 'P1: "I need exports that finish."', temperature: 0.3 }], FAST));
    const live = batchGenerator(server, provider, { stream: false });
    await firstValueFrom(live.generate$({ count: 2, data: 'P1: "I need exports that finish."', temperature: 0.3 }).pipe(filter((event) => event.type === 'result')));
    const liveBody = server.requests.at(-1)?.body;
    const create = submissions(server)[0];
    const sent =
      provider === 'anthropic'
        ? (create.body as { requests: { params: unknown }[] }).requests[0].params
        : await lineBodyOf(server.url, (create.body as { input_file_id: string }).input_file_id);
    // Each generator fences the data with a boundary of its own, which its prompt_cache_key hashes; the rest is the same.
    const unfenced = (body: unknown) =>
      JSON.parse(
        JSON.stringify(body)
          .replace(/research-data [0-9a-f]{16,}/g, 'research-data FENCE')
          .replace(/persona-rx-[0-9a-f]{32}/g, 'persona-rx-KEY'),
      ) as unknown;
    expect(JSON.stringify(sent)).toContain('research-data');
    expect(unfenced(sent)).toEqual(unfenced(liveBody));
  });

  it('prices each job at the batch price', async () => {
    const server = await startServer();
    const model = provider === 'openai' ? 'gpt-4o-mini' : 'claude-sonnet-4-6';
    const [outcome] = (await collect(batchGenerator(server, provider, { model }).submitBatch$([FIVE_CONFIGS[0]], FAST))).flatMap((event) =>
      event.type === 'job' ? [event.outcome] : [],
    );
    if (outcome.status !== 'fulfilled') throw outcome.reason;
    const price = batchPriceOf(provider, model);
    expect(price).toBeDefined();
    expect(outcome.value.costUsd).toBe(costOf(outcome.value.usage, price!));
    expect(outcome.value.usage.estimated).toBeUndefined();
  });

  it('turns a refused line into that job rejected with the provider message and status, the others fulfilled', async () => {
    const server = await startServer({ batches: { lineFaults: { 2: { status: 400, message: 'max_tokens: too large for this model' } } } });
    const jobs = jobEvents(await collect(batchGenerator(server, provider).submitBatch$(FIVE_CONFIGS, FAST)));
    expect(jobs.map((event) => event.outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const { outcome } = jobs[2];
    if (outcome.status !== 'rejected') throw new Error('job 2 should have been rejected');
    expect(outcome.reason).toBeInstanceOf(ProviderError);
    expect(outcome.reason).toMatchObject({ status: 400, provider });
    expect(outcome.reason.message).toContain('max_tokens: too large for this model');
  });

  it('calls the cancel endpoint when unsubscribed before the batch is over', async () => {
    const server = await startServer({ batches: { requestsPerPoll: 1 } });
    const events = batchGenerator(server, provider).submitBatch$(FIVE_CONFIGS, { pollIntervalMs: 5 });
    const status = await firstValueFrom(events.pipe(filter((event) => event.type === 'status' && event.completed === 1)));
    expect(status).toMatchObject({ type: 'status', status: 'in_progress' });
    await server.waitForRequests(server.requests.length + 1);
    const cancel = cancels(server);
    expect(cancel).toHaveLength(1);
    expect(cancel[0].path).toContain((status as { batchId: string }).batchId);
    const after = await firstValueFrom(batchGenerator(server, provider).batchStatus$((status as { batchId: string }).batchId));
    expect(after.status).toBe('cancelled');
  });

  it('leaves the batch running when unsubscribed with cancelOnUnsubscribe: false, and another generator resumes it without resubmitting', async () => {
    const server = await startServer();
    const submitted = await firstValueFrom(batchGenerator(server, provider).submitBatch$(FIVE_CONFIGS, { ...FAST, cancelOnUnsubscribe: false }));
    if (submitted.type !== 'submitted') throw new Error('the first event is `submitted`');

    const resumed = await collect(batchGenerator(server, provider).resumeBatch$(submitted.batchId, FIVE_CONFIGS, FAST));
    expect(cancels(server)).toHaveLength(0);
    expect(submissions(server)).toHaveLength(1);
    expect(resumed.some((event) => event.type === 'submitted')).toBe(false);
    expect(jobEvents(resumed).map(({ job, outcome }) => outcome.status === 'fulfilled' && outcome.value.personas.length === job + 1)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('cancels on request and reports the jobs that never ran as cancelled', async () => {
    const server = await startServer({ batches: { requestsPerPoll: 2 } });
    const generator = batchGenerator(server, provider);
    const submitted = await firstValueFrom(generator.submitBatch$(FIVE_CONFIGS, { ...FAST, cancelOnUnsubscribe: false }));
    const batchId = (submitted as { batchId: string }).batchId;
    // One poll: two requests done (after validation, for OpenAI).
    if (provider === 'openai') await firstValueFrom(generator.batchStatus$(batchId));
    await firstValueFrom(generator.batchStatus$(batchId));
    expect(await firstValueFrom(generator.cancelBatch$(batchId))).toMatchObject({ status: 'cancelling' });
    const events = await collect(generator.resumeBatch$(batchId, FIVE_CONFIGS, FAST));
    const statuses = events.flatMap((event) => (event.type === 'status' ? [event.status] : []));
    expect(statuses.at(-1)).toBe('cancelled');
    const outcomes = jobEvents(events).map((event) => event.outcome);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
    for (const outcome of outcomes.slice(2)) expect(outcome.status === 'rejected' && outcome.reason).toBeInstanceOf(CancellationError);
  });

  it('retries a status request that failed transiently, then carries on', async () => {
    const server = await startServer();
    const generator = batchGenerator(server, provider);
    // The submission passes (OpenAI: upload and create), then the first status request answers 503.
    server.enqueue(...(provider === 'openai' ? [{}, {}] : [{}]), { status: 503, errorMessage: 'busy' });
    const events = await collect(generator.submitBatch$(FIVE_CONFIGS.slice(0, 2), FAST));
    expect(jobEvents(events).map((event) => event.outcome.status)).toEqual(['fulfilled', 'fulfilled']);
  });

  it('fails with the provider error when the submission is refused', async () => {
    const server = await startServer();
    server.enqueue({ status: 401, errorMessage: 'invalid x-api-key' });
    const error = await failureOf(batchGenerator(server, provider).submitBatch$(FIVE_CONFIGS, FAST));
    expect(error).toMatchObject({ status: 401, provider });
    expect(cancels(server)).toHaveLength(0);
  });

  it('makes a job whose answer holds no personas a rejected ParseError, as a live run would fail', async () => {
    const server = await startServer({ batches: { lineTexts: { 1: 'Sorry, I cannot help with that.' } } });
    const jobs = jobEvents(await collect(batchGenerator(server, provider).submitBatch$(FIVE_CONFIGS.slice(0, 2), FAST)));
    expect(jobs.map((event) => event.outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect(jobs[1].outcome.status === 'rejected' && jobs[1].outcome.reason).toBeInstanceOf(ParseError);
  });
});

describe('asubmitBatch', () => {
  it('rejects with CancellationError and cancels the remote batch when its token is cancelled', async () => {
    const server = await startServer({ batches: { requestsPerPoll: 1 } });
    const generator = new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.url, apiKey: 'sk-token-test' });
    const token = new CancellationToken();
    const outcome = generator.asubmitBatch(FIVE_CONFIGS, {
      ...FAST,
      cancellationToken: token,
      progressCallback: (event) => {
        if (event.type === 'status' && event.completed === 1) token.cancel('enough');
      },
    });
    await expect(outcome).rejects.toBeInstanceOf(CancellationError);
    await server.waitForRequests(server.requests.length + 1);
    expect(cancels(server)).toHaveLength(1);
  });

  it('cancels the remote batch when the whole wait passes its timeoutMs', async () => {
    const server = await startServer();
    const generator = new AsyncPersonaGenerator({ provider: 'anthropic', baseURL: server.origin, apiKey: 'sk-timeout-test' });
    const outcome = generator.asubmitBatch(FIVE_CONFIGS, { pollIntervalMs: 60_000, timeoutMs: 200 });
    await expect(outcome).rejects.toBeInstanceOf(TimeoutError);
    await server.waitForRequests(2);
    expect(cancels(server)).toHaveLength(1);
  });
});

describe('provider batch input', () => {
  it.each(['gemini', 'ollama'] as const)('refuses %s with ConfigurationError naming it, before any request', async (provider) => {
    const server = await startServer();
    const generator = new PersonaGenerator({ provider, baseURL: server.origin, apiKey: 'key' });
    const error = await failureOf(generator.submitBatch$(FIVE_CONFIGS));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(provider);
    await expect(failureOf(generator.resumeBatch$('batch_1', FIVE_CONFIGS))).resolves.toBeInstanceOf(ConfigurationError);
    expect(server.requests).toHaveLength(0);
  });

  it.each(['../../etc/passwd', 'batch 1', '', 'a/b'])('refuses the batch id %j before any request', async (batchId) => {
    const server = await startServer();
    const generator = batchGenerator(server, 'openai');
    await expect(failureOf(generator.resumeBatch$(batchId, FIVE_CONFIGS))).resolves.toBeInstanceOf(ConfigurationError);
    await expect(failureOf(generator.batchStatus$(batchId))).resolves.toBeInstanceOf(ConfigurationError);
    await expect(failureOf(generator.cancelBatch$(batchId))).resolves.toBeInstanceOf(ConfigurationError);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an empty config list, bad options, and resuming by id alone without an experiment', async () => {
    const server = await startServer();
    const generator = batchGenerator(server, 'anthropic');
    await expect(failureOf(generator.submitBatch$([]))).resolves.toBeInstanceOf(ConfigurationError);
    await expect(failureOf(generator.submitBatch$(FIVE_CONFIGS, { pollIntervalMs: -1 }))).resolves.toMatchObject({ fields: ['pollIntervalMs'] });
    await expect(failureOf(generator.resumeBatch$('msgbatch_1'))).resolves.toMatchObject({ fields: ['configs'] });
    expect(server.requests).toHaveLength(0);
  });

  it('keeps the API key out of the batch error', async () => {
    const server = await startServer();
    server.enqueue({ status: 500, errorMessage: 'upstream said sk-openai-test-key-0000' });
    const error = await failureOf(batchGenerator(server, 'openai', { maxRetries: 0 }).submitBatch$(FIVE_CONFIGS, FAST));
    expect(JSON.stringify(error)).not.toContain('sk-openai-test-key-0000');
    expect((error as Error).message).not.toContain('sk-openai-test-key-0000');
  });
});

async function lineBodyOf(baseURL: string, fileId: string): Promise<unknown> {
  const response = await fetch(`${baseURL}/files/${fileId}/content`);
  const [line] = (await response.text()).trim().split('\n');
  return (JSON.parse(line) as { body: unknown }).body;
}

