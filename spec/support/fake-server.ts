import { startFakeLlmServer, type FakeLlmServer, type FakeLlmServerOptions } from '../../lib/testing';

/**
 * A fresh simulated server per test, closed after it: `const server = useFakeServer();` then
 * `server.current` inside tests.
 */
export function useFakeServer(options: FakeLlmServerOptions = {}): { current: FakeLlmServer } {
  const holder = {} as { current: FakeLlmServer };
  beforeEach(async () => {
    holder.current = await startFakeLlmServer(options);
  });
  afterEach(async () => {
    await holder.current.close();
  });
  return holder;
}

export const RESEARCH_NOTES = [
  'P1: "I want my weekly report in one place, I lose two hours every Monday."',
  'P2: "Exports are so slow that I gave up and copied the table by hand."',
  'P3: "I need to see the quotes behind every finding before I trust it."',
].join('\n');
