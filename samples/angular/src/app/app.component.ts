import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { PersonaConfig } from 'persona-rx';
import { Subject, switchMap, takeUntil } from 'rxjs';
import { PersonaRunService } from './persona-run.service';
import { toRunView } from './run-view';

const SAMPLE_NOTES = `Maya, operations lead: "Every Monday I lose two hours stitching spreadsheets together."
Maya wants a single dashboard she can trust without double-checking the numbers.
Daniel, freelance designer: needs to turn raw interview notes into something presentable in a day.
Daniel finds it hard to keep track of which quote came from which participant.
Priya, product manager: "I don't trust a persona unless I can see the quotes behind it."
Priya is annoyed when research lives in five different tools.`;

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app.component.html',
  styleUrl: './app.component.css',
})
export class AppComponent {
  private readonly runs = inject(PersonaRunService);
  private readonly start$ = new Subject<PersonaConfig>();
  private readonly cancel$ = new Subject<void>();

  protected readonly sampleNotes = SAMPLE_NOTES;

  /**
   * The latest run's view; a new run replaces (and so cancels) the one before, and destroying the
   * component unsubscribes, which aborts a run in flight.
   */
  protected readonly view = toSignal(
    this.start$.pipe(switchMap((config) => this.runs.generate$(config).pipe(takeUntil(this.cancel$), toRunView()))),
    { initialValue: null },
  );

  protected generate(notes: string, count: number): void {
    this.start$.next({ count, data: notes });
  }

  protected cancel(): void {
    this.cancel$.next();
  }
}
