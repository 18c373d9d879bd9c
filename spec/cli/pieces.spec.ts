import { CommanderError } from 'commander';
import { errorMessage, errorText } from '../../lib/cli/error-line';
import { ExitCode, exitCodeOf } from '../../lib/cli/exit-codes';
import { formatUsd } from '../../lib/cost/format-usd';
import { processIo } from '../../lib/cli/io';
import { main } from '../../lib/cli/main';
import { initialStatus, nextStatus } from '../../lib/cli/progress/run-status';
import {
  AuthenticationError,
  CancellationError,
  ConfigurationError,
  DataError,
  ExperimentError,
  ParseError,
  TimeoutError,
} from '../../lib';
import * as nodeEntry from '../../lib/node';
import { registerSecret } from '../../lib/errors';
import { ana, EVENTS, result } from '../support/events';

describe('exit codes', () => {
  it('maps usage, configuration, data and experiment errors to 2, cancellation to 130, the rest to 1', () => {
    expect(exitCodeOf(new CommanderError(0, 'commander.helpDisplayed', ''))).toBe(ExitCode.ok);
    expect(exitCodeOf(new CommanderError(1, 'commander.unknownOption', ''))).toBe(ExitCode.usage);
    expect(exitCodeOf(new ConfigurationError('bad'))).toBe(2);
    expect(exitCodeOf(new DataError('empty', 'a.csv'))).toBe(2);
    expect(exitCodeOf(new ExperimentError('no such experiment'))).toBe(2);
    expect(exitCodeOf(new CancellationError('Ctrl-C'))).toBe(130);
    expect(exitCodeOf(new AuthenticationError('denied', { provider: 'openai', status: 401, retryable: false }))).toBe(1);
    expect(exitCodeOf(new TimeoutError('slow', { stage: 'receive', timeoutMs: 5, retryable: false }))).toBe(1);
    expect(exitCodeOf(new Error('defect'))).toBe(1);
  });
});

describe('error text', () => {
  const key = 'sk-error-line-secret-42';
  beforeAll(() => registerSecret(key));

  it('is one line, scrubbed of keys, whatever was thrown', () => {
    expect(errorText(new Error(`bad\n  key ${key}`), false)).toBe('error: bad key [redacted]\n');
    expect(errorText(`thrown text ${key}`, false)).toBe('error: thrown text [redacted]\n');
    expect(errorMessage(new ParseError('no JSON', 'x'))).toBe('no JSON');
    expect(errorMessage(Object.assign(new Error(''), { name: 'EmptyError' }))).toBe('EmptyError');
  });

  it('with --debug holds the stack and every cause, scrubbed too', () => {
    const cause = new Error(`socket closed near ${key}`);
    const outer = new ExperimentError('Could not save', { cause });
    const text = errorText(outer, true);
    expect(text).toMatch(/^ExperimentError: Could not save\n\s+at /);
    expect(text).toMatch(/\nCaused by: Error: socket closed near \[redacted\]\n\s+at /);
    expect(text).not.toContain(key);
    const stackless = Object.assign(new Error('plain'), { stack: undefined });
    expect(errorText(stackless, true)).toBe('Error: plain\n');
    expect(errorText(Object.assign(new Error('outer'), { stack: undefined, cause: 'a string cause' }), true)).toBe(
      'Error: outer\nCaused by: a string cause\n',
    );
    expect(errorText(42, true)).toBe('error: 42\n');
  });
});

describe('money', () => {
  it('is written as the Markdown export writes it', () => {
    expect([formatUsd(0.00042), formatUsd(0.0123), formatUsd(0.5), formatUsd(12.5)]).toEqual(['$0.00042', '$0.0123', '$0.50', '$12.50']);
  });
});

describe('run status', () => {
  it('follows stage, tokens and personas; a retry voids the failed attempt', () => {
    const steps = [
      EVENTS.q,
      { type: 'token', delta: 'x'.repeat(10), attempt: 1 } as const,
      EVENTS.a,
      EVENTS.r,
      { type: 'token', delta: 'abc', attempt: 2 } as const,
    ];
    const statuses = steps.reduce((all, event) => [...all, nextStatus(all[all.length - 1], event)], [initialStatus('notes', 2)]);
    expect(statuses.map(({ stage, personas, tokens }) => [stage, personas, tokens])).toEqual([
      ['prepare', 0, 0],
      ['receive', 0, 0],
      ['receive', 0, 3],
      ['receive', 1, 3],
      ['receive', 0, 0],
      ['receive', 0, 1],
    ]);
    const done = nextStatus(statuses[5], { type: 'result', result: result([ana]) });
    expect([done.stage, done.personas, done.tokens]).toEqual(['done', 1, 1]);
    expect(nextStatus(done, { type: 'failed', error: new CancellationError() }).stage).toBe('failed');
  });
});

describe('run status of a chunked run', () => {
  it('labels the repeated chunk and consolidate stages with their step, the others by name', () => {
    const at = (stage: 'chunk' | 'consolidate' | 'parse', step: number) => nextStatus(initialStatus('notes', 2), { type: 'progress', step, total: 9, stage, message: '' });
    expect([at('chunk', 4), at('consolidate', 8), at('parse', 9)].map((status) => [status.stage, status.stageLabel])).toEqual([
      ['chunk', 'chunk 4/9'],
      ['consolidate', 'consolidate 8/9'],
      ['parse', 'parse'],
    ]);
    expect(nextStatus(at('chunk', 3), { type: 'failed', error: new CancellationError() }).stageLabel).toBe('failed');
  });
});

describe('processIo', () => {
  it('is the real process: its streams, its environment, and SIGINT listeners it removes again', () => {
    const io = processIo();
    expect([io.stdout, io.stderr, io.env]).toEqual([process.stdout, process.stderr, process.env]);
    const before = process.listenerCount('SIGINT');
    const stop = io.onInterrupt(() => undefined);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    stop();
    expect(process.listenerCount('SIGINT')).toBe(before);
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    io.exit(130);
    expect(exit).toHaveBeenCalledWith(130);
    exit.mockRestore();
  });
});

describe('persona-rx/node', () => {
  it('exports the command line to run in-process', () => {
    expect([nodeEntry.runCli, nodeEntry.processIo, nodeEntry.ExitCode]).toEqual([main, processIo, ExitCode]);
  });
});
