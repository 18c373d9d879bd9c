import { simulatedReply } from '../simulated-reply';
import type { WireProtocol } from '../wire-protocol';

/** How the simulated batch engines behave. Every field is optional. */
export interface SimulatedBatchOptions {
  /** Requests a batch finishes per status request while in progress (default: all at once). */
  requestsPerPoll?: number;
  /** Requests that fail, by 0-based position in the batch: the status and message of the provider's error. */
  lineFaults?: Record<number, { status: number; message: string }>;
  /** The model's text for these lines, by position, instead of the simulated answer. */
  lineTexts?: Record<number, string>;
}

export type SimulatedBatchStage = 'validating' | 'in_progress' | 'finalizing' | 'completed' | 'cancelling' | 'cancelled';

export interface SimulatedLine {
  customId: string;
  body: unknown;
}

/** One line's fate: answered (the whole chat response) or refused, or not run at all. */
export type LineOutcome = { customId: string; answer: unknown } | { customId: string; fault: { status: number; message: string } };

/**
 * A batch as the simulated engines keep it. Its stage advances one step per status request
 * (scripted time that a test controls by polling), finishing `requestsPerPoll` lines per step.
 */
export class SimulatedBatch {
  stage: SimulatedBatchStage;
  done = 0;
  cancelRequested = false;
  readonly createdAt = new Date();

  constructor(
    readonly id: string,
    readonly lines: readonly SimulatedLine[],
    private readonly wire: WireProtocol,
    private readonly options: SimulatedBatchOptions,
    /** OpenAI validates then finalizes; Anthropic goes straight to work and ends. */
    private readonly steps: { validating: boolean; finalizing: boolean },
  ) {
    this.stage = steps.validating ? 'validating' : 'in_progress';
  }

  get over(): boolean {
    return this.stage === 'completed' || this.stage === 'cancelled';
  }

  advance(): void {
    switch (this.stage) {
      case 'validating':
        this.stage = 'in_progress';
        return;
      case 'in_progress':
        this.done = Math.min(this.lines.length, this.done + (this.options.requestsPerPoll ?? this.lines.length));
        if (this.done === this.lines.length) this.stage = this.steps.finalizing ? 'finalizing' : 'completed';
        return;
      case 'finalizing':
        this.stage = 'completed';
        return;
      case 'cancelling':
        this.stage = 'cancelled';
        return;
      default:
        return;
    }
  }

  cancel(): void {
    if (this.over) return;
    this.cancelRequested = true;
    this.stage = 'cancelling';
  }

  /** The outcomes of the lines that ran, in line order. */
  outcomes(): LineOutcome[] {
    return this.lines.slice(0, this.done).map((line, index) => {
      const fault = this.options.lineFaults?.[index];
      return fault ? { customId: line.customId, fault } : { customId: line.customId, answer: this.answer(line.body, this.options.lineTexts?.[index]) };
    });
  }

  get failed(): number {
    return this.outcomes().filter((outcome) => 'fault' in outcome).length;
  }

  private answer(body: unknown, text: string | undefined): unknown {
    return this.wire.whole(simulatedReply(this.wire, '', body, { text }));
  }
}

/** What a batch route answers: JSON, JSONL text, or the provider's error body with `error` as its message. */
export type BatchAnswer = { status: 200; json: unknown } | { status: 200; text: string } | { status: number; error: string };

/** A batch endpoint: the chat wire of its provider (for headers and error bodies) and how it answers. */
export interface BatchRoute {
  wire: WireProtocol;
  answer(body: unknown, contentType: string | undefined): BatchAnswer | Promise<BatchAnswer>;
}

export const refusal = (status: number, error: string): BatchAnswer => ({ status, error });
