// Read models follow a command a moment later: after a 2xx the page asks again, every 250 ms for
// at most 10 s, until the read shows the effect, so the refreshed page does not show the old state.
export const POLL_INTERVAL_MS = 250;
export const POLL_ATTEMPTS = 40;

/** Resolves once `shows()` is true or the bound is reached (the page then shows what it reads). */
export const untilShown = async (shows: () => Promise<boolean>): Promise<void> => {
  for (let attempt = 0; attempt < POLL_ATTEMPTS; attempt += 1) {
    if (await shows()) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
};
