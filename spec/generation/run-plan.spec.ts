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
});
