import { lastValueFrom } from 'rxjs';
import { approximateTokenCount, CHARS_PER_TOKEN } from '../../lib';
import { hasTokenizer, safeTokenCount, tokenCounter$ } from '../../lib/cost/token-counter';

const GERMAN = 'Ich möchte eine Übersicht über alle Berichte.';
const JAPANESE = 'これは日本語のテストです';

describe('token counting', () => {
  it('counts OpenAI models with their real encoding: o200k for GPT-4o and later, cl100k for GPT-4 and GPT-3.5', async () => {
    const o200k = await lastValueFrom(tokenCounter$('openai', 'gpt-4o-mini'));
    expect(o200k.method).toBe('tokenizer');
    expect([o200k.count('hello world'), o200k.count(GERMAN), o200k.count(JAPANESE)]).toEqual([2, 9, 7]);
    for (const model of ['gpt-5.4', 'gpt-4.1-mini', 'o4-mini']) {
      expect((await lastValueFrom(tokenCounter$('openai', model))).count(JAPANESE)).toBe(7);
    }
    for (const model of ['gpt-4', 'gpt-4-turbo', 'gpt-3.5-turbo']) {
      const cl100k = await lastValueFrom(tokenCounter$('openai', model));
      expect([cl100k.count(GERMAN), cl100k.count(JAPANESE)]).toEqual([11, 10]);
    }
  });

  it('counts special-token markers in research data as plain text instead of throwing', async () => {
    const counter = await lastValueFrom(tokenCounter$('openai', 'gpt-4o'));
    expect(counter.count('hi <|endoftext|> there')).toBeGreaterThan(3);
  });

  it('uses the tokenizer for OpenAI model names behind an OpenAI-compatible endpoint, the approximation otherwise', async () => {
    expect(hasTokenizer('openai-compatible', 'gpt-4o-mini')).toBe(true);
    expect(hasTokenizer('openai-compatible', 'openai/gpt-5')).toBe(true);
    expect(hasTokenizer('openai-compatible', 'llama-3.1-70b')).toBe(false);
    expect((await lastValueFrom(tokenCounter$('openai-compatible', 'openai/o3'))).method).toBe('tokenizer');
  });

  it.each(['anthropic', 'gemini', 'ollama'])('approximates %s tokens as one per four characters', async (provider) => {
    const counter = await lastValueFrom(tokenCounter$(provider, 'any-model'));
    expect(counter.method).toBe('approximation');
    expect([counter.count(''), counter.count('abcd'), counter.count('abcde'), counter.count(GERMAN)]).toEqual([0, 1, 2, 12]);
    expect(approximateTokenCount('x'.repeat(40))).toBe(40 / CHARS_PER_TOKEN);
  });
});

describe('the approximation for fitting a window', () => {
  const SAMPLES = [
    'hello world',
    GERMAN,
    JAPANESE,
    '我们访谈了六十位用户,他们都说搜索太慢了。',
    '🙂🙃🙂 emoji 🎉🎉',
    '𠀀𠀁𠀂 rare ideographs',
    'Привет, как дела? Экспорт очень медленный.',
    'ΑΒΓΔ ελληνικά κείμενα εδώ',
    '한국어 인터뷰 기록입니다',
    'ÿþýüûúùø÷öõôóòñðïîíìëêéèçæåäãâáàß',
    'Interviewer: How do you plan your week?\nP7: "Honestly? Sunday night, in a spreadsheet."\n'.repeat(20),
    '{"participant": 7, "answers": [1, 2, 3], "notes": "slow export"}\n'.repeat(10),
    '    indented\n\t\ttabs\n'.repeat(5),
    'id,score,date\n1,4.5,2026-11-02\n2,3.25,2026-11-03\n'.repeat(10),
  ];

  it('never counts fewer tokens than the cl100k and o200k encodings, for prose in any script, emoji or JSON', async () => {
    const o200k = await lastValueFrom(tokenCounter$('openai', 'gpt-4o'));
    const cl100k = await lastValueFrom(tokenCounter$('openai', 'gpt-4'));
    for (const text of SAMPLES) {
      expect(safeTokenCount(text)).toBeGreaterThanOrEqual(o200k.count(text));
      expect(safeTokenCount(text)).toBeGreaterThanOrEqual(cl100k.count(text));
    }
  });

  it('is what a window counter uses where no tokenizer exists, and the tokenizer where one does', async () => {
    const anthropic = await lastValueFrom(tokenCounter$('anthropic', 'claude-sonnet-4-6', 'window'));
    expect(anthropic.method).toBe('approximation');
    expect(anthropic.count(JAPANESE)).toBe(safeTokenCount(JAPANESE));
    expect(safeTokenCount('abcdef')).toBe(2);
    expect(safeTokenCount('a,b')).toBe(2);
    expect(safeTokenCount('éé')).toBe(3);
    expect(safeTokenCount('')).toBe(0);
    expect((await lastValueFrom(tokenCounter$('openai', 'gpt-4o', 'window'))).method).toBe('tokenizer');
  });
});
