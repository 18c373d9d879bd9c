import { shareReplay, type Observable } from 'rxjs';

/**
 * Context windows a server reports for its own models (Ollama's `/api/show`), read once per model
 * and shared by every run of a generator. A read that every waiting run left is abandoned (its
 * request aborted) and tried again by the next run; one that finished is kept.
 */
export class ServerWindows {
  readonly #reads = new Map<string, Observable<number | undefined>>();

  of(model: string, read: () => Observable<number | undefined>): Observable<number | undefined> {
    let known = this.#reads.get(model);
    if (!known) {
      known = read().pipe(shareReplay({ bufferSize: 1, refCount: true }));
      this.#reads.set(model, known);
    }
    return known;
  }
}
