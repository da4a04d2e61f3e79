// Module-level setup that is not needed at init (a zod schema only one rare path parses with, a
// logger only written on failure, metrics published at the end of a run) is built on first use
// instead: whatever a Lambda constructs at import is paid on every cold start, before the first
// event (docs/deploy.md, cold start).

/** `build` runs on the first call; every later call returns the same value. */
export const once = <T>(build: () => T): (() => T) => {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
};
