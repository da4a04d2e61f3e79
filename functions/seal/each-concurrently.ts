// Runs `task` over every item with at most `concurrency` at once (the seal's reads per stream).
export const eachConcurrently = async <T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> => {
  const queue = [...items].reverse();
  const worker = async (): Promise<void> => {
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) await task(next);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
};
