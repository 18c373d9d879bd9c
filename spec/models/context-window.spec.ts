import { ContextWindowError, PersonaError, registerSecret } from '../../lib';
import { assertFitsWindow, contextWindowFor } from '../../lib/models/context-window';
import { deprecationNotice } from '../../lib/models/deprecation-notice';

describe('contextWindowFor', () => {
  it("is the generator's override when set, else the registry's, else unknown", () => {
    expect(contextWindowFor('openai', 'gpt-4o', undefined)).toBe(128_000);
    expect(contextWindowFor('openai', 'gpt-4o', 32_000)).toBe(32_000);
    expect(contextWindowFor('openai-compatible', 'my-model', undefined)).toBeUndefined();
    expect(contextWindowFor('openai-compatible', 'my-model', 8192)).toBe(8192);
    expect(contextWindowFor('ollama', 'llama3.2', undefined)).toBeUndefined();
  });
});

describe('assertFitsWindow', () => {
  it('passes a prompt whose tokens and maxTokens fill the window exactly, and an unknown window', () => {
    expect(() => assertFitsWindow({ promptTokens: 6000, contextWindow: 8192, maxTokens: 2192 })).not.toThrow();
    expect(() => assertFitsWindow({ promptTokens: 10_000_000, contextWindow: undefined, maxTokens: 4096 })).not.toThrow();
  });

  it('refuses one token more with ContextWindowError naming both numbers and the ways out', () => {
    let thrown: unknown;
    try {
      assertFitsWindow({ promptTokens: 6001, contextWindow: 8192, maxTokens: 2192 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ContextWindowError);
    expect(thrown).toBeInstanceOf(PersonaError);
    const error = thrown as ContextWindowError;
    expect(error).toMatchObject({ code: 'CONTEXT_WINDOW', name: 'ContextWindowError', promptTokens: 6001, contextWindow: 8192, maxTokens: 2192 });
    expect(error.message).toContain('6,001 tokens');
    expect(error.message).toContain('8,192 tokens');
    expect(error.message).toContain("chunking: 'auto'");
    expect(error.message).toContain('larger window');
    expect(error.message).toContain('less research data');
  });
});

describe('ContextWindowError', () => {
  it("says what it knows: a refusal without numbers still names the ways out, and carries the provider's words without secrets", () => {
    registerSecret('sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX');
    const error = new ContextWindowError({ providerMessage: 'prompt is too long for sk-proj-ABCDEFGHIJKLMNOPQRSTUVWX' });
    expect(error.promptTokens).toBeUndefined();
    expect(error.contextWindow).toBeUndefined();
    expect(error.message).toMatch(/^The prompt does not fit the model's context window \(the provider said: prompt is too long/);
    expect(error.message).toContain('less research data');
    expect(JSON.stringify(error.toJSON())).not.toContain('ABCDEFGHIJKLMNOPQRSTUVWX');
  });
});

describe('deprecationNotice', () => {
  it('says whether the end of life has passed, and names the replacement', () => {
    expect(deprecationNotice('anthropic', 'claude-sonnet-4-5', '2026-12-06')).toBe(
      'anthropic model claude-sonnet-4-5 reached its announced end of life on 2026-11-30; use claude-sonnet-4-6',
    );
    expect(deprecationNotice('anthropic', 'claude-sonnet-4-5-20250929', '2026-11-30')).toMatch(/reached its announced end of life on 2026-11-30/);
    expect(deprecationNotice('anthropic', 'claude-sonnet-4-5', '2026-11-01')).toBe(
      'anthropic model claude-sonnet-4-5 reaches its announced end of life on 2026-11-30; use claude-sonnet-4-6',
    );
  });

  it('says a model the registry flags without a date is deprecated', () => {
    expect(deprecationNotice('gemini', 'gemini-2.5-flash-preview', '2026-12-06')).toBe('gemini model gemini-2.5-flash-preview is deprecated');
  });

  it('says nothing for a current or unknown model', () => {
    expect(deprecationNotice('anthropic', 'claude-sonnet-4-6', '2026-12-06')).toBeUndefined();
    expect(deprecationNotice('openai-compatible', 'whatever', '2026-12-06')).toBeUndefined();
  });
});
