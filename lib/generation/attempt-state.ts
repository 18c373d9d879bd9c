import type { PersonaEvent, TokenEvent } from '../events/generation-event';
import { handoff, type Handoff } from '../operators/hand-off';
import { PersonaStreamParser } from '../parsing/persona-stream-parser';
import type { TokenUsage } from '../providers/provider';
import type { ResponseChunk } from './provider-response';

/** What a successful attempt hands to the parse stage. */
export interface Answer {
  text: string;
  usage: TokenUsage;
  attempt: number;
  /** Personas already emitted while streaming; the parse stage emits the rest. */
  streamedPersonas: number;
  /** How the provider said the answer ended, when it did. */
  end?: Extract<ResponseChunk, { type: 'end' }>;
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
  private end?: Answer['end'];
  private received = false;
  private readonly personas?: PersonaStreamParser;

  constructor(
    readonly attempt: number,
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
      if (chunk.type === 'usage') this.usage = { ...this.usage, ...definedOnly(chunk.usage) };
      else if (chunk.type === 'end') this.end = chunk;
      else {
        arrived += chunk.delta;
        if (this.personas) items.push({ type: 'token', delta: chunk.delta, attempt: this.attempt });
      }
    }
    this.text += arrived;
    if (this.personas && arrived) {
      const start = this.personas.count;
      this.personas.push(arrived).forEach((persona, offset) => items.push({ type: 'persona', index: start + offset, persona, attempt: this.attempt }));
    }
    return items;
  }

  answer(): Handoff<Answer> {
    return handoff({
      text: this.text,
      usage: this.usage,
      attempt: this.attempt,
      streamedPersonas: this.personas?.count ?? 0,
      ...(this.end ? { end: this.end } : {}),
    });
  }
}

function definedOnly(usage: TokenUsage): TokenUsage {
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== undefined));
}
