import type { GenerationEvent } from '../events/generation-event';
import { PersonaStreamParser } from '../parsing/persona-stream-parser';
import type { TokenUsage } from '../providers/provider';
import type { ResponseChunk } from './provider-response';

/** What a successful attempt hands to the parse stage. */
export interface CompletedResponse {
  type: 'completed';
  text: string;
  usage: TokenUsage;
  attempts: number;
  /** Personas already emitted while streaming; the parse stage emits the rest. */
  streamedPersonas: number;
}

/** The text, usage and emitted events of one HTTP attempt. */
export class AttemptState {
  private text = '';
  private usage: TokenUsage = {};
  private tokens = 0;
  private chunks = 0;
  private readonly personas?: PersonaStreamParser;

  constructor(
    readonly attempt: number,
    stream: boolean,
  ) {
    if (stream) this.personas = new PersonaStreamParser();
  }

  /** What this attempt emitted, void if it fails. */
  get emitted(): { tokens: number; personas: number } {
    return { tokens: this.tokens, personas: this.personas?.count ?? 0 };
  }

  /** Whether any of the response has arrived: the attempt is receiving rather than waiting. */
  get receiving(): boolean {
    return this.chunks > 0;
  }

  accept(chunk: ResponseChunk): GenerationEvent[] {
    this.chunks += 1;
    if (chunk.type === 'usage') {
      this.usage = { ...this.usage, ...definedOnly(chunk.usage) };
      return [];
    }
    this.text += chunk.delta;
    if (!this.personas) return [];
    this.tokens += 1;
    const start = this.personas.count;
    const token: GenerationEvent = { type: 'token', delta: chunk.delta, attempt: this.attempt };
    return [
      token,
      ...this.personas.push(chunk.delta).map(
        (persona, offset): GenerationEvent => ({ type: 'persona', index: start + offset, persona, attempt: this.attempt }),
      ),
    ];
  }

  completed(): CompletedResponse {
    return {
      type: 'completed',
      text: this.text,
      usage: this.usage,
      attempts: this.attempt,
      streamedPersonas: this.personas?.count ?? 0,
    };
  }
}

function definedOnly(usage: TokenUsage): TokenUsage {
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== undefined));
}
