import {
  AuthenticationError,
  BudgetExceededError,
  CancellationError,
  ConfigurationError,
  DataError,
  ExperimentError,
  isRetryable,
  ParseError,
  PersonaError,
  ProviderError,
  RateLimitError,
  TimeoutError,
} from '../../lib';

const provider = { provider: 'openai', retryable: false };

describe('the error hierarchy', () => {
  it.each([
    [new ConfigurationError('bad'), 'configuration_error'],
    [new DataError('bad', 'a.csv'), 'data_error'],
    [new ProviderError('bad', provider), 'provider_error'],
    [new AuthenticationError('bad', provider), 'authentication_error'],
    [new RateLimitError('bad', { ...provider, retryAfterMs: 10 }), 'rate_limit_error'],
    [new ParseError('bad', 'output'), 'parse_error'],
    [new TimeoutError('bad', { stage: 'receive', timeoutMs: 1, retryable: true }), 'timeout_error'],
    [new CancellationError(), 'cancellation_error'],
    [new BudgetExceededError('bad', { budgetUsd: 1, costUsd: 2 }), 'budget_exceeded_error'],
    [new ExperimentError('bad'), 'experiment_error'],
  ])('%p has a stable code and is a PersonaError', (error, code) => {
    expect(error).toBeInstanceOf(PersonaError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.toJSON()).toMatchObject({ code, name: error.constructor.name, message: error.message });
  });

  it('keeps a short excerpt of unparseable output', () => {
    const error = new ParseError('no json', `  ${'x'.repeat(500)}  `);
    expect(error.excerpt).toBe(`${'x'.repeat(200)}…`);
  });

  it('keeps the cause without making it enumerable', () => {
    const cause = new DataError('inner');
    const error = new ConfigurationError('outer', [], { cause });
    expect(error.cause).toBe(cause);
    expect(Object.keys(error)).not.toContain('cause');
  });

  it('says why a run was cancelled', () => {
    expect(new CancellationError('user left').message).toBe('Cancelled: user left');
    expect(new CancellationError(new Error('shutting down')).reason).toBe('shutting down');
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    expect(new CancellationError(abort).message).toBe('Cancelled');
  });

  it('retries only what is marked retryable', () => {
    expect(isRetryable(new ProviderError('x', { provider: 'openai', retryable: true }))).toBe(true);
    expect(isRetryable(new ProviderError('x', provider))).toBe(false);
    expect(isRetryable(new TimeoutError('x', { stage: 'request', timeoutMs: 1, retryable: true }))).toBe(true);
    expect(isRetryable(new CancellationError())).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
  });
});

describe('error names', () => {
  it('survive minification, which renames classes', () => {
    const Renamed = class extends TimeoutError {};
    expect(new Renamed('late', { stage: 'receive', timeoutMs: 1, retryable: false }).name).toBe('TimeoutError');
    expect(new RateLimitError('slow down', provider).name).toBe('RateLimitError');
    expect(new RateLimitError('slow down', provider).stack).toMatch(/^RateLimitError: slow down/);
  });
});
