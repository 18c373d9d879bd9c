import { from, lastValueFrom, takeWhile, toArray, type Observable } from 'rxjs';
import {
  AsyncPersonaGenerator,
  ConfigurationError,
  Experiment,
  PersonaGenerator,
  type BatchEvent,
  type GenerationResult,
  type PersonaConfig,
  type SettledBatchEvent,
} from '../../lib/node';
import { useTempDir } from '../data/support/temp-dir';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();
const dir = useTempDir();

const configs = (counts: number[]): PersonaConfig[] => counts.map((count) => ({ count, data: RESEARCH_NOTES }));
const generatorFor = (experiment?: Experiment): PersonaGenerator =>
  new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-resume-test-123', stream: false, maxRetries: 0, experiment });
const collect = <T>(events$: Observable<T>): Promise<T[]> => lastValueFrom(events$.pipe(toArray()));
const resultsOf = (events: SettledBatchEvent[]): Map<number, GenerationResult> =>
  new Map(events.flatMap(({ job, event }) => (event.type === 'result' ? [[job, event.result] as const] : [])));

describe('resumable batches', () => {
  it('refuses a resumeKey without an experiment before requesting anything', async () => {
    const error = await collect(generatorFor().generateAll$(configs([1, 1]), { resumeKey: 'k' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/resumeKey.*experiment/);
    expect(server.current.requests).toHaveLength(0);
    const experiment = await Experiment.acreate({ name: 'hostile', baseDir: dir.path });
    await expect(collect(generatorFor(experiment).generateAll$(configs([1]), { resumeKey: 'a\u001b[2Jb' }))).rejects.toThrow(/resumeKey: must not contain control characters/);
    expect(server.current.requests).toHaveLength(0);
  });

  it('run again after a cancellation, requests exactly the jobs not yet saved and replays the others', async () => {
    const experiment = await Experiment.acreate({ name: 'resume', baseDir: dir.path });
    const batch = configs([1, 2, 1, 2]);
    let results = 0;
    await collect(
      generatorFor(experiment)
        .generateAll$(batch, { concurrency: 1, resumeKey: 'segments' })
        .pipe(takeWhile(({ event }) => (event.type === 'result' ? ++results < 2 : true), true)),
    );
    const before = server.current.requests.length;
    const events = await collect(generatorFor(experiment).generateAll$(batch, { concurrency: 1, resumeKey: 'segments' }));

    expect(server.current.requests.length - before).toBe(2);
    const finished = resultsOf(events);
    expect([0, 1, 2, 3].map((job) => finished.get(job)?.resumed ?? false)).toEqual([true, true, false, false]);
    expect([0, 1, 2, 3].map((job) => finished.get(job)?.personas.length)).toEqual([1, 2, 1, 2]);
    // A replayed job sends its personas before its result, as a fresh run would.
    const replayed = events.filter(({ job }) => job === 1).map(({ event }) => event.type);
    expect(replayed).toEqual(['persona', 'persona', 'result']);
    expect(finished.get(1)?.outputDir).toContain(experiment.path);
    expect((await experiment.astatistics()).batches).toEqual([{ key: 'resume:segments', done: 4, total: 4 }]);
  });

  it('runs a job again when its config changed, and only that job', async () => {
    const experiment = await Experiment.acreate({ name: 'resume', baseDir: dir.path });
    await collect(generatorFor(experiment).generateAll$(configs([1, 1, 1]), { resumeKey: 'k' }));
    expect(server.current.requests).toHaveLength(3);
    const changed = configs([1, 3, 1]);
    const events = await collect(generatorFor(experiment).generateAll$(changed, { resumeKey: 'k' }));
    expect(server.current.requests).toHaveLength(4);
    const finished = resultsOf(events);
    expect([0, 1, 2].map((job) => [finished.get(job)?.resumed ?? false, finished.get(job)?.personas.length])).toEqual([
      [true, 1],
      [false, 3],
      [true, 1],
    ]);
    // Another key shares nothing with this one.
    await collect(generatorFor(experiment).generateAll$(changed, { resumeKey: 'other' }));
    expect(server.current.requests).toHaveLength(7);
    expect((await experiment.astatistics()).batches).toEqual([
      { key: 'resume:k', done: 3, total: 3 },
      { key: 'resume:other', done: 3, total: 3 },
    ]);
  });

  it('works through agenerateBatch, results in input order', async () => {
    const experiment = await Experiment.acreate({ name: 'resume', baseDir: dir.path });
    const generator = new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.current.url, stream: false, experiment });
    const first = await generator.agenerateBatch(configs([2, 1]), { resumeKey: 'async' });
    const second = await generator.agenerateBatch(configs([2, 1]), { resumeKey: 'async' });
    expect(server.current.requests).toHaveLength(2);
    expect(second.map((result) => [result.runId, result.resumed])).toEqual(first.map((result) => [result.runId, true]));
  });

  it('skips saved jobs of a batch given as an Observable too', async () => {
    const experiment = await Experiment.acreate({ name: 'resume', baseDir: dir.path });
    await collect(generatorFor(experiment).generateAll$(configs([1]), { resumeKey: 'lazy' }));
    const events: BatchEvent[] = await collect(generatorFor(experiment).generateAll$(from(configs([1, 1])), { resumeKey: 'lazy' }));
    expect(server.current.requests).toHaveLength(2);
    expect(resultsOf(events).get(0)?.resumed).toBe(true);
  });
});
