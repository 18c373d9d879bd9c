import { DOCUMENT } from '@angular/common';
import { type ApplicationConfig, inject, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { PERSONA_RUN_SETTINGS, settingsFrom } from './persona-run.settings';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    { provide: PERSONA_RUN_SETTINGS, useFactory: () => settingsFrom(inject(DOCUMENT).location) },
  ],
};
