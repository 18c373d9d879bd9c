import { RunPlan } from '../../lib/generation/run-plan';

describe('RunPlan', () => {
  it.each([
    [false, ['prepare', 'render', 'request', 'receive', 'parse']],
    [true, ['prepare', 'render', 'request', 'receive', 'parse', 'save']],
  ])('numbers the stages of a run (saves: %s) from 1 to their count', (saves, stages) => {
    const plan = new RunPlan(saves);
    expect(plan.stages).toEqual(stages);
    expect(stages.map((stage) => plan.progress(stage as never, stage))).toEqual(
      stages.map((stage, index) => ({ type: 'progress', step: index + 1, total: stages.length, stage, message: stage })),
    );
  });

  it('gives a chunked run a stage per chunk and per consolidation request, numbered in order, the total fixed', () => {
    const plan = new RunPlan(true, { chunks: 3, consolidations: 2 });
    expect(plan.stages).toEqual(['prepare', 'render', 'chunk', 'chunk', 'chunk', 'consolidate', 'consolidate', 'parse', 'save']);
    expect([plan.progress('chunk', 'c', 1), plan.progress('chunk', 'c', 3), plan.progress('consolidate', 'k', 2), plan.progress('save', 's')].map((event) => [event.step, event.total])).toEqual([
      [3, 9],
      [5, 9],
      [7, 9],
      [9, 9],
    ]);
    expect(new RunPlan(false, { chunks: 1, consolidations: 1 }).stages).toEqual(['prepare', 'render', 'chunk', 'consolidate', 'parse']);
  });
});
