import type { SettledBatchEvent } from '../../events/batch-event';
import { errorMessage } from '../error-line';
import { formatSeconds, formatTokens } from '../format';
import { formatUsd } from '../../cost/format-usd';
import type { RunStatus } from './run-status';

/** Every event but `token`: tokens arrive far too often to each get a line. */
export type NotableEvent = Exclude<SettledBatchEvent['event'], { type: 'token' }>;

/**
 * One line of text for an event. Shared by the plain-line view (every line) and the live view
 * (the lines it prints above its bars), so that both say the same things the same way.
 */
export function describeEvent(status: RunStatus, event: NotableEvent): string {
  switch (event.type) {
    case 'progress':
      return `${event.stage} (${event.step}/${event.total}): ${event.message}`;
    case 'retry':
      return `retrying in ${formatSeconds(event.delayMs)} (attempt ${event.attempt}): ${event.reason}${voided(event.discarded.personas)}`;
    case 'persona':
      return `persona ${event.index + 1}/${status.count}: ${event.persona.name}${event.persona.title ? ` (${event.persona.title})` : ''}`;
    case 'result': {
      const { result } = event;
      const cost = result.costUsd === undefined ? '' : `, ${formatUsd(result.costUsd)}`;
      const saved = result.outputDir ? `; saved to ${result.outputDir}` : '';
      return `done: ${result.personas.length} persona(s), ${formatTokens(result.usage)}${cost}, ${formatSeconds(result.durationMs)}${saved}`;
    }
    case 'failed':
      return `failed: ${errorMessage(event.error)}`;
  }
}

function voided(personas: number): string {
  return personas ? `; the ${personas} persona(s) it had streamed are void` : '';
}

/** `[label] ` before a run's lines when there are several runs; a single run needs no name. */
export function runPrefix(labels: readonly string[], job: number): string {
  return labels.length > 1 ? `[${labels[job]}] ` : '';
}
