// Runs a piece of work while sampling the process's memory: the heap every 10 ms (garbage not yet
// collected included), the heap right after a forced full GC once a second (what the work really
// holds), and the resident set. Growth is over a collected baseline taken just before.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface PeakMemory<T> {
  value: T;
  seconds: number;
  peakHeapGrowthMb: number;
  peakLiveGrowthMb: number;
  peakRssMb: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

export const withPeakMemory = async <T>(work: () => Promise<T>): Promise<PeakMemory<T>> => {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let peakLive = baseline;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 10);
  const liveSampler = setInterval(() => {
    gc();
    peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
  }, 1000);
  const started = performance.now();
  try {
    const value = await work();
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { value, seconds: Math.round(seconds * 10) / 10, peakHeapGrowthMb: mb(peak - baseline), peakLiveGrowthMb: mb(peakLive - baseline), peakRssMb: mb(peakRss) };
  } finally {
    clearInterval(sampler);
    clearInterval(liveSampler);
  }
};
