import { InjectionToken } from '@angular/core';

export interface PersonaRunSettings {
  /** Where the LLM requests go: your own backend, which adds the API key (see the README). */
  baseURL: string;
  /** Deadline of a whole run, retries included. */
  deadlineMs: number;
}

export const PERSONA_RUN_SETTINGS = new InjectionToken<PersonaRunSettings>('persona-rx run settings');

const DEFAULT_DEADLINE_MS = 120_000;

/**
 * By default the app calls its own origin's `/api/openai/v1` proxy. `?baseURL=` and
 * `?deadlineMs=` override both at run time, so tests can point the built app at a simulated server.
 */
export function settingsFrom(location: Location): PersonaRunSettings {
  const query = new URLSearchParams(location.search);
  const deadlineMs = Number(query.get('deadlineMs'));
  return {
    baseURL: query.get('baseURL') ?? new URL('/api/openai/v1', location.origin).href,
    deadlineMs: Number.isInteger(deadlineMs) && deadlineMs > 0 ? deadlineMs : DEFAULT_DEADLINE_MS,
  };
}
