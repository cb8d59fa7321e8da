const SAMPLE_EVERY_MS = 25;

/** Peak resident set size while `work` runs, sampled every 25 ms, in MB. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, SAMPLE_EVERY_MS);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakRssMb: peak / 1e6 };
  } finally {
    clearInterval(timer);
  }
}
