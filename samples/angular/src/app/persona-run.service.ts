import { inject, Injectable } from '@angular/core';
import { type GenerationEvent, PersonaGenerator, type PersonaConfig } from 'persona-rx';
import type { Observable } from 'rxjs';
import { PERSONA_RUN_SETTINGS } from './persona-run.settings';

/** The app's one PersonaGenerator: its runs share one request limiter. */
@Injectable({ providedIn: 'root' })
export class PersonaRunService {
  private readonly settings = inject(PERSONA_RUN_SETTINGS);
  // No apiKey here: anything shipped to a browser is readable by every user, so the backend behind
  // baseURL adds it.
  private readonly generator = new PersonaGenerator({ provider: 'openai', baseURL: this.settings.baseURL, maxRetries: 1 });

  /** A cold run: it starts on subscribe, and unsubscribing aborts its HTTP request. */
  generate$(config: PersonaConfig): Observable<GenerationEvent> {
    return this.generator.generate$(config, { timeoutMs: this.settings.deadlineMs });
  }
}
