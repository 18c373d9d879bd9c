import type { PersonaEvent, TokenEvent } from '../events/generation-event';
import { handoff, type Handoff } from '../operators/hand-off';
import { StreamRedactor } from '../errors/stream-redactor';
import { PersonaStreamParser } from '../parsing/persona-stream-parser';
import type { RenderedPrompt } from '../prompts/render-prompt';
import type { TokenUsage } from '../providers/provider';
import type { ResponseChunk } from './provider-response';
import { mergeUsage } from './usage';

/** What a successful attempt hands to the parse stage. */
export interface Answer {
  /** The prompt this answer was asked with: what its usage estimate prices. */
  prompt: RenderedPrompt;
  text: string;
  usage: TokenUsage;
  attempt: number;
  /** Personas already emitted while streaming; the parse stage emits the rest. */
  streamedPersonas: number;
}

/** The first bytes of an attempt's answer have arrived: it is receiving rather than waiting. */
export interface Receiving {
  type: 'receiving';
}

export type AttemptItem = Receiving | TokenEvent | PersonaEvent | Handoff<Answer>;

const RECEIVING: Receiving = { type: 'receiving' };

/** The text and usage of one HTTP attempt, turned into its events as its chunks arrive. */
export class AttemptState {
  private text = '';
  private usage: TokenUsage = {};
  private received = false;
  private readonly personas?: PersonaStreamParser;
  /** Model text can echo a key it was sent: everything downstream (events, result, files) sees it redacted. */
  private readonly redactor = new StreamRedactor();

  constructor(
    readonly attempt: number,
    private readonly prompt: RenderedPrompt,
    stream: boolean,
    /** The run's `count`: a stream emits no persona past it. */
    maxPersonas?: number,
  ) {
    if (stream) this.personas = new PersonaStreamParser(maxPersonas);
  }

  get receiving(): boolean {
    return this.received;
  }

  /** One arrival of bytes: a token event per text chunk, then the personas it completed. */
  accept(chunks: readonly ResponseChunk[]): AttemptItem[] {
    const items: AttemptItem[] = this.received ? [] : [RECEIVING];
    this.received = true;
    let arrived = '';
    for (const chunk of chunks) {
      if (chunk.type === 'usage') this.usage = mergeUsage(this.usage, chunk.usage);
      else if (chunk.type === 'text') {
        const delta = this.redactor.push(chunk.delta);
        arrived += delta;
        if (this.personas && delta) items.push({ type: 'token', delta, attempt: this.attempt });
      }
    }
    return [...items, ...this.append(arrived)];
  }

  /** The attempt succeeded: the text held back for redaction, its events, then the answer. */
  finish(): AttemptItem[] {
    const rest = this.redactor.flush();
    const token: AttemptItem[] = this.personas && rest ? [{ type: 'token', delta: rest, attempt: this.attempt }] : [];
    return [...token, ...this.append(rest), this.answer()];
  }

  /** Adds text to the answer; in stream mode, the personas it completed. */
  private append(text: string): AttemptItem[] {
    this.text += text;
    if (!this.personas || !text) return [];
    const start = this.personas.count;
    return this.personas.push(text).map((persona, offset): AttemptItem => ({ type: 'persona', index: start + offset, persona, attempt: this.attempt }));
  }

  private answer(): Handoff<Answer> {
    return handoff({
      prompt: this.prompt,
      text: this.text,
      usage: this.usage,
      attempt: this.attempt,
      streamedPersonas: this.personas?.count ?? 0,
    });
  }
}

/**
 * An answer read whole at once (a provider batch line), redacted and totalled exactly as a live
 * attempt's: the one answer path for both.
 */
export function wholeAnswer(chunks: readonly ResponseChunk[], prompt: RenderedPrompt, attempt = 1): Answer {
  const state = new AttemptState(attempt, prompt, false);
  state.accept(chunks);
  const last = state.finish().at(-1);
  // Not streamed, so finishing yields the answer alone.
  return (last as Handoff<Answer>).value;
}
