import { TestScheduler } from 'rxjs/testing';

/** A TestScheduler whose assertions are Jest's deep equality. */
export function marbles(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}
