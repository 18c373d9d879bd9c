/** `jobs` calls of `once`, at most `concurrency` at a time: a plain client's way of running many requests. */
export async function pool(jobs: number, concurrency: number, once: () => Promise<unknown>): Promise<void> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < jobs) {
      started += 1;
      await once();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
