import { defer, from, map, of, switchMap, type Observable } from 'rxjs';
import { ConfigurationError } from '../errors';
import type { GenerationEvent } from '../events/generation-event';
import type { GenerationResult } from '../schemas/result';
import type { JobTag, SavedJob } from '../schemas/job-record';
import type { RunStore } from '../schemas/run-store';

/** The jobs a resumable batch has already done, found by position and config hash. */
export class ResumePlan {
  constructor(
    readonly key: string,
    private readonly saved: readonly SavedJob[],
  ) {}

  /** The newest saved result of job `index` run with the config hashed `configHash`. */
  savedResult(tag: JobTag): GenerationResult | undefined {
    return this.saved.filter((job) => job.index === tag.index && job.configHash === tag.configHash).at(-1)?.result;
  }
}

/** A store that can resume work: it records job counts and reads saved jobs back. */
type ResumableStore = Required<Pick<RunStore, 'savedJobs$' | 'recordJobCount$'>>;

function resumable(store: RunStore | undefined): ResumableStore {
  if (store?.savedJobs$ && store.recordJobCount$) return store as ResumableStore;
  throw new ConfigurationError('`resumeKey` needs a generator bound to an experiment, where finished jobs are recorded', [
    { path: 'resumeKey', message: 'requires an experiment' },
  ]);
}

/**
 * Reads what an earlier run of batch `resumeKey` saved, after recording the batch's job count
 * (when known). Throws ConfigurationError at once when `store` cannot record jobs.
 */
export function resumePlan$(store: RunStore | undefined, resumeKey: string, total: number | undefined): Observable<ResumePlan> {
  const jobs = resumable(store);
  const key = `resume:${resumeKey}`;
  const recorded$ = total === undefined ? of(undefined) : jobs.recordJobCount$(key, total);
  return recorded$.pipe(
    switchMap(() => jobs.savedJobs$(key)),
    map((saved) => new ResumePlan(key, saved)),
  );
}

/** A saved job's events as a fresh run would have sent them: its personas, then its result, marked `resumed`. */
export function replay$(result: GenerationResult): Observable<GenerationEvent> {
  return defer(() =>
    from<GenerationEvent[]>([
      ...result.personas.map((persona, index): GenerationEvent => ({ type: 'persona', index, persona, attempt: result.attempts })),
      { type: 'result', result: { ...result, resumed: true } },
    ]),
  );
}
