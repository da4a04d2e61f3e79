// Work on one key runs one at a time in this process, in the order asked; other keys run alongside.
// For projections that read an item, decide and write it back under an optimistic condition (the
// alerts' per-fund indicators): workers of one process sharing a key would only cancel each other's
// transactions and retry. Across processes (Lambda instances) the condition still decides.

export type InTurn = <T>(key: string | undefined, work: () => Promise<T>) => Promise<T>;

export const createInTurn = (): InTurn => {
  // The tail of each key's queue: the promise the next comer waits for. Removed once its work ends
  // and nobody queued behind it, so the map holds only keys with work in hand.
  const tails = new Map<string, Promise<void>>();
  return async <T>(key: string | undefined, work: () => Promise<T>): Promise<T> => {
    if (key === undefined) return work();
    const before = tails.get(key) ?? Promise.resolve();
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    tails.set(key, mine);
    await before;
    try {
      return await work();
    } finally {
      if (tails.get(key) === mine) tails.delete(key);
      release();
    }
  };
};
