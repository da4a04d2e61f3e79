/** The p-th percentile of ascending `sorted` (nearest rank below); 0 when empty. */
export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
