import { newRunId } from '../../lib/generation/run-id';

describe('newRunId', () => {
  it('starts with a compact UTC timestamp, so ids sort by time', () => {
    const early = newRunId(new Date('2026-11-28T09:05:01.002Z'));
    const late = newRunId(new Date('2026-11-28T10:00:00.000Z'));
    expect(early).toMatch(/^20261128T090501002Z-[0-9a-f]{8}$/);
    expect([late, early].sort()).toEqual([early, late]);
  });

  it('keeps ids made in the same millisecond distinct', () => {
    const now = new Date();
    expect(new Set(Array.from({ length: 100 }, () => newRunId(now))).size).toBe(100);
  });
});
