import { SpanStatusCode } from '@opentelemetry/api';
import { lastValueFrom } from 'rxjs';
import { batchGenerator, collect, FAST, FIVE_CONFIGS, useBatchServer } from '../batch/support';
import { idOf, parentOf, recordedText, recordSpans } from './support';

const startServer = useBatchServer();

describe('provider batch spans', () => {
  it('a submitted batch is one persona.batch span; its upload, submission, polls and results are its child request spans', async () => {
    const recorded = recordSpans();
    const server = await startServer({ batches: { requestsPerPoll: 2 } });
    const generator = batchGenerator(server, 'openai', { tracerProvider: recorded.provider });
    const events = await collect(generator.submitBatch$(FIVE_CONFIGS, FAST));
    const [batch, ...others] = recorded.named('persona.batch');
    expect(others).toEqual([]);
    const submitted = events.find((event) => event.type === 'submitted');
    expect(batch.attributes).toMatchObject({
      'persona.batch.operation': 'submit',
      'gen_ai.provider.name': 'openai',
      'persona.batch.id': submitted?.type === 'submitted' ? submitted.batchId : 'none',
      'persona.batch.jobs': 5,
    });
    expect(batch.status.code).toBe(SpanStatusCode.UNSET);
    const statuses = events.filter((event) => event.type === 'status').map((event) => (event.type === 'status' ? event.status : ''));
    expect(batch.events.map((event) => event.attributes?.['persona.batch.status'])).toEqual(statuses);
    const requests = recorded.named('persona.batch.request');
    // Every request the server saw is one span under the batch, none elsewhere.
    expect(requests).toHaveLength(server.requests.length);
    expect(requests.every((span) => parentOf(span) === idOf(batch))).toBe(true);
    expect(requests.map((span) => `${span.attributes['http.request.method']} ${span.attributes['url.path']}`)).toEqual(
      server.requests.map((request) => `${request.method} ${request.path}`),
    );
    expect(recordedText(recorded.spans())).not.toContain('sk-openai-test-key-0000');
    expect(recordedText(recorded.spans())).not.toContain('exports');
  });

  it('a failed status request is an ERROR span with the HTTP status; a one-off status request has no batch span', async () => {
    const recorded = recordSpans();
    const server = await startServer();
    const generator = batchGenerator(server, 'anthropic', { tracerProvider: recorded.provider, maxRetries: 0 });
    await expect(lastValueFrom(generator.batchStatus$('msgbatch_missing'))).rejects.toMatchObject({ status: 404 });
    expect(recorded.named('persona.batch')).toEqual([]);
    const [request] = recorded.named('persona.batch.request');
    expect(parentOf(request)).toBeUndefined();
    expect([request.status.code, request.attributes['error.type'], request.attributes['http.request.method']]).toEqual([SpanStatusCode.ERROR, '404', 'GET']);
  });

  it('an unsubscribed batch ends its span as cancelled', async () => {
    const recorded = recordSpans();
    const server = await startServer({ batches: { requestsPerPoll: 0 } });
    const generator = batchGenerator(server, 'openai', { tracerProvider: recorded.provider });
    const subscription = generator.submitBatch$(FIVE_CONFIGS, { pollIntervalMs: 60_000, cancelOnUnsubscribe: false }).subscribe();
    await server.waitForRequests(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    subscription.unsubscribe();
    const [batch] = recorded.named('persona.batch');
    expect(batch.attributes['persona.cancelled']).toBe(true);
  });
});
