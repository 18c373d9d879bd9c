import { PersonaSchema } from '../../lib/schemas/persona';
import { normalizePersona } from '../../lib/parsing/normalize-persona';

/** Shapes models write, from the canonical one to the odd ones the normaliser folds in. */
const SHAPES: unknown[] = [
  { id: 'p1', name: 'Dana', title: 'Analyst', demographics: { age: 34 }, goals: ['ship'], painPoints: ['exports'], behaviours: ['copies'], quotes: ['"slow"'] },
  { name: 'Eli', role: 'PM', pain_points: 'one', behaviors: ['a', 2, { b: 1 }], key_quotes: null, extra: true },
  { name: 'Fay', id: 7, demographics: [{ key: 'age', value: '40' }, { key: 'tags', value: '["a","b"]' }], additional: [{ key: 'k', value: 'v' }] },
  { name: 'Gus', id: '', title: { level: 3 }, demographics: 'urban', additional: 'loose', goals: [] },
  { name: 'Hal', additional: { nested: { deep: [1, 2] } }, frustrations: ['x'] },
];

describe('normalizePersona', () => {
  it.each(SHAPES.map((shape, index) => [index, shape]))('shape %i: returns exactly what PersonaSchema accepts, field for field and in its order', (index, shape) => {
    const persona = normalizePersona(shape, index as number);
    expect(persona).toBeDefined();
    const checked = PersonaSchema.parse(persona);
    expect(JSON.stringify(persona)).toBe(JSON.stringify(checked));
    expect(persona?.evidence).toEqual([]);
  });

  it('refuses what cannot be a persona: no name, an empty or non-text name, not an object', () => {
    for (const raw of [{ title: 'x' }, { name: '' }, { name: 5 }, { name: null }, { name: ['a'] }, 'Dana', null, ['Dana'], 3]) {
      expect(normalizePersona(raw, 0)).toBeUndefined();
    }
  });

  it('gives a positional id when the model gave none, and keeps a given one as text', () => {
    expect(normalizePersona({ name: 'A' }, 2)?.id).toBe('persona-3');
    expect(normalizePersona({ name: 'A', id: 9 }, 2)?.id).toBe('9');
  });
});
