import {
  currentPersonas,
  type GenerationEvent,
  type Persona,
  PersonaError,
  type ProgressEvent,
  progressOf,
  resultOf,
} from 'persona-rx';
import { catchError, combineLatest, connect, defaultIfEmpty, EMPTY, map, of, type OperatorFunction, startWith } from 'rxjs';

export interface RunView {
  progress: ProgressEvent | null;
  personas: Persona[];
  outcome: Outcome;
}

interface Outcome {
  status: 'running' | 'done' | 'cancelled' | 'failed';
  error?: string;
}

/**
 * What the page shows of one run, updated as its events arrive. `connect` subscribes the three
 * views of the run before it starts, so none misses an event.
 */
export function toRunView(): OperatorFunction<GenerationEvent, RunView> {
  return connect((events$) =>
    combineLatest({
      progress: events$.pipe(progressOf(), startWith(null), catchError(() => EMPTY)),
      personas: events$.pipe(currentPersonas(), startWith([]), catchError(() => EMPTY)),
      outcome: events$.pipe(
        resultOf(),
        map((): Outcome => ({ status: 'done' })),
        // The events ended without a result: takeUntil(cancel$) cut the run short.
        defaultIfEmpty<Outcome, Outcome>({ status: 'cancelled' }),
        catchError((error: unknown) => of<Outcome>({ status: 'failed', error: describe(error) })),
        startWith<Outcome>({ status: 'running' }),
      ),
    }),
  );
}

/** By its stable `code`: class names do not survive a production build's minifier. */
function describe(error: unknown): string {
  return error instanceof PersonaError ? `${error.code}: ${error.message}` : String(error);
}
