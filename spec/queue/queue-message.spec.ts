import { inspect } from 'node:util';
import { ConfigurationError, PersonaError, registerSecret, TimeoutError } from '../../lib';
import { QueueError } from '../../lib/queue';
import { errorFromJson, outcomeOf } from '../../lib/queue/queue-message';

describe('errors across the queue', () => {
  it('come back of their class, with their fields, code and message', () => {
    const sent = new ConfigurationError('Invalid config: count: too big', [{ path: 'count', message: 'too big' }]);
    const received = errorFromJson(JSON.parse(JSON.stringify(outcomeOf(sent))).error);
    expect(received).toBeInstanceOf(ConfigurationError);
    expect(received).toBeInstanceOf(PersonaError);
    expect((received as ConfigurationError).fields).toEqual(['count']);
    expect(received).toMatchObject({ name: 'ConfigurationError', code: 'configuration_error', message: 'Invalid config: count: too big' });
    expect(errorFromJson(new TimeoutError('late', { stage: 'request', timeoutMs: 5, retryable: false }).toJSON())).toMatchObject({ stage: 'request', timeoutMs: 5 });
    expect(errorFromJson(new QueueError('gone', { address: 'h:1' }).toJSON())).toBeInstanceOf(QueueError);
  });

  it('of a class this process does not know stay PersonaErrors with their name and code', () => {
    const received = errorFromJson({ name: 'FutureError', message: 'from a newer worker', code: 'future_error', extra: 1 });
    expect(received).toBeInstanceOf(PersonaError);
    expect(received).toMatchObject({ name: 'FutureError', code: 'future_error', extra: 1, message: 'from a newer worker' });
  });

  it('are scrubbed again of this process’s secrets, whatever the worker sent', () => {
    registerSecret('sk-producer-side-secret-123');
    const received = errorFromJson({ name: 'ProviderError', message: 'echo sk-producer-side-secret-123', code: 'provider_error' });
    expect(received.message).toBe('echo [redacted]');
    expect(inspect(received)).not.toContain('sk-producer-side-secret-123');
  });

  it('a defect (not a PersonaError) is no outcome: it is thrown for BullMQ to fail the job', () => {
    expect(() => outcomeOf(new TypeError('bug'))).toThrow(TypeError);
  });
});
